//! A question as lines a screen reader reads out: header, text, help, numbered options, and a
//! prompt line saying what to type; an answer read back in words. Pure text: no terminal, no
//! escape sequence (every text from the survey file goes through [`visible`]).

use serde_json::Value;

use crate::survey::answer::{Pick, other_text, scale_picks};
use crate::survey::{Kind, Question, ScaleDef, Survey};
use crate::visible::visible;

/// Japanese when `lang` is "ja", else English: line mode's own words.
pub fn say<'a>(lang: &str, ja: &'a str, en: &'a str) -> &'a str {
    if lang == "ja" { ja } else { en }
}

/// A survey text in `lang` (falling back to the survey's default), safe to print.
pub fn tr(survey: &Survey, text: &crate::survey::Text, lang: &str) -> String {
    visible(survey.tr(text, lang)).into_owned()
}

/// The header of a numbered question: `問3 / 12`, `Question 3 of 12`.
pub fn header(number: usize, total: usize, lang: &str) -> String {
    if lang == "ja" {
        format!("問{number} / {total}")
    } else {
        format!("Question {number} of {total}")
    }
}

/// A question printed once: its header (none for a note), text, help, options, prompt line.
pub fn question_lines(survey: &Survey, q: &Question, number: Option<(usize, usize)>, lang: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some((n, total)) = number {
        lines.push(header(n, total, lang));
    }
    let required = if q.required && !matches!(q.kind, Kind::Note) {
        say(lang, "（必須）", " (required)")
    } else {
        ""
    };
    lines.push(format!("{}{required}", tr(survey, &q.text, lang)));
    if let Some(help) = &q.help {
        lines.push(tr(survey, help, lang));
    }
    lines.extend(option_lines(survey, q, lang));
    lines.push(prompt_line(q, lang));
    lines
}

/// The options, numbered one a line: choices (and その他), scale points, none for other kinds.
pub fn option_lines(survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
    match &q.kind {
        Kind::SingleChoice { .. } | Kind::MultipleChoice { .. } | Kind::Rank { .. } => {
            let mut lines: Vec<String> = q
                .kind
                .choices()
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{}. {}", i + 1, tr(survey, &c.label, lang)))
                .collect();
            if q.kind.has_other() {
                lines.push(format!(
                    "{}. {}",
                    lines.len() + 1,
                    say(
                        lang,
                        "その他（番号のあとに内容を入力）",
                        "Other (type its number, then the text)"
                    )
                ));
            }
            lines
        }
        Kind::Scale(s) => scale_lines(survey, s, lang),
        Kind::YesNo => vec![
            format!("y. {}", say(lang, "はい", "Yes")),
            format!("n. {}", say(lang, "いいえ", "No")),
        ],
        Kind::Matrix { scale, .. } => scale_lines(survey, scale, lang),
        _ => Vec::new(),
    }
}

/// A scale's points one a line, each with its label when it has one (the end labels on the
/// first and last point), then N/A where allowed.
fn scale_lines(survey: &Survey, s: &ScaleDef, lang: &str) -> Vec<String> {
    scale_picks(s)
        .into_iter()
        .map(|p| match point_label(survey, s, p, lang) {
            Some(label) => format!("{}. {label}", pick_key(p)),
            // A bare number, not "2.": a screen reader reads the dot out.
            None => pick_key(p),
        })
        .collect()
}

/// What is typed for a point: its number, or `n` for N/A.
fn pick_key(p: Pick) -> String {
    match p {
        Pick::Point(n) => n.to_string(),
        Pick::Na => "n".into(),
    }
}

/// The words of a point: its own label, else the end label at either end; N/A in words.
fn point_label(survey: &Survey, s: &ScaleDef, p: Pick, lang: &str) -> Option<String> {
    match p {
        Pick::Na => Some(say(lang, "該当なし", "Not applicable").to_string()),
        Pick::Point(n) => s
            .label_of(n)
            .or(if n == s.min { s.min_label.as_ref() } else { None })
            .or(if n == s.max { s.max_label.as_ref() } else { None })
            .map(|t| tr(survey, t, lang)),
    }
}

/// The line that says what to type, ending with the keys every question takes.
pub fn prompt_line(q: &Question, lang: &str) -> String {
    let optional = !q.required;
    let what = match &q.kind {
        Kind::SingleChoice { .. } => say(lang, "番号を入力してください。", "Type a number."),
        Kind::MultipleChoice { .. } => say(
            lang,
            "番号をいくつでも、空白かカンマで区切って入力してください。",
            "Type the numbers, separated by spaces or commas.",
        ),
        Kind::Rank { .. } => say(
            lang,
            "よいと思う順に番号を、空白かカンマで区切って入力してください。",
            "Type the numbers in order of preference, separated by spaces or commas.",
        ),
        Kind::Scale(_) => say(lang, "数字を入力してください。", "Type a number."),
        Kind::YesNo => say(lang, "y か n を入力してください。", "Type y or n."),
        Kind::Number { .. } => say(lang, "数を入力してください。", "Type a number."),
        Kind::Text { multiline: true, .. } => say(
            lang,
            "文章を入力してください。何行でも書けます。終わったら . だけの行を入力してください。",
            "Type your text, as many lines as you like; end it with a line holding only a dot (.).",
        ),
        Kind::Text { .. } => say(lang, "文章を1行で入力してください。", "Type your answer on one line."),
        Kind::Matrix { .. } => say(
            lang,
            "行ごとに、上の数字で答えてください。",
            "Answer each row with one of the numbers above.",
        ),
        Kind::Note => return say(lang, "Enter で次へ進みます。", "Press Enter to go on.").to_string(),
    };
    let skip = if optional {
        say(lang, "空の行で答えずに次へ。", "An empty line skips it.")
    } else {
        ""
    };
    let keys = say(lang, "? で説明、b で前へ。", "? for help, b to go back.");
    [what, skip, keys]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        // Japanese sentences follow each other without a space.
        .join(if lang == "ja" { "" } else { " " })
}

/// The keys of line mode, as `?` lists them.
pub fn keys_lines(lang: &str, languages: &[String]) -> Vec<String> {
    let mut lines = vec![
        say(lang, "使えるキー:", "Keys:").to_string(),
        say(lang, "? この説明と質問をもう一度", "? this help and the question again").to_string(),
        say(lang, "b 前の質問へ戻る", "b back to the previous question").to_string(),
        say(lang, "r ここまでの回答を聞く", "r list your answers so far").to_string(),
    ];
    if languages.len() > 1 {
        let codes: Vec<String> = languages.iter().map(|l| format!(":{l}")).collect();
        lines.push(format!(
            "{} {}",
            codes.join(" / "),
            say(lang, "言語を切り替える", "switch the language")
        ));
    }
    lines
}

/// A matrix row's prompt: its position, its text, and what to type.
pub fn row_line(survey: &Survey, row_text: &crate::survey::Text, n: usize, total: usize, lang: &str) -> String {
    let text = tr(survey, row_text, lang);
    if lang == "ja" {
        format!("行 {n} / {total}: {text}")
    } else {
        format!("Row {n} of {total}: {text}")
    }
}

/// An answer in words, as read back and listed at the end: `2. いいえ`, `はい`, `3. ふつう`.
pub fn answer_words(survey: &Survey, q: &Question, value: Option<&Value>, lang: &str) -> String {
    let Some(value) = value else {
        return say(lang, "回答なし", "no answer").to_string();
    };
    let sep = say(lang, "、", ", ");
    match &q.kind {
        Kind::SingleChoice { .. } | Kind::MultipleChoice { .. } => {
            let items: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                v => vec![v],
            };
            items
                .iter()
                .map(|v| chosen_words(survey, q, v, lang))
                .collect::<Vec<_>>()
                .join(sep)
        }
        Kind::Rank { .. } => {
            let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
            items
                .iter()
                .enumerate()
                .map(|(pos, v)| {
                    let place = if lang == "ja" {
                        format!("{}位", pos + 1)
                    } else {
                        format!("#{}", pos + 1)
                    };
                    format!("{place} {}", chosen_words(survey, q, v, lang))
                })
                .collect::<Vec<_>>()
                .join(sep)
        }
        Kind::Scale(s) => point_words(survey, s, value, lang),
        Kind::YesNo => match value.as_bool() {
            Some(true) => say(lang, "はい", "Yes").to_string(),
            _ => say(lang, "いいえ", "No").to_string(),
        },
        Kind::Number { unit, .. } => {
            let unit = unit.as_ref().map(|u| tr(survey, u, lang)).unwrap_or_default();
            format!("{value}{unit}")
        }
        Kind::Text { .. } => {
            let text = value.as_str().unwrap_or_default();
            let lines: Vec<String> = text.lines().map(|l| visible(l).into_owned()).collect();
            format!("「{}」", lines.join(" / "))
        }
        Kind::Matrix { rows, scale } => rows
            .iter()
            .filter_map(|r| {
                value
                    .get(&r.id)
                    .map(|p| format!("{} {}", tr(survey, &r.text, lang), point_words(survey, scale, p, lang)))
            })
            .collect::<Vec<_>>()
            .join(sep),
        Kind::Note => String::new(),
    }
}

/// One chosen item: `2. いいえ`, or `5. その他（text）`.
fn chosen_words(survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
    let choices = q.kind.choices();
    if let Some(i) = choices.iter().position(|c| Some(c.value.as_str()) == v.as_str()) {
        return format!("{}. {}", i + 1, tr(survey, &choices[i].label, lang));
    }
    match other_text(v) {
        Ok(text) if lang == "ja" => format!("{}. その他（{}）", choices.len() + 1, visible(text)),
        Ok(text) => format!("{}. Other ({})", choices.len() + 1, visible(text)),
        Err(_) => visible(&v.to_string()).into_owned(),
    }
}

/// A stored point in words: `3. ふつう`, `3`, `該当なし`.
fn point_words(survey: &Survey, s: &ScaleDef, v: &Value, lang: &str) -> String {
    let pick = match v {
        Value::String(na) if na == "na" => Pick::Na,
        v => Pick::Point(v.as_i64().unwrap_or_default()),
    };
    match (pick, point_label(survey, s, pick, lang)) {
        (Pick::Na, Some(label)) => label,
        (Pick::Point(n), Some(label)) => format!("{n}. {label}"),
        (p, None) => pick_key(p),
    }
}

/// The read-back after an answer: `2. いいえ を選びました`, `You chose 2. No`.
pub fn read_back(survey: &Survey, q: &Question, value: Option<&Value>, lang: &str) -> String {
    let words = answer_words(survey, q, value, lang);
    let chose = matches!(
        q.kind,
        Kind::SingleChoice { .. } | Kind::MultipleChoice { .. } | Kind::Scale(_) | Kind::YesNo | Kind::Rank { .. }
    );
    match (value, chose, lang == "ja") {
        (None, _, true) => "回答せずに次へ進みます。".into(),
        (None, _, false) => "Left unanswered.".into(),
        (Some(_), true, true) => format!("{words} を選びました。"),
        (Some(_), true, false) => format!("You chose {words}."),
        (Some(_), false, true) => format!("{words} と回答しました。"),
        (Some(_), false, false) => format!("You answered {words}."),
    }
}
