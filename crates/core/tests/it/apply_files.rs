//! `kubectl apply|delete` with several `-f`, and with a directory: every file, in order, as the
//! tutorials type it (`kubectl apply -f a.yaml -f b.yaml`, `kubectl apply -f manifests/`).

use sunaba_core::{run, MapFiles, World};

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n";
const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n";
const CM: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: prod\n";

fn files() -> MapFiles {
    MapFiles(
        [
            ("web.yaml", WEB),
            ("svc.yaml", SVC),
            ("app/web.yaml", WEB),
            ("app/svc.yml", SVC),
            ("app/settings.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"settings\"}, \"data\": {\"mode\": \"prod\"}}"),
            ("app/README.md", "not a manifest"),
            ("app/deeper/cm.yaml", CM),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect(),
    )
}

#[test]
fn every_f_is_applied_in_the_order_given_and_deleted_the_same_way() {
    let mut w = World::new(1);
    let out = run(&mut w, "kubectl apply -f web.yaml -f svc.yaml", &files()).unwrap();
    assert_eq!(out, "deployment.apps/web created\nservice/web created\n");
    let out = run(&mut w, "kubectl apply -f svc.yaml -f web.yaml", &files()).unwrap();
    assert_eq!(
        out,
        "service/web unchanged\ndeployment.apps/web unchanged\n"
    );
    let out = run(&mut w, "kubectl delete -f web.yaml -f svc.yaml", &files()).unwrap();
    assert_eq!(
        out,
        "deployment.apps \"web\" deleted\nservice \"web\" deleted\n"
    );
}

#[test]
fn a_directory_applies_its_manifests_in_name_order_and_not_its_subdirectories() {
    let mut w = World::new(1);
    let out = run(&mut w, "kubectl apply -f app/", &files()).unwrap();
    assert_eq!(
        out,
        "configmap/settings created\nservice/web created\ndeployment.apps/web created\n"
    );
    let e = run(&mut w, "kubectl apply -f web.yaml -f nope.yaml", &files()).unwrap_err();
    assert_eq!(e.message, "error: the path \"nope.yaml\" does not exist");
    let e = run(&mut w, "kubectl apply -f web.yaml -k app", &files()).unwrap_err();
    assert_eq!(e.message, "error: only one of -f or -k can be specified");
}

/// The images the official tutorials name pull and run, from the registries the docs use.
#[test]
fn the_tutorials_images_pull_and_run() {
    for (image, command) in [
        ("busybox:1.28", "[\"sh\", \"-c\", \"echo ok; sleep 3600\"]"),
        (
            "registry.k8s.io/busybox",
            "[\"sh\", \"-c\", \"sleep 3600\"]",
        ),
        ("alpine", "[\"sh\", \"-c\", \"sleep 3600\"]"),
        ("public.ecr.aws/docker/library/httpd:latest", "null"),
        ("gcr.io/google-samples/kubernetes-bootcamp:v1", "null"),
    ] {
        let pod = format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\nspec:\n  containers:\n    - name: t\n      image: {image}\n      command: {command}\n"
        );
        let files = MapFiles([("t.yaml".to_string(), pod)].into());
        let mut w = World::new(1);
        run(&mut w, "kubectl apply -f t.yaml", &files).unwrap();
        run(&mut w, "sim wait 2m", &files).unwrap();
        let out = run(&mut w, "kubectl get pod t", &files).unwrap();
        assert!(out.contains("Running"), "{image}:\n{out}");
    }
    // A typo of a known image still fails as the registry would.
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\nspec:\n  containers:\n    - name: t\n      image: busybox:1.2800\n";
    let files = MapFiles([("t.yaml".to_string(), pod.to_string())].into());
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f t.yaml", &files).unwrap();
    run(&mut w, "sim wait 1m", &files).unwrap();
    let out = run(&mut w, "kubectl get pod t", &files).unwrap();
    assert!(
        out.contains("ImagePullBackOff") || out.contains("ErrImagePull"),
        "{out}"
    );
}

/// The API server refuses a Deployment whose selector changed (immutable in apps/v1), in its
/// words; the Deployment keeps running as it was.
#[test]
fn a_changed_deployment_selector_is_refused_as_immutable() {
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f web.yaml", &files()).unwrap();
    let changed = WEB
        .replace("matchLabels: {app: web}", "matchLabels: {app: web2}")
        .replace("labels: {app: web}", "labels: {app: web2}");
    let files = MapFiles([("web.yaml".to_string(), changed)].into());
    let e = run(&mut w, "kubectl apply -f web.yaml", &files).unwrap_err();
    assert_eq!(
        e.message,
        "The Deployment \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"
    );
    let out = run(&mut w, "kubectl get deployment web -o wide", &files).unwrap();
    assert!(out.contains("app=web"), "{out}");
}

/// `kubectl logs deploy/NAME` reads one of its pods, as kubectl picks it, and says which.
#[test]
fn logs_of_a_deployment_read_one_of_its_pods() {
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f web.yaml", &files()).unwrap();
    run(&mut w, "sim wait 1m", &files()).unwrap();
    let out = run(&mut w, "kubectl logs deploy/web", &files()).unwrap();
    let first = out.lines().next().unwrap_or_default();
    assert!(first.starts_with("Found 2 pods, using pod/web-"), "{out}");
    let pod = first.rsplit("pod/").next().unwrap();
    let direct = run(&mut w, &format!("kubectl logs {pod}"), &files()).unwrap();
    assert_eq!(out, format!("{first}\n{direct}"));
    let e = run(&mut w, "kubectl logs deployment/nope", &files()).unwrap_err();
    assert_eq!(
        e.message,
        "Error from server (NotFound): deployments.apps \"nope\" not found"
    );
}

/// An image the registry lacks fails to pull as a registry would — a typo of a known image
/// must — and `sim why` says which case it is: a tag, a typo, or an image Sunaba does not carry.
#[test]
fn sim_why_tells_a_missing_tag_a_typo_and_an_image_sunaba_does_not_carry_apart() {
    let mut w = World::new(1);
    for (name, image) in [
        ("tag", "nginx:1.99"),
        ("typo", "ngnix:1.27"),
        ("other", "mongo:7.0"),
    ] {
        run(
            &mut w,
            &format!("kubectl run {name} --image={image}"),
            &files(),
        )
        .unwrap();
    }
    run(&mut w, "sim wait 30s", &files()).unwrap();
    let pods = run(&mut w, "kubectl get pods", &files()).unwrap();
    assert_eq!(
        pods.matches("ImagePullBackOff").count() + pods.matches("ErrImagePull").count(),
        3,
        "{pods}"
    );
    let why = run(&mut w, "sim why", &files()).unwrap();
    for expected in [
        "pod/tag [image-tag-missing]",
        "the registry has no tag nginx:1.99. Its repository has the tags 1.14.2,",
        "pod/typo [image-typo]",
        "no image is called ngnix:1.27. Did you mean nginx?",
        "pod/other [image-not-carried]",
        "Sunaba's simulated registry does not carry mongo:7.0",
    ] {
        assert!(why.contains(expected), "{expected:?} not in:\n{why}");
    }
}
