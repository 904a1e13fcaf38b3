//! The kiosk's state machine (the Elm shape): one [`App`], one [`Msg`] type, and `update`.
//!
//! `update` changes the state and saves each confirmed answer through the store before the screen
//! moves on; if the save fails the screen stays and says so. The views only read this state, so
//! every rule of answering is tested without a terminal.
//!
//! This file holds the state and the message dispatch; `respondent.rs` the way through a
//! questionnaire, `facilitator.rs` the home screen, menu, PIN, resume and results.

use std::rc::Rc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyEvent, MouseEvent};
use serde_json::{Map, Value};

mod facilitator;
mod mouse;
mod respondent;

use super::editor::{Editor, Outcome, Problem};
use super::keymap::{self, Action, Context, Keymap};
use super::results::{Pick, Quote, Results};
use super::results_worker::{Reply, Request, ResultsWorker};
use super::text_field::TextField;
use crate::store::{ResponseRef, SessionRef, Store, Unfinished};
use crate::survey::answer::required_fault;
use crate::survey::catalog::Entry;
use crate::survey::flow::Walk;
use crate::survey::{Kind, Survey};

/// How often the results screen looks for new answers.
pub const RESULTS_REFRESH: Duration = Duration::from_secs(2);

/// How long after the last keystroke an answer typed but not confirmed is saved (so a laptop
/// that dies mid-comment loses at most this much typing, plus one tick).
pub const DRAFT_AFTER: Duration = Duration::from_secs(1);

/// How long a kiosk save waits for another koe's write lock before the screen says 保存中.
pub const SAVE_WAIT: Duration = Duration::from_millis(300);

/// How often a save that could not be made is tried again.
pub const RETRY_EVERY: Duration = Duration::from_secs(1);

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
    /// Locked as a kiosk: nothing a respondent presses leaves the questionnaire; only F10 (and
    /// the PIN, when set) does. Unlocked only for trying a survey out (練習モード).
    pub locked: bool,
}

/// The person answering now. Dropped at submit or timeout, so nothing of it reaches the next.
#[derive(Clone, Debug)]
pub struct Respondent {
    /// The survey and the answers confirmed so far, and where to go next.
    pub walk: Walk,
    pub hash: String,
    pub session: SessionRef,
    /// Created at the first saved answer.
    pub response: Option<ResponseRef>,
    pub lang: String,
    /// Editors left with a value that is not a valid answer (a number out of range, then
    /// Shift-Tab): kept as typed, and shown again with their fault on return.
    pub held: std::collections::HashMap<usize, Editor>,
}

impl Respondent {
    pub fn survey(&self) -> &Rc<Survey> {
        self.walk.survey()
    }
}

/// What the facilitator menu offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    Back,
    Results,
    Language,
    SetPin,
    ClearPin,
    SwitchSurvey,
    EndSession,
    Quit,
}

/// Why the PIN is being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PinPurpose {
    /// To open the facilitator menu.
    Unlock,
    /// A new PIN for the menu.
    Set,
    /// The new PIN again, to catch a typo before it locks the facilitator out.
    Confirm(String),
}

/// What was wrong with the PIN just typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinProblem {
    Wrong,
    TooShort,
    /// The second typing of a new PIN differed from the first.
    Mismatch,
}

/// Wrong PINs in a row after which the prompt makes the next try wait.
pub const PIN_TRIES: u32 = 3;
/// How long the PIN prompt waits after too many wrong tries.
pub const PIN_WAIT: Duration = Duration::from_secs(30);

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

/// The whole app.
pub struct App {
    pub store: Store,
    pub surveys: Vec<Entry>,
    /// Per survey: (submitted, partial), for the home screen.
    pub counts: Vec<(u64, u64)>,
    pub screen: Screen,
    pub active: Option<Active>,
    pub respondent: Option<Respondent>,
    pub options: Options,
    pub pin: Option<String>,
    /// Wrong PINs typed in a row.
    pub pin_failures: u32,
    /// After too many wrong PINs, no new try before this.
    pin_wait_until: Option<Instant>,
    /// A line for the facilitator (errors of the store, what was closed).
    pub notice: Option<String>,
    /// The language the person at the welcome screen picked with F2, for their questionnaire
    /// only; the session's language is not changed.
    pub next_lang: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Whether the home screen exists in this run (`koe`), or the run is one survey (`koe run`).
    pub started_at_home: bool,
    /// The results screen's tally thread, started when results are first shown.
    results_worker: Option<ResultsWorker>,
    /// The last results request made.
    results_generation: u64,
    last_input: Instant,
    now: Instant,
    /// Something was typed on a question since the last draft save.
    draft_dirty: bool,
    /// When a failed save was last tried again.
    last_retry: Instant,
    /// What the last frame drew to be clicked; forgotten at every message, so that a click is
    /// only ever read against the screen the person saw (see `mouse.rs`).
    hits: Option<super::hits::HitMap>,
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

/// Today's date in local time, the default session label.
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

impl App {
    /// The home screen over the surveys found; responses left unfinished by an interrupted run
    /// come first, before anything else.
    pub fn home(store: Store, surveys: Vec<Entry>, options: Options) -> App {
        let mut app = App::blank(store, surveys, options);
        app.started_at_home = true;
        app.refresh_counts();
        match app.store.unfinished() {
            Ok(items) if !items.is_empty() => app.screen = Screen::Resume { items, selected: 0 },
            Ok(_) => {}
            Err(e) => app.notice = Some(e.to_string()),
        }
        app
    }

    /// Straight into collecting one survey under a session label (locked unless the options
    /// say `kiosk: false`).
    pub fn run(store: Store, entry: Entry, label: &str, options: Options) -> Result<App, crate::store::StoreError> {
        let locked = options.kiosk;
        let mut app = App::blank(store, vec![entry], options);
        app.start_session(0, label, locked)?;
        Ok(app)
    }

    fn blank(mut store: Store, surveys: Vec<Entry>, options: Options) -> App {
        let now = Instant::now();
        // A save never freezes the kiosk: it waits briefly, then the screen says 保存中 and
        // tries again (an import in another koe can hold the database for a while).
        let _ = store.set_busy_timeout(SAVE_WAIT);
        App {
            store,
            surveys,
            counts: Vec::new(),
            screen: Screen::Home { selected: 0 },
            active: None,
            respondent: None,
            options,
            pin: None,
            pin_failures: 0,
            pin_wait_until: None,
            notice: None,
            next_lang: None,
            size: (80, 24),
            quit: false,
            started_at_home: false,
            results_worker: None,
            results_generation: 0,
            last_input: now,
            now,
            draft_dirty: false,
            last_retry: now,
            hits: None,
        }
    }

    fn refresh_counts(&mut self) {
        self.counts = self
            .surveys
            .iter()
            .map(|e| self.store.survey_counts(&e.survey.id).unwrap_or((0, 0)))
            .collect();
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

    /// Starts collecting survey `index` under `label`, locked or (練習モード) not: offers
    /// unfinished responses first, of every survey (each is resumed with its own version).
    pub fn start_session(&mut self, index: usize, label: &str, locked: bool) -> Result<(), crate::store::StoreError> {
        let survey = Rc::new(self.surveys[index].survey.clone());
        let hash = self.store.register_survey(&survey)?;
        let session = self.store.session(&survey.id, label)?;
        let lang = match &self.options.lang {
            Some(l) if survey.languages.contains(l) => l.clone(),
            _ => survey.default_lang().to_string(),
        };
        self.active = Some(Active {
            survey,
            hash,
            session,
            lang,
            locked,
        });
        let items = self.store.unfinished()?;
        self.screen = if items.is_empty() {
            Screen::Welcome
        } else {
            Screen::Resume { items, selected: 0 }
        };
        Ok(())
    }

    /// Handles one message at the time `now`.
    pub fn update(&mut self, msg: Msg, now: Instant) {
        self.now = now;
        while let Some(reply) = self.results_worker.as_mut().and_then(ResultsWorker::try_reply) {
            self.take_reply(reply);
        }
        // Whatever this message does, the frame drawn before it is no longer what is on screen.
        let hits = self.hits.take();
        match msg {
            Msg::Mouse(event) => {
                self.last_input = now;
                self.mouse(event, hits);
                self.draft_dirty = self.respondent.is_some();
            }
            Msg::Tick => self.tick(),
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Paste(text) => {
                self.last_input = now;
                self.paste(&text);
                self.draft_dirty = self.respondent.is_some();
            }
            Msg::Key(key) => {
                self.last_input = now;
                self.key(key);
                self.draft_dirty = self.respondent.is_some();
            }
        }
    }

    fn tick(&mut self) {
        self.retry_save();
        if self.draft_dirty && self.now.duration_since(self.last_input) >= DRAFT_AFTER {
            self.save_draft();
        }
        match &self.screen {
            Screen::Thanks { since, .. } if self.now.duration_since(*since) >= THANKS_FOR => {
                self.screen = Screen::Welcome
            }
            Screen::Question { .. } | Screen::Review { .. } | Screen::Help { .. }
                if self.respondent.is_some()
                    && self.now.duration_since(self.last_input) >= self.options.idle_timeout =>
            {
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
        let draft = {
            let Some(r) = &self.respondent else { return };
            let Some((index, editor)) = editing(&self.screen) else {
                return;
            };
            match editor.value(&r.survey().questions[index]) {
                Ok(Some(a)) if r.walk.answer(index) != Some(&a.to_value()) => Some((index, a.to_value())),
                _ => None,
            }
        };
        if let Some((index, value)) = draft
            && let Err(e) = self.save(index, Some(value))
        {
            self.notice = Some(e.to_string());
        }
    }

    /// Keeps the current respondent's answers, and what they were typing, as a partial response
    /// and forgets them here.
    fn keep_partial(&mut self) {
        self.save_draft();
        if let Some(r) = self.respondent.take()
            && let Some(resp) = &r.response
            && let Err(e) = self.store.mark_partial(resp)
        {
            self.notice = Some(e.to_string());
        }
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
            allow_na: question.is_some_and(|q| match &q.kind {
                Kind::Scale(s) | Kind::Matrix { scale: s, .. } => s.allow_na,
                _ => false,
            }),
            long_list: question.is_some_and(|q| q.kind.choices().len() + usize::from(q.kind.has_other()) > 9),
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
        if crate::tui::view::too_small(self.size.0, self.size.1) && key.code != crossterm::event::KeyCode::F(10) {
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
            r.lang = next_language(r.walk.survey(), &r.lang);
        } else if let (Screen::Welcome, Some(a)) = (&self.screen, &self.active) {
            let current = self.next_lang.as_deref().unwrap_or(&a.lang);
            self.next_lang = Some(next_language(&a.survey, current));
        }
    }
}
