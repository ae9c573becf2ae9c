//! Jobs: pods run to completion up to `parallelism` until `completions` succeed; failures are
//! retried after the pod-failure back-off until `backoffLimit`; OnFailure restarts count
//! toward it; `activeDeadlineSeconds` and `ttlSecondsAfterFinished`; kubectl's views of them.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

fn job_yaml(spec_extra: &str, restart: &str, script: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: work\nspec:\n{spec_extra}  template:\n    spec:\n      containers:\n      - name: w\n        image: busybox:1.36\n        command: [sh, -c, \"{script}\"]\n      restartPolicy: {restart}\n"
    )
}

fn start(yaml: &str) -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("job.yaml".into(), yaml.to_string());
    let mut w = World::new(7);
    let out = sunaba_core::run(&mut w, "kubectl apply -f job.yaml", &f).expect("apply");
    assert_eq!(out, "job.batch/work created\n");
    (w, f)
}

fn run(w: &mut World, line: &str) -> String {
    sunaba_core::run(w, line, &MapFiles::default()).unwrap_or_else(|e| panic!("{line}: {e}"))
}

/// `kubectl get job work` → (STATUS, COMPLETIONS).
fn job_row(w: &mut World) -> (String, String) {
    let out = run(w, "kubectl get job work");
    let cols: Vec<String> = out
        .lines()
        .nth(1)
        .expect("a row")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    (cols[1].clone(), cols[2].clone())
}

/// STATUS of every pod of the Job.
fn pod_statuses(w: &mut World) -> Vec<String> {
    let out = run(w, "kubectl get pods -l job-name=work");
    out.lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(2).unwrap_or_default().to_string())
        .collect()
}

fn reasons(w: &mut World) -> Vec<String> {
    w.drain_trace()
        .iter()
        .filter(|e| e.object == "job/work")
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect()
}

#[test]
fn a_job_runs_at_most_parallelism_pods_until_completions_succeed() {
    let (mut w, _) = start(&job_yaml(
        "  completions: 5\n  parallelism: 2\n",
        "Never",
        "sleep 5",
    ));
    let mut most_active = 0;
    for _ in 0..40 {
        run(&mut w, "sim wait 1s");
        let active = pod_statuses(&mut w)
            .iter()
            .filter(|s| *s != "Completed")
            .count();
        most_active = most_active.max(active);
    }
    assert_eq!(most_active, 2, "never more than parallelism at once");
    assert_eq!(job_row(&mut w), ("Complete".into(), "5/5".into()));
    assert_eq!(pod_statuses(&mut w), vec!["Completed"; 5]);
    let r = reasons(&mut w);
    assert_eq!(
        r.iter()
            .filter(|m| m.starts_with("SuccessfulCreate"))
            .count(),
        5
    );
    assert_eq!(
        r.last().map(String::as_str),
        Some("Completed Job completed")
    );
}

#[test]
fn failed_pods_are_replaced_after_a_growing_back_off_until_the_backoff_limit() {
    let (mut w, _) = start(&job_yaml("  backoffLimit: 2\n", "Never", "exit 1"));
    run(&mut w, "sim wait 5s");
    assert_eq!(pod_statuses(&mut w), ["Error"]);
    // The replacement waits 10 s after the first failure, the next 20 s after the second.
    run(&mut w, "sim wait 10s");
    assert_eq!(pod_statuses(&mut w).len(), 2);
    run(&mut w, "sim wait 10s");
    assert_eq!(pod_statuses(&mut w).len(), 2, "the second back-off is 20 s");
    run(&mut w, "sim wait 30s");
    assert_eq!(pod_statuses(&mut w), ["Error", "Error", "Error"]);
    assert_eq!(job_row(&mut w), ("Failed".into(), "0/1".into()));
    let r = reasons(&mut w);
    assert!(
        r.contains(&"BackoffLimitExceeded Job has reached the specified backoff limit".into()),
        "{r:?}"
    );
    // Nothing more is created once it failed.
    run(&mut w, "sim wait 10m");
    assert_eq!(pod_statuses(&mut w).len(), 3);
    let yaml = run(&mut w, "kubectl get job work -o yaml");
    assert!(yaml.contains("type: FailureTarget") && yaml.contains("type: Failed"));
    assert!(yaml.contains("failed: 3"), "{yaml}");
}

#[test]
fn on_failure_restarts_the_container_in_place_and_counts_restarts_toward_the_limit() {
    let (mut w, _) = start(&job_yaml("  backoffLimit: 2\n", "OnFailure", "exit 1"));
    run(&mut w, "sim wait 5s");
    let statuses = pod_statuses(&mut w);
    assert_eq!(statuses.len(), 1, "one pod, restarted in place");
    assert_eq!(job_row(&mut w).0, "Running");
    run(&mut w, "sim wait 2m");
    assert_eq!(job_row(&mut w), ("Failed".into(), "0/1".into()));
    let r = reasons(&mut w);
    assert!(r
        .iter()
        .any(|m| m.starts_with("SuccessfulDelete Deleted pod: work-")));
    assert!(r.contains(&"BackoffLimitExceeded Job has reached the specified backoff limit".into()));
    run(&mut w, "sim wait 1m");
    assert!(
        pod_statuses(&mut w).is_empty(),
        "the running pod was deleted"
    );
}

#[test]
fn active_deadline_seconds_fails_a_job_still_running() {
    let (mut w, _) = start(&job_yaml(
        "  activeDeadlineSeconds: 30\n",
        "Never",
        "sleep 3600",
    ));
    run(&mut w, "sim wait 29s");
    assert_eq!(job_row(&mut w).0, "Running");
    run(&mut w, "sim wait 1s");
    assert_eq!(job_row(&mut w).0, "Failed");
    let r = reasons(&mut w);
    assert!(r.contains(&"DeadlineExceeded Job was active longer than specified deadline".into()));
    let yaml = run(&mut w, "kubectl get job work -o yaml");
    assert!(yaml.contains("reason: DeadlineExceeded"));
}

#[test]
fn ttl_seconds_after_finished_deletes_the_job_and_its_pods() {
    let (mut w, _) = start(&job_yaml(
        "  ttlSecondsAfterFinished: 20\n",
        "Never",
        "echo done",
    ));
    run(&mut w, "sim wait 10s");
    assert_eq!(job_row(&mut w).0, "Complete");
    run(&mut w, "sim wait 25s");
    assert_eq!(
        run(&mut w, "kubectl get jobs"),
        "No resources found in default namespace.\n"
    );
    run(&mut w, "sim wait 1m");
    assert!(pod_statuses(&mut w).is_empty());
}

#[test]
fn a_pod_template_that_restarts_always_is_refused_as_the_api_server_does() {
    let mut f = MapFiles::default();
    f.0.insert("job.yaml".into(), job_yaml("", "Always", "true"));
    let mut w = World::new(1);
    let e = sunaba_core::run(&mut w, "kubectl apply -f job.yaml", &f).unwrap_err();
    expect![[r#"job.yaml:12:22: error: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never""#]].assert_eq(&e.to_string());
    // Left out, it defaults to Always: refused the same way.
    let yaml = job_yaml("", "Never", "true").replace("      restartPolicy: Never\n", "");
    f.0.insert("job.yaml".into(), yaml);
    let e = sunaba_core::run(&mut w, "kubectl apply -f job.yaml", &f).unwrap_err();
    assert!(
        e.to_string().contains("Unsupported value: \"Always\""),
        "{e}"
    );
}

#[test]
fn kubectl_prints_a_finished_job_as_kubectl_does() {
    let (mut w, _) = start(&job_yaml("  backoffLimit: 4\n", "Never", "echo hello"));
    run(&mut w, "sim wait 1m");
    expect![[r#"
        NAME   STATUS     COMPLETIONS   DURATION   AGE
        work   Complete   1/1           1s         60s
    "#]]
    .assert_eq(&run(&mut w, "kubectl get jobs"));
    expect![[r#"
        NAME   STATUS     COMPLETIONS   DURATION   AGE   CONTAINERS   IMAGES         SELECTOR
        work   Complete   1/1           1s         60s   w            busybox:1.36   batch.kubernetes.io/controller-uid=b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
    "#]]
    .assert_eq(&run(&mut w, "kubectl get jobs -o wide"));
    expect![[r#"
        Name:             work
        Namespace:        default
        Selector:         batch.kubernetes.io/controller-uid=b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
        Labels:           batch.kubernetes.io/controller-uid=b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
                          batch.kubernetes.io/job-name=work
                          controller-uid=b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
                          job-name=work
        Annotations:      <none>
        Parallelism:      1
        Completions:      1
        Completion Mode:  NonIndexed
        Suspend:          false
        Backoff Limit:    4
        Start Time:       Sat, 28 Nov 2026 10:00:00 +0000
        Completed At:     Sat, 28 Nov 2026 10:00:01 +0000
        Duration:         1s
        Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
        Pod Template:
          Labels:  batch.kubernetes.io/controller-uid=b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
                   batch.kubernetes.io/job-name=work
                   controller-uid=b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
                   job-name=work
          Containers:
           w:
            Image:      busybox:1.36
            Port:       <none>
            Host Port:  <none>
            Command:
              sh
              -c
              echo hello
            Environment:   <none>
            Mounts:        <none>
          Volumes:         <none>
          Node-Selectors:  <none>
          Tolerations:     <none>
        Events:
          Type    Reason            Age   From            Message
          ----    ------            ----  ----            -------
          Normal  SuccessfulCreate  60s   job-controller  Created pod: work-k8khh
          Normal  Completed         58s   job-controller  Job completed
    "#]]
    .assert_eq(&run(&mut w, "kubectl describe job work"));
    assert_eq!(run(&mut w, "kubectl logs job/work"), "hello\n");
    assert_eq!(
        run(&mut w, "kubectl delete job work"),
        "job.batch \"work\" deleted\n"
    );
    run(&mut w, "sim wait 1m");
    assert!(pod_statuses(&mut w).is_empty(), "its pods went with it");
}

#[test]
fn kubectl_create_job_runs_an_image_once() {
    let mut w = World::new(3);
    assert_eq!(
        run(
            &mut w,
            "kubectl create job once --image=busybox:1.36 -- echo hi"
        ),
        "job.batch/once created\n"
    );
    run(&mut w, "sim wait 30s");
    assert_eq!(run(&mut w, "kubectl logs jobs/once"), "hi\n");
    let e = sunaba_core::run(&mut w, "kubectl create job twice", &MapFiles::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "error: either --image or --from must be specified"
    );
    let e = sunaba_core::run(
        &mut w,
        "kubectl create job once --image=busybox:1.36",
        &MapFiles::default(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("AlreadyExists"), "{e}");
}

#[test]
fn the_perl_image_prints_pi_to_the_digits_asked() {
    let mut w = World::new(3);
    run(
        &mut w,
        "kubectl create job pi --image=perl:5.34.0 -- perl -Mbignum=bpi -wle 'print bpi(50)'",
    );
    run(&mut w, "sim wait 2m");
    assert_eq!(
        run(&mut w, "kubectl logs job/pi"),
        "3.1415926535897932384626433832795028841971693993751\n"
    );
}

#[test]
fn a_finished_pod_deleted_later_still_counts() {
    let (mut w, _) = start(&job_yaml(
        "  completions: 3\n  parallelism: 1\n",
        "Never",
        "sleep 5",
    ));
    run(&mut w, "sim wait 8s");
    assert_eq!(job_row(&mut w), ("Running".into(), "1/3".into()));
    run(&mut w, "kubectl delete pods --all");
    run(&mut w, "sim wait 1m");
    assert_eq!(job_row(&mut w), ("Complete".into(), "3/3".into()));
    let created = reasons(&mut w)
        .iter()
        .filter(|m| m.starts_with("SuccessfulCreate"))
        .count();
    // The running second pod was deleted and replaced; the first success was kept.
    assert_eq!(created, 4);
}
