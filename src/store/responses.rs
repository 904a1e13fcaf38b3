//! Sessions and responses: what the kiosk calls while a person answers.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::sheets::{PAPER_COUNTS, PaperCounts, paper_counts};
use super::{Store, StoreError, now};
use crate::survey::answer::check_answer;
use crate::survey::{Question, Survey};

/// A session: one sitting of one survey on this laptop (a meeting, a training).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRef {
    pub id: String,
    pub label: String,
    pub survey_id: String,
}

/// A response being answered: its UUID and its local row number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseRef {
    pub id: String,
    pub rid: i64,
}

/// A response left in progress (koe was killed, or the laptop died) for the facilitator to resume
/// or close.
#[derive(Clone, Debug)]
pub struct Unfinished {
    pub response: ResponseRef,
    pub session: SessionRef,
    pub survey_hash: String,
    pub updated_at: String,
    pub answered: usize,
}

/// Response counts of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionCounts {
    pub survey_id: String,
    pub label: String,
    pub device: String,
    pub submitted: u64,
    pub partial: u64,
    /// Paper sheets typed in with `koe entry`, and how many were verified.
    pub paper: PaperCounts,
}

/// A stored response with its answers, as export and resume read it.
#[derive(Clone, Debug)]
pub struct StoredResponse {
    pub id: String,
    pub session_label: String,
    pub started_at: String,
    pub submitted_at: Option<String>,
    pub status: String,
    pub survey_hash: String,
    pub answers: Map<String, Value>,
}

/// The id of this laptop's session with this label for this survey, created when missing. Used by
/// the kiosk and, inside its transaction, by the importer.
pub(super) fn find_or_create_session(
    conn: &rusqlite::Connection,
    survey_id: &str,
    label: &str,
    device: &str,
) -> rusqlite::Result<String> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT id FROM sessions WHERE survey_id = ?1 AND label = ?2 AND device = ?3 ORDER BY started_at LIMIT 1",
            params![survey_id, label, device],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO sessions (id, survey_id, label, started_at, device) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, survey_id, label, now(), device],
    )?;
    Ok(id)
}

/// The canonical JSON of a survey and its sha256: the key of a survey version.
pub fn canonical(survey: &Survey) -> (String, String) {
    let json = serde_json::to_string(survey).unwrap_or_default();
    let hash = Sha256::digest(json.as_bytes());
    let hex = hash.iter().map(|b| format!("{b:02x}")).collect();
    (json, hex)
}

/// Stores a survey version (once per content hash) on `conn`, inside whatever transaction it is
/// in; returns the hash.
pub(crate) fn register_survey_in(conn: &Connection, survey: &Survey) -> rusqlite::Result<String> {
    let (json, hash) = canonical(survey);
    conn.execute(
        "INSERT OR IGNORE INTO survey_versions (hash, survey_id, definition, stored_at) VALUES (?1, ?2, ?3, ?4)",
        params![hash, survey.id, json, now()],
    )?;
    Ok(hash)
}

impl Store {
    /// Stores this version of the survey (once per content) and returns its hash.
    pub fn register_survey(&mut self, survey: &Survey) -> Result<String, StoreError> {
        register_survey_in(&self.conn, survey).map_err(|e| self.err(e))
    }

    /// The survey as it was when the version `hash` was stored.
    pub fn survey_version(&self, hash: &str) -> Result<Survey, StoreError> {
        let json: String = self
            .conn
            .query_row("SELECT definition FROM survey_versions WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        let value: Value = serde_json::from_str(&json).map_err(|e| StoreError::Other(e.to_string()))?;
        crate::survey::validate::survey_from_value(&value)
            .map_err(|faults| StoreError::Other(format!("stored survey version {hash} does not load: {}", faults[0])))
    }

    /// The session with this label for this survey on this laptop, created when it does not exist.
    pub fn session(&mut self, survey_id: &str, label: &str) -> Result<SessionRef, StoreError> {
        let id = find_or_create_session(&self.conn, survey_id, label, &self.device).map_err(|e| self.err(e))?;
        Ok(SessionRef {
            id,
            label: label.to_string(),
            survey_id: survey_id.to_string(),
        })
    }

    /// Starts a response (status partial, in progress) and commits it.
    pub fn start_response(&mut self, session: &SessionRef, survey_hash: &str) -> Result<ResponseRef, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let t = now();
        self.conn
            .execute(
                "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, status, in_progress,
                                        terms, terms_version)
                 VALUES (?1, ?2, ?3, ?4, ?4, 'partial', 1, NULL, NULL)",
                params![id, session.id, survey_hash, t],
            )
            .map_err(|e| self.err(e))?;
        Ok(ResponseRef {
            id,
            rid: self.conn.last_insert_rowid(),
        })
    }

    /// Saves one answer durably: checked against its question, then one `BEGIN IMMEDIATE`
    /// transaction committed before this returns. An invalid value writes nothing.
    pub fn save_answer(
        &mut self,
        response: &ResponseRef,
        question: &Question,
        value: &Value,
    ) -> Result<(), StoreError> {
        storable(question, value)?;
        // No keyword terms here: the kiosk never waits for the analyser. The response was
        // started without terms, and the tallies analyse its texts themselves.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let updated = tx
            .execute(
                "UPDATE responses SET
                    answers = json_set(answers, ?2, json(?3)),
                    terms = NULL, terms_version = NULL,
                    updated_at = ?4
                 WHERE rid = ?1",
                params![response.rid, json_path(&question.id), value.to_string(), now()],
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        if updated != 1 {
            return Err(StoreError::Other(format!(
                "{}: response {} is not stored; the answer to {} was not saved",
                self.path.display(),
                response.id,
                question.id
            )));
        }
        tx.commit().map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Removes the answers of questions that became hidden, in one transaction.
    pub fn clear_answers(&mut self, response: &ResponseRef, question_ids: &[String]) -> Result<(), StoreError> {
        if question_ids.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        delete_questions(
            &tx,
            "UPDATE responses SET answers = json_remove(answers, '$.\"' || ?2 || '\"'),
                                  terms = json_remove(terms, '$.\"' || ?2 || '\"')
             WHERE rid = ?1",
            response,
            question_ids,
        )
        .map_err(|e| StoreError::sqlite(&self.path, e))?;
        tx.execute(
            "UPDATE responses SET updated_at = ?2 WHERE rid = ?1",
            params![response.rid, now()],
        )
        .and_then(|_| tx.commit())
        .map_err(|e| StoreError::sqlite(&self.path, e))
    }

    /// Marks a response submitted (and no longer in progress).
    pub fn submit(&mut self, response: &ResponseRef) -> Result<(), StoreError> {
        let t = now();
        self.conn
            .execute(
                "UPDATE responses SET status = 'submitted', submitted_at = ?2, updated_at = ?2, in_progress = 0 WHERE rid = ?1",
                params![response.rid, t],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Keeps a response as partial and closes it: the respondent walked away, or the facilitator
    /// closed it after a crash. Its answers stay.
    pub fn mark_partial(&mut self, response: &ResponseRef) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE responses SET status = 'partial', in_progress = 0, updated_at = ?2 WHERE rid = ?1",
                params![response.rid, now()],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Takes an unfinished response back into progress (the facilitator resumes it).
    pub fn reopen(&mut self, response: &ResponseRef) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE responses SET in_progress = 1 WHERE rid = ?1 AND status = 'partial'",
                [response.rid],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Responses still in progress: a kiosk stopped while someone was answering.
    pub fn unfinished(&self) -> Result<Vec<Unfinished>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.id, r.rid, s.id, s.label, s.survey_id, r.survey_hash, r.updated_at,
                        (SELECT count(*) FROM json_each(r.answers))
                 FROM responses r JOIN sessions s ON s.id = r.session_id
                 WHERE r.in_progress = 1 ORDER BY r.updated_at",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Unfinished {
                    response: ResponseRef {
                        id: r.get(0)?,
                        rid: r.get(1)?,
                    },
                    session: SessionRef {
                        id: r.get(2)?,
                        label: r.get(3)?,
                        survey_id: r.get(4)?,
                    },
                    survey_hash: r.get(5)?,
                    updated_at: r.get(6)?,
                    answered: r.get::<_, i64>(7)? as usize,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The answers stored for one response.
    pub fn answers(&self, response: &ResponseRef) -> Result<Map<String, Value>, StoreError> {
        let json: String = self
            .conn
            .prepare_cached("SELECT answers FROM responses WHERE rid = ?1")
            .and_then(|mut s| s.query_row([response.rid], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        match serde_json::from_str(&json) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(StoreError::Other(format!(
                "{}: the answers of response {} are damaged",
                self.path.display(),
                response.id
            ))),
        }
    }

    /// Question id → value for one response, from `sql` (which selects `question_id, value` for
    /// the rid `?1`): a verifier's second entry, kept one row per field.
    pub(super) fn answer_map(&self, sql: &str, response: &ResponseRef) -> Result<Map<String, Value>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let pairs: Vec<(String, String)> = stmt
            .query_map([response.rid], |r| Ok((r.get(0)?, r.get(1)?)))
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(pairs
            .into_iter()
            .filter_map(|(q, v)| serde_json::from_str(&v).ok().map(|v| (q, v)))
            .collect())
    }

    /// Submitted and partial counts per session, by survey and label.
    pub fn session_counts(&self) -> Result<Vec<SessionCounts>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT s.survey_id, s.label, s.device,
                        count(r.rid) FILTER (WHERE r.status = 'submitted'),
                        count(r.rid) FILTER (WHERE r.status = 'partial'),
                        {PAPER_COUNTS}
                 FROM sessions s LEFT JOIN responses r ON r.session_id = s.id
                 GROUP BY s.id ORDER BY s.survey_id, s.started_at, s.label"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SessionCounts {
                    survey_id: r.get(0)?,
                    label: r.get(1)?,
                    device: r.get(2)?,
                    submitted: r.get::<_, i64>(3)? as u64,
                    partial: r.get::<_, i64>(4)? as u64,
                    paper: paper_counts(r, 5)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Submitted and partial counts of one survey over all sessions (the home screen's column).
    pub fn survey_counts(&self, survey_id: &str) -> Result<(u64, u64), StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FILTER (WHERE r.status = 'submitted'), count(*) FILTER (WHERE r.status = 'partial')
                 FROM responses r JOIN sessions s ON s.id = r.session_id WHERE s.survey_id = ?1",
                [survey_id],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
            )
            .map_err(|e| self.err(e))
    }
}

/// The JSON path of a question's answer in a response's `answers` object. Question ids are
/// `[A-Za-z0-9_-]` (checked when a survey loads), so quoting them is enough.
pub(super) fn json_path(question_id: &str) -> String {
    format!("$.\"{question_id}\"")
}

/// Checks a value against its question before any write: the one check at the store boundary for
/// the kiosk's answers and a verifier's second entry.
pub(super) fn storable(question: &Question, value: &Value) -> Result<(), StoreError> {
    check_answer(question, value).map_err(|fault| StoreError::InvalidAnswer {
        question: question.id.clone(),
        message: fault.to_string(),
    })
}

/// Runs `sql` (a statement taking the rid as `?1` and a question id as `?2` that removes that
/// question's answer) for each of `question_ids`: hidden answers and a verifier's emptied fields
/// are removed the same way.
pub(super) fn delete_questions(
    tx: &rusqlite::Transaction,
    sql: &str,
    response: &ResponseRef,
    question_ids: &[String],
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(sql)?;
    for qid in question_ids {
        stmt.execute(params![response.rid, qid])?;
    }
    Ok(())
}
