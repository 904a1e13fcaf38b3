//! The `indicators` sheet → the survey's indicators (目標値と実績値).

use serde_json::{Map, Value};

use super::super::sheet::{Sheet, snake};
use super::{At, Reader, RefKind, json_number};

impl Reader {
    /// The `indicators` sheet: one indicator a row (`name`, `label`, `question`, `measure`,
    /// `values`, `target`, `direction`). Values are written as stored and separated by spaces or
    /// commas; each is read as the question's answers are (`4` a number for a scale, `true` for
    /// yes/no, `1` a text for a choice).
    pub(super) fn indicators(&mut self, sheet: &Sheet) -> Vec<Value> {
        let order = 3;
        let mut out = Vec::new();
        for row in &sheet.rows {
            let at = At { sheet, row, order };
            let path = format!("indicators[{}]", out.len());
            let mut ind = Map::new();
            self.places.push((path.clone(), at.place_of("name")));
            if let Some((id, col)) = at.get("name") {
                self.places.push((format!("{path}.id"), at.place(col)));
                ind.insert("id".into(), Value::String(id.to_string()));
            }
            if let Some(t) = self.text(at, "label", &format!("{path}.text")) {
                ind.insert("text".into(), t);
            }
            let question = at.get("question").map(|(q, col)| {
                self.places.push((format!("{path}.question"), at.place(col)));
                ind.insert("question".into(), Value::String(q.to_string()));
                q.to_string()
            });
            for field in ["measure", "direction"] {
                if let Some((m, col)) = at.get(field) {
                    self.places.push((format!("{path}.{field}"), at.place(col)));
                    ind.insert(field.into(), Value::String(snake(m)));
                }
            }
            if let Some((text, col)) = at.get("values") {
                self.places.push((format!("{path}.values"), at.place(col)));
                let kind = question.as_deref().and_then(|q| {
                    if q.contains('/') {
                        Some(RefKind::Scale)
                    } else {
                        self.known.get(q).copied()
                    }
                });
                let values: Vec<Value> = text
                    .split(|c: char| c.is_whitespace() || c == ',' || c == '、')
                    .filter(|v| !v.is_empty())
                    .map(|v| indicator_value(v, kind))
                    .collect();
                ind.insert("values".into(), Value::Array(values));
            }
            if let Some((t, col)) = at.get("target") {
                self.places.push((format!("{path}.target"), at.place(col)));
                let value = t
                    .parse::<f64>()
                    .map(json_number)
                    .unwrap_or_else(|_| Value::String(t.to_string()));
                ind.insert("target".into(), value);
            }
            out.push(Value::Object(ind));
        }
        out
    }
}

/// One of an indicator's `values` as the question stores answers.
fn indicator_value(v: &str, kind: Option<RefKind>) -> Value {
    match kind {
        Some(RefKind::YesNo) => match v.to_lowercase().as_str() {
            "true" | "yes" => Value::Bool(true),
            "false" | "no" => Value::Bool(false),
            _ => Value::String(v.to_string()),
        },
        Some(RefKind::Scale | RefKind::Integer | RefKind::Decimal | RefKind::Matrix) => v
            .parse::<f64>()
            .map(json_number)
            .unwrap_or_else(|_| Value::String(v.to_string())),
        _ => Value::String(v.to_string()),
    }
}
