//! How a guide page's links and shortcodes are written: the renderer's hooks. A link
//! resolved by analysis becomes a URL relative to the page (or, in print.html, an
//! anchor inside the one document, which holds the pages `includes` names, each with
//! its own id prefix); a link that points nowhere is kept as written (`check` has
//! reported it), and one that would run code becomes `#`.

use super::Ctx;
use crate::analyze::links::{Link, resolve};
use crate::markdown::{Hooks, Shortcode};
use crate::site::{Page, PageKind};
use crate::url::{encode_path, relative_url};

/// Where a text's HTML goes: a page of its own, or print.html.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Page,
    Print,
}

/// The hooks of one text: guide page or service prose.
pub struct PageHooks<'a> {
    pub cx: &'a Ctx<'a>,
    /// Folder of the source file relative to `content/` (`guide/`).
    pub source_dir: &'a str,
    /// Output folder of the HTML file (`guide/x/`), for relative URLs.
    pub out_dir: &'a str,
    /// The guide page being rendered (`None` for service prose).
    pub page: Option<usize>,
    pub mode: Mode,
}

impl Hooks for PageHooks<'_> {
    fn link(&self, dest: &str, image: bool) -> String {
        let site = self.cx.site;
        let frag = |f: &Option<String>| f.as_ref().map(|f| format!("#{f}")).unwrap_or_default();
        match resolve(site, self.source_dir, dest, image) {
            Link::Empty => String::new(),
            Link::Unsafe => "#".to_string(),
            Link::SamePage(anchor) => match self.mode {
                Mode::Page => format!("#{anchor}"),
                Mode::Print => format!("#{}{anchor}", print_prefix(self.page)),
            },
            Link::External | Link::Broken(_) => dest.to_string(),
            Link::Page { page, fragment } => {
                let target = &site.pages[page];
                match self.mode {
                    Mode::Print if includes(target) => match fragment.as_deref() {
                        Some(f) if !f.is_empty() => format!("#{}{f}", print_prefix(Some(page))),
                        _ => format!("#{}", print_prefix(Some(page)).trim_end_matches('-')),
                    },
                    _ => format!(
                        "{}{}",
                        relative_url(self.out_dir, &target.url),
                        frag(&fragment)
                    ),
                }
            }
            Link::Elsewhere { url, fragment, .. } => {
                format!("{}{}", relative_url(self.out_dir, &url), frag(&fragment))
            }
            Link::Catalog { key, fragment } => match site.catalog.url_of(&key) {
                Some(url) => format!("{}{}", relative_url(self.out_dir, &url), frag(&fragment)),
                None => dest.to_string(),
            },
            Link::Asset { path, fragment } => format!(
                "{}{}",
                relative_url(self.out_dir, &encode_path(&path)),
                frag(&fragment)
            ),
        }
    }

    fn shortcode(&self, shortcode: &Shortcode) -> Result<String, (String, String)> {
        super::catalog::shortcode::expand(self.cx, shortcode, self.out_dir)
    }

    fn image_size(&self, dest: &str) -> Option<(u64, u64)> {
        match resolve(self.cx.site, self.source_dir, dest, true) {
            Link::Asset { path, .. } => {
                crate::imagefile::dimensions(&self.cx.site.assets.get(&path)?.source)
            }
            _ => None,
        }
    }
}

/// The id prefix of a page inside print.html.
pub fn print_prefix(page: Option<usize>) -> String {
    page.map(|p| format!("p{p}-")).unwrap_or_default()
}

/// Whether a page is part of the print version (every page but the home page).
pub fn includes(page: &Page) -> bool {
    page.kind != PageKind::Home
}
