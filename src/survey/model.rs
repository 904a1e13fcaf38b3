//! What a questionnaire is, as typed Rust values.
//!
//! These types are built by [`crate::survey::validate`] from a parsed JSON document (so that every
//! fault of a file can be reported at once, each with its path), and serialized back with serde to
//! store a canonical copy of the definition beside the answers. `schemars` derives the editor schema
//! (`surveys/schema.json`) from the same types, so the schema cannot drift from the model.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// A text shown to people: one string, or a map language code → string.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Localized(BTreeMap<String, String>),
}

impl Text {
    /// The text in `lang`, falling back to the survey's default language, then to any text at all
    /// (validation guarantees the default language exists, so the last fallback is only defensive).
    pub fn get<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(map) => map
                .get(lang)
                .or_else(|| map.get(default_lang))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }
}

/// A questionnaire file.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "koe survey", description = "A questionnaire for koe (see README.md).")]
pub struct Survey {
    /// Lets an editor find this schema; ignored by koe.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    /// `[A-Za-z0-9_-]+`, unique among surveys.
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Language codes; the first is the default. Defaults to `["ja"]`.
    #[serde(default)]
    pub languages: Vec<String>,
    pub questions: Vec<Question>,
    /// What the evaluation meeting compares with its targets (目標値と実績値).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    /// Themes the answers of text questions are sorted into, as staff sort comments for a report
    /// (see `survey::codes` for the one matching rule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Code>,
    /// Words the free-text analyser keeps whole or leaves out.
    #[serde(default, skip_serializing_if = "Keywords::is_empty")]
    pub keywords: Keywords,
}

impl Survey {
    /// The default language: the first of `languages`.
    pub fn default_lang(&self) -> &str {
        self.languages.first().map(String::as_str).unwrap_or("ja")
    }

    /// A text in `lang` with this survey's fallback.
    pub fn tr<'a>(&self, text: &'a Text, lang: &str) -> &'a str {
        text.get(lang, self.default_lang())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn question_index(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }
}

/// One question (or a note shown as its own screen).
///
/// `unevaluatedProperties: false` makes editors flag typos such as `requried`, as koe does.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(extend("unevaluatedProperties" = false))]
pub struct Question {
    /// `[A-Za-z0-9_-]+`, unique in the survey.
    pub id: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Shown only when this holds; may refer only to earlier questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    #[serde(flatten)]
    pub kind: Kind,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The question types and their own fields.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    SingleChoice {
        choices: Vec<Choice>,
        /// Adds an "other" option with its own text field.
        #[serde(default, skip_serializing_if = "is_false")]
        other: bool,
    },
    MultipleChoice {
        choices: Vec<Choice>,
        #[serde(default, skip_serializing_if = "is_false")]
        other: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_selected: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_selected: Option<u32>,
    },
    Scale(ScaleDef),
    YesNo,
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Whole numbers only (default true).
        #[serde(default = "yes")]
        integer: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<Text>,
    },
    Text {
        #[serde(default, skip_serializing_if = "is_false")]
        multiline: bool,
        /// In characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    Matrix {
        rows: Vec<MatrixRow>,
        #[serde(flatten)]
        scale: ScaleDef,
    },
    Rank {
        choices: Vec<Choice>,
        /// How many places to rank (default: all).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_ranked: Option<u32>,
    },
    Note,
}

fn yes() -> bool {
    true
}

impl Kind {
    /// The `type` name used in files.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::SingleChoice { .. } => "single_choice",
            Kind::MultipleChoice { .. } => "multiple_choice",
            Kind::Scale(_) => "scale",
            Kind::YesNo => "yes_no",
            Kind::Number { .. } => "number",
            Kind::Text { .. } => "text",
            Kind::Matrix { .. } => "matrix",
            Kind::Rank { .. } => "rank",
            Kind::Note => "note",
        }
    }

    /// The choices of a choice or rank question.
    pub fn choices(&self) -> &[Choice] {
        match self {
            Kind::SingleChoice { choices, .. } | Kind::MultipleChoice { choices, .. } | Kind::Rank { choices, .. } => {
                choices
            }
            _ => &[],
        }
    }

    /// Whether the question has an "other" option with free text.
    pub fn has_other(&self) -> bool {
        matches!(
            self,
            Kind::SingleChoice { other: true, .. } | Kind::MultipleChoice { other: true, .. }
        )
    }
}

/// One option of a choice or rank question.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What is stored and exported; unique in its question.
    pub value: String,
    pub label: Text,
}

/// One row of a matrix question.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatrixRow {
    pub id: String,
    pub text: Text,
}

/// The points of a scale or of each matrix row.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ScaleDef {
    pub min: i64,
    pub max: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_label: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_label: Option<Text>,
    /// One label per point, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<Text>>,
    /// Offers "not applicable", stored as `"na"`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_na: bool,
}

impl ScaleDef {
    pub fn points(&self) -> impl Iterator<Item = i64> + Clone {
        self.min..=self.max
    }

    pub fn point_count(&self) -> usize {
        (self.max - self.min + 1).max(0) as usize
    }

    /// The label of a point, when `labels` gives one.
    pub fn label_of(&self, point: i64) -> Option<&Text> {
        let labels = self.labels.as_ref()?;
        labels.get(usize::try_from(point - self.min).ok()?)
    }
}

/// A `show_if` condition.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Condition {
    Compare {
        question: String,
        #[serde(flatten)]
        test: Test,
    },
    All {
        all: Vec<Condition>,
    },
    Any {
        any: Vec<Condition>,
    },
    Not {
        not: Box<Condition>,
    },
}

/// What a condition checks of one earlier question's answer.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Test {
    /// The answer is this value (a choice value, a number, true/false, `"other"`).
    Equals(Value),
    /// The question was answered with another value.
    NotEquals(Value),
    /// The answer is one of these values.
    In(Vec<Value>),
    /// A multiple-choice (or rank) answer contains this value.
    Includes(Value),
    /// A number or scale answer ≥ N (multiple choice: at least N selected).
    AtLeast(f64),
    /// A number or scale answer ≤ N (multiple choice: at most N selected).
    AtMost(f64),
    /// The question was (true) or was not (false) answered.
    Answered(bool),
}

impl Test {
    pub fn name(&self) -> &'static str {
        match self {
            Test::Equals(_) => "equals",
            Test::NotEquals(_) => "not_equals",
            Test::In(_) => "in",
            Test::Includes(_) => "includes",
            Test::AtLeast(_) => "at_least",
            Test::AtMost(_) => "at_most",
            Test::Answered(_) => "answered",
        }
    }
}

/// A code (theme) of free-text answers: an answer matches it when it contains one of `words`
/// (after NFKC normalisation and lower-casing of both). Plain data like [`Indicator`]; the rule
/// lives in `survey::codes`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// `[A-Za-z0-9_-]+`, unique among the survey's codes.
    pub id: String,
    pub label: Text,
    /// The text question this code sorts; absent: every text question (not "other" texts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The words that put an answer under this code: a non-empty list of non-empty strings.
    #[schemars(length(min = 1))]
    pub words: Vec<String>,
}

impl Code {
    /// Whether this code sorts the answers of the question `id` (a text question).
    pub fn applies_to(&self, id: &str) -> bool {
        self.question.as_deref().is_none_or(|q| q == id)
    }
}

/// The analyser's vocabulary for this survey.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Keywords {
    /// Kept whole as terms, and counted even when a single character (協議の場, にも包括).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_words: Vec<String>,
    /// Never counted as terms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore_words: Vec<String>,
}

impl Keywords {
    pub fn is_empty(&self) -> bool {
        self.extra_words.is_empty() && self.ignore_words.is_empty()
    }
}

/// An indicator of the evaluation sheet: a number computed from the tally (実績値) compared with
/// its target (目標値). Plain data, so that every form of a survey (JSON, an XLSForm sheet) can
/// carry it; its meaning is fixed once, in `tally::indicators`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// `[A-Za-z0-9_-]+`, unique among the survey's indicators.
    pub id: String,
    pub text: Text,
    /// A question id, or a matrix row `QID/ROW`; absent for `responses`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    pub measure: Measure,
    /// For `count` and `percent`: the answers counted, written as they are stored (`"gov"`, `4`,
    /// `true`, `"na"`, `"other"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Value>,
    /// The target (目標値), in the measure's unit (a percent as 70 for 70 %).
    pub target: f64,
    #[serde(default, skip_serializing_if = "Direction::is_at_least")]
    pub direction: Direction,
}

/// What an indicator measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// The number of responses exported (no `question`).
    Responses,
    /// How many answers are one of `values` (multiple choice: include one of them).
    Count,
    /// That count as a percent of the question's base, as in summary.csv.
    Percent,
    /// The share of `n` on the two highest points (scale, matrix row), as in stats.csv.
    Top2Percent,
    /// The mean (scale, number, matrix row; N/A excluded), as in stats.csv.
    Mean,
    /// The median, as in stats.csv.
    Median,
}

impl Measure {
    pub const ALL: [Measure; 6] = [
        Measure::Responses,
        Measure::Count,
        Measure::Percent,
        Measure::Top2Percent,
        Measure::Mean,
        Measure::Median,
    ];

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Responses => "responses",
            Measure::Count => "count",
            Measure::Percent => "percent",
            Measure::Top2Percent => "top2_percent",
            Measure::Mean => "mean",
            Measure::Median => "median",
        }
    }

    /// Whether the result is a percent (shown with one decimal and a `%`).
    pub fn is_percent(self) -> bool {
        matches!(self, Measure::Percent | Measure::Top2Percent)
    }
}

/// Which side of the target is achieved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The result is at least the target (the default).
    #[default]
    AtLeast,
    /// The result is at most the target (e.g. a share of negative answers).
    AtMost,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
        }
    }

    fn is_at_least(&self) -> bool {
        *self == Direction::AtLeast
    }
}
