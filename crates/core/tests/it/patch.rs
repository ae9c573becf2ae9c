//! `kubectl patch` (strategic, merge, json; `-p` and `--patch-file`), `kubectl create -f`, and the
//! fields the API server will not change, for `apply` and `patch` alike.

use super::label::{transcript, transcript_with};
use expect_test::expect;
use sunaba_core::MapFiles;

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
        ports:
        - containerPort: 80
";

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert("deployment.yaml".into(), DEPLOYMENT.into());
    f.0.insert(
        "relabelled.yaml".into(),
        DEPLOYMENT.replace("app: nginx", "app: web"),
    );
    f.0.insert(
        "patch.yaml".into(),
        "spec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.16.1\n".into(),
    );
    f.0.insert(
        "pod.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n".into(),
    );
    f.0.insert(
        "pod-labelled.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\n  labels:\n    tier: back\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n".into(),
    );
    f.0.insert(
        "pod-changed.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  containers:\n  - name: app\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\n".into(),
    );
    f
}

#[test]
fn patch_types_change_a_deployment_and_say_so() {
    transcript_with(
        &files(),
        &[
            "kubectl apply -f deployment.yaml",
            "kubectl patch deployment nginx-deployment -p '{\"spec\":{\"replicas\":3}}'",
            "kubectl patch deployment nginx-deployment -p '{\"spec\":{\"replicas\":3}}'",
            "kubectl patch deployment nginx-deployment --type merge -p '{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}'",
            "kubectl patch deployment/nginx-deployment --type=json -p='[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\", \"value\":\"nginx:1.16.1\"}]'",
            "kubectl rollout status deployment/nginx-deployment",
            "kubectl patch deployment nginx-deployment --patch-file patch.yaml",
            "kubectl get deployment nginx-deployment -o wide",
            "kubectl get deployments -l tier=web",
        ],
        expect![[r#"
            $ kubectl apply -f deployment.yaml
            deployment.apps/nginx-deployment created
            $ kubectl patch deployment nginx-deployment -p '{"spec":{"replicas":3}}'
            deployment.apps/nginx-deployment patched
            $ kubectl patch deployment nginx-deployment -p '{"spec":{"replicas":3}}'
            deployment.apps/nginx-deployment patched (no change)
            $ kubectl patch deployment nginx-deployment --type merge -p '{"metadata":{"labels":{"tier":"web"}}}'
            deployment.apps/nginx-deployment patched
            $ kubectl patch deployment/nginx-deployment --type=json -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"nginx:1.16.1"}]'
            deployment.apps/nginx-deployment patched
            $ kubectl rollout status deployment/nginx-deployment
            Waiting for deployment "nginx-deployment" rollout to finish: 1 out of 3 new replicas have been updated...
            Waiting for deployment "nginx-deployment" rollout to finish: 2 out of 3 new replicas have been updated...
            Waiting for deployment "nginx-deployment" rollout to finish: 1 old replicas are pending termination...
            deployment "nginx-deployment" successfully rolled out
            $ kubectl patch deployment nginx-deployment --patch-file patch.yaml
            deployment.apps/nginx-deployment patched (no change)
            $ kubectl get deployment nginx-deployment -o wide
            NAME               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR
            nginx-deployment   3/3     3            3           15s   nginx        nginx:1.16.1   app=nginx
            $ kubectl get deployments -l tier=web
            NAME               READY   UP-TO-DATE   AVAILABLE   AGE
            nginx-deployment   3/3     3            3           15s
        "#]],
    );
}

#[test]
fn patch_errors_are_kubectls_and_the_api_servers() {
    transcript_with(
        &files(),
        &[
            "kubectl apply -f deployment.yaml",
            "kubectl patch deployment nginx-deployment",
            "kubectl patch deployment nginx-deployment -p '{}' --patch-file patch.yaml",
            "kubectl patch deployment nginx-deployment --type=bogus -p '{}'",
            "kubectl patch deployment nginx-deployment -p 'not json'",
            "kubectl patch deployment nginx-deployment --type json -p '{\"spec\":{}}'",
            "kubectl patch deployment nginx-deployment --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]'",
            "kubectl patch deployment nope -p '{\"spec\":{\"replicas\":3}}'",
            "kubectl patch deployment -p '{}'",
            "kubectl patch deployment nginx-deployment -p '{\"spec\":{\"replicas\":-1}}'",
            "kubectl patch deployment nginx-deployment -p '{\"metadata\":{\"labels\":{\"bad key\":\"x\"}}}'",
            "kubectl patch deployment nginx-deployment --patch-file missing.yaml",
        ],
        expect![[r#"
            $ kubectl apply -f deployment.yaml
            deployment.apps/nginx-deployment created
            $ kubectl patch deployment nginx-deployment
            error: must specify --patch or --patch-file containing the contents of the patch
            $ kubectl patch deployment nginx-deployment -p '{}' --patch-file patch.yaml
            error: cannot specify --patch and --patch-file together
            $ kubectl patch deployment nginx-deployment --type=bogus -p '{}'
            error: --type must be one of [json merge strategic], not "bogus"
            $ kubectl patch deployment nginx-deployment -p 'not json'
            Error from server (BadRequest): json: cannot unmarshal string into Go value of type map[string]interface {}
            $ kubectl patch deployment nginx-deployment --type json -p '{"spec":{}}'
            error: unable to parse "{"spec":{}}": json: cannot unmarshal object into Go value of type jsonpatch.Patch
            $ kubectl patch deployment nginx-deployment --type json -p '[{"op":"remove","path":"/spec/nope"}]'
            The request is invalid: the server rejected our request due to an error in our request: remove operation does not apply: doc is missing path: "/spec/nope": missing value
            $ kubectl patch deployment nope -p '{"spec":{"replicas":3}}'
            Error from server (NotFound): deployments.apps "nope" not found
            $ kubectl patch deployment -p '{}'
            error: resource(s) were provided, but no name was specified
            $ kubectl patch deployment nginx-deployment -p '{"spec":{"replicas":-1}}'
            The Deployment "nginx-deployment" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0
            $ kubectl patch deployment nginx-deployment -p '{"metadata":{"labels":{"bad key":"x"}}}'
            The Deployment "nginx-deployment" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')
            $ kubectl patch deployment nginx-deployment --patch-file missing.yaml
            error: unable to read patch file: the path "missing.yaml" does not exist
        "#]],
    );
}

#[test]
fn immutable_fields_are_refused_for_apply_and_patch_alike() {
    transcript_with(
        &files(),
        &[
            "kubectl apply -f deployment.yaml",
            "kubectl apply -f relabelled.yaml",
            "kubectl patch deployment nginx-deployment --type merge -p '{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}}}}}'",
            "kubectl apply -f pod.yaml",
            "kubectl apply -f pod-changed.yaml",
            "kubectl patch pod one -p '{\"spec\":{\"containers\":[{\"name\":\"app\",\"ports\":[{\"containerPort\":80}]}]}}'",
            "kubectl patch pod one -p '{\"metadata\":{\"labels\":{\"tier\":\"front\"}}}'",
            "kubectl get pods --selector tier=front",
            "kubectl apply -f pod-labelled.yaml",
            "kubectl get pods -l tier=back",
            "kubectl expose deployment nginx-deployment --port 80",
            "kubectl patch service nginx-deployment -p '{\"spec\":{\"clusterIP\":\"10.96.9.9\"}}'",
            "kubectl patch service nginx-deployment --type merge -p '{\"metadata\":{\"name\":\"other\"}}'",
        ],
        expect![[r#"
            $ kubectl apply -f deployment.yaml
            deployment.apps/nginx-deployment created
            $ kubectl apply -f relabelled.yaml
            The Deployment "nginx-deployment" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
            $ kubectl patch deployment nginx-deployment --type merge -p '{"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}'
            The Deployment "nginx-deployment" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
            $ kubectl apply -f pod.yaml
            pod/one created
            $ kubectl apply -f pod-changed.yaml
            The Pod "one" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)
            $ kubectl patch pod one -p '{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80}]}]}}'
            The Pod "one" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)
            $ kubectl patch pod one -p '{"metadata":{"labels":{"tier":"front"}}}'
            pod/one patched
            $ kubectl get pods --selector tier=front
            NAME   READY   STATUS              RESTARTS   AGE
            one    0/1     ContainerCreating   0          0s
            $ kubectl apply -f pod-labelled.yaml
            pod/one configured
            $ kubectl get pods -l tier=back
            NAME   READY   STATUS              RESTARTS   AGE
            one    0/1     ContainerCreating   0          0s
            $ kubectl expose deployment nginx-deployment --port 80
            service/nginx-deployment exposed
            $ kubectl patch service nginx-deployment -p '{"spec":{"clusterIP":"10.96.9.9"}}'
            The Service "nginx-deployment" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.9.9"}: may not change once set
            $ kubectl patch service nginx-deployment --type merge -p '{"metadata":{"name":"other"}}'
            The Service "nginx-deployment" is invalid: metadata.name: Invalid value: "other": field is immutable
        "#]],
    );
}

#[test]
fn create_and_replace_from_a_file_refuse_what_exists_and_what_does_not() {
    transcript_with(
        &files(),
        &[
            "kubectl create -f deployment.yaml",
            "kubectl create -f deployment.yaml",
            "kubectl create -f missing.yaml",
            "kubectl get deployments",
            "kubectl expose deployment nginx-deployment --port 80",
            "kubectl describe svc",
            "kubectl describe service nope",
            "kubectl delete deployments/nginx-deployment services/nginx-deployment",
            "kubectl get deployments,services",
            "kubectl replace -f deployment.yaml",
            "kubectl create -f deployment.yaml",
            "kubectl replace -f deployment.yaml",
            "kubectl replace -f relabelled.yaml",
        ],
        expect![[r#"
            $ kubectl create -f deployment.yaml
            deployment.apps/nginx-deployment created
            $ kubectl create -f deployment.yaml
            Error from server (AlreadyExists): error when creating "deployment.yaml": deployments.apps "nginx-deployment" already exists
            $ kubectl create -f missing.yaml
            error: the path "missing.yaml" does not exist
            $ kubectl get deployments
            NAME               READY   UP-TO-DATE   AVAILABLE   AGE
            nginx-deployment   0/2     2            0           0s
            $ kubectl expose deployment nginx-deployment --port 80
            service/nginx-deployment exposed
            $ kubectl describe svc
            Name:                     kubernetes
            Namespace:                default
            Labels:                   component=apiserver
                                      provider=kubernetes
            Annotations:              <none>
            Selector:                 <none>
            Type:                     ClusterIP
            IP Family Policy:         SingleStack
            IP Families:              IPv4
            IP:                       10.96.0.1
            IPs:                      10.96.0.1
            Port:                     https  443/TCP
            TargetPort:               6443/TCP
            Endpoints:                <none>
            Session Affinity:         None
            Internal Traffic Policy:  Cluster
            Events:                   <none>


            Name:                     nginx-deployment
            Namespace:                default
            Labels:                   app=nginx
            Annotations:              <none>
            Selector:                 app=nginx
            Type:                     ClusterIP
            IP Family Policy:         SingleStack
            IP Families:              IPv4
            IP:                       10.96.0.3
            IPs:                      10.96.0.3
            Port:                     <unset>  80/TCP
            TargetPort:               80/TCP
            Endpoints:                <none>
            Session Affinity:         None
            Internal Traffic Policy:  Cluster
            Events:                   <none>
            $ kubectl describe service nope
            Error from server (NotFound): services "nope" not found
            $ kubectl delete deployments/nginx-deployment services/nginx-deployment
            deployment.apps "nginx-deployment" deleted
            service "nginx-deployment" deleted
            $ kubectl get deployments,services
            NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
            service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s
            $ kubectl replace -f deployment.yaml
            Error from server (NotFound): error when replacing "deployment.yaml": deployments.apps "nginx-deployment" not found
            $ kubectl create -f deployment.yaml
            deployment.apps/nginx-deployment created
            $ kubectl replace -f deployment.yaml
            deployment.apps/nginx-deployment replaced
            $ kubectl replace -f relabelled.yaml
            The Deployment "nginx-deployment" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
        "#]],
    );
}

#[test]
fn a_patch_pauses_and_resumes_like_rollout_pause() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx:1.14.2 --replicas=2",
            "kubectl patch deployment web -p '{\"spec\":{\"paused\":true}}'",
            "kubectl set image deployment/web nginx=nginx:1.16.1",
            "sim wait 30s",
            "kubectl get rs",
            "kubectl patch deployment web --type merge -p '{\"spec\":{\"paused\":null}}'",
            "sim wait 30s",
            "kubectl get rs",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx:1.14.2 --replicas=2
            deployment.apps/web created
            $ kubectl patch deployment web -p '{"spec":{"paused":true}}'
            deployment.apps/web patched
            $ kubectl set image deployment/web nginx=nginx:1.16.1
            deployment.apps/web image updated
            $ sim wait 30s
            t=30s
            $ kubectl get rs
            NAME             DESIRED   CURRENT   READY   AGE
            web-657949c98f   2         2         2       30s
            $ kubectl patch deployment web --type merge -p '{"spec":{"paused":null}}'
            deployment.apps/web patched
            $ sim wait 30s
            t=60s
            $ kubectl get rs
            NAME             DESIRED   CURRENT   READY   AGE
            web-657949c98f   0         0         0       60s
            web-7755fb6bf6   2         2         2       30s
        "#]],
    );
}
