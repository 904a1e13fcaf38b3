//! The question screens' widgets (choice lists, scales, matrix, text fields, rank) and footers,
//! and the answers as the review screen describes them.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{Body, Theme, ui, window};
use crate::survey::answer::text_length;
use crate::survey::{Kind, Question, ScaleDef, Survey};
use crate::tui::editor::{Editor, Pick, scale_picks};
use crate::tui::keymap::Action;
use crate::tui::wrap::{fit, pad, width};

/// A short description of an answer for the review screen.
pub fn describe_answer(s: &Survey, q: &Question, v: &serde_json::Value, lang: &str) -> String {
    use serde_json::Value;
    let label = |value: &Value| -> String {
        if let Some(text) = value.get("other").and_then(Value::as_str) {
            return format!("{}: {text}", ui(lang, "その他", "Other"));
        }
        let raw = value.as_str().unwrap_or_default();
        q.kind
            .choices()
            .iter()
            .find(|c| c.value == raw)
            .map_or_else(|| raw.to_string(), |c| s.tr(&c.label, lang).to_string())
    };
    let point = |v: &Value| -> String {
        if v.as_str() == Some("na") {
            ui(lang, "該当なし", "N/A").to_string()
        } else {
            v.to_string()
        }
    };
    match (&q.kind, v) {
        (Kind::SingleChoice { .. }, v) => label(v),
        (Kind::MultipleChoice { .. } | Kind::Rank { .. }, Value::Array(items)) => items
            .iter()
            .map(&label)
            .collect::<Vec<_>>()
            .join(if lang == "ja" { "、" } else { ", " }),
        (Kind::YesNo, Value::Bool(b)) => if *b {
            ui(lang, "はい", "Yes")
        } else {
            ui(lang, "いいえ", "No")
        }
        .to_string(),
        (Kind::Scale(_), v) => point(v),
        (Kind::Matrix { rows, .. }, Value::Object(map)) => rows
            .iter()
            .filter_map(|r| map.get(&r.id).map(|v| format!("{} {}", s.tr(&r.text, lang), point(v))))
            .collect::<Vec<_>>()
            .join(" / "),
        (Kind::Number { unit, .. }, v) => format!("{v}{}", unit.as_ref().map_or("", |u| s.tr(u, lang))),
        (_, Value::String(t)) => t.clone(),
        (_, v) => v.to_string(),
    }
}

/// A scale's end labels as "1 = 全くそう思わない" and "5 = とてもそう思う" (empty when not given).
fn end_labels(survey: &Survey, s: &ScaleDef, lang: &str) -> (String, String) {
    let end = |point: i64, label: &Option<crate::survey::Text>| {
        label
            .as_ref()
            .map_or(String::new(), |t| format!("{point} = {}", survey.tr(t, lang)))
    };
    (end(s.min, &s.min_label), end(s.max, &s.max_label))
}

fn radio(on: bool, multiple: bool) -> &'static str {
    match (multiple, on) {
        (false, true) => "(*)",
        (false, false) => "( )",
        (true, true) => "[x]",
        (true, false) => "[ ]",
    }
}

pub(super) fn question_widget(
    survey: &Survey,
    q: &Question,
    editor: &Editor,
    body: &mut Body,
    theme: Theme,
    lang: &str,
) {
    let w = body.width();
    match (&q.kind, editor) {
        (Kind::SingleChoice { choices, .. } | Kind::MultipleChoice { choices, .. }, Editor::Choice(c)) => {
            let counter = match q.kind {
                Kind::MultipleChoice {
                    max_selected: Some(max),
                    ..
                } => Some(format!(
                    "{} {} / {max}",
                    ui(lang, "選択数", "Chosen"),
                    c.picked.iter().filter(|p| **p).count()
                )),
                _ => None,
            };
            let typed = typed_line(c.typed.text(), lang);
            let below = usize::from(counter.is_some()) + usize::from(typed.is_some());
            let room = body.remaining().saturating_sub(below).max(1);
            let (start, end) = window(c.picked.len(), c.cursor, room);
            let long = c.picked.len() > 9;
            for (i, picked) in c.picked.iter().enumerate().take(end).skip(start) {
                let label = match choices.get(i) {
                    Some(choice) => survey.tr(&choice.label, lang).to_string(),
                    None => format!("{}:", ui(lang, "その他", "Other")),
                };
                let here = c.highlighted && i == c.cursor;
                let marker = if here { ">" } else { " " };
                let key = if long {
                    format!("{:>2}.", i + 1)
                } else {
                    format!("{}.", i + 1)
                };
                let text = format!("{marker} {key} {} {label}", radio(*picked, c.multiple));
                let style = if here { theme.selected() } else { Style::new() };
                if i >= choices.len() {
                    // The "other" row: its text field follows the label.
                    let prefix_w = width(&text) + 1;
                    let field = c.other.as_ref();
                    let text_w = w.saturating_sub(prefix_w + 1).max(2);
                    let shown = field
                        .map(|f| f.layout(text_w))
                        .map(|l| l.lines.join(" "))
                        .unwrap_or_default();
                    let line = Line::from(vec![
                        Span::styled(text, style),
                        Span::raw(" "),
                        Span::styled(fit(&shown, text_w), Style::new().add_modifier(Modifier::UNDERLINED)),
                    ]);
                    let row = body.line(line);
                    // The label picks (or toggles) "other"; its text field takes the typing.
                    body.hit(row, 0, prefix_w, Action::Select(i));
                    body.hit(row, prefix_w, text_w, Action::Focus(i));
                    if c.other_focused()
                        && let Some(f) = field
                    {
                        let l = f.layout(text_w);
                        body.cursor = Some((prefix_w + l.caret.1.min(text_w), row));
                    }
                } else {
                    let row = body.line(Line::styled(pad(&text, w), style));
                    body.hit_line(row, Action::Select(i));
                }
            }
            if let Some(t) = typed {
                body.text(&t, theme.accent());
            }
            if let Some(counter) = counter {
                body.text(&counter, theme.dim());
            }
        }
        (Kind::Scale(s), Editor::Scale(e)) => {
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
                    let row = body.line(Line::styled(
                        pad(&text, w),
                        if on { theme.selected() } else { Style::new() },
                    ));
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
                    spans.push(Span::styled(cell, if on { theme.selected() } else { Style::new() }));
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
                    body.text(&lo, theme.dim());
                    body.text(&hi, theme.dim());
                }
            }
            if let Some(t) = typed {
                body.text(&t, theme.accent());
            }
        }
        (Kind::YesNo, Editor::YesNo(v)) => {
            for (on, label, action) in [
                (Some(true), ui(lang, "y. はい", "y. Yes"), Action::Yes),
                (Some(false), ui(lang, "n. いいえ", "n. No"), Action::No),
            ] {
                let sel = *v == on;
                let text = format!("{} {} {label}", if sel { ">" } else { " " }, radio(sel, false));
                let row = body.line(Line::styled(
                    pad(&text, w),
                    if sel { theme.selected() } else { Style::new() },
                ));
                body.hit_line(row, action);
            }
        }
        (Kind::Number { unit, min, max, .. }, Editor::Number(f)) => {
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
            body.cursor = Some((2 + width(f.text()).min(field_w), row));
            if !range.is_empty() {
                body.text(&format!("{} {range}{unit}", ui(lang, "範囲", "Range")), theme.dim());
            }
        }
        (Kind::Text { max_length, multiline }, Editor::Text(f)) => {
            let text_w = super::text_width(body.area.width);
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
                body.cursor = Some((2 + layout.caret.1.min(text_w), row));
            }
            if let Some(max) = max_length {
                body.text(&format!("{} / {max}", text_length(f.text())), theme.dim());
            }
        }
        (Kind::Matrix { rows, scale }, Editor::Matrix(m)) => {
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
            body.line(Line::styled(head, theme.dim()));
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
                    if current { theme.selected() } else { Style::new() },
                )];
                let mut targets = Vec::new();
                let mut col = label_w + 2;
                for (point, (p, cw)) in picks.iter().zip(&cells).enumerate() {
                    let on = m.values[ri] == Some(*p);
                    spans.push(Span::styled(
                        pad(radio(on, false), *cw),
                        if on { theme.accent() } else { Style::new() },
                    ));
                    targets.push((col, *cw, Action::Cell { row: ri, point }));
                    col += cw;
                }
                let row = body.line(Line::from(spans));
                for (col, cells, action) in targets {
                    body.hit(row, col, cells, action);
                }
            }
            if let Some(t) = typed {
                body.text(&t, theme.accent());
            }
            let (lo, hi) = end_labels(survey, scale, lang);
            let ends: Vec<&str> = [lo.as_str(), hi.as_str()]
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect();
            if !ends.is_empty() {
                body.text(&ends.join("   "), theme.dim());
            }
            if let Some(labels) = &scale.labels {
                let all: Vec<String> = scale
                    .points()
                    .zip(labels)
                    .map(|(p, t)| format!("{p} = {}", survey.tr(t, lang)))
                    .collect();
                body.text(&all.join("  "), theme.dim());
            }
        }
        (Kind::Rank { choices, max_ranked }, Editor::Rank(r)) => {
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
                let row = body.line(Line::styled(
                    pad(&text, w),
                    if i == r.cursor { theme.selected() } else { Style::new() },
                ));
                body.hit_line(row, Action::Select(i));
            }
            if let Some(t) = typed {
                body.text(&t, theme.accent());
            }
            let limit = max_ranked.map_or(choices.len(), |m| m as usize);
            body.text(
                &format!("{} {} / {limit}", ui(lang, "順位をつけた数", "Ranked"), r.order.len()),
                theme.dim(),
            );
        }
        _ => {}
    }
}

/// The digits typed so far for a number above 9 ("番号: 1"), when there are any.
fn typed_line(typed: &str, lang: &str) -> Option<String> {
    (!typed.is_empty()).then(|| format!("{} {typed}", ui(lang, "番号:", "Number:")))
}
