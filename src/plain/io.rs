//! Line mode's input and output: lines read on their own thread (so that the idle timeout can
//! end a wait), the console made ready (UTF-8 on Windows), and the keys that would stop a
//! locked session (Ctrl-C, Ctrl-Z, Ctrl-\) made to do nothing.

use std::io::BufRead;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// What waiting for a line brought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A line, without its line ending, cleaned as typed text is (NFC, no control characters).
    Line(String),
    /// Nothing came within the idle timeout.
    Idle,
    /// The input ended (EOF, or it could not be read).
    End,
}

/// Where line mode's lines come from: a source a test scripts, or [`Reader`] over stdin.
pub trait Lines {
    /// The next line; [`Input::Idle`] when none comes within `idle`.
    fn next_line(&mut self, idle: Duration) -> Input;

    /// The next line, typed without being shown (a PIN): on a console the typing is not
    /// echoed, so the next respondent cannot read the PIN back in the window's scrollback.
    fn next_secret(&mut self, idle: Duration) -> Input {
        self.next_line(idle)
    }
}

/// Lines of any reader, read on a thread of their own so that a wait can time out.
pub struct Reader {
    lines: Receiver<Option<String>>,
    ended: bool,
    /// Whether the lines come from this process's console, whose echo a secret turns off.
    console: bool,
}

impl Reader {
    /// Starts reading `input` line by line. Bytes that are not UTF-8 are replaced (`�`), so a
    /// console in another code page shows a refused answer rather than ending the session.
    pub fn new(mut input: impl BufRead + Send + 'static) -> Reader {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match input.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(None);
                        return;
                    }
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf);
                        let line = line.trim_end_matches(['\n', '\r']);
                        if tx.send(Some(line.to_string())).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Reader {
            lines: rx,
            ended: false,
            console: false,
        }
    }

    /// Lines of this process's standard input.
    pub fn stdin() -> Reader {
        Reader {
            console: true,
            ..Reader::new(std::io::BufReader::new(std::io::stdin()))
        }
    }
}

impl Lines for Reader {
    fn next_line(&mut self, idle: Duration) -> Input {
        if self.ended {
            return Input::End;
        }
        match self.lines.recv_timeout(idle) {
            Ok(Some(line)) => Input::Line(clean(&line)),
            Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                self.ended = true;
                Input::End
            }
            Err(RecvTimeoutError::Timeout) => Input::Idle,
        }
    }

    fn next_secret(&mut self, idle: Duration) -> Input {
        let _hidden = self.console.then(HiddenTyping::start);
        self.next_line(idle)
    }
}

/// While alive, what is typed on the console is not echoed (the line ending still is, so the
/// output goes on on a line of its own). Nothing changes when standard input is not a console
/// (a pipe) or the console refuses; no escape sequence is written either way.
struct HiddenTyping {
    #[cfg(unix)]
    saved: Option<libc::termios>,
    #[cfg(windows)]
    saved: Option<u32>,
}

impl HiddenTyping {
    fn start() -> HiddenTyping {
        HiddenTyping {
            #[cfg(unix)]
            saved: unix::echo_off(),
            #[cfg(windows)]
            saved: windows::echo_off(),
        }
    }
}

impl Drop for HiddenTyping {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(saved) = self.saved.take() {
            unix::restore(&saved);
        }
        #[cfg(windows)]
        if let Some(saved) = self.saved.take() {
            windows::restore(saved);
        }
    }
}

#[cfg(unix)]
mod unix {
    /// Turns the terminal's echo off (keeping the echo of the line ending); the settings to
    /// restore, or None when standard input is not a terminal.
    pub fn echo_off() -> Option<libc::termios> {
        let fd = libc::STDIN_FILENO;
        // SAFETY: termios calls on standard input with a struct this function owns.
        unsafe {
            if libc::isatty(fd) != 1 {
                return None;
            }
            let mut settings: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut settings) != 0 {
                return None;
            }
            let saved = settings;
            settings.c_lflag &= !libc::ECHO;
            settings.c_lflag |= libc::ECHONL;
            (libc::tcsetattr(fd, libc::TCSANOW, &settings) == 0).then_some(saved)
        }
    }

    pub fn restore(saved: &libc::termios) {
        // SAFETY: the settings tcgetattr gave for this same descriptor.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved);
        }
    }
}

/// Lines given beforehand (tests, scripts): each taken at once, then the input ends. An
/// [`Input::Idle`] in the list stands for a respondent who walked away.
pub struct Script {
    items: std::collections::VecDeque<Input>,
}

impl Script {
    pub fn new(items: impl IntoIterator<Item = Input>) -> Script {
        Script {
            items: items.into_iter().collect(),
        }
    }

    /// Lines as typed, one per `\n`.
    pub fn lines(text: &str) -> Script {
        Script::new(text.lines().map(|l| Input::Line(clean(l))))
    }
}

impl Lines for Script {
    fn next_line(&mut self, _idle: Duration) -> Input {
        self.items.pop_front().unwrap_or(Input::End)
    }
}

/// A typed line cleaned as the kiosk cleans typed text: NFC, tabs as spaces, no control
/// characters (an arrow key's escape sequence in a cooked console leaves only its letters).
fn clean(line: &str) -> String {
    crate::survey::answer::sanitize(line, false)
}

/// While alive, the keys that would stop or suspend the program (Ctrl-C, Ctrl-Z, Ctrl-\ and,
/// on Windows, Ctrl-Break) do nothing: line mode leaves the terminal in its ordinary line
/// discipline, where those keys send signals instead of key presses.
pub struct Locked {
    #[cfg(unix)]
    ids: Vec<signal_hook::SigId>,
}

impl Locked {
    /// Takes the keys over. A failure (a platform that refuses) is not fatal: the session still
    /// runs, and the facilitator is told on stderr.
    pub fn hold() -> Locked {
        #[cfg(unix)]
        {
            use std::sync::Arc;
            use std::sync::atomic::AtomicBool;
            let pressed = Arc::new(AtomicBool::new(false));
            let mut ids = Vec::new();
            for sig in [
                signal_hook::consts::SIGINT,
                signal_hook::consts::SIGTSTP,
                signal_hook::consts::SIGQUIT,
            ] {
                // A handler that only sets a flag: the signal's default action (end, suspend,
                // core dump) is replaced, and nothing else happens.
                match signal_hook::flag::register(sig, pressed.clone()) {
                    Ok(id) => ids.push(id),
                    Err(e) => eprintln!("koe: signal {sig}: {e}"),
                }
            }
            Locked { ids }
        }
        #[cfg(windows)]
        {
            windows::ignore_ctrl_keys(true);
            Locked {}
        }
        #[cfg(not(any(unix, windows)))]
        Locked {}
    }
}

impl Drop for Locked {
    fn drop(&mut self) {
        #[cfg(unix)]
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        #[cfg(windows)]
        windows::ignore_ctrl_keys(false);
    }
}

/// Makes the console read and write UTF-8 (Windows consoles default to the OEM code page, 932 on
/// Japanese Windows, which would garble every Japanese line); elsewhere the terminal's own
/// encoding is used as it is.
pub fn utf8_console() {
    #[cfg(windows)]
    windows::utf8_console();
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::System::Console::{
        ENABLE_ECHO_INPUT, GetConsoleMode, GetStdHandle, STD_INPUT_HANDLE, SetConsoleCP, SetConsoleCtrlHandler,
        SetConsoleMode, SetConsoleOutputCP,
    };

    /// Turns the console's echo off; the mode to restore, or None when standard input is not a
    /// console (a pipe).
    pub fn echo_off() -> Option<u32> {
        // SAFETY: console calls on this process's own standard input handle.
        unsafe {
            let input = GetStdHandle(STD_INPUT_HANDLE);
            let mut mode = 0;
            if GetConsoleMode(input, &mut mode) == 0 {
                return None;
            }
            (SetConsoleMode(input, mode & !ENABLE_ECHO_INPUT) != 0).then_some(mode)
        }
    }

    /// Puts the echo back, and ends the line the unechoed Enter did not end.
    pub fn restore(mode: u32) {
        // SAFETY: the mode GetConsoleMode gave for this same handle.
        unsafe {
            SetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), mode);
        }
        println!();
    }

    const UTF8: u32 = 65001;
    /// The console's control events (wincon.h): Ctrl-C and Ctrl-Break.
    const CTRL_C_EVENT: u32 = 0;
    const CTRL_BREAK_EVENT: u32 = 1;

    pub fn utf8_console() {
        // SAFETY: plain Win32 calls with constant arguments; a failure (no console: a pipe)
        // leaves the code pages as they were, which is harmless for a pipe.
        unsafe {
            SetConsoleCP(UTF8);
            SetConsoleOutputCP(UTF8);
        }
    }

    /// Ctrl-C and Ctrl-Break handled (and ignored: TRUE); closing the window still ends koe.
    unsafe extern "system" fn swallow(event: u32) -> i32 {
        i32::from(event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT)
    }

    pub fn ignore_ctrl_keys(on: bool) {
        // SAFETY: `swallow` is a valid handler for the whole life of the process.
        unsafe {
            SetConsoleCtrlHandler(Some(swallow), i32::from(on));
        }
    }
}
