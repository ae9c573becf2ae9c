//! Elastic Load Balancing v2 (Application Load Balancers): load balancers, listeners, target
//! groups and their targets, the health checks the load balancer runs against each target
//! ([`health`]) and the requests it forwards ([`traffic`]).
//!
//! ELB owns its state ([`ElbState`]); the operations the `aws elbv2` commands call live in
//! [`api`] and change it only when they succeed (every check comes first). A target is what
//! answers on an address: an ECS task's container (registered by the ECS service scheduler,
//! or by hand when an address names one) — health checks and requests reach it through the
//! same app model the kubelet's probes and Service traffic use. Errors are the AWS CLI's:
//! `An error occurred (TargetGroupNotFound) when calling the DescribeTargetHealth operation:
//! One or more target groups not found`.
//!
//! Layer 3, **elb** (below `ecs`, which registers its tasks here): may import
//! [`crate::base`], [`crate::input`] and [`crate::sim`].

pub mod api;
pub mod health;
pub mod traffic;
mod view;

use crate::base::command::CommandError;
use crate::base::object_map::ObjectMap;
use crate::input::model::Millis;
use crate::sim::store::PodId;

/// Load balancers per account and Region (the real quota is 50).
pub const LOAD_BALANCERS_MAX: usize = 20;
/// Target groups (the real quota is 3,000; a playground needs far fewer).
pub const TARGET_GROUPS_MAX: usize = 50;
/// Listeners per load balancer (the real quota is 50).
pub const LISTENERS_MAX: usize = 10;
/// Targets per target group (the real quota is 1,000 per target group).
pub const TARGETS_MAX: usize = 1_000;
/// An application load balancer is `provisioning` this long after it is created.
pub const PROVISION_MS: Millis = 30_000;
/// `deregistration_delay.timeout_seconds` when not modified.
pub const DEREGISTRATION_DELAY_DEFAULT_S: u32 = 300;

/// An Application Load Balancer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancer {
    pub arn: String,
    pub name: String,
    pub dns_name: String,
    pub scheme: Scheme,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    pub created_ms: Millis,
}

impl LoadBalancer {
    /// `provisioning` for [`PROVISION_MS`], then `active`.
    pub fn state(&self, now_ms: Millis) -> LoadBalancerState {
        if now_ms >= self.created_ms + PROVISION_MS {
            LoadBalancerState::Active
        } else {
            LoadBalancerState::Provisioning
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    InternetFacing,
    Internal,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::InternetFacing => "internet-facing",
            Scheme::Internal => "internal",
        }
    }
}

pub use crate::sim::elb_status::{LoadBalancerState, TargetState};

/// A listener: a port of a load balancer forwarding to one target group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listener {
    pub arn: String,
    pub load_balancer_arn: String,
    pub protocol: String,
    pub port: u32,
    pub target_group_arn: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetType {
    Instance,
    Ip,
}

impl TargetType {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Instance => "instance",
            TargetType::Ip => "ip",
        }
    }
}

/// How the load balancer checks a target group's targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheck {
    pub protocol: String,
    /// `None`: `traffic-port`, the port each target was registered with.
    pub port: Option<u32>,
    pub path: String,
    pub interval_s: u32,
    pub timeout_s: u32,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    /// `HttpCode`: `200`, `200,202`, `200-299`.
    pub matcher: String,
}

impl Default for HealthCheck {
    /// The defaults of an HTTP target group of an Application Load Balancer.
    fn default() -> Self {
        HealthCheck {
            protocol: "HTTP".into(),
            port: None,
            path: "/".into(),
            interval_s: 30,
            timeout_s: 5,
            healthy_threshold: 5,
            unhealthy_threshold: 2,
            matcher: "200".into(),
        }
    }
}

impl HealthCheck {
    /// Whether `code` is one the matcher accepts.
    pub fn matches(&self, code: u16) -> bool {
        self.matcher
            .split(',')
            .any(|part| match part.split_once('-') {
                Some((lo, hi)) => match (lo.trim().parse::<u16>(), hi.trim().parse::<u16>()) {
                    (Ok(lo), Ok(hi)) => (lo..=hi).contains(&code),
                    _ => false,
                },
                None => part.trim().parse::<u16>() == Ok(code),
            })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub protocol: String,
    pub port: u32,
    pub vpc_id: String,
    pub target_type: TargetType,
    pub health_check: HealthCheck,
    pub deregistration_delay_s: u32,
    /// Registered targets (draining ones included), in registration order.
    pub targets: Vec<Target>,
    /// A health-check round is due (one timer per group at a time).
    pub(crate) check_scheduled: bool,
}

/// What answers on a target's address: a task's pod and the container port.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backend {
    pub pod: PodId,
    pub container_port: u16,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// An instance id (`i-0…`) or an IP address.
    pub id: String,
    pub port: u32,
    pub zone: String,
    pub backend: Option<Backend>,
    pub state: TargetState,
    pub reason: Option<TargetReason>,
    /// Consecutive successful / failed checks.
    pub successes: u32,
    pub failures: u32,
    /// Checks made since registration (the first one ends RegistrationInProgress).
    pub checks: u32,
    pub registered_ms: Millis,
    /// While draining: when it is gone.
    pub draining_until_ms: Option<Millis>,
    /// The ECS task that registered it, if one did.
    pub task: Option<String>,
}

/// `TargetHealth.Reason`, with what the last failed check saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetReason {
    RegistrationInProgress,
    InitialHealthChecking,
    /// The HTTP code the target answered.
    ResponseCodeMismatch(u16),
    Timeout,
    FailedHealthChecks,
    DeregistrationInProgress,
    NotRegistered,
    NotInUse,
}

impl TargetReason {
    pub fn code(self) -> &'static str {
        match self {
            TargetReason::RegistrationInProgress => "Elb.RegistrationInProgress",
            TargetReason::InitialHealthChecking => "Elb.InitialHealthChecking",
            TargetReason::ResponseCodeMismatch(_) => "Target.ResponseCodeMismatch",
            TargetReason::Timeout => "Target.Timeout",
            TargetReason::FailedHealthChecks => "Target.FailedHealthChecks",
            TargetReason::DeregistrationInProgress => "Target.DeregistrationInProgress",
            TargetReason::NotRegistered => "Target.NotRegistered",
            TargetReason::NotInUse => "Target.NotInUse",
        }
    }

    /// `TargetHealth.Description`, as the API words it.
    pub fn description(self) -> String {
        match self {
            TargetReason::RegistrationInProgress => "Target registration is in progress".into(),
            TargetReason::InitialHealthChecking => "Initial health checks in progress".into(),
            TargetReason::ResponseCodeMismatch(code) => {
                format!("Health checks failed with these codes: [{code}]")
            }
            TargetReason::Timeout => "Request timed out".into(),
            TargetReason::FailedHealthChecks => "Health checks failed".into(),
            TargetReason::DeregistrationInProgress => "Target deregistration is in progress".into(),
            TargetReason::NotRegistered => "Target is not registered to the target group".into(),
            TargetReason::NotInUse => {
                "Target group is not configured to receive traffic from the load balancer".into()
            }
        }
    }
}

/// Everything ELB holds, by ARN.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ElbState {
    pub load_balancers: ObjectMap<String, LoadBalancer>,
    pub target_groups: ObjectMap<String, TargetGroup>,
    pub listeners: ObjectMap<String, Listener>,
    /// Requests sent to load balancers (`sim traffic LOAD_BALANCER RATE`), by load balancer ARN.
    pub flows: ObjectMap<String, traffic::LbFlow>,
    /// Creation counter: every ARN's id is drawn from it.
    pub(crate) seq: u64,
}

impl ElbState {
    /// Whether a load balancer forwards to this target group (a listener names it).
    pub fn in_use(&self, target_group_arn: &str) -> bool {
        self.listeners
            .values()
            .any(|l| l.target_group_arn == target_group_arn)
    }

    /// The load balancers whose listeners forward to the target group.
    pub fn load_balancers_of(&self, target_group_arn: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in self.listeners.values() {
            if l.target_group_arn == target_group_arn && !out.contains(&l.load_balancer_arn) {
                out.push(l.load_balancer_arn.clone());
            }
        }
        out
    }

    /// The load balancer a name or an ARN means.
    pub fn find_load_balancer(&self, name_or_arn: &str) -> Option<&LoadBalancer> {
        self.load_balancers
            .get(name_or_arn)
            .or_else(|| self.load_balancers.values().find(|l| l.name == name_or_arn))
    }

    /// The registered targets an ECS task holds: (target group ARN, target id, port).
    pub fn targets_of_task(&self, task: &str) -> Vec<(String, String, u32)> {
        let mut out = Vec::new();
        for tg in self.target_groups.values() {
            for t in &tg.targets {
                if t.task.as_deref() == Some(task) {
                    out.push((tg.arn.clone(), t.id.clone(), t.port));
                }
            }
        }
        out
    }
}

/// An ELB error as the AWS CLI prints it.
pub fn elb_error(code: &str, operation: &str, message: impl AsRef<str>) -> CommandError {
    CommandError::new(format!(
        "An error occurred ({code}) when calling the {operation} operation: {}",
        message.as_ref()
    ))
}

/// 16 hex digits for the `seq`-th object named `name`: the same on every run.
pub(crate) fn hex16(kind: &str, name: &str, seq: u64) -> String {
    let a = crate::base::rng::fnv32a(format!("{kind}/{name}/{seq}").as_bytes());
    let b = crate::base::rng::fnv32a(format!("{seq}/{name}/{kind}/elb").as_bytes());
    format!("{a:08x}{b:08x}")
}
