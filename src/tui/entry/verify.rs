//! Double entry: the fields where two entries of one sheet differ, and the answers once each
//! difference is resolved against the paper.

use serde_json::{Map, Value};

use super::field::{Field, field_value, merge_field};
use std::rc::Rc;

use crate::survey::Survey;
use crate::survey::flow::Walk;

/// Which value the operator found on the paper.
#[derive(Clone, Debug, PartialEq)]
pub enum Chosen {
    First,
    Second,
    /// Neither: typed again (`None` = no answer).
    Third(Option<Value>),
}

/// One field on which the entries disagree.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    pub field: Field,
    pub first: Option<Value>,
    pub second: Option<Value>,
    pub chosen: Option<Chosen>,
}

impl Difference {
    /// The value resolved for this field.
    pub fn value(&self) -> Option<Option<Value>> {
        Some(match self.chosen.as_ref()? {
            Chosen::First => self.first.clone(),
            Chosen::Second => self.second.clone(),
            Chosen::Third(v) => v.clone(),
        })
    }
}

/// Numbers equal by value (`4` and `4.0`), everything else as JSON.
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Every field whose value differs between the two entries, in sheet order (a field hidden in
/// one entry and answered in the other differs too).
pub fn differences(
    survey: &Survey,
    fields: &[Field],
    first: &Map<String, Value>,
    second: &Map<String, Value>,
) -> Vec<Difference> {
    fields
        .iter()
        .filter_map(|&f| {
            let q = &survey.questions[f.question];
            let a = field_value(q, f, first.get(&q.id));
            let b = field_value(q, f, second.get(&q.id));
            (!same(a.as_ref(), b.as_ref())).then_some(Difference {
                field: f,
                first: a,
                second: b,
                chosen: None,
            })
        })
        .collect()
}

/// The first entry with every resolved difference applied; answers that the resolved values
/// hide are dropped, as the kiosk drops them.
pub fn resolved(survey: &Rc<Survey>, first: &Map<String, Value>, diffs: &[Difference]) -> Map<String, Value> {
    let mut walk = Walk::new(survey.clone(), first.clone());
    for d in diffs {
        let Some(value) = d.value() else { continue };
        let q = &survey.questions[d.field.question];
        let answer = merge_field(q, d.field, walk.answer(d.field.question), value);
        walk.set(d.field.question, answer);
    }
    walk.answers().clone()
}
