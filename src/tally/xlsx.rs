//! `--format xlsx`: the same tables as the CSV files, as sheets of one workbook (report.xlsx), with
//! numbers as numbers, percents formatted as percents, a native bar chart beside each choice,
//! scale, yes/no question, matrix row and text question's codes, column widths that fit Japanese text, and frozen header
//! rows. Text is always written as text, so formula-looking answers stay text.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartType, Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::csv::Cell;
use super::fold::{SUMMARY_HEADER, Tally};
use super::indicators::achieved_word;
use super::labels::word;
use super::sink::Sink;
use super::wrap_width;

/// The sheets, in workbook order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sheet {
    Indicators,
    Summary,
    Stats,
    FreeText,
    /// codes.csv: the answers sorted by code, when the survey has codes.
    Codes,
    Keywords,
    Responses,
    Crosstab,
}

impl Sheet {
    pub fn name(self, lang: &str) -> &'static str {
        let ja = lang == "ja";
        match self {
            Sheet::Indicators if ja => "指標",
            Sheet::Indicators => "Indicators",
            Sheet::Summary if ja => "単純集計",
            Sheet::Summary => "Summary",
            Sheet::Stats if ja => "統計",
            Sheet::Stats => "Statistics",
            Sheet::FreeText if ja => "自由記述",
            Sheet::FreeText => "Free text",
            Sheet::Codes if ja => "コード",
            Sheet::Codes => "Codes",
            Sheet::Keywords if ja => "キーワード",
            Sheet::Keywords => "Keywords",
            Sheet::Responses if ja => "回答一覧",
            Sheet::Responses => "Responses",
            Sheet::Crosstab if ja => "クロス集計",
            Sheet::Crosstab => "Crosstab",
        }
    }
}

/// How a time cell is shown in the workbook (a date-time value, local time).
const DATE_TIME: &str = "yyyy-mm-dd hh:mm:ss";

/// The workbook's zip compression level (1 fastest … 9).
const ZIP_LEVEL: u8 = 3;

/// The workbook's error as an I/O error, keeping the kind of a real I/O failure (a full disk must
/// still say "disk full").
fn io(e: XlsxError) -> std::io::Error {
    if let XlsxError::IoError(e) = e {
        return e;
    }
    // A zip or temporary-file error wraps the I/O error that caused it.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            return std::io::Error::new(io.kind(), e.to_string());
        }
        cause = c.source();
    }
    std::io::Error::other(e.to_string())
}

/// The workbook being written; its sheets are [`SheetSink`]s.
#[derive(Clone)]
pub struct Book {
    workbook: Rc<RefCell<Workbook>>,
    sheets: Vec<Sheet>,
    lang: String,
}

impl Book {
    /// A workbook with these sheets. Free text and responses are streamed (constant memory:
    /// rows go to a temporary file as they are written), so a million responses fit.
    pub fn new(sheets: &[Sheet], lang: &str) -> std::io::Result<Book> {
        let mut workbook = Workbook::new();
        // Deflate is most of a large workbook's time: level 1 saves about half of it against the
        // default 6, for a file about a third larger (BENCHMARKS.md).
        workbook.set_zip_compression_level(ZIP_LEVEL);
        for sheet in sheets {
            let ws = match sheet {
                Sheet::FreeText | Sheet::Responses => workbook.add_worksheet_with_constant_memory().map_err(io)?,
                _ => workbook.add_worksheet(),
            };
            ws.set_name(sheet.name(lang)).map_err(io)?;
            if matches!(sheet, Sheet::Indicators | Sheet::Summary) {
                // Printed for the evaluation meeting: the table and its charts one page wide.
                ws.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
            }
        }
        Ok(Book {
            workbook: Rc::new(RefCell::new(workbook)),
            sheets: sheets.to_vec(),
            lang: lang.to_string(),
        })
    }

    pub fn sink(&self, sheet: Sheet) -> SheetSink {
        SheetSink {
            book: self.clone(),
            sheet,
            row: 0,
            widths: Vec::new(),
            cut: 0,
            percent: Format::new().set_num_format("0.0%"),
            date_time: Format::new().set_num_format(DATE_TIME),
        }
    }

    fn with_sheet<T>(
        &self,
        sheet: Sheet,
        f: impl FnOnce(&mut Worksheet) -> Result<T, XlsxError>,
    ) -> std::io::Result<T> {
        let index = self
            .sheets
            .iter()
            .position(|s| *s == sheet)
            .ok_or_else(|| std::io::Error::other(format!("the workbook has no sheet {sheet:?}")))?;
        let mut book = self.workbook.borrow_mut();
        let ws = book.worksheet_from_index(index).map_err(io)?;
        f(ws).map_err(io)
    }

    /// The summary sheet: each item's rows with a bar chart of its counts beside them. Each block
    /// is given room for its chart, so charts never overlap.
    pub fn write_summary(&self, tally: &Tally) -> std::io::Result<()> {
        let name = Sheet::Summary.name(&self.lang);
        let mut sink = self.sink(Sheet::Summary);
        sink.header(SUMMARY_HEADER)?;
        const ROW_PX: u32 = 20;
        const MIN_ROWS: u32 = 9;
        for i in 0..tally.items.len() {
            let rows = tally.option_rows(i, &[0]);
            let first = sink.row;
            for r in &rows {
                sink.row(r)?;
            }
            let last_option = first + rows.len() as u32 - 1; // the 無回答 row is charted too
            let block = (rows.len() as u32).max(MIN_ROWS);
            let mut chart = Chart::new(ChartType::Bar);
            chart
                .add_series()
                .set_categories((name, first, 3, last_option, 3))
                .set_values((name, first, 4, last_option, 4));
            chart.title().set_name(tally.items[i].label.as_str());
            chart.legend().set_hidden();
            reads_top_down(&mut chart);
            chart.set_width(520).set_height(block * ROW_PX);
            self.with_sheet(Sheet::Summary, |ws| ws.insert_chart(first, 7, &chart).map(|_| ()))?;
            sink.row += block - rows.len() as u32 + 1;
        }
        sink.finish()
    }

    /// The indicators sheet (指標): indicators.csv's rows, the achieved column coloured (green
    /// 達成, red 未達成; the word itself carries the meaning in black-and-white print), and one
    /// bar chart of each indicator's result beside its target.
    pub fn write_indicators(&self, tally: &Tally) -> std::io::Result<()> {
        let name = Sheet::Indicators.name(&self.lang);
        let mut sink = self.sink(Sheet::Indicators);
        let header = tally.indicator_header();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        sink.header(&header)?;
        let results = tally.indicator_results(0);
        let rows = tally.indicator_table();
        const ACHIEVED: u16 = 8;
        let met = Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0x006100))
            .set_background_color(Color::RGB(0xC6EFCE));
        let missed = Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0x9C0006))
            .set_background_color(Color::RGB(0xFFC7CE));
        // Percents here are written as the survey's targets are (70 for 70 %), so that one chart
        // can show every indicator's result beside its target on one scale.
        let percent = Format::new().set_num_format("0.0\"%\"");
        for (r, result) in rows.iter().zip(&results) {
            let row = sink.row;
            sink.row(r)?;
            self.with_sheet(Sheet::Indicators, |ws| {
                for (col, cell) in r.iter().enumerate() {
                    if let Cell::Percent(x) = cell {
                        ws.write_number_with_format(row, col as u16, (x * 10.0).round() / 10.0, &percent)?;
                    }
                }
                if let Some(a) = result.achieved {
                    let format = if a { &met } else { &missed };
                    ws.write_string_with_format(row, ACHIEVED, achieved_word(&self.lang, a), format)?;
                }
                Ok(())
            })?;
        }
        let (first, last) = (1, rows.len() as u32);
        let mut chart = Chart::new(ChartType::Bar);
        for (col, series) in [
            (6, word(&self.lang, "実績値", "Result")),
            (4, word(&self.lang, "目標値", "Target")),
        ] {
            chart
                .add_series()
                .set_name(series)
                .set_categories((name, first, 1, last, 1))
                .set_values((name, first, col, last, col));
        }
        chart
            .title()
            .set_name(word(&self.lang, "目標値と実績値", "Targets and results"));
        reads_top_down(&mut chart);
        const ROW_PX: u32 = 20;
        chart
            .set_width(560)
            .set_height((rows.len() as u32 * 2 + 6).max(12) * ROW_PX);
        let beside = header.len() as u16 + 1;
        self.with_sheet(Sheet::Indicators, |ws| ws.insert_chart(0, beside, &chart).map(|_| ()))?;
        sink.finish()
    }

    /// Writes the workbook to `path` (refusing to overwrite). The file's first write error (a
    /// full disk) is the one reported: see [`FirstErrorOnly`].
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if path.exists() {
            return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "exists"));
        }
        let mut file = FirstErrorOnly {
            inner: std::io::BufWriter::new(std::fs::File::create(path)?),
            error: None,
        };
        let saved = self.workbook.borrow_mut().save_to_writer(&mut file).map_err(io);
        if let Some(e) = file.error.take() {
            return Err(e);
        }
        saved?;
        file.inner.into_inner().map_err(|e| e.into_error())?.sync_all()
    }
}

/// A writer that fails once, at its first error, and then takes (and drops) whatever it is
/// given. The zip writer inside the workbook library tries to finish the archive again when it
/// is dropped after a failed save, and prints `ZipWriter::drop: failed to finalize archive…` on
/// standard error (glued before koe's own message) when that fails too; here that second attempt
/// quietly succeeds, and the first error is the one reported.
struct FirstErrorOnly<W> {
    inner: W,
    error: Option<std::io::Error>,
}

impl<W: std::io::Write> std::io::Write for FirstErrorOnly<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_some() {
            return Ok(buf.len());
        }
        self.inner.write(buf).inspect_err(|e| self.error = Some(clone_io(e)))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.error.is_some() {
            return Ok(());
        }
        self.inner.flush().inspect_err(|e| self.error = Some(clone_io(e)))
    }
}

/// An I/O error's copy (its kind, OS code and text), kept to be reported after the save.
fn clone_io(e: &std::io::Error) -> std::io::Error {
    match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => std::io::Error::new(e.kind(), e.to_string()),
    }
}

/// Lays out a bar chart as a reader expects: the first category at the top (the category axis,
/// which is the vertical `y_axis` of a bar chart, reversed), bars growing rightwards from 0, and
/// the value axis kept at the bottom by crossing at the last ("maximum") category.
fn reads_top_down(chart: &mut Chart) {
    chart.y_axis().set_reverse().set_crossing(ChartAxisCrossing::Max);
}

/// One sheet, written row by row.
pub struct SheetSink {
    book: Book,
    sheet: Sheet,
    row: u32,
    /// The widest cell of each column so far, in display cells.
    widths: Vec<usize>,
    /// Texts cut at Excel's cell limit.
    cut: u64,
    /// The number formats of percent and time cells, made once (not for every row).
    percent: Format,
    date_time: Format,
}

/// The most UTF-16 units Excel keeps in one cell.
pub const MAX_CELL_TEXT: usize = 32_767;

/// A text as it fits in one workbook cell: whole, or cut at Excel's limit with a visible marker
/// (the CSV export keeps the whole text). The bool says whether it was cut.
pub fn fit_cell<'t>(text: &'t str, lang: &str) -> (std::borrow::Cow<'t, str>, bool) {
    let units = |s: &str| s.encode_utf16().count();
    if text.len() <= MAX_CELL_TEXT || units(text) <= MAX_CELL_TEXT {
        return (text.into(), false);
    }
    let marker = if lang == "ja" {
        "…（以下省略：全文は freetext.csv / responses.csv に）"
    } else {
        "… (cut here: the whole text is in the CSV export)"
    };
    let room = MAX_CELL_TEXT - units(marker);
    let mut used = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > room {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    (format!("{}{marker}", &text[..end]).into(), true)
}

impl Sink for SheetSink {
    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let row = self.row;
        for (col, cell) in cells.iter().enumerate() {
            let w = match cell {
                Cell::Text(t) => wrap_width(t),
                Cell::Empty => 0,
                Cell::Time(..) => DATE_TIME.len(),
                other => other.csv_text().len(),
            };
            if self.widths.len() <= col {
                self.widths.resize(col + 1, 0);
            }
            self.widths[col] = self.widths[col].max(w);
        }
        let lang = self.book.lang.as_str();
        let (percent, date_time) = (&self.percent, &self.date_time);
        let mut cut = 0;
        self.book.with_sheet(self.sheet, |ws| {
            for (col, cell) in cells.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(t) => {
                        let (fitted, was_cut) = fit_cell(t, lang);
                        cut += u64::from(was_cut);
                        ws.write_string(row, col, fitted.as_ref())?;
                    }
                    Cell::Number(n) => match n.parse::<f64>() {
                        Ok(x) => ws.write_number(row, col, x).map(|_| ())?,
                        Err(_) => ws.write_string(row, col, n.as_ref()).map(|_| ())?,
                    },
                    Cell::Count(n) => {
                        ws.write_number(row, col, *n as f64)?;
                    }
                    Cell::Decimal(x) => {
                        ws.write_number(row, col, (x * 100.0).round() / 100.0)?;
                    }
                    Cell::Percent(x) => {
                        ws.write_number_with_format(row, col, (x * 10.0).round() / 1000.0, percent)?;
                    }
                    Cell::Time(at, offset) => {
                        // Excel date-times have no zone: the local wall-clock time is written.
                        let t = offset.to_datetime(*at);
                        let excel = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
                            .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64))?;
                        ws.write_datetime_with_format(row, col, excel, date_time)?;
                    }
                    Cell::Empty => {}
                }
            }
            Ok(())
        })?;
        self.cut += cut;
        self.row += 1;
        Ok(())
    }

    fn name(&self) -> String {
        self.sheet.name(&self.book.lang).to_string()
    }

    fn cut(&self) -> u64 {
        self.cut
    }

    /// Column widths that fit the text (CJK characters count two), and a frozen header row.
    fn finish(&mut self) -> std::io::Result<()> {
        let widths = self.widths.clone();
        self.book.with_sheet(self.sheet, |ws| {
            for (col, w) in widths.iter().enumerate() {
                ws.set_column_width(col as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
            }
            ws.set_freeze_panes(1, 0)?;
            Ok(())
        })
    }
}
