//! Answer values and their checks: the one place that says what a valid answer is.
//!
//! Answers are JSON values exactly as SPEC's table gives them (a choice's value, `{"other": "…"}`,
//! an array, an integer or `"na"`, `true`/`false`, a number, a string, an object row → point, an
//! array in rank order). The kiosk, the importer and the store all check answers here.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::flow::visibility;
use super::model::{Kind, Question, ScaleDef, Survey};

/// Why a value is not a valid answer to a question (a sentence for the user).
pub type AnswerError = String;

/// Checks one answer value against its question. Does not check `required` (see [`check_response`]).
pub fn check_answer(q: &Question, v: &Value) -> Result<(), AnswerError> {
    match &q.kind {
        Kind::SingleChoice { choices, other } => match v {
            Value::String(s) if choices.iter().any(|c| &c.value == s) => Ok(()),
            Value::Object(_) if *other => other_text(v).map(|_| ()),
            _ => Err(format!(
                "expected one of the choices ({}), found {}",
                values(q),
                short(v)
            )),
        },
        Kind::MultipleChoice {
            choices,
            other,
            min_selected,
            max_selected,
        } => {
            let Value::Array(items) = v else {
                return Err(format!("expected a list of choices, found {}", short(v)));
            };
            let mut seen = HashSet::new();
            for item in items {
                let key = match item {
                    Value::String(s) if choices.iter().any(|c| &c.value == s) => s.clone(),
                    Value::Object(_) if *other => {
                        other_text(item)?;
                        "other".to_string()
                    }
                    _ => {
                        return Err(format!("{} is not one of the choices ({})", short(item), values(q)));
                    }
                };
                if !seen.insert(key) {
                    return Err(format!("{} is chosen twice", short(item)));
                }
            }
            let n = items.len() as u32;
            if let Some(min) = min_selected
                && n < *min
                && n > 0
            {
                return Err(format!("choose at least {min}"));
            }
            if let Some(max) = max_selected
                && n > *max
            {
                return Err(format!("choose at most {max}"));
            }
            Ok(())
        }
        Kind::Scale(s) => check_point(s, v),
        Kind::YesNo => match v {
            Value::Bool(_) => Ok(()),
            _ => Err(format!("expected true or false, found {}", short(v))),
        },
        Kind::Number { min, max, integer, .. } => {
            let Some(n) = v.as_f64() else {
                return Err(format!("expected a number, found {}", short(v)));
            };
            if *integer && n.fract() != 0.0 {
                return Err(format!("expected a whole number, found {n}"));
            }
            if let Some(lo) = min
                && n < *lo
            {
                return Err(format!("{n} is below the minimum {lo}"));
            }
            if let Some(hi) = max
                && n > *hi
            {
                return Err(format!("{n} is above the maximum {hi}"));
            }
            Ok(())
        }
        Kind::Text { multiline, max_length } => {
            let Value::String(s) = v else {
                return Err(format!("expected a text, found {}", short(v)));
            };
            if s.trim().is_empty() {
                return Err("the text is empty".to_string());
            }
            if !multiline && s.contains('\n') {
                return Err("this is a one-line answer; it may not contain line breaks".to_string());
            }
            if let Some(max) = max_length {
                let len = s.chars().count();
                if len > *max as usize {
                    return Err(format!("{len} characters; at most {max}"));
                }
            }
            Ok(())
        }
        Kind::Matrix { rows, scale } => {
            let Value::Object(map) = v else {
                return Err(format!("expected an object row → point, found {}", short(v)));
            };
            for (row, point) in map {
                if !rows.iter().any(|r| &r.id == row) {
                    return Err(format!("unknown row {row:?}"));
                }
                check_point(scale, point).map_err(|e| format!("row {row:?}: {e}"))?;
            }
            if map.is_empty() {
                return Err("no row is answered".to_string());
            }
            Ok(())
        }
        Kind::Rank { choices, max_ranked } => {
            let Value::Array(items) = v else {
                return Err(format!("expected a list of choices in order, found {}", short(v)));
            };
            let mut seen = HashSet::new();
            for item in items {
                match item {
                    Value::String(s) if choices.iter().any(|c| &c.value == s) => {
                        if !seen.insert(s) {
                            return Err(format!("{s:?} is ranked twice"));
                        }
                    }
                    _ => {
                        return Err(format!("{} is not one of the choices ({})", short(item), values(q)));
                    }
                }
            }
            let limit = max_ranked.map_or(choices.len(), |m| m as usize);
            if items.len() > limit {
                return Err(format!("rank at most {limit}"));
            }
            if items.is_empty() {
                return Err("nothing is ranked".to_string());
            }
            Ok(())
        }
        Kind::Note => Err("a note takes no answer".to_string()),
    }
}

/// Whether a required question counts as fully answered by `v` (a required matrix needs every row).
pub fn is_complete(q: &Question, v: &Value) -> bool {
    match (&q.kind, v) {
        (Kind::Matrix { rows, .. }, Value::Object(map)) => rows.iter().all(|r| map.contains_key(&r.id)),
        (
            Kind::MultipleChoice {
                min_selected: Some(min),
                ..
            },
            Value::Array(items),
        ) => items.len() as u32 >= *min,
        _ => true,
    }
}

/// The typed text of an `{"other": "…"}` answer.
pub fn other_text(v: &Value) -> Result<&str, AnswerError> {
    match v {
        Value::Object(m) if m.len() == 1 => match m.get("other") {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
            Some(Value::String(_)) => Err("the \"other\" text is empty".to_string()),
            _ => Err(format!("expected {{\"other\": \"text\"}}, found {}", short(v))),
        },
        _ => Err(format!("expected {{\"other\": \"text\"}}, found {}", short(v))),
    }
}

fn check_point(s: &ScaleDef, v: &Value) -> Result<(), AnswerError> {
    match v {
        Value::String(na) if na == "na" && s.allow_na => Ok(()),
        Value::String(na) if na == "na" => Err("\"na\" is not allowed here".to_string()),
        Value::Number(n) => match n.as_i64() {
            Some(p) if (s.min..=s.max).contains(&p) => Ok(()),
            _ => Err(format!("{n} is outside {} to {}", s.min, s.max)),
        },
        _ => Err(format!(
            "expected a point from {} to {}, found {}",
            s.min,
            s.max,
            short(v)
        )),
    }
}

fn values(q: &Question) -> String {
    let mut v: Vec<&str> = q.kind.choices().iter().map(|c| c.value.as_str()).collect();
    if q.kind.has_other() {
        v.push("{\"other\": …}");
    }
    v.join(", ")
}

/// A value for a message, shortened so that a long text does not flood the terminal.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Checks a whole response: no unknown question, no answer to a hidden question or note, every
/// answer valid, every shown required question answered. Returns every problem, each naming its
/// question.
pub fn check_response(survey: &Survey, answers: &Map<String, Value>) -> Vec<String> {
    let mut problems = Vec::new();
    for id in answers.keys() {
        if survey.question(id).is_none() {
            problems.push(format!("unknown question {id:?}"));
        }
    }
    let shown = visibility(survey, answers);
    for (q, shown) in survey.questions.iter().zip(shown) {
        match answers.get(&q.id) {
            Some(_) if !shown => {
                problems.push(format!("{}: answered, but the question is hidden by its show_if", q.id));
            }
            Some(v) => {
                if let Err(e) = check_answer(q, v) {
                    problems.push(format!("{}: {e}", q.id));
                } else if q.required && !is_complete(q, v) {
                    problems.push(format!("{}: the required answer is incomplete", q.id));
                }
            }
            None if q.required && shown => {
                problems.push(format!("{}: missing required answer", q.id));
            }
            None => {}
        }
    }
    problems
}
