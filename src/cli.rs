//! The command line: clap definitions, one function per command, and the exit-code rules
//! (0 success, 2 bad usage or invalid input, 1 any other failure).

use std::path::{Path, PathBuf};

use clap::{FromArgMatches, Parser, Subcommand};

pub mod help;

use std::time::Duration;

use crate::paths;
use crate::store::import::ImportError;
use crate::store::{self, SessionCounts, Store, StoreError};
use crate::survey::Survey;
use crate::survey::catalog::{self, ResolveError};
use crate::survey::xlsform::{self, SurveyFormat};
use crate::tally::{self, ExportError, ExportOptions};
pub use crate::tally::{Encoding, Format};
use crate::tui::{
    self,
    app::{self, App, Options},
};
use crate::visible::visible;

/// koe (声): a terminal survey kiosk and tally tool for meetings.
#[derive(Debug, Parser)]
#[command(name = "koe", version, about, long_about = None)]
pub struct Cli {
    /// The database file [default: koe.db in the platform data directory]
    #[arg(long, global = true, env = "KOE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The surveys folder [default: ./surveys when it exists, else surveys/ in the data directory]
    #[arg(long, global = true, env = "KOE_SURVEYS", value_name = "DIR")]
    pub surveys: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Collect answers for one survey, locked as a kiosk (SURVEY = its id, or a path to its file)
    Run {
        survey: String,
        /// The session's label [default: today's date]
        #[arg(long)]
        session: Option<String>,
        /// Unlocked, for trying a survey out: Esc, q and Ctrl-C leave (the header says 練習モード)
        #[arg(long)]
        no_kiosk: bool,
        /// Locked (the default; kept so that older scripts still work)
        #[arg(long, hide = true, conflicts_with = "no_kiosk")]
        kiosk: bool,
        /// The language to start in (e.g. ja, en)
        #[arg(long, value_name = "CODE")]
        lang: Option<String>,
        /// Minutes without a key before a questionnaire is kept as partial
        #[arg(long, value_name = "MINUTES", default_value_t = 10)]
        idle_minutes: u64,
        /// Leave the mouse to the terminal: no clicks or taps on answers and buttons
        #[arg(long)]
        no_mouse: bool,
        /// Line mode for screen readers: plain lines, numbered options, no screen drawing (also
        /// chosen by KOE_PLAIN=1, ACCESSIBLE=1 or TERM=dumb)
        #[arg(long)]
        plain: bool,
    },
    /// Type in paper questionnaires, one sheet after another (SURVEY = its id, or a path to its file)
    Entry {
        survey: String,
        /// The session's label [default: today's date]
        #[arg(long)]
        session: Option<String>,
        /// Type the sheets a second time and resolve every difference against the paper
        #[arg(long)]
        verify: bool,
    },
    /// Check survey files [default: the surveys folder]; exit 0 when all are valid
    Validate { paths: Vec<PathBuf> },
    /// Surveys, sessions and response counts (submitted / partial)
    List,
    /// Add responses from a JSON Lines file; all or nothing
    Import {
        survey: String,
        file: PathBuf,
        /// The session label for lines that name none [default: the file's name]
        #[arg(long)]
        session: Option<String>,
    },
    /// Write tallies, statistics and free text as CSV (or an Excel workbook)
    Export(ExportArgs),
    /// Write a consistent copy of the database in use to PATH (a file, or a folder for a new file), also while koe is collecting; the copy is what `koe merge` takes on another laptop
    Backup {
        #[arg(value_name = "PATH")]
        path: PathBuf,
    },
    /// Delete one session's responses (e.g. a try-out from before 練習モード was kept apart); without --yes, only shows what would go
    Delete {
        /// The survey's id or file
        survey: String,
        /// The label of the session to delete
        #[arg(long, value_name = "LABEL")]
        session: String,
        /// Really delete (make a `koe backup` first)
        #[arg(long)]
        yes: bool,
    },
    /// Bring in the responses of other laptops' databases
    Merge {
        #[arg(required = true, value_name = "OTHER.db")]
        others: Vec<PathBuf>,
    },
    /// Turn an XLSForm workbook into koe's JSON (printed, or --out), or a JSON survey into a workbook
    Convert {
        /// The survey file: .xlsx or .json
        file: PathBuf,
        /// The format to write [default: the other one, or what --out's extension says]
        #[arg(long, value_enum)]
        to: Option<SurveyFormat>,
        /// The file to write [default: JSON to the screen; a workbook named after FILE in the current folder]
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Write a starter survey (every question type, Japanese and English) into the surveys folder
    New {
        /// The new survey's id (letters, digits, _ and -); also its file name
        id: String,
        /// Write an Excel workbook (XLSForm) instead of JSON
        #[arg(long)]
        xlsx: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The survey's id or file [default: the only survey with responses]
    pub survey: Option<String>,
    /// Only these sessions (repeat for several)
    #[arg(long = "session", value_name = "LABEL")]
    pub sessions: Vec<String>,
    /// Cross-tabulate every question by this question's answer, or by session
    #[arg(long, value_name = "QUESTION|session")]
    pub by: Option<String>,
    /// The folder to write into [default: exports/<survey-id>-<YYYYMMDD-HHMMSS>/]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "utf8-bom")]
    pub encoding: Encoding,
    /// Count unfinished (partial) responses too
    #[arg(long)]
    pub include_partial: bool,
    /// Count 練習モード (practice) responses too, with status `practice`
    #[arg(long)]
    pub include_practice: bool,
    /// The language of question and option labels [default: the survey's first language]
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
}

/// A failed command: the line for stderr and the exit code.
#[derive(Debug)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    /// Bad usage or invalid input: exit 2.
    pub fn invalid(message: impl Into<String>) -> Self {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// Any other failure: exit 1.
    pub fn failed(message: impl Into<String>) -> Self {
        CliError {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<ResolveError> for CliError {
    fn from(e: ResolveError) -> Self {
        CliError::invalid(e.to_string())
    }
}

pub type CliResult = Result<(), CliError>;

impl CliError {
    /// Standard output was closed (`koe list | head -1`): stop quietly, as a success.
    pub fn quiet() -> Self {
        CliError {
            code: 0,
            message: String::new(),
        }
    }
}

/// Prints one line on standard output, with file and answer text made visible (never raw escape
/// sequences); a closed pipe ends the command quietly instead of failing.
fn say(line: std::fmt::Arguments) -> CliResult {
    use std::io::Write;
    let line = line.to_string();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", visible(&line)).map_err(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => CliError::quiet(),
        _ => CliError::failed(format!("standard output: {e}")),
    })
}

/// Prints one line on standard error, with file and answer text made visible; a closed standard
/// error is not worth failing a command for.
pub fn warn(line: std::fmt::Arguments) {
    use std::io::Write;
    let line = line.to_string();
    let _ = writeln!(std::io::stderr().lock(), "{}", visible(&line));
}

/// The command line of this process, with the examples and this computer's paths in `--help`;
/// bad usage exits 2 with clap's message.
pub fn parse() -> Cli {
    let matches = help::command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> CliResult {
    let surveys_dir = paths::surveys(cli.surveys.as_deref());
    let db = paths::database(cli.db.as_deref());
    match cli.command {
        None => home(&surveys_dir, &db),
        Some(Command::Validate { paths }) => validate(&surveys_dir, &paths),
        Some(Command::List) => list(&surveys_dir, &db),
        Some(Command::Run {
            survey,
            session,
            no_kiosk,
            kiosk: _,
            lang,
            idle_minutes,
            no_mouse,
            plain,
        }) => {
            let plain = plain || crate::plain::wanted_by_env(|k| std::env::var(k).ok());
            let options = Options {
                kiosk: !no_kiosk,
                idle_timeout: Duration::from_secs(idle_minutes.max(1) * 60),
                lang,
                mouse: !no_mouse,
                pin: pin_from_env()?,
                ..Options::default()
            };
            run_survey(&surveys_dir, &db, &survey, session, options, plain)
        }
        Some(Command::Entry {
            survey,
            session,
            verify,
        }) => entry(&surveys_dir, &db, &survey, session, verify),
        Some(Command::Import { survey, file, session }) => import(&surveys_dir, &db, &survey, &file, session),
        Some(Command::Export(args)) => export(&surveys_dir, &db, args),
        Some(Command::Merge { others }) => merge(&db, &others),
        Some(Command::Backup { path }) => backup(&db, &path),
        Some(Command::Delete { survey, session, yes }) => delete(&surveys_dir, &db, &survey, &session, yes),
        Some(Command::Convert { file, to, out }) => convert(&file, to, out.as_deref()),
        Some(Command::New { id, xlsx }) => new_survey(&surveys_dir, &id, xlsx),
    }
}

fn validate(surveys_dir: &Path, paths: &[PathBuf]) -> CliResult {
    let paths = if paths.is_empty() {
        vec![surveys_dir.to_path_buf()]
    } else {
        paths.to_vec()
    };
    let catalog = catalog::load_all(&paths);
    for entry in &catalog.surveys {
        let indicators = match entry.survey.indicators.len() {
            0 => String::new(),
            n => format!(", {n} indicators"),
        };
        let codes = match entry.survey.codes.len() {
            0 => String::new(),
            n => format!(", {n} codes"),
        };
        say(format_args!(
            "ok  {}  ({}, {} questions{indicators}{codes})",
            entry.path.display(),
            entry.survey.id,
            entry.survey.questions.len()
        ))?;
    }
    for err in &catalog.broken {
        for line in err.lines() {
            warn(format_args!("{line}"));
        }
    }
    let total = catalog.surveys.len() + catalog.broken.len();
    if total == 0 {
        return Err(CliError::invalid(format!(
            "no survey files (*.json, *.xlsx) found in {}",
            join_paths(&paths)
        )));
    }
    if catalog.broken.is_empty() {
        say(format_args!("{total} survey file(s) valid"))?;
        Ok(())
    } else {
        Err(CliError::invalid(format!(
            "{} of {total} survey file(s) have faults",
            catalog.broken.len()
        )))
    }
}

fn home(surveys_dir: &Path, db: &Path) -> CliResult {
    let catalog = catalog::load_all(&[surveys_dir.to_path_buf()]);
    let broken: Vec<String> = catalog
        .broken
        .iter()
        .filter_map(|e| e.lines().into_iter().next())
        .collect();
    for line in &broken {
        warn(format_args!("skipped: {line}"));
    }
    let store = open_store(db)?;
    let options = Options {
        pin: pin_from_env()?,
        ..Options::default()
    };
    let mut app = App::home(store, catalog.surveys, options);
    if let Some(first) = broken.first() {
        // The terminal is about to be taken over: say it on the home screen too.
        app.notice = Some(format!(
            "読み込めないアンケートファイルが {} 件あります（理由は koe validate で確認できます）: {first}",
            broken.len()
        ));
    }
    tui::run_loop(app).map_err(|e| CliError::failed(format!("terminal: {e}")))
}

fn run_survey(
    surveys_dir: &Path,
    db: &Path,
    survey: &str,
    session: Option<String>,
    options: Options,
    plain: bool,
) -> CliResult {
    let entry = catalog::resolve(surveys_dir, survey)?;
    if let Some(lang) = &options.lang
        && !entry.survey.languages.contains(lang)
    {
        return Err(CliError::invalid(format!(
            "--lang {lang}: {} is written in {}",
            entry.survey.id,
            entry.survey.languages.join(", ")
        )));
    }
    let store = open_store(db)?;
    let label = session.unwrap_or_else(app::today);
    if plain {
        let options = crate::plain::Options {
            locked: options.kiosk,
            idle_timeout: options.idle_timeout,
            lang: options.lang,
            pin: options.pin,
        };
        return crate::plain::run_stdio(store, entry.survey, &label, options).map_err(CliError::from);
    }
    let app = App::run(store, entry, &label, options)?;
    tui::run_loop(app).map_err(|e| CliError::failed(format!("terminal: {e}")))
}

/// `koe entry`: the paper-entry form for one survey, on the same survey files and database as `run`.
fn entry(surveys_dir: &Path, db: &Path, survey: &str, session: Option<String>, verify: bool) -> CliResult {
    let entry = catalog::resolve(surveys_dir, survey)?;
    let store = open_store(db)?;
    let label = session.unwrap_or_else(app::today);
    let app = tui::entry::EntryApp::new(store, entry.survey, &label, verify)?;
    tui::entry::run_loop(app).map_err(|e| CliError::failed(format!("terminal: {e}")))
}

impl From<ExportError> for CliError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::Invalid(_) => CliError::invalid(e.to_string()),
            _ => CliError::failed(e.to_string()),
        }
    }
}

/// The survey to export: the one named (its file, or its last stored version when the file is
/// gone), or the only survey with responses.
fn survey_to_export(surveys_dir: &Path, store: &Store, arg: Option<&str>) -> Result<Survey, CliError> {
    let id = match arg {
        Some(arg) => match catalog::resolve(surveys_dir, arg) {
            Ok(entry) => return Ok(entry.survey),
            Err(ResolveError::Unknown { .. }) => arg.to_string(),
            Err(e) => return Err(e.into()),
        },
        None => {
            let ids = store.surveys_with_responses()?;
            let id = match ids.as_slice() {
                [one] => one.clone(),
                [] => return Err(CliError::invalid("there are no responses to export yet")),
                many => {
                    return Err(CliError::invalid(format!(
                        "several surveys have responses; name one: {}",
                        many.join(", ")
                    )));
                }
            };
            if let Ok(entry) = catalog::resolve(surveys_dir, &id) {
                return Ok(entry.survey);
            }
            id
        }
    };
    store.latest_survey(&id)?.ok_or_else(|| {
        CliError::invalid(format!(
            "no survey {id:?} in {} or in the database",
            surveys_dir.display()
        ))
    })
}

fn export(surveys_dir: &Path, db: &Path, args: ExportArgs) -> CliResult {
    if !db.exists() {
        return Err(CliError::invalid(format!(
            "{}: no database yet; nothing to export",
            db.display()
        )));
    }
    let store = open_to_read(db)?;
    let survey = survey_to_export(surveys_dir, &store, args.survey.as_deref())?;
    let options = ExportOptions {
        sessions: args.sessions,
        by: args.by,
        out: args.out,
        encoding: args.encoding,
        include_partial: args.include_partial,
        include_practice: args.include_practice,
        lang: args.lang,
        format: args.format,
        ..ExportOptions::default()
    };
    let report = tally::export(&store, &survey, &options)?;
    for f in &report.files {
        say(format_args!("{}", f.display()))?;
    }
    say(format_args!(
        "{} response(s) of {} exported to {}",
        report.responses,
        survey.id,
        report.dir.display()
    ))?;
    if report.unverified > 0 {
        say(format_args!(
            "{} paper sheet(s) not yet verified by a second entry (koe entry {} --verify)",
            report.unverified, survey.id
        ))?;
    }
    if args.encoding == Encoding::Cp932 {
        say(format_args!(
            "CP932: {} cell(s) had characters replaced (look-alikes such as 〜→～, or 〓 for what CP932 lacks)",
            report.touched
        ))?;
    }
    if report.cut > 0 {
        say(format_args!(
            "XLSX: {} cell(s) longer than Excel's 32,767 characters were cut, marked with …; the CSV export keeps the whole text",
            report.cut
        ))?;
    }
    Ok(())
}

fn join_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotKoe { .. }
            | StoreError::TooNew { .. }
            | StoreError::InvalidAnswer { .. }
            | StoreError::Refused { .. } => CliError::invalid(e.to_string()),
            _ => CliError::failed(e.to_string()),
        }
    }
}

/// Opens the database, or says plainly which file could not be opened.
fn open_store(db: &Path) -> Result<Store, CliError> {
    Store::open(db).map_err(CliError::from)
}

/// Opens an existing database for a command that only reads it (list, export).
fn open_to_read(db: &Path) -> Result<Store, CliError> {
    Store::open_for_reading(db).map_err(CliError::from)
}

fn list(surveys_dir: &Path, db: &Path) -> CliResult {
    let catalog = catalog::load_all(&[surveys_dir.to_path_buf()]);
    // Listing must not create a database as a side effect.
    let counts = if db.exists() {
        open_to_read(db)?.session_counts()?
    } else {
        Vec::new()
    };
    if db.exists() {
        say(format_args!("database: {}", paths::shown(db)))?;
    } else {
        say(format_args!(
            "database: {} (not created yet: no responses)",
            paths::shown(db)
        ))?;
    }
    let mut listed: Vec<&str> = Vec::new();
    for entry in &catalog.surveys {
        let s = &entry.survey;
        say(format_args!(
            "{}  {}  ({} questions){}",
            s.id,
            s.tr(&s.title, s.default_lang()),
            s.questions.len(),
            total(&counts, &s.id)
        ))?;
        print_sessions(&counts, &s.id)?;
        listed.push(&s.id);
    }
    let mut orphans: Vec<&str> = counts
        .iter()
        .map(|c| c.survey_id.as_str())
        .filter(|id| !listed.contains(id))
        .collect();
    orphans.dedup();
    for id in orphans {
        say(format_args!(
            "{id}  (no survey file in {}; answers are kept in the database){}",
            surveys_dir.display(),
            total(&counts, id)
        ))?;
        print_sessions(&counts, id)?;
    }
    for err in &catalog.broken {
        warn(format_args!(
            "skipped: {}",
            err.lines().first().cloned().unwrap_or_default()
        ));
    }
    if catalog.surveys.is_empty() && counts.is_empty() {
        say(format_args!("no surveys in {}", surveys_dir.display()))?;
    }
    Ok(())
}

/// A survey's total over its real sessions, for the end of its line, then its practice
/// responses (練習), never added in; nothing when it has none.
fn total(counts: &[SessionCounts], survey_id: &str) -> String {
    let of_survey = || counts.iter().filter(|c| c.survey_id == survey_id);
    let (submitted, partial) = of_survey()
        .filter(|c| !c.practice)
        .fold((0, 0), |(s, p), c| (s + c.submitted, p + c.partial));
    let practice: u64 = of_survey()
        .filter(|c| c.practice)
        .map(|c| c.submitted + c.partial)
        .sum();
    let mut out = String::new();
    if submitted + partial > 0 {
        out.push_str(&format!("  total: submitted {submitted}  partial {partial}"));
    }
    if practice > 0 {
        out.push_str(&format!("  (練習 {practice}: practice, not counted)"));
    }
    out
}

fn print_sessions(counts: &[SessionCounts], survey_id: &str) -> CliResult {
    let sessions: Vec<&SessionCounts> = counts.iter().filter(|c| c.survey_id == survey_id).collect();
    if sessions.is_empty() {
        say(format_args!("    no responses yet"))?;
    }
    for c in sessions {
        if c.practice {
            say(format_args!(
                "    {}  [{}]  練習 {} (practice: submitted {}  partial {}; not counted)",
                c.label,
                c.device,
                c.submitted + c.partial,
                c.submitted,
                c.partial
            ))?;
            continue;
        }
        say(format_args!(
            "    {}  [{}]  submitted {}  partial {}",
            c.label, c.device, c.submitted, c.partial
        ))?;
        let p = c.paper;
        if p.entered > 0 {
            say(format_args!(
                "        paper sheets: entered {}, verified {}, differences resolved {}",
                p.entered, p.verified, p.resolved
            ))?;
        }
    }
    Ok(())
}

fn import(surveys_dir: &Path, db: &Path, survey: &str, file: &Path, session: Option<String>) -> CliResult {
    let entry = catalog::resolve(surveys_dir, survey)?;
    let open = || std::fs::File::open(file).map(std::io::BufReader::new);
    let label = session.unwrap_or_else(|| {
        file.file_stem()
            .map_or_else(|| "import".to_string(), |s| s.to_string_lossy().into_owned())
    });
    let report_bad = |e: store::import::LineError| {
        warn(format_args!("{}:{}: {}", file.display(), e.line, e.message));
    };
    let refused = |e: ImportError| match e {
        ImportError::BadLines { bad } => {
            CliError::invalid(format!("{}: {bad} bad line(s); nothing was imported", file.display()))
        }
        ImportError::Read { line, message } => {
            CliError::invalid(format!("{}:{line}: {message}; nothing was imported", file.display()))
        }
        ImportError::Open(e) => CliError::invalid(format!("{}: cannot read: {e}", file.display())),
        ImportError::Store(e) => e.into(),
    };
    // One pass, all or nothing: a new database appears only when every line was good.
    let report = store::import::import_file(
        db,
        &entry.survey,
        open,
        &label,
        |db| {
            warn(format_args!(
                "{}: waiting for another koe (an import or a merge) to finish writing; press Ctrl+C to stop waiting",
                db.display()
            ))
        },
        report_bad,
    )
    .map_err(refused)?;
    let repeated = if report.repeated > 0 {
        format!("; {} repeated line(s) kept once", report.repeated)
    } else {
        String::new()
    };
    let sessions = if report.sessions.is_empty() {
        String::new()
    } else {
        format!(" (session {})", report.sessions.join(", "))
    };
    say(format_args!(
        "imported {} response(s) into {}{sessions}; {} already stored, skipped{repeated}",
        report.imported, entry.survey.id, report.skipped
    ))
}

fn merge(db: &Path, others: &[PathBuf]) -> CliResult {
    let waiting = |db: &Path| {
        warn(format_args!(
            "{}: waiting for another koe (an import or a merge) to finish writing; press Ctrl+C to stop waiting",
            db.display()
        ))
    };
    // Every file is checked first and all are merged in one transaction: all or nothing (and a
    // new database appears only when the merge succeeded).
    let reports = store::merge::merge_into(db, others, waiting).map_err(|e| {
        let mut err = CliError::from(e);
        err.message.push_str("; nothing was merged");
        err
    })?;
    let mut conflicts = 0;
    for r in &reports {
        say(format_args!(
            "{}: {} response(s) added ({} answers), {} session(s), {} survey version(s); {} already here",
            r.file.display(),
            r.responses_added,
            r.answers_added,
            r.sessions_added,
            r.survey_versions_added,
            r.already_here
        ))?;
        for c in &r.conflicts {
            say(format_args!(
                "  conflict: response {} of survey {} differs here; kept this database's answers",
                c.response_id, c.survey_id
            ))?;
        }
        conflicts += r.conflicts.len();
    }
    if conflicts > 0 {
        return Err(CliError::failed(format!(
            "{conflicts} conflicting response(s) left unchanged; everything else was merged"
        )));
    }
    Ok(())
}

/// The PIN for locked sessions from `KOE_PIN` (scripted starts), checked before anything starts.
fn pin_from_env() -> Result<Option<String>, CliError> {
    let Some(pin) = std::env::var_os("KOE_PIN") else {
        return Ok(None);
    };
    let pin = pin.to_string_lossy().trim().to_string();
    crate::pin::check(&pin).map_err(|fault| CliError::invalid(format!("KOE_PIN: {}", fault.message("en"))))?;
    Ok(Some(pin))
}

/// `koe backup`: a consistent copy of the database in use, while koe may be collecting.
fn backup(db: &Path, target: &Path) -> CliResult {
    if !db.exists() {
        return Err(CliError::invalid(format!(
            "{}: no database yet; nothing to back up",
            db.display()
        )));
    }
    let store = open_to_read(db)?;
    let written = store::backup::backup(&store, target)?;
    say(format_args!("{}", written.display()))?;
    say(format_args!(
        "backed up {} to {}; on another laptop: koe merge {}",
        paths::shown(db),
        written.display(),
        written.display()
    ))
}

/// `koe delete`: one session's responses, for a session that should never have been counted.
fn delete(surveys_dir: &Path, db: &Path, survey: &str, label: &str, yes: bool) -> CliResult {
    if !db.exists() {
        return Err(CliError::invalid(format!(
            "{}: no database yet; nothing to delete",
            db.display()
        )));
    }
    let survey_id = match catalog::resolve(surveys_dir, survey) {
        Ok(entry) => entry.survey.id,
        Err(ResolveError::Unknown { .. }) => survey.to_string(),
        Err(e) => return Err(e.into()),
    };
    let mut store = open_store(db)?;
    let found = store.session_counts()?;
    let matching: Vec<&SessionCounts> = found
        .iter()
        .filter(|c| c.survey_id == survey_id && c.label == label)
        .collect();
    if matching.is_empty() {
        let labels: Vec<&str> = found
            .iter()
            .filter(|c| c.survey_id == survey_id)
            .map(|c| c.label.as_str())
            .collect();
        return Err(CliError::invalid(format!(
            "{survey_id}: no session {label:?}; its sessions: {}",
            if labels.is_empty() {
                "none".to_string()
            } else {
                labels.join(", ")
            }
        )));
    }
    let responses: u64 = matching.iter().map(|c| c.submitted + c.partial).sum();
    if !yes {
        for c in &matching {
            say(format_args!(
                "would delete: {survey_id}  {}  [{}]  submitted {}  partial {}",
                c.label, c.device, c.submitted, c.partial
            ))?;
        }
        return Err(CliError::invalid(format!(
            "nothing deleted; to delete these {responses} response(s), run it again with --yes (make a `koe backup` first)"
        )));
    }
    let deleted = store.delete_session(&survey_id, label)?;
    say(format_args!(
        "deleted session {label:?} of {survey_id}: {deleted} response(s)"
    ))
}

/// `koe convert`: a workbook to JSON or a JSON survey to a workbook; never overwrites a file.
fn convert(file: &Path, to: Option<SurveyFormat>, out: Option<&Path>) -> CliResult {
    let survey = crate::survey::load_file(file).map_err(|e| CliError::invalid(e.to_string()))?;
    let from = SurveyFormat::of_path(file).unwrap_or(SurveyFormat::Json);
    let to = to
        .or_else(|| out.and_then(SurveyFormat::of_path))
        .unwrap_or(match from {
            SurveyFormat::Json => SurveyFormat::Xlsx,
            SurveyFormat::Xlsx => SurveyFormat::Json,
        });
    let bytes = xlsform::encode(&survey, to).map_err(CliError::failed)?;
    let path = match (out, to) {
        (Some(p), _) => p.to_path_buf(),
        (None, SurveyFormat::Json) => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            return match stdout.write_all(&bytes).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::failed(format!("stdout: {e}"))),
                _ => Ok(()),
            };
        }
        // In the current folder: beside FILE in the surveys folder it would be a second survey
        // with the same id.
        (None, SurveyFormat::Xlsx) => PathBuf::from(file.with_extension("xlsx").file_name().unwrap_or_default()),
    };
    write_new_file(&path, &bytes)?;
    println!("wrote {}", path.display());
    let folder = |p: &Path| {
        p.parent()
            .map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d })
            .and_then(|d| d.canonicalize().ok())
    };
    if from != to && folder(&path).is_some() && folder(&path) == folder(file) {
        println!(
            "note: {} and {} are the same survey ({}); koe reads one survey per id from a folder, so move one of them away",
            file.display(),
            path.display(),
            survey.id
        );
    }
    Ok(())
}

/// Writes a file that must not exist yet: koe never overwrites a survey someone may have edited.
fn write_new_file(path: &Path, bytes: &[u8]) -> CliResult {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => CliError::invalid(format!(
                "{}: already exists; koe does not overwrite it (choose another --out, or move it away)",
                path.display()
            )),
            _ => CliError::failed(format!("{}: cannot write: {e}", path.display())),
        })?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| CliError::failed(format!("{}: cannot write: {e}", path.display())))
}

/// `koe new`: the starter survey into the surveys folder, then the next command to run.
fn new_survey(surveys_dir: &Path, id: &str, xlsx: bool) -> CliResult {
    let survey = crate::survey::starter::starter(id).map_err(|faults| {
        let why: Vec<String> = faults.iter().map(|f| f.message.clone()).collect();
        CliError::invalid(format!("koe new {id}: {}", why.join("; ")))
    })?;
    let catalog = catalog::load_all(&[surveys_dir.to_path_buf()]);
    if let Some(other) = catalog.surveys.iter().find(|e| e.survey.id == id) {
        return Err(CliError::invalid(format!(
            "a survey with id {id:?} already exists: {}",
            other.path.display()
        )));
    }
    let format = if xlsx { SurveyFormat::Xlsx } else { SurveyFormat::Json };
    let bytes = xlsform::encode(&survey, format).map_err(CliError::failed)?;
    std::fs::create_dir_all(surveys_dir)
        .map_err(|e| CliError::failed(format!("{}: cannot create the folder: {e}", surveys_dir.display())))?;
    let path = surveys_dir.join(format!("{id}.{}", format.extension()));
    write_new_file(&path, &bytes)?;
    println!("wrote {}", path.display());
    let editor = if xlsx { "Excel or LibreOffice" } else { "a text editor" };
    println!(
        "next: edit it in {editor}, then check it with:  koe validate {}",
        path.display()
    );
    // The path, not the id: it works whichever surveys folder (`--surveys`) the survey went into.
    println!("      and try it out with:  koe run {} --no-kiosk", path.display());
    Ok(())
}
