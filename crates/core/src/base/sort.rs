//! Stable sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element type *and* the comparison closure, so every call
//! site compiles its own copy of the whole stable sort (≈ 4 kB of Wasm each; 23 copies were 86 kB
//! of the bundle's code). These functions sort a list of indices instead, with the comparison
//! behind `&mut dyn FnMut`: the sort itself is compiled once, and each call site only adds its
//! comparison and a small permutation loop. The result is exactly what `sort_by` /
//! `sort_by_key` / `sort` give (stable: equal elements keep their order), so the core stays
//! deterministic.
//!
//! `collect()` into a `BTreeMap` or `BTreeSet` sorts too (a stable sort, then a bulk build), with
//! a closure type per iterator type: one more copy of the sort per call site. [`map_from`] and
//! [`set_from`] insert one by one instead; the result is the same map (a later equal key's value
//! wins, as with `collect`).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Like `v.sort_by(compare)`: stable.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_order(v.len(), &mut |a, b| compare(&v[a], &v[b]));
    permute(v, order);
}

/// Like `v.sort_by_key(key)`: stable, the key computed for each comparison.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Like `v.sort()`: stable.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Like `iter.collect::<BTreeMap<_, _>>()`, without a sort of its own.
pub fn map_from<K: Ord, V>(iter: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(iter);
    map
}

/// Like `iter.collect::<BTreeSet<_>>()`, without a sort of its own.
pub fn set_from<T: Ord>(iter: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(iter);
    set
}

/// The stable order of `0..len` under `compare`: the one instantiation of the standard sort.
fn sorted_order(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `v` so that `v[i]` becomes the old `v[order[i]]`, in place, cycle by cycle.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no randomness crate.
    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn matches_the_standard_stable_sort_including_ties() {
        let mut seed = 7;
        for len in [0, 1, 2, 3, 5, 17, 64, 300, 2000] {
            // (key, original position): few distinct keys, so many ties.
            let v: Vec<(u64, usize)> = (0..len).map(|i| (lcg(&mut seed) % 7, i)).collect();
            let mut expected = v.clone();
            expected.sort_by_key(|e| e.0);
            let mut got = v.clone();
            sort_by_key(&mut got, |e| e.0);
            assert_eq!(got, expected, "len {len}");
            let mut got = v.clone();
            sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            let mut expected = v.clone();
            expected.sort_by_key(|e| std::cmp::Reverse(e.0));
            assert_eq!(got, expected, "len {len}, reversed");
        }
    }

    #[test]
    fn map_from_and_set_from_equal_collect_including_repeated_keys() {
        let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)];
        let expected: BTreeMap<&str, i32> = pairs.iter().copied().collect();
        assert_eq!(map_from(pairs.iter().copied()), expected);
        assert_eq!(map_from(pairs)["b"], 3, "the later value wins");
        let expected: BTreeSet<&str> = pairs.iter().map(|p| p.0).collect();
        assert_eq!(set_from(pairs.iter().map(|p| p.0)), expected);
    }

    #[test]
    fn sort_orders_owned_values() {
        let mut v: Vec<String> = ["node-10", "node-2", "a", "node-2", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut expected = v.clone();
        expected.sort();
        sort(&mut v);
        assert_eq!(v, expected);
    }
}
