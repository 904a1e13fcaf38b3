//! A stored JSON object keyed by question id (a response's answers, its keyword terms) read
//! straight into one slot per question of a survey, in question order.
//!
//! The tallies look every answer up by question, for every response: reading the object into a
//! `serde_json::Map` first meant allocating each key, hashing it into an index map, looking it up
//! again by id and freeing it all, which was most of an export's time. Here each key is matched to
//! its question as it is read (stored objects are usually in question order, so the next
//! question's id is tried first) and only the values are built.

use std::collections::HashMap;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// Which slot a question id goes to: its index among the survey's questions.
#[derive(Clone, Debug, Default)]
pub struct SlotIndex {
    ids: Vec<String>,
    by_id: HashMap<String, usize>,
}

impl SlotIndex {
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> SlotIndex {
        let ids: Vec<String> = ids.into_iter().map(str::to_string).collect();
        let by_id = ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        SlotIndex { ids, by_id }
    }

    /// How many slots: one per question.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The slot of `id`, trying `hint` (the slot after the previous key) first.
    fn find(&self, id: &str, hint: usize) -> Option<usize> {
        match self.ids.get(hint) {
            Some(next) if next == id => Some(hint),
            _ => self.by_id.get(id).copied(),
        }
    }

    /// Reads a JSON object into `slots` (one per question, all emptied first): each key of a
    /// question gets its value, other keys are skipped, and a repeated key keeps its last value
    /// (as a `serde_json::Map` would). Returns false, with every slot empty, when the JSON is not
    /// such an object.
    pub fn read<T: DeserializeOwned>(&self, json: &[u8], slots: &mut Vec<Option<T>>) -> bool {
        slots.clear();
        slots.resize_with(self.len(), || None);
        let mut de = serde_json::Deserializer::from_slice(json);
        let read = (Fill { index: self, slots })
            .deserialize(&mut de)
            .and_then(|()| de.end());
        if read.is_err() {
            slots.iter_mut().for_each(|s| *s = None);
        }
        read.is_ok()
    }
}

/// The object being read into its slots.
struct Fill<'a, T> {
    index: &'a SlotIndex,
    slots: &'a mut Vec<Option<T>>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Fill<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Fill<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object keyed by question id")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut hint = 0;
        while let Some(slot) = map.next_key_seed(Key {
            index: self.index,
            hint,
        })? {
            match slot {
                Some(i) => {
                    self.slots[i] = Some(map.next_value()?);
                    hint = i + 1;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// One key, matched to its slot without being copied.
struct Key<'a> {
    index: &'a SlotIndex,
    hint: usize,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a question id")
    }

    fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Option<usize>, E> {
        Ok(self.index.find(id, self.hint))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn read(json: &str) -> (bool, Vec<Option<Value>>) {
        let index = SlotIndex::new(["a", "b", "c"]);
        let mut slots = vec![Some(json!("left over"))];
        let ok = index.read(json.as_bytes(), &mut slots);
        (ok, slots)
    }

    #[test]
    fn keys_go_to_their_questions_slots_in_any_order() {
        let (ok, slots) = read(r#"{"c": [1, 2], "zz": {"x": 1}, "a": "はい"}"#);
        assert!(ok);
        assert_eq!(slots, vec![Some(json!("はい")), None, Some(json!([1, 2]))]);
    }

    #[test]
    fn an_escaped_key_and_a_repeated_key_read_as_a_map_would() {
        let (_, slots) = read(r#"{"\u0062": 1, "b": 2}"#);
        let map: serde_json::Map<String, Value> = serde_json::from_str(r#"{"\u0062": 1, "b": 2}"#).unwrap();
        assert_eq!(slots[1].as_ref(), map.get("b"));
    }

    #[test]
    fn damaged_json_leaves_every_slot_empty() {
        for bad in [r#"{"a": 1, "b": "#, "[1, 2]", "\"a\"", "", r#"{"a": 1} x"#] {
            let (ok, slots) = read(bad);
            assert!(!ok, "{bad}");
            assert_eq!(slots, vec![None, None, None], "{bad}");
        }
    }
}
