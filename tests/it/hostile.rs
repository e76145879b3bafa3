//! Hostile input, as a careless editor or a hostile contributor would write it: each
//! case builds in time linear in its size, gets one clear message naming the file,
//! line and column (asserted word for word), the right exit code, and a failed build
//! leaves the previous output exactly as it was.

use crate::support::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A small handbook that builds, built once, with what its output looked like.
fn built_site() -> (TestSite, BTreeMap<String, Vec<u8>>) {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nSee [the guide](guide/_index.md).\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\n## Start\n\nRead on.\n",
    );
    site.build_ok();
    let before = snapshot(&site.out());
    (site, before)
}

/// Builds `site`, which must fail, and checks that the output folder did not change.
fn fails_and_keeps_output(site: &TestSite, before: &BTreeMap<String, Vec<u8>>) -> String {
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        &snapshot(&site.out()),
        before,
        "a failed build changed the output"
    );
    stderr(&out)
}

/// The known superlinear Markdown shapes (pulldown-cmark issues #82, #251, #255, #934,
/// #1076 and relatives), 300 KB each.
const PATTERNS: &[(&str, &str)] = &[
    ("brackets", "["),
    ("nested-brackets", "[["),
    ("link-open", "[a](<b"),
    ("link-dest", "[a](b "),
    ("link-title", "[a](b \""),
    ("images", "!["),
    ("backticks", "`"),
    ("backtick-runs", "` `` ``` "),
    ("emphasis", "*_"),
    ("strong", "**a"),
    ("quotes", ">"),
    ("autolinks", "<http://a"),
    ("html", "<a "),
    ("entities", "&#"),
    ("reference-definitions", "[a]: b\n"),
    ("tables", "|a"),
    ("code-fences", "```x\n```\n"),
    ("org-braces", "{{ "),
];

#[test]
fn superlinear_markdown_shapes_build_in_linear_time() {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nHostile pages.\n",
    );
    for (name, unit) in PATTERNS {
        let body: String = unit.repeat(300_000 / unit.len() + 1)[..300_000].to_string();
        site.write(
            &format!("content/{name}.md"),
            &format!("+++\ntitle = \"{name}\"\n+++\n{body}\n"),
        );
    }
    let started = Instant::now();
    let out = site.run(&["build"]);
    let took = started.elapsed();
    assert!(out.status.success(), "{}", stderr(&out));
    // 0.7 s in a release build on 2 cores, 4 s in this debug build; a quadratic step
    // takes minutes.
    assert!(took < Duration::from_secs(60), "took {took:?}");
    // 33,334 unknown-language blocks on one page: 20 are listed, the rest counted.
    let err = stderr(&out);
    assert!(
        err.contains("warning[unknown-language]: 33313 more `unknown-language` problems in this file are not listed\n  --> content/code-fences.md\n"),
        "{err}"
    );
    assert_eq!(
        err.matches("--> content/code-fences.md:").count(),
        20,
        "{err}"
    );
}

#[test]
fn a_file_lists_twenty_problems_of_a_kind_and_counts_the_rest() {
    let (site, before) = built_site();
    let links = "[x](missing.md) ".repeat(30_000);
    site.write(
        "content/guide/links.md",
        &format!("+++\ntitle = \"Links\"\n+++\n{links}\n"),
    );
    let started = Instant::now();
    let err = fails_and_keeps_output(&site, &before);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(
        err.contains("error[broken-link]: 29980 more `broken-link` problems in this file are not listed\n  --> content/guide/links.md\n  = hint: fix the first 20 and build again to see the rest\n"),
        "{err}"
    );
    assert_eq!(err.matches("--> content/guide/links.md:4:").count(), 20);
    // A long line is shown around the problem, not whole.
    assert!(
        err.lines()
            .any(|l| l.starts_with("4 | …") && l.ends_with('…')),
        "{err}"
    );
    assert!(err.lines().all(|l| l.chars().count() < 200), "{err}");
}

#[test]
fn code_too_large_to_highlight_is_plain_with_a_warning_at_its_fence() {
    let site = TestSite::new();
    let code = "let x = 1;\n".repeat(30_000);
    site.write(
        "content/_index.md",
        &format!("+++\ntitle = \"Home\"\n+++\nBig:\n\n```rust\n{code}```\n"),
    );
    let out = site.build_ok();
    assert_eq!(
        stderr(&out).split("\n\n").next().unwrap_or_default(),
        "warning[plain-code]: this code block is too large to highlight (322 KB, or a line over 8 KB); it is shown as plain text\n  --> content/_index.md:6:4\n  |\n6 | ```rust\n  |    ^^^^\n  = hint: split the block, or mark it ```text if colours do not matter"
    );
    let html = site.read("index.html");
    assert!(html.contains("let x = 1;"));
    let doc = site.html("index.html");
    let spans = scraper::Selector::parse("pre.code span").expect("selector");
    assert_eq!(
        doc.select(&spans).count(),
        0,
        "the block is not highlighted"
    );
}

#[test]
fn control_characters_never_reach_pages_or_the_terminal() {
    let (site, before) = built_site();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nNul \u{0} here, escape \u{1b}]0;pwned\u{7} there.\n\nSee [this](\u{1b}[2Jgone.md).\n",
    );
    let err = fails_and_keeps_output(&site, &before);
    assert!(!err.contains(['\u{0}', '\u{1b}', '\u{7}']), "{err:?}");
    assert!(
        err.contains("warning[control-character]: the file contains 4 control characters (the first is U+0000); they are shown as �\n  --> content/_index.md:4:5\n"),
        "{err}"
    );
    // A link whose destination held a control character is named with it replaced.
    assert!(
        err.contains("error[broken-link]: link to `�[2Jgone.md` does not resolve"),
        "{err}"
    );
    // Once the link is fixed the page builds, and no control character reaches it.
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nNul \u{0} here, escape \u{1b}]0;pwned\u{7} there.\n",
    );
    site.build_ok();
    let html = site.read("index.html");
    assert!(
        !html
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    );
    assert!(html.contains("Nul \u{FFFD} here, escape \u{FFFD}]0;pwned\u{FFFD} there."));
}

#[test]
fn names_in_either_unicode_form_are_one_page_and_two_files_of_one_name_are_an_error() {
    let (site, _) = built_site();
    // Saved with a decomposed é (as some systems write names), linked with a composed one.
    site.write(
        "content/guide/cafe\u{301}.md",
        "+++\ntitle = \"Café\"\n+++\nMenu.\n",
    )
    .write(
        "content/guide/menu.md",
        "+++\ntitle = \"Menu\"\n+++\nSee [the café](caf\u{e9}.md).\n",
    );
    site.build_ok();
    let menu = site.read("guide/menu/index.html");
    assert!(menu.contains("href=\"../caf\u{e9}/index.html\""), "{menu}");
    let before = snapshot(&site.out());
    // The same name typed on another machine: two files, one page.
    site.write(
        "content/guide/caf\u{e9}.md",
        "+++\ntitle = \"Café 2\"\n+++\nMore.\n",
    );
    let err = fails_and_keeps_output(&site, &before);
    assert!(
        err.contains("error[duplicate-url]: `content/guide/cafe\u{301}.md` and `content/guide/caf\u{e9}.md` both become the page `guide/caf\u{e9}/`"),
        "{err}"
    );
}

#[test]
fn a_static_file_and_a_page_file_of_one_name_are_an_error_naming_both() {
    let (site, before) = built_site();
    site.write("content/guide/logo.svg", "<svg/>")
        .write("static/guide/logo.svg", "<svg></svg>");
    let err = fails_and_keeps_output(&site, &before);
    assert!(
        err.contains("error[duplicate-output]: `content/guide/logo.svg` and `static/guide/logo.svg` both become the file `guide/logo.svg`\n  --> static/guide/logo.svg\n  = hint: rename or remove one of the two files\n"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn catalog_symlinks_follow_the_rule_of_pages() {
    use std::os::unix::fs::symlink;
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHi.\n")
        .write("shared/api.toml", "name = \"API\"\ndescription = \"Serves.\"\nowner = \"core\"\ntier = 2\nlifecycle = \"design\"\n")
        .write("content/teams/core.toml", "name = \"Core\"\ndescription = \"Core.\"\n\n[[members]]\nname = \"Ada\"\n");
    let outside = tempfile::tempdir().expect("tmp");
    std::fs::write(outside.path().join("secret.toml"), "name = \"x\"\n").expect("write");
    let services = site.path().join("content/services");
    std::fs::create_dir_all(&services).expect("mkdir");
    symlink(
        outside.path().join("secret.toml"),
        services.join("leak.toml"),
    )
    .expect("symlink");
    symlink(&services, services.join("again")).expect("symlink");
    symlink(
        site.path().join("shared/api.toml"),
        services.join("api.toml"),
    )
    .expect("symlink");
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert!(
        err.contains("warning[symlink]: this symlink points outside the handbook folder and is not followed\n  --> content/services/leak.toml\n  = hint: copy the file into the handbook instead of linking to it\n"),
        "{err}"
    );
    assert!(
        err.contains("warning[symlink]: this symlink points back into a folder that contains it; skipped\n  --> content/services/again\n  = hint: remove the symlink loop\n"),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(0), "{err}");
    site.build_ok();
    let catalog: serde_json::Value =
        serde_json::from_str(&site.read("catalog.json")).expect("json");
    assert_eq!(
        catalog["services"][0]["id"], "api",
        "a link inside the handbook is followed"
    );
    assert_eq!(catalog["services"].as_array().map(Vec::len), Some(1));
}

#[test]
fn every_dependency_cycle_is_reported_once_a_self_loop_included() {
    let site = TestSite::new();
    let service = |deps: &str| {
        format!(
            "name = \"S\"\ndescription = \"x\"\nowner = \"core\"\ntier = 2\nlifecycle = \"design\"\ndepends_on = [{deps}]\n"
        )
    };
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHi.\n")
        .write(
            "content/teams/core.toml",
            "name = \"Core\"\ndescription = \"x\"\n\n[[members]]\nname = \"Ada\"\n",
        )
        .write(
            "content/services/audit.toml",
            &service("\"audit\", \"payments\""),
        )
        .write("content/services/ledger.toml", &service("\"audit\""))
        .write("content/services/payments.toml", &service("\"ledger\""));
    let (diags, code) = site.check_json();
    let cycles: Vec<(String, u64, u64, String)> = diags
        .iter()
        .filter(|d| d["code"] == "dependency-cycle")
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        cycles,
        [
            (
                "content/services/audit.toml".into(),
                6,
                15,
                "dependency cycle: audit → audit".into()
            ),
            (
                "content/services/audit.toml".into(),
                6,
                24,
                "dependency cycle: audit → payments → ledger → audit".into()
            ),
        ]
    );
    assert_eq!(code, 0, "cycles are warnings by default");
}

#[test]
fn two_inputs_of_one_output_file_are_named() {
    let (site, before) = built_site();
    site.write(
        "content/other.md",
        "+++\ntitle = \"Other\"\naliases = [\"guide/\"]\n+++\nMoved.\n",
    )
    .write("static/404.html", "<p>mine</p>");
    let err = fails_and_keeps_output(&site, &before);
    assert!(
        err.contains("error[duplicate-output]: the page `content/guide/_index.md` and the alias `guide/` of `content/other.md` both produce the output file `guide/index.html`\n  --> content/guide/_index.md\n"),
        "{err}"
    );
    assert!(
        err.contains("error[duplicate-output]: the file `static/404.html` and the 404 page both produce the output file `404.html`\n  --> static/404.html\n"),
        "{err}"
    );
}

#[test]
fn every_mistake_of_a_catalog_file_is_reported_in_one_run_with_its_fix() {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHi.\n\n## Welcome\n")
        .write("content/teams/checkout.toml", "name = \"Checkout\"\ndescription = \"x\"\n\n[[members]]\nname = \"Ada\"\n")
        .write("content/teams/platform.toml", "name = \"Platform\"\ndescription = \"x\"\n\n[[members]]\nname = \"Bo\"\n")
        .write(
            "content/services/cart.toml",
            "name = \"Cart\"\ndescription = \"x\"\nowner = \"checkout\"\ntier = \"2\"\nlifecycle = \"live\"\nreviewed = \"2026-01-01\"\nrepositry = \"https://git.example/cart\"\n",
        )
        .write(
            "content/services/search.toml",
            "name = \"Search\"\ndescription = \"x\"\nowner = \"chekout\"\ntier = 2\nlifecycle = \"design\"\n",
        )
        .write(
            "content/guide.md",
            "+++\ntitle = \"Guide\"\nwieght = 2\n+++\nSee service:serch and [the home](_index.md#welcom).\n\n## Welcome\n",
        );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let expect = [
        "error[toml]: invalid type: string \"2\", expected i64\n  --> content/services/cart.toml:4:8\n",
        "  = hint: remove the quotes: numbers are written without them, e.g. tier = 2\n",
        "error[invalid-value]: `live` is not a lifecycle stage\n  --> content/services/cart.toml:5:13\n",
        "error[toml]: invalid type: string \"2026-01-01\", expected a TOML datetime\n  --> content/services/cart.toml:6:12\n",
        "  = hint: remove the quotes: dates are written without them, e.g. reviewed = 2026-10-02\n",
        "error[toml]: unknown field `repositry`\n  --> content/services/cart.toml:7:1\n",
        "  = hint: did you mean `repository`?\n",
        "error[unknown-owner]: the owner `chekout` is not a team\n  --> content/services/search.toml:3:9\n",
        "  = hint: did you mean `checkout`?\n",
        "error[toml]: unknown field `wieght`\n  --> content/guide.md:3:1\n",
        "  = hint: did you mean `weight`?\n",
    ];
    for e in expect {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
    // Once the page's front matter is fixed, its links are checked too.
    site.write(
        "content/guide.md",
        "+++\ntitle = \"Guide\"\n+++\nSee [search](service:serch) and [the home](_index.md#welcom).\n",
    );
    let err = stderr(&site.run(&["check"]));
    for e in [
        "error[broken-link]: there is no service `serch` in the catalog\n  --> content/guide.md:4:5\n",
        "  = hint: did you mean `search`?\n",
        "error[broken-anchor]: `#welcom` is not a heading of content/_index.md\n",
        "  = hint: did you mean `welcome`?\n",
    ] {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
}

#[test]
fn each_page_is_rendered_once_for_its_page_and_print_html() {
    let (site, _) = built_site();
    let opts = ownbook::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let mut inc = ownbook::Incremental::new();
    let compiled =
        ownbook::compile(&opts, ownbook::Pages::InMemory, Some(&mut inc)).expect("compiles");
    assert!(!compiled.has_errors(), "{:?}", compiled.diags);
    let pages = compiled.site.pages.len();
    let stats = inc.render.stats;
    // One render per page; print.html took each page's print version from it.
    assert_eq!(stats.markdown_rendered, pages, "{stats:?}");
    let print = compiled
        .output
        .files
        .into_iter()
        .find(|f| f.path == "print.html")
        .and_then(|f| f.content.into_bytes())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    assert!(print.contains("<h2 id=\"p1-start\">"), "{print}");
}
