//! `--help` in the user's language: every about and argument text from the catalogue
//! ([`super::messages`]), clap's headings ("Usage:", "Options:", …) in Japanese when the language
//! is, a one-line example for `koe` and for each command, and where the database and the surveys
//! folder are on this computer (computed at run time, so a facilitator sees real paths rather than
//! "the platform data directory"). Also clap's own usage errors, in Japanese as far as clap tells
//! what went wrong.

use std::path::Path;

use clap::builder::PossibleValue;
use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, Command, CommandFactory};

use super::Cli;
use super::lang::{self, Lang};
use super::messages::{Msg, text, tr};
use koe::paths;

/// The about text of each command, by name.
const ABOUTS: &[(&str, Msg)] = &[
    ("run", Msg::AboutRun),
    ("entry", Msg::AboutEntry),
    ("validate", Msg::AboutValidate),
    ("list", Msg::AboutList),
    ("import", Msg::AboutImport),
    ("export", Msg::AboutExport),
    ("backup", Msg::AboutBackup),
    ("delete", Msg::AboutDelete),
    ("merge", Msg::AboutMerge),
    ("convert", Msg::AboutConvert),
    ("new", Msg::AboutNew),
];

/// The help text of every argument: (command, argument id, text); "" is `koe` itself.
const ARGS: &[(&str, &str, Msg)] = &[
    ("", "db", Msg::ArgDb),
    ("", "surveys", Msg::ArgSurveys),
    ("run", "survey", Msg::ArgSurvey),
    ("run", "session", Msg::ArgSession),
    ("run", "no_kiosk", Msg::ArgNoKiosk),
    ("run", "kiosk", Msg::ArgKiosk),
    ("run", "lang", Msg::ArgRunLang),
    ("run", "idle_minutes", Msg::ArgIdleMinutes),
    ("run", "no_mouse", Msg::ArgNoMouse),
    ("run", "plain", Msg::ArgPlain),
    ("entry", "survey", Msg::ArgSurvey),
    ("entry", "session", Msg::ArgSession),
    ("entry", "verify", Msg::ArgVerify),
    ("validate", "paths", Msg::ArgValidatePaths),
    ("import", "survey", Msg::ArgSurvey),
    ("import", "file", Msg::ArgImportFile),
    ("import", "session", Msg::ArgImportSession),
    ("export", "survey", Msg::ArgExportSurvey),
    ("export", "sessions", Msg::ArgExportSessions),
    ("export", "by", Msg::ArgBy),
    ("export", "out", Msg::ArgExportOut),
    ("export", "encoding", Msg::ArgEncoding),
    ("export", "include_partial", Msg::ArgIncludePartial),
    ("export", "include_practice", Msg::ArgIncludePractice),
    ("export", "lang", Msg::ArgExportLang),
    ("export", "format", Msg::ArgFormat),
    ("backup", "path", Msg::ArgBackupPath),
    ("delete", "survey", Msg::ArgDeleteSurvey),
    ("delete", "session", Msg::ArgDeleteSession),
    ("delete", "yes", Msg::ArgYes),
    ("merge", "others", Msg::ArgMergeOthers),
    ("convert", "file", Msg::ArgConvertFile),
    ("convert", "to", Msg::ArgTo),
    ("convert", "out", Msg::ArgConvertOut),
    ("new", "id", Msg::ArgNewId),
    ("new", "xlsx", Msg::ArgXlsx),
];

/// An example for each command, by name: the command line (never translated: it is typed as
/// written) and what it does. A command without one gets only the paths.
const EXAMPLES: &[(&str, &str, Option<Msg>)] = &[
    (
        "run",
        "koe run council-feedback --session \"第3回協議の場\"",
        Some(Msg::ExampleRun),
    ),
    (
        "entry",
        "koe entry council-feedback --session \"紙の回答\"",
        Some(Msg::ExampleEntry),
    ),
    ("validate", "koe validate surveys/mine.json", None),
    ("list", "koe list", None),
    (
        "import",
        "koe import council-feedback answers.jsonl --session \"第3回協議の場\"",
        None,
    ),
    (
        "export",
        "koe export council-feedback --format xlsx",
        Some(Msg::ExampleExport),
    ),
    ("merge", "koe merge laptop2.db laptop3.db", None),
    ("backup", "koe backup E:\\", Some(Msg::ExampleBackup)),
    (
        "delete",
        "koe delete council-feedback --session \"お試し\"",
        Some(Msg::ExampleDelete),
    ),
    (
        "convert",
        "koe convert surveys/council-feedback.json --out council.xlsx",
        Some(Msg::ExampleConvert),
    ),
    ("new", "koe new kenshu-2026 --xlsx", Some(Msg::ExampleNew)),
];

/// The examples of the top-level `koe --help`, each after a comment line saying what it does.
const TOP_EXAMPLES: &[(Msg, &str)] = &[
    (Msg::TopExampleHome, "koe"),
    (
        Msg::TopExampleRun,
        "koe run council-feedback --session \"第3回協議の場\"",
    ),
    (Msg::TopExampleExport, "koe export council-feedback --format xlsx"),
];

/// clap's help layout with the "Usage:" heading in the user's language.
fn template() -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        text(Msg::Usage)
    )
}

/// The paths block: the database and surveys folder this run would use, and where each comes
/// from.
fn paths_text() -> String {
    let db_env = std::env::var_os("KOE_DB").filter(|v| !v.is_empty());
    let surveys_env = std::env::var_os("KOE_SURVEYS").filter(|v| !v.is_empty());
    let db = paths::database(db_env.as_deref().map(Path::new));
    let surveys = paths::surveys(surveys_env.as_deref().map(Path::new));
    let whence = |env: bool, name: &str, flag: &str| {
        if env {
            tr!(PathsFromEnv, name = name)
        } else {
            tr!(PathsDefault, flag = flag, name = name)
        }
    };
    format!(
        "{}\n{}",
        tr!(
            PathsDatabase,
            path = paths::shown(&db),
            whence = whence(db_env.is_some(), "KOE_DB", "--db")
        ),
        tr!(
            PathsSurveys,
            path = paths::shown(&surveys),
            whence = whence(surveys_env.is_some(), "KOE_SURVEYS", "--surveys")
        ),
    )
}

/// The words of one command: its arguments' help from [`ARGS`], and in Japanese clap's headings.
fn words(mut cmd: Command, name: &str, ja: bool) -> Command {
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let msg = ARGS.iter().find(|(c, a, _)| *c == name && *a == id).map(|(_, _, m)| *m);
        cmd = cmd.mut_arg(&id, |arg| {
            let arg = match msg {
                Some(m) => arg.help(text(m)),
                None => arg,
            };
            if !ja {
                arg
            } else if arg.is_positional() {
                in_words(arg).help_heading(text(Msg::Arguments))
            } else {
                in_words(arg).help_heading(text(Msg::Options))
            }
        });
    }
    if ja {
        cmd = cmd
            .help_template(template())
            .subcommand_help_heading(text(Msg::Commands));
    }
    cmd
}

/// An argument's default, environment variable and possible values written into its help in the
/// user's words, in place of clap's English "[default: …]", "[env: …]" and "Possible values:".
fn in_words(arg: Arg) -> Arg {
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let mut notes = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() {
        notes.push(tr!(ArgDefault, value = defaults.join(", ")));
    }
    if let Some(name) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(tr!(ArgEnv, name = name.to_string_lossy()));
    }
    let values: Vec<PossibleValue> = if arg.get_action().takes_values() && !arg.is_hide_possible_values_set() {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    } else {
        Vec::new()
    };
    if notes.is_empty() && values.is_empty() {
        return arg;
    }
    let mut short = help.clone();
    let mut long = help;
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
        short.push_str(&tr!(ArgPossible, values = names.join("、")));
        long.push_str(&format!("\n\n{}", text(Msg::ArgPossibleHeading)));
        for v in &values {
            match v.get_help() {
                Some(h) => long.push_str(&format!("\n- {}: {h}", v.get_name())),
                None => long.push_str(&format!("\n- {}", v.get_name())),
            }
        }
    }
    for note in &notes {
        short.insert_str(short.len(), note);
    }
    if !notes.is_empty() {
        long.push_str(&format!("\n\n{}", notes.concat()));
    }
    arg.help(short)
        .long_help(long)
        .hide_default_value(true)
        .hide_env(true)
        .hide_possible_values(true)
}

/// clap's command for [`Cli`], in the user's language, with the examples and this computer's
/// paths after each help.
pub fn command() -> Command {
    let ja = lang::current() == Lang::Ja;
    let paths = paths_text();
    let examples: Vec<String> = TOP_EXAMPLES
        .iter()
        .map(|(what, ex)| format!("  # {}\n  {ex}", text(*what)))
        .collect();
    let top = format!("{}\n{}\n\n{paths}", text(Msg::Examples), examples.join("\n"));
    let mut cmd = words(Cli::command(), "", ja).about(text(Msg::About)).after_help(top);
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        let after = match EXAMPLES.iter().find(|(n, _, _)| *n == name) {
            Some((_, example, what)) => {
                let comment = what.map(|m| format!("    # {}", text(m))).unwrap_or_default();
                format!("{}\n  {example}{comment}\n\n{paths}", text(Msg::Example))
            }
            None => paths.clone(),
        };
        let about = ABOUTS.iter().find(|(n, _)| *n == name).map(|(_, m)| text(*m));
        cmd = cmd.mut_subcommand(&name, |sub| {
            let sub = words(sub, &name, ja).after_help(after);
            match about {
                Some(about) => sub.about(about),
                None => sub,
            }
        });
    }
    if ja {
        // clap adds `-h`, `-V` and the `help` command when it builds the command: build it, then
        // give them their words.
        cmd.build();
        cmd = builtins(cmd, true);
    }
    cmd
}

/// The Japanese words of what clap adds itself: `-h`, `-V` and the `help` command.
fn builtins(mut cmd: Command, root: bool) -> Command {
    let has = |cmd: &Command, id: &str| cmd.get_arguments().any(|a| a.get_id() == id);
    if has(&cmd, "help") {
        cmd = cmd.mut_arg("help", |a| {
            a.help(text(Msg::HelpFlag))
                .long_help(text(Msg::HelpFlag))
                .help_heading(text(Msg::Options))
        });
    }
    if root && has(&cmd, "version") {
        cmd = cmd.mut_arg("version", |a| {
            a.help(text(Msg::VersionFlag)).help_heading(text(Msg::Options))
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| {
            let sub = if name == "help" {
                sub.about(text(Msg::HelpCommand))
            } else {
                sub
            };
            builtins(
                sub.help_template(template())
                    .subcommand_help_heading(text(Msg::Commands)),
                false,
            )
        });
    }
    cmd
}

/// clap's usage error in the user's language: in English clap's own message; in Japanese the
/// kinds of mistake a person makes (an unknown option or command, a missing argument, a value
/// not among the choices), each with clap's suggestion, then the usage line.
pub fn usage_error(err: &clap::Error) -> String {
    let english = err.render().to_string();
    if lang::current() == Lang::En {
        return english;
    }
    let ctx = |kind| err.get(kind).map(ToString::to_string).unwrap_or_default();
    let headline = match err.kind() {
        ErrorKind::UnknownArgument => Some(tr!(ClapUnknownArgument, arg = ctx(ContextKind::InvalidArg))),
        ErrorKind::InvalidSubcommand => Some(tr!(ClapUnknownCommand, arg = ctx(ContextKind::InvalidSubcommand))),
        ErrorKind::MissingRequiredArgument => Some(tr!(ClapMissing, args = ctx(ContextKind::InvalidArg))),
        ErrorKind::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            Some(tr!(ClapNoValue, arg = ctx(ContextKind::InvalidArg)))
        }
        ErrorKind::InvalidValue => {
            let mut line = tr!(
                ClapInvalidValue,
                arg = ctx(ContextKind::InvalidArg),
                value = ctx(ContextKind::InvalidValue)
            );
            let valid = ctx(ContextKind::ValidValue);
            if !valid.is_empty() {
                line.push_str(&tr!(ClapPossible, values = valid));
            }
            Some(line)
        }
        ErrorKind::ValueValidation => Some(refused_value(
            err,
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::InvalidValue),
        )),
        ErrorKind::TooManyValues => Some(tr!(
            ClapTakesNoValue,
            arg = ctx(ContextKind::InvalidArg),
            value = ctx(ContextKind::InvalidValue)
        )),
        ErrorKind::InvalidUtf8 => Some(tr!(ClapNotUtf8)),
        ErrorKind::ArgumentConflict => Some(tr!(
            ClapConflict,
            arg = ctx(ContextKind::InvalidArg),
            other = ctx(ContextKind::PriorArg)
        )),
        _ => None,
    };
    let Some(headline) = headline else {
        // A kind a person rarely meets: clap's English, with its framing words translated.
        return english
            .replace("error:", text(Msg::ClapError))
            .replace("Usage:", text(Msg::Usage))
            .replace("For more information, try '--help'.", text(Msg::ClapMoreInfo));
    };
    let mut out = format!("{} {headline}\n", text(Msg::ClapError));
    let similar = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(ctx)
    .find(|s| !s.is_empty());
    if let Some(similar) = similar {
        out.push_str(&tr!(ClapDidYouMean, similar = similar));
        out.push('\n');
    }
    let usage = ctx(ContextKind::Usage);
    if !usage.is_empty() {
        out.push('\n');
        out.push_str(&usage.replace("Usage:", text(Msg::Usage)));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(text(Msg::ClapMoreInfo));
    out.push('\n');
    out
}

/// A value its parser refused (`--idle-minutes abc`): a number's fault in words, anything else
/// with the parser's own detail.
fn refused_value(err: &clap::Error, arg: String, value: String) -> String {
    use std::num::IntErrorKind;
    let number = std::error::Error::source(err).and_then(|e| e.downcast_ref::<std::num::ParseIntError>());
    match number.map(std::num::ParseIntError::kind) {
        Some(IntErrorKind::PosOverflow | IntErrorKind::NegOverflow) => {
            tr!(ClapNumberTooLarge, arg = arg, value = value)
        }
        Some(_) => tr!(ClapBadNumber, arg = arg, value = value),
        None => {
            let detail = std::error::Error::source(err)
                .map(ToString::to_string)
                .unwrap_or_default();
            tr!(ClapValueRefused, arg = arg, value = value, detail = detail)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every argument a person can see has a description from the catalogue:
    /// a new argument without one fails here rather than showing a bare name in `--help`.
    #[test]
    fn every_command_and_argument_has_words_in_the_catalogue() {
        let cmd = Cli::command();
        let check = |name: &str, c: &Command| {
            for arg in c.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(
                    ARGS.iter().any(|(n, a, _)| *n == name && *a == id),
                    "koe {name} {id}: no help text in help::ARGS"
                );
            }
        };
        check("", &cmd);
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            assert!(
                ABOUTS.iter().any(|(n, _)| *n == name),
                "koe {name}: no about in help::ABOUTS"
            );
            check(name, sub);
        }
        // And nothing in the tables names an argument that is gone.
        for (name, id, _) in ARGS {
            let c = if name.is_empty() {
                &cmd
            } else {
                cmd.find_subcommand(name).expect("a command")
            };
            assert!(
                c.get_arguments().any(|a| a.get_id() == *id),
                "help::ARGS names koe {name} {id}, which is gone"
            );
        }
    }
}
