//! Random keys, pastes, resizes and waits thrown at the kiosk on random terminal sizes from 1x1 to
//! 200x60: nothing panics, and every stored answer passes the survey's own answer checks.
//! 250 cases of 400 events each: 100,000 events per run.

mod common;

use std::time::Duration;

use common::Kiosk;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use koe::store::Store;
use koe::survey::answer::{check_answer, check_response};
use koe::tui::app::{Msg, Options};
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
        let mut k = Kiosk::run(survey, Options { kiosk: true, ..Options::default() });
        k.resize(start.0, start.1);
        for e in events {
            match e {
                Event::Key(key) => { k.now += Duration::from_millis(30); k.app.update(Msg::Key(key), k.now); }
                Event::Paste(text) => k.app.update(Msg::Paste(text), k.now),
                Event::Resize(w, h) => k.resize(w, h),
                Event::Wait(s) => { k.now += Duration::from_secs(s); k.app.update(Msg::Tick, k.now); }
            }
            k.draw();
            if k.app.quit {
                break;
            }
        }
        prop_assert_eq!(stored_answers_are_valid(&k.db), Ok(()));
    }
}
