//! The kiosk's state machine (the Elm shape): one [`App`], one [`Msg`] type, and `update`.
//!
//! `update` changes the state and saves each confirmed answer through the store before the screen
//! moves on; if the save fails the screen stays and says so. The views only read this state, so
//! every rule of answering is tested without a terminal.

use std::rc::Rc;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Map, Value};

use super::editor::{Editor, Outcome, Problem};
use super::results::Results;
use super::text_field::TextField;
use crate::store::{ResponseRef, SessionRef, Store, Unfinished};
use crate::survey::answer::{check_response, is_complete};
use crate::survey::catalog::Entry;
use crate::survey::flow::{hidden_answers, visible_questions};
use crate::survey::{Kind, Survey};

/// How often the results screen looks for new answers.
pub const RESULTS_REFRESH: Duration = Duration::from_secs(2);

/// How long the thank-you screen stays before the welcome screen returns.
pub const THANKS_FOR: Duration = Duration::from_secs(5);

/// Everything that can happen to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// Time passes (the loop sends one a few times a second).
    Tick,
}

/// How a collecting session was asked for.
#[derive(Clone, Debug)]
pub struct Options {
    pub kiosk: bool,
    pub idle_timeout: Duration,
    /// The language respondents start in; the survey's default when `None`.
    pub lang: Option<String>,
    /// Where the home screen's `e` writes exports (a new folder inside each time).
    pub exports_dir: std::path::PathBuf,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kiosk: false,
            idle_timeout: Duration::from_secs(600),
            lang: None,
            exports_dir: std::path::PathBuf::from("exports"),
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
}

/// The person answering now. Dropped at submit or timeout, so nothing of it reaches the next.
#[derive(Clone, Debug)]
pub struct Respondent {
    pub survey: Rc<Survey>,
    pub hash: String,
    pub session: SessionRef,
    /// Created at the first saved answer.
    pub response: Option<ResponseRef>,
    pub answers: Map<String, Value>,
    pub lang: String,
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinPurpose {
    /// To open the facilitator menu.
    Unlock,
    /// A new PIN for the menu.
    Set,
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
        problem: Option<String>,
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
        wrong: bool,
    },
}

/// The results screen's state.
#[derive(Clone, Debug)]
pub struct ResultsScreen {
    pub survey: Rc<Survey>,
    pub results: Results,
    pub scroll: usize,
    /// Reading free text one answer at a time: (block, answer).
    pub reading: Option<(usize, usize)>,
    /// Where Esc returns to.
    pub back: Screen,
    /// When new answers were last looked for.
    pub checked: Instant,
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
    /// A line for the facilitator (errors of the store, what was closed).
    pub notice: Option<String>,
    /// The language the person at the welcome screen picked with F2, for their questionnaire
    /// only; the session's language is not changed.
    pub next_lang: Option<String>,
    pub size: (u16, u16),
    pub quit: bool,
    /// Whether the home screen exists in this run (`koe`), or the run is one survey (`koe run`).
    pub started_at_home: bool,
    last_input: Instant,
    now: Instant,
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
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
    /// The home screen over the surveys found.
    pub fn home(store: Store, surveys: Vec<Entry>, options: Options) -> App {
        let mut app = App::blank(store, surveys, options);
        app.started_at_home = true;
        app.refresh_counts();
        app
    }

    /// Straight into collecting one survey under a session label.
    pub fn run(store: Store, entry: Entry, label: &str, options: Options) -> Result<App, crate::store::StoreError> {
        let mut app = App::blank(store, vec![entry], options);
        app.start_session(0, label)?;
        Ok(app)
    }

    fn blank(store: Store, surveys: Vec<Entry>, options: Options) -> App {
        let now = Instant::now();
        App {
            store,
            surveys,
            counts: Vec::new(),
            screen: Screen::Home { selected: 0 },
            active: None,
            respondent: None,
            options,
            pin: None,
            notice: None,
            next_lang: None,
            size: (80, 24),
            quit: false,
            started_at_home: false,
            last_input: now,
            now,
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

    /// Starts collecting survey `index` under `label`: offers unfinished responses first.
    pub fn start_session(&mut self, index: usize, label: &str) -> Result<(), crate::store::StoreError> {
        let survey = Rc::new(self.surveys[index].survey.clone());
        let hash = self.store.register_survey(&survey)?;
        let session = self.store.session(&survey.id, label)?;
        let lang = match &self.options.lang {
            Some(l) if survey.languages.contains(l) => l.clone(),
            _ => survey.default_lang().to_string(),
        };
        self.active = Some(Active {
            survey: survey.clone(),
            hash,
            session,
            lang,
        });
        let items: Vec<Unfinished> = self
            .store
            .unfinished()?
            .into_iter()
            .filter(|u| u.session.survey_id == survey.id)
            .collect();
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
        match msg {
            Msg::Tick => self.tick(),
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Paste(text) => {
                self.last_input = now;
                self.paste(&text);
            }
            Msg::Key(key) => {
                self.last_input = now;
                self.key(key);
            }
        }
    }

    fn tick(&mut self) {
        match &self.screen {
            Screen::Thanks { since, .. } if self.now.duration_since(*since) >= THANKS_FOR => {
                self.screen = Screen::Welcome
            }
            Screen::Question { .. } | Screen::Review { .. }
                if self.now.duration_since(self.last_input) >= self.options.idle_timeout =>
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

    /// Recomputes the results screen when answers arrived since it was computed.
    fn refresh_results(&mut self) {
        let now = self.now;
        let Screen::Results(r) = &mut self.screen else { return };
        r.checked = now;
        let fresh = self
            .store
            .response_stamp(&r.survey.id)
            .map(|s| s != r.results.stamp)
            .unwrap_or(false);
        if fresh
            && let Ok(new) = Results::compute(&self.store, &r.survey, &r.results.lang, r.results.session.as_deref())
        {
            r.results = new;
        }
    }

    /// Opens the results of `survey`; Esc returns to `back`.
    fn open_results(&mut self, survey: Rc<Survey>, back: Screen) -> Screen {
        let lang = self.lang().to_string();
        match Results::compute(&self.store, &survey, &lang, None) {
            Ok(results) => Screen::Results(Box::new(ResultsScreen {
                survey,
                results,
                scroll: 0,
                reading: None,
                back,
                checked: self.now,
            })),
            Err(e) => {
                self.notice = Some(e.to_string());
                back
            }
        }
    }

    fn results_key(&mut self, mut r: Box<ResultsScreen>, key: KeyEvent) -> Screen {
        let page = usize::from(self.size.1).saturating_sub(4).max(1);
        let texts = r.results.text_blocks();
        let count = |results: &Results, b: usize| match &results.blocks[b] {
            super::results::Block::Text { texts, .. } => texts.len(),
            _ => 0,
        };
        match (r.reading, key.code) {
            (Some(_), KeyCode::Esc | KeyCode::Char('q')) => r.reading = None,
            (Some((b, i)), KeyCode::Right | KeyCode::Down | KeyCode::Char(' ') | KeyCode::Enter) => {
                r.reading = Some((b, (i + 1).min(count(&r.results, b).saturating_sub(1))))
            }
            (Some((b, i)), KeyCode::Left | KeyCode::Up) => r.reading = Some((b, i.saturating_sub(1))),
            (Some((b, _)), KeyCode::Tab) => {
                let next = texts.iter().copied().find(|&t| t > b).or(texts.first().copied());
                r.reading = next.map(|t| (t, 0));
            }
            (Some(_), _) => {}
            (None, KeyCode::Esc | KeyCode::Char('q')) => return r.back,
            (None, KeyCode::Down) => r.scroll += 1,
            (None, KeyCode::Up) => r.scroll = r.scroll.saturating_sub(1),
            (None, KeyCode::PageDown | KeyCode::Char(' ')) => r.scroll += page,
            (None, KeyCode::PageUp) => r.scroll = r.scroll.saturating_sub(page),
            (None, KeyCode::Home) => r.scroll = 0,
            (None, KeyCode::Char('s')) => {
                let next = r.results.next_session();
                if let Ok(new) = Results::compute(&self.store, &r.survey, &r.results.lang, next.as_deref()) {
                    r.results = new;
                    r.scroll = 0;
                }
            }
            (None, KeyCode::Char('t') | KeyCode::Enter) => {
                r.reading = texts
                    .iter()
                    .copied()
                    .find(|&t| count(&r.results, t) > 0)
                    .map(|t| (t, 0));
            }
            _ => {}
        }
        Screen::Results(r)
    }

    /// Keeps the current respondent's answers as a partial response and forgets them here.
    fn keep_partial(&mut self) {
        if let Some(r) = self.respondent.take()
            && let Some(resp) = &r.response
            && let Err(e) = self.store.mark_partial(resp)
        {
            self.notice = Some(e.to_string());
        }
    }

    fn collecting(&self) -> bool {
        !matches!(self.screen, Screen::Home { .. } | Screen::SessionLabel { .. })
    }

    fn key(&mut self, key: KeyEvent) {
        // Keys that leave the questionnaire: refused in kiosk mode while collecting.
        let leaving = ctrl(&key, 'c') || ctrl(&key, 'z') || ctrl(&key, '\\') || ctrl(&key, '4');
        if leaving {
            if !(self.options.kiosk && self.collecting()) && ctrl(&key, 'c') {
                self.keep_partial();
                self.quit = true;
            }
            return;
        }
        if key.code == KeyCode::F(10)
            && self.collecting()
            && !matches!(self.screen, Screen::Menu { .. } | Screen::Pin { .. })
        {
            self.open_menu();
            return;
        }
        if key.code == KeyCode::F(2) && self.collecting() {
            self.switch_language();
            return;
        }
        let screen = std::mem::replace(&mut self.screen, Screen::Welcome);
        self.screen = match screen {
            Screen::Home { selected } => self.home_key(selected, key),
            Screen::SessionLabel { survey, field } => self.label_key(survey, field, key),
            Screen::Resume { items, selected } => self.resume_key(items, selected, key),
            Screen::Welcome => self.welcome_key(key),
            Screen::Question {
                index,
                editor,
                problem,
                from_review,
            } => self.question_key(index, editor, problem, from_review, key),
            Screen::Review { selected, problem } => self.review_key(selected, problem, key),
            Screen::Thanks { .. } => Screen::Welcome,
            Screen::Results(r) => self.results_key(r, key),
            Screen::Menu { selected, back } => self.menu_key(selected, back, key),
            Screen::Pin {
                field,
                purpose,
                back,
                wrong,
            } => self.pin_key(field, purpose, back, wrong, key),
        };
    }

    fn paste(&mut self, text: &str) {
        match &mut self.screen {
            Screen::Question {
                index, editor, problem, ..
            } => {
                let Some(r) = &self.respondent else { return };
                let q = &r.survey.questions[*index];
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
            r.lang = next_language(&r.survey, &r.lang);
        } else if let (Screen::Welcome, Some(a)) = (&self.screen, &self.active) {
            let current = self.next_lang.as_deref().unwrap_or(&a.lang);
            self.next_lang = Some(next_language(&a.survey, current));
        }
    }

    fn open_menu(&mut self) {
        let back = Box::new(std::mem::replace(&mut self.screen, Screen::Welcome));
        self.screen = if self.pin.is_some() {
            Screen::Pin {
                field: TextField::new("", false),
                purpose: PinPurpose::Unlock,
                back,
                wrong: false,
            }
        } else {
            Screen::Menu { selected: 0, back }
        };
    }

    /// The facilitator menu's items now.
    pub fn menu_items(&self) -> Vec<MenuItem> {
        let mut items = vec![MenuItem::Back, MenuItem::Results, MenuItem::Language];
        items.push(if self.pin.is_some() {
            MenuItem::ClearPin
        } else {
            MenuItem::SetPin
        });
        items.extend([MenuItem::SwitchSurvey, MenuItem::EndSession, MenuItem::Quit]);
        items
    }

    fn menu_key(&mut self, selected: usize, back: Box<Screen>, key: KeyEvent) -> Screen {
        let items = self.menu_items();
        let chosen = match key.code {
            KeyCode::Esc | KeyCode::F(10) => return *back,
            KeyCode::Up => {
                return Screen::Menu {
                    selected: selected.saturating_sub(1),
                    back,
                };
            }
            KeyCode::Down => {
                return Screen::Menu {
                    selected: (selected + 1).min(items.len() - 1),
                    back,
                };
            }
            KeyCode::Enter => items[selected.min(items.len() - 1)],
            KeyCode::Char(c) => match c.to_digit(10) {
                Some(d) if d >= 1 && d as usize <= items.len() => items[d as usize - 1],
                _ => return Screen::Menu { selected, back },
            },
            _ => return Screen::Menu { selected, back },
        };
        match chosen {
            MenuItem::Back => *back,
            MenuItem::Results => {
                let menu = Screen::Menu { selected, back };
                match self.active.as_ref().map(|a| a.survey.clone()) {
                    Some(survey) => self.open_results(survey, menu),
                    None => menu,
                }
            }
            MenuItem::Language => {
                if let Some(a) = &mut self.active {
                    a.lang = next_language(&a.survey, &a.lang);
                }
                if let Some(r) = &mut self.respondent {
                    r.lang = next_language(&r.survey, &r.lang);
                }
                Screen::Menu { selected, back }
            }
            MenuItem::SetPin => Screen::Pin {
                field: TextField::new("", false),
                purpose: PinPurpose::Set,
                back,
                wrong: false,
            },
            MenuItem::ClearPin => {
                self.pin = None;
                Screen::Menu { selected, back }
            }
            MenuItem::SwitchSurvey => self.end_session(true),
            MenuItem::EndSession => self.end_session(self.started_at_home),
            MenuItem::Quit => {
                self.keep_partial();
                self.quit = true;
                Screen::Welcome
            }
        }
    }

    /// Ends collecting: the current respondent is kept as partial; home, or quit.
    fn end_session(&mut self, to_home: bool) -> Screen {
        self.keep_partial();
        self.active = None;
        if !to_home {
            self.quit = true;
            return Screen::Welcome;
        }
        if !self.started_at_home {
            // `koe run` had one survey; the home screen offers them all.
            let dir = self.surveys[0]
                .path
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default();
            let catalog = crate::survey::catalog::load_all(&[dir]);
            if !catalog.surveys.is_empty() {
                self.surveys = catalog.surveys;
            }
            self.started_at_home = true;
        }
        self.refresh_counts();
        Screen::Home { selected: 0 }
    }

    fn pin_key(
        &mut self,
        mut field: TextField,
        purpose: PinPurpose,
        back: Box<Screen>,
        wrong: bool,
        key: KeyEvent,
    ) -> Screen {
        match key.code {
            KeyCode::Esc => match purpose {
                PinPurpose::Unlock => *back,
                PinPurpose::Set => Screen::Menu { selected: 0, back },
            },
            KeyCode::Enter => match purpose {
                PinPurpose::Unlock if self.pin.as_deref() == Some(field.text()) => Screen::Menu { selected: 0, back },
                PinPurpose::Unlock => Screen::Pin {
                    field: TextField::new("", false),
                    purpose,
                    back,
                    wrong: true,
                },
                PinPurpose::Set if field.char_count() >= 4 => {
                    self.pin = Some(field.text().to_string());
                    Screen::Menu { selected: 0, back }
                }
                PinPurpose::Set => Screen::Pin {
                    field,
                    purpose,
                    back,
                    wrong: true,
                },
            },
            KeyCode::Backspace => {
                field.backspace();
                Screen::Pin {
                    field,
                    purpose,
                    back,
                    wrong,
                }
            }
            KeyCode::Char(c) if c.is_ascii_digit() && field.char_count() < 12 => {
                field.insert(&c.to_string());
                Screen::Pin {
                    field,
                    purpose,
                    back,
                    wrong: false,
                }
            }
            _ => Screen::Pin {
                field,
                purpose,
                back,
                wrong,
            },
        }
    }

    fn home_key(&mut self, selected: usize, key: KeyEvent) -> Screen {
        let n = self.surveys.len();
        match key.code {
            KeyCode::Up => Screen::Home {
                selected: selected.saturating_sub(1),
            },
            KeyCode::Down => Screen::Home {
                selected: (selected + 1).min(n.saturating_sub(1)),
            },
            KeyCode::Enter if n > 0 => Screen::SessionLabel {
                survey: selected,
                field: TextField::new(&today(), false),
            },
            KeyCode::Char('r') if n > 0 => {
                let survey = Rc::new(self.surveys[selected].survey.clone());
                self.open_results(survey, Screen::Home { selected })
            }
            KeyCode::Char('e') if n > 0 => {
                self.notice = Some(self.export(selected));
                Screen::Home { selected }
            }
            KeyCode::Char('q') | KeyCode::Esc => {
                self.quit = true;
                Screen::Home { selected }
            }
            _ => Screen::Home { selected },
        }
    }

    /// Exports survey `index` as `koe export` would with its defaults; says where it went.
    fn export(&self, index: usize) -> String {
        let survey = &self.surveys[index].survey;
        let lang = self.lang().to_string();
        let options = crate::tally::ExportOptions {
            exports_dir: self.options.exports_dir.clone(),
            ..crate::tally::ExportOptions::default()
        };
        match crate::tally::export(&self.store, survey, &options) {
            Ok(r) if lang == "ja" => format!("書き出しました（{} 件）: {}", r.responses, r.dir.display()),
            Ok(r) => format!("Exported {} response(s) to {}", r.responses, r.dir.display()),
            Err(e) => e.to_string(),
        }
    }

    fn label_key(&mut self, survey: usize, mut field: TextField, key: KeyEvent) -> Screen {
        match key.code {
            KeyCode::Esc => Screen::Home { selected: survey },
            KeyCode::Enter => {
                let label = field.text().trim().to_string();
                if label.is_empty() {
                    return Screen::SessionLabel { survey, field };
                }
                match self.start_session(survey, &label) {
                    Ok(()) => std::mem::replace(&mut self.screen, Screen::Welcome),
                    Err(e) => {
                        self.notice = Some(e.to_string());
                        Screen::Home { selected: survey }
                    }
                }
            }
            KeyCode::Backspace => {
                field.backspace();
                Screen::SessionLabel { survey, field }
            }
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End | KeyCode::Delete => {
                match key.code {
                    KeyCode::Left => field.left(),
                    KeyCode::Right => field.right(),
                    KeyCode::Home => field.home(),
                    KeyCode::End => field.end(),
                    _ => field.delete(),
                }
                Screen::SessionLabel { survey, field }
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                field.insert(&c.to_string());
                Screen::SessionLabel { survey, field }
            }
            _ => Screen::SessionLabel { survey, field },
        }
    }

    fn resume_key(&mut self, mut items: Vec<Unfinished>, selected: usize, key: KeyEvent) -> Screen {
        let selected = selected.min(items.len().saturating_sub(1));
        match key.code {
            KeyCode::Up => Screen::Resume {
                items,
                selected: selected.saturating_sub(1),
            },
            KeyCode::Down => Screen::Resume {
                selected: (selected + 1).min(items.len() - 1),
                items,
            },
            KeyCode::Enter => {
                let u = items.remove(selected);
                match self.resume(&u) {
                    Ok(screen) => screen,
                    Err(e) => {
                        self.notice = Some(e.to_string());
                        Screen::Resume { items, selected: 0 }
                    }
                }
            }
            KeyCode::Char('c') => {
                let u = items.remove(selected);
                if let Err(e) = self.store.mark_partial(&u.response) {
                    self.notice = Some(e.to_string());
                }
                if items.is_empty() {
                    Screen::Welcome
                } else {
                    Screen::Resume { items, selected: 0 }
                }
            }
            KeyCode::Char('a') => {
                for u in &items {
                    if let Err(e) = self.store.mark_partial(&u.response) {
                        self.notice = Some(e.to_string());
                    }
                }
                Screen::Welcome
            }
            KeyCode::Esc | KeyCode::Char('s') => Screen::Welcome,
            _ => Screen::Resume { items, selected },
        }
    }

    /// Takes an unfinished response back: its own survey version, its answers, on from the first
    /// question still open.
    fn resume(&mut self, u: &Unfinished) -> Result<Screen, crate::store::StoreError> {
        let survey = Rc::new(self.store.survey_version(&u.survey_hash)?);
        let answers = self.store.answers(&u.response)?;
        self.store.reopen(&u.response)?;
        let lang = self
            .active
            .as_ref()
            .map_or_else(|| survey.default_lang().to_string(), |a| a.lang.clone());
        self.respondent = Some(Respondent {
            survey,
            hash: u.survey_hash.clone(),
            session: u.session.clone(),
            response: Some(u.response.clone()),
            answers,
            lang,
        });
        Ok(self.first_open_question().unwrap_or(Screen::Review {
            selected: 0,
            problem: None,
        }))
    }

    /// The first shown question without an answer (notes are never "open").
    fn first_open_question(&self) -> Option<Screen> {
        let r = self.respondent.as_ref()?;
        visible_questions(&r.survey, &r.answers)
            .into_iter()
            .find(|&i| {
                !r.answers.contains_key(&r.survey.questions[i].id) && !matches!(r.survey.questions[i].kind, Kind::Note)
            })
            .map(|i| self.question_screen(i, false))
    }

    fn welcome_key(&mut self, key: KeyEvent) -> Screen {
        match key.code {
            KeyCode::Enter => {
                let Some(a) = &self.active else { return Screen::Welcome };
                self.respondent = Some(Respondent {
                    survey: a.survey.clone(),
                    hash: a.hash.clone(),
                    session: a.session.clone(),
                    response: None,
                    answers: Map::new(),
                    lang: self.next_lang.take().unwrap_or_else(|| a.lang.clone()),
                });
                self.notice = None;
                let r = self.respondent.as_ref().expect("just set");
                match visible_questions(&r.survey, &r.answers).first() {
                    Some(&i) => self.question_screen(i, false),
                    None => Screen::Review {
                        selected: 0,
                        problem: None,
                    },
                }
            }
            KeyCode::Esc | KeyCode::Char('q') if !self.options.kiosk => self.end_session(self.started_at_home),
            _ => Screen::Welcome,
        }
    }

    /// The screen for question `index`, its editor showing the answer already given.
    pub fn question_screen(&self, index: usize, from_review: bool) -> Screen {
        let r = self.respondent.as_ref().expect("a respondent is answering");
        let q = &r.survey.questions[index];
        Screen::Question {
            index,
            editor: Editor::new(q, r.answers.get(&q.id)),
            problem: None,
            from_review,
        }
    }

    /// The width text fields are laid out in (the views use the same).
    pub fn text_width(&self) -> usize {
        usize::from(self.size.0).saturating_sub(6).max(2)
    }

    fn question_key(
        &mut self,
        index: usize,
        mut editor: Editor,
        problem: Option<Problem>,
        from_review: bool,
        key: KeyEvent,
    ) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        let survey = r.survey.clone();
        let q = &survey.questions[index];
        let next = matches!(key.code, KeyCode::Tab | KeyCode::PageDown);
        let prev = matches!(key.code, KeyCode::BackTab | KeyCode::PageUp);
        if self.options.kiosk && key.code == KeyCode::Esc {
            return Screen::Question {
                index,
                editor,
                problem,
                from_review,
            };
        }
        if prev {
            // Going back keeps a valid answer typed here; an unfinished one is left as it was.
            if let Ok(value) = editor.value(q)
                && value.is_some()
            {
                let _ = self.save(index, value);
            }
            return self.previous(index, from_review);
        }
        if next {
            return self.confirm(index, editor, from_review);
        }
        match editor.key(q, key, self.text_width()) {
            Outcome::Confirm => self.confirm(index, editor, from_review),
            Outcome::Refused(p) => Screen::Question {
                index,
                editor,
                problem: Some(p),
                from_review,
            },
            Outcome::Handled => Screen::Question {
                index,
                editor,
                problem: None,
                from_review,
            },
            Outcome::Ignored => Screen::Question {
                index,
                editor,
                problem,
                from_review,
            },
        }
    }

    /// Confirms the answer on screen: checked, saved, then on to the next shown question.
    fn confirm(&mut self, index: usize, editor: Editor, from_review: bool) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        let survey = r.survey.clone();
        let q = &survey.questions[index];
        let value = match editor.value(q) {
            Ok(v) => v,
            Err(p) => {
                return Screen::Question {
                    index,
                    editor,
                    problem: Some(p),
                    from_review,
                };
            }
        };
        let problem = match &value {
            None if q.required => Some(Problem::Required),
            Some(v) if q.required && !is_complete(q, v) => Some(Problem::Incomplete),
            _ => None,
        };
        if let Some(p) = problem {
            return Screen::Question {
                index,
                editor,
                problem: Some(p),
                from_review,
            };
        }
        if let Err(e) = self.save(index, value) {
            let message = if self.lang() == "ja" {
                format!("保存できませんでした: {e}")
            } else {
                format!("Could not save: {e}")
            };
            return Screen::Question {
                index,
                editor,
                problem: Some(Problem::Invalid(message)),
                from_review,
            };
        }
        self.after(index, from_review)
    }

    /// Stores (or clears) one answer, then clears answers that became hidden.
    fn save(&mut self, index: usize, value: Option<Value>) -> Result<(), crate::store::StoreError> {
        let r = self.respondent.as_mut().expect("a respondent is answering");
        let q = &r.survey.questions[index];
        match value {
            Some(v) => {
                let response = match &r.response {
                    Some(resp) => resp.clone(),
                    None => {
                        let resp = self.store.start_response(&r.session, &r.hash)?;
                        r.response = Some(resp.clone());
                        resp
                    }
                };
                self.store.save_answer(&response, q, &v)?;
                r.answers.insert(q.id.clone(), v);
            }
            None => {
                if r.answers.contains_key(&q.id)
                    && let Some(resp) = &r.response
                {
                    self.store.clear_answers(resp, std::slice::from_ref(&q.id))?;
                }
                r.answers.remove(&q.id);
            }
        }
        let hidden = hidden_answers(&r.survey, &r.answers);
        if !hidden.is_empty() {
            if let Some(resp) = &r.response {
                self.store.clear_answers(resp, &hidden)?;
            }
            for id in hidden {
                r.answers.remove(&id);
            }
        }
        Ok(())
    }

    /// Where to go after question `index` was confirmed.
    fn after(&self, index: usize, from_review: bool) -> Screen {
        let r = self.respondent.as_ref().expect("a respondent is answering");
        let shown = visible_questions(&r.survey, &r.answers);
        if from_review {
            // Back to the review, unless the change opened a required question still unanswered.
            let missing = shown.iter().copied().find(|&i| {
                let q = &r.survey.questions[i];
                i > index && q.required && !r.answers.contains_key(&q.id)
            });
            return match missing {
                Some(i) => self.question_screen(i, true),
                None => Screen::Review {
                    selected: 0,
                    problem: None,
                },
            };
        }
        match shown.into_iter().find(|&i| i > index) {
            Some(i) => self.question_screen(i, false),
            None => Screen::Review {
                selected: 0,
                problem: None,
            },
        }
    }

    fn previous(&self, index: usize, from_review: bool) -> Screen {
        let r = self.respondent.as_ref().expect("a respondent is answering");
        match visible_questions(&r.survey, &r.answers)
            .into_iter()
            .rev()
            .find(|&i| i < index)
        {
            Some(i) => self.question_screen(i, from_review),
            None => self.question_screen(index, from_review),
        }
    }

    /// The questions listed on the review screen: shown, and not notes.
    pub fn review_items(&self) -> Vec<usize> {
        let Some(r) = &self.respondent else { return Vec::new() };
        visible_questions(&r.survey, &r.answers)
            .into_iter()
            .filter(|&i| !matches!(r.survey.questions[i].kind, Kind::Note))
            .collect()
    }

    fn review_key(&mut self, selected: usize, problem: Option<String>, key: KeyEvent) -> Screen {
        let items = self.review_items();
        let last = items.len().saturating_sub(1);
        match key.code {
            KeyCode::Up => Screen::Review {
                selected: selected.saturating_sub(1),
                problem,
            },
            KeyCode::Down => Screen::Review {
                selected: (selected + 1).min(last),
                problem,
            },
            KeyCode::Char('e') | KeyCode::Char('E') if !items.is_empty() => {
                self.question_screen(items[selected.min(last)], true)
            }
            KeyCode::BackTab | KeyCode::PageUp if !items.is_empty() => self.question_screen(items[last], false),
            KeyCode::Enter => self.submit(),
            KeyCode::Char(c) => match c.to_digit(10) {
                Some(d) if d >= 1 && (d as usize) <= items.len() => self.question_screen(items[d as usize - 1], true),
                _ => Screen::Review { selected, problem },
            },
            _ => Screen::Review { selected, problem },
        }
    }

    fn submit(&mut self) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        let problems = check_response(&r.survey, &r.answers);
        if !problems.is_empty() {
            // Show the first question that needs attention.
            let first = r
                .survey
                .questions
                .iter()
                .position(|q| problems.iter().any(|p| p.starts_with(&format!("{}:", q.id))));
            if let Some(i) = first {
                let mut screen = self.question_screen(i, true);
                if let Screen::Question { problem, .. } = &mut screen {
                    *problem = Some(Problem::Required);
                }
                return screen;
            }
            return Screen::Review {
                selected: 0,
                problem: Some(problems.join("; ")),
            };
        }
        let result = (|| {
            let r = self.respondent.as_mut().expect("checked above");
            let response = match &r.response {
                Some(resp) => resp.clone(),
                None => self.store.start_response(&r.session, &r.hash)?,
            };
            self.store.submit(&response)
        })();
        match result {
            Ok(()) => {
                let lang = self.respondent.take().map(|r| r.lang).unwrap_or_default();
                Screen::Thanks { since: self.now, lang }
            }
            Err(e) => Screen::Review {
                selected: 0,
                problem: Some(e.to_string()),
            },
        }
    }
}
