//! Turning a parsed JSON document into a [`Survey`], reporting every fault at once.
//!
//! serde stops at the first error and cannot say where in the document it was, so the document is
//! walked by hand: each field is read with its path (`questions[3].show_if.question`), each fault is
//! collected, and only a document without faults becomes a `Survey`.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde_json::{Map, Value};

use super::model::{Choice, Condition, Kind, MatrixRow, Question, ScaleDef, Survey, Test, Text};

/// One fault of a survey document: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

const SURVEY_FIELDS: &[&str] = &["$schema", "id", "title", "description", "languages", "questions"];
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
const OPERATORS: &[&str] = &[
    "equals",
    "not_equals",
    "in",
    "includes",
    "at_least",
    "at_most",
    "answered",
];

/// Builds a survey from a JSON document, or returns all of its faults.
pub fn survey_from_value(doc: &Value) -> Result<Survey, Vec<Fault>> {
    let mut r = Reader::default();
    let survey = r.survey(doc);
    match survey {
        Some(s) if r.faults.is_empty() => Ok(s),
        _ => {
            if r.faults.is_empty() {
                r.fault("", "the survey could not be read");
            }
            Err(r.faults)
        }
    }
}

/// Whether an id is made only of `[A-Za-z0-9_-]` (and is not empty).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The closest known name to a probable typo, when it is close enough to be a useful hint.
fn suggestion<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (edit_distance(unknown, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Collects faults while reading the document.
#[derive(Default)]
struct Reader {
    faults: Vec<Fault>,
    /// Text fields seen, checked for the default language once `languages` is known.
    texts: Vec<(String, Text)>,
}

/// What later conditions may refer to: an earlier question's id and its kind.
struct Earlier<'a> {
    index: usize,
    question: &'a Question,
}

impl Reader {
    fn fault(&mut self, path: &str, message: impl Into<String>) {
        self.faults.push(Fault {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str, what: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.fault(path, format!("expected {what} (an object), found {}", describe(other)));
                None
            }
        }
    }

    fn unknown_fields(&mut self, obj: &Map<String, Value>, path: &str, allowed: &[&str], all: &[&str], what: &str) {
        for key in obj.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let p = join(path, key);
            if all.contains(&key.as_str()) {
                self.fault(&p, format!("field \"{key}\" does not belong to {what}"));
            } else if let Some(s) = suggestion(key, allowed.iter().copied()) {
                self.fault(&p, format!("unknown field \"{key}\" (did you mean \"{s}\"?)"));
            } else {
                self.fault(
                    &p,
                    format!("unknown field \"{key}\" (expected one of: {})", allowed.join(", ")),
                );
            }
        }
    }

    fn required<'v>(&mut self, obj: &'v Map<String, Value>, path: &str, key: &str) -> Option<&'v Value> {
        let v = obj.get(key);
        if v.is_none() {
            self.fault(path, format!("missing field \"{key}\""));
        }
        v
    }

    fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.fault(path, format!("expected a string, found {}", describe(other)));
                None
            }
        }
    }

    fn id(&mut self, v: &Value, path: &str) -> Option<String> {
        let id = self.string(v, path)?;
        if !is_valid_id(&id) {
            self.fault(
                path,
                format!("id {id:?} may use only letters A-Z a-z, digits, \"_\" and \"-\""),
            );
            return None;
        }
        Some(id)
    }

    fn bool(&mut self, obj: &Map<String, Value>, path: &str, key: &str, default: bool) -> bool {
        match obj.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.fault(
                    &join(path, key),
                    format!("expected true or false, found {}", describe(other)),
                );
                default
            }
        }
    }

    fn integer(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<i64> {
        match obj.get(key)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            other => {
                self.fault(
                    &join(path, key),
                    format!("expected a whole number, found {}", describe(other)),
                );
                None
            }
        }
    }

    fn count(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<u32> {
        let n = self.integer(obj, path, key)?;
        match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.fault(&join(path, key), format!("expected a count of 0 or more, found {n}"));
                None
            }
        }
    }

    fn number(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<f64> {
        match obj.get(key)? {
            Value::Number(n) => n.as_f64(),
            other => {
                self.fault(
                    &join(path, key),
                    format!("expected a number, found {}", describe(other)),
                );
                None
            }
        }
    }

    fn text(&mut self, v: &Value, path: &str) -> Option<Text> {
        let text = match v {
            Value::String(s) => Text::Plain(s.clone()),
            Value::Object(m) => {
                let mut map = BTreeMap::new();
                for (lang, t) in m {
                    if let Some(s) = self.string(t, &join(path, lang)) {
                        map.insert(lang.clone(), s);
                    }
                }
                if m.is_empty() {
                    self.fault(path, "expected a text in at least one language");
                }
                Text::Localized(map)
            }
            other => {
                self.fault(
                    path,
                    format!(
                        "expected a text (a string or {{\"ja\": …, \"en\": …}}), found {}",
                        describe(other)
                    ),
                );
                return None;
            }
        };
        self.texts.push((path.to_string(), text.clone()));
        Some(text)
    }

    fn opt_text(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<Text> {
        obj.get(key).and_then(|v| self.text(v, &join(path, key)))
    }

    fn survey(&mut self, doc: &Value) -> Option<Survey> {
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
        self.check_languages(&languages);
        Some(Survey {
            schema: None,
            id: id?,
            title: title?,
            description,
            languages,
            questions,
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
                    self.fault(&p, format!("{code:?} is not a language code such as \"ja\" or \"en\""));
                } else if langs.contains(&code) {
                    self.fault(&p, format!("language {code:?} is listed twice"));
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
                self.fault(&join(&path, "id"), format!("question id {id:?} is used twice"));
            }
            // show_if is checked against the questions before this one, by position in the file.
            let earlier: Vec<Earlier> = questions
                .iter()
                .enumerate()
                .map(|(index, question)| Earlier { index, question })
                .collect();
            let all_ids: Vec<String> = items
                .iter()
                .filter_map(|q| q.get("id").and_then(Value::as_str).map(str::to_string))
                .collect();
            let show_if = obj
                .get("show_if")
                .and_then(|c| self.condition(c, &join(&path, "show_if"), &earlier, &all_ids, id.as_deref()));
            if let Some(q) = self.question(obj, &path, id, show_if) {
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
                self.fault(&join(path, "type"), format!("unknown question type \"{t}\"{hint}"));
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
                    self.fault(&join(&cp, "value"), format!("choice value {v:?} is used twice"));
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
                self.fault(&join(&rp, "id"), format!("row id {id:?} is used twice"));
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

    fn condition(
        &mut self,
        v: &Value,
        path: &str,
        earlier: &[Earlier],
        all_ids: &[String],
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
                    .filter_map(|(i, c)| {
                        self.condition(c, &format!("{}[{i}]", join(path, group)), earlier, all_ids, own_id)
                    })
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
            let c = self.condition(inner, &join(path, "not"), earlier, all_ids, own_id)?;
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
            self.fault(&qpath, format!("question {qid:?} cannot depend on itself"));
            return None;
        }
        let Some(target) = earlier.iter().find(|e| e.question.id == qid) else {
            if all_ids.contains(&qid) {
                self.fault(
                    &qpath,
                    format!("question {qid:?} comes later; show_if may refer only to earlier questions"),
                );
            } else {
                self.fault(&qpath, format!("unknown question {qid:?}"));
            }
            return None;
        };
        let _ = target.index;
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
        if let Err(why) = can_hold(target.question, &test) {
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
            "{s:?} is not one of the choices of {:?} ({})",
            q.id,
            values.join(", ")
        ))
    }
}
