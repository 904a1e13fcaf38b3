//! `koe import`: responses from JSON Lines, all or nothing.
//!
//! One pass over the file inside one transaction ([`import`]): other threads read, parse and
//! check the lines and compute their keyword terms, on both cores ([`lines`]), while this one
//! writes the good lines in file order, one row per response. A bad line, a line over 1 MiB, or
//! one id given twice with different answers is reported with its number; the remaining lines
//! are still checked (every fault is reported at once) and then the transaction is rolled back:
//! nothing is written. [`import_file`] adds the rule for a database that does not exist yet: it
//! is written aside (its journal in memory, see `Store::writing_unseen_file`) and moved into
//! place only when every line was good, so bad input creates no database. Memory stays flat
//! however long the file is: lines of at most 1 MiB, a few thousand lines in flight between the
//! threads, plus 40 bytes or so for each response id seen, to catch an id given twice. [`check`]
//! runs the same checks without any database.

mod lines;

use std::collections::HashMap;
use std::io::BufRead;

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::{Map, Value};

use super::new_database::NewDatabase;
use super::responses::find_or_create_session;
use super::{Store, StoreError, now, sheet_number};
use crate::say;
use crate::survey::Survey;
use crate::survey::answer::check_response;
use crate::words::Words;

/// A line that does not fit the survey.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it, in both languages (the command line picks one).
    pub message: Words,
}

/// The longest line accepted, in bytes: a response is a few kilobytes, and a file without line
/// breaks must not be read into memory whole.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// What an import did (or, from [`check`], would do).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: u64,
    /// Lines whose response id was already stored.
    pub skipped: u64,
    /// Lines repeating an earlier line of the file (same id, same answers): one response is kept.
    pub repeated: u64,
    /// The session labels that received responses.
    pub sessions: Vec<String>,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{bad} bad line(s); nothing was imported")]
    BadLines { bad: u64 },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("reading line {line}: {}", message.en)]
    Read { line: usize, message: Words },
    #[error("cannot read: {0}")]
    Open(std::io::Error),
}

/// One parsed line.
struct Line {
    /// 1-based line number.
    number: usize,
    /// The response id in its canonical form (lower-case, hyphenated).
    id: Option<String>,
    /// A paper sheet's number (用紙番号), cleaned as `koe entry` cleans it.
    sheet: Option<String>,
    session: Option<String>,
    submitted_at: Option<String>,
    answers: Map<String, Value>,
    /// The answers as stored: JSON (made when the line is to be stored).
    json: String,
    /// A digest of the answers, to tell a repeated line from another response under its id (made
    /// for a line with an id only).
    digest: u64,
    /// The keyword terms of its free texts, as stored (computed when importing only).
    terms: Option<String>,
}

/// A line after parsing and checking, on its way to the writer.
enum Checked {
    Good(Line),
    /// The same id and answers as an earlier line of the file.
    Repeated,
    Bad(LineError),
    Unreadable {
        line: usize,
        message: Words,
    },
}

/// The fault of a line whose sheet number is already used in its session: one wording whether the
/// check pass or the writing transaction finds it.
fn sheet_taken(line: usize, number: &str, label: &str) -> LineError {
    LineError {
        line,
        message: say!(data::LineSheetStored, sheet = number, label = format!("{label:?}")),
    }
}

/// The fault of a line whose response id is stored under another survey: a response belongs to
/// one survey, so it is neither skipped as "already stored" nor stored twice.
fn other_survey(line: usize, id: &str, survey_id: &str) -> LineError {
    LineError {
        line,
        message: say!(data::LineIdOfOtherSurvey, id = id, survey = survey_id),
    }
}

/// The survey under which a response id is stored, if it is.
const STORED_SURVEY: &str =
    "SELECT s.survey_id FROM responses r JOIN sessions s ON s.id = r.session_id WHERE r.id = ?1";

/// Checks every line of `reader` against `survey` without writing anything and without the write
/// lock; each bad line is passed to `on_error`. `stored`, the database when there is one (opened
/// read-only), is read for the sheet numbers already used. `imported` in the report counts the
/// responses the file holds.
pub fn check(
    stored: Option<&Store>,
    survey: &Survey,
    reader: impl BufRead + Send,
    default_session: &str,
    mut on_error: impl FnMut(LineError),
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport::default();
    let mut bad = 0u64;
    let sheet_stored = |line: &Line| -> Result<Option<LineError>, StoreError> {
        let (Some(store), Some(sheet)) = (stored, &line.sheet) else {
            return Ok(None);
        };
        let label = line.session.as_deref().unwrap_or(default_session);
        let sql = |e| StoreError::sqlite(&store.path, e);
        // A line already imported (same id) is skipped, not a second sheet.
        if let Some(id) = &line.id
            && store
                .conn
                .prepare_cached("SELECT 1 FROM responses WHERE id = ?1")
                .and_then(|mut s| s.exists([id]))
                .map_err(sql)?
        {
            return Ok(None);
        }
        let taken = store
            .conn
            .prepare_cached(
                "SELECT 1 FROM responses WHERE sheet = ?4 AND session_id =
                   (SELECT id FROM sessions WHERE survey_id = ?1 AND label = ?2 AND device = ?3
                    ORDER BY started_at LIMIT 1)",
            )
            .and_then(|mut s| s.exists(params![survey.id, label, store.device, sheet]))
            .map_err(sql)?;
        Ok(taken.then(|| sheet_taken(line.number, sheet, label)))
    };
    let stored_elsewhere = |line: &Line| -> Result<Option<LineError>, StoreError> {
        let (Some(store), Some(id)) = (stored, &line.id) else {
            return Ok(None);
        };
        let found: Option<String> = store
            .conn
            .prepare_cached(STORED_SURVEY)
            .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
            .map_err(|e| StoreError::sqlite(&store.path, e))?;
        Ok(found
            .filter(|s| *s != survey.id)
            .map(|s| other_survey(line.number, id, &s)))
    };
    lines::each_checked_line(survey, reader, false, |item| -> Result<(), ImportError> {
        match item {
            Checked::Good(line) => match stored_elsewhere(line)?.map_or_else(|| sheet_stored(line), |f| Ok(Some(f)))? {
                None => report.imported += 1,
                Some(fault) => {
                    bad += 1;
                    on_error(fault);
                }
            },
            other => not_good(other, &mut report, &mut bad, &mut on_error)?,
        }
        Ok(())
    })?;
    if bad > 0 {
        return Err(ImportError::BadLines { bad });
    }
    Ok(report)
}

/// What the check and the import both do with a line that is not good: a repeat is counted, a bad
/// line reported, an unreadable file ends the pass.
fn not_good(
    item: &Checked,
    report: &mut ImportReport,
    bad: &mut u64,
    on_error: &mut impl FnMut(LineError),
) -> Result<(), ImportError> {
    match item {
        Checked::Good(_) => {}
        Checked::Repeated => report.repeated += 1,
        Checked::Bad(e) => {
            *bad += 1;
            on_error(e.clone());
        }
        Checked::Unreadable { line, message } => {
            return Err(ImportError::Read {
                line: *line,
                message: message.clone(),
            });
        }
    }
    Ok(())
}

/// Imports responses to `survey` from `reader`. Each bad line is passed to `on_error` as it is
/// found; if there was any, nothing is stored. `default_session` labels lines without `session`.
///
/// Parsing and checking run on two other threads while this one writes, so an import takes about
/// as long as the slowest of them rather than their sum.
pub fn import(
    store: &mut Store,
    survey: &Survey,
    reader: impl BufRead + Send,
    default_session: &str,
    mut on_error: impl FnMut(LineError),
) -> Result<ImportReport, ImportError> {
    let device = store.device.clone();
    let path = store.path.clone();
    store.wait_for_write_lock()?;
    // Every response's session and survey version, and every answer's response, are written
    // by this transaction just before their children.
    store.without_foreign_keys(|conn| write_all(conn, &path, survey, &device, reader, default_session, &mut on_error))
}

/// The import's one transaction: checks every line, writes the good ones, commits only when
/// every line was good.
#[allow(clippy::too_many_arguments)]
fn write_all(
    conn: &mut rusqlite::Connection,
    path: &std::path::Path,
    survey: &Survey,
    device: &str,
    reader: impl BufRead + Send,
    default_session: &str,
    on_error: &mut impl FnMut(LineError),
) -> Result<ImportReport, ImportError> {
    let sql = |e| StoreError::sqlite(path, e);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql)?;
    // The survey version is written by the same transaction: a refused import leaves no trace.
    let hash = super::responses::register_survey_in(&tx, survey).map_err(sql)?;
    let mut writer = Writer::new(&tx, &survey.id, &hash, device, crate::terms::version(survey)).map_err(sql)?;
    let mut report = ImportReport::default();
    let mut bad = 0u64;
    lines::each_checked_line(survey, reader, true, |item| -> Result<(), ImportError> {
        match item {
            Checked::Good(line) if bad == 0 => {
                let label = line.session.as_deref().unwrap_or(default_session);
                match writer.write(line, label).map_err(sql)? {
                    Written::New => report.imported += 1,
                    Written::AlreadyStored => report.skipped += 1,
                    Written::OtherSurvey(survey_id) => {
                        bad += 1;
                        on_error(other_survey(
                            line.number,
                            line.id.as_deref().unwrap_or_default(),
                            &survey_id,
                        ));
                    }
                    Written::SheetTaken(number) => {
                        bad += 1;
                        on_error(sheet_taken(line.number, &number, label));
                    }
                }
            }
            // Checking only, after a bad line: a sheet number already stored is still reported.
            Checked::Good(line) => {
                let label = line.session.as_deref().unwrap_or(default_session);
                if let (Some(id), Some(survey_id)) = (&line.id, writer.stored_elsewhere(line).map_err(sql)?) {
                    bad += 1;
                    on_error(other_survey(line.number, id, &survey_id));
                } else if let Some(number) = writer.sheet_taken(line, label).map_err(sql)? {
                    bad += 1;
                    on_error(sheet_taken(line.number, &number, label));
                }
            }
            other => not_good(other, &mut report, &mut bad, &mut *on_error)?,
        }
        Ok(())
    })?;
    if bad > 0 {
        return Err(ImportError::BadLines { bad });
    }
    report.sessions = writer.sessions.keys().cloned().collect();
    report.sessions.sort();
    drop(writer);
    tx.commit().map_err(sql)?;
    Ok(report)
}

/// A response id in any common spelling of a UUID (upper case, braces, `urn:uuid:`, no hyphens),
/// in its canonical lower-case hyphenated form, so that one response is never stored twice.
pub fn canonical_uuid(id: &str) -> Option<String> {
    uuid::Uuid::parse_str(id.trim())
        .ok()
        .map(|u| u.hyphenated().to_string())
}

/// A strict RFC 3339 time (`2026-11-25T14:03:00+09:00`, `…Z`, optional fractions of a second) as
/// stored: UTC, to the second. Everything else (`+09`, `+0900`, no seconds, `[Asia/Tokyo]`,
/// `20240101T000000Z`) is refused: a time in an import is data, not a guess.
pub fn strict_rfc3339(t: &str) -> Result<String, Words> {
    let bad = || say!(data::TimeNotRfc3339, time = format!("{t:?}"));
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = b.get(r)?;
        s.iter()
            .all(u8::is_ascii_digit)
            .then(|| s.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let at = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
    if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt ") && at(13, b":") && at(16, b":")) {
        return Err(bad());
    }
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return Err(bad());
    };
    let mut i = 19;
    if at(i, b".") {
        i += 1;
        let start = i;
        while at(i, b"0123456789") {
            i += 1;
        }
        if i == start {
            return Err(bad());
        }
    }
    let offset_minutes = match b.get(i) {
        Some(b'Z' | b'z') if b.len() == i + 1 => 0,
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && at(i + 3, b":") => {
            let (Some(oh), Some(om)) = (digits(i + 1..i + 3), digits(i + 4..i + 6)) else {
                return Err(bad());
            };
            if oh > 23 || om > 59 {
                return Err(bad());
            }
            (oh * 60 + om) * if *sign == b'-' { -1 } else { 1 }
        }
        _ => return Err(bad()),
    };
    // A leap second (:60) is kept as :59, as most systems do.
    let local = jiff::civil::DateTime::new(y as i16, mo as i8, d as i8, h as i8, mi as i8, sec.min(59) as i8, 0)
        .map_err(|_| bad())?;
    let utc = local
        .checked_sub(jiff::SignedDuration::from_mins(offset_minutes))
        .map_err(|_| say!(data::TimeOutOfRange, time = format!("{t:?}")))?;
    Ok(utc.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

fn parse_line(text: &str, number: usize) -> Result<Line, Words> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json counts columns in bytes; a person counts characters.
        let before = text.get(..e.column().saturating_sub(1)).unwrap_or(text);
        let col = before.chars().count() + 1;
        say!(
            data::LineNotJson,
            col = col,
            error = crate::survey::load::json_syntax(&e)
        )
    })?;
    let Value::Object(mut obj) = value else {
        return Err(say!(data::LineNotObject));
    };
    for key in obj.keys() {
        if !["id", "session", "submitted_at", "sheet", "answers"].contains(&key.as_str()) {
            return Err(say!(data::LineUnknownField, key = format!("{key:?}")));
        }
    }
    let string = |obj: &mut Map<String, Value>, key: &str| match obj.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(say!(data::LineNotAString, key = key, found = other)),
    };
    let id = match string(&mut obj, "id")? {
        None => None,
        Some(id) => Some(canonical_uuid(&id).ok_or_else(|| say!(data::LineIdNotUuid, id = format!("{id:?}")))?),
    };
    let sheet_fault = |e: super::SheetNumberFault| Words::at("sheet", &e.said());
    let sheet = match obj.remove("sheet") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(sheet_number(&s).map_err(sheet_fault)?),
        Some(Value::Number(n)) if n.is_u64() => Some(sheet_number(&n.to_string()).map_err(sheet_fault)?),
        Some(other) => return Err(say!(data::LineSheetNotANumber, found = other)),
    };
    let session = string(&mut obj, "session")?;
    if session.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(say!(data::LineSessionEmpty));
    }
    let submitted_at = match string(&mut obj, "submitted_at")? {
        None => None,
        Some(t) => Some(strict_rfc3339(&t).map_err(|e| Words::at("submitted_at", &e))?),
    };
    let answers = match obj.remove("answers") {
        Some(Value::Object(a)) => a,
        Some(other) => return Err(say!(data::LineAnswersNotObject, found = other)),
        None => return Err(say!(data::LineNoAnswers)),
    };
    Ok(Line {
        number,
        id,
        sheet,
        session,
        submitted_at,
        answers,
        json: String::new(),
        digest: 0,
        terms: None,
    })
}

/// A line whose answers break a rule of the survey: every fault, in the survey's order.
fn check_line(survey: &Survey, line: Line) -> Result<Line, Words> {
    let problems = check_response(survey, &line.answers);
    if problems.is_empty() {
        Ok(line)
    } else {
        let said: Vec<Words> = problems.iter().map(|p| p.said()).collect();
        Err(Words::joined(&said))
    }
}

/// The prepared statements of one import transaction.
struct Writer<'t> {
    tx: &'t Transaction<'t>,
    survey_id: String,
    hash: String,
    /// Stored with the terms computed for this survey (`terms::version`).
    terms_version: i64,
    device: String,
    sessions: HashMap<String, String>,
    exists: rusqlite::CachedStatement<'t>,
    sheet_taken: rusqlite::CachedStatement<'t>,
    stored_survey: rusqlite::CachedStatement<'t>,
    insert_response: rusqlite::CachedStatement<'t>,
}

/// What [`Writer::write`] did with a line.
enum Written {
    New,
    /// Its response id is already stored: skipped.
    AlreadyStored,
    /// Its response id is stored as a response to another survey (that one): a bad line.
    OtherSurvey(String),
    /// Its sheet number is already used in its session: a bad line.
    SheetTaken(String),
}

impl<'t> Writer<'t> {
    fn new(
        tx: &'t Transaction<'t>,
        survey_id: &str,
        hash: &str,
        device: &str,
        terms_version: i64,
    ) -> rusqlite::Result<Self> {
        Ok(Writer {
            tx,
            survey_id: survey_id.to_string(),
            hash: hash.to_string(),
            terms_version,
            device: device.to_string(),
            sessions: HashMap::new(),
            exists: tx.prepare_cached("SELECT 1 FROM responses WHERE id = ?1")?,
            sheet_taken: tx.prepare_cached("SELECT 1 FROM responses WHERE session_id = ?1 AND sheet = ?2")?,
            stored_survey: tx.prepare_cached(STORED_SURVEY)?,
            insert_response: tx.prepare_cached(
                "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, submitted_at, status, sheet,
                                        answers, terms, terms_version)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?4, 'submitted', ?5, ?6, ?7, ?8)",
            )?,
        })
    }

    /// The session for a label: this laptop's session of that label, created on first use.
    fn session(&mut self, label: &str) -> rusqlite::Result<String> {
        if let Some(id) = self.sessions.get(label) {
            return Ok(id.clone());
        }
        let id = find_or_create_session(self.tx, &self.survey_id, label, &self.device, false)?;
        self.sessions.insert(label.to_string(), id.clone());
        Ok(id)
    }

    /// The line's sheet number, when its session already has another sheet of that number.
    fn sheet_taken(&mut self, line: &Line, label: &str) -> rusqlite::Result<Option<String>> {
        let Some(sheet) = &line.sheet else { return Ok(None) };
        // A line already imported (same id) is skipped, not a second sheet.
        if let Some(id) = &line.id
            && self.exists.exists([id])?
        {
            return Ok(None);
        }
        let session = self.session(label)?;
        Ok(self.sheet_taken.exists(params![session, sheet])?.then(|| sheet.clone()))
    }

    /// The other survey under which the line's response id is already stored, if it is.
    fn stored_elsewhere(&mut self, line: &Line) -> rusqlite::Result<Option<String>> {
        let Some(id) = &line.id else { return Ok(None) };
        let found: Option<String> = self.stored_survey.query_row([id], |r| r.get(0)).optional()?;
        Ok(found.filter(|s| *s != self.survey_id))
    }

    /// Inserts a response, unless its id is already stored (for this survey: skipped; for
    /// another: refused) or its sheet number is taken.
    fn write(&mut self, line: &Line, label: &str) -> rusqlite::Result<Written> {
        let id = match &line.id {
            Some(id) => {
                if self.exists.exists([id])? {
                    return Ok(match self.stored_elsewhere(line)? {
                        Some(survey_id) => Written::OtherSurvey(survey_id),
                        None => Written::AlreadyStored,
                    });
                }
                id.clone()
            }
            None => uuid::Uuid::new_v4().to_string(),
        };
        if let Some(number) = self.sheet_taken(line, label)? {
            return Ok(Written::SheetTaken(number));
        }
        let session = self.session(label)?;
        let at = line.submitted_at.clone().unwrap_or_else(now);
        let answers = &line.json;
        let version = line.terms.as_ref().map(|_| self.terms_version);
        self.insert_response.execute(params![
            id, session, self.hash, at, line.sheet, answers, line.terms, version
        ])?;
        Ok(Written::New)
    }
}

/// Imports the file that `open` reads into the database at `path`. An existing database gets the
/// file in one transaction ([`import`]); when another koe holds its write lock, the file is first
/// checked without it ([`check`]), so that a bad file is refused at once rather than after the
/// wait. A database that does not exist yet is written aside (a hidden file beside it) and moved
/// into place only when every line was good, so that bad input creates no database.
pub fn import_file<R: BufRead + Send>(
    path: &std::path::Path,
    survey: &Survey,
    open: impl Fn() -> std::io::Result<R>,
    default_session: &str,
    on_lock_wait: impl FnMut(&std::path::Path) + Send + 'static,
    mut on_error: impl FnMut(LineError),
) -> Result<ImportReport, ImportError> {
    if path.exists() {
        let mut store = Store::open(path)?;
        super::stale::clean(path.parent().unwrap_or(std::path::Path::new(".")));
        if store.write_lock_is_held()? {
            check(
                Some(&store),
                survey,
                open().map_err(ImportError::Open)?,
                default_session,
                &mut on_error,
            )?;
        }
        store.on_lock_wait(on_lock_wait);
        return import(
            &mut store,
            survey,
            open().map_err(ImportError::Open)?,
            default_session,
            on_error,
        );
    }
    let reader = open().map_err(ImportError::Open)?;
    let aside = NewDatabase::beside(path)?;
    let mut store = aside.open(path)?;
    let report = store.writing_unseen_file(|store| import(store, survey, reader, default_session, on_error))?;
    // Closing the only connection checkpoints the write-ahead log into the file.
    drop(store);
    aside.move_to(path, crate::words::data::Said::TheImport)?;
    Ok(report)
}
