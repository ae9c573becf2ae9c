//! The ECS service scheduler (REPLICA strategy, rolling update).
//!
//! Level-triggered like a Kubernetes controller, but with ECS's rules:
//! - keeps `desiredCount` tasks of the PRIMARY deployment; a stopped task is *replaced* by a
//!   new task (never restarted in place);
//! - a rolling update never runs more than `maximumPercent` of desiredCount (rounded **down**)
//!   and keeps at least `minimumHealthyPercent` (rounded **up**) healthy: RUNNING and, with
//!   container health checks, HEALTHY;
//! - a task whose essential container turns UNHEALTHY is stopped and replaced;
//! - the deployment circuit breaker counts the new deployment's failed tasks; at the threshold
//!   (0.5 × desiredCount, at least 3, at most 200) the deployment FAILS and, with rollback,
//!   the service goes back to the last COMPLETED deployment;
//! - tasks that keep failing to start get their launches throttled (doubling, up to 15 min);
//! - every decision is a service event with ECS's wording, newest first.

use crate::input::definitions::ecs::{LaunchType, ServiceDefinition, TaskDefinition};
use crate::input::model::Millis;
pub use crate::sim::ecs_status::{DeploymentStatus, RolloutState, ServiceAction, ServiceStatus};
use crate::sim::event_facts::EventFacts;
use crate::sim::events::EventType;
use crate::sim::timer::Timer;

use super::placement::{default_service_strategy, Placement};
use super::scale::{self, Bounds, Slot};
use super::{EcsEngine, EcsState};
use crate::sim::ecs_status::TaskStatus;
use crate::sim::store::Store;

/// `describe-services` shows the newest 100 events.
pub const SERVICE_EVENTS_MAX: usize = 100;
/// Launches per service per pass (ECS starts tasks in batches).
pub const LAUNCH_BATCH_MAX: usize = 10;
/// Start-failure throttling: failures in a row before it starts, first delay, cap.
pub const THROTTLE_AFTER_FAILURES: u32 = 3;
pub const THROTTLE_FIRST_MS: Millis = 10_000;
pub const THROTTLE_MAX_MS: Millis = 15 * 60_000;
pub const SERVICES_MAX: usize = 200;
/// Deployments a service remembers (the PRIMARY and the newest ACTIVE ones).
pub const DEPLOYMENTS_MAX: usize = 10;
pub use crate::input::definitions::bounds::DESIRED_MAX;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsDeployment {
    /// `ecs-svc/` and 19 digits.
    pub id: String,
    pub family: String,
    pub revision: u32,
    pub created_ms: Millis,
    pub updated_ms: Millis,
    pub rollout: RolloutState,
    pub rollout_reason: String,
    /// Tasks of this deployment that failed (circuit breaker).
    pub failed_tasks: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceEvent {
    pub id: String,
    pub at_ms: Millis,
    pub message: String,
    /// Warning for what went wrong (a failed health check, a task that cannot be placed, a
    /// failed deployment), Normal otherwise: decided where the event is made.
    pub type_: EventType,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsService {
    pub name: String,
    /// The cluster it runs in; it is keyed by [`EcsService::id`].
    pub cluster: String,
    pub definition: ServiceDefinition,
    pub desired_count: u32,
    /// ACTIVE, DRAINING (deleting), INACTIVE (deleted).
    pub status: ServiceStatus,
    pub created_ms: Millis,
    /// Newest last (`deployments[]` prints PRIMARY first).
    pub deployments: Vec<EcsDeployment>,
    /// Newest first.
    pub events: Vec<ServiceEvent>,
    /// Start failures in a row; launches wait until `throttled_until_ms`.
    pub start_failures: u32,
    pub throttled_until_ms: Millis,
    /// The last placement failure reported (not repeated while unchanged).
    pub last_placement_failure: Option<String>,
    pub steady: bool,
    /// When the service became INACTIVE (deleted and drained).
    pub inactive_ms: Option<Millis>,
}

impl EcsService {
    /// `CLUSTER/NAME`: its key in [`super::EcsState::services`] and its tasks' `service`.
    pub fn id(&self) -> String {
        super::service_id(&self.cluster, &self.name)
    }

    pub fn primary(&self) -> Option<&EcsDeployment> {
        self.deployments.last()
    }

    /// `floor(desired × maximumPercent / 100)`: at most this many tasks during a deployment.
    pub fn max_tasks(&self) -> u32 {
        (u64::from(self.desired_count) * u64::from(self.definition.maximum_percent) / 100) as u32
    }

    /// `ceil(desired × minimumHealthyPercent / 100)`: at least this many healthy.
    pub fn min_healthy(&self) -> u32 {
        (u64::from(self.desired_count) * u64::from(self.definition.minimum_healthy_percent))
            .div_ceil(100) as u32
    }

    /// The circuit breaker's failure threshold: 0.5 × desiredCount (rounded up), in [3, 200].
    pub fn failure_threshold(&self) -> u32 {
        self.desired_count.div_ceil(2).clamp(3, 200)
    }

    /// A new PRIMARY deployment (update-service, rollback): launches start afresh. Only the
    /// newest [`DEPLOYMENTS_MAX`] are kept (a playground bound).
    pub(crate) fn push_deployment(&mut self, d: EcsDeployment) {
        self.deployments.push(d);
        if self.deployments.len() > DEPLOYMENTS_MAX {
            let n = self.deployments.len();
            self.deployments.drain(..n - DEPLOYMENTS_MAX);
        }
        self.steady = false;
        self.start_failures = 0;
        self.throttled_until_ms = 0;
    }
}

impl EcsState {
    /// Tasks of a service (by its key) that count as healthy: RUNNING and, with health
    /// checks, HEALTHY.
    pub fn service_healthy(&self, service: &str) -> u32 {
        self.tasks
            .values()
            .filter(|t| t.service.as_deref() == Some(service) && t.counts_healthy())
            .count() as u32
    }

    /// Running and pending task counts of a service (or of one of its deployments).
    pub fn service_counts(
        &self,
        store: &Store,
        service: &str,
        deployment: Option<&str>,
    ) -> (u32, u32) {
        let mut running = 0;
        let mut pending = 0;
        for t in self.tasks.values() {
            if t.service.as_deref() != Some(service) || t.is_stopped() {
                continue;
            }
            if deployment.is_some() && t.deployment.as_deref() != deployment {
                continue;
            }
            match t.last_status(store) {
                TaskStatus::Running if t.is_active() => running += 1,
                TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating
                    if t.is_active() =>
                {
                    pending += 1
                }
                _ => {}
            }
        }
        (running, pending)
    }
}

impl EcsEngine<'_> {
    /// Records a service event (newest first, as `describe-services` shows them) and emits it
    /// with what the scheduler did (`action`), typed beside the sentence.
    pub(crate) fn service_event(
        &mut self,
        service: &str,
        type_: EventType,
        action: ServiceAction,
        message: String,
    ) {
        self.service_event_about(service, type_, action, message, Vec::new());
    }

    /// [`EcsEngine::service_event`] about these tasks (their ids, typed beside the sentence
    /// that lists them).
    pub(crate) fn service_event_about(
        &mut self,
        service: &str,
        type_: EventType,
        action: ServiceAction,
        message: String,
        tasks: Vec<String>,
    ) {
        let now = self.k.now_ms;
        let id = self.k.rng.uuid();
        let Some(s) = self.state.services.get_mut(service) else {
            return;
        };
        s.events.insert(
            0,
            ServiceEvent {
                id,
                at_ms: now,
                message: message.clone(),
                type_,
            },
        );
        s.events.truncate(SERVICE_EVENTS_MAX);
        let (cluster, short) = split_id(service);
        let event = self.k.emit_service_event(
            type_,
            format!("service/{short}"),
            &super::task_namespace(cluster),
            message,
            action,
        );
        if !tasks.is_empty() {
            event.set_facts(EventFacts::Tasks { ids: tasks });
        }
    }

    pub(crate) fn new_deployment_id(&mut self) -> String {
        format!(
            "ecs-svc/{:019}",
            self.k.rng.next_u64() % 10_000_000_000_000_000_000
        )
    }

    /// One pass of the service scheduler over one service. Returns whether it changed anything.
    pub(crate) fn reconcile_service(&mut self, name: &str) -> bool {
        let Some(svc) = self.state.services.get(name) else {
            return false;
        };
        if svc.status == ServiceStatus::Inactive {
            return false;
        }
        let service_tag = format!("(service {})", split_id(name).1);
        // What this pass saw and did, for the reconcile inspector.
        let (seen_active, seen_healthy) = self.active_and_healthy(name);
        let mut actions: Vec<String> = Vec::new();
        // 1. Tasks that failed their health checks are replaced.
        let mut changed = self.replace_unhealthy(name, &service_tag, &mut actions);
        let Some(svc) = self.state.services.get(name).cloned() else {
            return changed;
        };
        let draining = svc.status == ServiceStatus::Draining;
        let desired = if draining { 0 } else { svc.desired_count };
        let Some(primary) = svc.primary().cloned() else {
            return changed;
        };
        let active = self.service_slots(name, &primary.id);
        let bounds = Bounds {
            desired,
            // maximumPercent bounds a deployment; outside one the service runs desiredCount.
            max_total: svc.max_tasks().max(desired),
            min_healthy: if draining { 0 } else { svc.min_healthy() },
        };
        // 2, 3. Scale in the primary; drain old deployments and draining instances.
        let to_stop = scale::tasks_to_stop(&active, bounds);
        changed |= self.stop_for_scaling(name, &service_tag, &active, &to_stop, &primary.id);
        if !to_stop.is_empty() {
            actions.push(plural("stop", to_stop.len()));
        }
        // 4. Start the primary's missing tasks, within maximumPercent.
        // Bounded like run-task: the simulation holds at most TASKS_MAX live tasks.
        let live = self
            .state
            .tasks
            .values()
            .filter(|t| !t.is_stopped())
            .count();
        let capacity = super::task::TASKS_MAX.saturating_sub(live) as u32;
        let launch =
            scale::launch_count(&active, &to_stop, bounds, LAUNCH_BATCH_MAX as u32, capacity);
        let failed_deployment = primary.rollout == RolloutState::Failed;
        // Throttled: a wake-up is already set for when launches may resume.
        if launch > 0 && !failed_deployment && svc.throttled_until_ms <= self.k.now_ms {
            match self.launch_for(name, &svc, &primary, launch, &service_tag, &mut actions) {
                Some(launched) => changed |= launched,
                // The primary's task definition is gone: nothing more this pass.
                None => return changed,
            }
        }
        // 5. Deployment bookkeeping: completed when the primary has desiredCount healthy tasks
        //    and nothing else runs; then the service reaches a steady state.
        changed |= self.update_deployments(name);
        self.sample_service(name);
        if !actions.is_empty() {
            self.record_pass(name, seen_active, seen_healthy, &actions);
        }
        changed
    }

    /// The service's active tasks and how many of them count as healthy.
    fn active_and_healthy(&self, name: &str) -> (u32, u32) {
        self.state.tasks.values().fold((0, 0), |(a, h), t| {
            if t.service.as_deref() == Some(name) && t.is_active() {
                (a + 1, h + u32::from(t.counts_healthy()))
            } else {
                (a, h)
            }
        })
    }

    /// Stops the service's tasks whose container health checks failed, each with its own
    /// events and a count towards the circuit breaker. Returns whether it stopped any.
    fn replace_unhealthy(
        &mut self,
        name: &str,
        service_tag: &str,
        actions: &mut Vec<String>,
    ) -> bool {
        let unhealthy: Vec<String> = self
            .state
            .tasks
            .values()
            .filter(|t| {
                t.service.as_deref() == Some(name)
                    && t.is_active()
                    && t.health == super::task::Health::Unhealthy
            })
            .map(|t| t.id.clone())
            .collect();
        let changed = !unhealthy.is_empty();
        for id in unhealthy {
            self.service_event_about(
                name,
                EventType::Warning,
                ServiceAction::HealthChecksFailed,
                format!("{service_tag} (task {id}) failed container health checks."),
                vec![id.clone()],
            );
            let (deployment, ever_running) = self
                .state
                .tasks
                .get(&id)
                .map_or((None, false), |t| (t.deployment.clone(), t.ever_running));
            if let Some(t) = self.state.tasks.get_mut(&id) {
                t.failed_health_checks = true;
            }
            self.stop_task(
                &id,
                super::task::StopCode::ServiceSchedulerInitiated,
                "Task failed container health checks".into(),
            );
            self.task_failed(name, deployment.as_deref(), ever_running);
            self.service_event(
                name,
                EventType::Normal,
                ServiceAction::TasksStopped,
                format!("{service_tag} has stopped 1 running tasks: (task {id})."),
            );
            actions.push("stop 1 UNHEALTHY task".into());
        }
        changed
    }

    /// The service's active tasks as the scheduler weighs them; `primary` is the PRIMARY
    /// deployment's id.
    fn service_slots(&self, name: &str, primary: &str) -> Vec<Slot> {
        self.state
            .tasks
            .values()
            .filter(|t| t.service.as_deref() == Some(name) && t.is_active())
            .map(|t| {
                // Tasks on a DRAINING instance are replaced like an old deployment's.
                let draining = self
                    .k
                    .node_index
                    .get(&t.node)
                    .is_some_and(|&i| self.k.nodes[i].unschedulable);
                Slot {
                    id: t.id.clone(),
                    seq: t.seq,
                    healthy: t.counts_healthy(),
                    current: t.deployment.as_deref() == Some(primary) && !draining,
                    draining,
                }
            })
            .collect()
    }

    /// Stops `to_stop` in order, each with the reason ECS gives (a draining instance, or the
    /// primary deployment's scaling), and says so in one service event. Returns whether it
    /// stopped any.
    fn stop_for_scaling(
        &mut self,
        name: &str,
        service_tag: &str,
        active: &[Slot],
        to_stop: &[String],
        primary: &str,
    ) -> bool {
        if to_stop.is_empty() {
            return false;
        }
        for id in to_stop {
            let draining = active.iter().any(|t| t.id == *id && t.draining);
            let reason = if draining {
                "Container instance is being drained".to_string()
            } else {
                format!("Scaling activity initiated by (deployment {primary})")
            };
            self.stop_task(id, super::task::StopCode::ServiceSchedulerInitiated, reason);
        }
        let list: Vec<String> = to_stop.iter().map(|id| format!("(task {id})")).collect();
        self.service_event_about(
            name,
            EventType::Normal,
            ServiceAction::TasksStopped,
            format!(
                "{service_tag} has stopped {} running tasks: {}.",
                to_stop.len(),
                list.join(" ")
            ),
            to_stop.to_vec(),
        );
        true
    }

    /// Places and starts up to `launch` tasks of the primary deployment, then reports what
    /// started and the first failure. `None` when the primary's task definition is gone;
    /// otherwise whether anything changed.
    fn launch_for(
        &mut self,
        name: &str,
        svc: &EcsService,
        primary: &EcsDeployment,
        launch: u32,
        service_tag: &str,
        actions: &mut Vec<String>,
    ) -> Option<bool> {
        let def = self
            .state
            .families
            .get(&primary.family)
            .and_then(|r| r.iter().find(|r| r.revision == primary.revision))
            .map(|r| r.definition.clone())?;
        let (started, failure) = self.start_primary_tasks(name, svc, primary, &def, launch);
        let mut changed = false;
        if !started.is_empty() {
            let list: Vec<String> = started.iter().map(|id| format!("(task {id})")).collect();
            self.service_event_about(
                name,
                EventType::Normal,
                ServiceAction::TasksStarted,
                format!(
                    "{service_tag} has started {} tasks: {}.",
                    started.len(),
                    list.join(" ")
                ),
                started.clone(),
            );
            if let Some(s) = self.state.services.get_mut(name) {
                s.last_placement_failure = None;
                s.steady = false;
            }
            actions.push(plural("start", started.len()));
            changed = true;
        }
        if let Some(message) = failure {
            changed |= self.report_placement_failure(name, service_tag, message);
        }
        Some(changed)
    }

    /// Places (on a container instance, or on Fargate) and starts up to `launch` tasks of
    /// `def` for the primary deployment, stopping at the first failure: the started ids and
    /// that failure's message.
    fn start_primary_tasks(
        &mut self,
        name: &str,
        svc: &EcsService,
        primary: &EcsDeployment,
        def: &TaskDefinition,
        launch: u32,
    ) -> (Vec<String>, Option<String>) {
        let (cpu_units, memory_mib) = super::task::task_size(def);
        let ports = super::task::host_ports(def);
        let strategies = if svc.definition.placement_strategy.is_empty() {
            default_service_strategy()
        } else {
            svc.definition.placement_strategy.clone()
        };
        let group = format!("service:{}", split_id(name).1);
        let mut started = Vec::new();
        for _ in 0..launch {
            let node = if svc.definition.launch_type == LaunchType::Fargate {
                self.fargate_node(cpu_units, memory_mib)
            } else {
                self.place_task(&Placement {
                    cluster: &svc.cluster,
                    group: &group,
                    cpu_units,
                    memory_mib,
                    host_ports: &ports,
                    strategies: &strategies,
                    constraints: &svc.definition.placement_constraints,
                })
                .map_err(|f| f.message)
            };
            let node = match node {
                Ok(node) => node,
                Err(message) => return (started, Some(message)),
            };
            match self.start_task(
                &primary.family,
                primary.revision,
                def,
                node,
                group.clone(),
                Some(primary.id.clone()),
                Some(name.to_string()),
                Some(primary.id.clone()),
                svc.definition.launch_type,
                &svc.cluster,
            ) {
                Ok(id) => started.push(id),
                Err(e) => return (started, Some(e)),
            }
        }
        (started, None)
    }

    /// A placement or start failure, as a warning service event unless it repeats the last
    /// one. Returns whether it was reported.
    fn report_placement_failure(&mut self, name: &str, service_tag: &str, message: String) -> bool {
        let repeat = self
            .state
            .services
            .get(name)
            .is_some_and(|s| s.last_placement_failure.as_deref() == Some(&message));
        if repeat {
            return false;
        }
        self.service_event(
            name,
            EventType::Warning,
            ServiceAction::UnableToPlace,
            format!("{service_tag} {message}"),
        );
        if let Some(s) = self.state.services.get_mut(name) {
            s.last_placement_failure = Some(message);
            s.steady = false;
        }
        true
    }

    /// Records this pass for the reconcile inspector: desired, observed and healthy tasks as
    /// the pass began, and what it did.
    fn record_pass(&mut self, name: &str, seen_active: u32, seen_healthy: u32, actions: &[String]) {
        let desired = self.state.services.get(name).map_or(0, |s| {
            if s.status == ServiceStatus::Draining {
                0
            } else {
                s.desired_count
            }
        });
        self.history
            .record_reconcile(crate::sim::history::ReconcileRecord {
                time_ms: self.k.now_ms,
                controller: "ecs-service-scheduler",
                // `service/NAME` in the default cluster, `service/CLUSTER/NAME` elsewhere.
                object: format!("service/{}", name.strip_prefix("default/").unwrap_or(name)),
                desired,
                observed: seen_active,
                ready: seen_healthy,
                action: actions.join(", "),
            });
    }

    /// Desired vs healthy vs running tasks over time, for the availability chart.
    fn sample_service(&mut self, name: &str) {
        let Some(s) = self.state.services.get(name) else {
            return;
        };
        let desired = s.desired_count;
        let (mut healthy, mut running, mut total) = (0, 0, 0);
        for t in self.state.tasks.values() {
            if t.service.as_deref() != Some(name) || !t.is_active() {
                continue;
            }
            total += 1;
            if t.counts_healthy() {
                healthy += 1;
            }
            if t.started_ms.is_some() {
                running += 1;
            }
        }
        let (cluster, short) = split_id(name);
        let key = (super::task_namespace(cluster), short.to_string());
        let sample = crate::sim::history::AvailabilitySample {
            time_ms: self.k.now_ms,
            desired,
            ready: healthy,
            available: running,
            total,
        };
        self.history.record_availability(&key, sample);
    }

    fn update_deployments(&mut self, name: &str) -> bool {
        let now = self.k.now_ms;
        let Some(svc) = self.state.services.get(name) else {
            return false;
        };
        let Some(primary) = svc.primary() else {
            return false;
        };
        let desired = svc.desired_count;
        let active: Vec<&super::task::EcsTask> = self
            .state
            .tasks
            .values()
            .filter(|t| t.service.as_deref() == Some(name) && !t.is_stopped())
            .collect();
        let primary_healthy = active
            .iter()
            .filter(|t| t.deployment.as_deref() == Some(primary.id.as_str()) && t.counts_healthy())
            .count() as u32;
        let others = active
            .iter()
            .any(|t| t.deployment.as_deref() != Some(primary.id.as_str()));
        let done = primary_healthy == desired && !others && svc.status == ServiceStatus::Active;
        let service_tag = format!("(service {})", split_id(name).1);
        let mut changed = false;
        if done && primary.rollout == RolloutState::InProgress {
            let id = primary.id.clone();
            if let Some(s) = self.state.services.get_mut(name) {
                if let Some(d) = s.deployments.last_mut() {
                    d.rollout = RolloutState::Completed;
                    d.rollout_reason = format!("ECS deployment {id} completed.");
                    d.updated_ms = now;
                }
                let n = s.deployments.len();
                s.deployments.drain(..n - 1);
            }
            self.service_event(
                name,
                EventType::Normal,
                ServiceAction::DeploymentCompleted,
                format!("{service_tag} (deployment {id}) deployment completed."),
            );
            changed = true;
        }
        let steady = done
            && self
                .state
                .services
                .get(name)
                .is_some_and(|s| s.deployments.len() == 1);
        if let Some(s) = self.state.services.get_mut(name) {
            if steady && !s.steady {
                s.steady = true;
                changed = true;
                self.service_event(
                    name,
                    EventType::Normal,
                    ServiceAction::SteadyState,
                    format!("{service_tag} has reached a steady state."),
                );
            } else if !steady && s.steady {
                s.steady = false;
            }
        }
        changed
    }

    /// A task of a service stopped on its own (not by the scheduler): count it for the
    /// circuit breaker and start-failure throttling.
    pub(crate) fn task_failed(
        &mut self,
        service: &str,
        deployment: Option<&str>,
        ever_running: bool,
    ) {
        let now = self.k.now_ms;
        let service_tag = format!("(service {})", split_id(service).1);
        let Some(s) = self.state.services.get_mut(service) else {
            return;
        };
        // Throttling: tasks that go from PENDING straight to STOPPED, in a row.
        if ever_running {
            s.start_failures = 0;
        } else {
            s.start_failures += 1;
            if s.start_failures >= THROTTLE_AFTER_FAILURES {
                let exp = (s.start_failures - THROTTLE_AFTER_FAILURES).min(16);
                let delay = (THROTTLE_FIRST_MS << exp).min(THROTTLE_MAX_MS);
                s.throttled_until_ms = now + delay;
                self.k.set_timer(now + delay, Timer::EcsWake);
                self.service_event(
                    service, EventType::Warning, ServiceAction::StartThrottled,
                    format!("{service_tag} is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."),
                );
            }
        }
        let Some(s) = self.state.services.get_mut(service) else {
            return;
        };
        let Some(breaker) = s.definition.circuit_breaker.filter(|&(enable, _)| enable) else {
            return;
        };
        let threshold = s.failure_threshold();
        let Some(d) = s.deployments.last_mut() else {
            return;
        };
        if deployment != Some(d.id.as_str()) || d.rollout != RolloutState::InProgress {
            return;
        }
        d.failed_tasks += 1;
        if d.failed_tasks < threshold {
            return;
        }
        d.rollout = RolloutState::Failed;
        d.rollout_reason = "ECS deployment circuit breaker: tasks failed to start.".to_string();
        d.updated_ms = now;
        let failed_id = d.id.clone();
        // Rollback: to the newest other deployment that completed.
        let previous = s
            .deployments
            .iter()
            .rev()
            .skip(1)
            .find(|d| d.rollout == RolloutState::Completed)
            .cloned();
        self.service_event(
            service,
            EventType::Warning,
            ServiceAction::DeploymentFailed,
            format!(
                "{service_tag} (deployment {failed_id}) deployment failed: tasks failed to start."
            ),
        );
        if let (true, Some(prev)) = (breaker.1, previous) {
            let id = self.new_deployment_id();
            self.service_event(
                service,
                EventType::Normal,
                ServiceAction::RollingBack,
                format!("{service_tag} rolling back to deployment {}.", prev.id),
            );
            if let Some(s) = self.state.services.get_mut(service) {
                s.push_deployment(EcsDeployment {
                    id,
                    family: prev.family,
                    revision: prev.revision,
                    created_ms: now,
                    updated_ms: now,
                    rollout: RolloutState::InProgress,
                    rollout_reason: format!(
                        "ECS deployment detected a failure; rolling back to {}.",
                        prev.id
                    ),
                    failed_tasks: 0,
                });
            }
        }
    }
}

/// `(cluster, name)` of a service key (`CLUSTER/NAME`).
pub(crate) fn split_id(id: &str) -> (&str, &str) {
    id.split_once('/').unwrap_or((super::DEFAULT_CLUSTER, id))
}

/// `start 1 task`, `stop 3 tasks`.
fn plural(verb: &str, n: usize) -> String {
    format!("{verb} {n} task{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::definitions::ecs::{LaunchType, ServiceDefinition};

    fn service(desired: u32, min: u32, max: u32) -> EcsService {
        EcsService {
            name: "web".into(),
            cluster: "default".into(),
            definition: ServiceDefinition {
                service_name: "web".into(),
                cluster: None,
                task_definition: "web".into(),
                desired_count: desired,
                launch_type: LaunchType::Ec2,
                minimum_healthy_percent: min,
                maximum_percent: max,
                circuit_breaker: None,
                placement_strategy: Vec::new(),
                placement_constraints: Vec::new(),
                health_check_grace_period_seconds: 0,
                load_balancers: Vec::new(),
            },
            desired_count: desired,
            status: ServiceStatus::Active,
            created_ms: 0,
            deployments: Vec::new(),
            events: Vec::new(),
            start_failures: 0,
            throttled_until_ms: 0,
            last_placement_failure: None,
            steady: false,
            inactive_ms: None,
        }
    }

    #[test]
    fn the_circuit_breaker_threshold_is_half_the_desired_count_within_3_and_200() {
        for (desired, threshold) in [(0, 3), (1, 3), (6, 3), (7, 4), (10, 5), (500, 200)] {
            assert_eq!(
                service(desired, 100, 200).failure_threshold(),
                threshold,
                "{desired}"
            );
        }
    }

    #[test]
    fn bounds_round_like_ecs_min_up_max_down() {
        let s = service(5, 50, 150);
        assert_eq!((s.min_healthy(), s.max_tasks()), (3, 7));
        let s = service(3, 75, 125);
        assert_eq!((s.min_healthy(), s.max_tasks()), (3, 3));
        let s = service(1_000, 100, 200);
        assert_eq!((s.min_healthy(), s.max_tasks()), (1_000, 2_000));
    }
}
