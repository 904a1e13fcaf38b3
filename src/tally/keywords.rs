//! A summary of free text: the terms that recur across the answers to one question
//! (keywords.csv), each occurrence of them in its answer (kwic.csv), and the pairs of them found
//! together (cooccurrence.csv).
//!
//! The terms of one answer come from [`crate::terms`] (usually stored with the response when it
//! was imported); here they are only counted. Each answer counts a term once, however often it
//! repeats it.

use std::collections::HashMap;
use std::ops::Range;

pub use crate::terms::{Pos, Vocabulary, for_each_term, terms};

/// The most terms kept per question in keywords.csv.
pub const TOP: usize = 30;

/// The most kwic.csv rows of one term.
pub const KWIC_PER_TERM: usize = 100;

/// The characters of context shown on each side of a keyword in kwic.csv.
pub const KWIC_CONTEXT: usize = 20;

/// The most cooccurrence.csv rows of one question.
pub const PAIRS: usize = 100;

/// The fewest answers a pair must share to be listed in cooccurrence.csv.
pub const PAIR_MIN: u64 = 2;

/// The longest example kept, in characters.
const EXAMPLE: usize = 60;

/// One occurrence of a term in an answer (a row of kwic.csv).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kwic {
    pub response_id: String,
    pub left: String,
    pub matched: String,
    pub right: String,
}

/// What is known of one term.
#[derive(Clone, Debug)]
struct TermCount {
    /// As stored: its part of speech's tag, then the term.
    tagged: String,
    /// Answers holding it.
    n: u64,
    /// The shortest answer holding it (cut to [`EXAMPLE`] characters), and its length.
    example: String,
    example_len: usize,
    /// Its first occurrences, at most [`KWIC_PER_TERM`].
    kwic: Vec<Kwic>,
}

/// Term counts of one question's answers.
#[derive(Clone, Debug, Default)]
pub struct Keywords {
    /// Answers seen (the base of `percent`).
    pub answers: u64,
    /// The survey's own words, for answers whose terms were not stored.
    vocabulary: Vocabulary,
    /// Tagged term → its index in `terms`.
    index: HashMap<String, u32>,
    /// In order of first use (which breaks ties between equally frequent terms).
    terms: Vec<TermCount>,
    /// The distinct terms of each answer, one answer after another (for the pairs); `ends[i]`
    /// is where answer `i`'s end. Four bytes a term of an answer.
    answer_terms: Vec<u32>,
    ends: Vec<u32>,
}

/// One of the most frequent terms of a question (a row of keywords.csv).
#[derive(Clone, Copy, Debug)]
pub struct Top<'a> {
    pub term: &'a str,
    pub pos: Pos,
    pub responses: u64,
    pub example: &'a str,
    id: u32,
}

/// Two terms found together (a row of cooccurrence.csv): the first is the more frequent
/// (earlier in keywords.csv).
#[derive(Clone, Debug, PartialEq)]
pub struct Pair<'a> {
    pub term_a: &'a str,
    pub term_b: &'a str,
    /// Answers holding both.
    pub responses: u64,
    /// Answers holding either.
    pub either: u64,
}

impl Pair<'_> {
    /// Jaccard's coefficient (both ÷ either) to 3 decimals, rounded half away from zero on its
    /// exact value (integer arithmetic: no binary fraction in the way).
    pub fn jaccard(&self) -> String {
        let thousandths = (self.responses * 2000 + self.either) / (2 * self.either.max(1));
        format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
    }
}

/// A text on one line: each line break (`\r\n`, `\n` or `\r`) shown as one space.
pub fn one_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// `answer[range]` with up to [`KWIC_CONTEXT`] characters of the same answer on each side, all
/// taken from the answer on one line ([`one_line`]), so that `left + match + right` is always a
/// piece of it; `None` for an empty match.
fn in_context(response_id: &str, answer: &str, range: Range<usize>) -> Option<Kwic> {
    let flat = one_line(answer);
    // A `\r\n` before a place is one byte less on one line; other breaks keep their length.
    let at = |i: usize| i - answer.get(..i).map_or(0, |s| s.matches("\r\n").count());
    let (start, end) = (at(range.start), at(range.end));
    let (before, matched, after) = (flat.get(..start)?, flat.get(start..end)?, flat.get(end..)?);
    if matched.is_empty() {
        return None;
    }
    let left_start = before.char_indices().rev().nth(KWIC_CONTEXT - 1).map_or(0, |(i, _)| i);
    let right_end = after.char_indices().nth(KWIC_CONTEXT).map_or(after.len(), |(i, _)| i);
    Some(Kwic {
        response_id: response_id.to_string(),
        left: before[left_start..].to_string(),
        matched: matched.to_string(),
        right: after[..right_end].to_string(),
    })
}

impl Keywords {
    /// Counts for a survey with these words of its own.
    pub fn new(vocabulary: Vocabulary) -> Keywords {
        Keywords {
            vocabulary,
            ..Keywords::default()
        }
    }

    /// Counts one answer, analysing it here.
    pub fn add(&mut self, text: &str) {
        self.add_with(text, None);
    }

    /// Counts one answer whose terms were stored with it (see [`crate::terms`]); `None`: not
    /// stored (a kiosk's response, an older one), analysed here.
    pub fn add_with(&mut self, text: &str, stored: Option<&[String]>) {
        self.count(text, stored, None);
    }

    /// As [`Keywords::add_with`], also keeping the answer's occurrences of terms that have
    /// fewer than [`KWIC_PER_TERM`] so far (kwic.csv), in the order answers are added.
    pub fn add_response(&mut self, response_id: &str, text: &str, stored: Option<&[String]>) {
        self.count(text, stored, Some(response_id));
    }

    fn count(&mut self, text: &str, stored: Option<&[String]>, kwic_of: Option<&str>) {
        self.answers += 1;
        // Occurrences (tagged term, bytes of the answer) when this answer is analysed here:
        // when its terms were not stored, or when one of them still wants rows in kwic.csv.
        let analyse_here = match stored {
            None => true,
            Some(stored) => {
                kwic_of.is_some()
                    && stored.iter().any(|t| {
                        self.index
                            .get(t.as_str())
                            .is_none_or(|&id| self.terms[id as usize].kwic.len() < KWIC_PER_TERM)
                    })
            }
        };
        let mut found: Vec<(String, Range<usize>)> = Vec::new();
        if analyse_here {
            crate::terms::analyse(text, &self.vocabulary, |term, pos, range| {
                let mut tagged = String::with_capacity(term.len() + 1);
                tagged.push(pos.tag());
                tagged.push_str(term);
                found.push((tagged, range));
            });
        }
        let first = self.answer_terms.len();
        let length = text.chars().count();
        match stored {
            Some(stored) => stored.iter().for_each(|t| self.count_term(t, text, length)),
            None => {
                for (i, (t, _)) in found.iter().enumerate() {
                    if !found[..i].iter().any(|(u, _)| u == t) {
                        self.count_term(t, text, length);
                    }
                }
            }
        }
        self.ends.push(self.answer_terms.len() as u32);
        let Some(response_id) = kwic_of else { return };
        for (tagged, range) in found {
            if let Some(&id) = self.index.get(&tagged)
                && self.answer_terms[first..].contains(&id)
            {
                let kwic = &mut self.terms[id as usize].kwic;
                if kwic.len() < KWIC_PER_TERM
                    && let Some(row) = in_context(response_id, text, range)
                {
                    kwic.push(row);
                }
            }
        }
    }

    /// Counts one distinct term of the answer `text` (`length` characters).
    fn count_term(&mut self, tagged: &str, text: &str, length: usize) {
        let length = length.min(EXAMPLE);
        let id = match self.index.get(tagged) {
            Some(&id) => {
                let t = &mut self.terms[id as usize];
                t.n += 1;
                // Keep the shortest answer as the example: the easiest to read at a glance.
                if length < t.example_len {
                    t.example = text.chars().take(EXAMPLE).collect();
                    t.example_len = length;
                }
                id
            }
            None => {
                let id = self.terms.len() as u32;
                self.index.insert(tagged.to_string(), id);
                self.terms.push(TermCount {
                    tagged: tagged.to_string(),
                    n: 1,
                    example: text.chars().take(EXAMPLE).collect(),
                    example_len: length,
                    kwic: Vec::new(),
                });
                id
            }
        };
        self.answer_terms.push(id);
    }

    /// The most frequent terms, at most [`TOP`], ties in order of first use; a term must recur
    /// (≥ 2 answers) unless there are few answers.
    pub fn top_terms(&self) -> Vec<Top<'_>> {
        let min = if self.answers >= 5 { 2 } else { 1 };
        let mut all: Vec<Top<'_>> = self
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.n >= min)
            .map(|(id, t)| {
                let (pos, term) = Pos::untag(&t.tagged);
                Top {
                    term,
                    pos,
                    responses: t.n,
                    example: &t.example,
                    id: id as u32,
                }
            })
            .collect();
        // Stable: equal counts stay in order of first use.
        all.sort_by_key(|t| std::cmp::Reverse(t.responses));
        all.truncate(TOP);
        all
    }

    /// (term, answers holding it, example) of [`Keywords::top_terms`].
    pub fn top(&self) -> Vec<(&str, u64, &str)> {
        self.top_terms()
            .into_iter()
            .map(|t| (t.term, t.responses, t.example))
            .collect()
    }

    /// The occurrences of a top term kept for kwic.csv, in the order answers were added.
    pub fn kwic(&self, top: &Top<'_>) -> &[Kwic] {
        self.terms.get(top.id as usize).map_or(&[], |t| t.kwic.as_slice())
    }

    /// The pairs of `top` terms found together in at least [`PAIR_MIN`] answers, highest
    /// Jaccard first (ties: more answers first, then in keywords.csv's order), at most [`PAIRS`].
    pub fn pairs<'a>(&self, top: &[Top<'a>]) -> Vec<Pair<'a>> {
        let mut rank = vec![u32::MAX; self.terms.len()];
        for (r, t) in top.iter().enumerate() {
            rank[t.id as usize] = r as u32;
        }
        let k = top.len();
        let mut both = vec![0u64; k * k];
        let mut start = 0;
        let mut here: Vec<usize> = Vec::new();
        for &end in &self.ends {
            here.clear();
            here.extend(
                self.answer_terms[start..end as usize]
                    .iter()
                    .map(|&id| rank[id as usize])
                    .filter(|&r| r != u32::MAX)
                    .map(|r| r as usize),
            );
            here.sort_unstable();
            here.dedup();
            for (i, &a) in here.iter().enumerate() {
                for &b in &here[i + 1..] {
                    both[a * k + b] += 1;
                }
            }
            start = end as usize;
        }
        let mut pairs: Vec<(usize, usize, Pair<'a>)> = Vec::new();
        for a in 0..k {
            for b in a + 1..k {
                let n = both[a * k + b];
                if n >= PAIR_MIN {
                    pairs.push((
                        a,
                        b,
                        Pair {
                            term_a: top[a].term,
                            term_b: top[b].term,
                            responses: n,
                            either: top[a].responses + top[b].responses - n,
                        },
                    ));
                }
            }
        }
        // Compare n1/e1 with n2/e2 exactly, by cross-multiplying.
        pairs.sort_by(|(a1, b1, p), (a2, b2, q)| {
            (q.responses * p.either)
                .cmp(&(p.responses * q.either))
                .then(q.responses.cmp(&p.responses))
                .then(a1.cmp(a2))
                .then(b1.cmp(b2))
        });
        pairs.truncate(PAIRS);
        pairs.into_iter().map(|(_, _, p)| p).collect()
    }
}

#[cfg(test)]
mod tests;
