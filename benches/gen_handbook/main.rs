//! Generates a deterministic N-page handbook for benchmarks, in ownbook's layout or as
//! the same pages for Hugo or mdBook, so that every tool builds identical Markdown.
//!
//! ```text
//! cargo run --release --example gen_handbook -- --pages 1000 --out /tmp/hb [--services 500]
//!     [--format ownbook|hugo|mdbook] [--folder-size 50] [--seed 1] [--catalog-only]
//! ```
//!
//! The corpus: 20 top-level sections; a section with more than `--folder-size` pages is
//! split into sub-folders of at most that many pages (real handbooks nest, and a flat
//! folder of thousands of pages would make every tool's sidebar quadratic). Each page
//! is about 4 KB of Markdown: h2/h3 headings, lists, one table, one or two ~16-line code
//! blocks (rust, toml, yaml or bash) and 2-4 relative `.md` links to other pages, some
//! with the `#anchor` of a real heading there. `--services M` adds a catalog of M
//! services and M/10 teams (acyclic dependencies). `--catalog-only` writes only the
//! catalog into an existing handbook.

mod catalog;
mod peers;
mod rng;
mod text;

use clap::{Parser, ValueEnum};
use rng::Rng;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Ownbook,
    Hugo,
    Mdbook,
}

#[derive(Parser)]
#[command(about = "Generate a deterministic benchmark handbook")]
struct Args {
    /// Number of regular pages (section index pages come on top).
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// Output folder; must not hold a `content/` or `src/` folder yet.
    #[arg(long)]
    out: PathBuf,
    /// Services in the catalog (teams: one per ten services). ownbook format only.
    #[arg(long, default_value_t = 0)]
    services: usize,
    #[arg(long, value_enum, default_value_t = Format::Ownbook)]
    format: Format,
    /// Most pages per folder before a section is split into sub-folders (0 = flat).
    #[arg(long, default_value_t = 50)]
    folder_size: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write only content/services and content/teams into an existing handbook.
    #[arg(long)]
    catalog_only: bool,
}

/// A folder of the corpus: a top-level section or one of its sub-folders.
pub struct Folder {
    /// Content-relative folder with a trailing `/`: `incident-response/part-02/`.
    pub dir: String,
    pub title: String,
    pub description: String,
    pub weight: usize,
    /// Depth: 1 for a top-level section, 2 for a sub-folder.
    pub depth: usize,
}

/// A planned page: everything other pages need to link to it.
pub struct PagePlan {
    /// Content-relative path: `incident-response/part-02/paging-caches-0042.md`.
    pub path: String,
    pub folder: usize,
    pub title: String,
    pub description: String,
    pub weight: usize,
    /// (level, text) of every heading, in order; texts are unique in the page.
    pub headings: Vec<(u8, String)>,
}

pub struct Plan {
    pub folders: Vec<Folder>,
    pub pages: Vec<PagePlan>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_handbook: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let out = &args.out;
    if args.catalog_only {
        if args.format != Format::Ownbook {
            return Err("--catalog-only needs --format ownbook".into());
        }
        catalog::write_catalog(&out.join("content"), args.services, args.seed)?;
        println!("wrote {} services into {}", args.services, out.display());
        return Ok(());
    }
    for existing in ["content", "src"] {
        if out.join(existing).exists() {
            return Err(format!(
                "{} already holds `{existing}/`; pick an empty folder",
                out.display()
            ));
        }
    }
    let plan = plan(args.pages, args.folder_size, args.seed);
    match args.format {
        Format::Ownbook => {
            write_pages(&out.join("content"), &plan, args.seed, Format::Ownbook)?;
            write(&out.join("ownbook.toml"), peers::OWNBOOK_TOML)?;
            catalog::write_catalog(&out.join("content"), args.services, args.seed)?;
        }
        Format::Hugo => {
            write_pages(&out.join("content"), &plan, args.seed, Format::Hugo)?;
            peers::write_hugo_site(out)?;
        }
        Format::Mdbook => {
            write_pages(&out.join("src"), &plan, args.seed, Format::Mdbook)?;
            peers::write_mdbook_site(out, &plan)?;
        }
    }
    println!(
        "wrote {} pages in {} folders to {}",
        plan.pages.len(),
        plan.folders.len(),
        out.display()
    );
    Ok(())
}

/// Decides folders, page paths, titles and headings before any text is written, so
/// that links can point at pages and headings that exist.
fn plan(pages: usize, folder_size: usize, seed: u64) -> Plan {
    let mut rng = Rng::new(seed ^ 0x5eed_f01d);
    let mut folders = Vec::new();
    let mut planned = Vec::with_capacity(pages);
    let sections = text::SECTIONS.len();
    for (s, (slug, title)) in text::SECTIONS.iter().enumerate() {
        // Spread pages evenly; the first sections take the remainder.
        let count = pages / sections + usize::from(s < pages % sections);
        let top = folders.len();
        folders.push(Folder {
            dir: format!("{slug}/"),
            title: (*title).to_string(),
            description: text::sentence(&mut rng, 14),
            weight: (s + 1) * 10,
            depth: 1,
        });
        let split = folder_size > 0 && count > folder_size;
        let mut folder = top;
        for i in 0..count {
            if split && i % folder_size == 0 {
                let part = i / folder_size + 1;
                let topic = text::title(&mut rng, 2);
                folders.push(Folder {
                    dir: format!("{slug}/part-{part:03}/"),
                    title: format!("Part {part}: {topic}"),
                    description: text::sentence(&mut rng, 12),
                    weight: part * 10,
                    depth: 2,
                });
                folder = folders.len() - 1;
            }
            let n = planned.len();
            let words = 3 + rng.below(3);
            let title = text::title(&mut rng, words);
            let stem = format!("{}-{n:05}", fsutil_slug(&title));
            planned.push(PagePlan {
                path: format!("{}{stem}.md", folders[folder].dir),
                folder,
                description: text::sentence(&mut rng, 16),
                weight: (if split { i % folder_size } else { i } + 1) * 10,
                headings: text::headings(&mut rng),
                title,
            });
        }
    }
    Plan {
        folders,
        pages: planned,
    }
}

/// The slug every tool derives from our ASCII headings: lowercase words joined by `-`.
pub fn fsutil_slug(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The relative path from the folder `from_dir` (trailing `/`) to the file `to`.
pub fn relative(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let dirs = &to_parts[..to_parts.len() - 1];
    let common = from.iter().zip(dirs).take_while(|(a, b)| a == b).count();
    let mut s = "../".repeat(from.len() - common);
    s.push_str(&to_parts[common..].join("/"));
    s
}

fn write_pages(root: &Path, plan: &Plan, seed: u64, format: Format) -> Result<(), String> {
    let index_name = if format == Format::Mdbook {
        "index.md"
    } else {
        "_index.md"
    };
    let home = if format == Format::Mdbook {
        "index.md"
    } else {
        "_index.md"
    };
    write(
        &root.join(home),
        &text::home_page(plan, index_name, format == Format::Mdbook),
    )?;
    for f in &plan.folders {
        let body = text::folder_page(f, plan, format == Format::Mdbook);
        write(&root.join(&f.dir).join(index_name), &body)?;
    }
    for (i, _) in plan.pages.iter().enumerate() {
        let mut rng = Rng::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ i as u64);
        let body = text::page(&mut rng, plan, i, format == Format::Mdbook);
        write(&root.join(&plan.pages[i].path), &body)?;
    }
    Ok(())
}

pub fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
