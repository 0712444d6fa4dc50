//! Fuzz target: see `marginalia::fuzz_entry::dataset`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use marginalia::import::datasets::DatasetFormat;

fuzz_target!(|data: &[u8]| marginalia::fuzz_entry::dataset(DatasetFormat::Jsonl, data));
