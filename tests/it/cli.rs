//! The command line as a user meets it: `koe validate` on the examples and the broken corpus,
//! `--help`, exit codes.

use std::path::Path;
use std::process::Output;

use crate::common;

fn koe(args: &[&str]) -> Output {
    common::koe().run(args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn corpus() -> Vec<(String, String)> {
    let table =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/EXPECTED.tsv")).unwrap();
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (file, fragment) = l.split_once('\t').unwrap();
            (file.to_string(), fragment.to_string())
        })
        .collect()
}

#[test]
fn the_example_surveys_are_valid() {
    // `koe validate` reads ./surveys: here a folder holding the examples alone, so that a survey a
    // user added to the repository's surveys/ (`koe new`) does not change the count.
    let dir = tempfile::tempdir().unwrap();
    common::copy_examples(&dir.path().join("surveys"));
    let out = common::koe().dir(dir.path()).run(&["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let examples = common::EXAMPLE_SURVEYS.iter().filter(|n| **n != "schema.json").count();
    assert!(stdout.contains(&format!("{examples} survey file(s) valid")), "{stdout}");
}

#[test]
fn every_broken_file_is_refused_with_its_name_and_place() {
    let cases = corpus();
    assert!(cases.len() >= 25, "the corpus must hold at least 25 broken files");
    for (file, fragment) in cases {
        let path = format!("tests/broken/{file}");
        let out = koe(&["validate", &path]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains(&path), "{file} is not named: {err}");
        assert!(err.contains(&fragment), "{file}: expected {fragment:?} in: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

fn koe_in(lang: &str, args: &[&str]) -> Output {
    common::koe().env("KOE_LANG", lang).run(args)
}

#[test]
fn every_broken_file_is_refused_in_japanese_when_the_language_is_japanese() {
    let mut english = Vec::new();
    for (file, _) in corpus() {
        let path = format!("tests/broken/{file}");
        let out = koe_in("ja", &["validate", &path]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert!(err.contains(&path), "{file} is not named: {err}");
        let left = common::english_left(&err.replace(&path, ""), &[]);
        if !left.is_empty() {
            english.push(format!("{file}: English words {left:?} left in:\n{err}"));
        }
    }
    assert!(english.is_empty(), "{}", english.join("\n"));
    // The locale decides when KOE_LANG does not.
    let out = koe_in_locale(
        &[("LANG", "ja_JP.UTF-8")],
        &["validate", "tests/broken/07-typo-requried.json"],
    );
    assert!(stderr(&out).contains("不明な項目"), "{}", stderr(&out));
}

#[test]
fn the_english_checker_finds_english_and_spares_names() {
    assert_eq!(
        common::english_left(
            "questions[0].requried: unknown field \"requried\" (did you suppose so?)",
            &[]
        ),
        ["unknown", "field", "suppose"]
    );
    assert_eq!(
        common::english_left(
            "survey!D4 (relevant): 質問 \"${q}\" が見つかりません（詳細: No such file）",
            &[]
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        common::english_left("choices シートに sectors がありません", &["sectors".into()]),
        Vec::<String>::new()
    );
}

#[test]
fn broken_files_are_described_exactly_in_both_languages() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "07-typo-requried.json",
            "tests/broken/07-typo-requried.json: questions[0].requried: unknown field \"requried\" (did you mean \"required\"?)",
            "tests/broken/07-typo-requried.json: questions[0].requried: 不明な項目 \"requried\" です（\"required\" の誤りではありませんか？）",
        ),
        (
            "01-syntax-missing-colon.json",
            "tests/broken/01-syntax-missing-colon.json:3:11: expected `:`",
            "tests/broken/01-syntax-missing-colon.json:3:11: ここに `:` が必要です（項目名のあとに `:` を書きます）",
        ),
        (
            "04-empty-questions.json",
            "tests/broken/04-empty-questions.json: questions: the survey has no questions",
            "tests/broken/04-empty-questions.json: questions: アンケートに質問が1つもありません",
        ),
        (
            "03-not-utf8.json",
            "the file is not UTF-8 text (save it as UTF-8)",
            "UTF-8 のテキストではありません（UTF-8 で保存し直してください）",
        ),
    ];
    for (file, en, ja) in cases {
        let path = format!("tests/broken/{file}");
        let english = stderr(&koe_in("en", &["validate", &path]));
        let japanese = stderr(&koe_in("ja", &["validate", &path]));
        assert!(
            english.lines().any(|l| l.contains(en)),
            "{file}: {en:?} not in:\n{english}"
        );
        assert!(
            japanese.lines().any(|l| l.contains(ja)),
            "{file}: {ja:?} not in:\n{japanese}"
        );
    }
    let japanese = stderr(&koe_in("ja", &["validate", "tests/broken/13-show-if-unknown.json"]));
    assert!(
        japanese.contains(": 質問 \"") && japanese.contains("\" が見つかりません"),
        "{japanese}"
    );
}

#[test]
fn a_folder_of_broken_files_reports_every_file_in_one_run() {
    let out = koe(&["validate", "tests/broken"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    for (file, _) in corpus() {
        assert!(err.contains(&file), "{file} missing from the folder run");
    }
    assert!(
        err.contains(&format!("{n} of {n} survey file(s) have faults", n = corpus().len())),
        "{err}"
    );
}

#[test]
fn every_fault_of_one_file_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.json");
    std::fs::write(
        &file,
        r#"{"id": "many", "title": "t", "questions": [
            {"id": "a", "type": "scale", "text": "x", "min": 3, "max": 1, "requried": true},
            {"id": "a", "type": "single_choice", "text": "y", "choices": [{"value": "v", "label": "V"}]},
            {"id": "c", "type": "text", "text": "z", "show_if": {"question": "nope", "equals": 1}}
        ]}"#,
    )
    .unwrap();
    let out = koe(&["validate", file.to_str().unwrap()]);
    let err = stderr(&out);
    for fragment in [
        "questions[0].requried: unknown field",
        "questions[0].min: min 3 must be less than max 1",
        "questions[1].id: question id \"a\" is used twice",
        "questions[1].choices: needs at least 2 choices",
        "questions[2].show_if.question: unknown question \"nope\"",
    ] {
        assert!(err.contains(fragment), "missing {fragment:?} in {err}");
    }
}

#[test]
fn a_bom_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bom.json");
    let body = r#"{"id": "bom", "title": "BOM付き", "questions": [{"id": "q", "type": "yes_no", "text": "はい？"}]}"#;
    std::fs::write(&file, [b"\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat()).unwrap();
    let out = koe(&["validate", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn two_files_with_one_survey_id_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let body = r#"{"id": "same", "title": "t", "questions": [{"id": "q", "type": "yes_no", "text": "q"}]}"#;
    std::fs::write(dir.path().join("a.json"), body).unwrap();
    std::fs::write(dir.path().join("b.json"), body).unwrap();
    let out = koe(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("b.json: id: survey id \"same\" is already used by"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn help_lists_every_command_and_bad_usage_exits_2() {
    let out = koe(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in [
        "run",
        "validate",
        "list",
        "import",
        "export",
        "merge",
        "--db",
        "--surveys",
        "KOE_DB",
        "KOE_SURVEYS",
    ] {
        assert!(help.contains(cmd), "--help lacks {cmd}");
    }
    // Examples and this computer's paths, for koe and for every command.
    assert!(help.contains("koe run council-feedback --session"), "{help}");
    assert!(help.contains("koe export council-feedback --format xlsx"), "{help}");
    let data_dir = koe::paths::data_dir();
    let default_db = format!("Database: {}", data_dir.join("koe.db").display());
    // As koe shows it: absolute in the platform's form (under Wine, `Z:\work\...` for the
    // compiled-in `/work/...`).
    let surveys_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys");
    let surveys = format!(
        "Surveys:  {}",
        std::path::absolute(&surveys_dir).unwrap_or(surveys_dir).display()
    );
    assert!(help.contains(&default_db), "{help}");
    assert!(help.contains(&surveys), "{help}");
    let commands = String::from_utf8_lossy(&koe(&["help"]).stdout).into_owned();
    let names: Vec<&str> = commands
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .collect();
    assert!(names.len() >= 6, "{commands}");
    for name in names {
        let out = koe(&[name, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains(&default_db), "koe {name} --help:\n{help}");
        assert!(
            help.contains(&format!("Example:\n  koe {name}")),
            "koe {name} --help has no example (add one to EXAMPLES in src/cli/help.rs):\n{help}"
        );
    }
    let version = koe(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("koe {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(koe(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(koe(&["validate", "no/such/file.json"]).status.code(), Some(2));
}

fn koe_db(db: &Path, args: &[&str]) -> Output {
    common::koe().db(db).run(args)
}

/// Every kind of fault a line of `koe import` can have, one per line, with what the Japanese
/// message must say of it (the English is checked by the tests of each rule).
const BAD_LINES: &[(&str, &str)] = &[
    (
        r#"{"answers": {"useful": 4, "relationships": 3}}"#,
        "sector: 必須の回答がありません",
    ),
    (
        r#"{"answers": {"sector": "gov", "useful": 9, "relationships": 3}}"#,
        "useful: 9 は 1〜5 の範囲外です",
    ),
    (
        r#"{"answers": {"sector": "city", "useful": 4, "relationships": 3}}"#,
        "\"city\" は選択肢にありません",
    ),
    (
        r#"{"answers": {"sector": "gov", "useful": "4", "relationships": 3}}"#,
        "useful: 1 から 5 までの点が必要です",
    ),
    (
        r#"{"answers": {"sector": "gov", "useful": 4, "relationships": 3, "mood": 1}}"#,
        "\"mood\" という質問はアンケートにありません",
    ),
    (
        r#"{"answers": {"sector": "gov", "useful": 5, "relationships": 3, "why_not_useful": "x"}}"#,
        "show_if の条件で表示されないため、答えは書けません",
    ),
    (
        r#"{"answers": {"sector": {"other": " "}, "useful": 4, "relationships": 3}}"#,
        "「その他」の内容が空です",
    ),
    (
        r#"{"answers": {"sector": "gov", "useful": 4, "relationships": 3, "new_contact": "yes"}}"#,
        "true か false の値が必要です",
    ),
    (
        r#"{"answers": {"sector": "gov", "useful": 4, "relationships": 3, "next_topics": ["peer", "peer"]}}"#,
        "\"peer\" が 2 回選ばれています",
    ),
    (r#"{oops"#, "JSON として読めません"),
    (r#"["answers"]"#, "の形のオブジェクトが必要です"),
    (r#"{"answer": {}}"#, "\"answer\" という項目は使えません"),
    (r#"{"id": "abc", "answers": {}}"#, "id: \"abc\" は UUID ではありません"),
    (r#"{"id": 7, "answers": {}}"#, "id: 文字列が必要です"),
    (
        r#"{"sheet": "1 2", "answers": {}}"#,
        "用紙番号に使えるのは英数字と - _ だけです",
    ),
    (r#"{"sheet": true, "answers": {}}"#, "sheet: 用紙番号が必要です"),
    (
        r#"{"session": " ", "answers": {}}"#,
        "session: セッションの名前が空です",
    ),
    (
        r#"{"submitted_at": "2026-11-25 14:03", "answers": {}}"#,
        "RFC 3339 の時刻ではありません",
    ),
    (r#"{"answers": []}"#, "answers: オブジェクトが必要です"),
    (r#"{"session": "s"}"#, "\"answers\" がありません"),
    (
        r#"{"sheet": "5", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}"#,
        "",
    ),
    (
        r#"{"sheet": "005", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}"#,
        "用紙番号 5 は同じセッションの 21 行目にもあります",
    ),
    (
        r#"{"id": "0000000a-d9cb-469f-a165-70867728950e", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}"#,
        "",
    ),
    (
        r#"{"id": "0000000A-D9CB-469F-A165-70867728950E", "answers": {"sector": "med", "useful": 4, "relationships": 3}}"#,
        "は 23 行目にもあり、答えが違います",
    ),
];

/// What a facilitator meets when an export's options or a backup's target are wrong, in Japanese:
/// the option and value named, why, and what to do.
#[test]
fn export_and_backup_faults_are_said_in_japanese_when_the_language_is_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let answers = dir.path().join("a.jsonl");
    std::fs::write(
        &answers,
        "{\"session\": \"第1回\", \"answers\": {\"sector\": \"gov\", \"useful\": 4, \"relationships\": 3}}\n",
    )
    .unwrap();
    assert_eq!(
        koe_db(&db, &["import", "council-feedback", answers.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let a_file = answers.to_str().unwrap();
    let ja = |args: &[&str]| {
        let out = common::koe().db(&db).env("KOE_LANG", "ja").run(args);
        (
            out.status.code(),
            stderr(&out).replace(&*dir.path().display().to_string(), ""),
        )
    };
    // Wrong options are refused (2); a file that is there already is a failure to write (1).
    let cases: [(&[&str], &str, i32); 5] = [
        (
            &["export", "council-feedback", "--out", a_file],
            "これはファイルです。フォルダを指定してください",
            2,
        ),
        (
            &["export", "council-feedback", "--session", "第9回"],
            "council-feedback にこのセッションはありません（セッション: 第1回）",
            2,
        ),
        (
            &["export", "council-feedback", "--by", "comments"],
            "--by comments: council-feedback の選択肢のある質問",
            2,
        ),
        (
            &["export", "council-feedback", "--lang", "fr"],
            "--lang fr: council-feedback の言語は ja, en です",
            2,
        ),
        (
            &["backup", a_file],
            "すでにあります。koe はバックアップでファイルを上書きしません",
            1,
        ),
    ];
    for (args, said, exit) in cases {
        let (code, err) = ja(args);
        assert_eq!(code, Some(exit), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?} should say {said:?}:\n{err}");
        let own = [
            "council",
            "feedback",
            "comments",
            "session",
            "sector",
            "useful",
            "relationships",
        ]
        .map(String::from);
        let left = common::english_left(&err, &own);
        assert!(left.is_empty(), "{args:?}: English words {left:?} left in:\n{err}");
    }
}

#[test]
fn every_fault_of_an_import_line_is_said_in_japanese_when_the_language_is_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let file = dir.path().join("wrong.jsonl");
    let text: String = BAD_LINES.iter().map(|(line, _)| format!("{line}\n")).collect();
    std::fs::write(&file, text).unwrap();
    let out = common::koe()
        .db(&db)
        .env("KOE_LANG", "ja")
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out).replace(&*file.display().to_string(), "wrong.jsonl");
    for (n, (_, said)) in BAD_LINES.iter().enumerate().filter(|(_, (_, said))| !said.is_empty()) {
        let at = format!("wrong.jsonl:{}: ", n + 1);
        let line = err.lines().find(|l| l.starts_with(&at));
        assert!(
            line.is_some_and(|l| l.contains(said)),
            "line {} should say {said:?}:\n{err}",
            n + 1
        );
    }
    assert!(err.contains("何も取り込んでいません"), "{err}");
    // Nothing English but the file's own words (the field names a line may have, ids, choice
    // values).
    let own: Vec<String> = [
        "UUID", "session", "sheet", "answers", "mood", "city", "peer", "true", "false", "welfare", "agency", "resident",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    let left = common::english_left(&err, &own);
    assert!(left.is_empty(), "English words {left:?} left in:\n{err}");
    assert!(!db.exists(), "a refused import created the database");
    // The same file in English says the same faults in English, line by line.
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    let en = stderr(&out);
    assert_eq!(
        en.lines().count(),
        err.lines().count(),
        "the same faults in both languages:\n{en}\n{err}"
    );
    assert!(en.contains(":1: sector: missing required answer"), "{en}");
    assert!(
        en.contains(":24: id 0000000a-d9cb-469f-a165-70867728950e is also on line 23, with different answers"),
        "{en}"
    );
}

#[test]
fn import_list_and_merge_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let good = dir.path().join("会議.jsonl");
    std::fs::write(
        &good,
        "{\"answers\": {\"sector\": \"gov\", \"useful\": 4, \"relationships\": 3, \"comments\": \"よかった\"}}\n\n\
         {\"session\": \"第2回\", \"answers\": {\"sector\": {\"other\": \"家族会\"}, \"useful\": \"na\", \"relationships\": 1}}\n",
    )
    .unwrap();
    let out = koe_db(&db, &["import", "council-feedback", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 2 response(s)"));

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"answers\": {\"sector\": \"gov\", \"useful\": 7, \"relationships\": 3}}\n{oops\n",
    )
    .unwrap();
    let out = koe_db(&db, &["import", "council-feedback", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("bad.jsonl:1: useful: 7 is outside 1 to 5"), "{err}");
    assert!(err.contains("bad.jsonl:2: not valid JSON"), "{err}");

    let out = koe_db(&db, &["import", "no-such-survey", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no survey with id \"no-such-survey\""));

    let list = String::from_utf8_lossy(&koe_db(&db, &["list"]).stdout).into_owned();
    assert!(list.contains("会議  ["), "{list}");
    assert!(list.contains("第2回  ["), "{list}");
    assert!(list.contains("submitted 1  partial 0"), "{list}");
    assert!(
        list.starts_with(&format!("database: {}\n", db.display())),
        "koe list says which database it read:\n{list}"
    );
    let survey_line = list.lines().find(|l| l.starts_with("council-feedback ")).unwrap();
    assert!(
        survey_line.ends_with("total: submitted 2  partial 0"),
        "the survey's total beside its sessions: {survey_line}"
    );

    let other = dir.path().join("other.db");
    std::fs::copy(&db, &other).unwrap();
    let out = koe_db(&db, &["merge", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 response(s) added"));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database").unwrap();
    let out = koe_db(&db, &["merge", other.to_str().unwrap(), junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("junk.db: not a koe database; nothing was merged"),
        "{}",
        stderr(&out)
    );
}

/// 練習モード responses beside real ones, through the command line: `koe list` shows them as 練習
/// and leaves them out of the totals, `koe export` leaves them out unless `--include-practice`
/// (status `practice`), and `koe delete` removes a session only with `--yes`.
#[test]
fn practice_answers_are_listed_apart_exported_only_when_asked_and_a_session_can_be_deleted() {
    use koe::store::Store;
    use serde_json::json;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    {
        let survey =
            koe::survey::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/council-feedback.json"))
                .unwrap();
        let mut store = Store::open(&db).unwrap();
        let hash = store.register_survey(&survey).unwrap();
        let real = store.session(&survey.id, "第3回").unwrap();
        let practice = store.session_of_kind(&survey.id, "お試し", true).unwrap();
        for (session, useful) in [(&real, 4), (&practice, 1), (&practice, 2)] {
            let r = store.start_response(session, &hash).unwrap();
            store
                .save_answer(&r, survey.question("useful").unwrap(), &json!(useful))
                .unwrap();
            store.submit(&r).unwrap();
        }
    }
    let run = |args: &[&str]| koe_db(&db, args);
    let listed = String::from_utf8_lossy(&run(&["list"]).stdout).into_owned();
    assert!(listed.contains("total: submitted 1  partial 0  (練習 2"), "{listed}");
    assert!(
        listed.contains("お試し") && listed.contains("練習 2 (practice"),
        "{listed}"
    );
    let out_dir = dir.path().join("out");
    let out = run(&["export", "council-feedback", "--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let responses = std::fs::read_to_string(out_dir.join("responses.csv")).unwrap();
    assert_eq!(responses.lines().count(), 2, "{responses}");
    assert!(!responses.contains("practice"));
    let with = dir.path().join("with");
    let out = run(&[
        "export",
        "council-feedback",
        "--include-practice",
        "--out",
        with.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let responses = std::fs::read_to_string(with.join("responses.csv")).unwrap();
    assert_eq!(responses.matches(",practice,").count(), 2, "{responses}");
    // Deleting: first only what would go, then with --yes.
    let out = run(&["delete", "council-feedback", "--session", "お試し"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("would delete"));
    assert!(stderr(&out).contains("--yes"));
    let out = run(&["delete", "council-feedback", "--session", "お試しX", "--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("お試し"),
        "the sessions there are named: {}",
        stderr(&out)
    );
    let out = run(&["delete", "council-feedback", "--session", "お試し", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = String::from_utf8_lossy(&run(&["list"]).stdout).into_owned();
    assert!(!listed.contains("お試し") && listed.contains("第3回"), "{listed}");
}

#[test]
fn a_koe_pin_that_is_not_four_to_twelve_digits_is_refused_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::koe()
        .db(dir.path().join("koe.db"))
        .env("KOE_PIN", "12")
        .run(&["run", "council-feedback"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("KOE_PIN"), "{}", stderr(&out));
    assert!(!dir.path().join("koe.db").exists(), "nothing started, nothing created");
}

/// Laptops' databases come on USB sticks and in folders named in Japanese, with spaces: merge
/// opens them read-only through a `file:` URI, which on Windows starts from a verbatim
/// `\\?\C:\...` path (the Windows check runs this under Wine).
#[test]
fn merge_from_a_folder_with_a_space_and_a_japanese_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let folder = dir.path().join("データ フォルダ");
    std::fs::create_dir(&folder).unwrap();
    let other = folder.join("ノートPC2.db");
    let answers = dir.path().join("answers.jsonl");
    std::fs::write(
        &answers,
        "{\"answers\": {\"sector\": \"gov\", \"useful\": 4, \"relationships\": 3}}\n\
         {\"answers\": {\"sector\": \"gov\", \"useful\": 2, \"relationships\": 1}}\n",
    )
    .unwrap();
    let out = koe_db(&other, &["import", "council-feedback", answers.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = koe_db(&db, &["import", "council-feedback", answers.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = koe_db(&db, &["merge", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(stdout.contains("2 response(s) added"), "{stdout}");
    let out = koe_db(&db, &["merge", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("0 response(s) added"),
        "a second merge adds nothing: {stdout}"
    );
}

/// koe run with a locale and no `KOE_LANG` (nor the locale variables of the machine running the
/// tests), in a folder of its own.
fn koe_in_locale(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut koe = common::koe();
    for name in ["KOE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        koe = koe.env_remove(name);
    }
    for (key, value) in env {
        koe = koe.env(key, value);
    }
    koe.run(args)
}

#[test]
fn the_command_line_speaks_japanese_when_the_locale_is_japanese() {
    let ja = [("LANG", "ja_JP.UTF-8")];
    let broken = "tests/broken/04-empty-questions.json";
    let out = koe_in_locale(&ja, &["validate", broken]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("アンケートファイル 1 件のうち 1 件に誤りがあります"),
        "{err}"
    );
    assert!(err.contains(broken), "the file is still named: {err}");

    let out = koe_in_locale(&ja, &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    for words in [
        "使い方: koe",
        "コマンド:",
        "オプション:",
        "アンケートファイルを確認します",
        "ヘルプを表示します",
        "例:",
        "データベース:",
    ] {
        assert!(help.contains(words), "{words:?} missing from:\n{help}");
    }
    assert!(!help.contains("Usage:") && !help.contains("Options:"), "{help}");
    // clap's "[default: …]", "[env: …]" and "Possible values:" in Japanese too.
    let out = koe_in_locale(&ja, &["export", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("［既定: utf8-bom］") && help.contains("使える値:") && help.contains("［環境変数: KOE_DB］"),
        "{help}"
    );
    assert!(
        !help.contains("[default:") && !help.contains("Possible values") && !help.contains("[env:"),
        "{help}"
    );
    // Each command's help too, with the description of its argument.
    let out = koe_in_locale(&ja, &["run", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("引数:") && help.contains("アンケート: その id"), "{help}");
    // clap's own usage errors, exit code unchanged.
    let out = koe_in_locale(&ja, &["exprt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("エラー: 知らないコマンド 'exprt' です"),
        "{}",
        stderr(&out)
    );
    // A value the option's parser refuses, a value given to a switch: said in Japanese, exit 2.
    for (args, said) in [
        (
            &["run", "council-feedback", "--idle-minutes", "abc"][..],
            "'--idle-minutes <MINUTES>' には整数を書きます（'abc' ではなく）",
        ),
        (
            &["export", "--include-partial=yes"][..],
            "'--include-partial' には値を書きません（'yes' が書かれています）",
        ),
    ] {
        let out = koe_in_locale(&ja, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(said), "{args:?}: {}", stderr(&out));
        assert!(
            common::english_left(&stderr(&out), &[]).is_empty(),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // `koe help help` lists the commands under a Japanese heading.
    let out = koe_in_locale(&ja, &["help", "help"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("コマンド:"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // LANG=C (and LC_ALL before LANG) is English; KOE_LANG chooses either way.
    for env in [
        &[("LANG", "C")][..],
        &[("LC_ALL", "C.UTF-8"), ("LANG", "ja_JP.UTF-8")][..],
        &[("KOE_LANG", "en"), ("LANG", "ja_JP.UTF-8")][..],
    ] {
        let out = koe_in_locale(env, &["validate", broken]);
        assert!(
            stderr(&out).contains("1 of 1 survey file(s) have faults"),
            "{env:?}: {}",
            stderr(&out)
        );
        let out = koe_in_locale(env, &["--help"]);
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: koe"), "{env:?}");
    }
    let out = koe_in_locale(&[("KOE_LANG", "ja"), ("LANG", "C")], &["validate", broken]);
    assert!(stderr(&out).contains("件に誤りがあります"), "{}", stderr(&out));
}

#[test]
fn help_shows_no_empty_env_value_and_describes_every_argument() {
    let out = koe_in_locale(&[("LANG", "C")], &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("[env: KOE_DB]") && !help.contains("KOE_DB="), "{help}");
    for (command, argument) in [
        ("run", "The survey: its id"),
        ("entry", "The survey: its id"),
        ("import", "The JSON Lines file"),
        ("backup", "Where to write the copy"),
        ("merge", "The other laptops' databases"),
        ("validate", "Survey files (.json, .xlsx) or folders"),
    ] {
        let out = koe_in_locale(&[("LANG", "C")], &[command, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            help.contains(argument),
            "koe {command} --help: {argument:?} missing:\n{help}"
        );
    }
}

#[test]
fn a_surveys_folder_that_does_not_exist_is_said_to_be_missing() {
    let dir = tempfile::tempdir().unwrap();
    // No ./surveys here, and the data folder is an empty one of the test's own.
    let run = |args: &[&str]| {
        common::koe()
            .dir(dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("HOME", dir.path())
            .run(args)
    };
    let out = run(&["validate"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("the surveys folder does not exist"), "{err}");
    if cfg!(target_os = "linux") {
        // XDG_DATA_HOME decides the data folder on Linux.
        assert!(
            err.contains(&dir.path().join("data/koe/surveys").display().to_string()),
            "{err}"
        );
    }
    assert!(
        err.contains(&format!("koe looked for surveys in {}", dir.path().display())),
        "{err}"
    );
    assert!(!err.contains("cannot read") && !err.contains("have faults"), "{err}");

    let out = run(&["validate", "--surveys", "nowhere"]);
    let err = stderr(&out);
    assert!(
        err.contains("nowhere: the surveys folder does not exist (chosen by --surveys or KOE_SURVEYS)"),
        "{err}"
    );

    let out = run(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("the surveys folder does not exist"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("skipped"), "{}", stderr(&out));
}
