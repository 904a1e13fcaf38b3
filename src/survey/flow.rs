//! One respondent's way through a questionnaire: which question comes next, which come back
//! when an answer changes, what the review lists. Which questions are shown at all is the rule
//! of [`super::shown`].

use std::rc::Rc;

use serde_json::{Map, Value};

use super::answer::{AnswerFault, check_response};
use super::model::{Kind, Survey};
use super::shown::{hidden_answers, visible_questions};

/// One respondent's way through a questionnaire: the survey and the answers given so far, and
/// every question about where to go that the kiosk (and the paper-entry form) asks. Pure: no
/// store, no terminal, so the walk is tested on its own.
#[derive(Clone, Debug)]
pub struct Walk {
    survey: Rc<Survey>,
    answers: Map<String, Value>,
}

impl Walk {
    pub fn new(survey: Rc<Survey>, answers: Map<String, Value>) -> Walk {
        Walk { survey, answers }
    }

    pub fn survey(&self) -> &Rc<Survey> {
        &self.survey
    }

    /// The answers given, as stored (JSON values by question id).
    pub fn answers(&self) -> &Map<String, Value> {
        &self.answers
    }

    /// The answer to question `index`, if any.
    pub fn answer(&self, index: usize) -> Option<&Value> {
        self.survey.questions.get(index).and_then(|q| self.answers.get(&q.id))
    }

    /// Indexes of the questions shown now, in order.
    pub fn shown(&self) -> Vec<usize> {
        visible_questions(&self.survey, &self.answers)
    }

    /// The first question shown.
    pub fn first(&self) -> Option<usize> {
        self.shown().first().copied()
    }

    /// The next shown question after `index`; `None` at the end (the review comes next).
    pub fn next(&self, index: usize) -> Option<usize> {
        self.shown().into_iter().find(|&i| i > index)
    }

    /// The shown question before `index`; `None` on the first.
    pub fn previous(&self, index: usize) -> Option<usize> {
        self.shown().into_iter().rev().find(|&i| i < index)
    }

    /// The first shown question without an answer (notes are never open).
    pub fn first_open(&self) -> Option<usize> {
        self.shown().into_iter().find(|&i| {
            let q = &self.survey.questions[i];
            !self.answers.contains_key(&q.id) && !matches!(q.kind, Kind::Note)
        })
    }

    /// The first question whose answer keeps the response from being submitted, with the reason.
    pub fn needing_attention(&self) -> Option<(usize, AnswerFault)> {
        check_response(&self.survey, &self.answers)
            .into_iter()
            .find_map(|f| self.survey.question_index(&f.question).map(|i| (i, f.fault)))
    }

    /// After an answer was changed from the review: a later shown required question still
    /// unanswered (the change opened it), else `None` (back to the review).
    pub fn opened_after(&self, index: usize) -> Option<usize> {
        self.shown().into_iter().find(|&i| {
            let q = &self.survey.questions[i];
            i > index && q.required && !self.answers.contains_key(&q.id)
        })
    }

    /// The questions listed on the review screen: shown, and not notes.
    pub fn review_items(&self) -> Vec<usize> {
        self.shown()
            .into_iter()
            .filter(|&i| !matches!(self.survey.questions[i].kind, Kind::Note))
            .collect()
    }

    /// Where question `index` is in the survey: (1-based position, how many questions).
    ///
    /// Counted among all of the survey's questions, not only those shown so far: counted among
    /// the shown ones, the total grew as skip rules revealed questions (1/3, 2/4, 4/5, 7/7), so
    /// the end seemed to move away. Now the total is fixed, and is the most this person can be
    /// asked; questions a skip rule leaves out make the position jump ahead, so the bar only ever
    /// moves forward and never claims more is left than there is.
    pub fn progress(&self, index: usize) -> (usize, usize) {
        let total = self.survey.questions.len().max(1);
        ((index + 1).min(total), total)
    }

    /// The number a question shows (問3): counted among the shown questions, notes left out.
    pub fn number(&self, index: usize) -> usize {
        self.review_items().into_iter().filter(|&i| i <= index).count()
    }

    /// The answered questions that giving question `index` the answer `value` would hide.
    pub fn would_hide(&self, index: usize, value: Option<&Value>) -> Vec<String> {
        let mut answers = self.answers.clone();
        set_in(&self.survey, &mut answers, index, value.cloned());
        hidden_answers(&self.survey, &answers)
    }

    /// Gives question `index` its answer (or none), and drops the answers the change hid; returns
    /// the ids of the dropped answers, for the store to clear too.
    pub fn set(&mut self, index: usize, value: Option<Value>) -> Vec<String> {
        set_in(&self.survey, &mut self.answers, index, value);
        let hidden = hidden_answers(&self.survey, &self.answers);
        for id in &hidden {
            self.answers.remove(id);
        }
        hidden
    }
}

fn set_in(survey: &Survey, answers: &mut Map<String, Value>, index: usize, value: Option<Value>) {
    let Some(q) = survey.questions.get(index) else { return };
    match value {
        Some(v) => {
            answers.insert(q.id.clone(), v);
        }
        None => {
            answers.remove(&q.id);
        }
    }
}
