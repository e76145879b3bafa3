//! The catalog's settings in ownbook.toml: `[rules]` (rule severities, thresholds),
//! `[scorecard]`, `[guide_links]` and `[codeowners]` (the file `ownership-drift`
//! reads). They are read from the file's text with spans, so that every mistake
//! points at its line and column; a mistake is reported and the default used in its
//! place, so that the rest of the handbook is still checked.

use super::CONFIG_FILE;
use super::guide_links::GuideLinks;
use super::scorecard::{self, Scorecard};
use crate::diag::{Diagnostic, Severity};
use toml::Spanned;

mod raw;
pub(crate) use raw::{CodeownersRaw, RulesRaw};
use raw::{Level, SettingsFile};

/// Every rule: its name (the diagnostic code), default severity and what it checks.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        "duplicate-id",
        Severity::Error,
        "two services, teams, members, rotations or policies share an id",
    ),
    (
        "unknown-owner",
        Severity::Error,
        "a service has no `owner`, or it names no team",
    ),
    (
        "unknown-service",
        Severity::Error,
        "a dependency or `replaced_by` names no service",
    ),
    (
        "unsafe-url",
        Severity::Error,
        "a URL that is not http(s), mailto or a relative link",
    ),
    (
        "unknown-escalation-target",
        Severity::Error,
        "an escalation policy, target, rotation member, or override rotation or member that does not exist",
    ),
    (
        "dependency-cycle",
        Severity::Warning,
        "services that depend on each other in a cycle",
    ),
    (
        "production-without-on-call",
        Severity::Warning,
        "a production service whose owner has no rotation or no escalation policy",
    ),
    (
        "stale-runbook",
        Severity::Warning,
        "a runbook not reviewed within `runbook_max_age_days`",
    ),
    (
        "tier1-requirements",
        Severity::Warning,
        "a tier 1 service without runbook, SLO or 24/7 rotation",
    ),
    (
        "team-load",
        Severity::Warning,
        "a team owning more services than `max_services_per_member` allows",
    ),
    (
        "depends-on-deprecated",
        Severity::Warning,
        "a production service that depends on a deprecated or retired one",
    ),
    (
        "escalation-delay",
        Severity::Warning,
        "an escalation delay outside the limits set for the tier of a service using it",
    ),
    (
        "overlapping-overrides",
        Severity::Error,
        "two `[[overrides]]` of one rotation that overlap in time (the later one is ignored)",
    ),
    (
        "ownership-drift",
        Severity::Warning,
        "a service's `paths` whose owners in CODEOWNERS are not its team's `code_owner`",
    ),
    (
        "stale-translation",
        Severity::Warning,
        "a translated page whose original changed after it was translated (by git, or its `translated_from` hash)",
    ),
];

/// A number per tier: one value for all tiers, or one per tier.
#[derive(Debug, Clone, Default)]
pub struct PerTier {
    all: Option<u32>,
    by_tier: Vec<(u32, u32)>,
}

impl PerTier {
    pub fn all(value: u32) -> Self {
        PerTier {
            all: Some(value),
            by_tier: Vec::new(),
        }
    }

    pub fn get(&self, tier: u32) -> Option<u32> {
        self.by_tier
            .iter()
            .find(|(t, _)| *t == tier)
            .map(|(_, v)| *v)
            .or(self.all)
    }
}

/// The validated catalog settings.
#[derive(Debug, Clone)]
pub struct Settings {
    severities: Vec<(&'static str, Option<Severity>)>,
    pub runbook_max_age_days: u32,
    pub max_services_per_member: f64,
    pub min_escalation_delay: PerTier,
    pub max_first_escalation_delay: PerTier,
    /// Tier names; tiers are 1..=len.
    pub tier_names: Vec<String>,
    /// Words in a member's role that mark leadership (for the escalation timeline).
    pub leadership_roles: Vec<String>,
    pub scorecard: Scorecard,
    pub guide_links: GuideLinks,
    /// `[codeowners] file` (relative to the repository root) and its span.
    pub codeowners_file: Option<(String, std::ops::Range<usize>)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severities: RULES.iter().map(|(n, s, _)| (*n, Some(*s))).collect(),
            runbook_max_age_days: 180,
            max_services_per_member: 2.0,
            min_escalation_delay: PerTier::all(5),
            max_first_escalation_delay: PerTier::default(),
            tier_names: vec!["Critical".into(), "Important".into(), "Supporting".into()],
            leadership_roles: ["manager", "head", "director", "vp", "chief", "cto"]
                .map(String::from)
                .to_vec(),
            scorecard: scorecard::default_scorecard(),
            guide_links: GuideLinks::defaults(),
            codeowners_file: None,
        }
    }
}

impl Settings {
    /// The configured severity of `rule`; `None` when it is off.
    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.severities
            .iter()
            .find(|(n, _)| *n == rule)
            .and_then(|(_, s)| *s)
    }

    pub fn tier_count(&self) -> u32 {
        u32::try_from(self.tier_names.len()).unwrap_or(u32::MAX)
    }

    /// "Tier 1 (Critical)".
    pub fn tier_label(&self, tier: u32) -> String {
        match self.tier_names.get(tier.wrapping_sub(1) as usize) {
            Some(name) if !name.is_empty() => format!("Tier {tier} ({name})"),
            _ => format!("Tier {tier}"),
        }
    }

    /// Whether a member's role marks them as leadership.
    pub fn is_leadership(&self, role: Option<&str>) -> bool {
        let Some(role) = role else { return false };
        let role = role.to_lowercase();
        role.split(|c: char| !c.is_alphanumeric())
            .any(|word| self.leadership_roles.iter().any(|l| l == word))
    }
}

/// Reads the catalog settings from the text of ownbook.toml. Problems are returned
/// with the defaults used in their place.
pub fn parse(source: &str) -> (Settings, Vec<Diagnostic>) {
    let mut settings = Settings::default();
    let parsed = crate::tomlread::parse::<SettingsFile>(CONFIG_FILE, source, 0, source.len());
    let diags = parsed
        .diags
        .into_iter()
        .map(|d| in_rules(source, d))
        .collect();
    // Settings read around a mistake still apply; the mistaken ones keep their defaults.
    let Some(file) = parsed.value.or(parsed.partial) else {
        return (settings, diags);
    };
    let mut errors = Errors { source, diags };
    settings.codeowners_file = file
        .codeowners
        .file
        .map(|f| (f.get_ref().clone(), f.span()));
    set_severities(&mut settings, &file.rules);
    set_thresholds(&mut settings, file.rules, &mut errors);
    // Scorecard checks may name tiers, so they are read after tier_names.
    if let Some(raw) = file.scorecard {
        match scorecard::from_raw(raw, settings.tier_count()) {
            Ok(s) => settings.scorecard = s,
            Err(found) => {
                for (span, msg, hint) in found {
                    errors.add(span, msg, &hint);
                }
            }
        }
    }
    super::guide_links::parse(
        file.guide_links,
        &mut settings.guide_links,
        &mut |span, msg| {
            errors.add(
                span,
                msg,
                "write a path relative to content/, e.g. \"guide/escalation-policies.md\"",
            )
        },
    );
    (settings, errors.diags)
}

/// An unknown key under `[rules]` is named as such, and matched against the rules'
/// names rather than every spelling serde knows.
fn in_rules(source: &str, mut d: Diagnostic) -> Diagnostic {
    let Some(field) = d.message.strip_prefix("unknown field `") else {
        return d;
    };
    let field = field.split('`').next().unwrap_or_default().to_string();
    if !in_rules_table(source, d.line) {
        return d;
    }
    let mut known: Vec<&str> = RULES.iter().map(|(n, _, _)| *n).collect();
    known.extend(THRESHOLDS);
    d.message = format!("unknown field `{field}` in [rules]");
    let rules: Vec<&str> = RULES.iter().map(|(n, _, _)| *n).collect();
    let all = format!(
        "rules: {}; thresholds: {}",
        rules.join(", "),
        THRESHOLDS.join(", ")
    );
    d.hint = Some(crate::text::did_you_mean(&field, known, &all));
    d
}

/// The thresholds `[rules]` sets besides the rules' levels.
const THRESHOLDS: [&str; 6] = [
    "runbook_max_age_days",
    "max_services_per_member",
    "min_escalation_delay_minutes",
    "max_first_escalation_delay_minutes",
    "tier_names",
    "leadership_roles",
];

/// Whether 1-based `line` of ownbook.toml lies in its `[rules]` table.
fn in_rules_table(source: &str, line: usize) -> bool {
    let mut table = "";
    for (n, text) in source.lines().enumerate() {
        let t = text.trim();
        if t.starts_with('[') {
            table = t;
        }
        if n + 1 == line {
            return table == "[rules]";
        }
    }
    false
}

/// Collects the errors found in ownbook.toml, each at its span.
struct Errors<'a> {
    source: &'a str,
    diags: Vec<Diagnostic>,
}

impl Errors<'_> {
    fn add(&mut self, span: std::ops::Range<usize>, msg: String, hint: &str) {
        self.diags.push(
            Diagnostic::error("config", msg)
                .at(CONFIG_FILE, self.source, span.start, span.len())
                .hint(hint.to_string()),
        );
    }
}

/// The severity set for each rule in `[rules]`, in the order of RULES.
fn set_severities(settings: &mut Settings, r: &RulesRaw) {
    let levels = [
        r.duplicate_id,
        r.unknown_owner,
        r.unknown_service,
        r.unsafe_url,
        r.unknown_escalation_target,
        r.dependency_cycle,
        r.production_without_on_call,
        r.stale_runbook,
        r.tier1_requirements,
        r.team_load,
        r.depends_on_deprecated,
        r.escalation_delay,
        r.overlapping_overrides,
        r.ownership_drift,
        r.stale_translation,
    ];
    for ((_, sev), level) in settings.severities.iter_mut().zip(levels) {
        match level {
            Some(Level::Error) => *sev = Some(Severity::Error),
            Some(Level::Warning) => *sev = Some(Severity::Warning),
            Some(Level::Off) => *sev = None,
            None => {}
        }
    }
}

/// The thresholds of `[rules]`, and the tier and role names the rules use.
fn set_thresholds(settings: &mut Settings, r: RulesRaw, errors: &mut Errors) {
    if let Some(days) = r.runbook_max_age_days {
        settings.runbook_max_age_days = days;
    }
    if let Some(max) = r.max_services_per_member {
        if *max.get_ref() > 0.0 {
            settings.max_services_per_member = *max.get_ref();
        } else {
            errors.add(
                max.span(),
                "max_services_per_member must be greater than 0".into(),
                "write a number such as 2 (services per team member)",
            );
        }
    }
    if let Some(names) = r.tier_names {
        if names.get_ref().is_empty() {
            errors.add(
                names.span(),
                "tier_names must name at least one tier".into(),
                "write the names in tier order, e.g. [\"Critical\", \"Important\", \"Supporting\"]",
            );
        } else {
            settings.tier_names = names.into_inner();
        }
    }
    if let Some(roles) = r.leadership_roles {
        settings.leadership_roles = roles.iter().map(|s| s.to_lowercase()).collect();
    }
    // A table by tier may name tiers, so it is read after tier_names.
    set_escalation_delays(
        settings,
        r.min_escalation_delay_minutes,
        r.max_first_escalation_delay_minutes,
        errors,
    );
}

/// `min_escalation_delay_minutes` and `max_first_escalation_delay_minutes`: one number
/// for every tier or a table by tier.
fn set_escalation_delays(
    settings: &mut Settings,
    min: Option<Spanned<toml::Value>>,
    max_first: Option<Spanned<toml::Value>>,
    errors: &mut Errors,
) {
    let tiers = settings.tier_count();
    for (value, slot) in [
        (min, &mut settings.min_escalation_delay),
        (max_first, &mut settings.max_first_escalation_delay),
    ] {
        if let Some(v) = value {
            match per_tier(v.get_ref(), tiers) {
                Ok(p) => *slot = p,
                Err(msg) => errors.add(
                    v.span(),
                    msg,
                    "write one number for every tier (5) or one per tier ({ 1 = 5, 2 = 10 })",
                ),
            }
        }
    }
}

fn per_tier(value: &toml::Value, tiers: u32) -> Result<PerTier, String> {
    let minutes = |v: &toml::Value| {
        v.as_integer()
            .and_then(|i| u32::try_from(i).ok())
            .ok_or_else(|| format!("`{v}` is not a whole number of minutes"))
    };
    match value {
        toml::Value::Table(t) => {
            let mut p = PerTier::default();
            for (k, v) in t {
                let tier = k
                    .parse::<u32>()
                    .ok()
                    .filter(|t| (1..=tiers).contains(t))
                    .ok_or_else(|| format!("`{k}` is not a tier (tiers are 1 to {tiers})"))?;
                p.by_tier.push((tier, minutes(v)?));
            }
            Ok(p)
        }
        v => Ok(PerTier::all(minutes(v)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_tier_values_take_one_number_or_a_table() {
        let one = per_tier(&toml::Value::Integer(5), 3).ok();
        assert_eq!(one.map(|p| (p.get(1), p.get(3))), Some((Some(5), Some(5))));
        let table: toml::Value = toml::from_str::<toml::Table>("x = { 1 = 5, 3 = 10 }")
            .ok()
            .and_then(|t| t.get("x").cloned())
            .unwrap_or(toml::Value::Integer(0));
        let p = per_tier(&table, 3).ok();
        assert_eq!(
            p.map(|p| (p.get(1), p.get(2), p.get(3))),
            Some((Some(5), None, Some(10)))
        );
        assert!(per_tier(&table, 2).is_err(), "tier 3 does not exist");
    }

    #[test]
    fn leadership_is_found_by_whole_words_of_the_role() {
        let s = Settings::default();
        assert!(s.is_leadership(Some("Engineering manager")));
        assert!(s.is_leadership(Some("Head of platform")));
        assert!(!s.is_leadership(Some("Staff engineer (tech lead)")));
        assert!(!s.is_leadership(Some("Managerial accountant")));
        assert!(!s.is_leadership(None));
        assert_eq!(s.tier_label(1), "Tier 1 (Critical)");
    }
}
