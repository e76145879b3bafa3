//! Backstage entities read from YAML into plain owned data, with the position of
//! every field so that what is not converted can be reported at file:line.

use crate::import::{Note, note_at, yaml};

/// A line and column in a catalog file.
pub type Pos = (usize, usize);

/// A YAML value reduced to what the importer needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    List(Vec<Val>),
    Map(Vec<(String, Val)>),
    Null,
}

impl Val {
    pub fn text(&self) -> Option<&str> {
        match self {
            Val::Text(s) => Some(s.as_str()).filter(|s| !s.trim().is_empty()),
            _ => None,
        }
    }

    /// A list of texts (a single text counts as a list of one).
    pub fn texts(&self) -> Vec<String> {
        match self {
            Val::Text(s) => vec![s.clone()],
            Val::List(items) => items
                .iter()
                .filter_map(|v| v.text().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn from_node(node: &yaml::Node, text: &str) -> Val {
        if let Some(t) = yaml::text(node) {
            return Val::Text(t);
        }
        if yaml::is_unreadable(node) {
            return Val::Text(yaml::source_of(text, node).to_string());
        }
        let entries = yaml::entries(node);
        if !entries.is_empty() {
            return Val::Map(
                entries
                    .into_iter()
                    .map(|(k, _, v)| (k, Val::from_node(v, text)))
                    .collect(),
            );
        }
        let items = yaml::items(node);
        if !items.is_empty() {
            return Val::List(items.iter().map(|v| Val::from_node(v, text)).collect());
        }
        Val::Null
    }
}

/// One field of `spec` (or `metadata.annotations` / `labels`) with its position.
#[derive(Debug, Clone)]
pub struct Field {
    pub key: String,
    pub val: Val,
    pub pos: Pos,
}

/// A link from `metadata.links`.
#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub title: Option<String>,
    pub icon: Option<String>,
    pub kind: Option<String>,
    pub pos: Pos,
}

/// One catalog entity.
#[derive(Debug, Clone)]
pub struct Entity {
    /// The kind in lowercase (`component`).
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub links: Vec<Link>,
    pub annotations: Vec<Field>,
    pub labels: Vec<Field>,
    pub spec: Vec<Field>,
    /// Other `metadata` keys (uid, etag…), for the report.
    pub other_metadata: Vec<Field>,
    pub file: String,
    pub pos: Pos,
}

impl Entity {
    /// `kind:namespace/name`, lowercase: how refs to this entity are matched.
    pub fn key(&self) -> String {
        format!(
            "{}:{}/{}",
            self.kind,
            self.namespace,
            self.name.to_lowercase()
        )
    }

    pub fn spec(&self, key: &str) -> Option<&Val> {
        self.spec.iter().find(|f| f.key == key).map(|f| &f.val)
    }

    pub fn spec_text(&self, key: &str) -> Option<String> {
        self.spec(key)
            .and_then(Val::text)
            .map(|s| s.trim().to_string())
    }

    pub fn spec_list(&self, key: &str) -> Vec<String> {
        self.spec(key).map(Val::texts).unwrap_or_default()
    }

    /// A note about this entity at `pos`.
    pub fn note(&self, pos: Pos, message: String) -> Note {
        note_at(&self.file, pos.0, pos.1, message)
    }

    /// The display name: `metadata.title`, else the name.
    pub fn label(&self) -> String {
        self.title.clone().unwrap_or_else(|| self.name.clone())
    }
}

/// Reads the entities of one parsed document. Documents that are not entities
/// (no `kind` or no `metadata.name`) are noted and skipped.
pub fn read(doc: &yaml::Node, text: &str, file: &str, notes: &mut Vec<Note>) -> Option<Entity> {
    let pos = yaml::pos(doc);
    let kind = yaml::get_text(doc, "kind");
    let metadata = yaml::get(doc, "metadata");
    let name = metadata.and_then(|m| yaml::get_text(m, "name"));
    let (Some(kind), Some(metadata), Some(name)) = (kind, metadata, name) else {
        if yaml::is_mapping(doc) {
            notes.push(note_at(file, pos.0, pos.1, "this YAML document is not a Backstage entity (it needs `kind` and `metadata.name`); skipped"));
        }
        return None;
    };
    let fields = |node: Option<&yaml::Node>| -> Vec<Field> {
        node.map(yaml::entries)
            .unwrap_or_default()
            .into_iter()
            .map(|(key, k, v)| Field {
                key,
                val: Val::from_node(v, text),
                pos: yaml::pos(k),
            })
            .collect()
    };
    let mut entity = Entity {
        kind: kind.to_lowercase(),
        namespace: yaml::get_text(metadata, "namespace")
            .unwrap_or_else(|| "default".into())
            .to_lowercase(),
        name,
        title: yaml::get_text(metadata, "title"),
        description: yaml::get_text(metadata, "description"),
        tags: yaml::text_list(yaml::get(metadata, "tags")),
        links: Vec::new(),
        annotations: fields(yaml::get(metadata, "annotations")),
        labels: fields(yaml::get(metadata, "labels")),
        spec: fields(yaml::get(doc, "spec")),
        other_metadata: Vec::new(),
        file: file.to_string(),
        pos: yaml::get(metadata, "name").map(yaml::pos).unwrap_or(pos),
    };
    for link in yaml::get(metadata, "links")
        .map(yaml::items)
        .unwrap_or_default()
    {
        match yaml::get_text(link, "url") {
            Some(url) => entity.links.push(Link {
                url,
                title: yaml::get_text(link, "title"),
                icon: yaml::get_text(link, "icon"),
                kind: yaml::get_text(link, "type"),
                pos: yaml::pos(link),
            }),
            None => notes.push(entity.note(yaml::pos(link), "link without `url`; skipped".into())),
        }
    }
    for (key, k, v) in yaml::entries(metadata) {
        if !matches!(
            key.as_str(),
            "name"
                | "namespace"
                | "title"
                | "description"
                | "tags"
                | "links"
                | "annotations"
                | "labels"
        ) {
            entity.other_metadata.push(Field {
                key,
                val: Val::from_node(v, text),
                pos: yaml::pos(k),
            });
        }
    }
    Some(entity)
}

/// An entity reference `[kind:][namespace/]name`, with the kind to assume when the
/// reference has none. Returns the lowercase key `kind:namespace/name`.
pub fn parse_ref(reference: &str, default_kind: &str) -> String {
    let r = reference.trim();
    let (kind, rest) = match r.split_once(':') {
        Some((k, rest)) if !k.contains('/') => (k.to_lowercase(), rest),
        _ => (default_kind.to_string(), r),
    };
    let (ns, name) = rest.split_once('/').unwrap_or(("default", rest));
    format!("{kind}:{}/{}", ns.to_lowercase(), name.to_lowercase())
}

/// The name part of a ref key `kind:namespace/name`.
pub fn ref_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// The kind part of a ref key.
pub fn ref_kind(key: &str) -> &str {
    key.split(':').next().unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs() {
        assert_eq!(
            parse_ref("group:default/team-a", "group"),
            "group:default/team-a"
        );
        assert_eq!(parse_ref("Team-A", "group"), "group:default/team-a");
        assert_eq!(parse_ref("ops/oncall", "group"), "group:ops/oncall");
        assert_eq!(
            parse_ref("resource:artists-db", "component"),
            "resource:default/artists-db"
        );
        assert_eq!(ref_name("group:ops/oncall"), "oncall");
    }
}
