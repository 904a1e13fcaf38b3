//! The results screen on the fixture data (five responses of the every-type survey): snapshots
//! at 80x24 and 160x50, the session filter, reading free text one by one, live updates, and that
//! a respondent in kiosk mode cannot reach it.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::{Kiosk, entry};
use crossterm::event::KeyCode;
use koe::store::Store;
use koe::tui::app::{App, Msg, Options, Screen};

fn fixture_lines() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every-type.jsonl")).unwrap()
}

/// The home screen over the fixture survey, with its five responses stored.
fn home(w: u16, h: u16) -> (tempfile::TempDir, Kiosk) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut store = Store::open(&db).unwrap();
    let e = entry("every-type");
    koe::store::import::import(&mut store, &e.survey, fixture_lines().as_bytes(), "x", |e| {
        panic!("{e:?}")
    })
    .unwrap();
    let app = App::home(store, vec![e], Options::default());
    (dir, Kiosk::with(app, db, w, h))
}

#[test]
fn results_at_80x24_scrolled_through() {
    let (_d, mut k) = home(80, 24);
    k.keys("r");
    insta::assert_snapshot!("results_80x24_top", k.screen());
    k.keys("<pgdn>");
    insta::assert_snapshot!("results_80x24_page2", k.screen());
    k.keys("<pgdn><pgdn><pgdn>");
    insta::assert_snapshot!("results_80x24_end", k.screen());
}

#[test]
fn results_at_160x50() {
    let (_d, mut k) = home(160, 50);
    k.keys("r");
    insta::assert_snapshot!("results_160x50", k.screen());
}

#[test]
fn bars_counts_percents_and_means_are_shown() {
    let (_d, mut k) = home(100, 90);
    k.keys("r")
        .shows("回答 5")
        .shows("所属  (n=5)")
        .shows("役に立った  (n=5)  平均 2.67 (n=3)");
    let screen = k.screen();
    let gov = screen.lines().find(|l| l.contains("行政")).unwrap();
    assert!(gov.contains("###") && gov.trim_end().ends_with("3   60.0%"), "{gov}");
    assert!(screen.contains("人数"), "the number question");
    assert!(screen.contains("n=3  平均 10  中央値 10  範囲 0 - 20"), "{screen}");
    assert!(screen.contains("理由  (自由記述 2)"), "{screen}");
    // order: x ranked 1st and 2nd, y 2nd and 1st, z 1st once: most preferred first.
    let rank: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("優先順位"))
        .skip(1)
        .take(3)
        .collect();
    assert_eq!(
        rank.iter().map(|l| l.trim()).collect::<Vec<_>>(),
        [
            "Z     平均順位 1  (n=1)",
            "X     平均順位 1.5  (n=2)",
            "Y     平均順位 1.5  (n=2)"
        ]
    );
}

#[test]
fn the_session_filter_and_reading_free_text_one_by_one() {
    let (_d, mut k) = home(100, 40);
    k.keys("r").shows("すべてのセッション");
    k.keys("s").shows("回答 3  A");
    k.keys("s").shows("回答 2  B");
    k.keys("s").shows("すべてのセッション");
    k.keys("t").shows("所属 / その他").shows("1 / 1").shows("家族会😀");
    k.keys("<tab>").shows("テーマ / その他").shows("防災");
    k.keys("<tab>").shows("理由").shows("1 / 2").shows("資料が多い");
    k.keys("<right>")
        .shows("2 / 2")
        .shows("時間が短い")
        .shows("\"引用\",カンマ");
    k.keys("<right>").shows("2 / 2");
    k.keys("<left>").shows("1 / 2");
    k.keys("<esc>").shows("よく出る言葉");
    k.keys("<esc>").shows("アンケート一覧");
}

#[test]
fn results_update_as_new_answers_arrive() {
    let (_d, mut k) = home(100, 40);
    k.keys("r").shows("回答 5");
    // Another laptop's answers merged in, or another koe writing to the same database.
    let mut other = Store::open(&k.db).unwrap();
    let line = r#"{"answers": {"role": "med", "useful": 4}}"#;
    koe::store::import::import(&mut other, &entry("every-type").survey, line.as_bytes(), "C", |e| {
        panic!("{e:?}")
    })
    .unwrap();
    k.wait(Duration::from_secs(1)).shows("回答 5");
    k.wait(Duration::from_secs(2)).shows("回答 6");
}

#[test]
fn a_respondent_cannot_reach_the_results_in_kiosk_mode() {
    let mut k = Kiosk::run("every-type", common::locked());
    k.keys("<enter>rtq<esc>").hides("結果").shows("所属");
    // The results are behind F10 and the PIN.
    k.keys("<f10>2")
        .hides("結果")
        .shows("暗証番号（PIN）を入力してください");
    k.keys("<esc>").shows("所属");
    k.keys(common::MENU).keys("2").shows("結果").shows("回答 0");
    k.keys("<esc>").shows("進行役メニュー");
    k.keys("<esc>").shows("所属");
}

/// A database of `n` submitted responses to council-feedback, written with plain inserts in one
/// transaction (generated here, never committed to the repository).
fn large_database(db: &Path, n: i64) {
    let e = entry("council-feedback");
    let mut store = Store::open(db).unwrap();
    let hash = store.register_survey(&e.survey).unwrap();
    let session = store.session(&e.survey.id, "大会").unwrap();
    let conn = store.connection();
    conn.execute_batch("BEGIN").unwrap();
    let mut response = conn
        .prepare(
            "INSERT INTO responses (rid, id, session_id, survey_hash, started_at, updated_at, submitted_at, status, answers)
             VALUES (?1, ?2, ?3, ?4, '2026-11-25T05:00:00Z', '2026-11-25T05:01:00Z', '2026-11-25T05:01:00Z', 'submitted', ?5)",
        )
        .unwrap();
    let sectors = ["gov", "med", "welfare", "agency", "resident"];
    for i in 1..=n {
        let id = format!("00000000-0000-4000-8000-{i:012}");
        let answers = serde_json::json!({
            "sector": sectors[(i % 5) as usize],
            "useful": i % 5 + 1,
            "relationships": i % 4 + 1,
            "new_contact": i % 3 == 0,
        });
        response
            .execute(rusqlite::params![i, id, session.id, hash, answers.to_string()])
            .unwrap();
    }
    drop(response);
    conn.execute_batch("COMMIT").unwrap();
}

/// The results screen over 100,000 responses: the tally takes seconds and runs on its own
/// thread, so a key is handled (and drawn) at once while it runs, at the first tally and when new
/// answers arrive. The handshake: the tally has reported progress before the key and reports
/// more after it, so the key was handled while it ran; the key's own time is measured too.
#[test]
fn keys_are_handled_at_once_while_a_large_tally_runs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    large_database(&db, 100_000);
    let app = App::home(
        Store::open(&db).unwrap(),
        vec![entry("council-feedback")],
        Options::default(),
    );
    let mut k = Kiosk::with(app, db.clone(), 100, 40);
    let opened = std::time::Instant::now();
    k.app.update(Msg::Key(key(KeyCode::Char('r'))), k.now);
    k.shows("集計中");
    let first = key_while_counting(&mut k, KeyCode::Down);
    assert_eq!(results(&k).scroll, 1, "the key was handled");
    k.app.settle(Duration::from_secs(120));
    let tally_took = opened.elapsed();
    k.shows("回答 100000").hides("集計中");

    // A new answer (another koe on the same database): the next look counts it, on the thread,
    // adding the one new response to the counts kept (no recount of the 100,000).
    let mut other = Store::open(&db).unwrap();
    let line = r#"{"answers": {"sector": "med", "useful": 4, "relationships": 2}}"#;
    koe::store::import::import(
        &mut other,
        &entry("council-feedback").survey,
        line.as_bytes(),
        "C",
        |e| panic!("{e:?}"),
    )
    .unwrap();
    k.now += Duration::from_secs(3);
    k.app.update(Msg::Tick, k.now);
    k.app.settle(Duration::from_secs(120));
    k.shows("回答 100001").hides("集計中");
    eprintln!(
        "a key on the results screen took {first:?} during the first tally of 100,000 responses \
         ({tally_took:?})"
    );
}

/// Waits until the tally running has counted something, sends `code`, and checks that the key
/// was handled within 50 ms and that the tally went on after it; returns the key's time.
fn key_while_counting(k: &mut Kiosk, code: KeyCode) -> Duration {
    while !matches!(k.app.screen(), Screen::Results(r) if r.computing.unwrap_or(0) > 0) {
        assert!(k.app.wait_background(Duration::from_secs(60)), "no tally started");
    }
    let counted_before = results(k).computing.unwrap();
    let t = std::time::Instant::now();
    k.app.update(Msg::Key(key(code)), k.now);
    let screen = k.screen();
    let handled = t.elapsed();
    assert!(screen.contains("集計中"), "{screen}");
    assert!(
        handled < Duration::from_millis(50),
        "a key took {handled:?} while the tally ran"
    );
    assert!(k.app.wait_background(Duration::from_secs(60)));
    let counted_after = results(k).computing;
    assert!(
        counted_after.is_some_and(|n| n > counted_before),
        "the tally was still running after the key ({counted_before} then {counted_after:?})"
    );
    handled
}

fn key(code: KeyCode) -> crossterm::event::KeyEvent {
    crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE)
}

fn results(k: &Kiosk) -> &koe::tui::app::ResultsScreen {
    match k.app.screen() {
        Screen::Results(r) => r,
        _ => panic!("not on the results screen"),
    }
}

#[test]
fn a_refresh_counts_what_arrived_as_a_fresh_computation_would() {
    use koe::tui::results::Results;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("koe.db")).unwrap();
    let e = entry("every-type");
    let lines = fixture_lines();
    let lines: Vec<&str> = lines.lines().filter(|l| !l.trim().is_empty()).collect();
    let import = |store: &mut Store, part: &[&str]| {
        koe::store::import::import(store, &e.survey, part.join("\n").as_bytes(), "x", |e| panic!("{e:?}")).unwrap();
    };
    // A respondent starts before the others' responses are stored, and submits after the first
    // computation: an earlier row that becomes countable later.
    let hash = store.register_survey(&e.survey).unwrap();
    let session = store.session(&e.survey.id, "kiosk").unwrap();
    let early = store.start_response(&session, &hash).unwrap();
    import(&mut store, &lines[..2]);
    let mut results = Results::compute(&store, &e.survey, "ja", None).unwrap();
    assert_eq!(results.responses, 2);

    import(&mut store, &lines[2..]);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    for (q, v) in first["answers"].as_object().unwrap() {
        store.save_answer(&early, e.survey.question(q).unwrap(), v).unwrap();
    }
    store.submit(&early).unwrap();
    results.refresh(&store, &e.survey).unwrap();
    let fresh = Results::compute(&store, &e.survey, "ja", None).unwrap();
    assert_eq!(results.responses, lines.len() as u64 + 1);
    assert_eq!(results.responses, fresh.responses);
    assert_eq!(results.sessions, fresh.sessions);
    assert_eq!(results.blocks, fresh.blocks);

    // Nothing new: the same results again.
    results.refresh(&store, &e.survey).unwrap();
    assert_eq!(results.blocks, fresh.blocks);
}

/// The scroll is kept within the list: after paging far past the end, one Up shows the line
/// above at once (no invisible overshoot to climb back through).
#[test]
fn scrolling_past_the_end_is_clamped_so_up_moves_at_once() {
    let (_d, mut k) = home(80, 24);
    k.keys("r<pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn><pgdn>");
    // Down first walks the words on screen (the last block is a text question), then stops.
    k.keys("<down><down><down><down><down>");
    let end = k.screen();
    k.keys("<down><down><down>");
    assert_eq!(k.screen(), end, "Down at the end stays at the end");
    k.keys("<up>");
    assert_ne!(k.screen(), end, "one Up moves the list");
}
