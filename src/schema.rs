//! `ownbook schema`: the JSON Schemas of the handbook's own files (service and team
//! files, ownbook.toml) and of the catalog.json a build writes. Each is generated from
//! the Rust types that read or write the file, so a schema cannot say something the
//! reader does not do. The build publishes them under `schemas/`, and `ownbook init`
//! writes them into a new handbook, where the `#:schema` line of its TOML files points
//! TOML editors (taplo, Even Better TOML) at them.
//!
//! The schemas are draft-07, the draft every editor's validator knows (taplo's
//! included). They depend on nothing but the ownbook binary: no `$id`, no base URL,
//! the same bytes on every run.

use crate::config::RawConfig;
use crate::diag::Fatal;
use crate::load::catalog::raw::{RawService, RawTeam};
use crate::plan::{Plan, apply};
use crate::render::catalog::json::CatalogJson;
use schemars::generate::SchemaSettings;
use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::Value;
use std::path::Path;

/// The folder of the schemas: in the published site, and in a handbook made by init.
pub const FOLDER: &str = "schemas/";

/// The schema files, by the file they describe.
pub const SERVICE: &str = "service.schema.json";
pub const TEAM: &str = "team.schema.json";
pub const CONFIG: &str = "ownbook.schema.json";
pub const CATALOG: &str = "catalog.schema.json";

/// Each schema file's name and its text (pretty JSON, ending in a newline).
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        (
            SERVICE,
            text(input::<RawService>(
                "ownbook service",
                "A service of the catalog: content/services/<id>.toml.",
            )),
        ),
        (
            TEAM,
            text(input::<RawTeam>(
                "ownbook team",
                "A team of the catalog: content/teams/<id>.toml.",
            )),
        ),
        (
            CONFIG,
            text(input::<RawConfig>(
                "ownbook.toml",
                "The settings of an ownbook handbook, at its root. Every key is optional.",
            )),
        ),
        (
            CATALOG,
            text(output::<CatalogJson>(
                "ownbook catalog.json",
                "The whole catalog as one file, written by `ownbook build` at the root of the site.",
            )),
        ),
    ]
}

/// The files `ownbook schema --out DIR` writes, and `ownbook init` into `schemas/`.
pub fn plan() -> Plan {
    let mut plan = Plan::default();
    for (name, text) in files() {
        plan.add(name, text);
    }
    plan
}

/// `ownbook schema --out DIR`: writes the schemas, refusing to overwrite a file with
/// other contents unless `force`. Gives the files written and those left unchanged.
pub fn write(out: &Path, force: bool) -> Result<(Vec<String>, Vec<String>), Fatal> {
    std::fs::create_dir_all(out).map_err(|e| Fatal::io(out, e))?;
    apply(&plan(), out, force)
}

/// The `#:schema` header line of a handbook file at `rel` (from the handbook's root,
/// `/`-separated), if it is a file a schema describes: ownbook.toml, or a service or
/// team file. TOML editors (taplo, Even Better TOML, Tombi) resolve the path from the
/// file itself, so it works offline once `schemas/` is in the handbook. The blank line
/// after it is what Tombi requires after a header directive.
pub fn directive_for(rel: &str) -> Option<String> {
    let (up, name) = if rel == crate::config::CONFIG_FILE {
        ("./", CONFIG)
    } else {
        let (folder, file) = rel.rsplit_once('/')?;
        let name = match folder {
            "content/services" => SERVICE,
            "content/teams" => TEAM,
            _ => return None,
        };
        if !file.ends_with(".toml") {
            return None;
        }
        ("../../", name)
    };
    Some(format!("#:schema {up}{FOLDER}{name}\n\n"))
}

/// Writes into `root/schemas/` the schema files missing there (for `ownbook new` in a
/// handbook made before the schemas existed), leaving existing ones alone: an older
/// copy is updated with `ownbook schema --out schemas --force`. Gives the files written.
pub fn write_missing(root: &Path) -> Result<Vec<String>, Fatal> {
    let folder = root.join(FOLDER);
    let mut missing = Plan::default();
    for (name, text) in files() {
        if !folder.join(name).exists() {
            missing.add(name, text);
        }
    }
    if missing.files.is_empty() {
        return Ok(Vec::new());
    }
    std::fs::create_dir_all(&folder).map_err(|e| Fatal::io(&folder, e))?;
    Ok(apply(&missing, &folder, false)?.0)
}

/// The schema of a TOML file read into `T`.
fn input<T: JsonSchema>(title: &str, description: &str) -> Schema {
    let mut settings = SchemaSettings::draft07().for_deserialize();
    // First, so that the draft-07 transforms see the schemas without it.
    settings.transforms.insert(0, Box::new(NoNull));
    let schema = settings
        .with_transform(Unwrapped)
        .into_generator()
        .into_root_schema_for::<T>();
    titled(schema, title, description)
}

/// The schema of a JSON file written from `T`.
fn output<T: JsonSchema>(title: &str, description: &str) -> Schema {
    let settings = SchemaSettings::draft07().for_serialize();
    let schema = settings
        .with_transform(Unwrapped)
        .into_generator()
        .into_root_schema_for::<T>();
    titled(schema, title, description)
}

fn titled(mut schema: Schema, title: &str, description: &str) -> Schema {
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema
}

fn text(schema: Schema) -> String {
    serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".into()) + "\n"
}

/// TOML has no null: an `Option` is a key that may be left out, which `required`
/// already says. Removes the `null` schemars allows for every `Option`.
#[derive(Clone)]
struct NoNull;

impl Transform for NoNull {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(obj) = schema.as_object_mut() {
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    obj.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(values)) = obj.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
            if let Some(Value::Array(branches)) = obj.get_mut("anyOf") {
                branches.retain(|b| b.get("type").and_then(Value::as_str) != Some("null"));
                // An inline schema left alone in `anyOf` is the schema itself. (A
                // `$ref` stays wrapped: beside it, the key's description would be
                // ignored.)
                if let [Value::Object(only)] = branches.as_slice()
                    && !only.contains_key("$ref")
                {
                    let only = only.clone();
                    obj.remove("anyOf");
                    for (key, value) in only {
                        obj.entry(key).or_insert(value);
                    }
                }
            }
        }
        transform_subschemas(self, schema);
    }
}

/// Descriptions come from doc comments wrapped at 90 columns: the lines of a
/// paragraph are joined, for editors that show the text as it is.
#[derive(Clone)]
struct Unwrapped;

impl Transform for Unwrapped {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(Value::String(text)) = schema.get_mut("description") {
            *text = text
                .split("\n\n")
                .map(|paragraph| paragraph.split('\n').collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
        transform_subschemas(self, schema);
    }
}
