//! The Filter and Select steps that the kube-scheduler (`sim/scheduler.rs`) and ECS task
//! placement (`ecs/placement.rs`) share: both filter the machines, then score the survivors and
//! take the best, the seeded RNG breaking ties.
//!
//! - **Filter**: a [`Filter`] is one narrow check, `fn(&machine, &work) -> Option<reason>`
//!   (`None`: it passes). A machine is feasible only if every filter passes.
//!   [`first_failure`] is kube-scheduler's contract (the first failing filter names the
//!   reason); [`failures`] gives every failing filter's reason in order (ECS names the closest
//!   instance: the one failing the fewest, by its first failure).
//! - **Resource fit**: [`exceeds_free`] — the request against what is left of allocatable once
//!   the bound work's requests are taken — is the same check in both, read on the node table by
//!   `NodeInfo::lacks_cpu` and `lacks_memory` (NodeResourcesFit's `Insufficient cpu`, ECS's
//!   "has insufficient CPU units available"); each system keeps its own words for the reason.
//! - **Select**: [`select_best`] takes the largest key; ties go to the seeded RNG in one of the
//!   two ways the systems draw ([`TieBreak`]), so each consumes the RNG exactly as it always
//!   has. How the key is made stays with each system: kube-scheduler sums weighted plugin scores
//!   (one number, normalised over the feasible nodes), ECS compares its strategies
//!   lexicographically (the first strategy decides, later ones break its ties).
//!
//! Pure functions: no allocation on kube-scheduler's path, no state.

use std::cmp::Ordering;

use crate::base::rng::SimRng;

/// One Filter step: why `machine` cannot take `work`, or `None` when it can.
pub type Filter<M, W, R> = fn(&M, &W) -> Option<R>;

/// The first failing filter's reason, in the filters' order; `None` when the machine is
/// feasible. Later filters are not run. (Inlined: over a fixed array of plugins the loop
/// unrolls into direct calls, which the scheduler's hot path needs.)
#[inline(always)]
pub fn first_failure<M, W, R>(filters: &[Filter<M, W, R>], machine: &M, work: &W) -> Option<R> {
    for f in filters {
        if let Some(reason) = f(machine, work) {
            return Some(reason);
        }
    }
    None
}

/// Every failing filter's reason, in the filters' order (empty when the machine is feasible).
pub fn failures<'f, M, W, R>(
    filters: &'f [Filter<M, W, R>],
    machine: &'f M,
    work: &'f W,
) -> impl Iterator<Item = R> + 'f {
    filters.iter().filter_map(move |f| f(machine, work))
}

/// The resource fit, on one resource: does `wanted` exceed what is left of `allocatable` once
/// `requested` is taken? Nothing wanted always fits, even on an over-committed machine. (Read
/// on the node table's entries by `NodeInfo::lacks_cpu` and `lacks_memory`.)
pub fn exceeds_free(allocatable: u64, requested: u64, wanted: u64) -> bool {
    allocatable.saturating_sub(requested) < wanted
}

/// How the seeded RNG breaks a tie for the best key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TieBreak {
    /// kube-scheduler's `selectHost`: reservoir sampling as the candidates come, one draw per
    /// tie met (none when one candidate is best).
    Reservoir,
    /// ECS: one draw among every candidate tied for best, in the order given (a draw even when
    /// only one is best).
    OneDraw,
}

/// The machine with the largest key (`None` when there are no candidates); ties broken by
/// `rng` as `tie` says. Candidates are `(key, machine)` in the order the caller considers them.
pub fn select_best<K: Ord>(
    candidates: impl IntoIterator<Item = (K, usize)>,
    tie: TieBreak,
    rng: &mut SimRng,
) -> Option<usize> {
    match tie {
        TieBreak::Reservoir => reservoir(candidates, rng),
        TieBreak::OneDraw => one_draw(candidates, rng),
    }
}

fn reservoir<K: Ord>(
    candidates: impl IntoIterator<Item = (K, usize)>,
    rng: &mut SimRng,
) -> Option<usize> {
    let mut best: Option<(K, usize)> = None;
    let mut ties: u64 = 0;
    for (key, machine) in candidates {
        match best.as_ref().map(|(b, _)| key.cmp(b)) {
            Some(Ordering::Less) => {}
            Some(Ordering::Equal) => {
                ties += 1;
                if rng.below(ties + 1) == 0 {
                    best = Some((key, machine));
                }
            }
            _ => {
                best = Some((key, machine));
                ties = 0;
            }
        }
    }
    best.map(|(_, machine)| machine)
}

fn one_draw<K: Ord>(
    candidates: impl IntoIterator<Item = (K, usize)>,
    rng: &mut SimRng,
) -> Option<usize> {
    let mut best: Option<K> = None;
    let mut tied: Vec<usize> = Vec::new();
    for (key, machine) in candidates {
        match best.as_ref().map(|b| key.cmp(b)) {
            Some(Ordering::Less) => {}
            Some(Ordering::Equal) => tied.push(machine),
            _ => {
                best = Some(key);
                tied.clear();
                tied.push(machine);
            }
        }
    }
    if tied.is_empty() {
        return None;
    }
    Some(tied[rng.below(tied.len() as u64) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    type Check = Filter<u32, u32, &'static str>;

    fn too_big(m: &u32, w: &u32) -> Option<&'static str> {
        (w > m).then_some("too big")
    }
    fn odd(m: &u32, _: &u32) -> Option<&'static str> {
        (m % 2 == 1).then_some("odd")
    }
    fn zero(m: &u32, _: &u32) -> Option<&'static str> {
        (*m == 0).then_some("zero")
    }

    #[test]
    fn the_first_failing_filter_names_the_reason() {
        let filters: [Check; 3] = [zero, odd, too_big];
        assert_eq!(first_failure(&filters, &3, &5), Some("odd"));
        assert_eq!(first_failure(&filters, &4, &5), Some("too big"));
        assert_eq!(first_failure(&filters, &0, &5), Some("zero"));
        assert_eq!(first_failure(&filters, &6, &5), None);
        let all: Vec<_> = failures(&filters, &3, &5).collect();
        assert_eq!(all, ["odd", "too big"]);
        assert_eq!(failures(&filters, &6, &5).count(), 0);
    }

    #[test]
    fn resource_fit_is_free_capacity_against_the_request() {
        assert!(!exceeds_free(2000, 1500, 500));
        assert!(exceeds_free(2000, 1500, 501));
        assert!(!exceeds_free(2000, 0, 2000));
        // Over-committed: nothing wanted still fits, anything more does not.
        assert!(!exceeds_free(2000, 2500, 0));
        assert!(exceeds_free(2000, 2500, 1));
    }

    #[test]
    fn the_largest_key_wins_without_a_draw() {
        let mut rng = SimRng::new(7);
        let got = select_best([(3u64, 0), (9, 1), (5, 2)], TieBreak::Reservoir, &mut rng);
        assert_eq!(got, Some(1));
        assert_eq!(rng.next_u64(), SimRng::new(7).next_u64(), "no draw");
        let mut rng = SimRng::new(7);
        let none: Option<usize> =
            select_best(Vec::<(u64, usize)>::new(), TieBreak::OneDraw, &mut rng);
        assert_eq!(none, None);
        assert_eq!(rng.next_u64(), SimRng::new(7).next_u64(), "no draw");
    }

    #[test]
    fn reservoir_draws_once_per_tie_met() {
        // Three tied for best (machines 1, 3, 4): draws below(2) then below(3).
        let cands = [(5u64, 0), (9, 1), (2, 2), (9, 3), (9, 4)];
        let mut picked = std::collections::BTreeSet::new();
        for seed in 0..40 {
            let mut rng = SimRng::new(seed);
            let got = select_best(cands, TieBreak::Reservoir, &mut rng).unwrap();
            let mut expect = SimRng::new(seed);
            let mut want = 1;
            if expect.below(2) == 0 {
                want = 3;
            }
            if expect.below(3) == 0 {
                want = 4;
            }
            assert_eq!(got, want);
            assert_eq!(rng.next_u64(), expect.next_u64(), "two draws (seed {seed})");
            picked.insert(got);
        }
        assert_eq!(picked.len(), 3);
    }

    #[test]
    fn one_draw_picks_among_all_tied_in_order() {
        let cands = [(1u64, 10), (4, 11), (4, 12), (0, 13), (4, 14)];
        for seed in 0..20 {
            let mut rng = SimRng::new(seed);
            let got = select_best(cands, TieBreak::OneDraw, &mut rng).unwrap();
            let mut expect = SimRng::new(seed);
            assert_eq!(got, [11, 12, 14][expect.below(3) as usize]);
            assert_eq!(rng.next_u64(), expect.next_u64(), "one draw (seed {seed})");
        }
        // A single best still draws once.
        let mut rng = SimRng::new(3);
        assert_eq!(
            select_best([(1u64, 5)], TieBreak::OneDraw, &mut rng),
            Some(5)
        );
        let mut expect = SimRng::new(3);
        expect.below(1);
        assert_eq!(rng.next_u64(), expect.next_u64());
    }
}
