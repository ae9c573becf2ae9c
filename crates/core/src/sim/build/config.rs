//! An image's config: the one a build starts from (its own when built here, else the catalog
//! image's upstream ENV, CMD, exposed ports and history), and what a built image runs.

use super::context::{basename, join, resolve};
use super::BuiltStage;
use crate::sim::registry::{ImageConfig, ImageInfo, ImageRef, Layer, Program, Registry};

/// `Some(version)` when the command runs node on a JS file the build copied (or `npm start`
/// whose script does): the Sunaba demo app's program, at `package.json`'s version.
pub(super) fn runs_demo_app(argv: &[String], st: &BuiltStage) -> Option<String> {
    let words: Vec<String> = match argv.first().map(|a| basename(a)) {
        Some("sh" | "bash") if argv.get(1).map(String::as_str) == Some("-c") => {
            shlex::split(argv.get(2)?.trim().trim_start_matches("exec ")).unwrap_or_default()
        }
        _ => argv.to_vec(),
    };
    let package = st
        .fs
        .get(&join(&st.config.workdir, "package.json"))
        .and_then(|f| f.text.as_deref())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    let file = match words.first().map(|w| basename(w)) {
        Some("node") => words.iter().skip(1).find(|w| !w.starts_with('-'))?.clone(),
        Some("npm") if words.get(1).map(String::as_str) == Some("start") => {
            let start = package.as_ref()?.pointer("/scripts/start")?.as_str()?;
            let w = shlex::split(start)?;
            if w.first().map(String::as_str) != Some("node") {
                return None;
            }
            w.get(1)?.clone()
        }
        _ => return None,
    };
    let path = resolve(&st.config.workdir, &file);
    let path = if st.fs.contains_key(&path) || path.ends_with(".js") {
        path
    } else {
        format!("{path}.js")
    };
    st.fs.get(&path)?;
    Some(
        package
            .as_ref()
            .and_then(|p| p.get("version"))
            .and_then(|v| v.as_str())
            .unwrap_or("0.0.0")
            .chars()
            .take(64)
            .collect(),
    )
}

/// Marks a base image's own history rows (upstream's), so they read as the runtime.
pub(super) const BASE_MARK: &str = " # upstream";

/// The config of an image as a build starts from it: its own when built here, else the
/// catalog image's defaults (upstream's ENV/CMD/EXPOSE and layers).
pub fn image_config(info: &ImageInfo, r: &ImageRef) -> ImageConfig {
    if let Some(c) = &info.config {
        return (**c).clone();
    }
    base_defaults(info, r)
}

pub(super) fn base_config(registry: &Registry, image: &str) -> Option<ImageConfig> {
    let r = ImageRef::parse(image);
    registry.lookup(&r).map(|info| image_config(info, &r))
}

/// Upstream defaults for a catalog image: ENV, CMD, exposed ports, and its history (sizes
/// summing to the catalog size). Entrypoint wrapper scripts are not modelled.
fn base_defaults(info: &ImageInfo, r: &ImageRef) -> ImageConfig {
    let path = (
        "PATH".to_string(),
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
    );
    let v = info.version.to_string();
    type Defaults<'a> = (
        Vec<(String, String)>,
        Vec<&'a str>,
        Vec<u16>,
        Vec<(&'a str, u32)>,
    );
    let (env, cmd, ports, rows): Defaults =
        match info.program {
            Program::Nginx => (
                vec![path, ("NGINX_VERSION".into(), v)],
                vec!["nginx", "-g", "daemon off;"],
                vec![80],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 40), ("RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && apt-get install --no-install-recommends --no-install-suggests -y nginx", 58), ("COPY docker-entrypoint.sh / # buildkit", 1), ("EXPOSE map[80/tcp:{}]", 0), ("CMD [\"nginx\" \"-g\" \"daemon off;\"]", 0)],
            ),
            Program::Httpd => (
                vec![path, ("HTTPD_VERSION".into(), v)],
                vec!["httpd-foreground"],
                vec![80],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 48), ("RUN /bin/sh -c set -eux; apt-get install -y --no-install-recommends libapr1-dev libaprutil1-dev; make install", 51), ("EXPOSE map[80/tcp:{}]", 0), ("CMD [\"httpd-foreground\"]", 0)],
            ),
            Program::Redis => (
                vec![path, ("REDIS_VERSION".into(), v)],
                vec!["redis-server"],
                vec![6379],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 62), ("RUN /bin/sh -c set -eux; groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis", 1), ("RUN /bin/sh -c set -eux; make -C /usr/src/redis install", 37), ("EXPOSE map[6379/tcp:{}]", 0), ("CMD [\"redis-server\"]", 0)],
            ),
            Program::Postgres => (
                vec![path, ("PG_VERSION".into(), v), ("PGDATA".into(), "/var/lib/postgresql/data".into())],
                vec!["postgres"],
                vec![5432],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 18), ("RUN /bin/sh -c set -ex; apt-get install -y --no-install-recommends postgresql-common", 82), ("EXPOSE map[5432/tcp:{}]", 0), ("CMD [\"postgres\"]", 0)],
            ),
            Program::Busybox if r.repository.contains("node") => (
                vec![path, ("NODE_VERSION".into(), v), ("YARN_VERSION".into(), "1.22.22".into())],
                vec!["node"],
                vec![],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 41), ("RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit", 1), ("ENV NODE_VERSION=20.18.1", 0), ("RUN /bin/sh -c ARCH= && dpkgArch=\"$(dpkg --print-architecture)\" && curl -fsSLO --compressed \"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz\" # buildkit", 53), ("ENV YARN_VERSION=1.22.22", 0), ("RUN /bin/sh -c set -ex && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\" # buildkit", 5), ("CMD [\"node\"]", 0)],
            ),
            Program::Busybox => (
                vec![path],
                vec!["sh"],
                vec![],
                vec![("ADD file:a3d6a5a3d5f1b7c2e9e3c0b5f0d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0 in / ", 100), ("CMD [\"sh\"]", 0)],
            ),
            Program::DemoApp => (
                vec![path, ("PORT".into(), "8080".into())],
                vec!["node", "server.js"],
                vec![8080],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 70), ("RUN /bin/sh -c npm ci --omit=dev # buildkit", 20), ("COPY . . # buildkit", 10), ("EXPOSE map[8080/tcp:{}]", 0), ("CMD [\"node\" \"server.js\"]", 0)],
            ),
            Program::TutorialServer => (
                vec![path],
                vec!["/agnhost"],
                vec![8080],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 60), ("COPY server /server # buildkit", 40), ("EXPOSE map[8080/tcp:{}]", 0)],
            ),
            Program::Stress => (
                vec![path],
                vec!["stress"],
                vec![],
                vec![("ADD file:3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a in / ", 60), ("RUN /bin/sh -c apk add --no-cache stress", 40), ("ENTRYPOINT [\"stress\"]", 0)],
            ),
            Program::LogAgent => (
                vec![path],
                vec!["/entrypoint.sh"],
                vec![],
                vec![("# debian.sh --arch 'amd64' out/ 'buster' '@1556496000'", 45), ("RUN /bin/sh -c gem install fluentd fluent-plugin-elasticsearch # buildkit", 55), ("CMD [\"/entrypoint.sh\"]", 0)],
            ),
            Program::Envoy => (
                vec![path],
                vec!["envoy", "-c", "/etc/envoy/envoy.yaml"],
                vec![10000],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 45), ("COPY envoy /usr/local/bin/envoy # buildkit", 55), ("EXPOSE map[10000/tcp:{}]", 0), ("CMD [\"envoy\" \"-c\" \"/etc/envoy/envoy.yaml\"]", 0)],
            ),
            Program::Perl => (
                vec![path, ("PERL_VERSION".into(), v)],
                vec!["perl5.34.0", "-de0"],
                vec![],
                vec![("# debian.sh --arch 'amd64' out/ 'bullseye' '@1732492800'", 60), ("RUN /bin/sh -c true && curl -fL https://www.cpan.org/src/5.0/perl-5.34.0.tar.xz -o perl-5.34.0.tar.xz && make install # buildkit", 40), ("CMD [\"perl5.34.0\" \"-de0\"]", 0)],
            ),
        };
    let layers = weighted_layers(&rows, info.size_bytes);
    ImageConfig {
        env,
        user: String::new(),
        entrypoint: Vec::new(),
        cmd: cmd.into_iter().map(str::to_string).collect(),
        workdir: String::new(),
        exposed_ports: ports,
        healthcheck: None,
        layers,
        digest: String::new(),
    }
}

/// The history rows (created-by, weight) as layers: `size_bytes` split over the rows of
/// weight above 0 by their weights, the last taking what rounding left; the others empty.
fn weighted_layers(rows: &[(&str, u32)], size_bytes: u64) -> Vec<Layer> {
    // Split the catalog size over the filesystem rows by their weights; the last takes the rest.
    let total_weight: u64 = rows.iter().map(|(_, w)| u64::from(*w)).sum::<u64>().max(1);
    let mut left = size_bytes;
    let fs_rows = rows.iter().filter(|(_, w)| *w > 0).count();
    let mut seen = 0;
    rows.iter()
        .map(|(by, w)| {
            let size = if *w == 0 {
                0
            } else {
                seen += 1;
                if seen == fs_rows {
                    left
                } else {
                    let s = size_bytes / total_weight * u64::from(*w);
                    left = left.saturating_sub(s);
                    s
                }
            };
            Layer {
                created_by: format!("{by}{BASE_MARK}"),
                size_bytes: size,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_size_is_split_by_weight_and_the_last_row_takes_the_rest() {
        let layers = weighted_layers(&[("a", 1), ("EXPOSE", 0), ("b", 2)], 1_000);
        let sizes: Vec<u64> = layers.iter().map(|l| l.size_bytes).collect();
        assert_eq!(sizes, [333, 0, 667]);
        assert_eq!(layers[0].created_by, format!("a{BASE_MARK}"));
    }
}
