//! How long the container runtime takes from a container's `Created` to its `Started`: the
//! image's entrypoint is executed and its process comes up. It depends on what the image runs,
//! so it is a property of the image, not of the pod.

use crate::input::model::Millis;
use crate::sim::registry::{ImageInfo, ImageRef, Program};

/// Start time of a container of image `reference` (described by `info`).
///
/// The numbers are the order of magnitude a node shows between the kubelet's `Created` and
/// `Started` events plus the first moment the process is up: a static binary or a shell is
/// exec'd in a tenth of a second; a C server reads its configuration first; an interpreter
/// (Perl, Ruby, Node.js) or an entrypoint script loads its runtime for about a second. No image
/// in the catalogue is a JVM (those take several seconds); a built image starts like the
/// program it runs.
pub fn start_ms(reference: &ImageRef, info: &ImageInfo) -> Millis {
    match info.program {
        // busybox, alpine, the stress tools: one small static binary.
        Program::Busybox | Program::Stress => 100,
        // C servers reading their configuration; agnhost and goproxy are Go binaries.
        Program::Redis | Program::Nginx => 200,
        Program::TutorialServer if is_node_js(reference) => 1_000,
        Program::TutorialServer => 200,
        Program::Httpd | Program::DemoApp => 300,
        // Envoy parses its bootstrap configuration before it listens.
        Program::Envoy => 500,
        // Runtimes and entrypoint scripts: the Perl interpreter, fluentd (Ruby), and postgres'
        // docker-entrypoint.sh before the server.
        Program::Perl | Program::LogAgent | Program::Postgres => 1_000,
    }
}

/// The Kubernetes Basics sample server (`kubernetes-bootcamp`) is a Node.js program.
fn is_node_js(reference: &ImageRef) -> bool {
    reference.repository.ends_with("kubernetes-bootcamp")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::registry::Registry;

    fn start_of(image: &str) -> Millis {
        let r = ImageRef::parse(image);
        let registry = Registry::default_catalog();
        start_ms(&r, registry.lookup(&r).expect("in the catalogue"))
    }

    #[test]
    fn a_shell_starts_sooner_than_a_server_and_a_runtime_later_still() {
        assert_eq!(start_of("busybox:1.36"), 100);
        assert_eq!(start_of("nginx:1.14.2"), 200);
        assert_eq!(
            start_of("registry.k8s.io/e2e-test-images/agnhost:2.40"),
            200
        );
        assert_eq!(
            start_of("gcr.io/google-samples/kubernetes-bootcamp:v1"),
            1_000
        );
        assert_eq!(start_of("perl:5.34.0"), 1_000);
    }
}
