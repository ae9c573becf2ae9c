//! `sim explain pod/NAME [--node NODE] [-n NAMESPACE] [--lang en|ja]`: the scheduler's decision
//! ledger (`sim::ledger`) for one pod, attempt by attempt, in aligned tables with the plugins
//! in kube-scheduler's own names and a sentence per row. Sunaba's own addition: `kubectl
//! describe pod` stays exactly as kubectl prints it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::base::clock::human_duration;
use crate::base::command::{Args, CommandError};
use crate::base::language::Language;
use crate::lang::printers::Table;
use crate::lang::sim::explain_words::{
    attempt_header, count_sentence, filter_sentence, nodes_line, score_sentence, tie_line,
};
use crate::sim::ledger::{Attempt, PodLedger, ScoreRow, Verdict, SCORE_ROWS_MAX};
use crate::sim::scheduler::{NodeInfo, SPREAD_WEIGHT};
use crate::world::World;

/// Past this many nodes evaluated, the Filter table counts nodes per result instead of
/// listing each node.
const FILTER_ROWS_MAX: usize = 20;

const USAGE: &str =
    "error: usage: sim explain pod/NAME [--node NODE] [-n NAMESPACE] [--lang en|ja]";

pub(super) fn explain_pod(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let lang = match a.flag("lang") {
        None => Language::En,
        Some(code) => Language::from_code(code).ok_or_else(|| {
            CommandError::new(format!(
                "error: invalid argument \"{code}\" for \"--lang\" flag: expected en or ja"
            ))
        })?,
    };
    let [target] = a.positional.as_slice() else {
        return Err(CommandError::new(USAGE));
    };
    let name = match target.split_once('/') {
        Some(("pod" | "pods" | "po", name)) => name,
        Some((kind, _)) => {
            return Err(CommandError::new(format!(
                "error: sim explain explains a pod's scheduling, not a {kind}: pod/NAME"
            )))
        }
        None => target.as_str(),
    };
    if name.is_empty() {
        return Err(CommandError::new(USAGE));
    }
    let ns = a.namespace();
    let ledger = &w.scheduling.ledger;
    let current = w.k.store.pod_names.get(&(ns.clone(), name.to_string()));
    let pod = match current.and_then(|id| ledger.pod(*id)) {
        Some(p) => p,
        None => match ledger.find(&ns, name) {
            Some((_, p)) => p,
            None if current.is_some() => {
                let why = if ledger.evicted_pods > 0 {
                    lang.pick(
                        "its record may have been evicted to keep the ledger within its bounds",
                        "台帳を上限内に保つため記録が捨てられた可能性がある",
                    )
                } else {
                    lang.pick(
                        "it was placed without the kube-scheduler (an ECS task, or a pod with spec.nodeName)",
                        "kube-scheduler を通らずに置かれた（ECS のタスク、または spec.nodeName を指定した Pod）",
                    )
                };
                return Err(CommandError::new(match lang {
                    Language::En => {
                        format!("error: pod/{name} has no scheduling attempts in the ledger: {why}")
                    }
                    Language::Ja => {
                        format!("error: pod/{name} のスケジューリング試行は台帳にない：{why}")
                    }
                }));
            }
            None => {
                return Err(CommandError::new(format!(
                    "Error from server (NotFound): pods \"{name}\" not found"
                )))
            }
        },
    };
    let nodes = &w.k.nodes;
    let mut out = intro(pod, ledger.evicted_pods, ledger.limits, lang);
    match a.flag("node") {
        Some(node) => {
            let at: Vec<usize> = nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.name == node && !n.hidden)
                .map(|(i, _)| i)
                .collect();
            if at.is_empty() {
                return Err(CommandError::new(format!(
                    "Error from server (NotFound): nodes \"{node}\" not found"
                )));
            }
            out.push_str(&one_node(pod, node, &at, lang));
        }
        None => {
            let total = pod.dropped + pod.attempts.len() as u64;
            for (i, attempt) in pod.attempts.iter().enumerate() {
                out.push('\n');
                out.push_str(&one_attempt(attempt, pod.number(i), total, nodes, lang));
            }
        }
    }
    Ok(out)
}

fn intro(
    pod: &PodLedger,
    evicted: u64,
    limits: crate::sim::ledger::Limits,
    lang: Language,
) -> String {
    let mut out = match lang {
        Language::En => format!(
            "Scheduling decisions for pod {}/{} (kube-scheduler, default profile):\n",
            pod.namespace, pod.name
        ),
        Language::Ja => format!(
            "Pod {}/{} のスケジューリングの判断（kube-scheduler、デフォルトのプロファイル）：\n",
            pod.namespace, pod.name
        ),
    };
    if pod.dropped > 0 {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Language::En => format!(
                    "({} older attempt(s) dropped: the ledger keeps the newest {} per pod.)",
                    pod.dropped, limits.attempts_per_pod
                ),
                Language::Ja => format!(
                    "（古い試行 {} 件は捨てた：台帳は Pod ごとに新しい {} 件を残す。）",
                    pod.dropped, limits.attempts_per_pod
                ),
            }
        );
    }
    if evicted > 0 {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Language::En => format!(
                    "(The ledger has evicted {evicted} pod(s)' decisions, stalest first, to stay \
                     within {} pods and {} MiB.)",
                    limits.pods,
                    limits.bytes >> 20
                ),
                Language::Ja => format!(
                    "（台帳は {} Pod・{} MiB 以内に収めるため、古いものから {evicted} Pod 分の判断を捨てた。）",
                    limits.pods,
                    limits.bytes >> 20
                ),
            }
        );
    }
    out
}

fn node_name(nodes: &[NodeInfo], i: usize) -> &str {
    nodes.get(i).map_or("?", |n| n.name.as_str())
}

fn result_text(v: Verdict, a: &Attempt) -> String {
    match v {
        Verdict::Feasible => "Passed".into(),
        _ => v.reasons(&a.taints).join(", "),
    }
}

fn one_attempt(a: &Attempt, number: u64, total: u64, nodes: &[NodeInfo], lang: Language) -> String {
    let chosen = a.chosen.map(|c| node_name(nodes, c as usize));
    let at = format!("t={}", human_duration(a.time_ms));
    let mut out = attempt_header(number, total, &at, chosen, lang);
    out.push('\n');
    let evaluated: Vec<(usize, Verdict)> = a
        .evaluated()
        .filter(|(_, v)| *v != Verdict::NotANode)
        .collect();
    // Table entries that were not nodes then (removed, Fargate pools) are not counted.
    let in_cluster = (a.all_nodes as usize) - (a.evaluated_count() - evaluated.len());
    let _ = writeln!(
        out,
        "  {}",
        nodes_line(a, in_cluster, evaluated.len(), lang)
    );
    out.push_str("\n  Filter:\n");
    let table = if evaluated.len() <= FILTER_ROWS_MAX {
        let rows = evaluated
            .iter()
            .map(|&(i, v)| {
                vec![
                    node_name(nodes, i).to_string(),
                    v.plugin().map_or("-", |p| p.name()).to_string(),
                    result_text(v, a),
                    filter_sentence(v, a, lang),
                ]
            })
            .collect();
        Table::new(&["NODE", "PLUGIN", "RESULT", "WHY"], rows)
    } else {
        // Failing plugins in kube-scheduler's order, then the nodes that passed.
        let mut groups: BTreeMap<(u8, String), (Verdict, usize)> = BTreeMap::new();
        for &(_, v) in &evaluated {
            let order = v.plugin().map_or(u8::MAX, |p| p as u8);
            groups.entry((order, result_text(v, a))).or_insert((v, 0)).1 += 1;
        }
        let rows = groups
            .into_iter()
            .map(|((_, result), (v, n))| {
                vec![
                    v.plugin().map_or("-", |p| p.name()).to_string(),
                    result,
                    n.to_string(),
                    count_sentence(v, n, a, lang),
                ]
            })
            .collect();
        Table::new(&["PLUGIN", "RESULT", "NODES", "WHY"], rows)
    };
    out.push_str(&indent(&table.render()));
    if !a.scores.is_empty() {
        out.push_str(&score_section(a, nodes, lang));
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// `raw → normalized ×weight = weighted`.
fn cell(raw: u64, normalised: u64, weight: u64) -> String {
    format!("{raw} → {normalised} ×{weight} = {}", normalised * weight)
}

fn score_section(a: &Attempt, nodes: &[NodeInfo], lang: Language) -> String {
    let mut out = String::from("\n  Score:\n");
    let _ = writeln!(
        out,
        "  {}",
        lang.pick(
            "(each plugin: raw score → normalized 0-100 ×weight = weighted; * the chosen node)",
            "（各プラグイン：素点 → 正規化 0-100 ×重み = 加重点。* は選ばれたノード）",
        )
    );
    let best = a.scores.first().map_or(0, |r| r.total);
    let chosen_row = a.chosen.and_then(|c| a.scores.iter().find(|r| r.node == c));
    let rows = a
        .scores
        .iter()
        .map(|r| {
            let is_chosen = Some(r.node) == a.chosen;
            let mark = if is_chosen { "* " } else { "  " };
            let (behind, mostly) = chosen_row.map_or((0, ""), |c| gap(c, r));
            vec![
                format!("{mark}{}", node_name(nodes, r.node as usize)),
                cell(u64::from(r.least), u64::from(r.least), 1),
                cell(u64::from(r.balanced), u64::from(r.balanced), 1),
                if a.spread {
                    cell(u64::from(r.spread_raw), u64::from(r.spread), SPREAD_WEIGHT)
                } else {
                    "-".into()
                },
                r.total.to_string(),
                score_sentence(
                    is_chosen,
                    a.tie.is_some() && r.total == best,
                    behind,
                    mostly,
                    lang,
                ),
            ]
        })
        .collect();
    let table = Table::new(
        &[
            "NODE",
            "NodeResourcesFit",
            "NodeResourcesBalancedAllocation",
            "PodTopologySpread",
            "TOTAL",
            "WHY",
        ],
        rows,
    );
    out.push_str(&indent(&table.render()));
    let more = (a.feasible as usize).saturating_sub(a.scores.len());
    if more > 0 {
        let _ = writeln!(
            out,
            "  {}",
            match lang {
                Language::En => format!(
                    "… and {more} more feasible node(s), scored but not kept (the ledger keeps the best {SCORE_ROWS_MAX} by total)."
                ),
                Language::Ja => format!(
                    "… ほかに候補ノードが {more}（採点したが、台帳は合計の上位 {SCORE_ROWS_MAX} だけを残す）。"
                ),
            }
        );
    }
    if !a.spread {
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                "PodTopologySpread: no default constraints apply (the pod has no owner, or only one node was feasible).",
                "PodTopologySpread：デフォルトの制約は適用されない（Pod にオーナーがない、または候補が 1 ノードだけ）。",
            )
        );
    }
    if let (Some(tie), Some(c)) = (a.tie, a.chosen) {
        let _ = writeln!(
            out,
            "  {}",
            tie_line(tie.tied, tie.position, node_name(nodes, c as usize), lang)
        );
    }
    out
}

/// How far `r` is behind the chosen row, and on which plugin most.
fn gap(chosen: &ScoreRow, r: &ScoreRow) -> (u64, &'static str) {
    let parts = [
        (
            i64::from(chosen.least) - i64::from(r.least),
            "NodeResourcesFit",
        ),
        (
            i64::from(chosen.balanced) - i64::from(r.balanced),
            "NodeResourcesBalancedAllocation",
        ),
        (
            (i64::from(chosen.spread) - i64::from(r.spread)) * SPREAD_WEIGHT as i64,
            "PodTopologySpread",
        ),
    ];
    let mostly = parts
        .iter()
        .max_by_key(|(d, _)| *d)
        .map_or("", |(_, name)| *name);
    (u64::from(chosen.total.saturating_sub(r.total)), mostly)
}

/// `--node NODE`: that node's result in every attempt kept.
fn one_node(pod: &PodLedger, node: &str, at: &[usize], lang: Language) -> String {
    let mut out = match lang {
        Language::En => format!("\nNode {node}, attempt by attempt:\n"),
        Language::Ja => format!("\nノード {node}（試行ごと）：\n"),
    };
    let rows = pod
        .attempts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let found = at
                .iter()
                .find_map(|&idx| a.verdict_of(idx).map(|v| (idx, v)));
            let time = format!("t={}", human_duration(a.time_ms));
            let number = pod.number(i).to_string();
            let Some((idx, v)) = found else {
                let missing = at.iter().all(|&idx| idx >= a.all_nodes as usize);
                let why = match (missing, lang) {
                    (true, _) => lang.pick(
                        "The node was not in the cluster yet.",
                        "ノードはまだクラスターになかった。",
                    ),
                    (false, _) => lang.pick(
                        "Not evaluated: sampling (percentageOfNodesToScore) had found enough feasible nodes before reaching it.",
                        "未評価：このノードに届く前に、サンプリング（percentageOfNodesToScore）が十分な候補を見つけた。",
                    ),
                };
                return vec![number, time, "-".into(), lang.pick("not evaluated", "未評価").into(), "-".into(), "-".into(), why.into()];
            };
            let row = a.scores.iter().position(|r| r.node as usize == idx);
            let (total, rank, why) = match (v, row) {
                (Verdict::Feasible, Some(place)) => {
                    let r = &a.scores[place];
                    let best = a.scores.first().map_or(0, |b| b.total);
                    let chosen_row = a.chosen.and_then(|c| a.scores.iter().find(|x| x.node == c));
                    let (behind, mostly) = chosen_row.map_or((0, ""), |c| gap(c, r));
                    (
                        r.total.to_string(),
                        format!("{}/{}", place + 1, a.feasible),
                        score_sentence(
                            a.chosen == Some(r.node),
                            a.tie.is_some() && r.total == best,
                            behind,
                            mostly,
                            lang,
                        ),
                    )
                }
                (Verdict::Feasible, None) => (
                    "-".into(),
                    "-".into(),
                    match lang {
                        Language::En => format!("Passed every filter; its total was below the best {SCORE_ROWS_MAX} kept."),
                        Language::Ja => format!("すべての Filter を通過したが、合計が残した上位 {SCORE_ROWS_MAX} より低かった。"),
                    },
                ),
                _ => ("-".into(), "-".into(), filter_sentence(v, a, lang)),
            };
            vec![
                number,
                time,
                v.plugin().map_or("-", |p| p.name()).to_string(),
                result_text(v, a),
                total,
                rank,
                why,
            ]
        })
        .collect();
    let table = Table::new(
        &[
            "ATTEMPT", "TIME", "PLUGIN", "RESULT", "TOTAL", "RANK", "WHY",
        ],
        rows,
    );
    out.push_str(&table.render());
    out
}
