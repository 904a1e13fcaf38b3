//! Which questions a respondent sees, given the answers so far.
//!
//! A question is shown when its `show_if` holds over the answers of the *shown* earlier questions:
//! an answer to a question that became hidden counts as no answer, so a chain of conditions
//! collapses the way a respondent expects.

use serde_json::{Map, Value};

use super::model::{Condition, Survey, Test};

/// Indexes of the questions shown for these answers, in order.
pub fn visible_questions(survey: &Survey, answers: &Map<String, Value>) -> Vec<usize> {
    let mut effective = Map::new();
    let mut shown = Vec::new();
    for (i, q) in survey.questions.iter().enumerate() {
        let visible = q.show_if.as_ref().is_none_or(|c| holds(c, &effective));
        if visible {
            shown.push(i);
            if let Some(v) = answers.get(&q.id) {
                effective.insert(q.id.clone(), v.clone());
            }
        }
    }
    shown
}

/// Ids of answered questions that are hidden by these answers: the answers to clear.
pub fn hidden_answers(survey: &Survey, answers: &Map<String, Value>) -> Vec<String> {
    let shown = visible_questions(survey, answers);
    survey
        .questions
        .iter()
        .enumerate()
        .filter(|(i, q)| !shown.contains(i) && answers.contains_key(&q.id))
        .map(|(_, q)| q.id.clone())
        .collect()
}

/// Whether a condition holds over the given answers.
pub fn holds(cond: &Condition, answers: &Map<String, Value>) -> bool {
    match cond {
        Condition::All { all } => all.iter().all(|c| holds(c, answers)),
        Condition::Any { any } => any.iter().any(|c| holds(c, answers)),
        Condition::Not { not } => !holds(not, answers),
        Condition::Compare { question, test } => test_holds(test, answers.get(question)),
    }
}

fn test_holds(test: &Test, answer: Option<&Value>) -> bool {
    match (test, answer) {
        (Test::Answered(want), a) => a.is_some() == *want,
        (_, None) => false,
        (Test::Equals(v), Some(a)) => same(a, v),
        (Test::NotEquals(v), Some(a)) => !same(a, v),
        (Test::In(vs), Some(a)) => vs.iter().any(|v| same(a, v)),
        (Test::Includes(v), Some(Value::Array(items))) => items.iter().any(|i| same(i, v)),
        (Test::Includes(_), Some(_)) => false,
        (Test::AtLeast(n), Some(a)) => magnitude(a).is_some_and(|x| x >= *n),
        (Test::AtMost(n), Some(a)) => magnitude(a).is_some_and(|x| x <= *n),
    }
}

/// Equality as a survey author means it: numbers by value (4 == 4.0), and `"other"` matches an
/// `{"other": …}` answer.
fn same(answer: &Value, wanted: &Value) -> bool {
    match (answer, wanted) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Object(m), Value::String(s)) => s == "other" && m.contains_key("other"),
        _ => answer == wanted,
    }
}

/// The number a comparison uses: a scale point or number, or how many were chosen.
fn magnitude(answer: &Value) -> Option<f64> {
    match answer {
        Value::Number(n) => n.as_f64(),
        Value::Array(items) => Some(items.len() as f64),
        _ => None,
    }
}
