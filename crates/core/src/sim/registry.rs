//! The image registry: which images exist, how big they are, and which program they run.
//!
//! The default catalog holds common public images (behaving like the real servers) and
//! Sunaba's demo image, whose behaviour is configured through environment variables (see
//! [`crate::sim::runtime`]). An image not in the catalog does not exist: pulling it fails with the
//! container runtime's real `not found` error, as a typo of a real image would; `sim why` then
//! says which it is ([`Registry::missing`]: a tag the repository lacks, a typo of an image it
//! has, or an image Sunaba does not carry).

use crate::base::object_map::ObjectMap;
use std::borrow::Cow;

/// What an image runs once started (the behaviour itself lives in [`crate::sim::runtime`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Program {
    Nginx,
    Httpd,
    Redis,
    Postgres,
    /// A shell: behaviour follows `command`/`args` (`sh -c "sleep 5; exit 1"`).
    Busybox,
    /// `sunaba/demo-app`: behaviour follows env vars (`EXIT_AFTER`, `LEAK_MEMORY_MIB_PER_SEC`…).
    DemoApp,
    /// `envoyproxy/envoy`: the sidecar proxy; its admin port 9901 answers `/ready`.
    Envoy,
    /// The official tutorials' HTTP servers on port 8080 (`kubernetes-bootcamp`, `agnhost
    /// netexec`): every path answers 200.
    TutorialServer,
    /// The resource tutorials' load generators (`polinux/stress`, `vish/stress`): hold the
    /// memory and burn the CPU their arguments ask for.
    Stress,
    /// Perl: the Jobs page's `bpi` one-liner.
    Perl,
    /// A node's log agent (`fluentd`): runs, listens nowhere, reads the node's logs.
    LogAgent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageInfo {
    pub size_bytes: u64,
    pub program: Program,
    /// The version the program reports in its logs (`nginx/1.14.2`).
    pub version: Cow<'static, str>,
    /// What an image built from a Dockerfile carries (`None` for the public catalog images,
    /// whose behaviour is their program's defaults).
    pub config: Option<Box<ImageConfig>>,
}

/// The image configuration a Dockerfile produces (what `docker inspect` shows under `Config`),
/// and its layers. The runtime honours it: baked `ENV` under the container's own env, the
/// image's `ENTRYPOINT`/`CMD` when the pod gives no `command`/`args`, `USER`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageConfig {
    /// `ENV` in order (a later entry with the same name wins).
    pub env: Vec<(String, String)>,
    /// `USER` (empty = root).
    pub user: String,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub workdir: String,
    /// `EXPOSE`d ports.
    pub exposed_ports: Vec<u16>,
    pub healthcheck: Option<ImageHealthcheck>,
    /// Bottom first, as `docker history` lists them reversed.
    pub layers: Vec<Layer>,
    /// `sha256:…` of the image manifest (deterministic).
    pub digest: String,
}

impl ImageConfig {
    /// What the process is started with when the pod says nothing: ENTRYPOINT, then CMD.
    pub fn argv(&self) -> Vec<String> {
        self.entrypoint.iter().chain(&self.cmd).cloned().collect()
    }
}

/// A Dockerfile `HEALTHCHECK` (Docker's defaults: 30 s, 30 s, 0 s, 3 retries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageHealthcheck {
    /// `["CMD", …]` or `["CMD-SHELL", "…"]`.
    pub test: Vec<String>,
    pub interval_ms: u64,
    pub timeout_ms: u64,
    pub start_period_ms: u64,
    pub retries: u32,
}

/// One filesystem layer of an image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layer {
    /// The instruction that made it, as `docker history` prints it.
    pub created_by: String,
    pub size_bytes: u64,
}

impl ImageInfo {
    /// A catalog image: a program at a version, no Dockerfile config.
    pub fn catalog(size_bytes: u64, program: Program, version: &'static str) -> ImageInfo {
        ImageInfo {
            size_bytes,
            program,
            version: Cow::Borrowed(version),
            config: None,
        }
    }

    /// The user the process runs as unless the pod says otherwise (`root` without `USER`).
    pub fn user(&self) -> &str {
        match &self.config {
            Some(c) if !c.user.is_empty() => &c.user,
            _ => "root",
        }
    }
}

pub use crate::input::image_ref::ImageRef;

#[derive(Clone, Debug)]
pub struct Registry {
    /// `registry/repository` → tag → image.
    images: ObjectMap<String, ObjectMap<String, ImageInfo>>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry::default_catalog()
    }
}

impl Registry {
    pub fn empty() -> Registry {
        Registry {
            images: ObjectMap::new(),
        }
    }

    pub fn default_catalog() -> Registry {
        let mut r = Registry::empty();
        let mb = |x: f64| (x * 1_000_000.0) as u64;
        for (tag, size, version) in [
            ("1.14.2", 44_709_064, "1.14.2"),
            ("1.16.1", mb(51.0), "1.16.1"),
            ("1.25", mb(67.2), "1.25.5"),
            ("1.27", mb(72.1), "1.27.3"),
            ("latest", mb(72.1), "1.27.3"),
        ] {
            r.add(
                "docker.io/library/nginx",
                tag,
                ImageInfo::catalog(size, Program::Nginx, version),
            );
        }
        for (tag, version) in [("2.4", "2.4.62"), ("latest", "2.4.62")] {
            r.add(
                "docker.io/library/httpd",
                tag,
                ImageInfo::catalog(mb(58.4), Program::Httpd, version),
            );
        }
        for (tag, version) in [("7", "7.4.1"), ("7.4", "7.4.1"), ("latest", "7.4.1")] {
            r.add(
                "docker.io/library/redis",
                tag,
                ImageInfo::catalog(mb(45.1), Program::Redis, version),
            );
        }
        for (tag, version) in [("16", "16.6"), ("latest", "16.6")] {
            r.add(
                "docker.io/library/postgres",
                tag,
                ImageInfo::catalog(mb(158.3), Program::Postgres, version),
            );
        }
        for (tag, version) in [("1.36", "1.36.1"), ("1.37", "1.37.0"), ("latest", "1.37.0")] {
            r.add(
                "docker.io/library/busybox",
                tag,
                ImageInfo::catalog(4_261_550, Program::Busybox, version),
            );
        }
        for (tag, version) in [
            ("v1.31", "1.31.2"),
            ("v1.32", "1.32.1"),
            ("latest", "1.32.1"),
        ] {
            r.add(
                "docker.io/envoyproxy/envoy",
                tag,
                ImageInfo::catalog(mb(62.3), Program::Envoy, version),
            );
        }
        for (tag, version) in [("1.0", "1.0.0"), ("2.0", "2.0.0"), ("latest", "2.0.0")] {
            r.add(
                "docker.io/sunaba/demo-app",
                tag,
                ImageInfo::catalog(mb(24.6), Program::DemoApp, version),
            );
        }
        // What the official tutorials pull, under the registries and mirrors the docs name, by
        // behaviour: shells (the init-container and Job pages' busybox and alpine), web servers
        // (Amazon ECS's getting-started httpd from the ECR Public mirror of Docker Hub), and the
        // sample servers of Kubernetes Basics and Hello Minikube.
        use Program::{Busybox, Httpd, Nginx, Perl, Stress, TutorialServer};
        const TUTORIALS: &[(&str, &str, f64, &str, Program)] = &[
            ("docker.io/library/busybox", "1.28", 0.73, "1.28.4", Busybox),
            ("docker.io/library/busybox", "1.35", 2.2, "1.35.0", Busybox),
            ("registry.k8s.io/busybox", "latest", 1.1, "1.24.0", Busybox),
            ("registry.k8s.io/busybox", "1.27.2", 0.7, "1.27.2", Busybox),
            ("docker.io/library/alpine", "3.19", 3.4, "3.19.4", Busybox),
            ("docker.io/library/alpine", "3.20", 3.6, "3.20.3", Busybox),
            ("docker.io/library/alpine", "latest", 3.6, "3.20.3", Busybox),
            (
                "public.ecr.aws/docker/library/httpd",
                "latest",
                58.4,
                "2.4.62",
                Httpd,
            ),
            (
                "public.ecr.aws/docker/library/httpd",
                "2.4",
                58.4,
                "2.4.62",
                Httpd,
            ),
            (
                "public.ecr.aws/docker/library/nginx",
                "latest",
                72.1,
                "1.27.3",
                Nginx,
            ),
            (
                "public.ecr.aws/nginx/nginx",
                "latest",
                72.1,
                "1.27.3",
                Nginx,
            ),
            (
                "gcr.io/google-samples/kubernetes-bootcamp",
                "v1",
                78.0,
                "v1",
                TutorialServer,
            ),
            (
                "docker.io/jocatalin/kubernetes-bootcamp",
                "v1",
                78.0,
                "v1",
                TutorialServer,
            ),
            (
                "docker.io/jocatalin/kubernetes-bootcamp",
                "v2",
                78.0,
                "v2",
                TutorialServer,
            ),
            (
                "registry.k8s.io/e2e-test-images/agnhost",
                "2.39",
                51.7,
                "2.39",
                TutorialServer,
            ),
            (
                "registry.k8s.io/e2e-test-images/agnhost",
                "2.40",
                51.7,
                "2.40",
                TutorialServer,
            ),
            // A TCP proxy: the probes page's TCP liveness and readiness example.
            ("registry.k8s.io/goproxy", "0.1", 2.6, "0.1", TutorialServer),
            ("docker.io/polinux/stress", "latest", 4.1, "1.0.4", Stress),
            ("docker.io/vish/stress", "latest", 1.4, "latest", Stress),
            ("docker.io/library/perl", "5.34.0", 336.4, "5.34.0", Perl),
            ("docker.io/library/perl", "5.34", 336.4, "5.34.0", Perl),
            ("docker.io/library/perl", "latest", 345.2, "5.40.0", Perl),
            // StatefulSet Basics (the tags its versions have used) and the DaemonSet update task.
            ("registry.k8s.io/nginx-slim", "0.7", 39.8, "1.9.14", Nginx),
            ("registry.k8s.io/nginx-slim", "0.8", 52.9, "1.11.1", Nginx),
            ("registry.k8s.io/nginx-slim", "0.21", 37.3, "1.21.6", Nginx),
            ("registry.k8s.io/nginx-slim", "0.24", 37.6, "1.25.3", Nginx),
            ("k8s.gcr.io/nginx-slim", "0.7", 39.8, "1.9.14", Nginx),
            ("k8s.gcr.io/nginx-slim", "0.8", 52.9, "1.11.1", Nginx),
            (
                "gcr.io/google_containers/nginx-slim",
                "0.8",
                52.9,
                "1.11.1",
                Nginx,
            ),
            (
                "quay.io/fluentd_elasticsearch/fluentd",
                "v2.5.2",
                140.2,
                "1.4.2",
                Program::LogAgent,
            ),
            (
                "quay.io/fluentd_elasticsearch/fluentd",
                "v2.6.0",
                141.0,
                "1.5.2",
                Program::LogAgent,
            ),
            (
                "quay.io/fluentd_elasticsearch/fluentd",
                "v5.0.1",
                152.4,
                "1.16.2",
                Program::LogAgent,
            ),
            // "Connecting Applications with Services": busybox with curl.
            (
                "docker.io/radial/busyboxplus",
                "curl",
                4.2,
                "busyboxplus-curl",
                Busybox,
            ),
        ];
        for &(repository, tag, size_mb, version, program) in TUTORIALS {
            r.add(
                repository,
                tag,
                ImageInfo::catalog(mb(size_mb), program, version),
            );
        }
        // Node.js on Debian slim (compressed size, as pulled): a shell image whose `node` runs
        // scripts; a Dockerfile that copies the demo app's code onto it runs the demo app.
        for (tag, version) in [
            ("20-slim", "20.18.1"),
            ("20", "20.18.1"),
            ("22-slim", "22.12.0"),
        ] {
            r.add(
                "docker.io/library/node",
                tag,
                ImageInfo::catalog(mb(68.9), Program::Busybox, version),
            );
        }
        r
    }

    pub fn add(&mut self, repository: &str, tag: &str, info: ImageInfo) {
        self.images
            .get_or_default(repository.to_string())
            .insert(tag.to_string(), info);
    }

    /// The tags of one repository (`registry/repository`), in tag order.
    pub fn tags(&self, repository: &str) -> impl Iterator<Item = (&String, &ImageInfo)> {
        self.images.get(repository).into_iter().flatten()
    }

    pub fn lookup(&self, image: &ImageRef) -> Option<&ImageInfo> {
        self.images
            .get(&format!("{}/{}", image.registry, image.repository))?
            .get(&image.tag)
    }

    /// Why an image is not in the registry, for a learner: a tag this repository does not
    /// have, a name one typo away from an image it has, or an image Sunaba does not carry.
    pub fn missing(&self, image: &ImageRef) -> Missing {
        let repository = format!("{}/{}", image.registry, image.repository);
        if let Some(tags) = self.images.get(&repository) {
            return Missing::Tag {
                tags: tags.keys().cloned().collect(),
            };
        }
        let short = |r: &str| {
            r.strip_prefix("docker.io/library/")
                .or_else(|| r.strip_prefix("docker.io/"))
                .unwrap_or(r)
                .to_string()
        };
        let wanted = short(&repository);
        let close = self.images.keys().map(|r| short(r)).find(|known| {
            let last = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
            one_typo(known, &wanted)
                || (last(known) != last(&wanted) && one_typo(&last(known), &last(&wanted)))
        });
        match close {
            Some(known) => Missing::Typo { known },
            None => Missing::NotCarried,
        }
    }
}

/// Why the registry has no such image ([`Registry::missing`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// The repository exists; this tag does not. Its tags, in order.
    Tag { tags: Vec<String> },
    /// One edit (or one swap of neighbours) away from a repository that exists.
    Typo { known: String },
    /// Sunaba's registry does not carry this image.
    NotCarried,
}

/// `a` and `b` differ by one insertion, deletion, substitution or swap of neighbours.
fn one_typo(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalise_like_containerd() {
        assert_eq!(
            ImageRef::parse("nginx").canonical(),
            "docker.io/library/nginx:latest"
        );
        assert_eq!(
            ImageRef::parse("nginx:1.14.2").canonical(),
            "docker.io/library/nginx:1.14.2"
        );
        assert_eq!(
            ImageRef::parse("sunaba/demo-app:1.0").canonical(),
            "docker.io/sunaba/demo-app:1.0"
        );
        assert_eq!(
            ImageRef::parse("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/shop/web:7")
                .registry,
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com"
        );
        assert_eq!(ImageRef::parse("localhost:5000/app").tag, "latest");
    }

    #[test]
    fn a_missing_image_is_a_wrong_tag_a_typo_or_not_carried() {
        let r = Registry::default_catalog();
        let missing = |s: &str| r.missing(&ImageRef::parse(s));
        assert!(
            matches!(missing("nginx:1.99"), Missing::Tag { tags } if tags.contains(&"1.14.2".to_string()))
        );
        assert_eq!(
            missing("ngnix:1.25"),
            Missing::Typo {
                known: "nginx".into()
            }
        );
        assert_eq!(
            missing("nginxx"),
            Missing::Typo {
                known: "nginx".into()
            }
        );
        assert_eq!(
            missing("busybx"),
            Missing::Typo {
                known: "busybox".into()
            }
        );
        assert_eq!(missing("mongo:7"), Missing::NotCarried);
        assert_eq!(missing("ghcr.io/acme/shop:1"), Missing::NotCarried);
        assert!(
            one_typo("redis", "reids") && one_typo("redis", "redi") && !one_typo("redis", "nginx")
        );
    }

    #[test]
    fn catalog_has_the_classic_images() {
        let r = Registry::default_catalog();
        assert_eq!(
            r.lookup(&ImageRef::parse("nginx:1.14.2"))
                .map(|i| i.size_bytes),
            Some(44_709_064)
        );
        assert!(r.lookup(&ImageRef::parse("busybox")).is_some());
        assert!(r
            .lookup(&ImageRef::parse("nginx:1.99-doesnotexist"))
            .is_none());
    }
}
