use clap::Parser;
use marginalia::cli::{self, Outcome};

fn main() -> std::process::ExitCode {
    match cli::run(cli::Cli::parse()) {
        Outcome::Exit(code) => code,
        Outcome::Window(path) => marginalia::ui::run_window(path),
    }
}
