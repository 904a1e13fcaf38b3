//! What the tally counts for the survey's indicators beyond the summary and stats rows: for each
//! indicator, where its result comes from and the counters it needs, folded in with every
//! response. The results themselves are [`super::indicators`]'s.

use serde_json::Value;

use super::items::{Item, hits, item_value};
use super::stats::{Histogram, StatKind, StatRow};
use crate::survey::{Measure, Survey};

/// Where an indicator's result comes from.
#[derive(Clone, Debug)]
pub(super) enum Source {
    /// The responses tallied.
    Responses,
    /// Answers hitting one of these options of a counted item (`Tally::items[item]`).
    Options { item: usize, options: Vec<usize> },
    /// A row of stats.csv (`Tally::stats[stat]`).
    Stat { stat: usize },
    /// The survey names something the tally does not count (only a survey that skipped
    /// validation); its result stays empty.
    Nothing,
}

/// The counters one indicator needs beyond the summary and stats rows, per group (0 is everyone).
#[derive(Clone, Debug)]
pub struct Tracked {
    pub(super) source: Source,
    /// Responses (`Responses`), or answers hitting one of the options (`Options`).
    pub(super) hits: Vec<u64>,
    /// The stats row's histogram for each `--by` group (index 0, everyone, is the row's own).
    pub(super) hists: Vec<Histogram>,
}

/// The counters of every indicator of `survey`.
pub(super) fn track(survey: &Survey, items: &[Item], stats: &[StatRow], n_groups: usize) -> Vec<Tracked> {
    survey
        .indicators
        .iter()
        .map(|ind| {
            let question = ind.question.as_deref().unwrap_or("");
            let source = match ind.measure {
                Measure::Responses => Source::Responses,
                Measure::Count | Measure::Percent => {
                    items
                        .iter()
                        .position(|it| it.id == question)
                        .map_or(Source::Nothing, |item| Source::Options {
                            item,
                            options: ind.values.iter().filter_map(|v| option_of(&items[item], v)).collect(),
                        })
                }
                Measure::Top2Percent | Measure::Mean | Measure::Median => stats
                    .iter()
                    .position(|s| s.id == question && !matches!(s.kind, StatKind::Rank(_)))
                    .map_or(Source::Nothing, |stat| Source::Stat { stat }),
            };
            let hists = match source {
                Source::Stat { .. } if n_groups > 1 => vec![Histogram::default(); n_groups],
                _ => Vec::new(),
            };
            Tracked {
                source,
                hits: vec![0; n_groups],
                hists,
            }
        })
        .collect()
}

/// Folds one response into the indicators' counters: `shown` and `answer_of` as the tally saw
/// them, `member` the groups the response is in (0 first).
pub(super) fn fold(
    tracked: &mut [Tracked],
    items: &[Item],
    stats: &[StatRow],
    shown: &[bool],
    answer_of: &[Option<&Value>],
    member: &[usize],
    hit: &mut Vec<usize>,
) {
    for t in tracked {
        match &t.source {
            Source::Responses => member.iter().for_each(|&g| t.hits[g] += 1),
            Source::Options { item, options } => {
                let it = &items[*item];
                if !shown[it.question] {
                    continue;
                }
                hit.clear();
                if let Some(v) = answer_of[it.question].and_then(|a| item_value(it, a)) {
                    hits(it, v, hit);
                }
                if hit.iter().any(|h| options.contains(h)) {
                    member.iter().for_each(|&g| t.hits[g] += 1);
                }
            }
            Source::Stat { stat } if !t.hists.is_empty() => {
                let s = &stats[*stat];
                let Some(x) = answer_of[s.question].and_then(|a| s.kind.number(a)) else {
                    continue;
                };
                member.iter().skip(1).for_each(|&g| t.hists[g].add(x));
            }
            Source::Stat { .. } | Source::Nothing => {}
        }
    }
}

/// The option of `item` that a value of `values` names (`"gov"`, `4`, `true`, `"na"`, `"other"`).
pub fn option_of(item: &Item, value: &Value) -> Option<usize> {
    let key = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_i64()?.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    item.options.iter().position(|(o, _)| *o == key)
}
