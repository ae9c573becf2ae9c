//! Playing an experiment in a fresh [`World`] (never the learner's): apply its files, run its
//! steps, sample the world after each wake-up and count what happened into [`Metrics`].

use std::collections::BTreeSet;

use super::judge::judge;
use super::{Experiment, Metrics, Run, Step, Target, WAKEUPS_MAX};
use crate::input::files::MapFiles;
use crate::input::model::Millis;
use crate::sim::event_reason::Reason;
use crate::world::World;

/// What the runner keeps between samples.
#[derive(Default)]
struct Watch {
    metrics: Metrics,
    /// Pods seen terminating: name → deletion time.
    terminating: crate::base::object_map::ObjectMap<String, Millis>,
    /// Pods seen at all.
    seen: BTreeSet<String>,
    /// OOM kills already counted: (pod, finished).
    ooms: BTreeSet<(String, Millis)>,
}

impl Watch {
    fn sample(&mut self, world: &mut World, target: &Target) {
        let trace = world.drain_trace();
        let Target::Pods {
            namespace, labels, ..
        } = target
        else {
            return;
        };
        let pods: Vec<&crate::sim::store::Pod> = world
            .k
            .store
            .pods
            .values()
            .filter(|p| {
                p.meta.namespace == *namespace
                    && labels.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v))
            })
            .collect();
        let names: BTreeSet<&str> =
            crate::base::sort::set_from(pods.iter().map(|p| p.meta.name.as_str()));
        for e in &trace {
            if e.reason == Reason::Pulling
                && e.namespace == *namespace
                && e.object
                    .strip_prefix("pod/")
                    .is_some_and(|n| names.contains(n) || self.seen.contains(n))
            {
                self.metrics.image_pulls += 1;
            }
        }
        let now = world.k.now_ms;
        let gone: Vec<String> = self
            .terminating
            .keys()
            .filter(|n| !names.contains(n.as_str()))
            .cloned()
            .collect();
        for name in gone {
            if let Some(since) = self.terminating.remove(&name) {
                let took = now.saturating_sub(since);
                let longest = &mut self.metrics.longest_terminating_ms;
                *longest = Some(longest.map_or(took, |l| l.max(took)));
            }
        }
        let mut restarts = 0u64;
        for p in &pods {
            self.seen.insert(p.meta.name.clone());
            if let Some(t) = p.meta.deletion_ms {
                if !self.terminating.contains_key(&p.meta.name) {
                    self.terminating.insert(p.meta.name.clone(), t);
                }
            }
            for c in &p.status.containers {
                restarts += u64::from(c.restart_count);
                if let Some(crate::sim::store::ContainerState::Terminated {
                    reason,
                    started_ms,
                    finished_ms,
                    ..
                }) = &c.last_state
                {
                    if *reason == crate::sim::store::ExitReason::OomKilled
                        && self.ooms.insert((p.meta.name.clone(), *finished_ms))
                        && self.metrics.first_oom_after_ms.is_none()
                    {
                        self.metrics.first_oom_after_ms =
                            Some(finished_ms.saturating_sub(*started_ms));
                    }
                }
            }
        }
        self.metrics.restarts = self.metrics.restarts.max(restarts);
        self.metrics.pods_seen = self.seen.len() as u64;
    }
}

fn first_pod_and_node(world: &World, target: &Target) -> (String, String) {
    let Target::Pods {
        namespace, labels, ..
    } = target
    else {
        return (String::new(), String::new());
    };
    let mut pods: Vec<(&str, &str)> = world
        .k
        .store
        .pods
        .values()
        .filter(|p| {
            p.meta.namespace == *namespace
                && p.meta.deletion_ms.is_none()
                && labels.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v))
        })
        .filter_map(|p| Some((p.meta.name.as_str(), p.spec.node_name.as_deref()?)))
        .collect();
    crate::base::sort::sort(&mut pods);
    pods.first()
        .map(|(p, n)| ((*p).to_owned(), (*n).to_owned()))
        .unwrap_or_default()
}

/// Runs `sim wait D` as the command does (`advance_by`), stopping at every wake-up on the
/// way so the watch sees each pod go.
fn wait(world: &mut World, watch: &mut Watch, target: &Target, line: &str) -> Option<String> {
    let d = line.strip_prefix("sim wait ")?;
    let ms = crate::base::clock::parse_duration(d.trim()).ok()?;
    let end = world
        .k
        .now_ms
        .saturating_add(ms.min(crate::base::clock::MAX_WAIT_MS));
    for _ in 0..WAKEUPS_MAX {
        if world.k.now_ms >= end {
            break;
        }
        let next = world
            .next_wakeup_ms()
            .filter(|t| *t > world.k.now_ms)
            .map_or(end, |t| t.min(end));
        world.advance_to(next);
        watch.sample(world, target);
    }
    world.advance_to(end);
    watch.sample(world, target);
    Some(format!(
        "t={}\n",
        crate::base::clock::human_duration(world.k.now_ms)
    ))
}

/// Plays an experiment in a fresh world seeded with `seed`.
pub fn run(experiment: &Experiment, seed: u64) -> Run {
    let mut world = World::new(seed);
    let files = MapFiles(crate::base::sort::map_from(
        experiment.files.iter().cloned(),
    ));
    let mut watch = Watch::default();
    let target = &experiment.target;
    let mut steps = Vec::new();
    for step in &experiment.steps {
        let command = if step.contains('$') {
            let (pod, node) = first_pod_and_node(&world, target);
            step.replace("$POD", &pod).replace("$NODE", &node)
        } else {
            step.clone()
        };
        let (output, ok) = match wait(&mut world, &mut watch, target, &command) {
            Some(out) => (out, true),
            None => match crate::lang::command::run(&mut world, &command, &files) {
                Ok(out) => (out, true),
                Err(e) => (e.message, false),
            },
        };
        watch.sample(&mut world, target);
        if let Target::Ecs {
            secret: Some(s), ..
        } = target
        {
            watch.metrics.secret_visible |= output.contains(s.as_str());
        }
        steps.push(Step {
            command,
            output,
            ok,
        });
    }
    let mut metrics = watch.metrics;
    match target {
        Target::Pods {
            namespace, service, ..
        } => {
            if let Some(svc) = service {
                if let Some(samples) = world.traffic_samples().get(&format!("{namespace}/{svc}")) {
                    metrics.requests = samples.iter().map(|s| u64::from(s.requests)).sum();
                    metrics.errors = samples.iter().map(|s| u64::from(s.errors)).sum();
                }
            }
            let view = world.cluster_view();
            metrics.pending_pods = view
                .pending
                .iter()
                .filter(|p| p.namespace == *namespace)
                .count() as u64;
            metrics.cpu_requested_milli = view.nodes.iter().map(|n| n.cpu_requested_milli).sum();
        }
        Target::Ecs { family, .. } => {
            let ecs = world.ecs();
            let tasks = ecs.tasks.values().filter(|t| t.family == *family);
            for t in tasks {
                if t.stopped_reason
                    .as_deref()
                    .is_some_and(|r| r.contains("health checks"))
                {
                    metrics.health_check_replacements += 1;
                }
                if t.is_active() && t.started_ms.is_some() {
                    metrics.tasks_running += 1;
                }
            }
        }
    }
    let (outcome, failure_observed) = judge(experiment, &metrics);
    Run {
        experiment: experiment.clone(),
        steps,
        metrics,
        outcome,
        failure_observed,
    }
}
