//! Services and teams in search, through the index's own entry point: the catalog
//! entries are given directly (as the catalog stage hands them over), so the type
//! badges, the meta line and the kind / owner / tier / lifecycle filters are tested
//! in the browser whatever the catalog of the fixture holds.

use super::search_site;
use crate::browser_kit::{chrome, eval, wait_for};
use ownbook::search::SearchEntry;
use serde_json::json;

fn entry(
    kind: &'static str,
    id: &str,
    title: &str,
    text: &str,
    owner: &str,
    tier: Option<u32>,
    lifecycle: Option<&str>,
) -> SearchEntry {
    SearchEntry {
        kind,
        id: id.to_string(),
        title: title.to_string(),
        url: format!("{kind}s/{id}/"),
        text: text.to_string(),
        tags: vec!["payments".to_string()],
        owner: Some(owner.to_string()),
        tier,
        lifecycle: lifecycle.map(String::from),
    }
}

#[test]
fn services_and_teams_have_badges_and_filters() {
    let Some(chrome) = chrome() else { return };
    let site = search_site();
    site.build_ok();
    // Rebuild the index with a catalog, exactly as the build does, and write it over.
    let opts = ownbook::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let compiled =
        ownbook::compile(&opts, ownbook::Pages::InMemory, None).unwrap_or_else(|d| panic!("{d:?}"));
    let highlighter = ownbook::markdown::Highlighter::default();
    let cx = ownbook::render::Ctx::new(
        &compiled.site,
        &compiled.analysis,
        &compiled.theme,
        &highlighter,
    );
    let entries = [
        entry(
            "service",
            "checkout-api",
            "Checkout API",
            "Takes card payments at checkout.",
            "payments",
            Some(1),
            Some("production"),
        ),
        entry(
            "service",
            "checkout-web",
            "Checkout web",
            "The checkout pages.",
            "storefront",
            Some(2),
            Some("beta"),
        ),
        entry(
            "team",
            "payments",
            "Payments team",
            "Owns checkout and refunds. Members: Ana, Bo.",
            "payments",
            None,
            None,
        ),
    ];
    let built = ownbook::search::build_with(&cx, &compiled.output.pages, &[], &entries);
    assert!(built.diags.is_empty(), "{:?}", built.diags);
    let _ = std::fs::remove_dir_all(site.out().join("search"));
    for f in &built.files {
        let ownbook::output::Content::Bytes(bytes) = &f.content else {
            continue;
        };
        let path = site.out().join(&f.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
    let tab = chrome.browser.new_tab().expect("tab");
    let url = format!(
        "file://{}?q=checkout",
        site.out().join("search/index.html").display()
    );
    tab.navigate_to(&url)
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    let rows = "[...document.querySelectorAll('.search-result')].map(r => [r.querySelector('.search-badge').textContent, r.querySelector('.search-result-title').textContent, (r.querySelector('.search-result-meta') || {}).textContent || ''])";
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length >= 4",
    );
    let all = eval(&tab, rows);
    // The two services carry "checkout" in their title and id: they come first.
    let mut services = vec![all[0].clone(), all[1].clone()];
    services.sort_by_key(|r| r[1].as_str().unwrap_or("").to_string());
    assert_eq!(
        services,
        [
            json!([
                "Service",
                "Checkout API",
                "owner payments · tier 1 · production"
            ]),
            json!([
                "Service",
                "Checkout web",
                "owner storefront · tier 2 · beta"
            ])
        ],
        "{all}"
    );
    let kinds: Vec<&str> = all
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r[0].as_str())
        .collect();
    assert!(
        kinds.contains(&"Team") && kinds.contains(&"Page"),
        "{kinds:?}"
    );
    let filter = |name: &str, value: &str| {
        eval(
            &tab,
            &format!(
                "(() => {{ const s = document.querySelector('select[name={name}]'); s.value = {value:?}; s.dispatchEvent(new Event('change')); return s.options.length; }})()"
            ),
        )
    };
    // Type: services only.
    assert_eq!(
        filter("kind", "service"),
        json!(4),
        "any, guide, services, teams"
    );
    wait_for(
        &tab,
        "[...document.querySelectorAll('.search-badge')].every(b => b.textContent === 'Service') && document.querySelectorAll('.search-result').length === 2",
    );
    // Owner, then tier and lifecycle narrow further; the address keeps the filters.
    filter("owner", "storefront");
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length === 1",
    );
    assert_eq!(eval(&tab, rows)[0][1], json!("Checkout web"));
    filter("owner", "");
    filter("tier", "1");
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length === 1 && document.querySelector('.search-result-title').textContent === 'Checkout API'",
    );
    filter("tier", "");
    filter("lifecycle", "beta");
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length === 1 && document.querySelector('.search-result-title').textContent === 'Checkout web'",
    );
    let address = eval(&tab, "location.search");
    assert_eq!(address, json!("?q=checkout&kind=service&lifecycle=beta"));
    filter("kind", "team");
    wait_for(
        &tab,
        "/No results/.test(document.querySelector('.search-status').textContent)",
    );
    filter("lifecycle", "");
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length === 1",
    );
    assert_eq!(
        eval(&tab, rows)[0],
        json!(["Team", "Payments team", "owner payments"])
    );
    // Result links go to the entry's page, with the words to highlight.
    let href = eval(
        &tab,
        "document.querySelector('.search-result a').getAttribute('href')",
    );
    assert_eq!(href, json!("../teams/payments/index.html?h=checkout"));
}
