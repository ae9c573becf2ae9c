//! Services as containers see them: init containers waiting in `until nslookup …` for a
//! Service, the service links in a container's environment (only for Services that existed
//! when it started), the cluster's DNS names, `nslookup` failing, `wget`/`curl` through a
//! Service, `kubectl exec … sh -c`, and the `kubernetes`/`kube-dns` Services.

use sunaba_core::{MapFiles, World};

const MYAPP: &str = include_str!("../../../../tests/tutorials/init-containers/myapp.yaml");
const NGINX: &str = include_str!("../../../../tests/tutorials/connect-services/run-my-nginx.yaml");
const NGINX_SVC: &str = include_str!("../../../../tests/tutorials/connect-services/nginx-svc.yaml");

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert("myapp.yaml".into(), MYAPP.into());
    f.0.insert("run-my-nginx.yaml".into(), NGINX.into());
    f.0.insert("nginx-svc.yaml".into(), NGINX_SVC.into());
    let svc = |name: &str, port: u16| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  ports:\n  - protocol: TCP\n    port: 80\n    targetPort: {port}\n")
    };
    f.0.insert("myservice.yaml".into(), svc("myservice", 9376));
    f.0.insert("mydb.yaml".into(), svc("mydb", 9377));
    f.0.insert(
        "headless.yaml".into(),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: None\n  selector:\n    run: my-nginx\n  ports:\n  - port: 80\n".into(),
    );
    f.0.insert(
        "named.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: named\n  labels:\n    run: my-nginx\nspec:\n  hostname: box-0\n  subdomain: web\n  containers:\n  - name: c\n    image: busybox:1.28\n    command: [sleep, \"3600\"]\n".into(),
    );
    f
}

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("{line}: {}", e.message))
}

fn fails(w: &mut World, f: &MapFiles, line: &str) -> String {
    match sunaba_core::run(w, line, f) {
        Ok(out) => panic!("{line} should fail, printed {out}"),
        Err(e) => e.message,
    }
}

/// The pod's STATUS column.
fn status(w: &mut World, f: &MapFiles) -> String {
    let out = run(w, f, "kubectl get pod myapp-pod");
    out.lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .nth(2)
        .unwrap()
        .to_string()
}

#[test]
fn init_containers_wait_in_nslookup_until_each_service_exists() {
    let (mut w, f) = (World::new(3), files());
    run(&mut w, &f, "kubectl apply -f myapp.yaml");
    run(&mut w, &f, "sim wait 30s");
    assert_eq!(status(&mut w, &f), "Init:0/2");
    let logs = run(&mut w, &f, "kubectl logs myapp-pod -c init-myservice");
    assert!(logs.starts_with("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nnslookup: can't resolve 'myservice.default.svc.cluster.local'\nwaiting for myservice\n"), "{logs}");
    // One attempt every 2 s: more lines as time passes, none from the future.
    let waits = logs.matches("waiting for myservice").count();
    assert!((10..=16).contains(&waits), "{waits} attempts in ~30 s");
    run(&mut w, &f, "sim wait 10s");
    let later = run(&mut w, &f, "kubectl logs myapp-pod -c init-myservice");
    assert_eq!(later.matches("waiting for myservice").count(), waits + 5);

    run(&mut w, &f, "kubectl apply -f myservice.yaml");
    run(&mut w, &f, "sim wait 2s");
    assert_eq!(
        status(&mut w, &f),
        "Init:1/2",
        "found at the next attempt, within 2 s"
    );
    let logs = run(&mut w, &f, "kubectl logs myapp-pod -c init-myservice");
    assert!(logs.ends_with("Name:      myservice.default.svc.cluster.local\nAddress 1: 10.96.0.3 myservice.default.svc.cluster.local\n"), "{logs}");
    let mydb = run(&mut w, &f, "kubectl logs myapp-pod -c init-mydb");
    assert!(mydb.contains("waiting for mydb"), "{mydb}");

    run(&mut w, &f, "kubectl apply -f mydb.yaml");
    run(&mut w, &f, "sim wait 3s");
    assert_eq!(status(&mut w, &f), "Running");
    assert_eq!(
        run(&mut w, &f, "kubectl logs myapp-pod"),
        "The app is running!\n"
    );
}

#[test]
fn service_links_are_those_of_services_older_than_the_container() {
    let (mut w, f) = (World::new(4), files());
    run(&mut w, &f, "kubectl apply -f run-my-nginx.yaml");
    run(&mut w, &f, "sim wait 30s");
    let before = run(
        &mut w,
        &f,
        "kubectl exec deploy/my-nginx -- printenv | grep SERVICE",
    );
    assert_eq!(
        before,
        "KUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nKUBERNETES_SERVICE_PORT_HTTPS=443\n"
    );
    run(&mut w, &f, "kubectl apply -f nginx-svc.yaml");
    let still = run(
        &mut w,
        &f,
        "kubectl exec deploy/my-nginx -- printenv | grep SERVICE",
    );
    assert_eq!(
        still, before,
        "running containers keep the environment they started with"
    );
    run(&mut w, &f, "kubectl rollout restart deployment my-nginx");
    run(&mut w, &f, "sim wait 60s");
    let env = run(&mut w, &f, "kubectl exec deploy/my-nginx -- env");
    for line in [
        "MY_NGINX_SERVICE_HOST=10.96.0.3",
        "MY_NGINX_SERVICE_PORT=80",
        "MY_NGINX_PORT=tcp://10.96.0.3:80",
        "MY_NGINX_PORT_80_TCP=tcp://10.96.0.3:80",
        "MY_NGINX_PORT_80_TCP_PROTO=tcp",
        "MY_NGINX_PORT_80_TCP_PORT=80",
        "MY_NGINX_PORT_80_TCP_ADDR=10.96.0.3",
        "NGINX_VERSION=1.27.3",
        "HOSTNAME=my-nginx-",
    ] {
        assert!(env.contains(line), "{line} in {env}");
    }
}

#[test]
fn dns_names_resolve_in_every_form_and_fail_in_busybox_words() {
    let (mut w, f) = (World::new(5), files());
    run(&mut w, &f, "kubectl apply -f run-my-nginx.yaml");
    run(&mut w, &f, "kubectl apply -f nginx-svc.yaml");
    run(
        &mut w,
        &f,
        "kubectl run curl --image=radial/busyboxplus:curl -- sleep 3600",
    );
    run(&mut w, &f, "sim wait 30s");
    for name in [
        "my-nginx",
        "my-nginx.default",
        "my-nginx.default.svc",
        "my-nginx.default.svc.cluster.local",
    ] {
        let out = run(&mut w, &f, &format!("kubectl exec curl -- nslookup {name}"));
        assert_eq!(
            out,
            format!("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      {name}\nAddress 1: 10.96.0.3 my-nginx.default.svc.cluster.local\n")
        );
    }
    let k = run(
        &mut w,
        &f,
        "kubectl exec curl -- nslookup kubernetes.default",
    );
    assert!(
        k.contains("Address 1: 10.96.0.1 kubernetes.default.svc.cluster.local"),
        "{k}"
    );
    let e = fails(&mut w, &f, "kubectl exec curl -- nslookup nope");
    assert!(
        e.ends_with("nslookup: can't resolve 'nope'\ncommand terminated with exit code 1"),
        "{e}"
    );
    // Another namespace's Service needs its namespace in the name.
    let e = fails(&mut w, &f, "kubectl exec curl -- nslookup kube-dns");
    assert!(e.contains("can't resolve 'kube-dns'"), "{e}");
    let dns = run(
        &mut w,
        &f,
        "kubectl exec curl -- nslookup kube-dns.kube-system",
    );
    assert!(
        dns.contains("Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local"),
        "{dns}"
    );
    // HTTP through the Service reaches nginx.
    let page = run(&mut w, &f, "kubectl exec curl -- curl -s my-nginx");
    assert!(page.contains("<title>Welcome to nginx!</title>"), "{page}");
    let page = run(
        &mut w,
        &f,
        "kubectl exec curl -- wget -qO- http://my-nginx.default.svc.cluster.local",
    );
    assert!(page.contains("Welcome to nginx!"), "{page}");
    let e = fails(&mut w, &f, "kubectl exec curl -- wget -qO- http://nope");
    assert!(e.starts_with("wget: bad address 'nope'"), "{e}");
    // The files every pod has.
    let conf = run(&mut w, &f, "kubectl exec curl -- cat /etc/resolv.conf");
    assert_eq!(conf, "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n");
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl exec curl -- sh -c 'hostname; echo $((6 * 7))'"
        ),
        "curl\n42\n"
    );
}

#[test]
fn headless_services_answer_ready_pod_ips_and_hostnames_with_subdomains() {
    let (mut w, f) = (World::new(6), files());
    run(&mut w, &f, "kubectl apply -f headless.yaml");
    run(&mut w, &f, "kubectl apply -f named.yaml");
    run(&mut w, &f, "sim wait 30s");
    let svc = run(&mut w, &f, "kubectl get svc web");
    assert!(svc.contains("web    ClusterIP   None"), "{svc}");
    let wide = run(&mut w, &f, "kubectl get pod named -o wide");
    let ip = wide
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .nth(5)
        .unwrap()
        .to_string();
    let out = run(&mut w, &f, "kubectl exec named -- nslookup web");
    assert!(out.contains(&format!("Address 1: {ip} ")), "{out}");
    let out = run(
        &mut w,
        &f,
        "kubectl exec named -- nslookup box-0.web.default.svc.cluster.local",
    );
    assert!(
        out.contains(&format!(
            "Address 1: {ip} box-0.web.default.svc.cluster.local"
        )),
        "{out}"
    );
}

#[test]
fn the_cluster_keeps_its_kubernetes_and_kube_dns_services() {
    let (mut w, f) = (World::new(7), files());
    let svc = run(
        &mut w,
        &f,
        "kubectl get services kube-dns --namespace=kube-system",
    );
    assert_eq!(
        svc,
        "NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)                  AGE\nkube-dns   ClusterIP   10.96.0.10   <none>        53/UDP,53/TCP,9153/TCP   0s\n"
    );
    run(&mut w, &f, "sim wait 1m");
    assert_eq!(
        run(&mut w, &f, "kubectl delete svc kubernetes"),
        "service \"kubernetes\" deleted\n"
    );
    let svc = run(&mut w, &f, "kubectl get svc");
    assert!(
        svc.contains("kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s"),
        "recreated at once: {svc}"
    );
}

#[test]
fn a_liveness_file_written_by_the_script_serves_the_exec_probe() {
    let mut f = files();
    f.0.insert(
        "exec-liveness.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    test: liveness\n  name: liveness-exec\nspec:\n  containers:\n  - name: liveness\n    image: registry.k8s.io/busybox\n    args:\n    - /bin/sh\n    - -c\n    - touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600\n    livenessProbe:\n      exec:\n        command:\n        - cat\n        - /tmp/healthy\n      initialDelaySeconds: 5\n      periodSeconds: 5\n".into(),
    );
    let mut w = World::new(8);
    run(&mut w, &f, "kubectl apply -f exec-liveness.yaml");
    run(&mut w, &f, "sim wait 25s");
    assert_eq!(
        run(&mut w, &f, "kubectl exec liveness-exec -- ls /tmp"),
        "healthy\n"
    );
    run(&mut w, &f, "sim wait 60s");
    let ev = run(&mut w, &f, "kubectl describe pod liveness-exec");
    assert!(
        ev.contains(
            "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
        ),
        "{ev}"
    );
    let pods = run(&mut w, &f, "kubectl get pod liveness-exec");
    assert!(pods.contains("   1 ("), "restarted once: {pods}");
}
