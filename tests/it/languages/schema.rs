//! The published JSON Schemas know the languages: the fixture's `[languages]` is
//! valid against ownbook.schema.json, texts by language (`description.ja`) against the
//! service and team schemas, and the mistakes `check` refuses are invalid there too.

use super::bilingual;
use crate::support::{TestSite, repo_root};
use jsonschema::Validator;
use serde_json::{Value, json};

/// The schema `name` as `ownbook schema --out` writes it.
fn validator(site: &TestSite, name: &str) -> Validator {
    let out = site.run(&["schema", "--out", "schemas"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(site.path().join("schemas").join(name)).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft7::new(&schema).expect("a draft-07 schema")
}

/// A TOML text as an editor hands it to the validator (no dates in these files).
fn as_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).expect("TOML");
    serde_json::to_value(value).expect("JSON")
}

#[test]
fn the_fixtures_languages_are_valid_against_the_config_schema() {
    let site = bilingual();
    let config = validator(&site, "ownbook.schema.json");
    let fixture = repo_root().join("tests/fixtures/languages/ownbook.toml");
    let text = std::fs::read_to_string(fixture).expect("fixture config");
    let problems: Vec<String> = config
        .iter_errors(&as_json(&text))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // What `check` refuses: no default, a name that is no language code, an unknown key.
    for wrong in [
        json!({ "languages": { "en": { "name": "English" } } }),
        json!({ "languages": { "default": "en", "English": { "name": "English" } } }),
        json!({ "languages": { "default": "en", "ja": { "nom": "日本語" } } }),
    ] {
        assert!(!config.is_valid(&wrong), "{wrong}");
    }
}

#[test]
fn texts_by_language_are_valid_against_the_catalog_schemas() {
    let site = bilingual();
    let service = validator(&site, "service.schema.json");
    let by_language = "name = \"Web\"\ndescription.en = \"Pages.\"\ndescription.ja = \"画面。\"\n\
                       owner = \"web\"\ntier = 2\nlifecycle = \"production\"\n";
    assert!(service.is_valid(&as_json(by_language)));
    let plain = by_language.replace(
        "description.en = \"Pages.\"\ndescription.ja = \"画面。\"",
        "description = \"Pages.\"",
    );
    assert!(service.is_valid(&as_json(&plain)));
    let not_a_code = by_language.replace("description.ja", "description.Japanese");
    assert!(!service.is_valid(&as_json(&not_a_code)));
    let team = validator(&site, "team.schema.json");
    assert!(team.is_valid(&as_json(
        "name = \"Web\"\n[description]\nen = \"The team.\"\nja = \"チーム。\"\n"
    )));
}
