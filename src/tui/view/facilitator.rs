//! The facilitator's screens: the home screen (surveys, export, a new session's label), the
//! unfinished responses of a crash, the 進行役メニュー, the PIN and the confirmation before leaving
//! (as `app/facilitator.rs` handles their keys).

use ratatui::style::Style;
use ratatui::text::Line;

use super::page::Body;
use super::{Theme, survey_title, ui};
use crate::tui::app::{App, MenuItem, PinProblem, PinPurpose};
use crate::tui::text_field::TextField;
use crate::tui::wrap::{pad, width};

pub(super) fn home(app: &App, selected: usize, body: &mut Body, theme: Theme, lang: &str) {
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

pub(super) fn session_label(
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

pub(super) fn export_format(
    app: &App,
    survey: usize,
    format: crate::tally::Format,
    body: &mut Body,
    theme: Theme,
    lang: &str,
) {
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

pub(super) fn resume(
    app: &App,
    items: &[crate::store::Unfinished],
    selected: usize,
    body: &mut Body,
    theme: Theme,
    lang: &str,
) {
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

pub(super) fn menu(app: &App, selected: usize, body: &mut Body, theme: Theme, lang: &str) {
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

pub(super) fn menu_label(app: &App, item: MenuItem, lang: &str) -> String {
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

pub(super) fn pin(
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
pub(super) fn confirm_leave(app: &App, item: MenuItem, body: &mut Body, theme: Theme, lang: &str) {
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
