//! `relevant` expressions → show_if conditions: which question a `${name}` is, and what each
//! comparison means for that question's answers.

use crate::say;
use crate::words::Words;
use serde_json::{Map, Value, json};

use super::super::expr::{self, Node, Op};
use super::super::sheet::number_text;
use super::{At, Place, Reader, json_number};

/// What a question is, as far as a `relevant` expression elsewhere needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RefKind {
    Single,
    Multiple,
    Rank,
    Scale,
    YesNo,
    Integer,
    Decimal,
    Text,
    Matrix,
    Note,
}

/// What a `${name}` refers to.
enum Target {
    Earlier(RefKind),
    Later,
    MatrixRow(String),
    Group,
    Unknown,
}

impl Reader {
    /// The row's own `relevant` as a condition, faulting what cannot be mapped.
    pub(super) fn relevant(&mut self, at: At) -> Option<Value> {
        let (text, col) = at.get("relevant")?;
        let own = at.text("name").unwrap_or_default().to_string();
        let result = expr::parse(text).map_err(|e| relevant_help(&e)).and_then(|node| {
            self.condition(&node, &own)
                .map_err(|e| if e.en.contains("${") { e } else { relevant_help(&e) })
        });
        match result {
            Ok(c) => Some(c),
            Err(e) => {
                self.fault(at.place(col), e);
                None
            }
        }
    }

    /// Combines enclosing groups' conditions with the row's own into `show_if`.
    pub(super) fn show_if(
        &mut self,
        at: At,
        path: &str,
        groups: &[(Option<Value>, Place)],
        own: Option<Value>,
        q: &mut Map<String, Value>,
    ) {
        let mut conds: Vec<(Value, Place)> = groups
            .iter()
            .filter_map(|(c, p)| c.clone().map(|c| (c, p.clone())))
            .collect();
        if let Some(c) = own {
            conds.push((c, at.place_of("relevant")));
        }
        let sp = format!("{path}.show_if");
        match conds.len() {
            0 => {}
            1 => {
                let (c, p) = conds.remove(0);
                self.places.push((sp, p));
                q.insert("show_if".into(), c);
            }
            _ => {
                for (k, (_, p)) in conds.iter().enumerate() {
                    self.places.push((format!("{sp}.all[{k}]"), p.clone()));
                }
                self.places.push((sp, conds[conds.len() - 1].1.clone()));
                let all: Vec<Value> = conds.into_iter().map(|(c, _)| c).collect();
                q.insert("show_if".into(), json!({ "all": all }));
            }
        }
    }

    fn target(&self, name: &str, own: &str) -> Target {
        if let Some(k) = self.known.get(name) {
            return Target::Earlier(*k);
        }
        if let Some(m) = self.matrix_rows.get(name) {
            return Target::MatrixRow(m.clone());
        }
        if self.groups.contains(name) {
            return Target::Group;
        }
        if name == own || self.all_names.contains(name) {
            return Target::Later;
        }
        Target::Unknown
    }

    /// A question referred to by `${name}`, with its kind.
    fn reference(&self, node: &Node, own: &str) -> Result<Option<(String, RefKind)>, Words> {
        let Node::Ref(name) = node else {
            return Ok(None);
        };
        match self.target(name, own) {
            Target::Earlier(k) => Ok(Some((name.clone(), k))),
            Target::Later if name == own => Err(say!(RefItself, name = name)),
            Target::Later => Err(say!(RefLater, name = name)),
            Target::MatrixRow(m) => Err(say!(RefMatrixRow, name = name, matrix = m)),
            Target::Group => Err(say!(RefGroup, name = name)),
            Target::Unknown => Err(say!(RefUnknown, name = name)),
        }
    }

    /// An expression tree → a show_if condition (JSON), or why not.
    fn condition(&self, node: &Node, own: &str) -> Result<Value, Words> {
        match node {
            Node::Paren(inner) => self.condition(inner, own),
            Node::And(items) => {
                let all = items
                    .iter()
                    .map(|n| self.condition(n, own))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(json!({ "all": all }))
            }
            Node::Or(items) => {
                // `${q} = 'a' or ${q} = 'b'` (no parentheses around each) is one "in" test.
                let mut same: Option<String> = None;
                let mut values = Vec::new();
                for item in items {
                    if let Node::Cmp(l, Op::Eq, r) = item
                        && let Node::Ref(name) = l.as_ref()
                        && !matches!(r.as_ref(), Node::Str(s) if s.is_empty())
                        && same.as_ref().is_none_or(|s| s == name)
                        && matches!(r.as_ref(), Node::Str(_) | Node::Num(_))
                    {
                        same = Some(name.clone());
                        values.push(self.condition(item, own)?);
                    } else {
                        same = None;
                        break;
                    }
                }
                if let Some(q) = same {
                    let vals: Vec<Value> = values.into_iter().filter_map(|v| v.get("equals").cloned()).collect();
                    if vals.len() == items.len() {
                        return Ok(json!({ "question": q, "in": vals }));
                    }
                }
                let any = items
                    .iter()
                    .map(|n| self.condition(n, own))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(json!({ "any": any }))
            }
            Node::Call(f, args) if f == "not" => match args.as_slice() {
                [inner] => Ok(json!({ "not": self.condition(inner, own)? })),
                _ => Err(say!(NotTakesOne)),
            },
            Node::Call(f, args) if f == "selected" => {
                let [q, v] = args.as_slice() else {
                    return Err(say!(SelectedTakesTwo));
                };
                let Some((name, kind)) = self.reference(q, own)? else {
                    return Err(say!(SelectedQuestionFirst));
                };
                let value = match v {
                    Node::Str(s) => s.clone(),
                    Node::Num(n) => number_text(*n),
                    _ => return Err(say!(SelectedValueSecond)),
                };
                match kind {
                    RefKind::Single => Ok(json!({ "question": name, "equals": value })),
                    RefKind::Multiple | RefKind::Rank => Ok(json!({ "question": name, "includes": value })),
                    RefKind::YesNo => Ok(json!({ "question": name, "equals": yes_no_literal(&name, &value)? })),
                    _ => Err(say!(SelectedNeedsSelect, name = name)),
                }
            }
            Node::Cmp(l, op, r) => self.comparison(l, *op, r, own),
            _ => Err(say!(NotACondition)),
        }
    }

    fn comparison(&self, l: &Node, op: Op, r: &Node, own: &str) -> Result<Value, Words> {
        // A literal on the left: turn it around.
        if matches!(l, Node::Str(_) | Node::Num(_)) {
            return self.comparison(r, op.flipped(), l, own);
        }
        if let Node::Call(f, args) = l
            && (f == "string-length" || f == "count-selected")
        {
            let [arg] = args.as_slice() else {
                return Err(say!(FunctionTakesOne, function = f));
            };
            let Some((name, kind)) = self.reference(arg, own)? else {
                return Err(say!(FunctionNeedsQuestion, function = f));
            };
            let Node::Num(n) = r else {
                return Err(say!(FunctionCompareNumber, function = f));
            };
            let n = *n;
            if f == "string-length" {
                return match (op, n) {
                    (Op::Gt, 0.0) | (Op::Ge, 1.0) | (Op::Ne, 0.0) => Ok(json!({ "question": name, "answered": true })),
                    (Op::Eq, 0.0) | (Op::Le, 0.0) | (Op::Lt, 1.0) => Ok(json!({ "question": name, "answered": false })),
                    _ => Err(say!(StringLengthForms)),
                };
            }
            if kind != RefKind::Multiple {
                return Err(say!(CountSelectedNeedsMultiple, name = name));
            }
            return bound(&name, op, n, true);
        }
        let Some((name, kind)) = self.reference(l, own)? else {
            return Err(say!(CompareAQuestion));
        };
        if let Node::Str(s) = r
            && s.is_empty()
        {
            return match op {
                Op::Eq => Ok(json!({ "question": name, "answered": false })),
                Op::Ne => Ok(json!({ "question": name, "answered": true })),
                _ => Err(say!(CompareEmptyOnlyEq)),
            };
        }
        let literal = match r {
            Node::Str(s) => Lit::Str(s.clone()),
            Node::Num(n) => Lit::Num(*n),
            Node::Call(f, a) if a.is_empty() && (f == "true" || f == "false") => {
                Lit::Str(if f == "true" { "yes" } else { "no" }.into())
            }
            _ => return Err(say!(CompareWithValue)),
        };
        match op {
            Op::Eq | Op::Ne => {
                let value = match (kind, &literal) {
                    (RefKind::YesNo, Lit::Str(s)) => yes_no_literal(&name, s)?,
                    (RefKind::YesNo, Lit::Num(_)) => {
                        return Err(say!(YesNoCompareYes, name = name));
                    }
                    (RefKind::Scale, Lit::Str(s)) if s == "na" => Value::String(s.clone()),
                    (RefKind::Scale | RefKind::Integer | RefKind::Decimal, Lit::Str(s)) => json_number(
                        s.trim()
                            .parse::<f64>()
                            .map_err(|_| say!(NumberCompareNotText, name = name, text = format!("'{s}'")))?,
                    ),
                    (RefKind::Scale | RefKind::Integer | RefKind::Decimal, Lit::Num(n)) => json_number(*n),
                    (RefKind::Single | RefKind::Text, Lit::Str(s)) => Value::String(s.clone()),
                    (RefKind::Single | RefKind::Text, Lit::Num(n)) => Value::String(number_text(*n)),
                    (RefKind::Multiple | RefKind::Rank, _) => {
                        return Err(say!(SeveralAnswersSelected, name = name));
                    }
                    (RefKind::Matrix, _) => {
                        return Err(say!(MatrixOnlyAnsweredRef, name = name));
                    }
                    (RefKind::Note, _) => return Err(say!(RefNote, name = name)),
                };
                let key = if op == Op::Eq { "equals" } else { "not_equals" };
                Ok(json!({ "question": name, key: value }))
            }
            _ => {
                let n = match literal {
                    Lit::Num(n) => n,
                    Lit::Str(s) => s
                        .trim()
                        .parse::<f64>()
                        .map_err(|_| say!(CompareNumberNotText, text = format!("'{s}'")))?,
                };
                match kind {
                    RefKind::Scale | RefKind::Integer => bound(&name, op, n, true),
                    RefKind::Decimal => bound(&name, op, n, false),
                    RefKind::Multiple => Err(say!(
                        CountWithCountSelected,
                        name = name,
                        written = format!("count-selected(${{{name}}}) {op} {}", number_text(n))
                    )),
                    RefKind::Single => Err(say!(
                        SelectOneCompareEq,
                        name = name,
                        written = choices_meant(&name, op, n)
                    )),
                    _ => Err(say!(NotNumberForOp, name = name, op = op)),
                }
            }
        }
    }
}

enum Lit {
    Str(String),
    Num(f64),
}

/// `${q} >= N` and friends → at_least / at_most (a strict comparison on whole numbers moves by one).
pub(super) fn bound(name: &str, op: Op, n: f64, integer: bool) -> Result<Value, Words> {
    let n = match op {
        Op::Ge | Op::Le => n,
        Op::Gt if integer => n + 1.0,
        Op::Lt if integer => n - 1.0,
        Op::Gt | Op::Lt => {
            return Err(say!(
                DecimalStrict,
                op = op,
                written = format!(
                    "${{{name}}} {}= {}",
                    if op == Op::Gt { ">" } else { "<" },
                    number_text(n)
                )
            ));
        }
        _ => return Err(say!(CountsCompare, op = op)),
    };
    let key = if matches!(op, Op::Ge | Op::Gt) {
        "at_least"
    } else {
        "at_most"
    };
    Ok(json!({ "question": name, key: json_number(n) }))
}

pub(super) fn yes_no_literal(name: &str, s: &str) -> Result<Value, Words> {
    match s.to_lowercase().as_str() {
        "yes" | "true" => Ok(Value::Bool(true)),
        "no" | "false" => Ok(Value::Bool(false)),
        _ => Err(say!(YesNoCompareYesNot, name = name, text = format!("'{s}'"))),
    }
}

/// A relevant fault with what koe reads.
pub(super) fn relevant_help(e: &Words) -> Words {
    if e.en.contains(" — ") || e.en.contains("instead") {
        e.clone()
    } else {
        say!(RelevantHelp, error = e.clone())
    }
}

/// The choices of a select_one that a number comparison (`${sat} <= 2`) most likely meant, as
/// XLSForm writes them: `${sat} = '1' or ${sat} = '2'` (choices numbered from 1, as paper
/// questionnaires number them; at most five written out).
fn choices_meant(name: &str, op: Op, n: f64) -> String {
    let n = n.floor() as i64;
    let values: Vec<i64> = match op {
        Op::Le => (1..=n).collect(),
        Op::Lt => (1..n).collect(),
        Op::Ge => (n..n + 2).collect(),
        Op::Gt => (n + 1..n + 3).collect(),
        _ => vec![n],
    };
    let mut written: Vec<String> = values.iter().take(5).map(|v| format!("${{{name}}} = '{v}'")).collect();
    if values.len() > 5 || matches!(op, Op::Ge | Op::Gt) {
        written.push("…".into());
    }
    if written.is_empty() {
        written.push(format!("${{{name}}} = '{n}'"));
    }
    written.join(" or ")
}
