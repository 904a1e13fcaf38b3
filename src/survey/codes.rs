//! The one rule that sorts free-text answers into codes (themes), used by every view of them: the
//! `QID#codes` items of summary.csv and the crosstabs, codes.csv, the workbook's コード sheet and
//! the results screen.
//!
//! An answer matches a code when, after NFKC normalisation and lower-casing of both, it contains
//! one of the code's words as a substring: so ＰＳＷ, PSW and psw are one word, and so are ｹｰｽ and
//! ケース. A code applies to its `question`, or without one to every text question (never to the
//! "other" text of a choice question, which answers something else).

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_segmentation::UnicodeSegmentation;

use super::model::{Kind, Survey};

/// The option (`option_value`) of a text answer that matches none of its question's codes.
pub const NO_CODE: &str = "#none";

/// A text as codes compare it: NFKC, then lower case. Most answers (kana, kanji, plain ASCII in
/// lower case) are already so and are not copied.
pub fn normalize(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
    }
    let nfkc: Cow<str> = if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    };
    if nfkc.chars().any(char::is_uppercase) {
        Cow::Owned(nfkc.to_lowercase())
    } else {
        nfkc
    }
}

/// The codes that sort one text question's answers, their words normalized once.
#[derive(Clone, Debug, PartialEq)]
pub struct Matcher {
    /// Indexes into the survey's `codes`, in the survey's order.
    codes: Vec<usize>,
    /// Each code's words, normalized, without repeats.
    words: Vec<Vec<String>>,
}

impl Matcher {
    /// The codes of the question `qid`; `None` when it is not a text question or no code applies
    /// to it.
    pub fn for_question(survey: &Survey, qid: &str) -> Option<Matcher> {
        let q = survey.question(qid)?;
        if !matches!(q.kind, Kind::Text { .. }) {
            return None;
        }
        let mut codes = Vec::new();
        let mut words = Vec::new();
        for (i, c) in survey.codes.iter().enumerate().filter(|(_, c)| c.applies_to(qid)) {
            let mut ws: Vec<String> = Vec::new();
            for w in &c.words {
                let w = normalize(w).into_owned();
                if !w.is_empty() && !ws.contains(&w) {
                    ws.push(w);
                }
            }
            codes.push(i);
            words.push(ws);
        }
        (!codes.is_empty()).then_some(Matcher { codes, words })
    }

    /// The survey's codes this matcher sorts into (indexes into `survey.codes`).
    pub fn codes(&self) -> &[usize] {
        &self.codes
    }

    /// The codes an answer matches, as positions in [`Matcher::codes`], pushed to `out` in order.
    /// Called for every text answer of an export: normalizes the answer once.
    pub fn matches(&self, text: &str, out: &mut Vec<usize>) {
        let text = normalize(text);
        for (i, words) in self.words.iter().enumerate() {
            if words.iter().any(|w| text.contains(w.as_str())) {
                out.push(i);
            }
        }
    }

    /// Whether an answer matches the code at position `code` of [`Matcher::codes`].
    pub fn is_match(&self, text: &str, code: usize) -> bool {
        let text = normalize(text);
        self.words
            .get(code)
            .is_some_and(|ws| ws.iter().any(|w| text.contains(w.as_str())))
    }

    /// Where the words of the code at position `code` stand in an answer (byte ranges of the
    /// answer as typed), for highlighting them.
    pub fn places(&self, text: &str, code: usize) -> Vec<Range<usize>> {
        let words: Vec<&str> = self
            .words
            .get(code)
            .map(|ws| ws.iter().map(String::as_str).collect())
            .unwrap_or_default();
        places(text, &words)
    }
}

/// Where any of `needles` (already normalized) stands in `text`, compared as codes compare
/// (NFKC, lower case), as byte ranges of `text` as typed, in order and not overlapping.
///
/// Normalization can change lengths (ｶﾞ becomes ガ, ㈱ becomes (株)), so each grapheme is
/// normalized on its own and remembers where it came from; a match is widened to whole graphemes.
pub fn places(text: &str, needles: &[&str]) -> Vec<Range<usize>> {
    let needles: Vec<&str> = needles.iter().copied().filter(|n| !n.is_empty()).collect();
    if needles.is_empty() {
        return Vec::new();
    }
    let mut norm = String::with_capacity(text.len());
    // For each grapheme: (start in `norm`, its range in `text`).
    let mut map: Vec<(usize, Range<usize>)> = Vec::new();
    for (at, g) in text.grapheme_indices(true) {
        map.push((norm.len(), at..at + g.len()));
        norm.push_str(&normalize(g));
    }
    // The grapheme holding byte `b` of `norm`.
    let grapheme_at = |b: usize| map.partition_point(|(start, _)| *start <= b).saturating_sub(1);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    while from < norm.len() {
        let next = needles
            .iter()
            .filter_map(|n| norm[from..].find(n).map(|i| (from + i, n.len())))
            // The earliest match, the longest at one place.
            .min_by_key(|&(i, len)| (i, usize::MAX - len));
        let Some((i, len)) = next else { break };
        let (first, last) = (grapheme_at(i), grapheme_at(i + len - 1));
        let range = map[first].1.start..map[last].1.end;
        match out.last_mut() {
            Some(prev) if prev.end >= range.start => prev.end = prev.end.max(range.end),
            _ => out.push(range),
        }
        from = map.get(last + 1).map_or(norm.len(), |(start, _)| *start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey() -> Survey {
        crate::survey::validate::survey_from_value(&serde_json::json!({
            "id": "t", "title": "t", "questions": [
                {"id": "role", "type": "single_choice", "text": "所属", "other": true,
                 "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
                {"id": "c", "type": "text", "text": "感想"},
                {"id": "d", "type": "text", "text": "要望"}
            ],
            "codes": [
                {"id": "peer", "label": "ピアサポート", "words": ["ピア", "当事者", "PSW"]},
                {"id": "move", "label": "地域移行", "question": "d", "words": ["退院", "地域移行"]}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn a_code_applies_to_its_question_or_to_every_text_question() {
        let s = survey();
        assert_eq!(Matcher::for_question(&s, "c").unwrap().codes(), &[0]);
        assert_eq!(Matcher::for_question(&s, "d").unwrap().codes(), &[0, 1]);
        assert!(Matcher::for_question(&s, "role").is_none(), "not to other texts");
    }

    #[test]
    fn matching_ignores_width_and_case() {
        let m = Matcher::for_question(&survey(), "d").unwrap();
        let mut hits = Vec::new();
        m.matches("ＰＳＷさんと退院後の生活を相談", &mut hits);
        assert_eq!(hits, vec![0, 1]);
        hits.clear();
        m.matches("psw", &mut hits);
        assert_eq!(hits, vec![0]);
        hits.clear();
        m.matches("ﾋﾟｱの集まり", &mut hits);
        assert_eq!(hits, vec![0], "half-width katakana is the same word");
        hits.clear();
        m.matches("家族の会", &mut hits);
        assert!(hits.is_empty());
    }

    #[test]
    fn places_are_ranges_of_the_text_as_typed() {
        let text = "ﾋﾟｱとＰＳＷとピア";
        let found = places(text, &["ピア", "psw"]);
        let pieces: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces, vec!["ﾋﾟｱ", "ＰＳＷ", "ピア"]);
        assert!(places("なにもない", &["ピア"]).is_empty());
        assert!(places("abc", &[""]).is_empty());
    }
}
