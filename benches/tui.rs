//! Kiosk benchmark: update + render per key at 120x40, and start to first frame with a database
//! of 100k responses. `cargo bench --bench tui` (KOE_BENCH_N to change the number of responses).
//!
//! Baselines, measured in the same run: for a key, ratatui drawing one full 120x40 paragraph of
//! Japanese text (what any full-screen redraw costs); for start-up, opening the same database and
//! counting its responses with one query (what any start that shows counts must do).

mod common;

use std::io::BufReader;
use std::time::{Duration, Instant};

use common::*;
use koe::store::Store;
use koe::survey::catalog::{Entry, load_all};
use koe::tui::app::{App, Msg, Options};
use koe::tui::script::keys;
use koe::tui::view::{Theme, draw};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

fn main() {
    let n: usize = std::env::var("KOE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let surveys = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys");
    let theme = Theme { color: true };

    // Per key: walk the council survey again and again with a realistic key mix.
    let db = dir.path().join("keys.db");
    let entry: Entry = load_all(std::slice::from_ref(&surveys))
        .surveys
        .into_iter()
        .find(|e| e.survey.id == "council-feedback")
        .unwrap();
    let mut app = App::run(Store::open(&db).unwrap(), entry, "bench", Options::default()).unwrap();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    app.update(Msg::Resize(120, 40), Instant::now());
    let script = keys(
        "<enter>3<down><up><enter>4<enter>2<left><right><enter>y<enter>1<space>2<down><enter>意見を書きます。とても良かった<bs><left><right><tab><enter>x",
    );
    let mut per_key = Vec::new();
    for _ in 0..200 {
        for key in &script {
            let (d, _) = time(|| {
                app.update(Msg::Key(*key), Instant::now());
                term.draw(|f| draw(f, &app, theme)).unwrap();
            });
            per_key.push(d);
        }
    }
    let text: Vec<Line> = (0..40)
        .map(|i| {
            Line::from(format!(
                "{i:02} 協議の場 参加者アンケート 今日の会議は役に立ちましたか 顔の見える関係"
            ))
        })
        .collect();
    let mut floor = Vec::new();
    for _ in 0..per_key.len() {
        let (d, _) = time(|| {
            term.draw(|f| f.render_widget(Paragraph::new(text.clone()), f.area()))
                .unwrap()
        });
        floor.push(d);
    }

    // Start to first frame with n responses.
    let big = dir.path().join("big.db");
    let jsonl = dir.path().join("big.jsonl");
    write_jsonl(&jsonl, n, 11);
    let bench_surveys = dir.path().join("surveys");
    std::fs::create_dir(&bench_surveys).unwrap();
    std::fs::write(bench_surveys.join("bench.json"), survey_json().to_string()).unwrap();
    for f in std::fs::read_dir(&surveys).unwrap().flatten() {
        std::fs::copy(f.path(), bench_surveys.join(f.file_name())).unwrap();
    }
    {
        let mut store = Store::open(&big).unwrap();
        let reader = BufReader::new(std::fs::File::open(&jsonl).unwrap());
        koe::store::import::import(&mut store, &survey(), reader, "bench", |e| panic!("{e:?}")).unwrap();
    }
    let mut starts = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..15 {
        let (d, _) = time(|| {
            let store = Store::open(&big).unwrap();
            let catalog = load_all(std::slice::from_ref(&bench_surveys));
            let app = App::home(store, catalog.surveys, Options::default());
            let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
            term.draw(|f| draw(f, &app, theme)).unwrap();
        });
        starts.push(d);
        let (d, _) = time(|| {
            let store = Store::open(&big).unwrap();
            let n: i64 = store
                .connection()
                .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
                .unwrap();
            n
        });
        counts.push(d);
    }

    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let mut sorted = per_key.clone();
    sorted.sort();
    let p95 = sorted[sorted.len() * 95 / 100];
    let (key, floor) = (median(per_key), median(floor));
    let (start, count) = (median(starts), median(counts));
    println!(
        "koe kiosk benchmark ({} keys; {n} responses for start-up)",
        script.len() * 200
    );
    println!("| measure | koe | baseline (same run) | ratio |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| update + render one key at 120x40 (median) | {:.0} us | one full-screen paragraph: {:.0} us | {:.2}x |",
        us(key),
        us(floor),
        key.as_secs_f64() / floor.as_secs_f64()
    );
    println!(
        "| the same, 95th percentile (includes the durable saves) | {:.0} us | | |",
        us(p95)
    );
    println!(
        "| start to first frame, {n} responses (median of 15) | {:.1} ms | open + count responses: {:.1} ms | {:.2}x |",
        ms(start),
        ms(count),
        start.as_secs_f64() / count.as_secs_f64()
    );
}
