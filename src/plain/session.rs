//! Line mode's loop: the session (its PIN, its unfinished responses), the welcome prompt, one
//! question after another, the final list and send. The store calls are the kiosk's
//! ([`Answering`]); the walk and every answer rule are `survey`'s.

use std::io::{self, Write};
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::io::{Input, Lines};
use super::prompt::{self, say};
use super::typed::{self, Typed};
use crate::answering::Answering;
use crate::store::{SessionRef, Store, StoreError};
use crate::survey::answer::{Answer, AnswerFault, Chosen, Pick, required_fault};
use crate::survey::flow::Walk;
use crate::survey::{Kind, Survey};

/// How line mode was asked for (from `koe run`'s flags and `KOE_PIN`).
#[derive(Clone, Debug)]
pub struct Options {
    /// Locked as a kiosk (the default): the PIN guards the facilitator's choices.
    pub locked: bool,
    /// How long a questionnaire may wait for a line before it is kept as partial.
    pub idle_timeout: Duration,
    /// The language respondents start in; the survey's default when `None`.
    pub lang: Option<String>,
    /// The PIN given beforehand (`KOE_PIN`); else it is asked for.
    pub pin: Option<String>,
}

/// Wrong PINs in a row after which the next try waits (as in the kiosk).
const PIN_TRIES: u32 = 3;
/// How long that wait is.
const PIN_WAIT: Duration = Duration::from_secs(30);
/// How long a wait for a line lasts where no idle timeout applies (the welcome prompt).
const FOREVER: Duration = Duration::from_secs(24 * 60 * 60);
/// How often a save the database refused because it was busy is tried again.
const RETRY_EVERY: Duration = Duration::from_secs(1);

/// Why a questionnaire (or the session) stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// Back to the welcome prompt for the next person (sent, or walked away).
    Next,
    /// Line mode ends (the input ended, or the facilitator chose to end or quit).
    End,
}

/// Where a question's answering went.
enum Asked {
    Answered,
    Back,
    Stop(Stop),
}

/// A collecting session in line mode, over any line source and writer.
pub struct Session<L: Lines, W: Write> {
    store: Store,
    survey: Rc<Survey>,
    hash: String,
    session: SessionRef,
    /// The language each new respondent starts in.
    lang: String,
    locked: bool,
    pin_hash: Option<String>,
    idle: Duration,
    input: L,
    out: W,
    pin_failures: u32,
    pin_wait_until: Option<Instant>,
}

/// Runs line mode for one survey and session label until the input ends or the facilitator
/// ends it. A closed output (the reader went away) ends it quietly.
pub fn run<L: Lines, W: Write>(
    store: Store,
    survey: Survey,
    label: &str,
    options: Options,
    input: L,
    out: W,
) -> Result<(), StoreError> {
    let mut session = Session::start(store, survey, label, &options, input, out)?;
    match session.collect(options.pin.as_deref()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(StoreError::Other(crate::say!(
            data::LineModeFailed,
            error = crate::words::data::io_detail(&e)
        ))),
    }
}

impl<L: Lines, W: Write> Session<L, W> {
    /// The session in the store (practice when unlocked), as the kiosk starts it.
    pub fn start(
        mut store: Store,
        survey: Survey,
        label: &str,
        options: &Options,
        input: L,
        out: W,
    ) -> Result<Self, StoreError> {
        let _ = store.set_busy_timeout(crate::answering::SAVE_WAIT);
        let survey = Rc::new(survey);
        let hash = store.register_survey(&survey)?;
        let session = store.session_of_kind(&survey.id, label, !options.locked)?;
        let pin_hash = store.session_pin(&session)?;
        let lang = match &options.lang {
            Some(l) if survey.languages.contains(l) => l.clone(),
            _ => survey.default_lang().to_string(),
        };
        Ok(Session {
            store,
            survey,
            hash,
            session,
            lang,
            locked: options.locked,
            pin_hash,
            idle: options.idle_timeout,
            input,
            out,
            pin_failures: 0,
            pin_wait_until: None,
        })
    }

    /// The whole session: its PIN, its unfinished responses, then one respondent after another.
    fn collect(&mut self, given_pin: Option<&str>) -> io::Result<()> {
        let _keys = self.locked.then(super::io::Locked::hold);
        if self.locked && !self.unlock_start(given_pin)? {
            return Ok(());
        }
        if self.offer_unfinished()? == Stop::End {
            return Ok(());
        }
        self.welcome_loop()?;
        let lang = self.lang.clone();
        self.line(say(&lang, "koe を終了しました。", "koe has ended."))
    }

    // ---- output ----

    /// Writes one line (the text has no escape sequence: survey texts come through `visible`).
    fn line(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")?;
        self.out.flush()
    }

    /// A fault of the database, on one line in the session's language.
    fn store_fault(&mut self, e: &StoreError) -> io::Result<()> {
        let said = e.said(crate::words::Lang::of_code(&self.lang));
        self.line(&said)
    }

    fn lines(&mut self, lines: &[String]) -> io::Result<()> {
        for l in lines {
            writeln!(self.out, "{l}")?;
        }
        self.out.flush()
    }

    // ---- the PIN ----

    /// A locked session's PIN before anything else: the one given (`KOE_PIN`), else typed (a
    /// new one twice, or the session's own after a restart). False when the input ended.
    fn unlock_start(&mut self, given: Option<&str>) -> io::Result<bool> {
        let lang = self.lang.clone();
        if let Some(pin) = given {
            match &self.pin_hash {
                Some(stored) if crate::pin::matches(pin, stored) => return Ok(true),
                None if crate::pin::check(pin).is_ok() => {
                    return match self.keep_pin(pin) {
                        Ok(()) => Ok(true),
                        Err(e) => {
                            self.store_fault(&e)?;
                            Ok(false)
                        }
                    };
                }
                _ => self.line(say(
                    &lang,
                    "KOE_PIN の暗証番号が違います。",
                    "KOE_PIN is not this session's PIN.",
                ))?,
            }
        }
        if self.pin_hash.is_some() {
            return self.pin_typed(say(
                &lang,
                "このセッションの暗証番号を入力してください。",
                "Type this session's PIN.",
            ));
        }
        loop {
            self.line(say(
                &lang,
                "このセッションの暗証番号を決めてください（4〜12桁の数字）。",
                "Choose a PIN for this session (4 to 12 digits).",
            ))?;
            let Input::Line(first) = self.input.next_secret(FOREVER) else {
                return Ok(false);
            };
            if let Err(fault) = crate::pin::check(first.trim()) {
                self.line(fault.message(&lang))?;
                continue;
            }
            self.line(say(&lang, "確認のため、もう一度入力してください。", "Type it again."))?;
            let Input::Line(again) = self.input.next_secret(FOREVER) else {
                return Ok(false);
            };
            if again.trim() != first.trim() {
                self.line(say(&lang, "一致しませんでした。", "They differ."))?;
                continue;
            }
            match self.keep_pin(first.trim()) {
                Ok(()) => return Ok(true),
                Err(e) => self.store_fault(&e)?,
            }
        }
    }

    fn keep_pin(&mut self, pin: &str) -> Result<(), StoreError> {
        self.store.set_session_pin(&self.session, pin)?;
        self.pin_hash = self.store.session_pin(&self.session)?;
        Ok(())
    }

    /// Asks for the session's PIN until it is typed (true), with the kiosk's wait after wrong
    /// tries; false when the input ended.
    fn pin_typed(&mut self, ask: &str) -> io::Result<bool> {
        let lang = self.lang.clone();
        loop {
            self.line(ask)?;
            let Input::Line(typed) = self.input.next_secret(FOREVER) else {
                return Ok(false);
            };
            if self.pin_right(typed.trim())? {
                return Ok(true);
            }
            self.line(say(&lang, "暗証番号が違います。", "Wrong PIN."))?;
        }
    }

    /// Whether `typed` is the session's PIN; counts wrong tries and, after too many, refuses
    /// tries until the wait is over.
    fn pin_right(&mut self, typed: &str) -> io::Result<bool> {
        if let Some(until) = self.pin_wait_until
            && Instant::now() < until
        {
            let lang = self.lang.clone();
            self.line(say(
                &lang,
                "しばらく待ってから入力してください。",
                "Please wait a moment before trying again.",
            ))?;
            return Ok(false);
        }
        let right = self
            .pin_hash
            .as_deref()
            .is_some_and(|stored| crate::pin::matches(typed, stored));
        if right {
            self.pin_failures = 0;
            self.pin_wait_until = None;
        } else {
            self.pin_failures += 1;
            if self.pin_failures >= PIN_TRIES {
                self.pin_wait_until = Some(Instant::now() + PIN_WAIT);
            }
        }
        Ok(right)
    }

    // ---- the facilitator ----

    /// `:menu`: after the PIN (locked), end the session or quit koe; `Stop::End` when chosen.
    fn menu(&mut self) -> io::Result<Option<Stop>> {
        let lang = self.lang.clone();
        if self.locked {
            self.line(say(&lang, "暗証番号を入力してください。", "Type the PIN."))?;
            let Input::Line(typed) = self.input.next_secret(FOREVER) else {
                return Ok(Some(Stop::End));
            };
            if !self.pin_right(typed.trim())? {
                self.line(say(&lang, "暗証番号が違います。", "Wrong PIN."))?;
                return Ok(None);
            }
        }
        self.lines(&[
            say(&lang, "係の人のメニュー:", "Facilitator menu:").to_string(),
            say(&lang, "1. 戻る", "1. Back").to_string(),
            say(&lang, "2. セッションを終了する", "2. End the session").to_string(),
            say(&lang, "3. koe を終了する", "3. Quit koe").to_string(),
            say(&lang, "番号を入力してください。", "Type a number.").to_string(),
        ])?;
        let Input::Line(choice) = self.input.next_line(FOREVER) else {
            return Ok(Some(Stop::End));
        };
        if !matches!(choice.trim(), "2" | "3" | "２" | "３") {
            return Ok(None);
        }
        self.line(say(
            &lang,
            "本当に終了しますか？ y で終了、それ以外で戻ります。",
            "Really end? y ends; anything else goes back.",
        ))?;
        Ok(match self.input.next_line(FOREVER) {
            Input::Line(yes) if yes.trim().eq_ignore_ascii_case("y") => Some(Stop::End),
            Input::Line(_) | Input::Idle => None,
            Input::End => Some(Stop::End),
        })
    }

    /// The session's unfinished responses (a crash, a kill): each resumed or kept as partial.
    fn offer_unfinished(&mut self) -> io::Result<Stop> {
        let items = match self.store.unfinished(&self.session) {
            Ok(items) => items,
            Err(e) => {
                self.store_fault(&e)?;
                return Ok(Stop::Next);
            }
        };
        let lang = self.lang.clone();
        let tz = crate::localtime::zone();
        for u in items {
            let when = crate::localtime::for_screen(&u.updated_at, &tz);
            self.line(&if lang == "ja" {
                format!(
                    "中断された回答があります（{when}、{} 問回答済み）。r で再開、k で未完了として保存します。",
                    u.answered
                )
            } else {
                format!(
                    "An unfinished response ({when}, {} answered). r resumes it, k keeps it as partial.",
                    u.answered
                )
            })?;
            let Input::Line(choice) = self.input.next_line(FOREVER) else {
                return Ok(Stop::End);
            };
            if choice.trim().eq_ignore_ascii_case("r") {
                match Answering::resume(&mut self.store, &u) {
                    Ok(answering) => {
                        if self.questionnaire(answering, lang.clone())? == Stop::End {
                            return Ok(Stop::End);
                        }
                    }
                    Err(e) => self.store_fault(&e)?,
                }
            } else if let Err(e) = self.store.mark_partial(&u.response) {
                self.store_fault(&e)?;
            }
        }
        Ok(Stop::Next)
    }

    // ---- the respondent ----

    /// The welcome prompt, for one person after another, until the session ends.
    fn welcome_loop(&mut self) -> io::Result<()> {
        let mut next_lang = self.lang.clone();
        loop {
            self.welcome(&next_lang)?;
            match self.input.next_line(FOREVER) {
                Input::End => return Ok(()),
                Input::Idle => {}
                Input::Line(l) if l.trim().is_empty() => {
                    let walk = Walk::new(self.survey.clone(), Map::new());
                    let answering = Answering::new(walk, self.hash.clone(), self.session.clone());
                    let lang = std::mem::replace(&mut next_lang, self.lang.clone());
                    if self.questionnaire(answering, lang)? == Stop::End {
                        return Ok(());
                    }
                }
                Input::Line(l) if l.trim() == ":menu" => {
                    if self.menu()? == Some(Stop::End) {
                        return Ok(());
                    }
                }
                Input::Line(l) => {
                    if let Some(lang) = self.language_asked(&l) {
                        next_lang = lang;
                    }
                }
            }
        }
    }

    fn welcome(&mut self, lang: &str) -> io::Result<()> {
        let mut lines = vec![String::new(), prompt::tr(&self.survey, &self.survey.title, lang)];
        if self.session.practice {
            lines.push(say(lang, "練習モード（回答は集計されません）", "Practice (not counted)").to_string());
        }
        if let Some(d) = &self.survey.description {
            lines.push(prompt::tr(&self.survey, d, lang));
        }
        lines.push(say(lang, "Enter キーを押すと始まります。", "Press Enter to begin.").to_string());
        if self.survey.languages.len() > 1 {
            lines.push(self.languages_line(lang));
        }
        self.lines(&lines)
    }

    fn languages_line(&self, lang: &str) -> String {
        let codes: Vec<String> = self.survey.languages.iter().map(|l| format!(":{l}")).collect();
        if lang == "ja" {
            format!("言語の切り替え: {}", codes.join(" / "))
        } else {
            format!("Language: {}", codes.join(" / "))
        }
    }

    /// `:en`, `:ja` (any language of the survey): the language asked for.
    fn language_asked(&self, line: &str) -> Option<String> {
        let code = line.trim().strip_prefix(':')?;
        self.survey.languages.iter().find(|l| l.as_str() == code).cloned()
    }

    /// One respondent's questionnaire, from its first open question to the send.
    fn questionnaire(&mut self, mut a: Answering, mut lang: String) -> io::Result<Stop> {
        enum Step {
            Question(usize, bool),
            Review,
        }
        // A resumed response goes on from its first open question; a new one starts at the top.
        let first = if a.response.is_some() {
            a.walk.first_open()
        } else {
            a.walk.first()
        };
        let mut step = first.map_or(Step::Review, |i| Step::Question(i, false));
        loop {
            step = match step {
                Step::Question(i, from_review) => match self.ask(&mut a, i, &mut lang)? {
                    Asked::Answered => {
                        let next = if from_review {
                            a.walk.opened_after(i)
                        } else {
                            a.walk.next(i)
                        };
                        next.map_or(Step::Review, |n| Step::Question(n, from_review))
                    }
                    Asked::Back => match a.walk.previous(i) {
                        Some(p) => Step::Question(p, from_review),
                        None => {
                            self.line(say(&lang, "最初の質問です。", "This is the first question."))?;
                            Step::Question(i, from_review)
                        }
                    },
                    Asked::Stop(stop) => return self.leave(&a, &lang, stop),
                },
                Step::Review => match self.review(&mut a, &mut lang)? {
                    Reviewed::Sent => return Ok(Stop::Next),
                    Reviewed::Change(i, fault) => {
                        if let Some(fault) = fault {
                            self.line(&fault.message(&lang))?;
                        }
                        Step::Question(i, true)
                    }
                    Reviewed::Stop(stop) => return self.leave(&a, &lang, stop),
                },
            };
        }
    }

    /// A questionnaire left before it was sent: kept as partial, and said so.
    fn leave(&mut self, a: &Answering, lang: &str, stop: Stop) -> io::Result<Stop> {
        if let Err(e) = a.keep_partial(&mut self.store) {
            eprintln!("koe: {}", e.said(crate::words::current()));
        }
        if stop == Stop::Next {
            self.line(say(
                lang,
                "しばらく入力がなかったため、ここまでの回答を保存して最初に戻りました。",
                "Nothing was typed for a while: the answers so far are kept, and the questionnaire starts over for the next person.",
            ))?;
        }
        Ok(stop)
    }

    /// Question `i`: printed, then lines read until it is answered (or left).
    fn ask(&mut self, a: &mut Answering, i: usize, lang: &mut String) -> io::Result<Asked> {
        let survey = a.walk.survey().clone();
        let q = &survey.questions[i];
        self.show_question(a, i, lang)?;
        if let Kind::Matrix { .. } = q.kind {
            return self.ask_matrix(a, i, lang);
        }
        loop {
            let line = match self.next_line(a, lang)? {
                Line::Text(t) => t,
                Line::Command(asked) => return Ok(asked),
                Line::Repeat => {
                    self.show_question(a, i, lang)?;
                    continue;
                }
            };
            if let Kind::Note = q.kind {
                return Ok(Asked::Answered);
            }
            let typed = if matches!(q.kind, Kind::Text { multiline: true, .. }) && !line.trim().is_empty() {
                match self.rest_of_text(a, i, line)? {
                    Ok(text) => typed::read(q, &text),
                    Err(asked) => return Ok(asked),
                }
            } else {
                typed::read(q, &line)
            };
            let answer = match typed {
                Ok(Typed::Answer(answer)) => answer,
                Ok(Typed::OtherTextNeeded { picked }) => match self.other_text(q, picked, lang)? {
                    Ok(answer) => Some(answer),
                    Err(Ok(fault)) => {
                        self.refused(&fault, q, lang)?;
                        continue;
                    }
                    Err(Err(stop)) => return Ok(Asked::Stop(stop)),
                },
                Err(fault) => {
                    self.refused(&fault, q, lang)?;
                    continue;
                }
            };
            // An empty line where an answer was given keeps it (as Enter does in the kiosk).
            let value = match answer {
                Some(answer) => Some(answer.to_value()),
                None => a.walk.answer(i).cloned(),
            };
            let current = value.as_ref().and_then(|v| Answer::parse(q, v).ok());
            if let Some(fault) = required_fault(q, current.as_ref()) {
                self.refused(&fault, q, lang)?;
                continue;
            }
            if let Some(stop) = self.save(a, i, value.clone(), lang)? {
                return Ok(Asked::Stop(stop));
            }
            self.line(&prompt::read_back(&survey, q, value.as_ref(), lang))?;
            return Ok(Asked::Answered);
        }
    }

    fn show_question(&mut self, a: &Answering, i: usize, lang: &str) -> io::Result<()> {
        let survey = a.walk.survey().clone();
        let q = &survey.questions[i];
        let number = (!matches!(q.kind, Kind::Note)).then(|| (a.walk.number(i), a.walk.review_items().len()));
        let mut lines = vec![String::new()];
        lines.extend(prompt::question_lines(&survey, q, number, lang));
        if let Some(v) = a.walk.answer(i) {
            let words = prompt::answer_words(&survey, q, Some(v), lang);
            lines.push(if lang == "ja" {
                format!("今の回答: {words}（空の行でそのまま）")
            } else {
                format!("Your answer now: {words} (an empty line keeps it)")
            });
        }
        self.lines(&lines)
    }

    /// A refused answer as a full sentence in the respondent's language, then the prompt again.
    fn refused(&mut self, fault: &AnswerFault, q: &crate::survey::Question, lang: &str) -> io::Result<()> {
        self.line(&fault.message(lang))?;
        self.line(&prompt::prompt_line(q, lang))
    }

    /// The その他 text asked for on its own line (its number was typed alone).
    fn other_text(
        &mut self,
        q: &crate::survey::Question,
        mut picked: Vec<Chosen>,
        lang: &str,
    ) -> io::Result<Result<Answer, Result<AnswerFault, Stop>>> {
        self.line(&AnswerFault::OtherEmpty.message(lang))?;
        let text = match self.input.next_line(self.idle) {
            Input::Line(t) => t,
            Input::Idle => return Ok(Err(Err(Stop::Next))),
            Input::End => return Ok(Err(Err(Stop::End))),
        };
        if text.trim().is_empty() {
            return Ok(Err(Ok(AnswerFault::OtherEmpty)));
        }
        picked.push(Chosen::Other(text.trim().to_string()));
        Ok(typed::finish_choices(q, picked).map_err(Ok))
    }

    /// The rest of a multi-line text, up to a line holding only `.`; what is typed so far is
    /// saved as a draft after each line (as the kiosk saves a comment being typed).
    fn rest_of_text(&mut self, a: &mut Answering, i: usize, first: String) -> io::Result<Result<String, Asked>> {
        let survey = a.walk.survey().clone();
        let q = &survey.questions[i];
        if first.trim() == "." {
            return Ok(Ok(String::new()));
        }
        let mut lines = vec![first];
        loop {
            if let Ok(Typed::Answer(Some(answer))) = typed::read(q, &lines.join("\n")) {
                let draft = answer.to_value();
                if a.walk.answer(i) != Some(&draft)
                    && let Err(e) = a.save(&mut self.store, i, Some(draft))
                {
                    eprintln!("koe: {}", e.said(crate::words::current()));
                }
            }
            match self.input.next_line(self.idle) {
                Input::Line(l) if l.trim() == "." => return Ok(Ok(lines.join("\n"))),
                Input::Line(l) => lines.push(l),
                Input::Idle => return Ok(Err(Asked::Stop(Stop::Next))),
                Input::End => return Ok(Err(Asked::Stop(Stop::End))),
            }
        }
    }

    /// A matrix, row by row: each row its own prompt; an empty line leaves a row as it was;
    /// `b` goes back a row. Each answered row is saved as it is given. A required matrix with
    /// rows left asks those rows again.
    fn ask_matrix(&mut self, a: &mut Answering, i: usize, lang: &mut String) -> io::Result<Asked> {
        let survey = a.walk.survey().clone();
        let q = &survey.questions[i];
        let Kind::Matrix { rows, scale } = &q.kind else {
            return Ok(Asked::Answered);
        };
        let mut values: Vec<Option<Pick>> = rows
            .iter()
            .map(|r| a.walk.answer(i).and_then(|v| v.get(&r.id)).and_then(Pick::from_value))
            .collect();
        let mut todo: Vec<usize> = (0..rows.len()).collect();
        loop {
            let mut at = 0;
            while let Some(&row) = todo.get(at) {
                self.line(&prompt::row_line(&survey, &rows[row].text, row + 1, rows.len(), lang))?;
                let line = match self.next_line(a, lang)? {
                    Line::Text(t) => t,
                    Line::Command(Asked::Back) if at > 0 => {
                        at -= 1;
                        continue;
                    }
                    Line::Command(asked) => return Ok(asked),
                    Line::Repeat => {
                        self.show_question(a, i, lang)?;
                        continue;
                    }
                };
                if !line.trim().is_empty() {
                    match typed::read_point(scale, &line) {
                        Ok(p) => {
                            values[row] = Some(p);
                            if let Some(stop) = self.save(a, i, matrix_value(rows, &values), lang)? {
                                return Ok(Asked::Stop(stop));
                            }
                        }
                        Err(fault) => {
                            self.line(&fault.message(lang))?;
                            continue;
                        }
                    }
                }
                at += 1;
            }
            let value = matrix_value(rows, &values);
            let current = value.as_ref().and_then(|v| Answer::parse(q, v).ok());
            match required_fault(q, current.as_ref()) {
                Some(fault) => {
                    self.line(&fault.message(lang))?;
                    todo = (0..rows.len()).filter(|&r| values[r].is_none()).collect();
                }
                None => {
                    self.line(&prompt::read_back(&survey, q, value.as_ref(), lang))?;
                    return Ok(Asked::Answered);
                }
            }
        }
    }

    /// Saves an answer as the kiosk does; while the database is busy it is tried again every
    /// second (the respondent told once). A failure that is not "busy" is said, and the
    /// questionnaire is kept as it is: the answer is asked again.
    fn save(&mut self, a: &mut Answering, i: usize, value: Option<Value>, lang: &str) -> io::Result<Option<Stop>> {
        let mut told = false;
        loop {
            match a.save(&mut self.store, i, value.clone()) {
                Ok(()) => return Ok(None),
                Err(e) if e.is_busy() => {
                    if !told {
                        self.line(say(
                            lang,
                            "保存中です。そのままお待ちください。",
                            "Saving... please wait.",
                        ))?;
                        told = true;
                    }
                    std::thread::sleep(RETRY_EVERY);
                }
                Err(e) => {
                    eprintln!("koe: {}", e.said(crate::words::current()));
                    self.line(say(
                        lang,
                        "保存できませんでした。係の人に声をかけてください。",
                        "Not saved. Please tell the facilitator.",
                    ))?;
                    return Ok(Some(Stop::Next));
                }
            }
        }
    }

    /// The next line of a question: a command it names (`?`, `b`, `r`, `:en`, `:menu`), the
    /// end of input or the idle timeout as where to go, else the text typed.
    fn next_line(&mut self, a: &Answering, lang: &mut String) -> io::Result<Line> {
        loop {
            let line = match self.input.next_line(self.idle) {
                Input::Line(l) => l,
                Input::Idle => return Ok(Line::Command(Asked::Stop(Stop::Next))),
                Input::End => return Ok(Line::Command(Asked::Stop(Stop::End))),
            };
            match line.trim() {
                "?" | "？" => {
                    let keys = prompt::keys_lines(lang, &self.survey.languages);
                    self.lines(&keys)?;
                    return Ok(Line::Repeat);
                }
                "b" | "B" => return Ok(Line::Command(Asked::Back)),
                "r" | "R" => self.list_answers(a, lang)?,
                ":menu" => {
                    if self.menu()? == Some(Stop::End) {
                        return Ok(Line::Command(Asked::Stop(Stop::End)));
                    }
                    return Ok(Line::Repeat);
                }
                _ => match self.language_asked(&line) {
                    Some(l) => {
                        *lang = l;
                        return Ok(Line::Repeat);
                    }
                    None => return Ok(Line::Text(line)),
                },
            }
        }
    }

    /// Every question shown so far with its answer, numbered as the questions are.
    fn list_answers(&mut self, a: &Answering, lang: &str) -> io::Result<()> {
        let survey = a.walk.survey().clone();
        let mut lines = vec![say(lang, "ここまでの回答:", "Your answers so far:").to_string()];
        for i in a.walk.review_items() {
            let q = &survey.questions[i];
            let words = prompt::answer_words(&survey, q, a.walk.answer(i), lang);
            let n = a.walk.number(i);
            let text = prompt::tr(&survey, &q.text, lang);
            lines.push(if lang == "ja" {
                format!("問{n} {text}: {words}")
            } else {
                format!("Question {n}, {text}: {words}")
            });
        }
        self.lines(&lines)
    }

    /// The final list and the send; a question's number (or one needing attention) goes back
    /// to that question.
    fn review(&mut self, a: &mut Answering, lang: &mut String) -> io::Result<Reviewed> {
        loop {
            self.line("")?;
            self.list_answers(a, lang)?;
            self.line(say(
                lang,
                "送信するには「送信」か y を入力してください。答えを変えるには問の番号を入力してください。",
                "Type send (or y) to send your answers, or a question's number to change its answer.",
            ))?;
            let line = match self.input.next_line(self.idle) {
                Input::Line(l) => l,
                Input::Idle => return Ok(Reviewed::Stop(Stop::Next)),
                Input::End => return Ok(Reviewed::Stop(Stop::End)),
            };
            let items = a.walk.review_items();
            let typed = line.trim();
            match typed {
                "送信" | "send" | "Send" | "SEND" | "y" | "Y" => {
                    if let Some((i, fault)) = a.walk.needing_attention() {
                        return Ok(Reviewed::Change(i, Some(fault)));
                    }
                    if let Err(e) = a.submit(&mut self.store) {
                        eprintln!("koe: {}", e.said(crate::words::current()));
                        self.line(say(
                            lang,
                            "送信できませんでした。係の人に声をかけてください。回答は残っています。",
                            "Not sent. Please tell the facilitator; your answers are kept.",
                        ))?;
                        continue;
                    }
                    self.line(say(
                        lang,
                        "送信しました。ご回答ありがとうございました。",
                        "Sent. Thank you for your answers.",
                    ))?;
                    return Ok(Reviewed::Sent);
                }
                "b" | "B" if !items.is_empty() => return Ok(Reviewed::Change(items[items.len() - 1], None)),
                ":menu" => {
                    if self.menu()? == Some(Stop::End) {
                        return Ok(Reviewed::Stop(Stop::End));
                    }
                }
                _ => {
                    if let Some(l) = self.language_asked(typed) {
                        *lang = l;
                        continue;
                    }
                    let n = typed.parse::<usize>().ok().filter(|n| (1..=items.len()).contains(n));
                    match n {
                        Some(n) => return Ok(Reviewed::Change(items[n - 1], None)),
                        None if typed == "r" || typed == "?" || typed.is_empty() => {}
                        None => self.line(say(
                            lang,
                            "「送信」か y、または問の番号を入力してください。",
                            "Type send (or y), or a question's number.",
                        ))?,
                    }
                }
            }
        }
    }
}

/// How the final list was left.
enum Reviewed {
    Sent,
    /// To question `.0` again, saying `.1` when it needs attention.
    Change(usize, Option<AnswerFault>),
    Stop(Stop),
}

/// A line read for a question.
enum Line {
    Text(String),
    Command(Asked),
    /// Print the question again (after `?`, a language switch, the menu).
    Repeat,
}

/// The rows answered, as the stored matrix value; `None` when no row is.
fn matrix_value(rows: &[crate::survey::MatrixRow], values: &[Option<Pick>]) -> Option<Value> {
    let picked: Vec<(String, Pick)> = rows
        .iter()
        .zip(values)
        .filter_map(|(r, v)| v.map(|p| (r.id.clone(), p)))
        .collect();
    (!picked.is_empty()).then(|| Answer::Matrix(picked).to_value())
}
