//! YAML front matter (`---` … `---`), read like the TOML form: the same fields, the
//! same checks, errors at the file, line and column inside the YAML.

use crate::support::*;

#[test]
fn yaml_front_matter_sets_the_same_fields_as_toml() {
    let site = TestSite::new();
    site.write(
        "content/guide/a.md",
        "---\ntitle: \"Deploying: safely\"\ndescription: Small, reversible steps\nweight: 20\naliases:\n  - old/deploy/\n---\n\nText.\n",
    )
    .write(
        "content/guide/b.md",
        "+++\ntitle = \"Before\"\nweight = 10\n+++\n\nText.\n",
    )
    .write(
        "content/guide/c.md",
        "---\ntitle: Drafted\ndraft: true\n---\n\nText.\n",
    );
    site.build_ok();
    let doc = site.html("guide/a/index.html");
    assert_eq!(texts(&doc, "main h1"), vec!["Deploying: safely"]);
    assert_eq!(
        attrs(&doc, "meta[name=description]", "content"),
        vec!["Small, reversible steps"]
    );
    // weight orders the sidebar: b (10) before a (20); the draft is left out.
    let guide = site.html("guide/index.html");
    assert_eq!(
        texts(&guide, "nav.sidebar .nav-section ul a"),
        vec!["Before", "Deploying: safely"]
    );
    assert!(site.out().join("old/deploy/index.html").is_file(), "alias");
    assert!(!site.out().join("guide/c/index.html").exists(), "draft");
}

#[test]
fn yaml_front_matter_errors_point_into_the_yaml() {
    let site = TestSite::new();
    site.write(
        "content/guide/typo.md",
        "---\ntitle: Typo\nwieght: 2\n---\nText.\n",
    )
    .write(
        "content/guide/type.md",
        "---\ntitle: Type\nweight: \"heavy\"\n---\nText.\n",
    )
    .write(
        "content/guide/syntax.md",
        "---\ntitle: [Unclosed\nweight: 2\n---\nText.\n",
    )
    .write(
        "content/guide/open.md",
        "---\ntitle: Never closed\n\nText.\n",
    )
    .write(
        "content/guide/untitled.md",
        "---\ndescription: No title\n---\nText.\n",
    );
    let (diags, code) = site.check_json();
    assert_eq!(code, 1);
    let mut found: Vec<_> = diags.iter().map(at).collect();
    found.sort();
    let f = |file: &str, line, col, code: &str| {
        (
            format!("content/guide/{file}.md"),
            line,
            col,
            code.to_string(),
        )
    };
    assert_eq!(
        found,
        vec![
            f("open", 1, 1, "front-matter"),
            f("syntax", 3, 7, "yaml"),
            f("type", 3, 9, "yaml"),
            f("typo", 3, 1, "yaml"),
            f("untitled", 1, 1, "front-matter"),
        ]
    );
    let message = |file: &str| {
        diags
            .iter()
            .find(|d| d["file"].as_str().is_some_and(|f| f.ends_with(file)))
            .map(|d| (d["message"].to_string(), d["hint"].to_string()))
            .unwrap_or_default()
    };
    let (typo, hint) = message("typo.md");
    assert!(typo.contains("unknown field `wieght`"), "{typo}");
    assert!(hint.contains("weight"), "{hint}");
    let (_, hint) = message("untitled.md");
    assert!(
        hint.contains("title: "),
        "the hint shows the YAML form: {hint}"
    );
}
