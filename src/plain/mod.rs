//! Line mode for screen readers (`koe run SURVEY --plain`): the same questionnaire, rules and
//! store calls as the kiosk, through plain appended lines (no escape sequence, no cursor
//! movement), which NVDA, PC-Talker and VoiceOver read as they come.
//!
//! [`io`] reads lines (with the idle timeout) and holds the keys of a locked session, [`prompt`]
//! turns a question and an answer into lines, [`typed`] reads a typed line as an answer, and
//! [`session`] is the loop. No ratatui here: the kiosk's rules come from `survey` and
//! `answering`, which the TUI uses too.

pub mod io;
pub mod prompt;
pub mod session;
pub mod typed;

pub use session::{Options, run};

/// Whether line mode is asked for by the environment: `KOE_PLAIN=1`, `ACCESSIBLE=1` (the
/// variable other terminal tools read for the same need) or `TERM=dumb` (a terminal that cannot
/// draw a screen).
pub fn wanted_by_env(var: impl Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| var(name).is_some_and(|v| !v.is_empty() && v != "0");
    set("KOE_PLAIN") || set("ACCESSIBLE") || var("TERM").is_some_and(|t| t == "dumb")
}

/// Line mode on this process's standard input and output.
pub fn run_stdio(
    store: crate::store::Store,
    survey: crate::survey::Survey,
    label: &str,
    options: Options,
) -> Result<(), crate::store::StoreError> {
    io::utf8_console();
    let out = std::io::LineWriter::new(std::io::stdout());
    run(store, survey, label, options, io::Reader::stdin(), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_asks_for_line_mode() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert!(wanted_by_env(env(&[("KOE_PLAIN", "1")])));
        assert!(wanted_by_env(env(&[("ACCESSIBLE", "1")])));
        assert!(wanted_by_env(env(&[("TERM", "dumb")])));
        assert!(!wanted_by_env(env(&[("TERM", "xterm-256color"), ("KOE_PLAIN", "0")])));
    }
}
