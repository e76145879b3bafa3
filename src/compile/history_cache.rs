//! The scorecard history kept between compiles of one site.

use crate::analyze::{self, history::ScoreHistory};
use crate::load::{self, revision::Repo};
use crate::site::Site;
use std::sync::Arc;

/// The scorecard history of the last compile, and the HEAD commit, ownbook.toml and
/// date it was computed for: `serve` computes it again only when one of them changed,
/// not on every edit (the history reads committed files only).
#[derive(Default)]
pub(super) struct HistoryCache {
    key: Option<(String, String, String)>,
    value: Option<Arc<ScoreHistory>>,
}

impl HistoryCache {
    /// The history for `site`, and the name of the phase for `--timings` (which says
    /// why there is none: a handbook outside git is normal and not worth a warning).
    pub(super) fn get(&mut self, site: &Site) -> (Option<Arc<ScoreHistory>>, &'static str) {
        let Some((repo, head)) = Repo::open_at_head(&site.config.root) else {
            *self = HistoryCache::default();
            return (None, "scorecard history: not in git");
        };
        let key = (head, site.config.source.clone(), site.today.clone());
        if self.key.as_ref() == Some(&key) {
            return (self.value.clone(), "scorecard history (HEAD unchanged)");
        }
        let settings = &site.config.settings;
        let weekly = load::history::weekly(&repo, &key.0, settings, &site.today);
        self.value = match weekly {
            Ok(Some(weekly)) => Some(Arc::new(analyze::history::score(&weekly, settings))),
            // A repository git cannot read is left to git to report.
            Ok(None) | Err(_) => None,
        };
        self.key = Some(key);
        let phase = if self.value.is_some() {
            "scorecard history"
        } else {
            "scorecard history: no commit"
        };
        (self.value.clone(), phase)
    }
}
