//! Reconcile loop inspector: every controller pass as desired vs observed and the action taken
//! ("desired 3 · observed 2 · ready 2 → create 1 pod"), newest first, with a step mode that
//! pauses the clock and jumps to the world's next wake-up one click at a time.
//!
//! Plain data in, callbacks out: the pass records come from the core (`ReconcileRecord`), the
//! stepping is the app's `Action::Step`. Object names and actions stay as the core wrote them.

use std::rc::Rc;

use sunaba_core::sim::history::ReconcileRecord;
use yew::prelude::*;

use crate::format;
use crate::strings::{fill, use_lang};

/// Our own words in English and Japanese.
pub struct ReconcileText {
    pub heading: &'static str,
    pub hint: &'static str,
    /// In ECS mode: the service scheduler is the loop.
    pub hint_ecs: &'static str,
    /// The scrolling table's own name (the panel is named by its heading).
    pub table_label: &'static str,
    pub empty_ecs: &'static str,
    /// `{desired}`, `{observed}`, `{ready}`: replica counts; `{action}`: what the pass did.
    pub words: &'static str,
    /// Shown for the action `none`.
    pub no_action: &'static str,
    pub newest: &'static str,
    pub empty: &'static str,
    pub step_mode: &'static str,
    pub step_mode_explain: &'static str,
    pub next_pass: &'static str,
    /// `{time}`: the virtual time of the next wake-up.
    pub next_at: &'static str,
    pub nothing_scheduled: &'static str,
    pub col_time: &'static str,
    pub col_controller: &'static str,
    pub col_object: &'static str,
    pub col_pass: &'static str,
}

pub const EN: ReconcileText = ReconcileText {
    heading: "Reconcile loop",
    hint: "Each controller pass compares what you asked for with what it sees, then acts.",
    hint_ecs: "Each pass of the ECS service scheduler compares desiredCount with the running, healthy tasks, then starts or stops tasks.",
    empty_ecs: "No service scheduler pass yet. Create a service to see one.",
    table_label: "Controller passes, newest first",
    words: "desired {desired} · observed {observed} · ready {ready} → {action}",
    no_action: "nothing to do",
    newest: "newest",
    empty: "No controller pass yet. Apply a Deployment to see one.",
    step_mode: "Step mode",
    step_mode_explain: "pauses the clock",
    next_pass: "Next pass",
    next_at: "next wake-up at t = {time}",
    nothing_scheduled: "nothing is scheduled",
    col_time: "time",
    col_controller: "controller",
    col_object: "object",
    col_pass: "desired vs observed → action",
};

pub const JA: ReconcileText = ReconcileText {
    heading: "調整ループ (reconcile)",
    hint: "コントローラーは毎回、望む状態と実際の状態を比べてから動きます。",
    hint_ecs: "ECS のサービススケジューラーは毎回、desiredCount と実行中で正常なタスクを比べ、タスクを起動または停止します。",
    empty_ecs: "サービススケジューラーの処理はまだありません。サービスを作ると表示されます。",
    table_label: "コントローラーの処理 (新しい順)",
    words: "希望 {desired} · 観測 {observed} · Ready {ready} → {action}",
    no_action: "何もしない",
    newest: "最新",
    empty: "コントローラーの処理はまだありません。Deployment を適用すると表示されます。",
    step_mode: "ステップ実行",
    step_mode_explain: "時計を止めます",
    next_pass: "次へ進む",
    next_at: "次の処理は t = {time}",
    nothing_scheduled: "予定された処理はありません",
    col_time: "時刻",
    col_controller: "コントローラー",
    col_object: "オブジェクト",
    col_pass: "希望と観測 → 処理",
};

/// One pass in plain words: `desired 3 · observed 2 · ready 2 → create 1 pod`.
pub fn plain_words(t: &ReconcileText, rec: &ReconcileRecord) -> String {
    let action = if rec.action == "none" || rec.action.is_empty() {
        t.no_action
    } else {
        rec.action.as_str()
    };
    fill(
        t.words,
        &[
            ("desired", &rec.desired.to_string()),
            ("observed", &rec.observed.to_string()),
            ("ready", &rec.ready.to_string()),
            ("action", action),
        ],
    )
}

#[derive(Properties, PartialEq)]
pub struct ReconcileProps {
    /// Oldest first, as the session keeps them.
    pub passes: Rc<Vec<ReconcileRecord>>,
    /// Step mode is on exactly when the clock is paused.
    pub playing: bool,
    pub next_wakeup_ms: Option<u64>,
    pub on_toggle_step: Callback<()>,
    pub on_step: Callback<()>,
    /// Whose passes: Kubernetes' controllers, ECS's service scheduler, or both side by side.
    #[prop_or_default]
    pub mode: crate::panels::ViewMode,
}

/// The controller name the ECS service scheduler's passes carry.
pub const ECS_SCHEDULER: &str = "ecs-service-scheduler";

/// Whether a pass belongs in `mode`'s inspector.
pub fn shown_in(mode: crate::panels::ViewMode, rec: &ReconcileRecord) -> bool {
    use crate::panels::ViewMode;
    match mode {
        ViewMode::Kubernetes => rec.controller != ECS_SCHEDULER,
        ViewMode::Ecs => rec.controller == ECS_SCHEDULER,
        ViewMode::SideBySide => true,
    }
}

#[function_component(Reconcile)]
pub fn reconcile(props: &ReconcileProps) -> Html {
    let ids = crate::ids::use_ids();
    let t = use_lang().pick(&EN, &JA);
    let stepping = !props.playing;
    let on_toggle = props.on_toggle_step.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let next = match props.next_wakeup_ms {
        Some(ms) => fill(t.next_at, &[("time", &format::clock(ms))]),
        None => t.nothing_scheduled.to_owned(),
    };
    let ecs = props.mode == crate::panels::ViewMode::Ecs;
    let (hint, empty) = if ecs {
        (t.hint_ecs, t.empty_ecs)
    } else {
        (t.hint, t.empty)
    };
    let passes: Vec<&ReconcileRecord> = props
        .passes
        .iter()
        .filter(|r| shown_in(props.mode, r))
        .collect();
    let rows = passes.iter().rev().enumerate().map(|(i, rec)| {
        let newest = i == 0;
        let acted = rec.action != "none";
        html! {
            <tr class={classes!("sb-rec-row", newest.then_some("is-newest"), (!acted).then_some("is-idle"))}
                data-testid="reconcile-pass" data-controller={rec.controller} data-action={rec.action.clone()}>
                <td class="sb-nowrap">{ format::clock(rec.time_ms) }</td>
                <td class="sb-rec-controller">{ rec.controller }</td>
                <td class="sb-object">{ &rec.object }</td>
                <td class="sb-rec-words">
                    { plain_words(t, rec) }
                    if newest { <span class="sb-badge sb-rec-newest">{ t.newest }</span> }
                </td>
            </tr>
        }
    });
    html! {
        <section class="sb-panel sb-rec-panel" aria-labelledby={ids.id("rec-heading")} data-testid="reconcile">
            <div class="sb-panel-head">
                <h2 id={ids.id("rec-heading")}>{ t.heading }</h2>
                <p class="sb-hint">{ hint }</p>
            </div>
            <div class="sb-rec-controls">
                <button type="button" class={classes!("sb-btn", stepping.then_some("is-active"))}
                    aria-pressed={stepping.to_string()} data-testid="step-mode" onclick={on_toggle}>
                    { t.step_mode }
                </button>
                <button type="button" class="sb-btn" data-testid="next-pass" onclick={on_step}
                    disabled={props.next_wakeup_ms.is_none()}
                    data-next-wakeup={props.next_wakeup_ms.map(|ms| ms.to_string())}>
                    { t.next_pass }{ " ▸" }
                </button>
                <span class="sb-hint" data-testid="next-wakeup">
                    { if stepping { format!("{} · {next}", t.step_mode_explain) } else { next } }
                </span>
            </div>
            if passes.is_empty() {
                <p class="sb-empty">{ empty }</p>
            } else {
                <div class="sb-rec-scroll" tabindex="0" role="region" aria-label={t.table_label}>
                    <table class="sb-rec">
                        <thead><tr>
                            <th scope="col">{ t.col_time }</th>
                            <th scope="col">{ t.col_controller }</th>
                            <th scope="col">{ t.col_object }</th>
                            <th scope="col">{ t.col_pass }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(desired: u32, observed: u32, ready: u32, action: &str) -> ReconcileRecord {
        ReconcileRecord {
            time_ms: 65_000,
            controller: "replicaset-controller",
            object: "replicaset/web-5d9c7b6f4".to_owned(),
            desired,
            observed,
            ready,
            action: action.to_owned(),
        }
    }

    #[test]
    fn a_pass_reads_as_plain_words_in_both_languages() {
        assert_eq!(
            plain_words(&EN, &pass(3, 2, 2, "create 1 pod")),
            "desired 3 · observed 2 · ready 2 → create 1 pod"
        );
        assert_eq!(
            plain_words(&JA, &pass(3, 2, 2, "create 1 pod")),
            "希望 3 · 観測 2 · Ready 2 → create 1 pod"
        );
        assert_eq!(
            plain_words(&EN, &pass(3, 3, 3, "none")),
            "desired 3 · observed 3 · ready 3 → nothing to do"
        );
        assert_eq!(
            plain_words(&EN, &pass(1, 3, 3, "delete 2 pods")),
            "desired 1 · observed 3 · ready 3 → delete 2 pods"
        );
    }

    #[test]
    fn each_mode_shows_its_own_orchestrators_passes() {
        use crate::panels::ViewMode;
        let k8s = pass(3, 2, 2, "create 1 pod");
        let ecs = ReconcileRecord {
            controller: ECS_SCHEDULER,
            ..pass(2, 1, 1, "start 1 task")
        };
        assert!(shown_in(ViewMode::Kubernetes, &k8s) && !shown_in(ViewMode::Kubernetes, &ecs));
        assert!(shown_in(ViewMode::Ecs, &ecs) && !shown_in(ViewMode::Ecs, &k8s));
        assert!(shown_in(ViewMode::SideBySide, &ecs) && shown_in(ViewMode::SideBySide, &k8s));
    }

    #[test]
    fn japanese_keeps_every_placeholder_of_english() {
        use crate::strings::tests::placeholders;
        for (en, ja) in [(EN.words, JA.words), (EN.next_at, JA.next_at)] {
            assert_eq!(placeholders(en), placeholders(ja), "{en:?} vs {ja:?}");
        }
    }
}
