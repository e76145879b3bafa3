//! CODEOWNERS files, read as GitHub and GitLab read them: who owns a path in a
//! repository. A leaf module (text in, answers out; no files, no diagnostics), used
//! by the `ownership-drift` rule and by `ownbook export codeowners`.
//!
//! The semantics:
//! - Each line is a pattern (see [`Pattern`]) and owners; `#` starts a comment (a
//!   whole line, or an owner token starting with `#`); blank lines separate.
//! - The last matching line decides, and a matching line without owners leaves the
//!   path without owners.
//! - GitLab's sections are read: `[Name]`, `^[Optional]`, `[Name][2]`, with default
//!   owners after the header (`[Docs] @docs-team`) for the section's lines that name
//!   none. Sections with the same name (in any case) are one section. Lines before
//!   the first header are a section of their own. The last match decides within each
//!   section, and a path's owners are those of every section where something
//!   matched, as GitLab requires each section's approval.
//! - Not supported by GitHub nor GitLab, so reported and skipped: `!` negation, and
//!   a line whose owners are not `@user`, `@org/team`, an e-mail or `@@role`.

mod pattern;

pub use pattern::{Pattern, is_handle, is_owner};

/// One ownership line.
#[derive(Debug, Clone)]
pub struct Rule {
    /// The pattern as written.
    pub pattern: String,
    /// Byte offset of the pattern in the file.
    pub start: usize,
    /// The owners written on the line; empty means the section's default owners, or
    /// (with none) nobody.
    pub owners: Vec<String>,
    /// Index into [`Codeowners::sections`].
    pub section: usize,
    matcher: Pattern,
}

/// A GitLab section (the lines before the first header are section 0, unnamed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub name: Option<String>,
    pub optional: bool,
    pub default_owners: Vec<String>,
}

/// A line that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset and length in the file.
    pub start: usize,
    pub len: usize,
    pub message: String,
    pub hint: String,
}

/// A parsed CODEOWNERS file.
#[derive(Debug, Clone)]
pub struct Codeowners {
    pub rules: Vec<Rule>,
    pub sections: Vec<Section>,
    pub problems: Vec<Problem>,
}

/// The line that decides a path's owners in one section.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    pub rule: &'a Rule,
    pub section: &'a Section,
    /// The line's owners, or the section's default owners when it names none.
    pub owners: &'a [String],
}

impl Codeowners {
    /// Reads the text of a CODEOWNERS file (LF line endings).
    pub fn parse(text: &str) -> Codeowners {
        let mut file = Codeowners {
            rules: Vec::new(),
            sections: vec![Section {
                name: None,
                optional: false,
                default_owners: Vec::new(),
            }],
            problems: Vec::new(),
        };
        let mut section = 0;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let tokens = tokens(line, start);
            let Some(&(first_at, first)) = tokens.first() else {
                continue;
            };
            if first.starts_with('#') {
                continue;
            }
            if first.starts_with('[') || first.starts_with("^[") {
                match header(line.trim()) {
                    Some(s) => section = file.section(s),
                    None => file.problems.push(Problem {
                        start: first_at,
                        len: line.trim_end().len() - (first_at - start),
                        message: "this is not a section header".into(),
                        hint: "write a GitLab section as [Name], ^[Optional name] or [Name][2], optionally followed by default owners".into(),
                    }),
                }
                continue;
            }
            file.add_rule(&tokens, section);
        }
        file
    }

    /// The index of the section `s` names, adding it if it is new.
    fn section(&mut self, s: Section) -> usize {
        let same = |other: &Section| {
            other.name.as_deref().map(str::to_lowercase) == s.name.as_deref().map(str::to_lowercase)
        };
        match self.sections.iter().position(same) {
            Some(i) => {
                // Repeated headers are one section; owners given later add to it.
                let known = &mut self.sections[i];
                for o in s.default_owners {
                    if !known.default_owners.contains(&o) {
                        known.default_owners.push(o);
                    }
                }
                i
            }
            None => {
                self.sections.push(s);
                self.sections.len() - 1
            }
        }
    }

    /// Reads a pattern line (its tokens with their offsets).
    fn add_rule(&mut self, tokens: &[(usize, &str)], section: usize) {
        let (start, pattern) = tokens[0];
        if pattern.starts_with('!') {
            self.problems.push(Problem {
                start,
                len: pattern.len(),
                message: "`!` negation is not supported in CODEOWNERS; this line is skipped".into(),
                hint: "give the path its owners in a later line instead".into(),
            });
            return;
        }
        let owners: Vec<(usize, &str)> = tokens[1..]
            .iter()
            .copied()
            .take_while(|(_, t)| !t.starts_with('#'))
            .collect();
        if let Some(&(at, bad)) = owners.iter().find(|(_, o)| !is_owner(o)) {
            self.problems.push(Problem {
                start: at,
                len: bad.len(),
                message: format!("`{bad}` is not an owner; this line is skipped"),
                hint: "owners are @user, @org/team, an e-mail address or (GitLab) @@role".into(),
            });
            return;
        }
        match Pattern::new(pattern) {
            Ok(matcher) => self.rules.push(Rule {
                pattern: pattern.to_string(),
                start,
                owners: owners.iter().map(|(_, o)| o.to_string()).collect(),
                section,
                matcher,
            }),
            Err(why) => self.problems.push(Problem {
                start,
                len: pattern.len(),
                message: format!("`{pattern}` is not a pattern ({why}); this line is skipped"),
                hint: "write a gitignore-style pattern such as /services/checkout/".into(),
            }),
        }
    }

    /// The line deciding the owners of `path` in each section where a line matches,
    /// in the order of the sections. Empty: no line covers the path.
    pub fn decide(&self, path: &str, is_dir: bool) -> Vec<Decision<'_>> {
        let mut found: Vec<Option<&Rule>> = vec![None; self.sections.len()];
        for rule in self.rules.iter().rev() {
            if found[rule.section].is_none() && rule.matcher.matches(path, is_dir) {
                found[rule.section] = Some(rule);
            }
        }
        found
            .into_iter()
            .flatten()
            .map(|rule| {
                let section = &self.sections[rule.section];
                let owners = if rule.owners.is_empty() {
                    &section.default_owners
                } else {
                    &rule.owners
                };
                Decision {
                    rule,
                    section,
                    owners,
                }
            })
            .collect()
    }

    /// The owners of `path`: those of every deciding line, each once, in order.
    pub fn owners_of(&self, path: &str, is_dir: bool) -> Vec<String> {
        let mut owners: Vec<String> = Vec::new();
        for d in self.decide(path, is_dir) {
            for o in d.owners {
                if !owners.iter().any(|known| same_owner(known, o)) {
                    owners.push(o.clone());
                }
            }
        }
        owners
    }
}

/// Whether two owners are the same account: GitHub and GitLab compare handles and
/// e-mail addresses without regard to case.
pub fn same_owner(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// A catalog path (relative to the repository root) as a CODEOWNERS pattern: anchored
/// at the root with a leading `/`, spaces escaped.
pub fn root_pattern(path: &str) -> String {
    let escaped = path.replace(' ', "\\ ");
    if escaped.starts_with('/') {
        escaped
    } else {
        format!("/{escaped}")
    }
}

/// The whitespace-separated tokens of a line with their byte offsets in the file; a
/// backslash escapes the character after it (`path\ with\ spaces/`).
fn tokens(line: &str, line_start: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() && !escaped {
            if let Some(s) = start.take() {
                out.push((line_start + s, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
        escaped = c == '\\' && !escaped;
    }
    if let Some(s) = start {
        out.push((line_start + s, &line[s..]));
    }
    out
}

/// A GitLab section header: `[Name]`, `^[Name]`, `[Name][2]`, then default owners.
fn header(line: &str) -> Option<Section> {
    let (optional, rest) = match line.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let (name, mut rest) = rest.strip_prefix('[')?.split_once(']')?;
    if name.trim().is_empty() {
        return None;
    }
    if let Some(count) = rest.strip_prefix('[') {
        let (digits, after) = count.split_once(']')?;
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        rest = after;
    }
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let owners: Vec<String> = rest
        .split_whitespace()
        .take_while(|t| !t.starts_with('#'))
        .map(String::from)
        .collect();
    if !owners.iter().all(|o| is_owner(o)) {
        return None;
    }
    Some(Section {
        name: Some(name.trim().to_string()),
        optional,
        default_owners: owners,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owners(file: &Codeowners, path: &str) -> Vec<String> {
        file.owners_of(path, false)
    }

    #[test]
    fn the_last_matching_line_decides() {
        let file = Codeowners::parse(
            "# comment\n* @org/all\n/services/ @org/platform\n/services/checkout/ @org/checkout @amara # the team\n",
        );
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(owners(&file, "README.md"), ["@org/all"]);
        assert_eq!(owners(&file, "services/cart/x"), ["@org/platform"]);
        assert_eq!(
            owners(&file, "services/checkout/api/main.go"),
            ["@org/checkout", "@amara"]
        );
        let decided = file.decide("services/checkout/a", false);
        assert_eq!(decided.len(), 1);
        assert_eq!(decided[0].rule.start, 46);
    }

    #[test]
    fn a_matching_line_without_owners_leaves_the_path_unowned() {
        let file = Codeowners::parse("* @org/all\n/vendor/\n");
        assert!(owners(&file, "vendor/lib.c").is_empty());
        assert_eq!(file.decide("vendor/lib.c", false).len(), 1);
        assert!(file.decide("x", false)[0].owners == ["@org/all"]);
        assert!(
            Codeowners::parse("/docs/ @d\n")
                .decide("src/a", false)
                .is_empty()
        );
    }

    #[test]
    fn gitlab_sections_each_decide_and_give_default_owners() {
        let text = "* @org/all\n\n[Docs] @org/docs\n/docs/\n/docs/api/ @org/api\n\n^[Database][2] @org/db\n/db/\n[docs]\n/guide/\n";
        let file = Codeowners::parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.sections.len(), 3, "[docs] is [Docs]");
        assert!(file.sections[2].optional);
        assert_eq!(owners(&file, "docs/a.md"), ["@org/all", "@org/docs"]);
        assert_eq!(owners(&file, "docs/api/a.md"), ["@org/all", "@org/api"]);
        assert_eq!(owners(&file, "guide/a.md"), ["@org/all", "@org/docs"]);
        assert_eq!(owners(&file, "db/x.sql"), ["@org/all", "@org/db"]);
    }

    #[test]
    fn unsupported_lines_are_reported_and_skipped() {
        let text = "* @org/all\n!/docs/ @x\n/a/ team-without-at\n[Broken\n/b/ @ok\n";
        let file = Codeowners::parse(text);
        let found: Vec<(usize, &str)> = file
            .problems
            .iter()
            .map(|p| (p.start, &text[p.start..p.start + p.len]))
            .collect();
        assert_eq!(
            found,
            [(11, "!/docs/"), (26, "team-without-at"), (42, "[Broken")]
        );
        assert_eq!(file.rules.len(), 2);
        assert_eq!(owners(&file, "b/x"), ["@ok"]);
    }

    #[test]
    fn escaped_spaces_stay_in_the_pattern_and_owners_compare_without_case() {
        let file = Codeowners::parse("/path\\ with\\ spaces/ @Org/Team\n");
        assert_eq!(file.rules[0].pattern, "/path\\ with\\ spaces/");
        assert_eq!(owners(&file, "path with spaces/x"), ["@Org/Team"]);
        assert!(same_owner("@Org/Team", "@org/team"));
    }
}
