//! One print file from the template and the pages' print versions, never joined in
//! memory: the template is rendered with a marker where each page goes, and the pages'
//! HTML is written between its pieces.

use super::documents::{Document, Documents};
use crate::diag::Diagnostic;
use crate::output::{Content, OutputFile};
use crate::render::links::print_prefix;
use crate::render::nav::LinkCtx;
use crate::render::{Ctx, SharedRendered, base_context, theme};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::Arc;

#[derive(Serialize)]
struct PrintPage<'a> {
    id: String,
    title: &'a str,
    /// The page's h1 (its own heading, or its title).
    heading: &'a str,
    description: &'a str,
    content: &'a str,
    depth: usize,
}

/// A section's print file, as print.html links it.
#[derive(Serialize)]
struct SectionLink<'a> {
    title: &'a str,
    url: &'a str,
    part: Option<PartCtx>,
    pages: usize,
}

/// Which part of a section cut into parts a file is.
#[derive(Serialize)]
struct PartCtx {
    number: usize,
    count: usize,
}

fn part_ctx(part: Option<(usize, usize)>) -> Option<PartCtx> {
    part.map(|(number, count)| PartCtx { number, count })
}

/// What the template knows of the file it renders (`None` for print.html).
#[derive(Serialize)]
struct DocumentCtx<'a> {
    title: &'a str,
    part: Option<PartCtx>,
}

/// Where a page's content goes in the rendered template: the template is rendered
/// once with this marker (and the page number) as each page's content, and the
/// pages' HTML is put in its place.
const CONTENT_MARKER: &str = "ownbook-print-content-5f0c2a97-";

/// How many pages' print Markdown is rendered (in parallel) at a time.
const BATCH: usize = 256;

/// Renders print file `doc` from the print-mode Markdown of its pages, which
/// `markdown` renders (or looks up) a batch at a time.
pub(super) fn render(
    cx: &Ctx,
    docs: &Documents,
    doc: &Document,
    markdown: &mut dyn FnMut(&[usize]) -> Vec<SharedRendered>,
) -> Result<OutputFile, Diagnostic> {
    let markers: Vec<String> = (0..doc.pages.len())
        .map(|k| format!("{CONTENT_MARKER}{k}."))
        .collect();
    let skeleton = render_template(cx, docs, doc, &markers)?;
    let Some(parts) = split_at_markers(&skeleton, &markers) else {
        // A template that leaves out, repeats or changes a page's content: render it
        // the plain way, with every page's HTML in the context.
        let rendered = markdown(&doc.pages);
        let contents: Vec<Cow<str>> = rendered
            .iter()
            .map(|r| retarget(&r.html, docs, doc))
            .collect();
        let html = render_template(cx, docs, doc, &contents)?;
        return Ok(OutputFile::text(doc.path.clone(), html));
    };
    let mut pieces = Vec::with_capacity(parts.len() * 2);
    pieces.push(parts[0].as_bytes().to_vec());
    let mut k = 0;
    for batch in doc.pages.chunks(BATCH) {
        for r in markdown(batch) {
            let html = match retarget(&r.html, docs, doc) {
                Cow::Owned(changed) => changed.into_bytes(),
                Cow::Borrowed(_) => match Arc::try_unwrap(r) {
                    Ok(r) => r.html.into_bytes(),
                    Err(shared) => shared.html.as_bytes().to_vec(),
                },
            };
            pieces.push(html);
            k += 1;
            pieces.push(parts[k].as_bytes().to_vec());
        }
    }
    Ok(OutputFile {
        path: doc.path.clone(),
        content: Content::Parts(pieces),
    })
}

fn render_template(
    cx: &Ctx,
    docs: &Documents,
    doc: &Document,
    contents: &[impl AsRef<str>],
) -> Result<String, Diagnostic> {
    let site = cx.site;
    let pages: Vec<PrintPage> = doc
        .pages
        .iter()
        .zip(contents)
        .map(|(&p, content)| {
            let page = &site.pages[p];
            PrintPage {
                id: print_prefix(Some(p)).trim_end_matches('-').to_string(),
                title: &page.title,
                heading: page.heading.as_deref().unwrap_or(&page.title),
                description: &page.description,
                content: content.as_ref(),
                depth: page.url.matches('/').count(),
            }
        })
        .collect();
    let sections: Vec<SectionLink> = docs
        .sections
        .iter()
        .map(|s| SectionLink {
            title: s.title.as_deref().unwrap_or_default(),
            url: &s.path,
            part: part_ctx(s.part),
            pages: s.pages.len(),
        })
        .collect();
    let document = doc.title.as_deref().map(|title| DocumentCtx {
        title,
        part: part_ctx(doc.part),
    });
    let mut ctx = base_context(cx, "", &doc.path, None);
    ctx.insert("pages", &pages);
    ctx.insert("print_sections", &sections);
    ctx.insert("document", &document);
    ctx.insert("breadcrumbs", &Vec::<LinkCtx>::new());
    // Code in print files is not coloured.
    ctx.insert("code_css", &false);
    theme::render(&cx.theme.tera, "print.html", &ctx)
}

/// `skeleton` cut at each of `markers`, which must each appear exactly once and in
/// order (`markers.len() + 1` parts); `None` otherwise.
fn split_at_markers<'a>(skeleton: &'a str, markers: &[String]) -> Option<Vec<&'a str>> {
    if skeleton.matches(CONTENT_MARKER).count() != markers.len() {
        return None;
    }
    let mut parts = Vec::with_capacity(markers.len() + 1);
    let mut rest = skeleton;
    for marker in markers {
        let at = rest.find(marker.as_str())?;
        parts.push(&rest[..at]);
        rest = &rest[at + marker.len()..];
    }
    parts.push(rest);
    Some(parts)
}

/// A page's print HTML with each link to a page that `doc` does not show pointed at
/// the print file that does (`href="#p12-x"` → `href="print-guide.html#p12-x"`).
/// Print versions link other pages as `#p<index>` anchors; in print.html's whole
/// guide every page is present and nothing changes.
fn retarget<'a>(html: &'a str, docs: &Documents, doc: &Document) -> Cow<'a, str> {
    const LINK: &str = "href=\"#p";
    // print.html holds either every page or none.
    if doc.title.is_none() || !html.contains(LINK) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(LINK) {
        let after = &rest[at + LINK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let ends = matches!(after.as_bytes().get(digits), Some(b'-' | b'"'));
        let target = after[..digits].parse::<usize>().ok().filter(|_| ends);
        out.push_str(&rest[..at + "href=\"".len()]);
        if let Some(file) = target.and_then(|p| docs.file_of(p))
            && file != doc.path
        {
            out.push_str(file);
        }
        rest = &rest[at + "href=\"".len()..];
    }
    out.push_str(rest);
    if out.len() == html.len() {
        Cow::Borrowed(html)
    } else {
        Cow::Owned(out)
    }
}
