//! `search/strings.js`: the interface strings the search scripts show (result
//! counts, "no results", kind labels, filters), in the site's language. The scripts
//! are one asset for every language, so their words come with each language's index
//! instead; a string missing here leaves the script's English one.

use crate::output::OutputFile;
use std::collections::BTreeMap;

/// The function the file calls (defined by search.js).
const CALLBACK: &str = "ownbookSearchStrings";

/// The keys of the strings files (`i18n/<lang>.toml`) the search scripts use.
pub const KEYS: &[&str] = &[
    "search_all_languages",
    "search_results_label",
    "search_loading",
    "search_unavailable",
    "search_no_results",
    "search_no_match_for",
    "search_one_result",
    "search_results",
    "search_more_than",
    "search_show_more",
    "search_kind_page",
    "search_kind_service",
    "search_kind_team",
    "search_filter_type",
    "search_filter_any",
    "search_filter_pages",
    "search_filter_services",
    "search_filter_teams",
    "search_filter_owner",
    "search_filter_tier",
    "search_filter_tier_value",
    "search_filter_lifecycle",
    "search_tier",
    "search_owner",
];

/// The file of `strings` (the site's strings by key): only the search scripts' keys,
/// sorted, so the file is the same on every build.
pub fn file(strings: &BTreeMap<String, String>) -> OutputFile {
    let used: BTreeMap<&str, &str> = KEYS
        .iter()
        .filter_map(|&k| strings.get(k).map(|v| (k, v.as_str())))
        .collect();
    // Strings in a map serialize without fail.
    let json = serde_json::to_string(&used).unwrap_or_else(|_| "{}".to_string());
    OutputFile::text(
        format!("{}strings.js", super::FOLDER),
        format!("{CALLBACK}({json});\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_only_the_scripts_strings_in_key_order() {
        let strings: BTreeMap<String, String> = [
            ("search_kind_team", "チーム"),
            ("edit_page", "このページを編集"),
            ("search_kind_page", "ページ"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let file = file(&strings);
        assert_eq!(file.path, "search/strings.js");
        assert_eq!(
            String::from_utf8_lossy(file.content.as_bytes().unwrap_or_default()),
            "ownbookSearchStrings({\"search_kind_page\":\"ページ\",\"search_kind_team\":\"チーム\"});\n"
        );
    }
}
