//! Elastic Load Balancing's closed vocabularies: a target's health state and a load
//! balancer's state, printed as the API's words. They live in `sim` so that the views
//! ([`crate::sim::view`]) can carry them typed; ELB ([`crate::elb`]) keeps them.

use crate::sim::event_reason::vocabulary;

vocabulary! {
    /// `TargetHealth.State`.
    TargetState {
        /// Registered, not yet through its first healthy-threshold of checks.
        Initial => "initial",
        Healthy => "healthy",
        Unhealthy => "unhealthy",
        /// Not registered, or its target group is not used by a load balancer.
        Unused => "unused",
        /// Deregistered, within the deregistration delay.
        Draining => "draining",
    }
}

vocabulary! {
    /// `LoadBalancer.State.Code`.
    LoadBalancerState {
        Provisioning => "provisioning",
        Active => "active",
    }
}
