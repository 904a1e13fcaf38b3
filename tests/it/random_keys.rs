//! Random keys, pastes, resizes and waits thrown at the kiosk on random terminal sizes from 1x1 to
//! 200x60: nothing panics, and every stored answer passes the survey's own answer checks.
//! 250 cases of 400 events each: 100,000 events per run.

use crate::common;

use std::time::Duration;

use common::Kiosk;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use koe::store::Store;
use koe::survey::answer::{check_answer, check_response};
use koe::tui::app::Msg;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Event {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    Wait(u64),
}

fn key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        8 => Just(KeyCode::Enter),
        4 => Just(KeyCode::Tab),
        2 => Just(KeyCode::BackTab),
        2 => Just(KeyCode::Esc),
        3 => Just(KeyCode::Up),
        3 => Just(KeyCode::Down),
        3 => Just(KeyCode::Left),
        3 => Just(KeyCode::Right),
        2 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Delete),
        1 => Just(KeyCode::Home),
        1 => Just(KeyCode::End),
        1 => Just(KeyCode::PageUp),
        1 => Just(KeyCode::PageDown),
        1 => Just(KeyCode::F(2)),
        1 => Just(KeyCode::F(10)),
        12 => prop::sample::select(vec!['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']).prop_map(KeyCode::Char),
        6 => prop::sample::select(vec!['y', 'n', 'e', 'q', 'c', 'a', 's', ' ', '.', '-', 'x', '<']).prop_map(KeyCode::Char),
        4 => prop::sample::select(vec!['日', '本', 'ｶ', 'ﾞ', '😀', '１', '\u{3099}', 'Ａ', '\u{200d}']).prop_map(KeyCode::Char),
    ];
    let mods =
        prop_oneof![12 => Just(KeyModifiers::NONE), 1 => Just(KeyModifiers::CONTROL), 1 => Just(KeyModifiers::SHIFT)];
    (codes, mods).prop_map(|(c, m)| KeyEvent::new(c, m))
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        40 => key().prop_map(Event::Key),
        2 => prop::sample::select(vec!["貼り付け\r\n二行目", "12", "ｶﾞｷﾞ😀\t\u{7}", "", "=SUM(A1)", "a\rb\rc"])
            .prop_map(|s| Event::Paste(s.to_string())),
        2 => (1u16..=200, 1u16..=60).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => prop::sample::select(vec![1u64, 6, 700]).prop_map(Event::Wait),
    ]
}

const SURVEYS: &[&str] = &[
    "council-feedback",
    "advisor-evaluation",
    "consultation-presurvey",
    "peer-supporter-exchange",
    "training-evaluation",
    "every-type",
];

/// Every answer in the database passes its question's check, and every submitted response passes
/// the whole-response check, against the survey version it was answered with.
fn stored_answers_are_valid(db: &std::path::Path) -> Result<(), String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let mut stmt = store
        .connection()
        .prepare("SELECT rid, survey_hash, status FROM responses")
        .unwrap();
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (rid, hash, status) in rows {
        let survey = store.survey_version(&hash).map_err(|e| e.to_string())?;
        let answers = store
            .answers(&koe::store::ResponseRef { id: String::new(), rid })
            .map_err(|e| e.to_string())?;
        for (qid, value) in &answers {
            let q = survey.question(qid).ok_or(format!("unknown question {qid}"))?;
            check_answer(q, value).map_err(|e| format!("{qid} = {value}: {e}"))?;
        }
        if status == "submitted" {
            let problems = check_response(&survey, &answers);
            if !problems.is_empty() {
                return Err(format!("submitted response {rid}: {problems:?}"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 250, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_events_never_panic_and_never_store_an_invalid_answer(
        survey in prop::sample::select(SURVEYS),
        events in prop::collection::vec(event(), 400),
        start in (1u16..=200, 1u16..=60),
    ) {
        let mut k = Kiosk::run(survey, common::locked());
        k.resize(start.0, start.1);
        for e in events {
            match e {
                Event::Key(key) => { k.now += Duration::from_millis(30); k.app.update(Msg::Key(key), k.now); }
                Event::Paste(text) => k.app.update(Msg::Paste(text), k.now),
                Event::Resize(w, h) => k.resize(w, h),
                Event::Wait(s) => { k.now += Duration::from_secs(s); k.app.update(Msg::Tick, k.now); }
            }
            k.draw();
            if k.app.quit() {
                break;
            }
        }
        prop_assert_eq!(stored_answers_are_valid(&k.db), Ok(()));
        prop_assert_eq!(export_is_the_store(survey, &k.db), Ok(()));
    }
}

/// The keys the footers teach, as a respondent presses them.
fn taught_key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        8 => Just(KeyCode::Enter),
        3 => Just(KeyCode::Tab),
        2 => Just(KeyCode::BackTab),
        3 => Just(KeyCode::Up),
        3 => Just(KeyCode::Down),
        3 => Just(KeyCode::Left),
        3 => Just(KeyCode::Right),
        1 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::F(2)),
        1 => Just(KeyCode::F(1)),
        12 => prop::sample::select(vec!['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']).prop_map(KeyCode::Char),
        4 => prop::sample::select(vec!['y', 'n', 'e', ' ', 'あ', 'x']).prop_map(KeyCode::Char),
    ];
    codes.prop_map(|c| KeyEvent::new(c, KeyModifiers::NONE))
}

/// The question a key would reach: the one on screen, or the one under the help screen.
fn on_screen(screen: &koe::tui::app::Screen) -> Option<usize> {
    use koe::tui::app::Screen;
    match screen {
        Screen::Question { index, .. } => Some(*index),
        Screen::Help { back } | Screen::Menu { back, .. } | Screen::Pin { back, .. } => on_screen(back),
        _ => None,
    }
}

/// The stored answers of the response being answered now (empty before its first answer).
fn stored_now(k: &Kiosk, conn: &rusqlite::Connection) -> serde_json::Map<String, serde_json::Value> {
    let Some(rid) = k
        .app
        .respondent()
        .and_then(|r| r.answering.response.as_ref())
        .map(|r| r.rid)
    else {
        return serde_json::Map::new();
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.key, r.answers -> a.fullkey FROM responses r, json_each(r.answers) a WHERE r.rid = ?1",
        )
        .unwrap();
    stmt.query_map([rid], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(|r| {
            let (q, v) = r.unwrap();
            (q, serde_json::from_str(&v).unwrap())
        })
        .collect()
}

/// What export writes in responses.csv for each stored response equals the store, for the
/// questions that have one column holding the stored value (single choice, scale, yes/no,
/// number, text).
fn export_is_the_store(survey_id: &str, db: &std::path::Path) -> Result<(), String> {
    use koe::survey::Kind;
    use koe::tally::{Encoding, ExportOptions, export};
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let survey = common::entry(survey_id).survey;
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let dir = out.path().join("x");
    let opts = ExportOptions {
        out: Some(dir.clone()),
        include_partial: true,
        encoding: Encoding::Utf8,
        ..ExportOptions::default()
    };
    export(&store, &survey, &opts).map_err(|e| e.to_string())?;
    let mut reader = csv::Reader::from_path(dir.join("responses.csv")).map_err(|e| e.to_string())?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().map_err(|e| e.to_string())?;
    let mut stmt = store
        .connection()
        .prepare("SELECT r.rid, r.id FROM responses r JOIN survey_versions v ON v.hash = r.survey_hash WHERE v.survey_id = ?1")
        .unwrap();
    let responses: Vec<(i64, String)> = stmt
        .query_map([survey_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (rid, id) in responses {
        let answers = store
            .answers(&koe::store::ResponseRef { id: id.clone(), rid })
            .map_err(|e| e.to_string())?;
        let row = rows
            .iter()
            .find(|r| r.get(0) == Some(id.as_str()))
            .ok_or(format!("response {id} not exported"))?;
        for q in &survey.questions {
            let simple = matches!(
                q.kind,
                Kind::SingleChoice { .. } | Kind::Scale(_) | Kind::YesNo | Kind::Number { .. } | Kind::Text { .. }
            );
            let Some(c) = col(&q.id).filter(|_| simple) else {
                continue;
            };
            let expected = match answers.get(&q.id) {
                None => String::new(),
                Some(serde_json::Value::String(s)) if s.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) => {
                    format!("'{s}")
                }
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Object(_)) => "other".to_string(),
                Some(v) => v.to_string(),
            };
            let cell = row.get(c).unwrap_or_default();
            if cell != expected {
                return Err(format!("response {id}, {}: export {cell:?}, store {expected:?}", q.id));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 100, ..ProptestConfig::default() })]

    /// Taught keys on every example survey at several sizes: a key changes the stored answer of
    /// the question on screen only (other answers can only be cleared, when the change hides
    /// their question), and whatever the review screen lists is exactly what the store holds.
    #[test]
    fn keys_reach_only_the_question_on_screen_and_the_review_is_the_store(
        survey in prop::sample::select(SURVEYS),
        keys in prop::collection::vec(taught_key(), 150),
        size in prop::sample::select(vec![(80u16, 24u16), (40, 20), (30, 10), (120, 40), (20, 5)]),
    ) {
        let mut k = Kiosk::run(survey, common::locked());
        k.resize(size.0, size.1);
        let conn = rusqlite::Connection::open(&k.db).unwrap();
        k.keys("<enter>");
        for (n, key) in keys.into_iter().enumerate() {
            let target = on_screen(k.app.screen());
            let before = stored_now(&k, &conn);
            k.now += Duration::from_millis(if n % 25 == 0 { 1500 } else { 40 });
            k.app.update(Msg::Key(key), k.now);
            if n % 25 == 0 {
                k.app.update(Msg::Tick, k.now);
            }
            k.draw();
            if k.app.respondent().is_none() {
                continue; // sent: the next person starts clean
            }
            let after = stored_now(&k, &conn);
            let survey = k.app.respondent().unwrap().survey().clone();
            for (qid, value) in &after {
                if before.get(qid) != Some(value) {
                    let i = survey.question_index(qid);
                    prop_assert_eq!(i, target, "{:?} changed {} to {} off screen", key, qid, value);
                }
            }
            if matches!(k.app.screen(), koe::tui::app::Screen::Review { .. }) {
                let r = k.app.respondent().unwrap();
                prop_assert_eq!(r.answering.walk.answers(), &after, "the review lists what the store holds");
            }
        }
        prop_assert_eq!(stored_answers_are_valid(&k.db), Ok(()));
        prop_assert_eq!(export_is_the_store(survey, &k.db), Ok(()));
    }
}
