//! The playground page: header with the clock; the editor beside the cluster and the command
//! log (a click and the command it ran side by side); events full width below, as wide as
//! `kubectl get events` prints them.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::charts::Charts;
use crate::components::cluster::Cluster;
use crate::components::command_log::CommandLog;
use crate::components::editor::Editor;
use crate::components::events::Events;
use crate::components::header::Header;
use crate::frame_loop::use_frame_loop;
use crate::session::Session;
use crate::state::{Action, State};
use crate::storage;
use crate::strings::Lang;

#[derive(Properties)]
pub struct AppProps {
    pub session: Rc<Session>,
    #[prop_or_default]
    pub read_only: bool,
    /// Where the editor's text is autosaved (localStorage key); `None` = no autosave.
    #[prop_or_default]
    pub storage_key: Option<AttrValue>,
    /// The language to start in; `None` = the browser's.
    #[prop_or_default]
    pub lang: Option<Lang>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.read_only == other.read_only
            && self.storage_key == other.storage_key
            && self.lang == other.lang
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer({
        let session = props.session.clone();
        move || State::new(session)
    });

    // Changes made through the JS handle redraw the app.
    {
        let (session, dispatcher) = (props.session.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            session.set_on_change(Some(Callback::from(move |()| {
                dispatcher.dispatch(Action::Refresh)
            })));
            move || session.set_on_change(None)
        });
    }
    use_frame_loop(props.session.clone(), state.dispatcher());
    let lang = use_state({
        let initial = props.lang;
        move || initial.unwrap_or_else(Lang::from_browser)
    });
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| lang.set(l))
    };

    let dispatch = |make: fn() -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(make()))
    };
    let on_edit = {
        let dispatcher = state.dispatcher();
        let key = props.storage_key.clone();
        Callback::from(move |text: String| {
            if let Some(key) = &key {
                storage::save(key, &text);
            }
            dispatcher.dispatch(Action::Edit(text));
        })
    };
    let on_kill = {
        let dispatcher = state.dispatcher();
        Callback::from(move |pod: String| dispatcher.dispatch(Action::KillPod(pod)))
    };
    let on_speed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |speed: u32| dispatcher.dispatch(Action::SetSpeed(speed)))
    };

    let snap = &state.snap;
    html! {
        <ContextProvider<Lang> context={*lang}>
        <div class="sunaba" lang={lang.tag()}>
            <Header now_ms={snap.now_ms} clock={snap.clock} compression={snap.compression}
                on_toggle_play={dispatch(|| Action::TogglePlay)} {on_speed} {on_lang} />
            <main class="sb-main">
                <div class="sb-col sb-col-left">
                    <Editor text={snap.editor.clone()} read_only={props.read_only}
                        last_apply={snap.last_apply.clone()} {on_edit}
                        on_apply={dispatch(|| Action::Apply)}
                        storage_key={props.storage_key.clone()} />
                </div>
                <div class="sb-col sb-col-right">
                    <Cluster cluster={snap.cluster.clone()} now_ms={snap.now_ms} {on_kill} />
                    <CommandLog log={snap.log.clone()} />
                </div>
                <div class="sb-col sb-col-wide">
                    <Charts now_ms={snap.now_ms} availability={snap.availability.clone()} traffic={snap.traffic.clone()} />
                    <Events events={snap.events.clone()} now_ms={snap.now_ms} />
                </div>
            </main>
        </div>
        </ContextProvider<Lang>>
    }
}
