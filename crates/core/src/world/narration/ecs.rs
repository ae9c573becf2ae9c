//! ECS's service events → narration: what the service scheduler did (the event's typed
//! [`ServiceAction`] and the task ids in its facts), and — read from the ECS state, which
//! keeps stopped tasks for an hour — why the tasks it replaced had stopped. A task stopped by
//! ECS itself (an essential container exited, a failed start, a lost instance, a user's
//! `stop-task`, failed health checks) at the moment its service starts another is told as one
//! replacement.

use crate::ecs::task::EcsTask;
use crate::sim::ecs_status::{ServiceAction, ServiceStatus, StopCode};
use crate::sim::event_facts::EventFacts;
use crate::sim::events::TraceEvent;
use crate::world::narration::line::NarrationLine;
use crate::world::narration::said::{Names, Said, ScaleIn, TaskStop, NAMES_SHOWN_MAX};
use crate::world::World;

/// What one service event says. A replacement takes the place of the health-check failure
/// lines of the same tasks already in `out`.
pub fn ecs_said(world: &World, e: &TraceEvent, out: &mut Vec<NarrationLine>) -> Option<Said> {
    let cluster = e.namespace.strip_prefix("ecs:").unwrap_or(&e.namespace);
    let name = e.object.strip_prefix("service/").unwrap_or(&e.object);
    let service = world
        .ecs
        .services
        .get(&crate::ecs::service_id(cluster, name));
    let tasks: &[String] = match e.facts.as_deref() {
        Some(EventFacts::Tasks { ids }) => ids,
        _ => &[],
    };
    let names = || {
        let mut n = Names::default();
        for id in tasks {
            n.push(id);
        }
        n
    };
    let service_name = name.to_owned();
    Some(match e.service_action? {
        ServiceAction::TasksStarted => {
            let desired = service.map_or(0, |s| s.desired_count);
            let stopped = stopped_by_ecs(world, cluster, name, e.time_ms);
            if stopped.is_empty() {
                Said::TasksStarted {
                    service: service_name,
                    tasks: names(),
                    desired,
                }
            } else {
                out.retain(|l| {
                    !matches!(&l.said, Said::HealthChecksFailed { service, task, .. }
                        if *service == service_name && stopped.iter().any(|(id, _)| id == task))
                });
                Said::TaskReplaced {
                    service: service_name,
                    stopped,
                    started: names(),
                    desired,
                }
            }
        }
        ServiceAction::TasksStopped => {
            let why = match service {
                Some(s) if s.status != ServiceStatus::Active => ScaleIn::ServiceDeleted,
                Some(s) => {
                    let primary = s.primary().map(|d| d.id.as_str());
                    let old = tasks.iter().any(|id| {
                        world
                            .ecs
                            .tasks
                            .get(id)
                            .is_some_and(|t| t.deployment.as_deref() != primary)
                    });
                    if old {
                        ScaleIn::OldDeployment
                    } else {
                        ScaleIn::DesiredCount(s.desired_count)
                    }
                }
                None => ScaleIn::ServiceDeleted,
            };
            Said::TasksStopped {
                service: service_name,
                tasks: names(),
                why,
            }
        }
        ServiceAction::UnableToPlace => Said::TaskUnplaceable {
            service: service_name,
        },
        ServiceAction::TargetsRegistered
        | ServiceAction::TargetsDeregistered
        | ServiceAction::DrainingConnections => return None,
        ServiceAction::HealthChecksFailed | ServiceAction::ElbHealthChecksFailed => {
            Said::HealthChecksFailed {
                by_load_balancer: e.service_action == Some(ServiceAction::ElbHealthChecksFailed),
                service: service_name,
                task: tasks.first().cloned().unwrap_or_default(),
            }
        }
        ServiceAction::DeploymentCompleted => Said::DeploymentCompleted {
            service: service_name,
        },
        ServiceAction::DeploymentFailed => Said::DeploymentFailed {
            service: service_name,
        },
        ServiceAction::RollingBack => Said::RollingBack {
            service: service_name,
        },
        ServiceAction::StartThrottled => Said::StartThrottled {
            service: service_name,
        },
        ServiceAction::SteadyState => Said::SteadyState {
            service: service_name,
        },
    })
}

/// The service's tasks that ECS (not the service scheduler's scaling) began to stop at
/// `at_ms`, with why: the first few, oldest first.
fn stopped_by_ecs(
    world: &World,
    cluster: &str,
    service: &str,
    at_ms: u64,
) -> Vec<(String, TaskStop)> {
    let id = crate::ecs::service_id(cluster, service);
    let mut stopped: Vec<&EcsTask> = world
        .ecs
        .tasks
        .values()
        .filter(|t| t.service.as_deref() == Some(&id) && t.stopping_ms == Some(at_ms))
        .collect();
    crate::base::sort::sort_by_key(&mut stopped, |t| t.seq);
    stopped
        .into_iter()
        .filter_map(|t| Some((t.id.clone(), why_stopped(t)?)))
        .take(NAMES_SHOWN_MAX)
        .collect()
}

/// Why ECS stopped a task, if it was not the service scheduler scaling in.
fn why_stopped(t: &EcsTask) -> Option<TaskStop> {
    Some(match t.stop_code? {
        StopCode::EssentialContainerExited => {
            let exited = t
                .containers
                .iter()
                .find(|c| c.essential && c.exit_code.is_some());
            TaskStop::EssentialExited {
                container: exited.map(|c| c.name.clone()),
                exit_code: exited.and_then(|c| c.exit_code),
            }
        }
        StopCode::TaskFailedToStart => TaskStop::FailedToStart,
        StopCode::TerminationNotice => TaskStop::HostLost,
        StopCode::UserInitiated => TaskStop::StoppedByUser,
        StopCode::ServiceSchedulerInitiated if t.failed_load_balancer_checks => {
            TaskStop::FailedLoadBalancerHealthChecks
        }
        StopCode::ServiceSchedulerInitiated if t.failed_health_checks => {
            TaskStop::FailedHealthChecks
        }
        StopCode::ServiceSchedulerInitiated => return None,
    })
}
