//! kubectl's reading commands and options: `top` before and after the Metrics API's first
//! samples, the stress images (memory held, OOMKilled over the limit, CPU throttled at the
//! limit), `version`, `cluster-info`, `api-resources`, `config view|set-context`, and `get`'s
//! selectors, field selectors, label columns, JSONPath and custom columns, with their errors.

use expect_test::{expect, Expect};
use sunaba_core::{MapFiles, World};

const MEMORY_DEMO: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: memory-demo
  namespace: mem-example
spec:
  containers:
  - name: memory-demo-ctr
    image: polinux/stress
    resources:
      requests:
        memory: "100Mi"
      limits:
        memory: "200Mi"
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "150M", "--vm-hang", "1"]
"#;

const CPU_DEMO: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: cpu-demo
  namespace: cpu-example
spec:
  containers:
  - name: cpu-demo-ctr
    image: vish/stress
    resources:
      limits:
        cpu: "1"
      requests:
        cpu: "0.5"
    args:
    - -cpus
    - "2"
"#;

/// Runs each line in one world and prints `$ line` then what the tool says (errors too).
fn transcript(lines: &[&str], want: Expect) {
    let mut f = MapFiles::default();
    f.0.insert("memory.yaml".into(), MEMORY_DEMO.into());
    f.0.insert(
        "memory-2.yaml".into(),
        MEMORY_DEMO
            .replace("memory-demo", "memory-demo-2")
            .replace("\"100Mi\"", "\"50Mi\"")
            .replace("\"200Mi\"", "\"100Mi\"")
            .replace("150M", "250M"),
    );
    f.0.insert("cpu.yaml".into(), CPU_DEMO.into());
    f.0.insert(
        "columns.txt".into(),
        "NAME          NODE\n.metadata.name .spec.nodeName\n".into(),
    );
    f.0.insert(
        "names.jsonpath".into(),
        "{range .items[*]}{.metadata.name}{\"\\n\"}{end}\n".into(),
    );
    let mut w = World::new(7);
    let mut out = String::new();
    for line in lines {
        out.push_str(&format!("$ {line}\n"));
        match sunaba_core::run(&mut w, line, &f) {
            Ok(s) => out.push_str(&s),
            Err(e) => {
                out.push_str(&e.to_string());
                out.push('\n');
            }
        }
        w.check_invariants().unwrap();
    }
    want.assert_eq(&out);
}

#[test]
fn top_waits_for_the_first_samples_then_shows_the_stress_pods() {
    transcript(
        &[
            "kubectl top pods",
            "kubectl top nodes",
            "kubectl create namespace mem-example",
            "kubectl create namespace cpu-example",
            "kubectl apply -f memory.yaml",
            "kubectl apply -f cpu.yaml",
            "sim wait 5s",
            "kubectl top pod memory-demo --namespace=mem-example",
            "kubectl top pods -n mem-example",
            "sim wait 30s",
            "kubectl top pod memory-demo --namespace=mem-example",
            "kubectl top pod cpu-demo --namespace=cpu-example",
            "kubectl top pods -A --containers",
            "kubectl top pods -A --sort-by=cpu --no-headers",
            "kubectl top pods -A --sort-by=disk",
            "kubectl top nodes",
            "kubectl top node node-9",
            "kubectl top pod memory-demo -n mem-example -l app=x",
        ],
        expect![[r#"
            $ kubectl top pods
            No resources found in default namespace.
            $ kubectl top nodes
            error: metrics not available yet
            $ kubectl create namespace mem-example
            namespace/mem-example created
            $ kubectl create namespace cpu-example
            namespace/cpu-example created
            $ kubectl apply -f memory.yaml
            pod/memory-demo created
            $ kubectl apply -f cpu.yaml
            pod/cpu-demo created
            $ sim wait 5s
            t=5s
            $ kubectl top pod memory-demo --namespace=mem-example
            Error from server (NotFound): podmetrics.metrics.k8s.io "mem-example/memory-demo" not found
            $ kubectl top pods -n mem-example
            error: metrics not available yet
            $ sim wait 30s
            t=35s
            $ kubectl top pod memory-demo --namespace=mem-example
            NAME          CPU(cores)   MEMORY(bytes)
            memory-demo   0m           155Mi
            $ kubectl top pod cpu-demo --namespace=cpu-example
            NAME       CPU(cores)   MEMORY(bytes)
            cpu-demo   1000m        5Mi
            $ kubectl top pods -A --containers
            NAMESPACE     POD           NAME              CPU(cores)   MEMORY(bytes)
            cpu-example   cpu-demo      cpu-demo-ctr      1000m        5Mi
            mem-example   memory-demo   memory-demo-ctr   0m           155Mi
            $ kubectl top pods -A --sort-by=cpu --no-headers
            cpu-example   cpu-demo      1000m        5Mi
            mem-example   memory-demo   0m           155Mi
            $ kubectl top pods -A --sort-by=disk
            error: --sort-by accepts only cpu or memory
            $ kubectl top nodes
            NAME     CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)
            node-1   48m          2%       612Mi           14%
            node-2   48m          2%       767Mi           18%
            node-3   1048m        52%      617Mi           15%
            $ kubectl top node node-9
            Error from server (NotFound): nodes "node-9" not found
            $ kubectl top pod memory-demo -n mem-example -l app=x
            error: only one of NAME or selector can be provided
        "#]],
    );
}

#[test]
fn the_stress_pod_over_its_limit_is_oom_killed() {
    transcript(
        &[
            "kubectl create namespace mem-example",
            "kubectl apply -f memory-2.yaml",
            "sim wait 40s",
            "kubectl get pod memory-demo-2 --namespace=mem-example",
            "kubectl get pod memory-demo-2 -n mem-example -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason}'",
            "sim wait 3m",
            "kubectl top pods -n mem-example",
        ],
        expect![[r#"
            $ kubectl create namespace mem-example
            namespace/mem-example created
            $ kubectl apply -f memory-2.yaml
            pod/memory-demo-2 created
            $ sim wait 40s
            t=40s
            $ kubectl get pod memory-demo-2 --namespace=mem-example
            NAME            READY   STATUS             RESTARTS     AGE
            memory-demo-2   0/1     CrashLoopBackOff   3 (7s ago)   40s
            $ kubectl get pod memory-demo-2 -n mem-example -o jsonpath='{.status.containerStatuses[0].lastState.terminated.reason}'
            OOMKilled$ sim wait 3m
            t=3m40s
            $ kubectl top pods -n mem-example
            error: Metrics not available for pod mem-example/memory-demo-2, age: 3m40s
        "#]],
    );
}

#[test]
fn version_cluster_info_and_api_resources() {
    transcript(
        &[
            "kubectl version",
            "kubectl version --client -o json",
            "kubectl version -o xml",
            "kubectl cluster-info",
            "kubectl api-resources --no-headers -o name",
            "kubectl api-versions",
        ],
        expect![[r#"
            $ kubectl version
            Client Version: v1.31.0
            Kustomize Version: v5.4.2
            Server Version: v1.31.0
            $ kubectl version --client -o json
            {
              "clientVersion": {
                "major": "1",
                "minor": "31",
                "gitVersion": "v1.31.0",
                "gitCommit": "9edcffcde5595e8a5b1a35f88c421764e575afce",
                "gitTreeState": "clean",
                "buildDate": "2024-08-13T07:28:49Z",
                "goVersion": "go1.22.5",
                "compiler": "gc",
                "platform": "linux/amd64"
              },
              "kustomizeVersion": "v5.4.2"
            }
            $ kubectl version -o xml
            error: --output must be 'yaml' or 'json'
            $ kubectl cluster-info
            Kubernetes control plane is running at https://10.0.0.10:6443
            CoreDNS is running at https://10.0.0.10:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy

            To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.
            $ kubectl api-resources --no-headers -o name
            configmaps
            endpoints
            events
            namespaces
            nodes
            pods
            secrets
            services
            deployments.apps
            replicasets.apps
            nodes.metrics.k8s.io
            pods.metrics.k8s.io
            $ kubectl api-versions
            apps/v1
            metrics.k8s.io/v1beta1
            v1
        "#]],
    );
}

#[test]
fn the_context_namespace_is_where_commands_without_n_go() {
    transcript(
        &[
            "kubectl create namespace mem-example",
            "kubectl config set-context --current --namespace=mem-example",
            "kubectl apply -f memory.yaml",
            "kubectl get pods",
            "kubectl get pods -n default",
            "kubectl config get-contexts",
            "kubectl config view --minify -o jsonpath='{.contexts[0].context.namespace}'",
            "kubectl config set-context nope --namespace=x",
            "kubectl config set-context",
            "kubectl config set-context --current --namespace=default",
            "kubectl get pods",
        ],
        expect![[r#"
            $ kubectl create namespace mem-example
            namespace/mem-example created
            $ kubectl config set-context --current --namespace=mem-example
            Context "sunaba" modified.
            $ kubectl apply -f memory.yaml
            pod/memory-demo created
            $ kubectl get pods
            NAME          READY   STATUS              RESTARTS   AGE
            memory-demo   0/1     ContainerCreating   0          0s
            $ kubectl get pods -n default
            No resources found in default namespace.
            $ kubectl config get-contexts
            CURRENT   NAME     CLUSTER   AUTHINFO   NAMESPACE
            *         sunaba   sunaba    sunaba     mem-example
            $ kubectl config view --minify -o jsonpath='{.contexts[0].context.namespace}'
            mem-example$ kubectl config set-context nope --namespace=x
            error: no context exists with the name: "nope" (Sunaba's kubeconfig holds one context per cluster; `sim cluster create` adds one)
            $ kubectl config set-context
            error: you must specify a non-empty context name or --current
            $ kubectl config set-context --current --namespace=default
            Context "sunaba" modified.
            $ kubectl get pods
            No resources found in default namespace.
        "#]],
    );
}

#[test]
fn get_selects_by_labels_and_fields_and_prints_what_is_asked() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx --replicas=2",
            "kubectl run solo --image=nginx --labels=tier=db",
            "sim wait 30s",
            "kubectl get pods --show-labels",
            "kubectl get pods -L app -L tier",
            "kubectl get pods -l 'app in (web,api)'",
            "kubectl get pods -l 'app notin (web)'",
            "kubectl get pods -l '!app' --no-headers",
            "kubectl get pods -l tier",
            "kubectl get pods -l app!=web,tier!=x",
            "kubectl get pods -l 'app in web'",
            "kubectl get pods -l 'app is (web)'",
            "kubectl get pods --field-selector status.phase=Running,metadata.name!=solo",
            "kubectl get pods --field-selector spec.nodeName=node-1 -o name",
            "kubectl get pods --field-selector spec.image=nginx",
            "kubectl get deployments --field-selector status.replicas=2",
            "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
            "kubectl get pods -o jsonpath='{range .items[?(@.metadata.labels.app==\"web\")]}{.metadata.name}{\"\\n\"}{end}'",
            "kubectl get pods -o jsonpath='{..image}'",
            "kubectl get pod solo -o jsonpath='{.metadata.labels}'",
            "kubectl get pods -o jsonpath='{.items[0}'",
            "kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}'",
            "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,MISSING:.status.nope",
            "kubectl get pods -o custom-columns=NAME",
            "kubectl get pods --sort-by=.metadata.labels.tier -o name",
            "kubectl get pods -o yml",
            "kubectl get pods -o custom-columns-file=columns.txt --no-headers",
            "kubectl get pods -o jsonpath-file=names.jsonpath",
            "kubectl get pods -o jsonpath-file=nope.txt",
            "kubectl get pods,deployments -o custom-columns=KIND:.kind,NAME:.metadata.name",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx --replicas=2
            deployment.apps/web created
            $ kubectl run solo --image=nginx --labels=tier=db
            pod/solo created
            $ sim wait 30s
            t=30s
            $ kubectl get pods --show-labels
            NAME                   READY   STATUS    RESTARTS   AGE   LABELS
            solo                   1/1     Running   0          30s   tier=db
            web-5bfc69d98f-khhn5   1/1     Running   0          30s   app=web,pod-template-hash=5bfc69d98f
            web-5bfc69d98f-qzg8h   1/1     Running   0          30s   app=web,pod-template-hash=5bfc69d98f
            $ kubectl get pods -L app -L tier
            NAME                   READY   STATUS    RESTARTS   AGE   APP   TIER
            solo                   1/1     Running   0          30s         db
            web-5bfc69d98f-khhn5   1/1     Running   0          30s   web
            web-5bfc69d98f-qzg8h   1/1     Running   0          30s   web
            $ kubectl get pods -l 'app in (web,api)'
            NAME                   READY   STATUS    RESTARTS   AGE
            web-5bfc69d98f-khhn5   1/1     Running   0          30s
            web-5bfc69d98f-qzg8h   1/1     Running   0          30s
            $ kubectl get pods -l 'app notin (web)'
            NAME   READY   STATUS    RESTARTS   AGE
            solo   1/1     Running   0          30s
            $ kubectl get pods -l '!app' --no-headers
            solo   1/1     Running   0          30s
            $ kubectl get pods -l tier
            NAME   READY   STATUS    RESTARTS   AGE
            solo   1/1     Running   0          30s
            $ kubectl get pods -l app!=web,tier!=x
            NAME   READY   STATUS    RESTARTS   AGE
            solo   1/1     Running   0          30s
            $ kubectl get pods -l 'app in web'
            error: unable to parse requirement: found 'web', expected: '('
            $ kubectl get pods -l 'app is (web)'
            error: unable to parse requirement: found 'is', expected: '=', '!=', '==', 'in', notin'
            $ kubectl get pods --field-selector status.phase=Running,metadata.name!=solo
            NAME                   READY   STATUS    RESTARTS   AGE
            web-5bfc69d98f-khhn5   1/1     Running   0          30s
            web-5bfc69d98f-qzg8h   1/1     Running   0          30s
            $ kubectl get pods --field-selector spec.nodeName=node-1 -o name
            pod/solo
            $ kubectl get pods --field-selector spec.image=nginx
            Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.image=nginx": field label not supported: spec.image
            $ kubectl get deployments --field-selector status.replicas=2
            Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "", field selector "status.replicas=2": field label not supported: status.replicas
            $ kubectl get pods -o jsonpath='{.items[*].metadata.name}'
            solo web-5bfc69d98f-khhn5 web-5bfc69d98f-qzg8h$ kubectl get pods -o jsonpath='{range .items[?(@.metadata.labels.app=="web")]}{.metadata.name}{"\n"}{end}'
            web-5bfc69d98f-khhn5
            web-5bfc69d98f-qzg8h
            $ kubectl get pods -o jsonpath='{..image}'
            nginx nginx nginx nginx nginx nginx$ kubectl get pod solo -o jsonpath='{.metadata.labels}'
            {"tier":"db"}$ kubectl get pods -o jsonpath='{.items[0}'
            error: error parsing jsonpath {.items[0}, unterminated array
            $ kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}'
            error: error parsing jsonpath {range .items[*]}{.metadata.name}, unclosed range
            $ kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,MISSING:.status.nope
            NAME                   NODE     MISSING
            solo                   node-1   <none>
            web-5bfc69d98f-khhn5   node-2   <none>
            web-5bfc69d98f-qzg8h   node-3   <none>
            $ kubectl get pods -o custom-columns=NAME
            error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>
            $ kubectl get pods --sort-by=.metadata.labels.tier -o name
            pod/web-5bfc69d98f-khhn5
            pod/web-5bfc69d98f-qzg8h
            pod/solo
            $ kubectl get pods -o yml
            error: unable to match a printer suitable for the output format "yml", allowed formats are: custom-columns,json,jsonpath,name,wide,yaml
            $ kubectl get pods -o custom-columns-file=columns.txt --no-headers
            solo                   node-1
            web-5bfc69d98f-khhn5   node-2
            web-5bfc69d98f-qzg8h   node-3
            $ kubectl get pods -o jsonpath-file=names.jsonpath
            solo
            web-5bfc69d98f-khhn5
            web-5bfc69d98f-qzg8h
            $ kubectl get pods -o jsonpath-file=nope.txt
            error: the path "nope.txt" does not exist
            $ kubectl get pods,deployments -o custom-columns=KIND:.kind,NAME:.metadata.name
            KIND         NAME
            Pod          solo
            Pod          web-5bfc69d98f-khhn5
            Pod          web-5bfc69d98f-qzg8h
            Deployment   web
        "#]],
    );
}
