//! What a click on a pod or a node can do, as command lines of the core's language.
//!
//! Pure functions of the views: the menu shows each command beneath its label, so learners see
//! the `kubectl` / `sim` line a click runs, and the app runs exactly that line. Nothing here
//! touches the world.

use sunaba_core::sim::pod_status::StatusKind;
use sunaba_core::sim::view::{NodeView, PodView};

/// One entry of an action menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuItem {
    /// Suffix of the entry's `data-testid` (`pod-action-kill`, `node-action-drain`).
    pub id: &'static str,
    pub kind: ActionKind,
    /// The full command line the entry runs.
    pub command: String,
}

/// The actions, closed: each has one label per language (see `ClusterText`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Kill,
    /// `sim crash POD --exit-code CODE`.
    Crash(u8),
    DeletePod,
    DescribePod,
    Logs,
    LogsPrevious,
    FailNode,
    RestoreNode,
    RemoveNode,
    Cordon,
    Uncordon,
    Drain,
    DescribeNode,
    /// ECS: `aws ecs stop-task`.
    StopTask,
    /// ECS: `aws ecs describe-tasks`.
    DescribeTask,
    /// ECS: `aws ecs update-container-instances-state … DRAINING|ACTIVE`.
    DrainInstance,
    ActivateInstance,
    /// `sim explain pod/NAME`: the scheduler's decisions for the pod.
    WhyHere,
}

/// Exit codes offered by "Crash": 1 (the app's own error) and 143 (SIGTERM); 137 is "Kill".
pub const CRASH_EXIT_CODES: [u8; 2] = [1, 143];

/// ` -n NS` for a pod outside `default`, else nothing (kubectl's default namespace).
fn ns_flag(pod: &PodView) -> String {
    namespace_flag(&pod.namespace)
}

/// ` -n NS` outside the default namespace (kubectl's), else nothing; for any command line.
pub fn namespace_flag(namespace: &str) -> String {
    if namespace.is_empty() || namespace == "default" {
        String::new()
    } else {
        format!(" -n {namespace}")
    }
}

/// The actions offered for a pod. Kill and crash only while it is `Running` (the core refuses
/// them for a container that is not running); logs once it is bound to a node.
pub fn pod_actions(pod: &PodView) -> Vec<MenuItem> {
    if sunaba_core::ecs::task::is_task_namespace(&pod.namespace) {
        return task_actions(
            &pod.name,
            pod.kind == StatusKind::Running && !pod.terminating,
        );
    }
    let name = &pod.name;
    let ns = ns_flag(pod);
    let mut items = Vec::new();
    if pod.node.is_some() && !pod.terminating && pod.kind == StatusKind::Running {
        items.push(MenuItem {
            id: "kill",
            kind: ActionKind::Kill,
            command: format!("sim kill {name}{ns}"),
        });
        for code in CRASH_EXIT_CODES {
            items.push(MenuItem {
                id: if code == 1 { "crash-1" } else { "crash-143" },
                kind: ActionKind::Crash(code),
                command: format!("sim crash {name}{ns} --exit-code {code}"),
            });
        }
    }
    items.push(MenuItem {
        id: "describe",
        kind: ActionKind::DescribePod,
        command: format!("kubectl describe pod {name}{ns}"),
    });
    items.push(MenuItem {
        id: "why-here",
        kind: ActionKind::WhyHere,
        command: format!("sim explain pod/{name}{ns}"),
    });
    if pod.node.is_some() {
        items.push(MenuItem {
            id: "logs",
            kind: ActionKind::Logs,
            command: format!("kubectl logs {name}{ns}"),
        });
        if pod.restarts > 0 {
            items.push(MenuItem {
                id: "logs-previous",
                kind: ActionKind::LogsPrevious,
                command: format!("kubectl logs {name}{ns} --previous"),
            });
        }
    }
    items.push(MenuItem {
        id: "delete",
        kind: ActionKind::DeletePod,
        command: format!("kubectl delete pod {name}{ns}"),
    });
    items
}

/// The actions offered for an ECS task (its containers run as a pod in the task namespace):
/// ECS's own commands, plus the `sim` faults.
pub fn task_actions(id: &str, running: bool) -> Vec<MenuItem> {
    let mut items = Vec::new();
    if running {
        items.push(MenuItem {
            id: "kill",
            kind: ActionKind::Kill,
            command: format!("sim kill task/{id}"),
        });
        items.push(MenuItem {
            id: "crash-1",
            kind: ActionKind::Crash(1),
            command: format!("sim crash task/{id} --exit-code 1"),
        });
    }
    items.push(MenuItem {
        id: "describe-task",
        kind: ActionKind::DescribeTask,
        command: format!("aws ecs describe-tasks --tasks {id}"),
    });
    items.push(MenuItem {
        id: "stop-task",
        kind: ActionKind::StopTask,
        command: format!("aws ecs stop-task --task {id}"),
    });
    items
}

/// Whether `kubectl get nodes` shows the node cordoned.
pub fn is_cordoned(node: &NodeView) -> bool {
    node.unschedulable
}

/// The actions offered for a node. Fail and restore are both offered: a failed node still
/// reads `Ready` until the node controller's grace period ends, and the core answers a
/// pointless one with an error worth reading.
pub fn node_actions(node: &NodeView) -> Vec<MenuItem> {
    let name = &node.name;
    let mut items = vec![MenuItem {
        id: "describe",
        kind: ActionKind::DescribeNode,
        command: format!("kubectl describe node {name}"),
    }];
    if is_cordoned(node) {
        items.push(MenuItem {
            id: "uncordon",
            kind: ActionKind::Uncordon,
            command: format!("kubectl uncordon {name}"),
        });
    } else {
        items.push(MenuItem {
            id: "cordon",
            kind: ActionKind::Cordon,
            command: format!("kubectl cordon {name}"),
        });
    }
    items.push(MenuItem {
        id: "drain",
        kind: ActionKind::Drain,
        command: format!("kubectl drain {name} --ignore-daemonsets"),
    });
    items.push(MenuItem {
        id: "fail",
        kind: ActionKind::FailNode,
        command: format!("sim fail-node {name}"),
    });
    items.push(MenuItem {
        id: "restore",
        kind: ActionKind::RestoreNode,
        command: format!("sim restore-node {name}"),
    });
    items.push(MenuItem {
        id: "remove",
        kind: ActionKind::RemoveNode,
        command: format!("sim remove-node {name}"),
    });
    items
}

/// The "Add node" button's command: one more node like the default ones, in the next zone.
pub const ADD_NODE_COMMAND: &str = "sim add-node";

#[cfg(test)]
mod tests {
    use super::*;

    pub fn pod(name: &str, ns: &str, node: Option<&str>, restarts: u32) -> PodView {
        PodView {
            namespace: ns.to_owned(),
            name: name.to_owned(),
            status: "Running".to_owned(),
            kind: StatusKind::Running,
            ready: "1/1".to_owned(),
            all_ready: true,
            restarts,
            node: node.map(str::to_owned),
            reason: None,
            back_off_until_ms: None,
            pull_progress_ms: None,
            terminating: false,
        }
    }

    fn commands(items: &[MenuItem]) -> Vec<(&str, &str)> {
        items.iter().map(|i| (i.id, i.command.as_str())).collect()
    }

    #[test]
    fn a_running_pod_offers_container_actions_with_their_exact_commands() {
        let items = pod_actions(&pod("web-1", "default", Some("node-1"), 0));
        assert_eq!(
            commands(&items),
            [
                ("kill", "sim kill web-1"),
                ("crash-1", "sim crash web-1 --exit-code 1"),
                ("crash-143", "sim crash web-1 --exit-code 143"),
                ("describe", "kubectl describe pod web-1"),
                ("why-here", "sim explain pod/web-1"),
                ("logs", "kubectl logs web-1"),
                ("delete", "kubectl delete pod web-1"),
            ]
        );
    }

    #[test]
    fn a_restarted_pod_in_another_namespace_offers_previous_logs_with_its_namespace() {
        let items = pod_actions(&pod("api-0", "shop", Some("node-2"), 2));
        let cmds = commands(&items);
        assert!(cmds.contains(&("logs-previous", "kubectl logs api-0 -n shop --previous")));
        assert!(cmds.contains(&("kill", "sim kill api-0 -n shop")));
        assert!(cmds.iter().all(|(_, c)| c.contains("-n shop")), "{cmds:?}");
    }

    #[test]
    fn a_pending_pod_offers_no_container_actions() {
        let items = pod_actions(&pod("big", "default", None, 0));
        assert_eq!(
            commands(&items),
            [
                ("describe", "kubectl describe pod big"),
                ("why-here", "sim explain pod/big"),
                ("delete", "kubectl delete pod big"),
            ]
        );
    }

    #[test]
    fn a_node_offers_cordon_or_uncordon_by_its_status() {
        let mut node = NodeView {
            name: "node-3".to_owned(),
            status: "Ready".to_owned(),
            ready: true,
            unschedulable: false,
            cpu_allocatable_milli: 2000,
            cpu_requested_milli: 0,
            memory_allocatable_bytes: 1 << 32,
            memory_requested_bytes: 0,
            pods: Vec::new(),
        };
        let cmds: Vec<String> = node_actions(&node).into_iter().map(|i| i.command).collect();
        assert_eq!(
            cmds,
            [
                "kubectl describe node node-3",
                "kubectl cordon node-3",
                "kubectl drain node-3 --ignore-daemonsets",
                "sim fail-node node-3",
                "sim restore-node node-3",
                "sim remove-node node-3",
            ]
        );
        node.status = "Ready,SchedulingDisabled".to_owned();
        node.unschedulable = true;
        let ids: Vec<&str> = node_actions(&node).iter().map(|i| i.id).collect();
        assert!(
            ids.contains(&"uncordon") && !ids.contains(&"cordon"),
            "{ids:?}"
        );
    }

    #[test]
    fn the_core_accepts_every_offered_command() {
        use sunaba_core::{MapFiles, World};
        let yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\n  namespace: shop\nspec:\n  containers:\n  - name: web\n    image: nginx:1.14.2\n";
        let files = MapFiles(
            [("a.yaml".to_owned(), yaml.to_owned())]
                .into_iter()
                .collect(),
        );
        let mut world = World::new(7);
        sunaba_core::run(&mut world, "sim nodes 2", &files).expect("nodes");
        sunaba_core::run(&mut world, "kubectl apply -f a.yaml", &files).expect("apply");
        world.advance_by(120_000);
        let view = world.cluster_view();
        let node = view
            .nodes
            .iter()
            .find(|n| !n.pods.is_empty())
            .expect("a node runs solo");
        let solo = node.pods[0].clone();
        for item in pod_actions(&solo).into_iter().filter(|i| i.id != "delete") {
            sunaba_core::run(&mut world, &item.command, &files)
                .unwrap_or_else(|e| panic!("{}: {}", item.command, e.message));
            world.advance_by(120_000);
        }
        let solo = world
            .cluster_view()
            .nodes
            .into_iter()
            .flat_map(|n| n.pods)
            .find(|p| p.name == "solo")
            .expect("solo");
        assert!(solo.restarts > 0);
        let previous = pod_actions(&solo)
            .into_iter()
            .find(|i| i.id == "logs-previous")
            .expect("previous logs offered");
        sunaba_core::run(&mut world, &previous.command, &files)
            .unwrap_or_else(|e| panic!("{}", e.message));
        let delete = pod_actions(&solo)
            .into_iter()
            .find(|i| i.id == "delete")
            .expect("delete");
        sunaba_core::run(&mut world, &delete.command, &files)
            .unwrap_or_else(|e| panic!("{}", e.message));
        // Fail before restore: restoring a node that has not failed is (rightly) an error.
        for item in node_actions(node) {
            sunaba_core::run(&mut world, &item.command, &files)
                .unwrap_or_else(|e| panic!("{}: {}", item.command, e.message));
        }
        let before = world.node_names().len();
        sunaba_core::run(&mut world, ADD_NODE_COMMAND, &files).expect("add node");
        assert_eq!(world.node_names().len(), before + 1);
    }
}
