//! The component's memory (what animates, on which path) and its captions.

use sunaba_core::sim::ecs_status::ServiceAction;
use sunaba_core::sim::event_reason::{Component, Reason};
use sunaba_core::sim::events::{EventType, TraceEvent};

use super::*;
use Part::*;

fn item(seq: u64, source: Component, reason: Reason) -> TraceItem {
    TraceItem {
        seq,
        event: TraceEvent {
            time_ms: seq * 10,
            type_: EventType::Normal,
            reason,
            object: format!("pod/p{seq}"),
            namespace: "default".to_owned(),
            message: String::new(),
            source,
            service_action: None,
            facts: None,
        },
    }
}

/// An event about a task's containers (its pod lives in `ecs:default`).
fn task_item(seq: u64, reason: Reason) -> TraceItem {
    let mut i = item(seq, Component::Kubelet, reason);
    i.event.namespace = "ecs:default".to_owned();
    i
}

fn service_item(seq: u64, action: ServiceAction, message: &str) -> TraceItem {
    let mut i = item(seq, Component::EcsServiceScheduler, Reason::ServiceEvent);
    i.event.namespace = "ecs:default".to_owned();
    i.event.object = "service/web".to_owned();
    i.event.message = message.to_owned();
    i.event.service_action = Some(action);
    i
}

fn command(line: &str, at_ms: u64) -> LogEntry {
    LogEntry {
        command: line.to_owned(),
        output: String::new(),
        ok: true,
        at_ms,
        advanced_ms: 0,
    }
}

fn keys(track: &Track) -> Vec<&str> {
    track.pulses.iter().map(|p| p.key.as_str()).collect()
}

#[test]
fn only_new_events_animate_and_at_most_a_few_at_once() {
    let mut seen = Seen::default();
    let old: Vec<TraceItem> = (1..=3)
        .map(|s| item(s, Component::Kubelet, Reason::Started))
        .collect();
    seen.update(&old, &[]);
    assert!(
        seen.kubernetes.pulses.is_empty(),
        "events from before mount do not animate"
    );
    assert_eq!(
        seen.kubernetes.last.as_ref().map(|p| p.key.as_str()),
        Some("e3")
    );

    let mut trace = old.clone();
    trace.extend((4..=13).map(|s| item(s, Component::Kubelet, Reason::Killing)));
    seen.update(&trace, &[]);
    let pulses = &seen.kubernetes.pulses;
    assert_eq!(pulses.len(), PULSES_MAX);
    assert_eq!(pulses.last().map(|p| p.key.as_str()), Some("e13"));
    assert_eq!(pulses[0].key, format!("e{}", 14 - PULSES_MAX));
    assert!(pulses[1].delay_s > pulses[0].delay_s, "staggered");

    seen.update(&trace, &[]);
    assert_eq!(
        seen.kubernetes.pulses.len(),
        PULSES_MAX,
        "a re-render adds nothing"
    );

    seen.update(&trace, &[command("kubectl delete pod web-1", 200)]);
    let last = seen.kubernetes.last.clone().expect("the command");
    assert_eq!(last.parts, &[You, Api]);
    assert_eq!(
        caption(&last, &EN),
        "last: you / CI → kube-apiserver: kubectl delete pod web-1"
    );
}

#[test]
fn the_caption_names_who_acted_and_on_what() {
    let pulse = Path::Kubernetes
        .pulse(
            &Happening::Event(&item(9, Component::Kubelet, Reason::Killing)),
            0,
        )
        .expect("every event travels on the Kubernetes path");
    assert_eq!(
        caption(&pulse, &EN),
        "last: kubelet → container runtime: Killing pod/p9"
    );
    assert_eq!(
        caption(&pulse, &JA),
        "直近: kubelet → コンテナランタイム: Killing pod/p9"
    );
}

#[test]
fn the_ecs_caption_names_ecs_components_and_says_ecs_sentence() {
    let started = service_item(
        4,
        ServiceAction::TasksStarted,
        "(service web) has started 1 tasks: (task 0f3a).",
    );
    let pulse = Path::Ecs
        .pulse(&Happening::Event(&started), 0)
        .expect("an ECS event");
    assert_eq!(pulse.label, "has started");
    assert_eq!(
        caption(&pulse, &EN),
        "last: service scheduler → ECS API → ECS agent: (service web) has started 1 tasks: (task 0f3a)."
    );
    assert_eq!(
        caption(&pulse, &JA),
        "直近: サービススケジューラ → ECS API → ECS エージェント: (service web) has started 1 tasks: (task 0f3a)."
    );
    let pull = Path::Ecs
        .pulse(&Happening::Event(&task_item(5, Reason::Pulling)), 0)
        .expect("a task's event");
    assert_eq!(
        caption(&pull, &EN),
        "last: ECS agent → Amazon ECR: Pulling task/p5"
    );
}

#[test]
fn the_ecs_path_animates_only_ecs_happenings() {
    let mut seen = Seen::default();
    seen.update(&[], &[]);
    let trace = vec![
        item(1, Component::DefaultScheduler, Reason::Scheduled),
        task_item(2, Reason::Pulling),
        item(3, Component::Kubelet, Reason::Started),
        service_item(
            4,
            ServiceAction::TasksStarted,
            "(service web) has started 1 tasks.",
        ),
        item(5, Component::ReplicaSetController, Reason::SuccessfulCreate),
    ];
    seen.update(&trace, &[command("aws ecs list-tasks", 10)]);
    assert_eq!(keys(&seen.ecs), ["ecs-c1", "ecs-e2", "ecs-e4"]);
    assert_eq!(
        keys(&seen.kubernetes),
        ["c1", "e1", "e2", "e3", "e4", "e5"],
        "the Kubernetes path still draws everything, as it always did"
    );
    assert_eq!(
        seen.ecs.last.as_ref().map(|p| p.parts),
        Some(&[ServiceScheduler, EcsApi, Agent][..]),
        "the caption is the newest ECS event, not the newest event"
    );

    seen.update(
        &trace,
        &[
            command("aws ecs list-tasks", 10),
            command("kubectl get pods", 20),
        ],
    );
    assert_eq!(seen.ecs.added, 0, "kubectl does not travel on the ECS path");
    assert_eq!(seen.kubernetes.added, 1);
}

#[test]
fn the_tab_decides_the_path_and_side_by_side_follows_who_acted_last() {
    use ViewMode::*;
    for owner in [None, Some(Path::Kubernetes), Some(Path::Ecs)] {
        assert_eq!(path_for(Kubernetes, owner), Path::Kubernetes);
        assert_eq!(path_for(Ecs, owner), Path::Ecs);
    }
    assert_eq!(path_for(SideBySide, None), Path::Kubernetes);
    assert_eq!(path_for(SideBySide, Some(Path::Ecs)), Path::Ecs);
    assert_eq!(
        HowItWorksProps {
            trace: Rc::default(),
            log: Rc::default(),
            mode: ViewMode::default(),
            focus: None,
        }
        .mode,
        Kubernetes,
        "the Kubernetes path by default"
    );

    let mut seen = Seen::default();
    let mut trace = vec![item(1, Component::Kubelet, Reason::Started)];
    seen.update(&trace, &[]);
    assert_eq!(seen.newest_owner, Some(Path::Kubernetes));
    trace.push(task_item(2, Reason::Killing));
    trace.push(item(3, Component::Kubelet, Reason::Killing));
    trace.push(service_item(4, ServiceAction::TasksStopped, "…"));
    seen.update(&trace, &[]);
    assert_eq!(
        seen.newest_owner,
        Some(Path::Ecs),
        "the batch's newest event"
    );
    let log = vec![command("sim crash task/1a2b", 50)];
    seen.update(&trace, &log);
    assert_eq!(
        seen.newest_owner,
        Some(Path::Ecs),
        "a sim command belongs to neither"
    );
    let log = vec![log[0].clone(), command("kubectl get pods", 60)];
    seen.update(&trace, &log);
    assert_eq!(seen.newest_owner, Some(Path::Kubernetes));
    let log = vec![
        log[0].clone(),
        log[1].clone(),
        command("aws ecs list-services", 70),
    ];
    seen.update(&trace, &log);
    assert_eq!(seen.newest_owner, Some(Path::Ecs));
}

#[test]
fn switching_paths_does_not_replay_what_already_animated() {
    let mut seen = Seen::default();
    seen.update(&[], &[]);
    assert_eq!(seen.draw(Path::Kubernetes).0.len(), 0);
    let mut trace = vec![
        task_item(1, Reason::Pulling),
        item(2, Component::Kubelet, Reason::Started),
    ];
    seen.update(&trace, &[]);
    let (k8s, _) = seen.draw(Path::Kubernetes);
    assert_eq!(k8s.len(), 2, "new on the path drawn: they animate");
    // The learner switches tabs: the ECS pulse played (unseen) while Kubernetes was drawn.
    seen.update(&trace, &[]);
    let (ecs, last) = seen.draw(Path::Ecs);
    assert!(ecs.is_empty(), "{ecs:?}");
    assert_eq!(
        last.map(|p| p.key),
        Some("ecs-e1".to_owned()),
        "still captioned"
    );
    // Something new while ECS is drawn animates; switching back replays nothing.
    trace.push(task_item(3, Reason::Pulled));
    seen.update(&trace, &[]);
    assert_eq!(seen.draw(Path::Ecs).0.len(), 1);
    seen.update(&trace, &[]);
    assert!(seen.draw(Path::Kubernetes).0.is_empty());
    // A switch caused by the newest events animates those events.
    trace.push(task_item(4, Reason::Started));
    seen.update(&trace, &[]);
    let (ecs, _) = seen.draw(Path::Ecs);
    assert_eq!(
        ecs.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
        ["ecs-e4"]
    );
}

#[test]
fn a_narration_line_lights_the_box_of_the_component_that_acted_on_either_path() {
    use Component as C;
    let k = Path::Kubernetes;
    assert_eq!(part_for(C::DefaultScheduler, false, k), Part::Scheduler);
    assert_eq!(
        part_for(C::ReplicaSetController, false, k),
        Part::Controllers
    );
    assert_eq!(part_for(C::Kubelet, false, k), Part::Kubelet);
    assert_eq!(part_for(C::KernelMonitor, false, k), Part::Runtime);
    // ECS's service scheduler travels on the controllers' arrow of the Kubernetes drawing.
    assert_eq!(part_for(C::EcsServiceScheduler, true, k), Part::Controllers);
    let e = Path::Ecs;
    assert_eq!(
        part_for(C::EcsServiceScheduler, true, e),
        Part::ServiceScheduler
    );
    assert_eq!(part_for(C::Kubelet, true, e), Part::Agent);
    // Every component lands on a box each diagram draws.
    for &c in C::ALL {
        for ecs in [false, true] {
            for path in Path::ALL {
                let part = part_for(c, ecs, path);
                assert!(
                    path.diagram().boxes.iter().any(|(p, _)| *p == part),
                    "{c} on {path:?}"
                );
            }
        }
    }
}

#[test]
fn the_load_balancer_takes_the_tasks_the_scheduler_registers_and_reports_failed_health_checks() {
    let registered = service_item(
        6,
        ServiceAction::TargetsRegistered,
        "(service web) registered 1 targets in (target-group tg).",
    );
    let pulse = Path::Ecs
        .pulse(&Happening::Event(&registered), 0)
        .expect("an ECS event");
    assert_eq!(pulse.parts, &[ServiceScheduler, LoadBalancer]);
    assert_eq!(
        caption(&pulse, &EN),
        "last: service scheduler → ELB: (service web) registered 1 targets in (target-group tg)."
    );
    assert_eq!(
        caption(&pulse, &JA),
        "直近: サービススケジューラ → ELB: (service web) registered 1 targets in (target-group tg)."
    );
    for (i, action) in [
        ServiceAction::TargetsDeregistered,
        ServiceAction::DrainingConnections,
        ServiceAction::ElbHealthChecksFailed,
    ]
    .into_iter()
    .enumerate()
    {
        let e = service_item(7 + i as u64, action, "(service web) …");
        let parts = super::ecs::route(&e.event).expect("an ECS event");
        assert!(parts.contains(&LoadBalancer), "{action:?}: {parts:?}");
        assert!(super::ecs::DIAGRAM.can_draw(parts), "{action:?}: {parts:?}");
    }
}
