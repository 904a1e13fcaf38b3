//! Reading stored responses for the tallies: streamed in storage order, one response at a time,
//! so an export holds one response in memory, never all of them.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params_from_iter};
use serde_json::{Map, Value};

use super::{Store, StoreError};
use crate::survey::Survey;

/// Which responses to read.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub survey_id: String,
    /// Only these session labels (all when empty).
    pub sessions: Vec<String>,
    /// Partial responses too, not only submitted ones.
    pub include_partial: bool,
}

/// One stored response.
#[derive(Clone, Debug, Default)]
pub struct Scanned {
    pub id: String,
    pub session: String,
    pub started_at: String,
    pub submitted_at: Option<String>,
    pub status: String,
    /// The sheet number of a paper sheet typed in with `koe entry` (or imported with one).
    pub sheet: Option<String>,
    /// Whether a paper sheet was verified by a second entry (`false` for a kiosk response).
    pub verified: bool,
    pub answers: Map<String, Value>,
}

impl Filter {
    fn clause(&self) -> (String, Vec<String>) {
        let mut sql = String::from("s.survey_id = ?");
        let mut params = vec![self.survey_id.clone()];
        if !self.include_partial {
            sql.push_str(" AND r.status = 'submitted'");
        }
        if !self.sessions.is_empty() {
            sql.push_str(&format!(
                " AND s.label IN ({})",
                vec!["?"; self.sessions.len()].join(", ")
            ));
            params.extend(self.sessions.iter().cloned());
        }
        (sql, params)
    }
}

impl Store {
    /// Calls `f` for every response that passes the filter, in storage order.
    ///
    /// The rows are read and their JSON parsed on a second thread (its own read-only connection;
    /// WAL lets it read while a kiosk writes) while `f` runs on this one, so an export takes about
    /// as long as the slower of reading and tallying rather than both. At most a few batches of
    /// responses are in flight at once.
    pub fn scan_responses<E: From<StoreError>>(
        &self,
        filter: &Filter,
        mut f: impl FnMut(&Scanned) -> Result<(), E>,
    ) -> Result<(), E> {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Vec<Scanned>, StoreError>>(4);
        let path = self.path.clone();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let result = read_batches(&path, filter, |batch| sender.send(Ok(batch)).is_ok());
                if let Err(e) = result {
                    let _ = sender.send(Err(e));
                }
            });
            for batch in receiver {
                for response in &batch? {
                    f(response)?;
                }
            }
            Ok(())
        })
    }

    /// The session labels that have responses passing the filter, in order of first use.
    pub fn session_labels(&self, filter: &Filter) -> Result<Vec<String>, StoreError> {
        let (clause, params) = filter.clause();
        let sql = format!(
            "SELECT s.label FROM responses r JOIN sessions s ON s.id = r.session_id
             WHERE {clause} GROUP BY s.label ORDER BY min(r.rid)"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let labels = stmt
            .query_map(params_from_iter(params.iter()), |r| r.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(labels)
    }

    /// Ids of the surveys that have responses.
    pub fn surveys_with_responses(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT s.survey_id FROM sessions s JOIN responses r ON r.session_id = s.id ORDER BY 1")
            .map_err(|e| self.err(e))?;
        let ids = stmt
            .query_map([], |r| r.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(ids)
    }

    /// The most recently stored version of a survey, for exporting one whose file is gone.
    pub fn latest_survey(&self, survey_id: &str) -> Result<Option<Survey>, StoreError> {
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM survey_versions WHERE survey_id = ?1 ORDER BY stored_at DESC, rowid DESC LIMIT 1",
                [survey_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        hash.map(|h| self.survey_version(&h)).transpose()
    }
}

/// Responses sent from the reading thread at a time.
const BATCH: usize = 512;

/// Reads the filtered responses in storage order, in batches; `send` returns false to stop.
fn read_batches(path: &Path, filter: &Filter, mut send: impl FnMut(Vec<Scanned>) -> bool) -> Result<(), StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(err)?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(err)?;
    let (clause, params) = filter.clause();
    // CROSS JOIN keeps responses as the outer loop, so rows come in rid order without a sort.
    let sql = format!(
        "SELECT r.rid, r.id, s.label, r.started_at, r.submitted_at, r.status, a.question_id, a.value,
                r.sheet, r.verified_at IS NOT NULL
         FROM responses r CROSS JOIN sessions s ON s.id = r.session_id
         LEFT JOIN answers a ON a.rid = r.rid
         WHERE {clause} ORDER BY r.rid"
    );
    let mut stmt = conn.prepare(&sql).map_err(err)?;
    let mut rows = stmt.query(params_from_iter(params.iter())).map_err(err)?;
    let mut batch: Vec<Scanned> = Vec::with_capacity(BATCH);
    let mut current_rid = None;
    while let Some(row) = rows.next().map_err(err)? {
        let rid: i64 = row.get(0).map_err(err)?;
        if current_rid != Some(rid) {
            if batch.len() == BATCH && !send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) {
                return Ok(());
            }
            current_rid = Some(rid);
            batch.push(Scanned {
                id: row.get(1).map_err(err)?,
                session: row.get(2).map_err(err)?,
                started_at: row.get(3).map_err(err)?,
                submitted_at: row.get(4).map_err(err)?,
                status: row.get(5).map_err(err)?,
                sheet: row.get(8).map_err(err)?,
                verified: row.get(9).map_err(err)?,
                answers: Map::new(),
            });
        }
        let qid: Option<String> = row.get(6).map_err(err)?;
        let value = row.get_ref(7).map_err(err)?;
        if let (Some(qid), rusqlite::types::ValueRef::Text(text), Some(r)) = (qid, value, batch.last_mut())
            && let Ok(v) = serde_json::from_slice(text)
        {
            r.answers.insert(qid, v);
        }
    }
    if !batch.is_empty() {
        send(batch);
    }
    Ok(())
}

impl Store {
    /// A fingerprint of a survey's stored responses (how many, and the latest change), so that a
    /// screen can tell cheaply whether new answers arrived.
    pub fn response_stamp(&self, survey_id: &str) -> Result<(i64, i64), StoreError> {
        self.conn
            .query_row(
                "SELECT count(*), coalesce(max(r.rid), 0) + coalesce(sum(r.status = 'submitted'), 0)
                 FROM responses r JOIN sessions s ON s.id = r.session_id WHERE s.survey_id = ?1",
                [survey_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))
    }
}
