//! A number, whole unless the survey says otherwise, with its unit and range.

use std::borrow::Cow;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::{Canvas, Editor, KindEditor, KindRules, Look, PaperStyle, edit, encode_other_shape, ui};
use crate::survey::answer::{Answer, AnswerFault, number_char, parse_typed_number};
use crate::survey::{Kind, Question, Survey};
use crate::tui::editor::{Outcome, Problem};
use crate::tui::keymap::{Action, Keymap};
use crate::tui::text_field::TextField;
use crate::tui::wrap::{pad, width};

pub struct Rules;

/// The number as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberEditor(pub TextField);

impl KindRules for Rules {
    fn editor(&self, _q: &Question, current: Option<&Value>) -> Editor {
        let text = current.map(|v| v.to_string()).unwrap_or_default();
        Editor::Number(NumberEditor(TextField::new(&text, false)))
    }

    fn describe(&self, survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
        let unit = match &q.kind {
            Kind::Number { unit: Some(u), .. } => survey.tr(u, lang),
            _ => "",
        };
        format!("{v}{unit}")
    }

    /// The number typed says it all.
    fn paper_meaning(&self, _survey: &Survey, _q: &Question, _v: &Value, _lang: &str) -> String {
        String::new()
    }

    fn paper_style(&self, _q: &Question) -> PaperStyle {
        PaperStyle::Typed
    }

    fn decode(&self, q: &Question, _row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
        Ok(parse_typed_number(q, text)?.map(|a| a.to_value()))
    }

    fn encode(&self, _q: &Question, _row: Option<usize>, v: &Value) -> String {
        encode_other_shape(v)
    }

    fn typed_key_fault(&self, _q: &Question, key: char, _text: &str) -> Option<AnswerFault> {
        (!number_char(key)).then_some(AnswerFault::NotANumber)
    }

    fn paper_hint(&self, _q: &Question) -> Cow<'static, str> {
        "数字を入力して Enter".into()
    }
}

impl KindEditor for NumberEditor {
    fn act(&mut self, _q: &Question, action: Action, width: usize) -> Outcome {
        match action {
            Action::Confirm => Outcome::Confirm,
            Action::Type(c) if number_char(c) => {
                self.0.insert(&c.to_string());
                Outcome::Handled
            }
            Action::Type(_) => Outcome::Refused(Problem::Fault(AnswerFault::NotANumber)),
            a => edit(&mut self.0, a, width),
        }
    }

    fn paste(&mut self, _q: &Question, text: &str) -> Outcome {
        let clean = text.trim();
        if clean.chars().all(number_char) {
            self.0.insert(clean);
            Outcome::Handled
        } else {
            Outcome::Refused(Problem::Fault(AnswerFault::NotANumber))
        }
    }

    fn answer(&self, q: &Question) -> Result<Option<Answer>, AnswerFault> {
        parse_typed_number(q, self.0.text())
    }

    fn keymap(&self) -> Keymap {
        Keymap::Number
    }

    fn focused_field(&self) -> Option<&TextField> {
        Some(&self.0)
    }

    fn draw(&self, survey: &Survey, q: &Question, body: &mut dyn Canvas, lang: &str) {
        let Kind::Number { unit, min, max, .. } = &q.kind else {
            return;
        };
        let f = &self.0;
        let w = body.width();
        let unit = unit.as_ref().map_or("", |u| survey.tr(u, lang));
        let range = match (min, max) {
            (Some(lo), Some(hi)) => format!("{lo} - {hi}"),
            (Some(lo), None) => format!("{lo} -"),
            (None, Some(hi)) => format!("- {hi}"),
            (None, None) => String::new(),
        };
        let field_w = 12.min(w.saturating_sub(4));
        let row = body.line(Line::from(vec![
            Span::raw("> "),
            Span::styled(pad(f.text(), field_w), Style::new().add_modifier(Modifier::UNDERLINED)),
            Span::raw(format!(" {unit}")),
        ]));
        body.hit(row, 2, field_w, Action::Caret { line: 0, col: 0 });
        body.caret(2 + width(f.text()).min(field_w), row);
        if !range.is_empty() {
            let dim = body.look(Look::Dim);
            body.text(&format!("{} {range}{unit}", ui(lang, "範囲", "Range")), dim);
        }
    }
}
