//! Clicks and taps through the real app on a TestBackend: a whole survey answered by clicks alone
//! at 80x24 and 120x40 gives the same export as keys; every cell of every screen clicked never
//! panics and never changes an answer other than the one on screen; kiosk rules hold for clicks;
//! paste and Japanese text still work while the mouse is captured.

use crate::common;

use std::path::Path;

use common::Kiosk;
use crossterm::event::{MouseButton, MouseEventKind};
use koe::store::Store;
use koe::tally::{ExportOptions, export};
use koe::tui::app::{Options, Screen};
use serde_json::json;

fn kiosk_at(survey: &str, w: u16, h: u16) -> Kiosk {
    let mut k = Kiosk::run(survey, common::locked());
    k.term.backend_mut().resize(w, h);
    k.resize(w, h);
    k
}

/// Clicks on the first cell of `text` in a row at or below the row that shows `anchor`.
fn click_below(k: &mut Kiosk, anchor: &str, text: &str) {
    let screen = k.screen();
    let (_, top) = k.find(anchor).unwrap_or_else(|| panic!("no {anchor:?}:\n{screen}"));
    let (x, y) = screen
        .lines()
        .enumerate()
        .skip(top as usize + 1)
        .find_map(|(y, line)| {
            line.split(' ')
                .scan(0, |at, word| {
                    let here = *at;
                    *at += unicode_width::UnicodeWidthStr::width(word) + 1;
                    Some((here, word))
                })
                .find(|(_, w)| *w == text)
                .map(|(x, _)| (x as u16, y as u16))
        })
        .unwrap_or_else(|| panic!("no {text:?} below {anchor:?}:\n{screen}"));
    k.click(x, y);
}

/// training-evaluation (a choice with "other", a number, a matrix, a 0-10 scale, yes/no, a
/// follow-up shown by the scale, a multi-line text) answered by clicks alone.
fn answer_by_clicks(k: &mut Kiosk) {
    k.click_on("はじめる >").shows("問1. 所属機関");
    k.click_on("相談支援事業所").shows("(*) 相談支援事業所");
    k.click_on("次へ >").shows("現在の分野での経験年数");
    k.click_on("次へ >").shows("理解は深まりましたか");
    k.click_cell("にも包括の考え方", "3")
        .click_cell("地域移行支援の流れ", "4")
        .click_cell("ピアサポーターの役割", "2");
    k.click_on("次へ >").shows("研修全体の満足度");
    click_below(k, "研修全体の満足度", "8");
    k.shows("[8]");
    k.click_on("次へ >").shows("同僚にこの研修を勧めたいですか");
    k.click_on("はい").shows("(*) y. はい");
    k.click_on("次へ >").shows("最も役に立ったプログラム");
    k.click_on("グループワーク")
        .click_on("次へ >")
        .shows("今後の研修で取り上げてほしい内容");
    k.click_on("次へ >").shows("確認").shows("にも包括の考え方 3");
    k.click_on("送信 >").shows("ご協力ありがとうございました。");
}

const BY_KEYS: &str = "<enter>2<enter><enter>342<enter>8<enter>y<enter>3<enter><tab><enter>";

/// An export's files as text, with the columns that differ between any two runs (ids, times)
/// blanked.
fn exported(k: &Kiosk, out: &Path) -> Vec<(String, String)> {
    let store = Store::open(&k.db).unwrap();
    let survey = common::entry("training-evaluation").survey;
    let opts = ExportOptions {
        out: Some(out.to_path_buf()),
        ..ExportOptions::default()
    };
    let report = export(&store, &survey, &opts).unwrap();
    assert_eq!(report.responses, 1);
    let mut files = Vec::new();
    for name in ["summary.csv", "stats.csv", "responses.csv", "freetext.csv"] {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let text: Vec<String> = text
            .lines()
            .map(|l| {
                let mut cells: Vec<&str> = l.split(',').collect();
                if name == "responses.csv" {
                    for i in [0, 2, 3] {
                        cells[i] = "";
                    }
                }
                cells.join(",")
            })
            .collect();
        files.push((name.to_string(), text.join("\n")));
    }
    files
}

#[test]
fn a_whole_survey_by_clicks_alone_exports_as_by_keys_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let mut keys = kiosk_at("training-evaluation", 80, 24);
    keys.keys(BY_KEYS).shows("ご協力ありがとうございました。");
    let by_keys = exported(&keys, &dir.path().join("keys"));
    for (w, h) in [(80, 24), (120, 40)] {
        let mut k = kiosk_at("training-evaluation", w, h);
        answer_by_clicks(&mut k);
        let r = k.response(0);
        assert_eq!(r["workplace"], json!("consultation"));
        assert_eq!(r["understanding"], json!({"system": 3, "process": 4, "peer": 2}));
        assert_eq!(r["satisfaction"], json!(8));
        assert_eq!(r["recommend"], json!(true));
        assert_eq!(r["best_module"], json!("group_work"));
        assert_eq!(k.statuses(), vec!["submitted"]);
        let by_clicks = exported(&k, &dir.path().join(format!("clicks-{w}x{h}")));
        assert_eq!(by_clicks, by_keys, "at {w}x{h}");
    }
}

/// Clicks every cell of the screen on show, each time from the same state, and checks that a
/// click never changes an answer other than the one on screen (an answer hidden by that one's
/// `show_if` is cleared, as by keys), that a click where nothing is drawn to be pressed changes
/// nothing at all, and that no click leaves the respondent's screens.
fn click_everywhere(k: &mut Kiosk) {
    let (w, h) = k.app.size();
    let (_, hits) = k.frame();
    let screen = k.app.screen().clone();
    let respondent = k.app.respondent().cloned();
    let shown = format!("{screen:?}");
    let current = match &screen {
        Screen::Question { index, .. } => Some(*index),
        _ => None,
    };
    for y in 0..h {
        for x in 0..w {
            k.app.restore(screen.clone(), respondent.clone());
            k.app.set_hits(hits.clone());
            k.mouse_event(MouseEventKind::Down(MouseButton::Left), x, y);
            let at = format!("a click at ({x}, {y}) on\n{shown}");
            assert!(
                matches!(
                    k.app.screen(),
                    Screen::Welcome | Screen::Question { .. } | Screen::Review { .. } | Screen::Thanks { .. }
                ),
                "{at}\nleft the questionnaire: {:?}",
                k.app.screen()
            );
            if hits.at(x, y).is_none() {
                assert_eq!(format!("{:?}", k.app.screen()), shown, "{at}\nchanged the screen");
            }
            let (Some(before), Some(after)) = (&respondent, k.app.respondent()) else {
                continue;
            };
            let survey = before.survey();
            let hidden = current
                .map(|i| before.answering.walk.would_hide(i, after.answering.walk.answer(i)))
                .unwrap_or_default();
            for (i, q) in survey.questions.iter().enumerate() {
                if Some(i) == current {
                    continue;
                }
                let (was, now) = (before.answering.walk.answer(i), after.answering.walk.answer(i));
                assert!(
                    was == now || (now.is_none() && hidden.contains(&q.id)),
                    "{at}\nchanged the answer to {}: {was:?} -> {now:?}",
                    q.id
                );
            }
        }
    }
    k.app.restore(screen, respondent);
    k.draw();
}

/// Every screen of the survey that uses every question type, each with an answer typed but not
/// yet confirmed, at the smallest size, a narrow one and two common ones.
#[test]
fn a_click_anywhere_changes_nothing_but_the_answer_on_screen() {
    for (w, h) in [(30, 10), (40, 20), (80, 24), (120, 40)] {
        let mut k = kiosk_at("every-type", w, h);
        click_everywhere(&mut k);
        for keys in [
            "<enter>",
            "3家族会ｶﾞ",
            "<enter>13",
            "<enter>2",
            "<enter>資料が多すぎて<enter>読み切れなかった😀",
            "<tab>y",
            "<enter>12",
            "<enter>3",
            "n<enter>31",
            "<enter>",
            "<enter>ありがとう",
            "<enter>",
        ] {
            k.keys(keys);
            click_everywhere(&mut k);
        }
        k.keys("<enter>");
        assert!(matches!(k.app.screen(), Screen::Thanks { .. }));
        click_everywhere(&mut k);
    }
}

#[test]
fn each_kind_of_target_does_what_its_key_does() {
    let mut k = kiosk_at("every-type", 80, 24);
    k.click_on("はじめる >").shows("問1. 所属");
    // The "other" text: a click on its field picks it and puts typing there.
    let (x, y) = k.find("その他:").unwrap();
    k.click(x + 12, y).shows("(*) その他:");
    k.keys("家族会").shows("その他: 家族会");
    k.paste("（ピア）").shows("その他: 家族会（ピア）");
    k.click_on("次へ >").shows("問2. テーマ");
    // Multiple choice: a click toggles; a third pick over max_selected is refused as by keys.
    k.click_on("住まい")
        .click_on("ピア")
        .shows("[x] 住まい")
        .shows("[x] ピア");
    k.click_on("就労").shows("選べるのは 2 つまでです。").shows("[ ] 就労");
    k.click_on("ピア").shows("[ ] ピア");
    k.click_on("就労").shows("[x] 就労");
    k.click_on("次へ >").shows("問3. 役に立った");
    // A scale point, then N/A.
    click_below(&mut k, "役に立った", "4");
    k.shows("[4]");
    k.click_on("該当なし").shows("[該当なし]");
    k.click_on("次へ >").shows("問4. また参加したい");
    k.click_on("いいえ").shows("(*) n. いいえ");
    k.click_on("次へ >").shows("問5. 人数");
    k.click_on("次へ >").shows("問6. 評価");
    k.click_cell("時間", "該当なし").click_cell("資料", "2");
    k.shows("(*) ( ) ( ) ( )");
    k.click_on("次へ >").shows("問7. 優先順位");
    // Rank: a click takes the next rank, a second click gives it back.
    k.click_on("Z").click_on("X").shows("[1] Z").shows("[2] X");
    k.click_on("Z").shows("[1] X").shows("[ ] Z");
    k.click_on("Y").shows("[2] Y");
    k.click_on("次へ >").shows("最後の質問です");
    // Back and on again keep what was given.
    k.click_on("< 戻る").shows("[1] X").shows("[2] Y");
    k.click_on("次へ >").click_on("次へ >").shows("問8. ひとこと");
    k.click_on("次へ >").shows("確認");
    // A review line opens that answer; from there the way on is the review again.
    k.click_on("2. テーマ").shows("問2. テーマ");
    k.click_on("住まい")
        .click_on("次へ >")
        .shows("確認")
        .shows("2. テーマ: 就労");
    k.click_on("送信 >").shows("ご協力ありがとうございました。");
    let r = k.response(0);
    assert_eq!(r["role"], json!({"other": "家族会（ピア）"}));
    assert_eq!(r["topics"], json!(["work"]));
    assert_eq!(r["useful"], json!("na"));
    assert_eq!(r["again"], json!(false));
    assert_eq!(r["grid"], json!({"a": 2, "b": "na"}));
    assert_eq!(r["order"], json!(["x", "y"]));
}

#[test]
fn clicks_never_reach_the_facilitator_and_the_header_does_nothing() {
    let mut k = kiosk_at("council-feedback", 80, 24);
    assert!(k.app.wants_mouse(), "collecting: the terminal sends clicks");
    k.click_on("はじめる >").shows("問1. あなたの所属を教えてください");
    let before = k.screen();
    // The title bar, the progress bar and the footer (which names F10 nowhere) are not targets.
    for y in [0, 1, 22, 23] {
        for x in 0..80 {
            k.click(x, y);
        }
    }
    assert_eq!(k.screen(), before);
    // A long press is a press, and a right click, a release or a drag is nothing.
    for kind in [
        MouseEventKind::Down(MouseButton::Right),
        MouseEventKind::Up(MouseButton::Left),
        MouseEventKind::Drag(MouseButton::Left),
        MouseEventKind::Moved,
    ] {
        let (x, y) = k.find("医療").unwrap();
        k.mouse(kind, x, y);
    }
    assert_eq!(k.screen(), before);
    // The menu opens by F10 only; while it is open the mouse is the terminal's, and a click there
    // does nothing either.
    k.keys("<f10>").shows("進行役メニュー");
    assert!(!k.app.wants_mouse());
    let menu = k.screen();
    for y in 0..24 {
        for x in 0..80 {
            k.click(x, y);
        }
    }
    assert_eq!(k.screen(), menu);
    k.keys("<esc>").shows("問1.");
    assert!(k.app.wants_mouse());
}

#[test]
fn the_home_and_results_screens_leave_the_mouse_to_the_terminal() {
    let mut k = Kiosk::home();
    assert!(!k.app.wants_mouse(), "the home screen");
    k.keys("r");
    assert!(matches!(k.app.screen(), Screen::Results(_)));
    assert!(
        !k.app.wants_mouse(),
        "the results screen: text can be selected and copied"
    );
}

#[test]
fn no_mouse_turns_clicks_off() {
    let mut k = Kiosk::run(
        "council-feedback",
        Options {
            mouse: false,
            ..common::locked()
        },
    );
    assert!(!k.app.wants_mouse());
    k.hides("はじめる を押しても");
    k.keys("<enter>");
    let before = k.screen();
    for (x, y) in [k.find("医療").unwrap(), k.find("次へ >").unwrap()] {
        k.click(x, y);
    }
    assert_eq!(k.screen(), before);
}

#[test]
fn a_click_reads_the_screen_as_drawn_after_a_resize() {
    let mut k = kiosk_at("council-feedback", 80, 24);
    k.keys("<enter>");
    let (x, y) = k.find("福祉").unwrap();
    // The window grows before anything is drawn again: a click now would be read against a
    // screen nobody saw, so it does nothing.
    k.term.backend_mut().resize(120, 40);
    k.app.update(koe::tui::app::Msg::Resize(120, 40), k.now);
    k.mouse_event(MouseEventKind::Down(MouseButton::Left), x, y);
    k.hides("(*)");
    // Drawn at the new size, the same choice is where it now shows.
    k.draw();
    k.click_on("福祉").shows("(*) 福祉");
    k.resize(40, 20);
    k.click_on("行政").shows("(*) 行政").hides("(*) 福祉");
}

#[test]
fn a_quick_double_tap_is_one_tap() {
    let mut k = kiosk_at("every-type", 80, 24);
    k.keys("<enter>1<enter>");
    k.shows("問2. テーマ");
    let (x, y) = k.find("住まい").unwrap();
    // Two presses before the screen is drawn again: the second is read against nothing.
    k.mouse_event(MouseEventKind::Down(MouseButton::Left), x, y);
    k.mouse_event(MouseEventKind::Down(MouseButton::Left), x, y);
    k.shows("[x] 住まい");
}

#[test]
fn the_wheel_moves_through_lists_and_the_review() {
    let mut k = kiosk_at("council-feedback", 80, 24);
    k.keys("<enter>");
    k.hides("> 1.");
    // As with Down: the first turn shows the highlight, the next ones move it.
    k.mouse(MouseEventKind::ScrollDown, 10, 10).shows("> 1. ( ) 行政");
    k.mouse(MouseEventKind::ScrollDown, 10, 10)
        .mouse(MouseEventKind::ScrollDown, 10, 10);
    k.shows("> 3. ( ) 福祉");
    k.mouse(MouseEventKind::ScrollUp, 10, 10);
    k.shows("> 2. ( ) 医療");
    // On a scale the wheel has nothing to move (Up and Down do nothing there).
    k.keys("2<enter>");
    let scale = k.screen();
    k.mouse(MouseEventKind::ScrollDown, 10, 10);
    assert_eq!(k.screen(), scale);
    // On the review it moves the highlight, and with it the lines shown.
    k.keys("5<enter>3<enter>y<enter>1<enter><tab>").shows("確認");
    k.shows("> 1. あなたの所属");
    k.mouse(MouseEventKind::ScrollDown, 10, 10).shows("> 2. 今日の会議");
}

#[test]
fn at_the_smallest_size_a_scrolled_list_is_clicked_where_it_shows() {
    let mut k = kiosk_at("council-feedback", 30, 10);
    k.click_on("はじめる >").shows("あなたの所属");
    k.hides("住民");
    for _ in 0..5 {
        k.mouse(MouseEventKind::ScrollDown, 5, 5);
    }
    k.click_on("住民").shows("(*) 住民");
    k.click_on("次へ >");
    assert_eq!(k.response(0)["sector"], json!("resident"));
}

#[test]
fn a_click_in_a_text_field_puts_the_caret_there_and_the_ime_follows() {
    let mut k = kiosk_at("every-type", 80, 24);
    k.keys("<enter>1<enter><enter>2<enter>").shows("問4. 理由");
    k.keys("資料が多すぎて<enter>読み切れなかった");
    let (x, y) = k.find("多すぎて").unwrap();
    k.click(x, y);
    assert_eq!(
        k.cursor(),
        Some((x, y)),
        "the real cursor (the IME's window) is at the click"
    );
    k.keys("とても").shows("資料がとても多すぎて").shows("読み切れなかった");
    // Past the end of a line: the caret goes to its end; below the text: to the text's end.
    let (x, y) = k.find("読み切れなかった").unwrap();
    k.click(x + 40, y);
    k.keys("。").shows("読み切れなかった。");
    k.click(x, y + 1);
    k.paste("😀").shows("読み切れなかった。😀");
    k.keys("<tab>");
    assert_eq!(
        k.response(0)["why"],
        json!("資料がとても多すぎて\n読み切れなかった。😀")
    );
}
