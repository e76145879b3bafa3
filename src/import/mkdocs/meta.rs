//! Page meta-data as MkDocs reads it: a YAML block between `---` lines, or
//! MultiMarkdown-style `Key: value` lines up to the first blank line. `title`,
//! `description` and `hide: [toc]` carry over; everything else is noted.

use crate::import::{Note, note_at, yaml};

#[derive(Default)]
pub struct Meta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub toc: Option<bool>,
}

/// Reads YAML (`---`) or MultiMarkdown (`Key: value`) meta-data; returns it and the
/// index of the first body line.
pub fn split(all: &[&str], display: &str, notes: &mut Vec<Note>) -> (Meta, usize) {
    let mut meta = Meta::default();
    if all.first().map(|l| l.trim_end()) == Some("---")
        && let Some(close) = all
            .iter()
            .skip(1)
            .position(|l| matches!(l.trim_end(), "---" | "..."))
    {
        let text = all[1..=close].join("\n");
        match yaml::load(display, &text) {
            Ok(docs) => {
                for (key, knode, value) in docs.first().map(yaml::entries).unwrap_or_default() {
                    let (line, col) = yaml::pos(knode);
                    apply_meta(
                        &mut meta,
                        &key,
                        yaml::text(value),
                        yaml::text_list(Some(value)),
                        display,
                        line + 1,
                        col,
                        notes,
                    );
                }
            }
            Err(mut d) => {
                d.line += 1;
                notes.push(note_at(
                    display,
                    d.line,
                    d.column,
                    format!(
                        "page meta-data is not valid YAML ({}); it was left out",
                        d.message
                    ),
                ));
            }
        }
        return (meta, close + 2);
    }
    let is_key = |l: &str| {
        l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
    };
    if !all.first().is_some_and(|l| is_key(l)) {
        return (meta, 0);
    }
    let mut i = 0;
    let mut entries: Vec<(String, String, usize)> = Vec::new();
    while i < all.len() && !all[i].trim().is_empty() {
        if all[i].starts_with("    ")
            && let Some(last) = entries.last_mut()
        {
            last.1.push(' ');
            last.1.push_str(all[i].trim());
        } else if let Some((k, v)) = all[i].split_once(':').filter(|_| is_key(all[i])) {
            entries.push((k.to_lowercase(), v.trim().to_string(), i + 1));
        } else {
            return (Meta::default(), 0);
        }
        i += 1;
    }
    for (k, v, line) in entries {
        apply_meta(
            &mut meta,
            &k,
            Some(v.clone()),
            vec![v],
            display,
            line,
            1,
            notes,
        );
    }
    (meta, i)
}

#[allow(clippy::too_many_arguments)]
fn apply_meta(
    meta: &mut Meta,
    key: &str,
    value: Option<String>,
    list: Vec<String>,
    display: &str,
    line: usize,
    col: usize,
    notes: &mut Vec<Note>,
) {
    match key {
        "title" => meta.title = value.filter(|v| !v.trim().is_empty()),
        "description" => meta.description = value.filter(|v| !v.trim().is_empty()),
        "hide" => {
            for h in list {
                if h == "toc" {
                    meta.toc = Some(false);
                } else {
                    notes.push(note_at(
                        display,
                        line,
                        col,
                        format!("`hide: {h}` has no ownbook equivalent"),
                    ));
                }
            }
        }
        _ => notes.push(note_at(
            display,
            line,
            col,
            format!("page meta-data `{key}` has no ownbook equivalent"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_data_styles() {
        let mut notes = Vec::new();
        let yaml_style = [
            "---",
            "title: A",
            "hide:",
            "  - toc",
            "  - navigation",
            "---",
            "body",
        ];
        let (m, start) = split(&yaml_style, "p.md", &mut notes);
        assert_eq!(
            (m.title.as_deref(), m.toc, start),
            (Some("A"), Some(false), 6)
        );
        assert_eq!(notes.len(), 1);
        let mmd = ["Title: B", "Description: one", "    two", "", "body"];
        let (m, start) = split(&mmd, "p.md", &mut notes);
        assert_eq!(
            (m.title.as_deref(), m.description.as_deref(), start),
            (Some("B"), Some("one two"), 3)
        );
        let (m, start) = split(&["Just text: here", "and more"], "p.md", &mut notes);
        assert_eq!((m.title, start), (None, 0));
    }
}
