//! The respondent's way through a questionnaire: welcome, one question per screen, review,
//! submit. Each confirmed answer is saved before the next screen appears.

use super::*;

impl App {
    /// The first shown question without an answer (notes are never "open").
    pub(super) fn first_open_question(&self) -> Option<Screen> {
        let r = self.respondent.as_ref()?;
        visible_questions(&r.survey, &r.answers)
            .into_iter()
            .find(|&i| {
                !r.answers.contains_key(&r.survey.questions[i].id) && !matches!(r.survey.questions[i].kind, Kind::Note)
            })
            .map(|i| self.question_screen(i, false))
    }

    pub(super) fn welcome_key(&mut self, key: KeyEvent) -> Screen {
        match key.code {
            KeyCode::Enter => {
                let Some(a) = &self.active else { return Screen::Welcome };
                self.respondent = Some(Respondent {
                    survey: a.survey.clone(),
                    hash: a.hash.clone(),
                    session: a.session.clone(),
                    response: None,
                    answers: Map::new(),
                    lang: self.next_lang.take().unwrap_or_else(|| a.lang.clone()),
                });
                self.notice = None;
                let r = self.respondent.as_ref().expect("just set");
                match visible_questions(&r.survey, &r.answers).first() {
                    Some(&i) => self.question_screen(i, false),
                    None => Screen::Review {
                        selected: 0,
                        problem: None,
                    },
                }
            }
            KeyCode::Esc | KeyCode::Char('q') if !self.options.kiosk => self.end_session(self.started_at_home),
            _ => Screen::Welcome,
        }
    }

    /// The screen for question `index`, its editor showing the answer already given.
    pub fn question_screen(&self, index: usize, from_review: bool) -> Screen {
        let r = self.respondent.as_ref().expect("a respondent is answering");
        let q = &r.survey.questions[index];
        Screen::Question {
            index,
            editor: Editor::new(q, r.answers.get(&q.id)),
            problem: None,
            from_review,
        }
    }

    /// The width text fields are laid out in (the views use the same).
    pub fn text_width(&self) -> usize {
        usize::from(self.size.0).saturating_sub(6).max(2)
    }

    pub(super) fn question_key(
        &mut self,
        index: usize,
        mut editor: Editor,
        problem: Option<Problem>,
        from_review: bool,
        key: KeyEvent,
    ) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        let survey = r.survey.clone();
        let q = &survey.questions[index];
        let next = matches!(key.code, KeyCode::Tab | KeyCode::PageDown);
        let prev = matches!(key.code, KeyCode::BackTab | KeyCode::PageUp);
        if self.options.kiosk && key.code == KeyCode::Esc {
            return Screen::Question {
                index,
                editor,
                problem,
                from_review,
            };
        }
        if prev {
            // Going back keeps a valid answer typed here; an unfinished one is left as it was.
            if let Ok(value) = editor.value(q)
                && value.is_some()
            {
                let _ = self.save(index, value);
            }
            return self.previous(index, from_review);
        }
        if next {
            return self.confirm(index, editor, from_review);
        }
        match editor.key(q, key, self.text_width()) {
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
        let survey = r.survey.clone();
        let q = &survey.questions[index];
        let value = match editor.value(q) {
            Ok(v) => v,
            Err(p) => {
                return Screen::Question {
                    index,
                    editor,
                    problem: Some(p),
                    from_review,
                };
            }
        };
        let problem = match &value {
            None if q.required => Some(Problem::Required),
            Some(v) if q.required && !is_complete(q, v) => Some(Problem::Incomplete),
            _ => None,
        };
        if let Some(p) = problem {
            return Screen::Question {
                index,
                editor,
                problem: Some(p),
                from_review,
            };
        }
        if let Err(e) = self.save(index, value) {
            let message = if self.lang() == "ja" {
                format!("保存できませんでした: {e}")
            } else {
                format!("Could not save: {e}")
            };
            return Screen::Question {
                index,
                editor,
                problem: Some(Problem::Invalid(message)),
                from_review,
            };
        }
        self.after(index, from_review)
    }

    /// Stores (or clears) one answer, then clears answers that became hidden.
    pub(super) fn save(&mut self, index: usize, value: Option<Value>) -> Result<(), crate::store::StoreError> {
        let r = self.respondent.as_mut().expect("a respondent is answering");
        let q = &r.survey.questions[index];
        match value {
            Some(v) => {
                let response = match &r.response {
                    Some(resp) => resp.clone(),
                    None => {
                        let resp = self.store.start_response(&r.session, &r.hash)?;
                        r.response = Some(resp.clone());
                        resp
                    }
                };
                self.store.save_answer(&response, q, &v)?;
                r.answers.insert(q.id.clone(), v);
            }
            None => {
                if r.answers.contains_key(&q.id)
                    && let Some(resp) = &r.response
                {
                    self.store.clear_answers(resp, std::slice::from_ref(&q.id))?;
                }
                r.answers.remove(&q.id);
            }
        }
        let hidden = hidden_answers(&r.survey, &r.answers);
        if !hidden.is_empty() {
            if let Some(resp) = &r.response {
                self.store.clear_answers(resp, &hidden)?;
            }
            for id in hidden {
                r.answers.remove(&id);
            }
        }
        Ok(())
    }

    /// Where to go after question `index` was confirmed.
    pub(super) fn after(&self, index: usize, from_review: bool) -> Screen {
        let r = self.respondent.as_ref().expect("a respondent is answering");
        let shown = visible_questions(&r.survey, &r.answers);
        if from_review {
            // Back to the review, unless the change opened a required question still unanswered.
            let missing = shown.iter().copied().find(|&i| {
                let q = &r.survey.questions[i];
                i > index && q.required && !r.answers.contains_key(&q.id)
            });
            return match missing {
                Some(i) => self.question_screen(i, true),
                None => Screen::Review {
                    selected: 0,
                    problem: None,
                },
            };
        }
        match shown.into_iter().find(|&i| i > index) {
            Some(i) => self.question_screen(i, false),
            None => Screen::Review {
                selected: 0,
                problem: None,
            },
        }
    }

    pub(super) fn previous(&self, index: usize, from_review: bool) -> Screen {
        let r = self.respondent.as_ref().expect("a respondent is answering");
        match visible_questions(&r.survey, &r.answers)
            .into_iter()
            .rev()
            .find(|&i| i < index)
        {
            Some(i) => self.question_screen(i, from_review),
            None => self.question_screen(index, from_review),
        }
    }

    /// The questions listed on the review screen: shown, and not notes.
    pub fn review_items(&self) -> Vec<usize> {
        let Some(r) = &self.respondent else { return Vec::new() };
        visible_questions(&r.survey, &r.answers)
            .into_iter()
            .filter(|&i| !matches!(r.survey.questions[i].kind, Kind::Note))
            .collect()
    }

    pub(super) fn review_key(&mut self, selected: usize, problem: Option<String>, key: KeyEvent) -> Screen {
        let items = self.review_items();
        let last = items.len().saturating_sub(1);
        match key.code {
            KeyCode::Up => Screen::Review {
                selected: selected.saturating_sub(1),
                problem,
            },
            KeyCode::Down => Screen::Review {
                selected: (selected + 1).min(last),
                problem,
            },
            KeyCode::Char('e') | KeyCode::Char('E') if !items.is_empty() => {
                self.question_screen(items[selected.min(last)], true)
            }
            KeyCode::BackTab | KeyCode::PageUp if !items.is_empty() => self.question_screen(items[last], false),
            KeyCode::Enter => self.submit(),
            KeyCode::Char(c) => match c.to_digit(10) {
                Some(d) if d >= 1 && (d as usize) <= items.len() => self.question_screen(items[d as usize - 1], true),
                _ => Screen::Review { selected, problem },
            },
            _ => Screen::Review { selected, problem },
        }
    }

    pub(super) fn submit(&mut self) -> Screen {
        let Some(r) = &self.respondent else {
            return Screen::Welcome;
        };
        let problems = check_response(&r.survey, &r.answers);
        if !problems.is_empty() {
            // Show the first question that needs attention.
            let first = r
                .survey
                .questions
                .iter()
                .position(|q| problems.iter().any(|p| p.starts_with(&format!("{}:", q.id))));
            if let Some(i) = first {
                let mut screen = self.question_screen(i, true);
                if let Screen::Question { problem, .. } = &mut screen {
                    *problem = Some(Problem::Required);
                }
                return screen;
            }
            return Screen::Review {
                selected: 0,
                problem: Some(problems.join("; ")),
            };
        }
        let result = (|| {
            let r = self.respondent.as_mut().expect("checked above");
            let response = match &r.response {
                Some(resp) => resp.clone(),
                None => self.store.start_response(&r.session, &r.hash)?,
            };
            self.store.submit(&response)
        })();
        match result {
            Ok(()) => {
                let lang = self.respondent.take().map(|r| r.lang).unwrap_or_default();
                Screen::Thanks { since: self.now, lang }
            }
            Err(e) => Screen::Review {
                selected: 0,
                problem: Some(e.to_string()),
            },
        }
    }
}
