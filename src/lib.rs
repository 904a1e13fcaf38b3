//! koe (声, "voice"): a keyboard-driven terminal survey kiosk and tally tool.
//!
//! The modules follow the one direction data flows in (see docs/architecture.md, "Design"):
//!
//! - [`survey`]: what a questionnaire is: model, loading and validation of survey files, answer
//!   checks, which questions are shown (`show_if`).
//! - [`store`]: the SQLite database: every confirmed answer committed; import and merge.
//! - [`tally`]: stored responses → counts, statistics, free text and keywords; CSV and XLSX files.
//! - [`terms`]: the keyword terms of a free-text answer, computed once when it is stored.
//! - [`answering`]: one respondent's answers into the store (the kiosk and line mode alike).
//! - [`plain`]: line mode for screen readers (`koe run --plain`).
//! - [`tui`]: the kiosk and the facilitator's screens (Elm shape: state, `update`, `view`).
//! - [`localtime`]: stored UTC times shown and exported as local time.
//! - [`paths`]: where the database and the surveys folder are.
//! - [`pin`]: the facilitator's PIN: valid ones, and the salted hash kept with a session.
//! - [`visible`]: file and answer text made safe to print on a terminal.
//! - [`text_width`]: how wide a text is in cells, for the columns of the files koe writes.
//!
//! The command line (clap, the messages in the user's language, exit codes) is the binary's
//! (src/main.rs, src/cli/): no library module depends on the command-line framework.
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod answering;
pub mod localtime;
pub mod paths;
pub mod pin;
pub mod plain;
pub mod store;
pub mod survey;
pub mod tally;
pub mod terms;
pub mod text_width;
pub mod tui;
pub mod visible;
pub mod words;
