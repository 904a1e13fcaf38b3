//! One rounding rule (SPEC, Export files: Rounding): figures that fall exactly on a rounding tie
//! are rounded half away from zero on their exact decimal value, and the same digits appear in
//! the CSV files, in the workbook and on the results screen; an indicator is achieved on the
//! rounded figure people read.
//!
//! 32 responses: 10 of 32 say yes (31.25 % → 31.3), 2 of 32 tick option a (6.25 % → 6.3, an
//! indicator with target 6.3 is achieved), a scale sums to 100 (mean 3.125 → 3.13) and a decimal
//! number question averages 6.595 (→ 6.60, written 6.6; binary floating point has 6.59499…).

use crate::common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Kiosk;
use koe::store::Store;
use koe::survey::catalog::Entry;
use koe::survey::load_file;
use koe::tally::{ExportOptions, Format, export};
use koe::tui::app::{App, Options};

const SURVEY: &str = r#"{
  "id": "ties", "title": "丸めの確認", "languages": ["ja"],
  "questions": [
    {"id": "c", "type": "yes_no", "text": "参加は初めてですか"},
    {"id": "m", "type": "multiple_choice", "text": "関心のあるテーマ",
     "choices": [{"value": "a", "label": "住まい"}, {"value": "b", "label": "就労"}]},
    {"id": "s", "type": "scale", "text": "満足度", "min": 1, "max": 5},
    {"id": "x", "type": "number", "text": "移動時間", "integer": false, "min": 0, "max": 100}
  ],
  "indicators": [
    {"id": "a_share", "text": "住まいへの関心", "question": "m", "measure": "percent", "values": ["a"], "target": 6.3},
    {"id": "x_mean", "text": "移動時間の平均", "question": "x", "measure": "mean", "target": 6.6}
  ]
}"#;

/// The survey file and 32 responses in a fresh database.
fn stored() -> (tempfile::TempDir, PathBuf, Store, koe::survey::Survey) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ties.json");
    std::fs::write(&path, SURVEY).unwrap();
    let survey = load_file(&path).unwrap();
    let mut lines = String::new();
    for i in 0..32 {
        // The scale: 12 × 5 and 20 × 2 sum to 100; the number: 9.54 + 31 × 6.5 = 211.04.
        let s = if i < 12 { 5 } else { 2 };
        let x = if i == 0 { 9.54 } else { 6.5 };
        let m = if i < 2 { r#"["a"]"# } else { r#"["b"]"# };
        lines.push_str(&format!(
            r#"{{"answers": {{"c": {}, "m": {m}, "s": {s}, "x": {x}}}}}"#,
            i < 10
        ));
        lines.push('\n');
    }
    let db = dir.path().join("k.db");
    let mut store = Store::open(&db).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "s", |e| panic!("{e:?}")).unwrap();
    (dir, db, store, survey)
}

fn exported(store: &Store, survey: &koe::survey::Survey, out: &Path, format: Format) {
    export(
        store,
        survey,
        &ExportOptions {
            out: Some(out.to_path_buf()),
            format,
            tz: jiff::tz::TimeZone::get("Asia/Tokyo").unwrap(),
            ..ExportOptions::default()
        },
    )
    .unwrap();
}

fn csv_row(dir: &Path, file: &str, first: &str, third: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .find(|r| r[0] == first && (third.is_empty() || r[2] == third))
        .unwrap_or_else(|| panic!("{file}: no row {first}/{third}"))
}

#[test]
fn ties_round_half_away_from_zero_in_every_csv_file() {
    let (dir, _db, store, survey) = stored();
    let out = dir.path().join("csv");
    exported(&store, &survey, &out, Format::Csv);
    assert_eq!(csv_row(&out, "summary.csv", "c", "true")[5], "31.3");
    assert_eq!(csv_row(&out, "summary.csv", "m", "a")[5], "6.3");
    assert_eq!(csv_row(&out, "stats.csv", "s", "")[4], "3.13");
    assert_eq!(csv_row(&out, "stats.csv", "x", "")[4], "6.6");
    let share = csv_row(&out, "indicators.csv", "a_share", "");
    assert_eq!((share[6].as_str(), share[8].as_str()), ("6.3", "達成"));
    let mean = csv_row(&out, "indicators.csv", "x_mean", "");
    assert_eq!((mean[6].as_str(), mean[8].as_str()), ("6.6", "達成"));
}

#[test]
fn the_workbook_stores_the_same_rounded_figures() {
    let (dir, _db, store, survey) = stored();
    let out = dir.path().join("xlsx");
    exported(&store, &survey, &out, Format::Xlsx);
    let mut book: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    let find = |range: &calamine::Range<Data>, first: &str, third: Option<&str>| -> Vec<Data> {
        range
            .rows()
            .find(|r| r[0] == Data::String(first.into()) && third.is_none_or(|t| r[2] == Data::String(t.into())))
            .unwrap_or_else(|| panic!("no row {first}"))
            .to_vec()
    };
    let summary = book.worksheet_range("単純集計").unwrap();
    assert_eq!(find(&summary, "c", Some("true"))[5], Data::Float(0.313));
    assert_eq!(find(&summary, "m", Some("a"))[5], Data::Float(0.063));
    let stats = book.worksheet_range("統計").unwrap();
    assert_eq!(find(&stats, "s", None)[4], Data::Float(3.13));
    assert_eq!(find(&stats, "x", None)[4], Data::Float(6.6));
    let indicators = book.worksheet_range("指標").unwrap();
    let share = find(&indicators, "a_share", None);
    assert_eq!(share[6], Data::Float(6.3));
    assert_eq!(share[8], Data::String("達成".into()));
    let mean = find(&indicators, "x_mean", None);
    assert_eq!(
        (mean[6].clone(), mean[8].clone()),
        (Data::Float(6.6), Data::String("達成".into()))
    );
}

#[test]
fn the_results_screen_shows_the_same_digits() {
    let (_dir, db, store, survey) = stored();
    let entry = Entry {
        path: PathBuf::from("ties.json"),
        survey,
    };
    let app = App::home(store, vec![entry], Options::default());
    let mut k = Kiosk::with(app, db, 120, 60);
    k.keys("r");
    let screen = k.screen();
    let line = |needle: &str| {
        screen
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle}:\n{screen}"))
            .to_string()
    };
    assert!(line("住まいへの関心").contains("6.3% / 6.3%"), "{screen}");
    assert!(line("住まいへの関心").contains("達成") && !line("住まいへの関心").contains("未達成"));
    assert!(line("移動時間の平均").contains("6.6 / 6.6"), "{screen}");
    assert!(line("はい").trim_end().ends_with("10   31.3%"), "{screen}");
    assert!(line("住まい ").trim_end().ends_with("2    6.3%"), "{screen}");
    assert!(line("満足度").contains("平均 3.13"), "{screen}");
    assert!(line("n=32  平均 6.6").contains("6.6"), "{screen}");
}
