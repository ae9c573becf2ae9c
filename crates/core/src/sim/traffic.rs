//! Traffic through Services: a steady request rate sent to a Service's endpoints, one tick per
//! second of virtual time, to make availability visible as users see it.
//!
//! Each tick routes the second's requests round-robin over the endpoints *as kube-proxy last
//! saw them* — the list from the previous tick, because endpoint changes take about a second
//! to reach every node. A request succeeds only if its pod's app is actually serving: running,
//! past its start-up time, not hung, not unhealthy, not yet stopped by SIGTERM. So a crash
//! without a readiness probe, a single replica, or a rollout without `preStop` shows up here
//! as errors, exactly when users would see them.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

use crate::base::object_map::ObjectMap;
use crate::input::model::Millis;
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeAgent;
use crate::sim::outside::Outside;
use crate::sim::registry::ImageRef;
use crate::sim::store::{ContainerState, Key, PodId, Store};
use crate::sim::timer::Timer;

pub const TICK_MS: Millis = 1_000;
/// Samples kept per Service (an hour of one-second ticks).
pub const MAX_SAMPLES: usize = 3_600;
/// Highest rate accepted, requests per second.
pub const MAX_RATE: u32 = 100_000;

/// One second of traffic to one Service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrafficSample {
    pub time_ms: Millis,
    pub requests: u32,
    pub errors: u32,
    /// Mean latency of successful requests, milliseconds.
    pub latency_ms: u32,
    /// Endpoints requests were routed to.
    pub endpoints: u32,
    /// Of the errors: logged-in users whose session the replica did not know (the app keeps
    /// sessions in memory or on its own disk — `SESSION_STORE`).
    pub session_errors: u32,
}

impl TrafficSample {
    /// One second's sample: `latency_sum` is over the successful requests, whose mean it keeps.
    pub(crate) fn of_second(
        time_ms: Millis,
        requests: u32,
        errors: u32,
        latency_sum: u64,
        endpoints: u32,
        session_errors: u32,
    ) -> Self {
        let ok = requests - errors;
        TrafficSample {
            time_ms,
            requests,
            errors,
            latency_ms: latency_sum.checked_div(u64::from(ok)).unwrap_or(0) as u32,
            endpoints,
            session_errors,
        }
    }
}

/// Appends a flow's newest sample, dropping the oldest past [`MAX_SAMPLES`].
pub(crate) fn keep_sample(samples: &mut VecDeque<TrafficSample>, sample: TrafficSample) {
    if samples.len() >= MAX_SAMPLES {
        samples.pop_front();
    }
    samples.push_back(sample);
}

/// Logged-in users followed per Service when the app keeps sessions locally.
pub const MAX_USERS: usize = 500;

/// What one endpoint does with a request this second.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Answer {
    latency_ms: u32,
    /// Sessions live in this container (memory or its disk).
    local_sessions: bool,
    /// The container holding them: (pod, container instance). A restart is a new one.
    holder: (PodId, u64),
}

#[derive(Clone, Debug, Default)]
pub struct Flow {
    pub rate_per_s: u32,
    /// Endpoints (pod ids) as kube-proxy knows them: last tick's list.
    routed: Vec<PodId>,
    next: usize,
    /// For each logged-in user, the container that holds their session.
    homes: Vec<Option<(PodId, u64)>>,
    pub samples: VecDeque<TrafficSample>,
}

/// Request flows to Services, by Service: what `sim traffic` started.
#[derive(Default)]
pub struct Traffic {
    pub(crate) flows: ObjectMap<Key, Flow>,
}

impl Traffic {
    /// `sim traffic SERVICE RATE`: start (or change, or with 0 stop) a steady request rate.
    pub(crate) fn set(&mut self, k: &mut Kernel, key: Key, rate_per_s: u32) {
        let start = !self.flows.contains_key(&key);
        let flow = self.flows.get_or_default(key.clone());
        flow.rate_per_s = rate_per_s;
        if start {
            let routed = ready_endpoint_pods(&k.store, &key);
            if let Some(f) = self.flows.get_mut(&key) {
                f.routed = routed;
            }
            let at = k.now_ms + TICK_MS;
            k.set_timer(
                at,
                Timer::TrafficTick {
                    namespace: key.0,
                    name: key.1,
                },
            );
        }
    }

    /// One second of a flow: its requests over last tick's endpoints (kube-proxy's lag), a
    /// sample of how they went, the endpoints as they are now, and the next tick.
    pub(crate) fn tick(
        &mut self,
        k: &mut Kernel,
        agents: &[NodeAgent],
        out: &dyn Outside,
        key: Key,
    ) {
        let Some(flow) = self.flows.get(&key) else {
            return;
        };
        let rate = flow.rate_per_s;
        if rate == 0 || !k.store.services.contains_key(&key) {
            self.flows.remove(&key);
            return;
        }
        let flow = self.flows.get_mut(&key).expect("checked");
        let routed = flow.routed.clone();
        let mut next = flow.next;
        // Taken for the tick and put back below (no copy per second).
        let mut homes = std::mem::take(&mut flow.homes);
        let (errors, session_errors, latency_sum) = if routed.is_empty() {
            (rate, 0, 0)
        } else {
            let answers: Vec<Option<Answer>> =
                routed.iter().map(|&id| serve(k, agents, out, id)).collect();
            route_requests(rate, &answers, k.now_ms, &mut next, &mut homes)
        };
        let sample = TrafficSample::of_second(
            k.now_ms,
            rate,
            errors,
            latency_sum,
            routed.len() as u32,
            session_errors,
        );
        let fresh = ready_endpoint_pods(&k.store, &key);
        let flow = self.flows.get_mut(&key).expect("checked");
        flow.next = next;
        flow.homes = homes;
        flow.routed = fresh;
        keep_sample(&mut flow.samples, sample);
        let at = k.now_ms + TICK_MS;
        k.set_timer(
            at,
            Timer::TrafficTick {
                namespace: key.0,
                name: key.1,
            },
        );
    }

    /// Traffic samples per Service (`namespace/name`), oldest first.
    pub fn samples(&self) -> BTreeMap<String, Vec<TrafficSample>> {
        // Inserted one by one: `collect()` into a BTreeMap would compile one more stable sort.
        let mut samples = BTreeMap::new();
        for ((ns, n), f) in &self.flows {
            samples.insert(format!("{ns}/{n}"), f.samples.iter().cloned().collect());
        }
        samples
    }

    /// `sim traffic` with no arguments: a line per flow over the last minute.
    pub(crate) fn report(&self) -> String {
        if self.flows.is_empty() {
            return "no traffic: start some with sim traffic SERVICE RATE\n".into();
        }
        let mut out = String::new();
        for ((ns, name), f) in &self.flows {
            out.push_str(&report_line(
                &format!("service/{name} ({ns})"),
                f.rate_per_s,
                &f.samples,
            ));
        }
        out
    }

    /// The rate sent to a Service, requests per second (0 without a flow).
    pub(crate) fn rate(&self, key: &Key) -> u32 {
        self.flows.get(key).map_or(0, |f| f.rate_per_s)
    }
}

/// One second's `rate` requests over the endpoints' `answers` (None: it fails): spread evenly
/// in turn from `next`, except that every other request is a logged-in user's, sent where
/// kube-proxy's pick lands and failing when that replica does not hold the session (`homes`).
/// Returns (errors, of them lost sessions, the latency summed over the successes).
/// One line of `sim traffic`'s report: the rate and the last minute's requests, errors,
/// success and mean latency of one flow (a Service's or a load balancer's).
pub(crate) fn report_line(
    what: &str,
    rate_per_s: u32,
    samples: &VecDeque<TrafficSample>,
) -> String {
    let last: Vec<&TrafficSample> = samples.iter().rev().take(60).collect();
    let req: u64 = last.iter().map(|s| u64::from(s.requests)).sum();
    let err: u64 = last.iter().map(|s| u64::from(s.errors)).sum();
    let ok = req - err;
    let lat: u64 = last
        .iter()
        .map(|s| u64::from(s.latency_ms) * u64::from(s.requests - s.errors))
        .sum();
    let pct = if req == 0 {
        100.0
    } else {
        ok as f64 * 100.0 / req as f64
    };
    format!(
        "{what}: {rate_per_s} req/s; last {}s: {ok} ok, {err} errors ({pct:.1}% success), mean latency {}ms\n",
        last.len(),
        lat.checked_div(ok).unwrap_or(0)
    )
}

fn route_requests(
    rate: u32,
    answers: &[Option<Answer>],
    now_ms: Millis,
    next: &mut usize,
    homes: &mut Vec<Option<(PodId, u64)>>,
) -> (u32, u32, u64) {
    let mut errors = 0u32;
    let mut session_errors = 0u32;
    let mut latency_sum: u64 = 0;
    // Requests spread evenly: each endpoint's share is served or fails as a whole.
    let local = answers.iter().flatten().any(|a| a.local_sessions);
    // Every other request comes from a logged-in user. kube-proxy picks a backend at
    // random for each connection, so a user lands on any replica.
    let users = if local {
        (rate as usize / 2).clamp(1, MAX_USERS)
    } else {
        0
    };
    // While no replica answers, users keep the session they had: whether it survived is
    // known when one answers again (a restarted replica has forgotten it).
    if answers.iter().any(Option::is_some) {
        homes.resize(users, None);
    }
    for j in 0..rate {
        let user = (local && j % 2 == 0).then(|| (j as usize / 2) % users);
        let at = match user {
            Some(u) => {
                let h = crate::base::rng::fnv32a(
                    &[now_ms.to_le_bytes(), (u as u64).to_le_bytes()].concat(),
                );
                h as usize % answers.len()
            }
            None => {
                *next = next.wrapping_add(1);
                next.wrapping_sub(1) % answers.len()
            }
        };
        match (answers[at], user) {
            (None, _) => errors += 1,
            (Some(a), Some(u)) if a.local_sessions => {
                match homes[u] {
                    // Logged in somewhere else (or on a container that is gone):
                    // this replica does not know the session → back to the login page.
                    Some(h) if h != a.holder => {
                        errors += 1;
                        session_errors += 1;
                    }
                    _ => latency_sum += u64::from(a.latency_ms),
                }
                homes[u] = Some(a.holder);
            }
            (Some(a), _) => latency_sum += u64::from(a.latency_ms),
        }
    }
    (errors, session_errors, latency_sum)
}

/// Pods currently behind a Service (ready, not terminating), in name order.
pub(crate) fn ready_endpoint_pods(store: &Store, key: &Key) -> Vec<PodId> {
    let Some(svc) = store.services.get(key) else {
        return Vec::new();
    };
    if svc.spec.selector.is_empty() {
        return Vec::new();
    }
    let mut v: Vec<(&str, PodId)> = store
        .pods
        .values()
        .filter(|p| p.meta.namespace == key.0 && p.is_ready())
        .filter(|p| {
            svc.spec
                .selector
                .iter()
                .all(|(k, v)| p.meta.labels.get(k) == Some(v))
        })
        .map(|p| (p.meta.name.as_str(), p.id))
        .collect();
    crate::base::sort::sort(&mut v);
    v.into_iter().map(|(_, id)| id).collect()
}

/// Whether a pod's app answers a request now: its latency (ms), or `None` (what a load
/// balancer's target reaches, judged as a Service's endpoint is).
pub(crate) fn pod_answers(
    k: &Kernel,
    agents: &[NodeAgent],
    out: &dyn Outside,
    id: PodId,
) -> Option<u32> {
    serve(k, agents, out, id).map(|a| a.latency_ms)
}

/// Whether a pod's app answers a request now, how fast (ms), and where it keeps sessions.
fn serve(k: &Kernel, agents: &[NodeAgent], out: &dyn Outside, id: PodId) -> Option<Answer> {
    let pod = k.store.pods.get(&id)?;
    let node_up = pod
        .spec
        .node_name
        .as_ref()
        .and_then(|n| k.machine(n))
        .is_some_and(|i| agents[i].up);
    if !node_up {
        return None;
    }
    let mut latency = 0;
    let mut local_sessions = false;
    let mut holder = (id, 0);
    // The app containers serve (init containers are done; sidecars do not answer).
    let init = pod.spec.init_count;
    for (spec, st) in pod
        .spec
        .containers
        .iter()
        .zip(&pod.status.containers)
        .skip(init)
    {
        let ContainerState::Running { started_ms } = st.state else {
            return None;
        };
        if !st.alive {
            return None;
        }
        let info = out.image(&ImageRef::parse(&spec.image))?;
        let b = out.behaviour(info, spec);
        match b.answer(
            k.now_ms - started_ms,
            pod.meta.deletion_ms.map(|t| k.now_ms - t),
            spec.pre_stop.as_ref().map_or(0, |h| h.duration_ms()),
        ) {
            Some(ms) => {
                latency = latency.max(ms);
                if b.sessions.is_local() {
                    local_sessions = true;
                    holder = (id, st.instance);
                }
            }
            None if b.serves_http() => return None,
            None => {}
        }
    }
    Some(Answer {
        latency_ms: latency,
        local_sessions,
        holder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(pod: PodId, local_sessions: bool) -> Option<Answer> {
        Some(Answer {
            latency_ms: 10,
            local_sessions,
            holder: (pod, 1),
        })
    }

    #[test]
    fn requests_spread_in_turn_and_a_failing_endpoint_fails_its_share() {
        let mut next = 0;
        let mut homes = Vec::new();
        let answers = [answer(1, false), None];
        assert_eq!(
            route_requests(4, &answers, 0, &mut next, &mut homes),
            (2, 0, 20)
        );
        assert_eq!(next, 4);
        assert!(homes.is_empty());
    }

    #[test]
    fn a_user_sent_to_another_replica_loses_a_local_session() {
        let mut next = 0;
        // User 0 logged in on pod 9, which is not among the endpoints any more.
        let mut homes = vec![Some((9, 1))];
        let answers = [answer(1, true)];
        let (errors, session_errors, _) = route_requests(2, &answers, 0, &mut next, &mut homes);
        assert_eq!((errors, session_errors), (1, 1));
        assert_eq!(homes, [Some((1, 1))]);
    }
}
