//! Statistics from a histogram (value → count), so memory grows with the distinct values of a
//! question, never with the number of responses: n, mean, median, sample sd, min, max, top-2 box;
//! and the rows of stats.csv that hold them (`StatRow`).

use std::collections::HashMap;

use serde_json::Value;

use super::round::Exact;

/// Counts of each distinct value.
#[derive(Clone, Debug, Default)]
pub struct Histogram {
    counts: HashMap<u64, u64>,
}

/// The statistics of one histogram.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub n: u64,
    /// Exact, so that it is rounded on its exact value (see [`super::round`]).
    pub mean: Option<Exact>,
    pub median: Option<Exact>,
    /// Sample standard deviation (n − 1), none below n = 2.
    pub sd: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Histogram {
    pub fn add(&mut self, x: f64) {
        // -0.0 and 0.0 are one value.
        let x = if x == 0.0 { 0.0 } else { x };
        *self.counts.entry(x.to_bits()).or_default() += 1;
    }

    pub fn n(&self) -> u64 {
        self.counts.values().sum()
    }

    /// How many values are at least `x`.
    pub fn at_least(&self, x: f64) -> u64 {
        self.counts
            .iter()
            .filter(|(v, _)| f64::from_bits(**v) >= x)
            .map(|(_, c)| c)
            .sum()
    }

    pub fn stats(&self) -> Stats {
        let mut values: Vec<(f64, u64)> = self.counts.iter().map(|(v, c)| (f64::from_bits(*v), *c)).collect();
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n: u64 = values.iter().map(|(_, c)| c).sum();
        if n == 0 {
            return Stats {
                n,
                mean: None,
                median: None,
                sd: None,
                min: None,
                max: None,
            };
        }
        let sum: f64 = values.iter().map(|(v, c)| v * *c as f64).sum();
        let mean = sum / n as f64;
        // The exact mean of the values as typed; the binary one only if that overflows.
        let exact_sum = values.iter().try_fold(Exact::whole(0), |acc, (v, c)| {
            acc.checked_add(Exact::of(*v)?.checked_mul_int(i128::from(*c))?)
        });
        let exact_mean = exact_sum
            .and_then(|s| s.checked_div_int(i128::from(n)))
            .or_else(|| Exact::of(mean));
        let sd = (n >= 2).then(|| {
            let ss: f64 = values.iter().map(|(v, c)| (v - mean).powi(2) * *c as f64).sum();
            (ss / (n - 1) as f64).sqrt()
        });
        let nth = |k: u64| -> f64 {
            let mut seen = 0;
            for (v, c) in &values {
                seen += c;
                if seen > k {
                    return *v;
                }
            }
            values[values.len() - 1].0
        };
        let median = if n % 2 == 1 {
            Exact::of(nth(n / 2))
        } else {
            let (a, b) = (nth(n / 2 - 1), nth(n / 2));
            Exact::of(a)
                .zip(Exact::of(b))
                .and_then(|(a, b)| a.checked_add(b)?.checked_div_int(2))
                .or_else(|| Exact::of((a + b) / 2.0))
        };
        Stats {
            n,
            mean: exact_mean,
            median,
            sd,
            min: values.first().map(|v| v.0),
            max: values.last().map(|v| v.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_by_hand() {
        let mut h = Histogram::default();
        for x in [2.0, 4.0, 4.0, 5.0] {
            h.add(x);
        }
        let s = h.stats();
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, Exact::ratio(15, 4));
        assert_eq!(s.median, Exact::of(4.0));
        // sample variance: (3.0625 + 0.0625*2 + 1.5625) / 3 = 1.5833…
        assert!((s.sd.unwrap() - 1.258_305_739).abs() < 1e-6);
        assert_eq!((s.min, s.max), (Some(2.0), Some(5.0)));
        assert_eq!(h.at_least(4.0), 3);
        let mut one = Histogram::default();
        one.add(3.0);
        assert_eq!(one.stats().sd, None);
        assert_eq!(one.stats().median, Exact::of(3.0));
    }
}

/// One row of statistics: a scale, number or matrix-row question, or a rank choice.
#[derive(Clone, Debug)]
pub struct StatRow {
    pub id: String,
    pub label: String,
    pub question: usize,
    pub kind: StatKind,
    pub hist: Histogram,
    pub base: u64,
    pub answered: u64,
}

#[derive(Clone, Debug)]
pub enum StatKind {
    Point { row: Option<String>, top2_from: f64 },
    Number,
    Rank(String),
}

impl StatRow {
    /// The share of `n` on the two highest points (scale and matrix rows only).
    pub fn top2_percent(&self) -> Option<Exact> {
        self.top2_percent_of(&self.hist)
    }

    /// The top-2 share of a histogram of this row's answers (everyone's, or one group's).
    pub fn top2_percent_of(&self, hist: &Histogram) -> Option<Exact> {
        match self.kind {
            StatKind::Point { top2_from, .. } => Exact::percent(hist.at_least(top2_from), hist.n()),
            _ => None,
        }
    }
}

impl StatKind {
    /// Whether a question's answer answers this row (a matrix row may be left out).
    pub fn answered(&self, answer: &Value) -> bool {
        match self {
            StatKind::Point { row: Some(r), .. } => answer.get(r).is_some(),
            _ => true,
        }
    }

    /// The number this row counts in a question's answer: a point (not N/A), a number, a rank
    /// position.
    pub fn number(&self, answer: &Value) -> Option<f64> {
        match self {
            StatKind::Point { row: Some(r), .. } => answer.get(r)?.as_f64(),
            StatKind::Point { row: None, .. } | StatKind::Number => answer.as_f64(),
            StatKind::Rank(value) => match answer {
                Value::Array(items) => items
                    .iter()
                    .position(|i| i.as_str() == Some(value))
                    .map(|p| (p + 1) as f64),
                _ => None,
            },
        }
    }
}
