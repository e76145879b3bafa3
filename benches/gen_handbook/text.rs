//! The words of the corpus: titles, sentences, headings, code blocks and whole pages.

use crate::rng::Rng;
use crate::{Folder, Plan, fsutil_slug, relative};

/// The 20 top-level sections: (folder, title).
pub const SECTIONS: [(&str, &str); 20] = [
    ("foundations", "Foundations"),
    ("defining-services", "Defining services"),
    ("ownership", "Ownership functions"),
    ("tiers", "Availability and tiers"),
    ("design", "Design and readiness"),
    ("runtime", "Running in production"),
    ("sunsetting", "Sunsetting"),
    ("escalation", "Escalation policies"),
    ("on-call", "Going on call"),
    ("incidents", "Incident response"),
    ("postmortems", "Postmortems"),
    ("observability", "Observability"),
    ("deployments", "Deployments"),
    ("capacity", "Capacity planning"),
    ("security", "Security practices"),
    ("data", "Data stewardship"),
    ("dependencies", "Dependencies"),
    ("runbooks", "Runbooks"),
    ("roles", "Roles and responsibilities"),
    ("onboarding", "Onboarding"),
];

const NOUNS: &[&str] = &[
    "service",
    "team",
    "rotation",
    "runbook",
    "alert",
    "incident",
    "dashboard",
    "queue",
    "cache",
    "database",
    "deployment",
    "rollback",
    "budget",
    "objective",
    "dependency",
    "owner",
    "pager",
    "schedule",
    "handoff",
    "release",
    "cluster",
    "endpoint",
    "gateway",
    "replica",
    "backup",
    "migration",
    "config",
    "secret",
    "token",
    "quota",
    "metric",
    "trace",
    "log",
    "review",
    "checklist",
    "playbook",
    "escalation",
    "latency",
    "outage",
    "customer",
    "contract",
    "lifecycle",
    "tier",
    "catalog",
    "change",
    "window",
    "region",
];
const VERBS: &[&str] = &[
    "owns",
    "pages",
    "reviews",
    "monitors",
    "deploys",
    "rolls back",
    "escalates",
    "documents",
    "measures",
    "retires",
    "scales",
    "replaces",
    "tests",
    "approves",
    "records",
    "drains",
    "restores",
    "rotates",
    "tracks",
    "hands over",
    "checks",
];
const ADJECTIVES: &[&str] = &[
    "critical",
    "stale",
    "primary",
    "secondary",
    "shared",
    "internal",
    "external",
    "slow",
    "noisy",
    "quiet",
    "healthy",
    "degraded",
    "regional",
    "global",
    "manual",
    "automatic",
    "weekly",
    "daily",
    "clear",
    "urgent",
    "planned",
    "unplanned",
    "new",
    "legacy",
];
const GLUE: &[&str] = &[
    "the", "a", "every", "each", "its", "our", "that", "this", "one", "no", "any",
];
const TAILS: &[&str] = &[
    "before the next shift starts",
    "when the error budget runs low",
    "during business hours",
    "as soon as the alert fires",
    "after every incident",
    "within one working day",
    "while customers depend on it",
    "before it takes real traffic",
    "once a quarter",
    "without waking anyone up",
];

fn cap(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A title of `words` words, the first capitalised.
pub fn title(rng: &mut Rng, words: usize) -> String {
    let mut out = Vec::with_capacity(words);
    for i in 0..words {
        let w = if i % 2 == 0 {
            *rng.pick(ADJECTIVES)
        } else {
            *rng.pick(NOUNS)
        };
        out.push(w);
    }
    // End on a noun so titles read like names of things.
    if words % 2 == 1 {
        out.push(*rng.pick(NOUNS));
    }
    cap(&out.join(" "))
}

/// A sentence of about `words` words ending in a full stop.
pub fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut out: Vec<String> = Vec::with_capacity(words + 4);
    while out.len() < words {
        out.push(rng.pick(GLUE).to_string());
        if rng.chance(50) {
            out.push(rng.pick(ADJECTIVES).to_string());
        }
        out.push(rng.pick(NOUNS).to_string());
        out.push(rng.pick(VERBS).to_string());
    }
    out.push(rng.pick(GLUE).to_string());
    out.push(rng.pick(NOUNS).to_string());
    if rng.chance(40) {
        out.push(rng.pick(TAILS).to_string());
    }
    let s = out.join(" ");
    format!("{}.", cap(&s))
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| {
            let words = 8 + rng.below(8);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Four h2 headings with one or two h3 among them; texts unique within the page.
pub fn headings(rng: &mut Rng) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = Vec::new();
    let h3_after = [rng.below(4), rng.below(4)];
    for h in 0..4 {
        out.push((2, unique_heading(rng, &out)));
        for (k, at) in h3_after.iter().enumerate() {
            if *at == h && (k == 0 || h3_after[0] != h3_after[1]) {
                out.push((3, unique_heading(rng, &out)));
            }
        }
    }
    out
}

fn unique_heading(rng: &mut Rng, taken: &[(u8, String)]) -> String {
    loop {
        let words = 2 + rng.below(3);
        let t = title(rng, words);
        if !taken.iter().any(|(_, s)| fsutil_slug(s) == fsutil_slug(&t)) {
            return t;
        }
    }
}

fn code_block(rng: &mut Rng) -> String {
    let a = rng.pick(NOUNS);
    let b = rng.pick(NOUNS);
    let n = 2 + rng.below(30);
    match rng.below(4) {
        0 => format!(
            "```rust\n/// Decides whether the {a} needs a page.\npub struct {A}Check {{\n    pub threshold: u32,\n    pub window_minutes: u64,\n}}\n\nimpl {A}Check {{\n    pub fn breached(&self, errors: &[u32]) -> bool {{\n        let total: u32 = errors.iter().sum();\n        // Page only when the {b} budget is really at risk.\n        total > self.threshold * {n}\n    }}\n}}\n\nfn main() {{\n    let check = {A}Check {{ threshold: {n}, window_minutes: 5 }};\n    println!(\"{{}}\", check.breached(&[1, 2, 3]));\n}}\n```",
            A = cap(a)
        ),
        1 => format!(
            "```toml\n# The {a} entry in the catalog.\nname = \"{A} {B}\"\nowner = \"{b}-team\"\ntier = {t}\nlifecycle = \"production\"\ntags = [\"{a}\", \"{b}\"]\n\n[[slos]]\nname = \"Availability\"\nobjective = 99.{n}\nwindow = \"28d\"\n\n[[dashboards]]\nname = \"{A} overview\"\nurl = \"https://grafana.example/d/{a}-{n}\"\n\n[sla]\nobjective = 99.5\n```",
            A = cap(a),
            B = cap(b),
            t = 1 + n % 3
        ),
        2 => format!(
            "```yaml\n# Alert rule for the {a}\ngroups:\n  - name: {a}-{b}\n    rules:\n      - alert: {A}ErrorBudgetBurn\n        expr: sum(rate(errors_total{{service=\"{a}\"}}[5m])) > {n}\n        for: 10m\n        labels:\n          severity: page\n          team: {b}\n        annotations:\n          summary: \"The {a} burns its error budget\"\n          runbook: https://runbooks.example/{a}\n      - alert: {A}Latency\n        expr: histogram_quantile(0.99, latency_bucket) > 0.{n}\n        for: 15m\n```",
            A = cap(a)
        ),
        _ => format!(
            "```bash\n#!/usr/bin/env bash\n# Drain the {a} before maintenance.\nset -euo pipefail\n\nregion=\"${{1:-eu-west-{n}}}\"\nfor node in $(kubectl get nodes -l role={a} -o name); do\n  echo \"draining $node in $region\"\n  kubectl drain \"$node\" --ignore-daemonsets --timeout=300s\ndone\n\nif ! curl -fsS \"https://{b}.example/healthz\"; then\n  echo \"{b} is unhealthy, stopping\" >&2\n  exit 1\nfi\necho \"done after {n} checks\"\n```"
        ),
    }
}

fn table(rng: &mut Rng) -> String {
    let mut t = String::from("| Level | Who | Waits | Notes |\n|---|---|---|---|\n");
    for level in 1..=5 {
        t.push_str(&format!(
            "| {level} | {} | {} min | {} |\n",
            cap(&title(rng, 2)),
            5 * (1 + rng.below(6)),
            sentence(rng, 5).trim_end_matches('.')
        ));
    }
    t
}

fn list(rng: &mut Rng, ordered: bool) -> String {
    let mut s = String::new();
    for i in 1..=4 + rng.below(3) {
        let marker = if ordered {
            format!("{i}.")
        } else {
            "-".to_string()
        };
        let code = if rng.chance(30) {
            format!(" Set `{}_{}`.", rng.pick(NOUNS), rng.pick(NOUNS))
        } else {
            String::new()
        };
        let words = 6 + rng.below(6);
        s.push_str(&format!("{marker} {}{code}\n", sentence(rng, words)));
    }
    s
}

/// A Markdown link from page `from` to `to`, sometimes to one of its headings.
fn link(rng: &mut Rng, plan: &Plan, from: usize, to: usize) -> String {
    let target = &plan.pages[to];
    let dir = &plan.folders[plan.pages[from].folder].dir;
    let mut url = relative(dir, &target.path);
    if rng.chance(50) {
        let (_, h) = rng.pick(&target.headings);
        url.push('#');
        url.push_str(&fsutil_slug(h));
    }
    format!("[{}]({url})", target.title.to_lowercase())
}

/// The body of page `i` (with front matter, or an `# h1` for mdBook).
pub fn page(rng: &mut Rng, plan: &Plan, i: usize, mdbook: bool) -> String {
    let p = &plan.pages[i];
    let n = plan.pages.len();
    let mut links: Vec<String> = Vec::new();
    if n > 1 {
        // One link to a neighbour in reading order, the rest anywhere in the handbook.
        let near = if i + 1 < n { i + 1 } else { i - 1 };
        links.push(link(rng, plan, i, near));
        for _ in 0..1 + rng.below(3) {
            let mut to = rng.below(n);
            if to == i {
                to = (to + 1) % n;
            }
            links.push(link(rng, plan, i, to));
        }
    }
    let mut out = String::with_capacity(4600);
    if mdbook {
        out.push_str(&format!("# {}\n\n*{}*\n\n", p.title, p.description));
    } else {
        out.push_str(&format!(
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\nweight = {}\n+++\n\n",
            p.title, p.description, p.weight
        ));
    }
    let mut links = links.into_iter();
    out.push_str(&paragraph(rng, 3));
    if let Some(l) = links.next() {
        out.push_str(&format!(" Read {l} first.\n\n"));
    }
    let codes = 1 + rng.below(2);
    let mut h2 = 0;
    for (k, (level, text)) in p.headings.iter().enumerate() {
        out.push_str(&format!("{} {text}\n\n", "#".repeat(*level as usize)));
        let sentences = 1 + rng.below(2);
        out.push_str(&paragraph(rng, sentences));
        if let Some(l) = links.next() {
            out.push_str(&format!(" See {l} for the details."));
        }
        out.push_str("\n\n");
        if *level == 2 {
            match h2 {
                0 => out.push_str(&list(rng, false)),
                1 => out.push_str(&table(rng)),
                2 => out.push_str(&list(rng, true)),
                _ => {
                    let self_anchor = fsutil_slug(&p.headings[0].1);
                    out.push_str(&format!(
                        "This builds on [the first part](#{self_anchor}) of this page.\n"
                    ));
                }
            }
            out.push('\n');
            h2 += 1;
        }
        if (k == 1 && codes >= 1) || (k == p.headings.len() - 1 && codes == 2) {
            out.push_str(&code_block(rng));
            out.push_str("\n\n");
        }
    }
    out
}

fn front(title: &str, description: &str, weight: usize, mdbook: bool) -> String {
    if mdbook {
        format!("# {title}\n\n*{description}*\n\n")
    } else {
        format!(
            "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\nweight = {weight}\n+++\n\n"
        )
    }
}

/// The home page: a short introduction and a link to every top-level section.
pub fn home_page(plan: &Plan, index_name: &str, mdbook: bool) -> String {
    let mut out = front(
        "Generated handbook",
        "A generated handbook for build benchmarks.",
        0,
        mdbook,
    );
    out.push_str(&format!(
        "This handbook has {} pages in {} folders. Start with a section:\n\n",
        plan.pages.len(),
        plan.folders.len()
    ));
    for f in plan.folders.iter().filter(|f| f.depth == 1) {
        out.push_str(&format!("- [{}]({}{index_name})\n", f.title, f.dir));
    }
    out
}

/// A section or sub-folder index page.
pub fn folder_page(f: &Folder, plan: &Plan, mdbook: bool) -> String {
    let mut out = front(&f.title, &f.description, f.weight, mdbook);
    let pages = plan
        .pages
        .iter()
        .filter(|p| plan.folders[p.folder].dir == f.dir)
        .count();
    out.push_str(&format!(
        "{} This folder holds {pages} pages.\n",
        f.description
    ));
    out
}
