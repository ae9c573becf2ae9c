//! `sim traffic [SERVICE RATE]`: requests sent to a Service, or the traffic report.

use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::world::World;

/// `sim traffic SERVICE RATE` (requests per second, 0 to stop); bare, the report.
pub(super) fn traffic(w: &mut World, a: &Args) -> Result<String, CommandError> {
    if a.positional.is_empty() {
        let mut report = w.traffic.report();
        let lbs = w.ecs.elb.traffic_report();
        if !lbs.is_empty() {
            if w.traffic.flows.is_empty() {
                report.clear();
            }
            report.push_str(&lbs);
        }
        return Ok(report);
    }
    let ns = a.namespace();
    let name = a.positional[0]
        .strip_prefix("service/")
        .or_else(|| a.positional[0].strip_prefix("svc/"))
        .unwrap_or(&a.positional[0])
        .to_string();
    let rate: u32 = a
        .positional
        .get(1)
        .and_then(|r| r.trim_end_matches("/s").parse().ok())
        .filter(|r| *r <= crate::sim::traffic::MAX_RATE)
        .ok_or_else(|| CommandError::new(format!("error: usage: sim traffic SERVICE RATE (requests per second, 0 to stop, at most {})", crate::sim::traffic::MAX_RATE)))?;
    let key = (ns.clone(), name.clone());
    if !w.k.store.services.contains_key(&key) {
        // A load balancer, by name or ARN.
        if let Some(lb) = w.ecs.elb.find_load_balancer(&a.positional[0]) {
            let (arn, lb_name) = (lb.arn.clone(), lb.name.clone());
            w.ecs.elb.set_traffic(&mut w.k, &arn, rate);
            return Ok(if rate == 0 {
                format!("traffic to loadbalancer/{lb_name} stopped\n")
            } else {
                format!("sending {rate} requests/s to loadbalancer/{lb_name}\n")
            });
        }
        return err(format!(
            "Error from server (NotFound): services \"{name}\" not found"
        ));
    }
    w.traffic.set(&mut w.k, key, rate);
    Ok(if rate == 0 {
        format!("traffic to service/{name} stopped\n")
    } else {
        format!("sending {rate} requests/s to service/{name}\n")
    })
}
