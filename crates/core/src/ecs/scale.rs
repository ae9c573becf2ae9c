//! The service scheduler's decisions for one pass, as pure functions of the service's tasks and
//! its bounds: which tasks to stop and how many to launch (no engine, unit-tested on values).
//!
//! The order of the stops is part of the decision: it is the order of the stop calls, of the
//! task ids in the service event, and so of everything the simulation does after.

use std::collections::BTreeSet;

use crate::base::sort::sort_by_key;

/// One active task of the service as the scheduler weighs it (no clone of the whole task).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub id: String,
    pub seq: u64,
    pub healthy: bool,
    /// Of the PRIMARY deployment, on an instance that is not draining.
    pub current: bool,
    /// On a DRAINING instance: replaced like an old deployment's task.
    pub draining: bool,
}

/// How many tasks the service may and must run during this pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bounds {
    /// desiredCount (0 while the service is DRAINING).
    pub desired: u32,
    /// maximumPercent of desiredCount, and never less than desiredCount.
    pub max_total: u32,
    /// minimumHealthyPercent of desiredCount (0 while DRAINING).
    pub min_healthy: u32,
}

/// The ids of the tasks one pass stops, in the order they are stopped: the primary's surplus
/// (not-yet-healthy first, then the newest), then old deployments' tasks while the healthy
/// count stays above the minimum (the unhealthy at once), then whatever is over maximumPercent
/// (the unhealthy, then old deployments', then the primary's newest).
pub(crate) fn tasks_to_stop(active: &[Slot], b: Bounds) -> Vec<String> {
    let healthy_total = active.iter().filter(|t| t.healthy).count() as u32;
    let mine_count = active.iter().filter(|t| t.current).count();
    let mut stopping: BTreeSet<&str> = BTreeSet::new();
    let mut to_stop: Vec<String> = Vec::new();
    // Scale in the primary deployment: the not-yet-healthy first, then the newest.
    if mine_count as u32 > b.desired {
        let mut order: Vec<&Slot> = active.iter().filter(|t| t.current).collect();
        sort_by_key(&mut order, |t| (t.healthy, std::cmp::Reverse(t.seq)));
        for t in order.into_iter().take(mine_count - b.desired as usize) {
            stopping.insert(&t.id);
            to_stop.push(t.id.clone());
        }
    }
    // Old deployments drain while the healthy count stays at the minimum: unhealthy or
    // pending old tasks go at once, healthy ones only above minimumHealthyPercent.
    let mut healthy_left = healthy_total
        - active
            .iter()
            .filter(|t| t.healthy && stopping.contains(t.id.as_str()))
            .count() as u32;
    let mut old_sorted: Vec<&Slot> = active.iter().filter(|t| !t.current).collect();
    sort_by_key(&mut old_sorted, |t| (t.healthy, t.seq));
    for t in old_sorted {
        if !t.healthy {
            stopping.insert(&t.id);
            to_stop.push(t.id.clone());
        } else if healthy_left > b.min_healthy {
            healthy_left -= 1;
            stopping.insert(&t.id);
            to_stop.push(t.id.clone());
        }
    }
    // Never more than maximumPercent (after a scale-in mid-deployment): the unhealthy go
    // first, then old deployments' tasks, then the primary's newest.
    let left = active.len() - to_stop.len();
    if left as u32 > b.max_total {
        let mut rest: Vec<&Slot> = active
            .iter()
            .filter(|t| !stopping.contains(t.id.as_str()))
            .collect();
        sort_by_key(&mut rest, |t| {
            (t.healthy, t.current, std::cmp::Reverse(t.seq))
        });
        for t in rest.into_iter().take(left - b.max_total as usize) {
            stopping.insert(&t.id);
            to_stop.push(t.id.clone());
        }
    }
    to_stop
}

/// How many of the primary's tasks to launch: the missing ones, within maximumPercent, at most
/// `batch` per pass and at most `capacity` more live tasks in the simulation.
pub(crate) fn launch_count(
    active: &[Slot],
    to_stop: &[String],
    b: Bounds,
    batch: u32,
    capacity: u32,
) -> u32 {
    let current_left = active
        .iter()
        .filter(|t| t.current && !to_stop.contains(&t.id))
        .count() as u32;
    let remaining_active = (active.len() - to_stop.len()) as u32;
    let want = b.desired.saturating_sub(current_left);
    let room = b.max_total.saturating_sub(remaining_active);
    want.min(room).min(batch).min(capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: &str, seq: u64, healthy: bool, current: bool) -> Slot {
        Slot {
            id: id.into(),
            seq,
            healthy,
            current,
            draining: false,
        }
    }

    fn bounds(desired: u32, max_total: u32, min_healthy: u32) -> Bounds {
        Bounds {
            desired,
            max_total,
            min_healthy,
        }
    }

    #[test]
    fn a_scale_in_stops_the_not_yet_healthy_then_the_newest() {
        let active = [
            slot("a", 1, true, true),
            slot("b", 2, false, true),
            slot("c", 3, true, true),
        ];
        assert_eq!(tasks_to_stop(&active, bounds(1, 2, 1)), ["b", "c"]);
        assert_eq!(
            launch_count(&active, &["b".into(), "c".into()], bounds(1, 2, 1), 10, 100),
            0
        );
    }

    #[test]
    fn old_tasks_drain_only_above_the_healthy_minimum() {
        // Two healthy old tasks, one pending new one: keep 2 healthy, so no old task goes yet,
        // and there is no room to start another new one under maximumPercent.
        let active = [
            slot("old1", 1, true, false),
            slot("old2", 2, true, false),
            slot("new1", 3, false, true),
        ];
        let b = bounds(2, 3, 2);
        assert!(tasks_to_stop(&active, b).is_empty());
        assert_eq!(launch_count(&active, &[], b, 10, 100), 0);
        // Once the new one is healthy, one old task may go, and a second new one starts.
        let active = [
            slot("old1", 1, true, false),
            slot("old2", 2, true, false),
            slot("new1", 3, true, true),
        ];
        let stops = tasks_to_stop(&active, b);
        assert_eq!(stops, ["old1"]);
        assert_eq!(launch_count(&active, &stops, b, 10, 100), 1);
    }

    #[test]
    fn unhealthy_old_tasks_go_at_once() {
        let active = [slot("old", 1, false, false), slot("new", 2, true, true)];
        assert_eq!(tasks_to_stop(&active, bounds(1, 2, 1)), ["old"]);
    }

    #[test]
    fn over_maximum_percent_the_unhealthy_then_the_old_then_the_newest_go() {
        let active = [
            slot("p1", 1, true, true),
            slot("p2", 2, true, true),
            slot("o1", 3, true, false),
            slot("p3", 4, false, true),
        ];
        // desired 3, at most 2 running, keep 3 healthy: no old task drains; p3 (unhealthy)
        // and then the old one go to get down to 2.
        assert_eq!(tasks_to_stop(&active, bounds(3, 2, 3)), ["p3", "o1"]);
    }

    #[test]
    fn launches_are_bounded_by_the_batch_and_the_capacity() {
        let b = bounds(30, 60, 30);
        assert_eq!(launch_count(&[], &[], b, 10, 100), 10);
        assert_eq!(launch_count(&[], &[], b, 10, 4), 4);
        assert_eq!(launch_count(&[], &[], bounds(0, 0, 0), 10, 100), 0);
    }
}
