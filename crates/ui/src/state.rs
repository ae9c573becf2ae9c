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
    /// The Dockerfile panel's text changed.
    EditDockerfile(String),
    /// Run `kubectl apply -f editor.yaml`.
    Apply,
    TogglePlay,
    SetSpeed(u32),
    /// Run a line of the command language (terminal, menus).
    Run(String),
    /// Advance to the next thing that happens.
    Step,
    /// Go to an earlier (or later, up to the horizon) moment of the timeline.
    Seek(u64),
    /// Start over with this seed.
    Reset(u64),
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
            Action::EditDockerfile(text) => {
                session.set_dockerfile(&text);
                let snap = Snapshot {
                    dockerfile: session.dockerfile(),
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
            Action::Run(command) => {
                // The output (or error) goes to the command log, where the terminal shows it.
                let _ = session.run(&command);
            }
            Action::TogglePlay => session.set_playing(!session.clock().playing),
            Action::SetSpeed(speed) => session.set_speed(speed),
            Action::Step => {
                session.set_playing(false);
                let _ = session.step_to_next();
            }
            Action::Seek(t) => {
                let _ = session.seek(t);
            }
            Action::Reset(seed) => session.reset(seed),
        }
        Rc::new(State::new(session.clone()))
    }
}
