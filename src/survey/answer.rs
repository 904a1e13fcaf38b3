//! Answers and their faults: the one place that says what a valid answer is.
//!
//! An [`Answer`] is a typed value of one question (a choice, a scale point, a number, …); stored and
//! imported answers are JSON exactly as SPEC's table gives them, and [`Answer::parse`] turns one
//! into the other while checking it. Every rule (a range, a length, how many may be chosen, a
//! required answer) is written here once, as an [`AnswerFault`]: the kiosk's editors build an
//! `Answer` and call [`Answer::check`], the importer and the store call [`Answer::parse`] and
//! [`check_response`]. A fault is shown to a respondent in their language
//! ([`AnswerFault::message`], a request: "please answer with a number from 1 to 5") and to a
//! command-line user in theirs ([`AnswerFault::said`], which names the value at fault: "9 is
//! outside 1 to 5"; its `Display` is the English of that).

use std::collections::HashSet;
use std::fmt;

use serde_json::{Map, Number, Value, json};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use super::model::{Kind, Question, ScaleDef, Survey};
use super::shown::visibility;
use crate::say;
use crate::words::Words;

/// A point picked on a scale or a matrix row: a number, or "not applicable".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Point(i64),
    Na,
}

impl Pick {
    /// A stored point (a number, or `"na"`), when the value is one.
    pub fn from_value(v: &Value) -> Option<Pick> {
        match v {
            Value::String(s) if s == "na" => Some(Pick::Na),
            Value::Number(n) => n.as_i64().map(Pick::Point),
            _ => None,
        }
    }

    pub fn to_value(self) -> Value {
        match self {
            Pick::Point(p) => json!(p),
            Pick::Na => json!("na"),
        }
    }
}

/// The positions a scale offers, in order: its points, then N/A where allowed.
pub fn scale_picks(s: &ScaleDef) -> Vec<Pick> {
    let mut picks: Vec<Pick> = s.points().map(Pick::Point).collect();
    if s.allow_na {
        picks.push(Pick::Na);
    }
    picks
}

/// One item of a choice answer: a listed choice's value, or the typed "other" text.
#[derive(Clone, Debug, PartialEq)]
pub enum Chosen {
    Choice(String),
    Other(String),
}

impl Chosen {
    fn to_value(&self) -> Value {
        match self {
            Chosen::Choice(v) => json!(v),
            Chosen::Other(t) => json!({ "other": t }),
        }
    }

    fn key(&self) -> &str {
        match self {
            Chosen::Choice(v) => v,
            Chosen::Other(_) => "other",
        }
    }
}

/// The answer to one question, typed by the question's kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Single(Chosen),
    Multiple(Vec<Chosen>),
    Scale(Pick),
    YesNo(bool),
    Number(Number),
    Text(String),
    /// Row id → point, in the order given.
    Matrix(Vec<(String, Pick)>),
    /// Choice values, most preferred first.
    Rank(Vec<String>),
}

/// Why an answer cannot be accepted. Each rule of answering has its variant here.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerFault {
    /// A required question is unanswered.
    Required,
    /// A required matrix has rows unanswered.
    RowsUnanswered,
    /// The value has the wrong JSON shape.
    Shape {
        expected: Expected,
        found: String,
    },
    /// A value that is not one of the question's choices (`choices` lists them, for the CLI).
    UnknownChoice {
        found: String,
        choices: String,
    },
    ChosenTwice(String),
    TooFew(u32),
    TooMany(u32),
    /// The "other" choice without its text.
    OtherEmpty,
    NotAPoint {
        found: String,
        min: i64,
        max: i64,
    },
    NaNotAllowed,
    /// A yes/no answer typed as something other than yes or no (line mode).
    YesOrNo,
    UnknownRow(String),
    NothingAnswered,
    NotANumber,
    NotWhole(f64),
    BelowMin {
        min: f64,
        found: f64,
    },
    AboveMax {
        max: f64,
        found: f64,
    },
    EmptyText,
    LineBreak,
    /// More characters (as a person counts them) than `max_length`.
    TooLong {
        max: u32,
        len: usize,
    },
    NoteAnswered,
    /// Answered, but the question is hidden by its `show_if`.
    Hidden,
    UnknownQuestion,
}

/// What the value of an answer should have been (a fault's [`AnswerFault::Shape`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    ListOfChoices,
    TrueOrFalse,
    Number,
    Text,
    RowPoints,
    Ranking,
    /// `{"other": "text"}`.
    OtherText,
    QuestionsKind,
    Point {
        min: i64,
        max: i64,
    },
    /// A yes/no answer typed on the paper-entry form.
    PaperYesNo,
}

impl Expected {
    fn said(&self) -> Words {
        match self {
            Expected::ListOfChoices => say!(data::ExpectListOfChoices),
            Expected::TrueOrFalse => say!(data::ExpectTrueOrFalse),
            Expected::Number => say!(data::ExpectNumber),
            Expected::Text => say!(data::ExpectText),
            Expected::RowPoints => say!(data::ExpectRowPoints),
            Expected::Ranking => say!(data::ExpectRanking),
            Expected::OtherText => say!(data::ExpectOtherText),
            Expected::QuestionsKind => say!(data::ExpectQuestionsKind),
            Expected::Point { min, max } => say!(data::ExpectPoint, min = min, max = max),
            Expected::PaperYesNo => say!(data::ExpectPaperYesNo),
        }
    }
}

impl AnswerFault {
    /// The fault for a command-line user (an import's line, a merge's response), in both
    /// languages: what is wrong with the value, naming it.
    pub fn said(&self) -> Words {
        match self {
            AnswerFault::Required => say!(data::AnswerMissing),
            AnswerFault::RowsUnanswered => say!(data::AnswerRowsMissing),
            AnswerFault::Shape { expected, found } => {
                say!(data::AnswerShape, expected = expected.said(), found = found)
            }
            AnswerFault::UnknownChoice { found, choices } => {
                say!(data::AnswerUnknownChoice, found = found, choices = choices)
            }
            AnswerFault::ChosenTwice(v) => say!(data::AnswerChosenTwice, value = v),
            AnswerFault::TooFew(n) => say!(data::AnswerTooFew, n = n),
            AnswerFault::TooMany(n) => say!(data::AnswerTooMany, n = n),
            AnswerFault::OtherEmpty => say!(data::AnswerOtherEmpty),
            AnswerFault::NotAPoint { found, min, max } => {
                say!(data::AnswerNotAPoint, found = found, min = min, max = max)
            }
            AnswerFault::NaNotAllowed => say!(data::AnswerNaNotAllowed),
            AnswerFault::YesOrNo => say!(data::AnswerYesOrNo),
            AnswerFault::UnknownRow(r) => say!(data::AnswerUnknownRow, row = format!("{r:?}")),
            AnswerFault::NothingAnswered => say!(data::AnswerNothing),
            AnswerFault::NotANumber => say!(data::AnswerNotANumber),
            AnswerFault::NotWhole(n) => say!(data::AnswerNotWhole, found = n),
            AnswerFault::BelowMin { min, found } => say!(data::AnswerBelowMin, found = found, min = min),
            AnswerFault::AboveMax { max, found } => say!(data::AnswerAboveMax, found = found, max = max),
            AnswerFault::EmptyText => say!(data::AnswerEmptyText),
            AnswerFault::LineBreak => say!(data::AnswerLineBreak),
            AnswerFault::TooLong { max, len } => say!(data::AnswerTooLong, len = len, max = max),
            AnswerFault::NoteAnswered => say!(data::AnswerToNote),
            AnswerFault::Hidden => say!(data::AnswerHidden),
            AnswerFault::UnknownQuestion => say!(data::AnswerUnknownQuestion),
        }
    }

    /// The fault as the respondent reads it, in their language (Japanese, else English).
    pub fn message(&self, lang: &str) -> String {
        let ja = lang == "ja";
        let pick = |j: String, e: String| if ja { j } else { e };
        match self {
            AnswerFault::Required => pick(
                "この質問は回答が必要です。".into(),
                "This question needs an answer.".into(),
            ),
            AnswerFault::RowsUnanswered => pick(
                "すべての行に回答してください。".into(),
                "Please answer every row.".into(),
            ),
            AnswerFault::NotANumber => pick("数字で入力してください。".into(), "Please type a number.".into()),
            AnswerFault::NotWhole(_) => pick("整数で入力してください。".into(), "Please type a whole number.".into()),
            AnswerFault::BelowMin { min, .. } => pick(
                format!("{min} 以上で入力してください。"),
                format!("The smallest allowed is {min}."),
            ),
            AnswerFault::AboveMax { max, .. } => pick(
                format!("{max} 以下で入力してください。"),
                format!("The largest allowed is {max}."),
            ),
            AnswerFault::TooLong { max, .. } => {
                pick(format!("{max} 文字までです。"), format!("At most {max} characters."))
            }
            AnswerFault::TooFew(n) => pick(
                format!("{n} つ以上選んでください。"),
                format!("Please choose at least {n}."),
            ),
            AnswerFault::TooMany(n) => pick(
                format!("選べるのは {n} つまでです。"),
                format!("You can choose at most {n}."),
            ),
            AnswerFault::OtherEmpty => pick(
                "「その他」の内容を入力してください。".into(),
                "Please type what \"other\" is.".into(),
            ),
            AnswerFault::LineBreak => pick("改行は入れられません。".into(), "Please keep it to one line.".into()),
            AnswerFault::NotAPoint { min, max, .. } => pick(
                format!("{min} から {max} までの数字で答えてください。"),
                format!("Please answer with a number from {min} to {max}."),
            ),
            AnswerFault::NaNotAllowed => pick(
                "この質問には「該当なし」はありません。数字で答えてください。".into(),
                "This question has no \"not applicable\"; please answer with a number.".into(),
            ),
            AnswerFault::YesOrNo => pick(
                "y（はい）か n（いいえ）で答えてください。".into(),
                "Please answer y (yes) or n (no).".into(),
            ),
            AnswerFault::UnknownChoice { .. } => pick(
                "一覧にある番号で答えてください。".into(),
                "Please answer with one of the numbers listed.".into(),
            ),
            AnswerFault::Hidden | AnswerFault::NoteAnswered | AnswerFault::UnknownQuestion => pick(
                "この質問には回答できません。".into(),
                "This question takes no answer.".into(),
            ),
            AnswerFault::ChosenTwice(_) => pick(
                "同じものが 2 回選ばれています。1 回だけ選んでください。".into(),
                "The same answer is chosen twice; choose it once.".into(),
            ),
            _ => pick(
                "この回答は選べません。選び直してください。".into(),
                "This answer cannot be accepted; please choose again.".into(),
            ),
        }
    }
}

impl fmt::Display for AnswerFault {
    /// The fault in English ([`AnswerFault::said`]), for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said().en)
    }
}

impl std::error::Error for AnswerFault {}

/// A fault of a whole response, with the question it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct Fault {
    pub question: String,
    pub fault: AnswerFault,
}

impl Fault {
    /// The fault with its question, in both languages: `sector: missing required answer`.
    pub fn said(&self) -> Words {
        match self.fault {
            AnswerFault::UnknownQuestion => {
                say!(data::AnswerToUnknownQuestion, question = format!("{:?}", self.question))
            }
            _ => Words::at(&self.question, &self.fault.said()),
        }
    }
}

impl fmt::Display for Fault {
    /// In English ([`Fault::said`]), for logs and tests.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said().en)
    }
}

/// The length of a text as a person counts it: graphemes, so ｶﾞ and an emoji are one each.
pub fn text_length(s: &str) -> usize {
    s.graphemes(true).count()
}

/// Cleans typed or pasted text (the kiosk's fields and line mode's lines alike): `\r\n` and `\r` become `\n` (or a space in a one-line field),
/// tabs become spaces, other control characters go, and the result is NFC.
pub fn sanitize(input: &str, multiline: bool) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let kept: String = unified
        .chars()
        .filter_map(|c| match c {
            '\n' if multiline => Some('\n'),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    kept.nfc().collect()
}

/// A text answer as typed: trailing blanks dropped, `Ok(None)` when nothing but blanks is typed,
/// else checked (one line, `max_length`). The kiosk's text field and line mode both end here.
pub fn parse_typed_text(q: &Question, typed: &str) -> Result<Option<Answer>, AnswerFault> {
    let text = typed.trim_end();
    if text.trim().is_empty() {
        return Ok(None);
    }
    let answer = Answer::Text(text.to_string());
    answer.check(q)?;
    Ok(Some(answer))
}

/// A number as typed on a keyboard (full-width digits, a long dash for minus, spaces around):
/// `Ok(None)` when nothing is typed.
pub fn parse_typed_number(q: &Question, typed: &str) -> Result<Option<Answer>, AnswerFault> {
    let Kind::Number { integer, .. } = &q.kind else {
        return Err(AnswerFault::NotANumber);
    };
    let clean: String = typed.nfkc().collect::<String>().replace(['ー', '−'], "-");
    let text = clean.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let n: f64 = text.parse().map_err(|_| AnswerFault::NotANumber)?;
    if !n.is_finite() {
        return Err(AnswerFault::NotANumber);
    }
    let number = if *integer && n.fract() == 0.0 && n.abs() < 9e15 {
        Number::from(n as i64)
    } else {
        Number::from_f64(n).ok_or(AnswerFault::NotANumber)?
    };
    let answer = Answer::Number(number);
    answer.check(q)?;
    Ok(Some(answer))
}

/// Whether a typed character may be part of a number (so others are refused as they are typed).
pub fn number_char(c: char) -> bool {
    let c: String = c.to_string().nfkc().collect::<String>().replace(['ー', '−'], "-");
    c.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
}

impl Answer {
    /// Reads a stored or imported JSON value as an answer to `q`, checking every rule of a single
    /// answer (not `required`, which depends on the whole response).
    pub fn parse(q: &Question, v: &Value) -> Result<Answer, AnswerFault> {
        let answer = Answer::shape(q, v)?;
        answer.check(q)?;
        Ok(answer)
    }

    /// The JSON value as SPEC stores it.
    pub fn to_value(&self) -> Value {
        match self {
            Answer::Single(c) => c.to_value(),
            Answer::Multiple(items) => Value::Array(items.iter().map(Chosen::to_value).collect()),
            Answer::Scale(p) => p.to_value(),
            Answer::YesNo(b) => json!(b),
            Answer::Number(n) => Value::Number(n.clone()),
            Answer::Text(t) => json!(t),
            Answer::Matrix(rows) => Value::Object(rows.iter().map(|(r, p)| (r.clone(), p.to_value())).collect()),
            Answer::Rank(items) => Value::Array(items.iter().map(|v| json!(v)).collect()),
        }
    }

    /// The value's shape for the question's kind, before the rules.
    fn shape(q: &Question, v: &Value) -> Result<Answer, AnswerFault> {
        let wrong = |expected: Expected| AnswerFault::Shape {
            expected,
            found: short(v),
        };
        Ok(match &q.kind {
            Kind::SingleChoice { .. } => Answer::Single(chosen(q, v)?),
            Kind::MultipleChoice { .. } => {
                let Value::Array(items) = v else {
                    return Err(wrong(Expected::ListOfChoices));
                };
                Answer::Multiple(items.iter().map(|i| chosen(q, i)).collect::<Result<_, _>>()?)
            }
            Kind::Scale(s) => Answer::Scale(point(s, v)?),
            Kind::YesNo => match v {
                Value::Bool(b) => Answer::YesNo(*b),
                _ => return Err(wrong(Expected::TrueOrFalse)),
            },
            Kind::Number { .. } => match v {
                Value::Number(n) => Answer::Number(n.clone()),
                _ => return Err(wrong(Expected::Number)),
            },
            Kind::Text { .. } => match v {
                Value::String(s) => Answer::Text(s.clone()),
                _ => return Err(wrong(Expected::Text)),
            },
            Kind::Matrix { scale, .. } => {
                let Value::Object(map) = v else {
                    return Err(wrong(Expected::RowPoints));
                };
                Answer::Matrix(
                    map.iter()
                        .map(|(row, p)| Ok((row.clone(), point(scale, p)?)))
                        .collect::<Result<_, AnswerFault>>()?,
                )
            }
            Kind::Rank { .. } => {
                let Value::Array(items) = v else {
                    return Err(wrong(Expected::Ranking));
                };
                Answer::Rank(
                    items
                        .iter()
                        .map(|i| match i {
                            Value::String(s) => Ok(s.clone()),
                            _ => Err(unknown_choice(q, i)),
                        })
                        .collect::<Result<_, _>>()?,
                )
            }
            Kind::Note => return Err(AnswerFault::NoteAnswered),
        })
    }

    /// Checks every rule of a single answer to `q` (not `required`: see [`required_fault`]).
    pub fn check(&self, q: &Question) -> Result<(), AnswerFault> {
        match (&q.kind, self) {
            (Kind::SingleChoice { .. }, Answer::Single(c)) => check_chosen(q, c),
            (
                Kind::MultipleChoice {
                    min_selected,
                    max_selected,
                    ..
                },
                Answer::Multiple(items),
            ) => {
                let mut seen = HashSet::new();
                for item in items {
                    check_chosen(q, item)?;
                    if !seen.insert(item.key()) {
                        return Err(AnswerFault::ChosenTwice(short(&item.to_value())));
                    }
                }
                let n = items.len() as u32;
                if let Some(min) = min_selected
                    && n < *min
                    && n > 0
                {
                    return Err(AnswerFault::TooFew(*min));
                }
                if let Some(max) = max_selected
                    && n > *max
                {
                    return Err(AnswerFault::TooMany(*max));
                }
                Ok(())
            }
            (Kind::Scale(s), Answer::Scale(p)) => check_point(s, *p),
            (Kind::YesNo, Answer::YesNo(_)) => Ok(()),
            (Kind::Number { min, max, integer, .. }, Answer::Number(n)) => {
                let n = n.as_f64().ok_or(AnswerFault::NotANumber)?;
                if *integer && n.fract() != 0.0 {
                    return Err(AnswerFault::NotWhole(n));
                }
                if let Some(lo) = min
                    && n < *lo
                {
                    return Err(AnswerFault::BelowMin { min: *lo, found: n });
                }
                if let Some(hi) = max
                    && n > *hi
                {
                    return Err(AnswerFault::AboveMax { max: *hi, found: n });
                }
                Ok(())
            }
            (Kind::Text { multiline, .. }, Answer::Text(s)) => {
                if s.trim().is_empty() {
                    return Err(AnswerFault::EmptyText);
                }
                if !multiline && s.contains('\n') {
                    return Err(AnswerFault::LineBreak);
                }
                check_length(q, s)
            }
            (Kind::Matrix { rows, scale }, Answer::Matrix(map)) => {
                for (row, p) in map {
                    if !rows.iter().any(|r| &r.id == row) {
                        return Err(AnswerFault::UnknownRow(row.clone()));
                    }
                    check_point(scale, *p)?;
                }
                if map.is_empty() {
                    return Err(AnswerFault::NothingAnswered);
                }
                Ok(())
            }
            (Kind::Rank { choices, .. }, Answer::Rank(items)) => {
                let mut seen = HashSet::new();
                for item in items {
                    if !choices.iter().any(|c| &c.value == item) {
                        return Err(unknown_choice(q, &json!(item)));
                    }
                    if !seen.insert(item) {
                        return Err(AnswerFault::ChosenTwice(format!("{item:?}")));
                    }
                }
                let limit = pick_limit(q);
                if items.len() > limit {
                    return Err(AnswerFault::TooMany(limit as u32));
                }
                if items.is_empty() {
                    return Err(AnswerFault::NothingAnswered);
                }
                Ok(())
            }
            (Kind::Note, _) => Err(AnswerFault::NoteAnswered),
            _ => Err(AnswerFault::Shape {
                expected: Expected::QuestionsKind,
                found: short(&self.to_value()),
            }),
        }
    }
}

/// How many numbered options a choice or rank question offers: its choices, then "other" (the
/// last number) where it has one. Zero for every other kind.
pub fn option_count(q: &Question) -> usize {
    q.kind.choices().len() + usize::from(q.kind.has_other())
}

/// Whether the options are numbered past 9: a typed `1` may still become `12`, and codes typed
/// in a row need separators. The kiosk, its footer and the paper entry all ask this.
pub fn needs_two_digit_keys(q: &Question) -> bool {
    option_count(q) > 9
}

/// The most that may be chosen (multiple choice) or ranked, as the survey states it
/// (`max_selected`, `max_ranked`); `None` where it states none.
pub fn stated_pick_limit(q: &Question) -> Option<u32> {
    match &q.kind {
        Kind::MultipleChoice { max_selected, .. } => *max_selected,
        Kind::Rank { max_ranked, .. } => *max_ranked,
        _ => None,
    }
}

/// The most items an answer may hold: the stated limit of a multiple choice or rank, else all
/// of its options; one for every other kind.
pub fn pick_limit(q: &Question) -> usize {
    match &q.kind {
        Kind::MultipleChoice { .. } | Kind::Rank { .. } => stated_pick_limit(q).map_or(option_count(q), |m| m as usize),
        _ => 1,
    }
}

/// `max_length`, counted as a person counts characters.
pub fn check_length(q: &Question, s: &str) -> Result<(), AnswerFault> {
    if let Kind::Text {
        max_length: Some(max), ..
    } = q.kind
    {
        let len = text_length(s);
        if len > max as usize {
            return Err(AnswerFault::TooLong { max, len });
        }
    }
    Ok(())
}

/// What a required question still lacks with this answer (`None` when it is unanswered).
pub fn required_fault(q: &Question, answer: Option<&Answer>) -> Option<AnswerFault> {
    if !q.required || matches!(q.kind, Kind::Note) {
        return None;
    }
    match (&q.kind, answer) {
        (_, None) => Some(AnswerFault::Required),
        (Kind::Matrix { rows, .. }, Some(Answer::Matrix(map))) => {
            (!rows.iter().all(|r| map.iter().any(|(id, _)| id == &r.id))).then_some(AnswerFault::RowsUnanswered)
        }
        (
            Kind::MultipleChoice {
                min_selected: Some(min),
                ..
            },
            Some(Answer::Multiple(items)),
        ) => (items.len() < *min as usize).then_some(AnswerFault::TooFew(*min)),
        _ => None,
    }
}

/// Checks one answer value against its question. Does not check `required` (see [`check_response`]).
pub fn check_answer(q: &Question, v: &Value) -> Result<(), AnswerFault> {
    Answer::parse(q, v).map(|_| ())
}

/// The typed "other" text in a choice question's answer: the answer itself (single choice) or one
/// of its values (multiple choice).
pub fn other_in(value: &Value) -> Option<&str> {
    match value {
        Value::Array(items) => items.iter().find_map(|i| other_text(i).ok()),
        v => other_text(v).ok(),
    }
}

/// The free text an answer holds: a text question's answer, or the "other" text of a choice
/// question that has one. `None` for every other answer.
pub fn free_text<'a>(kind: &crate::survey::Kind, value: &'a Value) -> Option<&'a str> {
    match kind {
        crate::survey::Kind::Text { .. } => value.as_str(),
        k if k.has_other() => other_in(value),
        _ => None,
    }
}

/// The typed text of an `{"other": "…"}` answer.
pub fn other_text(v: &Value) -> Result<&str, AnswerFault> {
    match v {
        Value::Object(m) if m.len() == 1 => match m.get("other") {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
            Some(Value::String(_)) => Err(AnswerFault::OtherEmpty),
            _ => Err(AnswerFault::Shape {
                expected: Expected::OtherText,
                found: short(v),
            }),
        },
        _ => Err(AnswerFault::Shape {
            expected: Expected::OtherText,
            found: short(v),
        }),
    }
}

fn chosen(q: &Question, v: &Value) -> Result<Chosen, AnswerFault> {
    match v {
        Value::String(s) => Ok(Chosen::Choice(s.clone())),
        Value::Object(_) if q.kind.has_other() => other_text(v).map(|t| Chosen::Other(t.to_string())),
        _ => Err(unknown_choice(q, v)),
    }
}

fn check_chosen(q: &Question, c: &Chosen) -> Result<(), AnswerFault> {
    match c {
        Chosen::Choice(s) if q.kind.choices().iter().any(|c| &c.value == s) => Ok(()),
        Chosen::Choice(s) => Err(unknown_choice(q, &json!(s))),
        Chosen::Other(_) if !q.kind.has_other() => Err(unknown_choice(q, &c.to_value())),
        Chosen::Other(t) if t.trim().is_empty() => Err(AnswerFault::OtherEmpty),
        Chosen::Other(_) => Ok(()),
    }
}

fn unknown_choice(q: &Question, v: &Value) -> AnswerFault {
    let mut values: Vec<&str> = q.kind.choices().iter().map(|c| c.value.as_str()).collect();
    if q.kind.has_other() {
        values.push("{\"other\": …}");
    }
    AnswerFault::UnknownChoice {
        found: short(v),
        choices: values.join(", "),
    }
}

fn point(s: &ScaleDef, v: &Value) -> Result<Pick, AnswerFault> {
    match v {
        Value::String(na) if na == "na" => Ok(Pick::Na),
        Value::Number(n) => match n.as_i64() {
            Some(p) => Ok(Pick::Point(p)),
            None => Err(AnswerFault::NotAPoint {
                found: n.to_string(),
                min: s.min,
                max: s.max,
            }),
        },
        _ => Err(AnswerFault::Shape {
            expected: Expected::Point { min: s.min, max: s.max },
            found: short(v),
        }),
    }
}

/// A point of a scale (or of a matrix row): within its range, N/A only where allowed.
pub fn check_point(s: &ScaleDef, p: Pick) -> Result<(), AnswerFault> {
    match p {
        Pick::Na if s.allow_na => Ok(()),
        Pick::Na => Err(AnswerFault::NaNotAllowed),
        Pick::Point(p) if (s.min..=s.max).contains(&p) => Ok(()),
        Pick::Point(p) => Err(AnswerFault::NotAPoint {
            found: p.to_string(),
            min: s.min,
            max: s.max,
        }),
    }
}

/// A value for a message, shortened so that a long text does not flood the terminal.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Checks a whole response: no unknown question, no answer to a hidden question or note, every
/// answer valid, every shown required question answered. Returns every fault with its question,
/// in the survey's order (unknown questions first).
pub fn check_response(survey: &Survey, answers: &Map<String, Value>) -> Vec<Fault> {
    check_answers(survey, answers, true)
}

/// The checks of [`check_response`] for a response already stored somewhere (a merged laptop's):
/// the same rules for what is there (no unknown question, no answer to a hidden question, every
/// value fitting its question), but a missing answer is not a fault, as an unfinished response or
/// a paper sheet's blank may lack one.
pub fn check_stored_response(survey: &Survey, answers: &Map<String, Value>) -> Vec<Fault> {
    check_answers(survey, answers, false)
}

fn check_answers(survey: &Survey, answers: &Map<String, Value>, require: bool) -> Vec<Fault> {
    let mut faults = Vec::new();
    // Each answer's question looked up by id only when some answer is not to a question.
    let known = survey.questions.iter().filter(|q| answers.contains_key(&q.id)).count();
    for id in answers.keys().filter(|_| known < answers.len()) {
        if survey.question(id).is_none() {
            faults.push(Fault {
                question: id.clone(),
                fault: AnswerFault::UnknownQuestion,
            });
        }
    }
    let shown = visibility(survey, answers);
    for (q, shown) in survey.questions.iter().zip(shown) {
        let fault = match answers.get(&q.id) {
            Some(_) if !shown => Some(AnswerFault::Hidden),
            Some(v) => match Answer::parse(q, v) {
                Err(e) => Some(e),
                Ok(a) if require => required_fault(q, Some(&a)),
                Ok(_) => None,
            },
            None if shown && require => required_fault(q, None),
            None => None,
        };
        if let Some(fault) = fault {
            faults.push(Fault {
                question: q.id.clone(),
                fault,
            });
        }
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(json: serde_json::Value) -> Question {
        let survey = json!({"id": "s", "title": "s", "questions": [json]});
        let bytes = serde_json::to_vec(&survey).unwrap();
        crate::survey::load::parse_bytes(std::path::Path::new("s.json"), &bytes)
            .expect("the survey loads")
            .questions
            .remove(0)
    }

    fn choices(n: usize) -> Value {
        (1..=n)
            .map(|i| json!({"value": format!("c{i}"), "label": format!("C{i}")}))
            .collect()
    }

    #[test]
    fn two_digit_keys_from_the_tenth_option_counting_other() {
        let nine = question(json!({"id": "q", "type": "single_choice", "text": "q", "choices": choices(9)}));
        assert_eq!(option_count(&nine), 9);
        assert!(!needs_two_digit_keys(&nine));
        let nine_and_other =
            question(json!({"id": "q", "type": "single_choice", "text": "q", "choices": choices(9), "other": true}));
        assert_eq!(option_count(&nine_and_other), 10);
        assert!(needs_two_digit_keys(&nine_and_other));
    }

    #[test]
    fn the_pick_limit_is_the_stated_maximum_else_every_option() {
        let multiple =
            question(json!({"id": "q", "type": "multiple_choice", "text": "q", "choices": choices(4), "other": true}));
        assert_eq!((stated_pick_limit(&multiple), pick_limit(&multiple)), (None, 5));
        let capped = question(
            json!({"id": "q", "type": "multiple_choice", "text": "q", "choices": choices(4), "max_selected": 2}),
        );
        assert_eq!((stated_pick_limit(&capped), pick_limit(&capped)), (Some(2), 2));
        let rank = question(json!({"id": "q", "type": "rank", "text": "q", "choices": choices(5), "max_ranked": 3}));
        assert_eq!((stated_pick_limit(&rank), pick_limit(&rank)), (Some(3), 3));
        let all = question(json!({"id": "q", "type": "rank", "text": "q", "choices": choices(5)}));
        assert_eq!(pick_limit(&all), 5);
        // The checker refuses past the limit with the limit it states.
        let too_many = Answer::Rank(vec!["c1".into(), "c2".into(), "c3".into(), "c4".into()]);
        assert_eq!(too_many.check(&rank), Err(AnswerFault::TooMany(3)));
        let single = question(json!({"id": "q", "type": "single_choice", "text": "q", "choices": choices(3)}));
        assert_eq!(pick_limit(&single), 1);
    }

    #[test]
    fn a_voiced_half_width_kana_counts_as_one_character() {
        assert_eq!(text_length("ｶﾞｷﾞ😀"), 3);
        assert_eq!(text_length("が"), 1);
    }

    #[test]
    fn faults_speak_the_respondents_language_and_english_to_the_cli() {
        assert_eq!(AnswerFault::TooMany(3).message("ja"), "選べるのは 3 つまでです。");
        assert_eq!(AnswerFault::TooMany(3).message("en"), "You can choose at most 3.");
        assert_eq!(AnswerFault::TooMany(3).to_string(), "choose at most 3");
    }
}
