//! Turning a parsed JSON document into a [`Survey`], reporting every fault at once.
//!
//! serde stops at the first error and cannot say where in the document it was, so the document is
//! walked by hand: each field is read with its path (`questions[3].show_if.question`), each fault is
//! collected, and only a document without faults becomes a `Survey`.
//!
//! Five jobs, one file each:
//! - `reader`: the path-tracking reader: typed reads of fields, each fault kept with its path;
//! - `structure`: the survey's structure: fields, question types, choices, rows, scales, languages;
//! - `conditions`: `show_if` conditions: what they may refer to and whether they can ever hold;
//! - `indicators`: the survey's indicators: the questions, measures and values they name;
//! - `codes`: the codes (themes) of free text and the analyser's `keywords`.

mod codes;
mod conditions;
mod indicators;
mod reader;
mod structure;

use std::fmt;

use serde_json::Value;

use super::model::Survey;
use crate::say;
use crate::words::{Lang, Words};
use reader::Reader;

pub use reader::{edit_distance, quote, quoted};
pub use structure::TYPES;

/// One fault of a survey document: where, and what is wrong, in both languages
/// ([`crate::words::faults`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub path: String,
    pub message: Words,
}

impl Fault {
    /// The fault as `koe validate` prints it after the file name, in `lang`: `path: message`.
    pub fn line(&self, lang: Lang) -> String {
        self.said().get(lang).to_string()
    }

    /// `path: message` in both languages (the message alone when the fault is the whole file's).
    pub fn said(&self) -> Words {
        if self.path.is_empty() {
            self.message.clone()
        } else {
            Words::at(&self.path, &self.message)
        }
    }
}

/// In English, whatever the locale: for logs and tests. People are shown [`Fault::line`] in
/// their language.
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

/// Builds a survey from a JSON document, or returns all of its faults.
pub fn survey_from_value(doc: &Value) -> Result<Survey, Vec<Fault>> {
    let mut r = Reader::default();
    let survey = r.survey(doc);
    match survey {
        Some(s) if r.faults.is_empty() => Ok(s),
        _ => {
            if r.faults.is_empty() {
                r.fault("", say!(SurveyUnreadable));
            }
            Err(r.faults)
        }
    }
}

/// The longest id (of a survey, question, row or language): ids become file names and column
/// headers (`crosstab_items-newsletter.csv`), which must stay well under file-name limits.
pub const MAX_ID_CHARS: usize = 64;

/// Whether an id is made only of `[A-Za-z0-9_-]`, not empty and at most [`MAX_ID_CHARS`] long.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_CHARS && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}
