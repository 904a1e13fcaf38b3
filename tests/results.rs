//! The results screen on the fixture data (five responses of the every-type survey): snapshots
//! at 80x24 and 160x50, the session filter, reading free text one by one, live updates, and that
//! a respondent in kiosk mode cannot reach it.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{Kiosk, entry};
use koe::store::Store;
use koe::tui::app::{App, Options};

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
    let mut k = Kiosk::run(
        "every-type",
        Options {
            kiosk: true,
            ..Options::default()
        },
    );
    k.keys("<enter>rtq<esc>").hides("結果").shows("所属");
    k.keys("<f10>2").shows("結果").shows("回答 0");
    k.keys("<esc>").shows("進行役メニュー");
    k.keys("<esc>").shows("所属");
    // With a PIN, the results are behind it.
    k.keys("<f10>4").keys("2468<enter><esc>");
    k.keys("<f10>2").hides("結果").shows("PINを入力してください");
}
