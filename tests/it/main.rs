//! All integration tests in one binary: one link instead of 26, and one set of shared helpers
//! (`common`). Each module is what used to be a file of its own under tests/; run one with
//! `cargo test --test it <module>::`, e.g. `cargo test --test it export::`.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod codes;
mod data_handling;
mod entry;
mod export;
mod facilitator;
mod fuzz;
mod hardening;
mod indicators;
mod keys;
mod layering;
mod migration;
mod mouse;
mod paper;
mod plain;
mod printing;
mod pty;
mod random_keys;
mod readme;
mod results;
mod review;
mod rounding;
mod schema;
mod snapshots;
mod store;
mod survey;
mod tui_flow;
mod xlsform;
mod xlsx;
