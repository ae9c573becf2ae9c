//! `cargo xtask bench core` runs this natively (profile `bench`: full speed, the release
//! profile is tuned for Wasm size): every section of [`sunaba_bench::run`], then the bytes of
//! core state per running pod, measured with a counting allocator (native only). `--json PATH`
//! also writes the sections for the Wasm/native comparison; `--only SECTION` runs one.
//!
//! Numbers, not assertions: timing belongs in benchmarks, never in tests.

// A counting allocator is the one unsafe thing here: it measures bytes of state per pod.
#![allow(unsafe_code)]
// A benchmark measures wall time: the clock the core itself must never read (clippy.toml).
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

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

/// Heap growth per running pod after a Deployment of 1,000 on 20 nodes has run a minute.
fn state_per_pod() {
    let mut files = MapFiles::default();
    files.0.insert(
        "d.yaml".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1000\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.14.2\n        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n".into(),
    );
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
    let per_pod = |bytes: isize| bytes / running.max(1) as isize;
    println!(
        "state per pod        {:>12} bytes/pod     (heap growth for {running} running pods, incl. aggregated events, logs and the decision ledger)",
        per_pod(after - before)
    );
    // Where it is: each part cloned and measured (the world before the Deployment held some).
    for part in World::PARTS {
        let at = LIVE_BYTES.load(Ordering::Relaxed);
        let copy = w.clone_part(part);
        let bytes = LIVE_BYTES.load(Ordering::Relaxed) - at;
        drop(copy);
        println!("  {part:<19} {:>12} bytes/pod", per_pod(bytes));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    // `SUNABA_BENCH=scheduler` (or `--only scheduler`) runs one section, for profiling.
    let only = flag("--only").or_else(|| std::env::var("SUNABA_BENCH").ok());
    if let Some(o) = &only {
        if o != "state" && !sunaba_bench::SECTIONS.contains(&o.as_str()) {
            eprintln!(
                "unknown section {o:?}: {} or state",
                sunaba_bench::SECTIONS.join(", ")
            );
            std::process::exit(2);
        }
    }
    println!("sunaba-core benchmark (native, opt-level 3)");
    let origin = Instant::now();
    let clock = move || origin.elapsed().as_secs_f64() * 1000.0;
    let sections = match only.as_deref() {
        Some("state") => Vec::new(),
        o => sunaba_bench::run(o, &clock),
    };
    print!("{}", sunaba_bench::table(&sections));
    if only.as_deref().is_none_or(|o| o == "state") {
        state_per_pod();
    }
    if let Some(path) = flag("--json") {
        let json = serde_json::to_string_pretty(&sections).expect("sections serialise");
        if let Err(e) = std::fs::write(&path, json) {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
}
