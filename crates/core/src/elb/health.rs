//! The load balancer's health checks: every `interval` each target group a listener uses
//! sends one HTTP GET of its health-check path to each registered target (draining ones
//! excepted). The answer comes from the app model the kubelet's probes use
//! ([`crate::sim::runtime::Behaviour::http_get`]); `healthy threshold` successes in a row make
//! a target healthy, `unhealthy threshold` failures unhealthy, with the reason the last check
//! saw. Rounds are timers on the virtual clock, one per group.

use super::{Backend, ElbState, TargetReason, TargetState};
use crate::input::model::Millis;
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeAgent;
use crate::sim::outside::Outside;
use crate::sim::registry::ImageRef;
use crate::sim::runtime::HttpReply;
use crate::sim::store::ContainerState;
use crate::sim::timer::Timer;

/// What one check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckResult {
    Passed,
    Failed(TargetReason),
}

/// GET `path` on what a target's address reaches: its task's container listening on the port.
pub(crate) fn check_backend(
    k: &Kernel,
    agents: &[NodeAgent],
    out: &dyn Outside,
    backend: Option<Backend>,
    path: &str,
    matches: &dyn Fn(u16) -> bool,
) -> CheckResult {
    let failed = CheckResult::Failed(TargetReason::FailedHealthChecks);
    let Some(b) = backend else {
        return CheckResult::Failed(TargetReason::Timeout);
    };
    let Some(pod) = k.store.pods.get(&b.pod) else {
        return failed;
    };
    let node_up = pod
        .spec
        .node_name
        .as_ref()
        .and_then(|n| k.machine(n))
        .is_some_and(|i| agents[i].up);
    if !node_up {
        // An instance that is gone answers nothing at all.
        return CheckResult::Failed(TargetReason::Timeout);
    }
    let found = pod
        .spec
        .containers
        .iter()
        .zip(&pod.status.containers)
        .skip(pod.spec.init_count)
        .find(|(spec, _)| {
            spec.ports
                .iter()
                .any(|p| p.container_port == b.container_port)
        });
    let Some((spec, st)) = found else {
        return failed;
    };
    let ContainerState::Running { started_ms } = st.state else {
        return failed;
    };
    if !st.alive {
        return failed;
    }
    let Some(info) = out.image(&ImageRef::parse(&spec.image)) else {
        return failed;
    };
    let behaviour = out.behaviour(info, spec);
    // After SIGTERM a graceful app stops accepting connections.
    if pod.meta.deletion_ms.is_some() && behaviour.sigterm_ms.is_some() {
        return failed;
    }
    match behaviour.http_get(path, b.container_port, k.now_ms - started_ms) {
        HttpReply::Status(code) if matches(code) => CheckResult::Passed,
        HttpReply::Status(code) => CheckResult::Failed(TargetReason::ResponseCodeMismatch(code)),
        HttpReply::Timeout => CheckResult::Failed(TargetReason::Timeout),
        HttpReply::Refused | HttpReply::Malformed => failed,
    }
}

impl ElbState {
    /// `Timer::ElbHealthCheck`: one round of checks of a target group, and the next round.
    /// Returns whether a target's state changed.
    pub(crate) fn health_check_round(
        &mut self,
        k: &mut Kernel,
        agents: &[NodeAgent],
        out: &dyn Outside,
        target_group_arn: &str,
    ) -> bool {
        let in_use = self.in_use(target_group_arn);
        let Some(tg) = self.target_groups.get_mut(target_group_arn) else {
            return false;
        };
        tg.check_scheduled = false;
        if !in_use || tg.targets.is_empty() {
            return false;
        }
        let hc = tg.health_check.clone();
        let matches = |code: u16| hc.matches(code);
        let mut changed = false;
        for t in tg.targets.iter_mut() {
            if t.state == TargetState::Draining {
                continue;
            }
            let before = (t.state, t.reason);
            t.checks += 1;
            match check_backend(k, agents, out, t.backend, &hc.path, &matches) {
                CheckResult::Passed => {
                    t.successes += 1;
                    t.failures = 0;
                    if t.state != TargetState::Healthy && t.successes >= hc.healthy_threshold {
                        t.state = TargetState::Healthy;
                        t.reason = None;
                    } else if t.state == TargetState::Initial {
                        t.reason = Some(TargetReason::InitialHealthChecking);
                    }
                }
                CheckResult::Failed(reason) => {
                    t.failures += 1;
                    t.successes = 0;
                    if t.state == TargetState::Unhealthy || t.failures >= hc.unhealthy_threshold {
                        t.state = TargetState::Unhealthy;
                        t.reason = Some(reason);
                    } else if t.state == TargetState::Initial {
                        t.reason = Some(TargetReason::InitialHealthChecking);
                    }
                }
            }
            changed |= before != (t.state, t.reason);
        }
        tg.check_scheduled = true;
        let at = k.now_ms + Millis::from(hc.interval_s) * 1000;
        k.set_timer(
            at,
            Timer::ElbHealthCheck {
                target_group: target_group_arn.to_string(),
            },
        );
        changed
    }
}
