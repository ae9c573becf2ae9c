//! The ELBv2 API's operations: create, describe-side lookups, register and deregister, modify,
//! delete. Each checks everything first and changes the state only when it succeeds, with the
//! API's error codes and messages.

use super::{
    elb_error, hex16, Backend, ElbState, HealthCheck, Listener, LoadBalancer, Scheme, Target,
    TargetGroup, TargetReason, TargetState, TargetType, LISTENERS_MAX, LOAD_BALANCERS_MAX,
    TARGETS_MAX, TARGET_GROUPS_MAX,
};
use crate::base::command::CommandError;
use crate::input::model::Millis;
use crate::sim::kernel::Kernel;
use crate::sim::timer::Timer;

/// Where ARNs point: the account and Region of the caller.
#[derive(Clone, Debug)]
pub struct Place {
    pub account: String,
    pub region: String,
}

impl Place {
    fn arn(&self, resource: &str) -> String {
        format!(
            "arn:aws:elasticloadbalancing:{}:{}:{resource}",
            self.region, self.account
        )
    }
}

/// `create-load-balancer`'s input.
#[derive(Clone, Debug)]
pub struct NewLoadBalancer {
    pub name: String,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub scheme: Scheme,
}

/// `create-target-group`'s input.
#[derive(Clone, Debug)]
pub struct NewTargetGroup {
    pub name: String,
    pub protocol: String,
    pub port: u32,
    pub vpc_id: String,
    pub target_type: TargetType,
    pub health_check: HealthCheck,
}

/// A target to register, its address already resolved to what answers there.
#[derive(Clone, Debug)]
pub struct NewTarget {
    pub id: String,
    pub port: Option<u32>,
    pub zone: String,
    pub backend: Option<Backend>,
    pub task: Option<String>,
}

/// Load balancer and target group names: 1–32 alphanumerics or hyphens, no hyphen at either
/// end (a load balancer's may not start with `internal-`).
fn check_name(kind: &str, name: &str, op: &str) -> Result<(), CommandError> {
    let bad = |m: String| Err(elb_error("ValidationError", op, m));
    if name.is_empty() {
        return bad(format!("{kind} name cannot be empty"));
    }
    if name.len() > 32 {
        return bad(format!(
            "{kind} name '{name}' cannot be longer than '32' characters"
        ));
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return bad(format!(
            "{kind} name '{name}' can only contain characters that are alphanumeric characters or hyphens(-)"
        ));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return bad(format!("{kind} name '{name}' cannot begin or end with '-'"));
    }
    if kind == "Load balancer" && name.starts_with("internal-") {
        return bad(format!(
            "Load balancer name '{name}' cannot begin with 'internal-'"
        ));
    }
    Ok(())
}

/// Smithy's range error: `1 validation error detected: Value '3' at 'port' failed to satisfy
/// constraint: Member must have value greater than or equal to 1`.
fn range(value: u32, field: &str, lo: u32, hi: u32, op: &str) -> Result<(), CommandError> {
    let (bound, word) = if value < lo {
        (lo, "greater")
    } else if value > hi {
        (hi, "less")
    } else {
        return Ok(());
    };
    Err(elb_error(
        "ValidationError",
        op,
        format!("1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have value {word} than or equal to {bound}"),
    ))
}

impl ElbState {
    /// `create-load-balancer`: the same name with the same settings returns the one there is.
    pub fn create_load_balancer(
        &mut self,
        now_ms: Millis,
        place: &Place,
        input: NewLoadBalancer,
    ) -> Result<String, CommandError> {
        const OP: &str = "CreateLoadBalancer";
        check_name("Load balancer", &input.name, OP)?;
        if let Some(lb) = self.load_balancers.values().find(|l| l.name == input.name) {
            if lb.scheme == input.scheme && lb.subnets == input.subnets {
                return Ok(lb.arn.clone());
            }
            return Err(elb_error(
                "DuplicateLoadBalancerName",
                OP,
                format!(
                    "A load balancer with the same name '{}' exists, but with different settings",
                    input.name
                ),
            ));
        }
        if input.subnets.len() < 2 {
            return Err(elb_error(
                "ValidationError",
                OP,
                "At least two subnets in two different Availability Zones must be specified",
            ));
        }
        if self.load_balancers.len() >= LOAD_BALANCERS_MAX {
            return Err(elb_error(
                "TooManyLoadBalancers",
                OP,
                format!(
                    "The maximum number of load balancers ({LOAD_BALANCERS_MAX}) has been reached"
                ),
            ));
        }
        self.seq += 1;
        let hex = hex16("loadbalancer", &input.name, self.seq);
        let arn = place.arn(&format!("loadbalancer/app/{}/{hex}", input.name));
        let number = u32::from_str_radix(&hex[..8], 16).unwrap_or(0) % 900_000_000 + 100_000_000;
        let prefix = match input.scheme {
            Scheme::Internal => "internal-",
            Scheme::InternetFacing => "",
        };
        let lb = LoadBalancer {
            arn: arn.clone(),
            dns_name: format!(
                "{prefix}{}-{number}.{}.elb.amazonaws.com",
                input.name, place.region
            ),
            name: input.name,
            scheme: input.scheme,
            subnets: input.subnets,
            security_groups: input.security_groups,
            created_ms: now_ms,
        };
        self.load_balancers.insert(arn.clone(), lb);
        Ok(arn)
    }

    /// `create-target-group`: the same name with the same settings returns the one there is.
    pub fn create_target_group(
        &mut self,
        place: &Place,
        input: NewTargetGroup,
    ) -> Result<String, CommandError> {
        const OP: &str = "CreateTargetGroup";
        check_name("Target group", &input.name, OP)?;
        range(input.port, "port", 1, 65535, OP)?;
        check_health_check(&input.health_check, OP)?;
        if input.protocol != "HTTP" && input.protocol != "HTTPS" {
            return Err(elb_error(
                "ValidationError",
                OP,
                format!("Protocol '{}' is not supported by Sunaba's Application Load Balancer target groups (HTTP, HTTPS)", input.protocol),
            ));
        }
        if let Some(tg) = self.target_groups.values().find(|t| t.name == input.name) {
            if tg.port == input.port
                && tg.protocol == input.protocol
                && tg.target_type == input.target_type
                && tg.health_check == input.health_check
            {
                return Ok(tg.arn.clone());
            }
            return Err(elb_error(
                "DuplicateTargetGroupName",
                OP,
                format!(
                    "A target group with the same name '{}' exists, but with different settings",
                    input.name
                ),
            ));
        }
        if self.target_groups.len() >= TARGET_GROUPS_MAX {
            return Err(elb_error(
                "TooManyTargetGroups",
                OP,
                format!(
                    "The maximum number of target groups ({TARGET_GROUPS_MAX}) has been reached"
                ),
            ));
        }
        self.seq += 1;
        let hex = hex16("targetgroup", &input.name, self.seq);
        let arn = place.arn(&format!("targetgroup/{}/{hex}", input.name));
        self.target_groups.insert(
            arn.clone(),
            TargetGroup {
                arn: arn.clone(),
                name: input.name,
                protocol: input.protocol,
                port: input.port,
                vpc_id: input.vpc_id,
                target_type: input.target_type,
                health_check: input.health_check,
                deregistration_delay_s: super::DEREGISTRATION_DELAY_DEFAULT_S,
                targets: Vec::new(),
                check_scheduled: false,
            },
        );
        Ok(arn)
    }

    /// `create-listener` with one forward action.
    pub fn create_listener(
        &mut self,
        k: &mut Kernel,
        load_balancer_arn: &str,
        protocol: &str,
        port: u32,
        target_group_arn: &str,
    ) -> Result<String, CommandError> {
        const OP: &str = "CreateListener";
        range(port, "port", 1, 65535, OP)?;
        let Some(lb) = self.load_balancers.get(load_balancer_arn) else {
            return Err(elb_error(
                "LoadBalancerNotFound",
                OP,
                "One or more load balancers not found",
            ));
        };
        if !self.target_groups.contains_key(target_group_arn) {
            return Err(elb_error(
                "TargetGroupNotFound",
                OP,
                "One or more target groups not found",
            ));
        }
        if protocol != "HTTP" && protocol != "HTTPS" {
            return Err(elb_error(
                "ValidationError",
                OP,
                format!("Listener protocol '{protocol}' must be one of 'HTTPS, HTTP'"),
            ));
        }
        if protocol == "HTTPS" {
            return Err(elb_error(
                "CertificateNotFound",
                OP,
                "A certificate must be specified for HTTPS listeners",
            ));
        }
        let mine: Vec<&Listener> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == load_balancer_arn)
            .collect();
        if let Some(same) = mine.iter().find(|l| l.port == port) {
            if same.target_group_arn == target_group_arn && same.protocol == protocol {
                return Ok(same.arn.clone());
            }
            return Err(elb_error(
                "DuplicateListener",
                OP,
                "A listener already exists on this port for this load balancer",
            ));
        }
        if mine.len() >= LISTENERS_MAX {
            return Err(elb_error(
                "TooManyListeners",
                OP,
                format!("You've reached the limit on the number of listeners per load balancer ({LISTENERS_MAX})"),
            ));
        }
        // A target group forwards for one load balancer only.
        if self
            .load_balancers_of(target_group_arn)
            .iter()
            .any(|other| other != load_balancer_arn)
        {
            return Err(elb_error(
                "TargetGroupAssociationLimit",
                OP,
                format!("The following target groups cannot be associated with more than one load balancer: {target_group_arn}"),
            ));
        }
        let lb_rest = lb
            .arn
            .split_once(":loadbalancer/")
            .map_or("", |(_, r)| r)
            .to_string();
        let prefix = lb.arn.split_once(":loadbalancer/").map_or("", |(p, _)| p);
        self.seq += 1;
        let arn = format!(
            "{prefix}:listener/{lb_rest}/{}",
            hex16("listener", &lb_rest, self.seq)
        );
        self.listeners.insert(
            arn.clone(),
            Listener {
                arn: arn.clone(),
                load_balancer_arn: load_balancer_arn.to_string(),
                protocol: protocol.to_string(),
                port,
                target_group_arn: target_group_arn.to_string(),
            },
        );
        self.schedule_checks(k, target_group_arn);
        Ok(arn)
    }

    /// The target group `arn` names, or TargetGroupNotFound.
    pub fn target_group(&self, arn: &str, op: &str) -> Result<&TargetGroup, CommandError> {
        self.target_groups.get(arn).ok_or_else(|| {
            elb_error(
                "TargetGroupNotFound",
                op,
                "One or more target groups not found",
            )
        })
    }

    /// `register-targets`: new targets start `initial` (registration in progress); a target
    /// already registered stays as it is, a draining one is registered again.
    pub fn register_targets(
        &mut self,
        k: &mut Kernel,
        target_group_arn: &str,
        targets: Vec<NewTarget>,
        op: &str,
    ) -> Result<(), CommandError> {
        let tg = self.target_group(target_group_arn, op)?;
        let port_of = |t: &NewTarget| t.port.unwrap_or(tg.port);
        for t in &targets {
            range(port_of(t), "port", 1, 65535, op)?;
        }
        let new = targets
            .iter()
            .filter(|t| {
                !tg.targets
                    .iter()
                    .any(|o| o.id == t.id && o.port == port_of(t))
            })
            .count();
        if tg.targets.len() + new > TARGETS_MAX {
            return Err(elb_error(
                "TooManyTargets",
                op,
                format!("You've reached the limit on the number of targets per target group ({TARGETS_MAX})"),
            ));
        }
        let now = k.now_ms;
        let tg = self.target_groups.get_mut(target_group_arn).expect("found");
        for t in targets {
            let port = t.port.unwrap_or(tg.port);
            match tg
                .targets
                .iter_mut()
                .find(|o| o.id == t.id && o.port == port)
            {
                Some(o) if o.state == TargetState::Draining => {
                    *o = fresh_target(t, port, now);
                }
                Some(_) => {}
                None => tg.targets.push(fresh_target(t, port, now)),
            }
        }
        self.schedule_checks(k, target_group_arn);
        Ok(())
    }

    /// `deregister-targets`: each target drains for the group's deregistration delay, then is
    /// gone. Returns how many began draining.
    pub fn deregister_targets(
        &mut self,
        k: &mut Kernel,
        target_group_arn: &str,
        targets: &[(String, Option<u32>)],
        op: &str,
    ) -> Result<usize, CommandError> {
        let tg = self.target_group(target_group_arn, op)?;
        let default_port = tg.port;
        if let Some((id, _)) = targets.iter().find(|(id, port)| {
            !tg.targets
                .iter()
                .any(|o| o.id == *id && o.port == port.unwrap_or(default_port))
        }) {
            return Err(elb_error(
                "InvalidTarget",
                op,
                format!("The following targets are not registered in target group '{target_group_arn}': '{id}'"),
            ));
        }
        let now = k.now_ms;
        let tg = self.target_groups.get_mut(target_group_arn).expect("found");
        let delay_ms = Millis::from(tg.deregistration_delay_s) * 1000;
        let mut begun = 0;
        for (id, port) in targets {
            let port = port.unwrap_or(default_port);
            if let Some(o) = tg
                .targets
                .iter_mut()
                .find(|o| o.id == *id && o.port == port && o.state != TargetState::Draining)
            {
                o.state = TargetState::Draining;
                o.reason = Some(TargetReason::DeregistrationInProgress);
                o.draining_until_ms = Some(now + delay_ms);
                begun += 1;
                k.set_timer(
                    now + delay_ms,
                    Timer::ElbDrained {
                        target_group: target_group_arn.to_string(),
                        target: id.clone(),
                        port,
                    },
                );
            }
        }
        Ok(begun)
    }

    /// `Timer::ElbDrained`: the target's deregistration delay is over. Returns whether it went.
    pub(crate) fn drained(&mut self, now_ms: Millis, tg: &str, id: &str, port: u32) -> bool {
        let Some(tg) = self.target_groups.get_mut(tg) else {
            return false;
        };
        let before = tg.targets.len();
        tg.targets.retain(|t| {
            !(t.id == id
                && t.port == port
                && t.draining_until_ms.is_some_and(|until| until <= now_ms))
        });
        tg.targets.len() != before
    }

    /// `modify-target-group-attributes`: `deregistration_delay.timeout_seconds` (0–3600) is
    /// simulated; the others are checked and kept at their defaults.
    pub fn modify_target_group_attributes(
        &mut self,
        target_group_arn: &str,
        attributes: &[(String, String)],
    ) -> Result<(), CommandError> {
        const OP: &str = "ModifyTargetGroupAttributes";
        self.target_group(target_group_arn, OP)?;
        let mut delay = None;
        for (key, value) in attributes {
            match key.as_str() {
                "deregistration_delay.timeout_seconds" => {
                    let v: u32 = value.parse().ok().filter(|v| *v <= 3600).ok_or_else(|| {
                        elb_error(
                            "ValidationError",
                            OP,
                            format!("'{value}' must be an integer between 0 and 3600"),
                        )
                    })?;
                    delay = Some(v);
                }
                "stickiness.enabled" if value == "false" => {}
                "load_balancing.algorithm.type" if value == "round_robin" => {}
                "slow_start.duration_seconds" if value == "0" => {}
                other if ATTRIBUTES.iter().any(|(k, _)| *k == other) => {
                    return Err(elb_error(
                        "ValidationError",
                        OP,
                        format!(
                            "Sunaba keeps attribute '{other}' at '{}'",
                            attribute_default(other)
                        ),
                    ))
                }
                other => {
                    return Err(elb_error(
                        "ValidationError",
                        OP,
                        format!("Target group attribute key '{other}' is not recognized"),
                    ))
                }
            }
        }
        if let (Some(d), Some(tg)) = (delay, self.target_groups.get_mut(target_group_arn)) {
            tg.deregistration_delay_s = d;
        }
        Ok(())
    }

    /// `modify-target-group`: new health-check settings. Targets keep their state; the next
    /// checks judge them by the new settings (a fixed path turns unhealthy targets healthy
    /// after `healthy_threshold` passing checks).
    pub fn modify_target_group(
        &mut self,
        target_group_arn: &str,
        health_check: HealthCheck,
    ) -> Result<(), CommandError> {
        const OP: &str = "ModifyTargetGroup";
        self.target_group(target_group_arn, OP)?;
        check_health_check(&health_check, OP)?;
        if let Some(tg) = self.target_groups.get_mut(target_group_arn) {
            tg.health_check = health_check;
        }
        Ok(())
    }

    /// `describe-target-group-attributes`: (key, value), in the API's order.
    pub fn target_group_attributes(&self, tg: &TargetGroup) -> Vec<(String, String)> {
        ATTRIBUTES
            .iter()
            .map(|(k, v)| {
                let value = match *k {
                    "deregistration_delay.timeout_seconds" => tg.deregistration_delay_s.to_string(),
                    _ => v.to_string(),
                };
                (k.to_string(), value)
            })
            .collect()
    }

    /// `delete-listener`.
    pub fn delete_listener(&mut self, arn: &str) -> Result<(), CommandError> {
        match self.listeners.remove(arn) {
            Some(_) => Ok(()),
            None => Err(elb_error(
                "ListenerNotFound",
                "DeleteListener",
                "One or more listeners not found",
            )),
        }
    }

    /// `delete-target-group`: refused while a listener forwards to it (an ECS service using
    /// it is checked by the caller, which knows the services).
    pub fn delete_target_group(&mut self, arn: &str) -> Result<(), CommandError> {
        const OP: &str = "DeleteTargetGroup";
        self.target_group(arn, OP)?;
        if self.in_use(arn) {
            return Err(resource_in_use(arn));
        }
        self.target_groups.remove(arn);
        Ok(())
    }

    /// `delete-load-balancer`: its listeners go with it; deleting one that is not there
    /// succeeds, as the API's does.
    pub fn delete_load_balancer(&mut self, arn: &str) -> Result<(), CommandError> {
        if !arn.contains(":loadbalancer/") {
            return Err(elb_error(
                "ValidationError",
                "DeleteLoadBalancer",
                format!("'{arn}' is not a valid load balancer ARN"),
            ));
        }
        self.load_balancers.remove(arn);
        self.listeners.retain(|_, l| l.load_balancer_arn != arn);
        self.flows.remove(arn);
        Ok(())
    }

    /// Starts the group's round of health checks when a load balancer uses it and it has
    /// targets to check (one timer per group, every interval).
    pub(crate) fn schedule_checks(&mut self, k: &mut Kernel, target_group_arn: &str) {
        let in_use = self.in_use(target_group_arn);
        let Some(tg) = self.target_groups.get_mut(target_group_arn) else {
            return;
        };
        if in_use && !tg.check_scheduled && !tg.targets.is_empty() {
            tg.check_scheduled = true;
            let at = k.now_ms + Millis::from(tg.health_check.interval_s) * 1000;
            k.set_timer(
                at,
                Timer::ElbHealthCheck {
                    target_group: target_group_arn.to_string(),
                },
            );
        }
    }
}

/// ResourceInUse for a target group.
/// A health check's settings as the API bounds them (create and modify alike).
fn check_health_check(hc: &HealthCheck, op: &str) -> Result<(), CommandError> {
    range(hc.interval_s, "healthCheckIntervalSeconds", 5, 300, op)?;
    range(hc.timeout_s, "healthCheckTimeoutSeconds", 2, 120, op)?;
    range(hc.healthy_threshold, "healthyThresholdCount", 2, 10, op)?;
    range(hc.unhealthy_threshold, "unhealthyThresholdCount", 2, 10, op)?;
    if let Some(p) = hc.port {
        range(p, "healthCheckPort", 1, 65535, op)?;
    }
    if hc.timeout_s >= hc.interval_s {
        return Err(elb_error(
            "ValidationError",
            op,
            "Health check interval must be greater than the timeout.",
        ));
    }
    if !hc.path.starts_with('/') || hc.path.len() > 1024 {
        return Err(elb_error(
                "ValidationError",
                op,
                "Health check path must begin with a '/' character, and can be at most 1024 characters in length",
            ));
    }
    if !valid_matcher(&hc.matcher) {
        return Err(elb_error(
            "ValidationError",
            op,
            format!(
                "Health check matcher HTTP code '{}' must be within '200-499' range",
                hc.matcher
            ),
        ));
    }
    Ok(())
}

pub fn resource_in_use(arn: &str) -> CommandError {
    elb_error(
        "ResourceInUse",
        "DeleteTargetGroup",
        format!("Target group '{arn}' is currently in use by a listener or a rule"),
    )
}

fn fresh_target(t: NewTarget, port: u32, now: Millis) -> Target {
    Target {
        id: t.id,
        port,
        zone: t.zone,
        backend: t.backend,
        state: TargetState::Initial,
        reason: Some(TargetReason::RegistrationInProgress),
        successes: 0,
        failures: 0,
        checks: 0,
        registered_ms: now,
        draining_until_ms: None,
        task: t.task,
    }
}

/// `200`, `200,202`, `200-299`: codes from 200 to 499.
fn valid_matcher(m: &str) -> bool {
    let ok = |s: &str| {
        s.trim()
            .parse::<u16>()
            .is_ok_and(|c| (200..=499).contains(&c))
    };
    !m.is_empty()
        && m.split(',').all(|part| match part.split_once('-') {
            Some((lo, hi)) => ok(lo) && ok(hi),
            None => ok(part),
        })
}

/// The attributes of an Application Load Balancer's target group and their defaults.
const ATTRIBUTES: &[(&str, &str)] = &[
    ("stickiness.enabled", "false"),
    ("deregistration_delay.timeout_seconds", "300"),
    ("stickiness.type", "lb_cookie"),
    ("stickiness.lb_cookie.duration_seconds", "86400"),
    ("slow_start.duration_seconds", "0"),
    ("load_balancing.algorithm.type", "round_robin"),
];

fn attribute_default(key: &str) -> &'static str {
    ATTRIBUTES
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matchers_accept_codes_lists_and_ranges_within_200_to_499() {
        assert!(valid_matcher("200"));
        assert!(valid_matcher("200,202"));
        assert!(valid_matcher("200-299"));
        assert!(!valid_matcher("500"));
        assert!(!valid_matcher("abc"));
        let hc = HealthCheck {
            matcher: "200-299".into(),
            ..HealthCheck::default()
        };
        assert!(hc.matches(204) && !hc.matches(404));
    }

    #[test]
    fn names_follow_the_apis_rules() {
        assert!(check_name("Target group", "web-tg", "Op").is_ok());
        let e = check_name("Target group", "web_tg", "Op").unwrap_err();
        assert!(
            e.message.contains("alphanumeric characters or hyphens(-)"),
            "{}",
            e.message
        );
        assert!(check_name("Target group", "-web", "Op").is_err());
        assert!(check_name("Target group", &"a".repeat(33), "Op").is_err());
    }
}
