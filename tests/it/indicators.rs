//! Indicators (目標値と実績値) on the fixture tests/fixtures/targets.json (every measure and
//! direction, a hidden follow-up, N/A, a matrix row) with targets.jsonl: six submitted responses
//! in sessions A and B, plus one partial in B. Results are checked against hand-computed values
//! and against the summary.csv / stats.csv rows they come from; then the workbook's 指標 sheet,
//! its chart, and `koe validate`'s faults.

use crate::common;

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use koe::store::Store;
use koe::survey::validate::survey_from_value;
use koe::survey::{Survey, load_file};
use koe::tally::cell::Cell;
use koe::tally::{ExportOptions, Format, export};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

struct Setup {
    dir: tempfile::TempDir,
    store: Store,
    survey: Survey,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let survey = load_file(&fixture("targets.json")).unwrap();
    let lines = std::fs::read_to_string(fixture("targets.jsonl")).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "x", |e| panic!("{e:?}")).unwrap();
    // A partial response in B: shown the follow-up (useful 1), which it rated 4.
    let hash = store.register_survey(&survey).unwrap();
    let session = store.session(&survey.id, "B").unwrap();
    let r = store.start_response(&session, &hash).unwrap();
    for (q, v) in [("role", "\"gov\""), ("useful", "1"), ("followup", "4")] {
        let v: serde_json::Value = serde_json::from_str(v).unwrap();
        store.save_answer(&r, survey.question(q).unwrap(), &v).unwrap();
    }
    store.mark_partial(&r).unwrap();
    Setup { dir, store, survey }
}

fn run(s: &Setup, name: &str, f: impl FnOnce(&mut ExportOptions)) -> PathBuf {
    let mut opts = ExportOptions {
        out: Some(s.dir.path().join(name)),
        ..ExportOptions::default()
    };
    f(&mut opts);
    export(&s.store, &s.survey, &opts).unwrap();
    s.dir.path().join(name)
}

fn read(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// indicators.csv as `id: target direction result n achieved` lines, easy to compare by eye.
fn results(dir: &Path) -> Vec<String> {
    read(&dir.join("indicators.csv"))
        .iter()
        .skip(1)
        .map(|r| {
            format!("{}: {} {} {} {} {}", r[0], r[4], r[5], r[6], r[7], r[8])
                .trim_end()
                .to_string()
        })
        .collect()
}

#[test]
fn every_measure_and_direction_by_hand() {
    let s = setup();
    let dir = run(&s, "all", |_| {});
    let t = read(&dir.join("indicators.csv"));
    assert_eq!(
        t[0],
        [
            "indicator_id",
            "indicator",
            "question_id",
            "measure",
            "target",
            "direction",
            "result",
            "n",
            "achieved"
        ]
    );
    assert_eq!(t[1][..4], ["answered", "回答数", "", "responses"]);
    assert_eq!(t[4][..4], ["topics_any", "住まいかピア", "topics", "percent"]);
    assert_eq!(
        results(&dir),
        [
            "answered: 5 at_least 6 6 達成",
            // 3 of the 6 who were asked: exactly the target is achieved.
            "gov_share: 50.0 at_least 50.0 6 達成",
            "gov_count: 2 at_most 3 6 未達成",
            // Responses naming housing or peer or both (1, 2, 5, 6), not 3 + 2.
            "topics_any: 60.0 at_least 66.7 6 達成",
            // N/A is out of n: 4, 5, 5 of 2, 5, 1, 4, 5.
            "useful_top2: 70.0 at_least 60.0 5 未達成",
            "useful_mean: 3.5 at_least 3.4 5 未達成",
            // ... but in the base of a percent.
            "useful_na: 10.0 at_most 16.7 6 未達成",
            // Asked of the two who rated useful 2 or lower only.
            "followup_low: 50.0 at_least 50.0 2 達成",
            "people_median: 10 at_most 10 5 達成",
            "grid_a_mean: 3 at_least 2.8 5 未達成",
            "grid_b_top2: 70.0 at_least 75.0 4 達成",
            "again_yes: 4 at_least 4 6 達成",
        ]
    );
}

#[test]
fn each_result_is_the_number_of_the_row_it_comes_from() {
    let s = setup();
    for (name, partial) in [("submitted", false), ("partial", true)] {
        let dir = run(&s, name, |o| o.include_partial = partial);
        let summary = read(&dir.join("summary.csv"));
        let stats = read(&dir.join("stats.csv"));
        let stat = |q: &str, col: &str| {
            let c = stats[0].iter().position(|h| h == col).unwrap();
            stats.iter().find(|r| r[0] == q).unwrap()[c].clone()
        };
        let mut checked = 0;
        for ind in &s.survey.indicators {
            let row = read(&dir.join("indicators.csv"))
                .into_iter()
                .find(|r| r[0] == ind.id)
                .unwrap();
            let (result, n) = (&row[6], &row[7]);
            let q = ind.question.as_deref().unwrap_or("");
            match ind.measure.name() {
                "count" | "percent" if ind.values.len() == 1 => {
                    let value = match &ind.values[0] {
                        serde_json::Value::String(v) => v.clone(),
                        other => other.to_string(),
                    };
                    let options: Vec<&Vec<String>> = summary.iter().filter(|r| r[0] == q).collect();
                    let hit = options.iter().find(|r| r[2] == value).unwrap();
                    let col = if ind.measure.name() == "count" { 4 } else { 5 };
                    assert_eq!(result, &hit[col], "{} against summary.csv", ind.id);
                    if matches!(
                        s.survey.question(q).map(|q| q.kind.name()),
                        Some("single_choice" | "scale" | "yes_no")
                    ) {
                        let base: u64 = options.iter().map(|r| r[4].parse::<u64>().unwrap()).sum();
                        assert_eq!(n, &base.to_string(), "{}: n is the base", ind.id);
                    }
                }
                "top2_percent" | "mean" | "median" => {
                    assert_eq!(result, &stat(q, ind.measure.name()), "{} against stats.csv", ind.id);
                    assert_eq!(n, &stat(q, "n"), "{}: n is stats.csv's n", ind.id);
                }
                _ => continue,
            }
            checked += 1;
        }
        assert_eq!(checked, 9, "every indicator but the multi-value and responses ones");
    }
}

#[test]
fn partial_responses_sessions_and_groups_are_honoured() {
    let s = setup();
    let dir = run(&s, "partial", |o| o.include_partial = true);
    let r = results(&dir);
    assert_eq!(r[0], "answered: 5 at_least 7 7 達成");
    assert_eq!(r[1], "gov_share: 50.0 at_least 57.1 7 達成");
    assert_eq!(r[5], "useful_mean: 3.5 at_least 3 6 未達成");
    assert_eq!(
        r[7], "followup_low: 50.0 at_least 33.3 3 未達成",
        "the partial one saw it"
    );

    // Session B: nobody there was shown the follow-up: n = 0, no result, no verdict.
    let dir = run(&s, "b", |o| o.sessions = vec!["B".into()]);
    let r = results(&dir);
    assert_eq!(r[0], "answered: 5 at_least 2 2 未達成");
    assert_eq!(r[7], "followup_low: 50.0 at_least  0");

    let dir = run(&s, "by", |o| {
        o.by = Some("session".into());
        o.lang = Some("en".into());
    });
    let t = read(&dir.join("indicators.csv"));
    assert_eq!(t[0][8..], ["achieved", "A result", "B result"]);
    let row = |id: &str| t.iter().find(|r| r[0] == id).unwrap()[6..].to_vec();
    assert_eq!(row("answered"), ["6", "6", "achieved", "4", "2"]);
    assert_eq!(row("topics_any"), ["66.7", "6", "achieved", "50.0", "100.0"]);
    assert_eq!(row("useful_mean"), ["3.4", "5", "not achieved", "2.67", "4.5"]);
    assert_eq!(row("people_median"), ["10", "5", "achieved", "10", "17.5"]);
    assert_eq!(row("followup_low"), ["50.0", "2", "achieved", "50.0", ""]);
    assert_eq!(t[1][1], "Responses", "labels in --lang");

    // By a question: a group per option, each with its own bases and histograms.
    let dir = run(&s, "by-role", |o| o.by = Some("role".into()));
    let t = read(&dir.join("indicators.csv"));
    assert_eq!(t[0][9..], ["行政 result", "医療 result", "その他 result"]);
    let row = |id: &str| t.iter().find(|r| r[0] == id).unwrap()[9..].to_vec();
    assert_eq!(row("answered"), ["3", "2", "1"]);
    assert_eq!(row("topics_any"), ["66.7", "100.0", "0.0"]);
    assert_eq!(
        row("useful_mean"),
        ["2.33", "5", ""],
        "the other-sector respondent chose N/A"
    );
    assert_eq!(row("people_median"), ["20", "12.5", "0"]);
    assert_eq!(row("followup_low"), ["50.0", "", ""]);
}

#[test]
fn a_survey_without_indicators_writes_no_indicators_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db")).unwrap();
    let survey = load_file(&fixture("every-type.json")).unwrap();
    let out = dir.path().join("out");
    let report = export(
        &store,
        &survey,
        &ExportOptions {
            out: Some(out.clone()),
            ..ExportOptions::default()
        },
    )
    .unwrap();
    assert!(!out.join("indicators.csv").exists());
    assert!(!report.files.iter().any(|f| f.ends_with("indicators.csv")));
}

fn workbook(s: &Setup) -> PathBuf {
    run(s, "xlsx", |o| o.format = Format::Xlsx).join("report.xlsx")
}

#[test]
fn the_indicators_sheet_comes_first_with_numbers_as_numbers() {
    let s = setup();
    let path = workbook(&s);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names()[..2], ["指標".to_string(), "単純集計".to_string()]);
    let sheet = book.worksheet_range("指標").unwrap();
    let row = |id: &str| {
        sheet
            .rows()
            .find(|r| r[0] == Data::String(id.into()))
            .unwrap_or_else(|| panic!("no row {id}"))
            .to_vec()
    };
    assert_eq!(sheet.get((0, 4)), Some(&Data::String("目標値".into())));
    assert_eq!(sheet.get((0, 6)), Some(&Data::String("実績値".into())));
    // target (column 4) and result (column 6) side by side, as numbers in the same unit.
    let gov = row("gov_share");
    assert_eq!(
        (&gov[4], &gov[6], &gov[7]),
        (&Data::Float(50.0), &Data::Float(50.0), &Data::Float(6.0))
    );
    assert_eq!(gov[8], Data::String("達成".into()));
    let mean = row("useful_mean");
    assert_eq!((&mean[4], &mean[6]), (&Data::Float(3.5), &Data::Float(3.4)));
    assert_eq!(mean[8], Data::String("未達成".into()));
    let answered = row("answered");
    assert_eq!((&answered[4], &answered[6]), (&Data::Float(5.0), &Data::Float(6.0)));
}

fn zip_text(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The part of a chart's XML between `<c:tag>` and `</c:tag>`.
fn element<'a>(xml: &'a str, tag: &str) -> &'a str {
    let start = xml.find(&format!("<c:{tag}>")).unwrap_or_else(|| panic!("no {tag}"));
    let end = xml[start..].find(&format!("</c:{tag}>")).unwrap();
    &xml[start..start + end]
}

#[test]
fn achieved_cells_are_coloured_and_the_chart_sets_results_beside_targets() {
    let s = setup();
    let path = workbook(&s);
    let styles = zip_text(&path, "xl/styles.xml");
    assert!(
        styles.contains("FFC6EFCE") && styles.contains("FFFFC7CE"),
        "green and red fills"
    );
    let chart = zip_text(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart>"));
    assert_eq!(chart.matches("<c:ser>").count(), 2, "result and target");
    assert!(chart.contains("実績値") && chart.contains("目標値"));
    // Only the six percent indicators, from their small table below the twelve indicators'
    // rows (a blank row, its header, then rows 16–21): counts and means are not on a % axis.
    assert!(
        chart.contains("指標!$A$16:$A$21"),
        "one bar per percent indicator, labelled by its text"
    );
}

#[test]
fn every_bar_chart_reads_top_down_from_a_left_axis() {
    // Category axis reversed (first option at the top), value axis not reversed (bars grow
    // rightwards from 0) and crossing at the last category (it stays at the bottom).
    let s = setup();
    let path = workbook(&s);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let charts: Vec<String> = zip
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    assert!(charts.len() > 5, "{charts:?}");
    for name in charts {
        let mut xml = String::new();
        zip.by_name(&name).unwrap().read_to_string(&mut xml).unwrap();
        let cat = element(&xml, "catAx");
        let val = element(&xml, "valAx");
        assert!(cat.contains(r#"<c:orientation val="maxMin"/>"#), "{name}: {cat}");
        assert!(cat.contains(r#"<c:axPos val="l"/>"#), "{name}: labels on the left");
        assert!(val.contains(r#"<c:orientation val="minMax"/>"#), "{name}: {val}");
        assert!(val.contains(r#"<c:crosses val="max"/>"#), "{name}: {val}");
    }
}

fn faults(indicators: serde_json::Value) -> Vec<String> {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("targets.json")).unwrap()).unwrap();
    doc["indicators"] = indicators;
    match survey_from_value(&doc) {
        Ok(_) => Vec::new(),
        Err(faults) => faults.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn validate_names_each_faulty_indicator_field() {
    use serde_json::json;
    assert_eq!(faults(json!([])), Vec::<String>::new());
    let f = faults(json!([
        {"id": "a", "text": "x", "question": "nope", "measure": "mean", "target": 1},
        {"id": "a", "text": "x", "question": "role", "measure": "percent", "values": ["gov", "welfare"], "target": 1},
        {"id": "c", "text": "x", "question": "people", "measure": "top2_percent", "target": 1},
        {"id": "d", "text": "x", "question": "useful", "measure": "count", "values": ["4", 9, "na"], "target": "3"},
        {"id": "e", "text": "x", "question": "grid", "measure": "mean", "target": 1},
        {"id": "f", "text": "x", "question": "grid/z", "measure": "mean", "target": 1},
        {"id": "g", "text": "x", "question": "again", "measure": "count", "values": ["yes"], "target": 1,
         "direction": "up"},
        {"id": "h", "text": "x", "measure": "responses", "question": "role", "target": 1},
        {"id": "i", "text": "x", "measure": "avg", "question": "useful", "target": 1, "tagret": 2},
        {"id": "j", "text": "x", "question": "useful", "measure": "percent", "target": 150},
        {"id": "k", "text": {"en": "x"}, "question": "useful", "measure": "mean", "values": [1], "target": 1}
    ]));
    let expected = [
        r#"indicators[0].question: unknown question "nope""#,
        r#"indicators[1].id: indicator id "a" is used twice"#,
        r#"indicators[1].values[1]: "welfare" is not one of the choices of "role" (gov, med, other)"#,
        r#"indicators[2].measure: top2_percent needs a scale or a matrix row; "people" is number"#,
        r#"indicators[3].target: expected a number, found "3""#,
        r#"indicators[3].values[0]: "4" is not a point of "useful": write a whole number from 1 to 5, or "na""#,
        r#"indicators[3].values[1]: 9 is not a point of "useful": write a whole number from 1 to 5, or "na""#,
        r#"indicators[4].question: name one row of the matrix "grid", as "grid/a""#,
        r#"indicators[5].question: "grid" has no row "z" (rows: a, b)"#,
        r#"indicators[6].direction: expected "at_least" or "at_most", found "up""#,
        r#"indicators[6].values[0]: "again" is yes/no: write true or false, not "yes""#,
        r#"indicators[7].question: the measure responses counts whole responses and takes no question"#,
        r#"indicators[8].tagret: unknown field "tagret" (did you mean "target"?)"#,
        r#"indicators[8].measure: unknown measure "avg" (one of: responses, count, percent, top2_percent, mean, median)"#,
        r#"indicators[9]: missing field "values" (the answers to count)"#,
        r#"indicators[9].target: a percent target is between 0 and 100, found 150"#,
        r#"indicators[10].values: only the measures count and percent take values"#,
        r#"indicators[10].text: missing text for the default language "ja""#,
    ];
    for e in expected {
        assert!(f.contains(&e.to_string()), "missing {e}\nin {f:#?}");
    }
    assert_eq!(f.len(), expected.len(), "{f:#?}");
    assert_eq!(
        faults(json!({"id": "a"})),
        ["indicators: expected a list of indicators, found an object"]
    );
}

#[test]
fn with_no_responses_every_result_and_verdict_is_empty() {
    let survey = load_file(&fixture("targets.json")).unwrap();
    let tally = koe::tally::fold::Tally::new(&survey, "ja", koe::tally::fold::Groups::None);
    let results = tally.indicator_results(0);
    assert_eq!(results.len(), survey.indicators.len());
    for r in results {
        assert_eq!((r.result, r.n, r.achieved), (None, 0, None), "{}", r.indicator.id);
    }
    for row in tally.indicator_table() {
        assert_eq!(row[6..], [Cell::Empty, Cell::Count(0), Cell::Empty], "{row:?}");
    }
}

/// The home screen over the targets survey with its six submitted responses, on the results.
fn results_screen(w: u16, h: u16) -> (Setup, common::Kiosk) {
    let s = setup();
    let db = s.dir.path().join("k.db");
    let app = koe::tui::app::App::home(
        Store::open(&db).unwrap(),
        vec![common::entry("targets")],
        koe::tui::app::Options::default(),
    );
    let mut k = common::Kiosk::with(app, db, w, h);
    k.keys("r");
    (s, k)
}

#[test]
fn the_results_screen_shows_the_indicators_first() {
    let (_s, mut k) = results_screen(80, 24);
    insta::assert_snapshot!("results_indicators_80x24", k.screen());
    let (_s, mut k) = results_screen(120, 40);
    insta::assert_snapshot!("results_indicators_120x40", k.screen());
    let screen = k.screen();
    let line = |label: &str| screen.lines().find(|l| l.contains(label)).unwrap().to_string();
    assert!(
        line("行政の割合").trim_end().ends_with("50.0% / 50.0%  達成"),
        "{screen}"
    );
    assert!(
        line("該当なしの割合")
            .trim_end()
            .ends_with("16.7% / 10.0% 以下  未達成"),
        "{screen}"
    );
    assert!(
        line("役に立った（平均）").trim_end().ends_with("3.4 / 3.5  未達成"),
        "{screen}"
    );
    let indicators = screen.find("指標（目標値と実績値）").unwrap();
    assert!(indicators < screen.find("所属  (n=6)").unwrap(), "before the questions");
    // The session shown is the indicators' too: session B alone was never shown the follow-up.
    k.keys("ss").shows("回答 2  B");
    let screen = k.screen();
    let line = |label: &str| screen.lines().find(|l| l.contains(label)).unwrap().to_string();
    assert!(line("回答数").trim_end().ends_with("2 / 5  未達成"), "{screen}");
    assert!(line("改善の余地が小さい").trim_end().ends_with("- / 50.0%"), "{screen}");
}

#[test]
fn an_example_survey_exports_its_indicators_as_csv_and_as_the_first_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let survey = load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/council-feedback.json")).unwrap();
    let lines = [
        r#"{"answers": {"sector": "gov", "useful": 5, "relationships": 4, "new_contact": true}}"#,
        r#"{"answers": {"sector": "resident", "useful": 4, "relationships": 3, "new_contact": false}}"#,
        r#"{"answers": {"sector": "med", "useful": 2, "why_not_useful": "長い", "relationships": 2, "new_contact": true}}"#,
        r#"{"answers": {"sector": "welfare", "useful": "na", "relationships": 4}}"#,
    ]
    .join("\n");
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "第3回", |e| panic!("{e:?}")).unwrap();
    let csv_dir = dir.path().join("csv");
    let mut opts = ExportOptions {
        out: Some(csv_dir.clone()),
        ..ExportOptions::default()
    };
    export(&store, &survey, &opts).unwrap();
    assert_eq!(
        results(&csv_dir),
        [
            "useful_top2: 70.0 at_least 66.7 3 未達成",
            "relationships: 80.0 at_least 75.0 4 未達成",
            "new_contact: 50.0 at_least 50.0 4 達成",
            "residents: 10.0 at_least 25.0 4 達成",
            "participants: 20 at_least 4 4 未達成",
        ]
    );
    opts.out = Some(dir.path().join("xlsx"));
    opts.format = Format::Xlsx;
    export(&store, &survey, &opts).unwrap();
    let mut book: Xlsx<_> = open_workbook(dir.path().join("xlsx/report.xlsx")).unwrap();
    assert_eq!(book.sheet_names()[0], "指標");
    let sheet = book.worksheet_range("指標").unwrap();
    let useful: Vec<Data> = sheet.rows().nth(1).unwrap().to_vec();
    assert_eq!(useful[1], Data::String("会議が役に立ったと答えた参加者の割合".into()));
    assert_eq!((&useful[4], &useful[6]), (&Data::Float(70.0), &Data::Float(66.7)));
    assert_eq!(useful[8], Data::String("未達成".into()));
}

/// 練習モード answers beside real ones: the indicators (in indicators.csv and on the results
/// screen) and the results screen's counts are the same as without them; only
/// `--include-practice` counts them.
#[test]
fn practice_responses_change_no_indicator_and_no_result_on_screen() {
    let s = setup();
    let before = results(&run(&s, "before", |_| {}));
    let screen_before = koe::tui::results::Results::compute(&s.store, &s.survey, "ja", None).unwrap();
    {
        let mut store = Store::open(&s.dir.path().join("k.db")).unwrap();
        let hash = store.register_survey(&s.survey).unwrap();
        let practice = store.session_of_kind(&s.survey.id, "お試し", true).unwrap();
        for _ in 0..3 {
            let r = store.start_response(&practice, &hash).unwrap();
            for (q, v) in [("role", "\"med\""), ("useful", "1"), ("followup", "1")] {
                let v: serde_json::Value = serde_json::from_str(v).unwrap();
                store.save_answer(&r, s.survey.question(q).unwrap(), &v).unwrap();
            }
            store.submit(&r).unwrap();
        }
    }
    assert_eq!(results(&run(&s, "after", |_| {})), before);
    let screen_after = koe::tui::results::Results::compute(&s.store, &s.survey, "ja", None).unwrap();
    assert_eq!(screen_after.responses, screen_before.responses);
    assert_eq!(screen_after.blocks, screen_before.blocks);
    let with = results(&run(&s, "with", |o| o.include_practice = true));
    assert_ne!(with, before, "asked for, practice answers are counted");
}
