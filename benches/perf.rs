//! koe at scale, every figure beside a baseline measured in the same run, with peak memory.
//!
//! `cargo bench --bench perf` runs 10,000 and 100,000 responses of a synthetic 30-question
//! survey; `KOE_BENCH_LARGE=1 cargo bench --bench perf` adds 1,000,000 (`KOE_BENCH_SCALES=100000`
//! runs only the sizes listed). Each measurement runs in its own process (the koe binary, Python,
//! or this program re-run as a child), so that its peak memory is its own (`wait4`'s ru_maxrss).
//!
//! | measure | baseline |
//! | --- | --- |
//! | `koe import` | the import floor: parse every line with serde_json and insert the same rows (one per response) with prepared statements in one transaction, no checks (a child); and the per-answer floor of storage v1, the yardstick of issue 16 |
//! | the analyser floor: tokenising the bench's texts with vibrato and IPADIC, nothing else (characters a second) | `koe import` and `koe export` are reported against it |
//! | Python import (benches/analyst.py: json + executemany) | `koe import` |
//! | `koe export` (all CSV files) | the read floor: step every stored response row in Rust (a child); the decode floor: the same, parsing each row's answers and terms with serde_json into nothing; and the read floor of a per-answer (v1) database of the same responses |
//! | `koe export --format xlsx` | `koe export` (CSV) |
//! | Python tally (benches/analyst.py: counts + a responses CSV) | `koe export` (CSV) |
//! | results screen refresh after one new response | its first computation over all responses |
//! | `koe merge` of ten databases of N/10 responses | copying the ten files |
//! | start to first frame (home screen) | opening the database and counting its responses |
//! | update + render one key at 120x40 | drawing one full-screen paragraph |
//! | saving one answer durably | one 4 KiB write + fsync to the same disk |

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The koe binary's allocator (src/main.rs), so that the floors measured here allocate as koe does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The tables of storage v1 (koe before v3: one `answers` row per answer), for the per-answer
/// floors that issue 16 measured koe against.
const V1_TABLES: &str = "
CREATE TABLE survey_versions (hash TEXT PRIMARY KEY, survey_id TEXT NOT NULL, definition TEXT NOT NULL,
    stored_at TEXT NOT NULL);
CREATE TABLE sessions (id TEXT PRIMARY KEY, survey_id TEXT NOT NULL, label TEXT NOT NULL,
    started_at TEXT NOT NULL, device TEXT NOT NULL);
CREATE TABLE responses (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES sessions(id), survey_hash TEXT NOT NULL REFERENCES survey_versions(hash),
    started_at TEXT NOT NULL, updated_at TEXT NOT NULL, submitted_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('partial', 'submitted')),
    in_progress INTEGER NOT NULL DEFAULT 0 CHECK (in_progress IN (0, 1)));
CREATE INDEX responses_by_session ON responses(session_id, status);
CREATE TABLE answers (rid INTEGER NOT NULL REFERENCES responses(rid) ON DELETE CASCADE,
    question_id TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (rid, question_id)) WITHOUT ROWID;
";

/// A command's wall time, peak memory (bytes) and standard output.
struct Run {
    time: Duration,
    /// User + system CPU time: steadier than wall time on a shared machine, and it shows what
    /// a second core adds.
    cpu: Duration,
    peak: u64,
    stdout: String,
}

/// Runs a command to completion, reaping it with `wait4` to read its own peak memory.
///
/// Two things keep that figure the child's own: the child is forked, not vforked (a `pre_exec`
/// hook makes std fork; after a vfork, Linux counts the parent's peak in the child's), and this
/// process stays small (it keeps only the tail of a child's output, never all of it).
#[allow(clippy::zombie_processes)]
fn run(cmd: &mut Command) -> Run {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    // SAFETY: the hook does nothing; it only makes std fork and exec instead of using vfork.
    unsafe { cmd.pre_exec(|| Ok(())) };
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn");
    let mut tail: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 1 << 16];
    let out = child.stdout.as_mut().unwrap();
    while let Ok(n) = out.read(&mut buf) {
        if n == 0 {
            break;
        }
        tail.extend_from_slice(&buf[..n]);
        if tail.len() > 4096 {
            tail.drain(..tail.len() - 4096);
        }
    }
    let stdout = String::from_utf8_lossy(&tail).into_owned();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let time = start.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "failed: {cmd:?}"
    );
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Run {
        time,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        peak: usage.ru_maxrss as u64 * 1024,
        stdout,
    }
}

fn koe(db: &Path, surveys: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_koe"));
    c.arg("--db").arg(db).arg("--surveys").arg(surveys);
    c
}

/// This benchmark again, as a child doing one measurement.
fn child(args: &[&str]) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.arg("child").args(args);
    c
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A run's wall time and CPU time.
fn took(run: &Run) -> String {
    format!("{:.0} ms (CPU {:.0} ms)", ms(run.time), ms(run.cpu))
}

/// Wall-time ratio, and CPU-time ratio beside it.
fn ratios(a: &Run, b: &Run) -> String {
    format!("{} (CPU {})", ratio(a.time, b.time), ratio(a.cpu, b.cpu))
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64())
}

/// The measurements a child process does, printing one number (its median time in seconds).
fn run_child(args: &[String]) {
    use koe::store::Store;
    use koe::survey::catalog::load_all;
    use koe::tui::app::{App, Msg, Options};
    use koe::tui::view::{Theme, draw};
    use ratatui::{Terminal, backend::TestBackend};
    match args[0].as_str() {
        "parse" => {
            let start = Instant::now();
            let mut n = 0;
            for line in BufReader::new(std::fs::File::open(&args[1]).unwrap()).lines() {
                let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
                n += usize::from(v.is_object());
            }
            assert!(n > 0);
            println!("{}", start.elapsed().as_secs_f64());
        }
        "startup" => {
            let start = Instant::now();
            let store = Store::open(Path::new(&args[1])).unwrap();
            let catalog = load_all(&[PathBuf::from(&args[2])]);
            let app = App::home(store, catalog.surveys, Options::default());
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| draw(f, &app, Theme { color: true })).unwrap();
            println!("{}", start.elapsed().as_secs_f64());
        }
        "count" => {
            let start = Instant::now();
            let store = Store::open(Path::new(&args[1])).unwrap();
            let n: i64 = store
                .connection()
                .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
                .unwrap();
            assert!(n > 0);
            println!("{}", start.elapsed().as_secs_f64());
        }
        "keys" | "paint" => {
            let surveys = PathBuf::from(&args[2]);
            let entry = load_all(&[surveys])
                .surveys
                .into_iter()
                .find(|e| e.survey.id == "council-feedback")
                .unwrap();
            let mut app = App::run(
                Store::open(Path::new(&args[1])).unwrap(),
                entry,
                "keys",
                Options::default(),
            )
            .unwrap();
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            app.update(Msg::Resize(120, 40), Instant::now());
            let script = koe::tui::script::keys(
                "<enter>3<down><up><enter>4<enter>2<left><right><enter>y<enter>1<space>2<down><enter>意見を書きます。とても良かった<bs><left><right><tab><enter>x",
            );
            let text: Vec<ratatui::text::Line> = (0..40)
                .map(|i| {
                    ratatui::text::Line::from(format!("{i:02} 協議の場 参加者アンケート 今日の会議は役に立ちましたか"))
                })
                .collect();
            let mut samples = Vec::new();
            for _ in 0..200 {
                for key in &script {
                    let (d, _) = time(|| {
                        if args[0] == "keys" {
                            app.update(Msg::Key(*key), Instant::now());
                            term.draw(|f| draw(f, &app, Theme { color: true })).unwrap();
                        } else {
                            term.draw(|f| f.render_widget(ratatui::widgets::Paragraph::new(text.clone()), f.area()))
                                .unwrap();
                        }
                    });
                    samples.push(d);
                }
            }
            println!("{}", median(samples).as_secs_f64());
        }
        "save" => {
            let survey = survey();
            let mut store = Store::open(Path::new(&args[1])).unwrap();
            let hash = store.register_survey(&survey).unwrap();
            let session = store.session(&survey.id, "save").unwrap();
            let response = store.start_response(&session, &hash).unwrap();
            let q = survey.question("sl0").unwrap();
            let samples: Vec<Duration> = (0..200)
                .map(|i| time(|| store.save_answer(&response, q, &serde_json::json!(1 + i % 5)).unwrap()).0)
                .collect();
            println!("{}", median(samples).as_secs_f64());
        }
        "fsync" => {
            use std::io::Write;
            let mut f = std::fs::File::create(&args[1]).unwrap();
            let samples: Vec<Duration> = (0..200)
                .map(|_| {
                    time(|| {
                        f.write_all(&[0u8; 4096]).unwrap();
                        f.sync_all().unwrap();
                    })
                    .0
                })
                .collect();
            println!("{}", median(samples).as_secs_f64());
        }
        "analysefloor" => {
            // The analyser's own work on the bench's texts (the same as `write_jsonl` writes):
            // tokenising each with vibrato and IPADIC, nothing else (no terms built, the
            // dictionary decoded before the clock starts). Prints seconds and characters.
            let mut rng = Rng::new(5);
            let texts: Vec<String> = (0..args[1].parse::<usize>().unwrap())
                .flat_map(|_| {
                    let a = answers(&mut rng);
                    (0..3)
                        .filter_map(|i| a.get(format!("tx{i}")).and_then(|v| v.as_str()).map(str::to_string))
                        .collect::<Vec<_>>()
                })
                .collect();
            let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
            let tokenizer = koe::terms::dictionary::tokenizer().unwrap();
            let mut worker = tokenizer.new_worker();
            let start = Instant::now();
            let mut tokens = 0;
            for t in &texts {
                worker.reset_sentence(t);
                worker.tokenize();
                tokens += worker.num_tokens();
            }
            assert!(tokens > 0);
            println!("{} {chars}", start.elapsed().as_secs_f64());
        }
        "jsonl" => {
            // For profiling by hand: the bench's data as a file, and its survey as bench.json
            // beside it (`perf child jsonl FILE N`).
            write_jsonl(Path::new(&args[1]), args[2].parse().unwrap(), 5);
            let dir = Path::new(&args[1]).parent().unwrap();
            std::fs::write(dir.join("bench.json"), survey_json().to_string()).unwrap();
        }
        "readfloor" => {
            // The least any export must do: step every stored row of the responses (v3: each
            // holds its answers and terms) and, in a per-answer (v1) database, of the answers,
            // touching each column's bytes, on one thread and one connection.
            let start = Instant::now();
            let conn =
                rusqlite::Connection::open_with_flags(&args[1], rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            let per_answer = conn
                .query_row("SELECT count(*) FROM sqlite_schema WHERE name = 'answers'", [], |r| {
                    r.get::<_, i64>(0)
                })
                .unwrap()
                > 0;
            let mut bytes = 0usize;
            let mut touch = |row: &rusqlite::Row, n: usize| {
                for i in 0..n {
                    bytes += match row.get_ref(i).unwrap() {
                        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => t.len(),
                        _ => 1,
                    };
                }
            };
            let scans: &[(&str, usize)] = if per_answer {
                &[
                    (
                        "SELECT rid, id, session_id, started_at, submitted_at, status FROM responses",
                        6,
                    ),
                    ("SELECT rid, question_id, value FROM answers", 3),
                ]
            } else {
                &[(
                    "SELECT rid, id, session_id, started_at, submitted_at, status, answers, terms FROM responses",
                    8,
                )]
            };
            for (sql, n) in scans {
                let mut stmt = conn.prepare(sql).unwrap();
                let mut rows = stmt.query([]).unwrap();
                while let Some(row) = rows.next().unwrap() {
                    touch(row, *n);
                }
            }
            assert!(bytes > 0);
            println!("{}", start.elapsed().as_secs_f64());
        }
        "decodefloor" => {
            // The least an export of JSON-stored answers must do beyond the read floor: step
            // every response row and parse its answers and terms with serde_json, building
            // nothing (`IgnoredAny`), on one thread.
            let start = Instant::now();
            let conn =
                rusqlite::Connection::open_with_flags(&args[1], rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            let mut stmt = conn
                .prepare("SELECT rid, id, session_id, started_at, submitted_at, status, answers, terms FROM responses")
                .unwrap();
            let mut rows = stmt.query([]).unwrap();
            let mut parsed = 0usize;
            while let Some(row) = rows.next().unwrap() {
                for i in [6, 7] {
                    if let rusqlite::types::ValueRef::Text(t) = row.get_ref(i).unwrap() {
                        serde_json::from_slice::<serde::de::IgnoredAny>(t).unwrap();
                        parsed += 1;
                    }
                }
            }
            assert!(parsed > 0);
            println!("{}", start.elapsed().as_secs_f64());
        }
        "importfloor" | "importfloor-v1" => {
            // The least an import must do: parse every line with serde_json and insert the rows
            // koe stores, with prepared statements, in one transaction; no checks, no keyword
            // terms. `importfloor` writes koe's rows (one per response, its answers as one JSON
            // object), into a new database written as koe writes one (the rollback journal in
            // memory, then WAL mode); `importfloor-v1` one row per answer into the tables of
            // storage v1 (koe before v3), the yardstick issue 16 was measured with, in WAL mode
            // as that koe wrote it.
            let v1 = args[0] == "importfloor-v1";
            let start = Instant::now();
            let mut conn = if v1 {
                let conn = rusqlite::Connection::open(&args[1]).unwrap();
                conn.pragma_update(None, "page_size", koe::store::schema::PAGE_SIZE)
                    .unwrap();
                koe::store::schema::configure(&conn).unwrap();
                conn.execute_batch(V1_TABLES).unwrap();
                conn
            } else {
                drop(Store::open(Path::new(&args[1])).unwrap());
                let conn = rusqlite::Connection::open(&args[1]).unwrap();
                koe::store::schema::configure(&conn).unwrap();
                // As koe writes a new database (`Store::writing_unseen_file`): the rollback
                // journal in memory, WAL mode again after the commit.
                conn.pragma_update(None, "journal_mode", "MEMORY").unwrap();
                conn
            };
            conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
            let tx = conn.transaction().unwrap();
            tx.execute(
                "INSERT INTO survey_versions VALUES ('h', 'bench', '{}', '2026-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
            {
                let mut sessions = std::collections::HashMap::new();
                let mut session = tx
                    .prepare("INSERT INTO sessions VALUES (?1, 'bench', ?2, ?3, 'floor')")
                    .unwrap();
                let mut response = tx
                    .prepare(if v1 {
                        "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, submitted_at, status)
                         VALUES (?1, ?2, 'h', ?3, ?3, ?3, 'submitted')"
                    } else {
                        "INSERT INTO responses (id, session_id, survey_hash, started_at, updated_at, submitted_at, status, answers)
                         VALUES (?1, ?2, 'h', ?3, ?3, ?3, 'submitted', ?4)"
                    })
                    .unwrap();
                let mut answer = tx
                    .prepare(if v1 {
                        "INSERT INTO answers (rid, question_id, value) VALUES (?1, ?2, ?3)"
                    } else {
                        "SELECT 1"
                    })
                    .unwrap();
                let now = "2026-11-25T00:00:00Z";
                for line in BufReader::new(std::fs::File::open(&args[2]).unwrap()).lines() {
                    let serde_json::Value::Object(mut v) = serde_json::from_str(&line.unwrap()).unwrap() else {
                        panic!("a line is an object")
                    };
                    let label = v["session"].as_str().unwrap().to_string();
                    let sid = sessions.entry(label.clone()).or_insert_with(|| {
                        let id = format!("s{label}");
                        session.execute(rusqlite::params![id, label, now]).unwrap();
                        id
                    });
                    let id = v["id"].as_str().unwrap().to_string();
                    let serde_json::Value::Object(answers) = v.remove("answers").unwrap() else {
                        panic!("answers is an object")
                    };
                    if v1 {
                        response.execute(rusqlite::params![id, sid.as_str(), now]).unwrap();
                        let rid = tx.last_insert_rowid();
                        for (q, a) in &answers {
                            answer.execute(rusqlite::params![rid, q, a.to_string()]).unwrap();
                        }
                    } else {
                        let json = serde_json::to_string(&answers).unwrap();
                        response
                            .execute(rusqlite::params![id, sid.as_str(), now, json])
                            .unwrap();
                    }
                }
            }
            tx.commit().unwrap();
            conn.pragma_update(None, "journal_mode", "WAL").unwrap();
            println!("{}", start.elapsed().as_secs_f64());
        }
        "refresh" => {
            // The results screen over the whole database, then one more response arrives: the
            // first computation, and the refresh after it.
            use koe::tui::results::Results;
            let survey = survey();
            let mut store = Store::open(Path::new(&args[1])).unwrap();
            let (first, mut results) = time(|| Results::compute(&store, &survey, "ja", None).unwrap());
            let hash = store.register_survey(&survey).unwrap();
            let session = store.session(&survey.id, "refresh").unwrap();
            let response = store.start_response(&session, &hash).unwrap();
            let mut rng = Rng::new(7);
            if let serde_json::Value::Object(answers) = answers(&mut rng) {
                for (q, v) in &answers {
                    store.save_answer(&response, survey.question(q).unwrap(), v).unwrap();
                }
            }
            store.submit(&response).unwrap();
            let n = results.responses;
            let (refresh, ()) = time(|| results.refresh(&store, &survey).unwrap());
            assert_eq!(results.responses, n + 1);
            println!("{} {}", refresh.as_secs_f64(), first.as_secs_f64());
        }
        other => panic!("unknown child {other}"),
    }
}

fn secs(run: &Run) -> Duration {
    Duration::from_secs_f64(run.stdout.trim().parse().expect("a child prints seconds"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip_while(|a| a != "child").skip(1).collect();
    if !args.is_empty() {
        return run_child(&args);
    }
    let mut scales = vec![10_000usize, 100_000];
    if std::env::var_os("KOE_BENCH_LARGE").is_some() {
        scales.push(1_000_000);
    }
    // For iterating on one figure: KOE_BENCH_SCALES=100000 (comma-separated).
    if let Ok(list) = std::env::var("KOE_BENCH_SCALES") {
        scales = list
            .split(',')
            .map(|n| n.trim().parse().expect("KOE_BENCH_SCALES: numbers"))
            .collect();
    }
    let dir = tempfile::tempdir().unwrap();
    let surveys = dir.path().join("surveys");
    std::fs::create_dir(&surveys).unwrap();
    std::fs::write(surveys.join("bench.json"), survey_json().to_string()).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys");
    for f in std::fs::read_dir(&examples).unwrap().flatten() {
        std::fs::copy(f.path(), surveys.join(f.file_name())).unwrap();
    }
    let analyst = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/analyst.py");
    let python = Command::new("python3").arg("--version").output().is_ok();
    println!("koe performance, synthetic 30-question survey; each measure in its own process");
    println!("| responses | measure | koe | peak memory | baseline (same run) | ratio |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for &n in &scales {
        let jsonl = dir.path().join(format!("r{n}.jsonl"));
        write_jsonl(&jsonl, n, 5);
        let db = dir.path().join(format!("r{n}.db"));
        let floor_db = dir.path().join(format!("floor{n}.db"));
        let import_floor = run(&mut child(&[
            "importfloor",
            floor_db.to_str().unwrap(),
            jsonl.to_str().unwrap(),
        ]));
        std::fs::remove_file(&floor_db).unwrap();
        // Kept for the per-answer read floor below.
        let v1_db = dir.path().join(format!("v1-{n}.db"));
        let import_floor_v1 = run(&mut child(&[
            "importfloor-v1",
            v1_db.to_str().unwrap(),
            jsonl.to_str().unwrap(),
        ]));
        let import = run(koe(&db, &surveys)
            .args(["import", "bench"])
            .arg(&jsonl)
            .args(["--session", "bench"]));
        println!(
            "| {n} | import (a new database) | {} | {} | parse + insert the same rows (one per response), prepared, one transaction: {} | {} |",
            took(&import),
            mb(import.peak),
            took(&import_floor),
            ratios(&import, &import_floor)
        );
        println!(
            "| {n} | import (a new database) | {} | {} | parse + insert one row per answer (storage v1), prepared, one transaction: {} | {} |",
            took(&import),
            mb(import.peak),
            took(&import_floor_v1),
            ratios(&import, &import_floor_v1)
        );
        // The analyser's throughput on these texts: the floor for segmenting them.
        let analyse = run(&mut child(&["analysefloor", &n.to_string()]));
        let (analyse_secs, chars) = analyse
            .stdout
            .trim()
            .split_once(' ')
            .map(|(a, b)| (a.parse::<f64>().unwrap(), b.parse::<f64>().unwrap()))
            .expect("analysefloor prints seconds and characters");
        let analyse_floor = Duration::from_secs_f64(analyse_secs);
        println!(
            "| {n} | analyser floor: tokenise the texts' {:.1} M characters (vibrato, IPADIC), nothing else | {:.2} s | {} | {:.1} M characters/s | import {} the floor |",
            chars / 1e6,
            analyse_secs,
            mb(analyse.peak),
            chars / analyse_secs / 1e6,
            ratio(import.time, analyse_floor)
        );
        // The analyst's script keeps every row in memory (as an analyst would): 100,000 at most.
        let python = python && n <= 100_000;
        if python {
            let py_db = dir.path().join(format!("py{n}.db"));
            let py = run(Command::new("python3").arg(&analyst).args([
                "import",
                py_db.to_str().unwrap(),
                jsonl.to_str().unwrap(),
            ]));
            println!(
                "| {n} | Python stdlib import (json + executemany) | {} | {} | koe import: {} | koe {} faster |",
                took(&py),
                mb(py.peak),
                took(&import),
                ratios(&py, &import)
            );
            std::fs::remove_file(&py_db).unwrap();
        }
        std::fs::remove_file(&jsonl).unwrap();

        let read = run(&mut child(&["readfloor", db.to_str().unwrap()]));
        let read_v1 = run(&mut child(&["readfloor", v1_db.to_str().unwrap()]));
        let decode = run(&mut child(&["decodefloor", db.to_str().unwrap()]));
        std::fs::remove_file(&v1_db).unwrap();
        let out = dir.path().join(format!("out{n}"));
        let export = run(koe(&db, &surveys).args(["export", "bench", "--out"]).arg(&out));
        println!(
            "| {n} | export all CSV files | {} | {} | step every stored row in Rust (one per response): {}, {} | {} |",
            took(&export),
            mb(export.peak),
            took(&read),
            mb(read.peak),
            ratios(&export, &read)
        );
        println!(
            "| {n} | export all CSV files | {} | {} | step every stored row and parse its answers and terms (serde_json, nothing built): {}, {} | {} |",
            took(&export),
            mb(export.peak),
            took(&decode),
            mb(decode.peak),
            ratios(&export, &decode)
        );
        println!(
            "| {n} | export all CSV files | {} | {} | step every row of a per-answer (v1) database in Rust: {}, {} | {} |",
            took(&export),
            mb(export.peak),
            took(&read_v1),
            mb(read_v1.peak),
            ratios(&export, &read_v1)
        );
        println!(
            "| {n} | export all CSV files | {} | {} | the analyser floor (tokenise every text): {:.2} s | {} |",
            took(&export),
            mb(export.peak),
            analyse_secs,
            ratio(export.time, analyse_floor)
        );
        std::fs::remove_dir_all(&out).unwrap();
        // A sheet holds at most 1,048,576 rows: the free-text sheet of a million responses does
        // not fit, and koe refuses such a workbook.
        if n <= 100_000 {
            let xlsx = run(koe(&db, &surveys)
                .args(["export", "bench", "--format", "xlsx", "--out"])
                .arg(&out));
            println!(
                "| {n} | export XLSX | {} | {} | koe CSV export: {} | {} |",
                took(&xlsx),
                mb(xlsx.peak),
                took(&export),
                ratios(&xlsx, &export)
            );
            std::fs::remove_dir_all(&out).unwrap();
        }
        if python {
            let py =
                run(Command::new("python3")
                    .arg(&analyst)
                    .args(["tally", db.to_str().unwrap(), out.to_str().unwrap()]));
            println!(
                "| {n} | Python stdlib tally (counts + responses.csv) | {} | {} | koe CSV export: {} | koe {} faster |",
                took(&py),
                mb(py.peak),
                took(&export),
                ratios(&py, &export)
            );
            std::fs::remove_dir_all(&out).unwrap();
        }
        let refresh = run(&mut child(&["refresh", db.to_str().unwrap()]));
        let (after_one, first) = refresh
            .stdout
            .trim()
            .split_once(' ')
            .map(|(a, b)| (a.parse::<f64>().unwrap(), b.parse::<f64>().unwrap()))
            .expect("refresh prints two times");
        println!(
            "| {n} | results screen: refresh after one new response | {:.1} ms | {} | first computation: {:.0} ms | {:.3}x |",
            after_one * 1e3,
            mb(refresh.peak),
            first * 1e3,
            after_one / first
        );

        // Ten laptops with n/10 responses each, merged into an empty database.
        let parts: Vec<PathBuf> = (0..10)
            .map(|i| {
                let part = dir.path().join(format!("part{n}-{i}.db"));
                let lines = dir.path().join(format!("part{n}-{i}.jsonl"));
                write_jsonl(&lines, n / 10, 100 + i as u64);
                run(koe(&part, &surveys)
                    .args(["import", "bench"])
                    .arg(&lines)
                    .args(["--session", &format!("laptop{i}")]));
                std::fs::remove_file(&lines).unwrap();
                part
            })
            .collect();
        let merged = dir.path().join(format!("merged{n}.db"));
        let merge = run(koe(&merged, &surveys).arg("merge").args(&parts));
        let (copy, _) = time(|| {
            for (i, p) in parts.iter().enumerate() {
                std::fs::copy(p, dir.path().join(format!("copy{i}.db"))).unwrap();
            }
        });
        println!(
            "| {n} | merge 10 databases of {} | {:.0} ms | {} | copy the 10 files: {:.0} ms | {} |",
            n / 10,
            ms(merge.time),
            mb(merge.peak),
            ms(copy),
            ratio(merge.time, copy)
        );
        for (i, p) in parts.iter().enumerate() {
            std::fs::remove_file(p).unwrap();
            std::fs::remove_file(dir.path().join(format!("copy{i}.db"))).unwrap();
        }
        std::fs::remove_file(&merged).unwrap();

        let mut starts = Vec::new();
        let mut counts = Vec::new();
        let mut start_peak = 0;
        for _ in 0..7 {
            let s = run(&mut child(&[
                "startup",
                db.to_str().unwrap(),
                surveys.to_str().unwrap(),
            ]));
            start_peak = start_peak.max(s.peak);
            starts.push(secs(&s));
            counts.push(secs(&run(&mut child(&["count", db.to_str().unwrap()]))));
        }
        let (start, count) = (median(starts), median(counts));
        println!(
            "| {n} | start to first frame | {:.1} ms | {} | open + count responses: {:.1} ms | {} |",
            ms(start),
            mb(start_peak),
            ms(count),
            ratio(start, count)
        );
        std::fs::remove_file(&db).unwrap();
    }
    let save = run(&mut child(&["save", dir.path().join("save.db").to_str().unwrap()]));
    let fsync = run(&mut child(&["fsync", dir.path().join("fsync.bin").to_str().unwrap()]));
    println!(
        "| - | save one answer durably (median of 200) | {:.2} ms | {} | one 4 KiB write + fsync: {:.2} ms | {} |",
        ms(secs(&save)),
        mb(save.peak),
        ms(secs(&fsync)),
        ratio(secs(&save), secs(&fsync))
    );
    let keys_db = dir.path().join("keys.db");
    let keys = run(&mut child(&[
        "keys",
        keys_db.to_str().unwrap(),
        surveys.to_str().unwrap(),
    ]));
    let paint = run(&mut child(&[
        "paint",
        keys_db.to_str().unwrap(),
        surveys.to_str().unwrap(),
    ]));
    println!(
        "| - | update + render one key at 120x40 (median of 7,800) | {:.0} us | {} | one full-screen paragraph: {:.0} us | {} |",
        secs(&keys).as_secs_f64() * 1e6,
        mb(keys.peak),
        secs(&paint).as_secs_f64() * 1e6,
        ratio(secs(&keys), secs(&paint))
    );
}
