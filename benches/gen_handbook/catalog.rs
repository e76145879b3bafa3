//! A generated service catalog: M services owned by M/10 teams, following the catalog
//! schema (content/services/<id>.toml, content/teams/<id>.toml). Dependencies only point
//! at services generated earlier, so the graph is acyclic.

use crate::rng::Rng;
use std::path::Path;

const FIRST: &[&str] = &[
    "Amara", "Li", "Jonas", "Priya", "Diego", "Chloe", "Nora", "Kwame", "Sofia", "Mateo", "Yuki",
    "Omar", "Ingrid", "Ravi", "Leila", "Tomas", "Ada", "Felix", "Mina", "Sven",
];
const LAST: &[&str] = &[
    "Okafor",
    "Wei",
    "Lindqvist",
    "Nair",
    "Hernandez",
    "Martin",
    "Berg",
    "Mensah",
    "Rossi",
    "Garcia",
    "Tanaka",
    "Haddad",
    "Olsen",
    "Iyer",
    "Karimi",
    "Novak",
];
const AREAS: &[&str] = &[
    "billing",
    "ledger",
    "search",
    "catalog",
    "identity",
    "checkout",
    "payments",
    "routing",
    "pricing",
    "inventory",
    "shipping",
    "notifications",
    "analytics",
    "reporting",
    "media",
    "accounts",
    "fraud",
    "support",
    "partners",
    "loyalty",
];
const KINDS: &[(&str, &str)] = &[
    ("api", "api"),
    ("worker", "worker"),
    ("web", "frontend"),
    ("store", "datastore"),
    ("sync", "worker"),
    ("gateway", "api"),
];
const ZONES: &[&str] = &["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"];

/// Writes `services` services and `services / 10` (at least one) teams under `content`.
pub fn write_catalog(content: &Path, services: usize, seed: u64) -> Result<(), String> {
    if services == 0 {
        return Ok(());
    }
    let mut rng = Rng::new(seed ^ 0x0ca7_a109);
    let teams = (services / 10).max(1);
    let team_ids: Vec<String> = (0..teams)
        .map(|t| format!("{}-{t:04}", AREAS[t % AREAS.len()]))
        .collect();
    for (t, id) in team_ids.iter().enumerate() {
        let text = team(&mut rng, t, id, &team_ids);
        crate::write(&content.join("teams").join(format!("{id}.toml")), &text)?;
    }
    let ids: Vec<String> = (0..services)
        .map(|s| {
            let (kind, _) = KINDS[s % KINDS.len()];
            format!("{}-{kind}-{s:05}", AREAS[(s / KINDS.len()) % AREAS.len()])
        })
        .collect();
    for s in 0..services {
        let text = service(&mut rng, s, &ids, &team_ids);
        crate::write(
            &content.join("services").join(format!("{}.toml", ids[s])),
            &text,
        )?;
        if s % 10 == 3 {
            let prose = format!(
                "## Failure modes\n\nWhen `{}` is slow, callers retry with backoff. \
                 Page the owner when the error budget burns faster than 2% an hour.\n",
                ids[s]
            );
            crate::write(
                &content.join("services").join(format!("{}.md", ids[s])),
                &prose,
            )?;
        }
    }
    Ok(())
}

/// A date in 2026 at most `spread` days before 2026-09-30, as a TOML date.
fn date(rng: &mut Rng, spread: usize) -> String {
    let back = rng.below(spread.max(1));
    let day_of_year = 273 - back; // 2026-09-30 is day 273.
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30];
    let mut d = day_of_year;
    let mut m = 0;
    while d > months[m] {
        d -= months[m];
        m += 1;
    }
    format!("2026-{:02}-{d:02}", m + 1)
}

fn team(rng: &mut Rng, t: usize, id: &str, all: &[String]) -> String {
    let area = AREAS[t % AREAS.len()];
    let mut s = format!(
        "name = \"{} team {t}\"\ndescription = \"Owns the {area} services of group {t}.\"\n\
         chat = \"https://chat.example.com/channels/{id}\"\nemail = \"{id}@example.com\"\n\
         reviewed = {}\nreview_every = 180\n",
        capitalise(area),
        date(rng, 60)
    );
    // Five or more members: the default rules allow two services per member, and
    // each team owns ten.
    let members = 5 + rng.below(3);
    for m in 0..members {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let role = if m == 0 {
            "Engineering manager"
        } else {
            "Engineer"
        };
        s.push_str(&format!(
            "\n[[members]]\nid = \"m{m}\"\nname = \"{first} {last}\"\nrole = \"{role}\"\n"
        ));
    }
    let on_call: Vec<String> = (1..members).map(|m| format!("\"m{m}\"")).collect();
    let zone = rng.pick(ZONES);
    s.push_str(&format!(
        "\n[[rotations]]\nid = \"primary\"\nname = \"{id} primary\"\nmembers = [{}]\n\
         rotation_virtual_start = 2026-01-05T09:00:00\nturn_length_days = 7\n\
         time_zone = \"{zone}\"\ncoverage = \"24/7\"\n",
        on_call.join(", ")
    ));
    let mut reversed = on_call.clone();
    reversed.reverse();
    s.push_str(&format!(
        "\n[[rotations]]\nid = \"secondary\"\nname = \"{id} secondary\"\nmembers = [{}]\n\
         rotation_virtual_start = 2026-01-05T09:00:00\nturn_length_days = 7\n\
         time_zone = \"{zone}\"\ncoverage = \"business-hours\"\n",
        reversed.join(", ")
    ));
    s.push_str(&format!(
        "\n[[escalation_policies]]\nid = \"{id}-default\"\nname = \"{id} default\"\nnum_loops = 2\n\
         [[escalation_policies.escalation_rules]]\nescalation_delay_in_minutes = 10\n\
         targets = [{{ type = \"rotation\", id = \"primary\" }}]\n\
         [[escalation_policies.escalation_rules]]\nescalation_delay_in_minutes = 15\n\
         targets = [{{ type = \"rotation\", id = \"secondary\" }}]\n\
         [[escalation_policies.escalation_rules]]\nescalation_delay_in_minutes = 30\n\
         targets = [{{ type = \"user\", id = \"m0\" }}"
    ));
    // Escalate to another team at the last level, as tier 1 owners do.
    if all.len() > 1 {
        let other = &all[(t + 1) % all.len()];
        s.push_str(&format!(", {{ type = \"team\", id = \"{other}\" }}"));
    }
    s.push_str("]\n");
    s
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Every twelfth service is deprecated (decided up front so others can avoid it).
fn deprecated(s: usize) -> bool {
    s % 12 == 5
}

fn service(rng: &mut Rng, s: usize, ids: &[String], teams: &[String]) -> String {
    let id = &ids[s];
    let (_, kind) = KINDS[s % KINDS.len()];
    let owner = &teams[s % teams.len()];
    let tier = match rng.below(10) {
        0 | 1 => 1,
        2..=5 => 2,
        _ => 3,
    };
    let lifecycle = if deprecated(s) {
        "deprecated"
    } else {
        match rng.below(25) {
            0 => "design",
            1 | 2 => "pre-production",
            _ => "production",
        }
    };
    let area = id.split('-').next().unwrap_or("core");
    let mut t = format!(
        "name = \"{}\"\ndescription = \"Handles **{area}** requests for group {s}: \
         it validates input, stores state and emits events.\"\nowner = \"{owner}\"\n\
         tier = {tier}\nlifecycle = \"{lifecycle}\"\ntype = \"{kind}\"\n\
         tags = [\"{area}\", \"tier-{tier}\"]\nsystem = \"{area}\"\n\
         repository = \"https://git.example.com/{owner}/{id}\"\n",
        capitalise(&id.replace('-', " "))
    );
    if tier == 1 || rng.chance(70) {
        t.push_str(&format!(
            "runbook = \"https://wiki.example.com/runbooks/{id}\"\nrunbook_reviewed = {}\n",
            date(rng, 90)
        ));
    }
    t.push_str(&format!(
        "chat = \"https://chat.example.com/channels/{owner}\"\nemail = \"{owner}@example.com\"\n\
         escalation_policy = \"{owner}-default\"\nreviewed = {}\nreview_every = 180\n",
        date(rng, 90)
    ));
    if lifecycle == "deprecated" {
        // Replaced by the next service that is not deprecated itself.
        if let Some(r) = (s + 1..ids.len()).find(|&r| !deprecated(r)) {
            t.push_str(&format!(
                "sunset = 2027-03-31\nreplaced_by = \"{}\"\n",
                ids[r]
            ));
        }
    }
    // Dependencies point at earlier services (so there are no cycles) that are not
    // deprecated (the rules warn about those).
    let deps = if s == 0 { 0 } else { rng.below(5).min(s) };
    let mut chosen: Vec<usize> = Vec::new();
    for _ in 0..deps * 4 {
        if chosen.len() == deps {
            break;
        }
        let d = rng.below(s);
        if !deprecated(d) && !chosen.contains(&d) {
            chosen.push(d);
        }
    }
    if !chosen.is_empty() {
        t.push_str("depends_on = [\n");
        for (k, d) in chosen.iter().enumerate() {
            if k == 0 {
                t.push_str(&format!(
                    "  {{ service = \"{}\", critical = true, note = \"Needed for every request\" }},\n",
                    ids[*d]
                ));
            } else {
                t.push_str(&format!("  {{ service = \"{}\" }},\n", ids[*d]));
            }
        }
        t.push_str("]\n");
    }
    t.push_str(&format!(
        "\n[[dashboards]]\nname = \"{id} overview\"\nurl = \"https://grafana.example.com/d/{id}\"\n"
    ));
    t.push_str(&format!(
        "\n[[links]]\nname = \"API reference\"\nurl = \"https://docs.example.com/{id}\"\n"
    ));
    if tier <= 2 {
        t.push_str(&format!(
            "\n[[slos]]\nname = \"Availability\"\nobjective = 99.{}\nwindow = \"28d\"\n\
             sli = \"Share of requests answered without a 5xx\"\n",
            5 + rng.below(5)
        ));
    }
    if tier == 1 && rng.chance(50) {
        t.push_str(
            "\n[sla]\nobjective = 99.5\nwindow = \"calendar month\"\n\
             description = \"Commitment in the customer agreement\"\n",
        );
    }
    t
}
