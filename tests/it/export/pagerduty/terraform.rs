//! Reading exported Terraform back with hcl-rs: every resource and data source by
//! address, its attributes as strings, numbers and references.

use hcl::{Block, Body, Expression};
use std::collections::BTreeMap;
use std::path::Path;

/// One resource or data source and the file it is in.
pub struct Resource {
    pub file: String,
    pub body: Body,
}

/// Every `.tf` file of a folder, parsed.
pub struct Terraform {
    /// File name → text.
    pub files: BTreeMap<String, String>,
    /// `type.name` for resources, `data.type.name` for data sources.
    pub resources: BTreeMap<String, Resource>,
    /// Top-level blocks other than resources and data sources (`terraform`).
    pub others: Vec<(String, Block)>,
}

pub fn read(dir: &Path) -> Terraform {
    let mut tf = Terraform {
        files: BTreeMap::new(),
        resources: BTreeMap::new(),
        others: Vec::new(),
    };
    for entry in std::fs::read_dir(dir).expect("read out dir") {
        let path = entry.expect("entry").path();
        if crate::export::is_manifest(&path) {
            continue;
        }
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read tf");
        let body = hcl::parse(&text).unwrap_or_else(|e| panic!("{name} is not HCL: {e}"));
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
            let address = match (block.identifier(), labels.as_slice()) {
                ("resource", [kind, name]) => format!("{kind}.{name}"),
                ("data", [kind, name]) => format!("data.{kind}.{name}"),
                _ => {
                    tf.others.push((name.clone(), block.clone()));
                    continue;
                }
            };
            let previous = tf.resources.insert(
                address.clone(),
                Resource {
                    file: name.clone(),
                    body: block.body().clone(),
                },
            );
            assert!(previous.is_none(), "{address} is declared twice");
        }
        tf.files.insert(name, text);
    }
    tf
}

impl Terraform {
    /// The resources of one type, by address.
    pub fn of_type<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = (&'a str, &'a Body)> {
        let prefix = format!("{kind}.");
        self.resources
            .iter()
            .filter(move |(a, _)| {
                a.starts_with(&prefix) && a.matches('.').count() == prefix.matches('.').count()
            })
            .map(|(a, r)| (a.as_str(), &r.body))
    }

    /// The resource a reference such as `pagerduty_team.x.id` points at.
    pub fn target(&self, reference: &str) -> &Resource {
        let address = reference.strip_suffix(".id").unwrap_or(reference);
        self.resources
            .get(address)
            .unwrap_or_else(|| panic!("`{reference}` refers to nothing"))
    }

    /// The one resource of `kind` whose `name` attribute is `name` and whose `teams`
    /// holds `team` (when given).
    pub fn named<'a>(
        &'a self,
        kind: &'a str,
        name: &str,
        team: Option<&str>,
    ) -> (&'a str, &'a Body) {
        let found: Vec<(&str, &Body)> = self
            .of_type(kind)
            .filter(|(_, b)| string(attr(b, "name")) == name)
            .filter(|(_, b)| {
                team.is_none_or(|t| {
                    list(attr(b, "teams"))
                        .iter()
                        .map(reference)
                        .collect::<Vec<_>>()
                        == [format!("pagerduty_team.{t}.id")]
                })
            })
            .collect();
        assert_eq!(found.len(), 1, "one {kind} named {name:?} of team {team:?}");
        found[0]
    }
}

pub fn attr<'a>(body: &'a Body, key: &str) -> &'a Expression {
    body.attributes()
        .find(|a| a.key() == key)
        .map(|a| a.expr())
        .unwrap_or_else(|| panic!("no attribute `{key}`"))
}

pub fn blocks<'a>(body: &'a Body, identifier: &str) -> Vec<&'a Block> {
    body.blocks()
        .filter(|b| b.identifier() == identifier)
        .collect()
}

pub fn one<'a>(body: &'a Body, identifier: &str) -> &'a Body {
    let found = blocks(body, identifier);
    assert_eq!(found.len(), 1, "one `{identifier}` block");
    found[0].body()
}

pub fn string(e: &Expression) -> &str {
    match e {
        Expression::String(s) => s,
        other => panic!("not a plain string: {other:?}"),
    }
}

pub fn int(e: &Expression) -> i64 {
    match e {
        Expression::Number(n) => n.as_i64().expect("an integer"),
        other => panic!("not a number: {other:?}"),
    }
}

pub fn list(e: &Expression) -> &[Expression] {
    match e {
        Expression::Array(items) => items,
        other => panic!("not a list: {other:?}"),
    }
}

/// A reference as dotted text (`data.pagerduty_user.x.id`).
pub fn reference(e: &Expression) -> String {
    let Expression::Traversal(t) = e else {
        panic!("not a reference: {e:?}")
    };
    let Expression::Variable(root) = &t.expr else {
        panic!("a reference starts with a name: {e:?}")
    };
    let mut text = root.to_string();
    for op in &t.operators {
        match op {
            hcl::expr::TraversalOperator::GetAttr(name) => {
                text.push('.');
                text.push_str(name);
            }
            other => panic!("unexpected operator {other:?}"),
        }
    }
    text
}

/// Every reference anywhere in a body.
pub fn all_references(body: &Body, out: &mut Vec<String>) {
    for a in body.attributes() {
        expression_references(a.expr(), out);
    }
    for b in body.blocks() {
        all_references(b.body(), out);
    }
}

fn expression_references(e: &Expression, out: &mut Vec<String>) {
    match e {
        Expression::Traversal(_) => out.push(reference(e)),
        Expression::Array(items) => items.iter().for_each(|i| expression_references(i, out)),
        Expression::Object(o) => o.values().for_each(|v| expression_references(v, out)),
        _ => {}
    }
}
