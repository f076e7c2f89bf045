//! The committed JSON Schemas are the ones generated from the Rust types.

#[test]
fn committed_schemas_match_generated() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (name, generated) in gloss::cli::schema::schemas() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == generated,
            "schemas/{name} is out of date: run `cargo run -- schema --out schemas` and commit the result"
        );
    }
}
