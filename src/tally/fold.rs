//! The tally itself: one response at a time folded into per-item counters (overall and per
//! group), statistics histograms, and the texts' places; then the summary tables built from them.
//! Used by the export (files) and by the results screen (bars on screen).

use serde_json::Value;

use super::cell::Cell;
use super::items::{Item, hits, item_value, items};
use super::keywords::Keywords;
use super::labels;
use super::round::Exact;
use super::stats::{Histogram, StatKind, StatRow};
use super::tracked::{self, Tracked};
use crate::store::scan::Scanned;
use crate::survey::answer::other_in;
use crate::survey::shown::visibility_by;
use crate::survey::{Kind, Survey};

/// Counts of one item, overall (index 0) and per group (1..).
#[derive(Clone, Debug)]
pub struct ItemCounts {
    pub base: Vec<u64>,
    pub answered: Vec<u64>,
    pub options: Vec<Vec<u64>>,
}

/// How responses are grouped for a cross-tabulation.
#[derive(Clone, Debug)]
pub enum Groups {
    None,
    Session(Vec<String>),
    Question { item: usize, labels: Vec<String> },
}

impl Groups {
    pub fn labels(&self) -> &[String] {
        match self {
            Groups::None => &[],
            Groups::Session(l) | Groups::Question { labels: l, .. } => l,
        }
    }

    /// The group of the responses that did not answer the `--by` question (無回答), after the
    /// labelled groups; a session grouping has none.
    pub fn no_answer(&self) -> Option<usize> {
        match self {
            Groups::Question { labels, .. } => Some(labels.len() + 1),
            _ => None,
        }
    }

    /// How many groups each item counts: everyone (0), each labelled group, and 無回答.
    pub fn counted(&self) -> usize {
        1 + self.labels().len() + usize::from(self.no_answer().is_some())
    }
}

/// One option's count in one group; see [`Tally::option_counts`].
#[derive(Clone, Debug, PartialEq)]
pub struct OptionCount<'a> {
    pub value: &'a str,
    pub label: &'a str,
    pub count: u64,
    /// Exact; rounded where it is shown (see [`super::round`]).
    pub percent: Option<Exact>,
}

/// A free-text item: a text question, or the "other" of a choice question.
#[derive(Clone, Debug)]
pub struct TextItem {
    pub id: String,
    pub label: String,
    pub question: usize,
    pub other: bool,
}

impl TextItem {
    /// This item's text in a response (answers by question index, hidden ones `None`).
    pub fn text_of<'a>(&self, answer_of: &[Option<&'a Value>]) -> Option<&'a str> {
        let answer = answer_of[self.question]?;
        if self.other { other_in(answer) } else { answer.as_str() }
    }

    /// This item's keyword terms as stored with the response, when they were.
    pub fn stored_terms<'a>(&self, r: &'a Scanned) -> Option<&'a [String]> {
        r.terms.as_ref()?.get(self.question)?.as_deref()
    }
}

/// What a tally has counted, kept between two passes over the store: the results screen reads
/// only the responses that arrived since its last pass and folds them into these (see
/// [`Tally::carry_on`] and [`Tally::keep`]).
#[derive(Clone, Debug, Default)]
pub struct Counted {
    counts: Vec<ItemCounts>,
    stats: Vec<StatRow>,
    indicators: Vec<Tracked>,
    responses: u64,
}

/// Everything counted so far.
pub struct Tally<'s> {
    pub survey: &'s Survey,
    pub lang: String,
    pub items: Vec<Item>,
    pub counts: Vec<ItemCounts>,
    pub stats: Vec<StatRow>,
    pub texts: Vec<TextItem>,
    pub groups: Groups,
    pub responses: u64,
    /// Responses in each group (0 is everyone).
    pub group_sizes: Vec<u64>,
    /// What the survey's indicators need beyond the rows above; see [`Tally::indicator_results`].
    pub indicators: Vec<Tracked>,
    /// For each item of a text question's codes (`QID#codes`), the options the last response
    /// added hit (empty for other items): codes.csv quotes those answers without matching again.
    last_hits: Vec<Vec<usize>>,
    hit: Vec<usize>,
    member: Vec<usize>,
    shown: Vec<bool>,
}

impl<'s> Tally<'s> {
    pub fn new(survey: &'s Survey, lang: &str, groups: Groups) -> Tally<'s> {
        let items = items(survey, lang);
        let n_groups = groups.counted();
        let counts = items
            .iter()
            .map(|it| ItemCounts {
                base: vec![0; n_groups],
                answered: vec![0; n_groups],
                options: vec![vec![0; it.options.len()]; n_groups],
            })
            .collect();
        let stats = stat_rows(survey, lang);
        Tally {
            survey,
            lang: lang.to_string(),
            indicators: tracked::track(survey, &items, &stats, n_groups),
            stats,
            texts: text_items(survey, lang),
            items,
            counts,
            group_sizes: vec![0; n_groups],
            groups,
            responses: 0,
            last_hits: Vec::new(),
            hit: Vec::new(),
            member: Vec::new(),
            shown: Vec::new(),
        }
    }

    /// Goes on from what an earlier tally of the same survey, language and groups kept: the
    /// responses folded in next are added to its counts.
    pub fn carry_on(&mut self, kept: Counted) {
        self.counts = kept.counts;
        self.stats = kept.stats;
        self.indicators = kept.indicators;
        self.responses = kept.responses;
    }

    /// What has been counted, to go on from with [`Tally::carry_on`] after more responses come.
    pub fn keep(self) -> Counted {
        Counted {
            counts: self.counts,
            stats: self.stats,
            indicators: self.indicators,
            responses: self.responses,
        }
    }

    /// The groups of a cross-tabulation by `by` (a question id, or "session" with its labels).
    pub fn groups_by(
        survey: &Survey,
        lang: &str,
        by: &str,
        sessions: Vec<String>,
    ) -> Result<Groups, crate::words::Words> {
        if by == "session" {
            return Ok(Groups::Session(sessions));
        }
        let items = items(survey, lang);
        let Some(i) = items.iter().position(|it| it.id == by) else {
            // Every item has options: choice, scale and yes/no questions, and matrix rows.
            let usable: Vec<&str> = items.iter().map(|it| it.id.as_str()).collect();
            return Err(crate::say!(
                data::ExportCannotGroupBy,
                by = by,
                survey = survey.id,
                usable = usable.join(", ")
            ));
        };
        Ok(Groups::Question {
            item: i,
            labels: items[i].options.iter().map(|(_, l)| l.clone()).collect(),
        })
    }

    /// Folds one response in (read for this tally's survey). Returns each question's answer by
    /// index, `None` for no answer and for a question hidden by `show_if` (which is outside every
    /// base).
    pub fn add<'r>(&mut self, r: &'r Scanned) -> Vec<Option<&'r Value>> {
        self.responses += 1;
        let answer = |j: usize| r.answers.get(j).and_then(Option::as_ref);
        visibility_by(self.survey, answer, &mut self.shown);
        let shown = &self.shown;
        let answer_of: Vec<Option<&Value>> = (0..shown.len())
            .map(|j| if shown[j] { answer(j) } else { None })
            .collect();
        self.member.clear();
        self.member.push(0);
        match &self.groups {
            Groups::None => {}
            Groups::Session(labels) => self
                .member
                .extend(labels.iter().position(|l| *l == r.session).map(|i| i + 1)),
            Groups::Question { item, .. } => {
                let it = &self.items[*item];
                self.hit.clear();
                if let Some(v) = answer_of[it.question].and_then(|a| item_value(it, a)) {
                    hits(it, v, &mut self.hit);
                }
                self.member.extend(self.hit.iter().map(|h| h + 1));
                if self.hit.is_empty() {
                    self.member.extend(self.groups.no_answer());
                }
            }
        }
        for &g in &self.member {
            self.group_sizes[g] += 1;
        }
        self.last_hits.resize_with(self.items.len(), Vec::new);
        for ((it, c), last) in self.items.iter().zip(self.counts.iter_mut()).zip(&mut self.last_hits) {
            last.clear();
            if !shown[it.question] {
                continue;
            }
            self.hit.clear();
            if let Some(v) = answer_of[it.question].and_then(|a| item_value(it, a)) {
                hits(it, v, &mut self.hit);
            }
            if it.codes.is_some() {
                last.extend_from_slice(&self.hit);
            }
            for &g in &self.member {
                c.base[g] += 1;
                if !self.hit.is_empty() {
                    c.answered[g] += 1;
                }
                for &h in &self.hit {
                    c.options[g][h] += 1;
                }
            }
        }
        for s in &mut self.stats {
            fold_stat(s, shown, &answer_of);
        }
        if !self.indicators.is_empty() {
            tracked::fold(
                &mut self.indicators,
                &self.items,
                &self.stats,
                shown,
                &answer_of,
                &self.member,
                &mut self.hit,
            );
        }
        answer_of
    }

    /// The options of item `item` that the response last added hit, for an item of codes
    /// (`QID#codes`); empty for other items and when its question was not answered.
    pub fn last_code_hits(&self, item: usize) -> &[usize] {
        self.last_hits.get(item).map_or(&[], Vec::as_slice)
    }

    /// An item's options in one group (0 is everyone), then its no-answer row: how many chose
    /// each, and the percent of the group's base (none when the base is empty).
    pub fn option_counts(&self, item: usize, group: usize) -> Vec<OptionCount<'_>> {
        let (it, c) = (&self.items[item], &self.counts[item]);
        let base = c.base[group];
        let percent = |n: u64| Exact::percent(n, base);
        let no_answer = base - c.answered[group];
        it.options
            .iter()
            .zip(&c.options[group])
            .map(|((value, label), &count)| OptionCount {
                value,
                label,
                count,
                percent: percent(count),
            })
            .chain(std::iter::once(OptionCount {
                value: "",
                label: labels::no_answer(&self.lang),
                count: no_answer,
                percent: percent(no_answer),
            }))
            .collect()
    }

    /// The summary rows of one item (its options, then 無回答) with n and % for each group.
    pub fn option_rows(&self, item: usize, groups: &[usize]) -> Vec<Vec<Cell<'_>>> {
        let it = &self.items[item];
        let per_group: Vec<Vec<OptionCount>> = groups.iter().map(|&g| self.option_counts(item, g)).collect();
        self.option_counts(item, 0)
            .iter()
            .enumerate()
            .map(|(row, o)| {
                let mut cells = vec![
                    Cell::text(it.id.as_str()),
                    Cell::text(it.label.as_str()),
                    Cell::text(o.value),
                    Cell::text(o.label),
                ];
                for counts in &per_group {
                    cells.push(Cell::Count(counts[row].count));
                    cells.push(Cell::percent(counts[row].percent));
                }
                cells
            })
            .collect()
    }

    /// The groups of crosstab_<by>.csv, in its order: 全体 (everyone) first, then each group,
    /// then 無回答 (no answer to the `--by` question) when some responses are in it.
    pub fn crosstab_groups(&self) -> Vec<(usize, &str)> {
        let mut out = vec![(0, labels::all(&self.lang))];
        out.extend(
            self.groups
                .labels()
                .iter()
                .enumerate()
                .map(|(i, l)| (i + 1, l.as_str())),
        );
        if let Some(na) = self.groups.no_answer().filter(|&g| self.group_sizes[g] > 0) {
            out.push((na, labels::no_answer(&self.lang)));
        }
        out
    }

    /// crosstab_<by>.csv's rows of one item: for each group (see [`Tally::crosstab_groups`]),
    /// its options and 無回答, with the group's base `n` and percents of that base (横%).
    pub fn crosstab_rows(&self, item: usize) -> Vec<Vec<Cell<'_>>> {
        let it = &self.items[item];
        let mut rows = Vec::new();
        for (g, group) in self.crosstab_groups() {
            let n = self.counts[item].base[g];
            for o in self.option_counts(item, g) {
                rows.push(vec![
                    Cell::text(it.id.as_str()),
                    Cell::text(it.label.as_str()),
                    Cell::text(group),
                    Cell::Count(n),
                    Cell::text(o.value),
                    Cell::text(o.label),
                    Cell::Count(o.count),
                    Cell::percent(o.percent),
                ]);
            }
        }
        rows
    }

    /// stats.csv's rows.
    pub fn stat_table(&self) -> Vec<Vec<Cell<'_>>> {
        self.stats
            .iter()
            .map(|s| {
                let st = s.hist.stats();
                vec![
                    Cell::text(s.id.as_str()),
                    Cell::text(s.label.as_str()),
                    Cell::Count(st.n),
                    Cell::Count(s.base - s.answered),
                    Cell::decimal(st.mean),
                    Cell::decimal(st.median),
                    Cell::decimal_of(st.sd),
                    Cell::decimal_of(st.min),
                    Cell::decimal_of(st.max),
                    Cell::percent(s.top2_percent()),
                ]
            })
            .collect()
    }

    /// keywords.csv's rows, from the keyword counts of each text item.
    pub fn keyword_table<'a>(&'a self, keywords: &'a [Keywords]) -> Vec<Vec<Cell<'a>>> {
        let mut rows = Vec::new();
        for (t, k) in self.texts.iter().zip(keywords) {
            for top in k.top_terms() {
                rows.push(vec![
                    Cell::text(t.id.as_str()),
                    Cell::text(t.label.as_str()),
                    Cell::text(top.term),
                    Cell::text(top.pos.label()),
                    Cell::Count(top.responses),
                    Cell::percent(Exact::percent(top.responses, k.answers.max(1))),
                    Cell::text(top.example),
                ]);
            }
        }
        rows
    }

    /// kwic.csv's rows: the kept occurrences of each keywords.csv term, term by term.
    pub fn kwic_table<'a>(&'a self, keywords: &'a [Keywords]) -> Vec<Vec<Cell<'a>>> {
        let mut rows = Vec::new();
        for (t, k) in self.texts.iter().zip(keywords) {
            for top in k.top_terms() {
                for o in k.kwic(&top) {
                    rows.push(vec![
                        Cell::text(t.id.as_str()),
                        Cell::text(t.label.as_str()),
                        Cell::text(top.term),
                        Cell::text(o.response_id.as_str()),
                        Cell::text(o.left.as_str()),
                        Cell::text(o.matched.as_str()),
                        Cell::text(o.right.as_str()),
                    ]);
                }
            }
        }
        rows
    }

    /// cooccurrence.csv's rows: the pairs of each question's keywords.csv terms.
    pub fn cooccurrence_table<'a>(&'a self, keywords: &'a [Keywords]) -> Vec<Vec<Cell<'a>>> {
        let mut rows = Vec::new();
        for (t, k) in self.texts.iter().zip(keywords) {
            for p in k.pairs(&k.top_terms()) {
                rows.push(vec![
                    Cell::text(t.id.as_str()),
                    Cell::text(t.label.as_str()),
                    Cell::text(p.term_a),
                    Cell::text(p.term_b),
                    Cell::Count(p.responses),
                    Cell::Number(p.jaccard().into()),
                ]);
            }
        }
        rows
    }
}

pub const SUMMARY_HEADER: &[&str] = &["question_id", "question", "option_value", "option", "count", "percent"];
pub const CROSSTAB_HEADER: &[&str] = &[
    "question_id",
    "question",
    "group",
    "n",
    "option_value",
    "option",
    "count",
    "percent",
];
pub const STATS_HEADER: &[&str] = &[
    "question_id",
    "question",
    "n",
    "no_answer",
    "mean",
    "median",
    "sd",
    "min",
    "max",
    "top2_percent",
];
pub const FREETEXT_HEADER: &[&str] = &[
    "question_id",
    "question",
    "response_id",
    "session",
    "submitted_at",
    "text",
];
pub const KEYWORDS_HEADER: &[&str] = &[
    "question_id",
    "question",
    "term",
    "part_of_speech",
    "responses",
    "percent",
    "example",
];
pub const KWIC_HEADER: &[&str] = &[
    "question_id",
    "question",
    "term",
    "response_id",
    "left",
    "match",
    "right",
];
pub const COOCCURRENCE_HEADER: &[&str] = &["question_id", "question", "term_a", "term_b", "responses", "jaccard"];

fn stat_rows(survey: &Survey, lang: &str) -> Vec<StatRow> {
    let mut out = Vec::new();
    for (qi, q) in survey.questions.iter().enumerate() {
        let text = survey.tr(&q.text, lang);
        let mut push = |id: String, label: String, kind: StatKind| {
            out.push(StatRow {
                id,
                label,
                question: qi,
                kind,
                hist: Histogram::default(),
                base: 0,
                answered: 0,
            })
        };
        match &q.kind {
            Kind::Scale(s) => push(
                q.id.clone(),
                text.to_string(),
                StatKind::Point {
                    row: None,
                    top2_from: (s.max - 1) as f64,
                },
            ),
            Kind::Number { .. } => push(q.id.clone(), text.to_string(), StatKind::Number),
            Kind::Matrix { rows, scale } => {
                for r in rows {
                    push(
                        format!("{}/{}", q.id, r.id),
                        format!("{text} / {}", survey.tr(&r.text, lang)),
                        StatKind::Point {
                            row: Some(r.id.clone()),
                            top2_from: (scale.max - 1) as f64,
                        },
                    );
                }
            }
            Kind::Rank { choices, .. } => {
                for c in choices {
                    push(
                        format!("{}/{}", q.id, c.value),
                        format!("{text} / {}", survey.tr(&c.label, lang)),
                        StatKind::Rank(c.value.clone()),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

fn fold_stat(s: &mut StatRow, shown: &[bool], answer_of: &[Option<&Value>]) {
    if !shown[s.question] {
        return;
    }
    s.base += 1;
    let Some(answer) = answer_of[s.question] else { return };
    if s.kind.answered(answer) {
        s.answered += 1;
    }
    if let Some(x) = s.kind.number(answer) {
        s.hist.add(x);
    }
}

fn text_items(survey: &Survey, lang: &str) -> Vec<TextItem> {
    let mut out = Vec::new();
    for (qi, q) in survey.questions.iter().enumerate() {
        let text = survey.tr(&q.text, lang).to_string();
        if matches!(q.kind, Kind::Text { .. }) {
            out.push(TextItem {
                id: q.id.clone(),
                label: text,
                question: qi,
                other: false,
            });
        } else if q.kind.has_other() {
            out.push(TextItem {
                id: format!("{}/other", q.id),
                label: format!("{text} / {}", labels::other(lang)),
                question: qi,
                other: true,
            });
        }
    }
    out
}
