//! Measuring and cutting text in terminal cells (never chars or bytes), for the views.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Text as it is safe to send to a terminal. A half-width katakana with a half-width voiced mark
/// (ｶﾞ) is one grapheme two cells wide, but terminals disagree on how wide they draw it (tmux
/// joins the mark, leaving a gap and stale cells); its full-width form (ガ) is the same two cells
/// everywhere. Stored answers keep what was typed; only the drawing changes.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    if !s.contains(['\u{FF9E}', '\u{FF9F}']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        let halfwidth_voiced = g.chars().count() == 2 && g.ends_with(['\u{FF9E}', '\u{FF9F}']);
        let full: String = if halfwidth_voiced {
            g.nfkc().collect()
        } else {
            String::new()
        };
        if halfwidth_voiced && width(&full) == width(g) {
            out.push_str(&full);
        } else {
            out.push_str(g);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Display width in cells.
pub fn width(s: &str) -> usize {
    s.width()
}

/// Wraps text to `max` cells: at spaces where the text has them (English), anywhere between
/// graphemes otherwise (Japanese has no spaces). Line breaks in the text are kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for g in para.graphemes(true) {
            let gw = width(g);
            if w + gw > max && !line.is_empty() {
                // Prefer breaking at the last space of the line, if it is not too far back.
                match line.rfind(' ') {
                    Some(sp) if sp > 0 && width(&line[sp..]) < max / 2 => {
                        let rest = line[sp + 1..].to_string();
                        line.truncate(sp);
                        out.push(std::mem::take(&mut line));
                        w = width(&rest);
                        line = rest;
                    }
                    _ => {
                        out.push(std::mem::take(&mut line));
                        w = 0;
                    }
                }
                if g == " " {
                    continue;
                }
            }
            line.push_str(g);
            w += gw;
        }
        out.push(line);
    }
    out
}

/// Which of `len` rows to show in `room` rows so that row `cursor` is visible: `start..end`.
pub fn window(len: usize, cursor: usize, room: usize) -> (usize, usize) {
    let room = room.max(1);
    let start = cursor.min(len.saturating_sub(1)).saturating_sub(room - 1);
    (start, (start + room).min(len))
}

/// Cuts text to at most `max` cells, ending with "..." when it was cut (ASCII, never the
/// ambiguous-width ellipsis).
pub fn fit(text: &str, max: usize) -> String {
    let text = text.replace('\n', " ");
    if width(&text) <= max {
        return text;
    }
    let room = max.saturating_sub(3);
    let mut out = String::new();
    let mut w = 0;
    for g in text.graphemes(true) {
        let gw = width(g);
        if w + gw > room {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    if max >= 3 {
        out.push_str("...");
    }
    out
}

/// Pads text with spaces to exactly `cells` (cutting it first if needed).
pub fn pad(text: &str, cells: usize) -> String {
    let mut s = fit(text, cells);
    let w = width(&s);
    s.push_str(&" ".repeat(cells.saturating_sub(w)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_wraps_by_cells_and_english_at_spaces() {
        assert_eq!(wrap("あいうえおかき", 6), vec!["あいう", "えおか", "き"]);
        assert_eq!(wrap("was the meeting useful", 12), vec!["was the", "meeting", "useful"]);
        assert_eq!(wrap("ｶﾞｶﾞｶﾞ", 4), vec!["ｶﾞｶﾞ", "ｶﾞ"]);
    }

    #[test]
    fn halfwidth_voiced_kana_are_drawn_full_width_in_the_same_cells() {
        assert_eq!(terminal_safe("ｶﾞｷﾞｸﾞ ﾊﾟ"), "ガギグ パ");
        assert_eq!(width("ｶﾞｷﾞｸﾞ ﾊﾟ"), width(&terminal_safe("ｶﾞｷﾞｸﾞ ﾊﾟ")));
        assert_eq!(terminal_safe("ｶﾀｶﾅ"), "ｶﾀｶﾅ", "plain half-width kana stay");
    }

    #[test]
    fn fit_counts_cells() {
        assert_eq!(fit("協議の場アンケート", 10), "協議の...");
        assert_eq!(width(&fit("協議の場アンケート", 10)), 9);
        assert_eq!(pad("行政", 6), "行政  ");
    }
}
