//! A deterministic handbook: 20 sections of folders of 50 pages, each page about
//! 4 KB with headings, lists, code and a Zipf-like vocabulary of ~20,000 words.
use std::path::Path;

const COMMON: &[&str] = &[
    "service",
    "team",
    "owner",
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
    "owns",
    "pages",
    "reviews",
    "deploys",
    "documents",
    "measures",
    "restores",
    "tracks",
    "drains",
    "scales",
    "approves",
    "critical",
    "primary",
    "secondary",
    "stale",
    "healthy",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "po", "ly", "dra", "ster", "quin", "bel",
    "mor", "tas", "gen", "fal", "rix", "ond", "wen", "cor", "pil", "sun", "tek",
];

pub struct Rng(u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Word `i` of the vocabulary: common words first, then made-up ones.
fn word(i: usize) -> String {
    if i < COMMON.len() {
        return COMMON[i].to_string();
    }
    let mut n = i;
    let mut w = String::new();
    while n > 0 || w.is_empty() {
        w.push_str(SYLLABLES[n % SYLLABLES.len()]);
        n /= SYLLABLES.len();
    }
    w
}

/// A Zipf-like pick: small indexes are much more likely.
fn zipf(rng: &mut Rng) -> String {
    let r = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
    word(((20_000f64).powf(r) - 1.0) as usize)
}

fn sentence(rng: &mut Rng, n: usize) -> String {
    let words: Vec<String> = (0..n).map(|_| zipf(rng)).collect();
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s + "."
}

fn title(rng: &mut Rng, extra: usize) -> String {
    let n = extra + rng.below(3);
    let s = sentence(rng, n);
    s.trim_end_matches('.').to_string()
}

pub fn handbook(root: &Path, pages: usize) -> std::io::Result<()> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::write(
        root.join("ownbook.toml"),
        "title = \"Bench Handbook\"\norganization = \"Bench\"\n",
    )?;
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\nThe benchmark handbook.\n",
    )?;
    for p in 0..pages {
        let dir = format!("content/s{:02}/part-{:03}", p % 20, p / 20 / 50);
        std::fs::create_dir_all(root.join(&dir))?;
        let mut md = format!(
            "+++\ntitle = \"{}\"\ndescription = \"{}\"\n+++\n\n{}\n",
            title(&mut rng, 3),
            sentence(&mut rng, 12),
            (0..3)
                .map(|_| sentence(&mut rng, 14))
                .collect::<Vec<_>>()
                .join(" ")
        );
        for h in 0..6 {
            md.push_str(&format!("\n## {} {h}\n\n", title(&mut rng, 2)));
            for _ in 0..1 + rng.below(2) {
                md.push_str(
                    &(0..3)
                        .map(|_| sentence(&mut rng, 12))
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                md.push_str("\n\n");
            }
            if h == 2 {
                for _ in 0..3 {
                    md.push_str(&format!("- {}\n", sentence(&mut rng, 8)));
                }
            }
            if h == 4 {
                let (a, b) = (zipf(&mut rng), zipf(&mut rng));
                md.push_str(&format!(
                    "```toml\n[{a}_{b}]\nowner = \"{a}-{b}-{p}\"\nescalation_policy = \"{b}-oncall\"\n```\n"
                ));
            }
        }
        std::fs::write(root.join(format!("{dir}/page-{p:05}.md")), md)?;
    }
    Ok(())
}
