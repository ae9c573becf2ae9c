//! Snapshot tests of what learners read: `kubectl get` and `describe` output, byte for byte.
//! Refresh after an intended change with `UPDATE_EXPECT=1 cargo test -p sunaba-core --test snapshots`
//! and review the diff like code.

use expect_test::{expect, Expect};
use sunaba_core::{MapFiles, World};

const NGINX: &str = include_str!("../../../../www/examples/nginx-deployment.yaml");
const CRASH: &str = include_str!("../../../../www/examples/crashloop.yaml");

fn world() -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("nginx.yaml".into(), NGINX.into());
    f.0.insert("crash.yaml".into(), CRASH.into());
    let mut w = World::new(42);
    sunaba_core::run(&mut w, "kubectl apply -f nginx.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "kubectl apply -f crash.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 2m10s", &f).unwrap();
    (w, f)
}

fn check(cmd: &str, expected: Expect) {
    let (mut w, f) = world();
    let out = sunaba_core::run(&mut w, cmd, &f).unwrap_or_else(|e| format!("ERROR: {e}\n"));
    expected.assert_eq(&out);
}

#[test]
fn get_pods() {
    check(
        "kubectl get pods",
        expect![[r#"
            NAME                                READY   STATUS             RESTARTS      AGE
            crasher-649b47459f-kljh7            0/1     CrashLoopBackOff   4 (30s ago)   2m10s
            nginx-deployment-75d67467c5-56wfl   1/1     Running            0             2m10s
            nginx-deployment-75d67467c5-h6mtc   1/1     Running            0             2m10s
            nginx-deployment-75d67467c5-srphj   1/1     Running            0             2m10s
        "#]],
    );
}

#[test]
fn get_pods_wide() {
    check(
        "kubectl get pods -o wide",
        expect![[r#"
            NAME                                READY   STATUS             RESTARTS      AGE     IP           NODE     NOMINATED NODE   READINESS GATES
            crasher-649b47459f-kljh7            0/1     CrashLoopBackOff   4 (30s ago)   2m10s   10.244.1.4   node-2   <none>           <none>
            nginx-deployment-75d67467c5-56wfl   1/1     Running            0             2m10s   10.244.1.3   node-2   <none>           <none>
            nginx-deployment-75d67467c5-h6mtc   1/1     Running            0             2m10s   10.244.2.3   node-3   <none>           <none>
            nginx-deployment-75d67467c5-srphj   1/1     Running            0             2m10s   10.244.0.3   node-1   <none>           <none>
        "#]],
    );
}

#[test]
fn get_deployments_and_replicasets() {
    check(
        "kubectl get deployments",
        expect![[r#"
        NAME               READY   UP-TO-DATE   AVAILABLE   AGE
        crasher            0/1     1            0           2m10s
        nginx-deployment   3/3     3            3           2m10s
    "#]],
    );
    check(
        "kubectl get rs",
        expect![[r#"
            NAME                          DESIRED   CURRENT   READY   AGE
            crasher-649b47459f            1         1         0       2m10s
            nginx-deployment-75d67467c5   3         3         3       2m10s
        "#]],
    );
}

#[test]
fn get_nodes() {
    check(
        "kubectl get nodes",
        expect![[r#"
        NAME     STATUS   ROLES    AGE     VERSION
        node-1   Ready    <none>   2m10s   v1.31.0
        node-2   Ready    <none>   2m10s   v1.31.0
        node-3   Ready    <none>   2m10s   v1.31.0
    "#]],
    );
}

#[test]
fn describe_crashing_pod() {
    let (mut w, f) = world();
    let name = w
        .pod_names("default")
        .into_iter()
        .find(|n| n.starts_with("crash"))
        .expect("crash pod");
    let out = sunaba_core::run(&mut w, &format!("kubectl describe pod {name}"), &f).unwrap();
    expect![[r#"
        Name:             crasher-649b47459f-kljh7
        Namespace:        default
        Priority:         0
        Service Account:  default
        Node:             node-2/10.0.0.12
        Start Time:       Sat, 28 Nov 2026 10:00:00 +0000
        Labels:           app=crasher
                          pod-template-hash=649b47459f
        Annotations:      <none>
        Status:           Running
        IP:               10.244.1.4
        Controlled By:    ReplicaSet/crasher-649b47459f
        Containers:
          crasher:
            Image:         busybox:1.36
            Command:
              sh
              -c
              echo starting; sleep 5; exit 1
            State:          Waiting
              Reason:       CrashLoopBackOff
            Last State:     Terminated
              Reason:       Error
              Exit Code:    1
              Started:      Sat, 28 Nov 2026 10:01:34 +0000
              Finished:     Sat, 28 Nov 2026 10:01:39 +0000
            Ready:          False
            Restart Count:  4
            Limits:
              memory:  32Mi
            Requests:
              cpu:     50m
              memory:  16Mi
            Environment:    <none>
        Conditions:
          Type                        Status
          PodReadyToStartContainers   True
          Initialized                 True
          Ready                       False
          ContainersReady             False
          PodScheduled                True
        QoS Class:                   Burstable
        Node-Selectors:              <none>
        Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                                     node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
        Events:
          Type     Reason     Age                 From               Message
          ----     ------     ----                ----               -------
          Normal   Scheduled  2m10s               default-scheduler  Successfully assigned default/crasher-649b47459f-kljh7 to node-2
          Normal   Pulling    2m9s                kubelet            Pulling image "busybox:1.36"
          Normal   Pulled     2m6s                kubelet            Successfully pulled image "busybox:1.36" in 502ms (2.931s including waiting). Image size: 4261550 bytes.
          Normal   Created    35s (x5 over 2m6s)  kubelet            Created container: crasher
          Normal   Pulled     35s (x4 over 2m)    kubelet            Container image "busybox:1.36" already present on machine
          Normal   Started    35s (x5 over 2m5s)  kubelet            Started container crasher
          Warning  BackOff    30s (x4 over 115s)  kubelet            Back-off restarting failed container crasher in pod crasher-649b47459f-kljh7_default(8edfdddf-363d-4549-8593-f067474428f2)
    "#]].assert_eq(&out);
}

#[test]
fn describe_deployment() {
    check(
        "kubectl describe deployment nginx-deployment",
        expect![[r#"
            Name:                   nginx-deployment
            Namespace:              default
            CreationTimestamp:      Sat, 28 Nov 2026 10:00:00 +0000
            Labels:                 app=nginx
            Annotations:            deployment.kubernetes.io/revision: 1
            Selector:               app=nginx
            Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
            StrategyType:           RollingUpdate
            MinReadySeconds:        0
            RollingUpdateStrategy:  25% max unavailable, 25% max surge
            Pod Template:
              Labels:  app=nginx
              Containers:
               nginx:
                Image:        nginx:1.14.2
                Port:         80/TCP
                Limits:
                  memory:  128Mi
                Requests:
                  cpu:     100m
                  memory:  64Mi
                Environment:  <none>
            Conditions:
              Type           Status  Reason
              ----           ------  ------
              Available      True    MinimumReplicasAvailable
              Progressing    True    NewReplicaSetAvailable
            OldReplicaSets:  <none>
            NewReplicaSet:   nginx-deployment-75d67467c5 (3/3 replicas created)
            Events:
              Type    Reason             Age    From                   Message
              ----    ------             ----   ----                   -------
              Normal  ScalingReplicaSet  2m10s  deployment-controller  Scaled up replica set nginx-deployment-75d67467c5 to 3
        "#]],
    );
}

#[test]
fn describe_node() {
    check(
        "kubectl describe node node-1",
        expect![[r#"
            Name:               node-1
            Roles:              <none>
            Labels:             kubernetes.io/arch=amd64
                                kubernetes.io/hostname=node-1
                                kubernetes.io/os=linux
                                topology.kubernetes.io/zone=zone-a
            CreationTimestamp:  Sat, 28 Nov 2026 10:00:00 +0000
            Taints:             <none>
            Unschedulable:      false
            Conditions:
              Type            Status  LastHeartbeatTime                LastTransitionTime               Reason                      Message
              ----            ------  -----------------                ------------------               ------                      -------
              MemoryPressure  False   Sat, 28 Nov 2026 10:02:10 +0000  Sat, 28 Nov 2026 10:00:00 +0000  KubeletHasSufficientMemory  kubelet has sufficient memory available
              DiskPressure    False   Sat, 28 Nov 2026 10:02:10 +0000  Sat, 28 Nov 2026 10:00:00 +0000  KubeletHasNoDiskPressure    kubelet has no disk pressure
              PIDPressure     False   Sat, 28 Nov 2026 10:02:10 +0000  Sat, 28 Nov 2026 10:00:00 +0000  KubeletHasSufficientPID     kubelet has sufficient PID available
              Ready           True    Sat, 28 Nov 2026 10:02:10 +0000  Sat, 28 Nov 2026 10:00:00 +0000  KubeletReady                kubelet is posting ready status
            Addresses:
              InternalIP:  10.0.0.11
              Hostname:    node-1
            Capacity:
              cpu:                2
              memory:             4Gi
              pods:               110
            Allocatable:
              cpu:                2
              memory:             4Gi
              pods:               110
            System Info:
              Kubelet Version:            v1.31.0
              Container Runtime Version:  containerd://1.7.22
            Non-terminated Pods:          (1 in total)
              Namespace                   Name                               CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
              ---------                   ----                               ------------  ----------  ---------------  -------------  ---
              default                     nginx-deployment-75d67467c5-srphj  100m (5%)     0 (0%)      64Mi (1%)        128Mi (3%)     2m10s
            Allocated resources:
              (Total limits may be over 100 percent, i.e., overcommitted.)
              Resource           Requests   Limits
              --------           --------   ------
              cpu                100m (5%)  0 (0%)
              memory             64Mi (1%)  128Mi (3%)
            Events:
              Type    Reason          Age    From             Message
              ----    ------          ----   ----             -------
              Normal  Starting        2m10s  kubelet          Starting kubelet.
              Normal  RegisteredNode  2m10s  node-controller  Node node-1 event: Registered Node node-1 in Controller
        "#]],
    );
}

/// kubectl's DescribeEvents: `----` under `Age`, and rows sorted by the time each event was
/// last seen, oldest first (a back-off last seen 82 s ago sits above the restart of 2 s ago).
#[test]
fn describe_pod_events_are_sorted_by_last_seen_under_kubectls_dashes() {
    let mut f = MapFiles::default();
    f.0.insert("crash.yaml".into(), CRASH.into());
    let mut w = World::new(7);
    sunaba_core::run(&mut w, "kubectl apply -f crash.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 3m", &f).unwrap();
    let out = sunaba_core::run(&mut w, "kubectl describe pod -l app=crasher", &f).unwrap();
    let events = &out[out.find("Events:").unwrap_or(0)..];
    expect![[r#"
        Events:
          Type     Reason     Age                  From               Message
          ----     ------     ----                 ----               -------
          Normal   Scheduled  3m                   default-scheduler  Successfully assigned default/crasher-649b47459f-khhn5 to node-2
          Normal   Pulling    2m59s                kubelet            Pulling image "busybox:1.36"
          Normal   Pulled     2m58s                kubelet            Successfully pulled image "busybox:1.36" in 502ms (502ms including waiting). Image size: 4261550 bytes.
          Warning  BackOff    82s (x4 over 2m48s)  kubelet            Back-off restarting failed container crasher in pod crasher-649b47459f-khhn5_default(3f2c25fa-e7f4-4d92-aac2-7ef17c0c2392)
          Normal   Created    2s (x6 over 2m58s)   kubelet            Created container: crasher
          Normal   Pulled     2s (x5 over 2m53s)   kubelet            Container image "busybox:1.36" already present on machine
          Normal   Started    2s (x6 over 2m58s)   kubelet            Started container crasher
    "#]]
    .assert_eq(events);
}

/// `-o json|yaml` print what kubectl decodes into an unstructured map: keys in alphabetical
/// order at every level; JSON indented by 4 spaces (kubectl's JSONPrinter).
#[test]
fn get_o_json_and_yaml_print_keys_alphabetically_like_kubectl() {
    let (mut w, f) = world();
    let json = sunaba_core::run(&mut w, "kubectl get pods -l app=crasher -o json", &f).unwrap();
    let head: String = json.lines().take(14).map(|l| format!("{l}\n")).collect();
    expect![[r#"
        {
            "apiVersion": "v1",
            "items": [
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {
                        "creationTimestamp": "2026-11-28T10:00:00Z",
                        "labels": {
                            "app": "crasher",
                            "pod-template-hash": "649b47459f"
                        },
                        "name": "crasher-649b47459f-kljh7",
                        "namespace": "default",
    "#]]
    .assert_eq(&head);
    let yaml = sunaba_core::run(
        &mut w,
        "kubectl get deployment nginx-deployment -o yaml",
        &f,
    )
    .unwrap();
    expect![[r#"
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          creationTimestamp: "2026-11-28T10:00:00Z"
          labels:
            app: nginx
          name: nginx-deployment
          namespace: default
          resourceVersion: "57"
          uid: 92d6e5d9-42f4-4d9b-a220-622af23e6e6f
        spec:
          progressDeadlineSeconds: 600
          replicas: 3
          revisionHistoryLimit: 10
          selector:
            matchLabels:
              app: nginx
          strategy:
            rollingUpdate:
              maxSurge: 25%
              maxUnavailable: 25%
            type: RollingUpdate
          template:
            metadata:
              labels:
                app: nginx
            spec:
              containers:
              - image: nginx:1.14.2
                imagePullPolicy: IfNotPresent
                name: nginx
                ports:
                - containerPort: 80
                  protocol: TCP
                resources:
                  limits:
                    memory: 128Mi
                  requests:
                    cpu: 100m
                    memory: 64Mi
              restartPolicy: Always
              schedulerName: default-scheduler
              terminationGracePeriodSeconds: 30
        status:
          availableReplicas: 3
          observedGeneration: 1
          readyReplicas: 3
          replicas: 3
          updatedReplicas: 3
    "#]]
    .assert_eq(&yaml);
}

/// After `sim fail-node`, the node's pods are Terminating but still on it: kubectl lists them
/// (its field selector leaves out only Succeeded and Failed pods) and counts their resources;
/// every condition turned Unknown when the node controller noticed, which is its
/// LastTransitionTime.
#[test]
fn describe_node_of_a_failed_node_lists_its_terminating_pods_and_when_conditions_changed() {
    let mut f = MapFiles::default();
    f.0.insert("nginx.yaml".into(), NGINX.into());
    let mut w = World::new(1);
    sunaba_core::run(&mut w, "kubectl apply -f nginx.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
    sunaba_core::run(&mut w, "sim fail-node node-1", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 6m", &f).unwrap();
    let pods = sunaba_core::run(&mut w, "kubectl get pods -o wide", &f).unwrap();
    let on_node_1: Vec<&str> = pods.lines().filter(|l| l.contains(" node-1 ")).collect();
    assert!(
        on_node_1.len() == 1 && on_node_1[0].contains("Terminating"),
        "{pods}"
    );
    let out = sunaba_core::run(&mut w, "kubectl describe node node-1", &f).unwrap();
    let section = |from: &str, to: &str| {
        let start = out.find(from).unwrap_or(0);
        let end = out[start..].find(to).map_or(out.len(), |i| start + i);
        out[start..end].to_string()
    };
    expect![[r#"
        Conditions:
          Type            Status   LastHeartbeatTime                LastTransitionTime               Reason             Message
          ----            ------   -----------------                ------------------               ------             -------
          MemoryPressure  Unknown  Sat, 28 Nov 2026 10:00:30 +0000  Sat, 28 Nov 2026 10:01:20 +0000  NodeStatusUnknown  Kubelet stopped posting node status.
          DiskPressure    Unknown  Sat, 28 Nov 2026 10:00:30 +0000  Sat, 28 Nov 2026 10:01:20 +0000  NodeStatusUnknown  Kubelet stopped posting node status.
          PIDPressure     Unknown  Sat, 28 Nov 2026 10:00:30 +0000  Sat, 28 Nov 2026 10:01:20 +0000  NodeStatusUnknown  Kubelet stopped posting node status.
          Ready           Unknown  Sat, 28 Nov 2026 10:00:30 +0000  Sat, 28 Nov 2026 10:01:20 +0000  NodeStatusUnknown  Kubelet stopped posting node status.
    "#]]
    .assert_eq(&section("Conditions:", "Addresses:"));
    let pods_section = section("Non-terminated Pods:", "Events:");
    assert!(
        pods_section.starts_with("Non-terminated Pods:          (1 in total)")
            && pods_section.contains("cpu                100m (5%)  0 (0%)"),
        "{pods_section}"
    );
}

/// `kubectl get all` and `kubectl get TYPE,TYPE`: each type's section with kind-prefixed names,
/// a blank line between sections; `-o name` lines; one List for `-o json`.
#[test]
fn get_all_and_comma_separated_types_print_kind_prefixed_sections() {
    let mut f = MapFiles::default();
    f.0.insert("nginx.yaml".into(), NGINX.into());
    let mut w = World::new(1);
    // A new cluster already has the API server's Service.
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get all", &f).unwrap(),
        "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nservice/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n"
    );
    sunaba_core::run(&mut w, "kubectl apply -f nginx.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
    expect![[r#"
        NAME                                    READY   STATUS    RESTARTS   AGE
        pod/nginx-deployment-75d67467c5-lk7sw   1/1     Running   0          30s
        pod/nginx-deployment-75d67467c5-n6574   1/1     Running   0          30s
        pod/nginx-deployment-75d67467c5-nzgpc   1/1     Running   0          30s

        NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
        service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   30s
        service/nginx        ClusterIP   10.96.0.3    <none>        80/TCP    30s

        NAME                               READY   UP-TO-DATE   AVAILABLE   AGE
        deployment.apps/nginx-deployment   3/3     3            3           30s

        NAME                                          DESIRED   CURRENT   READY   AGE
        replicaset.apps/nginx-deployment-75d67467c5   3         3         3       30s
    "#]]
    .assert_eq(&sunaba_core::run(&mut w, "kubectl get all", &f).unwrap());
    expect![[r#"
        NAMESPACE   NAME                               READY   UP-TO-DATE   AVAILABLE   AGE
        default     deployment.apps/nginx-deployment   3/3     3            3           30s

        NAMESPACE     NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE
        default       service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  30s
        default       service/nginx        ClusterIP   10.96.0.3    <none>        80/TCP                   30s
        kube-system   service/kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   30s
    "#]]
    .assert_eq(&sunaba_core::run(&mut w, "kubectl get deploy,svc -A", &f).unwrap());
    expect![[r#"
        NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
        kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   30s   <none>
        nginx        ClusterIP   10.96.0.3    <none>        80/TCP    30s   app=nginx
    "#]]
    .assert_eq(&sunaba_core::run(&mut w, "kubectl get svc -o wide", &f).unwrap());
    let with_events = sunaba_core::run(&mut w, "kubectl get deploy,events", &f).unwrap();
    assert!(
        with_events.contains("\n\nLAST SEEN   TYPE ") && !with_events.contains("event/"),
        "the events table has no NAME column to prefix: {with_events}"
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get svc,deploy -o name", &f).unwrap(),
        "service/kubernetes\nservice/nginx\ndeployment.apps/nginx-deployment\n"
    );
    let list: serde_json::Value = serde_json::from_str(
        &sunaba_core::run(&mut w, "kubectl get deploy,svc -o json", &f).unwrap(),
    )
    .unwrap();
    let kinds: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["kind"].as_str())
        .collect();
    assert_eq!(
        (list["kind"].as_str(), kinds),
        (Some("List"), vec!["Deployment", "Service", "Service"])
    );
    // The Service as the API returns it: its metadata like every object's, the defaults the API
    // server fills in, no empty labels.
    let service = &list["items"][2];
    assert_eq!(
        (
            service["metadata"]["creationTimestamp"].as_str(),
            service["metadata"].get("labels"),
            service["spec"]["sessionAffinity"].as_str(),
            service["spec"]["clusterIPs"][0].as_str(),
        ),
        (
            Some("2026-11-28T10:00:00Z"),
            None,
            Some("None"),
            Some("10.96.0.3")
        )
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get pods,nope", &f)
            .unwrap_err()
            .message,
        "error: the server doesn't have a resource type \"nope\""
    );
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get all -n kube-public", &f).unwrap(),
        "No resources found in kube-public namespace.\n"
    );
    // A name with several types is looked up in each; one that lacks it fails the command.
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get svc,deploy nginx", &f)
            .unwrap_err()
            .message,
        "Error from server (NotFound): deployments.apps \"nginx\" not found"
    );
}

/// `kubectl get A,B` in every output format: `-o wide` sections with their wide columns,
/// `-A` with NAMESPACE where the type has namespaces (a node's NAME still gets its kind),
/// `-o name` lines in type order, and one List for `-o yaml` (even of one type and one name).
#[test]
fn get_several_types_in_wide_name_yaml_and_across_namespaces() {
    let mut f = MapFiles::default();
    f.0.insert("nginx.yaml".into(), NGINX.into());
    let mut w = World::new(1);
    sunaba_core::run(&mut w, "kubectl apply -f nginx.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
    let mut run = |cmd: &str| sunaba_core::run(&mut w, cmd, &f).unwrap();
    expect![[r#"
        NAME                               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR
        deployment.apps/nginx-deployment   3/3     3            3           30s   nginx        nginx:1.14.2   app=nginx

        NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR
        service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   30s   <none>
        service/nginx        ClusterIP   10.96.0.3    <none>        80/TCP    30s   app=nginx
    "#]]
    .assert_eq(&run("kubectl get deploy,svc -o wide"));
    expect![[r#"
        NAMESPACE     NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE   SELECTOR
        default       service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP                  30s   <none>
        default       service/nginx        ClusterIP   10.96.0.3    <none>        80/TCP                   30s   app=nginx
        kube-system   service/kube-dns     ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   30s   k8s-app=kube-dns

        NAMESPACE   NAME                               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR
        default     deployment.apps/nginx-deployment   3/3     3            3           30s   nginx        nginx:1.14.2   app=nginx
    "#]]
    .assert_eq(&run("kubectl get svc,deploy -A -o wide"));
    expect![[r#"
        NAME          STATUS   ROLES    AGE   VERSION
        node/node-1   Ready    <none>   30s   v1.31.0
        node/node-2   Ready    <none>   30s   v1.31.0
        node/node-3   Ready    <none>   30s   v1.31.0

        NAMESPACE   NAME                               READY   UP-TO-DATE   AVAILABLE   AGE
        default     deployment.apps/nginx-deployment   3/3     3            3           30s
    "#]]
    .assert_eq(&run("kubectl get nodes,deploy -A"));
    assert_eq!(
        run("kubectl get ns,deploy,nodes -o name -A"),
        "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n\
         deployment.apps/nginx-deployment\nnode/node-1\nnode/node-2\nnode/node-3\n"
    );
    let yaml = run("kubectl get svc,deploy -o yaml");
    assert!(
        yaml.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Service\n")
            && yaml.contains("\n- apiVersion: apps/v1\n  kind: Deployment\n")
            && yaml.ends_with("kind: List\nmetadata:\n  resourceVersion: \"\"\n"),
        "{yaml}"
    );
    let one: serde_json::Value =
        serde_json::from_str(&run("kubectl get svc, nginx -o json")).unwrap();
    assert_eq!(
        (one["kind"].as_str(), one["items"][0]["kind"].as_str()),
        (Some("List"), Some("Service")),
        "one type named in a list of types is still a List"
    );
    let bare: serde_json::Value =
        serde_json::from_str(&run("kubectl get svc nginx -o json")).unwrap();
    assert_eq!(bare["kind"].as_str(), Some("Service"));
}

/// A pod no node can take has no container status: kubectl's describe prints the container's
/// image and resources but no State, Ready or Restart Count, and the events say why.
#[test]
fn describe_of_an_unscheduled_pod_has_no_container_state() {
    let mut f = MapFiles::default();
    f.0.insert(
        "big.yaml".into(),
        include_str!("../../../../www/examples/too-big.yaml").into(),
    );
    let mut w = World::new(1);
    sunaba_core::run(&mut w, "kubectl apply -f big.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 10s", &f).unwrap();
    let pods = sunaba_core::run(&mut w, "kubectl get pods", &f).unwrap();
    let pod = pods
        .lines()
        .find(|l| l.contains("Pending"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("a Pending pod: {pods}"));
    let out = sunaba_core::run(&mut w, &format!("kubectl describe pod {pod}"), &f).unwrap();
    let containers =
        &out[out.find("Containers:").unwrap_or(0)..out.find("Conditions:").unwrap_or(0)];
    assert!(
        containers.contains("Image:")
            && containers.contains("Requests:")
            && !containers.contains("State:")
            && !containers.contains("Ready:")
            && !containers.contains("Restart Count:"),
        "{containers}"
    );
    assert!(out.contains("FailedScheduling"), "{out}");
}
