//! The container runtime's crash model: what a started container does over time.
//!
//! A container's behaviour is its image's program, configured the way real apps are: by
//! `command`/`args` (busybox runs its shell script) and by environment variables (the demo app).
//! From that we derive start-up time, memory use and growth, when and with which code the
//! process exits, how it reacts to SIGTERM, and what it writes to stdout.
//! This module computes; the kubelet ([`crate::sim::kubelet`]) turns results into timers and status.

use crate::base::clock;
use crate::input::model::EnvVar;
use crate::input::model::{Container, ContainerPort, Millis, PortRef, ProbeHandler};
use crate::sim::registry::{ImageConfig, ImageInfo, Program};

mod http;
mod perl;

pub use http::HttpReply;

pub mod script;
pub mod shell;
pub mod stress;

const MIB: u64 = 1024 * 1024;

/// How a process ends when left alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedExit {
    /// Running time before it exits.
    pub after_ms: Millis,
    pub exit_code: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Behaviour {
    /// Time from process start until it serves (used by readiness; logged).
    pub startup_ms: Millis,
    pub memory_base_bytes: u64,
    /// Memory growth while running (a leak), bytes per second.
    pub leak_bytes_per_s: u64,
    /// CPU the process would use unthrottled, in millicores (what the Metrics API reports,
    /// capped by the container's CPU limit).
    pub cpu_milli: u64,
    pub exit: Option<PlannedExit>,
    /// Time to shut down after SIGTERM; `None` = ignores SIGTERM (killed at the grace period's end).
    pub sigterm_ms: Option<Millis>,
    /// Lines written to stdout at start (timestamps filled in by [`Behaviour::start_logs`]).
    start_lines: Vec<String>,
    /// Lines written just before a planned exit.
    exit_lines: Vec<String>,
    /// Files the container's script creates and removes: (path, created at, removed at).
    files: Vec<(String, Millis, Option<Millis>)>,
    /// The TCP port the program listens on once started.
    listen_port: Option<u16>,
    /// Health endpoints answer 500 from this running time on (demo app `UNHEALTHY_AFTER`).
    unhealthy_after_ms: Option<Millis>,
    /// The process stops answering at all from this running time on (demo app `HANG_AFTER`).
    hang_after_ms: Option<Millis>,
    /// Mean response time of the demo app (`LATENCY_MS`, default 20).
    latency_ms: u32,
    program: Program,
    version: std::borrow::Cow<'static, str>,
    /// The demo app's `DATABASE_URL` host, connected to during start-up.
    database_host: Option<String>,
    /// Where the demo app keeps its users' sessions (`SESSION_STORE`).
    pub sessions: SessionStore,
    /// `LOG_FILE`: the app writes its log there instead of stdout.
    log_file: Option<String>,
    /// The shell script a busybox container runs (its `sh -c` text, or its command quoted).
    script: Option<String>,
}

/// Where an app keeps its users' sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStore {
    /// An external store (Redis, a database): any replica can serve any user; nothing is
    /// lost when a container goes.
    External,
    /// In the process's memory: only the replica that logged the user in knows them, and a
    /// restart forgets everyone.
    Memory,
    /// On the container's own disk: the same, since a new container starts from the image.
    Disk,
}

impl SessionStore {
    pub fn is_local(self) -> bool {
        self != SessionStore::External
    }
}

/// What the demo app finds when it connects to its `DATABASE_URL` at start-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseReach {
    /// No database has that name (a typo, or an endpoint of a deleted environment).
    NoSuchHost,
    /// It exists in another account: no network path, the connection times out.
    OtherAccount,
    /// Connected.
    Connected,
}

/// How long the demo app's database driver waits for a connection (node-postgres'
/// `connectionTimeoutMillis` as the demo app sets it).
pub const DATABASE_CONNECT_TIMEOUT_MS: Millis = 10_000;

/// Why a running container stops, as computed by [`Behaviour::next_stop`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StopKind {
    /// The process exited by itself.
    Exited { exit_code: i32 },
    /// Memory went over the limit: the kernel's OOM killer (exit 137, reason `OOMKilled`).
    OomKilled,
}

impl Behaviour {
    pub fn of(image: &ImageInfo, container: &Container) -> Behaviour {
        match image.config.as_deref() {
            Some(config) => Behaviour::of_container(image, &with_image_config(config, container)),
            None => Behaviour::of_container(image, container),
        }
    }

    fn of_container(image: &ImageInfo, container: &Container) -> Behaviour {
        let mut b = Behaviour {
            startup_ms: 200,
            memory_base_bytes: 8 * MIB,
            leak_bytes_per_s: 0,
            cpu_milli: 1,
            exit: None,
            sigterm_ms: Some(100),
            start_lines: Vec::new(),
            exit_lines: Vec::new(),
            files: Vec::new(),
            listen_port: None,
            unhealthy_after_ms: None,
            hang_after_ms: None,
            latency_ms: 20,
            program: image.program,
            version: image.version.clone(),
            database_host: None,
            sessions: SessionStore::External,
            log_file: None,
            script: None,
        };
        match image.program {
            Program::Nginx => {
                b.listen_port = Some(80);
                b.startup_ms = 50;
                b.memory_base_bytes = 6 * MIB;
                if !image.version.starts_with("1.14") && !image.version.starts_with("1.16") {
                    b.start_lines = vec![
                        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration".into(),
                        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/".into(),
                        "/docker-entrypoint.sh: Configuration complete; ready for start up".into(),
                        "{ts} [notice] 1#1: using the \"epoll\" event method".into(),
                        format!("{{ts}} [notice] 1#1: nginx/{}", image.version),
                        "{ts} [notice] 1#1: start worker processes".into(),
                    ];
                }
            }
            Program::Httpd => {
                b.listen_port = Some(80);
                b.startup_ms = 300;
                b.memory_base_bytes = 12 * MIB;
                b.start_lines = vec![
                    "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.0.5. Set the 'ServerName' directive globally to suppress this message".into(),
                    format!("[{{ts}}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{} (Unix) configured -- resuming normal operations", image.version),
                ];
                b.sigterm_ms = Some(1_000);
            }
            Program::Redis => {
                b.listen_port = Some(6379);
                b.startup_ms = 100;
                b.memory_base_bytes = 4 * MIB;
                b.start_lines = vec![
                    "1:C {ts} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo".into(),
                    format!("1:C {{ts}} # Redis version={}, bits=64, commit=00000000, modified=0, pid=1, just started", image.version),
                    "1:M {ts} * Server initialized".into(),
                    "1:M {ts} * Ready to accept connections tcp".into(),
                ];
            }
            Program::Postgres => {
                b.listen_port = Some(5432);
                b.startup_ms = 3_000;
                b.memory_base_bytes = 40 * MIB;
                let has_password = container
                    .env_value("POSTGRES_PASSWORD")
                    .is_some_and(|v| !v.is_empty())
                    || container.env_value("POSTGRES_HOST_AUTH_METHOD") == Some("trust");
                if has_password {
                    b.start_lines = vec![
                        "PostgreSQL init process complete; ready for start up.".into(),
                        "{ts} UTC [1] LOG:  database system is ready to accept connections".into(),
                    ];
                } else {
                    b.exit = Some(PlannedExit {
                        after_ms: 50,
                        exit_code: 1,
                    });
                    b.exit_lines = vec![
                        "Error: Database is uninitialized and superuser password is not specified.".into(),
                        "       You must specify POSTGRES_PASSWORD to a non-empty value for the".into(),
                        "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".".into(),
                    ];
                }
            }
            Program::Envoy => {
                b.listen_port = Some(9901);
                b.startup_ms = 800;
                b.memory_base_bytes = 28 * MIB;
                b.start_lines = vec![
                    format!("[{{ts}}][1][info][main] [source/server/server.cc:430] initializing epoch 0 (base id=0, hot restart version=11.104)"),
                    format!("[{{ts}}][1][info][main] [source/server/server.cc:432] statically linked extensions: envoy {}", image.version),
                    "[{ts}][1][info][admin] [source/server/admin/admin.cc:65] admin address: 0.0.0.0:9901".into(),
                    "[{ts}][1][info][main] [source/server/server.cc:1045] starting main dispatch loop".into(),
                ];
                b.sigterm_ms = Some(200);
            }
            Program::Busybox => {
                b.startup_ms = 0;
                b.memory_base_bytes = MIB;
                // A shell ignores SIGTERM while running a foreground command (PID 1 has no default handler).
                b.sigterm_ms = None;
                let argv: Vec<String> = container
                    .command
                    .iter()
                    .chain(container.args.iter())
                    .cloned()
                    .collect();
                // The kubelet follows the script on virtual time (`script::ScriptRun`).
                b.script = Some(shell::script_of(&argv));
            }
            Program::DemoApp => demo_app(&mut b, container),
            Program::Stress => {
                let argv: Vec<String> = container
                    .command
                    .iter()
                    .chain(container.args.iter())
                    .cloned()
                    .collect();
                let load = stress::load(&argv);
                b.startup_ms = 0;
                b.memory_base_bytes = load.memory_bytes;
                b.cpu_milli = load.cpu_milli;
                b.start_lines = load.start_line.into_iter().collect();
            }
            Program::Perl => perl::configure(&mut b, container),
            Program::TutorialServer => {
                b.listen_port = Some(8080);
                b.startup_ms = 200;
                b.memory_base_bytes = 10 * MIB;
                b.sigterm_ms = Some(100);
                let arg = |a: &str| {
                    container
                        .command
                        .iter()
                        .chain(&container.args)
                        .any(|w| w == a)
                };
                b.start_lines = if image.version.starts_with('v') {
                    vec!["Kubernetes Bootcamp App Started At: {ts}".into()]
                } else if arg("netexec") {
                    vec![
                        "Started HTTP server on port 8080".into(),
                        "Started UDP server on port  8081".into(),
                    ]
                } else {
                    // agnhost `liveness` and goproxy log nothing.
                    Vec::new()
                };
                if arg("liveness") {
                    // agnhost's liveness server: /healthz answers 200 for its first 10 seconds,
                    // then 500 (the probes page's HTTP liveness example).
                    b.unhealthy_after_ms = Some(10_000);
                }
            }
            Program::LogAgent => {
                b.startup_ms = 2_000;
                b.memory_base_bytes = 60 * MIB;
                b.sigterm_ms = Some(500);
                b.start_lines = vec![
                    format!(
                        "{{ts}} +0000 [info]: starting fluentd-{} pid=1 ruby=\"2.6.3\"",
                        image.version
                    ),
                    "{ts} +0000 [info]: adding match pattern=\"**\" type=\"elasticsearch\"".into(),
                    "{ts} +0000 [info]: following tail of /var/log/containers/*.log".into(),
                    "{ts} +0000 [info]: fluentd worker is now running worker=0".into(),
                ];
            }
        }
        b
    }

    /// When, after start, the container stops by itself (exit or OOM), whichever comes first.
    /// `memory_limit_bytes` is the container limit (or the node's allocatable when unlimited).
    pub fn next_stop(&self, memory_limit_bytes: u64) -> Option<(Millis, StopKind)> {
        let oom = if self.memory_base_bytes > memory_limit_bytes {
            Some(0)
        } else if self.leak_bytes_per_s > 0 {
            let headroom = memory_limit_bytes - self.memory_base_bytes;
            Some(
                headroom
                    .saturating_mul(1000)
                    .div_ceil(self.leak_bytes_per_s)
                    .max(1),
            )
        } else {
            None
        };
        let exit = self.exit.as_ref().map(|e| {
            (
                e.after_ms,
                StopKind::Exited {
                    exit_code: e.exit_code,
                },
            )
        });
        match (oom, exit) {
            (Some(o), Some((e, _))) if o <= e => Some((o, StopKind::OomKilled)),
            (Some(o), None) => Some((o, StopKind::OomKilled)),
            (_, e) => e,
        }
    }

    /// Memory in use after running `ms`.
    pub fn memory_after(&self, ms: Millis) -> u64 {
        self.memory_base_bytes
            .saturating_add(self.leak_bytes_per_s.saturating_mul(ms) / 1000)
    }

    /// Lines written at start, stamped with the start time (none on stdout when the app logs
    /// to a file).
    pub fn start_logs(&self, started_ms: Millis) -> Vec<String> {
        if self.log_file.is_some() {
            return Vec::new();
        }
        self.stamp(&self.start_lines, started_ms)
    }

    /// Lines written when the planned exit happens.
    pub fn exit_logs(&self, at_ms: Millis) -> Vec<String> {
        if self.log_file.is_some() {
            return Vec::new();
        }
        self.stamp(&self.exit_lines, at_ms)
    }

    /// The shell script the container runs, if its program is a shell.
    pub fn script(&self) -> Option<&str> {
        self.script.as_deref()
    }

    /// The files a running script has written: (path, written at, removed at), from its start.
    pub fn set_script_files(&mut self, files: Vec<(String, Millis, Option<Millis>)>) {
        self.files = files;
    }

    /// The host of the demo app's `DATABASE_URL`, if it has one.
    pub fn database_host(&self) -> Option<&str> {
        self.database_host.as_deref()
    }

    /// The file the app logs to instead of stdout (`LOG_FILE`).
    pub fn log_file(&self) -> Option<&str> {
        self.log_file.as_deref()
    }

    /// Start-up with the database as the world has it: a missing host fails at once, one in
    /// another account after the connect timeout; either way the app exits 1 before it ever
    /// serves, so the kubelet restarts it into CrashLoopBackOff.
    pub fn connect_database(&mut self, reach: DatabaseReach) {
        let host = self.database_host.clone().unwrap_or_default();
        let (after_ms, line) = match reach {
            DatabaseReach::Connected => {
                self.start_lines.push(format!(
                    r#"{{"level":"info","msg":"connected to database","host":"{host}"}}"#
                ));
                return;
            }
            DatabaseReach::NoSuchHost => (
                self.startup_ms.min(300),
                format!(r#"{{"level":"fatal","msg":"database: getaddrinfo ENOTFOUND {host}"}}"#),
            ),
            DatabaseReach::OtherAccount => (
                DATABASE_CONNECT_TIMEOUT_MS,
                format!(
                    r#"{{"level":"fatal","msg":"database: connect ETIMEDOUT {host}:5432 (timeout after {DATABASE_CONNECT_TIMEOUT_MS} ms)"}}"#
                ),
            ),
        };
        if self.exit.as_ref().is_none_or(|e| e.after_ms > after_ms) {
            self.exit = Some(PlannedExit {
                after_ms,
                exit_code: 1,
            });
            self.exit_lines = vec![line];
        }
        // It never serves: start-up waits for the connection.
        self.startup_ms = self.startup_ms.max(after_ms.saturating_add(1));
    }

    /// Lines written on SIGTERM.
    pub fn sigterm_logs(&self, at_ms: Millis) -> Vec<String> {
        if self.log_file.is_some() {
            return Vec::new();
        }
        let lines: Vec<String> = match self.program {
            Program::Nginx if !self.start_lines.is_empty() => vec![
                "{ts} [notice] 1#1: signal 15 (SIGTERM) received, exiting".into(),
                "{ts} [notice] 1#1: exit".into(),
            ],
            Program::Redis => vec![
                "1:signal-handler ({ts}) Received SIGTERM scheduling shutdown...".into(),
                "1:M {ts} # Redis is now ready to exit, bye bye...".into(),
            ],
            Program::DemoApp if self.sigterm_ms.is_some() => {
                vec![r#"{"level":"info","msg":"SIGTERM received: draining connections"}"#.into()]
            }
            _ => Vec::new(),
        };
        self.stamp(&lines, at_ms)
    }

    fn stamp(&self, lines: &[String], at_ms: Millis) -> Vec<String> {
        let ts = match self.program {
            Program::Httpd => clock::rfc1123(at_ms),
            Program::Redis => clock::rfc3339(at_ms),
            _ => clock::rfc3339(at_ms)
                .replace('-', "/")
                .replace('T', " ")
                .trim_end_matches('Z')
                .to_string(),
        };
        lines.iter().map(|l| l.replace("{ts}", &ts)).collect()
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    /// What the app answers to a probe after running `running_ms`: `Ok` or the kubelet's
    /// failure message (`HTTP probe failed with statuscode: 404`, `connection refused`…).
    pub fn probe(
        &self,
        handler: &ProbeHandler,
        ports: &[ContainerPort],
        running_ms: Millis,
        pod_ip: &str,
    ) -> Result<(), String> {
        let hung = self.hang_after_ms.is_some_and(|t| running_ms >= t);
        let serving = running_ms >= self.startup_ms;
        let resolve = |port: &PortRef| -> Result<u16, String> {
            match port {
                PortRef::Number(n) => Ok(*n),
                PortRef::Name(name) => ports
                    .iter()
                    .find(|p| p.name.as_deref() == Some(name.as_str()))
                    .map(|p| p.container_port)
                    .ok_or_else(|| format!("unable to resolve port \"{name}\": the container has no port named \"{name}\"")),
            }
        };
        match handler {
            ProbeHandler::HttpGet { path, port, scheme } => {
                let port = resolve(port)?;
                let url = format!("{}://{pod_ip}:{port}{path}", scheme.to_ascii_lowercase());
                match self.http_get(path, port, running_ms) {
                    HttpReply::Timeout => Err(format!("Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")),
                    HttpReply::Refused => Err(format!(
                        "Get \"{url}\": dial tcp {pod_ip}:{port}: connect: connection refused"
                    )),
                    HttpReply::Malformed => Err(format!("Get \"{url}\": net/http: HTTP/1.x transport connection broken: malformed HTTP response")),
                    HttpReply::Status(status) if status < 400 => Ok(()),
                    HttpReply::Status(status) => {
                        Err(format!("HTTP probe failed with statuscode: {status}"))
                    }
                }
            }
            ProbeHandler::TcpSocket { port } => {
                let port = resolve(port)?;
                if hung {
                    return Err(format!("dial tcp {pod_ip}:{port}: i/o timeout"));
                }
                if serving && self.listen_port == Some(port) {
                    Ok(())
                } else {
                    Err(format!(
                        "dial tcp {pod_ip}:{port}: connect: connection refused"
                    ))
                }
            }
            ProbeHandler::Grpc { port } => {
                if hung {
                    return Err(format!("timeout: failed to connect service \"{pod_ip}:{port}\" within 1s: context deadline exceeded"));
                }
                if serving && self.listen_port == Some(*port) && self.program == Program::DemoApp {
                    Ok(())
                } else {
                    Err(format!("timeout: failed to connect service \"{pod_ip}:{port}\" within 1s: context deadline exceeded"))
                }
            }
            ProbeHandler::Exec { command } => {
                if hung {
                    return Err("command timed out".into());
                }
                self.exec(command, running_ms)
            }
        }
    }

    /// Whether this program answers HTTP requests at all (a shell does not).
    pub fn serves_http(&self) -> bool {
        self.listen_port.is_some()
    }

    /// Answers one request after running `running_ms`, maybe while terminating (`terminating_ms`
    /// since deletion, with a `pre_stop_ms` hook first): `Some(latency ms)` or `None` (refused,
    /// 5xx or timed out).
    pub fn answer(
        &self,
        running_ms: Millis,
        terminating_ms: Option<Millis>,
        pre_stop_ms: Millis,
    ) -> Option<u32> {
        self.listen_port?;
        if running_ms < self.startup_ms
            || self.hang_after_ms.is_some_and(|t| running_ms >= t)
            || self.unhealthy_after_ms.is_some_and(|t| running_ms >= t)
        {
            return None;
        }
        if let Some(t) = terminating_ms {
            // After SIGTERM (once preStop is done) a graceful app stops accepting; one that
            // ignores SIGTERM keeps serving until SIGKILL.
            if t >= pre_stop_ms && self.sigterm_ms.is_some() {
                return None;
            }
        }
        Some(match self.program {
            Program::Nginx | Program::Httpd => 2,
            Program::Redis => 1,
            Program::Postgres => 5,
            Program::DemoApp => self.latency_ms,
            Program::Busybox | Program::Perl => 1,
            Program::Envoy => 1,
            Program::TutorialServer => 2,
            Program::Stress => 1,
            Program::LogAgent => 1,
        })
    }

    /// Runs an exec probe's command inside the container (the few commands images have).
    fn exec(&self, command: &[String], running_ms: Millis) -> Result<(), String> {
        let argv: Vec<String> = match command.first().map(String::as_str) {
            Some("sh" | "/bin/sh") if command.get(1).map(String::as_str) == Some("-c") => {
                shlex::split(command.get(2).map_or("", String::as_str)).unwrap_or_default()
            }
            _ => command.to_vec(),
        };
        let exists = |path: &str| {
            self.files.iter().any(|(p, made, gone)| {
                p == path && *made <= running_ms && gone.is_none_or(|g| running_ms < g)
            })
        };
        let Some(cmd) = argv.first() else {
            return Ok(());
        };
        let file_arg = argv
            .iter()
            .skip(1)
            .find(|a| !a.starts_with('-') && *a != "]")
            .cloned()
            .unwrap_or_default();
        match cmd.as_str() {
            "cat" | "ls" => {
                if exists(&file_arg) {
                    Ok(())
                } else {
                    Err(format!(
                        "{cmd}: can't open '{file_arg}': No such file or directory"
                    ))
                }
            }
            "test" | "[" => {
                if exists(&file_arg) {
                    Ok(())
                } else {
                    Err("command terminated with exit code 1".into())
                }
            }
            "false" => Err("command terminated with exit code 1".into()),
            "pg_isready" if self.program != Program::Postgres => {
                Err("exec: \"pg_isready\": executable file not found in $PATH".into())
            }
            "redis-cli" if self.program != Program::Redis => {
                Err("exec: \"redis-cli\": executable file not found in $PATH".into())
            }
            "pg_isready" | "redis-cli" if running_ms < self.startup_ms => {
                Err("command terminated with exit code 1".into())
            }
            _ => Ok(()),
        }
    }
}

fn demo_app(b: &mut Behaviour, c: &Container) {
    let env_f64 = |k: &str| {
        c.env_value(k)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite() && *v >= 0.0)
    };
    b.startup_ms =
        env_f64("STARTUP_SECONDS").map_or(1_000, |s| (s.min(86_400.0) * 1000.0) as Millis);
    b.memory_base_bytes =
        env_f64("MEMORY_MIB").map_or(32 * MIB, |m| (m.min(1e6) * MIB as f64) as u64);
    b.leak_bytes_per_s =
        env_f64("LEAK_MEMORY_MIB_PER_SEC").map_or(0, |m| (m.min(1e6) * MIB as f64) as u64);
    let exit_code = c
        .env_value("EXIT_CODE")
        .and_then(|v| v.trim().parse::<i32>().ok())
        .unwrap_or(1)
        .clamp(0, 255);
    if let Some(after) = c
        .env_value("EXIT_AFTER")
        .and_then(|v| clock::parse_duration(v).ok())
    {
        b.exit = Some(PlannedExit {
            after_ms: after,
            exit_code,
        });
        b.exit_lines = vec![format!(
            r#"{{"level":"error","msg":"fatal: simulated failure (EXIT_AFTER={}), exiting with code {exit_code}"}}"#,
            c.env_value("EXIT_AFTER").unwrap_or_default()
        )];
    }
    b.listen_port = Some(
        c.env_value("PORT")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(8080),
    );
    b.unhealthy_after_ms = c
        .env_value("UNHEALTHY_AFTER")
        .and_then(|v| clock::parse_duration(v).ok());
    b.hang_after_ms = c
        .env_value("HANG_AFTER")
        .and_then(|v| clock::parse_duration(v).ok());
    b.latency_ms = c
        .env_value("LATENCY_MS")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(20)
        .min(60_000);
    let ignore_sigterm = c
        .env_value("IGNORE_SIGTERM")
        .is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    b.sigterm_ms = if ignore_sigterm {
        None
    } else {
        Some(env_f64("SHUTDOWN_SECONDS").map_or(500, |s| (s.min(3_600.0) * 1000.0) as Millis))
    };
    b.database_host = c.env_value("DATABASE_URL").map(|url| {
        // postgres://user:pass@HOST:5432/db → HOST
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
        let host = rest.split(['/', '?']).next().unwrap_or_default();
        host.rsplit_once(':')
            .map_or(host, |(h, _)| h)
            .chars()
            .take(253)
            .collect()
    });
    b.sessions = match c.env_value("SESSION_STORE").map(str::trim) {
        Some("memory") => SessionStore::Memory,
        Some("disk" | "file") => SessionStore::Disk,
        _ => SessionStore::External,
    };
    b.log_file = c
        .env_value("LOG_FILE")
        .filter(|f| !f.trim().is_empty())
        .map(|f| f.chars().take(256).collect());
    if let Some(f) = &b.log_file {
        b.files.push((f.clone(), 0, None));
    }
    b.start_lines = vec![
        r#"{"level":"info","msg":"demo-app starting","version":"VERSION"}"#
            .replace("VERSION", &b.version),
        format!(
            r#"{{"level":"info","msg":"listening on :8080","startup_ms":{}}}"#,
            b.startup_ms
        ),
    ];
}

/// The container as the process sees it when its image was built from a Dockerfile: the
/// image's `ENV` first, then the pod's env (which wins, as the runtime merges them); the
/// image's `ENTRYPOINT`/`CMD` unless the pod overrides them (Kubernetes' rules: `command`
/// replaces ENTRYPOINT and drops CMD; `args` alone replaces CMD).
///
/// An image whose config sets `CONFIG_SOURCE=image` models an app that reads its settings
/// from a config file baked in at build time: `DATABASE_URL` and `APP_ENV` then come from the
/// image whatever the pod injects.
pub fn with_image_config(config: &ImageConfig, container: &Container) -> Container {
    let mut c = container.clone();
    let own = container
        .env_sources
        .resolved
        .as_ref()
        .unwrap_or(&container.env);
    let mut env: Vec<EnvVar> = config
        .env
        .iter()
        .map(|(name, value)| EnvVar {
            name: name.clone(),
            value: value.clone(),
        })
        .collect();
    env.extend(own.iter().cloned());
    let baked = |name: &str| config.env.iter().rev().find(|(k, _)| k == name);
    if baked("CONFIG_SOURCE").is_some_and(|(_, v)| v == "image") {
        for key in BAKED_SETTINGS {
            if let Some((name, value)) = baked(key) {
                env.push(EnvVar {
                    name: name.clone(),
                    value: value.clone(),
                });
            }
        }
    }
    c.env_sources.resolved = Some(env);
    if container.command.is_empty() {
        c.command = config.entrypoint.clone();
        if container.args.is_empty() {
            c.args = config.cmd.clone();
        }
    }
    c
}

/// The demo app's settings that a `CONFIG_SOURCE=image` build reads from its baked config.
pub const BAKED_SETTINGS: &[&str] = &["DATABASE_URL", "APP_ENV"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::model::{EnvVar, PullPolicy, ResourceRequirements};
    use crate::sim::registry::{ImageRef, Registry};

    fn container(image: &str, command: &[&str], env: &[(&str, &str)]) -> Container {
        Container {
            sidecar: false,
            name: "c".into(),
            image: image.into(),
            command: command.iter().map(|s| s.to_string()).collect(),
            args: vec![],
            env: env
                .iter()
                .map(|(k, v)| EnvVar {
                    name: k.to_string(),
                    value: v.to_string(),
                })
                .collect(),
            env_sources: Default::default(),
            ports: vec![],
            resources: ResourceRequirements::default(),
            image_pull_policy: PullPolicy::IfNotPresent,
            liveness_probe: None,
            readiness_probe: None,
            startup_probe: None,
            pre_stop: None,
        }
    }

    fn behaviour(image: &str, command: &[&str], env: &[(&str, &str)]) -> Behaviour {
        let reg = Registry::default_catalog();
        let info = reg
            .lookup(&ImageRef::parse(image))
            .expect("image in catalog")
            .clone();
        Behaviour::of(&info, &container(image, command, env))
    }

    #[test]
    fn an_image_config_sits_under_the_pod() {
        let config = crate::sim::registry::ImageConfig {
            env: vec![
                ("DATABASE_URL".into(), "postgres://baked".into()),
                ("EXIT_AFTER".into(), "5s".into()),
            ],
            entrypoint: vec!["sh".into(), "-c".into()],
            cmd: vec!["echo built; exit 3".into()],
            ..Default::default()
        };
        // No command, no env of its own: the image decides.
        let c = with_image_config(&config, &container("busybox", &[], &[]));
        assert_eq!(c.env_value("DATABASE_URL"), Some("postgres://baked"));
        assert_eq!(c.command, ["sh", "-c"]);
        assert_eq!(c.args, ["echo built; exit 3"]);
        let mut info = crate::sim::registry::Registry::default_catalog()
            .lookup(&crate::sim::registry::ImageRef::parse("busybox"))
            .cloned()
            .unwrap();
        info.config = Some(Box::new(config.clone()));
        let b = Behaviour::of(&info, &container("busybox", &[], &[]));
        assert_eq!(b.script(), Some("echo built; exit 3"));
        // The pod's env wins over the baked one; its command replaces ENTRYPOINT and CMD.
        let c = with_image_config(
            &config,
            &container(
                "busybox",
                &["sleep", "10"],
                &[("DATABASE_URL", "postgres://injected")],
            ),
        );
        assert_eq!(c.env_value("DATABASE_URL"), Some("postgres://injected"));
        assert_eq!(c.command, ["sleep", "10"]);
        assert!(c.args.is_empty());
    }

    #[test]
    fn servers_run_forever() {
        assert_eq!(
            behaviour("nginx:1.14.2", &[], &[]).next_stop(128 * MIB),
            None
        );
        assert_eq!(behaviour("redis:7", &[], &[]).next_stop(128 * MIB), None);
    }

    /// A script followed on virtual time: (log lines, exit status, when).
    fn follow(argv: &[&str]) -> (Vec<String>, Option<(i32, Millis)>) {
        let b = behaviour("busybox:1.36", argv, &[]);
        let script = b.script().expect("a shell's script").to_string();
        let net = &mut shell::NoNet;
        let (mut run, mut due) = script::ScriptRun::start(script, Default::default(), 0, net);
        let mut lines = Vec::new();
        for _ in 0..100 {
            lines.append(&mut due.lines);
            if let Some(code) = due.exit {
                return (lines, Some((code, run.wake_ms.unwrap_or_default())));
            }
            let Some(at) = run.wake_ms else { break };
            due = run.wake(at, net);
            if due.exit.is_some() {
                lines.append(&mut due.lines);
                return (lines, due.exit.map(|c| (c, at)));
            }
        }
        (lines, None)
    }

    #[test]
    fn busybox_follows_its_script() {
        assert_eq!(
            follow(&["sh", "-c", "echo starting; sleep 5; exit 3"]),
            (vec!["starting".to_string()], Some((3, 5_000)))
        );
        assert_eq!(follow(&["sleep", "10"]), (vec![], Some((0, 10_000))));
        assert_eq!(follow(&[]).1, Some((0, 0)));
        let (lines, exit) = follow(&["sh", "-c", "echo hi; while true; do sleep 1; done"]);
        assert_eq!((lines[0].as_str(), exit), ("hi", None));
        assert_eq!(
            follow(&["sh", "-c", "nope"]),
            (vec!["sh: nope: not found".to_string()], Some((127, 0)))
        );
        // The script's lines come out at their moment, not all at the start.
        let b = behaviour(
            "busybox:1.36",
            &["sh", "-c", "echo a; sleep 2; echo b; sleep 100"],
            &[],
        );
        let (run, due) = script::ScriptRun::start(
            b.script().unwrap().to_string(),
            Default::default(),
            0,
            &mut shell::NoNet,
        );
        assert_eq!(
            (due.lines, run.wake_ms),
            (vec!["a".to_string()], Some(2_000))
        );
    }

    #[test]
    fn demo_app_leaks_until_oom() {
        let b = behaviour(
            "sunaba/demo-app:1.0",
            &[],
            &[("LEAK_MEMORY_MIB_PER_SEC", "8"), ("MEMORY_MIB", "64")],
        );
        // 128Mi limit, 64Mi base, 8 MiB/s → OOM after 8 s.
        assert_eq!(b.next_stop(128 * MIB), Some((8_000, StopKind::OomKilled)));
        let b = behaviour(
            "sunaba/demo-app:1.0",
            &[],
            &[("EXIT_AFTER", "30s"), ("EXIT_CODE", "2")],
        );
        assert_eq!(
            b.next_stop(128 * MIB),
            Some((30_000, StopKind::Exited { exit_code: 2 }))
        );
    }

    #[test]
    fn postgres_without_password_exits_with_its_real_message() {
        let b = behaviour("postgres:16", &[], &[]);
        assert_eq!(
            b.next_stop(u64::MAX),
            Some((50, StopKind::Exited { exit_code: 1 }))
        );
        assert!(b.exit_logs(0)[0].starts_with("Error: Database is uninitialized"));
        let b = behaviour("postgres:16", &[], &[("POSTGRES_PASSWORD", "x")]);
        assert_eq!(b.next_stop(u64::MAX), None);
    }
}
