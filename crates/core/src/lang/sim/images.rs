//! The learner's Docker engine: `sim build|images|history|tag|push`, shaped like `docker
//! build` (BuildKit's progress), `docker images`, `docker history`, `docker tag`, `docker push`.
//!
//! Built images go to the engine's local store ([`crate::cloud::images::LocalImages`]). Pushing
//! to Docker Hub is denied (no `docker login` here); an Amazon ECR registry
//! (`<12 digits>.dkr.ecr.<region>.amazonaws.com`) takes the push when the account and
//! repository exist ([`World::push_image`]).

use std::collections::BTreeMap;

use crate::base::command::CommandError;
use crate::cloud::images::{LocalImage, MAX_LOCAL_IMAGES};
use crate::input::files::FileSource;
use crate::sim::build::{self, Built};
use crate::sim::registry::ImageRef;
use crate::world::World;

/// `sim build|images|history|tag|push|rmi` (the engine's verbs).
pub(crate) fn run_image_command(
    w: &mut World,
    t: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let verb = t.first().map(String::as_str).unwrap_or_default();
    let rest = &t[1..];
    match verb {
        "build" => sim_build(w, rest, files),
        "images" => Ok(sim_images(w)),
        "history" => sim_history(w, rest),
        "tag" => sim_tag(w, rest),
        "push" => sim_push(w, rest),
        other => err(format!("error: unknown image command \"{other}\"")),
    }
}

/// `sim build -t REPO:TAG [-f Dockerfile] [--build-arg K=V] DIR`: builds the image, prints
/// BuildKit's progress, and stores it locally under each tag.
fn sim_build(w: &mut World, t: &[String], files: &dyn FileSource) -> Result<String, CommandError> {
    let usage = "\"sim build\" requires exactly 1 argument.\nUsage:  sim build -t REPO:TAG [-f Dockerfile] [--build-arg K=V] DIR";
    let a = crate::lang::args::parse_args(t, &["sim", "build"], "sim build")?;
    let tags: Vec<String> = a.list("tag").into_iter().map(str::to_string).collect();
    let dockerfile = a.flag("file").map(str::to_string);
    let mut build_args = BTreeMap::new();
    for v in a.list("build-arg") {
        match v.split_once('=') {
            Some((k, v)) => build_args.insert(k.to_string(), v.to_string()),
            None => build_args.insert(v.to_string(), String::new()),
        };
    }
    let [dir] = a.positional.as_slice() else {
        return err(format!("ERROR: {usage}"));
    };
    for tag in &tags {
        if !valid_reference(tag) {
            return err(format!(
                "ERROR: invalid tag \"{tag}\": invalid reference format"
            ));
        }
    }
    let dir = dir.trim_end_matches('/');
    let dir = if dir.is_empty() { "." } else { dir };
    // `-f` is a path from where the command runs (as with `docker build`), not from DIR.
    let df_path = match &dockerfile {
        Some(f) => f.clone(),
        None if dir == "." => "Dockerfile".to_string(),
        None => format!("{dir}/Dockerfile"),
    };
    let df_name = dockerfile.clone().unwrap_or_else(|| "Dockerfile".into());
    let text = files.read(&df_path).map_err(|_| {
        CommandError::new(format!(
            "ERROR: failed to solve: failed to read dockerfile: open {df_name}: no such file or directory"
        ))
    })?;
    let built: Built = build::build(&text, dir, files, &registry_with_local(w), &build_args)
        .map_err(|e| CommandError::new(e.render(&df_name, &text)))?;
    if w.docker.images.len() >= MAX_LOCAL_IMAGES
        && !tags.iter().any(|t| {
            w.docker
                .images
                .contains_key(&ImageRef::parse(t).canonical())
        })
    {
        return err(format!(
            "ERROR: at most {MAX_LOCAL_IMAGES} local images: remove some first"
        ));
    }
    let out = build_progress(&df_name, &text, &built, &tags);
    for tag in &tags {
        w.docker.images.insert(
            ImageRef::parse(tag).canonical(),
            LocalImage {
                info: built.info.clone(),
                created_ms: w.k.now_ms,
                kinds: built.kinds.clone(),
            },
        );
    }
    Ok(out)
}

/// BuildKit's plain progress for a build of `df_name` (its `text`): the internal loads, each
/// step with its duration, the build context before the second step, and the export naming
/// each tag.
fn build_progress(df_name: &str, text: &str, built: &Built, tags: &[String]) -> String {
    let config = built.info.config.as_deref().cloned().unwrap_or_default();
    let id = build::image_id(&config);
    let mut out = String::from("#0 building with \"default\" instance using docker driver\n\n");
    let mut n = 1;
    let mut block = |out: &mut String, title: &str, lines: &[String]| {
        out.push_str(&format!("#{n} {title}\n"));
        for l in lines {
            out.push_str(&format!("#{n} {l}\n"));
        }
        n += 1;
    };
    block(
        &mut out,
        &format!("[internal] load build definition from {df_name}"),
        &[
            format!("transferring dockerfile: {}B done", text.len()),
            "DONE 0.0s\n".into(),
        ],
    );
    block(
        &mut out,
        &format!("[internal] load metadata for {}", built.base),
        &["DONE 0.0s\n".into()],
    );
    block(
        &mut out,
        "[internal] load .dockerignore",
        &["transferring context: 2B done".into(), "DONE 0.0s\n".into()],
    );
    for (i, step) in built.steps.iter().enumerate() {
        if i == 1 {
            block(
                &mut out,
                "[internal] load build context",
                &[
                    format!(
                        "transferring context: {} done",
                        human_size(built.context_bytes)
                    ),
                    "DONE 0.0s\n".into(),
                ],
            );
        }
        let secs = step.duration_ms as f64 / 1000.0;
        let line = format!("DONE {secs:.1}s\n");
        block(&mut out, &step.label, &[line]);
    }
    let mut export = vec![
        "exporting layers done".to_string(),
        format!("writing image {id} done"),
    ];
    for tag in tags {
        export.push(format!(
            "naming to {} done",
            ImageRef::parse(tag).canonical()
        ));
    }
    export.push("DONE 0.1s".into());
    block(&mut out, "exporting to image", &export);
    out
}

/// The catalog plus the local store (a FROM may name an image built here).
fn registry_with_local(w: &World) -> crate::sim::registry::Registry {
    let mut r = w.multi.cloud.registry.clone();
    for (reference, img) in &w.docker.images {
        let parsed = ImageRef::parse(reference);
        r.add(
            &format!("{}/{}", parsed.registry, parsed.repository),
            &parsed.tag,
            img.info.clone(),
        );
    }
    r
}

fn sim_images(w: &World) -> String {
    let mut rows = vec![[
        "REPOSITORY".to_string(),
        "TAG".into(),
        "IMAGE ID".into(),
        "CREATED".into(),
        "SIZE".into(),
    ]];
    // Newest first, like docker.
    let mut list: Vec<(&String, &LocalImage)> = w.docker.images.iter().collect();
    crate::base::sort::sort_by(&mut list, |a, b| {
        b.1.created_ms.cmp(&a.1.created_ms).then(a.0.cmp(b.0))
    });
    for (reference, img) in list {
        let r = ImageRef::parse(reference);
        let config = img.info.config.as_deref().cloned().unwrap_or_default();
        let id = build::image_id(&config);
        rows.push([
            short_repository(&r),
            r.tag.clone(),
            id.trim_start_matches("sha256:").chars().take(12).collect(),
            created_text(w.k.now_ms.saturating_sub(img.created_ms)),
            human_size(img.info.size_bytes),
        ]);
    }
    table(&rows)
}

fn find_local<'w>(w: &'w World, name: &str) -> Result<&'w LocalImage, CommandError> {
    w.docker
        .images
        .get(&ImageRef::parse(name).canonical())
        .ok_or_else(|| {
            CommandError::new(format!(
                "Error response from daemon: No such image: {}",
                if name.contains(':') {
                    name.to_string()
                } else {
                    format!("{name}:latest")
                }
            ))
        })
}

fn sim_history(w: &World, t: &[String]) -> Result<String, CommandError> {
    let [name] = t else {
        return err("\"sim history\" requires exactly 1 argument.\nUsage:  sim history IMAGE");
    };
    let img = find_local(w, name)?;
    let config = img.info.config.as_deref().cloned().unwrap_or_default();
    let id = build::image_id(&config);
    let mut rows = vec![[
        "IMAGE".to_string(),
        "CREATED".into(),
        "CREATED BY".into(),
        "SIZE".into(),
        "COMMENT".into(),
    ]];
    let n = config.layers.len();
    for (i, l) in config.layers.iter().enumerate().rev() {
        let by = l.created_by.trim_end_matches(" # upstream");
        let by: String = if by.chars().count() > 45 {
            by.chars().take(44).collect::<String>() + "…"
        } else {
            by.to_string()
        };
        let upstream = l.created_by.ends_with(" # upstream");
        rows.push([
            if i + 1 == n {
                id.trim_start_matches("sha256:").chars().take(12).collect()
            } else {
                "<missing>".into()
            },
            if upstream {
                "2 weeks ago".into()
            } else {
                created_text(w.k.now_ms.saturating_sub(img.created_ms))
            },
            by,
            human_size(l.size_bytes),
            "buildkit.dockerfile.v0".into(),
        ]);
    }
    Ok(table(&rows))
}

fn sim_tag(w: &mut World, t: &[String]) -> Result<String, CommandError> {
    let [src, dst] = t else {
        return err("\"sim tag\" requires exactly 2 arguments.\nUsage:  sim tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]");
    };
    if !valid_reference(dst) {
        return err(format!("Error parsing reference: \"{dst}\" is not a valid repository/tag: invalid reference format"));
    }
    let img = find_local(w, src)?.clone();
    if w.docker.images.len() >= MAX_LOCAL_IMAGES {
        return err(format!(
            "Error response from daemon: at most {MAX_LOCAL_IMAGES} local images"
        ));
    }
    w.docker
        .images
        .insert(ImageRef::parse(dst).canonical(), img);
    Ok(String::new())
}

fn sim_push(w: &mut World, t: &[String]) -> Result<String, CommandError> {
    let [name] = t else {
        return err("\"sim push\" requires exactly 1 argument.\nUsage:  sim push NAME[:TAG]");
    };
    let r = ImageRef::parse(name);
    let img = w
        .docker
        .images
        .get(&r.canonical())
        .cloned()
        .ok_or_else(|| {
            CommandError::new(format!(
                "An image does not exist locally with the tag: {}",
                name.rsplit_once(':')
                    .filter(|(_, t)| !t.contains('/'))
                    .map_or(name.as_str(), |(n, _)| n)
            ))
        })?;
    let repo_display = match r.registry.as_str() {
        "docker.io" => format!("docker.io/{}", r.repository),
        host => format!("{host}/{}", r.repository),
    };
    let mut out = format!("The push refers to repository [{repo_display}]\n");
    let config = img.info.config.as_deref().cloned().unwrap_or_default();
    let digests = build::layer_digests(&config);
    let layers: Vec<(&String, &crate::sim::registry::Layer)> = digests
        .iter()
        .zip(&config.layers)
        .filter(|(_, l)| !build::is_empty_layer(&l.created_by))
        .collect();
    let existing = w.multi.cloud.registry.lookup(&r).cloned();
    match is_ecr(&r.registry) {
        // A local registry (`docker run -p 5000:5000 registry:2`, kind's): takes any push.
        None if r.registry.starts_with("localhost:") || r.registry == "localhost" => {}
        None => {
            for (d, _) in layers.iter().rev().take(3) {
                out.push_str(&format!("{}: Preparing\n", short_digest(d)));
            }
            out.push_str("denied: requested access to the resource is denied");
            return err(out);
        }
        // ECR: the account and the repository must exist (`aws ecr create-repository`).
        Some(_) => {
            if let Err(e) = w.push_image(&r, img.info.clone()) {
                for (d, _) in layers.iter().rev() {
                    out.push_str(&format!("{}: Preparing\n", short_digest(d)));
                }
                out.push_str(&e.message);
                return err(out);
            }
        }
    }
    for (d, _) in layers.iter().rev() {
        let already = existing
            .as_ref()
            .and_then(|e| e.config.as_deref())
            .is_some_and(|c| build::layer_digests(c).contains(d));
        out.push_str(&format!(
            "{}: {}\n",
            short_digest(d),
            if already {
                "Layer already exists"
            } else {
                "Pushed"
            }
        ));
    }
    out.push_str(&format!(
        "{}: digest: {} size: {}\n",
        r.tag,
        config.digest,
        // The manifest's own size: a config descriptor plus one per layer.
        400 + 165 * layers.len()
    ));
    if is_ecr(&r.registry).is_none() {
        w.push_image(&r, img.info.clone())?;
    }
    Ok(out)
}

fn err<T>(m: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(m))
}

/// `docker images`' short name: `shop` for `docker.io/library/shop`.
fn short_repository(r: &ImageRef) -> String {
    match (r.registry.as_str(), r.repository.strip_prefix("library/")) {
        ("docker.io", Some(name)) => name.to_string(),
        ("docker.io", None) => r.repository.clone(),
        (host, _) => format!("{host}/{}", r.repository),
    }
}

/// `1.2MB`, `0B`, `388B`, `8.92kB`: Docker's `units.HumanSize` (decimal, 3 significant digits).
pub fn human_size(bytes: u64) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut i = 0;
    while v >= 1000.0 && i < units.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    // %.4g: three significant digits, trailing zeros trimmed.
    let digits = if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    };
    let digits = if digits.contains('.') {
        digits
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        digits
    };
    format!("{digits}{}", units[i])
}

fn is_ecr(host: &str) -> Option<(&str, &str)> {
    let rest = host.strip_suffix(".amazonaws.com")?;
    let (account, rest) = rest.split_once(".dkr.ecr.")?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty())
        .then_some((account, rest))
}

fn short_digest(d: &str) -> String {
    d.trim_start_matches("sha256:").chars().take(12).collect()
}

/// Docker's reference grammar, loosely: lowercase path components, an optional tag.
fn valid_reference(s: &str) -> bool {
    let r = ImageRef::parse(s);
    let tag_ok = !r.tag.is_empty()
        && r.tag.len() <= 128
        && r.tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    let repo_ok = !r.repository.is_empty()
        && r.repository.len() <= 255
        && r.repository.split('/').all(|p| {
            !p.is_empty()
                && p.chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
                })
        });
    tag_ok && repo_ok && !s.contains('@') && !s.contains(char::is_whitespace)
}

/// `docker images`' CREATED: "About a minute ago", "5 seconds ago"… (go-units HumanDuration).
fn created_text(ms: u64) -> String {
    let s = ms / 1000;
    let text = if s < 1 {
        "Less than a second".to_string()
    } else if s == 1 {
        "1 second".into()
    } else if s < 60 {
        format!("{s} seconds")
    } else if s / 60 == 1 {
        "About a minute".into()
    } else if s < 3600 {
        format!("{} minutes", s / 60)
    } else if s / 3600 == 1 {
        "About an hour".into()
    } else if s < 48 * 3600 {
        format!("{} hours", s / 3600)
    } else {
        format!("{} days", s / 86400)
    };
    format!("{text} ago")
}

/// Columns padded like Docker's tabwriter (3 spaces).
fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < N {
                line.push_str(&" ".repeat(widths[i] - c.chars().count() + 3));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_print_like_docker() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(388), "388B");
        assert_eq!(human_size(8_920), "8.92kB");
        assert_eq!(human_size(146_000_000), "146MB");
        assert_eq!(human_size(68_900_000), "68.9MB");
    }

    #[test]
    fn ecr_hosts_are_recognised() {
        assert_eq!(
            is_ecr("111111111111.dkr.ecr.ap-northeast-1.amazonaws.com"),
            Some(("111111111111", "ap-northeast-1"))
        );
        assert_eq!(is_ecr("docker.io"), None);
        assert_eq!(is_ecr("1111.dkr.ecr.x.amazonaws.com"), None);
    }
}
