//! SVG drawings made at build time: dependency graphs (from a [`Layout`]), the
//! escalation timeline and the scorecard history. Every label is escaped; colours come from classes styled in
//! catalog.css, so the drawings follow the light and dark themes.

use super::layout::{Layout, NODE_H, NODE_W, path_data};
use crate::analyze::oncall::Timeline;
use crate::text::escape_html;
use std::fmt::Write as _;

/// A node to draw.
pub struct Node {
    pub label: String,
    /// Tooltip: the full name and details.
    pub title: String,
    /// Relative URL of the node's page, if it has one.
    pub href: Option<String>,
    pub class: String,
}

/// Shortens a label to fit a node box.
fn fit(label: &str) -> String {
    const MAX: usize = 24;
    if label.chars().count() <= MAX {
        label.to_string()
    } else {
        let cut: String = label.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Draws a laid-out graph. `edge_classes` has one entry per edge of the layout;
/// `id` makes the arrow marker's id unique on the page.
pub fn graph(
    layout: &Layout,
    nodes: &[Node],
    edge_classes: &[&str],
    id: &str,
    label: &str,
) -> String {
    let mut svg = String::with_capacity(256 + nodes.len() * 320 + edge_classes.len() * 120);
    let _ = write!(
        svg,
        "<svg class=\"dep-graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"group\" aria-label=\"{}\">",
        escape_html(label),
        w = layout.width,
        h = layout.height
    );
    let _ = write!(
        svg,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" class=\"arrow\"/></marker></defs><g class=\"edges\">"
    );
    for (path, class) in layout.paths.iter().zip(edge_classes) {
        if path.is_empty() {
            continue;
        }
        let _ = write!(
            svg,
            "<path class=\"edge {class}\" d=\"{}\" marker-end=\"url(#{id}-arrow)\"/>",
            path_data(path)
        );
    }
    svg.push_str("</g><g class=\"nodes\">");
    for (node, &(x, y)) in nodes.iter().zip(&layout.pos) {
        let inner = format!(
            "<title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"5\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            escape_html(&node.title),
            x + 10.0,
            y + NODE_H / 2.0 + 4.5,
            escape_html(&fit(&node.label))
        );
        match &node.href {
            Some(href) => {
                let _ = write!(
                    svg,
                    "<a class=\"node {}\" href=\"{}\">{inner}</a>",
                    escape_html(&node.class),
                    escape_html(href)
                );
            }
            None => {
                let _ = write!(
                    svg,
                    "<g class=\"node {}\">{inner}</g>",
                    escape_html(&node.class)
                );
            }
        }
    }
    svg.push_str("</g></svg>");
    svg
}

/// Draws one pass of an escalation policy on a time axis: one row per level with a
/// bar from the minute it is paged until the next level is, and lines where a person
/// and leadership are first paged in the worst case.
pub fn timeline(tl: &Timeline, label: &str) -> String {
    const W: f64 = 680.0;
    const X0: f64 = 270.0;
    const X1: f64 = 664.0;
    const ROW: f64 = 22.0;
    const TOP: f64 = 30.0;
    let total = f64::from(tl.pass_minutes.max(1));
    let x = |m: u32| X0 + (X1 - X0) * f64::from(m.min(tl.pass_minutes)) / total;
    let rows_end = TOP + ROW * tl.steps.len() as f64;
    let height = rows_end + 26.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" width=\"{W}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape_html(label)
    );
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{X0}\" y1=\"20\" x2=\"{X1}\" y2=\"20\"/><text class=\"axis-label\" x=\"{X1}\" y=\"12\" text-anchor=\"end\">{} min</text>",
        tl.pass_minutes
    );
    for step in &tl.steps {
        let sx = x(step.at);
        let ex = x(step.at.saturating_add(step.delay));
        let y = TOP + ROW * (step.level - 1) as f64;
        let who: Vec<&str> = step.targets.iter().map(|t| t.label.as_str()).collect();
        let full = format!(
            "minute {}: level {}, {}",
            step.at,
            step.level,
            who.join(", ")
        );
        let short: String = if full.chars().count() > 42 {
            format!("{}…", full.chars().take(41).collect::<String>())
        } else {
            full.clone()
        };
        let _ = write!(
            svg,
            "<g class=\"level level-{}\"><title>{}</title><line class=\"tick\" x1=\"{sx:.1}\" y1=\"16\" x2=\"{sx:.1}\" y2=\"24\"/><text class=\"tick-label\" x=\"{sx:.1}\" y=\"12\" text-anchor=\"middle\">{}</text><text x=\"4\" y=\"{:.1}\">{}</text><rect x=\"{sx:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" rx=\"3\"/></g>",
            step.level.min(6),
            escape_html(&full),
            step.at,
            y + 10.0,
            escape_html(&short),
            y,
            (ex - sx).max(3.0)
        );
    }
    let marks = [
        (tl.person_at, "person", "a person"),
        (tl.leadership_at, "leadership", "leadership"),
    ];
    for (k, (minute, class, text)) in marks.into_iter().enumerate() {
        if let Some(m) = minute {
            let mx = x(m);
            let ty = rows_end + 8.0 + 12.0 * k as f64;
            let anchor = if mx > (X0 + X1) / 2.0 { "end" } else { "start" };
            let _ = write!(
                svg,
                "<g class=\"mark {class}\"><line x1=\"{mx:.1}\" y1=\"20\" x2=\"{mx:.1}\" y2=\"{ty:.1}\"/><text x=\"{mx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{text} paged by minute {m}</text></g>",
                ty + 4.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One team's scorecard history as stacked bars, one per week (oldest on the left):
/// from the bottom, the services at no level, then each level up. A week without a
/// catalog (before the handbook's first commit) has no bar. `id` makes the title's
/// and description's element ids unique on the page.
pub fn level_history(
    id: &str,
    team: &str,
    weeks: &[(String, Option<Vec<usize>>)],
    levels: &[String],
) -> String {
    const W: f64 = 680.0;
    const X0: f64 = 34.0;
    const X1: f64 = 672.0;
    const TOP: f64 = 10.0;
    const PLOT: f64 = 120.0;
    let bottom = TOP + PLOT;
    let height = bottom + 24.0;
    let most = weeks
        .iter()
        .filter_map(|(_, c)| c.as_ref().map(|c| c.iter().sum::<usize>()))
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = (X1 - X0) / weeks.len().max(1) as f64;
    let bar = (slot * 0.7).max(2.0);
    let unit = PLOT / most as f64;
    let id = escape_html(id);
    let mut svg = String::with_capacity(1024 + weeks.len() * 400);
    let _ = write!(
        svg,
        "<svg class=\"score-history\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" width=\"{W}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">Scorecard levels of {} over {} weeks</title><desc id=\"{id}-desc\">Stacked bars, one per week, oldest first: how many of the team's services reached each level ({}) at the end of the week. The table below gives the same numbers.</desc>",
        escape_html(team),
        weeks.len(),
        escape_html(&levels.join(", "))
    );
    let _ = write!(
        svg,
        "<line class=\"grid\" x1=\"{X0}\" y1=\"{TOP}\" x2=\"{X1}\" y2=\"{TOP}\"/><line class=\"axis\" x1=\"{X0}\" y1=\"{bottom}\" x2=\"{X1}\" y2=\"{bottom}\"/><text class=\"axis-label\" x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{most}</text><text class=\"axis-label\" x=\"{:.0}\" y=\"{bottom}\" text-anchor=\"end\">0</text>",
        X0 - 6.0,
        TOP + 4.0,
        X0 - 6.0
    );
    for (i, (end, counts)) in weeks.iter().enumerate() {
        let x = X0 + slot * i as f64 + (slot - bar) / 2.0;
        let date = end;
        let end = escape_html(end);
        // A date under every fifth bar, counted from the latest week.
        if (weeks.len() - 1 - i).is_multiple_of(5) {
            let _ = write!(
                svg,
                "<text class=\"axis-label\" x=\"{:.1}\" y=\"{:.0}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                bottom + 16.0,
                escape_html(&short_date(date))
            );
        }
        let Some(counts) = counts else {
            let _ = write!(
                svg,
                "<g class=\"week no-data\" data-week=\"{end}\"><title>Week ending {end}: the handbook had no commit yet</title></g>"
            );
            continue;
        };
        let said: Vec<String> = levels
            .iter()
            .zip(counts)
            .rev()
            .map(|(l, n)| format!("{n} {l}"))
            .collect();
        let _ = write!(
            svg,
            "<g class=\"week\" data-week=\"{end}\"><title>Week ending {end}: {}</title>",
            escape_html(&said.join(", "))
        );
        let mut y = bottom;
        for (rank, (level, &n)) in levels.iter().zip(counts).enumerate() {
            if n == 0 {
                continue;
            }
            let h = unit * n as f64;
            y -= h;
            let level = escape_html(level);
            let _ = write!(
                svg,
                "<rect class=\"rank-{rank} level-{level}\" data-level=\"{level}\" data-count=\"{n}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"/>"
            );
        }
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    svg
}

/// "Nov 22" for 2026-11-22.
fn short_date(date: &str) -> String {
    crate::dates::parse(date)
        .map(|d| d.strftime("%b %-d").to_string())
        .unwrap_or_else(|| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::catalog::layout::layered;

    #[test]
    fn labels_are_escaped_and_shortened() {
        let l = layered(1, &[]);
        let svg = graph(
            &l,
            &[Node {
                label: "<script>alert(1)</script> and a very long name".into(),
                title: "<b>".into(),
                href: Some("a\"b".into()),
                class: "tier-1".into(),
            }],
            &[],
            "g",
            "Graph",
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("href=\"a&quot;b\""));
        assert!(svg.contains('…'));
    }

    #[test]
    fn history_bars_stack_and_escape() {
        let levels = vec!["none".to_string(), "<gold>".to_string()];
        let weeks = vec![
            ("2026-11-15".to_string(), None),
            ("2026-11-22".to_string(), Some(vec![1, 2])),
        ];
        let svg = level_history("t", "A & <B>", &weeks, &levels);
        assert!(svg.contains("A &amp; &lt;B&gt;"));
        assert!(!svg.contains("<gold>"));
        assert!(svg.contains("data-count=\"2\""));
        assert!(svg.contains("Nov 22"));
    }
}
