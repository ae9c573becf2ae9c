//! The command language: `kubectl …` and `sim …` lines, parsed and executed against a
//! [`World`](crate::World). One interpreter serves every shell (CLI scripts, the UI's
//! terminal and buttons, the JS API, tests).
//!
//! The verbs and their flags are the [grammar](crate::lang::grammar)'s; this module looks a
//! verb up there before running it and parses every command's flags with [`parse_args`].
//! Errors are worded like kubectl's (`error: unknown flag: --foo`,
//! `Error from server (NotFound): pods "x" not found`). Input is bounded: line length, tokens.

use crate::input::files::FileSource;
use crate::lang::grammar;
use crate::lang::kubectl::{matches, parse_selector};

pub(crate) use crate::base::command::Args;
pub use crate::base::command::CommandError;

/// Longest command line accepted.
pub const MAX_LINE_BYTES: usize = 4096;
/// Most words in one command.
pub const MAX_TOKENS: usize = 64;

pub(crate) fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// Parses the flags of the command (or group of commands) at `path` in the
/// [grammar](crate::lang::grammar), kubectl's way: `--name VALUE`, `--name=VALUE`, `-n VALUE`,
/// `-nVALUE`, switches `--force`/`--force=false`; every other word is positional. Errors are
/// worded like kubectl's, with `cmd` in the usage hint.
pub(crate) fn parse_args(
    tokens: &[String],
    path: &[&str],
    cmd: &str,
) -> Result<Args, CommandError> {
    debug_assert!(grammar::exists(path), "{path:?} is not in the grammar");
    let known = grammar::flags_under(path);
    let mut args = Args::default();
    let usage = format!("See '{cmd} --help' for usage.");
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        i += 1;
        let (name, inline): (String, Option<String>) = if let Some(long) = t.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if t.len() > 1
            && t.starts_with('-')
            && !t[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let mut chars = t[1..].chars();
            let short = chars.next().unwrap_or('-');
            let rest: String = chars.collect();
            match known.iter().find(|f| f.short == Some(short)) {
                Some(f) => {
                    let rest = rest.strip_prefix('=').map(str::to_string).unwrap_or(rest);
                    (
                        f.long.to_string(),
                        if rest.is_empty() { None } else { Some(rest) },
                    )
                }
                None => {
                    return err(format!(
                        "error: unknown shorthand flag: '{short}' in {t}\n{usage}"
                    ))
                }
            }
        } else {
            args.positional.push(t.clone());
            continue;
        };
        let Some(flag) = known.iter().find(|f| f.long == name) else {
            return err(format!("error: unknown flag: --{name}\n{usage}"));
        };
        if flag.takes_value() {
            let value = match inline {
                Some(v) => v,
                None => {
                    let Some(v) = tokens.get(i) else {
                        return err(format!("error: flag needs an argument: --{name}\n{usage}"));
                    };
                    i += 1;
                    v.clone()
                }
            };
            args.set_flag(name, value);
        } else {
            match inline.as_deref() {
                None | Some("true") => args.set_flag(name, "true".into()),
                Some("false") => args.clear_flag(&name),
                Some(v) => return err(format!("error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax")),
            };
        }
    }
    Ok(args)
}

use crate::sim::world::{NodeShape, World};

impl World {
    /// Runs one line of the command language; returns what kubectl would print.
    pub fn run(&mut self, line: &str, files: &dyn FileSource) -> Result<String, CommandError> {
        if line.len() > MAX_LINE_BYTES {
            return err(format!(
                "error: command is longer than {MAX_LINE_BYTES} bytes"
            ));
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(String::new());
        }
        let Some(tokens) = shlex::split(trimmed) else {
            return err("error: unterminated quote in command");
        };
        if tokens.len() > MAX_TOKENS {
            return err(format!("error: too many arguments (at most {MAX_TOKENS})"));
        }
        if let Some(result) = self.run_routed(&tokens, files) {
            self.settle();
            return result;
        }
        self.run_tokens(&tokens, files)
    }

    /// Runs a command already split into words, in this cluster.
    pub(crate) fn run_tokens(
        &mut self,
        tokens: &[String],
        files: &dyn FileSource,
    ) -> Result<String, CommandError> {
        let result = match tokens[0].as_str() {
            "kubectl" | "k" if tokens.get(1).map(String::as_str) == Some("exec") => {
                self.kubectl_exec(&tokens[2..])
            }
            "kubectl" | "k" => crate::lang::kubectl::run_kubectl(self, &tokens[1..], files),
            "sim" if matches!(tokens.get(1).map(String::as_str), Some("build" | "images" | "history" | "tag" | "push")) => {
                self.run_image_command(&tokens[1..], files)
            }
            "sim" => self.run_sim(&tokens[1..]),
            "aws" => crate::lang::aws::run_aws(self, &tokens[1..], files)
                .map(|out| self.stamp_account(out)),
            other => err(format!(
                "error: unknown command \"{other}\": commands start with \"kubectl\", \"aws\" or \"sim\""
            )),
        };
        self.settle();
        result
    }

    // ------------------------------------------------------------------ sim verbs

    fn run_sim(&mut self, t: &[String]) -> Result<String, CommandError> {
        let Some(verb) = t.first() else {
            return err(format!(
                "error: sim needs a verb: {}",
                grammar::children(&["sim"]).join(", ")
            ));
        };
        let path = ["sim", verb.as_str()];
        if !grammar::exists(&path) {
            return err(format!("error: unknown command \"{verb}\" for \"sim\""));
        }
        let rest = &t[1..];
        let cmd = format!("sim {verb}");
        match verb.as_str() {
            "nodes" => {
                let a = parse_args(rest, &path, &cmd)?;
                let n: usize = a
                    .positional
                    .first()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| {
                        CommandError::new("error: usage: sim nodes N [--cpu 2] [--memory 4Gi]")
                    })?;
                if n > crate::sim::world::MAX_NODES {
                    return err(format!(
                        "error: at most {} nodes",
                        crate::sim::world::MAX_NODES
                    ));
                }
                let shape = node_shape(&a)?;
                self.set_nodes(n, &shape);
                Ok(format!(
                    "cluster has {n} node{} ({} CPU, {} memory each)\n",
                    if n == 1 { "" } else { "s" },
                    crate::lang::describe::cpu_text(shape.cpu_milli),
                    crate::input::quantity::format_bytes_binary(shape.memory_bytes)
                ))
            }
            "add-node" => {
                let a = parse_args(rest, &path, &cmd)?;
                if self.node_index.len() >= crate::sim::world::MAX_NODES {
                    return err(format!(
                        "error: at most {} nodes",
                        crate::sim::world::MAX_NODES
                    ));
                }
                let shape = node_shape(&a)?;
                let name = match a.positional.first() {
                    Some(n) => {
                        if self.node_index.contains_key(n) {
                            return err(format!(
                                "Error from server (AlreadyExists): nodes \"{n}\" already exists"
                            ));
                        }
                        if !is_dns_label(n) {
                            return err(format!("error: invalid node name \"{n}\": must be lowercase letters, digits and '-'"));
                        }
                        n.clone()
                    }
                    None => {
                        let mut i = self.node_index.len() + 1;
                        while self.node_index.contains_key(&format!("node-{i}")) {
                            i += 1;
                        }
                        format!("node-{i}")
                    }
                };
                self.add_node(name.clone(), &shape);
                Ok(format!("node/{name} added\n"))
            }
            "remove-node" => {
                let a = parse_args(rest, &path, &cmd)?;
                let name = self.node_arg(&a)?;
                self.remove_node(&name);
                Ok(format!("node/{name} removed\n"))
            }
            "why" => {
                let a = parse_args(rest, &path, &cmd)?;
                match a.flag("cluster") {
                    // An ECS cluster's services (an ECS environment).
                    Some(c)
                        if c == crate::ecs::DEFAULT_CLUSTER
                            || self.ecs.clusters.contains_key(c) =>
                    {
                        Ok(self.why_text(&crate::ecs::task_namespace(c)))
                    }
                    Some(c) => Err(CommandError::new(format!(
                        "error: no ECS cluster \"{c}\" in this context (aws ecs list-clusters)"
                    ))),
                    None => Ok(self.why_text(&a.namespace())),
                }
            }
            "traffic" => {
                let a = parse_args(rest, &path, &cmd)?;
                if a.positional.is_empty() {
                    return Ok(self.traffic_report());
                }
                let ns = a.namespace();
                let name = a.positional[0]
                    .strip_prefix("service/")
                    .or_else(|| a.positional[0].strip_prefix("svc/"))
                    .unwrap_or(&a.positional[0])
                    .to_string();
                let rate: u32 = a
                    .positional
                    .get(1)
                    .and_then(|r| r.trim_end_matches("/s").parse().ok())
                    .filter(|r| *r <= crate::sim::traffic::MAX_RATE)
                    .ok_or_else(|| CommandError::new(format!("error: usage: sim traffic SERVICE RATE (requests per second, 0 to stop, at most {})", crate::sim::traffic::MAX_RATE)))?;
                let key = (ns.clone(), name.clone());
                if !self.store.services.contains_key(&key) {
                    return err(format!(
                        "Error from server (NotFound): services \"{name}\" not found"
                    ));
                }
                self.set_traffic(key, rate);
                Ok(if rate == 0 {
                    format!("traffic to service/{name} stopped\n")
                } else {
                    format!("sending {rate} requests/s to service/{name}\n")
                })
            }
            "compress" => {
                let a = parse_args(rest, &path, &cmd)?;
                let n: u32 = a
                    .positional
                    .first()
                    .and_then(|s| {
                        s.trim_start_matches('x')
                            .trim_start_matches('×')
                            .parse()
                            .ok()
                    })
                    .filter(|n| (1..=60).contains(n))
                    .ok_or_else(|| {
                        CommandError::new(
                            "error: usage: sim compress N (1 = real Kubernetes timings, up to 60)",
                        )
                    })?;
                self.compression = n;
                let div = |ms: u64| crate::base::clock::go_duration(ms / u64::from(n));
                Ok(if n == 1 {
                    "timings are Kubernetes' real ones: back-off 10s…5m, node grace 50s, eviction after 5m\n".to_string()
                } else {
                    format!(
                        "timings compressed ×{n} (not Kubernetes' real ones): back-off {}…{}, node grace {}, eviction after {}\n",
                        div(crate::sim::kubelet::BACK_OFF_INITIAL_MS),
                        div(crate::sim::kubelet::BACK_OFF_MAX_MS),
                        div(crate::sim::kubelet::NODE_MONITOR_GRACE_MS),
                        div(crate::sim::kubelet::EVICTION_TOLERATION_MS)
                    )
                })
            }
            "seed" => {
                let a = parse_args(rest, &path, &cmd)?;
                let seed: u64 = a
                    .positional
                    .first()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| {
                        CommandError::new("error: usage: sim seed N (a non-negative integer)")
                    })?;
                self.seed = seed;
                self.rng = crate::base::rng::SimRng::new(seed);
                Ok(format!("seed set to {seed}\n"))
            }
            "wait" => {
                let a = parse_args(rest, &path, &cmd)?;
                let d = a.positional.first().ok_or_else(|| {
                    CommandError::new("error: usage: sim wait DURATION (500ms, 30s, 2m, 1h)")
                })?;
                let ms = crate::base::clock::parse_duration(d)
                    .map_err(|e| CommandError::new(format!("error: {e}")))?;
                if ms > crate::base::clock::MAX_WAIT_MS {
                    return err("error: sim wait accepts at most 30 days at once");
                }
                self.advance_by(ms);
                Ok(format!(
                    "t={}\n",
                    crate::base::clock::human_duration(self.now_ms)
                ))
            }
            "side-by-side" => {
                let a = parse_args(rest, &path, &cmd)?;
                let target = a.positional.first().ok_or_else(|| {
                    CommandError::new(
                        "error: usage: sim side-by-side deployment/NAME [-n NAMESPACE]",
                    )
                })?;
                let name = target
                    .strip_prefix("deployment/")
                    .or_else(|| target.strip_prefix("deployments/"))
                    .or_else(|| target.strip_prefix("deploy/"))
                    .unwrap_or(target);
                self.run_side_by_side(&a.namespace(), name)
            }
            "kill" | "crash" => {
                let a = parse_args(rest, &path, &cmd)?;
                let ns = a.namespace();
                // ECS: `task/ID` or `--service NAME` (its oldest running task).
                let ecs_task = match (a.positional.first(), a.flag("service")) {
                    (Some(t), _) if t.starts_with("task/") => {
                        let tid = t.trim_start_matches("task/");
                        let tid = tid.rsplit('/').next().unwrap_or(tid);
                        Some(
                            self.ecs
                                .tasks
                                .get(tid)
                                .filter(|t| !t.desired_stopped)
                                .map(|t| t.pod)
                                .ok_or_else(|| {
                                    CommandError::new(format!(
                                        "error: no running ECS task {tid} (see aws ecs list-tasks)"
                                    ))
                                })?,
                        )
                    }
                    (None, Some(svc)) => {
                        // `NAME` in the default cluster, or `CLUSTER/NAME`.
                        let key = if svc.contains('/') {
                            svc.to_string()
                        } else {
                            crate::ecs::service_id(crate::ecs::DEFAULT_CLUSTER, svc)
                        };
                        let mut tasks: Vec<&crate::ecs::task::EcsTask> = self
                            .ecs
                            .tasks
                            .values()
                            .filter(|t| {
                                t.service.as_ref() == Some(&key)
                                    && !t.desired_stopped
                                    && t.started_ms.is_some()
                            })
                            .collect();
                        crate::base::sort::sort_by_key(&mut tasks, |t| t.seq);
                        Some(tasks.first().map(|t| t.pod).ok_or_else(|| {
                            CommandError::new(format!(
                                "error: ECS service {svc} has no running task"
                            ))
                        })?)
                    }
                    _ => None,
                };
                let id = match (a.positional.first(), a.flag("selector")) {
                    _ if ecs_task.is_some() => ecs_task.unwrap_or_default(),
                    (Some(name), _) => {
                        let name = name.strip_prefix("pod/").unwrap_or(name);
                        *self
                            .store
                            .pod_names
                            .get(&(ns.clone(), name.to_string()))
                            .ok_or_else(|| {
                                CommandError::new(format!(
                                    "Error from server (NotFound): pods \"{name}\" not found"
                                ))
                            })?
                    }
                    (None, Some(s)) => {
                        let sel = Some(parse_selector(s)?);
                        let mut running: Vec<(&String, u64)> = self
                            .store
                            .pods
                            .values()
                            .filter(|p| {
                                p.meta.namespace == ns
                                    && p.meta.deletion_ms.is_none()
                                    && matches(&sel, &p.meta.labels)
                                    && p.status.containers.iter().any(|c| c.alive)
                            })
                            .map(|p| (&p.meta.name, p.id))
                            .collect();
                        crate::base::sort::sort(&mut running);
                        running.first().map(|(_, id)| *id).ok_or_else(|| {
                            CommandError::new(format!("error: no running pod matches -l {s}"))
                        })?
                    }
                    (None, None) => {
                        return err(format!(
                            "error: usage: {cmd} POD | -l SELECTOR | task/ECS_TASK_ID | --service ECS_SERVICE [-c CONTAINER]"
                        ))
                    }
                };
                let pod = &self.store.pods[&id];
                let pname = pod.meta.name.clone();
                let idx = match a.flag("container") {
                    Some(c) => pod
                        .spec
                        .containers
                        .iter()
                        .position(|k| k.name == c)
                        .ok_or_else(|| {
                            CommandError::new(format!(
                                "error: container {c} is not valid for pod {pname}"
                            ))
                        })?,
                    // The first running app container (then any running one).
                    None => {
                        let main = pod.spec.main_container();
                        let alive =
                            |i: &usize| pod.status.containers.get(*i).is_some_and(|c| c.alive);
                        (main..pod.status.containers.len())
                            .find(alive)
                            .or_else(|| (0..main).find(alive))
                            .unwrap_or(main)
                    }
                };
                let cname = pod.spec.containers[idx].name.clone();
                let code: i32 = if verb == "kill" {
                    if a.has("exit-code") {
                        return err("error: unknown flag: --exit-code\nSee 'sim kill --help' for usage. (sim crash takes --exit-code)");
                    }
                    137
                } else {
                    let c = a.flag("exit-code").unwrap_or("1");
                    c.parse::<i32>()
                        .ok()
                        .filter(|c| (0..=255).contains(c))
                        .ok_or_else(|| {
                            CommandError::new(format!(
                                "error: invalid exit code \"{c}\": use 0..255"
                            ))
                        })?
                };
                self.kubelet_kill(id, idx, code)
                    .map_err(|e| CommandError::new(format!("error: {e}")))?;
                let what = if ecs_task.is_some() {
                    format!("task/{pname}")
                } else {
                    format!("pod/{pname}")
                };
                Ok(if verb == "kill" {
                    format!("container {cname} in {what} killed (SIGKILL, exit code 137)\n")
                } else {
                    format!("container {cname} in {what} exited with code {code}\n")
                })
            }
            "fail-node" | "restore-node" => {
                let a = parse_args(rest, &path, &cmd)?;
                let name = self.node_arg(&a)?;
                let idx = self.node_index[&name];
                if verb == "fail-node" {
                    if !self.agents[idx].up {
                        return err(format!("error: node {name} has already failed"));
                    }
                    self.fail_node(idx);
                    Ok(format!(
                        "node/{name} failed: its kubelet and containers stopped\n"
                    ))
                } else {
                    if self.agents[idx].up {
                        return err(format!("error: node {name} is not failed"));
                    }
                    self.restore_node(idx);
                    Ok(format!("node/{name} restored\n"))
                }
            }
            other => err(format!("error: unknown command \"{other}\" for \"sim\"")),
        }
    }

    fn node_arg(&self, a: &Args) -> Result<String, CommandError> {
        let name = a
            .positional
            .first()
            .ok_or_else(|| CommandError::new("error: a node name is required"))?;
        let name = name.strip_prefix("node/").unwrap_or(name).to_string();
        if !self.node_index.contains_key(&name) {
            return err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
        Ok(name)
    }
}

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub(crate) fn node_shape(a: &Args) -> Result<NodeShape, CommandError> {
    let mut shape = NodeShape::default();
    if let Some(c) = a.flag("cpu") {
        let q = crate::input::quantity::parse_cpu(c)
            .map_err(|e| CommandError::new(format!("error: --cpu {c}: {e}")))?;
        if q.value == 0 || q.value > 1_000_000 {
            return err("error: --cpu must be between 1m and 1000");
        }
        shape.cpu_milli = q.value;
    }
    if let Some(m) = a.flag("memory") {
        let q = crate::input::quantity::parse_memory(m)
            .map_err(|e| CommandError::new(format!("error: --memory {m}: {e}")))?;
        if q.value == 0 || q.value > (1u64 << 50) {
            return err("error: --memory must be between 1 byte and 1Pi");
        }
        shape.memory_bytes = q.value;
    }
    if let Some(z) = a.flag("zone") {
        shape.zone = Some(z.to_string());
    }
    Ok(shape)
}
