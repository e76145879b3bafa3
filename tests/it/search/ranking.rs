//! What a reader sees for real queries on the bundled handbook: one kind label per
//! result, catalog results as sentences, whole words before prefixes, and questions
//! about the catalog answered by the service or team with its on-call line.

use crate::browser_kit::{chrome, eval, wait_for};
use crate::support::TestSite;
use headless_chrome::Tab;
use serde_json::Value;

/// One result as shown: kind label(s), title, meta line and snippet.
#[derive(Debug, Clone)]
struct Row {
    labels: Vec<String>,
    title: String,
    meta: String,
    snippet: String,
}

fn bundled() -> TestSite {
    let site = TestSite::bundled();
    site.build_ok();
    site
}

/// Opens the search page with `q` (and filters in `extra`, e.g. `&kind=service`)
/// and returns the results on screen.
fn search(tab: &Tab, site: &TestSite, q: &str, extra: &str) -> Vec<Row> {
    let url = format!(
        "file://{}?q={}{extra}",
        site.out().join("search/index.html").display(),
        q.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    );
    tab.navigate_to(&url)
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    wait_for(
        tab,
        "document.querySelector('.search-status') && /result/.test(document.querySelector('.search-status').textContent)",
    );
    let rows = eval(
        tab,
        "[...document.querySelectorAll('.search-result')].map(r => ({
            labels: [...r.querySelectorAll('.search-badge')].map(b => b.textContent),
            shown: [...r.querySelectorAll('.search-badge')].map(b => getComputedStyle(b).textTransform),
            title: r.querySelector('.search-result-title').textContent,
            meta: (r.querySelector('.search-result-meta') || {}).textContent || '',
            snippet: (r.querySelector('.search-snippet') || {}).textContent || '',
        }))",
    );
    let text = |v: &Value| v.as_str().unwrap_or("").to_string();
    rows.as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            // A label is shown as written: not turned into capitals.
            assert!(
                r["shown"]
                    .as_array()
                    .is_some_and(|s| s.iter().all(|t| t == "none")),
                "{r}"
            );
            Row {
                labels: r["labels"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(text)
                    .collect(),
                title: text(&r["title"]),
                meta: text(&r["meta"]),
                snippet: text(&r["snippet"]),
            }
        })
        .collect()
}

#[test]
fn each_result_has_one_kind_label() {
    let Some(chrome) = chrome() else { return };
    let site = bundled();
    let tab = chrome.browser.new_tab().expect("tab");
    let rows = search(&tab, &site, "checkout", "");
    let kinds: Vec<&str> = rows.iter().map(|r| r.labels[0].as_str()).collect();
    assert!(
        kinds.contains(&"Page") && kinds.contains(&"Service") && kinds.contains(&"Team"),
        "{rows:?}"
    );
    for row in &rows {
        assert_eq!(row.labels.len(), 1, "{row:?}");
        let label = row.labels[0].as_str();
        assert!(["Page", "Service", "Team"].contains(&label), "{row:?}");
        // No second word for the kind: not the label again, not "Services"/"Teams".
        let first_meta = row.meta.split(['·', '›']).next().unwrap_or("").trim();
        for kind in ["Page", "Pages", "Service", "Services", "Team", "Teams"] {
            assert_ne!(first_meta, kind, "{row:?}");
        }
    }
    // A page in the Guide section says where it sits, once.
    let guide = rows
        .iter()
        .find(|r| r.labels[0] == "Page" && r.meta.starts_with("Guide"))
        .unwrap_or_else(|| panic!("no guide page: {rows:?}"));
    assert_eq!(guide.labels, ["Page"]);
}

#[test]
fn catalog_results_read_as_sentences() {
    let Some(chrome) = chrome() else { return };
    let site = bundled();
    let tab = chrome.browser.new_tab().expect("tab");
    let services = search(&tab, &site, "checkout", "&kind=service");
    let api = services
        .iter()
        .find(|r| r.title == "Checkout API")
        .unwrap_or_else(|| panic!("{services:?}"));
    assert!(
        api.snippet.starts_with(
            "Checkout API — Tier 1 service owned by Checkout & Payments, production; on-call on "
        ),
        "{api:?}"
    );
    assert!(
        api.snippet
            .contains("(Checkout primary); escalation: Checkout default: Checkout primary, then"),
        "{api:?}"
    );
    assert_eq!(api.meta, "owner checkout · tier 1 · production");
    let teams = search(&tab, &site, "checkout", "&kind=team");
    let team = teams
        .iter()
        .find(|r| r.title == "Checkout & Payments")
        .unwrap_or_else(|| panic!("{teams:?}"));
    assert!(
        team.snippet.contains("(Checkout primary), ")
            && team
                .snippet
                .contains("(Checkout secondary); escalation: Checkout default: "),
        "{team:?}"
    );
    for row in services.iter().chain(&teams) {
        assert!(
            !row.snippet.contains(" = ") && !row.snippet.contains("[["),
            "no TOML in snippets: {row:?}"
        );
    }
    // What the snippet says is findable: the words of the sentence are indexed.
    let found = search(&tab, &site, "secondary escalation", "&kind=service");
    assert!(found.iter().any(|r| r.title == "Checkout API"), "{found:?}");
}

/// The keys matched by each ranked result of `q`, through the engine itself.
fn matched_keys(tab: &Tab, q: &str) -> Vec<Vec<String>> {
    let v = eval(
        tab,
        &format!(
            "(async () => {{
               const e = new ownbookSearchEngine.Engine(document.querySelector('script[data-index]').getAttribute('data-index'));
               const r = await e.search({q:?}, {{}}, 40);
               return r.ids.map(d => [...e.keysOf(d, r)].sort());
             }})()"
        ),
    );
    serde_json::from_value(v).unwrap_or_default()
}

#[test]
fn whole_words_rank_before_prefixes() {
    let Some(chrome) = chrome() else { return };
    let site = bundled();
    let tab = chrome.browser.new_tab().expect("tab");
    // The reader sees SLO sections first, marked.
    let rows = search(&tab, &site, "SLO", "");
    assert!(rows.len() >= 3, "{rows:?}");
    let key = eval(&tab, "ownbookSearchText.key('slo')");
    let key = key.as_str().unwrap_or("slo").to_string();
    // Typed in lower case, "slo" is also a prefix (of slow, slot…), but every
    // result with the whole word comes before every result that has only a prefix.
    let ranked = matched_keys(&tab, "slo");
    let whole: Vec<bool> = ranked.iter().map(|k| k.contains(&key)).collect();
    let first_prefix_only = whole.iter().position(|w| !w).unwrap_or(whole.len());
    assert!(
        first_prefix_only >= 3 && whole[first_prefix_only..].iter().all(|w| !w),
        "{ranked:?}"
    );
    assert!(
        ranked
            .iter()
            .any(|k| k.iter().any(|k| k.starts_with("slow"))),
        "prefixes still match after the whole words: {ranked:?}"
    );
    // Typed in capitals it is an acronym: the whole word only.
    let acronym = matched_keys(&tab, "SLO");
    assert!(
        acronym
            .iter()
            .all(|k| k.as_slice() == std::slice::from_ref(&key)),
        "{acronym:?}"
    );
    // One or two letters are not expanded: "sl" finds only the word "sl", if any.
    assert!(matched_keys(&tab, "sl").is_empty());
    assert_eq!(
        eval(
            &tab,
            "[...document.querySelectorAll('.search-result mark')].map(m => m.textContent)"
        )
        .as_array()
        .map(|m| m.iter().all(|t| t
            .as_str()
            .is_some_and(
                |t| t.to_lowercase().starts_with("slo") && !t.to_lowercase().starts_with("slow")
            ))),
        Some(true)
    );
}

#[test]
fn questions_about_the_catalog_bring_the_entry_with_its_on_call_line() {
    let Some(chrome) = chrome() else { return };
    let site = bundled();
    let tab = chrome.browser.new_tab().expect("tab");
    // (question, titles one of the first three results may have, what its snippet
    // shows: one of these)
    let on_call: &[&str] = &["on-call on"];
    let cases = [
        (
            "who is on call for checkout",
            &["Checkout API", "Checkout & Payments"][..],
            on_call,
        ),
        (
            "Who is on-call for Checkout?",
            &["Checkout API", "Checkout & Payments"][..],
            on_call,
        ),
        (
            "checkout on call",
            &["Checkout API", "Checkout & Payments"][..],
            on_call,
        ),
        (
            "who owns payments api",
            &[
                "Payments Gateway",
                "Payments Adapter v1",
                "Checkout & Payments",
            ][..],
            &["owned by", "on-call on"][..],
        ),
        (
            "who owns the payments gateway",
            &["Payments Gateway"][..],
            &["owned by Checkout & Payments"][..],
        ),
        (
            "escalation for search",
            &["Product Search"][..],
            &["escalation:"][..],
        ),
        (
            "what is the escalation for product search?",
            &["Product Search"][..],
            &["escalation:"][..],
        ),
        (
            "who do I page for identity api",
            &["Identity API", "Identity"][..],
            on_call,
        ),
    ];
    for (question, titles, shown) in cases {
        let rows = search(&tab, &site, question, "");
        let top: Vec<&Row> = rows.iter().take(3).collect();
        let hit = top
            .iter()
            .find(|r| titles.contains(&r.title.as_str()) && r.labels[0] != "Page");
        let hit = hit.unwrap_or_else(|| panic!("{question:?}: {top:#?}"));
        assert!(
            shown.iter().any(|w| hit.snippet.contains(w)),
            "{question:?}: {hit:?}"
        );
    }
}
