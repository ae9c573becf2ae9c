//! What every command of a session can read: the example folders compiled in (read in place,
//! never copied per command), the editor's text as `editor.yaml` and the Dockerfile panel's as
//! `app/Dockerfile`; and which commands read the editor or the Dockerfile (the journal keeps
//! the text they saw).

use sunaba_core::input::files::FileSource;

/// The file name under which the editor's text is served to `kubectl apply -f`.
pub const EDITOR_FILE: &str = "editor.yaml";
/// Where the Dockerfile panel's text is served from: `sim build -t shop:1.0 app`.
pub const DOCKERFILE: &str = "app/Dockerfile";
/// The example Dockerfile (the Dockerfile panel starts with it).
pub const EXAMPLE_DOCKERFILE: &str = include_str!("../../../../www/examples/app/Dockerfile");
/// The example folders every command can read, as the CLI reads `www/examples/`: the
/// kustomize base and overlays (`kubectl apply -k kustomize/overlays/staging`, `sim env
/// create`), the ECS environment folders (`sim env create … --from ecs/environments/staging`)
/// and the demo app's build context (`sim build -t shop:1.0 app`).
pub const EXAMPLE_FILES: &[(&str, &str)] = &[
    (
        "kustomize/base/deployment.yaml",
        include_str!("../../../../www/examples/kustomize/base/deployment.yaml"),
    ),
    (
        "kustomize/base/kustomization.yaml",
        include_str!("../../../../www/examples/kustomize/base/kustomization.yaml"),
    ),
    (
        "kustomize/base/service.yaml",
        include_str!("../../../../www/examples/kustomize/base/service.yaml"),
    ),
    (
        "kustomize/overlays/prod/kustomization.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/prod/kustomization.yaml"),
    ),
    (
        "kustomize/overlays/prod/namespace.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/prod/namespace.yaml"),
    ),
    (
        "kustomize/overlays/prod/resources.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/prod/resources.yaml"),
    ),
    (
        "kustomize/overlays/staging/kustomization.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/staging/kustomization.yaml"),
    ),
    (
        "kustomize/overlays/staging/namespace.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/staging/namespace.yaml"),
    ),
    (
        "kustomize/overlays/staging-sessions/kustomization.yaml",
        include_str!(
            "../../../../www/examples/kustomize/overlays/staging-sessions/kustomization.yaml"
        ),
    ),
    (
        "kustomize/overlays/staging-logs/kustomization.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/staging-logs/kustomization.yaml"),
    ),
    (
        "kustomize/overlays/staging-sigterm/kustomization.yaml",
        include_str!(
            "../../../../www/examples/kustomize/overlays/staging-sigterm/kustomization.yaml"
        ),
    ),
    (
        "kustomize/overlays/staging-ecr/kustomization.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/staging-ecr/kustomization.yaml"),
    ),
    (
        "kustomize/overlays/test/kustomization.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/test/kustomization.yaml"),
    ),
    (
        "kustomize/overlays/test/namespace.yaml",
        include_str!("../../../../www/examples/kustomize/overlays/test/namespace.yaml"),
    ),
    (
        "app/.dockerignore",
        include_str!("../../../../www/examples/app/.dockerignore"),
    ),
    (
        "app/healthcheck.js",
        include_str!("../../../../www/examples/app/healthcheck.js"),
    ),
    (
        "app/package-lock.json",
        include_str!("../../../../www/examples/app/package-lock.json"),
    ),
    (
        "app/package.json",
        include_str!("../../../../www/examples/app/package.json"),
    ),
    (
        "app/server.js",
        include_str!("../../../../www/examples/app/server.js"),
    ),
    (
        "ecs/environments/test/task-definition.json",
        include_str!("../../../../www/examples/ecs/environments/test/task-definition.json"),
    ),
    (
        "ecs/environments/test/service.json",
        include_str!("../../../../www/examples/ecs/environments/test/service.json"),
    ),
    (
        "ecs/environments/staging/task-definition.json",
        include_str!("../../../../www/examples/ecs/environments/staging/task-definition.json"),
    ),
    (
        "ecs/environments/staging/service.json",
        include_str!("../../../../www/examples/ecs/environments/staging/service.json"),
    ),
    (
        "ecs/environments/prod/task-definition.json",
        include_str!("../../../../www/examples/ecs/environments/prod/task-definition.json"),
    ),
    (
        "ecs/environments/prod/service.json",
        include_str!("../../../../www/examples/ecs/environments/prod/service.json"),
    ),
    (
        "ecs/environments/staging-ecr/task-definition.json",
        include_str!("../../../../www/examples/ecs/environments/staging-ecr/task-definition.json"),
    ),
    (
        "ecs/environments/staging-ecr/service.json",
        include_str!("../../../../www/examples/ecs/environments/staging-ecr/service.json"),
    ),
    (
        "ecs/environments/staging-secrets/task-definition.json",
        include_str!(
            "../../../../www/examples/ecs/environments/staging-secrets/task-definition.json"
        ),
    ),
    (
        "ecs/environments/staging-secrets/service.json",
        include_str!("../../../../www/examples/ecs/environments/staging-secrets/service.json"),
    ),
    (
        "ecs/environments/staging-sigterm/task-definition.json",
        include_str!(
            "../../../../www/examples/ecs/environments/staging-sigterm/task-definition.json"
        ),
    ),
    (
        "ecs/environments/staging-sigterm/service.json",
        include_str!("../../../../www/examples/ecs/environments/staging-sigterm/service.json"),
    ),
    (
        "ecs/environments/staging-baked/task-definition.json",
        include_str!(
            "../../../../www/examples/ecs/environments/staging-baked/task-definition.json"
        ),
    ),
    (
        "ecs/environments/staging-baked/service.json",
        include_str!("../../../../www/examples/ecs/environments/staging-baked/service.json"),
    ),
    (
        "ecs/environments/test/target-group.json",
        include_str!("../../../../www/examples/ecs/environments/test/target-group.json"),
    ),
    (
        "ecs/environments/test/target-group-attributes.json",
        include_str!("../../../../www/examples/ecs/environments/test/target-group-attributes.json"),
    ),
    (
        "ecs/environments/staging/target-group.json",
        include_str!("../../../../www/examples/ecs/environments/staging/target-group.json"),
    ),
    (
        "ecs/environments/staging/target-group-attributes.json",
        include_str!(
            "../../../../www/examples/ecs/environments/staging/target-group-attributes.json"
        ),
    ),
    (
        "ecs/environments/prod/target-group.json",
        include_str!("../../../../www/examples/ecs/environments/prod/target-group.json"),
    ),
    (
        "ecs/environments/prod/target-group-attributes.json",
        include_str!("../../../../www/examples/ecs/environments/prod/target-group-attributes.json"),
    ),
    (
        "kustomize/overlays/staging-baked/kustomization.yaml",
        include_str!(
            "../../../../www/examples/kustomize/overlays/staging-baked/kustomization.yaml"
        ),
    ),
    (
        "app/Dockerfile.baked",
        include_str!("../../../../www/examples/app/Dockerfile.baked"),
    ),
    (
        "ecs/web-fargate.task.json",
        include_str!("../../../../www/examples/ecs/web-fargate.task.json"),
    ),
    (
        "ecs/web-alb.service.json",
        include_str!("../../../../www/examples/ecs/web-alb.service.json"),
    ),
];

pub(crate) fn files_with(editor: &str) -> SessionFiles<'_> {
    SessionFiles {
        editor,
        dockerfile: EXAMPLE_DOCKERFILE,
    }
}

/// The files of a build: the examples, with the Dockerfile panel's text as `app/Dockerfile`.
pub(crate) fn files_with_dockerfile(dockerfile: &str) -> SessionFiles<'_> {
    SessionFiles {
        editor: "",
        dockerfile,
    }
}

/// What every command can read: the example folders (compiled in, read in place: a command
/// does not copy them), the editor's text as `editor.yaml` and the Dockerfile panel's as
/// `app/Dockerfile`.
pub struct SessionFiles<'a> {
    editor: &'a str,
    dockerfile: &'a str,
}

impl SessionFiles<'_> {
    fn paths(&self) -> impl Iterator<Item = &str> {
        EXAMPLE_FILES
            .iter()
            .map(|(p, _)| *p)
            .chain([DOCKERFILE, EDITOR_FILE])
    }
}

impl FileSource for SessionFiles<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        match path {
            EDITOR_FILE => Ok(self.editor.to_owned()),
            DOCKERFILE => Ok(self.dockerfile.to_owned()),
            _ => EXAMPLE_FILES
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, text)| (*text).to_owned())
                .ok_or_else(|| format!("the path \"{path}\" does not exist")),
        }
    }

    /// The same listing as a map of these files would give (sorted, the names below `dir`).
    fn list(&self, dir: &str) -> Result<Vec<String>, String> {
        sunaba_core::input::files::list_below(self.paths(), dir)
    }
}

/// Whether a command builds an image (so the journal keeps the Dockerfile it read).
pub fn reads_dockerfile(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some("sim") && words.next() == Some("build")
}

/// Whether a command reads the editor's file (so the journal must keep the text it saw).
pub fn reads_editor(line: &str) -> bool {
    line.contains(EDITOR_FILE)
}
