//! The section tree: one section per folder of `content/`, children sorted by weight
//! then title, and the reading order (depth-first) that previous/next follow.

use super::page::folder_url;
use crate::site::{Child, Page, PageKind, Section};
use std::collections::BTreeMap;

/// Builds the section tree from page paths, sorts children by weight then title, and
/// returns the sections and the reading order (depth-first).
pub fn build_sections(pages: &mut [Page]) -> (Vec<Section>, Vec<usize>) {
    let mut dirs: BTreeMap<String, usize> = BTreeMap::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut ensure = |dir: &str, sections: &mut Vec<Section>| -> usize {
        // Create the folder and all its parents, root first.
        let mut parent = None;
        let mut path = String::new();
        let parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        for depth in 0..=parts.len() {
            if depth > 0 {
                path.push_str(parts[depth - 1]);
                path.push('/');
            }
            let idx = *dirs.entry(path.clone()).or_insert_with(|| {
                let name = parts.get(depth.wrapping_sub(1)).copied().unwrap_or("");
                sections.push(Section {
                    dir: path.clone(),
                    title: dir_title(name),
                    weight: i64::MAX,
                    index: None,
                    parent,
                    children: Vec::new(),
                    url: folder_url(&path),
                });
                let new = sections.len() - 1;
                if let Some(p) = parent {
                    sections[p].children.push(Child::Section(new));
                }
                new
            });
            parent = Some(idx);
        }
        parent.unwrap_or(0)
    };
    ensure("", &mut sections);
    for (i, page) in pages.iter_mut().enumerate() {
        let dir = page.source
            [..page.source.len() - page.source.rsplit('/').next().map_or(0, str::len)]
            .to_string();
        let s = ensure(&dir, &mut sections);
        page.section = s;
        match page.kind {
            PageKind::Home | PageKind::Section => {
                sections[s].index = Some(i);
                sections[s].title = page.title.clone();
                sections[s].weight = page.meta.weight.unwrap_or(i64::MAX);
            }
            PageKind::Page => sections[s].children.push(Child::Page(i)),
        }
    }
    let key = |c: &Child| -> (i64, String) {
        match c {
            Child::Page(p) => (
                pages[*p].meta.weight.unwrap_or(i64::MAX),
                pages[*p].title.to_lowercase(),
            ),
            Child::Section(s) => (sections[*s].weight, sections[*s].title.to_lowercase()),
        }
    };
    let sorted: Vec<Vec<Child>> = sections
        .iter()
        .map(|s| {
            let mut c = s.children.clone();
            // The key allocates (lowercase titles): compute it once per child.
            c.sort_by_cached_key(key);
            c
        })
        .collect();
    for (s, c) in sections.iter_mut().zip(sorted) {
        s.children = c;
    }
    let mut order = Vec::with_capacity(pages.len());
    // Iterative depth-first walk: deep folder trees must not overflow the stack.
    let mut stack = vec![Child::Section(0)];
    while let Some(c) = stack.pop() {
        match c {
            Child::Page(p) => order.push(p),
            Child::Section(s) => {
                if let Some(i) = sections[s].index {
                    order.push(i);
                }
                stack.extend(sections[s].children.iter().rev().copied());
            }
        }
    }
    (sections, order)
}

fn dir_title(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_titles_read_well() {
        assert_eq!(dir_title("on-call_basics"), "On call basics");
    }
}
