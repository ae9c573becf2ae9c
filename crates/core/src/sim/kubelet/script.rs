//! A shell container's script on virtual time: started with the container, woken only when
//! something of it is due (a log line, an answer given in advance to check, its exit), its
//! exit handed to the usual exit path. The script itself is the runtime's
//! ([`crate::sim::runtime::script::ScriptRun`]); the world it asks is [`ClusterNet`].

use super::MAX_LOG_LINES;
use crate::input::model::Container;
use crate::sim::in_pod::{self, ClusterNet};
use crate::sim::kubelet::Kubelet;
use crate::sim::registry::{ImageInfo, Program};
use crate::sim::runtime::script::ScriptRun;
use crate::sim::runtime::shell::Context;
use crate::sim::store::{ContainerState, PodId};
use crate::sim::timer::Timer;

impl Kubelet<'_> {
    /// Container `i` (instance `instance`, just started) runs `script`.
    pub(super) fn start_script(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        spec: &Container,
        info: &ImageInfo,
        script: String,
    ) {
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        let services = in_pod::service_env(&self.k.store, &pod.meta.namespace, now);
        let seen = match info.config.as_deref() {
            Some(config) => crate::sim::runtime::with_image_config(config, spec),
            None => spec.clone(),
        };
        let ctx = Context {
            env: in_pod::process_env(Some(info), &pod.meta.name, &seen, &services),
            files: in_pod::pod_files(pod),
            start_ms: now,
            old_nslookup: old_busybox(info),
            has_curl: info.version.contains("curl"),
        };
        let mut net = ClusterNet {
            store: &self.k.store,
            namespace: pod.meta.namespace.clone(),
        };
        let (run, due) = ScriptRun::start(script, ctx, now, &mut net);
        self.after_script(id, i, instance, run, due);
    }

    /// A script's wake-up: what is due now.
    pub(crate) fn script_wake(&mut self, id: PodId, i: usize, instance: u64) {
        let now = self.k.now_ms;
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        let c = &pod.status.containers[i];
        if !matches!(c.state, ContainerState::Running { .. }) || !c.alive {
            return;
        }
        let Some(mut run) = c.script.clone() else {
            return;
        };
        if run.wake_ms != Some(now) {
            return; // an older wake-up, replaced by a later plan
        }
        let mut net = ClusterNet {
            store: &self.k.store,
            namespace: pod.meta.namespace.clone(),
        };
        let due = run.wake(now, &mut net);
        self.after_script(id, i, instance, *run, due);
    }

    /// Records the script, writes its due lines, and sets its next wake-up or ends it.
    fn after_script(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        run: ScriptRun,
        due: crate::sim::runtime::script::Due,
    ) {
        let now = self.k.now_ms;
        let wake = run.wake_ms;
        let Some(pod) = self.k.store.pod_mut(id) else {
            return;
        };
        let c = &mut pod.status.containers[i];
        c.logs.extend(due.lines);
        // A long-running script keeps its newest lines, as a rotated log does.
        if c.logs.len() > MAX_LOG_LINES {
            let extra = c.logs.len() - MAX_LOG_LINES;
            c.logs.drain(..extra);
        }
        c.script = Some(Box::new(run));
        if let Some(code) = due.exit {
            self.k.set_timer(
                now,
                Timer::ContainerStop {
                    pod: id,
                    container: i,
                    instance,
                    oom: false,
                    exit_code: code,
                },
            );
        } else if let Some(at) = wake {
            self.k.set_timer(
                at,
                Timer::ScriptWake {
                    pod: id,
                    container: i,
                    instance,
                },
            );
        }
    }
}

/// busybox before 1.29 (and busyboxplus) prints nslookup in the old layout.
fn old_busybox(info: &ImageInfo) -> bool {
    if info.program != Program::Busybox {
        return false;
    }
    let v = info.version.as_ref();
    if v.contains("curl") {
        return true;
    }
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    matches!((parts.next(), parts.next()), (Some(1), Some(minor)) if minor < 29)
}
