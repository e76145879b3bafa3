//! The build pipeline: pages, navigation, links, diagnostics, atomic output and
//! hostile input.

mod diagnostics;

use crate::support::*;

pub(super) fn guide_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Welcome to {{ org }}\"\n+++\nStart with [the lifecycle](guide/lifecycle.md#runtime).\n")
        .write("content/guide/_index.md", "+++\ntitle = \"Guide\"\nweight = 1\n+++\nThe guide.\n")
        .write(
            "content/guide/lifecycle.md",
            "+++\ntitle = \"Lifecycle\"\ndescription = \"How a service lives\"\nweight = 2\naliases = [\"old/lifecycle/\"]\n+++\n\
             ## Design\n\nText about {{ org }}.\n\n> [!WARNING]\n> Careful.\n\n## Runtime\n\n### Versioning\n\n\
             ```toml,linenos\nname = \"x\"\n```\n\nSee [escalation](escalation.md) and [top](#design).\n\n![diagram](img/flow.png)\n",
        )
        .write("content/guide/escalation.md", "+++\ntitle = \"Escalation\"\nweight = 3\n+++\n## Levels\n\nBack to [lifecycle](lifecycle.md).\n")
        .write("content/guide/img/flow.png", "png")
        .write("content/guide/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\nnot yet\n");
    site
}

#[test]
fn guide_pages_render_with_navigation() {
    let site = guide_site();
    site.build_ok();
    let doc = site.html("guide/lifecycle/index.html");
    assert_eq!(texts(&doc, "main h1"), vec!["Lifecycle"]);
    assert_eq!(texts(&doc, ".breadcrumbs li"), vec!["Home", "Guide"]);
    assert_eq!(
        texts(&doc, ".toc a"),
        vec!["Design", "Runtime", "Versioning"]
    );
    assert_eq!(
        texts(&doc, ".callout-warning .callout-title"),
        vec!["Warning"]
    );
    assert!(
        texts(&doc, ".content p")
            .iter()
            .any(|t| t == "Text about Acme.")
    );
    assert_eq!(
        attrs(&doc, ".content a[href*='escalation']", "href"),
        vec!["../escalation/index.html"]
    );
    assert_eq!(attrs(&doc, ".content img", "src"), vec!["../img/flow.png"]);
    assert_eq!(
        attrs(&doc, "nav.sidebar a[aria-current='page']", "href"),
        vec!["index.html"]
    );
    assert_eq!(texts(&doc, ".prev-next .prev"), vec!["Previous Guide"]);
    assert_eq!(texts(&doc, ".prev-next .next"), vec!["Next Escalation"]);
    assert_eq!(attrs(&doc, "h2#runtime a.anchor", "href"), vec!["#runtime"]);
    assert_eq!(
        texts(&doc, ".backlinks a"),
        vec!["Welcome to Acme", "Escalation"]
    );
    assert!(
        !attrs(&doc, "pre.code code span", "class").is_empty(),
        "code is highlighted with classes"
    );
    assert!(
        attrs(&doc, "[style]", "style").is_empty(),
        "no inline styles"
    );
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, ".content a", "href"),
        vec!["guide/lifecycle/index.html#runtime"]
    );
    assert!(
        !site.out().join("guide/draft/index.html").exists(),
        "drafts are skipped"
    );
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn urls_are_relative_so_the_site_works_from_disk_and_sub_paths() {
    let site = guide_site();
    site.build_ok();
    for file in [
        "index.html",
        "guide/index.html",
        "guide/lifecycle/index.html",
        "print.html",
    ] {
        let doc = site.html(file);
        for attr in ["href", "src"] {
            for v in attrs(&doc, &format!("[{attr}]"), attr) {
                assert!(!v.starts_with('/'), "{file}: root-absolute {attr}={v}");
            }
        }
    }
}

#[test]
fn extras_sitemap_print_aliases_and_drafts() {
    let site = guide_site();
    site.write("ownbook.toml", "title = \"T\"\norganization = \"Acme\"\nbase_url = \"https://intranet.example/eng/handbook\"\n");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://intranet.example/eng/handbook/guide/lifecycle/</loc>"),
        "{sitemap}"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://intranet.example/eng/handbook/sitemap.xml")
    );
    let alias = site.html("old/lifecycle/index.html");
    assert_eq!(
        attrs(&alias, "a", "href"),
        vec!["../../guide/lifecycle/index.html"]
    );
    let print = site.html("print.html");
    let titles = texts(&print, ".print-page > h1");
    assert_eq!(titles, vec!["Guide", "Lifecycle", "Escalation"]);
    assert!(
        attrs(&print, ".print-page a", "href")
            .iter()
            .any(|h| h.starts_with("#p")),
        "links between pages stay inside print.html"
    );
    assert!(
        broken_links(&site.out()).is_empty(),
        "{:#?}",
        broken_links(&site.out())
    );
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(site.out().join("guide/draft/index.html").exists());
}

#[test]
fn init_writes_a_buildable_handbook_anywhere() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("new-handbook");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(["init", dir.to_str().expect("utf8"), "--org", "Acme"])
        .current_dir(tmp.path())
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let config = std::fs::read_to_string(dir.join("ownbook.toml")).expect("config");
    assert!(config.contains("organization = \"Acme\""));
    assert!(dir.join("themes/default/templates/base.html").is_file());
    // Built from inside the new folder, with nothing else around it.
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .arg("build")
        .current_dir(&dir)
        .env("OWNBOOK_TODAY", "2026-11-22")
        .output()
        .expect("run");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let home = std::fs::read_to_string(dir.join("public/index.html")).expect("home page");
    assert!(home.contains("Acme Ownership Handbook") && !home.contains("Brightwater"));
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_ownbook"))
        .args(["init", dir.to_str().expect("utf8")])
        .output()
        .expect("run");
    assert_eq!(
        again.status.code(),
        Some(2),
        "a non-empty folder is refused"
    );
}

#[test]
fn crlf_and_bom_build_exactly_like_lf() {
    let lf = "+++\ntitle = \"Same\"\n+++\n## A\n\ntext\n\n```toml\na = 1\n```\n";
    let a = TestSite::new();
    a.write("content/page.md", lf);
    a.build_ok();
    let b = TestSite::new();
    b.write(
        "content/page.md",
        &format!("\u{feff}{}", lf.replace('\n', "\r\n")),
    );
    b.build_ok();
    assert_eq!(a.read("page/index.html"), b.read("page/index.html"));
}

#[test]
fn two_files_with_the_same_url_are_an_error_naming_both() {
    let site = TestSite::new();
    site.write("content/Foo Bar.md", "# One\n")
        .write("content/foo-bar.md", "# Two\n");
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    let msg = diags
        .iter()
        .find(|d| d["code"] == "duplicate-url")
        .map(|d| d["message"].to_string())
        .unwrap_or_default();
    assert!(
        msg.contains("content/Foo Bar.md") && msg.contains("content/foo-bar.md"),
        "{msg}"
    );
}

#[test]
fn heading_ids_are_unique_and_valid() {
    let site = TestSite::new();
    site.write(
        "content/p.md",
        "+++\ntitle = \"P\"\n+++\n## Setup\n## Setup\n## ???\n## Déjà vu\n## Custom {#my-id}\n",
    );
    site.build_ok();
    let ids = attrs(&site.html("p/index.html"), ".content h2", "id");
    assert_eq!(ids, vec!["setup", "setup-1", "section", "déjà-vu", "my-id"]);
}

#[test]
fn hostile_input_never_panics_or_hangs() {
    let site = TestSite::new();
    let deep_list: String = (0..10_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let headings: String = (0..5_000)
        .map(|i| format!("## Heading {}\n\ntext\n\n", i % 50))
        .collect();
    let big: String = "A paragraph with *emphasis* and `code`.\n\n".repeat(250_000);
    let inline: String = "*_[`".repeat(20_000);
    let nested_quotes = ">".repeat(10_000);
    site.write("content/deep.md", &format!("# Deep\n{deep_list}"))
        .write("content/headings.md", &format!("# Headings\n{headings}"))
        .write("content/big.md", &format!("# Big\n{big}"))
        .write(
            "content/inline.md",
            &format!("# Inline\n{inline}\n{nested_quotes} q\n"),
        )
        .write(
            "content/fence.md",
            "+++\ntitle = \"Fence\"\n+++\n```toml\n+++\ntitle = 1\n+++\n```\n",
        )
        .write(
            "content/longcode.md",
            &format!("# Long\n```rust\n{}\n```\n", "let x = \"a\";".repeat(5_000)),
        )
        .write("content/empty.md", "");
    std::fs::write(site.path().join("content/latin1.md"), b"# Caf\xe9\n").expect("write");
    let out = site.run(&["check", "--format", "json"]);
    let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    let found: Vec<_> = diags.iter().map(at).collect();
    assert!(
        found.contains(&("content/latin1.md".into(), 1, 6, "encoding".into())),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.0 == "content/empty.md" && d.3 == "front-matter"),
        "{found:?}"
    );
    // A code line too long to highlight is shown plain, with a warning at its fence.
    assert!(
        found.contains(&("content/longcode.md".into(), 2, 4, "plain-code".into())),
        "{found:?}"
    );
    assert_eq!(
        found.len(),
        3,
        "only the two bad files and the plain code block are reported: {found:?}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_handbook_are_not_followed_and_loops_end() {
    let site = guide_site();
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(outside.path().join("secret.md"), "# Secret\n").expect("write");
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/outside"))
        .expect("symlink");
    std::os::unix::fs::symlink(
        site.path().join("content"),
        site.path().join("content/guide/loop"),
    )
    .expect("symlink");
    let (diags, code) = site.check_json();
    let found: Vec<_> = diags.iter().map(at).collect();
    assert!(
        found.contains(&("content/outside".into(), 0, 0, "symlink".into())),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|d| d.0 == "content/guide/loop" && d.3 == "symlink"),
        "{found:?}"
    );
    assert_eq!(code, 0, "symlink problems are warnings");
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let site = guide_site();
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.nosuch }}</p>\n{% endblock main %}\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("page.html:3:12"), "{stderr}");
    assert!(stderr.contains("Field `nosuch` is not defined"), "{stderr}");
    // Overriding one template leaves the others (section, home) working.
    site.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}\n");
    site.build_ok();
    assert_eq!(
        texts(&site.html("guide/lifecycle/index.html"), "p.custom"),
        vec!["Lifecycle"]
    );
    assert_eq!(
        texts(&site.html("guide/index.html"), "main h1"),
        vec!["Guide"]
    );
}

#[test]
fn last_updated_comes_from_git_and_front_matter_wins() {
    let site = guide_site();
    site.write(
        "content/guide/dated.md",
        "+++\ntitle = \"Dated\"\nupdated = 2025-01-02\n+++\ntext\n",
    );
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(site.path())
            .env("GIT_COMMITTER_DATE", "2026-03-04T10:00:00Z")
            .env("GIT_AUTHOR_DATE", "2026-03-04T10:00:00Z")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&[
        "-c",
        "user.name=T",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "x",
    ]);
    site.build_ok();
    assert_eq!(
        texts(&site.html("guide/lifecycle/index.html"), ".page-meta p"),
        vec!["Last updated 2026-03-04"]
    );
    assert_eq!(
        texts(&site.html("guide/dated/index.html"), ".page-meta p"),
        vec!["Last updated 2025-01-02"]
    );
}

/// Regression: a folder without `_index.md` used to get breadcrumb and sidebar links
/// to a page that did not exist.
#[test]
fn folders_without_an_index_get_a_generated_section_page() {
    let site = TestSite::new();
    site.write(
        "content/runbooks/payments/refunds.md",
        "+++\ntitle = \"Refunds\"\n+++\ntext\n",
    )
    .write(
        "content/runbooks/payments/chargebacks.md",
        "+++\ntitle = \"Chargebacks\"\n+++\ntext\n",
    );
    site.build_ok();
    let page = site.html("runbooks/payments/refunds/index.html");
    assert_eq!(
        texts(&page, ".breadcrumbs li"),
        vec!["Home", "Runbooks", "Payments"]
    );
    let section = site.html("runbooks/payments/index.html");
    assert_eq!(texts(&section, "main h1"), vec!["Payments"]);
    assert_eq!(
        texts(&section, ".section-list li a"),
        vec!["Chargebacks", "Refunds"]
    );
    assert_eq!(
        texts(&site.html("runbooks/index.html"), ".section-list li a"),
        vec!["Payments"]
    );
    let broken = broken_links(&site.out());
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The text of each `.print-page` section's headings below its title, in order
/// (without the `#` permalink).
fn print_sections(print: &scraper::Html) -> Vec<Vec<String>> {
    let section = scraper::Selector::parse(".print-page").expect("selector");
    let heading = scraper::Selector::parse("h2").expect("selector");
    print
        .select(&section)
        .map(|s| {
            s.select(&heading)
                .map(|h| {
                    h.text()
                        .collect::<String>()
                        .trim()
                        .trim_end_matches('#')
                        .to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn print_puts_each_page_in_its_own_section_whatever_the_template_does() {
    let site = guide_site();
    site.build_ok();
    let expected = vec![
        vec![],
        vec!["Design".to_string(), "Runtime".to_string()],
        vec!["Levels".to_string()],
    ];
    assert_eq!(print_sections(&site.html("print.html")), expected);

    // A template that shows each page's content twice (and so cannot be filled in
    // page by page) still gets every page's content, in its place.
    site.write(
        "templates/print.html",
        "{% extends \"base.html\" %}{% block main %}{% for p in pages %}<section class=\"print-page\">{{ p.content | safe }}{{ p.content | safe }}</section>{% endfor %}{% endblock main %}",
    );
    site.build_ok();
    let doubled: Vec<Vec<String>> = expected
        .iter()
        .map(|hs| hs.iter().chain(hs).cloned().collect())
        .collect();
    assert_eq!(print_sections(&site.html("print.html")), doubled);
}
