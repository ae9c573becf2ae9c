//! The command language, run against a small world: command lines as a learner types them
//! (`kubectl …`, `aws …`, `sim …`), and ECS JSON as `aws ecs` reads it from files and options.
//! Nothing may panic, every answer stays bounded and the world's invariants hold after each
//! command ([`World::check_invariants`], [`World::check_ecs`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use sunaba_core::lang::complete::{complete, MAX_CANDIDATES};
use sunaba_core::{MapFiles, World};

use crate::located::yaml_line_lengths;

/// Most bytes one command may print on the small world: the largest tables and `-o yaml`
/// dumps of a few objects are a few KiB; a megabyte means something grew without a bound.
pub const OUTPUT_MAX_BYTES: usize = 1024 * 1024;

/// Command lines run from one input (a few, so that a command can act on what the one before
/// it made).
pub const LINES_MAX: usize = 4;

/// The files commands may read, at the paths the workshop scripts (`www/scenarios/`) use, so
/// their lines work as they are.
fn files() -> &'static MapFiles {
    static FILES: OnceLock<MapFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut m = BTreeMap::new();
        macro_rules! example {
            ($($path:literal),* $(,)?) => {$(
                m.insert(
                    concat!("../examples/", $path).to_string(),
                    include_str!(concat!("../../../www/examples/", $path)).to_string(),
                );
            )*};
        }
        example!(
            "nginx-deployment.yaml",
            "crashloop.yaml",
            "multi-doc.yaml",
            "oom.yaml",
            "ecs/api-ec2.task.json",
            "ecs/api.service.json",
            "ecs/web-fargate.task.json",
            "app/Dockerfile",
            "app/package.json",
            "app/server.js",
            "app/deployment.yaml",
            "kustomize/base/kustomization.yaml",
            "kustomize/base/deployment.yaml",
            "kustomize/base/service.yaml",
            "kustomize/overlays/staging/kustomization.yaml",
            "kustomize/overlays/staging/namespace.yaml",
            "ecs/environments/staging/task-definition.json",
            "ecs/environments/staging/service.json",
            "ecs/environments/staging/target-group.json",
            "ecs/environments/staging/target-group-attributes.json",
        );
        MapFiles(m)
    })
}

/// A small world, the same for every input: three nodes, an nginx Deployment, an ECS task
/// definition, half a minute in.
fn small_world() -> World {
    let mut w = World::new(1);
    for line in [
        "kubectl apply -f ../examples/nginx-deployment.yaml",
        "aws ecs register-task-definition --cli-input-json file://../examples/ecs/api-ec2.task.json",
        "sim wait 30s",
    ] {
        sunaba_core::run(&mut w, line, files()).expect("the small world's setup runs");
    }
    w
}

/// Runs one line and checks what it printed and the world after it.
fn run_checked(w: &mut World, line: &str, files: &MapFiles) {
    let (printed, ok) = match sunaba_core::run(w, line, files) {
        Ok(out) => (out, true),
        Err(e) => (e.message, false),
    };
    assert!(
        printed.len() <= OUTPUT_MAX_BYTES,
        "{line:?} printed {} bytes (at most {OUTPUT_MAX_BYTES})",
        printed.len()
    );
    assert!(
        ok || !printed.trim().is_empty(),
        "{line:?} failed without saying why"
    );
    if let Err(e) = w.check_invariants().and_then(|()| w.check_ecs()) {
        panic!("after {line:?}: an invariant is broken: {e}");
    }
}

/// Up to [`LINES_MAX`] command lines, each run on the small world, then Tab completion of each.
pub fn command(data: &[u8]) {
    let text = crate::text(data);
    let mut w = small_world();
    for line in text.split('\n').take(LINES_MAX) {
        run_checked(&mut w, line, files());
        let c = complete(&w, line);
        assert!(c.candidates.len() <= MAX_CANDIDATES, "too many candidates");
        assert!(
            line.is_char_boundary(c.start.min(line.len())) && c.start <= line.len(),
            "completion starts at {} of {:?}",
            c.start,
            line
        );
    }
}

/// The path the ECS JSON is read from.
const ECS_FILE: &str = "in.json";

/// ECS JSON as `aws ecs` reads it: the same text as a file for `--cli-input-json` (a task
/// definition, then a service), and for the structure options `--overrides`,
/// `--network-configuration` and `--deployment-configuration` (strict JSON or shorthand),
/// after the definition loader's own located check.
pub fn ecs_json(data: &[u8]) {
    let text = crate::text(data);
    let loaded = sunaba_core::input::definitions::load(ECS_FILE, &text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lengths = yaml_line_lengths(body);
    for d in &loaded.diagnostics {
        crate::inputs::check_diagnostic(&lengths, d);
    }
    let mut files = files().clone();
    files.0.insert(ECS_FILE.into(), text.into_owned());
    let mut w = small_world();
    for line in [
        "aws ecs register-task-definition --cli-input-json file://in.json",
        "aws ecs create-service --cli-input-json file://in.json",
        "aws ecs create-service --service-name s --task-definition api --desired-count 1 \
         --deployment-configuration file://in.json --network-configuration file://in.json",
        "aws ecs run-task --task-definition api --overrides file://in.json",
        "sim wait 10s",
        "aws ecs describe-services --services s",
    ] {
        run_checked(&mut w, line, &files);
    }
}
