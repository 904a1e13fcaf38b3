//! `koe merge`: bringing in the sessions, survey versions and responses of other laptops.
//!
//! Everything is done in SQL over an attached, read-only copy of the other database inside one
//! transaction, so a merge is fast, and either happens whole or not at all. Responses are keyed by
//! UUID: one already here with the same answers is skipped, one with different answers is a
//! conflict, reported and left as it is.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};

use super::schema::{SCHEMA_VERSION, version};
use super::{Store, StoreError};

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

const TABLES: &[&str] = &["survey_versions", "sessions", "responses", "answers"];

/// Checks that `other` is a koe database this build can read, without changing it.
pub fn check_other(store: &Store, other: &Path) -> Result<(), StoreError> {
    let not_koe = || StoreError::NotKoe {
        file: other.to_path_buf(),
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
    for table in TABLES {
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
    // A damaged file is not scanned here: the merge reads it inside one transaction, and SQLite
    // stops at the first damaged page, so the merge fails whole (see `damaged`).
    Ok(())
}

/// Merges one other database into this one.
pub fn merge(store: &mut Store, other: &Path) -> Result<MergeReport, StoreError> {
    check_other(store, other)?;
    let path = store.path.clone();
    let sql = |e| StoreError::sqlite(&path, e);
    store
        .conn
        .execute("ATTACH DATABASE ?1 AS other", [read_only_uri(other)])
        .map_err(sql)?;
    let result = store.without_foreign_keys(|conn| merge_attached(conn, other).map_err(|e| damaged(other, e)));
    let detached = store.conn.execute("DETACH DATABASE other", []).map_err(sql);
    let report = result?;
    detached?;
    Ok(report)
}

/// The schema version of an attached database.
fn version_of(conn: &Connection, schema: &str) -> rusqlite::Result<i64> {
    conn.pragma_query_value(Some(schema), "user_version", |r| r.get(0))
}

/// A read error of the other file, said plainly when it is damage.
fn damaged(other: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => StoreError::Other(format!(
            "{}: the database is damaged ({e}); nothing was merged",
            other.display()
        )),
        _ => StoreError::sqlite(other, e),
    }
}

/// A `file:` URI that opens the file read-only (SQLite's URI escapes for `%`, `?` and `#`).
fn read_only_uri(path: &Path) -> String {
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for c in absolute.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            '\\' => uri.push('/'),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=ro");
    uri
}

fn merge_attached(conn: &mut Connection, other: &Path) -> rusqlite::Result<MergeReport> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // A database from before paper sheets (schema 1) has no sheet columns: its responses have none.
    let sheet_columns = if version_of(&tx, "other")? >= 2 {
        "o.sheet, o.verified_at, o.differences"
    } else {
        "NULL, NULL, NULL"
    };
    let mut report = MergeReport {
        file: other.to_path_buf(),
        ..MergeReport::default()
    };
    {
        let mut stmt = tx.prepare(
            "SELECT o.id, s.survey_id FROM other.responses o
             JOIN main.responses m ON m.id = o.id
             JOIN other.sessions s ON s.id = o.session_id
             WHERE EXISTS (SELECT question_id, value FROM other.answers WHERE rid = o.rid
                           EXCEPT SELECT question_id, value FROM main.answers WHERE rid = m.rid)
                OR EXISTS (SELECT question_id, value FROM main.answers WHERE rid = m.rid
                           EXCEPT SELECT question_id, value FROM other.answers WHERE rid = o.rid)
             ORDER BY o.rid",
        )?;
        report.conflicts = stmt
            .query_map([], |r| {
                Ok(Conflict {
                    response_id: r.get(0)?,
                    survey_id: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    let shared: i64 = tx.query_row(
        "SELECT count(*) FROM other.responses o JOIN main.responses m ON m.id = o.id",
        [],
        |r| r.get(0),
    )?;
    report.already_here = shared as u64 - report.conflicts.len() as u64;
    report.survey_versions_added = tx.execute(
        "INSERT OR IGNORE INTO main.survey_versions (hash, survey_id, definition, stored_at)
         SELECT hash, survey_id, definition, stored_at FROM other.survey_versions",
        [],
    )? as u64;
    report.sessions_added = tx.execute(
        "INSERT OR IGNORE INTO main.sessions (id, survey_id, label, started_at, device)
         SELECT id, survey_id, label, started_at, device FROM other.sessions",
        [],
    )? as u64;
    let before: i64 = tx.query_row("SELECT coalesce(max(rid), 0) FROM main.responses", [], |r| r.get(0))?;
    report.responses_added = tx.execute(
        &format!(
            "INSERT INTO main.responses (id, session_id, survey_hash, started_at, updated_at, submitted_at, status,
                                         in_progress, sheet, verified_at, differences)
             SELECT o.id, o.session_id, o.survey_hash, o.started_at, o.updated_at, o.submitted_at, o.status, 0,
                    {sheet_columns}
             FROM other.responses o
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
    report.answers_added = tx.execute(
        "INSERT INTO main.answers (rid, question_id, value)
         SELECT m.rid, a.question_id, a.value
         FROM main.responses m JOIN other.responses o ON o.id = m.id JOIN other.answers a ON a.rid = o.rid
         WHERE m.rid > ?1
         ORDER BY m.rid",
        params![before],
    )? as u64;
    tx.commit()?;
    Ok(report)
}
