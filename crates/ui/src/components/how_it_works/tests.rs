//! The component's memory (what animates) and its caption.

use sunaba_core::sim::event_reason::{Component, Reason};
use sunaba_core::sim::events::{EventType, TraceEvent};

use super::*;
use Part::*;

fn item(seq: u64, source: Component, reason: Reason) -> TraceItem {
    TraceItem {
        seq,
        event: TraceEvent {
            time_ms: seq * 10,
            type_: EventType::Normal,
            reason,
            object: format!("pod/p{seq}"),
            namespace: "default".to_owned(),
            message: String::new(),
            source,
            service_action: None,
        },
    }
}

#[test]
fn only_new_events_animate_and_at_most_a_few_at_once() {
    let mut seen = Seen::default();
    let old: Vec<TraceItem> = (1..=3)
        .map(|s| item(s, Component::Kubelet, Reason::Started))
        .collect();
    seen.update(&old, &[]);
    assert!(
        seen.pulses.is_empty(),
        "events from before mount do not animate"
    );
    assert_eq!(seen.last.as_ref().map(|p| p.key.as_str()), Some("e3"));

    let mut trace = old.clone();
    trace.extend((4..=13).map(|s| item(s, Component::Kubelet, Reason::Killing)));
    seen.update(&trace, &[]);
    assert_eq!(seen.pulses.len(), PULSES_MAX);
    assert_eq!(seen.pulses.last().map(|p| p.key.as_str()), Some("e13"));
    assert_eq!(seen.pulses[0].key, format!("e{}", 14 - PULSES_MAX));
    assert!(seen.pulses[1].delay_s > seen.pulses[0].delay_s, "staggered");

    seen.update(&trace, &[]);
    assert_eq!(seen.pulses.len(), PULSES_MAX, "a re-render adds nothing");

    let log = vec![LogEntry {
        command: "kubectl delete pod web-1".to_owned(),
        output: String::new(),
        ok: true,
        at_ms: 200,
    }];
    seen.update(&trace, &log);
    let last = seen.last.clone().expect("the command");
    assert_eq!(last.parts, &[You, Api]);
    assert_eq!(
        caption(&last, &EN),
        "last: you / CI → kube-apiserver: kubectl delete pod web-1"
    );
}

#[test]
fn the_caption_names_who_acted_and_on_what() {
    let pulse = event_pulse(&item(9, Component::Kubelet, Reason::Killing), 0.0);
    assert_eq!(
        caption(&pulse, &EN),
        "last: kubelet → container runtime: Killing pod/p9"
    );
    assert_eq!(
        caption(&pulse, &JA),
        "直近: kubelet → コンテナランタイム: Killing pod/p9"
    );
}
