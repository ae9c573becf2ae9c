//! The site's lessons as the page finds them: which page a URL asks for ([`Route`]), the
//! exercise files loaded as data when they are needed (`exercises/course.yaml`, then
//! `exercises/ID.yaml`: adding an exercise never grows the Wasm), and each learner's progress
//! in `localStorage`. Reading the files is the core's (`lessons::exercise`).

use std::rc::Rc;

use sunaba_core::lessons::exercise::course::{exercise_file, parse_course, COURSE_FILE};
use sunaba_core::lessons::exercise::{parse, Exercise};
use sunaba_core::lessons::experiments::Text;
use wasm_bindgen::JsCast;

use crate::storage;

/// Where the site keeps its exercises, relative to the page.
pub const EXERCISES_DIR: &str = "exercises/";
/// The lesson list's address on the site's page.
pub const LIST_HREF: &str = "#lessons";

/// What the page shows, from its URL's fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The full playground (no fragment, or a share link).
    Playground,
    /// `#lessons`: the lesson list.
    Lessons,
    /// `#lesson=ID` (resume where the learner was) or `#lesson=ID&step=N` (1-based).
    Lesson { id: String, step: Option<usize> },
}

impl Route {
    pub fn parse(fragment: &str) -> Route {
        let f = fragment.trim_start_matches('#');
        if f == "lessons" {
            return Route::Lessons;
        }
        let mut id = None;
        let mut step = None;
        for pair in f.split('&') {
            match pair.split_once('=') {
                Some(("lesson", v)) if is_id(v) => id = Some(v.to_owned()),
                Some(("step", v)) => step = v.parse::<usize>().ok().filter(|n| *n >= 1),
                _ => {}
            }
        }
        match id {
            Some(id) => Route::Lesson { id, step },
            None => Route::Playground,
        }
    }

    /// The fragment that opens this route.
    pub fn href(&self) -> String {
        match self {
            Route::Playground => "#".into(),
            Route::Lessons => LIST_HREF.into(),
            Route::Lesson { id, step: None } => format!("#lesson={id}"),
            Route::Lesson { id, step: Some(n) } => format!("#lesson={id}&step={n}"),
        }
    }
}

/// `lang` from a page's query string (`?lang=ja`, `?x=1&lang=en`); anything else is `None`.
pub fn query_lang(search: &str) -> Option<crate::strings::Lang> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(crate::strings::Lang::parse)
}

/// A DNS-1123 label, as exercise ids are (so an id never reaches a URL or a key unescaped).
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A learner's progress in one exercise (a record: [`crate::records::progress`]).
pub use crate::records::progress::Progress as Saved;

fn progress_key(id: &str) -> String {
    format!("sunaba:progress:{id}")
}

impl Saved {
    /// This learner's progress; a value that cannot be read counts as none (and is left as
    /// it is: it may be a newer version's).
    pub fn load(id: &str) -> Saved {
        storage::load(&progress_key(id))
            .and_then(|s| Saved::read(&s).ok())
            .unwrap_or_default()
    }

    /// The learner is at `step` now: a reload resumes there. Merged with what another tab
    /// stored meanwhile, so the most steps done never goes down.
    pub fn record(id: &str, step: usize) {
        let key = progress_key(id);
        match Saved::merge(storage::load(&key).as_deref(), step) {
            Ok(progress) => {
                if let Err(why) = storage::store(&key, &progress.write()) {
                    crate::mount::console_error(&format!(
                        "sunaba: the progress in {id} could not be saved ({why:?})"
                    ));
                }
            }
            Err(refusal) => crate::mount::console_error(&format!(
                "sunaba: the progress saved for {id} was not read, and is left as it is: {refusal}"
            )),
        }
    }
}

/// One exercise as the lesson list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub id: String,
    pub title: Text,
    pub summary: Text,
    pub steps: usize,
}

/// The course as the lesson list shows it; exercises that did not load say why.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseList {
    pub title: Text,
    pub entries: Vec<Result<Entry, (String, String)>>,
}

/// Fetches a text file relative to the page.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    response_text(url, window.fetch_with_str(url)).await
}

/// An exercise read from its text; a malformed one says where (`FILE:LINE:COL: error: …`).
pub fn read_exercise(name: &str, text: &str) -> Result<Rc<Exercise>, String> {
    parse(text)
        .map(Rc::new)
        .map_err(|e| format!("{name}:{}:{}: error: {}", e.line, e.column, e.message))
}

/// Loads one exercise of the site's course by id.
pub async fn load_exercise(id: &str) -> Result<Rc<Exercise>, String> {
    let url = format!("{EXERCISES_DIR}{}", exercise_file(id));
    let text = fetch_text(&url).await?;
    let ex = read_exercise(&url, &text)?;
    if ex.id != id {
        return Err(format!("{url}: its id is \"{}\", not \"{id}\"", ex.id));
    }
    Ok(ex)
}

/// Loads an exercise named by a mount option: a URL, or the exercise's text itself (it has a
/// line break; a URL has none).
pub async fn load_option(source: &str) -> Result<Rc<Exercise>, String> {
    if source.contains('\n') {
        read_exercise("exercise", source)
    } else {
        let text = fetch_text(source).await?;
        read_exercise(source, &text)
    }
}

/// The course and every exercise in it, fetched at once (in parallel).
pub async fn load_course() -> Result<CourseList, String> {
    let url = format!("{EXERCISES_DIR}{COURSE_FILE}");
    let text = fetch_text(&url).await?;
    let course = parse_course(&text)
        .map_err(|e| format!("{url}:{}:{}: error: {}", e.line, e.column, e.message))?;
    let window = web_sys::window().ok_or("no window")?;
    // Every request starts before the first is awaited.
    let requests: Vec<(String, js_sys::Promise)> = course
        .exercises
        .iter()
        .map(|(id, _)| {
            let url = format!("{EXERCISES_DIR}{}", exercise_file(id));
            let promise = window.fetch_with_str(&url);
            (id.clone(), promise)
        })
        .collect();
    let mut entries = Vec::new();
    for (id, promise) in requests {
        let url = format!("{EXERCISES_DIR}{}", exercise_file(&id));
        let text = match response_text(&url, promise).await {
            Ok(t) => t,
            Err(e) => {
                entries.push(Err((id, e)));
                continue;
            }
        };
        entries.push(match read_exercise(&url, &text) {
            Ok(ex) => Ok(Entry {
                id: ex.id.clone(),
                title: ex.title.clone(),
                summary: ex.summary.clone(),
                steps: ex.steps.len(),
            }),
            Err(e) => Err((id, e)),
        });
    }
    Ok(CourseList {
        title: course.title,
        entries,
    })
}

/// The text a fetch answered, or why there is none.
async fn response_text(url: &str, promise: js_sys::Promise) -> Result<String, String> {
    let response = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| format!("{url}: could not be fetched (offline?)"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| format!("{url}: no text"))?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{url}: not text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_the_list_a_lesson_and_its_step_or_the_playground() {
        assert_eq!(Route::parse("#lessons"), Route::Lessons);
        assert_eq!(
            Route::parse("#lesson=self-healing"),
            Route::Lesson {
                id: "self-healing".into(),
                step: None
            }
        );
        let deep = Route::parse("#lesson=oom-killed&step=2");
        assert_eq!(
            deep,
            Route::Lesson {
                id: "oom-killed".into(),
                step: Some(2)
            }
        );
        assert_eq!(Route::parse(&deep.href()), deep);
        for other in [
            "",
            "#",
            "#share=1.abc",
            "#share=2.abc",
            "#lesson=../x",
            "#lesson=A",
            "#lesson=",
        ] {
            assert_eq!(Route::parse(other), Route::Playground, "{other}");
        }
        assert_eq!(
            Route::parse("#lesson=x&step=0"),
            Route::Lesson {
                id: "x".into(),
                step: None
            }
        );
    }

    #[test]
    fn the_query_string_can_choose_the_language() {
        use crate::strings::Lang;
        assert_eq!(query_lang("?lang=ja"), Some(Lang::Ja));
        assert_eq!(query_lang("?seed=2&lang=en-US"), Some(Lang::En));
        assert_eq!(query_lang("?lang=fr"), None);
        assert_eq!(query_lang(""), None);
        assert_eq!(query_lang("?language=ja"), None);
    }
}
