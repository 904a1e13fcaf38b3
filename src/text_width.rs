//! How wide a text is in display cells, for column widths in the files koe writes (a workbook's
//! sheets, an XLSForm). Here, apart from both writers, so that neither imports the other.

use unicode_width::UnicodeWidthStr;

/// The widest line of a text in display cells (CJK characters count two), for column widths.
pub fn wrap_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_line_counts_and_cjk_is_two_cells() {
        assert_eq!(wrap_width("ab\n声のこえ"), 8);
        assert_eq!(wrap_width(""), 0);
    }
}
