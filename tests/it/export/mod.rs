//! `ownbook export`: the bundled handbook (and small fixtures) exported, every file
//! parsed with a real parser and checked against the format's published schema or
//! documented structure; re-runs, refusals and notes as a user meets them.

mod backstage;
mod openslo;
mod opslevel;
mod pagerduty;

use crate::support::*;
use saphyr::{LoadableYamlNode, Scalar, Yaml};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

/// Every document of a YAML stream as JSON, read by saphyr (a YAML 1.2 parser that
/// shares no code with ownbook's writer).
pub fn yaml_documents(text: &str) -> Vec<Value> {
    let docs = Yaml::load_from_str(text).unwrap_or_else(|e| panic!("invalid YAML ({e}):\n{text}"));
    docs.iter().map(to_json).collect()
}

fn to_json(node: &Yaml) -> Value {
    match node {
        Yaml::Value(Scalar::Null) => Value::Null,
        Yaml::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        Yaml::Value(Scalar::Integer(i)) => Value::from(*i),
        Yaml::Value(Scalar::FloatingPoint(f)) => Value::from(f.into_inner()),
        Yaml::Value(Scalar::String(s)) => Value::String(s.to_string()),
        Yaml::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Mapping(map) => {
            let mut object = Map::new();
            for (k, v) in map {
                let Yaml::Value(Scalar::String(key)) = k else {
                    panic!("a mapping key that is not a string: {k:?}");
                };
                assert!(
                    object.insert(key.to_string(), to_json(v)).is_none(),
                    "duplicate key {key}"
                );
            }
            Value::Object(object)
        }
        other => panic!("unexpected YAML node {other:?}"),
    }
}

/// Runs `ownbook export <target> --out out` (plus `extra` arguments) and asserts it
/// succeeded.
pub fn export_ok(site: &TestSite, target: &str, extra: &[&str]) -> Output {
    let mut args = vec!["export", target, "--out", "out"];
    args.extend_from_slice(extra);
    let out = site.run(&args);
    assert!(
        out.status.success(),
        "export {target} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The manifest an export keeps in `--out` (`.ownbook-export-<target>.toml`): the
/// files it wrote, not one of them.
pub fn is_manifest(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(".ownbook-export-"))
}

/// Every file under `dir` but export manifests: `/`-separated relative path → bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file() && !is_manifest(e.path()))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The positions of the notes an export printed: the `file:line:col` of each
/// `  --> ` line of its report.
pub fn note_positions(stdout: &[u8]) -> Vec<(String, usize, usize)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("  --> "))
        .map(|at| {
            let mut parts = at.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse().ok()).expect("column");
            let line = parts.next().and_then(|l| l.parse().ok()).expect("line");
            (parts.next().expect("file").to_string(), line, col)
        })
        .collect()
}

/// The 1-based line and column of the first `needle` in a file of the handbook.
pub fn position_of(site: &TestSite, file: &str, needle: &str) -> (String, usize, usize) {
    let text = std::fs::read_to_string(site.path().join(file)).expect("read");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {file}"));
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rfind('\n').map_or(at, |nl| at - nl - 1) + 1;
    (file.to_string(), line, col)
}

/// Exports twice (nothing rewritten, bytes identical), then edits `edited` and
/// removes `removed`: without --force nothing is written, with it both come back.
pub fn rerun_keeps_files_and_refuses_edits(target: &str, edited: &str, removed: &str) {
    let site = TestSite::bundled();
    export_ok(&site, target, &[]);
    let out = site.path().join("out");
    let first = files(&out);
    assert!(first.contains_key(edited) && first.contains_key(removed));
    let mtimes = |files: &BTreeMap<String, Vec<u8>>| -> Vec<_> {
        files
            .keys()
            .map(|f| {
                std::fs::metadata(out.join(f))
                    .and_then(|m| m.modified())
                    .expect("mtime")
            })
            .collect()
    };
    let before = mtimes(&first);
    export_ok(&site, target, &[]);
    assert_eq!(files(&out), first, "a second export gives the same bytes");
    assert_eq!(mtimes(&first), before, "a second export rewrites nothing");

    let mine = b"# changed by hand\n".to_vec();
    std::fs::write(out.join(edited), &mine).expect("edit");
    std::fs::remove_file(out.join(removed)).expect("remove");
    let refused = site.run(&["export", target, "--out", "out"]);
    assert!(!refused.status.success(), "a changed file is refused");
    assert_eq!(std::fs::read(out.join(edited)).expect("read"), mine);
    assert!(!out.join(removed).exists(), "nothing at all is written");

    export_ok(&site, target, &["--force"]);
    assert_eq!(files(&out), first, "--force writes the export again");
}

/// After the catalog changes (a service edited, another deleted), the export updates
/// the edited service's file and removes the deleted one's without --force; a file
/// changed by hand that would be removed is refused, and kept.
pub fn catalog_change_updates_and_removes_own_files(target: &str, file_of: fn(&str) -> String) {
    let site = TestSite::bundled();
    export_ok(&site, target, &[]);
    let out = site.path().join("out");
    let first = files(&out);
    let (edited, deleted) = (file_of("api-gateway"), file_of("driver-app-api"));
    assert!(first.contains_key(&edited) && first.contains_key(&deleted));

    let gateway = site.path().join("content/services/api-gateway.toml");
    let text = std::fs::read_to_string(&gateway).expect("read");
    let text = text.replacen("The edge for all web", "The front door for all web", 1);
    std::fs::write(&gateway, text).expect("edit");
    // The one guide link to the service goes with it.
    let guide = site
        .path()
        .join("content/onboarding/before-your-first-shift.md");
    let text = std::fs::read_to_string(&guide).expect("read");
    let unlinked = text.replacen(
        "[Driver App API](service:driver-app-api)",
        "Driver App API",
        1,
    );
    assert_ne!(unlinked, text);
    std::fs::write(&guide, unlinked).expect("unlink");
    let svc = site.path().join("content/services/driver-app-api.toml");
    std::fs::remove_file(&svc).expect("rm");
    let report = export_ok(&site, target, &[]);
    let report = String::from_utf8_lossy(&report.stdout);
    assert!(report.contains("1 removed"), "{report}");
    let second = files(&out);
    assert!(!second.contains_key(&deleted), "{deleted} is removed");
    let gateway_file = String::from_utf8_lossy(&second[&edited]).into_owned();
    assert!(gateway_file.contains("front door"), "{edited} is updated");
    let expected: Vec<&String> = first.keys().filter(|k| **k != deleted).collect();
    assert_eq!(second.keys().collect::<Vec<_>>(), expected);

    // The service comes back, is exported, edited by hand, then deleted again.
    std::fs::write(&svc, first_source("driver-app-api")).expect("restore");
    export_ok(&site, target, &[]);
    std::fs::write(out.join(&deleted), b"# mine now\n").expect("hand edit");
    std::fs::remove_file(&svc).expect("rm");
    let refused = site.run(&["export", target, "--out", "out"]);
    assert!(!refused.status.success(), "a changed file is not removed");
    assert_eq!(
        std::fs::read(out.join(&deleted)).expect("kept"),
        b"# mine now\n"
    );
    export_ok(&site, target, &["--force"]);
    assert!(!out.join(&deleted).exists(), "--force removes it");
}

/// A bundled service file's text as the repository has it.
fn first_source(id: &str) -> String {
    std::fs::read_to_string(repo_root().join(format!("content/services/{id}.toml"))).expect("read")
}

#[test]
fn opslevel_export_follows_catalog_changes() {
    catalog_change_updates_and_removes_own_files("opslevel", |id| format!("{id}/opslevel.yml"));
}

#[test]
fn backstage_export_follows_catalog_changes() {
    catalog_change_updates_and_removes_own_files("backstage", |id| {
        format!("services/{id}/catalog-info.yaml")
    });
}

/// The ids of the bundled handbook's services.
pub fn bundled_service_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo_root().join("content/services"))
        .expect("services")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}
