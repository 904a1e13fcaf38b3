//! Indicators (目標値と実績値): each result computed once, from the same [`Tally`] rows that
//! summary.csv and stats.csv are written from, so a result always agrees with the row it comes
//! from (same responses, same `--session` and `--include-partial`, same bases, N/A handled alike).
//!
//! Most results are read straight off those rows: a percent from the item's base, a mean, median
//! or top-2 from the stats row's histogram. The tally keeps only what those rows cannot give:
//! how many responses hit *any* of several values (a multiple choice answer with two of them
//! counts once), and the statistics of each `--by` group.

use super::cell::Cell;
use super::fold::Tally;
use super::labels;
use super::round::{Exact, Rounded};
use super::tracked::Source;
use crate::survey::{Direction, Indicator, Measure};

/// indicators.csv's columns (then `<group> result` for each group with `--by`).
pub const INDICATORS_HEADER: &[&str] = &[
    "indicator_id",
    "indicator",
    "question_id",
    "measure",
    "target",
    "direction",
    "result",
    "n",
    "achieved",
];

/// The result of one indicator in one group.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorResult<'a> {
    pub indicator: &'a Indicator,
    /// Rounded once, as every file and the screen show it; `None` when `n` is 0.
    pub result: Option<Rounded>,
    /// What the result is computed from: the base for count and percent, stats.csv's `n` for
    /// top-2, mean and median, the count itself for responses.
    pub n: u64,
    /// Whether the result meets the target; `None` when `n` is 0.
    pub achieved: Option<bool>,
}

impl IndicatorResult<'_> {
    /// The result as a table cell, formatted like the export's other numbers.
    pub fn result_cell(&self) -> Cell<'static> {
        self.result.map_or(Cell::Empty, |x| cell(self.indicator.measure, x))
    }
}

/// A result of `measure` as a cell: a percent, a count, or a decimal.
fn cell(measure: Measure, x: Rounded) -> Cell<'static> {
    match measure {
        Measure::Percent | Measure::Top2Percent => Cell::Percent(x),
        Measure::Responses | Measure::Count => Cell::Count(x.value().max(0.0) as u64),
        Measure::Mean | Measure::Median => Cell::Decimal(x),
    }
}

/// The decimals a result of `measure` is shown with: a percent one, a mean or median two.
fn places(measure: Measure) -> u8 {
    match measure {
        Measure::Percent | Measure::Top2Percent => 1,
        Measure::Responses | Measure::Count => 0,
        Measure::Mean | Measure::Median => 2,
    }
}

/// Whether `result` meets `target` in `direction`.
pub fn achieved(result: f64, target: f64, direction: Direction) -> bool {
    match direction {
        Direction::AtLeast => result >= target,
        Direction::AtMost => result <= target,
    }
}

/// 達成 / 未達成 (achieved / not achieved).
pub fn achieved_word(lang: &str, achieved: bool) -> &'static str {
    if achieved {
        labels::word(lang, "達成", "achieved")
    } else {
        labels::word(lang, "未達成", "not achieved")
    }
}

impl Tally<'_> {
    /// Every indicator's result in one group (0 is everyone; 1.. the `--by` groups).
    pub fn indicator_results(&self, group: usize) -> Vec<IndicatorResult<'_>> {
        self.survey
            .indicators
            .iter()
            .zip(&self.indicators)
            .map(|(ind, t)| {
                let (raw, n) = match &t.source {
                    Source::Responses => (Some(Exact::whole(t.hits[group].into())), t.hits[group]),
                    Source::Options { item, .. } => {
                        let base = self.counts[*item].base[group];
                        let count = t.hits[group];
                        let value = match ind.measure {
                            Measure::Percent => Exact::percent(count, base),
                            _ => Some(Exact::whole(count.into())),
                        };
                        (value, base)
                    }
                    Source::Stat { stat } => {
                        let row = &self.stats[*stat];
                        let hist = if group == 0 { &row.hist } else { &t.hists[group] };
                        let value = match ind.measure {
                            Measure::Top2Percent => row.top2_percent_of(hist),
                            Measure::Median => hist.stats().median,
                            _ => hist.stats().mean,
                        };
                        (value, hist.n())
                    }
                    Source::Nothing => (None, 0),
                };
                // Decided on the rounded number people read, not on the unrounded one.
                let result = raw.filter(|_| n > 0).map(|x| x.round(places(ind.measure)));
                IndicatorResult {
                    indicator: ind,
                    result,
                    n,
                    achieved: result.map(|r| achieved(r.value(), ind.target, ind.direction)),
                }
            })
            .collect()
    }

    /// indicators.csv's rows (and the 指標 sheet's): one per indicator, then the result of each
    /// `--by` group.
    pub fn indicator_table(&self) -> Vec<Vec<Cell<'_>>> {
        let groups: Vec<Vec<IndicatorResult>> = (1..=self.groups.labels().len())
            .map(|g| self.indicator_results(g))
            .collect();
        self.indicator_results(0)
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let ind = r.indicator;
                let mut row = vec![
                    Cell::text(ind.id.as_str()),
                    Cell::text(self.survey.tr(&ind.text, &self.lang)),
                    Cell::text(ind.question.as_deref().unwrap_or("")),
                    Cell::text(ind.measure.name()),
                    target_cell(ind),
                    Cell::text(ind.direction.name()),
                    r.result_cell(),
                    Cell::Count(r.n),
                    r.achieved
                        .map_or(Cell::Empty, |a| Cell::text(achieved_word(&self.lang, a))),
                ];
                row.extend(groups.iter().map(|g| g[i].result_cell()));
                row
            })
            .collect()
    }

    /// indicators.csv's header: the fixed columns, then `<group> result` for each group.
    pub fn indicator_header(&self) -> Vec<String> {
        INDICATORS_HEADER
            .iter()
            .map(|h| h.to_string())
            .chain(self.groups.labels().iter().map(|g| format!("{g} result")))
            .collect()
    }
}

/// The target as a cell: a percent like the result it is compared with, else the number given.
pub fn target_cell(ind: &Indicator) -> Cell<'static> {
    if ind.measure.is_percent() {
        Rounded::of(ind.target, 1).map_or(Cell::Empty, Cell::Percent)
    } else {
        Cell::Number(ind.target.to_string().into())
    }
}
