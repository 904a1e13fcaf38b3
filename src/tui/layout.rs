//! The sizes both sides of the screen go by: the app (which keys work, how far a list scrolls,
//! how wide a text answer wraps) and the view (how it draws). Kept here, apart from both, so that
//! the app never imports the view and the two cannot disagree about a number.
//!
//! How the results list lies depends on what is drawn (wrapped labels, bars, blocks): the view
//! lays it out while drawing and hands a [`ListLayout`] back with the frame (see
//! [`crate::tui::hits::HitMap`]), which the app reads for the next keys, as it reads clicks.

use super::results::Pick;

/// Smallest size the screens are laid out for; below it, a request to enlarge the window.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 10;

/// Whether the window is below the smallest size the screens are laid out for: nobody can see
/// what a key would do, so only F10 works.
pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// The width a question's text field is laid out in, for a window `width` cells wide: the body's
/// width less the `> ` before the field. The editor (Up and Down between wrapped lines), the view
/// and a click in the field all use this one number.
pub fn text_width(width: u16) -> usize {
    usize::from(width).saturating_sub(4).max(2)
}

/// Lines a page key moves in a window `rows` high (the chrome above and below kept).
pub fn page(rows: u16) -> usize {
    usize::from(rows).saturating_sub(4).max(1)
}

/// How the results list lay in the last frame, for the app to move the choice and the scroll the
/// way the screen shows them: how far the list scrolls, how many lines show at once, and the
/// line of each term and code that can be chosen, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListLayout {
    pub max: usize,
    pub room: usize,
    pub entries: Vec<(usize, (usize, Pick))>,
}

/// The scrolled lists of the last frame: the results list, or the answers holding a term.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lists {
    /// The results list, when the frame showed it with its results.
    pub results: Option<ListLayout>,
    /// How far the answers listed for a term or code scroll, when the frame showed them.
    pub answers_max: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smallest_size_is_30_by_10() {
        assert!(too_small(29, 10));
        assert!(too_small(30, 9));
        assert!(!too_small(30, 10));
    }

    #[test]
    fn a_text_field_is_never_narrower_than_two_cells() {
        assert_eq!(text_width(80), 76);
        assert_eq!(text_width(3), 2);
    }
}
