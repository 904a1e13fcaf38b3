//! The language of the command line: Japanese when the user's locale is Japanese, else English;
//! `KOE_LANG=ja|en` overrides (shared/SPEC.md, "Language of the command line"). The words of the
//! export files follow `--lang`, not this.

use std::sync::OnceLock;

/// A language of koe's command-line messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    /// The code the library's own bilingual texts take (`pin::PinFault::message`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// Reads an environment variable (the process's, or a test's table).
type Var<'a> = &'a dyn Fn(&str) -> Option<String>;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
    }

    fn lang(pairs: &'static [(&'static str, &'static str)]) -> Lang {
        from_env(&env(pairs), locale_is_japanese)
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
