//! Probes (liveness, readiness, startup) and the `preStop` lifecycle hook: their handlers
//! (`exec`, `httpGet`, `tcpSocket`, `sleep`) with the documented defaults.

use super::ports::{port_number, port_ref};
use super::{required, unsupported};
use crate::input::definitions::decode::{non_negative_i32, string, string_list, Ctx, Fields};
use crate::input::definitions::schema;
use crate::input::definitions::yaml::Node;
use crate::input::model::{PortRef, PreStopHook, Probe, ProbeHandler, ProbeKind};

/// `lifecycle.preStop`: exactly one of exec, httpGet, sleep.
pub(super) fn lifecycle_pre_stop(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PreStopHook> {
    let mut f = Fields::open(ctx, node, path)?;
    let pre = f.get("preStop");
    let pre_path = f.path_of("preStop");
    f.finish(ctx, schema::LIFECYCLE_IGNORED);
    let pre = pre?;
    let mut h = Fields::open(ctx, pre, &pre_path)?;
    let mut hooks = Vec::new();
    if let Some(n) = h.get("exec") {
        // An empty command was reported by `exec_command`; the handler was still given.
        let command = exec_command(ctx, n, &h.path_of("exec")).unwrap_or_default();
        hooks.push(PreStopHook::Exec { command });
    }
    if let Some(n) = h.get("httpGet") {
        let hp = h.path_of("httpGet");
        if let Some(mut g) = Fields::open(ctx, n, &hp) {
            let p = g
                .get("path")
                .and_then(|p| string(ctx, p, &g.path_of("path")))
                .unwrap_or_else(|| "/".into());
            let port = handler_port(ctx, &mut g, n);
            g.finish(ctx, schema::HOOK_HTTP_GET_IGNORED);
            if let Some(port) = port {
                hooks.push(PreStopHook::HttpGet { path: p, port });
            }
        }
    }
    if let Some(n) = h.get("sleep") {
        let sp = h.path_of("sleep");
        if let Some(mut s) = Fields::open(ctx, n, &sp) {
            let seconds = match s.get("seconds") {
                Some(v) => non_negative_i32(ctx, v, &s.path_of("seconds")),
                None => {
                    required(ctx, n, &s.path_of("seconds"), "");
                    None
                }
            };
            s.finish(ctx, &[]);
            if let Some(seconds) = seconds {
                hooks.push(PreStopHook::Sleep { seconds });
            }
        }
    }
    h.finish(ctx, schema::HOOK_HANDLER_IGNORED);
    if hooks.len() > 1 {
        ctx.error(
            pre,
            format!("{pre_path}: Forbidden: may not specify more than 1 handler type"),
        );
        return None;
    }
    if hooks.is_empty() {
        ctx.error(pre, format!("{pre_path}: Required value: must specify a handler type (hint: exec, httpGet or sleep)"));
    }
    hooks.pop()
}

/// A probe with the documented defaults, validated like the API server does.
pub(super) fn probe(ctx: &mut Ctx, node: &Node, path: &str, kind: ProbeKind) -> Option<Probe> {
    let mut f = Fields::open(ctx, node, path)?;
    let mut handlers: Vec<ProbeHandler> = Vec::new();
    let mut handler_count = 0;
    if let Some(n) = f.get("httpGet") {
        handler_count += 1;
        handlers.extend(http_get(ctx, n, &f.path_of("httpGet")));
    }
    if let Some(n) = f.get("tcpSocket") {
        handler_count += 1;
        handlers.extend(tcp_socket(ctx, n, &f.path_of("tcpSocket")));
    }
    if let Some(n) = f.get("exec") {
        handler_count += 1;
        if let Some(command) = exec_command(ctx, n, &f.path_of("exec")) {
            handlers.push(ProbeHandler::Exec { command });
        }
    }
    if let Some(n) = f.get("grpc") {
        handler_count += 1;
        handlers.extend(grpc(ctx, n, &f.path_of("grpc")));
    }
    let initial_delay_seconds = seconds(ctx, &mut f, "initialDelaySeconds", 0, 0);
    let period_seconds = seconds(ctx, &mut f, "periodSeconds", 10, 1);
    let timeout_seconds = seconds(ctx, &mut f, "timeoutSeconds", 1, 1);
    let success_threshold = match f.get("successThreshold") {
        None => 1,
        Some(n) => success_threshold(ctx, n, &f.path_of("successThreshold"), kind),
    };
    let failure_threshold = seconds(ctx, &mut f, "failureThreshold", 3, 1);
    f.finish(ctx, schema::PROBE_IGNORED);
    if handler_count == 0 {
        ctx.error(node, format!("{path}: Required value: must specify a handler type (hint: add httpGet, tcpSocket, exec or grpc)"));
        return None;
    }
    if handler_count > 1 {
        ctx.error(
            node,
            format!("{path}: Forbidden: may not specify more than 1 handler type"),
        );
        return None;
    }
    Some(Probe {
        handler: handlers.pop()?,
        initial_delay_seconds,
        period_seconds,
        timeout_seconds,
        success_threshold,
        failure_threshold,
    })
}

/// `httpGet`: its path (default `/`), port and scheme (HTTP or HTTPS).
fn http_get(ctx: &mut Ctx, n: &Node, hp: &str) -> Option<ProbeHandler> {
    let mut h = Fields::open(ctx, n, hp)?;
    let path_value = h
        .get("path")
        .and_then(|p| string(ctx, p, &h.path_of("path")));
    let port = handler_port(ctx, &mut h, n);
    let scheme = match h.get("scheme") {
        Some(sn) => match string(ctx, sn, &h.path_of("scheme")).as_deref() {
            Some(s @ ("HTTP" | "HTTPS")) => s.to_string(),
            Some(_) => {
                unsupported(ctx, sn, &h.path_of("scheme"), &["HTTP", "HTTPS"]);
                "HTTP".into()
            }
            None => "HTTP".into(),
        },
        None => "HTTP".into(),
    };
    h.finish(ctx, schema::HTTP_GET_IGNORED);
    let port = port?;
    let path_value = path_value.unwrap_or_else(|| "/".into());
    Some(ProbeHandler::HttpGet {
        path: path_value,
        port,
        scheme,
    })
}

/// `tcpSocket`: its port.
fn tcp_socket(ctx: &mut Ctx, n: &Node, tp: &str) -> Option<ProbeHandler> {
    let mut t = Fields::open(ctx, n, tp)?;
    let port = handler_port(ctx, &mut t, n);
    t.finish(ctx, schema::TCP_SOCKET_IGNORED);
    Some(ProbeHandler::TcpSocket { port: port? })
}

/// `grpc`: its required port number.
fn grpc(ctx: &mut Ctx, n: &Node, gp: &str) -> Option<ProbeHandler> {
    let mut g = Fields::open(ctx, n, gp)?;
    let port = match g.get("port") {
        Some(p) => port_number(ctx, p, &g.path_of("port")),
        None => {
            required(ctx, n, &g.path_of("port"), "");
            None
        }
    };
    g.finish(ctx, schema::GRPC_IGNORED);
    Some(ProbeHandler::Grpc { port: port? })
}

/// A probe's count of seconds (or of failures) `key`: at least `min`, `default` when absent
/// or refused.
fn seconds(ctx: &mut Ctx, f: &mut Fields, key: &'static str, default: u32, min: u32) -> u32 {
    match f.get(key) {
        None => default,
        Some(n) => {
            let p = f.path_of(key);
            match non_negative_i32(ctx, n, &p) {
                Some(v) if v < min => {
                    ctx.error(
                        n,
                        format!("{p}: Invalid value: {v}: must be greater than or equal to {min}"),
                    );
                    default
                }
                Some(v) => v,
                None => default,
            }
        }
    }
}

/// `successThreshold`: at least 1, and exactly 1 except for a readiness probe; 1 when refused.
fn success_threshold(ctx: &mut Ctx, n: &Node, p: &str, kind: ProbeKind) -> u32 {
    match non_negative_i32(ctx, n, p) {
        Some(v) if kind != ProbeKind::Readiness && v != 1 => {
            ctx.error(n, format!("{p}: Invalid value: {v}: must be 1"));
            1
        }
        Some(0) => {
            ctx.error(
                n,
                format!("{p}: Invalid value: 0: must be greater than or equal to 1"),
            );
            1
        }
        Some(v) => v,
        None => 1,
    }
}

/// The required `port` of a handler (`httpGet`, `tcpSocket`): a number or a named container port.
fn handler_port(ctx: &mut Ctx, f: &mut Fields, at: &Node) -> Option<PortRef> {
    match f.get("port") {
        Some(p) => port_ref(ctx, p, &f.path_of("port")),
        None => {
            required(ctx, at, &f.path_of("port"), "");
            None
        }
    }
}

/// `exec: {command: [...]}` of a probe or hook; the command is required.
fn exec_command(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Vec<String>> {
    let mut e = Fields::open(ctx, node, path)?;
    let command = e
        .get("command")
        .map(|c| string_list(ctx, c, &e.path_of("command")))
        .unwrap_or_default();
    e.finish(ctx, &[]);
    if command.is_empty() {
        required(ctx, node, &format!("{path}.command"), "");
        return None;
    }
    Some(command)
}
