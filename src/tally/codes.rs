//! codes.csv: the text answers sorted by code (theme), as a report quotes them (主な意見): grouped
//! by code (in the survey's order), then by question, each group in response order.
//!
//! Which codes an answer matches is decided once, by the tally's `QID#codes` items (see
//! `survey::codes`); this only keeps the quoted answers. They are kept in memory until the end of
//! the scan, since the grouping is not the scan's order: the texts that match a code, which is at
//! most what freetext.csv holds (a meeting's comments, not the responses' other answers).

use super::cell::Cell;
use super::fold::Tally;
use super::items::NO_CODE;

pub const CODES_HEADER: &[&str] = &[
    "question_id",
    "question",
    "code",
    "code_label",
    "response_id",
    "session",
    "text",
];

/// One quoted answer.
#[derive(Clone, Debug)]
struct Quote {
    response_id: String,
    session: String,
    text: String,
}

/// One group of codes.csv: a code of one question.
#[derive(Clone, Debug)]
struct Group {
    /// The `QID#codes` item and its option (the code).
    item: usize,
    option: usize,
    quotes: Vec<Quote>,
}

/// The answers quoted under each code, collected as responses are tallied.
#[derive(Clone, Debug, Default)]
pub struct CodedAnswers {
    /// In file order: by the code's place in the survey, then by question.
    groups: Vec<Group>,
    /// (item, option) → index in `groups`.
    index: Vec<Vec<Option<usize>>>,
}

impl CodedAnswers {
    pub fn new(tally: &Tally) -> CodedAnswers {
        let mut order: Vec<(usize, usize, usize)> = Vec::new();
        for (ii, it) in tally.items.iter().enumerate() {
            let Some(m) = &it.codes else { continue };
            for (o, &code) in m.codes().iter().enumerate() {
                order.push((code, ii, o));
            }
        }
        order.sort();
        let mut index: Vec<Vec<Option<usize>>> = tally.items.iter().map(|it| vec![None; it.options.len()]).collect();
        let groups = order
            .into_iter()
            .enumerate()
            .map(|(g, (_, item, option))| {
                index[item][option] = Some(g);
                Group {
                    item,
                    option,
                    quotes: Vec::new(),
                }
            })
            .collect();
        CodedAnswers { groups, index }
    }

    /// Keeps the coded answers of the response the tally added last (`answer_of` as
    /// [`Tally::add`] returned it).
    pub fn add(&mut self, tally: &Tally, answer_of: &[Option<&serde_json::Value>], response_id: &str, session: &str) {
        for (ii, it) in tally.items.iter().enumerate() {
            if it.codes.is_none() {
                continue;
            }
            let Some(text) = answer_of[it.question].and_then(|v| v.as_str()) else {
                continue;
            };
            for &o in tally.last_code_hits(ii) {
                if let Some(g) = self.index[ii].get(o).copied().flatten() {
                    self.groups[g].quotes.push(Quote {
                        response_id: response_id.to_string(),
                        session: session.to_string(),
                        text: text.to_string(),
                    });
                }
            }
        }
    }

    /// codes.csv's rows.
    pub fn table<'a>(&'a self, tally: &'a Tally) -> impl Iterator<Item = Vec<Cell<'a>>> + 'a {
        self.groups.iter().flat_map(move |g| {
            let it = &tally.items[g.item];
            let q = &tally.survey.questions[it.question];
            let (code, label) = &it.options[g.option];
            debug_assert_ne!(code, NO_CODE);
            g.quotes.iter().map(move |quote| {
                vec![
                    Cell::text(q.id.as_str()),
                    Cell::text(tally.survey.tr(&q.text, &tally.lang)),
                    Cell::text(code.as_str()),
                    Cell::text(label.as_str()),
                    Cell::text(quote.response_id.as_str()),
                    Cell::text(quote.session.as_str()),
                    Cell::text(quote.text.as_str()),
                ]
            })
        })
    }
}
