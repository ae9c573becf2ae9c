//! Progressive hydration. Taking over a page rendered at build time used to hydrate every panel
//! in one task (the playground's longest, ~750 ms under Lighthouse's 4× CPU slowdown), during
//! which the page answered nothing. Now what is on screen first hydrates first (in place), and
//! each panel below the fold after it in a task of its own, so input and paint get a turn
//! between panels. The markup rendered at build time stays on screen meanwhile (a `Suspense`
//! keeps it while its panel waits, then puts the panel's live copy of it in its place); a
//! playground rendered afresh never waits.

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew::suspense::Suspension;

thread_local! {
    /// True from the start of a hydration until its first task has ended: the panels whose
    /// first render comes in that task wait their turn.
    static HYDRATING: Cell<bool> = const { Cell::new(false) };
}

/// Called just before a page's markup is hydrated.
pub fn begin_hydration() {
    HYDRATING.set(true);
    after_this_task(Box::new(|| HYDRATING.set(false)));
}

/// Runs `f` in a task of its own, after the tasks already queued (a `setTimeout(0)`); at once
/// where there is no window (rendering at build time never waits).
pub(crate) fn after_this_task(f: Box<dyn FnOnce()>) {
    let Some(window) = web_sys::window() else {
        f();
        return;
    };
    let callback = Closure::once_into_js(f);
    if window
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0)
        .is_err()
    {
        // Without a timer the panel would wait for ever: it is better drawn now.
        if let Ok(f) = callback.dyn_into::<js_sys::Function>() {
            let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub children: Html,
}

/// Its children, hydrated in a later task when they are part of a hydration (see the module).
#[function_component(Later)]
fn later_component(props: &LaterProps) -> HtmlResult {
    let turn = use_mut_ref(|| {
        HYDRATING.get().then(|| {
            let (suspension, handle) = Suspension::new();
            after_this_task(Box::new(move || handle.resume()));
            suspension
        })
    });
    let waiting = turn.borrow().clone().filter(|s| !s.resumed());
    match waiting {
        Some(suspension) => Err(suspension.into()),
        None => Ok(props.children.clone()),
    }
}

/// `panel`, hydrated in a task of its own when the page is being hydrated.
pub fn later(panel: Html) -> Html {
    html! {
        <Suspense fallback={Html::default()}>
            <Later>{ panel }</Later>
        </Suspense>
    }
}
