//! Sessions and responses: what the kiosk calls while a person answers.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::sheets::{PAPER_COUNTS, PaperCounts, paper_counts};
use super::{Store, StoreError, now};
use crate::survey::answer::check_answer;
use crate::survey::{Question, Survey};
use crate::words::Words;

/// A session: one sitting of one survey on this laptop (a meeting, a training).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRef {
    pub id: String,
    pub label: String,
    pub survey_id: String,
    /// 練習モード: its responses are kept apart from real ones (never counted unless asked for).
    pub practice: bool,
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
    /// A 練習モード session: its counts are never added to a survey's totals.
    pub practice: bool,
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

/// The id of this laptop's session with this label for this survey, real or practice, created
/// when missing. Used by the kiosk and, inside its transaction, by the importer. A practice
/// session and a real one may share a label; they stay two sessions.
pub(super) fn find_or_create_session(
    conn: &rusqlite::Connection,
    survey_id: &str,
    label: &str,
    device: &str,
    practice: bool,
) -> rusqlite::Result<String> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT id FROM sessions WHERE survey_id = ?1 AND label = ?2 AND device = ?3 AND practice = ?4
             ORDER BY started_at LIMIT 1",
            params![survey_id, label, device, practice],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO sessions (id, survey_id, label, started_at, device, practice) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, survey_id, label, now(), device, practice],
    )?;
    Ok(id)
}

/// Where a confirmed answer goes: a response already started, or a new one (the first answer of
/// a respondent), started in the same transaction as the answer.
#[derive(Clone, Copy, Debug)]
pub enum AnswerTo<'a> {
    Response(&'a ResponseRef),
    New {
        session: &'a SessionRef,
        survey_hash: &'a str,
    },
}

/// Which entry of a response an answer belongs to: the response itself, or the second entry a
/// verifier types of a paper sheet (`koe entry --verify`), kept apart until it is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    First,
    Second,
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
        let broken = |fault: Words| StoreError::Io {
            file: self.path.clone(),
            message: crate::say!(data::StoredVersionBroken, hash = hash, fault = fault),
        };
        let value: Value = serde_json::from_str(&json).map_err(|e| broken(Words::same(e.to_string())))?;
        crate::survey::validate::survey_from_value(&value).map_err(|faults| broken(faults[0].said()))
    }

    /// This laptop's real session with this label for this survey, created when it does not exist.
    pub fn session(&mut self, survey_id: &str, label: &str) -> Result<SessionRef, StoreError> {
        self.session_of_kind(survey_id, label, false)
    }

    /// This laptop's session with this label, real or (練習モード) practice, created when missing.
    pub fn session_of_kind(&mut self, survey_id: &str, label: &str, practice: bool) -> Result<SessionRef, StoreError> {
        let id =
            find_or_create_session(&self.conn, survey_id, label, &self.device, practice).map_err(|e| self.err(e))?;
        Ok(SessionRef {
            id,
            label: label.to_string(),
            survey_id: survey_id.to_string(),
            practice,
        })
    }

    /// The stored form of a session's PIN (`crate::pin`), if it has one.
    pub fn session_pin(&self, session: &SessionRef) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT pin_hash FROM sessions WHERE id = ?1", [&session.id], |r| {
                r.get(0)
            })
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.err(e))
    }

    /// Keeps `pin` (checked by the caller with `crate::pin::check`) with the session, as a salted
    /// hash: it guards the session from now on, also after a crash.
    pub fn set_session_pin(&mut self, session: &SessionRef, pin: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE sessions SET pin_hash = ?2 WHERE id = ?1",
                params![session.id, crate::pin::hash(pin)],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Starts a response (status partial, in progress) and commits it.
    pub fn start_response(&mut self, session: &SessionRef, survey_hash: &str) -> Result<ResponseRef, StoreError> {
        let response = insert_response(&self.conn, session, survey_hash).map_err(|e| self.err(e))?;
        Ok(response)
    }

    /// Saves one answer durably: [`Store::confirm_answer`] of a value that hides nothing.
    pub fn save_answer(
        &mut self,
        response: &ResponseRef,
        question: &Question,
        value: &Value,
    ) -> Result<(), StoreError> {
        self.confirm_answer(AnswerTo::Response(response), Entry::First, question, Some(value), &[])
            .map(|_| ())
    }

    /// Removes the answers of questions (hidden by another answer, or emptied), in one transaction.
    pub fn clear_answers(&mut self, response: &ResponseRef, question_ids: &[String]) -> Result<(), StoreError> {
        self.confirm_cleared(response, Entry::First, question_ids)
    }

    /// One confirmed answer, as one `BEGIN IMMEDIATE` transaction committed before this returns:
    /// the response started when it is the first answer, the answer stored (or removed, for
    /// `None`), and the answers it hides (`hidden`) removed. So a crash keeps either the state
    /// before the answer or the whole of it, never an answer beside one its change hid. Checked
    /// against its question first: an invalid value writes nothing. The kiosk and `koe entry`
    /// (both its passes, `entry`) confirm through this one call.
    pub fn confirm_answer(
        &mut self,
        to: AnswerTo<'_>,
        entry: Entry,
        question: &Question,
        value: Option<&Value>,
        hidden: &[String],
    ) -> Result<ResponseRef, StoreError> {
        if let Some(v) = value {
            storable(question, v)?;
        }
        // No keyword terms here: the kiosk never waits for the analyser. The response's terms
        // are dropped, and the tallies analyse its texts themselves.
        let path = self.path.clone();
        let sql = |e| StoreError::sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let response = match to {
            AnswerTo::Response(r) => r.clone(),
            AnswerTo::New { session, survey_hash } => insert_response(&tx, session, survey_hash).map_err(sql)?,
        };
        let mut removed = hidden.to_vec();
        match (value, entry) {
            (Some(v), Entry::First) => {
                let updated = tx
                    .execute(
                        "UPDATE responses SET
                            answers = json_set(answers, ?2, json(?3)),
                            terms = NULL, terms_version = NULL
                         WHERE rid = ?1",
                        params![response.rid, json_path(&question.id), v.to_string()],
                    )
                    .map_err(sql)?;
                if updated != 1 {
                    return Err(StoreError::Io {
                        file: path.to_path_buf(),
                        message: crate::say!(data::AnswerNotSaved, id = response.id, question = question.id),
                    });
                }
            }
            (Some(v), Entry::Second) => {
                tx.execute(
                    "INSERT INTO second_entries (rid, question_id, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT (rid, question_id) DO UPDATE SET value = excluded.value",
                    params![response.rid, question.id, v.to_string()],
                )
                .map_err(sql)?;
            }
            (None, _) => removed.insert(0, question.id.clone()),
        }
        remove_answers(&tx, &response, entry, &removed).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(response)
    }

    /// Removes answers of one entry of a response, in one transaction (nothing else changes).
    pub(super) fn confirm_cleared(
        &mut self,
        response: &ResponseRef,
        entry: Entry,
        question_ids: &[String],
    ) -> Result<(), StoreError> {
        if question_ids.is_empty() {
            return Ok(());
        }
        let path = self.path.clone();
        let sql = |e| StoreError::sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        remove_answers(&tx, response, entry, question_ids).map_err(sql)?;
        tx.commit().map_err(sql)
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

    /// How many responses are still in progress, in every session: a kiosk stopped while
    /// someone was answering. Only the number: what they are is shown per session, after its PIN.
    pub fn unfinished_count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM responses WHERE in_progress = 1", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }

    /// The responses of one session still in progress: a kiosk stopped while someone was
    /// answering. Asked only once the session's PIN was typed (or for a practice session).
    pub fn unfinished(&self, session: &SessionRef) -> Result<Vec<Unfinished>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.id, r.rid, s.id, s.label, s.survey_id, r.survey_hash, r.updated_at,
                        (SELECT count(*) FROM json_each(r.answers)), s.practice
                 FROM responses r JOIN sessions s ON s.id = r.session_id
                 WHERE r.in_progress = 1 AND s.id = ?1 ORDER BY r.updated_at",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([&session.id], |r| {
                Ok(Unfinished {
                    response: ResponseRef {
                        id: r.get(0)?,
                        rid: r.get(1)?,
                    },
                    session: SessionRef {
                        id: r.get(2)?,
                        label: r.get(3)?,
                        survey_id: r.get(4)?,
                        practice: r.get(8)?,
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
            _ => Err(StoreError::Io {
                file: self.path.clone(),
                message: crate::say!(data::StoredAnswersDamaged, id = response.id),
            }),
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
                "SELECT s.survey_id, s.label, s.device, s.practice,
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
                    practice: r.get(3)?,
                    submitted: r.get::<_, i64>(4)? as u64,
                    partial: r.get::<_, i64>(5)? as u64,
                    paper: paper_counts(r, 6)?,
                })
            })
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// Deletes the sessions of a survey with this label (on every laptop they came from) and their
    /// responses, in one transaction; returns how many responses went.
    pub fn delete_session(&mut self, survey_id: &str, label: &str) -> Result<u64, StoreError> {
        let path = self.path.clone();
        let sql = |e| StoreError::sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let ids = "SELECT id FROM sessions WHERE survey_id = ?1 AND label = ?2";
        let deleted = tx
            .execute(
                &format!("DELETE FROM responses WHERE session_id IN ({ids})"),
                params![survey_id, label],
            )
            .map_err(sql)?;
        tx.execute(
            "DELETE FROM sessions WHERE survey_id = ?1 AND label = ?2",
            params![survey_id, label],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(deleted as u64)
    }

    /// Submitted and partial counts of one survey over all its real sessions (the home screen's
    /// column); practice responses are never counted.
    pub fn survey_counts(&self, survey_id: &str) -> Result<(u64, u64), StoreError> {
        self.conn
            .query_row(
                "SELECT count(*) FILTER (WHERE r.status = 'submitted'), count(*) FILTER (WHERE r.status = 'partial')
                 FROM responses r JOIN sessions s ON s.id = r.session_id WHERE s.survey_id = ?1 AND NOT s.practice",
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

/// Inserts a new response of `session` (status partial, in progress) in whatever transaction
/// `conn` is in.
fn insert_response(conn: &Connection, session: &SessionRef, survey_hash: &str) -> rusqlite::Result<ResponseRef> {
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, status, in_progress,
                                terms, terms_version)
         VALUES (?1, ?2, ?3, ?4, ?4, 'partial', 1, NULL, NULL)",
        params![id, session.id, survey_hash, now()],
    )?;
    Ok(ResponseRef {
        id,
        rid: conn.last_insert_rowid(),
    })
}

/// Removes the answers to `question_ids` from one entry of a response (hidden answers and emptied
/// fields alike) and marks the response changed now, inside the caller's transaction.
fn remove_answers(
    tx: &rusqlite::Transaction,
    response: &ResponseRef,
    entry: Entry,
    question_ids: &[String],
) -> rusqlite::Result<()> {
    let sql = match entry {
        Entry::First => {
            "UPDATE responses SET answers = json_remove(answers, '$.\"' || ?2 || '\"'),
                                  terms = json_remove(terms, '$.\"' || ?2 || '\"')
             WHERE rid = ?1"
        }
        Entry::Second => "DELETE FROM second_entries WHERE rid = ?1 AND question_id = ?2",
    };
    delete_questions(tx, sql, response, question_ids)?;
    if entry == Entry::First {
        tx.execute(
            "UPDATE responses SET updated_at = ?2 WHERE rid = ?1",
            params![response.rid, now()],
        )?;
    }
    Ok(())
}

/// Checks a value against its question before any write: the one check at the store boundary for
/// the kiosk's answers and a verifier's second entry.
pub(super) fn storable(question: &Question, value: &Value) -> Result<(), StoreError> {
    check_answer(question, value).map_err(|fault| StoreError::InvalidAnswer {
        question: question.id.clone(),
        message: fault.said(),
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
