//! The small graph on each service page: what depends on the service (left) and what
//! it depends on (right), capped so a hub stays readable.

use super::layout::layered;
use super::{ctx, svg};
use crate::catalog::service_url;
use crate::render::Ctx;
use crate::url::relative_url;

/// How many services of each side the graph draws before "+N more".
const NEIGHBOURS_SHOWN: usize = 12;

/// The service, what it depends on (right) and what depends on it (left).
pub fn neighbourhood(cx: &Ctx, i: usize, out_dir: &str) -> String {
    let c = &cx.site.catalog;
    let s = &c.services[i];
    let mut nodes = vec![svg::Node {
        label: s.name.clone(),
        title: format!("{} ({})", s.name, cx.settings().tier_label(s.tier.value)),
        href: None,
        class: format!(
            "{} current",
            ctx::node_class(s, cx.analysis.graph.cyclic[cx.analysis.graph.component[i]])
        ),
    }];
    let mut edges = Vec::new();
    let mut classes = Vec::new();
    let mut add = |list: Vec<(usize, bool)>, outgoing: bool, nodes: &mut Vec<svg::Node>| {
        let total = list.len();
        for (other, critical) in list.into_iter().take(NEIGHBOURS_SHOWN) {
            let o = &c.services[other];
            nodes.push(svg::Node {
                label: o.name.clone(),
                title: format!(
                    "{} ({}, {})",
                    o.name,
                    cx.settings().tier_label(o.tier.value),
                    o.lifecycle.value.as_str()
                ),
                href: Some(relative_url(out_dir, &service_url(&o.id))),
                class: ctx::node_class(o, false),
            });
            let n = nodes.len() - 1;
            let (from, to) = if outgoing { (0, n) } else { (n, 0) };
            edges.push((from, to));
            let (a, b) = if outgoing { (i, other) } else { (other, i) };
            classes.push(match (cx.analysis.graph.edge_in_cycle(a, b), critical) {
                (true, _) => "cycle",
                (false, true) => "critical",
                _ => "",
            });
        }
        if total > NEIGHBOURS_SHOWN {
            nodes.push(svg::Node {
                label: format!("+{} more", total - NEIGHBOURS_SHOWN),
                title: format!(
                    "{} more services are listed on this page",
                    total - NEIGHBOURS_SHOWN
                ),
                href: None,
                class: "more".into(),
            });
            let n = nodes.len() - 1;
            edges.push(if outgoing { (0, n) } else { (n, 0) });
            classes.push("");
        }
    };
    let deps: Vec<(usize, bool)> = cx.analysis.graph.deps[i]
        .iter()
        .map(|e| (e.to, e.critical))
        .collect();
    let users: Vec<(usize, bool)> = cx.analysis.graph.used_by[i]
        .iter()
        .map(|&u| {
            (
                u,
                cx.analysis.graph.deps[u]
                    .iter()
                    .any(|e| e.to == i && e.critical),
            )
        })
        .collect();
    add(users, false, &mut nodes);
    add(deps, true, &mut nodes);
    let layout = layered(nodes.len(), &edges);
    svg::graph(
        &layout,
        &nodes,
        &classes,
        "hood",
        &format!("Dependencies of {}", s.name),
    )
}
