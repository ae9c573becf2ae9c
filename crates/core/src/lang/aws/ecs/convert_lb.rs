//! The load balancer of a Deployment's ECS twin: when a Kubernetes Service selects the
//! Deployment's pods, `sim side-by-side` puts the ECS service behind an Application Load
//! Balancer (`NAME-alb`, listener on port 80) forwarding to a target group (`NAME-tg`), so the
//! same requests can be sent to both (`sim traffic SVC RATE`, `sim traffic NAME-alb RATE`).
//!
//! What a person would carry over by hand:
//! - the readiness probe's `httpGet` → the target group's health check: the path,
//!   `periodSeconds` → interval (5–300 s), `timeoutSeconds` → timeout (2–120 s, below the
//!   interval), `successThreshold` → healthy threshold (at least 2), `failureThreshold` →
//!   unhealthy threshold (2–10), 200–399 as the matcher (what the kubelet counts as success);
//!   without one, the target group's defaults (GET / every 30 s): a target group always checks;
//! - `initialDelaySeconds` → `healthCheckGracePeriodSeconds` (a default when there is none:
//!   readiness never stops a pod, an unhealthy target gets its task replaced);
//! - the `preStop` sleep (within `terminationGracePeriodSeconds`) → the deregistration delay:
//!   both are how long the old copy keeps answering after it stops getting new requests.
//!
//! Every value that differs from the Kubernetes one is said in the notes, with why.

use crate::base::command::CommandError;
use crate::elb::api::{NewLoadBalancer, NewTargetGroup};
use crate::elb::{HealthCheck, Scheme, TargetType};
use crate::input::definitions::ecs::NetworkMode;
use crate::input::model::{Container, PortRef, ProbeHandler};
use crate::lang::aws::elbv2::place;
use crate::sim::store::Deployment;
use crate::world::view::service_reaching;
use crate::world::World;

/// The subnets the twin's load balancer spans (an ALB needs two Availability Zones).
pub const TWIN_SUBNETS: [&str; 2] = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"];
/// The listener's port: where a browser sends requests.
pub const LISTENER_PORT: u32 = 80;
/// `healthCheckGracePeriodSeconds` when the readiness probe has no `initialDelaySeconds`.
pub const GRACE_PERIOD_DEFAULT_S: u32 = 60;
/// The largest deregistration delay the API accepts.
const DEREGISTRATION_DELAY_MAX_S: u32 = 3_600;
/// ELB names: at most 32 characters.
const ELB_NAME_MAX: usize = 32;

/// The load balancer side of a translation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancerTwin {
    /// The Kubernetes Service that selects the Deployment's pods.
    pub k8s_service: String,
    pub load_balancer: String,
    pub target_group: String,
    /// The container and port the target group forwards to (the Service's targetPort).
    pub container: String,
    pub container_port: u32,
    pub target_type: TargetType,
    pub health_check: HealthCheck,
    /// Whether the health check is the readiness probe's (else the target group's defaults).
    pub from_readiness_probe: bool,
    pub grace_period_s: u32,
    pub deregistration_delay_s: u32,
    /// The readiness probe's (periodSeconds, successThreshold, failureThreshold), if any.
    pub readiness: Option<(u32, u32, u32)>,
    /// How long `preStop` holds SIGTERM back, seconds, if there is one.
    pub pre_stop_s: Option<u32>,
    /// How each value was chosen, in plain English.
    pub notes: Vec<String>,
}

/// An ELB name from the Deployment's: dots become hyphens, cut to fit with `suffix`.
fn elb_name(base: &str, suffix: &str) -> String {
    let mut name: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(ELB_NAME_MAX - suffix.len())
        .collect();
    while name.ends_with('-') {
        name.pop();
    }
    if name.is_empty() {
        name.push_str("app");
    }
    name.push_str(suffix);
    name
}

/// The probe's port as a number (a named port looked up in the container).
fn probe_port(c: &Container, port: &PortRef) -> Option<u16> {
    match port {
        PortRef::Number(n) => Some(*n),
        PortRef::Name(n) => c
            .ports
            .iter()
            .find(|p| p.name.as_deref() == Some(n.as_str()))
            .map(|p| p.container_port),
    }
}

/// The Deployment's load balancer twin, when a Service in its namespace selects its pods and
/// reaches one of its container ports; `None` otherwise (the translation is then as without).
pub fn load_balancer_twin(
    w: &World,
    namespace: &str,
    d: &Deployment,
    network_mode: NetworkMode,
) -> Option<LoadBalancerTwin> {
    let spec = &d.spec.template.spec;
    let (svc, index, port) =
        service_reaching(&w.k.store, namespace, &d.spec.template.labels, spec)?;
    let c = &spec.containers[index];
    let name = &d.meta.name;
    let mut notes = Vec::new();
    let (load_balancer, target_group) = (elb_name(name, "-alb"), elb_name(name, "-tg"));
    if load_balancer != format!("{name}-alb") {
        notes.push(format!(
            "load balancer and target group names allow 32 letters, digits and hyphens: {load_balancer}, {target_group}"
        ));
    }
    let target_type = match network_mode {
        NetworkMode::Awsvpc => TargetType::Ip,
        _ => TargetType::Instance,
    };
    let probe = c.readiness_probe.as_ref();
    let http = probe.and_then(|p| match &p.handler {
        ProbeHandler::HttpGet { path, port, .. } => Some((p, path, port)),
        _ => None,
    });
    let mut hc = HealthCheck::default();
    let from_readiness_probe = http.is_some();
    if let Some((p, path, probe_port_ref)) = http {
        hc.path = if path.starts_with('/') {
            path.clone()
        } else {
            format!("/{path}")
        };
        hc.matcher = "200-399".into();
        hc.interval_s = p.period_seconds.clamp(5, 300);
        if hc.interval_s != p.period_seconds {
            notes.push(format!(
                "readiness periodSeconds {} → health check interval {} s (ALB allows 5–300 s)",
                p.period_seconds, hc.interval_s
            ));
        }
        hc.timeout_s = p.timeout_seconds.clamp(2, 120).min(hc.interval_s - 1);
        if hc.timeout_s != p.timeout_seconds {
            notes.push(format!(
                "readiness timeoutSeconds {} → health check timeout {} s (ALB allows 2–120 s, below the interval)",
                p.timeout_seconds, hc.timeout_s
            ));
        }
        hc.healthy_threshold = p.success_threshold.clamp(2, 10);
        if hc.healthy_threshold != p.success_threshold {
            notes.push(format!(
                "readiness successThreshold {} → healthy threshold {} (ALB allows 2–10): a new target needs {} passing checks, {} s at best, before it gets requests",
                p.success_threshold,
                hc.healthy_threshold,
                hc.healthy_threshold,
                hc.healthy_threshold * hc.interval_s
            ));
        }
        hc.unhealthy_threshold = p.failure_threshold.clamp(2, 10);
        if hc.unhealthy_threshold != p.failure_threshold {
            notes.push(format!(
                "readiness failureThreshold {} → unhealthy threshold {} (ALB allows 2–10)",
                p.failure_threshold, hc.unhealthy_threshold
            ));
        }
        if probe_port(c, probe_port_ref) != Some(port) {
            notes.push(format!(
                "the readiness probe checks another port than service/{} reaches: the target group checks the traffic port ({port} in the container)",
                svc.meta.name
            ));
        }
    } else {
        let why = if probe.is_some() {
            "the readiness probe is not an httpGet"
        } else {
            "no readiness probe"
        };
        notes.push(format!(
            "{why}: the target group keeps ALB's default health check (GET / every {} s, healthy after {}, unhealthy after {}) — a target group always checks, where a pod without a readiness probe is Ready as soon as its containers start",
            hc.interval_s, hc.healthy_threshold, hc.unhealthy_threshold
        ));
    }
    let grace_period_s = match probe.map(|p| p.initial_delay_seconds) {
        Some(delay) if delay > 0 => {
            notes.push(format!(
                "readiness initialDelaySeconds {delay} → healthCheckGracePeriodSeconds {delay}"
            ));
            delay
        }
        _ => {
            notes.push(format!(
                "no initialDelaySeconds: healthCheckGracePeriodSeconds {GRACE_PERIOD_DEFAULT_S} — a pod that is not ready is only kept out of the Service, while ECS replaces a task whose target turns unhealthy, so new tasks get {GRACE_PERIOD_DEFAULT_S} s to start"
            ));
            GRACE_PERIOD_DEFAULT_S
        }
    };
    let grace_s = u32::try_from(spec.termination_grace_period_seconds).unwrap_or(u32::MAX);
    let pre_stop_s = c
        .pre_stop
        .as_ref()
        .map(|hook| u32::try_from(hook.duration_ms().div_ceil(1000)).unwrap_or(u32::MAX));
    let deregistration_delay_s = match pre_stop_s {
        Some(sleep_s) => {
            let delay = sleep_s.min(grace_s).min(DEREGISTRATION_DELAY_MAX_S);
            notes.push(if delay < sleep_s {
                format!(
                    "preStop sleeps {sleep_s} s, cut to {delay} s (terminationGracePeriodSeconds and the API's 3,600 s): deregistration delay {delay} s"
                )
            } else {
                format!(
                    "preStop sleeps {sleep_s} s after the pod leaves the endpoints, before SIGTERM: deregistration delay {delay} s drains the target as long before ECS stops the task"
                )
            });
            delay
        }
        None => {
            notes.push(
                "no preStop: the pod gets SIGTERM as it leaves the endpoints; deregistration delay 0 s does the same (ALB's default, 300 s, would keep old tasks draining for 5 minutes)".into(),
            );
            0
        }
    };
    Some(LoadBalancerTwin {
        k8s_service: svc.meta.name.clone(),
        load_balancer,
        target_group,
        container: c.name.clone(),
        container_port: u32::from(port),
        target_type,
        health_check: hc,
        from_readiness_probe,
        grace_period_s,
        deregistration_delay_s,
        readiness: probe.map(|p| (p.period_seconds, p.success_threshold, p.failure_threshold)),
        pre_stop_s,
        notes,
    })
}

/// What [`create`] made: the target group's ARN and the command lines a person would type for
/// the same (printed, never run).
pub struct Created {
    pub target_group_arn: String,
    pub lines: Vec<String>,
    /// What did not exist before: removed again if the service cannot be created.
    new_load_balancer: Option<String>,
    new_target_group: bool,
}

/// Removes what [`create`] made (the service using it could not be created).
pub fn remove(w: &mut World, made: &Created) {
    if made.new_target_group {
        let tg = &made.target_group_arn;
        w.ecs.elb.listeners.retain(|_, l| &l.target_group_arn != tg);
        let _ = w.ecs.elb.delete_target_group(tg);
    }
    if let Some(lb) = &made.new_load_balancer {
        let _ = w.ecs.elb.delete_load_balancer(lb);
    }
}

/// Creates the load balancer, the target group, its listener and its deregistration delay
/// through ELB's operations (the same name with the same settings is the one there is). On an
/// error, what this call created is removed again.
pub fn create(w: &mut World, lb: &LoadBalancerTwin) -> Result<Created, CommandError> {
    let place = place(w);
    let had_lb = w.ecs.elb.find_load_balancer(&lb.load_balancer).is_some();
    let had_tg = w
        .ecs
        .elb
        .target_groups
        .values()
        .any(|t| t.name == lb.target_group);
    let now = w.k.now_ms;
    let lb_arn = w.ecs.elb.create_load_balancer(
        now,
        &place,
        NewLoadBalancer {
            name: lb.load_balancer.clone(),
            subnets: TWIN_SUBNETS.iter().map(|s| s.to_string()).collect(),
            security_groups: Vec::new(),
            scheme: Scheme::InternetFacing,
        },
    )?;
    let undo = |w: &mut World, tg: Option<&str>| {
        if let Some(tg) = tg.filter(|_| !had_tg) {
            w.ecs.elb.listeners.retain(|_, l| l.target_group_arn != tg);
            let _ = w.ecs.elb.delete_target_group(tg);
        }
        if !had_lb {
            let _ = w.ecs.elb.delete_load_balancer(&lb_arn);
        }
    };
    let hc = &lb.health_check;
    let tg_arn = match w.ecs.elb.create_target_group(
        &place,
        NewTargetGroup {
            name: lb.target_group.clone(),
            protocol: "HTTP".into(),
            port: lb.container_port,
            vpc_id: crate::lang::aws::elbv2_output::DEFAULT_VPC.into(),
            target_type: lb.target_type,
            health_check: hc.clone(),
        },
    ) {
        Ok(arn) => arn,
        Err(e) => {
            undo(w, None);
            return Err(e);
        }
    };
    let listener = w
        .ecs
        .elb
        .create_listener(&mut w.k, &lb_arn, "HTTP", LISTENER_PORT, &tg_arn);
    let delay = listener.and_then(|_| {
        w.ecs.elb.modify_target_group_attributes(
            &tg_arn,
            &[(
                "deregistration_delay.timeout_seconds".into(),
                lb.deregistration_delay_s.to_string(),
            )],
        )
    });
    if let Err(e) = delay {
        undo(w, Some(&tg_arn));
        return Err(e);
    }
    let lines = vec![
        format!(
            "aws elbv2 create-load-balancer --name {} --subnets {}",
            lb.load_balancer,
            TWIN_SUBNETS.join(" ")
        ),
        format!(
            "aws elbv2 create-target-group --name {} --protocol HTTP --port {} --vpc-id {} --target-type {} --health-check-path {} --health-check-interval-seconds {} --health-check-timeout-seconds {} --healthy-threshold-count {} --unhealthy-threshold-count {} --matcher HttpCode={}",
            lb.target_group,
            lb.container_port,
            crate::lang::aws::elbv2_output::DEFAULT_VPC,
            lb.target_type.as_str(),
            hc.path,
            hc.interval_s,
            hc.timeout_s,
            hc.healthy_threshold,
            hc.unhealthy_threshold,
            hc.matcher
        ),
        format!(
            "aws elbv2 create-listener --load-balancer-arn {lb_arn} --protocol HTTP --port {LISTENER_PORT} --default-actions Type=forward,TargetGroupArn={tg_arn}"
        ),
        format!(
            "aws elbv2 modify-target-group-attributes --target-group-arn {tg_arn} --attributes Key=deregistration_delay.timeout_seconds,Value={}",
            lb.deregistration_delay_s
        ),
    ];
    Ok(Created {
        new_load_balancer: (!had_lb).then(|| lb_arn.clone()),
        new_target_group: !had_tg,
        target_group_arn: tg_arn,
        lines,
    })
}

/// The "What differs" lines of the load balancer side: how each side decides a copy gets
/// requests and how it stops getting them, then how each value was chosen. `rolled`: the ECS
/// service existed already (only its task definition changed).
pub fn differences(w: &World, name: &str, lb: &LoadBalancerTwin, rolled: bool) -> String {
    let hc = &lb.health_check;
    let ready = match lb.readiness {
        Some((period, success, failure)) => format!(
            "its readiness probe passes (every {period} s, ready after {success} success{}, out after {failure} failure{})",
            if success == 1 { "" } else { "es" },
            if failure == 1 { "" } else { "s" },
        ),
        None => "its containers run (no readiness probe)".into(),
    };
    let stop_k8s = match lb.pre_stop_s {
        Some(s) => format!("the pod leaves the endpoints, preStop sleeps {s} s, then SIGTERM"),
        None => "the pod leaves the endpoints and gets SIGTERM at once".into(),
    };
    let mut out = format!(
        "- ready and stopping: Kubernetes sends a pod requests from service/{svc} once {ready}; ECS sends a task requests from {alb} once its target passes the target group's health check (GET {path} every {interval} s, healthy after {healthy}, unhealthy after {unhealthy}); on the way out {stop_k8s}; the target drains for {delay} s (deregistration delay), then ECS stops the task (SIGTERM)\n",
        svc = lb.k8s_service,
        alb = lb.load_balancer,
        path = hc.path,
        interval = hc.interval_s,
        healthy = hc.healthy_threshold,
        unhealthy = hc.unhealthy_threshold,
        delay = lb.deregistration_delay_s,
    );
    for n in &lb.notes {
        out.push_str(&format!("- {n}\n"));
    }
    let behind = w
        .ecs
        .services
        .get(&crate::ecs::service_id(crate::ecs::DEFAULT_CLUSTER, name))
        .is_some_and(|s| !s.definition.load_balancers.is_empty());
    if rolled && !behind {
        out.push_str(&format!(
            "- service {name} was created without a load balancer and keeps none: delete it (aws ecs delete-service --service {name} --force) and run sim side-by-side again to put it behind {}\n",
            lb.load_balancer
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elb_names_fit_the_apis_rules() {
        assert_eq!(elb_name("web", "-alb"), "web-alb");
        assert_eq!(elb_name("my.app", "-tg"), "my-app-tg");
        let long = elb_name(&"a".repeat(60), "-alb");
        assert_eq!(long.len(), 32);
        assert_eq!(
            elb_name("a-------------------------------x", "-tg").len(),
            4
        );
    }
}
