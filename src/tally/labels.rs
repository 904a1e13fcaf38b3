//! The words an export uses besides the survey's own: 無回答, その他, 該当なし, はい/いいえ, in
//! the export's language, and the labels of options.

use crate::survey::{ScaleDef, Survey};

/// Japanese when `lang` is "ja", else English.
pub fn word(lang: &str, ja: &'static str, en: &'static str) -> &'static str {
    if lang == "ja" { ja } else { en }
}

pub fn no_answer(lang: &str) -> &'static str {
    word(lang, "無回答", "No answer")
}

/// The group of every response in a cross-tabulation.
pub fn all(lang: &str) -> &'static str {
    word(lang, "全体", "All")
}

pub fn other(lang: &str) -> &'static str {
    word(lang, "その他", "Other")
}

/// The word for a text question's codes (themes): `QID#codes` items are labelled `question / コード`.
pub fn codes(lang: &str) -> &'static str {
    word(lang, "コード", "Codes")
}

/// The option of a text answer matching none of its question's codes.
pub fn no_code(lang: &str) -> &'static str {
    word(lang, "どのコードにも該当しない", "No code")
}

pub fn not_applicable(lang: &str) -> &'static str {
    word(lang, "該当なし", "N/A")
}

pub fn yes_no(lang: &str, value: bool) -> &'static str {
    if value {
        word(lang, "はい", "Yes")
    } else {
        word(lang, "いいえ", "No")
    }
}

/// A scale point's label: its own label when `labels` gives one, the end labels on the ends
/// (`1 全くそう思わない`), else the number.
pub fn point(survey: &Survey, s: &ScaleDef, p: i64, lang: &str) -> String {
    if let Some(t) = s.label_of(p) {
        return format!("{p} {}", survey.tr(t, lang));
    }
    let end = if p == s.min {
        s.min_label.as_ref()
    } else if p == s.max {
        s.max_label.as_ref()
    } else {
        None
    };
    match end {
        Some(t) => format!("{p} {}", survey.tr(t, lang)),
        None => p.to_string(),
    }
}
