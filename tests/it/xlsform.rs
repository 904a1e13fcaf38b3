//! XLSForm workbooks: the reader on workbooks written here with rust_xlsxwriter (every type, every
//! relevant operator, Japanese and English labels), broken workbooks refused with sheet, cell and
//! column, the writer's round trip, `koe convert` and `koe new`, a workbook in LibreOffice's
//! conventions used end to end beside its JSON twin, and mutated workbooks that never panic.

use std::path::{Path, PathBuf};
use std::process::Output;

use koe::survey::catalog::load_all;
use koe::survey::xlsform::{survey_from_workbook, write};
use serde_json::{Value, json};
use workbooks::{Sheets, book, libreoffice_form, set, sheets};

use crate::common::{self, workbooks};

fn canonical(s: &koe::survey::Survey) -> Value {
    serde_json::to_value(s).unwrap()
}

fn read(sheets: &Sheets) -> Value {
    match survey_from_workbook(book(sheets), "test") {
        Ok(s) => canonical(&s),
        Err(faults) => panic!(
            "{}",
            faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
        ),
    }
}

fn koe(args: &[&str], db: Option<&Path>) -> Output {
    match db {
        Some(db) => common::koe().db(db).run(args),
        None => common::koe().run(args),
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn every_type() -> Sheets {
    sheets(&[
        (
            "survey",
            &[
                &[
                    "type",
                    "name",
                    "label::Japanese (ja)",
                    "label::English (en)",
                    "hint::Japanese (ja)",
                    "required",
                    "relevant",
                    "constraint",
                    "appearance",
                    "parameters",
                    "koe::min_label::Japanese (ja)",
                    "koe::allow_na",
                    "koe::unit::Japanese (ja)",
                ],
                &["begin_group", "intro", "はじめに", "Introduction", "所属を伺います"],
                &["select_one role or_other", "role", "所属", "Sector", "", "yes"],
                &[
                    "select_multiple topics",
                    "topics",
                    "テーマ",
                    "Topics",
                    "",
                    "TRUE",
                    "",
                    "count-selected(.) >= 1 and count-selected(.) <= 2",
                ],
                &["end_group"],
                &[
                    "range",
                    "useful",
                    "役に立ったか",
                    "Useful?",
                    "",
                    "true()",
                    "",
                    "",
                    "",
                    "start=1 end=5 step=1",
                    "全くそう思わない",
                    "yes",
                ],
                &["select_one yn", "again", "また参加したいか", "Again?"],
                &[
                    "integer",
                    "people",
                    "人数",
                    "People",
                    "",
                    "",
                    "",
                    ". >= 0 and . <= 120",
                    "",
                    "",
                    "",
                    "",
                    "人",
                ],
                &["decimal", "hours", "時間", "Hours", "", "", "${people} > 3", ". >= 0.5"],
                &[
                    "text",
                    "why",
                    "理由",
                    "Why?",
                    "",
                    "",
                    "${useful} <= 2 and ${role} != 'gov'",
                    "string-length(.) <= 300",
                    "multiline",
                ],
                &[
                    "begin_group",
                    "grasp",
                    "理解は深まりましたか",
                    "Did your understanding deepen?",
                    "",
                    "",
                    "selected(${role}, 'med') or ${useful} >= 4",
                    "",
                    "table-list",
                ],
                &["select_one agree", "system", "仕組み", "The system", "", "yes"],
                &["select_one agree", "roles", "役割", "Roles", "", "yes"],
                &["end_group"],
                &[
                    "rank prio",
                    "prio",
                    "優先順位",
                    "Priorities",
                    "",
                    "",
                    "not(${again} = 'no')",
                ],
                &[
                    "note",
                    "bye",
                    "ありがとう",
                    "Thanks",
                    "",
                    "",
                    "(${useful} < 3 or ${useful} = 5) and string-length(${why}) > 0",
                ],
                &[
                    "text",
                    "pick",
                    "追加",
                    "More",
                    "",
                    "",
                    "${role} = 'gov' or ${role} = 'med'",
                ],
                &[
                    "text",
                    "last",
                    "最後",
                    "Last",
                    "",
                    "",
                    "${useful} = 'na' or selected(${topics}, 'housing') or count-selected(${topics}) >= 2 or ${hours} <= 1.5 or ${grasp} != '' or string-length(${pick}) = 0 or ${again} = 'yes'",
                ],
            ],
        ),
        (
            "choices",
            &[
                &["list name", "name", "label::Japanese (ja)", "label::English (en)"],
                &["role", "gov", "行政", "Government"],
                &["role", "med", "医療", "Medical"],
                &["topics", "housing", "住まい", "Housing"],
                &["topics", "work", "就労", "Work"],
                &["topics", "peer", "ピアサポート", "Peer support"],
                &["yn", "yes", "はい", "Yes"],
                &["yn", "no", "いいえ", "No"],
                &["agree", "1", "そう思わない", "Disagree"],
                &["agree", "2", "あまり", "A little"],
                &["agree", "3", "そう思う", "Agree"],
                &["prio", "cases", "事例", "Cases"],
                &["prio", "talk", "講義", "Talks"],
            ],
        ),
        (
            "settings",
            &[
                &["form_id", "form_title", "default_language"],
                &["every-type", "すべての型", "Japanese (ja)"],
            ],
        ),
    ])
}

#[test]
fn every_type_and_every_relevant_operator_in_japanese_and_english() {
    let got = read(&every_type());
    let l = |ja: &str, en: &str| json!({"ja": ja, "en": en});
    let expected = json!({
        "id": "every-type",
        "title": "すべての型",
        "languages": ["ja", "en"],
        "questions": [
            {"id": "intro", "text": l("はじめに", "Introduction"), "help": {"ja": "所属を伺います"}, "type": "note"},
            {"id": "role", "text": l("所属", "Sector"), "required": true, "type": "single_choice",
             "choices": [{"value": "gov", "label": l("行政", "Government")}, {"value": "med", "label": l("医療", "Medical")}],
             "other": true},
            {"id": "topics", "text": l("テーマ", "Topics"), "required": true, "type": "multiple_choice",
             "choices": [{"value": "housing", "label": l("住まい", "Housing")}, {"value": "work", "label": l("就労", "Work")},
                         {"value": "peer", "label": l("ピアサポート", "Peer support")}],
             "min_selected": 1, "max_selected": 2},
            {"id": "useful", "text": l("役に立ったか", "Useful?"), "required": true, "type": "scale", "min": 1, "max": 5,
             "min_label": {"ja": "全くそう思わない"}, "allow_na": true},
            {"id": "again", "text": l("また参加したいか", "Again?"), "type": "yes_no"},
            {"id": "people", "text": l("人数", "People"), "type": "number", "min": 0.0, "max": 120.0, "integer": true,
             "unit": {"ja": "人"}},
            {"id": "hours", "text": l("時間", "Hours"), "show_if": {"question": "people", "at_least": 4.0},
             "type": "number", "min": 0.5, "integer": false},
            {"id": "why", "text": l("理由", "Why?"),
             "show_if": {"all": [{"question": "useful", "at_most": 2.0}, {"question": "role", "not_equals": "gov"}]},
             "type": "text", "multiline": true, "max_length": 300},
            {"id": "grasp", "text": l("理解は深まりましたか", "Did your understanding deepen?"), "required": true,
             "show_if": {"any": [{"question": "role", "equals": "med"}, {"question": "useful", "at_least": 4.0}]},
             "type": "matrix", "rows": [{"id": "system", "text": l("仕組み", "The system")}, {"id": "roles", "text": l("役割", "Roles")}],
             "min": 1, "max": 3, "labels": [l("そう思わない", "Disagree"), l("あまり", "A little"), l("そう思う", "Agree")]},
            {"id": "prio", "text": l("優先順位", "Priorities"), "show_if": {"not": {"question": "again", "equals": false}},
             "type": "rank", "choices": [{"value": "cases", "label": l("事例", "Cases")}, {"value": "talk", "label": l("講義", "Talks")}]},
            {"id": "bye", "text": l("ありがとう", "Thanks"),
             "show_if": {"all": [{"any": [{"question": "useful", "at_most": 2.0}, {"question": "useful", "equals": 5}]},
                                 {"question": "why", "answered": true}]},
             "type": "note"},
            {"id": "pick", "text": l("追加", "More"), "show_if": {"question": "role", "in": ["gov", "med"]}, "type": "text"},
            {"id": "last", "text": l("最後", "Last"),
             "show_if": {"any": [
                 {"question": "useful", "equals": "na"},
                 {"question": "topics", "includes": "housing"},
                 {"question": "topics", "at_least": 2.0},
                 {"question": "hours", "at_most": 1.5},
                 {"question": "grasp", "answered": true},
                 {"question": "pick", "answered": false},
                 {"question": "again", "equals": true}
             ]},
             "type": "text"}
        ]
    });
    assert_eq!(got, expected, "got:\n{}", serde_json::to_string_pretty(&got).unwrap());
}

/// A small valid workbook the broken cases below each change in one place.
fn base() -> Sheets {
    sheets(&[
        (
            "survey",
            &[
                &[
                    "type",
                    "name",
                    "label",
                    "relevant",
                    "constraint",
                    "required",
                    "parameters",
                    "appearance",
                ],
                &["select_one sector", "sector", "所属"],
                &["integer", "n", "人数"],
                &["text", "why", "理由"],
            ],
        ),
        (
            "choices",
            &[
                &["list_name", "name", "label"],
                &["sector", "gov", "行政"],
                &["sector", "med", "医療"],
            ],
        ),
        ("settings", &[&["form_id", "form_title"], &["base", "基本"]]),
    ])
}

type Change = fn(&mut Sheets);

/// Adds a `codes` sheet (id, label, question, words) with these rows.
fn add_codes(s: &mut Sheets, rows: &[&[&str]]) {
    let mut sheet = vec![["id", "label", "question", "words"].map(String::from).to_vec()];
    sheet.extend(rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()));
    s.push(("codes".into(), sheet));
}

/// Each broken workbook: what is changed, and what the message must say (sheet!cell (column) …).
fn broken_cases() -> Vec<(&'static str, Change, &'static str)> {
    vec![
        (
            "unknown-ref",
            |s| set(s, "survey", "D4", "${sector2} = 'gov'"),
            "survey!D4 (relevant): unknown question \"${sector2}\"",
        ),
        (
            "later-ref",
            |s| set(s, "survey", "D2", "${n} > 1"),
            "survey!D2 (relevant): question \"${n}\" comes later",
        ),
        (
            "self-ref",
            |s| set(s, "survey", "D3", "${n} > 1"),
            "survey!D3 (relevant): a question cannot depend on itself",
        ),
        (
            "arithmetic",
            |s| set(s, "survey", "D4", "${n} + 1 > 3"),
            "survey!D4 (relevant): koe cannot read '+'",
        ),
        (
            "not-a-choice",
            |s| set(s, "survey", "D4", "${sector} = 'edu'"),
            "survey!D4 (relevant): \"edu\" is not one of the choices",
        ),
        (
            "regex",
            |s| set(s, "survey", "E3", "regex(., '[0-9]+')"),
            "survey!E3 (constraint): koe cannot read this constraint — write . >= 0 and . <= 100 instead",
        ),
        (
            "min-max",
            |s| set(s, "survey", "E3", ". >= 10 and . <= 5"),
            "survey!E3 (constraint): min 10 must be less than max 5",
        ),
        (
            "dynamic-required",
            |s| set(s, "survey", "F3", "${sector} = 'gov'"),
            "survey!F3 (required): koe cannot make a question required by a condition",
        ),
        (
            "code-of-a-choice-question",
            |s| add_codes(s, &[&["peer", "ピア", "sector", "ピア、当事者"]]),
            "codes!C2 (question): codes sort the answers of text questions; \"sector\" is single_choice",
        ),
        (
            "code-without-words",
            |s| add_codes(s, &[&["peer", "ピア", "why", " 、 "]]),
            "codes!D2 (words): list at least one word",
        ),
        (
            "code-twice",
            |s| add_codes(s, &[&["peer", "ピア", "", "ピア"], &["peer", "当事者", "", "当事者"]]),
            "codes!A3 (id): code id \"peer\" is used twice",
        ),
        (
            "code-without-label",
            |s| add_codes(s, &[&["peer", "", "", "ピア"]]),
            "codes!A2 (id): missing field \"label\"",
        ),
        (
            "code-column-misspelt",
            |s| {
                add_codes(s, &[&["peer", "ピア", "", "ピア"]]);
                set(s, "codes", "D1", "word");
            },
            "codes!D1 (word): unknown column \"word\" — did you mean words?",
        ),
        (
            "keyword-in-both-lists",
            |s| {
                s.push((
                    "keywords".into(),
                    vec![
                        vec!["extra_words".into(), "ignore_words".into()],
                        vec!["協議の場".into(), "取組".into()],
                        vec![String::new(), "協議の場".into()],
                    ],
                ))
            },
            "keywords!B3 (ignore_words): \"協議の場\" is also in extra_words",
        ),
        (
            "unknown-type",
            |s| set(s, "survey", "A3", "interger"),
            "survey!A3 (type): unknown type \"interger\"",
        ),
        (
            "geopoint",
            |s| set(s, "survey", "A3", "geopoint"),
            "survey!A3 (type): koe cannot ask a geopoint question — write text (a place name) instead",
        ),
        (
            "calculate",
            |s| set(s, "survey", "A3", "calculate"),
            "survey!A3 (type): koe cannot ask a calculate question",
        ),
        (
            "repeat",
            |s| set(s, "survey", "A3", "begin_repeat"),
            "survey!A3 (type): koe cannot ask a begin_repeat question — ask each question once, or use a matrix",
        ),
        (
            "missing-list",
            |s| set(s, "survey", "A2", "select_one sectors"),
            "survey!A2 (type): no list \"sectors\" on the choices sheet",
        ),
        (
            "duplicate-name",
            |s| set(s, "survey", "B4", "n"),
            "survey!B4 (name): question id \"n\" is used twice",
        ),
        (
            "japanese-name",
            |s| set(s, "survey", "B3", "人数"),
            "survey!B3 (name): id \"人数\" may use only",
        ),
        (
            "no-label",
            |s| set(s, "survey", "C4", ""),
            "survey!C4 (label): a question needs a label",
        ),
        (
            "range-step",
            |s| {
                set(s, "survey", "A3", "range");
                set(s, "survey", "G3", "start=1 end=5 step=2");
            },
            "survey!G3 (parameters): koe's scales go in steps of 1",
        ),
        (
            "range-points",
            |s| {
                set(s, "survey", "A3", "range");
                set(s, "survey", "G3", "start=1 end=20");
            },
            "survey!G3 (parameters): a scale has 2 to 11 points",
        ),
        (
            "no-end-group",
            |s| set(s, "survey", "A5", "begin_group"),
            "survey!A5 (type): this group has no end_group row",
        ),
        (
            "stray-end-group",
            |s| set(s, "survey", "A5", "end_group"),
            "survey!A5 (type): end_group without a begin_group",
        ),
        (
            "choice-filter",
            |s| {
                set(s, "survey", "I1", "choice_filter");
                set(s, "survey", "I2", "region = ${n}");
            },
            "survey!I2 (choice_filter): koe cannot use the choice_filter column",
        ),
        (
            "choice-no-label",
            |s| set(s, "choices", "C3", ""),
            "choices!C3 (label): a choice needs a label",
        ),
        (
            "choice-twice",
            |s| set(s, "choices", "B3", "gov"),
            "choices!B3 (name): choice value \"gov\" is used twice",
        ),
        (
            "no-survey-sheet",
            |s| s[0].0 = "questions".into(),
            "the workbook has no sheet named \"survey\"",
        ),
        (
            "operator-backwards",
            |s| set(s, "survey", "D4", "${n} =< 2"),
            "survey!D4 (relevant): write <= instead of =<",
        ),
        (
            "value-without-quotes",
            |s| set(s, "survey", "D4", "${sector} = gov"),
            "survey!D4 (relevant): add quotes around the value: write ${sector} = 'gov' instead of ${sector} = gov",
        ),
        (
            "no-choices-sheet",
            |s| s[1].0 = "選択肢".into(),
            "the workbook has no sheet named \"choices\" (its sheets: survey, 選択肢, settings)",
        ),
        (
            "language-name",
            |s| set(s, "survey", "C1", "label::Klingon"),
            "survey!C1 (label::Klingon): cannot tell the language code",
        ),
        (
            "koe-column",
            |s| set(s, "survey", "I1", "koe::allow_nan"),
            "survey!I1 (koe::allow_nan): unknown column",
        ),
        (
            "select-multiple-equals",
            |s| {
                set(s, "survey", "A2", "select_multiple sector");
                set(s, "survey", "D4", "${sector} = 'gov'");
            },
            "survey!D4 (relevant): \"${sector}\" allows several answers: write selected(${sector}, 'v') instead",
        ),
        (
            "unit-on-text",
            |s| {
                set(s, "survey", "I1", "koe::unit");
                set(s, "survey", "I4", "字");
            },
            "survey!I4 (koe::unit): koe::unit belongs to number questions",
        ),
        (
            "matrix-half-required",
            |s| {
                set(s, "survey", "A2", "begin_group");
                set(s, "survey", "H2", "table-list");
                set(s, "survey", "A3", "select_one scale");
                set(s, "survey", "F3", "yes");
                set(s, "survey", "A4", "select_one scale");
                set(s, "survey", "A5", "end_group");
                set(s, "choices", "A4", "scale");
                set(s, "choices", "B4", "1");
                set(s, "choices", "C4", "低");
                set(s, "choices", "A5", "scale");
                set(s, "choices", "B5", "2");
                set(s, "choices", "C5", "高");
            },
            "survey!F2 (required): some rows of this matrix are required and some not",
        ),
        (
            "indicator-question",
            |s| {
                s.push((
                    "indicators".into(),
                    vec![
                        ["name", "label", "question", "measure", "values", "target"]
                            .map(String::from)
                            .to_vec(),
                        ["gov_share", "行政の割合", "sectr", "percent", "gov", "50"]
                            .map(String::from)
                            .to_vec(),
                    ],
                ));
            },
            "indicators!C2 (question): unknown question \"sectr\"",
        ),
        (
            "indicator-value",
            |s| {
                s.push((
                    "indicators".into(),
                    vec![
                        ["name", "label", "question", "measure", "values", "target"]
                            .map(String::from)
                            .to_vec(),
                        ["gov_share", "行政の割合", "sector", "percent", "edu", "50"]
                            .map(String::from)
                            .to_vec(),
                    ],
                ));
            },
            "indicators!E2 (values): \"edu\" is not one of the choices of \"sector\"",
        ),
        (
            "misspelt-column",
            |s| set(s, "survey", "D1", "relevent"),
            "survey!D1 (relevent): unknown column \"relevent\" — did you mean relevant?",
        ),
        (
            "default-language",
            |s| {
                set(s, "settings", "C1", "default_language");
                set(s, "settings", "C2", "Elvish");
            },
            "settings!C2 (default_language): \"Elvish\" is not a language code",
        ),
    ]
}

#[test]
fn broken_workbooks_are_refused_with_sheet_cell_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = broken_cases();
    assert!(cases.len() >= 20);
    // The base itself is valid, so each fault below comes from its one change.
    read(&base());
    for (name, change, fragment) in cases {
        let mut s = base();
        change(&mut s);
        let path = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(&path, book(&s)).unwrap();
        let out = koe(&["validate", path.to_str().unwrap()], None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("{}: ", path.display())),
            "{name}: the file is not named: {err}"
        );
        assert!(err.contains(fragment), "{name}: expected {fragment:?} in:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Something that is not a workbook at all.
    let path = dir.path().join("not-a-workbook.xlsx");
    std::fs::write(&path, "type,name,label\n").unwrap();
    let out = koe(&["validate", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("cannot read the workbook"),
        "{}",
        text(&out.stderr)
    );
}

fn validate_in(lang: &str, path: &Path) -> String {
    let out = common::koe()
        .env("KOE_LANG", lang)
        .run(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    text(&out.stderr)
}

#[test]
fn broken_workbooks_are_refused_in_japanese_when_the_language_is_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let mut english = Vec::new();
    let mut books: Vec<(String, Vec<u8>, Vec<String>)> = broken_cases()
        .into_iter()
        .map(|(name, change, _)| {
            let mut s = base();
            change(&mut s);
            // A message may repeat what the workbook says (a type, a list's name) as it is.
            let own = s
                .iter()
                .flat_map(|(sheet, rows)| std::iter::once(sheet).chain(rows.iter().flatten()))
                .flat_map(|cell| cell.split(|c: char| !c.is_ascii_alphabetic()))
                .map(str::to_string)
                .collect();
            (name.to_string(), book(&s), own)
        })
        .collect();
    books.push(("not-a-workbook".into(), b"type,name,label\n".to_vec(), Vec::new()));
    for (name, bytes, own) in books {
        let path = dir.path().join(format!("{name}.xlsx"));
        std::fs::write(&path, bytes).unwrap();
        let err = validate_in("ja", &path);
        assert!(err.contains(&format!("{}: ", path.display())), "{name}: {err}");
        let left = crate::common::english_left(&err.replace(&*path.display().to_string(), ""), &own);
        if !left.is_empty() {
            english.push(format!("{name}: English words {left:?} left in:\n{err}"));
        }
    }
    assert!(english.is_empty(), "{}", english.join("\n"));
}

#[test]
fn workbook_faults_are_said_exactly_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(Change, &str, &str); 3] = [
        (
            |s| set(s, "survey", "D4", "${n} =< 2"),
            "survey!D4 (relevant): write <= instead of =< (XLSForm has no such operator)",
            "survey!D4 (relevant): =< という演算子は XLSForm にありません。<= と書いてください",
        ),
        (
            |s| set(s, "survey", "D4", "${sector} = gov"),
            "survey!D4 (relevant): add quotes around the value: write ${sector} = 'gov' instead of ${sector} = gov",
            "survey!D4 (relevant): 値を引用符で囲んでください: ${sector} = gov ではなく ${sector} = 'gov' と書きます",
        ),
        (
            |s| s[1].0 = "Choices list".into(),
            "the workbook has no sheet named \"choices\" (its sheets: survey, Choices list, settings)",
            "ブックに \"choices\" という名前のシートがありません（あるシート: survey, Choices list, settings）",
        ),
    ];
    for (i, (change, en, ja)) in cases.into_iter().enumerate() {
        let mut s = base();
        change(&mut s);
        let path = dir.path().join(format!("case{i}.xlsx"));
        std::fs::write(&path, book(&s)).unwrap();
        let english = validate_in("en", &path);
        let japanese = validate_in("ja", &path);
        assert!(english.contains(en), "{en:?} not in:\n{english}");
        assert!(japanese.contains(ja), "{ja:?} not in:\n{japanese}");
        // One fault each, in either language.
        let faults = |out: &str| out.lines().filter(|l| l.contains(&*path.display().to_string())).count();
        assert_eq!(faults(&english), 1, "{english}");
        assert_eq!(faults(&japanese), 1, "{japanese}");
    }
}

#[test]
fn every_fault_of_a_workbook_is_reported_at_once_in_sheet_order() {
    let mut s = base();
    set(&mut s, "survey", "D4", "${nope} = 1");
    set(&mut s, "survey", "A3", "geopoint");
    set(&mut s, "choices", "C3", "");
    let faults: Vec<String> = survey_from_workbook(book(&s), "x")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    let at: Vec<&str> = faults.iter().map(|f| f.split(':').next().unwrap()).collect();
    assert_eq!(
        at,
        ["survey!A3 (type)", "survey!D4 (relevant)", "choices!C3 (label)"],
        "{faults:?}"
    );
    // Two faults on one row, one found while reading and one by the validator: both.
    let mut s = base();
    set(&mut s, "survey", "D3", "${nope} = 1");
    set(&mut s, "survey", "E3", ". >= 10 and . <= 5");
    let faults: Vec<String> = survey_from_workbook(book(&s), "x")
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(faults.len(), 2, "{faults:?}");
    assert!(faults[0].starts_with("survey!D3 (relevant)"), "{faults:?}");
    assert!(faults[1].starts_with("survey!E3 (constraint): min 10"), "{faults:?}");
}

#[test]
fn every_example_survey_survives_a_round_trip_through_a_workbook() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = load_all(&[common::surveys_dir(), root.join("tests/fixtures")]);
    assert!(catalog.broken.is_empty(), "{:?}", catalog.broken);
    assert!(catalog.surveys.len() >= 6);
    for entry in &catalog.surveys {
        let bytes = write::workbook(&entry.survey).unwrap();
        let back = survey_from_workbook(bytes, "x").unwrap_or_else(|f| {
            panic!(
                "{}: {}",
                entry.path.display(),
                f.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
            )
        });
        assert_eq!(canonical(&back), canonical(&entry.survey), "{}", entry.path.display());
    }
    // The example workbook is exactly what `koe convert` writes for its survey.
    let committed = root.join("surveys/training-evaluation.xlsx");
    let survey = koe::survey::load_file(&committed).unwrap();
    let written = write::workbook(&survey).unwrap();
    let committed = std::fs::read(&committed).unwrap();
    assert!(
        unzip(&written) == unzip(&committed),
        "surveys/training-evaluation.xlsx differs from what koe convert writes"
    );
    // Byte for byte where it was made: the zip writer records the host system in each entry's
    // "version made by" (Unix here, DOS on Windows), the one byte that differs on Windows.
    #[cfg(unix)]
    assert!(
        written == committed,
        "surveys/training-evaluation.xlsx: same entries, other bytes"
    );
    // And the rich workbook above: read, written, read again.
    let first = survey_from_workbook(book(&every_type()), "x").unwrap();
    let again = survey_from_workbook(write::workbook(&first).unwrap(), "x").unwrap();
    assert_eq!(canonical(&again), canonical(&first));
}

#[test]
fn convert_goes_both_ways_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("council.xlsx");
    let json = dir.path().join("council.json");
    let out = koe(
        &[
            "convert",
            "surveys/council-feedback.json",
            "--out",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = koe(
        &[
            "convert",
            xlsx.to_str().unwrap(),
            "--to",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let original = koe::survey::load_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/surveys/council-feedback.json"
    )))
    .unwrap();
    let back = koe::survey::load_file(&json).unwrap();
    assert_eq!(canonical(&back), canonical(&original));
    // Printed JSON when no --out is given; the type comes right after the id.
    let out = koe(&["convert", xlsx.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let printed = text(&out.stdout);
    assert!(
        printed.contains("\"id\": \"sector\",\n      \"type\": \"single_choice\""),
        "{printed}"
    );
    // Without --out a workbook goes to the current folder, not beside the JSON in the surveys
    // folder, where it would be a second survey with the same id.
    let cwd = tempfile::tempdir().unwrap();
    let json_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/council-feedback.json");
    let out = common::koe()
        .dir(cwd.path())
        .run(&["convert", json_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(cwd.path().join("council-feedback.xlsx").is_file());
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("surveys/council-feedback.xlsx")
            .exists()
    );
    // An existing file is left alone.
    let out = koe(
        &[
            "convert",
            "surveys/council-feedback.json",
            "--out",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already exists"), "{}", text(&out.stderr));
    // A broken workbook converts to nothing.
    let mut s = base();
    set(&mut s, "survey", "D4", "${nope} = 1");
    let bad = dir.path().join("bad.xlsx");
    std::fs::write(&bad, book(&s)).unwrap();
    let out = koe(&["convert", bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("survey!D4 (relevant)"));
    assert!(out.stdout.is_empty());
}

#[test]
fn koe_new_writes_a_starter_that_validates() {
    let dir = tempfile::tempdir().unwrap();
    let surveys = dir.path().join("surveys");
    for (id, flag, file) in [("kaigi", None, "kaigi.json"), ("kenshu", Some("--xlsx"), "kenshu.xlsx")] {
        let mut args = vec!["--surveys", surveys.to_str().unwrap(), "new", id];
        args.extend(flag);
        let out = koe(&args, None);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let path = surveys.join(file);
        let stdout = text(&out.stdout);
        assert!(stdout.contains(&path.display().to_string()), "{stdout}");
        assert!(stdout.contains(&format!("koe validate {}", path.display())), "{stdout}");
        // The suggested run names the file, so it works from any folder, whatever --surveys was.
        assert!(
            stdout.contains(&format!("koe run {} --no-kiosk", path.display())),
            "{stdout}"
        );
        let out = koe(&["validate", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    // The same id again, or an id koe cannot use, is refused.
    let out = koe(
        &["--surveys", surveys.to_str().unwrap(), "new", "kaigi", "--xlsx"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already exists"));
    let out = koe(&["--surveys", surveys.to_str().unwrap(), "new", "会議"], None);
    assert_eq!(out.status.code(), Some(2));
}

/// The same survey written by hand as koe JSON.
const TWIN: &str = r#"{
  "id": "furikaeri", "title": "協議の場 ふりかえり", "languages": ["ja", "en"],
  "questions": [
    {"id": "sector", "type": "single_choice", "required": true, "text": {"ja": "所属", "en": "Sector"},
     "choices": [{"value": "gov", "label": {"ja": "行政", "en": "Government"}},
                 {"value": "med", "label": {"ja": "医療", "en": "Medical"}}]},
    {"id": "useful", "type": "scale", "required": true, "min": 1, "max": 5,
     "text": {"ja": "役に立ちましたか", "en": "Was it useful?"}},
    {"id": "again", "type": "yes_no", "text": {"ja": "また参加しますか", "en": "Will you come again?"}},
    {"id": "grasp", "type": "matrix", "text": {"ja": "理解度", "en": "Understanding"}, "min": 1, "max": 4,
     "rows": [{"id": "system", "text": {"ja": "仕組み", "en": "The system"}}, {"id": "roles", "text": {"ja": "役割", "en": "Roles"}}],
     "labels": [{"ja": "低い", "en": "Low"}, {"ja": "普通", "en": "Fair"}, {"ja": "高い", "en": "High"}, {"ja": "とても高い", "en": "Very high"}]},
    {"id": "comment", "type": "text", "text": {"ja": "感想", "en": "Comments"}, "show_if": {"question": "useful", "at_least": 3}}
  ]
}"#;

const ANSWERS: &str = r#"{"answers": {"sector": "gov", "useful": 4, "again": true, "grasp": {"system": 3, "roles": 4}, "comment": "よかった"}}
{"answers": {"sector": "med", "useful": 2, "again": false, "grasp": {"system": 1, "roles": 2}}}
{"session": "午後", "answers": {"sector": "gov", "useful": 5, "grasp": {"system": 4, "roles": 4}, "comment": "また来たい"}}
"#;

fn write_form(dir: &Path) -> PathBuf {
    let path = dir.join("furikaeri.xlsx");
    std::fs::write(&path, book(&libreoffice_form())).unwrap();
    path
}

#[test]
fn a_libreoffice_style_workbook_validates_imports_and_exports_as_its_json_twin() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = write_form(dir.path());
    let json = dir.path().join("twin").join("furikaeri.json");
    std::fs::create_dir_all(json.parent().unwrap()).unwrap();
    std::fs::write(&json, TWIN).unwrap();
    let out = koe(&["validate", xlsx.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        canonical(&koe::survey::load_file(&xlsx).unwrap()),
        canonical(&koe::survey::load_file(&json).unwrap())
    );
    let jsonl = dir.path().join("answers.jsonl");
    std::fs::write(&jsonl, ANSWERS).unwrap();
    let mut exported = Vec::new();
    for (name, survey) in [("xlsx", &xlsx), ("json", &json)] {
        let db = dir.path().join(format!("{name}.db"));
        let out = koe(
            &["import", survey.to_str().unwrap(), jsonl.to_str().unwrap()],
            Some(&db),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("imported 3 response(s)"),
            "{}",
            text(&out.stdout)
        );
        let outdir = dir.path().join(format!("export-{name}"));
        let out = koe(
            &["export", survey.to_str().unwrap(), "--out", outdir.to_str().unwrap()],
            Some(&db),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let files: Vec<String> = ["summary.csv", "stats.csv"]
            .iter()
            .map(|f| std::fs::read_to_string(outdir.join(f)).unwrap())
            .collect();
        exported.push(files);
    }
    assert_eq!(exported[0], exported[1]);
    assert!(exported[0][0].contains("grasp/system"), "{}", exported[0][0]);
    // The surveys folder lists the workbook beside JSON files.
    let out = koe(
        &["--surveys", dir.path().to_str().unwrap(), "list"],
        Some(&dir.path().join("xlsx.db")),
    );
    assert!(
        text(&out.stdout).contains("furikaeri  協議の場 ふりかえり"),
        "{}",
        text(&out.stdout)
    );
}

/// A workbook's parts: (name, text).
fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            (f.name().unwrap().to_string(), text)
        })
        .collect()
}

fn rezip(parts: &[(String, String)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A tiny deterministic generator, so a failing mutation can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const JUNK: &[&str] = &[
    "",
    "select_one",
    "select_one sector or_other extra",
    "begin_group",
    "end_group",
    "begin group",
    "range",
    "rank",
    "note",
    "integer",
    "decimal",
    "text",
    "${",
    "${n}",
    "${n} = ",
    "((((",
    "not(",
    "selected(${sector})",
    "count-selected(.) <= -1",
    ". >= 1e9",
    "start=9 end=1",
    "start=a",
    "step=0",
    "label::",
    "koe::labels",
    "koe::max_ranked",
    "koe::type",
    "yes",
    "no",
    "TRUE",
    "table-list",
    "multiline",
    "999999999999999999999",
    "-0.5",
    "1.5",
    "sector",
    "n",
    "why",
    "list_name",
    "name",
    "label",
    "type",
    "relevant",
    "constraint",
    "\u{0}",
    "ｶﾞ😀",
    "string-length(${why}) > 0",
    "${sector} = 'gov' or ${sector} = 'med'",
    "label::日本語 (ja)",
];

#[test]
fn mutated_workbooks_never_panic() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let seeds = [base(), every_type(), libreoffice_form()];
    for round in 0..300 {
        let mut s = seeds[round % seeds.len()].clone();
        for _ in 0..1 + rng.below(4) {
            let sheet = rng.below(s.len());
            let rows = &mut s[sheet].1;
            match rng.below(4) {
                0 if !rows.is_empty() => {
                    let r = rng.below(rows.len());
                    rows.remove(r);
                }
                1 if !rows.is_empty() => {
                    let r = rng.below(rows.len());
                    let copy = rows[r].clone();
                    rows.insert(rng.below(rows.len() + 1), copy);
                }
                _ => {
                    let r = rng.below(rows.len() + 2);
                    while rows.len() <= r {
                        rows.push(Vec::new());
                    }
                    let c = rng.below(14);
                    while rows[r].len() <= c {
                        rows[r].push(String::new());
                    }
                    rows[r][c] = JUNK[rng.below(JUNK.len())].to_string();
                }
            }
        }
        if round % 50 == 0 {
            let i = rng.below(s.len());
            s[i].0 = if rng.below(2) == 0 {
                s[i].0.to_uppercase()
            } else {
                format!("other{i}")
            };
        }
        let _ = survey_from_workbook(book(&s), "fuzz");
    }
    // Well-formed zips whose XML parts are damaged: characters dropped, doubled or replaced, cell
    // references and dimensions made huge or nonsensical, shared-string indexes out of range.
    let parts = unzip(&book(&every_type()));
    const XML_JUNK: &[&str] = &[
        "<",
        ">",
        "\"",
        "r=\"XFD1048576\"",
        "r=\"A0\"",
        "r=\"ZZZZZZ99999999999\"",
        "ref=\"A1:XFD1048576\"",
        "<v>999999</v>",
        "<v>-1</v>",
        "t=\"s\"",
        "t=\"e\"",
        "t=\"b\"",
        "t=\"d\"",
        "<c>",
        "</row>",
        "&amp;",
        "&#0;",
        "<si><t>x</t></si>",
        "count=\"-5\"",
        "<row r=\"0\">",
        "",
    ];
    for _ in 0..150 {
        let mut mutated = parts.clone();
        let xml: Vec<usize> = (0..mutated.len()).filter(|&i| mutated[i].0.ends_with(".xml")).collect();
        let target = xml[rng.below(xml.len())];
        let text = &mut mutated[target].1;
        for _ in 0..1 + rng.below(5) {
            let at = (0..=rng.below(text.len().max(1)))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            let end = (at..=(at + rng.below(12)).min(text.len()))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(at);
            text.replace_range(at..end, XML_JUNK[rng.below(XML_JUNK.len())]);
        }
        let _ = survey_from_workbook(rezip(&mutated), "fuzz");
    }
    // Damaged files: bytes flipped or cut short.
    let good = book(&base());
    for _ in 0..200 {
        let mut bytes = good.clone();
        if rng.below(3) == 0 {
            bytes.truncate(rng.below(bytes.len()));
        } else {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] = rng.next() as u8;
            }
        }
        let _ = survey_from_workbook(bytes, "fuzz");
    }
}

/// A renamed `choices` sheet is one fault that says the sheet is missing, not one "no list" per
/// select question.
#[test]
fn a_missing_choices_sheet_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = base();
    s[0].1.push(
        ["select_multiple sector", "sectors", "所属（複数）"]
            .map(String::from)
            .to_vec(),
    );
    s[0].1
        .push(["select_one agree", "agree", "賛成"].map(String::from).to_vec());
    s[1].0 = "Choices list".into();
    let path = dir.path().join("renamed.xlsx");
    std::fs::write(&path, book(&s)).unwrap();
    let out = koe(&["validate", path.to_str().unwrap()], None);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let faults: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(&*path.display().to_string()))
        .collect();
    assert_eq!(faults.len(), 1, "one fault, not one per select:\n{err}");
    assert!(
        faults[0].contains("no sheet named \"choices\" (its sheets: survey, Choices list, settings)"),
        "{err}"
    );
    assert!(!err.contains("no list"), "{err}");
}
