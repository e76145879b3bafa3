//! The dependency graph between services: direct edges both ways, strongly connected
//! components (Tarjan, iterative) to find and print cycles, and the transitive
//! "blast radius" of a service (everything that depends on it, directly or not).

use crate::catalog::Catalog;
use crate::catalog::model::Service;
use std::collections::{HashMap, VecDeque};

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
    /// One cycle per cyclic component, starting at its first service by id.
    pub cycles: Vec<Vec<usize>>,
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
        let mut first_of = vec![usize::MAX; count];
        for (v, &c) in component.iter().enumerate() {
            if cyclic[c] && first_of[c] == usize::MAX {
                first_of[c] = v;
            }
        }
        let mut cycles: Vec<Vec<usize>> = first_of
            .iter()
            .filter(|&&v| v != usize::MAX)
            .map(|&start| shortest_cycle(&adj, &component, start))
            .collect();
        cycles.sort();
        Graph {
            deps,
            used_by,
            component,
            cyclic,
            cycles,
        }
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

/// Tarjan's strongly connected components without recursion. Returns the component
/// of each node and the number of components.
fn tarjan(adj: &[Vec<usize>]) -> (Vec<usize>, usize) {
    const UNSET: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSET; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSET; n];
    let mut counter = 0;
    let mut count = 0;
    for s in 0..n {
        if index[s] != UNSET {
            continue;
        }
        let mut call = vec![(s, 0usize)];
        index[s] = counter;
        low[s] = counter;
        counter += 1;
        stack.push(s);
        on_stack[s] = true;
        while let Some(top) = call.last_mut() {
            let (v, next) = *top;
            if let Some(&w) = adj[v].get(next) {
                top.1 += 1;
                if index[w] == UNSET {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(u, _)) = call.last() {
                low[u] = low[u].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = count;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (component, count)
}

/// The shortest cycle through `start` inside its component (breadth-first search),
/// as the list of services from `start` back to (not repeating) `start`.
fn shortest_cycle(adj: &[Vec<usize>], component: &[usize], start: usize) -> Vec<usize> {
    let c = component[start];
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for &w in &adj[u] {
            if component[w] != c {
                continue;
            }
            if w == start {
                let mut path = vec![u];
                let mut x = u;
                while x != start {
                    match parent.get(&x) {
                        Some(&p) => x = p,
                        None => break,
                    }
                    path.push(x);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                e.insert(u);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_cycles() {
        // 0 → 1 → 2 → 0, 2 → 3, 4 → 4
        let adj = vec![vec![1], vec![2], vec![0, 3], vec![], vec![4]];
        let (comp, count) = tarjan(&adj);
        assert_eq!(count, 3);
        assert!(comp[0] == comp[1] && comp[1] == comp[2]);
        assert_ne!(comp[2], comp[3]);
        assert_eq!(shortest_cycle(&adj, &comp, 0), vec![0, 1, 2]);
        assert_eq!(shortest_cycle(&adj, &comp, 4), vec![4]);
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let n = 200_000;
        let adj: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let (_, count) = tarjan(&adj);
        assert_eq!(count, 1);
    }
}
