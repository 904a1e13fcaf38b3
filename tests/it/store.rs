//! The store: durability across SIGKILL, concurrent writers, import and merge rules, file mode.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use koe::store::import::{ImportError, import};
use koe::store::merge::merge;
use koe::store::{ResponseRef, Store, StoreError};
use koe::survey::{Survey, load_file};
use serde_json::json;

fn survey() -> Survey {
    load_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/surveys/council-feedback.json"
    )))
    .unwrap()
}

fn temp_db(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

/// Saves `count` answers to a new response, printing "saved N" after each commit. Run as a child
/// process by the tests below (it is ignored in a normal run).
#[test]
#[ignore]
fn child_writer() {
    let Ok(db) = std::env::var("KOE_TEST_CHILD_DB") else {
        return;
    };
    let count: usize = std::env::var("KOE_TEST_CHILD_COUNT").unwrap().parse().unwrap();
    let pause: u64 = std::env::var("KOE_TEST_CHILD_PAUSE_MS").unwrap().parse().unwrap();
    let s = survey();
    let mut store = Store::open(Path::new(&db)).unwrap();
    let hash = store.register_survey(&s).unwrap();
    let session = store.session(&s.id, "child").unwrap();
    let comments = s.question("comments").unwrap();
    for i in 0..count {
        // One response per answer, so that every save is a separate confirmed answer.
        let r = store.start_response(&session, &hash).unwrap();
        store.save_answer(&r, comments, &json!(format!("回答 {i} 😀"))).unwrap();
        println!("saved {i} {}", r.id);
        std::thread::sleep(std::time::Duration::from_millis(pause));
    }
}

fn spawn_child(db: &Path, count: usize, pause_ms: u64) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "store::child_writer",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("KOE_TEST_CHILD_DB", db)
        .env("KOE_TEST_CHILD_COUNT", count.to_string())
        .env("KOE_TEST_CHILD_PAUSE_MS", pause_ms.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn stored_comments(store: &Store, id: &str) -> Option<String> {
    store
        .connection()
        .query_row(
            "SELECT answers -> '$.comments' FROM responses WHERE id = ?1 AND answers -> '$.comments' IS NOT NULL",
            [id],
            |r| r.get::<_, String>(0),
        )
        .ok()
}

#[test]
fn sigkill_between_answers_keeps_every_committed_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(&dir, "k.db");
    Store::open(&db).unwrap();
    let mut child = spawn_child(&db, 1000, 20);
    let stdout = child.stdout.take().unwrap();
    let mut confirmed = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("saved ") {
            let (i, id) = rest.split_once(' ').unwrap();
            confirmed.push((i.to_string(), id.to_string()));
            if confirmed.len() == 8 {
                break;
            }
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let store = Store::open(&db).unwrap();
    for (i, id) in &confirmed {
        assert_eq!(
            stored_comments(&store, id),
            Some(format!("\"回答 {i} 😀\"")),
            "answer {i} was lost"
        );
    }
    // The kill left the last response in progress: the facilitator is offered it.
    assert!(store.unfinished_count().unwrap() > 0);
}

#[test]
fn two_processes_saving_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(&dir, "k.db");
    Store::open(&db).unwrap();
    let children = [spawn_child(&db, 150, 0), spawn_child(&db, 150, 0)];
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let store = Store::open(&db).unwrap();
    let n: i64 = store
        .connection()
        .query_row(
            "SELECT sum((SELECT count(*) FROM json_each(answers))) FROM responses",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 300);
}

#[test]
#[cfg(unix)] // Unix permission bits; Windows folders inherit their parent's ACL.
fn the_database_and_its_wal_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(&dir, "k.db");
    let mut store = Store::open(&db).unwrap();
    let s = survey();
    let hash = store.register_survey(&s).unwrap();
    let session = store.session(&s.id, "x").unwrap();
    let r = store.start_response(&session, &hash).unwrap();
    store.save_answer(&r, s.question("useful").unwrap(), &json!(5)).unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let f = PathBuf::from(format!("{}{suffix}", db.display()));
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} has mode {mode:o}", f.display());
    }
}

#[test]
fn an_invalid_answer_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let s = survey();
    let hash = store.register_survey(&s).unwrap();
    let session = store.session(&s.id, "x").unwrap();
    let r = store.start_response(&session, &hash).unwrap();
    let err = store
        .save_answer(&r, s.question("useful").unwrap(), &json!(9))
        .unwrap_err();
    assert!(matches!(err, StoreError::InvalidAnswer { .. }));
    assert!(store.answers(&r).unwrap().is_empty());
}

#[test]
fn the_kiosk_lifecycle_save_clear_submit_partial_resume() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let s = survey();
    let hash = store.register_survey(&s).unwrap();
    let session = store.session(&s.id, "第1回").unwrap();
    assert_eq!(store.session(&s.id, "第1回").unwrap(), session, "one session per label");
    let a = store.start_response(&session, &hash).unwrap();
    store.save_answer(&a, s.question("useful").unwrap(), &json!(1)).unwrap();
    store
        .save_answer(&a, s.question("why_not_useful").unwrap(), &json!("長い"))
        .unwrap();
    store.save_answer(&a, s.question("useful").unwrap(), &json!(5)).unwrap();
    store.clear_answers(&a, &["why_not_useful".to_string()]).unwrap();
    assert_eq!(
        serde_json::Value::Object(store.answers(&a).unwrap()),
        json!({"useful": 5})
    );
    store.submit(&a).unwrap();
    let b = store.start_response(&session, &hash).unwrap();
    store
        .save_answer(&b, s.question("sector").unwrap(), &json!("gov"))
        .unwrap();
    let unfinished = store.unfinished(&session).unwrap();
    assert_eq!(unfinished.len(), 1);
    assert_eq!(unfinished[0].response, b);
    assert_eq!(unfinished[0].answered, 1);
    let other = store.session(&s.id, "第2回").unwrap();
    assert!(store.unfinished(&other).unwrap().is_empty(), "only the session's own");
    assert_eq!(store.unfinished_count().unwrap(), 1);
    store.mark_partial(&b).unwrap();
    assert!(store.unfinished(&session).unwrap().is_empty());
    assert_eq!(store.survey_counts(&s.id).unwrap(), (1, 1));
    store.reopen(&b).unwrap();
    assert_eq!(store.unfinished(&session).unwrap().len(), 1);
}

/// `useful` 1 shows `why_not_useful`; changing `useful` to 5 hides it. A failure while the hidden
/// answer is removed (here a trigger standing in for a crash between the two) must leave the
/// response as it was: the change and the removal are one transaction, for the kiosk and for
/// both passes of `koe entry` alike.
#[test]
fn one_confirmed_answer_and_the_answers_it_hides_are_one_transaction() {
    use koe::store::{AnswerTo, Entry};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let s = survey();
    let hash = store.register_survey(&s).unwrap();
    let session = store.session(&s.id, "第1回").unwrap();
    let useful = s.question("useful").unwrap();
    let why = s.question("why_not_useful").unwrap();
    // The first answer starts the response in the same transaction.
    let new = AnswerTo::New {
        session: &session,
        survey_hash: &hash,
    };
    let a = store
        .confirm_answer(new, Entry::First, useful, Some(&json!(1)), &[])
        .unwrap();
    store
        .confirm_answer(AnswerTo::Response(&a), Entry::First, why, Some(&json!("長い")), &[])
        .unwrap();
    store
        .connection()
        .execute_batch(
            "CREATE TRIGGER crash_while_clearing BEFORE UPDATE OF answers ON responses
             WHEN json_extract(OLD.answers, '$.why_not_useful') IS NOT NULL
              AND json_extract(NEW.answers, '$.why_not_useful') IS NULL
             BEGIN SELECT RAISE(ABORT, 'crash'); END;",
        )
        .unwrap();
    let hidden = vec!["why_not_useful".to_string()];
    assert!(
        store
            .confirm_answer(AnswerTo::Response(&a), Entry::First, useful, Some(&json!(5)), &hidden)
            .is_err()
    );
    assert_eq!(
        serde_json::Value::Object(store.answers(&a).unwrap()),
        json!({"useful": 1, "why_not_useful": "長い"}),
        "nothing of the failed confirmation is kept"
    );
    store
        .connection()
        .execute_batch("DROP TRIGGER crash_while_clearing")
        .unwrap();
    store
        .confirm_answer(AnswerTo::Response(&a), Entry::First, useful, Some(&json!(5)), &hidden)
        .unwrap();
    assert_eq!(
        serde_json::Value::Object(store.answers(&a).unwrap()),
        json!({"useful": 5})
    );
}

/// 練習モード: a practice session beside a real one with the same label; its responses are in
/// no count, filter or export unless asked for, and then read `practice`.
#[test]
fn practice_responses_are_kept_apart_from_real_ones() {
    use koe::store::scan::Filter;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let s = survey();
    let hash = store.register_survey(&s).unwrap();
    let real = store.session(&s.id, "第1回").unwrap();
    let practice = store.session_of_kind(&s.id, "第1回", true).unwrap();
    assert_ne!(real.id, practice.id);
    for session in [&real, &practice, &practice] {
        let r = store.start_response(session, &hash).unwrap();
        store.save_answer(&r, s.question("useful").unwrap(), &json!(4)).unwrap();
        store.submit(&r).unwrap();
    }
    assert_eq!(store.survey_counts(&s.id).unwrap(), (1, 0));
    let filter = Filter {
        survey_id: s.id.clone(),
        ..Filter::default()
    };
    assert_eq!(store.count_responses(&filter).unwrap(), 1);
    let mut statuses = Vec::new();
    store
        .scan_responses(&filter, &s, |r| -> Result<(), StoreError> {
            statuses.push(r.status.clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(statuses, ["submitted"]);
    let with_practice = Filter {
        include_practice: true,
        ..filter
    };
    assert_eq!(store.count_responses(&with_practice).unwrap(), 3);
    let mut statuses = Vec::new();
    store
        .scan_responses(&with_practice, &s, |r| -> Result<(), StoreError> {
            statuses.push(r.status.clone());
            Ok(())
        })
        .unwrap();
    assert_eq!(statuses, ["submitted", "practice", "practice"]);
    let counts = store.session_counts().unwrap();
    let practice_row = counts.iter().find(|c| c.practice).unwrap();
    assert_eq!((practice_row.label.as_str(), practice_row.submitted), ("第1回", 2));
}

/// A database as a running kiosk leaves it: one response with one answer (submitted or not),
/// still open, its answer in the write-ahead log.
fn kiosk_with_one_answer(db: &Path, submitted: bool) -> (Store, Survey) {
    let mut store = Store::open(db).unwrap();
    let s = survey();
    let hash = store.register_survey(&s).unwrap();
    let session = store.session(&s.id, "B").unwrap();
    let r = store.start_response(&session, &hash).unwrap();
    store.save_answer(&r, s.question("useful").unwrap(), &json!(4)).unwrap();
    if submitted {
        store.submit(&r).unwrap();
    }
    (store, s)
}

/// `koe backup` of a database a kiosk is writing: the copy stands alone (no -wal), holds every
/// committed answer, is private, and is never written over an existing file.
#[test]
fn a_backup_is_a_whole_private_copy_that_merges_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(&dir, "running.db");
    let (store, s) = kiosk_with_one_answer(&db, true);
    assert!(
        Path::new(&format!("{}-wal", db.display())).exists(),
        "the answer is in the log"
    );
    let stick = dir.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let copy = koe::store::backup::backup(&store, &stick.join("laptop2.db")).unwrap();
    assert!(!Path::new(&format!("{}-wal", copy.display())).exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let again = koe::store::backup::backup(&store, &copy).unwrap_err();
    assert!(again.to_string().contains("already exists"), "{again}");
    // Into a folder: a new file named after the laptop and the time.
    let named = koe::store::backup::backup(&store, &stick).unwrap();
    assert!(named.file_name().unwrap().to_string_lossy().starts_with("koe-backup-"));
    drop(store);
    let mut elsewhere = Store::open(&temp_db(&dir, "elsewhere.db")).unwrap();
    let report = merge(&mut elsewhere, &copy).unwrap();
    assert_eq!(report.responses_added, 1);
    assert_eq!(elsewhere.survey_counts(&s.id).unwrap(), (1, 0));
}

/// A database copied by hand (`cp`) while koe runs lacks its `-wal`: merge says so and what to
/// do, never "not a koe database".
#[test]
fn a_hand_copy_without_its_log_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let db = temp_db(&dir, "running.db");
    let (store, _) = kiosk_with_one_answer(&db, false);
    let hand_copy = temp_db(&dir, "copied.db");
    std::fs::copy(&db, &hand_copy).unwrap();
    let mut elsewhere = Store::open(&temp_db(&dir, "elsewhere.db")).unwrap();
    let err = merge(&mut elsewhere, &hand_copy).unwrap_err().to_string();
    assert!(err.contains("-wal") && err.contains("koe backup"), "{err}");
    assert!(!err.contains("not a koe database"), "{err}");
    drop(store);
}

#[test]
fn an_edited_survey_file_does_not_reinterpret_old_answers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let old = survey();
    let old_hash = store.register_survey(&old).unwrap();
    let mut edited = old.clone();
    edited.questions.remove(0);
    let new_hash = store.register_survey(&edited).unwrap();
    assert_ne!(old_hash, new_hash);
    assert_eq!(store.register_survey(&old).unwrap(), old_hash, "stored once by content");
    let back = store.survey_version(&old_hash).unwrap();
    assert_eq!(back.questions.len(), old.questions.len());
}

fn import_str(store: &mut Store, text: &str) -> Result<koe::store::import::ImportReport, (ImportError, Vec<usize>)> {
    let mut bad = Vec::new();
    import(store, &survey(), text.as_bytes(), "import", |e| bad.push(e.line)).map_err(|e| (e, bad))
}

const GOOD: &str = r#"{"id": "0b7c1a52-61d6-4f0c-8f55-3b2b1f6f0001", "session": "第1回", "answers": {"sector": "gov", "useful": 4, "relationships": 3}}
{"id": "0b7c1a52-61d6-4f0c-8f55-3b2b1f6f0002", "answers": {"sector": "med", "useful": 1, "why_not_useful": "短い", "relationships": 2, "comments": "改行\nあり"}}
"#;

/// Rows of a table; "answers" counts the answers stored on every response.
fn count(store: &Store, table: &str) -> i64 {
    let sql = match table {
        "answers" => "SELECT coalesce(sum((SELECT count(*) FROM json_each(answers))), 0) FROM responses".to_string(),
        _ => format!("SELECT count(*) FROM {table}"),
    };
    store.connection().query_row(&sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn importing_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let first = import_str(&mut store, GOOD).unwrap();
    assert_eq!((first.imported, first.skipped), (2, 0));
    assert_eq!(first.sessions, vec!["import".to_string(), "第1回".to_string()]);
    let second = import_str(&mut store, GOOD).unwrap();
    assert_eq!((second.imported, second.skipped), (0, 2));
    assert_eq!(count(&store, "responses"), 2);
    assert_eq!(count(&store, "answers"), 8);
}

#[test]
fn one_bad_line_rejects_the_whole_file_and_every_bad_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let text = format!(
        "{GOOD}{}\n{}\n{}\n",
        r#"{"answers": {"sector": "gov", "useful": "4", "relationships": 3}}"#,
        r#"{"answers": {"sector": "gov", "useful": 4, "relationships": 3, "colour": "red"}}"#,
        r#"{"answers": {"useful": 4, "relationships": 3}}"#
    );
    let (err, bad) = import_str(&mut store, &text).unwrap_err();
    assert!(matches!(err, ImportError::BadLines { bad: 3 }));
    assert_eq!(bad, vec![3, 4, 5]);
    assert_eq!(count(&store, "responses"), 0, "nothing may be imported");
    assert_eq!(count(&store, "sessions"), 0);
}

/// Line `n` of a long file: a response with its own id (`id` ≠ `n` to repeat another's).
fn long_file_line(id: usize, useful: u8) -> String {
    format!(
        r#"{{"id": "0b7c1a52-61d6-4f0c-8f55-{id:012}", "answers": {{"sector": "gov", "useful": {useful}, "relationships": 3}}}}"#
    )
}

#[test]
fn a_long_file_is_checked_in_order_across_every_batch() {
    // Lines are checked on two threads, a few hundred at a time, and taken back in file order:
    // repeats and conflicts far apart, a blank line and the faults of later batches keep their
    // line numbers, and every line is stored once.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let mut lines: Vec<String> = (1..=3000).map(|n| long_file_line(n, 4)).collect();
    lines[1999] = long_file_line(3, 4); // line 2000 repeats line 3: kept once
    lines[99] = String::new(); // a blank line
    let mut bad = lines.clone();
    bad[2499] = long_file_line(10, 1); // line 2500: line 10's id with other answers
    bad[699] = r#"{"answers": {"sector": "gov", "useful": "4", "relationships": 3}}"#.to_string();
    bad[2999] = "{not json".to_string();
    let (err, numbers) = import_str(&mut store, &(bad.join("\n") + "\n")).unwrap_err();
    assert!(matches!(err, ImportError::BadLines { bad: 3 }), "{err}");
    assert_eq!(numbers, vec![700, 2500, 3000]);
    assert_eq!(count(&store, "responses"), 0, "nothing may be imported");
    let report = import_str(&mut store, &lines.join("\n")).unwrap();
    assert_eq!((report.imported, report.repeated), (2998, 1));
    assert_eq!(count(&store, "responses"), 2998);
}

#[test]
fn a_new_database_made_by_an_import_is_in_wal_mode_and_alone_in_its_folder() {
    // A new database is written aside with its journal in memory, then put back in WAL mode
    // (every koe database is) and moved into place.
    let dir = tempfile::tempdir().unwrap();
    let path = temp_db(&dir, "new.db");
    let report = koe::store::import::import_file(
        &path,
        &survey(),
        || Ok(GOOD.as_bytes()),
        "import",
        |_| {},
        |e| panic!("{e:?}"),
    )
    .unwrap();
    assert_eq!(report.imported, 2);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    assert_eq!(names, vec!["new.db".to_string()]);
    assert_eq!(count(&Store::open(&path).unwrap(), "responses"), 2);
}

#[test]
fn a_response_to_a_hidden_question_or_a_bad_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "k.db")).unwrap();
    let hidden = r#"{"answers": {"sector": "gov", "useful": 5, "why_not_useful": "x", "relationships": 3}}"#;
    assert!(import_str(&mut store, hidden).is_err());
    let bad_id = r#"{"id": "not-a-uuid", "answers": {"sector": "gov", "useful": 5, "relationships": 3}}"#;
    assert!(import_str(&mut store, bad_id).is_err());
    let bad_time = r#"{"submitted_at": "yesterday", "answers": {"sector": "gov", "useful": 5, "relationships": 3}}"#;
    assert!(import_str(&mut store, bad_time).is_err());
}

fn laptop(dir: &tempfile::TempDir, name: &str, lines: &str) -> PathBuf {
    let path = temp_db(dir, name);
    let mut store = Store::open(&path).unwrap();
    import_str(&mut store, lines).unwrap();
    path
}

#[test]
fn merging_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let other = laptop(&dir, "other.db", GOOD);
    let mut store = Store::open(&temp_db(&dir, "main.db")).unwrap();
    let first = merge(&mut store, &other).unwrap();
    assert_eq!(
        (first.responses_added, first.answers_added, first.already_here),
        (2, 8, 0)
    );
    let second = merge(&mut store, &other).unwrap();
    assert_eq!(
        (second.responses_added, second.answers_added, second.already_here),
        (0, 0, 2)
    );
    assert!(second.conflicts.is_empty());
    assert_eq!(count(&store, "responses"), 2);
    assert_eq!(count(&store, "sessions"), 2);
    assert_eq!(count(&store, "survey_versions"), 1);
}

#[test]
fn a_conflicting_response_is_reported_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let changed = GOOD.replace("\"useful\": 4", "\"useful\": 5");
    let other = laptop(&dir, "other.db", &changed);
    let main = laptop(&dir, "main.db", GOOD);
    let mut store = Store::open(&main).unwrap();
    let report = merge(&mut store, &other).unwrap();
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].response_id, "0b7c1a52-61d6-4f0c-8f55-3b2b1f6f0001");
    assert_eq!(report.conflicts[0].survey_id, "council-feedback");
    assert_eq!(report.already_here, 1);
    let r = ResponseRef {
        id: String::new(),
        rid: 1,
    };
    assert_eq!(store.answers(&r).unwrap()["useful"], json!(4), "our answer stays");
}

#[test]
fn a_corrupt_foreign_or_newer_file_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let main = laptop(&dir, "main.db", GOOD);
    let mut store = Store::open(&main).unwrap();
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "議事録です").unwrap();
    assert!(matches!(merge(&mut store, &text), Err(StoreError::NotKoe { .. })));
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    assert!(matches!(merge(&mut store, &foreign), Err(StoreError::NotKoe { .. })));
    let newer = laptop(&dir, "newer.db", GOOD);
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    assert!(matches!(
        merge(&mut store, &newer),
        Err(StoreError::TooNew { version: 99, .. })
    ));
    let damaged = laptop(&dir, "damaged.db", GOOD);
    let mut bytes = std::fs::read(&damaged).unwrap();
    let len = bytes.len();
    bytes[len / 2..].iter_mut().for_each(|b| *b = 0xAA);
    std::fs::write(&damaged, bytes).unwrap();
    let err = merge(&mut store, &damaged).unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err}");
    let err = err.to_string();
    assert!(err.contains("damaged.db: the database is damaged"), "{err}");
    assert!(merge(&mut store, &main).is_err(), "merging a database into itself");
    assert_eq!(count(&store, "responses"), 2);
    // Opening a newer database as our own is refused too.
    assert!(matches!(Store::open(&newer), Err(StoreError::TooNew { .. })));
}

#[test]
fn merge_works_while_another_koe_holds_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let other = laptop(&dir, "other.db", GOOD);
    let db = temp_db(&dir, "main.db");
    Store::open(&db).unwrap();
    let mut child = spawn_child(&db, 100, 2);
    let mut store = Store::open(&db).unwrap();
    let report = merge(&mut store, &other).unwrap();
    assert_eq!(report.responses_added, 2);
    assert!(child.wait().unwrap().success());
    assert_eq!(count(&store, "responses"), 102);
}

#[test]
fn foreign_keys_are_enforced_again_after_a_bulk_import_or_merge() {
    let dir = tempfile::tempdir().unwrap();
    let other = laptop(&dir, "other.db", GOOD);
    let mut store = Store::open(&temp_db(&dir, "main.db")).unwrap();
    import_str(&mut store, GOOD).unwrap();
    let on = |s: &Store| {
        s.connection()
            .pragma_query_value(None, "foreign_keys", |r| r.get::<_, i64>(0))
            .unwrap()
    };
    assert_eq!(on(&store), 1);
    merge(&mut store, &other).unwrap();
    assert_eq!(on(&store), 1);
    let bad = store.connection().execute(
        "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, status)
         VALUES ('00000000-0000-4000-8000-000000000999', 'no-such-session', 'no-such-version', 'x', 'x', 'partial')",
        [],
    );
    assert!(bad.is_err(), "a response without its session is refused");
    let fk = store
        .connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "merged rows all have their parents");
}

#[test]
fn session_labels_come_in_order_of_first_response_passing_the_filter() {
    use koe::store::scan::Filter;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&temp_db(&dir, "l.db")).unwrap();
    let s = survey();
    let hash = store.register_survey(&s).unwrap();
    let respond = |store: &mut Store, label: &str, submit: bool| {
        let session = store.session(&s.id, label).unwrap();
        let r = store.start_response(&session, &hash).unwrap();
        if submit {
            store.submit(&r).unwrap();
        }
    };
    // B's first response is partial; its first submitted one comes after C's.
    respond(&mut store, "B", false);
    respond(&mut store, "C", true);
    respond(&mut store, "B", true);
    respond(&mut store, "D", false);
    store.session(&s.id, "E").unwrap();
    let filter = Filter {
        survey_id: s.id.clone(),
        sessions: Vec::new(),
        include_partial: false,
        include_practice: false,
    };
    assert_eq!(store.session_labels(&filter).unwrap(), ["C", "B"]);
    let with_partial = Filter {
        include_partial: true,
        ..filter.clone()
    };
    assert_eq!(store.session_labels(&with_partial).unwrap(), ["B", "C", "D"]);
    let only = Filter {
        sessions: vec!["D".into(), "C".into()],
        ..with_partial
    };
    assert_eq!(store.session_labels(&only).unwrap(), ["C", "D"]);
    assert_eq!(store.count_responses(&filter).unwrap(), 2);
}
