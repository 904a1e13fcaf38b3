//! Question kinds: one module per kind, each owning what the screens do with that kind — its
//! editor (the keys on a question screen), its drawing, how the review describes its answer and
//! how a paper sheet's typed text becomes its answer and back.
//!
//! What a valid answer is stays in [`crate::survey::answer`], the one checker: a kind builds an
//! [`Answer`] and asks it, and asks it for the limits it shows (how many may be picked, whether
//! options are numbered past 9).
//!
//! The kinds are listed once, in the `kinds!` table below. The table declares each module, makes
//! [`Editor`] (one variant per kind) and [`rules`] (a survey question's kind to its module), both
//! matching every kind: adding a kind is one new module and one line in the table, and the
//! compiler then names every rule the new module still has to give (the traits' methods).
//!
//! Why here, under `tui`, and not in `survey`: everything a kind owns here is about a screen (keys,
//! cells, what a typist types). `survey` keeps the file format and the answer rules, and never
//! depends on the terminal.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::Line;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::editor::{Outcome, Problem};
use super::keymap::{Action, Keymap};
use super::text_field::TextField;
use crate::survey::answer::{Answer, AnswerFault, option_count};
use crate::survey::{Kind, Question, Survey, Text};

pub use crate::survey::answer::{Pick, scale_picks};

/// The table of kinds: `module::Variant(EditorType) for <the survey kinds it serves>`.
macro_rules! kinds {
    ($($module:ident :: $variant:ident ( $editor:ident ) for $kinds:pat),+ $(,)?) => {
        $(mod $module;)+

        /// The editing state of the current question: one variant per kind module.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Editor {
            $($variant($module::$editor),)+
        }

        impl Editor {
            fn kind(&self) -> &dyn KindEditor {
                match self {
                    $(Editor::$variant(e) => e,)+
                }
            }

            fn kind_mut(&mut self) -> &mut dyn KindEditor {
                match self {
                    $(Editor::$variant(e) => e,)+
                }
            }
        }

        /// The module that handles a question of this kind.
        pub fn rules(kind: &Kind) -> &'static dyn KindRules {
            match kind {
                $($kinds => &$module::Rules,)+
            }
        }
    };
}

kinds! {
    choice::Choice(ChoiceEditor) for Kind::SingleChoice { .. } | Kind::MultipleChoice { .. },
    scale::Scale(ScaleEditor) for Kind::Scale(_),
    yes_no::YesNo(YesNoEditor) for Kind::YesNo,
    number::Number(NumberEditor) for Kind::Number { .. },
    text::Text(TextEditor) for Kind::Text { .. },
    matrix::Matrix(MatrixEditor) for Kind::Matrix { .. },
    rank::Rank(RankEditor) for Kind::Rank { .. },
    note::Note(NoteEditor) for Kind::Note,
}

pub use choice::ChoiceEditor;
pub(crate) use choice::split_codes;
pub use matrix::MatrixEditor;
pub use number::NumberEditor;
pub use rank::RankEditor;
pub use scale::ScaleEditor;
pub use text::TextEditor;
pub use yes_no::YesNoEditor;

/// What a kind does with a question, before and apart from any editing state: the editor it
/// starts, how the review describes an answer, and how a paper sheet is typed.
pub trait KindRules: Sync {
    /// The editor for a question, showing the answer already given (if any).
    fn editor(&self, q: &Question, current: Option<&Value>) -> Editor;

    /// A short description of an answer for the review screen.
    fn describe(&self, survey: &Survey, q: &Question, v: &Value, lang: &str) -> String;

    /// What a paper sheet's field shows after the typed code (empty: the code says it all).
    fn paper_meaning(&self, survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
        self.describe(survey, q, v, lang)
    }

    /// The fields this question takes on a paper sheet: `None` is the whole question, `Some(r)`
    /// a matrix row. Notes take none.
    fn paper_fields(&self, _q: &Question) -> Vec<Option<usize>> {
        vec![None]
    }

    /// Whether the question takes "not applicable" (the footer then shows its key).
    fn allows_na(&self, _q: &Question) -> bool {
        false
    }

    /// A matrix row's own text, for a field that is one row of the question.
    fn row_text<'q>(&self, _q: &'q Question, _row: Option<usize>) -> Option<&'q Text> {
        None
    }

    /// How a field of this kind is typed.
    fn paper_style(&self, q: &Question) -> PaperStyle;

    /// Whether the field's text may hold line breaks (a multi-line text).
    fn paper_multiline(&self, _q: &Question) -> bool {
        false
    }

    /// What a pick field takes, said when a key is refused: "1〜5 で入力".
    fn paper_range(&self, q: &Question) -> String {
        format!("1〜{} で入力", option_count(q))
    }

    /// Why a key typed into a field typed in full is refused at once (a letter in a number, a
    /// text past its `max_length`); `text` is the field with the key in it.
    fn typed_key_fault(&self, _q: &Question, _key: char, _text: &str) -> Option<AnswerFault> {
        None
    }

    /// What a field's text means, checked by the answer's own rules: for a question its answer,
    /// for a matrix row the row's point. Called with a text that is not blank.
    fn decode(&self, q: &Question, row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault>;

    /// The text that gives back a stored answer (the field's own part of it).
    fn encode(&self, q: &Question, row: Option<usize>, v: &Value) -> String;

    /// Whether a text could still grow into another valid code (`1` on a 0–10 scale).
    fn could_grow(&self, _q: &Question, _text: &str) -> bool {
        false
    }

    /// Whether a text is the start of some valid code of a pick field (anything else is refused
    /// at once). Fields typed in full take anything.
    fn could_be(&self, _q: &Question, _text: &str) -> bool {
        true
    }

    /// The options of a field, numbered as they are typed, for the line under the sheet.
    fn paper_options(&self, _survey: &Survey, _q: &Question, _lang: &str) -> Vec<String> {
        Vec::new()
    }

    /// How the current field is typed, for the line under the sheet.
    fn paper_hint(&self, q: &Question) -> Cow<'static, str>;

    /// The answer to a whole question after one field changed (a matrix merges its row).
    fn merge_field(
        &self,
        _q: &Question,
        _row: Option<usize>,
        _current: Option<&Value>,
        value: Option<Value>,
    ) -> Option<Value> {
        value
    }

    /// A field's own part of a question's answer (a matrix row's point, or the whole answer).
    fn field_value(&self, _q: &Question, _row: Option<usize>, answer: Option<&Value>) -> Option<Value> {
        answer.cloned()
    }
}

/// How a paper field is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperStyle {
    /// One code decides it (single choice, scale point, matrix row, yes/no): a key that completes
    /// a code moves on.
    Pick,
    /// Several codes then Enter (multiple choice, rank).
    Codes,
    /// Typed, then Enter (number, text).
    Typed,
}

/// The editing state of one kind: its keys and its drawing.
pub trait KindEditor {
    /// Handles one action. `width` is the text area's width, for moving up and down wrapped lines.
    fn act(&mut self, q: &Question, action: Action, width: usize) -> Outcome;

    /// Pasted text: into the focused text field, cleaned there.
    fn paste(&mut self, _q: &Question, _text: &str) -> Outcome {
        Outcome::Ignored
    }

    /// The answer as it stands, before the checker sees it (`Ok(None)`: nothing answered).
    fn answer(&self, q: &Question) -> Result<Option<Answer>, AnswerFault>;

    /// The key table that applies now.
    fn keymap(&self) -> Keymap;

    /// The text field that has the keyboard focus, if any: the caret goes there.
    fn focused_field(&self) -> Option<&TextField> {
        None
    }

    /// "Other" is picked and focused, and nothing is typed in it yet.
    fn other_text_empty(&self) -> bool {
        false
    }

    /// Whether Enter types a line break here (multi-line text), so only Tab goes on.
    fn enter_is_newline(&self) -> bool {
        false
    }

    /// Tab asks to go on: what to tell the respondent first, once (a matrix with rows left).
    fn before_next(&mut self) -> Option<Problem> {
        None
    }

    /// Draws the answer area of the question screen.
    fn draw(&self, survey: &Survey, q: &Question, canvas: &mut dyn Canvas, lang: &str);
}

/// Where a kind draws: the question screen's body, as the view lends it. Rows are counted from
/// the body's top; a click target is registered by the code that draws the line.
pub trait Canvas {
    /// Cells in a line.
    fn width(&self) -> usize;
    /// The width a question's text field is laid out in (the editor moves its caret by it).
    fn text_width(&self) -> usize;
    /// Rows left above the buttons, the problem line and the footer.
    fn remaining(&self) -> usize;
    /// A short window: leave out spacing.
    fn compact(&self) -> bool;
    /// Adds a line; returns its row.
    fn line(&mut self, line: Line<'static>) -> usize;
    /// Adds text wrapped to the width.
    fn text(&mut self, text: &str, style: Style);
    fn blank(&mut self);
    /// A click on `cells` cells of line `row` from cell `col` asks for `action`.
    fn hit(&mut self, row: usize, col: usize, cells: usize, action: Action);
    /// A click anywhere on line `row` asks for `action`.
    fn hit_line(&mut self, row: usize, action: Action);
    /// Where the terminal cursor goes (for the IME).
    fn caret(&mut self, col: usize, row: usize);
    /// The theme's style for a role.
    fn look(&self, look: Look) -> Style;
}

/// The theme's roles a kind draws with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Selected,
    Accent,
    Dim,
}

impl Editor {
    /// The editor for a question, showing the answer already given (if any).
    pub fn new(q: &Question, current: Option<&Value>) -> Editor {
        rules(&q.kind).editor(q, current)
    }

    /// The text field that has the keyboard focus, if any: the caret goes there.
    pub fn focused_field(&self) -> Option<&TextField> {
        self.kind().focused_field()
    }

    /// "Other" is picked and focused, and nothing is typed in it yet.
    pub fn other_text_empty(&self) -> bool {
        self.kind().other_text_empty()
    }

    /// Whether Enter types a line break here (multi-line text), so only Tab goes on.
    pub fn enter_is_newline(&self) -> bool {
        self.kind().enter_is_newline()
    }

    /// The key table that applies to this editor now.
    pub fn keymap(&self) -> Keymap {
        self.kind().keymap()
    }

    /// Handles one action. `width` is the text area's width, for moving up and down wrapped lines.
    pub fn act(&mut self, q: &Question, action: Action, width: usize) -> Outcome {
        self.kind_mut().act(q, action, width)
    }

    /// Pasted text: into the focused text field, cleaned there.
    pub fn paste(&mut self, q: &Question, text: &str) -> Outcome {
        self.kind_mut().paste(q, text)
    }

    /// Tab asks to go on: what to tell the respondent first, once.
    pub fn before_next(&mut self) -> Option<Problem> {
        self.kind_mut().before_next()
    }

    /// The answer as it stands: `Ok(None)` when nothing is answered, `Err` when it breaks one of
    /// the survey's rules. Does not check `required` (the app does, knowing the whole response).
    pub fn value(&self, q: &Question) -> Result<Option<Answer>, AnswerFault> {
        let answer = self.kind().answer(q)?;
        if let Some(a) = &answer {
            a.check(q)?;
        }
        Ok(answer)
    }

    /// Draws the answer area of the question screen.
    pub fn draw(&self, survey: &Survey, q: &Question, canvas: &mut dyn Canvas, lang: &str) {
        self.kind().draw(survey, q, canvas, lang);
    }
}

/// A short description of an answer for the review screen.
pub fn describe_answer(survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
    rules(&q.kind).describe(survey, q, v, lang)
}

/// What a paper field's text means, checked by the answer's own rules: `Ok(None)` when it is
/// blank (no answer), else what the question's kind makes of it.
pub fn decode_text(q: &Question, row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    rules(&q.kind).decode(q, row, text)
}

/// A stored value of a shape the kind does not expect, as a paper field shows it.
fn encode_other_shape(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// How an answer of an unexpected shape is described: its text, or its JSON.
fn as_stored(v: &Value) -> String {
    match v {
        Value::String(t) => t.clone(),
        v => v.to_string(),
    }
}

/// Japanese or English for the interface's own words.
fn ui<'a>(lang: &str, ja: &'a str, en: &'a str) -> &'a str {
    if lang == "ja" { ja } else { en }
}

/// Full-width digits and letters from an IME made ASCII.
fn ascii(text: &str) -> String {
    text.nfkc().collect()
}

fn radio(on: bool, multiple: bool) -> &'static str {
    match (multiple, on) {
        (false, true) => "(*)",
        (false, false) => "( )",
        (true, true) => "[x]",
        (true, false) => "[ ]",
    }
}

/// The digits typed so far for a number above 9 ("番号: 1"), when there are any.
fn typed_line(typed: &str, lang: &str) -> Option<String> {
    (!typed.is_empty()).then(|| format!("{} {typed}", ui(lang, "番号:", "Number:")))
}

/// Up and Down in a list of `len` rows.
fn move_cursor(cursor: &mut usize, len: usize, action: Action) -> Outcome {
    *cursor = match action {
        Action::Up => cursor.saturating_sub(1),
        _ => (*cursor + 1).min(len.saturating_sub(1)),
    };
    Outcome::Handled
}

/// Caret movement and deletion in a text field.
fn edit(f: &mut TextField, action: Action, width: usize) -> Outcome {
    if f.apply(action, width) {
        Outcome::Handled
    } else {
        Outcome::Ignored
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use super::{Editor, decode_text, rules};
    use crate::survey::{Survey, load_file};

    fn every_type() -> (Survey, Vec<serde_json::Map<String, Value>>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let survey = load_file(&dir.join("every-type.json")).expect("the fixture loads");
        let answers = std::fs::read_to_string(dir.join("every-type.jsonl"))
            .expect("the fixture's responses")
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("a response");
                v["answers"].as_object().cloned().expect("answers")
            })
            .collect();
        (survey, answers)
    }

    #[test]
    fn every_stored_answer_comes_back_from_its_editor_unchanged() {
        let (survey, responses) = every_type();
        let mut seen = 0;
        for answers in &responses {
            for q in &survey.questions {
                let Some(v) = answers.get(&q.id) else { continue };
                let editor = Editor::new(q, Some(v));
                let back = editor.value(q).expect("a stored answer is valid").map(|a| a.to_value());
                assert_eq!(back.as_ref(), Some(v), "{}", q.id);
                seen += 1;
            }
        }
        assert!(seen > 20, "the fixture answers every kind: {seen}");
    }

    #[test]
    fn every_stored_answer_typed_back_from_paper_is_the_same_answer() {
        let (survey, responses) = every_type();
        for answers in &responses {
            for q in &survey.questions {
                let Some(v) = answers.get(&q.id) else { continue };
                let kind = rules(&q.kind);
                let mut whole = None;
                for row in kind.paper_fields(q) {
                    let text = kind.encode(q, row, v);
                    let field = decode_text(q, row, &text).unwrap_or_else(|e| panic!("{} {text:?}: {e}", q.id));
                    assert_eq!(field, kind.field_value(q, row, Some(v)), "{} {text:?}", q.id);
                    whole = kind.merge_field(q, row, whole.as_ref(), field);
                }
                assert_eq!(whole.as_ref(), Some(v), "{}", q.id);
            }
        }
    }

    #[test]
    fn a_notes_editor_has_no_answer_and_no_paper_field() {
        let (survey, _) = every_type();
        let note = survey
            .questions
            .iter()
            .find(|q| matches!(q.kind, crate::survey::Kind::Note))
            .expect("the fixture has a note");
        assert_eq!(Editor::new(note, None).value(note), Ok(None));
        assert!(rules(&note.kind).paper_fields(note).is_empty());
    }
}
