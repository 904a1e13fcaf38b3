//! Issue 12's findings, each as a user (or a hostile file) meets it on the command line: text
//! from files never reaches the terminal raw, a closed pipe is quiet, imports and merges are all or
//! nothing, exports are private and whole.

use std::path::Path;
use std::process::{Output, Stdio};

use crate::common;

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
    let with_surveys = |args: &[&str]| common::koe().db(&db).surveys(&surveys).run(args);
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

    // Merge names the other file, whose name may hold anything, on every line it prints (on
    // Windows file names cannot hold control characters, so there it only holds the brackets).
    let other = dir.path().join(if cfg!(windows) {
        "other[31m.db"
    } else {
        "other\u{1b}[31m.db"
    });
    std::fs::copy(&db, &other).unwrap();
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute(
        "UPDATE responses SET answers = json_set(answers, '$.q', json('false'))",
        [],
    )
    .unwrap();
    drop(conn);
    let out = with_surveys(&["merge", other.to_str().unwrap()]);
    assert_no_raw_controls(&out);
    assert!(stdout(&out).contains("conflict"), "{}", printed(&out));
}

#[test]
fn finding_14_a_closed_pipe_ends_quietly() {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = common::koe()
        .command()
        .arg("validate")
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

const ANSWERS: &str = r#"{"sector": "gov", "useful": 4, "relationships": 3}"#;
const OTHER_ANSWERS: &str = r#"{"sector": "gov", "useful": 2, "relationships": 3}"#;

fn line(id: &str, answers: &str) -> String {
    format!("{{\"id\": \"{id}\", \"answers\": {answers}}}\n")
}

fn stored_ids(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT id FROM responses ORDER BY rid").unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn finding_3_every_spelling_of_one_uuid_is_one_response_stored_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let file = dir.path().join("a.jsonl");
    let canonical = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let spellings = [
        canonical.to_string(),
        canonical.to_uppercase(),
        format!("{{{canonical}}}"),
        format!("urn:uuid:{canonical}"),
        canonical.replace('-', ""),
    ];
    let text: String = spellings.iter().map(|id| line(id, ANSWERS)).collect();
    std::fs::write(&file, text).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("imported 1 response(s)"), "{}", stdout(&out));
    assert_eq!(stored_ids(&db), vec![canonical.to_string()]);

    // Imported again in another spelling: already stored.
    std::fs::write(&file, line(&canonical.to_uppercase(), ANSWERS)).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert!(stdout(&out).contains("imported 0 response(s)"), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 already stored"), "{}", stdout(&out));
}

#[test]
fn finding_4_one_id_with_different_answers_in_one_file_names_both_lines_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let file = dir.path().join("a.jsonl");
    let id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    let text = line(id, ANSWERS) + &line("1f8fad5b-d9cb-469f-a165-70867728950e", ANSWERS) + &line(id, OTHER_ANSWERS);
    std::fs::write(&file, text).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("a.jsonl:3: id 0f8fad5b-d9cb-469f-a165-70867728950e is also on line 1"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(!db.exists(), "a refused import created the database");
}

#[test]
fn finding_6_a_line_over_1_mib_is_refused_with_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let file = dir.path().join("a.jsonl");
    // A file without a single line break: 3 MiB of one string.
    let text = line("0f8fad5b-d9cb-469f-a165-70867728950e", ANSWERS)
        + "{\"answers\": {\"comments\": \""
        + &"あ".repeat(1024 * 1024)
        + "\"}}\n"
        + &"x".repeat(3 * 1024 * 1024);
    std::fs::write(&file, text).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("a.jsonl:2: the line is longer than 1 MiB"), "{err}");
    assert!(err.contains("a.jsonl:3: the line is longer than 1 MiB"), "{err}");
    assert!(err.contains("2 bad line(s); nothing was imported"), "{err}");
}

#[test]
fn finding_11_a_refused_import_creates_no_database_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, r#"{"answers": {"useful": 9}}"#).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!db.exists(), "a refused import created the database");

    // On an existing database, a refused import adds no survey version either.
    let store = koe::store::Store::open(&db).unwrap();
    drop(store);
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let versions: i64 = conn
        .query_row("SELECT count(*) FROM survey_versions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, 0);
}

#[test]
fn finding_12_submitted_at_is_strict_rfc_3339() {
    use koe::store::import::strict_rfc3339;
    for loose in [
        "2024-01-01T00:00:00+09",
        "2024-01-01T00:00:00+0900",
        "2024-01-01T00:00+09:00",
        "2024-01-01T00:00:00+09:00[Asia/Tokyo]",
        "20240101T000000Z",
        "2024-01-01",
        "2024-01-01T00:00:00",
        "2024-1-01T00:00:00Z",
        "2024-01-01T00:00:00.Z",
        " 2024-01-01T00:00:00Z",
        "2024-02-30T00:00:00Z",
    ] {
        assert!(strict_rfc3339(loose).is_err(), "{loose} was accepted");
    }
    assert_eq!(strict_rfc3339("9999-12-31T23:59:59Z").unwrap(), "9999-12-31T23:59:59Z");
    assert_eq!(
        strict_rfc3339("2026-11-25T14:03:00.123+09:00").unwrap(),
        "2026-11-25T05:03:00Z"
    );
    assert_eq!(strict_rfc3339("2026-11-25t14:03:00z").unwrap(), "2026-11-25T14:03:00Z");
    assert_eq!(
        strict_rfc3339("2026-01-01 00:30:00-01:00").unwrap(),
        "2026-01-01T01:30:00Z"
    );
}

#[test]
fn finding_9_an_import_waits_for_another_koe_and_says_so() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    drop(koe::store::Store::open(&db).unwrap());
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, line("0f8fad5b-d9cb-469f-a165-70867728950e", ANSWERS)).unwrap();
    // Another koe's long write: the write lock held.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut child = common::koe()
        .db(&db)
        .command()
        .args(["import", "council-feedback", file.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    assert!(first.contains("k.db: waiting for another koe"), "{first}");
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("imported 1 response(s)"), "{}", stdout(&out));
}

/// A laptop's database with two responses imported.
fn laptop(dir: &Path, name: &str, ids: [&str; 2]) -> std::path::PathBuf {
    let db = dir.join(name);
    let file = dir.join(format!("{name}.jsonl"));
    std::fs::write(&file, line(ids[0], ANSWERS) + &line(ids[1], OTHER_ANSWERS)).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    db
}

fn count(db: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

const A: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
const B: &str = "1f8fad5b-d9cb-469f-a165-70867728950e";
const C: &str = "2f8fad5b-d9cb-469f-a165-70867728950e";
const D: &str = "3f8fad5b-d9cb-469f-a165-70867728950e";

#[test]
fn finding_5_one_faulty_file_refuses_the_whole_merge_with_exit_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let ours = laptop(dir.path(), "ours.db", [A, B]);
    let good = laptop(dir.path(), "good.db", [C, D]);
    let faults: [(&str, &str, &str); 4] = [
        ("orphan.db", "DELETE FROM sessions", "response(s) without their session"),
        (
            "version.db",
            "UPDATE survey_versions SET definition = '{1: 2}'",
            "is not a valid survey",
        ),
        (
            "misfit.db",
            "UPDATE responses SET answers = json_set(answers, '$.useful', 99)",
            "does not fit survey council-feedback",
        ),
        (
            "ghost.db",
            "UPDATE responses SET answers = json_set(json_remove(answers, '$.useful'), '$.nope', answers -> '$.useful')",
            "unknown question \"nope\"",
        ),
    ];
    for (name, sql, expected) in faults {
        let bad = laptop(
            dir.path(),
            name,
            [
                "4f8fad5b-d9cb-469f-a165-70867728950e",
                "5f8fad5b-d9cb-469f-a165-70867728950e",
            ],
        );
        let conn = rusqlite::Connection::open(&bad).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        let out = common::koe()
            .db(&ours)
            .run(&["merge", good.to_str().unwrap(), bad.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("{name}: ")) && err.contains(expected),
            "{name}: {err}"
        );
        assert!(err.contains("nothing was merged"), "{err}");
        assert_eq!(count(&ours, "responses"), 2, "{name}: good.db was merged anyway");
    }
    // A damaged file, after a good one.
    let damaged = laptop(
        dir.path(),
        "damaged.db",
        [
            "6f8fad5b-d9cb-469f-a165-70867728950e",
            "7f8fad5b-d9cb-469f-a165-70867728950e",
        ],
    );
    let mut bytes = std::fs::read(&damaged).unwrap();
    let len = bytes.len();
    bytes[len / 2..].iter_mut().for_each(|b| *b = 0xAA);
    std::fs::write(&damaged, bytes).unwrap();
    let out = common::koe()
        .db(&ours)
        .run(&["merge", good.to_str().unwrap(), damaged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("damaged.db: the database is damaged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&ours, "responses"), 2);
    // Both good files together: one transaction, both merged.
    let out = common::koe().db(&ours).run(&["merge", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&ours, "responses"), 4);
}

#[test]
fn finding_3_a_merged_database_with_non_canonical_ids_is_normalised_before_conflicts_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let ours = laptop(dir.path(), "ours.db", [A, B]);
    // An older koe stored ids as given: the same responses, in upper case and braces, and one
    // of them with different answers.
    let other = laptop(dir.path(), "other.db", [C, D]);
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute(
        "UPDATE responses SET id = ?1 WHERE id = ?2",
        [A.to_uppercase(), C.to_string()],
    )
    .unwrap();
    conn.execute(
        "UPDATE responses SET id = ?1 WHERE id = ?2",
        [format!("{{{B}}}"), D.to_string()],
    )
    .unwrap();
    conn.execute(
        "UPDATE responses SET answers = json_set(answers, '$.useful', 1) WHERE id = ?1",
        [format!("{{{B}}}")],
    )
    .unwrap();
    drop(conn);
    let out = common::koe().db(&ours).run(&["merge", other.to_str().unwrap()]);
    // A has the same answers (already here); B's answers differ: one conflict, nothing added.
    assert_eq!(out.status.code(), Some(1), "{}", printed(&out));
    assert!(stdout(&out).contains("0 response(s) added"), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 already here"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("conflict: response {B}")),
        "{}",
        stdout(&out)
    );
    assert_eq!(count(&ours, "responses"), 2);
    // The other file is read, never changed.
    let conn = rusqlite::Connection::open(&other).unwrap();
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM responses WHERE id = ?1",
            [A.to_uppercase()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1);
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".koe-merge")),
        "the normalised copy is left behind"
    );
}

#[test]
fn finding_9_a_merge_waiting_for_a_lock_names_our_database() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let ours = laptop(dir.path(), "ours.db", [A, B]);
    let other = laptop(dir.path(), "a.db", [C, D]);
    let holder = rusqlite::Connection::open(&ours).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut child = common::koe()
        .db(&ours)
        .command()
        .args(["merge", other.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    assert!(first.contains("ours.db: waiting for another koe"), "{first}");
    assert!(!first.contains("a.db"), "{first}");
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(count(&ours, "responses"), 4);
}

/// A folder with one survey (a text without max_length, a matrix) and a database holding one
/// response whose comment is 40,000 characters long.
fn long_comment_setup(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let surveys = dir.join("surveys");
    std::fs::create_dir(&surveys).unwrap();
    std::fs::write(
        surveys.join("t.json"),
        r#"{"id": "t", "title": "t", "questions": [
            {"id": "c", "type": "text", "text": "comment"},
            {"id": "items", "type": "matrix", "text": "m", "min": 1, "max": 3,
             "rows": [{"id": "newsletter", "text": "n"}, {"id": "web", "text": "w"}]}]}"#,
    )
    .unwrap();
    let db = dir.join("k.db");
    let file = dir.join("a.jsonl");
    let comment = "長".repeat(40_000);
    std::fs::write(
        &file,
        format!("{{\"answers\": {{\"c\": \"{comment}\", \"items\": {{\"newsletter\": 2, \"web\": 3}}}}}}\n"),
    )
    .unwrap();
    let out = koe_in(&surveys, &db, &["import", "t", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (surveys, db)
}

/// koe over a surveys folder of the test's own, run in the folder holding it.
fn koe_in(surveys: &Path, db: &Path, args: &[&str]) -> Output {
    common::koe()
        .dir(surveys.parent().unwrap())
        .db(db)
        .surveys(surveys)
        .run(args)
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
#[cfg_attr(
    windows,
    ignore = "Windows exports to the user's data folder (paths::exports), not ./exports, and has no Unix modes to check"
)]
fn finding_1_exports_are_readable_by_their_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let (surveys, db) = long_comment_setup(dir.path());
    for format in ["csv", "xlsx"] {
        let out = koe_in(&surveys, &db, &["export", "t", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let exports = dir.path().join("exports");
        let folder = std::fs::read_dir(&exports)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                p.read_dir()
                    .unwrap()
                    .any(|f| f.unwrap().path().extension().unwrap() == format)
            })
            .unwrap();
        #[cfg(unix)]
        {
            assert_eq!(mode(&exports), 0o700, "exports/");
            assert_eq!(mode(&folder), 0o700, "{}", folder.display());
            for f in std::fs::read_dir(&folder).unwrap() {
                let f = f.unwrap().path();
                assert_eq!(mode(&f), 0o600, "{}", f.display());
            }
        }
        let _ = folder;
    }
}

#[test]
fn finding_7_a_text_over_excels_cell_limit_is_cut_with_a_marker_and_counted() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let (surveys, db) = long_comment_setup(dir.path());
    let xlsx_dir = dir.path().join("x");
    let out = koe_in(
        &surveys,
        &db,
        &["export", "t", "--format", "xlsx", "--out", xlsx_dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The free-text sheet and the responses sheet each hold the comment once.
    assert!(
        stdout(&out).contains("XLSX: 2 cell(s) longer than Excel's 32,767 characters were cut"),
        "{}",
        stdout(&out)
    );
    let mut book: Xlsx<_> = open_workbook(xlsx_dir.join("report.xlsx")).unwrap();
    let sheet = book.worksheet_range("自由記述").unwrap();
    let cell = sheet
        .rows()
        .flat_map(|r| r.iter())
        .map(|c| c.to_string())
        .find(|t| t.starts_with("長長"))
        .unwrap();
    assert!(cell.encode_utf16().count() <= 32_767);
    assert!(cell.contains("…（以下省略"), "no visible marker");
    // The CSV keeps the whole text.
    let csv_dir = dir.path().join("c");
    let out = koe_in(&surveys, &db, &["export", "t", "--out", csv_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let freetext = std::fs::read_to_string(csv_dir.join("freetext.csv")).unwrap();
    assert!(freetext.contains(&"長".repeat(40_000)));
}

#[test]
fn finding_8_by_a_matrix_row_names_its_file_safely_and_a_text_question_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (surveys, db) = long_comment_setup(dir.path());
    let out_dir = dir.path().join("o");
    let out = koe_in(
        &surveys,
        &db,
        &[
            "export",
            "t",
            "--by",
            "items/newsletter",
            "--out",
            out_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let crosstab = std::fs::read_to_string(out_dir.join("crosstab_items-newsletter.csv")).unwrap();
    // The response (newsletter 2, web 3) is in group "2" of the matrix row, not left out.
    assert!(crosstab.contains("items/web,m / w,2,1,3,3,1,100.0"), "{crosstab}");
    let out_dir = dir.path().join("p");
    let out = koe_in(
        &surveys,
        &db,
        &["export", "t", "--by", "c", "--out", out_dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a question with options"), "{}", stderr(&out));
    assert!(stderr(&out).contains("items/newsletter"), "{}", stderr(&out));
    assert!(!out_dir.exists(), "a refused export left a folder");
}

#[test]
fn finding_10_an_export_never_mixes_with_older_files_and_leaves_nothing_when_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (surveys, db) = long_comment_setup(dir.path());
    let out_dir = dir.path().join("o");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("summary.csv"), "old").unwrap();
    let out = koe_in(&surveys, &db, &["export", "t", "--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("never mixes an export with older files"),
        "{}",
        stderr(&out)
    );
    let left: Vec<_> = std::fs::read_dir(&out_dir).unwrap().collect();
    assert_eq!(left.len(), 1);
    let hidden: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn finding_10_list_and_export_work_on_a_read_only_file_system() {
    // A read-only bind mount in a private mount namespace (unshare -rm: no privileges needed).
    if !std::process::Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: this system does not allow `unshare -rm` (user and mount namespaces)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    laptop(&data, "k.db", [A, B]);
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let out_dir = dir.path().join("out");
    let script = r#"mount --bind -o ro "$1" "$2" || exit 99
        touch "$2/probe" 2>/dev/null && exit 98
        "$3" --db "$2/k.db" list && "$3" --db "$2/k.db" export council-feedback --out "$4""#;
    let out = common::koe()
        .wrapped("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .args([&data, &ro, Path::new(common::KOE), &out_dir])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", printed(&out));
    assert!(stdout(&out).contains("submitted 2"), "{}", stdout(&out));
    assert!(out_dir.join("responses.csv").is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn finding_10_a_full_disk_says_disk_full_and_leaves_no_export() {
    // A 12 KiB tmpfs in a private mount namespace (unshare -rm: no privileges needed).
    if !std::process::Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: this system does not allow `unshare -rm` (user and mount namespaces)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (surveys, db) = long_comment_setup(dir.path());
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    for format in ["csv", "xlsx"] {
        let script = r#"mount -t tmpfs -o size=12k tmpfs "$1" || exit 99
            "$2" export t --format "$3" --out "$1/x"; code=$?; ls -A "$1"; exit $code"#;
        let out = common::koe()
            .db(&db)
            .surveys(&surveys)
            .wrapped("unshare")
            .args(["-rm", "sh", "-c", script, "sh"])
            .args([small.as_os_str(), common::KOE.as_ref(), format.as_ref()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}: {}", printed(&out));
        assert!(
            stderr(&out).contains("disk full; nothing was exported"),
            "{format}: {}",
            stderr(&out)
        );
        assert!(
            stdout(&out).trim().is_empty(),
            "{format}: left behind: {}",
            stdout(&out)
        );
    }
}

#[test]
fn finding_9_a_bad_import_is_refused_without_waiting_for_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = laptop(dir.path(), "k.db", [A, B]);
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, r#"{"answers": {"useful": 9}}"#).unwrap();
    // Another koe's long write holds the lock for the whole run: checking needs no lock.
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", bad.to_str().unwrap()]);
    holder.execute_batch("ROLLBACK").unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stderr(&out).contains("waiting"), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.jsonl:1: "), "{}", stderr(&out));
}
