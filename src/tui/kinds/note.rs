//! A note: text shown between questions, never answered. On paper it is a heading, not a field.

use std::borrow::Cow;

use serde_json::Value;

use super::{Canvas, Editor, KindEditor, KindRules, PaperStyle, as_stored, encode_other_shape};
use crate::survey::answer::{Answer, AnswerFault};
use crate::survey::{Question, Survey};
use crate::tui::editor::Outcome;
use crate::tui::keymap::{Action, Keymap};

pub struct Rules;

/// Nothing to edit: Enter goes on.
#[derive(Clone, Debug, PartialEq)]
pub struct NoteEditor;

impl KindRules for Rules {
    fn editor(&self, _q: &Question, _current: Option<&Value>) -> Editor {
        Editor::Note(NoteEditor)
    }

    fn describe(&self, _survey: &Survey, _q: &Question, v: &Value, _lang: &str) -> String {
        as_stored(v)
    }

    fn paper_fields(&self, _q: &Question) -> Vec<Option<usize>> {
        Vec::new()
    }

    fn paper_style(&self, _q: &Question) -> PaperStyle {
        PaperStyle::Typed
    }

    fn decode(&self, _q: &Question, _row: Option<usize>, _text: &str) -> Result<Option<Value>, AnswerFault> {
        Ok(None)
    }

    fn encode(&self, _q: &Question, _row: Option<usize>, v: &Value) -> String {
        encode_other_shape(v)
    }

    fn paper_hint(&self, _q: &Question) -> Cow<'static, str> {
        "".into()
    }
}

impl KindEditor for NoteEditor {
    fn act(&mut self, _q: &Question, action: Action, _width: usize) -> Outcome {
        match action {
            Action::Confirm => Outcome::Confirm,
            _ => Outcome::Ignored,
        }
    }

    fn answer(&self, _q: &Question) -> Result<Option<Answer>, AnswerFault> {
        Ok(None)
    }

    fn keymap(&self) -> Keymap {
        Keymap::Note
    }

    fn draw(&self, _survey: &Survey, _q: &Question, _canvas: &mut dyn Canvas, _lang: &str) {}
}
