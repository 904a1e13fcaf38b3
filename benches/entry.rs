//! Typing paper sheets: keys per answer in `koe entry` against the kiosk for the same sheets, and
//! the time of one key (update + render at 120x40) in the entry form.
//!
//! `cargo bench --bench entry` generates random but valid sheets (skip rules followed, about one
//! optional question in ten left blank, required ones answered so that the kiosk takes them too) for every example survey and for a 20-question closed sheet like a
//! municipal residents' survey, types each sheet into the real entry form and, separately, answers
//! it in the real kiosk, both on a TestBackend at 120x40 with the database on disk, checks that
//! both stored exactly what the sheet says, and counts the keys. The keys of the entry form are the
//! operator's: the sheet number (Enter alone when the next number is the one offered), each
//! field, Enter where a field needs it. The kiosk's: Enter to start, each question (a digit then
//! Enter, Tab past a blank one), Enter to send; the thank-you screen is left to time out.
//!
//! "Keys per answer" divides the keys by the fields the operator passes (each shown question, each
//! matrix row; a blank on the paper is an answer too, "no answer", and costs its key). It is given
//! for the closed fields (choices, scales, yes/no, matrix rows, rank: the sheet's own keys, its
//! number or the kiosk's start and send, counted with them) and for all fields (numbers and texts
//! cost one key per character typed here; through an IME, more).

#[path = "../tests/common/sheets.rs"]
mod sheets;

use std::path::Path;
use std::time::{Duration, Instant};

use koe::store::Store;
use koe::survey::catalog::{Entry, load_all};
use koe::survey::shown::visibility;
use koe::survey::{Kind, Question, Survey};
use koe::tui::app::{App, Msg, Options};
use koe::tui::entry::EntryApp;
use koe::tui::view::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Map, Value, json};

/// Sheets typed per survey.
const SHEETS: usize = 40;

/// A 20-question closed sheet as municipalities print them: profile questions, satisfaction
/// scales, yes/no, two "choose up to 3" questions, and a follow-up shown only to some.
fn closed_survey() -> Survey {
    let choices = |n: usize| -> Vec<Value> {
        (1..=n)
            .map(|i| json!({"value": format!("c{i}"), "label": format!("選択肢{i}")}))
            .collect()
    };
    let mut qs = vec![
        json!({"id": "sex", "type": "single_choice", "text": "性別", "choices": choices(3)}),
        json!({"id": "age", "type": "single_choice", "text": "年代", "choices": choices(7)}),
        json!({"id": "area", "type": "single_choice", "text": "お住まいの地区", "choices": choices(6)}),
        json!({"id": "years", "type": "single_choice", "text": "居住年数", "choices": choices(5)}),
    ];
    for i in 1..=8 {
        qs.push(json!({"id": format!("sat{i}"), "type": "scale", "text": format!("満足度{i}"), "min": 1, "max": 4, "allow_na": true}));
    }
    for i in 1..=3 {
        qs.push(json!({"id": format!("yn{i}"), "type": "yes_no", "text": format!("利用したことがありますか{i}")}));
    }
    for i in 1..=2 {
        qs.push(json!({"id": format!("mc{i}"), "type": "multiple_choice", "text": format!("重要だと思うもの（3つまで）{i}"), "choices": choices(8), "max_selected": 3}));
    }
    qs.push(json!({"id": "plan", "type": "single_choice", "text": "今後も住み続けたいですか", "choices": choices(4)}));
    qs.push(
        json!({"id": "why", "type": "single_choice", "text": "その理由", "choices": choices(5),
                   "show_if": {"question": "plan", "in": ["c3", "c4"]}}),
    );
    qs.push(json!({"id": "overall", "type": "single_choice", "text": "総合的な満足度", "choices": choices(5)}));
    assert_eq!(qs.len(), 20);
    koe::survey::validate::survey_from_value(
        &json!({"id": "closed20", "title": "市民意識調査（20問）", "questions": qs}),
    )
    .expect("the closed survey is valid")
}

/// Whether a question is closed (answered by choosing, not by typing a number or a text).
fn closed(q: &Question) -> bool {
    !matches!(q.kind, Kind::Number { .. } | Kind::Text { .. } | Kind::Note)
}

/// The fields an operator passes on a sheet (each shown question, each row of a shown matrix):
/// all of them, and the closed ones.
fn fields_passed(survey: &Survey, answers: &Map<String, Value>) -> Count {
    let shown = visibility(survey, answers);
    let mut c = Count::default();
    for (q, _) in survey.questions.iter().zip(shown).filter(|(_, s)| *s) {
        let n = match &q.kind {
            Kind::Note => 0,
            Kind::Matrix { rows, .. } => rows.len(),
            _ => 1,
        };
        c.all += n;
        if closed(q) {
            c.closed += n;
        }
    }
    c
}

/// A count over all fields, and over the closed ones only.
#[derive(Clone, Copy, Debug, Default)]
struct Count {
    all: usize,
    closed: usize,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.all += other.all;
        self.closed += other.closed;
    }
}

/// Keys of a script split by question: all of them, and those not spent on open questions (the
/// sheet's own keys, such as its number or the kiosk's start and send, count as closed).
fn key_count(survey: &Survey, each: &[(Option<usize>, String)]) -> Count {
    let mut c = Count::default();
    for (q, script) in each {
        let n = sheets::count_keys(script);
        c.all += n;
        if q.is_none_or(|i| closed(&survey.questions[i])) {
            c.closed += n;
        }
    }
    c
}

/// Numbers compared by value (8 typed into a decimal question is stored as 8.0).
fn normal(answers: &Map<String, Value>) -> Map<String, Value> {
    answers
        .iter()
        .map(|(k, v)| (k.clone(), v.as_f64().map_or_else(|| v.clone(), |f| json!(f))))
        .collect()
}

struct Typed {
    keys: Count,
    fields: Count,
    key_times: Vec<Duration>,
}

/// Types the sheets into `koe entry` and checks what was stored.
fn entry(dir: &Path, survey: &Survey, papers: &[Map<String, Value>]) -> Typed {
    let db = dir.join(format!("entry-{}.db", survey.id));
    let mut app = EntryApp::new(Store::open(&db).unwrap(), survey.clone(), "bench", false).unwrap();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    app.update(Msg::Resize(120, 40), Instant::now());
    let mut t = Typed {
        keys: Count::default(),
        fields: Count::default(),
        key_times: Vec::new(),
    };
    for (n, paper) in papers.iter().enumerate() {
        // The first number is typed; after it, the next number is offered and Enter takes it.
        let number = if n == 0 { "1<enter>" } else { "<enter>" };
        let mut each: Vec<(Option<usize>, String)> = vec![(None, number.to_string())];
        each.extend(
            sheets::entry_keys_each(survey, paper)
                .into_iter()
                .map(|(q, k)| (Some(q), k)),
        );
        let script: String = each.iter().map(|(_, k)| k.as_str()).collect();
        for key in koe::tui::script::keys(&script) {
            let start = Instant::now();
            app.update(Msg::Key(key), Instant::now());
            term.draw(|f| koe::tui::entry::view::draw(f, &app, Theme { color: true }))
                .unwrap();
            t.key_times.push(start.elapsed());
        }
        t.keys.add(key_count(survey, &each));
        t.fields.add(fields_passed(survey, paper));
    }
    let mut store = Store::open(&db).unwrap();
    let session = store.session(&survey.id, "bench").unwrap();
    for (n, paper) in papers.iter().enumerate() {
        let sheet = store
            .find_sheet(&session, &(n + 1).to_string())
            .unwrap()
            .expect("stored");
        assert!(sheet.submitted);
        assert_eq!(
            normal(&store.answers(&sheet.response).unwrap()),
            normal(paper),
            "{} sheet {}",
            survey.id,
            n + 1
        );
    }
    t
}

/// Answers the same sheets in the kiosk and checks what was stored; returns the keys pressed.
fn kiosk(dir: &Path, survey: &Survey, papers: &[Map<String, Value>]) -> Count {
    let db = dir.join(format!("kiosk-{}.db", survey.id));
    let entry = Entry {
        path: dir.join("survey.json"),
        survey: survey.clone(),
    };
    let mut now = Instant::now();
    let mut app = App::run(Store::open(&db).unwrap(), entry, "bench", Options::default()).unwrap();
    app.update(Msg::Resize(120, 40), now);
    let mut keys = Count::default();
    for paper in papers {
        let each = sheets::kiosk_keys_each(survey, paper);
        keys.add(key_count(survey, &each));
        let script: String = each.iter().map(|(_, k)| k.as_str()).collect();
        for key in koe::tui::script::keys(&script) {
            now += Duration::from_millis(50);
            app.update(Msg::Key(key), now);
        }
        // The thank-you screen times out by itself.
        now += Duration::from_secs(6);
        app.update(Msg::Tick, now);
    }
    let store = Store::open(&db).unwrap();
    let mut stmt = store
        .connection()
        .prepare("SELECT rid, id FROM responses WHERE status = 'submitted' ORDER BY rid")
        .unwrap();
    let stored: Vec<koe::store::ResponseRef> = stmt
        .query_map([], |r| {
            Ok(koe::store::ResponseRef {
                rid: r.get(0)?,
                id: r.get(1)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        stored.len(),
        papers.len(),
        "{}: every sheet submitted in the kiosk",
        survey.id
    );
    for (r, paper) in stored.iter().zip(papers) {
        assert_eq!(
            normal(&store.answers(r).unwrap()),
            normal(paper),
            "{} in the kiosk",
            survey.id
        );
    }
    keys
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut surveys: Vec<Survey> = load_all(&[root.join("surveys")])
        .surveys
        .into_iter()
        .map(|e| e.survey)
        .collect();
    surveys.push(closed_survey());
    let dir = tempfile::tempdir().unwrap();
    println!(
        "| survey | fields a sheet (closed) | koe entry: keys per answer, closed fields | kiosk, closed fields | koe entry, all fields | kiosk, all fields |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    let mut all_times: Vec<Duration> = Vec::new();
    for survey in &surveys {
        let papers = papers(survey);
        let typed = entry(dir.path(), survey, &papers);
        let kiosk_keys = kiosk(dir.path(), survey, &papers);
        let per = |keys: usize, fields: usize| keys as f64 / fields.max(1) as f64;
        println!(
            "| {} | {:.1} ({:.1}) | {:.2} | {:.2} | {:.2} | {:.2} |",
            survey.id,
            typed.fields.all as f64 / SHEETS as f64,
            typed.fields.closed as f64 / SHEETS as f64,
            per(typed.keys.closed, typed.fields.closed),
            per(kiosk_keys.closed, typed.fields.closed),
            per(typed.keys.all, typed.fields.all),
            per(kiosk_keys.all, typed.fields.all),
        );
        all_times.extend(typed.key_times);
    }
    println!();
    report("database on disk", all_times);
    // The same typing with the database in memory-backed /dev/shm, where a durable save costs
    // next to nothing: what is left is the form's own update and drawing.
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        let mut times = Vec::new();
        for survey in &surveys {
            times.extend(entry(dir.path(), survey, &papers(survey)).key_times);
        }
        report("database in /dev/shm", times);
    }
}

/// The sheets typed for a survey: the same every run, and ones the kiosk accepts too (required
/// questions answered), so that both type the same sheets.
fn papers(survey: &Survey) -> Vec<Map<String, Value>> {
    let mut rng = sheets::Rng::new(17);
    (0..SHEETS)
        .map(|_| {
            loop {
                let paper = sheets::sheet(survey, &mut rng);
                if koe::survey::answer::check_response(survey, &paper).is_empty() {
                    break paper;
                }
            }
        })
        .collect()
}

fn report(place: &str, mut times: Vec<Duration>) {
    times.sort();
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "koe entry, update + render of one key at 120x40 ({place}; a key that confirms a field includes its durable save), {} keys: median {:.0} us, p90 {:.0} us, p99 {:.0} us, max {:.0} us",
        times.len(),
        us(pct(0.5)),
        us(pct(0.9)),
        us(pct(0.99)),
        us(*times.last().unwrap())
    );
}
