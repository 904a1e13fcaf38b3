//! Drawing: reads the [`App`] and paints a frame. No decisions about answers are made here.
//!
//! The chrome uses only ASCII and CJK characters (no box drawing, arrows, ○ or ※, which take
//! two cells on terminals set up for CJK), so the layout is the same everywhere.
//!
//! Every screen is laid out in a [`Body`] (`page`: lines top to bottom, the on-screen buttons, a
//! problem line, the footer, the caret). The files mirror `app/`: `respondent` draws the
//! respondent's screens, `facilitator` the facilitator's, `results` the results screen, and
//! `question` the answer widgets of each kind (through `tui::kinds`); this file picks the screen.
//! Whatever is drawn to be clicked is registered in the same place it is drawn, into the
//! [`HitMap`] that [`render`] returns: the click targets cannot drift from the picture.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

mod facilitator;
mod page;
mod question;
mod respondent;
mod results;
use page::Body;
pub(crate) use page::footer_rows;

use facilitator::{confirm_leave, export_format, home, menu, pin, resume, session_label};
pub use question::describe_answer;
use respondent::{help, question, review, thanks, welcome};
use results::{answers_list, read_one, results_list};

use super::app::{App, Screen};
use super::hits::HitMap;
use super::keymap;
use super::layout::Lists;
use super::wrap::fit;
use crate::survey::Survey;

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

/// The survey's title in a language.
fn survey_title<'a>(s: &'a Survey, lang: &str) -> &'a str {
    s.tr(&s.title, lang)
}
