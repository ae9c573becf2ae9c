//! The playground's panels. Each takes plain view data and `Callback`s, nothing else.

pub mod charts;
pub mod cluster;
pub mod dockerfile;
pub mod ecs;
pub mod ecs_load_balancer;
pub mod editor;
pub mod environments;
pub mod events;
pub mod header;
pub mod how_it_works;
pub mod lesson;
pub mod lesson_list;
pub mod narration;
pub mod reconcile;
pub mod side_by_side;
pub mod side_by_side_traffic;
pub mod site;
pub mod terminal;
pub mod timeline;
pub mod workloads;

use web_sys::Element;
use yew::prelude::*;

/// Keeps a scrolling list pinned to its newest (bottom) entry unless the reader scrolled up.
#[hook]
pub fn use_stick_to_bottom<D: PartialEq + 'static>(node: NodeRef, dep: D) -> Callback<Event> {
    let pinned = use_mut_ref(|| true);
    {
        let (node, pinned) = (node.clone(), pinned.clone());
        use_effect_with(dep, move |_| {
            if *pinned.borrow() {
                if let Some(el) = node.cast::<Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    Callback::from(move |_: Event| {
        if let Some(el) = node.cast::<Element>() {
            *pinned.borrow_mut() = el.scroll_height() - el.scroll_top() - el.client_height() < 24;
        }
    })
}
