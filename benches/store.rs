//! Storage benchmark: importing 100k responses of a 30-question survey, and saving one answer
//! durably. `cargo bench --bench store` (KOE_BENCH_N to change the number of responses).
//!
//! Each figure is printed beside a baseline measured in the same run: for import, only reading and
//! parsing every JSON line (what any importer must do); for saving, one `fsync` of a small write
//! to a file on the same disk (what any durable save must wait for).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::time::Duration;

use common::*;
use koe::store::Store;
use serde_json::json;

fn main() {
    let n: usize = std::env::var("KOE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let survey = survey();
    let jsonl = dir.path().join("responses.jsonl");
    write_jsonl(&jsonl, n, 7);
    let size = std::fs::metadata(&jsonl).unwrap().len();

    let (parse, lines) = time(|| {
        let mut lines = 0usize;
        for line in BufReader::new(std::fs::File::open(&jsonl).unwrap()).lines() {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            lines += usize::from(v.is_object());
        }
        lines
    });
    assert_eq!(lines, n);

    let db = dir.path().join("bench.db");
    let mut store = Store::open(&db).unwrap();
    let reader = BufReader::new(std::fs::File::open(&jsonl).unwrap());
    let (import, report) =
        time(|| koe::store::import::import(&mut store, &survey, reader, "bench", |e| panic!("{e:?}")));
    let report = report.unwrap();
    assert_eq!(report.imported as usize, n);

    // Durable saves: one answer at a time, as the kiosk does.
    let hash = store.register_survey(&survey).unwrap();
    let session = store.session(&survey.id, "save").unwrap();
    let response = store.start_response(&session, &hash).unwrap();
    let q = survey.question("sl0").unwrap();
    let saves: Vec<Duration> = (0..200)
        .map(|i| time(|| store.save_answer(&response, q, &json!(1 + i % 5)).unwrap()).0)
        .collect();
    let fsync_file = dir.path().join("fsync.bin");
    let mut f = std::fs::File::create(&fsync_file).unwrap();
    let fsyncs: Vec<Duration> = (0..200)
        .map(|_| {
            time(|| {
                f.write_all(&[0u8; 4096]).unwrap();
                f.sync_all().unwrap();
            })
            .0
        })
        .collect();

    println!(
        "koe storage benchmark: {n} responses x 30 questions, JSONL {:.1} MB",
        size as f64 / 1e6
    );
    println!("| measure | koe | baseline (same run) | ratio |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| import {n} responses | {:.0} ms ({:.0} responses/s) | parse the JSONL only: {:.0} ms | {:.2}x |",
        ms(import),
        n as f64 / import.as_secs_f64(),
        ms(parse),
        import.as_secs_f64() / parse.as_secs_f64()
    );
    let (save, sync) = (median(saves), median(fsyncs));
    println!(
        "| save one answer durably (median of 200) | {:.2} ms | one 4 KiB write + fsync: {:.2} ms | {:.2}x |",
        ms(save),
        ms(sync),
        save.as_secs_f64() / sync.as_secs_f64()
    );
}
