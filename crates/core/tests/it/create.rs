//! The imperative object makers the tutorials type: `kubectl create deployment|namespace|
//! configmap|secret generic`, `kubectl run`, `kubectl expose`, their output and their errors.

use expect_test::{expect, Expect};
use sunaba_core::{MapFiles, World};

/// Runs each line in one world (30 simulated seconds after every command that succeeds) and
/// prints the transcript: `$ line`, then what kubectl says (errors too).
fn transcript(lines: &[&str], want: Expect) {
    let mut f = MapFiles::default();
    f.0.insert("app.properties".into(), "color=blue\n".into());
    f.0.insert("conf/game.properties".into(), "lives=3\n".into());
    f.0.insert("conf/ui.properties".into(), "color.good=purple\n".into());
    f.0.insert("conf/deeper/skip.txt".into(), "not read\n".into());
    f.0.insert(
        "game.env".into(),
        "enemies=aliens\n  lives=3\nallowed=\"true\"\n\n# a comment\n".into(),
    );
    f.0.insert("bad.env".into(), "1up=no\n".into());
    let mut w = World::new(7);
    let mut out = String::new();
    for line in lines {
        out.push_str(&format!("$ {line}\n"));
        match sunaba_core::run(&mut w, line, &f) {
            Ok(s) => {
                out.push_str(&s);
                sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
            }
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
fn kubernetes_basics_create_deployment_then_expose_it() {
    transcript(
        &[
            "kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1",
            "kubectl get deployments",
            "kubectl get pods -l app=kubernetes-bootcamp",
            "kubectl expose deployment/kubernetes-bootcamp --type=NodePort --port 8080",
            "kubectl get services kubernetes-bootcamp",
            "kubectl describe deployment kubernetes-bootcamp",
            "kubectl logs kubernetes-bootcamp-669d8d4d7c-khhn5",
        ],
        expect![[r#"
            $ kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1
            deployment.apps/kubernetes-bootcamp created
            $ kubectl get deployments
            NAME                  READY   UP-TO-DATE   AVAILABLE   AGE
            kubernetes-bootcamp   1/1     1            1           30s
            $ kubectl get pods -l app=kubernetes-bootcamp
            NAME                                   READY   STATUS    RESTARTS   AGE
            kubernetes-bootcamp-669d8d4d7c-khhn5   1/1     Running   0          60s
            $ kubectl expose deployment/kubernetes-bootcamp --type=NodePort --port 8080
            service/kubernetes-bootcamp exposed
            $ kubectl get services kubernetes-bootcamp
            NAME                  TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE
            kubernetes-bootcamp   NodePort   10.96.0.3    <none>        8080/TCP   30s
            $ kubectl describe deployment kubernetes-bootcamp
            Name:                   kubernetes-bootcamp
            Namespace:              default
            CreationTimestamp:      Sat, 28 Nov 2026 10:00:00 +0000
            Labels:                 app=kubernetes-bootcamp
            Annotations:            deployment.kubernetes.io/revision: 1
            Selector:               app=kubernetes-bootcamp
            Replicas:               1 desired | 1 updated | 1 total | 1 available | 0 unavailable
            StrategyType:           RollingUpdate
            MinReadySeconds:        0
            RollingUpdateStrategy:  25% max unavailable, 25% max surge
            Pod Template:
              Labels:  app=kubernetes-bootcamp
              Containers:
               kubernetes-bootcamp:
                Image:        gcr.io/google-samples/kubernetes-bootcamp:v1
                Environment:  <none>
            Conditions:
              Type           Status  Reason
              ----           ------  ------
              Available      True    MinimumReplicasAvailable
              Progressing    True    NewReplicaSetAvailable
            OldReplicaSets:  <none>
            NewReplicaSet:   kubernetes-bootcamp-669d8d4d7c (1/1 replicas created)
            Events:
              Type    Reason             Age    From                   Message
              ----    ------             ----   ----                   -------
              Normal  ScalingReplicaSet  2m30s  deployment-controller  Scaled up replica set kubernetes-bootcamp-669d8d4d7c to 1
            $ kubectl logs kubernetes-bootcamp-669d8d4d7c-khhn5
            Kubernetes Bootcamp App Started At: 2026/11/28 10:00:06
        "#]],
    );
}

#[test]
fn create_deployment_with_replicas_and_port_is_exposed_on_its_container_port() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80",
            "kubectl get deploy web",
            "kubectl expose deployment web",
            "kubectl expose deployment web --port=8080 --target-port=80 --name=web-alt --type=LoadBalancer",
            "kubectl get svc",
            "kubectl get endpoints web",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80
            deployment.apps/web created
            $ kubectl get deploy web
            NAME   READY   UP-TO-DATE   AVAILABLE   AGE
            web    3/3     3            3           30s
            $ kubectl expose deployment web
            service/web exposed
            $ kubectl expose deployment web --port=8080 --target-port=80 --name=web-alt --type=LoadBalancer
            service/web-alt exposed
            $ kubectl get svc
            NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE
            kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP    2m
            web          ClusterIP      10.96.0.3    <none>        80/TCP     60s
            web-alt      LoadBalancer   10.96.0.4    <pending>     8080/TCP   30s
            $ kubectl get endpoints web
            NAME   ENDPOINTS                                   AGE
            web    10.244.0.3:80,10.244.1.3:80,10.244.2.3:80   90s
        "#]],
    );
}

#[test]
fn create_refuses_what_exists_and_what_is_missing() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx",
            "kubectl create deployment web --image=nginx",
            "kubectl create deployment api",
            "kubectl create deployment",
            "kubectl create deployment x --image=nginx --replicas=many",
            "kubectl create deployment x --image=nginx -n nowhere",
            "kubectl create priorityclass x",
            "kubectl expose deployment nope --port=80",
            "kubectl expose deployment web",
            "kubectl expose deployment web --port=80",
            "kubectl expose deployment web --port=80",
            "kubectl run",
            "kubectl run p",
            "kubectl run web --image=nginx",
            "kubectl run web --image=nginx",
            "kubectl create namespace dev",
            "kubectl create namespace dev",
            "kubectl create configmap c --from-literal=novalue",
            "kubectl create deployment Web --image=nginx",
            "kubectl create deployment two --image=nginx --image=redis -- sleep 1",
            "kubectl run x --image=nginx --restart=Sometimes",
            "kubectl expose deployment web --port=80 --type=ExternalName",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx
            deployment.apps/web created
            $ kubectl create deployment web --image=nginx
            Error from server (AlreadyExists): deployments.apps "web" already exists
            $ kubectl create deployment api
            error: required flag(s) "image" not set
            $ kubectl create deployment
            error: exactly one NAME is required, got 0
            See 'kubectl create deployment -h' for help and examples
            $ kubectl create deployment x --image=nginx --replicas=many
            error: invalid argument "many" for "-r, --replicas" flag: strconv.ParseInt: parsing "many": invalid syntax
            $ kubectl create deployment x --image=nginx -n nowhere
            Error from server (NotFound): namespaces "nowhere" not found
            $ kubectl create priorityclass x
            error: unknown command "priorityclass" for "kubectl create" (Sunaba simulates create deployment, namespace, configmap, secret generic, job and cronjob; use kubectl apply -f for other objects)
            $ kubectl expose deployment nope --port=80
            Error from server (NotFound): deployments.apps "nope" not found
            $ kubectl expose deployment web
            error: couldn't find port via --port flag or introspection
            See 'kubectl expose -h' for help and examples
            $ kubectl expose deployment web --port=80
            service/web exposed
            $ kubectl expose deployment web --port=80
            Error from server (AlreadyExists): services "web" already exists
            $ kubectl run
            error: NAME is required for run
            See 'kubectl run -h' for help and examples
            $ kubectl run p
            error: required flag(s) "image" not set
            $ kubectl run web --image=nginx
            pod/web created
            $ kubectl run web --image=nginx
            Error from server (AlreadyExists): pods "web" already exists
            $ kubectl create namespace dev
            namespace/dev created
            $ kubectl create namespace dev
            Error from server (AlreadyExists): namespaces "dev" already exists
            $ kubectl create configmap c --from-literal=novalue
            error: invalid literal source novalue, expected key=value
            $ kubectl create deployment Web --image=nginx
            The Deployment "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')
            $ kubectl create deployment two --image=nginx --image=redis -- sleep 1
            error: cannot specify multiple --image options and command
            $ kubectl run x --image=nginx --restart=Sometimes
            error: invalid restart policy: Sometimes
            $ kubectl expose deployment web --port=80 --type=ExternalName
            The Service "web" is invalid: spec.type: Unsupported value: "ExternalName": supported values: "ClusterIP", "LoadBalancer", "NodePort" (Sunaba simulates these three)
        "#]],
    );
}

#[test]
fn hello_minikube_as_written() {
    transcript(
        &[
            "kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.39 -- /agnhost netexec --http-port=8080",
            "kubectl get deployments",
            "kubectl get pods",
            "kubectl expose deployment hello-node --type=LoadBalancer --port=8080",
            "kubectl get services",
            "kubectl logs hello-node-85b9948fdd-khhn5",
            "kubectl delete service hello-node",
            "kubectl delete deployment hello-node",
        ],
        expect![[r#"
            $ kubectl create deployment hello-node --image=registry.k8s.io/e2e-test-images/agnhost:2.39 -- /agnhost netexec --http-port=8080
            deployment.apps/hello-node created
            $ kubectl get deployments
            NAME         READY   UP-TO-DATE   AVAILABLE   AGE
            hello-node   1/1     1            1           30s
            $ kubectl get pods
            NAME                          READY   STATUS    RESTARTS   AGE
            hello-node-85b9948fdd-khhn5   1/1     Running   0          60s
            $ kubectl expose deployment hello-node --type=LoadBalancer --port=8080
            service/hello-node exposed
            $ kubectl get services
            NAME         TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE
            hello-node   LoadBalancer   10.96.0.3    <pending>     8080/TCP   30s
            kubernetes   ClusterIP      10.96.0.1    <none>        443/TCP    2m
            $ kubectl logs hello-node-85b9948fdd-khhn5
            Started HTTP server on port 8080
            Started UDP server on port  8081
            $ kubectl delete service hello-node
            service "hello-node" deleted
            $ kubectl delete deployment hello-node
            deployment.apps "hello-node" deleted
        "#]],
    );
}

#[test]
fn hello_minikube_deployment_runs_its_command_and_several_images_make_several_containers() {
    transcript(
        &[
            "kubectl create deployment hello-node --image=busybox:1.36 -- sleep 3600",
            "kubectl get deployments",
            "kubectl get deploy hello-node -o yaml",
            "kubectl create deployment pair --image=nginx:1.25 --image=docker.io/library/redis:7",
            "kubectl get pods -l app=pair",
        ],
        expect![[r#"
            $ kubectl create deployment hello-node --image=busybox:1.36 -- sleep 3600
            deployment.apps/hello-node created
            $ kubectl get deployments
            NAME         READY   UP-TO-DATE   AVAILABLE   AGE
            hello-node   1/1     1            1           30s
            $ kubectl get deploy hello-node -o yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              creationTimestamp: "2026-11-28T10:00:00Z"
              labels:
                app: hello-node
              name: hello-node
              namespace: default
              resourceVersion: "24"
              uid: b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
            spec:
              progressDeadlineSeconds: 600
              replicas: 1
              revisionHistoryLimit: 10
              selector:
                matchLabels:
                  app: hello-node
              strategy:
                rollingUpdate:
                  maxSurge: 25%
                  maxUnavailable: 25%
                type: RollingUpdate
              template:
                metadata:
                  labels:
                    app: hello-node
                spec:
                  containers:
                  - command:
                    - sleep
                    - "3600"
                    image: busybox:1.36
                    imagePullPolicy: IfNotPresent
                    name: busybox
                    resources: {}
                  restartPolicy: Always
                  schedulerName: default-scheduler
                  terminationGracePeriodSeconds: 30
            status:
              availableReplicas: 1
              observedGeneration: 1
              readyReplicas: 1
              replicas: 1
              updatedReplicas: 1
            $ kubectl create deployment pair --image=nginx:1.25 --image=docker.io/library/redis:7
            deployment.apps/pair created
            $ kubectl get pods -l app=pair
            NAME                   READY   STATUS    RESTARTS   AGE
            pair-8fccbfd6c-wr5bc   2/2     Running   0          30s
        "#]],
    );
}

#[test]
fn run_makes_one_pod_labelled_run_name() {
    transcript(
        &[
            "kubectl run nginx --image=nginx --port=80 --env=MODE=dev --env=LEVEL=2",
            "kubectl get pods -l run=nginx",
            "kubectl get pod nginx -o wide",
            "kubectl exec nginx -- env",
            "kubectl run once --image=busybox --restart=Never --labels=app=once,tier=tool -- sh -c 'echo hi'",
            "kubectl expose pod once --port=80 --name=once-svc",
            "kubectl get endpoints once-svc",
        ],
        expect![[r#"
            $ kubectl run nginx --image=nginx --port=80 --env=MODE=dev --env=LEVEL=2
            pod/nginx created
            $ kubectl get pods -l run=nginx
            NAME    READY   STATUS    RESTARTS   AGE
            nginx   1/1     Running   0          30s
            $ kubectl get pod nginx -o wide
            NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
            nginx   1/1     Running   0          60s   10.244.1.3   node-2   <none>           <none>
            $ kubectl exec nginx -- env
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            HOSTNAME=nginx
            NGINX_VERSION=1.27.3
            MODE=dev
            LEVEL=2
            KUBERNETES_SERVICE_HOST=10.96.0.1
            KUBERNETES_SERVICE_PORT=443
            KUBERNETES_SERVICE_PORT_HTTPS=443
            KUBERNETES_PORT=tcp://10.96.0.1:443
            KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443
            KUBERNETES_PORT_443_TCP_PROTO=tcp
            KUBERNETES_PORT_443_TCP_PORT=443
            KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1
            HOME=/root
            $ kubectl run once --image=busybox --restart=Never --labels=app=once,tier=tool -- sh -c 'echo hi'
            pod/once created
            $ kubectl expose pod once --port=80 --name=once-svc
            service/once-svc exposed
            $ kubectl get endpoints once-svc
            NAME       ENDPOINTS   AGE
            once-svc   <none>      30s
        "#]],
    );
}

#[test]
fn create_configmap_and_secret_from_literals_and_files() {
    transcript(
        &[
            "kubectl create namespace dev",
            "kubectl create configmap settings -n dev --from-literal=MODE=dev --from-literal=LEVEL=2 --from-file=app.properties",
            "kubectl get configmap settings -n dev -o yaml",
            "kubectl create secret generic db -n dev --from-literal=password=s3cret",
            "kubectl get secrets -n dev",
            "kubectl create secret generic db -n dev --from-literal=password=other",
            "kubectl create configmap settings -n dev",
        ],
        expect![[r#"
            $ kubectl create namespace dev
            namespace/dev created
            $ kubectl create configmap settings -n dev --from-literal=MODE=dev --from-literal=LEVEL=2 --from-file=app.properties
            configmap/settings created
            $ kubectl get configmap settings -n dev -o yaml
            apiVersion: v1
            data:
              LEVEL: "2"
              MODE: dev
              app.properties: |
                color=blue
            kind: ConfigMap
            metadata:
              creationTimestamp: "2026-11-28T10:00:30Z"
              name: settings
              namespace: dev
              resourceVersion: "9"
              uid: b09d1dde-9459-4c8e-b9ea-5a971e0e3f32
            $ kubectl create secret generic db -n dev --from-literal=password=s3cret
            secret/db created
            $ kubectl get secrets -n dev
            NAME   TYPE     DATA   AGE
            db     Opaque   1      30s
            $ kubectl create secret generic db -n dev --from-literal=password=other
            Error from server (AlreadyExists): secrets "db" already exists
            $ kubectl create configmap settings -n dev
            Error from server (AlreadyExists): configmaps "settings" already exists
        "#]],
    );
}

#[test]
fn configmaps_from_a_folder_an_env_file_and_named_keys_as_the_configmap_page_makes_them() {
    transcript(
        &[
            "kubectl create configmap game-config --from-file=conf/",
            "kubectl describe configmap game-config",
            "kubectl create configmap env --from-env-file=game.env",
            "kubectl get configmap env -o yaml",
            "kubectl create configmap both --from-env-file=game.env --from-literal=a=b",
            "kubectl create configmap bad --from-env-file=bad.env",
            "kubectl create configmap keyed --from-file=special=conf/game.properties --from-literal=special=x",
            "kubectl create configmap dir-key --from-file=k=conf/",
        ],
        expect![[r#"
            $ kubectl create configmap game-config --from-file=conf/
            configmap/game-config created
            $ kubectl describe configmap game-config
            Name:         game-config
            Namespace:    default
            Labels:       <none>
            Annotations:  <none>

            Data
            ====
            game.properties:
            ----
            lives=3

            ui.properties:
            ----
            color.good=purple


            BinaryData
            ====

            Events:  <none>
            $ kubectl create configmap env --from-env-file=game.env
            configmap/env created
            $ kubectl get configmap env -o yaml
            apiVersion: v1
            data:
              allowed: '"true"'
              enemies: aliens
              lives: "3"
            kind: ConfigMap
            metadata:
              creationTimestamp: "2026-11-28T10:01:00Z"
              name: env
              namespace: default
              resourceVersion: "10"
              uid: 454f5828-681c-4eab-ae55-052d626ac70c
            $ kubectl create configmap both --from-env-file=game.env --from-literal=a=b
            error: from-env-file cannot be combined with from-file or from-literal
            $ kubectl create configmap bad --from-env-file=bad.env
            error: "1up" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit
            $ kubectl create configmap keyed --from-file=special=conf/game.properties --from-literal=special=x
            error: cannot add key "special", another key by that name already exists in Data for ConfigMap "keyed"
            $ kubectl create configmap dir-key --from-file=k=conf/
            error: cannot give a key name for a directory path conf/
        "#]],
    );
}
