//! Accounts, clusters, contexts and environments: kubeconfig commands worded like kubectl's,
//! clusters that run side by side on one clock, ECR registries per account with cross-account
//! pulls refused until a repository policy allows them, and environments created, deleted and
//! moved between accounts — touching exactly their own objects.

use crate::common;

use sunaba_core::sim::registry::{ImageRef, Registry};
use sunaba_core::{MapFiles, World};

/// The files of `www/examples/kustomize/`, keyed by their path below it.
fn example() -> MapFiles {
    common::example_files("kustomize")
}

fn run(w: &mut World, line: &str) -> String {
    sunaba_core::run(w, line, &example()).unwrap_or_else(|e| panic!("{line}: {}", e.message))
}

fn fails(w: &mut World, line: &str) -> String {
    match sunaba_core::run(w, line, &example()) {
        Ok(out) => panic!("{line} should fail, printed:\n{out}"),
        Err(e) => e.message,
    }
}

/// A world with a second account (`prod`, 222222222222) and a cluster in it.
fn two_accounts() -> World {
    let mut w = World::new(7);
    run(&mut w, "sim account create prod");
    run(
        &mut w,
        "sim cluster create prod-cluster --account prod --nodes 2",
    );
    w
}

#[test]
fn contexts_are_listed_and_switched_like_kubectl() {
    let mut w = World::new(1);
    assert_eq!(
        run(&mut w, "kubectl config get-contexts"),
        "CURRENT   NAME     CLUSTER   AUTHINFO   NAMESPACE\n*         sunaba   sunaba    sunaba\n"
    );
    let out = run(&mut w, "sim account create prod");
    assert_eq!(
        out,
        "account \"prod\" created: id 111111111111, region us-east-1, registry 111111111111.dkr.ecr.us-east-1.amazonaws.com\n"
    );
    let out = run(
        &mut w,
        "sim cluster create prod-cluster --account prod --nodes 2",
    );
    assert!(
        out.contains("cluster \"prod-cluster\" created in account prod ("),
        "{out}"
    );
    assert_eq!(
        run(&mut w, "kubectl config get-contexts -o name"),
        "prod-cluster\nsunaba\n"
    );
    assert_eq!(
        fails(&mut w, "kubectl config use-context nope"),
        "error: no context exists with the name: \"nope\""
    );
    assert_eq!(
        fails(&mut w, "kubectl get pods --context nope"),
        "error: context \"nope\" does not exist"
    );
    // Each cluster has its own nodes.
    assert_eq!(run(&mut w, "kubectl get nodes -o name").lines().count(), 3);
    assert_eq!(
        run(&mut w, "kubectl --context prod-cluster get nodes -o name")
            .lines()
            .count(),
        2
    );
    assert_eq!(
        run(&mut w, "kubectl config use-context prod-cluster"),
        "Switched to context \"prod-cluster\".\n"
    );
    assert_eq!(
        run(&mut w, "kubectl config current-context"),
        "prod-cluster\n"
    );
    assert_eq!(run(&mut w, "kubectl get nodes -o name").lines().count(), 2);
    assert_eq!(w.active().cluster_view().nodes.len(), 2);
    // Bad names and ids are refused with their reason.
    assert!(fails(&mut w, "sim account create Bad_Name").contains("invalid account name"));
    assert!(fails(&mut w, "sim account create x --id 12").contains("12 digits"));
    assert!(fails(&mut w, "sim cluster create c --account nobody").contains("no account"));
    assert!(fails(&mut w, "sim cluster delete sunaba").contains("home cluster"));
}

#[test]
fn clusters_share_the_clock_and_heal_on_their_own() {
    let mut w = two_accounts();
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n";
    let mut files = example();
    files.0.insert("web.yaml".into(), deployment.into());
    sunaba_core::run(
        &mut w,
        "kubectl --context prod-cluster apply -f web.yaml",
        &files,
    )
    .unwrap();
    run(&mut w, "sim wait 30s");
    let prod = run(&mut w, "kubectl --context prod-cluster get deployments");
    assert!(prod.contains("web    2/2"), "{prod}");
    // The home cluster has none of it.
    assert_eq!(
        fails(&mut w, "kubectl get deployment web"),
        "Error from server (NotFound): deployments.apps \"web\" not found"
    );
    // A crash in the other cluster is healed by that cluster's own kubelet.
    run(&mut w, "kubectl config use-context prod-cluster");
    let pod = run(&mut w, "kubectl get pods -o name")
        .lines()
        .next()
        .unwrap()
        .trim_start_matches("pod/")
        .to_string();
    run(&mut w, &format!("sim crash {pod} 1"));
    run(&mut w, "sim wait 20s");
    let pods = run(&mut w, "kubectl get pods");
    assert!(pods.contains("Running   1 "), "{pods}");
    assert_eq!(w.active().now_ms(), w.now_ms());
}

/// Puts the demo app into `shop:1.0` of an account's ECR (what `docker push` does).
fn push_demo_app(w: &mut World, registry: &str) {
    let info = Registry::default_catalog()
        .lookup(&ImageRef::parse("sunaba/demo-app:1.0"))
        .cloned()
        .unwrap();
    w.push_image(&ImageRef::parse(&format!("{registry}/shop:1.0")), info)
        .unwrap();
}

#[test]
fn a_cross_account_pull_is_forbidden_until_the_repository_policy_allows_it() {
    let mut w = two_accounts();
    let sandbox = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
    // No repository yet: ECR's own words.
    let e = w
        .push_image(
            &ImageRef::parse(&format!("{sandbox}/shop:1.0")),
            Registry::default_catalog()
                .lookup(&ImageRef::parse("busybox"))
                .cloned()
                .unwrap(),
        )
        .unwrap_err();
    assert_eq!(e.message, "name unknown: The repository with name 'shop' does not exist in the registry with id '123456789012'");
    let out = run(&mut w, "aws ecr create-repository --repository-name shop");
    // The AWS CLI's JSON: 4-space indent, times as Python's isoformat() prints them.
    assert!(
        out.starts_with("{\n    \"repository\": {\n        \"repositoryArn\": ")
            && out.contains(&format!("\"repositoryUri\": \"{sandbox}/shop\""))
            && out.contains("\"createdAt\": \"2026-11-28T10:00:00+00:00\""),
        "{out}"
    );
    push_demo_app(&mut w, sandbox);
    let pod = format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: shop\nspec:\n  containers:\n  - name: shop\n    image: {sandbox}/shop:1.0\n");
    let mut files = example();
    files.0.insert("shop.yaml".into(), pod);
    // Same account: pulls.
    sunaba_core::run(&mut w, "kubectl apply -f shop.yaml", &files).unwrap();
    // The prod account's cluster: 403 from ECR, ImagePullBackOff.
    sunaba_core::run(
        &mut w,
        "kubectl --context prod-cluster apply -f shop.yaml",
        &files,
    )
    .unwrap();
    run(&mut w, "sim wait 10s");
    assert!(run(&mut w, "kubectl get pod shop").contains("Running"));
    let prod = run(&mut w, "kubectl --context prod-cluster get pod shop");
    assert_eq!(
        common::column(&prod, "STATUS"),
        ["ImagePullBackOff"],
        "at 10s\n{prod}"
    );
    let described = run(&mut w, "kubectl --context prod-cluster describe pod shop");
    assert!(
        described.contains(&format!("unexpected status from HEAD request to https://{sandbox}/v2/shop/manifests/1.0: 403 Forbidden")),
        "{described}"
    );
    // The owner grants the prod account; the back-off retry then pulls.
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"AllowProdPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}"#;
    let prod_id = w
        .cloud()
        .accounts
        .values()
        .find(|a| a.name == "prod")
        .unwrap()
        .id
        .clone();
    let policy = policy.replace("222222222222", &prod_id);
    let mut files = example();
    files.0.insert("policy.json".into(), policy);
    sunaba_core::run(
        &mut w,
        "aws ecr set-repository-policy --repository-name shop --policy-text file://policy.json",
        &files,
    )
    .unwrap();
    run(&mut w, "sim wait 5m");
    let prod = run(&mut w, "kubectl --context prod-cluster get pod shop");
    assert!(prod.contains("Running"), "{prod}");
}

/// Names of every object in a namespace of a cluster, for before/after comparisons.
fn objects(w: &mut World, context: &str) -> String {
    ["deployments", "services", "configmaps", "namespaces"]
        .iter()
        .map(|kind| {
            run(
                w,
                &format!("kubectl --context {context} get {kind} -A -o name"),
            )
        })
        .collect()
}

#[test]
fn an_environment_is_created_deleted_and_moved_with_exactly_its_objects() {
    let mut w = two_accounts();
    run(&mut w, "kubectl apply -k overlays/staging");
    run(&mut w, "sim wait 30s");
    let before = objects(&mut w, "sunaba");
    let pods_before = run(&mut w, "kubectl get pods -n demo-staging -o name");

    let out = run(&mut w, "sim env create pr-42 --from overlays/staging");
    assert!(out.contains("namespace: pr-42"), "{out}");
    assert!(
        out.contains("apply -k .sunaba/environments/sunaba/pr-42"),
        "{out}"
    );
    assert!(out.contains("deployment.apps/demo-app created"), "{out}");
    run(&mut w, "sim wait 30s");
    // The staging overlay's 2 replicas, in the new namespace; staging untouched.
    let deps = run(&mut w, "kubectl get deployments -n pr-42");
    assert!(deps.contains("demo-app   2/2"), "{deps}");
    assert_eq!(
        run(&mut w, "kubectl get pods -n demo-staging -o name"),
        pods_before
    );
    let envs = run(&mut w, "sim envs");
    assert!(envs.contains("pr-42"), "{envs}");
    assert!(envs.contains("2/2"), "{envs}");

    // Moving: first the same overlay through the prod account's context…
    let out = run(&mut w, "sim env move pr-42 --to prod-cluster");
    assert!(out.contains("--context prod-cluster apply -k"), "{out}");
    run(&mut w, "sim wait 30s");
    let there = run(
        &mut w,
        "kubectl --context prod-cluster get deployments -n pr-42",
    );
    assert!(there.contains("demo-app   2/2"), "{there}");
    // …then the old one is gone, and everything else is as it was.
    assert_eq!(
        fails(&mut w, "kubectl get namespace pr-42"),
        "Error from server (NotFound): namespaces \"pr-42\" not found"
    );
    assert_eq!(objects(&mut w, "sunaba"), before);
    assert_eq!(
        run(&mut w, "kubectl get pods -n demo-staging -o name"),
        pods_before
    );

    // Deleting it removes exactly what it created.
    let prod_before = run(
        &mut w,
        "kubectl --context prod-cluster get namespaces -o name",
    );
    assert!(prod_before.contains("namespace/pr-42"));
    run(&mut w, "sim env delete pr-42");
    run(&mut w, "sim wait 60s");
    let prod_after = run(
        &mut w,
        "kubectl --context prod-cluster get namespaces -o name",
    );
    assert_eq!(prod_after, prod_before.replace("namespace/pr-42\n", ""));
    assert_eq!(
        run(&mut w, "kubectl --context prod-cluster get pods -A -o name"),
        "No resources found\n"
    );
    assert!(!run(&mut w, "sim envs").contains("pr-42"));
    // Refusals.
    assert!(fails(
        &mut w,
        "sim env create demo-staging --from overlays/staging"
    )
    .contains("namespaces \"demo-staging\" already exists"));
    assert!(fails(&mut w, "sim env create x --from nowhere").contains("nowhere"));
    assert!(fails(&mut w, "sim env delete pr-42").contains("not found"));
}
