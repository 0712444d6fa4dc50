//! The integration tests, as one binary: every test file used to be its own binary, each
//! linking egui and wgpu, which cost minutes of linking on a cold 2-core CI machine.
mod common;
mod window;

mod agreement_golden;
mod bad_inputs;
mod cli;
mod cli_dataset;
mod cli_trust;
mod conflicts;
mod dataset_round_trip;
mod export_corpus;
mod export_golden;
mod export_label_names;
mod export_safety;
mod fuzz_regression;
mod real_window;
mod review_cli;
mod sample;
mod suggest_cli;
mod suggest_score;
mod team_git;
mod ui_bad_files;
mod ui_file_browser;
mod ui_files;
mod ui_first_run;
mod ui_from_disk;
mod ui_label_names;
mod ui_layout;
mod ui_links;
mod ui_reader;
mod ui_review;
mod ui_scripts;
mod ui_seed_article;
mod ui_speakers;
mod ui_suggestions;
mod ui_workflow;
