//! The action menu: a popover anchored to its trigger (a pod chip or a node's name).
//!
//! Keyboard: it opens with focus on its first item; ↑/↓ (and Home/End) move between items;
//! Enter/Space choose; Escape closes and returns focus to the trigger; Tab closes. Each item
//! shows the command it runs beneath its label, in monospace.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::actions::MenuItem;
use super::{text, MenuKey};
use crate::strings::{fill, use_lang};

#[derive(Properties, PartialEq)]
pub struct ActionMenuProps {
    pub items: Vec<MenuItem>,
    /// `pod-action` or `node-action`: items get `data-testid="{prefix}-{id}"`.
    pub testid_prefix: &'static str,
    /// The menu's accessible name.
    pub label: String,
    /// The button that opened the menu (focus returns there).
    pub trigger: NodeRef,
    pub on_menu: Callback<Option<MenuKey>>,
    pub on_command: Callback<String>,
}

fn menu_items(menu: &NodeRef) -> Vec<HtmlElement> {
    let Some(menu) = menu.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(list) = menu.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}

#[function_component(ActionMenu)]
pub fn action_menu(props: &ActionMenuProps) -> Html {
    let t = text(use_lang());
    let menu = use_node_ref();
    {
        let menu = menu.clone();
        use_effect_with((), move |_| {
            // Opened near the right edge (a chip in the last column), it opens leftwards.
            if let (Some(el), Some(window)) = (menu.cast::<web_sys::Element>(), web_sys::window()) {
                let viewport = window.inner_width().ok().and_then(|w| w.as_f64());
                if viewport.is_some_and(|w| el.get_bounding_client_rect().right() > w - 8.0) {
                    let _ = el.class_list().add_1("is-flipped");
                }
            }
            if let Some(first) = menu_items(&menu).first() {
                let _ = first.focus();
            }
        });
    }
    let close = {
        let (on_menu, trigger) = (props.on_menu.clone(), props.trigger.clone());
        Callback::from(move |return_focus: bool| {
            if return_focus {
                focus(&trigger);
            }
            on_menu.emit(None);
        })
    };
    let onkeydown = {
        let (menu, close) = (menu.clone(), close.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            match key.as_str() {
                "Escape" => {
                    e.prevent_default();
                    e.stop_propagation();
                    close.emit(true);
                }
                "Tab" => close.emit(false),
                "ArrowDown" | "ArrowUp" | "Home" | "End" => {
                    e.prevent_default();
                    let items = menu_items(&menu);
                    if items.is_empty() {
                        return;
                    }
                    let active = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element());
                    let current = items.iter().position(|item| {
                        active
                            .as_ref()
                            .is_some_and(|a| a == item.unchecked_ref::<web_sys::Element>())
                    });
                    let last = items.len() - 1;
                    let next = match (key.as_str(), current) {
                        ("Home", _) => 0,
                        ("End", _) => last,
                        ("ArrowDown", Some(i)) if i < last => i + 1,
                        ("ArrowDown", _) => 0,
                        ("ArrowUp", Some(i)) if i > 0 => i - 1,
                        _ => last,
                    };
                    let _ = items[next].focus();
                }
                _ => {}
            }
        })
    };
    let on_backdrop = {
        let close = close.clone();
        Callback::from(move |_: MouseEvent| close.emit(false))
    };
    html! {
        <>
            <div class="sb-menu-backdrop" onclick={on_backdrop} aria-hidden="true"></div>
            <div class="sb-menu" role="menu" ref={menu} aria-label={props.label.clone()}
                data-testid="action-menu" {onkeydown}>
                { for props.items.iter().map(|item| {
                    let onclick = {
                        let (command, on_command, close) =
                            (item.command.clone(), props.on_command.clone(), close.clone());
                        Callback::from(move |_: MouseEvent| {
                            close.emit(true);
                            on_command.emit(command.clone());
                        })
                    };
                    let label = t.action_label(item.kind);
                    html! {
                        <button type="button" role="menuitem" class="sb-menu-item" key={item.id}
                            data-testid={format!("{}-{}", props.testid_prefix, item.id)}
                            data-command={item.command.clone()}
                            aria-label={fill(t.menu_item_aria, &[("action", &label), ("command", &item.command)])}
                            {onclick}>
                            <span class="sb-menu-label">{ label }</span>
                            <code class="sb-menu-cmd">{ &item.command }</code>
                        </button>
                    }
                }) }
            </div>
        </>
    }
}
