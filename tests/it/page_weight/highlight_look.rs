//! Every character of many code blocks (all of the bundled handbook's, and samples in
//! several languages) has the same colour, background, weight, slant and underline,
//! light and dark, in Chromium, as with syntect's scope classes and stylesheet, except
//! where the old colour was unreadable on the dark code background: there the new one
//! is readable.

use crate::browser_kit::{chrome, eval};
use crate::browser_kit::{open, scheme};
use crate::support::repo_root;
use ownbook::markdown::contrast::ensure_contrast;
use ownbook::markdown::highlight::{Highlighter, MAX_BLOCK_TIME, parse_info, render_block};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde_json::Value;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const OLD_CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

const SAMPLES: &[(&str, &str)] = &[
    (
        "rust",
        "/// Docs.\n#[derive(Debug)]\npub struct Team<'a> { name: &'a str, size: u32 }\n\nfn main() {\n    let x = vec![1, 2.5e3, 0xff];\n    println!(\"{x:?} {}\", r#\"raw\"#);\n    // comment\n    if let Some(t) = None::<Team> { unreachable!() }\n}\n",
    ),
    (
        "python",
        "import os\n\n@decorator\nclass Owner(Base):\n    \"\"\"Doc string.\"\"\"\n    def run(self, n: int = 3) -> str:\n        return f\"{n} items\" if n > 0 else None  # why\n",
    ),
    (
        "json",
        "{\n  \"service\": \"checkout-api\",\n  \"tier\": 1,\n  \"tags\": [\"a\", true, null, 2.5]\n}\n",
    ),
    (
        "diff",
        "--- a/ownbook.toml\n+++ b/ownbook.toml\n@@ -1,3 +1,3 @@\n-title = \"Old\"\n+title = \"New\"\n context\n",
    ),
    (
        "js",
        "const f = async (a, b = 2) => {\n  /* block */ await fetch(`/api/${a}`);\n  return /ab+c/gi.test(b) ? 1 : -1;\n};\nexport default class X extends Y {}\n",
    ),
    (
        "html",
        "<!DOCTYPE html>\n<a href=\"x.html\" class='y'>Link &amp; more</a>\n<script>let x = 1;</script>\n<!-- comment -->\n",
    ),
    (
        "css",
        "@media (max-width: 40em) {\n  .nav > a:hover, #id { color: #0b6e4f; margin: 0 auto !important; }\n}\n",
    ),
    (
        "sql",
        "SELECT name, COUNT(*) AS n FROM services WHERE tier = 1 -- hot\nGROUP BY name ORDER BY n DESC;\n",
    ),
    (
        "go",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int, 3)\n\tfmt.Println(<-ch, nil, 'r')\n}\n",
    ),
    (
        "c",
        "#include <stdio.h>\n#define N 10\nint main(void) { char *s = \"x\\n\"; return printf(\"%s\", s) > N; }\n",
    ),
    (
        "bash",
        "# Roll back\nkubectl -n checkout exec deploy/api -- ctl count --state holding\nfor f in *.toml; do echo \"$f\" | grep -v x || exit 1; done\n",
    ),
    (
        "markdown",
        "# Title\n\nSome *em* and **strong**, `code`, [a link](x.md).\n\n- item\n> quote\n",
    ),
];

/// The fenced blocks of the bundled handbook that name a language, then the samples.
fn blocks() -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(repo_root().join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let mut current: Option<(String, String)> = None;
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    current = Some((parse_info(&info).lang.unwrap_or_default(), String::new()));
                }
                Event::Text(t) => {
                    if let Some((_, code)) = &mut current {
                        code.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((lang, code)) = current.take()
                        && !lang.is_empty()
                    {
                        blocks.push((lang, code));
                    }
                }
                _ => {}
            }
        }
    }
    assert!(blocks.len() >= 20, "the handbook has highlighted blocks");
    for (lang, code) in SAMPLES {
        blocks.push((lang.to_string(), code.to_string()));
    }
    blocks
}

/// The block as syntect's class generator wrote it, or the escaped text where ownbook
/// does not highlight it either.
fn old_block(set: &SyntaxSet, lang: &str, code: &str, new_html: &str) -> String {
    let body = set
        .find_syntax_by_token(lang)
        .filter(|_| new_html.contains("<span"))
        .map(|syntax| {
            let mut g = ClassedHTMLGenerator::new_with_class_style(syntax, set, OLD_CLASSES);
            for line in LinesWithEndings::from(code) {
                g.parse_html_for_line_which_includes_newline(line)
                    .expect("highlight");
            }
            g.finalize()
        })
        .unwrap_or_else(|| ownbook::text::escape_html(code));
    format!("<pre class=\"code\"><code>{body}</code></pre>\n")
}

/// The stylesheet that went with those classes.
fn old_stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let css = |name: &str| {
        css_for_theme_with_class_style(&themes.themes[name], OLD_CLASSES).expect("css")
    };
    let light = ensure_contrast(&css("InspiredGitHub"), "#f3f5f4");
    let dark = ensure_contrast(&css("base16-ocean.dark"), "#1f2629");
    format!("{light}\n@media screen and (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

fn page(css: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"color-scheme\" content=\"light dark\"><style>{css}</style></head><body>{body}</body></html>"
    )
}

/// For each `<pre>`, each visible character with its look.
const LOOKS: &str = r#"[...document.querySelectorAll('pre')].map(pre => {
  const out = [];
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const s = getComputedStyle(el);
    let bg = 'none', under = false;
    for (let e = el; e && e !== pre; e = e.parentElement) {
      const c = getComputedStyle(e);
      if (bg === 'none' && c.backgroundColor !== 'rgba(0, 0, 0, 0)') bg = c.backgroundColor;
      if (c.textDecorationLine.includes('underline')) under = true;
    }
    for (const ch of n.data) if (ch.trim()) out.push([ch, s.color, bg, s.fontWeight, s.fontStyle, under]);
  }
  return out;
})"#;

/// The dark code background of style.css.
const DARK_CODE_BG: [f64; 3] = [0x1f as f64, 0x26 as f64, 0x29 as f64];

/// `rgb(r, g, b)` as channels 0-255.
fn rgb(css: &str) -> Option<[f64; 3]> {
    let inner = css.strip_prefix("rgb(")?.strip_suffix(')')?;
    let mut parts = inner.split(',').map(|p| p.trim().parse::<f64>());
    Some([
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    ])
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let lin = |v: f64| {
            let v = v / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Whether a character looks the same (`[char, colour, background, weight, style,
/// underline]`), or, in the dark, was unreadable on the code background and now is not.
fn same_look(colours: &str, old: &Value, new: &Value) -> bool {
    if old == new {
        return true;
    }
    let (Some(o), Some(n)) = (old.as_array(), new.as_array()) else {
        return false;
    };
    let rest_same = o.len() == n.len()
        && o.iter()
            .zip(n)
            .enumerate()
            .all(|(i, (a, b))| i == 1 || a == b);
    let on_code_bg = o.get(2).and_then(Value::as_str) == Some("none");
    let colour = |v: &[Value]| v.get(1).and_then(Value::as_str).and_then(rgb);
    match (colour(o), colour(n)) {
        (Some(was), Some(is)) if colours == "dark" && rest_same && on_code_bg => {
            contrast(was, DARK_CODE_BG) < 4.5 && contrast(is, DARK_CODE_BG) >= 4.5
        }
        _ => false,
    }
}

#[test]
fn short_highlight_classes_look_like_the_scope_classes_light_and_dark() {
    let Some(chrome) = chrome() else { return };
    let set = two_face::syntax::extra_newlines();
    let highlighter = Highlighter::default();
    let (mut old_body, mut new_body) = (String::new(), String::new());
    let blocks = blocks();
    let (mut old_bytes, mut new_bytes) = (0, 0);
    for (lang, code) in &blocks {
        let new = render_block(code, &parse_info(lang), Some(&highlighter), MAX_BLOCK_TIME).html;
        let old = old_block(&set, lang, code, &new);
        old_bytes += old.len();
        new_bytes += new.len();
        old_body.push_str(&old);
        new_body.push_str(&new);
    }
    assert!(
        new_bytes * 2 < old_bytes,
        "the short classes at least halve the markup: {new_bytes} bytes against {old_bytes}"
    );
    let dir = tempfile::tempdir().expect("tmp");
    let old_page = dir.path().join("old.html");
    let new_page = dir.path().join("new.html");
    std::fs::write(&old_page, page(&old_stylesheet(), &old_body)).expect("write");
    let css = ownbook::markdown::highlight::stylesheet();
    std::fs::write(&new_page, page(&css, &new_body)).expect("write");
    let tab = chrome.browser.new_tab().expect("tab");
    let looks = |path: &std::path::Path, colours: &str| -> Vec<Value> {
        open(&tab, &format!("file://{}", path.display()));
        scheme(&tab, colours);
        let v = eval(&tab, LOOKS);
        v.as_array().expect("blocks").clone()
    };
    for colours in ["light", "dark"] {
        let old = looks(&old_page, colours);
        let new = looks(&new_page, colours);
        let distinct: std::collections::BTreeSet<String> = old
            .iter()
            .flat_map(|b| b.as_array().expect("chars").iter())
            .map(|c| c.to_string())
            .collect();
        assert!(
            distinct.len() >= 8,
            "{colours}: the blocks are coloured: {distinct:?}"
        );
        assert_eq!(old.len(), blocks.len());
        assert_eq!(new.len(), blocks.len());
        for (i, (o, n)) in old.iter().zip(&new).enumerate() {
            let (o, n) = (o.as_array().expect("chars"), n.as_array().expect("chars"));
            assert_eq!(o.len(), n.len(), "block {i} ({}): same text", blocks[i].0);
            if let Some(at) = o.iter().zip(n).position(|(a, b)| !same_look(colours, a, b)) {
                panic!(
                    "{colours}: block {i} ({}) differs at visible character {at}: was {}, is {}\n{}",
                    blocks[i].0, o[at], n[at], blocks[i].1
                );
            }
        }
    }
}
