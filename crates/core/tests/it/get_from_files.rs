//! `kubectl get -f FILE` and `kubectl describe -f FILE`: the objects the files name, in file
//! order, with kubectl's tables and its NotFound wording for those missing.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

const APP: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 2
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx:1.14.2
---
apiVersion: v1
kind: Service
metadata:
  name: my-nginx
spec:
  ports:
  - port: 80
  selector:
    run: my-nginx
";

const CONFIG: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n";
const OTHER: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: missing\ndata:\n  mode: slow\n";

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    for (k, v) in [
        ("app.yaml", APP),
        ("conf/settings.yaml", CONFIG),
        ("conf/zz-missing.yaml", OTHER),
    ] {
        f.0.insert(k.to_string(), v.to_string());
    }
    f
}

fn outcome(w: &mut World, cmd: &str, f: &MapFiles) -> String {
    match sunaba_core::run(w, cmd, f) {
        Ok(out) => format!("$ {cmd}\n{out}"),
        Err(e) => format!("$ {cmd}\n{}\n(exit 1)\n", e.message),
    }
}

#[test]
fn get_f_lists_the_objects_a_file_names_in_its_order() {
    let f = files();
    let mut w = World::new(1);
    sunaba_core::run(&mut w, "kubectl apply -f app.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "kubectl apply -f conf/settings.yaml", &f).unwrap();
    w.advance_to(20_000);
    let mut said = String::new();
    for cmd in [
        "kubectl get -f app.yaml",
        "kubectl get -f conf/settings.yaml",
        "kubectl get -f conf/settings.yaml -o name",
        "kubectl get -f conf",
        "kubectl get -f app.yaml -f conf/settings.yaml -o name",
    ] {
        said.push_str(&outcome(&mut w, cmd, &f));
    }
    expect![[r#"
        $ kubectl get -f app.yaml
        NAME                       READY   UP-TO-DATE   AVAILABLE   AGE
        deployment.apps/my-nginx   2/2     2            2           20s

        NAME               TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
        service/my-nginx   ClusterIP   10.96.0.3    <none>        80/TCP    20s
        $ kubectl get -f conf/settings.yaml
        NAME       DATA   AGE
        settings   1      20s
        $ kubectl get -f conf/settings.yaml -o name
        configmap/settings
        $ kubectl get -f conf
        NAME       DATA   AGE
        settings   1      20s
        Error from server (NotFound): configmaps "missing" not found
        (exit 1)
        $ kubectl get -f app.yaml -f conf/settings.yaml -o name
        deployment.apps/my-nginx
        service/my-nginx
        configmap/settings
    "#]]
    .assert_eq(&said);
}

#[test]
fn get_f_prints_one_object_alone_and_several_as_a_list() {
    let f = files();
    let mut w = World::new(1);
    sunaba_core::run(&mut w, "kubectl apply -f conf/settings.yaml", &f).unwrap();
    let one = sunaba_core::run(&mut w, "kubectl get -f conf/settings.yaml -o yaml", &f).unwrap();
    assert!(
        one.starts_with("apiVersion: v1\ndata:\n  mode: fast\nkind: ConfigMap\n"),
        "{one}"
    );
    sunaba_core::run(&mut w, "kubectl apply -f conf/zz-missing.yaml", &f).unwrap();
    let dir = sunaba_core::run(&mut w, "kubectl get -f conf -o yaml", &f).unwrap();
    assert!(dir.starts_with("apiVersion: v1\nitems:\n"), "{dir}");
    assert!(dir.contains("kind: List\n"), "{dir}");
}

#[test]
fn describe_f_describes_each_object_and_names_the_missing_ones() {
    let f = files();
    let mut w = World::new(1);
    sunaba_core::run(&mut w, "kubectl apply -f conf/settings.yaml", &f).unwrap();
    let mut said = String::new();
    for cmd in ["kubectl describe -f conf", "kubectl describe -f app.yaml"] {
        said.push_str(&outcome(&mut w, cmd, &f));
    }
    expect![[r#"
        $ kubectl describe -f conf
        Name:         settings
        Namespace:    default
        Labels:       <none>
        Annotations:  <none>

        Data
        ====
        mode:
        ----
        fast

        BinaryData
        ====

        Events:  <none>
        Error from server (NotFound): configmaps "missing" not found
        (exit 1)
        $ kubectl describe -f app.yaml
        Error from server (NotFound): deployments.apps "my-nginx" not found
        Error from server (NotFound): services "my-nginx" not found
        (exit 1)
    "#]]
    .assert_eq(&said);
}
