//! # sunaba
//!
//! The Sunaba playground as a WebAssembly library. This crate is the only one that crosses the
//! JS boundary: it exports [`mount`] (embed a playground into any element) and the
//! [`Playground`] handle, and on start-up mounts the page's `#sunaba-app` element if present.
//!
//! ```js
//! import init, { mount } from './sunaba.js';
//! await init();
//! const pg = mount(document.querySelector('#demo'), { seed: 7, autoApply: true });
//! pg.run('kubectl get pods');
//! ```
//!
//! Every mounted instance is also listed in `window.sunaba.instances`.

use std::cell::Cell;

use std::rc::Rc;

use sunaba_ui::components::lesson_list::{LessonList, LessonListProps};
use sunaba_ui::course::SitePaths;
use sunaba_ui::mount::SitePage;
use sunaba_ui::strings::Lang;
use sunaba_ui::{MountOptions, Mounted};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The element `index.html` provides for the full-page playground.
pub const PAGE_ROOT_ID: &str = "sunaba-app";
/// Where the full-page playground autosaves its editor.
pub const PAGE_STORAGE_KEY: &str = sunaba_ui::prerender::PAGE_STORAGE_KEY;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Takes over the site's page in `#sunaba-app` when the page has it. The page was rendered at
/// build time (`crates/site`) and says what it is: `data-page="playground|lessons|lesson"`,
/// `data-lesson="ID"`, and `data-root`, the way from it to the site's root (`../`).
#[wasm_bindgen(start)]
pub fn start() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(element) = window
        .document()
        .and_then(|d| d.get_element_by_id(PAGE_ROOT_ID))
    else {
        return;
    };
    let paths = SitePaths::new(&element.get_attribute("data-root").unwrap_or_default());
    // `?lang=ja|en` in the page's address chooses the language (a link for a Japanese class).
    let lang = window
        .location()
        .search()
        .ok()
        .and_then(|q| sunaba_ui::course::query_lang(&q));
    let page = match element.get_attribute("data-page").as_deref() {
        Some("lessons") => return take_over_lessons(element, paths, lang),
        Some("lesson") => match element.get_attribute("data-lesson") {
            Some(id) => SitePage::Lesson { id },
            None => SitePage::Playground,
        },
        _ => SitePage::Playground,
    };
    let mut options = sunaba_ui::prerender::site_options(&page, &paths);
    options.lang = lang;
    if page == SitePage::Playground {
        // A share link opens the state it carries (`playground/#share=2.…`).
        let hash = window.location().hash().unwrap_or_default();
        options.share = hash
            .contains(sunaba_ui::share::FRAGMENT_KEY)
            .then_some(hash);
    } else {
        // `#step=N` opens a lesson at step N (1-based).
        options.step = window
            .location()
            .hash()
            .ok()
            .and_then(|h| h.strip_prefix("#step=").and_then(|n| n.parse().ok()))
            .filter(|n: &usize| *n >= 1);
    }
    let playground = Playground::new(
        sunaba_ui::mount::take_over(element.clone(), options, page, paths),
        &element,
    );
    register(&playground);
}

/// The lesson list: hydrated once the course has loaded (the page rendered at build time
/// shows it meanwhile), or rendered afresh in another language or when it cannot load.
fn take_over_lessons(element: web_sys::Element, paths: SitePaths, lang: Option<Lang>) {
    let Some(host) = element.first_element_child() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let course = sunaba_ui::course::load_course(&paths)
            .await
            .ok()
            .map(Rc::new);
        let lang = Lang::initial(lang);
        let first_view = lang == sunaba_ui::prerender::FIRST_VIEW_LANG && course.is_some();
        let props = LessonListProps {
            lang: Some(lang),
            paths,
            course,
        };
        let renderer = yew::Renderer::<LessonList>::with_root_and_props(host.clone(), props);
        let app = if first_view {
            renderer.hydrate()
        } else {
            host.set_inner_html("");
            renderer.render()
        };
        LESSON_LIST.with(|l| *l.borrow_mut() = Some(app));
    });
}

thread_local! {
    /// The lesson list, which lives as long as its page.
    static LESSON_LIST: std::cell::RefCell<Option<yew::AppHandle<LessonList>>> =
        const { std::cell::RefCell::new(None) };
}

/// Mounts a playground into `element` (an Element, or a CSS selector string).
///
/// `options`: `{ definition?: string, seed?: number, autoApply?: boolean (true),
/// readOnly?: boolean, storageKey?: string, playing?: boolean (true), speed?: number (1),
/// lang?: "en" | "ja", share?: string (a share link), cluster?: {nodes, cpu?, memory?},
/// panels?: string[] (of "timeline", "editor", "narration", "cluster", "terminal", "how-it-works",
/// "reconcile", "charts", "events"), exercise?: string (a URL of an exercise file, or its
/// text), step?: number (1-based; default: where this learner left it) }`.
/// Wrong option types are reported on the console and replaced by defaults; a missing
/// element throws an `Error`.
#[wasm_bindgen]
pub fn mount(element: JsValue, options: JsValue) -> Result<Playground, JsError> {
    let element = resolve_element(&element)?;
    unmount_previous(&element);
    let (options, problems) = MountOptions::from_js(&options);
    for problem in &problems {
        sunaba_ui::mount::console_error(problem);
    }
    let playground = Playground::new(sunaba_ui::mount(element.clone(), options), &element);
    register(&playground);
    Ok(playground)
}

/// Mounts the playground an `embed/` page's address asks for (`search`: its `?example=…&
/// panels=…`, read strictly by [`sunaba_ui::embed::parse`]; each problem is a console warning
/// and keeps its default). `root` is the site's root URL: `example` is fetched from its
/// `examples/`, `exercise` from its `exercises/`. Resolves to the playground.
#[wasm_bindgen(js_name = mountEmbed)]
pub async fn mount_embed(
    element: JsValue,
    search: String,
    root: String,
) -> Result<Playground, JsError> {
    let element = resolve_element(&element)?;
    let (request, problems) = sunaba_ui::embed::parse(&search);
    for problem in &problems {
        web_sys::console::warn_1(&JsValue::from_str(problem));
    }
    let root = if root.ends_with('/') {
        root
    } else {
        format!("{root}/")
    };
    let mut options = request.options;
    if let Some(id) = request.exercise {
        options.exercise = Some(format!(
            "{root}{}{}",
            sunaba_ui::course::EXERCISES_DIR,
            sunaba_core::lessons::exercise::course::exercise_file(&id)
        ));
    }
    // The example is the editor's text unless an exercise or a share link replaces it.
    if let Some(path) = request
        .example
        .filter(|_| options.exercise.is_none() && options.share.is_none())
    {
        match sunaba_ui::course::fetch_text(&format!("{root}{EXAMPLES_DIR}{path}")).await {
            Ok(text) => options.definition = Some(text),
            Err(why) => web_sys::console::warn_1(&JsValue::from_str(&format!(
                "sunaba embed: example {path:?} could not be loaded ({why}); using the default"
            ))),
        }
    }
    unmount_previous(&element);
    let playground = Playground::new(sunaba_ui::mount(element.clone(), options), &element);
    register(&playground);
    Ok(playground)
}

/// Where the site keeps its example definitions.
pub const EXAMPLES_DIR: &str = "examples/";

fn resolve_element(value: &JsValue) -> Result<web_sys::Element, JsError> {
    if let Some(selector) = value.as_string() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsError::new("sunaba.mount: no document"))?;
        return document
            .query_selector(&selector)
            .ok()
            .flatten()
            .ok_or_else(|| {
                JsError::new(&format!("sunaba.mount: no element matches {selector:?}"))
            });
    }
    value.dyn_ref::<web_sys::Element>().cloned().ok_or_else(|| {
        JsError::new("sunaba.mount: the first argument must be an Element or a CSS selector")
    })
}

/// A mounted playground, for workshop pages and tests.
#[wasm_bindgen]
#[derive(Clone)]
pub struct Playground {
    mounted: Mounted,
    id: u32,
}

impl Playground {
    fn new(mounted: Mounted, element: &web_sys::Element) -> Playground {
        let id = NEXT_ID.with(|n| {
            let id = n.get();
            n.set(id.wrapping_add(1));
            id
        });
        let _ = element.set_attribute("data-sunaba-instance", &id.to_string());
        Playground { mounted, id }
    }

    pub fn mounted(&self) -> &Mounted {
        &self.mounted
    }
}

#[wasm_bindgen]
impl Playground {
    /// This instance's number (also the element's `data-sunaba-instance`).
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> u32 {
        self.id
    }

    /// A promise that resolves once the playground takes commands: at once, or, mounted with
    /// an `exercise`, once the exercise has loaded and opened (rejected with the reason when it
    /// could not be). Until then `run`, `apply` and the other changes are refused with a
    /// message, rather than made to a world the exercise then replaces.
    #[wasm_bindgen(getter)]
    pub fn ready(&self) -> js_sys::Promise {
        let mounted = self.mounted.clone();
        js_sys::Promise::new(&mut move |resolve, reject| {
            mounted.when_ready(Box::new(move |outcome| {
                let _ = match outcome {
                    Ok(()) => resolve.call0(&JsValue::UNDEFINED),
                    Err(why) => reject.call1(&JsValue::UNDEFINED, &JsError::new(&why).into()),
                };
            }));
        })
    }

    /// Runs one command (`kubectl …`, `sim …`); returns its output or its error text.
    pub fn run(&self, command: &str) -> String {
        match self.mounted.run(command) {
            Ok(out) | Err(out) => out,
        }
    }

    /// Applies the editor's text (`kubectl apply -f editor.yaml`); returns output or error.
    pub fn apply(&self) -> String {
        match self.mounted.apply() {
            Ok(out) | Err(out) => out,
        }
    }

    /// Replaces the editor's text; `apply()` then applies it.
    #[wasm_bindgen(js_name = setDefinition)]
    pub fn set_definition(&self, text: &str) {
        self.mounted.set_definition(text);
    }

    /// Advances virtual time by `ms` milliseconds (negative or non-finite values are ignored).
    pub fn advance(&self, ms: f64) {
        if ms.is_finite() && ms > 0.0 {
            self.mounted.advance(ms.min(u64::MAX as f64) as u64);
        } else if !ms.is_finite() || ms < 0.0 {
            sunaba_ui::mount::console_error("sunaba: advance(ms) needs a non-negative number");
        }
    }

    /// Virtual time in milliseconds.
    #[wasm_bindgen(js_name = nowMs)]
    pub fn now_ms(&self) -> f64 {
        self.mounted.session.now_ms() as f64
    }

    /// Looks at the open exercise's current step now, as the lesson panel's Check does, and
    /// returns the lesson (`{id, step, finished, steps, clauses: [{depth, passed, reason:
    /// {en, ja}}], hints, panels}`), or `null` when no exercise is open (or it is loading).
    /// When a step is done the element receives a `sunaba:steppassed` event
    /// (`detail: {exercise, step, finished, atMs}`).
    pub fn check(&self) -> JsValue {
        match self.mounted.check() {
            Some(view) => to_js(&view),
            None => JsValue::NULL,
        }
    }

    /// The cluster as plain objects (`{ now_ms, nodes: [...], pending: [...] }`).
    pub fn state(&self) -> JsValue {
        to_js(&self.mounted.session.cluster_view())
    }

    /// The newest `limit` aggregated events (default 200), oldest first.
    pub fn events(&self, limit: Option<u32>) -> JsValue {
        let limit = limit.unwrap_or(200).min(10_000) as usize;
        to_js(&self.mounted.session.event_views(limit))
    }

    pub fn pause(&self) {
        self.mounted.set_playing(false);
    }

    pub fn play(&self) {
        self.mounted.set_playing(true);
    }

    /// Sets the clock multiplier (1–1000).
    #[wasm_bindgen(js_name = setSpeed)]
    pub fn set_speed(&self, speed: u32) {
        self.mounted.set_speed(speed);
    }

    /// Pauses and advances to the next thing that happens, as the Step button does; returns the
    /// new virtual time (ms), or `null` when nothing is scheduled.
    pub fn step(&self) -> Option<f64> {
        self.mounted.step().map(|t| t as f64)
    }

    /// Goes back (or forward, up to the furthest moment reached) to virtual time `ms` by
    /// replaying from the start; pauses there. Running a command afterwards branches.
    pub fn seek(&self, ms: f64) -> Result<(), JsError> {
        if !ms.is_finite() || ms < 0.0 {
            return Err(JsError::new("sunaba: seek(ms) needs a non-negative number"));
        }
        self.mounted.seek(ms as u64).map_err(|e| JsError::new(&e))
    }

    /// Starts over with a fresh cluster from `seed` (the editor keeps its text).
    pub fn reset(&self, seed: f64) {
        let seed = if seed.is_finite() && seed >= 0.0 {
            seed as u64
        } else {
            1
        };
        self.mounted.reset(seed);
    }

    /// The timeline: `{ horizon_ms, ahead, full, seed }`.
    pub fn timeline(&self) -> JsValue {
        let t = self.mounted.session.timeline();
        to_js(&TimelineJs {
            now_ms: self.mounted.session.now_ms(),
            horizon_ms: t.horizon_ms,
            ahead: t.ahead,
            full: t.full,
            seed: t.seed,
        })
    }

    /// The `share=2.…` fragment reproducing this exact state (and the language shown); open
    /// it with `mount(el, {share})` or as `index.html#share=2.…`.
    #[wasm_bindgen(js_name = shareLink)]
    pub fn share_link(&self) -> String {
        self.mounted.share_link()
    }

    /// Calls `listener(events)` with each batch of events the cluster emits (objects like
    /// `{time_ms, type, reason, object, namespace, message, source}`). Returns a function that
    /// unsubscribes.
    pub fn subscribe(&self, listener: js_sys::Function) -> js_sys::Function {
        let session = &self.mounted.session;
        let id = session.subscribe(std::rc::Rc::new(
            move |events: &[sunaba_core::sim::events::TraceEvent]| {
                if let Err(err) = listener.call1(&JsValue::NULL, &to_js(&events)) {
                    web_sys::console::error_2(
                        &JsValue::from_str("sunaba: an event listener threw:"),
                        &err,
                    );
                }
            },
        ));
        let weak = std::rc::Rc::downgrade(session);
        // `Fn`, not `FnOnce`: calling the unsubscribe function twice is harmless.
        Closure::<dyn Fn()>::new(move || {
            if let Some(session) = weak.upgrade() {
                session.unsubscribe(id);
            }
        })
        .into_js_value()
        .unchecked_into()
    }

    /// Removes the playground from its element and from `window.sunaba.instances`.
    pub fn unmount(&self) {
        self.mounted.unmount();
        unregister(self.id);
    }
}

#[derive(serde::Serialize)]
struct TimelineJs {
    now_ms: u64,
    horizon_ms: u64,
    ahead: usize,
    full: bool,
    seed: u64,
}

fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).unwrap_or_else(|e| {
        sunaba_ui::mount::console_error(&format!("sunaba: could not serialize state: {e}"));
        JsValue::NULL
    })
}

/// `window.sunaba.instances`, created on first use.
fn instances() -> Option<js_sys::Array> {
    let window: JsValue = web_sys::window()?.into();
    let key = JsValue::from_str("sunaba");
    let mut ns = js_sys::Reflect::get(&window, &key).ok()?;
    if !ns.is_object() {
        ns = js_sys::Object::new().into();
        js_sys::Reflect::set(&window, &key, &ns).ok()?;
    }
    let list_key = JsValue::from_str("instances");
    let list = js_sys::Reflect::get(&ns, &list_key).ok()?;
    if js_sys::Array::is_array(&list) {
        return Some(list.unchecked_into());
    }
    let list = js_sys::Array::new();
    js_sys::Reflect::set(&ns, &list_key, &list).ok()?;
    Some(list)
}

/// Mounting twice into one element replaces the first playground (and stops its clock).
fn unmount_previous(element: &web_sys::Element) {
    let Some(previous) = element.get_attribute("data-sunaba-instance") else {
        return;
    };
    let Some(list) = instances() else { return };
    for item in list.iter() {
        let id = js_sys::Reflect::get(&item, &JsValue::from_str("id")).ok();
        if id.and_then(|v| v.as_f64()).map(|id| id.to_string()) == Some(previous.clone()) {
            if let Ok(unmount) = js_sys::Reflect::get(&item, &JsValue::from_str("unmount")) {
                if let Some(unmount) = unmount.dyn_ref::<js_sys::Function>() {
                    let _ = unmount.call0(&item);
                }
            }
        }
    }
}

fn register(playground: &Playground) {
    if let Some(list) = instances() {
        list.push(&JsValue::from(playground.clone()));
    }
}

fn unregister(id: u32) {
    let Some(list) = instances() else { return };
    let id_key = JsValue::from_str("id");
    let keep: Vec<JsValue> = list
        .iter()
        .filter(|item| {
            js_sys::Reflect::get(item, &id_key)
                .ok()
                .and_then(|v| v.as_f64())
                != Some(f64::from(id))
        })
        .collect();
    list.set_length(0);
    for item in keep {
        list.push(&item);
    }
}
