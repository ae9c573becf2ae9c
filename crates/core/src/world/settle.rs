//! Time and the settle loop: due timers fire in (time, sequence) order; after each command or
//! timer the world settles — controllers reconcile, the scheduler places pods, ECS reconciles —
//! until nothing is left to do at that instant; the invariant checker then runs in debug builds.

use crate::input::model::Millis;
use crate::sim::kubelet::Kubelet;
use crate::sim::timer::Timer;

/// Upper bound on reconcile/schedule steps at one instant (a runaway loop is a bug, not a hang).
const MAX_SETTLE_STEPS: usize = 2_000_000;

use crate::world::World;

impl World {
    /// Advances virtual time to `t_ms`, firing every timer due on the way, in order.
    pub fn advance_to(&mut self, t_ms: Millis) {
        while let Some(timer) = self.k.pop_due_timer(t_ms) {
            self.fire(timer);
            self.settle();
        }
        self.k.now_ms = self.k.now_ms.max(t_ms);
        // The other clusters run on the same clock (they share nothing a timer touches).
        for w in self.member_clusters_mut() {
            w.advance_to(t_ms);
        }
    }

    pub fn advance_by(&mut self, ms: Millis) {
        self.advance_to(self.k.now_ms.saturating_add(ms));
    }

    /// When the next timer is due (for "step to next event"), if any.
    pub fn next_wakeup_ms(&self) -> Option<Millis> {
        let own = self.k.next_timer_ms();
        self.member_clusters()
            .filter_map(|(_, w)| w.next_wakeup_ms())
            .chain(own)
            .min()
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::PullDone {
                pod,
                container,
                instance,
                ok,
                requested_ms,
                pull_ms,
            } => self
                .kubelet()
                .pull_done(pod, container, instance, ok, requested_ms, pull_ms),
            Timer::ShowPullBackOff {
                pod,
                container,
                instance,
            } => self.kubelet().show_pull_back_off(pod, container, instance),
            Timer::PullRetry {
                pod,
                container,
                instance,
            } => self.kubelet().pull_retry(pod, container, instance),
            Timer::ContainerStop {
                pod,
                container,
                instance,
                oom,
                exit_code,
            } => self
                .kubelet()
                .container_stopped(pod, container, instance, oom, exit_code),
            Timer::Restart {
                pod,
                container,
                instance,
            } => self.kubelet().restart(pod, container, instance),
            Timer::PodTerminated { pod, uid } => self.kubelet().pod_terminated(pod, &uid),
            Timer::NodeGrace { node, epoch } => self.kubelet().node_grace_expired(node, epoch),
            Timer::NodeEviction { node, epoch } => self.kubelet().node_eviction_due(node, epoch),
            Timer::Probe {
                pod,
                container,
                instance,
                kind,
            } => self.kubelet().probe(pod, container, instance, kind),
            Timer::ProbeKillDone {
                pod,
                container,
                instance,
                exit_code,
            } => self
                .kubelet()
                .probe_kill_done(pod, container, instance, exit_code),
            Timer::TrafficTick { namespace, name } => {
                self.traffic
                    .tick(&mut self.k, &self.agents, &self.multi, (namespace, name))
            }
            Timer::SyncDeployment { namespace, name } => {
                self.k.dirty_deployments.insert((namespace, name));
            }
            Timer::SyncReplicaSet { namespace, name } => {
                self.k.dirty_replicasets.insert((namespace, name));
            }
            Timer::EcsAdmit { pod, node, uid } => self.ecs_engine().admit(pod, node, &uid),
            Timer::EcsWake => self.k.ecs_wake = true,
            Timer::SyncJob { namespace, name } => {
                self.k.dirty_jobs.insert((namespace, name));
            }
            Timer::SyncCronJob { namespace, name } => {
                self.k.dirty_cronjobs.insert((namespace, name));
            }
            Timer::ScriptWake {
                pod,
                container,
                instance,
            } => self.kubelet().script_wake(pod, container, instance),
            Timer::SandboxReady { pod, uid } => self.kubelet().sandbox_ready(pod, &uid),
            Timer::ContainerStarted {
                pod,
                container,
                instance,
            } => self.kubelet().container_started(pod, container, instance),
            Timer::ElbHealthCheck { target_group } => {
                if self.ecs.elb.health_check_round(
                    &mut self.k,
                    &self.agents,
                    &self.multi,
                    &target_group,
                ) {
                    self.k.ecs_wake = true;
                }
            }
            Timer::ElbDrained {
                target_group,
                target,
                port,
            } => {
                if self
                    .ecs
                    .elb
                    .drained(self.k.now_ms, &target_group, &target, port)
                {
                    self.k.ecs_wake = true;
                }
            }
            Timer::ElbTrafficTick { load_balancer } => {
                self.ecs
                    .elb
                    .traffic_tick(&mut self.k, &self.agents, &self.multi, &load_balancer)
            }
        }
    }

    /// Runs controllers and the scheduler until nothing is left to do at this instant. In debug
    /// builds (every test, native and in the browser) the invariant checker then runs, so a
    /// broken property fails at the step that broke it.
    pub(crate) fn settle(&mut self) {
        for _ in 0..MAX_SETTLE_STEPS {
            if let Some(key) = self.k.dirty_deployments.pop_first() {
                self.controllers().reconcile_deployment(&key);
            } else if let Some(key) = self.k.dirty_replicasets.pop_first() {
                // The kubelet marks a pod's owner by name: a Job's pods wake their Job.
                if self.k.store.jobs.contains_key(&key) {
                    self.k.dirty_jobs.insert(key.clone());
                }
                self.controllers().reconcile_replicaset(&key);
                // Kubelets wake a pod's owner by name: it may be a StatefulSet or DaemonSet.
                self.controllers().wake_apps_owner(&key);
            } else if let Some(key) = self.k.dirty_jobs.pop_first() {
                self.controllers().reconcile_job(&key);
            } else if let Some(key) = self.k.dirty_cronjobs.pop_first() {
                self.controllers().reconcile_cronjob(&key);
            } else if let Some(key) = self.k.dirty_statefulsets.pop_first() {
                self.controllers().reconcile_statefulset(&key);
            } else if let Some(key) = self.k.dirty_daemonsets.pop_first() {
                self.controllers().reconcile_daemonset(&key);
            } else if let Some((_, pod)) = self.k.sched_queue.pop_first() {
                let (agents, out) = (&mut self.agents, &self.multi);
                self.scheduling
                    .schedule_pod(&mut self.k, pod, |k, id, node| {
                        Kubelet { agents, k, out }.bind(id, node);
                    });
            } else if !self.ecs_engine().reconcile() && !self.controllers().daemonsets_see_nodes() {
                break;
            }
        }
        #[cfg(debug_assertions)]
        if let Err(broken) = self.check_invariants() {
            panic!(
                "invariant broken at {} ms (seed {}): {broken}",
                self.k.now_ms, self.k.seed
            );
        }
    }
}
