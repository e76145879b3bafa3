//! Paths of the imported handbook: where a docs file goes when its folder is one the
//! catalog owns, and the URL ownbook will give a content file.

use crate::text::slugify;

/// Content folders the catalog owns; guide folders of that name are renamed.
pub const RESERVED: [&str; 2] = ["services", "teams"];

/// The folder part of a `/`-separated path, with its trailing `/` (`""` at the top).
pub fn parent_dir(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

/// A docs-relative path moved out of the folders the catalog owns.
pub fn map_path(src: &str) -> String {
    match src.split_once('/') {
        Some((top, rest)) if RESERVED.contains(&top) => format!("{top}-guide/{rest}"),
        _ => src.to_string(),
    }
}

/// The output folder ownbook gives a content path (mirrors the loader: every folder
/// and the file stem are slugified; `_index.md` is its folder).
pub fn url_of(dest: &str) -> String {
    let slug = |s: &str| {
        let s = slugify(s);
        if s.is_empty() { "page".to_string() } else { s }
    };
    let dir = parent_dir(dest);
    let file = &dest[dir.len()..];
    let mut url: String = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| format!("{}/", slug(s)))
        .collect();
    if file != "_index.md" {
        url.push_str(&slug(file.strip_suffix(".md").unwrap_or(file)));
        url.push('/');
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_mirror_the_loader() {
        assert_eq!(url_of("_index.md"), "");
        assert_eq!(
            url_of("Guide Book/getting_started.md"),
            "guide-book/getting-started/"
        );
        assert_eq!(url_of("a/_index.md"), "a/");
    }
}
