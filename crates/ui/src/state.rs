//! The app's state and actions (Yew's `Reducible`, as in the todomvc example).
//!
//! Every action becomes a command of the core's language or a clock setting on the [`Session`];
//! the new state is a fresh [`Snapshot`] of the world's views. No orchestration logic here.

use std::rc::Rc;

use yew::Reducible;

use crate::session::{Session, Snapshot};

pub struct State {
    pub session: Rc<Session>,
    pub snap: Snapshot,
}

pub enum Action {
    /// Redraw from the world (the clock ran, or the JS handle changed something).
    Refresh,
    /// The editor's text changed.
    Edit(String),
    /// Run `kubectl apply -f editor.yaml`.
    Apply,
    /// Run `sim kill POD`.
    KillPod(String),
    TogglePlay,
    SetSpeed(u32),
    /// Pause, then jump to the world's next wake-up (the reconcile inspector's "Next pass").
    Step,
}

impl State {
    pub fn new(session: Rc<Session>) -> State {
        let snap = session.snapshot();
        State { session, snap }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let session = &self.session;
        match action {
            Action::Refresh => {}
            Action::Edit(text) => {
                session.set_editor(&text);
                // Only the text changed: keep the other (shared) parts of the snapshot.
                let snap = Snapshot {
                    editor: session.editor(),
                    ..self.snap.clone()
                };
                return Rc::new(State {
                    session: session.clone(),
                    snap,
                });
            }
            Action::Apply => {
                let _ = session.apply_editor();
            }
            Action::KillPod(pod) => {
                let _ = session.kill_pod(&pod);
            }
            Action::TogglePlay => session.set_playing(!session.clock().playing),
            Action::SetSpeed(speed) => session.set_speed(speed),
            Action::Step => {
                session.set_playing(false);
                let _ = session.step_to_next();
            }
        }
        Rc::new(State::new(session.clone()))
    }
}
