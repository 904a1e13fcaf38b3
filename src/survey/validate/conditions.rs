//! `show_if` conditions: reading them, checking that they refer only to earlier questions, and that
//! each test could ever hold for the question it tests.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::reader::{Reader, describe, join, quote};
use crate::survey::model::{Condition, Kind, Question, Test};

const OPERATORS: &[&str] = &[
    "equals",
    "not_equals",
    "in",
    "includes",
    "at_least",
    "at_most",
    "answered",
];

/// What a condition may refer to: the questions before its own (looked up by id), and every id
/// in the file (to tell "comes later" from "unknown"). Built once per survey and grown as
/// questions are read, so checking conditions stays linear in the size of the file.
pub(super) struct Earlier<'a> {
    pub(super) questions: &'a [Question],
    pub(super) by_id: &'a HashMap<String, usize>,
    pub(super) all_ids: &'a HashSet<&'a str>,
}

impl Reader {
    pub(super) fn condition(
        &mut self,
        v: &Value,
        path: &str,
        earlier: &Earlier,
        own_id: Option<&str>,
    ) -> Option<Condition> {
        let obj = self.object(v, path, "a condition")?;
        for group in ["all", "any"] {
            if let Some(items) = obj.get(group) {
                self.unknown_fields(obj, path, &[group], &[], "a condition");
                let Value::Array(items) = items else {
                    self.fault(
                        &join(path, group),
                        format!("expected a list of conditions, found {}", describe(items)),
                    );
                    return None;
                };
                if items.is_empty() {
                    self.fault(&join(path, group), "needs at least one condition");
                }
                let conds: Vec<Condition> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, c)| self.condition(c, &format!("{}[{i}]", join(path, group)), earlier, own_id))
                    .collect();
                return Some(if group == "all" {
                    Condition::All { all: conds }
                } else {
                    Condition::Any { any: conds }
                });
            }
        }
        if let Some(inner) = obj.get("not") {
            self.unknown_fields(obj, path, &["not"], &[], "a condition");
            let c = self.condition(inner, &join(path, "not"), earlier, own_id)?;
            return Some(Condition::Not { not: Box::new(c) });
        }
        let mut allowed = vec!["question"];
        allowed.extend(OPERATORS);
        self.unknown_fields(obj, path, &allowed, &["all", "any", "not"], "a condition");
        let ops: Vec<&str> = OPERATORS.iter().copied().filter(|op| obj.contains_key(*op)).collect();
        let qid = match obj.get("question") {
            Some(q) => self.string(q, &join(path, "question"))?,
            None => {
                self.fault(
                    path,
                    "a condition needs \"question\" and one test (equals, in, at_least, …), or all/any/not",
                );
                return None;
            }
        };
        let op = match ops.as_slice() {
            [op] => *op,
            [] => {
                self.fault(path, format!("give one test: {}", OPERATORS.join(", ")));
                return None;
            }
            many => {
                self.fault(
                    path,
                    format!(
                        "give one test per condition, found {}; combine them with \"all\"",
                        many.join(" and ")
                    ),
                );
                return None;
            }
        };
        let qpath = join(path, "question");
        if Some(qid.as_str()) == own_id {
            self.fault(&qpath, format!("question {} cannot depend on itself", quote(&qid)));
            return None;
        }
        let Some(target) = earlier.by_id.get(&qid).map(|&i| &earlier.questions[i]) else {
            if earlier.all_ids.contains(qid.as_str()) {
                self.fault(
                    &qpath,
                    format!(
                        "question {} comes later; show_if may refer only to earlier questions",
                        quote(&qid)
                    ),
                );
            } else {
                self.fault(&qpath, format!("unknown question {}", quote(&qid)));
            }
            return None;
        };
        let raw = &obj[op];
        let tpath = join(path, op);
        let test = match op {
            "equals" | "not_equals" | "includes" => {
                let v = raw.clone();
                match op {
                    "equals" => Test::Equals(v),
                    "not_equals" => Test::NotEquals(v),
                    _ => Test::Includes(v),
                }
            }
            "in" => match raw {
                Value::Array(items) if !items.is_empty() => Test::In(items.clone()),
                other => {
                    self.fault(
                        &tpath,
                        format!("expected a non-empty list of values, found {}", describe(other)),
                    );
                    return None;
                }
            },
            "at_least" | "at_most" => match raw.as_f64() {
                Some(n) if op == "at_least" => Test::AtLeast(n),
                Some(n) => Test::AtMost(n),
                None => {
                    self.fault(&tpath, format!("expected a number, found {}", describe(raw)));
                    return None;
                }
            },
            _ => match raw {
                Value::Bool(b) => Test::Answered(*b),
                other => {
                    self.fault(&tpath, format!("expected true or false, found {}", describe(other)));
                    return None;
                }
            },
        };
        if let Err(why) = can_hold(target, &test) {
            self.fault(&tpath, why);
            return None;
        }
        Some(Condition::Compare { question: qid, test })
    }
}

/// Whether a test on this question could ever hold; `Err` says why not.
fn can_hold(q: &Question, test: &Test) -> Result<(), String> {
    let t = q.kind.name();
    if matches!(q.kind, Kind::Note) {
        return Err(format!("question {:?} is a note and has no answer", q.id));
    }
    match test {
        Test::Answered(_) => Ok(()),
        Test::Equals(v) | Test::NotEquals(v) => possible_value(q, v),
        Test::In(vs) => vs.iter().try_for_each(|v| possible_value(q, v)),
        Test::Includes(v) => match &q.kind {
            Kind::MultipleChoice { .. } | Kind::Rank { .. } => possible_choice(q, v),
            _ => Err(format!(
                "\"includes\" needs a multiple_choice or rank question; {:?} is {t}",
                q.id
            )),
        },
        Test::AtLeast(n) | Test::AtMost(n) => {
            let (lo, hi) = match &q.kind {
                Kind::Scale(s) => (s.min as f64, s.max as f64),
                Kind::Number { min, max, .. } => (min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX)),
                Kind::MultipleChoice { choices, other, .. } => (0.0, (choices.len() + usize::from(*other)) as f64),
                _ => {
                    return Err(format!(
                        "\"{}\" needs a scale, number or multiple_choice question; {:?} is {t}",
                        test.name(),
                        q.id
                    ));
                }
            };
            let never = match test {
                Test::AtLeast(_) => *n > hi,
                _ => *n < lo,
            };
            if never {
                Err(format!(
                    "can never hold: the answers to {:?} range from {lo} to {hi}",
                    q.id
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// Whether `v` could be the answer to `q` (for equals / not_equals / in).
fn possible_value(q: &Question, v: &Value) -> Result<(), String> {
    match &q.kind {
        Kind::SingleChoice { .. } => possible_choice(q, v),
        Kind::MultipleChoice { .. } | Kind::Rank { .. } => Err(format!(
            "use \"includes\" to test a {} question such as {:?}",
            q.kind.name(),
            q.id
        )),
        Kind::Scale(s) => match v {
            Value::String(na) if na == "na" && s.allow_na => Ok(()),
            Value::Number(n) if n.as_i64().is_some_and(|p| (s.min..=s.max).contains(&p)) => Ok(()),
            _ => Err(format!(
                "{} is not a point of {:?} ({} to {})",
                describe(v),
                q.id,
                s.min,
                s.max
            )),
        },
        Kind::YesNo => match v {
            Value::Bool(_) => Ok(()),
            _ => Err(format!(
                "{:?} is yes/no: compare with true or false, not {}",
                q.id,
                describe(v)
            )),
        },
        Kind::Number { .. } => match v {
            Value::Number(_) => Ok(()),
            _ => Err(format!(
                "{:?} is a number question: compare with a number, not {}",
                q.id,
                describe(v)
            )),
        },
        Kind::Text { .. } => match v {
            Value::String(_) => Ok(()),
            _ => Err(format!(
                "{:?} is a text question: compare with a string, not {}",
                q.id,
                describe(v)
            )),
        },
        Kind::Matrix { .. } => Err(format!(
            "a matrix question such as {:?} can only be tested with \"answered\"",
            q.id
        )),
        Kind::Note => Err(format!("question {:?} is a note and has no answer", q.id)),
    }
}

fn possible_choice(q: &Question, v: &Value) -> Result<(), String> {
    let Value::String(s) = v else {
        return Err(format!("{} is not one of the choices of {:?}", describe(v), q.id));
    };
    if q.kind.choices().iter().any(|c| &c.value == s) || (q.kind.has_other() && s == "other") {
        Ok(())
    } else {
        let values: Vec<&str> = q.kind.choices().iter().map(|c| c.value.as_str()).collect();
        Err(format!(
            "{} is not one of the choices of {:?} ({})",
            quote(s),
            q.id,
            values.join(", ")
        ))
    }
}
