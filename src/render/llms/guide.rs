//! The guide's list in `llms.txt`: one `## heading` per folder that holds pages, in
//! the sidebar's order (a folder's own page first), "Home" for the top.
//!
//! A guide whose list fits in `INLINE_BYTES` is listed in llms.txt itself. A larger
//! one would make llms.txt grow with the site (28 MB at 100,000 pages), so llms.txt
//! then lists the top folder's pages and links one file per top-level folder,
//! `llms-<folder>.txt` (cut into parts of about `PART_BYTES`), that lists that
//! folder's pages the same way. Sizes are judged from titles, descriptions and URLs,
//! known before anything is rendered, so the files' names are known up front.

use super::{Urls, list_item};
use crate::output::OutputFile;
use crate::site::{Child, Site};
use crate::text::escape_markdown;

/// Most bytes of page list llms.txt holds itself.
const INLINE_BYTES: usize = 1024 * 1024;
/// About the most bytes of page list one `llms-<folder>.txt` holds.
const PART_BYTES: usize = 1024 * 1024;

/// About the bytes page `p` takes in a list.
fn weight(site: &Site, p: usize) -> usize {
    let page = &site.pages[p];
    page.title.len() + page.description.len() + page.url.len() + 16
}

/// One folder's heading and its pages.
struct Block {
    heading: String,
    pages: Vec<usize>,
}

/// A top-level folder's blocks, and where they are listed when not in llms.txt.
struct Group {
    title: String,
    blocks: Vec<Block>,
    /// One path per part (`llms-<folder>.txt`, `llms-<folder>-2.txt`, …).
    files: Vec<String>,
}

/// The guide's blocks: the top folder's, then each top-level folder's.
struct Layout {
    home: Option<Block>,
    groups: Vec<Group>,
    inline: bool,
}

fn layout(site: &Site) -> Layout {
    let mut home = None;
    let mut groups: Vec<Group> = Vec::new();
    // (section, heading, top-level folder it belongs to)
    let mut stack: Vec<(usize, String, Option<usize>)> = vec![(0, "Home".to_string(), None)];
    while let Some((s, name, group)) = stack.pop() {
        let sec = &site.sections[s];
        let pages: Vec<usize> = sec
            .index
            .into_iter()
            .chain(sec.children.iter().filter_map(|c| match *c {
                Child::Page(p) => Some(p),
                Child::Section(_) => None,
            }))
            .collect();
        if !pages.is_empty() {
            let block = Block {
                heading: name.clone(),
                pages,
            };
            match group {
                Some(g) => groups[g].blocks.push(block),
                None => home = Some(block),
            }
        }
        // Subsections next, first child on top of the stack.
        for child in sec.children.iter().rev() {
            if let Child::Section(sub) = *child {
                let title = &site.sections[sub].title;
                let (path, group) = match group {
                    Some(g) => (format!("{name} › {title}"), g),
                    None => {
                        groups.push(Group {
                            title: title.clone(),
                            blocks: Vec::new(),
                            files: Vec::new(),
                        });
                        (title.clone(), groups.len() - 1)
                    }
                };
                stack.push((sub, path, Some(group)));
            }
        }
    }
    // Pushed in reverse above; the sidebar's order is the reverse of that.
    groups.reverse();
    let size = |b: &Block| b.pages.iter().map(|&p| weight(site, p)).sum::<usize>();
    let blocks = home.iter().chain(groups.iter().flat_map(|g| &g.blocks));
    let inline = blocks.map(size).sum::<usize>() <= INLINE_BYTES;
    if !inline {
        name_files(site, &mut groups);
    }
    Layout {
        home,
        groups,
        inline,
    }
}

/// Names each group's part files after its folder.
fn name_files(site: &Site, groups: &mut [Group]) {
    let mut taken = std::collections::HashSet::new();
    let tops = site.sections[0].children.iter().filter_map(|c| match *c {
        Child::Section(s) => Some(s),
        Child::Page(_) => None,
    });
    for (group, top) in groups.iter_mut().zip(tops) {
        let folder = site.sections[top].url.trim_matches('/').replace('/', "-");
        let parts = match group.blocks.is_empty() {
            true => 0,
            false => split(site, &group.blocks).len(),
        };
        for k in 0..parts {
            let base = match k {
                0 => format!("llms-{folder}"),
                _ => format!("llms-{folder}-{}", k + 1),
            };
            // A folder named like another's part (`guide-2`) gets a suffix.
            let mut path = format!("{base}.txt");
            let mut n = 1;
            while !taken.insert(path.clone()) {
                n += 1;
                path = format!("{base}~{n}.txt");
            }
            group.files.push(path);
        }
    }
}

/// The paths of the files the guide is listed in besides llms.txt (none for a
/// guide that fits in it).
pub fn part_paths(site: &Site) -> Vec<String> {
    let layout = layout(site);
    layout.groups.into_iter().flat_map(|g| g.files).collect()
}

/// The guide's part of llms.txt, and the files it links.
pub fn guide(site: &Site, urls: &Urls) -> (String, Vec<OutputFile>) {
    let layout = layout(site);
    let mut md = String::new();
    if let Some(home) = &layout.home {
        write_block(site, urls, &home.heading, &home.pages, &mut md);
    }
    if layout.inline {
        for block in layout.groups.iter().flat_map(|g| &g.blocks) {
            write_block(site, urls, &block.heading, &block.pages, &mut md);
        }
        return (md, Vec::new());
    }
    let mut files = Vec::new();
    md.push_str("## Guide\n\n");
    for group in &layout.groups {
        let parts = split(site, &group.blocks);
        for (k, (path, part)) in group.files.iter().zip(parts).enumerate() {
            let title = match group.files.len() {
                1 => group.title.clone(),
                n => format!("{}, part {} of {n}", group.title, k + 1),
            };
            let pages: usize = part.iter().map(|(_, p)| p.len()).sum();
            let notes = format!("the {pages} guide pages listed in this file");
            md.push_str(&list_item(&title, &urls.file(path), &notes));
            files.push(part_file(site, urls, path, &title, &part));
        }
    }
    md.push('\n');
    (md, files)
}

/// `blocks` cut into runs of about `PART_BYTES` each (a block may be cut; its heading
/// then starts the next run again). Every run has at least one page.
fn split<'a>(site: &Site, blocks: &'a [Block]) -> Vec<Vec<(&'a str, &'a [usize])>> {
    let mut parts: Vec<Vec<(&str, &[usize])>> = vec![Vec::new()];
    let mut used = 0;
    for block in blocks {
        let mut start = 0;
        for (k, &p) in block.pages.iter().enumerate() {
            let w = weight(site, p);
            if used > 0 && used + w > PART_BYTES {
                if k > start {
                    push(&mut parts, &block.heading, &block.pages[start..k]);
                }
                parts.push(Vec::new());
                start = k;
                used = 0;
            }
            used += w;
        }
        if start < block.pages.len() {
            push(&mut parts, &block.heading, &block.pages[start..]);
        }
    }
    parts
}

fn push<'a>(parts: &mut [Vec<(&'a str, &'a [usize])>], heading: &'a str, pages: &'a [usize]) {
    if let Some(part) = parts.last_mut() {
        part.push((heading, pages));
    }
}

fn part_file(
    site: &Site,
    urls: &Urls,
    path: &str,
    title: &str,
    part: &[(&str, &[usize])],
) -> OutputFile {
    let mut md = format!(
        "# {}: {}\n\n> The guide pages under {}. [llms.txt]({}) indexes the whole handbook.\n\n",
        escape_markdown(&site.config.title),
        escape_markdown(title),
        escape_markdown(title),
        urls.file(super::PATH),
    );
    for (heading, pages) in part {
        write_block(site, urls, heading, pages, &mut md);
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    OutputFile::text(path, md)
}

fn write_block(site: &Site, urls: &Urls, heading: &str, pages: &[usize], md: &mut String) {
    md.push_str(&format!("## {}\n\n", escape_markdown(heading)));
    for &p in pages {
        let page = &site.pages[p];
        md.push_str(&list_item(
            &page.title,
            &urls.markdown(&page.url),
            &page.description,
        ));
    }
    md.push('\n');
}
