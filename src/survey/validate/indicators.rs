//! `indicators`: each one read with its path like every other part of a survey, and checked
//! against the questions it measures (an unknown question or row, a measure that does not fit the
//! question's type, `values` that are not options of it, a target that is not a number).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::reader::{Reader, describe, join, quoted, suggestion};
use crate::say;
use crate::survey::model::{Code, Direction, Indicator, Kind, Measure, Question};
use crate::words::Words;

const FIELDS: &[&str] = &["id", "text", "question", "measure", "values", "target", "direction"];

impl Reader {
    /// The survey's `indicators` list, given its (already read) questions.
    pub(super) fn indicators(&mut self, v: &Value, questions: &[Question], codes: &[Code]) -> Vec<Indicator> {
        let Value::Array(items) = v else {
            self.fault("indicators", say!(ExpectedIndicatorList, found = describe(v)));
            return Vec::new();
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("indicators[{i}]");
            let Some(obj) = self.object(item, &path, say!(AnIndicator)) else {
                continue;
            };
            self.unknown_fields(obj, &path, FIELDS, &[], &say!(AnIndicator));
            let id = self
                .required(obj, &path, "id")
                .and_then(|v| self.id(v, &join(&path, "id")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.fault(&join(&path, "id"), say!(IndicatorIdTwice, id = format!("{id:?}")));
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
                    self.fault(&join(&path, "target"), say!(ExpectedNumber, found = describe(other)));
                    None
                }
                None => None,
            };
            if let (Some(m), Some(t)) = (measure, target)
                && m.is_percent()
                && !(0.0..=100.0).contains(&t)
            {
                self.fault(&join(&path, "target"), say!(PercentTarget, found = t));
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
        let fault = match suggestion(&name, names) {
            Some(s) => say!(UnknownMeasureMeant, measure = quoted(&name), meant = s),
            None => say!(UnknownMeasureOneOf, measure = quoted(&name), known = names.join(", ")),
        };
        self.fault(path, fault);
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
                self.fault(&p, say!(ExpectedDirection, found = format!("{other:?}")));
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
                self.fault(path, say!(MissingValues));
                Vec::new()
            }
            None => Vec::new(),
            Some(_) if measure.is_some() && !counts => {
                self.fault(&p, say!(ValuesNotTaken));
                Vec::new()
            }
            Some(Value::Array(items)) if !items.is_empty() => items.clone(),
            Some(other) => {
                self.fault(&p, say!(ExpectedAnswerValues, found = describe(other)));
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
            self.fault(&qpath, say!(UnknownQuestion, id = format!("{text:?}")));
            return;
        };
        let mut options: Vec<&str> = codes
            .iter()
            .filter(|c| c.applies_to(text))
            .map(|c| c.id.as_str())
            .collect();
        if !matches!(q.kind, Kind::Text { .. }) || options.is_empty() {
            self.fault(&qpath, say!(CodesNeedCodedText, id = text));
            return;
        }
        if !matches!(measure, Measure::Count | Measure::Percent) {
            self.fault(
                &join(path, "measure"),
                say!(MeasureNotForCodes, measure = measure.name()),
            );
            return;
        }
        options.push(crate::survey::codes::NO_CODE);
        for (i, v) in values.iter().enumerate() {
            if !v.as_str().is_some_and(|s| options.contains(&s)) {
                self.fault(
                    &format!("{}[{i}]", join(path, "values")),
                    say!(
                        NotACode,
                        value = describe(v),
                        id = format!("{text:?}"),
                        codes = options.join(", ")
                    ),
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
                self.fault(path, say!(MissingMeasuredQuestion, measure = measure.name()));
            }
            return;
        };
        if measure == Measure::Responses {
            self.fault(&qpath, say!(ResponsesTakesNoQuestion));
            return;
        }
        let (id, row) = match qid.split_once('/') {
            Some((id, row)) => (id, Some(row)),
            None => (qid, None),
        };
        let Some(q) = questions.iter().find(|q| q.id == id) else {
            self.fault(&qpath, say!(UnknownQuestion, id = format!("{id:?}")));
            return;
        };
        match (&q.kind, row) {
            (Kind::Matrix { rows, .. }, Some(row)) if !rows.iter().any(|r| r.id == row) => {
                let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
                self.fault(
                    &qpath,
                    say!(
                        NoSuchRow,
                        id = format!("{id:?}"),
                        row = format!("{row:?}"),
                        rows = ids.join(", ")
                    ),
                );
                return;
            }
            (Kind::Matrix { rows, .. }, None) => {
                let first = rows.first().map_or("ROW", |r| r.id.as_str());
                self.fault(
                    &qpath,
                    say!(
                        NameOneRow,
                        id = format!("{id:?}"),
                        example = format!("\"{id}/{first}\"")
                    ),
                );
                return;
            }
            (Kind::Matrix { .. }, Some(_)) => {}
            (_, Some(_)) => {
                self.fault(&qpath, say!(NotAMatrix, id = format!("{id:?}")));
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
                Measure::Top2Percent => say!(NeedsScaleOrRow),
                Measure::Mean | Measure::Median => say!(NeedsScaleNumberOrRow),
                _ => say!(NeedsCountable),
            };
            self.fault(
                &join(path, "measure"),
                say!(
                    MeasureNeeds,
                    measure = measure.name(),
                    needs = needs,
                    id = format!("{id:?}"),
                    kind = q.kind.name()
                ),
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
fn option_value(q: &Question, v: &Value) -> Result<(), Words> {
    let id = format!("{:?}", q.id);
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
                    Err(say!(
                        NotAChoiceOf,
                        value = describe(v),
                        id = id,
                        choices = values.join(", ")
                    ))
                }
            }
        }
        Kind::Scale(s) | Kind::Matrix { scale: s, .. } => match v {
            Value::Number(n) if n.as_i64().is_some_and(|p| (s.min..=s.max).contains(&p)) => Ok(()),
            Value::String(na) if na == "na" && s.allow_na => Ok(()),
            _ if s.allow_na => Err(say!(
                NotAPointOrNa,
                value = describe(v),
                id = id,
                min = s.min,
                max = s.max
            )),
            _ => Err(say!(
                NotAPointWrite,
                value = describe(v),
                id = id,
                min = s.min,
                max = s.max
            )),
        },
        Kind::YesNo => match v {
            Value::Bool(_) => Ok(()),
            _ => Err(say!(YesNoWriteBool, id = id, value = describe(v))),
        },
        _ => Err(say!(NoOptionsToCount, id = id)),
    }
}
