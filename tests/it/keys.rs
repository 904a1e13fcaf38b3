//! The keys a respondent is taught, pressed the way the footer teaches them: footers and help
//! drawn from the keymap, the one-language survey, the tiny terminal, and the key behaviours SPEC
//! fixes (matrix, scales above 9 points, long lists, Enter on a highlighted choice).

use crate::common;

use common::Kiosk;

/// The bottom row(s) of the screen: the footer.
fn footer(k: &mut Kiosk) -> String {
    let s = k.screen();
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(2)..].join("\n")
}

#[test]
fn a_one_language_survey_offers_no_language_key_anywhere() {
    let mut k = Kiosk::run("one-language", common::locked());
    let mut seen = Vec::new();
    seen.push(footer(&mut k));
    k.keys("<enter>");
    // Through every question to the review, each footer read on the way.
    for keys in [
        "111<enter>",
        "5<enter>",
        "5<enter>",
        "<enter>",
        "1<enter>",
        "1<enter>2<enter>",
        "<tab>",
    ] {
        seen.push(footer(&mut k));
        k.keys(keys);
    }
    k.shows("確認");
    seen.push(footer(&mut k));
    for f in &seen {
        assert!(!f.contains("F2"), "a footer offers F2 on a one-language survey:\n{f}");
    }
    // F2 does nothing here either.
    let before = k.screen();
    k.keys("<f2>");
    assert_eq!(k.screen(), before);
}

#[test]
fn a_two_language_survey_offers_f2_and_it_works() {
    let mut k = Kiosk::run("every-type", common::locked());
    assert!(footer(&mut k).contains("F2: English"));
    k.keys("<f2>").shows("Press Enter to begin.");
    assert!(footer(&mut k).contains("F2: 日本語"));
}

#[test]
fn f1_shows_the_keys_of_the_screen_from_the_same_table() {
    let mut k = Kiosk::run("every-type", common::locked());
    k.keys("<enter>");
    let foot = footer(&mut k);
    k.keys("<f1>").shows("キー一覧");
    for part in foot
        .split("  ")
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.ends_with("..."))
    {
        let (key, does) = part.split_once(": ").unwrap_or(("", part));
        k.shows(key).shows(does);
    }
    // F10 is the facilitator's: a locked session's help does not tell respondents of it.
    k.hides("F10").hides("進行役メニュー");
    // Any key returns to the question untouched.
    k.keys("1").shows("問1.").hides("(*)");
}

#[test]
fn below_the_minimum_size_keys_do_nothing_but_f10() {
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.resize(20, 5);
    k.shows("30x10");
    k.keys("<enter>1<enter>");
    k.resize(80, 24);
    k.shows("Enter キーを押して始めてください");
    assert!(k.stored().is_empty(), "nothing was answered unseen");
    k.resize(20, 5);
    k.keys("<f10>");
    k.resize(80, 24);
    k.shows("進行役メニュー");
}

/// The one-language fixture's questions, from its welcome screen: grid (3 rows, 1–5, required),
/// recommend (0–10), ten (1–10, N/A), city (15 choices and その他), role, wide (1–10 matrix),
/// comment.
fn one_language() -> Kiosk {
    Kiosk::run("one-language", common::locked())
}

#[test]
fn a_matrix_answered_digit_enter_digit_enter_records_every_row() {
    let mut k = one_language();
    k.keys("<enter>3<enter>2<enter>4<enter>")
        .shows("知人にすすめたいですか");
    k.keys("<tab><tab><tab>1<enter><tab><tab>").shows("確認");
    k.keys("<enter>").shows("ありがとうございました");
    let r = k.response(0);
    assert_eq!(r["grid"], serde_json::json!({"a": 3, "b": 2, "c": 4}));
    assert!(
        r.get("recommend").is_none(),
        "nothing spilled into the next question: {r}"
    );
}

#[test]
fn a_matrix_answered_digits_then_enter_records_every_row() {
    let mut k = one_language();
    k.keys("<enter>324<enter>")
        .shows("知人にすすめたいですか")
        .hides("番号:");
    k.keys("<s-tab>").shows("各項目を評価してください");
    k.keys("<tab>").shows("知人にすすめたいですか");
    let stored = k.stored();
    assert!(
        stored
            .iter()
            .any(|(_, q, v)| q == "grid" && v == r#"{"a":3,"b":2,"c":4}"#),
        "{stored:?}"
    );
    assert!(!stored.iter().any(|(_, q, _)| q == "recommend"), "{stored:?}");
}

#[test]
fn a_matrix_row_skipped_with_down_is_never_passed_silently() {
    let mut k = one_language();
    k.keys("<enter><down>2");
    // Enter on the unanswered first row says how to answer it.
    k.keys("<up><up><enter>").shows("この行は未回答です");
    k.keys("3<enter>")
        .shows("各項目を評価してください")
        .hides("この行は未回答です");
    k.keys("5<enter>").shows("知人にすすめたいですか");
    assert_eq!(k.stored().len(), 1);
    // Tab on a matrix of a non-required question with a row left: told once, then it goes on.
    let mut k = one_language();
    k.keys("<enter>111<enter>5<enter>5<enter><enter>1<enter>")
        .shows("10段階で評価");
    k.keys("3<tab>").shows("未回答の行が 1 つあります");
    k.keys("<tab>").shows("ご意見");
}

#[test]
fn scales_above_nine_points_are_typed_as_numbers() {
    let mut k = one_language();
    k.keys("<enter>111<enter>");
    k.keys("1").shows("番号: 1").shows("[1]");
    k.keys("0").shows("[10]").hides("番号:");
    k.keys("<enter>").shows("満足度");
    // 1–10 with N/A: `1 0` is 10, `0` alone and `n` are N/A.
    k.keys("10<enter>").shows("お住まいの地域");
    let stored = k.stored();
    assert!(
        stored.iter().any(|(_, q, v)| q == "recommend" && v == "10"),
        "{stored:?}"
    );
    assert!(stored.iter().any(|(_, q, v)| q == "ten" && v == "10"), "{stored:?}");
    k.keys("<s-tab>n<enter><s-tab><s-tab>0<enter>");
    let stored = k.stored();
    assert!(stored.iter().any(|(_, q, v)| q == "ten" && v == "\"na\""), "{stored:?}");
    assert!(
        stored.iter().any(|(_, q, v)| q == "recommend" && v == "0"),
        "{stored:?}"
    );
}

#[test]
fn a_ten_point_matrix_takes_ten_on_one_row() {
    let mut k = one_language();
    k.keys("<enter>111<enter>5<enter>5<enter><enter>1<enter>");
    k.keys("1").shows("番号: 1").keys("03<enter>").shows("ご意見");
    let stored = k.stored();
    assert!(
        stored.iter().any(|(_, q, v)| q == "wide" && v == r#"{"x":10,"y":3}"#),
        "{stored:?}"
    );
}

#[test]
fn enter_on_a_highlighted_single_choice_picks_it() {
    let mut k = one_language();
    k.keys("<enter>111<enter>5<enter>5<enter><enter>");
    // Nothing is highlighted yet: Enter says the answer is needed.
    k.keys("<enter>").shows("この質問は回答が必要です");
    k.keys("<down><down><enter>").shows("10段階で評価");
    assert!(k.stored().iter().any(|(_, q, v)| q == "role" && v == "\"peer\""));
}

#[test]
fn a_fifteen_choice_list_at_80x20_keeps_the_highlight_and_other_in_view() {
    let mut k = one_language();
    k.resize(80, 20);
    k.keys("<enter>111<enter>5<enter>5<enter>");
    let names = [
        "北区",
        "南区",
        "東区",
        "西区",
        "中央区",
        "港区",
        "山手区",
        "川辺区",
        "緑区",
        "青葉区",
        "旭区",
        "栄区",
        "泉区",
        "若葉区",
        "桜区",
    ];
    for (i, name) in names.iter().enumerate() {
        k.keys("<down>");
        let s = k.screen();
        let line = s.lines().find(|l| l.contains('>')).unwrap_or_default().to_string();
        assert!(line.contains(name), "step {i}: the highlight {name} is not shown:\n{s}");
    }
    k.keys("<down><space>大通り").shows("> 16. (*) その他: 大通り");
    // Typed as a number: `1 2` picks choice 12.
    k.keys("<up><up><up><up>");
    k.keys("1").shows("番号: 1").shows("(*) 北区");
    k.keys("2").shows("> 12. (*) 栄区").hides("(*) 北区");
    k.keys("<enter>").shows("立場");
    assert!(k.stored().iter().any(|(_, q, v)| q == "city" && v == "\"c12\""));
    // At the smallest size too.
    k.keys("<s-tab>");
    k.resize(30, 10);
    k.keys("16").shows("その他");
    k.keys("北").shows("(*) その他: 北");
}

/// The peer-supporter survey's comment, typed but never confirmed, and how a session can end.
fn half_typed_comment() -> Kiosk {
    let mut k = Kiosk::run("one-language", common::locked());
    k.keys("<enter>111<enter>5<enter>5<enter><enter>1<enter>1<enter>2<enter>")
        .shows("ご意見");
    k.keys("会場が暑かった");
    k
}

fn stored_comment(k: &Kiosk) -> Option<String> {
    k.stored()
        .into_iter()
        .find(|(_, q, _)| q == "comment")
        .map(|(status, _, v)| format!("{status} {v}"))
}

#[test]
fn typed_text_is_saved_within_seconds_of_the_last_keystroke() {
    let mut k = half_typed_comment();
    assert_eq!(stored_comment(&k), None, "not yet: the respondent is typing");
    k.wait(std::time::Duration::from_millis(1200));
    assert_eq!(stored_comment(&k).as_deref(), Some("partial \"会場が暑かった\""));
    // Typing on replaces the draft; confirming keeps the whole text.
    k.keys("です<tab>").shows("確認");
    assert_eq!(stored_comment(&k).as_deref(), Some("partial \"会場が暑かったです\""));
}

#[test]
fn idle_timeout_end_session_and_quit_keep_the_typed_text() {
    let mut k = half_typed_comment();
    k.wait(std::time::Duration::from_secs(601))
        .shows("Enter キーを押して始めてください");
    assert_eq!(stored_comment(&k).as_deref(), Some("partial \"会場が暑かった\""));

    let mut k = half_typed_comment();
    k.keys(common::MENU).shows("進行役メニュー");
    k.keys("6").shows("このセッションを終了しますか");
    k.keys("y");
    assert!(k.app.quit() || k.screen().contains("koe"), "the session ended");
    assert_eq!(stored_comment(&k).as_deref(), Some("partial \"会場が暑かった\""));

    let mut k = half_typed_comment();
    k.keys(common::MENU).keys("7y");
    assert!(k.app.quit());
    assert_eq!(stored_comment(&k).as_deref(), Some("partial \"会場が暑かった\""));
}

#[test]
fn an_invalid_number_going_back_is_kept_as_typed_and_flagged() {
    let mut k = Kiosk::run("consultation-presurvey", common::locked());
    k.keys("<enter>1<enter>y<enter>").shows("実施した件数");
    k.keys("600<s-tab>").hides("実施した件数");
    k.keys("<enter>")
        .shows("実施した件数")
        .shows("600")
        .shows("500 以下で入力してください。");
    k.keys("<bs><bs><bs>12<enter>");
    assert!(k.stored().iter().any(|(_, q, v)| q == "cases" && v == "12"));
}

/// Another koe importing into the same database holds its write lock for 3 seconds while the
/// respondent confirms an answer: the screen says 保存中 (never an error or a path), and the answer
/// is stored once the lock is free, without a key.
#[test]
fn a_busy_database_shows_saving_and_stores_the_answer_when_free() {
    let mut k = one_language();
    k.keys("<enter>");
    let other = rusqlite::Connection::open(&k.db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    k.keys("324<enter>");
    let db_name = k.db.file_name().unwrap().to_string_lossy().to_string();
    k.shows("保存中")
        .hides(&db_name)
        .hides("locked")
        .hides("各項目を評価してくださいX");
    for _ in 0..3 {
        k.wait(std::time::Duration::from_secs(1));
        k.shows("保存中").hides(&db_name);
    }
    assert!(k.stored().is_empty());
    other.execute_batch("COMMIT").unwrap();
    k.wait(std::time::Duration::from_secs(1));
    k.shows("知人にすすめたいですか").hides("保存中");
    assert!(
        k.stored()
            .iter()
            .any(|(_, q, v)| q == "grid" && v == r#"{"a":3,"b":2,"c":4}"#)
    );
}

/// Keys pressed while the screen says 保存中 are kept, not thrown away: once the lock is free the
/// answer is saved and the keys act in order, here answering the next question too.
#[test]
fn keys_typed_while_saving_are_kept_and_acted_on_in_order() {
    let mut k = one_language();
    k.keys("<enter>");
    let other = rusqlite::Connection::open(&k.db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    k.keys("324<enter>").shows("保存中");
    // The next question's answer, typed before the screen moved on.
    k.keys("10<enter>").shows("保存中").hides("知人にすすめたいですか");
    assert!(k.stored().is_empty());
    other.execute_batch("COMMIT").unwrap();
    k.wait(std::time::Duration::from_secs(1));
    k.shows("満足度").hides("保存中");
    let stored = k.stored();
    assert!(
        stored
            .iter()
            .any(|(_, q, v)| q == "grid" && v == r#"{"a":3,"b":2,"c":4}"#),
        "{stored:?}"
    );
    assert!(
        stored.iter().any(|(_, q, v)| q == "recommend" && v == "10"),
        "{stored:?}"
    );
}

/// The editor and the view lay a text out in the same width: after an 80-character line at 80
/// columns (wrapped after 76), Up from the end moves the caret to the same column of the first
/// visual line, where the terminal cursor is drawn.
#[test]
fn up_in_a_wrapped_comment_lands_where_the_cursor_is_drawn() {
    let mut k = half_typed_comment();
    k.keys("<bs><bs><bs><bs><bs><bs><bs>");
    k.keys(&"a".repeat(80));
    let (x_end, y_end) = k.cursor().unwrap();
    k.keys("<up>");
    let (x_up, y_up) = k.cursor().unwrap();
    assert_eq!(
        (x_up, y_up + 1),
        (x_end, y_end),
        "the caret moves straight up one drawn line"
    );
    k.keys("X<tab>");
    let stored = k.stored();
    let comment = stored.iter().find(|(_, q, _)| q == "comment").unwrap();
    assert_eq!(comment.2, format!("\"aaaaX{}\"", "a".repeat(76)));
}

/// The guides' key reference (docs/ja/keys.md, docs/en/keys.md) is generated from the keymap the
/// program reads keys from, so the paper list cannot drift from the keys that work;
/// `UPDATE_DOCS=1 cargo test --test it keys::` rewrites it between its markers.
#[test]
fn the_guides_key_reference_is_the_keymaps() {
    const BEGIN: &str = "<!-- keymap: generated from src/tui/keymap.rs -->\n";
    const END: &str = "<!-- keymap end -->";
    for (lang, file) in [("ja", "docs/ja/keys.md"), ("en", "docs/en/keys.md")] {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let guide = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (Some(start), Some(end)) = (guide.find(BEGIN), guide.find(END)) else {
            panic!("{file} has no generated key reference between {BEGIN:?} and {END:?}");
        };
        let generated = koe::tui::keymap::reference(lang);
        let committed = &guide[start + BEGIN.len()..end];
        if committed != generated && std::env::var_os("UPDATE_DOCS").is_some() {
            let updated = format!("{}{generated}{}", &guide[..start + BEGIN.len()], &guide[end..]);
            std::fs::write(&path, updated).unwrap();
            continue;
        }
        assert!(
            committed == generated,
            "{file}'s key reference is out of date: run `UPDATE_DOCS=1 cargo test --test it keys::`"
        );
    }
}

/// `max_length` counts characters as a person sees them: twenty ｶﾞ (each a base and a voiced
/// mark) fit a 20-character answer, and the counter says 20 / 20.
#[test]
fn max_length_counts_a_voiced_half_width_kana_as_one() {
    let mut k = Kiosk::run("every-type", common::locked());
    k.keys("<enter>1<enter><enter>5<enter>y<enter><enter><tab><tab><enter>")
        .shows("ひとこと");
    k.paste(&"ｶﾞ".repeat(20)).shows("20 / 20").hides("20 文字までです");
    k.keys("ｱ").shows("20 文字までです");
    k.keys("<enter>").shows("確認");
    let stored = k.stored();
    let comment = stored.iter().find(|(_, q, _)| q == "comment").unwrap();
    assert_eq!(comment.2, format!("\"{}\"", "ｶﾞ".repeat(20)));
}

#[test]
fn a_digit_after_picking_other_with_nothing_typed_picks_again() {
    // Sector: 5 choices and その他 (6). A respondent presses 6, changes their mind, presses 2.
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>6");
    assert!(footer(&mut k).contains("数字: 選び直す"), "{}", footer(&mut k));
    k.keys("2<enter>").shows("今日の会議は役に立ちましたか");
    let stored = k.stored();
    assert!(
        stored.iter().any(|(_, q, v)| q == "sector" && v == "\"med\""),
        "{stored:?}"
    );
    // Once something is typed in その他, a digit is part of the text ("3人").
    let mut k = Kiosk::run("council-feedback", common::locked());
    k.keys("<enter>6ピア3<enter>").shows("今日の会議は役に立ちましたか");
    let stored = k.stored();
    assert!(
        stored.iter().any(|(_, q, v)| q == "sector" && v.contains("ピア3")),
        "{stored:?}"
    );
}
