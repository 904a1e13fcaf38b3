//! The question screen's answer area, drawn by the question's kind (see [`crate::tui::kinds`])
//! on the body lent to it here, and the answers as the review screen describes them.

use ratatui::style::Style;
use ratatui::text::Line;

use super::{Body, Theme};
use crate::survey::{Question, Survey};
use crate::tui::keymap::Action;
use crate::tui::kinds::{Canvas, Editor, Look};

pub use crate::tui::kinds::describe_answer;

/// The body of a question screen as a kind draws on it, with the theme's styles.
struct Page<'a> {
    body: &'a mut Body,
    theme: Theme,
}

impl Canvas for Page<'_> {
    fn width(&self) -> usize {
        self.body.width()
    }

    fn text_width(&self) -> usize {
        super::text_width(self.body.area.width)
    }

    fn remaining(&self) -> usize {
        self.body.remaining()
    }

    fn compact(&self) -> bool {
        self.body.compact()
    }

    fn line(&mut self, line: Line<'static>) -> usize {
        self.body.line(line)
    }

    fn text(&mut self, text: &str, style: Style) {
        self.body.text(text, style);
    }

    fn blank(&mut self) {
        self.body.blank();
    }

    fn hit(&mut self, row: usize, col: usize, cells: usize, action: Action) {
        self.body.hit(row, col, cells, action);
    }

    fn hit_line(&mut self, row: usize, action: Action) {
        self.body.hit_line(row, action);
    }

    fn caret(&mut self, col: usize, row: usize) {
        self.body.cursor = Some((col, row));
    }

    fn look(&self, look: Look) -> Style {
        match look {
            Look::Selected => self.theme.selected(),
            Look::Accent => self.theme.accent(),
            Look::Dim => self.theme.dim(),
        }
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
    editor.draw(survey, q, &mut Page { body, theme }, lang);
}
