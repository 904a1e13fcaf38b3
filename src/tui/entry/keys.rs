//! The keys of the paper-entry form as data: what each key does on each screen, with the words
//! the footer shows. Dispatch and footer both read [`BINDINGS`], so they cannot disagree.
//! Characters not listed here are typed into the current field.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Confirm the field (or the sheet number) and go on.
    Next,
    /// Back to the previous field.
    Prev,
    /// A line break in a multi-line text.
    NewLine,
    /// The sheet entered before this one (to correct it).
    PrevSheet,
    /// The sheet entered after this one, or a new number after the last.
    NextSheet,
    /// Leave this screen (the sheet stays as typed).
    Back,
    /// Quit `koe entry`.
    Quit,
    /// Resolving a difference: the first entry's value, the second's, or type a third.
    First,
    Second,
    Third,
    Up,
    Down,
}

/// The screens of the entry form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Number,
    Sheet,
    Resolve,
}

/// Which pass a binding belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    Both,
    /// The first entry only (moving between sheets would show the first entry to a verifier).
    First,
}

pub struct Binding {
    /// The key as the footer names it.
    pub key: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
    pub action: Action,
    pub places: &'static [Place],
    pub pass: Pass,
    /// Shown in the footer (some keys are alternatives of a shown one).
    pub shown: bool,
    matches: fn(&KeyEvent) -> bool,
}

fn plain(k: &KeyEvent) -> bool {
    !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

const ALL: &[Place] = &[Place::Number, Place::Sheet, Place::Resolve];

/// Every key of the entry form. The first binding that matches a key wins.
pub const BINDINGS: &[Binding] = &[
    Binding {
        key: "Ctrl-C",
        ja: "終了",
        en: "quit",
        action: Action::Quit,
        places: ALL,
        pass: Pass::Both,
        shown: false,
        matches: |k| k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c'),
    },
    Binding {
        key: "Ctrl-J",
        ja: "改行",
        en: "line break",
        action: Action::NewLine,
        places: &[Place::Sheet],
        pass: Pass::Both,
        shown: true,
        matches: |k| {
            (k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('j'))
                || (k.modifiers.contains(KeyModifiers::ALT) && k.code == KeyCode::Enter)
        },
    },
    Binding {
        key: "Enter",
        ja: "次へ（空なら無回答）",
        en: "next (empty: no answer)",
        action: Action::Next,
        places: &[Place::Sheet],
        pass: Pass::Both,
        shown: true,
        matches: |k| plain(k) && k.code == KeyCode::Enter,
    },
    Binding {
        key: "Enter",
        ja: "開始",
        en: "start",
        action: Action::Next,
        places: &[Place::Number],
        pass: Pass::Both,
        shown: true,
        matches: |k| plain(k) && k.code == KeyCode::Enter,
    },
    Binding {
        key: "Enter",
        ja: "確定",
        en: "done",
        action: Action::Next,
        places: &[Place::Resolve],
        pass: Pass::Both,
        shown: true,
        matches: |k| plain(k) && k.code == KeyCode::Enter,
    },
    Binding {
        key: "Tab",
        ja: "次へ",
        en: "next",
        action: Action::Next,
        places: &[Place::Sheet],
        pass: Pass::Both,
        shown: false,
        matches: |k| k.code == KeyCode::Tab || k.code == KeyCode::Down,
    },
    Binding {
        key: "Up",
        ja: "前の欄",
        en: "previous field",
        action: Action::Prev,
        places: &[Place::Sheet],
        pass: Pass::Both,
        shown: true,
        matches: |k| k.code == KeyCode::Up || k.code == KeyCode::BackTab,
    },
    Binding {
        key: "1",
        ja: "1回目",
        en: "first entry",
        action: Action::First,
        places: &[Place::Resolve],
        pass: Pass::Both,
        shown: true,
        matches: |k| plain(k) && matches!(k.code, KeyCode::Char('1' | '１')),
    },
    Binding {
        key: "2",
        ja: "2回目",
        en: "second entry",
        action: Action::Second,
        places: &[Place::Resolve],
        pass: Pass::Both,
        shown: true,
        matches: |k| plain(k) && matches!(k.code, KeyCode::Char('2' | '２')),
    },
    Binding {
        key: "3",
        ja: "別の値を入力",
        en: "type another",
        action: Action::Third,
        places: &[Place::Resolve],
        pass: Pass::Both,
        shown: true,
        matches: |k| plain(k) && matches!(k.code, KeyCode::Char('3' | '３')),
    },
    Binding {
        key: "Up/Down",
        ja: "移動",
        en: "move",
        action: Action::Up,
        places: &[Place::Resolve],
        pass: Pass::Both,
        shown: true,
        matches: |k| k.code == KeyCode::Up,
    },
    Binding {
        key: "Down",
        ja: "移動",
        en: "move",
        action: Action::Down,
        places: &[Place::Resolve],
        pass: Pass::Both,
        shown: false,
        matches: |k| k.code == KeyCode::Down,
    },
    Binding {
        key: "PgUp/PgDn",
        ja: "入力済みの用紙",
        en: "sheets entered",
        action: Action::PrevSheet,
        places: &[Place::Number, Place::Sheet],
        pass: Pass::First,
        shown: true,
        matches: |k| k.code == KeyCode::PageUp,
    },
    Binding {
        key: "PgDn",
        ja: "次の用紙",
        en: "next sheet",
        action: Action::NextSheet,
        places: &[Place::Sheet],
        pass: Pass::First,
        shown: false,
        matches: |k| k.code == KeyCode::PageDown,
    },
    Binding {
        key: "Esc",
        ja: "終了",
        en: "quit",
        action: Action::Quit,
        places: &[Place::Number],
        pass: Pass::Both,
        shown: true,
        matches: |k| k.code == KeyCode::Esc,
    },
    Binding {
        key: "Esc",
        ja: "用紙番号へ",
        en: "to sheet number",
        action: Action::Back,
        places: &[Place::Sheet, Place::Resolve],
        pass: Pass::Both,
        shown: true,
        matches: |k| k.code == KeyCode::Esc,
    },
];

fn applies(b: &Binding, place: Place, verify: bool) -> bool {
    b.places.contains(&place) && (b.pass == Pass::Both || !verify)
}

/// The action of a key on a screen, if the key has one there.
pub fn action(place: Place, verify: bool, key: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| applies(b, place, verify) && (b.matches)(key))
        .map(|b| b.action)
}

/// The footer of a screen: `key: what it does` for each shown binding.
pub fn footer(place: Place, verify: bool, lang: &str) -> String {
    BINDINGS
        .iter()
        .filter(|b| b.shown && applies(b, place, verify))
        .map(|b| format!("{}: {}", b.key, if lang == "ja" { b.ja } else { b.en }))
        .collect::<Vec<_>>()
        .join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shown_key_is_dispatched_as_its_footer_says() {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action(Place::Sheet, false, &enter), Some(Action::Next));
        let ctrl_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
        assert_eq!(action(Place::Sheet, false, &ctrl_j), Some(Action::NewLine));
        assert!(footer(Place::Sheet, false, "ja").contains("Ctrl-J: 改行"));
        let pgup = KeyEvent::new(KeyCode::PageUp, KeyModifiers::NONE);
        assert_eq!(
            action(Place::Sheet, true, &pgup),
            None,
            "a verifier never sees the first entry"
        );
        assert!(!footer(Place::Sheet, true, "ja").contains("PgUp"));
        let digit = KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE);
        assert_eq!(
            action(Place::Sheet, false, &digit),
            None,
            "digits are typed into the field"
        );
    }
}
