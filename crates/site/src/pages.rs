//! Every page of the site and its first view, rendered with Yew's server-side renderer from
//! the same components and props the browser uses ([`sunaba_ui::prerender`]).

use std::path::Path;
use std::rc::Rc;

use sunaba_core::lessons::exercise::course::{exercise_file, COURSE_FILE};
use sunaba_core::lessons::exercise::Exercise;
use sunaba_ui::app::App;
use sunaba_ui::components::lesson_list::{LessonList, LessonListProps};
use sunaba_ui::components::site::landing::{Landing, LandingProps};
use sunaba_ui::components::site::not_found::{NotFound, NotFoundProps};
use sunaba_ui::course::{course_exercise, course_list, read_course, CourseList, SitePaths};
use sunaba_ui::mount::SitePage;
use sunaba_ui::prerender;
use sunaba_ui::strings::Lang;
use yew::LocalServerRenderer;

/// What the browser does with a page: nothing (static), or take over `#sunaba-app`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Takeover {
    Static,
    Playground,
    Lessons,
    Lesson(String),
}

pub struct Page {
    /// The file in `dist/`, e.g. `lessons/self-healing/index.html`.
    pub path: String,
    /// From the page to the site's root: `""`, `"../"`, `"../../"`.
    pub root: String,
    pub lang: Lang,
    pub title: String,
    pub description: String,
    /// The same page in each language, as a path from the site's root (`hreflang` links,
    /// written only when the site's address is known: search engines want them absolute).
    pub alternates: Vec<(Lang, String)>,
    pub takeover: Takeover,
    /// A module of the site's own (`www/`) the page also runs.
    pub script: Option<&'static str>,
    /// The first view, as Yew rendered it.
    pub body: String,
}

/// The course as the build finds it in `dist/exercises/`.
pub struct Course {
    pub list: Rc<CourseList>,
    pub exercises: Vec<Rc<Exercise>>,
}

impl Course {
    pub fn read(dir: &Path) -> Result<Course, String> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
        };
        let course = read_course(COURSE_FILE, &read(COURSE_FILE)?)?;
        let mut listed = Vec::new();
        let mut exercises = Vec::new();
        for (id, _) in &course.exercises {
            let name = exercise_file(id);
            // A broken exercise stops the build: the site would publish a lesson that fails.
            let exercise = course_exercise(&name, id, &read(&name)?)?;
            listed.push((id.clone(), Ok(exercise.clone())));
            exercises.push(exercise);
        }
        Ok(Course {
            list: Rc::new(course_list(course, listed)),
            exercises,
        })
    }
}

/// A playground page's first view, its element ids numbered as the browser will number them.
async fn render_app(props: sunaba_ui::app::AppProps) -> String {
    sunaba_ui::ids::Ids::restart();
    LocalServerRenderer::<App>::with_props(props).render().await
}

/// Every page, in the order they are written.
pub async fn render_all(course: &Course) -> Result<Vec<Page>, String> {
    let mut pages = Vec::new();
    for (lang, path, root) in [
        (Lang::En, "index.html", ""),
        (Lang::Ja, "ja/index.html", "../"),
    ] {
        let paths = SitePaths::new(root);
        let body = LocalServerRenderer::<Landing>::with_props(LandingProps {
            lang,
            paths: paths.clone(),
        })
        .hydratable(false)
        .render()
        .await;
        pages.push(Page {
            path: path.into(),
            root: root.into(),
            lang,
            title: lang
                .pick(
                    &"Sunaba 砂場 · Learn Kubernetes and Amazon ECS in your browser",
                    &"砂場 Sunaba · Kubernetes と Amazon ECS をブラウザで学ぶ",
                )
                .to_string(),
            description: lang
                .pick(
                    &"A Kubernetes and Amazon ECS playground in your browser: apply a Deployment, kill a pod, watch the cluster heal. No cluster, no account, no server.",
                    &"ブラウザで動く Kubernetes と Amazon ECS のプレイグラウンド。Deployment を適用し、Pod を止め、クラスタが回復する様子を観察できます。クラスタもアカウントも不要です。",
                )
                .to_string(),
            alternates: vec![(Lang::En, String::new()), (Lang::Ja, "ja/".into())],
            takeover: Takeover::Static,
            // Addresses of the site before it had pages (`index.html#lesson=ID`) lead on.
            script: (lang == Lang::En).then_some("legacy.js"),
            body,
        });
    }

    let paths = SitePaths::new("../");
    let options = prerender::site_options(&SitePage::Playground, &paths);
    pages.push(Page {
        path: "playground/index.html".into(),
        root: paths.root.clone(),
        lang: Lang::En,
        title: "Playground · Sunaba 砂場".into(),
        description: "Edit a Kubernetes Deployment or an ECS task definition, apply it, break things and watch the cluster heal — in your browser.".into(),
        alternates: vec![],
        takeover: Takeover::Playground,
            script: None,
        body: render_app(prerender::playground(&options)).await,
    });

    pages.push(Page {
        path: "lessons/index.html".into(),
        root: paths.root.clone(),
        lang: Lang::En,
        title: "Lessons · Sunaba 砂場".into(),
        description: "Step-by-step lessons on Kubernetes and Amazon ECS: self-healing, scheduling, crashes, images and environments, each checked as you go.".into(),
        alternates: vec![],
        takeover: Takeover::Lessons,
            script: None,
        body: LocalServerRenderer::<LessonList>::with_props(LessonListProps {
            lang: Some(prerender::FIRST_VIEW_LANG),
            paths: paths.clone(),
            course: Some(course.list.clone()),
        })
        .render()
        .await,
    });

    let paths = SitePaths::new("../../");
    for exercise in &course.exercises {
        let page = SitePage::Lesson {
            id: exercise.id.clone(),
        };
        let props = prerender::lesson(&prerender::site_options(&page, &paths), exercise.clone())?;
        pages.push(Page {
            path: format!("lessons/{}/index.html", exercise.id),
            root: paths.root.clone(),
            lang: Lang::En,
            title: format!("{} · Sunaba 砂場", exercise.title.en),
            description: exercise.summary.en.clone(),
            alternates: vec![],
            takeover: Takeover::Lesson(exercise.id.clone()),
            script: None,
            body: render_app(props).await,
        });
    }

    pages.push(Page {
        path: "404.html".into(),
        root: String::new(),
        lang: Lang::En,
        title: "Page not found · Sunaba 砂場".into(),
        description: "This page of Sunaba does not exist.".into(),
        alternates: vec![],
        takeover: Takeover::Static,
        script: None,
        body: LocalServerRenderer::<NotFound>::with_props(NotFoundProps {
            paths: SitePaths::default(),
        })
        .hydratable(false)
        .render()
        .await,
    });
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render() -> Vec<Page> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/exercises");
        let course = Course::read(&dir).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        tokio::task::LocalSet::new()
            .block_on(&runtime, render_all(&course))
            .unwrap()
    }

    #[test]
    fn every_page_has_its_first_view_and_stays_relative() {
        let pages = render();
        let find = |path: &str| pages.iter().find(|p| p.path == path).unwrap();
        let landing = find("index.html");
        assert!(landing.body.contains("Learn Kubernetes and Amazon ECS"));
        assert!(find("ja/index.html").body.contains("ブラウザ"));
        // The site's text marks commands with backticks; the pages show them as code.
        for page in [landing, find("ja/index.html")] {
            assert!(page.body.contains("<code>sunaba exercise check</code>"));
            assert!(!page.body.contains('`'), "{}", page.path);
        }
        let playground = find("playground/index.html");
        for want in [
            "data-testid=\"editor\"",
            "nginx-deployment",
            "data-testid=\"node\"",
        ] {
            assert!(playground.body.contains(want), "{want}");
        }
        let list = find("lessons/index.html");
        assert!(list.body.contains("href=\"../lessons/self-healing/\""));
        // Each card's button names its lesson: no link reads "Start" alone.
        assert!(!list.body.contains(">Start</a>"));
        assert!(list
            .body
            .contains("Start<span class=\"sb-visually-hidden\">: Self-healing</span></a>"));
        let lesson = find("lessons/self-healing/index.html");
        assert_eq!(lesson.root, "../../");
        assert!(lesson.body.contains("data-testid=\"lesson\""));
        // Numbered as the browser numbers its first playground, whatever was rendered before.
        assert!(lesson.body.contains("id=\"sb-1-") && !lesson.body.contains("id=\"sb-2-"));
        // Every lesson of the course has its page; no address leaves the site or starts at `/`.
        let lessons = pages
            .iter()
            .filter(|p| matches!(p.takeover, Takeover::Lesson(_)));
        let files =
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/exercises"))
                .unwrap()
                .filter(|e| {
                    let name = e.as_ref().unwrap().file_name();
                    name != COURSE_FILE && name.to_string_lossy().ends_with(".yaml")
                })
                .count();
        assert_eq!(lessons.count(), files);
        for page in &pages {
            assert!(
                !page.body.contains("href=\"/"),
                "{}: an absolute address",
                page.path
            );
            assert!(
                !page.body.contains("<script"),
                "{}: inline script",
                page.path
            );
        }
    }

    #[test]
    fn other_languages_are_linked_only_with_the_site_address() {
        let pages = render();
        let landing = pages.iter().find(|p| p.path == "ja/index.html").unwrap();
        let assets = crate::assets::Assets {
            js: "sunaba-1.js".into(),
            wasm: "sunaba-1_bg.wasm".into(),
        };
        let relative = crate::document::document(landing, &assets, None);
        assert!(!relative.contains("hreflang=\"en\" href"), "{relative}");
        let absolute =
            crate::document::document(landing, &assets, Some("https://example.org/sunaba/"));
        for want in [
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/sunaba/\" />",
            "<link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.org/sunaba/ja/\" />",
        ] {
            assert!(absolute.contains(want), "{want}");
        }
    }

    #[test]
    fn the_build_renders_the_same_pages_every_time() {
        let (a, b) = (render(), render());
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.body, y.body, "{}", x.path);
        }
    }
}
