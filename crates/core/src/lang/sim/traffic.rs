//! `sim traffic [SERVICE RATE]`: requests sent to a Service, or the traffic report.

use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::world::World;

/// `sim traffic SERVICE RATE` (requests per second, 0 to stop); bare, the report.
pub(super) fn traffic(w: &mut World, a: &Args) -> Result<String, CommandError> {
    if a.positional.is_empty() {
        return Ok(w.traffic.report());
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
