//! Writing CSV for Excel in Japan: RFC 4180 quoting (the csv crate), UTF-8 with a BOM by default,
//! or CP932 with look-alike mapping and 〓 for what cannot be mapped; the CSV-injection guard on
//! text cells only.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Encoding;
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

/// Characters that Windows-31J lacks but has a look-alike for (the usual Mac / Unicode forms).
fn cp932_lookalike(c: char) -> Option<char> {
    Some(match c {
        '\u{301C}' => '\u{FF5E}', // 〜 wave dash → ～
        '\u{2014}' => '\u{2015}', // — em dash → ―
        '\u{2016}' => '\u{2225}', // ‖ → ∥
        '\u{2212}' => '\u{FF0D}', // − minus → －
        '\u{00A2}' => '\u{FFE0}', // ¢ → ￠
        '\u{00A3}' => '\u{FFE1}', // £ → ￡
        '\u{00AC}' => '\u{FFE2}', // ¬ → ￢
        '\u{00A0}' => ' ',        // no-break space
        _ => return None,
    })
}

/// Text made encodable in CP932: look-alikes mapped, anything else unmappable → 〓. Returns
/// whether anything changed.
pub fn to_cp932_safe(text: &str) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut touched = false;
    let mut encoder = encoding_rs::SHIFT_JIS.new_encoder();
    let mut buf = [0u8; 16];
    for c in text.chars() {
        let c = match cp932_lookalike(c) {
            Some(m) => {
                touched = true;
                m
            }
            None => c,
        };
        let mut s = [0u8; 4];
        let (result, _, _) = encoder.encode_from_utf8_without_replacement(c.encode_utf8(&mut s), &mut buf, false);
        if matches!(result, encoding_rs::EncoderResult::Unmappable(_)) {
            out.push('〓');
            touched = true;
            encoder = encoding_rs::SHIFT_JIS.new_encoder();
        } else {
            out.push(c);
        }
    }
    (out, touched)
}

/// The csv writer's output: one record at a time, read back to be encoded and written to the file.
#[derive(Clone, Default)]
struct RecordBuffer(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Write for RecordBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A CSV file being written.
pub struct CsvOut {
    path: PathBuf,
    csv: csv::Writer<RecordBuffer>,
    record: RecordBuffer,
    file: BufWriter<File>,
    encoding: Encoding,
    /// Cells changed to fit CP932.
    pub touched: u64,
}

impl CsvOut {
    /// Creates the file; refuses to overwrite one that exists.
    pub fn create(path: &Path, encoding: Encoding) -> std::io::Result<CsvOut> {
        let file = super::aside::private_file(path)?;
        let mut file = BufWriter::with_capacity(1 << 16, file);
        if encoding == Encoding::Utf8Bom {
            file.write_all(b"\xEF\xBB\xBF")?;
        }
        let record = RecordBuffer::default();
        let csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(record.clone());
        Ok(CsvOut {
            path: path.to_path_buf(),
            csv,
            record,
            file,
            encoding,
            touched: 0,
        })
    }

    /// Writes a header or data row.
    fn write_row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        for cell in cells {
            if let Cell::Count(n) = cell {
                // The most frequent cell (0/1 columns, points): formatted on the stack.
                let mut digits = [0u8; 20];
                let mut at = std::io::Cursor::new(&mut digits[..]);
                write!(at, "{n}")?;
                let len = at.position() as usize;
                self.csv.write_field(&digits[..len])?;
                continue;
            }
            let text = cell.csv_text();
            if self.encoding == Encoding::Cp932 {
                let (safe, touched) = to_cp932_safe(&text);
                self.touched += u64::from(touched);
                self.csv.write_field(safe)?;
            } else {
                self.csv.write_field(text.as_bytes())?;
            }
        }
        self.csv.write_record(None::<&[u8]>)?;
        self.csv.flush()?;
        let mut bytes = self.record.0.borrow_mut();
        if self.encoding == Encoding::Cp932 {
            let text = std::str::from_utf8(&bytes).map_err(std::io::Error::other)?;
            let (encoded, _, _) = encoding_rs::SHIFT_JIS.encode(text);
            self.file.write_all(&encoded)?;
        } else {
            self.file.write_all(&bytes)?;
        }
        bytes.clear();
        Ok(())
    }
}

impl super::sink::Sink for CsvOut {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        self.write_row(cells)
    }

    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn finish(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        self.file.get_ref().sync_all()
    }

    fn touched(&self) -> u64 {
        self.touched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes_map_and_emoji_become_geta() {
        assert_eq!(to_cp932_safe("10〜20—‖−"), ("10～20―∥－".to_string(), true));
        assert_eq!(to_cp932_safe("髙①ｶﾞ"), ("髙①ｶﾞ".to_string(), false));
        assert_eq!(to_cp932_safe("😀𠮷"), ("〓〓".to_string(), true));
    }

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
