//! `ownbook schema` and the `#:schema` lines: every file the loader accepts is valid
//! against its schema, what the loader refuses is invalid, the site publishes the same
//! schemas, and the files `init` and `new` write name a schema that is there.

use crate::support::{TestSite, repo_root};
use jsonschema::Validator;
use serde_json::Value;
use std::path::Path;

const NAMES: [&str; 4] = [
    "service.schema.json",
    "team.schema.json",
    "ownbook.schema.json",
    "catalog.schema.json",
];

/// Runs `ownbook schema --out DIR` in a fresh folder and gives the folder.
fn written_schemas() -> (TestSite, std::path::PathBuf) {
    let site = TestSite::new();
    let out = site.run(&["schema", "--out", "schemas"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = site.path().join("schemas");
    (site, dir)
}

/// A file of the handbook itself (not of its output).
fn source(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A draft-07 validator that checks formats, as editors do: `date` is a full date, and
/// `partial-date-time` a TOML local date-time.
fn validator(dir: &Path, name: &str) -> Validator {
    let text = std::fs::read_to_string(dir.join(name)).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .with_format("partial-date-time", |s: &str| {
            s.parse::<toml::value::Datetime>()
                .is_ok_and(|d| d.date.is_some() && d.time.is_some() && d.offset.is_none())
        })
        .build(&schema)
        .unwrap_or_else(|e| panic!("{name} is not a valid draft-07 schema: {e}"))
}

/// A TOML document as a TOML editor hands it to a JSON Schema validator: dates and
/// times become strings as written (2026-10-02, 2026-01-05T09:00:00).
fn toml_as_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_as_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_as_json(v)))
                .collect(),
        ),
    }
}

fn read_toml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("toml file");
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml_as_json(value)
}

fn errors(validator: &Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn toml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn bundled_catalog_files_and_config_are_valid_against_their_schemas() {
    let (_site, dir) = written_schemas();
    let root = repo_root();
    let mut checked = 0;
    for (folder, name) in [("services", NAMES[0]), ("teams", NAMES[1])] {
        let validator = validator(&dir, name);
        let files = toml_files(&root.join("content").join(folder));
        assert!(files.len() > 3, "bundled {folder}");
        for path in files {
            let problems = errors(&validator, &read_toml(&path));
            assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
            checked += 1;
        }
    }
    let config = validator(&dir, NAMES[2]);
    let problems = errors(&config, &read_toml(&root.join("ownbook.toml")));
    assert!(problems.is_empty(), "ownbook.toml: {problems:#?}");
    assert!(checked > 10);
}

#[test]
fn built_catalog_json_is_valid_and_names_its_published_schema() {
    let site = TestSite::bundled();
    site.build_ok();
    let catalog: Value = serde_json::from_str(&site.read("catalog.json")).expect("json");
    let validator = validator(&site.out().join("schemas"), NAMES[3]);
    let problems = errors(&validator, &catalog);
    assert!(problems.is_empty(), "{problems:#?}");
    // `$schema` is the published file's address under the site's base_url.
    let base = "https://handbook.brightwater.example/";
    let address = catalog["$schema"].as_str().expect("$schema");
    let rel = address.strip_prefix(base).expect("under base_url");
    assert!(site.out().join(rel).is_file(), "{address}");
    // Without a base_url it is relative to catalog.json.
    let local = TestSite::new();
    for args in [["new", "team", "core"], ["new", "service", "shop"]] {
        assert!(local.run(&args).status.success());
    }
    local.build_ok();
    let catalog: Value = serde_json::from_str(&local.read("catalog.json")).expect("json");
    let rel = catalog["$schema"].as_str().expect("$schema");
    assert!(local.out().join(rel).is_file(), "{rel}");
    assert!(errors(&validator, &catalog).is_empty());
}

#[test]
fn site_publishes_exactly_what_ownbook_schema_writes() {
    let (_site, dir) = written_schemas();
    let built = TestSite::new();
    built.build_ok();
    let mut published: Vec<String> = std::fs::read_dir(built.out().join("schemas"))
        .expect("schemas/ in the site")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    published.sort();
    let mut expected = NAMES.map(String::from).to_vec();
    expected.sort();
    assert_eq!(published, expected);
    for name in NAMES {
        let site_bytes = std::fs::read(built.out().join("schemas").join(name)).expect("published");
        let cli_bytes = std::fs::read(dir.join(name)).expect("written");
        assert!(site_bytes == cli_bytes, "{name} differs");
    }
}

#[test]
fn schema_command_is_deterministic_and_refuses_to_overwrite_changes() {
    let (site, dir) = written_schemas();
    let first: Vec<Vec<u8>> = NAMES
        .iter()
        .map(|n| std::fs::read(dir.join(n)).expect("file"))
        .collect();
    let again = site.run(&["schema", "--out", "schemas"]);
    assert!(again.status.success(), "{}", stderr(&again));
    for (name, bytes) in NAMES.iter().zip(&first) {
        assert!(std::fs::read(dir.join(name)).expect("file") == *bytes);
    }
    site.write("schemas/team.schema.json", "{}\n");
    let refused = site.run(&["schema", "--out", "schemas"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(source(&site, "schemas/team.schema.json"), "{}\n");
    let forced = site.run(&["schema", "--out", "schemas", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(std::fs::read(dir.join(NAMES[1])).expect("file") == first[1]);
}

/// Each edit makes the file invalid for the loader; the schema must say so too.
#[test]
fn files_the_loader_refuses_are_invalid_against_the_schemas() {
    let site = TestSite::new();
    for args in [["new", "team", "core"], ["new", "service", "shop"]] {
        let out = site.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let dir = site.path().join("schemas");
    let service = "content/services/shop.toml";
    let team = "content/teams/core.toml";
    let cases: [(&str, &str, &str, &str); 7] = [
        (
            service,
            NAMES[0],
            "tags = []",
            "tags = []\nowners = \"core\"",
        ),
        (
            service,
            NAMES[0],
            "lifecycle = \"design\"",
            "lifecycle = \"prod\"",
        ),
        (service, NAMES[0], "tier = 3", "tier = \"three\""),
        (
            service,
            NAMES[0],
            "tags = []",
            "tags = []\nreviewed = \"last week\"",
        ),
        (
            team,
            NAMES[1],
            "turn_length_days = 7",
            "turn_length_days = \"7\"",
        ),
        (team, NAMES[1], "type = \"rotation\"", "type = \"squad\""),
        (
            "ownbook.toml",
            NAMES[2],
            "organization = \"Acme\"",
            "organization = \"Acme\"\ntheme_color = \"red\"",
        ),
    ];
    let (diags, code) = site.check_json();
    assert_eq!((diags.len(), code), (0, 0), "{diags:#?}");
    for (file, schema, from, to) in cases {
        let good = source(&site, file);
        assert!(good.contains(from), "{file}: {from}");
        let bad = good.replacen(from, to, 1);
        let validator = validator(&dir, schema);
        assert!(errors(&validator, &read_toml(&site.path().join(file))).is_empty());
        site.write(file, &bad);
        let invalid = errors(&validator, &read_toml(&site.path().join(file)));
        assert!(!invalid.is_empty(), "the schema accepts `{to}` in {file}");
        let (diags, code) = site.check_json();
        let refused = diags
            .iter()
            .any(|d| d["severity"] == "error" && d["file"] == file);
        assert!(
            refused && code != 0,
            "the loader accepts `{to}` in {file}: {diags:#?}"
        );
        site.write(file, &good);
    }
}

/// The `#:schema` header line's path, resolved from the file's folder.
fn schema_named_by(path: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(path).expect("file");
    let first = text.lines().next().unwrap_or("");
    let rel = first
        .strip_prefix("#:schema ")
        .unwrap_or_else(|| panic!("{} starts with {first:?}", path.display()));
    path.parent().expect("folder").join(rel)
}

#[test]
fn init_and_new_files_name_a_schema_that_is_there_and_still_load() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("handbook");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(["init", dir.to_str().expect("utf8"), "--org", "Acme"])
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", stderr(&o));
    let (_written, expected) = written_schemas();
    let mut files = vec![dir.join("ownbook.toml")];
    files.extend(toml_files(&dir.join("content/services")));
    files.extend(toml_files(&dir.join("content/teams")));
    for path in &files {
        let schema = schema_named_by(path);
        let name = schema.file_name().expect("name").to_owned();
        let bytes = std::fs::read(&schema).unwrap_or_else(|e| panic!("{}: {e}", schema.display()));
        assert!(bytes == std::fs::read(expected.join(&name)).expect("expected"));
        let problems = errors(
            &validator(&expected, &name.to_string_lossy()),
            &read_toml(path),
        );
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
    }
    let checked = std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(["check", "--format", "json"])
        .current_dir(&dir)
        .env("OWNBOOK_TODAY", "2026-11-22")
        .output()
        .expect("run");
    let diags: Vec<Value> = serde_json::from_slice(&checked.stdout).expect("json");
    assert!(
        checked.status.success() && !diags.iter().any(|d| d["severity"] == "error"),
        "{diags:#?}"
    );
    // A handbook without schemas/ gets them with its first `new`.
    let site = TestSite::new();
    for (args, file) in [
        (["new", "team", "core"], "content/teams/core.toml"),
        (["new", "service", "shop"], "content/services/shop.toml"),
    ] {
        let out = site.run(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        let schema = schema_named_by(&site.path().join(file));
        let name = schema.file_name().expect("name").to_owned();
        assert!(
            std::fs::read(&schema).expect("schema")
                == std::fs::read(expected.join(&name)).expect("expected")
        );
    }
    let (diags, code) = site.check_json();
    assert_eq!((diags.len(), code), (0, 0), "{diags:#?}");
}
