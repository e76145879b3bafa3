//! SVG drawings made at build time: dependency graphs (from a [`Layout`]) and the
//! escalation timeline. Every label is escaped; colours come from classes styled in
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
}
