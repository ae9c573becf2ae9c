//! `kubectl rollout pause|resume`: a paused Deployment's template changes wait for resume.

use super::label::transcript;
use expect_test::expect;

#[test]
fn a_paused_deployment_rolls_out_only_when_resumed() {
    transcript(
        &[
            "kubectl create deployment nginx --image=nginx:1.14.2 --replicas=3",
            "sim wait 30s",
            "kubectl rollout pause deployment/nginx",
            "kubectl rollout pause deployment/nginx",
            "kubectl set image deployment/nginx nginx=nginx:1.16.1",
            "sim wait 30s",
            "kubectl rollout history deployment/nginx",
            "kubectl get rs",
            "kubectl rollout status deployment/nginx",
            "kubectl rollout undo deployment/nginx",
            "kubectl rollout restart deployment/nginx",
            "kubectl describe deployment nginx",
            "kubectl rollout resume deployment/nginx",
            "kubectl rollout status deployment/nginx",
            "kubectl rollout resume deployment/nginx",
            "kubectl get rs",
            "kubectl rollout pause deployment/nope",
        ],
        expect![[r#"
            $ kubectl create deployment nginx --image=nginx:1.14.2 --replicas=3
            deployment.apps/nginx created
            $ sim wait 30s
            t=30s
            $ kubectl rollout pause deployment/nginx
            deployment.apps/nginx paused
            $ kubectl rollout pause deployment/nginx
            error: deployments.apps "nginx" is already paused
            $ kubectl set image deployment/nginx nginx=nginx:1.16.1
            deployment.apps/nginx image updated
            $ sim wait 30s
            t=60s
            $ kubectl rollout history deployment/nginx
            deployment.apps/nginx
            REVISION  CHANGE-CAUSE
            1         <none>
            $ kubectl get rs
            NAME               DESIRED   CURRENT   READY   AGE
            nginx-777f8ccbc9   3         3         3       60s
            $ kubectl rollout status deployment/nginx
            Waiting for deployment "nginx" rollout to finish: 0 out of 3 new replicas have been updated...
            error: deployment "nginx" is paused: its rollout waits for `kubectl rollout resume deployment/nginx`
            $ kubectl rollout undo deployment/nginx
            error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again
            $ kubectl rollout restart deployment/nginx
            error: deployments.apps "nginx" can't restart paused deployment (run rollout resume first)
            $ kubectl describe deployment nginx
            Name:                   nginx
            Namespace:              default
            CreationTimestamp:      Sat, 28 Nov 2026 10:00:00 +0000
            Labels:                 app=nginx
            Annotations:            deployment.kubernetes.io/revision: 1
            Selector:               app=nginx
            Replicas:               3 desired | 0 updated | 3 total | 3 available | 0 unavailable
            StrategyType:           RollingUpdate
            MinReadySeconds:        0
            RollingUpdateStrategy:  25% max unavailable, 25% max surge
            Pod Template:
              Labels:  app=nginx
              Containers:
               nginx:
                Image:        nginx:1.16.1
                Environment:  <none>
            Conditions:
              Type           Status  Reason
              ----           ------  ------
              Available      True    MinimumReplicasAvailable
              Progressing    Unknown DeploymentPaused
            OldReplicaSets:  <none>
            NewReplicaSet:   nginx-777f8ccbc9 (3/3 replicas created)
            Events:
              Type    Reason             Age   From                   Message
              ----    ------             ----  ----                   -------
              Normal  ScalingReplicaSet  60s   deployment-controller  Scaled up replica set nginx-777f8ccbc9 to 3
            $ kubectl rollout resume deployment/nginx
            deployment.apps/nginx resumed
            $ kubectl rollout status deployment/nginx
            Waiting for deployment "nginx" rollout to finish: 1 out of 3 new replicas have been updated...
            Waiting for deployment "nginx" rollout to finish: 2 out of 3 new replicas have been updated...
            Waiting for deployment "nginx" rollout to finish: 1 old replicas are pending termination...
            deployment "nginx" successfully rolled out
            $ kubectl rollout resume deployment/nginx
            error: deployments.apps "nginx" is not paused
            $ kubectl get rs
            NAME               DESIRED   CURRENT   READY   AGE
            nginx-777f8ccbc9   0         0         0       72s
            nginx-7c665f454b   3         3         3       12s
            $ kubectl rollout pause deployment/nope
            Error from server (NotFound): deployments.apps "nope" not found
        "#]],
    );
}

#[test]
fn a_paused_deployment_still_scales() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx --replicas=1",
            "kubectl rollout pause deployment/web",
            "kubectl scale deployment web --replicas=3",
            "sim wait 30s",
            "kubectl get deployments",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx --replicas=1
            deployment.apps/web created
            $ kubectl rollout pause deployment/web
            deployment.apps/web paused
            $ kubectl scale deployment web --replicas=3
            deployment.apps/web scaled
            $ sim wait 30s
            t=30s
            $ kubectl get deployments
            NAME   READY   UP-TO-DATE   AVAILABLE   AGE
            web    3/3     3            3           30s
        "#]],
    );
}
