//! The site's lessons as the page finds them: where its pages are ([`SitePaths`]), the
//! exercise files loaded as data when they are needed (`exercises/course.yaml`, then
//! `exercises/ID.yaml`: adding an exercise never grows the Wasm), and each learner's progress
//! in `localStorage`. Reading the files is the core's (`lessons::exercise`).

use std::rc::Rc;

use sunaba_core::lessons::exercise::course::{exercise_file, parse_course, Course, COURSE_FILE};
use sunaba_core::lessons::exercise::{parse, Exercise};
use sunaba_core::lessons::experiments::Text;
use wasm_bindgen::JsCast;

use crate::storage;

/// Where the site keeps its exercises, relative to the page.
pub const EXERCISES_DIR: &str = "exercises/";
/// Where the site's pages and files are, relative to the page showing them: the root is `""`
/// on the landing page, `"../"` from `playground/` or `lessons/`, `"../../"` from a lesson's
/// page. Every address stays relative, so the site works under any path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SitePaths {
    pub root: String,
}

impl SitePaths {
    pub fn new(root: &str) -> SitePaths {
        SitePaths {
            root: root.to_owned(),
        }
    }
    pub fn landing(&self, lang: crate::strings::Lang) -> String {
        match lang {
            crate::strings::Lang::En => format!("{}./", self.root),
            crate::strings::Lang::Ja => format!("{}ja/", self.root),
        }
    }
    pub fn playground(&self) -> String {
        format!("{}playground/", self.root)
    }
    pub fn lessons(&self) -> String {
        format!("{}lessons/", self.root)
    }
    pub fn lesson(&self, id: &str) -> String {
        format!("{}lessons/{id}/", self.root)
    }
    pub fn embedding(&self) -> String {
        format!("{}embed.html", self.root)
    }
    /// The exercise files' folder.
    pub fn exercises(&self) -> String {
        format!("{}{EXERCISES_DIR}", self.root)
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
pub async fn load_exercise(paths: &SitePaths, id: &str) -> Result<Rc<Exercise>, String> {
    let url = format!("{}{}", paths.exercises(), exercise_file(id));
    let text = fetch_text(&url).await?;
    course_exercise(&url, id, &text)
}

/// Exercise `id` of the course read from `text` (its file `url`); it must carry that id.
pub fn course_exercise(url: &str, id: &str, text: &str) -> Result<Rc<Exercise>, String> {
    let ex = read_exercise(url, text)?;
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
pub async fn load_course(paths: &SitePaths) -> Result<CourseList, String> {
    let dir = paths.exercises();
    let url = format!("{dir}{COURSE_FILE}");
    let course = read_course(&url, &fetch_text(&url).await?)?;
    let window = web_sys::window().ok_or("no window")?;
    // Every request starts before the first is awaited.
    let requests: Vec<(String, String, js_sys::Promise)> = course
        .exercises
        .iter()
        .map(|(id, _)| {
            let url = format!("{dir}{}", exercise_file(id));
            let promise = window.fetch_with_str(&url);
            (id.clone(), url, promise)
        })
        .collect();
    let mut exercises = Vec::new();
    for (id, url, promise) in requests {
        let exercise = response_text(&url, promise)
            .await
            .and_then(|text| read_exercise(&url, &text));
        exercises.push((id, exercise));
    }
    Ok(course_list(course, exercises))
}

/// `course.yaml` read from its text (the file at `url`); a malformed one says where
/// (`FILE:LINE:COL: error: …`).
pub fn read_course(url: &str, text: &str) -> Result<Course, String> {
    parse_course(text).map_err(|e| format!("{url}:{}:{}: error: {}", e.line, e.column, e.message))
}

/// The lesson list from the course and each exercise's `(id, the exercise or why it could not
/// be read)`, in the course's order: the same in the browser and in the page rendered at build
/// time.
pub fn course_list(
    course: Course,
    exercises: Vec<(String, Result<Rc<Exercise>, String>)>,
) -> CourseList {
    let entries = exercises
        .into_iter()
        .map(|(id, exercise)| {
            let ex = exercise.map_err(|e| (id, e))?;
            Ok(Entry {
                id: ex.id.clone(),
                title: ex.title.clone(),
                summary: ex.summary.clone(),
                steps: ex.steps.len(),
            })
        })
        .collect();
    CourseList {
        title: course.title,
        entries,
    }
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
    fn site_paths_stay_relative_to_the_page() {
        use crate::strings::Lang;
        let from_lesson = SitePaths::new("../../");
        assert_eq!(from_lesson.lessons(), "../../lessons/");
        assert_eq!(
            from_lesson.lesson("oom-killed"),
            "../../lessons/oom-killed/"
        );
        assert_eq!(from_lesson.playground(), "../../playground/");
        assert_eq!(from_lesson.exercises(), "../../exercises/");
        assert_eq!(from_lesson.landing(Lang::Ja), "../../ja/");
        let top = SitePaths::default();
        assert_eq!(top.landing(Lang::En), "./");
        assert_eq!(top.embedding(), "embed.html");
    }

    #[test]
    fn the_course_list_keeps_the_course_order_and_says_which_exercise_failed() {
        let course = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../www/exercises/course.yaml"
        ))
        .unwrap();
        let good = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../www/exercises/self-healing.yaml"
        ))
        .unwrap();
        let course = read_course("course.yaml", &course).unwrap();
        let exercises = vec![
            ("self-healing".into(), read_exercise("a.yaml", &good)),
            ("oom-killed".into(), Err("b.yaml: HTTP 404".into())),
            ("x".into(), read_exercise("c.yaml", "kind: [")),
        ];
        let list = course_list(course, exercises);
        assert_eq!(list.entries.len(), 3);
        assert_eq!(list.entries[0].as_ref().unwrap().id, "self-healing");
        assert_eq!(
            list.entries[1].as_ref().unwrap_err(),
            &("oom-killed".to_owned(), "b.yaml: HTTP 404".to_owned())
        );
        let why = &list.entries[2].as_ref().unwrap_err().1;
        assert!(
            why.starts_with("c.yaml:") && why.contains(": error: "),
            "{why}"
        );
        let why = read_course("exercises/course.yaml", "exercises: [").unwrap_err();
        assert!(
            why.starts_with("exercises/course.yaml:") && why.contains(": error: "),
            "{why}"
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
