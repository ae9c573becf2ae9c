//! ECS task placement on container instances (EC2 launch type).
//!
//! Like ECS: first the instances that can hold the task at all (connected agent, ACTIVE — not
//! DRAINING —, enough CPU units and memory left, free host ports), then the binding
//! **constraints** (`distinctInstance`, `memberOf` with the cluster query language's
//! comparisons), then the **strategies** in order, best effort — `binpack` (least remaining
//! `cpu`/`memory`), `spread` (fewest tasks of the group per `instanceId`/`host` or per attribute
//! value, e.g. `attribute:ecs.availability-zone`), `random` — and the seeded RNG breaks what is
//! still tied. When nothing fits, the failure names the closest matching instance and what it
//! lacks, in ECS's words.
//!
//! The steps are the ones the kube-scheduler uses too (`sim/placement.rs`): the checks before
//! the constraints are [`Filter`]s (`instance_filters`), every failure of an instance counted
//! ([`failures`]: the closest match fails the fewest); CPU and memory are the shared resource
//! fit (`NodeInfo::lacks_cpu`, `lacks_memory`); the strategies make one lexicographic key per
//! candidate (smaller is better) and [`select_best`] takes the best with
//! [`TieBreak::OneDraw`], one draw among the tied in the node table's order.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::task::units_to_milli;
use super::EcsEngine;
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeAgent;
use crate::sim::placement::{failures, select_best, Filter, TieBreak};
use crate::sim::scheduler::NodeInfo;

/// Strategy `(type, field)` and constraint `(type, expression)` as in the definitions.
pub struct Placement<'a> {
    /// Only `default` has container instances.
    pub cluster: &'a str,
    pub group: &'a str,
    pub cpu_units: u32,
    pub memory_mib: u32,
    pub host_ports: &'a [u32],
    pub strategies: &'a [(String, Option<String>)],
    pub constraints: &'a [(String, Option<String>)],
}

/// Why no instance fits: the event text and the `failures[].reason` code of `run-task`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacementFailure {
    pub message: String,
    pub reason: &'static str,
    pub instance: Option<String>,
}

/// The default for services: spread over Availability Zones, then over instances.
pub fn default_service_strategy() -> Vec<(String, Option<String>)> {
    vec![
        (
            "spread".into(),
            Some("attribute:ecs.availability-zone".into()),
        ),
        ("spread".into(), Some("instanceId".into())),
    ]
}

/// Attributes an instance has, for `memberOf` and `spread`.
fn attribute(k: &Kernel, agents: &[NodeAgent], node: usize, name: &str) -> Option<String> {
    let name = name.trim();
    let n = &k.nodes[node];
    match name {
        "ecs.availability-zone" => Some(super::ecs_zone(&agents[node].zone)),
        "ecs.os-type" => Some("linux".into()),
        "ecs.cpu-architecture" => Some("x86_64".into()),
        "ecs.instance-type" => Some(super::instance_type(
            n.cpu_allocatable_milli,
            n.memory_allocatable_bytes,
        )),
        "ecs.ec2-instance-id" | "ec2InstanceId" => Some(super::ec2_instance_id(&n.name)),
        "sunaba.node" => Some(n.name.clone()),
        _ => None,
    }
}

/// One `memberOf` expression: `attribute:NAME OP VALUE`, `OP` one of `==`, `!=`, `in`,
/// `not_in` (lists in brackets), `=~` (a `*` wildcard); terms joined by `and`/`or`.
pub fn member_of(k: &Kernel, agents: &[NodeAgent], node: usize, expr: &str) -> bool {
    expr.split(" or ").any(|alt| {
        alt.split(" and ").all(|term| {
            let term = term.trim().trim_start_matches('(').trim_end_matches(')');
            let (lhs, op, rhs) = if let Some((l, r)) = term.split_once(" not_in ") {
                (l, "not_in", r)
            } else if let Some((l, r)) = term.split_once(" in ") {
                (l, "in", r)
            } else if let Some((l, r)) = term.split_once("!=") {
                (l, "!=", r)
            } else if let Some((l, r)) = term.split_once("=~") {
                (l, "=~", r)
            } else if let Some((l, r)) = term.split_once("==") {
                (l, "==", r)
            } else {
                return false;
            };
            let lhs = lhs.trim();
            let name = lhs.strip_prefix("attribute:").unwrap_or(lhs);
            let value = attribute(k, agents, node, name);
            let list = || -> Vec<String> {
                rhs.trim()
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .collect()
            };
            let v = value.unwrap_or_default();
            match op {
                "==" => v == rhs.trim(),
                "!=" => v != rhs.trim(),
                "in" => list().contains(&v),
                "not_in" => !list().contains(&v),
                _ => {
                    let pat = rhs.trim();
                    match pat.split_once('*') {
                        Some((pre, post)) => v.starts_with(pre) && v.ends_with(post),
                        None => v == pat,
                    }
                }
            }
        })
    })
}

/// What an instance lacks, as (ECS's words after "The closest matching (container-instance
/// ID)", the `failures[].reason` code).
type Failure = (&'static str, &'static str);

/// A container instance as the Filter steps see it.
struct Instance<'a> {
    node: &'a NodeInfo,
    agent: &'a NodeAgent,
    /// The host ports its tasks hold.
    ports: &'a [u32],
}

/// The checks before the constraints, in ECS's order: connected, ACTIVE, CPU units, memory,
/// host ports. (Each cast names the pointer type, as in the kube-scheduler's `filters`.)
fn instance_filters<'a, 'p>() -> [Filter<Instance<'a>, Placement<'p>, Failure>; 5] {
    [
        connected as _,
        active as _,
        cpu_fits as _,
        memory_fits as _,
        ports_free as _,
    ]
}

fn connected(m: &Instance, _: &Placement) -> Option<Failure> {
    (!m.agent.up || !m.agent.ready).then_some(("is not connected", "AGENT"))
}

fn active(m: &Instance, _: &Placement) -> Option<Failure> {
    m.node.unschedulable.then_some(("is draining", "DRAINING"))
}

fn cpu_fits(m: &Instance, p: &Placement) -> Option<Failure> {
    m.node
        .lacks_cpu(units_to_milli(p.cpu_units))
        .then_some(("has insufficient CPU units available", "RESOURCE:CPU"))
}

fn memory_fits(m: &Instance, p: &Placement) -> Option<Failure> {
    m.node
        .lacks_memory(u64::from(p.memory_mib) << 20)
        .then_some(("has insufficient memory available", "RESOURCE:MEMORY"))
}

fn ports_free(m: &Instance, p: &Placement) -> Option<Failure> {
    p.host_ports
        .iter()
        .any(|hp| m.ports.contains(hp))
        .then_some((
            "is already using a port required by your task",
            "RESOURCE:PORTS",
        ))
}

impl EcsEngine<'_> {
    /// Chooses a container instance for one task of `p`, or says why none fits.
    pub(crate) fn place_task(&mut self, p: &Placement) -> Result<usize, PlacementFailure> {
        let (group_count, ports) = self.group_and_ports(p.group);
        let mut candidates = Vec::new();
        // The closest match: the instance that failed the fewest checks, and its first failure.
        let mut closest: Option<(usize, usize, &'static str, &'static str)> = None;
        let mut any_instance = false;
        let has_instances = p.cluster == super::DEFAULT_CLUSTER;
        for &i in self.k.node_index.values() {
            let a = &self.agents[i];
            if a.removed || a.fargate || !has_instances {
                continue;
            }
            any_instance = true;
            let fails = self.instance_failures(p, i, group_count[i], &ports[i]);
            match fails.first() {
                None => candidates.push(i),
                Some(&(what, code)) => {
                    if closest.is_none_or(|(_, f, _, _)| fails.len() < f) {
                        closest = Some((i, fails.len(), what, code));
                    }
                }
            }
        }
        if candidates.is_empty() {
            return Err(self.no_instance_fits(closest, any_instance));
        }
        // Select: the smallest key (`Reverse`: the largest for `select_best`); one draw among
        // the tied, in the instances' order in the node table.
        candidates.sort_unstable();
        let keyed = self.strategy_keys(p, &candidates, &group_count);
        let keys = keyed.into_iter().map(|(key, i)| (Reverse(key), i));
        let best = select_best(keys, TieBreak::OneDraw, &mut self.k.rng);
        // (Never `None`: there are candidates.)
        best.ok_or_else(|| self.no_instance_fits(closest, any_instance))
    }

    /// Per node: the active tasks of `group` on it, and the host ports its tasks hold.
    fn group_and_ports(&self, group: &str) -> (Vec<u32>, Vec<Vec<u32>>) {
        let mut group_count = vec![0u32; self.k.nodes.len()];
        let mut ports: Vec<Vec<u32>> = vec![Vec::new(); self.k.nodes.len()];
        for t in self.state.tasks.values().filter(|t| !t.is_stopped()) {
            if let Some(&i) = self.k.node_index.get(&t.node) {
                if t.group == group && t.is_active() {
                    group_count[i] += 1;
                }
                ports[i].extend(t.host_ports.iter().copied());
            }
        }
        (group_count, ports)
    }

    /// What instance `i` lacks for a task of `p`, in order, as (ECS's words, the failure
    /// code): the `instance_filters`, then each constraint; empty when it can take the task.
    /// `in_group`: the group's tasks on it; `ports`: the host ports in use on it.
    fn instance_failures(
        &self,
        p: &Placement,
        i: usize,
        in_group: u32,
        ports: &[u32],
    ) -> Vec<Failure> {
        let instance = Instance {
            node: &self.k.nodes[i],
            agent: &self.agents[i],
            ports,
        };
        let mut fails: Vec<Failure> = failures(&instance_filters(), &instance, p).collect();
        for (kind, expr) in p.constraints {
            match kind.as_str() {
                "distinctInstance" if in_group > 0 => fails.push((
                    "is already running a task of this group (distinctInstance)",
                    "DistinctInstance placement constraint unsatisfied.",
                )),
                "memberOf"
                    if !member_of(self.k, self.agents, i, expr.as_deref().unwrap_or_default()) =>
                {
                    fails.push((
                        "does not match the memberOf placement constraint",
                        "MemberOf placement constraint unsatisfied.",
                    ))
                }
                _ => {}
            }
        }
        fails
    }

    /// The failure when no instance fits: naming the closest match (instance, checks failed,
    /// what it lacks, code) when there is one.
    fn no_instance_fits(
        &self,
        closest: Option<(usize, usize, &'static str, &'static str)>,
        any_instance: bool,
    ) -> PlacementFailure {
        match closest {
            None if !any_instance => PlacementFailure {
                message: "was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.".into(),
                reason: "MISSING",
                instance: None,
            },
            None => PlacementFailure {
                message: "was unable to place a task because no container instance met all of its requirements. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.".into(),
                reason: "MISSING",
                instance: None,
            },
            Some((i, _, what, code)) => {
                let id = super::container_instance_id(&self.k.nodes[i].name);
                PlacementFailure {
                    message: format!("was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance {id}) {what}. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."),
                    reason: code,
                    instance: Some(id),
                }
            }
        }
    }

    /// The strategies in order as a key per candidate (smaller is better; `random` leaves the
    /// tie to the caller's draw).
    fn strategy_keys(
        &self,
        p: &Placement,
        candidates: &[usize],
        group_count: &[u32],
    ) -> Vec<(Vec<u64>, usize)> {
        // Tasks of the group per attribute value, once per attribute a strategy spreads over.
        let mut per_value: BTreeMap<&str, BTreeMap<Option<String>, u64>> = BTreeMap::new();
        for (kind, field) in p.strategies {
            let field = field.as_deref().unwrap_or("");
            if kind != "spread" || matches!(field, "instanceId" | "host" | "") {
                continue;
            }
            let name = field.strip_prefix("attribute:").unwrap_or(field);
            let counts = per_value.entry(name).or_default();
            for &j in self.k.node_index.values() {
                if !self.agents[j].removed {
                    *counts
                        .entry(attribute(self.k, self.agents, j, name))
                        .or_default() += u64::from(group_count[j]);
                }
            }
        }
        candidates
            .iter()
            .map(|&i| {
                let n = &self.k.nodes[i];
                let key = p
                    .strategies
                    .iter()
                    .map(|(kind, field)| {
                        let field = field.as_deref().unwrap_or("");
                        match kind.as_str() {
                            "binpack" if field == "cpu" => n
                                .cpu_allocatable_milli
                                .saturating_sub(n.cpu_requested_milli),
                            "binpack" => n
                                .memory_allocatable_bytes
                                .saturating_sub(n.memory_requested_bytes),
                            "spread" if matches!(field, "instanceId" | "host" | "") => {
                                u64::from(group_count[i])
                            }
                            "spread" => {
                                let name = field.strip_prefix("attribute:").unwrap_or(field);
                                per_value
                                    .get(name)
                                    .and_then(|c| c.get(&attribute(self.k, self.agents, i, name)))
                                    .copied()
                                    .unwrap_or(0)
                            }
                            _ => 0, // random: decided by the tie-break below
                        }
                    })
                    .collect();
                (key, i)
            })
            .collect()
    }
}
