//! The ECS part of the cluster view: services with their deployments and events, tasks with
//! their containers, container instances and the Fargate pools, as the shells draw them.

use super::{service, task, EcsState};
use crate::input::definitions::ecs::LaunchType;
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeAgent;
use crate::sim::store::Store;
use crate::sim::view::{
    EcsContainerView, EcsDeploymentView, EcsInstanceView, EcsServiceView, EcsTaskDefinitionView,
    EcsTaskView, EcsView, ECS_VIEW_EVENTS_MAX, ECS_VIEW_STOPPED_MAX,
};

impl EcsState {
    /// The ECS part of the cluster view: what ECS holds, read against the kernel (the tasks'
    /// pods, the machines) and the agents.
    pub fn view(&self, k: &Kernel, agents: &[NodeAgent]) -> EcsView {
        let services = self
            .services
            .values()
            .filter(|s| s.status != service::ServiceStatus::Inactive)
            .map(|s| self.service_view(s, &k.store))
            .collect();
        EcsView {
            services,
            tasks: self.tasks_view(&k.store),
            instances: self.instances_view(k, agents),
            task_definitions: self.task_definitions_view(),
            load_balancers: self.elb.load_balancers_view(k.now_ms),
            target_groups: self.elb.target_groups_view(k.now_ms, &|arn| {
                self.services
                    .values()
                    .filter(|s| {
                        s.status != service::ServiceStatus::Inactive
                            && s.definition
                                .load_balancers
                                .iter()
                                .any(|l| l.target_group_arn == arn)
                    })
                    .map(|s| s.id())
                    .collect()
            }),
        }
    }

    /// One service: its counts, bounds, deployments (PRIMARY first) and newest events.
    fn service_view(&self, s: &service::EcsService, store: &Store) -> EcsServiceView {
        let (running, pending) = self.service_counts(store, &s.id(), None);
        let id = s.id();
        let healthy = self.service_healthy(&id);
        let primary = s.primary().map(|p| p.id.clone());
        EcsServiceView {
            name: s.name.clone(),
            cluster: s.cluster.clone(),
            status: s.status,
            launch_type: s.definition.launch_type,
            task_definition: s
                .primary()
                .map(|p| format!("{}:{}", p.family, p.revision))
                .unwrap_or_default(),
            family: s.primary().map(|p| p.family.clone()).unwrap_or_default(),
            desired: s.desired_count,
            running,
            pending,
            healthy,
            minimum_healthy_percent: s.definition.minimum_healthy_percent,
            maximum_percent: s.definition.maximum_percent,
            min_healthy: s.min_healthy(),
            max_tasks: s.max_tasks(),
            health_check_grace_period_s: s.definition.health_check_grace_period_seconds,
            deployments: s
                .deployments
                .iter()
                .rev()
                .map(|d| {
                    let (r, p) = self.service_counts(store, &id, Some(&d.id));
                    EcsDeploymentView {
                        id: d.id.clone(),
                        status: if Some(&d.id) == primary.as_ref() {
                            service::DeploymentStatus::Primary
                        } else {
                            service::DeploymentStatus::Active
                        },
                        task_definition: format!("{}:{}", d.family, d.revision),
                        rollout_state: d.rollout,
                        running: r,
                        pending: p,
                        failed_tasks: d.failed_tasks,
                        created_ms: d.created_ms,
                    }
                })
                .collect(),
            events: s
                .events
                .iter()
                .take(ECS_VIEW_EVENTS_MAX)
                .map(|e| (e.at_ms, e.message.clone(), e.type_))
                .collect(),
            target_groups: s
                .definition
                .load_balancers
                .iter()
                .filter_map(|l| self.elb.target_groups.get(&l.target_group_arn))
                .map(|g| g.name.clone())
                .collect(),
        }
    }

    /// The tasks that are not stopped (oldest first), then the newest stopped ones.
    fn tasks_view(&self, store: &Store) -> Vec<EcsTaskView> {
        let mut live: Vec<&task::EcsTask> =
            self.tasks.values().filter(|t| !t.is_stopped()).collect();
        crate::base::sort::sort_by_key(&mut live, |t| t.seq);
        let mut stopped: Vec<&task::EcsTask> =
            self.tasks.values().filter(|t| t.is_stopped()).collect();
        crate::base::sort::sort_by_key(&mut stopped, |t| std::cmp::Reverse((t.stopped_ms, t.seq)));
        live.into_iter()
            .chain(stopped.into_iter().take(ECS_VIEW_STOPPED_MAX))
            .map(|t| task_view(t, store))
            .collect()
    }

    /// The container instances with what they hold.
    fn instances_view(&self, k: &Kernel, agents: &[NodeAgent]) -> Vec<EcsInstanceView> {
        self.container_instances(k, agents)
            .into_iter()
            .map(|ci| EcsInstanceView {
                id: ci.id,
                node: ci.node,
                zone: ci.zone,
                status: ci.status,
                agent_connected: ci.agent_connected,
                cpu_units: ci.cpu_units,
                cpu_remaining: ci.cpu_remaining,
                memory_mib: ci.memory_mib,
                memory_remaining: ci.memory_remaining,
                running_tasks: ci.running_tasks,
                pending_tasks: ci.pending_tasks,
            })
            .collect()
    }

    /// The active task definition revisions and the launch types each is compatible with.
    fn task_definitions_view(&self) -> Vec<EcsTaskDefinitionView> {
        self.families
            .iter()
            .flat_map(|(f, revs)| {
                revs.iter().filter(|r| r.active).map(move |r| {
                    let req = &r.definition.requires_compatibilities;
                    EcsTaskDefinitionView {
                        family: f.clone(),
                        revision: r.revision,
                        ec2: req.is_empty() || req.contains(&LaunchType::Ec2),
                        fargate: req.contains(&LaunchType::Fargate),
                    }
                })
            })
            .collect()
    }
}

/// One task with its containers as the shells draw it.
fn task_view(t: &task::EcsTask, store: &Store) -> EcsTaskView {
    EcsTaskView {
        id: t.id.clone(),
        cluster: t.cluster.clone(),
        service: t
            .service
            .as_deref()
            .map(|s| service::split_id(s).1.to_string()),
        group: t.group.clone(),
        task_definition: format!("{}:{}", t.family, t.revision),
        last_status: t.last_status(store),
        desired_status: t.desired_status(),
        health: t.health,
        launch_type: t.launch_type,
        instance: if t.launch_type == LaunchType::Fargate {
            "Fargate".into()
        } else {
            t.node.clone()
        },
        zone: t.zone.clone(),
        stop_code: t.stop_code,
        stopped_reason: t.stopped_reason.clone(),
        failed_health_checks: t.failed_health_checks,
        containers: t
            .containers
            .iter()
            .map(|c| EcsContainerView {
                name: c.name.clone(),
                last_status: c.last_status,
                exit_code: c.exit_code,
                reason: c.reason.clone(),
                health: c.health,
                essential: c.essential,
            })
            .collect(),
        created_ms: t.created_ms,
        started_ms: t.started_ms,
        stopped_ms: t.stopped_ms,
    }
}
