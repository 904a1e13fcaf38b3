//! A summary of free text: the terms that recur across the answers to one question.
//!
//! The terms of one answer come from [`crate::terms`] (usually stored with the response when it
//! was saved or imported); here they are only counted. Each answer counts a term once, however
//! often it repeats it.

use std::collections::HashMap;

pub use crate::terms::{for_each_term, terms};

/// The most terms kept per question in keywords.csv.
pub const TOP: usize = 30;

/// Term counts of one question's answers.
#[derive(Clone, Debug, Default)]
pub struct Keywords {
    /// Answers seen (the base of `percent`).
    pub answers: u64,
    /// Term → how many answers have it, and the example: the shortest such answer (cut to
    /// [`EXAMPLE`] characters) and its length in characters.
    terms: HashMap<String, (u64, String, usize)>,
}

/// The longest example kept, in characters.
const EXAMPLE: usize = 60;

impl Keywords {
    /// Counts one answer, segmenting it here.
    pub fn add(&mut self, text: &str) {
        self.add_with(text, None);
    }

    /// Counts one answer whose terms were stored with it (see [`crate::terms`]); `None`: not
    /// stored (an older response), segmented here.
    pub fn add_with(&mut self, text: &str, stored: Option<&[String]>) {
        self.answers += 1;
        let short = || text.chars().take(EXAMPLE).collect::<String>();
        let length = text.chars().count().min(EXAMPLE);
        let terms = &mut self.terms;
        let mut count = |term: &str| match terms.get_mut(term) {
            Some((n, example, example_length)) => {
                *n += 1;
                // Keep the shortest answer as the example: the easiest to read at a glance.
                if length < *example_length {
                    *example = short();
                    *example_length = length;
                }
            }
            None => {
                terms.insert(term.to_string(), (1, short(), length));
            }
        };
        match stored {
            Some(stored) => stored.iter().for_each(|t| count(t)),
            None => for_each_term(text, count),
        }
    }

    /// The most frequent terms (ties by term), at most [`TOP`]; a term must recur (≥ 2 answers)
    /// unless there are few answers.
    pub fn top(&self) -> Vec<(&str, u64, &str)> {
        let min = if self.answers >= 5 { 2 } else { 1 };
        let mut all: Vec<(&str, u64, &str)> = self
            .terms
            .iter()
            .filter(|(_, (n, _, _))| *n >= min)
            .map(|(t, (n, ex, _))| (t.as_str(), *n, ex.as_str()))
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
