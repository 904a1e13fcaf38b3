//! Where the last frame drew something a click or a tap can press, and the [`Action`] it asks
//! for: a choice, a scale point, a matrix cell, a review line, a button.
//!
//! The view writes this map while it draws (the same rows and columns it paints, so it is right at
//! every size and after a resize), and the app reads it when a click comes: a click is one more way
//! to ask for an action, exactly as a key does through the keymap. A click where nothing was drawn
//! to press finds no action and does nothing; screens that register nothing (the header, the
//! facilitator's screens) cannot be reached by a click at all.
//!
//! The frame also says how its scrolled lists lay ([`Lists`]): the app moves a choice or a
//! scroll by what was drawn, without laying the list out again itself.

use ratatui::layout::{Position, Rect};

use super::keymap::Action;
use super::layout::Lists;

/// The pressable areas of one frame, in terminal cells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HitMap {
    areas: Vec<(Rect, Action)>,
    lists: Lists,
}

impl HitMap {
    /// Adds an area (empty areas are dropped).
    pub fn add(&mut self, area: Rect, action: Action) {
        if !area.is_empty() {
            self.areas.push((area, action));
        }
    }

    /// The action of the area under a cell, if any. Areas do not overlap; should two ever do, the
    /// one drawn last (on top) wins. A text field's line is one area registered with the caret at
    /// its start; the column clicked within it is added here.
    pub fn at(&self, column: u16, row: u16) -> Option<Action> {
        let p = Position::new(column, row);
        let (area, action) = self.areas.iter().rev().find(|(r, _)| r.contains(p))?;
        Some(match *action {
            Action::Caret { line, col } => Action::Caret {
                line,
                col: col + usize::from(column - area.x),
            },
            a => a,
        })
    }

    /// Every area with its action, in drawing order (for tests and the README's pictures).
    pub fn areas(&self) -> &[(Rect, Action)] {
        &self.areas
    }

    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    /// How the frame's scrolled lists lay (set by the view as it draws them).
    pub fn set_lists(&mut self, lists: Lists) {
        self.lists = lists;
    }

    pub fn lists(&self) -> &Lists {
        &self.lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_finds_the_area_it_is_in_and_nothing_outside() {
        let mut m = HitMap::default();
        m.add(Rect::new(2, 3, 4, 1), Action::Select(0));
        m.add(Rect::new(6, 3, 4, 1), Action::Select(1));
        m.add(Rect::new(0, 9, 0, 1), Action::Confirm);
        assert_eq!(m.at(2, 3), Some(Action::Select(0)));
        assert_eq!(m.at(5, 3), Some(Action::Select(0)));
        assert_eq!(m.at(6, 3), Some(Action::Select(1)));
        assert_eq!(m.at(10, 3), None);
        assert_eq!(m.at(3, 4), None);
        assert_eq!(m.at(0, 9), None, "an empty area is never hit");
        assert_eq!(m.areas().len(), 2);
    }

    #[test]
    fn a_click_in_a_text_line_carries_its_column() {
        let mut m = HitMap::default();
        m.add(Rect::new(3, 5, 20, 1), Action::Caret { line: 2, col: 0 });
        assert_eq!(m.at(3, 5), Some(Action::Caret { line: 2, col: 0 }));
        assert_eq!(m.at(10, 5), Some(Action::Caret { line: 2, col: 7 }));
    }
}
