//! The "Scorecards over time" page: for each team, its services' scorecard levels
//! week by week as a static SVG chart, with the same numbers as a table. Rendered
//! only when analysis found a history (the handbook is in git and committed).

use super::ctx::{catalog_context, team_link};
use super::svg;
use crate::analyze::history::ScoreHistory;
use crate::catalog::{SCORECARD_HISTORY_URL, SCORECARDS_URL};
use crate::diag::Diagnostic;
use crate::output::OutputFile;
use crate::render::nav::LinkCtx;
use crate::render::{Ctx, theme};
use serde::Serialize;

/// The page's template. A theme made before the page existed lacks it: the page is
/// then left out with a warning, not an error.
pub const TEMPLATE: &str = "scorecards_history.html";

#[derive(Serialize)]
struct TeamHistory {
    id: String,
    team: LinkCtx,
    svg: String,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    end: String,
    /// Short commit id.
    commit: Option<String>,
    /// Services at each level (none first); `None` before the first commit.
    counts: Option<Vec<usize>>,
}

/// Renders the page into `files`.
pub fn render(
    cx: &Ctx,
    history: &ScoreHistory,
    files: &mut Vec<OutputFile>,
    diags: &mut Vec<Diagnostic>,
) {
    if !cx.theme.tera.get_template_names().any(|n| n == TEMPLATE) {
        diags.push(
            Diagnostic::warning(
                "template",
                format!("the theme has no template `{TEMPLATE}`, so the page of scorecards over time is left out"),
            )
            .hint("copy it from ownbook's default theme (ownbook init writes it) into your theme or templates/"),
        );
        return;
    }
    let out = SCORECARD_HISTORY_URL;
    let teams: Vec<TeamHistory> = cx
        .site
        .catalog
        .teams
        .iter()
        .map(|t| {
            let counts = history.team(&t.id);
            let weeks: Vec<(String, Option<Vec<usize>>)> = history
                .weeks
                .iter()
                .zip(&counts)
                .map(|(w, c)| (w.end.clone(), c.clone()))
                .collect();
            let rows = history
                .weeks
                .iter()
                .zip(counts)
                .map(|(w, counts)| Row {
                    end: w.end.clone(),
                    commit: w.commit.as_ref().map(|c| c.chars().take(7).collect()),
                    counts,
                })
                .collect();
            TeamHistory {
                id: t.id.clone(),
                team: team_link(t, out),
                svg: svg::level_history(
                    &format!("history-{}", t.id),
                    &t.name,
                    &weeks,
                    &history.levels,
                ),
                rows,
            }
        })
        .collect();
    let mut ctx = catalog_context(cx, out, Some(("Scorecards", SCORECARDS_URL)));
    ctx.insert(
        "history",
        &serde_json::json!({
            "levels": history.levels,
            "weeks": history.weeks.len(),
            "first": history.weeks.first().map(|w| &w.end),
            "last": history.weeks.last().map(|w| &w.end),
            "teams": teams,
            "scorecards_url": crate::url::relative_url(out, SCORECARDS_URL),
        }),
    );
    match theme::render(&cx.theme.tera, TEMPLATE, &ctx) {
        Ok(html) => files.push(OutputFile::text(format!("{out}index.html"), html)),
        Err(d) => diags.push(d),
    }
}
