//! Where koe's words live: the language of the command line, and the catalogues that hold each
//! message once in Japanese and once in English.
//!
//! - the language: Japanese when the user's locale is Japanese, else English; `KOE_LANG=ja|en`
//!   overrides (shared/SPEC.md, "Language of the command line"). The words of the export files
//!   follow `--lang`, and the respondent's screens the survey's languages, not this;
//! - [`catalogue!`]: a typed table of messages (an enum whose every entry has `en:` and `ja:`),
//!   used by the command line's own messages (`cli/messages.rs`), by [`faults`] (the faults of
//!   a survey file and of a database file) and by [`data`] (an answer that does not fit, a line of
//!   an import, a database a merge refuses, a backup or export that cannot be written);
//! - [`Words`]: one message already said in both languages, so that a fault can be found once and
//!   shown in either; [`say!`] fills a catalogue entry into one.
//!
//! A small typed table rather than a localisation crate (fluent, rust-i18n): a few hundred short
//! texts in two languages do not need a file format, a loader or plural rules, and with an enum a
//! message that is missing in one language, or asked for under a misspelt key, is a compile error
//! rather than a key printed at run time. Unit tests check what the compiler cannot: that both
//! languages of a message take the same `{placeholders}`.

pub mod data;
pub mod faults;

use std::fmt::{self, Display};
use std::sync::OnceLock;

/// A language of koe's command-line messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// The language of a survey's language code: Japanese for `ja`, else English (koe speaks
    /// only these two; a survey in another language gets English).
    pub fn of_code(code: &str) -> Lang {
        if code == "ja" { Lang::Ja } else { Lang::En }
    }

    /// The code the library's own bilingual texts take (`pin::PinFault::message`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// Reads an environment variable (the process's, or a test's table).
pub type Var<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The language of this process, decided once from its environment.
pub fn current() -> Lang {
    static LANG: OnceLock<Lang> = OnceLock::new();
    *LANG.get_or_init(|| from_env(&|name| std::env::var(name).ok(), system_is_japanese))
}

/// `KOE_LANG` when it says `ja` or `en`, else what the system says. `var` reads an environment
/// variable and `system` asks the platform; both are parameters so that tests need not change
/// the process environment.
pub fn from_env(var: Var, system: fn(Var) -> bool) -> Lang {
    if let Some(chosen) = var("KOE_LANG") {
        match chosen.trim().to_ascii_lowercase().as_str() {
            "ja" => return Lang::Ja,
            "en" => return Lang::En,
            // Anything else (empty, a typo) is as if unset: the locale decides.
            _ => {}
        }
    }
    if system(var) { Lang::Ja } else { Lang::En }
}

/// Whether a POSIX locale asks for Japanese: the first non-empty of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` (their order of precedence) starting with `ja` (`ja_JP.UTF-8`, `ja`).
pub fn locale_is_japanese(var: Var) -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .is_some_and(|v| v.starts_with("ja"))
}

/// Unix: the locale variables.
#[cfg(not(windows))]
fn system_is_japanese(var: Var) -> bool {
    locale_is_japanese(var)
}

/// Windows: a POSIX locale variable when one is set (Git Bash, MSYS2 and Cygwin set `LANG`, and
/// a user who sets one means it), else the user's display language, whose primary language 0x11
/// is Japanese (Windows itself does not set `LANG`).
#[cfg(windows)]
fn system_is_japanese(var: Var) -> bool {
    if ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .any(|name| var(name).is_some_and(|v| !v.is_empty()))
    {
        return locale_is_japanese(var);
    }
    // SAFETY: GetUserDefaultUILanguage takes nothing and only returns a LANGID.
    let id = unsafe { windows_sys::Win32::Globalization::GetUserDefaultUILanguage() };
    id & 0x3ff == 0x11
}

/// Declares a catalogue: an enum of messages, each with its English and Japanese text, and
/// `ALL` (every message) and `text(lang)` on it.
///
/// ```ignore
/// catalogue! {
///     /// The command line's messages.
///     pub enum Msg;
///     Wrote { en: "wrote {path}", ja: "{path} に書き出しました" }
/// }
/// ```
#[macro_export]
macro_rules! catalogue {
    ($(#[$edoc:meta])* $vis:vis enum $enum:ident;
     $($(#[$doc:meta])* $name:ident { en: $en:literal, ja: $ja:literal $(,)? })*) => {
        $(#[$edoc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        $vis enum $enum {
            $($(#[$doc])* $name,)*
        }

        impl $enum {
            /// Every message, for the tests.
            #[allow(dead_code)]
            pub const ALL: &[$enum] = &[$($enum::$name),*];

            /// The message's text in `lang`, with its `{placeholders}` unfilled.
            pub fn text(self, lang: $crate::words::Lang) -> &'static str {
                match (self, lang) {
                    $(($enum::$name, $crate::words::Lang::En) => $en,
                    ($enum::$name, $crate::words::Lang::Ja) => $ja,)*
                }
            }

            /// The first entry whose two languages disagree or whose Japanese is the English
            /// copied ([`entry_problem`](`$crate::words::entry_problem`)), for the catalogue's test;
            /// `same_on_purpose` are names, the same in both languages.
            #[allow(dead_code)]
            pub fn first_problem(same_on_purpose: &[$enum]) -> Option<String> {
                Self::ALL.iter().find_map(|m| {
                    let (en, ja) = (m.text($crate::words::Lang::En), m.text($crate::words::Lang::Ja));
                    $crate::words::entry_problem(en, ja, same_on_purpose.contains(m)).map(|p| format!("{m:?}: {p}"))
                })
            }
        }

        impl From<$enum> for $crate::words::Words {
            /// An entry without placeholders.
            fn from(entry: $enum) -> $crate::words::Words {
                $crate::words::Words::from_catalogue(|lang| entry.text(lang), &[])
            }
        }
    };
}

/// A fault in both languages, its placeholders filled: `say!(UnknownQuestion, id = quote(id))`
/// (an entry of [`faults`], a survey file's or a database file's faults) or
/// `say!(data::LineNoAnswers)` (of [`data`]: answers, import lines, merges, backups, exports)
/// gives a [`Words`].
#[macro_export]
macro_rules! say {
    // `say!(data::Name, …)`: an entry of another catalogue module of `words`.
    ($module:ident :: $msg:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::words::Words::from_catalogue(
            |lang| $crate::words::$module::Said::$msg.text(lang),
            &[$((stringify!($name), &$value as &dyn $crate::words::Arg)),*],
        )
    };
    ($msg:ident $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::words::Words::from_catalogue(
            |lang| $crate::words::faults::Said::$msg.text(lang),
            &[$((stringify!($name), &$value as &dyn $crate::words::Arg)),*],
        )
    };
}

/// A value put into a message: anything displayable (the same in both languages), or [`Words`]
/// (a part that is itself translated, such as "a list" / "リスト").
pub trait Arg {
    fn show(&self, lang: Lang) -> String;
}

impl<T: Display + ?Sized> Arg for T {
    fn show(&self, _: Lang) -> String {
        self.to_string()
    }
}

impl Arg for Words {
    fn show(&self, lang: Lang) -> String {
        self.get(lang).to_string()
    }
}

impl Arg for &Words {
    fn show(&self, lang: Lang) -> String {
        self.get(lang).to_string()
    }
}

/// One message said in both languages. It has no `Display` on purpose: whoever shows it says in
/// which language ([`Words::get`], or [`Words::now`] for the language of this process).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Words {
    pub en: String,
    pub ja: String,
}

impl Words {
    /// The same text in both languages: a name, a path, a value from the file, or the words of a
    /// library that speaks only English (an operating-system error).
    pub fn same(text: impl Into<String>) -> Words {
        let text = text.into();
        Words {
            en: text.clone(),
            ja: text,
        }
    }

    /// A catalogue entry's two templates, filled. In Japanese a space sets a value from the file
    /// (`"abc"`, `3`, an id) apart from the words around it; a value that is itself Japanese words
    /// ("リスト") takes none (`{found}` in "…が必要なところに {found} があります").
    pub fn from_catalogue(template: impl Fn(Lang) -> &'static str, args: &[(&str, &dyn Arg)]) -> Words {
        let fill_in = |lang: Lang| {
            let shown: Vec<(&str, String)> = args.iter().map(|(n, v)| (*n, v.show(lang))).collect();
            let mut template = template(lang).to_string();
            if lang == Lang::Ja {
                for (name, value) in &shown {
                    template = without_spaces_around(&template, name, value);
                }
            }
            let shown: Vec<(&str, &dyn Display)> = shown.iter().map(|(n, v)| (*n, v as &dyn Display)).collect();
            fill(&template, &shown)
        };
        Words {
            en: fill_in(Lang::En),
            ja: fill_in(Lang::Ja),
        }
    }

    /// `place: text` in both languages: a fault put after the field or question it is about
    /// (`sheet: the sheet number is empty`).
    pub fn at(place: impl Display, fault: &Words) -> Words {
        Words {
            en: format!("{place}: {}", fault.en),
            ja: format!("{place}: {}", fault.ja),
        }
    }

    /// Several faults as one message: `; ` between them in English, `。` in Japanese.
    pub fn joined(faults: &[Words]) -> Words {
        let join = |lang, sep| faults.iter().map(|w| w.get(lang)).collect::<Vec<_>>().join(sep);
        Words {
            en: join(Lang::En, "; "),
            ja: join(Lang::Ja, "。"),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }

    /// The text in the language of this process.
    pub fn now(&self) -> &str {
        self.get(current())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Fills `{name}` placeholders of a template; `{{` and `}}` are literal braces. A placeholder
/// without a value is left as written (the tests make sure none is).
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        if let Some(end) = tail.find('}').filter(|_| tail.starts_with('{'))
            && let Some((_, value)) = args.iter().find(|(n, _)| *n == &tail[1..end])
        {
            out.push_str(&value.to_string());
            rest = &tail[end + 1..];
            continue;
        }
        out.push_str(&tail[..1]);
        rest = &tail[1..];
    }
    out.push_str(rest);
    out
}

/// `template` with the spaces around `{name}` dropped where the value and the text beside it are
/// both Japanese at that side.
fn without_spaces_around(template: &str, name: &str, value: &str) -> String {
    let (Some(first), Some(last)) = (value.chars().next(), value.chars().last()) else {
        return template.to_string();
    };
    let placeholder = format!("{{{name}}}");
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find(&placeholder) {
        let mut before = &rest[..at];
        if is_japanese(first)
            && before.ends_with(' ')
            && before[..before.len() - 1].chars().last().is_some_and(is_japanese)
        {
            before = &before[..before.len() - 1];
        }
        out.push_str(before);
        out.push_str(&placeholder);
        rest = &rest[at + placeholder.len()..];
        if is_japanese(last) && rest.starts_with(' ') && rest[1..].chars().next().is_some_and(is_japanese) {
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// What is wrong with one entry of a catalogue, for the tests of every catalogue (the compiler
/// already makes sure both languages are written): a language left empty, the two languages
/// taking different `{placeholders}`, a placeholder that is not a name, or a Japanese text that
/// is the English copied (unless `same_on_purpose`: a name that is not translated).
pub fn entry_problem(en: &str, ja: &str, same_on_purpose: bool) -> Option<String> {
    if en.trim().is_empty() || ja.trim().is_empty() {
        return Some("empty in a language".into());
    }
    let names = placeholders(en);
    if names != placeholders(ja) {
        return Some(format!("the two languages take different values: {en:?} / {ja:?}"));
    }
    if let Some(bad) = names
        .iter()
        .find(|n| n.is_empty() || !n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return Some(format!("{{{bad}}} is not a placeholder name"));
    }
    if !same_on_purpose && (en == ja || !has_japanese(ja)) {
        return Some(format!("not translated: {ja:?}"));
    }
    None
}

/// The `{placeholders}` of a template, sorted, without the `{{` `}}` escapes.
fn placeholders(template: &str) -> Vec<String> {
    let unescaped = template.replace("{{", "").replace("}}", "");
    let mut names: Vec<String> = unescaped
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether a text holds Japanese (kana or kanji).
fn has_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Kana, kanji, and the full-width punctuation and brackets of Japanese text.
fn is_japanese(c: char) -> bool {
    ('\u{3000}'..='\u{30ff}').contains(&c)
        || ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{ff01}'..='\u{ff5e}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalogue_entry_is_checked_for_what_a_translator_can_miss() {
        assert_eq!(entry_problem("{path}: cannot read", "{path}: 読めません", false), None);
        assert!(entry_problem("{path}: cannot read", "{file}: 読めません", false).is_some());
        assert!(entry_problem("cannot read", "", false).is_some());
        assert!(entry_problem("cannot read", "cannot read", false).is_some());
        assert_eq!(entry_problem("keywords", "keywords", true), None);
        assert!(entry_problem("{a b}", "{a b} です", false).is_some());
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
    }

    fn lang(pairs: &'static [(&'static str, &'static str)]) -> Lang {
        from_env(&env(pairs), locale_is_japanese)
    }

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        let name = "council";
        assert_eq!(
            fill("{id}: {n} of {{q}}", &[("id", &name as &dyn Display), ("n", &3)]),
            "council: 3 of {q}"
        );
        // An unknown placeholder stays as written, and a lone brace is kept.
        assert_eq!(fill("{x} { }", &[]), "{x} { }");
        assert_eq!(fill("日本語 {n} 件", &[("n", &2)]), "日本語 2 件");
    }

    #[test]
    fn words_take_translated_parts() {
        let part = Words {
            en: "a list".into(),
            ja: "リスト".into(),
        };
        let w = Words::from_catalogue(
            |lang| match lang {
                Lang::En => "found {what} at {n}",
                Lang::Ja => "{n} に {what} があります",
            },
            &[("what", &part as &dyn Arg), ("n", &3 as &dyn Arg)],
        );
        assert_eq!(w.en, "found a list at 3");
        // Japanese words take no spaces among Japanese words; a number keeps its own.
        assert_eq!(w.ja, "3 にリストがあります");
        let value = Words::same("\"abc\"");
        let w = Words::from_catalogue(
            |lang| match lang {
                Lang::En => "found {what}",
                Lang::Ja => "文字列が必要なところに {what} があります",
            },
            &[("what", &value as &dyn Arg)],
        );
        assert_eq!(w.ja, "文字列が必要なところに \"abc\" があります");
    }

    #[test]
    fn the_locale_decides_in_posix_precedence() {
        assert_eq!(lang(&[("LANG", "ja_JP.UTF-8")]), Lang::Ja);
        assert_eq!(lang(&[("LANG", "C")]), Lang::En);
        assert_eq!(lang(&[]), Lang::En);
        // LC_ALL before LC_MESSAGES before LANG; an empty one is skipped.
        assert_eq!(lang(&[("LC_ALL", "C.UTF-8"), ("LANG", "ja_JP.UTF-8")]), Lang::En);
        assert_eq!(
            lang(&[("LC_ALL", ""), ("LC_MESSAGES", "ja_JP"), ("LANG", "C")]),
            Lang::Ja
        );
        assert_eq!(
            lang(&[("LC_MESSAGES", "en_US.UTF-8"), ("LANG", "ja_JP.UTF-8")]),
            Lang::En
        );
    }

    #[test]
    fn koe_lang_overrides_and_nonsense_is_ignored() {
        assert_eq!(lang(&[("KOE_LANG", "en"), ("LANG", "ja_JP.UTF-8")]), Lang::En);
        assert_eq!(lang(&[("KOE_LANG", "JA"), ("LANG", "C")]), Lang::Ja);
        assert_eq!(lang(&[("KOE_LANG", "fr"), ("LANG", "ja_JP.UTF-8")]), Lang::Ja);
        assert_eq!(lang(&[("KOE_LANG", "")]), Lang::En);
    }
}
