//! The closed vocabularies of events: their type ([`EventType`]), why one was recorded
//! ([`Reason`], Kubernetes' and ECS's own words) and who recorded it ([`Component`], the
//! event's `source.component`). The simulation emits these, the shells match on them, and the
//! text is made only when printed (`as_str`, `Display`, and serialised as that text for the JS
//! API).

use serde::Serialize;

/// An event's `type`: Warning for what went wrong, Normal otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// As the real tools print it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

vocabulary! {
    /// An event's `reason`.
    Reason {
        /// default-scheduler bound the pod.
        Scheduled => "Scheduled",
        FailedScheduling => "FailedScheduling",
        SuccessfulCreate => "SuccessfulCreate",
        SuccessfulDelete => "SuccessfulDelete",
        FailedCreate => "FailedCreate",
        ScalingReplicaSet => "ScalingReplicaSet",
        NodeNotReady => "NodeNotReady",
        RegisteredNode => "RegisteredNode",
        RemovingNode => "RemovingNode",
        TaintManagerEviction => "TaintManagerEviction",
        Evicted => "Evicted",
        Pulling => "Pulling",
        Pulled => "Pulled",
        Failed => "Failed",
        BackOff => "BackOff",
        ErrImageNeverPull => "ErrImageNeverPull",
        Created => "Created",
        Started => "Started",
        Killing => "Killing",
        Unhealthy => "Unhealthy",
        /// A node's kubelet started.
        Starting => "Starting",
        NodeReady => "NodeReady",
        NodeSchedulable => "NodeSchedulable",
        NodeNotSchedulable => "NodeNotSchedulable",
        /// The kernel's OOM killer.
        OOMKilling => "OOMKilling",
        /// An ECS service event (its message is the console's sentence).
        ServiceEvent => "ServiceEvent",
        /// An environment's ECS cluster, drained, was deleted.
        ClusterDeleted => "ClusterDeleted",
        Completed => "Completed",
        BackoffLimitExceeded => "BackoffLimitExceeded",
        DeadlineExceeded => "DeadlineExceeded",
        SawCompletedJob => "SawCompletedJob",
        JobAlreadyActive => "JobAlreadyActive",
        MissSchedule => "MissSchedule",
        TooManyMissedTimes => "TooManyMissedTimes",
    }
}

vocabulary! {
    /// The component that recorded an event (`source.component`).
    Component {
        DefaultScheduler => "default-scheduler",
        ReplicaSetController => "replicaset-controller",
        DeploymentController => "deployment-controller",
        NodeController => "node-controller",
        TaintEvictionController => "taint-eviction-controller",
        DisruptionController => "disruption-controller",
        Kubelet => "kubelet",
        KernelMonitor => "kernel-monitor",
        EcsServiceScheduler => "ecs-service-scheduler",
        Ecs => "ecs",
        JobController => "job-controller",
        CronJobController => "cronjob-controller",
        StatefulSetController => "statefulset-controller",
        DaemonSetController => "daemonset-controller",
    }
}

// Events compare with their words (`e.reason == "Pulled"`), which the tests use; the ECS
// states (`sim::ecs_status`) have no such comparison, so no shell can match them on text.
macro_rules! eq_str {
    ($($name:ident),+) => {
        $(impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        })+
    };
}

eq_str!(Reason, Component);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_is_spelt_once_and_serialises_as_itself() {
        let mut words: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
        words.extend(Component::ALL.iter().map(|c| c.as_str()));
        let n = words.len();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), n, "a word is used twice");
        assert_eq!(
            serde_json::to_string(&Reason::OOMKilling).unwrap(),
            "\"OOMKilling\""
        );
        assert_eq!(Component::DefaultScheduler.to_string(), "default-scheduler");
        assert!(Reason::Killing == "Killing");
    }
}
