//! The real binary in a pseudo-terminal, read through a vt100 screen parser: a whole questionnaire
//! answered with Japanese text and found in the database; and a SIGKILL mid-way that keeps every
//! confirmed answer.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{PtySize, native_pty_system};

use crate::common::{self, workbooks};

struct Pty {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

/// The PIN the scripted facilitator gives locked sessions (`KOE_PIN`, unless a test asks for the
/// prompt).
const PIN: &str = "2580";

impl Pty {
    /// The real binary started as a facilitator's script does: `KOE_PIN` set.
    fn spawn(db: &Path, args: &[&str]) -> Pty {
        Pty::spawn_with_pin(db, args, Some(PIN))
    }

    /// The real binary; without a PIN given, a locked session asks for one.
    fn spawn_with_pin(db: &Path, args: &[&str], pin: Option<&str>) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        // In the test's own folder (a pty command otherwise starts in the home folder).
        let mut cmd = common::koe()
            .db(db)
            .surveys(common::surveys_dir())
            .dir(db.parent().unwrap())
            .pty(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "ja_JP.UTF-8");
        match pin {
            Some(pin) => cmd.env("KOE_PIN", pin),
            None => cmd.env_remove("KOE_PIN"),
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(30).unwrap(),
            std::num::NonZeroU16::new(100).unwrap(),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let parser = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                parser.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // Keep the master open for the child's lifetime.
        std::mem::forget(pty.master);
        Pty { screen, writer, child }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text` (10 s at most).
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never showed {text:?}:\n{}", self.contents());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Text as the terminal sends an IME's committed input: a bracketed paste.
    fn ime(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    /// Whether the program asked the terminal for clicks, in the SGR encoding.
    fn mouse_captured(&self) -> bool {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
            && screen.mouse_protocol_encoding() == vt100::MouseProtocolEncoding::Sgr
    }

    /// A click as the terminal reports it: the left button pressed then released over the first
    /// cell of `text` on the screen, in SGR (`ESC [ < 0 ; x ; y M`, then `m`), 1-based.
    fn click_on(&mut self, text: &str) {
        let contents = self.contents();
        let (x, y) = contents
            .lines()
            .enumerate()
            .find_map(|(y, line)| {
                line.find(text)
                    .map(|i| (unicode_width::UnicodeWidthStr::width(&line[..i]), y))
            })
            .unwrap_or_else(|| panic!("nothing to click: the screen does not show {text:?}:\n{contents}"));
        self.send(&format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 1, y + 1, x + 1, y + 1));
    }
}

fn answers(db: &Path) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT r.status, a.key, r.answers -> a.fullkey FROM responses r, json_each(r.answers) a ORDER BY a.key",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_whole_questionnaire_in_japanese_through_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut t = Pty::spawn(&db, &["run", "council-feedback", "--session", "端末テスト", "--kiosk"]);
    t.wait_for("Enter キーを押して始めてください");
    t.send("\r");
    t.wait_for("問1. あなたの所属を教えてください");
    t.send("6");
    t.ime("家族会ｶﾞ😀");
    t.wait_for("その他: 家族会ガ😀");
    t.send("\r");
    t.wait_for("今日の会議は役に立ちましたか");
    t.send("1\r");
    t.wait_for("役に立たなかった理由");
    t.send("時間が短い");
    t.send("\r");
    t.ime("二行目\r\n三行目");
    t.send("\t");
    t.wait_for("顔の見える関係");
    t.send("\x03\x1a\x1b"); // Ctrl-C, Ctrl-Z, Esc: nothing happens in a kiosk
    t.send("4\ry\r13\r");
    t.wait_for("ご意見・ご感想");
    t.send("とても参考になりました");
    t.send("\t");
    t.wait_for("回答内容をご確認ください");
    t.send("\r");
    t.wait_for("ご協力ありがとうございました");
    // Quit through the facilitator menu (F10 and the PIN, then 7: quit, y: yes).
    t.send(F10);
    t.wait_for("暗証番号（PIN）を入力してください");
    t.send("2580\r");
    t.wait_for("進行役メニュー");
    t.send("7");
    t.wait_for("koe を終了しますか");
    t.send("y");
    let status = t.child.wait().unwrap();
    assert!(status.success());
    let stored = answers(&db);
    let get = |q: &str| {
        stored
            .iter()
            .find(|(_, id, _)| id == q)
            .map(|(s, _, v)| (s.clone(), v.clone()))
    };
    assert_eq!(
        get("sector"),
        Some(("submitted".into(), r#"{"other":"家族会ｶﾞ😀"}"#.into()))
    );
    assert_eq!(get("why_not_useful").unwrap().1, r#""時間が短い\n二行目\n三行目""#);
    assert_eq!(get("next_topics").unwrap().1, r#"["transition","crisis"]"#);
    assert_eq!(get("comments").unwrap().1, r#""とても参考になりました""#);
}

const F10: &str = "\x1b[21~";

/// Keys a respondent might try to leave a locked session with: Esc, q, Ctrl-C, Ctrl-Z, Ctrl-\\,
/// r (results) and e (export). None of them changes the screen or ends koe.
fn escapes_change_nothing(t: &mut Pty, showing: &str) {
    for key in ["\x1b", "q", "\x03", "\x1a", "\x1c", "r", "e"] {
        t.send(key);
        std::thread::sleep(Duration::from_millis(100));
        assert!(t.child.try_wait().unwrap().is_none(), "{key:?} ended koe");
        let screen = t.contents();
        assert!(screen.contains(showing), "after {key:?}:\n{screen}");
        assert!(
            !screen.contains("アンケート一覧") && !screen.contains("結果"),
            "{screen}"
        );
    }
}

/// Chooses the session's PIN at the prompt that comes before the welcome screen (typed twice).
fn choose_pin(t: &mut Pty) {
    t.wait_for("暗証番号（PIN）を決めてください");
    assert!(!t.contents().contains("Enter キーを押して始めてください"));
    t.send("2580\r");
    t.wait_for("もう一度同じ暗証番号");
    t.send("2580\r");
}

/// Leaves the session with F10 and the PIN (a wrong one first): 7 quits koe after a confirmation.
fn leave_with_the_pin(t: &mut Pty) {
    t.send(F10);
    t.wait_for("暗証番号（PIN）を入力してください");
    t.send("1111\r");
    t.wait_for("PINが違います");
    assert!(!t.contents().contains("結果を見る"));
    t.send("2580\r");
    t.wait_for("進行役メニュー");
    t.send("7");
    t.wait_for("koe を終了しますか");
    t.send("y");
    assert!(t.child.wait().unwrap().success());
}

#[test]
fn a_session_from_the_home_screen_asks_for_a_pin_and_is_locked_until_f10_and_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut t = Pty::spawn_with_pin(&db, &[], None);
    t.wait_for("アンケート一覧");
    t.send("\r");
    t.wait_for("新しいセッション");
    t.send("\r");
    choose_pin(&mut t);
    t.wait_for("Enter キーを押して始めてください");
    escapes_change_nothing(&mut t, "Enter キーを押して始めてください");
    // F1 on a respondent's screen says nothing of F10.
    t.send("\r");
    t.wait_for("問1.");
    t.send("\x1bOP");
    t.wait_for("キー一覧");
    assert!(!t.contents().contains("F10"), "{}", t.contents());
    t.send("x");
    t.wait_for("問1.");
    escapes_change_nothing(&mut t, "問1.");
    leave_with_the_pin(&mut t);
}

#[test]
fn koe_run_without_flags_asks_for_a_pin_and_is_locked_until_f10_and_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut t = Pty::spawn_with_pin(&db, &["run", "council-feedback"], None);
    choose_pin(&mut t);
    t.wait_for("Enter キーを押して始めてください");
    escapes_change_nothing(&mut t, "Enter キーを押して始めてください");
    t.send("\r2\r");
    t.wait_for("今日の会議は役に立ちましたか");
    escapes_change_nothing(&mut t, "今日の会議は役に立ちましたか");
    leave_with_the_pin(&mut t);
    assert_eq!(answers(&db), [("partial".into(), "sector".into(), r#""med""#.into())]);
}

/// The finding of the trust issue, through the real binary: answer two questions, kill -9, start
/// `koe run` again. Before the session's PIN nothing of the earlier answers can be reached; after
/// it, the facilitator resumes the questionnaire for the person who was answering.
#[test]
fn after_a_kill_the_next_person_sees_nothing_of_the_unfinished_response_without_the_pin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let survey = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/every-type.json");
    let mut t = Pty::spawn_with_pin(&db, &["run", survey], None);
    choose_pin(&mut t);
    t.wait_for("Enter キーを押して始めてください");
    t.send("\r2\r");
    t.wait_for("テーマ");
    t.send("1\r");
    t.wait_for("役に立った");
    t.child.kill().unwrap();
    t.child.wait().unwrap();

    let mut t = Pty::spawn_with_pin(&db, &["run", survey], None);
    t.wait_for("このセッションの暗証番号");
    for key in ["\r", "\x1b[Z", "\t", "\x1b[B", "\r", "\x1b[21~"] {
        t.send(key);
        std::thread::sleep(Duration::from_millis(100));
        let screen = t.contents();
        for secret in ["医療", "住まい", "中断された回答", "問回答済み", "所属"] {
            assert!(
                !screen.contains(secret),
                "after {key:?} the screen shows {secret}:\n{screen}"
            );
        }
    }
    t.child.kill().unwrap();
    t.child.wait().unwrap();

    let mut t = Pty::spawn_with_pin(&db, &["run", survey], None);
    t.wait_for("このセッションの暗証番号");
    t.send("2580\r");
    t.wait_for("中断された回答");
    assert!(t.contents().contains("2 問回答済み"), "{}", t.contents());
    t.send("\r");
    t.wait_for("役に立った");
    t.send("\x1b[Z\x1b[Z");
    t.wait_for("(*) 医療");
    t.child.kill().unwrap();
    t.child.wait().unwrap();
}

/// `koe backup` while a kiosk collects on this laptop: the copy merges on another laptop with
/// every submitted answer, where a hand copy of the same file is named for what it is.
#[test]
fn a_running_kiosks_database_copied_with_koe_backup_merges_on_another_laptop() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let mut t = Pty::spawn(&db, &["run", "council-feedback", "--session", "第3回"]);
    t.wait_for("Enter キーを押して始めてください");
    t.send("\r1\r4\r");
    t.wait_for("顔の見える関係");
    t.send("4\ry\r13\r");
    t.wait_for("ご意見・ご感想");
    t.ime("ピアサポーターの話が参考になった");
    t.send("\t");
    t.wait_for("回答内容をご確認ください");
    t.send("\r");
    t.wait_for("ご協力ありがとうございました");
    let stick = dir.path().join("usb");
    std::fs::create_dir(&stick).unwrap();
    let koe = |db: &Path, args: &[&str]| common::koe().db(db).surveys(common::surveys_dir()).run(args);
    let copy = stick.join("laptop2.db");
    let out = koe(&db, &["backup", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The kiosk is still running and still collecting.
    assert!(t.child.try_wait().unwrap().is_none());
    let hand = stick.join("by-hand.db");
    std::fs::copy(&db, &hand).unwrap();
    let other = dir.path().join("a.db");
    let out = koe(&other, &["merge", hand.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("koe backup") && !err.contains("not a koe database"),
        "{err}"
    );
    let out = koe(&other, &["merge", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 response(s) added"));
    let out = koe(&other, &["list"]);
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("第3回") && listed.contains("submitted 1"), "{listed}");
    t.child.kill().unwrap();
    t.child.wait().unwrap();
}

#[test]
fn sigkill_mid_questionnaire_keeps_the_confirmed_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut t = Pty::spawn(&db, &["run", "council-feedback", "--session", "停電", "--kiosk"]);
    t.wait_for("Enter キーを押して始めてください");
    t.send("\r2\r5\r");
    t.wait_for("顔の見える関係");
    t.send("3"); // picked but not confirmed
    t.child.kill().unwrap();
    t.child.wait().unwrap();
    let stored = answers(&db);
    assert_eq!(
        stored,
        vec![
            ("partial".into(), "sector".into(), r#""med""#.into()),
            ("partial".into(), "useful".into(), "5".into())
        ]
    );
    // The next start offers the facilitator the unfinished response.
    let mut again = Pty::spawn(&db, &["run", "council-feedback", "--session", "停電", "--kiosk"]);
    again.wait_for("中断された回答");
    again.send("\r");
    again.wait_for("顔の見える関係");
    again.child.kill().unwrap();
}

#[test]
fn two_paper_sheets_entered_and_one_verified_through_a_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut t = Pty::spawn(&db, &["entry", "council-feedback", "--session", "紙"]);
    t.wait_for("用紙番号:");
    t.send("1\r");
    t.wait_for("用紙 1");
    // sector 2, useful 1 (the reason is asked), a two-line reason, then the rest.
    t.send("21");
    t.wait_for("役に立たなかった理由");
    t.ime("時間が短い");
    t.send("\n"); // Ctrl-J: a line break
    t.ime("二行目");
    t.send("\r3y13\r\r");
    t.wait_for("用紙 1 を保存しました");
    t.send("2\r45");
    t.wait_for("この会議は、関係機関同士");
    t.send("4n\r\r");
    t.wait_for("用紙 2 を保存しました");
    t.wait_for("未確認の用紙（2 枚）: 1, 2");
    t.send("1\r");
    t.wait_for("用紙番号 1 は入力済みです");
    t.send("\x03");
    assert!(t.child.wait().unwrap().success());

    let mut v = Pty::spawn(&db, &["entry", "council-feedback", "--session", "紙", "--verify"]);
    v.wait_for("確認する用紙の番号");
    v.send("2\r");
    v.wait_for("用紙 2");
    v.send("45");
    v.wait_for("この会議は、関係機関同士");
    v.send("3n\r\r"); // relationships typed as 3 where the first entry has 4
    v.wait_for("1回目と2回目で違う欄: 1 件");
    v.send("1\r");
    v.wait_for("用紙 2 を確認しました（差異 1 件を解消）");
    v.wait_for("未確認の用紙（1 枚）: 1");
    v.send("\x03");
    assert!(v.child.wait().unwrap().success());

    let conn = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(String, String, Option<String>, Option<i64>)> = conn
        .prepare("SELECT sheet, status, verified_at, differences FROM responses ORDER BY rid")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str(), rows[0].3),
        ("1", "submitted", None)
    );
    assert_eq!(
        (rows[1].0.as_str(), rows[1].2.is_some(), rows[1].3),
        ("2", true, Some(1))
    );
    let stored = answers(&db);
    // The values of a question over both sheets, sorted.
    let get = |q: &str| {
        let mut v: Vec<String> = stored
            .iter()
            .filter(|(_, id, _)| id == q)
            .map(|(_, _, v)| v.clone())
            .collect();
        v.sort();
        v
    };
    assert_eq!(get("why_not_useful"), [r#""時間が短い\n二行目""#]);
    assert_eq!(
        get("relationships"),
        ["3", "4"],
        "sheet 2 keeps the first entry's 4, as chosen"
    );
    assert_eq!(get("new_contact"), ["false", "true"]);
}

#[test]
fn a_workbook_written_in_libreoffice_conventions_is_answered_in_the_kiosk() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let form = dir.path().join("furikaeri.xlsx");
    std::fs::write(&form, workbooks::book(&workbooks::libreoffice_form())).unwrap();
    let mut t = Pty::spawn(&db, &["run", form.to_str().unwrap(), "--session", "表計算"]);
    t.wait_for("Enter キーを押して始めてください");
    t.send("\r");
    t.wait_for("所属");
    t.send("1\r");
    t.wait_for("役に立ちましたか");
    t.send("4\r");
    t.wait_for("また参加しますか");
    t.send("y\r");
    t.wait_for("理解度");
    t.send("34\r");
    t.wait_for("感想");
    t.send("よかった\r");
    t.wait_for("回答内容をご確認ください");
    t.send("\r");
    t.wait_for("ご協力ありがとうございました");
    t.child.kill().unwrap();
    t.child.wait().unwrap();
    let stored: Vec<(String, String)> = answers(&db)
        .into_iter()
        .map(|(s, q, v)| (q, format!("{s} {v}")))
        .collect();
    let expected = [
        ("again", "submitted true"),
        ("comment", "submitted \"よかった\""),
        ("grasp", r#"submitted {"system":3,"roles":4}"#),
        ("sector", "submitted \"gov\""),
        ("useful", "submitted 4"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(q, v)| (q.to_string(), v.to_string())).collect();
    assert_eq!(stored, expected);
}

/// The keys SPEC teaches, through the real binary: a matrix answered "3 Enter 2 Enter 4 Enter", a
/// 0–10 scale answered `1 0`, then a half-typed comment and a SIGKILL 3 seconds after its last
/// keystroke: everything, the comment too, is in the partial response.
#[test]
fn keys_as_taught_and_a_half_typed_comment_survive_a_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let survey = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/one-language.json");
    let mut t = Pty::spawn(&db, &["run", survey, "--session", "停電", "--kiosk"]);
    t.wait_for("Enter キーを押して始めてください");
    t.send("\r");
    t.wait_for("各項目を評価してください");
    t.send("3\r2\r4\r");
    t.wait_for("知人にすすめたいですか");
    t.send("10\r");
    t.wait_for("満足度");
    t.send("n\r");
    t.wait_for("お住まいの地域");
    t.send("\r2\r");
    t.wait_for("10段階で評価してください");
    t.send("\t"); // nothing answered on this matrix: Tab passes it
    t.wait_for("ご意見");
    t.ime("会場が");
    t.send("暑かった");
    std::thread::sleep(Duration::from_secs(3));
    t.child.kill().unwrap();
    t.child.wait().unwrap();
    let stored = answers(&db);
    let get = |q: &str| {
        stored
            .iter()
            .find(|(_, id, _)| id == q)
            .map(|(s, _, v)| format!("{s} {v}"))
    };
    assert_eq!(get("grid").as_deref(), Some(r#"partial {"a":3,"b":2,"c":4}"#));
    assert_eq!(get("recommend").as_deref(), Some("partial 10"));
    assert_eq!(get("ten").as_deref(), Some(r#"partial "na""#));
    assert_eq!(get("role").as_deref(), Some(r#"partial "peer""#));
    assert_eq!(get("comment").as_deref(), Some(r#"partial "会場が暑かった""#));
}

#[test]
fn a_question_answered_by_clicks_in_a_real_terminal_with_japanese_typed_and_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut t = Pty::spawn(&db, &["run", "council-feedback", "--session", "タッチ"]);
    t.wait_for("Enter キーを押して始めてください");
    assert!(t.mouse_captured(), "clicks are asked for while collecting");
    t.click_on("はじめる >");
    t.wait_for("問1. あなたの所属を教えてください");
    t.click_on("医療");
    t.wait_for("(*) 医療");
    // The "other" field: a click on its text focuses it; the IME's text and a paste go there.
    t.click_on("その他:");
    t.wait_for("(*) その他:");
    t.send("家族会");
    t.ime("（ピア）");
    t.wait_for("その他: 家族会（ピア）");
    t.click_on("次へ >");
    t.wait_for("今日の会議は役に立ちましたか");
    // The facilitator menu (F10) gives the mouse back to the terminal, for selecting text.
    t.send(F10);
    t.wait_for("暗証番号（PIN）を入力してください");
    t.send("2580\r");
    t.wait_for("進行役メニュー");
    assert!(
        !t.mouse_captured(),
        "the facilitator's screens leave the mouse to the terminal"
    );
    t.send("7");
    t.wait_for("koe を終了しますか");
    t.send("y");
    assert!(t.child.wait().unwrap().success());
    let stored = answers(&db);
    assert_eq!(
        stored,
        vec![(
            "partial".into(),
            "sector".into(),
            r#"{"other":"家族会（ピア）"}"#.into()
        )]
    );
}

#[test]
fn no_mouse_leaves_the_mouse_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut t = Pty::spawn(&db, &["run", "council-feedback", "--session", "x", "--no-mouse"]);
    t.wait_for("Enter キーを押して始めてください");
    t.send("\r");
    t.wait_for("問1. あなたの所属を教えてください");
    assert!(!t.mouse_captured());
    t.child.kill().unwrap();
    t.child.wait().unwrap();
}
