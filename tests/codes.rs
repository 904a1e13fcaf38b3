//! Codes (themes) of free text on the fixture tests/fixtures/coded.json with coded.jsonl: seven
//! realistic council comments in sessions A and B, counted by hand below. Checked: `koe validate`'s
//! faults for every codes field, summary.csv's `QID#codes` rows, codes.csv, the crosstab by
//! session, and the workbook's コード sheet.

use std::path::{Path, PathBuf};

use koe::survey::validate::survey_from_value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn faults(codes: serde_json::Value, keywords: Option<serde_json::Value>) -> Vec<String> {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("coded.json")).unwrap()).unwrap();
    doc["codes"] = codes;
    if let Some(k) = keywords {
        doc["keywords"] = k;
    }
    match survey_from_value(&doc) {
        Ok(_) => Vec::new(),
        Err(faults) => faults.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn validate_names_each_faulty_codes_field() {
    use serde_json::json;
    assert_eq!(faults(json!([]), None), Vec::<String>::new());
    let f = faults(
        json!([
            {"id": "peer", "label": "ピア", "words": ["ピア"]},
            {"id": "peer", "label": "もう一つ", "words": ["当事者"]},
            {"id": "bad id", "label": "x", "words": ["x"]},
            {"id": "a", "words": ["x"]},
            {"id": "b", "label": {"en": "B"}, "words": ["x"]},
            {"id": "c", "label": "x", "question": "role", "words": ["x"]},
            {"id": "d", "label": "x", "question": "nope", "words": ["x"]},
            {"id": "e", "label": "x"},
            {"id": "f", "label": "x", "words": []},
            {"id": "g", "label": "x", "words": ["ok", "", 3]},
            {"id": "h", "label": "x", "words": "ピア"},
            {"id": "i", "label": "x", "word": ["x"], "words": ["x"]},
            "peer"
        ]),
        Some(json!({"extra_words": ["協議の場", " "], "ignore_words": ["協議の場"], "stop": []})),
    );
    let expected = [
        r#"codes[1].id: code id "peer" is used twice"#,
        r#"codes[2].id: id "bad id" may use only letters A-Z a-z, digits, "_" and "-", at most 64 of them"#,
        r#"codes[3]: missing field "label""#,
        r#"codes[4].label: missing text for the default language "ja""#,
        r#"codes[5].question: codes sort the answers of text questions; "role" is single_choice"#,
        r#"codes[6].question: unknown question "nope" (text questions: good, next)"#,
        r#"codes[7]: missing field "words""#,
        r#"codes[8].words: list at least one word (an answer containing one of them gets this code)"#,
        r#"codes[9].words[1]: an empty word would be found in every answer; write a word"#,
        r#"codes[9].words[2]: expected a word (a string), found 3"#,
        r#"codes[10].words: expected a list of words, found "ピア""#,
        r#"codes[11].word: unknown field "word" (did you mean "words"?)"#,
        r#"codes[12]: expected a code (an object), found "peer""#,
        r#"keywords.stop: unknown field "stop" (expected one of: extra_words, ignore_words)"#,
        r#"keywords.extra_words[1]: an empty word would be found in every answer; write a word"#,
        r#"keywords.ignore_words[0]: "協議の場" is also in extra_words; keep it in one of the two"#,
    ];
    for e in expected {
        assert!(f.contains(&e.to_string()), "missing {e}\nin {f:#?}");
    }
    assert_eq!(f.len(), expected.len(), "{f:#?}");
    assert_eq!(
        faults(json!({"id": "a"}), None),
        ["codes: expected a list of codes, found an object"]
    );
}

#[test]
fn a_code_for_every_question_needs_a_text_question() {
    let doc = serde_json::json!({
        "id": "t", "title": "t",
        "questions": [{"id": "ok", "type": "yes_no", "text": "よい"}],
        "codes": [{"id": "a", "label": "A", "words": ["x"]}]
    });
    let f: Vec<String> = survey_from_value(&doc)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(f, ["codes[0]: the survey has no text question for this code to sort"]);
}
