//! `ownbook import mkdocs SRC --translation OTHER`: a guide and its translated
//! edition (a second MkDocs project with the same nav shape) become one bilingual
//! handbook. SRC gives the default language's pages, ownbook.toml and files; each
//! page of OTHER is paired with the page at the same place in SRC's nav (pages
//! outside the nav, with the page at the same path) and written beside it as
//! `page.<lang>.md`, its links following the pairing. A page only in OTHER is kept
//! as a translation at its own place, with a default-language stand-in that says it
//! waits for its text; a page only in SRC is simply untranslated. Both are reported.

use super::{Edition, edition, nav};
use crate::diag::{Diagnostic, Fatal};
use crate::import::{Outcome, Plan, finish_notes, note_at, toml_str};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// The translated edition to import beside the original.
pub struct Translation<'a> {
    /// The MkDocs project folder (or its mkdocs.yml) of the translated edition.
    pub project: &'a Path,
    /// Its language code; `theme.language` of its mkdocs.yml when not given.
    pub language: Option<&'a str>,
}

/// Imports `project` and its `translation` into `into` as one bilingual handbook.
pub fn import_bilingual(
    project: &Path,
    translation: &Translation,
    into: &Path,
    force: bool,
) -> Result<Outcome, Fatal> {
    let (plan, mut outcome) = plan(project, translation).map_err(Fatal::Diagnostics)?;
    let (written, unchanged) = crate::plan::apply(&plan, into, force)?;
    outcome.written = written;
    outcome.unchanged = unchanged;
    Ok(outcome)
}

/// Every file of the bilingual handbook, without writing anything.
pub fn plan(project: &Path, translation: &Translation) -> Result<(Plan, Outcome), Vec<Diagnostic>> {
    let original = edition(project, &mut |_| {})?;
    let default = original
        .language
        .clone()
        .unwrap_or_else(|| "en".to_string());
    let mut pairing = Pairing::default();
    let other = edition(translation.project, &mut |layout| {
        pairing = pair(&original.layout, layout);
    })?;
    let lang = match translation
        .language
        .map(str::to_string)
        .or(other.language.clone())
    {
        Some(lang) if crate::config::languages::is_language_code(&lang) && lang != default => lang,
        found => {
            let why = match found {
                Some(l) if l == default => {
                    format!("the translated edition's language `{l}` is the original's too")
                }
                Some(l) => format!("`{l}` is not a language code"),
                None => "the translated edition's mkdocs.yml has no `theme.language`".to_string(),
            };
            return Err(vec![
                Diagnostic::error(
                    "mkdocs",
                    format!("cannot tell the translation's language: {why}"),
                )
                .hint("pass its code with --language (e.g. --language ja)"),
            ]);
        }
    };
    let mut plan = original.plan;
    let mut outcome = original.outcome;
    let config = plan
        .files
        .remove(crate::config::CONFIG_FILE)
        .unwrap_or_default();
    let mut config = String::from_utf8_lossy(&config).into_owned();
    config.push_str(&languages_table(&default, &lang, &other));
    plan.add(crate::config::CONFIG_FILE, config);
    let other_display = translation.project.display().to_string();
    merge(
        &mut plan,
        other.plan,
        &lang,
        &pairing,
        &mut outcome.notes,
        &other_display,
    );
    for mut note in other.outcome.notes {
        note.file = note.file.map(|f| format!("{other_display}/{f}"));
        outcome.notes.push(note);
    }
    // Each edition's `theme.language` is used: it names the languages.
    outcome
        .notes
        .retain(|n| !n.message.starts_with("theme setting `language`"));
    finish_notes(&mut outcome.notes);
    outcome.summary = format!(
        "{} and its `{lang}` translation from {other_display}",
        outcome.summary
    );
    outcome.one_edition = pairing.report(&lang);
    Ok((plan, outcome))
}

/// How the translated edition's pages meet the original's.
#[derive(Default)]
struct Pairing {
    /// The original's pages (dests) with no translation.
    only_original: Vec<String>,
    /// The translated edition's pages with no original: their dest.
    only_translation: Vec<String>,
}

impl Pairing {
    fn report(&self, lang: &str) -> Vec<String> {
        let mut lines: Vec<String> = self
            .only_original
            .iter()
            .map(|d| format!("content/{d}: only in the original; not translated"))
            .collect();
        lines.extend(self.only_translation.iter().map(|d| {
            format!(
                "content/{}: only in the `{lang}` edition; content/{d} stands in for its original",
                with_lang(d, lang)
            )
        }));
        lines
    }
}

/// Moves the translated edition's pages (`layout`) onto the original's places: a
/// page onto the original's page of the same file when there is one, else onto the
/// page or section at the same place in the nav that no page has taken.
fn pair(original: &nav::Layout, layout: &mut nav::Layout) -> Pairing {
    let mut at_place: HashMap<&[usize], &str> = HashMap::new();
    for p in original.pages.values() {
        if let Some(position) = &p.position {
            at_place.insert(position, &p.dest);
        }
    }
    for (dest, position) in &original.generated_positions {
        at_place.insert(position, dest);
    }
    let taken: HashSet<&str> = original
        .pages
        .values()
        .map(|p| p.dest.as_str())
        .chain(original.generated.iter().map(|g| g.0.as_str()))
        .collect();
    let same_file: HashSet<String> = layout
        .pages
        .keys()
        .filter_map(|src| original.pages.get(src))
        .map(|p| p.dest.clone())
        .collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut pairing = Pairing::default();
    let mut place = |dest: &mut String, partner: Option<&str>| match partner {
        Some(partner) if used.insert(partner.to_string()) => *dest = partner.to_string(),
        _ => {
            if taken.contains(dest.as_str()) {
                let stem = dest.strip_suffix(".md").unwrap_or(dest);
                *dest = format!("{stem}-translated.md");
            }
            pairing.only_translation.push(dest.clone());
        }
    };
    let by_place = |position: &Option<Vec<usize>>| {
        let partner = at_place.get(position.as_ref()?.as_slice()).copied()?;
        (!same_file.contains(partner)).then_some(partner)
    };
    for (src, p) in layout.pages.iter_mut() {
        let partner = original.pages.get(src).map(|o| o.dest.as_str());
        place(&mut p.dest, partner.or_else(|| by_place(&p.position)));
    }
    let positions = std::mem::take(&mut layout.generated_positions);
    for (dest, _, _) in layout.generated.iter_mut() {
        place(dest, by_place(&positions.get(dest).cloned()));
    }
    pairing.only_original = original
        .pages
        .values()
        .map(|p| p.dest.clone())
        .filter(|d| !used.contains(d))
        .collect();
    pairing.only_original.sort();
    pairing.only_translation.sort();
    pairing
}

/// `guide/a.md` → `guide/a.ja.md`.
fn with_lang(dest: &str, lang: &str) -> String {
    let stem = dest.strip_suffix(".md").unwrap_or(dest);
    format!("{stem}.{lang}.md")
}

/// Adds the translated edition's files to `plan`: its pages as translations, a
/// stand-in original for each page only it has, its other files where the original
/// has none (a file both have with other bytes keeps the original's, with a note).
fn merge(
    plan: &mut Plan,
    other: Plan,
    lang: &str,
    pairing: &Pairing,
    notes: &mut Vec<Diagnostic>,
    other_display: &str,
) {
    let alone: HashSet<String> = pairing
        .only_translation
        .iter()
        .map(|d| format!("content/{d}"))
        .collect();
    for (path, bytes) in other.files {
        if path == crate::config::CONFIG_FILE {
            continue;
        }
        if path.ends_with(".md") {
            if alone.contains(&path) {
                plan.add(path.clone(), stand_in(&bytes, lang));
            }
            plan.add(with_lang(&path, lang), bytes);
            continue;
        }
        match plan.files.get(&path) {
            Some(same) if *same == bytes => {}
            Some(_) => notes.push(note_at(
                &format!("{other_display}/{path}"),
                0,
                0,
                format!("differs from the original's `{path}`; the original's is kept"),
            )),
            None => plan.add(path, bytes),
        }
    }
}

/// The default language's page standing in for a page only the translation has:
/// its title and weight, and a line saying it waits for its text.
fn stand_in(translated: &[u8], lang: &str) -> String {
    let text = String::from_utf8_lossy(translated);
    let mut front = String::from("+++\n");
    let mut lines = text.lines();
    if lines.next() == Some("+++") {
        for line in lines.take_while(|l| *l != "+++") {
            if line.starts_with("title =") || line.starts_with("weight =") {
                front.push_str(line);
                front.push('\n');
            }
        }
    }
    format!(
        "{front}+++\nThis page was imported from the `{lang}` edition only; write it in this language here.\n"
    )
}

/// `[languages]` for ownbook.toml: the original's language first (the default), then
/// the translation's, with its site name and description.
fn languages_table(default: &str, lang: &str, other: &Edition) -> String {
    let mut out = format!(
        "\n# The guide's languages: `content/X.{lang}.md` translates `content/X.md`.\n[languages]\ndefault = {}\n\n[languages.{default}]\nname = {}\n\n[languages.{lang}]\nname = {}\ntitle = {}\n",
        toml_str(default),
        toml_str(&name_of(default)),
        toml_str(&name_of(lang)),
        toml_str(&other.site_name),
    );
    if let Some(d) = &other.site_description {
        out.push_str(&format!("description = {}\n", toml_str(d)));
    }
    out
}

/// A language's own name, for the switcher; the code for languages not listed here
/// (ownbook.toml can say better).
fn name_of(code: &str) -> String {
    let names: BTreeMap<&str, &str> = [
        ("de", "Deutsch"),
        ("en", "English"),
        ("es", "Español"),
        ("fr", "Français"),
        ("it", "Italiano"),
        ("ja", "日本語"),
        ("ko", "한국어"),
        ("pt", "Português"),
        ("zh", "中文"),
    ]
    .into_iter()
    .collect();
    names
        .get(code)
        .map_or_else(|| code.to_string(), |n| n.to_string())
}
