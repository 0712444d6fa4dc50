//! `marginalia git init [DIR]`: set a git repository up so project files merge at the level
//! of the model (docs/team.md). Idempotent: a second run finds everything in place.
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// Share projects through git.
#[derive(Debug, clap::Args)]
pub struct GitArgs {
    #[command(subcommand)]
    pub command: GitCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum GitCommand {
    /// Write .gitattributes, .gitignore and the merge driver into a clone (run once per clone).
    Init(InitArgs),
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// A folder inside the repository (default: the current one).
    pub dir: Option<PathBuf>,
    /// Call the driver as plain `marginalia` found on PATH, instead of this program's
    /// absolute path (for clones used from several machines or containers).
    #[arg(long)]
    pub use_path: bool,
}

/// Lines of .gitignore: the window's journal, lock and backup, journals set aside, and the
/// binary snapshot (a cache of the project file, rebuilt from it).
const IGNORED: [&str; 8] = [
    "*.ron.journal",
    "*.ron.journal.orphaned-*",
    "*.ron.lock",
    "*.ron.bak",
    "*.ron.*.bak",
    ".*.ron.*.tmp",
    "*.ron.snapshot",
    ".marginalia-snap.*",
];
const ATTRIBUTE: &str = "*.ron merge=marginalia";

pub fn run(args: GitArgs) -> ExitCode {
    let GitCommand::Init(init) = args.command;
    match setup(&init) {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Does the setup; returns one line per thing done or found in place.
pub fn setup(args: &InitArgs) -> Result<Vec<String>, String> {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let root = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
        format!(
            "{} is not inside a git repository ({e}); clone the team's repository or run `git init` first",
            dir.display()
        )
    })?;
    let root = PathBuf::from(root.trim());
    let mut report = Vec::new();
    let attrs = root.join(".gitattributes");
    report.push(ensure_lines(
        &attrs,
        &[ATTRIBUTE],
        "project files merge with Marginalia",
    )?);
    let ignore = root.join(".gitignore");
    report.push(ensure_lines(
        &ignore,
        &IGNORED,
        "journals, locks and backups stay out of git",
    )?);
    let driver = driver_command(args.use_path)?;
    for (key, value) in [
        ("merge.marginalia.name", "Marginalia project merge"),
        ("merge.marginalia.driver", driver.as_str()),
    ] {
        let current = git(&root, &["config", "--local", "--get", key]).ok();
        if current.as_deref().map(str::trim_end) == Some(value) {
            report.push(format!("in place: git config {key} = {value}"));
        } else {
            git(&root, &["config", "--local", key, value])?;
            report.push(format!("set: git config {key} = {value} (this clone only)"));
        }
    }
    report.push(
        "commit .gitattributes and .gitignore; every teammate runs `marginalia git init` once in \
         their own clone (git does not share the driver setting)"
            .into(),
    );
    Ok(report)
}

/// The command git runs: this program by its absolute path (works whatever PATH git sees),
/// or `marginalia` from PATH when asked.
fn driver_command(use_path: bool) -> Result<String, String> {
    let program = if use_path {
        "marginalia".to_owned()
    } else {
        let exe = std::env::current_exe()
            .map_err(|e| format!("cannot tell where this program is ({e}); use --use-path"))?;
        let exe = exe.canonicalize().unwrap_or(exe);
        shell_quote(&exe.to_string_lossy())
    };
    Ok(format!("{program} merge-driver %O %A %B %P"))
}

/// Single-quoted for the shell git runs the driver with.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Appends the lines missing from a text file (creating it); says what it did.
fn ensure_lines(path: &Path, lines: &[&str], why: &str) -> Result<String, String> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let have: Vec<&str> = old.lines().map(str::trim).collect();
    let missing: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !have.contains(l))
        .collect();
    if missing.is_empty() {
        return Ok(format!("in place: {} ({why})", path.display()));
    }
    let mut text = old.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for l in &missing {
        text.push_str(l);
        text.push('\n');
    }
    crate::store::write_atomic(path, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(format!(
        "wrote {}: {} ({why})",
        path.display(),
        missing.join(", ")
    ))
}

/// Runs git in `dir`; its output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}; install git"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}
