//! Export files compared with hand-computed expectations for the fixture survey that uses every
//! type and show_if (tests/fixtures/every-type.json with every-type.jsonl: five submitted
//! responses in sessions A and B, plus one partial).

use std::path::{Path, PathBuf};

use koe::store::Store;
use koe::survey::{Survey, load_file};
use koe::tally::{Encoding, ExportOptions, export};

use crate::common;

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
    let survey = load_file(&fixture("every-type.json")).unwrap();
    let lines = std::fs::read_to_string(fixture("every-type.jsonl")).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "import", |e| panic!("{e:?}")).unwrap();
    // One partial response in session B (a person who walked away).
    let hash = store.register_survey(&survey).unwrap();
    let session = store.session(&survey.id, "B").unwrap();
    let r = store.start_response(&session, &hash).unwrap();
    store
        .save_answer(&r, survey.question("role").unwrap(), &serde_json::json!("med"))
        .unwrap();
    store
        .save_answer(&r, survey.question("useful").unwrap(), &serde_json::json!(3))
        .unwrap();
    store.mark_partial(&r).unwrap();
    Setup { dir, store, survey }
}

fn run(s: &Setup, name: &str, f: impl FnOnce(&mut ExportOptions)) -> (PathBuf, koe::tally::ExportReport) {
    let mut opts = ExportOptions {
        out: Some(s.dir.path().join(name)),
        tz: jiff::tz::TimeZone::get("Asia/Tokyo").unwrap(),
        ..ExportOptions::default()
    };
    f(&mut opts);
    let report = export(&s.store, &s.survey, &opts).unwrap();
    (s.dir.path().join(name), report)
}

/// A CSV file's rows (BOM removed), parsed back with the csv crate.
fn read(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The rows of one question (by question_id), without the id and question text columns.
fn rows_of(table: &[Vec<String>], id: &str) -> Vec<Vec<String>> {
    table.iter().filter(|r| r[0] == id).map(|r| r[2..].to_vec()).collect()
}

fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

#[test]
fn summary_counts_percents_bases_other_and_no_answer() {
    let s = setup();
    let (dir, report) = run(&s, "all", |_| {});
    assert_eq!(report.responses, 5, "only submitted responses by default");
    let t = read(&dir.join("summary.csv"));
    assert_eq!(
        t[0],
        ["question_id", "question", "option_value", "option", "count", "percent"]
    );
    assert_eq!(
        rows_of(&t, "role"),
        strs(&[
            &["gov", "行政", "3", "60.0"],
            &["med", "医療", "1", "20.0"],
            &["other", "その他", "1", "20.0"],
            &["", "無回答", "0", "0.0"]
        ])
    );
    // Multiple choice: percents of the base (5), so they may add up to more or less than 100.
    assert_eq!(
        rows_of(&t, "topics"),
        strs(&[
            &["housing", "住まい", "2", "40.0"],
            &["peer", "ピア", "1", "20.0"],
            &["work", "就労", "0", "0.0"],
            &["other", "その他", "1", "20.0"],
            &["", "無回答", "2", "40.0"]
        ])
    );
    assert_eq!(
        rows_of(&t, "useful"),
        strs(&[
            &["1", "1", "1", "20.0"],
            &["2", "2", "1", "20.0"],
            &["3", "3", "0", "0.0"],
            &["4", "4", "0", "0.0"],
            &["5", "5", "1", "20.0"],
            &["na", "該当なし", "1", "20.0"],
            &["", "無回答", "1", "20.0"]
        ])
    );
    assert_eq!(
        rows_of(&t, "again"),
        strs(&[
            &["true", "はい", "2", "40.0"],
            &["false", "いいえ", "2", "40.0"],
            &["", "無回答", "1", "20.0"]
        ])
    );
    assert_eq!(
        rows_of(&t, "grid/b"),
        strs(&[
            &["1", "1", "0", "0.0"],
            &["2", "2", "0", "0.0"],
            &["3", "3", "1", "20.0"],
            &["4", "4", "2", "40.0"],
            &["na", "該当なし", "0", "0.0"],
            &["", "無回答", "2", "40.0"]
        ])
    );
    assert_eq!(t.iter().find(|r| r[0] == "grid/a").unwrap()[1], "評価 / 資料");
    assert!(
        rows_of(&t, "why").is_empty() && rows_of(&t, "info").is_empty(),
        "text and notes are not tallied"
    );
}

#[test]
fn stats_n_no_answer_mean_median_sample_sd_top2_and_rank_positions() {
    let s = setup();
    let (dir, _) = run(&s, "stats", |_| {});
    let t = read(&dir.join("stats.csv"));
    assert_eq!(
        t[0],
        [
            "question_id",
            "question",
            "n",
            "no_answer",
            "mean",
            "median",
            "sd",
            "min",
            "max",
            "top2_percent"
        ]
    );
    let row = |id: &str| t.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("no {id}"))[2..].to_vec();
    // useful: 2, 5, 1 (N/A excluded from n; it is an answer, so not counted as no answer).
    assert_eq!(row("useful"), ["3", "1", "2.67", "2", "2.08", "1", "5", "33.3"]);
    assert_eq!(row("people"), ["3", "2", "10", "10", "10", "0", "20", ""]);
    assert_eq!(row("grid/a"), ["3", "1", "2.33", "2", "1.53", "1", "4", "33.3"]);
    assert_eq!(row("grid/b"), ["3", "2", "3.67", "4", "0.58", "3", "4", "100.0"]);
    assert_eq!(row("order/x"), ["2", "2", "1.5", "1.5", "0.71", "1", "2", ""]);
    assert_eq!(row("order/y"), ["2", "2", "1.5", "1.5", "0.71", "1", "2", ""]);
    assert_eq!(
        row("order/z"),
        ["1", "2", "1", "1", "", "1", "1", ""],
        "sd is empty below n = 2"
    );
}

#[test]
fn freetext_keeps_text_and_other_exactly_and_guards_formulas() {
    let s = setup();
    let (dir, _) = run(&s, "free", |_| {});
    let t = read(&dir.join("freetext.csv"));
    assert_eq!(
        t[0],
        [
            "question_id",
            "question",
            "response_id",
            "session",
            "submitted_at",
            "text"
        ]
    );
    let texts: Vec<(String, String)> = t[1..].iter().map(|r| (r[0].clone(), r[5].clone())).collect();
    let want = [
        ("why", "資料が多い"),
        ("comment", "'=SUM(A1)"),
        ("topics/other", "防災"),
        ("comment", "'-5"),
        ("role/other", "家族会😀"),
        ("why", "時間が短い\n\"引用\",カンマ"),
        ("comment", "髙橋①ｶﾞ〜"),
    ];
    assert_eq!(texts, want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec());
    assert_eq!(t[1][1], "理由");
    assert_eq!(t[1][2], "00000000-0000-4000-8000-000000000001");
    assert_eq!(t[1][3], "A");
    assert_eq!(
        t[1][4], "2026-11-20T10:00:00+09:00",
        "local time with its offset (imported as 10:00+09:00, stored as 01:00Z)"
    );
}

#[test]
fn responses_one_row_each_with_flag_row_rank_and_other_columns() {
    let s = setup();
    let (dir, _) = run(&s, "resp", |o| o.include_partial = true);
    let t = read(&dir.join("responses.csv"));
    assert_eq!(
        t[0],
        [
            "response_id",
            "session",
            "started_at",
            "submitted_at",
            "status",
            "sheet",
            "verified",
            "role",
            "role/other",
            "topics/housing",
            "topics/peer",
            "topics/work",
            "topics/other",
            "useful",
            "why",
            "again",
            "people",
            "grid/a",
            "grid/b",
            "order/x",
            "order/y",
            "order/z",
            "comment"
        ]
    );
    assert_eq!(t.len(), 7, "five submitted and one partial");
    assert_eq!(
        t[2][4..],
        [
            "submitted",
            "",
            "",
            "med",
            "",
            "0",
            "0",
            "0",
            "防災",
            "5",
            "",
            "false",
            "20",
            "na",
            "3",
            "",
            "1",
            "",
            "'-5"
        ]
    );
    assert_eq!(t[3][7..9], ["other", "家族会😀"]);
    assert_eq!(
        t[3][9..13],
        ["", "", "", ""],
        "an unanswered multiple choice leaves its flags empty"
    );
    assert_eq!(t[4][19..22], ["2", "", "1"]);
    assert_eq!(t[6][4], "partial");
    assert_eq!(t[6][3], "", "a partial response has no submitted_at");
}

#[test]
fn crosstab_by_a_question_and_by_session() {
    let s = setup();
    let (dir, _) = run(&s, "by-role", |o| o.by = Some("role".into()));
    let t = read(&dir.join("crosstab_role.csv"));
    // SPEC's long form: one row per (item, group, option), 全体 first, n the group's base.
    assert_eq!(
        t[0],
        [
            "question_id",
            "question",
            "group",
            "n",
            "option_value",
            "option",
            "count",
            "percent"
        ]
    );
    assert_eq!(
        rows_of(&t, "again"),
        strs(&[
            &["全体", "5", "true", "はい", "2", "40.0"],
            &["全体", "5", "false", "いいえ", "2", "40.0"],
            &["全体", "5", "", "無回答", "1", "20.0"],
            &["行政", "3", "true", "はい", "1", "33.3"],
            &["行政", "3", "false", "いいえ", "1", "33.3"],
            &["行政", "3", "", "無回答", "1", "33.3"],
            &["医療", "1", "true", "はい", "0", "0.0"],
            &["医療", "1", "false", "いいえ", "1", "100.0"],
            &["医療", "1", "", "無回答", "0", "0.0"],
            &["その他", "1", "true", "はい", "1", "100.0"],
            &["その他", "1", "false", "いいえ", "0", "0.0"],
            &["その他", "1", "", "無回答", "0", "0.0"]
        ])
    );
    let (dir, _) = run(&s, "by-session", |o| o.by = Some("session".into()));
    let t = read(&dir.join("crosstab_session.csv"));
    let useful: Vec<Vec<String>> = rows_of(&t, "useful")
        .into_iter()
        .map(|r| vec![r[0].clone(), r[1].clone(), r[2].clone(), r[4].clone(), r[5].clone()])
        .collect();
    assert_eq!(
        useful,
        strs(&[
            &["全体", "5", "1", "1", "20.0"],
            &["全体", "5", "2", "1", "20.0"],
            &["全体", "5", "3", "0", "0.0"],
            &["全体", "5", "4", "0", "0.0"],
            &["全体", "5", "5", "1", "20.0"],
            &["全体", "5", "na", "1", "20.0"],
            &["全体", "5", "", "1", "20.0"],
            &["A", "3", "1", "0", "0.0"],
            &["A", "3", "2", "1", "33.3"],
            &["A", "3", "3", "0", "0.0"],
            &["A", "3", "4", "0", "0.0"],
            &["A", "3", "5", "1", "33.3"],
            &["A", "3", "na", "1", "33.3"],
            &["A", "3", "", "0", "0.0"],
            &["B", "2", "1", "1", "50.0"],
            &["B", "2", "2", "0", "0.0"],
            &["B", "2", "3", "0", "0.0"],
            &["B", "2", "4", "0", "0.0"],
            &["B", "2", "5", "0", "0.0"],
            &["B", "2", "na", "0", "0.0"],
            &["B", "2", "", "1", "50.0"]
        ])
    );
    // Responses that did not answer the --by question are a last group, 無回答.
    let (dir, _) = run(&s, "by-again", |o| o.by = Some("again".into()));
    let t = read(&dir.join("crosstab_again.csv"));
    let mut groups: Vec<(String, String)> = Vec::new();
    for r in rows_of(&t, "role") {
        if groups.last() != Some(&(r[0].clone(), r[1].clone())) {
            groups.push((r[0].clone(), r[1].clone()));
        }
    }
    let expected = [("全体", "5"), ("はい", "2"), ("いいえ", "2"), ("無回答", "1")];
    assert_eq!(groups, expected.map(|(g, n)| (g.to_string(), n.to_string())));
    // A hidden question is outside its base: "why" is shown only when useful <= 2.
    let bad = export(
        &s.store,
        &s.survey,
        &ExportOptions {
            by: Some("why".into()),
            out: Some(s.dir.path().join("x")),
            ..ExportOptions::default()
        },
    );
    assert!(matches!(bad, Err(koe::tally::ExportError::Invalid(_))));
}

#[test]
fn session_filter_partial_and_english_labels() {
    let s = setup();
    let (dir, report) = run(&s, "a-only", |o| o.sessions = vec!["A".into()]);
    assert_eq!(report.responses, 3);
    let t = read(&dir.join("summary.csv"));
    assert_eq!(rows_of(&t, "role")[0], ["gov", "行政", "1", "33.3"]);
    let (dir, report) = run(&s, "partial-en", |o| {
        o.include_partial = true;
        o.lang = Some("en".into());
    });
    assert_eq!(report.responses, 6);
    let t = read(&dir.join("summary.csv"));
    assert_eq!(rows_of(&t, "role")[1], ["med", "Medical", "2", "33.3"]);
    assert_eq!(rows_of(&t, "role")[3], ["", "No answer", "0", "0.0"]);
    let unknown = export(
        &s.store,
        &s.survey,
        &ExportOptions {
            sessions: vec!["Z".into()],
            out: Some(s.dir.path().join("z")),
            ..ExportOptions::default()
        },
    );
    assert!(matches!(unknown, Err(koe::tally::ExportError::Invalid(m)) if m.en.contains("\"Z\"")));
}

#[test]
fn every_file_is_written_and_an_export_never_overwrites() {
    let s = setup();
    let (dir, report) = run(&s, "files", |o| o.by = Some("session".into()));
    let names: Vec<String> = report
        .files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "summary.csv",
            "stats.csv",
            "freetext.csv",
            "keywords.csv",
            "kwic.csv",
            "cooccurrence.csv",
            "responses.csv",
            "crosstab_session.csv"
        ]
    );
    let again = export(
        &s.store,
        &s.survey,
        &ExportOptions {
            out: Some(dir.clone()),
            ..ExportOptions::default()
        },
    );
    assert!(
        matches!(again, Err(koe::tally::ExportError::Invalid(ref message)) if message.en.contains("never mixes an export with older files")),
        "{again:?}"
    );
    // The default folder is new each time, even within one second.
    let exports = s.dir.path().join("exports");
    let one = export(
        &s.store,
        &s.survey,
        &ExportOptions {
            exports_dir: exports.clone(),
            ..ExportOptions::default()
        },
    )
    .unwrap();
    let two = export(
        &s.store,
        &s.survey,
        &ExportOptions {
            exports_dir: exports,
            ..ExportOptions::default()
        },
    )
    .unwrap();
    assert_ne!(one.dir, two.dir);
    assert!(
        one.dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("every-type-20")
    );
}

#[test]
fn encodings_bom_plain_and_cp932_with_geta_counted() {
    let s = setup();
    let (dir, _) = run(&s, "bom", |_| {});
    assert!(
        std::fs::read(dir.join("summary.csv"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBFquestion_id")
    );
    let (dir, _) = run(&s, "plain", |o| o.encoding = Encoding::Utf8);
    assert!(
        std::fs::read(dir.join("summary.csv"))
            .unwrap()
            .starts_with(b"question_id")
    );
    let (dir, report) = run(&s, "sjis", |o| o.encoding = Encoding::Cp932);
    let bytes = std::fs::read(dir.join("freetext.csv")).unwrap();
    let (text, _, had_errors) = encoding_rs::SHIFT_JIS.decode(&bytes);
    assert!(!had_errors);
    assert!(text.contains("髙橋①ｶﾞ～"), "髙, ① and ｶﾞ kept, 〜 mapped to ～: {text}");
    assert!(text.contains("家族会〓"), "the emoji became 〓");
    assert!(!text.contains("&#"), "never a numeric character reference");
    // The reported count is the number of cells that carry a replacement, over all files.
    let mut touched = 0;
    for f in &report.files {
        let bytes = std::fs::read(f).unwrap();
        let (t, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
        let rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(t.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect::<Vec<_>>();
        touched += rows
            .iter()
            .flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
            .filter(|c| c.contains('〓') || c.contains('～'))
            .count();
    }
    assert!(touched >= 4);
    assert_eq!(report.touched, touched as u64);
}

#[test]
fn injection_guard_on_text_only_and_multiline_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let survey = koe::survey::validate::survey_from_value(&serde_json::json!({
        "id": "guard", "title": "g", "questions": [
            {"id": "t", "type": "text", "multiline": true, "text": "t"},
            {"id": "n", "type": "number", "min": -10, "max": 10, "text": "n"}
        ]
    }))
    .unwrap();
    let texts = [
        "=1+1",
        "+81",
        "-5",
        "@SUM(A1)",
        "\tタブ",
        "\r復帰",
        "\n改行",
        "普通, \"引用\"\r\n二行目😀",
    ];
    let mut lines = String::new();
    for t in texts {
        lines.push_str(&serde_json::json!({"answers": {"t": t, "n": -5}}).to_string());
        lines.push('\n');
    }
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "s", |e| panic!("{e:?}")).unwrap();
    let out = dir.path().join("out");
    export(
        &store,
        &survey,
        &ExportOptions {
            out: Some(out.clone()),
            ..ExportOptions::default()
        },
    )
    .unwrap();
    let free = read(&out.join("freetext.csv"));
    let got: Vec<&str> = free[1..].iter().map(|r| r[5].as_str()).collect();
    let mut want: Vec<String> = texts[..7].iter().map(|t| format!("'{t}")).collect();
    want.push(texts[7].to_string());
    assert_eq!(got, want);
    let resp = read(&out.join("responses.csv"));
    assert!(
        resp[1..].iter().all(|r| r[8] == "-5"),
        "a negative number stays a number"
    );
    let raw = String::from_utf8(std::fs::read(out.join("responses.csv")).unwrap()).unwrap();
    assert!(raw.contains(",-5\r\n"), "unquoted and unprefixed: {raw}");
}

#[test]
fn keywords_count_answers_per_term_without_particles_or_punctuation() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let survey = koe::survey::validate::survey_from_value(&serde_json::json!({
        "id": "kw", "title": "k", "questions": [{"id": "t", "type": "text", "multiline": true, "text": "感想"}]
    }))
    .unwrap();
    let answers = [
        "研修がとても役に立った。",
        "研修の時間が短い、研修をもっと増やしてほしい！",
        "次の研修にも参加したい",
        "家族支援について知りたい",
        "家族会との連携が大切",
        "Peer support is GREAT",
    ];
    let lines: String = answers
        .iter()
        .map(|a| serde_json::json!({"answers": {"t": a}}).to_string() + "\n")
        .collect();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "s", |e| panic!("{e:?}")).unwrap();
    let out = dir.path().join("out");
    export(
        &store,
        &survey,
        &ExportOptions {
            out: Some(out.clone()),
            ..ExportOptions::default()
        },
    )
    .unwrap();
    let t = read(&out.join("keywords.csv"));
    assert_eq!(
        t[0],
        [
            "question_id",
            "question",
            "term",
            "part_of_speech",
            "responses",
            "percent",
            "example"
        ]
    );
    assert_eq!(t[1][2..6], ["研修", "名詞", "3", "50.0"], "{t:?}");
    assert_eq!(t[1][6], "次の研修にも参加したい", "the shortest answer using the term");
    let terms: Vec<&str> = t[1..].iter().map(|r| r[2].as_str()).collect();
    for bad in ["が", "の", "に", "。", "、", "！", "を", "て", "is"] {
        assert!(!terms.contains(&bad), "{bad:?} is not a term: {terms:?}");
    }
    assert_eq!(terms, ["研修"], "with five answers or more, a term must recur");
}

/// Forty comments of a council meeting (tests/fixtures/council-comments.jsonl), as staff would
/// read them: keywords.csv lists the field's words whole, with no single character or empty
/// word; every kwic.csv row is a piece of its answer; cooccurrence.csv follows its rules.
#[test]
fn council_comments_give_the_fields_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let survey = load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/council-feedback.json")).unwrap();
    let lines = std::fs::read_to_string(fixture("council-comments.jsonl")).unwrap();
    koe::store::import::import(&mut store, &survey, lines.as_bytes(), "A", |e| panic!("{e:?}")).unwrap();
    let out = dir.path().join("out");
    export(
        &store,
        &survey,
        &ExportOptions {
            out: Some(out.clone()),
            ..ExportOptions::default()
        },
    )
    .unwrap();
    let k = read(&out.join("keywords.csv"));
    let terms: Vec<(&str, &str)> = k[1..].iter().map(|r| (r[2].as_str(), r[3].as_str())).collect();
    for (term, pos) in [
        ("ピアサポーター", "名詞"),
        ("当事者", "名詞"),
        ("精神科病院", "複合語"),
        ("相談支援事業所", "複合語"),
        ("地域移行支援", "複合語"),
        ("情報共有", "複合語"),
        ("話し合う", "動詞"),
    ] {
        assert!(terms.contains(&(term, pos)), "{term} {pos} in {terms:?}");
    }
    for (term, _) in &terms {
        assert!(term.chars().count() >= 2, "{term:?}");
        for empty in [
            "する",
            "ある",
            "いる",
            "なる",
            "できる",
            "思う",
            "こと",
            "もの",
            "ため",
            "よう",
            "それ",
        ] {
            assert_ne!(term, &empty);
        }
    }
    // The hand count: 精神科病院 is written in 4 of the 40 comments.
    let row = k.iter().find(|r| r[2] == "精神科病院").unwrap();
    assert_eq!(row[4..6], ["4", "10.0"]);

    let texts: std::collections::HashMap<String, String> = read(&out.join("freetext.csv"))[1..]
        .iter()
        .map(|r| (r[2].clone(), r[5].replace("\r\n", " ").replace(['\n', '\r'], " ")))
        .collect();
    let kwic = read(&out.join("kwic.csv"));
    assert_eq!(
        kwic[0],
        [
            "question_id",
            "question",
            "term",
            "response_id",
            "left",
            "match",
            "right"
        ]
    );
    assert!(kwic.len() > 40);
    for r in &kwic[1..] {
        let piece = format!("{}{}{}", r[4], r[5], r[6]);
        assert!(texts[&r[3]].contains(&piece), "{piece:?}");
        assert!(r[4].chars().count() <= 20 && r[6].chars().count() <= 20);
    }
    assert_eq!(kwic.iter().filter(|r| r[2] == "精神科病院").count(), 4);

    let pairs = read(&out.join("cooccurrence.csv"));
    assert_eq!(
        pairs[0],
        ["question_id", "question", "term_a", "term_b", "responses", "jaccard"]
    );
    let mut last = f64::INFINITY;
    for r in &pairs[1..] {
        assert!(r[4].parse::<u64>().unwrap() >= 2);
        let j: f64 = r[5].parse().unwrap();
        assert!(j <= last, "highest Jaccard first");
        assert_eq!(r[5].len(), 5, "3 decimals: {}", r[5]);
        last = j;
    }
}

/// `koe export` as a facilitator in Japan runs it (TZ=Asia/Tokyo): every time column of every
/// CSV file is local time ending in +09:00, and names the same instant the database stores (UTC).
#[test]
fn every_csv_time_is_tokyo_time_with_its_offset_and_the_stored_instant() {
    let s = setup();
    let db = s.dir.path().join("k.db");
    let out = s.dir.path().join("tokyo");
    let run = common::koe()
        .env("TZ", "Asia/Tokyo")
        .command()
        .args(["--db", db.to_str().unwrap(), "export"])
        .arg(fixture("every-type.json"))
        .args(["--include-partial", "--by", "session", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stored = |id: &str, column: &str| -> Option<String> {
        s.store
            .connection()
            .query_row(&format!("SELECT {column} FROM responses WHERE id = ?1"), [id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    let mut checked = 0;
    for file in std::fs::read_dir(&out).unwrap() {
        let path = file.unwrap().path();
        let t = read(&path);
        let id_col = t[0].iter().position(|h| h == "response_id");
        for (col, name) in t[0].iter().enumerate().filter(|(_, h)| h.ends_with("_at")) {
            let id_col = id_col.unwrap_or_else(|| panic!("{}: a time without a response id", path.display()));
            for row in &t[1..] {
                let cell = &row[col];
                let want = stored(&row[id_col], name);
                if cell.is_empty() {
                    assert_eq!(want, None, "{}: {name} empty but stored", path.display());
                    continue;
                }
                assert!(cell.ends_with("+09:00"), "{}: {name} = {cell}", path.display());
                let at: jiff::Timestamp = cell.parse().unwrap();
                let want: jiff::Timestamp = want.unwrap().parse().unwrap();
                assert_eq!(at, want, "{}: {name}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 12, "only {checked} time cells found");
}
