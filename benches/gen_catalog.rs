//! Adds a large generated catalog to a handbook, to measure how ownbook scales.
//!
//! ```bash
//! ownbook init /tmp/big
//! cargo run --release --example gen_catalog -- /tmp/big 5000
//! time ownbook build --root /tmp/big
//! ```
//!
//! Writes `content/services/gen-NNNNN.toml` and `content/teams/gen-team-NNN.toml`
//! (20 services per team). Dependencies are random but mostly point "down" the list,
//! like a real system's layers, with an occasional edge back up that closes a cycle.
//! The numbers come from a fixed seed, so every run writes the same catalog.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (a 64-bit linear congruential generator).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

const SERVICES_PER_TEAM: usize = 20;
const WORDS: [&str; 12] = [
    "orders", "billing", "search", "stock", "routing", "profiles", "pricing", "alerts", "reports",
    "media", "reviews", "loyalty",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: gen_catalog HANDBOOK_DIR [SERVICES]");
        std::process::exit(2);
    };
    let count: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(5000);
    if let Err(e) = generate(&root, count) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
    eprintln!(
        "Wrote {count} services and {} teams into {}",
        count.div_ceil(SERVICES_PER_TEAM),
        root.display()
    );
}

fn generate(root: &Path, count: usize) -> std::io::Result<()> {
    let services = root.join("content/services");
    let teams = root.join("content/teams");
    std::fs::create_dir_all(&services)?;
    std::fs::create_dir_all(&teams)?;
    let mut rng = Lcg(2026);
    let team_count = count.div_ceil(SERVICES_PER_TEAM);
    for t in 0..team_count {
        std::fs::write(teams.join(format!("gen-team-{t:03}.toml")), team(t))?;
    }
    for i in 0..count {
        let text = service(i, count, &mut rng);
        std::fs::write(services.join(format!("gen-{i:05}.toml")), text)?;
    }
    Ok(())
}

fn team(t: usize) -> String {
    let mut s = format!(
        "name = \"Generated team {t}\"\ndescription = \"Owns generated services {}-{}.\"\nchat = \"#gen-team-{t}\"\n",
        t * SERVICES_PER_TEAM,
        (t + 1) * SERVICES_PER_TEAM - 1
    );
    for m in 0..12 {
        let role = if m == 0 {
            "Engineering manager"
        } else {
            "Engineer"
        };
        let _ = write!(
            s,
            "\n[[members]]\nid = \"m{m}\"\nname = \"Member {m} of team {t}\"\nrole = \"{role}\"\n"
        );
    }
    let _ = write!(
        s,
        "\n[[rotations]]\nid = \"primary\"\nmembers = [\"m1\", \"m2\", \"m3\", \"m4\", \"m5\"]\nrotation_virtual_start = 2026-01-05T09:00:00\nturn_length_days = 7\ntime_zone = \"Europe/Berlin\"\n\n[[escalation_policies]]\nid = \"gen-team-{t}-default\"\nnum_loops = 1\n[[escalation_policies.escalation_rules]]\nescalation_delay_in_minutes = 5\ntargets = [{{ type = \"rotation\", id = \"primary\" }}]\n[[escalation_policies.escalation_rules]]\nescalation_delay_in_minutes = 10\ntargets = [{{ type = \"user\", id = \"m1\" }}]\n[[escalation_policies.escalation_rules]]\nescalation_delay_in_minutes = 15\ntargets = [{{ type = \"user\", id = \"m0\" }}]\n"
    );
    s
}

fn service(i: usize, count: usize, rng: &mut Lcg) -> String {
    let tier = [1, 2, 2, 3, 3, 3][rng.next(6)];
    let lifecycle = match rng.next(100) {
        0..=2 => "deprecated",
        3..=5 => "design",
        _ => "production",
    };
    let word = WORDS[rng.next(WORDS.len())];
    let mut deps = Vec::new();
    for _ in 0..rng.next(5) {
        // Mostly a service further down the list (a lower layer); now and then any.
        let j = if rng.next(100) == 0 {
            rng.next(count)
        } else {
            let below = count - i - 1;
            if below == 0 {
                continue;
            }
            i + 1 + rng.next(below.min(400))
        };
        if j != i && !deps.iter().any(|(d, _)| *d == j) {
            deps.push((j, rng.next(4) == 0));
        }
    }
    let deps: Vec<String> = deps
        .iter()
        .map(|(j, critical)| format!("{{ service = \"gen-{j:05}\", critical = {critical} }}"))
        .collect();
    let reviewed = if rng.next(10) == 0 {
        "2025-06-01"
    } else {
        "2026-10-01"
    };
    format!(
        "name = \"Generated {word} {i}\"\ndescription = \"Handles {word} for generated area {}.\"\nowner = \"gen-team-{:03}\"\ntier = {tier}\nlifecycle = \"{lifecycle}\"\ntype = \"api\"\ntags = [\"{word}\", \"generated\"]\nrepository = \"https://git.example.com/gen/{i}\"\nrunbook = \"https://wiki.example.com/runbooks/gen-{i}\"\nrunbook_reviewed = {reviewed}\nchat = \"#gen-{i}\"\ndepends_on = [{}]\n\n[[slos]]\nname = \"Availability\"\nobjective = 99.9\nwindow = \"28d\"\nsli = \"Share of requests without a 5xx\"\n",
        i % 97,
        i / SERVICES_PER_TEAM,
        deps.join(", ")
    )
}
