//! `koe export`: one pass over the stored responses, folded into per-item counters, statistics and
//! keyword counts while responses.csv and freetext.csv are written row by row; the summary files
//! are written at the end. Memory grows with questions, choices and distinct values, not with the
//! number of responses.

use std::path::PathBuf;

use serde_json::Value;

use super::columns::Columns;
use super::csv::{Cell, CsvOut};
use super::items::{Item, hits, item_value, items};
use super::keywords::Keywords;
use super::labels;
use super::stats::Histogram;
use super::{Encoding, ExportError};
use crate::store::Store;
use crate::store::scan::{Filter, Scanned};
use crate::survey::answer::other_text;
use crate::survey::flow::visibility;
use crate::survey::{Kind, Survey};

/// What to export.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub sessions: Vec<String>,
    /// A question id, or "session".
    pub by: Option<String>,
    pub out: Option<PathBuf>,
    pub encoding: Encoding,
    pub include_partial: bool,
    /// The language of labels; the survey's default when `None`.
    pub lang: Option<String>,
    /// Where `exports/` is when `out` is not given.
    pub exports_dir: PathBuf,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            sessions: Vec::new(),
            by: None,
            out: None,
            encoding: Encoding::Utf8Bom,
            include_partial: false,
            lang: None,
            exports_dir: PathBuf::from("exports"),
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
}

/// Counts of one item, overall (index 0) and per cross-tabulation group (1..).
#[derive(Clone, Debug)]
struct ItemCounts {
    base: Vec<u64>,
    answered: Vec<u64>,
    options: Vec<Vec<u64>>,
}

/// How responses are grouped for crosstab_<by>.csv.
enum Groups {
    None,
    Session(Vec<String>),
    Question { item: usize, labels: Vec<String> },
}

impl Groups {
    fn labels(&self) -> &[String] {
        match self {
            Groups::None => &[],
            Groups::Session(l) | Groups::Question { labels: l, .. } => l,
        }
    }
}

/// The statistics rows: scale, number and matrix-row questions, and rank choices.
struct StatRow {
    id: String,
    label: String,
    question: usize,
    kind: StatKind,
    hist: Histogram,
    base: u64,
    answered: u64,
}

enum StatKind {
    Point {
        row: Option<String>,
        top2_from: Option<f64>,
    },
    Number,
    Rank(String),
}

/// A text item of freetext.csv and keywords.csv: a text question, or the "other" of a choice.
struct TextItem {
    id: String,
    label: String,
    question: usize,
    other: bool,
}

/// The folder for this export: `--out`, or a new `exports/<survey>-<time>` that never reuses an
/// existing folder.
fn output_dir(survey: &Survey, opts: &ExportOptions) -> Result<PathBuf, ExportError> {
    if let Some(out) = &opts.out {
        std::fs::create_dir_all(out).map_err(|e| ExportError::io(out, e))?;
        return Ok(out.clone());
    }
    std::fs::create_dir_all(&opts.exports_dir).map_err(|e| ExportError::io(&opts.exports_dir, e))?;
    let stamp = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S").to_string();
    for n in 1.. {
        let name = if n == 1 {
            format!("{}-{stamp}", survey.id)
        } else {
            format!("{}-{stamp}-{n}", survey.id)
        };
        let dir = opts.exports_dir.join(name);
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(ExportError::io(&dir, e)),
        }
    }
    unreachable!("an unused folder name is always found")
}

/// Exports one survey's responses. `survey` is the definition whose labels and rules are used.
pub fn export(store: &Store, survey: &Survey, opts: &ExportOptions) -> Result<ExportReport, ExportError> {
    let lang = opts.lang.clone().unwrap_or_else(|| survey.default_lang().to_string());
    if !survey.languages.contains(&lang) {
        return Err(ExportError::Invalid(format!(
            "--lang {lang}: {} is written in {}",
            survey.id,
            survey.languages.join(", ")
        )));
    }
    let filter = Filter {
        survey_id: survey.id.clone(),
        sessions: opts.sessions.clone(),
        include_partial: opts.include_partial,
    };
    let items = items(survey, &lang);
    let groups = match opts.by.as_deref() {
        None => Groups::None,
        Some("session") => Groups::Session(store.session_labels(&filter)?),
        Some(qid) => {
            let i = items.iter().position(|it| it.id == qid).ok_or_else(|| {
                let usable: Vec<&str> = items
                    .iter()
                    .filter(|it| it.row.is_none())
                    .map(|it| it.id.as_str())
                    .collect();
                ExportError::Invalid(format!(
                    "--by {qid}: not a choice, scale or yes/no question of {} (use one of: session, {})",
                    survey.id,
                    usable.join(", ")
                ))
            })?;
            Groups::Question {
                item: i,
                labels: items[i].options.iter().map(|(_, l)| l.clone()).collect(),
            }
        }
    };
    if !opts.sessions.is_empty() {
        let known = store.session_labels(&Filter {
            sessions: Vec::new(),
            ..filter.clone()
        })?;
        if let Some(unknown) = opts.sessions.iter().find(|s| !known.contains(s)) {
            return Err(ExportError::Invalid(format!(
                "--session {unknown:?}: no such session of {} (sessions: {})",
                survey.id,
                known.join(", ")
            )));
        }
    }
    let dir = output_dir(survey, opts)?;
    let mut report = ExportReport {
        dir: dir.clone(),
        ..ExportReport::default()
    };
    let open = |name: &str| -> Result<CsvOut, ExportError> {
        let path = dir.join(name);
        CsvOut::create(&path, opts.encoding).map_err(|e| ExportError::io(&path, e))
    };
    let n_groups = 1 + groups.labels().len();
    let mut counts: Vec<ItemCounts> = items
        .iter()
        .map(|it| ItemCounts {
            base: vec![0; n_groups],
            answered: vec![0; n_groups],
            options: vec![vec![0; it.options.len()]; n_groups],
        })
        .collect();
    let mut stats = stat_rows(survey, &lang);
    let texts = text_items(survey, &lang);
    let columns = Columns::new(survey);

    let mut responses_csv = open("responses.csv")?;
    let mut header: Vec<&str> = vec!["response_id", "session", "started_at", "submitted_at", "status"];
    header.extend(columns.headers().iter().map(String::as_str));
    write(&mut responses_csv, |w| w.header(&header))?;
    let mut freetext_csv = open("freetext.csv")?;
    write(&mut freetext_csv, |w| {
        w.header(&[
            "question_id",
            "question",
            "response_id",
            "session",
            "submitted_at",
            "text",
        ])
    })?;

    let mut row: Vec<Cell> = Vec::new();
    let mut hit: Vec<usize> = Vec::new();
    let mut member: Vec<usize> = Vec::new();
    // Word segmentation is the slowest part of an export: it runs on its own thread, fed texts
    // in batches, and hands back the keyword counts at the end.
    let (text_sender, text_receiver) = std::sync::mpsc::sync_channel::<Vec<(usize, String)>>(8);
    let n_texts = texts.len();
    let keyword_worker = std::thread::spawn(move || {
        let mut keywords = vec![Keywords::default(); n_texts];
        for batch in text_receiver {
            for (i, text) in batch {
                keywords[i].add(&text);
            }
        }
        keywords
    });
    let mut text_batch: Vec<(usize, String)> = Vec::new();
    let scanned = store.scan_responses(&filter, |r: &Scanned| -> Result<(), ExportError> {
        report.responses += 1;
        let shown = visibility(survey, &r.answers);
        // Each question's answer by index, hidden ones left out: one lookup per question.
        let answer_of: Vec<Option<&Value>> = survey
            .questions
            .iter()
            .zip(&shown)
            .map(|(q, shown)| if *shown { r.answers.get(&q.id) } else { None })
            .collect();
        // The groups this response belongs to (index 0 is everyone).
        member.clear();
        member.push(0);
        match &groups {
            Groups::None => {}
            Groups::Session(labels) => member.extend(labels.iter().position(|l| *l == r.session).map(|i| i + 1)),
            Groups::Question { item, .. } => {
                let it = &items[*item];
                if let Some(v) = answer_of[it.question] {
                    hit.clear();
                    hits(it, v, &mut hit);
                    member.extend(hit.iter().map(|h| h + 1));
                }
            }
        }
        for (it, c) in items.iter().zip(counts.iter_mut()) {
            if !shown[it.question] {
                continue;
            }
            hit.clear();
            if let Some(v) = answer_of[it.question].and_then(|a| item_value(it, a)) {
                hits(it, v, &mut hit);
            }
            for &g in &member {
                c.base[g] += 1;
                if !hit.is_empty() {
                    c.answered[g] += 1;
                }
                for &h in &hit {
                    c.options[g][h] += 1;
                }
            }
        }
        for s in &mut stats {
            fold_stat(s, &shown, &answer_of);
        }
        for (i, t) in texts.iter().enumerate() {
            let Some(text) = text_of(t, &answer_of) else {
                continue;
            };
            text_batch.push((i, text.to_string()));
            if text_batch.len() >= 1024 {
                // A closed channel means the worker died; its panic is reported at the join.
                let _ = text_sender.send(std::mem::take(&mut text_batch));
            }
            write(&mut freetext_csv, |w| {
                w.row(&[
                    Cell::text(t.id.as_str()),
                    Cell::text(t.label.as_str()),
                    Cell::text(r.id.as_str()),
                    Cell::text(r.session.as_str()),
                    r.submitted_at.as_deref().map_or(Cell::Empty, Cell::text),
                    Cell::text(text),
                ])
            })?;
        }
        row.clear();
        row.extend([
            Cell::text(r.id.as_str()),
            Cell::text(r.session.as_str()),
            Cell::text(r.started_at.as_str()),
            r.submitted_at.as_deref().map_or(Cell::Empty, Cell::text),
            Cell::text(r.status.as_str()),
        ]);
        // Hidden questions stay empty even if an answer was stored before they became hidden.
        columns.cells(&answer_of, &mut row);
        write(&mut responses_csv, |w| w.row(&row))
    });
    let _ = text_sender.send(text_batch);
    drop(text_sender);
    let keywords = keyword_worker
        .join()
        .map_err(|_| ExportError::Invalid("keyword counting failed".into()))?;
    scanned?;

    let mut summary = open("summary.csv")?;
    write(&mut summary, |w| {
        w.header(&["question_id", "question", "option_value", "option", "count", "percent"])
    })?;
    for (it, c) in items.iter().zip(&counts) {
        for (row_cells, _) in option_rows(it, c, &lang, &[0]) {
            write(&mut summary, |w| w.row(&row_cells))?;
        }
    }
    let mut stats_csv = open("stats.csv")?;
    write(&mut stats_csv, |w| {
        w.header(&[
            "question_id",
            "question",
            "n",
            "no_answer",
            "mean",
            "median",
            "sd",
            "min",
            "max",
            "top2_percent",
        ])
    })?;
    for s in &stats {
        let st = s.hist.stats();
        let top2 = match s.kind {
            StatKind::Point {
                top2_from: Some(from), ..
            } if st.n > 0 => Some(s.hist.at_least(from) as f64 * 100.0 / st.n as f64),
            _ => None,
        };
        write(&mut stats_csv, |w| {
            w.row(&[
                Cell::text(s.id.as_str()),
                Cell::text(s.label.as_str()),
                Cell::int(st.n),
                Cell::int(s.base - s.answered),
                Cell::decimal(st.mean),
                Cell::decimal(st.median),
                Cell::decimal(st.sd),
                Cell::decimal(st.min),
                Cell::decimal(st.max),
                Cell::percent(top2),
            ])
        })?;
    }
    let mut keywords_csv = open("keywords.csv")?;
    write(&mut keywords_csv, |w| {
        w.header(&["question_id", "question", "term", "responses", "percent", "example"])
    })?;
    for (t, k) in texts.iter().zip(&keywords) {
        for (term, n, example) in k.top() {
            let pct = n as f64 * 100.0 / k.answers.max(1) as f64;
            write(&mut keywords_csv, |w| {
                w.row(&[
                    Cell::text(t.id.as_str()),
                    Cell::text(t.label.as_str()),
                    Cell::text(term),
                    Cell::int(n),
                    Cell::percent(Some(pct)),
                    Cell::text(example),
                ])
            })?;
        }
    }
    let mut outputs = vec![summary, stats_csv, freetext_csv, keywords_csv, responses_csv];
    if let Some(by) = &opts.by {
        let mut crosstab = open(&format!("crosstab_{by}.csv"))?;
        let mut head: Vec<String> = ["question_id", "question", "option_value", "option"]
            .map(String::from)
            .to_vec();
        for g in groups.labels() {
            head.push(format!("{g} n"));
            head.push(format!("{g} %"));
        }
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        write(&mut crosstab, |w| w.header(&head))?;
        let all: Vec<usize> = (1..n_groups).collect();
        for (it, c) in items.iter().zip(&counts) {
            for (row_cells, _) in option_rows(it, c, &lang, &all) {
                write(&mut crosstab, |w| w.row(&row_cells))?;
            }
        }
        outputs.push(crosstab);
    }
    for out in outputs {
        let path = out.path().to_path_buf();
        let (path, touched) = out.finish().map_err(|e| ExportError::io(&path, e))?;
        report.touched += touched;
        report.files.push(path);
    }
    Ok(report)
}

/// Runs a write on a CSV file, naming the file if it fails.
fn write(out: &mut CsvOut, f: impl FnOnce(&mut CsvOut) -> std::io::Result<()>) -> Result<(), ExportError> {
    let path = out.path().to_path_buf();
    f(out).map_err(|e| ExportError::io(&path, e))
}

/// The option rows of an item (then its no-answer row), with count and percent per group.
fn option_rows(it: &Item, c: &ItemCounts, lang: &str, groups: &[usize]) -> Vec<(Vec<Cell>, ())> {
    let pct = |n: u64, g: usize| (c.base[g] > 0).then(|| n as f64 * 100.0 / c.base[g] as f64);
    let mut rows = Vec::new();
    let lead = |value: &str, label: &str| {
        vec![
            Cell::text(it.id.as_str()),
            Cell::text(it.label.as_str()),
            Cell::text(value),
            Cell::text(label),
        ]
    };
    for (o, (value, label)) in it.options.iter().enumerate() {
        let mut cells = lead(value, label);
        for &g in groups {
            cells.push(Cell::int(c.options[g][o]));
            cells.push(Cell::percent(pct(c.options[g][o], g)));
        }
        rows.push((cells, ()));
    }
    let mut cells = lead("", labels::no_answer(lang));
    for &g in groups {
        let n = c.base[g] - c.answered[g];
        cells.push(Cell::int(n));
        cells.push(Cell::percent(pct(n, g)));
    }
    rows.push((cells, ()));
    rows
}

fn stat_rows(survey: &Survey, lang: &str) -> Vec<StatRow> {
    let mut out = Vec::new();
    for (qi, q) in survey.questions.iter().enumerate() {
        let text = survey.tr(&q.text, lang);
        let mut push = |id: String, label: String, kind: StatKind| {
            out.push(StatRow {
                id,
                label,
                question: qi,
                kind,
                hist: Histogram::default(),
                base: 0,
                answered: 0,
            })
        };
        match &q.kind {
            Kind::Scale(s) => push(
                q.id.clone(),
                text.to_string(),
                StatKind::Point {
                    row: None,
                    top2_from: Some((s.max - 1) as f64),
                },
            ),
            Kind::Number { .. } => push(q.id.clone(), text.to_string(), StatKind::Number),
            Kind::Matrix { rows, scale } => {
                for r in rows {
                    push(
                        format!("{}/{}", q.id, r.id),
                        format!("{text} / {}", survey.tr(&r.text, lang)),
                        StatKind::Point {
                            row: Some(r.id.clone()),
                            top2_from: Some((scale.max - 1) as f64),
                        },
                    );
                }
            }
            Kind::Rank { choices, .. } => {
                for c in choices {
                    push(
                        format!("{}/{}", q.id, c.value),
                        format!("{text} / {}", survey.tr(&c.label, lang)),
                        StatKind::Rank(c.value.clone()),
                    );
                }
            }
            _ => {}
        }
    }
    out
}

fn fold_stat(s: &mut StatRow, shown: &[bool], answer_of: &[Option<&Value>]) {
    if !shown[s.question] {
        return;
    }
    s.base += 1;
    let Some(answer) = answer_of[s.question] else {
        return;
    };
    match &s.kind {
        StatKind::Point { row, .. } => {
            let v = match row {
                Some(r) => answer.get(r),
                None => Some(answer),
            };
            if let Some(v) = v {
                s.answered += 1;
                if let Some(x) = v.as_f64() {
                    s.hist.add(x);
                }
            }
        }
        StatKind::Number => {
            s.answered += 1;
            if let Some(x) = answer.as_f64() {
                s.hist.add(x);
            }
        }
        StatKind::Rank(value) => {
            s.answered += 1;
            if let Value::Array(items) = answer
                && let Some(p) = items.iter().position(|i| i.as_str() == Some(value))
            {
                s.hist.add((p + 1) as f64);
            }
        }
    }
}

fn text_items(survey: &Survey, lang: &str) -> Vec<TextItem> {
    let mut out = Vec::new();
    for (qi, q) in survey.questions.iter().enumerate() {
        let text = survey.tr(&q.text, lang).to_string();
        if matches!(q.kind, Kind::Text { .. }) {
            out.push(TextItem {
                id: q.id.clone(),
                label: text,
                question: qi,
                other: false,
            });
        } else if q.kind.has_other() {
            out.push(TextItem {
                id: format!("{}/other", q.id),
                label: format!("{text} / {}", labels::other(lang)),
                question: qi,
                other: true,
            });
        }
    }
    out
}

fn text_of<'a>(t: &TextItem, answer_of: &[Option<&'a Value>]) -> Option<&'a str> {
    let answer = answer_of[t.question]?;
    if !t.other {
        return answer.as_str();
    }
    match answer {
        Value::Array(items) => items.iter().find_map(|i| other_text(i).ok()),
        v => other_text(v).ok(),
    }
}
