//! Resolving a link the way MkDocs does: first as a file relative to the page's
//! source file; otherwise (directory-style `../setup/`, root-absolute
//! `/functions#runbooks`) as a URL relative to the page's URL, with
//! `use_directory_urls` deciding what that URL is.

use super::paths::parent_dir;
use crate::url::normalize_rel;
use crate::url::{percent_decode, scheme};
use std::collections::HashSet;

/// What a destination points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// External, or nothing to change.
    Keep,
    /// A page, by source path.
    Page {
        src: String,
        fragment: Option<String>,
    },
    /// A copied file, by source path.
    File {
        src: String,
        fragment: Option<String>,
    },
    Broken,
}

/// The files of the MkDocs project and how its URLs are formed.
pub struct Resolver<'a> {
    pub docs: &'a HashSet<String>,
    pub files: &'a HashSet<String>,
    pub use_dir_urls: bool,
    /// The path of site_url (`handbook/`), which root-absolute links may start with.
    pub site_prefix: String,
}

impl Resolver<'_> {
    pub fn resolve(&self, from: &str, dest: &str) -> Target {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with("//") || scheme(dest).is_some() {
            return Target::Keep;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        if path.is_empty() {
            return Target::Page {
                src: from.to_string(),
                fragment,
            };
        }
        if let Some(abs) = path.strip_prefix('/') {
            let abs = abs.strip_prefix(self.site_prefix.as_str()).unwrap_or(abs);
            return self.by_url(abs, fragment);
        }
        if let Some(p) = normalize_rel(&format!("{}{path}", parent_dir(from)))
            && let Some(t) = self.by_file(&p, &fragment, false)
        {
            return t;
        }
        if path.ends_with(".md") {
            return Target::Broken;
        }
        match normalize_rel(&format!("{}{path}", self.page_url_dir(from))) {
            Some(u) => self.by_url(&u, fragment),
            None => Target::Broken,
        }
    }

    /// `p` as a page or file; with `dir_index`, a folder means its `index.md` (URL
    /// semantics; MkDocs resolves only real files relative to the source).
    fn by_file(&self, p: &str, fragment: &Option<String>, dir_index: bool) -> Option<Target> {
        let page = |src: String| Target::Page {
            src,
            fragment: fragment.clone(),
        };
        if self.docs.contains(p) {
            return Some(page(p.to_string()));
        }
        if self.files.contains(p) {
            return Some(Target::File {
                src: p.to_string(),
                fragment: fragment.clone(),
            });
        }
        if !dir_index {
            return None;
        }
        let dir = if p.is_empty() {
            String::new()
        } else {
            format!("{p}/")
        };
        ["index.md", "README.md"]
            .iter()
            .map(|i| format!("{dir}{i}"))
            .find(|c| self.docs.contains(c))
            .map(page)
    }

    fn by_url(&self, url: &str, fragment: Option<String>) -> Target {
        let url = normalize_rel(url).unwrap_or_default();
        if let Some(t) = self.by_file(&url, &fragment, true) {
            return t;
        }
        let stem = url.strip_suffix(".html").unwrap_or(&url);
        let stem = if stem == "index" {
            ""
        } else {
            stem.strip_suffix("/index").unwrap_or(stem)
        };
        let candidate = format!("{stem}.md");
        if self.docs.contains(&candidate) {
            return Target::Page {
                src: candidate,
                fragment,
            };
        }
        self.by_file(stem, &fragment, true)
            .unwrap_or(Target::Broken)
    }

    /// The folder of a page's URL in MkDocs, which relative URLs are resolved against.
    fn page_url_dir(&self, src: &str) -> String {
        let dir = parent_dir(src);
        let name = &src[dir.len()..];
        if !self.use_dir_urls || name == "index.md" || name == "README.md" {
            return dir.to_string();
        }
        format!("{dir}{}/", name.trim_end_matches(".md"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver<'a>(docs: &'a HashSet<String>, files: &'a HashSet<String>) -> Resolver<'a> {
        Resolver {
            docs,
            files,
            use_dir_urls: true,
            site_prefix: "handbook/".into(),
        }
    }

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn mkdocs_link_semantics() {
        let docs = set(&[
            "index.md",
            "functions.md",
            "getting_started.md",
            "guide/index.md",
            "guide/a.md",
        ]);
        let files = set(&["img/x.png"]);
        let r = resolver(&docs, &files);
        let page = |src: &str, f: Option<&str>| Target::Page {
            src: src.into(),
            fragment: f.map(str::to_string),
        };
        assert_eq!(
            r.resolve("guide/a.md", "/functions#runbooks"),
            page("functions.md", Some("runbooks"))
        );
        assert_eq!(
            r.resolve("guide/a.md", "/handbook/getting_started/"),
            page("getting_started.md", None)
        );
        assert_eq!(
            r.resolve("guide/a.md", "../functions.md"),
            page("functions.md", None)
        );
        // Directory-style: relative to the page's URL guide/a/.
        assert_eq!(
            r.resolve("guide/a.md", "../../getting_started/"),
            page("getting_started.md", None)
        );
        assert_eq!(r.resolve("guide/a.md", "../"), page("guide/index.md", None));
        assert_eq!(
            r.resolve("index.md", "guide/"),
            page("guide/index.md", None)
        );
        assert_eq!(
            r.resolve("functions.md", "../img/x.png"),
            Target::File {
                src: "img/x.png".into(),
                fragment: None
            }
        );
        assert_eq!(
            r.resolve("functions.md", "#top"),
            page("functions.md", Some("top"))
        );
        assert_eq!(r.resolve("functions.md", "https://x.example"), Target::Keep);
        assert_eq!(r.resolve("functions.md", "missing.md"), Target::Broken);
        assert_eq!(r.resolve("functions.md", "/nowhere/"), Target::Broken);
    }
}
