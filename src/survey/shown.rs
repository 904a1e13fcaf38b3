//! Which questions a respondent sees, given the answers so far: the one home of the `show_if`
//! rule, used by the kiosk's walk ([`super::flow`]), the answer checker ([`super::answer`]) and
//! the tallies.
//!
//! A question is shown when its `show_if` holds over the answers of the *shown* earlier questions:
//! an answer to a question that became hidden counts as no answer, so a chain of conditions
//! collapses the way a respondent expects.

use serde_json::{Map, Value};

use super::model::{Condition, Survey, Test};

/// For each question, whether it is shown for these answers.
pub fn visibility(survey: &Survey, answers: &Map<String, Value>) -> Vec<bool> {
    let mut shown = Vec::new();
    visibility_by(survey, |j| answers.get(&survey.questions[j].id), &mut shown);
    shown
}

/// [`visibility`] for answers looked up by question index (`answer(j)` is question `j`'s), into
/// `shown`: the tallies keep each response's answers in per-question slots.
pub fn visibility_by<'a>(survey: &Survey, answer: impl Fn(usize) -> Option<&'a Value>, shown: &mut Vec<bool>) {
    shown.clear();
    for q in &survey.questions {
        let visible = q.show_if.as_ref().is_none_or(|c| {
            // Only the answers of shown questions count; conditions refer to earlier questions only.
            holds(c, &|id: &str| match survey.question_index(id) {
                Some(j) if shown.get(j).copied().unwrap_or(false) => answer(j),
                _ => None,
            })
        });
        shown.push(visible);
    }
}

/// Indexes of the questions shown for these answers, in order.
pub fn visible_questions(survey: &Survey, answers: &Map<String, Value>) -> Vec<usize> {
    visibility(survey, answers)
        .into_iter()
        .enumerate()
        .filter_map(|(i, shown)| shown.then_some(i))
        .collect()
}

/// Ids of answered questions that are hidden by these answers: the answers to clear.
pub fn hidden_answers(survey: &Survey, answers: &Map<String, Value>) -> Vec<String> {
    let shown = visibility(survey, answers);
    survey
        .questions
        .iter()
        .zip(shown)
        .filter(|(q, shown)| !shown && answers.contains_key(&q.id))
        .map(|(q, _)| q.id.clone())
        .collect()
}

/// Whether a condition holds, given a way to look up the answer to a question by id.
pub fn holds<'a>(cond: &Condition, answer_of: &dyn Fn(&str) -> Option<&'a Value>) -> bool {
    match cond {
        Condition::All { all } => all.iter().all(|c| holds(c, answer_of)),
        Condition::Any { any } => any.iter().any(|c| holds(c, answer_of)),
        Condition::Not { not } => !holds(not, answer_of),
        Condition::Compare { question, test } => test_holds(test, answer_of(question)),
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
