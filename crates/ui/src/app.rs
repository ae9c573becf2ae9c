//! The playground page: header with the clock; the editor beside the cluster (the narration of
//! what just happened above it) and the command log (a click and the command it ran side by
//! side); then "how it works" beside the reconcile inspector; events full width below, as wide
//! as `kubectl get events` prints them. A narration line's links filter the events to its
//! object and light the component that acted. Every panel but the header obeys the `panels`
//! option; a row with nothing to show is not drawn. An exercise shows its text beside the
//! panels it declares.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::charts::Charts;
use crate::components::cluster::Cluster;
use crate::components::dockerfile::DockerfilePanel;
use crate::components::ecs::EcsPanel;
use crate::components::editor::Editor;
use crate::components::environments::Environments;
use crate::components::events::Events;
use crate::components::header::Header;
use crate::components::how_it_works::{Focus, HowItWorks};
use crate::components::lesson::LessonPanel;
use crate::components::narration::Narration;
use crate::components::reconcile::Reconcile;
use crate::components::side_by_side::SideBySide;
use crate::components::terminal::Terminal;
use crate::components::timeline::TimelineBar;
use crate::components::workloads::Workloads;
use crate::frame_loop::use_frame_loop;
use crate::ids::{use_ids, Ids};
use crate::mount::Notice;
use crate::panels::{Panels, ViewMode};
use crate::session::Session;
use crate::share;
use crate::state::{Action, State};
use crate::strings::Lang;

#[derive(Properties)]
pub struct AppProps {
    pub session: Rc<Session>,
    #[prop_or_default]
    pub read_only: bool,
    /// Where the editor's text is autosaved (localStorage key); `None` = no autosave.
    #[prop_or_default]
    pub storage_key: Option<AttrValue>,
    /// The language to start in; `None` = the browser's.
    #[prop_or_default]
    pub lang: Option<Lang>,
    #[prop_or_default]
    pub panels: Panels,
    #[prop_or_default]
    pub notice: Option<Notice>,
    /// What the cluster column shows first.
    #[prop_or_default]
    pub mode: ViewMode,
    /// Where the lesson list is, for the lesson panel's link (the site's page has one).
    #[prop_or_default]
    pub lesson_list_href: Option<AttrValue>,
    /// The editor's autosave under `storage_key` (its checks, other tabs, its messages).
    #[prop_or_default]
    pub autosave: Option<crate::autosave::Autosave>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.read_only == other.read_only
            && self.storage_key == other.storage_key
            && self.lang == other.lang
            && self.panels == other.panels
            && self.notice == other.notice
            && self.mode == other.mode
            && self.lesson_list_href == other.lesson_list_href
            && self.autosave == other.autosave
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer({
        let session = props.session.clone();
        move || State::new(session)
    });

    // Changes made through the JS handle redraw the app.
    {
        let (session, dispatcher) = (props.session.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            session.set_on_change(Some(Callback::from(move |()| {
                dispatcher.dispatch(Action::Refresh)
            })));
            move || session.set_on_change(None)
        });
    }
    use_frame_loop(state.dispatcher());
    // Element ids of this playground only (a page may mount several).
    let ids = use_memo((), |_| Ids::next_instance());
    let lang = use_state({
        let asked = props.lang;
        move || Lang::initial(asked)
    });
    // Every callback is memoized (`use_callback` on a stable dependency): Yew compares
    // callbacks by pointer, so fresh closures on each 10 Hz render would make every panel,
    // node card and pod chip re-render even when its data did not change.
    let on_lang = use_callback(lang.setter(), |l: Lang, set| {
        l.remember();
        set.set(l)
    });
    // The core answers `help` in the page's language (the first one, and each switch).
    {
        let d = state.dispatcher();
        use_effect_with(*lang, move |l| d.dispatch(Action::SetLanguage(*l)));
    }
    let d = state.dispatcher();
    let on_toggle_play = use_callback(d.clone(), |(), d| d.dispatch(Action::TogglePlay));
    let on_step = use_callback(d.clone(), |(), d| d.dispatch(Action::Step));
    let on_apply = use_callback(d.clone(), |(), d| d.dispatch(Action::Apply));
    let (on_edit, saved_work) =
        crate::autosave::use_autosave(props.autosave.clone(), props.session.clone(), d.clone());
    let on_speed = use_callback(d.clone(), |speed: u32, d| {
        d.dispatch(Action::SetSpeed(speed))
    });
    let on_slow = use_callback(d.clone(), |on: bool, d| d.dispatch(Action::SetSlowDown(on)));
    // A narration line's links: its object's events, the component that acted. Each click
    // gets a new number, so the same link twice acts twice.
    let clicks = use_mut_ref(|| 0_u64);
    let events_request = use_state_eq(|| None::<(u64, AttrValue)>);
    let diagram_focus = use_state_eq(|| None::<Focus>);
    let on_show_events = use_callback(
        (events_request.setter(), clicks.clone()),
        |object: AttrValue, (set, clicks)| {
            *clicks.borrow_mut() += 1;
            set.set(Some((*clicks.borrow(), object)));
        },
    );
    let on_show_actor = use_callback(
        (diagram_focus.setter(), clicks.clone()),
        |(actor, ecs), (set, clicks)| {
            *clicks.borrow_mut() += 1;
            set.set(Some(Focus {
                nonce: *clicks.borrow(),
                actor,
                ecs,
            }));
        },
    );
    // The terminal and the cluster's menus both run lines of the command language.
    let on_run = use_callback(d.clone(), |line: String, d| d.dispatch(Action::Run(line)));
    let on_dockerfile = use_callback(d.clone(), |text: String, d| {
        d.dispatch(Action::EditDockerfile(text))
    });
    let on_seek = use_callback(d.clone(), |t: u64, d| d.dispatch(Action::Seek(t)));
    let d2 = d.clone();
    let on_reset = use_callback(d, |seed: u64, d| d.dispatch(Action::Reset(seed)));
    let complete = use_callback(props.session.clone(), |line: String, session| {
        session.complete(&line)
    });
    let share_link = use_state(|| None::<(AttrValue, bool)>);
    let on_share = use_callback(
        (props.session.clone(), share_link.setter(), *lang),
        |(), (session, set, lang)| {
            let fragment = share::encode(&share::capture(session, Some(*lang)));
            let link = page_url_with_fragment(&fragment);
            let copied = copy_to_clipboard(&link);
            set.set(Some((link.into(), copied)));
        },
    );

    let mode = use_state_eq({
        let m = props.mode;
        move || m
    });
    let on_mode = use_callback(mode.setter(), |m: ViewMode, set| set.set(m));
    let on_lesson_check = use_callback(d2.clone(), |(), d| d.dispatch(Action::LessonCheck));
    let on_take_cluster = use_callback(d2.clone(), |(), d| d.dispatch(Action::TakeClusterVersion));
    let on_lesson_solution = use_callback(d2.clone(), |(), d| d.dispatch(Action::LessonSolution));
    // Where the learner chose to be is where a reload resumes.
    let on_lesson_go = use_callback((d2, props.session.clone()), |step: usize, (d, session)| {
        if let Some(ex) = session.exercise() {
            crate::course::Saved::record(&ex.id, step.min(ex.steps.len()));
        }
        d.dispatch(Action::LessonGo(step))
    });
    // An exercise shows its own panels beside its text; the whole playground is one click away.
    let full_playground = use_state_eq(|| false);
    let on_full = use_callback(full_playground.clone(), |_: MouseEvent, full| {
        full.set(!**full)
    });
    let snap = state.snap();
    let panels = props.panels;
    let editor_file = state
        .session
        .in_lesson()
        .then(|| AttrValue::from(state.session.editor_path()));
    let has_editor = editor_file.as_ref().is_none_or(|f| !f.is_empty());

    // The How-it-works path: the mode tab's, or in an exercise what its panels are about.
    let diagram_mode = match snap.lesson.as_deref().filter(|_| !*full_playground) {
        Some(l) if l.panels.iter().any(|p| p == "side-by-side") => ViewMode::SideBySide,
        Some(l)
            if l.panels.iter().any(|p| p == "ecs") && !l.panels.iter().any(|p| p == "cluster") =>
        {
            ViewMode::Ecs
        }
        _ => *mode,
    };
    // One builder per panel, shared by the playground's layout and an exercise's.
    let panel_now = |name: &str| -> Html {
        match name {
            "editor" if has_editor => html! {
                <Editor text={snap.editor.clone()} read_only={props.read_only}
                    last_apply={snap.last_apply.clone()} on_edit={on_edit.clone()}
                    on_apply={on_apply.clone()} storage_key={props.storage_key.clone()}
                    file={editor_file.clone()} drift={snap.drift.clone()}
                    on_take_cluster={on_take_cluster.clone()} />
            },
            "cluster" => html! {
                <Cluster cluster={snap.cluster.clone()} now_ms={snap.now_ms} on_command={on_run.clone()} />
            },
            "workloads" => html! {
                <Workloads cluster={snap.cluster.clone()} on_command={on_run.clone()} />
            },
            "ecs" => {
                html! { <EcsPanel cluster={snap.cluster.clone()} on_command={on_run.clone()} /> }
            }
            "side-by-side" => html! {
                <SideBySide cluster={snap.cluster.clone()} traffic={snap.traffic.clone()} on_command={on_run.clone()} />
            },
            "terminal" => html! {
                <Terminal log={snap.log.clone()} on_run={on_run.clone()} complete={complete.clone()} />
            },
            "how-it-works" => html! {
                <HowItWorks trace={snap.trace.clone()} log={snap.log.clone()} mode={diagram_mode}
                    focus={*diagram_focus} />
            },
            "reconcile" => html! {
                <Reconcile passes={snap.reconcile.clone()} playing={snap.clock.playing}
                    next_wakeup_ms={state.session.next_wakeup_ms()}
                    on_toggle_step={on_toggle_play.clone()} on_step={on_step.clone()}
                    mode={diagram_mode} />
            },
            "environments" => html! {
                <Environments view={snap.environments.clone()} on_command={on_run.clone()} />
            },
            "dockerfile" => html! {
                <DockerfilePanel text={snap.dockerfile.clone()} docker={snap.docker.clone()}
                    on_edit={on_dockerfile.clone()} on_command={on_run.clone()} read_only={props.read_only} />
            },
            "charts" => html! {
                <Charts now_ms={snap.now_ms} availability={snap.availability.clone()} traffic={snap.traffic.clone()} />
            },
            "events" => html! {
                <Events events={snap.events.clone()} now_ms={snap.now_ms}
                    show_object={(*events_request).clone()} />
            },
            _ => html! {},
        }
    };
    // The panels below the fold hydrate each in a task of its own (`later`), after the rest;
    // the editor and the cluster, on screen first, hydrate in place at once (a learner may
    // already be reading or typing in those very elements).
    let panel = |name: &str| match name {
        "editor" | "cluster" | "workloads" | "ecs" | "side-by-side" => panel_now(name),
        _ => crate::later::later(panel_now(name)),
    };
    // What just happened, above the cluster; its links only where their panels are drawn.
    let narration = |has_events: bool, has_diagram: bool| -> Html {
        html! {
            <Narration lines={snap.narration.clone()} slow={snap.clock.slow_at_key_moments}
                on_slow={on_slow.clone()}
                on_events={has_events.then(|| on_show_events.clone())}
                on_actor={has_diagram.then(|| on_show_actor.clone())} />
        }
    };
    let lesson = snap.lesson.clone().filter(|_| !*full_playground);
    let lesson_has = |name: &str| {
        snap.lesson
            .as_ref()
            .is_some_and(|l| l.panels.iter().any(|p| p == name))
    };
    html! {
        <ContextProvider<Lang> context={*lang}>
        <ContextProvider<Ids> context={(*ids).clone()}>
        <div class="sunaba" lang={lang.tag()}>
            <Header now_ms={snap.now_ms} clock={snap.clock} compression={snap.compression}
                on_toggle_play={on_toggle_play.clone()} {on_speed} {on_lang}
                on_command={on_run.clone()} lessons_href={props.lesson_list_href.clone()}
                jump={snap.jump.clone()} slowed={snap.slowed.map(|s| s.kind)} />
            if let Some(notice) = &props.notice {
                <NoticeBanner notice={notice.clone()} />
            }
            { saved_work }
            if snap.lesson.is_some() {
                <LessonBar full={*full_playground} on_toggle={on_full} />
            }
            if let Some(view) = lesson {
                <main class="sb-lesson-main">
                    <div class="sb-lesson-text">
                        <LessonPanel {view} on_command={on_run.clone()} on_check={on_lesson_check}
                            on_solution={on_lesson_solution} on_go={on_lesson_go}
                            list_href={props.lesson_list_href.clone()} />
                    </div>
                    <div class="sb-lesson-work">
                        if lesson_has("cluster") || lesson_has("ecs") {
                            { narration(lesson_has("events"), lesson_has("how-it-works")) }
                        }
                        { for snap.lesson.iter().flat_map(|l| l.panels.iter()).map(|name| panel(name)) }
                    </div>
                </main>
            } else {
            if panels.timeline && snap.lesson.is_none() {
                <TimelineBar now_ms={snap.now_ms} timeline={snap.timeline}
                    on_step={on_step.clone()} {on_seek} {on_reset} {on_share}
                    share_link={share_link.as_ref().map(|(l, _)| l.clone())}
                    share_copied={share_link.as_ref().is_some_and(|(_, c)| *c)} />
            }
            <main class={classes!("sb-main",
                (!(panels.editor && has_editor && (panels.cluster || panels.terminal))).then_some("no-editor"))}>
                if panels.editor && has_editor {
                    <div class="sb-col sb-col-left">{ panel("editor") }</div>
                }
                if panels.cluster || panels.terminal {
                <div class="sb-col sb-col-right">
                    if panels.cluster {
                        if panels.narration { { narration(panels.events, true) } }
                        <ModeTabs mode={*mode} {on_mode} />
                        <div role="tabpanel" id={ids.id("mode-panel")} aria-labelledby={ids.id(&format!("tab-{}", mode.name()))}>
                            { match *mode {
                                ViewMode::Kubernetes => html! { <>{ panel("cluster") }{ panel("workloads") }</> },
                                ViewMode::Ecs => panel("ecs"),
                                ViewMode::SideBySide => panel("side-by-side"),
                            } }
                        </div>
                    }
                    if panels.terminal { { panel("terminal") } }
                </div>
                }
                if panels.how_it_works || panels.reconcile {
                    <div class={classes!("sb-col-wide", "sb-explain-row",
                        (!(panels.how_it_works && panels.reconcile)).then_some("is-single"))}>
                        if panels.how_it_works { { panel("how-it-works") } }
                        if panels.reconcile { { panel("reconcile") } }
                    </div>
                }
                if panels.environments {
                    <div class="sb-col sb-col-wide">{ panel("environments") }</div>
                }
                if panels.dockerfile {
                    <div class="sb-col sb-col-wide">{ panel("dockerfile") }</div>
                }
                if panels.charts || panels.events {
                    <div class="sb-col sb-col-wide">
                        if panels.charts { { panel("charts") } }
                        if panels.events { { panel("events") } }
                    </div>
                }
            </main>
            }
        </div>
        </ContextProvider<Ids>>
        </ContextProvider<Lang>>
    }
}

struct LessonBarText {
    full: &'static str,
    back: &'static str,
}

const LESSON_BAR_EN: LessonBarText = LessonBarText {
    full: "Show the whole playground",
    back: "Back to the lesson",
};

const LESSON_BAR_JA: LessonBarText = LessonBarText {
    full: "プレイグラウンド全体を表示",
    back: "レッスンに戻る",
};

#[derive(Properties, PartialEq)]
struct LessonBarProps {
    full: bool,
    on_toggle: Callback<MouseEvent>,
}

/// Switches between the exercise's few panels and the whole playground (same world).
#[function_component(LessonBar)]
fn lesson_bar(props: &LessonBarProps) -> Html {
    let t = crate::strings::use_lang().pick(&LESSON_BAR_EN, &LESSON_BAR_JA);
    html! {
        <div class="sb-lesson-bar">
            <button type="button" class="sb-btn" data-testid="lesson-full" aria-pressed={props.full.to_string()}
                onclick={props.on_toggle.clone()}>{ if props.full { t.back } else { t.full } }</button>
        </div>
    }
}

struct ModeText {
    label: &'static str,
    kubernetes: &'static str,
    ecs: &'static str,
    side_by_side: &'static str,
}

const MODE_EN: ModeText = ModeText {
    label: "Orchestrator",
    kubernetes: "Kubernetes",
    ecs: "Amazon ECS",
    side_by_side: "Side by side",
};

const MODE_JA: ModeText = ModeText {
    label: "オーケストレーター",
    kubernetes: "Kubernetes",
    ecs: "Amazon ECS",
    side_by_side: "並べて比較",
};

#[derive(Properties, PartialEq)]
struct ModeTabsProps {
    mode: ViewMode,
    on_mode: Callback<ViewMode>,
}

/// Tabs for the cluster column (←/→ move between them, as the ARIA tabs pattern says).
#[function_component(ModeTabs)]
fn mode_tabs(props: &ModeTabsProps) -> Html {
    let t = crate::strings::use_lang().pick(&MODE_EN, &MODE_JA);
    let ids = use_ids();
    let onkeydown = {
        let (on_mode, mode) = (props.on_mode.clone(), props.mode);
        Callback::from(move |e: KeyboardEvent| {
            let i = ViewMode::ALL.iter().position(|m| *m == mode).unwrap_or(0);
            let n = ViewMode::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" => (i + 1) % n,
                "ArrowLeft" => (i + n - 1) % n,
                _ => return,
            };
            e.prevent_default();
            on_mode.emit(ViewMode::ALL[next]);
            // This playground's own tab list (a page may hold several playgrounds).
            let list = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
            let tab = list.and_then(|l| {
                l.query_selector(&format!(
                    "[data-testid=mode-{}]",
                    ViewMode::ALL[next].name()
                ))
                .ok()
                .flatten()
            });
            if let Some(el) =
                tab.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            {
                let _ = el.focus();
            }
        })
    };
    html! {
        <div class="sb-tabs" role="tablist" aria-label={t.label} data-testid="mode-tabs" {onkeydown}>
            { for ViewMode::ALL.into_iter().map(|m| {
                let selected = m == props.mode;
                let label = match m {
                    ViewMode::Kubernetes => t.kubernetes,
                    ViewMode::Ecs => t.ecs,
                    ViewMode::SideBySide => t.side_by_side,
                };
                let onclick = {
                    let on_mode = props.on_mode.clone();
                    Callback::from(move |_: MouseEvent| on_mode.emit(m))
                };
                html! {
                    <button type="button" role="tab" id={ids.id(&format!("tab-{}", m.name()))}
                        class={classes!("sb-tab", selected.then_some("is-selected"))}
                        aria-selected={selected.to_string()} aria-controls={ids.id("mode-panel")}
                        tabindex={if selected { "0" } else { "-1" }}
                        data-testid={format!("mode-{}", m.name())} {onclick}>
                        { label }
                    </button>
                }
            }) }
        </div>
    }
}

/// This page's URL with `fragment` as its hash.
fn page_url_with_fragment(fragment: &str) -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}#{fragment}")
}

/// Best effort: the async Clipboard API exists only in secure contexts; the link is shown for
/// manual copying either way. Returns whether a copy was requested.
fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if !window.is_secure_context() {
        return false;
    }
    let _ = window.navigator().clipboard().write_text(text);
    true
}

struct NoticeText {
    /// `{time}`: the virtual time the link opened at.
    opened: &'static str,
    failed: &'static str,
    exercise_failed: &'static str,
    dismiss: &'static str,
}

const NOTICE_EN: NoticeText = NoticeText {
    opened: "Opened a shared playground at t = {time}, paused. Press Play to continue, or run a command to branch.",
    failed: "This share link could not be opened ({reason}), so the playground opens as usual:",
    exercise_failed: "This exercise could not be opened, so the playground starts without it:",
    dismiss: "Dismiss",
};

const NOTICE_JA: NoticeText = NoticeText {
    opened: "共有されたプレイグラウンドを t = {time} の時点で開きました (一時停止中)。再生で続きを、コマンド実行で分岐できます。",
    failed: "この共有リンクは開けなかったため ({reason})、通常どおり開きます:",
    exercise_failed: "この演習は開けなかったため、演習なしで始めます:",
    dismiss: "閉じる",
};

#[derive(Properties, PartialEq)]
struct NoticeProps {
    notice: Notice,
}

#[function_component(NoticeBanner)]
fn notice_banner(props: &NoticeProps) -> Html {
    let lang = crate::strings::use_lang();
    let t = lang.pick(&NOTICE_EN, &NOTICE_JA);
    let dismissed = use_state(|| false);
    if *dismissed {
        return html! {};
    }
    let close = {
        let dismissed = dismissed.clone();
        Callback::from(move |_: MouseEvent| dismissed.set(true))
    };
    let (class, body) = match &props.notice {
        Notice::ShareOpened(at) => (
            "is-info",
            html! { { crate::strings::fill(t.opened, &[("time", &crate::format::clock(*at))]) } },
        ),
        Notice::ShareFailed(why) => {
            let reason = crate::strings::share_refused(why, lang);
            (
                "is-error",
                html! { <>{ crate::strings::fill(t.failed, &[("reason", reason)]) }{ " " }<code>{ why.to_string() }</code></> },
            )
        }
        Notice::ExerciseFailed(why) => (
            "is-error",
            html! { <>{ t.exercise_failed }{ " " }<code>{ why }</code></> },
        ),
    };
    html! {
        <div class={classes!("sb-notice", class)} role="status" data-testid="notice">
            <p>{ body }</p>
            <button type="button" class="sb-btn sb-notice-close" aria-label={t.dismiss} title={t.dismiss} onclick={close}>{ "×" }</button>
        </div>
    }
}
