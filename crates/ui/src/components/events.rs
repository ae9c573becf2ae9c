use std::rc::Rc;

use sunaba_core::view::EventView;
use yew::prelude::*;

use super::use_stick_to_bottom;
use crate::format;
use crate::strings::use_strings;

#[derive(Properties, PartialEq)]
pub struct EventsProps {
    pub events: Rc<Vec<EventView>>,
    pub now_ms: u64,
}

/// Like `kubectl get events`: oldest first, newest at the bottom, Warnings highlighted.
#[function_component(Events)]
pub fn events(props: &EventsProps) -> Html {
    let s = use_strings();
    let node = use_node_ref();
    let newest = props
        .events
        .last()
        .map(|e| (e.last_ms, e.count, props.events.len()));
    let onscroll = use_stick_to_bottom(node.clone(), newest);
    html! {
        <section class="sb-panel sb-events-panel" aria-labelledby="sb-events-heading">
            <div class="sb-panel-head">
                <h2 id="sb-events-heading">{ s.events_heading }</h2>
            </div>
            <div class="sb-events-scroll" ref={node} {onscroll} tabindex="0">
                <table class="sb-events" data-testid="events">
                    <thead><tr>
                        <th scope="col">{ s.col_last_seen }</th>
                        <th scope="col">{ s.col_type }</th>
                        <th scope="col">{ s.col_reason }</th>
                        <th scope="col">{ s.col_object }</th>
                        <th scope="col">{ s.col_message }</th>
                    </tr></thead>
                    <tbody>
                        { for props.events.iter().map(|e| {
                            let warning = e.type_ == "Warning";
                            let seen = format::age(props.now_ms.saturating_sub(e.last_ms));
                            let seen = if e.count > 1 {
                                format!("{seen} (x{} over {})", e.count,
                                    format::age(props.now_ms.saturating_sub(e.first_ms)))
                            } else { seen };
                            html! {
                                <tr class={classes!("sb-event", warning.then_some("is-warning"))}
                                    data-testid="event" data-reason={e.reason.clone()} data-type={e.type_.clone()}>
                                    <td class="sb-nowrap">{ seen }</td>
                                    <td>{ &e.type_ }</td>
                                    <td class="sb-reason">{ &e.reason }</td>
                                    <td class="sb-object">{ &e.object }</td>
                                    <td class="sb-message">{ &e.message }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                if props.events.is_empty() {
                    <p class="sb-empty">{ s.events_empty }</p>
                }
            </div>
        </section>
    }
}
