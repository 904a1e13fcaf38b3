//! One cell of an exported table, as both sinks (CSV files and the workbook) take it, and the
//! guard against formula injection that every text cell goes through.

use std::borrow::Cow;

use super::round::{Exact, Rounded};

/// One cell of a table: text (guarded against formula injection when written) or a number
/// (never guarded). Numbers keep their kind so that a workbook can format them. Text borrows
/// where it can (a response's answers, the survey's labels): an export makes a few dozen cells
/// per response, and copying each was a good part of its time.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    /// A stored number, written as it was stored.
    Number(Cow<'a, str>),
    Count(u64),
    /// A mean, median, sd…: rounded to two decimals, written without trailing zeros.
    Decimal(Rounded),
    /// A percentage (12.5 means 12.5 %), rounded to one decimal.
    Percent(Rounded),
    /// An instant and the local UTC offset at it: `2026-11-25T14:03:00+09:00` in CSV, an Excel
    /// date-time (local) in a workbook.
    Time(jiff::Timestamp, jiff::tz::Offset),
    Empty,
}

impl<'a> Cell<'a> {
    pub fn text(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(s.into())
    }

    /// An exact figure rounded to two decimals (empty when there is none).
    pub fn decimal(x: Option<Exact>) -> Cell<'a> {
        x.map_or(Cell::Empty, |x| Cell::Decimal(x.round(2)))
    }

    /// A binary figure (a standard deviation) rounded to two decimals on its decimal value.
    pub fn decimal_of(x: Option<f64>) -> Cell<'a> {
        x.and_then(|x| Rounded::of(x, 2)).map_or(Cell::Empty, Cell::Decimal)
    }

    /// An exact percent rounded to one decimal (empty when there is none).
    pub fn percent(x: Option<Exact>) -> Cell<'a> {
        x.map_or(Cell::Empty, |x| Cell::Percent(x.round(1)))
    }

    /// A stored time in the local zone `tz`; empty when there is none, the stored text when it
    /// does not parse.
    pub fn time(stored: Option<&'a str>, tz: &jiff::tz::TimeZone) -> Cell<'a> {
        match stored {
            None => Cell::Empty,
            Some(s) => match crate::localtime::parse(s) {
                Some(at) => Cell::Time(at, tz.to_offset(at)),
                None => Cell::text(s),
            },
        }
    }

    /// The cell as CSV text (before the injection guard and encoding).
    pub fn csv_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => guard(t),
            Cell::Number(n) => n.as_ref().into(),
            Cell::Count(n) => n.to_string().into(),
            Cell::Decimal(x) => x.trimmed().into(),
            Cell::Percent(x) => x.fixed().into(),
            Cell::Time(at, offset) => crate::localtime::rfc3339(*at, *offset).into(),
            Cell::Empty => "".into(),
        }
    }
}

/// Prefixes a `'` to text that a spreadsheet would run as a formula: text beginning with `=`,
/// `+`, `-`, `@`, a tab, a carriage return or a line feed.
pub fn guard(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_formula_like_text_is_guarded() {
        for t in ["=1+1", "+81", "-5", "@SUM", "\tx", "\rx", "\nx"] {
            assert!(guard(t).starts_with('\''), "{t:?}");
        }
        assert_eq!(guard("普通の文"), "普通の文");
        assert_eq!(Cell::decimal_of(Some(3.456)).csv_text(), "3.46");
        assert_eq!(Cell::decimal_of(Some(4.0)).csv_text(), "4");
        assert_eq!(Cell::decimal_of(Some(-0.001)).csv_text(), "0");
    }
}
