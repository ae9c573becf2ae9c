//! Requests through a load balancer: `sim traffic LOAD_BALANCER RATE` sends a steady rate,
//! one tick per second. Each second's requests go round-robin over the targets the load
//! balancer routed to as of the previous tick (its view of target health takes about a second
//! to reach every node): the healthy targets of the target group its listener forwards to, or
//! every registered target that is not draining when none is healthy (an Application Load
//! Balancer fails open). No target at all is a 503 for every request; a target whose app does
//! not answer is a 502. Samples are the same [`TrafficSample`]s Services get.

use std::collections::VecDeque;

use super::{Backend, ElbState, LoadBalancerState, TargetState};
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeAgent;
use crate::sim::outside::Outside;
use crate::sim::timer::Timer;
use crate::sim::traffic::{keep_sample, pod_answers, report_line, TrafficSample, TICK_MS};

/// Requests sent to one load balancer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LbFlow {
    pub rate_per_s: u32,
    /// The targets routed to, as of the last tick; `None` entries never answer.
    routed: Vec<Option<Backend>>,
    next: usize,
    pub samples: VecDeque<TrafficSample>,
}

impl ElbState {
    /// `sim traffic LOAD_BALANCER RATE`: start, change or (with 0) stop a flow.
    pub(crate) fn set_traffic(&mut self, k: &mut Kernel, lb_arn: &str, rate_per_s: u32) {
        let start = !self.flows.contains_key(lb_arn);
        let routed = self.routable(lb_arn, k);
        let flow = self.flows.get_or_default(lb_arn.to_string());
        flow.rate_per_s = rate_per_s;
        if start {
            flow.routed = routed;
            k.set_timer(
                k.now_ms + TICK_MS,
                Timer::ElbTrafficTick {
                    load_balancer: lb_arn.to_string(),
                },
            );
        }
    }

    /// The targets requests go to now: the listener's target group's healthy targets, else
    /// (failing open) every registered one that is not draining.
    fn routable(&self, lb_arn: &str, k: &Kernel) -> Vec<Option<Backend>> {
        let active = self
            .load_balancers
            .get(lb_arn)
            .is_some_and(|lb| lb.state(k.now_ms) == LoadBalancerState::Active);
        if !active {
            return Vec::new();
        }
        let mut listeners: Vec<(u32, &str)> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == lb_arn)
            .map(|l| (l.port, l.target_group_arn.as_str()))
            .collect();
        crate::base::sort::sort(&mut listeners);
        let Some(tg) = listeners
            .first()
            .and_then(|(_, tg)| self.target_groups.get(*tg))
        else {
            return Vec::new();
        };
        let healthy: Vec<Option<Backend>> = tg
            .targets
            .iter()
            .filter(|t| t.state == TargetState::Healthy)
            .map(|t| t.backend)
            .collect();
        if !healthy.is_empty() {
            return healthy;
        }
        tg.targets
            .iter()
            .filter(|t| t.state != TargetState::Draining)
            .map(|t| t.backend)
            .collect()
    }

    /// `Timer::ElbTrafficTick`: one second of a flow.
    pub(crate) fn traffic_tick(
        &mut self,
        k: &mut Kernel,
        agents: &[NodeAgent],
        out: &dyn Outside,
        lb_arn: &str,
    ) {
        let gone = !self.load_balancers.contains_key(lb_arn);
        let Some(flow) = self.flows.get(lb_arn) else {
            return;
        };
        let rate = flow.rate_per_s;
        if rate == 0 || gone {
            self.flows.remove(lb_arn);
            return;
        }
        let fresh = self.routable(lb_arn, k);
        let Some(flow) = self.flows.get_mut(lb_arn) else {
            return;
        };
        let answers: Vec<Option<u32>> = flow
            .routed
            .iter()
            .map(|b| b.and_then(|b| pod_answers(k, agents, out, b.pod)))
            .collect();
        let (mut errors, mut latency_sum) = (0u32, 0u64);
        if answers.is_empty() {
            errors = rate; // 503: no target to send to
        } else {
            for _ in 0..rate {
                let at = flow.next % answers.len();
                flow.next = flow.next.wrapping_add(1);
                match answers[at] {
                    Some(ms) => latency_sum += u64::from(ms),
                    None => errors += 1, // 502: the target did not answer
                }
            }
        }
        let sample =
            TrafficSample::of_second(k.now_ms, rate, errors, latency_sum, answers.len() as u32, 0);
        flow.routed = fresh;
        keep_sample(&mut flow.samples, sample);
        k.set_timer(
            k.now_ms + TICK_MS,
            Timer::ElbTrafficTick {
                load_balancer: lb_arn.to_string(),
            },
        );
    }

    /// The rate sent to a load balancer (0 without a flow).
    pub fn traffic_rate(&self, lb_arn: &str) -> u32 {
        self.flows.get(lb_arn).map_or(0, |f| f.rate_per_s)
    }
}

impl ElbState {
    /// `sim traffic`'s lines for load balancers over the last minute.
    pub(crate) fn traffic_report(&self) -> String {
        let mut out = String::new();
        for (arn, f) in &self.flows {
            let name = self
                .load_balancers
                .get(arn)
                .map_or(arn.as_str(), |l| &l.name);
            out.push_str(&report_line(
                &format!("loadbalancer/{name}"),
                f.rate_per_s,
                &f.samples,
            ));
        }
        out
    }

    /// Samples per load balancer (`loadbalancer/NAME`), oldest first.
    pub fn traffic_samples(&self) -> Vec<(String, Vec<TrafficSample>)> {
        self.flows
            .iter()
            .map(|(arn, f)| {
                let name = self
                    .load_balancers
                    .get(arn)
                    .map_or(arn.as_str(), |l| &l.name);
                (
                    format!("loadbalancer/{name}"),
                    f.samples.iter().cloned().collect(),
                )
            })
            .collect()
    }
}
