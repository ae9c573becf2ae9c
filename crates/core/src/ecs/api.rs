//! What the ECS API does when it is called: register and deregister a task definition, run
//! tasks, create, update and delete a service, drain or activate container instances — each
//! checked against ECS's rules, with ECS's exceptions. The command layer (`aws ecs …`, in
//! `lang::aws::ecs`) parses the options, calls these and prints what they leave; the cluster
//! operations are in [`super::clusters`], stopping a task in [`super::task`].

use super::placement::{Placement, PlacementFailure};
use super::service::{EcsDeployment, EcsService, RolloutState, SERVICES_MAX};
use super::task::TASKS_MAX;
use super::{aws_error, EcsEngine, EcsState, Registered, FAMILIES_MAX, REVISIONS_MAX};
use crate::base::command::CommandError;
use crate::input::definitions::ecs::{LaunchType, ServiceDefinition, TaskDefinition};
use crate::sim::ecs_status::ServiceStatus;

/// What `run-task` asks for, its options parsed.
pub(crate) struct RunTask<'a> {
    pub cluster: &'a str,
    /// `family`, `family:REV` or an ARN.
    pub task_definition: &'a str,
    pub count: u32,
    pub launch_type: LaunchType,
    /// `--group`; `family:FAMILY` when not given.
    pub group: Option<&'a str>,
    pub started_by: Option<&'a str>,
    pub strategies: &'a [(String, Option<String>)],
    pub constraints: &'a [(String, Option<String>)],
}

/// Whether a task definition may run with `lt` (its `requiresCompatibilities`).
pub(crate) fn check_launch_type(
    def: &TaskDefinition,
    lt: LaunchType,
    op: &str,
) -> Result<(), CommandError> {
    if lt == LaunchType::Fargate && !def.requires_compatibilities.contains(&LaunchType::Fargate) {
        return Err(aws_error(
            "InvalidParameterException",
            op,
            "Task definition does not support launch_type FARGATE.",
        ));
    }
    if lt == LaunchType::Ec2
        && !def.requires_compatibilities.is_empty()
        && !def.requires_compatibilities.contains(&LaunchType::Ec2)
    {
        return Err(aws_error(
            "InvalidParameterException",
            op,
            "Task definition does not support launch_type EC2.",
        ));
    }
    Ok(())
}

impl EcsState {
    /// Tasks that have not stopped.
    pub(crate) fn live_tasks(&self) -> usize {
        self.tasks.values().filter(|t| !t.is_stopped()).count()
    }

    /// DeregisterTaskDefinition: `family:REV` (or its ARN) becomes INACTIVE; returns it.
    pub(crate) fn deregister_definition(&mut self, id: &str) -> Result<&Registered, CommandError> {
        const OP: &str = "DeregisterTaskDefinition";
        if !id.contains(':') {
            return Err(aws_error(
                "ClientException",
                OP,
                "Invalid revision number. Number: (revision must be specified)",
            ));
        }
        let (family, revision) = self
            .find_task_definition(id, OP)
            .map(|r| (r.definition.family.clone(), r.revision))?;
        let r = self
            .families
            .get_mut(&family)
            .and_then(|revs| revs.iter_mut().find(|r| r.revision == revision))
            .ok_or_else(|| {
                aws_error("ClientException", OP, "Unable to describe task definition.")
            })?;
        r.active = false;
        Ok(r)
    }
}

impl EcsEngine<'_> {
    /// Registers `def` as the family's next revision; returns the revision.
    pub(crate) fn register_definition(&mut self, def: TaskDefinition) -> Result<u32, CommandError> {
        const OP: &str = "RegisterTaskDefinition";
        if !self.state.families.contains_key(&def.family)
            && self.state.families.len() >= FAMILIES_MAX
        {
            return Err(aws_error(
                "ClientException",
                OP,
                format!("Too many task definition families (at most {FAMILIES_MAX} in Sunaba)."),
            ));
        }
        let now = self.k.now_ms;
        let revs = self.state.families.entry(def.family.clone()).or_default();
        if revs.len() >= REVISIONS_MAX {
            return Err(aws_error(
                "ClientException",
                OP,
                format!(
                    "Too many revisions of {} (at most {REVISIONS_MAX} in Sunaba).",
                    def.family
                ),
            ));
        }
        let revision = revs.last().map_or(1, |r| r.revision + 1);
        revs.push(Registered {
            revision,
            definition: def,
            registered_ms: now,
            active: true,
        });
        Ok(revision)
    }

    /// UpdateContainerInstancesState: the nodes behind the instances become DRAINING (the node
    /// cordoned; the service scheduler replaces their tasks) or ACTIVE again.
    pub(crate) fn update_instances_state(&mut self, nodes: &[String], draining: bool) {
        for n in nodes {
            self.kubelet().set_unschedulable(n, draining);
            if !draining {
                self.k.cluster_changed();
            }
        }
        self.k.ecs_wake = true;
    }

    /// RunTask: places and starts `count` tasks. Returns the tasks started and, for each task
    /// that could not be placed, why.
    pub(crate) fn run_task(
        &mut self,
        r: &RunTask,
    ) -> Result<(Vec<String>, Vec<PlacementFailure>), CommandError> {
        const OP: &str = "RunTask";
        let found = self.state.find_task_definition(r.task_definition, OP)?;
        let (family, revision, def) = (
            found.definition.family.clone(),
            found.revision,
            found.definition.clone(),
        );
        check_launch_type(&def, r.launch_type, OP)?;
        if self.state.live_tasks() + r.count as usize > TASKS_MAX {
            return Err(aws_error(
                "ClientException",
                OP,
                format!("Too many tasks (at most {TASKS_MAX} in Sunaba)."),
            ));
        }
        let group = r
            .group
            .map_or_else(|| format!("family:{family}"), |g| g.to_string());
        let started_by = r.started_by.map(|s| s.to_string());
        let (cpu_units, memory_mib) = super::task::task_size(&def);
        let ports = super::task::host_ports(&def);
        let mut tasks = Vec::new();
        let mut failures = Vec::new();
        for _ in 0..r.count {
            let node = match r.launch_type {
                LaunchType::Fargate => {
                    self.fargate_node(cpu_units, memory_mib)
                        .map_err(|message| PlacementFailure {
                            message,
                            reason: "RESOURCE",
                            instance: None,
                        })
                }
                LaunchType::Ec2 => self.place_task(&Placement {
                    cluster: r.cluster,
                    group: &group,
                    cpu_units,
                    memory_mib,
                    host_ports: &ports,
                    strategies: r.strategies,
                    constraints: r.constraints,
                }),
            };
            match node {
                Ok(node) => {
                    let id = self
                        .start_task(
                            &family,
                            revision,
                            &def,
                            node,
                            group.clone(),
                            started_by.clone(),
                            None,
                            None,
                            r.launch_type,
                            r.cluster,
                        )
                        .map_err(|e| aws_error("ClientException", OP, e))?;
                    tasks.push(id);
                }
                Err(failure) => failures.push(failure),
            }
        }
        Ok((tasks, failures))
    }

    /// Creates a service in `cluster` from its definition (checked against ECS's rules);
    /// returns its key ([`super::service_id`]).
    pub(crate) fn create_service(
        &mut self,
        def: ServiceDefinition,
        cluster: &str,
    ) -> Result<String, CommandError> {
        const OP: &str = "CreateService";
        let n = &def.service_name;
        if n.is_empty()
            || n.len() > 255
            || !n
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "Service name can have up to 255 characters, letters (uppercase and lowercase), numbers, hyphens and underscores are allowed.",
            ));
        }
        let id = super::service_id(cluster, &def.service_name);
        if self
            .state
            .services
            .get(&id)
            .is_some_and(|s| s.status != ServiceStatus::Inactive)
        {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "Creation of service was not idempotent.",
            ));
        }
        if self.state.services.len() >= SERVICES_MAX {
            return Err(aws_error(
                "ClientException",
                OP,
                format!("Too many services (at most {SERVICES_MAX} in Sunaba)."),
            ));
        }
        let r = self
            .state
            .find_task_definition(&def.task_definition, OP)
            .map_err(|_| aws_error("ClientException", OP, "TaskDefinition not found."))?;
        let (family, revision) = (r.definition.family.clone(), r.revision);
        let task_def = r.definition.clone();
        check_launch_type(&task_def, def.launch_type, OP)?;
        if def.launch_type == LaunchType::Fargate && !def.placement_constraints.is_empty() {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "Placement constraints are not supported with the FARGATE launch type.",
            ));
        }
        let now = self.k.now_ms;
        let deployment = self.new_deployment_id();
        let name = def.service_name.clone();
        let svc = EcsService {
            name: name.clone(),
            cluster: cluster.to_string(),
            desired_count: def.desired_count,
            definition: def,
            status: ServiceStatus::Active,
            created_ms: now,
            deployments: vec![EcsDeployment {
                id: deployment,
                family,
                revision,
                created_ms: now,
                updated_ms: now,
                rollout: RolloutState::InProgress,
                rollout_reason: "ECS deployment created.".into(),
                failed_tasks: 0,
            }],
            events: Vec::new(),
            start_failures: 0,
            throttled_until_ms: 0,
            last_placement_failure: None,
            steady: false,
            inactive_ms: None,
        };
        self.state.services.insert(id.clone(), svc);
        self.k.ecs_wake = true;
        Ok(id)
    }

    /// UpdateService on the ACTIVE service `id`: a new desired count, and a new deployment
    /// when the task definition changes or `force` asks for one.
    pub(crate) fn update_service(
        &mut self,
        id: &str,
        desired: Option<u32>,
        task_definition: Option<&str>,
        force: bool,
    ) -> Result<(), CommandError> {
        const OP: &str = "UpdateService";
        let new_def = match task_definition {
            Some(td) => {
                let r = self
                    .state
                    .find_task_definition(td, OP)
                    .map_err(|_| aws_error("ClientException", OP, "TaskDefinition not found."))?;
                let def = r.definition.clone();
                let lt = self
                    .state
                    .services
                    .get(id)
                    .map_or(LaunchType::Ec2, |s| s.definition.launch_type);
                check_launch_type(&def, lt, OP)?;
                Some((def.family.clone(), r.revision))
            }
            None => None,
        };
        let now = self.k.now_ms;
        let current = self
            .state
            .services
            .get(id)
            .and_then(|s| s.primary())
            .map(|p| (p.family.clone(), p.revision));
        let changes_def = new_def.is_some() && new_def != current;
        let deployment = (changes_def || force).then(|| self.new_deployment_id());
        let Some(svc) = self.state.services.get_mut(id) else {
            return Err(aws_error(
                "ServiceNotFoundException",
                OP,
                "Service not found.",
            ));
        };
        if let Some(n) = desired {
            svc.desired_count = n;
            svc.steady = false;
        }
        if let Some(deployment) = deployment {
            let (family, revision) = new_def.or(current).unwrap_or_default();
            svc.push_deployment(EcsDeployment {
                id: deployment,
                family,
                revision,
                created_ms: now,
                updated_ms: now,
                rollout: RolloutState::InProgress,
                rollout_reason: "ECS deployment created.".into(),
                failed_tasks: 0,
            });
        }
        self.k.ecs_wake = true;
        Ok(())
    }

    /// UpdateService's `healthCheckGracePeriodSeconds`: checked (by `apply: false`) before
    /// anything else of the update changes, set after. Only a service with load balancers
    /// takes one, as ECS says.
    pub(crate) fn update_grace_period(
        &mut self,
        id: &str,
        seconds: u32,
        apply: bool,
    ) -> Result<(), CommandError> {
        const OP: &str = "UpdateService";
        let Some(svc) = self.state.services.get_mut(id) else {
            return Err(aws_error(
                "ServiceNotFoundException",
                OP,
                "Service not found.",
            ));
        };
        if svc.definition.load_balancers.is_empty() {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "Health check grace period is only valid for services configured to use load balancers",
            ));
        }
        if apply {
            svc.definition.health_check_grace_period_seconds = seconds;
        }
        Ok(())
    }

    /// DeleteService on the ACTIVE service `id`: DRAINING, its tasks stopped by its scheduler;
    /// INACTIVE once they are gone. Refused while it is scaled above 0, unless `force`.
    pub(crate) fn delete_service(&mut self, id: &str, force: bool) -> Result<(), CommandError> {
        const OP: &str = "DeleteService";
        let Some(svc) = self.state.services.get_mut(id) else {
            return Err(aws_error(
                "ServiceNotFoundException",
                OP,
                "Service not found.",
            ));
        };
        if svc.desired_count > 0 && !force {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        svc.desired_count = 0;
        svc.status = ServiceStatus::Draining;
        self.k.ecs_wake = true;
        Ok(())
    }
}
