//! The scorecard history: how many of each team's services reached each level, week
//! by week, from the catalogs `load::history` read out of git. Every week is scored
//! with the current scorecard definitions (so that a level means the same thing in
//! every week, and a bar changes only because the catalog did) and with the week's
//! last day as "today" (so that age checks judge each week as it was then).

use super::Analysis;
use super::graph::Graph;
use super::scorecard;
use crate::config::settings::Settings;
use crate::load::history::Weekly;
use std::collections::BTreeMap;

/// Levels per team per week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreHistory {
    /// `none`, then the scorecard's levels: the meaning of each count's position.
    pub levels: Vec<String>,
    /// Oldest first.
    pub weeks: Vec<WeekLevels>,
}

/// One week's levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekLevels {
    /// The week's last day (`YYYY-MM-DD`).
    pub end: String,
    /// The commit the week was read from; `None` before the handbook's first commit.
    pub commit: Option<String>,
    /// By owner team id: how many of its services reached each level (position 0:
    /// none). A team without services that week is absent.
    pub teams: BTreeMap<String, Vec<usize>>,
}

impl ScoreHistory {
    /// A team's counts in each week (`None`: no catalog that week).
    pub fn team(&self, id: &str) -> Vec<Option<Vec<usize>>> {
        self.weeks
            .iter()
            .map(|w| {
                w.commit.as_ref().map(|_| {
                    w.teams
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| vec![0; self.levels.len()])
                })
            })
            .collect()
    }
}

/// Scores every week of `weekly` with `settings`.
pub fn score(weekly: &Weekly, settings: &Settings) -> ScoreHistory {
    let mut levels = vec!["none".to_string()];
    levels.extend(settings.scorecard.levels.iter().cloned());
    // A catalog's graph is built once, however many weeks share its commit.
    let analyses: Vec<Analysis> = weekly
        .catalogs
        .iter()
        .map(|(_, catalog)| Analysis {
            graph: Graph::build(catalog),
            ..Analysis::default()
        })
        .collect();
    let weeks = weekly
        .weeks
        .iter()
        .map(|week| {
            let mut teams: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            let commit = week.catalog.map(|i| {
                let (commit, catalog) = &weekly.catalogs[i];
                for (s, service) in catalog.services.iter().enumerate() {
                    let Some(owner) = &service.owner else {
                        continue;
                    };
                    let result = scorecard::score(catalog, &analyses[i], settings, s, &week.end);
                    let counts = teams
                        .entry(owner.value.clone())
                        .or_insert_with(|| vec![0; levels.len()]);
                    counts[result.level.map_or(0, |l| l + 1)] += 1;
                }
                commit.clone()
            });
            WeekLevels {
                end: week.end.clone(),
                commit,
                teams,
            }
        })
        .collect();
    ScoreHistory { levels, weeks }
}
