//! Terraform resource names from catalog ids, stable from run to run.
//!
//! A name joins the ids it is made of with `_` (`checkout_primary` for the rotation
//! `primary` of team `checkout`). Team, member and service ids are already lowercase
//! letters, digits and `-`, all valid in a Terraform identifier, and never contain `_`,
//! so those names cannot collide. Rotation and policy ids are free text: every other
//! character becomes `-` (lowercase kept). An identifier may not start with a digit,
//! so such a name gets a leading `_`. Two different ids that still end up alike (`a.b`
//! and `a-b`) are told apart by a `_2`, `_3`… suffix in catalog order, which no
//! plain name can have (it would need one `_` more than the parts it joins).

use std::collections::{HashMap, HashSet};

/// The part of a name that one id gives.
pub fn part(id: &str) -> String {
    id.chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The name `ids` give before any suffix.
pub fn plain(ids: &[&str]) -> String {
    let parts: Vec<String> = ids.iter().map(|id| part(id)).collect();
    let mut name = parts.join("_");
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.insert(0, '_');
    }
    name
}

/// The names handed out so far, per resource type.
#[derive(Debug, Default)]
pub struct Names {
    used: HashMap<&'static str, HashSet<String>>,
}

impl Names {
    /// A name for a new resource of `kind` made of `ids`, unique within `kind`.
    /// The second value is false when the plain name was taken and a suffix was added.
    pub fn claim(&mut self, kind: &'static str, ids: &[&str]) -> (String, bool) {
        let base = plain(ids);
        let used = self.used.entry(kind).or_default();
        if used.insert(base.clone()) {
            return (base, true);
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}_{n}");
            if used.insert(candidate.clone()) {
                return (candidate, false);
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_ids_and_stay_valid_identifiers() {
        let mut names = Names::default();
        assert_eq!(
            names.claim("schedule", &["checkout", "primary"]),
            ("checkout_primary".into(), true)
        );
        assert_eq!(
            names.claim("schedule", &["7eleven", "Night Shift"]),
            ("_7eleven_night-shift".into(), true)
        );
        assert_eq!(
            names.claim("schedule", &["checkout", "Primary"]),
            ("checkout_primary_2".into(), false)
        );
        assert_eq!(
            names.claim("policy", &["checkout", "primary"]),
            ("checkout_primary".into(), true),
            "each resource type has its own names"
        );
    }
}
