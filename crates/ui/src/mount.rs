//! Mounting a playground into any element, with options read leniently from JavaScript.
//!
//! Options never panic: a field of the wrong type is reported on the console and replaced by
//! its default; the other fields still apply.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use yew::AppHandle;

use crate::app::{App, AppProps};
use crate::autosave::Autosave;
use crate::course::Saved;
use crate::early_input::FirstView;
use crate::panels::Panels;
use crate::ready::{Ready, LOADING};
use crate::session::Session;
use crate::session::StepPassed;
use crate::share;
use crate::state::{perform, perform_and_notify, Action, ExerciseRef, Outcome};
use crate::storage;
use crate::strings::Lang;

/// Largest integer a JS number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
pub const SPEED_MAX: u32 = 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountOptions {
    /// The editor's initial text (default: the nginx example).
    pub definition: Option<String>,
    pub seed: u64,
    /// Apply the definition at once (default true).
    pub auto_apply: bool,
    pub read_only: bool,
    /// localStorage key for autosaving the editor; a saved text wins over `definition`.
    pub storage_key: Option<String>,
    /// Start with the clock running (default true).
    pub playing: bool,
    pub speed: u32,
    /// `"en"` or `"ja"`; `None` = the browser's language.
    pub lang: Option<Lang>,
    /// A share link (or its `#share=…` fragment) to open instead of the definition.
    pub share: Option<String>,
    /// The cluster's shape: `{nodes, cpu, memory}` → the quiet setup command `sim nodes …`.
    pub cluster: Option<String>,
    pub panels: Panels,
    /// `kubernetes` (default), `ecs` or `side-by-side`.
    pub mode: crate::panels::ViewMode,
    /// An exercise to do: a URL of its YAML file, or the file's text.
    pub exercise: Option<String>,
    /// The step to open it at (1-based); `None` = where this learner left it.
    pub step: Option<usize>,
    /// Where the lesson list is (the lesson panel links to it).
    pub lesson_list: Option<String>,
}

impl Default for MountOptions {
    fn default() -> Self {
        MountOptions {
            definition: None,
            seed: 1,
            auto_apply: true,
            read_only: false,
            storage_key: None,
            playing: true,
            speed: 1,
            lang: None,
            share: None,
            cluster: None,
            panels: Panels::all(),
            mode: crate::panels::ViewMode::Kubernetes,
            exercise: None,
            step: None,
            lesson_list: None,
        }
    }
}

impl MountOptions {
    /// Reads `{definition, seed, autoApply, readOnly, storageKey, playing, speed}`. Returns the
    /// options and one message per problem (the caller logs them).
    pub fn from_js(value: &JsValue) -> (MountOptions, Vec<String>) {
        let mut options = MountOptions::default();
        let mut problems = Vec::new();
        if value.is_undefined() || value.is_null() {
            return (options, problems);
        }
        if !value.is_object() {
            problems.push(
                "sunaba.mount: options must be an object like {definition, seed}; using defaults"
                    .to_owned(),
            );
            return (options, problems);
        }
        let mut get = |name: &str, expected: &str| -> Option<JsValue> {
            match js_sys::Reflect::get(value, &JsValue::from_str(name)) {
                Ok(v) if v.is_undefined() || v.is_null() => None,
                Ok(v) => Some(v),
                Err(_) => {
                    problems.push(format!(
                        "sunaba.mount: option `{name}` could not be read; expected {expected}"
                    ));
                    None
                }
            }
        };
        let definition = get("definition", "a string");
        let seed = get("seed", "a non-negative integer");
        let auto_apply = get("autoApply", "a boolean");
        let read_only = get("readOnly", "a boolean");
        let storage_key = get("storageKey", "a string");
        let playing = get("playing", "a boolean");
        let speed = get("speed", "an integer from 1 to 1000");
        let lang = get("lang", "\"en\" or \"ja\"");
        let share_link = get("share", "a share link string");
        let cluster = get(
            "cluster",
            "an object like {nodes: 3, cpu: \"2\", memory: \"4Gi\"}",
        );
        let panels = get("panels", "an array of panel names");
        let mode = get("mode", "\"kubernetes\", \"ecs\" or \"side-by-side\"");
        let exercise = get("exercise", "a URL of an exercise file, or its text");
        let step = get("step", "a step number from 1");

        let mut bad = |name: &str, expected: &str, got: &JsValue| {
            problems.push(format!(
                "sunaba.mount: option `{name}` must be {expected}, got {}; using the default",
                describe(got)
            ));
        };
        if let Some(v) = definition {
            match v.as_string() {
                Some(s) => options.definition = Some(s),
                None => bad("definition", "a string", &v),
            }
        }
        if let Some(v) = seed {
            match v.as_f64() {
                Some(n)
                    if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE_INTEGER =>
                {
                    options.seed = n as u64
                }
                _ => bad("seed", "a non-negative integer", &v),
            }
        }
        for (name, v, slot) in [
            ("autoApply", auto_apply, &mut options.auto_apply),
            ("readOnly", read_only, &mut options.read_only),
            ("playing", playing, &mut options.playing),
        ] {
            if let Some(v) = v {
                match v.as_bool() {
                    Some(b) => *slot = b,
                    None => bad(name, "a boolean", &v),
                }
            }
        }
        if let Some(v) = storage_key {
            match v.as_string() {
                Some(s) if !s.is_empty() => options.storage_key = Some(s),
                _ => bad("storageKey", "a non-empty string", &v),
            }
        }
        if let Some(v) = speed {
            match v.as_f64() {
                Some(n) if n.fract() == 0.0 && (1.0..=f64::from(SPEED_MAX)).contains(&n) => {
                    options.speed = n as u32
                }
                _ => bad("speed", "an integer from 1 to 1000", &v),
            }
        }
        if let Some(v) = mode {
            match v
                .as_string()
                .as_deref()
                .and_then(crate::panels::ViewMode::parse)
            {
                Some(m) => options.mode = m,
                None => bad("mode", "\"kubernetes\", \"ecs\" or \"side-by-side\"", &v),
            }
        }
        if let Some(v) = exercise {
            match v.as_string() {
                Some(s) if !s.trim().is_empty() => options.exercise = Some(s),
                _ => bad("exercise", "a URL of an exercise file, or its text", &v),
            }
        }
        if let Some(v) = step {
            match v.as_f64() {
                Some(n) if n.fract() == 0.0 && (1.0..=1000.0).contains(&n) => {
                    options.step = Some(n as usize)
                }
                _ => bad("step", "a step number from 1", &v),
            }
        }
        if let Some(v) = lang {
            match v.as_string().as_deref().and_then(Lang::parse) {
                Some(l) => options.lang = Some(l),
                None => bad("lang", "\"en\" or \"ja\"", &v),
            }
        }
        // Messages pushed after `bad`'s last use.
        let mut later = Vec::new();
        if let Some(v) = share_link {
            match v.as_string() {
                Some(s) => options.share = Some(s),
                None => bad("share", "a share link string", &v),
            }
        }
        if let Some(v) = cluster {
            match cluster_setup(&v) {
                Ok(line) => options.cluster = Some(line),
                Err(why) => later.push(format!(
                    "sunaba.mount: option `cluster`: {why}; using the default 3 nodes"
                )),
            }
        }
        if let Some(v) = panels {
            let names: Option<Vec<String>> = js_sys::Array::is_array(&v)
                .then(|| {
                    js_sys::Array::from(&v)
                        .iter()
                        .map(|n| n.as_string())
                        .collect()
                })
                .flatten();
            match names {
                Some(names) => {
                    let (p, unknown) = Panels::from_names(&names);
                    options.panels = p;
                    if !unknown.is_empty() {
                        later.push(format!(
                            "sunaba.mount: unknown panel(s) {unknown:?}; known: {}",
                            crate::panels::NAMES.join(", ")
                        ));
                    }
                }
                None => bad("panels", "an array of panel names", &v),
            }
        }
        problems.extend(later);
        (options, problems)
    }
}

/// `{nodes, cpu?, memory?}` → `sim nodes N [--cpu C] [--memory M]`, checked by the core.
fn cluster_setup(v: &JsValue) -> Result<String, String> {
    if !v.is_object() {
        return Err(format!(
            "must be an object like {{nodes: 3, cpu: \"2\", memory: \"4Gi\"}}, got {}",
            describe(v)
        ));
    }
    let field = |name: &str| {
        js_sys::Reflect::get(v, &JsValue::from_str(name))
            .ok()
            .filter(|x| !x.is_undefined() && !x.is_null())
    };
    let nodes = match field("nodes").and_then(|n| n.as_f64()) {
        Some(n) if n.fract() == 0.0 && (1.0..=f64::from(CLUSTER_NODES_MAX)).contains(&n) => {
            n as u32
        }
        _ => {
            return Err(format!(
                "`nodes` must be an integer from 1 to {CLUSTER_NODES_MAX}"
            ))
        }
    };
    let mut line = format!("sim nodes {nodes}");
    for name in ["cpu", "memory"] {
        if let Some(q) = field(name) {
            let q = q
                .as_string()
                .or_else(|| q.as_f64().map(|n| n.to_string()))
                .unwrap_or_default();
            if q.is_empty()
                || q.len() > 32
                || !q.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
            {
                return Err(format!("`{name}` must be a quantity like \"2\" or \"4Gi\""));
            }
            line.push_str(&format!(" --{name} {q}"));
        }
    }
    // The core has the last word on quantities.
    let mut scratch = sunaba_core::World::empty(0);
    sunaba_core::run(
        &mut scratch,
        &line,
        &sunaba_core::MapFiles(Default::default()),
    )
    .map(|_| line.clone())
    .map_err(|e| e.message.trim().to_owned())
}

/// Most nodes the `cluster` option may ask for (the page is built for ~100).
pub const CLUSTER_NODES_MAX: u32 = 500;

fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        let short: String = s.chars().take(40).collect();
        format!("the string {short:?}")
    } else if let Some(n) = v.as_f64() {
        format!("the number {n}")
    } else if let Some(b) = v.as_bool() {
        format!("{b}")
    } else if v.is_function() {
        "a function".to_owned()
    } else if js_sys::Array::is_array(v) {
        "an array".to_owned()
    } else {
        "an object".to_owned()
    }
}

pub fn console_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

/// Where the text the learner had is kept when a share link replaces it (`storageKey` + this).
pub const PREVIOUS_SUFFIX: &str = ":previous";

/// A message shown above the playground when it opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A share link was opened; the state is the one at this virtual time.
    ShareOpened(u64),
    /// A share link could not be opened (shown as its kind in the page's language, then its
    /// detail in English like other tool errors).
    ShareFailed(share::ShareError),
    /// The exercise could not be loaded or read (`FILE:LINE:COL: error: …`).
    ExerciseFailed(String),
}

/// A mounted playground: the session it drives and the Yew app showing it. Every change it
/// makes is an [`Action`] performed by [`crate::state::perform`], the same as a click's.
#[derive(Clone)]
pub struct Mounted {
    pub session: Rc<Session>,
    app: Rc<RefCell<Option<AppHandle<App>>>>,
    host: web_sys::Element,
    /// The element mounted into (it receives [`STEP_PASSED_EVENT`]).
    element: web_sys::Element,
    /// Whether it takes commands yet (its exercise may still be loading).
    ready: Rc<Ready>,
}

/// Mounts a playground into `element` (replacing its content).
pub fn mount(element: web_sys::Element, options: MountOptions) -> Mounted {
    // The saved text, read and checked once; an exercise keeps no editor text.
    let (autosave, saved) = match options.storage_key.as_deref() {
        Some(key) if options.exercise.is_none() => {
            let (autosave, text) = Autosave::open(key);
            (Some(autosave), text)
        }
        _ => (None, None),
    };
    let mut notice = None;
    let shared = match options.share.as_deref().map(share::decode) {
        Some(Ok(shared)) => Some(shared),
        Some(Err(err)) => {
            notice = Some(Notice::ShareFailed(err));
            None
        }
        None => None,
    };
    // The host's `lang` wins; else the page the link was shared from; else the browser's.
    let lang = options
        .lang
        .or_else(|| shared.as_ref().and_then(|s| s.lang));
    let session;
    if options.exercise.is_some() {
        // The exercise sets up its own world when it has loaded.
        session = crate::prerender::lesson_session(&options);
    } else if let Some(shared) = shared {
        // The learner's own autosaved text stays recoverable.
        if let (Some(key), Some(saved)) = (&options.storage_key, &saved) {
            if *saved != shared.editor {
                let kept = crate::records::write_kept(saved);
                if let Err(why) = storage::store(&format!("{key}{PREVIOUS_SUFFIX}"), &kept) {
                    // Without its copy, saving the shared text would lose the learner's own.
                    if let Some(autosave) = &autosave {
                        autosave.hold(why);
                    }
                }
            }
        }
        session = Rc::new(Session::with_origin(shared.origin.clone(), &shared.editor));
        perform(&session, Action::SetSpeed(options.speed));
        session.load(shared.origin, shared.journal, shared.at_ms);
        notice = Some(Notice::ShareOpened(shared.at_ms));
    } else {
        let text = saved
            .or(options.definition.clone())
            .unwrap_or_else(|| crate::example::default_definition(Lang::initial(options.lang)));
        session = crate::prerender::fresh_session(&options, &text);
    }
    let _ = element.class_list().add_1("sunaba-root");
    // The app lives in a child of its own, removed synchronously on unmount: Yew destroys
    // asynchronously, and a second mount into the same element must not see the first app.
    element.set_inner_html("");
    let host = element
        .owner_document()
        .and_then(|doc| doc.create_element("div").ok())
        .and_then(|div| element.append_child(&div).ok().map(|_| div))
        .unwrap_or_else(|| element.clone());
    let props = AppProps {
        session: session.clone(),
        read_only: options.read_only,
        storage_key: if options.exercise.is_some() {
            None
        } else {
            options.storage_key.map(Into::into)
        },
        lang,
        panels: options.panels,
        mode: options.mode,
        notice,
        lesson_list_href: options.lesson_list.map(Into::into),
        autosave,
    };
    let mounted = Mounted {
        session,
        app: Rc::new(RefCell::new(None)),
        host,
        element,
        ready: Rc::new(if options.exercise.is_some() {
            Ready::loading()
        } else {
            Ready::open()
        }),
    };
    match options.exercise {
        None => mounted.render(props),
        Some(source) => {
            let boot = *props
                .lang
                .unwrap_or_else(Lang::from_browser)
                .pick(&"Loading the exercise…", &"演習を読み込み中…");
            mounted
                .host
                .set_inner_html(&format!("<p class=\"sb-boot\" role=\"status\">{boot}</p>"));
            let m = mounted.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = crate::course::load_option(&source).await;
                if !m.host.is_connected() {
                    m.ready.settle(Err(UNMOUNTED.into()));
                    return;
                }
                let mut props = props;
                match loaded {
                    Ok(exercise) => m.open_exercise(exercise, options.step),
                    Err(why) => {
                        console_error(&format!("sunaba.mount: option `exercise`: {why}"));
                        m.ready.settle(Err(why.clone()));
                        props.notice = Some(Notice::ExerciseFailed(why));
                    }
                }
                m.host.set_inner_html("");
                m.render(props);
            });
        }
    }
    mounted
}

/// A page of the site whose first view was rendered at build time ([`crate::prerender`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SitePage {
    Playground,
    Lesson { id: String },
}

/// Takes over a page rendered at build time in `element`: hydrates its markup when this visit
/// opens on that same first view, else renders the page afresh (autosaved work, progress, a
/// share link or another language make a different first view).
pub fn take_over(
    element: web_sys::Element,
    options: MountOptions,
    page: SitePage,
    paths: crate::course::SitePaths,
) -> Mounted {
    let first_view = Lang::initial(options.lang) == crate::prerender::FIRST_VIEW_LANG;
    let options = MountOptions {
        lang: options.lang.or(Some(Lang::initial(None))),
        ..options
    };
    match page {
        SitePage::Playground => {
            let saved = options.storage_key.as_deref().and_then(storage::load);
            let host = element.first_element_child();
            match host {
                Some(host) if first_view && saved.is_none() && options.share.is_none() => {
                    let props = crate::prerender::playground(&options);
                    let mounted = Mounted {
                        session: props.session.clone(),
                        app: Rc::new(RefCell::new(None)),
                        host,
                        element,
                        ready: Rc::new(Ready::open()),
                    };
                    mounted.hydrate_next(props);
                    mounted
                }
                _ => mount(element, options),
            }
        }
        SitePage::Lesson { id } => {
            let resume = options
                .step
                .map_or_else(|| Saved::load(&id).step, |n| n.saturating_sub(1));
            let host = element.first_element_child();
            let Some(host) = host.filter(|_| first_view && resume == 0) else {
                let url = format!(
                    "{}{}",
                    paths.exercises(),
                    sunaba_core::lessons::exercise::course::exercise_file(&id)
                );
                return mount(
                    element,
                    MountOptions {
                        exercise: Some(url),
                        ..options
                    },
                );
            };
            let session = crate::prerender::lesson_session(&options);
            let mounted = Mounted {
                session: session.clone(),
                app: Rc::new(RefCell::new(None)),
                host,
                element,
                ready: Rc::new(Ready::loading()),
            };
            let m = mounted.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let props = match crate::course::load_exercise(&paths, &id).await {
                    Ok(exercise) => crate::prerender::open_lesson(&options, session, exercise),
                    Err(why) => Err(why),
                };
                match props {
                    Ok(props) => {
                        m.track_exercise(&id);
                        m.ready.settle(Ok(()));
                        m.hydrate_next(props);
                    }
                    Err(why) => {
                        console_error(&format!("sunaba: lesson {id}: {why}"));
                        m.ready.settle(Err(why.clone()));
                        m.host.set_inner_html("");
                        let mut props = crate::prerender::page_props(
                            &options,
                            m.session.clone(),
                            options.lang.unwrap_or_default(),
                        );
                        props.notice = Some(Notice::ExerciseFailed(why));
                        m.render(props);
                    }
                }
            });
            mounted
        }
    }
}

/// What `playground.ready` rejects with when the playground is unmounted before its exercise
/// opened.
const UNMOUNTED: &str = "sunaba: the playground was unmounted before its exercise opened";

/// The attribute a playground's element gets once the app is live ([`Mounted::mark_live`]).
pub const LIVE_ATTRIBUTE: &str = "data-live";

/// The DOM event a mounted playground's element receives when a step of its exercise is done
/// (`detail`: `{exercise, step, finished, atMs}`, `step` 0-based).
pub const STEP_PASSED_EVENT: &str = "sunaba:steppassed";

impl Mounted {
    fn render(&self, props: AppProps) {
        let handle = yew::Renderer::<App>::with_root_and_props(self.host.clone(), props).render();
        *self.app.borrow_mut() = Some(handle);
        self.mark_live();
    }

    /// Takes over the markup rendered at build time from the same props.
    fn hydrate(&self, props: AppProps) {
        crate::later::begin_hydration();
        let handle = yew::Renderer::<App>::with_root_and_props(self.host.clone(), props).hydrate();
        *self.app.borrow_mut() = Some(handle);
        self.mark_live();
    }

    /// [`Mounted::hydrate`] in a task of its own: building the session was this task's work.
    ///
    /// A script may act on the session in between (the JS API's `run` or `check` as soon as the
    /// playground is listed): the markup then no longer shows what the app would render, and
    /// hydrating it would panic (Yew finds other elements than it expects), taking the page
    /// down; such a page is rendered afresh instead.
    ///
    /// What the learner typed into the first view's text areas meanwhile is kept (hydration
    /// would put the rendered text back): it is edited into the session and autosaved, and the
    /// page is rendered afresh with it.
    fn hydrate_next(&self, props: AppProps) {
        let m = self.clone();
        let as_built = self.session.revision();
        let first_view = FirstView::of(&self.session);
        crate::later::after_this_task(Box::new(move || {
            if !m.host.is_connected() {
                return;
            }
            for edit in first_view.typed(&m.host, &m.session) {
                if let (Action::Edit(text), Some(autosave)) = (&edit, &props.autosave) {
                    autosave.edited(text);
                }
                perform(&m.session, edit);
            }
            if m.session.revision() == as_built {
                m.hydrate(props);
            } else {
                m.host.set_inner_html("");
                m.render(props);
            }
        }));
    }

    /// `data-live` on the element once the app answers clicks: the markup of a page rendered
    /// at build time is on screen before that (a host or a test may wait for it).
    fn mark_live(&self) {
        let _ = self.element.set_attribute(LIVE_ATTRIBUTE, "true");
    }

    /// Starts `exercise` at `step` (1-based), else where this learner left it; from then on
    /// every step done is saved and announced on the element.
    fn open_exercise(
        &self,
        exercise: Rc<sunaba_core::lessons::exercise::Exercise>,
        step: Option<usize>,
    ) {
        let id = exercise.id.clone();
        let at = step.map_or_else(|| Saved::load(&id).step, |n| n - 1);
        if let Outcome::Ran(Err(why)) = perform(
            &self.session,
            Action::OpenLesson(ExerciseRef(exercise.clone()), at),
        ) {
            console_error(&format!("sunaba: exercise {id}: {why}"));
            self.ready.settle(Err(why));
        }
        self.track_exercise(&id);
        self.ready.settle(Ok(()));
    }

    /// From now on every step done is saved and announced on the element.
    fn track_exercise(&self, id: &str) {
        Saved::record(id, self.session.lesson_view().map_or(0, |v| v.step));
        let element = self.element.clone();
        self.session.on_step_passed(Rc::new(move |p: &StepPassed| {
            Saved::record(&p.exercise, p.step + 1);
            let init = web_sys::CustomEventInit::new();
            init.set_bubbles(true);
            let detail = to_js_object(p);
            init.set_detail(&detail);
            if let Ok(event) =
                web_sys::CustomEvent::new_with_event_init_dict(STEP_PASSED_EVENT, &init)
            {
                let _ = element.dispatch_event(&event);
            }
        }));
    }

    /// The exercise's lesson as data (`None` when no exercise is open): `playground.check()`.
    pub fn check(&self) -> Option<sunaba_core::lessons::exercise::view::LessonView> {
        self.session.in_lesson().then(|| {
            self.dispatch(Action::LessonCheck);
            self.session.lesson_view()
        })?
    }

    /// Makes a change as a click would ([`perform`]), then redraws the app. While its exercise
    /// loads, the playground refuses changes to its world ([`crate::ready::LOADING`]): they
    /// would be made to the stand-in the exercise replaces.
    pub fn dispatch(&self, action: Action) -> Outcome {
        let world = !matches!(
            action,
            Action::Refresh | Action::SetPlaying(_) | Action::SetSpeed(_)
        );
        if world && self.ready.is_loading() {
            console_error(LOADING);
            return Outcome::Ran(Err(LOADING.into()));
        }
        perform_and_notify(&self.session, action)
    }

    /// Calls `waiter` once the playground takes commands: at once, or once its exercise has
    /// opened (`Err(why)` when it could not).
    pub fn when_ready(&self, waiter: Box<dyn FnOnce(Result<(), String>)>) {
        self.ready.when_settled(waiter);
    }

    /// Runs a command and redraws; returns the output, or the error text.
    pub fn run(&self, command: &str) -> Result<String, String> {
        self.dispatch(Action::Run(command.to_owned())).into_output()
    }

    /// Applies the editor's current text, as the Apply button does.
    pub fn apply(&self) -> Result<String, String> {
        self.dispatch(Action::Apply).into_output()
    }

    /// Replaces the editor's text (not applied until `apply`).
    pub fn set_definition(&self, text: &str) {
        self.dispatch(Action::Edit(text.to_owned()));
    }

    pub fn advance(&self, virtual_ms: u64) {
        self.dispatch(Action::Advance(virtual_ms));
    }

    pub fn set_playing(&self, playing: bool) {
        self.dispatch(Action::SetPlaying(playing));
    }

    pub fn set_speed(&self, speed: u32) {
        self.dispatch(Action::SetSpeed(speed));
    }

    /// Pauses and advances to the next thing that happens, as the Step button does; returns the
    /// new time, or `None` when nothing is scheduled.
    pub fn step(&self) -> Option<u64> {
        match self.dispatch(Action::Step) {
            Outcome::Stepped(at) => at,
            _ => None,
        }
    }

    /// Goes to virtual time `t_ms` (paused), as the scrubber does.
    pub fn seek(&self, t_ms: u64) -> Result<(), String> {
        self.dispatch(Action::Seek(t_ms)).into_output().map(drop)
    }

    /// Starts over from `seed`, as the timeline's reset does.
    pub fn reset(&self, seed: u64) {
        self.dispatch(Action::Reset(seed));
    }

    /// The language the playground shows now (its root's `lang`), once it has rendered.
    pub fn lang(&self) -> Option<Lang> {
        self.host
            .query_selector(".sunaba")
            .ok()
            .flatten()
            .and_then(|root| root.get_attribute("lang"))
            .and_then(|tag| Lang::parse(&tag))
    }

    /// The `share=2.…` fragment reproducing this exact state, in the language shown.
    pub fn share_link(&self) -> String {
        share::encode(&share::capture(&self.session, self.lang()))
    }

    pub fn is_mounted(&self) -> bool {
        self.app.borrow().is_some()
    }

    /// Removes the app from its element and stops its clock. Idempotent.
    pub fn unmount(&self) {
        let handle = self.app.borrow_mut().take();
        if let Some(handle) = handle {
            self.session.set_on_change(None);
            perform(&self.session, Action::SetPlaying(false));
            handle.destroy();
            self.host.remove();
        }
    }
}

/// A step's announcement as a plain JS object (`JSON.parse` of its JSON: no extra crate).
fn to_js_object(p: &StepPassed) -> JsValue {
    serde_json::to_string(p)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL)
}
