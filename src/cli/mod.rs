//! The command line: one function per command, and the exit-code rules (0 success, 2 bad usage
//! or invalid input, 1 any other failure). The binary's alone: the library knows nothing of clap.
//!
//! - `args`: the commands and options clap parses;
//! - `help`: `--help` and clap's usage errors in the user's language;
//! - `lang`: which language that is (locale, Windows display language, `KOE_LANG`);
//! - `messages`: the catalogue of every message, in Japanese and English.

use std::path::{Path, PathBuf};

use clap::FromArgMatches;

mod args;
mod help;
mod lang;
mod messages;

pub use args::{Cli, Command, ExportArgs};

use std::time::Duration;

use koe::paths;
use koe::store::import::ImportError;
use koe::store::{self, SessionCounts, Store, StoreError};
use koe::survey::Survey;
use koe::survey::catalog::{self, ResolveError};
use koe::survey::load::LoadError;
use koe::survey::xlsform::{self, SurveyFormat};
use koe::tally::Encoding;
use koe::tally::{self, ExportError, ExportOptions};
use koe::tui::{
    self,
    app::{self, App, Options},
};
use koe::visible::visible;
use koe::words::data::io_detail;
use messages::tr;

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
        match e {
            ResolveError::Unknown { id, dir, known } => CliError::invalid(tr!(
                UnknownSurvey,
                id = format!("{id:?}"),
                dir = dir,
                known = if known.is_empty() {
                    messages::text(messages::Msg::NoneYet).to_string()
                } else {
                    known.join(", ")
                }
            )),
            ResolveError::Load(e) => CliError::invalid(load_lines(&e).join("\n")),
        }
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
fn say(line: impl std::fmt::Display) -> CliResult {
    use std::io::Write;
    let line = line.to_string();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", visible(&line)).map_err(|e| match e.kind() {
        std::io::ErrorKind::BrokenPipe => CliError::quiet(),
        _ => CliError::failed(tr!(StandardOutput, error = e)),
    })
}

/// Prints one line on standard error, with file and answer text made visible; a closed standard
/// error is not worth failing a command for.
pub fn warn(line: impl std::fmt::Display) {
    use std::io::Write;
    let line = line.to_string();
    let _ = writeln!(std::io::stderr().lock(), "{}", visible(&line));
}

/// The command line of this process, with the examples and this computer's paths in `--help`;
/// bad usage exits 2 with clap's message (in Japanese when the user's language is).
pub fn parse() -> Cli {
    let usage_error = |e: clap::Error| -> ! {
        use clap::error::ErrorKind;
        if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) || lang::current() == lang::Lang::En {
            e.exit()
        }
        eprint!("{}", help::usage_error(&e));
        std::process::exit(e.exit_code())
    };
    let matches = help::command().try_get_matches().unwrap_or_else(|e| usage_error(e));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| usage_error(e))
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> CliResult {
    let surveys_dir = paths::surveys(cli.surveys.as_deref());
    let folder = Folder {
        dir: &surveys_dir,
        chosen: cli.surveys.is_some(),
    };
    let db = paths::database(cli.db.as_deref());
    match cli.command {
        None => home(folder, &db),
        Some(Command::Validate { paths }) => validate(folder, &paths),
        Some(Command::List) => list(folder, &db),
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
            let plain = plain || koe::plain::wanted_by_env(|k| std::env::var(k).ok());
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
        Some(Command::Convert { file, to, out }) => convert(&file, to.map(Into::into), out.as_deref()),
        Some(Command::New { id, xlsx }) => new_survey(&surveys_dir, &id, xlsx),
    }
}

/// The surveys folder in use, and whether the user chose it (`--surveys`, `KOE_SURVEYS`) or koe
/// did (`./surveys`, else the data folder): a folder that does not exist is reported as such,
/// saying where koe looked, never as an unreadable survey file.
#[derive(Clone, Copy)]
struct Folder<'a> {
    dir: &'a Path,
    chosen: bool,
}

impl Folder<'_> {
    /// The surveys of the folder; when it does not exist, no surveys and the line saying so.
    fn load(self) -> (catalog::Catalog, Option<String>) {
        if self.dir.exists() {
            (catalog::load_all(&[self.dir.to_path_buf()]), None)
        } else {
            (catalog::Catalog::default(), Some(self.missing()))
        }
    }

    /// "the surveys folder does not exist", with where koe looked.
    fn missing(self) -> String {
        let whence = if self.chosen {
            tr!(FolderWhenceChosen)
        } else {
            let cwd = std::env::current_dir().map_or_else(|_| ".".to_string(), |d| d.display().to_string());
            tr!(FolderWhenceDefault, cwd = cwd)
        };
        tr!(SurveysFolderMissing, dir = paths::shown(self.dir), whence = whence)
    }
}

fn validate(folder: Folder, paths: &[PathBuf]) -> CliResult {
    let paths = if paths.is_empty() {
        if !folder.dir.exists() {
            return Err(CliError::invalid(folder.missing()));
        }
        vec![folder.dir.to_path_buf()]
    } else {
        paths.to_vec()
    };
    let catalog = catalog::load_all(&paths);
    for entry in &catalog.surveys {
        let indicators = match entry.survey.indicators.len() {
            0 => String::new(),
            n => tr!(ValidateIndicators, n = n),
        };
        let codes = match entry.survey.codes.len() {
            0 => String::new(),
            n => tr!(ValidateCodes, n = n),
        };
        say(tr!(
            ValidateOk,
            path = entry.path.display(),
            id = entry.survey.id,
            questions = entry.survey.questions.len(),
            indicators = indicators,
            codes = codes
        ))?;
    }
    for err in &catalog.broken {
        for line in load_lines(err) {
            warn(line);
        }
    }
    let total = catalog.surveys.len() + catalog.broken.len();
    if total == 0 {
        return Err(CliError::invalid(tr!(ValidateNone, paths = join_paths(&paths))));
    }
    if catalog.broken.is_empty() {
        say(tr!(ValidateAllValid, total = total))?;
        Ok(())
    } else {
        Err(CliError::invalid(tr!(
            ValidateFaults,
            broken = catalog.broken.len(),
            total = total
        )))
    }
}

fn home(folder: Folder, db: &Path) -> CliResult {
    let (catalog, missing) = folder.load();
    let broken: Vec<String> = catalog
        .broken
        .iter()
        .filter_map(|e| load_lines(e).into_iter().next())
        .collect();
    for line in &broken {
        warn(tr!(Skipped, fault = line));
    }
    if let Some(missing) = &missing {
        warn(missing);
    }
    let store = open_store(db)?;
    let options = Options {
        pin: pin_from_env()?,
        ..Options::default()
    };
    let mut app = App::home(store, catalog.surveys, options);
    // The terminal is about to be taken over: say it on the home screen too (in the TUI's
    // Japanese, as the rest of the screen).
    if let Some(first) = broken.first() {
        app.set_notice(format!(
            "読み込めないアンケートファイルが {} 件あります（理由は koe validate で確認できます）: {first}",
            broken.len()
        ));
    } else if missing.is_some() {
        app.set_notice(format!(
            "アンケートのフォルダがありません: {}（koe new ID でアンケートを作れます）",
            paths::shown(folder.dir)
        ));
    }
    tui::run_loop(app).map_err(|e| CliError::failed(tr!(Terminal, error = e)))
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
        return Err(CliError::invalid(tr!(
            LangNotInSurvey,
            lang = lang,
            id = entry.survey.id,
            languages = entry.survey.languages.join(", ")
        )));
    }
    let store = open_store(db)?;
    let label = session.unwrap_or_else(app::today);
    if plain {
        let options = koe::plain::Options {
            locked: options.kiosk,
            idle_timeout: options.idle_timeout,
            lang: options.lang,
            pin: options.pin,
        };
        return koe::plain::run_stdio(store, entry.survey, &label, options).map_err(CliError::from);
    }
    let app = App::run(store, entry, &label, options)?;
    tui::run_loop(app).map_err(|e| CliError::failed(tr!(Terminal, error = e)))
}

/// `koe entry`: the paper-entry form for one survey, on the same survey files and database as `run`.
fn entry(surveys_dir: &Path, db: &Path, survey: &str, session: Option<String>, verify: bool) -> CliResult {
    let entry = catalog::resolve(surveys_dir, survey)?;
    let store = open_store(db)?;
    let label = session.unwrap_or_else(app::today);
    if verify {
        // A mistyped label would open a second entry of nothing: name the sessions there are.
        let counts = store.session_counts()?;
        let with_paper: Vec<&str> = counts
            .iter()
            .filter(|c| c.survey_id == entry.survey.id && c.paper.entered > 0)
            .map(|c| c.label.as_str())
            .collect();
        if !with_paper.contains(&label.as_str()) {
            return Err(CliError::invalid(tr!(
                NoSuchSessionToVerify,
                survey = entry.survey.id,
                label = format!("{label:?}"),
                labels = or_none(&with_paper)
            )));
        }
    }
    let app = tui::entry::EntryApp::new(store, entry.survey, &label, verify)?;
    tui::entry::run_loop(app).map_err(|e| CliError::failed(tr!(Terminal, error = e)))
}

impl From<ExportError> for CliError {
    fn from(e: ExportError) -> Self {
        let said = e.said(lang::current());
        match e {
            ExportError::Invalid(_) => CliError::invalid(said),
            _ => CliError::failed(said),
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
                [] => return Err(CliError::invalid(tr!(NoResponsesToExport))),
                many => {
                    return Err(CliError::invalid(tr!(SeveralSurveys, ids = many.join(", "))));
                }
            };
            if let Ok(entry) = catalog::resolve(surveys_dir, &id) {
                return Ok(entry.survey);
            }
            id
        }
    };
    store.latest_survey(&id)?.ok_or_else(|| {
        CliError::invalid(tr!(
            NoSurveyAnywhere,
            id = format!("{id:?}"),
            dir = surveys_dir.display()
        ))
    })
}

fn export(surveys_dir: &Path, db: &Path, args: ExportArgs) -> CliResult {
    if !db.exists() {
        return Err(CliError::invalid(tr!(NoDatabaseExport, db = db.display())));
    }
    let store = open_to_read(db)?;
    let survey = survey_to_export(surveys_dir, &store, args.survey.as_deref())?;
    let options = ExportOptions {
        sessions: args.sessions,
        by: args.by,
        out: args.out,
        encoding: args.encoding.into(),
        include_partial: args.include_partial,
        include_practice: args.include_practice,
        lang: args.lang,
        format: args.format.into(),
        ..ExportOptions::default()
    };
    let report = tally::export(&store, &survey, &options)?;
    for f in &report.files {
        say(f.display())?;
    }
    say(tr!(
        Exported,
        n = report.responses,
        id = survey.id,
        dir = report.dir.display()
    ))?;
    if report.unverified > 0 {
        say(tr!(Unverified, n = report.unverified, id = survey.id))?;
    }
    if Encoding::from(args.encoding) == Encoding::Cp932 {
        say(tr!(Cp932Touched, n = report.touched))?;
    }
    if report.cut > 0 {
        say(tr!(XlsxCut, n = report.cut))?;
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
            | StoreError::Refused { .. } => CliError::invalid(e.said(lang::current())),
            _ => CliError::failed(e.said(lang::current())),
        }
    }
}

/// A survey file's faults, one line each as `koe validate` prints them, in the user's language.
fn load_lines(e: &LoadError) -> Vec<String> {
    e.lines_in(lang::current())
}

/// Opens the database, or says plainly which file could not be opened.
fn open_store(db: &Path) -> Result<Store, CliError> {
    Store::open(db).map_err(CliError::from)
}

/// Opens an existing database for a command that only reads it (list, export).
fn open_to_read(db: &Path) -> Result<Store, CliError> {
    Store::open_for_reading(db).map_err(CliError::from)
}

fn list(folder: Folder, db: &Path) -> CliResult {
    let surveys_dir = folder.dir;
    let (catalog, missing) = folder.load();
    // Listing must not create a database as a side effect.
    let counts = if db.exists() {
        open_to_read(db)?.session_counts()?
    } else {
        Vec::new()
    };
    if db.exists() {
        say(tr!(ListDatabase, db = paths::shown(db)))?;
    } else {
        say(tr!(ListDatabaseNotYet, db = paths::shown(db)))?;
    }
    let mut listed: Vec<&str> = Vec::new();
    for entry in &catalog.surveys {
        let s = &entry.survey;
        say(tr!(
            ListSurvey,
            id = s.id,
            title = s.tr(&s.title, s.default_lang()),
            n = s.questions.len(),
            total = total(&counts, &s.id)
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
        say(tr!(
            ListOrphan,
            id = id,
            dir = surveys_dir.display(),
            total = total(&counts, id)
        ))?;
        print_sessions(&counts, id)?;
    }
    for err in &catalog.broken {
        warn(tr!(
            Skipped,
            fault = load_lines(err).first().cloned().unwrap_or_default()
        ));
    }
    if let Some(missing) = missing {
        warn(missing);
    } else if catalog.surveys.is_empty() && counts.is_empty() {
        say(tr!(ListNone, dir = surveys_dir.display()))?;
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
        out.push_str(&tr!(ListTotal, submitted = submitted, partial = partial));
    }
    if practice > 0 {
        out.push_str(&tr!(ListPracticeTotal, n = practice));
    }
    out
}

fn print_sessions(counts: &[SessionCounts], survey_id: &str) -> CliResult {
    let sessions: Vec<&SessionCounts> = counts.iter().filter(|c| c.survey_id == survey_id).collect();
    if sessions.is_empty() {
        say(tr!(ListNoResponses))?;
    }
    for c in sessions {
        if c.practice {
            say(tr!(
                ListPracticeSession,
                label = c.label,
                device = c.device,
                n = c.submitted + c.partial,
                submitted = c.submitted,
                partial = c.partial
            ))?;
            continue;
        }
        say(tr!(
            ListSession,
            label = c.label,
            device = c.device,
            submitted = c.submitted,
            partial = c.partial
        ))?;
        let p = c.paper;
        if p.entered > 0 {
            say(tr!(
                ListPaper,
                entered = p.entered,
                verified = p.verified,
                resolved = p.resolved
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
        warn(format_args!(
            "{}:{}: {}",
            file.display(),
            e.line,
            e.message.get(lang::current())
        ));
    };
    let refused = |e: ImportError| match e {
        ImportError::BadLines { bad } => CliError::invalid(tr!(ImportBadLines, file = file.display(), bad = bad)),
        ImportError::Read { line, message } => CliError::invalid(tr!(
            ImportReadFailed,
            file = file.display(),
            line = line,
            error = message.now()
        )),
        ImportError::Open(e) => CliError::invalid(tr!(CannotRead, file = file.display(), error = io_detail(&e).now())),
        ImportError::Store(e) => e.into(),
    };
    // One pass, all or nothing: a new database appears only when every line was good.
    let report = store::import::import_file(
        db,
        &entry.survey,
        open,
        &label,
        |db| warn(tr!(WaitingForWriter, db = db.display())),
        report_bad,
    )
    .map_err(refused)?;
    let repeated = if report.repeated > 0 {
        tr!(ImportRepeated, n = report.repeated)
    } else {
        String::new()
    };
    let skipped = if report.skipped > 0 {
        tr!(ImportSkipped, n = report.skipped)
    } else {
        String::new()
    };
    let sessions = if report.sessions.is_empty() {
        String::new()
    } else {
        tr!(ImportSessions, labels = report.sessions.join(", "))
    };
    say(tr!(
        Imported,
        n = report.imported,
        id = entry.survey.id,
        sessions = sessions,
        skipped = skipped,
        repeated = repeated
    ))
}

fn merge(db: &Path, others: &[PathBuf]) -> CliResult {
    let waiting = |db: &Path| warn(tr!(WaitingForWriter, db = db.display()));
    // Every file is checked first and all are merged in one transaction: all or nothing (and a
    // new database appears only when the merge succeeded).
    let reports = store::merge::merge_into(db, others, waiting).map_err(|e| {
        let mut err = CliError::from(e);
        err.message = tr!(NothingMerged, error = err.message);
        err
    })?;
    let mut conflicts = 0;
    for r in &reports {
        say(tr!(
            Merged,
            file = r.file.display(),
            responses = r.responses_added,
            answers = r.answers_added,
            sessions = r.sessions_added,
            versions = r.survey_versions_added,
            already = r.already_here
        ))?;
        for c in &r.conflicts {
            say(tr!(MergeConflict, response = c.response_id, survey = c.survey_id))?;
        }
        conflicts += r.conflicts.len();
    }
    if conflicts > 0 {
        return Err(CliError::failed(tr!(MergeConflicts, n = conflicts)));
    }
    Ok(())
}

/// The PIN for locked sessions from `KOE_PIN` (scripted starts), checked before anything starts.
fn pin_from_env() -> Result<Option<String>, CliError> {
    let Some(pin) = std::env::var_os("KOE_PIN") else {
        return Ok(None);
    };
    let pin = pin.to_string_lossy().trim().to_string();
    koe::pin::check(&pin)
        .map_err(|fault| CliError::invalid(tr!(KoePin, fault = fault.message(lang::current().code()))))?;
    Ok(Some(pin))
}

/// `koe backup`: a consistent copy of the database in use, while koe may be collecting.
fn backup(db: &Path, target: &Path) -> CliResult {
    if !db.exists() {
        return Err(CliError::invalid(tr!(NoDatabaseBackup, db = db.display())));
    }
    let store = open_to_read(db)?;
    let written = store::backup::backup(&store, target)?;
    say(written.display())?;
    say(tr!(BackedUp, db = paths::shown(db), file = written.display()))
}

/// `koe delete`: one session's responses, for a session that should never have been counted.
fn delete(surveys_dir: &Path, db: &Path, survey: &str, label: &str, yes: bool) -> CliResult {
    if !db.exists() {
        return Err(CliError::invalid(tr!(NoDatabaseDelete, db = db.display())));
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
        return Err(CliError::invalid(tr!(
            NoSuchSession,
            survey = survey_id,
            label = format!("{label:?}"),
            labels = or_none(&labels)
        )));
    }
    let responses: u64 = matching.iter().map(|c| c.submitted + c.partial).sum();
    if !yes {
        for c in &matching {
            say(tr!(
                WouldDelete,
                survey = survey_id,
                label = c.label,
                device = c.device,
                submitted = c.submitted,
                partial = c.partial
            ))?;
        }
        return Err(CliError::invalid(tr!(NothingDeleted, n = responses)));
    }
    let deleted = store.delete_session(&survey_id, label)?;
    say(tr!(
        Deleted,
        label = format!("{label:?}"),
        survey = survey_id,
        n = deleted
    ))
}

/// `koe convert`: a workbook to JSON or a JSON survey to a workbook; never overwrites a file.
fn convert(file: &Path, to: Option<SurveyFormat>, out: Option<&Path>) -> CliResult {
    let survey = koe::survey::load_file(file).map_err(|e| CliError::invalid(load_lines(&e).join("\n")))?;
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
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(CliError::failed(tr!(StandardOutput, error = e)))
                }
                _ => Ok(()),
            };
        }
        // In the current folder: beside FILE in the surveys folder it would be a second survey
        // with the same id.
        (None, SurveyFormat::Xlsx) => PathBuf::from(file.with_extension("xlsx").file_name().unwrap_or_default()),
    };
    write_new_file(&path, &bytes)?;
    println!("{}", tr!(Wrote, path = path.display()));
    let folder = |p: &Path| {
        p.parent()
            .map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d })
            .and_then(|d| d.canonicalize().ok())
    };
    if from != to && folder(&path).is_some() && folder(&path) == folder(file) {
        println!(
            "{}",
            tr!(
                SameSurvey,
                file = file.display(),
                other = path.display(),
                id = survey.id
            )
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
            std::io::ErrorKind::AlreadyExists => CliError::invalid(tr!(AlreadyExists, path = path.display())),
            _ => CliError::failed(tr!(CannotWrite, file = path.display(), error = io_detail(&e).now())),
        })?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| CliError::failed(tr!(CannotWrite, file = path.display(), error = io_detail(&e).now())))
}

/// `koe new`: the starter survey into the surveys folder, then the next command to run.
fn new_survey(surveys_dir: &Path, id: &str, xlsx: bool) -> CliResult {
    let survey = koe::survey::starter::starter(id).map_err(|faults| {
        let why: Vec<String> = faults.iter().map(|f| f.message.now().to_string()).collect();
        CliError::invalid(tr!(NewRefused, id = id, why = why.join("; ")))
    })?;
    let catalog = catalog::load_all(&[surveys_dir.to_path_buf()]);
    if let Some(other) = catalog.surveys.iter().find(|e| e.survey.id == id) {
        return Err(CliError::invalid(tr!(
            NewIdUsed,
            id = format!("{id:?}"),
            path = other.path.display()
        )));
    }
    let format = if xlsx { SurveyFormat::Xlsx } else { SurveyFormat::Json };
    let bytes = xlsform::encode(&survey, format).map_err(CliError::failed)?;
    std::fs::create_dir_all(surveys_dir).map_err(|e| {
        CliError::failed(tr!(
            CannotCreateFolder,
            dir = surveys_dir.display(),
            error = io_detail(&e).now()
        ))
    })?;
    let path = surveys_dir.join(format!("{id}.{}", format.extension()));
    write_new_file(&path, &bytes)?;
    println!("{}", tr!(Wrote, path = path.display()));
    let next = if xlsx {
        tr!(NewNextXlsx, path = path.display())
    } else {
        tr!(NewNextJson, path = path.display())
    };
    println!("{next}");
    // The path, not the id: it works whichever surveys folder (`--surveys`) the survey went into.
    println!("{}", tr!(NewTryIt, path = path.display()));
    Ok(())
}

/// A list of names joined by commas, or "none".
fn or_none(names: &[&str]) -> String {
    if names.is_empty() {
        messages::text(messages::Msg::NoneYet).to_string()
    } else {
        names.join(", ")
    }
}
