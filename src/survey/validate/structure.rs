//! The survey's structure: its fields, the question types and the fields each takes, choices, matrix
//! rows, scales, and the languages every text must have.

use std::collections::HashSet;

use serde_json::{Map, Value};

use std::collections::HashMap;

use super::conditions::Earlier;
use super::is_valid_id;
use super::reader::{Reader, describe, join, quote, suggestion};
use crate::survey::model::{Choice, Condition, Kind, MatrixRow, Question, ScaleDef, Survey, Text};

const SURVEY_FIELDS: &[&str] = &[
    "$schema",
    "id",
    "title",
    "description",
    "languages",
    "questions",
    "indicators",
    "codes",
    "keywords",
];
const COMMON_FIELDS: &[&str] = &["id", "type", "text", "help", "required", "show_if"];
const SCALE_FIELDS: &[&str] = &["min", "max", "min_label", "max_label", "labels", "allow_na"];
/// Every question type and the fields it takes besides the common ones.
pub const TYPES: &[(&str, &[&str])] = &[
    ("single_choice", &["choices", "other"]),
    ("multiple_choice", &["choices", "other", "min_selected", "max_selected"]),
    ("scale", SCALE_FIELDS),
    ("yes_no", &[]),
    ("number", &["min", "max", "integer", "unit"]),
    ("text", &["multiline", "max_length"]),
    (
        "matrix",
        &["rows", "min", "max", "min_label", "max_label", "labels", "allow_na"],
    ),
    ("rank", &["choices", "max_ranked"]),
    ("note", &[]),
];

impl Reader {
    pub(super) fn survey(&mut self, doc: &Value) -> Option<Survey> {
        let obj = self.object(doc, "", "a survey")?;
        self.unknown_fields(obj, "", SURVEY_FIELDS, &[], "a survey");
        let id = self.required(obj, "", "id").and_then(|v| self.id(v, "id"));
        let title = self.required(obj, "", "title").and_then(|v| self.text(v, "title"));
        let description = self.opt_text(obj, "", "description");
        let languages = self.languages(obj);
        let questions = match self.required(obj, "", "questions") {
            Some(Value::Array(items)) if items.is_empty() => {
                self.fault("questions", "the survey has no questions");
                Vec::new()
            }
            Some(Value::Array(items)) => self.questions(items),
            Some(other) => {
                self.fault(
                    "questions",
                    format!("expected a list of questions, found {}", describe(other)),
                );
                Vec::new()
            }
            None => Vec::new(),
        };
        // Codes first: an indicator may count a text question's codes (`QID#codes`).
        let codes = obj.get("codes").map(|v| self.codes(v, &questions)).unwrap_or_default();
        let indicators = obj
            .get("indicators")
            .map(|v| self.indicators(v, &questions, &codes))
            .unwrap_or_default();
        let keywords = obj.get("keywords").map(|v| self.keywords(v)).unwrap_or_default();
        self.check_languages(&languages);
        Some(Survey {
            schema: None,
            id: id?,
            title: title?,
            description,
            languages,
            questions,
            indicators,
            codes,
            keywords,
        })
    }

    fn languages(&mut self, obj: &Map<String, Value>) -> Vec<String> {
        let Some(v) = obj.get("languages") else {
            return vec!["ja".to_string()];
        };
        let Value::Array(items) = v else {
            self.fault(
                "languages",
                format!("expected a list of language codes, found {}", describe(v)),
            );
            return vec!["ja".to_string()];
        };
        let mut langs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("languages[{i}]");
            if let Some(code) = self.string(item, &p) {
                if !is_valid_id(&code) {
                    self.fault(
                        &p,
                        format!("{} is not a language code such as \"ja\" or \"en\"", quote(&code)),
                    );
                } else if langs.contains(&code) {
                    self.fault(&p, format!("language {} is listed twice", quote(&code)));
                } else {
                    langs.push(code);
                }
            }
        }
        if items.is_empty() {
            self.fault("languages", "list at least one language; the first is the default");
        }
        if langs.is_empty() {
            vec!["ja".to_string()]
        } else {
            langs
        }
    }

    /// Every text needs the default language; a language not in `languages` is a typo.
    fn check_languages(&mut self, languages: &[String]) {
        let default = languages[0].clone();
        for (path, text) in std::mem::take(&mut self.texts) {
            if let Text::Localized(map) = &text {
                if !map.is_empty() && !map.contains_key(&default) {
                    self.fault(&path, format!("missing text for the default language \"{default}\""));
                }
                for lang in map.keys() {
                    if !languages.contains(lang) {
                        self.fault(
                            &join(&path, lang),
                            format!(
                                "language \"{lang}\" is not in the survey's languages ({})",
                                languages.join(", ")
                            ),
                        );
                    }
                }
            }
        }
    }

    fn questions(&mut self, items: &[Value]) -> Vec<Question> {
        let mut questions: Vec<Question> = Vec::new();
        let mut seen = HashSet::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let all_ids: HashSet<&str> = items
            .iter()
            .filter_map(|q| q.get("id").and_then(Value::as_str))
            .collect();
        for (i, item) in items.iter().enumerate() {
            let path = format!("questions[{i}]");
            let Some(obj) = self.object(item, &path, "a question") else {
                continue;
            };
            let id = self
                .required(obj, &path, "id")
                .and_then(|v| self.id(v, &join(&path, "id")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.fault(&join(&path, "id"), format!("question id {} is used twice", quote(id)));
            }
            // show_if is checked against the questions before this one, by position in the file.
            let earlier = Earlier {
                questions: &questions,
                by_id: &by_id,
                all_ids: &all_ids,
            };
            let show_if = obj
                .get("show_if")
                .and_then(|c| self.condition(c, &join(&path, "show_if"), &earlier, id.as_deref()));
            if let Some(q) = self.question(obj, &path, id, show_if) {
                by_id.entry(q.id.clone()).or_insert(questions.len());
                questions.push(q);
            }
        }
        questions
    }

    fn question(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        id: Option<String>,
        show_if: Option<Condition>,
    ) -> Option<Question> {
        let type_name = self
            .required(obj, path, "type")
            .and_then(|v| self.string(v, &join(path, "type")));
        let fields = type_name
            .as_deref()
            .and_then(|t| TYPES.iter().find(|(name, _)| *name == t));
        let all_fields: Vec<&str> = COMMON_FIELDS
            .iter()
            .chain(TYPES.iter().flat_map(|(_, f)| f.iter()))
            .copied()
            .collect();
        match (type_name.as_deref(), fields) {
            (Some(t), None) => {
                let names: Vec<&str> = TYPES.iter().map(|(n, _)| *n).collect();
                let hint = suggestion(t, names.iter().copied()).map_or_else(
                    || format!(" (one of: {})", names.join(", ")),
                    |s| format!(" (did you mean \"{s}\"?)"),
                );
                self.fault(&join(path, "type"), format!("unknown question type {}{hint}", quote(t)));
                self.unknown_fields(obj, path, &all_fields, &[], "a question");
            }
            (Some(t), Some((_, own))) => {
                let allowed: Vec<&str> = COMMON_FIELDS.iter().chain(own.iter()).copied().collect();
                self.unknown_fields(obj, path, &allowed, &all_fields, &format!("a {t} question"));
            }
            _ => {}
        }
        let text = self
            .required(obj, path, "text")
            .and_then(|v| self.text(v, &join(path, "text")));
        let help = self.opt_text(obj, path, "help");
        let required = self.bool(obj, path, "required", false);
        let kind = match type_name.as_deref()? {
            "single_choice" => Kind::SingleChoice {
                choices: self.choices(obj, path, 2)?,
                other: self.bool(obj, path, "other", false),
            },
            "multiple_choice" => {
                let choices = self.choices(obj, path, 2)?;
                let other = self.bool(obj, path, "other", false);
                let min_selected = self.count(obj, path, "min_selected");
                let max_selected = self.count(obj, path, "max_selected");
                let options = choices.len() as u32 + u32::from(other);
                if let Some(max) = max_selected
                    && (max == 0 || max > options)
                {
                    self.fault(
                        &join(path, "max_selected"),
                        format!("must be between 1 and the {options} options"),
                    );
                }
                if let (Some(min), Some(max)) = (min_selected, max_selected)
                    && min > max
                {
                    self.fault(
                        &join(path, "min_selected"),
                        format!("min_selected {min} is more than max_selected {max}"),
                    );
                } else if let Some(min) = min_selected
                    && min > options
                {
                    self.fault(
                        &join(path, "min_selected"),
                        format!("min_selected {min} is more than the {options} options"),
                    );
                }
                Kind::MultipleChoice {
                    choices,
                    other,
                    min_selected,
                    max_selected,
                }
            }
            "scale" => Kind::Scale(self.scale(obj, path)?),
            "yes_no" => Kind::YesNo,
            "number" => {
                let min = self.number(obj, path, "min");
                let max = self.number(obj, path, "max");
                let integer = self.bool(obj, path, "integer", true);
                if let (Some(lo), Some(hi)) = (min, max)
                    && lo >= hi
                {
                    self.fault(&join(path, "min"), format!("min {lo} must be less than max {hi}"));
                }
                let unit = self.opt_text(obj, path, "unit");
                Kind::Number {
                    min,
                    max,
                    integer,
                    unit,
                }
            }
            "text" => {
                let multiline = self.bool(obj, path, "multiline", false);
                let max_length = self.count(obj, path, "max_length");
                if max_length == Some(0) {
                    self.fault(&join(path, "max_length"), "max_length must be 1 or more");
                }
                Kind::Text { multiline, max_length }
            }
            "matrix" => {
                let rows = self.rows(obj, path)?;
                Kind::Matrix {
                    rows,
                    scale: self.scale(obj, path)?,
                }
            }
            "rank" => {
                let choices = self.choices(obj, path, 2)?;
                let max_ranked = self.count(obj, path, "max_ranked");
                if let Some(m) = max_ranked
                    && (m == 0 || m as usize > choices.len())
                {
                    self.fault(
                        &join(path, "max_ranked"),
                        format!("must be between 1 and the {} choices", choices.len()),
                    );
                }
                Kind::Rank { choices, max_ranked }
            }
            "note" => {
                if required {
                    self.fault(
                        &join(path, "required"),
                        "a note has no answer, so it cannot be required",
                    );
                }
                Kind::Note
            }
            _ => return None,
        };
        Some(Question {
            id: id?,
            text: text?,
            help,
            required,
            show_if,
            kind,
        })
    }

    fn choices(&mut self, obj: &Map<String, Value>, path: &str, at_least: usize) -> Option<Vec<Choice>> {
        let p = join(path, "choices");
        let items = match self.required(obj, path, "choices")? {
            Value::Array(items) => items,
            other => {
                self.fault(&p, format!("expected a list of choices, found {}", describe(other)));
                return None;
            }
        };
        if items.len() < at_least {
            self.fault(&p, format!("needs at least {at_least} choices, found {}", items.len()));
        }
        let other_enabled = obj.get("other") == Some(&Value::Bool(true));
        let mut seen = HashSet::new();
        let mut choices = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let cp = format!("{p}[{i}]");
            let Some(c) = self.object(item, &cp, "a choice {\"value\", \"label\"}") else {
                continue;
            };
            self.unknown_fields(c, &cp, &["value", "label"], &[], "a choice");
            let value = match self.required(c, &cp, "value") {
                Some(Value::String(s)) if s.trim().is_empty() => {
                    self.fault(&join(&cp, "value"), "a choice value may not be empty");
                    None
                }
                Some(v) => self.string(v, &join(&cp, "value")),
                None => None,
            };
            let label = self
                .required(c, &cp, "label")
                .and_then(|v| self.text(v, &join(&cp, "label")));
            if let Some(v) = &value {
                if !seen.insert(v.clone()) {
                    self.fault(&join(&cp, "value"), format!("choice value {} is used twice", quote(v)));
                } else if other_enabled && v == "other" {
                    self.fault(
                        &join(&cp, "value"),
                        "the value \"other\" is kept for the \"other\" option",
                    );
                }
            }
            if let (Some(value), Some(label)) = (value, label) {
                choices.push(Choice { value, label });
            }
        }
        Some(choices)
    }

    fn rows(&mut self, obj: &Map<String, Value>, path: &str) -> Option<Vec<MatrixRow>> {
        let p = join(path, "rows");
        let items = match self.required(obj, path, "rows")? {
            Value::Array(items) if !items.is_empty() => items,
            Value::Array(_) => {
                self.fault(&p, "a matrix needs at least one row");
                return None;
            }
            other => {
                self.fault(&p, format!("expected a list of rows, found {}", describe(other)));
                return None;
            }
        };
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let rp = format!("{p}[{i}]");
            let Some(r) = self.object(item, &rp, "a row {\"id\", \"text\"}") else {
                continue;
            };
            self.unknown_fields(r, &rp, &["id", "text"], &[], "a matrix row");
            let id = self.required(r, &rp, "id").and_then(|v| self.id(v, &join(&rp, "id")));
            let text = self
                .required(r, &rp, "text")
                .and_then(|v| self.text(v, &join(&rp, "text")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.fault(&join(&rp, "id"), format!("row id {} is used twice", quote(id)));
            }
            if let (Some(id), Some(text)) = (id, text) {
                rows.push(MatrixRow { id, text });
            }
        }
        Some(rows)
    }

    fn scale(&mut self, obj: &Map<String, Value>, path: &str) -> Option<ScaleDef> {
        let min = self.required(obj, path, "min").and(self.integer(obj, path, "min"));
        let max = self.required(obj, path, "max").and(self.integer(obj, path, "max"));
        let min_label = self.opt_text(obj, path, "min_label");
        let max_label = self.opt_text(obj, path, "max_label");
        let allow_na = self.bool(obj, path, "allow_na", false);
        let (min, max) = (min?, max?);
        if min >= max {
            self.fault(&join(path, "min"), format!("min {min} must be less than max {max}"));
            return None;
        }
        let points = max - min + 1;
        if !(2..=11).contains(&points) {
            self.fault(path, format!("a scale has 2 to 11 points; {min} to {max} is {points}"));
            return None;
        }
        let labels = match obj.get("labels") {
            None => None,
            Some(Value::Array(items)) => {
                if items.len() as i64 != points {
                    self.fault(
                        &join(path, "labels"),
                        format!("give one label per point: {points} points, {} labels", items.len()),
                    );
                }
                let labels: Vec<Text> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| self.text(v, &format!("{}[{i}]", join(path, "labels"))))
                    .collect();
                Some(labels)
            }
            Some(other) => {
                self.fault(
                    &join(path, "labels"),
                    format!("expected a list of labels, found {}", describe(other)),
                );
                None
            }
        };
        Some(ScaleDef {
            min,
            max,
            min_label,
            max_label,
            labels,
            allow_na,
        })
    }
}
