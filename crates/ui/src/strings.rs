//! Every piece of UI text, in one place, so a second language is one more table.
//!
//! kubectl output, event reasons and pod statuses are never translated: learners must
//! recognise them at work. Only the playground's own words live here.

/// The words of one language. Templates use `{name}` placeholders, filled by [`fill`].
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    pub title: &'static str,
    pub tagline: &'static str,
    pub clock_label: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub speed_group: &'static str,
    /// `{speed}`: the multiplier. Shown beside the speed buttons.
    pub speed_explain: &'static str,
    pub timings_real: &'static str,
    pub timings_compressed: &'static str,
    pub paused_explain: &'static str,
    pub editor_heading: &'static str,
    pub editor_hint: &'static str,
    pub editor_label: &'static str,
    pub read_only: &'static str,
    pub apply: &'static str,
    pub apply_error_heading: &'static str,
    pub cluster_heading: &'static str,
    pub cluster_hint: &'static str,
    pub no_nodes: &'static str,
    pub node_no_pods: &'static str,
    /// `{node}`: the node name (the card's accessible name).
    pub node_aria: &'static str,
    pub cpu: &'static str,
    pub memory: &'static str,
    /// `{requested}`, `{allocatable}`: e.g. "250m of 2 CPU requested".
    pub requested_of: &'static str,
    pub pending_heading: &'static str,
    /// `{pod}`: the pod name.
    pub kill_pod_aria: &'static str,
    pub ready_label: &'static str,
    pub restarts_label: &'static str,
    pub restart_label: &'static str,
    /// `{seconds}`: time left before the next restart attempt.
    pub back_off_in: &'static str,
    pub pulling: &'static str,
    pub terminating: &'static str,
    pub events_heading: &'static str,
    pub charts_heading: &'static str,
    pub charts_hint: &'static str,
    pub chart_availability: &'static str,
    pub chart_ready_of: &'static str,
    pub chart_traffic: &'static str,
    pub chart_success: &'static str,
    pub events_empty: &'static str,
    pub col_last_seen: &'static str,
    pub col_type: &'static str,
    pub col_reason: &'static str,
    pub col_object: &'static str,
    pub col_message: &'static str,
    pub log_heading: &'static str,
    pub log_hint: &'static str,
    pub log_empty: &'static str,
}

pub const EN: Strings = Strings {
    title: "Sunaba 砂場",
    tagline:
        "A Kubernetes playground in your browser. Apply, break things, and watch the cluster heal.",
    clock_label: "Virtual time",
    play: "Play",
    pause: "Pause",
    speed_group: "Simulation speed",
    speed_explain: "×{speed}: 1 s of real time = {speed} s in the cluster",
    timings_real: "Kubernetes timings: real (back-off 10 s…5 min, eviction after 5 min)",
    timings_compressed:
        "Kubernetes timings compressed ×{n} for classroom pace (sim compress 1 restores them)",
    paused_explain: "Paused: the cluster's clock is stopped",
    editor_heading: "Definition",
    editor_hint: "Edit the YAML, then Apply (Ctrl/⌘ + Enter).",
    editor_label: "Kubernetes definition (YAML)",
    read_only: "read-only",
    apply: "Apply",
    apply_error_heading: "kubectl apply failed",
    cluster_heading: "Cluster",
    cluster_hint: "Click a pod to kill its container, then watch the kubelet restart it.",
    no_nodes: "No nodes yet.",
    node_no_pods: "No pods on this node.",
    node_aria: "Node {node}",
    cpu: "CPU",
    memory: "Memory",
    requested_of: "{requested} / {allocatable}",
    pending_heading: "Pending (not scheduled)",
    kill_pod_aria: "Kill container of pod {pod}",
    ready_label: "ready",
    restarts_label: "restarts",
    restart_label: "restart",
    back_off_in: "retry in {seconds}s",
    pulling: "pulling image",
    terminating: "terminating",
    events_heading: "Events",
    charts_heading: "Availability",
    charts_hint: "Last 5 minutes. Try: sim traffic nginx 50, then kill a pod.",
    chart_availability: "deployment/{name}: ready vs desired",
    chart_ready_of: "{ready}/{desired} ready",
    chart_traffic: "service/{name}: successful requests",
    chart_success: "{pct}% ok · {ms} ms",
    events_empty: "No events yet. Apply a definition to start.",
    col_last_seen: "LAST SEEN",
    col_type: "TYPE",
    col_reason: "REASON",
    col_object: "OBJECT",
    col_message: "MESSAGE",
    log_heading: "Commands",
    log_hint: "Every action runs a real command. Try them at work.",
    log_empty: "No commands yet.",
};

/// The table for the current language (only English so far).
pub fn strings() -> &'static Strings {
    &EN
}

/// Fills `{key}` placeholders in a template.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill(EN.speed_explain, &[("speed", "10")]),
            "×10: 1 s of real time = 10 s in the cluster"
        );
    }
}
