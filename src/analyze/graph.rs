//! The dependency graph between services: direct edges both ways, its cycles (see
//! `cycles`), and the transitive "blast radius" of a service (everything that depends
//! on it, directly or not).

pub use super::cycles::MAX_CYCLES;
use super::cycles::{elementary_cycles, shortest_cycle, tarjan};
use crate::catalog::Catalog;
use crate::catalog::model::Service;
use std::collections::VecDeque;

/// How many services in the blast radius are listed by name.
pub const BLAST_LISTED: usize = 50;

/// What one service reaches through the graph.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    /// Services that depend on it directly or indirectly.
    pub blast_count: usize,
    /// How many of those are tier 1.
    pub blast_tier1: usize,
    /// The nearest of them, at most `BLAST_LISTED`.
    pub blast_nearest: Vec<usize>,
    /// Services it depends on directly or indirectly.
    pub deps_count: usize,
}

/// A resolved dependency edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub to: usize,
    pub critical: bool,
    /// Index of the entry in the service's `depends_on`.
    pub entry: usize,
}

#[derive(Debug, Default)]
pub struct Graph {
    /// Direct dependencies of each service (unknown ids left out, repeats merged).
    pub deps: Vec<Vec<Edge>>,
    /// Direct dependents of each service, sorted.
    pub used_by: Vec<Vec<usize>>,
    /// Strongly connected component of each service.
    pub component: Vec<usize>,
    /// Whether a component is a cycle (more than one service, or a self-dependency).
    pub cyclic: Vec<bool>,
    /// Every elementary cycle (self-dependencies included), each once, starting at
    /// its first service by id, in order; at most `MAX_CYCLES` of them.
    pub cycles: Vec<Vec<usize>>,
    /// Whether there are more cycles than `cycles` lists.
    pub more_cycles: bool,
    /// Direct dependencies as plain indices.
    adj: Vec<Vec<usize>>,
}

impl Graph {
    /// Builds the graph of the catalog's services.
    pub fn build(catalog: &Catalog) -> Graph {
        let services = &catalog.services;
        let n = services.len();
        let mut deps: Vec<Vec<Edge>> = vec![Vec::new(); n];
        let mut used_by: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, s) in services.iter().enumerate() {
            for (entry, d) in s.depends_on.iter().enumerate() {
                let Some(to) = catalog.service_position(&d.service.value) else {
                    continue;
                };
                if let Some(e) = deps[i].iter_mut().find(|e| e.to == to) {
                    e.critical |= d.critical;
                    continue;
                }
                deps[i].push(Edge {
                    to,
                    critical: d.critical,
                    entry,
                });
                used_by[to].push(i);
            }
        }
        for u in &mut used_by {
            u.sort_unstable();
        }
        let adj: Vec<Vec<usize>> = deps
            .iter()
            .map(|d| d.iter().map(|e| e.to).collect())
            .collect();
        let (component, count) = tarjan(&adj);
        let mut size = vec![0usize; count];
        for &c in &component {
            size[c] += 1;
        }
        let mut cyclic: Vec<bool> = size.iter().map(|&s| s > 1).collect();
        for (v, a) in adj.iter().enumerate() {
            if a.contains(&v) {
                cyclic[component[v]] = true;
            }
        }
        let (cycles, more_cycles) = elementary_cycles(&adj, &component, &cyclic);
        Graph {
            deps,
            used_by,
            component,
            cyclic,
            cycles,
            more_cycles,
            adj,
        }
    }

    /// The cycle to show for service `v`: the first listed cycle through it, else the
    /// shortest (`None` when it is on no cycle).
    pub fn cycle_through(&self, v: usize) -> Option<Vec<usize>> {
        if !self.cyclic[self.component[v]] {
            return None;
        }
        self.cycles
            .iter()
            .find(|c| c.contains(&v))
            .cloned()
            .or_else(|| Some(shortest_cycle(&self.adj, &self.component, v)))
    }

    /// Whether the edge `from → to` lies on a cycle.
    pub fn edge_in_cycle(&self, from: usize, to: usize) -> bool {
        self.component[from] == self.component[to] && self.cyclic[self.component[from]]
    }

    /// The reach of every service, computed in parallel (two breadth-first searches
    /// per service: linear in the graph each, so 5,000 services take a fraction of a
    /// second).
    pub fn reach_all(&self, services: &[Service]) -> Vec<Reach> {
        use rayon::prelude::*;
        (0..self.deps.len())
            .into_par_iter()
            .map(|v| {
                let blast = self.blast_radius(v);
                Reach {
                    blast_count: blast.len(),
                    blast_tier1: blast
                        .iter()
                        .filter(|&&b| services[b].tier.value == 1)
                        .count(),
                    blast_nearest: blast.iter().take(BLAST_LISTED).copied().collect(),
                    deps_count: self.transitive_deps(v).len(),
                }
            })
            .collect()
    }

    /// Every service that depends on `v`, directly or through others (not `v` itself),
    /// nearest first.
    pub fn blast_radius(&self, v: usize) -> Vec<usize> {
        self.reach(v, |u| self.used_by[u].to_vec())
    }

    /// Every service `v` depends on, directly or through others, nearest first.
    pub fn transitive_deps(&self, v: usize) -> Vec<usize> {
        self.reach(v, |u| self.deps[u].iter().map(|e| e.to).collect())
    }

    fn reach(&self, v: usize, next: impl Fn(usize) -> Vec<usize>) -> Vec<usize> {
        let mut seen = vec![false; self.deps.len()];
        seen[v] = true;
        let mut queue = VecDeque::from([v]);
        let mut out = Vec::new();
        while let Some(u) = queue.pop_front() {
            for w in next(u) {
                if !seen[w] {
                    seen[w] = true;
                    out.push(w);
                    queue.push_back(w);
                }
            }
        }
        out
    }
}
