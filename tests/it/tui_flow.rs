//! Scripted keys through the real app on a TestBackend: every example survey end to end, show_if
//! branches, validation messages, editing from the review, language switching, Japanese text.

use crate::common;

use std::time::Duration;

use common::Kiosk;
use koe::tui::app::Options;
use serde_json::json;

#[test]
fn council_feedback_with_a_show_if_branch_and_an_edit_from_the_review() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.shows("協議の場 参加者アンケート")
        .shows("Enter キーを押して始めてください");
    k.keys("<enter>").shows("問1. あなたの所属を教えてください（必須）");
    k.keys("<enter>").shows("この質問は回答が必要です。");
    k.keys("6家族会ｶﾞ😀").shows("(*) その他: 家族会ガ😀");
    k.keys("<enter>").shows("問2. 今日の会議は役に立ちましたか");
    k.keys("2<enter>").shows("役に立たなかった理由");
    k.keys("時間が短い<enter>二行目<tab>").shows("顔の見える関係");
    k.keys("3<enter>y<enter>").shows("3つまで");
    k.keys("1234").shows("選べるのは 3 つまでです。").shows("選択数 3 / 3");
    k.keys("<enter>ｶﾀｶﾅと全角ＡＢＣ😀<tab>")
        .shows("確認")
        .shows("3. 役に立たなかった理由や、改善してほしい点を教えてください: 時間が短い");
    // Change "useful" from the review: the follow-up question is hidden and its answer cleared.
    k.keys("2").shows("問2. 今日の会議は役に立ちましたか");
    k.keys("5<enter>").shows("確認").hides("時間が短い");
    k.keys("<enter>").shows("ご協力ありがとうございました。");
    let r = k.response(0);
    assert_eq!(
        r["sector"],
        json!({"other": "家族会ｶﾞ😀"}),
        "the text is stored as typed"
    );
    assert_eq!(r["useful"], json!(5));
    assert!(r.get("why_not_useful").is_none(), "hidden answers are cleared: {r}");
    assert_eq!(r["next_topics"], json!(["transition", "housing", "crisis"]));
    assert_eq!(r["comments"], json!("ｶﾀｶﾅと全角ＡＢＣ😀"));
    assert_eq!(k.statuses(), vec!["submitted"]);
    // The next person sees a clean welcome screen, then an empty first question.
    k.keys("x").shows("Enter キーを押して始めてください").hides("家族会");
    k.keys("<enter>").hides("(*)").hides("家族会");
}

#[test]
fn advisor_evaluation_with_notes_matrix_and_rank() {
    let mut k = Kiosk::run("advisor-evaluation", common::locked());
    k.keys("<enter>1<enter>2<enter>")
        .shows("1. 協議の場についてうかがいます");
    k.keys("<enter>4<enter>").shows("協議の場の運営について");
    k.keys("<tab>").shows("この質問は回答が必要です。");
    k.keys("協議の場が定着した<tab>").shows("各取組は");
    // The Enter after a digit confirms that row; Enter on the row still unanswered says how.
    k.keys("43n2<enter>").shows("各取組は").hides("この行は未回答です");
    k.keys("<enter>")
        .shows("この行は未回答です。数字か左右キーで選んでください。");
    k.keys("1<enter>").shows("効果が大きかった取組");
    k.keys("ケース会議で連携が進んだ<tab>").shows("2. 構築支援事業について");
    k.keys("<enter>516")
        .shows("[1] ピアサポート")
        .shows("[2] ケース会議")
        .shows("[3] 精神科病院との連携");
    k.keys("2").shows("選べるのは 3 つまでです。");
    k.keys("<enter><tab>").shows("確認");
    k.keys("<enter>").shows("ありがとうございました");
    let r = k.response(0);
    assert_eq!(
        r["activity_effect"],
        json!({"case_conf": 4, "newsletter": 3, "awareness": "na", "training": 2, "peer": 1})
    );
    assert_eq!(r["priorities"], json!(["peer", "case_conf", "hospital"]));
    assert_eq!(r["effect_detail"], json!("ケース会議で連携が進んだ"));
    assert!(r.get("programme_eval").is_none());
}

#[test]
fn consultation_presurvey_branches_both_ways() {
    let mut k = Kiosk::run("consultation-presurvey", common::locked());
    k.keys("<enter>1<enter>n<enter>").shows("実施しなかった理由");
    k.keys("24<enter>2<enter>").shows("退院を妨げている要因");
    k.keys("<enter>").shows("この質問は回答が必要です。");
    k.keys("1357<enter><enter><tab>").shows("確認").shows("人員が足りない");
    // Change "did you support transitions" to yes: the count question appears and is required.
    k.keys("2").keys("y<enter>").shows("実施した件数");
    k.keys("abc").shows("数字で入力してください。");
    k.keys("600<enter>").shows("500 以下で入力してください。");
    k.keys("<bs><bs><bs>１２<enter>").shows("確認").hides("人員が足りない");
    k.keys("<enter>").shows("ありがとうございました");
    let r = k.response(0);
    assert_eq!(r["cases"], json!(12));
    assert!(r.get("not_why").is_none());
    assert_eq!(
        r["barriers"],
        json!(["housing", "motivation", "hospital_info", "money"])
    );
}

#[test]
fn peer_supporter_exchange_in_english_with_any_all_not() {
    let mut k = Kiosk::run("peer-supporter-exchange", common::locked());
    k.keys("<f2>").shows("Press Enter to begin.");
    k.keys("<enter>1<enter>").shows("About how many visits");
    k.keys("3０<enter>y<enter>").shows("How were the tools?");
    k.keys("45n<enter>").shows("How could the tools be better?");
    k.keys("<tab>2<enter>").shows("A word to the organisers");
    k.keys("Thanks!<enter>").shows("Review").shows("Yes, but less often");
    k.keys("<enter>").shows("Thank you for your answers.");
    let r = k.response(0);
    assert_eq!(r["visits"], json!(30));
    assert_eq!(r["tool_rating"], json!({"easy": 4, "talk": 5, "share": "na"}));
    assert_eq!(r["message"], json!("Thanks!"));
    // The next respondent starts in the session's language again.
    k.keys("<enter>").shows("Enter キーを押して始めてください");
}

#[test]
fn training_evaluation_with_other_decimal_and_an_eleven_point_scale() {
    let mut k = Kiosk::run("training-evaluation", common::locked());
    k.keys("<enter>5")
        .keys("<enter>")
        .shows("「その他」の内容を入力してください。");
    k.keys("大学<enter>1.5<enter>").shows("理解は深まりましたか");
    k.keys("34<enter><enter>")
        .shows("この行は未回答です。数字か左右キーで選んでください。");
    k.keys("2<enter>").shows("研修全体の満足度");
    k.keys("<right><right><right><right><right><right><right><right><right><enter>")
        .shows("同僚にこの研修を勧めたいですか");
    k.keys("n<enter>3<enter>").shows("今後の研修で取り上げてほしい内容");
    k.keys("<tab>").shows("確認");
    k.keys("<s-tab>").shows("今後の研修で取り上げてほしい内容");
    k.keys("<tab><enter>").shows("ありがとうございました");
    let r = k.response(0);
    assert_eq!(r["workplace"], json!({"other": "大学"}));
    assert_eq!(r["years"], json!(1.5));
    assert_eq!(r["understanding"], json!({"system": 3, "process": 4, "peer": 2}));
    assert_eq!(r["satisfaction"], json!(8));
    assert_eq!(r["best_module"], json!("group_work"));
}

#[test]
fn going_back_keeps_answers_and_shows_them() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>1<enter>4<enter>").shows("顔の見える関係");
    k.keys("<s-tab>").shows("[4]");
    k.keys("<s-tab>").shows("(*) 行政");
    k.keys("<pgdn><pgdn>").shows("顔の見える関係");
}

#[test]
fn a_person_who_walks_away_is_kept_as_partial_and_the_next_sees_nothing() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>1<enter>4<enter>");
    k.wait(Duration::from_secs(599)).shows("顔の見える関係");
    k.wait(Duration::from_secs(2)).shows("Enter キーを押して始めてください");
    assert_eq!(k.statuses(), vec!["partial"]);
    assert_eq!(k.response(0), json!({"sector": "gov", "useful": 4}));
    k.keys("<enter>").shows("問1.").hides("(*)");
    let again = Kiosk::run_on(&k.db, "council-feedback", common::locked());
    assert_eq!(
        koe::store::Store::open(&again.db).unwrap().unfinished_count().unwrap(),
        0
    );
}

#[test]
fn the_thank_you_screen_returns_to_welcome_after_five_seconds() {
    let mut k = Kiosk::run("training-evaluation", common::locked());
    k.keys("<enter>1<enter><enter>4444<enter>7<enter><enter><enter><tab><enter>")
        .shows("ありがとうございました");
    k.wait(Duration::from_secs(4)).shows("ありがとうございました");
    k.wait(Duration::from_secs(2)).shows("Enter キーを押して始めてください");
}

#[test]
fn kiosk_keys_never_leave_and_f10_asks_for_the_pin() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>1<enter><c-c><c-z><c-\\><esc>q")
        .shows("今日の会議は役に立ちましたか");
    assert!(!k.app.quit());
    // F10 asks for the session's PIN; a wrong PIN does not open the menu.
    k.keys("<f10>").shows("暗証番号（PIN）を入力してください").hides("2580");
    k.keys("9999<enter>").shows("PINが違います。");
    k.keys("<esc>").shows("今日の会議は役に立ちましたか");
    k.keys(common::MENU).shows("進行役メニュー");
    k.keys("7").shows("koe を終了しますか");
    k.keys("y");
    assert!(k.app.quit(), "Quit koe from the menu");
    assert_eq!(
        k.statuses(),
        vec!["partial"],
        "the current respondent is kept as partial"
    );
}

#[test]
fn outside_the_kiosk_ctrl_c_quits_and_keeps_the_answers() {
    let practice = Options {
        kiosk: false,
        ..Options::default()
    };
    let mut k = Kiosk::run("council-feedback", practice);
    k.shows("練習モード");
    k.keys("<enter>2<enter>").shows("練習モード");
    k.keys("<c-c>");
    assert!(k.app.quit());
    assert_eq!(k.statuses(), vec!["partial"]);
}

#[test]
fn after_a_crash_the_facilitator_resumes_or_closes_unfinished_responses() {
    let mut first = Kiosk::run("council-feedback", common::locked());
    first.keys("<enter>3<enter>");
    let db = first.db.clone();
    // Another run on the same database, as after a crash (the first never closed its response).
    let tokyo = Options {
        tz: jiff::tz::TimeZone::get("Asia/Tokyo").unwrap(),
        ..common::locked()
    };
    let mut k = Kiosk::run_on(&db, "council-feedback", tokyo);
    k.shows("中断された回答").shows("1 問回答済み");
    // When it was left, in local time (stored in UTC).
    let stored: String = koe::store::Store::open(&db)
        .unwrap()
        .connection()
        .query_row("SELECT updated_at FROM responses", [], |r| r.get(0))
        .unwrap();
    let at: jiff::Timestamp = stored.parse().unwrap();
    k.shows(&at.in_tz("Asia/Tokyo").unwrap().strftime("%Y-%m-%d %H:%M").to_string())
        .hides(&stored);
    k.keys("<enter>").shows("今日の会議は役に立ちましたか");
    k.keys("4<enter>3<enter><enter><enter><tab><enter>")
        .shows("ありがとうございました");
    assert_eq!(k.statuses(), vec!["submitted"]);
    assert_eq!(k.response(0)["sector"], json!("welfare"));
    // Closing instead keeps it as partial.
    let mut again = Kiosk::run_on(&db, "council-feedback", common::locked());
    again.keys("<enter>1<enter>");
    let mut k = Kiosk::run_on(&db, "council-feedback", common::locked());
    k.keys("c").shows("Enter キーを押して始めてください");
    assert_eq!(k.statuses(), vec!["submitted", "partial"]);
}

#[test]
fn the_home_screen_starts_a_session_with_a_label() {
    let mut k = Kiosk::home();
    k.shows("アンケート一覧").shows("協議の場 参加者アンケート");
    k.keys("<down><down><enter>")
        .shows("新しいセッション")
        .shows(&koe::tui::app::today());
    k.keys("<bs><bs><bs><bs><bs><bs><bs><bs><bs><bs><bs>第3回協議の場<enter>")
        .shows("第3回協議の場")
        .shows("暗証番号（PIN）を決めてください");
    k.keys("2580<enter>2580<enter>")
        .shows("Enter キーを押して始めてください");
    k.keys("<enter>1<enter>").shows("今日の会議は役に立ちましたか");
    k.keys(common::MENU).keys("6").shows("このセッションを終了しますか");
    k.keys("y").shows("アンケート一覧").shows("途中 1");
    k.keys("q");
    assert!(k.app.quit());
}

#[test]
fn a_label_typed_after_the_offered_date_is_kept_apart_from_it() {
    let mut k = Kiosk::home();
    k.keys("<enter>").shows(&koe::tui::app::today());
    // The label as a facilitator reads it later in koe list and every export.
    k.keys("第3回<enter>")
        .shows(&format!("{} 第3回", koe::tui::app::today()))
        .keys("2580<enter>2580<enter>")
        .shows("Enter キーを押して始めてください");
}

#[test]
fn the_ime_cursor_sits_at_the_caret_after_wide_text() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>1<enter>1<enter>").shows("役に立たなかった理由");
    k.keys("日本語");
    let (x, y) = k.cursor().expect("the cursor is shown in a text field");
    let screen = k.screen();
    let row = screen.lines().nth(y as usize).unwrap();
    assert!(row.contains("> 日本語"), "{row}");
    assert_eq!(x, 1 + 2 + 6, "after three wide characters");
    k.keys("<left>");
    assert_eq!(k.cursor().unwrap().0, 1 + 2 + 4);
    k.paste("貼り付け\r\n次の行").shows("日本貼り付け").shows("次の行語");
}

#[test]
fn small_terminals_ask_to_be_enlarged_and_never_panic() {
    let mut k = Kiosk::run("advisor-evaluation", common::locked());
    k.keys("<enter>1<enter>2<enter><enter>4<enter>");
    for (w, h) in [(1, 1), (2, 1), (20, 5), (29, 9), (30, 10), (45, 12), (200, 60)] {
        k.resize(w, h);
        let s = k.screen();
        if w < 30 || h < 10 {
            assert!(s.contains("画面を") || w < 10, "{w}x{h}:\n{s}");
        }
        k.keys("x<enter><tab>");
    }
}

/// An export that cannot be written is said on the home screen in the screen's language, not in
/// the system's English.
#[test]
fn the_home_screen_says_why_an_export_failed_in_japanese() {
    let mut k = Kiosk::home();
    let exports = k.db.parent().unwrap().join("exports");
    std::fs::write(&exports, "a file where the exports folder should be").unwrap();
    k.app.set_exports_dir(exports.clone());
    // Wide enough for the message on one line, however long the temporary folder's path is.
    k.resize(240, 30);
    k.keys("<enter><enter>2580<enter>2580<enter><enter>1<enter>")
        .keys(common::MENU)
        .keys("6y");
    k.keys("e1")
        .shows(&format!("{}:", exports.display()))
        .shows("フォルダが必要なところにファイルがあります");
    let screen = k.screen();
    assert!(
        !screen.contains("os error") && !screen.contains("Not a directory"),
        "{screen}"
    );
}

#[test]
fn the_home_screen_exports_the_chosen_survey_and_says_where() {
    let mut k = Kiosk::home();
    let exports = k.db.parent().unwrap().join("exports");
    k.app.set_exports_dir(exports.clone());
    k.keys("<enter><enter>2580<enter>2580<enter><enter>1<enter>")
        .keys(common::MENU)
        .keys("6y");
    // CSV or Excel, and where it goes: an absolute folder.
    k.keys("e")
        .shows("どの形式で書き出しますか")
        .shows("Excel ブック")
        .shows(&exports.display().to_string());
    k.keys("<esc>").shows("アンケート一覧");
    k.keys("e1")
        .shows("書き出しました（0 件）")
        .shows(&exports.display().to_string());
    k.keys("<down>e<down><enter>").shows("書き出しました（0 件）");
    let dirs: Vec<std::path::PathBuf> = std::fs::read_dir(&exports)
        .unwrap()
        .map(|d| d.unwrap().path())
        .collect();
    assert_eq!(dirs.len(), 2, "{dirs:?}");
    let csv = dirs.iter().find(|d| d.join("summary.csv").exists());
    let book = dirs.iter().find(|d| d.join("report.xlsx").exists());
    assert!(
        csv.unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("advisor-evaluation-"),
        "{dirs:?}"
    );
    assert!(
        book.unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("consultation-presurvey-"),
        "{dirs:?}"
    );
}

/// The home screen's export runs on its own thread: while a slow disk holds it (here a pace that
/// waits for the test), the screen says it is exporting and still answers keys (the selection
/// moves); when the export is let go, the screen says where the files went.
#[test]
fn the_home_screen_keeps_answering_keys_while_an_export_runs() {
    use crossterm::event::KeyCode;
    use koe::tui::app::Msg;
    use koe::tui::export_worker::Pace;
    use std::sync::{Arc, Mutex, mpsc};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut store = koe::store::Store::open(&db).unwrap();
    let every = common::entry("every-type");
    let lines = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every-type.jsonl"),
    )
    .unwrap();
    koe::store::import::import(&mut store, &every.survey, lines.as_bytes(), "x", |e| panic!("{e:?}")).unwrap();
    // The export thread waits at each response written until the test lets go (drops `release`);
    // an export on the screen's own thread would wait out the timeout and fail the checks below.
    let (release, gate) = mpsc::channel::<()>();
    let gate = Mutex::new(gate);
    let options = Options {
        export_pace: Some(Pace(Arc::new(move |_| {
            let _ = gate.lock().map(|g| g.recv_timeout(Duration::from_secs(20)));
        }))),
        ..Options::default()
    };
    let app = koe::tui::app::App::home(store, vec![every, common::entry("advisor-evaluation")], options);
    let mut k = Kiosk::with(app, db.clone(), 80, 24);
    let selected = |screen: &str| {
        screen
            .lines()
            .find(|l| l.trim_start().starts_with("> "))
            .map(str::to_string)
    };
    let press = |k: &mut Kiosk, code: KeyCode| {
        k.now += Duration::from_millis(50);
        k.app.update(Msg::Key(code.into()), k.now);
        k.draw()
    };
    let home = k.screen();
    let first = selected(&home).expect("a survey is selected");
    press(&mut k, KeyCode::Char('e'));
    press(&mut k, KeyCode::Char('1'));
    // The thread has written its first response and waits there.
    assert!(
        k.app.wait_background(Duration::from_secs(30)),
        "the export reports its progress"
    );
    let busy = k.screen();
    assert!(busy.contains("書き出し中… (1 件)"), "{busy}");
    let moved = press(&mut k, KeyCode::Down);
    let second = selected(&moved).expect("a survey is selected");
    assert_ne!(first, second, "Down moves the selection during the export:\n{moved}");
    assert!(moved.contains("書き出し中…"), "the export is still running:\n{moved}");
    assert!(!moved.contains("書き出しました"), "{moved}");
    drop(release);
    k.app.settle(Duration::from_secs(60));
    let done = k.screen();
    assert!(done.contains("書き出しました（5 件）"), "{done}");
    assert!(!done.contains("書き出し中"), "{done}");
    assert_eq!(selected(&done), Some(second), "the selection stays where it was moved");
    let exports = db.parent().unwrap().join("exports");
    let made: Vec<_> = std::fs::read_dir(&exports).unwrap().collect();
    assert_eq!(made.len(), 1, "one export folder");
}

/// The progress in the header (`3 / 7`) counts among all of the survey's questions: as skip
/// rules reveal questions the total stays 7 (it used to grow: 1/3, 2/4, 4/5, 7/7), and a question
/// a rule leaves out makes the position jump ahead rather than the total shrink.
#[test]
fn the_progress_total_stays_fixed_as_skip_rules_reveal_questions() {
    fn progress(k: &mut Kiosk) -> (usize, usize) {
        let screen = k.screen();
        let title = screen.lines().next().unwrap_or_default().to_string();
        let words: Vec<&str> = title.split_whitespace().collect();
        let n = words.len();
        assert!(n >= 3 && words[n - 2] == "/", "no progress in the header: {title}");
        (words[n - 3].parse().unwrap(), words[n - 1].parse().unwrap())
    }
    // Every conditional question revealed in turn.
    let mut k = Kiosk::run("peer-supporter-exchange", common::locked());
    let mut seen = Vec::new();
    for keys in [
        "<enter>",
        "1<enter>",
        "30<enter>",
        "y<enter>",
        "45n<enter>",
        "<tab>",
        "2<enter>",
    ] {
        k.keys(keys);
        seen.push(progress(&mut k));
    }
    assert_eq!(seen, (1..=7).map(|i| (i, 7)).collect::<Vec<_>>());
    // `visits` left out (talks only): the position jumps from 1 to 3, the total stays.
    let mut k = Kiosk::run("peer-supporter-exchange", common::locked());
    k.keys("<enter>");
    assert_eq!(progress(&mut k), (1, 7));
    k.keys("3<enter>").shows("ツール");
    assert_eq!(progress(&mut k), (3, 7));
}

/// At the smallest size (30x10) the start-session screen shows the mode Up/Down switches
/// (本番 / 練習モード): a key never changes what the facilitator cannot see.
#[test]
fn the_session_mode_is_on_screen_at_30x10() {
    let mut k = Kiosk::home();
    k.resize(30, 10);
    k.keys("<enter>");
    let chosen = |screen: &str| {
        screen
            .lines()
            .find(|l| l.trim_start().starts_with("> ") && (l.contains("本番") || l.contains("練習")))
            .map(str::to_string)
    };
    let locked = k.screen();
    assert!(chosen(&locked).is_some_and(|l| l.contains("本番")), "{locked}");
    k.keys("<down>");
    let practice = k.screen();
    assert!(chosen(&practice).is_some_and(|l| l.contains("練習")), "{practice}");
}
