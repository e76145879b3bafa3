//! Ownership drift: services' `paths` and teams' `code_owner` against a CODEOWNERS
//! file in a temporary git repository made by each test. `drift` checks what
//! `ownbook check` reports (both locations of each difference); `export` checks the
//! file `ownbook export codeowners` writes, read back with ownbook's CODEOWNERS
//! reader and checked to give no drift against the catalog it came from.

mod drift;
mod export;

use crate::support::*;
use std::process::Command;

/// A git repository whose handbook lives in `handbook/`: teams checkout and platform
/// with a `code_owner`, team data without; services with `paths`.
pub fn repository() -> TestSite {
    let repo = TestSite::new();
    let status = Command::new("git")
        .args(["init", "-q", "."])
        .current_dir(repo.path())
        .status()
        .expect("git init");
    assert!(status.success());
    repo.write(
        "handbook/ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\n",
    );
    team(&repo, "checkout", Some("@acme/checkout"));
    team(&repo, "platform", Some("@acme/platform"));
    team(&repo, "data", None);
    service(
        &repo,
        "shop",
        "checkout",
        "[\"services/shop/**\", \"libs/shop-client/\"]",
    );
    service(&repo, "gateway", "platform", "[\"services/gateway/**\"]");
    service(&repo, "warehouse", "platform", "[\"services/warehouse/\"]");
    service(&repo, "reports", "data", "[\"services/reports/**\"]");
    repo
}

pub fn team(repo: &TestSite, id: &str, code_owner: Option<&str>) {
    let handle = code_owner
        .map(|h| format!("code_owner = \"{h}\"\n"))
        .unwrap_or_default();
    repo.write(
        &format!("handbook/content/teams/{id}.toml"),
        &format!("name = \"{id}\"\ndescription = \"The {id} team.\"\n{handle}"),
    );
}

pub fn service(repo: &TestSite, id: &str, owner: &str, paths: &str) {
    repo.write(
        &format!("handbook/content/services/{id}.toml"),
        &format!(
            "name = \"{id}\"\ndescription = \"Does {id}.\"\nowner = \"{owner}\"\ntier = 3\nlifecycle = \"design\"\npaths = {paths}\n"
        ),
    );
}

/// Runs ownbook with `--root handbook` after the subcommand's words.
pub fn run(repo: &TestSite, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--root", "handbook"]);
    repo.run(&all)
}

/// The `ownership-drift` diagnostics of `check --format json`, as (file, line,
/// column, message), in the order printed.
pub fn drift(repo: &TestSite) -> Vec<(String, u64, u64, String)> {
    let out = run(repo, &["check", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad json ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    list.iter()
        .filter(|d| d["code"] == "ownership-drift")
        .map(|d| {
            let (file, line, column, _) = at(d);
            assert_eq!(d["severity"], "warning", "{d}");
            (
                file,
                line,
                column,
                d["message"].as_str().unwrap_or("").into(),
            )
        })
        .collect()
}

/// The 1-based (line, column) of the first `needle` in the handbook's `file`.
pub fn position(repo: &TestSite, file: &str, needle: &str) -> (u64, u64) {
    let (_, line, col) = crate::export::position_of(repo, &format!("handbook/{file}"), needle);
    (line as u64, col as u64)
}
