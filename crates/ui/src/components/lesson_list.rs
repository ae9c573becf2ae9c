//! The lesson list: the course's exercises in order, each with its summary, its number of
//! steps and the learner's progress (from `localStorage`), linking to the exercise (and to the
//! step to resume at). The files are fetched when the list opens ([`crate::course`]).

use yew::prelude::*;

use std::rc::Rc;

use crate::course::{load_course, CourseList, Saved, SitePaths};
use crate::strings::{fill, Lang};

struct ListText {
    loading: &'static str,
    failed: &'static str,
    /// `{n}`.
    steps: &'static str,
    /// `{done}`, `{total}`.
    progress: &'static str,
    done: &'static str,
    not_started: &'static str,
    start: &'static str,
    resume: &'static str,
    review: &'static str,
    playground: &'static str,
    intro: &'static str,
    language: &'static str,
}

const EN: ListText = ListText {
    loading: "Loading the lessons…",
    failed: "The lessons could not be loaded:",
    steps: "{n} steps",
    progress: "{done} of {total} steps done",
    done: "Done",
    not_started: "Not started",
    start: "Start",
    resume: "Resume",
    review: "Open again",
    playground: "Open the free playground",
    intro: "Each lesson sets up a simulated cluster and asks for one idea at a time. Type the commands or click them; the goal is checked as you go. Everything runs in this tab: no account, no server.",
    language: "Language",
};

const JA: ListText = ListText {
    loading: "レッスンを読み込み中…",
    failed: "レッスンを読み込めませんでした:",
    steps: "{n} ステップ",
    progress: "{total} ステップ中 {done} 完了",
    done: "完了",
    not_started: "未着手",
    start: "始める",
    resume: "続きから",
    review: "もう一度開く",
    playground: "自由なプレイグラウンドを開く",
    intro: "各レッスンはシミュレートされたクラスタを用意し、一度にひとつの考え方を扱います。コマンドは入力しても、クリックしてもかまいません。ゴールは進めるたびに確かめられます。すべてこのタブの中で動き、アカウントもサーバーも不要です。",
    language: "言語",
};

#[derive(Properties, PartialEq, Default)]
pub struct LessonListProps {
    /// The language to start in; `None` = the browser's.
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// Where the site's pages are from this one.
    #[prop_or_default]
    pub paths: SitePaths,
    /// The course, when the page already has it (rendered at build time, or fetched before
    /// hydrating); else it is fetched when the list opens.
    #[prop_or_default]
    pub course: Option<Rc<CourseList>>,
}

#[function_component(LessonList)]
pub fn lesson_list(props: &LessonListProps) -> Html {
    let lang = use_state({
        let initial = props.lang;
        move || Lang::initial(initial)
    });
    let course = use_state({
        let given = props.course.clone();
        move || given.map(Ok::<Rc<CourseList>, String>)
    });
    {
        let (set, paths, given) = (course.setter(), props.paths.clone(), props.course.is_some());
        use_effect_with((), move |_| {
            if !given {
                wasm_bindgen_futures::spawn_local(async move {
                    set.set(Some(load_course(&paths).await.map(Rc::new)));
                });
            }
        });
    }
    let t = lang.pick(&EN, &JA);
    let pick = |text: &sunaba_core::lessons::experiments::Text| match *lang {
        Lang::Ja if !text.ja.is_empty() => text.ja.clone(),
        _ => text.en.clone(),
    };
    let title = match &*course {
        Some(Ok(c)) => pick(&c.title),
        _ => "Sunaba 砂場".to_owned(),
    };
    let body = match &*course {
        None => html! { <p class="sb-boot" role="status">{ t.loading }</p> },
        Some(Err(e)) => html! {
            <div class="sb-notice is-error" role="alert"><p>{ t.failed }{ " " }<code>{ e.clone() }</code></p></div>
        },
        Some(Ok(c)) => html! {
            <ol class="sb-lessons" data-testid="lesson-list">
                { for c.entries.iter().enumerate().map(|(i, entry)| match entry {
                    Ok(e) => {
                        let saved = Saved::load(&e.id);
                        let done = saved.best.min(e.steps);
                        let finished = done >= e.steps && e.steps > 0;
                        let (status, action) = if finished {
                            (t.done.to_owned(), t.review)
                        } else if done > 0 || saved.step > 0 {
                            (fill(t.progress, &[("done", &done.to_string()), ("total", &e.steps.to_string())]), t.resume)
                        } else {
                            (t.not_started.to_owned(), t.start)
                        };
                        let href = props.paths.lesson(&e.id);
                        html! {
                            <li class={classes!("sb-lesson-card", finished.then_some("is-done"))}
                                data-testid={format!("lesson-{}", e.id)} data-done={finished.to_string()}>
                                <span class="sb-lesson-number" aria-hidden="true">{ if finished { "✓".to_owned() } else { (i + 1).to_string() } }</span>
                                <div class="sb-lesson-card-body">
                                    <h2><a href={href.clone()}>{ pick(&e.title) }</a></h2>
                                    <p>{ pick(&e.summary) }</p>
                                    <p class="sb-lesson-meta">
                                        <span>{ fill(t.steps, &[("n", &e.steps.to_string())]) }</span>
                                        { " · " }
                                        <span data-testid="lesson-progress">{ status }</span>
                                    </p>
                                </div>
                                // Its text names the lesson (hidden, after the verb): "Start" alone
                                // says nowhere where it leads.
                                <a class="sb-btn" href={href}>{ action }<span class="sb-visually-hidden">{ ": " }{ pick(&e.title) }</span></a>
                            </li>
                        }
                    }
                    Err((id, why)) => html! {
                        <li class="sb-lesson-card is-broken">
                            <div class="sb-lesson-card-body"><h2>{ id.clone() }</h2><p><code>{ why.clone() }</code></p></div>
                        </li>
                    },
                }) }
            </ol>
        },
    };
    let on_lang = |l: Lang| {
        let lang = lang.setter();
        Callback::from(move |_: MouseEvent| {
            l.remember();
            lang.set(l)
        })
    };
    html! {
        <ContextProvider<Lang> context={*lang}>
        <div class="sunaba sb-lessons-page" lang={lang.tag()}>
            <header class="sb-lessons-head">
                <p class="sb-brand">{ "Sunaba 砂場" }</p>
                <h1>{ title }</h1>
                <p>{ t.intro }</p>
                <nav class="sb-lessons-nav">
                    <a href={props.paths.playground()} data-testid="open-playground">{ t.playground }</a>
                    <span role="group" aria-label={t.language} class="sb-lang-switch">
                        { for Lang::ALL.into_iter().map(|l| html! {
                            <button type="button" class="sb-btn" aria-pressed={(l == *lang).to_string()}
                                data-testid={format!("lang-{}", l.tag())} onclick={on_lang(l)}>{ l.native_name() }</button>
                        }) }
                    </span>
                </nav>
            </header>
            <main>{ body }</main>
        </div>
        </ContextProvider<Lang>>
    }
}
