//! `ownbook export openslo`: every document validated against the JSON Schema the
//! OpenSLO project publishes for v1 (vendored in tests/fixtures/schemas/openslo, see
//! the README there), read offline by the `jsonschema` crate.

use super::*;
use serde_json::{Value, json};

/// A validator for OpenSLO v1 documents, from the vendored schema files.
fn validator() -> jsonschema::Validator {
    let dir = repo_root().join("tests/fixtures/schemas/openslo/v1");
    let mut resources = Vec::new();
    for (rel, bytes) in files(&dir) {
        let schema: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let id = schema["$id"].as_str().expect("$id").to_string();
        resources.push((id, schema));
    }
    let root = resources
        .iter()
        .find(|(id, _)| id.ends_with("/v1/openslo.schema.json"))
        .map(|(_, s)| s.clone())
        .expect("openslo.schema.json");
    let registry = jsonschema::Registry::new()
        .extend(resources)
        .and_then(|r| r.prepare())
        .expect("schema registry");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .offline()
        .with_registry(&registry)
        .build(&root)
        .expect("OpenSLO schema")
}

/// Validates every document of `text`, returning them.
fn valid_documents(validator: &jsonschema::Validator, file: &str, text: &str) -> Vec<Value> {
    let docs = yaml_documents(text);
    for doc in &docs {
        let errors: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}: {doc}\n{}", errors.join("\n"));
    }
    docs
}

#[test]
fn the_vendored_openslo_schema_rejects_what_the_spec_forbids() {
    let v = validator();
    let slo = |name: &str, target: Value, spec_extra: Value| {
        let mut doc = json!({
            "apiVersion": "openslo/v1", "kind": "SLO",
            "metadata": {"name": name},
            "spec": {
                "service": "svc", "budgetingMethod": "Occurrences",
                "indicator": {"metadata": {"name": "sli"}, "spec": {"thresholdMetric": {"metricSource": {"type": "X", "spec": {}}}}},
                "objectives": [{"target": target}]
            }
        });
        if let (Some(spec), Some(extra)) = (doc["spec"].as_object_mut(), spec_extra.as_object()) {
            spec.extend(extra.clone());
        }
        doc
    };
    assert!(v.is_valid(&slo("a-b", json!(0.999), json!({}))));
    assert!(
        !v.is_valid(&slo("Upper", json!(0.999), json!({}))),
        "names are lowercase"
    );
    assert!(
        !v.is_valid(&slo("a", json!(1.0), json!({}))),
        "targets are below 1"
    );
    assert!(!v.is_valid(&slo(
        "a",
        json!(0.9),
        json!({"timeWindow": [{"duration": "28 days", "isRolling": true}]})
    )));
    assert!(
        !v.is_valid(&slo(
            "a",
            json!(0.9),
            json!({"timeWindow": [{"duration": "1M", "isRolling": false}]})
        )),
        "a calendar window needs its calendar"
    );
    assert!(!v.is_valid(
        &json!({"apiVersion": "openslo/v1", "kind": "SLA", "metadata": {"name": "a"}, "spec": {}})
    ));
}

#[test]
fn openslo_export_of_the_bundled_handbook_validates_against_the_published_schema() {
    let site = TestSite::bundled();
    export_ok(&site, "openslo", &[]);
    let v = validator();
    let mut slo_count = 0;
    let mut files_seen = Vec::new();
    for (file, bytes) in files(&site.path().join("out")) {
        let id = file
            .strip_suffix(".yaml")
            .expect("a .yaml file")
            .to_string();
        let docs = valid_documents(&v, &file, std::str::from_utf8(&bytes).expect("utf-8"));
        assert_eq!(
            docs[0]["kind"], "Service",
            "{file}: the Service comes first"
        );
        assert_eq!(docs[0]["metadata"]["name"], id.as_str());
        // The catalog's SLOs, read from the service file with a TOML parser.
        let toml_text =
            std::fs::read_to_string(site.path().join(format!("content/services/{id}.toml")))
                .expect("toml");
        let catalog: toml::Table = toml_text.parse().expect("catalog TOML");
        let slos = catalog["slos"].as_array().expect("[[slos]]");
        assert_eq!(docs.len(), 1 + slos.len(), "{file}");
        for (doc, slo) in docs[1..].iter().zip(slos) {
            assert_eq!(doc["kind"], "SLO");
            assert_eq!(doc["spec"]["service"], id.as_str());
            assert_eq!(doc["spec"]["budgetingMethod"], "Occurrences");
            assert_eq!(
                doc["metadata"]["displayName"],
                slo["name"].as_str().expect("name")
            );
            assert_eq!(
                doc["spec"]["indicator"]["spec"]["description"],
                slo["sli"].as_str().expect("sli")
            );
            let objective = slo["objective"].as_float().expect("objective");
            let target = doc["spec"]["objectives"][0]["target"]
                .as_f64()
                .expect("target");
            assert!(
                (target - objective / 100.0).abs() < 1e-12,
                "{file}: {target}"
            );
            assert_eq!(
                doc["spec"]["timeWindow"],
                json!([{"duration": "28d", "isRolling": true}])
            );
        }
        slo_count += docs.len() - 1;
        files_seen.push(id);
    }
    let with_slos: Vec<String> = bundled_service_ids()
        .into_iter()
        .filter(|id| {
            let text =
                std::fs::read_to_string(repo_root().join(format!("content/services/{id}.toml")))
                    .expect("toml");
            text.parse::<toml::Table>()
                .expect("toml")
                .contains_key("slos")
        })
        .collect();
    assert_eq!(files_seen, with_slos, "one file per service with SLOs");
    assert_eq!(slo_count, 28);
    let checkout =
        std::fs::read_to_string(site.path().join("out/checkout-api.yaml")).expect("file");
    let names: Vec<Value> = yaml_documents(&checkout)
        .iter()
        .map(|d| d["metadata"]["name"].clone())
        .collect();
    assert_eq!(
        names,
        [
            json!("checkout-api"),
            json!("checkout-api-availability"),
            json!("checkout-api-latency")
        ]
    );
}

#[test]
fn openslo_export_notes_each_sla_at_its_table() {
    let site = TestSite::bundled();
    let out = export_ok(&site, "openslo", &[]);
    let notes = note_positions(&out.stdout);
    let slas: Vec<_> = ["api-gateway", "checkout-api", "driver-app-api"]
        .iter()
        .map(|id| position_of(&site, &format!("content/services/{id}.toml"), "sla]"))
        .collect();
    assert_eq!(notes, slas);
}

#[test]
fn openslo_export_is_deterministic_and_refuses_to_overwrite_a_changed_file() {
    rerun_keeps_files_and_refuses_edits("openslo", "checkout-api.yaml", "cart-service.yaml");
}

#[test]
fn openslo_export_turns_unusual_slos_into_valid_documents() {
    let site = TestSite::new();
    site.write("content/teams/core.toml", "name = \"Core\"\n");
    let long = "x".repeat(80);
    let long_sli = "é".repeat(1100);
    site.write(
        "content/services/odd.toml",
        &format!(
            concat!(
                "name = \"Odd\"\ndescription = \"Line one\\n\\\"two\\\" \\u2028 {{{{ org }}}}\"\n",
                "owner = \"core\"\ntier = 3\nlifecycle = \"production\"\n\n",
                "[[slos]]\nname = \"P99 Latency (EU) — checkout\"\nobjective = 99.95\nwindow = \"4 weeks\"\nsli = \"yes\"\n\n",
                "[[slos]]\nname = \"p99 latency eu checkout\"\nobjective = 5\nwindow = \"calendar month\"\nsli = \"{long_sli}\"\n\n",
                "[[slos]]\nname = \"{long}\"\nobjective = 99\nwindow = \"fortnight\"\nsli = \"Up\"\n\n",
                "[[slos]]\nname = \"Perfect\"\nobjective = 100\nwindow = \"1Q\"\nsli = \"Never down\"\n\n",
                "[[slos]]\nname = \"\"\nobjective = 90\nwindow = \"1Q\"\nsli = \"\"\n",
            ),
            long = long,
            long_sli = long_sli,
        ),
    );
    let out = export_ok(&site, "openslo", &[]);
    let text = std::fs::read_to_string(site.path().join("out/odd.yaml")).expect("file");
    let docs = valid_documents(&validator(), "odd.yaml", &text);
    assert_eq!(
        docs[0]["spec"]["description"],
        "Line one\n\"two\" \u{2028} Acme"
    );
    let slos = &docs[1..];
    assert_eq!(slos.len(), 4, "the 100% objective is left out");
    assert_eq!(
        slos[3]["metadata"],
        json!({"name": "odd"}),
        "a blank name has no displayName"
    );
    assert_eq!(slos[3]["spec"]["timeWindow"][0]["duration"], "1Q");
    let names: Vec<&str> = slos
        .iter()
        .map(|d| d["metadata"]["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names[0], "odd-p99-latency-eu-checkout");
    assert_eq!(
        names[1], "odd-p99-latency-eu-checkout-2",
        "two SLOs never share a name"
    );
    assert!(
        names[2].len() <= 63 && names[2].starts_with("odd-xxx"),
        "{}",
        names[2]
    );
    assert_eq!(slos[0]["spec"]["objectives"][0]["target"], json!(0.9995));
    assert_eq!(
        slos[0]["spec"]["timeWindow"],
        json!([{"duration": "4w", "isRolling": true}])
    );
    assert_eq!(
        slos[0]["spec"]["description"], "yes",
        "quoted, so it stays a string"
    );
    assert_eq!(slos[1]["spec"]["objectives"][0]["target"], json!(0.05));
    assert_eq!(
        slos[1]["spec"]["timeWindow"],
        json!([{"duration": "1M", "isRolling": false, "calendar": {"startTime": "2024-01-01 00:00:00", "timeZone": "Etc/UTC"}}])
    );
    let cut = slos[1]["spec"]["description"]
        .as_str()
        .expect("description");
    assert_eq!(cut.chars().count(), 1050);
    assert!(
        slos[2]["spec"].get("timeWindow").is_none(),
        "an unknown window is left out"
    );

    let notes = note_positions(&out.stdout);
    let file = "content/services/odd.toml";
    for needle in [
        "sli = \"ééé",
        "window = \"calendar",
        "window = \"fortnight",
        "objective = 100",
    ] {
        assert!(
            notes.contains(&position_of(&site, file, needle)),
            "{needle}: {notes:?}"
        );
    }
}
