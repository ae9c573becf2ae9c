//! The first view of the site's playground and lesson pages, built the same way in the page
//! rendered at build time (`crates/site`, natively) and in the browser that hydrates it: the
//! core is deterministic, so the same options give the same session, the same props and the
//! same markup. Anything a returning learner brings (autosaved text, progress, a share link,
//! another language) is not a first view: such a page is rendered afresh instead.

use std::rc::Rc;

use sunaba_core::lessons::exercise::Exercise;

use crate::app::AppProps;
use crate::mount::MountOptions;
use crate::session::{Origin, Session};
use crate::state::{perform, Action, ExerciseRef};
use crate::strings::Lang;

/// The language a first view is rendered in when the page does not name one.
pub const FIRST_VIEW_LANG: Lang = Lang::En;

/// A fresh playground: `text` in the editor, applied at once when the options say so.
pub(crate) fn fresh_session(options: &MountOptions, text: &str) -> Rc<Session> {
    let origin = Origin {
        seed: options.seed,
        setup: options.cluster.iter().cloned().collect(),
    };
    let session = Rc::new(Session::with_origin(origin, text));
    perform(&session, Action::SetSpeed(options.speed));
    perform(&session, Action::SetPlaying(options.playing));
    if options.auto_apply {
        perform(&session, Action::Apply);
    }
    session.mark_opening();
    session
}

/// A session waiting for an exercise (which sets up its own world).
pub(crate) fn lesson_session(options: &MountOptions) -> Rc<Session> {
    let session = Rc::new(Session::new(options.seed, ""));
    perform(&session, Action::SetSpeed(options.speed));
    perform(&session, Action::SetPlaying(options.playing));
    session
}

/// The props of every site page's App, around its session.
pub(crate) fn page_props(options: &MountOptions, session: Rc<Session>, lang: Lang) -> AppProps {
    AppProps {
        session,
        read_only: options.read_only,
        storage_key: if options.exercise.is_some() {
            None
        } else {
            options.storage_key.clone().map(Into::into)
        },
        lang: Some(lang),
        panels: options.panels,
        mode: options.mode,
        notice: None,
        lesson_list_href: options.lesson_list.clone().map(Into::into),
        // A first view has nothing saved yet (no storage at build time; the browser hydrates
        // only when nothing is stored under the key).
        autosave: options
            .storage_key
            .as_deref()
            .filter(|_| options.exercise.is_none())
            .map(|key| crate::autosave::Autosave::open(key).0),
    }
}

/// The playground page as a first visit opens it: the default example, applied.
pub fn playground(options: &MountOptions) -> AppProps {
    let lang = options.lang.unwrap_or(FIRST_VIEW_LANG);
    let text = options
        .definition
        .clone()
        .unwrap_or_else(|| crate::example::default_definition(lang));
    page_props(options, fresh_session(options, &text), lang)
}

/// A lesson's page as a first visit opens it: the exercise at its first step.
pub fn lesson(options: &MountOptions, exercise: Rc<Exercise>) -> Result<AppProps, String> {
    open_lesson(options, lesson_session(options), exercise)
}

/// [`lesson`] on a session made by [`lesson_session`].
pub(crate) fn open_lesson(
    options: &MountOptions,
    session: Rc<Session>,
    exercise: Rc<Exercise>,
) -> Result<AppProps, String> {
    let lang = options.lang.unwrap_or(FIRST_VIEW_LANG);
    if let crate::state::Outcome::Ran(Err(why)) = perform(
        &session,
        Action::OpenLesson(ExerciseRef(exercise.clone()), 0),
    ) {
        return Err(format!("exercise {}: {why}", exercise.id));
    }
    Ok(page_props(options, session, lang))
}

/// Where the site's playground page autosaves its editor.
pub const PAGE_STORAGE_KEY: &str = "sunaba:editor";

/// The options of a site page's playground, the same at build time and in the browser (where
/// `?lang=` may then name the language).
pub fn site_options(
    page: &crate::mount::SitePage,
    paths: &crate::course::SitePaths,
) -> MountOptions {
    MountOptions {
        storage_key: match page {
            crate::mount::SitePage::Playground => Some(PAGE_STORAGE_KEY.to_owned()),
            crate::mount::SitePage::Lesson { .. } => None,
        },
        lesson_list: Some(paths.lessons()),
        ..MountOptions::default()
    }
}
