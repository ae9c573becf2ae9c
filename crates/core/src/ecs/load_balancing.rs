//! A service behind a load balancer: ECS's checks of `loadBalancers` at CreateService, and
//! what the service scheduler does with them — register each task's target once its
//! containers run (the task is ACTIVATING until then), count a task healthy only when its
//! targets are, replace a task the load balancer finds unhealthy (not during
//! `healthCheckGracePeriodSeconds`), and on stop drain its targets for the target group's
//! deregistration delay (DEACTIVATING) before SIGTERM. The targets themselves are ELB's
//! ([`crate::elb`]).

use super::task::{EcsTask, StopCode};
use super::{aws_error, EcsEngine, EcsState};
use crate::base::command::CommandError;
use crate::elb::api::NewTarget;
use crate::elb::{Backend, TargetState, TargetType};
use crate::input::definitions::ecs::{NetworkMode, ServiceDefinition, TaskDefinition};
use crate::input::model::Millis;
use crate::sim::ecs_status::ServiceAction;
use crate::sim::events::EventType;
use crate::sim::kernel::Kernel;
use crate::sim::timer::Timer;

/// How long ECS takes to register a running task's targets (ACTIVATING).
pub const ACTIVATE_MS: Millis = 2_000;

/// The first port of the ephemeral range Docker gives a bridge-mode `hostPort: 0`.
const EPHEMERAL_FIRST: u32 = 32_768;
const EPHEMERAL_COUNT: u32 = 28_232;

/// The host port a task's container port is reached on: the mapping's static host port, the
/// container port itself (awsvpc, host), or a dynamic one from the ephemeral range (bridge
/// with `hostPort` 0), the same for the task on every run.
pub fn host_port(def: &TaskDefinition, task_id: &str, container: &str, container_port: u32) -> u32 {
    let mapping = def
        .containers
        .iter()
        .find(|c| c.name == container)
        .and_then(|c| c.port_mappings.iter().find(|(cp, _)| *cp == container_port));
    match (def.network_mode, mapping) {
        (NetworkMode::Bridge, Some((_, Some(h)))) if *h != 0 => *h,
        (NetworkMode::Bridge, _) => {
            let h = crate::base::rng::fnv32a(format!("{task_id}/{container_port}").as_bytes());
            EPHEMERAL_FIRST + h % EPHEMERAL_COUNT
        }
        _ => container_port,
    }
}

impl EcsState {
    /// Whether a service that is not INACTIVE forwards from this target group.
    pub fn services_using_target_group(&self, arn: &str) -> bool {
        self.services.values().any(|s| {
            s.status != crate::sim::ecs_status::ServiceStatus::Inactive
                && s.definition
                    .load_balancers
                    .iter()
                    .any(|l| l.target_group_arn == arn)
        })
    }

    /// ECS's checks of a service's `loadBalancers` against ELB and its task definition.
    pub(crate) fn check_load_balancers(
        &self,
        def: &ServiceDefinition,
        td: &TaskDefinition,
        op: &str,
    ) -> Result<(), CommandError> {
        let invalid = |m: String| aws_error("InvalidParameterException", op, m);
        for lb in &def.load_balancers {
            let arn = &lb.target_group_arn;
            let Some(tg) = self.elb.target_groups.get(arn) else {
                return Err(invalid(
                    "Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.".into(),
                ));
            };
            if !self.elb.in_use(arn) {
                return Err(invalid(format!(
                    "The target group with targetGroupArn {arn} does not have an associated load balancer."
                )));
            }
            let Some(c) = td.containers.iter().find(|c| c.name == lb.container_name) else {
                return Err(invalid(format!(
                    "The container {} does not exist in the task definition.",
                    lb.container_name
                )));
            };
            if !c
                .port_mappings
                .iter()
                .any(|(cp, _)| *cp == lb.container_port)
            {
                return Err(invalid(format!(
                    "The container {} did not have a container port {} defined.",
                    lb.container_name, lb.container_port
                )));
            }
            let mode = match td.network_mode {
                NetworkMode::Awsvpc => "awsvpc",
                NetworkMode::Bridge => "bridge",
                NetworkMode::Host => "host",
                _ => "none",
            };
            let fits = matches!(
                (tg.target_type, td.network_mode),
                (TargetType::Ip, NetworkMode::Awsvpc)
                    | (
                        TargetType::Instance,
                        NetworkMode::Bridge | NetworkMode::Host
                    )
            );
            if !fits {
                return Err(invalid(format!(
                    "The provided target group {arn} has target type {}, which is incompatible with the {mode} network mode specified in the task definition.",
                    tg.target_type.as_str()
                )));
            }
        }
        Ok(())
    }

    /// What a hand-registered target's address reaches: (its zone, the task container there).
    /// An instance must be one of the cluster's; an address no task holds is registered and
    /// never answers.
    pub(crate) fn resolve_target(
        &self,
        k: &Kernel,
        target_type: TargetType,
        id: &str,
        port: u32,
        op: &str,
    ) -> Result<(String, Option<Backend>), CommandError> {
        let running = self
            .tasks
            .values()
            .filter(|t| !t.is_stopped() && !t.desired_stopped);
        match target_type {
            TargetType::Ip => {
                if id.parse::<std::net::Ipv4Addr>().is_err() {
                    return Err(crate::elb::elb_error(
                        "ValidationError",
                        op,
                        format!("The IP address '{id}' is not a valid IPv4 address"),
                    ));
                }
                for t in running {
                    if self.eni_of(t).is_some_and(|e| e.private_ipv4 == id) {
                        let backend = self.container_on_port(t, port).map(|cp| Backend {
                            pod: t.pod,
                            container_port: cp,
                        });
                        return Ok((t.zone.clone(), backend));
                    }
                }
                Ok((format!("{}a", super::REGION), None))
            }
            TargetType::Instance => {
                let node = k
                    .node_index
                    .keys()
                    .find(|n| super::ec2_instance_id(n) == id)
                    .ok_or_else(|| {
                        crate::elb::elb_error(
                            "InvalidTarget",
                            op,
                            format!("The following targets are not in a running state and cannot be registered: '{id}'"),
                        )
                    })?;
                // Instance targets carry no zone of their own in the API's answers.
                let zone = String::new();
                let backend = running.filter(|t| t.node == *node).find_map(|t| {
                    let def = self.definition_of(t)?;
                    def.containers.iter().find_map(|c| {
                        c.port_mappings.iter().find_map(|(cp, _)| {
                            (host_port(def, &t.id, &c.name, *cp) == port).then(|| Backend {
                                pod: t.pod,
                                container_port: u16::try_from(*cp).unwrap_or(0),
                            })
                        })
                    })
                });
                Ok((zone, backend))
            }
        }
    }

    fn definition_of(&self, t: &EcsTask) -> Option<&TaskDefinition> {
        self.families
            .get(&t.family)?
            .iter()
            .find(|r| r.revision == t.revision)
            .map(|r| &r.definition)
    }

    /// awsvpc: the container port of the task listening on `port`.
    fn container_on_port(&self, t: &EcsTask, port: u32) -> Option<u16> {
        let def = self.definition_of(t)?;
        def.containers
            .iter()
            .flat_map(|c| c.port_mappings.iter())
            .find(|(cp, _)| *cp == port)
            .and_then(|(cp, _)| u16::try_from(*cp).ok())
    }

    /// The targets a task registers for its service's load balancers: (target group, target).
    fn task_targets(&self, t: &EcsTask) -> Vec<(String, NewTarget)> {
        let Some(service) = t.service.as_ref().and_then(|s| self.services.get(s)) else {
            return Vec::new();
        };
        let Some(def) = self.definition_of(t) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for lb in &service.definition.load_balancers {
            let Some(tg) = self.elb.target_groups.get(&lb.target_group_arn) else {
                continue;
            };
            let backend = u16::try_from(lb.container_port).ok().map(|cp| Backend {
                pod: t.pod,
                container_port: cp,
            });
            let (id, port) = match tg.target_type {
                TargetType::Ip => match self.eni_of(t) {
                    Some(eni) => (eni.private_ipv4, lb.container_port),
                    None => continue,
                },
                TargetType::Instance => (
                    super::ec2_instance_id(&t.node),
                    host_port(def, &t.id, &lb.container_name, lb.container_port),
                ),
            };
            out.push((
                lb.target_group_arn.clone(),
                NewTarget {
                    id,
                    port: Some(port),
                    zone: t.zone.clone(),
                    backend,
                    task: Some(t.id.clone()),
                },
            ));
        }
        out
    }
}

impl EcsEngine<'_> {
    /// A task asked to stop: its registered targets begin draining (DEACTIVATING). Returns
    /// whether it has any (else it gets SIGTERM at once).
    pub(crate) fn begin_deactivating(&mut self, id: &str) -> bool {
        let mine: Vec<(String, String, u32)> = self
            .state
            .elb
            .targets_of_task(id)
            .into_iter()
            .filter(|(tg, target, port)| {
                self.target_state(tg, target, *port) != Some(TargetState::Draining)
            })
            .collect();
        if mine.is_empty() {
            return false;
        }
        self.deregister(id, &mine);
        if let Some(t) = self.state.tasks.get_mut(id) {
            t.deactivating = true;
            t.version += 1;
        }
        true
    }

    fn target_state(&self, tg: &str, id: &str, port: u32) -> Option<TargetState> {
        self.state
            .elb
            .target_groups
            .get(tg)?
            .targets
            .iter()
            .find(|t| t.id == id && t.port == port)
            .map(|t| t.state)
    }

    /// Deregisters a task's targets, with the service's events.
    fn deregister(&mut self, task: &str, targets: &[(String, String, u32)]) {
        let service = self.state.tasks.get(task).and_then(|t| t.service.clone());
        let mut groups: Vec<String> = Vec::new();
        for (tg, target, port) in targets {
            let _ = self.state.elb.deregister_targets(
                self.k,
                tg,
                &[(target.clone(), Some(*port))],
                "DeregisterTargets",
            );
            if !groups.contains(tg) {
                groups.push(tg.clone());
            }
        }
        let Some(service) = service else { return };
        let tag = format!("(service {})", service_name(&service));
        self.service_event_about(
            &service,
            EventType::Normal,
            ServiceAction::DrainingConnections,
            format!("{tag} has begun draining connections on 1 tasks."),
            vec![task.to_string()],
        );
        for tg in groups {
            self.service_event_about(
                &service,
                EventType::Normal,
                ServiceAction::TargetsDeregistered,
                format!("{tag} deregistered 1 targets in (target-group {tg})"),
                vec![task.to_string()],
            );
        }
    }

    /// The load-balancing part of the ECS pass: register the targets of tasks that run,
    /// read their health, replace the ones the load balancer finds unhealthy after the grace
    /// period, send SIGTERM to the tasks whose targets have drained, and drain the targets of
    /// tasks that stopped on their own. Returns whether anything changed.
    pub(crate) fn reconcile_load_balancers(&mut self) -> bool {
        if self.state.elb.target_groups.is_empty() {
            return false;
        }
        let now = self.k.now_ms;
        let mut changed = false;
        let ids: Vec<String> = self
            .state
            .tasks
            .values()
            .filter(|t| t.registered || (!t.is_stopped() && t.load_balanced))
            .map(|t| t.id.clone())
            .collect();
        for id in ids {
            let Some(t) = self.state.tasks.get(&id) else {
                continue;
            };
            let pod_alive = self.k.store.pods.contains_key(&t.pod);
            if t.deactivating || t.is_stopped() {
                // Draining: once its targets are gone, SIGTERM (or, stopped meanwhile with its
                // host, nothing more).
                let stopped = t.is_stopped();
                if self.state.elb.targets_of_task(&id).is_empty() {
                    if let Some(t) = self.state.tasks.get_mut(&id) {
                        t.deactivating = false;
                        t.registered = false;
                        t.version += 1;
                    }
                    if !stopped {
                        self.signal_stop(&id);
                    }
                    changed = true;
                    continue;
                }
                if !stopped {
                    continue;
                }
            }
            // Stopped under it (an essential container exited, the host went): drain.
            if t.registered && (t.desired_stopped || !pod_alive) {
                let left: Vec<(String, String, u32)> = self
                    .state
                    .elb
                    .targets_of_task(&id)
                    .into_iter()
                    .filter(|(g, i, p)| self.target_state(g, i, *p) != Some(TargetState::Draining))
                    .collect();
                if !left.is_empty() {
                    self.deregister(&id, &left);
                    changed = true;
                }
                continue;
            }
            if t.desired_stopped {
                continue;
            }
            let Some(started) = t.started_ms else {
                continue;
            };
            if !t.registered {
                if now < started + ACTIVATE_MS {
                    self.k.set_timer(started + ACTIVATE_MS, Timer::EcsWake);
                    continue;
                }
                changed |= self.register_task(&id);
                continue;
            }
            changed |= self.read_target_health(&id, started);
        }
        changed
    }

    fn register_task(&mut self, id: &str) -> bool {
        let Some(t) = self.state.tasks.get(id) else {
            return false;
        };
        let targets = self.state.task_targets(t);
        let service = t.service.clone();
        let mut groups = Vec::new();
        for (tg, target) in targets {
            if self
                .state
                .elb
                .register_targets(self.k, &tg, vec![target], "RegisterTargets")
                .is_ok()
            {
                groups.push(tg);
            }
        }
        if let Some(t) = self.state.tasks.get_mut(id) {
            t.registered = true;
            t.version += 1;
        }
        if let Some(service) = service {
            let tag = format!("(service {})", service_name(&service));
            for tg in groups {
                self.service_event_about(
                    &service,
                    EventType::Normal,
                    ServiceAction::TargetsRegistered,
                    format!("{tag} registered 1 targets in (target-group {tg})"),
                    vec![id.to_string()],
                );
            }
        }
        true
    }

    /// Reads a registered task's target health; replaces the task when a target is unhealthy
    /// past the service's grace period.
    fn read_target_health(&mut self, id: &str, started: Millis) -> bool {
        let mine = self.state.elb.targets_of_task(id);
        if mine.is_empty() {
            // Deregistered by hand and drained: the service scheduler registers it again.
            if let Some(t) = self.state.tasks.get_mut(id) {
                t.registered = false;
                t.lb_healthy = Some(false);
                t.version += 1;
            }
            return true;
        }
        let mut healthy = !mine.is_empty();
        let mut unhealthy = None;
        for (tg, target, port) in &mine {
            let Some(t) = self.state.elb.target_groups.get(tg).and_then(|g| {
                g.targets
                    .iter()
                    .find(|t| t.id == *target && t.port == *port)
            }) else {
                continue;
            };
            healthy &= t.state == TargetState::Healthy;
            if t.state == TargetState::Unhealthy && unhealthy.is_none() {
                unhealthy = Some((tg.clone(), t.port, t.reason));
            }
        }
        let mut changed = false;
        let service = self.state.tasks.get(id).and_then(|t| t.service.clone());
        if let Some(t) = self.state.tasks.get_mut(id) {
            if t.lb_healthy != Some(healthy) {
                t.lb_healthy = Some(healthy);
                t.version += 1;
                if healthy {
                    t.ever_healthy = true;
                }
                changed = true;
            }
        }
        let grace_ms = service
            .as_ref()
            .and_then(|s| self.state.services.get(s))
            .map_or(0, |s| {
                Millis::from(s.definition.health_check_grace_period_seconds) * 1000
            });
        let (Some((tg, port, reason)), Some(service)) = (unhealthy, service) else {
            return changed;
        };
        let now = self.k.now_ms;
        if now < started + grace_ms {
            self.k.set_timer(started + grace_ms, Timer::EcsWake);
            return changed;
        }
        let tag = format!("(service {})", service_name(&service));
        let why = reason.map_or(String::new(), |r| r.description());
        self.service_event_about(
            &service,
            EventType::Warning,
            ServiceAction::ElbHealthChecksFailed,
            format!("{tag} (task {id}) (port {port}) is unhealthy in (target-group {tg}) due to (reason {why})."),
            vec![id.to_string()],
        );
        let (deployment, ever_running) = self
            .state
            .tasks
            .get(id)
            .map_or((None, false), |t| (t.deployment.clone(), t.ever_running));
        if let Some(t) = self.state.tasks.get_mut(id) {
            t.failed_health_checks = true;
            t.failed_load_balancer_checks = true;
        }
        self.stop_task(
            id,
            StopCode::ServiceSchedulerInitiated,
            format!("Task failed ELB health checks in (target-group {tg})"),
        );
        self.task_failed(&service, deployment.as_deref(), ever_running);
        self.service_event_about(
            &service,
            EventType::Normal,
            ServiceAction::TasksStopped,
            format!("{tag} has stopped 1 running tasks: (task {id})."),
            vec![id.to_string()],
        );
        true
    }
}

/// `CLUSTER/NAME` → `NAME`.
fn service_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}
