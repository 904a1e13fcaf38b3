//! A matrix: rows answered on one shared scale. On paper each row is its own field.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use serde_json::{Map, Value};

use super::scale::{
    end_labels, pick_hint, point_code, point_could_grow, point_options, point_range, point_text, typed_pick, typed_point,
};
use super::{Canvas, Editor, KindEditor, KindRules, Look, PaperStyle, as_stored, decode_text, encode_other_shape, radio, typed_line, ui};
use crate::survey::answer::{Answer, AnswerFault, Pick, scale_picks};
use crate::survey::{Kind, MatrixRow, Question, ScaleDef, Survey, Text};
use crate::tui::editor::{Outcome, Problem, Typed};
use crate::tui::keymap::{Action, Keymap};
use crate::tui::wrap::{pad, width, window};

pub struct Rules;

#[derive(Clone, Debug, PartialEq)]
pub struct MatrixEditor {
    pub row: usize,
    pub values: Vec<Option<Pick>>,
    /// A point being typed on the current row (scales above 9 points).
    pub typed: Typed,
    /// The last key answered a row and moved on: an Enter now only confirms that row.
    moved_on: bool,
    /// The respondent was told that rows are unanswered (Tab goes on the second time).
    pub warned: bool,
}

/// A matrix question's rows and scale.
fn matrix_of(q: &Question) -> Option<(&[MatrixRow], &ScaleDef)> {
    match &q.kind {
        Kind::Matrix { rows, scale } => Some((rows, scale)),
        _ => None,
    }
}

impl KindRules for Rules {
    fn editor(&self, q: &Question, current: Option<&Value>) -> Editor {
        let rows = matrix_of(q).map_or(&[][..], |(rows, _)| rows);
        let values = rows
            .iter()
            .map(|r| current.and_then(|v| v.get(&r.id)).and_then(Pick::from_value))
            .collect::<Vec<_>>();
        let row = values.iter().position(Option::is_none).unwrap_or(0);
        Editor::Matrix(MatrixEditor {
            row,
            values,
            typed: Typed::default(),
            moved_on: false,
            warned: false,
        })
    }

    fn describe(&self, survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
        match (matrix_of(q), v) {
            (Some((rows, _)), Value::Object(map)) => rows
                .iter()
                .filter_map(|r| {
                    map.get(&r.id)
                        .map(|v| format!("{} {}", survey.tr(&r.text, lang), point_text(v, lang)))
                })
                .collect::<Vec<_>>()
                .join(" / "),
            (_, v) => as_stored(v),
        }
    }

    /// A row's field shows its point's code; only N/A is spelled out.
    fn paper_meaning(&self, _survey: &Survey, _q: &Question, v: &Value, _lang: &str) -> String {
        if v.as_str() == Some("na") {
            "該当なし".to_string()
        } else {
            String::new()
        }
    }

    fn paper_fields(&self, q: &Question) -> Vec<Option<usize>> {
        matrix_of(q).map_or_else(Vec::new, |(rows, _)| (0..rows.len()).map(Some).collect())
    }

    fn allows_na(&self, q: &Question) -> bool {
        matrix_of(q).is_some_and(|(_, s)| s.allow_na)
    }

    fn row_text<'q>(&self, q: &'q Question, row: Option<usize>) -> Option<&'q Text> {
        let (rows, _) = matrix_of(q)?;
        rows.get(row?).map(|r| &r.text)
    }

    fn paper_style(&self, _q: &Question) -> PaperStyle {
        PaperStyle::Pick
    }

    fn paper_range(&self, q: &Question) -> String {
        matrix_of(q).map_or_else(String::new, |(_, s)| point_range(s))
    }

    fn decode(&self, q: &Question, row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
        let Some((rows, scale)) = matrix_of(q) else { return Ok(None) };
        let pick = typed_point(scale, text)?;
        let row = row.and_then(|r| rows.get(r)).ok_or(AnswerFault::NothingAnswered)?;
        Answer::Matrix(vec![(row.id.clone(), pick)]).check(q)?;
        Ok(Some(pick.to_value()))
    }

    fn encode(&self, q: &Question, row: Option<usize>, v: &Value) -> String {
        let (Some((rows, _)), Value::Object(map)) = (matrix_of(q), v) else {
            return encode_other_shape(v);
        };
        row.and_then(|r| rows.get(r))
            .and_then(|r| map.get(&r.id))
            .map(point_code)
            .unwrap_or_default()
    }

    fn could_grow(&self, q: &Question, text: &str) -> bool {
        matrix_of(q).is_some_and(|(_, s)| point_could_grow(s, text))
    }

    fn could_be(&self, q: &Question, text: &str) -> bool {
        decode_text(q, Some(0), text).is_ok() || self.could_grow(q, text)
    }

    fn paper_options(&self, survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
        matrix_of(q).map_or_else(Vec::new, |(_, s)| point_options(survey, s, lang))
    }

    fn paper_hint(&self, q: &Question) -> Cow<'static, str> {
        pick_hint(matrix_of(q).map(|(_, s)| s))
    }

    /// The row set or removed in the answer the other rows already have.
    fn merge_field(&self, q: &Question, row: Option<usize>, current: Option<&Value>, value: Option<Value>) -> Option<Value> {
        let (Some((rows, _)), Some(r)) = (matrix_of(q), row) else {
            return value;
        };
        let mut map: Map<String, Value> = current.and_then(Value::as_object).cloned().unwrap_or_default();
        let id = rows.get(r)?.id.clone();
        match value {
            Some(v) => map.insert(id, v),
            None => map.remove(&id),
        };
        // Rows in the survey's order, as the kiosk stores them.
        let ordered: Map<String, Value> = rows
            .iter()
            .filter_map(|row| map.get(&row.id).map(|v| (row.id.clone(), v.clone())))
            .collect();
        (!ordered.is_empty()).then_some(Value::Object(ordered))
    }

    fn field_value(&self, q: &Question, row: Option<usize>, answer: Option<&Value>) -> Option<Value> {
        match (matrix_of(q), row) {
            (Some((rows, _)), Some(r)) => answer?.get(&rows.get(r)?.id).cloned(),
            _ => answer.cloned(),
        }
    }
}

impl KindEditor for MatrixEditor {
    fn act(&mut self, q: &Question, action: Action, _width: usize) -> Outcome {
        let Some((_, s)) = matrix_of(q) else {
            return Outcome::Ignored;
        };
        let picks = scale_picks(s);
        let rows = self.values.len();
        if let Action::Cell { row, point } = action {
            // A clicked cell answers its row as a typed point answers the current one.
            let Some(&p) = picks.get(point).filter(|_| row < rows) else {
                return Outcome::Ignored;
            };
            self.moved_on = false;
            self.row = row;
            self.values[row] = Some(p);
            self.answered_row();
            return Outcome::Handled;
        }
        let moved_on = std::mem::take(&mut self.moved_on);
        let at = self.values[self.row].and_then(|p| picks.iter().position(|x| *x == p));
        if !matches!(action, Action::Digit(_) | Action::Backspace) {
            self.typed.clear();
        }
        match action {
            Action::Confirm => {
                if moved_on {
                    // "3 Enter 2 Enter": this Enter confirms the row the digit answered.
                    return Outcome::Handled;
                }
                if self.values[self.row].is_none() {
                    return Outcome::Refused(Problem::RowHowTo);
                }
                if self.next_unanswered().is_some() {
                    self.answered_row();
                    self.moved_on = false;
                    return Outcome::Handled;
                }
                return Outcome::Confirm;
            }
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(rows - 1),
            Action::Left => self.values[self.row] = Some(picks[at.map_or(0, |i| i.saturating_sub(1))]),
            Action::Right => {
                self.values[self.row] = Some(picks[at.map_or(0, |i| (i + 1).min(picks.len() - 1))]);
            }
            Action::Backspace => {
                if !self.typed.backspace() {
                    return Outcome::Ignored;
                }
                self.values[self.row] = self.typed.text().parse().ok().map(Pick::Point);
            }
            _ => match typed_pick(s, &mut self.typed, action) {
                Some(p) => {
                    self.values[self.row] = Some(p);
                    // A point that no further digit can change answers the row: go on to the
                    // next unanswered one. (On a 1–10 scale, `1` waits for a possible `0`.)
                    if p == Pick::Na || self.typed.complete(s.max) {
                        self.answered_row();
                    }
                }
                None => return Outcome::Ignored,
            },
        }
        Outcome::Handled
    }

    fn answer(&self, q: &Question) -> Result<Option<Answer>, AnswerFault> {
        let Some((rows, _)) = matrix_of(q) else {
            return Ok(None);
        };
        let picked: Vec<(String, Pick)> = rows
            .iter()
            .zip(&self.values)
            .filter_map(|(r, v)| v.map(|p| (r.id.clone(), p)))
            .collect();
        Ok((!picked.is_empty()).then_some(Answer::Matrix(picked)))
    }

    fn keymap(&self) -> Keymap {
        Keymap::Matrix
    }

    /// Some rows answered and some not: said once, the second Tab goes on.
    fn before_next(&mut self) -> Option<Problem> {
        let left = self.unanswered();
        if left > 0 && left < self.values.len() && !self.warned {
            self.warned = true;
            return Some(Problem::RowsLeft(left));
        }
        None
    }

    fn draw(&self, survey: &Survey, q: &Question, body: &mut dyn Canvas, lang: &str) {
        let Some((rows, scale)) = matrix_of(q) else { return };
        let m = self;
        let w = body.width();
        let (dim, accent, selected) = (body.look(Look::Dim), body.look(Look::Accent), body.look(Look::Selected));
        let picks = scale_picks(scale);
        let cell = |p: &Pick| match p {
            Pick::Point(v) => v.to_string(),
            Pick::Na => ui(lang, "該当なし", "N/A").to_string(),
        };
        let cells: Vec<usize> = picks.iter().map(|p| width(&cell(p)).max(3) + 1).collect();
        let grid_w: usize = cells.iter().sum();
        let label_w = w.saturating_sub(grid_w + 2).max(4);
        let mut head = pad("", label_w + 2);
        for (p, cw) in picks.iter().zip(&cells) {
            head.push_str(&pad(&cell(p), *cw));
        }
        body.line(Line::styled(head, dim));
        let typed = typed_line(m.typed.text(), lang);
        let room = body.remaining().saturating_sub(1 + usize::from(typed.is_some())).max(1);
        let (start, end) = window(rows.len(), m.row, room);
        for (ri, row) in rows.iter().enumerate().take(end).skip(start) {
            let current = ri == m.row;
            let mut spans = vec![Span::styled(
                format!(
                    "{} {}",
                    if current { ">" } else { " " },
                    pad(survey.tr(&row.text, lang), label_w)
                ),
                if current { selected } else { Style::new() },
            )];
            let mut targets = Vec::new();
            let mut col = label_w + 2;
            for (point, (p, cw)) in picks.iter().zip(&cells).enumerate() {
                let on = m.values[ri] == Some(*p);
                spans.push(Span::styled(pad(radio(on, false), *cw), if on { accent } else { Style::new() }));
                targets.push((col, *cw, Action::Cell { row: ri, point }));
                col += cw;
            }
            let row = body.line(Line::from(spans));
            for (col, cells, action) in targets {
                body.hit(row, col, cells, action);
            }
        }
        if let Some(t) = typed {
            body.text(&t, accent);
        }
        let (lo, hi) = end_labels(survey, scale, lang);
        let ends: Vec<&str> = [lo.as_str(), hi.as_str()]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect();
        if !ends.is_empty() {
            body.text(&ends.join("   "), dim);
        }
        if let Some(labels) = &scale.labels {
            let all: Vec<String> = scale
                .points()
                .zip(labels)
                .map(|(p, t)| format!("{p} = {}", survey.tr(t, lang)))
                .collect();
            body.text(&all.join("  "), dim);
        }
    }
}

impl MatrixEditor {
    /// The next row without an answer after the current one (wrapping), if any.
    fn next_unanswered(&self) -> Option<usize> {
        let n = self.values.len();
        (1..=n).map(|k| (self.row + k) % n).find(|&r| self.values[r].is_none())
    }

    /// How many rows have no answer.
    pub fn unanswered(&self) -> usize {
        self.values.iter().filter(|v| v.is_none()).count()
    }

    /// The current row is answered: on to the next unanswered one (or stay on the last).
    fn answered_row(&mut self) {
        self.typed.clear();
        if let Some(r) = self.next_unanswered() {
            self.row = r;
            self.moved_on = true;
        }
    }
}
