//! Paper sheets typed in with `koe entry`: a response with a sheet number (用紙番号), unique in its
//! session, and its double entry. The first entry's answers are ordinary answers (saved one field
//! at a time through [`Store::confirm_answer`], as the kiosk's); the second entry's are kept apart in
//! `second_entries` until the differences are resolved, then the resolved answers replace the
//! first entry's in one transaction and the sheet is marked verified.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde_json::{Map, Value};

use super::{ResponseRef, SessionRef, Store, StoreError, now};
use crate::survey::Survey;

/// One paper sheet of a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub response: ResponseRef,
    /// The sheet number as stored (see [`sheet_number`]).
    pub number: String,
    /// When its first entry began.
    pub entered_at: String,
    /// Whether Enter on its last field stored it (`submitted`), or it was left mid-way.
    pub submitted: bool,
    /// When the second entry verified it.
    pub verified_at: Option<String>,
    /// How many fields the two entries disagreed on (when verified).
    pub differences: Option<u64>,
}

/// Paper-sheet counts of one session (`koe list`, the entry screen).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PaperCounts {
    pub entered: u64,
    pub verified: u64,
    /// Fields that differed between the two entries and were resolved against the paper.
    pub resolved: u64,
}

/// Why a typed sheet number was refused: English for the command line (import), Japanese for the
/// entry form, from one list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetNumberFault {
    Empty,
    TooLong,
    /// Holds the number as typed (cleaned).
    BadCharacters(String),
}

impl SheetNumberFault {
    /// The fault as the entry form shows it to a Japanese-speaking operator.
    pub fn japanese(&self) -> String {
        match self {
            SheetNumberFault::Empty => "用紙番号を入力してください。".to_string(),
            SheetNumberFault::TooLong => "用紙番号は 20 文字までです。".to_string(),
            SheetNumberFault::BadCharacters(text) => {
                format!("{text:?}: 用紙番号に使えるのは英数字と - _ だけです。")
            }
        }
    }
}

impl SheetNumberFault {
    /// The fault in a file (an import's `sheet`), in both languages.
    pub fn said(&self) -> crate::words::Words {
        match self {
            SheetNumberFault::Empty => crate::say!(data::SheetEmpty),
            SheetNumberFault::TooLong => crate::say!(data::SheetTooLong),
            SheetNumberFault::BadCharacters(text) => crate::say!(data::SheetBadCharacters, text = format!("{text:?}")),
        }
    }
}

impl std::fmt::Display for SheetNumberFault {
    /// In English ([`SheetNumberFault::said`]), for logs and tests.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// A sheet number as typed, cleaned: trimmed, full-width digits made ASCII, leading zeros of an
/// all-digit number dropped (so `007` and `7` are the same sheet). Letters, digits, `-` and `_`
/// only, at most 20 characters.
pub fn sheet_number(typed: &str) -> Result<String, SheetNumberFault> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = typed.trim().nfkc().collect();
    if text.is_empty() {
        return Err(SheetNumberFault::Empty);
    }
    if text.chars().count() > 20 {
        return Err(SheetNumberFault::TooLong);
    }
    if !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(SheetNumberFault::BadCharacters(text));
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        let trimmed = text.trim_start_matches('0');
        return Ok(if trimmed.is_empty() { "0" } else { trimmed }.to_string());
    }
    Ok(text)
}

/// The three paper counts over responses `r`: stored sheets, verified ones, differences resolved.
pub(super) const PAPER_COUNTS: &str = "count(r.rid) FILTER (WHERE r.sheet IS NOT NULL AND r.status = 'submitted'),
     count(r.verified_at), coalesce(sum(r.differences), 0)";

/// Reads [`PAPER_COUNTS`] from a row, starting at column `at`.
pub(super) fn paper_counts(r: &rusqlite::Row, at: usize) -> rusqlite::Result<PaperCounts> {
    Ok(PaperCounts {
        entered: r.get::<_, i64>(at)? as u64,
        verified: r.get::<_, i64>(at + 1)? as u64,
        resolved: r.get::<_, i64>(at + 2)? as u64,
    })
}

const SHEET_COLUMNS: &str = "rid, id, sheet, started_at, status, verified_at, differences";

fn sheet_row(r: &rusqlite::Row) -> rusqlite::Result<Sheet> {
    Ok(Sheet {
        response: ResponseRef {
            rid: r.get(0)?,
            id: r.get(1)?,
        },
        number: r.get(2)?,
        entered_at: r.get(3)?,
        submitted: r.get::<_, String>(4)? == "submitted",
        verified_at: r.get(5)?,
        differences: r.get::<_, Option<i64>>(6)?.map(|d| d.max(0) as u64),
    })
}

impl Store {
    /// The paper sheets of a session, in the order they were entered.
    pub fn sheets(&self, session: &SessionRef) -> Result<Vec<Sheet>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SHEET_COLUMNS} FROM responses WHERE session_id = ?1 AND sheet IS NOT NULL ORDER BY rid"
            ))
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([&session.id], sheet_row)
            .and_then(Iterator::collect)
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The sheet with this number in the session, if it was entered.
    pub fn find_sheet(&self, session: &SessionRef, number: &str) -> Result<Option<Sheet>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {SHEET_COLUMNS} FROM responses WHERE session_id = ?1 AND sheet = ?2"),
                params![session.id, number],
                sheet_row,
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Starts a paper sheet: a partial response carrying its number, committed at once. It is not
    /// marked in progress: a sheet left mid-way is reached again from `koe entry` (PageUp), not
    /// offered to the kiosk's resume screen. A number already used in the session is refused by
    /// the database itself.
    pub fn start_sheet(&mut self, session: &SessionRef, survey_hash: &str, number: &str) -> Result<Sheet, StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let t = now();
        self.conn
            .execute(
                "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, status, in_progress, sheet,
                                        terms, terms_version)
                 VALUES (?1, ?2, ?3, ?4, ?4, 'partial', 0, ?5, NULL, NULL)",
                params![id, session.id, survey_hash, t, number],
            )
            .map_err(|e| self.err(e))?;
        Ok(Sheet {
            response: ResponseRef {
                id,
                rid: self.conn.last_insert_rowid(),
            },
            number: number.to_string(),
            entered_at: t,
            submitted: false,
            verified_at: None,
            differences: None,
        })
    }

    /// Stores a sheet: Enter on its last field. Storing it again after a correction keeps the
    /// first time it was stored.
    pub fn store_sheet(&mut self, response: &ResponseRef) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE responses SET status = 'submitted', submitted_at = coalesce(submitted_at, ?2),
                        updated_at = ?2, in_progress = 0
                 WHERE rid = ?1",
                params![response.rid, now()],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The second entry typed so far for a sheet.
    pub fn second_answers(&self, response: &ResponseRef) -> Result<Map<String, Value>, StoreError> {
        self.answer_map("SELECT question_id, value FROM second_entries WHERE rid = ?1", response)
    }

    /// Ends a verification in one transaction: the resolved answers replace the sheet's answers,
    /// the sheet is stored and marked verified with the number of differences, and the second
    /// entry is removed. The answers must have been checked by the caller against the survey.
    pub fn finish_verify(
        &mut self,
        response: &ResponseRef,
        survey: &Survey,
        answers: &Map<String, Value>,
        differences: usize,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let sql = |e| StoreError::sqlite(&path, e);
        // The terms only if the analyser is ready: staff never wait for it (the tallies
        // analyse a response stored without them).
        let terms = crate::terms::of_response_if_ready(survey, answers);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let t = now();
        tx.execute(
            "UPDATE responses SET status = 'submitted', submitted_at = coalesce(submitted_at, ?2), updated_at = ?2,
                    in_progress = 0, verified_at = ?2, differences = ?3,
                    answers = ?4, terms = ?5, terms_version = ?6
             WHERE rid = ?1",
            params![
                response.rid,
                t,
                differences as i64,
                Value::Object(answers.clone()).to_string(),
                terms,
                terms.as_ref().map(|_| crate::terms::version(survey))
            ],
        )
        .map_err(sql)?;
        tx.execute("DELETE FROM second_entries WHERE rid = ?1", [response.rid])
            .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Paper-sheet counts of one session.
    pub fn paper_counts(&self, session: &SessionRef) -> Result<PaperCounts, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {PAPER_COUNTS} FROM responses r WHERE r.session_id = ?1"),
                [&session.id],
                |r| paper_counts(r, 0),
            )
            .map_err(|e| self.err(e))
    }
}

#[cfg(test)]
mod tests {
    use super::sheet_number;

    #[test]
    fn sheet_numbers_are_cleaned() {
        assert_eq!(sheet_number(" 007 ").unwrap(), "7");
        assert_eq!(sheet_number("１２").unwrap(), "12");
        assert_eq!(sheet_number("0").unwrap(), "0");
        assert_eq!(sheet_number("A-12").unwrap(), "A-12");
        assert!(sheet_number("").is_err());
        assert!(sheet_number("1 2").is_err());
        assert!(sheet_number(&"1".repeat(21)).is_err());
    }
}
