//! `show_if` conditions: reading them, checking that they refer only to earlier questions, and that
//! each test could ever hold for the question it tests.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::reader::{Reader, describe, join, quoted};
use crate::say;
use crate::survey::model::{Condition, Kind, Question, Test};
use crate::words::Words;

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
        let obj = self.object(v, path, say!(ACondition))?;
        for group in ["all", "any"] {
            if let Some(items) = obj.get(group) {
                self.unknown_fields(obj, path, &[group], &[], &say!(ACondition));
                let Value::Array(items) = items else {
                    self.fault(&join(path, group), say!(ExpectedConditionList, found = describe(items)));
                    return None;
                };
                if items.is_empty() {
                    self.fault(&join(path, group), say!(NoConditions));
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
            self.unknown_fields(obj, path, &["not"], &[], &say!(ACondition));
            let c = self.condition(inner, &join(path, "not"), earlier, own_id)?;
            return Some(Condition::Not { not: Box::new(c) });
        }
        let mut allowed = vec!["question"];
        allowed.extend(OPERATORS);
        self.unknown_fields(obj, path, &allowed, &["all", "any", "not"], &say!(ACondition));
        let ops: Vec<&str> = OPERATORS.iter().copied().filter(|op| obj.contains_key(*op)).collect();
        let qid = match obj.get("question") {
            Some(q) => self.string(q, &join(path, "question"))?,
            None => {
                self.fault(path, say!(ConditionNeedsQuestion));
                return None;
            }
        };
        let op = match ops.as_slice() {
            [op] => *op,
            [] => {
                self.fault(path, say!(GiveOneTest, tests = OPERATORS.join(", ")));
                return None;
            }
            many => {
                self.fault(path, say!(OneTestPerCondition, found = many.join(", ")));
                return None;
            }
        };
        let qpath = join(path, "question");
        if Some(qid.as_str()) == own_id {
            self.fault(&qpath, say!(DependsOnItself, id = quoted(&qid)));
            return None;
        }
        let Some(target) = earlier.by_id.get(&qid).map(|&i| &earlier.questions[i]) else {
            if earlier.all_ids.contains(qid.as_str()) {
                self.fault(&qpath, say!(QuestionComesLater, id = quoted(&qid)));
            } else {
                self.fault(&qpath, say!(UnknownQuestion, id = quoted(&qid)));
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
                    self.fault(&tpath, say!(ExpectedValueList, found = describe(other)));
                    return None;
                }
            },
            "at_least" | "at_most" => match raw.as_f64() {
                Some(n) if op == "at_least" => Test::AtLeast(n),
                Some(n) => Test::AtMost(n),
                None => {
                    self.fault(&tpath, say!(ExpectedNumber, found = describe(raw)));
                    return None;
                }
            },
            _ => match raw {
                Value::Bool(b) => Test::Answered(*b),
                other => {
                    self.fault(&tpath, say!(ExpectedBool, found = describe(other)));
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
fn can_hold(q: &Question, test: &Test) -> Result<(), Words> {
    let t = q.kind.name();
    let id = format!("{:?}", q.id);
    if matches!(q.kind, Kind::Note) {
        return Err(say!(NoteHasNoAnswer, id = id));
    }
    match test {
        Test::Answered(_) => Ok(()),
        Test::Equals(v) | Test::NotEquals(v) => possible_value(q, v),
        Test::In(vs) => vs.iter().try_for_each(|v| possible_value(q, v)),
        Test::Includes(v) => match &q.kind {
            Kind::MultipleChoice { .. } | Kind::Rank { .. } => possible_choice(q, v),
            _ => Err(say!(IncludesNeedsMultiple, id = id, kind = t)),
        },
        Test::AtLeast(n) | Test::AtMost(n) => {
            let (lo, hi) = match &q.kind {
                Kind::Scale(s) => (s.min as f64, s.max as f64),
                Kind::Number { min, max, .. } => (min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX)),
                Kind::MultipleChoice { choices, other, .. } => (0.0, (choices.len() + usize::from(*other)) as f64),
                _ => {
                    return Err(say!(CompareNeedsNumber, test = test.name(), id = id, kind = t));
                }
            };
            let never = match test {
                Test::AtLeast(_) => *n > hi,
                _ => *n < lo,
            };
            if never {
                Err(say!(NeverHolds, id = id, lo = lo, hi = hi))
            } else {
                Ok(())
            }
        }
    }
}

/// Whether `v` could be the answer to `q` (for equals / not_equals / in).
fn possible_value(q: &Question, v: &Value) -> Result<(), Words> {
    let id = format!("{:?}", q.id);
    match &q.kind {
        Kind::SingleChoice { .. } => possible_choice(q, v),
        Kind::MultipleChoice { .. } | Kind::Rank { .. } => Err(say!(UseIncludes, kind = q.kind.name(), id = id)),
        Kind::Scale(s) => match v {
            Value::String(na) if na == "na" && s.allow_na => Ok(()),
            Value::Number(n) if n.as_i64().is_some_and(|p| (s.min..=s.max).contains(&p)) => Ok(()),
            _ => Err(say!(NotAPoint, value = describe(v), id = id, min = s.min, max = s.max)),
        },
        Kind::YesNo => match v {
            Value::Bool(_) => Ok(()),
            _ => Err(say!(YesNoCompareBool, id = id, value = describe(v))),
        },
        Kind::Number { .. } => match v {
            Value::Number(_) => Ok(()),
            _ => Err(say!(NumberCompareNumber, id = id, value = describe(v))),
        },
        Kind::Text { .. } => match v {
            Value::String(_) => Ok(()),
            _ => Err(say!(TextCompareString, id = id, value = describe(v))),
        },
        Kind::Matrix { .. } => Err(say!(MatrixOnlyAnswered, id = id)),
        Kind::Note => Err(say!(NoteHasNoAnswer, id = id)),
    }
}

fn possible_choice(q: &Question, v: &Value) -> Result<(), Words> {
    let id = format!("{:?}", q.id);
    let Value::String(s) = v else {
        return Err(say!(NotAChoice, value = describe(v), id = id));
    };
    if q.kind.choices().iter().any(|c| &c.value == s) || (q.kind.has_other() && s == "other") {
        Ok(())
    } else {
        let values: Vec<&str> = q.kind.choices().iter().map(|c| c.value.as_str()).collect();
        Err(say!(
            NotAChoiceOf,
            value = quoted(s),
            id = id,
            choices = values.join(", ")
        ))
    }
}
