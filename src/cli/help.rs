//! What `--help` adds to clap's listing: a one-line example for `koe` and for each command, and
//! where the database and the surveys folder are on this computer (the defaults, computed at run
//! time, so a facilitator sees real paths rather than "the platform data directory").

use std::path::Path;

use clap::{Command, CommandFactory};

use super::Cli;
use crate::paths;

/// An example for each command, by name. A command without one gets only the paths.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "run",
        "koe run council-feedback --session \"第3回協議の場\"    # a locked kiosk: asks for a PIN (or KOE_PIN); F10 and the PIN leave",
    ),
    (
        "entry",
        "koe entry council-feedback --session \"紙の回答\"    # then --verify for the second entry",
    ),
    ("validate", "koe validate surveys/mine.json"),
    ("list", "koe list"),
    (
        "import",
        "koe import council-feedback answers.jsonl --session \"第3回協議の場\"",
    ),
    (
        "export",
        "koe export council-feedback --format xlsx    # report.xlsx for Excel",
    ),
    ("merge", "koe merge laptop2.db laptop3.db"),
    (
        "backup",
        "koe backup E:\\    # a copy for the USB stick, also while collecting; then koe merge on the other laptop",
    ),
    (
        "delete",
        "koe delete council-feedback --session \"お試し\"    # shows what would go; add --yes to delete",
    ),
    (
        "convert",
        "koe convert surveys/council-feedback.json --out council.xlsx    # a workbook for Excel",
    ),
    (
        "new",
        "koe new kenshu-2026 --xlsx    # writes surveys/kenshu-2026.xlsx to edit in Excel",
    ),
];

/// The examples of the top-level `koe --help`, each after a comment line saying what it does.
const TOP_EXAMPLES: &[(&str, &str)] = &[
    ("the home screen: surveys, sessions, results, export", "koe"),
    (
        "a locked kiosk for one survey: asks for a PIN first (or KOE_PIN); F10 and the PIN leave it",
        "koe run council-feedback --session \"第3回協議の場\"",
    ),
    ("a workbook for Excel", "koe export council-feedback --format xlsx"),
];

/// The paths block: the database and surveys folder this run would use, and where each comes
/// from.
fn paths_text() -> String {
    let db_env = std::env::var_os("KOE_DB").filter(|v| !v.is_empty());
    let surveys_env = std::env::var_os("KOE_SURVEYS").filter(|v| !v.is_empty());
    let db = paths::database(db_env.as_deref().map(Path::new));
    let surveys = paths::surveys(surveys_env.as_deref().map(Path::new));
    let whence = |env: bool, name: &str, flag: &str| {
        if env {
            format!("(from {name})")
        } else {
            format!("(default on this computer; change with {flag} or {name})")
        }
    };
    format!(
        "Database: {}  {}\nSurveys:  {}  {}",
        paths::shown(&db),
        whence(db_env.is_some(), "KOE_DB", "--db"),
        paths::shown(&surveys),
        whence(surveys_env.is_some(), "KOE_SURVEYS", "--surveys"),
    )
}

/// clap's command for [`Cli`], with the examples and this computer's paths after each help.
pub fn command() -> Command {
    let paths = paths_text();
    let examples: Vec<String> = TOP_EXAMPLES
        .iter()
        .map(|(what, ex)| format!("  # {what}\n  {ex}"))
        .collect();
    let top = format!("Examples:\n{}\n\n{paths}", examples.join("\n"));
    let mut cmd = Cli::command().after_help(top);
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        let text = match EXAMPLES.iter().find(|(n, _)| *n == name) {
            Some((_, example)) => format!("Example:\n  {example}\n\n{paths}"),
            None => paths.clone(),
        };
        cmd = cmd.mut_subcommand(name, |sub| sub.after_help(text));
    }
    cmd
}
