//! XLSForm workbook → koe's survey document (JSON), with a map from each document path back to the
//! cell it came from.
//!
//! The reader does not build a [`Survey`](crate::survey::Survey) itself: it writes the same JSON
//! document a person would have written by hand, and the one validator checks it. A fault the
//! validator finds at `questions[3].min` is then reported at the cell that said it
//! (`survey!F5 (parameters)`), so a workbook gets every check a JSON file gets, named in Excel's terms.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::expr::{self, Node, Op};
use super::sheet::{Book, Row, Sheet, cell_name, number_text, snake};
use crate::survey::validate::is_valid_id;

/// Where a fault is: a cell of a sheet and its column's header, or a whole sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The sheet's position among survey, choices, settings, indicators (for ordering faults).
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
    pub faults: Vec<(Place, String)>,
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
    pub fn sort(faults: &mut [(Place, String)]) {
        faults.sort_by_key(|(p, _)| p.key());
    }
}

/// Sheet names koe reads, in the order their faults are listed.
pub const SHEETS: [&str; 4] = ["survey", "choices", "settings", "indicators"];

/// What a question is, as far as a `relevant` expression elsewhere needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefKind {
    Single,
    Multiple,
    Rank,
    Scale,
    YesNo,
    Integer,
    Decimal,
    Text,
    Matrix,
    Note,
}

/// What a `${name}` refers to.
enum Target {
    Earlier(RefKind),
    Later,
    MatrixRow(String),
    Group,
    Unknown,
}

/// Types that only record metadata in ODK; koe keeps its own times, so they are passed over.
const METADATA: &[&str] = &[
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
const REFUSED: &[(&str, &str)] = &[
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
const REFUSED_COLUMNS: &[(&str, &str)] = &[
    ("calculation", "remove it; koe does not calculate values"),
    ("choice_filter", "remove it and give the question its own list"),
    ("repeat_count", "remove it; koe has no repeat groups"),
    ("default", "remove it; koe starts every answer empty"),
    ("read_only", "remove it"),
    ("trigger", "remove it"),
];

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
    faults: Vec<(Place, String)>,
    places: Vec<(String, Place)>,
    /// Language codes in the order the headers name them.
    langs: Vec<String>,
    default_lang: Option<String>,
    /// list name → row positions in the choices sheet.
    lists: HashMap<String, Vec<usize>>,
    /// Questions so far: name → kind, for `relevant` references.
    known: HashMap<String, RefKind>,
    matrix_rows: HashMap<String, String>,
    groups: HashSet<String>,
    all_names: HashSet<String>,
    questions: Vec<Value>,
}

impl Reader {
    fn fault(&mut self, place: Place, message: impl Into<String>) {
        self.faults.push((place, message.into()));
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
        let [survey, choices, settings, indicators] = <[Option<Sheet>; 4]>::try_from(sheets).unwrap_or_default();
        let Some(survey) = survey else {
            if !self.faults.is_empty() {
                return Value::Null;
            }
            self.fault(
                workbook_place,
                format!(
                    "the workbook has no sheet named \"survey\" (its sheets: {}) — name the questions' sheet survey",
                    book.sheet_names.join(", ")
                ),
            );
            return Value::Null;
        };
        let choices = choices.unwrap_or_default();
        let settings = settings.unwrap_or_default();
        self.headers(0, &survey, "survey");
        self.headers(1, &choices, "choices");
        self.headers(2, &settings, "settings");
        let indicators = indicators.unwrap_or_default();
        self.headers(3, &indicators, "indicators");
        let mut doc = Map::new();
        self.settings(&settings, stem, &mut doc);
        self.lists(&choices);
        self.survey_sheet(&survey, &choices);
        let mut langs = Vec::new();
        if let Some(d) = &self.default_lang {
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
                        format!(
                            "cannot tell the language code of {part:?} — write it as {}::{part} (code), e.g. label::日本語 (ja)",
                            h.field
                        ),
                    ),
                }
            }
            if h.field.starts_with("koe::") && !koe_known.contains(&h.field.as_str()) {
                let known = if koe_known.is_empty() {
                    format!("the {kind} sheet has no koe:: columns")
                } else {
                    format!("koe reads {}", koe_known.join(", "))
                };
                self.fault(
                    Self::header_place(order, sheet, *col),
                    format!("unknown column {:?} — {known}", h.original),
                );
            }
        }
    }

    /// A text field: the plain column and its language columns. Plain text alone is one string;
    /// with languages it is a map, the plain column standing for the default language.
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
        if let Some(p) = plain {
            let default = self
                .default_lang
                .clone()
                .or_else(|| self.langs.first().cloned())
                .unwrap_or_else(|| "ja".into());
            map.entry(default).or_insert(Value::String(p));
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
                None => self.fault(
                    at.place(col),
                    format!("{lang:?} is not a language code — write ja, en or e.g. Japanese (ja)"),
                ),
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
            self.fault(
                Self::sheet_place(order, sheet),
                "the choices sheet needs the columns list_name, name and label in its first row",
            );
            return;
        };
        for (i, row) in sheet.rows.iter().enumerate() {
            let at = At { sheet, row, order };
            match (at.text("list_name"), at.text("name")) {
                (Some(list), Some(_)) => self.lists.entry(list.to_string()).or_default().push(i),
                (Some(_), None) => self.fault(at.place_of("name"), "a choice needs a name (the value koe stores)"),
                (None, Some(_)) => self.fault(at.place_of("list_name"), "a choice needs the list_name of its list"),
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
                None => self.fault(at.place_of("label"), "a choice needs a label (what people see)"),
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

    fn survey_sheet(&mut self, sheet: &Sheet, choices: &Sheet) {
        let order = 0;
        let Some(type_col) = sheet.column("type") else {
            self.fault(
                Self::sheet_place(order, sheet),
                "the survey sheet needs the columns type, name and label in its first row",
            );
            return;
        };
        let name_col = sheet.column("name");
        for row in &sheet.rows {
            if let Some(name) = name_col.and_then(|c| row.cells.get(&c)) {
                self.all_names.insert(name.clone());
            }
        }
        // Enclosing plain groups: their relevant conditions apply to every question inside.
        let mut groups: Vec<(Option<Value>, Place)> = Vec::new();
        let mut i = 0;
        while i < sheet.rows.len() {
            let row = &sheet.rows[i];
            i += 1;
            let at = At { sheet, row, order };
            let Some(type_text) = row.cells.get(&type_col) else {
                if at.has("name") || at.has("label") {
                    self.fault(
                        at.place(type_col),
                        "the type is empty — write text, integer, select_one LIST, …",
                    );
                }
                continue;
            };
            let (base, args) = split_type(type_text);
            self.refused_columns(at, &base);
            if METADATA.contains(&base.as_str()) {
                continue;
            }
            if let Some((_, instead)) = REFUSED.iter().find(|(t, _)| *t == base) {
                self.fault(
                    at.place(type_col),
                    format!("koe cannot ask a {base} question — {instead}"),
                );
                continue;
            }
            match base.as_str() {
                "begin_group" => {
                    let end = group_end(sheet, type_col, i);
                    let Some(end) = end else {
                        self.fault(
                            at.place(type_col),
                            "this group has no end_group row — add one after its last question",
                        );
                        continue;
                    };
                    let table = at
                        .text("appearance")
                        .is_some_and(|a| a.split_whitespace().any(|w| w == "table-list"));
                    if table && let Some((list, lo, hi)) = self.matrix_list(sheet, choices, type_col, i, end) {
                        self.matrix(at, sheet, choices, &groups, &sheet.rows[i..end], &list, lo, hi);
                        i = end + 1;
                        continue;
                    }
                    let own = self.relevant(at);
                    let name = at.text("name").unwrap_or_default().to_string();
                    if at.has("label") {
                        let path = format!("questions[{}]", self.questions.len());
                        let mut q = Map::new();
                        self.places.push((path.clone(), at.place(type_col)));
                        self.id(at, &path, &mut q);
                        q.insert("type".into(), "note".into());
                        if let Some(t) = self.text(at, "label", &format!("{path}.text")) {
                            q.insert("text".into(), t);
                        }
                        if let Some(h) = self.text(at, "hint", &format!("{path}.help")) {
                            q.insert("help".into(), h);
                        }
                        self.show_if(at, &path, &groups, own.clone(), &mut q);
                        self.known.insert(name.clone(), RefKind::Note);
                        self.questions.push(Value::Object(q));
                    }
                    self.groups.insert(name);
                    groups.push((own, at.place_of("relevant")));
                }
                "end_group" => {
                    if groups.pop().is_none() {
                        self.fault(at.place(type_col), "end_group without a begin_group above it");
                    }
                }
                _ => self.question(at, &base, &args, choices, &groups),
            }
        }
    }

    /// The `indicators` sheet: one indicator a row (`name`, `label`, `question`, `measure`,
    /// `values`, `target`, `direction`). Values are written as stored and separated by spaces or
    /// commas; each is read as the question's answers are (`4` a number for a scale, `true` for
    /// yes/no, `1` a text for a choice).
    fn indicators(&mut self, sheet: &Sheet) -> Vec<Value> {
        let order = 3;
        let mut out = Vec::new();
        for row in &sheet.rows {
            let at = At { sheet, row, order };
            let path = format!("indicators[{}]", out.len());
            let mut ind = Map::new();
            self.places.push((path.clone(), at.place_of("name")));
            if let Some((id, col)) = at.get("name") {
                self.places.push((format!("{path}.id"), at.place(col)));
                ind.insert("id".into(), Value::String(id.to_string()));
            }
            if let Some(t) = self.text(at, "label", &format!("{path}.text")) {
                ind.insert("text".into(), t);
            }
            let question = at.get("question").map(|(q, col)| {
                self.places.push((format!("{path}.question"), at.place(col)));
                ind.insert("question".into(), Value::String(q.to_string()));
                q.to_string()
            });
            for field in ["measure", "direction"] {
                if let Some((m, col)) = at.get(field) {
                    self.places.push((format!("{path}.{field}"), at.place(col)));
                    ind.insert(field.into(), Value::String(snake(m)));
                }
            }
            if let Some((text, col)) = at.get("values") {
                self.places.push((format!("{path}.values"), at.place(col)));
                let kind = question.as_deref().and_then(|q| {
                    if q.contains('/') {
                        Some(RefKind::Scale)
                    } else {
                        self.known.get(q).copied()
                    }
                });
                let values: Vec<Value> = text
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '、')
                    .filter(|v| !v.is_empty())
                    .map(|v| indicator_value(v, kind))
                    .collect();
                ind.insert("values".into(), Value::Array(values));
            }
            if let Some((t, col)) = at.get("target") {
                self.places.push((format!("{path}.target"), at.place(col)));
                let value = t
                    .parse::<f64>()
                    .map(json_number)
                    .unwrap_or_else(|_| Value::String(t.to_string()));
                ind.insert("target".into(), value);
            }
            out.push(Value::Object(ind));
        }
        out
    }

    /// Columns that change what a form does: refused when filled in.
    fn refused_columns(&mut self, at: At, base: &str) {
        for (col, instead) in REFUSED_COLUMNS {
            if *col == "calculation" && base == "calculate" {
                continue;
            }
            if let Some((_, c)) = at.get(col) {
                self.fault(at.place(c), format!("koe cannot use the {col} column — {instead}"));
            }
        }
    }

    /// When the rows of a table-list group are all select_one of one list of consecutive whole
    /// numbers, that list and its range: the group is a matrix.
    fn matrix_list(
        &self,
        sheet: &Sheet,
        choices: &Sheet,
        type_col: u32,
        from: usize,
        end: usize,
    ) -> Option<(String, i64, i64)> {
        let rows = &sheet.rows[from..end];
        let mut list: Option<String> = None;
        for row in rows {
            let (base, args) = split_type(row.cells.get(&type_col)?);
            if base != "select_one" || args.len() != 1 {
                return None;
            }
            if list.as_ref().is_some_and(|l| *l != args[0]) {
                return None;
            }
            list = Some(args[0].clone());
        }
        let list = list?;
        let (lo, hi) = self.integer_list(&list, choices)?;
        Some((list, lo, hi))
    }

    #[allow(clippy::too_many_arguments)]
    fn matrix(
        &mut self,
        at: At,
        sheet: &Sheet,
        choices: &Sheet,
        groups: &[(Option<Value>, Place)],
        rows: &[Row],
        list: &str,
        lo: i64,
        hi: i64,
    ) {
        let path = format!("questions[{}]", self.questions.len());
        let mut q = Map::new();
        self.places.push((path.clone(), at.place_of("type")));
        let name = self.id(at, &path, &mut q);
        q.insert("type".into(), "matrix".into());
        match self.text(at, "label", &format!("{path}.text")) {
            Some(t) => {
                q.insert("text".into(), t);
            }
            None => self.fault(
                at.place_of("label"),
                "a matrix (a table-list group) needs a label: its question",
            ),
        }
        if let Some(h) = self.text(at, "hint", &format!("{path}.help")) {
            q.insert("help".into(), h);
        }
        let group_required = self.required(at, &path);
        let mut row_required = Vec::new();
        let mut out_rows = Vec::new();
        for (j, row) in rows.iter().enumerate() {
            let rat = At { sheet, row, order: 0 };
            let rp = format!("{path}.rows[{j}]");
            let mut r = Map::new();
            if let Some((id, col)) = rat.get("name") {
                self.places.push((rp.clone(), rat.place(col)));
                self.places.push((format!("{rp}.id"), rat.place(col)));
                r.insert("id".into(), Value::String(id.to_string()));
                self.matrix_rows.insert(id.to_string(), name.clone());
            } else {
                self.fault(rat.place_of("name"), "a matrix row needs a name (its id)");
            }
            match self.text(rat, "label", &format!("{rp}.text")) {
                Some(t) => {
                    r.insert("text".into(), t);
                }
                None => self.fault(rat.place_of("label"), "a matrix row needs a label"),
            }
            for field in ["relevant", "constraint", "hint"] {
                if let Some((_, col)) = rat.get(field) {
                    self.fault(
                        rat.place(col),
                        format!("a row of a matrix cannot have its own {field} — put it on the begin_group row"),
                    );
                }
            }
            row_required.push(yes_no_cell(rat.text("required").unwrap_or("")).unwrap_or(false));
            out_rows.push(Value::Object(r));
        }
        let all = row_required.iter().all(|r| *r);
        let any = row_required.iter().any(|r| *r);
        if any && !all {
            self.fault(
                at.place_of("required"),
                "some rows of this matrix are required and some not — koe asks for all rows or none: write required on the begin_group row",
            );
        }
        if group_required || all {
            q.insert("required".into(), Value::Bool(true));
        }
        let own = self.relevant(at);
        self.show_if(at, &path, groups, own, &mut q);
        q.insert("rows".into(), Value::Array(out_rows));
        self.places.push((format!("{path}.min"), at.place_of("type")));
        self.places.push((format!("{path}.max"), at.place_of("type")));
        q.insert("min".into(), lo.into());
        q.insert("max".into(), hi.into());
        if let Some(labels) = self.point_labels(list, choices, &format!("{path}.labels")) {
            q.insert("labels".into(), labels);
        }
        self.scale_extras(at, &path, &mut q);
        self.known.insert(name, RefKind::Matrix);
        self.questions.push(Value::Object(q));
    }

    /// The labels of an integer list, unless every label is just its number (then the points
    /// speak for themselves).
    fn point_labels(&mut self, list: &str, choices: &Sheet, path: &str) -> Option<Value> {
        let items = self.choices(list, choices, path);
        let labels: Vec<Value> = items.iter().filter_map(|c| c.get("label").cloned()).collect();
        let trivial = items.iter().all(|c| {
            let value = c.get("value").and_then(Value::as_str).unwrap_or("");
            match c.get("label") {
                Some(Value::String(s)) => s == value,
                Some(Value::Object(m)) => m.values().all(|v| v.as_str() == Some(value)),
                _ => true,
            }
        });
        (!trivial).then_some(Value::Array(labels))
    }

    /// `koe::min_label`, `koe::max_label`, `koe::allow_na` of a scale or matrix.
    fn scale_extras(&mut self, at: At, path: &str, q: &mut Map<String, Value>) {
        for field in ["min_label", "max_label"] {
            if let Some(t) = self.text(at, &format!("koe::{field}"), &format!("{path}.{field}")) {
                q.insert(field.into(), t);
            }
        }
        if let Some(allow) = self.flag(at, "koe::allow_na", &format!("{path}.allow_na")) {
            q.insert("allow_na".into(), Value::Bool(allow));
        }
    }

    fn flag(&mut self, at: At, field: &str, path: &str) -> Option<bool> {
        let (text, col) = at.get(field)?;
        self.places.push((path.to_string(), at.place(col)));
        match yes_no_cell(text) {
            Some(b) => b.then_some(true),
            None => {
                self.fault(
                    at.place(col),
                    format!("{text:?} is not yes or no — write yes, or leave the cell empty"),
                );
                None
            }
        }
    }

    fn id(&mut self, at: At, path: &str, q: &mut Map<String, Value>) -> String {
        match at.get("name") {
            Some((name, col)) => {
                self.places.push((format!("{path}.id"), at.place(col)));
                q.insert("id".into(), Value::String(name.to_string()));
                name.to_string()
            }
            None => {
                self.fault(at.place_of("name"), "a question needs a name (its id, e.g. q1 or role)");
                String::new()
            }
        }
    }

    fn required(&mut self, at: At, path: &str) -> bool {
        let Some((text, col)) = at.get("required") else {
            return false;
        };
        self.places.push((format!("{path}.required"), at.place(col)));
        match yes_no_cell(text) {
            Some(b) => b,
            None => {
                self.fault(
                    at.place(col),
                    format!(
                        "koe cannot make a question required by a condition ({text:?}) — write yes, or leave it empty"
                    ),
                );
                false
            }
        }
    }

    /// The row's own `relevant` as a condition, faulting what cannot be mapped.
    fn relevant(&mut self, at: At) -> Option<Value> {
        let (text, col) = at.get("relevant")?;
        let own = at.text("name").unwrap_or_default().to_string();
        let result = expr::parse(text).map_err(|e| relevant_help(&e)).and_then(|node| {
            self.condition(&node, &own)
                .map_err(|e| if e.contains("${") { e } else { relevant_help(&e) })
        });
        match result {
            Ok(c) => Some(c),
            Err(e) => {
                self.fault(at.place(col), e);
                None
            }
        }
    }

    /// Combines enclosing groups' conditions with the row's own into `show_if`.
    fn show_if(
        &mut self,
        at: At,
        path: &str,
        groups: &[(Option<Value>, Place)],
        own: Option<Value>,
        q: &mut Map<String, Value>,
    ) {
        let mut conds: Vec<(Value, Place)> = groups
            .iter()
            .filter_map(|(c, p)| c.clone().map(|c| (c, p.clone())))
            .collect();
        if let Some(c) = own {
            conds.push((c, at.place_of("relevant")));
        }
        let sp = format!("{path}.show_if");
        match conds.len() {
            0 => {}
            1 => {
                let (c, p) = conds.remove(0);
                self.places.push((sp, p));
                q.insert("show_if".into(), c);
            }
            _ => {
                for (k, (_, p)) in conds.iter().enumerate() {
                    self.places.push((format!("{sp}.all[{k}]"), p.clone()));
                }
                self.places.push((sp, conds[conds.len() - 1].1.clone()));
                let all: Vec<Value> = conds.into_iter().map(|(c, _)| c).collect();
                q.insert("show_if".into(), json!({ "all": all }));
            }
        }
    }

    fn target(&self, name: &str, own: &str) -> Target {
        if let Some(k) = self.known.get(name) {
            return Target::Earlier(*k);
        }
        if let Some(m) = self.matrix_rows.get(name) {
            return Target::MatrixRow(m.clone());
        }
        if self.groups.contains(name) {
            return Target::Group;
        }
        if name == own || self.all_names.contains(name) {
            return Target::Later;
        }
        Target::Unknown
    }

    /// A question referred to by `${name}`, with its kind.
    fn reference(&self, node: &Node, own: &str) -> Result<Option<(String, RefKind)>, String> {
        let Node::Ref(name) = node else {
            return Ok(None);
        };
        match self.target(name, own) {
            Target::Earlier(k) => Ok(Some((name.clone(), k))),
            Target::Later if name == own => Err(format!("a question cannot depend on itself (\"${{{name}}}\")")),
            Target::Later => Err(format!(
                "question \"${{{name}}}\" comes later; relevant may refer only to earlier questions"
            )),
            Target::MatrixRow(m) => Err(format!(
                "\"${{{name}}}\" is a row of the matrix \"{m}\"; koe can test only whether the matrix was answered: ${{{m}}} != ''"
            )),
            Target::Group => Err(format!("\"${{{name}}}\" is a group and has no answer")),
            Target::Unknown => Err(format!("unknown question \"${{{name}}}\"")),
        }
    }

    /// An expression tree → a show_if condition (JSON), or why not.
    fn condition(&self, node: &Node, own: &str) -> Result<Value, String> {
        match node {
            Node::Paren(inner) => self.condition(inner, own),
            Node::And(items) => {
                let all = items
                    .iter()
                    .map(|n| self.condition(n, own))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(json!({ "all": all }))
            }
            Node::Or(items) => {
                // `${q} = 'a' or ${q} = 'b'` (no parentheses around each) is one "in" test.
                let mut same: Option<String> = None;
                let mut values = Vec::new();
                for item in items {
                    if let Node::Cmp(l, Op::Eq, r) = item
                        && let Node::Ref(name) = l.as_ref()
                        && !matches!(r.as_ref(), Node::Str(s) if s.is_empty())
                        && same.as_ref().is_none_or(|s| s == name)
                        && matches!(r.as_ref(), Node::Str(_) | Node::Num(_))
                    {
                        same = Some(name.clone());
                        values.push(self.condition(item, own)?);
                    } else {
                        same = None;
                        break;
                    }
                }
                if let Some(q) = same {
                    let vals: Vec<Value> = values.into_iter().filter_map(|v| v.get("equals").cloned()).collect();
                    if vals.len() == items.len() {
                        return Ok(json!({ "question": q, "in": vals }));
                    }
                }
                let any = items
                    .iter()
                    .map(|n| self.condition(n, own))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(json!({ "any": any }))
            }
            Node::Call(f, args) if f == "not" => match args.as_slice() {
                [inner] => Ok(json!({ "not": self.condition(inner, own)? })),
                _ => Err("not() takes one condition".into()),
            },
            Node::Call(f, args) if f == "selected" => {
                let [q, v] = args.as_slice() else {
                    return Err("selected() takes a question and a value: selected(${q}, 'v')".into());
                };
                let Some((name, kind)) = self.reference(q, own)? else {
                    return Err("selected() needs a question first: selected(${q}, 'v')".into());
                };
                let value = match v {
                    Node::Str(s) => s.clone(),
                    Node::Num(n) => number_text(*n),
                    _ => return Err("selected() needs a value second: selected(${q}, 'v')".into()),
                };
                match kind {
                    RefKind::Single => Ok(json!({ "question": name, "equals": value })),
                    RefKind::Multiple | RefKind::Rank => Ok(json!({ "question": name, "includes": value })),
                    RefKind::YesNo => Ok(json!({ "question": name, "equals": yes_no_literal(&name, &value)? })),
                    _ => Err(format!(
                        "selected() needs a select question; \"${{{name}}}\" is not one"
                    )),
                }
            }
            Node::Cmp(l, op, r) => self.comparison(l, *op, r, own),
            _ => Err("this is not a condition".into()),
        }
    }

    fn comparison(&self, l: &Node, op: Op, r: &Node, own: &str) -> Result<Value, String> {
        // A literal on the left: turn it around.
        if matches!(l, Node::Str(_) | Node::Num(_)) {
            return self.comparison(r, op.flipped(), l, own);
        }
        if let Node::Call(f, args) = l
            && (f == "string-length" || f == "count-selected")
        {
            let [arg] = args.as_slice() else {
                return Err(format!("{f}() takes one question"));
            };
            let Some((name, kind)) = self.reference(arg, own)? else {
                return Err(format!("{f}() needs a question: {f}(${{q}})"));
            };
            let Node::Num(n) = r else {
                return Err(format!("compare {f}() with a number"));
            };
            let n = *n;
            if f == "string-length" {
                return match (op, n) {
                    (Op::Gt, 0.0) | (Op::Ge, 1.0) | (Op::Ne, 0.0) => Ok(json!({ "question": name, "answered": true })),
                    (Op::Eq, 0.0) | (Op::Le, 0.0) | (Op::Lt, 1.0) => Ok(json!({ "question": name, "answered": false })),
                    _ => Err(
                        "koe reads string-length(${q}) > 0 (answered) and string-length(${q}) = 0 (not answered)"
                            .into(),
                    ),
                };
            }
            if kind != RefKind::Multiple {
                return Err(format!(
                    "count-selected() needs a select_multiple question; \"${{{name}}}\" is not one"
                ));
            }
            return bound(&name, op, n, true);
        }
        let Some((name, kind)) = self.reference(l, own)? else {
            return Err("compare a question: ${q} = 'v', ${q} >= 3".into());
        };
        if let Node::Str(s) = r
            && s.is_empty()
        {
            return match op {
                Op::Eq => Ok(json!({ "question": name, "answered": false })),
                Op::Ne => Ok(json!({ "question": name, "answered": true })),
                _ => Err("compare with '' only by = or !=".into()),
            };
        }
        let literal = match r {
            Node::Str(s) => Lit::Str(s.clone()),
            Node::Num(n) => Lit::Num(*n),
            Node::Call(f, a) if a.is_empty() && (f == "true" || f == "false") => {
                Lit::Str(if f == "true" { "yes" } else { "no" }.into())
            }
            _ => return Err("compare with a value: 'text' or a number".into()),
        };
        match op {
            Op::Eq | Op::Ne => {
                let value = match (kind, &literal) {
                    (RefKind::YesNo, Lit::Str(s)) => yes_no_literal(&name, s)?,
                    (RefKind::YesNo, Lit::Num(_)) => {
                        return Err(format!("\"${{{name}}}\" is yes/no: compare with 'yes' or 'no'"));
                    }
                    (RefKind::Scale, Lit::Str(s)) if s == "na" => Value::String(s.clone()),
                    (RefKind::Scale | RefKind::Integer | RefKind::Decimal, Lit::Str(s)) => json_number(
                        s.trim()
                            .parse::<f64>()
                            .map_err(|_| format!("\"${{{name}}}\" is a number: compare with a number, not '{s}'"))?,
                    ),
                    (RefKind::Scale | RefKind::Integer | RefKind::Decimal, Lit::Num(n)) => json_number(*n),
                    (RefKind::Single | RefKind::Text, Lit::Str(s)) => Value::String(s.clone()),
                    (RefKind::Single | RefKind::Text, Lit::Num(n)) => Value::String(number_text(*n)),
                    (RefKind::Multiple | RefKind::Rank, _) => {
                        return Err(format!(
                            "\"${{{name}}}\" allows several answers: write selected(${{{name}}}, 'v') instead"
                        ));
                    }
                    (RefKind::Matrix, _) => {
                        return Err(format!(
                            "koe can test only whether the matrix \"${{{name}}}\" was answered: ${{{name}}} != ''"
                        ));
                    }
                    (RefKind::Note, _) => return Err(format!("\"${{{name}}}\" is a note and has no answer")),
                };
                let key = if op == Op::Eq { "equals" } else { "not_equals" };
                Ok(json!({ "question": name, key: value }))
            }
            _ => {
                let n = match literal {
                    Lit::Num(n) => n,
                    Lit::Str(s) => s
                        .trim()
                        .parse::<f64>()
                        .map_err(|_| format!("compare with a number, not '{s}'"))?,
                };
                match kind {
                    RefKind::Scale | RefKind::Integer => bound(&name, op, n, true),
                    RefKind::Decimal => bound(&name, op, n, false),
                    RefKind::Multiple => Err(format!(
                        "to count the answers of \"${{{name}}}\" write count-selected(${{{name}}}) {op} {} instead",
                        number_text(n)
                    )),
                    _ => Err(format!(
                        "\"${{{name}}}\" is not a number or scale question, so {op} cannot apply"
                    )),
                }
            }
        }
    }

    fn question(&mut self, at: At, base: &str, args: &[String], choices: &Sheet, groups: &[(Option<Value>, Place)]) {
        let type_place = at.place_of("type");
        let path = format!("questions[{}]", self.questions.len());
        let mut q = Map::new();
        self.places.push((path.clone(), type_place.clone()));
        let name = self.id(at, &path, &mut q);
        let koe_type = at.text("koe::type");
        let (kind, ref_kind) = match (base, args) {
            ("select_one" | "select_multiple" | "rank", [list, rest @ ..]) => {
                let other = match rest {
                    [] => false,
                    [o] if o == "or_other" && base != "rank" => true,
                    _ => {
                        self.fault(
                            type_place,
                            format!(
                                "koe reads \"{base} LIST\" or \"{base} LIST or_other\", not {:?}",
                                at.text("type").unwrap_or("")
                            ),
                        );
                        return;
                    }
                };
                if !self.lists.contains_key(list) {
                    self.fault(
                        type_place,
                        format!("no list \"{list}\" on the choices sheet — add its choices there (list_name {list})"),
                    );
                    return;
                }
                if base == "select_one"
                    && !other
                    && koe_type != Some("single_choice")
                    && self.is_yes_no_list(list, choices)
                {
                    ("yes_no", RefKind::YesNo)
                } else {
                    self.places.push((format!("{path}.choices"), type_place.clone()));
                    let items = self.choices(list, choices, &format!("{path}.choices"));
                    q.insert("choices".into(), Value::Array(items));
                    if other {
                        q.insert("other".into(), Value::Bool(true));
                    }
                    match base {
                        "select_one" => ("single_choice", RefKind::Single),
                        "select_multiple" => ("multiple_choice", RefKind::Multiple),
                        _ => ("rank", RefKind::Rank),
                    }
                }
            }
            ("select_one" | "select_multiple" | "rank", []) => {
                self.fault(
                    type_place,
                    format!("name the list of choices: {base} LIST (its list_name on the choices sheet)"),
                );
                return;
            }
            ("integer", []) => ("number", RefKind::Integer),
            ("decimal", []) => ("number", RefKind::Decimal),
            ("text", []) => ("text", RefKind::Text),
            ("note", []) => ("note", RefKind::Note),
            ("range", []) => ("scale", RefKind::Scale),
            _ => {
                self.fault(
                    type_place,
                    format!(
                        "unknown type {:?} — koe reads select_one LIST, select_multiple LIST, rank LIST, integer, decimal, text, note, range, begin_group, end_group",
                        at.text("type").unwrap_or("")
                    ),
                );
                return;
            }
        };
        if let Some((t, col)) = at.get("koe::type")
            && !(t == "single_choice" && kind == "yes_no")
            && t != kind
        {
            self.fault(
                at.place(col),
                format!("koe::type may only say single_choice, on a select_one of a yes/no list (this row is {kind})"),
            );
        }
        q.insert("type".into(), kind.into());
        match self.text(at, "label", &format!("{path}.text")) {
            Some(t) => {
                q.insert("text".into(), t);
            }
            None => self.fault(at.place_of("label"), "a question needs a label (what people see)"),
        }
        if let Some(h) = self.text(at, "hint", &format!("{path}.help")) {
            q.insert("help".into(), h);
        }
        if self.required(at, &path) {
            q.insert("required".into(), Value::Bool(true));
        }
        let own = self.relevant(at);
        self.show_if(at, &path, groups, own, &mut q);
        self.kind_fields(at, kind, ref_kind, &path, choices, &mut q);
        self.known.insert(name, ref_kind);
        self.questions.push(Value::Object(q));
    }

    /// Fields of one type: constraint, appearance, parameters and koe's own columns.
    fn kind_fields(
        &mut self,
        at: At,
        kind: &str,
        ref_kind: RefKind,
        path: &str,
        choices: &Sheet,
        q: &mut Map<String, Value>,
    ) {
        let owners: &[(&str, &[&str])] = &[
            ("koe::min_label", &["scale"]),
            ("koe::max_label", &["scale"]),
            ("koe::allow_na", &["scale"]),
            ("koe::labels", &["scale"]),
            ("koe::unit", &["number"]),
            ("koe::max_ranked", &["rank"]),
        ];
        for (field, kinds) in owners {
            if !kinds.contains(&kind) {
                for (col, _) in at.sheet.columns(field) {
                    if at.row.cells.contains_key(&col) {
                        self.fault(
                            at.place(col),
                            format!("{field} belongs to {} questions, not {kind}", kinds.join(", ")),
                        );
                    }
                }
            }
        }
        if let Some((text, col)) = at.get("constraint") {
            self.constraint(at, text, col, ref_kind, path, q);
        }
        if kind == "text"
            && at
                .text("appearance")
                .is_some_and(|a| a.split_whitespace().any(|w| w == "multiline"))
        {
            q.insert("multiline".into(), Value::Bool(true));
        }
        match kind {
            "number" => {
                q.insert("integer".into(), Value::Bool(ref_kind == RefKind::Integer));
                if let Some(u) = self.text(at, "koe::unit", &format!("{path}.unit")) {
                    q.insert("unit".into(), u);
                }
            }
            "rank" => {
                if let Some((text, col)) = at.get("koe::max_ranked") {
                    self.places.push((format!("{path}.max_ranked"), at.place(col)));
                    match text.parse::<u32>() {
                        Ok(n) => {
                            q.insert("max_ranked".into(), n.into());
                        }
                        Err(_) => self.fault(
                            at.place(col),
                            format!("{text:?} is not a whole number of places to rank"),
                        ),
                    }
                }
            }
            "scale" => {
                let (lo, hi) = self.range(at, path);
                q.insert("min".into(), lo.into());
                q.insert("max".into(), hi.into());
                if let Some((list, col)) = at.get("koe::labels") {
                    self.places.push((format!("{path}.labels"), at.place(col)));
                    match self.integer_list(list, choices) {
                        Some((a, b)) if (a, b) == (lo, hi) => {
                            let labels = self.point_labels(list, choices, &format!("{path}.labels"));
                            let labels = labels.unwrap_or_else(|| {
                                Value::Array((lo..=hi).map(|p| Value::String(p.to_string())).collect())
                            });
                            q.insert("labels".into(), labels);
                        }
                        _ => self.fault(
                            at.place(col),
                            format!("koe::labels names a list of the points {lo} to {hi} on the choices sheet (names {lo}, …, {hi}), with a label for each"),
                        ),
                    }
                }
                self.scale_extras(at, path, q);
            }
            _ => {}
        }
    }

    /// A range's `start`, `end` and `step` parameters (XLSForm's defaults 1, 10, 1).
    fn range(&mut self, at: At, path: &str) -> (i64, i64) {
        let (mut lo, mut hi) = (1, 10);
        let Some((text, col)) = at.get("parameters") else {
            return (lo, hi);
        };
        self.places.push((format!("{path}.min"), at.place(col)));
        self.places.push((format!("{path}.max"), at.place(col)));
        self.places.push((path.to_string(), at.place(col)));
        for part in text
            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = snake(key);
            let n = value
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|n| n.fract() == 0.0 && n.abs() < 1e9)
                .map(|n| n as i64);
            match (key.as_str(), n) {
                ("start", Some(n)) => lo = n,
                ("end", Some(n)) => hi = n,
                ("step", Some(1)) => {}
                ("step", _) => self.fault(
                    at.place(col),
                    "koe's scales go in steps of 1 — write step=1 (or leave step out)",
                ),
                ("start" | "end", None) => self.fault(
                    at.place(col),
                    format!("{part:?}: a scale's start and end are whole numbers, e.g. start=1 end=5"),
                ),
                _ => self.fault(
                    at.place(col),
                    format!("koe reads start, end and step here, not {part:?} — write e.g. start=1 end=5 step=1"),
                ),
            }
        }
        (lo, hi)
    }

    fn constraint(&mut self, at: At, text: &str, col: u32, kind: RefKind, path: &str, q: &mut Map<String, Value>) {
        let instead = match kind {
            RefKind::Integer | RefKind::Decimal => ". >= 0 and . <= 100",
            RefKind::Multiple => "count-selected(.) >= 1 and count-selected(.) <= 3",
            RefKind::Text => "string-length(.) <= 200",
            _ => "",
        };
        if instead.is_empty() {
            self.fault(
                at.place(col),
                "koe reads a constraint only on integer, decimal, select_multiple and text questions — remove it",
            );
            return;
        }
        let parts = match expr::parse(text) {
            Ok(Node::And(items)) => items,
            Ok(node) => vec![node],
            Err(e) => {
                self.fault(at.place(col), format!("{e} — write {instead} instead"));
                return;
            }
        };
        for part in parts {
            let found = match &part {
                Node::Cmp(l, op, r) => constraint_bound(l, *op, r, kind),
                _ => None,
            };
            let Some((field, n)) = found else {
                self.fault(
                    at.place(col),
                    format!("koe cannot read this constraint — write {instead} instead"),
                );
                return;
            };
            self.places.push((format!("{path}.{field}"), at.place(col)));
            let whole = n >= 0.0 && n.fract() == 0.0;
            let value = if matches!(field, "min" | "max") || whole {
                json_number(n)
            } else {
                self.fault(
                    at.place(col),
                    format!("{} is not a whole number — write {instead} instead", number_text(n)),
                );
                return;
            };
            q.insert(field.into(), value);
        }
    }
}

/// One of an indicator's `values` as the question stores answers.
fn indicator_value(v: &str, kind: Option<RefKind>) -> Value {
    match kind {
        Some(RefKind::YesNo) => match v.to_lowercase().as_str() {
            "true" | "yes" => Value::Bool(true),
            "false" | "no" => Value::Bool(false),
            _ => Value::String(v.to_string()),
        },
        Some(RefKind::Scale | RefKind::Integer | RefKind::Decimal | RefKind::Matrix) => v
            .parse::<f64>()
            .map(json_number)
            .unwrap_or_else(|_| Value::String(v.to_string())),
        _ => Value::String(v.to_string()),
    }
}

enum Lit {
    Str(String),
    Num(f64),
}

/// The model field a constraint comparison sets, and its number.
fn constraint_bound(l: &Node, op: Op, r: &Node, kind: RefKind) -> Option<(&'static str, f64)> {
    let (l, op, r) = if matches!(l, Node::Num(_)) {
        (r, op.flipped(), l)
    } else {
        (l, op, r)
    };
    let Node::Num(n) = r else { return None };
    let n = *n;
    let integer = kind != RefKind::Decimal;
    let (lower, upper) = match l {
        Node::Dot if matches!(kind, RefKind::Integer | RefKind::Decimal) => ("min", "max"),
        Node::Call(f, a) if f == "count-selected" && a == &[Node::Dot] && kind == RefKind::Multiple => {
            ("min_selected", "max_selected")
        }
        Node::Call(f, a) if f == "string-length" && a == &[Node::Dot] && kind == RefKind::Text => ("", "max_length"),
        _ => return None,
    };
    let (field, n) = match op {
        Op::Ge => (lower, n),
        Op::Gt if integer => (lower, n + 1.0),
        Op::Le => (upper, n),
        Op::Lt if integer => (upper, n - 1.0),
        _ => return None,
    };
    (!field.is_empty()).then_some((field, n))
}

/// `${q} >= N` and friends → at_least / at_most (a strict comparison on whole numbers moves by one).
fn bound(name: &str, op: Op, n: f64, integer: bool) -> Result<Value, String> {
    let n = match op {
        Op::Ge | Op::Le => n,
        Op::Gt if integer => n + 1.0,
        Op::Lt if integer => n - 1.0,
        Op::Gt | Op::Lt => {
            return Err(format!(
                "koe cannot say {op} for a decimal question — write ${{{name}}} {}= {} instead",
                if op == Op::Gt { ">" } else { "<" },
                number_text(n)
            ));
        }
        _ => return Err(format!("koe cannot compare counts with {op} — write >= or <=")),
    };
    let key = if matches!(op, Op::Ge | Op::Gt) {
        "at_least"
    } else {
        "at_most"
    };
    Ok(json!({ "question": name, key: json_number(n) }))
}

fn yes_no_literal(name: &str, s: &str) -> Result<Value, String> {
    match s.to_lowercase().as_str() {
        "yes" | "true" => Ok(Value::Bool(true)),
        "no" | "false" => Ok(Value::Bool(false)),
        _ => Err(format!(
            "\"${{{name}}}\" is yes/no: compare with 'yes' or 'no', not '{s}'"
        )),
    }
}

/// A relevant fault with what koe reads.
fn relevant_help(e: &str) -> String {
    if e.contains(" — ") || e.contains("instead") {
        e.to_string()
    } else {
        format!(
            "{e} — write ${{q}} = 'v', ${{q}} != 'v', ${{q}} >= 3, selected(${{q}}, 'v'), string-length(${{q}}) > 0, joined by and, or, not(…) instead"
        )
    }
}

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
fn group_end(sheet: &Sheet, type_col: u32, from: usize) -> Option<usize> {
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

    #[test]
    fn language_codes() {
        assert_eq!(language_code("Japanese (ja)").as_deref(), Some("ja"));
        assert_eq!(language_code("日本語 (ja)").as_deref(), Some("ja"));
        assert_eq!(language_code("English").as_deref(), Some("en"));
        assert_eq!(language_code("en").as_deref(), Some("en"));
        assert_eq!(language_code("Klingon"), None);
    }
}
