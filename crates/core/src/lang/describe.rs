//! `kubectl describe`: pods, deployments and nodes in kubectl's section order and layout.
//!
//! The label widths are written out per section (`{:<18}` and the like) rather than computed
//! by an elastic-tabstop writer. kubectl writes all of describe through Go's `text/tabwriter`,
//! but its blocks hold lines Sunaba does not print (`Container ID:`, `Host Port:`, the
//! `Volumes:` section, `ephemeral-storage`), and those lines set the widths learners see: a
//! writer fed only the lines printed here would align them differently (a container's
//! `Image:` with its `State:`, `QoS Class:` with the conditions' rows, …).

use std::fmt::Write;

use crate::base::clock::human_duration;
use crate::input::model::{DeploymentStrategy, Millis};
use crate::input::quantity::format_bytes_binary;
use crate::lang::printers::{labels_block, labels_inline, pod_conditions, qos_class, timestamp};
use crate::sim::kubelet::NodeAgent;
use crate::sim::scheduler::NodeInfo;
use crate::sim::store::{ContainerState, Deployment, Pod, PodPhase, ReplicaSet};
use crate::world::World;

pub(crate) fn events_section(w: &World, namespace: &str, object: &str) -> String {
    let mut rows: Vec<&crate::sim::events::EventRecord> =
        w.k.events.for_object(namespace, object).collect();
    if rows.is_empty() {
        return "Events:                      <none>\n".into();
    }
    // kubectl sorts by the time each event was last seen, oldest first (SortableEvents): a
    // back-off that stopped repeating a while ago sits above the restart that just happened.
    crate::base::sort::sort_by_key(&mut rows, |r| r.last_ms);
    let now = w.k.now_ms;
    let ages: Vec<String> = rows
        .iter()
        .map(|r| {
            if r.count > 1 {
                format!(
                    "{} (x{} over {})",
                    human_duration(now - r.last_ms),
                    r.count,
                    human_duration(now - r.first_ms)
                )
            } else {
                human_duration(now - r.first_ms)
            }
        })
        .collect();
    let header = ["Type", "Reason", "Age", "From", "Message"];
    // kubectl's DescribeEvents writes `----` under `Age` too, not one dash per letter.
    let dashes: Vec<String> = ["----", "------", "----", "----", "-------"]
        .iter()
        .map(|d| d.to_string())
        .collect();
    let mut table_rows = vec![dashes];
    for (r, a) in rows.iter().zip(ages) {
        table_rows.push(vec![
            r.type_.as_str().to_string(),
            r.reason.to_string(),
            a,
            r.source.to_string(),
            r.message.clone(),
        ]);
    }
    let t = crate::lang::printers::table_padded(&header, &table_rows, 2);
    let mut out = String::from("Events:\n");
    for line in t.lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// `Limits:` / `Requests:` of a container, as `describe` prints them.
fn resources_lines(out: &mut String, r: &crate::input::model::ResourceRequirements) {
    for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "    {title}:");
        if let Some(q) = &list.cpu {
            let _ = writeln!(out, "      cpu:     {}", q.text);
        }
        if let Some(q) = &list.memory {
            let _ = writeln!(out, "      memory:  {}", q.text);
        }
    }
}

fn state_lines(out: &mut String, title: &str, s: &ContainerState) {
    match s {
        ContainerState::Waiting { reason, .. } => {
            let _ = writeln!(out, "    {title:<16}Waiting");
            let _ = writeln!(out, "      Reason:       {reason}");
        }
        ContainerState::Running { started_ms } => {
            let _ = writeln!(out, "    {title:<16}Running");
            let _ = writeln!(out, "      Started:      {}", timestamp(*started_ms));
        }
        ContainerState::Terminated {
            exit_code,
            reason,
            started_ms,
            finished_ms,
        } => {
            let _ = writeln!(out, "    {title:<16}Terminated");
            let _ = writeln!(out, "      Reason:       {reason}");
            let _ = writeln!(out, "      Exit Code:    {exit_code}");
            let _ = writeln!(out, "      Started:      {}", timestamp(*started_ms));
            let _ = writeln!(out, "      Finished:     {}", timestamp(*finished_ms));
        }
    }
}

pub fn describe_pod(w: &World, p: &Pod) -> String {
    let mut out = String::new();
    pod_summary(&mut out, p);
    for (i, c) in p.spec.containers.iter().enumerate() {
        // `Init Containers:` (when there are any), then `Containers:`, as kubectl prints.
        if i == 0 && p.spec.init_count > 0 {
            out.push_str("Init Containers:\n");
        }
        if i == p.spec.init_count {
            out.push_str("Containers:\n");
        }
        container_lines(&mut out, p, i, c);
    }
    pod_conditions_and_scheduling(&mut out, p);
    out.push_str(&events_section(
        w,
        &p.meta.namespace,
        &format!("pod/{}", p.meta.name),
    ));
    out
}

/// `Name:` to `Controlled By:`: who the pod is, where it runs, its labels and status.
fn pod_summary(out: &mut String, p: &Pod) {
    let node = match (&p.spec.node_name, &p.status.host_ip) {
        (Some(n), Some(ip)) => format!("{n}/{ip}"),
        (Some(n), None) => n.clone(),
        _ => "<none>".into(),
    };
    let _ = writeln!(out, "{:<18}{}", "Name:", p.meta.name);
    let _ = writeln!(out, "{:<18}{}", "Namespace:", p.meta.namespace);
    let _ = writeln!(out, "{:<18}0", "Priority:");
    let _ = writeln!(out, "{:<18}default", "Service Account:");
    let _ = writeln!(out, "{:<18}{node}", "Node:");
    if let Some(t) = p.status.start_ms {
        let _ = writeln!(out, "{:<18}{}", "Start Time:", timestamp(t));
    }
    out.push_str(&labels_block("Labels", &p.meta.labels, 18));
    out.push_str(&labels_block("Annotations", &p.meta.annotations, 18));
    let status = if p.meta.deletion_ms.is_some() {
        "Terminating".to_string()
    } else {
        p.status.phase.as_str().to_string()
    };
    let _ = writeln!(out, "{:<18}{status}", "Status:");
    if p.meta.deletion_ms.is_some() {
        let _ = writeln!(
            out,
            "Termination Grace Period:  {}s",
            p.spec.termination_grace_period_seconds
        );
    }
    let _ = writeln!(
        out,
        "{:<18}{}",
        "IP:",
        p.status.pod_ip.clone().unwrap_or_default()
    );
    if let Some(o) = &p.meta.owner {
        let _ = writeln!(out, "{:<18}{}/{}", "Controlled By:", o.kind, o.name);
    }
}

/// One container of the pod (the `i`th): image, port, command, state, resources, probes and
/// environment.
fn container_lines(out: &mut String, p: &Pod, i: usize, c: &crate::input::model::Container) {
    let _ = writeln!(out, "  {}:", c.name);
    let _ = writeln!(out, "    {:<15}{}", "Image:", c.image);
    if let Some(port) = c.ports.first() {
        let _ = writeln!(
            out,
            "    {:<15}{}/{}",
            "Port:", port.container_port, port.protocol
        );
    }
    for (title, words) in [("Command", &c.command), ("Args", &c.args)] {
        if !words.is_empty() {
            let _ = writeln!(out, "    {title}:");
            for a in words {
                let _ = writeln!(out, "      {a}");
            }
        }
    }
    // No container status yet (the pod is on no node): kubectl prints no state, readiness
    // or restart count at all.
    if let Some(st) = p.status.containers.get(i) {
        state_lines(out, "State:", &st.state);
        if let Some(last) = &st.last_state {
            state_lines(out, "Last State:", last);
        }
        let ready = st.ready && !p.status.node_lost;
        let _ = writeln!(
            out,
            "    {:<16}{}",
            "Ready:",
            if ready { "True" } else { "False" }
        );
        let _ = writeln!(out, "    {:<16}{}", "Restart Count:", st.restart_count);
    }
    resources_lines(out, &c.resources);
    for (title, probe) in [
        ("Liveness:", &c.liveness_probe),
        ("Readiness:", &c.readiness_probe),
        ("Startup:", &c.startup_probe),
    ] {
        if let Some(p) = probe {
            let _ = writeln!(out, "    {title:<14}{}", probe_text(p));
        }
    }
    env_from_lines(out, c);
    if c.env.is_empty() {
        let _ = writeln!(out, "    {:<16}<none>", "Environment:");
    } else {
        out.push_str("    Environment:\n");
        env_lines(out, c);
    }
}

/// `Conditions:` to `Tolerations:`: the pod's conditions, QoS class, node selector and the
/// tolerations every pod gets.
fn pod_conditions_and_scheduling(out: &mut String, p: &Pod) {
    out.push_str("Conditions:\n  Type                        Status\n");
    for (t, s) in pod_conditions(p) {
        let _ = writeln!(out, "  {t:<28}{s}");
    }
    let _ = writeln!(out, "{:<29}{}", "QoS Class:", qos_class(p));
    let sel = if p.spec.node_selector.is_empty() {
        "<none>".to_string()
    } else {
        labels_inline(&p.spec.node_selector)
    };
    let _ = writeln!(out, "{:<29}{sel}", "Node-Selectors:");
    let _ = writeln!(
        out,
        "{:<29}node.kubernetes.io/not-ready:NoExecute op=Exists for 300s",
        "Tolerations:"
    );
    let _ = writeln!(
        out,
        "{:<29}node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
        ""
    );
}

pub fn describe_deployment(w: &World, d: &Deployment) -> String {
    let mut out = String::new();
    deployment_summary(&mut out, w, d);
    pod_template_lines(&mut out, &d.spec.template);
    deployment_conditions(&mut out, d);
    replica_sets_lines(&mut out, w, d);
    out.push_str(&events_section(
        w,
        &d.meta.namespace,
        &format!("deployment/{}", d.meta.name),
    ));
    out
}

/// The ReplicaSets the Deployment owns.
fn owned_replica_sets<'w>(w: &'w World, d: &Deployment) -> impl Iterator<Item = &'w ReplicaSet> {
    let uid = d.meta.uid.clone();
    w.k.store
        .replicasets
        .values()
        .filter(move |rs| rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid))
}

/// `Name:` to `RollingUpdateStrategy:`: the Deployment, its revision, selector, replica
/// counts and strategy.
fn deployment_summary(out: &mut String, w: &World, d: &Deployment) {
    let _ = writeln!(out, "{:<24}{}", "Name:", d.meta.name);
    let _ = writeln!(out, "{:<24}{}", "Namespace:", d.meta.namespace);
    let _ = writeln!(
        out,
        "{:<24}{}",
        "CreationTimestamp:",
        timestamp(d.meta.creation_ms)
    );
    out.push_str(&labels_block("Labels", &d.meta.labels, 24));
    let rev = owned_replica_sets(w, d)
        .map(|rs| rs.revision)
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "{:<24}deployment.kubernetes.io/revision: {rev}",
        "Annotations:"
    );
    let _ = writeln!(
        out,
        "{:<24}{}",
        "Selector:",
        labels_inline(&d.spec.selector.match_labels)
    );
    let s = &d.status;
    let _ = writeln!(
        out,
        "{:<24}{} desired | {} updated | {} total | {} available | {} unavailable",
        "Replicas:",
        d.spec.replicas,
        s.updated_replicas,
        s.replicas,
        s.available_replicas,
        s.unavailable_replicas
    );
    match &d.spec.strategy {
        DeploymentStrategy::Recreate => {
            let _ = writeln!(out, "{:<24}Recreate", "StrategyType:");
            let _ = writeln!(
                out,
                "{:<24}{}",
                "MinReadySeconds:", d.spec.min_ready_seconds
            );
        }
        DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => {
            let _ = writeln!(out, "{:<24}RollingUpdate", "StrategyType:");
            let _ = writeln!(
                out,
                "{:<24}{}",
                "MinReadySeconds:", d.spec.min_ready_seconds
            );
            let _ = writeln!(
                out,
                "{:<24}{max_unavailable} max unavailable, {max_surge} max surge",
                "RollingUpdateStrategy:"
            );
        }
    }
}

/// `Pod Template:`: the template's labels and containers.
pub(crate) fn pod_template_lines(out: &mut String, t: &crate::input::model::PodTemplate) {
    out.push_str("Pod Template:\n");
    out.push_str(&labels_block("  Labels", &t.labels, 11));
    out.push_str("  Containers:\n");
    for c in &t.spec.containers {
        let _ = writeln!(out, "   {}:", c.name);
        let _ = writeln!(out, "    {:<14}{}", "Image:", c.image);
        if let Some(port) = c.ports.first() {
            let _ = writeln!(
                out,
                "    {:<14}{}/{}",
                "Port:", port.container_port, port.protocol
            );
        }
        resources_lines(out, &c.resources);
        let env = if c.env.is_empty() {
            "<none>".to_string()
        } else {
            String::new()
        };
        env_from_lines(out, c);
        let _ = writeln!(out, "    {:<14}{env}", "Environment:");
        env_lines(out, c);
    }
}

/// `Conditions:`: Available and Progressing, with their reasons.
fn deployment_conditions(out: &mut String, d: &Deployment) {
    let available =
        d.status.available_replicas >= d.spec.replicas.saturating_sub(max_unavailable_of(d));
    out.push_str("Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n");
    let _ = writeln!(
        out,
        "  Available      {:<8}{}",
        if available { "True" } else { "False" },
        if available {
            "MinimumReplicasAvailable"
        } else {
            "MinimumReplicasUnavailable"
        }
    );
    let (progressing, why) = if d.spec.paused {
        ("Unknown", "DeploymentPaused")
    } else if d.status.progress_deadline_exceeded {
        ("False", "ProgressDeadlineExceeded")
    } else if d.status.complete(d.spec.replicas) {
        ("True", "NewReplicaSetAvailable")
    } else {
        ("True", "ReplicaSetUpdated")
    };
    let _ = writeln!(out, "  Progressing    {progressing:<8}{why}");
}

/// `OldReplicaSets:` (those that still have pods) and `NewReplicaSet:` (the newest revision).
fn replica_sets_lines(out: &mut String, w: &World, d: &Deployment) {
    let mut new_rs = None;
    let mut old = Vec::new();
    for rs in owned_replica_sets(w, d) {
        if new_rs
            .as_ref()
            .is_none_or(|n: &&ReplicaSet| rs.revision > n.revision)
        {
            if let Some(prev) = new_rs.replace(rs) {
                old.push(prev);
            }
        } else {
            old.push(rs);
        }
    }
    let fmt_rs = |rs: &ReplicaSet| {
        format!(
            "{} ({}/{} replicas created)",
            rs.meta.name, rs.status.replicas, rs.replicas
        )
    };
    let olds: Vec<String> = old
        .iter()
        .filter(|rs| rs.replicas > 0 || rs.status.replicas > 0)
        .map(|rs| fmt_rs(rs))
        .collect();
    // kubectl's tab writer pads both labels to the longer one plus two spaces.
    let _ = writeln!(
        out,
        "{:<17}{}",
        "OldReplicaSets:",
        if olds.is_empty() {
            "<none>".into()
        } else {
            olds.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "{:<17}{}",
        "NewReplicaSet:",
        new_rs.map_or("<none>".into(), fmt_rs)
    );
}

fn max_unavailable_of(d: &Deployment) -> u32 {
    match d.spec.strategy {
        DeploymentStrategy::RollingUpdate {
            max_unavailable, ..
        } => max_unavailable.resolve(d.spec.replicas, false),
        DeploymentStrategy::Recreate => 0,
    }
}

pub fn describe_node(w: &World, idx: usize) -> String {
    let info = &w.k.nodes[idx];
    let agent = &w.agents[idx];
    let mut out = String::new();
    node_summary(&mut out, info, agent);
    node_conditions(&mut out, agent, w.k.now_ms);
    node_addresses_and_capacity(&mut out, info, agent);
    let totals = node_pods(&mut out, w, info);
    allocated_resources(&mut out, info, &totals);
    out.push_str(&events_section(
        w,
        "default",
        &format!("node/{}", info.name),
    ));
    out
}

/// `Name:` to `Unschedulable:`: the node, its labels, when it joined, its taints.
fn node_summary(out: &mut String, info: &NodeInfo, agent: &NodeAgent) {
    let _ = writeln!(out, "{:<20}{}", "Name:", info.name);
    let _ = writeln!(out, "{:<20}<none>", "Roles:");
    out.push_str(&labels_block("Labels", &info.labels, 20));
    let _ = writeln!(
        out,
        "{:<20}{}",
        "CreationTimestamp:",
        timestamp(agent.created_ms)
    );
    let taints = node_taints(info);
    for (i, t) in taints.iter().enumerate() {
        let _ = writeln!(out, "{:<20}{t}", if i == 0 { "Taints:" } else { "" });
    }
    if taints.is_empty() {
        let _ = writeln!(out, "{:<20}<none>", "Taints:");
    }
    let _ = writeln!(out, "{:<20}{}", "Unschedulable:", info.unschedulable);
}

/// The node's taints as `describe` lists them: the node controller's (unreachable,
/// unschedulable) first, then the node's own.
fn node_taints(info: &NodeInfo) -> Vec<String> {
    [
        info.unreachable
            .then_some("node.kubernetes.io/unreachable:NoExecute"),
        info.unreachable
            .then_some("node.kubernetes.io/unreachable:NoSchedule"),
        info.unschedulable
            .then_some("node.kubernetes.io/unschedulable:NoSchedule"),
    ]
    .into_iter()
    .flatten()
    .map(str::to_string)
    .chain(info.taints.iter().map(|t| {
        if t.value.is_empty() {
            format!("{}:{}", t.key, t.effect.as_str())
        } else {
            format!("{}={}:{}", t.key, t.value, t.effect.as_str())
        }
    }))
    .collect()
}

/// `Conditions:`: the pressure conditions and Ready, from the kubelet's last heartbeat.
fn node_conditions(out: &mut String, agent: &NodeAgent, now: Millis) {
    out.push_str("Conditions:\n");
    let beat = timestamp(agent.last_heartbeat_ms.max(if agent.up { now } else { 0 }));
    let since = timestamp(agent.conditions_since_ms);
    let (ready_status, ready_reason, ready_msg) = if agent.ready {
        ("True", "KubeletReady", "kubelet is posting ready status")
    } else {
        (
            "Unknown",
            "NodeStatusUnknown",
            "Kubelet stopped posting node status.",
        )
    };
    let pressure = |t: &str, reason: &str, msg: &str| {
        let status = if agent.ready { "False" } else { "Unknown" };
        let (reason, msg) = if agent.ready {
            (reason.to_string(), msg.to_string())
        } else {
            (
                "NodeStatusUnknown".to_string(),
                "Kubelet stopped posting node status.".to_string(),
            )
        };
        vec![
            t.to_string(),
            status.to_string(),
            beat.clone(),
            since.clone(),
            reason,
            msg,
        ]
    };
    let rows: Vec<Vec<String>> = vec![
        vec![
            "----".into(),
            "------".into(),
            "-----------------".into(),
            "------------------".into(),
            "------".into(),
            "-------".into(),
        ],
        pressure(
            "MemoryPressure",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        pressure(
            "DiskPressure",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        pressure(
            "PIDPressure",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        vec![
            "Ready".into(),
            ready_status.into(),
            beat.clone(),
            since.clone(),
            ready_reason.into(),
            ready_msg.into(),
        ],
    ];
    for line in crate::lang::printers::table_padded(
        &[
            "Type",
            "Status",
            "LastHeartbeatTime",
            "LastTransitionTime",
            "Reason",
            "Message",
        ],
        &rows,
        2,
    )
    .lines()
    {
        let _ = writeln!(out, "  {line}");
    }
}

/// `Addresses:`, `Capacity:` and `Allocatable:`.
fn node_addresses_and_capacity(out: &mut String, info: &NodeInfo, agent: &NodeAgent) {
    out.push_str("Addresses:\n");
    let _ = writeln!(out, "  InternalIP:  {}", agent.ip);
    let _ = writeln!(out, "  Hostname:    {}", info.name);
    for title in ["Capacity", "Allocatable"] {
        let _ = writeln!(out, "{title}:");
        let _ = writeln!(
            out,
            "  cpu:                {}",
            cpu_text(info.cpu_allocatable_milli)
        );
        let _ = writeln!(
            out,
            "  memory:             {}",
            format_bytes_binary(info.memory_allocatable_bytes)
        );
        let _ = writeln!(out, "  pods:               {}", info.pods_allocatable);
    }
}

/// What the pods on a node request and limit, summed: (cpu milli, memory bytes) each.
#[derive(Default)]
struct Totals {
    cpu: u64,
    mem: u64,
    cpu_limits: u64,
    mem_limits: u64,
}

/// `v` as a share of `of`, in whole percent (0 of nothing).
fn percent(v: u64, of: u64) -> u64 {
    (v * 100).checked_div(of).unwrap_or(0)
}

/// `System Info:` and `Non-terminated Pods:`, the table of the node's pods with what each
/// requests and limits; returns their sums.
fn node_pods(out: &mut String, w: &World, info: &NodeInfo) -> Totals {
    out.push_str("System Info:\n");
    let _ = writeln!(out, "  Kubelet Version:            v1.31.0");
    let _ = writeln!(out, "  Container Runtime Version:  containerd://1.7.22");
    // kubectl lists the node's pods with `status.phase!=Succeeded,status.phase!=Failed`:
    // Terminating pods are still here, and still count in the allocated resources below.
    let pods: Vec<&Pod> =
        w.k.store
            .pods
            .values()
            .filter(|p| {
                p.spec.node_name.as_deref() == Some(&info.name)
                    && !matches!(p.status.phase, PodPhase::Succeeded | PodPhase::Failed)
            })
            .collect();
    let _ = writeln!(
        out,
        "Non-terminated Pods:          ({} in total)",
        pods.len()
    );
    let mut rows = vec![vec![
        "---------".to_string(),
        "----".into(),
        "------------".into(),
        "----------".into(),
        "---------------".into(),
        "-------------".into(),
        "---".into(),
    ]];
    let limits = |p: &Pod| {
        p.spec.containers.iter().fold((0, 0), |(cpu, mem), c| {
            (
                cpu + c.resources.limits.cpu_milli(),
                mem + c.resources.limits.memory_bytes(),
            )
        })
    };
    let (cpu_all, mem_all) = (info.cpu_allocatable_milli, info.memory_allocatable_bytes);
    let mut totals = Totals::default();
    for p in &pods {
        let (cpu, mem) = p.spec.requests();
        let (cpu_lim, mem_lim) = limits(p);
        totals.cpu += cpu;
        totals.mem += mem;
        totals.cpu_limits += cpu_lim;
        totals.mem_limits += mem_lim;
        rows.push(vec![
            p.meta.namespace.clone(),
            p.meta.name.clone(),
            format!("{} ({}%)", cpu_text(cpu), percent(cpu, cpu_all)),
            format!("{} ({}%)", cpu_text(cpu_lim), percent(cpu_lim, cpu_all)),
            format!("{} ({}%)", format_bytes_binary(mem), percent(mem, mem_all)),
            format!(
                "{} ({}%)",
                format_bytes_binary(mem_lim),
                percent(mem_lim, mem_all)
            ),
            human_duration(w.k.now_ms - p.meta.creation_ms),
        ]);
    }
    // One tab-writer block in kubectl runs from `System Info` through this table: the first
    // column ends where `  Container Runtime Version:` does, the second is at least as wide
    // as the runtime's name.
    let (namespace, name) = (format!("{:<26}", "Namespace"), format!("{:<19}", "Name"));
    for line in crate::lang::printers::table_padded(
        &[
            &namespace,
            &name,
            "CPU Requests",
            "CPU Limits",
            "Memory Requests",
            "Memory Limits",
            "Age",
        ],
        &rows,
        2,
    )
    .lines()
    {
        let _ = writeln!(out, "  {line}");
    }
    totals
}

/// `Allocated resources:`: the sums over the node's pods against what it can allocate.
fn allocated_resources(out: &mut String, info: &NodeInfo, t: &Totals) {
    out.push_str(
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    // Summed over the pods listed above, as kubectl sums them; its tab writer pads each column
    // to its widest cell plus two (the first to `ephemeral-storage`'s width, a row Sunaba
    // does not print).
    let (cpu_all, mem_all) = (info.cpu_allocatable_milli, info.memory_allocatable_bytes);
    let rows = [
        ["Resource".to_string(), "Requests".into(), "Limits".into()],
        ["--------".to_string(), "--------".into(), "------".into()],
        [
            "cpu".to_string(),
            format!("{} ({}%)", cpu_text(t.cpu), percent(t.cpu, cpu_all)),
            format!(
                "{} ({}%)",
                cpu_text(t.cpu_limits),
                percent(t.cpu_limits, cpu_all)
            ),
        ],
        [
            "memory".to_string(),
            format!(
                "{} ({}%)",
                format_bytes_binary(t.mem),
                percent(t.mem, mem_all)
            ),
            format!(
                "{} ({}%)",
                format_bytes_binary(t.mem_limits),
                percent(t.mem_limits, mem_all)
            ),
        ],
    ];
    let requests_width = rows.iter().map(|r| r[1].len()).max().unwrap_or(0) + 2;
    for [resource, requests, limits] in &rows {
        let _ = writeln!(out, "  {resource:<19}{requests:<requests_width$}{limits}");
    }
}

/// `2`, `1500m`, `100m`, `0`.
pub fn cpu_text(milli: u64) -> String {
    if milli % 1000 == 0 {
        (milli / 1000).to_string()
    } else {
        format!("{milli}m")
    }
}

/// `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`
pub fn probe_text(p: &crate::input::model::Probe) -> String {
    use crate::input::model::ProbeHandler;
    let how = match &p.handler {
        ProbeHandler::HttpGet { path, port, scheme } => {
            format!("http-get {}://:{port}{path}", scheme.to_ascii_lowercase())
        }
        ProbeHandler::TcpSocket { port } => format!("tcp-socket :{port}"),
        ProbeHandler::Exec { command } => format!("exec [{}]", command.join(" ")),
        ProbeHandler::Grpc { port } => format!("grpc <pod>:{port} <service>"),
    };
    format!(
        "{how} delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds,
        p.timeout_seconds,
        p.period_seconds,
        p.success_threshold,
        p.failure_threshold
    )
}

/// `Environment Variables from:` (only when the container has `envFrom`), as kubectl prints it.
fn env_from_lines(out: &mut String, c: &crate::input::model::Container) {
    use crate::input::model::EnvSourceKind;
    if c.env_sources.env_from.is_empty() {
        return;
    }
    out.push_str("    Environment Variables from:\n");
    for r in &c.env_sources.env_from {
        let from = match r.kind {
            EnvSourceKind::ConfigMap => "ConfigMap",
            EnvSourceKind::Secret => "Secret",
        };
        if r.prefix.is_empty() {
            let _ = writeln!(out, "      {}  {from}  Optional: {}", r.name, r.optional);
        } else {
            let _ = writeln!(
                out,
                "      {}  {from} with prefix '{}'  Optional: {}",
                r.name, r.prefix, r.optional
            );
        }
    }
}

/// The `Environment:` entries: literal values, or where a `valueFrom` reads its value.
fn env_lines(out: &mut String, c: &crate::input::model::Container) {
    use crate::input::model::EnvSourceKind;
    for (i, e) in c.env.iter().enumerate() {
        match c.env_sources.key_refs.iter().find(|r| r.index == i) {
            Some(r) => {
                let source = match r.kind {
                    EnvSourceKind::ConfigMap => {
                        format!("<set to the key '{}' of config map '{}'>", r.key, r.name)
                    }
                    EnvSourceKind::Secret => {
                        format!("<set to the key '{}' in secret '{}'>", r.key, r.name)
                    }
                };
                let _ = writeln!(out, "      {}:  {source}  Optional: {}", e.name, r.optional);
            }
            None => {
                let _ = writeln!(out, "      {}:  {}", e.name, e.value);
            }
        }
    }
}
