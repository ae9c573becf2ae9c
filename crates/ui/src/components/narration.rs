//! The narration strip: what just happened, newest first, in the learner's language — the
//! core's narration lines ([`sunaba_core::world::narration`]), drawn as they are. Each line
//! links to its events (the Events panel filtered to its object) and to the component that
//! acted (lit in How it works). The same lines are announced, politely, through one live
//! region: each line once, in the words it had when it first appeared. A switch asks the
//! clock to pause briefly at key moments (the session's pacing; which moments are key is the
//! core's word).

use std::collections::VecDeque;
use std::rc::Rc;

use sunaba_core::sim::event_reason::Component;
use sunaba_core::world::narration::{Language, NarrationKind, NarrationLine};
use yew::prelude::*;

use crate::components::how_it_works::{self, Path};
use crate::format;
use crate::strings::{fill, use_lang, Lang};

/// Lines the strip shows (newest first).
pub const LINES_SHOWN: usize = 5;
/// Lines the live region holds: the newest announced ones.
const ANNOUNCED_KEPT: usize = 3;

pub struct NarrationText {
    pub heading: &'static str,
    pub empty: &'static str,
    pub slow_down: &'static str,
    pub slow_down_hint: &'static str,
    pub events: &'static str,
    /// `{object}`: the line's object.
    pub events_label: &'static str,
    /// `{component}`: the component that acted.
    pub actor_label: &'static str,
    pub list_label: &'static str,
    pub live_label: &'static str,
    /// What the clock holds still for (the header says it).
    pub slowed_crash: &'static str,
    pub slowed_restart: &'static str,
    pub slowed_oom: &'static str,
    pub slowed_task: &'static str,
}

pub const EN: NarrationText = NarrationText {
    heading: "What just happened",
    empty: "Nothing yet. Apply a definition, then break something: kill a pod, fail a node.",
    slow_down: "Slow down at key moments",
    slow_down_hint:
        "The clock pauses for a moment at a crash, a restart or a replaced task, at any speed.",
    events: "events",
    events_label: "Show the events of {object}",
    actor_label: "Show {component} in How it works",
    list_label: "Newest first",
    live_label: "Narration",
    slowed_crash: "Slowed down: a container crashed",
    slowed_restart: "Slowed down: a container was restarted",
    slowed_oom: "Slowed down: a container was OOMKilled",
    slowed_task: "Slowed down: ECS replaced a task",
};

pub const JA: NarrationText = NarrationText {
    heading: "いま起きたこと",
    empty: "まだ何も起きていません。定義を適用してから、Pod を止めたりノードを落としたりしてみましょう。",
    slow_down: "重要な瞬間で減速",
    slow_down_hint: "クラッシュ、再起動、タスクの置き換えのたびに、どの速度でも時計が少しだけ止まります。",
    events: "イベント",
    events_label: "{object} のイベントを表示",
    actor_label: "しくみ図で {component} を表示",
    list_label: "新しい順",
    live_label: "実況",
    slowed_crash: "減速中: コンテナがクラッシュしました",
    slowed_restart: "減速中: コンテナが再起動されました",
    slowed_oom: "減速中: コンテナが OOMKilled になりました",
    slowed_task: "減速中: ECS がタスクを置き換えました",
};

/// The core's language for the playground's.
pub fn language(lang: Lang) -> Language {
    match lang {
        Lang::En => Language::En,
        Lang::Ja => Language::Ja,
    }
}

/// What the header says while the clock holds still at a key moment of `kind`.
pub fn slowed_text(kind: NarrationKind, t: &NarrationText) -> &'static str {
    match kind {
        NarrationKind::Crash => t.slowed_crash,
        NarrationKind::OomKilled => t.slowed_oom,
        NarrationKind::EcsTaskReplaced => t.slowed_task,
        _ => t.slowed_restart,
    }
}

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    /// Newest first.
    pub lines: Rc<Vec<NarrationLine>>,
    pub slow: bool,
    pub on_slow: Callback<bool>,
    /// Filters the Events panel to an object; `None` when the page has no Events panel.
    #[prop_or_default]
    pub on_events: Option<Callback<AttrValue>>,
    /// Lights the component that acted (and whether in an ECS cluster) in How it works;
    /// `None` when the page does not draw it.
    #[prop_or_default]
    pub on_actor: Option<Callback<(Component, bool)>>,
}

/// What the live region said: each line once, as worded when it appeared.
#[derive(Default)]
struct Announced {
    started: bool,
    last_seq: u64,
    said: VecDeque<(u64, String)>,
}

impl Announced {
    /// Takes in the lines new since the last render (none at the first: what happened before
    /// the strip existed is shown, not announced).
    fn update(&mut self, lines: &[NarrationLine], lang: Language) {
        let newest = lines.iter().map(|l| l.seq).max().unwrap_or(0);
        if !self.started || newest < self.last_seq {
            // First render, or the world started over (sequence numbers begin again).
            self.started = true;
            self.last_seq = newest;
            return;
        }
        for line in lines.iter().rev().filter(|l| l.seq > self.last_seq) {
            self.said.push_back((line.seq, line.text(lang)));
        }
        self.last_seq = newest;
        let excess = self.said.len().saturating_sub(ANNOUNCED_KEPT);
        self.said.drain(..excess);
    }
}

#[function_component(Narration)]
pub fn narration(props: &NarrationProps) -> Html {
    let lang = use_lang();
    let ids = crate::ids::use_ids();
    let t = lang.pick(&EN, &JA);
    let how = lang.pick(&how_it_works::EN, &how_it_works::JA);
    let language = language(lang);
    let announced = use_mut_ref(Announced::default);
    let live: Vec<(u64, String)> = {
        let mut a = announced.borrow_mut();
        a.update(&props.lines, language);
        a.said.iter().cloned().collect()
    };
    let on_slow = props.on_slow.reform(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    let rows = props.lines.iter().take(LINES_SHOWN).map(|line| {
        let kind = line.kind();
        let text = line.text(language);
        let path = if line.is_ecs() {
            Path::Ecs
        } else {
            Path::Kubernetes
        };
        let component = how_it_works::part_for(line.actor, line.is_ecs(), path).name(how);
        let events = props.on_events.as_ref().map(|on_events| {
            let (on_events, object) = (on_events.clone(), AttrValue::from(line.object.clone()));
            let label = fill(t.events_label, &[("object", &line.object)]);
            html! {
                <button type="button" class="sb-link-btn" data-testid="narration-events"
                    aria-label={label.clone()} title={label}
                    onclick={Callback::from(move |_: MouseEvent| on_events.emit(object.clone()))}>
                    { t.events }
                </button>
            }
        });
        let actor = props.on_actor.as_ref().map(|on_actor| {
            let (on_actor, who, ecs) = (on_actor.clone(), line.actor, line.is_ecs());
            let label = fill(t.actor_label, &[("component", component)]);
            html! {
                <button type="button" class="sb-link-btn" data-testid="narration-actor"
                    data-actor={line.actor.as_str()} aria-label={label.clone()} title={label}
                    onclick={Callback::from(move |_: MouseEvent| on_actor.emit((who, ecs)))}>
                    { component }
                </button>
            }
        });
        html! {
            <li key={line.seq} class={classes!("sb-narration-line", format!("is-{kind}"),
                    kind.is_key_moment().then_some("is-key"))}
                data-testid="narration-line" data-kind={kind.as_str()} data-seq={line.seq.to_string()}
                data-object={line.object.clone()}>
                <span class="sb-narration-time">{ format!("t = {}", format::clock(line.time_ms)) }</span>
                <span class="sb-narration-text" title={text.clone()}>{ crate::visible::reveal_bidi(&text) }</span>
                <span class="sb-narration-links">{ for events }{ for actor }</span>
            </li>
        }
    });
    html! {
        <section class="sb-panel sb-narration" aria-labelledby={ids.id("narration-heading")} data-testid="narration">
            <div class="sb-panel-head">
                <h2 id={ids.id("narration-heading")}>{ t.heading }</h2>
                <label class="sb-check" title={t.slow_down_hint}>
                    <input type="checkbox" data-testid="slow-down" checked={props.slow} onchange={on_slow} />
                    { t.slow_down }
                </label>
            </div>
            if props.lines.is_empty() {
                <p class="sb-empty" data-testid="narration-empty">{ t.empty }</p>
            } else {
                <ol class="sb-narration-list" aria-label={t.list_label}>{ for rows }</ol>
            }
            <div class="sb-visually-hidden" role="log" aria-live="polite" aria-relevant="additions"
                aria-label={t.live_label} data-testid="narration-live">
                { for live.into_iter().map(|(seq, text)| html! { <p key={seq}>{ text }</p> }) }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;

    #[test]
    fn japanese_keeps_the_placeholders() {
        assert_eq!(placeholders(EN.events_label), placeholders(JA.events_label));
        assert_eq!(placeholders(EN.actor_label), placeholders(JA.actor_label));
    }
}
