//! The landing page: what Sunaba is, a picture of it, and the three ways in (the playground,
//! the workshop's lessons, the instructors' embedding guide).

use yew::prelude::*;

use super::{text, SiteChrome};
use crate::course::SitePaths;
use crate::strings::Lang;

#[derive(Properties, PartialEq)]
pub struct LandingProps {
    pub lang: Lang,
    pub paths: SitePaths,
}

#[function_component(Landing)]
pub fn landing(props: &LandingProps) -> Html {
    let t = text(props.lang);
    let p = &props.paths;
    let other = match props.lang {
        Lang::En => p.landing(Lang::Ja),
        Lang::Ja => p.landing(Lang::En),
    };
    html! {
        <SiteChrome lang={props.lang} paths={p.clone()} other_lang_href={other}>
            <section class="sb-hero" aria-labelledby="sb-hero-title">
                <div class="sb-hero-text">
                    <h1 id="sb-hero-title">{ t.title }</h1>
                    <p class="sb-hero-lede">{ t.lede }</p>
                    <p class="sb-hero-actions">
                        <a class="sb-btn sb-primary sb-big" href={p.playground()} data-testid="open-playground">{ t.open_playground }</a>
                        <a class="sb-btn sb-big" href={p.lessons()} data-testid="start-workshop">{ t.start_workshop }</a>
                    </p>
                    <p class="sb-hero-note">{ t.no_account }</p>
                </div>
                <img class="sb-hero-picture" src={format!("{}img/playground.webp", p.root)}
                    width="960" height="675" alt={t.picture_alt} />
            </section>
            <section class="sb-ideas" aria-labelledby="sb-ideas-title">
                <h2 id="sb-ideas-title">{ t.ideas_title }</h2>
                <ul class="sb-idea-list">
                    { for t.ideas.iter().map(|(title, body)| html! {
                        <li class="sb-idea"><h3>{ *title }</h3><p>{ *body }</p></li>
                    }) }
                </ul>
            </section>
            <section class="sb-instructors" aria-labelledby="sb-instructors-title">
                <h2 id="sb-instructors-title">{ t.instructors_title }</h2>
                <ul class="sb-instructor-list">
                    { for t.instructors.iter().map(|line| html! { <li>{ with_code(line) }</li> }) }
                </ul>
                <p><a class="sb-btn" href={p.embedding()} data-testid="for-instructors">{ t.embedding_guide }</a></p>
            </section>
        </SiteChrome>
    }
}

/// A line of the site's text with each `command` between backticks shown as code.
fn with_code(line: &str) -> Html {
    line.split('`')
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => html! { { part } },
            _ => html! { <code>{ part }</code> },
        })
        .collect()
}
