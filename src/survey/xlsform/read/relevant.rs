//! `relevant` expressions → show_if conditions: which question a `${name}` is, and what each
//! comparison means for that question's answers.

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
                .map_err(|e| if e.contains("${") { e } else { relevant_help(&e) })
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
    fn reference(&self, node: &Node, own: &str) -> Result<Option<(String, RefKind)>, String> {
        let Node::Ref(name) = node else {
            return Ok(None);
        };
        match self.target(name, own) {
            Target::Earlier(k) => Ok(Some((name.clone(), k))),
            Target::Later if name == own => Err(format!("a question cannot depend on itself (\"${{{name}}}\")")),
            Target::Later => Err(format!(
                "question \"${{{name}}}\" comes later; relevant may refer only to earlier questions"
            )),
            Target::MatrixRow(m) => Err(format!(
                "\"${{{name}}}\" is a row of the matrix \"{m}\"; koe can test only whether the matrix was answered: ${{{m}}} != ''"
            )),
            Target::Group => Err(format!("\"${{{name}}}\" is a group and has no answer")),
            Target::Unknown => Err(format!("unknown question \"${{{name}}}\"")),
        }
    }

    /// An expression tree → a show_if condition (JSON), or why not.
    fn condition(&self, node: &Node, own: &str) -> Result<Value, String> {
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
                _ => Err("not() takes one condition".into()),
            },
            Node::Call(f, args) if f == "selected" => {
                let [q, v] = args.as_slice() else {
                    return Err("selected() takes a question and a value: selected(${q}, 'v')".into());
                };
                let Some((name, kind)) = self.reference(q, own)? else {
                    return Err("selected() needs a question first: selected(${q}, 'v')".into());
                };
                let value = match v {
                    Node::Str(s) => s.clone(),
                    Node::Num(n) => number_text(*n),
                    _ => return Err("selected() needs a value second: selected(${q}, 'v')".into()),
                };
                match kind {
                    RefKind::Single => Ok(json!({ "question": name, "equals": value })),
                    RefKind::Multiple | RefKind::Rank => Ok(json!({ "question": name, "includes": value })),
                    RefKind::YesNo => Ok(json!({ "question": name, "equals": yes_no_literal(&name, &value)? })),
                    _ => Err(format!(
                        "selected() needs a select question; \"${{{name}}}\" is not one"
                    )),
                }
            }
            Node::Cmp(l, op, r) => self.comparison(l, *op, r, own),
            _ => Err("this is not a condition".into()),
        }
    }

    fn comparison(&self, l: &Node, op: Op, r: &Node, own: &str) -> Result<Value, String> {
        // A literal on the left: turn it around.
        if matches!(l, Node::Str(_) | Node::Num(_)) {
            return self.comparison(r, op.flipped(), l, own);
        }
        if let Node::Call(f, args) = l
            && (f == "string-length" || f == "count-selected")
        {
            let [arg] = args.as_slice() else {
                return Err(format!("{f}() takes one question"));
            };
            let Some((name, kind)) = self.reference(arg, own)? else {
                return Err(format!("{f}() needs a question: {f}(${{q}})"));
            };
            let Node::Num(n) = r else {
                return Err(format!("compare {f}() with a number"));
            };
            let n = *n;
            if f == "string-length" {
                return match (op, n) {
                    (Op::Gt, 0.0) | (Op::Ge, 1.0) | (Op::Ne, 0.0) => Ok(json!({ "question": name, "answered": true })),
                    (Op::Eq, 0.0) | (Op::Le, 0.0) | (Op::Lt, 1.0) => Ok(json!({ "question": name, "answered": false })),
                    _ => Err(
                        "koe reads string-length(${q}) > 0 (answered) and string-length(${q}) = 0 (not answered)"
                            .into(),
                    ),
                };
            }
            if kind != RefKind::Multiple {
                return Err(format!(
                    "count-selected() needs a select_multiple question; \"${{{name}}}\" is not one"
                ));
            }
            return bound(&name, op, n, true);
        }
        let Some((name, kind)) = self.reference(l, own)? else {
            return Err("compare a question: ${q} = 'v', ${q} >= 3".into());
        };
        if let Node::Str(s) = r
            && s.is_empty()
        {
            return match op {
                Op::Eq => Ok(json!({ "question": name, "answered": false })),
                Op::Ne => Ok(json!({ "question": name, "answered": true })),
                _ => Err("compare with '' only by = or !=".into()),
            };
        }
        let literal = match r {
            Node::Str(s) => Lit::Str(s.clone()),
            Node::Num(n) => Lit::Num(*n),
            Node::Call(f, a) if a.is_empty() && (f == "true" || f == "false") => {
                Lit::Str(if f == "true" { "yes" } else { "no" }.into())
            }
            _ => return Err("compare with a value: 'text' or a number".into()),
        };
        match op {
            Op::Eq | Op::Ne => {
                let value = match (kind, &literal) {
                    (RefKind::YesNo, Lit::Str(s)) => yes_no_literal(&name, s)?,
                    (RefKind::YesNo, Lit::Num(_)) => {
                        return Err(format!("\"${{{name}}}\" is yes/no: compare with 'yes' or 'no'"));
                    }
                    (RefKind::Scale, Lit::Str(s)) if s == "na" => Value::String(s.clone()),
                    (RefKind::Scale | RefKind::Integer | RefKind::Decimal, Lit::Str(s)) => json_number(
                        s.trim()
                            .parse::<f64>()
                            .map_err(|_| format!("\"${{{name}}}\" is a number: compare with a number, not '{s}'"))?,
                    ),
                    (RefKind::Scale | RefKind::Integer | RefKind::Decimal, Lit::Num(n)) => json_number(*n),
                    (RefKind::Single | RefKind::Text, Lit::Str(s)) => Value::String(s.clone()),
                    (RefKind::Single | RefKind::Text, Lit::Num(n)) => Value::String(number_text(*n)),
                    (RefKind::Multiple | RefKind::Rank, _) => {
                        return Err(format!(
                            "\"${{{name}}}\" allows several answers: write selected(${{{name}}}, 'v') instead"
                        ));
                    }
                    (RefKind::Matrix, _) => {
                        return Err(format!(
                            "koe can test only whether the matrix \"${{{name}}}\" was answered: ${{{name}}} != ''"
                        ));
                    }
                    (RefKind::Note, _) => return Err(format!("\"${{{name}}}\" is a note and has no answer")),
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
                        .map_err(|_| format!("compare with a number, not '{s}'"))?,
                };
                match kind {
                    RefKind::Scale | RefKind::Integer => bound(&name, op, n, true),
                    RefKind::Decimal => bound(&name, op, n, false),
                    RefKind::Multiple => Err(format!(
                        "to count the answers of \"${{{name}}}\" write count-selected(${{{name}}}) {op} {} instead",
                        number_text(n)
                    )),
                    RefKind::Single => Err(format!(
                        "\"${{{name}}}\" is a select_one: its answers are choices, compared with = — write {} instead (one = for each choice meant)",
                        choices_meant(&name, op, n)
                    )),
                    _ => Err(format!(
                        "\"${{{name}}}\" is not a number or scale question, so {op} cannot apply"
                    )),
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
pub(super) fn bound(name: &str, op: Op, n: f64, integer: bool) -> Result<Value, String> {
    let n = match op {
        Op::Ge | Op::Le => n,
        Op::Gt if integer => n + 1.0,
        Op::Lt if integer => n - 1.0,
        Op::Gt | Op::Lt => {
            return Err(format!(
                "koe cannot say {op} for a decimal question — write ${{{name}}} {}= {} instead",
                if op == Op::Gt { ">" } else { "<" },
                number_text(n)
            ));
        }
        _ => return Err(format!("koe cannot compare counts with {op} — write >= or <=")),
    };
    let key = if matches!(op, Op::Ge | Op::Gt) {
        "at_least"
    } else {
        "at_most"
    };
    Ok(json!({ "question": name, key: json_number(n) }))
}

pub(super) fn yes_no_literal(name: &str, s: &str) -> Result<Value, String> {
    match s.to_lowercase().as_str() {
        "yes" | "true" => Ok(Value::Bool(true)),
        "no" | "false" => Ok(Value::Bool(false)),
        _ => Err(format!(
            "\"${{{name}}}\" is yes/no: compare with 'yes' or 'no', not '{s}'"
        )),
    }
}

/// A relevant fault with what koe reads.
pub(super) fn relevant_help(e: &str) -> String {
    if e.contains(" — ") || e.contains("instead") {
        e.to_string()
    } else {
        format!(
            "{e} — write ${{q}} = 'v', ${{q}} != 'v', ${{q}} >= 3, selected(${{q}}, 'v'), string-length(${{q}}) > 0, joined by and, or, not(…) instead"
        )
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
