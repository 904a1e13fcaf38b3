//! Issue 12's findings, each as a user (or a hostile file) meets it on the command line: text
//! from files never reaches the terminal raw, a closed pipe is quiet, imports and merges are all or
//! nothing, exports are private and whole.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Everything koe printed, for checking that no raw escape or bidi character is in it.
fn printed(o: &Output) -> String {
    stdout(o) + &stderr(o)
}

fn assert_no_raw_controls(o: &Output) {
    let all = printed(o);
    let raw: Vec<char> = all
        .chars()
        .filter(|c| (c.is_control() && *c != '\n') || ('\u{202A}'..='\u{202E}').contains(c))
        .collect();
    assert!(raw.is_empty(), "raw control characters {raw:?} in: {all}");
}

/// A survey whose title and texts carry an OSC title change and a bidi override.
fn hostile_survey(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("evil.json");
    std::fs::write(
        &file,
        r#"{"id": "evil", "title": "\u001b]0;pwned\u0007Evil \u202Etitle",
            "questions": [{"id": "q", "type": "yes_no", "text": "ok?"}]}"#,
    )
    .unwrap();
    file
}

#[test]
fn finding_2_list_import_validate_and_merge_show_escapes_instead_of_sending_them() {
    let dir = tempfile::tempdir().unwrap();
    let surveys = dir.path().join("surveys");
    std::fs::create_dir(&surveys).unwrap();
    hostile_survey(&surveys);
    let db = dir.path().join("k.db");
    let jsonl = dir.path().join("a.jsonl");
    std::fs::write(
        &jsonl,
        "{\"session\": \"\\u001b[2J\\u202Ebad\", \"answers\": {\"q\": true}}\n",
    )
    .unwrap();
    let with_surveys = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_koe"))
            .args(args)
            .env("KOE_DB", &db)
            .env("KOE_SURVEYS", &surveys)
            .output()
            .unwrap()
    };
    let out = with_surveys(&["import", "evil", jsonl.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_no_raw_controls(&out);
    assert!(stdout(&out).contains("\\u{1b}[2J\\u{202e}bad"), "{}", stdout(&out));

    let out = with_surveys(&["list"]);
    assert_no_raw_controls(&out);
    assert!(
        stdout(&out).contains("\\u{1b}]0;pwned\\u{7}Evil \\u{202e}title"),
        "{}",
        stdout(&out)
    );

    // An unknown field name and an unknown type value, as validate echoes them.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"id": "b", "title": "t", "\u001b]0;x\u0007": 1,
            "questions": [{"id": "q", "type": "\u001b[31mred", "text": "x"}]}"#,
    )
    .unwrap();
    let out = with_surveys(&["validate", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_no_raw_controls(&out);

    // Merge names the other file, whose name may hold anything, on every line it prints.
    let other = dir.path().join("other\u{1b}[31m.db");
    std::fs::copy(&db, &other).unwrap();
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute("UPDATE answers SET value = 'false'", []).unwrap();
    drop(conn);
    let out = with_surveys(&["merge", other.to_str().unwrap()]);
    assert_no_raw_controls(&out);
    assert!(stdout(&out).contains("conflict"), "{}", printed(&out));
}

#[test]
fn finding_14_a_closed_pipe_ends_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_koe"))
        .arg("validate")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("KOE_SURVEYS")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        matches!(out.status.code(), Some(0) | Some(141)),
        "{:?}: {err}",
        out.status
    );
}

#[test]
fn finding_13_validate_cuts_long_values_and_keeps_each_message_on_one_line() {
    let long_type = "a".repeat(10 * 1024 * 1024);
    let doc = serde_json::json!({
        "id": "s", "title": "t",
        "questions": [
            {"id": "q", "type": long_type, "text": "x"},
            {"id": "r", "type": "yes_no", "text": "x", "line\nbreak": 1},
        ]
    });
    let faults = koe::survey::validate::survey_from_value(&doc).unwrap_err();
    let messages: Vec<String> = faults.iter().map(ToString::to_string).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains(r#""aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…" (10485760 characters)"#)),
        "{messages:?}"
    );
    for m in &messages {
        assert!(m.chars().count() < 400, "a message of {} characters", m.chars().count());
        assert!(!m.contains('\n'), "a raw newline splits {m:?}");
    }
}

#[test]
fn finding_13_validate_handles_thousands_of_questions_with_conditions() {
    // Each question's condition refers to the one before: every lookup must be by id, not a scan.
    let questions: Vec<serde_json::Value> = (0..8000)
        .map(|i| {
            let mut q = serde_json::json!({"id": format!("q{i}"), "type": "yes_no", "text": "x"});
            if i > 0 {
                q["show_if"] = serde_json::json!({"question": format!("q{}", i - 1), "equals": true});
            }
            q
        })
        .collect();
    let doc = serde_json::json!({"id": "big", "title": "t", "questions": questions});
    let survey = koe::survey::validate::survey_from_value(&doc).unwrap();
    assert_eq!(survey.questions.len(), 8000);
}
