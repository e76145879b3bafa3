//! One guide page through the theme: its Markdown in Page mode, its template context
//! (sidebar, breadcrumbs, previous/next, table of contents, backlinks, review state),
//! and the pages generated for folders without `_index.md`.

use super::links::{Mode, PageHooks, print_prefix};
use super::nav::{self, LinkCtx};
use super::{Ctx, base_context, theme};
use crate::diag::Diagnostic;
use crate::markdown::{self, Input, PrintInput, Rendered};
use crate::output::OutputFile;
use crate::site::{Child, Page, PageKind};
use crate::text::escape_html;
use crate::url::relative_url;
use serde::Serialize;

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    /// The page's h1: its own `# Heading` when it has one besides its title.
    heading: &'a str,
    description: &'a str,
    kind: &'static str,
    content: &'a str,
    toc: Option<String>,
    source: &'a str,
    edit_url: Option<String>,
    updated: Option<String>,
    reviewed: Option<String>,
    stale: bool,
    canonical: Option<String>,
    children: Vec<LinkCtx>,
    backlinks: Vec<LinkCtx>,
    /// Whether the page loads the diagram script (it has a ```mermaid block).
    diagrams: bool,
    /// Whether the page loads the tabs script.
    tabs: bool,
}

/// Renders the Markdown of page `index`, for its own page or for print.html (where
/// code is not coloured and ids carry the page's prefix). With `with_print`, a page
/// render also writes the print version (`Rendered::print_html`) from the same pass.
pub fn markdown(cx: &Ctx, index: usize, mode: Mode, with_print: bool) -> Rendered {
    let page = &cx.site.pages[index];
    let (out_dir, id_prefix, highlight) = match mode {
        Mode::Page => (page.url.as_str(), String::new(), Some(cx.highlighter)),
        Mode::Print => ("", print_prefix(Some(index)), None),
    };
    let hooks = |out_dir, mode| PageHooks {
        cx,
        source_dir: page.source_dir(),
        out_dir,
        page: Some(index),
        mode,
    };
    let page_hooks = hooks(out_dir, mode);
    let print_hooks = hooks("", Mode::Print);
    let print_prefix = print_prefix(Some(index));
    let input = Input {
        text: &page.raw,
        start: page.body_start,
        display: &page.display,
        org: &cx.site.config.organization,
        id_prefix: &id_prefix,
        highlight,
        print: (with_print && mode == Mode::Page).then_some(PrintInput {
            id_prefix: &print_prefix,
            hooks: &print_hooks,
        }),
    };
    markdown::render(&input, &page_hooks)
}

/// The HTML file of page `index` from its rendered Markdown; `position` is its place
/// in reading order.
pub fn page_html(
    cx: &Ctx,
    index: usize,
    rendered: &Rendered,
    position: Option<usize>,
) -> Result<String, Diagnostic> {
    let site = cx.site;
    let page = &site.pages[index];
    let out_dir = &page.url;
    let mut ctx = base_context(cx, out_dir, &page.url, Some(page.section));
    let page_ctx = page_ctx(cx, index, rendered);
    ctx.insert("code_css", &rendered.has_code);
    ctx.insert("page", &page_ctx);
    ctx.insert(
        "breadcrumbs",
        &nav::breadcrumbs(site, out_dir, page.section, page.kind),
    );
    let (prev, next) = nav::prev_next(site, position, out_dir);
    ctx.insert("prev", &prev);
    ctx.insert("next", &next);
    let template = match (&page.meta.template, page.kind) {
        (Some(t), _) => t.as_str(),
        (None, PageKind::Home) => "home.html",
        (None, PageKind::Section) => "section.html",
        (None, PageKind::Page) => "page.html",
    };
    if !cx.theme.tera.get_template_names().any(|n| n == template) {
        let offset = page.raw.find("template").unwrap_or(0);
        return Err(Diagnostic::error(
            "template",
            format!("there is no template `{template}` in the theme"),
        )
        .at(&page.display, &page.raw, offset, "template".len())
        .hint("name a template of the theme, or add it to templates/"));
    }
    theme::render(&cx.theme.tera, template, &ctx).map_err(|mut d| {
        // The report below the first line points into the template; name the page too.
        d.message = d
            .message
            .replacen(":\n", &format!(" for {}:\n", page.display), 1);
        d
    })
}

fn page_ctx<'a>(cx: &'a Ctx, index: usize, rendered: &'a Rendered) -> PageCtx<'a> {
    let site = cx.site;
    let page: &Page = &site.pages[index];
    let out_dir = &page.url;
    let reviewed = page.meta.reviewed.as_ref().map(|d| d.to_string());
    let stale = crate::catalog::model::review_overdue(
        reviewed.as_deref(),
        page.meta.review_every,
        &site.today,
    );
    PageCtx {
        title: &page.title,
        heading: page.heading.as_deref().unwrap_or(&page.title),
        description: &page.description,
        kind: match page.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        },
        content: &rendered.html,
        toc: if page.meta.toc == Some(false) {
            None
        } else {
            markdown::toc_html(&rendered.headings)
        },
        source: &page.display,
        edit_url: site
            .config
            .edit_url
            .as_ref()
            .map(|u| u.replace("{path}", &page.display)),
        updated: page.updated.clone(),
        reviewed,
        stale,
        canonical: site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", page.url)),
        children: match page.kind {
            PageKind::Page => Vec::new(),
            _ => section_children(cx, page.section, out_dir),
        },
        backlinks: cx.analysis.links.backlinks.pages[index]
            .iter()
            .map(|&p| LinkCtx {
                title: site.pages[p].title.clone(),
                url: relative_url(out_dir, &site.pages[p].url),
                description: String::new(),
            })
            .collect(),
        diagrams: rendered.has_diagram,
        tabs: rendered.has_tabs,
    }
}

/// The pages and subsections of a section, as links with descriptions.
pub fn section_children(cx: &Ctx, section: usize, out_dir: &str) -> Vec<LinkCtx> {
    let site = cx.site;
    site.sections[section]
        .children
        .iter()
        .map(|c| {
            let (title, url, description) = match *c {
                Child::Page(p) => {
                    let page = &site.pages[p];
                    (&page.title, &page.url, page.description.clone())
                }
                Child::Section(s) => {
                    // Folders without _index.md have a generated page, so they are listed too.
                    let sec = &site.sections[s];
                    let description = sec.index.map(|i| site.pages[i].description.clone());
                    (&sec.title, &sec.url, description.unwrap_or_default())
                }
            };
            LinkCtx {
                title: title.clone(),
                url: relative_url(out_dir, url),
                description,
            }
        })
        .collect()
}

/// A page for a folder without `_index.md` (the home page for `content/` itself):
/// its title and what it contains, so that navigation and breadcrumbs always lead
/// somewhere.
pub fn generated_section(cx: &Ctx, section: usize) -> Result<OutputFile, Diagnostic> {
    let site = cx.site;
    let sec = &site.sections[section];
    let out_dir = sec.url.as_str();
    let mut ctx = base_context(cx, out_dir, out_dir, Some(section));
    let home = section == 0;
    let description = if home {
        site.config.description.as_str()
    } else {
        ""
    };
    let content = if description.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", escape_html(description))
    };
    let title = if home { &site.config.title } else { &sec.title };
    let page_ctx = PageCtx {
        title,
        heading: title,
        description,
        kind: if home { "home" } else { "section" },
        content: &content,
        toc: None,
        source: "",
        edit_url: None,
        updated: None,
        reviewed: None,
        stale: false,
        canonical: site
            .config
            .base_url
            .as_ref()
            .map(|b| format!("{b}{out_dir}")),
        children: section_children(cx, section, out_dir),
        backlinks: Vec::new(),
        diagrams: false,
        tabs: false,
    };
    ctx.insert("code_css", &false);
    ctx.insert("page", &page_ctx);
    let breadcrumbs = if home {
        Vec::new()
    } else {
        nav::breadcrumbs(site, out_dir, section, PageKind::Section)
    };
    ctx.insert("breadcrumbs", &breadcrumbs);
    // Reading order continues with the folder's first page.
    let first = sec.children.iter().find_map(|c| match *c {
        Child::Page(p) => Some(p),
        Child::Section(s) => site.sections[s].index,
    });
    ctx.insert("prev", &None::<LinkCtx>);
    ctx.insert(
        "next",
        &first.map(|p| LinkCtx {
            title: site.pages[p].title.clone(),
            url: relative_url(out_dir, &site.pages[p].url),
            description: String::new(),
        }),
    );
    let template = if home { "home.html" } else { "section.html" };
    theme::render(&cx.theme.tera, template, &ctx)
        .map(|html| OutputFile::text(format!("{out_dir}index.html"), html))
}
