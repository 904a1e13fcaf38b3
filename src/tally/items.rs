//! What gets counted: the "items" of a survey (a choice, scale or yes/no question, one row of a
//! matrix, or the codes of a text question, `QID#codes`), their options, and which options one
//! response's answer hits.

use serde_json::Value;

use super::labels;
use crate::survey::answer::other_text;
use crate::survey::codes::Matcher;
pub use crate::survey::codes::NO_CODE;
use crate::survey::{Kind, Survey};

/// The id of the item that counts a text question's codes.
pub fn codes_item_id(question: &str) -> String {
    format!("{question}#codes")
}

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
    /// For a `QID#codes` item: the codes its options are (in order, then [`NO_CODE`]), counted
    /// as a multiple choice whose answer is the codes the text matches.
    pub codes: Option<Matcher>,
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
                codes: None,
            }),
            Kind::Scale(s) => out.push(Item {
                question: qi,
                row: None,
                id: q.id.clone(),
                label: text,
                options: scale_options(survey, s, lang),
                first_point: Some(s.min),
                codes: None,
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
                codes: None,
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
                        codes: None,
                    });
                }
            }
            Kind::Text { .. } => {
                if let Some(m) = Matcher::for_question(survey, &q.id) {
                    let mut options: Vec<(String, String)> = m
                        .codes()
                        .iter()
                        .map(|&c| {
                            let code = &survey.codes[c];
                            (code.id.clone(), survey.tr(&code.label, lang).to_string())
                        })
                        .collect();
                    options.push((NO_CODE.into(), labels::no_code(lang).into()));
                    out.push(Item {
                        question: qi,
                        row: None,
                        id: codes_item_id(&q.id),
                        label: format!("{text} / {}", labels::codes(lang)),
                        options,
                        first_point: None,
                        codes: Some(m),
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
    if let Some(m) = &item.codes {
        // A text answer: the codes it matches, else "no code". (Stored texts are never blank.)
        if let Some(text) = value.as_str() {
            let before = hits.len();
            m.matches(text, hits);
            if hits.len() == before {
                hits.push(item.options.len() - 1);
            }
        }
        return;
    }
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
