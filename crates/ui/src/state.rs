//! The app's state and actions (Yew's `Reducible`, as in the todomvc example).
//!
//! Every action becomes a command of the core's language or a clock setting on the [`Session`];
//! the new state is a fresh [`Snapshot`] of the world's views. No orchestration logic here.

use std::cell::OnceCell;
use std::rc::Rc;

use yew::Reducible;

use crate::session::{Session, Snapshot};

pub struct State {
    pub session: Rc<Session>,
    /// Taken when first read, at render: actions between two renders (a workshop page's loop
    /// of `run` calls, each of which dispatches a refresh) cost one snapshot, not one each.
    snap: OnceCell<Snapshot>,
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
        State {
            session,
            snap: OnceCell::new(),
        }
    }

    /// The world's views as of the first read since this state was made.
    pub fn snap(&self) -> &Snapshot {
        self.snap.get_or_init(|| self.session.snapshot())
    }

    fn with_snap(session: Rc<Session>, snap: Snapshot) -> Rc<State> {
        Rc::new(State {
            session,
            snap: OnceCell::from(snap),
        })
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
                    ..self.snap().clone()
                };
                return State::with_snap(session.clone(), snap);
            }
            Action::EditDockerfile(text) => {
                session.set_dockerfile(&text);
                let snap = Snapshot {
                    dockerfile: session.dockerfile(),
                    ..self.snap().clone()
                };
                return State::with_snap(session.clone(), snap);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pods(state: &State) -> usize {
        state
            .snap()
            .cluster
            .nodes
            .iter()
            .map(|n| n.pods.len())
            .sum::<usize>()
            + state.snap().cluster.pending.len()
    }

    #[test]
    fn refreshes_between_two_renders_cost_one_snapshot_taken_at_the_first_read() {
        let session = Rc::new(Session::new(7, crate::example::DEFAULT_DEFINITION));
        let mut state = Rc::new(State::new(session.clone()));
        assert_eq!(
            session.snapshots_taken(),
            0,
            "no snapshot before a render reads one"
        );
        assert_eq!(pods(&state), 0);
        assert_eq!(session.snapshots_taken(), 1);

        // A workshop page's loop: each `run` dispatches a refresh.
        session.run("kubectl apply -f editor.yaml").unwrap();
        for _ in 0..10 {
            session.advance_by(5_000);
            state = state.reduce(Action::Refresh);
        }
        assert_eq!(
            session.snapshots_taken(),
            1,
            "refreshes alone take no snapshot"
        );
        // The render reads the world as it is now, not as it was at the first refresh.
        assert_eq!(pods(&state), 3);
        assert_eq!(session.snapshots_taken(), 2);
        assert_eq!(pods(&state), 3);
        assert_eq!(session.snapshots_taken(), 2, "read twice, taken once");

        // Typing keeps the other parts of the snapshot it already has.
        let state = state.reduce(Action::Edit("kind: Pod\n".into()));
        assert_eq!(&*state.snap().editor, "kind: Pod\n");
        assert_eq!(pods(&state), 3);
        assert_eq!(session.snapshots_taken(), 2);
    }
}
