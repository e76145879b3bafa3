//! Shared test helpers: a fixture-site builder, HTML parsing and an independent
//! checker that every link in an output folder resolves.

#![allow(dead_code)]

use scraper::{Html, Selector};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A handbook in a temporary folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

/// The repository root (where the bundled handbook lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestSite {
    /// An empty handbook with a minimal ownbook.toml.
    pub fn new() -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write(
            "ownbook.toml",
            "title = \"Test Handbook\"\norganization = \"Acme\"\n",
        );
        site
    }

    /// A copy of the bundled handbook (ownbook.toml and content/).
    pub fn bundled() -> Self {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&repo_root().join("content"), &site.path().join("content"));
        std::fs::copy(
            repo_root().join("ownbook.toml"),
            site.path().join("ownbook.toml"),
        )
        .expect("copy config");
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.path().join("public")
    }

    /// Writes a file (creating folders), returning self for chaining.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        self
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).expect("remove");
    }

    /// Runs the ownbook binary in the site folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ownbook"))
            .args(args)
            .current_dir(self.path())
            .env("OWNBOOK_TODAY", "2026-11-22")
            .output()
            .expect("run ownbook")
    }

    /// Runs `ownbook build --no-cache` and asserts it succeeded. The persistent build
    /// cache never changes what is built, only how fast; writing it costs every build
    /// time and disk, so it is left to the tests about it (see `build_cached_ok`).
    pub fn build_ok(&self) -> Output {
        self.build_ok_with(&["build", "--no-cache"])
    }

    /// Runs `ownbook build` as a user does, with its build cache beside the output,
    /// and asserts it succeeded.
    pub fn build_cached_ok(&self) -> Output {
        self.build_ok_with(&["build"])
    }

    fn build_ok_with(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Runs `ownbook check --format json` and returns the diagnostics and exit code.
    pub fn check_json(&self) -> (Vec<serde_json::Value>, i32) {
        let out = self.run(&["check", "--format", "json"]);
        let diags: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("bad json ({e}): {}", String::from_utf8_lossy(&out.stdout)));
        (diags, out.status.code().unwrap_or(-1))
    }

    /// Reads an output file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Parses an output HTML file.
    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The text of every element matching `selector`, whitespace-collapsed.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The value of `attr` on every element matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// A diagnostic's (file, line, column, code) for compact assertions.
pub fn at(d: &serde_json::Value) -> (String, u64, u64, String) {
    (
        d["file"].as_str().unwrap_or("").to_string(),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
        d["code"].as_str().unwrap_or("").to_string(),
    )
}

/// Walks every HTML file under `out` and returns each internal `href`/`src` that does
/// not resolve to an existing file (and, for `#fragment`s, an element with that id).
/// Written independently of the generator's own link table.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut links: Vec<(PathBuf, String)> = Vec::new();
    let any = Selector::parse("[id], [name]").expect("sel");
    let linking = Selector::parse("a[href], link[href], img[src], script[src]").expect("sel");
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        let path = entry.path().to_path_buf();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let doc = Html::parse_document(&std::fs::read_to_string(&path).expect("read"));
        let set = doc
            .select(&any)
            .filter_map(|e| {
                e.value()
                    .attr("id")
                    .or(e.value().attr("name"))
                    .map(str::to_string)
            })
            .collect();
        ids.insert(path.clone(), set);
        for e in doc.select(&linking) {
            let v = e
                .value()
                .attr("href")
                .or(e.value().attr("src"))
                .unwrap_or("");
            links.push((path.clone(), v.to_string()));
        }
    }
    let mut broken = Vec::new();
    for (from, link) in links {
        if link.is_empty()
            || link.starts_with("http:")
            || link.starts_with("https:")
            || link.starts_with("mailto:")
            || link.starts_with("//")
        {
            continue;
        }
        let (path, frag) = match link.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (link.as_str(), None),
        };
        let target = if path.is_empty() {
            from.clone()
        } else {
            let decoded = path.replace("%20", " ");
            let t = from.parent().expect("parent").join(decoded);
            let t = if t.is_dir() { t.join("index.html") } else { t };
            match t.canonicalize() {
                Ok(c) => c,
                Err(_) => {
                    broken.push(format!("{}: {link}", from.display()));
                    continue;
                }
            }
        };
        if !target.starts_with(out.canonicalize().expect("out")) && !target.starts_with(out) {
            broken.push(format!("{}: {link} (leaves the site)", from.display()));
            continue;
        }
        if let Some(f) = frag.filter(|f| !f.is_empty()) {
            let f = f.replace("%20", " ");
            let known = ids.get(&target).or_else(|| {
                ids.iter()
                    .find(|(k, _)| k.canonicalize().ok().as_ref() == Some(&target))
                    .map(|(_, v)| v)
            });
            if !known.is_some_and(|s| s.contains(&f)) {
                broken.push(format!("{}: {link} (no #{f})", from.display()));
            }
        }
    }
    broken
}

/// The `href` of every link in a fragment of HTML, in order.
pub fn html_hrefs(fragment: &str) -> Vec<String> {
    let doc = Html::parse_fragment(fragment);
    attrs(&doc, "a", "href")
}

/// Every file under `dir` by its path relative to `dir`.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix");
            let bytes = std::fs::read(entry.path()).expect("read");
            files.insert(rel.to_string_lossy().into_owned(), bytes);
        }
    }
    files
}
