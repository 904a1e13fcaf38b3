//! Setting the terminal up and, on every way out (return, error, panic), putting it back:
//! raw mode off, the main screen back, bracketed paste and mouse capture off, the cursor shown.
//!
//! Mouse capture is not switched on here: the run loop turns it on and off with the screen
//! ([`set_mouse`]), so that it is on only where a respondent clicks and the facilitator's screens
//! leave the mouse to the terminal (selecting and copying text). There the wheel still scrolls:
//! alternate-scroll mode asks the terminal to send it as Up and Down keys.

use std::fmt;
use std::io::{self, Stdout};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal; safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        AlternateScroll(false),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Enters raw mode and the alternate screen with bracketed paste, and installs a panic hook that
/// restores the terminal before the panic message is printed.
pub fn init() -> io::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(
        stdout,
        EnterAlternateScreen,
        EnableBracketedPaste,
        AlternateScroll(true)
    ) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())
}

/// xterm's alternate-scroll mode (DECSET 1007): while the mouse is not captured, the terminal sends
/// the wheel over a full-screen program as Up and Down keys, which scroll the results screen.
/// Terminals without it ignore the sequence; the Windows console API has no such mode.
struct AlternateScroll(bool);

impl crossterm::Command for AlternateScroll {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str(if self.0 { "\x1b[?1007h" } else { "\x1b[?1007l" })
    }

    #[cfg(windows)]
    fn execute_winapi(&self) -> io::Result<()> {
        Ok(())
    }
}

/// Turns mouse capture on or off: on, the terminal sends clicks, taps and the wheel to koe (and
/// selecting text needs Shift held); off, the mouse is the terminal's again.
pub fn set_mouse(on: bool) -> io::Result<()> {
    if on {
        execute!(io::stdout(), EnableMouseCapture)
    } else {
        execute!(io::stdout(), DisableMouseCapture)
    }
}

/// Restores the terminal when dropped, so that `?` and early returns cannot leave it raw.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
