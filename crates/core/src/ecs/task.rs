//! ECS tasks: one task definition revision running on a container instance.
//!
//! A task runs on the same simulated machinery as a Kubernetes pod: its containers are a pod
//! (namespace [`TASK_NAMESPACE`], name = the task id) bound straight to the chosen container
//! instance, so the node agent pulls, starts, health-checks and stops them with the same
//! runtime and crash model. What differs is what ECS does about it, and that lives here:
//!
//! - **No in-place restart.** The pod's `restartPolicy` is `Never`. When an essential container
//!   exits, the whole task stops (`stoppedReason` "Essential container in task exited"); the
//!   service scheduler starts a *new* task. A non-essential container's exit changes nothing.
//! - **A failed pull stops the task** (`CannotPullContainerError`) instead of backing off.
//! - **Container health checks** (interval/timeout/retries/startPeriod) run as the agent's
//!   checks: they never kill a container; an essential container that turns UNHEALTHY makes the
//!   task UNHEALTHY, and the service scheduler replaces it.
//! - **Statuses**: lastStatus PROVISIONING (awsvpc: the ENI attaches) → PENDING (pulls) →
//!   [ACTIVATING] → RUNNING → [DEACTIVATING] → STOPPING (SIGTERM, SIGKILL after
//!   `stopTimeout`) → DEPROVISIONING (awsvpc) → STOPPED. ACTIVATING and DEACTIVATING are a
//!   load-balanced service's: its targets are registered before the task is RUNNING, and
//!   drain for the target group's deregistration delay before SIGTERM
//!   (`load_balancing.rs`).

use super::EcsEngine;
use crate::input::definitions::ecs::{
    DependsOn, EcsContainer, LaunchType, NetworkMode, TaskDefinition,
};
use crate::input::model::{
    Container, ContainerPort, EnvVar, Millis, PodSpec, PortRef, Probe, ProbeHandler, PullPolicy,
    Quantity, ResourceList, ResourceRequirements, RestartPolicy,
};
use crate::sim::store::{PodId, Store};
use crate::sim::timer::Timer;

/// Where the pods that run ECS tasks live. Not a valid Kubernetes namespace name (`:`), so it
/// can never meet a learner's; `kubectl` listings across namespaces leave it out.
pub const TASK_NAMESPACE: &str = "ecs:default";
/// awsvpc: attaching the task's elastic network interface before the containers start.
pub const ENI_ATTACH_MS: Millis = 5_000;
/// awsvpc: detaching it after the containers stopped.
pub const ENI_DETACH_MS: Millis = 5_000;
/// Fargate: finding capacity and attaching the ENI (no instance to manage, slower to start).
pub const FARGATE_PROVISION_MS: Millis = 20_000;
/// Stopped tasks stay visible for (at least) an hour, as in ECS.
pub const STOPPED_RETENTION_MS: Millis = 3_600_000;
/// Stopped tasks kept at most (the oldest go first).
pub const STOPPED_MAX: usize = 1_000;
/// Tasks that are not stopped, at most (bounds a learner's tab).
pub const TASKS_MAX: usize = 5_000;

pub use crate::sim::ecs_status::is_task_namespace;

pub use crate::sim::ecs_status::{Health, StopCode, TaskStatus};

/// A container's state as ECS reports it (`describe-tasks` → `containers[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerReport {
    pub name: String,
    pub image: String,
    pub last_status: TaskStatus,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
    pub health: Option<Health>,
    pub essential: bool,
}

/// One task. Its containers run as the pod `pod` while it exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsTask {
    /// 32 hex digits, as ECS task ids are.
    pub id: String,
    /// The cluster it runs in (its pod's namespace is `ecs:CLUSTER`).
    pub cluster: String,
    /// Creation order (listings).
    pub seq: u64,
    pub family: String,
    pub revision: u32,
    /// `service:NAME` or `family:FAMILY`.
    pub group: String,
    pub started_by: Option<String>,
    pub service: Option<String>,
    /// `ecs-svc/…` of the service deployment that started it.
    pub deployment: Option<String>,
    pub launch_type: LaunchType,
    pub awsvpc: bool,
    /// The container instance (node) it was placed on.
    pub node: String,
    pub zone: String,
    pub pod: PodId,
    pub cpu_units: u32,
    pub memory_mib: u32,
    pub created_ms: Millis,
    pub pull_started_ms: Option<Millis>,
    pub pull_stopped_ms: Option<Millis>,
    pub started_ms: Option<Millis>,
    pub stopping_ms: Option<Millis>,
    /// awsvpc: when the ENI is gone after the pod stopped.
    pub deprovision_until_ms: Option<Millis>,
    pub stopped_ms: Option<Millis>,
    /// `RUNNING` until something asks it to stop.
    pub desired_stopped: bool,
    pub stop_code: Option<StopCode>,
    pub stopped_reason: Option<String>,
    /// Stopped by the service scheduler because it failed its container health checks: its
    /// stopCode (ServiceSchedulerInitiated) is the same as a scale-in's, so this tells them
    /// apart without reading `stopped_reason`.
    pub failed_health_checks: bool,
    /// Reached RUNNING / reported HEALTHY at least once (circuit breaker, throttling).
    pub ever_running: bool,
    pub ever_healthy: bool,
    pub health: Health,
    /// While running: read from the pod; frozen when the task stops.
    pub containers: Vec<ContainerReport>,
    /// Per container of the definition: (essential, has health check, start period ms).
    pub(crate) checks: Vec<(bool, bool, Millis)>,
    /// Per container (pod order): its restart policy, when enabled — (ignored exit codes,
    /// restartAttemptPeriod in ms).
    pub(crate) restart: Vec<Option<(Vec<i32>, Millis)>>,
    /// The host ports it holds on its instance (bridge/host network modes).
    pub host_ports: Vec<u32>,
    /// Per container, the exit code SIGTERM will give the ones still running when asked to
    /// stop: 0 if the program shuts down within `stopTimeout`, 137 if it is killed.
    pub(crate) sigterm_exit: Vec<Option<i32>>,
    pub version: u32,
    /// (pod resourceVersion, instance epoch) when last read: unchanged means nothing to read.
    pub(crate) seen: (u64, u64),
    /// Its service has load balancers: its targets are registered once it runs.
    pub load_balanced: bool,
    /// Its targets are registered (ACTIVATING until then).
    pub registered: bool,
    /// Asked to stop, its targets draining before SIGTERM (DEACTIVATING).
    pub deactivating: bool,
    /// With load balancers: whether every target of it is healthy (what the service counts).
    pub lb_healthy: Option<bool>,
    /// Stopped because the load balancer found a target of it unhealthy.
    pub failed_load_balancer_checks: bool,
}

impl EcsTask {
    pub fn is_stopped(&self) -> bool {
        self.stopped_ms.is_some()
    }

    /// Still counted by the service: not asked to stop.
    pub fn is_active(&self) -> bool {
        !self.desired_stopped
    }

    pub fn desired_status(&self) -> TaskStatus {
        if self.desired_stopped {
            TaskStatus::Stopped
        } else {
            TaskStatus::Running
        }
    }

    /// RUNNING and not failing its health checks (what a service counts as healthy; without a
    /// load balancer, a task with health checks must report HEALTHY).
    pub fn counts_healthy(&self) -> bool {
        self.is_active()
            && self.started_ms.is_some()
            && self.lb_healthy != Some(false)
            && match self.health {
                Health::Healthy => true,
                Health::Unknown => !self.checks.iter().any(|&(e, hc, _)| e && hc),
                Health::Unhealthy => false,
            }
    }

    pub fn short_id(&self) -> &str {
        &self.id
    }

    /// The task's lastStatus now, read from its pod in `store`.
    pub fn last_status(&self, store: &Store) -> TaskStatus {
        if self.is_stopped() {
            return TaskStatus::Stopped;
        }
        let pod = store.pods.get(&self.pod);
        if self.desired_stopped {
            return if self.deactivating {
                TaskStatus::Deactivating
            } else if pod.is_some() {
                TaskStatus::Stopping
            } else {
                TaskStatus::Deprovisioning
            };
        }
        match pod {
            None => TaskStatus::Stopped,
            Some(p) if p.status.start_ms.is_none() => {
                if self.awsvpc {
                    TaskStatus::Provisioning
                } else {
                    TaskStatus::Pending
                }
            }
            Some(_) if self.started_ms.is_some() && self.load_balanced && !self.registered => {
                TaskStatus::Activating
            }
            Some(_) if self.started_ms.is_some() => TaskStatus::Running,
            Some(_) => TaskStatus::Pending,
        }
    }
}

fn mib(n: u32) -> Quantity {
    Quantity {
        text: format!("{n}Mi"),
        value: u64::from(n) << 20,
    }
}

/// CPU units (1,024 per vCPU) as millicores, rounded up so a reservation is never smaller.
pub fn units_to_milli(units: u32) -> u64 {
    (u64::from(units) * 1000).div_ceil(1024)
}

fn milli(m: u64) -> Quantity {
    Quantity {
        text: format!("{m}m"),
        value: m,
    }
}

/// `["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"]` → an HTTP check of that
/// port and path; anything else runs as a command in the container.
fn health_probe(c: &EcsContainer) -> Option<Probe> {
    let hc = c.health_check.as_ref()?;
    let joined = hc.command.join(" ");
    let handler = match joined
        .find("http://localhost")
        .or(joined.find("http://127.0.0.1"))
    {
        Some(at) => {
            let url = joined[at..].split_whitespace().next().unwrap_or("");
            let rest = url
                .trim_start_matches("http://localhost")
                .trim_start_matches("http://127.0.0.1");
            let (port, path) = match rest.strip_prefix(':') {
                Some(r) => {
                    let end = r.find('/').unwrap_or(r.len());
                    (r[..end].parse().unwrap_or(80), &r[end..])
                }
                None => (80, rest),
            };
            let path = if path.is_empty() { "/" } else { path };
            ProbeHandler::HttpGet {
                path: path.trim_end_matches(['"', '\'']).to_string(),
                port: PortRef::Number(port),
                scheme: "HTTP".into(),
            }
        }
        None => {
            let command = match hc.command.split_first() {
                Some((first, rest)) if first == "CMD-SHELL" => {
                    vec!["/bin/sh".into(), "-c".into(), rest.join(" ")]
                }
                Some((first, rest)) if first == "CMD" => rest.to_vec(),
                _ => hc.command.clone(),
            };
            ProbeHandler::Exec { command }
        }
    };
    Some(Probe {
        handler,
        // Docker runs the first check one interval after the container starts.
        initial_delay_seconds: hc.interval,
        period_seconds: hc.interval,
        timeout_seconds: hc.timeout,
        success_threshold: 1,
        failure_threshold: hc.retries,
    })
}

/// The pod that runs a task's containers. Containers that others wait for with
/// `COMPLETE`/`SUCCESS` run first, to completion (the node agent's init-container order);
/// `START`/`HEALTHY` dependencies start together with the rest.
pub fn pod_spec_for(def: &TaskDefinition) -> PodSpec {
    let waited_for: Vec<&str> = def
        .containers
        .iter()
        .flat_map(|c| c.depends_on.iter())
        .filter(|(_, cond)| matches!(cond, DependsOn::Complete | DependsOn::Success))
        .map(|(name, _)| name.as_str())
        .collect();
    let (first, rest): (Vec<&EcsContainer>, Vec<&EcsContainer>) = def
        .containers
        .iter()
        .partition(|c| waited_for.contains(&c.name.as_str()));
    let task_level = def.cpu.is_some() || def.memory.is_some();
    let mut containers = Vec::new();
    for (i, c) in first.iter().chain(rest.iter()).enumerate() {
        let mut requests = ResourceList::default();
        let mut limits = ResourceList::default();
        if task_level {
            // The task's size is what placement reserves; it sits on the first container.
            if i == 0 {
                requests.cpu = def.cpu.map(|u| milli(units_to_milli(u)));
                requests.memory = def.memory.map(mib);
            }
        } else {
            if c.cpu > 0 {
                requests.cpu = Some(milli(units_to_milli(c.cpu)));
            }
            requests.memory = c.memory_reservation.or(c.memory).map(mib);
        }
        limits.memory = c.memory.map(mib);
        let mut env: Vec<EnvVar> = c
            .environment
            .iter()
            .map(|(n, v)| EnvVar {
                name: n.clone(),
                value: v.clone(),
            })
            .collect();
        // Secrets are resolved by the agent at start; the value is where it came from.
        env.extend(c.secrets.iter().map(|(n, from)| EnvVar {
            name: n.clone(),
            value: from.clone(),
        }));
        containers.push(Container {
            name: c.name.clone(),
            image: c.image.clone(),
            command: c.entry_point.clone(),
            args: c.command.clone(),
            env,
            env_sources: Default::default(),
            ports: c
                .port_mappings
                .iter()
                .filter_map(|(cp, _)| u16::try_from(*cp).ok())
                .map(|p| ContainerPort {
                    name: None,
                    container_port: p,
                    protocol: "TCP".into(),
                })
                .collect(),
            resources: ResourceRequirements { requests, limits },
            // ECS_IMAGE_PULL_BEHAVIOR=default: always asks the registry (layers are cached).
            image_pull_policy: PullPolicy::Always,
            liveness_probe: None,
            readiness_probe: health_probe(c),
            startup_probe: None,
            pre_stop: None,
            sidecar: false,
        });
    }
    PodSpec {
        containers,
        init_count: first.len(),
        restart_policy: RestartPolicy::Never,
        termination_grace_period_seconds: def
            .containers
            .iter()
            .map(|c| u64::from(c.stop_timeout))
            .max()
            .unwrap_or(30),
        node_selector: Default::default(),
        tolerations: Vec::new(),
        node_name: None,
        hostname: None,
        subdomain: None,
        affinity_node: None,
    }
}

/// The task's reservation: task-level size when given, else the containers' sum
/// (memoryReservation, else memory).
pub fn task_size(def: &TaskDefinition) -> (u32, u32) {
    // Summed wide: each container may ask for up to i32::MAX units.
    let sum = |f: &dyn Fn(&EcsContainer) -> u32| -> u32 {
        let total: u64 = def.containers.iter().map(|c| u64::from(f(c))).sum();
        u32::try_from(total).unwrap_or(u32::MAX)
    };
    let cpu = def.cpu.unwrap_or_else(|| sum(&|c| c.cpu));
    let mem = def
        .memory
        .unwrap_or_else(|| sum(&|c| c.memory_reservation.or(c.memory).unwrap_or(0)));
    (cpu, mem)
}

/// Static host ports the task needs on its instance (bridge with a hostPort, or host mode).
pub fn host_ports(def: &TaskDefinition) -> Vec<u32> {
    def.containers
        .iter()
        .flat_map(|c| c.port_mappings.iter())
        .filter_map(|&(cp, hp)| match def.network_mode {
            NetworkMode::Host => Some(cp),
            NetworkMode::Bridge => hp.filter(|&h| h != 0),
            _ => None,
        })
        .collect()
}

/// Per container of the pod (its order), the definition's restart policy when it has one:
/// (ignored exit codes, restartAttemptPeriod in ms).
fn restart_policies(
    containers: &[Container],
    def: &TaskDefinition,
) -> Vec<Option<(Vec<i32>, Millis)>> {
    containers
        .iter()
        .map(|k| {
            def.containers
                .iter()
                .find(|c| c.name == k.name)
                .and_then(|c| c.restart_policy.as_ref())
                .map(|r| {
                    (
                        r.ignored_exit_codes.clone(),
                        Millis::from(r.restart_attempt_period) * 1000,
                    )
                })
        })
        .collect()
}

/// Per container of the pod (its order) found in the definition: (essential, has a health
/// check, the check's start period in ms).
fn container_checks(containers: &[Container], def: &TaskDefinition) -> Vec<(bool, bool, Millis)> {
    containers
        .iter()
        .filter_map(|k| def.containers.iter().find(|c| c.name == k.name))
        .map(|c| {
            (
                c.essential,
                c.health_check.is_some(),
                c.health_check
                    .as_ref()
                    .map_or(0, |h| u64::from(h.start_period) * 1000),
            )
        })
        .collect()
}

impl EcsEngine<'_> {
    /// Starts a task on `node` (already chosen by placement): the task record plus its pod,
    /// bound to the instance; awsvpc tasks wait for their ENI before the agent starts them.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn start_task(
        &mut self,
        family: &str,
        revision: u32,
        def: &TaskDefinition,
        node: usize,
        group: String,
        started_by: Option<String>,
        service: Option<String>,
        deployment: Option<String>,
        launch_type: LaunchType,
        cluster: &str,
    ) -> Result<String, String> {
        let id = format!(
            "{:016x}{:016x}",
            self.k.rng.next_u64(),
            self.k.rng.next_u64()
        );
        let spec = pod_spec_for(def);
        let mut labels = crate::input::model::Labels::new();
        labels.insert("ecs.task-definition".into(), format!("{family}:{revision}"));
        labels.insert("ecs.group".into(), group.clone());
        let awsvpc = def.network_mode == NetworkMode::Awsvpc;
        let pod = self.create_task_pod(&super::task_namespace(cluster), &id, labels, spec, node)?;
        let provision_ms = match (launch_type, awsvpc) {
            (LaunchType::Fargate, _) => FARGATE_PROVISION_MS,
            (_, true) => ENI_ATTACH_MS,
            _ => 0,
        };
        let uid = self
            .k
            .store
            .pods
            .get(&pod)
            .map(|p| p.meta.uid.clone())
            .unwrap_or_default();
        let now = self.k.now_ms;
        if provision_ms == 0 {
            self.kubelet().admit(pod, node);
        } else {
            self.k
                .set_timer(now + provision_ms, Timer::EcsAdmit { pod, node, uid });
        }
        let (cpu_units, memory_mib) = task_size(def);
        // In the pod's container order (dependencies first).
        let containers = self
            .k
            .store
            .pods
            .get(&pod)
            .map_or(&[][..], |p| &p.spec.containers[..]);
        let restart = restart_policies(containers, def);
        let checks = container_checks(containers, def);
        let load_balanced = service
            .as_ref()
            .and_then(|s| self.state.services.get(s))
            .is_some_and(|s| !s.definition.load_balancers.is_empty());
        self.state.seq += 1;
        let task = EcsTask {
            id: id.clone(),
            cluster: cluster.to_string(),
            seq: self.state.seq,
            family: family.to_string(),
            revision,
            group,
            started_by,
            service,
            deployment,
            launch_type,
            awsvpc,
            node: self.k.nodes[node].name.clone(),
            zone: super::ecs_zone(&self.agents[node].zone),
            pod,
            cpu_units,
            memory_mib,
            created_ms: now,
            pull_started_ms: None,
            pull_stopped_ms: None,
            started_ms: None,
            stopping_ms: None,
            deprovision_until_ms: None,
            stopped_ms: None,
            desired_stopped: false,
            stop_code: None,
            stopped_reason: None,
            failed_health_checks: false,
            ever_running: false,
            ever_healthy: false,
            health: Health::Unknown,
            containers: Vec::new(),
            checks,
            restart,
            host_ports: host_ports(def),
            sigterm_exit: Vec::new(),
            seen: (u64::MAX, u64::MAX),
            version: 1,
            load_balanced,
            registered: false,
            deactivating: false,
            lb_healthy: load_balanced.then_some(false),
            failed_load_balancer_checks: false,
        };
        self.state.tasks.insert(id.clone(), task);
        self.k.ecs_wake = true;
        Ok(id)
    }

    /// The pod of a task: created bound to `node` (ECS placement, not the kube-scheduler),
    /// resources reserved at once, the agent not told yet.
    fn create_task_pod(
        &mut self,
        namespace: &str,
        id: &str,
        labels: crate::input::model::Labels,
        spec: PodSpec,
        node: usize,
    ) -> Result<PodId, String> {
        let pod = self.controllers().insert_pod_object(
            namespace,
            id,
            labels,
            Default::default(),
            spec,
            None,
        )?;
        self.k.reserve(pod, node);
        Ok(pod)
    }

    /// Why the task execution role of this account cannot read one of the task's secrets:
    /// a `valueFrom` ARN names a Secrets Manager secret or an SSM parameter of another
    /// account (an account-specific value written into the definition), or an SSM parameter
    /// (a name, or an ARN of this account) that this account does not have. Whether a
    /// Secrets Manager secret of this account exists is not simulated.
    pub(crate) fn secrets_refusal(&self, t: &EcsTask) -> Option<String> {
        let def = &self
            .state
            .families
            .get(&t.family)?
            .iter()
            .find(|r| r.revision == t.revision)?
            .definition;
        let out = self.out;
        let here = out.account_id();
        let missing: Vec<String> = def
            .containers
            .iter()
            .flat_map(|c| &c.secrets)
            .filter_map(|(_, from)| out.missing_parameter(from))
            .collect();
        if !missing.is_empty() {
            return Some(format!(
                "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: {}",
                missing.join(" ")
            ));
        }
        def.containers
            .iter()
            .flat_map(|c| &c.secrets)
            .find_map(|(_, from)| {
                let mut parts = from.splitn(6, ':');
                let (Some("arn"), Some(_), Some(service), Some(_), Some(account)) = (
                    parts.next(),
                    parts.next(),
                    parts.next(),
                    parts.next(),
                    parts.next(),
                ) else {
                    return None;
                };
                if account == here {
                    return None;
                }
                let user = format!("arn:aws:sts::{here}:assumed-role/ecsTaskExecutionRole/{}", t.id);
                Some(match service {
                    "ssm" => format!(
                        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): AccessDeniedException: User: {user} is not authorized to perform: ssm:GetParameters on resource: {from} because no resource-based policy allows the ssm:GetParameters action"
                    ),
                    _ => format!(
                        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret {from} from secrets manager: AccessDeniedException: User: {user} is not authorized to perform: secretsmanager:GetSecretValue on resource: {from} because no resource-based policy allows the secretsmanager:GetSecretValue action"
                    ),
                })
            })
    }

    /// `Timer::EcsAdmit`: the ENI is attached; the agent starts the task's containers.
    pub(crate) fn admit(&mut self, pod: PodId, node: usize, uid: &str) {
        let ok = self
            .k
            .store
            .pods
            .get(&pod)
            .is_some_and(|p| p.meta.uid == uid && p.meta.deletion_ms.is_none());
        if ok {
            self.kubelet().admit(pod, node);
            self.k.ecs_wake = true;
        }
    }

    /// Asks a task to stop: SIGTERM to its containers, SIGKILL after the longest stopTimeout.
    pub(crate) fn stop_task(&mut self, id: &str, code: StopCode, reason: String) {
        let now = self.k.now_ms;
        let Some(t) = self.state.tasks.get_mut(id) else {
            return;
        };
        if t.desired_stopped {
            return;
        }
        t.desired_stopped = true;
        t.stopping_ms = Some(now);
        t.stop_code = Some(code);
        t.stopped_reason = Some(reason);
        t.version += 1;
        let pod = t.pod;
        self.k.ecs_wake = true;
        // A load-balanced task drains its targets first (DEACTIVATING), then gets SIGTERM.
        if self.agent_up_for_pod(pod) && self.begin_deactivating(id) {
            return;
        }
        self.signal_stop(id);
    }

    /// SIGTERM to a stopping task's containers (SIGKILL after the longest stopTimeout).
    pub(crate) fn signal_stop(&mut self, id: &str) {
        let Some(pod) = self.state.tasks.get(id).map(|t| t.pod) else {
            return;
        };
        // What each container reports once stopped: the ones still running get SIGTERM.
        self.refresh_task(id);
        let exits: Vec<Option<i32>> = match self.k.store.pods.get(&pod) {
            Some(p) => p
                .spec
                .containers
                .iter()
                .zip(&p.status.containers)
                .map(|(spec, st)| {
                    st.alive.then(|| {
                        let grace = p.spec.termination_grace_period_seconds * 1000;
                        let out = self.out;
                        let graceful = out
                            .image(&crate::sim::registry::ImageRef::parse(&spec.image))
                            .map(|info| out.behaviour(info, spec))
                            .and_then(|b| b.sigterm_ms)
                            .is_some_and(|ms| ms <= grace);
                        if graceful {
                            0
                        } else {
                            137
                        }
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        if let Some(t) = self.state.tasks.get_mut(id) {
            t.sigterm_exit = exits;
        }
        let node_up = self.agent_up_for_pod(pod);
        if node_up {
            self.kubelet().delete_pod_gracefully(pod, None);
        } else {
            self.k.remove_pod(pod); // nobody on the instance to confirm: gone with it
        }
    }

    pub(crate) fn agent_up_for_pod(&self, pod: PodId) -> bool {
        self.k
            .store
            .pods
            .get(&pod)
            .and_then(|p| p.spec.node_name.as_ref())
            .and_then(|n| self.k.machine(n))
            .is_some_and(|i| self.agents[i].up)
    }

    /// After its pod is gone: DEPROVISIONING (awsvpc) then STOPPED.
    pub(crate) fn finish_task(&mut self, id: &str) -> bool {
        let now = self.k.now_ms;
        let Some(t) = self.state.tasks.get_mut(id) else {
            return false;
        };
        if t.is_stopped() || self.k.store.pods.contains_key(&t.pod) {
            return false;
        }
        if !t.desired_stopped {
            // The pod went away under it (node removed): stopped by the host.
            t.desired_stopped = true;
            t.stopping_ms = Some(now);
            t.stop_code.get_or_insert(StopCode::TerminationNotice);
            t.stopped_reason
                .get_or_insert_with(|| "Task stopped by the host".to_string());
        }
        for (i, c) in t.containers.iter_mut().enumerate() {
            if c.last_status != TaskStatus::Stopped {
                c.last_status = TaskStatus::Stopped;
                if c.exit_code.is_none() {
                    c.exit_code = t.sigterm_exit.get(i).copied().flatten();
                }
            }
        }
        if t.awsvpc {
            match t.deprovision_until_ms {
                None => {
                    t.deprovision_until_ms = Some(now + ENI_DETACH_MS);
                    t.version += 1;
                    self.k.set_timer(now + ENI_DETACH_MS, Timer::EcsWake);
                    return true;
                }
                Some(until) if until > now => return false,
                Some(_) => {}
            }
        }
        t.stopped_ms = Some(now);
        t.version += 1;
        true
    }
}
