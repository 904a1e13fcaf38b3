//! Line mode for screen readers (`koe run --plain`): every example survey answered completely
//! with Japanese text through the real binary on a pipe (and, on Unix, in a pseudo-terminal),
//! and the export compared with the same answers given through the kiosk's keys; the loop also
//! driven in-process.
//!
//! One plan of answers per survey is made from the survey itself (so a new example survey is
//! covered by itself), then typed twice: as line mode's lines and as the kiosk's keys.

use crate::common;

use std::collections::BTreeMap;
#[cfg(unix)]
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use koe::survey::flow::Walk;
use koe::survey::{Kind, Question, Survey};
use serde_json::{Map, Value, json};

use common::{Kiosk, PIN, entry, locked};

const SESSION: &str = "テスト会";
const COMMENT: &str = "地域の支援者と顔の見える関係ができました。\nピアサポーターの話が心に残りました。";
const ONE_LINE: &str = "ピアサポーターと話したい";
const OTHER: &str = "家族会の活動";

/// What a plan exercised, so the test can say every feature was met at least once.
#[derive(Default, Debug)]
struct Met {
    multiline: usize,
    matrix: usize,
    rank: usize,
    other: usize,
    hidden: usize,
    refused: usize,
    unanswered: usize,
}

/// The answer a plan gives question `i` of `survey` (`None`: left unanswered, only where
/// optional), chosen from the question itself so that skip rules, その他, N/A and the rest are met.
fn planned(survey: &Survey, i: usize) -> Option<Value> {
    let q = &survey.questions[i];
    let skip =
        !q.required && i % 2 == 1 && matches!(q.kind, Kind::YesNo | Kind::Number { .. } | Kind::SingleChoice { .. });
    if skip {
        return None;
    }
    let values = |q: &Question| q.kind.choices().iter().map(|c| json!(c.value)).collect::<Vec<_>>();
    Some(match &q.kind {
        Kind::SingleChoice { other: true, .. } => json!({ "other": OTHER }),
        Kind::SingleChoice { .. } => values(q)[1].clone(),
        Kind::MultipleChoice {
            other, max_selected, ..
        } => {
            let max = max_selected.map_or(usize::MAX, |m| m as usize);
            let mut items: Vec<Value> = values(q).into_iter().step_by(2).take(2.min(max)).collect();
            if *other && items.len() < max {
                items.push(json!({ "other": OTHER }));
            }
            Value::Array(items)
        }
        Kind::Scale(s) => json!(s.min + 1),
        Kind::YesNo => json!(i.is_multiple_of(2)),
        Kind::Number { min, max, .. } => {
            let n = min.map_or(12.0, |m| m + 2.0);
            json!(max.map_or(n, |m| n.min(m)) as i64)
        }
        Kind::Text { multiline, max_length } => {
            let text = if *multiline { COMMENT } else { ONE_LINE };
            json!(
                text.chars()
                    .take(max_length.map_or(usize::MAX, |m| m as usize))
                    .collect::<String>()
            )
        }
        Kind::Matrix { rows, scale } => {
            let span = scale.max - scale.min + 1;
            let mut m = Map::new();
            for (k, r) in rows.iter().enumerate() {
                let v = if scale.allow_na && k == rows.len() - 1 {
                    json!("na")
                } else {
                    json!(scale.min + (k as i64 + 1) % span)
                };
                m.insert(r.id.clone(), v);
            }
            Value::Object(m)
        }
        Kind::Rank { choices, max_ranked } => {
            let n = max_ranked.map_or(choices.len(), |m| m as usize).min(choices.len());
            Value::Array(choices.iter().rev().take(n).map(|c| json!(c.value)).collect())
        }
        Kind::Note => return None,
    })
}

/// One respondent's way through `survey` by the plan: (question index, planned answer) for each
/// question shown, in order, as the walk shows them.
fn way(survey: &Rc<Survey>, met: &mut Met) -> Vec<(usize, Option<Value>)> {
    let mut walk = Walk::new(survey.clone(), Map::new());
    let mut steps = Vec::new();
    let mut at = walk.first();
    while let Some(i) = at {
        let v = planned(survey, i);
        walk.set(i, v.clone());
        steps.push((i, v));
        at = walk.next(i);
    }
    let shown = walk.shown();
    met.hidden += survey.questions.len() - shown.len();
    steps
}

/// The number of a choice value in its question's list (その他 after the choices).
fn number_of(q: &Question, v: &Value) -> usize {
    let choices = q.kind.choices();
    match choices.iter().position(|c| Some(c.value.as_str()) == v.as_str()) {
        Some(i) => i + 1,
        None => choices.len() + 1,
    }
}

fn point(v: &Value) -> String {
    match v {
        Value::String(na) if na == "na" => "n".into(),
        v => v.to_string(),
    }
}

/// Line mode's lines for one question's planned answer; a wrong line first where the survey
/// has a range to break (the first scale and every number), so a refusal is met too.
fn lines_for(q: &Question, v: Option<&Value>, met: &mut Met, refuse: &mut bool) -> Vec<String> {
    let Some(v) = v else {
        if !matches!(q.kind, Kind::Note) {
            met.unanswered += 1;
        }
        return vec![String::new()];
    };
    let mut lines = Vec::new();
    match (&q.kind, v) {
        (Kind::Scale(s), _) if *refuse => {
            lines.push((s.max + 5).to_string());
            *refuse = false;
            met.refused += 1;
        }
        (Kind::Number { max: Some(m), .. }, _) => {
            lines.push(((m + 1.0) as i64).to_string());
            met.refused += 1;
        }
        _ => {}
    }
    match (&q.kind, v) {
        (Kind::SingleChoice { .. } | Kind::MultipleChoice { .. }, v) => {
            let items: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            let mut words = Vec::new();
            for item in items {
                words.push(number_of(q, item).to_string());
                if let Some(text) = item.get("other").and_then(Value::as_str) {
                    words.push(text.to_string());
                    met.other += 1;
                }
            }
            // Full-width commas and digits read as a person types them with the IME on.
            lines.push(words.join("、"));
        }
        (Kind::Rank { .. }, Value::Array(items)) => {
            met.rank += 1;
            lines.push(
                items
                    .iter()
                    .map(|i| number_of(q, i).to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        (Kind::Scale(_), v) => lines.push(point(v)),
        (Kind::YesNo, Value::Bool(b)) => lines.push(if *b { "y" } else { "n" }.into()),
        (Kind::Number { .. }, v) => lines.push(v.to_string()),
        (Kind::Text { multiline: true, .. }, Value::String(t)) => {
            met.multiline += 1;
            lines.extend(t.lines().map(str::to_string));
            lines.push(".".into());
        }
        (Kind::Text { .. }, Value::String(t)) => lines.push(t.clone()),
        (Kind::Matrix { rows, .. }, Value::Object(m)) => {
            met.matrix += 1;
            lines.extend(rows.iter().map(|r| m.get(&r.id).map(point).unwrap_or_default()));
        }
        _ => panic!("no line for {v} in {}", q.id),
    }
    lines
}

/// The kiosk's keys for the same answer.
fn keys_for(q: &Question, v: Option<&Value>) -> String {
    let Some(v) = v else {
        return if matches!(q.kind, Kind::Note) {
            "<enter>".into()
        } else {
            "<tab>".into()
        };
    };
    match (&q.kind, v) {
        (Kind::SingleChoice { .. } | Kind::MultipleChoice { .. }, v) => {
            let items: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            let mut keys = String::new();
            for item in items {
                keys += &number_of(q, item).to_string();
                if let Some(text) = item.get("other").and_then(Value::as_str) {
                    keys += text;
                }
            }
            keys + "<enter>"
        }
        (Kind::Rank { .. }, Value::Array(items)) => {
            items.iter().map(|i| number_of(q, i).to_string()).collect::<String>() + "<enter>"
        }
        (Kind::Scale(_), v) => point(v) + "<enter>",
        (Kind::YesNo, Value::Bool(b)) => format!("{}<enter>", if *b { "y" } else { "n" }),
        (Kind::Number { .. }, v) => format!("{v}<enter>"),
        (Kind::Text { multiline: true, .. }, Value::String(t)) => t.replace('\n', "<enter>") + "<tab>",
        (Kind::Text { .. }, Value::String(t)) => format!("{t}<enter>"),
        (Kind::Matrix { rows, .. }, Value::Object(m)) => {
            rows.iter().map(|r| point(&m[&r.id])).collect::<String>() + "<enter>"
        }
        _ => panic!("no keys for {v} in {}", q.id),
    }
}

/// The example surveys (every file of surveys/), by id.
fn example_surveys() -> Vec<Rc<Survey>> {
    let catalog = koe::survey::catalog::load_all(&[common::surveys_dir()]);
    assert!(catalog.broken.is_empty(), "{:?}", catalog.broken);
    catalog.surveys.into_iter().map(|e| Rc::new(e.survey)).collect()
}

/// Line mode's input for one respondent of `survey` by the plan: Enter at the welcome prompt,
/// every answer, then the send.
fn script(survey: &Rc<Survey>, met: &mut Met) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut refuse = true;
    for (i, v) in way(survey, met) {
        lines.extend(lines_for(&survey.questions[i], v.as_ref(), met, &mut refuse));
    }
    lines.push("送信".into());
    lines
}

fn kiosk_keys(survey: &Rc<Survey>) -> String {
    let mut met = Met::default();
    let mut keys = String::from("<enter>");
    for (i, v) in way(survey, &mut met) {
        keys += &keys_for(&survey.questions[i], v.as_ref());
    }
    keys + "<enter>"
}

/// koe on `db` over the example surveys, in Japanese, with the scripted PIN, and with neither
/// `KOE_PLAIN` nor `ACCESSIBLE` from the machine running the tests.
fn koe(db: &Path) -> common::Koe {
    common::koe()
        .db(db)
        .surveys(common::surveys_dir())
        .env("KOE_PIN", PIN)
        .env("KOE_LANG", "ja")
        .env_remove("KOE_PLAIN")
        .env_remove("ACCESSIBLE")
}

/// `koe run SURVEY --plain` with `input` on a pipe; its output.
fn run_plain_piped(db: &Path, survey: &str, input: &str) -> Vec<u8> {
    let out = koe(db)
        .stdin(input)
        .run(&["run", survey, "--plain", "--session", SESSION]);
    assert!(
        out.status.success(),
        "koe run --plain failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    out.stdout
}

/// The export's files that hold the answers, each without the columns that differ between two
/// databases by nature (ids and times).
fn exported(db: &Path, survey: &str, out: &Path) -> BTreeMap<String, String> {
    let status = koe(db)
        .command()
        .args(["export", survey, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let mut files = BTreeMap::new();
    for name in ["responses.csv", "summary.csv", "stats.csv", "freetext.csv"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let mut rows = text.lines();
        let header: Vec<String> = rows.next().unwrap().split(',').map(str::to_string).collect();
        let keep: Vec<bool> = header
            .iter()
            .map(|h| {
                !matches!(
                    h.trim_start_matches('\u{feff}'),
                    "response_id" | "started_at" | "submitted_at"
                )
            })
            .collect();
        let mut reader = csv::Reader::from_path(out.join(name)).unwrap();
        let mut kept = String::new();
        for record in reader.records() {
            let record = record.unwrap();
            let cells: Vec<&str> = record.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| c).collect();
            kept += &cells.join("|");
            kept.push('\n');
        }
        files.insert(name.to_string(), kept);
    }
    files
}

/// The same answers given through the kiosk's keys (the scripted-keys harness), in a database
/// of their own.
fn kiosk_database(dir: &Path, survey: &Rc<Survey>) -> PathBuf {
    let db = dir.join("kiosk.db");
    let mut k = Kiosk::run_on(&db, &survey.id, locked());
    k.keys(&kiosk_keys(survey));
    k.shows("ありがとう");
    db
}

#[test]
fn every_example_survey_answered_in_line_mode_on_a_pipe_exports_as_through_the_kiosk() {
    let mut met = Met::default();
    for survey in example_surveys() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plain.db");
        let mut input = script(&survey, &mut met).join("\n");
        input.push('\n');
        let out = run_plain_piped(&db, &survey.id, &input);
        assert!(
            !out.contains(&0x1b),
            "{}: an escape byte in line mode's output",
            survey.id
        );
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("問1 / "), "{}: no question header:\n{text}", survey.id);
        assert!(text.contains("送信しました"), "{}: not sent:\n{text}", survey.id);
        if text.contains("を入力してください") && survey.questions.iter().any(|q| matches!(q.kind, Kind::Scale(_)))
        {
            assert!(
                text.contains("までの数字で答えてください。"),
                "{}: the refused point:\n{text}",
                survey.id
            );
        }
        let kiosk = kiosk_database(dir.path(), &survey);
        let plain_files = exported(&db, &survey.id, &dir.path().join("plain-export"));
        let kiosk_files = exported(&kiosk, &survey.id, &dir.path().join("kiosk-export"));
        assert_eq!(
            plain_files, kiosk_files,
            "{}: line mode and the kiosk stored different answers",
            survey.id
        );
        assert!(
            plain_files["responses.csv"].contains("submitted")
                && plain_files["responses.csv"].contains("ピアサポーター"),
            "{}: {:?}",
            survey.id,
            plain_files["responses.csv"]
        );
    }
    assert!(
        met.multiline > 0 && met.matrix > 0 && met.rank > 0 && met.other > 0 && met.hidden > 0 && met.refused > 0,
        "a feature was not met: {met:?}"
    );
}

// ---- the loop in-process: lines in, lines out ----

/// Line mode over scripted lines on a fresh database (locked, PIN given): its output, and the
/// database.
fn plain_in_process(survey: &str, lines: &[&str], options: koe::plain::Options) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = plain_on(&dir.path().join("koe.db"), survey, lines, options);
    (out, dir)
}

fn plain_on(db: &Path, survey: &str, lines: &[&str], options: koe::plain::Options) -> String {
    let store = koe::store::Store::open(db).unwrap();
    let mut out = Vec::new();
    let input = koe::plain::io::Script::lines(&lines.join("\n"));
    koe::plain::run(store, entry(survey).survey, SESSION, options, input, &mut out).unwrap();
    assert!(!out.contains(&0x1b), "an escape byte in line mode's output");
    String::from_utf8(out).unwrap()
}

fn options() -> koe::plain::Options {
    koe::plain::Options {
        locked: true,
        idle_timeout: std::time::Duration::from_secs(600),
        lang: None,
        pin: Some(PIN.to_string()),
    }
}

/// The stored responses: (status, answers).
fn stored(db: &Path) -> Vec<(String, Value)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT status, answers FROM responses ORDER BY rid")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(|r| {
            let (s, a) = r.unwrap();
            (s, serde_json::from_str(&a).unwrap())
        })
        .collect()
}

#[test]
fn a_question_is_read_as_lines_and_the_answer_read_back_in_words() {
    let (out, dir) = plain_in_process("council-feedback", &["", "2"], options());
    assert!(out.contains("問1 / 6"), "{out}");
    assert!(out.contains("1. 行政"), "{out}");
    assert!(out.contains("番号を入力してください。"), "{out}");
    assert!(out.contains("2. 医療 を選びました。"), "{out}");
    // The input ended mid-questionnaire: what was answered is kept as partial.
    let rows = stored(&dir.path().join("koe.db"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "partial");
    assert_eq!(rows[0].1["sector"], json!("med"));
}

#[test]
fn a_refused_answer_is_a_sentence_and_the_prompt_repeats() {
    let (out, dir) = plain_in_process("council-feedback", &["", "9", "", "2", "7"], options());
    assert!(out.contains("一覧にある番号で答えてください。"), "{out}");
    assert!(out.contains("この質問は回答が必要です。"), "{out}");
    assert!(out.contains("1 から 5 までの数字で答えてください。"), "{out}");
    assert_eq!(out.matches("番号を入力してください。").count(), 3, "{out}");
    assert_eq!(stored(&dir.path().join("koe.db"))[0].1, json!({"sector": "med"}));
}

#[test]
fn b_goes_back_r_lists_and_a_skip_rule_is_followed() {
    // useful 2 shows why_not_useful (at_most 2); back to useful, 4 hides it again.
    let (out, dir) = plain_in_process("council-feedback", &["", "1", "2", "b", "4", "r", "3"], options());
    assert!(
        out.contains("問3 / 7"),
        "the skip rule showed the comment question:\n{out}"
    );
    assert!(out.contains("今の回答: 2"), "{out}");
    assert!(out.contains("ここまでの回答:"), "{out}");
    assert!(out.contains("問2 今日の会議"), "{out}");
    let rows = stored(&dir.path().join("koe.db"));
    assert_eq!(rows[0].1, json!({"sector": "gov", "useful": 4, "relationships": 3}));
}

#[test]
fn english_on_request_and_the_menu_ends_only_with_the_pin() {
    let (out, _dir) = plain_in_process(
        "council-feedback",
        &[":en", ":menu", "0000", ":menu", "2580", "3", "y", ""],
        options(),
    );
    assert!(out.contains("Press Enter to begin."), "{out}");
    assert!(out.contains("暗証番号が違います。"), "{out}");
    assert!(out.contains("3. koe を終了する"), "{out}");
    assert!(out.contains("koe を終了しました。"), "{out}");
    assert!(
        !out.contains("問1"),
        "the empty line after quitting was not taken:\n{out}"
    );
}

#[test]
fn an_idle_respondent_is_kept_as_partial_and_the_next_starts_clean() {
    use koe::plain::io::{Input, Script};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let store = koe::store::Store::open(&db).unwrap();
    let mut out = Vec::new();
    let input = Script::new([
        Input::Line(String::new()),
        Input::Line("3".into()),
        Input::Idle,
        Input::Line(String::new()),
    ]);
    koe::plain::run(
        store,
        entry("council-feedback").survey,
        SESSION,
        options(),
        input,
        &mut out,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("ここまでの回答を保存して最初に戻りました"), "{out}");
    assert_eq!(out.matches("問1 / 6").count(), 2, "{out}");
    let rows = stored(&db);
    assert_eq!(rows.len(), 1, "the second person answered nothing yet");
    assert_eq!(rows[0], ("partial".to_string(), json!({"sector": "welfare"})));
}

#[test]
fn an_unfinished_response_is_resumed_after_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    // A kiosk killed mid-way leaves its response in progress: the first answer saved, no more.
    {
        let mut k = Kiosk::run_on(&db, "council-feedback", locked());
        k.keys("<enter>2<enter>");
    }
    let out = plain_on(
        &db,
        "council-feedback",
        &["r", "4", "3", "n", "", "", "送信"],
        options(),
    );
    assert!(out.contains("中断された回答があります"), "{out}");
    assert!(out.contains("送信しました。"), "{out}");
    let rows = stored(&db);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "submitted");
    assert_eq!(
        rows[0].1,
        json!({"sector": "med", "useful": 4, "relationships": 3, "new_contact": false})
    );
}

// ---- a real terminal (Unix: the PTY tests need a working pseudo-terminal) ----

/// Line mode in a pseudo-terminal (Unix): the running program, what is typed into it, and
/// everything it has written so far.
#[cfg(unix)]
struct PlainPty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
}

#[cfg(unix)]
impl PlainPty {
    /// `koe run council-feedback --plain` on `db`, with `KOE_PIN` when `pin` is given.
    fn spawn(db: &Path, pin: Option<&str>) -> PlainPty {
        use portable_pty::{PtySize, native_pty_system};
        use std::io::Read;
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        // In the test's own folder (a pty command otherwise starts in the home folder).
        let mut cmd = common::koe()
            .db(db)
            .surveys(common::surveys_dir())
            .dir(db.parent().unwrap())
            .pty(&["run", "council-feedback", "--plain", "--session", SESSION]);
        if let Some(pin) = pin {
            cmd.env("KOE_PIN", pin);
        } else {
            cmd.env_remove("KOE_PIN");
        }
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "ja_JP.UTF-8");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let output = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        PlainPty { child, writer, output }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned()
    }

    /// Waits until `what` has been written `times` times (20 s at most).
    fn wait_for(&self, what: &str, times: usize) {
        let start = std::time::Instant::now();
        while self.text().matches(what).count() < times {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(20),
                "never saw {what:?}:\n{}",
                self.text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    /// Types a line as a person does (Enter is a carriage return in a terminal).
    fn type_line(&mut self, line: &str) {
        self.writer.write_all(format!("{line}\r").as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }
}

/// `koe run council-feedback --plain` in a pseudo-terminal, answered line by line as a person
/// types, with Ctrl-C, Ctrl-Z and Ctrl-\ pressed on the way:
/// they do nothing, the whole questionnaire is stored, and no byte of the output is an escape.
#[cfg(unix)]
#[test]
fn in_a_real_terminal_line_mode_writes_no_escape_and_the_stop_keys_do_nothing() {
    use std::time::{Duration, Instant};

    let survey = example_surveys()
        .into_iter()
        .find(|s| s.id == "council-feedback")
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    let mut pty = PlainPty::spawn(&db, Some(PIN));
    pty.wait_for("Enter キーを押すと始まります。", 1);
    let mut met = Met::default();
    let lines = script(&survey, &mut met);
    for (n, line) in lines.iter().enumerate() {
        if n == 2 {
            // Mid-questionnaire, the keys that stop a program in a terminal.
            for key in ["\x03", "\x1a", "\x1c"] {
                pty.writer.write_all(key.as_bytes()).unwrap();
                pty.writer.flush().unwrap();
                std::thread::sleep(Duration::from_millis(200));
            }
            assert!(
                pty.child.try_wait().unwrap().is_none(),
                "a stop key ended line mode:\n{}",
                pty.text()
            );
        }
        pty.type_line(line);
        std::thread::sleep(Duration::from_millis(80));
    }
    pty.wait_for("送信しました。", 1);
    // Ctrl-D on an empty line: the end of input ends line mode.
    pty.writer.write_all(b"\x04").unwrap();
    pty.writer.flush().unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = pty.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "line mode did not end at EOF"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success());
    let out = pty.output.lock().unwrap().clone();
    assert!(
        !out.contains(&0x1b),
        "an escape byte in line mode's output:\n{}",
        String::from_utf8_lossy(&out)
    );
    let kiosk = kiosk_database(dir.path(), &survey);
    assert_eq!(
        exported(&db, &survey.id, &dir.path().join("plain-export")),
        exported(&kiosk, &survey.id, &dir.path().join("kiosk-export")),
        "line mode in a terminal and the kiosk stored different answers"
    );
}

/// The PIN is typed where the next respondent will sit: in a terminal it is not echoed, neither
/// when the facilitator chooses it (twice) nor at `:menu`, so it cannot be read back in the
/// window's scrollback; the menu still opens with it, and what is typed after it is shown again
/// (the second `:menu` is waited for).
#[cfg(unix)]
#[test]
fn in_a_real_terminal_the_pin_typed_is_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = PlainPty::spawn(&dir.path().join("plain.db"), None);
    pty.wait_for("暗証番号を決めてください", 1);
    pty.type_line(PIN);
    pty.wait_for("もう一度", 1);
    pty.type_line(PIN);
    pty.wait_for("Enter キーを押すと始まります。", 1);
    pty.type_line(":menu");
    pty.wait_for("暗証番号を入力してください。", 1);
    pty.type_line(PIN);
    pty.wait_for("係の人のメニュー", 1);
    pty.type_line(":menu");
    pty.wait_for(":menu", 2);
    let shown = pty.text();
    let _ = pty.child.kill();
    assert!(!shown.contains(PIN), "the PIN {PIN} was shown on the screen:\n{shown}");
}
