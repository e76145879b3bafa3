//! A deterministic handbook generator for the serve benchmark: `pages` guide pages in
//! sections of 50, each with headings, a table, a highlighted code block and links to
//! neighbouring pages and sections (so link checks and backlinks have work to do).

use std::fmt::Write as _;
use std::path::Path;

const PER_SECTION: usize = 50;

/// Writes a handbook with `pages` Markdown pages (section indexes included) into `root`.
pub fn generate(root: &Path, pages: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(root.join("content/guide"))?;
    std::fs::write(
        root.join("ownbook.toml"),
        "title = \"Generated Handbook\"\norganization = \"Benchmark Corp\"\n",
    )?;
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"{{ org }} Handbook\"\n+++\nStart with [the guide](guide/_index.md).\n",
    )?;
    std::fs::write(
        root.join("content/guide/_index.md"),
        "+++\ntitle = \"Guide\"\nweight = 1\n+++\n## Overview\n\nAll parts of the guide.\n",
    )?;
    let sections = pages.saturating_sub(2).div_ceil(PER_SECTION).max(1);
    let mut written = 2;
    for s in 0..sections {
        let dir = root.join(format!("content/guide/part-{s:03}"));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join("_index.md"),
            format!(
                "+++\ntitle = \"Part {s}\"\nweight = {s}\n+++\n## Overview\n\nPart {s} of the guide. Back to [the guide](../_index.md#overview).\n"
            ),
        )?;
        written += 1;
        for p in 0..PER_SECTION - 1 {
            if written >= pages {
                return Ok(());
            }
            std::fs::write(dir.join(format!("page-{p:03}.md")), page(s, p, sections))?;
            written += 1;
        }
    }
    Ok(())
}

/// The text of page `p` of section `s`.
fn page(s: usize, p: usize, sections: usize) -> String {
    let mut t = String::with_capacity(4096);
    let _ = write!(
        t,
        "+++\ntitle = \"Topic {s}.{p}\"\ndescription = \"What team {s} needs to know about topic {p}.\"\nweight = {p}\n+++\n\n"
    );
    let _ = writeln!(
        t,
        "Every service at {{{{ org }}}} has one owning team. This page explains topic {p} of part {s}, \
         how it relates to [the part overview](_index.md#overview) and what to do at 3 a.m.\n"
    );
    for (h, heading) in ["Why it matters", "How to do it", "Checklist"]
        .iter()
        .enumerate()
    {
        let _ = writeln!(t, "## {heading}\n");
        let _ = writeln!(
            t,
            "Owners keep the runbook current, review alerts after each incident and make sure \
             the escalation policy reaches a human within the tier's acknowledgement time. \
             Section {h} of topic {p} adds detail: *measure first*, then **change one thing at a time**.\n"
        );
    }
    t.push_str(
        "| Tier | Acknowledge | Levels |\n|---|---|---|\n| 1 | 5 min | 3 |\n| 2 | 15 min | 2 |\n\n",
    );
    t.push_str("```yaml\nservice: checkout-api\nowner: team-payments\ntier: 1\nslo:\n  availability: 99.9\n```\n\n");
    if p > 0 {
        let _ = writeln!(
            t,
            "Previous topic: [Topic {s}.{}](page-{:03}.md#checklist).",
            p - 1,
            p - 1
        );
    }
    let next = (s + 1) % sections;
    let _ = writeln!(
        t,
        "Related: [part {next}](../part-{next:03}/_index.md), [this checklist](#checklist)."
    );
    t
}
