//! Pieces of JSON Schema for what TOML has and JSON has not. The schemas of ownbook's
//! files are generated from the serde types that read them (`ownbook schema`); these
//! stand in for the values serde reads as `toml` types or plain strings.
//!
//! An editor checks a TOML file against a JSON Schema by converting the file to JSON,
//! where a TOML date becomes a string. The `format`s below are the ones TOML language
//! servers map back to TOML's date types: `date` is a local date, and
//! `partial-date-time` (schemars' name for a date and time without an offset) a local
//! date-time. A JSON Schema validator that does not know a format ignores it.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// A TOML local date, written without quotes: `2026-10-02`.
pub struct LocalDate;

impl JsonSchema for LocalDate {
    fn schema_name() -> Cow<'static, str> {
        "LocalDate".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}

/// A TOML local date-time such as `2026-01-05T09:00:00`, or a local date (midnight).
pub struct LocalDateTime;

impl JsonSchema for LocalDateTime {
    fn schema_name() -> Cow<'static, str> {
        "LocalDateTime".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Each branch typed, so that a server reading `format` as a TOML type sees both.
        json_schema!({
            "anyOf": [
                { "type": "string", "format": "partial-date-time" },
                { "type": "string", "format": "date" }
            ]
        })
    }
}

/// A string that is one of `names`.
pub fn string_enum<'a>(names: impl IntoIterator<Item = &'a str>) -> Schema {
    let names: Vec<&str> = names.into_iter().collect();
    json_schema!({ "type": "string", "enum": names })
}
