//! `ownbook check --format github|sarif`: what a CI system reads. The same problems as
//! `--format json`, each at its file (relative to the folder CI runs in), line and
//! column; SARIF validated against the published OASIS schema.

use crate::support::*;
use std::process::{Command, Output};

/// A repository whose handbook lives in `handbook/`, with a broken link, a control
/// character in a page and a service whose owner does not exist.
fn repository() -> TestSite {
    let repo = TestSite::new();
    repo.write(
        "handbook/ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\n",
    );
    repo.write(
        "handbook/content/guide/on-call.md",
        "+++\ntitle = \"On call, 100%\"\n+++\n\nSee [the rota](rota.md), 50% of the time.\n",
    );
    repo.write(
        "handbook/content/teams/web.toml",
        "name = \"Web\"\ndescription = \"The web team.\"\n",
    );
    repo.write(
        "handbook/content/services/shop.toml",
        "name = \"Shop\"\ndescription = \"Sells.\"\nowner = \"nobody\"\ntier = 2\nlifecycle = \"production\"\n",
    );
    repo
}

fn check(repo: &TestSite, format: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(["check", "--root", "handbook", "--format", format])
        .current_dir(repo.path())
        .env("OWNBOOK_TODAY", "2026-11-22")
        .output()
        .expect("run ownbook")
}

/// Each diagnostic of `--format json` as (file, line, column, code, severity).
fn expected(repo: &TestSite) -> Vec<(String, u64, u64, String, String)> {
    let out = check(repo, "json");
    let list: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert!(!list.is_empty(), "the fixture has problems");
    list.iter()
        .map(|d| {
            let (file, line, column, code) = at(d);
            let severity = d["severity"].as_str().unwrap_or_default().to_string();
            (format!("handbook/{file}"), line, column, code, severity)
        })
        .collect()
}

/// Decodes the `%XX` escapes of a workflow command.
fn unescape(text: &str) -> String {
    let mut bytes = Vec::new();
    let raw = text.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' && i + 2 < raw.len() {
            let hex = std::str::from_utf8(&raw[i + 1..i + 3]).expect("hex");
            bytes.push(u8::from_str_radix(hex, 16).expect("escape"));
            i += 3;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    String::from_utf8(bytes).expect("utf-8")
}

/// One workflow command: its name, properties and message.
struct WorkflowCommand {
    name: String,
    properties: Vec<(String, String)>,
    message: String,
}

fn parse_command(line: &str) -> Option<WorkflowCommand> {
    let rest = line.strip_prefix("::")?;
    let (head, message) = rest.split_once("::")?;
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let properties = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').expect("key=value");
            (k.to_string(), unescape(v))
        })
        .collect();
    Some(WorkflowCommand {
        name: name.to_string(),
        properties,
        message: unescape(message),
    })
}

#[test]
fn github_format_annotates_each_problem_at_its_line() {
    let repo = repository();
    let want = expected(&repo);
    let out = check(&repo, "github");
    assert_eq!(out.status.code(), Some(1), "errors fail the step");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let commands: Vec<WorkflowCommand> = stdout.lines().filter_map(parse_command).collect();
    let got: Vec<(String, u64, u64, String, String)> = commands
        .iter()
        .map(|c| {
            let prop = |k: &str| {
                c.properties
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let code = prop("title").trim_start_matches("ownbook ").to_string();
            let number = |k: &str| prop(k).parse::<u64>().unwrap_or(0);
            (
                prop("file"),
                number("line"),
                number("col"),
                code,
                c.name.clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    // Messages arrive whole: multi-line hints and `%` survive the escaping.
    let json: Vec<serde_json::Value> =
        serde_json::from_slice(&check(&repo, "json").stdout).expect("json");
    for (command, d) in commands.iter().zip(&json) {
        let mut message = d["message"].as_str().unwrap_or_default().to_string();
        if let Some(hint) = d["hint"].as_str() {
            message = format!("{message}\nhint: {hint}");
        }
        assert_eq!(command.message, message);
    }
    assert!(
        commands.iter().any(|c| c.message.contains("rota.md")),
        "the broken link is annotated"
    );
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("::") || l.starts_with("ownbook check:")),
        "nothing a runner would misread:\n{stdout}"
    );
}

#[test]
fn sarif_format_is_valid_sarif_with_the_same_problems() {
    let repo = repository();
    let want = expected(&repo);
    let out = check(&repo, "sarif");
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");

    let schema_text =
        std::fs::read_to_string(repo_root().join("tests/fixtures/schemas/sarif-schema-2.1.0.json"))
            .expect("schema");
    // The OASIS file's two `language` patterns end in a stray `]`, which ECMA-262
    // regular expressions read as a literal and Rust's regex engines reject; escaping
    // it gives the same language, so the schema's meaning is unchanged.
    let stray = "{2}]?$";
    assert_eq!(schema_text.matches(stray).count(), 2);
    let schema_text = schema_text.replace(stray, "{2}\\\\]?$");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema json");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!validator.is_valid(&broken), "the schema does check levels");

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    let got: Vec<(String, u64, u64, String, String)> = results
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"];
            let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(
                rules[index]["id"], r["ruleId"],
                "ruleIndex points at its rule"
            );
            (
                location["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                location["region"]["startLine"].as_u64().unwrap_or(0),
                location["region"]["startColumn"].as_u64().unwrap_or(0),
                r["ruleId"].as_str().unwrap_or_default().to_string(),
                r["level"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let owner_rule = rules
        .iter()
        .find(|r| r["id"] == "unknown-owner")
        .expect("the rule that fired is listed");
    assert!(
        owner_rule["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("owner")),
        "configurable rules carry their description: {owner_rule}"
    );
}

#[test]
fn clean_handbook_gives_clean_reports() {
    let repo = TestSite::new();
    repo.write(
        "handbook/ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\n",
    );
    repo.write(
        "handbook/content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n\nHello.\n",
    );
    let github = check(&repo, "github");
    assert_eq!(github.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&github.stdout);
    assert!(
        stdout.lines().all(|l| parse_command(l).is_none()),
        "{stdout}"
    );
    let sarif = check(&repo, "sarif");
    assert_eq!(sarif.status.code(), Some(0));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("json");
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));
}

#[test]
fn gitlab_format_is_a_code_quality_report_with_stable_fingerprints() {
    let repo = repository();
    let want = expected(&repo);
    let out = check(&repo, "gitlab");
    assert_eq!(out.status.code(), Some(1));
    let issues: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let got: Vec<(String, u64, u64, String, String)> = issues
        .iter()
        .zip(&want)
        .map(|(issue, (_, _, column, _, severity))| {
            let level = match issue["severity"].as_str() {
                Some("major") => "error",
                Some("minor") => "warning",
                other => panic!("unexpected severity {other:?}"),
            };
            assert_eq!(level, severity);
            assert_eq!(issue["type"], "issue");
            (
                issue["location"]["path"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                issue["location"]["lines"]["begin"].as_u64().unwrap_or(0),
                *column,
                issue["check_name"].as_str().unwrap_or_default().to_string(),
                severity.clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    let fingerprints: std::collections::HashSet<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(
        fingerprints.len(),
        issues.len(),
        "one fingerprint per problem"
    );
    let again: Vec<serde_json::Value> =
        serde_json::from_slice(&check(&repo, "gitlab").stdout).expect("json");
    assert_eq!(again, issues, "the same problems get the same fingerprints");
}
