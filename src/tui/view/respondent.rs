//! The respondent's screens: the welcome, a question with its header and buttons, the review of
//! the answers, the thank-you screen and the F1 help (as `app/respondent.rs` handles their keys).

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use super::page::Body;
use super::question::{describe_answer, question_widget};
use super::{Theme, practice_tag, survey_title, ui};
use crate::survey::{Kind, Survey};
use crate::tui::app::{App, Screen};
use crate::tui::keymap::{self, Action};
use crate::tui::wrap::{pad, width, wrap};

/// The buttons of a respondent's screen: back (when there is one), the next language (when the
/// survey has one; its name as the keymap's F2 shows it), and the way on at the right.
pub(super) fn buttons(app: &App, back: Option<Action>, on: (&str, Action), lang: &str) -> Vec<(String, Action)> {
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

pub(super) fn welcome(app: &App, body: &mut Body, theme: Theme, lang: &str) {
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

pub(super) fn header(app: &App, survey: &Survey, index: usize, body: &mut Body, theme: Theme, lang: &str) {
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

pub(super) fn question(
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

pub(super) fn review(
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
pub(super) fn hanging(lead: &str, text: &str, w: usize) -> Vec<String> {
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
pub(super) fn first_shown(heights: &[usize], selected: usize, room: usize) -> usize {
    let selected = selected.min(heights.len().saturating_sub(1));
    let mut start = 0;
    while start < selected && heights[start..=selected].iter().sum::<usize>() > room {
        start += 1;
    }
    start
}

pub(super) fn thanks(body: &mut Body, theme: Theme, lang: &str) {
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

pub(super) fn help(app: &App, back: &Screen, body: &mut Body, theme: Theme, lang: &str) {
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
