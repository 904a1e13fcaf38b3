//! `koe merge`: bringing in the sessions, survey versions and responses of other laptops.
//!
//! All the files or none. Each file is checked first, read-only ([`check_other`]): a koe database
//! of a schema this build reads, undamaged (`PRAGMA quick_check`), every survey version a valid
//! survey, every answer fitting its survey version, no response without its session or survey
//! version. Any fault refuses the whole merge, naming the file. Then every file is attached
//! read-only and merged in SQL inside one transaction. Responses are keyed by UUID: one already
//! here with the same answers is skipped, one with different answers is a conflict, reported and
//! left as it is. A file of an older schema, or whose response ids are not in canonical form
//! (stored as given by an older koe), is merged from a private copy, upgraded and normalised, so
//! that every file is read in this build's layout and the conflicts are found between canonical
//! ids. The other file itself is never changed.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior, params};

use super::import::canonical_uuid;
use super::schema::{SCHEMA_VERSION, version};
use super::{Store, StoreError};
use crate::survey::Survey;
use crate::survey::answer::check_answer;
use crate::survey::validate::{quote, survey_from_value};

/// A response id stored on both sides with different answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub response_id: String,
    pub survey_id: String,
}

/// What one merge brought in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub file: PathBuf,
    pub responses_added: u64,
    pub answers_added: u64,
    pub sessions_added: u64,
    pub survey_versions_added: u64,
    /// Responses already here with the same answers.
    pub already_here: u64,
    pub conflicts: Vec<Conflict>,
}

/// The tables every koe database has (an `answers` table too before schema 3).
const TABLES: &[&str] = &["survey_versions", "sessions", "responses"];

/// The most files one merge takes: each is attached to the one transaction, and SQLite attaches
/// at most ten databases at a time.
pub const MAX_FILES: usize = 10;

/// A fault found in a file before merging: the merge is refused whole (exit 2).
fn refused(other: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Refused {
        file: other.to_path_buf(),
        message: message.into(),
    }
}

/// Where a file's responses are merged from: the file itself, or a private copy of it.
enum Source {
    Original(PathBuf),
    Copy(PrivateCopy),
}

impl Source {
    fn path(&self) -> &Path {
        match self {
            Source::Original(p) => p,
            Source::Copy(c) => &c.0,
        }
    }
}

/// Checks that `other` is a koe database this build can read, undamaged and consistent, without
/// changing it; returns what to merge from (a private upgraded or normalised copy when needed).
fn check_other(store: &Store, other: &Path, n: usize) -> Result<Source, StoreError> {
    // Asked before SQLite opens the file: opening it makes an empty `-wal` beside it.
    let hand_copy = copied_without_its_log(other);
    let not_koe = || {
        if hand_copy {
            refused(
                other,
                "this copy lacks its -wal file: it was copied by hand while koe was running, so its answers are not in it; on that laptop, copy the database with `koe backup PATH` and merge that copy",
            )
        } else {
            StoreError::NotKoe {
                file: other.to_path_buf(),
            }
        }
    };
    if !other.is_file() {
        return Err(StoreError::Io {
            file: other.to_path_buf(),
            message: "no such file".into(),
        });
    }
    if let (Ok(a), Ok(b)) = (other.canonicalize(), store.path.canonicalize())
        && a == b
    {
        return Err(StoreError::Other(format!(
            "{}: that is this database itself",
            other.display()
        )));
    }
    let conn = Connection::open_with_flags(
        other,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| not_koe())?;
    let v = version(&conn).map_err(|_| not_koe())?;
    if v > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            file: other.to_path_buf(),
            version: v,
        });
    }
    let old_answers: &[&str] = if v < 3 { &["answers"] } else { &[] };
    for table in TABLES.iter().chain(old_answers) {
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(|_| not_koe())?;
        if found == 0 || v < 1 {
            return Err(not_koe());
        }
    }
    let damaged_file = |e: rusqlite::Error| refused(other, format!("the database is damaged ({e})"));
    let report: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(damaged_file)?;
    if report != "ok" {
        return Err(refused(other, format!("the database is damaged ({report})")));
    }
    if v < 3 {
        let orphans: i64 = conn
            .query_row(
                "SELECT count(*) FROM answers a WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.rid = a.rid)",
                [],
                |r| r.get(0),
            )
            .map_err(damaged_file)?;
        if orphans > 0 {
            return Err(refused(other, format!("{orphans} answer(s) without their response")));
        }
    }
    drop(conn);
    let mut source = Source::Original(other.to_path_buf());
    if v < SCHEMA_VERSION {
        // Read in this build's layout: a private copy, upgraded by the same migrations as any
        // database koe opens.
        let copy = private_copy(store, other, n)?;
        drop(super::schema::open(&copy.0).map_err(|e| refused(other, format!("cannot be upgraded ({e})")))?);
        source = Source::Copy(copy);
    }
    let conn = Connection::open_with_flags(
        source.path(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::sqlite(source.path(), e))?;
    let needs_normalising = check_contents(&conn, other)?;
    drop(conn);
    if needs_normalising {
        let copy = match source {
            Source::Copy(copy) => copy,
            Source::Original(_) => private_copy(store, other, n)?,
        };
        normalise(&copy, other)?;
        source = Source::Copy(copy);
    }
    Ok(source)
}

/// Whether `path` is a database in WAL mode (its header's read and write versions are 2) whose
/// `-wal` file is not beside it: what a hand copy of a running koe's database looks like. Its
/// newest pages, often all of its answers, were in the log that was left behind.
fn copied_without_its_log(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 20];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    let wal_mode = read.is_ok() && header.starts_with(b"SQLite format 3\0") && header[18] == 2 && header[19] == 2;
    let mut log = path.as_os_str().to_owned();
    log.push("-wal");
    wal_mode && !Path::new(&log).exists()
}

/// The deep checks of a file about to be merged; see the module's documentation.
fn check_contents(conn: &Connection, other: &Path) -> Result<bool, StoreError> {
    let damaged_file = |e: rusqlite::Error| refused(other, format!("the database is damaged ({e})"));
    // Every survey version must be a valid survey: an export reads them back.
    let mut surveys: HashMap<String, Survey> = HashMap::new();
    {
        let mut stmt = conn
            .prepare("SELECT hash, survey_id, definition FROM survey_versions")
            .map_err(damaged_file)?;
        let mut rows = stmt.query([]).map_err(damaged_file)?;
        while let Some(row) = rows.next().map_err(damaged_file)? {
            let hash: String = row.get(0).map_err(damaged_file)?;
            let survey_id: String = row.get(1).map_err(damaged_file)?;
            let definition: String = row.get(2).map_err(damaged_file)?;
            let bad = |why: String| {
                refused(
                    other,
                    format!(
                        "survey version {} of {} is not a valid survey: {why}",
                        short(&hash),
                        quote(&survey_id)
                    ),
                )
            };
            let value: serde_json::Value = serde_json::from_str(&definition).map_err(|e| bad(e.to_string()))?;
            let survey = survey_from_value(&value).map_err(|faults| bad(faults[0].to_string()))?;
            if survey.id != survey_id {
                return Err(bad(format!("it is the survey {}", quote(&survey.id))));
            }
            surveys.insert(hash, survey);
        }
    }
    let count = |sql: &str| -> Result<i64, StoreError> { conn.query_row(sql, [], |r| r.get(0)).map_err(damaged_file) };
    let orphans = count(
        "SELECT count(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = r.session_id)",
    )?;
    if orphans > 0 {
        return Err(refused(other, format!("{orphans} response(s) without their session")));
    }
    let orphans = count(
        "SELECT count(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM survey_versions v WHERE v.hash = r.survey_hash)",
    )?;
    if orphans > 0 {
        return Err(refused(
            other,
            format!("{orphans} response(s) without their survey version"),
        ));
    }
    let damaged =
        count("SELECT count(*) FROM responses WHERE NOT json_valid(answers) OR json_type(answers) <> 'object'")?;
    if damaged > 0 {
        return Err(refused(
            other,
            format!("{damaged} response(s) whose answers are not a JSON object"),
        ));
    }
    // Every answer must fit the survey version it was given with: an export would leave it out.
    // Answers repeat (the same choice, the same point) across thousands of responses, so each
    // distinct (version, question, value) is checked once.
    {
        let mut fitted: HashSet<u64> = HashSet::new();
        let mut stmt = conn
            .prepare(
                "SELECT r.survey_hash, a.key, r.answers -> a.fullkey, r.rid FROM responses r, json_each(r.answers) a",
            )
            .map_err(damaged_file)?;
        let mut rows = stmt.query([]).map_err(damaged_file)?;
        while let Some(row) = rows.next().map_err(damaged_file)? {
            let text = |i| -> Result<&str, StoreError> {
                row.get_ref(i)
                    .and_then(|v| {
                        v.as_str()
                            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e)))
                    })
                    .map_err(damaged_file)
            };
            let (hash, qid, value) = (text(0)?, text(1)?, text(2)?);
            let key = {
                let mut h = DefaultHasher::new();
                (hash, qid, value).hash(&mut h);
                h.finish()
            };
            if fitted.contains(&key) {
                continue;
            }
            let survey = surveys
                .get(hash)
                .ok_or_else(|| refused(other, "an answer without its survey version"))?;
            let bad = |why: String| {
                let rid: i64 = row.get(3).unwrap_or_default();
                let id: String = conn
                    .query_row("SELECT id FROM responses WHERE rid = ?1", [rid], |r| r.get(0))
                    .unwrap_or_default();
                refused(
                    other,
                    format!(
                        "response {}: the answer to {} does not fit survey {} as stored: {why}",
                        quote(&id),
                        quote(qid),
                        survey.id
                    ),
                )
            };
            let question = survey.question(qid).ok_or_else(|| bad("no such question".into()))?;
            let value: serde_json::Value = serde_json::from_str(value).map_err(|e| bad(e.to_string()))?;
            check_answer(question, &value).map_err(|e| bad(e.to_string()))?;
            fitted.insert(key);
        }
    }
    // Response ids: any spelling of a UUID, but one response once.
    let mut needs_normalising = false;
    let mut stmt = conn.prepare("SELECT id FROM responses").map_err(damaged_file)?;
    let mut rows = stmt.query([]).map_err(damaged_file)?;
    while let Some(row) = rows.next().map_err(damaged_file)? {
        let id: String = row.get(0).map_err(damaged_file)?;
        match canonical_uuid(&id) {
            Some(c) if c == id => {}
            Some(_) => needs_normalising = true,
            None => return Err(refused(other, format!("response id {} is not a UUID", quote(&id)))),
        }
    }
    Ok(needs_normalising)
}

/// The first characters of a hash, enough to tell versions apart in a message.
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// A private copy of another database beside this one, deleted when dropped.
struct PrivateCopy(PathBuf);

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        super::schema::remove_files(&self.0);
    }
}

/// Copies `other` (read-only, consistent even while another koe writes it) into a private file.
fn private_copy(store: &Store, other: &Path, n: usize) -> Result<PrivateCopy, StoreError> {
    let dir = store.path.parent().unwrap_or(Path::new("."));
    let copy = PrivateCopy(dir.join(format!(".koe-merge-{}-{n}.db", std::process::id())));
    let _ = std::fs::remove_file(&copy.0);
    super::schema::create_private(&copy.0)?;
    let source = Connection::open_with_flags(other, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::sqlite(other, e))?;
    source
        .execute("VACUUM INTO ?1", [copy.0.to_string_lossy()])
        .map_err(|e| StoreError::sqlite(other, e))?;
    Ok(copy)
}

/// Gives the responses of a copy of `other` canonical ids. Two responses that become one id are
/// kept once when their answers are the same, and refuse the merge when they differ.
fn normalise(copy: &PrivateCopy, other: &Path) -> Result<(), StoreError> {
    let sql_copy = |e| StoreError::sqlite(&copy.0, e);
    let mut conn = Connection::open(&copy.0).map_err(sql_copy)?;
    let tx = conn.transaction().map_err(sql_copy)?;
    let ids: Vec<(i64, String)> = {
        let mut stmt = tx
            .prepare("SELECT rid, id FROM responses ORDER BY rid")
            .map_err(sql_copy)?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sql_copy)?
            .collect::<rusqlite::Result<_>>()
            .map_err(sql_copy)?
    };
    let answers_of = |rid: i64| -> Result<serde_json::Value, StoreError> {
        let json: String = tx
            .query_row("SELECT answers FROM responses WHERE rid = ?1", [rid], |r| r.get(0))
            .map_err(sql_copy)?;
        serde_json::from_str(&json).map_err(|e| refused(other, format!("damaged answers ({e})")))
    };
    let mut first: HashMap<String, i64> = HashMap::new();
    for (rid, id) in ids {
        let canonical =
            canonical_uuid(&id).ok_or_else(|| refused(other, format!("response id {} is not a UUID", quote(&id))))?;
        if let Some(&kept) = first.get(&canonical) {
            if answers_of(kept)? != answers_of(rid)? {
                return Err(refused(
                    other,
                    format!("two responses are one id {canonical} once normalised, with different answers"),
                ));
            }
            tx.execute("DELETE FROM responses WHERE rid = ?1", [rid])
                .map_err(sql_copy)?;
            continue;
        }
        first.insert(canonical.clone(), rid);
        if canonical != id {
            // A temporary id first: another row may still hold this canonical spelling's slot.
            tx.execute(
                "UPDATE responses SET id = ?1 WHERE rid = ?2",
                params![format!("~{canonical}"), rid],
            )
            .map_err(sql_copy)?;
        }
    }
    tx.execute("UPDATE responses SET id = substr(id, 2) WHERE id LIKE '~%'", [])
        .map_err(sql_copy)?;
    tx.commit().map_err(sql_copy)
}

/// Merges several other databases into this one, all in one transaction: every file is checked
/// first, and any fault (or failure) leaves this database as it was.
pub fn merge_all(store: &mut Store, others: &[PathBuf]) -> Result<Vec<MergeReport>, StoreError> {
    if others.len() > MAX_FILES {
        return Err(refused(
            &others[MAX_FILES],
            format!(
                "koe merge takes at most {MAX_FILES} files at a time (all or nothing); merge the rest in a second run"
            ),
        ));
    }
    let sources: Vec<Source> = others
        .iter()
        .enumerate()
        .map(|(n, other)| check_other(store, other, n))
        .collect::<Result<_, _>>()?;
    let path = store.path.clone();
    let sql = |e| StoreError::sqlite(&path, e);
    store.wait_for_write_lock()?;
    let mut attached = 0;
    let mut result = Ok(Vec::new());
    for (n, source) in sources.iter().enumerate() {
        if let Err(e) = store.conn.execute(
            &format!("ATTACH DATABASE ?1 AS other{n}"),
            [read_only_uri(source.path())],
        ) {
            result = Err(StoreError::sqlite(&others[n], e));
            break;
        }
        attached += 1;
    }
    if result.is_ok() {
        result = store.without_foreign_keys(|conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql)?;
            let mut reports = Vec::new();
            for (n, other) in others.iter().enumerate() {
                reports.push(merge_attached(&tx, &format!("other{n}"), other).map_err(|e| failed(&path, other, e))?);
            }
            tx.commit().map_err(sql)?;
            Ok(reports)
        });
    }
    for n in 0..attached {
        let _ = store.conn.execute(&format!("DETACH DATABASE other{n}"), []);
    }
    drop(sources);
    result
}

/// Merges one other database into this one.
pub fn merge(store: &mut Store, other: &Path) -> Result<MergeReport, StoreError> {
    let mut reports = merge_all(store, &[other.to_path_buf()])?;
    Ok(reports.remove(0))
}

/// A failure while merging `other`, blamed on the right file: damage on the other file, anything
/// else (a lock, a full disk) on this database.
fn failed(ours: &Path, other: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            refused(other, format!("the database is damaged ({e})"))
        }
        _ => StoreError::sqlite(ours, e),
    }
}

/// A `file:` URI that opens the file read-only (on Windows `canonicalize` gives a verbatim
/// `\\?\` path, which [`super::schema::uri_of`] writes in a form SQLite accepts).
fn read_only_uri(path: &Path) -> String {
    super::schema::file_uri(&path.canonicalize().unwrap_or_else(|_| path.to_path_buf()), "mode=ro")
}

/// Merges one attached database (in this build's layout: see [`check_other`]) into this one.
fn merge_attached(tx: &Transaction, o: &str, other: &Path) -> rusqlite::Result<MergeReport> {
    let mut report = MergeReport {
        file: other.to_path_buf(),
        ..MergeReport::default()
    };
    // Responses on both sides: the same answers (compared as JSON objects, whatever order their
    // keys were saved in) are already here; different ones are a conflict.
    let mut shared = 0u64;
    {
        let mut stmt = tx.prepare(&format!(
            "SELECT o.id, s.survey_id, o.answers, m.answers FROM {o}.responses o
             JOIN main.responses m ON m.id = o.id
             JOIN {o}.sessions s ON s.id = o.session_id
             ORDER BY o.rid"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            shared += 1;
            let parse = |i| -> rusqlite::Result<Option<serde_json::Value>> {
                Ok(serde_json::from_str(row.get_ref(i)?.as_str()?).ok())
            };
            if parse(2)? != parse(3)? {
                report.conflicts.push(Conflict {
                    response_id: row.get(0)?,
                    survey_id: row.get(1)?,
                });
            }
        }
    }
    report.already_here = shared - report.conflicts.len() as u64;
    report.survey_versions_added = tx.execute(
        &format!(
            "INSERT OR IGNORE INTO main.survey_versions (hash, survey_id, definition, stored_at)
         SELECT hash, survey_id, definition, stored_at FROM {o}.survey_versions"
        ),
        [],
    )? as u64;
    report.sessions_added = tx.execute(
        &format!(
            "INSERT OR IGNORE INTO main.sessions (id, survey_id, label, started_at, device, practice)
         SELECT id, survey_id, label, started_at, device, practice FROM {o}.sessions"
        ),
        [],
    )? as u64;
    let before: i64 = tx.query_row("SELECT coalesce(max(rid), 0) FROM main.responses", [], |r| r.get(0))?;
    report.responses_added = tx.execute(
        &format!(
            "INSERT INTO main.responses (id, session_id, survey_hash, started_at, updated_at, submitted_at, status,
                                         in_progress, sheet, verified_at, differences, answers, terms, terms_version)
             SELECT o.id, o.session_id, o.survey_hash, o.started_at, o.updated_at, o.submitted_at, o.status, 0,
                    o.sheet, o.verified_at, o.differences, o.answers, o.terms, o.terms_version
             FROM {o}.responses o
             WHERE NOT EXISTS (SELECT 1 FROM main.responses m WHERE m.id = o.id)
             ORDER BY o.rid"
        ),
        [],
    )? as u64;
    // Foreign keys are not enforced row by row here (see `Store::without_foreign_keys`): every
    // new response must still find its session and survey version.
    let orphans: i64 = tx.query_row(
        "SELECT count(*) FROM main.responses m WHERE m.rid > ?1
           AND (NOT EXISTS (SELECT 1 FROM main.sessions s WHERE s.id = m.session_id)
             OR NOT EXISTS (SELECT 1 FROM main.survey_versions v WHERE v.hash = m.survey_hash))",
        params![before],
        |r| r.get(0),
    )?;
    if orphans > 0 {
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
            Some(format!("{orphans} response(s) without their session or survey version")),
        ));
    }
    report.answers_added = tx.query_row(
        "SELECT coalesce(sum((SELECT count(*) FROM json_each(m.answers))), 0) FROM main.responses m WHERE m.rid > ?1",
        params![before],
        |r| r.get::<_, i64>(0),
    )? as u64;
    Ok(report)
}
