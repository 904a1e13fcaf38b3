//! The kiosk and the facilitator's screens.
//!
//! [`app`] is the state machine (keys in, effects out: answers saved by `app/effects.rs`),
//! [`view`] draws it, [`layout`] holds the sizes both go by, [`editor`] and [`text_field`] hold
//! the answer being edited, [`terminal`] sets up and restores the terminal, [`keymap`] turns keys
//! and [`hits`] clicks into actions; [`results_worker`] and [`export_worker`] do the long work on
//! their own threads. [`run_loop`] ties them to crossterm's events.

pub mod app;
pub mod editor;
pub mod entry;
pub mod export_worker;
pub mod hits;
pub mod keymap;
pub mod kinds;
pub mod layout;
pub mod results;
pub mod results_worker;
pub mod script;
pub mod terminal;
pub mod text_field;
pub mod view;
pub mod wrap;

use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};

use app::{App, Msg};

/// How often time is checked when no key comes (idle timeout, thank-you screen).
const TICK: Duration = Duration::from_millis(250);
/// How often, while another thread works for the screen, its progress is drawn.
const BUSY_TICK: Duration = Duration::from_millis(50);

/// Turns a terminal event into a message; key releases (sent by some terminals) are dropped, and of
/// the mouse only a press of the left button (a click, a tap) and the wheel are kept: a release,
/// a drag, a motion or a long press adds nothing.
pub fn message(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
        Event::Mouse(m)
            if matches!(
                m.kind,
                MouseEventKind::Down(MouseButton::Left) | MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
            ) =>
        {
            Some(Msg::Mouse(m))
        }
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// Runs the app in the real terminal until it quits.
pub fn run_loop(mut app: App) -> std::io::Result<()> {
    let mut term = terminal::init()?;
    let _guard = terminal::Guard;
    let theme = view::Theme::from_env();
    let size = term.size()?;
    app.update(Msg::Resize(size.width, size.height), Instant::now());
    let mut mouse = false;
    while !app.quit {
        let mut hits = hits::HitMap::default();
        term.draw(|f| hits = view::render(f, &app, theme))?;
        app.set_hits(hits);
        // Capture follows the screen: on where a respondent clicks, off for the facilitator.
        if app.wants_mouse() != mouse {
            mouse = !mouse;
            terminal::set_mouse(mouse)?;
        }
        // While the results are being tallied on their thread, look for its replies often.
        let wait = if app.background_busy() { BUSY_TICK } else { TICK };
        pump(wait, |msg| {
            app.update(msg, Instant::now());
            app.quit
        })?;
    }
    // An export still running is finished before koe ends (its files appear whole or not at
    // all); meanwhile the screen keeps showing how far it got.
    while app.exporting().is_some() {
        term.draw(|f| {
            view::render(f, &app, theme);
        })?;
        app.wait_background(BUSY_TICK);
    }
    Ok(())
}

/// Waits up to `wait` for terminal events and hands each to `update`, which says whether the app
/// has quit; when none comes, a [`Msg::Tick`] (idle timeouts, drafts, the thank-you screen).
/// Everything already waiting is taken before the caller draws again, so a paste or fast typing
/// costs one frame, not one each. Shared by the kiosk's loop and the paper-entry form's.
pub(crate) fn pump(wait: Duration, mut update: impl FnMut(Msg) -> bool) -> std::io::Result<()> {
    if !event::poll(wait)? {
        update(Msg::Tick);
        return Ok(());
    }
    loop {
        let quit = match message(event::read()?) {
            Some(msg) => update(msg),
            None => false,
        };
        if quit || !event::poll(Duration::ZERO)? {
            return Ok(());
        }
    }
}
