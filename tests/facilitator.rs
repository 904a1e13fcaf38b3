//! The facilitator's side, by scripted keys: sessions are locked by default (from `koe run` and
//! from the home screen), 練習モード unlocks one and says so, a new PIN is typed twice, wrong PINs
//! make the prompt wait, ending and quitting ask first, and responses left by a crash come first
//! on the home screen.

mod common;

use std::time::Duration;

use common::Kiosk;
use koe::tui::app::Options;

/// Keys a respondent might try to get out with: none of them changes anything.
const ESCAPES: &str = "<esc>q<c-c><c-z><c-\\>re";

#[test]
fn a_session_started_from_the_home_screen_is_locked() {
    let mut k = Kiosk::home();
    k.keys("<enter>").shows("新しいセッション").shows("> 本番");
    k.keys("<enter>")
        .shows("Enter キーを押して始めてください")
        .hides("練習モード");
    k.keys(ESCAPES).shows("Enter キーを押して始めてください");
    assert!(!k.app.quit);
    k.keys("<enter>").shows("問1.");
    k.keys(ESCAPES).shows("問1.").hides("アンケート一覧").hides("結果");
    assert!(!k.app.quit);
    // F10 and the PIN leave.
    k.keys("<f10>4").keys("2580<enter>2580<enter><esc>").shows("問1.");
    k.keys("<f10>").shows("PINを入力してください");
    k.keys("2580<enter>").shows("進行役メニュー");
    k.keys("5").shows("アンケート一覧に戻りますか");
    k.keys("y").shows("アンケート一覧");
}

#[test]
fn koe_run_without_flags_is_locked() {
    let mut k = Kiosk::run("council-feedback", Options::default());
    k.keys(ESCAPES).shows("Enter キーを押して始めてください");
    k.keys("<enter>1<enter>")
        .keys(ESCAPES)
        .shows("今日の会議は役に立ちましたか");
    assert!(!k.app.quit);
    k.keys("<f10>").shows("進行役メニュー");
}

#[test]
fn practice_mode_on_the_session_prompt_is_unlocked_and_says_so() {
    let mut k = Kiosk::home();
    k.keys("<enter><down>").shows("> 練習モード");
    k.keys("<enter>").shows("練習モード（ロックなし）");
    k.keys("<enter>1<enter>").shows("練習モード（ロックなし）");
    k.keys("<c-c>");
    assert!(k.app.quit, "Ctrl-C quits a practice session");
    assert_eq!(k.statuses(), vec!["partial"]);
    // Up/Down toggles back to the locked session.
    let mut k = Kiosk::home();
    k.keys("<enter><down><up>").shows("> 本番");
}

#[test]
fn a_new_pin_is_typed_twice() {
    let mut k = Kiosk::run("council-feedback", Options::default());
    k.keys("<f10>4").shows("新しいPIN");
    k.keys("1234<enter>").shows("もう一度同じPINを入力してください");
    k.keys("1243<enter>").shows("1回目と違います").shows("新しいPIN");
    assert_eq!(k.app.pin, None, "a PIN typed differently twice is not set");
    k.keys("4321<enter>4321<enter>").shows("PINを解除する");
    assert_eq!(k.app.pin.as_deref(), Some("4321"));
    // Esc while confirming sets nothing.
    let mut k = Kiosk::run("council-feedback", Options::default());
    k.keys("<f10>4").keys("5555<enter><esc>").shows("進行役メニュー");
    assert_eq!(k.app.pin, None);
}

#[test]
fn three_wrong_pins_make_the_prompt_wait_thirty_seconds() {
    let mut k = Kiosk::run("council-feedback", Options::default());
    k.keys("<f10>4").keys("2468<enter>2468<enter><esc>");
    k.keys("<f10>1111<enter>").shows("PINが違います。");
    k.keys("2222<enter>").shows("PINが違います。");
    k.keys("3333<enter>").shows("あと 30 秒お待ちください");
    // The right PIN is not taken while it waits, not even after leaving and coming back.
    k.keys("2468<enter>").shows("あと 30 秒").hides("結果を見る");
    k.keys("<esc><f10>").shows("お待ちください");
    k.wait(Duration::from_secs(20)).shows("あと 10 秒");
    k.keys("2468<enter>")
        .shows("PINを入力してください")
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
    let mut k = Kiosk::run("council-feedback", Options::default());
    k.keys("<enter>2<enter>");
    k.keys("<f10>7")
        .shows("koe を終了しますか")
        .shows("途中の回答として保存されます");
    k.keys("n").shows("進行役メニュー");
    k.keys("7<enter>").shows("進行役メニュー");
    k.keys("7<esc>").shows("進行役メニュー");
    assert!(!k.app.quit);
    k.keys("6").shows("このセッションを終了しますか");
    k.keys("<esc><esc>").shows("今日の会議は役に立ちましたか");
    assert_eq!(k.statuses(), vec!["partial"], "still answering");
    k.keys("<f10>7y");
    assert!(k.app.quit);
}

#[test]
fn the_home_screen_shows_responses_left_by_a_crash_first_and_resumes_them() {
    let mut first = Kiosk::home();
    first
        .keys("<down><down><enter><enter><enter>3<enter>")
        .shows("今日の会議は役に立ちましたか");
    // The laptop dies here: the app is never closed.
    let db = first.db.clone();
    let dir = first.keep_dir();
    drop(first);

    let mut k = Kiosk::home_on(&db);
    k.shows("中断された回答")
        .shows("協議の場 参加者アンケート")
        .shows("1 問回答済み")
        .hides("アンケート一覧");
    k.keys("<enter>").shows("今日の会議は役に立ちましたか");
    k.keys("4<enter>3<enter><enter><enter><tab><enter>")
        .shows("ありがとうございました");
    assert_eq!(k.statuses(), vec!["submitted"]);
    // The session goes on, locked, for the next person.
    k.keys("x").shows("Enter キーを押して始めてください");
    k.keys(ESCAPES).shows("Enter キーを押して始めてください");

    // Kept as partial instead: the home screen follows.
    k.keys("<enter>1<enter>");
    let mut k = Kiosk::home_on(&db);
    k.shows("中断された回答");
    k.keys("c").shows("アンケート一覧").shows("途中 1");
    assert_eq!(k.statuses(), vec!["submitted", "partial"]);
    drop(dir);
}
