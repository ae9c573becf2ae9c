//! The timeline bar: step to the next event, scrub back to any earlier moment (a deterministic
//! replay from the start), start over with a seed, and share a link to this exact state.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::format;
use crate::session::Timeline;
use crate::strings::{fill, use_lang};

pub struct TimelineText {
    pub region: &'static str,
    pub step: &'static str,
    pub step_title: &'static str,
    pub scrubber: &'static str,
    /// `{n}`: journaled commands ahead of the current moment.
    pub ahead: &'static str,
    pub at_head: &'static str,
    pub full: &'static str,
    pub seed: &'static str,
    pub reset: &'static str,
    pub reset_title: &'static str,
    pub share: &'static str,
    pub share_title: &'static str,
    pub share_link: &'static str,
    pub share_copied: &'static str,
    pub share_copy_hint: &'static str,
    /// `{n}`: the link's length in characters (short enough for a slide or a QR code?).
    pub share_length: &'static str,
}

pub const EN: TimelineText = TimelineText {
    region: "Timeline",
    step: "Step",
    step_title: "Advance to the next thing that happens (a timer in the cluster or a replayed command)",
    scrubber: "Go back to any moment (replays from the start, deterministically)",
    ahead: "Replaying: {n} later command(s) will run again as time passes. Run a new command to branch from here.",
    at_head: "Live: the latest moment of this timeline.",
    full: "The timeline is full; Reset to use it again.",
    seed: "Seed",
    reset: "Reset",
    reset_title: "Start over: a fresh cluster from this seed (the editor keeps your text)",
    share: "Share",
    share_title: "Copy a link that reproduces this exact state: definition, seed and commands",
    share_link: "Share link",
    share_copied: "Link copied. Anyone who opens it sees this same cluster at this same moment.",
    share_copy_hint: "Copy this link (it reproduces this exact state):",
    share_length: "{n} characters",
};

pub const JA: TimelineText = TimelineText {
    region: "タイムライン",
    step: "ステップ",
    step_title: "次に何かが起きる時点まで進める (クラスタ内のタイマーか、再実行されるコマンド)",
    scrubber: "任意の時点に戻る (最初から決定的に再実行します)",
    ahead: "再生中: 後の {n} 個のコマンドは時間が進むと再び実行されます。新しいコマンドを実行すると、ここから分岐します。",
    at_head: "ライブ: このタイムラインの最新の時点です。",
    full: "タイムラインがいっぱいです。リセットすると再び使えます。",
    seed: "シード",
    reset: "リセット",
    reset_title: "最初からやり直す: このシードで新しいクラスタを作ります (エディタの内容は残ります)",
    share: "共有",
    share_title: "この状態をそのまま再現するリンクをコピー: 定義、シード、コマンド",
    share_link: "共有リンク",
    share_copied: "リンクをコピーしました。開いた人は、同じ時点の同じクラスタを見られます。",
    share_copy_hint: "このリンクをコピーしてください (この状態をそのまま再現します):",
    share_length: "{n} 文字",
};

#[derive(Properties, PartialEq)]
pub struct TimelineBarProps {
    pub now_ms: u64,
    pub timeline: Timeline,
    pub on_step: Callback<()>,
    pub on_seek: Callback<u64>,
    pub on_reset: Callback<u64>,
    /// Asks for the share link; the app answers through `share_link`.
    pub on_share: Callback<()>,
    /// The last share link made (full URL), if any.
    #[prop_or_default]
    pub share_link: Option<AttrValue>,
    #[prop_or_default]
    pub share_copied: bool,
}

/// Step, scrubber, seed + reset, share.
#[function_component(TimelineBar)]
pub fn timeline_bar(props: &TimelineBarProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    let tl = props.timeline;
    let seed_input = use_node_ref();
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    // Seek on release/commit (`change`), not on every `input`: each seek is a replay.
    let on_seek = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(ms) = input.value().parse::<f64>() {
                if ms.is_finite() && ms >= 0.0 {
                    on_seek.emit(ms as u64);
                }
            }
        })
    };
    let on_reset = {
        let (on_reset, seed_input, current) = (props.on_reset.clone(), seed_input.clone(), tl.seed);
        Callback::from(move |_: MouseEvent| {
            let seed = seed_input
                .cast::<HtmlInputElement>()
                .and_then(|i| i.value().trim().parse::<u64>().ok())
                .unwrap_or(current);
            on_reset.emit(seed);
        })
    };
    let on_share = props.on_share.reform(|_: MouseEvent| ());
    let status = if tl.full {
        t.full.to_owned()
    } else if tl.ahead > 0 {
        fill(t.ahead, &[("n", &tl.ahead.to_string())])
    } else {
        t.at_head.to_owned()
    };
    let select_all = Callback::from(|e: FocusEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <section class="sb-timeline" aria-label={t.region} data-testid="timeline">
            <button type="button" class="sb-btn" data-testid="step" title={t.step_title}
                onclick={on_step}>
                <span aria-hidden="true" class="sb-icon">{ "⇥" }</span>{ t.step }
            </button>
            <label class="sb-scrub">
                <span class="sb-visually-hidden">{ t.scrubber }</span>
                <input type="range" data-testid="scrubber" min="0" step="1"
                    max={tl.horizon_ms.to_string()} value={props.now_ms.to_string()}
                    disabled={tl.full} title={t.scrubber}
                    aria-valuetext={format!("t = {} / {}", format::clock(props.now_ms), format::clock(tl.horizon_ms))}
                    onchange={on_seek} />
                <span class="sb-scrub-time" aria-hidden="true">
                    { format!("{} / {}", format::clock(props.now_ms), format::clock(tl.horizon_ms)) }
                </span>
            </label>
            <p class={classes!("sb-timeline-status", (tl.ahead > 0).then_some("is-replaying"))}
                data-testid="timeline-status" aria-live="polite">{ status }</p>
            <div class="sb-seed">
                <label>
                    <span>{ t.seed }</span>
                    <input type="number" min="0" step="1" inputmode="numeric" data-testid="seed"
                        ref={seed_input} value={tl.seed.to_string()} class="sb-seed-input" />
                </label>
                <button type="button" class="sb-btn" data-testid="reset" title={t.reset_title}
                    onclick={on_reset}>{ t.reset }</button>
            </div>
            <button type="button" class="sb-btn" data-testid="share" title={t.share_title}
                disabled={tl.full} onclick={on_share}>
                <span aria-hidden="true" class="sb-icon">{ "↗" }</span>{ t.share }
            </button>
            if let Some(link) = &props.share_link {
                <div class="sb-share-out" role="status">
                    <label>
                        <span>{ if props.share_copied { t.share_copied } else { t.share_copy_hint } }</span>
                        <input type="text" readonly=true data-testid="share-link" value={link.clone()}
                            aria-label={t.share_link} onfocus={select_all} />
                    </label>
                    <span class="sb-share-length" data-testid="share-length">
                        { fill(t.share_length, &[("n", &link.chars().count().to_string())]) }
                    </span>
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;

    #[test]
    fn japanese_keeps_the_placeholders() {
        assert_eq!(placeholders(EN.ahead), placeholders(JA.ahead));
        assert_ne!(EN.ahead, JA.ahead);
        assert_eq!(placeholders(EN.share_length), placeholders(JA.share_length));
    }
}
