//! Free text: one line, or several; `max_length` counted as a person counts characters.

use std::borrow::Cow;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::{Canvas, Editor, KindEditor, KindRules, Look, PaperStyle, as_stored, edit, encode_other_shape};
use crate::survey::answer::{Answer, AnswerFault, check_length, parse_typed_text, text_length};
use crate::survey::{Kind, Question, Survey};
use crate::tui::editor::{Outcome, Problem};
use crate::tui::keymap::{Action, Keymap};
use crate::tui::text_field::TextField;
use crate::tui::wrap::pad;

pub struct Rules;

/// The text as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct TextEditor(pub TextField);

impl KindRules for Rules {
    fn editor(&self, q: &Question, current: Option<&Value>) -> Editor {
        let multiline = matches!(q.kind, Kind::Text { multiline: true, .. });
        Editor::Text(TextEditor(TextField::new(
            current.and_then(Value::as_str).unwrap_or(""),
            multiline,
        )))
    }

    fn describe(&self, _survey: &Survey, _q: &Question, v: &Value, _lang: &str) -> String {
        as_stored(v)
    }

    /// The text typed says it all.
    fn paper_meaning(&self, _survey: &Survey, _q: &Question, _v: &Value, _lang: &str) -> String {
        String::new()
    }

    fn paper_style(&self, _q: &Question) -> PaperStyle {
        PaperStyle::Typed
    }

    fn decode(&self, q: &Question, _row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
        let answer = Answer::Text(text.trim_end().to_string());
        answer.check(q)?;
        Ok(Some(answer.to_value()))
    }

    fn encode(&self, _q: &Question, _row: Option<usize>, v: &Value) -> String {
        encode_other_shape(v)
    }

    fn paper_multiline(&self, q: &Question) -> bool {
        matches!(q.kind, Kind::Text { multiline: true, .. })
    }

    fn typed_key_fault(&self, q: &Question, _key: char, text: &str) -> Option<AnswerFault> {
        check_length(q, text).err()
    }

    fn paper_hint(&self, q: &Question) -> Cow<'static, str> {
        match q.kind {
            Kind::Text { multiline: true, .. } => "入力して Enter。改行は Ctrl-J".into(),
            _ => "入力して Enter".into(),
        }
    }
}

/// Keeps a text within `max_length` (counted as [`text_length`] counts), refusing what goes over.
fn limit(f: &mut TextField, q: &Question) -> Outcome {
    let Err(fault) = check_length(q, f.text()) else {
        return Outcome::Handled;
    };
    while check_length(q, f.text()).is_err() && text_length(f.text()) > 0 {
        f.backspace();
    }
    Outcome::Refused(Problem::Fault(fault))
}

impl KindEditor for TextEditor {
    fn act(&mut self, q: &Question, action: Action, width: usize) -> Outcome {
        let f = &mut self.0;
        match action {
            Action::NewLine => {
                f.newline();
                limit(f, q)
            }
            Action::Confirm => Outcome::Confirm,
            Action::Type(c) => {
                f.insert(&c.to_string());
                limit(f, q)
            }
            a => edit(f, a, width),
        }
    }

    fn paste(&mut self, q: &Question, text: &str) -> Outcome {
        self.0.insert(text);
        limit(&mut self.0, q)
    }

    fn answer(&self, q: &Question) -> Result<Option<Answer>, AnswerFault> {
        parse_typed_text(q, self.0.text())
    }

    fn keymap(&self) -> Keymap {
        if self.0.is_multiline() {
            Keymap::MultilineText
        } else {
            Keymap::Text
        }
    }

    fn focused_field(&self) -> Option<&TextField> {
        Some(&self.0)
    }

    fn enter_is_newline(&self) -> bool {
        self.0.is_multiline()
    }

    fn draw(&self, _survey: &Survey, q: &Question, body: &mut dyn Canvas, _lang: &str) {
        let Kind::Text { max_length, multiline } = &q.kind else {
            return;
        };
        let f = &self.0;
        let text_w = body.text_width();
        let layout = f.layout(text_w);
        let room = body.remaining().saturating_sub(3).max(1);
        let height = if *multiline {
            // At least three lines when there is room, never more than there is.
            layout.lines.len().max(3).min(room)
        } else {
            1
        };
        // Scroll so that the caret's line is visible.
        let first = layout.caret.0.saturating_sub(height - 1);
        let mut caret_row = None;
        for i in first..first + height {
            let text = layout.lines.get(i).cloned().unwrap_or_default();
            let row = body.line(Line::from(vec![
                Span::raw("> "),
                Span::styled(pad(&text, text_w), Style::new().add_modifier(Modifier::UNDERLINED)),
            ]));
            body.hit(row, 2, text_w, Action::Caret { line: i, col: 0 });
            if i == layout.caret.0 {
                caret_row = Some(row);
            }
        }
        if let Some(row) = caret_row {
            body.caret(2 + layout.caret.1.min(text_w), row);
        }
        if let Some(max) = max_length {
            let dim = body.look(Look::Dim);
            body.text(&format!("{} / {max}", text_length(f.text())), dim);
        }
    }
}
