//! Link rewriting: relative `.md` links become relative URLs of the target page,
//! `service:` / `team:` links point at catalog pages, images and files are checked to
//! exist, and dangerous schemes are refused. Anchors are recorded for a later check,
//! because a page's headings are only known once it is rendered.

use super::{Mode, Renderer, print_prefix};
use crate::diag::Diagnostic;
use crate::url::{
    encode_path, is_dangerous_url, normalize_rel, percent_decode, relative_url, scheme,
};

/// What a link points at, for checking its `#anchor` after all pages are rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    Page(usize),
    /// A catalog page, by its catalog key (`service:checkout-api`).
    Catalog(String),
}

/// A resolved link whose anchor (if any) still has to be checked.
#[derive(Debug, Clone)]
pub struct PendingLink {
    pub target: LinkTarget,
    pub anchor: Option<String>,
    /// Byte offset and length of the link in the source file.
    pub offset: usize,
    pub len: usize,
}

impl Renderer<'_, '_, '_> {
    /// Resolves one link or image destination; problems become diagnostics and the
    /// link is kept as written.
    pub(super) fn link(&mut self, dest: &str, offset: usize, len: usize, image: bool) -> String {
        let error = |msg: String, hint: &str| {
            Diagnostic::error("broken-link", msg)
                .at(self.input.display, self.input.text, offset, len)
                .hint(hint.to_string())
        };
        if dest.is_empty() {
            return String::new();
        }
        if is_dangerous_url(dest) {
            self.rendered.diags.push(
                Diagnostic::error(
                    "unsafe-url",
                    format!("`{dest}` would run code in the reader's browser"),
                )
                .at(self.input.display, self.input.text, offset, len)
                .hint("link to an http(s) address or a page of the handbook"),
            );
            return "#".to_string();
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            return self.same_page_anchor(anchor, offset, len);
        }
        if dest.starts_with("//") {
            return dest.to_string();
        }
        if let Some(s) = scheme(dest) {
            if s == "service" || s == "team" {
                return self.catalog_link(dest, offset, len);
            }
            return dest.to_string();
        }
        let (path_part, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path_part = path_part.split('?').next().unwrap_or(path_part);
        let decoded = percent_decode(path_part);
        let joined = match decoded.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("{}{decoded}", self.input.source_dir),
        };
        let Some(path) = normalize_rel(&joined) else {
            self.rendered.diags.push(error(
                format!("link to `{dest}` leaves the content folder"),
                "links are relative to this file's folder; remove a `../`",
            ));
            return dest.to_string();
        };
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        if path.ends_with(".md")
            || (!image
                && self
                    .site
                    .by_source
                    .contains_key(&format!("{path}/_index.md")))
        {
            let key = if path.ends_with(".md") {
                path.clone()
            } else {
                format!("{path}/_index.md")
            };
            return match self.site.by_source.get(&key) {
                Some(&target) => self.page_link(target, fragment, offset, len),
                None => {
                    let hint = suggestion(self.site, &key)
                        .map(|s| {
                            format!("did you mean `{s}`? Links are relative to this file's folder")
                        })
                        .unwrap_or_else(|| {
                            "check the path; links are relative to this file's folder".to_string()
                        });
                    self.rendered.diags.push(error(
                        format!(
                            "link to `{dest}` does not resolve: there is no page content/{key}"
                        ),
                        &hint,
                    ));
                    dest.to_string()
                }
            };
        }
        if self.site.assets.contains_key(&path) {
            return format!(
                "{}{frag}",
                relative_url(self.input.out_dir, &encode_path(&path))
            );
        }
        let what = if image { "image" } else { "file" };
        self.rendered.diags.push(error(
            format!("{what} `{dest}` does not exist (looked for content/{path} and static/{path})"),
            "put the file next to the page or in static/, or fix the path",
        ));
        dest.to_string()
    }

    fn same_page_anchor(&mut self, anchor: &str, offset: usize, len: usize) -> String {
        if let Some(page) = self.input.page {
            self.rendered.links.push(PendingLink {
                target: LinkTarget::Page(page),
                anchor: Some(anchor.to_string()),
                offset,
                len,
            });
        }
        match self.input.mode {
            Mode::Page => format!("#{anchor}"),
            Mode::Print => format!("#{}{anchor}", print_prefix(self.input.page)),
        }
    }

    fn page_link(
        &mut self,
        target: usize,
        fragment: Option<&str>,
        offset: usize,
        len: usize,
    ) -> String {
        self.rendered.links.push(PendingLink {
            target: LinkTarget::Page(target),
            anchor: fragment.filter(|f| !f.is_empty()).map(str::to_string),
            offset,
            len,
        });
        let page = &self.site.pages[target];
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        match self.input.mode {
            Mode::Print if crate::render::print::includes(page) => match fragment {
                Some(f) if !f.is_empty() => format!("#{}{f}", print_prefix(Some(target))),
                _ => format!("#{}", print_prefix(Some(target)).trim_end_matches('-')),
            },
            _ => format!("{}{frag}", relative_url(self.input.out_dir, &page.url)),
        }
    }

    fn catalog_link(&mut self, dest: &str, offset: usize, len: usize) -> String {
        let (key, fragment) = match dest.split_once('#') {
            Some((k, f)) => (k, Some(f)),
            None => (dest, None),
        };
        match self.site.catalog.url_of(key) {
            Some(url) => {
                self.rendered.links.push(PendingLink {
                    target: LinkTarget::Catalog(key.to_string()),
                    anchor: fragment.map(str::to_string),
                    offset,
                    len,
                });
                let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
                format!("{}{frag}", relative_url(self.input.out_dir, &url))
            }
            None => {
                let (kind, id) = key.split_once(':').unwrap_or(("service", key));
                let folder = if kind == "team" { "teams" } else { "services" };
                self.rendered.diags.push(
                    Diagnostic::error(
                        "broken-link",
                        format!("there is no {kind} `{id}` in the catalog"),
                    )
                    .at(self.input.display, self.input.text, offset, len)
                    .hint(format!(
                        "catalog entries are the files content/{folder}/<id>.toml"
                    )),
                );
                dest.to_string()
            }
        }
    }
}

/// A page with the same file name elsewhere, to suggest for a broken link.
fn suggestion(site: &crate::site::Site, missing: &str) -> Option<String> {
    let name = missing.rsplit('/').next()?;
    site.pages
        .iter()
        .find(|p| p.source.rsplit('/').next() == Some(name))
        .map(|p| format!("content/{}", p.source))
}
