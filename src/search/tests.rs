//! Unit tests of the index: ranking, identifiers, scripts without spaces, the
//! postings code and the shard files. The browser's half (query parsing, prefixes,
//! typos, snippets) is tested in a real browser by tests/it/search_browser.rs.

use super::chunks::excerpt;
use super::index::{self, Doc, Entry, Index, Kind, Postings};
use super::shard::{self, varint};
use super::tokenize::{Stem, TokenKind, tokenize};
use std::collections::HashMap;

fn guide(title: &str, heading: &str, text: &str) -> Doc<'static> {
    Doc {
        kind: Kind::Guide,
        page: format!("{}/index.html", crate::text::slugify(title)).into(),
        anchor: crate::text::slugify(heading).into(),
        title: title.to_string().into(),
        heading: heading.to_string().into(),
        trail: "Guide".into(),
        text: text.to_string().into(),
        title_terms: "".into(),
        tags: Vec::new().into(),
        owner: None,
        tier: None,
        lifecycle: None,
        section: !heading.is_empty(),
    }
}

fn service(id: &str, title: &str, text: &str, tags: &[&str]) -> Doc<'static> {
    Doc {
        kind: Kind::Service,
        page: format!("services/{id}/index.html").into(),
        anchor: "".into(),
        title: title.to_string().into(),
        title_terms: id.to_string().into(),
        tags: tags
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .into(),
        owner: Some("checkout".into()),
        tier: Some(1),
        lifecycle: Some("production".into()),
        section: false,
        heading: "".into(),
        trail: "Services".into(),
        text: text.to_string().into(),
    }
}

/// What the browser does for exact words: every word must match, scores add up.
fn rank(index: &Index, query: &str) -> Vec<u32> {
    let mut words = Vec::new();
    tokenize(query, |w, kind| {
        if kind != TokenKind::Compound {
            words.push(w.to_string());
        }
    });
    let stem = Stem::default();
    let mut scores: HashMap<u32, (f32, usize)> = HashMap::new();
    for w in &words {
        // A word the handbook never uses may still share a stem with one it does.
        let Some(p) = index.lookup(w).or_else(|| index.lookup(&stem.key(w))) else {
            continue;
        };
        for (&doc, &level) in p.docs.iter().zip(&p.levels) {
            let e = scores.entry(doc).or_default();
            e.0 += f32::from(level) / index::LEVELS as f32 * p.max;
            e.1 += 1;
        }
    }
    let mut hits: Vec<(u32, f32)> = scores
        .into_iter()
        .filter(|(_, (_, n))| *n == words.len())
        .map(|(d, (s, _))| (d, s))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.into_iter().map(|(d, _)| d).collect()
}

fn filler(n: usize) -> Vec<Doc<'static>> {
    (0..n)
        .map(|i| {
            guide(
                &format!("Filler page {i}"),
                "",
                "Teams deploy services to production and review dashboards every week.",
            )
        })
        .collect()
}

#[test]
fn a_title_match_beats_a_single_mention() {
    let mut docs = vec![
        guide(
            "Deploying safely",
            "",
            "Roll out in stages. Watch the dashboards, and start an escalation if the error rate climbs past the budget for this service and its dependencies.",
        ),
        guide(
            "Escalation policies",
            "",
            "Who gets paged next, and after how long.",
        ),
    ];
    docs.extend(filler(20));
    let index = index::build(&docs);
    assert_eq!(rank(&index, "escalation")[..2], [1, 0]);
    assert_eq!(rank(&index, "escalation policies")[..1], [1]);
    // Stemming: a singular the handbook never uses finds the plural title.
    assert_eq!(rank(&index, "escalation policy")[..1], [1]);
    assert_eq!(rank(&index, "Escalations")[..2], [1, 0]);
}

#[test]
fn field_weights_put_title_above_heading_above_tags_above_body() {
    let mut docs = vec![
        guide("Runbooks", "", "A page about the pager and who holds it."),
        service("relay", "Relay", "Relays alerts.", &["pager"]),
        guide("Alerts", "Pager", "Who holds it."),
        guide("Pager", "", "Who holds it."),
    ];
    docs.extend(filler(20));
    let index = index::build(&docs);
    assert_eq!(rank(&index, "pager"), [3, 2, 1, 0]);
}

#[test]
fn identifiers_are_found_whole_and_by_parts() {
    let mut docs = vec![
        service(
            "checkout-api",
            "Checkout API",
            "Takes payments.",
            &["payments"],
        ),
        guide(
            "Teams",
            "Policies",
            "Set escalation_policy in the team file.",
        ),
    ];
    docs.extend(filler(5));
    let index = index::build(&docs);
    for q in [
        "checkout-api",
        "checkout",
        "api",
        "Checkout API",
        "payments",
    ] {
        assert_eq!(rank(&index, q).first(), Some(&0), "{q}");
    }
    for q in ["escalation_policy", "escalation", "policies"] {
        assert_eq!(rank(&index, q).first(), Some(&1), "{q}");
    }
    assert!(index.lookup("checkout-api").is_some());
    assert!(index.lookup("escalation_policy").is_some());
}

#[test]
fn chinese_text_is_searchable() {
    let mut docs = vec![guide("值班", "", "每个服务都有一个负责人和值班轮换。")];
    docs.extend(filler(3));
    let index = index::build(&docs);
    assert_eq!(rank(&index, "负责人"), [0]);
    assert_eq!(rank(&index, "值班"), [0]);
    assert!(rank(&index, "负责任").is_empty());
}

#[test]
fn japanese_words_inside_sentences_are_found_and_english_by_stems() {
    let mut docs = vec![
        guide(
            "障害対応",
            "初動",
            "障害対応の手順は、まず影響範囲を確認することから始まります。担当者は五分以内に応答してください。",
        ),
        guide(
            "Incidents",
            "First response",
            "Responders confirm the impact first.",
        ),
    ];
    docs.extend(filler(3));
    let index = index::build(&docs);
    // A word with no space around it, at the start and in the middle of a sentence.
    assert_eq!(rank(&index, "障害"), [0]);
    assert_eq!(rank(&index, "影響範囲"), [0]);
    assert_eq!(rank(&index, "確認"), [0]);
    assert!(rank(&index, "障害報告").is_empty());
    // Bigrams alone also match 対応 … 応答 far apart: why the browser keeps only the
    // documents whose text has the run as typed (search-engine.js, `phrases`).
    assert_eq!(rank(&index, "対応答"), [0]);
    // English by stems: the form typed need not be the one written.
    assert_eq!(rank(&index, "responding"), [1]);
    assert_eq!(rank(&index, "confirmed impacts"), [1]);
}

#[test]
fn words_lead_to_stems_and_stems_are_not_words() {
    let docs = vec![guide("Policies", "", "A policy.")];
    let index = index::build(&docs);
    let get = |k: &str| {
        index
            .entries
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, e)| e)
    };
    assert_eq!(get("policies"), Some(&Entry::Stem("polici".into())));
    assert_eq!(get("policy"), Some(&Entry::Stem("polici".into())));
    assert!(matches!(
        get("polici"),
        Some(Entry::Postings { surface: false, .. })
    ));
    let mut sorted = index
        .entries
        .iter()
        .map(|(k, _)| k.encode_utf16().collect::<Vec<_>>())
        .collect::<Vec<_>>();
    let before = sorted.clone();
    sorted.sort();
    assert_eq!(sorted, before, "entries are in UTF-16 order");
}

#[test]
fn postings_list_each_document_once_in_order_however_the_work_is_split() {
    // Enough documents for several blocks, with two forms of one stem in some.
    let docs: Vec<Doc> = (0..300)
        .map(|i| {
            let text = match i % 3 {
                0 => "We deploy on Tuesdays; deploying twice needs a second reviewer.",
                1 => "The pager rotates weekly.",
                _ => "Deploys wait for green dashboards.",
            };
            guide(&format!("Page {i}"), "", text)
        })
        .collect();
    let expected: Vec<u32> = (0..300).filter(|i| i % 3 != 1).collect();
    let index = index::build(&docs);
    let deploy = index.lookup("deploy").expect("deploy is indexed");
    assert_eq!(deploy.docs, expected);
    // Both forms in one document weigh more than one form alone.
    assert!(deploy.levels[0] > deploy.levels[1]);
    let pinned = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let serial = pinned.install(|| index::build(&docs));
    assert_eq!(serial.entries, index.entries);
}

/// Decodes what `shard::encode_postings` wrote, as search-engine.js does.
fn decode(code: &str) -> (u32, Vec<(u32, u8)>) {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut digits = code
        .bytes()
        .map(|b| alphabet.iter().position(|&a| a == b).unwrap_or(0) as u32);
    let mut next = || {
        let (mut n, mut shift) = (0, 0);
        for d in digits.by_ref() {
            n |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                return Some(n);
            }
        }
        None
    };
    let max = next().unwrap_or(0);
    let mut out = Vec::new();
    let mut doc = 0;
    while let Some(gap) = next() {
        doc += gap;
        out.push((doc, next().unwrap_or(0) as u8));
    }
    (max, out)
}

#[test]
fn postings_code_round_trips() {
    let p = Postings {
        max: 7.25,
        docs: vec![0, 1, 31, 32, 1_000, 70_000],
        levels: vec![31, 1, 16, 2, 30, 5],
    };
    let code = shard::encode_postings(&p);
    let (max, pairs) = decode(&code);
    assert_eq!(max, 7250);
    assert_eq!(
        pairs,
        [(0, 31), (1, 1), (31, 16), (32, 2), (1_000, 30), (70_000, 5)]
    );
    let mut s = String::new();
    varint(31, &mut s);
    varint(32, &mut s);
    assert_eq!(s, "fgB", "one character up to 31, two from 32");
}

#[test]
fn excerpts_collapse_space_and_cut_at_words() {
    assert_eq!(excerpt("  a\n\n b\tc ", 100), "a b c");
    assert_eq!(excerpt("alpha beta gamma", 10), "alpha beta…");
    assert_eq!(excerpt("alpha beta gamma", 9), "alpha…");
    assert_eq!(excerpt("alpha", 5), "alpha");
    assert_eq!(excerpt("abcdefghij", 4), "abcd…");
    assert_eq!(excerpt("负责人负责人", 3), "负责人…");
    // Text that turns out not to be ASCII part way is read again by characters.
    assert_eq!(excerpt("ab \n cd\u{a0}\u{a0}é fin", 100), "ab cd é fin");
    assert_eq!(excerpt("ab cd é fin", 7), "ab cd é…");
    assert_eq!(excerpt("ab cd é fin", 6), "ab cd…");
}

/// The JSON inside one index file: `ownbookSearchData("t",3,[...]);`.
fn payload(bytes: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(bytes);
    let inner = text
        .trim_end()
        .strip_prefix("ownbookSearchData(")
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or("");
    let json = inner.splitn(3, ',').nth(2).unwrap_or("null");
    serde_json::from_str(json).unwrap_or(serde_json::Value::Null)
}

#[test]
fn shards_cover_every_key_once_in_order() {
    let mut docs = vec![service("checkout-api", "Checkout API", "Payments.", &[])];
    docs.extend((0..600).map(|i| {
        guide(
            &format!("Page {i}"),
            "",
            &format!("word{i} term{} shared text", i % 7),
        )
    }));
    let index = index::build(&docs);
    let keys: Vec<String> = index.entries.iter().map(|(k, _)| k.clone()).collect();
    let (files, sizes) = shard::write(index, &docs);
    assert!(sizes.term_shards > 1, "{sizes:?}");
    assert!(sizes.doc_chunks > 1, "{sizes:?}");
    let manifest = files
        .iter()
        .find(|f| f.path == shard::MANIFEST)
        .map(|f| match &f.content {
            crate::output::Content::Bytes(b) => payload(b),
            _ => serde_json::Value::Null,
        });
    let manifest = manifest.unwrap_or_default();
    assert_eq!(manifest["docs"], 601);
    assert_eq!(manifest["kinds"]["service"], serde_json::json!([0, 1]));
    assert_eq!(manifest["kinds"]["guide"], serde_json::json!([1, 601]));
    assert_eq!(manifest["owners"], serde_json::json!(["checkout"]));
    assert_eq!(manifest["facets"], serde_json::json!([0, 1, 0]));
    let mut seen = Vec::new();
    let version = manifest["version"].as_str().unwrap_or("").to_string();
    let shard_count = manifest["keys"].as_array().map_or(0, Vec::len);
    assert_eq!(shard_count, sizes.term_shards);
    for i in 0..shard_count {
        let path = format!("search/t/{i}.{version}.js");
        let file = files.iter().find(|f| f.path == path);
        let Some(crate::output::Content::Bytes(b)) = file.map(|f| &f.content) else {
            panic!("missing shard {path}");
        };
        let items = payload(b);
        let items = items.as_array().cloned().unwrap_or_default();
        assert_eq!(
            items.first(),
            manifest["keys"].get(i),
            "shard {i} starts at its manifest key"
        );
        seen.extend(
            items
                .iter()
                .step_by(2)
                .filter_map(|k| k.as_str().map(String::from)),
        );
    }
    assert_eq!(seen, keys);
}

#[test]
fn catalog_entries_become_searchable_documents() {
    use crate::search::SearchEntry;
    let entry =
        |kind: &'static str, id: &str, title: &str, text: &str, owner: Option<&str>| SearchEntry {
            kind,
            id: id.to_string(),
            title: title.to_string(),
            url: format!("{kind}s/{id}/"),
            text: text.to_string(),
            tags: vec!["pci".to_string()],
            owner: owner.map(String::from),
            tier: Some(1),
            lifecycle: Some("production".to_string()),
        };
    let entries = [
        entry(
            "service",
            "checkout-api",
            "Checkout API",
            "Takes payments.",
            Some("payments"),
        ),
        entry(
            "team",
            "payments",
            "Payments",
            "Members: Ana Lima, Bo Chen.",
            None,
        ),
    ];
    let docs = super::catalog_docs(&entries);
    assert_eq!(docs[0].kind, Kind::Service);
    assert_eq!(docs[0].page, "services/checkout-api/index.html");
    assert_eq!(
        docs[0].trail, "",
        "the result's kind label says it is a service"
    );
    assert_eq!(docs[1].kind, Kind::Team);
    assert_eq!(docs[1].page, "teams/payments/index.html");
    let mut all = docs.clone();
    all.extend(filler(10));
    let index = index::build(&all);
    assert_eq!(rank(&index, "checkout-api"), [0]);
    assert_eq!(rank(&index, "pci"), [0, 1], "tags are indexed");
    assert_eq!(rank(&index, "payments")[0], 1, "a team's name is its title");
    assert_eq!(rank(&index, "lima"), [1], "members are found");
    // The owner, by name, is in the sentence that opens a service's text (see
    // catalog.rs); entries given directly are indexed as they are.
    assert!(rank(&index, "payments takes").contains(&0));
}
