//! The site's own pages around the playground: the landing page and the "not found" page.
//! They are rendered once, at build time (`crates/site`), and need no Wasm in the browser.

pub mod landing;
pub mod not_found;
mod text;

use yew::prelude::*;

use crate::course::SitePaths;
use crate::strings::Lang;
use text::{SiteText, EN, JA};

fn text(lang: Lang) -> &'static SiteText {
    lang.pick(&EN, &JA)
}

#[derive(Properties, PartialEq)]
pub struct ChromeProps {
    pub lang: Lang,
    pub paths: SitePaths,
    /// The same page in the other language (the language switch's link).
    pub other_lang_href: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

/// The site's header (brand, the site's sections, the language switch) and footer around a
/// page's content.
#[function_component(SiteChrome)]
pub fn site_chrome(props: &ChromeProps) -> Html {
    let t = text(props.lang);
    let p = &props.paths;
    let other = match props.lang {
        Lang::En => Lang::Ja,
        Lang::Ja => Lang::En,
    };
    html! {
        <div class="sunaba sb-site" lang={props.lang.tag()}>
            <a class="sb-skip" href="#main">{ t.skip }</a>
            <header class="sb-site-head">
                <a class="sb-site-brand" href={p.landing(props.lang)}>{ "Sunaba " }<span>{ "砂場" }</span></a>
                <nav aria-label={t.nav_label} class="sb-site-nav">
                    <a href={p.playground()}>{ t.nav_playground }</a>
                    <a href={p.lessons()}>{ t.nav_lessons }</a>
                    <a href={p.embedding()}>{ t.nav_instructors }</a>
                    <a href={props.other_lang_href.clone()} lang={other.tag()} hreflang={other.tag()}>{ other.native_name() }</a>
                </nav>
            </header>
            <main id="main">{ props.children.clone() }</main>
            <footer class="sb-site-foot">
                <p>{ t.footer }</p>
            </footer>
        </div>
    }
}
