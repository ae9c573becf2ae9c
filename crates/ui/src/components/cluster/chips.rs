//! A pod as a chip: name, STATUS (text and colour), READY, RESTARTS, the back-off countdown or
//! the image pull progress; a click, Enter or Space opens its action menu.

use sunaba_core::sim::pod_status::StatusKind;
use sunaba_core::sim::view::PodView;
use yew::prelude::*;

use super::actions::pod_actions;
use super::menu::ActionMenu;
use super::{text, MenuKey};
use crate::strings::{fill, use_lang, use_strings};

/// Elements one chip adds to the page (wrapper, button, name, status, meta), without its
/// optional detail line and open menu. Kept honest by a browser test.
pub const POD_CHIP_DOM_NODES: usize = 5;

/// The families that kubectl's many STATUS strings fall into: one colour each, always shown
/// together with the status text itself, and counted per node by the compact view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusFamily {
    /// Running with every container ready.
    Ok,
    /// On its way: Pending, ContainerCreating, Init:0/1, Running but not ready yet.
    Progress,
    /// Failing: CrashLoopBackOff, Error, ImagePullBackOff, OOMKilled, Init:Error…
    Bad,
    /// Finished: Completed, Succeeded.
    Done,
    /// Going away: Terminating.
    Muted,
}

impl StatusFamily {
    pub fn of(pod: &PodView) -> StatusFamily {
        if pod.terminating {
            return StatusFamily::Muted;
        }
        match pod.kind {
            StatusKind::Running if pod.all_ready => StatusFamily::Ok,
            StatusKind::Running | StatusKind::Progressing => StatusFamily::Progress,
            StatusKind::Completed => StatusFamily::Done,
            StatusKind::Terminating => StatusFamily::Muted,
            StatusKind::Failing => StatusFamily::Bad,
        }
    }

    /// The CSS class carrying the family's colours.
    pub fn tone(self) -> &'static str {
        match self {
            StatusFamily::Ok => "tone-ok",
            StatusFamily::Progress => "tone-progress",
            StatusFamily::Bad => "tone-bad",
            StatusFamily::Done => "tone-done",
            StatusFamily::Muted => "tone-muted",
        }
    }
}

/// Colour family of a kubectl STATUS (always shown together with the status text).
pub fn status_tone(pod: &PodView) -> &'static str {
    StatusFamily::of(pod).tone()
}

/// Whole seconds left in a back-off at `now_ms`, rounded up; `None` when not backing off.
pub fn back_off_seconds_left(pod: &PodView, now_ms: u64) -> Option<u64> {
    pod.back_off_until_ms
        .filter(|&until| until > now_ms)
        .map(|until| (until - now_ms).div_ceil(1000))
}

#[derive(Properties, PartialEq)]
pub struct PodChipProps {
    pub pod: PodView,
    /// Seconds left in back-off (not the clock itself: a chip redraws only when this changes).
    pub back_off_s: Option<u64>,
    /// Whether this chip's menu is the open one.
    pub open: bool,
    pub on_menu: Callback<Option<MenuKey>>,
    pub on_command: Callback<String>,
}

/// A pod: name, STATUS, READY, RESTARTS; a button opening the pod's action menu.
#[function_component(PodChip)]
pub fn pod_chip(props: &PodChipProps) -> Html {
    let s = use_strings();
    let t = text(use_lang());
    let trigger = use_node_ref();
    let p = &props.pod;
    let restarts_word = if p.restarts == 1 {
        s.restart_label
    } else {
        s.restarts_label
    };
    let key = MenuKey::Pod(p.namespace.clone(), p.name.clone());
    let detail = if p.terminating {
        Some(html! { <span class="sb-pod-detail">{ s.terminating }</span> })
    } else if let Some(seconds) = props.back_off_s {
        Some(html! {
            <span class="sb-pod-detail" data-testid="back-off">
                { fill(s.back_off_in, &[("seconds", &seconds.to_string())]) }
            </span>
        })
    } else {
        p.pull_progress_ms.map(|(done, total)| {
            html! {
                <span class="sb-pod-detail sb-pull">
                    { s.pulling }
                    <progress max={total.max(1).to_string()} value={done.min(total).to_string()}></progress>
                </span>
            }
        })
    };
    let onclick = {
        let (on_menu, open) = (props.on_menu.clone(), props.open);
        let key = key.clone();
        Callback::from(move |_: MouseEvent| on_menu.emit((!open).then(|| key.clone())))
    };
    let label = fill(
        t.pod_chip_aria,
        &[
            ("pod", &p.name),
            ("status", &p.status),
            ("ready", &p.ready),
            ("restarts", &p.restarts.to_string()),
        ],
    );
    let menu_label = fill(t.pod_menu_aria, &[("pod", &p.name)]);
    html! {
        <div class="sb-pod-wrap">
            <button type="button" ref={trigger.clone()} class={classes!("sb-pod", status_tone(p))}
                data-testid="pod" data-pod={p.name.clone()} data-namespace={p.namespace.clone()}
                data-status={p.status.clone()} data-restarts={p.restarts.to_string()}
                aria-haspopup="menu" aria-expanded={props.open.to_string()}
                aria-label={label} {onclick}>
                <span class="sb-pod-name">
                    // An ECS task's containers run here too: tagged, with the task id's start.
                    if sunaba_core::ecs::task::is_task_namespace(&p.namespace) {
                        <span class="sb-pod-ns sb-ecs-tag" data-testid="pod-ecs-task">{ format!("{} ", t.ecs_task) }</span>
                    } else if !p.namespace.is_empty() && p.namespace != "default" {
                        <span class="sb-pod-ns" data-testid="pod-namespace">{ format!("{}/", p.namespace) }</span>
                    }
                    { if sunaba_core::ecs::task::is_task_namespace(&p.namespace) { p.name.chars().take(8).collect::<String>() } else { p.name.clone() } }
                </span>
                <span class="sb-pod-status">{ &p.status }</span>
                <span class="sb-pod-meta">
                    { format!("{} {} · {} {}", p.ready, s.ready_label, p.restarts, restarts_word) }
                </span>
                { detail.unwrap_or_default() }
            </button>
            // `if`, not `for`: an optional child that keeps its slot, so opening the menu
            // does not recreate the chip's button (and lose its focus).
            if props.open {
                <ActionMenu items={pod_actions(p)} testid_prefix="pod-action" label={menu_label}
                    trigger={trigger} on_menu={props.on_menu.clone()}
                    on_command={props.on_command.clone()} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(status: &str, kind: StatusKind, all_ready: bool) -> PodView {
        PodView {
            namespace: "default".to_owned(),
            name: "p".to_owned(),
            status: status.to_owned(),
            kind,
            ready: "0/1".to_owned(),
            all_ready,
            restarts: 0,
            node: Some("node-1".to_owned()),
            reason: None,
            back_off_until_ms: Some(10_500),
            pull_progress_ms: None,
            terminating: false,
        }
    }

    #[test]
    fn kubectl_statuses_fall_into_families() {
        use StatusKind::*;
        let cases = [
            ("Running", Running, true, StatusFamily::Ok),
            ("Running", Running, false, StatusFamily::Progress),
            (
                "ContainerCreating",
                Progressing,
                false,
                StatusFamily::Progress,
            ),
            ("Init:0/1", Progressing, false, StatusFamily::Progress),
            ("Init:CrashLoopBackOff", Failing, false, StatusFamily::Bad),
            ("CrashLoopBackOff", Failing, false, StatusFamily::Bad),
            ("OOMKilled", Failing, false, StatusFamily::Bad),
            ("Completed", Completed, false, StatusFamily::Done),
            ("Terminating", Terminating, false, StatusFamily::Muted),
        ];
        for (status, kind, ready, family) in cases {
            assert_eq!(
                StatusFamily::of(&pod(status, kind, ready)),
                family,
                "{status}"
            );
        }
        let mut going = pod("Running", Running, true);
        going.terminating = true;
        assert_eq!(StatusFamily::of(&going), StatusFamily::Muted);
    }

    #[test]
    fn the_back_off_countdown_rounds_up_and_ends() {
        let p = pod("CrashLoopBackOff", StatusKind::Failing, false);
        assert_eq!(back_off_seconds_left(&p, 0), Some(11));
        assert_eq!(back_off_seconds_left(&p, 9_500), Some(1));
        assert_eq!(back_off_seconds_left(&p, 10_500), None);
        assert_eq!(back_off_seconds_left(&p, u64::MAX), None);
    }
}
