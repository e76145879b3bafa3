//! Which pages go into which print file. Each top-level section is one file (in
//! parts past `PART_BYTES` of Markdown); `print.html` links them, and holds the whole
//! guide as well while it stays under `BOOK_BYTES`. Sizes are judged by the pages'
//! Markdown, known before anything is rendered, so the split never depends on a
//! render.

use super::{PATH, pages};
use crate::site::Site;

/// Most Markdown (bytes) one section's print file holds before it is cut into parts.
const PART_BYTES: usize = 2 * 1024 * 1024;
/// Most Markdown (bytes) `print.html` holds as the whole guide; past it, it only
/// links the sections' print files.
const BOOK_BYTES: usize = 2 * 1024 * 1024;

/// One print file.
#[derive(Debug, Clone)]
pub struct Document {
    /// Output path, at the site root (`print-guide.html`), like print.html, so the
    /// pages' print versions (rendered once, with root-relative links) fit every file.
    pub path: String,
    /// The section's title (`None` for print.html).
    pub title: Option<String>,
    /// Part number and count, for a section cut into parts.
    pub part: Option<(usize, usize)>,
    /// The pages it shows, in reading order.
    pub pages: Vec<usize>,
}

/// Every print file of a site.
#[derive(Debug, Clone)]
pub struct Documents {
    /// print.html: the whole guide, or no pages when that would be too large.
    pub book: Document,
    /// The sections' files, in reading order.
    pub sections: Vec<Document>,
    /// For each page (by index), the section file that shows it.
    home_of: Vec<Option<usize>>,
}

impl Documents {
    /// print.html first, then the sections' files.
    pub fn all(&self) -> impl Iterator<Item = &Document> {
        std::iter::once(&self.book).chain(&self.sections)
    }

    /// The path of the section file that shows `page`.
    pub fn file_of(&self, page: usize) -> Option<&str> {
        let doc = (*self.home_of.get(page)?)?;
        Some(self.sections[doc].path.as_str())
    }
}

/// The print files of `site`.
pub fn documents(site: &Site) -> Documents {
    let all = pages(site);
    let size = |p: usize| site.pages[p].body().len();
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for &p in &all {
        let top = top_section(site, site.pages[p].section);
        match groups.iter_mut().find(|(t, _)| *t == top) {
            Some((_, pages)) => pages.push(p),
            None => groups.push((top, vec![p])),
        }
    }
    let mut sections: Vec<Document> = Vec::new();
    let mut taken = std::collections::HashSet::from([PATH.to_string()]);
    for (top, pages) in groups {
        let (stem, title) = match top {
            Some(s) => {
                let section = &site.sections[s];
                (
                    section.url.trim_end_matches('/').to_string(),
                    section.title.clone(),
                )
            }
            None => ("pages".to_string(), site.config.title.clone()),
        };
        let parts = split(&pages, PART_BYTES, size);
        let count = parts.len();
        for (k, part) in parts.into_iter().enumerate() {
            let base = match k {
                0 => format!("print-{stem}"),
                _ => format!("print-{stem}-{}", k + 1),
            };
            // A folder named like another's part (`pages`, `guide-2`) gets a suffix.
            let mut path = format!("{base}.html");
            let mut n = 1;
            while !taken.insert(path.clone()) {
                n += 1;
                path = format!("{base}~{n}.html");
            }
            sections.push(Document {
                path,
                title: Some(title.clone()),
                part: (count > 1).then_some((k + 1, count)),
                pages: part,
            });
        }
    }
    let mut home_of = vec![None; site.pages.len()];
    for (d, doc) in sections.iter().enumerate() {
        for &p in &doc.pages {
            home_of[p] = Some(d);
        }
    }
    let total: usize = all.iter().map(|&p| size(p)).sum();
    let book = Document {
        path: PATH.to_string(),
        title: None,
        part: None,
        pages: if total <= BOOK_BYTES { all } else { Vec::new() },
    };
    Documents {
        book,
        sections,
        home_of,
    }
}

/// The top-level section `section` is in (`None`: the root's own pages).
fn top_section(site: &Site, mut section: usize) -> Option<usize> {
    loop {
        match site.sections[section].parent {
            None => return None,
            Some(0) => return Some(section),
            Some(parent) => section = parent,
        }
    }
}

/// `pages` cut into consecutive runs of at most `limit` bytes (a page larger than
/// that is a run of its own).
fn split(pages: &[usize], limit: usize, size: impl Fn(usize) -> usize) -> Vec<Vec<usize>> {
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    let mut bytes = 0;
    for &p in pages {
        if !current.is_empty() && bytes + size(p) > limit {
            parts.push(std::mem::take(&mut current));
            bytes = 0;
        }
        bytes += size(p);
        current.push(p);
    }
    if !current.is_empty() || parts.is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn runs_stay_under_the_limit_and_keep_the_order() {
        let sizes = [4, 4, 4, 10, 1, 1];
        let parts = split(&[0, 1, 2, 3, 4, 5], 8, |p| sizes[p]);
        assert_eq!(parts, vec![vec![0, 1], vec![2], vec![3], vec![4, 5]]);
        assert_eq!(split(&[], 8, |_| 0), vec![Vec::<usize>::new()]);
    }
}
