//! Rank: the choices put in order of preference, up to `max_ranked` of them.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::Line;
use serde_json::Value;

use super::choice::{chosen, codes_hint, encode_codes, labels, not_an_option, numbered, separated_hint};
use super::{Canvas, Editor, KindEditor, KindRules, Look, PaperStyle, as_stored, encode_other_shape, move_cursor, typed_line, ui};
use crate::survey::answer::{Answer, AnswerFault, Chosen, needs_two_digit_keys, pick_limit};
use crate::survey::{Question, Survey};
use crate::tui::editor::{Outcome, Problem, Typed};
use crate::tui::keymap::{Action, Keymap};
use crate::tui::wrap::{pad, window};

pub struct Rules;

#[derive(Clone, Debug, PartialEq)]
pub struct RankEditor {
    pub cursor: usize,
    /// A number being typed in a list longer than 9.
    pub typed: Typed,
    /// Indexes of the choices in rank order.
    pub order: Vec<usize>,
    /// The most that may be ranked ([`pick_limit`]).
    pub limit: usize,
}

impl KindRules for Rules {
    fn editor(&self, q: &Question, current: Option<&Value>) -> Editor {
        let choices = q.kind.choices();
        let order = match current {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| choices.iter().position(|c| Some(c.value.as_str()) == v.as_str()))
                .collect(),
            _ => vec![],
        };
        Editor::Rank(RankEditor {
            cursor: 0,
            typed: Typed::default(),
            order,
            limit: pick_limit(q),
        })
    }

    fn describe(&self, survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
        match v {
            Value::Array(items) => labels(survey, q, items, lang),
            v => as_stored(v),
        }
    }

    fn paper_style(&self, _q: &Question) -> PaperStyle {
        PaperStyle::Codes
    }

    fn decode(&self, q: &Question, _row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
        let answer = Answer::Rank(
            chosen(q, text)?
                .into_iter()
                .map(|c| match c {
                    Chosen::Choice(v) => Ok(v),
                    Chosen::Other(t) => Err(not_an_option(q, &t)),
                })
                .collect::<Result<_, _>>()?,
        );
        answer.check(q)?;
        Ok(Some(answer.to_value()))
    }

    fn encode(&self, q: &Question, _row: Option<usize>, v: &Value) -> String {
        match v {
            Value::Array(items) => encode_codes(q, items),
            v => encode_other_shape(v),
        }
    }

    fn paper_options(&self, survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
        numbered(survey, q, lang)
    }

    fn paper_hint(&self, q: &Question) -> Cow<'static, str> {
        if needs_two_digit_keys(q) {
            separated_hint(q)
        } else {
            codes_hint(q, "順位の順に", &[3, 1, 2]).into()
        }
    }
}

impl KindEditor for RankEditor {
    fn act(&mut self, q: &Question, action: Action, _width: usize) -> Outcome {
        let n = q.kind.choices().len();
        let pending = self.typed.text().parse::<usize>().ok();
        if !matches!(action, Action::Digit(_) | Action::Backspace) {
            self.typed.clear();
        }
        match action {
            Action::Confirm if pending.is_some() => self.take_or_give_back(self.cursor),
            Action::Confirm => Outcome::Confirm,
            Action::Up | Action::Down => move_cursor(&mut self.cursor, n, action),
            Action::Toggle => self.take_or_give_back(self.cursor),
            Action::Select(i) if i < n => {
                self.cursor = i;
                self.take_or_give_back(i)
            }
            Action::Backspace if self.typed.backspace() => Outcome::Handled,
            Action::Digit(d) => match self.typed.push(d, |x| x >= 1 && x <= n as i64) {
                Some(x) => {
                    self.cursor = x as usize - 1;
                    if self.typed.complete(n as i64) {
                        self.typed.clear();
                        self.take_or_give_back(self.cursor)
                    } else {
                        Outcome::Handled
                    }
                }
                None => Outcome::Ignored,
            },
            _ => Outcome::Ignored,
        }
    }

    fn answer(&self, q: &Question) -> Result<Option<Answer>, AnswerFault> {
        let choices = q.kind.choices();
        Ok((!self.order.is_empty()).then(|| Answer::Rank(self.order.iter().map(|&i| choices[i].value.clone()).collect())))
    }

    fn keymap(&self) -> Keymap {
        Keymap::Rank
    }

    fn draw(&self, survey: &Survey, q: &Question, body: &mut dyn Canvas, lang: &str) {
        let r = self;
        let choices = q.kind.choices();
        let w = body.width();
        let typed = typed_line(r.typed.text(), lang);
        let room = body.remaining().saturating_sub(1 + usize::from(typed.is_some())).max(1);
        let (start, end) = window(choices.len(), r.cursor, room);
        for (i, c) in choices.iter().enumerate().take(end).skip(start) {
            let rank = r.rank_of(i).map_or("[ ]".to_string(), |n| format!("[{n}]"));
            let key = if i < 9 { format!("{}.", i + 1) } else { "  ".into() };
            let text = format!(
                "{} {key} {rank} {}",
                if i == r.cursor { ">" } else { " " },
                survey.tr(&c.label, lang)
            );
            let style = if i == r.cursor { body.look(Look::Selected) } else { Style::new() };
            let row = body.line(Line::styled(pad(&text, w), style));
            body.hit_line(row, Action::Select(i));
        }
        if let Some(t) = typed {
            let accent = body.look(Look::Accent);
            body.text(&t, accent);
        }
        let dim = body.look(Look::Dim);
        body.text(
            &format!("{} {} / {}", ui(lang, "順位をつけた数", "Ranked"), r.order.len(), r.limit),
            dim,
        );
    }
}

impl RankEditor {
    fn take_or_give_back(&mut self, i: usize) -> Outcome {
        if let Some(pos) = self.order.iter().position(|&x| x == i) {
            self.order.remove(pos);
        } else if self.order.len() >= self.limit {
            return Outcome::Refused(Problem::Fault(AnswerFault::TooMany(self.limit as u32)));
        } else {
            self.order.push(i);
        }
        Outcome::Handled
    }

    /// The rank (1-based) of a choice, when it has one.
    pub fn rank_of(&self, i: usize) -> Option<usize> {
        self.order.iter().position(|&x| x == i).map(|p| p + 1)
    }
}
