//! The page builder every screen draws through. [`Body`] guarantees: nothing is drawn past the
//! area it is given (lines are cut to the width, rows past the bottom are dropped), the footer is
//! wrapped at the area's width by one rule ([`footer_rows`]), every span is made terminal-safe
//! ([`safe_line`]), and clicks are answered through the [`HitMap`] it returns.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::tui::hits::HitMap;
use crate::tui::keymap::Action;
use crate::tui::text_field::TextField;
use crate::tui::wrap::{fit, pad, terminal_safe, width, wrap};

/// The footer in one row, or in two split between key groups (two spaces apart) when one row is
/// too narrow; what still does not fit is cut. The first row always starts with the first group
/// (cut if it alone is too wide), so neither row is ever left empty.
pub(crate) fn footer_rows(footer: &str, cells: usize) -> Vec<String> {
    if width(footer) <= cells {
        return vec![footer.to_string()];
    }
    let groups: Vec<&str> = footer.split("  ").collect();
    let mut first = String::new();
    let mut rest = Vec::new();
    for (i, g) in groups.into_iter().enumerate() {
        if i == 0 && width(g) > cells {
            first = fit(g, cells);
        } else if rest.is_empty() && width(&first) + width(g) + 2 <= cells {
            if !first.is_empty() {
                first.push_str("  ");
            }
            first.push_str(g);
        } else {
            rest.push(g);
        }
    }
    vec![first, fit(&rest.join("  "), cells)]
}

/// A line with every span made [`terminal_safe`].
pub(super) fn safe_line(mut line: Line<'static>) -> Line<'static> {
    for span in &mut line.spans {
        if let std::borrow::Cow::Owned(s) = terminal_safe(&span.content) {
            span.content = s.into();
        }
    }
    line
}

/// Lines laid out top to bottom, then the buttons' row, the problem line and the footer at the
/// bottom.
pub(super) struct Body {
    pub(super) area: Rect,
    /// Rows the footer takes at the bottom (one, or two when one is too narrow).
    footer_rows: usize,
    lines: Vec<Line<'static>>,
    problem: Option<String>,
    /// Where the real terminal cursor goes (column, row within the body), for the IME.
    pub(super) cursor: Option<(usize, usize)>,
    /// What a click on part of a line asks for: (row, first cell, cells, action), in the body's
    /// own coordinates, registered by the code that draws the line.
    hits: Vec<(usize, usize, usize, Action)>,
    /// On-screen buttons, left to right, on their own row above the problem line.
    buttons: Vec<(String, Action)>,
}

/// A button as drawn: `[ 次へ > ]`, ASCII brackets like the rest of the chrome.
fn button_text(label: &str) -> String {
    format!("[ {label} ]")
}

impl Body {
    pub(super) fn new(area: Rect, footer_rows: usize) -> Body {
        Body {
            area,
            footer_rows,
            lines: Vec::new(),
            problem: None,
            cursor: None,
            hits: Vec::new(),
            buttons: Vec::new(),
        }
    }

    pub(super) fn width(&self) -> usize {
        usize::from(self.area.width).saturating_sub(2).max(1)
    }

    /// Rows left above the buttons, the problem line and the footer.
    pub(super) fn remaining(&self) -> usize {
        usize::from(self.area.height).saturating_sub(self.lines.len() + 1 + self.footer_rows + self.button_rows())
    }

    /// A short window (below 16 rows): screens leave out spacing and the progress bar so that
    /// the answers keep their room.
    pub(super) fn compact(&self) -> bool {
        self.area.height < 16
    }

    pub(super) fn button_rows(&self) -> usize {
        usize::from(!self.buttons.is_empty())
    }

    /// Sets the screen's buttons (before the lines that ask how much room is left).
    pub(super) fn buttons(&mut self, buttons: Vec<(String, Action)>) {
        self.buttons = buttons;
    }

    /// A click on `cells` cells of line `row` from cell `col` asks for `action`.
    pub(super) fn hit(&mut self, row: usize, col: usize, cells: usize, action: Action) {
        self.hits.push((row, col, cells, action));
    }

    /// A click anywhere on line `row` asks for `action`.
    pub(super) fn hit_line(&mut self, row: usize, action: Action) {
        self.hit(row, 0, self.width(), action);
    }

    /// Adds a line; returns its row.
    pub(super) fn line(&mut self, line: Line<'static>) -> usize {
        self.lines.push(line);
        self.lines.len() - 1
    }

    pub(super) fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    pub(super) fn skip(&mut self, n: usize) {
        for _ in 0..n {
            self.blank();
        }
    }

    pub(super) fn text(&mut self, text: &str, style: Style) {
        for l in wrap(text, self.width()) {
            self.lines.push(Line::styled(l, style));
        }
    }

    pub(super) fn centered(&mut self, text: &str, style: Style) {
        let w = self.width();
        for l in wrap(text, w) {
            let left = (w.saturating_sub(width(&l))) / 2;
            self.lines.push(Line::styled(format!("{}{l}", " ".repeat(left)), style));
        }
    }

    pub(super) fn title(&mut self, left: &str, right: &str, theme: Theme) {
        let w = self.width();
        let right_w = width(right);
        let left = fit(left, w.saturating_sub(right_w + 1));
        let gap = w.saturating_sub(width(&left) + right_w);
        self.lines
            .push(Line::styled(format!("{left}{}{right}", " ".repeat(gap)), theme.bar()));
    }

    pub(super) fn field(&mut self, field: &TextField, _theme: Theme) {
        let w = self.width().saturating_sub(2).max(2);
        let layout = field.layout(w);
        let text = layout.lines.last().cloned().unwrap_or_default();
        let row = self.line(Line::from(vec![
            Span::raw("> "),
            Span::styled(pad(&text, w), Style::new().add_modifier(Modifier::UNDERLINED)),
        ]));
        self.cursor = Some((2 + layout.caret.1.min(w), row));
    }

    pub(super) fn reserve_problem(&mut self, message: String) {
        self.problem = Some(message);
    }

    /// Renders the lines (cut to the area), the buttons, the problem line, the footer, and the
    /// cursor; returns where the lines and buttons shown can be clicked.
    pub(super) fn finish(self, frame: &mut Frame, footer: &str, theme: Theme) -> HitMap {
        let area = self.area;
        // A footer too long for the width takes two rows (at the cost of the body's last row)
        // rather than losing the keys at its end.
        let footer_lines = footer_rows(footer, usize::from(area.width).saturating_sub(2));
        debug_assert_eq!(footer_lines.len(), self.footer_rows);
        let footer_h = footer_lines.len() as u16;
        let buttons_h = self.button_rows() as u16;
        let inner = Rect::new(
            area.x + 1,
            area.y,
            area.width.saturating_sub(2),
            area.height.saturating_sub(1 + footer_h + buttons_h),
        );
        let mut hits = HitMap::default();
        for &(row, col, cells, action) in &self.hits {
            // Only what is shown: lines cut at the bottom cannot be clicked.
            if row < usize::from(inner.height) && col < usize::from(inner.width) {
                let cells = cells.min(usize::from(inner.width) - col);
                hits.add(
                    Rect::new(inner.x + col as u16, inner.y + row as u16, cells as u16, 1),
                    action,
                );
            }
        }
        if buttons_h > 0 {
            let row = Rect::new(inner.x, inner.bottom(), inner.width, 1);
            draw_buttons(frame, &self.buttons, row, theme, &mut hits);
        }
        let shown: Vec<Line> = self
            .lines
            .into_iter()
            .take(inner.height as usize)
            .map(safe_line)
            .collect();
        frame.render_widget(Paragraph::new(shown), inner);
        let w = usize::from(area.width).saturating_sub(2);
        if let Some(p) = self.problem.as_deref() {
            let row = Rect::new(
                area.x + 1,
                area.y + area.height.saturating_sub(1 + footer_h),
                area.width.saturating_sub(2),
                1,
            );
            frame.render_widget(Paragraph::new(Line::styled(fit(p, w), theme.problem())), row);
        }
        for (i, text) in footer_lines.iter().enumerate() {
            let y = area.y + area.height.saturating_sub(footer_h) + i as u16;
            let row = Rect::new(area.x, y, area.width, 1);
            frame.render_widget(
                Paragraph::new(Line::styled(
                    pad(&format!(" {text}"), usize::from(area.width)),
                    theme.bar(),
                )),
                row,
            );
        }
        if let Some((col, line)) = self.cursor
            && line < inner.height as usize
        {
            let x = (inner.x as usize + col).min(usize::from(area.right().saturating_sub(1))) as u16;
            frame.set_cursor_position(Position::new(x, inner.y + line as u16));
        }
        hits
    }
}

/// Draws buttons on one row: the first at the left edge, the last at the right edge, those between
/// in the middle; a middle button that does not fit is left out (the way on never is).
fn draw_buttons(frame: &mut Frame, buttons: &[(String, Action)], row: Rect, theme: Theme, hits: &mut HitMap) {
    let room = usize::from(row.width);
    let texts: Vec<(String, Action)> = buttons.iter().map(|(l, a)| (button_text(l), *a)).collect();
    let Some(((last, last_action), rest)) = texts.split_last() else {
        return;
    };
    let mut placed: Vec<(usize, &str, Action)> = Vec::new();
    let last_w = width(last).min(room);
    let last_x = room - last_w;
    placed.push((last_x, last.as_str(), *last_action));
    let mut left_edge = 0;
    if let Some(((first, first_action), middle)) = rest.split_first() {
        if width(first) < last_x {
            placed.push((0, first.as_str(), *first_action));
            left_edge = width(first) + 1;
        }
        let middle_w: usize = middle.iter().map(|(t, _)| width(t) + 1).sum();
        if !middle.is_empty() && left_edge + middle_w <= last_x {
            let mut x = left_edge + (last_x - left_edge - middle_w) / 2;
            for (t, a) in middle {
                placed.push((x, t.as_str(), *a));
                x += width(t) + 1;
            }
        }
    }
    for (x, text, action) in placed {
        let text = fit(text, room - x);
        let cells = width(&text) as u16;
        let area = Rect::new(row.x + x as u16, row.y, cells, 1);
        frame.render_widget(Paragraph::new(Line::styled(text, theme.bar())), area);
        hits.add(area, action);
    }
}
