//! The scheduler's decision ledger: for every scheduling attempt of a pod, what each Filter
//! plugin found, what each Score plugin gave, the totals, the node chosen and how a tie was
//! broken, so `sim explain pod/NAME` can say why a pod landed where it did (or nowhere).
//!
//! **One implementation.** The ledger is filled through the scheduler's [`Record`] hooks, called
//! from inside `Scheduler::schedule_recorded` with the very values the decision is made of; it
//! never filters or scores on its own, so it cannot disagree with the scheduler.
//!
//! **Compact and bounded** (5,000 nodes, 150,000 pods, ≥ 100,000 decisions/s):
//! - Filter results are one byte per node *evaluated* ([`Verdict`] encoded): the node is known
//!   by its position, `(start + i) mod N`, so no index is stored. Nodes sampling skipped are not
//!   stored at all, only counted (`percentageOfNodesToScore`). Recording every evaluated node
//!   costs a byte push per node, small next to the Filter plugins themselves, and answers
//!   "why not this node?" exactly for any node evaluated.
//! - Score rows (node, each plugin's raw/normalised score, total) are kept for the top
//!   [`SCORE_ROWS_MAX`] nodes by total (the chosen one always among them, even when more tie);
//!   the others are counted. A row is a few bytes; taint reasons are stored once per attempt.
//! - Per pod, the newest [`Limits::attempts_per_pod`] attempts (older ones counted as dropped);
//!   overall, at most [`Limits::pods`] pods and [`Limits::bytes`] bytes: the pod whose newest
//!   attempt is oldest is evicted first, and the ledger counts the evicted pods so the output
//!   can say so.
//!
//! Measured (`cargo xtask bench core --only ledger`, best of runs on a
//! shared 2-core machine): 500 nodes 4.2 → 6.6 µs per decision, 5,000 nodes 8.5 → 11.1 µs
//! (50,000 pods; the 16 MiB bound reached, the stalest pods evicted); end to end (a
//! Deployment created, scheduled, bound, its events) the difference is within the noise. The
//! first version, which kept a score row for every feasible node, cost 3-4× that: rows are
//! now made only for the best nodes, from the scheduler's own totals, after Select.
//!
//! Deterministic: ordered maps only, no clock but the kernel's time passed in.

use std::collections::{BTreeMap, VecDeque};

use crate::base::clock::Millis;
use crate::sim::scheduler::{taint_reason, NodeInfo, Record, Selection, Unfit, SPREAD_WEIGHT};
use crate::sim::store::PodId;

/// Score rows kept per attempt: the best nodes by total.
pub const SCORE_ROWS_MAX: usize = 16;
/// Distinct untolerated-taint reasons named per attempt (more are counted without a name).
const TAINTS_MAX: usize = 64;

/// The ledger's bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// A pod's newest attempts kept; older ones are dropped and counted.
    pub attempts_per_pod: usize,
    /// Pods with a ledger; past it the stalest pod's ledger is evicted.
    pub pods: usize,
    /// Approximate heap bytes of every record together.
    pub bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            attempts_per_pod: 16,
            pods: 20_000,
            bytes: 16 << 20,
        }
    }
}

/// The Filter plugins of the default profile, in kube-scheduler's names and order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum FilterPlugin {
    NodeUnschedulable,
    TaintToleration,
    NodeAffinity,
    NodeResourcesFit,
}

impl FilterPlugin {
    pub fn name(self) -> &'static str {
        match self {
            FilterPlugin::NodeUnschedulable => "NodeUnschedulable",
            FilterPlugin::TaintToleration => "TaintToleration",
            FilterPlugin::NodeAffinity => "NodeAffinity",
            FilterPlugin::NodeResourcesFit => "NodeResourcesFit",
        }
    }
}

/// One node's Filter result in one attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Passed every Filter plugin.
    Feasible,
    /// A table entry the kube-scheduler does not consider (a removed node, a Fargate pool).
    NotANode,
    Unschedulable,
    /// The node controller's `node.kubernetes.io/unreachable` taint.
    Unreachable,
    /// An untolerated taint: its reason in the attempt's `taints` (`None`: past the bound).
    Taint(Option<u8>),
    Selector,
    /// NodeResourcesFit, every resource short at once.
    Resources {
        pods: bool,
        cpu: bool,
        memory: bool,
    },
}

const CODE_TAINT_BASE: u8 = 16;
const CODE_RESOURCES: u8 = 8;

impl Verdict {
    fn code(self) -> u8 {
        match self {
            Verdict::Feasible => 0,
            Verdict::NotANode => 1,
            Verdict::Unschedulable => 2,
            Verdict::Unreachable => 3,
            Verdict::Selector => 4,
            Verdict::Taint(None) => 5,
            Verdict::Resources { pods, cpu, memory } => {
                CODE_RESOURCES | u8::from(pods) | u8::from(cpu) << 1 | u8::from(memory) << 2
            }
            Verdict::Taint(Some(i)) => CODE_TAINT_BASE + i,
        }
    }

    fn from_code(code: u8) -> Verdict {
        match code {
            0 => Verdict::Feasible,
            2 => Verdict::Unschedulable,
            3 => Verdict::Unreachable,
            4 => Verdict::Selector,
            5 => Verdict::Taint(None),
            c if (CODE_RESOURCES..CODE_TAINT_BASE).contains(&c) => Verdict::Resources {
                pods: c & 1 != 0,
                cpu: c & 2 != 0,
                memory: c & 4 != 0,
            },
            c if c >= CODE_TAINT_BASE => Verdict::Taint(Some(c - CODE_TAINT_BASE)),
            _ => Verdict::NotANode,
        }
    }

    /// The plugin that rejected the node (`None`: it passed, or is not a node).
    pub fn plugin(self) -> Option<FilterPlugin> {
        match self {
            Verdict::Feasible | Verdict::NotANode => None,
            Verdict::Unschedulable => Some(FilterPlugin::NodeUnschedulable),
            Verdict::Unreachable | Verdict::Taint(_) => Some(FilterPlugin::TaintToleration),
            Verdict::Selector => Some(FilterPlugin::NodeAffinity),
            Verdict::Resources { .. } => Some(FilterPlugin::NodeResourcesFit),
        }
    }

    /// kube-scheduler's reason strings for this result, as `FitError` counts them (a node short
    /// of CPU and memory gives two).
    pub fn reasons(self, taints: &[String]) -> Vec<&str> {
        use crate::sim::scheduler::{
            REASON_CPU, REASON_MEMORY, REASON_PODS, REASON_SELECTOR, REASON_UNREACHABLE,
            REASON_UNSCHEDULABLE,
        };
        match self {
            Verdict::Feasible | Verdict::NotANode => Vec::new(),
            Verdict::Unschedulable => vec![REASON_UNSCHEDULABLE],
            Verdict::Unreachable => vec![REASON_UNREACHABLE],
            Verdict::Selector => vec![REASON_SELECTOR],
            Verdict::Taint(Some(i)) => taints
                .get(usize::from(i))
                .map(String::as_str)
                .into_iter()
                .collect(),
            Verdict::Taint(None) => vec!["node(s) had untolerated taint"],
            Verdict::Resources { pods, cpu, memory } => [
                (pods, REASON_PODS),
                (cpu, REASON_CPU),
                (memory, REASON_MEMORY),
            ]
            .into_iter()
            .filter_map(|(short, r)| short.then_some(r))
            .collect(),
        }
    }
}

/// One feasible node's scores in one attempt (the default profile's Score plugins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScoreRow {
    /// Index in the node table.
    pub node: u32,
    /// NodeResourcesFit (LeastAllocated), 0..=100, weight 1 (its own score is already 0..=100).
    pub least: u8,
    /// NodeResourcesBalancedAllocation, 0..=100, weight 1.
    pub balanced: u8,
    /// PodTopologySpread's Score (in thousandths of a weighted pod count: lower is better;
    /// saturating).
    pub spread_raw: u32,
    /// PodTopologySpread after NormalizeScore, 0..=100 (weight [`SPREAD_WEIGHT`]).
    pub spread: u8,
    /// The weighted sum Select compares (at most 100 + 100 + 2 × 100).
    pub total: u16,
}

/// How Select broke a tie for the highest total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tie {
    /// Nodes sharing the highest total.
    pub tied: u32,
    /// The chosen node's place among them in filter order, from 0. Reservoir sampling draws
    /// once per tied node after the first (`below(2)`, `below(3)`, …): the node at place `p`
    /// won draw `p` (a zero from `below(p + 1)`) and no later draw replaced it; place 0 means
    /// no draw replaced the first.
    pub position: u32,
}

/// One scheduling attempt of one pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub time_ms: Millis,
    /// What the pod asked for (its requests).
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    /// Entries in the node table when it ran.
    pub all_nodes: u32,
    /// Where filtering started (round-robin over the table).
    pub start: u32,
    /// Feasible nodes that were enough (`percentageOfNodesToScore`); equal to `all_nodes`
    /// below 100 nodes.
    pub to_find: u32,
    /// One [`Verdict`] code per node evaluated, in filter order.
    filters: Box<[u8]>,
    /// The untolerated-taint reasons met, each once.
    pub taints: Vec<String>,
    /// Nodes that passed every filter.
    pub feasible: u32,
    /// PodTopologySpread's default constraints applied (the pod has an owner and more than one
    /// node was feasible).
    pub spread: bool,
    /// The best [`SCORE_ROWS_MAX`] feasible nodes by total, highest first (filter order among
    /// equals).
    pub scores: Vec<ScoreRow>,
    /// The node bound; `None`: unschedulable.
    pub chosen: Option<u32>,
    /// Set when more than one node shared the highest total.
    pub tie: Option<Tie>,
}

impl Attempt {
    /// Nodes evaluated by the Filter plugins (and table entries passed over), in filter order.
    pub fn evaluated(&self) -> impl Iterator<Item = (usize, Verdict)> + '_ {
        let n = self.all_nodes.max(1) as usize;
        self.filters
            .iter()
            .enumerate()
            .map(move |(i, &c)| ((self.start as usize + i) % n, Verdict::from_code(c)))
    }

    /// How many table entries were evaluated (the rest were skipped by sampling).
    pub fn evaluated_count(&self) -> usize {
        self.filters.len()
    }

    /// The sampling percentage kube-scheduler used (`percentageOfNodesToScore`'s adaptive
    /// default); 100 below 100 nodes.
    pub fn sampling_percentage(&self) -> u32 {
        if self.all_nodes < 100 {
            100
        } else {
            (50u32.saturating_sub(self.all_nodes / 125)).max(5)
        }
    }

    /// This node's result, if it was evaluated.
    pub fn verdict_of(&self, node: usize) -> Option<Verdict> {
        self.evaluated().find(|(i, _)| *i == node).map(|(_, v)| v)
    }

    fn bytes(&self) -> usize {
        std::mem::size_of::<Attempt>()
            + self.filters.len()
            + self.taints.iter().map(|t| t.len() + 24).sum::<usize>()
            + self.scores.len() * std::mem::size_of::<ScoreRow>()
    }
}

/// Fills one [`Attempt`] through the scheduler's [`Record`] hooks. Kept and reused between
/// attempts (its buffers keep their capacity), so recording allocates only the attempt itself.
#[derive(Default)]
pub struct AttemptRecorder {
    all_nodes: usize,
    start: usize,
    to_find: usize,
    filters: Vec<u8>,
    taints: Vec<String>,
    feasible: u32,
    /// The best totals so far: (total, place in `totals`), highest first, filter order among
    /// equals; at most [`SCORE_ROWS_MAX`].
    top: Vec<(u64, usize)>,
    rows: Vec<ScoreRow>,
    spread: bool,
    chosen: Option<usize>,
    tie: Option<Tie>,
}

impl Record for AttemptRecorder {
    fn begin(&mut self, all_nodes: usize, start: usize, to_find: usize) {
        self.all_nodes = all_nodes;
        self.start = start;
        self.to_find = to_find;
        self.filters.clear();
        self.taints.clear();
        self.feasible = 0;
        self.rows.clear();
        self.spread = false;
        self.chosen = None;
        self.tie = None;
    }

    fn not_a_node(&mut self) {
        self.filters.push(Verdict::NotANode.code());
    }

    fn unfit(&mut self, node: &NodeInfo, unfit: Unfit) {
        let verdict = match unfit {
            Unfit::Unschedulable => Verdict::Unschedulable,
            Unfit::Unreachable => Verdict::Unreachable,
            Unfit::Selector => Verdict::Selector,
            Unfit::Resources { pods, cpu, memory } => Verdict::Resources { pods, cpu, memory },
            Unfit::Taint(i) => Verdict::Taint(node.taints.get(i).and_then(|t| {
                let text = taint_reason(t);
                let at = match self.taints.iter().position(|x| *x == text) {
                    Some(at) => at,
                    None if self.taints.len() < TAINTS_MAX => {
                        self.taints.push(text);
                        self.taints.len() - 1
                    }
                    None => return None,
                };
                u8::try_from(at).ok()
            })),
        };
        self.filters.push(verdict.code());
    }

    fn feasible(&mut self) {
        self.filters.push(Verdict::Feasible.code());
        self.feasible += 1;
    }

    fn selected(&mut self, s: &Selection) {
        self.chosen = s.chosen;
        self.spread = s.spread.is_some();
        // The best totals, in one pass: a later node enters only with a strictly higher total
        // than the last kept, so equals stay in filter order (as Select met them).
        self.top.clear();
        for (place, &(_, total)) in s.totals.iter().enumerate() {
            let full = self.top.len() == SCORE_ROWS_MAX;
            if full && self.top.last().is_some_and(|&(t, _)| t >= total) {
                continue;
            }
            if full {
                self.top.pop();
            }
            let at = self.top.partition_point(|&(t, _)| t >= total);
            self.top.insert(at, (total, place));
        }
        // More nodes tied for the best than rows kept: the chosen one (a best) takes the last
        // row, in its filter-order place among the tied.
        if let Some(chosen) = s.chosen {
            if !self.top.iter().any(|&(_, p)| s.totals[p].0 == chosen) {
                if let Some(place) = s.totals.iter().position(|&(i, _)| i == chosen) {
                    self.top.pop();
                    self.top.push((s.totals[place].1, place));
                    self.top
                        .sort_unstable_by_key(|&(t, p)| (std::cmp::Reverse(t), p));
                }
            }
        }
        for &(total, place) in &self.top {
            let node = s.totals[place].0;
            let (least, balanced) = s.resource_scores(node);
            let (spread_raw, spread) = s
                .spread
                .map_or((0, 0), |(raw, normalised)| (raw[place], normalised[place]));
            debug_assert_eq!(least + balanced + SPREAD_WEIGHT * spread, total);
            self.rows.push(ScoreRow {
                node: node as u32,
                least: least.min(100) as u8,
                balanced: balanced.min(100) as u8,
                spread_raw: u32::try_from(spread_raw).unwrap_or(u32::MAX),
                spread: spread.min(100) as u8,
                total: total.min(u64::from(u16::MAX)) as u16,
            });
        }
        let (Some(chosen), Some(&(best, _))) = (s.chosen, self.top.first()) else {
            return;
        };
        let (mut tied, mut position) = (0u32, 0u32);
        for &(i, t) in s.totals {
            if t == best {
                if i == chosen {
                    position = tied;
                }
                tied += 1;
            }
        }
        if tied > 1 {
            self.tie = Some(Tie { tied, position });
        }
    }
}

impl AttemptRecorder {
    /// The attempt just recorded (the recorder is ready for the next one).
    pub fn finish(&mut self, time_ms: Millis, cpu_milli: u64, memory_bytes: u64) -> Attempt {
        Attempt {
            time_ms,
            cpu_milli,
            memory_bytes,
            all_nodes: self.all_nodes as u32,
            start: self.start as u32,
            to_find: self.to_find as u32,
            filters: Box::from(&self.filters[..]),
            taints: std::mem::take(&mut self.taints),
            feasible: self.feasible,
            spread: self.spread,
            scores: self.rows.clone(),
            chosen: self.chosen.map(|c| c as u32),
            tie: self.tie,
        }
    }
}

/// One pod's attempts, oldest first.
#[derive(Clone, Debug, Default)]
pub struct PodLedger {
    pub namespace: String,
    pub name: String,
    pub attempts: VecDeque<Attempt>,
    /// Older attempts dropped to keep the newest [`Limits::attempts_per_pod`].
    pub dropped: u64,
    /// The ledger's sequence number of the newest attempt (its place in eviction order).
    newest: u64,
    bytes: usize,
}

impl PodLedger {
    /// The number of the `i`-th attempt kept (1 is the pod's first attempt ever).
    pub fn number(&self, i: usize) -> u64 {
        self.dropped + i as u64 + 1
    }
}

/// Every pod's attempts, bounded (see the module's comment).
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    pods: BTreeMap<PodId, PodLedger>,
    /// Pods by the sequence number of their newest attempt: the first is evicted first.
    by_age: BTreeMap<u64, PodId>,
    seq: u64,
    bytes: usize,
    /// Pods whose ledger was evicted to stay within the bounds.
    pub evicted_pods: u64,
    pub limits: Limits,
}

impl Ledger {
    /// Adds `attempt` to pod `id`'s ledger, then keeps within the bounds.
    pub fn push(&mut self, id: PodId, namespace: &str, name: &str, attempt: Attempt) {
        self.seq += 1;
        let bytes = attempt.bytes();
        let pod = self.pods.entry(id).or_insert_with(|| PodLedger {
            namespace: namespace.to_string(),
            name: name.to_string(),
            bytes: namespace.len() + name.len() + std::mem::size_of::<PodLedger>(),
            ..PodLedger::default()
        });
        if pod.newest != 0 {
            self.by_age.remove(&pod.newest);
        } else {
            self.bytes += pod.bytes;
        }
        pod.newest = self.seq;
        self.by_age.insert(self.seq, id);
        pod.attempts.push_back(attempt);
        pod.bytes += bytes;
        self.bytes += bytes;
        while pod.attempts.len() > self.limits.attempts_per_pod.max(1) {
            if let Some(old) = pod.attempts.pop_front() {
                let b = old.bytes();
                pod.bytes -= b;
                self.bytes -= b;
                pod.dropped += 1;
            }
        }
        // The pod just recorded is the newest: it goes last, and never while it is alone.
        while (self.pods.len() > self.limits.pods.max(1) || self.bytes > self.limits.bytes)
            && self.pods.len() > 1
        {
            let Some((_, victim)) = self.by_age.pop_first() else {
                break;
            };
            if let Some(gone) = self.pods.remove(&victim) {
                self.bytes -= gone.bytes;
                self.evicted_pods += 1;
            }
        }
    }

    pub fn pod(&self, id: PodId) -> Option<&PodLedger> {
        self.pods.get(&id)
    }

    /// The newest pod of that name with a ledger (a pod deleted since, or renamed by a new
    /// one of the same name, e.g. a StatefulSet's, is still found).
    pub fn find(&self, namespace: &str, name: &str) -> Option<(PodId, &PodLedger)> {
        self.pods
            .iter()
            .rev()
            .find(|(_, p)| p.namespace == namespace && p.name == name)
            .map(|(id, p)| (*id, p))
    }

    /// Pods with a ledger, by id.
    pub fn pods(&self) -> impl Iterator<Item = (PodId, &PodLedger)> {
        self.pods.iter().map(|(id, p)| (*id, p))
    }

    /// Approximate bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}
