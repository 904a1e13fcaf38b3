//! A scale: points from `min` to `max` (labelled one by one, or only at the ends), N/A where
//! allowed. The matrix asks its rows on one of these.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::{Canvas, Editor, KindEditor, KindRules, Look, PaperStyle, ascii, decode_text, radio, typed_line, ui};
use crate::survey::answer::{Answer, AnswerFault, Pick, scale_picks};
use crate::survey::{Kind, Question, ScaleDef, Survey, Text};
use crate::tui::editor::{Outcome, Typed};
use crate::tui::keymap::{Action, Keymap};
use crate::tui::wrap::{pad, width, window};

pub struct Rules;

/// A scale's point and the digits typed for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleEditor {
    pub pick: Option<Pick>,
    pub typed: Typed,
}

/// The scale of a scale question (a matrix has its own, see [`super::matrix`]).
fn scale_of(q: &Question) -> Option<&ScaleDef> {
    match &q.kind {
        Kind::Scale(s) => Some(s),
        _ => None,
    }
}

impl KindRules for Rules {
    fn editor(&self, _q: &Question, current: Option<&Value>) -> Editor {
        Editor::Scale(ScaleEditor {
            pick: current.and_then(Pick::from_value),
            typed: Typed::default(),
        })
    }

    /// The point with its label where the survey gives one: "5 とてもそう思う".
    fn describe(&self, survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
        match (scale_of(q), Pick::from_value(v)) {
            (Some(s), Some(Pick::Point(p))) => match point_label(s, p) {
                Some(label) => format!("{p} {}", survey.tr(label, lang)),
                None => p.to_string(),
            },
            _ => point_text(v, lang),
        }
    }

    /// The code already says the point; only N/A is spelled out.
    fn paper_meaning(&self, _survey: &Survey, _q: &Question, v: &Value, lang: &str) -> String {
        point_text(v, lang)
    }

    fn allows_na(&self, q: &Question) -> bool {
        scale_of(q).is_some_and(|s| s.allow_na)
    }

    fn paper_style(&self, _q: &Question) -> PaperStyle {
        PaperStyle::Pick
    }

    fn paper_range(&self, q: &Question) -> String {
        scale_of(q).map_or_else(String::new, point_range)
    }

    fn decode(&self, q: &Question, _row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
        let Some(s) = scale_of(q) else { return Ok(None) };
        let answer = Answer::Scale(typed_point(s, text)?);
        answer.check(q)?;
        Ok(Some(answer.to_value()))
    }

    fn encode(&self, _q: &Question, _row: Option<usize>, v: &Value) -> String {
        point_code(v)
    }

    fn could_grow(&self, q: &Question, text: &str) -> bool {
        scale_of(q).is_some_and(|s| point_could_grow(s, text))
    }

    fn could_be(&self, q: &Question, text: &str) -> bool {
        decode_text(q, Some(0), text).is_ok() || self.could_grow(q, text)
    }

    fn paper_options(&self, survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
        scale_of(q).map_or_else(Vec::new, |s| point_options(survey, s, lang))
    }

    fn paper_hint(&self, q: &Question) -> Cow<'static, str> {
        pick_hint(scale_of(q))
    }
}

impl KindEditor for ScaleEditor {
    fn act(&mut self, q: &Question, action: Action, _width: usize) -> Outcome {
        let Some(s) = scale_of(q) else {
            return Outcome::Ignored;
        };
        let e = self;
        let picks = scale_picks(s);
        let at = e.pick.and_then(|p| picks.iter().position(|x| *x == p));
        if !matches!(action, Action::Digit(_) | Action::Backspace) {
            e.typed.clear();
        }
        match action {
            Action::Confirm => return Outcome::Confirm,
            Action::Left => e.pick = Some(picks[at.map_or(0, |i| i.saturating_sub(1))]),
            Action::Right => e.pick = Some(picks[at.map_or(0, |i| (i + 1).min(picks.len() - 1))]),
            Action::Home => e.pick = Some(picks[0]),
            Action::End => e.pick = Some(picks[picks.len() - 1]),
            Action::Select(i) if i < picks.len() => e.pick = Some(picks[i]),
            Action::Backspace => {
                if !e.typed.backspace() {
                    return Outcome::Ignored;
                }
                e.pick = e.typed.text().parse().ok().map(Pick::Point);
            }
            _ => match typed_pick(s, &mut e.typed, action) {
                Some(p) => {
                    e.pick = Some(p);
                    // Shown while another digit could still change it (`1` on a 0–10 scale).
                    if e.typed.complete(s.max) {
                        e.typed.clear();
                    }
                }
                None => return Outcome::Ignored,
            },
        }
        Outcome::Handled
    }

    fn answer(&self, _q: &Question) -> Result<Option<Answer>, AnswerFault> {
        Ok(self.pick.map(Answer::Scale))
    }

    fn keymap(&self) -> Keymap {
        Keymap::Scale
    }

    fn draw(&self, survey: &Survey, q: &Question, body: &mut dyn Canvas, lang: &str) {
        let Some(s) = scale_of(q) else { return };
        let e = self;
        let w = body.width();
        let picks = scale_picks(s);
        let typed = typed_line(e.typed.text(), lang);
        if s.labels.is_some() {
            let room = body.remaining().saturating_sub(usize::from(typed.is_some())).max(1);
            let at = e.pick.and_then(|p| picks.iter().position(|x| *x == p)).unwrap_or(0);
            let (start, end) = window(picks.len(), at, room);
            for (i, p) in picks.iter().enumerate().take(end).skip(start) {
                let label = match p {
                    Pick::Point(v) => s
                        .label_of(*v)
                        .map(|t| survey.tr(t, lang).to_string())
                        .unwrap_or_default(),
                    Pick::Na => ui(lang, "該当なし", "N/A").to_string(),
                };
                let key = match p {
                    Pick::Point(v) => v.to_string(),
                    Pick::Na => "n".into(),
                };
                let on = e.pick == Some(*p);
                let text = format!("{} {key:>2}. {} {label}", if on { ">" } else { " " }, radio(on, false));
                let style = if on { body.look(Look::Selected) } else { Style::new() };
                let row = body.line(Line::styled(pad(&text, w), style));
                body.hit_line(row, Action::Select(i));
            }
        } else {
            // The points in a row, wrapped onto more rows when the window is narrow. Each
            // point with the space after it is one click target, so a row has no gaps.
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut targets = Vec::new();
            let mut used = 0;
            for (i, p) in picks.iter().enumerate() {
                let text = match p {
                    Pick::Point(v) => format!(" {v} "),
                    Pick::Na => format!(" {} ", ui(lang, "該当なし", "N/A")),
                };
                let on = e.pick == Some(*p);
                let cell = if on { format!("[{}]", text.trim()) } else { text };
                let cw = width(&cell) + 1;
                if used + cw > w && !spans.is_empty() {
                    let row = body.line(Line::from(std::mem::take(&mut spans)));
                    for (col, cells, action) in targets.drain(..) {
                        body.hit(row, col, cells, action);
                    }
                    used = 0;
                }
                targets.push((used, cw, Action::Select(i)));
                used += cw;
                let style = if on { body.look(Look::Selected) } else { Style::new() };
                spans.push(Span::styled(cell, style));
                spans.push(Span::raw(" "));
            }
            let row = body.line(Line::from(spans));
            for (col, cells, action) in targets {
                body.hit(row, col, cells, action);
            }
            let (lo, hi) = end_labels(survey, s, lang);
            if !lo.is_empty() || !hi.is_empty() {
                if !body.compact() {
                    body.blank();
                }
                let dim = body.look(Look::Dim);
                body.text(&lo, dim);
                body.text(&hi, dim);
            }
        }
        if let Some(t) = typed {
            let accent = body.look(Look::Accent);
            body.text(&t, accent);
        }
    }
}

/// A point chosen by typing: its number (digits add up: `1` `0` is 10 where 10 is a point), or
/// `n` (or `0` where 0 is not a point) for N/A.
pub(super) fn typed_pick(s: &ScaleDef, typed: &mut Typed, action: Action) -> Option<Pick> {
    match action {
        Action::Digit(d) => match typed.push(d, |n| (s.min..=s.max).contains(&n)) {
            Some(n) => Some(Pick::Point(n)),
            None if d == 0 && s.allow_na => Some(Pick::Na),
            None => None,
        },
        Action::NotApplicable if s.allow_na => {
            typed.clear();
            Some(Pick::Na)
        }
        _ => None,
    }
}

/// A point's own label, or an end's label at the ends: what the scale calls this point.
fn point_label(s: &ScaleDef, p: i64) -> Option<&Text> {
    s.label_of(p).or(match p {
        p if p == s.min => s.min_label.as_ref(),
        p if p == s.max => s.max_label.as_ref(),
        _ => None,
    })
}

/// A stored point as words: the number, or 該当なし.
pub(super) fn point_text(v: &Value, lang: &str) -> String {
    if v.as_str() == Some("na") {
        ui(lang, "該当なし", "N/A").to_string()
    } else {
        v.to_string()
    }
}

/// A scale's end labels as "1 = 全くそう思わない" and "5 = とてもそう思う" (empty when not given).
pub(super) fn end_labels(survey: &Survey, s: &ScaleDef, lang: &str) -> (String, String) {
    let end = |point: i64, label: &Option<Text>| {
        label
            .as_ref()
            .map_or(String::new(), |t| format!("{point} = {}", survey.tr(t, lang)))
    };
    (end(s.min, &s.min_label), end(s.max, &s.max_label))
}

/// The point of a scale typed as text: its number, or `n` (or `0` where 0 is not a point) for N/A.
/// Whether the point is on the scale is the answer's own rule (checked by the caller).
pub(super) fn typed_point(s: &ScaleDef, text: &str) -> Result<Pick, AnswerFault> {
    let t = ascii(text).trim().to_lowercase();
    if t == "n" || (t == "0" && !(s.min..=s.max).contains(&0)) {
        return Ok(Pick::Na);
    }
    t.parse().map(Pick::Point).map_err(|_| AnswerFault::NotANumber)
}

/// The code that gives back a stored point: its number, or `n`.
pub(super) fn point_code(p: &Value) -> String {
    match p {
        Value::String(s) if s == "na" => "n".to_string(),
        other => other.to_string(),
    }
}

/// Whether a typed point could still grow into another (`1` on a 0–10 scale).
pub(super) fn point_could_grow(s: &ScaleDef, text: &str) -> bool {
    let t = ascii(text).trim().to_string();
    s.points().any(|p| {
        let c = p.to_string();
        c.len() > t.len() && c.starts_with(&t)
    })
}

/// The points numbered as they are typed, with their labels ("5 とてもそう思う"), then N/A.
pub(super) fn point_options(survey: &Survey, s: &ScaleDef, lang: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .points()
        .map(|p| match point_label(s, p) {
            Some(l) => format!("{p} {}", survey.tr(l, lang)),
            None => p.to_string(),
        })
        .collect();
    if s.allow_na {
        out.push("n 該当なし".to_string());
    }
    out
}

/// What a point field takes: "1〜5 / n で入力".
pub(super) fn point_range(s: &ScaleDef) -> String {
    let na = if s.allow_na { " / n" } else { "" };
    format!("{}〜{}{na} で入力", s.min, s.max)
}

/// How a point is typed on paper.
pub(super) fn pick_hint(s: Option<&ScaleDef>) -> Cow<'static, str> {
    if s.is_some_and(|s| s.allow_na) {
        "番号で次へ（n: 該当なし）。空のまま Enter: 無回答".into()
    } else {
        "番号で次へ。空のまま Enter: 無回答".into()
    }
}
