//! A layered (Sugiyama-style) layout of a directed graph, computed at build time:
//! break cycles by reversing DFS back edges, assign layers by longest path, insert
//! dummy points on long edges, order each layer by barycenters in a few sweeps, then
//! place layers left to right. Every step is linear or `n log n` in the size of the
//! graph plus its dummy points, so thousands of nodes lay out in milliseconds.

/// Sizes of the drawing, in SVG user units.
pub const NODE_W: f64 = 176.0;
pub const NODE_H: f64 = 28.0;
const COL_GAP: f64 = 84.0;
const ROW_GAP: f64 = 10.0;
const DUMMY_H: f64 = 8.0;
pub const MARGIN: f64 = 12.0;
const SWEEPS: usize = 6;

/// Where each node goes and how each edge runs.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Top-left corner of each node.
    pub pos: Vec<(f64, f64)>,
    /// Per edge (same order as the input): the points the edge passes through, from
    /// the source's right side to the target's left side (or the reverse for edges
    /// drawn against the flow, such as those closing a cycle).
    pub paths: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Node(usize),
    Dummy,
}

/// Lays out `n` nodes with `edges` (`(from, to)`: `from` is drawn left of `to`).
pub fn layered(n: usize, edges: &[(usize, usize)]) -> Layout {
    let reversed = back_edges(n, edges);
    // The acyclic version used for layering.
    let dag: Vec<(usize, usize)> = edges
        .iter()
        .zip(&reversed)
        .filter(|((a, b), _)| a != b)
        .map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) })
        .collect();
    let layer = longest_path_layers(n, &dag);
    let layers_count = layer.iter().copied().max().map_or(0, |m| m + 1);
    // Slots per layer; each long edge becomes a chain of dummy slots.
    let mut slots: Vec<Vec<Slot>> = vec![Vec::new(); layers_count];
    let mut slot_of_node = vec![(0usize, 0usize); n];
    for (v, &l) in layer.iter().enumerate() {
        slot_of_node[v] = (l, slots[l].len());
        slots[l].push(Slot::Node(v));
    }
    // For each DAG edge: the chain of (layer, slot index) it passes through.
    let mut chains: Vec<Vec<(usize, usize)>> = Vec::with_capacity(dag.len());
    for &(a, b) in &dag {
        let mut chain = vec![slot_of_node[a]];
        let (from, to) = (layer[a] + 1, layer[b]);
        for (l, slot) in slots.iter_mut().enumerate().take(to).skip(from) {
            chain.push((l, slot.len()));
            slot.push(Slot::Dummy);
        }
        chain.push(slot_of_node[b]);
        chains.push(chain);
    }
    let order = order_layers(&slots, &chains);
    place(n, edges, &reversed, &slots, &chains, &order)
}

/// Marks the edges that close a cycle in a depth-first search (iterative, so deep
/// graphs cannot overflow the stack). Self-loops count as back edges.
fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, &(a, b)) in edges.iter().enumerate() {
        out[a].push((b, i));
    }
    let mut state = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut back = vec![false; edges.len()];
    for s in 0..n {
        if state[s] != 0 {
            continue;
        }
        let mut stack = vec![(s, 0usize)];
        state[s] = 1;
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            if let Some(&(w, e)) = out[v].get(next) {
                top.1 += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}

/// Layer = length of the longest path from a source (Kahn's algorithm); then every
/// node with successors moves right up to just before its nearest successor, so that
/// services used only by deep ones do not pile up in the first column with long edges.
fn longest_path_layers(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        out[a].push(b);
        indeg[b] += 1;
    }
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    for &v in queue.iter().rev() {
        if let Some(nearest) = out[v].iter().map(|&w| layer[w]).min() {
            layer[v] = nearest - 1;
        }
    }
    layer
}

/// Orders every layer by the barycenter heuristic, sweeping left to right and back.
/// Returns for each layer the slot indices in drawing order.
fn order_layers(slots: &[Vec<Slot>], chains: &[Vec<(usize, usize)>]) -> Vec<Vec<usize>> {
    // Neighbours of each slot in the previous and next layer.
    let mut left: Vec<Vec<Vec<usize>>> = slots.iter().map(|l| vec![Vec::new(); l.len()]).collect();
    let mut right = left.clone();
    for chain in chains {
        for w in chain.windows(2) {
            let ((la, sa), (lb, sb)) = (w[0], w[1]);
            right[la][sa].push(sb);
            left[lb][sb].push(sa);
        }
    }
    let mut order: Vec<Vec<usize>> = slots.iter().map(|l| (0..l.len()).collect()).collect();
    let mut rank: Vec<Vec<usize>> = order.clone();
    for sweep in 0..SWEEPS {
        let forward = sweep % 2 == 0;
        let layers: Vec<usize> = if forward {
            (1..slots.len()).collect()
        } else {
            (0..slots.len().saturating_sub(1)).rev().collect()
        };
        for l in layers {
            let (nbrs, other) = if forward {
                (&left[l], l - 1)
            } else {
                (&right[l], l + 1)
            };
            let mut keyed: Vec<(f64, usize)> = order[l]
                .iter()
                .map(|&s| {
                    let ns = &nbrs[s];
                    let key = if ns.is_empty() {
                        rank[l][s] as f64
                    } else {
                        ns.iter().map(|&o| rank[other][o] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (key, s)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            order[l] = keyed.into_iter().map(|(_, s)| s).collect();
            for (r, &s) in order[l].iter().enumerate() {
                rank[l][s] = r;
            }
        }
    }
    order
}

#[allow(clippy::too_many_arguments)]
fn place(
    n: usize,
    edges: &[(usize, usize)],
    reversed: &[bool],
    slots: &[Vec<Slot>],
    chains: &[Vec<(usize, usize)>],
    order: &[Vec<usize>],
) -> Layout {
    // y of each slot's centre, stacking slots and centring each layer on the tallest.
    let heights: Vec<f64> = order
        .iter()
        .enumerate()
        .map(|(l, o)| {
            o.iter()
                .map(|&s| match slots[l][s] {
                    Slot::Node(_) => NODE_H + ROW_GAP,
                    Slot::Dummy => DUMMY_H,
                })
                .sum()
        })
        .collect();
    let tallest = heights.iter().copied().fold(0.0, f64::max);
    let mut centre: Vec<Vec<f64>> = slots.iter().map(|l| vec![0.0; l.len()]).collect();
    for (l, o) in order.iter().enumerate() {
        let mut y = MARGIN + (tallest - heights[l]) / 2.0;
        for &s in o {
            let h = match slots[l][s] {
                Slot::Node(_) => NODE_H + ROW_GAP,
                Slot::Dummy => DUMMY_H,
            };
            centre[l][s] = y + h / 2.0;
            y += h;
        }
    }
    let x_of = |l: usize| MARGIN + l as f64 * (NODE_W + COL_GAP);
    let mut pos = vec![(0.0, 0.0); n];
    for (l, layer_slots) in slots.iter().enumerate() {
        for (s, slot) in layer_slots.iter().enumerate() {
            if let Slot::Node(v) = slot {
                pos[*v] = (x_of(l), centre[l][s] - NODE_H / 2.0);
            }
        }
    }
    // Edge paths: leave a node on its right, cross dummy columns straight, enter the
    // next node on its left.
    let mut paths = Vec::with_capacity(edges.len());
    let mut chain_iter = chains.iter();
    for (i, &(a, b)) in edges.iter().enumerate() {
        if a == b {
            let (x, y) = pos[a];
            paths.push(vec![
                (x + NODE_W, y + NODE_H * 0.3),
                (x + NODE_W + 24.0, y - 10.0),
                (x + NODE_W - 20.0, y),
            ]);
            continue;
        }
        let Some(chain) = chain_iter.next() else {
            paths.push(Vec::new());
            continue;
        };
        let mut pts = Vec::with_capacity(chain.len() * 2);
        for (k, &(l, s)) in chain.iter().enumerate() {
            let (x, y) = (x_of(l), centre[l][s]);
            if k > 0 {
                pts.push((x, y));
            }
            if k + 1 < chain.len() {
                pts.push((x + NODE_W, y));
            }
        }
        if reversed[i] {
            pts.reverse();
        }
        paths.push(pts);
    }
    let width = 2.0 * MARGIN + slots.len() as f64 * (NODE_W + COL_GAP) - COL_GAP;
    Layout {
        pos,
        paths,
        width: width.max(NODE_W + 2.0 * MARGIN),
        height: tallest + 2.0 * MARGIN,
    }
}

/// An SVG path through `pts` with horizontal tangents (smooth S-curves between
/// columns, straight runs through dummy columns).
pub fn path_data(pts: &[(f64, f64)]) -> String {
    let mut d = String::new();
    let Some(&(x0, y0)) = pts.first() else {
        return d;
    };
    d.push_str(&format!("M{x0:.1} {y0:.1}"));
    for w in pts.windows(2) {
        let ((xa, ya), (xb, yb)) = (w[0], w[1]);
        if (ya - yb).abs() < 0.01 {
            d.push_str(&format!("L{xb:.1} {yb:.1}"));
        } else {
            let dx = (xb - xa) / 2.0;
            d.push_str(&format!(
                "C{:.1} {ya:.1} {:.1} {yb:.1} {xb:.1} {yb:.1}",
                xa + dx,
                xb - dx
            ));
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_point_rightwards_and_cycles_are_broken() {
        let edges = [(0, 1), (1, 2), (0, 2), (2, 0), (3, 3)];
        let l = layered(4, &edges);
        assert!(l.pos[0].0 < l.pos[1].0 && l.pos[1].0 < l.pos[2].0);
        // The long edge 0→2 gets a bend point in layer 1.
        assert_eq!(l.paths[2].len(), 4);
        // The back edge 2→0 is drawn from 2 towards 0 (leftwards).
        let p = &l.paths[3];
        assert!(p.first().map(|q| q.0) > p.last().map(|q| q.0));
    }

    #[test]
    fn nodes_in_a_layer_do_not_overlap() {
        let edges: Vec<(usize, usize)> = (1..30).map(|i| (0, i)).collect();
        let l = layered(30, &edges);
        let mut ys: Vec<f64> = (1..30).map(|i| l.pos[i].1).collect();
        ys.sort_by(f64::total_cmp);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= NODE_H));
    }

    #[test]
    fn five_thousand_nodes_lay_out_quickly() {
        // A deterministic pseudo-random graph: each node depends on up to 3 later ones.
        let n = 5000;
        let mut seed: u64 = 42;
        let mut next = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        let mut edges = Vec::new();
        for v in 0..n - 1 {
            for _ in 0..next() % 4 {
                let w = v + 1 + next() % (n - v - 1).min(200);
                edges.push((v, w));
            }
        }
        let started = std::time::Instant::now();
        let l = layered(n, &edges);
        let took = started.elapsed();
        assert!(edges.iter().all(|&(a, b)| l.pos[a].0 < l.pos[b].0));
        // Generous even for a debug build on a busy machine.
        assert!(took.as_secs() < 20, "layout took {took:?}");
    }
}
