//! The results screen's data: the same tally as the export, arranged per question for the screen
//! (bars of counts and percents, scale means, keywords, the free-text answers to read one by one).
//! Recomputed when new answers arrive.

use crate::store::scan::{Filter, Scanned};
use crate::store::{Store, StoreError};
use crate::survey::{Direction, Kind, Survey};
use crate::tally::csv::Cell;
use crate::tally::fold::{Groups, StatKind, Tally};
use crate::tally::indicators::{IndicatorResult, target_cell};
use crate::tally::keywords::Keywords;

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
        let value = r.result.unwrap_or(0.0).max(0.0);
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
    /// Options with count and percent of the base (no-answer last), and the mean for scales.
    Counts {
        title: String,
        base: u64,
        rows: Vec<(String, u64, f64)>,
        mean: Option<(f64, u64)>,
    },
    /// A number question.
    Number {
        title: String,
        n: u64,
        mean: Option<f64>,
        median: Option<f64>,
        min: Option<f64>,
        max: Option<f64>,
    },
    /// A rank question: each choice with how many ranked it and its mean position, most
    /// preferred first.
    Rank {
        title: String,
        rows: Vec<(String, u64, Option<f64>)>,
    },
    /// A text question, or the "other" texts of a choice question.
    Text {
        title: String,
        keywords: Vec<(String, u64)>,
        texts: Vec<String>,
    },
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
    /// What the data looked like when computed, to notice new answers.
    pub stamp: (i64, i64),
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

/// How many responses are tallied between two progress reports.
pub const PROGRESS_EVERY: u64 = 2048;

impl Results {
    /// Tallies the submitted responses of `survey` (of one session, or all).
    pub fn compute(store: &Store, survey: &Survey, lang: &str, session: Option<&str>) -> Result<Results, StoreError> {
        Results::compute_with(store, survey, lang, session, &mut |_| true).map_err(|e| match e {
            Stopped::Store(e) => e,
            Stopped::Cancelled => StoreError::Other("the tally was cancelled".into()),
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
        // Taken first: an answer arriving during the scan changes the stamp after it, so the
        // next check recomputes rather than missing it.
        let stamp = store.response_stamp(&survey.id)?;
        let all = Filter {
            survey_id: survey.id.clone(),
            sessions: Vec::new(),
            include_partial: false,
        };
        let sessions = store.session_labels(&all)?;
        let filter = Filter {
            sessions: session.map(|s| vec![s.to_string()]).unwrap_or_default(),
            ..all
        };
        let mut tally = Tally::new(survey, lang, Groups::None);
        let mut keywords = vec![Keywords::default(); tally.texts.len()];
        let mut texts: Vec<Vec<String>> = vec![Vec::new(); tally.texts.len()];
        let mut counted = 0u64;
        store.scan_responses(&filter, |r: &Scanned| -> Result<(), Stopped> {
            counted += 1;
            if counted.is_multiple_of(PROGRESS_EVERY) && !progress(counted) {
                return Err(Stopped::Cancelled);
            }
            let answer_of = tally.add(r);
            for (i, t) in tally.texts.iter().enumerate() {
                if let Some(text) = t.text_of(&answer_of) {
                    keywords[i].add(text);
                    if texts[i].len() < TEXTS_KEPT {
                        texts[i].push(text.to_string());
                    }
                }
            }
            Ok(())
        })?;
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
            for (ii, it) in tally.items.iter().enumerate().filter(|(_, it)| it.question == qi) {
                let base = tally.counts[ii].base[0];
                let rows = tally
                    .option_counts(ii, 0)
                    .into_iter()
                    .map(|o| (o.label.to_string(), o.count, o.percent.unwrap_or(0.0)))
                    .collect();
                let mean = tally
                    .stats
                    .iter()
                    .find(|s| s.id == it.id && matches!(s.kind, StatKind::Point { .. }))
                    .and_then(|s| s.hist.stats().mean.map(|m| (m, s.hist.n())));
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
                    mean: st.mean,
                    median: st.median,
                    min: st.min,
                    max: st.max,
                });
            }
            if let Kind::Rank { choices, .. } = &q.kind {
                let mut rows: Vec<(String, u64, Option<f64>)> = tally
                    .stats
                    .iter()
                    .filter(|s| s.question == qi)
                    .zip(choices)
                    .map(|(s, c)| (survey.tr(&c.label, lang).to_string(), s.hist.n(), s.hist.stats().mean))
                    .collect();
                rows.sort_by(|a, b| match (a.2, b.2) {
                    (Some(x), Some(y)) => x.total_cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
                blocks.push(Block::Rank {
                    title: survey.tr(&q.text, lang).to_string(),
                    rows,
                });
            }
            for (ti, t) in tally.texts.iter().enumerate().filter(|(_, t)| t.question == qi) {
                let top = keywords[ti]
                    .top()
                    .into_iter()
                    .take(KEYWORDS_SHOWN)
                    .map(|(t, n, _)| (t.to_string(), n))
                    .collect();
                blocks.push(Block::Text {
                    title: t.label.clone(),
                    keywords: top,
                    texts: std::mem::take(&mut texts[ti]),
                });
            }
        }
        Ok(Results {
            survey_title: survey.tr(&survey.title, lang).to_string(),
            survey_id: survey.id.clone(),
            lang: lang.to_string(),
            session: session.map(str::to_string),
            sessions,
            responses: tally.responses,
            blocks,
            stamp,
        })
    }

    /// Brings the results up to date with the store (same survey, language and session).
    pub fn refresh(&mut self, store: &Store, survey: &Survey) -> Result<(), StoreError> {
        *self = Results::compute(store, survey, &self.lang.clone(), self.session.clone().as_deref())?;
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
