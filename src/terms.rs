//! The keyword terms of one free-text answer, computed once when the answer is stored (the kiosk's
//! save, an import) and kept with the response, so that an export and the results screen only
//! count them; see `tally::keywords`.
//!
//! Japanese is split into words by TinySegmenter (`tiniestsegmenter`, pure Rust, no dictionary to
//! download). Runs of Latin letters are lower-cased words. Particles, punctuation, numbers,
//! hiragana-only fragments and common English stop words are left out.

use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

use crate::survey::answer::free_text;
use crate::survey::{Question, Survey};

/// The segmenter's version: stored with each response's terms. Raise it whenever a change here
/// (the segmenter crate, the filters) can change a term, so that terms stored by an older koe are
/// not counted beside new ones: responses whose terms have another version are segmented anew by
/// the tallies.
pub const VERSION: i64 = 1;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "we", "were", "with", "you", "our", "my", "me", "they",
    "their", "there", "so", "if", "not", "no", "do", "did", "can", "will", "would", "should", "very", "more", "also",
];

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{309F}').contains(&c) || c == 'ー'
}

/// Letters and digits. Kana and the common CJK ideographs, most of what is segmented, are
/// recognised by their ranges first: the general Unicode lookup behind `is_alphanumeric` is a
/// measurable part of an export's keyword time.
fn is_word_char(c: char) -> bool {
    is_kana_or_kanji(c) || c.is_alphanumeric()
}

/// Hiragana, katakana and the common CJK ideographs: letters, never digits.
fn is_kana_or_kanji(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}')
}

/// Digits and other numerals (full-width, circled, Roman…); kana and kanji are settled by their
/// ranges first, as in [`is_word_char`].
fn is_numeral(c: char) -> bool {
    !is_kana_or_kanji(c) && c.is_numeric()
}

/// Characters that NFKC leaves as they are and that no two of combine (printable ASCII, the kana
/// and the common CJK ideographs, the ideographic comma and full stop, the long-vowel mark), so a
/// text made only of them is already normalized: most of what is typed. Checked before the
/// general quick check, which looks every character up in Unicode's tables.
fn is_nfkc_by_itself(c: char) -> bool {
    matches!(c, ' '..='~' | '\n' | '\u{3001}' | '\u{3002}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// The distinct terms of one answer, in order of first use.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.to_string()));
    out
}

/// Calls `f` once for each distinct term of an answer, in order of first use.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    // NFKC: full-width Latin and digits become ASCII, half-width katakana full-width, so that
    // ＰＳＷ and PSW, ｹｰｽ and ケース are one term. Most answers need no change: no copy then.
    let normalized: std::borrow::Cow<str> = if text.chars().all(is_nfkc_by_itself)
        || unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text.into()
    } else {
        text.nfkc().collect::<String>().into()
    };
    // An answer has few terms: a linear check beats hashing them.
    let mut seen: Vec<std::borrow::Cow<str>> = Vec::new();
    for token in tiniestsegmenter::tokenize(&normalized) {
        let Some(term) = term_of(token.trim()) else { continue };
        if !seen.contains(&term) {
            f(&term);
            seen.push(term);
        }
    }
}

/// The term a token stands for, or `None` for particles, punctuation, numbers and the like.
fn term_of(token: &str) -> Option<std::borrow::Cow<'_, str>> {
    // Punctuation stuck to a word ("=SUM(", "「研修」") is not part of it.
    let token = token.trim_matches(|c: char| !is_word_char(c));
    if token.is_empty() {
        return None; // punctuation, symbols, spaces
    }
    if token
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '\'' || c == '-')
    {
        let word = token.to_ascii_lowercase();
        if word.chars().all(|c| c.is_ascii_digit()) || word.len() < 2 || STOP_WORDS.contains(&word.as_str()) {
            return None;
        }
        return Some(word.into());
    }
    if token.chars().all(|c| is_hiragana(c) || !is_word_char(c)) {
        return None; // particles and other hiragana-only fragments
    }
    if token
        .chars()
        .all(|c| is_numeral(c) || !is_word_char(c) || "年月日回件人歳時分".contains(c))
    {
        return None; // numbers, with or without a counter
    }
    if token.chars().count() < 2 && !token.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return None; // a lone katakana or symbol-like fragment
    }
    Some(token.into())
}

/// The stored terms of one answer to `question`: `Some` (possibly empty) for an answer holding
/// free text (a text question, an "other"), `None` for every other answer.
pub fn of_answer(question: &Question, value: &Value) -> Option<Vec<String>> {
    free_text(&question.kind, value).map(terms)
}

/// The stored terms of a whole response, as JSON (question id → its terms, in question order):
/// every answer holding free text has an entry. Written as the terms are found, without building
/// them as values first: an import does this for every line.
pub fn of_response(survey: &Survey, answers: &Map<String, Value>) -> String {
    let mut out: Vec<u8> = vec![b'{'];
    // Writing JSON strings to memory cannot fail.
    let string = |out: &mut Vec<u8>, s: &str| {
        let _ = serde_json::to_writer(out, s);
    };
    for q in &survey.questions {
        let Some(text) = answers.get(&q.id).and_then(|v| free_text(&q.kind, v)) else {
            continue;
        };
        if out.len() > 1 {
            out.push(b',');
        }
        string(&mut out, &q.id);
        out.extend_from_slice(b":[");
        let mut first = true;
        for_each_term(text, |term| {
            if !first {
                out.push(b',');
            }
            first = false;
            string(&mut out, term);
        });
        out.push(b']');
    }
    out.push(b'}');
    String::from_utf8(out).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_ranges_are_letters() {
        for c in ('\u{3041}'..='\u{3096}')
            .chain('\u{30A1}'..='\u{30FA}')
            .chain('\u{4E00}'..='\u{9FFF}')
        {
            assert!(c.is_alphanumeric(), "{c:?}");
            assert!(!c.is_numeric(), "{c:?}");
        }
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
            // No NFKC composition starts from it either: it is not followed by a combining mark
            // in a text that takes the fast path, since no combining mark is in the fast set.
            assert_eq!(
                unicode_normalization::is_nfkc_quick(alone.chars()),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
        }
        for c in ['\u{3099}', '\u{309B}', '\u{FF01}', '\u{FF76}', '\u{F900}', '\u{2460}'] {
            assert!(!is_nfkc_by_itself(c), "{c:?}");
        }
        // Full-width Latin still becomes ASCII, half-width katakana full-width.
        assert_eq!(terms("ＰＳＷとｹｰｽ会議"), terms("PSWとケース会議"));
    }

    #[test]
    fn a_response_stores_terms_for_its_texts_only() {
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
        assert_eq!(back["c"], terms("ピアサポーターの研修"));
        assert_eq!(back["role"], terms("家族会"));
        let plain = serde_json::json!({"role": "a"});
        assert_eq!(of_response(&survey, plain.as_object().unwrap()), "{}");
    }
}
