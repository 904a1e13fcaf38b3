//! Clicks, taps and the wheel: one more way to ask for an [`Action`].
//!
//! A click asks for the action the view registered under it in the last frame ([`HitMap`]); the
//! wheel asks for what the Up and Down keys do on the screen, read from the keymap. Nothing here
//! decides anything about answers: the action goes through [`App::act`] as a key's would.
//!
//! The map is forgotten at every message (`update` takes it), so a click that comes after a key or
//! another click, before the screen was drawn again, is dropped rather than read against a screen
//! nobody saw: a quick double tap on a toggle is one tap.

use crossterm::event::{KeyCode, MouseButton, MouseEventKind};

use super::*;
use crate::tui::hits::HitMap;

impl App {
    /// What the view drew to be clicked in the frame now on screen (the run loop hands it over
    /// after every draw).
    pub fn set_hits(&mut self, hits: HitMap) {
        self.lists = hits.lists().clone();
        self.hits = Some(hits);
    }

    /// Whether the terminal should send clicks now: only on the respondent's screens, and not with
    /// `--no-mouse`. Everywhere else the mouse is the terminal's, so a facilitator can select and
    /// copy text (the results screen) as usual.
    pub fn wants_mouse(&self) -> bool {
        self.options.mouse && respondent_screen(&self.screen)
    }

    pub(super) fn mouse(&mut self, event: MouseEvent, hits: Option<HitMap>) {
        if !self.options.mouse || layout::too_small(self.size.0, self.size.1) {
            return;
        }
        let action = match event.kind {
            MouseEventKind::Down(MouseButton::Left) => hits.and_then(|h| h.at(event.column, event.row)),
            MouseEventKind::ScrollUp => self.wheel(KeyCode::Up),
            MouseEventKind::ScrollDown => self.wheel(KeyCode::Down),
            _ => None,
        };
        if let Some(action) = action {
            self.act(action);
        }
    }

    /// The wheel does what Up or Down does on this screen (moves through a list, scrolls the
    /// review and the results), and nothing where those keys do something else.
    fn wheel(&self, code: KeyCode) -> Option<Action> {
        let (map, ctx) = self.keymap();
        keymap::action(map, &ctx, &KeyEvent::from(code)).filter(|a| matches!(a, Action::Up | Action::Down))
    }
}

/// The screens a respondent sees (a help screen over one of them too).
fn respondent_screen(screen: &Screen) -> bool {
    match screen {
        Screen::Welcome | Screen::Question { .. } | Screen::Review { .. } | Screen::Thanks { .. } => true,
        Screen::Help { back } => respondent_screen(back),
        _ => false,
    }
}
