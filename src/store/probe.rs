//! Hooks that let tests watch and pause the real binary, off unless the environment asks:
//! - `MARGINALIA_FAULT_PAUSE=after-checkpoint,after-replace:200` pauses 200 ms at each of
//!   those moments of a save, so a test can kill the process exactly there;
//! - `MARGINALIA_ACK_LOG=FILE` appends every edit the window makes to FILE as soon as it is
//!   in the journal (before it is shown), so a kill test knows which edits it must find.
//!
//! Unset, each costs one look at a cached value.
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

fn pauses() -> &'static [(String, u64)] {
    static POINTS: OnceLock<Vec<(String, u64)>> = OnceLock::new();
    POINTS.get_or_init(|| {
        let Ok(spec) = std::env::var("MARGINALIA_FAULT_PAUSE") else {
            return Vec::new();
        };
        let (names, ms) = spec.rsplit_once(':').unwrap_or((&spec, "100"));
        let ms = ms.parse().unwrap_or(100);
        names
            .split(',')
            .map(|n| (n.trim().to_owned(), ms))
            .collect()
    })
}

/// Sleeps here if the environment asks for a pause at `point`.
pub fn pause(point: &str) {
    if let Some((_, ms)) = pauses().iter().find(|(p, _)| p == point) {
        std::thread::sleep(Duration::from_millis(*ms));
    }
}

/// Appends `line` (one journal edit line) to the acknowledgement log, if there is one.
pub fn acknowledge(line: &str) {
    static LOG: OnceLock<Option<Mutex<File>>> = OnceLock::new();
    let log = LOG.get_or_init(|| {
        let path = std::env::var_os("MARGINALIA_ACK_LOG")?;
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()?;
        Some(Mutex::new(file))
    });
    if let Some(file) = log {
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        let _ = file.write_all(format!("{line}\n").as_bytes());
    }
}
