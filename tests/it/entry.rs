//! `koe entry` with scripted keys on a fake terminal: paper sheets typed by digits record what the
//! paper says (a property over random sheets of every example survey), skip rules pass hidden
//! fields, sheet numbers are unique in a session, sheets are corrected with PageUp/PageDown, and
//! a second entry lists exactly the fields that differ and stores the values chosen.

use crate::common::sheets;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use koe::store::Store;
use koe::survey::Survey;
use koe::survey::catalog::load_all;
use koe::tui::app::Msg;
use koe::tui::entry::{EntryApp, Screen};
use koe::tui::script::{keys, screen_text};
use koe::tui::view::Theme;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Map, Value, json};

fn survey(id: &str) -> Survey {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    load_all(&[crate::common::surveys_dir(), root.join("tests/fixtures")])
        .surveys
        .into_iter()
        .find(|e| e.survey.id == id)
        .unwrap_or_else(|| panic!("no survey {id}"))
        .survey
}

/// Every survey the tests type sheets of: the examples, and the fixture with every type.
fn survey_ids() -> Vec<String> {
    let mut ids: Vec<String> = load_all(&[crate::common::surveys_dir()])
        .surveys
        .into_iter()
        .map(|e| e.survey.id)
        .collect();
    ids.push("every-type".to_string());
    ids
}

/// An entry desk: the real entry form on a TestBackend.
struct Desk {
    app: EntryApp,
    term: Terminal<TestBackend>,
    db: PathBuf,
    /// The clock the test moves.
    now: Instant,
}

impl Desk {
    fn open(db: &Path, survey_id: &str, verify: bool) -> Desk {
        let store = Store::open(db).unwrap();
        let app = EntryApp::new(store, survey(survey_id), "紙1", verify).unwrap();
        let mut d = Desk {
            app,
            term: Terminal::new(TestBackend::new(100, 30)).unwrap(),
            db: db.to_path_buf(),
            now: Instant::now(),
        };
        d.app.update(Msg::Resize(100, 30), d.now);
        d
    }

    fn keys(&mut self, script: &str) -> &mut Self {
        for key in keys(script) {
            self.now += Duration::from_millis(50);
            self.app.update(Msg::Key(key), self.now);
        }
        self
    }

    /// Lets time pass and sends a tick.
    fn wait(&mut self, d: Duration) -> &mut Self {
        self.now += d;
        self.app.update(Msg::Tick, self.now);
        self
    }

    fn screen(&mut self) -> String {
        let app = &self.app;
        let frame = self
            .term
            .draw(|f| koe::tui::entry::view::draw(f, app, Theme { color: false }))
            .unwrap();
        screen_text(frame.buffer)
    }

    fn shows(&mut self, text: &str) -> &mut Self {
        let s = self.screen();
        assert!(s.contains(text), "the screen does not show {text:?}:\n{s}");
        self
    }

    fn hides(&mut self, text: &str) -> &mut Self {
        let s = self.screen();
        assert!(!s.contains(text), "the screen shows {text:?}:\n{s}");
        self
    }

    /// The stored answers of the sheet with this number.
    fn sheet(&self, number: &str) -> Map<String, Value> {
        let mut store = Store::open(&self.db).unwrap();
        let session = store.session(&self.app.survey().id, "紙1").unwrap();
        let s = store
            .find_sheet(&session, number)
            .unwrap()
            .expect("the sheet is stored");
        store.answers(&s.response).unwrap()
    }

    fn status(&self, number: &str) -> koe::store::Sheet {
        let mut store = Store::open(&self.db).unwrap();
        let session = store.session(&self.app.survey().id, "紙1").unwrap();
        store
            .find_sheet(&session, number)
            .unwrap()
            .expect("the sheet is stored")
    }
}

/// Numbers compared by value (a decimal question stores 8 typed as 8.0, as the kiosk does).
fn numbers_as_f64(answers: Map<String, Value>) -> Map<String, Value> {
    answers
        .into_iter()
        .map(|(k, v)| match v.as_f64() {
            Some(f) => (k, json!(f)),
            None => (k, v),
        })
        .collect()
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random sheets of every example survey, typed by their numbers and texts as the paper shows
    /// them, are stored exactly as the paper says, each as a submitted sheet.
    #[test]
    fn sheets_typed_by_digits_record_what_the_paper_says(seed in any::<u64>(), which in 0usize..6) {
        let ids = survey_ids();
        let id = &ids[which % ids.len()];
        let dir = tempfile::tempdir().unwrap();
        let mut desk = Desk::open(&dir.path().join("koe.db"), id, false);
        let mut rng = sheets::Rng::new(seed);
        let survey = survey(id);
        let papers: Vec<Map<String, Value>> = (0..2).map(|_| sheets::sheet(&survey, &mut rng)).collect();
        for (n, paper) in papers.iter().enumerate() {
            desk.keys(&format!("{}<enter>", n + 1));
            desk.keys(&sheets::entry_keys(&survey, paper));
            prop_assert!(matches!(desk.app.screen(), Screen::Number { .. }), "after the last field, the next number is asked:\n{}", desk.screen());
        }
        for (n, paper) in papers.iter().enumerate() {
            let number = (n + 1).to_string();
            prop_assert_eq!(numbers_as_f64(desk.sheet(&number)), numbers_as_f64(paper.clone()), "sheet {} of {}", number, id);
            prop_assert!(desk.status(&number).submitted);
        }
    }
}

#[test]
fn skip_rules_pass_hidden_fields_and_a_change_clears_what_it_hides() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("1<enter>").shows("用紙 1").shows("あなたの所属");
    // sector 2, useful 4: the reason for "not useful" is hidden and passed.
    d.keys("24").shows("この会議は、関係機関同士");
    // Back up to "useful" (passing the hidden field), change it to 1: the reason is asked.
    d.keys("<up>").shows("今日の会議は役に立ちましたか");
    d.keys("1").shows("役に立たなかった理由");
    // Three topics are as many as the question takes; Enter moves on, as on every code field.
    d.keys("短い<c-j>二行目<enter>3y135<enter>");
    d.keys("<enter>");
    assert!(matches!(d.app.screen(), Screen::Number { .. }));
    assert_eq!(
        d.sheet("1"),
        obj(
            json!({"sector": "med", "useful": 1, "why_not_useful": "短い\n二行目", "relationships": 3,
                   "new_contact": true, "next_topics": ["transition", "crisis", "family"]})
        )
    );
    // Correct the sheet: useful becomes 5, which hides the reason: its answer goes.
    d.keys("<pgup>").shows("用紙 1").keys("<enter>5");
    d.keys("<esc>");
    let a = d.sheet("1");
    assert_eq!(a.get("useful"), Some(&json!(5)));
    assert_eq!(a.get("why_not_useful"), None, "a hidden question keeps no answer");
}

#[test]
fn enter_on_an_empty_field_is_no_answer_and_a_wrong_digit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("7<enter>");
    d.keys("9").shows("1〜6 で入力");
    d.keys("<enter>").shows("今日の会議は役に立ちましたか");
    d.keys("n").shows("この会議は、関係機関同士");
    d.keys("<enter><enter><enter><enter>");
    assert!(matches!(d.app.screen(), Screen::Number { .. }));
    assert_eq!(d.sheet("7"), obj(json!({"useful": "na"})));
    d.shows("用紙 7 を保存しました").shows("未確認の用紙（1 枚）: 7");
}

#[test]
fn a_field_typed_but_not_confirmed_is_saved_a_moment_after_the_last_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("8<enter>243y4<enter>ノートに書い");
    assert_eq!(d.sheet("8").get("comments"), None, "not yet");
    d.wait(Duration::from_millis(1100));
    assert_eq!(d.sheet("8").get("comments"), Some(&json!("ノートに書い")));
    // Typing on and Enter store the whole text, and the sheet.
    d.keys("た<enter>");
    assert_eq!(d.sheet("8").get("comments"), Some(&json!("ノートに書いた")));
    assert!(d.status("8").submitted);
}

#[test]
fn a_duplicate_sheet_number_is_refused_with_its_entry_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("12<enter>2<enter>3y<enter><enter>");
    assert!(matches!(d.app.screen(), Screen::Number { .. }));
    let entered = koe::tui::entry::local_time(&d.status("12").entered_at);
    d.keys("012<enter>");
    d.shows("用紙番号 12 は入力済みです").shows(&entered);
    assert!(
        matches!(d.app.screen(), Screen::Number { .. }),
        "the sheet is not opened"
    );
    // Another number is fine.
    d.keys("<bs><bs><bs>13<enter>").shows("用紙 13");
}

#[test]
fn the_next_number_is_offered_so_enter_alone_starts_the_next_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut d = Desk::open(&db, "council-feedback", false);
    d.keys("41<enter>1<enter><enter><enter><enter><enter>");
    d.shows("用紙番号: 42");
    d.keys("<enter>").shows("用紙 42");
    d.keys("2<enter><enter><enter><enter><enter>");
    d.keys("7").shows("用紙番号: 7").keys("<bs>").hides("用紙番号: 4");
    drop(d);
    // Verifying offers the sheets not yet verified, in the order they were entered.
    let mut v = Desk::open(&db, "council-feedback", true);
    v.shows("確認する用紙の番号: 41");
    v.keys("<enter>1<enter><enter><enter><enter><enter>");
    v.shows("用紙 41 を確認しました（差異なし）")
        .shows("確認する用紙の番号: 42");
}

#[test]
fn pageup_and_pagedown_move_between_sheets_to_correct_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("1<enter>1<enter><enter><enter><enter><enter>");
    d.keys("2<enter>2<enter><enter><enter><enter><enter>");
    d.keys("<pgup>").shows("用紙 2").keys("<pgup>").shows("用紙 1");
    d.keys("3")
        .keys("<pgdn>")
        .shows("用紙 2")
        .keys("<pgdn>")
        .shows("用紙番号:");
    assert_eq!(d.sheet("1").get("sector"), Some(&json!("welfare")));
    assert_eq!(d.sheet("2").get("sector"), Some(&json!("med")));
}

#[test]
fn verifying_with_three_planted_differences_lists_exactly_those_and_stores_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut first = Desk::open(&db, "council-feedback", false);
    // sector med, useful 4, relationships 3, new_contact yes, topics 1 3, comment.
    first.keys("5<enter>243y13<enter>よかった<enter>");
    assert!(matches!(first.app.screen(), Screen::Number { .. }));
    drop(first);

    let mut second = Desk::open(&db, "council-feedback", true);
    second.shows("確認する用紙の番号").hides("PgUp");
    second
        .keys("6<enter>")
        .shows("用紙番号 6 はこのセッションに入力されていません");
    // The verifier sees none of the first entry.
    second.keys("<bs>5<enter>").shows("用紙 5").hides("2  医療");
    // Three differences: sector welfare (3), relationships 2, new_contact no.
    second.keys("342n13<enter>よかった<enter>");
    second.shows("1回目と2回目で違う欄: 3 件");
    let Screen::Resolve(r) = second.app.screen() else {
        panic!("no differences listed")
    };
    let listed: Vec<&str> = r
        .diffs
        .iter()
        .map(|d| second.app.survey().questions[d.field.question].id.as_str())
        .collect();
    assert_eq!(listed, ["sector", "relationships", "new_contact"]);
    second.shows("1) 2  医療").shows("2) 3  福祉");
    // The paper says: sector as first typed, relationships as second, and new_contact is blank.
    second.keys("1").keys("2").keys("3<enter>");
    second.keys("<enter>");
    second.shows("用紙 5 を確認しました（差異 3 件を解消）");
    assert_eq!(
        second.sheet("5"),
        obj(json!({"sector": "med", "useful": 4, "relationships": 2,
                   "next_topics": ["transition", "crisis"], "comments": "よかった"}))
    );
    let s = second.status("5");
    assert!(s.verified_at.is_some());
    assert_eq!(s.differences, Some(3));
    second.shows("入力済み 1 枚  確認済み 1 枚  差異を解消 3 件");
    second.keys("5<enter>").shows("用紙 5 は確認済みです");
}

#[test]
fn a_second_entry_without_differences_verifies_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut first = Desk::open(&db, "training-evaluation", false);
    let survey = survey("training-evaluation");
    let mut rng = sheets::Rng::new(7);
    let paper = sheets::sheet(&survey, &mut rng);
    first.keys("1<enter>").keys(&sheets::entry_keys(&survey, &paper));
    drop(first);
    let mut second = Desk::open(&db, "training-evaluation", true);
    second.keys("1<enter>").keys(&sheets::entry_keys(&survey, &paper));
    second.shows("用紙 1 を確認しました（差異なし）");
    assert_eq!(second.sheet("1"), paper);
    assert!(second.status("1").verified_at.is_some());
}

#[test]
fn the_sheet_screen_fits_small_and_large_terminals() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "advisor-evaluation", false);
    d.keys("3<enter>");
    for (w, h) in [(30, 10), (80, 24), (120, 40), (200, 60)] {
        d.term.backend_mut().resize(w, h);
        d.app.update(Msg::Resize(w, h), Instant::now());
        d.screen();
    }
    d.shows("用紙 3");
    // A sheet longer than a wide window goes into two columns: the first and the last field are
    // both on screen, the caret on the current one.
    d.term.backend_mut().resize(160, 16);
    d.app.update(Msg::Resize(160, 16), Instant::now());
    let screen = d.screen();
    assert!(
        screen.contains("アドバイザーの区分") && screen.contains("構築支援事業全体への評価"),
        "{screen}"
    );
}

/// A footer too wide for the window is split between key groups, as the kiosk's is, never in
/// the middle of a key's words: each row of the narrow footer is made of whole groups of the
/// wide one.
#[test]
fn a_narrow_footer_breaks_between_keys_as_the_kiosks_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("3<enter>");
    let resize = |d: &mut Desk, w: u16, h: u16| {
        d.term.backend_mut().resize(w, h);
        d.app.update(Msg::Resize(w, h), Instant::now());
        d.screen()
    };
    let wide = resize(&mut d, 200, 24);
    let groups: Vec<String> = wide
        .lines()
        .last()
        .unwrap()
        .split("  ")
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty())
        .collect();
    assert!(groups.len() >= 3, "{wide}");
    // A row's groups are whole groups of the wide footer, in order; only a row's last may be cut
    // at the edge ("...").
    let all = groups.join("  ");
    let whole = |g: &str| {
        groups.iter().any(|w| w == g)
            || (g.ends_with("...")
                && groups
                    .iter()
                    .any(|w| all[all.find(w.as_str()).unwrap()..].starts_with(g.trim_end_matches('.').trim_end())))
    };
    let mut two_rows = 0;
    for w in 30..120 {
        let narrow = resize(&mut d, w, 24);
        let lines: Vec<&str> = narrow.lines().collect();
        let last = lines[lines.len() - 1].trim();
        if last == groups.join("  ") {
            continue;
        }
        two_rows += 1;
        for row in [lines[lines.len() - 2], last] {
            let shown: Vec<&str> = row.split("  ").map(str::trim).filter(|g| !g.is_empty()).collect();
            assert!(
                !shown.is_empty() && shown.iter().all(|g| whole(g)),
                "at {w} columns, {row:?}:\n{narrow}"
            );
        }
    }
    assert!(two_rows > 10, "the footer never took two rows");
}

/// The screens the README shows: the sheet being typed and the differences of a second entry,
/// at 100x24 (the entry time, which changes with every run, is masked).
#[test]
fn snapshots_of_the_entry_form_and_the_differences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koe.db");
    let mut d = Desk::open(&db, "council-feedback", false);
    d.term.backend_mut().resize(100, 24);
    d.app.update(Msg::Resize(100, 24), Instant::now());
    d.keys("5<enter>243y13");
    let entered = koe::tui::entry::local_time(&d.status("5").entered_at);
    insta::assert_snapshot!("entry_sheet_100x24", d.screen().replace(&entered, "YYYY-MM-DD hh:mm"));
    d.keys("<enter>よかった<enter>");
    insta::assert_snapshot!("entry_number_100x24", d.screen());
    drop(d);
    let mut second = Desk::open(&db, "council-feedback", true);
    second.term.backend_mut().resize(100, 24);
    second.app.update(Msg::Resize(100, 24), Instant::now());
    second.keys("5<enter>342n13<enter>よかった<enter>1");
    insta::assert_snapshot!("entry_differences_100x24", second.screen());
}

/// A random key, weighted towards what an operator types.
fn any_key() -> impl Strategy<Value = crossterm::event::KeyEvent> {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let codes = prop_oneof![
        8 => Just(KeyCode::Enter),
        2 => Just(KeyCode::Tab),
        1 => Just(KeyCode::BackTab),
        2 => Just(KeyCode::Esc),
        2 => Just(KeyCode::Up),
        2 => Just(KeyCode::Down),
        1 => Just(KeyCode::Left),
        1 => Just(KeyCode::Right),
        2 => Just(KeyCode::Backspace),
        2 => Just(KeyCode::PageUp),
        2 => Just(KeyCode::PageDown),
        16 => prop::sample::select(vec!['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']).prop_map(KeyCode::Char),
        4 => prop::sample::select(vec!['y', 'n', ' ', ',', '-', 'a', '日', 'ｶ', 'ﾞ', '１', '😀']).prop_map(KeyCode::Char),
    ];
    let mods =
        prop_oneof![20 => Just(KeyModifiers::NONE), 1 => Just(KeyModifiers::CONTROL), 1 => Just(KeyModifiers::ALT)];
    (codes, mods)
        .prop_map(|(c, m)| KeyEvent::new(c, m))
        .prop_filter("Ctrl-C quits", |k| {
            !(k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c'))
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    /// Random keys (and pauses) on random terminal sizes, entering and then verifying: nothing panics, and
    /// every stored answer (first and second entry) passes the survey's own checks.
    #[test]
    fn random_keys_never_panic_and_store_only_valid_answers(
        which in 0usize..6,
        keys in prop::collection::vec(any_key(), 150),
        size in (1u16..=160, 1u16..=50),
    ) {
        let ids = survey_ids();
        let id = &ids[which % ids.len()];
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("koe.db");
        for verify in [false, true] {
            let mut d = Desk::open(&db, id, verify);
            d.term.backend_mut().resize(size.0, size.1);
            d.app.update(Msg::Resize(size.0, size.1), d.now);
            for (i, key) in keys.iter().enumerate() {
                d.now += Duration::from_millis(50);
                d.app.update(Msg::Key(*key), d.now);
                if i % 10 == 9 {
                    // A pause: what is typed is saved as a draft.
                    d.wait(Duration::from_millis(1500));
                }
                d.screen();
            }
        }
        let s = survey(id);
        let store = Store::open(&db).unwrap();
        for sql in [
            "SELECT a.key, r.answers -> a.fullkey FROM responses r, json_each(r.answers) a",
            "SELECT question_id, value FROM second_entries",
        ] {
            let mut stmt = store.connection().prepare(sql).unwrap();
            let rows: Vec<(String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
            for (qid, value) in rows {
                let q = s.question(&qid).expect("a known question");
                let v: Value = serde_json::from_str(&value).unwrap();
                prop_assert!(koe::survey::answer::check_answer(q, &v).is_ok(), "{} {}: {}", id, qid, value);
            }
        }
    }
}

#[test]
fn a_refused_sheet_number_is_explained_in_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("<enter>").shows("用紙番号を入力してください").hides("empty");
    assert!(matches!(d.app.screen(), Screen::Number { .. }), "no sheet is opened");
    d.keys("1.5<enter>")
        .shows("用紙番号に使えるのは英数字と - _ だけです")
        .hides("only");
}

/// The tester's sequence: `1234` on a multiple choice that takes 3. The fourth digit is refused on
/// that field with a message; it never becomes the next field's answer, and only Enter moves on.
#[test]
fn a_digit_past_a_multiple_choices_maximum_is_refused_and_never_reaches_the_next_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "council-feedback", false);
    d.keys("1<enter>1441");
    d.shows("番号を続けて入力し Enter（3つまで。例: 135）");
    d.keys("1234").shows("選べるのは 3 つまでです。");
    // Still on question 6, which holds exactly what was typed up to its maximum.
    d.shows("次回以降に取り上げてほしいテーマ");
    assert!(matches!(d.app.screen(), Screen::Sheet(_)));
    d.keys("<enter>").shows("入力して Enter");
    d.keys("<enter>");
    assert!(matches!(d.app.screen(), Screen::Number { .. }));
    assert_eq!(
        d.sheet("1"),
        obj(json!({
            "sector": "gov",
            "useful": 4,
            "relationships": 4,
            "new_contact": true,
            "next_topics": ["transition", "housing", "crisis"],
        }))
    );
}

/// The tester's rank sequence: `312` Enter on a rank that takes 2, as its hint once suggested.
/// The `2` is refused on the rank field, Enter moves to the comment (left empty) instead of
/// storing the sheet with a comment "2" nobody wrote.
#[test]
fn a_digit_past_a_ranks_maximum_is_refused_and_enter_moves_on_without_storing() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = Desk::open(&dir.path().join("koe.db"), "every-type", false);
    d.keys("1<enter>11<enter>415<enter>12");
    d.shows("優先順位")
        .shows("順位の順に番号を続けて入力し Enter（2つまで。例: 31）");
    d.keys("312").shows("選べるのは 2 つまでです。");
    d.keys("<enter>");
    assert!(
        matches!(d.app.screen(), Screen::Sheet(_)),
        "the sheet was stored by the rank's Enter"
    );
    d.shows("ひとこと");
    assert_eq!(d.sheet("1").get("comment"), None);
    d.keys("<enter>");
    assert!(matches!(d.app.screen(), Screen::Number { .. }));
    assert_eq!(
        d.sheet("1"),
        obj(json!({
            "role": "gov",
            "topics": ["housing"],
            "useful": 4,
            "again": true,
            "people": 5,
            "grid": {"a": 1, "b": 2},
            "order": ["z", "x"],
        }))
    );
}
