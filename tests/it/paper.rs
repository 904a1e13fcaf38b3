//! Paper sheets outside the entry form: the sheet number in JSON Lines imports, the `sheet` and
//! `verified` columns of responses.csv, the unverified count of `koe export`, the paper counts of
//! `koe list`, and merging databases keeps sheet numbers and verification.

use std::path::Path;
use std::process::Output;

use koe::store::Store;
use koe::survey::{Survey, load_file};
use serde_json::{Map, json};

use crate::common;

fn survey() -> Survey {
    load_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/surveys/council-feedback.json"
    )))
    .unwrap()
}

/// koe over a copy of the example surveys (not the repository's surveys/, which a user may add to).
fn koe(db: &Path, args: &[&str]) -> Output {
    common::koe().db(db).surveys(common::surveys_dir()).run(args)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const LINES: &str = r#"{"session": "紙", "sheet": "007", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}
{"session": "紙", "sheet": 8, "answers": {"sector": "med", "useful": 5, "relationships": 2}}
{"session": "会場", "answers": {"sector": "welfare", "useful": 3, "relationships": 4}}
"#;

#[test]
fn import_takes_sheet_numbers_and_refuses_a_number_used_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let file = dir.path().join("paper.jsonl");
    std::fs::write(&file, LINES).unwrap();
    let out = koe(&db, &["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let store = Store::open(&db).unwrap();
    let mut store = store;
    let session = store.session("council-feedback", "紙").unwrap();
    let numbers: Vec<String> = store.sheets(&session).unwrap().into_iter().map(|s| s.number).collect();
    assert_eq!(numbers, ["7", "8"], "007 is stored as sheet 7");
    drop(store);

    // The same number twice in one file, and a number already stored: both named by line.
    let again = dir.path().join("again.jsonl");
    std::fs::write(
        &again,
        concat!(
            r#"{"session": "紙", "sheet": "9", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}"#,
            "\n",
            r#"{"session": "紙", "sheet": "09", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}"#,
            "\n",
            r#"{"session": "紙", "sheet": "7", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}"#,
            "\n",
        ),
    )
    .unwrap();
    let out = koe(&db, &["import", "council-feedback", again.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("again.jsonl:2: sheet 9 is also on line 1"), "{err}");
    assert!(err.contains("again.jsonl:3: sheet 7 is already stored"), "{err}");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        r#"{"sheet": [1], "answers": {"sector": "gov", "useful": 4, "relationships": 3}}"#,
    )
    .unwrap();
    let out = koe(&db, &["import", "council-feedback", bad.to_str().unwrap()]);
    assert!(text(&out.stderr).contains("bad.jsonl:1: sheet: expected a sheet number"));
}

#[test]
fn export_has_sheet_and_verified_columns_and_says_how_many_are_unverified() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let file = dir.path().join("paper.jsonl");
    std::fs::write(&file, LINES).unwrap();
    assert!(
        koe(&db, &["import", "council-feedback", file.to_str().unwrap()])
            .status
            .success()
    );
    {
        // Verify sheet 8 as `koe entry --verify` does, with one difference resolved.
        let mut store = Store::open(&db).unwrap();
        let session = store.session("council-feedback", "紙").unwrap();
        let sheet = store.find_sheet(&session, "8").unwrap().unwrap();
        let answers: Map<String, serde_json::Value> = json!({"sector": "med", "useful": 4, "relationships": 2})
            .as_object()
            .unwrap()
            .clone();
        store.finish_verify(&sheet.response, &survey(), &answers, 1).unwrap();
    }
    let out_dir = dir.path().join("out");
    let out = koe(
        &db,
        &[
            "export",
            "council-feedback",
            "--out",
            out_dir.to_str().unwrap(),
            "--encoding",
            "utf8",
        ],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stdout.contains("1 paper sheet(s) not yet verified"), "{stdout}");
    let mut csv = csv::Reader::from_path(out_dir.join("responses.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..7],
        [
            "response_id",
            "session",
            "started_at",
            "submitted_at",
            "status",
            "sheet",
            "verified"
        ]
    );
    let rows: Vec<Vec<String>> = csv
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let cols: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[5].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(cols, [("紙", "7", "false"), ("紙", "8", "true"), ("会場", "", "")]);
    assert_eq!(header[9], "useful");
    assert_eq!(rows[1][9], "4", "the verified answer is exported");

    let list = text(&koe(&db, &["list"]).stdout);
    assert!(
        list.contains("paper sheets: entered 2, verified 1, differences resolved 1"),
        "{list}"
    );
}

#[test]
fn merging_keeps_sheet_numbers_and_verification() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    let s = survey();
    {
        let mut store = Store::open(&other).unwrap();
        let hash = store.register_survey(&s).unwrap();
        let session = store.session(&s.id, "紙").unwrap();
        let sheet = store.start_sheet(&session, &hash, "31").unwrap();
        store
            .save_answer(&sheet.response, s.question("sector").unwrap(), &json!("gov"))
            .unwrap();
        store.store_sheet(&sheet.response).unwrap();
        let answers = store.answers(&sheet.response).unwrap();
        store.finish_verify(&sheet.response, &s, &answers, 0).unwrap();
    }
    let mut store = Store::open(&dir.path().join("koe.db")).unwrap();
    koe::store::merge::merge(&mut store, &other).unwrap();
    let counts = store.session_counts().unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(
        (
            counts[0].paper.entered,
            counts[0].paper.verified,
            counts[0].paper.resolved
        ),
        (1, 1, 0)
    );
}

/// `koe entry --verify` with a mistyped session refuses in one line naming the sessions that have
/// paper sheets, instead of opening a second entry of no sheets.
#[test]
fn verify_with_a_mistyped_session_lists_the_sessions_with_paper_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let file = dir.path().join("paper.jsonl");
    std::fs::write(&file, LINES).unwrap();
    let out = koe(&db, &["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = koe(&db, &["entry", "council-feedback", "--verify", "--session", "神"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "council-feedback: no session \"神\" with paper sheets to verify; its sessions with paper sheets: 紙"
        ),
        "{err}"
    );
}
