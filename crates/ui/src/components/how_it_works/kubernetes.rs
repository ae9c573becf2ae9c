//! The Kubernetes path: you/CI → kube-apiserver → kube-scheduler and the controllers →
//! the kubelet on each node → the container runtime and the image registry; and [`route`],
//! which arrows each event the core emits travels.

use sunaba_core::sim::event_reason::{Component, Reason};

use super::diagram::{Diagram, Part};
use Part::*;

/// Where the boxes stand and which arrows join them.
pub const DIAGRAM: Diagram = Diagram {
    boxes: &[
        (You, (85.0, 4.0, 130.0, 40.0)),
        (Api, (85.0, 76.0, 130.0, 40.0)),
        (Scheduler, (4.0, 150.0, 128.0, 40.0)),
        (Controllers, (168.0, 150.0, 128.0, 40.0)),
        (Kubelet, (85.0, 224.0, 130.0, 40.0)),
        (Runtime, (4.0, 298.0, 128.0, 40.0)),
        (Registry, (168.0, 298.0, 128.0, 40.0)),
    ],
    edges: &[
        (You, (150.0, 44.0), Api, (150.0, 76.0)),
        (Scheduler, (68.0, 150.0), Api, (120.0, 116.0)),
        (Controllers, (232.0, 150.0), Api, (180.0, 116.0)),
        (Api, (150.0, 116.0), Kubelet, (150.0, 224.0)),
        (Kubelet, (120.0, 264.0), Runtime, (68.0, 298.0)),
        (Kubelet, (180.0, 264.0), Registry, (232.0, 298.0)),
    ],
};

/// Where an event travels in the Kubernetes diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Along these boxes in order; the first one acted. Consecutive boxes share an arrow.
    Along(&'static [Part]),
    /// A (source, reason) this diagram does not know: every event is still an object stored
    /// by the API server, so it is shown there, without an arrow.
    Fallback,
}

impl Route {
    pub fn parts(self) -> &'static [Part] {
        match self {
            Route::Along(parts) => parts,
            Route::Fallback => &[Api],
        }
    }
}

/// The arrows an event travels, from the component that emitted it (`source`) and why
/// (`reason`), both typed by the core. Every pair the core emits has a route; any other pair
/// is [`Route::Fallback`].
pub fn route(source: Component, reason: Reason) -> Route {
    use Component as C;
    use Reason as R;
    let parts: &'static [Part] = match (source, reason) {
        (C::DefaultScheduler, R::Scheduled) => &[Scheduler, Api, Kubelet],
        (C::DefaultScheduler, R::FailedScheduling) => &[Scheduler, Api],
        (
            C::ReplicaSetController | C::StatefulSetController | C::DaemonSetController,
            R::SuccessfulCreate | R::SuccessfulDelete | R::FailedCreate,
        ) => &[Controllers, Api],
        (C::DeploymentController, R::ScalingReplicaSet) => &[Controllers, Api],
        (C::NodeController, R::NodeNotReady | R::RegisteredNode | R::RemovingNode) => {
            &[Controllers, Api]
        }
        (C::TaintEvictionController, R::TaintManagerEviction) => &[Controllers, Api, Kubelet],
        (C::DisruptionController, R::Evicted) => &[Controllers, Api, Kubelet],
        (C::Kubelet, R::Pulling) => &[Kubelet, Registry],
        // The image arrived (or was already on the node); a failed pull is the registry's answer.
        (C::Kubelet, R::Pulled | R::Failed) => &[Registry, Kubelet],
        (C::Kubelet, R::Created | R::Started | R::Killing) => &[Kubelet, Runtime],
        // The container exited or failed its probe: the runtime tells the kubelet, which waits.
        (C::Kubelet, R::BackOff | R::Unhealthy) => &[Runtime, Kubelet],
        // pullPolicy Never and no image: the kubelet reports it without asking the registry.
        (C::Kubelet, R::ErrImageNeverPull) => &[Kubelet, Api],
        // The node's own status (kubelet start, ready, cordoned or not).
        (C::Kubelet, R::Starting | R::NodeReady | R::NodeSchedulable | R::NodeNotSchedulable) => {
            &[Kubelet, Api]
        }
        // The kernel's OOM killer ended a container inside the runtime.
        (C::KernelMonitor, R::OOMKilling) => &[Runtime, Kubelet],
        // Amazon ECS's service scheduler: the control plane's controller for services.
        (C::EcsServiceScheduler, R::ServiceEvent) => &[Controllers, Api],
        // ECS deleted a drained cluster: the control plane's own record.
        (C::Ecs, R::ClusterDeleted) => &[Controllers, Api],
        _ => return Route::Fallback,
    };
    Route::Along(parts)
}

/// Commands the learner ran travel from "you / CI" to the API server.
pub const COMMAND_ROUTE: Route = Route::Along(&[You, Api]);

#[cfg(test)]
mod tests {
    use super::*;
    use sunaba_core::{MapFiles, World};

    /// Every (source, reason) the core emits (from `self.emit(` / `kubelet_event(` in
    /// crates/core/src: controllers.rs, kubelet.rs, world.rs, command.rs).
    const EMITTED: &[(Component, Reason)] = &[
        (Component::DefaultScheduler, Reason::Scheduled),
        (Component::DefaultScheduler, Reason::FailedScheduling),
        (Component::ReplicaSetController, Reason::SuccessfulCreate),
        (Component::ReplicaSetController, Reason::SuccessfulDelete),
        (Component::ReplicaSetController, Reason::FailedCreate),
        (Component::DeploymentController, Reason::ScalingReplicaSet),
        (Component::NodeController, Reason::NodeNotReady),
        (Component::NodeController, Reason::RegisteredNode),
        (Component::NodeController, Reason::RemovingNode),
        (
            Component::TaintEvictionController,
            Reason::TaintManagerEviction,
        ),
        (Component::DisruptionController, Reason::Evicted),
        (Component::Kubelet, Reason::Pulling),
        (Component::Kubelet, Reason::Pulled),
        (Component::Kubelet, Reason::Failed),
        (Component::Kubelet, Reason::BackOff),
        (Component::Kubelet, Reason::ErrImageNeverPull),
        (Component::Kubelet, Reason::Created),
        (Component::Kubelet, Reason::Started),
        (Component::Kubelet, Reason::Killing),
        (Component::Kubelet, Reason::Unhealthy),
        (Component::Kubelet, Reason::Starting),
        (Component::Kubelet, Reason::NodeReady),
        (Component::Kubelet, Reason::NodeSchedulable),
        (Component::Kubelet, Reason::NodeNotSchedulable),
        (Component::KernelMonitor, Reason::OOMKilling),
        (Component::EcsServiceScheduler, Reason::ServiceEvent),
        (Component::Ecs, Reason::ClusterDeleted),
    ];

    #[test]
    fn the_diagram_is_well_drawn() {
        super::super::diagram::tests::assert_well_drawn(&DIAGRAM);
    }

    #[test]
    fn every_reason_the_core_emits_has_a_route_along_real_arrows() {
        for &(source, reason) in EMITTED {
            let route = route(source, reason);
            let Route::Along(parts) = route else {
                panic!("{source}/{reason} falls back");
            };
            assert!(parts.len() >= 2, "{source}/{reason}: {parts:?}");
            assert!(
                DIAGRAM.can_draw(parts),
                "{source}/{reason}: no arrows for {parts:?}"
            );
        }
        assert_eq!(
            route(Component::Kubelet, Reason::Killing).parts(),
            &[Kubelet, Runtime]
        );
        assert_eq!(
            route(Component::Kubelet, Reason::BackOff).parts(),
            &[Runtime, Kubelet]
        );
        assert_eq!(
            route(Component::DefaultScheduler, Reason::Scheduled).parts(),
            &[Scheduler, Api, Kubelet]
        );
        assert_eq!(
            route(Component::Kubelet, Reason::Pulling).parts(),
            &[Kubelet, Registry]
        );
        assert_eq!(
            route(Component::NodeController, Reason::NodeNotReady).parts(),
            &[Controllers, Api]
        );
        assert!(DIAGRAM.can_draw(COMMAND_ROUTE.parts()));
    }

    #[test]
    fn unknown_events_fall_back_to_the_api_server() {
        // A pair the core never emits: a reason from the wrong component.
        assert_eq!(
            route(Component::Kubelet, Reason::Scheduled),
            Route::Fallback
        );
        assert_eq!(
            route(Component::DefaultScheduler, Reason::Killing),
            Route::Fallback
        );
        assert_eq!(Route::Fallback.parts(), &[Api]);
    }

    /// Drives a world through crashes, probes, bad images, scaling, rollouts, node failure,
    /// cordon, taints and drain; every event it emits must be known and routed.
    #[test]
    fn every_event_of_a_busy_scenario_is_routed() {
        let mut files = std::collections::BTreeMap::new();
        files.insert(
            "app.yaml".to_owned(),
            crate::example::DEFAULT_DEFINITION.to_owned(),
        );
        files.insert("probe.yaml".to_owned(), PROBE_POD.to_owned());
        files.insert("never.yaml".to_owned(), NEVER_POD.to_owned());
        files.insert("huge.yaml".to_owned(), HUGE_POD.to_owned());
        let files = MapFiles(files);
        let mut world = World::new(11);
        let mut seen = std::collections::BTreeSet::new();
        let mut check = |world: &mut World| {
            for e in world.drain_trace() {
                assert_ne!(
                    route(e.source, e.reason),
                    Route::Fallback,
                    "{}/{} ({})",
                    e.source,
                    e.reason,
                    e.message
                );
                assert!(
                    EMITTED.contains(&(e.source, e.reason)),
                    "add {}/{} to EMITTED",
                    e.source,
                    e.reason
                );
                seen.insert((e.source, e.reason));
            }
        };
        let mut step = |world: &mut World, line: &str, wait_ms: u64| {
            let result = sunaba_core::run(world, line, &files);
            assert!(result.is_ok(), "{line}: {result:?}");
            world.advance_by(wait_ms);
            check(world);
        };
        step(&mut world, "kubectl apply -f app.yaml", 90_000);
        // The same app on Amazon ECS: the service scheduler's events.
        step(
            &mut world,
            "sim side-by-side deployment/nginx-deployment",
            30_000,
        );
        let pods = world.cluster_view();
        let pod = pods
            .nodes
            .iter()
            .flat_map(|n| n.pods.iter())
            .map(|p| p.name.clone())
            .next()
            .expect("a running pod");
        step(&mut world, &format!("sim kill {pod}"), 30_000);
        step(&mut world, &format!("sim crash {pod}"), 5_000);
        step(&mut world, &format!("kubectl delete pod {pod}"), 60_000);
        step(
            &mut world,
            "kubectl scale deployment nginx-deployment --replicas=5",
            60_000,
        );
        step(
            &mut world,
            "kubectl set image deployment/nginx-deployment nginx=nginx:no-such-tag",
            120_000,
        );
        step(
            &mut world,
            "kubectl rollout undo deployment/nginx-deployment",
            60_000,
        );
        step(&mut world, "kubectl apply -f probe.yaml", 120_000);
        step(&mut world, "kubectl apply -f never.yaml", 30_000);
        step(&mut world, "kubectl apply -f huge.yaml", 10_000);
        step(&mut world, "sim add-node", 30_000);
        step(&mut world, "kubectl cordon node-1", 5_000);
        step(&mut world, "kubectl uncordon node-1", 5_000);
        step(&mut world, "sim fail-node node-2", 400_000);
        step(&mut world, "sim restore-node node-2", 60_000);
        step(
            &mut world,
            "kubectl taint nodes node-3 dedicated=x:NoExecute",
            60_000,
        );
        step(
            &mut world,
            "kubectl drain node-1 --ignore-daemonsets --force",
            60_000,
        );
        step(&mut world, "sim remove-node node-4", 30_000);
        // Only these need set-ups this scenario skips (the pod limit, a memory hog, an ECS
        // environment deleted).
        let skipped = [
            (Component::ReplicaSetController, Reason::FailedCreate),
            (Component::KernelMonitor, Reason::OOMKilling),
            (Component::Ecs, Reason::ClusterDeleted),
        ];
        for &(source, reason) in EMITTED {
            if !skipped.contains(&(source, reason)) {
                assert!(
                    seen.contains(&(source, reason)),
                    "the scenario should emit {source}/{reason}; saw {seen:?}"
                );
            }
        }
    }

    const PROBE_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: probed\nspec:\n  containers:\n  - name: web\n    image: nginx:1.14.2\n    livenessProbe:\n      httpGet:\n        path: /\n        port: 9999\n      periodSeconds: 5\n";
    const NEVER_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: never\nspec:\n  containers:\n  - name: c\n    image: redis:7\n    imagePullPolicy: Never\n";
    const HUGE_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n  containers:\n  - name: c\n    image: nginx:1.14.2\n    resources:\n      requests:\n        cpu: \"64\"\n";
}
