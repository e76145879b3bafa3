//! sitemap.xml: one `<urlset>` while the site is small; past `URLS_PER_FILE` URLs a
//! sitemap index naming `sitemap-1.xml`, `sitemap-2.xml`, … so that no sitemap file
//! grows with the whole site (the protocol allows 50,000 URLs and 50 MB per file).

use crate::output::OutputFile;
use crate::text::escape_html;

/// URLs per sitemap file: about 1 MB each.
pub const URLS_PER_FILE: usize = 10_000;

/// The sitemap crawlers are pointed at (robots.txt): the only file, or the index.
pub const INDEX: &str = "sitemap.xml";

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NAMESPACE: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The opening `<urlset>` tag of a sitemap without alternates.
pub const URLSET: &str = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";

/// The sitemap files for `entries` (each a `<url>` element and its newline, in the
/// order to list them) under `urlset` (the opening tag), split every `URLS_PER_FILE`.
pub fn files(base_url: Option<&str>, urlset: &str, entries: &[String]) -> Vec<OutputFile> {
    split(base_url, urlset, entries, URLS_PER_FILE)
}

/// `files` with `limit` URLs per file. Locations in the index are absolute under
/// `base_url`, else relative to it (as the pages' are without one).
pub fn split(
    base_url: Option<&str>,
    urlset: &str,
    entries: &[String],
    limit: usize,
) -> Vec<OutputFile> {
    if entries.len() <= limit {
        return vec![OutputFile::text(INDEX, urlset_file(urlset, entries))];
    }
    let parts: Vec<OutputFile> = entries
        .chunks(limit.max(1))
        .enumerate()
        .map(|(i, chunk)| OutputFile::text(part_path(i + 1), urlset_file(urlset, chunk)))
        .collect();
    let mut index = format!("{XML_DECLARATION}<sitemapindex xmlns=\"{NAMESPACE}\">\n");
    for part in &parts {
        let loc = format!("{}{}", base_url.unwrap_or(""), part.path);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape_html(&loc)
        ));
    }
    index.push_str("</sitemapindex>\n");
    let mut files = vec![OutputFile::text(INDEX, index)];
    files.extend(parts);
    files
}

/// The paths the sitemap of `url_count` URLs is written to.
pub fn paths(url_count: usize) -> Vec<String> {
    let mut paths = vec![INDEX.to_string()];
    if url_count > URLS_PER_FILE {
        paths.extend((1..=url_count.div_ceil(URLS_PER_FILE)).map(part_path));
    }
    paths
}

fn part_path(number: usize) -> String {
    format!("sitemap-{number}.xml")
}

fn urlset_file(urlset: &str, entries: &[String]) -> String {
    let len = entries.iter().map(String::len).sum::<usize>();
    let mut xml = String::with_capacity(XML_DECLARATION.len() + urlset.len() + len + 10);
    xml.push_str(XML_DECLARATION);
    xml.push_str(urlset);
    for entry in entries {
        xml.push_str(entry);
    }
    xml.push_str("</urlset>\n");
    xml
}
