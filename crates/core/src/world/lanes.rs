//! The environments view: one lane per account, each with the contexts whose cluster runs
//! there and the environments in them — replicas, recent traffic, the database, why notes.

use std::collections::BTreeSet;

use crate::world::World;

/// One account's lane in the environments view.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AccountLane {
    pub id: String,
    pub name: String,
    pub region: String,
    /// Contexts whose cluster runs in this account, in name order.
    pub contexts: Vec<String>,
    pub environments: Vec<EnvironmentCard>,
}

/// One environment as the swimlanes show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EnvironmentCard {
    pub name: String,
    pub context: String,
    pub namespace: String,
    pub source: String,
    pub ready: u32,
    pub desired: u32,
    /// Requests and failures over the last 30 s of traffic to its Services.
    pub requests: u32,
    pub errors: u32,
    pub database: Option<String>,
    pub notes: Vec<crate::world::why::WhyNote>,
}

/// The environments, one lane per account (every account, even an empty one).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct EnvironmentsView {
    pub current_context: String,
    pub lanes: Vec<AccountLane>,
}

impl World {
    pub fn environments_view(&self) -> EnvironmentsView {
        // The home account's lane first, then the others by id.
        let home = self.multi.cloud.accounts.get(&self.multi.account_id);
        let lanes = home
            .into_iter()
            .chain(
                self.multi
                    .cloud
                    .accounts
                    .values()
                    .filter(|a| a.id != self.multi.account_id),
            )
            .map(|a| {
                let contexts: Vec<String> = self
                    .multi
                    .contexts
                    .keys()
                    .filter(|c| {
                        self.cluster_world(c)
                            .is_some_and(|w| w.multi.account_id == a.id)
                    })
                    .cloned()
                    .collect();
                let environments = self
                    .multi
                    .environments
                    .values()
                    .filter(|e| contexts.contains(&e.context))
                    .filter_map(|e| {
                        let w = self.cluster_world(&e.context)?;
                        let (ready, desired) = w.namespace_replicas(&e.namespace);
                        let (requests, errors) = w
                            .traffic
                            .flows
                            .iter()
                            .filter(|((ns, _), _)| *ns == e.namespace)
                            .flat_map(|(_, f)| f.samples.iter().rev().take(30))
                            .chain(w.environment_lb_samples(e))
                            .fold((0u32, 0u32), |(r, x), s| {
                                (r.saturating_add(s.requests), x.saturating_add(s.errors))
                            });
                        Some(EnvironmentCard {
                            name: e.name.clone(),
                            context: e.context.clone(),
                            namespace: e.namespace.clone(),
                            source: e.source.clone(),
                            ready,
                            desired,
                            requests,
                            errors,
                            database: e.database.as_ref().map(|(_, d)| d.clone()),
                            notes: {
                                // One note per cause: two replicas failing alike say it once.
                                let mut seen = BTreeSet::new();
                                w.why(&e.namespace)
                                    .into_iter()
                                    .filter(|n| seen.insert(n.code))
                                    .collect()
                            },
                        })
                    })
                    .collect();
                AccountLane {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    region: a.region.clone(),
                    contexts,
                    environments,
                }
            })
            .collect();
        EnvironmentsView {
            current_context: self.multi.current.clone(),
            lanes,
        }
    }

    /// The last 30 s of traffic through the load balancers an ECS environment made (its
    /// record names them: `LoadBalancer`), as its Services' flows count for a namespace.
    pub(crate) fn environment_lb_samples<'a>(
        &'a self,
        e: &'a crate::cloud::accounts::Environment,
    ) -> impl Iterator<Item = &'a crate::sim::traffic::TrafficSample> + 'a {
        e.objects
            .iter()
            .filter(|(kind, _, _)| kind == "LoadBalancer")
            .filter_map(|(_, _, arn)| self.ecs.elb.flows.get(arn))
            .flat_map(|f| f.samples.iter().rev().take(30))
    }

    /// Drains the current context's trace (what the shells animate); the other clusters'
    /// traces are dropped, so none of them grows while nobody looks.
    pub fn drain_active_trace(&mut self) -> Vec<crate::sim::events::TraceEvent> {
        let current = self.multi.current.clone();
        let active = self
            .multi
            .contexts
            .get(&current)
            .map(|c| c.cluster.clone())
            .unwrap_or_default();
        let mut out = self.drain_trace();
        if active != self.multi.cluster {
            out.clear();
        }
        for (name, w) in &mut self.multi.clusters {
            let drained = w.drain_trace();
            if *name == active {
                out = drained;
            }
        }
        out
    }
}
