use clap::Parser;

/// See Cargo.toml: the many small allocations of a big project are cheaper with mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use marginalia::cli::{self, Outcome};

fn main() -> std::process::ExitCode {
    match cli::run(cli::Cli::parse()) {
        Outcome::Exit(code) => code,
        #[cfg(feature = "window")]
        Outcome::Window(path) => marginalia::ui::run_window(path),
        #[cfg(not(feature = "window"))]
        Outcome::Window(_) => {
            eprintln!("error: this build of Marginalia has no window; give it a command (--help)");
            std::process::ExitCode::FAILURE
        }
    }
}
