//! The answer check of every question type and every show_if operator, including answers of the
//! wrong type.

use std::path::Path;

use koe::survey::answer::{check_answer, check_response};
use koe::survey::shown::{hidden_answers, holds, visible_questions};
use koe::survey::validate::survey_from_value;
use koe::survey::{Condition, Survey, load_file};
use serde_json::{Map, Value, json};

fn fixture() -> Survey {
    load_file(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/every-type.json"
    )))
    .unwrap()
}

fn ok(s: &Survey, q: &str, v: Value) {
    let question = s.question(q).unwrap();
    assert_eq!(check_answer(question, &v), Ok(()), "{q} should accept {v}");
}

fn bad(s: &Survey, q: &str, v: Value, why: &str) {
    let question = s.question(q).unwrap();
    let err = check_answer(question, &v).expect_err(&format!("{q} should refuse {v}"));
    let err = err.to_string();
    assert!(err.contains(why), "{q} {v}: {err:?} lacks {why:?}");
}

#[test]
fn single_choice_answers() {
    let s = fixture();
    ok(&s, "role", json!("gov"));
    ok(&s, "role", json!({"other": "家族会"}));
    bad(&s, "role", json!("police"), "not one of the choices");
    bad(&s, "role", json!(1), "not one of the choices");
    bad(&s, "role", json!({"other": "  "}), "empty");
    bad(&s, "role", json!(["gov"]), "not one of the choices");
}

#[test]
fn multiple_choice_answers() {
    let s = fixture();
    ok(&s, "topics", json!(["housing"]));
    ok(&s, "topics", json!(["peer", {"other": "防災"}]));
    bad(&s, "topics", json!(["housing", "peer", "work"]), "at most 2");
    bad(&s, "topics", json!(["housing", "housing"]), "twice");
    bad(&s, "topics", json!("housing"), "expected a list");
    bad(&s, "topics", json!(["garden"]), "not one of the choices");
}

#[test]
fn scale_answers() {
    let s = fixture();
    ok(&s, "useful", json!(1));
    ok(&s, "useful", json!(5));
    ok(&s, "useful", json!("na"));
    bad(&s, "useful", json!(0), "outside 1 to 5");
    bad(&s, "useful", json!(6), "outside 1 to 5");
    bad(&s, "useful", json!(2.5), "outside");
    bad(&s, "useful", json!("3"), "expected a point");
}

#[test]
fn yes_no_answers() {
    let s = fixture();
    ok(&s, "again", json!(true));
    ok(&s, "again", json!(false));
    bad(&s, "again", json!("yes"), "expected true or false");
    bad(&s, "again", json!(1), "expected true or false");
}

#[test]
fn number_answers() {
    let s = fixture();
    ok(&s, "people", json!(0));
    ok(&s, "people", json!(100));
    bad(&s, "people", json!(101), "above the maximum");
    bad(&s, "people", json!(-1), "below the minimum");
    bad(&s, "people", json!(1.5), "whole number");
    bad(&s, "people", json!("12"), "expected a number");
}

#[test]
fn text_answers() {
    let s = fixture();
    ok(&s, "comment", json!("とても良かった😀ｶﾞ"));
    ok(&s, "why", json!("一行目\n二行目"));
    bad(&s, "comment", json!("あ".repeat(21)), "at most 20");
    bad(&s, "comment", json!("一行目\n二行目"), "line breaks");
    bad(&s, "comment", json!("   "), "empty");
    bad(&s, "comment", json!(42), "expected a text");
}

#[test]
fn matrix_answers() {
    let s = fixture();
    ok(&s, "grid", json!({"a": 1, "b": "na"}));
    ok(&s, "grid", json!({"b": 4}));
    bad(&s, "grid", json!({"c": 1}), "unknown row");
    bad(&s, "grid", json!({"a": 5}), "outside 1 to 4");
    bad(&s, "grid", json!([1, 2]), "expected an object");
    bad(&s, "grid", json!({}), "no row");
}

#[test]
fn rank_answers() {
    let s = fixture();
    ok(&s, "order", json!(["y", "x"]));
    ok(&s, "order", json!(["z"]));
    bad(&s, "order", json!(["x", "y", "z"]), "at most 2");
    bad(&s, "order", json!(["x", "x"]), "twice");
    bad(&s, "order", json!(["w"]), "not one of the choices");
    bad(&s, "order", json!("x"), "expected a list");
}

#[test]
fn a_note_takes_no_answer() {
    let s = fixture();
    bad(&s, "info", json!(true), "no answer");
}

#[test]
fn a_whole_response_is_checked_for_required_hidden_and_unknown() {
    let s = fixture();
    let good: Map<String, Value> = json!({"role": "gov", "useful": 2, "why": "短い"})
        .as_object()
        .unwrap()
        .clone();
    assert!(check_response(&s, &good).is_empty());
    let problems = check_response(
        &s,
        json!({"useful": 4, "why": "隠れている", "nope": 1})
            .as_object()
            .unwrap(),
    );
    let text = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    assert!(text.contains("role: missing required answer"), "{text}");
    assert!(text.contains("why: answered, but the question is hidden"), "{text}");
    assert!(text.contains("unknown question \"nope\""), "{text}");
}

/// A two-question survey: `q` of the given type and fields, then `t` shown when `cond` holds.
fn conditional(q: Value, cond: Value) -> Survey {
    let mut q = q;
    q["id"] = json!("q");
    q["text"] = json!("Q");
    survey_from_value(&json!({"id": "s", "title": "S", "questions": [q, {"id": "t", "type": "yes_no", "text": "T", "show_if": cond}]}))
        .unwrap_or_else(|f| panic!("{f:?}"))
}

fn shown(s: &Survey, answer: Option<Value>) -> bool {
    let mut answers = Map::new();
    if let Some(v) = answer {
        answers.insert("q".into(), v);
    }
    visible_questions(s, &answers).contains(&1)
}

fn choice() -> Value {
    json!({"type": "single_choice", "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}], "other": true})
}

#[test]
fn equals_and_not_equals() {
    let s = conditional(choice(), json!({"question": "q", "equals": "a"}));
    assert!(shown(&s, Some(json!("a"))));
    assert!(!shown(&s, Some(json!("b"))));
    assert!(!shown(&s, None));
    let s = conditional(choice(), json!({"question": "q", "equals": "other"}));
    assert!(shown(&s, Some(json!({"other": "x"}))));
    let s = conditional(choice(), json!({"question": "q", "not_equals": "a"}));
    assert!(shown(&s, Some(json!("b"))));
    assert!(!shown(&s, Some(json!("a"))));
    assert!(!shown(&s, None), "not_equals needs an answer");
    let s = conditional(json!({"type": "yes_no"}), json!({"question": "q", "equals": false}));
    assert!(shown(&s, Some(json!(false))));
    assert!(!shown(&s, Some(json!(true))));
}

#[test]
fn in_includes_at_least_at_most() {
    let s = conditional(choice(), json!({"question": "q", "in": ["a", "other"]}));
    assert!(shown(&s, Some(json!("a"))) && shown(&s, Some(json!({"other": "x"}))) && !shown(&s, Some(json!("b"))));
    let multi =
        json!({"type": "multiple_choice", "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]});
    let s = conditional(multi.clone(), json!({"question": "q", "includes": "b"}));
    assert!(shown(&s, Some(json!(["a", "b"]))) && !shown(&s, Some(json!(["a"]))));
    let s = conditional(multi, json!({"question": "q", "at_least": 2}));
    assert!(shown(&s, Some(json!(["a", "b"]))) && !shown(&s, Some(json!(["a"]))));
    let scale = json!({"type": "scale", "min": 1, "max": 5, "allow_na": true});
    let s = conditional(scale.clone(), json!({"question": "q", "at_least": 4}));
    assert!(shown(&s, Some(json!(4))) && !shown(&s, Some(json!(3))) && !shown(&s, Some(json!("na"))));
    let s = conditional(scale, json!({"question": "q", "at_most": 2}));
    assert!(shown(&s, Some(json!(1))) && !shown(&s, Some(json!(3))) && !shown(&s, None));
    let s = conditional(
        json!({"type": "number", "integer": false}),
        json!({"question": "q", "at_least": 2.5}),
    );
    assert!(shown(&s, Some(json!(2.5))) && !shown(&s, Some(json!(2.4))));
}

#[test]
fn answered_all_any_not() {
    let s = conditional(json!({"type": "text"}), json!({"question": "q", "answered": true}));
    assert!(shown(&s, Some(json!("x"))) && !shown(&s, None));
    let s = conditional(json!({"type": "text"}), json!({"question": "q", "answered": false}));
    assert!(!shown(&s, Some(json!("x"))) && shown(&s, None));
    let s = conditional(
        choice(),
        json!({"all": [{"question": "q", "answered": true}, {"not": {"question": "q", "equals": "a"}}]}),
    );
    assert!(shown(&s, Some(json!("b"))) && !shown(&s, Some(json!("a"))) && !shown(&s, None));
    let s = conditional(
        choice(),
        json!({"any": [{"question": "q", "equals": "a"}, {"question": "q", "answered": false}]}),
    );
    assert!(shown(&s, Some(json!("a"))) && shown(&s, None) && !shown(&s, Some(json!("b"))));
}

#[test]
fn a_condition_on_a_wrongly_typed_answer_does_not_hold() {
    let c = Condition::Compare {
        question: "q".into(),
        test: koe::survey::Test::AtLeast(1.0),
    };
    let answers = json!({"q": "text, not a number"});
    let answers = answers.as_object().unwrap();
    assert!(!holds(&c, &|id: &str| answers.get(id)));
}

#[test]
fn answers_behind_a_hidden_question_are_cleared_in_a_chain() {
    let s = fixture();
    let answers = json!({"useful": 5, "why": "前は2だった"});
    assert_eq!(
        hidden_answers(&s, answers.as_object().unwrap()),
        vec!["why".to_string()]
    );
}

/// The walk, driven without a terminal: next and previous skip hidden questions, a changed answer
/// drops what it hides, the review lists no notes, and the first fault names its question.
#[test]
fn the_walk_follows_show_if_and_finds_what_needs_attention() {
    use koe::survey::answer::AnswerFault;
    use koe::survey::flow::Walk;
    let s = std::rc::Rc::new(fixture());
    let idx = |id: &str| s.question_index(id).unwrap();
    let mut w = Walk::new(s.clone(), Map::new());
    assert_eq!(w.first(), Some(0));
    assert_eq!(
        w.next(idx("useful")),
        Some(idx("again")),
        "why is hidden until useful <= 2"
    );
    assert_eq!(w.needing_attention(), Some((0, AnswerFault::Required)));
    w.set(idx("role"), Some(json!("gov")));
    w.set(idx("useful"), Some(json!(2)));
    assert_eq!(w.next(idx("useful")), Some(idx("why")));
    w.set(idx("why"), Some(json!("短い")));
    assert_eq!(w.would_hide(idx("useful"), Some(&json!(5))), vec!["why".to_string()]);
    assert_eq!(w.set(idx("useful"), Some(json!(5))), vec!["why".to_string()]);
    assert!(w.answers().get("why").is_none());
    assert_eq!(w.previous(idx("again")), Some(idx("useful")));
    assert!(!w.review_items().contains(&idx("info")), "notes are not reviewed");
    assert_eq!(w.number(idx("comment")), w.review_items().len());
    assert_eq!(w.first_open(), Some(idx("topics")));
    assert_eq!(w.needing_attention(), None);
    w.set(idx("grid"), Some(json!({"a": 9})));
    assert_eq!(
        w.needing_attention(),
        Some((
            idx("grid"),
            AnswerFault::NotAPoint {
                found: "9".into(),
                min: 1,
                max: 4
            }
        ))
    );
}
