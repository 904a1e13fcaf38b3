//! Scripted input and screen text, for tests and benchmarks (the gitu pattern): keys written as a
//! string, `"12<enter>日本語<tab>"`, fed to the real app, and the screen read back as text.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

/// Parses a key script. Plain characters are typed one by one; named keys go in angle brackets:
/// `<enter> <tab> <s-tab> <esc> <up> <down> <left> <right> <bs> <del> <home> <end> <pgup> <pgdn>
/// <f1> <f2> <f10> <c-c> <c-z> <c-\> <c-j>`; `<lt>` types a `<`.
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
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    let ctrl = |c| Some(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    match name {
        "enter" => plain(KeyCode::Enter),
        "tab" => plain(KeyCode::Tab),
        "s-tab" => Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        "esc" => plain(KeyCode::Esc),
        "up" => plain(KeyCode::Up),
        "down" => plain(KeyCode::Down),
        "left" => plain(KeyCode::Left),
        "right" => plain(KeyCode::Right),
        "bs" => plain(KeyCode::Backspace),
        "del" => plain(KeyCode::Delete),
        "home" => plain(KeyCode::Home),
        "end" => plain(KeyCode::End),
        "pgup" => plain(KeyCode::PageUp),
        "pgdn" => plain(KeyCode::PageDown),
        "space" => plain(KeyCode::Char(' ')),
        "lt" => plain(KeyCode::Char('<')),
        "f1" => plain(KeyCode::F(1)),
        "f2" => plain(KeyCode::F(2)),
        "f10" => plain(KeyCode::F(10)),
        "c-c" => ctrl('c'),
        "c-z" => ctrl('z'),
        "c-\\" => ctrl('\\'),
        "c-j" => ctrl('j'),
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
