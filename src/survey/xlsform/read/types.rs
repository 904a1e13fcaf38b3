//! What the type column and the columns of a row may say that koe passes over or refuses, and
//! how a type cell splits into its base and its list.

use super::super::sheet::Sheet;

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
pub(super) const REFUSED: &[(&str, &str)] = &[
    (
        "calculate",
        "remove the row (koe does not calculate values; koe export makes the tallies)",
    ),
    ("date", "write text (or integer for a year) instead"),
    ("time", "write text instead"),
    ("datetime", "write text instead"),
    ("geopoint", "write text (a place name) instead"),
    ("geotrace", "write text (a place name) instead"),
    ("geoshape", "write text (a place name) instead"),
    ("image", "remove the row (a kiosk takes no photos or files)"),
    ("audio", "remove the row (a kiosk takes no recordings)"),
    ("background-audio", "remove the row (a kiosk takes no recordings)"),
    ("video", "remove the row (a kiosk takes no recordings)"),
    ("file", "remove the row (a kiosk takes no files)"),
    ("barcode", "write text instead"),
    ("acknowledge", "write select_one of a yes/no list instead"),
    ("hidden", "remove the row"),
    ("trigger", "remove the row"),
    ("xml-external", "remove the row"),
    ("csv-external", "remove the row"),
    (
        "begin_repeat",
        "ask each question once, or use a matrix (a group with appearance table-list) instead",
    ),
    (
        "end_repeat",
        "ask each question once, or use a matrix (a group with appearance table-list) instead",
    ),
    (
        "select_one_from_file",
        "list the choices on the choices sheet and write select_one LIST instead",
    ),
    (
        "select_multiple_from_file",
        "list the choices on the choices sheet and write select_multiple LIST instead",
    ),
];

/// Columns that would change what a form does, which koe cannot honour: refused when filled in.
pub(super) const REFUSED_COLUMNS: &[(&str, &str)] = &[
    ("calculation", "remove it; koe does not calculate values"),
    ("choice_filter", "remove it and give the question its own list"),
    ("repeat_count", "remove it; koe has no repeat groups"),
    ("default", "remove it; koe starts every answer empty"),
    ("read_only", "remove it"),
    ("trigger", "remove it"),
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
