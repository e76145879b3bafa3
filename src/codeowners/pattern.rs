//! One CODEOWNERS path pattern and the owner handles a line may name.
//!
//! Patterns are gitignore patterns, matched by the `ignore` crate's gitignore matcher
//! (anchoring by a leading or inner `/`, `**`, a trailing `/` for folders), with the
//! one rule where CODEOWNERS differs from gitignore: a pattern ending in `/*` owns
//! the files directly in that folder, not those in its subfolders. Any other pattern
//! that matches a folder owns everything below it.

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// A compiled path pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    matcher: Gitignore,
    /// `docs/*`: direct children only.
    direct_children_only: bool,
}

impl Pattern {
    /// Compiles `text` (escapes such as `\ ` kept as written). A pattern the
    /// matcher cannot read gives the reason.
    pub fn new(text: &str) -> Result<Pattern, String> {
        let mut builder = GitignoreBuilder::new(".");
        builder.add_line(None, text).map_err(|e| e.to_string())?;
        let matcher = builder.build().map_err(|e| e.to_string())?;
        let trimmed = text.trim_end_matches('/');
        Ok(Pattern {
            matcher,
            direct_children_only: trimmed.len() > 1 && trimmed.ends_with("/*"),
        })
    }

    /// Whether the pattern owns `path` (relative to the repository root, `/`-separated;
    /// a leading `/` is ignored). `is_dir`: the path names a folder.
    pub fn matches(&self, path: &str, is_dir: bool) -> bool {
        let path = path.trim_start_matches('/');
        if path.is_empty() {
            return false;
        }
        let found = if self.direct_children_only {
            self.matcher.matched(path, is_dir)
        } else {
            self.matcher.matched_path_or_any_parents(path, is_dir)
        };
        matches!(found, Match::Ignore(_))
    }
}

/// Whether `text` is an owner GitHub or GitLab accepts on a CODEOWNERS line: a user
/// (`@name`), a team or group (`@org/team`, GitLab's nested `@group/sub/team`), an
/// e-mail address, or a GitLab role (`@@maintainer`).
pub fn is_owner(text: &str) -> bool {
    match text.strip_prefix("@@") {
        Some(role) => !role.is_empty() && role.chars().all(|c| c.is_ascii_alphabetic()),
        None => is_handle(text),
    }
}

/// Whether `text` names a user, team or group (`@user`, `@org/team`, `@group/sub`)
/// or an e-mail address: what a catalog team's `code_owner` may be.
pub fn is_handle(text: &str) -> bool {
    if let Some(name) = text.strip_prefix('@') {
        return name.split('/').all(|part| {
            part.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
    }
    text.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && !host.contains('@')
    }) && !text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"'()[],;:".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owns(pattern: &str, path: &str) -> bool {
        Pattern::new(pattern).is_ok_and(|p| p.matches(path, false))
    }

    #[test]
    fn a_pattern_without_a_slash_matches_at_any_depth() {
        assert!(owns("*.js", "app.js"));
        assert!(owns("*.js", "web/src/app.js"));
        assert!(!owns("*.js", "web/src/app.ts"));
        assert!(owns("apps/", "apps/x.go"));
        assert!(owns("apps/", "services/apps/x.go"));
    }

    #[test]
    fn a_leading_or_inner_slash_anchors_at_the_root() {
        assert!(owns("/docs/", "docs/a.md"));
        assert!(!owns("/docs/", "web/docs/a.md"));
        assert!(owns("services/checkout/", "services/checkout/main.go"));
        assert!(!owns("services/checkout/", "old/services/checkout/main.go"));
        assert!(owns("/build/logs/", "build/logs/deep/er/x.log"));
    }

    #[test]
    fn a_folder_pattern_owns_everything_below_it_but_slash_star_only_its_files() {
        assert!(owns("/docs", "docs/guide/a.md"));
        assert!(owns("docs/*", "docs/a.md"));
        assert!(!owns("docs/*", "docs/guide/a.md"));
        assert!(owns("docs/**", "docs/guide/a.md"));
        assert!(!owns("docs/**", "docs"));
    }

    #[test]
    fn double_star_matches_any_number_of_folders() {
        assert!(owns("**/logs", "logs/a"));
        assert!(owns("**/logs", "deep/er/logs/a"));
        assert!(owns("/a/**/b.txt", "a/b.txt"));
        assert!(owns("/a/**/b.txt", "a/x/y/b.txt"));
        assert!(!owns("/a/**/b.txt", "z/a/b.txt"));
    }

    #[test]
    fn a_trailing_slash_matches_folders_only() {
        let p = Pattern::new("cache/").ok();
        assert_eq!(p.as_ref().map(|p| p.matches("cache", false)), Some(false));
        assert_eq!(p.as_ref().map(|p| p.matches("cache", true)), Some(true));
        assert_eq!(p.map(|p| p.matches("cache/x", false)), Some(true));
    }

    #[test]
    fn matching_is_case_sensitive_and_escaped_spaces_are_literal() {
        assert!(!owns("/Docs/", "docs/a.md"));
        assert!(owns("/path\\ with\\ spaces/", "path with spaces/a"));
    }

    #[test]
    fn a_glob_written_in_the_catalog_is_owned_by_its_own_pattern_and_its_folders() {
        // The drift check matches the catalog's pattern text as a path.
        assert!(owns("/services/checkout/**", "services/checkout/**"));
        assert!(owns("/services/checkout/", "services/checkout/**"));
        assert!(owns("/services/", "services/checkout/**"));
        assert!(owns("/services/checkout/*", "services/checkout/*"));
        assert!(owns("*", "services/checkout/**"));
        assert!(!owns("/services/cart/", "services/checkout/**"));
    }

    #[test]
    fn owners_are_users_teams_groups_emails_or_roles() {
        for ok in [
            "@amara",
            "@brightwater/checkout",
            "@group/sub/team",
            "a.b@example.com",
        ] {
            assert!(is_handle(ok) && is_owner(ok), "{ok}");
        }
        assert!(is_owner("@@maintainer") && !is_handle("@@maintainer"));
        for bad in ["checkout", "@", "@org/", "@-x", "a@b", "@org/team x", "#x"] {
            assert!(!is_owner(bad), "{bad}");
        }
    }
}
