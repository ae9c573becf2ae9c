//! Graceful deletion of a pod: SIGTERM to every running container (after its `preStop`
//! hook), SIGKILL at the grace period's end, and the pod removed once all have stopped.

use crate::input::model::Millis;
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::Reason;
use crate::sim::events::EventType;
use crate::sim::kubelet::Kubelet;
use crate::sim::registry::ImageRef;
use crate::sim::store::PodId;
use crate::sim::timer::Timer;

impl Kubelet<'_> {
    /// Starts graceful deletion (the pod shows `Terminating`), or removes it at once when
    /// `grace_ms` is `Some(0)` with force.
    pub(crate) fn delete_pod_gracefully(&mut self, id: PodId, grace_ms: Option<Millis>) {
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pod_mut(id) else {
            return;
        };
        if pod.meta.deletion_ms.is_some() {
            return;
        }
        pod.meta.deletion_ms = Some(now);
        let grace = grace_ms.unwrap_or(pod.spec.termination_grace_period_seconds * 1000);
        if let Some(o) = &pod.meta.owner {
            self.k
                .dirty_replicasets
                .insert((pod.meta.namespace.clone(), o.name.clone()));
        }
        self.terminate(id, grace);
    }
    /// Graceful deletion: SIGTERM every running container, SIGKILL at the grace period's end.
    pub(crate) fn terminate(&mut self, id: PodId, grace_ms: Millis) {
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        if pod.spec.node_name.is_none() {
            self.k.remove_pod(id);
            return;
        }
        if !self.agent_up_for(id) {
            return; // nobody on the node to confirm: stays Terminating until the node returns
        }
        let uid = pod.meta.uid.clone();
        let owner = pod.meta.owner.as_ref().map(|o| o.name.clone());
        let mut done_after: Millis = 0;
        let mut killing = Vec::new();
        let mut term_logs = Vec::new();
        for (i, (spec, st)) in pod
            .spec
            .containers
            .iter()
            .zip(&pod.status.containers)
            .enumerate()
        {
            if !st.alive {
                continue;
            }
            killing.push(spec.name.clone());
            let behaviour = self
                .out
                .image(&ImageRef::parse(&spec.image))
                .map(|info| self.out.behaviour(info, spec));
            // preStop runs first and counts against the grace period; then SIGTERM.
            let hook_ms = spec.pre_stop.as_ref().map_or(0, |h| h.duration_ms());
            let stop_ms = behaviour
                .as_ref()
                .and_then(|b| b.sigterm_ms)
                .map_or(grace_ms, |t| hook_ms.saturating_add(t))
                .min(grace_ms);
            if let Some(b) = behaviour {
                term_logs.push((i, b.sigterm_logs(now)));
            }
            done_after = done_after.max(stop_ms);
        }
        for name in killing {
            self.event_with(
                id,
                EventType::Normal,
                Reason::Killing,
                format!("Stopping container {name}"),
                EventFacts::Stopping {
                    container: name,
                    grace_ms,
                    owner: owner.clone(),
                },
            );
        }
        if let Some(p) = self.k.store.pod_mut(id) {
            for (i, lines) in term_logs {
                p.status.containers[i].logs.extend(lines);
            }
            for c in &mut p.status.containers {
                c.instance += 1; // no restarts, no planned exits, no start any more
                c.starting = None;
                c.back_off_until_ms = None;
                c.ready = false;
            }
        }
        self.k
            .set_timer(now + done_after, Timer::PodTerminated { pod: id, uid });
    }

    pub(crate) fn pod_terminated(&mut self, id: PodId, uid: &str) {
        if self
            .k
            .store
            .pods
            .get(&id)
            .is_some_and(|p| p.meta.uid == uid)
            && self.agent_up_for(id)
        {
            self.k.remove_pod(id);
        }
    }
}
