//! Scripted input and screen text, for tests and benchmarks (the gitu pattern): keys written as a
//! string, `"12<enter>日本語<tab>"`, fed to the real app, and the screen read back as text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use crate::tui::keymap::KEY_NAMES;

/// Parses a key script. Plain characters are typed one by one; named keys go in angle brackets,
/// by the script names of [`KEY_NAMES`] (`<enter> <tab> <s-tab> <pgdn> <space> <f10>` …); Ctrl
/// and a character is `<c-x>`; `<lt>` types a `<`.
pub fn keys(script: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && let Some(key) = named(&rest[1..end])
        {
            out.push(key);
            rest = &rest[end + 1..];
            continue;
        }
        out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn named(name: &str) -> Option<KeyEvent> {
    if name == "s-tab" {
        // BackTab arrives with Shift held.
        return Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    }
    if name == "lt" {
        return Some(KeyEvent::new(KeyCode::Char('<'), KeyModifiers::NONE));
    }
    if let Some(key) = KEY_NAMES.iter().find(|k| k.script == name) {
        return Some(KeyEvent::new(key.code, KeyModifiers::NONE));
    }
    let mut ctrl = name.strip_prefix("c-")?.chars();
    match (ctrl.next(), ctrl.next()) {
        (Some(c), None) => Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        _ => None,
    }
}

/// The text on a buffer, one line per row, trailing spaces removed. A wide character's second
/// cell is not repeated.
pub fn screen_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = symbol.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Script names come from the keymap's one list of key names; Ctrl keys and `<lt>` too, and an
    /// unknown name is typed as it stands.
    #[test]
    fn named_keys_come_from_the_keymaps_list() {
        let keys = keys("<pgdn><space><s-tab><c-j><lt><nope>");
        let codes: Vec<KeyCode> = keys.iter().map(|k| k.code).collect();
        assert_eq!(
            &codes[..4],
            &[
                KeyCode::PageDown,
                KeyCode::Char(' '),
                KeyCode::BackTab,
                KeyCode::Char('j')
            ]
        );
        assert_eq!(keys[3].modifiers, KeyModifiers::CONTROL);
        assert_eq!(codes[4], KeyCode::Char('<'));
        let rest: String = keys[5..]
            .iter()
            .filter_map(|k| match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(rest, "<nope>");
    }
}
