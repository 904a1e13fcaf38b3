//! Writing CSV for Excel in Japan: RFC 4180 quoting (the csv crate), UTF-8 with a BOM by default,
//! or CP932 with look-alike mapping and 〓 for what cannot be mapped; the CSV-injection guard on
//! text cells only.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::Encoding;
use super::cell::Cell;

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
}
