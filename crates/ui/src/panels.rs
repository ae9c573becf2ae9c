//! Which panels a playground shows (the `panels` mount option: embeds often want only a few).

/// Panel names as the `panels` option spells them, in page order.
pub const NAMES: [&str; 11] = [
    "timeline",
    "editor",
    "narration",
    "cluster",
    "terminal",
    "how-it-works",
    "reconcile",
    "charts",
    "events",
    "environments",
    "dockerfile",
];

/// What the cluster column shows: Kubernetes, Amazon ECS, or the two side by side (the
/// `mode` mount option; tabs switch it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ViewMode {
    #[default]
    Kubernetes,
    Ecs,
    SideBySide,
}

impl ViewMode {
    pub const ALL: [ViewMode; 3] = [ViewMode::Kubernetes, ViewMode::Ecs, ViewMode::SideBySide];

    /// `kubernetes`, `ecs`, `side-by-side` (the option's spelling).
    pub fn name(self) -> &'static str {
        match self {
            ViewMode::Kubernetes => "kubernetes",
            ViewMode::Ecs => "ecs",
            ViewMode::SideBySide => "side-by-side",
        }
    }

    pub fn parse(s: &str) -> Option<ViewMode> {
        ViewMode::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panels {
    pub timeline: bool,
    pub editor: bool,
    /// What just happened, in plain words, above the cluster.
    pub narration: bool,
    pub cluster: bool,
    pub terminal: bool,
    pub how_it_works: bool,
    pub reconcile: bool,
    pub charts: bool,
    pub events: bool,
    /// Accounts and environments as swimlanes.
    pub environments: bool,
    pub dockerfile: bool,
}

impl Default for Panels {
    fn default() -> Self {
        Panels::all()
    }
}

impl Panels {
    pub fn all() -> Panels {
        Panels::from_fn(|_| true)
    }

    fn from_fn(mut on: impl FnMut(&str) -> bool) -> Panels {
        Panels {
            timeline: on("timeline"),
            editor: on("editor"),
            narration: on("narration"),
            cluster: on("cluster"),
            terminal: on("terminal"),
            how_it_works: on("how-it-works"),
            reconcile: on("reconcile"),
            charts: on("charts"),
            events: on("events"),
            environments: on("environments"),
            dockerfile: on("dockerfile"),
        }
    }

    /// Exactly the named panels. Unknown names are returned as errors (the known ones still
    /// count); an empty list shows everything rather than a blank box.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> (Panels, Vec<String>) {
        let wanted: Vec<String> = names
            .iter()
            .map(|n| n.as_ref().trim().to_ascii_lowercase())
            .collect();
        let (known, unknown): (Vec<String>, Vec<String>) = wanted
            .into_iter()
            .partition(|n| NAMES.contains(&n.as_str()));
        if known.is_empty() {
            return (Panels::all(), unknown);
        }
        (
            Panels::from_fn(|name| known.iter().any(|k| k == name)),
            unknown,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_select_panels_and_unknown_ones_are_reported() {
        let (p, unknown) = Panels::from_names(&["Editor", "cluster", "charts", "nope"]);
        assert!(p.editor && p.cluster && p.charts);
        assert!(!p.terminal && !p.events && !p.timeline && !p.how_it_works && !p.reconcile);
        assert!(!p.dockerfile);
        assert!(Panels::from_names(&["dockerfile"]).0.dockerfile);
        assert_eq!(unknown, vec!["nope".to_owned()]);
        let (p, _) = Panels::from_names(&["bogus"]);
        assert_eq!(p, Panels::all(), "nothing known: show everything");
        let (p, unknown) = Panels::from_names::<&str>(&[]);
        assert_eq!((p, unknown.len()), (Panels::all(), 0));
    }
}
