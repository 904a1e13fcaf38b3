//! `constraint` cells → a question's bounds: `. >= A and . <= B` (min/max),
//! `count-selected(.)` (min_selected/max_selected), `string-length(.)` (max_length).

use crate::say;
use serde_json::{Map, Value};

use super::super::expr::{self, Node, Op};
use super::super::sheet::number_text;
use super::{At, Reader, RefKind, json_number};

impl Reader {
    pub(super) fn constraint(
        &mut self,
        at: At,
        text: &str,
        col: u32,
        kind: RefKind,
        path: &str,
        q: &mut Map<String, Value>,
    ) {
        let instead = match kind {
            RefKind::Integer | RefKind::Decimal => ". >= 0 and . <= 100",
            RefKind::Multiple => "count-selected(.) >= 1 and count-selected(.) <= 3",
            RefKind::Text => "string-length(.) <= 200",
            _ => "",
        };
        if instead.is_empty() {
            self.fault(at.place(col), say!(ConstraintKinds));
            return;
        }
        let parts = match expr::parse(text) {
            Ok(Node::And(items)) => items,
            Ok(node) => vec![node],
            Err(e) => {
                self.fault(
                    at.place(col),
                    say!(ConstraintWriteInstead, error = e, instead = instead),
                );
                return;
            }
        };
        let suggested = suggestion(&parts, kind);
        let instead = suggested.as_deref().unwrap_or(instead);
        for part in parts {
            let found = match &part {
                Node::Cmp(l, op, r) => constraint_bound(l, *op, r, kind),
                _ => None,
            };
            let Some((field, n)) = found else {
                self.fault(at.place(col), say!(ConstraintUnreadable, instead = instead));
                return;
            };
            self.places.push((format!("{path}.{field}"), at.place(col)));
            let whole = n >= 0.0 && n.fract() == 0.0;
            let value = if matches!(field, "min" | "max") || whole {
                json_number(n)
            } else {
                self.fault(
                    at.place(col),
                    say!(ConstraintNotWhole, number = number_text(n), instead = instead),
                );
                return;
            };
            q.insert(field.into(), value);
        }
    }
}

/// The constraint koe can read that is nearest to one it cannot: the same bounds, a strict `>` or
/// `<` made inclusive (`. > 0 and . <= 8` on a decimal → `. >= 0 and . <= 8`). `None` when a part
/// is not a comparison of the answer with a number.
fn suggestion(parts: &[Node], kind: RefKind) -> Option<String> {
    let written: Option<Vec<String>> = parts
        .iter()
        .map(|part| {
            let Node::Cmp(l, op, r) = part else { return None };
            let (l, op, r) = if matches!(**l, Node::Num(_)) {
                (r, op.flipped(), l)
            } else {
                (l, *op, r)
            };
            let Node::Num(n) = **r else { return None };
            let subject = match &**l {
                Node::Dot if matches!(kind, RefKind::Integer | RefKind::Decimal) => ".",
                Node::Call(f, a) if f == "count-selected" && a == &[Node::Dot] && kind == RefKind::Multiple => {
                    "count-selected(.)"
                }
                Node::Call(f, a) if f == "string-length" && a == &[Node::Dot] && kind == RefKind::Text => {
                    "string-length(.)"
                }
                _ => return None,
            };
            let integer = kind != RefKind::Decimal;
            let (op, n) = match op {
                Op::Ge => (">=", n),
                Op::Gt if integer => (">=", n + 1.0),
                Op::Gt => (">=", n),
                Op::Le => ("<=", n),
                Op::Lt if integer => ("<=", n - 1.0),
                Op::Lt => ("<=", n),
                _ => return None,
            };
            Some(format!("{subject} {op} {}", number_text(n)))
        })
        .collect();
    written.map(|w| w.join(" and "))
}

/// The model field a constraint comparison sets, and its number.
fn constraint_bound(l: &Node, op: Op, r: &Node, kind: RefKind) -> Option<(&'static str, f64)> {
    let (l, op, r) = if matches!(l, Node::Num(_)) {
        (r, op.flipped(), l)
    } else {
        (l, op, r)
    };
    let Node::Num(n) = r else { return None };
    let n = *n;
    let integer = kind != RefKind::Decimal;
    let (lower, upper) = match l {
        Node::Dot if matches!(kind, RefKind::Integer | RefKind::Decimal) => ("min", "max"),
        Node::Call(f, a) if f == "count-selected" && a == &[Node::Dot] && kind == RefKind::Multiple => {
            ("min_selected", "max_selected")
        }
        Node::Call(f, a) if f == "string-length" && a == &[Node::Dot] && kind == RefKind::Text => ("", "max_length"),
        _ => return None,
    };
    let (field, n) = match op {
        Op::Ge => (lower, n),
        Op::Gt if integer => (lower, n + 1.0),
        Op::Le => (upper, n),
        Op::Lt if integer => (upper, n - 1.0),
        _ => return None,
    };
    (!field.is_empty()).then_some((field, n))
}
