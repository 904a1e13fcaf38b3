//! A typed line read as an answer: choice numbers (その他: its number, then the text), a scale
//! point (`n` for N/A), `y`/`n`, a number, a text. Only the reading of the line is here; every
//! rule of a valid answer is `survey::answer`'s ([`Answer::check`] and its helpers), so a line
//! is refused for exactly the reasons a key is refused in the kiosk.

use unicode_normalization::UnicodeNormalization;

use crate::survey::answer::{Answer, AnswerFault, Chosen, Pick, check_point, parse_typed_number, parse_typed_text};
use crate::survey::{Kind, Question, ScaleDef};

/// What a line said about a question.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    /// An answer (checked), or none (an empty line).
    Answer(Option<Answer>),
    /// The その他 number without its text: the text is asked for on the next line; `picked`
    /// holds the other numbers typed with it.
    OtherTextNeeded { picked: Vec<Chosen> },
}

/// Reads `line` as an answer to `q` (a multi-line text's lines come joined by `\n`).
pub fn read(q: &Question, line: &str) -> Result<Typed, AnswerFault> {
    if line.trim().is_empty() {
        return Ok(Typed::Answer(None));
    }
    let answer = match &q.kind {
        Kind::SingleChoice { .. } | Kind::MultipleChoice { .. } => return read_choices(q, line),
        Kind::Rank { choices, .. } => {
            let mut order = Vec::new();
            for token in tokens(line) {
                let n = choice_number(q, &token.text, choices.len())?;
                order.push(choices[n - 1].value.clone());
            }
            Answer::Rank(order)
        }
        Kind::Scale(s) => Answer::Scale(read_point(s, line)?),
        Kind::YesNo => match normal(line).as_str() {
            "y" | "yes" | "はい" | "1" => Answer::YesNo(true),
            "n" | "no" | "いいえ" | "2" => Answer::YesNo(false),
            _ => return Err(AnswerFault::YesOrNo),
        },
        Kind::Number { .. } => return parse_typed_number(q, line).map(Typed::Answer),
        Kind::Text { .. } => return parse_typed_text(q, line).map(Typed::Answer),
        Kind::Matrix { .. } | Kind::Note => return Ok(Typed::Answer(None)),
    };
    answer.check(q)?;
    Ok(Typed::Answer(Some(answer)))
}

/// A scale point (or a matrix row's) as typed: its number, or `n` (`na`) for N/A; checked
/// against the scale.
pub fn read_point(s: &ScaleDef, line: &str) -> Result<Pick, AnswerFault> {
    let text = normal(line);
    let pick = match text.as_str() {
        "n" | "na" | "n/a" => Pick::Na,
        t => match t.parse::<i64>() {
            Ok(p) => Pick::Point(p),
            Err(_) => {
                return Err(AnswerFault::NotAPoint {
                    found: line.trim().to_string(),
                    min: s.min,
                    max: s.max,
                });
            }
        },
    };
    // The scale's own rule, as the kiosk's scale editor is held to it.
    check_point(s, pick)?;
    Ok(pick)
}

/// Choice numbers, and その他 with the text after its number.
fn read_choices(q: &Question, line: &str) -> Result<Typed, AnswerFault> {
    let choices = q.kind.choices();
    let other_number = q.kind.has_other().then_some(choices.len() + 1);
    let count = crate::survey::answer::option_count(q);
    let mut picked = Vec::new();
    for token in tokens(line) {
        let n = choice_number(q, &token.text, count)?;
        if Some(n) == other_number {
            let text = line[token.end..].trim_start_matches(is_separator).trim();
            if text.is_empty() {
                return Ok(Typed::OtherTextNeeded { picked });
            }
            picked.push(Chosen::Other(text.to_string()));
            break;
        }
        picked.push(Chosen::Choice(choices[n - 1].value.clone()));
    }
    finish_choices(q, picked).map(|a| Typed::Answer(Some(a)))
}

/// The chosen items as the question's answer, checked: one for a single choice (more is "too
/// many"), a list for a multiple choice.
pub fn finish_choices(q: &Question, picked: Vec<Chosen>) -> Result<Answer, AnswerFault> {
    let answer = match &q.kind {
        Kind::SingleChoice { .. } if picked.len() > 1 => return Err(AnswerFault::TooMany(1)),
        Kind::SingleChoice { .. } => match picked.into_iter().next() {
            Some(c) => Answer::Single(c),
            None => return Err(AnswerFault::Required),
        },
        _ => Answer::Multiple(picked),
    };
    answer.check(q)?;
    Ok(answer)
}

/// A token's number among `count` listed items (1-based); full-width digits are read too.
fn choice_number(q: &Question, token: &str, count: usize) -> Result<usize, AnswerFault> {
    match normal(token).parse::<usize>() {
        Ok(n) if (1..=count).contains(&n) => Ok(n),
        Ok(_) => Err(AnswerFault::UnknownChoice {
            found: token.to_string(),
            choices: format!("1-{count}"),
        }),
        Err(_) if q.kind.choices().is_empty() => Err(AnswerFault::NotANumber),
        Err(_) => Err(AnswerFault::UnknownChoice {
            found: token.to_string(),
            choices: format!("1-{count}"),
        }),
    }
}

/// A word of a typed line and where it ends (the その他 text starts after it).
struct Token {
    text: String,
    end: usize,
}

/// The words of a line, split at spaces (also the full-width one) and commas (、，,).
fn tokens(line: &str) -> Vec<Token> {
    let is_sep = is_separator;
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (is_sep(c), start) {
            (true, Some(s)) => {
                out.push(Token {
                    text: line[s..i].to_string(),
                    end: i,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Token {
            text: line[s..].to_string(),
            end: line.len(),
        });
    }
    out
}

/// What separates numbers on a line: spaces (the full-width one too) and commas (、，,).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '、' | '，')
}

/// A short answer as compared: NFKC (full-width digits and letters), lower case, trimmed.
fn normal(s: &str) -> String {
    s.nfkc().collect::<String>().trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn question(json: serde_json::Value) -> Question {
        let text = json!({"id": "t", "title": "t", "questions": [json]}).to_string();
        let survey = crate::survey::load::parse_bytes(std::path::Path::new("t.json"), text.as_bytes()).unwrap();
        survey.questions[0].clone()
    }

    #[test]
    fn choice_numbers_and_an_other_text_after_its_number() {
        let q = question(json!({"id": "q", "type": "multiple_choice", "text": "q", "other": true,
            "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}));
        let got = read(&q, "１、3 ピア サポート").unwrap();
        assert_eq!(
            got,
            Typed::Answer(Some(Answer::Multiple(vec![
                Chosen::Choice("a".into()),
                Chosen::Other("ピア サポート".into())
            ])))
        );
        assert_eq!(
            read(&q, "2 3").unwrap(),
            Typed::OtherTextNeeded {
                picked: vec![Chosen::Choice("b".into())]
            }
        );
        assert!(matches!(read(&q, "4"), Err(AnswerFault::UnknownChoice { .. })));
    }

    #[test]
    fn a_scale_point_n_for_na_and_the_scales_own_range() {
        let q = question(json!({"id": "q", "type": "scale", "text": "q", "min": 1, "max": 5, "allow_na": true}));
        assert_eq!(
            read(&q, "４").unwrap(),
            Typed::Answer(Some(Answer::Scale(Pick::Point(4))))
        );
        assert_eq!(read(&q, "N").unwrap(), Typed::Answer(Some(Answer::Scale(Pick::Na))));
        assert!(matches!(read(&q, "6"), Err(AnswerFault::NotAPoint { .. })));
        assert_eq!(read(&q, "  ").unwrap(), Typed::Answer(None));
    }

    #[test]
    fn single_choice_takes_one_number() {
        let q = question(json!({"id": "q", "type": "single_choice", "text": "q",
            "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}));
        assert_eq!(read(&q, "1 2"), Err(AnswerFault::TooMany(1)));
        assert_eq!(
            read(&q, "2").unwrap(),
            Typed::Answer(Some(Answer::Single(Chosen::Choice("b".into()))))
        );
    }
}
