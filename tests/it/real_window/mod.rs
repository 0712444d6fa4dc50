//! The real binary in a real X11 window (a virtual display, Xvfb), driven with xdotool the
//! way a person drives it: keys go to the focused window, clicks to screen positions. This
//! is what the headless window tests cannot see: focus, the input method, first-run state
//! on a fresh home folder, and a real process killed with SIGKILL.
//!
//! Needs `Xvfb` and `xdotool`. Without them the tests say so and pass, except in CI
//! (`CI` set), where they fail: CI installs both.
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

mod everyday;
mod find;
mod first_run;
mod soak;
mod suggest;

/// One real window at a time: they share two cores with everything else.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A virtual X display, ended when dropped.
pub struct Desktop {
    xvfb: Child,
    pub display: String,
    runtime: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

fn found(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl Desktop {
    /// Starts a display, or `None` (with a note) where the tools are missing outside CI.
    pub fn start() -> Option<Desktop> {
        if !(found("Xvfb") && found("xdotool")) {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run the real-window tests: install xvfb and xdotool"
            );
            eprintln!("note: Xvfb or xdotool not found; the real-window test is skipped");
            return None;
        }
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let runtime = tempfile::tempdir().unwrap();
        let number = runtime.path().join("display");
        // Xvfb picks a free display itself and writes its number to fd 3.
        let xvfb = Command::new("sh")
            .arg("-c")
            .arg("exec Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>\"$0\"")
            .arg(&number)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let mut display = String::new();
        wait_until(Duration::from_secs(10), "Xvfb to start", || {
            display = std::fs::read_to_string(&number).unwrap_or_default();
            display.ends_with('\n')
        });
        Some(Desktop {
            xvfb,
            display: format!(":{}", display.trim()),
            runtime,
            _turn: turn,
        })
    }

    /// Runs xdotool on this display; returns its standard output.
    pub fn xdotool(&self, args: &[&str]) -> String {
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .expect("xdotool runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Saves what the screen shows (for a person to look at when a test fails); best effort.
    pub fn screenshot(&self, name: &str) {
        let dir = screenshot_dir();
        let _ = std::fs::create_dir_all(&dir);
        let _ = Command::new("import")
            .args(["-window", "root"])
            .arg(dir.join(format!("{name}.png")))
            .env("DISPLAY", &self.display)
            .status();
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// The marginalia binary in a window on a desktop.
pub struct App<'d> {
    pub desktop: &'d Desktop,
    child: Child,
    pub window: String,
}

impl<'d> App<'d> {
    /// Starts the window as a new user and answers its first-run prompt with `name`;
    /// returns once the window has settled, as a person reads it before the next key.
    pub fn launch_as(desktop: &'d Desktop, project: &Path, home: &Path, name: &str) -> Self {
        let app = Self::launch(desktop, project, home, &[]);
        app.idle_cpu(Duration::from_secs(60));
        app.type_text(name);
        app.keys(&["Return"]);
        app.idle_cpu(Duration::from_secs(60));
        app
    }

    /// Starts the window on `project` with `home` as the user's home folder (a new user
    /// has nothing in it) and waits until it is mapped.
    pub fn launch(
        desktop: &'d Desktop,
        project: &Path,
        home: &Path,
        env: &[(&str, &OsStr)],
    ) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_marginalia"));
        cmd.arg(project)
            .env("DISPLAY", &desktop.display)
            .env("HOME", home)
            .env("XDG_RUNTIME_DIR", desktop.runtime.path())
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env_remove("MARGINALIA_CONFIG_DIR")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let log = desktop.runtime.path().join("app.log");
        cmd.stderr(std::fs::File::create(&log).expect("a log file"));
        let mut child = cmd.spawn().expect("the app starts");
        let pid = child.id().to_string();
        let mut window = String::new();
        let start = Instant::now();
        while window.trim().is_empty() {
            let said = || std::fs::read_to_string(&log).unwrap_or_default();
            if let Ok(Some(status)) = child.try_wait() {
                panic!(
                    "the app ended before showing a window ({status}): {}",
                    said()
                );
            }
            if start.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!(
                    "no window after 60 s on {}; the app said: {}",
                    desktop.display,
                    said()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
            window = desktop.xdotool(&["search", "--onlyvisible", "--pid", &pid]);
        }
        let window = window.lines().last().unwrap_or_default().trim().to_owned();
        let app = App {
            desktop,
            child,
            window,
        };
        app.focus();
        app
    }

    /// Waits like [`wait_until`], saving a screenshot named `shot` first if it gives up.
    pub fn wait(&self, shot: &str, what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
        let start = Instant::now();
        while !ready() {
            if start.elapsed() > timeout {
                self.desktop.screenshot(shot);
                panic!(
                    "gave up waiting for {what} after {timeout:?}; the screen is in {}",
                    screenshot_dir().join(format!("{shot}.png")).display()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Gives the window the keyboard (there is no window manager to do it).
    pub fn focus(&self) {
        self.desktop
            .xdotool(&["windowfocus", "--sync", &self.window]);
    }

    /// Presses keys in order (xdotool names: "Return", "ctrl+s", "shift+Right", "2").
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["key", "--delay", "40"];
        args.extend_from_slice(keys);
        self.desktop.xdotool(&args);
    }

    pub fn type_text(&self, text: &str) {
        self.desktop.xdotool(&["type", "--delay", "40", text]);
    }

    /// Two clicks at a point of the window, as a hand double-clicks.
    pub fn double_click(&self, x: u32, y: u32) {
        let (x, y) = (x.to_string(), y.to_string());
        self.desktop
            .xdotool(&["mousemove", "--window", &self.window, &x, &y]);
        // The pointer arrives (the window sees it hover) before the button goes down, and
        // the hand rests a moment after.
        std::thread::sleep(Duration::from_millis(200));
        self.desktop
            .xdotool(&["click", "--repeat", "2", "--delay", "80", "1"]);
        std::thread::sleep(Duration::from_millis(200));
    }

    /// CPU time the process has used so far, in clock ticks.
    pub fn cpu_ticks(&self) -> u64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name, which is in parentheses and may hold blanks.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |k: usize| {
            fields
                .get(k)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        field(11) + field(12) // utime, stime
    }

    /// The share of one core the window uses once it has settled, nobody touching it: the
    /// lowest of one-second measures taken until one is under 3 % (after first frames and
    /// the layout of a long article, which may take a while on a busy machine), at most
    /// for `patience`. A window that redraws without end never gets there.
    pub fn idle_cpu(&self, patience: Duration) -> f64 {
        let ticks_per_second = 100.0; // Linux's USER_HZ
        let start = Instant::now();
        let mut lowest = f64::MAX;
        while start.elapsed() < patience && lowest >= 0.03 {
            let before = self.cpu_ticks();
            std::thread::sleep(Duration::from_secs(1));
            lowest = lowest.min((self.cpu_ticks() - before) as f64 / ticks_per_second);
        }
        lowest
    }

    /// SIGKILL: no save, no destructor, no goodbye.
    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for App<'_> {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where screenshots of real-window tests go.
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-window")
}

/// Polls `ready` until it holds; panics after `timeout`, naming what it waited for.
pub fn wait_until(timeout: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < timeout,
            "gave up waiting for {what} after {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A fresh folder for one run: home, project copy.
pub fn workspace() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let project = crate::window::sample_copy(dir.path());
    (dir, home, project)
}
