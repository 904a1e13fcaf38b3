use super::*;

fn has(terms: &[(String, Pos)], term: &str, pos: Pos) -> bool {
    terms.iter().any(|(t, p)| t == term && *p == pos)
}

#[test]
fn the_included_dictionary_loads() {
    assert!(dictionary::tokenizer().is_ok());
    assert!(dictionary::ready().is_some());
}

#[test]
fn the_fields_words_are_whole_compound_terms() {
    let v = Vocabulary::default();
    let t = terms_with(
        "精神科病院からの地域移行支援について、ピアサポーターの活動が当事者にとって励みになった",
        &v,
    );
    for term in ["精神科病院", "地域移行支援"] {
        assert!(has(&t, term, Pos::Compound), "{term} in {t:?}");
    }
    assert!(t.iter().any(|(x, _)| x == "ピアサポーター"), "{t:?}");
    assert!(t.iter().any(|(x, _)| x == "当事者"), "{t:?}");
    assert!(has(&t, "活動", Pos::Noun), "{t:?}");
    for half in ["精神", "病院", "地域", "移行", "支援", "ピア"] {
        assert!(!t.iter().any(|(x, _)| x == half), "{half} in {t:?}");
    }
    let t = terms_with("相談支援事業所と協議の場で情報共有ができた", &v);
    assert!(has(&t, "相談支援事業所", Pos::Compound), "{t:?}");
    assert!(has(&t, "情報共有", Pos::Compound), "{t:?}");
    let t = terms_with("措置入院者の退院後支援について話し合った", &v);
    assert!(t.iter().any(|(x, _)| x.starts_with("措置入院者")), "{t:?}");
    assert!(has(&t, "話し合う", Pos::Verb), "{t:?}");
}

#[test]
fn verbs_and_adjectives_count_in_their_dictionary_form() {
    let t = terms_with(
        "家族の不安が大きく、関係者で話し合っていた。説明が分かりやすかった",
        &Vocabulary::default(),
    );
    assert!(has(&t, "話し合う", Pos::Verb), "{t:?}");
    assert!(has(&t, "大きい", Pos::Adjective), "{t:?}");
    assert!(!t.iter().any(|(x, _)| x == "話し合っ" || x == "大きく"), "{t:?}");
}

#[test]
fn no_single_character_empty_word_particle_or_number() {
    let t = terms(
        "ケース会議で、地域の連携が進んだ。3回開催しました！方針を決めることができたと思う。それもよいと言われた",
    );
    for (term, _) in terms_with("ケース会議で、地域の連携が進んだ。", &Vocabulary::default()) {
        assert!(t.contains(&term));
    }
    for bad in [
        "で",
        "、",
        "の",
        "が",
        "。",
        "3",
        "3回",
        "回",
        "！",
        "ました",
        "する",
        "できる",
        "思う",
        "こと",
        "それ",
        "言う",
        "方",
    ] {
        assert!(!t.contains(&bad.to_string()), "{bad:?} in {t:?}");
    }
    for term in &t {
        assert!(term.chars().count() >= 2, "{term:?} in {t:?}");
    }
}

#[test]
fn symbols_never_join_a_compound() {
    let t = terms(r#"資料が多い、"引用",カンマ【研修】★地域移行★"#);
    for term in &t {
        assert!(term.chars().all(char::is_alphanumeric), "{term:?} in {t:?}");
    }
    assert!(
        t.contains(&"引用".to_string()) && t.contains(&"カンマ".to_string()),
        "{t:?}"
    );
}

#[test]
fn latin_words_are_lower_cased_without_stop_words() {
    assert_eq!(
        terms("The Peer support was GREAT, peer support!"),
        vec!["peer", "support", "great"]
    );
    assert_eq!(terms("ＰＳＷと連携"), terms("PSWと連携"));
    assert!(terms("PSWと連携").contains(&"psw".to_string()));
}

#[test]
fn a_surveys_extra_words_are_kept_whole_and_ignored_words_left_out() {
    let v = Vocabulary::new(
        &["協議の場".to_string(), "にも包括".to_string(), "場".to_string()],
        &["取組".to_string()],
    );
    let t = terms_with("にも包括の協議の場で取組を共有した。場の雰囲気", &v);
    assert!(has(&t, "協議の場", Pos::Word), "{t:?}");
    assert!(has(&t, "にも包括", Pos::Word), "{t:?}");
    assert!(has(&t, "場", Pos::Word), "an extra word of one character counts: {t:?}");
    assert!(!t.iter().any(|(x, _)| x == "取組" || x == "協議"), "{t:?}");
    assert!(t.iter().any(|(x, _)| x == "共有"), "{t:?}");
    assert_ne!(version_of(&v), VERSION);
    assert_eq!(version_of(&Vocabulary::default()), VERSION);
}

#[test]
fn the_terms_place_in_the_answer_is_as_typed() {
    let answer = "ｹｰｽ会議とＰＳＷの連携";
    let mut found = Vec::new();
    analyse(answer, &Vocabulary::default(), |t, _, r| {
        found.push((t.to_string(), answer[r].to_string()))
    });
    assert!(
        found.contains(&("ケース会議".to_string(), "ｹｰｽ会議".to_string())),
        "{found:?}"
    );
    assert!(found.contains(&("psw".to_string(), "ＰＳＷ".to_string())), "{found:?}");
}

#[test]
fn odd_input_never_panics() {
    let long = "地域移行支援".repeat(2000) + "。" + &"あ".repeat(5000);
    for text in [
        "",
        " ",
        "\u{0}\u{7}\t\r\n",
        "ｶﾞｷﾞｸﾞ\u{3099}\u{309A}",
        "\u{1F600}😀𠮷野家",
        "\u{FEFF}\u{200B}\u{202E}テスト",
        "a\u{301}\u{302}\u{303}",
        long.as_str(),
    ] {
        let _ = terms(text);
        let mut n = 0;
        analyse(text, &Vocabulary::new(&["あ".to_string()], &[]), |_, _, r| {
            assert!(text.get(r).is_some());
            n += 1;
        });
    }
}

#[test]
fn a_response_stores_tagged_terms_for_its_texts_only() {
    let survey = crate::survey::validate::survey_from_value(&serde_json::json!({
        "id": "t", "title": "t", "questions": [
            {"id": "role", "type": "single_choice", "text": "所属", "other": true,
             "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
            {"id": "c", "type": "text", "text": "感想"},
            {"id": "n", "type": "number", "text": "人数"}
        ]
    }))
    .unwrap();
    let answers = serde_json::json!({"role": {"other": "家族会"}, "c": "ピアサポーターの研修", "n": 3});
    let stored = of_response(&survey, answers.as_object().unwrap());
    let back: std::collections::HashMap<String, Vec<String>> = serde_json::from_str(&stored).unwrap();
    assert_eq!(back.len(), 2, "{stored}");
    let untagged: Vec<String> = back["c"].iter().map(|t| Pos::untag(t).1.to_string()).collect();
    assert_eq!(untagged, terms("ピアサポーターの研修"));
    assert!(
        back["c"]
            .iter()
            .all(|t| t.is_ascii() || t.as_bytes()[0].is_ascii_lowercase())
    );
    let plain = serde_json::json!({"role": "a"});
    assert_eq!(of_response(&survey, plain.as_object().unwrap()), "{}");
}

#[test]
fn the_characters_taken_as_normalized_are() {
    let fast = (' '..='~')
        .chain(['\n', '\u{3001}', '\u{3002}', '\u{30FC}'])
        .chain('\u{3041}'..='\u{3096}')
        .chain('\u{30A1}'..='\u{30FA}')
        .chain('\u{4E00}'..='\u{9FFF}');
    for c in fast {
        assert!(is_nfkc_by_itself(c), "{c:?}");
        let alone = c.to_string();
        assert_eq!(alone.nfkc().collect::<String>(), alone, "{c:?}");
        assert_eq!(
            unicode_normalization::is_nfkc_quick(alone.chars()),
            unicode_normalization::IsNormalized::Yes,
            "{c:?}"
        );
    }
    for c in ['\u{3099}', '\u{309B}', '\u{FF01}', '\u{FF76}', '\u{F900}', '\u{2460}'] {
        assert!(!is_nfkc_by_itself(c), "{c:?}");
    }
}
