//! koe at scale, every figure beside a baseline measured in the same run, with peak memory.
//!
//! `cargo bench --bench perf` runs 10,000 and 100,000 responses of a synthetic 30-question
//! survey; `KOE_BENCH_LARGE=1 cargo bench --bench perf` adds 1,000,000. Each measurement runs in
//! its own process (the koe binary, the sqlite3 shell, or this program re-run as a child), so
//! that its peak memory is its own (`wait4`'s ru_maxrss).
//!
//! | measure | baseline |
//! | --- | --- |
//! | `koe import` | parsing every JSON line, nothing else (a child) |
//! | `koe export` (all CSV files) | the sqlite3 shell reading every row the export reads |
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

/// The query koe's export runs, for the sqlite3 shell to run too.
const READ_ALL: &str = "SELECT r.rid, r.id, s.label, r.started_at, r.submitted_at, r.status, a.question_id, a.value \
     FROM responses r CROSS JOIN sessions s ON s.id = r.session_id LEFT JOIN answers a ON a.rid = r.rid \
     WHERE s.survey_id = 'bench' AND r.status = 'submitted' ORDER BY r.rid;";

/// A command's wall time, peak memory (bytes) and standard output.
struct Run {
    time: Duration,
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
    Run {
        time,
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
    let dir = tempfile::tempdir().unwrap();
    let surveys = dir.path().join("surveys");
    std::fs::create_dir(&surveys).unwrap();
    std::fs::write(surveys.join("bench.json"), survey_json().to_string()).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys");
    for f in std::fs::read_dir(&examples).unwrap().flatten() {
        std::fs::copy(f.path(), surveys.join(f.file_name())).unwrap();
    }
    let sqlite = Command::new("sqlite3").arg("-version").output().is_ok();
    println!("koe performance, synthetic 30-question survey; each measure in its own process");
    println!("| responses | measure | koe | peak memory | baseline (same run) | ratio |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for &n in &scales {
        let jsonl = dir.path().join(format!("r{n}.jsonl"));
        write_jsonl(&jsonl, n, 5);
        let db = dir.path().join(format!("r{n}.db"));
        let parse = run(&mut child(&["parse", jsonl.to_str().unwrap()]));
        let import = run(koe(&db, &surveys)
            .args(["import", "bench"])
            .arg(&jsonl)
            .args(["--session", "bench"]));
        println!(
            "| {n} | import | {:.0} ms | {} | parse the JSONL only: {:.0} ms | {} |",
            ms(import.time),
            mb(import.peak),
            ms(secs(&parse)),
            ratio(import.time, secs(&parse))
        );
        std::fs::remove_file(&jsonl).unwrap();

        let out = dir.path().join(format!("out{n}"));
        let export = run(koe(&db, &surveys).args(["export", "bench", "--out"]).arg(&out));
        if sqlite {
            let floor = run(Command::new("sqlite3").arg(&db).arg(READ_ALL));
            println!(
                "| {n} | export all CSV files | {:.0} ms | {} | sqlite3 reads every row: {:.0} ms, {} | {} |",
                ms(export.time),
                mb(export.peak),
                ms(floor.time),
                mb(floor.peak),
                ratio(export.time, floor.time)
            );
        } else {
            println!(
                "| {n} | export all CSV files | {:.0} ms | {} | (no sqlite3 shell) | |",
                ms(export.time),
                mb(export.peak)
            );
        }
        std::fs::remove_dir_all(&out).unwrap();

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
