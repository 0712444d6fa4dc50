//! Marginalia: annotate news articles, review colleagues' tags, export labeled datasets.
//!
//! The library holds everything; the `marginalia` binary only parses its command line.
pub mod cli;
pub mod export;
#[doc(hidden)]
pub mod fixtures;
#[doc(hidden)]
pub mod fuzz_entry;
pub mod import;
pub mod input_file;
pub mod merge3;
pub mod model;
pub mod review;
pub mod search;
pub mod session;
pub mod sources;
pub mod stats;
pub mod store;
pub mod suggest;
pub mod text;
#[cfg(feature = "window")]
pub mod ui;
