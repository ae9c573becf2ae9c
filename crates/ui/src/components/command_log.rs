use std::rc::Rc;

use yew::prelude::*;

use super::use_stick_to_bottom;
use crate::session::LogEntry;
use crate::strings::use_strings;

#[derive(Properties, PartialEq)]
pub struct CommandLogProps {
    pub log: Rc<Vec<LogEntry>>,
}

/// Every command the playground ran, with its output: learners see the real `kubectl`.
#[function_component(CommandLog)]
pub fn command_log(props: &CommandLogProps) -> Html {
    let s = use_strings();
    let node = use_node_ref();
    let onscroll = use_stick_to_bottom(node.clone(), props.log.len());
    html! {
        <section class="sb-panel sb-log-panel" aria-labelledby="sb-log-heading">
            <div class="sb-panel-head">
                <h2 id="sb-log-heading">{ s.log_heading }</h2>
                <p class="sb-hint">{ s.log_hint }</p>
            </div>
            <div class="sb-terminal" data-testid="terminal-output" role="log" tabindex="0"
                ref={node} {onscroll}>
                if props.log.is_empty() {
                    <p class="sb-empty">{ s.log_empty }</p>
                }
                { for props.log.iter().map(|entry| html! {
                    <div class={classes!("sb-log-entry", (!entry.ok).then_some("is-error"))}>
                        <div class="sb-log-cmd"><span class="sb-prompt" aria-hidden="true">{ "$ " }</span>{ &entry.command }</div>
                        if !entry.output.is_empty() {
                            <pre class="sb-log-out">{ &entry.output }</pre>
                        }
                    </div>
                }) }
            </div>
        </section>
    }
}
