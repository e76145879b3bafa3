//! `ownbook import mkdocs`: an MkDocs project (mkdocs.yml and its docs folder) becomes
//! a handbook: ownbook.toml from the site settings, `content/` from the pages laid
//! out by the nav ([`nav`]), with admonitions, attribute lists and links converted
//! ([`admonitions`], [`lines`], [`links`], [`page`]), and every other file of the docs
//! folder copied next to the pages.

mod admonitions;
mod anchors;
mod bilingual;
mod config;
mod edits;
mod fences;
mod html;
mod lines;
mod links;
mod meta;
mod nav;
mod page;
mod paths;
mod resolve;
mod tabs;

use super::{Outcome, Plan, finish_notes, note_at};
use crate::diag::{Diagnostic, Fatal};
use crate::fsutil::{self, slash_path};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use bilingual::{Translation, import_bilingual};

/// Imports the MkDocs project at `project` (its folder or its mkdocs.yml) into `into`.
pub fn import(project: &Path, into: &Path, force: bool) -> Result<Outcome, Fatal> {
    let (plan, mut outcome) = plan(project).map_err(Fatal::Diagnostics)?;
    let (written, unchanged) = super::apply(&plan, into, force)?;
    outcome.written = written;
    outcome.unchanged = unchanged;
    Ok(outcome)
}

/// Reads the project and returns every file to write, without writing anything.
pub fn plan(project: &Path) -> Result<(Plan, Outcome), Vec<Diagnostic>> {
    let edition = edition(project, &mut |_| {})?;
    Ok((edition.plan, edition.outcome))
}

/// One MkDocs project read and converted: the files to write and the outcome, with
/// where each page went and what the project says of itself.
struct Edition {
    plan: Plan,
    outcome: Outcome,
    layout: nav::Layout,
    /// `theme.language`, when set.
    language: Option<String>,
    site_name: String,
    site_description: Option<String>,
}

/// Reads and converts the project at `project`; `relayout` may move its pages
/// before they are converted (links follow them).
fn edition(
    project: &Path,
    relayout: &mut dyn FnMut(&mut nav::Layout),
) -> Result<Edition, Vec<Diagnostic>> {
    let config_path = find_config(project)?;
    let cfg_display = config_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mkdocs.yml".into());
    let cfg_text = fsutil::read_text(&config_path, &cfg_display).map_err(|d| vec![d])?;
    let docs_yaml = super::yaml::load(&cfg_display, &cfg_text).map_err(|d| vec![d])?;
    let Some(root) = docs_yaml.first() else {
        return Err(vec![
            Diagnostic::error("mkdocs", "mkdocs.yml is empty")
                .in_file(&cfg_display)
                .hint("an MkDocs config needs at least `site_name`"),
        ]);
    };
    let mut notes = Vec::new();
    let cfg = config::read(root, &cfg_text, &cfg_display, &mut notes);
    let docs_dir = docs_folder(&config_path, &cfg, &cfg_display)?;
    let (md, other) = walk_docs(&docs_dir, &cfg.docs_dir, &mut notes);
    let docs: Vec<String> = md.iter().map(|(rel, _)| rel.clone()).collect();
    let nav_node = super::yaml::get(root, "nav");
    let mut layout = nav::layout(&docs, nav_node, &cfg_display, &mut notes);
    relayout(&mut layout);
    let language =
        super::yaml::get(root, "theme").and_then(|t| super::yaml::get_text(t, "language"));

    let doc_set: HashSet<String> = docs.iter().cloned().collect();
    let file_set: HashSet<String> = other.iter().map(|(rel, _)| rel.clone()).collect();
    let resolver = resolve::Resolver {
        docs: &doc_set,
        files: &file_set,
        use_dir_urls: cfg.use_directory_urls,
        site_prefix: cfg.site_prefix.clone(),
    };
    let mut pages = convert_pages(&md, &layout, &cfg, &resolver, &mut notes)?;
    add_aliases(&mut pages, cfg.use_directory_urls);

    let mut plan = Plan::default();
    add_pages(&mut plan, &pages, &layout, &cfg, &mut notes);
    let copied = copy_files(&mut plan, &other, &cfg.docs_dir)?;
    plan.add(
        crate::config::CONFIG_FILE,
        config::ownbook_toml(&cfg, &file_set, &mut notes),
    );
    finish_notes(&mut notes);
    let outcome = Outcome {
        summary: format!(
            "{} page{}, {copied} other file{} and {} from {}",
            pages.len(),
            if pages.len() == 1 { "" } else { "s" },
            if copied == 1 { "" } else { "s" },
            crate::config::CONFIG_FILE,
            config_path.display()
        ),
        notes,
        outside_nav: outside_nav(&layout, &cfg.docs_dir),
        ..Outcome::default()
    };
    Ok(Edition {
        plan,
        outcome,
        layout,
        language,
        site_name: cfg.site_name,
        site_description: cfg.site_description,
    })
}

/// The docs folder the config names, which must exist.
fn docs_folder(
    config_path: &Path,
    cfg: &config::Config,
    cfg_display: &str,
) -> Result<PathBuf, Vec<Diagnostic>> {
    let base = config_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let docs_dir = base.join(&cfg.docs_dir);
    if !docs_dir.is_dir() {
        return Err(vec![
            Diagnostic::error(
                "mkdocs",
                format!("the docs folder `{}` does not exist", cfg.docs_dir),
            )
            .in_file(cfg_display)
            .hint("set `docs_dir` in mkdocs.yml to the folder holding the Markdown pages"),
        ]);
    }
    Ok(docs_dir)
}

/// Every page the layout places, converted, by its path in the docs folder; or the
/// pages that cannot be read.
fn convert_pages(
    md: &[DocFile],
    layout: &nav::Layout,
    cfg: &config::Config,
    resolver: &resolve::Resolver,
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, page::Page)>, Vec<Diagnostic>> {
    let project_ctx = page::Project {
        site_name: &cfg.site_name,
        emoji: cfg.emoji,
        resolver,
    };
    let mut pages: Vec<(String, page::Page)> = Vec::with_capacity(md.len());
    let mut errors = Vec::new();
    for (rel, abs) in md {
        let display = format!("{}/{rel}", cfg.docs_dir);
        let Some(placed) = layout.pages.get(rel) else {
            continue;
        };
        match fsutil::read_text(abs, &display) {
            Ok(text) => pages.push((
                rel.clone(),
                page::convert(rel, &display, &text, placed, &project_ctx, notes),
            )),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(pages)
}

/// Adds the content pages: every converted page with its links finished, then the
/// section pages the guide needs (home, folder indexes, sections the nav makes).
fn add_pages(
    plan: &mut Plan,
    pages: &[(String, page::Page)],
    layout: &nav::Layout,
    cfg: &config::Config,
    notes: &mut Vec<Diagnostic>,
) {
    let by_src: HashMap<String, &page::Page> = pages.iter().map(|(s, p)| (s.clone(), p)).collect();
    for (_, p) in pages {
        plan.add(
            format!("content/{}", p.dest),
            page::finish(p, &by_src, notes),
        );
    }
    if !layout.pages.values().any(|p| p.dest == "_index.md") {
        let mut home = format!("+++\ntitle = {}\n", super::toml_str(&cfg.site_name));
        if let Some(d) = &cfg.site_description {
            home.push_str(&format!("description = {}\n", super::toml_str(d)));
        }
        plan.add("content/_index.md", home + "+++\n");
    }
    for (dest, title) in folder_indexes(layout) {
        plan.add(
            format!("content/{dest}"),
            format!("+++\ntitle = {}\n+++\n", super::toml_str(&title)),
        );
    }
    for (dest, title, weight) in &layout.generated {
        plan.add(
            format!("content/{dest}"),
            format!(
                "+++\ntitle = {}\nweight = {weight}\n+++\n",
                super::toml_str(title)
            ),
        );
    }
}

/// Adds every other file of the docs folder, as it is; returns how many, or the
/// files that cannot be read.
fn copy_files(
    plan: &mut Plan,
    other: &[DocFile],
    docs_display: &str,
) -> Result<usize, Vec<Diagnostic>> {
    let mut copied = 0;
    let mut errors = Vec::new();
    for (rel, abs) in other {
        match std::fs::read(abs) {
            Ok(bytes) => {
                plan.add(format!("content/{}", paths::map_path(rel)), bytes);
                copied += 1;
            }
            Err(e) => errors.push(
                Diagnostic::error("io", format!("cannot read the file: {e}"))
                    .in_file(&format!("{docs_display}/{rel}")),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(copied)
}

/// Pages outside the nav, as (path in the project, path in the handbook).
fn outside_nav(layout: &nav::Layout, docs_display: &str) -> Vec<(String, String)> {
    layout
        .outside_nav
        .iter()
        .filter_map(|src| {
            layout.pages.get(src).map(|p| {
                (
                    format!("{docs_display}/{src}"),
                    format!("content/{}", p.dest),
                )
            })
        })
        .collect()
}

/// Old MkDocs URLs that differ from the new ones become aliases (redirect pages), as
/// long as no page or other alias already has that URL.
fn add_aliases(pages: &mut [(String, page::Page)], use_dir_urls: bool) {
    let mut taken: HashSet<String> = pages.iter().map(|(_, p)| p.url.clone()).collect();
    for (src, p) in pages.iter_mut() {
        let dir = paths::parent_dir(src);
        let name = &src[dir.len()..];
        let stem = name.trim_end_matches(".md");
        let old = match (use_dir_urls, name) {
            (_, "index.md" | "README.md") => dir.to_string(),
            (true, _) => format!("{dir}{stem}/"),
            (false, _) => format!("{dir}{stem}.html"),
        };
        if !old.is_empty() && old != p.url && taken.insert(old.clone()) {
            p.aliases.push(old);
        }
    }
}

/// `_index.md` files for folders that hold pages but have no index (pages outside
/// the nav, or no nav at all), so every folder is a section page with a title.
fn folder_indexes(layout: &nav::Layout) -> Vec<(String, String)> {
    let dests: Vec<&str> = layout
        .pages
        .values()
        .map(|p| p.dest.as_str())
        .chain(layout.generated.iter().map(|g| g.0.as_str()))
        .collect();
    let urls: HashSet<String> = dests.iter().map(|d| paths::url_of(d)).collect();
    let mut out: Vec<(String, String)> = Vec::new();
    for dest in &dests {
        let mut dir = paths::parent_dir(dest);
        while !dir.is_empty() {
            let index = format!("{dir}_index.md");
            let name = dir.trim_end_matches('/').rsplit('/').next().unwrap_or(dir);
            if !dests.contains(&index.as_str())
                && !urls.contains(&paths::url_of(&index))
                && !out.iter().any(|(d, _)| *d == index)
            {
                out.push((index, page::humanize(name)));
            }
            dir = paths::parent_dir(dir.trim_end_matches('/'));
        }
    }
    out
}

fn find_config(project: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    if project.is_file() {
        return Ok(project.to_path_buf());
    }
    for name in ["mkdocs.yml", "mkdocs.yaml"] {
        let p = project.join(name);
        if p.is_file() {
            return Ok(p);
        }
    }
    Err(vec![
        Diagnostic::error("mkdocs", format!("no mkdocs.yml in {}", project.display()))
            .hint("pass the folder that holds mkdocs.yml, or the path of the file itself"),
    ])
}

/// A file of the docs folder: its path relative to the folder, and on disk.
type DocFile = (String, PathBuf);

/// Markdown pages and other files of the docs folder, relative to it, sorted.
fn walk_docs(
    dir: &Path,
    docs_display: &str,
    notes: &mut Vec<Diagnostic>,
) -> (Vec<DocFile>, Vec<DocFile>) {
    let mut md = Vec::new();
    let mut other = Vec::new();
    let walked = crate::walk::Walk::new(dir).run();
    for problem in &walked.problems {
        // Symlinks are not followed here, so only unreadable paths are reported.
        if let crate::walk::Problem::Unreadable(path, err) = problem {
            let path = slash_path(path.strip_prefix(dir).unwrap_or(path));
            notes.push(note_at(
                &format!("{docs_display}/{path}"),
                0,
                0,
                format!("cannot be read ({err}); skipped"),
            ));
        }
    }
    for (path, rel) in walked.files {
        if rel.ends_with(".md") {
            md.push((rel, path));
            continue;
        }
        if [".markdown", ".mdown", ".mkdn", ".mkd"]
            .iter()
            .any(|x| rel.ends_with(x))
        {
            notes.push(note_at(
                &format!("{docs_display}/{rel}"),
                0,
                0,
                "copied as a file, not a page: rename it to .md to import it as a page",
            ));
        }
        other.push((rel, path));
    }
    (md, other)
}
