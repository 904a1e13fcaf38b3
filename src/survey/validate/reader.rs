//! The path-tracking reader: reads typed fields out of a JSON document, and records each fault with
//! the path of the field it is about (`questions[3].choices[0].value`), so that all faults of a
//! document are reported at once.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::Fault;
use super::{MAX_ID_CHARS, is_valid_id};
use crate::say;
use crate::survey::model::Text;
use crate::words::Words;

/// A value from the file as a message names it: itself when short, else what kind it is.
pub(super) fn describe(v: &Value) -> Words {
    match v {
        Value::Null => Words::same("null"),
        Value::Bool(b) => Words::same(b.to_string()),
        Value::Number(n) => Words::same(n.to_string()),
        Value::String(s) => quoted(s),
        Value::Array(_) => say!(AList),
        Value::Object(_) => say!(AnObject),
    }
}

/// The longest text (in characters) a message repeats from the file before cutting it.
const SHOWN_CHARS: usize = 40;

/// A text from the file as a message shows it: quoted with escapes (a newline cannot split the
/// message), and cut when long: `"aaaa…" (10485760 characters)`, `"aaaa…"（10485760 文字）`.
pub fn quoted(s: &str) -> Words {
    match s.char_indices().nth(SHOWN_CHARS) {
        None => Words::same(format!("{s:?}")),
        Some((end, _)) => {
            let shown = format!("{:?}", &s[..end]);
            say!(
                LongText,
                start = format!("{}…\"", &shown[..shown.len() - 1]),
                n = s.chars().count()
            )
        }
    }
}

/// [`quoted`] in English, for messages that are English only.
pub fn quote(s: &str) -> String {
    quoted(s).en
}

/// A key from the file as a path shows it: control characters escaped, cut when long.
fn short_key(key: &str) -> std::borrow::Cow<'_, str> {
    let long = key.char_indices().nth(SHOWN_CHARS).is_some();
    if !long && !key.chars().any(char::is_control) {
        return key.into();
    }
    let mut shown: String = key.chars().take(SHOWN_CHARS).flat_map(|c| c.escape_debug()).collect();
    if long {
        shown.push('…');
    }
    shown.into()
}

pub(super) fn join(path: &str, key: &str) -> String {
    let key = short_key(key);
    if path.is_empty() {
        key.into_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The closest known name to a probable typo, when it is close enough to be a useful hint.
pub(super) fn suggestion<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = unknown.chars().count();
    known
        .into_iter()
        // A name much longer or shorter than every known one is no typo; skipping it keeps a huge
        // value from costing a long edit-distance computation.
        .filter(|k| len.abs_diff(k.len()) <= 2.max(k.len() / 4))
        .map(|k| (edit_distance(unknown, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters (also used to spot a misspelt workbook column).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Collects faults while reading the document.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) faults: Vec<Fault>,
    /// Text fields seen, checked for the default language once `languages` is known.
    pub(super) texts: Vec<(String, Text)>,
}

impl Reader {
    pub(super) fn fault(&mut self, path: &str, message: Words) {
        self.faults.push(Fault {
            path: path.to_string(),
            message,
        });
    }

    pub(super) fn object<'v>(&mut self, v: &'v Value, path: &str, what: Words) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.fault(path, say!(ExpectedObject, what = what, found = describe(other)));
                None
            }
        }
    }

    pub(super) fn unknown_fields(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        allowed: &[&str],
        all: &[&str],
        what: &Words,
    ) {
        for key in obj.keys() {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            let p = join(path, key);
            if all.contains(&key.as_str()) {
                self.fault(&p, say!(FieldNotHere, field = quoted(key), what = what));
            } else if let Some(s) = suggestion(key, allowed.iter().copied()) {
                self.fault(&p, say!(UnknownFieldMeant, field = quoted(key), meant = s));
            } else {
                self.fault(
                    &p,
                    say!(UnknownFieldOneOf, field = quoted(key), known = allowed.join(", ")),
                );
            }
        }
    }

    pub(super) fn required<'v>(&mut self, obj: &'v Map<String, Value>, path: &str, key: &str) -> Option<&'v Value> {
        let v = obj.get(key);
        if v.is_none() {
            self.fault(path, say!(MissingField, field = key));
        }
        v
    }

    pub(super) fn string(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.fault(path, say!(ExpectedString, found = describe(other)));
                None
            }
        }
    }

    pub(super) fn id(&mut self, v: &Value, path: &str) -> Option<String> {
        let id = self.string(v, path)?;
        if !is_valid_id(&id) {
            self.fault(path, say!(BadId, id = quoted(&id), most = MAX_ID_CHARS));
            return None;
        }
        Some(id)
    }

    pub(super) fn bool(&mut self, obj: &Map<String, Value>, path: &str, key: &str, default: bool) -> bool {
        match obj.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.fault(&join(path, key), say!(ExpectedBool, found = describe(other)));
                default
            }
        }
    }

    pub(super) fn integer(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<i64> {
        match obj.get(key)? {
            Value::Number(n) if n.as_i64().is_some() => n.as_i64(),
            other => {
                self.fault(&join(path, key), say!(ExpectedWhole, found = describe(other)));
                None
            }
        }
    }

    pub(super) fn count(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<u32> {
        let n = self.integer(obj, path, key)?;
        match u32::try_from(n) {
            Ok(n) => Some(n),
            Err(_) => {
                self.fault(&join(path, key), say!(ExpectedCount, found = n));
                None
            }
        }
    }

    pub(super) fn number(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<f64> {
        match obj.get(key)? {
            Value::Number(n) => n.as_f64(),
            other => {
                self.fault(&join(path, key), say!(ExpectedNumber, found = describe(other)));
                None
            }
        }
    }

    pub(super) fn text(&mut self, v: &Value, path: &str) -> Option<Text> {
        let text = match v {
            Value::String(s) => Text::Plain(s.clone()),
            Value::Object(m) => {
                let mut map = BTreeMap::new();
                for (lang, t) in m {
                    if let Some(s) = self.string(t, &join(path, lang)) {
                        map.insert(lang.clone(), s);
                    }
                }
                if m.is_empty() {
                    self.fault(path, say!(TextNoLanguage));
                }
                Text::Localized(map)
            }
            other => {
                self.fault(path, say!(ExpectedText, found = describe(other)));
                return None;
            }
        };
        self.texts.push((path.to_string(), text.clone()));
        Some(text)
    }

    pub(super) fn opt_text(&mut self, obj: &Map<String, Value>, path: &str, key: &str) -> Option<Text> {
        obj.get(key).and_then(|v| self.text(v, &join(path, key)))
    }
}
