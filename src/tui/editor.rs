//! The answer being edited on a question screen: one editor per question type, driven by keys,
//! turned into an answer value (or a problem to show) when the respondent confirms.
//!
//! Pure logic, no drawing: the views read these states, and tests drive them with key events.

use serde_json::Value;

use super::keymap::{Action, Keymap};
use super::text_field::TextField;
use crate::survey::answer::{
    Answer, AnswerFault, Chosen, check_length, number_char, other_text, parse_typed_number, parse_typed_text,
    text_length,
};
use crate::survey::{Kind, Question, ScaleDef};

pub use crate::survey::answer::{Pick, scale_picks};

/// A stored point as the editor shows it.
fn pick_of(v: &Value) -> Option<Pick> {
    Pick::from_value(v)
}

/// What the respondent must fix before going on, or why the screen did not move on; shown in
/// their language.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// The answer breaks one of the survey's rules.
    Fault(AnswerFault),
    /// The answer is kept here but could not be saved yet (the facilitator is told why).
    NotSaved,
    /// The database is busy (another koe is importing): the answer is kept and saved as soon
    /// as it can be.
    Saving,
    /// Enter on a matrix row that has no answer yet: how to answer it.
    RowHowTo,
    /// Tab on a matrix with rows unanswered: told once, the second Tab goes on.
    RowsLeft(usize),
}

impl Problem {
    pub fn message(&self, lang: &str) -> String {
        match self {
            Problem::Fault(f) => f.message(lang),
            Problem::NotSaved if lang == "ja" => {
                "保存できませんでした。係の人に声をかけてください。回答は残っています。".into()
            }
            Problem::NotSaved => "Not saved yet. Please tell the facilitator; your answer is kept.".into(),
            Problem::Saving if lang == "ja" => "保存中です。そのままお待ちください。".into(),
            Problem::Saving => "Saving... please wait.".into(),
            Problem::RowHowTo if lang == "ja" => "この行は未回答です。数字か左右キーで選んでください。".into(),
            Problem::RowHowTo => "This row has no answer yet: type a number or use Left/Right.".into(),
            Problem::RowsLeft(n) if lang == "ja" => {
                format!("未回答の行が {n} つあります。このまま進むにはもう一度 Tab を押してください。")
            }
            Problem::RowsLeft(n) => format!("{n} row(s) have no answer. Press Tab again to go on anyway."),
        }
    }
}

impl From<AnswerFault> for Problem {
    fn from(f: AnswerFault) -> Self {
        Problem::Fault(f)
    }
}

/// What a key did.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The key changed (or did not need to change) the editor.
    Handled,
    /// The key asks to confirm the answer and go on.
    Confirm,
    /// The key was refused, with a reason for the respondent.
    Refused(Problem),
    /// The editor has no use for this key.
    Ignored,
}

/// Digits typed to reach a number above 9 (a point of a 0–10 scale, choice 12): what has been
/// typed so far, shown on screen so the respondent sees `1` become `10`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed(String);

impl Typed {
    /// Adds a digit and returns the number now typed: the digits so far followed by `d` when that
    /// is still `valid`, else `d` alone (starting over), else nothing.
    fn push(&mut self, d: u8, valid: impl Fn(i64) -> bool) -> Option<i64> {
        let so_far: Option<i64> = self.0.parse().ok().filter(|n| *n != 0);
        if let Some(n) = so_far.map(|n| n * 10 + i64::from(d))
            && valid(n)
        {
            self.0.push(char::from(b'0' + d));
            return Some(n);
        }
        self.0.clear();
        if valid(i64::from(d)) {
            self.0.push(char::from(b'0' + d));
            Some(i64::from(d))
        } else {
            None
        }
    }

    /// Whether the number typed cannot grow into another valid one (no digit can follow).
    fn complete(&self, max: i64) -> bool {
        self.0.parse::<i64>().is_ok_and(|n| n == 0 || n * 10 > max)
    }

    /// The digits typed, for the screen.
    pub fn text(&self) -> &str {
        &self.0
    }

    fn clear(&mut self) {
        self.0.clear();
    }

    fn backspace(&mut self) -> bool {
        self.0.pop().is_some()
    }
}

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
    pub max: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MatrixEditor {
    pub row: usize,
    pub values: Vec<Option<Pick>>,
    /// A point being typed on the current row (scales above 9 points).
    pub typed: Typed,
    /// The last key answered a row and moved on: an Enter now only confirms that row.
    moved_on: bool,
    /// The respondent was told that rows are unanswered (Tab goes on the second time).
    pub warned: bool,
}

/// A scale's point and the digits typed for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleEditor {
    pub pick: Option<Pick>,
    pub typed: Typed,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RankEditor {
    pub cursor: usize,
    /// A number being typed in a list longer than 9.
    pub typed: Typed,
    /// Indexes of the choices in rank order.
    pub order: Vec<usize>,
    pub limit: usize,
}

/// The editing state of the current question.
#[derive(Clone, Debug, PartialEq)]
pub enum Editor {
    Choice(ChoiceEditor),
    Scale(ScaleEditor),
    YesNo(Option<bool>),
    Number(TextField),
    Text(TextField),
    Matrix(MatrixEditor),
    Rank(RankEditor),
    Note,
}

impl Editor {
    /// The editor for a question, showing the answer already given (if any).
    pub fn new(q: &Question, current: Option<&Value>) -> Editor {
        match &q.kind {
            Kind::SingleChoice { choices, other } | Kind::MultipleChoice { choices, other, .. } => {
                let multiple = matches!(q.kind, Kind::MultipleChoice { .. });
                let mut picked = vec![false; choices.len() + usize::from(*other)];
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
                let max = match &q.kind {
                    Kind::MultipleChoice { max_selected, .. } => *max_selected,
                    _ => None,
                };
                Editor::Choice(ChoiceEditor {
                    multiple,
                    cursor,
                    highlighted: picked.iter().any(|p| *p),
                    typed: Typed::default(),
                    picked,
                    other: other_field,
                    max,
                })
            }
            Kind::Scale(_) => Editor::Scale(ScaleEditor {
                pick: current.and_then(pick_of),
                typed: Typed::default(),
            }),
            Kind::YesNo => Editor::YesNo(current.and_then(Value::as_bool)),
            Kind::Number { .. } => {
                let text = current.map(|v| v.to_string()).unwrap_or_default();
                Editor::Number(TextField::new(&text, false))
            }
            Kind::Text { multiline, .. } => Editor::Text(TextField::new(
                current.and_then(Value::as_str).unwrap_or(""),
                *multiline,
            )),
            Kind::Matrix { rows, .. } => {
                let values = rows
                    .iter()
                    .map(|r| current.and_then(|v| v.get(&r.id)).and_then(pick_of))
                    .collect::<Vec<_>>();
                let row = values.iter().position(Option::is_none).unwrap_or(0);
                Editor::Matrix(MatrixEditor {
                    row,
                    values,
                    typed: Typed::default(),
                    moved_on: false,
                    warned: false,
                })
            }
            Kind::Rank { choices, max_ranked } => {
                let order = match current {
                    Some(Value::Array(items)) => items
                        .iter()
                        .filter_map(|v| choices.iter().position(|c| Some(c.value.as_str()) == v.as_str()))
                        .collect(),
                    _ => vec![],
                };
                let limit = max_ranked.map_or(choices.len(), |m| m as usize);
                Editor::Rank(RankEditor {
                    cursor: 0,
                    typed: Typed::default(),
                    order,
                    limit,
                })
            }
            Kind::Note => Editor::Note,
        }
    }

    /// The text field that has the keyboard focus, if any: the caret goes there.
    pub fn focused_field(&self) -> Option<&TextField> {
        match self {
            Editor::Number(f) | Editor::Text(f) => Some(f),
            Editor::Choice(c) if c.other_focused() => c.other.as_ref(),
            _ => None,
        }
    }

    /// "Other" is picked and focused, and nothing is typed in it yet.
    pub fn other_text_empty(&self) -> bool {
        matches!(self, Editor::Choice(c) if c.other_focused() && c.other.as_ref().is_some_and(|f| f.text().is_empty()))
    }

    /// Whether Enter types a line break here (multi-line text), so only Tab goes on.
    pub fn enter_is_newline(&self) -> bool {
        matches!(self, Editor::Text(f) if f.is_multiline())
    }

    /// The key table that applies to this editor now.
    pub fn keymap(&self) -> Keymap {
        match self {
            Editor::Choice(c) if c.other_focused() => Keymap::OtherText,
            Editor::Choice(c) if c.multiple => Keymap::MultipleChoice,
            Editor::Choice(_) => Keymap::SingleChoice,
            Editor::Scale(_) => Keymap::Scale,
            Editor::YesNo(_) => Keymap::YesNo,
            Editor::Number(_) => Keymap::Number,
            Editor::Text(f) if f.is_multiline() => Keymap::MultilineText,
            Editor::Text(_) => Keymap::Text,
            Editor::Matrix(_) => Keymap::Matrix,
            Editor::Rank(_) => Keymap::Rank,
            Editor::Note => Keymap::Note,
        }
    }

    /// Handles one action. `width` is the text area's width, for moving up and down wrapped lines.
    pub fn act(&mut self, q: &Question, action: Action, width: usize) -> Outcome {
        match self {
            Editor::Choice(c) => c.act(action, width),
            Editor::Scale(e) => {
                let Kind::Scale(s) = &q.kind else {
                    return Outcome::Ignored;
                };
                scale_act(s, e, action)
            }
            Editor::YesNo(v) => match action {
                Action::Confirm => Outcome::Confirm,
                Action::Yes => {
                    *v = Some(true);
                    Outcome::Handled
                }
                Action::No => {
                    *v = Some(false);
                    Outcome::Handled
                }
                _ => Outcome::Ignored,
            },
            Editor::Number(f) => match action {
                Action::Confirm => Outcome::Confirm,
                Action::Type(c) if number_char(c) => {
                    f.insert(&c.to_string());
                    Outcome::Handled
                }
                Action::Type(_) => Outcome::Refused(Problem::Fault(AnswerFault::NotANumber)),
                a => edit(f, a, width),
            },
            Editor::Text(f) => match action {
                Action::NewLine => {
                    f.newline();
                    limit(f, q)
                }
                Action::Confirm => Outcome::Confirm,
                Action::Type(c) => {
                    f.insert(&c.to_string());
                    limit(f, q)
                }
                a => edit(f, a, width),
            },
            Editor::Matrix(m) => {
                let Kind::Matrix { scale, .. } = &q.kind else {
                    return Outcome::Ignored;
                };
                m.act(scale, action)
            }
            Editor::Rank(r) => {
                let n = q.kind.choices().len();
                r.act(n, action)
            }
            Editor::Note => match action {
                Action::Confirm => Outcome::Confirm,
                _ => Outcome::Ignored,
            },
        }
    }

    /// Pasted text: into the focused text field, cleaned there.
    pub fn paste(&mut self, q: &Question, text: &str) -> Outcome {
        match self {
            Editor::Text(f) => {
                f.insert(text);
                limit(f, q)
            }
            Editor::Number(f) => {
                let clean = text.trim();
                if clean.chars().all(number_char) {
                    f.insert(clean);
                    Outcome::Handled
                } else {
                    Outcome::Refused(Problem::Fault(AnswerFault::NotANumber))
                }
            }
            Editor::Choice(c) if c.other_focused() => {
                if let Some(f) = c.other.as_mut() {
                    f.insert(text);
                }
                Outcome::Handled
            }
            _ => Outcome::Ignored,
        }
    }

    /// The answer as it stands: `Ok(None)` when nothing is answered, `Err` when it breaks one of
    /// the survey's rules. Does not check `required` (the app does, knowing the whole response).
    pub fn value(&self, q: &Question) -> Result<Option<Answer>, AnswerFault> {
        let answer = match self {
            Editor::Choice(c) => c.answer(q),
            Editor::Scale(e) => e.pick.map(Answer::Scale),
            Editor::YesNo(v) => v.map(Answer::YesNo),
            Editor::Number(f) => parse_typed_number(q, f.text())?,
            Editor::Text(f) => parse_typed_text(q, f.text())?,
            Editor::Matrix(m) => {
                let Kind::Matrix { rows, .. } = &q.kind else {
                    return Ok(None);
                };
                let picked: Vec<(String, Pick)> = rows
                    .iter()
                    .zip(&m.values)
                    .filter_map(|(r, v)| v.map(|p| (r.id.clone(), p)))
                    .collect();
                (!picked.is_empty()).then_some(Answer::Matrix(picked))
            }
            Editor::Rank(r) => {
                let choices = q.kind.choices();
                (!r.order.is_empty()).then(|| Answer::Rank(r.order.iter().map(|&i| choices[i].value.clone()).collect()))
            }
            Editor::Note => None,
        };
        if let Some(a) = &answer {
            a.check(q)?;
        }
        Ok(answer)
    }
}

/// Keeps a text within `max_length` (counted as [`text_length`] counts), refusing what goes over.
fn limit(f: &mut TextField, q: &Question) -> Outcome {
    let Err(fault) = check_length(q, f.text()) else {
        return Outcome::Handled;
    };
    while check_length(q, f.text()).is_err() && text_length(f.text()) > 0 {
        f.backspace();
    }
    Outcome::Refused(Problem::Fault(fault))
}

/// Up and Down in a list of `len` rows.
fn move_cursor(cursor: &mut usize, len: usize, action: Action) -> Outcome {
    *cursor = match action {
        Action::Up => cursor.saturating_sub(1),
        _ => (*cursor + 1).min(len.saturating_sub(1)),
    };
    Outcome::Handled
}

/// Caret movement and deletion in a text field.
fn edit(f: &mut TextField, action: Action, width: usize) -> Outcome {
    if f.apply(action, width) {
        Outcome::Handled
    } else {
        Outcome::Ignored
    }
}

fn scale_act(s: &ScaleDef, e: &mut ScaleEditor, action: Action) -> Outcome {
    let picks = scale_picks(s);
    let at = e.pick.and_then(|p| picks.iter().position(|x| *x == p));
    if !matches!(action, Action::Digit(_) | Action::Backspace) {
        e.typed.clear();
    }
    match action {
        Action::Confirm => return Outcome::Confirm,
        Action::Left => e.pick = Some(picks[at.map_or(0, |i| i.saturating_sub(1))]),
        Action::Right => e.pick = Some(picks[at.map_or(0, |i| (i + 1).min(picks.len() - 1))]),
        Action::Home => e.pick = Some(picks[0]),
        Action::End => e.pick = Some(picks[picks.len() - 1]),
        Action::Select(i) if i < picks.len() => e.pick = Some(picks[i]),
        Action::Backspace => {
            if !e.typed.backspace() {
                return Outcome::Ignored;
            }
            e.pick = e.typed.text().parse().ok().map(Pick::Point);
        }
        _ => match typed_pick(s, &mut e.typed, action) {
            Some(p) => {
                e.pick = Some(p);
                // Shown while another digit could still change it (`1` on a 0–10 scale).
                if e.typed.complete(s.max) {
                    e.typed.clear();
                }
            }
            None => return Outcome::Ignored,
        },
    }
    Outcome::Handled
}

/// A point chosen by typing: its number (digits add up: `1` `0` is 10 where 10 is a point), or
/// `n` (or `0` where 0 is not a point) for N/A.
fn typed_pick(s: &ScaleDef, typed: &mut Typed, action: Action) -> Option<Pick> {
    match action {
        Action::Digit(d) => match typed.push(d, |n| (s.min..=s.max).contains(&n)) {
            Some(n) => Some(Pick::Point(n)),
            None if d == 0 && s.allow_na => Some(Pick::Na),
            None => None,
        },
        Action::NotApplicable if s.allow_na => {
            typed.clear();
            Some(Pick::Na)
        }
        _ => None,
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
        if !self.picked[i]
            && let Some(max) = self.max
            && self.picked.iter().filter(|p| **p).count() as u32 >= max
        {
            return Outcome::Refused(Problem::Fault(AnswerFault::TooMany(max)));
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

    fn act(&mut self, action: Action, width: usize) -> Outcome {
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

    /// The choices picked, as an answer (checked by the caller).
    fn answer(&self, q: &Question) -> Option<Answer> {
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
        match (self.multiple, items.len()) {
            (_, 0) => None,
            (true, _) => Some(Answer::Multiple(items)),
            (false, _) => items.into_iter().next().map(Answer::Single),
        }
    }
}

impl MatrixEditor {
    /// The next row without an answer after the current one (wrapping), if any.
    fn next_unanswered(&self) -> Option<usize> {
        let n = self.values.len();
        (1..=n).map(|k| (self.row + k) % n).find(|&r| self.values[r].is_none())
    }

    /// How many rows have no answer.
    pub fn unanswered(&self) -> usize {
        self.values.iter().filter(|v| v.is_none()).count()
    }

    /// The current row is answered: on to the next unanswered one (or stay on the last).
    fn answered_row(&mut self) {
        self.typed.clear();
        if let Some(r) = self.next_unanswered() {
            self.row = r;
            self.moved_on = true;
        }
    }

    fn act(&mut self, s: &ScaleDef, action: Action) -> Outcome {
        let picks = scale_picks(s);
        let rows = self.values.len();
        if let Action::Cell { row, point } = action {
            // A clicked cell answers its row as a typed point answers the current one.
            let Some(&p) = picks.get(point).filter(|_| row < rows) else {
                return Outcome::Ignored;
            };
            self.moved_on = false;
            self.row = row;
            self.values[row] = Some(p);
            self.answered_row();
            return Outcome::Handled;
        }
        let moved_on = std::mem::take(&mut self.moved_on);
        let at = self.values[self.row].and_then(|p| picks.iter().position(|x| *x == p));
        if !matches!(action, Action::Digit(_) | Action::Backspace) {
            self.typed.clear();
        }
        match action {
            Action::Confirm => {
                if moved_on {
                    // "3 Enter 2 Enter": this Enter confirms the row the digit answered.
                    return Outcome::Handled;
                }
                if self.values[self.row].is_none() {
                    return Outcome::Refused(Problem::RowHowTo);
                }
                if self.next_unanswered().is_some() {
                    self.answered_row();
                    self.moved_on = false;
                    return Outcome::Handled;
                }
                return Outcome::Confirm;
            }
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Down => self.row = (self.row + 1).min(rows - 1),
            Action::Left => self.values[self.row] = Some(picks[at.map_or(0, |i| i.saturating_sub(1))]),
            Action::Right => {
                self.values[self.row] = Some(picks[at.map_or(0, |i| (i + 1).min(picks.len() - 1))]);
            }
            Action::Backspace => {
                if !self.typed.backspace() {
                    return Outcome::Ignored;
                }
                self.values[self.row] = self.typed.text().parse().ok().map(Pick::Point);
            }
            _ => match typed_pick(s, &mut self.typed, action) {
                Some(p) => {
                    self.values[self.row] = Some(p);
                    // A point that no further digit can change answers the row: go on to the
                    // next unanswered one. (On a 1–10 scale, `1` waits for a possible `0`.)
                    if p == Pick::Na || self.typed.complete(s.max) {
                        self.answered_row();
                    }
                }
                None => return Outcome::Ignored,
            },
        }
        Outcome::Handled
    }
}

impl RankEditor {
    fn take_or_give_back(&mut self, i: usize) -> Outcome {
        if let Some(pos) = self.order.iter().position(|&x| x == i) {
            self.order.remove(pos);
        } else if self.order.len() >= self.limit {
            return Outcome::Refused(Problem::Fault(AnswerFault::TooMany(self.limit as u32)));
        } else {
            self.order.push(i);
        }
        Outcome::Handled
    }

    fn act(&mut self, n: usize, action: Action) -> Outcome {
        let pending = self.typed.text().parse::<usize>().ok();
        if !matches!(action, Action::Digit(_) | Action::Backspace) {
            self.typed.clear();
        }
        match action {
            Action::Confirm if pending.is_some() => self.take_or_give_back(self.cursor),
            Action::Confirm => Outcome::Confirm,
            Action::Up | Action::Down => move_cursor(&mut self.cursor, n, action),
            Action::Toggle => self.take_or_give_back(self.cursor),
            Action::Select(i) if i < n => {
                self.cursor = i;
                self.take_or_give_back(i)
            }
            Action::Backspace if self.typed.backspace() => Outcome::Handled,
            Action::Digit(d) => match self.typed.push(d, |x| x >= 1 && x <= n as i64) {
                Some(x) => {
                    self.cursor = x as usize - 1;
                    if self.typed.complete(n as i64) {
                        self.typed.clear();
                        self.take_or_give_back(self.cursor)
                    } else {
                        Outcome::Handled
                    }
                }
                None => Outcome::Ignored,
            },
            _ => Outcome::Ignored,
        }
    }

    /// The rank (1-based) of a choice, when it has one.
    pub fn rank_of(&self, i: usize) -> Option<usize> {
        self.order.iter().position(|&x| x == i).map(|p| p + 1)
    }
}
