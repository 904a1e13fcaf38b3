//! `--format xlsx`: the workbook opened with calamine (sheets, values as numbers, percents as
//! fractions with a percent format, formula-looking text kept as text) and unzipped (one native
//! chart per counted item, frozen header rows).

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use koe::store::Store;
use koe::survey::load_file;
use koe::tally::{ExportOptions, Format, export};

fn workbook(lang: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let survey = load_file(&fixtures.join("every-type.json")).unwrap();
    let lines = std::fs::read_to_string(fixtures.join("every-type.jsonl")).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "s", |e| panic!("{e:?}")).unwrap();
    let out = dir.path().join("out");
    let report = export(
        &store,
        &survey,
        &ExportOptions {
            out: Some(out.clone()),
            format: Format::Xlsx,
            by: Some("session".into()),
            lang: Some(lang.into()),
            tz: jiff::tz::TimeZone::get("Asia/Tokyo").unwrap(),
            ..ExportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(report.files, vec![out.join("report.xlsx")]);
    (dir, out.join("report.xlsx"))
}

fn find_row(range: &calamine::Range<Data>, first: &str, third: &str) -> Vec<Data> {
    range
        .rows()
        .find(|r| r[0] == Data::String(first.into()) && r[2] == Data::String(third.into()))
        .unwrap_or_else(|| panic!("no row {first}/{third}"))
        .to_vec()
}

#[test]
fn the_workbook_has_every_sheet_numbers_as_numbers_and_text_as_text() {
    let (_dir, path) = workbook("ja");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["単純集計", "統計", "自由記述", "キーワード", "回答一覧", "クロス集計"]
    );
    let summary = book.worksheet_range("単純集計").unwrap();
    assert_eq!(
        summary.get((0, 0)),
        Some(&Data::String("設問番号".into())),
        "headers in words"
    );
    let gov = find_row(&summary, "role", "gov");
    assert_eq!(gov[3], Data::String("行政".into()));
    assert_eq!(gov[4], Data::Float(3.0), "a count is a number");
    assert_eq!(
        gov[5],
        Data::Float(0.6),
        "60.0 % is stored as 0.6 with a percent format"
    );
    let stats = book.worksheet_range("統計").unwrap();
    let useful = stats
        .rows()
        .find(|r| r[0] == Data::String("useful".into()))
        .unwrap()
        .to_vec();
    assert_eq!(useful[4], Data::Float(2.67));
    let free = book.worksheet_range("自由記述").unwrap();
    let texts: Vec<String> = free.rows().skip(1).map(|r| r[5].to_string()).collect();
    assert!(
        texts.contains(&"=SUM(A1)".to_string()),
        "formula-looking text stays text: {texts:?}"
    );
    assert!(texts.contains(&"時間が短い\n\"引用\",カンマ".to_string()));
    let responses = book.worksheet_range("回答一覧").unwrap();
    assert_eq!(responses.height(), 6);
    let people = responses
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|c| *c == Data::String("people".into()))
        .unwrap();
    assert_eq!(responses.get((2, people)), Some(&Data::Float(20.0)));
    let cross = book.worksheet_range("クロス集計").unwrap();
    // 横%表: options across the top, groups down the side (全体 first, each with its n).
    let rows: Vec<&[Data]> = cross.rows().collect();
    let head = rows
        .iter()
        .position(|r| r[0] == Data::String("区分 (割合)".into()))
        .unwrap();
    assert_eq!(rows[head][1], Data::String("n".into()));
    let side: Vec<String> = rows[head + 1..head + 4].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(side, ["全体", "A", "B"]);
    assert!(matches!(rows[head + 1][1], Data::Float(n) if n > 0.0), "全体's n");
    assert_eq!(rows[head + 4][0], Data::String("区分 (件数)".into()), "counts below");
}

#[test]
fn one_native_bar_chart_per_counted_item_and_frozen_headers() {
    let (_dir, path) = workbook("ja");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let charts = names
        .iter()
        .filter(|n| n.starts_with("xl/charts/chart") && n.ends_with(".xml"))
        .count();
    // role, topics, useful, again, grid/a, grid/b
    assert_eq!(charts, 6, "{names:?}");
    let mut chart = String::new();
    zip.by_name("xl/charts/chart1.xml")
        .unwrap()
        .read_to_string(&mut chart)
        .unwrap();
    assert!(chart.contains("<c:barChart>"), "a bar chart");
    assert!(chart.contains("単純集計"), "its data come from the summary sheet");
    for i in 1..=6 {
        let mut sheet = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{i}.xml"))
            .unwrap()
            .read_to_string(&mut sheet)
            .unwrap();
        assert!(sheet.contains(r#"state="frozen""#), "sheet {i} has a frozen header row");
        assert!(sheet.contains("<col "), "sheet {i} has column widths");
    }
}

#[test]
fn english_sheet_names_with_lang_en() {
    let (_dir, path) = workbook("en");
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Statistics",
            "Free text",
            "Keywords",
            "Responses",
            "Crosstab"
        ]
    );
}

/// Days from Excel's epoch (1899-12-30) to a local wall-clock time: what a date-time cell holds.
fn excel_serial(local: jiff::civil::DateTime) -> f64 {
    let epoch = jiff::civil::date(1899, 12, 30).at(0, 0, 0, 0);
    epoch.duration_until(local).as_secs_f64() / 86_400.0
}

#[test]
fn time_cells_are_excel_date_times_in_local_time() {
    let (_dir, path) = workbook("ja");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let responses = book.worksheet_range("回答一覧").unwrap();
    let header: Vec<String> = responses.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let submitted = header.iter().position(|h| h == "送信日時").unwrap();
    let first = responses.get((1, submitted)).unwrap();
    let Data::DateTime(at) = first else {
        panic!("submitted_at is not a date: {first:?}")
    };
    assert!(at.is_datetime());
    // Imported as 2026-11-20T10:00:00+09:00: Tokyo's wall clock, not UTC's 01:00.
    let want = excel_serial(jiff::civil::date(2026, 11, 20).at(10, 0, 0, 0));
    assert!((at.as_f64() - want).abs() < 1e-6, "{} != {want}", at.as_f64());
    let free = book.worksheet_range("自由記述").unwrap();
    let cell = free.get((1, 4)).unwrap();
    assert!(matches!(cell, Data::DateTime(_)), "freetext submitted_at: {cell:?}");
}
