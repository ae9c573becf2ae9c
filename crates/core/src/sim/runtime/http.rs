//! What an app answers to an HTTP GET on a path: one judgement for the kubelet's `httpGet`
//! probes and the load balancer's health checks, so a path behaves the same everywhere.

use super::Behaviour;
use crate::input::model::Millis;
use crate::sim::registry::Program;

/// The outcome of one GET.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpReply {
    /// The app answered with this status code.
    Status(u16),
    /// Nothing listens on the port (not started yet, or another port).
    Refused,
    /// The app accepted and never answered (hung).
    Timeout,
    /// Something that is not HTTP answered.
    Malformed,
}

impl Behaviour {
    /// GET `path` on `port` after running `running_ms`: the demo apps serve `/` and their
    /// health paths, anything else is a 404; a hung app times out; one not listening there
    /// refuses.
    pub fn http_get(&self, path: &str, port: u16, running_ms: Millis) -> HttpReply {
        if self.hang_after_ms.is_some_and(|t| running_ms >= t) {
            return HttpReply::Timeout;
        }
        if running_ms < self.startup_ms || self.listen_port != Some(port) {
            return HttpReply::Refused;
        }
        HttpReply::Status(match self.program {
            _ if self.unhealthy_after_ms.is_some_and(|t| running_ms >= t) => 500,
            Program::Nginx | Program::Httpd if path == "/" || path == "/index.html" => 200,
            Program::Nginx | Program::Httpd => 404,
            Program::DemoApp
                if ["/", "/healthz", "/livez", "/readyz", "/ready", "/health"].contains(&path) =>
            {
                200
            }
            Program::DemoApp => 404,
            Program::Redis | Program::Postgres => return HttpReply::Malformed,
            Program::Busybox | Program::Perl => 200,
            Program::Envoy if ["/ready", "/server_info", "/stats", "/"].contains(&path) => 200,
            Program::Envoy => 404,
            Program::TutorialServer => 200,
            // It listens on nothing: a probe of it finds no server.
            Program::Stress => 503,
            Program::LogAgent => return HttpReply::Refused,
        })
    }
}
