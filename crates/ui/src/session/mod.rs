//! The shell around one simulated [`World`]: runs commands, advances time, keeps the command log.
//!
//! A `Session` is shared (`Rc`) by the Yew app and by the JS handle of a mounted playground, so
//! both drive the very same world. Its writing methods are `pub(crate)` and called only by
//! [`crate::state::perform`], the one writer that clicks, the JS handle and the frame loop all
//! go through (building a session, and `load` for a share link, happen before anything reads
//! it). It owns no orchestration logic: everything that happens in
//! the cluster is a command of the core's language (`kubectl …`, `sim …`) or `advance_by`.
//! It must never read a wall clock itself: real elapsed time is handed in by the frame loop.
//!
//! ## The timeline
//! Every command is journaled with the virtual time it ran at (and, for `-f editor.yaml`, the
//! editor text it applied). Because the core is deterministic, the journal *is* the state:
//! [`Session::seek`] rebuilds the world from the seed and replays the journal up to any earlier
//! moment. After a seek the later commands are still there and replay as the clock passes their
//! time; running a new command instead *branches*: the journal's future is dropped. Share links
//! ([`crate::share`]) carry the seed, the setup and the journal.

mod drift;
mod files;
mod jump;
mod lesson;
mod pacing;

use files::{files_with, files_with_dockerfile};
pub use files::{
    reads_dockerfile, reads_editor, SessionFiles, DOCKERFILE, EDITOR_FILE, EXAMPLE_DOCKERFILE,
    EXAMPLE_FILES,
};
pub use jump::{Jump, JumpCause, JUMP_SHOWN_MIN_MS};
pub use lesson::{LessonRun, StepListener, StepPassed, LOOK_EVERY_MS};
pub use pacing::{Slowed, KEY_MOMENT_HOLD_REAL_MS};

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use drift::DriftKey;
use sunaba_core::base::language::Language;
use sunaba_core::sim::events::TraceEvent;
use sunaba_core::sim::history::ReconcileRecord;
use sunaba_core::sim::view::{ClusterView, EventView};
use sunaba_core::world::drift::Drift;
use sunaba_core::world::narration::{Narration, NarrationKind, NarrationLine};
use sunaba_core::World;
use yew::Callback;

/// The image the Dockerfile panel builds, and its ECR repository.
pub const APP_IMAGE: &str = "shop:1.0";
pub const APP_REPOSITORY: &str = "shop";

/// The command the Apply button runs.
pub const APPLY_COMMAND: &str = "kubectl apply -f editor.yaml";
/// What the Apply button runs when the editor holds an Amazon ECS task definition.
pub const ECS_REGISTER_COMMAND: &str =
    "aws ecs register-task-definition --cli-input-json file://editor.yaml";
/// … and when it holds an ECS service definition (a second Apply gets ECS's own answer:
/// "Creation of service was not idempotent" — update-service changes a service).
pub const ECS_CREATE_SERVICE_COMMAND: &str =
    "aws ecs create-service --cli-input-json file://editor.yaml";

/// The command Apply runs for this text: `aws ecs register-task-definition` for an ECS task
/// definition (recognised by its shape, as `sunaba check` does), else `kubectl apply`.
pub fn apply_command_for(text: &str) -> &'static str {
    apply_command_of(&sunaba_core::input::definitions::load(EDITOR_FILE, text))
}

/// [`apply_command_for`] from a load already made (the editor loads once per keystroke).
pub fn apply_command_of(loaded: &sunaba_core::input::definitions::Loaded) -> &'static str {
    let is_task = loaded.ecs.iter().any(|e| {
        matches!(
            e.definition,
            sunaba_core::input::definitions::EcsDefinition::Task(_)
        )
    });
    let is_service = loaded.ecs.iter().any(|e| {
        matches!(
            e.definition,
            sunaba_core::input::definitions::EcsDefinition::Service(_)
        )
    });
    if is_task && loaded.objects.is_empty() {
        ECS_REGISTER_COMMAND
    } else if is_service && loaded.objects.is_empty() {
        ECS_CREATE_SERVICE_COMMAND
    } else {
        APPLY_COMMAND
    }
}
/// At most this much virtual time passes in one animation frame, so a tab that was in the
/// background does not jump ahead by hours (or stall computing them) when it comes back.
pub const MAX_VIRTUAL_MS_PER_FRAME: f64 = 2_000.0;
/// The views are rebuilt at most this often while the clock runs (10 Hz is smooth enough for
/// a clock with one-second resolution and keeps the DOM work small).
pub const REFRESH_INTERVAL_REAL_MS: f64 = 100.0;
/// Bounds on what the UI keeps for display.
pub const EVENTS_SHOWN_MAX: usize = 200;
pub const LOG_ENTRIES_MAX: usize = 200;
/// Newest trace events kept for the "How it works" animation and event subscribers.
pub const TRACE_KEPT_MAX: usize = 64;
/// Newest reconcile passes shown by the inspector.
pub const RECONCILE_SHOWN_MAX: usize = 60;
/// Newest narration lines handed to the views (the strip shows fewer).
pub const NARRATION_SHOWN_MAX: usize = 8;

/// One emitted event with its position in the world's emission order (1-based, never reused),
/// so a view can tell which events are new since it last looked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceItem {
    pub seq: u64,
    pub event: TraceEvent,
}

/// One command the playground ran and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub command: String,
    pub output: String,
    pub ok: bool,
    pub at_ms: u64,
    /// Virtual time the command moved the clock (`sim wait`, `kubectl rollout status`, …).
    pub advanced_ms: u64,
}

/// A journaled command: when it ran and, for commands reading the editor's file, what the
/// editor held then (shared, so repeated applies of the same text cost nothing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalEntry {
    pub at_ms: u64,
    pub command: String,
    pub editor: Option<Rc<str>>,
}

/// At most this many commands are journaled; past it the timeline stops recording (seek and
/// share are refused with a message) but the playground keeps running.
pub const JOURNAL_MAX: usize = 5_000;

/// Most silent wake-ups one step passes over looking for something to show.
pub const STEP_WAKEUPS_MAX: usize = 64;

/// How a session's world starts: the seed and quiet setup commands (the cluster's shape).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub seed: u64,
    /// Run at t = 0 before anything else, not shown in the terminal (e.g. `sim nodes 5 --cpu 4`).
    pub setup: Vec<String>,
}

/// Where the session stands on its timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The furthest virtual time reached on this branch (the scrubber's end).
    pub horizon_ms: u64,
    /// Journaled commands not yet replayed (they run when the clock reaches them).
    pub ahead: usize,
    /// The journal is full: seeking and sharing are off.
    pub full: bool,
    pub seed: u64,
}

/// Play/pause and the speed multiplier of the virtual clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSettings {
    pub playing: bool,
    pub speed: u32,
    /// Pause briefly at the narration's key moments ([`pacing`]).
    pub slow_at_key_moments: bool,
}

/// Everything a render needs, cheap to clone (shared `Rc`s).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub now_ms: u64,
    pub clock: ClockSettings,
    pub timeline: Timeline,
    /// Time compression in force in the core (1 = Kubernetes' real timings).
    pub compression: u32,
    pub availability:
        Rc<std::collections::BTreeMap<String, Vec<sunaba_core::sim::history::AvailabilitySample>>>,
    pub traffic:
        Rc<std::collections::BTreeMap<String, Vec<sunaba_core::sim::traffic::TrafficSample>>>,
    pub cluster: Rc<ClusterView>,
    /// Accounts, their contexts and the environments in them (the swimlanes).
    pub environments: Rc<sunaba_core::world::lanes::EnvironmentsView>,
    pub events: Rc<Vec<EventView>>,
    pub log: Rc<Vec<LogEntry>>,
    /// The newest emitted events (at most [`TRACE_KEPT_MAX`]), oldest first.
    pub trace: Rc<Vec<TraceItem>>,
    /// The newest controller passes (at most [`RECONCILE_SHOWN_MAX`]), oldest first.
    pub reconcile: Rc<Vec<ReconcileRecord>>,
    /// What just happened, in plain words: the newest lines (at most
    /// [`NARRATION_SHOWN_MAX`]), newest first.
    pub narration: Rc<Vec<NarrationLine>>,
    /// The clock is holding still at a key moment (slow down at key moments is on).
    pub slowed: Option<Slowed>,
    pub editor: Rc<str>,
    /// The result of the last apply: `Ok(kubectl output)` or `Err(error text)`.
    pub last_apply: Option<Result<String, String>>,
    /// The Dockerfile panel's text and what it built.
    pub dockerfile: Rc<str>,
    pub docker: Rc<DockerView>,
    /// The exercise being done, as the lesson panel draws it.
    pub lesson: Option<Rc<sunaba_core::lessons::exercise::view::LessonView>>,
    /// The latest jump of the clock (a command or Step moved it at once).
    pub jump: Option<Jump>,
    /// Where the cluster no longer runs what the editor declares.
    pub drift: Rc<Vec<Drift>>,
}

/// What the Dockerfile panel shows besides its text: the image it built and where Push goes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DockerView {
    /// [`APP_IMAGE`] in the learner's local image store, once built.
    pub image: Option<sunaba_core::cloud::images::ImageView>,
    /// The current context's account's ECR registry host.
    pub registry: Option<String>,
    /// Whether that registry has [`APP_REPOSITORY`] (`aws ecr create-repository` made it).
    pub repository_exists: bool,
}

/// A JS-side (or test) listener for emitted events.
pub type EventListener = Rc<dyn Fn(&[TraceEvent])>;

pub struct Session {
    world: RefCell<World>,
    origin: RefCell<Origin>,
    journal: RefCell<Vec<JournalEntry>>,
    /// `journal[..cursor]` has run in the current world.
    cursor: Cell<usize>,
    horizon_ms: Cell<u64>,
    journal_full: Cell<bool>,
    listeners: RefCell<Vec<(u32, EventListener)>>,
    next_listener_id: Cell<u32>,
    /// Events drained from the world but not yet handed to the listeners.
    unheard: RefCell<Vec<TraceEvent>>,
    editor: RefCell<Rc<str>>,
    /// The Dockerfile panel's text (served as `app/Dockerfile`).
    dockerfile: RefCell<Rc<str>>,
    log: RefCell<Rc<Vec<LogEntry>>>,
    last_apply: RefCell<Option<Result<String, String>>>,
    clock: Cell<ClockSettings>,
    real_ms_since_refresh: Cell<f64>,
    /// Virtual milliseconds owed but not yet advanced (frames shorter than 1 ms at ×1).
    virtual_ms_carry: Cell<f64>,
    /// Tells the mounted app to redraw after a change made from outside it (the JS handle).
    on_change: RefCell<Option<Callback<()>>>,
    /// Event views as of `events_emitted()`: rebuilt only when the core emitted something.
    events_cache: RefCell<(u64, Rc<Vec<EventView>>)>,
    trace: RefCell<Rc<Vec<TraceItem>>>,
    /// What the drained events said, in plain words (bounded by the core).
    narration: RefCell<Narration>,
    narration_cache: RefCell<(u64, Rc<Vec<NarrationLine>>)>,
    /// The newest key moment narrated since the frame loop last looked ([`pacing`]).
    key_heard: Cell<Option<NarrationKind>>,
    /// The clock holds still at a key moment: real milliseconds left, and why.
    hold: Cell<Option<(f64, NarrationKind)>>,
    reconcile_cache: RefCell<(u64, Rc<Vec<ReconcileRecord>>)>,
    /// How many snapshots were taken (each builds every view: the costliest read of the world).
    snapshots_taken: Cell<u64>,
    /// The exercise being done, if any ([`lesson`]).
    lesson: RefCell<Option<LessonRun>>,
    /// The latest jump of the clock.
    jump: RefCell<Option<Jump>>,
    /// The editor text of the latest Apply that succeeded (what the learner declared).
    applied: RefCell<Option<Rc<str>>>,
    /// Drift as of (events emitted, applied text, editor text): rebuilt only when one changed.
    drift_cache: RefCell<Option<(DriftKey, Rc<Vec<Drift>>)>>,
    /// What ran when the playground opened (the first Apply): Reset runs it again.
    opening: RefCell<Vec<JournalEntry>>,
    /// Steps done but not yet told to the step listeners.
    passed_unheard: RefCell<Vec<StepPassed>>,
    step_listeners: RefCell<Vec<(u32, StepListener)>>,
    /// Steps are being done by reference solutions to reach a later step: nobody is told.
    quiet_steps: Cell<bool>,
    /// The app's reducer is performing an action (see [`Session::reducing`]).
    reducing: Cell<u32>,
    /// A change was made from outside the app while its reducer ran.
    redraw_owed: Cell<bool>,
    /// Actions performed so far ([`crate::state::perform`] counts them).
    revision: Cell<u64>,
    /// The language the page is read in: the core says its own words (`help`) in it.
    language: Cell<Language>,
}

/// Marks a reducer at work until dropped.
pub(crate) struct Reducing<'a>(&'a Session);

impl Drop for Reducing<'_> {
    fn drop(&mut self) {
        self.0.reducing.set(self.0.reducing.get() - 1);
    }
}

/// Identity: two sessions are equal only if they are the same one (so `Rc<Session>` can be a
/// memoization dependency without comparing worlds).
impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Session {
    pub fn new(seed: u64, editor_text: &str) -> Session {
        Session::with_origin(
            Origin {
                seed,
                setup: Vec::new(),
            },
            editor_text,
        )
    }

    /// A session whose world starts from `origin` (seed + quiet setup commands).
    pub fn with_origin(origin: Origin, editor_text: &str) -> Session {
        let world = build_world(&origin);
        Session {
            world: RefCell::new(world),
            origin: RefCell::new(origin),
            journal: RefCell::new(Vec::new()),
            cursor: Cell::new(0),
            horizon_ms: Cell::new(0),
            journal_full: Cell::new(false),
            listeners: RefCell::new(Vec::new()),
            next_listener_id: Cell::new(1),
            unheard: RefCell::new(Vec::new()),
            editor: RefCell::new(Rc::from(editor_text)),
            dockerfile: RefCell::new(Rc::from(EXAMPLE_DOCKERFILE)),
            log: RefCell::new(Rc::new(Vec::new())),
            last_apply: RefCell::new(None),
            clock: Cell::new(ClockSettings {
                playing: true,
                speed: 1,
                slow_at_key_moments: false,
            }),
            real_ms_since_refresh: Cell::new(0.0),
            virtual_ms_carry: Cell::new(0.0),
            on_change: RefCell::new(None),
            events_cache: RefCell::new((u64::MAX, Rc::new(Vec::new()))),
            trace: RefCell::new(Rc::new(Vec::new())),
            narration: RefCell::new(Narration::default()),
            narration_cache: RefCell::new((u64::MAX, Rc::new(Vec::new()))),
            key_heard: Cell::new(None),
            hold: Cell::new(None),
            reconcile_cache: RefCell::new((u64::MAX, Rc::new(Vec::new()))),
            snapshots_taken: Cell::new(0),
            lesson: RefCell::new(None),
            jump: RefCell::new(None),
            opening: RefCell::new(Vec::new()),
            applied: RefCell::new(None),
            drift_cache: RefCell::new(None),
            passed_unheard: RefCell::new(Vec::new()),
            step_listeners: RefCell::new(Vec::new()),
            quiet_steps: Cell::new(false),
            reducing: Cell::new(0),
            redraw_owed: Cell::new(false),
            revision: Cell::new(0),
            language: Cell::new(Language::En),
        }
    }

    /// Runs one line of the command language, journals and logs it, and returns its output or
    /// error text. Run while earlier in the timeline, it branches: the journal's future is gone.
    pub(crate) fn run(&self, line: &str) -> Result<String, String> {
        let line = line.trim();
        // The journal keeps the text the command read: the editor's, or for a build the
        // Dockerfile's (so a replay builds the same image).
        let editor = if reads_dockerfile(line) {
            Some(self.dockerfile.borrow().clone())
        } else {
            reads_editor(line).then(|| self.editor.borrow().clone())
        };
        {
            let mut journal = self.journal.borrow_mut();
            journal.truncate(self.cursor.get());
            if journal.len() < JOURNAL_MAX {
                journal.push(JournalEntry {
                    at_ms: self.now_ms(),
                    command: line.to_owned(),
                    editor: editor.clone(),
                });
                self.cursor.set(journal.len());
            } else {
                self.journal_full.set(true);
            }
        }
        self.horizon_ms.set(self.now_ms());
        self.lesson_before_command(line);
        let result = self.execute(line, editor);
        self.lesson_look(true, true);
        self.tell_listeners();
        self.tell_step_listeners();
        result
    }

    /// Runs a command in the world and logs it (no journaling: the caller decides).
    fn execute(&self, line: &str, editor: Option<Rc<str>>) -> Result<String, String> {
        let before_ms = self.now_ms();
        let result = if self.lesson_wait(line) {
            let mut world = self.world.borrow_mut();
            sunaba_core::run(&mut world, "sim wait 0s", &files_with("")).map_err(|e| e.message)
        } else {
            let lesson_files = self.lesson_files();
            let files: &dyn sunaba_core::input::files::FileSource = match &lesson_files {
                Some(files) => files,
                None if reads_dockerfile(line) => {
                    &files_with_dockerfile(editor.as_deref().unwrap_or(""))
                }
                None => &files_with(editor.as_deref().unwrap_or("")),
            };
            let mut world = self.world.borrow_mut();
            let result =
                sunaba_core::lang::command::run_for(&mut world, line, files, self.language.get())
                    .map_err(|e| e.message);
            self.keep_trace(&mut world);
            result
        };
        let advanced_ms = self.now_ms().saturating_sub(before_ms);
        self.note_jump(before_ms, JumpCause::Command(line.to_owned()));
        let entry = LogEntry {
            command: line.to_owned(),
            output: match &result {
                Ok(out) => out.clone(),
                Err(err) => err.clone(),
            },
            ok: result.is_ok(),
            at_ms: self.now_ms(),
            advanced_ms,
        };
        let mut log = self.log.borrow_mut();
        let log = Rc::make_mut(&mut log);
        log.push(entry);
        if log.len() > LOG_ENTRIES_MAX {
            let excess = log.len() - LOG_ENTRIES_MAX;
            log.drain(..excess);
        }
        result
    }

    /// The language the page is read in from now on: later commands (and the journal's, when
    /// they replay) answer in it where the core has words of its own (`help`).
    pub(crate) fn set_language(&self, language: Language) {
        self.language.set(language);
    }

    /// Applies the editor's text (`kubectl apply -f editor.yaml`) and remembers the result.
    pub(crate) fn apply_editor(&self) -> Result<String, String> {
        let command =
            apply_command_for(&self.editor.borrow()).replacen(EDITOR_FILE, &self.editor_path(), 1);
        let result = self.run(&command);
        if result.is_ok() {
            *self.applied.borrow_mut() = Some(self.editor.borrow().clone());
        }
        *self.last_apply.borrow_mut() = Some(result.clone());
        result
    }

    pub(crate) fn set_editor(&self, text: &str) {
        *self.editor.borrow_mut() = Rc::from(text);
        self.lesson_edited(false);
    }

    /// The Dockerfile panel's text.
    pub fn dockerfile(&self) -> Rc<str> {
        self.dockerfile.borrow().clone()
    }

    pub(crate) fn set_dockerfile(&self, text: &str) {
        *self.dockerfile.borrow_mut() = Rc::from(text);
        self.lesson_edited(true);
    }

    pub fn editor(&self) -> Rc<str> {
        self.editor.borrow().clone()
    }

    /// Tab completion for a terminal line (verbs, flags, names of existing objects).
    pub fn complete(&self, line: &str) -> sunaba_core::lang::complete::Completion {
        sunaba_core::lang::complete::complete(&self.world.borrow(), line)
    }

    /// Advances virtual time, replaying journaled commands whose time comes.
    pub(crate) fn advance_by(&self, virtual_ms: u64) {
        let target = self.now_ms().saturating_add(virtual_ms);
        self.advance_to(target);
    }

    fn advance_to(&self, target: u64) {
        loop {
            let next = {
                let journal = self.journal.borrow();
                journal
                    .get(self.cursor.get())
                    .filter(|e| e.at_ms <= target)
                    .cloned()
            };
            let Some(entry) = next else { break };
            self.world_advance(entry.at_ms);
            self.cursor.set(self.cursor.get() + 1);
            let _ = self.execute(&entry.command, entry.editor);
        }
        self.world_advance(target);
        self.lesson_look(false, false);
        if target > self.horizon_ms.get() {
            self.horizon_ms.set(target);
        }
        self.tell_listeners();
        self.tell_step_listeners();
    }

    /// The world's clock goes to `t` (its timers fire); what it emitted is kept.
    fn world_advance(&self, t: u64) {
        let mut world = self.world.borrow_mut();
        world.advance_to(t);
        self.keep_trace(&mut world);
    }

    /// Advances to the next moment something visible happens: wake-up by wake-up (timers in
    /// the world, journaled commands replaying) until an event is emitted or a controller
    /// passes, at most [`STEP_WAKEUPS_MAX`] wake-ups. Returns the new time, or `None` when
    /// nothing is scheduled (time then stays put).
    pub(crate) fn step_to_next(&self) -> Option<u64> {
        let from_ms = self.now_ms();
        let at = self.step_wakeups();
        self.note_jump(from_ms, JumpCause::Step);
        at
    }

    fn step_wakeups(&self) -> Option<u64> {
        let seen = |w: &World| (w.events_emitted(), w.reconcile_passes());
        let before = seen(&self.world.borrow());
        let mut at = None;
        for _ in 0..STEP_WAKEUPS_MAX {
            let Some(next) = self.next_wakeup_ms() else {
                break;
            };
            let next = next.max(self.now_ms());
            self.advance_to(next);
            self.virtual_ms_carry.set(0.0);
            at = Some(next);
            if seen(&self.world.borrow()) != before {
                break;
            }
        }
        at
    }

    /// Goes to virtual time `t_ms` (clamped to the horizon) by replaying from the origin, and
    /// pauses there. The journal stays: playing on replays it; running a command branches.
    pub(crate) fn seek(&self, t_ms: u64) -> Result<(), String> {
        if self.in_lesson() {
            return Err(
                "the timeline does not rewind during an exercise; use \"Reset step\" to start a step again"
                    .to_owned(),
            );
        }
        if self.journal_full.get() {
            return Err(format!(
                "the timeline holds at most {JOURNAL_MAX} commands; reset to use it again"
            ));
        }
        let t_ms = t_ms.min(self.horizon_ms.get());
        let horizon = self.horizon_ms.get();
        self.set_playing(false);
        if t_ms < self.now_ms() {
            *self.world.borrow_mut() = build_world(&self.origin.borrow());
            self.cursor.set(0);
            *self.log.borrow_mut() = Rc::new(Vec::new());
            *self.trace.borrow_mut() = Rc::new(Vec::new());
            self.narration.borrow_mut().clear();
            self.unheard.borrow_mut().clear();
        }
        self.advance_to(t_ms);
        self.horizon_ms.set(horizon);
        Ok(())
    }

    /// Starts over: a fresh world from `seed` (same setup), an empty journal and log. The
    /// editor's text is kept. During an exercise: the exercise from its start (its seed).
    pub(crate) fn reset(&self, seed: u64) {
        if let Some(exercise) = self.exercise() {
            // Its setup ran when it started, so it runs again.
            let _ = self.start_lesson(exercise, 0);
            return;
        }
        self.origin.borrow_mut().seed = seed;
        *self.world.borrow_mut() = build_world(&self.origin.borrow());
        self.clear_history();
        // The state the page opened in: the same commands, reading what they read then. The
        // editor keeps the learner's text (if it differs, the drift notice says so).
        let opening = self.opening.borrow().clone();
        for entry in opening {
            self.journal.borrow_mut().push(entry.clone());
            self.cursor.set(self.journal.borrow().len());
            let applied = self.execute(&entry.command, entry.editor.clone()).is_ok();
            if applied && reads_editor(&entry.command) {
                *self.applied.borrow_mut() = entry.editor;
            }
        }
        self.tell_listeners();
    }

    /// What has run so far is how the playground opens: Reset comes back to it.
    pub(crate) fn mark_opening(&self) {
        *self.opening.borrow_mut() = self.journal.borrow().clone();
    }

    /// An empty journal, log and trace, for a world that starts over.
    fn clear_history(&self) {
        *self.jump.borrow_mut() = None;
        *self.applied.borrow_mut() = None;
        self.journal.borrow_mut().clear();
        self.cursor.set(0);
        self.horizon_ms.set(0);
        self.journal_full.set(false);
        *self.log.borrow_mut() = Rc::new(Vec::new());
        *self.trace.borrow_mut() = Rc::new(Vec::new());
        self.narration.borrow_mut().clear();
        *self.last_apply.borrow_mut() = None;
        self.unheard.borrow_mut().clear();
    }

    /// Replaces origin and journal (opening a share link) and replays to `at_ms`, paused.
    pub(crate) fn load(&self, origin: Origin, journal: Vec<JournalEntry>, at_ms: u64) {
        let seed = origin.seed;
        *self.origin.borrow_mut() = origin;
        self.reset(seed);
        let horizon = journal.last().map_or(0, |e| e.at_ms).max(at_ms);
        let mut kept = journal;
        kept.truncate(JOURNAL_MAX);
        *self.journal.borrow_mut() = kept;
        self.set_playing(false);
        self.advance_to(at_ms);
        self.horizon_ms.set(horizon);
    }

    pub fn origin(&self) -> Origin {
        self.origin.borrow().clone()
    }

    pub fn journal(&self) -> Vec<JournalEntry> {
        self.journal.borrow().clone()
    }

    pub fn timeline(&self) -> Timeline {
        self.timeline_with(&self.world.borrow())
    }

    /// Calls `listener` with every batch of events the world emits from now on.
    pub fn subscribe(&self, listener: EventListener) -> u32 {
        let id = self.next_listener_id.get();
        self.next_listener_id.set(id.wrapping_add(1));
        self.listeners.borrow_mut().push((id, listener));
        id
    }

    /// Removes a listener; returns whether it was there.
    pub fn unsubscribe(&self, id: u32) -> bool {
        let mut listeners = self.listeners.borrow_mut();
        let before = listeners.len();
        listeners.retain(|(i, _)| *i != id);
        listeners.len() != before
    }

    /// Hands the events drained so far to the listeners, outside every borrow (a listener may
    /// run commands itself).
    fn tell_listeners(&self) {
        if self.listeners.borrow().is_empty() {
            self.unheard.borrow_mut().clear();
            return;
        }
        let events = std::mem::take(&mut *self.unheard.borrow_mut());
        if events.is_empty() {
            return;
        }
        let listeners: Vec<EventListener> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for listener in listeners {
            listener(&events);
        }
    }

    /// How many actions have been performed on this session: unchanged means nothing a page
    /// draws has changed (a page rendered at build time can still be hydrated).
    pub(crate) fn revision(&self) -> u64 {
        self.revision.get()
    }

    pub(crate) fn count_action(&self) {
        self.revision.set(self.revision.get() + 1);
    }

    /// Events emitted and controller passes made so far (changes whenever something happens).
    pub fn activity(&self) -> (u64, u64) {
        let world = self.world.borrow();
        (world.events_emitted(), world.reconcile_passes())
    }

    /// When something next happens: the world's earliest timer or a journaled command
    /// replaying, if anything is scheduled.
    pub fn next_wakeup_ms(&self) -> Option<u64> {
        let world_next = self.world.borrow().next_wakeup_ms();
        let journal_next = self
            .journal
            .borrow()
            .get(self.cursor.get())
            .map(|e| e.at_ms);
        match (world_next, journal_next) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Moves what the world emitted into the bounded `trace` (draining keeps the core's
    /// buffer small).
    fn keep_trace(&self, world: &mut World) {
        let drained = world.drain_active_trace();
        if drained.is_empty() {
            return;
        }
        self.lesson_heard(&drained);
        let emitted = world.active().events_emitted();
        let first_seq = emitted + 1 - drained.len() as u64;
        let key = self
            .narration
            .borrow_mut()
            .hear(world.active(), first_seq, &drained);
        if key.is_some() {
            self.key_heard.set(key);
        }
        if !self.listeners.borrow().is_empty() {
            self.unheard.borrow_mut().extend(drained.iter().cloned());
        }
        let mut trace = self.trace.borrow_mut();
        let trace = Rc::make_mut(&mut trace);
        let skip = drained.len().saturating_sub(TRACE_KEPT_MAX);
        trace.extend(
            drained
                .into_iter()
                .enumerate()
                .skip(skip)
                .map(|(i, event)| TraceItem {
                    seq: first_seq + i as u64,
                    event,
                }),
        );
        if trace.len() > TRACE_KEPT_MAX {
            let excess = trace.len() - TRACE_KEPT_MAX;
            trace.drain(..excess);
        }
    }

    pub fn now_ms(&self) -> u64 {
        self.world.borrow().now_ms()
    }

    pub fn clock(&self) -> ClockSettings {
        self.clock.get()
    }

    pub(crate) fn set_playing(&self, playing: bool) {
        self.clock.set(ClockSettings {
            playing,
            ..self.clock.get()
        });
    }

    pub(crate) fn set_speed(&self, speed: u32) {
        self.clock.set(ClockSettings {
            speed: speed.max(1),
            ..self.clock.get()
        });
    }

    /// Turns pausing at key moments on or off (off also ends a hold).
    pub(crate) fn set_slow_at_key_moments(&self, on: bool) {
        self.clock.set(ClockSettings {
            slow_at_key_moments: on,
            ..self.clock.get()
        });
        if !on {
            self.hold.set(None);
        }
    }

    /// Called once per animation frame with the real time since the previous frame.
    /// Advances the world by `real × speed` (capped) while playing — holding still for a
    /// moment after a key moment when asked to ([`pacing`]); returns whether the views are
    /// due for a refresh.
    pub(crate) fn on_frame(&self, real_elapsed_ms: f64) -> bool {
        let real = if real_elapsed_ms.is_finite() {
            real_elapsed_ms.max(0.0)
        } else {
            0.0
        };
        let clock = self.clock.get();
        if !clock.playing {
            self.virtual_ms_carry.set(0.0);
            self.hold.set(None);
            self.key_heard.set(None);
            return false;
        }
        if clock.slow_at_key_moments {
            if let Some(changed) = self.hold_still(real) {
                return changed || self.refresh_due(real);
            }
        } else {
            self.key_heard.set(None);
        }
        let owed = (real * f64::from(clock.speed)).min(MAX_VIRTUAL_MS_PER_FRAME)
            + self.virtual_ms_carry.get();
        let whole = owed.floor();
        self.virtual_ms_carry.set(owed - whole);
        let mut held = false;
        if whole >= 1.0 {
            if clock.slow_at_key_moments {
                held = self.advance_until_key_moment(whole as u64);
            } else {
                self.advance_by(whole as u64);
            }
        }
        held || self.refresh_due(real)
    }

    /// Counts real time toward the next refresh of the views; whether one is due.
    fn refresh_due(&self, real: f64) -> bool {
        let since = self.real_ms_since_refresh.get() + real;
        if since >= REFRESH_INTERVAL_REAL_MS {
            self.real_ms_since_refresh.set(0.0);
            true
        } else {
            self.real_ms_since_refresh.set(since);
            false
        }
    }

    pub fn cluster_view(&self) -> ClusterView {
        self.world.borrow().active().cluster_view()
    }

    pub fn event_views(&self, limit: usize) -> Vec<EventView> {
        self.world.borrow().active().event_views(limit)
    }

    pub fn snapshot(&self) -> Snapshot {
        self.snapshots_taken.set(self.snapshots_taken.get() + 1);
        let home = self.world.borrow();
        // Every cluster view is the current context's cluster, as kubectl's would be.
        let world = home.active();
        let context_key = u64::from(sunaba_core::base::rng::fnv32a(
            home.current_context().as_bytes(),
        )) << 40;
        let events = {
            let mut cache = self.events_cache.borrow_mut();
            let emitted = world.events_emitted() ^ context_key;
            if cache.0 != emitted {
                *cache = (emitted, Rc::new(world.event_views(EVENTS_SHOWN_MAX)));
            }
            cache.1.clone()
        };
        let reconcile = {
            let mut cache = self.reconcile_cache.borrow_mut();
            let passes = world.reconcile_passes() ^ context_key;
            if cache.0 != passes {
                let log = world.reconcile_log();
                let from = log.len().saturating_sub(RECONCILE_SHOWN_MAX);
                *cache = (passes, Rc::new(log[from..].to_vec()));
            }
            cache.1.clone()
        };
        let narration = {
            let mut cache = self.narration_cache.borrow_mut();
            let version = self.narration.borrow().version();
            if cache.0 != version {
                *cache = (
                    version,
                    Rc::new(self.narration.borrow().newest(NARRATION_SHOWN_MAX)),
                );
            }
            cache.1.clone()
        };
        Snapshot {
            now_ms: world.now_ms(),
            clock: self.clock.get(),
            timeline: self.timeline_with(&home),
            compression: world.time_compression(),
            availability: Rc::new(world.availability_samples()),
            traffic: Rc::new(world.traffic_samples()),
            cluster: Rc::new(world.cluster_view()),
            environments: Rc::new(home.environments_view()),
            events,
            log: self.log.borrow().clone(),
            trace: self.trace.borrow().clone(),
            reconcile,
            narration,
            slowed: self.slowed(),
            editor: self.editor.borrow().clone(),
            last_apply: self.last_apply.borrow().clone(),
            dockerfile: self.dockerfile.borrow().clone(),
            docker: Rc::new(docker_view(&home)),
            lesson: self.lesson_view().map(Rc::new),
            jump: self.jump(),
            drift: self.drift(),
        }
    }

    fn timeline_with(&self, world: &World) -> Timeline {
        Timeline {
            horizon_ms: self.horizon_ms.get().max(world.now_ms()),
            ahead: self.journal.borrow().len() - self.cursor.get(),
            full: self.journal_full.get(),
            seed: self.origin.borrow().seed,
        }
    }

    pub fn snapshots_taken(&self) -> u64 {
        self.snapshots_taken.get()
    }

    pub fn set_on_change(&self, callback: Option<Callback<()>>) {
        *self.on_change.borrow_mut() = callback;
    }

    /// While the app's reducer performs an action, [`Session::notify`] only notes that a redraw
    /// is owed: the reducer is about to return a new state, and dispatching to it from inside
    /// (a JS event listener calling the handle) would re-enter it.
    pub(crate) fn reducing(&self) -> Reducing<'_> {
        self.reducing.set(self.reducing.get() + 1);
        Reducing(self)
    }

    /// Whether a change made while the reducer ran still needs a redraw (and forgets it).
    pub(crate) fn take_redraw_owed(&self) -> bool {
        self.redraw_owed.replace(false)
    }

    /// Asks the app to redraw. Only for changes made outside the app (never from its reducer).
    pub fn notify(&self) {
        if self.reducing.get() > 0 {
            self.redraw_owed.set(true);
            return;
        }
        let callback = self.on_change.borrow().clone();
        if let Some(callback) = callback {
            callback.emit(());
        }
    }
}

/// Builds and pushes run on the learner's machine (the home world); the registry is the
/// current context's account's.
fn docker_view(world: &World) -> DockerView {
    let built = sunaba_core::sim::registry::ImageRef::parse(APP_IMAGE).canonical();
    let account = world.active().account();
    DockerView {
        image: world
            .local_image_names()
            .contains(&built)
            .then(|| world.image_view(APP_IMAGE))
            .flatten(),
        registry: account.map(|a| a.registry_host()),
        repository_exists: account.is_some_and(|a| a.repositories.contains_key(APP_REPOSITORY)),
    }
}

/// A fresh world for `origin`: the seed's default cluster, then the quiet setup commands. The
/// setup builds the cluster the learner is given: its events (the default nodes it removed, the
/// nodes it added again) are not the learner's history, so the core forgets them and keeps only
/// the joining of the nodes there now.
fn build_world(origin: &Origin) -> World {
    let mut world = World::new(origin.seed);
    let files = files_with("");
    for line in &origin.setup {
        let _ = sunaba_core::run(&mut world, line, &files);
    }
    if !origin.setup.is_empty() {
        world.forget_setup_events();
    }
    world.drain_trace();
    world
}

#[cfg(test)]
mod lesson_tests;
#[cfg(test)]
mod pacing_tests;
#[cfg(test)]
mod tests;
