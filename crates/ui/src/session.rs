//! The shell around one simulated [`World`]: runs commands, advances time, keeps the command log.
//!
//! A `Session` is shared (`Rc`) by the Yew app and by the JS handle of a mounted playground, so
//! both drive the very same world. It owns no orchestration logic: everything that happens in
//! the cluster is a command of the core's language (`kubectl …`, `sim …`) or `advance_by`.
//! It must never read a wall clock itself: real elapsed time is handed in by the frame loop.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use sunaba_core::controllers::ReconcileRecord;
use sunaba_core::events::TraceEvent;
use sunaba_core::view::{ClusterView, EventView};
use sunaba_core::{MapFiles, World};
use yew::Callback;

/// The file name under which the editor's text is served to `kubectl apply -f`.
pub const EDITOR_FILE: &str = "editor.yaml";
/// The command the Apply button runs.
pub const APPLY_COMMAND: &str = "kubectl apply -f editor.yaml";
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
}

/// Play/pause and the speed multiplier of the virtual clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSettings {
    pub playing: bool,
    pub speed: u32,
}

/// Everything a render needs, cheap to clone (shared `Rc`s).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub now_ms: u64,
    pub clock: ClockSettings,
    /// Time compression in force in the core (1 = Kubernetes' real timings).
    pub compression: u32,
    pub availability:
        Rc<std::collections::BTreeMap<String, Vec<sunaba_core::controllers::AvailabilitySample>>>,
    pub traffic: Rc<std::collections::BTreeMap<String, Vec<sunaba_core::traffic::TrafficSample>>>,
    pub cluster: Rc<ClusterView>,
    pub events: Rc<Vec<EventView>>,
    pub log: Rc<Vec<LogEntry>>,
    /// The newest emitted events (at most [`TRACE_KEPT_MAX`]), oldest first.
    pub trace: Rc<Vec<TraceItem>>,
    /// The newest controller passes (at most [`RECONCILE_SHOWN_MAX`]), oldest first.
    pub reconcile: Rc<Vec<ReconcileRecord>>,
    pub editor: Rc<str>,
    /// The result of the last apply: `Ok(kubectl output)` or `Err(error text)`.
    pub last_apply: Option<Result<String, String>>,
}

pub struct Session {
    world: RefCell<World>,
    editor: RefCell<Rc<str>>,
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
    reconcile_cache: RefCell<(u64, Rc<Vec<ReconcileRecord>>)>,
}

impl Session {
    pub fn new(seed: u64, editor_text: &str) -> Session {
        Session {
            world: RefCell::new(World::new(seed)),
            editor: RefCell::new(Rc::from(editor_text)),
            log: RefCell::new(Rc::new(Vec::new())),
            last_apply: RefCell::new(None),
            clock: Cell::new(ClockSettings {
                playing: true,
                speed: 1,
            }),
            real_ms_since_refresh: Cell::new(0.0),
            virtual_ms_carry: Cell::new(0.0),
            on_change: RefCell::new(None),
            events_cache: RefCell::new((u64::MAX, Rc::new(Vec::new()))),
            trace: RefCell::new(Rc::new(Vec::new())),
            reconcile_cache: RefCell::new((u64::MAX, Rc::new(Vec::new()))),
        }
    }

    /// Runs one line of the command language, logs it, and returns its output or error text.
    pub fn run(&self, line: &str) -> Result<String, String> {
        let line = line.trim();
        let files = self.files();
        let result = {
            let mut world = self.world.borrow_mut();
            let result = world.run(line, &files).map_err(|e| e.message);
            self.keep_trace(&mut world);
            result
        };
        let entry = LogEntry {
            command: line.to_owned(),
            output: match &result {
                Ok(out) => out.clone(),
                Err(err) => err.clone(),
            },
            ok: result.is_ok(),
            at_ms: self.now_ms(),
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

    /// Applies the editor's text (`kubectl apply -f editor.yaml`) and remembers the result.
    pub fn apply_editor(&self) -> Result<String, String> {
        let result = self.run(APPLY_COMMAND);
        *self.last_apply.borrow_mut() = Some(result.clone());
        result
    }

    pub fn kill_pod(&self, pod: &str) -> Result<String, String> {
        self.run(&format!("sim kill {pod}"))
    }

    pub fn set_editor(&self, text: &str) {
        *self.editor.borrow_mut() = Rc::from(text);
    }

    pub fn editor(&self) -> Rc<str> {
        self.editor.borrow().clone()
    }

    fn files(&self) -> MapFiles {
        let mut files = BTreeMap::new();
        files.insert(EDITOR_FILE.to_owned(), self.editor.borrow().to_string());
        MapFiles(files)
    }

    pub fn advance_by(&self, virtual_ms: u64) {
        let mut world = self.world.borrow_mut();
        world.advance_by(virtual_ms);
        self.keep_trace(&mut world);
    }

    /// When the world next has something to do (its earliest timer), if anything is scheduled.
    pub fn next_wakeup_ms(&self) -> Option<u64> {
        self.world.borrow().next_wakeup_ms()
    }

    /// Step mode: advances virtual time straight to the next wake-up, so a learner sees one
    /// moment (and the controller passes it causes) at a time. Returns the new time, or `None`
    /// when nothing is scheduled (time then stays put).
    pub fn step_to_next(&self) -> Option<u64> {
        let mut world = self.world.borrow_mut();
        let at = world.next_wakeup_ms()?;
        world.advance_to(at);
        self.keep_trace(&mut world);
        self.virtual_ms_carry.set(0.0);
        Some(world.now_ms())
    }

    /// Moves what the world emitted into the bounded `trace` (draining keeps the core's
    /// buffer small).
    fn keep_trace(&self, world: &mut World) {
        let drained = world.drain_trace();
        if drained.is_empty() {
            return;
        }
        let emitted = world.events_emitted();
        let first_seq = emitted + 1 - drained.len() as u64;
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

    pub fn set_playing(&self, playing: bool) {
        self.clock.set(ClockSettings {
            playing,
            ..self.clock.get()
        });
    }

    pub fn set_speed(&self, speed: u32) {
        self.clock.set(ClockSettings {
            speed: speed.max(1),
            ..self.clock.get()
        });
    }

    /// Called once per animation frame with the real time since the previous frame.
    /// Advances the world by `real × speed` (capped) while playing; returns whether the views
    /// are due for a refresh.
    pub fn on_frame(&self, real_elapsed_ms: f64) -> bool {
        let real = if real_elapsed_ms.is_finite() {
            real_elapsed_ms.max(0.0)
        } else {
            0.0
        };
        let clock = self.clock.get();
        if !clock.playing {
            self.virtual_ms_carry.set(0.0);
            return false;
        }
        let owed = (real * f64::from(clock.speed)).min(MAX_VIRTUAL_MS_PER_FRAME)
            + self.virtual_ms_carry.get();
        let whole = owed.floor();
        self.virtual_ms_carry.set(owed - whole);
        if whole >= 1.0 {
            self.advance_by(whole as u64);
        }
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
        self.world.borrow().cluster_view()
    }

    pub fn event_views(&self, limit: usize) -> Vec<EventView> {
        self.world.borrow().event_views(limit)
    }

    pub fn snapshot(&self) -> Snapshot {
        let world = self.world.borrow();
        let events = {
            let mut cache = self.events_cache.borrow_mut();
            let emitted = world.events_emitted();
            if cache.0 != emitted {
                *cache = (emitted, Rc::new(world.event_views(EVENTS_SHOWN_MAX)));
            }
            cache.1.clone()
        };
        let reconcile = {
            let mut cache = self.reconcile_cache.borrow_mut();
            let passes = world.reconcile_passes();
            if cache.0 != passes {
                let log = world.reconcile_log();
                let from = log.len().saturating_sub(RECONCILE_SHOWN_MAX);
                *cache = (passes, Rc::new(log[from..].to_vec()));
            }
            cache.1.clone()
        };
        Snapshot {
            now_ms: world.now_ms(),
            clock: self.clock.get(),
            compression: world.time_compression(),
            availability: Rc::new(world.availability_samples()),
            traffic: Rc::new(world.traffic_samples()),
            cluster: Rc::new(world.cluster_view()),
            events,
            log: self.log.borrow().clone(),
            trace: self.trace.borrow().clone(),
            reconcile,
            editor: self.editor.borrow().clone(),
            last_apply: self.last_apply.borrow().clone(),
        }
    }

    pub fn set_on_change(&self, callback: Option<Callback<()>>) {
        *self.on_change.borrow_mut() = callback;
    }

    /// Asks the app to redraw. Only for changes made outside the app (never from its reducer).
    pub fn notify(&self) {
        let callback = self.on_change.borrow().clone();
        if let Some(callback) = callback {
            callback.emit(());
        }
    }
}
