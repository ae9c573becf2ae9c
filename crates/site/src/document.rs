//! The HTML document around a page's first view: the head every page shares (CSP, metadata,
//! the stylesheet, the service worker's registration) and, on pages the Wasm takes over, the
//! preload of the Wasm's module and the element it takes over.

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::assets::Assets;
use crate::pages::{Page, Takeover};

/// The Content-Security-Policy every page carries in a `<meta>` (a host adds it as a header as
/// well, with `frame-ancestors`, which a `<meta>` cannot set): no inline script or style, no
/// plugins, no `<base>`; `'wasm-unsafe-eval'` only lets the page compile its own Wasm.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
base-uri 'none'; form-action 'self'";

/// The page's HTML. `site_url` is the site's address when the build was told it
/// (`SUNABA_SITE_URL`): only then are the page's other languages linked (`hreflang`), since
/// those links must be absolute; every other address stays relative.
pub fn document(page: &Page, assets: &Assets, site_url: Option<&str>) -> String {
    let root = &page.root;
    let mut head = String::new();
    for (lang, path) in site_url.map_or(&[][..], |_| &page.alternates) {
        head += &format!(
            "\n    <link rel=\"alternate\" hreflang=\"{}\" href=\"{}{}\" />",
            lang.tag(),
            attr(site_url.unwrap_or_default()),
            attr(path)
        );
    }
    let wasm_page = page.takeover != Takeover::Static;
    if wasm_page {
        // The module downloads with the page. The Wasm is fetched by boot.js once the page has
        // been painted: a download finished before the first paint puts the whole Wasm before
        // the largest paint in Lighthouse's simulated load (LCP 17 s instead of 1–2 s).
        head += &format!(
            "\n    <link rel=\"modulepreload\" href=\"{root}{js}\" />\
             \n    <script type=\"module\" src=\"{root}boot.js\"></script>",
            js = assets.js,
        );
    }
    let app = match &page.takeover {
        Takeover::Static => None,
        Takeover::Playground => Some(("playground", String::new())),
        Takeover::Lessons => Some(("lessons", String::new())),
        Takeover::Lesson(id) => Some(("lesson", format!(" data-lesson=\"{}\"", attr(id)))),
    };
    let body = match app {
        None => page.body.clone(),
        Some((name, lesson)) => format!(
            "<div id=\"sunaba-app\" class=\"sunaba-root\" data-page=\"{name}\"{lesson} data-root=\"{root}\">\
             <div>{body}</div></div>\n    \
             <noscript><p class=\"sb-boot\">Sunaba needs JavaScript and WebAssembly to run the playground. \
             <span lang=\"ja\">プレイグラウンドの実行には JavaScript と WebAssembly が必要です。</span></p></noscript>",
            body = page.body
        ),
    };
    if let Some(script) = page.script {
        head += &format!("\n    <script type=\"module\" src=\"{root}{script}\"></script>");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n  <head>\n    <meta charset=\"utf-8\" />\
         \n    <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\
         \n    <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\" />\
         \n    <title>{title}</title>\
         \n    <meta name=\"description\" content=\"{description}\" />\
         \n    <meta name=\"theme-color\" content=\"#f6f4ef\" />\
         \n    <link rel=\"icon\" href=\"data:,\" />\
         \n    <link rel=\"stylesheet\" href=\"{root}style.css\" />{head}\
         \n    <script type=\"module\" src=\"{root}sw-register.js\"></script>\
         \n  </head>\n  <body>\n    {body}\n  </body>\n</html>\n",
        lang = page.lang.tag(),
        csp = attr(CSP),
        title = text(&page.title),
        description = attr(&page.description),
    )
}
