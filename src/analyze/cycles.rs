//! Cycles of a directed graph: strongly connected components (Tarjan), every
//! elementary cycle (Johnson), and the shortest cycle through a node. All iterative,
//! so a long chain cannot overflow the stack, and the enumeration stops after
//! `MAX_CYCLES`, since a dense graph has more cycles than anyone can read.

use std::collections::{HashMap, VecDeque};

/// Most cycles listed; past it, `elementary_cycles` says there are more.
pub const MAX_CYCLES: usize = 100;

/// Tarjan's strongly connected components without recursion. Returns the component
/// of each node and the number of components.
pub fn tarjan(adj: &[Vec<usize>]) -> (Vec<usize>, usize) {
    tarjan_within(adj, &|_| true)
}

/// Tarjan's components of the subgraph of the nodes `keep` accepts; other nodes get
/// component `usize::MAX`.
fn tarjan_within(adj: &[Vec<usize>], keep: &dyn Fn(usize) -> bool) -> (Vec<usize>, usize) {
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
        if index[s] != UNSET || !keep(s) {
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
                if !keep(w) {
                    continue;
                }
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
pub fn shortest_cycle(adj: &[Vec<usize>], component: &[usize], start: usize) -> Vec<usize> {
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

/// Every elementary cycle of the graph (self-loops included), each once, as the list
/// of nodes from its smallest node, sorted; stops after `MAX_CYCLES` (the flag says
/// there were more). Johnson's algorithm: each cycle is found from its smallest node,
/// within the nodes not smaller than it, and blocked nodes keep the search from
/// walking paths that cannot close, so the time grows with the cycles found.
pub fn elementary_cycles(
    adj: &[Vec<usize>],
    component: &[usize],
    cyclic: &[bool],
) -> (Vec<Vec<usize>>, bool) {
    let on_a_cycle = |v: usize| cyclic[component[v]];
    let mut search = Search::new(adj.len());
    let mut s = 0;
    // Each round finds at least one cycle, so the rounds are bounded by MAX_CYCLES.
    while let Some((start, sub)) = least_cyclic_node(adj, s, &on_a_cycle) {
        let allowed = |w: usize| w >= start && sub[w] == sub[start];
        if !search.from(adj, start, &allowed) {
            break;
        }
        s = start + 1;
    }
    let more = search.found.len() > MAX_CYCLES;
    let mut cycles = search.found;
    cycles.truncate(MAX_CYCLES);
    cycles.sort();
    (cycles, more)
}

/// The least node from `s` on that lies on a cycle of the subgraph of nodes from `s`
/// on, with that subgraph's components.
fn least_cyclic_node(
    adj: &[Vec<usize>],
    s: usize,
    on_a_cycle: &dyn Fn(usize) -> bool,
) -> Option<(usize, Vec<usize>)> {
    let keep = |v: usize| v >= s && on_a_cycle(v);
    let (sub, count) = tarjan_within(adj, &keep);
    let mut size = vec![0usize; count];
    for &c in sub.iter().filter(|&&c| c != usize::MAX) {
        size[c] += 1;
    }
    let start = (s..adj.len()).find(|&v| keep(v) && (size[sub[v]] > 1 || adj[v].contains(&v)))?;
    Some((start, sub))
}

/// The state of Johnson's search.
struct Search {
    blocked: Vec<bool>,
    /// Nodes to unblock when the key node is unblocked.
    waiting: Vec<Vec<usize>>,
    found: Vec<Vec<usize>>,
}

impl Search {
    fn new(n: usize) -> Self {
        Search {
            blocked: vec![false; n],
            waiting: vec![Vec::new(); n],
            found: Vec::new(),
        }
    }

    /// Finds the cycles through `s` among `allowed` nodes; false once more than
    /// `MAX_CYCLES` are found.
    fn from(&mut self, adj: &[Vec<usize>], s: usize, allowed: &dyn Fn(usize) -> bool) -> bool {
        for v in (s..adj.len()).filter(|&v| allowed(v)) {
            self.blocked[v] = false;
            self.waiting[v].clear();
        }
        // (node, next edge to try, whether a cycle was found below it)
        let mut frames: Vec<(usize, usize, bool)> = vec![(s, 0, false)];
        let mut path = vec![s];
        self.blocked[s] = true;
        while let Some(&mut (v, ref mut next, ref mut closed)) = frames.last_mut() {
            if let Some(&w) = adj[v].get(*next) {
                *next += 1;
                if !allowed(w) {
                    continue;
                }
                if w == s {
                    *closed = true;
                    self.found.push(path.clone());
                    if self.found.len() > MAX_CYCLES {
                        return false;
                    }
                } else if !self.blocked[w] {
                    self.blocked[w] = true;
                    path.push(w);
                    frames.push((w, 0, false));
                }
                continue;
            }
            let closed = *closed;
            frames.pop();
            path.pop();
            if closed {
                self.unblock(v);
            } else {
                for &w in adj[v].iter().filter(|&&w| allowed(w)) {
                    if !self.waiting[w].contains(&v) {
                        self.waiting[w].push(v);
                    }
                }
            }
            if let Some(parent) = frames.last_mut() {
                parent.2 |= closed;
            }
        }
        true
    }

    fn unblock(&mut self, v: usize) {
        let mut work = vec![v];
        while let Some(u) = work.pop() {
            self.blocked[u] = false;
            for w in std::mem::take(&mut self.waiting[u]) {
                if self.blocked[w] {
                    work.push(w);
                }
            }
        }
    }
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

    fn cycles(adj: &[Vec<usize>]) -> (Vec<Vec<usize>>, bool) {
        let (component, count) = tarjan(adj);
        let mut size = vec![0; count];
        for &c in &component {
            size[c] += 1;
        }
        let mut cyclic: Vec<bool> = size.iter().map(|&s| s > 1).collect();
        for (v, a) in adj.iter().enumerate() {
            if a.contains(&v) {
                cyclic[component[v]] = true;
            }
        }
        elementary_cycles(adj, &component, &cyclic)
    }

    #[test]
    fn a_self_loop_does_not_hide_a_longer_cycle() {
        // audit(0) → audit, audit → payments(2), ledger(1) → audit, payments → ledger
        let adj = vec![vec![0, 2], vec![0], vec![1]];
        assert_eq!(cycles(&adj), (vec![vec![0], vec![0, 2, 1]], false));
    }

    #[test]
    fn each_elementary_cycle_is_listed_once() {
        // Two cycles sharing an edge, and a separate two-node cycle.
        let adj = vec![vec![1], vec![2, 3], vec![0], vec![0], vec![5], vec![4]];
        assert_eq!(
            cycles(&adj),
            (vec![vec![0, 1, 2], vec![0, 1, 3], vec![4, 5]], false)
        );
    }

    #[test]
    fn a_dense_graph_lists_a_hundred_cycles_and_says_there_are_more() {
        let n = 12;
        let adj: Vec<Vec<usize>> = (0..n)
            .map(|v| (0..n).filter(|&w| w != v).collect())
            .collect();
        let (found, more) = cycles(&adj);
        assert_eq!(found.len(), MAX_CYCLES);
        assert!(more);
    }

    #[test]
    fn deep_chains_do_not_overflow() {
        let n = 200_000;
        let adj: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let (_, count) = tarjan(&adj);
        assert_eq!(count, 1);
        let (found, more) = cycles(&adj);
        assert_eq!((found.len(), found[0].len(), more), (1, n, false));
    }
}
