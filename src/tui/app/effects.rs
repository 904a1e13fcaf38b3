//! What the kiosk asks of the database (and of the disk), and the one place it is done.
//!
//! The app's state machine never touches the store: where an answer is to be saved, a response
//! sent or a session started, it queues an [`Effect`] and shows the screen it has until then.
//! [`App::update`] runs the queued effects here, in order, before it returns — so before the next
//! frame is drawn, and an answer is committed before the screen moves on (SPEC) — and hands each
//! outcome back to the state machine as a [`Done`], which moves the screen on or says what went
//! wrong, as a message would. `grep -n store src/tui/app/` finds the store only in this file.
//!
//! An effect carries what it needs (a copy of the respondent's [`Answering`], a session) and its
//! outcome carries it back changed: the state machine takes the copy back only when it hears of
//! the outcome. A step queues at most one effect that works on the respondent's answers, so no
//! two copies are ever out at once.

use serde_json::Value;

use super::{App, Editor, Screen};
use crate::answering::Answering;
use crate::store::{ResponseRef, SessionRef, Store, StoreError, Unfinished};
use crate::survey::Survey;

/// What the state machine asks of the store.
#[derive(Debug)]
pub(crate) enum Effect {
    /// Stores (or clears) one answer and clears the answers it hides ([`Answering::save`]).
    SaveAnswer {
        answering: Answering,
        index: usize,
        value: Option<Value>,
        then: AfterSave,
    },
    /// Sends the response ([`Answering::submit`]).
    Submit { answering: Answering },
    /// The respondent leaves (walked away, the session ends, koe quits): what they were typing is
    /// saved when it is a valid answer, and what they answered is kept as a partial response.
    Leave {
        answering: Answering,
        draft: Option<(usize, Value)>,
    },
    /// Takes an unfinished response back ([`Answering::resume`]); `rest` are the others listed.
    Resume {
        unfinished: Unfinished,
        rest: Vec<Unfinished>,
    },
    /// Keeps unfinished responses as partial ones.
    MarkPartial { responses: Vec<ResponseRef> },
    /// The home screen's counts (submitted, partial) of each survey.
    Counts { surveys: Vec<String> },
    /// How many responses an interrupted run left unfinished (the home screen mentions them).
    CountUnfinished,
    /// Registers the survey version and finds or makes the session (and reads its PIN).
    StartSession {
        index: usize,
        survey: std::rc::Rc<Survey>,
        label: String,
        locked: bool,
    },
    /// Keeps a new PIN for the session, and reads back its stored form.
    SetPin {
        session: SessionRef,
        pin: String,
        then: AfterPin,
    },
    /// Reads the session's unfinished responses, before its first respondent.
    OpenSession { session: SessionRef, from: OpenFrom },
    /// The survey files of a folder (`koe run` going on to the home screen).
    LoadSurveys { dir: std::path::PathBuf },
    /// A consistent copy of the database into `target` (the menu's backup).
    Backup { target: std::path::PathBuf, lang: String },
}

/// What the screen does once an answer is saved.
#[derive(Debug)]
pub(crate) enum AfterSave {
    /// Confirmed (Enter, Tab, or a retry of either): on to the next question, or stay and say why.
    Confirm {
        index: usize,
        editor: Editor,
        from_review: bool,
    },
    /// Shift-Tab: to the previous question either way; an answer not saved is held as typed.
    Back {
        index: usize,
        editor: Editor,
        from_review: bool,
    },
    /// Typed but not confirmed, saved a moment after the last key: nothing moves.
    Draft,
}

/// What follows a new PIN kept.
#[derive(Debug)]
pub(crate) enum AfterPin {
    /// Given beforehand (`KOE_PIN`) for survey `index` starting: the session opens.
    Given { index: usize },
    /// Typed twice at the prompt: the session opens (`starting`), or the menu returns.
    Confirmed { starting: bool, back: Box<Screen> },
}

/// Why a session's unfinished responses are read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum OpenFrom {
    /// Starting survey `index`: a failure ends the start (the home screen says why).
    Start { index: usize },
    /// After its PIN: a failure is said, and the welcome screen shown.
    Pin,
}

/// What the store answered: the outcome of one [`Effect`], back to the state machine.
#[derive(Debug)]
pub(crate) enum Done {
    Saved {
        answering: Answering,
        result: Result<(), StoreError>,
        then: AfterSave,
    },
    Submitted {
        answering: Answering,
        result: Result<(), StoreError>,
    },
    Left(Result<(), StoreError>),
    Resumed {
        result: Result<Answering, StoreError>,
        rest: Vec<Unfinished>,
    },
    /// Unfinished responses kept as partial (the last failure, if any).
    Marked(Result<(), StoreError>),
    Counts(Vec<(u64, u64)>),
    Unfinished(Result<u64, StoreError>),
    Started {
        index: usize,
        survey: std::rc::Rc<Survey>,
        locked: bool,
        /// The survey version's hash, the session and its stored PIN.
        result: Result<(String, SessionRef, Option<String>), StoreError>,
    },
    PinSet {
        /// The PIN's stored form.
        result: Result<Option<String>, StoreError>,
        then: AfterPin,
    },
    Opened {
        result: Result<Vec<Unfinished>, StoreError>,
        from: OpenFrom,
    },
    /// The surveys found (none when the folder has no valid one).
    SurveysLoaded(Vec<crate::survey::catalog::Entry>),
    /// What to tell the facilitator.
    BackedUp(String),
}

/// Runs one effect against the store.
pub(crate) fn run(store: &mut Store, effect: Effect) -> Done {
    match effect {
        Effect::SaveAnswer {
            mut answering,
            index,
            value,
            then,
        } => {
            let result = answering.save(store, index, value);
            Done::Saved {
                answering,
                result,
                then,
            }
        }
        Effect::Submit { mut answering } => {
            let result = answering.submit(store);
            Done::Submitted { answering, result }
        }
        Effect::Leave { mut answering, draft } => {
            let saved = match draft {
                Some((index, value)) => answering.save(store, index, Some(value)),
                None => Ok(()),
            };
            let kept = answering.keep_partial(store);
            // Both are tried; the last failure is the one said (as before).
            Done::Left(kept.and(saved))
        }
        Effect::Resume { unfinished, rest } => Done::Resumed {
            result: Answering::resume(store, &unfinished),
            rest,
        },
        Effect::MarkPartial { responses } => {
            // Each is tried; the last failure is the one said.
            let mut result = Ok(());
            for r in &responses {
                if let Err(e) = store.mark_partial(r) {
                    result = Err(e);
                }
            }
            Done::Marked(result)
        }
        Effect::Counts { surveys } => Done::Counts(
            surveys
                .iter()
                .map(|id| store.survey_counts(id).unwrap_or((0, 0)))
                .collect(),
        ),
        Effect::CountUnfinished => Done::Unfinished(store.unfinished_count()),
        Effect::StartSession {
            index,
            survey,
            label,
            locked,
        } => {
            let result = (|| {
                let hash = store.register_survey(&survey)?;
                let session = store.session_of_kind(&survey.id, &label, !locked)?;
                let pin_hash = store.session_pin(&session)?;
                Ok((hash, session, pin_hash))
            })();
            Done::Started {
                index,
                survey,
                locked,
                result,
            }
        }
        Effect::SetPin { session, pin, then } => Done::PinSet {
            result: store
                .set_session_pin(&session, &pin)
                .and_then(|()| store.session_pin(&session)),
            then,
        },
        Effect::OpenSession { session, from } => Done::Opened {
            result: store.unfinished(&session),
            from,
        },
        Effect::LoadSurveys { dir } => Done::SurveysLoaded(crate::survey::catalog::load_all(&[dir]).surveys),
        Effect::Backup { target, lang } => Done::BackedUp(match crate::store::backup::backup(store, &target) {
            Ok(path) if lang == "ja" => format!("バックアップを作成しました: {}", crate::paths::shown(&path)),
            Ok(path) => format!("Backup written to {}", crate::paths::shown(&path)),
            Err(e) => e.said(crate::words::Lang::of_code(&lang)),
        }),
    }
}

/// Opens the store for the kiosk: a save never freezes the screen; it waits briefly, then the
/// screen says 保存中 and tries again (an import in another koe can hold the database a while).
pub(crate) fn prepare(store: &mut Store) -> std::path::PathBuf {
    let _ = store.set_busy_timeout(super::SAVE_WAIT);
    store.path().to_path_buf()
}

impl App {
    /// Runs the effects the last step queued, in order, each outcome handed back to the state
    /// machine (which may queue more: a session started, then its unfinished responses read).
    pub(super) fn run_effects(&mut self) {
        while let Some(effect) = self.effects.pop_front() {
            let done = run(&mut self.store, effect);
            self.done(done);
            // Keys kept while the database was busy go on once nothing waits for it.
            self.replay_queued();
        }
    }
}
