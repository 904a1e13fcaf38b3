//! A summary of free text: the terms that recur across the answers to one question.
//!
//! Japanese is split into words by TinySegmenter (`tiniestsegmenter`, pure Rust, no dictionary to
//! download). Runs of Latin letters are lower-cased words. Particles, punctuation, numbers,
//! hiragana-only fragments and common English stop words are left out; each answer counts a term
//! once, however often it repeats it.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// The most terms kept per question in keywords.csv.
pub const TOP: usize = 30;

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
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}') || c.is_alphanumeric()
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
    let normalized: std::borrow::Cow<str> =
        if unicode_normalization::is_nfkc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
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
        .all(|c| c.is_numeric() || !is_word_char(c) || "年月日回件人歳時分".contains(c))
    {
        return None; // numbers, with or without a counter
    }
    if token.chars().count() < 2 && !token.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        return None; // a lone katakana or symbol-like fragment
    }
    Some(token.into())
}

/// Term counts of one question's answers.
#[derive(Clone, Debug, Default)]
pub struct Keywords {
    /// Answers seen (the base of `percent`).
    pub answers: u64,
    terms: HashMap<String, (u64, String)>,
}

/// The longest example kept, in characters.
const EXAMPLE: usize = 60;

impl Keywords {
    pub fn add(&mut self, text: &str) {
        self.answers += 1;
        let short = || text.chars().take(EXAMPLE).collect::<String>();
        let length = text.chars().count().min(EXAMPLE);
        let terms = &mut self.terms;
        for_each_term(text, |term| match terms.get_mut(term) {
            Some((n, example)) => {
                *n += 1;
                // Keep the shortest answer as the example: the easiest to read at a glance.
                if length < example.chars().count() {
                    *example = short();
                }
            }
            None => {
                terms.insert(term.to_string(), (1, short()));
            }
        });
    }

    /// The most frequent terms (ties by term), at most [`TOP`]; a term must recur (≥ 2 answers)
    /// unless there are few answers.
    pub fn top(&self) -> Vec<(&str, u64, &str)> {
        let min = if self.answers >= 5 { 2 } else { 1 };
        let mut all: Vec<(&str, u64, &str)> = self
            .terms
            .iter()
            .filter(|(_, (n, _))| *n >= min)
            .map(|(t, (n, ex))| (t.as_str(), *n, ex.as_str()))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        all.truncate(TOP);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_punctuation_and_numbers_are_not_terms() {
        let t = terms("ケース会議で、地域の連携が進んだ。3回開催しました！");
        assert!(
            t.contains(&"ケース".to_string()) || t.iter().any(|x| x.contains("ケース")),
            "{t:?}"
        );
        for bad in ["で", "、", "の", "が", "。", "3", "3回", "！", "ました"] {
            assert!(!t.contains(&bad.to_string()), "{bad:?} in {t:?}");
        }
    }

    #[test]
    fn english_words_are_lower_cased_without_stop_words() {
        assert_eq!(
            terms("The Peer support was GREAT, peer support!"),
            vec!["peer", "support", "great"]
        );
    }

    #[test]
    fn the_fast_ranges_are_letters() {
        for c in ('\u{3041}'..='\u{3096}')
            .chain('\u{30A1}'..='\u{30FA}')
            .chain('\u{4E00}'..='\u{9FFF}')
        {
            assert!(c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn a_term_counts_once_per_answer() {
        let mut k = Keywords::default();
        k.add("研修研修研修");
        k.add("研修が良い");
        k.add("家族支援");
        let top = k.top();
        assert_eq!(top[0].0, "研修");
        assert_eq!(top[0].1, 2);
    }
}
