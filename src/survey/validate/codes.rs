//! `codes` and `keywords`: the free-text vocabulary of a survey, read with its paths like every
//! other part, and checked against the questions (a code's `question` must be a text question).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::reader::{Reader, describe, join, quoted};
use crate::say;
use crate::survey::model::{Code, Keywords, Kind, Question};

const CODE_FIELDS: &[&str] = &["id", "label", "question", "words"];
const KEYWORD_FIELDS: &[&str] = &["extra_words", "ignore_words"];

impl Reader {
    /// The survey's `codes` list, given its (already read) questions.
    pub(super) fn codes(&mut self, v: &Value, questions: &[Question]) -> Vec<Code> {
        let Value::Array(items) = v else {
            self.fault("codes", say!(ExpectedCodeList, found = describe(v)));
            return Vec::new();
        };
        let has_text = questions.iter().any(|q| matches!(q.kind, Kind::Text { .. }));
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let path = format!("codes[{i}]");
            let Some(obj) = self.object(item, &path, say!(ACode)) else {
                continue;
            };
            self.unknown_fields(obj, &path, CODE_FIELDS, &[], &say!(ACode));
            let id = self
                .required(obj, &path, "id")
                .and_then(|v| self.id(v, &join(&path, "id")));
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.fault(&join(&path, "id"), say!(CodeIdTwice, id = quoted(id)));
            }
            let label = self
                .required(obj, &path, "label")
                .and_then(|v| self.text(v, &join(&path, "label")));
            let question = match obj.get("question") {
                Some(v) => self.coded_question(v, &join(&path, "question"), questions),
                None if !has_text && !questions.is_empty() => {
                    self.fault(&path, say!(NoTextQuestionForCode));
                    None
                }
                None => None,
            };
            let words = self
                .required(obj, &path, "words")
                .and_then(|v| self.words(v, &join(&path, "words"), true));
            if let (Some(id), Some(label), Some(words)) = (id, label, words)
                && (question.is_some() || !obj.contains_key("question"))
            {
                out.push(Code {
                    id,
                    label,
                    question,
                    words,
                });
            }
        }
        out
    }

    /// A code's `question`: the id of a text question.
    fn coded_question(&mut self, v: &Value, path: &str, questions: &[Question]) -> Option<String> {
        let id = self.string(v, path)?;
        let Some(q) = questions.iter().find(|q| q.id == id) else {
            let texts: Vec<&str> = questions
                .iter()
                .filter(|q| matches!(q.kind, Kind::Text { .. }))
                .map(|q| q.id.as_str())
                .collect();
            let fault = if texts.is_empty() {
                say!(UnknownQuestion, id = quoted(&id))
            } else {
                say!(UnknownQuestionTexts, id = quoted(&id), texts = texts.join(", "))
            };
            self.fault(path, fault);
            return None;
        };
        if !matches!(q.kind, Kind::Text { .. }) {
            self.fault(path, say!(CodesSortText, id = quoted(&id), kind = q.kind.name()));
            return None;
        }
        Some(id)
    }

    /// A list of words: strings with something besides spaces in them (a blank word would be
    /// found in nearly every answer). `non_empty`: the list itself must have a word.
    fn words(&mut self, v: &Value, path: &str, non_empty: bool) -> Option<Vec<String>> {
        let Value::Array(items) = v else {
            self.fault(path, say!(ExpectedWordList, found = describe(v)));
            return None;
        };
        if non_empty && items.is_empty() {
            self.fault(path, say!(NoWords));
            return None;
        }
        // The good words are kept even beside a bad one, so that later checks still see them
        // (a fault already keeps the survey from being made).
        let mut words = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match item {
                // A workbook's `words` cell separates words by these, so a word holding one could
                // not be written there and read back the same.
                Value::String(s) if s.contains([',', '、']) => {
                    self.fault(&p, say!(WordHoldsSeparator, word = quoted(s)))
                }
                Value::String(s) if !s.trim().is_empty() => words.push(s.clone()),
                Value::String(_) => {
                    self.fault(&p, say!(EmptyWord));
                }
                other => {
                    self.fault(&p, say!(ExpectedWord, found = describe(other)));
                }
            }
        }
        Some(words)
    }

    /// The survey's `keywords`: `extra_words` and `ignore_words`, lists of words; a word in both
    /// is a contradiction.
    pub(super) fn keywords(&mut self, v: &Value) -> Keywords {
        let Some(obj) = self.object(v, "keywords", say!(AnalyserWords)) else {
            return Keywords::default();
        };
        self.unknown_fields(obj, "keywords", KEYWORD_FIELDS, &[], &say!(TheKeywords));
        let mut list = |key: &str, obj: &Map<String, Value>| {
            obj.get(key)
                .and_then(|v| self.words(v, &join("keywords", key), false))
                .unwrap_or_default()
        };
        let extra_words = list("extra_words", obj);
        let ignore_words = list("ignore_words", obj);
        for (i, w) in ignore_words.iter().enumerate() {
            if extra_words.contains(w) {
                self.fault(
                    &format!("keywords.ignore_words[{i}]"),
                    say!(WordInBoth, word = quoted(w)),
                );
            }
        }
        Keywords {
            extra_words,
            ignore_words,
        }
    }
}
