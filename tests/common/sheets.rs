//! Paper sheets for the entry tests and the keys-per-answer bench: random but valid answers for
//! any survey (skip rules followed, about one question in ten left blank, as on real paper), and
//! the keys an operator presses to type such a sheet into `koe entry`, written here from the
//! paper's point of view (choice numbers, points, texts) rather than through koe's own encoder.
#![allow(dead_code)]

use koe::survey::shown::visibility;
use koe::survey::{Kind, Question, Survey};
use serde_json::{Map, Value, json};

/// A small deterministic PRNG (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).max(1))
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const TEXTS: &[&str] = &[
    "時間が短い",
    "資料が分かりやすかった",
    "ｶﾞｲﾄﾞがほしい",
    "OK",
    "顔の見える関係",
];

/// One answer for a question, or none (left blank on the paper).
fn answer(q: &Question, rng: &mut Rng) -> Option<Value> {
    if rng.chance(10) {
        return None;
    }
    Some(match &q.kind {
        Kind::SingleChoice { choices, other } => {
            if *other && rng.chance(10) {
                json!({"other": TEXTS[rng.below(TEXTS.len())]})
            } else {
                json!(choices[rng.below(choices.len())].value)
            }
        }
        Kind::MultipleChoice {
            choices,
            other,
            min_selected,
            max_selected,
        } => {
            let max = max_selected.map_or(choices.len(), |m| m as usize).min(choices.len());
            let min = min_selected.map_or(1, |m| m as usize).max(1);
            let n = min + rng.below(max.saturating_sub(min) + 1);
            let mut picked: Vec<usize> = Vec::new();
            while picked.len() < n {
                let c = rng.below(choices.len());
                if !picked.contains(&c) {
                    picked.push(c);
                }
            }
            picked.sort();
            let mut items: Vec<Value> = picked.iter().map(|&c| json!(choices[c].value)).collect();
            if *other && items.len() < max && rng.chance(20) {
                items.push(json!({"other": TEXTS[rng.below(TEXTS.len())]}));
            }
            Value::Array(items)
        }
        Kind::Scale(s) => {
            if s.allow_na && rng.chance(10) {
                json!("na")
            } else {
                json!(s.min + rng.below(s.point_count()) as i64)
            }
        }
        Kind::YesNo => json!(rng.chance(50)),
        Kind::Number { min, max, .. } => {
            let lo = min.unwrap_or(0.0) as i64;
            let hi = max.unwrap_or(200.0) as i64;
            json!(lo + rng.below((hi - lo + 1) as usize) as i64)
        }
        Kind::Text { multiline, max_length } => {
            let mut t = TEXTS[rng.below(TEXTS.len())].to_string();
            if *multiline && rng.chance(30) {
                t.push('\n');
                t.push_str(TEXTS[rng.below(TEXTS.len())]);
            }
            if let Some(max) = max_length {
                t = t.chars().take(*max as usize).collect();
            }
            json!(t)
        }
        Kind::Matrix { rows, scale } => {
            let mut map = Map::new();
            for r in rows {
                if rng.chance(90) {
                    let v = if scale.allow_na && rng.chance(10) {
                        json!("na")
                    } else {
                        json!(scale.min + rng.below(scale.point_count()) as i64)
                    };
                    map.insert(r.id.clone(), v);
                }
            }
            if map.is_empty() {
                return None;
            }
            Value::Object(map)
        }
        Kind::Rank { choices, max_ranked } => {
            let limit = max_ranked.map_or(choices.len(), |m| m as usize);
            let n = 1 + rng.below(limit);
            let mut order: Vec<usize> = Vec::new();
            while order.len() < n {
                let c = rng.below(choices.len());
                if !order.contains(&c) {
                    order.push(c);
                }
            }
            Value::Array(order.iter().map(|&c| json!(choices[c].value)).collect())
        }
        Kind::Note => return None,
    })
}

/// A sheet as a respondent might fill it in: questions hidden by earlier answers left empty.
pub fn sheet(survey: &Survey, rng: &mut Rng) -> Map<String, Value> {
    let mut answers = Map::new();
    for (i, q) in survey.questions.iter().enumerate() {
        if !visibility(survey, &answers)[i] {
            continue;
        }
        if let Some(v) = answer(q, rng) {
            answers.insert(q.id.clone(), v);
        }
    }
    answers
}

/// Whether a typed code could still grow into another code (so the form waits for Enter).
fn grows(code: &str, codes: &[String]) -> bool {
    codes.iter().any(|c| c.len() > code.len() && c.starts_with(code))
}

/// The keys of one pick field (a choice number, a point, 1/2): the code, then Enter only when the
/// code could still grow (`1` on a 0–10 scale) or needs more (the text of "other").
fn pick(code: String, codes: &[String]) -> String {
    if grows(&code, codes) {
        format!("{code}<enter>")
    } else {
        code
    }
}

fn point_code(v: &Value) -> String {
    match v {
        Value::String(s) if s == "na" => "n".to_string(),
        other => other.to_string(),
    }
}

/// The text as typed: line breaks with Ctrl-J.
fn typed_text(t: &str) -> String {
    t.replace('<', "<lt>").replace('\n', "<c-j>")
}

/// The keys that type one sheet into `koe entry` after its number: each shown field in order.
pub fn entry_keys(survey: &Survey, answers: &Map<String, Value>) -> String {
    entry_keys_each(survey, answers).into_iter().map(|(_, k)| k).collect()
}

/// [`entry_keys`] question by question: (question index, its keys).
pub fn entry_keys_each(survey: &Survey, answers: &Map<String, Value>) -> Vec<(usize, String)> {
    let shown = visibility(survey, answers);
    let mut out = Vec::new();
    for (i, q) in survey.questions.iter().enumerate() {
        if !shown[i] || matches!(q.kind, Kind::Note) {
            continue;
        }
        let mut keys = String::new();
        let a = answers.get(&q.id);
        let choice_no = |v: &Value| -> String {
            let choices = q.kind.choices();
            match choices.iter().position(|c| Some(c.value.as_str()) == v.as_str()) {
                Some(p) => (p + 1).to_string(),
                None => (choices.len() + 1).to_string(), // other
            }
        };
        let n_options = q.kind.choices().len() + usize::from(q.kind.has_other());
        let option_codes: Vec<String> = (1..=n_options).map(|c| c.to_string()).collect();
        let sep = if n_options > 9 { " " } else { "" };
        match (&q.kind, a) {
            (Kind::Matrix { rows, scale }, a) => {
                let codes: Vec<String> = scale.points().map(|p| p.to_string()).collect();
                for r in rows {
                    match a.and_then(|a| a.get(&r.id)) {
                        Some(v) => keys.push_str(&pick(point_code(v), &codes)),
                        None => keys.push_str("<enter>"),
                    }
                }
            }
            (_, None) => keys.push_str("<enter>"),
            (Kind::SingleChoice { .. }, Some(v)) => match v.get("other").and_then(Value::as_str) {
                Some(text) => keys.push_str(&format!("{}{}<enter>", choice_no(v), typed_text(text))),
                None => keys.push_str(&pick(choice_no(v), &option_codes)),
            },
            (Kind::Scale(s), Some(v)) => {
                let codes: Vec<String> = s.points().map(|p| p.to_string()).collect();
                keys.push_str(&pick(point_code(v), &codes));
            }
            (Kind::YesNo, Some(v)) => keys.push_str(if v == &json!(true) { "1" } else { "2" }),
            (Kind::MultipleChoice { .. } | Kind::Rank { .. }, Some(Value::Array(items))) => {
                let codes: Vec<String> = items.iter().map(choice_no).collect();
                keys.push_str(&codes.join(sep));
                let other = items.iter().find_map(|i| i.get("other").and_then(Value::as_str));
                if let Some(text) = other {
                    keys.push_str(&typed_text(text));
                }
                // Multiple choice and rank never move on by themselves: Enter, even at the maximum.
                keys.push_str("<enter>");
            }
            (_, Some(Value::String(t))) => keys.push_str(&format!("{}<enter>", typed_text(t))),
            (_, Some(v)) => keys.push_str(&format!("{v}<enter>")),
        }
        out.push((i, keys));
    }
    out
}

/// A scale point as the kiosk takes it: its digit, or for a point above 9 End and then Left
/// down to it.
fn kiosk_point(v: &Value, max: i64) -> String {
    match v.as_i64() {
        Some(p) if p > 9 => format!("<end>{}", "<left>".repeat((max - p) as usize)),
        _ => point_code(v),
    }
}

/// The keys that answer the same sheet in the kiosk (`koe run`): Enter at the welcome screen,
/// each question as the kiosk takes it (a digit then Enter, Tab past a blank one), Enter to send
/// at the review.
pub fn kiosk_keys(survey: &Survey, answers: &Map<String, Value>) -> String {
    kiosk_keys_each(survey, answers).into_iter().map(|(_, k)| k).collect()
}

/// [`kiosk_keys`] question by question: (question index, its keys), the welcome and review
/// screens' keys with no question.
pub fn kiosk_keys_each(survey: &Survey, answers: &Map<String, Value>) -> Vec<(Option<usize>, String)> {
    let shown = visibility(survey, answers);
    let mut out = vec![(None, "<enter>".to_string())];
    for (i, q) in survey.questions.iter().enumerate() {
        if !shown[i] {
            continue;
        }
        let mut keys = String::new();
        let a = answers.get(&q.id);
        let choice_no = |v: &Value| -> String {
            let choices = q.kind.choices();
            match choices.iter().position(|c| Some(c.value.as_str()) == v.as_str()) {
                Some(p) => (p + 1).to_string(),
                None => (choices.len() + 1).to_string(),
            }
        };
        match (&q.kind, a) {
            (Kind::Note, _) => keys.push_str("<enter>"),
            (Kind::Matrix { rows, scale }, Some(a)) => {
                for r in rows {
                    match a.get(&r.id) {
                        Some(v) => keys.push_str(&kiosk_point(v, scale.max)),
                        None => keys.push_str("<down>"),
                    }
                }
                // Tab past a row left unanswered says so once; the second Tab goes on.
                if rows.iter().all(|r| a.get(&r.id).is_some()) {
                    keys.push_str("<tab>");
                } else {
                    keys.push_str("<tab><tab>");
                }
            }
            (_, None) => keys.push_str("<tab>"),
            (Kind::SingleChoice { .. }, Some(v)) => match v.get("other").and_then(Value::as_str) {
                Some(text) => keys.push_str(&format!("{}{}<enter>", choice_no(v), typed_text(text))),
                None => keys.push_str(&format!("{}<enter>", choice_no(v))),
            },
            (Kind::Scale(s), Some(v)) => keys.push_str(&format!("{}<enter>", kiosk_point(v, s.max))),
            (Kind::YesNo, Some(v)) => keys.push_str(if v == &json!(true) { "y<enter>" } else { "n<enter>" }),
            (Kind::MultipleChoice { .. } | Kind::Rank { .. }, Some(Value::Array(items))) => {
                for item in items {
                    keys.push_str(&choice_no(item));
                    if let Some(text) = item.get("other").and_then(Value::as_str) {
                        keys.push_str(&typed_text(text).replace("<c-j>", ""));
                    }
                }
                keys.push_str("<enter>");
            }
            (Kind::Text { multiline: true, .. }, Some(Value::String(t))) => {
                keys.push_str(&format!("{}<tab>", t.replace('<', "<lt>").replace('\n', "<enter>")))
            }
            (_, Some(Value::String(t))) => keys.push_str(&format!("{}<enter>", typed_text(t))),
            (_, Some(v)) => keys.push_str(&format!("{v}<enter>")),
        }
        out.push((Some(i), keys));
    }
    out.push((None, "<enter>".to_string()));
    out
}

/// How many keys a script presses (a named key is one key; each character is one key).
pub fn count_keys(script: &str) -> usize {
    koe::tui::script::keys(script).len()
}

/// How many answers a sheet holds: one per answered field (each matrix row its own).
pub fn answer_count(answers: &Map<String, Value>) -> usize {
    answers
        .values()
        .map(|v| match v {
            Value::Object(m) if m.get("other").is_none() => m.len(),
            _ => 1,
        })
        .sum()
}
