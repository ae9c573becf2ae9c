use std::rc::Rc;

use sunaba_core::sim::events::EventType;
use sunaba_core::sim::view::EventView;
use yew::prelude::*;

use super::use_stick_to_bottom;
use crate::format;
use crate::strings::{fill, use_lang, use_strings};

pub struct EventsText {
    pub filter_label: &'static str,
    pub filter_placeholder: &'static str,
    pub warnings_only: &'static str,
    /// `{shown}` of `{total}` events match the filter.
    pub shown_of: &'static str,
    pub none_match: &'static str,
    /// `{n}`: rows hidden above the newest ones.
    pub show_all: &'static str,
    pub show_newest: &'static str,
}

/// Rows drawn by default (the newest): a big cluster emits hundreds of events, and every row is
/// six DOM elements; "show all" draws the rest on demand.
pub const ROWS_SHOWN: usize = 50;

pub const EN: EventsText = EventsText {
    filter_label: "Filter by object",
    filter_placeholder: "e.g. pod/web or node-2",
    warnings_only: "Warnings only",
    shown_of: "{shown} of {total}",
    none_match: "No event matches the filter.",
    show_all: "Show {n} older events",
    show_newest: "Show only the newest",
};

pub const JA: EventsText = EventsText {
    filter_label: "オブジェクトで絞り込み",
    filter_placeholder: "例: pod/web や node-2",
    warnings_only: "Warning のみ",
    shown_of: "{total} 件中 {shown} 件",
    none_match: "条件に合うイベントはありません。",
    show_all: "古いイベントを {n} 件表示",
    show_newest: "最新のものだけ表示",
};

/// Whether an event passes the filter: `query` is a case-insensitive substring of the object
/// (or of the reason, so `BackOff` works too).
pub fn matches(e: &EventView, query: &str, warnings_only: bool) -> bool {
    if warnings_only && e.type_ != EventType::Warning {
        return false;
    }
    let q = query.trim().to_lowercase();
    q.is_empty()
        || e.object.to_lowercase().contains(&q)
        || e.reason.as_str().to_lowercase().contains(&q)
}

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub events: Rc<Vec<EventView>>,
    pub now_ms: u64,
    /// Show one object's events (a narration line's link): the filter becomes its name and
    /// the panel comes into view. The number changes at every request.
    #[prop_or_default]
    pub show_object: Option<(u64, AttrValue)>,
}

/// Like `kubectl get events`: oldest first, newest at the bottom, Warnings highlighted.
#[function_component(Events)]
pub fn events(props: &EventsProps) -> Html {
    let ids = crate::ids::use_ids();
    let s = use_strings();
    let t = use_lang().pick(&EN, &JA);
    let node = use_node_ref();
    let query = use_state(String::new);
    let warnings_only = use_state(|| false);
    let filter_input = use_node_ref();
    {
        let (query, warnings_only, input) =
            (query.clone(), warnings_only.clone(), filter_input.clone());
        use_effect_with(props.show_object.clone(), move |request| {
            if let Some((_, object)) = request {
                query.set(object.to_string());
                warnings_only.set(false);
                if let Some(el) = input.cast::<web_sys::HtmlElement>() {
                    el.scroll_into_view();
                    let _ = el.focus();
                }
            }
        });
    }
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let on_warnings = {
        let warnings_only = warnings_only.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            warnings_only.set(input.checked());
        })
    };
    let shown: Vec<&EventView> = props
        .events
        .iter()
        .filter(|e| matches(e, &query, *warnings_only))
        .collect();
    let filtering = !query.trim().is_empty() || *warnings_only;
    let show_all = use_state(|| false);
    let hidden = if *show_all {
        0
    } else {
        shown.len().saturating_sub(ROWS_SHOWN)
    };
    let toggle_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(!*show_all))
    };
    let newest = props
        .events
        .last()
        .map(|e| (e.last_ms, e.count, props.events.len()));
    let onscroll = use_stick_to_bottom(node.clone(), newest);
    html! {
        <section class="sb-panel sb-events-panel" aria-labelledby={ids.id("events-heading")}>
            <div class="sb-panel-head">
                <h2 id={ids.id("events-heading")}>{ s.events_heading }</h2>
                <div class="sb-events-filter">
                    <input type="search" data-testid="events-filter" class="sb-filter-input" ref={filter_input}
                        aria-label={t.filter_label} placeholder={t.filter_placeholder}
                        value={(*query).clone()} oninput={on_query} />
                    <label class="sb-check">
                        <input type="checkbox" data-testid="events-warnings" checked={*warnings_only}
                            onchange={on_warnings} />
                        { t.warnings_only }
                    </label>
                    if filtering {
                        <span class="sb-hint" aria-live="polite">{ fill(t.shown_of, &[
                            ("shown", &shown.len().to_string()),
                            ("total", &props.events.len().to_string()),
                        ]) }</span>
                    }
                </div>
            </div>
            <div class="sb-events-scroll" ref={node} {onscroll} tabindex="0">
                if hidden > 0 || (*show_all && shown.len() > ROWS_SHOWN) {
                    <button type="button" class="sb-btn sb-events-more" data-testid="events-more"
                        onclick={toggle_all}>
                        { if hidden > 0 { fill(t.show_all, &[("n", &hidden.to_string())]) } else { t.show_newest.to_owned() } }
                    </button>
                }
                <table class="sb-events" data-testid="events">
                    <thead><tr>
                        <th scope="col">{ s.col_last_seen }</th>
                        <th scope="col">{ s.col_type }</th>
                        <th scope="col">{ s.col_reason }</th>
                        <th scope="col">{ s.col_object }</th>
                        <th scope="col">{ s.col_message }</th>
                    </tr></thead>
                    <tbody>
                        { for shown.iter().skip(hidden).map(|e| {
                            let warning = e.type_ == EventType::Warning;
                            let seen = format::age(props.now_ms.saturating_sub(e.last_ms));
                            let seen = if e.count > 1 {
                                format!("{seen} (x{} over {})", e.count,
                                    format::age(props.now_ms.saturating_sub(e.first_ms)))
                            } else { seen };
                            html! {
                                <tr class={classes!("sb-event", warning.then_some("is-warning"))}
                                    data-testid="event" data-reason={e.reason.as_str()} data-type={e.type_.as_str()}>
                                    <td class="sb-nowrap">{ seen }</td>
                                    <td>{ e.type_.as_str() }</td>
                                    <td class="sb-reason">{ e.reason.as_str() }</td>
                                    <td class="sb-object">{ crate::visible::reveal_bidi(&e.object) }</td>
                                    <td class="sb-message">{ crate::visible::reveal_bidi(&e.message) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                if props.events.is_empty() {
                    <p class="sb-empty">{ s.events_empty }</p>
                } else if shown.is_empty() {
                    <p class="sb-empty">{ t.none_match }</p>
                }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sunaba_core::sim::event_reason::{Component, Reason};

    fn ev(type_: EventType, reason: Reason, object: &str) -> EventView {
        EventView {
            last_ms: 0,
            first_ms: 0,
            count: 1,
            type_,
            reason,
            object: object.into(),
            message: String::new(),
            source: Component::Kubelet,
        }
    }

    #[test]
    fn japanese_keeps_the_placeholders() {
        use crate::strings::tests::placeholders;
        assert_eq!(placeholders(EN.show_all), placeholders(JA.show_all));
        assert_eq!(placeholders(EN.shown_of), placeholders(JA.shown_of));
    }

    #[test]
    fn the_filter_matches_object_or_reason_and_warnings() {
        let e = ev(EventType::Warning, Reason::BackOff, "pod/web-1");
        assert!(matches(&e, "", false));
        assert!(matches(&e, "POD/WEB", true));
        assert!(matches(&e, "backoff", false));
        assert!(!matches(&e, "node", false));
        let n = ev(EventType::Normal, Reason::Pulled, "pod/web-1");
        assert!(!matches(&n, "", true));
    }
}
