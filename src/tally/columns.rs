//! The columns of responses.csv: one per question holding its stored value, except 0/1 columns
//! per choice of a multiple choice, one column per matrix row, one position column per rank
//! choice, and a text column for "other".

use serde_json::Value;

use super::cell::Cell;
use crate::survey::answer::{other_in, other_text};
use crate::survey::{Kind, Survey};

/// What one column shows.
#[derive(Clone, Debug)]
enum Source {
    Value(usize),
    Flag(usize, String),
    Other(usize),
    Row(usize, String),
    Rank(usize, String),
}

/// The responses.csv columns after the fixed ones.
#[derive(Clone, Debug)]
pub struct Columns {
    headers: Vec<String>,
    sources: Vec<Source>,
}

fn value_cell(v: &Value) -> Cell<'_> {
    match v {
        // A whole number (a scale point, a count) as a count: written the same, without formatting
        // it into a new string first.
        Value::Number(n) => n
            .as_u64()
            .map_or_else(|| Cell::Number(n.to_string().into()), Cell::Count),
        Value::String(s) => Cell::text(s.as_str()),
        Value::Bool(b) => Cell::text(if *b { "true" } else { "false" }),
        Value::Object(_) if other_text(v).is_ok() => Cell::text("other"),
        other => Cell::text(other.to_string()),
    }
}

impl Columns {
    pub fn new(survey: &Survey) -> Columns {
        let mut headers = Vec::new();
        let mut sources = Vec::new();
        let mut add = |h: String, s: Source| {
            headers.push(h);
            sources.push(s);
        };
        for (qi, q) in survey.questions.iter().enumerate() {
            match &q.kind {
                Kind::Note => {}
                Kind::MultipleChoice { choices, other, .. } => {
                    for c in choices {
                        add(format!("{}/{}", q.id, c.value), Source::Flag(qi, c.value.clone()));
                    }
                    if *other {
                        add(format!("{}/other", q.id), Source::Other(qi));
                    }
                }
                Kind::SingleChoice { other, .. } => {
                    add(q.id.clone(), Source::Value(qi));
                    if *other {
                        add(format!("{}/other", q.id), Source::Other(qi));
                    }
                }
                Kind::Matrix { rows, .. } => {
                    for r in rows {
                        add(format!("{}/{}", q.id, r.id), Source::Row(qi, r.id.clone()));
                    }
                }
                Kind::Rank { choices, .. } => {
                    for c in choices {
                        add(format!("{}/{}", q.id, c.value), Source::Rank(qi, c.value.clone()));
                    }
                }
                _ => add(q.id.clone(), Source::Value(qi)),
            }
        }
        Columns { headers, sources }
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The cells of one response after the fixed columns, from each question's answer by index
    /// (`None` for no answer, and for a hidden question).
    pub fn cells<'a>(&self, answer_of: &[Option<&'a Value>], out: &mut Vec<Cell<'a>>) {
        let answer = |qi: usize| answer_of[qi];
        for source in &self.sources {
            let cell = match source {
                Source::Value(qi) => answer(*qi).map_or(Cell::Empty, value_cell),
                Source::Flag(qi, value) => match answer(*qi) {
                    Some(Value::Array(items)) => {
                        Cell::Count(u64::from(items.iter().any(|i| i.as_str() == Some(value))))
                    }
                    _ => Cell::Empty,
                },
                Source::Other(qi) => answer(*qi).and_then(other_in).map_or(Cell::Empty, Cell::text),
                Source::Row(qi, row) => answer(*qi).and_then(|v| v.get(row)).map_or(Cell::Empty, value_cell),
                Source::Rank(qi, value) => match answer(*qi) {
                    Some(Value::Array(items)) => items
                        .iter()
                        .position(|i| i.as_str() == Some(value))
                        .map_or(Cell::Empty, |p| Cell::Count(p as u64 + 1)),
                    _ => Cell::Empty,
                },
            };
            out.push(cell);
        }
    }
}
