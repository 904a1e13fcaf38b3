//! The JSON Schema of survey files (`surveys/schema.json`), derived from the model so that editors
//! complete and check the same fields koe reads.

use super::model::Survey;

/// The schema as pretty-printed JSON, with a trailing newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Survey);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
