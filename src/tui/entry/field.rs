//! The fields of a paper sheet and what is typed into them.
//!
//! A sheet is a list of fields: one per question, one per matrix row; notes are headings, not
//! fields. Every field is typed as text, exactly as the paper shows it: a choice's number, a
//! scale point, `1`/`2` (or `y`/`n`) for yes/no, several choice numbers in a row for multiple
//! choice and rank (separated by spaces or commas when a list has more than 9 options), the
//! number or the text itself; after the number of "other", its text. This module turns that text
//! into the answer (through the kiosk's editors, so every answer rule stays in
//! `survey::answer`), turns a stored answer back into the text, and says when a typed key has
//! already decided a field (a digit picks and moves on).

use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

use crate::survey::answer::{Answer, AnswerFault, Chosen, Pick, parse_typed_number, scale_picks};
use crate::survey::{Kind, Question, ScaleDef, Survey};

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
        match &q.kind {
            Kind::Note => {}
            Kind::Matrix { rows, .. } => out.extend((0..rows.len()).map(|r| Field {
                question: i,
                row: Some(r),
            })),
            _ => out.push(Field { question: i, row: None }),
        }
    }
    out
}

/// How a field is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// One code decides it (single choice, scale point, matrix row, yes/no): a key that completes
    /// a code moves on.
    Pick,
    /// Several codes then Enter (multiple choice, rank).
    Codes,
    /// Typed, then Enter (number, text).
    Typed,
}

pub fn style(q: &Question) -> Style {
    match q.kind {
        Kind::SingleChoice { .. } | Kind::Scale(_) | Kind::YesNo | Kind::Matrix { .. } => Style::Pick,
        Kind::MultipleChoice { .. } | Kind::Rank { .. } => Style::Codes,
        _ => Style::Typed,
    }
}

/// How many numbered options a choice or rank question has ("other" is the last number).
fn option_count(q: &Question) -> usize {
    q.kind.choices().len() + usize::from(q.kind.has_other())
}

/// Whether each option needs a separator (more than 9 options).
fn separated(q: &Question) -> bool {
    option_count(q) > 9
}

/// Full-width digits and letters from an IME made ASCII.
fn ascii(text: &str) -> String {
    text.nfkc().collect()
}

/// Splits typed codes from the "other" text that follows them: `"36家族会"` → `([3, 6], "家族会")`.
/// With more than 9 options the codes are numbers separated by spaces or commas, and the text
/// starts at the first piece that is not a number. Full-width digits count as digits; the text
/// itself is kept exactly as typed.
fn split_codes(q: &Question, text: &str) -> (Vec<usize>, String) {
    let digit = |c: char| ascii(&c.to_string()).chars().next().and_then(|d| d.to_digit(10));
    let is_sep = |c: char| matches!(c, ' ' | ',' | '、' | '，' | '\u{3000}');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut codes = Vec::new();
    let mut i = 0;
    if separated(q) {
        loop {
            while i < chars.len() && is_sep(chars[i].1) {
                i += 1;
            }
            let start = i;
            let mut n: usize = 0;
            while i < chars.len()
                && let Some(d) = digit(chars[i].1)
            {
                n = n.saturating_mul(10).saturating_add(d as usize);
                i += 1;
            }
            let boundary = i == chars.len() || is_sep(chars[i].1);
            if i == start || !boundary {
                i = start;
                break;
            }
            codes.push(n);
        }
    } else {
        while i < chars.len()
            && let Some(d) = digit(chars[i].1)
        {
            codes.push(d as usize);
            i += 1;
        }
    }
    let rest = chars.get(i).map_or("", |&(at, _)| &text[at..]);
    (codes, rest.trim().to_string())
}

/// A typed code that is not one of the options.
fn not_an_option(q: &Question, found: &str) -> AnswerFault {
    AnswerFault::UnknownChoice {
        found: found.to_string(),
        choices: format!("1-{}", option_count(q)),
    }
}

/// The point of a scale typed as text: its number, or `n` (or `0` where 0 is not a point) for N/A.
/// Whether the point is on the scale is the answer's own rule (checked by the caller).
fn point(s: &ScaleDef, text: &str) -> Result<Pick, AnswerFault> {
    let t = ascii(text).trim().to_lowercase();
    if t == "n" || (t == "0" && !(s.min..=s.max).contains(&0)) {
        return Ok(Pick::Na);
    }
    t.parse().map(Pick::Point).map_err(|_| AnswerFault::NotANumber)
}

/// The typed codes of a choice question as the items chosen ("other" with the text after it).
fn chosen(q: &Question, text: &str) -> Result<Vec<Chosen>, AnswerFault> {
    let (codes, rest) = split_codes(q, text);
    let choices = q.kind.choices();
    let mut items = Vec::new();
    for c in codes {
        match c {
            c if (1..=choices.len()).contains(&c) => items.push(Chosen::Choice(choices[c - 1].value.clone())),
            c if c == choices.len() + 1 && q.kind.has_other() => items.push(Chosen::Other(rest.clone())),
            c => return Err(not_an_option(q, &c.to_string())),
        }
    }
    // Text after the codes belongs to "other" only.
    if !rest.is_empty() && !items.iter().any(|i| matches!(i, Chosen::Other(_))) {
        return Err(not_an_option(q, &rest));
    }
    Ok(items)
}

/// What a field's text means, checked by the answer's own rules: for a question its answer, for
/// a matrix row the row's point. `Ok(None)` is no answer.
pub fn decode(q: &Question, field: Field, text: &str) -> Result<Option<Value>, AnswerFault> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let answer = match &q.kind {
        Kind::Scale(s) => Answer::Scale(point(s, text)?),
        Kind::Matrix { rows, scale } => {
            let pick = point(scale, text)?;
            let row = field
                .row
                .and_then(|r| rows.get(r))
                .ok_or(AnswerFault::NothingAnswered)?;
            Answer::Matrix(vec![(row.id.clone(), pick)]).check(q)?;
            return Ok(Some(pick.to_value()));
        }
        Kind::YesNo => match ascii(text).trim().to_lowercase().as_str() {
            "1" | "y" | "yes" | "は" | "はい" => Answer::YesNo(true),
            "2" | "n" | "no" | "い" | "いいえ" => Answer::YesNo(false),
            other => {
                return Err(AnswerFault::Shape {
                    expected: "1 / 2 (y / n)".to_string(),
                    found: other.to_string(),
                });
            }
        },
        Kind::SingleChoice { .. } => {
            let mut items = chosen(q, text)?;
            if items.len() > 1 {
                return Err(AnswerFault::TooMany(1));
            }
            match items.pop() {
                Some(item) => Answer::Single(item),
                None => return Err(not_an_option(q, text.trim())),
            }
        }
        Kind::MultipleChoice { .. } => Answer::Multiple(chosen(q, text)?),
        Kind::Rank { .. } => Answer::Rank(
            chosen(q, text)?
                .into_iter()
                .map(|c| match c {
                    Chosen::Choice(v) => Ok(v),
                    Chosen::Other(t) => Err(not_an_option(q, &t)),
                })
                .collect::<Result<_, _>>()?,
        ),
        Kind::Number { .. } => return Ok(parse_typed_number(q, text)?.map(|a| a.to_value())),
        Kind::Text { .. } => Answer::Text(text.trim_end().to_string()),
        Kind::Note => return Ok(None),
    };
    answer.check(q)?;
    Ok(Some(answer.to_value()))
}

/// The text that gives back a stored answer (the field's own part of it, for a matrix row).
pub fn encode(q: &Question, field: Field, answer: Option<&Value>) -> String {
    let Some(v) = answer else { return String::new() };
    let sep = if separated(q) { " " } else { "" };
    let code_of = |item: &Value| -> Option<String> {
        let choices = q.kind.choices();
        if let Some(i) = choices.iter().position(|c| Some(c.value.as_str()) == item.as_str()) {
            return Some((i + 1).to_string());
        }
        item.get("other").map(|_| option_count(q).to_string())
    };
    let other = |items: &[&Value]| -> String {
        items
            .iter()
            .find_map(|i| i.get("other").and_then(Value::as_str))
            .map(|t| {
                let lead = if t.starts_with(|c: char| c.is_ascii_digit()) || separated(q) {
                    " "
                } else {
                    ""
                };
                format!("{lead}{t}")
            })
            .unwrap_or_default()
    };
    let point_text = |p: &Value| -> String {
        match p {
            Value::String(s) if s == "na" => "n".to_string(),
            other => other.to_string(),
        }
    };
    match (&q.kind, v) {
        (Kind::Scale(_), p) => point_text(p),
        (Kind::Matrix { rows, .. }, Value::Object(map)) => field
            .row
            .and_then(|r| rows.get(r))
            .and_then(|r| map.get(&r.id))
            .map(point_text)
            .unwrap_or_default(),
        (Kind::YesNo, Value::Bool(b)) => if *b { "1" } else { "2" }.to_string(),
        (Kind::SingleChoice { .. }, item) => {
            format!("{}{}", code_of(item).unwrap_or_default(), other(&[item]))
        }
        (Kind::MultipleChoice { .. } | Kind::Rank { .. }, Value::Array(items)) => {
            let codes: Vec<String> = items.iter().filter_map(code_of).collect();
            let refs: Vec<&Value> = items.iter().collect();
            format!("{}{}", codes.join(sep), other(&refs))
        }
        (_, Value::String(s)) => s.clone(),
        (_, Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Whether a text could still grow into another valid code of a pick field (`1` on a 0–10
/// scale could become `10`): then the field waits for Enter instead of moving on.
fn could_grow(q: &Question, text: &str) -> bool {
    let t = ascii(text).trim().to_string();
    let codes: Vec<String> = match &q.kind {
        Kind::Scale(s) | Kind::Matrix { scale: s, .. } => s.points().map(|p| p.to_string()).collect(),
        Kind::SingleChoice { .. } => (1..=option_count(q)).map(|c| c.to_string()).collect(),
        _ => Vec::new(),
    };
    codes.iter().any(|c| c.len() > t.len() && c.starts_with(&t))
}

/// Whether a text is the start of some valid code of a pick field (so the key that made it is
/// kept; anything else is refused at once, before it can be mistaken for an answer).
pub fn could_be(q: &Question, text: &str) -> bool {
    match q.kind {
        Kind::SingleChoice { .. } => {
            // "other", then its text: anything after the other number is the text.
            if q.kind.has_other() && split_codes(q, text).0 == [option_count(q)] {
                return true;
            }
            decode(q, Field { question: 0, row: None }, text).is_ok() || could_grow(q, text)
        }
        Kind::Scale(_) | Kind::Matrix { .. } => {
            decode(
                q,
                Field {
                    question: 0,
                    row: Some(0),
                },
                text,
            )
            .is_ok()
                || could_grow(q, text)
        }
        Kind::YesNo => decode(q, Field { question: 0, row: None }, text).is_ok(),
        _ => true,
    }
}

/// How many codes a multiple choice or rank field takes at most.
pub fn most_codes(q: &Question) -> usize {
    match &q.kind {
        Kind::MultipleChoice { max_selected, .. } => max_selected.map_or(option_count(q), |m| m as usize),
        Kind::Rank { choices, max_ranked } => max_ranked.map_or(choices.len(), |m| m as usize),
        _ => 1,
    }
}

/// Whether a field's text is a complete answer that nothing more could be added to: then the
/// key that completed it moves on. Only a pick field is ever decided by a key (a digit, unless it
/// could still grow: `1` on a 0–10 scale). Multiple choice and rank never are, even at their
/// maximum: the operator types the codes then Enter, and a key typed after the maximum must be
/// refused on that field, never carried into the next one as an answer nobody gave.
/// "Other" always waits for its text and Enter.
pub fn decided(q: &Question, field: Field, text: &str) -> bool {
    if text.trim().is_empty() || style(q) != Style::Pick || could_grow(q, text) {
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
    match (&q.kind, field.row) {
        (Kind::Matrix { rows, .. }, Some(r)) => {
            let mut map: Map<String, Value> = current.and_then(Value::as_object).cloned().unwrap_or_default();
            let id = rows.get(r)?.id.clone();
            match value {
                Some(v) => map.insert(id, v),
                None => map.remove(&id),
            };
            // Rows in the survey's order, as the kiosk stores them.
            let ordered: Map<String, Value> = rows
                .iter()
                .filter_map(|row| map.get(&row.id).map(|v| (row.id.clone(), v.clone())))
                .collect();
            (!ordered.is_empty()).then_some(Value::Object(ordered))
        }
        _ => value,
    }
}

/// A field's own part of a question's answer (a matrix row's point, or the whole answer).
pub fn field_value(q: &Question, field: Field, answer: Option<&Value>) -> Option<Value> {
    match (&q.kind, field.row) {
        (Kind::Matrix { rows, .. }, Some(r)) => answer?.get(&rows.get(r)?.id).cloned(),
        _ => answer.cloned(),
    }
}

/// The options of a field, numbered as they are typed, for the line under the sheet.
pub fn options(survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
    let label = |t| survey.tr(t, lang).to_string();
    match &q.kind {
        Kind::SingleChoice { choices, other } | Kind::MultipleChoice { choices, other, .. } => {
            let mut out: Vec<String> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} {}", i + 1, label(&c.label)))
                .collect();
            if *other {
                out.push(format!("{} その他（番号のあとに内容）", choices.len() + 1));
            }
            out
        }
        Kind::Rank { choices, .. } => choices
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} {}", i + 1, label(&c.label)))
            .collect(),
        Kind::Scale(s) | Kind::Matrix { scale: s, .. } => {
            let mut out: Vec<String> = scale_picks(s)
                .into_iter()
                .filter_map(|p| match p {
                    Pick::Point(p) => Some(match s.label_of(p) {
                        Some(l) => format!("{p} {}", label(l)),
                        None if p == s.min => match &s.min_label {
                            Some(l) => format!("{p} {}", label(l)),
                            None => p.to_string(),
                        },
                        None if p == s.max => match &s.max_label {
                            Some(l) => format!("{p} {}", label(l)),
                            None => p.to_string(),
                        },
                        None => p.to_string(),
                    }),
                    Pick::Na => None,
                })
                .collect();
            if s.allow_na {
                out.push("n 該当なし".to_string());
            }
            out
        }
        Kind::YesNo => vec!["1 はい".to_string(), "2 いいえ".to_string()],
        _ => Vec::new(),
    }
}
