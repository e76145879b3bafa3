//! The incremental rebuild is exact: after every edit in long sequences of edits
//! (change, add, delete and rename pages, change links, templates, static files and
//! ownbook.toml, break and fix the site), the site `serve` holds is byte-identical to
//! a fresh full build of the same files. And it is incremental: a one-page edit
//! re-renders one page.

use crate::support::TestSite;
use ownbook::BuildOptions;
use ownbook::serve::state::Body;
use ownbook::serve::{Changes, Outcome, Session};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/_index.md", "+++\ntitle = \"Home of {{ org }}\"\n+++\nStart at [the guide](guide/_index.md).\n")
        .write("content/guide/_index.md", "+++\ntitle = \"Guide\"\nweight = 1\n+++\n## Parts\n\nRead [alpha](alpha.md#setup).\n")
        .write("content/guide/alpha.md", "+++\ntitle = \"Alpha\"\nweight = 1\naliases = [\"old/alpha/\"]\n+++\n## Setup\n\nSee [beta](beta.md) and ![flow](img/flow.png).\n\n```rust\nfn main() {}\n```\n")
        .write("content/guide/beta.md", "+++\ntitle = \"Beta\"\nweight = 2\n+++\n## Steps\n\n```toml\nname = \"x\"\n```\n\nBack to [alpha](alpha.md#setup).\n")
        .write("content/guide/img/flow.png", "png bytes")
        .write("content/ops/_index.md", "+++\ntitle = \"Ops\"\nweight = 2\n+++\nOperations.\n")
        .write("content/ops/gamma.md", "+++\ntitle = \"Gamma\"\n+++\n## Runbook\n\nText with a footnote.[^1]\n\n[^1]: Note.\n")
        .write("static/logo.txt", "logo");
    site
}

/// A session over `site`, and a way to report what changed.
struct Harness {
    site: TestSite,
    root: PathBuf,
    session: Session,
    opts: BuildOptions,
    changed: Vec<PathBuf>,
    everything: bool,
    theme: bool,
}

impl Harness {
    fn new(site: TestSite) -> Self {
        let root = site.path().canonicalize().expect("root");
        let opts = BuildOptions {
            root: root.clone(),
            ..BuildOptions::default()
        };
        let mut h = Harness {
            site,
            root,
            session: Session::new(opts.clone()),
            opts,
            changed: Vec::new(),
            everything: true,
            theme: false,
        };
        h.rebuild("first build");
        h
    }

    fn write(&mut self, rel: &str, text: &str) {
        self.site.write(rel, text);
        self.touched(rel);
    }

    fn remove(&mut self, rel: &str) {
        self.site.remove(rel);
        self.touched(rel);
    }

    fn rename(&mut self, from: &str, to: &str) {
        std::fs::rename(self.root.join(from), self.root.join(to)).expect("rename");
        self.touched(from);
        self.touched(to);
    }

    /// Records a change the way the watcher reports it.
    fn touched(&mut self, rel: &str) {
        if rel == "ownbook.toml" {
            self.everything = true;
        } else if rel.starts_with("content/") || rel.starts_with("static/") {
            self.changed.push(self.root.join(rel));
        } else if ["themes/", "templates/", "i18n/"]
            .iter()
            .any(|d| rel.starts_with(d))
        {
            self.theme = true;
        }
    }

    /// Rebuilds and checks the served site against a fresh build.
    fn rebuild(&mut self, step: &str) -> Outcome {
        let changes = Changes {
            files: std::mem::take(&mut self.changed),
            everything: std::mem::replace(&mut self.everything, false),
            css_only: false,
            theme: std::mem::replace(&mut self.theme, false),
        };
        let outcome = self.session.rebuild(&changes);
        if matches!(outcome, Outcome::Built { .. }) {
            assert_eq!(self.session.finish_deferred(), None, "{step}");
        }
        let fresh = ownbook::compile(&self.opts, ownbook::Pages::InMemory, None);
        match (&outcome, fresh) {
            (Outcome::Built { .. }, Ok(c)) if !c.has_errors() => {
                let expected = files_of(c.output.files);
                assert_same(&self.served(), &expected, step);
            }
            (Outcome::Failed { .. }, Ok(c)) if c.has_errors() => {
                assert!(self.session.snapshot().error.is_some(), "{step}");
            }
            (Outcome::Failed { .. }, Err(_)) => {}
            (outcome, fresh) => panic!(
                "{step}: serve says {outcome:?}, a fresh build says {:?}",
                fresh.map(|c| ownbook::diag::render_text(&c.diags))
            ),
        }
        outcome
    }

    fn served(&self) -> BTreeMap<String, Vec<u8>> {
        let snapshot = self.session.snapshot();
        assert!(snapshot.pending.is_empty());
        snapshot
            .files
            .iter()
            .map(|(path, body)| {
                let bytes = match body {
                    Body::Bytes(b) => b.to_vec(),
                    Body::File(p) => std::fs::read(p).expect("served file"),
                    Body::Stored(blob) => blob.read().expect("stored file"),
                };
                (path.clone(), bytes)
            })
            .collect()
    }
}

fn files_of(files: Vec<ownbook::output::OutputFile>) -> BTreeMap<String, Vec<u8>> {
    files
        .into_iter()
        .map(|f| {
            let bytes = match f.content {
                ownbook::output::Content::Copy(p) => std::fs::read(p).expect("copied file"),
                other => other.into_bytes().expect("bytes"),
            };
            (f.path, bytes)
        })
        .collect()
}

fn assert_same(served: &BTreeMap<String, Vec<u8>>, fresh: &BTreeMap<String, Vec<u8>>, step: &str) {
    let served_paths: Vec<&String> = served.keys().collect();
    let fresh_paths: Vec<&String> = fresh.keys().collect();
    assert_eq!(served_paths, fresh_paths, "{step}: different files");
    for (path, bytes) in fresh {
        if served[path] != *bytes {
            let at = served[path]
                .iter()
                .zip(bytes)
                .position(|(a, b)| a != b)
                .unwrap_or(bytes.len());
            let around = |b: &[u8]| {
                String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 80).min(b.len())])
                    .into_owned()
            };
            panic!(
                "{step}: {path} differs at byte {at}\nserved: {}\nfresh:  {}",
                around(&served[path]),
                around(bytes)
            );
        }
    }
}

fn stats(outcome: &Outcome) -> ownbook::render::RenderStats {
    match outcome {
        Outcome::Built { stats, .. } => *stats,
        Outcome::Failed { diags } => {
            panic!("build failed:\n{}", ownbook::diag::render_text(diags))
        }
    }
}

#[test]
fn each_kind_of_edit_matches_a_fresh_build() {
    let mut h = Harness::new(site());
    h.write(
        "content/ops/gamma.md",
        "+++\ntitle = \"Gamma\"\n+++\n## Runbook\n\nNew text.[^1]\n\n[^1]: Note.\n",
    );
    let s = stats(&h.rebuild("edit a body"));
    assert_eq!(
        (s.pages_rendered, s.markdown_rendered),
        (1, 1),
        "one page re-rendered: {s:?}"
    );

    h.write(
        "content/guide/beta.md",
        "+++\ntitle = \"Beta\"\nweight = 0\n+++\n## Steps\n\nBack to [alpha](alpha.md#setup).\n",
    );
    h.rebuild("change only a weight (sidebar order and prev/next change)");
    h.write("content/guide/beta.md", "+++\ntitle = \"Beta renamed\"\nweight = 2\n+++\n## Steps\n\nBack to [alpha](alpha.md#setup).\n");
    h.rebuild("edit a title (sidebar, prev/next and backlinks of others change)");
    h.write(
        "content/ops/gamma.md",
        "+++\ntitle = \"Gamma\"\n+++\n## Runbook\n\nNow links [beta](../guide/beta.md).\n",
    );
    let s = stats(&h.rebuild("add a link (a backlink appears on beta)"));
    assert_eq!(s.pages_rendered, 2, "gamma and beta: {s:?}");
    h.write(
        "content/guide/delta.md",
        "+++\ntitle = \"Delta\"\nweight = 3\n+++\n## Intro\n\nSee [alpha](alpha.md).\n",
    );
    h.rebuild("add a page");
    h.rename("content/guide/delta.md", "content/ops/delta.md");
    h.write(
        "content/ops/delta.md",
        "+++\ntitle = \"Delta\"\n+++\n## Intro\n\nSee [alpha](../guide/alpha.md).\n",
    );
    h.rebuild("rename a page");
    h.remove("content/ops/delta.md");
    h.rebuild("delete a page");
    h.write(
        "content/guide/beta.md",
        "+++\ntitle = \"Beta\"\n+++\nLink to [nowhere](missing.md).\n",
    );
    assert!(matches!(h.rebuild("break a link"), Outcome::Failed { .. }));
    h.write(
        "content/guide/beta.md",
        "+++\ntitle = \"Beta\"\n+++\n## Steps\n\nFixed.\n",
    );
    h.rebuild("fix it");
    h.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<article class=\"custom\">{{ page.content | safe }}</article>{% endblock main %}");
    h.rebuild("override a template");
    h.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}<article class=\"edited\">{{ page.content | safe }}</article>{% endblock main %}");
    let s = stats(&h.rebuild("edit the overriding template (the theme is loaded again)"));
    assert!(
        s.pages_rendered > 1,
        "every guide page shows the template: {s:?}"
    );
    h.write(
        "content/ops/gamma.md",
        "+++\ntitle = \"Gamma\"\n+++\n## Runbook\n\nAfter the template.\n",
    );
    h.rebuild("edit a page after a template edit (the new theme is reused)");
    h.write(
        "ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Globex\"\nprint = false\n",
    );
    h.rebuild("change ownbook.toml");
    h.write("static/logo.txt", "new logo");
    h.rebuild("change a static file");
    h.write("static/new.css", "body{}");
    h.rebuild("add a static file");
    h.remove("templates/page.html");
    h.write(
        "ownbook.toml",
        "title = \"Test Handbook\"\norganization = \"Acme\"\n",
    );
    h.rebuild("back to the theme's template and print.html");
}

/// A small deterministic random generator (no extra crate needed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// A site whose stable pages (never deleted or renamed) link only to each other, so
/// that most random steps build; `beta` is the first of the pages that come and go.
fn random_site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
    )
    .write(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\nThe guide.\n",
    )
    .write(
        "content/guide/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\n## Setup\n\nSee [gamma](../ops/gamma.md#runbook).\n",
    )
    .write(
        "content/ops/gamma.md",
        "+++\ntitle = \"Gamma\"\n+++\n## Runbook\n\nSee [alpha](../guide/alpha.md).\n",
    )
    .write(
        "content/guide/beta.md",
        "+++\ntitle = \"Beta\"\n+++\nSee [alpha](alpha.md#setup).\n",
    )
    .write("static/logo.txt", "logo");
    site
}

#[test]
fn random_edit_sequences_match_a_fresh_build() {
    let mut h = Harness::new(random_site());
    let mut rng = Lcg(7);
    let stable = ["guide/alpha.md", "ops/gamma.md"];
    let mut moving: Vec<String> = vec!["guide/beta.md".into()];
    let (mut next, mut built, mut broken) = (0, 0, None::<String>);
    for step in 0..80 {
        let what = if let Some(p) = broken.take() {
            h.write(
                &format!("content/{p}"),
                "+++\ntitle = \"Repaired\"\n+++\nFine again.\n",
            );
            format!("repair {p}")
        } else {
            random_step(
                &mut h,
                &mut rng,
                step,
                &stable,
                &mut moving,
                &mut next,
                &mut broken,
            )
        };
        if let Outcome::Built { .. } = h.rebuild(&format!("step {step}: {what}")) {
            built += 1;
        }
    }
    assert!(built >= 60, "most steps build ({built} of 80)");
}

/// One random edit; returns what it did.
fn random_step(
    h: &mut Harness,
    rng: &mut Lcg,
    step: usize,
    stable: &[&str],
    moving: &mut Vec<String>,
    next: &mut usize,
    broken: &mut Option<String>,
) -> String {
    let all: Vec<String> = stable
        .iter()
        .map(|s| s.to_string())
        .chain(moving.iter().cloned())
        .collect();
    match rng.below(16) {
        0..=6 => {
            let p = all[rng.below(all.len())].clone();
            let target = stable[rng.below(stable.len())];
            let link = relative(&p, target);
            let (t, w, f) = (rng.below(3), rng.below(3), rng.below(3));
            let heading = if p == "guide/alpha.md" {
                "Setup"
            } else {
                "Runbook"
            };
            let text = format!(
                "+++\ntitle = \"T{t} {p}\"\nweight = {w}\n+++\n## {heading}\n\nStep {step}: see [x]({link}).\n\n```rust\nfn f{f}() {{}}\n```\n"
            );
            h.write(&format!("content/{p}"), &text);
            format!("edit {p}")
        }
        7 | 8 => {
            *next += 1;
            let dir = ["guide", "ops", "new"][rng.below(3)];
            let p = format!("{dir}/p{next}.md");
            let link = relative(&p, stable[rng.below(stable.len())]);
            h.write(
                &format!("content/{p}"),
                &format!("+++\ntitle = \"P{next}\"\n+++\n## Hello\n\n[Link]({link}) {step}.\n"),
            );
            moving.push(p.clone());
            format!("add {p}")
        }
        9 | 10 if !moving.is_empty() => {
            let p = moving.remove(rng.below(moving.len()));
            h.remove(&format!("content/{p}"));
            format!("delete {p}")
        }
        11 | 12 if !moving.is_empty() => {
            let i = rng.below(moving.len());
            *next += 1;
            let to = format!("ops/r{next}.md");
            h.rename(&format!("content/{}", moving[i]), &format!("content/{to}"));
            // The page's own relative links must still resolve from its new folder.
            h.write(
                &format!("content/{to}"),
                &format!("+++\ntitle = \"R{next}\"\n+++\n[Link](gamma.md) {step}.\n"),
            );
            let from = std::mem::replace(&mut moving[i], to.clone());
            format!("rename {from} to {to}")
        }
        13 => {
            let footer = rng.below(4);
            h.write(
                "ownbook.toml",
                &format!(
                    "title = \"Test Handbook\"\norganization = \"Acme\"\nfooter = \"F{footer}\"\n"
                ),
            );
            "change ownbook.toml".to_string()
        }
        14 => {
            let t = rng.below(3);
            h.write("templates/section.html", &format!("{{% extends \"base.html\" %}}{{% block main %}}<h1>{{{{ page.title }}}}</h1><p>v{t}</p>{{{{ page.content | safe }}}}{{% endblock main %}}"));
            "change a template".to_string()
        }
        _ => {
            let p = all[rng.below(all.len())].clone();
            h.write(
                &format!("content/{p}"),
                "+++\ntitle = \"Broken\"\n+++\n[bad](nope.md)\n",
            );
            *broken = Some(p.clone());
            format!("break {p}")
        }
    }
}

/// A relative link from page `from` to page `to` (both relative to content/).
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}
