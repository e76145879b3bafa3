//! What `serve` tells the author about problems: every diagnostic once at start, then
//! after each rebuild only the new and the fixed ones and a count of the rest; the
//! browser overlay lists errors before warnings.

use super::client::Server;
use crate::support::TestSite;
use scraper::{Html, Selector};

/// One item of serve's terminal report, parsed from its lines.
#[derive(Debug, PartialEq, Eq)]
enum Item {
    /// A diagnostic in full (`new` when marked as new), and where it is.
    Shown {
        new: bool,
        severity: String,
        code: String,
        at: Option<String>,
    },
    Fixed {
        severity: String,
        code: String,
        at: String,
    },
    /// "N errors and M warnings unchanged".
    Unchanged { errors: usize, warnings: usize },
}

/// `severity[code]: message` → (severity, code).
fn headline(line: &str) -> Option<(String, String)> {
    let (severity, rest) = line.split_once('[')?;
    let (code, _) = rest.split_once("]: ")?;
    matches!(severity, "error" | "warning").then(|| (severity.to_string(), code.to_string()))
}

fn unchanged(line: &str) -> Option<Item> {
    let counts = line.strip_suffix(" unchanged")?;
    let (mut errors, mut warnings) = (0, 0);
    for part in counts.split(" and ") {
        let (n, what) = part.split_once(' ')?;
        let n: usize = n.parse().ok()?;
        match what.trim_end_matches('s') {
            "error" => errors = n,
            "warning" => warnings = n,
            _ => return None,
        }
    }
    Some(Item::Unchanged { errors, warnings })
}

/// The report items in `lines` (one build's output).
fn parse(lines: &[String]) -> Vec<Item> {
    let mut items = Vec::new();
    for line in lines {
        if let Some(rest) = line.strip_prefix("✓ fixed ") {
            let (severity, code) = headline(rest).expect("a fixed line names its diagnostic");
            let (_, at) = rest
                .rsplit_once(" (was at ")
                .expect("a fixed line says where");
            let at = at.strip_suffix(')').expect("closed").to_string();
            items.push(Item::Fixed { severity, code, at });
        } else if let Some(item) = unchanged(line) {
            items.push(item);
        } else if let Some(at) = line.strip_prefix("  --> ") {
            if let Some(Item::Shown { at: slot, .. }) = items.last_mut() {
                *slot = Some(at.to_string());
            }
        } else {
            let (new, rest) = match line.strip_prefix("+ new ") {
                Some(rest) => (true, rest),
                None => (false, line.as_str()),
            };
            if let Some((severity, code)) = headline(rest) {
                items.push(Item::Shown {
                    new,
                    severity,
                    code,
                    at: None,
                });
            }
        }
    }
    items
}

/// The lines serve prints up to and including the one matching `end`.
fn lines_until(server: &mut Server, end: impl Fn(&str) -> bool) -> Vec<String> {
    let from = server.log.len();
    server.wait_line(end);
    server.log[from..].to_vec()
}

const PAGE: &str = "content/zebra.md";

fn page(links_to: &str) -> String {
    format!("+++\ntitle = \"Zebra\"\n+++\nSee [the guide]({links_to}).\n")
}

#[test]
fn rebuilds_report_new_and_fixed_problems_and_count_the_rest() {
    // Its name sorts after the catalog's files, which have warnings: an error here
    // comes last in file order and first in the overlay.
    let site = TestSite::bundled();
    site.write(PAGE, &page("guide/_index.md"));
    let mut server = Server::start(&site, &[]);
    let mut events = server.events();
    // The first build is reported before serve says where it listens.
    let first = parse(&server.log);
    let warnings = first.len();
    assert!(
        warnings >= 2,
        "the bundled handbook has warnings: {first:?}"
    );
    assert!(
        first.iter().all(|i| matches!(
            i,
            Item::Shown { new: false, severity, .. } if severity == "warning"
        )),
        "all shown in full at start: {first:?}"
    );
    let build = events.first_build();

    site.write(PAGE, &page("no-such-page.md"));
    let state = events.next_state();
    assert_eq!(state["build"], build.as_str(), "the broken edit fails");
    let broken = lines_until(&mut server, |l| l.starts_with("The build failed"));
    let at = "content/zebra.md:4:5".to_string();
    assert_eq!(
        parse(&broken),
        vec![
            Item::Shown {
                new: true,
                severity: "error".into(),
                code: "broken-link".into(),
                at: Some(at.clone()),
            },
            Item::Unchanged {
                errors: 0,
                warnings
            },
        ]
    );

    let overlay = Html::parse_fragment(state["error"].as_str().expect("overlay"));
    let shown = Selector::parse("#ownbook-overlay pre[data-severity]").expect("selector");
    let order: Vec<(String, String)> = overlay
        .select(&shown)
        .map(|e| {
            let attr = |name| e.value().attr(name).unwrap_or_default().to_string();
            (attr("data-severity"), attr("data-at"))
        })
        .collect();
    assert_eq!(order.len(), warnings + 1, "{order:?}");
    assert_eq!(order[0], ("error".to_string(), at.clone()), "errors first");
    let rest: Vec<(u64, u64, String)> = order[1..]
        .iter()
        .map(|(severity, at)| {
            assert_eq!(severity, "warning");
            let mut parts = at.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok()).expect("column");
            let line = parts.next().and_then(|l| l.parse().ok()).expect("line");
            (line, column, parts.next().expect("file").to_string())
        })
        .collect();
    let mut sorted = rest.clone();
    sorted.sort_by(|a, b| (&a.2, a.0, a.1).cmp(&(&b.2, b.0, b.1)));
    assert_eq!(rest, sorted, "warnings by file, line and column");

    site.write(PAGE, &page("guide/_index.md"));
    events.next_build(&build);
    let fixed = lines_until(&mut server, |l| l.starts_with("Built in "));
    assert_eq!(
        parse(&fixed),
        vec![
            Item::Fixed {
                severity: "error".into(),
                code: "broken-link".into(),
                at,
            },
            Item::Unchanged {
                errors: 0,
                warnings
            },
        ]
    );
}
