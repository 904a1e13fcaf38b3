//! The `codes` and `keywords` sheets → the survey's codes (themes of free text) and the
//! analyser's words. Other XLSForm tools ignore sheets they do not know, so a workbook with them
//! still works in ODK or KoboToolbox.

use serde_json::{Map, Value};

use super::super::sheet::Sheet;
use super::{At, Reader};

/// The sheets' positions among the sheets koe reads (for ordering faults).
const CODES_ORDER: usize = 4;
const KEYWORDS_ORDER: usize = 5;

/// A `words` cell as its words: separated by `,` or `、`, each trimmed, empty pieces dropped
/// (`ピア、当事者, PSW` → three words). Spaces stay inside a word (`peer support`).
pub fn split_words(cell: &str) -> Vec<String> {
    cell.split([',', '、'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

impl Reader {
    /// The `codes` sheet: one code a row (`id`, `label` / `label::Language (code)`, `question`,
    /// `words`).
    pub(super) fn codes(&mut self, sheet: &Sheet) -> Vec<Value> {
        let mut out = Vec::new();
        for row in &sheet.rows {
            let at = At {
                sheet,
                row,
                order: CODES_ORDER,
            };
            let path = format!("codes[{}]", out.len());
            let mut code = Map::new();
            self.places.push((path.clone(), at.place_of("id")));
            if let Some((id, col)) = at.get("id") {
                self.places.push((format!("{path}.id"), at.place(col)));
                code.insert("id".into(), Value::String(id.to_string()));
            }
            if let Some(t) = self.text(at, "label", &format!("{path}.label")) {
                code.insert("label".into(), t);
            }
            if let Some((q, col)) = at.get("question") {
                self.places.push((format!("{path}.question"), at.place(col)));
                code.insert("question".into(), Value::String(q.to_string()));
            }
            if let Some((cell, col)) = at.get("words") {
                self.places.push((format!("{path}.words"), at.place(col)));
                let words = split_words(cell);
                code.insert(
                    "words".into(),
                    Value::Array(words.into_iter().map(Value::String).collect()),
                );
            }
            out.push(Value::Object(code));
        }
        out
    }

    /// The `keywords` sheet: columns `extra_words` and `ignore_words`, one word a cell, read down
    /// each column.
    pub(super) fn keywords(&mut self, sheet: &Sheet) -> Option<Value> {
        let mut doc = Map::new();
        for field in ["extra_words", "ignore_words"] {
            let Some(col) = sheet.column(field) else { continue };
            let mut words = Vec::new();
            for row in &sheet.rows {
                let Some(cell) = row.cells.get(&col) else { continue };
                let at = At {
                    sheet,
                    row,
                    order: KEYWORDS_ORDER,
                };
                self.places
                    .push((format!("keywords.{field}[{}]", words.len()), at.place(col)));
                words.push(Value::String(cell.trim().to_string()));
            }
            if !words.is_empty() {
                doc.insert(field.into(), Value::Array(words));
            }
        }
        (!doc.is_empty()).then_some(Value::Object(doc))
    }
}

#[cfg(test)]
mod tests {
    use super::split_words;

    #[test]
    fn words_are_split_at_either_comma() {
        assert_eq!(
            split_words("ピア、当事者, PSW ,,peer support"),
            ["ピア", "当事者", "PSW", "peer support"]
        );
        assert!(split_words(" 、 ").is_empty());
    }
}
