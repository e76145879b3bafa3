//! Diagnostics for CI systems: GitHub Actions workflow commands, which put each
//! problem on its line of a pull request's diff; GitLab's Code Quality report, which
//! does the same in a merge request; and SARIF 2.1.0, which code-scanning tools
//! (GitHub, Azure DevOps, SonarQube and others) read.

use super::{Diagnostic, Severity, printable};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Where the diagnostics' files are, relative to the folder the CI runs in (the
/// repository's root): `""` when the handbook is the repository, `"handbook/"` when
/// it is a folder of it. Diagnostics name files relative to the handbook.
fn located(prefix: &str, file: &str) -> String {
    format!("{prefix}{file}")
}

/// One `::error file=…,line=…,col=…,title=…::message` line per diagnostic (GitHub
/// Actions workflow commands), then a summary line the log shows as plain text.
pub fn render_github(diags: &[Diagnostic], prefix: &str) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let Some(file) = &d.file {
            properties.push(format!("file={}", property(&located(prefix, file))));
            if d.line > 0 {
                properties.push(format!("line={}", d.line));
                properties.push(format!("col={}", d.column));
                if let Some(snippet) = &d.snippet {
                    let end = d.column + snippet.len.max(1);
                    properties.push(format!("endColumn={end}"));
                }
            }
        }
        properties.push(format!(
            "title={}",
            property(&format!("ownbook {}", d.code))
        ));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str("\nhint: ");
            message.push_str(hint);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let _ = writeln!(
        out,
        "ownbook check: {errors} error{}, {} warning{}",
        if errors == 1 { "" } else { "s" },
        diags.len() - errors,
        if diags.len() - errors == 1 { "" } else { "s" }
    );
    out
}

/// A workflow command's message: `%`, CR and LF escaped as the runner expects, so a
/// message can never end the command and start another; control characters made
/// visible as in the terminal.
fn data(text: &str) -> String {
    printable_keep_newlines(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as [`data`], plus `:` and `,`, which would
/// otherwise end the value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// [`printable`] line by line, keeping the line breaks a hint puts in a message.
fn printable_keep_newlines(text: &str) -> String {
    text.split('\n')
        .map(|line| printable(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A GitLab Code Quality report (the Code Climate issue format GitLab reads): a JSON
/// array with one issue per diagnostic, each with a fingerprint that stays the same
/// while the problem does, so a merge request shows which problems it adds or fixes.
pub fn render_gitlab(diags: &[Diagnostic], prefix: &str) -> String {
    let issues: Vec<Value> = diags
        .iter()
        .map(|d| {
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
            };
            let path = d
                .file
                .as_deref()
                .map(|f| located(prefix, f))
                .unwrap_or_default();
            let mut description = d.message.clone();
            if let Some(hint) = &d.hint {
                description.push_str(" (hint: ");
                description.push_str(hint);
                description.push(')');
            }
            let identity = format!("{}\u{0}{path}\u{0}{}", d.code, d.message);
            json!({
                "type": "issue",
                "check_name": d.code,
                "description": description,
                "categories": ["Bug Risk"],
                "severity": severity,
                "fingerprint": format!("{:016x}", fnv1a(identity.as_bytes())),
                "location": { "path": path, "lines": { "begin": d.line.max(1) } },
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string())
}

/// FNV-1a, 64 bits: a fingerprint that is the same on every machine and release
/// (std's hasher promises neither). Not for security; only to tell issues apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A SARIF 2.1.0 log with one run: the rules that fired (with their descriptions
/// where `describe` knows them) and one result per diagnostic.
pub fn render_sarif(
    diags: &[Diagnostic],
    prefix: &str,
    version: &str,
    describe: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|code| {
            let mut rule = json!({ "id": code, "name": code });
            if let Some(text) = describe(code) {
                rule["shortDescription"] = json!({ "text": text });
            }
            rule
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| sarif_result(d, prefix, &codes))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ownbook",
                "version": version,
                "informationUri": "https://github.com/ownbook/ownbook",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

fn sarif_result(d: &Diagnostic, prefix: &str, codes: &[&str]) -> Value {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut text = d.message.clone();
    if let Some(hint) = &d.hint {
        text.push_str("\nhint: ");
        text.push_str(hint);
    }
    let mut result = json!({
        "ruleId": d.code,
        "level": level,
        "message": { "text": text },
    });
    if let Ok(index) = codes.binary_search(&d.code.as_str()) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(file) = &d.file {
        let mut physical = json!({
            "artifactLocation": { "uri": uri(&located(prefix, file)) },
        });
        if d.line > 0 {
            let mut region = json!({ "startLine": d.line, "startColumn": d.column });
            if let Some(snippet) = &d.snippet {
                region["endColumn"] = json!(d.column + snippet.len.max(1));
            }
            physical["region"] = region;
        }
        result["locations"] = json!([{ "physicalLocation": physical }]);
    }
    result
}

/// A relative path as a URI reference: `/` separators, and the characters a URI
/// cannot hold percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic::error("broken-link", "no page at `a,b:c`\n50% sure").at(
            "content/guide/x.md",
            "first\nsee [a](b)\n",
            10,
            6,
        )
    }

    #[test]
    fn github_commands_cannot_be_split_or_forged() {
        let out = render_github(&[sample()], "handbook/");
        let first = out.lines().next().unwrap_or_default();
        assert_eq!(
            first,
            "::error file=handbook/content/guide/x.md,line=2,col=5,endColumn=11,\
             title=ownbook broken-link::no page at `a,b:c`%0A50%25 sure"
        );
        assert_eq!(out.lines().count(), 2, "one command and the summary");
    }

    #[test]
    fn fingerprints_are_fnv1a() {
        // Reference values of the FNV-1a 64-bit test suite.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn sarif_uris_are_encoded_relative_references() {
        assert_eq!(
            uri("content/guide/café x.md"),
            "content/guide/caf%C3%A9%20x.md"
        );
    }
}
