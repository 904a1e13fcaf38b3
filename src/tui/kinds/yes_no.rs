//! Yes or no.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::Line;
use serde_json::Value;

use super::{Canvas, Editor, KindEditor, KindRules, Look, PaperStyle, as_stored, ascii, decode_text, encode_other_shape, radio, ui};
use crate::survey::answer::{Answer, AnswerFault, Expected};
use crate::survey::{Question, Survey};
use crate::tui::editor::Outcome;
use crate::tui::keymap::{Action, Keymap};
use crate::tui::wrap::pad;

pub struct Rules;

/// The answer picked, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct YesNoEditor(pub Option<bool>);

impl KindRules for Rules {
    fn editor(&self, _q: &Question, current: Option<&Value>) -> Editor {
        Editor::YesNo(YesNoEditor(current.and_then(Value::as_bool)))
    }

    fn describe(&self, _survey: &Survey, _q: &Question, v: &Value, lang: &str) -> String {
        match v {
            Value::Bool(true) => ui(lang, "はい", "Yes").to_string(),
            Value::Bool(false) => ui(lang, "いいえ", "No").to_string(),
            v => as_stored(v),
        }
    }

    fn paper_style(&self, _q: &Question) -> PaperStyle {
        PaperStyle::Pick
    }

    fn decode(&self, q: &Question, _row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
        let answer = match ascii(text).trim().to_lowercase().as_str() {
            "1" | "y" | "yes" | "は" | "はい" => Answer::YesNo(true),
            "2" | "n" | "no" | "い" | "いいえ" => Answer::YesNo(false),
            other => {
                return Err(AnswerFault::Shape {
                    expected: Expected::PaperYesNo,
                    found: other.to_string(),
                });
            }
        };
        answer.check(q)?;
        Ok(Some(answer.to_value()))
    }

    fn encode(&self, _q: &Question, _row: Option<usize>, v: &Value) -> String {
        match v {
            Value::Bool(b) => if *b { "1" } else { "2" }.to_string(),
            v => encode_other_shape(v),
        }
    }

    fn paper_range(&self, _q: &Question) -> String {
        "1 / 2（y / n）で入力".to_string()
    }

    fn could_be(&self, q: &Question, text: &str) -> bool {
        decode_text(q, None, text).is_ok()
    }

    fn paper_options(&self, _survey: &Survey, _q: &Question, _lang: &str) -> Vec<String> {
        vec!["1 はい".to_string(), "2 いいえ".to_string()]
    }

    fn paper_hint(&self, _q: &Question) -> Cow<'static, str> {
        "1 / y: はい  2 / n: いいえ。空のまま Enter: 無回答".into()
    }
}

impl KindEditor for YesNoEditor {
    fn act(&mut self, _q: &Question, action: Action, _width: usize) -> Outcome {
        match action {
            Action::Confirm => Outcome::Confirm,
            Action::Yes => {
                self.0 = Some(true);
                Outcome::Handled
            }
            Action::No => {
                self.0 = Some(false);
                Outcome::Handled
            }
            _ => Outcome::Ignored,
        }
    }

    fn answer(&self, _q: &Question) -> Result<Option<Answer>, AnswerFault> {
        Ok(self.0.map(Answer::YesNo))
    }

    fn keymap(&self) -> Keymap {
        Keymap::YesNo
    }

    fn draw(&self, _survey: &Survey, _q: &Question, body: &mut dyn Canvas, lang: &str) {
        let w = body.width();
        for (on, label, action) in [
            (Some(true), ui(lang, "y. はい", "y. Yes"), Action::Yes),
            (Some(false), ui(lang, "n. いいえ", "n. No"), Action::No),
        ] {
            let sel = self.0 == on;
            let text = format!("{} {} {label}", if sel { ">" } else { " " }, radio(sel, false));
            let style = if sel { body.look(Look::Selected) } else { Style::new() };
            let row = body.line(Line::styled(pad(&text, w), style));
            body.hit_line(row, action);
        }
    }
}
