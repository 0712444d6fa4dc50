//! The integration tests, as one binary: every test file used to be its own binary, each
//! linking egui and wgpu, which cost minutes of linking on a cold 2-core CI machine.
mod common;
mod window;

mod agreement_golden;
mod cli;
mod cli_dataset;
mod dataset_round_trip;
mod export_corpus;
mod export_golden;
mod review_cli;
mod sample;
mod ui_files;
mod ui_links;
mod ui_reader;
mod ui_review;
mod ui_scripts;
mod ui_seed_article;
