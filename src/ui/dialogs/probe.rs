//! Whether the desktop can show its own file chooser. rfd answers `None` both when the user
//! cancels and when no dialog could be shown, so the window asks first: on Linux and the
//! BSDs rfd needs xdg-desktop-portal's FileChooser on the session bus, or `zenity` as its
//! fallback. Windows and macOS always have their dialogs.
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Why the desktop's file chooser cannot be used, said to the user once.
pub type Unavailable = String;

/// How long the check may take: a portal being started by D-Bus activation answers well
/// within this; one that hangs is as good as absent.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// The check, run on a thread of its own from the start so the first dialog rarely waits.
pub struct Probe {
    state: ProbeState,
}

enum ProbeState {
    Running {
        answer: Receiver<Result<(), Unavailable>>,
        deadline: Instant,
    },
    Done(Result<(), Unavailable>),
}

impl Probe {
    /// Starts checking this process's environment.
    pub fn start() -> Self {
        Self::start_with(|name| std::env::var_os(name), PROBE_TIMEOUT)
    }

    /// Starts checking with `env` as the environment; gives up after `timeout`.
    pub fn start_with(
        env: impl Fn(&str) -> Option<OsString> + Send + 'static,
        timeout: Duration,
    ) -> Self {
        let (tx, answer) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("file-chooser-probe".into())
            .spawn(move || {
                let _ = tx.send(check(&env, timeout));
            });
        let state = match spawned {
            Ok(_) => ProbeState::Running {
                answer,
                deadline: Instant::now() + timeout,
            },
            Err(e) => ProbeState::Done(Err(format!(
                "Could not check for a desktop file chooser ({e})"
            ))),
        };
        Self { state }
    }

    /// The answer, waiting for it at most until the timeout that started with the check.
    pub fn result(&mut self) -> Result<(), Unavailable> {
        if let ProbeState::Running { answer, deadline } = &self.state {
            let wait = deadline.saturating_duration_since(Instant::now());
            let result = match answer.recv_timeout(wait) {
                Ok(result) => result,
                Err(RecvTimeoutError::Timeout) => Err(
                    "The desktop file chooser (xdg-desktop-portal) did not answer in time".into(),
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    Err("Could not check for a desktop file chooser".into())
                }
            };
            self.state = ProbeState::Done(result);
        }
        match &self.state {
            ProbeState::Done(result) => result.clone(),
            ProbeState::Running { .. } => unreachable!("set just above"),
        }
    }
}

/// Where the session bus listens, as libdbus (rfd's) and zbus find it: the variable, else
/// the per-user socket systemd makes in the runtime directory. `None` when neither is there.
pub fn session_bus_address(env: &dyn Fn(&str) -> Option<OsString>) -> Option<String> {
    if let Some(address) = env("DBUS_SESSION_BUS_ADDRESS").filter(|a| !a.is_empty()) {
        return Some(address.to_string_lossy().into_owned());
    }
    let socket = Path::new(&env("XDG_RUNTIME_DIR")?).join("bus");
    socket
        .exists()
        .then(|| format!("unix:path={}", socket.display()))
}

/// `program` in one of the folders of `PATH`.
pub fn find_in_path(env: &dyn Fn(&str) -> Option<OsString>, program: &str) -> Option<PathBuf> {
    let path = env("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Where rfd shows its dialogs through the XDG portal (the targets Cargo.toml gives zbus).
#[cfg(xdg_portal)]
mod portal {
    use super::*;

    /// The portal first, then zenity, which rfd runs when the portal fails.
    pub fn check(
        env: &dyn Fn(&str) -> Option<OsString>,
        timeout: Duration,
    ) -> Result<(), Unavailable> {
        let portal = match session_bus_address(env) {
            Some(address) => portal_file_chooser(&address, timeout),
            None => {
                Err("No D-Bus session bus, so no desktop file chooser (xdg-desktop-portal)".into())
            }
        };
        match portal {
            Ok(()) => Ok(()),
            Err(_) if find_in_path(env, "zenity").is_some() => Ok(()),
            Err(why) => Err(why),
        }
    }

    /// Asks the bus at `address` whether `org.freedesktop.portal.Desktop` serves the
    /// FileChooser interface (reading its `version` fails when it does not; D-Bus activation
    /// starts the portal if it is installed but not yet running).
    pub fn portal_file_chooser(address: &str, timeout: Duration) -> Result<(), Unavailable> {
        const NOT_RUNNING: &str = "No desktop file chooser (xdg-desktop-portal) is running";
        pollster::block_on(async {
            let connection = zbus::conn::Builder::address(address)
                .map_err(|e| format!("No D-Bus session bus at {address} ({e})"))?
                .method_timeout(timeout)
                .build()
                .await
                .map_err(|e| format!("Could not reach the D-Bus session bus ({e})"))?;
            connection
                .call_method(
                    Some("org.freedesktop.portal.Desktop"),
                    "/org/freedesktop/portal/desktop",
                    Some("org.freedesktop.DBus.Properties"),
                    "Get",
                    &("org.freedesktop.portal.FileChooser", "version"),
                )
                .await
                .map(|_| ())
                .map_err(|_| NOT_RUNNING.to_owned())
        })
    }
}

/// Windows and macOS always have their own dialogs.
#[cfg(not(xdg_portal))]
mod portal {
    use super::*;

    pub fn check(
        _env: &dyn Fn(&str) -> Option<OsString>,
        _timeout: Duration,
    ) -> Result<(), Unavailable> {
        Ok(())
    }
}

use portal::check;

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::portal::portal_file_chooser;
    use super::*;
    use std::collections::HashMap;
    use std::io::BufRead;
    use std::process::{Child, Command, Stdio};

    /// An environment of exactly `vars`.
    fn env(vars: &[(&str, &Path)]) -> impl Fn(&str) -> Option<OsString> + Send + 'static {
        let vars: HashMap<String, OsString> = (vars.iter())
            .map(|(k, v)| (k.to_string(), v.as_os_str().to_owned()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    fn probe(env: impl Fn(&str) -> Option<OsString> + Send + 'static) -> Result<(), Unavailable> {
        Probe::start_with(env, Duration::from_secs(2)).result()
    }

    #[test]
    fn no_session_bus_and_no_zenity_is_unavailable() {
        let empty = tempfile::tempdir().unwrap();
        let why = probe(env(&[("PATH", empty.path())])).unwrap_err();
        assert!(why.starts_with("No D-Bus session bus"), "{why}");
    }

    #[test]
    fn zenity_on_the_path_is_a_dialog_rfd_can_show() {
        let bin = tempfile::tempdir().unwrap();
        std::fs::write(bin.path().join("zenity"), "#!/bin/sh\n").unwrap();
        assert_eq!(probe(env(&[("PATH", bin.path())])), Ok(()));
    }

    #[test]
    fn the_bus_address_comes_from_the_variable_else_the_runtime_socket() {
        let runtime = tempfile::tempdir().unwrap();
        let address = |vars: &[(&str, &Path)]| session_bus_address(&env(vars));
        assert_eq!(address(&[("XDG_RUNTIME_DIR", runtime.path())]), None);
        std::fs::write(runtime.path().join("bus"), "").unwrap();
        assert_eq!(
            address(&[("XDG_RUNTIME_DIR", runtime.path())]),
            Some(format!("unix:path={}/bus", runtime.path().display()))
        );
        let given = Path::new("unix:path=/somewhere/else");
        assert_eq!(
            address(&[
                ("DBUS_SESSION_BUS_ADDRESS", given),
                ("XDG_RUNTIME_DIR", runtime.path())
            ]),
            Some("unix:path=/somewhere/else".into())
        );
    }

    #[test]
    fn a_bus_that_never_answers_is_given_up_on() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("bus");
        // Connections queue in the backlog and nobody ever answers them.
        let _silent = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let address = PathBuf::from(format!("unix:path={}", socket.display()));
        let vars = env(&[("DBUS_SESSION_BUS_ADDRESS", &address), ("PATH", dir.path())]);
        let why = Probe::start_with(vars, Duration::from_millis(300))
            .result()
            .unwrap_err();
        assert!(why.contains("did not answer"), "{why}");
    }

    /// A private session bus (dbus-daemon) in `dir`, ended when dropped.
    struct Bus {
        daemon: Child,
        address: String,
    }

    impl Bus {
        fn start(dir: &Path) -> Bus {
            let config = dir.join("bus.conf");
            std::fs::write(
                &config,
                format!(
                    r#"<busconfig>
  <type>session</type>
  <listen>unix:path={}/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                    dir.display()
                ),
            )
            .unwrap();
            let mut daemon = Command::new("dbus-daemon")
                .arg(format!("--config-file={}", config.display()))
                .args(["--nofork", "--print-address=1"])
                .stdout(Stdio::piped())
                .spawn()
                .expect("dbus-daemon (Debian package dbus-daemon) runs the test bus");
            let mut address = String::new();
            std::io::BufReader::new(daemon.stdout.take().unwrap())
                .read_line(&mut address)
                .unwrap();
            Bus {
                daemon,
                address: address.trim().to_owned(),
            }
        }
    }

    impl Drop for Bus {
        fn drop(&mut self) {
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
        }
    }

    /// Just enough of xdg-desktop-portal for the check: the FileChooser interface.
    struct FileChooser;

    #[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
    impl FileChooser {
        #[zbus(property, name = "version")] // lower case, as the portal spells it
        fn version(&self) -> u32 {
            4
        }
    }

    #[test]
    fn a_bus_without_the_portal_is_unavailable_and_with_it_available() {
        let dir = tempfile::tempdir().unwrap();
        let bus = Bus::start(dir.path());
        let timeout = Duration::from_secs(5);
        let why = portal_file_chooser(&bus.address, timeout).unwrap_err();
        assert_eq!(
            why,
            "No desktop file chooser (xdg-desktop-portal) is running"
        );
        let _portal = pollster::block_on(async {
            zbus::conn::Builder::address(bus.address.as_str())?
                .name("org.freedesktop.portal.Desktop")?
                .serve_at("/org/freedesktop/portal/desktop", FileChooser)?
                .build()
                .await
        })
        .unwrap();
        assert_eq!(portal_file_chooser(&bus.address, timeout), Ok(()));
    }
}
