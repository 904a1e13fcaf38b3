//! surveys/schema.json must be what the model generates; `UPDATE_SCHEMA=1 cargo test --test it schema::` rewrites it.

#[test]
fn committed_schema_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/surveys/schema.json");
    let generated = koe::survey::schema::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "surveys/schema.json is out of date: run `UPDATE_SCHEMA=1 cargo test --test it schema::`"
    );
}
