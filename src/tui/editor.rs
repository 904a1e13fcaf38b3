//! What every question kind's editor speaks: what a key did ([`Outcome`]), what the respondent
//! must fix ([`Problem`]), and the digits typed toward a number above 9 ([`Typed`]). The editors
//! themselves, one per kind, are in [`super::kinds`].

use crate::survey::answer::AnswerFault;

/// What the respondent must fix before going on, or why the screen did not move on; shown in
/// their language.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The answer breaks one of the survey's rules.
    Fault(AnswerFault),
    /// The answer is kept here but could not be saved yet (the facilitator is told why).
    NotSaved,
    /// The database is busy (another koe is importing): the answer is kept and saved as soon
    /// as it can be.
    Saving,
    /// Enter on a matrix row that has no answer yet: how to answer it.
    RowHowTo,
    /// Tab on a matrix with rows unanswered: told once, the second Tab goes on.
    RowsLeft(usize),
}

impl Problem {
    pub fn message(&self, lang: &str) -> String {
        match self {
            Problem::Fault(f) => f.message(lang),
            Problem::NotSaved if lang == "ja" => {
                "保存できませんでした。係の人に声をかけてください。回答は残っています。".into()
            }
            Problem::NotSaved => "Not saved yet. Please tell the facilitator; your answer is kept.".into(),
            Problem::Saving if lang == "ja" => "保存中です。そのままお待ちください。".into(),
            Problem::Saving => "Saving... please wait.".into(),
            Problem::RowHowTo if lang == "ja" => "この行は未回答です。数字か左右キーで選んでください。".into(),
            Problem::RowHowTo => "This row has no answer yet: type a number or use Left/Right.".into(),
            Problem::RowsLeft(n) if lang == "ja" => {
                format!("未回答の行が {n} つあります。このまま進むにはもう一度 Tab を押してください。")
            }
            Problem::RowsLeft(n) => format!("{n} row(s) have no answer. Press Tab again to go on anyway."),
        }
    }
}

impl From<AnswerFault> for Problem {
    fn from(f: AnswerFault) -> Self {
        Problem::Fault(f)
    }
}

/// What a key did.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The key changed (or did not need to change) the editor.
    Handled,
    /// The key asks to confirm the answer and go on.
    Confirm,
    /// The key was refused, with a reason for the respondent.
    Refused(Problem),
    /// The editor has no use for this key.
    Ignored,
}

/// Digits typed to reach a number above 9 (a point of a 0–10 scale, choice 12): what has been
/// typed so far, shown on screen so the respondent sees `1` become `10`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed(String);

impl Typed {
    /// Adds a digit and returns the number now typed: the digits so far followed by `d` when that
    /// is still `valid`, else `d` alone (starting over), else nothing.
    pub(crate) fn push(&mut self, d: u8, valid: impl Fn(i64) -> bool) -> Option<i64> {
        let so_far: Option<i64> = self.0.parse().ok().filter(|n| *n != 0);
        if let Some(n) = so_far.map(|n| n * 10 + i64::from(d))
            && valid(n)
        {
            self.0.push(char::from(b'0' + d));
            return Some(n);
        }
        self.0.clear();
        if valid(i64::from(d)) {
            self.0.push(char::from(b'0' + d));
            Some(i64::from(d))
        } else {
            None
        }
    }

    /// Whether the number typed cannot grow into another valid one (no digit can follow).
    pub(crate) fn complete(&self, max: i64) -> bool {
        self.0.parse::<i64>().is_ok_and(|n| n == 0 || n * 10 > max)
    }

    /// The digits typed, for the screen.
    pub fn text(&self) -> &str {
        &self.0
    }

    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    pub(crate) fn backspace(&mut self) -> bool {
        self.0.pop().is_some()
    }
}
