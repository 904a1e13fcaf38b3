//! `indicators`: each one read with its path like every other part of a survey, and checked
//! against the questions it measures (an unknown question or row, a measure that does not fit the
//! question's type, `values` that are not options of it, a target that is not a number).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::reader::{Reader, describe, join, suggestion};
use crate::survey::model::{Code, Direction, Indicator, Kind, Measure, Question};

const FIELDS: &[&str] = &["id", "text", "question", "measure", "values", "target", "direction"];

impl Reader {
    /// The survey's `indicators` list, given its (already read) questions.
    pub(super) fn indicators(&mut self, v: &Value, questions: &[Question], codes: &[Code]) -> Vec<Indicator> {
        let Value::Array(items) = v else {
            self.fault(
                "indicators",
                format!("expected a list of indicators, found {}", describe(v)),
            );
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("indicators[{i}]");
            let Some(obj) = self.object(item, &path, "an indicator") else {
                continue;
            };
            self.unknown_fields(obj, &path, FIELDS, &[], "an indicator");
            let id = self
                .required(obj, &path, "id")
                .and_then(|v| self.id(v, &join(&path, "id")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.fault(&join(&path, "id"), format!("indicator id {id:?} is used twice"));
            }
            let text = self
                .required(obj, &path, "text")
                .and_then(|v| self.text(v, &join(&path, "text")));
            let measure = self
                .required(obj, &path, "measure")
                .and_then(|v| self.measure(v, &join(&path, "measure")));
            let target = match self.required(obj, &path, "target") {
                Some(Value::Number(n)) => n.as_f64(),
                Some(other) => {
                    self.fault(
                        &join(&path, "target"),
                        format!("expected a number, found {}", describe(other)),
                    );
                    None
                }
                None => None,
            };
            if let (Some(m), Some(t)) = (measure, target)
                && m.is_percent()
                && !(0.0..=100.0).contains(&t)
            {
                self.fault(
                    &join(&path, "target"),
                    format!("a percent target is between 0 and 100, found {t}"),
                );
            }
            let direction = self.direction(obj, &path);
            let question = obj
                .get("question")
                .and_then(|v| self.string(v, &join(&path, "question")));
            let values = self.indicator_values(obj, &path, measure);
            if let Some(m) = measure {
                match question.as_deref().and_then(|q| q.strip_suffix("#codes")) {
                    Some(text) => self.measured_codes(&path, m, text, &values, questions, codes),
                    None => self.measured(&path, m, question.as_deref(), &values, questions),
                }
            }
            if let (Some(id), Some(text), Some(measure), Some(target), Some(direction)) =
                (id, text, measure, target, direction)
            {
                out.push(Indicator {
                    id,
                    text,
                    question,
                    measure,
                    values,
                    target,
                    direction,
                });
            }
        }
        out
    }

    fn measure(&mut self, v: &Value, path: &str) -> Option<Measure> {
        let name = self.string(v, path)?;
        let names = Measure::ALL.map(Measure::name);
        if let Some(m) = Measure::ALL.into_iter().find(|m| m.name() == name) {
            return Some(m);
        }
        let hint = suggestion(&name, names).map_or_else(
            || format!(" (one of: {})", names.join(", ")),
            |s| format!(" (did you mean \"{s}\"?)"),
        );
        self.fault(path, format!("unknown measure \"{name}\"{hint}"));
        None
    }

    fn direction(&mut self, obj: &Map<String, Value>, path: &str) -> Option<Direction> {
        let Some(v) = obj.get("direction") else {
            return Some(Direction::AtLeast);
        };
        let p = join(path, "direction");
        match self.string(v, &p)?.as_str() {
            "at_least" => Some(Direction::AtLeast),
            "at_most" => Some(Direction::AtMost),
            other => {
                self.fault(&p, format!("expected \"at_least\" or \"at_most\", found {other:?}"));
                None
            }
        }
    }

    /// `values`: a non-empty list for count and percent, absent for the other measures.
    fn indicator_values(&mut self, obj: &Map<String, Value>, path: &str, measure: Option<Measure>) -> Vec<Value> {
        let p = join(path, "values");
        let counts = matches!(measure, Some(Measure::Count | Measure::Percent));
        match obj.get("values") {
            None if counts => {
                self.fault(path, "missing field \"values\" (the answers to count)");
                Vec::new()
            }
            None => Vec::new(),
            Some(_) if measure.is_some() && !counts => {
                self.fault(&p, "only the measures count and percent take values");
                Vec::new()
            }
            Some(Value::Array(items)) if !items.is_empty() => items.clone(),
            Some(other) => {
                self.fault(
                    &p,
                    format!("expected a non-empty list of answer values, found {}", describe(other)),
                );
                Vec::new()
            }
        }
    }

    /// An indicator of a text question's codes (`QID#codes`, counted as summary.csv counts them):
    /// count or percent of answers under one of `values` (code ids, or `#none`).
    fn measured_codes(
        &mut self,
        path: &str,
        measure: Measure,
        text: &str,
        values: &[Value],
        questions: &[Question],
        codes: &[Code],
    ) {
        let qpath = join(path, "question");
        let Some(q) = questions.iter().find(|q| q.id == text) else {
            self.fault(&qpath, format!("unknown question {text:?}"));
            return;
        };
        let mut options: Vec<&str> = codes
            .iter()
            .filter(|c| c.applies_to(text))
            .map(|c| c.id.as_str())
            .collect();
        if !matches!(q.kind, Kind::Text { .. }) || options.is_empty() {
            self.fault(
                &qpath,
                format!("\"{text}#codes\" counts the codes of a text question that has codes; {text:?} has none"),
            );
            return;
        }
        if !matches!(measure, Measure::Count | Measure::Percent) {
            self.fault(
                &join(path, "measure"),
                format!(
                    "{} does not apply to codes; count them with count or percent",
                    measure.name()
                ),
            );
            return;
        }
        options.push(crate::survey::codes::NO_CODE);
        for (i, v) in values.iter().enumerate() {
            if !v.as_str().is_some_and(|s| options.contains(&s)) {
                self.fault(
                    &format!("{}[{i}]", join(path, "values")),
                    format!("{} is not a code of {text:?} ({})", describe(v), options.join(", ")),
                );
            }
        }
    }

    /// Whether `question` exists and suits `measure`, and every value is one of its options.
    fn measured(
        &mut self,
        path: &str,
        measure: Measure,
        question: Option<&str>,
        values: &[Value],
        questions: &[Question],
    ) {
        let qpath = join(path, "question");
        let Some(qid) = question else {
            if measure != Measure::Responses {
                self.fault(
                    path,
                    format!(
                        "missing field \"question\" (the question that {} measures)",
                        measure.name()
                    ),
                );
            }
            return;
        };
        if measure == Measure::Responses {
            self.fault(
                &qpath,
                "the measure responses counts whole responses and takes no question",
            );
            return;
        }
        let (id, row) = match qid.split_once('/') {
            Some((id, row)) => (id, Some(row)),
            None => (qid, None),
        };
        let Some(q) = questions.iter().find(|q| q.id == id) else {
            self.fault(&qpath, format!("unknown question {id:?}"));
            return;
        };
        match (&q.kind, row) {
            (Kind::Matrix { rows, .. }, Some(row)) if !rows.iter().any(|r| r.id == row) => {
                let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
                self.fault(&qpath, format!("{id:?} has no row {row:?} (rows: {})", ids.join(", ")));
                return;
            }
            (Kind::Matrix { rows, .. }, None) => {
                let first = rows.first().map_or("ROW", |r| r.id.as_str());
                self.fault(
                    &qpath,
                    format!("name one row of the matrix {id:?}, as \"{id}/{first}\""),
                );
                return;
            }
            (Kind::Matrix { .. }, Some(_)) => {}
            (_, Some(_)) => {
                self.fault(
                    &qpath,
                    format!("{id:?} is not a matrix; \"QID/ROW\" names a matrix row"),
                );
                return;
            }
            _ => {}
        }
        let fits = match measure {
            Measure::Responses => true,
            Measure::Count | Measure::Percent => matches!(
                q.kind,
                Kind::SingleChoice { .. }
                    | Kind::MultipleChoice { .. }
                    | Kind::Scale(_)
                    | Kind::YesNo
                    | Kind::Matrix { .. }
            ),
            Measure::Top2Percent => matches!(q.kind, Kind::Scale(_) | Kind::Matrix { .. }),
            Measure::Mean | Measure::Median => {
                matches!(q.kind, Kind::Scale(_) | Kind::Number { .. } | Kind::Matrix { .. })
            }
        };
        if !fits {
            let needs = match measure {
                Measure::Top2Percent => "a scale or a matrix row",
                Measure::Mean | Measure::Median => "a scale, number or matrix row",
                _ => "a choice, scale, yes/no question or a matrix row",
            };
            self.fault(
                &join(path, "measure"),
                format!("{} needs {needs}; {id:?} is {}", measure.name(), q.kind.name()),
            );
            return;
        }
        for (i, v) in values.iter().enumerate() {
            if let Err(why) = option_value(q, v) {
                self.fault(&format!("{}[{i}]", join(path, "values")), why);
            }
        }
    }
}

/// Whether `v` names an option of `q` as it is stored; `Err` says what would.
fn option_value(q: &Question, v: &Value) -> Result<(), String> {
    let id = &q.id;
    match &q.kind {
        Kind::SingleChoice { choices, other } | Kind::MultipleChoice { choices, other, .. } => {
            let known = |s: &str| choices.iter().any(|c| c.value == s) || (*other && s == "other");
            match v {
                Value::String(s) if known(s) => Ok(()),
                _ => {
                    let mut values: Vec<&str> = choices.iter().map(|c| c.value.as_str()).collect();
                    if *other {
                        values.push("other");
                    }
                    Err(format!(
                        "{} is not one of the choices of {id:?} ({})",
                        describe(v),
                        values.join(", ")
                    ))
                }
            }
        }
        Kind::Scale(s) | Kind::Matrix { scale: s, .. } => match v {
            Value::Number(n) if n.as_i64().is_some_and(|p| (s.min..=s.max).contains(&p)) => Ok(()),
            Value::String(na) if na == "na" && s.allow_na => Ok(()),
            _ => Err(format!(
                "{} is not a point of {id:?}: write a whole number from {} to {}{}",
                describe(v),
                s.min,
                s.max,
                if s.allow_na { ", or \"na\"" } else { "" }
            )),
        },
        Kind::YesNo => match v {
            Value::Bool(_) => Ok(()),
            _ => Err(format!("{id:?} is yes/no: write true or false, not {}", describe(v))),
        },
        _ => Err(format!("{id:?} has no options to count")),
    }
}
