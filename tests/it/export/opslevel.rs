//! `ownbook export opslevel`. OpsLevel publishes no JSON Schema for opslevel.yml, so
//! the tests assert the structure its documentation gives
//! (https://docs.opslevel.com/docs/opslevel-yml): `version: 1`, a `service` mapping of
//! known keys, string values (OpsLevel reads YAML 1.1 and asks for quotes), OpsLevel's
//! default lifecycle and tier aliases, tools of known categories with URLs, and
//! dependencies naming other services by alias.

use super::*;
use serde_json::Value;

/// The keys of `service:` in opslevel.yml.
const SERVICE_KEYS: [&str; 16] = [
    "name",
    "description",
    "owner",
    "lifecycle",
    "tier",
    "product",
    "language",
    "framework",
    "system",
    "aliases",
    "tags",
    "tools",
    "repositories",
    "dependencies",
    "alert_sources",
    "properties",
];

/// OpsLevel's default lifecycle aliases.
const LIFECYCLES: [&str; 5] = [
    "pre-alpha",
    "alpha",
    "beta",
    "generally_available",
    "end-of-life",
];

/// OpsLevel's tool categories (the `ToolCategory` enum of its API).
const TOOL_CATEGORIES: [&str; 23] = [
    "admin",
    "api_documentation",
    "architecture_diagram",
    "backlog",
    "code",
    "continuous_integration",
    "deployment",
    "design_documentation",
    "errors",
    "feature_flag",
    "health_checks",
    "incidents",
    "issue_tracking",
    "logs",
    "metrics",
    "observability",
    "orchestrator",
    "other",
    "resiliency",
    "runbooks",
    "security_scans",
    "status_page",
    "wiki",
];

fn string(v: &Value, what: &str) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {v}"))
        .to_string()
}

fn list<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what} is not a list: {v}"))
}

/// Asserts the documented structure of one file; returns its `service` mapping.
fn check_structure(file: &str, doc: &Value) -> serde_json::Map<String, Value> {
    let top = doc.as_object().expect("a mapping");
    assert_eq!(top.len(), 2, "{file}: only version and service");
    assert_eq!(top["version"], Value::from(1), "{file}");
    let svc = top["service"].as_object().expect("service mapping").clone();
    for key in svc.keys() {
        assert!(
            SERVICE_KEYS.contains(&key.as_str()),
            "{file}: unknown key {key}"
        );
    }
    assert!(!string(&svc["name"], "name").is_empty());
    for key in ["description", "owner", "system"] {
        if let Some(v) = svc.get(key) {
            string(v, key);
        }
    }
    let lifecycle = string(&svc["lifecycle"], "lifecycle");
    assert!(
        LIFECYCLES.contains(&lifecycle.as_str()),
        "{file}: {lifecycle}"
    );
    if let Some(t) = svc.get("tier") {
        let t = string(t, "tier");
        assert!(
            ["tier_1", "tier_2", "tier_3", "tier_4"].contains(&t.as_str()),
            "{file}: {t}"
        );
    }
    for alias in list(&svc["aliases"], "aliases") {
        string(alias, "alias");
    }
    for tag in svc.get("tags").map_or(&vec![], |t| list(t, "tags")) {
        let tag = tag.as_object().expect("tag mapping");
        assert_eq!(tag.len(), 2, "{file}: a tag is a key and a value");
        string(&tag["key"], "tag key");
        string(&tag["value"], "tag value");
    }
    for tool in svc.get("tools").map_or(&vec![], |t| list(t, "tools")) {
        let tool = tool.as_object().expect("tool mapping");
        for key in tool.keys() {
            assert!(["name", "category", "url", "environment"].contains(&key.as_str()));
        }
        string(&tool["name"], "tool name");
        let category = string(&tool["category"], "category");
        assert!(
            TOOL_CATEGORIES.contains(&category.as_str()),
            "{file}: {category}"
        );
        let url = string(&tool["url"], "url");
        assert!(
            ["https://", "http://", "mailto:"]
                .iter()
                .any(|p| url.starts_with(p)),
            "{file}: tool url {url}"
        );
    }
    for dep in svc
        .get("dependencies")
        .map_or(&vec![], |d| list(d, "dependencies"))
    {
        let dep = dep.as_object().expect("dependency mapping");
        for key in dep.keys() {
            assert!(["alias", "notes"].contains(&key.as_str()));
        }
        string(&dep["alias"], "dependency alias");
    }
    svc
}

#[test]
fn opslevel_export_of_the_bundled_handbook_has_the_documented_structure() {
    let site = TestSite::bundled();
    export_ok(&site, "opslevel", &[]);
    let written = files(&site.path().join("out"));
    let ids = bundled_service_ids();
    let expected: Vec<String> = ids.iter().map(|id| format!("{id}/opslevel.yml")).collect();
    assert_eq!(written.keys().cloned().collect::<Vec<_>>(), expected);

    let mut services = BTreeMap::new();
    for (file, bytes) in &written {
        let docs = yaml_documents(std::str::from_utf8(bytes).expect("utf-8"));
        assert_eq!(docs.len(), 1, "{file}: one document");
        services.insert(
            file.split('/').next().expect("id").to_string(),
            check_structure(file, &docs[0]),
        );
    }
    // Every dependency names a service by an alias one of the files declares.
    let aliases: Vec<String> = services
        .values()
        .flat_map(|s| {
            list(&s["aliases"], "aliases")
                .iter()
                .map(|a| string(a, "alias"))
        })
        .collect();
    for (id, s) in &services {
        assert!(aliases.contains(id));
        for dep in s.get("dependencies").map_or(&vec![], |d| list(d, "deps")) {
            assert!(
                aliases.contains(&string(&dep["alias"], "alias")),
                "{id}: {dep}"
            );
        }
    }

    let checkout = &services["checkout-api"];
    assert_eq!(checkout["name"], "Checkout API");
    assert_eq!(checkout["owner"], "checkout");
    assert_eq!(checkout["tier"], "tier_1");
    assert_eq!(checkout["lifecycle"], "generally_available");
    assert_eq!(checkout["system"], "commerce");
    let tools = list(&checkout["tools"], "tools");
    let runbook = tools
        .iter()
        .find(|t| t["category"] == "runbooks")
        .expect("runbook tool");
    assert_eq!(
        runbook["url"],
        "https://wiki.brightwater.example/runbooks/checkout-api"
    );
    assert_eq!(
        tools.iter().filter(|t| t["category"] == "metrics").count(),
        2
    );
    let tags = list(&checkout["tags"], "tags");
    assert!(tags.contains(&serde_json::json!({"key": "type", "value": "api"})));
    // Quoted in the file, so a YAML reader keeps "true" a string.
    assert!(tags.contains(&serde_json::json!({"key": "payments", "value": "true"})));
    let deps = list(&checkout["dependencies"], "deps");
    assert_eq!(
        deps[0],
        serde_json::json!({"alias": "cart-service", "notes": "Source of the line items and prices"})
    );

    for (id, lifecycle) in [
        ("route-optimizer", "pre-alpha"),
        ("ml-feature-store", "alpha"),
        ("legacy-catalog-web", "end-of-life"),
        ("payments-adapter-v1", "end-of-life"),
    ] {
        assert_eq!(services[id]["lifecycle"], lifecycle, "{id}");
    }
}

#[test]
fn opslevel_export_notes_what_it_leaves_out_at_file_line_and_column() {
    let site = TestSite::bundled();
    let out = export_ok(&site, "opslevel", &[]);
    let notes = note_positions(&out.stdout);
    let file = "content/services/checkout-api.toml";
    for needle in [
        "email =",
        "escalation_policy =",
        "runbook_reviewed =",
        "review_every =",
        "sla]",
        "\"cart-service\"",
    ] {
        let at = position_of(&site, file, needle);
        assert!(notes.contains(&at), "no note at {at:?} ({needle})");
    }
    let retired = position_of(
        &site,
        "content/services/payments-adapter-v1.toml",
        "\"retired\"",
    );
    assert!(notes.contains(&retired), "the retired lifecycle is a note");
    // Nothing the format holds is a note.
    for needle in ["name =", "owner =", "runbook =", "depends_on ="] {
        assert!(
            !notes.contains(&position_of(&site, file, needle)),
            "{needle}"
        );
    }
}

#[test]
fn opslevel_export_is_deterministic_and_refuses_to_overwrite_a_changed_file() {
    rerun_keeps_files_and_refuses_edits(
        "opslevel",
        "checkout-api/opslevel.yml",
        "cart-service/opslevel.yml",
    );
}

#[test]
fn opslevel_export_keeps_unusual_text_exactly_and_notes_unmappable_values() {
    let site = TestSite::new();
    site.write(
        "ownbook.toml",
        "title = \"T\"\norganization = \"Acme\"\n[rules]\ntier_names = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n",
    );
    site.write("content/teams/core.toml", "name = \"Core\"\n");
    site.write(
        "content/guide/runbook.md",
        "+++\ntitle = \"Runbook\"\n+++\n\nSteps.\n",
    );
    site.write(
        "content/services/odd.toml",
        concat!(
            "name = \"yes\"\n",
            "description = \"Says \\\"no\\\" \\\\ on: off # not a comment\\n\\tsecond line \\u0085 NEL \\u2028 LS \\u2029 PS, {{ org }}\"\n",
            "owner = \"core\"\n",
            "tier = 5\n",
            "lifecycle = \"design\"\n",
            "tags = [\"null\", \"1e3\"]\n",
            "repository = \"https://github.com/acme/odd.git\"\n",
            "runbook = \"../guide/runbook.md\"\n",
            "chat = \"#core-team\"\n",
        ),
    );
    let out = export_ok(&site, "opslevel", &[]);
    let text = std::fs::read_to_string(site.path().join("out/odd/opslevel.yml")).expect("file");
    // A YAML 1.1 reader (OpsLevel's) takes these for line breaks even inside quotes:
    // they must be written as escapes.
    assert!(!text.contains(['\u{85}', '\u{2028}', '\u{2029}']), "{text}");
    let doc = &yaml_documents(&text)[0];
    let svc = check_structure("odd", doc);
    assert_eq!(svc["name"], "yes");
    assert_eq!(
        svc["description"],
        "Says \"no\" \\ on: off # not a comment\n\tsecond line \u{85} NEL \u{2028} LS \u{2029} PS, Acme"
    );
    assert!(
        svc.get("tier").is_none(),
        "tier 5 has no OpsLevel default alias"
    );
    assert_eq!(svc["lifecycle"], "pre-alpha");
    let tags = list(&svc["tags"], "tags");
    assert_eq!(tags[0], serde_json::json!({"key": "null", "value": "true"}));
    assert_eq!(tags[1], serde_json::json!({"key": "1e3", "value": "true"}));
    assert_eq!(
        svc["repositories"],
        serde_json::json!([{"name": "acme/odd", "provider": "github"}])
    );
    // No base_url: the runbook inside the handbook has no address; the channel name
    // is no URL. Both are notes, and neither becomes a tool.
    let tools = list(&svc["tools"], "tools");
    assert_eq!(tools.len(), 1, "only the repository: {tools:?}");
    let notes = note_positions(&out.stdout);
    let file = "content/services/odd.toml";
    for needle in ["5\nlifecycle", "\"../guide", "\"#core"] {
        assert!(
            notes.contains(&position_of(&site, file, needle)),
            "{needle}"
        );
    }

    site.write(
        "ownbook.toml",
        "title = \"T\"\norganization = \"Acme\"\nbase_url = \"https://handbook.acme.example/\"\n[rules]\ntier_names = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n",
    );
    export_ok(&site, "opslevel", &["--force"]);
    let text = std::fs::read_to_string(site.path().join("out/odd/opslevel.yml")).expect("file");
    let svc = check_structure("odd", &yaml_documents(&text)[0]);
    let runbook = list(&svc["tools"], "tools")
        .iter()
        .find(|t| t["category"] == "runbooks")
        .cloned()
        .expect("runbook tool");
    assert_eq!(
        runbook["url"],
        "https://handbook.acme.example/guide/runbook/"
    );
}
