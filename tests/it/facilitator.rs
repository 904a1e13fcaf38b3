//! The facilitator's side, by scripted keys: sessions are locked by default (from `koe run` and
//! from the home screen) and start only after a PIN typed twice, 練習モード unlocks one and says
//! so, wrong PINs make the prompt wait, ending and quitting ask first, and responses left by a
//! crash are shown only after their session's PIN.

use crate::common;

use std::time::Duration;

use common::Kiosk;
use koe::tui::app::Options;

/// Keys a respondent might try to get out with: none of them changes anything.
const ESCAPES: &str = "<esc>q<c-c><c-z><c-\\>re";

#[test]
fn a_session_started_from_the_home_screen_asks_for_a_pin_and_is_locked() {
    let mut k = Kiosk::home();
    k.keys("<enter>").shows("新しいセッション").shows("> 本番");
    // The PIN comes before the welcome screen: chosen, then typed again.
    k.keys("<enter>")
        .shows("暗証番号（PIN）を決めてください")
        .hides("Enter キーを押して始めてください");
    k.keys("2580<enter>").shows("もう一度同じ暗証番号");
    k.keys("2580<enter>")
        .shows("Enter キーを押して始めてください")
        .hides("練習モード");
    k.keys(ESCAPES).shows("Enter キーを押して始めてください");
    assert!(!k.app.quit());
    k.keys("<enter>").shows("問1.");
    k.keys(ESCAPES).shows("問1.").hides("アンケート一覧").hides("結果");
    assert!(!k.app.quit());
    // F10 asks for that PIN before the menu; a wrong one opens nothing.
    k.keys("<f10>")
        .shows("暗証番号（PIN）を入力してください")
        .hides("結果を見る");
    k.keys("1111<enter>").shows("PINが違います").hides("結果を見る");
    k.keys("2580<enter>").shows("進行役メニュー");
    k.keys("5").shows("アンケート一覧に戻りますか");
    k.keys("y").shows("アンケート一覧");
}

#[test]
fn koe_run_without_a_pin_asks_for_one_twice_before_anyone_answers() {
    let asking = Options {
        kiosk: true,
        pin: None,
        ..Options::default()
    };
    let mut k = Kiosk::run("council-feedback", asking.clone());
    k.shows("暗証番号（PIN）を決めてください")
        .shows("テスト会")
        .hides("Enter キーを押して始めてください");
    k.keys("12<enter>").shows("4〜12 桁");
    k.keys("34<enter>").shows("もう一度同じ暗証番号");
    k.keys("1243<enter>")
        .shows("1回目と違います")
        .shows("暗証番号（PIN）を決めてください");
    k.keys("4321<enter>4321<enter>")
        .shows("Enter キーを押して始めてください");
    // Kept with the session as a salted hash, never as the digits.
    let stored: String = koe::store::Store::open(&k.db)
        .unwrap()
        .connection()
        .query_row("SELECT pin_hash FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert!(
        koe::pin::matches("4321", &stored) && !stored.contains("4321"),
        "{stored}"
    );
    k.keys("<enter>1<enter>")
        .keys(ESCAPES)
        .shows("今日の会議は役に立ちましたか");
    assert!(!k.app.quit());
    k.keys("<f10>").hides("結果を見る");
    k.keys("4321<enter>").shows("結果を見る");

    // Esc at the first prompt starts nothing: koe ends, no response, no PIN.
    let mut k = Kiosk::run("council-feedback", asking);
    k.keys("<esc>");
    assert!(k.app.quit());
    assert!(k.statuses().is_empty());
}

#[test]
fn f1_on_a_locked_questionnaire_does_not_advertise_f10() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter><f1>")
        .shows("キー一覧")
        .hides("F10")
        .hides("進行役メニュー");
    let practice = Options {
        kiosk: false,
        ..Options::default()
    };
    let mut k = Kiosk::run("council-feedback", practice);
    k.keys("<enter><f1>").shows("キー一覧").shows("F10");
}

#[test]
fn after_a_crash_nothing_of_the_unfinished_response_shows_before_the_sessions_pin() {
    let mut first = Kiosk::run("every-type", common::locked());
    first.keys("<enter>2<enter>").shows("問2.");
    // The laptop dies here: the app is never closed.
    let db = first.db.clone();
    let dir = first.keep_dir();
    drop(first);

    let asking = Options {
        kiosk: true,
        pin: None,
        ..Options::default()
    };
    let mut k = Kiosk::run_on(&db, "every-type", asking);
    k.shows("このセッションの暗証番号")
        .hides("中断された回答")
        .hides("問回答済み");
    // Whatever the next person presses, nothing of the earlier answers appears.
    for keys in ["<enter>", "<s-tab>", "<tab>", "2", "<up><enter>", "<f10>", "<esc>"] {
        k.keys(keys);
        let screen = k.screen();
        assert!(
            !screen.contains("中断された回答") && !screen.contains("(*)") && !screen.contains("問1."),
            "after {keys}:\n{screen}"
        );
    }
    let mut k = Kiosk::run_on(
        &db,
        "every-type",
        Options {
            kiosk: true,
            pin: None,
            ..Options::default()
        },
    );
    k.keys("9999<enter>").shows("PINが違います").hides("中断された回答");
    k.keys("2580<enter>").shows("中断された回答").shows("1 問回答済み");
    k.keys("<enter>").shows("問2.");
    k.keys("<s-tab>").shows("(*)");
    drop(dir);
}

#[test]
fn practice_mode_on_the_session_prompt_is_unlocked_and_says_so() {
    let mut k = Kiosk::home();
    k.keys("<enter><down>").shows("> 練習モード");
    k.keys("<enter>").shows("練習モード（ロックなし）");
    k.keys("<enter>1<enter>").shows("練習モード（ロックなし）");
    k.keys("<c-c>");
    assert!(k.app.quit(), "Ctrl-C quits a practice session");
    assert_eq!(k.statuses(), vec!["partial"]);
    // Up/Down toggles back to the locked session.
    let mut k = Kiosk::home();
    k.keys("<enter><down><up>").shows("> 本番");
}

#[test]
fn the_pin_is_changed_from_the_menu_typed_twice() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys(common::MENU).keys("8").shows("新しい暗証番号");
    k.keys("1234<enter>").shows("もう一度同じ暗証番号");
    k.keys("1243<enter>").shows("1回目と違います").shows("新しい暗証番号");
    k.keys("4321<enter>4321<enter>").shows("進行役メニュー");
    k.keys("<esc><f10>2580<enter>").shows("PINが違います");
    k.keys("4321<enter>").shows("進行役メニュー");
    // Esc while confirming changes nothing.
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys(common::MENU)
        .keys("8")
        .keys("5555<enter><esc>")
        .shows("進行役メニュー");
    k.keys("<esc><f10>2580<enter>").shows("進行役メニュー");
}

#[test]
fn three_wrong_pins_make_the_prompt_wait_thirty_seconds() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys(common::MENU).keys("8").keys("2468<enter>2468<enter><esc>");
    k.keys("<f10>1111<enter>").shows("PINが違います。");
    k.keys("2222<enter>").shows("PINが違います。");
    k.keys("3333<enter>").shows("あと 30 秒お待ちください");
    // The right PIN is not taken while it waits, not even after leaving and coming back.
    k.keys("2468<enter>").shows("あと 30 秒").hides("結果を見る");
    k.keys("<esc><f10>").shows("お待ちください");
    k.wait(Duration::from_secs(20)).shows("あと 10 秒");
    k.keys("2468<enter>")
        .shows("暗証番号（PIN）を入力してください")
        .shows("お待ちください");
    k.wait(Duration::from_secs(10)).hides("お待ちください");
    k.keys("2468<enter>").shows("結果を見る");
    // A right PIN starts the count again: three more wrong tries before the next wait.
    k.keys("<esc><f10>1<enter>")
        .shows("PINが違います。")
        .hides("お待ちください");
}

#[test]
fn quit_and_end_session_ask_first() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>2<enter>");
    k.keys(common::MENU)
        .keys("7")
        .shows("koe を終了しますか")
        .shows("途中の回答として保存されます");
    k.keys("n").shows("進行役メニュー");
    k.keys("7<enter>").shows("進行役メニュー");
    k.keys("7<esc>").shows("進行役メニュー");
    assert!(!k.app.quit());
    k.keys("6").shows("このセッションを終了しますか");
    k.keys("<esc><esc>").shows("今日の会議は役に立ちましたか");
    assert_eq!(k.statuses(), vec!["partial"], "still answering");
    k.keys(common::MENU).keys("7y");
    assert!(k.app.quit());
}

#[test]
fn the_home_screen_mentions_responses_left_by_a_crash_and_resumes_them_after_the_pin() {
    let mut first = Kiosk::home();
    first
        .keys("<down><down><enter><enter>2580<enter>2580<enter><enter>3<enter>")
        .shows("今日の会議は役に立ちましたか");
    // The laptop dies here: the app is never closed.
    let db = first.db.clone();
    let dir = first.keep_dir();
    drop(first);

    let mut k = Kiosk::home_on(&db);
    // Only that there are some: not whose, not what.
    k.shows("中断された回答があります")
        .shows("アンケート一覧")
        .hides("1 問回答済み");
    // The same survey and session again: its PIN, then its unfinished response.
    k.keys("<down><down><enter><enter>")
        .shows("このセッションの暗証番号")
        .hides("1 問回答済み");
    k.keys("2580<enter>")
        .shows("中断された回答")
        .shows("協議の場 参加者アンケート")
        .shows("1 問回答済み");
    k.keys("<enter>").shows("今日の会議は役に立ちましたか");
    k.keys("4<enter>3<enter><enter><enter><tab><enter>")
        .shows("ありがとうございました");
    assert_eq!(k.statuses(), vec!["submitted"]);
    // The session goes on, locked, for the next person.
    k.keys("x").shows("Enter キーを押して始めてください");
    k.keys(ESCAPES).shows("Enter キーを押して始めてください");

    // Kept as partial instead.
    k.keys("<enter>1<enter>");
    let mut k = Kiosk::home_on(&db);
    k.shows("中断された回答があります");
    k.keys("<down><down><enter><enter>2580<enter>").shows("中断された回答");
    k.keys("c").shows("Enter キーを押して始めてください");
    assert_eq!(k.statuses(), vec!["submitted", "partial"]);
    drop(dir);
}
