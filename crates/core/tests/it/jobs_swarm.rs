//! A swarm of Job and CronJob commands — jobs that succeed, fail or run long, with every
//! restart policy, parallelism and limit, CronJobs with each concurrency policy, deletions,
//! pods deleted by hand, nodes failing — on many seeds. The invariant checker runs after every
//! settle (debug builds), so a Job running more pods than its parallelism, a finished Job
//! still running one, or a CronJob listing a Job that is gone fails the step that broke it;
//! at the end, deleting them all must leave no pod behind.

use sunaba_core::{MapFiles, World};

/// A small deterministic generator for the test's own choices (the world has its own seed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn job_yaml(r: &mut Lcg, name: &str) -> String {
    let script = ["exit 0", "exit 1", "sleep 20", "sleep 400", "echo hi"][r.below(5) as usize];
    let restart = ["Never", "OnFailure"][r.below(2) as usize];
    let mut spec = format!(
        "  parallelism: {}\n  backoffLimit: {}\n",
        r.below(4),
        r.below(4)
    );
    if r.below(2) == 0 {
        spec.push_str(&format!("  completions: {}\n", 1 + r.below(4)));
    }
    if r.below(4) == 0 {
        spec.push_str(&format!("  activeDeadlineSeconds: {}\n", 5 + r.below(120)));
    }
    if r.below(4) == 0 {
        spec.push_str(&format!("  ttlSecondsAfterFinished: {}\n", r.below(60)));
    }
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{spec}  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox:1.36\n        command: [sh, -c, \"{script}\"]\n      restartPolicy: {restart}\n"
    )
}

fn cronjob_yaml(r: &mut Lcg, name: &str) -> String {
    let schedule = ["* * * * *", "*/2 * * * *", "*/3 * * * *"][r.below(3) as usize];
    let policy = ["Allow", "Forbid", "Replace"][r.below(3) as usize];
    let script = ["echo hi", "exit 1", "sleep 150"][r.below(3) as usize];
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n  schedule: \"{schedule}\"\n  concurrencyPolicy: {policy}\n  successfulJobsHistoryLimit: {}\n  failedJobsHistoryLimit: {}\n  jobTemplate:\n    spec:\n      backoffLimit: 1\n      template:\n        spec:\n          containers:\n          - name: c\n            image: busybox:1.36\n            command: [sh, -c, \"{script}\"]\n          restartPolicy: Never\n",
        r.below(3),
        r.below(2)
    )
}

#[test]
fn jobs_and_cronjobs_keep_their_invariants_under_random_commands() {
    for seed in 0..24u64 {
        let mut r = Lcg(seed);
        let mut w = World::new(seed);
        let mut f = MapFiles::default();
        for _ in 0..30 {
            let name = ["a", "b", "c"][r.below(3) as usize];
            let line = match r.below(8) {
                0 | 1 => {
                    f.0.insert("j.yaml".into(), job_yaml(&mut r, name));
                    "kubectl apply -f j.yaml".to_string()
                }
                2 => {
                    f.0.insert("cj.yaml".into(), cronjob_yaml(&mut r, name));
                    "kubectl apply -f cj.yaml".to_string()
                }
                3 => format!("kubectl delete job {name}"),
                4 => format!("kubectl delete cronjob {name}"),
                5 => format!("kubectl create job {name}-now --from=cronjob/{name}"),
                6 => "kubectl delete pods --all".to_string(),
                _ => format!("sim wait {}s", 1 + r.below(200)),
            };
            // Refusals are fine; a broken invariant panics inside the step.
            let _ = sunaba_core::run(&mut w, &line, &f);
        }
        // Deleting every CronJob and Job deletes every pod they made (garbage collection).
        for line in [
            "kubectl delete cronjobs --all",
            "kubectl delete jobs --all",
            "sim wait 5m",
        ] {
            let _ = sunaba_core::run(&mut w, line, &f);
        }
        let out = sunaba_core::run(&mut w, "kubectl get jobs,pods", &f).expect("get");
        assert_eq!(
            out, "No resources found in default namespace.\n",
            "seed {seed}"
        );
    }
}
