//! `koe export`: one pass over the stored responses, folded into the [`Tally`] while the
//! responses and free-text tables are written row by row; the summary tables are written at the
//! end. Memory grows with questions, choices and distinct values, not with the number of
//! responses.

use std::path::{Path, PathBuf};

use super::aside::{Aside, make_private};
use super::cell::Cell;
use super::codes::{CODES_HEADER, CodedAnswers};
use super::columns::Columns;
use super::csv::CsvOut;
use super::fold::{
    COOCCURRENCE_HEADER, CROSSTAB_HEADER, FREETEXT_HEADER, Groups, KEYWORDS_HEADER, KWIC_HEADER, STATS_HEADER,
    SUMMARY_HEADER, Tally,
};
use super::keywords::{Keywords, Vocabulary};
use super::sink::Sink;
use super::xlsx::{Book, Sheet};
use super::{Encoding, ExportError, Format};
use crate::store::Store;
use crate::store::scan::{Filter, Scanned};
use crate::survey::Survey;

/// What to export.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub sessions: Vec<String>,
    /// A question id, or "session".
    pub by: Option<String>,
    pub out: Option<PathBuf>,
    pub encoding: Encoding,
    pub include_partial: bool,
    /// 練習モード responses too (status `practice`); they are kept apart by default.
    pub include_practice: bool,
    /// The language of labels; the survey's default when `None`.
    pub lang: Option<String>,
    pub format: Format,
    /// Where `exports/` is when `out` is not given.
    pub exports_dir: PathBuf,
    /// The zone times are written in (this computer's by default); stored times are UTC.
    pub tz: jiff::tz::TimeZone,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            sessions: Vec::new(),
            by: None,
            out: None,
            encoding: Encoding::Utf8Bom,
            include_partial: false,
            include_practice: false,
            lang: None,
            format: Format::Csv,
            exports_dir: crate::paths::exports(),
            tz: crate::localtime::zone(),
        }
    }
}

/// What an export wrote.
#[derive(Clone, Debug, Default)]
pub struct ExportReport {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
    pub responses: u64,
    /// Cells changed to fit CP932 (look-alikes mapped, or 〓).
    pub touched: u64,
    /// Workbook cells cut at Excel's limit of 32,767 characters (the CSV keeps every text whole).
    pub cut: u64,
    /// Exported paper sheets not yet verified by a second entry.
    pub unverified: u64,
}

/// The folder this export will be moved into: `--out` (new, or an empty folder: an export is
/// never mixed with older files), or a new `exports/<survey>-<time>` that never reuses a name.
fn output_dir(survey: &Survey, opts: &ExportOptions) -> Result<PathBuf, ExportError> {
    if let Some(out) = &opts.out {
        if out.is_file() {
            return Err(ExportError::Invalid(crate::say!(
                data::ExportOutIsFile,
                out = out.display()
            )));
        }
        if let Ok(mut entries) = std::fs::read_dir(out)
            && entries.next().is_some()
        {
            return Err(ExportError::Invalid(crate::say!(
                data::ExportOutNotEmpty,
                out = out.display()
            )));
        }
        return Ok(out.clone());
    }
    let stamp = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S").to_string();
    for n in 1.. {
        let name = if n == 1 {
            format!("{}-{stamp}", survey.id)
        } else {
            format!("{}-{stamp}-{n}", survey.id)
        };
        let dir = opts.exports_dir.join(name);
        if !dir.exists() {
            return Ok(dir);
        }
    }
    unreachable!("an unused folder name is always found")
}

/// Now in the local zone, `2026-11-25 14:03`, for the workbook's printed page header.
fn exported_at(tz: &jiff::tz::TimeZone) -> String {
    let now = jiff::Timestamp::now();
    let t = tz.to_offset(now).to_datetime(now);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// The file name of the crosstab by a question, a matrix row (`items/newsletter` →
/// `crosstab_items-newsletter.csv`) or the session. Ids are `[A-Za-z0-9_-]`, at most 64 long.
pub fn crosstab_file(by: &str) -> String {
    let safe: String = by
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("crosstab_{safe}.csv")
}

/// Checks the options against the survey and the stored sessions; returns the label language,
/// the filter and the cross-tabulation groups.
pub fn prepare(store: &Store, survey: &Survey, opts: &ExportOptions) -> Result<(String, Filter, Groups), ExportError> {
    let lang = opts.lang.clone().unwrap_or_else(|| survey.default_lang().to_string());
    if !survey.languages.contains(&lang) {
        return Err(ExportError::Invalid(crate::say!(
            data::ExportNoSuchLanguage,
            lang = lang,
            survey = survey.id,
            languages = survey.languages.join(", ")
        )));
    }
    let filter = Filter {
        survey_id: survey.id.clone(),
        sessions: opts.sessions.clone(),
        include_partial: opts.include_partial,
        include_practice: opts.include_practice,
    };
    if !opts.sessions.is_empty() {
        let known = store.session_labels(&Filter {
            sessions: Vec::new(),
            ..filter.clone()
        })?;
        if let Some(unknown) = opts.sessions.iter().find(|s| !known.contains(s)) {
            return Err(ExportError::Invalid(crate::say!(
                data::ExportNoSuchSession,
                label = format!("{unknown:?}"),
                survey = survey.id,
                labels = known.join(", ")
            )));
        }
    }
    let groups = match opts.by.as_deref() {
        None => Groups::None,
        Some(by) => {
            Tally::groups_by(survey, &lang, by, store.session_labels(&filter)?).map_err(ExportError::Invalid)?
        }
    };
    Ok((lang, filter, groups))
}

/// The tables of an export, as CSV files or as sheets of one workbook.
struct Outputs {
    /// None for a workbook: it writes its summary sheet itself, beside the charts.
    summary: Option<Box<dyn Sink>>,
    /// indicators.csv, when the survey has indicators (a workbook writes its 指標 sheet itself).
    indicators: Option<Box<dyn Sink>>,
    stats: Box<dyn Sink>,
    freetext: Box<dyn Sink>,
    /// codes.csv, when the survey has codes.
    codes: Option<Box<dyn Sink>>,
    keywords: Box<dyn Sink>,
    /// kwic.csv and cooccurrence.csv (CSV only: the workbook keeps to the sheets SPEC lists).
    kwic: Option<Box<dyn Sink>>,
    cooccurrence: Option<Box<dyn Sink>>,
    responses: Box<dyn Sink>,
    crosstab: Option<Box<dyn Sink>>,
    book: Option<Book>,
}

fn outputs(dir: &std::path::Path, opts: &ExportOptions, lang: &str, survey: &Survey) -> Result<Outputs, ExportError> {
    let by = opts.by.as_deref();
    let indicators = !survey.indicators.is_empty();
    let codes = !survey.codes.is_empty();
    if opts.format == Format::Xlsx {
        let mut sheets = Vec::new();
        if indicators {
            sheets.push(Sheet::Indicators);
        }
        sheets.extend([Sheet::Summary, Sheet::Stats, Sheet::FreeText]);
        if codes {
            sheets.push(Sheet::Codes);
        }
        sheets.extend([Sheet::Keywords, Sheet::Responses]);
        if by.is_some() {
            sheets.push(Sheet::Crosstab);
        }
        let page = super::xlsx::PageHeader {
            title: survey.tr(&survey.title, lang).to_string(),
            exported_at: exported_at(&opts.tz),
        };
        let book = Book::new(&sheets, lang, &page).map_err(|e| ExportError::io(&dir.join("report.xlsx"), e))?;
        let sink = |s| -> Box<dyn Sink> { Box::new(book.sink(s)) };
        return Ok(Outputs {
            summary: None,
            indicators: None,
            stats: sink(Sheet::Stats),
            freetext: sink(Sheet::FreeText),
            codes: codes.then(|| sink(Sheet::Codes)),
            keywords: sink(Sheet::Keywords),
            kwic: None,
            cooccurrence: None,
            responses: sink(Sheet::Responses),
            crosstab: None,
            book: Some(book),
        });
    }
    let open = |name: &str| -> Result<Box<dyn Sink>, ExportError> {
        let path = dir.join(name);
        Ok(Box::new(
            CsvOut::create(&path, opts.encoding).map_err(|e| ExportError::io(&path, e))?,
        ))
    };
    Ok(Outputs {
        indicators: indicators.then(|| open("indicators.csv")).transpose()?,
        summary: Some(open("summary.csv")?),
        stats: open("stats.csv")?,
        freetext: open("freetext.csv")?,
        codes: codes.then(|| open("codes.csv")).transpose()?,
        keywords: open("keywords.csv")?,
        kwic: Some(open("kwic.csv")?),
        cooccurrence: Some(open("cooccurrence.csv")?),
        responses: open("responses.csv")?,
        crosstab: by.map(|by| open(&crosstab_file(by))).transpose()?,
        book: None,
    })
}

/// Runs a write on a table, naming the table if it fails.
fn write(sink: &mut dyn Sink, f: impl FnOnce(&mut dyn Sink) -> std::io::Result<()>) -> Result<(), ExportError> {
    // The name is asked only on failure: this runs for every row.
    f(&mut *sink).map_err(|e| ExportError::io(std::path::Path::new(&sink.name()), e))
}

/// Exports one survey's responses. `survey` is the definition whose labels and rules are used.
/// The files are written aside and moved into place whole (see [`super::aside`]).
pub fn export(store: &Store, survey: &Survey, opts: &ExportOptions) -> Result<ExportReport, ExportError> {
    export_observed(store, survey, opts, &mut |_| {})
}

/// [`export`], calling `written` with the number of responses written so far after each one:
/// the home screen's export thread reports its progress by it (and a test slows it down).
pub fn export_observed(
    store: &Store,
    survey: &Survey,
    opts: &ExportOptions,
    written: &mut dyn FnMut(u64),
) -> Result<ExportReport, ExportError> {
    let (lang, filter, groups) = prepare(store, survey, opts)?;
    let target = output_dir(survey, opts)?;
    let aside = Aside::create(&target).map_err(|e| ExportError::io(&target, e))?;
    // Messages name the files where they were to appear, not the hidden folder.
    let staging = aside.path().to_path_buf();
    let shown = |p: &Path| {
        p.strip_prefix(&staging)
            .map_or_else(|_| p.to_path_buf(), |rel| target.join(rel))
    };
    let mut report =
        write_files(store, survey, opts, &lang, filter, groups, &staging, written).map_err(|e| match e {
            ExportError::Io { file, message } => ExportError::Io {
                file: shown(&file),
                message,
            },
            other => other,
        })?;
    aside.commit().map_err(|e| ExportError::io(&target, e))?;
    report.dir = target.clone();
    report.files = report.files.iter().map(|f| shown(f)).collect();
    Ok(report)
}

/// Writes every file of the export into `dir`; `written` hears of each response written.
#[allow(clippy::too_many_arguments)]
fn write_files(
    store: &Store,
    survey: &Survey,
    opts: &ExportOptions,
    lang: &str,
    filter: Filter,
    groups: Groups,
    dir: &Path,
    written: &mut dyn FnMut(u64),
) -> Result<ExportReport, ExportError> {
    let lang = lang.to_string();
    let dir = dir.to_path_buf();
    let mut out = outputs(&dir, opts, &lang, survey)?;
    let mut tally = Tally::new(survey, &lang, groups);
    let columns = Columns::new(survey);

    let mut header: Vec<&str> = vec![
        "response_id",
        "session",
        "started_at",
        "submitted_at",
        "status",
        "sheet",
        "verified",
    ];
    header.extend(columns.headers().iter().map(String::as_str));
    let row_len = header.len();
    write(out.responses.as_mut(), |w| w.header(&header))?;
    write(out.freetext.as_mut(), |w| w.header(FREETEXT_HEADER))?;

    // The keyword terms are stored with each response (see `crate::terms`): counting them here,
    // where the texts and terms are at hand, costs less than copying them to another thread.
    let mut keywords = vec![Keywords::new(Vocabulary::of(survey)); tally.texts.len()];
    let mut coded = out.codes.is_some().then(|| CodedAnswers::new(&tally));
    let mut unverified = 0;
    let scanned = store.scan_responses(&filter, survey, |r: &Scanned| -> Result<(), ExportError> {
        let answer_of = tally.add(r);
        if let Some(coded) = coded.as_mut() {
            coded.add(&tally, &answer_of, &r.id, &r.session);
        }
        for (i, t) in tally.texts.iter().enumerate() {
            let Some(text) = t.text_of(&answer_of) else { continue };
            keywords[i].add_response(&r.id, text, t.stored_terms(r));
            write(out.freetext.as_mut(), |w| {
                w.row(&[
                    Cell::text(t.id.as_str()),
                    Cell::text(t.label.as_str()),
                    Cell::text(r.id.as_str()),
                    Cell::text(r.session.as_str()),
                    Cell::time(r.submitted_at.as_deref(), &opts.tz),
                    Cell::text(text),
                ])
            })?;
        }
        // A new row each time: its cells borrow this response.
        let mut row = Vec::with_capacity(row_len);
        row.extend([
            Cell::text(r.id.as_str()),
            Cell::text(r.session.as_str()),
            Cell::time(Some(r.started_at.as_str()), &opts.tz),
            Cell::time(r.submitted_at.as_deref(), &opts.tz),
            Cell::text(r.status.as_str()),
            r.sheet.as_deref().map_or(Cell::Empty, Cell::text),
            match r.sheet {
                Some(_) => Cell::text(if r.verified { "true" } else { "false" }),
                None => Cell::Empty,
            },
        ]);
        if r.sheet.is_some() && !r.verified {
            unverified += 1;
        }
        // Hidden questions stay empty even if an answer was stored before they became hidden.
        columns.cells(&answer_of, &mut row);
        write(out.responses.as_mut(), |w| w.row(&row))?;
        written(tally.responses);
        Ok(())
    });
    scanned?;

    if let Some(indicators) = out.indicators.as_mut() {
        let head = tally.indicator_header();
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        write(indicators.as_mut(), |w| w.header(&head))?;
        for r in tally.indicator_table() {
            write(indicators.as_mut(), |w| w.row(&r))?;
        }
    } else if let Some(book) = out.book.as_ref().filter(|_| !survey.indicators.is_empty()) {
        book.write_indicators(&tally)
            .map_err(|e| ExportError::io(&dir.join("report.xlsx"), e))?;
    }
    if let Some(summary) = out.summary.as_mut() {
        write(summary.as_mut(), |w| w.header(SUMMARY_HEADER))?;
        for i in 0..tally.items.len() {
            for r in tally.option_rows(i, &[0]) {
                write(summary.as_mut(), |w| w.row(&r))?;
            }
        }
    } else if let Some(book) = &out.book {
        book.write_summary(&tally)
            .map_err(|e| ExportError::io(&dir.join("report.xlsx"), e))?;
    }
    write(out.stats.as_mut(), |w| w.header(STATS_HEADER))?;
    for r in tally.stat_table() {
        write(out.stats.as_mut(), |w| w.row(&r))?;
    }
    if let (Some(sink), Some(coded)) = (out.codes.as_mut(), &coded) {
        write(sink.as_mut(), |w| w.header(CODES_HEADER))?;
        for r in coded.table(&tally) {
            write(sink.as_mut(), |w| w.row(&r))?;
        }
    }
    write(out.keywords.as_mut(), |w| w.header(KEYWORDS_HEADER))?;
    for r in tally.keyword_table(&keywords) {
        write(out.keywords.as_mut(), |w| w.row(&r))?;
    }
    if let Some(kwic) = out.kwic.as_mut() {
        write(kwic.as_mut(), |w| w.header(KWIC_HEADER))?;
        for r in tally.kwic_table(&keywords) {
            write(kwic.as_mut(), |w| w.row(&r))?;
        }
    }
    if let Some(pairs) = out.cooccurrence.as_mut() {
        write(pairs.as_mut(), |w| w.header(COOCCURRENCE_HEADER))?;
        for r in tally.cooccurrence_table(&keywords) {
            write(pairs.as_mut(), |w| w.row(&r))?;
        }
    }
    if let Some(crosstab) = out.crosstab.as_mut() {
        write(crosstab.as_mut(), |w| w.header(CROSSTAB_HEADER))?;
        for i in 0..tally.items.len() {
            for r in tally.crosstab_rows(i) {
                write(crosstab.as_mut(), |w| w.row(&r))?;
            }
        }
    } else if let Some(book) = out.book.as_ref().filter(|_| opts.by.is_some()) {
        book.write_crosstab(&tally)
            .map_err(|e| ExportError::io(&dir.join("report.xlsx"), e))?;
    }

    let mut report = ExportReport {
        dir: dir.clone(),
        responses: tally.responses,
        unverified,
        ..ExportReport::default()
    };
    let mut sinks: Vec<Box<dyn Sink>> = out.indicators.into_iter().chain(out.summary).collect();
    sinks.extend([out.stats, out.freetext]);
    sinks.extend(out.codes);
    sinks.push(out.keywords);
    sinks.extend(out.kwic.into_iter().chain(out.cooccurrence));
    sinks.push(out.responses);
    sinks.extend(out.crosstab);
    for sink in &mut sinks {
        write(sink.as_mut(), |w| w.finish())?;
        report.touched += sink.touched();
        report.cut += sink.cut();
        if out.book.is_none() {
            report.files.push(PathBuf::from(sink.name()));
        }
    }
    if let Some(book) = out.book {
        let path = dir.join("report.xlsx");
        book.save(&path).map_err(|e| ExportError::io(&path, e))?;
        make_private(&path).map_err(|e| ExportError::io(&path, e))?;
        report.files.push(path);
    }
    Ok(report)
}
