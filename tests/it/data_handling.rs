//! Issue 27's findings (data handling, second round), each as a facilitator meets it on the
//! command line: merge and import blame the right file, change nothing they should not, and
//! agree with each other; leftovers are cleaned up; every message is one plain line.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::common;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const ANSWERS: &str = r#"{"sector": "gov", "useful": 4, "relationships": 3}"#;

fn line(id: &str, answers: &str) -> String {
    format!("{{\"id\": \"{id}\", \"answers\": {answers}}}\n")
}

/// A laptop's database with one response to council-feedback.
fn laptop(dir: &Path, name: &str, id: &str) -> PathBuf {
    let db = dir.join(name);
    let file = dir.join(format!("{name}.jsonl"));
    std::fs::write(&file, line(id, ANSWERS)).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    db
}

fn count(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
        .unwrap()
}

/// A response id made from a number, distinct for each.
fn id(n: u32) -> String {
    format!("{n:08x}-d9cb-469f-a165-70867728950e")
}

/// Whether `unshare -rm` works here (user and mount namespaces, no privileges needed).
#[cfg(target_os = "linux")]
fn can_unshare() -> bool {
    let ok = std::process::Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: this system does not allow `unshare -rm` (user and mount namespaces)");
    }
    ok
}

#[cfg(target_os = "linux")]
#[test]
fn finding_1_merge_takes_a_good_file_from_a_read_only_drive() {
    if !can_unshare() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    laptop(&data, "other.db", &id(2));
    let ours = laptop(dir.path(), "ours.db", &id(1));
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    let script = r#"mount --bind -o ro "$1" "$2" || exit 99
        touch "$2/probe" 2>/dev/null && exit 98
        "$3" merge "$2/other.db""#;
    let out = common::koe()
        .db(&ours)
        .wrapped("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .args([&data, &ro, Path::new(common::KOE)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 response(s) added"), "{}", stdout(&out));
    assert_eq!(count(&ours), 2);
}

#[test]
fn finding_1_a_damaged_or_truncated_file_is_called_damaged_not_foreign() {
    let dir = tempfile::tempdir().unwrap();
    let ours = laptop(dir.path(), "ours.db", &id(1));
    let other = laptop(dir.path(), "other.db", &id(2));
    let bytes = std::fs::read(&other).unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let out = common::koe().db(&ours).run(&["merge", truncated.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("truncated.db: the database is damaged"),
        "{}",
        stderr(&out)
    );
    assert_eq!(count(&ours), 1);
    // In Japanese, as a facilitator's laptop says it: the same file named, the same advice.
    let out = common::koe()
        .db(&ours)
        .env("KOE_LANG", "ja")
        .run(&["merge", truncated.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("truncated.db: データベースが壊れています") && stderr(&out).contains("koe backup"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn finding_2_merge_into_a_damaged_database_blames_it_not_the_healthy_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let other = laptop(dir.path(), "other.db", &id(2));
    let ours = dir.path().join("ours.db");
    let file = dir.path().join("many.jsonl");
    let many: String = (100..400).map(|n| line(&id(n), ANSWERS)).collect();
    std::fs::write(&file, many).unwrap();
    let out = common::koe()
        .db(&ours)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Damage every page but the first (the header and the schema), as a failing disk does.
    let mut bytes = std::fs::read(&ours).unwrap();
    let page = 16384;
    for b in &mut bytes[page..] {
        *b = 0x5A;
    }
    std::fs::write(&ours, bytes).unwrap();
    let out = common::koe().db(&ours).run(&["merge", other.to_str().unwrap()]);
    let err = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("ours.db: the database is damaged"), "{err}");
    assert!(!err.contains("other.db:"), "the healthy file was blamed: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn finding_3_a_refused_merge_creates_no_database_and_no_folder() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE foo(x)")
        .unwrap();
    let newer = laptop(dir.path(), "newer.db", &id(1));
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let bad_time = laptop(dir.path(), "tampered.db", &id(2));
    rusqlite::Connection::open(&bad_time)
        .unwrap()
        .execute_batch("UPDATE responses SET submitted_at = 'yesterday'")
        .unwrap();
    for other in [&foreign, &newer, &bad_time] {
        let target = dir.path().join("new/folder/koe.db");
        let out = common::koe().db(&target).run(&["merge", other.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("nothing was merged"), "{}", stderr(&out));
        assert!(!target.exists(), "{}: a database was created", other.display());
        assert!(
            !dir.path().join("new").exists(),
            "{}: folders were created",
            other.display()
        );
    }
    // A good merge into a new path makes it.
    let good = laptop(dir.path(), "good.db", &id(3));
    let target = dir.path().join("new/folder/koe.db");
    let out = common::koe().db(&target).run(&["merge", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&target), 1);
}

#[test]
fn finding_4_a_foreign_sqlite_file_is_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("f.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE foo(x); INSERT INTO foo VALUES (1)")
        .unwrap();
    let before = std::fs::read(&foreign).unwrap();
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, line(&id(1), ANSWERS)).unwrap();
    let import = ["import", "council-feedback", file.to_str().unwrap()];
    for args in [&["list"][..], &["export", "council-feedback"], &import] {
        let out = common::koe().db(&foreign).run(args);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            stderr(&out).contains("f.db: not a koe database"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&foreign).unwrap(), before, "{args:?} changed the file");
    }
    // The kiosk's own open (through `koe delete`, which opens for writing) refuses it too.
    let out = common::koe()
        .db(&foreign)
        .run(&["delete", "council-feedback", "--session", "x"]);
    assert!(stderr(&out).contains("not a koe database"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
}

#[test]
fn finding_5_merge_refuses_what_import_refuses_naming_file_and_response() {
    let dir = tempfile::tempdir().unwrap();
    let ours = laptop(dir.path(), "ours.db", &id(1));
    let cases = [
        (
            "time.db",
            "UPDATE responses SET submitted_at = 'yesterday'",
            "submitted_at",
        ),
        (
            "hidden.db",
            "UPDATE responses SET answers = json_set(answers, '$.why_not_useful', 'x')",
            "why_not_useful",
        ),
        (
            "misfit.db",
            "UPDATE responses SET answers = json_set(answers, '$.useful', 99)",
            "useful",
        ),
    ];
    for (n, (name, sql, expected)) in cases.into_iter().enumerate() {
        let rid = id(10 + n as u32);
        let bad = laptop(dir.path(), name, &rid);
        rusqlite::Connection::open(&bad).unwrap().execute_batch(sql).unwrap();
        let out = common::koe().db(&ours).run(&["merge", bad.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("{name}: response \"{rid}\"")) && err.contains(expected),
            "{name}: {err}"
        );
        assert_eq!(count(&ours), 1, "{name} was merged");
    }
}

#[test]
fn finding_5_merge_takes_any_number_of_files_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let ours = laptop(dir.path(), "ours.db", &id(1));
    let others: Vec<PathBuf> = (0..12)
        .map(|n| laptop(dir.path(), &format!("l{n}.db"), &id(100 + n)))
        .collect();
    let mut args = vec!["merge".to_string()];
    args.extend(others.iter().map(|p| p.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = common::koe().db(&ours).run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(count(&ours), 13);
}

#[test]
fn finding_6_import_refuses_an_id_stored_under_another_survey_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = laptop(dir.path(), "k.db", &id(1));
    let file = dir.path().join("other.jsonl");
    std::fs::write(
        &file,
        format!("{{\"answers\": {{}}}}\n{{\"id\": \"{}\", \"answers\": {{}}}}\n", id(1)),
    )
    .unwrap();
    let survey = dir.path().join("other.json");
    std::fs::write(
        &survey,
        r#"{"id": "other", "title": "t", "questions": [{"id": "q", "type": "yes_no", "text": "ok?"}]}"#,
    )
    .unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", survey.to_str().unwrap(), file.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("other.jsonl:2: ") && err.contains("council-feedback"),
        "{err}"
    );
    assert_eq!(count(&db), 1);
    // Nothing new: no empty session label in the summary.
    let again = dir.path().join("again.jsonl");
    std::fs::write(&again, line(&id(1), ANSWERS)).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", again.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stdout(&out).contains("(session )"), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 already stored"), "{}", stdout(&out));
}

#[test]
fn finding_7_a_survey_file_too_large_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let surveys = dir.path().join("surveys");
    std::fs::create_dir(&surveys).unwrap();
    // Two megabytes of small values: under the size limit, over the value limit.
    let values = vec!["1"; 1_000_000].join(",");
    std::fs::write(surveys.join("data.json"), format!("[{values}]")).unwrap();
    let out = common::koe()
        .surveys(&surveys)
        .db(dir.path().join("k.db"))
        .run(&["validate"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("too many for a survey"), "{}", stderr(&out));
    let big = surveys.join("big.json");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(9 * 1024 * 1024).unwrap();
    drop(file);
    let out = common::koe()
        .surveys(&surveys)
        .db(dir.path().join("k.db"))
        .run(&["list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("big.json: the file is 9 MiB, too large"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn finding_8_leftovers_of_a_killed_koe_are_removed_and_folders_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = laptop(dir.path(), "koe.db", &id(1));
    // A PID no process has: past the kernel's largest.
    let gone = 4_194_304 + 7;
    let leftover = dir.path().join(format!(".koe.db.import-{gone}"));
    std::fs::write(&leftover, b"answers").unwrap();
    std::fs::write(dir.path().join(format!(".koe.db.import-{gone}-wal")), b"x").unwrap();
    let running = dir.path().join(format!(".koe.db.import-{}", std::process::id()));
    std::fs::write(&running, b"answers").unwrap();
    let unrelated = dir.path().join(".notes.import-12.txt");
    std::fs::write(&unrelated, b"mine").unwrap();
    let exports = dir.path().join("exports");
    let partial = exports.join(format!(".t.koe-partial-{gone}-0"));
    std::fs::create_dir_all(&partial).unwrap();
    std::fs::write(partial.join("responses.csv"), b"answers").unwrap();
    let file = dir.path().join("b.jsonl");
    std::fs::write(&file, line(&id(2), ANSWERS)).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!leftover.exists(), "a killed import's file stayed");
    assert!(running.exists(), "a running koe's file was removed");
    assert!(unrelated.exists(), "a file that is not koe's was removed");
    let out = common::koe().db(&db).run(&[
        "export",
        "council-feedback",
        "--out",
        exports.join("x").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!partial.exists(), "a killed export's folder stayed");

    // A refused import into a new path leaves no folders; a good one makes them 0700 under umask 000.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, r#"{"answers": {"useful": 99}}"#).unwrap();
    let run = |db: &Path, file: &Path| {
        common::koe()
            .db(db)
            .wrapped("sh")
            .args(["-c", r#"umask 000; exec "$0" import council-feedback "$1""#])
            .arg(common::KOE)
            .arg(file)
            .output()
            .unwrap()
    };
    let target = dir.path().join("a/b/koe.db");
    let out = run(&target, &bad);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.path().join("a").exists(), "a refused import left its folders");
    let out = run(&target, &file);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for folder in [dir.path().join("a"), dir.path().join("a/b")] {
        let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", folder.display());
    }
}

#[test]
fn finding_9_a_folder_given_as_the_database_is_called_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("folder.db");
    std::fs::create_dir(&folder).unwrap();
    for args in [
        &["list"][..],
        &["export", "council-feedback"],
        &["delete", "council-feedback", "--session", "x"],
    ] {
        let out = common::koe().db(&folder).run(args);
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            err.contains("folder.db: this is a folder, not a database file"),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        let out = common::koe().db(&folder).env("KOE_LANG", "ja").run(args);
        let err = stderr(&out);
        assert_ne!(out.status.code(), Some(0), "{args:?}");
        assert!(
            err.contains("folder.db: これはフォルダで、データベースのファイルではありません"),
            "{args:?}: {err}"
        );
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

#[test]
fn finding_9_list_shows_zero_width_characters_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let file = dir.path().join("a.jsonl");
    std::fs::write(
        &file,
        "{\"session\": \"A\u{200B}B\u{200D}C\u{FEFF}D\", \"answers\": {\"sector\": \"gov\", \"useful\": 4, \"relationships\": 3}}\n",
    )
    .unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = common::koe().db(&db).run(&["list"]);
    let text = stdout(&out);
    assert!(text.contains("A\\u{200b}B\\u{200d}C\\u{feff}D"), "{text}");
    assert!(!text.contains('\u{200B}') && !text.contains('\u{FEFF}'), "{text}");
}

#[cfg(target_os = "linux")]
#[test]
fn finding_9_a_full_disk_during_an_xlsx_export_is_one_line_from_koe() {
    if !can_unshare() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("k.db");
    let file = dir.path().join("a.jsonl");
    // Kanji that do not compress: the workbook outgrows the small disk.
    let mut seed = 12345u32;
    let mut kanji = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        char::from_u32(0x4E00 + (seed >> 8) % 20_000).unwrap()
    };
    let lines: String = (0..200)
        .map(|_| {
            let comment: String = (0..1000).map(|_| kanji()).collect();
            format!(
                "{{\"answers\": {{\"sector\": \"gov\", \"useful\": 4, \"relationships\": 3, \"comments\": \"{comment}\"}}}}\n"
            )
        })
        .collect();
    std::fs::write(&file, lines).unwrap();
    let out = common::koe()
        .db(&db)
        .run(&["import", "council-feedback", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let small = dir.path().join("small");
    std::fs::create_dir(&small).unwrap();
    let script = r#"mount -t tmpfs -o size=64k tmpfs "$1" || exit 99
        "$2" export council-feedback --format xlsx --out "$1/x""#;
    let out = common::koe()
        .db(&db)
        .wrapped("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .args([small.as_os_str(), std::ffi::OsStr::new(common::KOE)])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("ZipWriter"), "{err}");
    assert!(err.starts_with("koe: "), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

/// A new database asked for on a read-only drive: the fault names the database the user gave,
/// not the hidden file koe writes first, in the user's language.
#[cfg(target_os = "linux")]
#[test]
fn a_new_database_on_a_read_only_drive_is_named_as_the_user_gave_it() {
    if !can_unshare() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (data, ro) = (dir.path().join("data"), dir.path().join("ro"));
    std::fs::create_dir(&data).unwrap();
    std::fs::create_dir(&ro).unwrap();
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, line(&id(1), ANSWERS)).unwrap();
    // koe, in Japanese, run with `ro` a read-only view of `data`.
    let on_read_only = |args: &[&std::ffi::OsStr]| {
        let script = r#"mount --bind -o ro "$1" "$2" || exit 99
            shift 2; KOE_LANG=ja "$@""#;
        let out = common::koe()
            .wrapped("unshare")
            .args(["-rm", "sh", "-c", script, "sh"])
            .args([&data, &ro, Path::new(common::KOE)])
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), stderr(&out))
    };
    let new_db = ro.join("new.db");
    let (code, err) = on_read_only(&[
        "--db".as_ref(),
        new_db.as_os_str(),
        "import".as_ref(),
        "council-feedback".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!("{}: 読み取り専用のドライブです", new_db.display())),
        "{err}"
    );
    assert!(!err.contains(".new.db.import"), "the hidden file was named: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // A backup onto that drive, the same.
    let db = laptop(dir.path(), "k.db", &id(2));
    let copy = ro.join("copy.db");
    let (code, err) = on_read_only(&["--db".as_ref(), db.as_os_str(), "backup".as_ref(), copy.as_os_str()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!("{}: 読み取り専用のドライブです", copy.display())),
        "{err}"
    );
    assert!(!err.contains("koe-partial"), "the hidden file was named: {err}");
}

use crate::common::workbooks;

/// The faults of a workbook, one line each (empty when it reads).
fn workbook_faults(spec: &[(&str, &[&[&str]])]) -> String {
    match koe::survey::xlsform::survey_from_workbook(workbooks::book(&workbooks::sheets(spec)), "t") {
        Ok(_) => String::new(),
        Err(faults) => faults.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
    }
}

#[test]
fn finding_10_a_plain_label_beside_a_language_column_keeps_its_japanese() {
    let spec: &[(&str, &[&[&str]])] = &[(
        "survey",
        &[
            &["type", "name", "label", "label::English (en)"],
            &["text", "why", "理由", "Why"],
        ],
    )];
    let survey = koe::survey::xlsform::survey_from_workbook(workbooks::book(&workbooks::sheets(spec)), "t").unwrap();
    assert_eq!(survey.languages, ["ja", "en"]);
    let doc = serde_json::to_value(&survey).unwrap();
    assert_eq!(
        doc["questions"][0]["text"],
        serde_json::json!({"ja": "理由", "en": "Why"})
    );
    // Not Japanese and no default_language: refused, never dropped.
    let faults = workbook_faults(&[(
        "survey",
        &[
            &["type", "name", "label", "label::English (en)"],
            &["text", "why", "Raison", "Why"],
        ],
    )]);
    assert!(faults.contains("koe cannot tell its language"), "{faults}");
    // `label:日本語`, one colon, as pyxform reads it.
    let survey = koe::survey::xlsform::survey_from_workbook(
        workbooks::book(&workbooks::sheets(&[(
            "survey",
            &[
                &["type", "name", "label:日本語", "label:English"],
                &["text", "why", "理由", "Why"],
            ],
        )])),
        "t",
    )
    .unwrap();
    assert_eq!(survey.languages, ["ja", "en"]);
}

#[test]
fn finding_10_every_xlsform_refusal_says_what_to_write_instead() {
    let faults = workbook_faults(&[
        (
            "survey",
            &[
                &[
                    "type",
                    "name",
                    "label::日本語 (ja)",
                    "media::image::日本語 (ja)",
                    "relevant",
                    "constraint",
                ],
                &["select_one sat", "sat", "満足度"],
                &["text", "why", "理由", "", "${sat} <= 2"],
                &["decimal", "hours", "時間", "", "", ". > 0 and . <= 8"],
                &["image", "photo", "写真"],
            ],
        ),
        (
            "choices",
            &[
                &["list_name", "name", "label::日本語 (ja)"],
                &["sat", "1", "不満"],
                &["sat", "2", "満足"],
            ],
        ),
    ]);
    assert!(!faults.contains("media::image"), "{faults}");
    assert!(
        faults.contains("write ${sat} = '1' or ${sat} = '2' instead"),
        "{faults}"
    );
    assert!(faults.contains("write . >= 0 and . <= 8 instead"), "{faults}");
    assert!(faults.contains("koe cannot ask an image question"), "{faults}");
}

/// Each reason a merge refuses another laptop's database, as a Japanese-speaking facilitator
/// reads it: the file named, the reason in Japanese, nothing merged, exit 2.
#[test]
fn a_refused_merge_says_why_in_japanese_when_the_language_is_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let ours = laptop(dir.path(), "ours.db", &id(1));
    let tampered = |name: &str, n: u32, sql: &str| {
        let db = laptop(dir.path(), name, &id(n));
        rusqlite::Connection::open(&db).unwrap().execute_batch(sql).unwrap();
        db
    };
    let cases = [
        (
            tampered("time.db", 2, "UPDATE responses SET submitted_at = 'yesterday'"),
            "submitted_at: \"yesterday\" は RFC 3339 の時刻ではありません",
        ),
        (
            tampered("ids.db", 3, "UPDATE responses SET id = 'not-a-uuid'"),
            "回答の id \"not-a-uuid\" は UUID ではありません",
        ),
        (
            tampered("fit.db", 4, r#"UPDATE responses SET answers = '{"useful": 9}'"#),
            "保存されているアンケート council-feedback に合いません: useful: 9 は 1〜5 の範囲外です",
        ),
        (
            tampered("orphans.db", 5, "PRAGMA foreign_keys = OFF; DELETE FROM sessions"),
            "セッションのない回答が 1 件あります",
        ),
        (
            tampered("answers.db", 6, "UPDATE responses SET answers = '[1]'"),
            "答えが JSON のオブジェクトになっていない回答が 1 件あります",
        ),
        (ours.clone(), "統合先のデータベースそのものです"),
    ];
    for (other, said) in &cases {
        let out = common::koe()
            .db(&ours)
            .env("KOE_LANG", "ja")
            .run(&["merge", other.to_str().unwrap()]);
        let err = stderr(&out).replace(&*dir.path().display().to_string(), "");
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(said), "{}: should say {said:?}:\n{err}", other.display());
        assert!(err.contains("何も統合していません"), "{err}");
        let own = ["yesterday", "useful", "council", "feedback", "UUID", "JSON", "RFC"].map(String::from);
        let left = common::english_left(&err, &own);
        assert!(left.is_empty(), "English words {left:?} left in:\n{err}");
        assert_eq!(count(&ours), 1, "a refused merge changed nothing");
    }
    // In English the same reasons, as before.
    let out = common::koe().db(&ours).run(&["merge", cases[1].0.to_str().unwrap()]);
    assert!(
        stderr(&out).contains("response id \"not-a-uuid\" is not a UUID; nothing was merged"),
        "{}",
        stderr(&out)
    );
}
