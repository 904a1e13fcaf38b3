//! Worksheets as the XLSForm reader sees them: every used cell as trimmed text, kept sparse (a
//! stray cell at XFD1048576 costs nothing), with headers matched the way XLSForm tools match them.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use crate::say;
use crate::words::Words;

/// More used cells than this in one sheet is not a questionnaire; refusing keeps memory bounded.
pub const MAX_CELLS: usize = 200_000;

/// An A1-style cell name: column letters and 1-based row, from 0-based indexes.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// A column header split as XLSForm splits it: `label::Japanese (ja)` → field `label`, language
/// `Japanese (ja)`; `koe::min_label::English (en)` → field `koe::min_label`, language `English (en)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// As written in the sheet, for messages.
    pub original: String,
    /// Lower-case, spaces as underscores, aliases resolved (`list name` → `list_name`).
    pub field: String,
    /// The language part, as written (`Japanese (ja)`), when there is one.
    pub lang: Option<String>,
}

/// The way pyxform normalises a column name or a type: words joined by `_`, lower case.
pub fn snake(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join("_").to_lowercase()
}

/// Old or alternative column names XLSForm tools accept, mapped to the names koe reads.
fn alias(field: String) -> String {
    match field.as_str() {
        "relevance" => "relevant".into(),
        "caption" => "label".into(),
        "value" => "name".into(),
        "list" => "list_name".into(),
        _ => field,
    }
}

/// The columns that hold texts in a language (`label::English (en)`), as pyxform translates them.
pub const TEXT_FIELDS: &[&str] = &[
    "label",
    "hint",
    "guidance_hint",
    "constraint_message",
    "required_message",
    "image",
    "audio",
    "video",
    "media::image",
    "media::audio",
    "media::video",
];

impl Header {
    pub fn parse(original: &str) -> Header {
        let mut tokens: Vec<&str> = original.split("::").map(str::trim).collect();
        // `label:日本語`, one colon: pyxform reads it as `label::日本語`.
        if tokens.len() == 1
            && let Some((field, lang)) = original.split_once(':')
            && TEXT_FIELDS.contains(&snake(field).as_str())
            && !lang.trim().is_empty()
        {
            tokens = vec![field.trim(), lang.trim()];
        }
        let first = snake(tokens[0]);
        let (field, lang) = if (first == "koe" || first == "media") && tokens.len() >= 2 {
            (format!("{first}::{}", snake(tokens[1])), tokens.get(2))
        } else {
            (alias(first), tokens.get(1))
        };
        Header {
            original: original.trim().to_string(),
            field,
            lang: lang.map(|l| l.to_string()),
        }
    }
}

/// One used row: its 0-based row index and its cells by column index.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub index: u32,
    pub cells: BTreeMap<u32, String>,
}

/// A sheet: its name as written, the header row, and the rows below it that have any text.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub header_row: u32,
    pub headers: BTreeMap<u32, Header>,
    pub rows: Vec<Row>,
}

impl Sheet {
    /// Builds a sheet from its used cells (row, column, text); the first row with text is the
    /// header row.
    pub fn from_cells(name: &str, cells: BTreeMap<(u32, u32), String>) -> Sheet {
        let mut sheet = Sheet {
            name: name.to_string(),
            ..Sheet::default()
        };
        let mut rows: BTreeMap<u32, Row> = BTreeMap::new();
        for ((r, c), text) in cells {
            if text.is_empty() {
                continue;
            }
            rows.entry(r)
                .or_insert_with(|| Row {
                    index: r,
                    cells: BTreeMap::new(),
                })
                .cells
                .insert(c, text);
        }
        let mut rows = rows.into_values();
        if let Some(header) = rows.next() {
            sheet.header_row = header.index;
            sheet.headers = header.cells.iter().map(|(c, h)| (*c, Header::parse(h))).collect();
        }
        sheet.rows = rows.collect();
        sheet
    }

    /// The columns whose header is this field (one per language for texts).
    pub fn columns<'a>(&'a self, field: &'a str) -> impl Iterator<Item = (u32, &'a Header)> + 'a {
        self.headers
            .iter()
            .filter(move |(_, h)| h.field == field)
            .map(|(c, h)| (*c, h))
    }

    /// The column of a field without a language part.
    pub fn column(&self, field: &str) -> Option<u32> {
        self.columns(field).find(|(_, h)| h.lang.is_none()).map(|(c, _)| c)
    }
}

/// A workbook opened for reading: the sheet names and a way to read each.
pub struct Book {
    xlsx: Xlsx<Cursor<Vec<u8>>>,
    pub sheet_names: Vec<String>,
}

impl Book {
    /// Opens workbook bytes; the error is a sentence for the user.
    pub fn open(bytes: Vec<u8>) -> Result<Book, Words> {
        let xlsx = Xlsx::new(Cursor::new(bytes)).map_err(|e| say!(CannotReadWorkbook, error = e))?;
        let sheet_names = xlsx.sheet_names();
        Ok(Book { xlsx, sheet_names })
    }

    /// The sheet whose name is `wanted` ignoring case and surrounding spaces.
    pub fn find(&self, wanted: &str) -> Option<String> {
        self.sheet_names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(wanted))
            .cloned()
    }

    /// Reads one sheet's used cells as text.
    pub fn sheet(&mut self, name: &str) -> Result<Sheet, Words> {
        let mut reader = self
            .xlsx
            .worksheet_cells_reader(name)
            .map_err(|e| say!(CannotReadSheet, error = e))?;
        let mut cells = BTreeMap::new();
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(e) => return Err(say!(CannotReadSheet, error = e)),
            };
            let text = text_of(cell.get_value());
            if text.is_empty() {
                continue;
            }
            if cells.len() >= MAX_CELLS {
                return Err(say!(TooManyCells, most = MAX_CELLS));
            }
            cells.insert(cell.get_position(), text);
        }
        Ok(Sheet::from_cells(name, cells))
    }
}

/// A cell's value as the trimmed text a person typed: whole numbers without `.0`, booleans as
/// `true`/`false`.
fn text_of(v: &DataRef<'_>) -> String {
    let s = match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    };
    s.trim().to_string()
}

/// A number as a person would type it: `3`, not `3.0`.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn headers_match_as_xlsform_does() {
        let h = Header::parse("List Name");
        assert_eq!((h.field.as_str(), h.lang.as_deref()), ("list_name", None));
        let h = Header::parse("Label::Japanese (ja)");
        assert_eq!((h.field.as_str(), h.lang.as_deref()), ("label", Some("Japanese (ja)")));
        let h = Header::parse("label:日本語");
        assert_eq!((h.field.as_str(), h.lang.as_deref()), ("label", Some("日本語")));
        let h = Header::parse("media::image::日本語 (ja)");
        assert_eq!(
            (h.field.as_str(), h.lang.as_deref()),
            ("media::image", Some("日本語 (ja)"))
        );
        let h = Header::parse("hint : English");
        assert_eq!((h.field.as_str(), h.lang.as_deref()), ("hint", Some("English")));
        let h = Header::parse("koe::Min Label::English (en)");
        assert_eq!(
            (h.field.as_str(), h.lang.as_deref()),
            ("koe::min_label", Some("English (en)"))
        );
        assert_eq!(Header::parse(" relevance ").field, "relevant");
    }
}
