//! The respondent's way through a questionnaire: welcome, one question per screen, review,
//! submit. Each confirmed answer is saved (an effect, run before the next frame) before the next
//! screen appears: the screen moves on when the outcome comes back (`saved`, `submitted`).

use super::*;

impl App {
    /// The first shown question without an answer, or the review when every one is answered.
    pub(super) fn first_open_question(&self) -> Screen {
        let Some(r) = self.respondent.as_ref() else {
            return Screen::Welcome;
        };
        match r.answering.walk.first_open() {
            Some(i) => self.question_screen(i, false),
            None => review(),
        }
    }

    pub(super) fn welcome_key(&mut self, action: Action) -> Screen {
        match action {
            Action::Confirm => {
                let Some(a) = &self.active else { return Screen::Welcome };
                let walk = Walk::new(a.survey.clone(), Map::new());
                let first = walk.first();
                self.respondent = Some(Respondent {
                    answering: Answering::new(walk, a.hash.clone(), a.session.clone()),
                    lang: self.next_lang.take().unwrap_or_else(|| a.lang.clone()),
                    held: Default::default(),
                });
                self.notice = None;
                match first {
                    Some(i) => self.question_screen(i, false),
                    None => review(),
                }
            }
            Action::Back => self.end_session(self.started_at_home),
            _ => Screen::Welcome,
        }
    }

    /// The screen for question `index`, its editor showing the answer already given.
    pub fn question_screen(&self, index: usize, from_review: bool) -> Screen {
        let Some(r) = self.respondent.as_ref() else {
            return Screen::Welcome;
        };
        let q = &r.survey().questions[index];
        // A value left invalid here comes back as it was typed, with what is wrong with it.
        if let Some(editor) = r.held.get(&index) {
            return Screen::Question {
                index,
                problem: editor.value(q).err().map(Problem::from),
                editor: editor.clone(),
                from_review,
            };
        }
        Screen::Question {
            index,
            editor: Editor::new(q, r.answering.walk.answer(index)),
            problem: None,
            from_review,
        }
    }

    /// The width text answers are laid out in (the view draws them in the same).
    pub fn text_width(&self) -> usize {
        layout::text_width(self.size.0)
    }

    pub(super) fn question_key(
        &mut self,
        index: usize,
        mut editor: Editor,
        problem: Option<Problem>,
        from_review: bool,
        action: Action,
    ) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        let survey = r.survey().clone();
        let q = &survey.questions[index];
        if action == Action::PrevQuestion {
            // Going back keeps a valid answer typed here; an unfinished one is left as it was.
            // Going back keeps what was typed: a valid answer is saved, an invalid one is held
            // as typed and shown again, with its fault, on return.
            match editor.value(q) {
                Ok(Some(answer)) => {
                    // Back once it is saved (see `saved`).
                    self.queue_save(
                        index,
                        Some(answer.to_value()),
                        AfterSave::Back {
                            index,
                            editor: editor.clone(),
                            from_review,
                        },
                    );
                    return Screen::Question {
                        index,
                        editor,
                        problem: None,
                        from_review,
                    };
                }
                Ok(None) => {}
                Err(_) => {
                    if let Some(r) = self.respondent.as_mut() {
                        r.held.insert(index, editor);
                    }
                }
            }
            return self.previous(index, from_review);
        }
        if action == Action::NextQuestion {
            // The kind may have something to say once before Tab passes it (a matrix with rows
            // left unanswered).
            if let Some(problem) = editor.before_next() {
                return Screen::Question {
                    index,
                    editor,
                    problem: Some(problem),
                    from_review,
                };
            }
            return self.confirm(index, editor, from_review);
        }
        match editor.act(q, action, self.text_width()) {
            Outcome::Confirm => self.confirm(index, editor, from_review),
            Outcome::Refused(p) => Screen::Question {
                index,
                editor,
                problem: Some(p),
                from_review,
            },
            Outcome::Handled => Screen::Question {
                index,
                editor,
                problem: None,
                from_review,
            },
            Outcome::Ignored => Screen::Question {
                index,
                editor,
                problem,
                from_review,
            },
        }
    }

    /// Confirms the answer on screen: checked, saved, then on to the next shown question.
    pub(super) fn confirm(&mut self, index: usize, editor: Editor, from_review: bool) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        let survey = r.survey().clone();
        let q = &survey.questions[index];
        let problem = match editor.value(q) {
            Ok(answer) => match required_fault(q, answer.as_ref()) {
                Some(fault) => Err(fault.into()),
                None => Ok(answer),
            },
            Err(fault) => Err(fault.into()),
        };
        let answer = match problem {
            Ok(a) => a,
            Err(p) => {
                return Screen::Question {
                    index,
                    editor,
                    problem: Some(p),
                    from_review,
                };
            }
        };
        if let Some(r) = self.respondent.as_mut() {
            r.held.remove(&index);
        }
        self.queue_save(
            index,
            answer.map(|a| a.to_value()),
            AfterSave::Confirm {
                index,
                editor: editor.clone(),
                from_review,
            },
        );
        // Until the outcome comes back (before the next frame), the screen waits for the save.
        Screen::Question {
            index,
            editor,
            problem: Some(Problem::Saving),
            from_review,
        }
    }

    /// Asks for one answer to be stored (or cleared) with the answers it hides cleared, as one
    /// transaction (the first answer also starts the response in it); `then` says what follows.
    pub(super) fn queue_save(&mut self, index: usize, value: Option<Value>, then: AfterSave) {
        if let Some(r) = &self.respondent {
            self.effects.push_back(Effect::SaveAnswer {
                answering: r.answering.clone(),
                index,
                value,
                then,
            });
        }
    }

    /// An answer's save came back: the walk takes it (a failed save changed nothing), and the
    /// screen moves on, holds what was typed, or says why it stays.
    pub(super) fn saved(
        &mut self,
        answering: Answering,
        result: Result<(), crate::store::StoreError>,
        then: AfterSave,
    ) {
        if let Some(r) = self.respondent.as_mut() {
            r.answering = answering;
        }
        match then {
            AfterSave::Draft => {
                if let Err(e) = result {
                    self.notice = Some(self.said(&e));
                }
            }
            AfterSave::Back {
                index,
                editor,
                from_review,
            } => {
                if let Some(r) = self.respondent.as_mut() {
                    match result {
                        Ok(()) => {
                            r.held.remove(&index);
                        }
                        // Not saved (the database busy or failing): kept here, and saved when
                        // the respondent comes back and confirms it.
                        Err(e) => {
                            r.held.insert(index, editor);
                            self.notice = Some(self.said(&e));
                        }
                    }
                }
                self.screen = self.previous(index, from_review);
            }
            AfterSave::Confirm {
                index,
                editor,
                from_review,
            } => {
                self.screen = match result {
                    Ok(()) => self.after(index, from_review),
                    // The answer stays on screen and is tried again on every tick (see
                    // `retry_save`). The respondent sees 保存中 or a plain request to call the
                    // facilitator; the facilitator sees why in the F10 menu and the warning line.
                    Err(e) => Screen::Question {
                        index,
                        editor,
                        problem: Some(self.not_saved(e)),
                        from_review,
                    },
                };
            }
        }
    }

    /// What the screen says about a save that failed: 保存中 while the database is busy (tried
    /// again), else that it was not saved (and the facilitator's line says why).
    fn not_saved(&mut self, e: crate::store::StoreError) -> Problem {
        if e.is_busy() {
            Problem::Saving
        } else {
            self.notice = Some(self.said(&e));
            Problem::NotSaved
        }
    }

    /// Where to go after question `index` was confirmed.
    pub(super) fn after(&self, index: usize, from_review: bool) -> Screen {
        let Some(r) = self.respondent.as_ref() else {
            return Screen::Welcome;
        };
        // From the review, back to it, unless the change opened a required question.
        let next = if from_review {
            r.answering.walk.opened_after(index)
        } else {
            r.answering.walk.next(index)
        };
        match next {
            Some(i) => self.question_screen(i, from_review),
            None => review(),
        }
    }

    pub(super) fn previous(&self, index: usize, from_review: bool) -> Screen {
        let Some(r) = self.respondent.as_ref() else {
            return Screen::Welcome;
        };
        self.question_screen(r.answering.walk.previous(index).unwrap_or(index), from_review)
    }

    /// The questions listed on the review screen: shown, and not notes.
    pub fn review_items(&self) -> Vec<usize> {
        self.respondent
            .as_ref()
            .map_or_else(Vec::new, |r| r.answering.walk.review_items())
    }

    pub(super) fn review_key(&mut self, selected: usize, problem: Option<Problem>, action: Action) -> Screen {
        let items = self.review_items();
        let last = items.len().saturating_sub(1);
        match action {
            Action::Up => Screen::Review {
                selected: selected.saturating_sub(1),
                problem,
            },
            Action::Down => Screen::Review {
                selected: (selected + 1).min(last),
                problem,
            },
            Action::Change if !items.is_empty() => self.question_screen(items[selected.min(last)], true),
            Action::PrevQuestion if !items.is_empty() => self.question_screen(items[last], false),
            Action::Confirm => self.submit(),
            Action::Digit(d) if d >= 1 && usize::from(d) <= items.len() => {
                self.question_screen(items[usize::from(d) - 1], true)
            }
            Action::Select(i) if i < items.len() => self.question_screen(items[i], true),
            _ => Screen::Review { selected, problem },
        }
    }

    pub(super) fn submit(&mut self) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        if let Some((i, fault)) = r.answering.walk.needing_attention() {
            // Show the first question that needs attention, saying what it needs.
            let mut screen = self.question_screen(i, true);
            if let Screen::Question { problem, .. } = &mut screen {
                *problem = Some(fault.into());
            }
            return screen;
        }
        self.effects.push_back(Effect::Submit {
            answering: r.answering.clone(),
        });
        // Until the outcome comes back (before the next frame), the screen waits for the send.
        Screen::Review {
            selected: 0,
            problem: Some(Problem::Saving),
        }
    }

    /// The send came back: thanks, and the respondent is forgotten; or the review says why not.
    pub(super) fn submitted(&mut self, answering: Answering, result: Result<(), crate::store::StoreError>) {
        // Kept either way: a response started for the send stays this respondent's.
        if let Some(r) = self.respondent.as_mut() {
            r.answering = answering;
        }
        self.screen = match result {
            Ok(()) => {
                let lang = self.respondent.take().map(|r| r.lang).unwrap_or_default();
                self.draft_dirty = false;
                Screen::Thanks { since: self.now, lang }
            }
            Err(e) => Screen::Review {
                selected: 0,
                problem: Some(self.not_saved(e)),
            },
        };
    }
}

/// The review screen, from its top.
fn review() -> Screen {
    Screen::Review {
        selected: 0,
        problem: None,
    }
}

impl App {
    /// A confirm or a send that could not be saved (the database busy or failing) is tried again,
    /// at most once a second, until it is: nothing confirmed is dropped. The keys kept meanwhile
    /// go on once it is (`replay_queued`).
    pub(super) fn retry_save(&mut self) {
        if self.now.duration_since(self.last_retry) < RETRY_EVERY {
            return;
        }
        if !self.waiting_to_save() {
            return;
        }
        self.last_retry = self.now;
        let screen = std::mem::replace(&mut self.screen, Screen::Welcome);
        self.screen = match screen {
            Screen::Question {
                index,
                editor,
                from_review,
                ..
            } => self.confirm(index, editor, from_review),
            Screen::Review { .. } => self.submit(),
            other => other,
        };
        self.replay_queued();
    }
}
