//! A text field that edits by grapheme and measures in terminal cells.
//!
//! Written here rather than borrowed because the kiosk needs three things together that the
//! widget crates do not give at once: the caret's screen position after wrapping (the IME's
//! composition window follows the real terminal cursor), wide and combined characters (漢字, ｶﾞ,
//! emoji) moved over as one, and input normalised (NFC, `\r` → `\n`, no control characters).

use crossterm::event::{KeyCode, KeyEvent};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The text and the caret (a byte offset, always on a grapheme boundary).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    caret: usize,
    multiline: bool,
}

/// The text laid out for a width: visual lines, and where the caret is among them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub lines: Vec<String>,
    /// (line, cell column) of the caret.
    pub caret: (usize, usize),
}

pub use crate::survey::answer::sanitize;

/// Display width of a grapheme in terminal cells.
pub fn grapheme_width(g: &str) -> usize {
    g.width()
}

impl TextField {
    pub fn new(text: &str, multiline: bool) -> Self {
        let text = sanitize(text, multiline);
        TextField {
            caret: text.len(),
            text,
            multiline,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// Characters (Unicode scalar values) in the text (a PIN's digits; `max_length` counts
    /// graphemes, see `survey::answer::text_length`).
    pub fn char_count(&self) -> usize {
        self.text.chars().count()
    }

    /// Inserts typed or pasted text at the caret, cleaned by [`sanitize`]. The text is kept NFC
    /// as a whole, so a combining mark typed after its base joins it.
    pub fn insert(&mut self, input: &str) {
        let clean = sanitize(input, self.multiline);
        if clean.is_empty() {
            return;
        }
        let (before, after) = self.text.split_at(self.caret);
        let before: String = format!("{before}{clean}").nfc().collect();
        self.caret = before.len();
        self.text = format!("{before}{after}");
    }

    /// Inserts a line break (multi-line fields only).
    pub fn newline(&mut self) {
        if self.multiline {
            self.insert("\n");
        }
    }

    pub fn backspace(&mut self) {
        if let Some((start, _)) = self.text[..self.caret].grapheme_indices(true).next_back() {
            self.text.replace_range(start..self.caret, "");
            self.caret = start;
        }
    }

    pub fn delete(&mut self) {
        if let Some(g) = self.text[self.caret..].graphemes(true).next() {
            let end = self.caret + g.len();
            self.text.replace_range(self.caret..end, "");
        }
    }

    pub fn left(&mut self) {
        if let Some((start, _)) = self.text[..self.caret].grapheme_indices(true).next_back() {
            self.caret = start;
        }
    }

    pub fn right(&mut self) {
        if let Some(g) = self.text[self.caret..].graphemes(true).next() {
            self.caret += g.len();
        }
    }

    /// To the start of the current (logical) line.
    pub fn home(&mut self) {
        self.caret = self.text[..self.caret].rfind('\n').map_or(0, |i| i + 1);
    }

    /// To the end of the current (logical) line.
    pub fn end(&mut self) {
        self.caret += self.text[self.caret..]
            .find('\n')
            .unwrap_or(self.text.len() - self.caret);
    }

    /// The editing keys (Backspace, Delete, Left, Right, Home, End; Up and Down in a multi-line
    /// field laid out at `width`), for screens outside the keymap (the paper-entry form). Returns
    /// whether the key was one of them.
    pub fn edit(&mut self, key: &KeyEvent, width: usize) -> bool {
        use crate::tui::keymap::Action;
        let action = match key.code {
            KeyCode::Backspace => Action::Backspace,
            KeyCode::Delete => Action::Delete,
            KeyCode::Left => Action::Left,
            KeyCode::Right => Action::Right,
            KeyCode::Home => Action::Home,
            KeyCode::End => Action::End,
            KeyCode::Up => Action::Up,
            KeyCode::Down => Action::Down,
            _ => return false,
        };
        self.apply(action, width)
    }

    /// The editing actions (Backspace, Delete, Left, Right, Home, End; Up and Down in a multi-line
    /// field laid out at `width`). Returns whether the action was one of them.
    pub fn apply(&mut self, action: crate::tui::keymap::Action, width: usize) -> bool {
        use crate::tui::keymap::Action;
        match action {
            Action::Backspace => self.backspace(),
            Action::Delete => self.delete(),
            Action::Left => self.left(),
            Action::Right => self.right(),
            Action::Home => self.home(),
            Action::End => self.end(),
            Action::Up if self.multiline => self.vertical(width, false),
            Action::Down if self.multiline => self.vertical(width, true),
            Action::Caret { line, col } => self.place(width, line, col),
            _ => return false,
        }
        true
    }

    /// Puts the caret at a visual (line, cell column) of the text wrapped at `width` (a click): the
    /// last place at or before that column on the line, its end when the click is past it, the
    /// text's end when the line is below the text.
    pub fn place(&mut self, width: usize, line: usize, col: usize) {
        let positions = self.positions(width);
        let best = positions
            .iter()
            .filter(|(l, c, _)| *l == line && *c <= col)
            .max_by_key(|(_, c, _)| *c)
            .or_else(|| {
                positions
                    .iter()
                    .filter(|(l, _, _)| *l < line)
                    .max_by_key(|(_, _, at)| *at)
            });
        if let Some(&(_, _, at)) = best {
            self.caret = at;
        }
    }

    /// Up or down one visual line at the given width, keeping the cell column where possible.
    pub fn vertical(&mut self, width: usize, down: bool) {
        let positions = self.positions(width);
        let Some(&(line, col, _)) = positions.iter().find(|(_, _, at)| *at == self.caret) else {
            return;
        };
        let target = if down { line + 1 } else { line.wrapping_sub(1) };
        let best = positions
            .iter()
            .filter(|(l, c, _)| *l == target && *c <= col)
            .max_by_key(|(_, c, _)| *c)
            .or_else(|| positions.iter().find(|(l, _, _)| *l == target));
        if let Some(&(_, _, at)) = best {
            self.caret = at;
        }
    }

    /// Every caret position with its visual (line, column) at this width.
    fn positions(&self, width: usize) -> Vec<(usize, usize, usize)> {
        let width = width.max(2);
        let mut out = Vec::new();
        let (mut line, mut col) = (0, 0);
        for (at, g) in self.text.grapheme_indices(true) {
            let w = grapheme_width(g);
            if g != "\n" && col + w > width && col > 0 {
                line += 1;
                col = 0;
            }
            out.push((line, col, at));
            if g == "\n" || g == "\r\n" {
                line += 1;
                col = 0;
            } else {
                col += w;
            }
        }
        if col >= width {
            line += 1;
            col = 0;
        }
        out.push((line, col, self.text.len()));
        out
    }

    /// Wraps the text at `width` cells (never splitting a grapheme) and places the caret.
    pub fn layout(&self, width: usize) -> Layout {
        let width = width.max(2);
        let mut lines = vec![String::new()];
        let mut col = 0;
        let mut caret = (0, 0);
        for (at, g) in self.text.grapheme_indices(true) {
            let w = grapheme_width(g);
            if g != "\n" && col + w > width && col > 0 {
                lines.push(String::new());
                col = 0;
            }
            if at == self.caret {
                caret = (lines.len() - 1, col);
            }
            if g == "\n" || g == "\r\n" {
                lines.push(String::new());
                col = 0;
            } else {
                if let Some(l) = lines.last_mut() {
                    l.push_str(g);
                }
                col += w;
            }
        }
        if self.caret == self.text.len() {
            if col >= width {
                lines.push(String::new());
                col = 0;
            }
            caret = (lines.len() - 1, col);
        }
        Layout { lines, caret }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_combined_characters_move_as_one() {
        let mut f = TextField::new("", false);
        f.insert("日本ｶﾞ😀");
        assert_eq!(f.layout(40).caret, (0, 8), "日=2 本=2 ｶﾞ=2 😀=2");
        f.left();
        assert_eq!(f.layout(40).caret, (0, 6));
        f.left();
        assert_eq!(f.layout(40).caret, (0, 4), "ｶﾞ is one step");
        f.backspace();
        assert_eq!(f.text(), "日ｶﾞ😀");
    }

    #[test]
    fn wrapping_never_splits_a_wide_character_and_the_caret_follows() {
        let mut f = TextField::new("", true);
        f.insert("あいうえお");
        let l = f.layout(5);
        assert_eq!(l.lines, vec!["あい", "うえ", "お"]);
        assert_eq!(l.caret, (2, 2));
        f.vertical(5, false);
        assert_eq!(f.layout(5).caret, (1, 2));
    }

    #[test]
    fn paste_is_cleaned_and_normalised() {
        let mut one = TextField::new("", false);
        one.insert("a\r\nb\x07c\td");
        assert_eq!(one.text(), "a bc d");
        let mut many = TextField::new("", true);
        many.insert("一行目\r二行目\r\n三");
        assert_eq!(many.text(), "一行目\n二行目\n三");
        many.insert("\u{304B}\u{3099}"); // か + combining dakuten → が
        assert!(many.text().ends_with('が'));
        let mut f = TextField::new("", false);
        f.insert("か");
        f.insert("\u{3099}");
        assert_eq!(f.text(), "が", "a mark typed after its base joins it");
    }

    #[test]
    fn home_end_delete_and_lines() {
        let mut f = TextField::new("ab\ncd", true);
        f.home();
        f.delete();
        assert_eq!(f.text(), "ab\nd");
        f.end();
        f.newline();
        f.insert("e");
        assert_eq!(f.text(), "ab\nd\ne");
        assert_eq!(f.layout(10).caret, (2, 1));
    }
}
