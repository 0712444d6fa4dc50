//! Fuzz target: see `marginalia::fuzz_entry::project_file`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| marginalia::fuzz_entry::project_file(data));
