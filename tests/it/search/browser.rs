//! The search client in a real headless Chromium: typing, ranking, keyboard, filters,
//! highlighting on the landing page, hostile queries and escaping, from disk and
//! over HTTP. The browser's text rules are compared with the Rust tokenizer and
//! stemmer word for word.
//!
//! Without a `chromium` binary these tests are skipped, unless the `CI` variable is
//! set: in CI a missing browser is a failure (`.ci/run` installs Debian's chromium).

use super::search_site;
use crate::browser_kit::{chrome, eval, serve, wait_for};
use crate::support::{TestSite, repo_root};
use headless_chrome::Tab;
use serde_json::json;

fn result_titles(tab: &Tab) -> Vec<String> {
    let v = eval(
        tab,
        "[...document.querySelectorAll('.search-result')].map(r => r.querySelector('.search-badge').textContent + ': ' + r.querySelector('.search-result-title').textContent)",
    );
    serde_json::from_value(v).unwrap_or_default()
}

fn file_url(site: &TestSite, rel: &str) -> String {
    format!("file://{}", site.out().join(rel).display())
}

#[test]
fn typing_finds_ranked_results_from_disk_and_enter_opens_them_highlighted() {
    let Some(chrome) = chrome() else { return };
    let site = search_site();
    site.build_ok();
    let tab = chrome.browser.new_tab().expect("tab");
    tab.navigate_to(&file_url(&site, "index.html"))
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    // `/` focuses the box, then the reader types; the index loads on first use.
    tab.press_key("/").expect("slash");
    assert_eq!(eval(&tab, "document.activeElement.name"), json!("q"));
    tab.type_str("escalation").expect("type");
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length >= 3",
    );
    let titles = result_titles(&tab);
    assert_eq!(titles[0], "Page: Escalation policies", "{titles:?}");
    assert!(
        titles.contains(&"Page: Deploying safely".to_string()),
        "{titles:?}"
    );
    let marks = eval(
        &tab,
        "[...document.querySelectorAll('.search-snippet mark')].map(m => m.textContent.toLowerCase())",
    );
    assert!(
        marks
            .as_array()
            .is_some_and(|m| m.iter().any(|w| w == "escalation")),
        "{marks}"
    );
    // Arrow down twice selects the second result; Enter opens it.
    tab.press_key("ArrowDown").expect("down");
    tab.press_key("ArrowDown").expect("down");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('[aria-selected=true]') && document.querySelector('[aria-selected=true]').id === document.activeElement.getAttribute('aria-activedescendant')"
        ),
        json!(true)
    );
    let second = eval(
        &tab,
        "document.querySelector('[aria-selected=true] a').getAttribute('href')",
    );
    tab.press_key("Enter").expect("enter");
    wait_for(&tab, "location.href.includes('?h=')");
    let href = eval(&tab, "location.href")
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        href.ends_with(second.as_str().unwrap_or("?").trim_start_matches("./")),
        "{href} vs {second}"
    );
    // The landing page marks the searched word.
    let hits = wait_for(
        &tab,
        "document.querySelectorAll('mark.search-hit').length && [...document.querySelectorAll('mark.search-hit')].map(m => m.textContent.toLowerCase())",
    );
    assert!(
        hits.as_array().is_some_and(|h| h
            .iter()
            .all(|w| w.as_str().unwrap_or("").starts_with("escalat"))),
        "{hits}"
    );
    // Esc closes the panel.
    tab.navigate_to(&file_url(&site, "guide/index.html"))
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    tab.press_key("/").expect("slash");
    tab.type_str("paged").expect("type");
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length > 0",
    );
    tab.press_key("Escape").expect("esc");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('.site-header .search-panel').hidden"
        ),
        json!(true)
    );
}

#[test]
fn prefixes_typos_stems_identifiers_and_chinese_match() {
    let Some(chrome) = chrome() else { return };
    let site = search_site();
    site.build_ok();
    let tab = chrome.browser.new_tab().expect("tab");
    let query = |q: &str| {
        let url = format!(
            "{}?q={}",
            file_url(&site, "search/index.html"),
            urlencode(q)
        );
        tab.navigate_to(&url)
            .expect("open")
            .wait_until_navigated()
            .expect("load");
        wait_for(
            &tab,
            "document.querySelector('.search-status') && /result/.test(document.querySelector('.search-status').textContent)",
        );
        result_titles(&tab)
    };
    // A shared link: the box holds the query and the results show.
    assert_eq!(
        query("escal")[0],
        "Page: Escalation policies",
        "prefix of the last word"
    );
    assert_eq!(
        eval(&tab, "document.querySelector('main input').value"),
        json!("escal")
    );
    assert_eq!(
        query("escalaton polcy")[0],
        "Page: Escalation policies",
        "one typo per word"
    );
    assert_eq!(
        query("escalation policy")[0],
        "Page: Escalation policies",
        "stems"
    );
    assert_eq!(
        query("checkout-api")[0],
        "Page: Deploying safely » Checkout API"
    );
    assert_eq!(
        query("escalation_policy")[0],
        "Page: Escalation policies » Levels"
    );
    assert_eq!(query("负责人")[0], "Page: 值班手册");
    let none = query("zzzzqqq");
    assert!(none.is_empty(), "{none:?}");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn html_in_queries_and_titles_stays_text_over_http() {
    let Some(chrome) = chrome() else { return };
    let site = search_site();
    site.build_ok();
    let server = serve(&site.out());
    let tab = chrome.browser.new_tab().expect("tab");
    let base = format!("http://127.0.0.1:{}/", server.port);
    tab.navigate_to(&format!("{base}search/index.html"))
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    eval(
        &tab,
        "(window.alert = () => { window.__pwned = true; }, window.onerror = () => { window.__errors = (window.__errors || 0) + 1; }, true)",
    );
    tab.wait_for_element("main input[type=search]")
        .expect("box")
        .click()
        .expect("focus");
    tab.type_str("escalation").expect("type");
    wait_for(
        &tab,
        "document.querySelectorAll('.search-result').length >= 3",
    );
    assert_eq!(result_titles(&tab)[0], "Page: Escalation policies");
    assert!(
        eval(&tab, "location.search")
            .as_str()
            .unwrap_or("")
            .contains("q=escalation"),
        "the address holds the query"
    );
    // A query made of HTML: the hostile page is found, and nothing is injected.
    eval(
        &tab,
        "(document.querySelector('main input').value = '', true)",
    );
    tab.type_str("<img src=x onerror=alert(1)>").expect("type");
    wait_for(
        &tab,
        "[...document.querySelectorAll('.search-result-title')].some(t => t.textContent.includes('<img'))",
    );
    let titles = result_titles(&tab);
    assert_eq!(
        titles[0], "Page: <img src=x onerror=alert(1)> hostile title",
        "{titles:?}"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('main img, .search-panel img').length"
        ),
        json!(0)
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('.search-status').textContent.includes('<')"
        ),
        json!(false)
    );
    // Hostile queries never throw or hang, through the box and through the engine.
    let hostile = eval(
        &tab,
        r#"(async () => {
            const input = document.querySelector('main input');
            const queries = ['.*', '(', '[', '\\', '$&', '', '   ', '🔥🔥', '<script>', 'a'.repeat(10000), 'é '.repeat(5000), '値'.repeat(3000)];
            const engine = new ownbookSearchEngine.Engine(document.querySelector('script[data-index]').getAttribute('data-index'));
            const times = [];
            for (const q of queries) {
                input.value = q;
                input.dispatchEvent(new Event('input'));
                const t = performance.now();
                const r = await engine.search(q, {}, 20);
                await engine.docs(r.ids);
                times.push(performance.now() - t);
            }
            return { slowest: Math.max(...times), pwned: !!window.__pwned, errors: window.__errors || 0 };
        })()"#,
    );
    assert_eq!(hostile["pwned"], json!(false), "{hostile}");
    assert_eq!(hostile["errors"], json!(0), "{hostile}");
    assert!(
        hostile["slowest"].as_f64().unwrap_or(1e9) < 2000.0,
        "{hostile}"
    );
    assert_eq!(
        eval(&tab, "document.querySelectorAll('main img').length"),
        json!(0)
    );
}

#[test]
fn browser_text_rules_match_the_rust_tokenizer_and_stemmer() {
    let Some(chrome) = chrome() else { return };
    let site = search_site();
    site.build_ok();
    let tab = chrome.browser.new_tab().expect("tab");
    tab.navigate_to(&file_url(&site, "search/index.html"))
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    wait_for(&tab, "window.ownbookSearchText");
    // Every Markdown file of the bundled handbook, plus scripts and identifiers.
    let mut corpus = String::from(
        "checkout-api escalation_policy v1.2.3 don't team's 'quoted' 服务负责人 カタカナ ไทยภาษา Größe ΣΟΦΙΑ café e\u{301} on-call a--b ",
    );
    for entry in walkdir::WalkDir::new(repo_root().join("content"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            corpus.push_str(&std::fs::read_to_string(entry.path()).expect("read"));
            corpus.push('\n');
        }
    }
    let mut rust_tokens: Vec<(String, &str)> = Vec::new();
    ownbook::search::tokenize::tokenize(&corpus, |w, kind| {
        use ownbook::search::tokenize::TokenKind;
        let k = match kind {
            TokenKind::Word => "w",
            TokenKind::Compound => "c",
            TokenKind::Cjk => "j",
        };
        rust_tokens.push((w.to_string(), k));
    });
    let js = eval(
        &tab,
        &format!(
            "ownbookSearchText.tokenize({}).map(t => [t.w, t.kind])",
            json!(corpus)
        ),
    );
    let js_tokens: Vec<(String, String)> = serde_json::from_value(js).expect("tokens");
    assert_eq!(js_tokens.len(), rust_tokens.len(), "same number of tokens");
    for (i, (r, j)) in rust_tokens.iter().zip(&js_tokens).enumerate() {
        assert_eq!(
            (r.0.as_str(), r.1),
            (j.0.as_str(), j.1.as_str()),
            "token {i}"
        );
    }
    // The stemmer, on every distinct word plus the algorithm's special cases.
    let mut words: Vec<String> = rust_tokens
        .into_iter()
        .filter(|(_, k)| *k == "w")
        .map(|(w, _)| w)
        .collect();
    for extra in [
        "skies",
        "dying",
        "gently",
        "generously",
        "communism",
        "arsenal",
        "succeeding",
        "proceeded",
        "hopping",
        "hoped",
        "hoping",
        "crying",
        "cry",
        "by",
        "sky",
        "news",
        "agreement",
        "analogi",
        "conditional",
        "rational",
        "valency",
        "hesitancy",
        "digitizer",
        "operator",
        "feudalism",
        "callousness",
        "formaliti",
        "sensibiliti",
        "triplicate",
        "formative",
        "electrical",
        "hopefulness",
        "adjustable",
        "adoption",
        "ties",
        "cries",
        "gas",
        "gaps",
        "kiwis",
        "yield",
        "sayyid",
        "enjoying",
        "controll",
        "fluently",
        "abilities",
        "organizational",
    ] {
        words.push(extra.to_string());
    }
    words.sort();
    words.dedup();
    let stem = ownbook::search::tokenize::Stem::default();
    let rust_keys: Vec<String> = words.iter().map(|w| stem.key(w)).collect();
    let js = eval(
        &tab,
        &format!("{}.map(w => ownbookSearchText.key(w))", json!(words)),
    );
    let js_keys: Vec<String> = serde_json::from_value(js).expect("keys");
    let differ: Vec<_> = words
        .iter()
        .zip(rust_keys.iter().zip(&js_keys))
        .filter(|(_, (r, j))| r != j)
        .map(|(w, (r, j))| format!("{w}: rust {r}, js {j}"))
        .collect();
    assert!(
        differ.is_empty(),
        "{} of {} words differ: {differ:?}",
        differ.len(),
        words.len()
    );
}

#[test]
fn snippets_mark_matched_words_and_stay_short() {
    let Some(chrome) = chrome() else { return };
    let site = search_site();
    site.build_ok();
    let tab = chrome.browser.new_tab().expect("tab");
    tab.navigate_to(&file_url(&site, "search/index.html"))
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    wait_for(&tab, "window.ownbookSearchText");
    let snip = |text: &str, keys: &[&str], width: u32| -> Vec<(String, bool)> {
        let v = eval(
            &tab,
            &format!(
                "ownbookSearchText.snippet({}, new Set({}), {width})",
                json!(text),
                json!(keys)
            ),
        );
        serde_json::from_value(v).expect("snippet")
    };
    assert_eq!(
        snip(
            "Escalation policies say who is paged.",
            &["escal", "polici"],
            160
        ),
        [
            ("Escalation".into(), true),
            (" ".into(), false),
            ("policies".into(), true),
            (" say who is paged.".into(), false)
        ]
    );
    // Far into a long text, the window moves to the match and says it was cut.
    let long = format!(
        "{} the checkout-api runbook {}",
        "filler ".repeat(60),
        "tail ".repeat(60)
    );
    let parts = snip(&long, &["checkout-api"], 80);
    assert_eq!(parts.first(), Some(&("…".to_string(), false)));
    assert_eq!(parts.last(), Some(&("…".to_string(), false)));
    assert!(
        parts.contains(&("checkout-api".to_string(), true)),
        "{parts:?}"
    );
    let len: usize = parts.iter().map(|p| p.0.chars().count()).sum();
    assert!(len <= 84, "{len}: {parts:?}");
    // Parts of identifiers, a run of Chinese bigrams marked whole, and markup kept
    // as text.
    assert_eq!(
        snip("set escalation_policy now", &["polici"], 160),
        [
            ("set escalation_".into(), false),
            ("policy".into(), true),
            (" now".into(), false)
        ]
    );
    assert_eq!(
        snip("每个服务都有一个负责人。", &["负责", "责人"], 160),
        [
            ("每个服务都有一个".into(), false),
            ("负责人".into(), true),
            ("。".into(), false)
        ]
    );
    assert_eq!(
        snip("<img src=x> & more", &["more"], 160),
        [("<img src=x> & ".into(), false), ("more".into(), true)]
    );
    assert_eq!(snip("", &["x"], 160), []);
}
