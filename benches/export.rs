//! Export benchmark: `koe export` of all CSV files for 100k responses x 30 questions, beside the
//! floor of reading every stored row with the sqlite3 shell in the same run, and the peak memory
//! of the export at 100k (and, with KOE_BENCH_LARGE=1, at 1M) responses.
//!
//! `cargo bench --bench export`. Needs the `sqlite3` shell for the floor (skipped without it).

mod common;

use std::io::BufReader;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use koe::store::Store;

/// The query koe's export runs, for the sqlite3 shell to run too.
const READ_ALL: &str = "SELECT r.rid, r.id, s.label, r.started_at, r.submitted_at, r.status, a.question_id, a.value \
     FROM responses r CROSS JOIN sessions s ON s.id = r.session_id LEFT JOIN answers a ON a.rid = r.rid \
     WHERE s.survey_id = 'bench' AND r.status = 'submitted' ORDER BY r.rid;";

/// Runs a command to completion; returns its wall time and peak resident memory (bytes).
/// The child is reaped by `wait4` (which also reports its memory), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // wait4 reports this child's own peak RSS (ru_maxrss, KiB on Linux).
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "command failed: {cmd:?}"
    );
    (elapsed, usage.ru_maxrss as u64 * 1024)
}

fn build_db(dir: &Path, n: usize) -> std::path::PathBuf {
    let db = dir.join(format!("bench-{n}.db"));
    let jsonl = dir.join(format!("bench-{n}.jsonl"));
    write_jsonl(&jsonl, n, 3);
    let mut store = Store::open(&db).unwrap();
    let reader = BufReader::new(std::fs::File::open(&jsonl).unwrap());
    koe::store::import::import(&mut store, &survey(), reader, "bench", |e| panic!("{e:?}")).unwrap();
    std::fs::remove_file(&jsonl).unwrap();
    db
}

fn export(dir: &Path, surveys: &Path, db: &Path, out: &str) -> (Duration, u64) {
    measure(
        Command::new(env!("CARGO_BIN_EXE_koe"))
            .args(["export", "bench", "--out"])
            .arg(dir.join(out))
            .arg("--db")
            .arg(db)
            .arg("--surveys")
            .arg(surveys),
    )
}

fn main() {
    let n: usize = std::env::var("KOE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let surveys = dir.path().join("surveys");
    std::fs::create_dir(&surveys).unwrap();
    std::fs::write(surveys.join("bench.json"), survey_json().to_string()).unwrap();
    let db = build_db(dir.path(), n);
    let sqlite = Command::new("sqlite3").arg("-version").output().is_ok();

    if let Some(keep) = std::env::var_os("KOE_BENCH_KEEP") {
        // Keep the database and the survey for profiling by hand.
        let keep = Path::new(&keep);
        std::fs::create_dir_all(keep.join("surveys")).unwrap();
        std::fs::copy(&db, keep.join("bench.db")).unwrap();
        std::fs::copy(surveys.join("bench.json"), keep.join("surveys/bench.json")).unwrap();
    }
    let mut exports = Vec::new();
    let mut floors = Vec::new();
    let mut peak = 0;
    for i in 0..3 {
        if sqlite {
            let (t, _) = measure(Command::new("sqlite3").arg(&db).arg(READ_ALL));
            floors.push(t);
        }
        let (t, mem) = export(dir.path(), &surveys, &db, &format!("out-{i}"));
        exports.push(t);
        peak = peak.max(mem);
    }
    let export_time = median(exports);
    println!("koe export benchmark: {n} responses x 30 questions (median of 3)");
    println!("| measure | koe | baseline (same run) | ratio |");
    println!("| --- | --- | --- | --- |");
    if sqlite {
        let floor = median(floors);
        println!(
            "| export all CSV files, {n} responses | {:.0} ms | sqlite3 shell reads every row: {:.0} ms | {:.2}x |",
            ms(export_time),
            ms(floor),
            export_time.as_secs_f64() / floor.as_secs_f64()
        );
    } else {
        println!(
            "| export all CSV files, {n} responses | {:.0} ms | (sqlite3 shell not installed) | |",
            ms(export_time)
        );
    }
    println!(
        "| peak memory of the export, {n} responses | {:.1} MB | | |",
        peak as f64 / 1e6
    );
    if std::env::var_os("KOE_BENCH_LARGE").is_some() {
        let large = n * 10;
        let db = build_db(dir.path(), large);
        let (t, mem) = export(dir.path(), &surveys, &db, "large");
        println!(
            "| export all CSV files, {large} responses | {:.0} ms | | |\n| peak memory of the export, {large} responses | {:.1} MB | {n} responses: {:.1} MB | {:.2}x |",
            ms(t),
            mem as f64 / 1e6,
            peak as f64 / 1e6,
            mem as f64 / peak as f64
        );
    }
}
