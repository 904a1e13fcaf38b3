//! `koe entry`: typing in paper questionnaires, one sheet after another, and verifying them by a
//! second entry (double entry, as EpiData does).
//!
//! The same Elm shape as the kiosk: one [`EntryApp`], `update` per message, `view` only reads.
//! Each field is saved through the store the moment it is confirmed (the same one-transaction
//! saves as the kiosk), so a sheet survives a crash field by field: the form queues the save as
//! an effect, [`effects`] runs it before `update` returns, and its outcome moves the cursor on. [`field`] says what typed text
//! means, [`verify`] compares two entries; which key does what is in the kiosk's own key tables
//! (`tui::keymap`, `Keymap::Entry*`), which dispatch and the footer both read.

mod effects;
pub mod field;
pub mod verify;
pub mod view;

use self::effects::{AfterAnswers, AfterField, AfterSheets, Done, Effect};

use std::rc::Rc;
use std::time::Instant;

use crossterm::event::KeyEvent;
use serde_json::{Map, Value};

use self::field::{Field, Style, could_be, decided, decode, encode, fields, merge_field, style, too_many_codes};
use self::verify::{Chosen, Difference};
use super::app::{DRAFT_AFTER, Msg};
use super::keymap::{self, Action, Context, Keymap};
use super::kinds::rules;
use super::text_field::TextField;
use crate::store::{PaperCounts, SessionRef, Sheet, Store, StoreError, sheet_number};
use crate::survey::answer::AnswerFault;
use crate::survey::flow::Walk;
use crate::survey::shown::visibility;
use crate::survey::{Question, Survey};

/// The screens of the entry form.
#[derive(Clone, Debug)]
pub enum Screen {
    /// Asking for the next sheet number; `fresh` when the field shows the number suggested (the
    /// next one), which the first key typed replaces.
    Number {
        field: TextField,
        problem: Option<String>,
        fresh: bool,
    },
    /// Typing a sheet.
    Sheet(Form),
    /// Verifying: the fields where the two entries differ, each resolved against the paper.
    Resolve(Resolve),
}

/// A sheet being typed.
#[derive(Clone, Debug)]
pub struct Form {
    pub sheet: Sheet,
    /// The answers of this pass (the first entry, or the second when verifying) and which
    /// questions they show.
    pub walk: Walk,
    /// Index into [`EntryApp::fields`].
    pub cursor: usize,
    pub input: TextField,
    /// The input shows what was stored; the first key typed replaces it.
    pub fresh: bool,
    /// Why the field did not move on (in the survey's language).
    pub problem: Option<String>,
}

/// The differences of a verified sheet.
#[derive(Clone, Debug)]
pub struct Resolve {
    pub sheet: Sheet,
    pub first: Map<String, Value>,
    pub diffs: Vec<Difference>,
    pub cursor: usize,
    /// A third value being typed for the difference under the cursor.
    pub typing: Option<TextField>,
    pub problem: Option<String>,
}

/// The entry form's state. Its fields are the tui module's own (the store only `effects.rs`'s);
/// tests read what they need through the methods below.
pub struct EntryApp {
    store: Store,
    pub(in crate::tui) survey: Rc<Survey>,
    pub(in crate::tui) hash: String,
    pub(in crate::tui) session: SessionRef,
    /// The second entry (`--verify`).
    pub(in crate::tui) verify: bool,
    pub(in crate::tui) lang: String,
    pub(in crate::tui) fields: Vec<Field>,
    pub(in crate::tui) screen: Screen,
    /// The session's sheets as last read (for PageUp/Down and the lists on the number screen).
    pub(in crate::tui) sheets: Vec<Sheet>,
    /// What just happened (a sheet stored, a number refused).
    pub(in crate::tui) notice: Option<String>,
    /// The number of the sheet last opened, stored or verified: the next number follows it.
    last_sheet: Option<String>,
    /// When the last key came, and whether the field has changed since it was last saved.
    last_input: Instant,
    draft_dirty: bool,
    pub(in crate::tui) size: (u16, u16),
    pub(in crate::tui) quit: bool,
    /// What the step under way asks of the store, run by `effects.rs` when it ends.
    effects: std::collections::VecDeque<Effect>,
}

/// The number screen with an empty field (before anything is known, or as a placeholder).
fn number_screen(problem: Option<String>) -> Screen {
    Screen::Number {
        field: TextField::new("", false),
        problem,
        fresh: false,
    }
}

impl EntryApp {
    /// A fault of the database in the form's language.
    fn said(&self, e: &StoreError) -> String {
        e.said(crate::words::Lang::of_code(&self.lang))
    }

    /// `koe entry SURVEY --session LABEL [--verify]`.
    pub fn new(mut store: Store, survey: Survey, label: &str, verify: bool) -> Result<EntryApp, StoreError> {
        let (hash, session) = effects::open(&mut store, &survey, label)?;
        let lang = survey.default_lang().to_string();
        let fields = fields(&survey);
        let mut app = EntryApp {
            store,
            survey: Rc::new(survey),
            hash,
            session,
            verify,
            lang,
            fields,
            screen: number_screen(None),
            sheets: Vec::new(),
            notice: None,
            last_sheet: None,
            last_input: Instant::now(),
            draft_dirty: false,
            size: (80, 24),
            quit: false,
            effects: Default::default(),
        };
        app.refresh_sheets(AfterSheets::AskNumber);
        app.run_effects();
        Ok(app)
    }

    /// The number screen, its field showing the number the next sheet most likely has (paper
    /// sheets are numbered in order): entering, the one after the last sheet entered; verifying,
    /// the next sheet not yet verified. Enter takes it; typing replaces it.
    fn ask_number(&self, problem: Option<String>) -> Screen {
        let suggested = if self.verify {
            let after = self
                .last_sheet
                .as_ref()
                .and_then(|n| self.sheets.iter().position(|s| &s.number == n));
            let open = |s: &&Sheet| s.submitted && s.verified_at.is_none();
            after
                .and_then(|i| self.sheets[i + 1..].iter().find(open))
                .or_else(|| self.sheets.iter().find(open))
                .map(|s| s.number.clone())
        } else {
            self.last_sheet
                .as_deref()
                .or(self.sheets.last().map(|s| s.number.as_str()))
                .and_then(|n| n.parse::<u64>().ok())
                .and_then(|n| {
                    (n + 1..n + 1000)
                        .map(|m| m.to_string())
                        .find(|m| !self.sheets.iter().any(|s| &s.number == m))
                })
        };
        let text = suggested.unwrap_or_default();
        Screen::Number {
            fresh: !text.is_empty(),
            field: TextField::new(&text, false),
            problem,
        }
    }

    /// Reads the session's sheets again; `then` goes on once they are read.
    fn refresh_sheets(&mut self, then: AfterSheets) {
        self.effects.push_back(Effect::Sheets { then });
    }

    /// The screen on show.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The survey being entered.
    pub fn survey(&self) -> &Survey {
        &self.survey
    }

    /// Whether the form is to end (the loop stops).
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Entered, verified and resolved counts of this session's sheets.
    pub fn counts(&self) -> PaperCounts {
        let mut c = PaperCounts::default();
        for s in self.sheets.iter().filter(|s| s.submitted) {
            c.entered += 1;
            if s.verified_at.is_some() {
                c.verified += 1;
                c.resolved += s.differences.unwrap_or(0);
            }
        }
        c
    }

    /// Stored sheets not yet verified, in entry order.
    pub fn unverified(&self) -> impl Iterator<Item = &Sheet> {
        self.sheets.iter().filter(|s| s.submitted && s.verified_at.is_none())
    }

    /// Sheets started but never stored (Enter on the last field was not reached).
    pub fn unfinished(&self) -> impl Iterator<Item = &Sheet> {
        self.sheets.iter().filter(|s| !s.submitted)
    }

    /// The width a field's text is laid out in (the view draws the answer column this wide).
    pub fn answer_width(&self) -> usize {
        view::columns(self.size.0).answer
    }

    /// Handles one message at the time `now`.
    /// The form changes first; the effects it asked for then run against the store (see
    /// `effects.rs`), their outcomes taken back in, before this returns.
    pub fn update(&mut self, msg: Msg, now: Instant) {
        match msg {
            Msg::Key(key) => {
                self.last_input = now;
                self.key(key);
                self.run_effects();
                self.draft_dirty = matches!(&self.screen, Screen::Sheet(f) if !f.fresh);
            }
            Msg::Paste(text) => {
                self.last_input = now;
                self.paste(&text);
                self.run_effects();
                self.draft_dirty = matches!(&self.screen, Screen::Sheet(f) if !f.fresh);
            }
            Msg::Resize(w, h) => self.size = (w, h),
            Msg::Tick => {
                if self.draft_dirty && now.duration_since(self.last_input) >= DRAFT_AFTER {
                    self.save_draft();
                    self.run_effects();
                }
            }
            // The paper-entry form is typed: its loop never turns mouse capture on.
            Msg::Mouse(_) => {}
        }
    }

    /// Saves what is typed in the current field but not yet confirmed (a comment, a number, a
    /// list of codes), a moment after the last key, as the kiosk does: a laptop that dies
    /// mid-field loses at most that moment. Only a valid answer is stored; the field stays as
    /// it is, and Enter still moves on.
    fn save_draft(&mut self) {
        self.draft_dirty = false;
        let Screen::Sheet(form) = &self.screen else { return };
        let form = form.clone();
        let (f, q) = self.question(&form);
        if let Ok(Some(v)) = decode(q, f, form.input.text()) {
            // The screen takes the form back once saved (see `field_saved`).
            let _ = self.save_field(form, Some(v), AfterField::Draft);
        }
    }

    /// The key table of the screen on show (dispatch and footer both read it).
    pub fn keymap(&self) -> Keymap {
        match &self.screen {
            Screen::Number { .. } => Keymap::EntryNumber,
            Screen::Sheet(_) => Keymap::EntrySheet,
            Screen::Resolve(r) if r.typing.is_some() => Keymap::EntryResolveTyping,
            Screen::Resolve(_) => Keymap::EntryResolve,
        }
    }

    /// What the key tables look at: the second entry hides the keys that would show the first.
    pub fn key_context(&self) -> Context {
        Context {
            lang: "ja".to_string(),
            verifying: self.verify,
            ..Context::default()
        }
    }

    fn key(&mut self, key: KeyEvent) {
        let action = keymap::action(self.keymap(), &self.key_context(), &key);
        if action == Some(Action::Quit) {
            if let Screen::Sheet(form) = &self.screen {
                // Whatever the outcome, koe ends (see `field_saved`).
                self.screen = self.keep_field(form.clone(), AfterField::Quit);
            }
            self.quit = true;
            return;
        }
        let screen = std::mem::replace(&mut self.screen, number_screen(None));
        self.screen = match screen {
            Screen::Number { field, problem, fresh } => self.number_key(field, problem, fresh, action, key),
            Screen::Sheet(form) => self.sheet_key(form, action, key),
            Screen::Resolve(r) => self.resolve_key(r, action, key),
        };
    }

    fn paste(&mut self, text: &str) {
        match &mut self.screen {
            Screen::Number { field, fresh, .. } => {
                if *fresh {
                    *field = TextField::new("", false);
                    *fresh = false;
                }
                field.insert(text)
            }
            Screen::Sheet(form) => {
                if form.fresh {
                    form.input = TextField::new("", form.input.is_multiline());
                    form.fresh = false;
                }
                form.input.insert(text);
            }
            Screen::Resolve(r) => {
                if let Some(t) = &mut r.typing {
                    t.insert(text);
                }
            }
        }
    }

    // ----- the sheet number -----

    fn number_key(
        &mut self,
        mut field: TextField,
        problem: Option<String>,
        fresh: bool,
        action: Option<Action>,
        key: KeyEvent,
    ) -> Screen {
        match action {
            Some(Action::Confirm) => self.open_number(field),
            Some(Action::PageUp) => match self.sheets.last().cloned() {
                Some(s) => self.open_sheet(s),
                None => Screen::Number { field, problem, fresh },
            },
            Some(Action::Type(c)) => {
                if fresh {
                    field = TextField::new("", false);
                }
                field.insert(&c.to_string());
                Screen::Number {
                    field,
                    problem: None,
                    fresh: false,
                }
            }
            Some(a) if editing(a) => {
                let mut fresh = fresh;
                if fresh && a == Action::Backspace {
                    field = TextField::new("", false);
                    fresh = false;
                } else if field.edit(&key, 20) {
                    fresh = false;
                }
                Screen::Number {
                    field,
                    problem: None,
                    fresh,
                }
            }
            _ => Screen::Number { field, problem, fresh },
        }
    }

    /// Enter on the sheet number: a new sheet, or (verifying) the stored sheet of that number.
    fn open_number(&mut self, field: TextField) -> Screen {
        let refuse = |field: TextField, message: String| Screen::Number {
            field,
            problem: Some(message),
            fresh: false,
        };
        let number = match sheet_number(field.text()) {
            Ok(n) => n,
            Err(e) => return refuse(field, format!("用紙番号: {}", e.japanese())),
        };
        // Looked up by an effect; `found` goes on.
        self.effects.push_back(Effect::FindSheet {
            number,
            field: field.clone(),
        });
        Screen::Number {
            field,
            problem: None,
            fresh: false,
        }
    }

    /// The number typed is looked up: a new sheet, or (verifying) the stored sheet of that number.
    fn found(&mut self, result: Result<Option<Sheet>, StoreError>, number: String, field: TextField) -> Screen {
        let refuse = |field: TextField, message: String| Screen::Number {
            field,
            problem: Some(message),
            fresh: false,
        };
        let existing = match result {
            Ok(s) => s,
            Err(e) => return refuse(field, self.said(&e)),
        };
        self.notice = None;
        match (self.verify, existing) {
            (false, None) => {
                self.effects.push_back(Effect::StartSheet {
                    number,
                    field: field.clone(),
                });
                Screen::Number {
                    field,
                    problem: None,
                    fresh: false,
                }
            }
            (false, Some(s)) if s.submitted => refuse(
                field,
                format!(
                    "用紙番号 {number} は入力済みです（{} に入力）。直すときは PgUp/PgDn で開きます",
                    local_time(&s.entered_at)
                ),
            ),
            // Started but never stored: go on where it was left.
            (false, Some(s)) => self.open_sheet(s),
            (true, None) => refuse(field, format!("用紙番号 {number} はこのセッションに入力されていません")),
            (true, Some(s)) if !s.submitted => refuse(field, format!("用紙 {number} は1回目の入力が終わっていません")),
            (true, Some(s)) if s.verified_at.is_some() => refuse(
                field,
                format!(
                    "用紙 {number} は確認済みです（{}）",
                    local_time(s.verified_at.as_deref().unwrap_or_default())
                ),
            ),
            // A second entry may have been left mid-way: go on with it.
            (true, Some(s)) => {
                self.effects.push_back(Effect::SecondAnswers {
                    sheet: s,
                    field: field.clone(),
                });
                Screen::Number {
                    field,
                    problem: None,
                    fresh: false,
                }
            }
        }
    }

    /// Opens a stored sheet to correct it (first entry only), once its answers are read.
    fn open_sheet(&mut self, sheet: Sheet) -> Screen {
        self.effects.push_back(Effect::Answers {
            sheet,
            then: AfterAnswers::Open,
        });
        self.ask_number(None)
    }

    fn form(&self, sheet: Sheet, answers: Map<String, Value>) -> Screen {
        let walk = Walk::new(self.survey.clone(), answers);
        let shown = visibility(&self.survey, walk.answers());
        let cursor = (0..self.fields.len())
            .find(|&i| shown[self.fields[i].question])
            .unwrap_or(0);
        let mut form = Form {
            sheet,
            walk,
            cursor,
            input: TextField::new("", false),
            fresh: false,
            problem: None,
        };
        self.load_field(&mut form, cursor);
        Screen::Sheet(form)
    }

    // ----- the fields of a sheet -----

    fn question(&self, form: &Form) -> (Field, &Question) {
        let f = self.fields[form.cursor];
        (f, &self.survey.questions[f.question])
    }

    /// Puts the cursor on field `i`, its input showing what this pass stored there.
    fn load_field(&self, form: &mut Form, i: usize) {
        form.cursor = i;
        let Some(&f) = self.fields.get(i) else { return };
        let q = &self.survey.questions[f.question];
        let text = encode(q, f, form.walk.answer(f.question));
        let multiline = rules(&q.kind).paper_multiline(q);
        form.fresh = !text.is_empty();
        form.input = TextField::new(&text, multiline);
        form.problem = None;
    }

    fn sheet_key(&mut self, mut form: Form, action: Option<Action>, key: KeyEvent) -> Screen {
        match action {
            Some(Action::Confirm) => self.next_field(form),
            Some(Action::PrevQuestion) => self.keep_field(form, AfterField::Previous),
            Some(Action::NewLine) => {
                if form.input.is_multiline() {
                    form.fresh = false;
                    form.input.newline();
                }
                Screen::Sheet(form)
            }
            Some(Action::PageUp | Action::PageDown) => self.keep_field(
                form,
                AfterField::Page {
                    up: action == Some(Action::PageUp),
                },
            ),
            Some(Action::Back) => self.keep_field(form, AfterField::Leave),
            Some(Action::Type(c)) => self.type_char(form, c),
            Some(a) if editing(a) => {
                let width = self.answer_width();
                if form.fresh && a == Action::Backspace {
                    form.input = TextField::new("", form.input.is_multiline());
                } else {
                    form.input.edit(&key, width);
                }
                form.fresh = false;
                form.problem = None;
                Screen::Sheet(form)
            }
            _ => Screen::Sheet(form),
        }
    }

    /// A character typed into the current field; a key that decides a pick field moves on, a key
    /// that makes a field wrong at once (a code past a multiple choice's or rank's maximum) is refused
    /// on that field.
    fn type_char(&mut self, mut form: Form, c: char) -> Screen {
        let (f, q) = self.question(&form);
        let mut input = if form.fresh {
            TextField::new("", form.input.is_multiline())
        } else {
            form.input.clone()
        };
        input.insert(&c.to_string());
        let refused = match style(q) {
            Style::Pick if !could_be(q, input.text()) => Some(format!(
                "{}: {}",
                crate::tui::wrap::fit(input.text(), 12),
                rules(&q.kind).paper_range(q)
            )),
            Style::Pick => None,
            Style::Codes => too_many_codes(q, input.text()).map(|most| AnswerFault::TooMany(most).message(&self.lang)),
            Style::Typed => rules(&q.kind)
                .typed_key_fault(q, c, input.text())
                .map(|f| f.message(&self.lang)),
        };
        if let Some(p) = refused {
            form.problem = Some(p);
            return Screen::Sheet(form);
        }
        let decides = decided(q, f, input.text());
        form.input = input;
        form.fresh = false;
        form.problem = None;
        if decides {
            return self.next_field(form);
        }
        Screen::Sheet(form)
    }

    /// Saves the current field when what is typed is a valid answer (going on, back, leaving),
    /// then does what `then` says; when it is not valid, the form stays with the problem shown.
    fn keep_field(&mut self, mut form: Form, then: AfterField) -> Screen {
        if form.fresh {
            return self.after_field(form, then);
        }
        let (f, q) = self.question(&form);
        match decode(q, f, form.input.text()) {
            Ok(v) => self.save_field(form, v, then),
            Err(fault) => {
                form.problem = Some(fault.message(&self.lang));
                Screen::Sheet(form)
            }
        }
    }

    /// Confirms the current field and moves to the next shown one; after the last, stores the
    /// sheet.
    fn next_field(&mut self, form: Form) -> Screen {
        self.keep_field(form, AfterField::Next)
    }

    /// Stores one field of this pass and clears the answers its change hid (the walk says which),
    /// as one transaction, by an effect: the store is written first, and the walk takes the
    /// answer when the outcome comes back (`field_saved`). A field that changes nothing goes on
    /// at once.
    fn save_field(&mut self, form: Form, value: Option<Value>, then: AfterField) -> Screen {
        let f = self.fields[form.cursor];
        let q = &self.survey.questions[f.question];
        let previous = form.walk.answer(f.question).cloned();
        let answer = merge_field(q, f, previous.as_ref(), value);
        let hidden = form.walk.would_hide(f.question, answer.as_ref());
        if answer == previous && hidden.is_empty() {
            let mut form = form;
            form.walk.set(f.question, answer);
            return self.after_field(form, then);
        }
        self.effects.push_back(Effect::SaveField {
            form: form.clone(),
            question: f.question,
            answer,
            hidden,
            then,
        });
        Screen::Sheet(form)
    }

    /// A field's save came back: the walk takes the answer and the form goes on; or it stays and
    /// says the field was not saved.
    fn field_saved(
        &mut self,
        mut form: Form,
        question: usize,
        answer: Option<Value>,
        result: Result<(), StoreError>,
        then: AfterField,
    ) {
        match result {
            Ok(()) => {
                form.walk.set(question, answer);
                self.screen = self.after_field(form, then);
            }
            Err(e) if then == AfterField::Draft => self.notice = Some(self.said(&e)),
            // Koe ends all the same.
            Err(_) if then == AfterField::Quit => {}
            Err(e) => {
                form.problem = Some(format!("保存できませんでした: {}", self.said(&e)));
                self.screen = Screen::Sheet(form);
            }
        }
    }

    /// Where the form goes once its field is kept.
    fn after_field(&mut self, mut form: Form, then: AfterField) -> Screen {
        match then {
            AfterField::Next => {
                let shown = visibility(&self.survey, form.walk.answers());
                match (form.cursor + 1..self.fields.len()).find(|&i| shown[self.fields[i].question]) {
                    Some(i) => {
                        self.load_field(&mut form, i);
                        Screen::Sheet(form)
                    }
                    None => self.end_of_sheet(form),
                }
            }
            AfterField::Previous => {
                let shown = visibility(&self.survey, form.walk.answers());
                if let Some(i) = (0..form.cursor).rev().find(|&i| shown[self.fields[i].question]) {
                    self.load_field(&mut form, i);
                }
                Screen::Sheet(form)
            }
            AfterField::Page { up } => {
                self.refresh_sheets(AfterSheets::Page {
                    form: Box::new(form.clone()),
                    up,
                });
                Screen::Sheet(form)
            }
            AfterField::Leave => {
                self.refresh_sheets(AfterSheets::AskNumber);
                self.ask_number(None)
            }
            // Koe ends; a draft leaves the form where it is.
            AfterField::Quit | AfterField::Draft => Screen::Sheet(form),
        }
    }

    /// PgUp / PgDn, the sheets read again: the sheet before or after `form`'s.
    fn page(&mut self, form: Form, up: bool) -> Screen {
        let at = self.sheets.iter().position(|s| s.response == form.sheet.response);
        let target = match (up, at) {
            (true, Some(i)) => i.checked_sub(1).map(|i| self.sheets[i].clone()),
            (true, None) => self.sheets.last().cloned(),
            (false, Some(i)) => self.sheets.get(i + 1).cloned(),
            _ => None,
        };
        match target {
            Some(s) => self.open_sheet(s),
            None if !up => self.ask_number(None),
            None => Screen::Sheet(form),
        }
    }

    /// Enter on the last field: the first entry is stored; a second entry is compared with it.
    fn end_of_sheet(&mut self, form: Form) -> Screen {
        if !self.verify {
            self.effects.push_back(Effect::StoreSheet { form: form.clone() });
            return Screen::Sheet(form);
        }
        self.effects.push_back(Effect::Answers {
            sheet: form.sheet.clone(),
            then: AfterAnswers::Compare {
                form: Box::new(form.clone()),
            },
        });
        Screen::Sheet(form)
    }

    /// The first entry's answers are read: the second entry in `form` is compared with them.
    fn compare(&mut self, form: Form, first: Map<String, Value>) -> Screen {
        let diffs = verify::differences(&self.survey, &self.fields, &first, form.walk.answers());
        if diffs.is_empty() {
            return self.finish(form.sheet, first, &[]);
        }
        Screen::Resolve(Resolve {
            sheet: form.sheet,
            first,
            diffs,
            cursor: 0,
            typing: None,
            problem: None,
        })
    }

    // ----- resolving differences -----

    fn resolve_key(&mut self, mut r: Resolve, action: Option<Action>, key: KeyEvent) -> Screen {
        r.problem = None;
        if let Some(mut t) = r.typing.take() {
            let d = &r.diffs[r.cursor];
            let q = &self.survey.questions[d.field.question];
            match action {
                Some(Action::Confirm) => match decode(q, d.field, t.text()) {
                    Ok(v) => {
                        r.diffs[r.cursor].chosen = Some(Chosen::Third(v));
                        r.cursor = next_open(&r.diffs, r.cursor);
                    }
                    Err(p) => {
                        r.problem = Some(p.message(&self.lang));
                        r.typing = Some(t);
                    }
                },
                Some(Action::Back) => {}
                Some(Action::Type(c)) => {
                    t.insert(&c.to_string());
                    r.typing = Some(t);
                }
                _ => {
                    t.edit(&key, self.answer_width());
                    r.typing = Some(t);
                }
            }
            return Screen::Resolve(r);
        }
        let pick = |r: &mut Resolve, c: Chosen| {
            r.diffs[r.cursor].chosen = Some(c);
            r.cursor = next_open(&r.diffs, r.cursor);
        };
        match action {
            Some(Action::Select(0)) => pick(&mut r, Chosen::First),
            Some(Action::Select(1)) => pick(&mut r, Chosen::Second),
            Some(Action::Select(2)) => r.typing = Some(TextField::new("", false)),
            Some(Action::Up) => r.cursor = r.cursor.saturating_sub(1),
            Some(Action::Down) => r.cursor = (r.cursor + 1).min(r.diffs.len() - 1),
            Some(Action::Back) => {
                self.notice = Some(format!(
                    "用紙 {} の確認入力は保存されています。番号を入力すると続きから確認できます",
                    r.sheet.number
                ));
                return self.ask_number(None);
            }
            Some(Action::Confirm) => {
                if let Some(open) = r.diffs.iter().position(|d| d.chosen.is_none()) {
                    r.cursor = open;
                    r.problem = Some("まだ選ばれていない差異があります（1 / 2 / 3）".to_string());
                    return Screen::Resolve(r);
                }
                let answers = verify::resolved(&self.survey, &r.first, &r.diffs);
                let diffs = r.diffs.clone();
                return self.finish(r.sheet, answers, &diffs);
            }
            _ => {}
        }
        Screen::Resolve(r)
    }

    /// Stores the verified answers and marks the sheet verified.
    fn finish(&mut self, sheet: Sheet, answers: Map<String, Value>, diffs: &[Difference]) -> Screen {
        self.effects.push_back(Effect::FinishVerify {
            sheet,
            answers,
            differences: diffs.len(),
        });
        self.ask_number(None)
    }

    /// Takes the outcome of one effect: the message the store sends back.
    fn done(&mut self, done: Done) {
        match done {
            Done::FieldSaved {
                form,
                question,
                answer,
                result,
                then,
            } => self.field_saved(form, question, answer, result, then),
            Done::Sheets { result, then } => {
                match result {
                    Ok(s) => self.sheets = s,
                    Err(e) => self.notice = Some(self.said(&e)),
                }
                self.screen = match then {
                    AfterSheets::Page { form, up } => self.page(*form, up),
                    AfterSheets::AskNumber => self.ask_number(None),
                    AfterSheets::Started { sheet } => self.form(sheet, Map::new()),
                    AfterSheets::Stored { number } => {
                        self.notice = Some(format!("用紙 {number} を保存しました"));
                        self.last_sheet = Some(number);
                        self.ask_number(None)
                    }
                    AfterSheets::Verified { number, differences } => {
                        self.notice = Some(if differences == 0 {
                            format!("用紙 {number} を確認しました（差異なし）")
                        } else {
                            format!("用紙 {number} を確認しました（差異 {differences} 件を解消）")
                        });
                        self.last_sheet = Some(number);
                        self.ask_number(None)
                    }
                };
            }
            Done::Found { result, number, field } => self.screen = self.found(result, number, field),
            Done::SheetStarted { result, field } => match result {
                Ok(sheet) => self.refresh_sheets(AfterSheets::Started { sheet }),
                Err(e) => self.screen = refused(field, self.said(&e)),
            },
            Done::SecondRead { result, sheet, field } => {
                self.screen = match result {
                    Ok(second) => self.form(sheet, second),
                    Err(e) => refused(field, self.said(&e)),
                };
            }
            Done::AnswersRead { result, sheet, then } => {
                self.screen = match (result, then) {
                    (Ok(answers), AfterAnswers::Open) => self.form(sheet, answers),
                    (Ok(first), AfterAnswers::Compare { form }) => self.compare(*form, first),
                    (Err(e), _) => self.ask_number(Some(self.said(&e))),
                };
            }
            Done::SheetStored { result, mut form } => match result {
                Ok(()) => self.refresh_sheets(AfterSheets::Stored {
                    number: form.sheet.number.clone(),
                }),
                Err(e) => {
                    form.problem = Some(format!("保存できませんでした: {}", self.said(&e)));
                    self.screen = Screen::Sheet(form);
                }
            },
            Done::VerifyFinished {
                result,
                number,
                differences,
            } => match result {
                Ok(()) => self.refresh_sheets(AfterSheets::Verified { number, differences }),
                Err(e) => self.screen = self.ask_number(Some(self.said(&e))),
            },
        }
    }
}

/// The number screen refusing what was typed, and why.
fn refused(field: TextField, message: String) -> Screen {
    Screen::Number {
        field,
        problem: Some(message),
        fresh: false,
    }
}

/// The next difference still to resolve after `i` (or `i` itself when all are resolved).
fn next_open(diffs: &[Difference], i: usize) -> usize {
    (i + 1..diffs.len())
        .chain(0..i)
        .find(|&j| diffs[j].chosen.is_none())
        .unwrap_or(i)
}

/// The actions that edit a text field (the key itself then goes to `TextField::edit`).
fn editing(a: Action) -> bool {
    matches!(
        a,
        Action::Backspace | Action::Delete | Action::Left | Action::Right | Action::Home | Action::End
    )
}

/// A stored UTC time as local time, to the minute.
pub fn local_time(utc: &str) -> String {
    utc.parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| utc.to_string())
}

/// Runs the entry form in the real terminal until it quits.
pub fn run_loop(mut app: EntryApp) -> std::io::Result<()> {
    let mut term = super::terminal::init()?;
    let _guard = super::terminal::Guard;
    let theme = super::view::Theme::from_env();
    let size = term.size()?;
    app.update(Msg::Resize(size.width, size.height), Instant::now());
    while !app.quit {
        term.draw(|f| view::draw(f, &app, theme))?;
        super::pump(super::TICK, |msg| {
            app.update(msg, Instant::now());
            app.quit
        })?;
    }
    Ok(())
}
