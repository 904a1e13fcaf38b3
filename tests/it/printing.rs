//! The workbook as staff print it for the evaluation meeting (SPEC, Export files: the workbook
//! list): council-feedback with 200 responses. Structural checks on the unzipped XML always run
//! (page setup, repeated header rows, page header and footer, headers in words, wrapped text,
//! chart sizes and axes); a render with LibreOffice counts the printed pages and looks for every
//! chart label when `soffice` is installed, and says it was skipped otherwise.

use crate::common;
use crate::common::sheets;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use koe::store::Store;
use koe::survey::shown::visibility;
use koe::survey::{Survey, load_file};
use koe::tally::{ExportOptions, Format, export};

/// One respondent's answers: a random sheet with every shown required question answered.
fn response(survey: &Survey, rng: &mut sheets::Rng) -> serde_json::Map<String, serde_json::Value> {
    loop {
        let answers = sheets::sheet(survey, rng);
        let shown = visibility(survey, &answers);
        let complete = survey
            .questions
            .iter()
            .enumerate()
            .all(|(i, q)| !q.required || !shown[i] || answers.contains_key(&q.id));
        if complete {
            return answers;
        }
    }
}

/// council-feedback's report.xlsx from 200 responses, in `lang`, optionally by `--by`.
fn report(lang: &str, by: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let survey = load_file(&common::surveys_dir().join("council-feedback.json")).unwrap();
    let mut rng = sheets::Rng::new(26);
    let mut lines = String::new();
    for _ in 0..200 {
        let answers = response(&survey, &mut rng);
        lines.push_str(&serde_json::json!({ "answers": answers }).to_string());
        lines.push('\n');
    }
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "s", |e| panic!("{e:?}")).unwrap();
    let out = dir.path().join("out");
    export(
        &store,
        &survey,
        &ExportOptions {
            out: Some(out.clone()),
            format: Format::Xlsx,
            by: by.map(String::from),
            lang: Some(lang.into()),
            tz: jiff::tz::TimeZone::get("Asia/Tokyo").unwrap(),
            ..ExportOptions::default()
        },
    )
    .unwrap();
    (dir, out.join("report.xlsx"))
}

/// The workbook's parts by name, as text.
fn parts(path: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().unwrap().to_string(), text)
        })
        .collect()
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    &parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"))
        .1
}

/// The value of `attr="…"` in the first element `<tag …>` of `xml`.
fn attr<'a>(xml: &'a str, tag: &str, attr: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{tag} "))?;
    let element = &xml[start..start + xml[start..].find('>')?];
    let at = element.find(&format!(" {attr}=\""))? + attr.len() + 3;
    Some(&element[at..at + element[at..].find('"')?])
}

#[test]
fn every_sheet_prints_landscape_on_a4_one_page_wide_with_titles_and_page_numbers() {
    let (_d, path) = report("ja", Some("sector"));
    let parts = parts(&path);
    let sheets: Vec<&(String, String)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(
        sheets.len(),
        8,
        "指標 単純集計 統計 自由記述 コード キーワード 回答一覧 クロス集計"
    );
    for (name, xml) in sheets {
        assert_eq!(attr(xml, "pageSetup", "orientation"), Some("landscape"), "{name}");
        assert_eq!(attr(xml, "pageSetup", "paperSize"), Some("9"), "{name}: A4");
        assert_eq!(
            attr(xml, "pageSetup", "fitToHeight"),
            Some("0"),
            "{name}: pages tall as needed"
        );
        assert_eq!(
            attr(xml, "pageSetUpPr", "fitToPage"),
            Some("1"),
            "{name}: one page wide"
        );
        assert!(
            xml.contains("<oddHeader>&amp;L協議の場 参加者アンケート&amp;R出力 "),
            "{name}"
        );
        assert!(xml.contains("<oddFooter>&amp;C&amp;P / &amp;N</oddFooter>"), "{name}");
    }
    let workbook = part(&parts, "xl/workbook.xml");
    assert_eq!(
        workbook.matches("name=\"_xlnm.Print_Titles\"").count(),
        8,
        "the header row repeats on every printed page of every sheet"
    );
}

#[test]
fn headers_are_words_and_text_wraps() {
    let (_d, path) = report("ja", None);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let summary = book.worksheet_range("単純集計").unwrap();
    let head: Vec<Data> = summary.rows().next().unwrap().to_vec();
    let words = ["設問番号", "設問", "選択肢の値", "選択肢", "件数", "割合"];
    assert_eq!(head, words.map(|w| Data::String(w.into())).to_vec());
    let indicators = book.worksheet_range("指標").unwrap();
    let cells: Vec<String> = indicators.rows().flatten().map(ToString::to_string).collect();
    for id in ["top2_percent", "at_least", "indicator_id", "measure"] {
        assert!(!cells.iter().any(|c| c == id), "{id} shown as an id on 指標");
    }
    assert!(cells.iter().any(|c| c == "上位2段階の割合") && cells.iter().any(|c| c == "以上"));

    let (_e, english) = report("en", None);
    let mut book: Xlsx<_> = open_workbook(&english).unwrap();
    let stats = book.worksheet_range("Statistics").unwrap();
    let head: Vec<String> = stats.rows().next().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(head[..5], ["Question ID", "Question", "n", "No answer", "Mean"]);

    // Text cells wrap: a comment's every line shows, a long question stays in its column.
    let parts = parts(&path);
    let styles = part(&parts, "xl/styles.xml");
    assert!(styles.contains("wrapText=\"1\""), "a wrapping cell style");
    let free_text = part(&parts, "xl/worksheets/sheet4.xml");
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap()
        .split("<xf ")
        .skip(1)
        .collect();
    let comment = attr(free_text, "c r=\"F2\"", "s").expect("a styled comment cell");
    assert!(
        xfs[comment.parse::<usize>().unwrap()].contains("wrapText=\"1\""),
        "comments wrap"
    );
}

/// The number between `<tag>` and `</tag>` in `xml`.
fn number(xml: &str, tag: &str) -> u64 {
    let start = xml.find(&format!("<{tag}>")).unwrap() + tag.len() + 2;
    xml[start..start + xml[start..].find('<').unwrap()].parse().unwrap()
}

/// The charts of 単純集計 (the second sheet, after 指標; its drawing is the second), each as
/// (height in pixels from its anchor, categories). An anchor spans rows: 20 px each, or the
/// height the sheet gives a taller (wrapped) row; offsets are in EMU, 9525 a pixel.
fn summary_chart_heights(parts: &[(String, String)]) -> Vec<(u64, usize)> {
    let sheet = part(parts, "xl/worksheets/sheet2.xml");
    let mut tall = std::collections::HashMap::new();
    for row in sheet.split("<row ").skip(1) {
        let row = &row[..row.find('>').unwrap()];
        if let (Some(r), Some(ht)) = (
            attr(&format!("<row {row}>"), "row", "r"),
            attr(&format!("<row {row}>"), "row", "ht"),
        ) {
            let px = (ht.parse::<f64>().unwrap() * 4.0 / 3.0).round() as u64;
            tall.insert(r.parse::<u64>().unwrap() - 1, px);
        }
    }
    let row_px = |r: u64| *tall.get(&r).unwrap_or(&20);
    let drawing = part(parts, "xl/drawings/drawing2.xml");
    drawing
        .split("<xdr:twoCellAnchor")
        .skip(1)
        .enumerate()
        .map(|(i, a)| {
            let (from, to) = a.split_once("<xdr:to>").unwrap();
            let (first, last) = (number(from, "xdr:row"), number(to, "xdr:row"));
            let height = (first..last).map(row_px).sum::<u64>() + number(to, "xdr:rowOff") / 9525
                - number(from, "xdr:rowOff") / 9525;
            // Chart 1 is 指標's; 単純集計's follow.
            let xml = part(parts, &format!("xl/charts/chart{}.xml", i + 2));
            let points: usize = attr(xml, "c:ptCount", "val").unwrap_or("0").parse().unwrap();
            (height, points)
        })
        .collect()
}

#[test]
fn charts_grow_with_their_options_and_count_in_whole_steps() {
    let (_d, path) = report("ja", None);
    let parts = parts(&path);
    let heights = &summary_chart_heights(&parts);
    assert!(heights.len() >= 6, "{heights:?}");
    // Each bar gets a band of 24 px (a 9-point label), beside the title's lines and the axis.
    for (height, points) in heights {
        assert!(
            *height >= 60 + 18 + 24 * *points as u64,
            "{height} px for {points} bars: {heights:?}"
        );
    }
    let fewest = heights.iter().min_by_key(|h| h.1).unwrap();
    let most = heights.iter().max_by_key(|h| h.1).unwrap();
    assert!(most.0 > fewest.0, "{heights:?}");
    for (name, xml) in parts.iter().filter(|(n, _)| n.starts_with("xl/charts/chart")) {
        let title = &xml[xml.find("<c:title>").unwrap()..xml.find("</c:title>").unwrap()];
        assert!(
            title.contains("sz=\"1000\"") && !title.contains("<c:overlay val=\"1\"/>"),
            "{name}: a 10-point title above the plot"
        );
        let unit: f64 = attr(xml, "c:majorUnit", "val").unwrap().parse().unwrap();
        assert_eq!(unit.fract(), 0.0, "{name}: whole steps");
    }
}

#[test]
fn the_indicator_chart_shows_only_percent_indicators() {
    let (_d, path) = report("ja", None);
    let parts = parts(&path);
    let (name, chart) = parts
        .iter()
        .find(|(n, x)| n.starts_with("xl/charts/chart") && x.contains("目標値と実績値"))
        .unwrap();
    // Four of council-feedback's five indicators are percents; 回答者数 (a count) is not charted.
    assert_eq!(attr(chart, "c:ptCount", "val"), Some("4"), "{name}");
    assert!(!chart.contains("回答者数"), "{name}");
}

/// Whether a program is on the PATH (LibreOffice, poppler).
fn installed(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok()
}

#[test]
fn rendered_by_libreoffice_the_report_prints_on_few_pages_with_every_label() {
    if !installed("soffice") || !installed("pdfinfo") || !installed("pdftotext") {
        eprintln!("skipped: LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext) are not installed");
        return;
    }
    let (dir, path) = report("ja", Some("sector"));
    let pdf_dir = dir.path().join("pdf");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("lo-profile").display()
    );
    let status = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf_dir)
        .arg(&path)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let pdf = pdf_dir.join("report.pdf");
    let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    eprintln!("council-feedback, 200 responses, --by sector: {pages} pages");
    assert!(
        pages <= 40,
        "{pages} pages (97 before the print set-up, with these responses)"
    );
    let text = String::from_utf8(
        Command::new("pdftotext")
            .args(["-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    // A topic is printed once in 単純集計's table and twice in クロス集計's (percents, counts):
    // a fourth time is its bar's label in the chart.
    for label in ["家族支援", "就労支援"] {
        let seen = text.matches(label).count();
        assert!(seen >= 4, "{label} printed {seen} times");
    }
}
