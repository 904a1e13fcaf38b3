//! The starter questionnaire `koe new` writes: Japanese and English, one question of each type, a
//! show_if and an indicator, ready to be edited into the programme's own survey.

use super::model::Survey;
use super::validate::{Fault, survey_from_value};

const STARTER: &str = include_str!("starter.json");

/// The starter survey with the given id (the id is checked like any survey id).
pub fn starter(id: &str) -> Result<Survey, Vec<Fault>> {
    let mut doc: serde_json::Value = serde_json::from_str(STARTER).map_err(|e| {
        vec![Fault {
            path: String::new(),
            message: crate::say!(StarterBroken, error = e),
        }]
    })?;
    doc["id"] = serde_json::Value::String(id.to_string());
    survey_from_value(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::validate::TYPES;

    #[test]
    fn the_starter_has_every_type_and_a_show_if() {
        let s = starter("my-survey").unwrap();
        assert_eq!(s.id, "my-survey");
        for (t, _) in TYPES {
            assert!(s.questions.iter().any(|q| q.kind.name() == *t), "no {t} question");
        }
        assert!(s.questions.iter().any(|q| q.show_if.is_some()));
        assert!(!s.indicators.is_empty());
        assert_eq!(s.languages, ["ja", "en"]);
        assert!(starter("bad id").is_err());
    }
}
