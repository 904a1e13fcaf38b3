//! What the type column and the columns of a row may say that koe passes over or refuses, and
//! how a type cell splits into its base and its list.

use super::super::sheet::Sheet;
use crate::words::faults::Said;

/// Types that only record metadata in ODK; koe keeps its own times, so they are passed over.
pub(super) const METADATA: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
];

/// Types koe refuses, and what to write instead.
pub(super) const REFUSED: &[(&str, Said)] = &[
    ("calculate", Said::InsteadNoCalculate),
    ("date", Said::InsteadTextOrYear),
    ("time", Said::InsteadText),
    ("datetime", Said::InsteadText),
    ("geopoint", Said::InsteadPlaceName),
    ("geotrace", Said::InsteadPlaceName),
    ("geoshape", Said::InsteadPlaceName),
    ("image", Said::InsteadNoPhotos),
    ("audio", Said::InsteadNoRecordings),
    ("background-audio", Said::InsteadNoRecordings),
    ("video", Said::InsteadNoRecordings),
    ("file", Said::InsteadNoFiles),
    ("barcode", Said::InsteadText),
    ("acknowledge", Said::InsteadYesNo),
    ("hidden", Said::InsteadRemoveRow),
    ("trigger", Said::InsteadRemoveRow),
    ("xml-external", Said::InsteadRemoveRow),
    ("csv-external", Said::InsteadRemoveRow),
    ("begin_repeat", Said::InsteadNoRepeat),
    ("end_repeat", Said::InsteadNoRepeat),
    ("select_one_from_file", Said::InsteadSelectOneList),
    ("select_multiple_from_file", Said::InsteadSelectMultipleList),
];

/// Columns that would change what a form does, which koe cannot honour: refused when filled in.
pub(super) const REFUSED_COLUMNS: &[(&str, Said)] = &[
    ("calculation", Said::ColumnNoCalculate),
    ("choice_filter", Said::ColumnChoiceFilter),
    ("repeat_count", Said::ColumnNoRepeat),
    ("default", Said::ColumnNoDefault),
    ("read_only", Said::ColumnRemove),
    ("trigger", Said::ColumnRemove),
];

/// A type cell split into its canonical base (`select_one`, `begin_group`, …) and the words after.
pub fn split_type(text: &str) -> (String, Vec<String>) {
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    const MULTI: &[(&[&str], &str)] = &[
        (&["select", "one", "from", "file"], "select_one_from_file"),
        (&["select", "multiple", "from", "file"], "select_multiple_from_file"),
        (&["select", "all", "that", "apply"], "select_multiple"),
        (&["select", "one"], "select_one"),
        (&["select", "multiple"], "select_multiple"),
        (&["begin", "group"], "begin_group"),
        (&["end", "group"], "end_group"),
        (&["begin", "repeat"], "begin_repeat"),
        (&["end", "repeat"], "end_repeat"),
    ];
    for (pattern, base) in MULTI {
        if lower.len() >= pattern.len() && lower.iter().zip(pattern.iter()).all(|(a, b)| a == b) {
            return (base.to_string(), words[pattern.len()..].to_vec());
        }
    }
    let Some(first) = lower.first() else {
        return (String::new(), Vec::new());
    };
    let base = match first.as_str() {
        "begin_group" | "begin-group" => "begin_group".to_string(),
        "end_group" | "end-group" => "end_group".to_string(),
        "begin_repeat" | "begin-repeat" => "begin_repeat".to_string(),
        "end_repeat" | "end-repeat" => "end_repeat".to_string(),
        "select_all_that_apply" => "select_multiple".to_string(),
        "odk:rank" => "rank".to_string(),
        other => other.to_string(),
    };
    (base, words[1..].to_vec())
}

/// The index of the `end_group` row matching a `begin_group` whose content starts at `from`.
pub(super) fn group_end(sheet: &Sheet, type_col: u32, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, row) in sheet.rows.iter().enumerate().skip(from) {
        let Some(t) = row.cells.get(&type_col) else { continue };
        match split_type(t).0.as_str() {
            "begin_group" => depth += 1,
            "end_group" if depth == 0 => return Some(k),
            "end_group" => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_split_as_xlsform_writes_them() {
        assert_eq!(
            split_type("select_one role"),
            ("select_one".into(), vec!["role".into()])
        );
        assert_eq!(
            split_type("Select One role or_other"),
            ("select_one".into(), vec!["role".into(), "or_other".into()])
        );
        assert_eq!(split_type("begin group"), ("begin_group".into(), vec![]));
        assert_eq!(
            split_type("select all that apply x"),
            ("select_multiple".into(), vec!["x".into()])
        );
    }
}
