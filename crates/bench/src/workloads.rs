//! The workloads: the scheduler alone (with and without the decision ledger), a Deployment end
//! to end through the controllers, an hour of crashes, and an ECS service placed and rolled.

use sha2::{Digest, Sha256};
use sunaba_core::base::rng::SimRng;
use sunaba_core::input::model::Labels;
use sunaba_core::sim::events::TraceEvent;
use sunaba_core::sim::ledger::{AttemptRecorder, Ledger};
use sunaba_core::sim::scheduler::{NodeInfo, PodRequest, Scheduler};
use sunaba_core::{MapFiles, World};

use super::Section;

const GI: u64 = 1 << 30;
const MI: u64 = 1 << 20;

fn hex16(h: Sha256) -> String {
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// SHA-256 over the trace: time, reason, object and message of each event.
fn trace_digest(events: &[TraceEvent]) -> String {
    let mut h = Sha256::new();
    for e in events {
        h.update(
            format!(
                "{}\t{:?}\t{}\t{}\n",
                e.time_ms, e.reason, e.object, e.message
            )
            .as_bytes(),
        );
    }
    hex16(h)
}

fn nodes(n: usize) -> Vec<NodeInfo> {
    let shapes = [(4_000, 16 * GI), (8_000, 32 * GI), (16_000, 64 * GI)];
    (0..n)
        .map(|i| {
            let (cpu, mem) = shapes[i % shapes.len()];
            NodeInfo::new(format!("node-{i}"), Labels::new(), cpu, mem)
        })
        .collect()
}

/// Filter + Score + Select for `n_pods` pods of a realistic mix over `n_nodes` nodes of three
/// shapes, with the bind bookkeeping; `ledger`: each decision also recorded in the decision
/// ledger, as the scheduling cycle does.
pub fn scheduler(n_nodes: usize, n_pods: usize, ledger: bool, clock: &dyn Fn() -> f64) -> Section {
    let mut book = Ledger::default();
    let mut record = AttemptRecorder::default();
    let mut table = nodes(n_nodes);
    let mut sched = Scheduler::default();
    let mut rng = SimRng::new(1);
    let empty = Labels::new();
    let mix = [
        (100, 128 * MI),
        (250, 256 * MI),
        (500, 512 * MI),
        (1000, GI),
        (50, 64 * MI),
        (2000, 4 * GI),
    ];
    let mut chosen: Vec<u32> = Vec::with_capacity(n_pods);
    let start = clock();
    for i in 0..n_pods {
        let (cpu, mem) = mix[i % mix.len()];
        let pod = PodRequest {
            cpu_milli: cpu,
            memory_bytes: mem,
            node_selector: &empty,
            tolerations: &[],
            spread: None,
            zones: None,
        };
        let decided = if ledger {
            let decided = sched.schedule_recorded(&table, &pod, &mut rng, &mut record);
            book.push(i as u64, "default", "pod", record.finish(0, cpu, mem));
            decided
        } else {
            sched.schedule(&table, &pod, &mut rng)
        };
        match decided {
            Ok(idx) => {
                let n = &mut table[idx];
                n.cpu_requested_milli += cpu;
                n.memory_requested_bytes += mem;
                n.cpu_nonzero_milli += cpu;
                n.memory_nonzero_bytes += mem;
                n.pod_count += 1;
                chosen.push(idx as u32);
            }
            Err(_) => chosen.push(u32::MAX),
        }
    }
    let seconds = (clock() - start) / 1000.0;
    let mut h = Sha256::new();
    for c in &chosen {
        h.update(c.to_le_bytes());
    }
    let bound = chosen.iter().filter(|c| **c != u32::MAX).count();
    Section {
        key: format!("{}/{n_nodes}", if ledger { "ledger" } else { "scheduler" }),
        unit: "decisions/s",
        rate: n_pods as f64 / seconds,
        seconds,
        detail: if ledger {
            format!(
                "{n_pods} pods, {bound} bound; ledger {} KiB, {} pods evicted",
                book.bytes() / 1024,
                book.evicted_pods
            )
        } else {
            format!("{n_pods} pods, {bound} bound")
        },
        digest: hex16(h),
    }
}

fn deployment(name: &str, image: &str, replicas: u32, env: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: main\n        image: {image}\n        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n{env}"
    )
}

/// `kubectl apply` of a Deployment of `replicas` on `n_nodes` nodes: pods created, scheduled,
/// bound, events emitted.
pub fn end_to_end(n_nodes: usize, replicas: u32, clock: &dyn Fn() -> f64) -> Section {
    let mut files = MapFiles::default();
    files.0.insert(
        "d.yaml".into(),
        deployment("web", "nginx:1.14.2", replicas, ""),
    );
    let mut w = World::empty(1);
    sunaba_core::run(
        &mut w,
        &format!("sim nodes {n_nodes} --cpu 16 --memory 64Gi"),
        &files,
    )
    .expect("nodes");
    w.drain_trace();
    let decisions0 = w.scheduling_decisions();
    let start = clock();
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &files).expect("apply");
    let seconds = (clock() - start) / 1000.0;
    let decisions = w.scheduling_decisions() - decisions0;
    Section {
        key: format!("end-to-end/{n_nodes}"),
        unit: "pods/s",
        rate: decisions as f64 / seconds,
        seconds,
        detail: format!("Deployment of {replicas}: create + schedule + bind + events"),
        digest: trace_digest(&w.drain_trace()),
    }
}

/// An hour of a very bad day for 1,000 pods on 100 nodes: every container crashes at its 90 s
/// mark and after each back-off, a slice of pods is killed every ten minutes, two nodes fail.
pub fn crash_wave(clock: &dyn Fn() -> f64) -> Section {
    let mut files = MapFiles::default();
    files.0.insert(
        "d.yaml".into(),
        deployment(
            "web",
            "sunaba/demo-app:1.0",
            1000,
            "        env:\n        - name: EXIT_AFTER\n          value: 90s\n",
        ),
    );
    let mut w = World::empty(7);
    sunaba_core::run(&mut w, "sim nodes 100 --cpu 16 --memory 64Gi", &files).expect("nodes");
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &files).expect("apply");
    sunaba_core::run(&mut w, "sim wait 60s", &files).expect("wait");
    w.drain_trace();
    let e0 = w.events_emitted();
    let t0 = w.now_ms();
    let mut h = Sha256::new();
    let start = clock();
    for step in 0..60 {
        if step % 10 == 0 {
            let pods = w.pod_names("default");
            for p in pods.iter().step_by(7) {
                let _ = sunaba_core::run(&mut w, &format!("sim kill {p}"), &files);
            }
        }
        if step == 20 {
            let _ = sunaba_core::run(&mut w, "sim fail-node node-1", &files);
            let _ = sunaba_core::run(&mut w, "sim fail-node node-2", &files);
        }
        sunaba_core::run(&mut w, "sim wait 60s", &files).expect("wait");
        // The digest of each minute's trace, chained (outside the measured time would need
        // the whole hour's trace kept; hashing is a small part of it).
        h.update(trace_digest(&w.drain_trace()).as_bytes());
    }
    let seconds = (clock() - start) / 1000.0;
    let events = w.events_emitted() - e0;
    Section {
        key: "crash-wave/1000".into(),
        unit: "events/s",
        rate: events as f64 / seconds,
        seconds,
        detail: format!(
            "{events} events over {} of virtual time",
            sunaba_core::base::clock::human_duration(w.now_ms() - t0)
        ),
        digest: hex16(h),
    }
}

/// SHA-256 over where each task runs (task id, instance, zone), in the ECS state's order.
fn placement_digest(w: &World) -> String {
    let mut h = Sha256::new();
    for t in w.ecs().tasks.values() {
        h.update(format!("{}\t{}\t{}\n", t.id, t.node, t.zone).as_bytes());
    }
    hex16(h)
}

/// An ECS service of `desired` tasks placed over `n_nodes` instances (spread over zones, then
/// instances), then rolled to a new revision at 100 %/200 %.
pub fn ecs(n_nodes: usize, desired: u32, clock: &dyn Fn() -> f64) -> Vec<Section> {
    let task = |image: &str| {
        format!(
            r#"{{"family": "web", "containerDefinitions": [{{"name": "web", "image": "{image}", "cpu": 256, "memory": 256}}]}}"#
        )
    };
    let mut files = MapFiles::default();
    files.0.insert("v1.json".into(), task("nginx:1.25"));
    files.0.insert("v2.json".into(), task("nginx:1.27"));
    let mut w = World::empty(1);
    let run = |w: &mut World, line: &str| {
        sunaba_core::run(w, line, &files).unwrap_or_else(|e| panic!("{line}: {}", e.message))
    };
    run(
        &mut w,
        &format!("sim nodes {n_nodes} --cpu 8 --memory 32Gi"),
    );
    run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://v1.json",
    );
    w.drain_trace();
    let start = clock();
    run(
        &mut w,
        &format!("aws ecs create-service --service-name web --task-definition web --desired-count {desired}"),
    );
    let placed = (clock() - start) / 1000.0;
    w.advance_by(60_000);
    let running = w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.started_ms.is_some() && t.is_active())
        .count();
    let placement = Section {
        key: format!("ecs-placement/{n_nodes}"),
        unit: "tasks/s",
        rate: f64::from(desired) / placed,
        seconds: placed,
        detail: format!("{desired} tasks; {running} RUNNING after 1m"),
        digest: placement_digest(&w),
    };
    w.drain_trace();
    run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://v2.json",
    );
    let t0 = w.now_ms();
    let start = clock();
    run(
        &mut w,
        "aws ecs update-service --service web --task-definition web:2",
    );
    let mut done_ms = None;
    let mut h = Sha256::new();
    for _ in 0..600 {
        w.advance_by(1_000);
        h.update(trace_digest(&w.drain_trace()).as_bytes());
        let s = &w.ecs().services["default/web"];
        if s.deployments.len() == 1 && s.steady {
            done_ms = Some(w.now_ms() - t0);
            break;
        }
    }
    let seconds = (clock() - start) / 1000.0;
    let rolled = Section {
        key: format!("ecs-rolling/{n_nodes}"),
        unit: "tasks/s",
        rate: f64::from(desired) / seconds,
        seconds,
        detail: format!(
            "{desired} tasks replaced at 100 %/200 % in {} of virtual time",
            done_ms.map_or("more than 10m".to_string(), |ms| format!(
                "{:.0}s",
                ms as f64 / 1000.0
            ))
        ),
        digest: {
            h.update(placement_digest(&w).as_bytes());
            hex16(h)
        },
    };
    vec![placement, rolled]
}
