//! XLSForm workbook → koe's survey document (JSON), with a map from each document path back to the
//! cell it came from.
//!
//! The reader does not build a [`Survey`](crate::survey::Survey) itself: it writes the same JSON
//! document a person would have written by hand, and the one validator checks it. A fault the
//! validator finds at `questions[3].min` is then reported at the cell that said it
//! (`survey!F5 (parameters)`), so a workbook gets every check a JSON file gets, named in Excel's terms.

mod codes;
mod constraint;
mod indicators;
mod questions;
mod relevant;
mod types;

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::sheet::{Book, Row, Sheet, TEXT_FIELDS, cell_name};
use crate::say;
use crate::survey::validate::{edit_distance, is_valid_id};
use crate::words::Words;
use relevant::RefKind;
pub use types::split_type;

/// Where a fault is: a cell of a sheet and its column's header, or a whole sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The sheet's position among survey, choices, settings, indicators, codes, keywords (for
    /// ordering faults).
    pub order: usize,
    pub sheet: String,
    /// 0-based row and column; `None` for a fault of the whole sheet.
    pub cell: Option<(u32, u32)>,
    pub column: String,
}

impl Place {
    pub fn label(&self) -> String {
        match self.cell {
            Some((r, c)) if self.column.is_empty() => format!("{}!{}", self.sheet, cell_name(r, c)),
            Some((r, c)) => format!("{}!{} ({})", self.sheet, cell_name(r, c), self.column),
            None => self.sheet.clone(),
        }
    }

    fn key(&self) -> (usize, u32, u32) {
        let (r, c) = self.cell.unwrap_or((0, 0));
        (self.order, r, c)
    }
}

/// What the reader produced: the document and where each part came from, or faults of its own.
pub struct Read {
    pub doc: Value,
    pub places: Vec<(String, Place)>,
    pub faults: Vec<(Place, Words)>,
}

impl Read {
    /// The place of a document path: the longest recorded path that the given one starts with.
    pub fn place_of(&self, path: &str) -> Option<&Place> {
        self.places
            .iter()
            .filter(|(p, _)| {
                p.is_empty()
                    || path == p
                    || (path.starts_with(p.as_str()) && matches!(path.as_bytes().get(p.len()), Some(b'.' | b'[')))
            })
            .max_by_key(|(p, _)| p.len())
            .map(|(_, place)| place)
    }

    /// Faults sorted by sheet, row and column.
    pub fn sort(faults: &mut [(Place, Words)]) {
        faults.sort_by_key(|(p, _)| p.key());
    }
}

/// Sheet names koe reads, in the order their faults are listed.
pub const SHEETS: [&str; 6] = ["survey", "choices", "settings", "indicators", "codes", "keywords"];

/// koe's own columns on the survey sheet (a language part is allowed on the texts).
const KOE_COLUMNS: &[&str] = &[
    "koe::min_label",
    "koe::max_label",
    "koe::allow_na",
    "koe::labels",
    "koe::unit",
    "koe::max_ranked",
    "koe::type",
];
const KOE_SETTINGS: &[&str] = &["koe::title", "koe::description"];

/// Whether a text is Japanese: it has kana or kanji.
fn is_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF66}'..='\u{FF9F}')
    })
}

/// Common names of languages written without a code (`label::English`).
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("japanese", "ja"),
    ("日本語", "ja"),
    ("英語", "en"),
    ("chinese", "zh"),
    ("korean", "ko"),
    ("french", "fr"),
    ("spanish", "es"),
    ("portuguese", "pt"),
    ("vietnamese", "vi"),
];

/// Columns whose misspelling would silently change a form (a `relevent` column would show the
/// question always), by sheet.
const MEANINGFUL: &[(&str, &[&str])] = &[
    (
        "survey",
        &[
            "type",
            "name",
            "label",
            "hint",
            "required",
            "relevant",
            "constraint",
            "appearance",
            "parameters",
        ],
    ),
    ("choices", &["list_name", "name", "label"]),
    ("settings", &["form_id", "form_title", "default_language"]),
    (
        "indicators",
        &["name", "label", "question", "measure", "values", "target", "direction"],
    ),
    ("codes", &["id", "label", "question", "words"]),
    ("keywords", &["extra_words", "ignore_words"]),
];

/// The column a header probably meant, when it is not a column koe knows but is one or two
/// letters away from one (two only for longer names, so that e.g. `note` is not taken for `name`).
fn misspelt(field: &str, sheet: &str) -> Option<&'static str> {
    let known = MEANINGFUL.iter().find(|(s, _)| *s == sheet)?.1;
    if known.contains(&field) || field.starts_with("koe::") {
        return None;
    }
    known.iter().copied().find(|k| {
        let d = edit_distance(field, k);
        d == 1 || (d == 2 && k.len() >= 7)
    })
}

/// The language code of a header's language part: `Japanese (ja)` → `ja`.
pub fn language_code(part: &str) -> Option<String> {
    let part = part.trim();
    if let (Some(open), true) = (part.rfind('('), part.ends_with(')')) {
        let code = part[open + 1..part.len() - 1].trim();
        return is_valid_id(code).then(|| code.to_string());
    }
    let lower = part.to_lowercase();
    if let Some((_, code)) = LANGUAGE_NAMES.iter().find(|(name, _)| *name == lower) {
        return Some(code.to_string());
    }
    (is_valid_id(part) && part.len() <= 3).then(|| part.to_string())
}

/// `yes`, `true`, `TRUE`, `true()` … → true; empty, `no`, `false` … → false; anything else is not
/// a fixed yes or no.
fn yes_no_cell(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "true" | "true()" | "y" | "1" | "はい" => Some(true),
        "" | "no" | "false" | "false()" | "n" | "0" | "いいえ" => Some(false),
        _ => None,
    }
}

fn json_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// A question's row being read: its sheet, its row and the document path it becomes.
#[derive(Clone, Copy)]
struct At<'a> {
    sheet: &'a Sheet,
    row: &'a Row,
    order: usize,
}

impl<'a> At<'a> {
    /// The text of a field without language part, with its column.
    fn get(&self, field: &str) -> Option<(&'a str, u32)> {
        let col = self.sheet.column(field)?;
        self.row.cells.get(&col).map(|s| (s.as_str(), col))
    }

    /// Whether the row has text in a field, in any language.
    fn has(&self, field: &str) -> bool {
        self.sheet.columns(field).any(|(c, _)| self.row.cells.contains_key(&c))
    }

    fn text(&self, field: &str) -> Option<&'a str> {
        self.get(field).map(|(s, _)| s)
    }

    fn place(&self, col: u32) -> Place {
        let column = self
            .sheet
            .headers
            .get(&col)
            .map(|h| h.original.clone())
            .unwrap_or_default();
        Place {
            order: self.order,
            sheet: self.sheet.name.clone(),
            cell: Some((self.row.index, col)),
            column,
        }
    }

    /// The place of a field's cell, or of the row's first cell when the field is absent.
    fn place_of(&self, field: &str) -> Place {
        let col = self
            .sheet
            .column(field)
            .or_else(|| self.row.cells.keys().next().copied())
            .unwrap_or(0);
        self.place(col)
    }
}

/// Reads a workbook into a survey document; `stem` (the file name) is the id when settings give
/// none, as XLSForm does.
pub fn read(bytes: Vec<u8>, stem: &str) -> Read {
    let mut r = Reader::default();
    let doc = r.workbook(bytes, stem);
    let mut faults = r.faults;
    Read::sort(&mut faults);
    Read {
        doc,
        places: r.places,
        faults,
    }
}

#[derive(Default)]
struct Reader {
    faults: Vec<(Place, Words)>,
    places: Vec<(String, Place)>,
    /// Language codes in the order the headers name them.
    langs: Vec<String>,
    default_lang: Option<String>,
    /// The language of the plain `label` (and `hint`…) columns when language columns stand beside
    /// them: the settings' default_language, else ja when their texts are Japanese.
    plain_lang: Option<String>,
    /// list name → row positions in the choices sheet.
    lists: HashMap<String, Vec<usize>>,
    /// When the workbook has no `choices` sheet: its sheets' names, for the one fault that says
    /// so (taken when said, so that each select names no missing list of its own).
    no_choices_sheet: Option<Option<String>>,
    /// Questions so far: name → kind, for `relevant` references.
    known: HashMap<String, RefKind>,
    matrix_rows: HashMap<String, String>,
    groups: HashSet<String>,
    all_names: HashSet<String>,
    questions: Vec<Value>,
}

impl Reader {
    fn fault(&mut self, place: Place, message: Words) {
        self.faults.push((place, message));
    }

    fn sheet_place(order: usize, sheet: &Sheet) -> Place {
        Place {
            order,
            sheet: sheet.name.clone(),
            cell: None,
            column: String::new(),
        }
    }

    fn header_place(order: usize, sheet: &Sheet, col: u32) -> Place {
        Place {
            order,
            sheet: sheet.name.clone(),
            cell: Some((sheet.header_row, col)),
            column: sheet.headers.get(&col).map(|h| h.original.clone()).unwrap_or_default(),
        }
    }

    fn workbook(&mut self, bytes: Vec<u8>, stem: &str) -> Value {
        let workbook_place = Place {
            order: 0,
            sheet: String::new(),
            cell: None,
            column: String::new(),
        };
        let mut book = match Book::open(bytes) {
            Ok(b) => b,
            Err(e) => {
                self.fault(workbook_place, e);
                return Value::Null;
            }
        };
        let mut sheets: Vec<Option<Sheet>> = Vec::new();
        for (order, wanted) in SHEETS.iter().enumerate() {
            let sheet = match book.find(wanted) {
                Some(name) => match book.sheet(&name) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        self.fault(
                            Place {
                                order,
                                sheet: name,
                                cell: None,
                                column: String::new(),
                            },
                            e,
                        );
                        None
                    }
                },
                None => None,
            };
            sheets.push(sheet);
        }
        let [survey, choices, settings, indicators, codes, keywords] =
            <[Option<Sheet>; 6]>::try_from(sheets).unwrap_or_default();
        let Some(survey) = survey else {
            if !self.faults.is_empty() {
                return Value::Null;
            }
            self.fault(
                workbook_place,
                say!(NoSurveySheet, sheets = book.sheet_names.join(", ")),
            );
            return Value::Null;
        };
        if choices.is_none() {
            self.no_choices_sheet = Some(Some(book.sheet_names.join(", ")));
        }
        let choices = choices.unwrap_or_default();
        let settings = settings.unwrap_or_default();
        self.headers(0, &survey, "survey");
        self.headers(1, &choices, "choices");
        self.headers(2, &settings, "settings");
        let indicators = indicators.unwrap_or_default();
        self.headers(3, &indicators, "indicators");
        let codes = codes.unwrap_or_default();
        self.headers(4, &codes, "codes");
        let keywords = keywords.unwrap_or_default();
        self.headers(5, &keywords, "keywords");
        let mut doc = Map::new();
        self.settings(&settings, stem, &mut doc);
        self.plain_language(&survey, &choices);
        self.lists(&choices);
        self.survey_sheet(&survey, &choices);
        let mut langs = Vec::new();
        if let Some(d) = self.default_lang.as_ref().or(self.plain_lang.as_ref()) {
            langs.push(d.clone());
        }
        for l in &self.langs {
            if !langs.contains(l) {
                langs.push(l.clone());
            }
        }
        if langs.is_empty() {
            langs.push("ja".into());
        }
        doc.insert("languages".into(), json!(langs));
        doc.insert("questions".into(), Value::Array(std::mem::take(&mut self.questions)));
        let list = self.indicators(&indicators);
        if !list.is_empty() {
            doc.insert("indicators".into(), Value::Array(list));
        }
        let codes = self.codes(&codes);
        if !codes.is_empty() {
            doc.insert("codes".into(), Value::Array(codes));
        }
        if let Some(k) = self.keywords(&keywords) {
            doc.insert("keywords".into(), k);
        }
        Value::Object(doc)
    }

    /// Checks a sheet's headers: language parts, koe's own columns, columns koe refuses.
    fn headers(&mut self, order: usize, sheet: &Sheet, kind: &str) {
        let koe_known: &[&str] = match kind {
            "survey" => KOE_COLUMNS,
            "settings" => KOE_SETTINGS,
            _ => &[],
        };
        for (col, h) in &sheet.headers {
            if let Some(part) = &h.lang {
                match language_code(part) {
                    Some(code) => {
                        if !self.langs.contains(&code) {
                            self.langs.push(code);
                        }
                    }
                    None => self.fault(
                        Self::header_place(order, sheet, *col),
                        say!(
                            UnknownLanguagePart,
                            part = format!("{part:?}"),
                            header = format!("{}::{part}", h.field)
                        ),
                    ),
                }
            }
            if let Some(meant) = misspelt(&h.field, kind) {
                self.fault(
                    Self::header_place(order, sheet, *col),
                    say!(UnknownColumnMeant, column = format!("{:?}", h.original), meant = meant),
                );
            }
            if h.field.starts_with("koe::") && !koe_known.contains(&h.field.as_str()) {
                let column = format!("{:?}", h.original);
                let fault = if koe_known.is_empty() {
                    say!(UnknownKoeColumnNone, column = column, sheet = kind)
                } else {
                    say!(UnknownKoeColumn, column = column, known = koe_known.join(", "))
                };
                self.fault(Self::header_place(order, sheet, *col), fault);
            }
        }
    }

    /// The language of plain text columns (`label`, `hint`) beside language columns
    /// (`label::English (en)`), as pyxform reads them: the default language. That is the
    /// settings' default_language, else Japanese when the plain texts are Japanese; a plain column
    /// whose language cannot be told is a fault, never a column silently left out.
    fn plain_language(&mut self, survey: &Sheet, choices: &Sheet) {
        fn plain_beside_languages(sheet: &Sheet) -> Option<(&u32, &super::sheet::Header)> {
            sheet.headers.iter().find(|(_, h)| {
                h.lang.is_none()
                    && TEXT_FIELDS.contains(&h.field.as_str())
                    && sheet.headers.values().any(|o| o.field == h.field && o.lang.is_some())
            })
        }
        let found = [(0, survey), (1, choices)]
            .into_iter()
            .find_map(|(order, sheet)| plain_beside_languages(sheet).map(|(col, _)| (order, sheet, *col)));
        let Some((order, sheet, col)) = found else { return };
        if let Some(d) = &self.default_lang {
            self.plain_lang = Some(d.clone());
            return;
        }
        let japanese = [survey, choices].iter().any(|sheet| {
            sheet.headers.iter().any(|(c, h)| {
                h.lang.is_none()
                    && TEXT_FIELDS.contains(&h.field.as_str())
                    && sheet
                        .rows
                        .iter()
                        .any(|r| r.cells.get(c).is_some_and(|t| is_japanese(t)))
            })
        });
        if japanese {
            self.plain_lang = Some("ja".into());
            return;
        }
        let field = sheet.headers.get(&col).map(|h| h.field.clone()).unwrap_or_default();
        self.fault(
            Self::header_place(order, sheet, col),
            say!(PlainColumnLanguage, field = field),
        );
    }

    /// A text field: the plain column and its language columns. Plain text alone is one string;
    /// with languages it is a map, the plain column standing for the default language
    /// ([`Reader::plain_language`]); a plain text that differs from that language's column is a
    /// fault rather than a text dropped.
    fn text(&mut self, at: At, field: &str, path: &str) -> Option<Value> {
        let mut plain = None;
        let mut map = Map::new();
        for (col, h) in at.sheet.columns(field) {
            let Some(cell) = at.row.cells.get(&col) else { continue };
            match &h.lang {
                None => {
                    plain = Some(cell.clone());
                    self.places.push((path.to_string(), at.place(col)));
                }
                Some(part) => {
                    if let Some(code) = language_code(part) {
                        self.places.push((format!("{path}.{code}"), at.place(col)));
                        if !map.contains_key(&code) {
                            self.places.push((path.to_string(), at.place(col)));
                        }
                        map.insert(code, Value::String(cell.clone()));
                    }
                }
            }
        }
        if map.is_empty() {
            return plain.map(Value::String);
        }
        if let (Some(p), Some(lang)) = (plain, self.plain_lang.clone()) {
            match map.get(&lang) {
                None => {
                    map.insert(lang, Value::String(p));
                }
                Some(Value::String(same)) if *same == p => {}
                Some(_) => {
                    let col = at.sheet.column(field).unwrap_or(0);
                    self.fault(at.place(col), say!(PlainTextDiffers, field = field, lang = lang));
                }
            }
        }
        Some(Value::Object(map))
    }

    fn settings(&mut self, sheet: &Sheet, stem: &str, doc: &mut Map<String, Value>) {
        let order = 2;
        let row = sheet.rows.first().cloned().unwrap_or_default();
        let at = At {
            sheet,
            row: &row,
            order,
        };
        if let Some((lang, col)) = at.get("default_language") {
            match language_code(lang) {
                Some(code) => {
                    self.default_lang = Some(code);
                    self.places.push(("languages".into(), at.place(col)));
                }
                None => self.fault(at.place(col), say!(NotALanguageCode, lang = format!("{lang:?}"))),
            }
        }
        let id = match at.get("form_id") {
            Some((id, col)) => {
                self.places.push(("id".into(), at.place(col)));
                id.to_string()
            }
            None => {
                let place = if sheet.name.is_empty() {
                    Place {
                        order,
                        sheet: "settings".into(),
                        cell: None,
                        column: "form_id".into(),
                    }
                } else {
                    at.place_of("form_id")
                };
                self.places.push(("id".into(), place));
                stem.to_string()
            }
        };
        doc.insert("id".into(), Value::String(id.clone()));
        let title = match self.text(at, "koe::title", "title") {
            Some(t) => Some(t),
            None => at.get("form_title").map(|(t, col)| {
                self.places.push(("title".into(), at.place(col)));
                Value::String(t.to_string())
            }),
        };
        doc.insert("title".into(), title.unwrap_or(Value::String(id)));
        if let Some(d) = self.text(at, "koe::description", "description") {
            doc.insert("description".into(), d);
        }
    }

    fn lists(&mut self, sheet: &Sheet) {
        let order = 1;
        if sheet.rows.is_empty() {
            return;
        }
        let (Some(_), Some(_)) = (sheet.column("list_name"), sheet.column("name")) else {
            self.fault(Self::sheet_place(order, sheet), say!(ChoicesSheetColumns));
            return;
        };
        for (i, row) in sheet.rows.iter().enumerate() {
            let at = At { sheet, row, order };
            match (at.text("list_name"), at.text("name")) {
                (Some(list), Some(_)) => self.lists.entry(list.to_string()).or_default().push(i),
                (Some(_), None) => self.fault(at.place_of("name"), say!(ChoiceNeedsName)),
                (None, Some(_)) => self.fault(at.place_of("list_name"), say!(ChoiceNeedsListName)),
                (None, None) => {}
            }
        }
    }

    /// The choices of a list, as JSON, recording their places under `path` (`questions[2].choices`).
    fn choices(&mut self, list: &str, sheet: &Sheet, path: &str) -> Vec<Value> {
        let rows = self.lists.get(list).cloned().unwrap_or_default();
        let mut out = Vec::new();
        for (j, i) in rows.into_iter().enumerate() {
            let row = &sheet.rows[i];
            let at = At { sheet, row, order: 1 };
            let cp = format!("{path}[{j}]");
            let mut c = Map::new();
            if let Some((name, col)) = at.get("name") {
                self.places.push((cp.clone(), at.place(col)));
                self.places.push((format!("{cp}.value"), at.place(col)));
                c.insert("value".into(), Value::String(name.to_string()));
            }
            match self.text(at, "label", &format!("{cp}.label")) {
                Some(label) => {
                    c.insert("label".into(), label);
                }
                None => self.fault(at.place_of("label"), say!(ChoiceNeedsLabel)),
            }
            out.push(Value::Object(c));
        }
        out
    }

    fn list_values(&self, list: &str, sheet: &Sheet) -> Vec<String> {
        self.lists
            .get(list)
            .map(|rows| {
                rows.iter()
                    .filter_map(|&i| {
                        At {
                            sheet,
                            row: &sheet.rows[i],
                            order: 1,
                        }
                        .text("name")
                        .map(str::to_string)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The list's values as consecutive whole numbers ascending, when they are.
    fn integer_list(&self, list: &str, sheet: &Sheet) -> Option<(i64, i64)> {
        let values = self.list_values(list, sheet);
        let nums: Vec<i64> = values.iter().map(|v| v.parse::<i64>().ok()).collect::<Option<_>>()?;
        let first = *nums.first()?;
        let consecutive = nums
            .iter()
            .enumerate()
            .all(|(i, n)| first.checked_add(i as i64) == Some(*n));
        (consecutive && nums.len() >= 2).then(|| (first, *nums.last().unwrap_or(&first)))
    }

    fn is_yes_no_list(&self, list: &str, sheet: &Sheet) -> bool {
        let values = self.list_values(list, sheet);
        values.len() == 2
            && values.iter().any(|v| v.eq_ignore_ascii_case("yes"))
            && values.iter().any(|v| v.eq_ignore_ascii_case("no"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_columns_are_caught_and_odk_columns_are_not() {
        assert_eq!(misspelt("relevent", "survey"), Some("relevant"));
        assert_eq!(misspelt("requierd", "survey"), Some("required"));
        assert_eq!(misspelt("list_nam", "choices"), Some("list_name"));
        for column in [
            "note",
            "bind",
            "media",
            "image",
            "audio",
            "video",
            "guidance_hint",
            "constraint_message",
            "required_message",
            "default",
            "$kuid",
            "$autoname",
            "relevant",
            "label",
        ] {
            assert_eq!(misspelt(column, "survey"), None, "{column}");
        }
    }

    #[test]
    fn language_codes() {
        assert_eq!(language_code("Japanese (ja)").as_deref(), Some("ja"));
        assert_eq!(language_code("日本語 (ja)").as_deref(), Some("ja"));
        assert_eq!(language_code("English").as_deref(), Some("en"));
        assert_eq!(language_code("en").as_deref(), Some("en"));
        assert_eq!(language_code("Klingon"), None);
    }
}
