//! The app's state and actions (Yew's `Reducible`, as in the todomvc example), and the one
//! writer of a playground.
//!
//! ## One writer
//! Every change to a playground is an [`Action`] given to [`perform`], and `perform` is the
//! only code that calls the [`Session`]'s writing methods (they are `pub(crate)`, so nothing
//! outside this crate can go around it). Clicks reach it through the reducer
//! ([`State::reduce`]); the JS handle ([`crate::mount::Mounted`]) through
//! [`perform_and_notify`]; the frame loop with [`Action::Frame`]; a mount with its initial
//! settings. So `pg.run("…")` journals, logs and tells the event listeners exactly as a click
//! on the same command does. The paths differ only in how the page learns of the change: the
//! reducer returns a new [`State`], while a change from outside the app calls
//! [`Session::notify`], which dispatches [`Action::Refresh`]: one new state either way, its
//! snapshot taken at the next render. No orchestration logic here: every action is a command
//! of the core's language, a clock setting, or the language the page is read in.

use std::cell::OnceCell;
use std::rc::Rc;

use yew::Reducible;

use crate::session::{Session, Snapshot};
use crate::strings::Lang;

pub struct State {
    pub session: Rc<Session>,
    /// Taken when first read, at render: actions between two renders (a workshop page's loop
    /// of `run` calls, each of which dispatches a refresh) cost one snapshot, not one each.
    snap: OnceCell<Snapshot>,
}

#[derive(Clone, Debug, PartialEq)]
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
    SetPlaying(bool),
    /// The clock's multiplier (clamped to 1..=[`crate::mount::SPEED_MAX`]).
    SetSpeed(u32),
    /// Pause briefly at key moments (a crash, a restart, a task replaced), or not.
    SetSlowDown(bool),
    /// Run a line of the command language (terminal, menus).
    Run(String),
    /// Pause, and advance to the next thing that happens.
    Step,
    /// Advance virtual time by this many milliseconds (replaying journaled commands).
    Advance(u64),
    /// Go to an earlier (or later, up to the horizon) moment of the timeline; pauses.
    Seek(u64),
    /// Start over with this seed.
    Reset(u64),
    /// An animation frame: this much real time (ms) passed since the previous one.
    Frame(f64),
    /// The lesson's Check: look at the current step's goal now.
    LessonCheck,
    /// Play the current step's reference solution in the terminal.
    LessonSolution,
    /// Start the exercise again at this step (0-based): reset the step, previous, next.
    LessonGo(usize),
    /// Write the values the cluster runs into the editor (drift).
    TakeClusterVersion,
    /// Start doing this exercise at this step (0-based).
    OpenLesson(ExerciseRef, usize),
    /// The page is now read in this language: the core answers `help` in it.
    SetLanguage(Lang),
}

/// An exercise as an action carries it (compared by identity: two loads are two exercises).
#[derive(Clone, Debug)]
pub struct ExerciseRef(pub Rc<sunaba_core::lessons::exercise::Exercise>);

impl PartialEq for ExerciseRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What performing an action answers the one who asked: the JS handle returns it, clicks drop
/// it (a command's output is in the command log either way).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// `Run`, `Apply`: the command's output, or its error text.
    Ran(Result<String, String>),
    /// `Step`: the time it went to; `None` when nothing is scheduled.
    Stepped(Option<u64>),
    /// `Seek`: refused when the timeline is full.
    Sought(Result<(), String>),
    /// `Frame`: whether the views are due for a redraw (at most [`crate::session::REFRESH_INTERVAL_REAL_MS`]).
    Framed {
        refresh_due: bool,
    },
}

impl Outcome {
    /// A command's output or error text (empty for actions that run no command).
    pub fn into_output(self) -> Result<String, String> {
        match self {
            Outcome::Ran(result) => result,
            Outcome::Sought(Err(err)) => Err(err),
            _ => Ok(String::new()),
        }
    }
}

/// The one writer: makes `action`'s change to the session.
pub fn perform(session: &Session, action: Action) -> Outcome {
    if !matches!(action, Action::Refresh) {
        session.count_action();
    }
    match action {
        Action::Refresh => Outcome::Done,
        Action::Edit(text) => {
            session.set_editor(&text);
            Outcome::Done
        }
        Action::EditDockerfile(text) => {
            session.set_dockerfile(&text);
            Outcome::Done
        }
        Action::Apply => Outcome::Ran(session.apply_editor()),
        // The output (or error) also goes to the command log, where the terminal shows it.
        Action::Run(command) => Outcome::Ran(session.run(&command)),
        Action::TogglePlay => {
            session.set_playing(!session.clock().playing);
            Outcome::Done
        }
        Action::SetPlaying(playing) => {
            session.set_playing(playing);
            Outcome::Done
        }
        Action::SetSpeed(speed) => {
            session.set_speed(speed.clamp(1, crate::mount::SPEED_MAX));
            Outcome::Done
        }
        Action::SetSlowDown(on) => {
            session.set_slow_at_key_moments(on);
            Outcome::Done
        }
        Action::Step => {
            session.set_playing(false);
            Outcome::Stepped(session.step_to_next())
        }
        Action::Advance(virtual_ms) => {
            session.advance_by(virtual_ms);
            Outcome::Done
        }
        Action::Seek(t) => Outcome::Sought(session.seek(t)),
        Action::Reset(seed) => {
            session.reset(seed);
            Outcome::Done
        }
        Action::Frame(real_elapsed_ms) => Outcome::Framed {
            refresh_due: session.on_frame(real_elapsed_ms),
        },
        Action::TakeClusterVersion => {
            session.take_cluster_version();
            Outcome::Done
        }
        Action::LessonCheck => {
            session.lesson_check();
            Outcome::Done
        }
        Action::LessonSolution => {
            session.play_solution();
            Outcome::Done
        }
        Action::OpenLesson(exercise, step) => Outcome::Ran(
            session
                .start_lesson(exercise.0, step)
                .map(|()| String::new()),
        ),
        Action::SetLanguage(lang) => {
            session.set_language(lang.language());
            Outcome::Done
        }
        Action::LessonGo(step) => match session.exercise() {
            Some(exercise) => {
                Outcome::Ran(session.start_lesson(exercise, step).map(|()| String::new()))
            }
            None => Outcome::Ran(Err("no exercise is open".to_owned())),
        },
    }
}

/// [`perform`] for a writer outside the app (the JS handle), then asks the app to redraw.
pub fn perform_and_notify(session: &Session, action: Action) -> Outcome {
    let outcome = perform(session, action);
    session.notify();
    outcome
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
        let session = self.session.clone();
        let text_only = matches!(action, Action::Edit(_) | Action::EditDockerfile(_));
        // The page redraws itself for a new language; the world did not change.
        let unseen = matches!(action, Action::SetLanguage(_));
        let outcome = {
            // A JS event listener may call the handle while this runs: its redraw is this one.
            let _reducing = session.reducing();
            perform(&session, action)
        };
        let redraw_owed = session.take_redraw_owed();
        match outcome {
            // The clock ran but the views are not due: the same state, so Yew skips the render.
            Outcome::Framed { refresh_due: false } if !redraw_owed => self,
            _ if unseen && !redraw_owed => self,
            _ if text_only => {
                // Only a text changed: keep the other (shared) parts of the snapshot, and what
                // reads the text (drift; an exercise's `file` clauses).
                let snap = Snapshot {
                    editor: session.editor(),
                    dockerfile: session.dockerfile(),
                    drift: session.drift(),
                    lesson: session.lesson_view().map(Rc::new),
                    ..self.snap().clone()
                };
                State::with_snap(session, snap)
            }
            _ => Rc::new(State::new(session)),
        }
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
    fn help_answers_in_the_language_the_page_is_read_in_and_the_tools_never_translate() {
        let session = Session::new(7, crate::example::DEFAULT_DEFINITION);
        let help = |s: &Session| perform(s, Action::Run("help".into())).into_output();
        let english = help(&session).unwrap();
        assert!(english.starts_with("Sunaba understands"), "{english}");
        let kubectl = perform(&session, Action::Run("kubectl get --help".into())).into_output();
        assert_eq!(
            perform(&session, Action::SetLanguage(Lang::Ja)),
            Outcome::Done
        );
        let japanese = help(&session).unwrap();
        assert!(japanese.starts_with("Sunaba が理解する"), "{japanese}");
        assert_eq!(
            perform(&session, Action::Run("kubectl get --help".into())).into_output(),
            kubectl
        );
        // A state reducing the language change keeps its snapshot: the world did not change.
        let state = Rc::new(State::new(Rc::new(session)));
        let next = state.clone().reduce(Action::SetLanguage(Lang::En));
        assert!(Rc::ptr_eq(&state, &next));
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

    /// What `use_reducer` and the app's `on_change` do, without a browser: the state sits in a
    /// `RefCell` borrowed while the reducer runs, so re-entering the reducer panics as Yew's does.
    struct FakeApp {
        session: Rc<Session>,
        state: Rc<std::cell::RefCell<Rc<State>>>,
        /// How often the session asked the app to redraw (`Session::notify`).
        notified: Rc<std::cell::Cell<u32>>,
    }

    /// `use_reducer`'s dispatch: returns whether the state changed (Yew then renders).
    fn dispatch(state: &std::cell::RefCell<Rc<State>>, action: Action) -> bool {
        let mut current = state.borrow_mut();
        let next = current.clone().reduce(action);
        let changed = !Rc::ptr_eq(&next, &current);
        *current = next;
        changed
    }

    impl FakeApp {
        fn mount(seed: u64) -> FakeApp {
            let session = Rc::new(Session::new(seed, crate::example::DEFAULT_DEFINITION));
            let state = Rc::new(std::cell::RefCell::new(Rc::new(State::new(
                session.clone(),
            ))));
            let notified = Rc::new(std::cell::Cell::new(0));
            let (s, n) = (state.clone(), notified.clone());
            session.set_on_change(Some(yew::Callback::from(move |()| {
                n.set(n.get() + 1);
                dispatch(&s, Action::Refresh);
            })));
            FakeApp {
                session,
                state,
                notified,
            }
        }

        fn click(&self, action: Action) -> bool {
            dispatch(&self.state, action)
        }

        /// What the JS handle does (`Mounted::dispatch`).
        fn call_from_js(&self, action: Action) -> Outcome {
            perform_and_notify(&self.session, action)
        }

        fn render(&self) -> Snapshot {
            self.state.borrow().snap().clone()
        }
    }

    impl Drop for FakeApp {
        fn drop(&mut self) {
            self.session.set_on_change(None);
        }
    }

    #[test]
    fn the_js_handle_and_clicks_make_the_same_changes_through_the_one_writer() {
        let (clicks, js) = (FakeApp::mount(7), FakeApp::mount(7));
        let heard = |app: &FakeApp| {
            let heard = Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
            let h = heard.clone();
            app.session.subscribe(Rc::new(
                move |events: &[sunaba_core::sim::events::TraceEvent]| {
                    h.borrow_mut()
                        .extend(events.iter().map(|e| format!("{} {}", e.reason, e.object)));
                },
            ));
            heard
        };
        let (heard_clicks, heard_js) = (heard(&clicks), heard(&js));
        let actions = [
            Action::Apply,
            Action::Advance(20_000),
            Action::Run("kubectl scale deployment/nginx-deployment --replicas=5".into()),
            Action::Step,
            Action::Run("kubectl get pods".into()),
            Action::Run("kubectl no-such-verb".into()),
            Action::SetSpeed(60),
            Action::TogglePlay,
            Action::Edit("kind: Pod\n".into()),
            Action::EditDockerfile("FROM node:20\n".into()),
            Action::Seek(10_000),
            // In the past: branches.
            Action::Run("kubectl get deployments".into()),
            Action::Advance(5_000),
            Action::Reset(3),
            Action::Apply,
        ];
        for action in actions {
            let (taken_clicks, taken_js) = (
                clicks.session.snapshots_taken(),
                js.session.snapshots_taken(),
            );
            let text_only = matches!(action, Action::Edit(_) | Action::EditDockerfile(_));
            let notified = js.notified.get();
            assert!(clicks.click(action.clone()), "{action:?}: a click renders");
            js.call_from_js(action.clone());
            assert_eq!(
                js.notified.get(),
                notified + 1,
                "{action:?}: one redraw per JS call"
            );
            assert_eq!(
                clicks.notified.get(),
                0,
                "{action:?}: a click needs no notify"
            );
            assert_eq!(clicks.session.journal(), js.session.journal(), "{action:?}");
            assert_eq!(clicks.render(), js.render(), "{action:?}");
            assert_eq!(*heard_clicks.borrow(), *heard_js.borrow(), "{action:?}");
            // One snapshot per render, as before (typing keeps the snapshot it has).
            assert_eq!(js.session.snapshots_taken(), taken_js + 1, "{action:?}");
            assert_eq!(
                clicks.session.snapshots_taken(),
                taken_clicks + u64::from(!text_only),
                "{action:?}"
            );
        }
        assert!(!heard_js.borrow().is_empty());
        assert_eq!(js.session.journal().len(), 1, "reset, then one apply");
    }

    #[test]
    fn the_js_handle_returns_what_the_action_answers() {
        let app = FakeApp::mount(1);
        let out = app
            .call_from_js(Action::Apply)
            .into_output()
            .expect("applied");
        assert!(out.contains("created"), "{out}");
        let err = app.call_from_js(Action::Run("kubectl frobnicate".into()));
        assert!(matches!(err, Outcome::Ran(Err(_))), "{err:?}");
        assert!(matches!(
            app.call_from_js(Action::Step),
            Outcome::Stepped(Some(_))
        ));
        assert!(
            !app.session.clock().playing,
            "a step pauses, from JS as from a click"
        );
        assert_eq!(app.call_from_js(Action::Seek(0)), Outcome::Sought(Ok(())));
        assert_eq!(app.call_from_js(Action::SetSpeed(5_000)), Outcome::Done);
        assert_eq!(app.session.clock().speed, crate::mount::SPEED_MAX);
    }

    #[test]
    fn a_loop_of_js_runs_between_two_renders_costs_one_snapshot() {
        let app = FakeApp::mount(7);
        app.render();
        let taken = app.session.snapshots_taken();
        app.call_from_js(Action::Apply);
        for _ in 0..10 {
            app.call_from_js(Action::Run("kubectl get pods".into()));
            app.call_from_js(Action::Advance(5_000));
        }
        assert_eq!(app.notified.get(), 21);
        assert_eq!(
            app.session.snapshots_taken(),
            taken,
            "no render, no snapshot"
        );
        assert_eq!(pods(&app.state.borrow()), 3);
        assert_eq!(app.session.snapshots_taken(), taken + 1);
    }

    /// A JS listener that runs `kubectl get pods` through the handle, once, on `reason`.
    fn run_once_on(app: &FakeApp, reason: &'static str) {
        let (inner, done) = (Rc::downgrade(&app.session), std::cell::Cell::new(false));
        app.session.subscribe(Rc::new(
            move |events: &[sunaba_core::sim::events::TraceEvent]| {
                if let Some(s) = inner.upgrade() {
                    if !done.get() && events.iter().any(|e| e.reason == reason) {
                        done.set(true);
                        perform_and_notify(&s, Action::Run("kubectl get pods".into()));
                    }
                }
            },
        ));
    }

    #[test]
    fn a_listener_calling_the_handle_during_a_click_or_a_frame_does_not_reenter_the_reducer() {
        let app = FakeApp::mount(1);
        run_once_on(&app, "Scheduled");
        // The apply schedules pods: the listener runs a command from inside the reducer.
        assert!(app.click(Action::Apply));
        assert_eq!(
            app.notified.get(),
            0,
            "the click's own new state is the redraw"
        );
        let commands: Vec<String> = app
            .session
            .journal()
            .into_iter()
            .map(|e| e.command)
            .collect();
        assert_eq!(
            commands,
            ["kubectl apply -f editor.yaml", "kubectl get pods"]
        );

        // A frame that is not due redraws nothing, unless a listener changed something.
        let app = FakeApp::mount(1);
        run_once_on(&app, "Started");
        app.click(Action::SetSpeed(crate::mount::SPEED_MAX));
        app.click(Action::Apply);
        let journal = app.session.journal().len();
        // 150 frames of 0.5 ms: 75 ms of real time, never due by itself (refreshes are 100 ms
        // apart), 75 s of virtual time: the pods start.
        for frame in 0..150 {
            let before = app.session.journal().len();
            let rendered = app.click(Action::Frame(0.5));
            let ran = app.session.journal().len() > before;
            assert_eq!(
                rendered, ran,
                "frame {frame}: redrawn only for the listener"
            );
        }
        assert_eq!(app.session.journal().len(), journal + 1, "the listener ran");
        assert_eq!(app.notified.get(), 0);
    }
}
