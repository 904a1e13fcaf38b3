//! The fields of a paper sheet and what is typed into them.
//!
//! A sheet is a list of fields: one per question, one per matrix row; notes are headings, not
//! fields. Every field is typed as text, exactly as the paper shows it: a choice's number, a
//! scale point, `1`/`2` (or `y`/`n`) for yes/no, several choice numbers in a row for multiple
//! choice and rank (separated by spaces or commas when a list has more than 9 options), the
//! number or the text itself; after the number of "other", its text. Each question kind (in
//! [`crate::tui::kinds`]) turns that text into its answer, checked by `survey::answer`, and a
//! stored answer back into the text; this module says what the sheet does with them: which
//! fields there are, and when a typed key has already decided a field (a digit picks and moves
//! on).

use serde_json::Value;

use crate::survey::answer::{AnswerFault, pick_limit};
use crate::survey::{Question, Survey};
use crate::tui::kinds::{decode_text, rules, split_codes};

pub use crate::tui::kinds::PaperStyle as Style;

/// One field of the sheet: a question, or one row of a matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// Index into `survey.questions`.
    pub question: usize,
    /// The matrix row, for a matrix question.
    pub row: Option<usize>,
}

/// The fields of a survey in order (notes have none).
pub fn fields(survey: &Survey) -> Vec<Field> {
    let mut out = Vec::new();
    for (i, q) in survey.questions.iter().enumerate() {
        out.extend(
            rules(&q.kind)
                .paper_fields(q)
                .into_iter()
                .map(|row| Field { question: i, row }),
        );
    }
    out
}

/// How a field is typed.
pub fn style(q: &Question) -> Style {
    rules(&q.kind).paper_style(q)
}

/// What a field's text means, checked by the answer's own rules: for a question its answer, for
/// a matrix row the row's point. `Ok(None)` is no answer.
pub fn decode(q: &Question, field: Field, text: &str) -> Result<Option<Value>, AnswerFault> {
    decode_text(q, field.row, text)
}

/// The text that gives back a stored answer (the field's own part of it, for a matrix row).
pub fn encode(q: &Question, field: Field, answer: Option<&Value>) -> String {
    let Some(v) = answer else { return String::new() };
    rules(&q.kind).encode(q, field.row, v)
}

/// Whether a text is the start of some valid code of a pick field (so the key that made it is
/// kept; anything else is refused at once, before it can be mistaken for an answer).
pub fn could_be(q: &Question, text: &str) -> bool {
    rules(&q.kind).could_be(q, text)
}

/// How many codes a multiple choice or rank field takes at most.
pub fn most_codes(q: &Question) -> usize {
    pick_limit(q)
}

/// Whether a field's text is a complete answer that nothing more could be added to: then the
/// key that completed it moves on. Only a pick field is ever decided by a key (a digit, unless it
/// could still grow: `1` on a 0–10 scale). Multiple choice and rank never are, even at their
/// maximum: the operator types the codes then Enter, and a key typed after the maximum must be
/// refused on that field, never carried into the next one as an answer nobody gave.
/// "Other" always waits for its text and Enter.
pub fn decided(q: &Question, field: Field, text: &str) -> bool {
    if text.trim().is_empty() || style(q) != Style::Pick || rules(&q.kind).could_grow(q, text) {
        return false;
    }
    match decode(q, field, text) {
        Ok(Some(v)) => v.get("other").is_none(),
        _ => false,
    }
}

/// The most a multiple choice or rank field takes, when its text has more codes than that (the
/// key that made it is refused on the field). `None` for any other field.
pub fn too_many_codes(q: &Question, text: &str) -> Option<u32> {
    if style(q) != Style::Codes {
        return None;
    }
    let most = most_codes(q);
    (split_codes(q, text).0.len() > most).then_some(most as u32)
}

/// The answer to a whole question after one field changed: for a matrix, the row set or removed
/// in the answer the other rows already have.
pub fn merge_field(q: &Question, field: Field, current: Option<&Value>, value: Option<Value>) -> Option<Value> {
    rules(&q.kind).merge_field(q, field.row, current, value)
}

/// A field's own part of a question's answer (a matrix row's point, or the whole answer).
pub fn field_value(q: &Question, field: Field, answer: Option<&Value>) -> Option<Value> {
    rules(&q.kind).field_value(q, field.row, answer)
}

/// The options of a field, numbered as they are typed, for the line under the sheet.
pub fn options(survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
    rules(&q.kind).paper_options(survey, q, lang)
}
