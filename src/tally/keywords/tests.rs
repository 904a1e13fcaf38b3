use super::*;
use proptest::prelude::*;

#[test]
fn a_term_counts_once_per_answer_and_ties_keep_the_first_seen() {
    let mut k = Keywords::default();
    k.add("研修、研修、家族支援");
    k.add("研修が役に立った");
    k.add("家族支援と研修");
    let top = k.top_terms();
    assert_eq!(top[0].term, "研修");
    assert_eq!(top[0].responses, 3);
    assert_eq!(top[1].term, "家族支援");
    assert_eq!(top[1].pos, Pos::Compound);
    assert_eq!(top[1].responses, 2);
}

#[test]
fn stored_terms_are_counted_as_the_analysis_would() {
    let text = "ピアサポーターの活動が当事者にとって励みになった";
    let mut stored = Vec::new();
    for_each_term(text, &Vocabulary::default(), |t| stored.push(t.to_string()));
    let (mut a, mut b) = (Keywords::default(), Keywords::default());
    a.add_response("r1", text, Some(&stored));
    b.add_response("r1", text, None);
    assert_eq!(a.top(), b.top());
    let ta = a.top_terms();
    let tb = b.top_terms();
    assert_eq!(a.kwic(&ta[0]), b.kwic(&tb[0]));
    assert!(!a.kwic(&ta[0]).is_empty());
}

#[test]
fn kwic_shows_each_occurrence_with_twenty_characters_around_it() {
    let mut k = Keywords::default();
    let text = "一二三四五六七八九十一二三四五六七八九十一二三四五\n当事者の声を聞いた。\r\n当事者";
    k.add_response("r1", text, None);
    let top = k.top_terms();
    let t = top.iter().find(|t| t.term == "当事者").unwrap();
    let rows = k.kwic(t);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].response_id, "r1");
    assert_eq!(
        rows[0].left, "七八九十一二三四五六七八九十一二三四五 ",
        "20 characters, the line break one"
    );
    assert_eq!(rows[0].matched, "当事者");
    assert_eq!(rows[0].right, "の声を聞いた。 当事者");
    assert_eq!(rows[1].left.chars().count(), KWIC_CONTEXT);
    assert!(rows[1].left.ends_with(" 当事者の声を聞いた。 "), "{:?}", rows[1].left);
    assert_eq!(rows[1].right, "");
}

#[test]
fn kwic_keeps_at_most_a_hundred_rows_a_term_in_response_order() {
    let mut k = Keywords::default();
    for i in 0..150 {
        k.add_response(&format!("r{i}"), "相談支援事業所と連携した", None);
    }
    let top = k.top_terms();
    let rows = k.kwic(&top[0]);
    assert_eq!(rows.len(), KWIC_PER_TERM);
    assert_eq!(rows[0].response_id, "r0");
    assert_eq!(rows[99].response_id, "r99");
}

#[test]
fn jaccard_matches_a_hand_count() {
    // 研修: answers 1,2,3,4 · 家族支援: 1,2,5 · 当事者: 3,6
    let answers = [
        "研修と家族支援",
        "家族支援の研修",
        "研修で当事者",
        "研修",
        "家族支援",
        "当事者",
    ];
    let mut k = Keywords::default();
    for (i, a) in answers.iter().enumerate() {
        k.add_response(&i.to_string(), a, None);
    }
    let top = k.top_terms();
    let names: Vec<&str> = top.iter().map(|t| t.term).collect();
    assert_eq!(names, ["研修", "家族支援", "当事者"]);
    let pairs = k.pairs(&top);
    // 研修 & 家族支援: both 2, either 4+3-2 = 5 → 0.400; 研修 & 当事者: both 1 (< 2) → left out.
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!((pairs[0].term_a, pairs[0].term_b), ("研修", "家族支援"));
    assert_eq!(pairs[0].responses, 2);
    assert_eq!(pairs[0].jaccard(), "0.400");
    let two_thirds = Pair {
        term_a: "a",
        term_b: "b",
        responses: 2,
        either: 3,
    };
    assert_eq!(two_thirds.jaccard(), "0.667");
    let half_up = Pair {
        term_a: "a",
        term_b: "b",
        responses: 1,
        either: 2000,
    };
    assert_eq!(half_up.jaccard(), "0.001", "0.0005 rounds half away from zero");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `left + match + right` is always a piece of the answer (with its line breaks as spaces).
    #[test]
    fn kwic_is_a_piece_of_the_answer(parts in proptest::collection::vec(
        prop_oneof![
            Just("地域移行支援"), Just("ピアサポーター"), Just("の"), Just("、"), Just("\n"), Just("\r\n"),
            Just("当事者"), Just("ｹｰｽ会議"), Just("ＰＳＷ"), Just("が"), Just("話し合った"), Just("。"),
            Just(" "), Just("精神科病院"), Just("😀"), Just("ｶﾞ"), Just("\u{3099}"), Just("x"),
        ],
        0..40,
    )) {
        let text: String = parts.concat();
        let mut k = Keywords::default();
        k.add_response("r", &text, None);
        let whole = one_line(&text);
        for top in k.top_terms() {
            for row in k.kwic(&top) {
                let piece = format!("{}{}{}", row.left, row.matched, row.right);
                prop_assert!(whole.contains(&piece), "{piece:?} not in {whole:?}");
                prop_assert!(row.left.chars().count() <= KWIC_CONTEXT);
                prop_assert!(row.right.chars().count() <= KWIC_CONTEXT);
                prop_assert!(!row.matched.is_empty());
            }
        }
    }
}
