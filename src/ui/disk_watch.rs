//! Notices when the open project's file changes on disk (a `git pull`, a colleague's copy
//! put in place): a thread looks at its size and time every two seconds and wakes the
//! window only when they change, so an idle window stays idle. The window then asks the
//! session whether the content really differs from what it last read or wrote.
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use eframe::egui;

const EVERY: Duration = Duration::from_secs(2);

pub struct DiskWatch {
    path: PathBuf,
    changed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

fn stat(path: &Path) -> Option<(u64, Option<SystemTime>)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()))
}

impl DiskWatch {
    pub fn start(path: &Path, ctx: &egui::Context) -> Self {
        let changed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (p, c, s, ctx) = (path.to_owned(), changed.clone(), stop.clone(), ctx.clone());
        let spawned = std::thread::Builder::new()
            .name("marginalia-disk-watch".into())
            .spawn(move || {
                let mut last = stat(&p);
                while !s.load(Ordering::Relaxed) {
                    std::thread::sleep(EVERY);
                    let now = stat(&p);
                    if now != last {
                        last = now;
                        c.store(true, Ordering::Relaxed);
                        ctx.request_repaint();
                    }
                }
            });
        if let Err(e) = spawned {
            // Without the thread the window still merges when a save finds the change.
            eprintln!("warning: cannot watch {} for changes: {e}", path.display());
        }
        Self {
            path: path.to_owned(),
            changed,
            stop,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file's size or time changed since the last call.
    pub fn take_changed(&self) -> bool {
        self.changed.swap(false, Ordering::Relaxed)
    }
}

impl Drop for DiskWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
