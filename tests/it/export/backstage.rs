//! `ownbook export backstage`: catalog files that Backstage can register (parsed with
//! a YAML parser, every reference resolving, every value quoted) and that `ownbook
//! import backstage` turns back into the same catalog files, byte for byte.

use crate::support::*;
use saphyr::{LoadableYamlNode, YamlOwned};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Output;

fn has_line(report: &str, text: &str) {
    assert!(
        report.lines().any(|l| l.contains(text)),
        "no line containing {text:?} in:\n{report}"
    );
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "command failed:\n{}\n{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

/// Every file under `dir` (relative `/` paths) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !super::is_manifest(e.path()))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// The catalog files (`content/services/*.toml`, `content/teams/*.toml`) of a folder.
fn catalog_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    files(&root.join("content"))
        .into_iter()
        .filter(|(rel, _)| {
            (rel.starts_with("services/") || rel.starts_with("teams/")) && rel.ends_with(".toml")
        })
        .collect()
}

/// A copy of the handbook in `tests/fixtures/export/backstage-edge`: values that need
/// quoting in YAML and fields Backstage has no place for.
fn edge_site() -> TestSite {
    let site = TestSite {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    copy_dir(
        &repo_root().join("tests/fixtures/export/backstage-edge"),
        site.path(),
    );
    site
}

/// Exports `site` into `site/bs` and imports that into an empty folder, which is
/// returned with the export's report.
fn round_trip(site: &TestSite) -> (TestSite, String) {
    let report = ok(site.run(&["export", "backstage", "--out", "bs"]));
    let back = TestSite {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    let location = site.path().join("bs/all.yaml");
    ok(back.run(&["import", "backstage", &location.to_string_lossy()]));
    (back, report)
}

fn assert_same_catalog(site: &TestSite, back: &TestSite) {
    let original = catalog_files(site.path());
    let imported = catalog_files(back.path());
    assert_eq!(
        original.keys().collect::<Vec<_>>(),
        imported.keys().collect::<Vec<_>>(),
        "the same catalog files"
    );
    for (rel, bytes) in &original {
        assert!(
            imported[rel] == *bytes,
            "{rel} differs:\n--- original\n{}\n--- imported\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&imported[rel])
        );
    }
}

/// Every entity of every YAML file under `dir`: (file, entity).
fn entities(dir: &Path) -> Vec<(String, YamlOwned)> {
    let mut out = Vec::new();
    for (rel, bytes) in files(dir) {
        let text = String::from_utf8(bytes).expect("UTF-8");
        let docs = YamlOwned::load_from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        out.extend(docs.into_iter().map(|d| (rel.clone(), d)));
    }
    out
}

fn get<'y>(y: &'y YamlOwned, path: &[&str]) -> Option<&'y YamlOwned> {
    path.iter()
        .try_fold(y, |node, key| node.as_mapping_get(key))
}

fn text(y: &YamlOwned, path: &[&str]) -> String {
    get(y, path)
        .and_then(YamlOwned::as_str)
        .unwrap_or_else(|| panic!("{path:?} is not a string in {y:?}"))
        .to_string()
}

fn texts(y: &YamlOwned, path: &[&str]) -> Vec<String> {
    get(y, path)
        .and_then(YamlOwned::as_vec)
        .map(|items| {
            items
                .iter()
                .map(|i| i.as_str().expect("a string item").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// `kind:name` in lowercase, as Backstage matches refs (default namespace).
fn key_of(e: &YamlOwned) -> String {
    format!(
        "{}:{}",
        text(e, &["kind"]).to_lowercase(),
        text(e, &["metadata", "name"])
    )
}

/// The plain (unquoted) scalars of a YAML text that are values rather than keys.
/// js-yaml, which Backstage uses, reads an unquoted `2026-09-17` as a date and `180`
/// as a number; annotation values must be strings.
fn unquoted_values(text: &str) -> Vec<String> {
    // Per open collection: whether it is a mapping waiting for a key.
    let mut stack: Vec<Option<bool>> = Vec::new();
    let mut plain = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, _) = event.expect("valid YAML");
        let is_key = matches!(stack.last(), Some(Some(true)));
        if let Some(Some(waiting)) = stack.last_mut()
            && matches!(
                event,
                Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..)
            )
        {
            *waiting = !*waiting;
        }
        match event {
            Event::Scalar(v, ScalarStyle::Plain, ..) if !is_key => plain.push(v.into_owned()),
            Event::MappingStart(..) => stack.push(Some(true)),
            Event::SequenceStart(..) => stack.push(None),
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    plain
}

#[test]
fn backstage_export_of_the_bundled_handbook_imports_back_byte_for_byte() {
    let site = TestSite::bundled();
    let (back, report) = round_trip(&site);
    assert_same_catalog(&site, &back);
    // The prose pages are the only thing left out, each named at its file.
    has_line(&report, "content/services/checkout-api.md:1:1");
    has_line(&report, "content/services/order-router.md:1:1");
    assert!(report.contains("Not exported (2;"), "{report}");
}

/// The bundled handbook exported into `bs/`, and its entities.
fn exported_bundled() -> (TestSite, Vec<(String, YamlOwned)>) {
    let site = TestSite::bundled();
    ok(site.run(&["export", "backstage", "--out", "bs"]));
    let all = entities(&site.path().join("bs"));
    (site, all)
}

#[test]
fn backstage_entities_are_valid_and_every_reference_resolves() {
    let (site, all) = exported_bundled();
    let out = site.path().join("bs");
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for (_, e) in &all {
        assert_eq!(text(e, &["apiVersion"]), "backstage.io/v1alpha1");
        *kinds.entry(text(e, &["kind"])).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = [
        ("Component", 22),
        ("Resource", 3),
        ("Group", 6),
        ("User", 32),
        ("System", 6),
        ("Location", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(kinds, expected);

    let keys: BTreeSet<String> = all.iter().map(|(_, e)| key_of(e)).collect();
    assert_eq!(keys.len(), all.len(), "no entity is defined twice");
    let resolves = |r: &str, default_kind: &str| {
        let key = if r.contains(':') {
            r.to_string()
        } else {
            format!("{default_kind}:{r}")
        };
        assert!(keys.contains(&key), "`{r}` names no exported entity");
    };
    for (_, e) in &all {
        if let Some(owner) = get(e, &["spec", "owner"]).and_then(YamlOwned::as_str) {
            resolves(owner, "group");
        }
        if let Some(system) = get(e, &["spec", "system"]).and_then(YamlOwned::as_str) {
            resolves(system, "system");
        }
        for r in texts(e, &["spec", "dependsOn"]) {
            resolves(&r, "component");
        }
        for r in texts(e, &["spec", "members"]) {
            resolves(&r, "user");
        }
        for r in texts(e, &["spec", "memberOf"]) {
            resolves(&r, "group");
        }
        if let Some(annotations) = get(e, &["metadata", "annotations"]) {
            for (k, v) in annotations.as_mapping().expect("a mapping") {
                assert!(v.as_str().is_some(), "{k:?}: annotation values are strings");
            }
        }
    }

    // The Location lists every other file, and only files that exist.
    let (location_file, location) = all
        .iter()
        .find(|(_, e)| text(e, &["kind"]) == "Location")
        .expect("a Location");
    assert_eq!(location_file, "all.yaml");
    let targets: BTreeSet<String> = texts(location, &["spec", "targets"])
        .iter()
        .map(|t| t.strip_prefix("./").expect("relative").to_string())
        .collect();
    let others: BTreeSet<String> = files(&out)
        .into_keys()
        .filter(|f| f != "all.yaml")
        .collect();
    assert_eq!(targets, others);

    for (file, bytes) in files(&out) {
        let plain = unquoted_values(&String::from_utf8(bytes).expect("UTF-8"));
        assert!(plain.is_empty(), "{file}: unquoted values {plain:?}");
    }
}

#[test]
fn backstage_entities_carry_the_catalog_fields() {
    let (_site, all) = exported_bundled();
    let entity = |key: &str| {
        &all.iter()
            .find(|(_, e)| key_of(e) == key)
            .unwrap_or_else(|| panic!("no {key}"))
            .1
    };
    let gateway = entity("component:api-gateway");
    assert_eq!(text(gateway, &["metadata", "title"]), "API Gateway");
    assert_eq!(
        (
            text(gateway, &["spec", "type"]),
            text(gateway, &["spec", "lifecycle"]),
            text(gateway, &["spec", "owner"]),
            text(gateway, &["spec", "system"]),
        ),
        (
            "service".into(),
            "production".into(),
            "group:platform".into(),
            "platform".into()
        )
    );
    assert_eq!(
        texts(gateway, &["spec", "dependsOn"]),
        vec!["component:identity-api", "component:observability-pipeline"]
    );
    let links = get(gateway, &["metadata", "links"])
        .and_then(YamlOwned::as_vec)
        .expect("links");
    assert_eq!(
        (text(&links[0], &["type"]), text(&links[0], &["url"])),
        (
            "runbook".into(),
            "https://wiki.brightwater.example/runbooks/api-gateway".into()
        )
    );
    let annotation = |e: &YamlOwned, k: &str| text(e, &["metadata", "annotations", k]);
    assert_eq!(
        annotation(gateway, "backstage.io/source-location"),
        "url:https://git.brightwater.example/platform/api-gateway"
    );
    assert_eq!(annotation(gateway, "ownbook.dev/tier"), "1");
    assert_eq!(annotation(gateway, "ownbook.dev/type"), "api");
    assert_eq!(
        annotation(gateway, "ownbook.dev/escalation-policy"),
        "platform-default"
    );
    let slos: serde_json::Value =
        serde_json::from_str(&annotation(gateway, "ownbook.dev/slos")).expect("JSON");
    assert_eq!(slos[0]["objective"], 99.95);
    assert_eq!(slos[1]["name"], "Added latency");

    let session = entity("resource:session-store");
    assert_eq!(text(session, &["spec", "type"]), "database");
    assert_eq!(annotation(session, "ownbook.dev/type"), "datastore");
    assert!(get(session, &["spec", "lifecycle"]).is_none());
    assert_eq!(annotation(session, "ownbook.dev/lifecycle"), "production");

    let checkout = entity("group:checkout");
    assert_eq!(text(checkout, &["spec", "type"]), "team");
    assert_eq!(
        text(checkout, &["spec", "profile", "displayName"]),
        "Checkout & Payments"
    );
    assert_eq!(
        get(checkout, &["spec", "children"]).and_then(YamlOwned::as_vec),
        Some(&Vec::new())
    );
    assert_eq!(texts(checkout, &["spec", "members"])[0], "user:amara");
    let policies: serde_json::Value =
        serde_json::from_str(&annotation(checkout, "ownbook.dev/escalation-policies"))
            .expect("JSON");
    assert_eq!(policies[0]["id"], "checkout-default");
    assert_eq!(
        policies[0]["escalation_rules"][2]["targets"][1]["type"],
        "team"
    );
    let li = entity("user:li");
    assert_eq!(text(li, &["spec", "profile", "displayName"]), "Li Wei");
    assert_eq!(texts(li, &["spec", "memberOf"]), vec!["group:checkout"]);
    assert_eq!(
        text(entity("system:commerce"), &["spec", "owner"]),
        "group:checkout"
    );
}

#[test]
fn backstage_export_reruns_unchanged_and_overwrites_edits_only_with_force() {
    let site = TestSite::bundled();
    let before = files(site.path());
    let first = ok(site.run(&["export", "backstage", "--out", "bs"]));
    has_line(&first, "38 files written, 0 unchanged");
    let out = site.path().join("bs");
    let exported = files(&out);
    assert_eq!(exported.len(), 38);
    let mut after = files(site.path());
    after.retain(|rel, _| !rel.starts_with("bs/"));
    assert_eq!(after, before, "nothing is written outside --out");

    let again = ok(site.run(&["export", "backstage", "--out", "bs"]));
    has_line(&again, "0 files written, 38 unchanged");
    assert_eq!(files(&out), exported, "byte-identical on every run");

    let edited = "services/cart-service/catalog-info.yaml";
    site.write(&format!("bs/{edited}"), "# edited in Backstage\n");
    let refused = site.run(&["export", "backstage", "--out", "bs"]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "a refusal, not a catalog error"
    );
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains(edited) && err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.join(edited)).expect("read"),
        "# edited in Backstage\n",
        "the edit is kept"
    );

    let forced = ok(site.run(&["export", "backstage", "--out", "bs", "--force"]));
    has_line(&forced, "1 file written, 37 unchanged");
    assert_eq!(files(&out), exported);
}

#[test]
fn backstage_round_trip_keeps_quotes_line_breaks_and_fields_backstage_lacks() {
    let site = edge_site();
    let (back, report) = round_trip(&site);
    assert_same_catalog(&site, &back);
    assert!(!report.contains("Not exported"), "{report}");

    let all = entities(&site.path().join("bs"));
    let ops = &all
        .iter()
        .find(|(f, _)| f == "teams/ops/catalog-info.yaml")
        .expect("ops")
        .1;
    assert_eq!(
        text(ops, &["metadata", "description"]),
        "Keeps the lights on.\nEven at night: yes, really."
    );
    assert_eq!(
        text(ops, &["spec", "profile", "displayName"]),
        "Ops \"Night\" Crew"
    );
}

#[test]
fn backstage_export_notes_what_it_leaves_out_at_its_line() {
    let site = edge_site();
    site.remove("content/services/ledger-db.toml");
    site.write("content/guide/dash.md", "+++\ntitle = \"Dash\"\n+++\nNumbers.\n")
        .write(
            "content/services/ledger.toml",
            "name = \"Ledger\"\ndescription = \"Books.\"\nowner = \"ops\"\ntier = 3\nlifecycle = \"production\"\ntags = [\"Needs Review\"]\n\n[[dashboards]]\nname = \"Local\"\nurl = \"../guide/dash.md\"\n",
        );
    let report = ok(site.run(&["export", "backstage", "--out", "bs"]));
    has_line(&report, "content/services/ledger.toml:1:1");
    assert!(report.contains("tag `Needs Review` left out"), "{report}");
    assert!(report.contains("no `type`"), "{report}");
    has_line(&report, "content/services/ledger.toml:10:7");
    assert!(
        report.contains("dashboard `Local` (../guide/dash.md) left out"),
        "{report}"
    );
    let all = entities(&site.path().join("bs"));
    let ledger = &all
        .iter()
        .find(|(_, e)| key_of(e) == "component:ledger")
        .expect("ledger")
        .1;
    assert_eq!(text(ledger, &["spec", "type"]), "service");
    assert!(get(ledger, &["metadata", "tags"]).is_none());
    assert!(get(ledger, &["metadata", "links"]).is_none());
}
