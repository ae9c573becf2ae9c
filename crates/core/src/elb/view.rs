//! ELB's part of the ECS view: load balancers with their listeners, target groups with each
//! target's health, as the shells draw them.

use super::{ElbState, TargetState};
use crate::input::model::Millis;
use crate::sim::view::{ListenerView, LoadBalancerView, TargetGroupView, TargetView};

impl ElbState {
    /// The load balancers (by ARN) with their listeners (by port).
    pub fn load_balancers_view(&self, now_ms: Millis) -> Vec<LoadBalancerView> {
        self.load_balancers
            .values()
            .map(|lb| {
                let mut listeners: Vec<ListenerView> = self
                    .listeners
                    .values()
                    .filter(|l| l.load_balancer_arn == lb.arn)
                    .map(|l| ListenerView {
                        protocol: l.protocol.clone(),
                        port: l.port,
                        target_group: self
                            .target_groups
                            .get(&l.target_group_arn)
                            .map_or_else(String::new, |t| t.name.clone()),
                    })
                    .collect();
                listeners.sort_by_key(|l| l.port);
                LoadBalancerView {
                    name: lb.name.clone(),
                    arn: lb.arn.clone(),
                    dns_name: lb.dns_name.clone(),
                    state: lb.state(now_ms),
                    listeners,
                    traffic_rate: self.traffic_rate(&lb.arn),
                }
            })
            .collect()
    }

    /// The target groups (by ARN) with their targets; `services` names the ECS services
    /// registering in each; `now_ms` counts down each draining target's delay.
    pub fn target_groups_view(
        &self,
        now_ms: Millis,
        services: &dyn Fn(&str) -> Vec<String>,
    ) -> Vec<TargetGroupView> {
        self.target_groups
            .values()
            .map(|tg| {
                let in_use = self.in_use(&tg.arn);
                TargetGroupView {
                    name: tg.name.clone(),
                    arn: tg.arn.clone(),
                    protocol: tg.protocol.clone(),
                    port: tg.port,
                    target_type: tg.target_type.as_str().to_string(),
                    health_check_path: tg.health_check.path.clone(),
                    health_check_interval_s: tg.health_check.interval_s,
                    healthy_threshold: tg.health_check.healthy_threshold,
                    unhealthy_threshold: tg.health_check.unhealthy_threshold,
                    deregistration_delay_s: tg.deregistration_delay_s,
                    load_balancers: self
                        .load_balancers_of(&tg.arn)
                        .iter()
                        .filter_map(|a| self.load_balancers.get(a).map(|l| l.name.clone()))
                        .collect(),
                    services: services(&tg.arn),
                    targets: tg
                        .targets
                        .iter()
                        .map(|t| {
                            // As describe-target-health says it: unused while no load
                            // balancer forwards to the group.
                            let (state, reason) = match t.state {
                                TargetState::Draining => (t.state, t.reason),
                                _ if !in_use => {
                                    (TargetState::Unused, Some(super::TargetReason::NotInUse))
                                }
                                _ => (t.state, t.reason),
                            };
                            TargetView {
                                id: t.id.clone(),
                                port: t.port,
                                task: t.task.clone(),
                                state,
                                reason: reason.map(|r| r.code().to_string()),
                                description: reason.map(|r| r.description()),
                                draining_remaining_ms: t
                                    .draining_until_ms
                                    .filter(|_| t.state == TargetState::Draining)
                                    .map(|until| until.saturating_sub(now_ms)),
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
