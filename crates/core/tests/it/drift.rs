//! Drift: the cluster no longer runs what a definition file declares (`world::drift`).

use sunaba_core::world::drift::{drift, take_live, DriftField};
use sunaba_core::{MapFiles, World};

const WEB: &str = "# the shop's front end\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: \"nginx:1.27\"\n";

fn applied(text: &str) -> World {
    let mut w = World::new(1);
    let files = MapFiles([("web.yaml".to_string(), text.to_string())].into());
    sunaba_core::run(&mut w, "kubectl apply -f web.yaml", &files).unwrap();
    w
}

fn run(w: &mut World, line: &str) {
    sunaba_core::run(w, line, &MapFiles::default()).unwrap();
}

#[test]
fn an_applied_file_does_not_drift_and_a_file_never_applied_neither() {
    let w = applied(WEB);
    assert_eq!(drift(&w, WEB), vec![]);
    assert_eq!(drift(&World::new(1), WEB), vec![]);
    assert_eq!(take_live(&w, WEB), WEB);
}

#[test]
fn set_image_and_scale_are_drift_and_taking_the_clusters_version_keeps_the_rest() {
    let mut w = applied(WEB);
    run(&mut w, "kubectl set image deployment/web web=nginx:1.26");
    run(&mut w, "kubectl scale deployment/web --replicas=5");
    let d = drift(&w, WEB);
    assert_eq!(
        d.iter()
            .map(|x| (x.field.clone(), x.declared.as_str(), x.live.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (DriftField::Replicas, "3", "5"),
            (
                DriftField::Image {
                    container: "web".into()
                },
                "nginx:1.27",
                "nginx:1.26"
            ),
        ]
    );
    let taken = take_live(&w, WEB);
    assert_eq!(
        taken,
        WEB.replace("replicas: 3", "replicas: 5")
            .replace("\"nginx:1.27\"", "\"nginx:1.26\"")
    );
    assert_eq!(drift(&w, &taken), vec![]);
}

#[test]
fn a_file_that_leaves_replicas_out_gets_the_clusters_count_added() {
    let text = WEB.replace("  replicas: 3\n", "");
    let mut w = applied(&text);
    assert_eq!(drift(&w, &text), vec![], "1 by default on both sides");
    run(&mut w, "kubectl scale deployment/web --replicas=2");
    let taken = take_live(&w, &text);
    assert!(
        taken.contains("spec:\n  replicas: 2\n  selector:"),
        "{taken}"
    );
    assert_eq!(drift(&w, &taken), vec![]);
}

#[test]
fn broken_or_hostile_text_is_no_drift_and_never_a_panic() {
    let w = applied(WEB);
    for text in [
        "",
        "{",
        "kind: Deployment",
        "kind: Deployment\nmetadata: 3\n",
        "- a\n- b\n",
        "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: 9}\n",
    ] {
        let _ = drift(&w, text);
        let _ = take_live(&w, text);
    }
    let flow = "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: 9}\n";
    assert_eq!(drift(&w, flow).len(), 1);
    assert_eq!(take_live(&w, flow), flow.replace("9", "3"));
}
