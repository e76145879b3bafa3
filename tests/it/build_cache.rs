//! The persistent build cache (`.ownbook-cache/`): a build that reuses it writes the
//! very bytes a build without it writes, after every kind of edit, and a cache that
//! another ownbook wrote or that is damaged is never used.

use crate::support::{TestSite, repo_root, texts, tree};
use std::collections::BTreeMap;
use std::path::Path;

/// Builds with the cache (into public/) and without (into cold/), asserts both
/// succeed with the same output, and returns the cache's (reused, rendered) counts
/// and the cached build's stderr.
pub(crate) fn build_both(site: &TestSite) -> ((usize, usize), String) {
    let warm = site.run(&["build", "--timings"]);
    let stderr = String::from_utf8_lossy(&warm.stderr).into_owned();
    assert!(warm.status.success(), "cached build failed:\n{stderr}");
    let cold = site.run(&["build", "--no-cache", "--out", "cold"]);
    assert!(
        cold.status.success(),
        "{}",
        String::from_utf8_lossy(&cold.stderr)
    );
    let (cached, fresh) = (tree(&site.out()), tree(&site.path().join("cold")));
    assert_eq!(
        cached.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &cached {
        assert!(
            fresh[path] == *bytes,
            "{path} differs from a build without cache"
        );
    }
    (cache_use(&stderr), stderr)
}

/// The counts of the `Build cache:` line of `--timings`.
fn cache_use(stderr: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Build cache: "))
        .unwrap_or_else(|| panic!("no cache line in:\n{stderr}"));
    let numbers: Vec<usize> = line
        .split_whitespace()
        .filter_map(|w| w.trim_end_matches(',').parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn edit(site: &TestSite, rel: &str, change: impl FnOnce(String) -> String) {
    let path = site.path().join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, change(text)).expect("write");
}

#[test]
fn cached_builds_equal_builds_without_cache_after_each_kind_of_edit() {
    let site = TestSite::bundled();
    let page_template = repo_root().join("themes/default/templates/page.html");
    let template = std::fs::read_to_string(page_template).expect("page template");
    site.write("templates/page.html", &template);
    site.write("static/files/note.txt", "first\n");

    let ((reused, rendered), _) = build_both(&site);
    assert_eq!(reused, 0, "an empty cache has nothing to reuse");
    let pages = rendered;
    assert!(pages > 10);
    let ((reused, _), _) = build_both(&site);
    assert_eq!(reused, pages, "an unchanged site reuses every page");
    assert!(site.path().join(".ownbook-cache/.gitignore").is_file());

    edit(&site, "content/guide/glossary.md", |t| {
        t + "\n## Cache\n\nA new term.\n\n```rust\nfn main() {}\n```\n"
    });
    let ((reused, rendered), _) = build_both(&site);
    assert_eq!((reused, rendered), (pages - 1, 1), "one page changed");

    edit(&site, "templates/page.html", |t| {
        t.replace("</article>", "<p>from the template</p></article>")
    });
    build_both(&site);
    edit(&site, "content/services/api-gateway.toml", |t| {
        t.replace("name = \"API Gateway\"", "name = \"Edge Gateway\"")
    });
    build_both(&site);
    edit(&site, "ownbook.toml", |t| {
        t.replace(
            "organization = \"Brightwater\"",
            "organization = \"Cachewater\"",
        )
    });
    build_both(&site);
    site.write("static/files/note.txt", "second, longer\n");
    build_both(&site);
}

/// The headings of the guide section's print file, as a reader's browser sees them
/// (without the `#` of their anchor links).
fn print_headings(site: &TestSite) -> Vec<String> {
    let headings = texts(&site.html("print-guide.html"), ".print-page h2");
    (headings.iter())
        .map(|h| h.trim_end_matches('#').trim_end().to_string())
        .collect()
}

/// Warm builds take unchanged print files and pages' search terms from the cache:
/// after editing a page, the print template and ownbook.toml they still write what
/// a build without cache writes.
#[test]
fn print_files_and_search_terms_from_the_cache_follow_page_template_and_config_edits() {
    let site = TestSite::bundled();
    let print_template = repo_root().join("themes/default/templates/print.html");
    let template = std::fs::read_to_string(print_template).expect("print template");
    site.write("templates/print.html", &template);
    build_both(&site);
    let ((_, rendered), _) = build_both(&site);
    assert_eq!(rendered, 0, "everything from the cache");
    let headings = print_headings(&site);
    assert!(!headings.is_empty());

    edit(&site, "content/guide/glossary.md", |t| {
        t + "\n## Cached Zanzibar\n\nA word only this edit brings: quetzalcoatl.\n"
    });
    build_both(&site);
    let edited = print_headings(&site);
    assert!(
        edited.contains(&"Cached Zanzibar".to_string()),
        "{edited:?}"
    );
    assert_eq!(edited.len(), headings.len() + 1);

    edit(&site, "templates/print.html", |t| {
        t.replace(
            "<article class=\"print-book\">",
            "<article class=\"print-book\"><p class=\"from-template\">Printed</p>",
        )
    });
    build_both(&site);
    let marks = texts(&site.html("print-guide.html"), "p.from-template");
    assert_eq!(
        marks,
        ["Printed"],
        "the template edit reaches the print file"
    );

    edit(&site, "ownbook.toml", |t| {
        t.replace(
            "organization = \"Brightwater\"",
            "organization = \"Cachewater\"",
        )
    });
    build_both(&site);
    // Back to the page's first text (the organization's name shows in a heading).
    edit(&site, "content/guide/glossary.md", |t| {
        t.split("\n## Cached Zanzibar")
            .next()
            .unwrap_or_default()
            .to_string()
    });
    build_both(&site);
    let ((_, rendered), _) = build_both(&site);
    assert_eq!(rendered, 0);
    let back = print_headings(&site);
    assert!(!back.contains(&"Cached Zanzibar".to_string()), "{back:?}");
    assert_eq!(back.len(), headings.len());
}

/// The cache entries a build filed for an edit (the page's, its print files' and
/// the search terms of its run of pages among them) are reported and rebuilt when
/// damaged, never served: the next build still writes a cold build's bytes.
#[test]
fn damaged_print_and_search_entries_are_rebuilt_never_served() {
    let site = TestSite::bundled();
    build_both(&site);
    let entries = site.path().join(".ownbook-cache/pages");
    let names = |dir: &Path| -> std::collections::BTreeSet<std::ffi::OsString> {
        let list = std::fs::read_dir(dir).expect("entries");
        list.map(|e| e.expect("entry").file_name()).collect()
    };
    let before = names(&entries);
    edit(&site, "content/guide/glossary.md", |t| {
        t + "\n## Damage\n\nA section filed by this build only.\n"
    });
    build_both(&site);
    let filed: Vec<_> = names(&entries).difference(&before).cloned().collect();
    // The page and its Markdown, the guide's print file and print.html (the
    // bundled handbook is small enough to print at once), the run's search terms.
    assert!(filed.len() >= 5, "{filed:?}");
    for name in &filed {
        let path = entries.join(name);
        let mut bytes = std::fs::read(&path).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&path, bytes).expect("damage");
    }
    let (_, stderr) = build_both(&site);
    let reported = stderr.matches("damaged build cache entry").count();
    assert_eq!(
        reported,
        filed.len(),
        "each damaged entry is reported:\n{stderr}"
    );
    let (_, stderr) = build_both(&site);
    assert!(!stderr.contains("damaged"), "and filed again:\n{stderr}");
}

/// Runs the binary in the site on the day `today`.
fn run_on(site: &TestSite, today: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(args)
        .current_dir(site.path())
        .env("OWNBOOK_TODAY", today)
        .output()
        .expect("run ownbook")
}

/// The search index, print pages and pages' Markdown come out of a cached build as
/// out of a build without cache after an edit, and the new day re-renders only the
/// pages whose review fell due (their Markdown still comes from the cache).
#[test]
fn search_print_and_review_state_follow_edits_and_the_date() {
    let site = TestSite::bundled();
    site.write(
        "content/guide/reviewed.md",
        "+++\ntitle = \"Reviewed\"\nreviewed = 2026-11-01\nreview_every = 30\n+++\n\nA page with a review date.\n",
    );
    let ((_, pages), _) = build_both(&site);
    edit(&site, "content/guide/glossary.md", |t| {
        t + "\n## Zanzibar\n\nA word only this edit brings: quetzalcoatl.\n"
    });
    let ((reused, rendered), _) = build_both(&site);
    assert_eq!((reused, rendered), (pages - 1, 1));
    let search = tree(&site.out().join("search"));
    assert!(
        search
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("quetzalcoatl")),
        "the edit reaches the search index"
    );

    // A month later the page's review is overdue: its HTML changes, its Markdown is
    // reused, and the output is a build's without cache on that day.
    let later = "2026-12-24";
    let before = std::fs::read(site.out().join("guide/reviewed/index.html")).expect("page");
    let warm = run_on(&site, later, &["build", "--timings"]);
    let stderr = String::from_utf8_lossy(&warm.stderr).into_owned();
    assert!(warm.status.success(), "{stderr}");
    assert_eq!(cache_use(&stderr), (pages, 0), "no Markdown shows the date");
    let cold = run_on(&site, later, &["build", "--no-cache", "--out", "cold"]);
    assert!(cold.status.success());
    assert_eq!(tree(&site.out()), tree(&site.path().join("cold")));
    let after = std::fs::read(site.out().join("guide/reviewed/index.html")).expect("page");
    assert_ne!(before, after, "the overdue review shows on the page");
}

/// Unchanged files are taken over from the previous output, but a file edited there
/// by hand is written again, and a failed build leaves the previous output as it was.
#[test]
fn the_previous_output_is_reused_only_where_unchanged_and_survives_a_failed_build() {
    let site = TestSite::bundled();
    build_both(&site);
    let page = site.out().join("guide/glossary/index.html");
    let original = std::fs::read(&page).expect("page");
    std::fs::write(&page, "edited in the output by hand").expect("edit output");
    build_both(&site);
    assert_eq!(std::fs::read(&page).expect("page"), original);

    let before = tree(&site.out());
    site.write(
        "content/guide/broken.md",
        "+++\ntitle = \"Broken\"\n+++\n\n[a link to nowhere](nope.md)\n",
    );
    let failed = site.run(&["build"]);
    assert!(!failed.status.success(), "the broken page fails the build");
    assert_eq!(
        tree(&site.out()),
        before,
        "the previous output is untouched"
    );
}

/// The build after a first build has no kept output: it starts from links to the
/// files of the current output, and never changes them through those links, whether
/// it fails or succeeds.
#[test]
fn the_build_after_a_first_build_leaves_the_output_it_links_to_untouched() {
    let site = TestSite::bundled();
    let first = site.run(&["build"]);
    assert!(first.status.success());
    let before = tree(&site.out());
    let page = "guide/glossary/index.html";
    edit(&site, "content/guide/glossary.md", |t| {
        t + "\n## Linked\n\nA section the second build adds.\n"
    });
    site.write(
        "content/guide/broken.md",
        "+++\ntitle = \"Broken\"\n+++\n\n[a link to nowhere](nope.md)\n",
    );
    let failed = site.run(&["build"]);
    assert!(!failed.status.success(), "the broken page fails the build");
    assert_eq!(tree(&site.out()), before, "the output is untouched");

    site.remove("content/guide/broken.md");
    build_both(&site);
    let kept = tree(&site.path().join(".ownbook-cache/output"));
    assert!(
        kept[page] == before[page],
        "the replaced output, kept in the cache, is still the first build's"
    );
    let headings = texts(&site.html(page), "h2");
    assert!(
        headings.iter().any(|h| h.starts_with("Linked")),
        "{headings:?}"
    );
    #[cfg(unix)]
    {
        // An unchanged file is one file shared by both: it was linked, not written.
        use std::os::unix::fs::MetadataExt;
        let css = before
            .keys()
            .find(|p| p.ends_with(".css"))
            .expect("a stylesheet");
        let inode = |dir: &Path| std::fs::metadata(dir.join(css)).expect("css").ino();
        let cache = site.path().join(".ownbook-cache/output");
        assert_eq!(inode(&site.out()), inode(&cache), "{css}");
    }
}

/// A CI runner starts with the cache restored, kept output included, but without
/// the output folder. Its build starts from the kept copy and keeps links to what it
/// publishes, so that the cache the runner saves lets the next run write only what
/// changed too, run after run.
#[cfg(unix)]
#[test]
fn a_fresh_checkout_with_its_cache_restored_keeps_a_copy_for_the_next_run() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::bundled();
    build_both(&site);
    build_both(&site);
    let kept = site.path().join(".ownbook-cache/output");
    let css = tree(&kept)
        .into_keys()
        .find(|p| p.ends_with(".css"))
        .expect("a stylesheet in the kept copy");
    let inode = |dir: &Path| std::fs::metadata(dir.join(&css)).expect("css").ino();
    for run in ["First", "Second"] {
        let restored = inode(&kept);
        std::fs::remove_dir_all(site.out()).expect("a fresh checkout has no output");
        edit(&site, "content/guide/glossary.md", |t| {
            format!("{t}\n## {run} run\n\nAdded before the {run} run.\n")
        });
        build_both(&site);
        assert_eq!(
            inode(&site.out()),
            restored,
            "{run} run: the unchanged {css} came from the restored copy, not written"
        );
        assert!(kept.is_dir(), "{run} run: the cache keeps a copy again");
        assert_eq!(tree(&kept), tree(&site.out()), "{run} run");
        assert_eq!(inode(&kept), inode(&site.out()), "{run} run: linked");
    }
}

/// The search index names its chunks by a hash of the whole index, so an edit
/// renames every one of them; a chunk whose bytes did not change is linked to its
/// earlier version instead of being written again, in the build after a first
/// build (which starts from links to the output) and in the one after that (which
/// starts from the kept copy), and the output stays a cold build's.
#[cfg(unix)]
#[test]
fn search_chunks_renamed_with_the_same_bytes_are_linked_not_written() {
    use std::os::unix::fs::MetadataExt;
    // Each document chunk's bytes, with its name and file (inode).
    let chunks = |dir: &Path| -> BTreeMap<Vec<u8>, (String, u64)> {
        let folder = dir.join("search/d");
        let entries = std::fs::read_dir(&folder).expect("search/d");
        entries
            .map(|entry| {
                let path = entry.expect("entry").path();
                let name = path.file_name().expect("name").to_string_lossy().into();
                let inode = std::fs::metadata(&path).expect("chunk").ino();
                (std::fs::read(&path).expect("chunk"), (name, inode))
            })
            .collect()
    };
    let site = TestSite::bundled();
    build_both(&site);
    let kept = site.path().join(".ownbook-cache/output");
    // The build after a first build starts from links to the output; the one after
    // that from the kept copy (the output two builds back).
    for (round, start) in [("links to the output", site.out()), ("the kept copy", kept)] {
        let before = chunks(&start);
        edit(&site, "content/guide/glossary.md", |t| {
            format!("{t}\n## Edited\n\nA build that starts from {round}.\n")
        });
        build_both(&site);
        let after = chunks(&site.out());
        let mut linked = 0;
        for (bytes, (name, inode)) in &after {
            let Some((earlier, earlier_inode)) = before.get(bytes) else {
                continue;
            };
            assert_ne!(name, earlier, "the index's version is in every name");
            assert_eq!(inode, earlier_inode, "{name} was written anew ({round})");
            linked += 1;
        }
        assert!(linked > 0, "no chunk kept its bytes ({round})");
    }
}

#[test]
fn a_cache_from_another_ownbook_is_never_read() {
    let site = TestSite::bundled();
    build_both(&site);
    let cache = site.path().join(".ownbook-cache");
    std::fs::write(cache.join("stamp"), "ownbook 0.0.0 another\n").expect("stamp");
    // Were any entry read, these would be reported as damaged.
    for entry in std::fs::read_dir(cache.join("pages")).expect("entries") {
        std::fs::write(entry.expect("entry").path(), "damaged").expect("damage");
    }
    let ((reused, _), stderr) = build_both(&site);
    assert_eq!(reused, 0);
    assert!(!stderr.contains("damaged"), "{stderr}");
}

#[test]
fn a_damaged_cache_entry_is_a_warning_and_is_rebuilt() {
    let site = TestSite::bundled();
    let ((_, pages), _) = build_both(&site);
    // Every entry (a page's and its exported Markdown's), so that which one the
    // folder lists first does not matter.
    let entries = site.path().join(".ownbook-cache/pages");
    for entry in std::fs::read_dir(&entries).expect("entries") {
        let path = entry.expect("entry").path();
        let mut bytes = std::fs::read(&path).expect("read");
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        std::fs::write(&path, bytes).expect("damage");
    }
    let ((reused, rendered), stderr) = build_both(&site);
    assert_eq!(
        (reused, rendered),
        (0, pages),
        "the damaged pages are rendered again"
    );
    assert!(stderr.contains("warning"), "{stderr}");
    let ((_, rendered), _) = build_both(&site);
    assert_eq!(rendered, 0, "and filed again");
}

#[test]
fn cache_dir_moves_the_cache_and_no_cache_leaves_none() {
    let site = TestSite::bundled();
    let out = site.run(&["build", "--no-cache"]);
    assert!(out.status.success());
    assert!(!site.path().join(".ownbook-cache").exists());
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let dir = elsewhere.path().join("c");
    let dir_arg = dir.to_string_lossy().into_owned();
    let out = site.run(&["build", "--cache-dir", &dir_arg]);
    assert!(out.status.success());
    assert!(dir.join("pages").is_dir());
    assert!(!site.path().join(".ownbook-cache").exists());
}

/// Issue 18: the progress bar is for terminals only; piped stderr (CI logs, scripts)
/// gets exactly what it got before, however long the build takes.
#[test]
fn piped_stderr_gets_no_progress_bar_or_summary() {
    let site = TestSite::bundled();
    let out = site.build_cached_ok();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\r') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    assert!(!stderr.contains("Slowest phases"), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("Built "), "{stderr}");
}
