//! `koe merge`: bringing in the sessions, survey versions and responses of other laptops.
//!
//! All the files or none. Each file is checked first, read-only ([`check_other`]): a koe database
//! of a schema this build reads, undamaged (`PRAGMA quick_check`), every survey version a valid
//! survey, every response passing the checks an import makes (answers that fit, none to a hidden
//! question, strict RFC 3339 times), no response without its session or survey version. Any
//! fault refuses the whole merge, naming the file and the response. Then every file is read
//! read-only and copied into this database inside one transaction, however many there are. Responses are keyed by UUID: one already
//! here with the same answers is skipped, one with different answers is a conflict, reported and
//! left as it is. A file of an older schema, or whose response ids are not in canonical form
//! (stored as given by an older koe), is merged from a private copy, upgraded and normalised, so
//! that every file is read in this build's layout and the conflicts are found between canonical
//! ids. The other file itself is never changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params};

use super::import::{canonical_uuid, strict_rfc3339};
use super::schema::SCHEMA_VERSION;
use super::{Store, StoreError};
use crate::say;
use crate::survey::Survey;
use crate::survey::answer::check_stored_response;
use crate::survey::validate::{quote, survey_from_value};
use crate::words::Words;

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

/// A file refused by the merge, and why, in both languages: the merge is refused whole (exit 2).
fn refused(other: &Path, message: Words) -> StoreError {
    StoreError::Refused {
        file: other.to_path_buf(),
        message,
    }
}

/// Where a file's responses are merged from: the file itself, or a private copy of it.
enum Source {
    /// The file itself, with the read-only URI that opened it (immutable on a read-only drive).
    Original(PathBuf, String),
    Copy(PrivateCopy),
}

impl Source {
    fn path(&self) -> &Path {
        match self {
            Source::Original(p, _) => p,
            Source::Copy(c) => &c.0,
        }
    }

    /// The URI to open it by, read-only.
    fn uri(&self) -> String {
        match self {
            Source::Original(_, uri) => uri.clone(),
            Source::Copy(c) => read_only_uri(&c.0),
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
            refused(other, say!(data::MergeHandCopy))
        } else {
            StoreError::NotKoe {
                file: other.to_path_buf(),
            }
        }
    };
    if !other.is_file() {
        return Err(StoreError::Io {
            file: other.to_path_buf(),
            message: crate::say!(DbNoSuchFile),
        });
    }
    if let (Ok(a), Ok(b)) = (other.canonicalize(), store.path.canonicalize())
        && a == b
    {
        return Err(refused(other, say!(data::MergeItself)));
    }
    // Read-only and without changing it: also from a read-only drive or a folder this user
    // cannot write. Open errors are named for what they are (a damaged, foreign, newer file).
    let named = |e: StoreError| match e {
        StoreError::NotKoe { .. } => not_koe(),
        StoreError::Sqlite { source, .. } => damaged_or_failed(other, source),
        e => e,
    };
    let (conn, uri) = super::schema::open_read_only_uri(other).map_err(named)?;
    let v = super::schema::identify(&conn, other).map_err(named)?;
    if v < 1 {
        return Err(not_koe());
    }
    let damaged_file = |e: rusqlite::Error| damaged_or_failed(other, e);
    let report: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(damaged_file)?;
    if report != "ok" {
        return Err(refused(other, super::fault::damaged()));
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
            return Err(refused(other, say!(data::MergeAnswersOrphaned, n = orphans)));
        }
    }
    drop(conn);
    let mut source = Source::Original(other.to_path_buf(), uri);
    if v < SCHEMA_VERSION {
        // Read in this build's layout: a private copy, upgraded by the same migrations as any
        // database koe opens.
        let copy = private_copy(store, other, n)?;
        drop(
            super::schema::open(&copy.0)
                .map_err(|e| refused(other, say!(data::MergeCannotUpgrade, error = e.words())))?,
        );
        source = Source::Copy(copy);
    }
    let conn = Connection::open_with_flags(
        source.uri(),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )
    .map_err(|e| StoreError::sqlite(source.path(), e))?;
    let needs_normalising = check_contents(&conn, other)?;
    drop(conn);
    if needs_normalising {
        let copy = match source {
            Source::Copy(copy) => copy,
            Source::Original(..) => private_copy(store, other, n)?,
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
    let damaged_file = |e: rusqlite::Error| damaged_or_failed(other, e);
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
            let bad = |why: Words| {
                refused(
                    other,
                    say!(
                        data::MergeBadSurveyVersion,
                        hash = short(&hash),
                        survey = quote(&survey_id),
                        why = why
                    ),
                )
            };
            let value: serde_json::Value =
                serde_json::from_str(&definition).map_err(|e| bad(Words::same(e.to_string())))?;
            let survey = survey_from_value(&value).map_err(|faults| bad(faults[0].said()))?;
            if survey.id != survey_id {
                return Err(bad(say!(data::MergeVersionIsOther, survey = quote(&survey.id))));
            }
            surveys.insert(hash, survey);
        }
    }
    let count = |sql: &str| -> Result<i64, StoreError> { conn.query_row(sql, [], |r| r.get(0)).map_err(damaged_file) };
    let orphans = count(
        "SELECT count(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.id = r.session_id)",
    )?;
    if orphans > 0 {
        return Err(refused(other, say!(data::MergeNoSession, n = orphans)));
    }
    let orphans = count(
        "SELECT count(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM survey_versions v WHERE v.hash = r.survey_hash)",
    )?;
    if orphans > 0 {
        return Err(refused(other, say!(data::MergeNoSurveyVersion, n = orphans)));
    }
    let damaged =
        count("SELECT count(*) FROM responses WHERE NOT json_valid(answers) OR json_type(answers) <> 'object'")?;
    if damaged > 0 {
        return Err(refused(other, say!(data::MergeAnswersNotObject, n = damaged)));
    }
    // Every response passes the checks an import makes (one checker: `check_stored_response`):
    // its answers fit the survey version it was given with, none answers a hidden question, and
    // its times are strict RFC 3339, as an export and the tallies read them.
    {
        let mut stmt = conn
            .prepare(
                "SELECT id, survey_hash, answers, started_at, updated_at, submitted_at FROM responses ORDER BY rid",
            )
            .map_err(damaged_file)?;
        let mut rows = stmt.query([]).map_err(damaged_file)?;
        while let Some(row) = rows.next().map_err(damaged_file)? {
            let text = |i| -> Result<Option<String>, StoreError> { row.get(i).map_err(damaged_file) };
            let id = text(0)?.unwrap_or_default();
            let bad = |why: Words| refused(other, say!(data::MergeResponse, id = quote(&id), why = why));
            let hash = text(1)?.unwrap_or_default();
            let survey = surveys.get(&hash).ok_or_else(|| bad(say!(data::MergeVersionMissing)))?;
            let answers: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&text(2)?.unwrap_or_default()).map_err(|e| bad(Words::same(e.to_string())))?;
            let faults = check_stored_response(survey, &answers);
            if let Some(fault) = faults.first() {
                return Err(bad(say!(
                    data::MergeDoesNotFit,
                    survey = survey.id,
                    fault = fault.said()
                )));
            }
            for (i, field) in [(3, "started_at"), (4, "updated_at"), (5, "submitted_at")] {
                if let Some(t) = text(i)? {
                    strict_rfc3339(&t).map_err(|e| bad(Words::at(field, &e)))?;
                }
            }
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
            None => return Err(refused(other, say!(data::MergeIdNotUuid, id = quote(&id)))),
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
    let source = super::schema::open_read_only(other)?;
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
        serde_json::from_str(&json).map_err(|e| refused(other, say!(data::MergeDamagedAnswers, error = e)))
    };
    let mut first: HashMap<String, i64> = HashMap::new();
    for (rid, id) in ids {
        let canonical =
            canonical_uuid(&id).ok_or_else(|| refused(other, say!(data::MergeIdNotUuid, id = quote(&id))))?;
        if let Some(&kept) = first.get(&canonical) {
            if answers_of(kept)? != answers_of(rid)? {
                return Err(refused(other, say!(data::MergeIdsCollide, id = canonical)));
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
/// first, and any fault (or failure) leaves this database as it was. Any number of files: each is
/// read through its own read-only connection and copied into this database's one transaction
/// (SQLite attaches at most ten databases, and never inside a transaction).
pub fn merge_all(store: &mut Store, others: &[PathBuf]) -> Result<Vec<MergeReport>, StoreError> {
    let sources: Vec<Source> = others
        .iter()
        .enumerate()
        .map(|(n, other)| check_other(store, other, n))
        .collect::<Result<_, _>>()?;
    let path = store.path.clone();
    let sql = |e| StoreError::sqlite(&path, e);
    let readers: Vec<Connection> = sources
        .iter()
        .zip(others)
        .map(|(source, other)| {
            let conn = Connection::open_with_flags(
                source.uri(),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
            )
            .map_err(|e| StoreError::sqlite(other, e))?;
            // One read transaction: the file is read as one consistent snapshot, also while its
            // own koe writes it.
            conn.execute_batch("BEGIN").map_err(|e| StoreError::sqlite(other, e))?;
            Ok(conn)
        })
        .collect::<Result<_, StoreError>>()?;
    store.wait_for_write_lock()?;
    let result = store.without_foreign_keys(|conn| {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let mut reports = Vec::new();
        for (reader, other) in readers.iter().zip(others) {
            reports.push(merge_from(&tx, reader, other).map_err(|e| failed(&tx, &path, reader, other, e))?);
        }
        tx.commit().map_err(sql)?;
        Ok(reports)
    });
    drop(readers);
    drop(sources);
    result
}

/// Merges other databases into the database at `path`, all or nothing. A database that does not
/// exist yet is written aside and moved into place only when the merge succeeded: a refused merge
/// creates no database and no folders. Leftovers of killed koes in its folder are removed.
pub fn merge_into(
    path: &Path,
    others: &[PathBuf],
    on_lock_wait: impl FnMut(&Path) + Send + 'static,
) -> Result<Vec<MergeReport>, StoreError> {
    if path.exists() {
        let mut store = Store::open(path)?;
        super::stale::clean(path.parent().unwrap_or(Path::new(".")));
        store.on_lock_wait(on_lock_wait);
        return merge_all(&mut store, others);
    }
    let aside = super::new_database::NewDatabase::beside(path)?;
    let mut store = aside.open(path)?;
    let reports = store.writing_unseen_file(|store| merge_all(store, others))?;
    // Closing the only connection checkpoints the write-ahead log into the file.
    drop(store);
    aside.move_to(path, crate::words::data::Said::TheMerge)?;
    Ok(reports)
}

/// Merges one other database into this one.
pub fn merge(store: &mut Store, other: &Path) -> Result<MergeReport, StoreError> {
    let mut reports = merge_all(store, &[other.to_path_buf()])?;
    Ok(reports.remove(0))
}

/// An error met while reading `other` to check it: damage refuses the merge naming it; anything
/// else is said for what it is.
fn damaged_or_failed(other: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            refused(other, super::fault::damaged())
        }
        _ => StoreError::sqlite(other, e),
    }
}

/// A failure while merging `other`, blamed on the right file. Damage found while both files are
/// read: `other` passed its integrity check moments ago, so this database is checked; whichever
/// fails its check is named (this database when both pass: its pages were read too). Anything
/// else (a lock, a full disk) is this database's.
fn failed(ours: &Connection, path: &Path, theirs: &Connection, other: &Path, e: rusqlite::Error) -> StoreError {
    let damage = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    );
    if !damage {
        return StoreError::sqlite(path, e);
    }
    let sound = |conn: &Connection| {
        conn.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0))
            .is_ok_and(|r| r == "ok")
    };
    if !sound(ours) || sound(theirs) {
        refused(path, super::fault::damaged())
    } else {
        refused(other, super::fault::damaged())
    }
}

/// A `file:` URI that opens the file read-only (on Windows `canonicalize` gives a verbatim
/// `\\?\` path, which [`super::schema::uri_of`] writes in a form SQLite accepts).
fn read_only_uri(path: &Path) -> String {
    super::schema::file_uri(&path.canonicalize().unwrap_or_else(|_| path.to_path_buf()), "mode=ro")
}

/// Merges one other database (read through `theirs`, in this build's layout: see
/// [`check_other`]) into this one.
fn merge_from(tx: &Transaction, theirs: &Connection, other: &Path) -> rusqlite::Result<MergeReport> {
    use rusqlite::types::ToSqlOutput;
    let mut report = MergeReport {
        file: other.to_path_buf(),
        ..MergeReport::default()
    };
    /// Copies every row a query reads into an insert of the same columns; returns the rows added.
    fn copy(theirs: &Connection, tx: &Transaction, read: &str, insert: &str) -> rusqlite::Result<u64> {
        let mut read = theirs.prepare(read)?;
        let columns = read.column_count();
        let mut insert = tx.prepare(insert)?;
        let mut rows = read.query([])?;
        let mut added = 0;
        while let Some(row) = rows.next()? {
            let values: Vec<ToSqlOutput> = (0..columns)
                .map(|i| row.get_ref(i).map(ToSqlOutput::Borrowed))
                .collect::<rusqlite::Result<_>>()?;
            added += insert.execute(rusqlite::params_from_iter(values))? as u64;
        }
        Ok(added)
    }
    report.survey_versions_added = copy(
        theirs,
        tx,
        "SELECT hash, survey_id, definition, stored_at FROM survey_versions",
        "INSERT OR IGNORE INTO survey_versions (hash, survey_id, definition, stored_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    report.sessions_added = copy(
        theirs,
        tx,
        "SELECT id, survey_id, label, started_at, device, practice FROM sessions",
        "INSERT OR IGNORE INTO sessions (id, survey_id, label, started_at, device, practice) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let before: i64 = tx.query_row("SELECT coalesce(max(rid), 0) FROM main.responses", [], |r| r.get(0))?;
    // Responses on both sides: the same answers (compared as JSON objects, whatever order their
    // keys were saved in) are already here; different ones are a conflict, left as they are.
    let mut read = theirs.prepare(
        "SELECT o.id, coalesce(s.survey_id, ''), o.session_id, o.survey_hash, o.started_at, o.updated_at,
                o.submitted_at, o.status, o.sheet, o.verified_at, o.differences, o.answers, o.terms, o.terms_version
         FROM responses o LEFT JOIN sessions s ON s.id = o.session_id
         ORDER BY o.rid",
    )?;
    let mut here = tx.prepare("SELECT answers FROM main.responses WHERE id = ?1")?;
    let mut insert = tx.prepare(
        "INSERT INTO main.responses (id, session_id, survey_hash, started_at, updated_at, submitted_at, status,
                                     in_progress, sheet, verified_at, differences, answers, terms, terms_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let stored: Option<String> = here.query_row([&id], |r| r.get(0)).optional()?;
        if let Some(stored) = stored {
            let theirs_answers = serde_json::from_str::<serde_json::Value>(row.get_ref(11)?.as_str()?).ok();
            if serde_json::from_str::<serde_json::Value>(&stored).ok() == theirs_answers {
                report.already_here += 1;
            } else {
                report.conflicts.push(Conflict {
                    response_id: id,
                    survey_id: row.get(1)?,
                });
            }
            continue;
        }
        let values: Vec<ToSqlOutput> = std::iter::once(0)
            .chain(2..14)
            .map(|i| row.get_ref(i).map(ToSqlOutput::Borrowed))
            .collect::<rusqlite::Result<_>>()?;
        insert.execute(rusqlite::params_from_iter(values))?;
        report.responses_added += 1;
    }
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
