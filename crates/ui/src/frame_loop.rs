//! The real-time driver: a `requestAnimationFrame` loop that hands elapsed wall-clock time to
//! the session as [`Action::Frame`]. This is the only place the playground looks at a real
//! clock (the rAF timestamp); the core only ever sees virtual milliseconds.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{Action, State};

/// Runs the clock while the component is mounted; stops and frees the loop on unmount.
#[hook]
pub fn use_frame_loop(dispatcher: UseReducerDispatcher<State>) {
    use_effect_with((), move |_| {
        let window = web_sys::window();
        // The JS function of the callback, so the callback can re-request itself. It is a JS
        // reference only: the Rust closure is owned by the clean-up below, so there is no cycle.
        let self_fn: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
        let pending_id: Rc<Cell<Option<i32>>> = Rc::new(Cell::new(None));
        let alive = Rc::new(Cell::new(true));
        let last_ts: Rc<Cell<Option<f64>>> = Rc::new(Cell::new(None));

        let callback = {
            let (self_fn, pending_id, alive, window) = (
                self_fn.clone(),
                pending_id.clone(),
                alive.clone(),
                window.clone(),
            );
            Closure::<dyn FnMut(f64)>::new(move |ts: f64| {
                pending_id.set(None);
                if !alive.get() {
                    return;
                }
                let elapsed = last_ts.get().map_or(0.0, |last| ts - last);
                last_ts.set(Some(ts));
                // Through the reducer like every change; it redraws only when the views are due.
                dispatcher.dispatch(Action::Frame(elapsed));
                if let (Some(window), Some(f)) = (&window, self_fn.borrow().as_ref()) {
                    pending_id.set(window.request_animation_frame(f).ok());
                }
            })
        };
        let function: js_sys::Function = callback
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone();
        *self_fn.borrow_mut() = Some(function.clone());
        if let Some(window) = &window {
            pending_id.set(window.request_animation_frame(&function).ok());
        }

        move || {
            alive.set(false);
            if let (Some(window), Some(id)) = (&window, pending_id.take()) {
                let _ = window.cancel_animation_frame(id);
            }
            self_fn.borrow_mut().take();
            // If a frame is running right now, wasm-bindgen defers freeing until it returns.
            drop(callback);
        }
    });
}
