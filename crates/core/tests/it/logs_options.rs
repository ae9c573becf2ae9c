//! `kubectl logs` options: `--tail`, `--since`, `--timestamps`, `--prefix`, `--all-containers`,
//! `-f`, and the `TYPE/NAME` forms.

use super::label::transcript;
use expect_test::expect;

#[test]
fn logs_options_shape_the_lines() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx --replicas=2",
            "kubectl expose deployment web --port 80",
            "sim wait 20s",
            "kubectl logs deploy/web",
            "kubectl logs deploy/web --tail=1",
            "kubectl logs deploy/web --tail=1 --timestamps",
            "kubectl logs -l app=web --prefix --tail=1",
            "kubectl logs -l app=web --all-containers --tail=1",
            "kubectl logs -l app=web --since=5s",
            "kubectl logs -f svc/web --tail=1",
            "kubectl logs rs/web-5bfc69d98f --tail=1",
            "kubectl logs deploy/web --tail=x",
            "kubectl logs deploy/web -c nginx --all-containers",
            "kubectl logs svc/nope",
            "kubectl logs rs/nope",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx --replicas=2
            deployment.apps/web created
            $ kubectl expose deployment web --port 80
            service/web exposed
            $ sim wait 20s
            t=20s
            $ kubectl logs deploy/web
            Found 2 pods, using pod/web-5bfc69d98f-khhn5
            /docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
            /docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
            /docker-entrypoint.sh: Configuration complete; ready for start up
            2026/11/28 10:00:04 [notice] 1#1: using the "epoll" event method
            2026/11/28 10:00:04 [notice] 1#1: nginx/1.27.3
            2026/11/28 10:00:04 [notice] 1#1: start worker processes
            $ kubectl logs deploy/web --tail=1
            Found 2 pods, using pod/web-5bfc69d98f-khhn5
            2026/11/28 10:00:04 [notice] 1#1: start worker processes
            $ kubectl logs deploy/web --tail=1 --timestamps
            Found 2 pods, using pod/web-5bfc69d98f-khhn5
            2026-11-28T10:00:04.000000000Z 2026/11/28 10:00:04 [notice] 1#1: start worker processes
            $ kubectl logs -l app=web --prefix --tail=1
            [pod/web-5bfc69d98f-khhn5/nginx] 2026/11/28 10:00:04 [notice] 1#1: start worker processes
            [pod/web-5bfc69d98f-qzg8h/nginx] 2026/11/28 10:00:04 [notice] 1#1: start worker processes
            $ kubectl logs -l app=web --all-containers --tail=1
            2026/11/28 10:00:04 [notice] 1#1: start worker processes
            2026/11/28 10:00:04 [notice] 1#1: start worker processes
            $ kubectl logs -l app=web --since=5s
            $ kubectl logs -f svc/web --tail=1
            Found 2 pods, using pod/web-5bfc69d98f-khhn5
            2026/11/28 10:00:04 [notice] 1#1: start worker processes
            $ kubectl logs rs/web-5bfc69d98f --tail=1
            Found 2 pods, using pod/web-5bfc69d98f-khhn5
            2026/11/28 10:00:04 [notice] 1#1: start worker processes
            $ kubectl logs deploy/web --tail=x
            error: invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax
            $ kubectl logs deploy/web -c nginx --all-containers
            error: --container cannot be used with --all-containers
            $ kubectl logs svc/nope
            Error from server (NotFound): services "nope" not found
            $ kubectl logs rs/nope
            Error from server (NotFound): replicasets.apps "nope" not found
        "#]],
    );
}
