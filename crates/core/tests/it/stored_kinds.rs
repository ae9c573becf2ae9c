//! Kinds Sunaba stores without running them (Ingress, HorizontalPodAutoscaler, RBAC, …):
//! `apply` stores them and says plainly that nothing acts on them — never kubectl's empty-file
//! error — and `get`, `describe`, `-o yaml`, `create` and `delete` see them as the API server
//! would.

use expect_test::expect;
use sunaba_core::{run, MapFiles, World};

const FILE: &str = include_str!("stored_kinds.yaml");

fn files() -> MapFiles {
    MapFiles(
        [
            ("kinds.yaml", FILE),
            ("empty.yaml", "# nothing\n"),
            (
                "bad.yaml",
                "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: Bad_Name\n",
            ),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect(),
    )
}

fn sh(w: &mut World, line: &str) -> String {
    match run(w, line, &files()) {
        Ok(out) => out,
        Err(e) => format!("error: {}\n", e.message),
    }
}

#[test]
fn stored_kinds_are_applied_listed_and_deleted_with_a_plain_note() {
    let mut w = World::new(1);
    let mut out = String::new();
    for line in [
        "kubectl apply -f kinds.yaml",
        "kubectl apply -f kinds.yaml",
        "kubectl get ingress",
        "kubectl get hpa",
        "kubectl get clusterroles",
        "kubectl get sa,netpol,pdb",
        "kubectl get ing -A",
        "kubectl get ingresses.networking.k8s.io minimal-ingress -o name",
        "kubectl get ing nope",
        "kubectl create -f kinds.yaml",
        "kubectl delete -f kinds.yaml",
        "kubectl get ing",
        "kubectl get clusterrole",
        "kubectl apply -f empty.yaml",
        "kubectl apply -f bad.yaml",
    ] {
        out.push_str(&format!("$ {line}\n{}", sh(&mut w, line)));
    }
    expect![[r#"
        $ kubectl apply -f kinds.yaml
        Warning: kinds.yaml:2:7: Ingress "minimal-ingress" is stored, but Sunaba does not simulate Ingress objects: nothing acts on it
        Warning: kinds.yaml:21:7: HorizontalPodAutoscaler "php-apache" is stored, but Sunaba does not simulate HorizontalPodAutoscaler objects: nothing acts on it
        Warning: kinds.yaml:40:7: ClusterRole "secret-reader" is stored, but Sunaba does not simulate ClusterRole objects: nothing acts on it
        Warning: kinds.yaml:49:7: ServiceAccount "build-robot" is stored, but Sunaba does not simulate ServiceAccount objects: nothing acts on it
        Warning: kinds.yaml:54:7: NetworkPolicy "test-network-policy" is stored, but Sunaba does not simulate NetworkPolicy objects: nothing acts on it
        Warning: kinds.yaml:65:7: PodDisruptionBudget "zk-pdb" is stored, but Sunaba does not simulate PodDisruptionBudget objects: nothing acts on it
        ingress.networking.k8s.io/minimal-ingress created
        horizontalpodautoscaler.autoscaling/php-apache created
        clusterrole.rbac.authorization.k8s.io/secret-reader created
        serviceaccount/build-robot created
        networkpolicy.networking.k8s.io/test-network-policy created
        poddisruptionbudget.policy/zk-pdb created
        $ kubectl apply -f kinds.yaml
        Warning: kinds.yaml:2:7: Ingress "minimal-ingress" is stored, but Sunaba does not simulate Ingress objects: nothing acts on it
        Warning: kinds.yaml:21:7: HorizontalPodAutoscaler "php-apache" is stored, but Sunaba does not simulate HorizontalPodAutoscaler objects: nothing acts on it
        Warning: kinds.yaml:40:7: ClusterRole "secret-reader" is stored, but Sunaba does not simulate ClusterRole objects: nothing acts on it
        Warning: kinds.yaml:49:7: ServiceAccount "build-robot" is stored, but Sunaba does not simulate ServiceAccount objects: nothing acts on it
        Warning: kinds.yaml:54:7: NetworkPolicy "test-network-policy" is stored, but Sunaba does not simulate NetworkPolicy objects: nothing acts on it
        Warning: kinds.yaml:65:7: PodDisruptionBudget "zk-pdb" is stored, but Sunaba does not simulate PodDisruptionBudget objects: nothing acts on it
        ingress.networking.k8s.io/minimal-ingress unchanged
        horizontalpodautoscaler.autoscaling/php-apache unchanged
        clusterrole.rbac.authorization.k8s.io/secret-reader unchanged
        serviceaccount/build-robot unchanged
        networkpolicy.networking.k8s.io/test-network-policy unchanged
        poddisruptionbudget.policy/zk-pdb unchanged
        $ kubectl get ingress
        NAME              CLASS           HOSTS   ADDRESS   PORTS   AGE
        minimal-ingress   nginx-example   *                 80      0s
        $ kubectl get hpa
        NAME         REFERENCE               TARGETS              MINPODS   MAXPODS   REPLICAS   AGE
        php-apache   Deployment/php-apache   cpu: <unknown>/50%   1         10        0          0s
        $ kubectl get clusterroles
        NAME            CREATED AT
        secret-reader   2026-11-28T10:00:00Z
        $ kubectl get sa,netpol,pdb
        NAME                         SECRETS   AGE
        serviceaccount/build-robot   0         0s

        NAME                                                  POD-SELECTOR   AGE
        networkpolicy.networking.k8s.io/test-network-policy   role=db        0s

        NAME                                MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE
        poddisruptionbudget.policy/zk-pdb   2               N/A               0                     0s
        $ kubectl get ing -A
        NAMESPACE   NAME              CLASS           HOSTS   ADDRESS   PORTS   AGE
        default     minimal-ingress   nginx-example   *                 80      0s
        $ kubectl get ingresses.networking.k8s.io minimal-ingress -o name
        ingress.networking.k8s.io/minimal-ingress
        $ kubectl get ing nope
        error: Error from server (NotFound): ingresses.networking.k8s.io "nope" not found
        $ kubectl create -f kinds.yaml
        error: Warning: kinds.yaml:2:7: Ingress "minimal-ingress" is stored, but Sunaba does not simulate Ingress objects: nothing acts on it
        Warning: kinds.yaml:21:7: HorizontalPodAutoscaler "php-apache" is stored, but Sunaba does not simulate HorizontalPodAutoscaler objects: nothing acts on it
        Warning: kinds.yaml:40:7: ClusterRole "secret-reader" is stored, but Sunaba does not simulate ClusterRole objects: nothing acts on it
        Warning: kinds.yaml:49:7: ServiceAccount "build-robot" is stored, but Sunaba does not simulate ServiceAccount objects: nothing acts on it
        Warning: kinds.yaml:54:7: NetworkPolicy "test-network-policy" is stored, but Sunaba does not simulate NetworkPolicy objects: nothing acts on it
        Warning: kinds.yaml:65:7: PodDisruptionBudget "zk-pdb" is stored, but Sunaba does not simulate PodDisruptionBudget objects: nothing acts on it
        Error from server (AlreadyExists): error when creating "kinds.yaml": ingresses.networking.k8s.io "minimal-ingress" already exists
        Error from server (AlreadyExists): error when creating "kinds.yaml": horizontalpodautoscalers.autoscaling "php-apache" already exists
        Error from server (AlreadyExists): error when creating "kinds.yaml": clusterroles.rbac.authorization.k8s.io "secret-reader" already exists
        Error from server (AlreadyExists): error when creating "kinds.yaml": serviceaccounts "build-robot" already exists
        Error from server (AlreadyExists): error when creating "kinds.yaml": networkpolicies.networking.k8s.io "test-network-policy" already exists
        Error from server (AlreadyExists): error when creating "kinds.yaml": poddisruptionbudgets.policy "zk-pdb" already exists
        $ kubectl delete -f kinds.yaml
        ingress.networking.k8s.io "minimal-ingress" deleted
        horizontalpodautoscaler.autoscaling "php-apache" deleted
        clusterrole.rbac.authorization.k8s.io "secret-reader" deleted
        serviceaccount "build-robot" deleted
        networkpolicy.networking.k8s.io "test-network-policy" deleted
        poddisruptionbudget.policy "zk-pdb" deleted
        $ kubectl get ing
        No resources found in default namespace.
        $ kubectl get clusterrole
        No resources found
        $ kubectl apply -f empty.yaml
        error: empty.yaml:1:1: error: no objects passed to apply (the file has no YAML or JSON documents)
        $ kubectl apply -f bad.yaml
        error: bad.yaml:4:9: error: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
    "#]]
    .assert_eq(&out);
}

#[test]
fn a_stored_object_shows_as_written_in_yaml_and_describe() {
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f kinds.yaml", &files()).unwrap();
    let yaml = run(&mut w, "kubectl get ing minimal-ingress -o yaml", &files()).unwrap();
    expect![[r#"
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          annotations:
            nginx.ingress.kubernetes.io/rewrite-target: /
          creationTimestamp: "2026-11-28T10:00:00Z"
          name: minimal-ingress
          namespace: default
          resourceVersion: "8"
          uid: db51d062-deef-4483-a336-c550332b3e7f
        spec:
          ingressClassName: nginx-example
          rules:
          - http:
              paths:
              - backend:
                  service:
                    name: test
                    port:
                      number: 80
                path: /testpath
                pathType: Prefix
    "#]]
    .assert_eq(&yaml);
    let describe = run(&mut w, "kubectl describe hpa php-apache", &files()).unwrap();
    expect![[r#"
        Name:         php-apache
        Namespace:    default
        Labels:       <none>
        Annotations:  <none>
        spec:
          scaleTargetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: php-apache
          minReplicas: 1
          maxReplicas: 10
          metrics:
          - type: Resource
            resource:
              name: cpu
              target:
                type: Utilization
                averageUtilization: 50
        Events:       <none>

        Note: Sunaba stores HorizontalPodAutoscaler objects but does not run them: nothing acts on php-apache.
    "#]]
    .assert_eq(&describe);
}

#[test]
fn deleting_a_namespace_deletes_its_stored_objects_but_not_cluster_scoped_ones() {
    let mut w = World::new(1);
    run(&mut w, "kubectl create namespace shop", &files()).unwrap();
    run(&mut w, "kubectl apply -f kinds.yaml -n shop", &files()).unwrap();
    assert!(run(&mut w, "kubectl get ing -n shop", &files())
        .unwrap()
        .contains("minimal-ingress"));
    run(&mut w, "kubectl delete namespace shop", &files()).unwrap();
    run(&mut w, "sim wait 10s", &files()).unwrap();
    assert_eq!(
        run(&mut w, "kubectl get ing -A", &files()).unwrap(),
        "No resources found\n"
    );
    assert!(run(&mut w, "kubectl get clusterroles", &files())
        .unwrap()
        .contains("secret-reader"));
}
