//! Text from files and answers, made safe to print on a terminal.
//!
//! A survey title, a session label, an answer or a field name may hold escape sequences (which
//! can retitle the window, move the cursor or worse) or bidi overrides (which make a line read
//! differently from what it holds). Every line the command line prints goes through [`visible`],
//! which shows such characters as escapes (`\u{1b}`, `\n`) instead of sending them raw.

use std::borrow::Cow;

/// Whether `c` must not reach a terminal raw: control characters (C0, DEL, C1), the characters
/// that change the direction of text (bidi embeddings, overrides, isolates, marks), and the
/// invisible ones (zero-width spaces and joiners, the BOM, word joiners, soft hyphens, line and
/// paragraph separators, Hangul fillers, tag characters): a label holding one looks like another
/// label on screen yet is a different session, so the command line shows where it is.
pub fn is_hidden_effect(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// `text` with control and bidi-override characters shown as escapes; unchanged (and not copied)
/// when it has none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden_effect) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden_effect(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_are_shown_not_sent() {
        assert_eq!(visible("\u{1b}]0;pwned\u{7}title"), "\\u{1b}]0;pwned\\u{7}title");
        assert_eq!(visible("abc\u{202E}def\u{2066}"), "abc\\u{202e}def\\u{2066}");
        assert_eq!(visible("a\nb\tc\rd\u{9b}"), "a\\nb\\tc\\rd\\u{9b}");
    }

    #[test]
    fn zero_width_and_other_invisible_characters_are_shown() {
        assert_eq!(
            visible("a\u{200B}b\u{200D}c\u{FEFF}d\u{2060}e\u{00AD}f"),
            "a\\u{200b}b\\u{200d}c\\u{feff}d\\u{2060}e\\u{ad}f"
        );
        assert_eq!(visible("x\u{2028}y\u{E0041}"), "x\\u{2028}y\\u{e0041}");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "満足度調査 〜 2026年度 (ｶﾞ)";
        assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
    }
}
