//! Kill -9 soak: the real window tags, undoes and saves from the keyboard while commands
//! read the project beside it, and is killed at random moments, saves included. After
//! every kill the project as the next start sees it must hold every edit the window
//! acknowledged (its acknowledgement log, written as each edit reaches the journal, before
//! it is shown) — nothing less, and nothing else but at most the one edit written in the
//! instant of the kill. Between windows, `import` runs and is sometimes killed too; it
//! must change all or nothing.
//!
//! Runs `MARGINALIA_SOAK_SECS` seconds (default 150; CI's budget is about 3 minutes).
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marginalia::model::{Edit, Project};
use marginalia::store::{load_current, to_ron};

use super::{App, Desktop, workspace};

#[derive(serde::Deserialize)]
struct Acked {
    edit: Edit,
}

/// The project as the next start will see it: the file and its journal.
fn current(project: &Path) -> Project {
    let (loaded, _) = load_current(project).expect("the project opens after a kill");
    assert!(
        loaded.problems.is_empty(),
        "no problem after a kill: {:?}",
        loaded.problems
    );
    loaded.project
}

fn random_keys(rng: &mut fastrand::Rng) -> Vec<String> {
    let mut keys = Vec::new();
    for _ in 0..rng.usize(2..8) {
        match rng.u8(0..10) {
            0..=5 => {
                keys.extend((0..rng.usize(1..12)).map(|_| "Right".to_owned()));
                keys.extend((0..rng.usize(1..10)).map(|_| "shift+Right".to_owned()));
                keys.push(rng.u8(1..5).to_string());
            }
            6 => keys.push("ctrl+z".into()),
            7 => keys.push("ctrl+shift+z".into()),
            8 => keys.push("ctrl+s".into()),
            _ => keys.push("bracketright".into()),
        }
    }
    keys
}

fn run_cli(args: &[&OsStr]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs")
}

#[test]
fn kill_9_at_random_moments_loses_no_acknowledged_edit() {
    let Some(desktop) = Desktop::start() else {
        return;
    };
    let secs = std::env::var("MARGINALIA_SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok());
    let budget = Duration::from_secs(secs.unwrap_or(150));
    let (dir, home, project) = workspace();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    std::fs::write(config.join("settings.ron"), "(annotator: Some(\"soak\"))").unwrap();
    let acks = dir.path().join("acks.jsonl");
    let article = dir.path().join("article.txt");
    let mut rng = fastrand::Rng::with_seed(std::process::id() as u64);
    let start = Instant::now();
    let (mut window_kills, mut command_kills, mut acked_total) = (0, 0, 0);
    let export_out = dir.path().join("out.jsonl");
    while start.elapsed() < budget {
        let before = current(&project);
        let _ = std::fs::remove_file(&acks);
        let app = App::launch(
            &desktop,
            &project,
            &home,
            &[
                ("MARGINALIA_CONFIG_DIR", config.as_os_str()),
                ("MARGINALIA_ACK_LOG", acks.as_os_str()),
                // Saves linger at their two critical moments, so kills land there too.
                (
                    "MARGINALIA_FAULT_PAUSE",
                    "after-checkpoint,after-replace:60".as_ref(),
                ),
            ],
        );
        let rounds = rng.usize(1..4);
        for _ in 0..rounds {
            let keys = random_keys(&mut rng);
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            app.keys(&keys);
            // Commands beside the window: reading ones succeed, writing ones are refused.
            let p = project.as_os_str();
            let stats = run_cli(&["stats".as_ref(), p]);
            let export = run_cli(&[
                "export".as_ref(),
                p,
                "-f".as_ref(),
                "jsonl".as_ref(),
                "--out".as_ref(),
                export_out.as_os_str(),
                "--force".as_ref(),
            ]);
            let import = run_cli(&["import".as_ref(), p, article.as_os_str()]);
            for (mut command, ok) in [(stats, true), (export, true), (import, false)] {
                let status = command.wait().unwrap();
                assert_eq!(status.success(), ok, "beside the window: {status}");
            }
        }
        if rng.bool() {
            app.keys(&["ctrl+s"]);
        }
        std::thread::sleep(Duration::from_millis(rng.u64(0..400)));
        app.kill9();
        window_kills += 1;

        let acked: Vec<Edit> = std::fs::read_to_string(&acks)
            .unwrap_or_default()
            .lines()
            .map(|l| {
                serde_json::from_str::<Acked>(l)
                    .expect("whole ack lines")
                    .edit
            })
            .collect();
        acked_total += acked.len();
        let mut expected = before;
        for edit in &acked {
            expected
                .apply(edit)
                .expect("acknowledged edits apply in order");
        }
        let after = current(&project);
        if to_ron(&after) != to_ron(&expected) {
            // At most one edit reached the journal in the instant of the kill, unacknowledged.
            let parsed = marginalia::store::journal::parse(
                &std::fs::read(marginalia::store::journal::journal_path(&project)).unwrap(),
            );
            let last = parsed
                .edits
                .last()
                .map(|(_, e)| e.clone())
                .expect("an extra edit");
            expected.apply(&last).expect("the extra edit applies");
            assert_eq!(
                to_ron(&after),
                to_ron(&expected),
                "kill {window_kills}: edits lost"
            );
        }

        // Between windows a command imports an article, killed half the time.
        std::fs::write(
            &article,
            format!(
                "Soak {window_kills}\n\nThe minister said {}.\n",
                rng.u64(..)
            ),
        )
        .unwrap();
        let before = to_ron(&current(&project));
        let mut import = run_cli(&["import".as_ref(), project.as_os_str(), article.as_os_str()]);
        if rng.bool() {
            std::thread::sleep(Duration::from_millis(rng.u64(0..150)));
            let _ = import.kill();
            command_kills += 1;
        }
        let _ = import.wait();
        let after = current(&project);
        let docs = |p: &Project| p.documents().len();
        let was: Project = marginalia::store::project_file::parse(&before).unwrap().0;
        assert!(
            docs(&after) == docs(&was) || docs(&after) == docs(&was) + 1,
            "an import is all or nothing"
        );
    }
    eprintln!(
        "soak: {window_kills} windows and {command_kills} commands killed in {:?}; \
         {acked_total} acknowledged edits, none lost",
        start.elapsed()
    );
    assert!(window_kills > 0);
}
