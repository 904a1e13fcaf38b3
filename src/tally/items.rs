//! What gets counted: the "items" of a survey (a choice, scale or yes/no question, or one row of a
//! matrix), their options, and which options one response's answer hits.

use serde_json::Value;

use super::labels;
use crate::survey::answer::other_text;
use crate::survey::{Kind, Survey};

/// One counted item: a row block in summary.csv and crosstab_*.csv.
#[derive(Clone, Debug)]
pub struct Item {
    /// Index of the question in the survey.
    pub question: usize,
    /// The matrix row, for a matrix item.
    pub row: Option<String>,
    /// `QID`, or `QID/ROW` for a matrix row.
    pub id: String,
    pub label: String,
    /// (option_value, option label).
    pub options: Vec<(String, String)>,
    /// For a scale or matrix row: the first point, so that a point's option is found by
    /// arithmetic rather than by formatting it.
    pub first_point: Option<i64>,
}

/// The counted items of a survey, in question order.
pub fn items(survey: &Survey, lang: &str) -> Vec<Item> {
    let mut out = Vec::new();
    for (qi, q) in survey.questions.iter().enumerate() {
        let text = survey.tr(&q.text, lang).to_string();
        let choice_options = |with_other: bool| {
            let mut o: Vec<(String, String)> = q
                .kind
                .choices()
                .iter()
                .map(|c| (c.value.clone(), survey.tr(&c.label, lang).to_string()))
                .collect();
            if with_other {
                o.push(("other".into(), labels::other(lang).into()));
            }
            o
        };
        match &q.kind {
            Kind::SingleChoice { other, .. } | Kind::MultipleChoice { other, .. } => out.push(Item {
                question: qi,
                row: None,
                id: q.id.clone(),
                label: text,
                options: choice_options(*other),
                first_point: None,
            }),
            Kind::Scale(s) => out.push(Item {
                question: qi,
                row: None,
                id: q.id.clone(),
                label: text,
                options: scale_options(survey, s, lang),
                first_point: Some(s.min),
            }),
            Kind::YesNo => out.push(Item {
                question: qi,
                row: None,
                id: q.id.clone(),
                label: text,
                options: vec![
                    ("true".into(), labels::yes_no(lang, true).into()),
                    ("false".into(), labels::yes_no(lang, false).into()),
                ],
                first_point: None,
            }),
            Kind::Matrix { rows, scale } => {
                for r in rows {
                    out.push(Item {
                        question: qi,
                        row: Some(r.id.clone()),
                        id: format!("{}/{}", q.id, r.id),
                        label: format!("{} / {}", text, survey.tr(&r.text, lang)),
                        options: scale_options(survey, scale, lang),
                        first_point: Some(scale.min),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn scale_options(survey: &Survey, s: &crate::survey::ScaleDef, lang: &str) -> Vec<(String, String)> {
    let mut o: Vec<(String, String)> = s
        .points()
        .map(|p| (p.to_string(), labels::point(survey, s, p, lang)))
        .collect();
    if s.allow_na {
        o.push(("na".into(), labels::not_applicable(lang).into()));
    }
    o
}

/// The answer value of an item within a response's answer (a matrix row's point).
pub fn item_value<'a>(item: &Item, answer: &'a Value) -> Option<&'a Value> {
    match &item.row {
        Some(row) => answer.get(row),
        None => Some(answer),
    }
}

/// Which options of an item an answer hits (indexes into `item.options`), pushed to `hits`.
/// Called for every answer of every response, so it compares without allocating.
pub fn hits(item: &Item, value: &Value, hits: &mut Vec<usize>) {
    let position = |key: &str| item.options.iter().position(|(o, _)| o == key);
    let find = |v: &Value| -> Option<usize> {
        match v {
            Value::String(s) => position(s),
            Value::Number(n) => {
                let first = item.first_point?;
                let i = usize::try_from(n.as_i64()? - first).ok()?;
                // Points come first among a scale's options; N/A (a string) after them.
                (i < item.options.len() && item.options[i].0 != "na").then_some(i)
            }
            Value::Bool(b) => position(if *b { "true" } else { "false" }),
            Value::Object(_) if other_text(v).is_ok() => position("other"),
            _ => None,
        }
    };
    match value {
        Value::Array(items) => hits.extend(items.iter().filter_map(find)),
        v => hits.extend(find(v)),
    }
}
