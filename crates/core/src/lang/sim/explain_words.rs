//! The sentences `sim explain pod/NAME` prints beside each row, in English and Japanese: made
//! from the ledger's typed results (`sim::ledger`), never from printed text.

use crate::base::language::Language;
use crate::input::quantity::format_bytes_binary;
use crate::lang::describe::cpu_text;
use crate::sim::ledger::{Attempt, Verdict};

/// Why a node passed or failed Filter, in one sentence.
pub(super) fn filter_sentence(v: Verdict, a: &Attempt, lang: Language) -> String {
    let ja = lang == Language::Ja;
    match v {
        Verdict::Feasible => lang
            .pick(
                "Passed every Filter plugin: the node can run the pod.",
                "すべての Filter プラグインを通過した：このノードで Pod を動かせる。",
            )
            .into(),
        Verdict::NotANode => String::new(),
        Verdict::Unschedulable => lang
            .pick(
                "The node is cordoned (kubectl cordon): it takes no new pods.",
                "ノードが cordon されている（kubectl cordon）：新しい Pod を受け付けない。",
            )
            .into(),
        Verdict::Unreachable => lang
            .pick(
                "The node controller lost contact with the node and tainted it.",
                "ノードコントローラーがノードと連絡を取れず、taint を付けた。",
            )
            .into(),
        Verdict::Taint(_) => lang
            .pick(
                "The node has a taint the pod has no toleration for.",
                "ノードに、Pod が toleration を持たない taint がある。",
            )
            .into(),
        Verdict::Selector => lang
            .pick(
                "The node's labels do not match the pod's nodeSelector.",
                "ノードのラベルが Pod の nodeSelector に合わない。",
            )
            .into(),
        Verdict::Resources { pods, cpu, memory } => {
            let mut short = Vec::new();
            if cpu {
                short.push(format!(
                    "{} {}",
                    lang.pick("CPU", "CPU"),
                    cpu_text(a.cpu_milli)
                ));
            }
            if memory {
                short.push(format!(
                    "{} {}",
                    lang.pick("memory", "メモリ"),
                    format_bytes_binary(a.memory_bytes)
                ));
            }
            let mut s = String::new();
            if !short.is_empty() {
                s = if ja {
                    format!(
                        "ノードの空きが Pod の要求（{}）に足りない。",
                        short.join("、")
                    )
                } else {
                    format!(
                        "Less is left on the node than the pod requests ({}).",
                        short.join(", ")
                    )
                };
            }
            if pods {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(lang.pick(
                    "The node already runs as many pods as it allows (maxPods).",
                    "ノードの Pod 数がすでに上限（maxPods）に達している。",
                ));
            }
            s
        }
    }
}

/// Several nodes with the same result (the aggregated Filter table).
pub(super) fn count_sentence(v: Verdict, nodes: usize, a: &Attempt, lang: Language) -> String {
    let one = filter_sentence(v, a, lang);
    match lang {
        Language::En => format!("{nodes} node(s): {}", lower_first(&one)),
        Language::Ja => format!("{nodes} ノード：{one}"),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.starts_with("CPU") => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

/// Where one scored node stands against the chosen one.
pub(super) fn score_sentence(
    is_chosen: bool,
    tied_with_best: bool,
    behind: u64,
    mostly_on: &str,
    lang: Language,
) -> String {
    match (is_chosen, tied_with_best, lang) {
        (true, false, _) => lang
            .pick("Highest total: chosen.", "合計が最も高い：選ばれた。")
            .into(),
        (true, true, _) => lang
            .pick(
                "Tied for the highest total: the seeded draw chose it.",
                "最高点で同点：シード付きの抽選で選ばれた。",
            )
            .into(),
        (false, true, _) => lang
            .pick(
                "Tied for the highest total: the draw chose another node.",
                "最高点で同点だったが、抽選で別のノードが選ばれた。",
            )
            .into(),
        (false, false, Language::En) => {
            format!("{behind} below the chosen node, mostly on {mostly_on}.")
        }
        (false, false, Language::Ja) => {
            format!("選ばれたノードより {behind} 点低い（主に {mostly_on}）。")
        }
    }
}

/// The header line of one attempt.
pub(super) fn attempt_header(
    number: u64,
    total: u64,
    at: &str,
    chosen: Option<&str>,
    lang: Language,
) -> String {
    match (chosen, lang) {
        (Some(node), Language::En) => {
            format!("Attempt {number} of {total} at {at}: bound to {node}")
        }
        (None, Language::En) => {
            format!("Attempt {number} of {total} at {at}: no node fits (Pending)")
        }
        (Some(node), Language::Ja) => {
            format!("試行 {number}/{total}（{at}）：{node} に割り当て")
        }
        (None, Language::Ja) => {
            format!("試行 {number}/{total}（{at}）：収まるノードがない（Pending）")
        }
    }
}

/// How many nodes were looked at, and what sampling skipped.
pub(super) fn nodes_line(a: &Attempt, nodes: usize, evaluated: usize, lang: Language) -> String {
    let feasible = a.feasible;
    let skipped = nodes.saturating_sub(evaluated);
    let pct = a.sampling_percentage();
    match (skipped, lang) {
        (0, Language::En) => format!(
            "Nodes: {nodes} in the cluster, {evaluated} evaluated, {feasible} feasible."
        ),
        (_, Language::En) => format!(
            "Nodes: {nodes} in the cluster; percentageOfNodesToScore {pct}%: filtering stopped \
             after finding {feasible} feasible node(s) (enough: {}), {evaluated} evaluated, \
             {skipped} not evaluated.",
            a.to_find
        ),
        (0, Language::Ja) => format!(
            "ノード：クラスターに {nodes}、評価 {evaluated}、候補（feasible）{feasible}。"
        ),
        (_, Language::Ja) => format!(
            "ノード：クラスターに {nodes}。percentageOfNodesToScore {pct}%：候補が {feasible} \
             見つかった時点でフィルタリングを止めた（目標 {}）。評価 {evaluated}、未評価 {skipped}。",
            a.to_find
        ),
    }
}

/// The tie-break line.
pub(super) fn tie_line(tied: u32, position: u32, node: &str, lang: Language) -> String {
    let draws = tied - 1;
    match (position, lang) {
        (0, Language::En) => format!(
            "Tie-break: {tied} nodes shared the highest total; Select's reservoir sampling made \
             {draws} seeded draw(s) and none replaced the first of them, {node}."
        ),
        (p, Language::En) => format!(
            "Tie-break: {tied} nodes shared the highest total; Select's reservoir sampling made \
             {draws} seeded draw(s): {node}, tied node {} in filter order, won draw {p} \
             (1 chance in {}) and no later draw replaced it.",
            p + 1,
            p + 1
        ),
        (0, Language::Ja) => format!(
            "同点の決着：{tied} ノードが最高点で並んだ。Select のリザーバサンプリングがシード付きの\
             抽選を {draws} 回行い、最初の {node} が入れ替わらなかった。"
        ),
        (p, Language::Ja) => format!(
            "同点の決着：{tied} ノードが最高点で並んだ。Select のリザーバサンプリングがシード付きの\
             抽選を {draws} 回行い、フィルター順で {} 番目の {node} が {p} 回目の抽選（確率 1/{}）に\
             当たり、その後入れ替わらなかった。",
            p + 1,
            p + 1
        ),
    }
}
