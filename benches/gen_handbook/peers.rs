//! Site configuration for each tool: ownbook.toml, a minimal Hugo site (config and
//! layouts that render the content, a sidebar with the current path expanded, a table
//! of contents and checked `.md` links), and mdBook's book.toml and SUMMARY.md.

use crate::{Plan, write};
use std::path::Path;

pub const OWNBOOK_TOML: &str = r##"title = "Generated handbook"
organization = "Example"
description = "A generated handbook for build benchmarks."
base_url = "https://handbook.example.com/"
"##;

const HUGO_TOML: &str = r#"baseURL = "https://handbook.example.com/"
title = "Generated handbook"
languageCode = "en"
disableKinds = ["taxonomy", "term", "rss"]

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
"#;

const HUGO_BASEOF: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="stylesheet" href="{{ "syntax.css" | relURL }}">
</head>
<body>
<nav aria-label="Site">{{ partial "nav.html" (dict "s" site.Home "cur" .) }}</nav>
<main>
<nav aria-label="Breadcrumbs">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const HUGO_NAV: &str = r#"<ul>{{ range .s.Pages }}<li>{{ if .IsSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if or (eq . $.cur) (.IsAncestor $.cur) }}{{ partial "nav.html" (dict "s" . "cur" $.cur) }}{{ end }}{{ else }}<a href="{{ .RelPermalink }}"{{ if eq . $.cur }} aria-current="page"{{ end }}>{{ .Title }}</a>{{ end }}</li>{{ end }}</ul>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="description">{{ . }}</p>{{ end }}
<aside>{{ .TableOfContents }}</aside>
{{ .Content }}
</article>
<nav aria-label="Previous and next">{{ with .Prev }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .Next }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="description">{{ . }}</p>{{ end }}
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>
{{ end }}
"#;

/// Rewrites relative `.md` links to the target page's URL and fails the build on a
/// missing page, as ownbook does (anchors are not checked by Hugo).
const HUGO_RENDER_LINK: &str = r#"{{- $u := urls.Parse .Destination -}}
{{- $href := .Destination -}}
{{- if and (not $u.IsAbs) (strings.HasSuffix $u.Path ".md") -}}
  {{- with .PageInner.GetPage $u.Path -}}
    {{- $href = .RelPermalink -}}
    {{- with $u.Fragment }}{{ $href = printf "%s#%s" $href . }}{{ end -}}
  {{- else -}}
    {{- errorf "%s: link to a missing page %q" $.PageInner.File.Path $.Destination -}}
  {{- end -}}
{{- end -}}
<a href="{{ $href }}">{{ .Text }}</a>
{{- /* trim */ -}}
"#;

pub fn write_hugo_site(out: &Path) -> Result<(), String> {
    write(&out.join("hugo.toml"), HUGO_TOML)?;
    let layouts = out.join("layouts");
    write(&layouts.join("baseof.html"), HUGO_BASEOF)?;
    write(&layouts.join("single.html"), HUGO_SINGLE)?;
    write(&layouts.join("list.html"), HUGO_LIST)?;
    write(&layouts.join("_partials/nav.html"), HUGO_NAV)?;
    write(&layouts.join("_markup/render-link.html"), HUGO_RENDER_LINK)?;
    write(&out.join("static/syntax.css"), "/* chroma classes */\n")
}

pub fn write_mdbook_site(out: &Path, plan: &Plan) -> Result<(), String> {
    write(
        &out.join("book.toml"),
        "[book]\ntitle = \"Generated handbook\"\nlanguage = \"en\"\n",
    )?;
    let mut summary = String::from("# Summary\n\n[Generated handbook](index.md)\n\n");
    for (fi, f) in plan.folders.iter().enumerate() {
        let indent = "    ".repeat(f.depth - 1);
        summary.push_str(&format!("{indent}- [{}]({}index.md)\n", f.title, f.dir));
        for p in plan.pages.iter().filter(|p| p.folder == fi) {
            summary.push_str(&format!("{indent}    - [{}]({})\n", p.title, p.path));
        }
    }
    write(&out.join("src/SUMMARY.md"), &summary)
}
