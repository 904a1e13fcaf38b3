//! The survey's structure: its fields, the question types and the fields each takes, choices, matrix
//! rows, scales, and the languages every text must have.

use std::collections::HashSet;

use serde_json::{Map, Value};

use std::collections::HashMap;

use super::conditions::Earlier;
use super::is_valid_id;
use super::reader::{Reader, describe, join, quoted, suggestion};
use crate::say;
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
        let obj = self.object(doc, "", say!(ASurvey))?;
        self.unknown_fields(obj, "", SURVEY_FIELDS, &[], &say!(ASurvey));
        let id = self.required(obj, "", "id").and_then(|v| self.id(v, "id"));
        let title = self.required(obj, "", "title").and_then(|v| self.text(v, "title"));
        let description = self.opt_text(obj, "", "description");
        let languages = self.languages(obj);
        let questions = match self.required(obj, "", "questions") {
            Some(Value::Array(items)) if items.is_empty() => {
                self.fault("questions", say!(NoQuestions));
                Vec::new()
            }
            Some(Value::Array(items)) => self.questions(items),
            Some(other) => {
                self.fault("questions", say!(ExpectedQuestionList, found = describe(other)));
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
            self.fault("languages", say!(ExpectedLanguageList, found = describe(v)));
            return vec!["ja".to_string()];
        };
        let mut langs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("languages[{i}]");
            if let Some(code) = self.string(item, &p) {
                if !is_valid_id(&code) {
                    self.fault(&p, say!(NotLanguageCode, code = quoted(&code)));
                } else if langs.contains(&code) {
                    self.fault(&p, say!(LanguageTwice, code = quoted(&code)));
                } else {
                    langs.push(code);
                }
            }
        }
        if items.is_empty() {
            self.fault("languages", say!(NoLanguages));
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
                    self.fault(&path, say!(MissingDefaultText, lang = default));
                }
                for lang in map.keys() {
                    if !languages.contains(lang) {
                        self.fault(
                            &join(&path, lang),
                            say!(LanguageNotListed, lang = lang, languages = languages.join(", ")),
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
            let Some(obj) = self.object(item, &path, say!(AQuestion)) else {
                continue;
            };
            let id = self
                .required(obj, &path, "id")
                .and_then(|v| self.id(v, &join(&path, "id")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.fault(&join(&path, "id"), say!(QuestionIdTwice, id = quoted(id)));
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
                let fault = match suggestion(t, names.iter().copied()) {
                    Some(s) => say!(UnknownTypeMeant, kind = quoted(t), meant = s),
                    None => say!(UnknownTypeOneOf, kind = quoted(t), known = names.join(", ")),
                };
                self.fault(&join(path, "type"), fault);
                self.unknown_fields(obj, path, &all_fields, &[], &say!(AQuestion));
            }
            (Some(t), Some((_, own))) => {
                let allowed: Vec<&str> = COMMON_FIELDS.iter().chain(own.iter()).copied().collect();
                self.unknown_fields(obj, path, &allowed, &all_fields, &say!(AKindQuestion, kind = t));
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
                    self.fault(&join(path, "max_selected"), say!(MaxSelectedRange, options = options));
                }
                if let (Some(min), Some(max)) = (min_selected, max_selected)
                    && min > max
                {
                    self.fault(
                        &join(path, "min_selected"),
                        say!(MinAboveMaxSelected, min = min, max = max),
                    );
                } else if let Some(min) = min_selected
                    && min > options
                {
                    self.fault(
                        &join(path, "min_selected"),
                        say!(MinAboveOptions, min = min, options = options),
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
                    self.fault(&join(path, "min"), say!(MinNotBelowMax, min = lo, max = hi));
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
                    self.fault(&join(path, "max_length"), say!(MaxLengthZero));
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
                    self.fault(&join(path, "max_ranked"), say!(MaxRankedRange, choices = choices.len()));
                }
                Kind::Rank { choices, max_ranked }
            }
            "note" => {
                if required {
                    self.fault(&join(path, "required"), say!(NoteRequired));
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
                self.fault(&p, say!(ExpectedChoiceList, found = describe(other)));
                return None;
            }
        };
        if items.len() < at_least {
            self.fault(&p, say!(TooFewChoices, least = at_least, found = items.len()));
        }
        let other_enabled = obj.get("other") == Some(&Value::Bool(true));
        let mut seen = HashSet::new();
        let mut choices = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let cp = format!("{p}[{i}]");
            let Some(c) = self.object(item, &cp, say!(AChoiceObject)) else {
                continue;
            };
            self.unknown_fields(c, &cp, &["value", "label"], &[], &say!(AChoice));
            let value = match self.required(c, &cp, "value") {
                Some(Value::String(s)) if s.trim().is_empty() => {
                    self.fault(&join(&cp, "value"), say!(EmptyChoiceValue));
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
                    self.fault(&join(&cp, "value"), say!(ChoiceValueTwice, value = quoted(v)));
                } else if other_enabled && v == "other" {
                    self.fault(&join(&cp, "value"), say!(OtherValueReserved));
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
                self.fault(&p, say!(MatrixNoRows));
                return None;
            }
            other => {
                self.fault(&p, say!(ExpectedRowList, found = describe(other)));
                return None;
            }
        };
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let rp = format!("{p}[{i}]");
            let Some(r) = self.object(item, &rp, say!(ARowObject)) else {
                continue;
            };
            self.unknown_fields(r, &rp, &["id", "text"], &[], &say!(AMatrixRow));
            let id = self.required(r, &rp, "id").and_then(|v| self.id(v, &join(&rp, "id")));
            let text = self
                .required(r, &rp, "text")
                .and_then(|v| self.text(v, &join(&rp, "text")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.fault(&join(&rp, "id"), say!(RowIdTwice, id = quoted(id)));
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
            self.fault(&join(path, "min"), say!(MinNotBelowMax, min = min, max = max));
            return None;
        }
        let points = max - min + 1;
        if !(2..=11).contains(&points) {
            self.fault(path, say!(ScalePoints, min = min, max = max, points = points));
            return None;
        }
        let labels = match obj.get("labels") {
            None => None,
            Some(Value::Array(items)) => {
                if items.len() as i64 != points {
                    self.fault(
                        &join(path, "labels"),
                        say!(LabelsPerPoint, points = points, labels = items.len()),
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
                self.fault(&join(path, "labels"), say!(ExpectedLabelList, found = describe(other)));
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
