//! The sentences, made at the edge from a line's typed parts, in English and Japanese.
//! Kubernetes and ECS words (kubelet, ReplicaSet, CrashLoopBackOff, desiredCount, task) and
//! object names stay as the tools print them in both languages; nothing here is parsed back.

use crate::input::model::Millis;
use crate::input::quantity::format_bytes_binary;
use crate::sim::event_facts::{Exit, FitCounts};
use crate::sim::store::ExitReason;
use crate::world::narration::line::NarrationLine;
use crate::world::narration::said::{Gone, Names, Said, ScaleIn, TaskStop};

/// A language the narration speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    En,
    Ja,
}

impl NarrationLine {
    /// The line as a sentence in `lang`.
    pub fn text(&self, lang: Language) -> String {
        let place = Place {
            ecs: self.is_ecs(),
            lang,
        };
        let mut text = match lang {
            Language::En => en(&self.said, place),
            Language::Ja => ja(&self.said, place),
        };
        if self.repeats > 0 {
            text.push_str(&format!(" (×{})", self.repeats.saturating_add(1)));
        }
        text
    }
}

/// Where a line happened, for its words: an ECS cluster's pods are tasks, run by the ECS
/// agent.
#[derive(Clone, Copy)]
struct Place {
    ecs: bool,
    lang: Language,
}

impl Place {
    fn agent(self) -> &'static str {
        if self.ecs {
            match self.lang {
                Language::En => "ECS agent",
                Language::Ja => "ECS エージェント",
            }
        } else {
            "kubelet"
        }
    }

    /// `pod web-…` or `task 1a2b3c4d…`.
    fn pod(self, name: &str) -> String {
        if self.ecs {
            match self.lang {
                Language::En => format!("task {}", short_task(name)),
                Language::Ja => format!("タスク {}", short_task(name)),
            }
        } else {
            match self.lang {
                Language::En => format!("pod {name}"),
                Language::Ja => format!("Pod {name}"),
            }
        }
    }

    /// One pod (`pod web-…`) or several (`3 pods (a, b and c)`).
    fn pods(self, names: &Names) -> String {
        if names.count() == 1 {
            return self.pod(names.first());
        }
        let list = list(names, self.lang, |n| {
            if self.ecs {
                short_task(n)
            } else {
                n.to_owned()
            }
        });
        match (self.lang, self.ecs) {
            (Language::En, false) => format!("{} pods ({list})", names.count()),
            (Language::En, true) => format!("{} tasks ({list})", names.count()),
            (Language::Ja, false) => format!("Pod {} 個 ({list})", names.count()),
            (Language::Ja, true) => format!("タスク {} 個 ({list})", names.count()),
        }
    }
}

/// `pod web-…` → `Pod web-…` at the start of a sentence.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// ECS task ids are 32 hex digits: the first 8 say which.
fn short_task(id: &str) -> String {
    match id.get(..8) {
        Some(head) if id.len() > 8 => format!("{head}…"),
        _ => id.to_owned(),
    }
}

fn tasks(names: &Names, lang: Language) -> String {
    Place { ecs: true, lang }.pods(names)
}

/// `a`, `a and b`, `a, b and c`, `a, b, c and 2 more` (`a、b、c ほか 2 個`).
fn list(names: &Names, lang: Language, show: impl Fn(&str) -> String) -> String {
    let shown: Vec<String> = names.shown.iter().map(|n| show(n)).collect();
    match lang {
        Language::En => {
            let mut parts = shown;
            if names.more > 0 {
                parts.push(format!("{} more", names.more));
            }
            match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                Some((last, _)) => last.clone(),
                None => String::new(),
            }
        }
        Language::Ja => {
            let mut text = shown.join("、");
            if names.more > 0 {
                text.push_str(&format!(" ほか {} 個", names.more));
            }
            text
        }
    }
}

/// `304 ms`, `2.1 s`, `10 s`, `5 min`, `1 min 20 s` (`2.1 秒`, `5 分`, `1 分 20 秒`).
pub fn duration(ms: Millis, lang: Language) -> String {
    let (sec, min) = match lang {
        Language::En => ("s", "min"),
        Language::Ja => ("秒", "分"),
    };
    if ms < 1_000 {
        return match lang {
            Language::En => format!("{ms} ms"),
            Language::Ja => format!("{ms} ミリ秒"),
        };
    }
    if ms < 10_000 && ms % 1_000 != 0 {
        return format!("{}.{} {sec}", ms / 1_000, ms % 1_000 / 100);
    }
    let s = ms / 1_000;
    match (s / 60, s % 60) {
        (0, s) => format!("{s} {sec}"),
        (m, 0) => format!("{m} {min}"),
        (m, s) => format!("{m} {min} {s} {sec}"),
    }
}

/// `2 CPU`, `500m CPU`.
fn cpu(milli: u64) -> String {
    if milli % 1_000 == 0 {
        format!("{} CPU", milli / 1_000)
    } else {
        format!("{milli}m CPU")
    }
}

/// `exited with code 1`, `exited with code 0 (Completed)`.
fn exited(exit: &Exit) -> String {
    match exit.reason {
        ExitReason::Error => format!("exited with code {}", exit.code),
        r => format!("exited with code {} ({r})", exit.code),
    }
}

fn memory_limit_en(limit_bytes: u64) -> String {
    if limit_bytes == 0 {
        "the node's memory (it has no limit)".to_owned()
    } else {
        format!("its memory limit ({})", format_bytes_binary(limit_bytes))
    }
}

fn memory_limit_ja(limit_bytes: u64) -> String {
    if limit_bytes == 0 {
        "ノードのメモリ (上限なし)".to_owned()
    } else {
        format!("メモリ上限 ({})", format_bytes_binary(limit_bytes))
    }
}

fn next_crash_en(next_ms: Millis) -> String {
    if next_ms == 0 {
        String::new()
    } else {
        format!("; the next crash waits {}", duration(next_ms, Language::En))
    }
}

fn next_crash_ja(next_ms: Millis) -> String {
    if next_ms == 0 {
        String::new()
    } else {
        format!(
            "次にクラッシュすると {}待ちます。",
            duration(next_ms, Language::Ja)
        )
    }
}

/// What a pod asks for that no node has free, when only resources are short.
fn shortage(fit: &FitCounts, lang: Language) -> Option<String> {
    let others = fit.cordoned + fit.unreachable + fit.selector + fit.tainted + fit.too_many_pods;
    if others > 0 || fit.short_of_cpu + fit.short_of_memory == 0 {
        return None;
    }
    let memory = format_bytes_binary(fit.memory_bytes);
    let mut parts = Vec::new();
    if fit.short_of_cpu > 0 {
        parts.push(cpu(fit.cpu_milli));
    }
    if fit.short_of_memory > 0 {
        parts.push(match lang {
            Language::En => format!("{memory} of memory"),
            Language::Ja => format!("メモリ {memory}"),
        });
    }
    Some(parts.join(match lang {
        Language::En => " and ",
        Language::Ja => "と",
    }))
}

/// Each reason nodes were ruled out, counted.
fn fit_details(fit: &FitCounts, lang: Language) -> String {
    let reasons: [(u32, &str, &str); 7] = [
        (fit.cordoned, "cordoned", "台が cordon 済み"),
        (fit.unreachable, "NotReady", "台が NotReady"),
        (
            fit.selector,
            "without the labels its nodeSelector asks for",
            "台が nodeSelector に合わない",
        ),
        (
            fit.tainted,
            "with a taint it does not tolerate",
            "台に許容しない taint",
        ),
        (fit.too_many_pods, "full of pods", "台が Pod 数の上限"),
        (fit.short_of_cpu, "short of CPU", "台で CPU 不足"),
        (fit.short_of_memory, "short of memory", "台でメモリ不足"),
    ];
    let parts: Vec<String> = reasons
        .iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, en, ja)| match lang {
            Language::En => format!("{n} {en}"),
            Language::Ja => format!("{n} {ja}"),
        })
        .collect();
    parts.join(match lang {
        Language::En => ", ",
        Language::Ja => "、",
    })
}

fn task_stop_en(why: &TaskStop) -> String {
    match why {
        TaskStop::EssentialExited {
            container: Some(c),
            exit_code: Some(code),
        } => format!("essential container {c} exited with code {code}"),
        TaskStop::EssentialExited { .. } => "an essential container exited".to_owned(),
        TaskStop::FailedToStart => "it failed to start".to_owned(),
        TaskStop::HostLost => "its container instance went away".to_owned(),
        TaskStop::StoppedByUser => "stopped with aws ecs stop-task".to_owned(),
        TaskStop::FailedHealthChecks => "it failed its container health checks".to_owned(),
        TaskStop::FailedLoadBalancerHealthChecks => {
            "it failed its load balancer's health checks".to_owned()
        }
    }
}

fn task_stop_ja(why: &TaskStop) -> String {
    match why {
        TaskStop::EssentialExited {
            container: Some(c),
            exit_code: Some(code),
        } => format!("必須コンテナ {c} が終了コード {code} で終了"),
        TaskStop::EssentialExited { .. } => "必須コンテナが終了".to_owned(),
        TaskStop::FailedToStart => "起動に失敗".to_owned(),
        TaskStop::HostLost => "コンテナインスタンスが失われた".to_owned(),
        TaskStop::StoppedByUser => "aws ecs stop-task で停止".to_owned(),
        TaskStop::FailedHealthChecks => "コンテナのヘルスチェックに失敗".to_owned(),
        TaskStop::FailedLoadBalancerHealthChecks => {
            "ロードバランサーのヘルスチェックに失敗".to_owned()
        }
    }
}

fn en(said: &Said, p: Place) -> String {
    let lang = Language::En;
    let d = |ms| duration(ms, lang);
    match said {
        Said::Restarted {
            pod,
            container,
            exit,
            restarts,
            waited_ms: 0,
            next_back_off_ms,
            oom_limit_bytes,
        } => {
            let what = match oom_limit_bytes {
                Some(limit) => format!(
                    "went over {} and was OOMKilled (exit code 137)",
                    memory_limit_en(*limit)
                ),
                None => exited(exit),
            };
            format!(
                "Container {container} in {} {what}; the {} restarted it (restart {restarts}){}.",
                p.pod(pod),
                p.agent(),
                next_crash_en(*next_back_off_ms)
            )
        }
        Said::Restarted {
            pod,
            container,
            restarts,
            waited_ms,
            next_back_off_ms,
            ..
        } => format!(
            "The {} restarted container {container} in {}, {} after it ended (restart {restarts}){}.",
            p.agent(),
            p.pod(pod),
            d(*waited_ms),
            next_crash_en(*next_back_off_ms)
        ),
        Said::CrashLoop {
            pod,
            container,
            exit,
            restarts,
            delay_ms,
            oom_limit_bytes,
        } => {
            let what = match oom_limit_bytes {
                Some(limit) => format!("went over {} again and was OOMKilled", memory_limit_en(*limit)),
                None => format!(
                    "{} again ({restarts} {} so far)",
                    exited(exit),
                    if *restarts == 1 { "restart" } else { "restarts" }
                ),
            };
            format!(
                "Container {container} in {} {what}; the {} waits {} before restarting it (CrashLoopBackOff).",
                p.pod(pod),
                p.agent(),
                d(*delay_ms)
            )
        }
        Said::OomKilled {
            pod,
            container,
            limit_bytes,
        } => format!(
            "The kernel killed container {container} in {}: it went over {} (OOMKilled, exit code 137).",
            p.pod(pod),
            memory_limit_en(*limit_bytes)
        ),
        Said::Scheduled { placed, more } => {
            let pairs: Vec<String> = placed
                .iter()
                .map(|(pod, node)| format!("{pod} on {node}"))
                .collect();
            if placed.len() == 1 && *more == 0 {
                format!("The scheduler placed pod {}.", pairs[0])
            } else {
                let mut text = format!(
                    "The scheduler placed {} pods: {}",
                    placed.len() as u32 + more,
                    pairs.join(", ")
                );
                if *more > 0 {
                    text.push_str(&format!(" and {more} more"));
                }
                text.push('.');
                text
            }
        }
        Said::Pending { pods, fit } => {
            let (they, verb) = if pods.count() == 1 {
                ("it", "waits")
            } else {
                ("they", "wait")
            };
            let who = p.pods(pods);
            let rest = format!(
                "{verb} (Pending) and the scheduler tries again when the cluster changes"
            );
            if fit.nodes == 0 {
                format!("There is no node: {who} {rest}.")
            } else if let Some(what) = shortage(fit, lang) {
                format!("No node has {what} free for {who}: {they} {rest}.")
            } else {
                format!(
                    "No node can take {who} ({}): {they} {rest}.",
                    fit_details(fit, lang)
                )
            }
        }
        Said::Created {
            replica_set,
            pods,
            desired,
            replacing: Some((gone, how)),
            ..
        } => {
            let how = match how {
                Gone::Deleted => "deleted",
                Gone::Evicted => "evicted",
            };
            format!(
                "The ReplicaSet controller created {} to replace {} ({how}): replicaset {replica_set} wants {desired}.",
                p.pods(pods),
                p.pods(gone)
            )
        }
        Said::Created {
            replica_set,
            pods,
            desired,
            observed,
            replacing: None,
        } => format!(
            "The ReplicaSet controller created {}: replicaset {replica_set} wants {desired} and had {observed}.",
            p.pods(pods)
        ),
        Said::Deleted {
            replica_set,
            pods,
            desired,
        } => format!(
            "The ReplicaSet controller deleted {}: replicaset {replica_set} now wants {desired}.",
            p.pods(pods)
        ),
        Said::Scaled {
            deployment,
            steps,
            rollout: false,
        } if steps.len() == 1 => {
            let (rs, from, to) = &steps[0];
            format!(
                "The Deployment controller scaled replicaset {rs} of deployment {deployment} from {from} to {to}."
            )
        }
        Said::Scaled {
            deployment, steps, ..
        } => {
            let steps: Vec<String> = steps
                .iter()
                .map(|(rs, from, to)| {
                    let dir = if to > from { "up" } else { "down" };
                    format!("{rs} {dir} to {to}")
                })
                .collect();
            format!(
                "Rolling update of deployment {deployment}: the Deployment controller scaled {}.",
                steps.join(", ")
            )
        }
        Said::Pulled {
            image,
            pods,
            pull_ms,
        } => format!(
            "The {} pulled image {image} in {} for {}.",
            p.agent(),
            d(*pull_ms),
            p.pods(pods)
        ),
        Said::PullFailed {
            image,
            pods,
            retry_in_ms,
        } => format!(
            "The {} could not pull image {image} for {} (ErrImagePull); it tries again in {} (ImagePullBackOff).",
            p.agent(),
            p.pods(pods),
            d(*retry_in_ms)
        ),
        Said::Stopping { pods, grace_ms } => format!(
            "{} {} being deleted: the {} sends SIGTERM, then SIGKILL after {} if still running.",
            capitalized(&p.pods(pods)),
            if pods.count() == 1 { "is" } else { "are" },
            p.agent(),
            d(*grace_ms)
        ),
        Said::ProbeKill {
            pod,
            container,
            probe,
        } => format!(
            "The {} probe of container {container} in {} failed too many times: the {} kills it, and it will be restarted.",
            probe.as_str().to_lowercase(),
            p.pod(pod),
            p.agent()
        ),
        Said::NotReady { pod, container } => format!(
            "The readiness probe of container {container} in {} failed: the pod is out of its Services' endpoints until it passes.",
            p.pod(pod)
        ),
        Said::NodeNotReady {
            node,
            pods,
            eviction_in_ms,
        } => {
            let pods = match pods {
                0 => "its pods are".to_owned(),
                1 => "its pod is no longer ready and is".to_owned(),
                n => format!("its {n} pods are no longer ready and are"),
            };
            format!(
                "Node {node} stopped reporting: the node controller marked it NotReady; {pods} evicted in {} unless it comes back.",
                d(*eviction_in_ms)
            )
        }
        Said::NodeReady { node } => {
            format!("Node {node} is back: its kubelet reports Ready again.")
        }
        Said::Evicted { node, pods } => format!(
            "The taint-eviction controller deleted {} from node {node}, NotReady for too long; their ReplicaSets create replacements elsewhere.",
            p.pods(pods)
        ),
        Said::TaskReplaced {
            service,
            stopped,
            started,
            desired,
        } => {
            let stopped_text: Vec<String> = stopped
                .iter()
                .map(|(id, why)| format!("task {} ({})", short_task(id), task_stop_en(why)))
                .collect();
            let essential = stopped
                .iter()
                .any(|(_, w)| matches!(w, TaskStop::EssentialExited { .. }));
            format!(
                "ECS stopped {} and the service scheduler started {} to keep service {service} at desiredCount {desired}{}.",
                stopped_text.join(", "),
                tasks(started, lang),
                if essential {
                    ": ECS replaces the whole task, it does not restart the container in place"
                } else {
                    ""
                }
            )
        }
        Said::TasksStarted {
            service,
            tasks: t,
            desired,
        } => format!(
            "The service scheduler started {} of service {service} (desiredCount {desired}).",
            tasks(t, lang)
        ),
        Said::TasksStopped {
            service,
            tasks: t,
            why,
        } => {
            let why = match why {
                ScaleIn::OldDeployment => "they belong to the previous deployment".to_owned(),
                ScaleIn::ServiceDeleted => "the service is being deleted".to_owned(),
                ScaleIn::DesiredCount(n) => format!("desiredCount is {n}"),
            };
            format!(
                "The service scheduler stopped {} of service {service}: {why}.",
                tasks(t, lang)
            )
        }
        Said::TaskUnplaceable { service } => format!(
            "No container instance has room for the next task of service {service}: it waits until one does."
        ),
        Said::HealthChecksFailed {
            service,
            task,
            by_load_balancer,
        } => format!(
            "Task {} of service {service} failed its {} health checks: the service scheduler stops it.",
            short_task(task),
            if *by_load_balancer {
                "load balancer's"
            } else {
                "container"
            }
        ),
        Said::DeploymentCompleted { service } => format!(
            "The deployment of service {service} completed: every task runs its new task definition."
        ),
        Said::DeploymentFailed { service } => format!(
            "The circuit breaker failed the deployment of service {service}: its tasks keep failing to start."
        ),
        Said::RollingBack { service } => {
            format!("Service {service} rolls back to its last completed deployment.")
        }
        Said::StartThrottled { service } => format!(
            "Tasks of service {service} keep failing: the service scheduler waits longer between launches."
        ),
        Said::SteadyState { service } => format!(
            "Service {service} reached a steady state: as many tasks run as it wants."
        ),
    }
}

fn ja(said: &Said, p: Place) -> String {
    let lang = Language::Ja;
    let d = |ms| duration(ms, lang);
    match said {
        Said::Restarted {
            pod,
            container,
            exit,
            restarts,
            waited_ms: 0,
            next_back_off_ms,
            oom_limit_bytes,
        } => {
            let what = match oom_limit_bytes {
                Some(limit) => format!(
                    "{} を超えて OOMKilled になり (終了コード 137)",
                    memory_limit_ja(*limit)
                ),
                None => match exit.reason {
                    ExitReason::Error => format!("終了コード {} で終了し", exit.code),
                    r => format!("終了コード {} ({r}) で終了し", exit.code),
                },
            };
            format!(
                "{} のコンテナ {container} が{what}、{} が再起動しました (再起動 {restarts} 回目)。{}",
                p.pod(pod),
                p.agent(),
                next_crash_ja(*next_back_off_ms)
            )
            .trim_end()
            .to_owned()
        }
        Said::Restarted {
            pod,
            container,
            restarts,
            waited_ms,
            next_back_off_ms,
            ..
        } => format!(
            "{} が {} のコンテナ {container} を終了から {}後に再起動しました (再起動 {restarts} 回目)。{}",
            p.agent(),
            p.pod(pod),
            d(*waited_ms),
            next_crash_ja(*next_back_off_ms)
        )
        .trim_end()
        .to_owned(),
        Said::CrashLoop {
            pod,
            container,
            exit,
            restarts,
            delay_ms,
            oom_limit_bytes,
        } => {
            let what = match oom_limit_bytes {
                Some(limit) => format!("再び{} を超えて OOMKilled になりました", memory_limit_ja(*limit)),
                None => format!(
                    "再び終了コード {} で終了しました (これまでに {restarts} 回再起動)",
                    exit.code
                ),
            };
            format!(
                "{} のコンテナ {container} が{what}。{} は {}待ってから再起動します (CrashLoopBackOff)。",
                p.pod(pod),
                p.agent(),
                d(*delay_ms)
            )
        }
        Said::OomKilled {
            pod,
            container,
            limit_bytes,
        } => format!(
            "カーネルが {} のコンテナ {container} を強制終了しました: {} を超えました (OOMKilled、終了コード 137)。",
            p.pod(pod),
            memory_limit_ja(*limit_bytes)
        ),
        Said::Scheduled { placed, more } => {
            let pairs: Vec<String> = placed
                .iter()
                .map(|(pod, node)| format!("{pod} → {node}"))
                .collect();
            if placed.len() == 1 && *more == 0 {
                let (pod, node) = &placed[0];
                format!("スケジューラが Pod {pod} を {node} に配置しました。")
            } else {
                let mut text = format!(
                    "スケジューラが Pod {} 個を配置しました: {}",
                    placed.len() as u32 + more,
                    pairs.join("、")
                );
                if *more > 0 {
                    text.push_str(&format!(" ほか {more} 個"));
                }
                text.push('。');
                text
            }
        }
        Said::Pending { pods, fit } => {
            let who = p.pods(pods);
            let rest = "待機しています (Pending)。クラスタが変わるとスケジューラが再び試みます。";
            if fit.nodes == 0 {
                format!("ノードがないため、{who} は{rest}")
            } else if let Some(what) = shortage(fit, lang) {
                format!("{what} の空きがあるノードがないため、{who} は{rest}")
            } else {
                format!(
                    "{who} を置けるノードがありません ({})。{rest}",
                    fit_details(fit, lang)
                )
            }
        }
        Said::Created {
            replica_set,
            pods,
            desired,
            replacing: Some((gone, how)),
            ..
        } => {
            let how = match how {
                Gone::Deleted => "削除",
                Gone::Evicted => "退避",
            };
            format!(
                "ReplicaSet コントローラーが、{how}された {} の代わりに {} を作成しました (replicaset {replica_set} の希望数は {desired})。",
                p.pods(gone),
                p.pods(pods)
            )
        }
        Said::Created {
            replica_set,
            pods,
            desired,
            observed,
            replacing: None,
        } => format!(
            "ReplicaSet コントローラーが {} を作成しました: replicaset {replica_set} は {desired} 個を望み、{observed} 個しかありませんでした。",
            p.pods(pods)
        ),
        Said::Deleted {
            replica_set,
            pods,
            desired,
        } => format!(
            "ReplicaSet コントローラーが {} を削除しました: replicaset {replica_set} の希望数は {desired} になりました。",
            p.pods(pods)
        ),
        Said::Scaled {
            deployment,
            steps,
            rollout: false,
        } if steps.len() == 1 => {
            let (rs, from, to) = &steps[0];
            format!(
                "Deployment コントローラーが deployment {deployment} の replicaset {rs} を {from} から {to} にスケールしました。"
            )
        }
        Said::Scaled {
            deployment, steps, ..
        } => {
            let steps: Vec<String> = steps
                .iter()
                .map(|(rs, from, to)| {
                    let dir = if to > from { "増やし" } else { "減らし" };
                    format!("{rs} を {to} に{dir}")
                })
                .collect();
            format!(
                "deployment {deployment} のローリングアップデート: Deployment コントローラーが {}ました。",
                steps.join("、")
            )
        }
        Said::Pulled {
            image,
            pods,
            pull_ms,
        } => format!(
            "{} が {} のためにイメージ {image} を取得しました ({})。",
            p.agent(),
            p.pods(pods),
            d(*pull_ms)
        ),
        Said::PullFailed {
            image,
            pods,
            retry_in_ms,
        } => format!(
            "{} は {} のためのイメージ {image} を取得できませんでした (ErrImagePull)。{}後に再試行します (ImagePullBackOff)。",
            p.agent(),
            p.pods(pods),
            d(*retry_in_ms)
        ),
        Said::Stopping { pods, grace_ms } => format!(
            "{} を削除中です: {} が SIGTERM を送り、{}経っても動いていれば SIGKILL します。",
            p.pods(pods),
            p.agent(),
            d(*grace_ms)
        ),
        Said::ProbeKill {
            pod,
            container,
            probe,
        } => format!(
            "{} のコンテナ {container} の {} プローブが規定回数失敗しました: {} が停止し、再起動されます。",
            p.pod(pod),
            probe.as_str().to_lowercase(),
            p.agent()
        ),
        Said::NotReady { pod, container } => format!(
            "{} のコンテナ {container} の readiness プローブが失敗しました: 成功するまで Service のエンドポイントから外れます。",
            p.pod(pod)
        ),
        Said::NodeNotReady {
            node,
            pods,
            eviction_in_ms,
        } => {
            let pods = match pods {
                0 => String::new(),
                n => format!("上の Pod {n} 個は Ready でなくなり、"),
            };
            format!(
                "ノード {node} からの報告が途絶え、ノードコントローラーが NotReady にしました。{pods}戻らなければ {}後に退避されます。",
                d(*eviction_in_ms)
            )
        }
        Said::NodeReady { node } => {
            format!("ノード {node} が復帰しました: kubelet が再び Ready を報告しています。")
        }
        Said::Evicted { node, pods } => format!(
            "taint-eviction コントローラーが、長く NotReady だったノード {node} から {} を削除しました。ReplicaSet が別の場所に代わりを作ります。",
            p.pods(pods)
        ),
        Said::TaskReplaced {
            service,
            stopped,
            started,
            desired,
        } => {
            let stopped_text: Vec<String> = stopped
                .iter()
                .map(|(id, why)| format!("タスク {} ({})", short_task(id), task_stop_ja(why)))
                .collect();
            let essential = stopped
                .iter()
                .any(|(_, w)| matches!(w, TaskStop::EssentialExited { .. }));
            format!(
                "ECS が{} を停止し、サービススケジューラがサービス {service} を desiredCount {desired} に保つため{} を起動しました。{}",
                stopped_text.join("、"),
                tasks(started, lang),
                if essential {
                    "ECS はコンテナをその場で再起動せず、タスクごと置き換えます。"
                } else {
                    ""
                }
            )
            .trim_end()
            .to_owned()
        }
        Said::TasksStarted {
            service,
            tasks: t,
            desired,
        } => format!(
            "サービススケジューラがサービス {service} の{} を起動しました (desiredCount {desired})。",
            tasks(t, lang)
        ),
        Said::TasksStopped {
            service,
            tasks: t,
            why,
        } => {
            let why = match why {
                ScaleIn::OldDeployment => "以前のデプロイメントのタスクのため".to_owned(),
                ScaleIn::ServiceDeleted => "サービスが削除中のため".to_owned(),
                ScaleIn::DesiredCount(n) => format!("desiredCount が {n} のため"),
            };
            format!(
                "サービススケジューラがサービス {service} の{} を停止しました ({why})。",
                tasks(t, lang)
            )
        }
        Said::TaskUnplaceable { service } => format!(
            "サービス {service} の次のタスクを置けるコンテナインスタンスがありません: 空きができるまで待ちます。"
        ),
        Said::HealthChecksFailed {
            service,
            task,
            by_load_balancer,
        } => format!(
            "サービス {service} のタスク {} が{}のヘルスチェックに失敗しました: サービススケジューラが停止します。",
            short_task(task),
            if *by_load_balancer {
                "ロードバランサー"
            } else {
                "コンテナ"
            }
        ),
        Said::DeploymentCompleted { service } => format!(
            "サービス {service} のデプロイが完了しました: すべてのタスクが新しいタスク定義で動いています。"
        ),
        Said::DeploymentFailed { service } => format!(
            "サーキットブレーカーがサービス {service} のデプロイを失敗としました: タスクが起動に失敗し続けています。"
        ),
        Said::RollingBack { service } => {
            format!("サービス {service} は最後に完了したデプロイにロールバックします。")
        }
        Said::StartThrottled { service } => format!(
            "サービス {service} のタスクが失敗し続けているため、サービススケジューラは起動の間隔を空けます。"
        ),
        Said::SteadyState { service } => format!(
            "サービス {service} が安定状態になりました: 望む数のタスクが動いています。"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_person_says_them() {
        let en = |ms| duration(ms, Language::En);
        assert_eq!(en(304), "304 ms");
        assert_eq!(en(2_412), "2.4 s");
        assert_eq!(en(10_000), "10 s");
        assert_eq!(en(300_000), "5 min");
        assert_eq!(en(80_000), "1 min 20 s");
        assert_eq!(duration(80_000, Language::Ja), "1 分 20 秒");
    }

    #[test]
    fn name_lists_count_what_they_do_not_show() {
        let mut names = Names::one("a");
        assert_eq!(list(&names, Language::En, str::to_owned), "a");
        names.push("b");
        assert_eq!(list(&names, Language::En, str::to_owned), "a and b");
        for n in ["c", "d", "e", "c"] {
            names.push(n);
        }
        assert_eq!(names.count(), 5);
        assert_eq!(
            list(&names, Language::En, str::to_owned),
            "a, b, c and 2 more"
        );
        assert_eq!(
            list(&names, Language::Ja, str::to_owned),
            "a、b、c ほか 2 個"
        );
        assert_eq!(short_task("0123456789abcdef"), "01234567…");
    }
}
