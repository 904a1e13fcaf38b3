//! The keyword terms of free-text answers: the one extraction step that keywords.csv, kwic.csv,
//! cooccurrence.csv and the results screen all count (see `tally::keywords`).
//!
//! A Japanese morphological analyser (`vibrato` with IPADIC, compiled into koe: see
//! [`dictionary`]) splits an answer into words with their parts of speech. Runs of nouns, with
//! their prefixes and suffixes, are joined into one compound term as KH Coder's TermExtract does
//! (地域移行支援, 相談支援事業所, 精神科病院), because staff quote the field's words whole, not their
//! halves; verbs and adjectives count in their dictionary form (話し合っ → 話し合う). Particles,
//! auxiliaries, symbols, numbers, pronouns, non-independent words, single characters and empty
//! words are left out. Latin-script words are lower-cased, without English stop words. A survey's
//! `keywords.extra_words` are kept whole, its `ignore_words` left out ([`Vocabulary`]).
//!
//! An import computes the terms once and stores them with the response (tagged with their part
//! of speech, see [`Pos::tag`]), so that an export only counts them. The kiosk never analyses: a
//! response saved there is stored without terms, and the tallies analyse its texts themselves.

pub mod dictionary;

use std::borrow::Cow;
use std::ops::Range;

use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

use crate::survey::answer::free_text;
use crate::survey::{Question, Survey};

pub use dictionary::warm_up;

/// The analyser's version. Raise it whenever a change here (the dictionary, the rules, the
/// stored form) can change a term, so that terms stored by an older koe are not counted beside
/// new ones: responses whose terms have another version are analysed anew by the tallies.
/// Version 1 was TinySegmenter with untagged terms.
pub const VERSION: i64 = 2;

/// The part of speech of a term, as keywords.csv names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pos {
    /// One noun (相談, ピアサポーター).
    Noun,
    /// Nouns joined with their prefixes and suffixes (地域移行支援, 精神科病院).
    Compound,
    /// A verb in its dictionary form.
    Verb,
    /// An adjective in its dictionary form.
    Adjective,
    /// A Latin-script word or one of the survey's extra words.
    Word,
}

impl Pos {
    /// keywords.csv's `part_of_speech`.
    pub fn label(self) -> &'static str {
        match self {
            Pos::Noun => "名詞",
            Pos::Compound => "複合語",
            Pos::Verb => "動詞",
            Pos::Adjective => "形容詞",
            Pos::Word => "語",
        }
    }

    /// The one ASCII letter put before a stored term to keep its part of speech with it
    /// (`c地域移行支援`): a stored response's terms stay a plain list of strings.
    pub fn tag(self) -> char {
        match self {
            Pos::Noun => 'n',
            Pos::Compound => 'c',
            Pos::Verb => 'v',
            Pos::Adjective => 'a',
            Pos::Word => 'w',
        }
    }

    /// A stored (tagged) term split into its part of speech and the term.
    pub fn untag(tagged: &str) -> (Pos, &str) {
        let pos = match tagged.as_bytes().first() {
            Some(b'n') => Pos::Noun,
            Some(b'c') => Pos::Compound,
            Some(b'v') => Pos::Verb,
            Some(b'a') => Pos::Adjective,
            Some(b'w') => Pos::Word,
            _ => return (Pos::Word, tagged),
        };
        (pos, &tagged[1..])
    }
}

/// Words that are frequent in every comment and say nothing about it. Compared with the whole
/// term (a compound holding one of them is kept).
const EMPTY_WORDS: &[&str] = &[
    "する",
    "ある",
    "いる",
    "なる",
    "できる",
    "出来る",
    "思う",
    "言う",
    "いう",
    "ない",
    "無い",
    "ほしい",
    "欲しい",
    "こと",
    "事",
    "もの",
    "物",
    "ため",
    "為",
    "よう",
    "様",
    "ところ",
    "所",
    "これ",
    "それ",
    "あれ",
    "どれ",
    "ここ",
    "そこ",
    "おる",
    "くる",
    "来る",
    "いく",
    "行く",
    "やる",
    "もらう",
    "くれる",
    "いただく",
    "頂く",
    "おく",
    "しまう",
    "みる",
    "られる",
    "れる",
    "せる",
    "させる",
    "わかる",
    "分かる",
    "感じる",
    "考える",
    "今回",
    "今後",
    "場合",
    "以上",
    "以外",
    "とき",
    "時",
    "たち",
    "みんな",
    "皆",
    "方々",
    "自分",
    "非常",
    "本当",
    "大変",
    "色々",
    "いろいろ",
    "様々",
    "さまざま",
    "とても",
    "もっと",
    "よい",
    "いい",
    "良い",
    "多い",
    "少ない",
    "全て",
    "すべて",
    "一つ",
    "ひとつ",
];

/// Common English words that are not keywords.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "i", "in", "is", "it", "its",
    "of", "on", "or", "that", "the", "this", "to", "was", "we", "were", "with", "you", "our", "my", "me", "they",
    "their", "there", "so", "if", "not", "no", "do", "did", "can", "will", "would", "should", "very", "more", "also",
    "don", "doesn", "didn", "isn", "wasn", "been", "being", "am", "he", "she", "his", "her", "them", "than", "then",
    "what", "which", "who", "how", "all", "any", "some", "just", "about", "into", "out", "up",
];

/// A survey's own words for the analyser (its `keywords`), normalised as the texts are.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Kept whole as terms: NFKC, ASCII lower-cased, longest first (so the longer of two
    /// overlapping words wins).
    extra: Vec<String>,
    /// Never terms: NFKC, ASCII lower-cased.
    ignore: Vec<String>,
    /// Tells the stored terms made with these words from others (0: no words).
    fingerprint: u32,
}

fn normalize_word(w: &str) -> String {
    w.trim().nfkc().collect::<String>().to_ascii_lowercase()
}

impl Vocabulary {
    pub fn new(extra_words: &[String], ignore_words: &[String]) -> Vocabulary {
        let mut extra: Vec<String> = extra_words
            .iter()
            .map(|w| normalize_word(w))
            .filter(|w| !w.is_empty())
            .collect();
        extra.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        extra.dedup();
        let ignore: Vec<String> = ignore_words.iter().map(|w| normalize_word(w)).collect();
        let mut fingerprint = 0;
        if !extra.is_empty() || !ignore.is_empty() {
            // FNV-1a over both lists, each word ended by a separator that no word holds.
            let mut h: u32 = 0x811c_9dc5;
            for (list, mark) in [(&extra, 0x1fu8), (&ignore, 0x1e)] {
                for w in list {
                    for b in w.bytes().chain([mark]) {
                        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
                    }
                }
            }
            fingerprint = h.max(1);
        }
        Vocabulary {
            extra,
            ignore,
            fingerprint,
        }
    }

    /// The survey's `keywords`.
    pub fn of(survey: &Survey) -> Vocabulary {
        Vocabulary::new(&survey.keywords.extra_words, &survey.keywords.ignore_words)
    }

    fn ignores(&self, term: &str) -> bool {
        self.ignore.iter().any(|w| w == term)
    }
}

/// The version stored with terms made for `survey`: the analyser's [`VERSION`] and the
/// survey's words, so that terms made with other extra or ignored words are made anew.
pub fn version(survey: &Survey) -> i64 {
    version_of(&Vocabulary::of(survey))
}

fn version_of(vocabulary: &Vocabulary) -> i64 {
    VERSION + (i64::from(vocabulary.fingerprint) << 8)
}

/// Characters that NFKC leaves as they are and that no two of combine (printable ASCII, the kana
/// and the common CJK ideographs, the ideographic comma and full stop, the long-vowel mark), so a
/// text made only of them is already normalized: most of what is typed. Checked before the
/// general quick check, which looks every character up in Unicode's tables.
fn is_nfkc_by_itself(c: char) -> bool {
    matches!(c, ' '..='~' | '\n' | '\u{3001}' | '\u{3002}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FC}' | '\u{4E00}'..='\u{9FFF}')
}

/// Marks NFKC joins to the character before them: combining marks and the voiced sound marks,
/// half-width (ｶﾞ) or not.
fn joins_previous(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0
        || matches!(c, '\u{FF9E}' | '\u{FF9F}' | '\u{3099}' | '\u{309A}')
}

/// An answer made ready for the analyser: NFKC-normalised (ＰＳＷ and PSW, ｹｰｽ and ケース are
/// one term), with the way back to the answer's own characters, so a keyword in context is
/// always shown as the respondent typed it.
struct Normalized<'a> {
    text: Cow<'a, str>,
    /// When the text changed: (start in `text`, start in the answer) of each group of
    /// characters normalised together (a character and the marks joining it).
    groups: Vec<(usize, usize)>,
    answer_len: usize,
}

impl<'a> Normalized<'a> {
    fn new(answer: &'a str) -> Normalized<'a> {
        if answer.chars().all(is_nfkc_by_itself)
            || unicode_normalization::is_nfkc_quick(answer.chars()) == unicode_normalization::IsNormalized::Yes
        {
            return Normalized {
                text: answer.into(),
                groups: Vec::new(),
                answer_len: answer.len(),
            };
        }
        let mut text = String::with_capacity(answer.len());
        let mut groups = Vec::new();
        let mut chars = answer.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !joins_previous(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            groups.push((text.len(), i));
            text.extend(answer[i..end].nfkc());
        }
        Normalized {
            text: text.into(),
            groups,
            answer_len: answer.len(),
        }
    }

    /// The bytes of the answer that `range` of the normalised text came from.
    fn in_answer(&self, range: Range<usize>) -> Range<usize> {
        if self.groups.is_empty() {
            return range;
        }
        let first = self.groups.partition_point(|g| g.0 <= range.start).saturating_sub(1);
        let start = self.groups.get(first).map_or(0, |g| g.1);
        let after = self.groups.partition_point(|g| g.0 < range.end);
        let end = self.groups.get(after).map_or(self.answer_len, |g| g.1);
        start..end.max(start)
    }
}

/// The longest piece of text given to the analyser at once: a sentence is cut there, so that a
/// huge answer costs time in proportion to its length and memory of one piece.
const MAX_PIECE: usize = 1024;

/// What one word of the analyser's output does to the term being built.
enum Kind<'f> {
    /// A prefix (接頭詞,名詞接続): begins or continues a compound.
    Prefix,
    /// A noun that can stand in a compound.
    Noun,
    /// A suffix (名詞,接尾): continues a compound, never begins one.
    Suffix,
    /// A verb or adjective (自立), with its dictionary form.
    Inflected(Pos, &'f str),
    /// A Latin-script word.
    Latin,
    /// Anything else: ends a compound, is no term.
    Break,
}

fn kind<'f>(surface: &'f str, feature: &'f str) -> Kind<'f> {
    // IPADIC tags unknown runs of symbols as nouns (名詞,サ変接続): they must not join a compound.
    if !surface.chars().any(char::is_alphanumeric) {
        return Kind::Break;
    }
    if surface
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'\'' || b == b'-')
    {
        return if surface.bytes().any(|b| b.is_ascii_alphabetic()) {
            Kind::Latin
        } else {
            Kind::Break // numbers
        };
    }
    let mut f = feature.split(',');
    let (pos, sub1, sub2) = (f.next().unwrap_or(""), f.next().unwrap_or(""), f.next().unwrap_or(""));
    let base = f.nth(3).filter(|b| !b.is_empty() && *b != "*");
    match (pos, sub1) {
        ("名詞", "一般" | "固有名詞" | "サ変接続" | "形容動詞語幹" | "ナイ形容詞語幹" | "副詞可能") => {
            Kind::Noun
        }
        ("名詞", "接尾") if !matches!(sub2, "助動詞語幹" | "特殊" | "助数詞") => Kind::Suffix,
        ("接頭詞", "名詞接続") => Kind::Prefix,
        ("動詞", "自立") => Kind::Inflected(Pos::Verb, base.unwrap_or(surface)),
        ("形容詞", "自立") => Kind::Inflected(Pos::Adjective, base.unwrap_or(surface)),
        _ => Kind::Break,
    }
}

/// Whether `term` may be counted: not a single character, not an empty word, not ignored, and
/// holding a letter.
fn counts(term: &str, vocabulary: &Vocabulary) -> bool {
    let mut chars = term.chars();
    chars.next().is_some()
        && chars.next().is_some()
        && !EMPTY_WORDS.contains(&term)
        && !vocabulary.ignores(term)
        && term.chars().any(|c| c.is_alphabetic() && !c.is_numeric())
}

/// A compound being built: bytes of the normalised text.
#[derive(Default)]
struct Run {
    start: Option<usize>,
    /// The end of its last noun or suffix (a prefix at the end is not part of it).
    end: usize,
    /// Nouns and suffixes so far.
    nouns: usize,
    /// Words so far, prefixes included.
    words: usize,
}

/// Calls `f(term, part of speech, bytes of the answer)` for every occurrence of a term of
/// `answer`, in order.
pub fn analyse(answer: &str, vocabulary: &Vocabulary, mut f: impl FnMut(&str, Pos, Range<usize>)) {
    let Ok(tokenizer) = dictionary::tokenizer() else { return };
    let norm = Normalized::new(answer);
    let text: &str = &norm.text;
    let lower = if vocabulary.extra.is_empty() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.to_ascii_lowercase())
    };
    let mut emit = |term: &str, pos: Pos, range: Range<usize>| f(term, pos, norm.in_answer(range));
    let mut at = 0;
    while at < text.len() {
        // The next extra word (the earliest; of two at one place, the longest), kept whole.
        let next = vocabulary
            .extra
            .iter()
            .filter_map(|w| lower[at..].find(w.as_str()).map(|i| (at + i, w.len())))
            .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let until = next.map_or(text.len(), |(i, _)| i);
        analyse_plain(tokenizer, text, at..until, vocabulary, &mut emit);
        match next {
            Some((i, len)) => {
                emit(&lower[i..i + len], Pos::Word, i..i + len);
                at = i + len;
            }
            None => break,
        }
    }
}

/// Terms of `text[range]`, which holds no extra word, sentence by sentence.
fn analyse_plain(
    tokenizer: &'static vibrato::Tokenizer,
    text: &str,
    range: Range<usize>,
    vocabulary: &Vocabulary,
    emit: &mut impl FnMut(&str, Pos, Range<usize>),
) {
    let mut start = range.start;
    while start < range.end {
        // A sentence ends after 。！？!? or a line break, or at MAX_PIECE bytes (on a character).
        let rest = &text[start..range.end];
        let mut end = rest
            .char_indices()
            .find(|&(i, c)| i + c.len_utf8() >= MAX_PIECE || matches!(c, '。' | '！' | '？' | '!' | '?' | '\n' | '\r'))
            .map_or(rest.len(), |(i, c)| i + c.len_utf8());
        end = end.max(1).min(rest.len());
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        analyse_sentence(tokenizer, text, start, &rest[..end], vocabulary, emit);
        start += end;
    }
}

fn analyse_sentence(
    tokenizer: &'static vibrato::Tokenizer,
    text: &str,
    offset: usize,
    sentence: &str,
    vocabulary: &Vocabulary,
    emit: &mut impl FnMut(&str, Pos, Range<usize>),
) {
    if sentence.trim().is_empty() {
        return;
    }
    dictionary::with_worker(tokenizer, |worker| {
        worker.reset_sentence(sentence);
        worker.tokenize();
        let mut run = Run::default();
        let flush = |run: &mut Run, emit: &mut dyn FnMut(&str, Pos, Range<usize>)| {
            if let Some(start) = run.start.take()
                && run.nouns > 0
            {
                let term = &text[start..run.end];
                if counts(term, vocabulary) {
                    emit(
                        term,
                        if run.words > 1 { Pos::Compound } else { Pos::Noun },
                        start..run.end,
                    );
                }
            }
            *run = Run::default();
        };
        for i in 0..worker.num_tokens() {
            let token = worker.token(i);
            let r = token.range_byte();
            let (from, to) = (offset + r.start, offset + r.end);
            match kind(token.surface(), token.feature()) {
                k @ (Kind::Prefix | Kind::Noun | Kind::Suffix) => {
                    if run.start.is_none() {
                        if matches!(k, Kind::Suffix) {
                            continue;
                        }
                        run.start = Some(from);
                    }
                    run.words += 1;
                    if !matches!(k, Kind::Prefix) {
                        run.nouns += 1;
                        run.end = to;
                    }
                }
                Kind::Inflected(pos, base) => {
                    flush(&mut run, emit);
                    if counts(base, vocabulary) {
                        emit(base, pos, from..to);
                    }
                }
                Kind::Latin => {
                    flush(&mut run, emit);
                    let word = token.surface().to_ascii_lowercase();
                    if word.len() >= 2 && !STOP_WORDS.contains(&word.as_str()) && !vocabulary.ignores(&word) {
                        emit(&word, Pos::Word, from..to);
                    }
                }
                Kind::Break => flush(&mut run, emit),
            }
        }
        flush(&mut run, emit);
    });
}

/// Calls `f` once for each distinct term of an answer, tagged with its part of speech
/// ([`Pos::tag`]), in order of first use.
pub fn for_each_term(answer: &str, vocabulary: &Vocabulary, mut f: impl FnMut(&str)) {
    // An answer has few terms: a linear check beats hashing them.
    let mut seen: Vec<String> = Vec::new();
    let mut tagged = String::new();
    analyse(answer, vocabulary, |term, pos, _| {
        tagged.clear();
        tagged.push(pos.tag());
        tagged.push_str(term);
        if !seen.contains(&tagged) {
            f(&tagged);
            seen.push(tagged.clone());
        }
    });
}

/// The distinct terms of one answer with their parts of speech, in order of first use.
pub fn terms_with(answer: &str, vocabulary: &Vocabulary) -> Vec<(String, Pos)> {
    let mut out = Vec::new();
    for_each_term(answer, vocabulary, |t| {
        let (pos, term) = Pos::untag(t);
        out.push((term.to_string(), pos));
    });
    out
}

/// The distinct terms of one answer, in order of first use (no survey words).
pub fn terms(answer: &str) -> Vec<String> {
    terms_with(answer, &Vocabulary::default())
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}

/// The stored terms of one answer to `question`: `Some` (possibly empty) for an answer holding
/// free text (a text question, an "other"), `None` for every other answer.
pub fn of_answer(question: &Question, value: &Value, vocabulary: &Vocabulary) -> Option<Vec<String>> {
    free_text(&question.kind, value).map(|text| {
        let mut out = Vec::new();
        for_each_term(text, vocabulary, |t| out.push(t.to_string()));
        out
    })
}

/// The stored terms of a whole response, as JSON (question id → its tagged terms, in question
/// order), and the version to store with them: every answer holding free text has an entry.
/// Written as the terms are found, without building them as values first: an import does this
/// for every line. Waits for the dictionary the first time.
pub fn of_response(survey: &Survey, answers: &Map<String, Value>) -> String {
    of_response_with(survey, &Vocabulary::of(survey), answers)
}

/// As [`of_response`], with the survey's vocabulary made once by the caller.
pub fn of_response_with(survey: &Survey, vocabulary: &Vocabulary, answers: &Map<String, Value>) -> String {
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
        for_each_term(text, vocabulary, |term| {
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

/// [`of_response`] if the dictionary is decoded already, never waiting for it: `None` then, and
/// the response is stored without terms (the tallies analyse it).
pub fn of_response_if_ready(survey: &Survey, answers: &Map<String, Value>) -> Option<String> {
    dictionary::ready().map(|_| of_response(survey, answers))
}

#[cfg(test)]
mod tests;
