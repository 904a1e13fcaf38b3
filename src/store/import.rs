//! `koe import`: responses from JSON Lines, all or nothing.
//!
//! The file is streamed line by line inside one transaction: every line is checked against the
//! survey, good lines are inserted as they come, and the first bad line turns the rest of the run
//! into checking only (so every bad line is reported) and the transaction is rolled back. Memory
//! stays flat however long the file is.

use std::collections::HashMap;
use std::io::BufRead;

use rusqlite::{Transaction, TransactionBehavior, params};
use serde_json::{Map, Value};

use super::responses::find_or_create_session;
use super::{Store, StoreError, now, sheet_number};
use crate::survey::Survey;
use crate::survey::answer::check_response;

/// A line that does not fit the survey.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub imported: u64,
    /// Lines whose response id was already stored.
    pub skipped: u64,
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
    #[error("reading line {line}: {message}")]
    Read { line: usize, message: String },
}

/// One parsed line.
struct Line {
    /// 1-based line number.
    number: usize,
    id: Option<String>,
    /// A paper sheet's number (用紙番号), cleaned as `koe entry` cleans it.
    sheet: Option<String>,
    session: Option<String>,
    submitted_at: Option<String>,
    answers: Map<String, Value>,
}

/// How many parsed lines travel together from the checking thread to the writing one; with the
/// channel's bound this caps the lines in memory at `BATCH * BATCHES_IN_FLIGHT`.
const BATCH: usize = 256;
const BATCHES_IN_FLIGHT: usize = 8;

/// A line after parsing and checking, on its way to the writer.
enum Checked {
    Good(Line),
    Bad(LineError),
    Unreadable { line: usize, message: String },
}

/// Imports responses to `survey` from `reader`. Each bad line is passed to `on_error` as it is
/// found; if there was any, nothing is stored. `default_session` labels lines without `session`.
///
/// Parsing and checking run on a second thread while this one writes, so an import takes about
/// as long as the slower of the two rather than their sum.
pub fn import(
    store: &mut Store,
    survey: &Survey,
    reader: impl BufRead + Send,
    default_session: &str,
    mut on_error: impl FnMut(LineError),
) -> Result<ImportReport, ImportError> {
    let hash = store.register_survey(survey)?;
    let device = store.device.clone();
    let path = store.path.clone();
    // Every response's session and survey version, and every answer's response, are written
    // by this transaction just before their children.
    store.without_foreign_keys(|conn| {
        write_all(
            conn,
            &path,
            survey,
            &hash,
            &device,
            reader,
            default_session,
            &mut on_error,
        )
    })
}

/// The import's one transaction: checks every line, writes the good ones, commits only when
/// every line was good.
#[allow(clippy::too_many_arguments)]
fn write_all(
    conn: &mut rusqlite::Connection,
    path: &std::path::Path,
    survey: &Survey,
    hash: &str,
    device: &str,
    reader: impl BufRead + Send,
    default_session: &str,
    on_error: &mut impl FnMut(LineError),
) -> Result<ImportReport, ImportError> {
    let sql = |e| StoreError::sqlite(path, e);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql)?;
    let mut writer = Writer::new(&tx, &survey.id, hash, device).map_err(sql)?;
    let mut report = ImportReport::default();
    let mut bad = 0u64;
    let outcome = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Checked>>(BATCHES_IN_FLIGHT);
        scope.spawn(move || check_lines(survey, reader, sender));
        for batch in receiver {
            for item in batch {
                match item {
                    Checked::Good(line) if bad == 0 => {
                        let label = line.session.as_deref().unwrap_or(default_session);
                        match writer.write(&line, label).map_err(sql)? {
                            Written::New => report.imported += 1,
                            Written::AlreadyStored => report.skipped += 1,
                            Written::SheetTaken(number) => {
                                bad += 1;
                                on_error(LineError {
                                    line: line.number,
                                    message: format!("sheet {number} is already stored in session {label:?}"),
                                });
                            }
                        }
                    }
                    // Checking only, after a bad line: a sheet number already stored is still reported.
                    Checked::Good(line) => {
                        let label = line.session.as_deref().unwrap_or(default_session);
                        if let Some(number) = writer.sheet_taken(&line, label).map_err(sql)? {
                            bad += 1;
                            on_error(LineError {
                                line: line.number,
                                message: format!("sheet {number} is already stored in session {label:?}"),
                            });
                        }
                    }
                    Checked::Bad(e) => {
                        bad += 1;
                        on_error(e);
                    }
                    Checked::Unreadable { line, message } => return Err(ImportError::Read { line, message }),
                }
            }
        }
        Ok(())
    });
    outcome?;
    if bad > 0 {
        return Err(ImportError::BadLines { bad });
    }
    report.sessions = writer.sessions.keys().cloned().collect();
    report.sessions.sort();
    drop(writer);
    tx.commit().map_err(sql)?;
    Ok(report)
}

/// Reads, parses and checks every line, sending them on in batches. Stops early only when the
/// file cannot be read (or the writer has given up).
fn check_lines(survey: &Survey, mut reader: impl BufRead, sender: std::sync::mpsc::SyncSender<Vec<Checked>>) {
    let mut text = String::new();
    let mut batch = Vec::with_capacity(BATCH);
    // (session label or "" for the default, sheet) → the line that first used it.
    let mut sheets: HashMap<(String, String), usize> = HashMap::new();
    let mut number = 0;
    loop {
        text.clear();
        number += 1;
        match reader.read_line(&mut text) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                batch.push(Checked::Unreadable {
                    line: number,
                    message: e.to_string(),
                });
                break;
            }
        }
        let trimmed = text.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() {
            continue;
        }
        let parsed = parse_line(trimmed, number)
            .and_then(|line| check_line(survey, line))
            .and_then(|line| match &line.sheet {
                Some(sheet) => {
                    let key = (line.session.clone().unwrap_or_default(), sheet.clone());
                    match sheets.insert(key, number) {
                        Some(first) => Err(format!("sheet {sheet} is also on line {first} in the same session")),
                        None => Ok(line),
                    }
                }
                None => Ok(line),
            });
        batch.push(match parsed {
            Ok(line) => Checked::Good(line),
            Err(message) => Checked::Bad(LineError { line: number, message }),
        });
        if batch.len() == BATCH
            && sender
                .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                .is_err()
        {
            return;
        }
    }
    let _ = sender.send(batch);
}

fn parse_line(text: &str, number: usize) -> Result<Line, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let Value::Object(mut obj) = value else {
        return Err("expected an object {\"answers\": {…}}".to_string());
    };
    for key in obj.keys() {
        if !["id", "session", "submitted_at", "sheet", "answers"].contains(&key.as_str()) {
            return Err(format!(
                "unknown field {key:?} (expected id, session, submitted_at, sheet, answers)"
            ));
        }
    }
    let string = |obj: &mut Map<String, Value>, key: &str| match obj.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("{key}: expected a string, found {other}")),
    };
    let id = string(&mut obj, "id")?;
    if let Some(id) = &id
        && uuid::Uuid::parse_str(id).is_err()
    {
        return Err(format!("id: {id:?} is not a UUID"));
    }
    let sheet = match obj.remove("sheet") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(sheet_number(&s).map_err(|e| format!("sheet: {e}"))?),
        Some(Value::Number(n)) if n.is_u64() => Some(sheet_number(&n.to_string()).map_err(|e| format!("sheet: {e}"))?),
        Some(other) => return Err(format!("sheet: expected a sheet number, found {other}")),
    };
    let session = string(&mut obj, "session")?;
    if session.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err("session: the label is empty".to_string());
    }
    let submitted_at = match string(&mut obj, "submitted_at")? {
        None => None,
        Some(t) => Some(
            t.parse::<jiff::Timestamp>()
                .map_err(|e| format!("submitted_at: {t:?} is not an RFC 3339 time: {e}"))?
                .strftime("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
        ),
    };
    let answers = match obj.remove("answers") {
        Some(Value::Object(a)) => a,
        Some(other) => return Err(format!("answers: expected an object, found {other}")),
        None => return Err("missing \"answers\"".to_string()),
    };
    Ok(Line {
        number,
        id,
        sheet,
        session,
        submitted_at,
        answers,
    })
}

fn check_line(survey: &Survey, line: Line) -> Result<Line, String> {
    let problems = check_response(survey, &line.answers);
    if problems.is_empty() {
        Ok(line)
    } else {
        Err(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
    }
}

/// The prepared statements of one import transaction.
struct Writer<'t> {
    tx: &'t Transaction<'t>,
    survey_id: String,
    hash: String,
    device: String,
    sessions: HashMap<String, String>,
    exists: rusqlite::CachedStatement<'t>,
    sheet_taken: rusqlite::CachedStatement<'t>,
    insert_response: rusqlite::CachedStatement<'t>,
    /// `insert_answers[n - 1]` inserts n answer rows at once: far fewer statement runs than one
    /// row at a time, which is where a bulk import spends its time.
    insert_answers: Vec<Option<rusqlite::Statement<'t>>>,
}

/// What [`Writer::write`] did with a line.
enum Written {
    New,
    /// Its response id is already stored: skipped.
    AlreadyStored,
    /// Its sheet number is already used in its session: a bad line.
    SheetTaken(String),
}

/// The most answer rows one INSERT statement carries.
const ROWS_PER_INSERT: usize = 16;

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction<'t>, survey_id: &str, hash: &str, device: &str) -> rusqlite::Result<Self> {
        Ok(Writer {
            tx,
            survey_id: survey_id.to_string(),
            hash: hash.to_string(),
            device: device.to_string(),
            sessions: HashMap::new(),
            exists: tx.prepare_cached("SELECT 1 FROM responses WHERE id = ?1")?,
            sheet_taken: tx.prepare_cached("SELECT 1 FROM responses WHERE session_id = ?1 AND sheet = ?2")?,
            insert_response: tx.prepare_cached(
                "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, submitted_at, status, sheet)
                 VALUES (?1, ?2, ?3, ?4, ?4, ?4, 'submitted', ?5)",
            )?,
            insert_answers: (0..ROWS_PER_INSERT).map(|_| None).collect(),
        })
    }

    /// The session for a label: this laptop's session of that label, created on first use.
    fn session(&mut self, label: &str) -> rusqlite::Result<String> {
        if let Some(id) = self.sessions.get(label) {
            return Ok(id.clone());
        }
        let id = find_or_create_session(self.tx, &self.survey_id, label, &self.device)?;
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

    /// Inserts a response, unless its id is already stored or its sheet number is taken.
    fn write(&mut self, line: &Line, label: &str) -> rusqlite::Result<Written> {
        let id = match &line.id {
            Some(id) => {
                if self.exists.exists([id])? {
                    return Ok(Written::AlreadyStored);
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
        self.insert_response
            .execute(params![id, session, self.hash, at, line.sheet])?;
        let rid = self.tx.last_insert_rowid();
        let answers: Vec<(&String, String)> = line.answers.iter().map(|(q, v)| (q, v.to_string())).collect();
        for chunk in answers.chunks(ROWS_PER_INSERT) {
            let stmt = match &mut self.insert_answers[chunk.len() - 1] {
                Some(stmt) => stmt,
                slot => {
                    let values = vec!["(?, ?, ?)"; chunk.len()].join(", ");
                    slot.insert(self.tx.prepare(&format!(
                        "INSERT INTO answers (rid, question_id, value) VALUES {values}"
                    ))?)
                }
            };
            for (i, (qid, value)) in chunk.iter().enumerate() {
                stmt.raw_bind_parameter(3 * i + 1, rid)?;
                stmt.raw_bind_parameter(3 * i + 2, qid.as_str())?;
                stmt.raw_bind_parameter(3 * i + 3, value.as_str())?;
            }
            stmt.raw_execute()?;
        }
        Ok(Written::New)
    }
}
