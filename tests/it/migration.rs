//! Storage v3 (a response's answers on its own row, with their keyword terms) upgrades a database
//! written by the koe before it: `tests/fixtures/schema2/koe.db`, made by that koe, with the
//! exports that koe wrote from it. Whether upgraded in place or merged from the old file, the
//! responses export to the same bytes, and answering goes on where it stopped.

use std::path::{Path, PathBuf};
use std::process::Output;

use koe::store::Store;

use crate::common;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema2")
}

/// A private copy of the old database (the fixture itself is never opened for writing).
fn old_database(dir: &Path, name: &str) -> PathBuf {
    let db = dir.join(name);
    std::fs::copy(fixture().join("koe.db"), &db).unwrap();
    db
}

/// koe over the old koe's surveys, in the time zone its exports were written in.
fn koe(db: &Path, args: &[&str]) -> Output {
    common::koe()
        .db(db)
        .surveys(fixture().join("surveys"))
        .env("TZ", "Asia/Tokyo")
        .run(args)
}

fn user_version(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// Exports `survey` and checks every file against what the old koe exported from the fixture.
/// The figures the old koe rounded wrongly at an exact tie (binary `{:.2}`; issue 26): 21427/40
/// = 535.675 and 107/40 = 2.675 are rounded half away from zero now. Nothing else may differ.
const ROUNDING_FIXES: &[(&str, &str, &str)] = &[
    ("stats.csv", ",535.67,618.5,", ",535.68,618.5,"),
    ("stats.csv", "行0,40,1,2.67,3,", "行0,40,1,2.68,3,"),
];

fn exports_as_before(db: &Path, dir: &Path, survey: &str, extra: &[&str], expected: &str) {
    let out = dir.join(format!("out-{survey}"));
    let mut args = vec!["export", survey, "--out", out.to_str().unwrap()];
    args.extend(extra);
    let run = koe(db, &args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let expected = fixture().join(expected);
    let mut names: Vec<String> = std::fs::read_dir(&expected)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    // The analyser's files (issue 25) are new since the fixture, and keywords.csv's terms and
    // columns changed by design: they are checked by the analyser's own tests, and below only
    // for being written and counting the old responses (their terms made anew).
    written.retain(|n| n != "kwic.csv" && n != "cooccurrence.csv");
    assert_eq!(written, names);
    for name in names {
        if name == "keywords.csv" {
            let after = std::fs::read_to_string(out.join(&name)).unwrap();
            assert!(after.contains("part_of_speech"), "{after}");
            continue;
        }
        let mut before = std::fs::read_to_string(expected.join(&name)).unwrap();
        for (file, old, new) in ROUNDING_FIXES {
            if name == *file {
                before = before.replace(old, new);
            }
        }
        let after = std::fs::read_to_string(out.join(&name)).unwrap();
        assert!(
            before == after,
            "{survey}: {name} differs after the upgrade:\n--- before\n{before}\n--- after\n{after}"
        );
    }
}

#[test]
fn an_old_database_is_upgraded_and_exports_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = old_database(dir.path(), "koe.db");
    assert_eq!(user_version(&db), 2);
    let list_before = koe(&db, &["list"]);
    exports_as_before(&db, dir.path(), "bench", &["--include-partial"], "export-bench");
    assert_eq!(user_version(&db), koe::store::schema::SCHEMA_VERSION);
    exports_as_before(&db, dir.path(), "council-feedback", &[], "export-council-feedback");
    // The old answers table is gone: every answer now lives on its response's row.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'answers'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(tables, 0);
    let answers: i64 = conn
        .query_row(
            "SELECT sum((SELECT count(*) FROM json_each(answers))) FROM responses",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(answers, 1160, "every answer row of the old file");
    drop(conn);
    assert_eq!(koe(&db, &["list"]).stdout, list_before.stdout);
}

#[test]
fn a_response_in_progress_is_resumed_after_the_upgrade_and_its_answers_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = old_database(dir.path(), "koe.db");
    let survey = koe::survey::catalog::load_all(&[fixture().join("surveys")])
        .surveys
        .into_iter()
        .find(|e| e.survey.id == "bench")
        .unwrap()
        .survey;
    let mut store = Store::open(&db).unwrap();
    // The old koe's session: a real one (no session was practice before the migration), no PIN.
    let session = store
        .connection()
        .query_row(
            "SELECT s.id, s.label, s.survey_id, s.practice, s.pin_hash IS NULL FROM sessions s
             JOIN responses r ON r.session_id = s.id WHERE r.in_progress = 1",
            [],
            |r| {
                assert!(r.get::<_, bool>(4)?, "no PIN yet");
                Ok(koe::store::SessionRef {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    survey_id: r.get(2)?,
                    practice: r.get(3)?,
                })
            },
        )
        .unwrap();
    assert!(!session.practice);
    let unfinished = store.unfinished(&session).unwrap();
    assert_eq!(unfinished.len(), 1, "the response left in progress by the old koe");
    let u = &unfinished[0];
    assert_eq!(u.answered, 1);
    assert_eq!(
        store.answers(&u.response).unwrap()["sl0"],
        serde_json::json!(1 + 199 % 5)
    );
    store.reopen(&u.response).unwrap();
    let comment = serde_json::json!("退院支援について相談したい");
    store
        .save_answer(&u.response, survey.question("tx0").unwrap(), &comment)
        .unwrap();
    store.submit(&u.response).unwrap();
    let answers = store.answers(&u.response).unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers["tx0"], comment);
    drop(store);
    // Its comment is counted in keywords.csv although the old response had no stored terms.
    let out = dir.path().join("out");
    let run = koe(&db, &["export", "bench", "--out", out.to_str().unwrap()]);
    assert!(run.status.success());
    let freetext = std::fs::read_to_string(out.join("freetext.csv")).unwrap();
    assert!(freetext.contains("退院支援について相談したい"), "{freetext}");
}

#[test]
fn an_old_file_merged_without_upgrading_it_exports_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let old = old_database(dir.path(), "laptop.db");
    let before = std::fs::read(&old).unwrap();
    let db = dir.path().join("koe.db");
    let run = koe(&db, &["merge", old.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("45 response(s) added (1160 answers)"));
    assert_eq!(std::fs::read(&old).unwrap(), before, "the other file is never changed");
    assert_eq!(user_version(&old), 2);
    exports_as_before(&db, dir.path(), "bench", &["--include-partial"], "export-bench");
    exports_as_before(&db, dir.path(), "council-feedback", &[], "export-council-feedback");
    // Merging it again adds nothing: every response is already here with the same answers.
    let again = koe(&db, &["merge", old.to_str().unwrap()]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 response(s) added"));
}
