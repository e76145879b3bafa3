//! `ownbook serve` picks up edits of a handbook's interface strings (`i18n/`): the
//! rebuilt pages show the new words without a restart.

use super::bilingual;
use crate::serve::client::Server;
use crate::support::texts;
use scraper::Html;

#[test]
fn editing_a_strings_file_rebuilds_the_pages_in_that_language() {
    let site = bilingual();
    site.write("i18n/ja.toml", "skip_to_content = \"本文へ\"\n");
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let build = events.first_build();
    let skip = |url: &str| texts(&Html::parse_document(&server.get(url).text()), ".skip-link");
    assert_eq!(skip("/ja/guide/on-call/"), ["本文へ"]);

    site.write("i18n/ja.toml", "skip_to_content = \"本文へ移動\"\n");
    let state = events.next_build(&build);
    assert!(state["error"].is_null(), "{state}");
    assert_eq!(skip("/ja/guide/on-call/"), ["本文へ移動"]);
    assert_eq!(skip("/guide/on-call/"), ["Skip to content"]);
}
