//! Reading stored responses for the tallies: streamed in storage order, one response at a time,
//! so an export holds one response in memory, never all of them.

use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde_json::Value;

use super::slots::SlotIndex;
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
    /// 練習モード responses too (`koe export --include-practice`; their status reads `practice`).
    /// Never for the results screen or a default export: practice is kept apart from real answers.
    pub include_practice: bool,
}

/// One stored response, its answers in the order of the questions of the survey it was read for.
#[derive(Clone, Debug, Default)]
pub struct Scanned {
    /// The local row number: responses are read in its order.
    pub rid: i64,
    pub id: String,
    pub session: String,
    pub started_at: String,
    pub submitted_at: Option<String>,
    pub status: String,
    /// The sheet number of a paper sheet typed in with `koe entry` (or imported with one).
    pub sheet: Option<String>,
    /// Whether a paper sheet was verified by a second entry (`false` for a kiosk response).
    pub verified: bool,
    /// Each question's answer, by the question's index in the survey: `None` when there is none
    /// (and for all of them when the stored answers are damaged, which koe never writes).
    pub answers: Vec<Option<Value>>,
    /// The keyword terms of its free texts, by question index as `answers`, as stored when its
    /// answers were saved; `None` when they were made by another segmenter (or before storage
    /// v3), and the tallies segment the texts themselves.
    pub terms: Option<Vec<Option<Vec<String>>>>,
}

/// Which of the filtered responses to read, by local row number: all of them by default; for a
/// refresh, those after the last one read and those that were not yet submitted then.
#[derive(Clone, Debug, Default)]
pub struct Range {
    /// Only rows after this one (0: from the first)…
    pub after: i64,
    /// …and these rows too.
    pub also: Vec<i64>,
    /// Only rows up to this one.
    pub up_to: Option<i64>,
}

impl Range {
    fn is_all(&self) -> bool {
        self.after == 0 && self.also.is_empty()
    }
}

impl Filter {
    /// The survey's sessions that pass the filter: id → (label, practice).
    fn sessions_of(&self, conn: &Connection) -> rusqlite::Result<std::collections::HashMap<String, (String, bool)>> {
        let mut stmt = conn.prepare("SELECT id, label, practice FROM sessions WHERE survey_id = ?1")?;
        let rows = stmt.query_map([&self.survey_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
        })?;
        let mut out = std::collections::HashMap::new();
        for row in rows {
            let (id, label, practice) = row?;
            if (self.sessions.is_empty() || self.sessions.contains(&label)) && (self.include_practice || !practice) {
                out.insert(id, (label, practice));
            }
        }
        Ok(out)
    }

    /// The SQL condition (on `sessions s` and `responses r`) and its parameters: the one home of
    /// which responses a filter takes, for every query but the streaming read (`sessions_of`).
    fn clause(&self) -> (String, Vec<String>) {
        let mut sql = String::from("s.survey_id = ?");
        let mut params = vec![self.survey_id.clone()];
        if !self.include_practice {
            sql.push_str(" AND NOT s.practice");
        }
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
    /// Calls `f` for every response that passes the filter, in storage order, with its answers
    /// in the order of `survey`'s questions.
    ///
    /// The rows are read and their JSON parsed on a second thread (its own read-only connection;
    /// WAL lets it read while a kiosk writes) while `f` runs on this one, so an export takes about
    /// as long as the slower of reading and tallying rather than both. At most a few batches of
    /// responses are in flight at once; each batch comes back to the reading thread to be reused,
    /// so that its memory is freed and allocated by the same thread (freeing across threads is
    /// slow with the system allocator) and mostly not at all.
    pub fn scan_responses<E: From<StoreError>>(
        &self,
        filter: &Filter,
        survey: &Survey,
        f: impl FnMut(&Scanned) -> Result<(), E>,
    ) -> Result<(), E> {
        self.scan_range(filter, survey, &Range::default(), f)
    }

    /// [`Store::scan_responses`] for the rows of a range only.
    pub fn scan_range<E: From<StoreError>>(
        &self,
        filter: &Filter,
        survey: &Survey,
        range: &Range,
        mut f: impl FnMut(&Scanned) -> Result<(), E>,
    ) -> Result<(), E> {
        let slots = SlotIndex::new(survey.questions.iter().map(|q| q.id.as_str()));
        let terms_version = crate::terms::version(survey);
        if !range.is_all() {
            // A refresh reads a few responses: on this thread, sparing a thread start and the
            // hand-offs, which on a busy machine cost more than the reading.
            let mut failed = None;
            let (_, never) = std::sync::mpsc::channel();
            read_batches(&self.path, filter, &slots, terms_version, range, &never, |batch| {
                failed = batch.iter().find_map(|r| f(r).err());
                failed.is_none()
            })?;
            return failed.map_or(Ok(()), Err);
        }
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<Vec<Scanned>, StoreError>>(4);
        let (give_back, given_back) = std::sync::mpsc::channel::<Vec<Scanned>>();
        let path = self.path.clone();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let result = read_batches(&path, filter, &slots, terms_version, range, &given_back, |batch| {
                    sender.send(Ok(batch)).is_ok()
                });
                if let Err(e) = result {
                    let _ = sender.send(Err(e));
                }
            });
            for batch in receiver {
                let batch = batch?;
                for response in &batch {
                    f(response)?;
                }
                // The reader may have finished: then the batch is simply dropped here.
                let _ = give_back.send(batch);
            }
            Ok(())
        })
    }

    /// The session labels that have responses passing the filter, in order of first use.
    ///
    /// Each session's first response is found in the index on `responses(session_id, status)`
    /// (one seek per session and status) rather than by reading every response: the results
    /// screen asks this at every refresh.
    pub fn session_labels(&self, filter: &Filter) -> Result<Vec<String>, StoreError> {
        let first = |status: &str| {
            format!("(SELECT min(r.rid) FROM responses r WHERE r.session_id = s.id AND r.status = '{status}')")
        };
        let first = if filter.include_partial {
            let (a, b) = (first("submitted"), first("partial"));
            format!("min(coalesce({a}, {b}), coalesce({b}, {a}))")
        } else {
            first("submitted")
        };
        let mut clause = String::from("s.survey_id = ?");
        let mut params = vec![filter.survey_id.clone()];
        if !filter.include_practice {
            clause.push_str(" AND NOT s.practice");
        }
        if !filter.sessions.is_empty() {
            clause.push_str(&format!(
                " AND s.label IN ({})",
                vec!["?"; filter.sessions.len()].join(", ")
            ));
            params.extend(filter.sessions.iter().cloned());
        }
        let sql = format!(
            "SELECT label FROM (SELECT s.label AS label, {first} AS first FROM sessions s WHERE {clause})
             WHERE first IS NOT NULL GROUP BY label ORDER BY min(first)"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let labels = stmt
            .query_map(params_from_iter(params.iter()), |r| r.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(labels)
    }

    /// Where the filtered responses stand now, for reading only what changes later: the last row
    /// number used, and the rows up to it that pass the filter but are not submitted yet (a
    /// respondent still answering, or a partial response) and so may be counted later.
    pub fn response_window(&self, filter: &Filter) -> Result<(i64, Vec<i64>), StoreError> {
        let last: i64 = self
            .conn
            .query_row("SELECT coalesce(max(rid), 0) FROM responses", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let (clause, params) = Filter {
            include_partial: true,
            ..filter.clone()
        }
        .clause();
        let sql = format!(
            "SELECT r.rid FROM responses r JOIN sessions s ON s.id = r.session_id
             WHERE {clause} AND r.status <> 'submitted' AND r.rid <= {last} ORDER BY r.rid"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let waiting = stmt
            .query_map(params_from_iter(params.iter()), |r| r.get(0))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok((last, waiting))
    }

    /// How many responses pass the filter.
    pub fn count_responses(&self, filter: &Filter) -> Result<u64, StoreError> {
        let (clause, params) = filter.clause();
        let sql = format!("SELECT count(*) FROM responses r JOIN sessions s ON s.id = r.session_id WHERE {clause}");
        self.conn
            .query_row(&sql, params_from_iter(params.iter()), |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
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
///
/// One scan of `responses` in `rid` order (each row holds its answers); the sessions (a few per
/// survey) are looked up in a map.
fn read_batches(
    path: &Path,
    filter: &Filter,
    slots: &SlotIndex,
    terms_version: i64,
    range: &Range,
    given_back: &std::sync::mpsc::Receiver<Vec<Scanned>>,
    mut send: impl FnMut(Vec<Scanned>) -> bool,
) -> Result<(), StoreError> {
    let err = |e| StoreError::sqlite(path, e);
    // Read-only, also on a read-only file system (see `Store::open_read_only`).
    let conn = Store::open_read_only(path)?.conn;
    // One read transaction: the sessions and the responses are of the same snapshot.
    conn.execute_batch("BEGIN").map_err(err)?;
    let sessions = filter.sessions_of(&conn).map_err(err)?;
    if sessions.is_empty() {
        return Ok(());
    }
    let mut sql = format!(
        "SELECT rid, id, session_id, started_at, submitted_at, status, sheet, verified_at IS NOT NULL, answers,
                CASE WHEN terms_version = {} THEN terms END
         FROM responses WHERE rid <= ?",
        terms_version
    );
    let mut params = vec![range.up_to.unwrap_or(i64::MAX)];
    if !filter.include_partial {
        sql.push_str(" AND status = 'submitted'");
    }
    if !range.is_all() {
        sql.push_str(&format!(
            " AND (rid > ? OR rid IN ({}))",
            vec!["?"; range.also.len()].join(", ")
        ));
        params.push(range.after);
        params.extend(&range.also);
    }
    sql.push_str(" ORDER BY rid");
    let mut responses = conn.prepare(&sql).map_err(err)?;
    let mut responses = responses.query(params_from_iter(params)).map_err(err)?;
    let mut batch: Vec<Scanned> = Vec::with_capacity(BATCH);
    // Responses of batches given back, to be overwritten in place (strings keep their memory).
    let mut spare: Vec<Scanned> = Vec::new();
    while let Some(row) = responses.next().map_err(err)? {
        let text = |i| match row.get_ref(i) {
            Ok(ValueRef::Text(t)) => std::str::from_utf8(t).map_err(|e| rusqlite::Error::Utf8Error(i, e)),
            Ok(_) => Ok(""),
            Err(e) => Err(e),
        };
        let Some((label, practice)) = sessions.get(text(2).map_err(err)?) else {
            continue;
        };
        let rid: i64 = row.get(0).map_err(err)?;
        if batch.len() == BATCH && !send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) {
            return Ok(());
        }
        if spare.is_empty()
            && let Ok(back) = given_back.try_recv()
        {
            spare = back;
        }
        let mut r = spare.pop().unwrap_or_default();
        for (field, i) in [(&mut r.id, 1), (&mut r.started_at, 3), (&mut r.status, 5)] {
            field.clear();
            field.push_str(text(i).map_err(err)?);
        }
        if *practice {
            r.status.clear();
            r.status.push_str("practice");
        }
        r.session.clear();
        r.session.push_str(label);
        r.submitted_at = match row.get_ref(4).map_err(err)? {
            ValueRef::Null => None,
            _ => Some(text(4).map_err(err)?.to_string()),
        };
        r.sheet = row.get(6).map_err(err)?;
        r.verified = row.get(7).map_err(err)?;
        r.rid = rid;
        // Damaged answers (never written by koe: not JSON, not UTF-8) read as none, as a damaged
        // value always has. The JSON reader checks its strings' UTF-8 itself.
        let answers = match row.get_ref(8).map_err(err)? {
            ValueRef::Text(t) => t,
            _ => b"",
        };
        slots.read(answers, &mut r.answers);
        let mut terms = r.terms.take().unwrap_or_default();
        r.terms = match row.get_ref(9).map_err(err)? {
            ValueRef::Text(t) if slots.read(t, &mut terms) => Some(terms),
            _ => None,
        };
        batch.push(r);
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
