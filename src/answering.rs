//! One respondent's answers on their way into the store: the store calls the kiosk and line mode
//! (`crate::plain`) make alike, so that a response answered either way is stored the same.
//!
//! No terminal here: the TUI's `App` and line mode's session loop each hold an [`Answering`] for
//! the person answering now and call it when an answer is confirmed, sent or left.

use serde_json::{Map, Value};

use crate::store::{AnswerTo, Entry, ResponseRef, SessionRef, Store, StoreError, Unfinished};
use crate::survey::flow::Walk;

/// How long a save waits for another koe's write lock before the respondent is told 保存中
/// (the kiosk and line mode alike).
pub const SAVE_WAIT: std::time::Duration = std::time::Duration::from_millis(300);

/// Where a respondent's answers go: the survey version and session, and the response once its
/// first answer is saved.
#[derive(Clone, Debug)]
pub struct Answering {
    /// The survey and the answers confirmed so far, and where to go next.
    pub walk: Walk,
    /// The survey version (content hash) the response belongs to.
    pub hash: String,
    pub session: SessionRef,
    /// Created with the first saved answer.
    pub response: Option<ResponseRef>,
}

impl Answering {
    /// A new respondent of `session`, nothing answered and nothing stored yet.
    pub fn new(walk: Walk, hash: String, session: SessionRef) -> Answering {
        Answering {
            walk,
            hash,
            session,
            response: None,
        }
    }

    /// Takes an unfinished response back: its own survey version and answers, in progress again.
    pub fn resume(store: &mut Store, u: &Unfinished) -> Result<Answering, StoreError> {
        let survey = std::rc::Rc::new(store.survey_version(&u.survey_hash)?);
        let answers: Map<String, Value> = store.answers(&u.response)?;
        store.reopen(&u.response)?;
        Ok(Answering {
            walk: Walk::new(survey, answers),
            hash: u.survey_hash.clone(),
            session: u.session.clone(),
            response: Some(u.response.clone()),
        })
    }

    /// Stores (or clears) one answer and clears the answers it hides, as one transaction (the
    /// first answer also starts the response in it); then the walk takes it. A failed save
    /// changes nothing here.
    pub fn save(&mut self, store: &mut Store, index: usize, value: Option<Value>) -> Result<(), StoreError> {
        let survey = self.walk.survey().clone();
        let Some(q) = survey.questions.get(index) else {
            return Ok(());
        };
        let hidden = self.walk.would_hide(index, value.as_ref());
        let changes_store = value.is_some() || self.walk.answer(index).is_some() || !hidden.is_empty();
        match &self.response {
            Some(resp) if changes_store => {
                store.confirm_answer(AnswerTo::Response(resp), Entry::First, q, value.as_ref(), &hidden)?;
            }
            None if value.is_some() => {
                let to = AnswerTo::New {
                    session: &self.session,
                    survey_hash: &self.hash,
                };
                self.response = Some(store.confirm_answer(to, Entry::First, q, value.as_ref(), &hidden)?);
            }
            _ => {}
        }
        self.walk.set(index, value);
        Ok(())
    }

    /// Sends the response (a response with no answer at all is started first, so that it
    /// counts). The caller has checked it with [`Walk::needing_attention`].
    pub fn submit(&mut self, store: &mut Store) -> Result<(), StoreError> {
        let response = match &self.response {
            Some(resp) => resp.clone(),
            None => {
                let resp = store.start_response(&self.session, &self.hash)?;
                self.response = Some(resp.clone());
                resp
            }
        };
        store.submit(&response)
    }

    /// Keeps the answers given as a partial response (the respondent walked away, the session
    /// ended, the input ended); nothing is stored when nothing was answered.
    pub fn keep_partial(&self, store: &mut Store) -> Result<(), StoreError> {
        match &self.response {
            Some(resp) => store.mark_partial(resp),
            None => Ok(()),
        }
    }
}
