//! Services as containers see them: the `kubernetes` and `kube-dns` Services every cluster
//! has, the environment the kubelet gives a process (the image's `ENV`, the pod's `env`, the
//! service links `MY_NGINX_SERVICE_HOST`…, `HOSTNAME`), the files every pod has
//! (`/etc/resolv.conf`, `/etc/hostname`, the service account's namespace), and the cluster's
//! DNS and HTTP as a shell's `nslookup`/`wget`/`curl` find them ([`ClusterNet`]).
//! Reads the store; writes only the two system Services.

use crate::base::rng::SimRng;
use crate::input::model::{Container, Labels, Millis, ServicePort, ServiceSpec};
use crate::sim::registry::{ImageInfo, Program};
use crate::sim::runtime::shell::{Answer, Net, Query};
use crate::sim::store::{ObjectMeta, Pod, Service, Store};

/// The API server's Service: `default/kubernetes`.
pub const KUBERNETES_IP: &str = "10.96.0.1";
/// The cluster DNS Service: `kube-system/kube-dns`.
pub const KUBE_DNS_IP: &str = "10.96.0.10";
const CLUSTER_DOMAIN: &str = "cluster.local";
const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Whether `namespace/name` is a Service the cluster itself keeps.
pub fn is_system_service(namespace: &str, name: &str) -> bool {
    (namespace, name) == ("default", "kubernetes")
        || (namespace, name) == ("kube-system", "kube-dns")
}

/// Creates the `kubernetes` Service (as the API server does at start and whenever it is
/// deleted) and, at start, `kube-dns`.
pub(crate) fn insert_system_services(store: &mut Store, now: Millis, rng: &mut SimRng, dns: bool) {
    let port = |name: &str, port: u16, target: u16, protocol: &str| ServicePort {
        name: Some(name.into()),
        port,
        target_port: target,
        protocol: protocol.into(),
    };
    let mut services = vec![(
        "default",
        "kubernetes",
        KUBERNETES_IP,
        labels(&[("component", "apiserver"), ("provider", "kubernetes")]),
        Labels::new(),
        vec![port("https", 443, 6443, "TCP")],
    )];
    if dns {
        services.push((
            "kube-system",
            "kube-dns",
            KUBE_DNS_IP,
            labels(&[
                ("k8s-app", "kube-dns"),
                ("kubernetes.io/cluster-service", "true"),
                ("kubernetes.io/name", "CoreDNS"),
            ]),
            labels(&[("k8s-app", "kube-dns")]),
            vec![
                port("dns", 53, 53, "UDP"),
                port("dns-tcp", 53, 53, "TCP"),
                port("metrics", 9153, 9153, "TCP"),
            ],
        ));
    }
    for (namespace, name, ip, labels, selector, ports) in services {
        let rv = store.next_rv();
        let svc = Service {
            meta: ObjectMeta {
                name: name.into(),
                namespace: namespace.into(),
                uid: rng.uuid(),
                resource_version: rv,
                generation: 1,
                labels,
                annotations: Labels::new(),
                creation_ms: now,
                owner: None,
                deletion_ms: None,
            },
            spec: ServiceSpec {
                selector,
                ports,
                type_: "ClusterIP".into(),
                cluster_ip: Some(ip.into()),
            },
            cluster_ip: ip.into(),
        };
        store
            .services
            .insert((namespace.to_string(), name.to_string()), svc);
    }
}

/// Where the API server listens, behind the `kubernetes` Service (the control plane is not one
/// of the simulated nodes).
pub const API_SERVER_ENDPOINT: &str = "10.0.0.10:6443";

/// A Service's endpoints as `kubectl get endpoints` lists them: the API server's for
/// `kubernetes`, else the ready pods it selects.
pub fn endpoints(store: &Store, svc: &Service) -> Vec<String> {
    if is_system_service(&svc.meta.namespace, &svc.meta.name) && svc.meta.name == "kubernetes" {
        return vec![API_SERVER_ENDPOINT.to_string()];
    }
    store.service_endpoints(svc)
}

/// A new Service's ClusterIP: `None` for a headless one, the address it asks for, or the next
/// of `10.96.x.y` (the learner's Services counted alone, so the two the cluster keeps move
/// no one's address; theirs are never handed out).
pub(crate) fn allocate_cluster_ip(store: &Store, spec: &ServiceSpec) -> String {
    if let Some(ip) = spec.cluster_ip.as_deref().filter(|ip| !ip.is_empty()) {
        return ip.to_string();
    }
    let own = store
        .services
        .keys()
        .filter(|(ns, name)| !is_system_service(ns, name))
        .count() as u64;
    let mut n = own + 1;
    loop {
        let ip = format!("10.96.{}.{}", (n / 250) % 256, n % 250 + 2);
        if ip != KUBE_DNS_IP && ip != KUBERNETES_IP {
            return ip;
        }
        n += 1;
    }
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `my-nginx` → `MY_NGINX` (the kubelet's `makeEnvVariableName`).
fn env_name(s: &str) -> String {
    s.replace('-', "_").to_uppercase()
}

/// The service links the kubelet injects into a container created at `at_ms` in `namespace`:
/// every Service of the namespace that existed then, and `kubernetes` from `default`, by name,
/// each as `FromServices` writes them.
pub fn service_env(store: &Store, namespace: &str, at_ms: Millis) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // An ECS task's containers (pods in `ecs:CLUSTER`) get no Kubernetes service links.
    if namespace.starts_with("ecs:") {
        return out;
    }
    let mut seen = std::collections::BTreeSet::new();
    let chosen = store.services.values().filter(|s| {
        s.meta.creation_ms <= at_ms
            && (s.meta.namespace == namespace
                || (s.meta.namespace == "default" && s.meta.name == "kubernetes"))
    });
    let mut chosen: Vec<&Service> = chosen.collect();
    crate::base::sort::sort_by(&mut chosen, |a, b| a.meta.name.cmp(&b.meta.name));
    for s in chosen {
        // A namespace's own Service shadows the master one of the same name.
        if !seen.insert(s.meta.name.clone()) || s.spec.ports.is_empty() || s.cluster_ip == "None" {
            continue;
        }
        let prefix = env_name(&s.meta.name);
        let ip = &s.cluster_ip;
        out.push((format!("{prefix}_SERVICE_HOST"), ip.clone()));
        out.push((
            format!("{prefix}_SERVICE_PORT"),
            s.spec.ports[0].port.to_string(),
        ));
        for p in &s.spec.ports {
            if let Some(name) = p.name.as_deref().filter(|n| !n.is_empty()) {
                out.push((
                    format!("{prefix}_SERVICE_PORT_{}", env_name(name)),
                    p.port.to_string(),
                ));
            }
        }
        for (n, p) in s.spec.ports.iter().enumerate() {
            let proto = p.protocol.to_lowercase();
            let url = format!("{proto}://{ip}:{}", p.port);
            if n == 0 {
                out.push((format!("{prefix}_PORT"), url.clone()));
            }
            let pp = format!("{prefix}_PORT_{}_{}", p.port, p.protocol.to_uppercase());
            out.push((pp.clone(), url));
            out.push((format!("{pp}_PROTO"), proto));
            out.push((format!("{pp}_PORT"), p.port.to_string()));
            out.push((format!("{pp}_ADDR"), ip.clone()));
        }
    }
    out
}

/// The `ENV` of an image: a built image's config, or what the public images set.
pub fn image_env(info: &ImageInfo) -> Vec<(String, String)> {
    if let Some(config) = info.config.as_deref() {
        return config.env.clone();
    }
    let v = info.version.to_string();
    match info.program {
        Program::Nginx => vec![("NGINX_VERSION".into(), v)],
        Program::Httpd => vec![
            ("HTTPD_PREFIX".into(), "/usr/local/apache2".into()),
            ("HTTPD_VERSION".into(), v),
        ],
        Program::Redis => vec![("REDIS_VERSION".into(), v)],
        Program::Postgres => vec![
            (
                "PG_MAJOR".into(),
                v.split('.').next().unwrap_or_default().into(),
            ),
            ("PG_VERSION".into(), v),
            ("PGDATA".into(), "/var/lib/postgresql/data".into()),
        ],
        Program::DemoApp => vec![("NODE_VERSION".into(), "20.18.0".into())],
        _ => Vec::new(),
    }
}

/// The environment a container's process sees, in order: `PATH`, `HOSTNAME`, the image's
/// `ENV`, the pod's `env` (resolved), the service links the pod did not set itself, `HOME`.
pub fn process_env(
    info: Option<&ImageInfo>,
    pod_name: &str,
    spec: &Container,
    services: &[(String, String)],
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![
        ("PATH".into(), PATH.into()),
        ("HOSTNAME".into(), pod_name.to_string()),
    ];
    let set = |env: &mut Vec<(String, String)>, k: &str, v: &str| match env
        .iter_mut()
        .find(|(name, _)| name == k)
    {
        Some(e) => e.1 = v.to_string(),
        None => env.push((k.to_string(), v.to_string())),
    };
    for (k, v) in info.map(image_env).unwrap_or_default() {
        set(&mut env, &k, &v);
    }
    let own = spec.env_sources.resolved.as_ref().unwrap_or(&spec.env);
    for e in own {
        set(&mut env, &e.name, &e.value);
    }
    for (k, v) in services {
        if !own.iter().any(|e| &e.name == k) {
            set(&mut env, k, v);
        }
    }
    let user = info.map_or("root", |i| i.user());
    let home = match user.split(':').next().unwrap_or(user) {
        "root" | "0" => "/root".to_string(),
        u if u.bytes().all(|b| b.is_ascii_digit()) => "/".to_string(),
        u => format!("/home/{u}"),
    };
    if !env.iter().any(|(k, _)| k == "HOME") {
        env.push(("HOME".into(), home));
    }
    env
}

/// The files every pod's containers have: (path, content).
pub fn pod_files(pod: &Pod) -> Vec<(String, String)> {
    let ns = &pod.meta.namespace;
    let ip = pod.status.pod_ip.clone().unwrap_or_default();
    vec![
        ("/etc/hostname".into(), format!("{}\n", pod.meta.name)),
        (
            "/etc/hosts".into(),
            format!(
                "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n{ip}\t{}\n",
                pod.meta.name
            ),
        ),
        (
            "/etc/resolv.conf".into(),
            format!(
                "search {ns}.svc.{CLUSTER_DOMAIN} svc.{CLUSTER_DOMAIN} {CLUSTER_DOMAIN}\nnameserver {KUBE_DNS_IP}\noptions ndots:5\n"
            ),
        ),
        (
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace".into(),
            ns.clone(),
        ),
    ]
}

/// The cluster's DNS and HTTP as a pod in `namespace` finds them now.
pub struct ClusterNet<'a> {
    pub store: &'a Store,
    pub namespace: String,
}

impl ClusterNet<'_> {
    /// A name through the pod's search path (`ndots:5`): the full name and its addresses,
    /// each with its reverse name.
    fn resolve(&self, name: &str) -> Option<(String, Vec<(String, String)>)> {
        let name = name.trim_end_matches('.').to_lowercase();
        let mut candidates = Vec::new();
        if name.matches('.').count() < 5 {
            for suffix in [
                format!("{}.svc.{CLUSTER_DOMAIN}", self.namespace),
                format!("svc.{CLUSTER_DOMAIN}"),
                CLUSTER_DOMAIN.to_string(),
            ] {
                candidates.push(format!("{name}.{suffix}"));
            }
        }
        candidates.push(name.clone());
        candidates.into_iter().find_map(|fqdn| {
            let addrs = self.lookup(&fqdn)?;
            Some((fqdn, addrs))
        })
    }

    /// A full name: `SVC.NS.svc.cluster.local` or `HOST.SUBDOMAIN.NS.svc.cluster.local`.
    fn lookup(&self, fqdn: &str) -> Option<Vec<(String, String)>> {
        let rest = fqdn.strip_suffix(&format!(".svc.{CLUSTER_DOMAIN}"))?;
        let parts: Vec<&str> = rest.split('.').collect();
        match parts.as_slice() {
            [svc, ns] => {
                let s = self
                    .store
                    .services
                    .get(&(ns.to_string(), svc.to_string()))?;
                if s.cluster_ip == "None" {
                    let ips: Vec<(String, String)> = self
                        .ready_pods(s)
                        .map(|p| {
                            let ip = p.status.pod_ip.clone().unwrap_or_default();
                            let rname = format!("{}.{fqdn}", ip.replace('.', "-"));
                            (ip, rname)
                        })
                        .collect();
                    return (!ips.is_empty()).then_some(ips);
                }
                Some(vec![(s.cluster_ip.clone(), fqdn.to_string())])
            }
            [host, subdomain, ns] => {
                // A pod named by its hostname and subdomain, when a headless Service of that
                // name exists in its namespace.
                self.store
                    .services
                    .get(&(ns.to_string(), subdomain.to_string()))?;
                let p = self.store.pods.values().find(|p| {
                    p.meta.namespace == *ns
                        && p.meta.deletion_ms.is_none()
                        && pod_hostname(p) == *host
                        && pod_subdomain(p) == Some(*subdomain)
                })?;
                let ip = p.status.pod_ip.clone()?;
                Some(vec![(ip, fqdn.to_string())])
            }
            _ => None,
        }
    }

    fn ready_pods<'s>(&'s self, s: &'s Service) -> impl Iterator<Item = &'s Pod> + 's {
        self.store.pods.values().filter(move |p| {
            p.meta.namespace == s.meta.namespace
                && p.is_ready()
                && p.status.pod_ip.is_some()
                && !s.spec.selector.is_empty()
                && s.spec
                    .selector
                    .iter()
                    .all(|(k, v)| p.meta.labels.get(k) == Some(v))
        })
    }

    /// `GET http://host:port/path`: through a Service to one of its ready pods (the first, as
    /// kube-proxy's choice is not simulated per request), or to a pod's own IP.
    fn get(&self, host: &str, port: u16) -> Answer {
        let Some((_, addrs)) = self.resolve(host).or_else(|| {
            host.parse::<std::net::Ipv4Addr>()
                .ok()
                .map(|_| (host.to_string(), vec![(host.to_string(), host.to_string())]))
        }) else {
            return Answer::BadAddress;
        };
        let ip = addrs[0].0.clone();
        let refused = Answer::Refused(ip.clone());
        let target = self
            .store
            .services
            .values()
            .find(|s| s.cluster_ip == ip)
            .map(|s| {
                let target_port = s
                    .spec
                    .ports
                    .iter()
                    .find(|p| p.port == port)
                    .map(|p| p.target_port);
                (self.ready_pods(s).next(), target_port)
            });
        let (pod, target_port) = match target {
            Some((Some(p), Some(tp))) => (p, tp),
            Some(_) => return refused,
            None => match self.store.pods.values().find(|p| {
                p.status.pod_ip.as_deref() == Some(ip.as_str()) && p.meta.deletion_ms.is_none()
            }) {
                Some(p) => (p, port),
                None => return refused,
            },
        };
        match body_of(pod, target_port) {
            Some(body) => Answer::Body(body),
            None => refused,
        }
    }
}

impl Net for ClusterNet<'_> {
    fn ask(&mut self, _at_ms: Millis, query: &Query) -> Answer {
        match query {
            Query::Resolve(name) => Answer::Resolved(self.resolve(name)),
            Query::Get { host, port, .. } => self.get(host, *port),
        }
    }
}

/// What the program of a pod listening on `port` answers to `GET /` (by its image's name:
/// the store does not hold the registry).
fn body_of(pod: &Pod, port: u16) -> Option<String> {
    let serves = |c: &Container| {
        c.ports.iter().any(|p| p.container_port == port) || default_port(&c.image) == Some(port)
    };
    let c = pod.spec.containers[pod.spec.init_count.min(pod.spec.containers.len())..]
        .iter()
        .find(|c| serves(c))?;
    let image = c.image.as_str();
    Some(if image.contains("nginx") {
        NGINX_WELCOME.to_string()
    } else if image.contains("httpd") {
        "<html><body><h1>It works!</h1></body></html>\n".to_string()
    } else if image.contains("demo-app") {
        format!("{{\"hostname\":\"{}\",\"ok\":true}}\n", pod.meta.name)
    } else if image.contains("bootcamp") {
        format!(
            "Hello Kubernetes bootcamp! | Running on: {} | v=1\n",
            pod.meta.name
        )
    } else {
        format!("{}\n", pod.meta.name)
    })
}

fn default_port(image: &str) -> Option<u16> {
    if image.contains("nginx") || image.contains("httpd") {
        Some(80)
    } else if image.contains("demo-app") || image.contains("bootcamp") || image.contains("agnhost")
    {
        Some(8080)
    } else {
        None
    }
}

/// A pod's DNS host name (`spec.hostname`, else its name).
fn pod_hostname(p: &Pod) -> &str {
    p.spec.hostname.as_deref().unwrap_or(&p.meta.name)
}

fn pod_subdomain(p: &Pod) -> Option<&str> {
    p.spec.subdomain.as_deref()
}

/// nginx's default page, as `curl` prints it.
pub const NGINX_WELCOME: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";
