//! `immutable: true` ConfigMaps and Secrets: their data and `immutable` itself are refused
//! in the API server's words once set; `-o yaml` shows the field.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

fn files(entries: &[(&str, &str)]) -> MapFiles {
    let mut f = MapFiles::default();
    for (k, v) in entries {
        f.0.insert((*k).to_string(), (*v).to_string());
    }
    f
}

/// The immutable ConfigMap of "Updating Configuration via a ConfigMap".
const IMMUTABLE: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: company-name-20150801\ndata:\n  company_name: \"ACME, Inc.\"\nimmutable: true\n";
const CHANGED: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: company-name-20150801\ndata:\n  company_name: \"Fake Company\"\nimmutable: true\n";
const UNSET: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: company-name-20150801\ndata:\n  company_name: \"Fake Company\"\n";
const RELABELLED: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: company-name-20150801\n  labels:\n    tier: web\ndata:\n  company_name: \"ACME, Inc.\"\nimmutable: true\n";

fn outcome(w: &mut World, cmd: &str, f: &MapFiles) -> String {
    match sunaba_core::run(w, cmd, f) {
        Ok(out) => out,
        Err(e) => format!("error: {}\n", e.message),
    }
}

#[test]
fn an_immutable_configmaps_data_cannot_change_and_immutable_cannot_be_unset() {
    let f = files(&[
        ("cm.yaml", IMMUTABLE),
        ("changed.yaml", CHANGED),
        ("unset.yaml", UNSET),
        ("labels.yaml", RELABELLED),
    ]);
    let mut w = World::new(1);
    let mut said = String::new();
    for cmd in [
        "kubectl apply -f cm.yaml",
        "kubectl apply -f changed.yaml",
        "kubectl apply -f unset.yaml",
        "kubectl apply -f labels.yaml",
        "kubectl get configmap company-name-20150801 -o yaml",
    ] {
        said.push_str(&format!("$ {cmd}\n{}", outcome(&mut w, cmd, &f)));
    }
    expect![[r#"
        $ kubectl apply -f cm.yaml
        configmap/company-name-20150801 created
        $ kubectl apply -f changed.yaml
        error: The ConfigMap "company-name-20150801" is invalid: data: Forbidden: field is immutable when `immutable` is set
        $ kubectl apply -f unset.yaml
        error: The ConfigMap "company-name-20150801" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]
        $ kubectl apply -f labels.yaml
        configmap/company-name-20150801 configured
        $ kubectl get configmap company-name-20150801 -o yaml
        apiVersion: v1
        data:
          company_name: ACME, Inc.
        immutable: true
        kind: ConfigMap
        metadata:
          creationTimestamp: "2026-11-28T10:00:00Z"
          labels:
            tier: web
          name: company-name-20150801
          namespace: default
          resourceVersion: "9"
          uid: db51d062-deef-4483-a336-c550332b3e7f
    "#]].assert_eq(&said);
}

#[test]
fn a_mutable_configmap_may_become_immutable_and_a_secret_follows_the_same_rules() {
    let mutable = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: \"1\"\n";
    let frozen = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: \"1\"\nimmutable: true\n";
    let secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: s3cret\nimmutable: true\n";
    let secret_changed = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: other\nimmutable: true\n";
    let secret_retyped = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: kubernetes.io/basic-auth\nstringData:\n  password: s3cret\nimmutable: true\n";
    let f = files(&[
        ("mutable.yaml", mutable),
        ("frozen.yaml", frozen),
        ("secret.yaml", secret),
        ("secret-changed.yaml", secret_changed),
        ("secret-retyped.yaml", secret_retyped),
    ]);
    let mut w = World::new(1);
    let mut said = String::new();
    for cmd in [
        "kubectl apply -f mutable.yaml",
        "kubectl apply -f frozen.yaml",
        "kubectl apply -f mutable.yaml",
        "kubectl apply -f secret.yaml",
        "kubectl apply -f secret-changed.yaml",
        "kubectl apply -f secret-retyped.yaml",
        "kubectl get secret db -o json",
    ] {
        said.push_str(&format!("$ {cmd}\n{}", outcome(&mut w, cmd, &f)));
    }
    expect![[r#"
        $ kubectl apply -f mutable.yaml
        configmap/cfg created
        $ kubectl apply -f frozen.yaml
        configmap/cfg configured
        $ kubectl apply -f mutable.yaml
        error: The ConfigMap "cfg" is invalid: immutable: Forbidden: field is immutable when `immutable` is set
        $ kubectl apply -f secret.yaml
        secret/db created
        $ kubectl apply -f secret-changed.yaml
        error: The Secret "db" is invalid: data: Forbidden: field is immutable when `immutable` is set
        $ kubectl apply -f secret-retyped.yaml
        error: The Secret "db" is invalid: type: Invalid value: "kubernetes.io/basic-auth": field is immutable
        $ kubectl get secret db -o json
        {
            "apiVersion": "v1",
            "data": {
                "password": "czNjcmV0"
            },
            "immutable": true,
            "kind": "Secret",
            "metadata": {
                "creationTimestamp": "2026-11-28T10:00:00Z",
                "name": "db",
                "namespace": "default",
                "resourceVersion": "11",
                "uid": "78702aa5-b0d3-4f28-b9eb-807042a47544"
            },
            "type": "Opaque"
        }
    "#]].assert_eq(&said);
}

#[test]
fn immutable_must_be_a_boolean() {
    let bad = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\nimmutable: yes please\n";
    let f = files(&[("bad.yaml", bad)]);
    let mut w = World::new(1);
    expect![[r#"
        error: bad.yaml:5:12: error: immutable: Invalid value: "yes please": immutable in body must be of type boolean
    "#]].assert_eq(&outcome(&mut w, "kubectl apply -f bad.yaml", &f));
}
