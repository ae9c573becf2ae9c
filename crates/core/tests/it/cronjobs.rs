//! CronJobs: schedules parsed as the API server parses them, Jobs made at each schedule time
//! on the virtual clock (named by the minute), history limits and concurrency policies.

use sunaba_core::input::cron;
use sunaba_core::{MapFiles, World};

/// The simulation's epoch, 2026-11-28T10:00:00Z, in minutes since the Unix epoch.
const T0: i64 = 29_931_000;

#[test]
fn schedules_parse_and_fire_as_cron_does() {
    // (schedule, the next three times after T0 as minutes past it)
    let table: &[(&str, [i64; 3])] = &[
        ("* * * * *", [1, 2, 3]),
        ("*/15 * * * *", [15, 30, 45]),
        ("5 * * * *", [5, 65, 125]),
        ("0,30 10-11 * * *", [30, 60, 90]),
        ("10-20/5 * * * *", [10, 15, 20]),
        ("7/20 * * * *", [7, 27, 47]),
        ("@hourly", [60, 120, 180]),
        // Saturday 28 November 2026 at 10:00: midnight is 14 hours on.
        ("@daily", [14 * 60, 38 * 60, 62 * 60]),
        ("@midnight", [14 * 60, 38 * 60, 62 * 60]),
        // The next Sunday 00:00 is 29 November.
        (
            "@weekly",
            [14 * 60, (14 + 7 * 24) * 60, (14 + 14 * 24) * 60],
        ),
        (
            "0 0 * * SUN",
            [14 * 60, (14 + 7 * 24) * 60, (14 + 14 * 24) * 60],
        ),
        (
            // Mondays of December (day of month `*`: both must hold).
            "0 12 * dec mon",
            [(2 + 24 * 9) * 60, (2 + 24 * 16) * 60, (2 + 24 * 23) * 60],
        ),
        // Day of month OR day of week when both are restricted: the 1st, and Mondays.
        (
            "0 0 1 * 1",
            [(14 + 24) * 60, (14 + 24 * 2) * 60, (14 + 24 * 8) * 60],
        ),
    ];
    for (spec, want) in table {
        let s = cron::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        let mut t = T0;
        for w in want {
            t = s
                .next_after(t)
                .unwrap_or_else(|| panic!("{spec} never fires"));
            assert_eq!(t - T0, *w, "{spec}");
        }
    }
    assert_eq!(
        cron::parse("0 0 30 2 *").map(|s| s.next_after(T0)),
        Ok(None)
    );
}

#[test]
fn invalid_schedules_are_refused_in_the_parsers_words() {
    let table = [
        ("", "empty spec string"),
        ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
        ("61 * * * *", "end of range (61) above maximum (59): 61"),
        ("* 0-24 * * *", "end of range (24) above maximum (23): 0-24"),
        ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
        (
            "5-1 * * * *",
            "beginning of range (5) beyond end of range (1): 5-1",
        ),
        (
            "*/0 * * * *",
            "step of range should be a positive number: */0",
        ),
        (
            "x * * * *",
            "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
        ),
        ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
        ("*/2/3 * * * *", "too many slashes: */2/3"),
        ("@fortnightly", "unrecognized descriptor: @fortnightly"),
        (
            "TZ=UTC * * * * *",
            "cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
        ),
    ];
    for (spec, want) in table {
        assert_eq!(cron::parse(spec).unwrap_err(), want, "{spec}");
    }
}

fn cronjob_yaml(name: &str, schedule: &str, extra: &str, script: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n  schedule: \"{schedule}\"\n{extra}  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n            image: busybox:1.36\n            command: [sh, -c, \"{script}\"]\n          restartPolicy: OnFailure\n"
    )
}

fn start(yaml: &str) -> World {
    let mut f = MapFiles::default();
    f.0.insert("cj.yaml".into(), yaml.to_string());
    let mut w = World::new(11);
    sunaba_core::run(&mut w, "kubectl apply -f cj.yaml", &f).expect("apply");
    w
}

fn run(w: &mut World, line: &str) -> String {
    sunaba_core::run(w, line, &MapFiles::default()).unwrap_or_else(|e| panic!("{line}: {e}"))
}

/// NAME and STATUS of every Job.
fn jobs(w: &mut World) -> Vec<(String, String)> {
    run(w, "kubectl get jobs")
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c[0].to_string(), c[1].to_string())
        })
        .collect()
}

fn cronjob_events(w: &mut World, name: &str) -> Vec<String> {
    let object = format!("cronjob/{name}");
    w.drain_trace()
        .iter()
        .filter(|e| e.object == object)
        .map(|e| format!("{} {}", e.reason, e.message))
        .collect()
}

#[test]
fn a_cronjob_makes_a_job_named_by_the_minute_at_each_schedule_time() {
    let mut w = start(&cronjob_yaml("tick", "*/2 * * * *", "", "echo tick"));
    run(&mut w, "sim wait 119s");
    assert!(jobs(&mut w).is_empty(), "nothing before 10:02");
    run(&mut w, "sim wait 1s");
    assert_eq!(jobs(&mut w), [("tick-29931002".into(), "Running".into())]);
    run(&mut w, "sim wait 2m30s");
    assert_eq!(
        jobs(&mut w),
        [
            ("tick-29931002".into(), "Complete".into()),
            ("tick-29931004".into(), "Complete".into())
        ]
    );
    let ev = cronjob_events(&mut w, "tick");
    assert_eq!(
        ev[..2],
        [
            "SuccessfulCreate Created job tick-29931002".to_string(),
            "SawCompletedJob Saw completed job: tick-29931002, condition: Complete".to_string()
        ]
    );
    let table = run(&mut w, "kubectl get cj tick");
    assert!(table.starts_with("NAME   SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ntick   */2 * * * *   <none>     False     0        30s             4m30s\n"), "{table}");
}

#[test]
fn history_limits_delete_the_oldest_finished_jobs() {
    let mut w = start(&cronjob_yaml(
        "often",
        "* * * * *",
        "  successfulJobsHistoryLimit: 2\n",
        "echo ok",
    ));
    run(&mut w, "sim wait 5m30s");
    let names: Vec<String> = jobs(&mut w).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["often-29931004", "often-29931005"]);
    let ev = cronjob_events(&mut w, "often");
    assert!(ev.contains(&"SuccessfulDelete Deleted job often-29931001".to_string()));
}

#[test]
fn forbid_skips_a_run_while_one_is_active_and_replace_replaces_it() {
    let mut w = start(&cronjob_yaml(
        "slow",
        "* * * * *",
        "  concurrencyPolicy: Forbid\n",
        "sleep 90",
    ));
    run(&mut w, "sim wait 2m10s");
    assert_eq!(jobs(&mut w), [("slow-29931001".into(), "Running".into())]);
    let ev = cronjob_events(&mut w, "slow");
    assert!(ev.contains(&"JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid".to_string()), "{ev:?}");

    let mut w = start(&cronjob_yaml(
        "slow",
        "* * * * *",
        "  concurrencyPolicy: Replace\n",
        "sleep 90",
    ));
    run(&mut w, "sim wait 2m10s");
    assert_eq!(jobs(&mut w), [("slow-29931002".into(), "Running".into())]);
    let ev = cronjob_events(&mut w, "slow");
    assert!(
        ev.contains(&"SuccessfulDelete Deleted job slow-29931001".to_string()),
        "{ev:?}"
    );
}

#[test]
fn a_suspended_cronjob_makes_no_jobs_and_deleting_it_deletes_its_jobs() {
    let mut w = start(&cronjob_yaml(
        "paused",
        "* * * * *",
        "  suspend: true\n",
        "true",
    ));
    run(&mut w, "sim wait 5m");
    assert!(jobs(&mut w).is_empty());
    let mut w = start(&cronjob_yaml("ticking", "* * * * *", "", "sleep 600"));
    run(&mut w, "sim wait 2m");
    assert_eq!(jobs(&mut w).len(), 2);
    assert_eq!(
        run(&mut w, "kubectl delete cronjob ticking"),
        "cronjob.batch \"ticking\" deleted\n"
    );
    assert!(jobs(&mut w).is_empty());
    run(&mut w, "sim wait 2m");
    assert_eq!(
        run(&mut w, "kubectl get pods"),
        "No resources found in default namespace.\n"
    );
}

#[test]
fn a_job_from_a_cronjob_is_made_by_hand_with_its_template() {
    let mut w = World::new(2);
    assert_eq!(
        run(
            &mut w,
            "kubectl create cronjob nightly --image=busybox:1.36 --schedule=@daily -- echo report"
        ),
        "cronjob.batch/nightly created\n"
    );
    assert_eq!(
        run(&mut w, "kubectl create job now --from=cronjob/nightly"),
        "job.batch/now created\n"
    );
    run(&mut w, "sim wait 30s");
    assert_eq!(run(&mut w, "kubectl logs job/now"), "report\n");
    let yaml = run(&mut w, "kubectl get job now -o yaml");
    assert!(
        yaml.contains("cronjob.kubernetes.io/instantiate: manual"),
        "{yaml}"
    );
    assert!(
        yaml.contains("kind: CronJob"),
        "owned by the CronJob: {yaml}"
    );
    let e = sunaba_core::run(
        &mut w,
        "kubectl create cronjob x --image=busybox",
        &MapFiles::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "error: required flag(s) \"schedule\" not set"
    );
    let e = sunaba_core::run(
        &mut w,
        "kubectl create cronjob x --image=busybox --schedule=61",
        &MapFiles::default(),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("expected exactly 5 fields, found 1: [61]"),
        "{e}"
    );
}

#[test]
fn an_invalid_schedule_in_a_manifest_is_the_api_servers_error_at_its_line() {
    let mut f = MapFiles::default();
    f.0.insert(
        "cj.yaml".into(),
        cronjob_yaml(
            "bad",
            "*/5 * * *",
            "  concurrencyPolicy: Sometimes\n",
            "true",
        ),
    );
    let mut w = World::new(1);
    let e = sunaba_core::run(&mut w, "kubectl apply -f cj.yaml", &f).unwrap_err();
    expect_test::expect![[r#"
        cj.yaml:6:13: error: spec.schedule: Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: [*/5 * * *]
        cj.yaml:7:22: error: spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace""#]].assert_eq(&e.to_string());
}

#[test]
fn get_all_lists_cronjobs_and_jobs_after_the_other_workloads() {
    let mut w = start(&cronjob_yaml("tick", "* * * * *", "", "echo tick"));
    run(&mut w, "sim wait 65s");
    expect_test::expect![[r#"
        NAME                      READY   STATUS      RESTARTS   AGE
        pod/tick-29931001-sd595   0/1     Completed   0          5s

        NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
        service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   65s

        NAME                 SCHEDULE    TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE
        cronjob.batch/tick   * * * * *   <none>     False     0        5s              65s

        NAME                      STATUS     COMPLETIONS   DURATION   AGE
        job.batch/tick-29931001   Complete   1/1           1s         5s
    "#]]
    .assert_eq(&run(&mut w, "kubectl get all"));
}
