//! The results screen's data: the same tally as the export, arranged per question for the screen
//! (bars of counts and percents, scale means, keywords, the free-text answers to read one by one).
//! Brought up to date incrementally when new answers arrive: the counts are kept, and only the
//! responses submitted since are read and added.

use crate::store::scan::{Filter, Range, Scanned};
use crate::store::{Store, StoreError};
use crate::survey::codes::{Matcher, normalize, places};
use crate::survey::{Direction, Kind, Survey};
use crate::tally::cell::Cell;
use crate::tally::fold::{Counted, Groups, Tally};
use crate::tally::indicators::{IndicatorResult, target_cell};
use crate::tally::keywords::Keywords;
use crate::tally::round::{Exact, Rounded};
use crate::tally::stats::StatKind;
use crate::words::Words;

/// Free-text answers kept per question for reading on screen (a meeting has far fewer).
const TEXTS_KEPT: usize = 5_000;
/// Keywords shown per text question.
const KEYWORDS_SHOWN: usize = 8;

/// One indicator on the results screen: its result beside its target.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorLine {
    pub label: String,
    /// `result / target` as the export files write the numbers (`60.0% / 70.0%`), with the
    /// direction when it is "at most"; `-` for a result with n = 0.
    pub figures: String,
    /// The bar: the result and the target as fractions of one scale (0 to 100 for a percent,
    /// else 0 to the larger of the two).
    pub filled: f64,
    pub target_at: f64,
    /// Whether the target is met; `None` when n = 0.
    pub achieved: Option<bool>,
}

impl IndicatorLine {
    fn new(r: &IndicatorResult, label: &str, lang: &str) -> IndicatorLine {
        let ind = r.indicator;
        let show = |c: Cell| {
            let text = c.csv_text().into_owned();
            if ind.measure.is_percent() {
                format!("{text}%")
            } else {
                text
            }
        };
        let result = r.result_cell();
        let result = if result == Cell::Empty {
            "-".to_string()
        } else {
            show(result)
        };
        let mut figures = format!("{result} / {}", show(target_cell(ind)));
        if ind.direction == Direction::AtMost {
            figures.push_str(if lang == "ja" { " 以下" } else { " at most" });
        }
        let value = r.result.map_or(0.0, Rounded::value).max(0.0);
        let scale = if ind.measure.is_percent() {
            100.0
        } else {
            value.max(ind.target).max(f64::MIN_POSITIVE)
        };
        IndicatorLine {
            label: label.to_string(),
            figures,
            filled: (value / scale).clamp(0.0, 1.0),
            target_at: (ind.target / scale).clamp(0.0, 1.0),
            achieved: r.achieved,
        }
    }
}

/// One question's (or matrix row's) block on the results screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The survey's indicators (目標値と実績値), shown first.
    Indicators(Vec<IndicatorLine>),
    /// Options with count and percent of the base (no-answer last), and the mean for scales;
    /// rounded as the export files round them, so the screen shows their digits.
    Counts {
        title: String,
        base: u64,
        rows: Vec<(String, u64, Rounded)>,
        mean: Option<(Rounded, u64)>,
    },
    /// A number question.
    Number {
        title: String,
        n: u64,
        mean: Option<Rounded>,
        median: Option<Rounded>,
        min: Option<Rounded>,
        max: Option<Rounded>,
    },
    /// A rank question: each choice with how many ranked it and its mean position, most
    /// preferred first.
    Rank {
        title: String,
        rows: Vec<(String, u64, Option<Rounded>)>,
    },
    /// A text question, or the "other" texts of a choice question.
    Text {
        title: String,
        /// Top terms as keywords.csv counts them: (term, answers holding it, percent of the
        /// text answers).
        keywords: Vec<(String, u64, Rounded)>,
        /// The question's codes as summary.csv's `QID#codes` rows count them, then the answers
        /// matching none (`#none`); empty without codes.
        codes: Vec<CodeLine>,
        /// The answers kept for reading, in storage order, with the terms of each.
        texts: Vec<String>,
        terms: Vec<Vec<String>>,
        /// The question's codes, to find the answers under one of them.
        matcher: Option<Matcher>,
    },
}

/// One code of a text question on the results screen.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeLine {
    /// The code's id, or `#none`.
    pub id: String,
    pub label: String,
    pub count: u64,
    pub percent: Rounded,
}

/// What can be chosen in a text question's block to list the answers holding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// A term of the frequent-words list.
    Term(String),
    /// A code by id, or `#none` (the answers matching no code).
    Code(String),
}

/// One answer listed for a [`Pick`], with where the term (or the code's words) stands in it.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub text: String,
    /// Byte ranges of `text` to highlight, in order.
    pub marks: Vec<std::ops::Range<usize>>,
}

/// Everything the results screen shows.
#[derive(Clone, Debug)]
pub struct Results {
    pub survey_title: String,
    pub survey_id: String,
    pub lang: String,
    /// The session shown, or all of them.
    pub session: Option<String>,
    pub sessions: Vec<String>,
    pub responses: u64,
    pub blocks: Vec<Block>,
    /// The survey's code ids in its order (a [`Matcher`] names codes by their place).
    code_ids: Vec<String>,
    /// What the data looked like when computed, to notice new answers.
    pub stamp: (i64, i64),
    /// The running tally behind the blocks, for [`Results::refresh`].
    live: Live,
}

/// The tally's counters, kept between refreshes, and which responses they have counted: every
/// submitted one up to `last`, except those in `waiting` (not submitted when last read).
#[derive(Clone, Debug, Default)]
struct Live {
    started: bool,
    counted: Counted,
    keywords: Vec<Keywords>,
    /// The texts kept for reading, with their rows and terms.
    texts: Vec<Vec<(i64, String, Vec<String>)>>,
    last: i64,
    waiting: Vec<i64>,
}

/// Why a computation stopped before its end.
#[derive(Debug)]
pub enum Stopped {
    Store(StoreError),
    /// The progress callback asked to stop (a newer request came).
    Cancelled,
}

impl From<StoreError> for Stopped {
    fn from(e: StoreError) -> Self {
        Stopped::Store(e)
    }
}

/// A percent as the screen shows it: rounded as the export files round it; 0.0 for an empty base.
fn percent_shown(p: Option<Exact>) -> Rounded {
    p.unwrap_or(Exact::whole(0)).round(1)
}

/// How many responses are tallied between two progress reports.
pub const PROGRESS_EVERY: u64 = 2048;

impl Results {
    /// Tallies the submitted responses of `survey` (of one session, or all).
    pub fn compute(store: &Store, survey: &Survey, lang: &str, session: Option<&str>) -> Result<Results, StoreError> {
        // This progress never stops the tally: Cancelled cannot come back.
        Results::compute_with(store, survey, lang, session, &mut |_| true).map_err(|e| match e {
            Stopped::Store(e) => e,
            Stopped::Cancelled => StoreError::Other(Words::same("the tally was cancelled")),
        })
    }

    /// [`Results::compute`], calling `progress` with the number of responses tallied so far every
    /// [`PROGRESS_EVERY`] responses; it returns false to stop the tally.
    pub fn compute_with(
        store: &Store,
        survey: &Survey,
        lang: &str,
        session: Option<&str>,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<Results, Stopped> {
        let mut results = Results {
            survey_title: survey.tr(&survey.title, lang).to_string(),
            survey_id: survey.id.clone(),
            lang: lang.to_string(),
            session: session.map(str::to_string),
            sessions: Vec::new(),
            responses: 0,
            blocks: Vec::new(),
            code_ids: survey.codes.iter().map(|c| c.id.clone()).collect(),
            stamp: (0, 0),
            live: Live::default(),
        };
        results.refresh_with(store, survey, progress)?;
        Ok(results)
    }

    /// Brings the results up to date with the store (same survey, language and session): reads
    /// only the responses submitted since the last computation and adds them to the kept counts.
    /// Should anything else have changed (a response counted before is gone), everything is
    /// recomputed.
    pub fn refresh(&mut self, store: &Store, survey: &Survey) -> Result<(), StoreError> {
        // This progress never stops the tally: Cancelled cannot come back.
        self.refresh_with(store, survey, &mut |_| true).map_err(|e| match e {
            Stopped::Store(e) => e,
            Stopped::Cancelled => StoreError::Other(Words::same("the tally was cancelled")),
        })
    }

    /// [`Results::refresh`] with progress reports as in [`Results::compute_with`]. When stopped,
    /// the results shown are kept and the next refresh computes them all again.
    pub fn refresh_with(
        &mut self,
        store: &Store,
        survey: &Survey,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<(), Stopped> {
        // Taken first: an answer arriving during the scan changes the stamp after it, so the
        // next check refreshes rather than missing it.
        let stamp = store.response_stamp(&survey.id)?;
        let all = Filter {
            survey_id: survey.id.clone(),
            sessions: Vec::new(),
            include_partial: false,
            // Practice answers never reach the results screen (SPEC).
            include_practice: false,
        };
        let sessions = store.session_labels(&all)?;
        let filter = Filter {
            sessions: self.session.clone().map(|s| vec![s]).unwrap_or_default(),
            ..all
        };
        let mut tally = Tally::new(survey, &self.lang, Groups::None);
        let mut live = std::mem::take(&mut self.live);
        if live.started {
            tally.carry_on(std::mem::take(&mut live.counted));
        } else {
            // Responses saved at the kiosk are stored without terms: have the dictionary
            // decoded while the first count runs, not when the next refresh needs it.
            crate::terms::warm_up();
            live.keywords = vec![Keywords::new(crate::terms::Vocabulary::of(tally.survey)); tally.texts.len()];
            live.texts = vec![Vec::new(); tally.texts.len()];
        }
        // Which rows may still come is settled before reading, so that a response submitted in
        // between is either read now or read later, never both nor neither.
        let (last, mut waiting) = store.response_window(&filter)?;
        let range = Range {
            after: if live.started { live.last } else { 0 },
            also: if live.started {
                std::mem::take(&mut live.waiting)
            } else {
                Vec::new()
            },
            up_to: Some(last),
        };
        let mut read = Vec::new();
        let vocabulary = crate::terms::Vocabulary::of(survey);
        let (keywords, texts) = (&mut live.keywords, &mut live.texts);
        store.scan_range(&filter, survey, &range, |r: &Scanned| -> Result<(), Stopped> {
            read.push(r.rid);
            if (read.len() as u64).is_multiple_of(PROGRESS_EVERY) && !progress(read.len() as u64) {
                return Err(Stopped::Cancelled);
            }
            let answer_of = tally.add(r);
            for (i, t) in tally.texts.iter().enumerate() {
                if let Some(text) = t.text_of(&answer_of) {
                    keywords[i].add_with(text, t.stored_terms(r));
                    // In storage order, as a computation from scratch keeps them, even for an
                    // earlier response submitted late.
                    let at = texts[i].partition_point(|(rid, _, _)| *rid < r.rid);
                    if at < TEXTS_KEPT {
                        // The terms, for listing the answers that hold one: stored with the
                        // response, or found here (an older response), off the screen's thread.
                        // Stored terms carry their part of speech (`terms::Pos::tag`).
                        let terms = match t.stored_terms(r) {
                            Some(stored) => stored
                                .iter()
                                .map(|tagged| crate::terms::Pos::untag(tagged).1.to_string())
                                .collect(),
                            None => crate::terms::terms_with(text, &vocabulary)
                                .into_iter()
                                .map(|(term, _)| term)
                                .collect(),
                        };
                        texts[i].insert(at, (r.rid, text.to_string(), terms));
                        texts[i].truncate(TEXTS_KEPT);
                    }
                }
            }
            Ok(())
        })?;
        waiting.retain(|rid| read.binary_search(rid).is_err());
        if live.started && store.count_responses(&filter)? != tally.responses {
            return self.refresh_with(store, survey, progress);
        }
        live.started = true;
        live.last = last;
        live.waiting = waiting;
        let lang = self.lang.as_str();
        let mut blocks = Vec::new();
        if !survey.indicators.is_empty() {
            let lines = tally
                .indicator_results(0)
                .iter()
                .map(|r| IndicatorLine::new(r, survey.tr(&r.indicator.text, lang), lang))
                .collect();
            blocks.push(Block::Indicators(lines));
        }
        for (qi, q) in survey.questions.iter().enumerate() {
            // A text question's codes are shown in its text block, where they can be chosen.
            for (ii, it) in tally
                .items
                .iter()
                .enumerate()
                .filter(|(_, it)| it.question == qi && it.codes.is_none())
            {
                let base = tally.counts[ii].base[0];
                let rows = tally
                    .option_counts(ii, 0)
                    .into_iter()
                    .map(|o| (o.label.to_string(), o.count, percent_shown(o.percent)))
                    .collect();
                let mean = tally
                    .stats
                    .iter()
                    .find(|s| s.id == it.id && matches!(s.kind, StatKind::Point { .. }))
                    .and_then(|s| s.hist.stats().mean.map(|m| (m.round(2), s.hist.n())));
                blocks.push(Block::Counts {
                    title: it.label.clone(),
                    base,
                    rows,
                    mean,
                });
            }
            if matches!(q.kind, Kind::Number { .. })
                && let Some(s) = tally.stats.iter().find(|s| s.question == qi)
            {
                let st = s.hist.stats();
                blocks.push(Block::Number {
                    title: s.label.clone(),
                    n: st.n,
                    mean: st.mean.map(|x| x.round(2)),
                    median: st.median.map(|x| x.round(2)),
                    min: st.min.and_then(|x| Rounded::of(x, 2)),
                    max: st.max.and_then(|x| Rounded::of(x, 2)),
                });
            }
            if let Kind::Rank { choices, .. } = &q.kind {
                let mut rows: Vec<(String, u64, Option<Exact>)> = tally
                    .stats
                    .iter()
                    .filter(|s| s.question == qi)
                    .zip(choices)
                    .map(|(s, c)| (survey.tr(&c.label, lang).to_string(), s.hist.n(), s.hist.stats().mean))
                    .collect();
                // Most preferred (lowest exact mean position) first.
                rows.sort_by(|a, b| match (a.2, b.2) {
                    (Some(x), Some(y)) => x.to_f64().total_cmp(&y.to_f64()),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
                blocks.push(Block::Rank {
                    title: survey.tr(&q.text, lang).to_string(),
                    rows: rows
                        .into_iter()
                        .map(|(label, n, mean)| (label, n, mean.map(|m| m.round(2))))
                        .collect(),
                });
            }
            for (ti, t) in tally.texts.iter().enumerate().filter(|(_, t)| t.question == qi) {
                let answers = live.keywords[ti].answers.max(1);
                let top = live.keywords[ti]
                    .top()
                    .into_iter()
                    .take(KEYWORDS_SHOWN)
                    .map(|(t, n, _)| (t.to_string(), n, percent_shown(Exact::percent(n, answers))))
                    .collect();
                let coded = tally
                    .items
                    .iter()
                    .position(|it| it.question == qi && it.codes.is_some() && !t.other);
                let codes = coded.map_or_else(Vec::new, |ii| {
                    let counts = tally.option_counts(ii, 0);
                    // Every option but the last, the no-answer row: a code lists answers.
                    counts[..counts.len() - 1]
                        .iter()
                        .map(|o| CodeLine {
                            id: o.value.to_string(),
                            label: o.label.to_string(),
                            count: o.count,
                            percent: percent_shown(o.percent),
                        })
                        .collect()
                });
                blocks.push(Block::Text {
                    title: t.label.clone(),
                    keywords: top,
                    codes,
                    texts: live.texts[ti].iter().map(|(_, t, _)| t.clone()).collect(),
                    terms: live.texts[ti].iter().map(|(_, _, terms)| terms.clone()).collect(),
                    matcher: coded.and_then(|ii| tally.items[ii].codes.clone()),
                });
            }
        }
        self.sessions = sessions;
        self.responses = tally.responses;
        self.blocks = blocks;
        self.stamp = stamp;
        live.counted = tally.keep();
        self.live = live;
        Ok(())
    }

    /// The session after the current one in the filter's cycle: all, then each session.
    pub fn next_session(&self) -> Option<String> {
        self.next_session_after(self.session.as_deref())
    }

    /// The session after `session` in the filter's cycle (all, then each session), from the
    /// sessions these results know.
    pub fn next_session_after(&self, session: Option<&str>) -> Option<String> {
        match session {
            None => self.sessions.first().cloned(),
            Some(s) => {
                let i = self.sessions.iter().position(|x| x == s).map_or(0, |i| i + 1);
                self.sessions.get(i).cloned()
            }
        }
    }

    /// The kept answers of text block `block` that hold `pick`, in storage order, with the places
    /// to highlight: for a term, the answers whose terms include it; for a code, the answers
    /// matching it (the rule of `survey::codes`, as the export counts them); for `#none`, those
    /// matching no code.
    pub fn quotes(&self, block: usize, pick: &Pick) -> Vec<Quote> {
        let Some(Block::Text {
            texts, terms, matcher, ..
        }) = self.blocks.get(block)
        else {
            return Vec::new();
        };
        match pick {
            Pick::Term(term) => {
                let needle = normalize(term);
                texts
                    .iter()
                    .zip(terms)
                    .filter(|(_, ts)| ts.contains(term))
                    .map(|(text, _)| Quote {
                        text: text.clone(),
                        marks: places(text, &[needle.as_ref()]),
                    })
                    .collect()
            }
            Pick::Code(id) => {
                let Some(m) = matcher else { return Vec::new() };
                let code = m.codes().iter().position(|&c| self.code_ids.get(c) == Some(id));
                let mut hits = Vec::new();
                texts
                    .iter()
                    .filter_map(|text| match code {
                        Some(c) => m.is_match(text, c).then(|| Quote {
                            text: text.clone(),
                            marks: m.places(text, c),
                        }),
                        None => {
                            hits.clear();
                            m.matches(text, &mut hits);
                            hits.is_empty().then(|| Quote {
                                text: text.clone(),
                                marks: Vec::new(),
                            })
                        }
                    })
                    .collect()
            }
        }
    }

    /// Indexes of the text blocks (those readable one answer at a time).
    pub fn text_blocks(&self) -> Vec<usize> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| matches!(b, Block::Text { .. }))
            .map(|(i, _)| i)
            .collect()
    }
}
