//! Stable sorting through one shared instantiation of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site compiles
//! its own copy of driftsort (~3 KB of wasm each; 30 copies were ~95 KB of the page). These
//! functions sort a list of indices with a `dyn` comparator (one copy in the whole program)
//! and then move the elements into place. The results are exactly `sort_by`'s: stable, and
//! deterministic. The lists sorted here are short (pods of a set, nodes on a page, events), so
//! the indirection costs nothing anyone can see.

use std::cmp::Ordering;

/// `items.sort_by(compare)`.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// `items.sort()`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

#[inline(never)]
fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Rearranges `items` so that position `i` holds what was at `order[i]`, following each cycle
/// of the permutation with swaps.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut current = start;
        while order[current] != DONE {
            let next = order[current];
            order[current] = DONE;
            if next == start {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::Rng;

    #[test]
    fn agrees_with_the_standard_stable_sort() {
        let mut rng = Rng::new(7);
        for len in 0..60 {
            let items: Vec<(i64, usize)> = (0..len).map(|i| (rng.between(0, 4), i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut actual = items.clone();
            sort_by_key(&mut actual, |item| item.0);
            assert_eq!(actual, expected, "len {len}");
            let mut descending = items.clone();
            sort_by(&mut descending, |a, b| b.cmp(a));
            expected.sort_by(|a, b| b.cmp(a));
            assert_eq!(descending, expected);
        }
    }

    #[test]
    fn sorts_owned_strings() {
        let mut names = vec!["web-10".to_string(), "web-2".into(), "db".into(), "web-1".into()];
        sort(&mut names);
        assert_eq!(names, ["db", "web-1", "web-10", "web-2"]);
    }
}
