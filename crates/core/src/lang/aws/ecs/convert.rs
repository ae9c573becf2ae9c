//! One app, two orchestrators: a Kubernetes Deployment expressed as an ECS task definition and
//! service (`sim side-by-side deployment/NAME`), so both run on the same machines under the
//! same faults, and the differences show.
//!
//! The mapping is the one a person would write by hand:
//! - containers, images, `command`→`entryPoint`, `args`→`command`, env, ports (bridge mode,
//!   dynamic host ports);
//! - `requests.cpu` → `cpu` units (1 CPU = 1,024), `requests.memory` → `memoryReservation`,
//!   `limits.memory` → `memory` (the hard limit); EC2 needs one of them, so 128 MiB when none;
//! - the readiness probe → the container `healthCheck` (an HTTP probe becomes
//!   `curl -f http://localhost:PORT/PATH || exit 1`), `periodSeconds` → `interval`,
//!   `failureThreshold` → `retries`, `initialDelaySeconds` → `startPeriod`;
//! - init containers → non-essential containers the others wait for (`dependsOn` SUCCESS);
//! - `terminationGracePeriodSeconds` → `stopTimeout` (ECS allows at most 120 s);
//! - replicas → `desiredCount`; `maxSurge`/`maxUnavailable` → `maximumPercent` /
//!   `minimumHealthyPercent` (as percents of the replicas, so the bounds differ only by ECS's
//!   rounding); the circuit breaker with rollback on (Kubernetes has no automatic rollback).
//!
//! When a Service selects the Deployment's pods, the ECS service goes behind a load balancer
//! too ([`super::convert_lb`]).
//!
//! `sim side-by-side` registers the translation and creates its service through the ECS
//! engine's operations; a service that exists is rolled with the `aws ecs update-service` line a
//! person would type.

use super::convert_lb::{load_balancer_twin, LoadBalancerTwin};
use super::output::{service_json, task_definition_json};
use crate::base::command::CommandError;
use crate::ecs::placement::default_service_strategy;
use crate::ecs::{service_id, DEFAULT_CLUSTER};
use crate::input::definitions::ecs::{
    DependsOn, EcsContainer, HealthCheck, LaunchType, NetworkMode, ServiceDefinition,
    ServiceLoadBalancer, TaskDefinition,
};
use crate::input::files::NoFiles;
use crate::input::model::{
    Container, DeploymentStrategy, IntOrPercent, PodSpec, PortRef, Probe, ProbeHandler,
};
use crate::lang::aws::{aws_json, run_aws};
use crate::sim::ecs_status::ServiceStatus;
use crate::world::World;

/// ECS's upper bound on `stopTimeout` (EC2 and Fargate).
pub const STOP_TIMEOUT_MAX: u32 = 120;
/// What EC2 requires at least when the pod asked for no memory.
pub const DEFAULT_MEMORY_RESERVATION_MIB: u32 = 128;

/// The two definitions and what differs, for one Deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SideBySide {
    pub task: TaskDefinition,
    pub service: ServiceDefinition,
    /// Kubernetes' bounds for a rollout: at most `max_pods`, at least `min_available`.
    pub max_pods: u32,
    pub min_available: u32,
    /// ECS's for a deployment: at most `max_tasks`, at least `min_healthy`.
    pub max_tasks: u32,
    pub min_healthy: u32,
    /// Plain-English notes on what changed in translation.
    pub notes: Vec<String>,
    /// The load balancer in front of the service, when a Service selects the pods.
    pub load_balancer: Option<LoadBalancerTwin>,
}

fn percent_of(v: IntOrPercent, replicas: u32) -> u32 {
    match v {
        IntOrPercent::Percent(p) => p,
        IntOrPercent::Int(n) if replicas > 0 => {
            let p = (u64::from(n) * 100).div_ceil(u64::from(replicas));
            u32::try_from(p).unwrap_or(u32::MAX)
        }
        IntOrPercent::Int(_) => 0,
    }
}

/// Translates the Deployment `namespace/name` (see the module docs).
pub fn side_by_side(w: &World, namespace: &str, name: &str) -> Result<SideBySide, String> {
    let d =
        w.k.store
            .deployments
            .get(&(namespace.to_string(), name.to_string()))
            .ok_or_else(|| {
                format!("Error from server (NotFound): deployments.apps \"{name}\" not found")
            })?;
    let spec = &d.spec.template.spec;
    let mut notes = Vec::new();
    let init: Vec<String> = spec
        .init_containers()
        .iter()
        .filter(|c| !c.sidecar)
        .map(|c| c.name.clone())
        .collect();
    let containers = spec
        .containers
        .iter()
        .enumerate()
        .map(|(i, c)| container_twin(spec, i, c, &init, &mut notes))
        .collect();
    if spec.termination_grace_period_seconds > u64::from(STOP_TIMEOUT_MAX) {
        notes.push(format!(
            "terminationGracePeriodSeconds {} > ECS's stopTimeout limit: {STOP_TIMEOUT_MAX} s",
            spec.termination_grace_period_seconds
        ));
    }
    let replicas = d.spec.replicas;
    if d.spec.strategy == DeploymentStrategy::Recreate {
        notes.push("Recreate has no ECS twin: minimumHealthyPercent 0, maximumPercent 100 stops every task before starting new ones".into());
    }
    let r = rollout_twin(&d.spec.strategy, replicas);
    let task = TaskDefinition {
        family: name.to_string(),
        containers,
        cpu: None,
        memory: None,
        network_mode: NetworkMode::Bridge,
        requires_compatibilities: vec![LaunchType::Ec2],
    };
    let load_balancer = load_balancer_twin(w, namespace, d, task.network_mode);
    let service = ServiceDefinition {
        service_name: name.to_string(),
        cluster: None,
        task_definition: name.to_string(),
        desired_count: replicas,
        launch_type: LaunchType::Ec2,
        minimum_healthy_percent: r.minimum_healthy_percent,
        maximum_percent: r.maximum_percent,
        circuit_breaker: Some((true, true)),
        placement_strategy: default_service_strategy(),
        placement_constraints: Vec::new(),
        // The target group's ARN is known once it exists (`run_side_by_side`).
        health_check_grace_period_seconds: load_balancer.as_ref().map_or(0, |l| l.grace_period_s),
        load_balancers: Vec::new(),
    };
    if replicas > 0 && r.max_tasks <= replicas && r.min_healthy >= replicas {
        notes.push(format!(
            "with {replicas} tasks, maximumPercent {} % allows no extra task and minimumHealthyPercent {} % no missing one: a new revision could never roll out (Kubernetes rounds maxSurge up, so it can); raise maximumPercent or lower minimumHealthyPercent",
            r.maximum_percent, r.minimum_healthy_percent
        ));
    }
    Ok(SideBySide {
        task,
        service,
        max_pods: r.max_pods,
        min_available: r.min_available,
        max_tasks: r.max_tasks,
        min_healthy: r.min_healthy,
        notes,
        load_balancer,
    })
}

/// Container `i` of the pod as an ECS container definition (see the module docs for the
/// mapping); what does not translate is said in `notes`. `init`: the init containers (not
/// sidecars) the others wait for.
fn container_twin(
    spec: &PodSpec,
    i: usize,
    c: &Container,
    init: &[String],
    notes: &mut Vec<String>,
) -> EcsContainer {
    let requests = &c.resources.requests;
    let cpu = u32::try_from((requests.cpu_milli() * 1024).div_ceil(1000)).unwrap_or(0);
    let mib = |b: u64| u32::try_from(b.div_ceil(1 << 20)).unwrap_or(u32::MAX);
    let memory = c.resources.limits.memory.as_ref().map(|q| mib(q.value));
    let mut reservation = requests.memory.as_ref().map(|q| mib(q.value));
    if memory == reservation {
        reservation = None; // the same number: the hard limit alone says it
    }
    if memory.is_none() && reservation.is_none() {
        reservation = Some(DEFAULT_MEMORY_RESERVATION_MIB);
        notes.push(format!(
            "{}: no memory request, and EC2 needs memory or memoryReservation: {DEFAULT_MEMORY_RESERVATION_MIB} MiB reserved",
            c.name
        ));
    }
    let health_check = c.readiness_probe.as_ref().map(|p| health_check_twin(c, p));
    if c.liveness_probe.is_some() {
        notes.push(format!(
            "{}: the liveness probe has no ECS twin (a health check never restarts a container; an UNHEALTHY task is replaced)",
            c.name
        ));
    }
    let is_init = spec.is_init(i) && !c.sidecar;
    let depends_on = if is_init {
        Vec::new()
    } else {
        init.iter()
            .map(|n| (n.clone(), DependsOn::Success))
            .collect()
    };
    let grace = u32::try_from(spec.termination_grace_period_seconds).unwrap_or(u32::MAX);
    let mut command = c.command.clone();
    let mut args = c.args.clone();
    command.truncate(64);
    args.truncate(64);
    EcsContainer {
        name: c.name.clone(),
        image: c.image.clone(),
        cpu,
        memory,
        memory_reservation: reservation,
        essential: !is_init,
        port_mappings: c
            .ports
            .iter()
            .map(|p| (u32::from(p.container_port), Some(0)))
            .collect(),
        environment: c
            .env
            .iter()
            .map(|e| (e.name.clone(), e.value.clone()))
            .collect(),
        secrets: Vec::new(),
        command: args,
        entry_point: command,
        health_check,
        depends_on,
        stop_timeout: grace.min(STOP_TIMEOUT_MAX),
        log_driver: Some("awslogs".into()),
        log_options: Vec::new(),
        restart_policy: None,
    }
}

/// Container `c`'s readiness probe as an ECS health check: the probe's action as a command,
/// its timings within ECS's ranges.
fn health_check_twin(c: &Container, p: &Probe) -> HealthCheck {
    let command = match &p.handler {
        ProbeHandler::HttpGet { path, port, .. } => {
            let port = match port {
                PortRef::Number(n) => *n,
                PortRef::Name(n) => c
                    .ports
                    .iter()
                    .find(|x| x.name.as_deref() == Some(n.as_str()))
                    .map_or(80, |x| x.container_port),
            };
            vec![
                "CMD-SHELL".to_string(),
                format!("curl -f http://localhost:{port}{path} || exit 1"),
            ]
        }
        ProbeHandler::TcpSocket { port } => {
            let port = match port {
                PortRef::Number(n) => n.to_string(),
                PortRef::Name(n) => n.clone(),
            };
            vec![
                "CMD-SHELL".into(),
                format!("nc -z localhost {port} || exit 1"),
            ]
        }
        ProbeHandler::Exec { command } => {
            let mut v = vec!["CMD".to_string()];
            v.extend(command.iter().cloned());
            v
        }
        ProbeHandler::Grpc { port } => vec![
            "CMD-SHELL".into(),
            format!("grpc_health_probe -addr=localhost:{port} || exit 1"),
        ],
    };
    HealthCheck {
        command,
        interval: p.period_seconds.clamp(5, 300),
        timeout: p.timeout_seconds.clamp(2, 60),
        retries: p.failure_threshold.clamp(1, 10),
        start_period: p.initial_delay_seconds.min(300),
    }
}

/// A rollout's bounds on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RolloutTwin {
    maximum_percent: u32,
    minimum_healthy_percent: u32,
    /// Kubernetes: at most this many pods, at least this many available.
    max_pods: u32,
    min_available: u32,
    /// ECS: at most this many tasks, at least this many healthy.
    max_tasks: u32,
    min_healthy: u32,
}

/// The Deployment's strategy as ECS percentages (maxSurge → maximumPercent, maxUnavailable →
/// minimumHealthyPercent; Recreate as 0 and 100), and the bounds each side then keeps.
fn rollout_twin(strategy: &DeploymentStrategy, replicas: u32) -> RolloutTwin {
    let (surge, unavailable) = match *strategy {
        DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => (max_surge, max_unavailable),
        DeploymentStrategy::Recreate => (IntOrPercent::Int(0), IntOrPercent::Percent(100)),
    };
    let maximum_percent = percent_of(surge, replicas).saturating_add(100).min(200);
    let minimum_healthy_percent = 100u32.saturating_sub(percent_of(unavailable, replicas));
    let (surge_n, unavailable_n) = (
        surge.resolve(replicas, true),
        unavailable.resolve(replicas, false),
    );
    let unavailable_n = if surge_n == 0 && unavailable_n == 0 {
        1 // as the Deployment controller does
    } else {
        unavailable_n
    };
    RolloutTwin {
        maximum_percent,
        minimum_healthy_percent,
        max_pods: replicas.saturating_add(surge_n),
        min_available: replicas.saturating_sub(unavailable_n),
        max_tasks: (u64::from(replicas) * u64::from(maximum_percent) / 100) as u32,
        min_healthy: (u64::from(replicas) * u64::from(minimum_healthy_percent)).div_ceil(100)
            as u32,
    }
}

/// `sim side-by-side deployment/NAME [-n NS]`: registers the translated task definition,
/// creates the ECS service (or rolls it to the new revision), prints both and the
/// differences.
pub(crate) fn run_side_by_side(
    w: &mut World,
    ns: &str,
    name: &str,
) -> Result<String, CommandError> {
    let sbs = side_by_side(w, ns, name).map_err(CommandError::new)?;
    let id = service_id(DEFAULT_CLUSTER, name);
    let exists = w
        .ecs
        .services
        .get(&id)
        .is_some_and(|s| s.status == ServiceStatus::Active);
    // The load balancer first (a new service only): its target group goes in the service.
    let mut service = sbs.service.clone();
    let mut made = None;
    if let (Some(lb), false) = (&sbs.load_balancer, exists) {
        let m = super::convert_lb::create(w, lb)?;
        service.load_balancers.push(ServiceLoadBalancer {
            target_group_arn: m.target_group_arn.clone(),
            container_name: lb.container.clone(),
            container_port: lb.container_port,
        });
        made = Some(m);
    }
    let undo = |w: &mut World, made: &Option<super::convert_lb::Created>| {
        if let Some(m) = made {
            super::convert_lb::remove(w, m);
        }
    };
    let revision = match w.ecs_engine().register_definition(sbs.task.clone()) {
        Ok(r) => r,
        Err(e) => {
            undo(w, &made);
            return Err(e);
        }
    };
    let task_json = aws_json(&serde_json::json!({
        "taskDefinition": task_definition_json(
            w.ecs.families[&sbs.task.family]
                .iter()
                .find(|r| r.revision == revision)
                .ok_or_else(|| CommandError::new("the revision just registered is gone"))?
        )
    }));
    let elb_lines = made.as_ref().map_or_else(Vec::new, |m| m.lines.clone());
    if exists {
        // The command line a person would type, run as it would be.
        let line = format!(
            "ecs update-service --service {name} --task-definition {name}:{revision} --desired-count {}",
            sbs.service.desired_count
        );
        let words: Vec<String> = line.split(' ').map(str::to_string).collect();
        let updated = run_aws(w, &words, &NoFiles);
        w.settle();
        updated?;
    } else {
        let created = w.ecs_engine().create_service(service, DEFAULT_CLUSTER);
        if created.is_err() {
            undo(w, &made);
        }
        created?;
        w.settle();
    }
    let mut out = String::new();
    out.push_str(&format!(
        "deployment.apps/{name} as an ECS task definition ({name}:{revision}) and service ({name}):\n"
    ));
    out.push_str(&task_json);
    out.push('\n');
    let svc = w.ecs.services.get(&id).map(|s| service_json(w, s));
    if let Some(svc) = svc {
        out.push_str(&aws_json(&serde_json::json!({"service": svc})));
    }
    if let (Some(lb), false) = (&sbs.load_balancer, elb_lines.is_empty()) {
        out.push_str(&format!(
            "\nBehind a load balancer, as service/{} is in Kubernetes (the same as typing):\n",
            lb.k8s_service
        ));
        for line in &elb_lines {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&format!(
        "\nWhat differs:\n\
         - a crashed container: Kubernetes restarts it in place (RESTARTS +1, back-off 10 s … 5 min); ECS stops the task and its service starts a new one\n\
         - rollout bounds for {r} replicas: Kubernetes maxSurge rounds up, maxUnavailable down → at most {mp} pods, at least {ma} available; ECS maximumPercent {xp} % rounds down, minimumHealthyPercent {np} % up → at most {mt} tasks, at least {mh} healthy\n\
         - probes: readiness decides traffic and liveness restarts; an ECS health check only marks the task UNHEALTHY, and the service replaces it\n\
         - no room: a pod waits Pending (FailedScheduling); ECS reports \"unable to place a task\" and retries\n",
        r = sbs.service.desired_count,
        mp = sbs.max_pods,
        ma = sbs.min_available,
        xp = sbs.service.maximum_percent,
        np = sbs.service.minimum_healthy_percent,
        mt = sbs.max_tasks,
        mh = sbs.min_healthy,
    ));
    for n in &sbs.notes {
        out.push_str(&format!("- {n}\n"));
    }
    if let Some(lb) = &sbs.load_balancer {
        out.push_str(&super::convert_lb::differences(
            w,
            name,
            lb,
            exists && elb_lines.is_empty(),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rolling_update_at_25_percent_becomes_125_and_75_percent() {
        let rolling = DeploymentStrategy::RollingUpdate {
            max_surge: IntOrPercent::Percent(25),
            max_unavailable: IntOrPercent::Percent(25),
        };
        let r = rollout_twin(&rolling, 4);
        assert_eq!((r.maximum_percent, r.minimum_healthy_percent), (125, 75));
        assert_eq!((r.max_pods, r.min_available), (5, 3));
        assert_eq!((r.max_tasks, r.min_healthy), (5, 3));
    }

    #[test]
    fn recreate_becomes_100_and_0_percent() {
        let r = rollout_twin(&DeploymentStrategy::Recreate, 3);
        assert_eq!((r.maximum_percent, r.minimum_healthy_percent), (100, 0));
        assert_eq!((r.max_tasks, r.min_healthy), (3, 0));
    }
}
