//! Events → narration lines: [`narrate`], a pure function of one batch of trace events (what
//! one drain gave) and the world as it is after them. It reads each event's typed facts
//! ([`EventFacts`]), never its message; it reads the world only for what ECS keeps about its
//! tasks ([`super::ecs`]). One pass first notes what the batch says about pods going away
//! (so a replacement can say what it replaces, and a pod a controller deleted is told once,
//! by that controller), then each event becomes at most one line, and a line that says the
//! same kind of thing as one just before it absorbs it.

use std::collections::BTreeMap;

use crate::sim::ecs_status::is_task_namespace;
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::TraceEvent;
use crate::sim::store::ExitReason;
use crate::world::narration::ecs::ecs_said;
use crate::world::narration::line::NarrationLine;
use crate::world::narration::said::{Gone, Names, Said};
use crate::world::World;

/// Lines one batch gives at most (the newest are kept): a burst of a thousand events still
/// tells a few sentences.
pub const LINES_PER_BATCH_MAX: usize = 12;
/// How many of the lines just made a new one may merge into (events of one burst interleave:
/// the kubelet's pulls between the scheduler's bindings).
const MERGE_LOOKBACK: usize = 3;

/// (namespace, pod, container)
type ContainerKey = (String, String, String);

/// What one batch says about pods going away and containers the kernel killed.
#[derive(Default)]
struct Batch {
    /// (namespace, pod) deleted by their ReplicaSet (scaling down) or evicted: their own
    /// line tells it, not the kubelet's stopping.
    told_by_controller: BTreeMap<(String, String), ()>,
    /// (namespace, ReplicaSet) → its pods that were deleted or evicted, for its replacements.
    gone_by_owner: BTreeMap<(String, String), (Names, Gone)>,
    /// Memory limits of the containers the kernel OOM-killed.
    oom: BTreeMap<ContainerKey, u64>,
    /// OOM kills whose restart (or back-off) is in this batch: one line tells both.
    oom_told: BTreeMap<ContainerKey, ()>,
}

impl Batch {
    fn read(events: &[TraceEvent]) -> Batch {
        let mut b = Batch::default();
        for e in events {
            let pod = bare(&e.object).to_owned();
            match e.facts.as_deref() {
                Some(EventFacts::PodDeleted { pod, .. }) => {
                    b.told_by_controller
                        .insert((e.namespace.clone(), pod.clone()), ());
                }
                Some(EventFacts::Evicted { owner, .. }) => {
                    b.told_by_controller
                        .insert((e.namespace.clone(), pod.clone()), ());
                    if let Some(rs) = owner {
                        b.gone(&e.namespace, rs, &pod, Gone::Evicted);
                    }
                }
                Some(EventFacts::OomKilled {
                    pod,
                    namespace,
                    container,
                    limit_bytes,
                }) => {
                    b.oom.insert(
                        (namespace.clone(), pod.clone(), container.clone()),
                        *limit_bytes,
                    );
                }
                Some(
                    EventFacts::ContainerStarted {
                        container,
                        last_exit: Some(exit),
                        ..
                    }
                    | EventFacts::CrashBackOff {
                        container, exit, ..
                    },
                ) if exit.reason == ExitReason::OomKilled => {
                    let key = (e.namespace.clone(), pod, container.clone());
                    if b.oom.contains_key(&key) {
                        b.oom_told.insert(key, ());
                    }
                }
                _ => {}
            }
        }
        // Pods deleted outright (`kubectl delete pod`): their ReplicaSet replaces them.
        for e in events {
            if let Some(EventFacts::Stopping {
                owner: Some(rs), ..
            }) = e.facts.as_deref()
            {
                let pod = bare(&e.object);
                if !b
                    .told_by_controller
                    .contains_key(&(e.namespace.clone(), pod.to_owned()))
                {
                    b.gone(&e.namespace, rs, pod, Gone::Deleted);
                }
            }
        }
        b
    }

    fn gone(&mut self, namespace: &str, rs: &str, pod: &str, how: Gone) {
        self.gone_by_owner
            .entry((namespace.to_owned(), rs.to_owned()))
            .or_insert_with(|| (Names::default(), how))
            .0
            .push(pod);
    }
}

/// `kind/name` → `name`.
fn bare(object: &str) -> &str {
    object.split_once('/').map_or(object, |(_, n)| n)
}

/// The lines one batch of events tells (oldest first, at most [`LINES_PER_BATCH_MAX`]).
/// `first_seq` is the sequence number of `events[0]`. Pure: the same world and events give
/// the same lines.
pub fn narrate(world: &World, first_seq: u64, events: &[TraceEvent]) -> Vec<NarrationLine> {
    let batch = Batch::read(events);
    let mut out: Vec<NarrationLine> = Vec::new();
    for (i, e) in events.iter().enumerate() {
        // A pod on a node that stopped reporting: counted in the node's line.
        if e.reason == Reason::NodeNotReady && e.object.starts_with("pod/") {
            if let Some(Said::NodeNotReady { pods, .. }) = out
                .iter_mut()
                .rev()
                .map(|l| &mut l.said)
                .find(|s| matches!(s, Said::NodeNotReady { .. }))
            {
                *pods = pods.saturating_add(1);
            }
            continue;
        }
        let said = if e.source == Component::EcsServiceScheduler {
            ecs_said(world, e, &mut out)
        } else {
            kubernetes_said(world, &batch, e)
        };
        let Some(said) = said else { continue };
        let line = NarrationLine {
            seq: first_seq + i as u64,
            time_ms: e.time_ms,
            actor: e.source,
            object: line_object(e, &said),
            namespace: e.namespace.clone(),
            said,
            repeats: 0,
        };
        push_merging(&mut out, line);
    }
    let excess = out.len().saturating_sub(LINES_PER_BATCH_MAX);
    out.drain(..excess);
    out
}

/// Adds `line`, or merges it into one of the last few that says the same kind of thing.
pub fn push_merging(out: &mut Vec<NarrationLine>, line: NarrationLine) {
    let from = out.len().saturating_sub(MERGE_LOOKBACK);
    for earlier in out[from..].iter_mut().rev() {
        if earlier.namespace == line.namespace && earlier.said.repeated_by(&line.said) {
            earlier.said = line.said;
            earlier.repeats = earlier.repeats.saturating_add(1 + line.repeats);
            return;
        }
        if earlier.namespace == line.namespace
            && earlier.actor == line.actor
            && earlier.said.absorb(&line.said)
        {
            return;
        }
    }
    out.push(line);
}

/// The object a line points at: the event's, except for an OOM kill told on its pod.
fn line_object(e: &TraceEvent, said: &Said) -> String {
    match said {
        Said::OomKilled { pod, .. } => format!("pod/{pod}"),
        _ => e.object.clone(),
    }
}

/// What a Kubernetes event (or a kubelet event on an ECS task) says, if it is told at all.
fn kubernetes_said(world: &World, batch: &Batch, e: &TraceEvent) -> Option<Said> {
    let ecs = is_task_namespace(&e.namespace);
    let pod = bare(&e.object);
    if e.reason == Reason::NodeReady {
        return Some(Said::NodeReady {
            node: pod.to_owned(),
        });
    }
    let container_key =
        |container: &str| (e.namespace.clone(), pod.to_owned(), container.to_owned());
    Some(match e.facts.as_deref()? {
        EventFacts::ContainerStarted {
            container,
            restarts,
            last_exit: Some(exit),
            next_back_off_ms,
            start_ms,
        } if *restarts > 0 => Said::Restarted {
            pod: pod.to_owned(),
            container: container.clone(),
            exit: *exit,
            restarts: *restarts,
            // The wait is the back-off: from the exit until the kubelet created the container
            // again (its image's start time after that is not waiting).
            waited_ms: e
                .time_ms
                .saturating_sub(*start_ms)
                .saturating_sub(exit.at_ms),
            next_back_off_ms: *next_back_off_ms,
            oom_limit_bytes: batch.oom.get(&container_key(container)).copied(),
        },
        EventFacts::ContainerStarted { .. } => return None,
        EventFacts::CrashBackOff {
            container,
            exit,
            restarts,
            delay_ms,
        } => Said::CrashLoop {
            pod: pod.to_owned(),
            container: container.clone(),
            exit: *exit,
            restarts: *restarts,
            delay_ms: *delay_ms,
            oom_limit_bytes: batch.oom.get(&container_key(container)).copied(),
        },
        EventFacts::OomKilled {
            pod,
            namespace,
            container,
            limit_bytes,
        } => {
            let key = (namespace.clone(), pod.clone(), container.clone());
            if batch.oom_told.contains_key(&key) {
                return None;
            }
            Said::OomKilled {
                pod: pod.clone(),
                container: container.clone(),
                limit_bytes: *limit_bytes,
            }
        }
        EventFacts::Stopping { grace_ms, .. } => {
            let told = batch
                .told_by_controller
                .contains_key(&(e.namespace.clone(), pod.to_owned()));
            if told || ecs {
                return None; // its controller's line (or ECS's) tells it
            }
            Said::Stopping {
                pods: Names::one(pod),
                grace_ms: *grace_ms,
            }
        }
        EventFacts::ProbeKill { container, probe } => Said::ProbeKill {
            pod: pod.to_owned(),
            container: container.clone(),
            probe: *probe,
        },
        EventFacts::ProbeFailed { container, probe } => match probe {
            crate::input::model::ProbeKind::Readiness => Said::NotReady {
                pod: pod.to_owned(),
                container: container.clone(),
            },
            // A liveness or startup failure is told when it kills the container.
            _ => return None,
        },
        EventFacts::Pulled { cached: true, .. } => return None,
        EventFacts::Pulled { image, pull_ms, .. } => Said::Pulled {
            image: image.clone(),
            pods: Names::one(pod),
            pull_ms: *pull_ms,
        },
        EventFacts::PullFailed { image, retry_in_ms } => Said::PullFailed {
            image: image.clone(),
            pods: Names::one(pod),
            retry_in_ms: *retry_in_ms,
        },
        EventFacts::Scheduled { node } => Said::Scheduled {
            placed: vec![(pod.to_owned(), node.clone())],
            more: 0,
        },
        EventFacts::Unschedulable(fit) => Said::Pending {
            pods: Names::one(pod),
            fit: fit.clone(),
        },
        EventFacts::PodCreated {
            pod,
            desired,
            observed,
        } => {
            let rs = bare(&e.object);
            Said::Created {
                replica_set: rs.to_owned(),
                pods: Names::one(pod),
                desired: *desired,
                observed: *observed,
                replacing: batch
                    .gone_by_owner
                    .get(&(e.namespace.clone(), rs.to_owned()))
                    .cloned(),
            }
        }
        EventFacts::PodDeleted { pod, desired, .. } => Said::Deleted {
            replica_set: bare(&e.object).to_owned(),
            pods: Names::one(pod),
            desired: *desired,
        },
        EventFacts::ScaledReplicaSet {
            replica_set,
            from,
            to,
        } => Said::Scaled {
            deployment: bare(&e.object).to_owned(),
            steps: vec![(replica_set.clone(), *from, *to)],
            rollout: rolling(world, &e.namespace, bare(&e.object), replica_set),
        },
        EventFacts::NodeNotReady { eviction_in_ms } => Said::NodeNotReady {
            node: bare(&e.object).to_owned(),
            pods: 0,
            eviction_in_ms: *eviction_in_ms,
        },
        EventFacts::Evicted { node, .. } => Said::Evicted {
            node: node.clone(),
            pods: Names::one(pod),
        },
        EventFacts::Tasks { .. } => return None,
    })
}

/// Whether scaling `replica_set` is a step of a rollout: more than one of the Deployment's
/// ReplicaSets wants or still has pods, or it is not the newest one (an old one scaled down
/// at a rolling update's end).
fn rolling(world: &World, namespace: &str, deployment: &str, replica_set: &str) -> bool {
    let mut sets = world.k.store.replicasets.values().filter(|rs| {
        rs.meta.namespace == namespace
            && rs.meta.owner.as_ref().is_some_and(|o| o.name == deployment)
    });
    let (mut with_pods, mut newest, mut this) = (0, 0, None);
    for rs in sets.by_ref() {
        if rs.replicas > 0 || rs.status.replicas > 0 {
            with_pods += 1;
        }
        newest = newest.max(rs.revision);
        if rs.meta.name == replica_set {
            this = Some(rs.revision);
        }
    }
    with_pods > 1 || this.is_some_and(|r| r < newest)
}
