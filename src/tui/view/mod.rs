//! Drawing: reads the [`App`] and paints a frame. No decisions about answers are made here.
//!
//! The chrome uses only ASCII and CJK characters (no box drawing, arrows, ○ or ※, which take
//! two cells on terminals set up for CJK), so the layout is the same everywhere.
//!
//! This module lays out every screen in a [`Body`] (lines top to bottom, the on-screen buttons, a
//! problem line, the footer, the caret); `question` draws the answer widgets, `results` the results
//! screen. Whatever is drawn to be clicked is registered in the same place it is drawn, into the
//! [`HitMap`] that [`render`] returns: the click targets cannot drift from the picture.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

mod page;
mod question;
mod results;
use page::{Body, footer_rows};

pub use question::describe_answer;
use question::question_widget;
use results::{answers_list, read_one, results_list};

use super::app::{App, MenuItem, PinProblem, PinPurpose, Screen};
use super::hits::HitMap;
use super::keymap::{self, Action};
use super::layout::Lists;
use super::text_field::TextField;
use super::wrap::{fit, pad, width, wrap};
use crate::survey::{Kind, Survey};

pub use super::layout::{MIN_HEIGHT, MIN_WIDTH, text_width, too_small};

/// Colours, or none at all when `NO_COLOR` is set: the interface then relies on bold, reverse
/// video and ASCII markers only.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub(crate) fn bar(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub(crate) fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub(crate) fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub(crate) fn problem(self) -> Style {
        if self.color {
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
    pub(crate) fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub(crate) fn accent(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}

/// Japanese or English for the interface's own words.
fn ui<'a>(lang: &str, ja: &'a str, en: &'a str) -> &'a str {
    if lang == "ja" { ja } else { en }
}

/// Draws the whole screen: each screen from its own function, the footer from the keymap.
pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    render(frame, app, theme);
}

/// Draws the whole screen and returns what on it can be clicked (for [`App::set_hits`]).
pub fn render(frame: &mut Frame, app: &App, theme: Theme) -> HitMap {
    let area = frame.area();
    if too_small(area.width, area.height) {
        enlarge(frame, area);
        return HitMap::default();
    }
    let lang = app.lang().to_string();
    let (map, ctx) = app.keymap();
    let footer = keymap::footer(map, &ctx);
    let mut body = Body::new(
        area,
        footer_rows(&footer, usize::from(area.width).saturating_sub(2)).len(),
    );
    let body_ref = &mut body;
    let mut lists = Lists::default();
    match &app.screen {
        Screen::Home { selected } => home(app, *selected, body_ref, theme, &lang),
        Screen::SessionLabel {
            survey,
            field,
            practice,
        } => session_label(app, *survey, field, *practice, body_ref, theme, &lang),
        Screen::ExportFormat { survey, format } => export_format(app, *survey, *format, body_ref, theme, &lang),
        Screen::Resume { items, selected } => resume(app, items, *selected, body_ref, theme, &lang),
        Screen::Welcome => welcome(app, body_ref, theme, &lang),
        Screen::Question {
            index, editor, problem, ..
        } => question(app, *index, editor, problem.as_ref(), body_ref, theme, &lang),
        Screen::Review { selected, problem } => review(app, *selected, problem.as_ref(), body_ref, theme, &lang),
        Screen::Thanks { .. } => thanks(body_ref, theme, &lang),
        Screen::Results(r) => match (&r.results, r.reading, &r.listing) {
            (Some(results), Some((block, answer)), _) => read_one(results, block, answer, body_ref, theme),
            (Some(results), None, Some(listing)) => {
                lists.answers_max = Some(answers_list(results, listing, body_ref, theme, &lang));
            }
            _ => {
                let layout = results_list(r, body_ref, theme, &lang);
                lists.results = r.results.is_some().then_some(layout);
            }
        },
        Screen::Menu { selected, .. } => menu(app, *selected, body_ref, theme, &lang),
        Screen::Pin {
            field,
            purpose,
            problem,
            ..
        } => pin(app, field, purpose, *problem, body_ref, theme, &lang),
        Screen::ConfirmLeave { item, .. } => confirm_leave(app, *item, body_ref, theme, &lang),
        Screen::Help { back } => help(app, back, body_ref, theme, &lang),
    }
    let mut hits = body.finish(frame, &footer, theme);
    hits.set_lists(lists);
    hits
}

/// The buttons of a respondent's screen: back (when there is one), the next language (when the
/// survey has one; its name as the keymap's F2 shows it), and the way on at the right.
fn buttons(app: &App, back: Option<Action>, on: (&str, Action), lang: &str) -> Vec<(String, Action)> {
    let mut out = Vec::new();
    if let Some(action) = back {
        out.push((format!("< {}", ui(lang, "戻る", "Back")), action));
    }
    let (map, ctx) = app.keymap();
    if let Some((_, name)) = keymap::entry_for(map, &ctx, Action::NextLanguage) {
        out.push((name, Action::NextLanguage));
    }
    out.push((format!("{} >", on.0), on.1));
    out
}

/// Below the smallest size: only a request to enlarge the window, with the size needed.
fn enlarge(frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let need = format!("{MIN_WIDTH}x{MIN_HEIGHT}");
    let lines = vec![
        Line::from(fit("画面を大きくしてください", w)),
        Line::from(fit(&format!("{need} 以上"), w)),
        Line::from(fit("Please enlarge the window", w)),
        Line::from(fit(&format!("to {need} or more"), w)),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

fn resume(app: &App, items: &[crate::store::Unfinished], selected: usize, body: &mut Body, theme: Theme, lang: &str) {
    body.title(ui(lang, "中断された回答", "Unfinished responses"), "", theme);
    body.text(
        ui(
            lang,
            "前回、回答の途中で終了したものがあります。どうしますか。",
            "These responses were left unfinished. What should happen to them?",
        ),
        Style::new(),
    );
    body.blank();
    for (i, u) in items.iter().enumerate() {
        let survey = app
            .surveys
            .iter()
            .find(|e| e.survey.id == u.session.survey_id)
            .map_or(u.session.survey_id.as_str(), |e| survey_title(&e.survey, lang));
        let line = format!(
            "{} {survey}  {}  {}  {} {}",
            if i == selected { ">" } else { " " },
            u.session.label,
            crate::localtime::for_screen(&u.updated_at, &app.options.tz),
            u.answered,
            ui(lang, "問回答済み", "answered")
        );
        body.line(Line::styled(
            pad(&line, body.width()),
            if i == selected { theme.selected() } else { Style::new() },
        ));
    }
}

fn question(
    app: &App,
    index: usize,
    editor: &crate::tui::kinds::Editor,
    problem: Option<&crate::tui::editor::Problem>,
    body: &mut Body,
    theme: Theme,
    lang: &str,
) {
    let Some(r) = &app.respondent else { return };
    let survey = r.survey();
    let q = &survey.questions[index];
    header(app, survey, index, body, theme, lang);
    // Numbered among the questions this person is shown, as the progress is.
    let number = r.answering.walk.number(index);
    if matches!(q.kind, Kind::Note) {
        body.text(survey.tr(&q.text, lang), theme.heading());
    } else {
        let required = if q.required {
            ui(lang, "（必須）", " (required)")
        } else {
            ""
        };
        body.text(
            &format!(
                "{}{number}. {}{required}",
                ui(lang, "問", "Q"),
                survey.tr(&q.text, lang)
            ),
            theme.heading(),
        );
    }
    if let Some(help) = &q.help {
        body.text(survey.tr(help, lang), theme.dim());
    }
    if !body.compact() {
        body.blank();
    }
    body.buttons(buttons(
        app,
        Some(Action::PrevQuestion),
        (ui(lang, "次へ", "Next"), Action::NextQuestion),
        lang,
    ));
    question_widget(survey, q, editor, body, theme, lang);
    if let Some(p) = problem {
        body.reserve_problem(p.message(lang));
    }
}

fn review(
    app: &App,
    selected: usize,
    problem: Option<&crate::tui::editor::Problem>,
    body: &mut Body,
    theme: Theme,
    lang: &str,
) {
    let Some(r) = &app.respondent else { return };
    let right = format!("{}{}", practice_tag(app, lang), ui(lang, "確認", "Review"));
    body.title(survey_title(r.survey(), lang), &right, theme);
    body.text(
        ui(
            lang,
            "回答内容をご確認ください。よろしければ Enter で送信します。",
            "Please check your answers. Press Enter to send them.",
        ),
        theme.heading(),
    );
    if !body.compact() {
        body.blank();
    }
    body.buttons(buttons(
        app,
        Some(Action::PrevQuestion),
        (ui(lang, "送信", "Send"), Action::Confirm),
        lang,
    ));
    let w = body.width();
    let entries: Vec<Vec<String>> = app
        .review_items()
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let q = &r.survey().questions[i];
            let answer = match r.answering.walk.answer(i) {
                // Typed, but not a valid answer yet (kept as typed on the question).
                None if r.held.contains_key(&i) => {
                    ui(lang, "（入力を確認してください）", "(please check what was typed)").to_string()
                }
                None => ui(lang, "（未回答）", "(no answer)").to_string(),
                Some(v) => describe_answer(r.survey(), q, v, lang),
            };
            let marker = if n == selected { ">" } else { " " };
            let text = format!("{}: {answer}", r.survey().tr(&q.text, lang));
            hanging(&format!("{marker} {}. ", n + 1), &text, w)
        })
        .collect();
    // Keep the selected answer on screen when the list is longer than the window.
    let heights: Vec<usize> = entries.iter().map(Vec::len).collect();
    let start = first_shown(&heights, selected, body.remaining().max(1));
    for (n, lines) in entries.into_iter().enumerate().skip(start) {
        if body.remaining() == 0 {
            break;
        }
        let style = if n == selected { theme.selected() } else { Style::new() };
        for l in lines.into_iter().take(body.remaining()) {
            let row = body.line(Line::styled(pad(&l, w), style));
            body.hit_line(row, Action::Select(n));
        }
    }
    if let Some(p) = problem {
        body.reserve_problem(p.message(lang));
    }
}

/// `text` wrapped to `w` cells after `lead` (`"> 3. "`), its following lines indented under the
/// text, so a long answer is read in full instead of cut.
fn hanging(lead: &str, text: &str, w: usize) -> Vec<String> {
    let indent = width(lead);
    let mut lines = wrap(&text.replace('\n', " "), w.saturating_sub(indent).max(1));
    for (k, l) in lines.iter_mut().enumerate() {
        let before = if k == 0 { lead.to_string() } else { " ".repeat(indent) };
        *l = format!("{before}{l}");
    }
    lines
}

/// The first of a list's entries (each `heights[i]` rows tall) to show in `room` rows so that
/// entry `selected` is shown whole where it fits: the top, or as far down as it takes.
fn first_shown(heights: &[usize], selected: usize, room: usize) -> usize {
    let selected = selected.min(heights.len().saturating_sub(1));
    let mut start = 0;
    while start < selected && heights[start..=selected].iter().sum::<usize>() > room {
        start += 1;
    }
    start
}

fn thanks(body: &mut Body, theme: Theme, lang: &str) {
    body.skip(usize::from(body.area.height) / 3);
    body.centered(
        ui(lang, "ご協力ありがとうございました。", "Thank you for your answers."),
        theme.heading(),
    );
    body.blank();
    body.centered(
        ui(
            lang,
            "次の方に交代してください。",
            "Please hand over to the next person.",
        ),
        Style::new(),
    );
}

fn menu(app: &App, selected: usize, body: &mut Body, theme: Theme, lang: &str) {
    body.title(ui(lang, "進行役メニュー", "Facilitator menu"), "F10", theme);
    for (i, item) in app.menu_items().iter().enumerate() {
        let label = menu_label(app, *item, lang);
        let text = format!("{} {}. {label}", if i == selected { ">" } else { " " }, i + 1);
        body.line(Line::styled(
            pad(&text, body.width()),
            if i == selected { theme.selected() } else { Style::new() },
        ));
    }
    if let Some(n) = &app.notice {
        body.reserve_problem(n.clone());
    }
}

fn pin(
    app: &App,
    field: &TextField,
    purpose: &PinPurpose,
    problem: Option<PinProblem>,
    body: &mut Body,
    theme: Theme,
    lang: &str,
) {
    let starting = purpose.starting();
    if starting {
        let session = app.active.as_ref().map_or("", |a| a.session.label.as_str());
        let survey = app.active.as_ref().map_or("", |a| survey_title(&a.survey, lang));
        body.title(ui(lang, "セッションの開始", "Starting the session"), "PIN", theme);
        body.text(&format!("{survey}  {session}"), Style::new());
        body.blank();
    } else {
        body.title(ui(lang, "進行役メニュー", "Facilitator menu"), "PIN", theme);
    }
    let prompt = match purpose {
        PinPurpose::Unlock => ui(lang, "暗証番号（PIN）を入力してください", "Enter the PIN"),
        PinPurpose::Resume => ui(
            lang,
            "このセッションの暗証番号（PIN）を入力してください",
            "Enter this session's PIN",
        ),
        PinPurpose::Set { starting: true } => ui(
            lang,
            "このセッションの暗証番号（PIN）を決めてください（数字4〜12桁）。進行役メニュー（F10）と中断された回答の再開に使います。",
            "Choose this session's PIN (4 to 12 digits). It opens the facilitator menu (F10) and resumes unfinished responses.",
        ),
        PinPurpose::Set { starting: false } => {
            ui(lang, "新しい暗証番号（PIN、数字4〜12桁）", "New PIN (4 to 12 digits)")
        }
        PinPurpose::Confirm { .. } => ui(
            lang,
            "確認のため、もう一度同じ暗証番号を入力してください",
            "Type the PIN once more",
        ),
    };
    body.text(prompt, theme.heading());
    let masked = "*".repeat(field.char_count());
    body.line(Line::from(format!("> {masked}")));
    if let (PinPurpose::Unlock | PinPurpose::Resume, Some(left)) = (purpose, app.pin_wait_left()) {
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        body.reserve_problem(match lang {
            "ja" => format!(
                "PINが {} 回違いました。あと {secs} 秒お待ちください。",
                app.pin_failures
            ),
            _ => format!("{} wrong PINs. Please wait {secs} s.", app.pin_failures),
        });
        return;
    }
    if let Some(problem) = problem {
        body.reserve_problem(
            match problem {
                PinProblem::Wrong => ui(lang, "PINが違います。", "Wrong PIN."),
                PinProblem::Invalid(fault) => fault.message(lang),
                PinProblem::Mismatch => ui(
                    lang,
                    "1回目と違います。もう一度、新しいPINから入力してください。",
                    "The two did not match. Type the new PIN again.",
                ),
            }
            .to_string(),
        );
    }
}

/// "Really?" before ending the session or quitting koe.
fn confirm_leave(app: &App, item: MenuItem, body: &mut Body, theme: Theme, lang: &str) {
    body.title(ui(lang, "進行役メニュー", "Facilitator menu"), "", theme);
    body.blank();
    let question = match item {
        MenuItem::Quit => ui(lang, "koe を終了しますか。", "Quit koe?"),
        MenuItem::SwitchSurvey => ui(
            lang,
            "このセッションを終了して、アンケート一覧に戻りますか。",
            "End this session and go to the list of surveys?",
        ),
        _ => ui(lang, "このセッションを終了しますか。", "End this session?"),
    };
    body.text(question, theme.heading());
    if app.respondent.is_some() {
        body.text(
            ui(
                lang,
                "回答中の方の回答は、途中の回答として保存されます。",
                "The answers of the person answering now are kept as a partial response.",
            ),
            Style::new(),
        );
    }
    body.blank();
    body.text(
        ui(lang, "y: はい    n / Esc: いいえ", "y: yes    n / Esc: no"),
        theme.accent(),
    );
}

/// The header's word for an unlocked session: 練習モード (practice), so nobody mistakes it for a
/// locked kiosk. Empty for a locked session.
fn practice_tag(app: &App, lang: &str) -> &'static str {
    match &app.active {
        Some(a) if !a.locked => {
            if lang == "ja" {
                "練習モード（ロックなし）  "
            } else {
                "Practice (unlocked)  "
            }
        }
        _ => "",
    }
}

fn help(app: &App, back: &Screen, body: &mut Body, theme: Theme, lang: &str) {
    body.title(ui(lang, "キー一覧", "Keys"), "F1", theme);
    body.blank();
    let (map, ctx) = app.keymap_for(back);
    let entries = keymap::help(map, &ctx);
    let key_w = entries
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        .min(body.width() / 2);
    for (k, d) in entries {
        body.text(&format!("{}  {d}", pad(&k, key_w)), Style::new());
    }
}

/// The survey's title in a language.
fn survey_title<'a>(s: &'a Survey, lang: &str) -> &'a str {
    s.tr(&s.title, lang)
}

fn menu_label(app: &App, item: MenuItem, lang: &str) -> String {
    let current = app.active.as_ref().map_or("", |a| a.lang.as_str());
    match item {
        MenuItem::Back => ui(lang, "回答画面に戻る", "Back to the questionnaire").into(),
        MenuItem::Results => ui(lang, "結果を見る", "Show the results").into(),
        MenuItem::Language => format!("{}: {current}", ui(lang, "言語を切り替える", "Switch language")),
        MenuItem::ChangePin => ui(lang, "暗証番号（PIN）を変更する", "Change the PIN").into(),
        MenuItem::Backup => ui(
            lang,
            "バックアップを作成する（書き出しフォルダへ）",
            "Back up the database (to the exports folder)",
        )
        .into(),
        MenuItem::SwitchSurvey => ui(lang, "アンケートを切り替える", "Switch survey").into(),
        MenuItem::EndSession => ui(lang, "このセッションを終了する", "End this session").into(),
        MenuItem::Quit => ui(lang, "koe を終了する", "Quit koe").into(),
    }
}

fn home(app: &App, selected: usize, body: &mut Body, theme: Theme, lang: &str) {
    body.title("koe (声)", ui(lang, "アンケート一覧", "Surveys"), theme);
    if app.surveys.is_empty() {
        body.text(
            ui(
                lang,
                "アンケートが見つかりません。surveys/ に JSON ファイルを置いてください。",
                "No surveys found. Put survey JSON files in surveys/.",
            ),
            Style::new(),
        );
    }
    let w = body.width();
    for (i, e) in app.surveys.iter().enumerate() {
        let (submitted, partial) = app.counts.get(i).copied().unwrap_or((0, 0));
        let counts = format!(
            "{} {submitted}  {} {partial}",
            ui(lang, "回答", "answers"),
            ui(lang, "途中", "partial")
        );
        let title = format!(
            "{} {}",
            if i == selected { ">" } else { " " },
            survey_title(&e.survey, lang)
        );
        let text = format!("{}  {counts}", pad(&title, w.saturating_sub(width(&counts) + 2)));
        body.line(Line::styled(
            text,
            if i == selected { theme.selected() } else { Style::new() },
        ));
    }
    if let Some((_, written)) = app.exporting() {
        body.blank();
        body.text(
            &format!(
                "{} ({written} {})",
                ui(lang, "書き出し中…", "Exporting..."),
                ui(lang, "件", "so far")
            ),
            theme.accent(),
        );
    }
    if let Some(n) = &app.notice {
        body.blank();
        body.text(n, theme.accent());
    }
}

fn export_format(app: &App, survey: usize, format: crate::tally::Format, body: &mut Body, theme: Theme, lang: &str) {
    use crate::tally::Format::{Csv, Xlsx};
    let title = app.surveys.get(survey).map_or("", |e| survey_title(&e.survey, lang));
    body.title(title, ui(lang, "書き出し", "Export"), theme);
    body.text(ui(lang, "どの形式で書き出しますか。", "Which format?"), Style::new());
    body.blank();
    let options = [
        (
            Csv,
            ui(
                lang,
                "1. CSV ファイル（単純集計・統計・自由記述・回答一覧など）",
                "1. CSV files (summary, statistics, free text, responses, ...)",
            ),
        ),
        (
            Xlsx,
            ui(
                lang,
                "2. Excel ブック（report.xlsx、グラフ付き）",
                "2. Excel workbook (report.xlsx, with charts)",
            ),
        ),
    ];
    let w = body.width();
    for (f, label) in options {
        let chosen = f == format;
        let line = format!("{} {label}", if chosen { ">" } else { " " });
        body.line(Line::styled(
            pad(&line, w),
            if chosen { theme.selected() } else { Style::new() },
        ));
    }
    body.blank();
    body.text(
        &format!(
            "{} {}",
            ui(lang, "書き出し先（新しいフォルダを作ります）:", "Into a new folder in:"),
            crate::paths::shown(&app.options.exports_dir)
        ),
        theme.dim(),
    );
}

fn session_label(
    app: &App,
    survey: usize,
    field: &TextField,
    practice: bool,
    body: &mut Body,
    theme: Theme,
    lang: &str,
) {
    let title = app.surveys.get(survey).map_or("", |e| survey_title(&e.survey, lang));
    body.title(title, ui(lang, "新しいセッション", "New session"), theme);
    let explain = ui(
        lang,
        "セッション名（会議名・日付など）を入力して Enter を押してください。",
        "Name this session (the meeting, a date) and press Enter.",
    );
    // A short window: the name and the mode come first, so that what Up/Down changes is always
    // on screen (at 30x10 the explanation above them pushed the mode out of sight).
    let compact = body.compact();
    if !compact {
        body.text(explain, Style::new());
        body.blank();
    }
    body.field(field, theme);
    if !compact {
        body.blank();
    }
    let modes = [
        (
            false,
            ui(
                lang,
                "本番: 回答者は画面を抜けられません（F10 と PIN で終了）",
                "Locked: respondents cannot leave (F10 and the PIN end it)",
            ),
        ),
        (
            true,
            ui(
                lang,
                "練習モード: ロックなし（アンケートを試すとき）",
                "Practice: unlocked (for trying the survey out)",
            ),
        ),
    ];
    let w = body.width();
    for (mode, text) in modes {
        let chosen = mode == practice;
        body.line(Line::styled(
            pad(&format!("{} {text}", if chosen { ">" } else { " " }), w),
            if chosen { theme.selected() } else { Style::new() },
        ));
    }
    if compact {
        body.text(explain, Style::new());
    }
}

fn welcome(app: &App, body: &mut Body, theme: Theme, lang: &str) {
    let Some(a) = &app.active else { return };
    let s = &a.survey;
    body.title(
        "koe (声)",
        &format!("{}{}", practice_tag(app, lang), a.session.label),
        theme,
    );
    body.blank();
    body.text(survey_title(s, lang), theme.heading());
    body.blank();
    if let Some(d) = &s.description {
        body.text(s.tr(d, lang), Style::new());
        body.blank();
    }
    body.text(
        ui(lang, "Enter キーを押して始めてください。", "Press Enter to begin."),
        theme.accent(),
    );
    if app.options.mouse {
        body.text(
            ui(
                lang,
                "画面の [ はじめる ] を押しても始められます。",
                "Or click or touch [ Start ] on the screen.",
            ),
            Style::new(),
        );
    }
    body.buttons(buttons(
        app,
        None,
        (ui(lang, "はじめる", "Start"), Action::Confirm),
        lang,
    ));
}

fn header(app: &App, survey: &Survey, index: usize, body: &mut Body, theme: Theme, lang: &str) {
    let Some(r) = &app.respondent else { return };
    let (pos, total) = r.answering.walk.progress(index);
    body.title(
        survey_title(survey, lang),
        &format!("{}{pos} / {total}", practice_tag(app, lang)),
        theme,
    );
    if body.compact() {
        return;
    }
    let w = body.width();
    let filled = w * pos / total;
    let bar = if theme.color {
        Line::from(vec![
            Span::styled(" ".repeat(filled), Style::new().bg(Color::Cyan)),
            Span::styled(" ".repeat(w - filled), Style::new().bg(Color::DarkGray)),
        ])
    } else {
        Line::from(format!("{}{}", "#".repeat(filled), "-".repeat(w - filled)))
    };
    body.line(bar);
    body.blank();
}
