//! Kustomize as the real tool builds: the example overlays' exact output (hashes included),
//! each feature alone, located errors, hostile input, and `apply -k` on a cluster.

use crate::common;

use sunaba_core::{MapFiles, World};

/// The files of `www/examples/kustomize/`, keyed by their path below it.
fn example() -> MapFiles {
    common::example_files("kustomize")
}

fn kustomize(files: &MapFiles, dir: &str) -> Result<String, String> {
    let mut w = World::new(1);
    sunaba_core::run(&mut w, &format!("kubectl kustomize {dir}"), files).map_err(|e| e.message)
}

fn files(entries: &[(&str, &str)]) -> MapFiles {
    let mut f = MapFiles::default();
    for (k, v) in entries {
        f.0.insert((*k).to_string(), (*v).to_string());
    }
    f
}

/// Hashes from real `kubectl kustomize` runs published in the Kubernetes docs and tutorials:
/// the same inputs must give the same names.
#[test]
fn generator_hashes_match_the_real_tool() {
    let game = "enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\nsecret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30"; // that tutorial's file has no final newline
    let f = files(&[
        ("a/kustomization.yaml", "configMapGenerator:\n- name: game-config-5\n  files:\n  - configmap/game.properties\n"),
        ("a/configmap/game.properties", game),
        ("b/kustomization.yaml", "configMapGenerator:\n- name: example-configmap-2\n  literals:\n  - FOO=Bar\n"),
        ("c/kustomization.yaml", "configMapGenerator:\n- name: example-configmap-1\n  files:\n  - application.properties\n"),
        ("c/application.properties", "FOO=Bar\n"),
    ]);
    let a = kustomize(&f, "a").unwrap();
    assert!(a.contains("name: game-config-5-c6kgkt26m6\n"), "{a}");
    let b = kustomize(&f, "b").unwrap();
    assert_eq!(b, "apiVersion: v1\ndata:\n  FOO: Bar\nkind: ConfigMap\nmetadata:\n  name: example-configmap-2-g2hdhfc6tk\n");
    let c = kustomize(&f, "c").unwrap();
    assert!(c.contains("name: example-configmap-1-8mbdf7882g\n"), "{c}");
    assert!(
        c.contains("  application.properties: |\n    FOO=Bar\n"),
        "{c}"
    );
}

/// The prod overlay, exactly as `kubectl kustomize overlays/prod` prints it (the hash was
/// checked independently: sha256 of {"data":{…},"kind":"ConfigMap","name":"app-config"}).
const PROD: &str = "apiVersion: v1
kind: Namespace
metadata:
  name: demo-prod
---
apiVersion: v1
data:
  APP_ENV: prod
  LOG_LEVEL: warn
kind: ConfigMap
metadata:
  name: app-config-c7hf28bbk8
  labels:
    app.kubernetes.io/name: demo-app
  namespace: demo-prod
---
apiVersion: v1
kind: Service
metadata:
  name: demo-app
  labels:
    app.kubernetes.io/name: demo-app
  namespace: demo-prod
spec:
  selector:
    app: demo-app
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo-app
  labels:
    app.kubernetes.io/name: demo-app
  namespace: demo-prod
spec:
  replicas: 6
  selector:
    matchLabels:
      app: demo-app
  template:
    metadata:
      labels:
        app: demo-app
    spec:
      containers:
      - name: app
        image: sunaba/demo-app:2.0
        ports:
        - containerPort: 8080
        envFrom:
        - configMapRef:
            name: app-config-c7hf28bbk8
        readinessProbe:
          httpGet:
            path: /healthz
            port: 8080
          periodSeconds: 5
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            memory: 256Mi
";

#[test]
fn the_prod_overlay_builds_exactly() {
    assert_eq!(kustomize(&example(), "overlays/prod").unwrap(), PROD);
}

#[test]
fn test_and_staging_overlays_differ_only_where_they_say() {
    let f = example();
    let test = kustomize(&f, "overlays/test").unwrap();
    let staging = kustomize(&f, "overlays/staging").unwrap();
    for (out, env, hash, replicas) in [
        (&test, "test", "t5fhmh7g4g", 1),
        (&staging, "staging", "8k7d556g6k", 2),
    ] {
        assert!(
            out.starts_with(&format!(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo-{env}\n---\n"
            )),
            "{out}"
        );
        assert!(out.contains(&format!("  APP_ENV: {env}\n")), "{out}");
        assert_eq!(
            out.matches(&format!("app-config-{hash}")).count(),
            2,
            "{out}"
        );
        assert!(out.contains(&format!("  replicas: {replicas}\n")), "{out}");
        assert_eq!(
            out.matches(&format!("  namespace: demo-{env}\n")).count(),
            3,
            "{out}"
        );
        assert!(out.contains("image: sunaba/demo-app:1.0\n"), "{out}");
        assert!(out.contains("            memory: 128Mi\n"), "{out}");
    }
    assert!(test.contains("  LOG_LEVEL: debug\n"));
    assert!(staging.contains("  LOG_LEVEL: info\n"));
}

#[test]
fn the_base_builds_alone_with_its_own_hash() {
    let base = kustomize(&example(), "base").unwrap();
    assert!(base.contains("name: app-config-gf7f8cf45t\n"), "{base}");
    assert!(!base.contains("namespace:"), "{base}");
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.25\n        env:\n        - name: A\n          value: x\n        - name: P\n          valueFrom:\n            secretKeyRef:\n              name: db\n              key: PASSWORD\n      - name: side\n        image: busybox\n";

fn one(kustomization: &str, extra: &[(&str, &str)]) -> Result<String, String> {
    let mut entries = vec![
        ("k/kustomization.yaml", kustomization),
        ("k/d.yaml", DEPLOY),
    ];
    entries.extend_from_slice(extra);
    kustomize(&files(&entries), "k")
}

#[test]
fn name_prefix_and_suffix_rename_objects_and_the_references_to_secrets() {
    let out = one(
        "resources:\n- d.yaml\nnamePrefix: dev-\nnameSuffix: -v2\nsecretGenerator:\n- name: db\n  literals:\n  - PASSWORD=s3cr3t\n",
        &[],
    )
    .unwrap();
    assert!(out.contains("  name: dev-web-v2\n"), "{out}");
    let secret_name = out
        .lines()
        .find(|l| l.contains("name: dev-db-v2-"))
        .expect("a hashed secret name")
        .trim()
        .trim_start_matches("name: ")
        .to_string();
    assert!(
        out.contains(&format!("              name: {secret_name}\n")),
        "{out}"
    );
    let around: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.contains("PASSWORD"))
        .take(2)
        .collect();
    assert_eq!(around, ["  PASSWORD: czNjcjN0", "kind: Secret"], "{out}");
    assert!(
        out.starts_with("apiVersion: v1\ndata:\n  PASSWORD: czNjcjN0\nkind: Secret\n"),
        "Secret before Deployment: {out}"
    );
}

#[test]
fn disable_name_suffix_hash_keeps_the_name() {
    let out = one(
        "resources:\n- d.yaml\nconfigMapGenerator:\n- name: c\n  literals:\n  - K=\"a b\"\n  options:\n    disableNameSuffixHash: true\n",
        &[],
    )
    .unwrap();
    assert!(
        out.contains("  K: a b\nkind: ConfigMap\nmetadata:\n  name: c\n"),
        "{out}"
    );
}

#[test]
fn common_labels_reach_selectors_and_templates_but_plain_labels_do_not() {
    let common = one("resources:\n- d.yaml\ncommonLabels:\n  team: blue\n", &[]).unwrap();
    assert_eq!(common.matches("team: blue").count(), 3, "{common}");
    let plain = one(
        "resources:\n- d.yaml\nlabels:\n- pairs:\n    team: blue\n",
        &[],
    )
    .unwrap();
    assert_eq!(plain.matches("team: blue").count(), 1, "{plain}");
    let templates = one(
        "resources:\n- d.yaml\nlabels:\n- pairs:\n    team: blue\n  includeTemplates: true\n",
        &[],
    )
    .unwrap();
    assert_eq!(templates.matches("team: blue").count(), 2, "{templates}");
}

#[test]
fn images_change_name_tag_or_digest_of_matching_containers_only() {
    let out = one("resources:\n- d.yaml\nimages:\n- name: nginx\n  newName: registry.example/nginx\n  newTag: \"1.27\"\n", &[]).unwrap();
    assert!(
        out.contains("image: registry.example/nginx:1.27\n"),
        "{out}"
    );
    assert!(out.contains("image: busybox\n"), "{out}");
    let out = one(
        "resources:\n- d.yaml\nimages:\n- name: busybox\n  digest: sha256:abc\n",
        &[],
    )
    .unwrap();
    assert!(out.contains("image: busybox@sha256:abc\n"), "{out}");
}

#[test]
fn strategic_merge_patches_merge_containers_by_name_and_delete_with_patch_directive() {
    let patch = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        env:\n        - name: B\n          value: y\n      - name: side\n        $patch: delete\n";
    let out = one(
        "resources:\n- d.yaml\npatches:\n- path: p.yaml\n",
        &[("k/p.yaml", patch)],
    )
    .unwrap();
    assert!(
        out.contains("        - name: A\n          value: x\n"),
        "{out}"
    );
    // go-yaml v3 quotes YAML 1.1 booleans such as y.
    assert!(
        out.contains("        - name: B\n          value: \"y\"\n"),
        "{out}"
    );
    assert!(!out.contains("busybox"), "{out}");
    let legacy = one(
        "resources:\n- d.yaml\npatchesStrategicMerge:\n- p.yaml\n",
        &[("k/p.yaml", patch)],
    )
    .unwrap();
    assert_eq!(legacy, out);
}

#[test]
fn json6902_patches_add_replace_and_remove() {
    let k = "resources:\n- d.yaml\npatches:\n- target:\n    kind: Deployment\n    name: web\n  patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 3\n    - op: add\n      path: /metadata/annotations\n      value: {note: hi}\n    - op: remove\n      path: /spec/template/spec/containers/1\n";
    let out = one(k, &[]).unwrap();
    assert!(out.contains("  replicas: 3\n"), "{out}");
    assert!(out.contains("  annotations:\n    note: hi\n"), "{out}");
    assert!(!out.contains("busybox"), "{out}");
}

#[test]
fn a_bad_patch_path_is_reported_at_the_patch_entry() {
    let k = "resources:\n- d.yaml\npatches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: replace\n      path: /spec/replicass\n      value: 3\n";
    let e = one(k, &[]).unwrap_err();
    assert_eq!(
        e,
        "error: k/kustomization.yaml:4:3: failed to apply JSON patch to Deployment.v1.apps/web.[noNs]: replace operation does not apply: doc is missing path: \"/spec/replicass\": missing value"
    );
}

#[test]
fn a_missing_resource_is_located() {
    let e = one("resources:\n- d.yaml\n- nope.yaml\n", &[]).unwrap_err();
    assert!(e.starts_with("error: k/kustomization.yaml:3:3: accumulating resources: accumulation err='accumulating resources from 'nope.yaml': the path \"k/nope.yaml\" does not exist'"), "{e}");
    let e = kustomize(&files(&[]), "nowhere").unwrap_err();
    assert_eq!(e, "error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory 'nowhere'");
}

#[test]
fn a_cycle_between_kustomizations_is_refused() {
    let f = files(&[
        ("a/kustomization.yaml", "resources:\n- ../b\n"),
        ("b/kustomization.yaml", "resources:\n- ../a\n"),
    ]);
    let e = kustomize(&f, "a").unwrap_err();
    assert!(
        e.contains("cycle detected: candidate root 'a' contains visited root 'a'"),
        "{e}"
    );
    assert!(e.starts_with("error: a/kustomization.yaml:2:3: accumulating resources from '../b': b/kustomization.yaml:2:3: accumulating resources from '../a'"), "{e}");
}

#[test]
fn paths_may_not_escape_the_root_or_the_kustomization_directory() {
    let e = one("resources:\n- ../../../etc\n", &[]).unwrap_err();
    assert!(
        e.contains(
            "k/kustomization.yaml:2:3: accumulating resources: '../../etc' is outside the root"
        ),
        "{e}"
    );
    let f = files(&[
        ("app/kustomization.yaml", "resources:\n- ../shared/d.yaml\n"),
        ("shared/d.yaml", DEPLOY),
    ]);
    let e = kustomize(&f, "app").unwrap_err();
    assert!(
        e.contains("security; file 'shared/d.yaml' is not in or below 'app'"),
        "{e}"
    );
    // Through a `..` the command's own path climbs, the root is that far up.
    let f = files(&[
        ("../ex/base/kustomization.yaml", "resources:\n- d.yaml\n"),
        ("../ex/base/d.yaml", DEPLOY),
        ("../ex/prod/kustomization.yaml", "resources:\n- ../base\n"),
    ]);
    assert!(kustomize(&f, "../ex/prod").is_ok());
}

#[test]
fn unknown_and_unsimulated_fields_are_refused_where_they_are() {
    let e = one("resources:\n- d.yaml\nnamePrefx: a-\n", &[]).unwrap_err();
    assert_eq!(
        e,
        "error: k/kustomization.yaml:3:1: invalid Kustomization: json: unknown field \"namePrefx\""
    );
    let e = one("resources:\n- d.yaml\nvars: []\n", &[]).unwrap_err();
    assert!(e.contains("3:1: field \"vars\" is not simulated"), "{e}");
}

#[test]
fn generator_merge_needs_an_existing_object_and_literals_need_equals() {
    let e = one(
        "configMapGenerator:\n- name: c\n  behavior: merge\n  literals: [A=1]\n",
        &[],
    )
    .unwrap_err();
    assert!(
        e.contains("2:3: id ConfigMap.v1.[noGrp]/c.[noNs] does not exist"),
        "{e}"
    );
    let e = one("configMapGenerator:\n- name: c\n  literals: [A]\n", &[]).unwrap_err();
    assert!(
        e.contains("3:14: invalid literal source A, expected key=value"),
        "{e}"
    );
}

#[test]
fn env_files_and_secret_generators_hash_like_kustomize() {
    let out = one(
        "secretGenerator:\n- name: db\n  envs:\n  - db.env\n",
        &[("k/db.env", "# comment\nPASSWORD=s3cr3t\n\n")],
    )
    .unwrap();
    assert_eq!(
        out,
        "apiVersion: v1\ndata:\n  PASSWORD: czNjcjN0\nkind: Secret\nmetadata:\n  name: db-c7ccdm88gt\ntype: Opaque\n"
    );
}

/// Hostile inputs: errors, never panics, and always bounded.
#[test]
fn hostile_kustomizations_never_panic() {
    let mut cases: Vec<(String, String)> = vec![
        ("kustomization.yaml".into(), "[1, 2".into()),
        ("kustomization.yaml".into(), "- a\n- b\n".into()),
        ("kustomization.yaml".into(), "resources: 7\n".into()),
        ("kustomization.yaml".into(), "resources: [[]]\n".into()),
        (
            "kustomization.yaml".into(),
            "patches: [{patch: '- op: add\n  path: x'}]\n".into(),
        ),
        (
            "kustomization.yaml".into(),
            "patches: [{patch: '[{op: remove, path: /a/b/c/999}]', target: {kind: X}}]\n".into(),
        ),
        (
            "kustomization.yaml".into(),
            "images: [{}]\nreplicas: [{name: a, count: -1}]\n".into(),
        ),
        (
            "kustomization.yaml".into(),
            "configMapGenerator: [{name: c, files: [/etc/passwd]}]\n".into(),
        ),
        ("kustomization.yaml".into(), "resources: [.]\n".into()),
        ("kustomization.yaml".into(), "resources: ['']\n".into()),
        ("kustomization.yaml".into(), "namespace: {a: b}\n".into()),
        ("kustomization.yaml".into(), "commonLabels: {a: 1}\n".into()),
        ("kustomization.yaml".into(), "---\n---\n".into()),
        ("kustomization.yaml".into(), "a: &a [*a]\n".into()),
    ];
    // A chain deeper than the bound.
    let mut deep = MapFiles::default();
    for i in 0..40 {
        deep.0.insert(
            format!("d{i}/kustomization.yaml"),
            format!("resources:\n- ../d{}\n", i + 1),
        );
    }
    let e = kustomize(&deep, "d0").unwrap_err();
    assert!(e.contains("nested more than 16 deep"), "{e}");
    // Byte-level noise.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..200 {
        let mut s = String::new();
        for _ in 0..64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(
                b"resources:- \n[]{}:'\"&*!|>%@`patchesopaddpath/~01"[(seed % 44) as usize] as char,
            );
        }
        cases.push(("kustomization.yaml".into(), s));
    }
    for (name, text) in cases {
        let f = files(&[(&name, &text)]);
        let _ = kustomize(&f, ".");
    }
}

#[test]
fn apply_k_creates_the_overlay_and_its_pods_start_with_the_generated_config() {
    let f = example();
    let mut w = World::new(7);
    let out = sunaba_core::run(&mut w, "kubectl apply -k overlays/staging", &f).unwrap();
    assert_eq!(
        out,
        "namespace/demo-staging created\nconfigmap/app-config-8k7d556g6k created\nservice/demo-app created\ndeployment.apps/demo-app created\n"
    );
    w.advance_to(60_000);
    let pods = sunaba_core::run(&mut w, "kubectl get pods -n demo-staging", &f).unwrap();
    assert_eq!(
        pods.lines()
            .filter(|l| l.contains("1/1     Running"))
            .count(),
        2,
        "{pods}"
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get cm -n demo-staging", &f).unwrap(),
        "NAME                    DATA   AGE\napp-config-8k7d556g6k   2      60s\n"
    );
    let again = sunaba_core::run(&mut w, "kubectl apply -k overlays/staging", &f).unwrap();
    assert!(
        again.contains("deployment.apps/demo-app unchanged"),
        "{again}"
    );
    let gone = sunaba_core::run(&mut w, "kubectl delete -k overlays/staging", &f).unwrap();
    assert!(
        gone.starts_with("namespace \"demo-staging\" deleted\n"),
        "{gone}"
    );
}
