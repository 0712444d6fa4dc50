//! Writing command output to stdout without panicking when the reader goes away
//! (`marginalia stats p.ron | head`): `println!` panics on a closed pipe.
use std::io::{self, Write};

/// Writes `text` to stdout. A closed pipe is not an error (the reader has what it wanted);
/// any other failure is reported and returns `false`.
pub fn print_stdout(text: &str) -> bool {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("error: could not write the output: {e}");
            false
        }
    }
}

/// A command's outcome as its exit code: success, or the message on standard error.
pub fn exit_code(result: Result<(), String>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
