use yew::prelude::*;

use crate::format;
use crate::session::ClockSettings;
use crate::strings::{fill, use_lang, use_strings, Lang};

/// The speeds offered as buttons.
pub const SPEEDS: [u32; 3] = [1, 10, 60];

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub now_ms: u64,
    pub clock: ClockSettings,
    /// Time compression in force (1 = real timings).
    #[prop_or(1)]
    pub compression: u32,
    pub on_toggle_play: Callback<()>,
    pub on_speed: Callback<u32>,
    pub on_lang: Callback<Lang>,
    /// Runs a command (the timings switch runs `sim compress N`).
    #[prop_or_default]
    pub on_command: Callback<String>,
    /// The latest jump of the clock (said beside the clock for a while).
    #[prop_or_default]
    pub jump: Option<crate::session::Jump>,
    /// The lesson list's address, linked beside the title (the site's page).
    #[prop_or_default]
    pub lessons_href: Option<AttrValue>,
    /// The clock holds still at a key moment of this kind (slow down at key moments).
    #[prop_or_default]
    pub slowed: Option<sunaba_core::world::narration::NarrationKind>,
}

/// The compression the timings switch offers (1 = Kubernetes' real numbers).
pub const CLASSROOM_COMPRESSION: u32 = 10;

/// How long (virtual time) a jump of the clock stays said beside it.
pub const JUMP_SHOWN_FOR_MS: u64 = 15_000;

/// "⏩ +10m00s · kubectl rollout status": by how much the clock jumped, and why.
pub fn jump_note(jump: &crate::session::Jump, lang: Lang) -> Html {
    let by = format::clock(jump.to_ms - jump.from_ms);
    let (label, step) = match lang {
        Lang::En => ("The clock jumped", "Step"),
        Lang::Ja => ("時計が進みました", "ステップ"),
    };
    let cause = match &jump.cause {
        crate::session::JumpCause::Command(c) => c.as_str(),
        crate::session::JumpCause::Step => step,
    };
    html! {
        <span class="sb-jump" data-testid="time-jump" role="status" title={format!("{label}: +{by} ({cause})")}>
            { format!("⏩ +{by}") }<span class="sb-jump-cause">{ format!(" · {cause}") }</span>
        </span>
    }
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let s = use_strings();
    let lang = use_lang();
    let clock = props.clock;
    let toggle = props.on_toggle_play.reform(|_: MouseEvent| ());
    let narration = lang.pick(
        &crate::components::narration::EN,
        &crate::components::narration::JA,
    );
    // The clock stays honest: a hold at a key moment says so where the speed is explained.
    let explain = match props.slowed {
        Some(kind) if clock.playing => {
            crate::components::narration::slowed_text(kind, narration).to_owned()
        }
        _ if clock.playing => fill(s.speed_explain, &[("speed", &clock.speed.to_string())]),
        _ => s.paused_explain.to_owned(),
    };
    html! {
        <header class="sb-header">
            <div class="sb-brand">
                <h1 class="sb-title">{ "Sunaba " }<span lang="ja">{ "砂場" }</span></h1>
                <p class="sb-tagline">{ s.tagline }
                    if let Some(href) = &props.lessons_href {
                        { " · " }<a href={href.clone()} data-testid="lessons-link">{ lang.pick(&"Lessons", &"レッスン一覧") }</a>
                    }
                </p>
            </div>
            <div class="sb-lang" role="group" aria-label="Language / 言語">
                { for Lang::ALL.iter().map(|&l| {
                    let on_lang = props.on_lang.clone();
                    let active = l == lang;
                    html! {
                        <button type="button" data-testid={format!("lang-{}", l.tag())} lang={l.tag()}
                            class={classes!("sb-btn", "sb-lang-btn", active.then_some("is-active"))}
                            aria-pressed={if active { "true" } else { "false" }}
                            onclick={Callback::from(move |_: MouseEvent| on_lang.emit(l))}>
                            { l.native_name() }
                        </button>
                    }
                }) }
            </div>
            <div class="sb-timebar">
                <div class="sb-clock" title={s.clock_label}>
                    <span class="sb-clock-label">{ s.clock_label }</span>
                    // Not a live region (an <output> is one): the clock changes every second, and
                    // the narration strip announces what matters.
                    <span data-testid="clock" class="sb-clock-value">
                        { format!("t = {}", format::clock(props.now_ms)) }
                    </span>
                    if let Some(jump) = props.jump.as_ref().filter(|j| props.now_ms < j.to_ms.saturating_add(JUMP_SHOWN_FOR_MS)) {
                        { jump_note(jump, lang) }
                    }
                </div>
                <div class="sb-controls">
                    <div class="sb-controls-row">
                        <button type="button" data-testid="play-pause"
                            class={classes!("sb-btn", "sb-play", clock.playing.then_some("is-playing"))}
                            aria-pressed={if clock.playing { "true" } else { "false" }}
                            onclick={toggle}>
                            <span aria-hidden="true" class="sb-icon">{ if clock.playing { "❚❚" } else { "▶" } }</span>
                            { if clock.playing { s.pause } else { s.play } }
                        </button>
                        <div class="sb-speed" role="group" aria-label={s.speed_group}>
                            { for SPEEDS.iter().map(|&speed| {
                                let on_speed = props.on_speed.clone();
                                let active = clock.speed == speed;
                                html! {
                                    <button type="button" data-testid={format!("speed-{speed}")}
                                        class={classes!("sb-btn", "sb-speed-btn", active.then_some("is-active"))}
                                        aria-pressed={if active { "true" } else { "false" }}
                                        onclick={Callback::from(move |_: MouseEvent| on_speed.emit(speed))}>
                                        { format!("×{speed}") }
                                    </button>
                                }
                            }) }
                        </div>
                    </div>
                    <p class={classes!("sb-speed-explain", (!clock.playing).then_some("is-paused"),
                            props.slowed.filter(|_| clock.playing).map(|_| "is-slowed"))}
                       data-testid="speed-explain" data-slowed={props.slowed.map(|k| k.as_str())}>{ explain }</p>
                    <p class={classes!("sb-timings", (props.compression > 1).then_some("is-compressed"))}
                       data-testid="timings">
                        { if props.compression > 1 {
                            fill(s.timings_compressed, &[("n", &props.compression.to_string())])
                        } else {
                            s.timings_real.to_owned()
                        } }
                        { " " }
                        { {
                            let (label, command) = if props.compression > 1 {
                                (s.timings_restore, "sim compress 1".to_owned())
                            } else {
                                (s.timings_compress, format!("sim compress {CLASSROOM_COMPRESSION}"))
                            };
                            let on_command = props.on_command.clone();
                            let cmd = command.clone();
                            html! {
                                <button type="button" class="sb-link-btn" data-testid="timings-toggle"
                                    data-command={command.clone()} title={format!("$ {command}")}
                                    onclick={Callback::from(move |_: MouseEvent| on_command.emit(cmd.clone()))}>
                                    { label }
                                </button>
                            }
                        } }
                    </p>
                </div>
            </div>
        </header>
    }
}
