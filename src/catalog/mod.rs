//! The service catalog: services and teams kept as TOML files under
//! `content/services/` and `content/teams/`.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::markdown::shortcode::Shortcode;
use crate::output::OutputFile;
use crate::render::Backlinks;
use crate::render::nav::ExtraNav;
use crate::render::theme::Theme;
use crate::site::Site;

/// The loaded catalog.
#[derive(Debug, Default)]
pub struct Catalog {}

/// Loads the catalog of the site.
pub fn load(_config: &Config, _today: &str) -> (Catalog, Vec<Diagnostic>) {
    (Catalog::default(), Vec::new())
}

impl Catalog {
    /// The output folder of a catalog entry by key (`service:<id>` or `team:<id>`).
    pub fn url_of(&self, _key: &str) -> Option<String> {
        None
    }
}

/// Whether the catalog page of `key` has a heading or element with id `anchor`.
pub fn has_anchor(_catalog: &Catalog, _key: &str, _anchor: &str) -> bool {
    false
}

/// Sidebar entries of the catalog.
pub fn nav_entries(_catalog: &Catalog) -> Vec<ExtraNav> {
    Vec::new()
}

/// Output folders of every catalog page (for the sitemap).
pub fn page_urls(_catalog: &Catalog) -> Vec<String> {
    Vec::new()
}

/// Expands a block shortcode such as `{{ services tier=1 }}` into HTML.
pub fn shortcode(_site: &Site, sc: &Shortcode, _out_dir: &str) -> Result<String, (String, String)> {
    Err((
        format!("unknown shortcode `{}`", sc.name),
        "the known shortcodes are: services, teams".to_string(),
    ))
}

/// Renders the catalog pages.
pub fn render(
    _site: &Site,
    _theme: &Theme,
    _backlinks: &Backlinks,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    (Vec::new(), Vec::new())
}

/// Checks the catalog against the rules.
pub fn check(_site: &Site) -> Vec<Diagnostic> {
    Vec::new()
}

/// One catalog entry for the search index.
pub struct SearchEntry {
    /// `"service"` or `"team"`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// Output folder, e.g. `services/checkout-api/`.
    pub url: String,
    pub text: String,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub tier: Option<u32>,
    pub lifecycle: Option<String>,
}

/// The services and teams to index for search.
pub fn search_entries(_catalog: &Catalog) -> Vec<SearchEntry> {
    Vec::new()
}
