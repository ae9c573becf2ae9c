//! The Amazon ECS path: you/CI (`aws ecs …`) → the ECS API, the control plane → its service
//! scheduler → the ECS agent on each container instance → Docker, which runs the containers,
//! and Amazon ECR (or another registry), which holds the images; and [`route`], which arrows
//! each ECS event travels.
//!
//! An event is ECS's ([`is_ecs_event`]) when an ECS component recorded it (the service
//! scheduler's service events, a drained cluster deleted) or when it is about a task's
//! containers: a task runs as a pod in its cluster's `ecs:CLUSTER` namespace, on the same
//! agent, so the agent's pulls, starts, stops and health checks of a task are ECS events too.
//! Any other event (a Deployment's, a node's) is Kubernetes' and does not travel here. Which
//! service event is which is read from its typed `service_action`, never from its sentence.

use sunaba_core::sim::ecs_status::{is_task_namespace, ServiceAction};
use sunaba_core::sim::event_reason::{Component, Reason};
use sunaba_core::TraceEvent;

use super::diagram::{Diagram, Part};
use Part::*;

/// Where the boxes stand and which arrows join them: the same places as their Kubernetes
/// counterparts (the service scheduler where kube-scheduler is, the agent where the kubelet
/// is), so switching paths shows what changed.
pub const DIAGRAM: Diagram = Diagram {
    boxes: &[
        (You, (85.0, 4.0, 130.0, 40.0)),
        (EcsApi, (85.0, 76.0, 130.0, 40.0)),
        (ServiceScheduler, (4.0, 150.0, 128.0, 40.0)),
        (Agent, (85.0, 224.0, 130.0, 40.0)),
        (Docker, (4.0, 298.0, 128.0, 40.0)),
        (Ecr, (168.0, 298.0, 128.0, 40.0)),
        (LoadBalancer, (168.0, 150.0, 128.0, 40.0)),
    ],
    edges: &[
        (You, (150.0, 44.0), EcsApi, (150.0, 76.0)),
        (ServiceScheduler, (68.0, 150.0), EcsApi, (120.0, 116.0)),
        (EcsApi, (150.0, 116.0), Agent, (150.0, 224.0)),
        (Agent, (120.0, 264.0), Docker, (68.0, 298.0)),
        (Agent, (180.0, 264.0), Ecr, (232.0, 298.0)),
        // The service scheduler registers and deregisters tasks in target groups; the load
        // balancer health-checks the tasks where they run.
        (
            ServiceScheduler,
            (132.0, 170.0),
            LoadBalancer,
            (168.0, 170.0),
        ),
        (LoadBalancer, (232.0, 190.0), Agent, (200.0, 224.0)),
    ],
};

/// An ECS event this diagram does not know: the ECS API keeps every record, so it is shown
/// there, without an arrow.
pub const FALLBACK: &[Part] = &[EcsApi];

/// `aws ecs …`: the learner's call to the ECS API.
pub const COMMAND_PARTS: &[Part] = &[You, EcsApi];

/// Whether an event is Amazon ECS's (see the module doc).
pub fn is_ecs_event(e: &TraceEvent) -> bool {
    matches!(e.source, Component::EcsServiceScheduler | Component::Ecs)
        || is_task_namespace(&e.namespace)
}

/// The boxes an event travels through on the ECS diagram, the first one having acted;
/// `None` for an event that is not ECS's.
pub fn route(e: &TraceEvent) -> Option<&'static [Part]> {
    use Component as C;
    use Reason as R;
    if !is_ecs_event(e) {
        return None;
    }
    Some(match (e.source, e.reason) {
        (C::EcsServiceScheduler, R::ServiceEvent) => match e.service_action {
            // The scheduler placed tasks (or chose tasks to stop); the control plane hands
            // them to the agents of their container instances.
            Some(ServiceAction::TasksStarted | ServiceAction::TasksStopped) => {
                &[ServiceScheduler, EcsApi, Agent]
            }
            // It registered or deregistered tasks in a target group, began draining them, or
            // heard from the load balancer that a task failed its health checks.
            Some(
                ServiceAction::TargetsRegistered
                | ServiceAction::TargetsDeregistered
                | ServiceAction::DrainingConnections
                | ServiceAction::ElbHealthChecksFailed,
            ) => &[ServiceScheduler, LoadBalancer],
            // Its other events are its own record of the service, kept by the ECS API.
            _ => &[ServiceScheduler, EcsApi],
        },
        // The control plane deleted a drained cluster by itself.
        (C::Ecs, R::ClusterDeleted) => &[EcsApi],
        // A task's containers, as its agent handles them.
        (C::Kubelet, R::Pulling) => &[Agent, Ecr],
        // The image arrived; a failed pull is the registry's answer (CannotPullContainerError).
        (C::Kubelet, R::Pulled | R::Failed) => &[Ecr, Agent],
        (C::Kubelet, R::Created | R::Started | R::Killing) => &[Agent, Docker],
        // A container health check failed, or a container exited: Docker tells the agent.
        (C::Kubelet, R::BackOff | R::Unhealthy) => &[Docker, Agent],
        _ => FALLBACK,
    })
}

/// Whether a command line is an `aws ecs` call (`aws [--profile P] ecs …`).
pub fn is_ecs_command(command: &str) -> bool {
    let mut words = command.split_whitespace();
    if words.next() != Some("aws") {
        return false;
    }
    while let Some(word) = words.next() {
        match word.strip_prefix("--") {
            // A global option before the service: skip its value unless written `--x=v`.
            Some(option) => {
                if !option.contains('=') {
                    words.next();
                }
            }
            None => return word == "ecs",
        }
    }
    false
}

/// Caption text of a service event longer than this is cut (a batch of 10 started tasks
/// names 10 task ids).
const SENTENCE_CHARS_MAX: usize = 160;

/// How an ECS event is labelled: the word on its moving dot and what the caption says.
/// A service event shows what the scheduler did and ECS's own sentence; a task's event
/// names the task (its pod is named after it).
pub fn describe(e: &TraceEvent) -> (String, String) {
    if let Some(action) = e.service_action {
        return (action.as_str().to_owned(), shorten(&e.message));
    }
    let object = match e.object.strip_prefix("pod/") {
        Some(id) if is_task_namespace(&e.namespace) => format!("task/{id}"),
        _ => e.object.clone(),
    };
    (e.reason.to_string(), format!("{} {object}", e.reason))
}

fn shorten(sentence: &str) -> String {
    match sentence.char_indices().nth(SENTENCE_CHARS_MAX) {
        Some((cut, _)) => format!("{}…", &sentence[..cut]),
        None => sentence.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sunaba_core::sim::events::EventType;
    use sunaba_core::{MapFiles, World};

    fn event(source: Component, reason: Reason, namespace: &str) -> TraceEvent {
        TraceEvent {
            time_ms: 0,
            type_: EventType::Normal,
            reason,
            object: "pod/0f3a".to_owned(),
            namespace: namespace.to_owned(),
            message: String::new(),
            source,
            service_action: None,
            facts: None,
        }
    }

    fn service_event(action: ServiceAction) -> TraceEvent {
        TraceEvent {
            object: "service/web".to_owned(),
            message: format!("(service web) {action} …"),
            service_action: Some(action),
            facts: None,
            ..event(
                Component::EcsServiceScheduler,
                Reason::ServiceEvent,
                "ecs:default",
            )
        }
    }

    fn task_event(reason: Reason) -> TraceEvent {
        event(Component::Kubelet, reason, "ecs:default")
    }

    #[test]
    fn the_diagram_is_well_drawn() {
        super::super::diagram::tests::assert_well_drawn(&DIAGRAM);
        assert!(DIAGRAM.can_draw(COMMAND_PARTS) && DIAGRAM.can_draw(FALLBACK));
    }

    #[test]
    fn started_and_stopped_tasks_go_from_the_service_scheduler_to_the_agent() {
        for action in [ServiceAction::TasksStarted, ServiceAction::TasksStopped] {
            assert_eq!(
                route(&service_event(action)),
                Some(&[ServiceScheduler, EcsApi, Agent][..]),
                "{action:?}"
            );
        }
    }

    #[test]
    fn every_other_service_event_stays_in_the_control_plane() {
        for &action in ServiceAction::ALL {
            let parts = route(&service_event(action)).expect("an ECS event");
            assert!(DIAGRAM.can_draw(parts), "{action:?}: {parts:?}");
            assert_eq!(
                parts[0], ServiceScheduler,
                "{action:?}: the scheduler acted"
            );
            match action {
                ServiceAction::TasksStarted | ServiceAction::TasksStopped => {}
                ServiceAction::TargetsRegistered
                | ServiceAction::TargetsDeregistered
                | ServiceAction::DrainingConnections
                | ServiceAction::ElbHealthChecksFailed => {
                    assert_eq!(parts, &[ServiceScheduler, LoadBalancer], "{action:?}")
                }
                _ => assert_eq!(parts, &[ServiceScheduler, EcsApi], "{action:?}"),
            }
        }
    }

    #[test]
    fn a_tasks_containers_go_between_the_agent_docker_and_the_registry() {
        let cases: [(Reason, &[Part]); 7] = [
            (Reason::Pulling, &[Agent, Ecr]),
            (Reason::Pulled, &[Ecr, Agent]),
            (Reason::Failed, &[Ecr, Agent]),
            (Reason::Created, &[Agent, Docker]),
            (Reason::Started, &[Agent, Docker]),
            (Reason::Killing, &[Agent, Docker]),
            (Reason::Unhealthy, &[Docker, Agent]),
        ];
        for (reason, parts) in cases {
            assert_eq!(route(&task_event(reason)), Some(parts), "{reason}");
            assert!(DIAGRAM.can_draw(parts));
        }
        // A Fargate task of another cluster is run by an agent too.
        let fargate = event(Component::Kubelet, Reason::Started, "ecs:pr-12");
        assert_eq!(route(&fargate), Some(&[Agent, Docker][..]));
        // A drained environment's cluster, deleted by the control plane.
        let deleted = event(Component::Ecs, Reason::ClusterDeleted, "ecs:pr-12");
        assert_eq!(route(&deleted), Some(&[EcsApi][..]));
        // A pair the core never emits for a task: shown at the ECS API.
        let odd = event(Component::Kubelet, Reason::NodeReady, "ecs:default");
        assert_eq!(route(&odd), Some(FALLBACK));
    }

    #[test]
    fn kubernetes_events_do_not_travel_on_the_ecs_diagram() {
        for (source, reason) in [
            (Component::Kubelet, Reason::Started),
            (Component::Kubelet, Reason::Pulling),
            (Component::DefaultScheduler, Reason::Scheduled),
            (Component::ReplicaSetController, Reason::SuccessfulCreate),
            (Component::NodeController, Reason::NodeNotReady),
            (Component::KernelMonitor, Reason::OOMKilling),
        ] {
            let e = event(source, reason, "default");
            assert!(!is_ecs_event(&e), "{source}/{reason}");
            assert_eq!(route(&e), None, "{source}/{reason}");
        }
        // A namespace that merely looks like it is not a task's.
        assert_eq!(
            route(&event(Component::Kubelet, Reason::Started, "ecs")),
            None
        );
    }

    #[test]
    fn only_aws_ecs_commands_travel_from_you_to_the_ecs_api() {
        for line in [
            "aws ecs list-tasks",
            "aws ecs update-service --service web --desired-count 3",
            "aws --profile staging ecs describe-services --services web",
            "aws --profile=staging ecs stop-task --task 1a2b",
        ] {
            assert!(is_ecs_command(line), "{line}");
        }
        for line in [
            "kubectl get pods",
            "aws ecr create-repository --repository-name app",
            "aws ssm get-parameter --name db",
            "sim crash task/1a2b",
            "sim side-by-side deployment/web",
            "aws",
            "",
        ] {
            assert!(!is_ecs_command(line), "{line}");
        }
    }

    #[test]
    fn a_service_event_shows_its_sentence_and_a_task_event_names_the_task() {
        let mut started = service_event(ServiceAction::TasksStarted);
        started.message = "(service web) has started 1 tasks: (task 0f3a).".to_owned();
        assert_eq!(
            describe(&started),
            (
                "has started".to_owned(),
                "(service web) has started 1 tasks: (task 0f3a).".to_owned()
            )
        );
        assert_eq!(
            describe(&task_event(Reason::Pulling)),
            ("Pulling".to_owned(), "Pulling task/0f3a".to_owned())
        );
        started.message = "x".repeat(SENTENCE_CHARS_MAX + 40);
        let (_, what) = describe(&started);
        assert_eq!(what.chars().count(), SENTENCE_CHARS_MAX + 1, "cut, with …");
        assert!(what.ends_with('…'));
    }

    /// An ECS service with a sidecar and dependsOn, crashed, scaled beyond the machines,
    /// rolled to a revision that fails its health checks, to one whose image does not exist,
    /// stopped by hand, deleted; a Deployment runs beside it. Every ECS event travels on real
    /// arrows of this diagram, every other event not at all, and every kind of event the
    /// agent and the scheduler make here is seen.
    #[test]
    fn every_event_of_a_busy_ecs_scenario_is_routed() {
        let example = |id: &str| {
            crate::example::Example::find(id)
                .expect("an example")
                .text
                .to_owned()
        };
        let mut files = std::collections::BTreeMap::new();
        files.insert(
            "app.yaml".to_owned(),
            crate::example::DEFAULT_DEFINITION.to_owned(),
        );
        files.insert("task.json".to_owned(), example("ecs/api-ec2.task"));
        files.insert("service.json".to_owned(), example("ecs/api.service"));
        files.insert("sick.json".to_owned(), SICK_TASK.to_owned());
        files.insert("missing.json".to_owned(), MISSING_TASK.to_owned());
        let files = MapFiles(files);
        let mut world = World::new(7);
        let mut seen = std::collections::BTreeSet::new();
        let mut kubernetes_events = 0;
        let mut step = |world: &mut World, line: &str, wait_ms: u64| {
            let result = sunaba_core::run(world, line, &files);
            assert!(result.is_ok(), "{line}: {result:?}");
            world.advance_by(wait_ms);
            for e in world.drain_trace() {
                let Some(parts) = route(&e) else {
                    kubernetes_events += 1;
                    continue;
                };
                assert_ne!(parts, FALLBACK, "{}/{}: {}", e.source, e.reason, e.message);
                assert!(DIAGRAM.can_draw(parts), "{}/{}", e.source, e.reason);
                seen.insert((e.reason, e.service_action));
            }
        };
        step(&mut world, "sim nodes 6", 1_000);
        step(&mut world, "kubectl apply -f app.yaml", 60_000);
        step(
            &mut world,
            "aws ecs register-task-definition --cli-input-json file://task.json",
            0,
        );
        step(
            &mut world,
            "aws ecs create-service --cli-input-json file://service.json",
            60_000,
        );
        step(
            &mut world,
            "sim crash --service api -c api --exit-code 1",
            30_000,
        );
        // distinctInstance: a 7th task finds no container instance.
        step(
            &mut world,
            "aws ecs update-service --service api --desired-count 7",
            30_000,
        );
        step(
            &mut world,
            "aws ecs update-service --service api --desired-count 3",
            60_000,
        );
        step(
            &mut world,
            "aws ecs register-task-definition --cli-input-json file://sick.json",
            0,
        );
        step(
            &mut world,
            "aws ecs update-service --service api --task-definition api:2",
            180_000,
        );
        step(
            &mut world,
            "aws ecs register-task-definition --cli-input-json file://missing.json",
            0,
        );
        step(
            &mut world,
            "aws ecs update-service --service api --task-definition api:3",
            180_000,
        );
        let task = world
            .ecs()
            .tasks
            .values()
            .find(|t| t.is_active())
            .map(|t| t.id.clone())
            .expect("a running task");
        step(
            &mut world,
            &format!("aws ecs stop-task --task {task}"),
            60_000,
        );
        step(
            &mut world,
            "aws ecs delete-service --service api --force",
            120_000,
        );
        assert!(kubernetes_events > 0, "the Deployment's events were there");
        let mut expected: Vec<(Reason, Option<ServiceAction>)> = [
            Reason::Pulling,
            Reason::Pulled,
            Reason::Failed,
            Reason::Created,
            Reason::Started,
            Reason::Killing,
            Reason::Unhealthy,
        ]
        .into_iter()
        .map(|r| (r, None))
        .collect();
        expected.extend(
            [
                ServiceAction::TasksStarted,
                ServiceAction::TasksStopped,
                ServiceAction::SteadyState,
                ServiceAction::DeploymentCompleted,
                ServiceAction::UnableToPlace,
                ServiceAction::HealthChecksFailed,
            ]
            .into_iter()
            .map(|a| (Reason::ServiceEvent, Some(a))),
        );
        for kind in expected {
            assert!(
                seen.contains(&kind),
                "the scenario should show {kind:?}; saw {seen:?}"
            );
        }
    }

    /// `api`'s containers, the app turning unhealthy after 20 s.
    const SICK_TASK: &str = r#"{"family": "api", "containerDefinitions": [{"name": "api",
        "image": "sunaba/demo-app:2.0", "memory": 256,
        "environment": [{"name": "UNHEALTHY_AFTER", "value": "20s"}],
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/healthz || exit 1"],
            "interval": 5, "retries": 2}}]}"#;
    /// An image no registry has.
    const MISSING_TASK: &str = r#"{"family": "api", "containerDefinitions": [{"name": "api",
        "image": "sunaba/demo-app:0.0", "memory": 256}]}"#;
}
