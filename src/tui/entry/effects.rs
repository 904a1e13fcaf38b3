//! What the entry form asks of the database, and the one place it is done (as the kiosk's
//! `app/effects.rs`): the form's state machine queues an [`Effect`] where it used to call the
//! store, [`EntryApp::update`] runs the queue before it returns (so a field is committed before
//! the cursor moves on), and each outcome comes back as a [`Done`] that moves the form on or says
//! what went wrong. `grep -n store src/tui/entry/` finds the store only here and in the form's
//! constructor's call of [`open`].

use serde_json::{Map, Value};

use super::{EntryApp, Form};
use crate::store::{AnswerTo, Entry, SessionRef, Sheet, Store, StoreError};
use crate::survey::Survey;
use crate::tui::text_field::TextField;

/// What the entry form asks of the store.
#[derive(Debug)]
pub(crate) enum Effect {
    /// Stores one field of this pass and clears the answers its change hid, as one transaction.
    SaveField {
        form: Form,
        question: usize,
        answer: Option<Value>,
        hidden: Vec<String>,
        then: AfterField,
    },
    /// Reads the session's sheets again.
    Sheets {
        then: AfterSheets,
    },
    /// Looks the number typed up (the field is kept to refuse it in).
    FindSheet {
        number: String,
        field: TextField,
    },
    StartSheet {
        number: String,
        field: TextField,
    },
    /// The second entry stored so far of a sheet being verified.
    SecondAnswers {
        sheet: Sheet,
        field: TextField,
    },
    /// The first entry's answers of a sheet.
    Answers {
        sheet: Sheet,
        then: AfterAnswers,
    },
    /// The first entry is done: the sheet is stored.
    StoreSheet {
        form: Form,
    },
    /// The verified answers stored, the sheet marked verified.
    FinishVerify {
        sheet: Sheet,
        answers: Map<String, Value>,
        differences: usize,
    },
}

/// What follows a field kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AfterField {
    /// Enter (or a key that decides a pick field): the next shown field, or the end of the sheet.
    Next,
    /// Shift-Tab: the previous shown field.
    Previous,
    /// PgUp / PgDn: the sheet before or after.
    Page { up: bool },
    /// Esc: back to the number.
    Leave,
    /// Ctrl-Q: koe ends.
    Quit,
    /// Typed but not confirmed, saved a moment after the last key: nothing moves.
    Draft,
}

/// What follows the sheets read again.
#[derive(Debug)]
pub(crate) enum AfterSheets {
    /// PgUp / PgDn from `form`: the sheet before or after it.
    Page { form: Box<Form>, up: bool },
    /// The number screen.
    AskNumber,
    /// A new sheet was started: its form, empty.
    Started { sheet: Sheet },
    /// A first entry was stored.
    Stored { number: String },
    /// A sheet was verified.
    Verified { number: String, differences: usize },
}

/// Why a sheet's first entry is read.
#[derive(Debug)]
pub(crate) enum AfterAnswers {
    /// To correct it (or go on with it).
    Open,
    /// To compare the second entry in `form` with it.
    Compare { form: Box<Form> },
}

/// What the store answered.
#[derive(Debug)]
pub(crate) enum Done {
    FieldSaved {
        form: Form,
        question: usize,
        answer: Option<Value>,
        result: Result<(), StoreError>,
        then: AfterField,
    },
    Sheets {
        result: Result<Vec<Sheet>, StoreError>,
        then: AfterSheets,
    },
    Found {
        result: Result<Option<Sheet>, StoreError>,
        number: String,
        field: TextField,
    },
    SheetStarted {
        result: Result<Sheet, StoreError>,
        field: TextField,
    },
    SecondRead {
        result: Result<Map<String, Value>, StoreError>,
        sheet: Sheet,
        field: TextField,
    },
    AnswersRead {
        result: Result<Map<String, Value>, StoreError>,
        sheet: Sheet,
        then: AfterAnswers,
    },
    SheetStored {
        result: Result<(), StoreError>,
        form: Form,
    },
    VerifyFinished {
        result: Result<(), StoreError>,
        number: String,
        differences: usize,
    },
}

/// Registers the survey version and finds or makes the session (`koe entry`'s start).
pub(crate) fn open(store: &mut Store, survey: &Survey, label: &str) -> Result<(String, SessionRef), StoreError> {
    let hash = store.register_survey(survey)?;
    let session = store.session(&survey.id, label)?;
    Ok((hash, session))
}

impl EntryApp {
    /// Runs the effects the last step queued, in order, each outcome handed back to the form.
    pub(super) fn run_effects(&mut self) {
        while let Some(effect) = self.effects.pop_front() {
            let done = self.run(effect);
            self.done(done);
        }
    }

    fn run(&mut self, effect: Effect) -> Done {
        let store = &mut self.store;
        match effect {
            Effect::SaveField {
                form,
                question,
                answer,
                hidden,
                then,
            } => {
                let entry = if self.verify { Entry::Second } else { Entry::First };
                let q = &self.survey.questions[question];
                let result = store
                    .confirm_answer(
                        AnswerTo::Response(&form.sheet.response),
                        entry,
                        q,
                        answer.as_ref(),
                        &hidden,
                    )
                    .map(|_| ());
                Done::FieldSaved {
                    form,
                    question,
                    answer,
                    result,
                    then,
                }
            }
            Effect::Sheets { then } => Done::Sheets {
                result: store.sheets(&self.session),
                then,
            },
            Effect::FindSheet { number, field } => Done::Found {
                result: store.find_sheet(&self.session, &number),
                number,
                field,
            },
            Effect::StartSheet { number, field } => Done::SheetStarted {
                result: store.start_sheet(&self.session, &self.hash, &number),
                field,
            },
            Effect::SecondAnswers { sheet, field } => Done::SecondRead {
                result: store.second_answers(&sheet.response),
                sheet,
                field,
            },
            Effect::Answers { sheet, then } => Done::AnswersRead {
                result: store.answers(&sheet.response),
                sheet,
                then,
            },
            Effect::StoreSheet { form } => Done::SheetStored {
                result: store.store_sheet(&form.sheet.response),
                form,
            },
            Effect::FinishVerify {
                sheet,
                answers,
                differences,
            } => Done::VerifyFinished {
                result: store.finish_verify(&sheet.response, &self.survey, &answers, differences),
                number: sheet.number,
                differences,
            },
        }
    }
}
