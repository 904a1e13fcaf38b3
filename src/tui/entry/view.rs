//! Drawing the entry form: the sheet-number prompt, the dense sheet (one row per field, the full
//! text and the numbered options of the current question at the bottom), and the differences of
//! a verified sheet. Reads [`EntryApp`] only.
//!
//! ASCII and CJK only in the chrome, as in the kiosk's views.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_segmentation::UnicodeSegmentation;

use super::field::{Field, encode, field_value, options};
use super::verify::{Chosen, Difference};
use super::{EntryApp, Form, Resolve, Screen, local_time};
use crate::survey::shown::visibility;
use crate::survey::{Kind, Question, Survey};
use crate::tui::keymap;
use crate::tui::kinds::rules;
use crate::tui::text_field::TextField;
use crate::tui::view::{MIN_HEIGHT, MIN_WIDTH, Theme, footer_rows};
use crate::tui::wrap::{fit, pad, terminal_safe, width, wrap};

/// The columns of a sheet row: question number, short label, answer. One computation shared by
/// the drawing and by the app (which lays text out in the answer column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    pub number: usize,
    pub label: usize,
    pub answer: usize,
}

pub fn columns(terminal_width: u16) -> Columns {
    let w = usize::from(terminal_width).saturating_sub(1);
    let number = 6;
    let label = (w * 2 / 5).clamp(8, 44);
    Columns {
        number,
        label,
        answer: w.saturating_sub(number + label + 1).max(4),
    }
}

pub fn draw(frame: &mut Frame, app: &EntryApp, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        frame.render_widget(
            Paragraph::new(vec![
                Line::from(fit("画面を大きくしてください", area.width as usize)),
                Line::from(fit("Please enlarge the window", area.width as usize)),
            ]),
            area,
        );
        return;
    }
    let mut out = Out::new(area);
    match &app.screen {
        Screen::Number { field, problem, .. } => number(app, field, problem.as_deref(), &mut out, theme),
        Screen::Sheet(form) => sheet(app, form, &mut out, theme),
        Screen::Resolve(r) => resolve(app, r, &mut out, theme),
    }
    out.render(frame, theme);
}

/// Lines top to bottom, a bottom block, and where the caret goes.
struct Out {
    area: Rect,
    top: Vec<Line<'static>>,
    bottom: Vec<Line<'static>>,
    footer: String,
    caret: Option<(usize, usize)>,
    /// The caret in a line of the bottom block (column, index in `bottom`).
    bottom_caret: Option<(usize, usize)>,
}

impl Out {
    fn new(area: Rect) -> Out {
        Out {
            area,
            top: Vec::new(),
            bottom: Vec::new(),
            footer: String::new(),
            caret: None,
            bottom_caret: None,
        }
    }

    fn width(&self) -> usize {
        usize::from(self.area.width)
    }

    /// Rows the top part may use.
    fn room(&self) -> usize {
        usize::from(self.area.height).saturating_sub(self.bottom.len() + self.footer_rows())
    }

    /// The footer's rows, wrapped by the kiosk's rule (split between key groups, at most two).
    fn footer_lines(&self) -> Vec<String> {
        footer_rows(&self.footer, self.width().saturating_sub(1))
    }

    fn footer_rows(&self) -> usize {
        self.footer_lines().len()
    }

    fn bar(&mut self, left: &str, right: &str, theme: Theme) {
        let w = self.width();
        let right_w = width(right);
        let left = fit(left, w.saturating_sub(right_w + 2));
        let gap = w.saturating_sub(width(&left) + right_w);
        self.top
            .push(Line::styled(format!("{left}{}{right}", " ".repeat(gap)), theme.bar()));
    }

    fn text(&mut self, text: &str, style: Style) {
        for l in wrap(text, self.width().saturating_sub(2)) {
            self.top.push(Line::styled(format!(" {l}"), style));
        }
    }

    fn render(mut self, frame: &mut Frame, theme: Theme) {
        let room = self.room();
        if let Some((x, i)) = self.bottom_caret {
            self.caret = Some((x, room + i));
        }
        self.top.truncate(room);
        while self.top.len() < room {
            self.top.push(Line::default());
        }
        let footer = self.footer_lines();
        let mut lines = self.top;
        lines.extend(self.bottom);
        for l in footer {
            lines.push(Line::styled(l, theme.dim()));
        }
        frame.render_widget(Paragraph::new(lines), self.area);
        if let Some((x, y)) = self.caret
            && y < usize::from(self.area.height)
        {
            let x = x.min(usize::from(self.area.width).saturating_sub(1));
            frame.set_cursor_position(Position::new(self.area.x + x as u16, self.area.y + y as u16));
        }
    }
}

fn title(survey: &Survey, lang: &str) -> String {
    terminal_safe(survey.tr(&survey.title, lang)).into_owned()
}

fn mode(app: &EntryApp) -> &'static str {
    if app.verify {
        "確認入力（2回目）"
    } else {
        "用紙入力"
    }
}

fn number(app: &EntryApp, field: &TextField, problem: Option<&str>, out: &mut Out, theme: Theme) {
    let lang = &app.lang;
    out.bar(
        &format!("{}  {}", mode(app), title(&app.survey, lang)),
        &format!("セッション {} ", app.session.label),
        theme,
    );
    out.top.push(Line::default());
    let prompt = if app.verify {
        " 確認する用紙の番号: "
    } else {
        " 用紙番号: "
    };
    let text = field.text().to_string();
    out.caret = Some((width(prompt) + width(&text), out.top.len()));
    out.top
        .push(Line::from(vec![Span::styled(prompt, theme.heading()), Span::raw(text)]));
    if let Some(p) = problem {
        out.text(p, theme.problem());
    } else if let Some(n) = &app.notice {
        out.text(n, theme.accent());
    } else {
        out.top.push(Line::default());
    }
    out.top.push(Line::default());
    let c = app.counts();
    out.text(
        &format!(
            "入力済み {} 枚  確認済み {} 枚  差異を解消 {} 件",
            c.entered, c.verified, c.resolved
        ),
        Style::new(),
    );
    let unverified: Vec<&str> = app.unverified().map(|s| s.number.as_str()).collect();
    if !unverified.is_empty() {
        out.text(
            &format!("未確認の用紙（{} 枚）: {}", unverified.len(), unverified.join(", ")),
            Style::new(),
        );
    }
    let unfinished: Vec<&str> = app.unfinished().map(|s| s.number.as_str()).collect();
    if !unfinished.is_empty() {
        out.text(
            &format!("入力途中の用紙: {}（番号を入力すると続きから）", unfinished.join(", ")),
            theme.dim(),
        );
    }
    out.footer = keymap::footer(app.keymap(), &app.key_context());
}

/// The number shown for a field: the question's number among the questions (notes not counted),
/// and the row for a matrix (`5-2`).
pub fn field_number(survey: &Survey, f: Field) -> String {
    let n = survey.questions[..=f.question]
        .iter()
        .filter(|q| !matches!(q.kind, Kind::Note))
        .count();
    match f.row {
        Some(r) => format!("{n}-{}", r + 1),
        None => n.to_string(),
    }
}

/// The short label of a field: the first line of its question (or its matrix row).
fn short_label(survey: &Survey, q: &Question, f: Field, lang: &str) -> String {
    let text = survey.tr(rules(&q.kind).row_text(q, f.row).unwrap_or(&q.text), lang);
    terminal_safe(text.lines().next().unwrap_or("")).into_owned()
}

/// What a stored field shows: the typed code, then what it means.
fn shown_value(survey: &Survey, q: &Question, f: Field, answer: Option<&serde_json::Value>, lang: &str) -> String {
    let code = encode(q, f, answer);
    let Some(v) = field_value(q, f, answer) else {
        return String::new();
    };
    let meaning = rules(&q.kind).paper_meaning(survey, q, &v, lang);
    let code = code.replace('\n', " / ");
    if meaning.is_empty() || meaning == code {
        code
    } else {
        format!("{code}  {meaning}")
    }
}

/// The part of `text` from cell `skip`, at most `cells` wide.
fn cells_from(text: &str, skip: usize, cells: usize) -> String {
    let mut out = String::new();
    let (mut at, mut used) = (0, 0);
    for g in text.graphemes(true) {
        let w = width(g);
        if at >= skip {
            if used + w > cells {
                break;
            }
            out.push_str(g);
            used += w;
        }
        at += w;
    }
    out
}

fn sheet(app: &EntryApp, form: &Form, out: &mut Out, theme: Theme) {
    let lang = &app.lang;
    let survey = &app.survey;
    let entered = format!("入力 {}", local_time(&form.sheet.entered_at));
    out.bar(
        &format!("{}  用紙 {}  {}", mode(app), form.sheet.number, title(survey, lang)),
        &format!("{entered} "),
        theme,
    );
    let current = app.fields[form.cursor];
    let q = &survey.questions[current.question];

    // The bottom block: the full text of the current question, its numbered options, how to type
    // it, and the problem, if any.
    let w = out.width().saturating_sub(2);
    out.bottom.push(Line::styled("-".repeat(out.width()), theme.dim()));
    let mut full = format!("問{} {}", field_number(survey, current), survey.tr(&q.text, lang));
    if let Some(row) = rules(&q.kind).row_text(q, current.row) {
        full.push_str(&format!(" / {}", survey.tr(row, lang)));
    }
    for l in wrap(&terminal_safe(&full), w).into_iter().take(3) {
        out.bottom.push(Line::styled(format!(" {l}"), theme.heading()));
    }
    for l in pack(&options(survey, q, lang), w).into_iter().take(3) {
        out.bottom.push(Line::from(format!(" {l}")));
    }
    let hint = hint(q);
    match &form.problem {
        Some(p) => out
            .bottom
            .push(Line::styled(format!(" {}", fit(p, w)), theme.problem())),
        None => out
            .bottom
            .push(Line::styled(format!(" {}", fit(&hint, w)), theme.dim())),
    }
    out.footer = keymap::footer(app.keymap(), &app.key_context());

    // The rows: a heading per note, a row per field; hidden questions are passed, greyed out.
    // A sheet longer than the window goes into two columns when the window is wide enough.
    let room = out.room().saturating_sub(out.top.len()).max(1);
    let notes = survey.questions.iter().filter(|q| matches!(q.kind, Kind::Note)).count();
    let two = app.fields.len() + notes > room && out.width() >= TWO_COLUMNS_FROM;
    let col_width = if two { (out.width() - 1) / 2 } else { out.width() };
    let cols = columns(col_width as u16);
    let shown = visibility(survey, form.walk.answers());
    let mut rows: Vec<(Line<'static>, bool)> = Vec::new();
    let mut caret_row = None;
    let mut fi = 0;
    for (qi, question) in survey.questions.iter().enumerate() {
        if matches!(question.kind, Kind::Note) {
            let text = fit(
                &terminal_safe(survey.tr(&question.text, lang)),
                col_width.saturating_sub(5),
            );
            rows.push((Line::styled(format!("  -- {text}"), theme.dim()), false));
            continue;
        }
        while fi < app.fields.len() && app.fields[fi].question == qi {
            let f = app.fields[fi];
            let here = fi == form.cursor;
            let num = pad(&field_number(survey, f), cols.number - 1);
            let label = pad(&short_label(survey, question, f, lang), cols.label);
            let (answer, style) = if !shown[qi] {
                ("-".to_string(), theme.dim())
            } else if here {
                let layout = form.input.layout(usize::MAX / 4);
                let shown_text = layout.lines.join(" / ");
                let caret_cells: usize = layout.lines[..layout.caret.0]
                    .iter()
                    .map(|l| width(l) + 3)
                    .sum::<usize>()
                    + layout.caret.1;
                let skip = caret_cells.saturating_sub(cols.answer.saturating_sub(1));
                caret_row = Some((cols.number + cols.label + 1 + caret_cells - skip, rows.len()));
                (cells_from(&shown_text, skip, cols.answer), theme.selected())
            } else {
                (
                    fit(
                        &shown_value(survey, question, f, form.walk.answer(qi), lang),
                        cols.answer,
                    ),
                    Style::new(),
                )
            };
            let marker = if here { ">" } else { " " };
            rows.push((
                Line::from(vec![
                    Span::styled(
                        format!("{marker}{num}"),
                        if here { theme.heading() } else { theme.dim() },
                    ),
                    Span::styled(label, if here { theme.heading() } else { Style::new() }),
                    Span::raw(" "),
                    Span::styled(if here { pad(&answer, cols.answer) } else { answer }, style),
                ]),
                here,
            ));
            fi += 1;
        }
    }
    // Keep the current field in view, a third of the way down when the sheet scrolls.
    let window = if two { 2 * room } else { room };
    let here = rows.iter().position(|(_, h)| *h).unwrap_or(0);
    let start = here.saturating_sub(window / 3).min(rows.len().saturating_sub(window));
    let first_row = out.top.len();
    let mut shown_rows: Vec<Line<'static>> = rows.into_iter().skip(start).take(window).map(|(l, _)| l).collect();
    let right: Vec<Line<'static>> = if two && shown_rows.len() > room {
        shown_rows.split_off(room)
    } else {
        Vec::new()
    };
    for (i, mut line) in shown_rows.into_iter().enumerate() {
        if let Some(r) = right.get(i) {
            let gap = (col_width + 1).saturating_sub(line.width());
            line.spans.push(Span::raw(" ".repeat(gap)));
            line.spans.extend(r.spans.iter().cloned());
        }
        out.top.push(line);
    }
    if let Some((x, r)) = caret_row {
        let at = r - start;
        let (column, row) = if two { (at / room, at % room) } else { (0, at) };
        out.caret = Some((x + column * (col_width + 1), first_row + row));
    }
}

/// The width from which a sheet longer than the window is laid out in two columns.
const TWO_COLUMNS_FROM: usize = 100;

/// Numbered options laid out in lines of `w` cells, never splitting one option across lines
/// (an option wider than a line is shortened).
fn pack(items: &[String], w: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        let item = fit(&terminal_safe(item), w);
        if !line.is_empty() && width(&line) + 2 + width(&item) > w {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(&item);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// How the current field is typed, as its kind says it.
fn hint(q: &Question) -> Cow<'static, str> {
    rules(&q.kind).paper_hint(q)
}

fn resolve(app: &EntryApp, r: &Resolve, out: &mut Out, theme: Theme) {
    let lang = &app.lang;
    let survey = &app.survey;
    out.bar(
        &format!(
            "確認入力  用紙 {}  1回目と2回目で違う欄: {} 件",
            r.sheet.number,
            r.diffs.len()
        ),
        "",
        theme,
    );
    out.text(
        "用紙を見て、正しい値を選んでください（1: 1回目  2: 2回目  3: 別の値を入力）",
        theme.heading(),
    );
    let cols = columns(out.area.width);
    let value_w = cols.answer.saturating_sub(2) / 2;
    let val = |d: &Difference, v: &Option<serde_json::Value>| -> String {
        let q = &survey.questions[d.field.question];
        let whole = super::field::merge_field(q, d.field, None, v.clone());
        match v {
            None => "（無回答）".to_string(),
            Some(_) => shown_value(survey, q, d.field, whole.as_ref(), lang),
        }
    };
    for (i, d) in r.diffs.iter().enumerate() {
        let q = &survey.questions[d.field.question];
        let here = i == r.cursor;
        let chosen = match &d.chosen {
            None => "  ".to_string(),
            Some(Chosen::First) => "=1".to_string(),
            Some(Chosen::Second) => "=2".to_string(),
            Some(Chosen::Third(_)) => "=3".to_string(),
        };
        let pick = |n: u8| -> Style {
            let c = matches!((&d.chosen, n), (Some(Chosen::First), 1) | (Some(Chosen::Second), 2));
            if c { theme.accent() } else { Style::new() }
        };
        let label_w = cols.label.saturating_sub(4);
        out.top.push(Line::from(vec![
            Span::styled(
                format!(
                    "{}{} {} {} ",
                    if here { ">" } else { " " },
                    chosen,
                    pad(&field_number(survey, d.field), 5),
                    pad(&short_label(survey, q, d.field, lang), label_w)
                ),
                if here { theme.selected() } else { Style::new() },
            ),
            Span::styled(pad(&format!("1) {}", val(d, &d.first)), value_w), pick(1)),
            Span::raw(" "),
            Span::styled(pad(&format!("2) {}", val(d, &d.second)), value_w), pick(2)),
        ]));
        if let Some(Chosen::Third(v)) = &d.chosen {
            out.top
                .push(Line::styled(format!("        3) {}", val(d, v)), theme.accent()));
        }
    }
    let d = &r.diffs[r.cursor];
    let q = &survey.questions[d.field.question];
    let w = out.width().saturating_sub(2);
    out.bottom.push(Line::styled("-".repeat(out.width()), theme.dim()));
    for l in wrap(
        &terminal_safe(&format!(
            "問{} {}",
            field_number(survey, d.field),
            survey.tr(&q.text, lang)
        )),
        w,
    )
    .into_iter()
    .take(2)
    {
        out.bottom.push(Line::styled(format!(" {l}"), theme.heading()));
    }
    for l in pack(&options(survey, q, lang), w).into_iter().take(2) {
        out.bottom.push(Line::from(format!(" {l}")));
    }
    if let Some(t) = &r.typing {
        let prompt = " 用紙の値: ";
        let text = t.text().to_string();
        out.bottom.push(Line::from(vec![
            Span::styled(prompt, theme.heading()),
            Span::styled(pad(&text, cols.answer), theme.selected()),
        ]));
        out.bottom_caret = Some((width(prompt) + width(&text), out.bottom.len() - 1));
    }
    match &r.problem {
        Some(p) => out
            .bottom
            .push(Line::styled(format!(" {}", fit(p, w)), theme.problem())),
        None => out.bottom.push(Line::default()),
    }
    out.footer = keymap::footer(app.keymap(), &app.key_context());
}
