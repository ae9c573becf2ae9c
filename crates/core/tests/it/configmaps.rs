//! ConfigMaps and Secrets: stored, printed like kubectl, and read by the kubelet into a
//! container's environment (`env[].valueFrom`, `envFrom`) — which changes what the app does.

use sunaba_core::{MapFiles, World};

fn files(entries: &[(&str, &str)]) -> MapFiles {
    let mut f = MapFiles::default();
    for (k, v) in entries {
        f.0.insert((*k).to_string(), (*v).to_string());
    }
    f
}

const CONFIG: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  APP_ENV: prod\n  EXIT_AFTER: 20s\n";
const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  PASSWORD: cGFzc3dvcmQ=\nstringData:\n  USER: admin\n";

fn deployment(env: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: sunaba/demo-app:1.0\n{env}"
    )
}

fn pod_status(w: &mut World) -> String {
    let out = sunaba_core::run(w, "kubectl get pods", &MapFiles::default()).unwrap();
    out.lines().nth(1).unwrap_or_default().to_string()
}

#[test]
fn configmaps_and_secrets_are_stored_and_listed_like_kubectl() {
    let f = files(&[("cm.yaml", CONFIG), ("s.yaml", SECRET)]);
    let mut w = World::new(1);
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl apply -f cm.yaml", &f).unwrap(),
        "configmap/app-config created\n"
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl apply -f s.yaml", &f).unwrap(),
        "secret/db created\n"
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl apply -f cm.yaml", &f).unwrap(),
        "configmap/app-config unchanged\n"
    );
    w.advance_to(65_000);
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get configmaps", &f).unwrap(),
        "NAME         DATA   AGE\napp-config   2      65s\n"
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get cm app-config", &f).unwrap(),
        "NAME         DATA   AGE\napp-config   2      65s\n"
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get secrets", &f).unwrap(),
        "NAME   TYPE     DATA   AGE\ndb     Opaque   2      65s\n"
    );
    let yaml = sunaba_core::run(&mut w, "kubectl get secret db -o yaml", &f).unwrap();
    assert!(
        yaml.starts_with(
            "apiVersion: v1\ndata:\n  PASSWORD: cGFzc3dvcmQ=\n  USER: YWRtaW4=\nkind: Secret\n"
        ),
        "{yaml}"
    );
    assert!(yaml.ends_with("type: Opaque\n"), "{yaml}");
    let json = sunaba_core::run(&mut w, "kubectl get cm app-config -o json", &f).unwrap();
    assert!(json.contains("\"APP_ENV\": \"prod\""), "{json}");
    let described = sunaba_core::run(&mut w, "kubectl describe secret db", &f).unwrap();
    assert!(described.contains("PASSWORD:  8 bytes"), "{described}");
    assert!(!described.contains("password"), "{described}");
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl delete configmap app-config", &f).unwrap(),
        "configmap \"app-config\" deleted\n"
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get cm", &f).unwrap(),
        "No resources found in default namespace.\n"
    );
}

#[test]
fn secret_data_must_be_base64_and_the_error_is_located() {
    let bad =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  PASSWORD: not base64!\n";
    let f = files(&[("s.yaml", bad)]);
    let mut w = World::new(1);
    let e = sunaba_core::run(&mut w, "kubectl apply -f s.yaml", &f)
        .unwrap_err()
        .message;
    assert!(
        e.starts_with("s.yaml:6:13: error: data.PASSWORD: Invalid value: \"<secret>\": illegal base64 data at input byte 3"),
        "{e}"
    );
    let bad_key = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  \"a b\": x\n";
    let f = files(&[("c.yaml", bad_key)]);
    let e = sunaba_core::run(&mut w, "kubectl apply -f c.yaml", &f)
        .unwrap_err()
        .message;
    assert!(
        e.contains("c.yaml:6:3: error: data: Invalid value: \"a b\": a valid config key"),
        "{e}"
    );
}

#[test]
fn env_from_a_configmap_changes_the_running_app() {
    // EXIT_AFTER comes from the ConfigMap: demo-app exits after 20 s, then crash-loops.
    let env = "        envFrom:\n        - configMapRef:\n            name: app-config\n";
    let f = files(&[("cm.yaml", CONFIG), ("d.yaml", &deployment(env))]);
    let mut w = World::new(3);
    sunaba_core::run(&mut w, "kubectl apply -f cm.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).unwrap();
    w.advance_to(15_000);
    assert!(
        pod_status(&mut w).contains("Running   0"),
        "{}",
        pod_status(&mut w)
    );
    w.advance_to(40_000);
    // Exited at 23 s (its sandbox took 1 s), restarted at once: running again with one restart.
    let pods = sunaba_core::run(&mut w, "kubectl get pods", &f).unwrap();
    let cells = ["READY", "STATUS", "RESTARTS"].map(|c| crate::common::column(&pods, c));
    assert_eq!(
        cells,
        [["1/1"], ["Running"], ["1 (17s ago)"]],
        "at 40s\n{pods}"
    );
    let pod = &crate::common::column(&pods, "NAME")[0];
    let logs = sunaba_core::run(&mut w, &format!("kubectl logs {pod} --previous"), &f).unwrap();
    // The previous run read EXIT_AFTER from the ConfigMap.
    assert_eq!(
        logs,
        "{\"level\":\"info\",\"msg\":\"demo-app starting\",\"version\":\"1.0.0\"}\n\
         {\"level\":\"info\",\"msg\":\"listening on :8080\",\"startup_ms\":1000}\n\
         {\"level\":\"error\",\"msg\":\"fatal: simulated failure (EXIT_AFTER=20s), exiting with code 1\"}\n"
    );
    let described = sunaba_core::run(&mut w, "kubectl describe pods", &f).unwrap();
    assert!(
        described.contains(
            "    Environment Variables from:\n      app-config  ConfigMap  Optional: false\n"
        ),
        "{described}"
    );
}

#[test]
fn without_the_configmap_the_app_keeps_running() {
    // The same Deployment with a literal env only: no exit. The ConfigMap is what crashes it.
    let f = files(&[(
        "d.yaml",
        &deployment("        env:\n        - name: APP_ENV\n          value: prod\n"),
    )]);
    let mut w = World::new(3);
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).unwrap();
    w.advance_to(60_000);
    assert!(
        pod_status(&mut w).contains("Running   0"),
        "{}",
        pod_status(&mut w)
    );
}

#[test]
fn a_missing_configmap_gives_create_container_config_error_until_it_is_applied() {
    let env = "        env:\n        - name: APP_ENV\n          valueFrom:\n            configMapKeyRef:\n              name: app-config\n              key: APP_ENV\n";
    let f = files(&[("cm.yaml", CONFIG), ("d.yaml", &deployment(env))]);
    let mut w = World::new(5);
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).unwrap();
    w.advance_to(10_000);
    let status = pod_status(&mut w);
    assert!(
        status.contains("0/1     CreateContainerConfigError"),
        "{status}"
    );
    let events = sunaba_core::run(&mut w, "kubectl get events", &f).unwrap();
    assert!(
        events.contains("Warning   Failed")
            && events.contains("Error: configmap \"app-config\" not found"),
        "{events}"
    );
    let described = sunaba_core::run(&mut w, "kubectl describe pods", &f).unwrap();
    assert!(
        described.contains("      APP_ENV:  <set to the key 'APP_ENV' of config map 'app-config'>  Optional: false\n"),
        "{described}"
    );
    assert!(
        described.contains("      Reason:       CreateContainerConfigError\n"),
        "{described}"
    );
    sunaba_core::run(&mut w, "kubectl apply -f cm.yaml", &f).unwrap();
    w.advance_to(25_000);
    let status = pod_status(&mut w);
    assert!(status.contains("1/1     Running"), "{status}");
}

#[test]
fn a_missing_key_is_reported_with_the_kubelets_words_and_optional_refs_are_skipped() {
    let env = "        env:\n        - name: X\n          valueFrom:\n            configMapKeyRef:\n              name: app-config\n              key: NOPE\n";
    let f = files(&[("cm.yaml", CONFIG), ("d.yaml", &deployment(env))]);
    let mut w = World::new(5);
    sunaba_core::run(&mut w, "kubectl apply -f cm.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).unwrap();
    w.advance_to(10_000);
    let events = sunaba_core::run(&mut w, "kubectl get events", &f).unwrap();
    assert!(
        events.contains("Error: couldn't find key NOPE in ConfigMap default/app-config"),
        "{events}"
    );
    let optional = "        env:\n        - name: X\n          valueFrom:\n            secretKeyRef:\n              name: nothing\n              key: NOPE\n              optional: true\n";
    let f = files(&[("d.yaml", &deployment(optional))]);
    let mut w = World::new(5);
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).unwrap();
    w.advance_to(10_000);
    assert!(
        pod_status(&mut w).contains("1/1     Running"),
        "{}",
        pod_status(&mut w)
    );
}

#[test]
fn secret_key_ref_and_prefixed_env_from_reach_the_app() {
    // EXIT_AFTER from a Secret (key renamed by valueFrom), and a prefix that hides a key.
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  when: 5s\n";
    let env = "        envFrom:\n        - prefix: CFG_\n          configMapRef:\n            name: app-config\n        env:\n        - name: EXIT_AFTER\n          valueFrom:\n            secretKeyRef:\n              name: s\n              key: when\n";
    let f = files(&[
        ("cm.yaml", CONFIG),
        ("s.yaml", secret),
        ("d.yaml", &deployment(env)),
    ]);
    let mut w = World::new(9);
    sunaba_core::run(&mut w, "kubectl apply -f cm.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "kubectl apply -f s.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).unwrap();
    w.advance_to(12_000);
    let status = pod_status(&mut w);
    assert!(
        !status.contains("Running   0"),
        "exited after 5 s from the Secret: {status}"
    );
    let described = sunaba_core::run(&mut w, "kubectl describe pods", &f).unwrap();
    assert!(
        described.contains("app-config  ConfigMap with prefix 'CFG_'  Optional: false"),
        "{described}"
    );
    assert!(
        described.contains("EXIT_AFTER:  <set to the key 'when' in secret 's'>  Optional: false"),
        "{described}"
    );
}

#[test]
fn value_from_must_name_exactly_one_source() {
    let env = "        env:\n        - name: X\n          value: a\n          valueFrom:\n            configMapKeyRef:\n              name: c\n              key: k\n";
    let f = files(&[("d.yaml", &deployment(env))]);
    let mut w = World::new(1);
    let e = sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f)
        .unwrap_err()
        .message;
    assert!(
        e.contains(
            "valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"
        ),
        "{e}"
    );
    let env = "        envFrom:\n        - prefix: P\n";
    let f = files(&[("d.yaml", &deployment(env))]);
    let e = sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f)
        .unwrap_err()
        .message;
    assert!(
        e.contains(
            "envFrom[0]: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"
        ),
        "{e}"
    );
}
