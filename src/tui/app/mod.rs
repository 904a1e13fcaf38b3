//! The kiosk's state machine (the Elm shape): one [`App`], one [`Msg`] type, and `update`.
//!
//! `update` changes the state; what it asks of the store (save this answer, send this response,
//! start this session) it queues as effects, which `effects.rs` runs before `update` returns — so
//! each confirmed answer is saved before the screen moves on — and whose outcomes come back as
//! messages ([`effects::Done`]): if a save fails the screen stays and says so. The views only read
//! this state, so every rule of answering is tested without a terminal.
//!
//! This file holds the state and the message dispatch; `respondent.rs` the way through a
//! questionnaire, `facilitator.rs` the home screen, menu, PIN, resume and results.

use std::rc::Rc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, MouseEvent};
use serde_json::{Map, Value};

mod effects;
mod facilitator;
mod mouse;
mod respondent;

use effects::{AfterPin, AfterSave, Done, Effect, OpenFrom};

use super::editor::{Outcome, Problem};
use super::export_worker::{ExportJob, Pace, Reply as ExportReply, outcome_message};
use super::keymap::{self, Action, Context, Keymap};
use super::kinds::Editor;
use super::layout::{self, Lists};
use super::results::{Pick, Quote, Results};
use super::results_worker::{Reply, Request, ResultsWorker};
use super::text_field::TextField;
use crate::answering::Answering;
use crate::store::{SessionRef, Store, StoreError, Unfinished};
use crate::survey::Survey;
use crate::survey::answer::required_fault;
use crate::survey::catalog::Entry;
use crate::survey::flow::Walk;

/// How often the results screen looks for new answers.
pub const RESULTS_REFRESH: Duration = Duration::from_secs(2);

/// How long after the last keystroke an answer typed but not confirmed is saved (so a laptop
/// that dies mid-comment loses at most this much typing, plus one tick).
pub const DRAFT_AFTER: Duration = Duration::from_secs(1);

pub use crate::answering::SAVE_WAIT;

/// How often a save that could not be made is tried again.
pub const RETRY_EVERY: Duration = Duration::from_secs(1);

/// The most keys kept while the database is busy (a respondent leaning on a key, a paste storm):
/// a person typing for a minute stays far below it.
pub const MAX_QUEUED: usize = 4096;

/// How long the thank-you screen stays before the welcome screen returns.
pub const THANKS_FOR: Duration = Duration::from_secs(5);

/// Everything that can happen to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// A click or tap (left button down), or the wheel; other mouse events never become messages.
    Mouse(MouseEvent),
    /// Time passes (the loop sends one a few times a second).
    Tick,
}

/// How a collecting session was asked for.
#[derive(Clone, Debug)]
pub struct Options {
    /// Lock `koe run`'s session (the default; `--no-kiosk` unlocks it). Sessions started from
    /// the home screen are locked unless 練習モード is chosen there.
    pub kiosk: bool,
    pub idle_timeout: Duration,
    /// The language respondents start in; the survey's default when `None`.
    pub lang: Option<String>,
    /// Where the home screen's `e` writes exports (a new folder inside each time).
    pub exports_dir: std::path::PathBuf,
    /// The zone times are shown in (this computer's by default).
    pub tz: jiff::tz::TimeZone,
    /// Clicks, taps and the wheel on the respondent's screens (`--no-mouse` turns them off).
    pub mouse: bool,
    /// The PIN for locked sessions, given beforehand (`KOE_PIN`, for scripted starts): a session
    /// then starts without the PIN prompt. Without it the PIN is asked for, typed twice.
    pub pin: Option<String>,
    /// Heard by the home screen's export thread after each response written (tests slow the
    /// export down with it); `None` in koe itself.
    pub export_pace: Option<Pace>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kiosk: true,
            idle_timeout: Duration::from_secs(600),
            lang: None,
            exports_dir: crate::paths::exports(),
            tz: crate::localtime::zone(),
            mouse: true,
            pin: None,
            export_pace: None,
        }
    }
}

/// The session being collected: one survey, one label, on this laptop.
#[derive(Clone, Debug)]
pub struct Active {
    pub survey: Rc<Survey>,
    pub hash: String,
    pub session: SessionRef,
    /// The language each new respondent starts in.
    pub lang: String,
    /// Locked as a kiosk: nothing a respondent presses leaves the questionnaire; only F10 and
    /// the PIN do. Unlocked only for trying a survey out (練習モード), whose responses are kept
    /// apart from real ones.
    pub locked: bool,
    /// The stored form of the session's PIN (`crate::pin`); every locked session has one before
    /// its first respondent.
    pub pin_hash: Option<String>,
}

/// The person answering now. Dropped at submit or timeout, so nothing of it reaches the next.
#[derive(Clone, Debug)]
pub struct Respondent {
    /// The walk through the survey and where the answers are stored (shared with line mode).
    pub answering: Answering,
    pub lang: String,
    /// Editors left with a value that is not a valid answer (a number out of range, then
    /// Shift-Tab): kept as typed, and shown again with their fault on return.
    pub held: std::collections::HashMap<usize, Editor>,
}

impl Respondent {
    pub fn survey(&self) -> &Rc<Survey> {
        self.answering.walk.survey()
    }

    /// The survey and the answers confirmed so far.
    pub fn walk(&self) -> &Walk {
        &self.answering.walk
    }
}

/// What the facilitator menu offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    Back,
    Results,
    Language,
    ChangePin,
    /// A consistent copy of the database for a USB stick (`koe backup`).
    Backup,
    SwitchSurvey,
    EndSession,
    Quit,
}

/// Why the PIN is being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinPurpose {
    /// To open the facilitator menu.
    Unlock,
    /// The PIN of a session that has one, before it goes on (started again after a crash or
    /// a quit): nothing of its unfinished responses is shown before it.
    Resume,
    /// A new PIN: for a locked session about to start (`starting`), or from the menu.
    Set { starting: bool },
    /// The new PIN again, to catch a typo before it locks the facilitator out.
    Confirm { first: String, starting: bool },
}

impl PinPurpose {
    /// Whether the PIN guards a session that has not started yet: Esc then abandons the start.
    pub fn starting(&self) -> bool {
        matches!(
            self,
            PinPurpose::Resume | PinPurpose::Set { starting: true } | PinPurpose::Confirm { starting: true, .. }
        )
    }
}

/// What was wrong with the PIN just typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinProblem {
    Wrong,
    /// Not 4 to 12 digits.
    Invalid(crate::pin::PinFault),
    /// The second typing of a new PIN differed from the first.
    Mismatch,
}

/// Wrong PINs in a row after which the prompt makes the next try wait.
pub const PIN_TRIES: u32 = 3;
/// How long the PIN prompt waits after too many wrong tries.
pub const PIN_WAIT: Duration = Duration::from_secs(30);

/// What the home screen says when responses were left unfinished (koe was killed, the laptop
/// died): only that they exist, never whose or what (SPEC: shown after the session's PIN).
pub const UNFINISHED_NOTICE: &str = "中断された回答があります。同じアンケートを同じセッション名で開始し、暗証番号を入力すると再開できます。 / Unfinished responses: start their session again and type its PIN to resume them.";

/// A PIN prompt, empty, over `back`.
pub(super) fn pin_prompt(purpose: PinPurpose, back: Screen, problem: Option<PinProblem>) -> Screen {
    Screen::Pin {
        field: TextField::new("", false),
        purpose,
        back: Box::new(back),
        problem,
    }
}

/// The screens.
#[derive(Clone, Debug)]
pub enum Screen {
    Home {
        selected: usize,
    },
    SessionLabel {
        survey: usize,
        field: TextField,
        /// 練習モード: the session is not locked (for trying a survey out).
        practice: bool,
    },
    /// The home screen's export: CSV files or an Excel workbook, for survey `survey`.
    ExportFormat {
        survey: usize,
        format: crate::tally::Format,
    },
    Resume {
        items: Vec<Unfinished>,
        selected: usize,
    },
    Welcome,
    Question {
        index: usize,
        editor: Editor,
        problem: Option<Problem>,
        from_review: bool,
    },
    Review {
        selected: usize,
        problem: Option<Problem>,
    },
    /// In the language the respondent used.
    Thanks {
        since: Instant,
        lang: String,
    },
    /// Results of a survey, for the facilitator (from home, or from the facilitator menu).
    Results(Box<ResultsScreen>),
    Menu {
        selected: usize,
        back: Box<Screen>,
    },
    Pin {
        field: TextField,
        purpose: PinPurpose,
        back: Box<Screen>,
        problem: Option<PinProblem>,
    },
    /// "Really?" before the menu ends the session or quits koe; `back` is the menu.
    ConfirmLeave {
        item: MenuItem,
        back: Box<Screen>,
    },
    /// The keys of the screen underneath (F1 or `?`); any key returns to it.
    Help {
        back: Box<Screen>,
    },
}

/// The results screen's state.
#[derive(Clone, Debug)]
pub struct ResultsScreen {
    pub survey: Rc<Survey>,
    /// The latest tally; `None` until the first is done.
    pub results: Option<Results>,
    /// The language of the labels.
    pub lang: String,
    /// The session asked for (`None`: all of them).
    pub session: Option<String>,
    /// The request whose replies this screen takes.
    pub generation: u64,
    /// While a tally runs: the responses counted so far (the screen says 集計中).
    pub computing: Option<u64>,
    pub scroll: usize,
    /// Reading free text one answer at a time: (block, answer).
    pub reading: Option<(usize, usize)>,
    /// The term or code chosen in a text block (Up/Down), by block and key, so that it stays
    /// chosen when new answers reorder the list.
    pub picked: Option<(usize, Pick)>,
    /// The answers holding the chosen term or code (Enter), until Esc.
    pub listing: Option<Listing>,
    /// Where Esc returns to.
    pub back: Screen,
    /// When new answers were last looked for.
    pub checked: Instant,
}

/// The answers holding one term or code of a text block, listed on the results screen.
#[derive(Clone, Debug)]
pub struct Listing {
    pub block: usize,
    pub pick: Pick,
    /// Taken anew from each new tally, so the list grows as answers arrive.
    pub quotes: Vec<Quote>,
    /// The first line shown.
    pub scroll: usize,
}

/// The whole app. Its fields are the tui module's own: the view reads them; tests and the
/// command line read what they need through the methods below.
pub struct App {
    store: Store,
    pub(in crate::tui) surveys: Vec<Entry>,
    /// Per survey: (submitted, partial), for the home screen.
    pub(in crate::tui) counts: Vec<(u64, u64)>,
    pub(in crate::tui) screen: Screen,
    pub(in crate::tui) active: Option<Active>,
    pub(in crate::tui) respondent: Option<Respondent>,
    pub(in crate::tui) options: Options,
    /// Wrong PINs typed in a row.
    pub(in crate::tui) pin_failures: u32,
    /// After too many wrong PINs, no new try before this.
    pin_wait_until: Option<Instant>,
    /// A line for the facilitator (errors of the store, what was closed).
    pub(in crate::tui) notice: Option<String>,
    /// The language the person at the welcome screen picked with F2, for their questionnaire
    /// only; the session's language is not changed.
    pub(in crate::tui) next_lang: Option<String>,
    pub(in crate::tui) size: (u16, u16),
    pub(in crate::tui) quit: bool,
    /// Whether the home screen exists in this run (`koe`), or the run is one survey (`koe run`).
    pub(in crate::tui) started_at_home: bool,
    /// The results screen's tally thread, started when results are first shown.
    results_worker: Option<ResultsWorker>,
    /// The last results request made.
    results_generation: u64,
    /// The home screen's export, while it runs on its thread.
    export: Option<ExportJob>,
    last_input: Instant,
    now: Instant,
    /// Something was typed on a question since the last draft save.
    draft_dirty: bool,
    /// When a failed save was last tried again.
    last_retry: Instant,
    /// Keys (and pastes) pressed while a confirmed answer waits for the database (保存中):
    /// acted on, in order, once it is saved (see `retry_save`), never dropped.
    queued: std::collections::VecDeque<Msg>,
    /// What the last frame drew to be clicked; forgotten at every message, so that a click is
    /// only ever read against the screen the person saw (see `mouse.rs`).
    hits: Option<super::hits::HitMap>,
    /// What the step under way asks of the store, run by `effects.rs` when it ends.
    effects: std::collections::VecDeque<Effect>,
    /// Where the database is (the results and export threads open their own connections).
    db: std::path::PathBuf,
    /// Why `koe run`'s session could not start (returned by [`App::run`]).
    failed_start: Option<StoreError>,
    /// How the scrolled lists lay in the last frame (kept until the next; see `tui::layout`).
    lists: Lists,
}

/// The question being edited on a screen, looking under the menu, PIN and help screens.
fn editing(screen: &Screen) -> Option<(usize, &Editor)> {
    match screen {
        Screen::Question { index, editor, .. } => Some((*index, editor)),
        Screen::Menu { back, .. } | Screen::Pin { back, .. } | Screen::Help { back } => editing(back),
        _ => None,
    }
}

/// The language after `lang` in the survey's list (F2).
fn next_language(survey: &Survey, lang: &str) -> String {
    let langs = &survey.languages;
    let i = langs
        .iter()
        .position(|l| l == lang)
        .map_or(0, |i| (i + 1) % langs.len().max(1));
    langs.get(i).cloned().unwrap_or_else(|| lang.to_string())
}

/// Japanese or English for the app's own words.
fn ui_text<'a>(lang: &str, ja: &'a str, en: &'a str) -> &'a str {
    if lang == "ja" { ja } else { en }
}

/// Today's date in local time, the default session label.
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

impl App {
    /// The home screen over the surveys found. Responses left unfinished by an interrupted run
    /// are only mentioned: what they are is shown once their session is started again and its
    /// PIN typed, so that the next person at the laptop never sees them.
    pub fn home(store: Store, surveys: Vec<Entry>, options: Options) -> App {
        let mut app = App::blank(store, surveys, options);
        app.started_at_home = true;
        app.refresh_counts();
        app.effects.push_back(Effect::CountUnfinished);
        app.run_effects();
        app
    }

    /// Straight into collecting one survey under a session label (locked unless the options
    /// say `kiosk: false`; a locked session asks for its PIN first, unless the options give it).
    pub fn run(store: Store, entry: Entry, label: &str, options: Options) -> Result<App, crate::store::StoreError> {
        let locked = options.kiosk;
        let mut app = App::blank(store, vec![entry], options);
        app.start_session(0, label, locked);
        app.run_effects();
        match app.failed_start.take() {
            Some(e) => Err(e),
            None => Ok(app),
        }
    }

    fn blank(mut store: Store, surveys: Vec<Entry>, options: Options) -> App {
        let now = Instant::now();
        let db = effects::prepare(&mut store);
        App {
            store,
            surveys,
            counts: Vec::new(),
            screen: Screen::Home { selected: 0 },
            active: None,
            respondent: None,
            options,
            pin_failures: 0,
            pin_wait_until: None,
            notice: None,
            next_lang: None,
            size: (80, 24),
            quit: false,
            started_at_home: false,
            results_worker: None,
            results_generation: 0,
            export: None,
            last_input: now,
            now,
            draft_dirty: false,
            last_retry: now,
            queued: Default::default(),
            hits: None,
            effects: Default::default(),
            db,
            failed_start: None,
            lists: Lists::default(),
        }
    }

    /// Asks for the home screen's counts anew.
    fn refresh_counts(&mut self) {
        let surveys = self.surveys.iter().map(|e| e.survey.id.clone()).collect();
        self.effects.push_back(Effect::Counts { surveys });
    }

    /// A fault of the database in the language the interface speaks now.
    fn said(&self, e: &StoreError) -> String {
        e.said(crate::words::Lang::of_code(self.lang()))
    }

    /// The language the interface speaks now: the respondent's, else the session's, else Japanese.
    pub fn lang(&self) -> &str {
        if let Some(r) = &self.respondent {
            return &r.lang;
        }
        if let Screen::Thanks { lang, .. } = &self.screen {
            return lang;
        }
        if let (Screen::Welcome, Some(l)) = (&self.screen, &self.next_lang) {
            return l;
        }
        if let Some(a) = &self.active {
            return &a.lang;
        }
        self.options.lang.as_deref().unwrap_or("ja")
    }

    /// Starts collecting survey `index` under `label`, locked or (練習モード) not. A locked
    /// session asks for its PIN first: a new one typed twice, or, when the session has one
    /// already (started again after a crash), that one; `Options::pin` answers either prompt.
    /// Then the session's unfinished responses are offered, each resumed with its own version.
    /// The session is found or made by an effect; [`App::started`] goes on from there.
    pub(super) fn start_session(&mut self, index: usize, label: &str, locked: bool) {
        let survey = Rc::new(self.surveys[index].survey.clone());
        self.effects.push_back(Effect::StartSession {
            index,
            survey,
            label: label.to_string(),
            locked,
        });
    }

    /// The session of survey `index` is found or made: its PIN, given or asked for, or (practice)
    /// straight on to its unfinished responses.
    fn started(
        &mut self,
        index: usize,
        survey: Rc<Survey>,
        locked: bool,
        result: Result<(String, SessionRef, Option<String>), StoreError>,
    ) {
        let (hash, session, pin_hash) = match result {
            Ok(started) => started,
            Err(e) => return self.start_failed(index, e),
        };
        let lang = match &self.options.lang {
            Some(l) if survey.languages.contains(l) => l.clone(),
            _ => survey.default_lang().to_string(),
        };
        self.active = Some(Active {
            survey,
            hash,
            session: session.clone(),
            lang,
            locked,
            pin_hash: pin_hash.clone(),
        });
        let from = OpenFrom::Start { index };
        self.screen = match (locked, self.options.pin.clone()) {
            (false, _) => self.open_session(from),
            // The PIN given beforehand (`KOE_PIN`): kept as the session's PIN when it has none
            // yet; else it must be that PIN.
            (true, Some(pin)) => match &pin_hash {
                Some(stored) if crate::pin::matches(&pin, stored) => self.open_session(from),
                None if crate::pin::check(&pin).is_ok() => {
                    self.effects.push_back(Effect::SetPin {
                        session,
                        pin,
                        then: AfterPin::Given { index },
                    });
                    Screen::Welcome
                }
                _ => pin_prompt(PinPurpose::Resume, Screen::Welcome, Some(PinProblem::Wrong)),
            },
            (true, None) if pin_hash.is_some() => pin_prompt(PinPurpose::Resume, Screen::Welcome, None),
            (true, None) => pin_prompt(PinPurpose::Set { starting: true }, Screen::Welcome, None),
        };
    }

    /// A session could not start: the home screen says why; `koe run` returns it.
    fn start_failed(&mut self, index: usize, e: StoreError) {
        if self.started_at_home {
            self.notice = Some(self.said(&e));
            self.screen = Screen::Home { selected: index };
        } else {
            self.failed_start = Some(e);
        }
    }

    /// The session's first screen once it may start (its PIN typed, or practice): its
    /// unfinished responses to resume or keep (read by an effect; see [`App::opened`]), else the
    /// welcome screen.
    pub(super) fn open_session(&mut self, from: OpenFrom) -> Screen {
        if let Some(a) = &self.active {
            self.effects.push_back(Effect::OpenSession {
                session: a.session.clone(),
                from,
            });
        }
        Screen::Welcome
    }

    /// The session's unfinished responses are read: offered, or straight to the welcome screen.
    fn opened(&mut self, result: Result<Vec<Unfinished>, StoreError>, from: OpenFrom) {
        match (result, from) {
            (Ok(items), _) => {
                if self.notice.as_deref() == Some(UNFINISHED_NOTICE) {
                    self.notice = None;
                }
                self.screen = if items.is_empty() {
                    Screen::Welcome
                } else {
                    Screen::Resume { items, selected: 0 }
                };
            }
            (Err(e), OpenFrom::Start { index }) => self.start_failed(index, e),
            (Err(e), OpenFrom::Pin) => {
                self.notice = Some(self.said(&e));
                self.screen = Screen::Welcome;
            }
        }
    }

    /// Takes the outcome of one effect: the message the store sends back.
    fn done(&mut self, done: Done) {
        match done {
            Done::Saved {
                answering,
                result,
                then,
            } => self.saved(answering, result, then),
            Done::Submitted { answering, result } => self.submitted(answering, result),
            Done::Left(result) | Done::Marked(result) => {
                if let Err(e) = result {
                    self.notice = Some(self.said(&e));
                }
            }
            Done::Resumed { result, rest } => self.resumed(result, rest),
            Done::Counts(counts) => self.counts = counts,
            Done::Unfinished(result) => match result {
                Ok(0) => {}
                Ok(_) => self.notice = Some(UNFINISHED_NOTICE.to_string()),
                Err(e) => self.notice = Some(self.said(&e)),
            },
            Done::Started {
                index,
                survey,
                locked,
                result,
            } => self.started(index, survey, locked, result),
            Done::PinSet { result, then } => self.pin_set(result, then),
            Done::Opened { result, from } => self.opened(result, from),
            Done::SurveysLoaded(surveys) => self.surveys_loaded(surveys),
            Done::BackedUp(message) => self.notice = Some(message),
        }
    }

    /// Handles one message at the time `now`.
    ///
    /// The state changes first; then the effects it asked for run against the store (see
    /// `effects.rs`), their outcomes taken back in, before this returns. A tick is two steps:
    /// a save waiting for the database is tried again, and once its outcome is known, the
    /// timeouts and drafts.
    pub fn update(&mut self, msg: Msg, now: Instant) {
        self.now = now;
        while let Some(reply) = self.results_worker.as_mut().and_then(ResultsWorker::try_reply) {
            self.take_reply(reply);
        }
        while let Some(reply) = self.export.as_mut().and_then(ExportJob::try_reply) {
            self.take_export_reply(reply);
        }
        // Whatever this message does, the frame drawn before it is no longer what is on screen.
        let hits = self.hits.take();
        let typed = matches!(msg, Msg::Mouse(_) | Msg::Paste(_) | Msg::Key(_));
        match msg {
            Msg::Mouse(event) => {
                self.last_input = now;
                self.mouse(event, hits);
            }
            Msg::Tick => {
                self.retry_save();
                self.run_effects();
                self.tick();
            }
            Msg::Resize(w, h) => {
                self.size = (w, h);
                // The lists lie differently now: unknown until the next frame.
                self.lists = Lists::default();
            }
            Msg::Paste(_) | Msg::Key(_) => {
                self.last_input = now;
                self.input(msg);
            }
        }
        self.run_effects();
        if typed {
            // Something may have been typed since the last draft save.
            self.draft_dirty = self.respondent.is_some();
        }
    }

    /// A key or a paste: acted on now, or, while a confirmed answer waits for the database, kept
    /// for when it is saved (F10 still opens the menu: the facilitator may need to see why).
    fn input(&mut self, msg: Msg) {
        let menu = matches!(&msg, Msg::Key(k) if k.code == crossterm::event::KeyCode::F(10));
        if self.waiting_to_save() && !menu {
            if self.queued.len() < MAX_QUEUED {
                self.queued.push_back(msg);
            }
            return;
        }
        match msg {
            Msg::Key(key) => self.key(key),
            Msg::Paste(text) => self.paste(&text),
            _ => {}
        }
    }

    /// Whether the screen holds a confirmed answer (or a send) that could not be saved yet and
    /// is tried again every second.
    pub fn waiting_to_save(&self) -> bool {
        matches!(
            &self.screen,
            Screen::Question {
                problem: Some(Problem::Saving | Problem::NotSaved),
                ..
            } | Screen::Review {
                problem: Some(Problem::Saving | Problem::NotSaved),
                ..
            }
        )
    }

    /// Acts on the keys kept while the database was busy, in order, until one of them has to
    /// wait for the database again (the rest stay kept).
    fn replay_queued(&mut self) {
        // A key replayed that asked the store for something waits for its outcome.
        while !self.waiting_to_save() && self.effects.is_empty() {
            let Some(msg) = self.queued.pop_front() else { return };
            self.input(msg);
        }
    }

    /// Time passes (after any save waiting for the database was tried again): the draft, the
    /// idle timeout, the thank-you screen, the results' refresh.
    fn tick(&mut self) {
        let idle = self.now.duration_since(self.last_input);
        let walked_away = matches!(
            self.screen,
            Screen::Question { .. } | Screen::Review { .. } | Screen::Help { .. }
        ) && self.respondent.is_some()
            && idle >= self.options.idle_timeout;
        // Walking away saves the draft too, with the rest of the response (`keep_partial`).
        if self.draft_dirty && idle >= DRAFT_AFTER && !walked_away {
            self.save_draft();
        }
        match &self.screen {
            Screen::Thanks { since, .. } if self.now.duration_since(*since) >= THANKS_FOR => {
                self.screen = Screen::Welcome
            }
            _ if walked_away => {
                // The respondent walked away: keep what they confirmed, show the next person a
                // clean welcome screen.
                self.keep_partial();
                self.next_lang = None;
                self.screen = Screen::Welcome;
            }
            Screen::Results(r) if self.now.duration_since(r.checked) >= RESULTS_REFRESH => self.refresh_results(),
            _ => {}
        }
    }

    /// Saves the answer on the question screen (or under the menu opened over it) that is typed
    /// but not confirmed: a comment, a number, an "other" text. Only a valid answer is stored;
    /// an empty field does not clear a stored one.
    pub(super) fn save_draft(&mut self) {
        self.draft_dirty = false;
        if let Some((index, value)) = self.draft() {
            self.queue_save(index, Some(value), AfterSave::Draft);
        }
    }

    /// The answer typed on the question screen (or under the menu opened over it) but not
    /// confirmed, when it is a valid answer different from the one stored.
    fn draft(&self) -> Option<(usize, Value)> {
        let r = self.respondent.as_ref()?;
        let (index, editor) = editing(&self.screen)?;
        match editor.value(&r.survey().questions[index]) {
            Ok(Some(a)) if r.answering.walk.answer(index) != Some(&a.to_value()) => Some((index, a.to_value())),
            _ => None,
        }
    }

    /// Keeps the current respondent's answers, and what they were typing, as a partial response
    /// and forgets them here.
    fn keep_partial(&mut self) {
        self.draft_dirty = false;
        let draft = self.draft();
        if let Some(r) = self.respondent.take() {
            self.effects.push_back(Effect::Leave {
                answering: r.answering,
                draft,
            });
        }
    }

    /// The screen on show.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The person answering now, if any.
    pub fn respondent(&self) -> Option<&Respondent> {
        self.respondent.as_ref()
    }

    /// Whether koe is to end (the loop stops).
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// The window's size as last told (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// The line for the facilitator, if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Says something on the facilitator's line (the command line: survey files it skipped).
    pub fn set_notice(&mut self, notice: String) {
        self.notice = Some(notice);
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Where the home screen's exports and the menu's backups go.
    pub fn set_exports_dir(&mut self, dir: std::path::PathBuf) {
        self.options.exports_dir = dir;
    }

    /// Puts the screen and the respondent back as they were: a test clicks every cell of a
    /// screen, each time from the same state.
    pub fn restore(&mut self, screen: Screen, respondent: Option<Respondent>) {
        self.screen = screen;
        self.respondent = respondent;
    }

    /// Whether the session being collected is locked as a kiosk.
    pub fn locked(&self) -> bool {
        self.active.as_ref().is_some_and(|a| a.locked)
    }

    /// How long the PIN prompt still makes the next try wait, after too many wrong ones.
    pub fn pin_wait_left(&self) -> Option<Duration> {
        self.pin_wait_until
            .map(|until| until.saturating_duration_since(self.now))
            .filter(|left| !left.is_zero())
    }

    fn collecting(&self) -> bool {
        !matches!(
            self.screen,
            Screen::Home { .. } | Screen::SessionLabel { .. } | Screen::ExportFormat { .. }
        )
    }

    /// The key table of a screen and what its bindings may look at.
    pub fn keymap_for(&self, screen: &Screen) -> (Keymap, Context) {
        let map = match screen {
            Screen::Home { .. } => Keymap::Home,
            Screen::SessionLabel { .. } => Keymap::SessionLabel,
            Screen::ExportFormat { .. } => Keymap::ExportFormat,
            Screen::Resume { .. } => Keymap::Resume,
            Screen::Welcome => Keymap::Welcome,
            Screen::Question { editor, .. } => editor.keymap(),
            Screen::Review { .. } => Keymap::Review,
            Screen::Thanks { .. } => Keymap::Thanks,
            Screen::Results(r) if r.reading.is_some() => Keymap::ResultsReading,
            Screen::Results(r) if r.listing.is_some() => Keymap::ResultsAnswers,
            Screen::Results(_) => Keymap::Results,
            Screen::Menu { .. } => Keymap::Menu,
            Screen::Pin { .. } => Keymap::Pin,
            Screen::ConfirmLeave { .. } => Keymap::ConfirmLeave,
            Screen::Help { .. } => Keymap::Help,
        };
        let question = match (screen, &self.respondent) {
            (Screen::Question { index, .. }, Some(r)) => r.survey().questions.get(*index),
            _ => None,
        };
        let ctx = Context {
            lang: self.lang().to_string(),
            next_lang: self.language_after(screen),
            kiosk: self.locked(),
            collecting: self.collecting(),
            allow_na: question.is_some_and(|q| super::kinds::rules(&q.kind).allows_na(q)),
            long_list: question.is_some_and(crate::survey::answer::needs_two_digit_keys),
            verifying: false,
            other_empty: matches!(screen, Screen::Question { editor, .. } if editor.other_text_empty()),
        };
        (map, ctx)
    }

    /// The key table of the screen on show.
    pub fn keymap(&self) -> (Keymap, Context) {
        self.keymap_for(&self.screen)
    }

    /// The language F2 switches to on a questionnaire screen; `None` on a one-language survey.
    fn language_after(&self, screen: &Screen) -> Option<String> {
        let (survey, current) = match (screen, &self.respondent, &self.active) {
            (Screen::Question { .. } | Screen::Review { .. }, Some(r), _) => (r.survey(), r.lang.as_str()),
            (Screen::Welcome, _, Some(a)) => (&a.survey, self.next_lang.as_deref().unwrap_or(&a.lang)),
            _ => return None,
        };
        (survey.languages.len() > 1).then(|| next_language(survey, current))
    }

    fn key(&mut self, key: KeyEvent) {
        // Below the smallest size nobody can see what a key would do: only F10 works.
        if layout::too_small(self.size.0, self.size.1) && key.code != crossterm::event::KeyCode::F(10) {
            return;
        }
        let (map, ctx) = self.keymap();
        if let Some(action) = keymap::action(map, &ctx, &key) {
            self.act(action);
        }
    }

    /// Does what an action asks on the screen on show (a key's, or a click's).
    pub fn act(&mut self, action: Action) {
        match action {
            Action::OpenMenu => return self.open_menu(),
            Action::NextLanguage => return self.switch_language(),
            Action::Quit => {
                self.keep_partial();
                self.quit = true;
                return;
            }
            Action::Help => {
                let back = Box::new(std::mem::replace(&mut self.screen, Screen::Welcome));
                self.screen = Screen::Help { back };
                return;
            }
            _ => {}
        }
        let screen = std::mem::replace(&mut self.screen, Screen::Welcome);
        self.screen = match screen {
            Screen::Home { selected } => self.home_key(selected, action),
            Screen::SessionLabel {
                survey,
                field,
                practice,
            } => self.label_key(survey, field, practice, action),
            Screen::ExportFormat { survey, format } => self.export_key(survey, format, action),
            Screen::Resume { items, selected } => self.resume_key(items, selected, action),
            Screen::Welcome => self.welcome_key(action),
            Screen::Question {
                index,
                editor,
                problem,
                from_review,
            } => self.question_key(index, editor, problem, from_review, action),
            Screen::Review { selected, problem } => self.review_key(selected, problem, action),
            Screen::Thanks { .. } => Screen::Welcome,
            Screen::Results(r) => self.results_key(r, action),
            Screen::Menu { selected, back } => self.menu_key(selected, back, action),
            Screen::Pin {
                field,
                purpose,
                back,
                problem,
            } => self.pin_key(field, purpose, back, problem, action),
            Screen::ConfirmLeave { item, back } => self.confirm_leave_key(item, back, action),
            Screen::Help { back } => *back,
        };
    }

    fn paste(&mut self, text: &str) {
        match &mut self.screen {
            Screen::Question {
                index, editor, problem, ..
            } => {
                let Some(r) = &self.respondent else { return };
                let q = &r.survey().questions[*index];
                *problem = match editor.paste(q, text) {
                    Outcome::Refused(p) => Some(p),
                    _ => None,
                };
            }
            Screen::SessionLabel { field, .. } => field.insert(text),
            _ => {}
        }
    }

    /// F2: the respondent's language, or at the welcome screen the next respondent's.
    fn switch_language(&mut self) {
        if let Some(r) = &mut self.respondent {
            r.lang = next_language(r.answering.walk.survey(), &r.lang);
        } else if let (Screen::Welcome, Some(a)) = (&self.screen, &self.active) {
            let current = self.next_lang.as_deref().unwrap_or(&a.lang);
            self.next_lang = Some(next_language(&a.survey, current));
        }
    }
}
