//! The facilitator's side of the app: the home screen, session labels, resuming unfinished
//! responses, the F10 menu and its PIN, exports and the results screen.

use super::*;

impl App {
    /// F10: the facilitator menu; in a locked session only after its PIN.
    pub(super) fn open_menu(&mut self) {
        let back = std::mem::replace(&mut self.screen, Screen::Welcome);
        self.screen = if self.locked() {
            pin_prompt(PinPurpose::Unlock, back, None)
        } else {
            Screen::Menu {
                selected: 0,
                back: Box::new(back),
            }
        };
    }

    /// The facilitator menu's items now.
    pub fn menu_items(&self) -> Vec<MenuItem> {
        // The same numbers in every session (7 quits), the PIN's own item last.
        let mut items = vec![
            MenuItem::Back,
            MenuItem::Results,
            MenuItem::Language,
            MenuItem::Backup,
            MenuItem::SwitchSurvey,
            MenuItem::EndSession,
            MenuItem::Quit,
        ];
        if self.locked() {
            items.push(MenuItem::ChangePin);
        }
        items
    }

    pub(super) fn menu_key(&mut self, selected: usize, back: Box<Screen>, action: Action) -> Screen {
        let items = self.menu_items();
        let chosen = match action {
            Action::Back => return *back,
            Action::Up => {
                return Screen::Menu {
                    selected: selected.saturating_sub(1),
                    back,
                };
            }
            Action::Down => {
                return Screen::Menu {
                    selected: (selected + 1).min(items.len() - 1),
                    back,
                };
            }
            Action::Confirm => items[selected.min(items.len() - 1)],
            Action::Digit(d) if d >= 1 && usize::from(d) <= items.len() => items[usize::from(d) - 1],
            Action::Select(i) if i < items.len() => items[i],
            _ => return Screen::Menu { selected, back },
        };
        if matches!(chosen, MenuItem::SwitchSurvey | MenuItem::EndSession | MenuItem::Quit) {
            // Keep what the respondent was typing under the menu.
            self.screen = *back;
            self.save_draft();
            let back = Box::new(std::mem::replace(&mut self.screen, Screen::Welcome));
            return self.menu_choice(chosen, selected, back);
        }
        self.menu_choice(chosen, selected, back)
    }

    fn menu_choice(&mut self, chosen: MenuItem, selected: usize, back: Box<Screen>) -> Screen {
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
                    r.lang = next_language(r.answering.walk.survey(), &r.lang);
                }
                Screen::Menu { selected, back }
            }
            MenuItem::ChangePin => Screen::Pin {
                field: TextField::new("", false),
                purpose: PinPurpose::Set { starting: false },
                back,
                problem: None,
            },
            MenuItem::Backup => {
                self.backup();
                Screen::Menu { selected, back }
            }
            MenuItem::SwitchSurvey | MenuItem::EndSession | MenuItem::Quit => Screen::ConfirmLeave {
                item: chosen,
                back: Box::new(Screen::Menu { selected, back }),
            },
        }
    }

    /// "Really?" for ending the session or quitting: only `y` goes ahead; anything else that
    /// answers (n, Esc, Enter) goes back to the menu.
    pub(super) fn confirm_leave_key(&mut self, item: MenuItem, back: Box<Screen>, action: Action) -> Screen {
        match action {
            Action::Yes => match item {
                MenuItem::SwitchSurvey => self.end_session(true),
                MenuItem::EndSession => self.end_session(self.started_at_home),
                _ => {
                    self.keep_partial();
                    self.quit = true;
                    *back
                }
            },
            Action::No | Action::Back | Action::Confirm => *back,
            _ => Screen::ConfirmLeave { item, back },
        }
    }

    /// Ends collecting: the current respondent is kept as partial; home, or quit.
    pub(super) fn end_session(&mut self, to_home: bool) -> Screen {
        self.keep_partial();
        self.active = None;
        if !to_home {
            self.quit = true;
            return Screen::Welcome;
        }
        if !self.started_at_home {
            // `koe run` had one survey; the home screen offers them all (read by an effect, then
            // counted: see `surveys_loaded`).
            let dir = self.surveys[0]
                .path
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default();
            self.effects.push_back(Effect::LoadSurveys { dir });
            self.started_at_home = true;
        } else {
            self.refresh_counts();
        }
        Screen::Home { selected: 0 }
    }

    /// The surveys beside `koe run`'s are read: the home screen offers them (when there are
    /// any), with their counts.
    pub(super) fn surveys_loaded(&mut self, surveys: Vec<Entry>) {
        if !surveys.is_empty() {
            self.surveys = surveys;
        }
        self.refresh_counts();
    }

    pub(super) fn pin_key(
        &mut self,
        mut field: TextField,
        purpose: PinPurpose,
        back: Box<Screen>,
        problem: Option<PinProblem>,
        action: Action,
    ) -> Screen {
        let pin = |field: TextField, purpose: PinPurpose, back: Box<Screen>, problem: Option<PinProblem>| Screen::Pin {
            field,
            purpose,
            back,
            problem,
        };
        let empty = || TextField::new("", false);
        // After too many wrong PINs nothing is taken until the wait is over (Esc still leaves).
        let checking = matches!(purpose, PinPurpose::Unlock | PinPurpose::Resume);
        let waiting = checking && self.pin_wait_left().is_some();
        match action {
            Action::Back if purpose.starting() => self.abandon_start(),
            Action::Back => match purpose {
                PinPurpose::Unlock => *back,
                _ => Screen::Menu { selected: 0, back },
            },
            _ if waiting => pin(field, purpose, back, problem),
            Action::Confirm if checking => {
                let right = self
                    .active
                    .as_ref()
                    .and_then(|a| a.pin_hash.as_deref())
                    .is_some_and(|stored| crate::pin::matches(field.text(), stored));
                if !right {
                    self.pin_failures += 1;
                    if self.pin_failures >= PIN_TRIES {
                        self.pin_wait_until = Some(self.now + PIN_WAIT);
                    }
                    return pin(empty(), purpose, back, Some(PinProblem::Wrong));
                }
                self.pin_failures = 0;
                self.pin_wait_until = None;
                match purpose {
                    PinPurpose::Resume => self.opened_or_notice(),
                    _ => Screen::Menu { selected: 0, back },
                }
            }
            Action::Confirm => match purpose {
                PinPurpose::Set { starting } => match crate::pin::check(field.text()) {
                    Ok(()) => pin(
                        empty(),
                        PinPurpose::Confirm {
                            first: field.text().to_string(),
                            starting,
                        },
                        back,
                        None,
                    ),
                    Err(fault) => pin(field, purpose, back, Some(PinProblem::Invalid(fault))),
                },
                PinPurpose::Confirm { first, starting } if first == field.text() => {
                    let Some(a) = &self.active else {
                        return self.pin_kept(starting, back);
                    };
                    // Kept by an effect; the screen follows its outcome (`pin_set`).
                    self.effects.push_back(Effect::SetPin {
                        session: a.session.clone(),
                        pin: first,
                        then: AfterPin::Confirmed { starting, back },
                    });
                    Screen::Welcome
                }
                PinPurpose::Confirm { starting, .. } => {
                    pin(empty(), PinPurpose::Set { starting }, back, Some(PinProblem::Mismatch))
                }
                _ => pin(field, purpose, back, problem),
            },
            Action::Backspace => {
                field.backspace();
                pin(field, purpose, back, problem)
            }
            Action::Digit(d) if field.char_count() < crate::pin::MAX_DIGITS => {
                field.insert(&d.to_string());
                pin(field, purpose, back, None)
            }
            _ => pin(field, purpose, back, problem),
        }
    }

    /// The session's first screen after its PIN; a failure to read its unfinished responses is
    /// said, and the welcome screen shown.
    fn opened_or_notice(&mut self) -> Screen {
        self.open_session(OpenFrom::Pin)
    }

    /// A new PIN typed twice is kept: the session starts, or the menu returns.
    fn pin_kept(&mut self, starting: bool, back: Box<Screen>) -> Screen {
        self.pin_failures = 0;
        self.pin_wait_until = None;
        if starting {
            self.opened_or_notice()
        } else {
            Screen::Menu { selected: 0, back }
        }
    }

    /// A new PIN's save came back (typed twice, or given beforehand for a session starting).
    pub(super) fn pin_set(&mut self, result: Result<Option<String>, StoreError>, then: AfterPin) {
        match (result, then) {
            (Ok(stored), then) => {
                if let Some(a) = self.active.as_mut() {
                    a.pin_hash = stored;
                }
                self.screen = match then {
                    AfterPin::Given { index } => self.open_session(OpenFrom::Start { index }),
                    AfterPin::Confirmed { starting, back } => self.pin_kept(starting, back),
                };
            }
            (Err(e), AfterPin::Given { index }) => self.start_failed(index, e),
            (Err(e), AfterPin::Confirmed { starting, back }) => {
                self.notice = Some(self.said(&e));
                self.screen = pin_prompt(PinPurpose::Set { starting }, *back, None);
            }
        }
    }

    /// Esc at the PIN prompt of a session not yet started: nothing starts; back to the home
    /// screen, or (`koe run`) koe ends.
    fn abandon_start(&mut self) -> Screen {
        self.active = None;
        if self.started_at_home {
            self.refresh_counts();
            Screen::Home { selected: 0 }
        } else {
            self.quit = true;
            Screen::Welcome
        }
    }

    /// The menu's backup: a consistent copy of the database in the exports folder, as `koe
    /// backup` writes it; the notice says where it went.
    pub(super) fn backup(&mut self) {
        self.effects.push_back(Effect::Backup {
            target: self.options.exports_dir.clone(),
            lang: self.lang().to_string(),
        });
    }

    pub(super) fn home_key(&mut self, selected: usize, action: Action) -> Screen {
        let n = self.surveys.len();
        match action {
            Action::Up => Screen::Home {
                selected: selected.saturating_sub(1),
            },
            Action::Down => Screen::Home {
                selected: (selected + 1).min(n.saturating_sub(1)),
            },
            Action::Select(i) if i < n => Screen::Home { selected: i },
            Action::Confirm if n > 0 => Screen::SessionLabel {
                survey: selected,
                // Today's date offered with a space after it, so a label typed on (第3回協議の場)
                // reads "2026-11-25 第3回協議の場"; Enter alone keeps the date (the label is trimmed).
                field: TextField::new(&format!("{} ", today()), false),
                practice: false,
            },
            Action::Results if n > 0 => {
                let survey = Rc::new(self.surveys[selected].survey.clone());
                self.open_results(survey, Screen::Home { selected })
            }
            Action::Export if n > 0 => Screen::ExportFormat {
                survey: selected,
                format: crate::tally::Format::Csv,
            },
            _ => Screen::Home { selected },
        }
    }

    /// The export prompt: CSV or Excel (`1`/`2`, or Up/Down and Enter); Esc goes back.
    pub(super) fn export_key(&mut self, survey: usize, format: crate::tally::Format, action: Action) -> Screen {
        use crate::tally::Format::{Csv, Xlsx};
        let chosen = match action {
            Action::Back => return Screen::Home { selected: survey },
            Action::Up | Action::Down => {
                let format = if format == Csv { Xlsx } else { Csv };
                return Screen::ExportFormat { survey, format };
            }
            Action::Confirm => format,
            Action::Select(0) => Csv,
            Action::Select(1) => Xlsx,
            _ => return Screen::ExportFormat { survey, format },
        };
        self.start_export(survey, chosen);
        Screen::Home { selected: survey }
    }

    /// Starts exporting survey `index` as `koe export` would with its defaults, on its own thread:
    /// the home screen shows how far it got and keeps answering keys; the outcome is said when it
    /// is done. One export at a time.
    fn start_export(&mut self, index: usize, format: crate::tally::Format) {
        if self.export.is_some() {
            self.notice = Some(
                ui_text(
                    self.lang(),
                    "書き出し中です。終わってからもう一度どうぞ。",
                    "An export is running; try again when it is done.",
                )
                .to_string(),
            );
            return;
        }
        let options = crate::tally::ExportOptions {
            exports_dir: self.options.exports_dir.clone(),
            tz: self.options.tz.clone(),
            format,
            ..crate::tally::ExportOptions::default()
        };
        self.export = Some(ExportJob::start(
            self.db.clone(),
            index,
            self.surveys[index].survey.clone(),
            options,
            self.lang().to_string(),
            self.options.export_pace.clone(),
        ));
    }

    /// Takes one reply of the export thread: its progress, or its outcome as the notice.
    pub(super) fn take_export_reply(&mut self, reply: ExportReply) {
        if let ExportReply::Done(outcome) = reply
            && let Some(job) = self.export.take()
        {
            self.notice = Some(outcome_message(outcome, &job.lang));
        }
    }

    /// The export running: the survey's index and the responses written so far.
    pub fn exporting(&self) -> Option<(usize, u64)> {
        self.export.as_ref().map(|j| (j.survey, j.written))
    }

    /// The session prompt: its label, and locked (the default) or 練習モード (Up/Down).
    pub(super) fn label_key(&mut self, survey: usize, mut field: TextField, practice: bool, action: Action) -> Screen {
        match action {
            Action::Back => Screen::Home { selected: survey },
            Action::Up | Action::Down => Screen::SessionLabel {
                survey,
                field,
                practice: !practice,
            },
            Action::Confirm => {
                let label = field.text().trim().to_string();
                if label.is_empty() {
                    return Screen::SessionLabel {
                        survey,
                        field,
                        practice,
                    };
                }
                // The screen follows the session's start (`started`).
                self.start_session(survey, &label, !practice);
                Screen::Home { selected: survey }
            }
            _ if field.apply(action, 80) => Screen::SessionLabel {
                survey,
                field,
                practice,
            },
            Action::Type(c) => {
                field.insert(&c.to_string());
                Screen::SessionLabel {
                    survey,
                    field,
                    practice,
                }
            }
            _ => Screen::SessionLabel {
                survey,
                field,
                practice,
            },
        }
    }

    /// Where the resume screen goes when its list is done with: the session's welcome screen,
    /// or the home screen when no session is running (koe just started).
    fn after_resume(&self) -> Screen {
        if self.active.is_some() {
            Screen::Welcome
        } else {
            Screen::Home { selected: 0 }
        }
    }

    pub(super) fn resume_key(&mut self, mut items: Vec<Unfinished>, selected: usize, action: Action) -> Screen {
        let selected = selected.min(items.len().saturating_sub(1));
        match action {
            Action::Up => Screen::Resume {
                items,
                selected: selected.saturating_sub(1),
            },
            Action::Down => Screen::Resume {
                selected: (selected + 1).min(items.len() - 1),
                items,
            },
            Action::Confirm => {
                // Taken back by an effect; the screen follows its outcome (`resumed`).
                let unfinished = items.remove(selected);
                self.effects.push_back(Effect::Resume {
                    unfinished,
                    rest: items.clone(),
                });
                Screen::Resume { items, selected: 0 }
            }
            Action::KeepPartial => {
                let u = items.remove(selected);
                self.effects.push_back(Effect::MarkPartial {
                    responses: vec![u.response],
                });
                if items.is_empty() {
                    self.refresh_counts();
                    self.after_resume()
                } else {
                    Screen::Resume { items, selected: 0 }
                }
            }
            Action::KeepAllPartial => {
                self.effects.push_back(Effect::MarkPartial {
                    responses: items.into_iter().map(|u| u.response).collect(),
                });
                self.refresh_counts();
                self.after_resume()
            }
            Action::Back => self.after_resume(),
            _ => Screen::Resume { items, selected },
        }
    }

    /// An unfinished response is taken back: its own survey version, its answers, on from the
    /// first question still open; or, when it could not be, the list again and why.
    pub(super) fn resumed(&mut self, result: Result<Answering, StoreError>, rest: Vec<Unfinished>) {
        match result {
            Ok(answering) => {
                let lang = self.active.as_ref().map_or_else(
                    || answering.walk.survey().default_lang().to_string(),
                    |a| a.lang.clone(),
                );
                self.respondent = Some(Respondent {
                    answering,
                    lang,
                    held: Default::default(),
                });
                self.screen = self.first_open_question();
            }
            Err(e) => {
                self.notice = Some(self.said(&e));
                self.screen = Screen::Resume {
                    items: rest,
                    selected: 0,
                };
            }
        }
    }

    /// Asks the tally thread whether answers arrived since the results were computed (it
    /// recomputes them if so); never waits for it.
    pub(super) fn refresh_results(&mut self) {
        let now = self.now;
        let Screen::Results(r) = &mut self.screen else { return };
        r.checked = now;
        if let Some(worker) = &mut self.results_worker
            && !worker.busy()
        {
            worker.refresh();
        }
    }

    /// Asks the tally thread for the results of the screen's survey and session; the screen says
    /// 集計中 until they come.
    fn request_results(&mut self, r: &mut ResultsScreen) {
        self.results_generation += 1;
        r.generation = self.results_generation;
        r.computing = Some(0);
        let path = self.db.clone();
        self.results_worker
            .get_or_insert_with(|| ResultsWorker::start(path))
            .compute(Request {
                generation: r.generation,
                survey: r.survey.as_ref().clone(),
                lang: r.lang.clone(),
                session: r.session.clone(),
            });
    }

    /// Opens the results of `survey`; Esc returns to `back`. The tally runs on its own thread.
    pub(super) fn open_results(&mut self, survey: Rc<Survey>, back: Screen) -> Screen {
        let mut r = Box::new(ResultsScreen {
            survey,
            results: None,
            lang: self.lang().to_string(),
            session: None,
            generation: 0,
            computing: None,
            scroll: 0,
            reading: None,
            picked: None,
            listing: None,
            back,
            checked: self.now,
        });
        self.request_results(&mut r);
        Screen::Results(r)
    }

    /// Takes one reply of the tally thread into the results screen, when it is for the request
    /// that screen made.
    pub(super) fn take_reply(&mut self, reply: Reply) {
        let Screen::Results(r) = &mut self.screen else { return };
        match reply {
            Reply::Progress { generation, counted } if generation == r.generation => r.computing = Some(counted),
            Reply::Done { generation, results } if generation == r.generation => {
                // An open list of answers takes in the new ones.
                if let Some(l) = &mut r.listing {
                    l.quotes = results.quotes(l.block, &l.pick);
                }
                r.results = Some(*results);
                r.computing = None;
                // The list lies differently with new results: unknown until the next frame.
                self.lists = Lists::default();
                r.checked = self.now;
            }
            Reply::Unchanged { generation } if generation == r.generation => r.computing = None,
            Reply::Failed { message, .. } => {
                r.computing = None;
                self.notice = Some(message);
            }
            _ => {}
        }
    }

    /// Waits (at most `timeout` for each reply) until the tally thread has answered every
    /// request and the export running is done, taking their replies; for tests and scripts,
    /// which want the finished screen.
    pub fn settle(&mut self, timeout: Duration) {
        while let Some(worker) = &mut self.results_worker
            && worker.busy()
        {
            match worker.wait_reply(timeout) {
                Some(reply) => self.take_reply(reply),
                None => return,
            }
        }
        while let Some(job) = &mut self.export {
            match job.wait_reply(timeout) {
                Some(reply) => self.take_export_reply(reply),
                None => return,
            }
        }
    }

    /// Waits at most `timeout` for one reply of the tally thread (else of the export thread) and
    /// takes it; false when none came (or nothing is running).
    pub fn wait_background(&mut self, timeout: Duration) -> bool {
        if let Some(reply) = self
            .results_worker
            .as_mut()
            .filter(|w| w.busy())
            .and_then(|w| w.wait_reply(timeout))
        {
            self.take_reply(reply);
            return true;
        }
        match self.export.as_mut().and_then(|j| j.wait_reply(timeout)) {
            Some(reply) => {
                self.take_export_reply(reply);
                true
            }
            None => false,
        }
    }

    /// Whether work on another thread is under way (the run loop then looks for its replies
    /// more often).
    pub fn background_busy(&self) -> bool {
        self.results_worker.as_ref().is_some_and(ResultsWorker::busy) || self.export.is_some()
    }

    /// A results scroll position kept within the list as the last frame laid it out.
    /// Until a frame showed the list with its results (the first tally running, a resize), its
    /// length is unknown: the scroll waits for it, and the view keeps it within the list.
    fn clamped_scroll(&self, r: &ResultsScreen, scroll: usize) -> usize {
        match (&r.results, &self.lists.results) {
            (Some(_), Some(layout)) => scroll.min(layout.max),
            _ => scroll,
        }
    }

    /// The chosen term or code when its line is on screen (Enter lists its answers).
    fn visible_pick(&self, r: &ResultsScreen) -> Option<(usize, Pick)> {
        let layout = self.lists.results.as_ref()?;
        let top = r.scroll.min(layout.max);
        let picked = r.picked.as_ref()?;
        layout
            .entries
            .iter()
            .find(|(line, e)| e == picked && (top..top + layout.room).contains(line))
            .map(|(_, e)| e.clone())
    }

    /// Up/Down on the results list: the choice moves to the next (previous) term or code on
    /// screen; when there is none on screen in that direction, the list scrolls by a line. So
    /// the keys read a long list of bars as before, and stop on each word as it comes into view.
    fn step_results(&self, r: &mut ResultsScreen, down: bool) {
        let layout = match (&r.results, &self.lists.results) {
            (Some(_), Some(layout)) => layout,
            _ => {
                // While the first tally runs the list's length is unknown: the scroll waits for it.
                r.scroll = if down { r.scroll + 1 } else { r.scroll.saturating_sub(1) };
                return;
            }
        };
        let top = r.scroll.min(layout.max);
        let bottom = top + layout.room;
        let on_screen = |line: usize| (top..bottom).contains(&line);
        let current = r
            .picked
            .as_ref()
            .and_then(|p| layout.entries.iter().find(|(_, e)| e == p))
            .map(|(line, _)| *line)
            .filter(|&line| on_screen(line));
        let next = if down {
            layout
                .entries
                .iter()
                .find(|(line, _)| on_screen(*line) && current.is_none_or(|c| *line > c))
        } else {
            layout
                .entries
                .iter()
                .rev()
                .find(|(line, _)| on_screen(*line) && current.is_none_or(|c| *line < c))
        };
        match next {
            Some((_, e)) => r.picked = Some(e.clone()),
            None if down => r.scroll = (top + 1).min(layout.max),
            None => r.scroll = top.saturating_sub(1),
        }
    }

    pub(super) fn results_key(&mut self, mut r: Box<ResultsScreen>, action: Action) -> Screen {
        let page = layout::page(self.size.1);
        let count = |results: &Results, b: usize| match &results.blocks[b] {
            crate::tui::results::Block::Text { texts, .. } => texts.len(),
            _ => 0,
        };
        let texts = r.results.as_ref().map(Results::text_blocks).unwrap_or_default();
        if r.listing.is_some() {
            // Until a frame showed the answers, their length is unknown: the view keeps the
            // scroll within them.
            let max = self.lists.answers_max.unwrap_or(usize::MAX);
            let Some(listing) = r.listing.as_mut() else {
                return Screen::Results(r);
            };
            match action {
                Action::Back => r.listing = None,
                Action::Down => listing.scroll = (listing.scroll + 1).min(max),
                Action::Up => listing.scroll = listing.scroll.saturating_sub(1),
                Action::PageDown => listing.scroll = (listing.scroll + page).min(max),
                Action::PageUp => listing.scroll = listing.scroll.saturating_sub(page),
                Action::Home => listing.scroll = 0,
                _ => {}
            }
            return Screen::Results(r);
        }
        match (r.reading, &r.results, action) {
            (Some(_), _, Action::Back) => r.reading = None,
            (Some((b, i)), Some(res), Action::Right) => {
                r.reading = Some((b, (i + 1).min(count(res, b).saturating_sub(1))))
            }
            (Some((b, i)), _, Action::Left) => r.reading = Some((b, i.saturating_sub(1))),
            (Some((b, _)), _, Action::NextQuestion) => {
                let next = texts.iter().copied().find(|&t| t > b).or(texts.first().copied());
                r.reading = next.map(|t| (t, 0));
            }
            (Some(_), _, _) => {}
            (None, _, Action::Back) => return r.back,
            (None, _, Action::Down) => self.step_results(&mut r, true),
            (None, _, Action::Up) => self.step_results(&mut r, false),
            (None, Some(res), Action::Confirm) => match self.visible_pick(&r) {
                Some((block, pick)) => {
                    r.listing = Some(Listing {
                        block,
                        quotes: res.quotes(block, &pick),
                        pick,
                        scroll: 0,
                    });
                }
                None => r.reading = texts.iter().copied().find(|&t| count(res, t) > 0).map(|t| (t, 0)),
            },
            (None, _, Action::PageDown) => r.scroll = self.clamped_scroll(&r, r.scroll + page),
            (None, _, Action::PageUp) => r.scroll = r.scroll.saturating_sub(page),
            (None, _, Action::Home) => r.scroll = 0,
            (None, Some(res), Action::NextSession) => {
                r.session = res.next_session_after(r.session.as_deref());
                r.scroll = 0;
                self.request_results(&mut r);
            }
            (None, Some(res), Action::ReadTexts) => {
                r.reading = texts.iter().copied().find(|&t| count(res, t) > 0).map(|t| (t, 0));
            }
            _ => {}
        }
        Screen::Results(r)
    }
}
