//! Admitting a pod bound to this node: its status set up, then its init containers run one
//! at a time, in order (sidecars once started), and the app containers begin together.

use crate::input::model::Millis;
use crate::sim::kubelet::Kubelet;
use crate::sim::store::{ContainerState, ContainerStatus, PodId};

/// How long the runtime takes to make a pod's sandbox before its containers begin.
const SANDBOX_MS: Millis = 1_000;

impl Kubelet<'_> {
    /// Binds a pod to a node: the node's requested resources grow ([`Kernel::reserve`]) and
    /// its kubelet admits the pod.
    ///
    /// [`Kernel::reserve`]: crate::sim::kernel::Kernel::reserve
    pub(crate) fn bind(&mut self, id: PodId, node: usize) {
        self.k.reserve(id, node);
        self.admit(id, node);
    }

    /// A pod was bound to `node`: set up its status and start pulling images.
    pub(crate) fn admit(&mut self, id: PodId, node: usize) {
        let now = self.k.now_ms;
        let host_ip = self.agents[node].ip.clone();
        let pod_ip = self.agents[node].allocate_pod_ip();
        let up = self.agents[node].up;
        let Some(pod) = self.k.store.pod_mut(id) else {
            return;
        };
        pod.status.host_ip = Some(host_ip);
        pod.status.start_ms = Some(now);
        pod.status.sandbox_ready = false;
        // With init containers, everything waits as `PodInitializing` until its turn.
        let first_reason = if pod.spec.init_count > 0 {
            "PodInitializing"
        } else {
            "ContainerCreating"
        };
        pod.status.containers = pod
            .spec
            .containers
            .iter()
            .map(|c| ContainerStatus {
                name: c.name.clone(),
                image: c.image.clone(),
                state: ContainerState::Waiting {
                    reason: first_reason.into(),
                    message: None,
                },
                last_state: None,
                ready: false,
                restart_count: 0,
                instance: 0,
                back_off_ms: 0,
                pull_back_off_ms: 0,
                back_off_until_ms: None,
                pulling: None,
                logs: Vec::new(),
                previous_logs: None,
                alive: false,
                started: false,
                probe_successes: [0; 3],
                probe_failures: [0; 3],
                script: None,
                starting: None,
            })
            .collect();
        if !up {
            return; // a dead kubelet admits nothing; the pod waits for the node to come back
        }
        pod.status.pod_ip = Some(pod_ip);
        if crate::sim::ecs_status::is_task_namespace(&pod.meta.namespace) {
            // The ECS agent's own steps (ENI, PROVISIONING, PENDING) took their time already.
            pod.status.sandbox_ready = true;
            self.begin_containers(id);
            return;
        }
        // The runtime first makes the pod's sandbox (network namespace, pause container):
        // about a second before the first image is pulled, as on a real node.
        let uid = pod.meta.uid.clone();
        self.k.set_timer(
            now + SANDBOX_MS,
            crate::sim::timer::Timer::SandboxReady { pod: id, uid },
        );
    }

    /// `Timer::SandboxReady`: the pod (still the one admitted, not deleted, its node up)
    /// begins its containers.
    pub(crate) fn sandbox_ready(&mut self, id: PodId, uid: &str) {
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        if pod.meta.uid != uid || pod.meta.deletion_ms.is_some() {
            return;
        }
        let up = self.node_of(id).is_some_and(|n| self.agents[n].up);
        if up {
            if let Some(p) = self.k.store.pod_mut(id) {
                p.status.sandbox_ready = true;
            }
            self.begin_containers(id);
        }
    }

    /// Pulls and starts the app containers, or the first init container.
    fn begin_containers(&mut self, id: PodId) {
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        if pod.spec.init_count == 0 {
            let n = pod.spec.containers.len();
            for i in 0..n {
                self.ensure_image(id, i);
            }
        } else {
            self.advance_init(id);
        }
    }

    /// Init containers run one at a time, in order: the first one not done yet begins (a
    /// regular one is done when it exited 0, a sidecar once it started); when all are done,
    /// the app containers begin together. Only containers still waiting as `PodInitializing`
    /// are begun, so calling this again never starts anything twice.
    pub(crate) fn advance_init(&mut self, id: PodId) {
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        if pod.meta.deletion_ms.is_some()
            || pod.status.containers.len() != pod.spec.containers.len()
        {
            return;
        }
        let not_begun = |i: usize| {
            let st = &pod.status.containers[i];
            st.pulling.is_none()
                && st.starting.is_none()
                && matches!(&st.state, ContainerState::Waiting { reason, .. } if reason == "PodInitializing")
        };
        let k = pod.spec.init_count;
        let mut begin = Vec::new();
        let pending_init = (0..k).find(|&i| {
            let st = &pod.status.containers[i];
            let done = if pod.spec.containers[i].sidecar {
                st.alive && st.started
            } else {
                matches!(st.state, ContainerState::Terminated { exit_code: 0, .. })
            };
            !done
        });
        match pending_init {
            Some(i) if not_begun(i) => begin.push(i),
            Some(_) => {}
            None => begin.extend((k..pod.spec.containers.len()).filter(|&i| not_begun(i))),
        }
        for i in begin {
            // App containers now wait as `ContainerCreating`; an init container keeps
            // `PodInitializing` while its image comes (kubectl prints `Init:N/M` meanwhile).
            if i >= k {
                if let Some(p) = self.k.store.pod_mut(id) {
                    p.status.containers[i].state = ContainerState::Waiting {
                        reason: "ContainerCreating".into(),
                        message: None,
                    };
                }
            }
            self.ensure_image(id, i);
        }
    }
}
