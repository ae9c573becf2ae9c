//! Image pulls: the node's image cache and `imagePullPolicy`, serialized pulls (shared by pods
//! waiting for the same image; side by side on Fargate), `ErrImagePull` then `ImagePullBackOff`
//! with the real back-off, and the retry.

use super::{next_back_off, PULL_BYTES_PER_S, PULL_LATENCY_MS, PULL_NOT_FOUND_MS};
use crate::base::clock::go_duration;
use crate::input::model::{Millis, PullPolicy};
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::Reason;
use crate::sim::events::EventType;
use crate::sim::kubelet::Kubelet;
use crate::sim::registry::ImageRef;
use crate::sim::store::{ContainerState, PodId};
use crate::sim::timer::Timer;

impl Kubelet<'_> {
    /// Makes the image of container `i` present (cache, pull, or fail), then starts it.
    pub(super) fn ensure_image(&mut self, id: PodId, i: usize) {
        let Some(node) = self.node_of(id) else { return };
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        let container = &pod.spec.containers[i];
        let image = container.image.clone();
        let policy = container.image_pull_policy;
        let reference = ImageRef::parse(&image);
        let canonical = reference.canonical();
        // Fargate keeps no image cache: every task pulls its image.
        let cached = !self.agents[node].fargate && self.agents[node].images.contains(&canonical);
        let instance = pod.status.containers[i].instance;
        if cached && policy != PullPolicy::Always {
            self.event_with(
                id,
                EventType::Normal,
                Reason::Pulled,
                format!("Container image \"{image}\" already present on machine"),
                EventFacts::Pulled {
                    image: image.clone(),
                    cached: true,
                    pull_ms: 0,
                },
            );
            self.start_container(id, i);
            return;
        }
        if policy == PullPolicy::Never {
            let msg =
                format!("Container image \"{image}\" is not present with pull policy of Never");
            self.event(
                id,
                EventType::Warning,
                Reason::ErrImageNeverPull,
                msg.clone(),
            );
            if let Some(p) = self.k.store.pod_mut(id) {
                p.status.containers[i].state = ContainerState::Waiting {
                    reason: "ErrImageNeverPull".into(),
                    message: Some(msg),
                };
            }
            return;
        }
        let found = match self.out.pull_answer(&reference) {
            crate::sim::outside::PullAnswer::Found(size) => Some(size),
            _ => None,
        };
        let now = self.k.now_ms;
        let agent = &mut self.agents[node];
        agent.in_flight.retain(|_, end| *end > now);
        let shared = if agent.fargate {
            None // each Fargate task has its own machine: pulls run side by side
        } else {
            agent.in_flight.get(&canonical).copied()
        };
        let (end, pull_ms) = match (found, shared) {
            (Some(_), Some(end)) => (end, end - now),
            _ => {
                let start = if agent.fargate {
                    now
                } else {
                    now.max(agent.pull_free_at_ms)
                };
                let pull_ms = match found {
                    Some(size) if cached => PULL_LATENCY_MS + size / 1_000_000, // manifest check only
                    Some(size) => PULL_LATENCY_MS + size.saturating_mul(1000) / PULL_BYTES_PER_S,
                    None => PULL_NOT_FOUND_MS,
                };
                let end = start + pull_ms;
                if !agent.fargate {
                    agent.pull_free_at_ms = end;
                }
                if found.is_some() && !agent.fargate {
                    agent.in_flight.insert(canonical.clone(), end);
                }
                (end, pull_ms)
            }
        };
        self.event(
            id,
            EventType::Normal,
            Reason::Pulling,
            format!("Pulling image \"{image}\""),
        );
        if let Some(p) = self.k.store.pod_mut(id) {
            p.status.containers[i].pulling = Some((now, end));
        }
        self.k.set_timer(
            end,
            Timer::PullDone {
                pod: id,
                container: i,
                instance,
                ok: found.is_some(),
                requested_ms: now,
                pull_ms,
            },
        );
    }

    pub(crate) fn pull_done(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        ok: bool,
        requested_ms: Millis,
        pull_ms: Millis,
    ) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(node) = self.node_of(id) else { return };
        let Some(pod) = self.k.store.pod_mut(id) else {
            return;
        };
        pod.status.containers[i].pulling = None;
        let image = pod.spec.containers[i].image.clone();
        let reference = ImageRef::parse(&image);
        if ok {
            let size = self.out.image(&reference).map_or(0, |info| info.size_bytes);
            self.agents[node].images.insert(reference.canonical());
            let waited = self.k.now_ms - requested_ms;
            self.event_with(
                id,
                EventType::Normal,
                Reason::Pulled,
                format!(
                    "Successfully pulled image \"{image}\" in {} ({} including waiting). Image size: {size} bytes.",
                    go_duration(pull_ms),
                    go_duration(waited)
                ),
                EventFacts::Pulled {
                    image: image.clone(),
                    cached: false,
                    pull_ms,
                },
            );
            if let Some(p) = self.k.store.pod_mut(id) {
                p.status.containers[i].pull_back_off_ms = 0;
            }
            self.start_container(id, i);
        } else {
            let detail = self.out.pull_failure_detail(&reference);
            let Some(pod) = self.k.store.pod_mut(id) else {
                return;
            };
            let c = &mut pod.status.containers[i];
            c.pull_back_off_ms = next_back_off(c.pull_back_off_ms, self.k.compression);
            let until = self.k.now_ms + c.pull_back_off_ms;
            c.back_off_until_ms = Some(until);
            c.state = ContainerState::Waiting {
                reason: "ErrImagePull".into(),
                message: Some(detail.clone()),
            };
            let retry_in_ms = c.pull_back_off_ms;
            self.event_with(
                id,
                EventType::Warning,
                Reason::Failed,
                format!("Failed to pull image \"{image}\": {detail}"),
                EventFacts::PullFailed {
                    image: image.clone(),
                    retry_in_ms,
                },
            );
            self.event(
                id,
                EventType::Warning,
                Reason::Failed,
                "Error: ErrImagePull".into(),
            );
            let now = self.k.now_ms;
            self.k.set_timer(
                now + 1_000,
                Timer::ShowPullBackOff {
                    pod: id,
                    container: i,
                    instance,
                },
            );
            self.k.set_timer(
                until,
                Timer::PullRetry {
                    pod: id,
                    container: i,
                    instance,
                },
            );
        }
    }

    pub(crate) fn show_pull_back_off(&mut self, id: PodId, i: usize, instance: u64) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(pod) = self.k.store.pod_mut(id) else {
            return;
        };
        let image = pod.spec.containers[i].image.clone();
        let c = &mut pod.status.containers[i];
        if !matches!(&c.state, ContainerState::Waiting { reason, .. } if reason == "ErrImagePull") {
            return;
        }
        c.state = ContainerState::Waiting {
            reason: "ImagePullBackOff".into(),
            message: Some(format!("Back-off pulling image \"{image}\"")),
        };
        self.event(
            id,
            EventType::Normal,
            Reason::BackOff,
            format!("Back-off pulling image \"{image}\""),
        );
        self.event(
            id,
            EventType::Warning,
            Reason::Failed,
            "Error: ImagePullBackOff".into(),
        );
    }

    pub(crate) fn pull_retry(&mut self, id: PodId, i: usize, instance: u64) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        if let Some(p) = self.k.store.pod_mut(id) {
            p.status.containers[i].back_off_until_ms = None;
        }
        self.ensure_image(id, i);
    }
}
