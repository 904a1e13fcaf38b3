//! `--format xlsx`: the same tables as the CSV files, as sheets of one workbook (report.xlsx), made
//! to be printed for the evaluation meeting: numbers as numbers (the rounded figures the CSV files
//! write, so a number format never rounds them differently), headers in words, wrapped text in
//! readable columns, a native bar chart beside each choice, scale, yes/no question, matrix row and
//! text question's codes, sized so every option has a labelled bar, the cross-tabulation as a
//! 横%表, and every sheet set up to print landscape on A4, one page wide, header rows repeated,
//! the survey's title and export time above and page numbers below. Text is always written as
//! text, so formula-looking answers stay text.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartType, Color, ExcelDateTime, Format, FormatAlign,
    FormatBorder, ObjectMovement, Workbook, Worksheet, XlsxError,
};

use super::cell::Cell;
use super::fold::{SUMMARY_HEADER, Tally};
use super::headers;
use super::indicators::{INDICATORS_HEADER, achieved_word};
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

/// What every printed page says at its top: the survey and when it was exported.
#[derive(Clone, Debug)]
pub struct PageHeader {
    pub title: String,
    /// Local time, `2026-11-25 14:03`.
    pub exported_at: String,
}

impl PageHeader {
    /// The page header in Excel's header code: the title left, the export time right. `&` is
    /// Excel's code character, so a title's own `&` is doubled; Excel keeps at most 255 characters.
    fn code(&self, lang: &str) -> String {
        let title: String = self.title.replace('&', "&&").chars().take(150).collect();
        let time = format!("{} {}", word(lang, "出力", "Exported"), self.exported_at);
        format!("&L{title}&R{time}")
    }
}

/// The page footer: "page / pages" in the middle.
const FOOTER: &str = "&C&P / &N";

/// The widest a column gets, in characters (a longer text wraps inside it).
const MAX_COLUMN: f64 = 50.0;
/// The height of one line of text in a row, in points (Excel's default row).
const LINE_POINTS: f64 = 15.0;

/// How many lines a text takes in a column of [`MAX_COLUMN`] (its own column is at least as wide
/// as the text up to that width, so this is the most it wraps into): each line break, and each
/// run longer than the column.
fn wrapped_lines(text: &str) -> usize {
    let room = (MAX_COLUMN as usize).saturating_sub(4);
    let lines: usize = text.lines().map(|l| wrap_width(l).div_ceil(room).max(1)).sum();
    lines.clamp(1, 40)
}

/// The workbook being written; its sheets are [`SheetSink`]s.
#[derive(Clone)]
pub struct Book {
    workbook: Rc<RefCell<Workbook>>,
    sheets: Vec<Sheet>,
    lang: String,
}

/// Sets a sheet up to print: landscape A4, one page wide (as many tall as it needs), the first
/// row repeated on every page, the survey and export time above, page numbers below.
fn print_setup(ws: &mut Worksheet, page: &PageHeader, lang: &str) -> Result<(), XlsxError> {
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_header(page.code(lang))
        .set_footer(FOOTER);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

impl Book {
    /// A workbook with these sheets. Free text and responses are streamed (constant memory:
    /// rows go to a temporary file as they are written), so a million responses fit.
    pub fn new(sheets: &[Sheet], lang: &str, page: &PageHeader) -> std::io::Result<Book> {
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
            print_setup(ws, page, lang).map_err(io)?;
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
            percent: Format::new().set_num_format("0.0%").set_align(FormatAlign::Top),
            date_time: Format::new().set_num_format(DATE_TIME).set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            number: Format::new().set_align(FormatAlign::Top),
            head: header_format(),
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
    /// is given the rows its chart needs, so charts never overlap, and charts keep their size
    /// when wrapped rows grow taller.
    pub fn write_summary(&self, tally: &Tally) -> std::io::Result<()> {
        let name = Sheet::Summary.name(&self.lang);
        let mut sink = self.sink(Sheet::Summary);
        sink.header(SUMMARY_HEADER)?;
        for i in 0..tally.items.len() {
            let rows = tally.option_rows(i, &[0]);
            let first = sink.row;
            for r in &rows {
                sink.row(r)?;
            }
            let last_option = first + rows.len() as u32 - 1; // the 無回答 row is charted too
            let most = tally.option_counts(i, 0).iter().map(|o| o.count).max().unwrap_or(0);
            let size = ChartSize::of(&tally.items[i].label, rows.len());
            let mut chart = Chart::new(ChartType::Bar);
            chart
                .add_series()
                .set_categories((name, first, 3, last_option, 3))
                .set_values((name, first, 4, last_option, 4))
                .set_data_label(ChartDataLabel::new().show_value())
                .set_gap(60);
            titled(&mut chart, &tally.items[i].label);
            chart.legend().set_hidden();
            reads_top_down(&mut chart);
            count_axis(&mut chart, most);
            size.apply(&mut chart);
            self.with_sheet(Sheet::Summary, |ws| ws.insert_chart(first, 7, &chart).map(|_| ()))?;
            sink.row = first + size.rows().max(rows.len() as u32) + 1;
        }
        sink.finish()
    }

    /// The indicators sheet (指標): indicators.csv's rows in words, the achieved column coloured
    /// (green 達成, red 未達成; the word itself carries the meaning in black-and-white print),
    /// and a bar chart of the percent indicators' results beside their targets, drawn from a
    /// small table of them below (counts and means are read in the table: on a percent axis
    /// 200 responses would dwarf every percent, and a mean of 2.93 would vanish).
    pub fn write_indicators(&self, tally: &Tally) -> std::io::Result<()> {
        let name = Sheet::Indicators.name(&self.lang);
        let lang = self.lang.as_str();
        let mut sink = self.sink(Sheet::Indicators);
        let mut header: Vec<String> = INDICATORS_HEADER.iter().map(|h| headers::column(h, lang)).collect();
        let result = headers::column("result", lang);
        header.extend(tally.groups.labels().iter().map(|g| format!("{g} {result}")));
        sink.words(&header)?;
        let results = tally.indicator_results(0);
        let rows = tally.indicator_table();
        const MEASURE: usize = 3;
        const DIRECTION: usize = 5;
        const ACHIEVED: u16 = 8;
        let met = Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0x006100))
            .set_background_color(Color::RGB(0xC6EFCE));
        let missed = Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0x9C0006))
            .set_background_color(Color::RGB(0xFFC7CE));
        // Percents here are written as the survey's targets are (70 for 70 %), so that the chart
        // shows each result beside its target on one scale.
        let percent = Format::new().set_num_format("0.0\"%\"").set_align(FormatAlign::Top);
        for (r, result) in rows.iter().zip(&results) {
            let row = sink.row;
            let mut cells = r.clone();
            for col in [MEASURE, DIRECTION] {
                if let Cell::Text(t) = &cells[col] {
                    cells[col] = Cell::text(headers::value(t, lang));
                }
            }
            sink.row(&cells)?;
            self.write_percents(row, r.iter().enumerate().map(|(col, c)| (col as u16, c)), &percent)?;
            self.with_sheet(Sheet::Indicators, |ws| {
                if let Some(a) = result.achieved {
                    let format = if a { &met } else { &missed };
                    ws.write_string_with_format(row, ACHIEVED, achieved_word(lang, a), format)?;
                }
                Ok(())
            })?;
        }
        let charted: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.indicator.measure.is_percent())
            .map(|(i, _)| i)
            .collect();
        if charted.is_empty() {
            return sink.finish();
        }
        // The chart's own table: the percent indicators' results and targets.
        sink.row += 1;
        let first = sink.row + 1;
        sink.words(&[
            word(lang, "割合の指標（グラフ）", "Percent indicators (chart)").to_string(),
            headers::column("result", lang),
            headers::column("target", lang),
        ])?;
        const TEXT: usize = 1;
        const TARGET: usize = 4;
        const RESULT: usize = 6;
        for &i in &charted {
            let cells = [rows[i][TEXT].clone(), rows[i][RESULT].clone(), rows[i][TARGET].clone()];
            let row = sink.row;
            sink.row(&cells)?;
            self.write_percents(row, cells.iter().enumerate().map(|(col, c)| (col as u16, c)), &percent)?;
        }
        let last = sink.row - 1;
        let mut chart = Chart::new(ChartType::Bar);
        for (col, series) in [(1, word(lang, "実績値", "Result")), (2, word(lang, "目標値", "Target"))] {
            chart
                .add_series()
                .set_name(series)
                .set_categories((name, first, 0, last, 0))
                .set_values((name, first, col, last, col))
                .set_data_label(ChartDataLabel::new().show_value());
        }
        titled(&mut chart, word(lang, "目標値と実績値（%）", "Targets and results (%)"));
        reads_top_down(&mut chart);
        chart
            .x_axis()
            .set_min(0)
            .set_max(100)
            .set_major_unit(20)
            .set_num_format("0\"%\"");
        let size = ChartSize::of("", charted.len() * 2);
        size.apply(&mut chart);
        self.with_sheet(Sheet::Indicators, |ws| {
            ws.insert_chart(first - 1, 4, &chart).map(|_| ())
        })?;
        sink.finish()
    }

    /// Rewrites the percent cells among `cells` (column, cell) of 指標's `row` as the survey's
    /// targets are written, 70 for 70 % (`format` shows `70.0%`), so results and targets compare.
    fn write_percents<'c>(
        &self,
        row: u32,
        cells: impl Iterator<Item = (u16, &'c Cell<'c>)>,
        format: &Format,
    ) -> std::io::Result<()> {
        self.with_sheet(Sheet::Indicators, |ws| {
            for (col, cell) in cells {
                if let Cell::Percent(x) = cell {
                    ws.write_number_with_format(row, col, x.value(), format)?;
                }
            }
            Ok(())
        })
    }

    /// The cross-tabulation sheet (クロス集計), laid out as Japanese reports do (横%表): for each
    /// item a title row, then its options across the top and the groups down the side (全体
    /// first, each with its n), row percents; below it the same table of counts.
    pub fn write_crosstab(&self, tally: &Tally) -> std::io::Result<()> {
        let lang = self.lang.as_str();
        let mut sink = self.sink(Sheet::Crosstab);
        let by = match &tally.groups {
            super::fold::Groups::Question { item, .. } => tally.items[*item].label.clone(),
            _ => headers::column("session", lang),
        };
        sink.title(&format!("{}: {by}", word(lang, "クロス集計（表側）", "Crosstab by")))?;
        let groups = tally.crosstab_groups();
        for i in 0..tally.items.len() {
            let it = &tally.items[i];
            sink.row += 1;
            sink.title(&format!("{} {}", it.id, it.label))?;
            let options = tally.option_counts(i, 0);
            for (unit, percents) in [
                (headers::column("percent", lang), true),
                (headers::column("count", lang), false),
            ] {
                let mut head = vec![format!("{} ({unit})", headers::column("group", lang)), "n".to_string()];
                head.extend(options.iter().map(|o| o.label.to_string()));
                sink.words(&head)?;
                for &(g, label) in &groups {
                    let mut cells = vec![Cell::text(label), Cell::Count(tally.counts[i].base[g])];
                    cells.extend(tally.option_counts(i, g).into_iter().map(|o| {
                        if percents {
                            Cell::percent(o.percent)
                        } else {
                            Cell::Count(o.count)
                        }
                    }));
                    sink.row(&cells)?;
                }
            }
        }
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
/// the value axis kept at the bottom by crossing at the last ("maximum") category. Labels in 9
/// points: with [`ChartSize`]'s band for each bar, no label is dropped as crowded.
fn reads_top_down(chart: &mut Chart) {
    let mut font = ChartFont::new();
    font.set_size(9);
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&font);
}

/// A chart's title in a modest font, never laid over the plot.
fn titled(chart: &mut Chart, title: &str) {
    let mut font = ChartFont::new();
    font.set_size(10).set_bold();
    chart.title().set_name(title).set_font(&font).set_overlay(false);
}

/// The count axis of a bar chart: from 0, in whole steps (never 0.5 of a person), about five of
/// them up to `most`.
fn count_axis(chart: &mut Chart, most: u64) {
    let step = nice_step(most);
    chart
        .x_axis()
        .set_min(0)
        .set_major_unit(step as f64)
        .set_num_format("0");
}

/// A whole step of 1, 2 or 5 × 10^k giving at most about six gridlines up to `most`.
fn nice_step(most: u64) -> u64 {
    let mut step = 1;
    loop {
        for k in [1, 2, 5] {
            if most / (step * k) <= 6 {
                return step * k;
            }
        }
        step *= 10;
    }
}

/// A chart's size in pixels from what it shows: a band for each bar (so each option keeps a
/// labelled bar however many there are), room for the title's lines and the axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartSize {
    pub width: u32,
    pub height: u32,
}

impl ChartSize {
    const WIDTH: u32 = 520;
    /// Height of one bar's band, enough for a 9-point label.
    const PER_BAR: u32 = 24;
    /// Height of one line of the 10-point title.
    const PER_TITLE_LINE: u32 = 18;
    /// The value axis, its labels and the chart's margins.
    const FRAME: u32 = 60;
    /// Display cells of title per line at this width.
    const TITLE_CELLS: usize = 60;
    /// The sheet's default row height in pixels.
    const ROW_PX: u32 = 20;

    pub fn of(title: &str, bars: usize) -> ChartSize {
        let lines = wrap_width(title).div_ceil(Self::TITLE_CELLS).max(1) as u32;
        let bars = bars.max(2) as u32;
        ChartSize {
            width: Self::WIDTH,
            height: Self::FRAME + lines * Self::PER_TITLE_LINE + bars * Self::PER_BAR,
        }
    }

    /// Sheet rows the chart covers at the default row height.
    pub fn rows(self) -> u32 {
        self.height.div_ceil(Self::ROW_PX)
    }

    fn apply(self, chart: &mut Chart) {
        chart
            .set_width(self.width)
            .set_height(self.height)
            .set_object_movement(ObjectMovement::MoveButDontSizeWithCells);
    }
}

/// The header row's look: bold, wrapped, on a light band with a rule below, so it reads as the
/// table's header on every printed page.
fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin)
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
    /// The formats of percent, time, text, number and header cells, made once (not for every
    /// row). Text wraps, so a comment with line breaks shows every line.
    percent: Format,
    date_time: Format,
    text: Format,
    number: Format,
    head: Format,
}

impl SheetSink {
    /// A header row already in words (bold, on a band); its widths count like any row's.
    fn words(&mut self, names: &[String]) -> std::io::Result<()> {
        let row = self.row;
        for (col, n) in names.iter().enumerate() {
            self.widen(col, wrap_width(n).min(20));
        }
        let head = &self.head;
        self.book.with_sheet(self.sheet, |ws| {
            for (col, n) in names.iter().enumerate() {
                ws.write_string_with_format(row, col as u16, n, head)?;
            }
            Ok(())
        })?;
        self.row += 1;
        Ok(())
    }

    /// A title line in bold that runs on across the empty cells beside it (no wrap, no effect
    /// on the column's width): a crosstab item's question above its table.
    fn title(&mut self, text: &str) -> std::io::Result<()> {
        let row = self.row;
        let bold = Format::new().set_bold();
        self.book.with_sheet(self.sheet, |ws| {
            ws.write_string_with_format(row, 0, text, &bold).map(|_| ())
        })?;
        self.row += 1;
        Ok(())
    }

    fn widen(&mut self, col: usize, w: usize) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        self.widths[col] = self.widths[col].max(w);
    }
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
    /// The header row in words (設問, 選択肢, 件数 … or English), never the CSV's column ids.
    fn header(&mut self, names: &[&str]) -> std::io::Result<()> {
        let lang = self.book.lang.clone();
        let words: Vec<String> = names.iter().map(|n| headers::column(n, &lang)).collect();
        self.words(&words)
    }

    fn row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let row = self.row;
        for (col, cell) in cells.iter().enumerate() {
            let w = match cell {
                Cell::Text(t) => wrap_width(t),
                Cell::Empty => 0,
                Cell::Time(..) => DATE_TIME.len(),
                other => other.csv_text().len(),
            };
            self.widen(col, w);
        }
        let lines = cells
            .iter()
            .map(|c| match c {
                Cell::Text(t) => wrapped_lines(t),
                _ => 1,
            })
            .max()
            .unwrap_or(1);
        let lang = self.book.lang.as_str();
        let (percent, date_time, text, number) = (&self.percent, &self.date_time, &self.text, &self.number);
        let mut cut = 0;
        self.book.with_sheet(self.sheet, |ws| {
            if lines > 1 {
                // Spreadsheets keep a row one line tall unless told: a wrapped text's row is made
                // as tall as its lines (before its cells, as a streamed sheet requires).
                ws.set_row_height(row, LINE_POINTS * lines as f64)?;
            }
            for (col, cell) in cells.iter().enumerate() {
                let col = col as u16;
                match cell {
                    Cell::Text(t) => {
                        let (fitted, was_cut) = fit_cell(t, lang);
                        cut += u64::from(was_cut);
                        ws.write_string_with_format(row, col, fitted.as_ref(), text)?;
                    }
                    Cell::Number(n) => match n.parse::<f64>() {
                        Ok(x) => ws.write_number_with_format(row, col, x, number).map(|_| ())?,
                        Err(_) => ws.write_string_with_format(row, col, n.as_ref(), text).map(|_| ())?,
                    },
                    Cell::Count(n) => {
                        ws.write_number_with_format(row, col, *n as f64, number)?;
                    }
                    // The rounded figures themselves: a number format shows them as they are.
                    Cell::Decimal(x) => {
                        ws.write_number_with_format(row, col, x.value(), number)?;
                    }
                    Cell::Percent(x) => {
                        ws.write_number_with_format(row, col, x.fraction(), percent)?;
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

    /// Column widths that fit the text (CJK characters count two) up to a readable width, past
    /// which text wraps (a long question over two or three lines); and a frozen header row.
    fn finish(&mut self) -> std::io::Result<()> {
        let widths = self.widths.clone();
        self.book.with_sheet(self.sheet, |ws| {
            for (col, w) in widths.iter().enumerate() {
                ws.set_column_width(col as u16, (*w as f64 + 2.0).clamp(6.0, MAX_COLUMN))?;
            }
            ws.set_freeze_panes(1, 0)?;
            Ok(())
        })
    }
}
