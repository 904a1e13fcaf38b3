//! Single and multiple choice: a numbered list, "other" with its own text as the last number.

use std::borrow::Cow;

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::{
    Canvas, Editor, KindEditor, KindRules, Look, PaperStyle, as_stored, ascii, decode_text, encode_other_shape, move_cursor, radio, typed_line,
    ui,
};
use crate::survey::answer::{
    Answer, AnswerFault, Chosen, needs_two_digit_keys, option_count, other_text, pick_limit, stated_pick_limit,
};
use crate::survey::{Kind, Question, Survey};
use crate::tui::editor::{Outcome, Problem, Typed};
use crate::tui::keymap::{Action, Keymap};
use crate::tui::text_field::TextField;
use crate::tui::wrap::{fit, pad, width, window};

pub struct Rules;

#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceEditor {
    pub multiple: bool,
    pub cursor: usize,
    /// Whether the highlight is shown: after the respondent moved it, or on an answer given.
    /// Enter picks the highlighted choice only then.
    pub highlighted: bool,
    /// A number being typed in a list longer than 9.
    pub typed: Typed,
    /// One flag per choice, then one for "other" when the question has it.
    pub picked: Vec<bool>,
    pub other: Option<TextField>,
    /// The most that may be picked ([`pick_limit`]).
    pub limit: usize,
}

impl KindRules for Rules {
    fn editor(&self, q: &Question, current: Option<&Value>) -> Editor {
        let choices = q.kind.choices();
        let other = q.kind.has_other();
        let multiple = matches!(q.kind, Kind::MultipleChoice { .. });
        let mut picked = vec![false; choices.len() + usize::from(other)];
        let mut other_field = other.then(|| TextField::new("", false));
        let items: Vec<&Value> = match current {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v) => vec![v],
            None => vec![],
        };
        for item in items {
            if let Some(i) = choices.iter().position(|c| Some(c.value.as_str()) == item.as_str()) {
                picked[i] = true;
            } else if let Ok(text) = other_text(item) {
                picked[choices.len()] = true;
                other_field = Some(TextField::new(text, false));
            }
        }
        let cursor = picked.iter().position(|p| *p).unwrap_or(0);
        Editor::Choice(ChoiceEditor {
            multiple,
            cursor,
            highlighted: picked.iter().any(|p| *p),
            typed: Typed::default(),
            picked,
            other: other_field,
            limit: pick_limit(q),
        })
    }

    fn describe(&self, survey: &Survey, q: &Question, v: &Value, lang: &str) -> String {
        match (&q.kind, v) {
            (Kind::SingleChoice { .. }, v) => choice_label(survey, q, v, lang),
            (_, Value::Array(items)) => labels(survey, q, items, lang),
            (_, v) => as_stored(v),
        }
    }

    fn paper_style(&self, q: &Question) -> PaperStyle {
        match q.kind {
            Kind::MultipleChoice { .. } => PaperStyle::Codes,
            _ => PaperStyle::Pick,
        }
    }

    fn decode(&self, q: &Question, _row: Option<usize>, text: &str) -> Result<Option<Value>, AnswerFault> {
        let answer = match &q.kind {
            Kind::MultipleChoice { .. } => Answer::Multiple(chosen(q, text)?),
            _ => {
                let mut items = chosen(q, text)?;
                if items.len() > 1 {
                    return Err(AnswerFault::TooMany(1));
                }
                match items.pop() {
                    Some(item) => Answer::Single(item),
                    None => return Err(not_an_option(q, text.trim())),
                }
            }
        };
        answer.check(q)?;
        Ok(Some(answer.to_value()))
    }

    fn encode(&self, q: &Question, _row: Option<usize>, v: &Value) -> String {
        match (&q.kind, v) {
            (Kind::SingleChoice { .. }, item) => encode_codes(q, std::slice::from_ref(item)),
            (_, Value::Array(items)) => encode_codes(q, items),
            (_, v) => encode_other_shape(v),
        }
    }

    fn could_grow(&self, q: &Question, text: &str) -> bool {
        match q.kind {
            Kind::SingleChoice { .. } => {
                let t = ascii(text).trim().to_string();
                (1..=option_count(q)).any(|c| {
                    let c = c.to_string();
                    c.len() > t.len() && c.starts_with(&t)
                })
            }
            _ => false,
        }
    }

    fn could_be(&self, q: &Question, text: &str) -> bool {
        match q.kind {
            Kind::SingleChoice { .. } => {
                // "other", then its text: anything after the other number is the text.
                if q.kind.has_other() && split_codes(q, text).0 == [option_count(q)] {
                    return true;
                }
                decode_text(q, None, text).is_ok() || self.could_grow(q, text)
            }
            _ => true,
        }
    }

    fn paper_options(&self, survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
        let mut out = numbered(survey, q, lang);
        if q.kind.has_other() {
            out.push(format!("{} その他（番号のあとに内容）", q.kind.choices().len() + 1));
        }
        out
    }

    fn paper_hint(&self, q: &Question) -> Cow<'static, str> {
        match &q.kind {
            Kind::SingleChoice { other: true, .. } => "番号で次へ。その他は番号のあとに内容を入力して Enter".into(),
            Kind::SingleChoice { .. } => "番号で次へ。空のまま Enter: 無回答".into(),
            _ if needs_two_digit_keys(q) => separated_hint(q),
            Kind::MultipleChoice { other: true, .. } => {
                format!("{}。その他は最後に番号と内容", codes_hint(q, "", &[1, 3, 5, 2, 4])).into()
            }
            _ => codes_hint(q, "", &[1, 3, 5, 2, 4]).into(),
        }
    }
}

impl KindEditor for ChoiceEditor {
    fn act(&mut self, _q: &Question, action: Action, width: usize) -> Outcome {
        if self.other_focused()
            && let Some(f) = self.other.as_mut()
        {
            if let Action::Type(c) = action {
                f.insert(&c.to_string());
                return Outcome::Handled;
            }
            // The "other" text is one line: Up and Down still move between the choices.
            if f.apply(action, width) {
                return Outcome::Handled;
            }
        }
        let n = self.picked.len();
        let pending = self.typed.text().parse::<usize>().ok();
        if !matches!(action, Action::Digit(_) | Action::Backspace) {
            self.typed.clear();
        }
        match action {
            // A number typed in a long multiple-choice list is toggled by Enter.
            Action::Confirm if self.multiple && pending.is_some() => self.toggle(pending.unwrap_or(1) - 1),
            Action::Confirm => {
                // Enter on the highlighted choice picks it when none is picked.
                if !self.multiple && self.highlighted && !self.picked.iter().any(|p| *p) {
                    self.pick(self.cursor);
                    if self.other_focused() {
                        return Outcome::Handled;
                    }
                }
                Outcome::Confirm
            }
            Action::Up | Action::Down if !self.highlighted => {
                self.highlighted = true;
                Outcome::Handled
            }
            Action::Up | Action::Down => move_cursor(&mut self.cursor, n, action),
            Action::Toggle => self.toggle(self.cursor),
            Action::Select(i) => self.toggle(i),
            Action::Backspace if self.typed.backspace() => Outcome::Handled,
            Action::Digit(d) => match self.typed.push(d, |x| x >= 1 && x <= n as i64) {
                Some(x) if !self.multiple => {
                    self.pick(x as usize - 1);
                    if self.typed.complete(n as i64) {
                        self.typed.clear();
                    }
                    Outcome::Handled
                }
                Some(x) if self.typed.complete(n as i64) => {
                    self.typed.clear();
                    self.toggle(x as usize - 1)
                }
                Some(x) => {
                    self.cursor = x as usize - 1;
                    self.highlighted = true;
                    Outcome::Handled
                }
                None => Outcome::Ignored,
            },
            Action::Focus(i) if self.picked.get(i) == Some(&true) => {
                self.cursor = i;
                Outcome::Handled
            }
            Action::Focus(i) => self.toggle(i),
            _ => Outcome::Ignored,
        }
    }

    fn paste(&mut self, _q: &Question, text: &str) -> Outcome {
        if !self.other_focused() {
            return Outcome::Ignored;
        }
        if let Some(f) = self.other.as_mut() {
            f.insert(text);
        }
        Outcome::Handled
    }

    /// The choices picked, as an answer (checked by the caller).
    fn answer(&self, q: &Question) -> Result<Option<Answer>, AnswerFault> {
        let choices = q.kind.choices();
        let items: Vec<Chosen> = self
            .picked
            .iter()
            .enumerate()
            .filter(|(_, p)| **p)
            .map(|(i, _)| match choices.get(i) {
                Some(c) => Chosen::Choice(c.value.clone()),
                None => Chosen::Other(self.other.as_ref().map_or("", |f| f.text()).trim().to_string()),
            })
            .collect();
        Ok(match (self.multiple, items.len()) {
            (_, 0) => None,
            (true, _) => Some(Answer::Multiple(items)),
            (false, _) => items.into_iter().next().map(Answer::Single),
        })
    }

    fn keymap(&self) -> Keymap {
        if self.other_focused() {
            Keymap::OtherText
        } else if self.multiple {
            Keymap::MultipleChoice
        } else {
            Keymap::SingleChoice
        }
    }

    fn focused_field(&self) -> Option<&TextField> {
        if self.other_focused() { self.other.as_ref() } else { None }
    }

    fn other_text_empty(&self) -> bool {
        self.other_focused() && self.other.as_ref().is_some_and(|f| f.text().is_empty())
    }

    fn draw(&self, survey: &Survey, q: &Question, body: &mut dyn Canvas, lang: &str) {
        let c = self;
        let choices = q.kind.choices();
        let w = body.width();
        let counter = stated_pick_limit(q).map(|max| {
            format!(
                "{} {} / {max}",
                ui(lang, "選択数", "Chosen"),
                c.picked.iter().filter(|p| **p).count()
            )
        });
        let typed = typed_line(c.typed.text(), lang);
        let below = usize::from(counter.is_some()) + usize::from(typed.is_some());
        let room = body.remaining().saturating_sub(below).max(1);
        let (start, end) = window(c.picked.len(), c.cursor, room);
        let long = needs_two_digit_keys(q);
        for (i, picked) in c.picked.iter().enumerate().take(end).skip(start) {
            let label = match choices.get(i) {
                Some(choice) => survey.tr(&choice.label, lang).to_string(),
                None => format!("{}:", ui(lang, "その他", "Other")),
            };
            let here = c.highlighted && i == c.cursor;
            let marker = if here { ">" } else { " " };
            let key = if long {
                format!("{:>2}.", i + 1)
            } else {
                format!("{}.", i + 1)
            };
            let text = format!("{marker} {key} {} {label}", radio(*picked, c.multiple));
            let style = if here { body.look(Look::Selected) } else { Style::new() };
            if i >= choices.len() {
                // The "other" row: its text field follows the label.
                let prefix_w = width(&text) + 1;
                let field = c.other.as_ref();
                let text_w = w.saturating_sub(prefix_w + 1).max(2);
                let shown = field
                    .map(|f| f.layout(text_w))
                    .map(|l| l.lines.join(" "))
                    .unwrap_or_default();
                let line = Line::from(vec![
                    Span::styled(text, style),
                    Span::raw(" "),
                    Span::styled(fit(&shown, text_w), Style::new().add_modifier(Modifier::UNDERLINED)),
                ]);
                let row = body.line(line);
                // The label picks (or toggles) "other"; its text field takes the typing.
                body.hit(row, 0, prefix_w, Action::Select(i));
                body.hit(row, prefix_w, text_w, Action::Focus(i));
                if c.other_focused()
                    && let Some(f) = field
                {
                    let l = f.layout(text_w);
                    body.caret(prefix_w + l.caret.1.min(text_w), row);
                }
            } else {
                let row = body.line(Line::styled(pad(&text, w), style));
                body.hit_line(row, Action::Select(i));
            }
        }
        if let Some(t) = typed {
            body.text(&t, body.look(Look::Accent));
        }
        if let Some(counter) = counter {
            body.text(&counter, body.look(Look::Dim));
        }
    }
}

impl ChoiceEditor {
    fn other_index(&self) -> Option<usize> {
        self.other.as_ref().map(|_| self.picked.len() - 1)
    }

    /// Typing goes into the "other" text when it is picked and the cursor is on it.
    pub fn other_focused(&self) -> bool {
        self.other_index().is_some_and(|i| self.cursor == i && self.picked[i])
    }

    fn toggle(&mut self, i: usize) -> Outcome {
        if i >= self.picked.len() {
            return Outcome::Ignored;
        }
        self.cursor = i;
        self.highlighted = true;
        if !self.multiple {
            let was = self.picked[i];
            self.picked.iter_mut().for_each(|p| *p = false);
            self.picked[i] = !was || Some(i) == self.other_index();
            return Outcome::Handled;
        }
        if !self.picked[i] && self.picked.iter().filter(|p| **p).count() >= self.limit {
            return Outcome::Refused(Problem::Fault(AnswerFault::TooMany(self.limit as u32)));
        }
        self.picked[i] = !self.picked[i];
        Outcome::Handled
    }

    /// Picks exactly choice `i` of a single-choice list (a typed number growing from 1 to 12).
    fn pick(&mut self, i: usize) {
        self.picked.iter_mut().for_each(|p| *p = false);
        self.picked[i] = true;
        self.cursor = i;
        self.highlighted = true;
    }
}

/// A chosen item's label: the choice's label in `lang`, or "その他: <text>".
fn choice_label(survey: &Survey, q: &Question, value: &Value, lang: &str) -> String {
    if let Some(text) = value.get("other").and_then(Value::as_str) {
        return format!("{}: {text}", ui(lang, "その他", "Other"));
    }
    let raw = value.as_str().unwrap_or_default();
    q.kind
        .choices()
        .iter()
        .find(|c| c.value == raw)
        .map_or_else(|| raw.to_string(), |c| survey.tr(&c.label, lang).to_string())
}

/// Several chosen items' labels in a row (multiple choice, or rank in rank order).
pub(super) fn labels(survey: &Survey, q: &Question, items: &[Value], lang: &str) -> String {
    items
        .iter()
        .map(|v| choice_label(survey, q, v, lang))
        .collect::<Vec<_>>()
        .join(if lang == "ja" { "、" } else { ", " })
}

/// The choices numbered as they are typed: "1 行政".
pub(super) fn numbered(survey: &Survey, q: &Question, lang: &str) -> Vec<String> {
    q.kind
        .choices()
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} {}", i + 1, survey.tr(&c.label, lang)))
        .collect()
}

/// Splits typed codes from the "other" text that follows them: `"36家族会"` → `([3, 6], "家族会")`.
/// With more than 9 options the codes are numbers separated by spaces or commas, and the text
/// starts at the first piece that is not a number. Full-width digits count as digits; the text
/// itself is kept exactly as typed.
pub(crate) fn split_codes(q: &Question, text: &str) -> (Vec<usize>, String) {
    let digit = |c: char| ascii(&c.to_string()).chars().next().and_then(|d| d.to_digit(10));
    let is_sep = |c: char| matches!(c, ' ' | ',' | '、' | '，' | '\u{3000}');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut codes = Vec::new();
    let mut i = 0;
    if needs_two_digit_keys(q) {
        loop {
            while i < chars.len() && is_sep(chars[i].1) {
                i += 1;
            }
            let start = i;
            let mut n: usize = 0;
            while i < chars.len()
                && let Some(d) = digit(chars[i].1)
            {
                n = n.saturating_mul(10).saturating_add(d as usize);
                i += 1;
            }
            let boundary = i == chars.len() || is_sep(chars[i].1);
            if i == start || !boundary {
                i = start;
                break;
            }
            codes.push(n);
        }
    } else {
        while i < chars.len()
            && let Some(d) = digit(chars[i].1)
        {
            codes.push(d as usize);
            i += 1;
        }
    }
    let rest = chars.get(i).map_or("", |&(at, _)| &text[at..]);
    (codes, rest.trim().to_string())
}

/// A typed code that is not one of the options.
pub(super) fn not_an_option(q: &Question, found: &str) -> AnswerFault {
    AnswerFault::UnknownChoice {
        found: found.to_string(),
        choices: format!("1-{}", option_count(q)),
    }
}

/// The typed codes of a choice question as the items chosen ("other" with the text after it).
pub(super) fn chosen(q: &Question, text: &str) -> Result<Vec<Chosen>, AnswerFault> {
    let (codes, rest) = split_codes(q, text);
    let choices = q.kind.choices();
    let mut items = Vec::new();
    for c in codes {
        match c {
            c if (1..=choices.len()).contains(&c) => items.push(Chosen::Choice(choices[c - 1].value.clone())),
            c if c == choices.len() + 1 && q.kind.has_other() => items.push(Chosen::Other(rest.clone())),
            c => return Err(not_an_option(q, &c.to_string())),
        }
    }
    // Text after the codes belongs to "other" only.
    if !rest.is_empty() && !items.iter().any(|i| matches!(i, Chosen::Other(_))) {
        return Err(not_an_option(q, &rest));
    }
    Ok(items)
}

/// The codes that give back chosen items (separated where options run past 9), then the
/// "other" text.
pub(super) fn encode_codes(q: &Question, items: &[Value]) -> String {
    let sep = if needs_two_digit_keys(q) { " " } else { "" };
    let code_of = |item: &Value| -> Option<String> {
        let choices = q.kind.choices();
        if let Some(i) = choices.iter().position(|c| Some(c.value.as_str()) == item.as_str()) {
            return Some((i + 1).to_string());
        }
        item.get("other").map(|_| option_count(q).to_string())
    };
    let other = items
        .iter()
        .find_map(|i| i.get("other").and_then(Value::as_str))
        .map(|t| {
            let lead = if t.starts_with(|c: char| c.is_ascii_digit()) || needs_two_digit_keys(q) {
                " "
            } else {
                ""
            };
            format!("{lead}{t}")
        })
        .unwrap_or_default();
    let codes: Vec<String> = items.iter().filter_map(code_of).collect();
    format!("{}{other}", codes.join(sep))
}

/// How codes are typed where options run past 9 (multiple choice, rank).
pub(super) fn separated_hint(q: &Question) -> Cow<'static, str> {
    match stated_pick_limit(q) {
        Some(m) => format!("番号を空白かカンマで区切って入力し Enter（{m}つまで）").into(),
        None => "番号を空白かカンマで区切って入力し Enter".into(),
    }
}

/// How codes are typed in a row then Enter, with an example that never has more codes than the
/// field takes (a code past the maximum is refused).
pub(super) fn codes_hint(q: &Question, what: &str, order: &[usize]) -> String {
    let most = pick_limit(q);
    let example: String = order
        .iter()
        .filter(|&&c| c <= q.kind.choices().len())
        .take(most.min(3))
        .map(|c| c.to_string())
        .collect();
    let max = match stated_pick_limit(q) {
        Some(_) => format!("{most}つまで。"),
        None => String::new(),
    };
    format!("{what}番号を続けて入力し Enter（{max}例: {example}）")
}
