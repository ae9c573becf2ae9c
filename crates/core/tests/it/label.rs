//! `kubectl label` and `kubectl annotate`: their output and errors in kubectl's words, and what
//! a relabelled pod does to its ReplicaSet and to a Service's endpoints.

use expect_test::{expect, Expect};
use sunaba_core::{MapFiles, World};

/// Runs each line in one world (seed 7) and prints the transcript: `$ line`, then what the
/// tool says, errors too. The invariants hold after every line.
pub(crate) fn transcript_with(f: &MapFiles, lines: &[&str], want: Expect) -> World {
    let mut w = World::new(7);
    let mut out = String::new();
    for line in lines {
        out.push_str(&format!("$ {line}\n"));
        match sunaba_core::run(&mut w, line, f) {
            Ok(s) => out.push_str(&s),
            Err(e) => {
                out.push_str(&e.to_string());
                out.push('\n');
            }
        }
        w.check_invariants().unwrap();
    }
    want.assert_eq(&out);
    w
}

pub(crate) fn transcript(lines: &[&str], want: Expect) -> World {
    transcript_with(&MapFiles::default(), lines, want)
}

#[test]
fn label_sets_overwrites_and_removes_in_kubectls_words() {
    transcript(
        &[
            "kubectl run web --image=nginx --labels=app=web",
            "kubectl label pods web version=v1",
            "kubectl label pods web version=v2",
            "kubectl label pods web version=v1",
            "kubectl label --overwrite pods web version=v2",
            "kubectl label pod/web version- tier=front",
            "kubectl label pod/web tier-",
            "kubectl label pods web tier-",
            "kubectl get pods -l version=v2",
            "kubectl label pods web 'bad key=x'",
            "kubectl label pods web example.com/=x",
            "kubectl label pods web k=bad/value",
            "kubectl label pods web a=b=c",
            "kubectl label pods web a=1 a-",
            "kubectl label pods web",
            "kubectl label pods nope a=1",
            "kubectl label pods --all -l app=web a=1",
            "kubectl label pods a=1",
        ],
        expect![[r#"
            $ kubectl run web --image=nginx --labels=app=web
            pod/web created
            $ kubectl label pods web version=v1
            pod/web labeled
            $ kubectl label pods web version=v2
            error: 'version' already has a value (v1), and --overwrite is false
            $ kubectl label pods web version=v1
            pod/web not labeled
            $ kubectl label --overwrite pods web version=v2
            pod/web labeled
            $ kubectl label pod/web version- tier=front
            pod/web modified
            $ kubectl label pod/web tier-
            pod/web unlabeled
            $ kubectl label pods web tier-
            pod/web not labeled
            $ kubectl get pods -l version=v2
            No resources found in default namespace.
            $ kubectl label pods web 'bad key=x'
            The Pod "web" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')
            $ kubectl label pods web example.com/=x
            The Pod "web" is invalid: metadata.labels: Invalid value: "example.com/": name part must be non-empty
            $ kubectl label pods web k=bad/value
            error: invalid label value: "k=bad/value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')
            $ kubectl label pods web a=b=c
            error: invalid label spec: a=b=c
            $ kubectl label pods web a=1 a-
            error: can not both modify and remove a label in the same command
            $ kubectl label pods web
            error: at least one label update is required
            $ kubectl label pods nope a=1
            Error from server (NotFound): pods "nope" not found
            $ kubectl label pods --all -l app=web a=1
            error: cannot set --all and --selector at the same time
            $ kubectl label pods a=1
            error: resource(s) were provided, but no name was specified
        "#]],
    );
}

#[test]
fn label_and_annotate_reach_every_kind_by_selector_or_all() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx --replicas=2",
            "sim wait 10s",
            "kubectl label pods -l app=web tier=front",
            "kubectl get pods -l tier=front",
            "kubectl label deployment web owner=team-a",
            "kubectl get deployments -l owner=team-a",
            "kubectl create configmap settings --from-literal=a=1",
            "kubectl label configmaps --all env=dev",
            "kubectl label pods -l app=nope a=1",
            "kubectl label nodes node-1 disktype=ssd",
            "kubectl annotate deployment web description='my frontend'",
            "kubectl annotate deployment web description=other",
            "kubectl annotate --overwrite deployment web description=other",
            "kubectl annotate deployment web description-",
            "kubectl annotate deployment web kubernetes.io/change-cause=one",
            "kubectl annotate deployment web kubernetes.io/change-cause=two",
            "kubectl annotate pods -l app=web a=1 a-",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx --replicas=2
            deployment.apps/web created
            $ sim wait 10s
            t=10s
            $ kubectl label pods -l app=web tier=front
            pod/web-5bfc69d98f-khhn5 labeled
            pod/web-5bfc69d98f-qzg8h labeled
            $ kubectl get pods -l tier=front
            NAME                   READY   STATUS    RESTARTS   AGE
            web-5bfc69d98f-khhn5   1/1     Running   0          10s
            web-5bfc69d98f-qzg8h   1/1     Running   0          10s
            $ kubectl label deployment web owner=team-a
            deployment.apps/web labeled
            $ kubectl get deployments -l owner=team-a
            NAME   READY   UP-TO-DATE   AVAILABLE   AGE
            web    2/2     2            2           10s
            $ kubectl create configmap settings --from-literal=a=1
            configmap/settings created
            $ kubectl label configmaps --all env=dev
            configmap/settings labeled
            $ kubectl label pods -l app=nope a=1
            No resources found in default namespace.
            $ kubectl label nodes node-1 disktype=ssd
            node/node-1 labeled
            $ kubectl annotate deployment web description='my frontend'
            deployment.apps/web annotated
            $ kubectl annotate deployment web description=other
            error: --overwrite is false but found the following declared annotation(s): 'description' already has a value (my frontend)
            $ kubectl annotate --overwrite deployment web description=other
            deployment.apps/web annotated
            $ kubectl annotate deployment web description-
            deployment.apps/web annotated
            $ kubectl annotate deployment web kubernetes.io/change-cause=one
            deployment.apps/web annotated
            $ kubectl annotate deployment web kubernetes.io/change-cause=two
            deployment.apps/web annotated
            $ kubectl annotate pods -l app=web a=1 a-
            error: can not both modify and remove the following annotation(s) in the same command: a
        "#]],
    );
}

#[test]
fn a_pod_relabelled_out_of_its_replicaset_is_replaced_and_leaves_the_service() {
    let mut w = transcript(
        &[
            "kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1",
            "kubectl expose deployment/kubernetes-bootcamp --type=NodePort --port 8080",
            "sim wait 30s",
            "kubectl get pods -o wide",
            "kubectl get endpoints kubernetes-bootcamp",
            "kubectl label pods kubernetes-bootcamp-669d8d4d7c-khhn5 app=debug --overwrite",
            "sim wait 30s",
            "kubectl get pods -l app=kubernetes-bootcamp -o wide",
            "kubectl get pods -l app=debug",
            "kubectl get endpoints kubernetes-bootcamp",
            "kubectl describe services/kubernetes-bootcamp",
            "kubectl get rs",
        ],
        expect![[r#"
            $ kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1
            deployment.apps/kubernetes-bootcamp created
            $ kubectl expose deployment/kubernetes-bootcamp --type=NodePort --port 8080
            service/kubernetes-bootcamp exposed
            $ sim wait 30s
            t=30s
            $ kubectl get pods -o wide
            NAME                                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
            kubernetes-bootcamp-669d8d4d7c-khhn5   1/1     Running   0          30s   10.244.1.3   node-2   <none>           <none>
            $ kubectl get endpoints kubernetes-bootcamp
            NAME                  ENDPOINTS         AGE
            kubernetes-bootcamp   10.244.1.3:8080   30s
            $ kubectl label pods kubernetes-bootcamp-669d8d4d7c-khhn5 app=debug --overwrite
            pod/kubernetes-bootcamp-669d8d4d7c-khhn5 labeled
            $ sim wait 30s
            t=60s
            $ kubectl get pods -l app=kubernetes-bootcamp -o wide
            NAME                                   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
            kubernetes-bootcamp-669d8d4d7c-h4wr5   1/1     Running   0          30s   10.244.2.3   node-3   <none>           <none>
            $ kubectl get pods -l app=debug
            NAME                                   READY   STATUS    RESTARTS   AGE
            kubernetes-bootcamp-669d8d4d7c-khhn5   1/1     Running   0          60s
            $ kubectl get endpoints kubernetes-bootcamp
            NAME                  ENDPOINTS         AGE
            kubernetes-bootcamp   10.244.2.3:8080   60s
            $ kubectl describe services/kubernetes-bootcamp
            Name:                     kubernetes-bootcamp
            Namespace:                default
            Labels:                   app=kubernetes-bootcamp
            Annotations:              <none>
            Selector:                 app=kubernetes-bootcamp
            Type:                     NodePort
            IP Family Policy:         SingleStack
            IP Families:              IPv4
            IP:                       10.96.0.3
            IPs:                      10.96.0.3
            Port:                     <unset>  8080/TCP
            TargetPort:               8080/TCP
            Endpoints:                10.244.2.3:8080
            Session Affinity:         None
            External Traffic Policy:  Cluster
            Internal Traffic Policy:  Cluster
            Events:                   <none>
            $ kubectl get rs
            NAME                             DESIRED   CURRENT   READY   AGE
            kubernetes-bootcamp-669d8d4d7c   1         1         1       60s
        "#]],
    );
    // The released pod is nobody's now; the ReplicaSet made one more.
    assert_eq!(pod_names(&mut w).len(), 2);
}

#[test]
fn a_pod_that_keeps_matching_its_selector_stays_with_its_replicaset() {
    let mut w = transcript(
        &[
            "kubectl create deployment web --image=nginx --replicas=2",
            "sim wait 10s",
            "kubectl label pods -l app=web version=v1",
            "sim wait 10s",
            "kubectl get rs",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx --replicas=2
            deployment.apps/web created
            $ sim wait 10s
            t=10s
            $ kubectl label pods -l app=web version=v1
            pod/web-5bfc69d98f-khhn5 labeled
            pod/web-5bfc69d98f-qzg8h labeled
            $ sim wait 10s
            t=20s
            $ kubectl get rs
            NAME             DESIRED   CURRENT   READY   AGE
            web-5bfc69d98f   2         2         2       20s
        "#]],
    );
    assert_eq!(pod_names(&mut w).len(), 2);
}

pub(crate) fn pod_names(w: &mut World) -> Vec<String> {
    let out = sunaba_core::run(w, "kubectl get pods -o name", &MapFiles::default()).unwrap();
    out.lines().map(str::to_string).collect()
}
