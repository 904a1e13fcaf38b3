//! A bounded fuzz run in every `cargo test` (so in CI): mutated survey files and mutated JSON
//! Lines must give a clear error or a result, never a panic. 256 cases of each of three kinds a
//! run (survey bytes, survey structure, JSONL bytes), checked without a database: about a second.

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use koe::store::import::check;
use koe::survey::Survey;
use koe::survey::load::parse_bytes;
use koe::survey::validate::survey_from_value;

fn every_type_text() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/every-type.json")).unwrap()
}

fn every_type() -> Survey {
    parse_bytes(Path::new("every-type.json"), &every_type_text()).unwrap()
}

fn jsonl_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/every-type.jsonl")).unwrap()
}

/// One edit of a byte string: overwrite, insert or delete at a position (taken modulo the length).
#[derive(Clone, Debug)]
enum Edit {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let fragment = prop_oneof![
        Just(b"\"".to_vec()),
        Just(b"{".to_vec()),
        Just(b"]".to_vec()),
        Just(b",".to_vec()),
        Just(b"null".to_vec()),
        Just(b"-1e309".to_vec()),
        Just(b"\\u0000".to_vec()),
        Just("\u{1b}]0;x\u{7}".as_bytes().to_vec()),
        Just("\u{202e}".as_bytes().to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just("あ".as_bytes().to_vec()),
        Just(b"\n".to_vec()),
        prop::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), fragment).prop_map(|(i, f)| Edit::Insert(i, f)),
        (any::<usize>(), 1..16usize).prop_map(|(i, n)| Edit::Delete(i, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match e {
            Edit::Set(i, b) if !bytes.is_empty() => bytes[i % len] = *b,
            Edit::Set(..) => {}
            Edit::Insert(i, f) => {
                let at = i % (bytes.len() + 1);
                bytes.splice(at..at, f.iter().copied());
            }
            Edit::Delete(i, n) => {
                let at = i % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
        }
    }
    bytes
}

/// A JSON value that a mutated field may take.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-z_]{0,12}".prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::from),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        Just(serde_json::json!({"question": "role", "equals": "gov"})),
        Just(serde_json::json!([{"value": "a", "label": "A"}, {"value": "a", "label": "B"}])),
    ]
}

/// Replaces the node at a pseudo-random path (chosen by `picks`) with `with`.
fn replace_somewhere(v: &mut Value, picks: &[usize], with: Value) {
    let Some((&p, rest)) = picks.split_first() else {
        *v = with;
        return;
    };
    match v {
        Value::Object(m) if !m.is_empty() => {
            let key = m.keys().nth(p % m.len()).cloned().unwrap();
            replace_somewhere(m.get_mut(&key).unwrap(), rest, with);
        }
        Value::Array(a) if !a.is_empty() => {
            let len = a.len();
            replace_somewhere(&mut a[p % len], rest, with);
        }
        _ => *v = with,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_survey_bytes_give_a_survey_or_named_faults(edits in prop::collection::vec(edit(), 1..6)) {
        let bytes = apply(every_type_text(), &edits);
        match parse_bytes(Path::new("m.json"), &bytes) {
            Ok(_) => {}
            Err(e) => {
                let lines = e.lines();
                prop_assert!(!lines.is_empty());
                for l in lines {
                    prop_assert!(l.starts_with("m.json"), "{}", l);
                }
            }
        }
    }

    #[test]
    fn mutated_survey_structure_gives_a_survey_or_faults_with_paths(
        changes in prop::collection::vec((prop::collection::vec(any::<usize>(), 1..6), odd_value()), 1..4)
    ) {
        let mut doc: Value = serde_json::from_slice(&every_type_text()).unwrap();
        for (picks, with) in changes {
            replace_somewhere(&mut doc, &picks, with);
        }
        if let Err(faults) = survey_from_value(&doc) {
            prop_assert!(!faults.is_empty());
            for f in faults {
                prop_assert!(!f.to_string().contains('\n'), "{}", f);
            }
        }
    }

    #[test]
    fn mutated_jsonl_is_checked_line_by_line_without_panicking(edits in prop::collection::vec(edit(), 1..8)) {
        let survey = every_type();
        let bytes = apply(jsonl_text().into_bytes(), &edits);
        let lines_in_file = bytes.split(|b| *b == b'\n').count();
        let mut bad = Vec::new();
        let result = check(None, &survey, bytes.as_slice(), "s", |e| bad.push(e));
        match result {
            Ok(_) => prop_assert!(bad.is_empty()),
            Err(_) => {
                for e in &bad {
                    prop_assert!(e.line >= 1 && e.line <= lines_in_file, "line {} of {}", e.line, lines_in_file);
                    prop_assert!(!e.message.en.is_empty() && !e.message.ja.is_empty());
                }
            }
        }
    }
}
