//! What Backstage accepts as an entity name and as a tag (its catalog validators
//! refuse the whole entity otherwise), so that the export can say so up front.

/// 1 to 63 characters: runs of ASCII letters and digits joined by one `-`, `_` or `.`.
pub fn is_entity_name(name: &str) -> bool {
    joined_runs(
        name,
        |c| c.is_ascii_alphanumeric(),
        |c| matches!(c, '-' | '_' | '.'),
    )
}

/// 1 to 63 characters: runs of lowercase ASCII letters, digits, `:`, `+` and `#`
/// joined by one `-`.
pub fn is_tag(tag: &str) -> bool {
    joined_runs(
        tag,
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, ':' | '+' | '#'),
        |c| c == '-',
    )
}

fn joined_runs(s: &str, part: impl Fn(char) -> bool, joint: impl Fn(char) -> bool) -> bool {
    if s.is_empty() || s.len() > 63 {
        return false;
    }
    let mut after_joint = true;
    for c in s.chars() {
        if part(c) {
            after_joint = false;
        } else if joint(c) && !after_joint {
            after_joint = true;
        } else {
            return false;
        }
    }
    !after_joint
}
