//! The 404 page: says so in both languages and leads back into the site. A host serves it for
//! any missing address while the browser resolves its links from that address, and no page
//! can know its depth (the CSP forbids `<base>`): the links are written for the site's top
//! level, where mistyped addresses mostly are.

use yew::prelude::*;

use super::{text, SiteChrome};
use crate::course::SitePaths;
use crate::strings::Lang;

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    pub paths: SitePaths,
}

#[function_component(NotFound)]
pub fn not_found(props: &NotFoundProps) -> Html {
    let (en, ja) = (text(Lang::En), text(Lang::Ja));
    let p = &props.paths;
    html! {
        <SiteChrome lang={Lang::En} paths={p.clone()} other_lang_href={p.landing(Lang::Ja)}>
            <section class="sb-not-found">
                <h1>{ en.not_found_title }</h1>
                <p>{ en.not_found_body }</p>
                <p lang="ja">{ ja.not_found_title }{ " " }{ ja.not_found_body }</p>
                <p class="sb-hero-actions">
                    <a class="sb-btn sb-primary" href={p.landing(Lang::En)}>{ en.home }</a>
                    <a class="sb-btn" href={p.playground()}>{ en.open_playground }</a>
                    <a class="sb-btn" href={p.lessons()}>{ en.start_workshop }</a>
                </p>
            </section>
        </SiteChrome>
    }
}
