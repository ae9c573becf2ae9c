//! `cargo xtask bench` (= `cargo bench -p sunaba-core --bench core`): prints the core's numbers.
//!
//! - scheduling decisions per second at 500 and 5,000 nodes (Filter + Score + Select + bind
//!   bookkeeping, a realistic mix of pod sizes and node shapes), the same with every decision
//!   recorded in the decision ledger (section `ledger`), and end-to-end through the
//!   controllers (a Deployment's pods created, scheduled, bound, events emitted);
//! - simulated events per second for a 1,000-pod cluster under a crash wave;
//! - bytes of core state per running pod (heap, measured with a counting allocator);
//! - Amazon ECS: tasks placed and started per second by a service (placement strategies over
//!   hundreds of instances), and a rolling update of the whole service (virtual time it takes,
//!   wall time to simulate it).
//!
//! Numbers, not assertions: timing belongs in benchmarks, never in tests.

// A counting allocator is the one unsafe thing here: it measures bytes of state per pod.
#![allow(unsafe_code)]
// A benchmark measures wall time: the clock the core itself must never read (clippy.toml).
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use sunaba_core::base::rng::SimRng;
use sunaba_core::input::model::Labels;
use sunaba_core::sim::ledger::{AttemptRecorder, Ledger};
use sunaba_core::sim::scheduler::{NodeInfo, PodRequest, Scheduler};
use sunaba_core::{MapFiles, World};

struct Counting;
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const GI: u64 = 1 << 30;
const MI: u64 = 1 << 20;

fn nodes(n: usize) -> Vec<NodeInfo> {
    let shapes = [(4_000, 16 * GI), (8_000, 32 * GI), (16_000, 64 * GI)];
    (0..n)
        .map(|i| {
            let (cpu, mem) = shapes[i % shapes.len()];
            NodeInfo::new(format!("node-{i}"), Labels::new(), cpu, mem)
        })
        .collect()
}

/// `ledger`: each decision also recorded in the decision ledger, as the scheduling cycle does.
fn bench_scheduler(n_nodes: usize, n_pods: usize, ledger: bool) {
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
    let start = Instant::now();
    let mut bound = 0usize;
    for i in 0..n_pods {
        let (cpu, mem) = mix[i % mix.len()];
        let pod = PodRequest {
            cpu_milli: cpu,
            memory_bytes: mem,
            node_selector: &empty,
            tolerations: &[],
            spread: None,
        };
        let decided = if ledger {
            let decided = sched.schedule_recorded(&table, &pod, &mut rng, &mut record);
            book.push(i as u64, "default", "pod", record.finish(0, cpu, mem));
            decided
        } else {
            sched.schedule(&table, &pod, &mut rng)
        };
        if let Ok(idx) = decided {
            let n = &mut table[idx];
            n.cpu_requested_milli += cpu;
            n.memory_requested_bytes += mem;
            n.cpu_nonzero_milli += cpu;
            n.memory_nonzero_bytes += mem;
            n.pod_count += 1;
            bound += 1;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "scheduler{}     {n_nodes:>5} nodes: {:>10.0} decisions/s  ({n_pods} pods, {bound} bound, {:.1} µs/decision{})",
        if ledger { "+ledger" } else { "       " },
        n_pods as f64 / secs,
        secs * 1e6 / n_pods as f64,
        if ledger {
            format!(", ledger {} KiB, {} pods evicted", book.bytes() / 1024, book.evicted_pods)
        } else {
            String::new()
        }
    );
}

fn deployment(name: &str, image: &str, replicas: u32, env: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: main\n        image: {image}\n        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n{env}"
    )
}

fn bench_end_to_end(n_nodes: usize, replicas: u32) {
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
    let decisions0 = w.scheduling_decisions();
    let start = Instant::now();
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &files).expect("apply");
    let secs = start.elapsed().as_secs_f64();
    let decisions = w.scheduling_decisions() - decisions0;
    println!(
        "end-to-end           {n_nodes:>5} nodes: {:>10.0} pods/s       (Deployment of {replicas}: create + schedule + bind + events)",
        decisions as f64 / secs
    );
}

fn bench_crash_wave() {
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
    let start = Instant::now();
    // Every container crashes at its 90 s mark and again after each back-off; also kill a
    // slice of pods and fail two nodes on the way: an hour of a very bad day.
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
        w.drain_trace();
    }
    let secs = start.elapsed().as_secs_f64();
    let events = w.events_emitted() - e0;
    println!(
        "crash wave           1000 pods : {:>10.0} events/s   ({events} events over {} of virtual time in {:.2} s)",
        events as f64 / secs,
        sunaba_core::base::clock::human_duration(w.now_ms() - t0),
        secs
    );
}

fn bench_state_per_pod() {
    let mut files = MapFiles::default();
    files
        .0
        .insert("d.yaml".into(), deployment("web", "nginx:1.14.2", 1000, ""));
    let mut w = World::empty(3);
    sunaba_core::run(&mut w, "sim nodes 20 --cpu 16 --memory 64Gi", &files).expect("nodes");
    w.drain_trace();
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &files).expect("apply");
    sunaba_core::run(&mut w, "sim wait 60s", &files).expect("wait");
    w.drain_trace();
    let after = LIVE_BYTES.load(Ordering::Relaxed);
    let running = w
        .cluster_view()
        .nodes
        .iter()
        .flat_map(|n| &n.pods)
        .filter(|p| p.status == "Running")
        .count();
    println!(
        "state per pod        {:>10} bytes/pod   (heap growth for {running} running pods, incl. aggregated events and logs)",
        (after - before) / running.max(1) as isize
    );
}

fn bench_ecs(n_nodes: usize, desired: u32) {
    let task = |image: &str| {
        format!(
            r#"{{"family": "web", "containerDefinitions": [{{"name": "web", "image": "{image}", "cpu": 256, "memory": 256}}]}}"#
        )
    };
    let mut files = MapFiles::default();
    files.0.insert("v1.json".into(), task("nginx:1.25"));
    files.0.insert("v2.json".into(), task("nginx:1.27"));
    let mut w = World::empty(1);
    sunaba_core::run(
        &mut w,
        &format!("sim nodes {n_nodes} --cpu 8 --memory 32Gi"),
        &files,
    )
    .expect("nodes");
    sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://v1.json",
        &files,
    )
    .expect("register");
    let start = Instant::now();
    sunaba_core::run(&mut w,
        &format!("aws ecs create-service --service-name web --task-definition web --desired-count {desired}"),
        &files,
    )
    .expect("create-service");
    let placed = start.elapsed().as_secs_f64();
    w.advance_by(60_000);
    let running = w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.started_ms.is_some() && t.is_active())
        .count();
    println!(
        "ecs placement        {n_nodes:>5} instances: {:>8.0} tasks/s  ({desired} tasks, spread over zones then instances; {running} RUNNING after 1m)",
        f64::from(desired) / placed
    );
    sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://v2.json",
        &files,
    )
    .expect("register v2");
    let t0 = w.now_ms();
    let start = Instant::now();
    sunaba_core::run(
        &mut w,
        "aws ecs update-service --service web --task-definition web:2",
        &files,
    )
    .expect("update");
    let mut done_ms = None;
    for _ in 0..600 {
        w.advance_by(1_000);
        let s = &w.ecs().services["default/web"];
        if s.deployments.len() == 1 && s.steady {
            done_ms = Some(w.now_ms() - t0);
            break;
        }
    }
    println!(
        "ecs rolling update   {n_nodes:>5} instances: {desired} tasks 100 %/200 % in {} of virtual time, simulated in {:.2} s",
        done_ms.map_or("more than 10m".to_string(), |ms| format!("{:.0}s", ms as f64 / 1000.0)),
        start.elapsed().as_secs_f64()
    );
}

fn main() {
    // `SUNABA_BENCH=scheduler` (or any section name) runs one section only, for profiling.
    let only = std::env::var("SUNABA_BENCH").ok();
    let on = |name: &str| only.as_deref().is_none_or(|o| o == name);
    println!("sunaba-core benchmark (native, release)");
    if on("scheduler") {
        bench_scheduler(500, 5_000, false);
        bench_scheduler(5_000, 50_000, false);
    }
    if on("ledger") {
        bench_scheduler(500, 5_000, true);
        bench_scheduler(5_000, 50_000, true);
    }
    if on("end-to-end") {
        bench_end_to_end(500, 5_000);
        bench_end_to_end(5_000, 20_000);
    }
    if on("crash-wave") {
        bench_crash_wave();
    }
    if on("state") {
        bench_state_per_pod();
    }
    if on("ecs") {
        bench_ecs(100, 1_000);
        bench_ecs(300, 1_000);
    }
}
