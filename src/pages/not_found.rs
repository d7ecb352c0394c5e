//! The page for paths the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::{AppRoute, TopRoute};
use crate::text::use_page_title;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, core.not_found.title).to_string());
    view! {
        <div class="container page page-narrow">
            <div class="card card-center">
                <p class="big-code" aria-hidden="true">"404"</p>
                <h1>{tv!(i18n, core.not_found.title)}</h1>
                <p class="muted">{tv!(i18n, core.not_found.text)}</p>
                <A href=AppRoute::Home.href() attr:class="btn btn-primary">{tv!(i18n, core.not_found.home)}</A>
            </div>
        </div>
    }
}

/// The fallback of an area's own routes (`<Routes fallback=not_found_in(TopRoute::Vendor)>`):
/// the not-found page for a path of that area, nothing for a path of another. A navigation to
/// another area reaches the area's router too, just before the app's router (`app::Pages`)
/// replaces the area: it must not build a not-found page (and set its title) on the way out.
/// The path is the browser's, read without the router's contexts.
pub fn not_found_in(area: TopRoute) -> impl FnOnce() -> AnyView + Clone + Send + 'static {
    move || {
        let path = window().location().pathname().unwrap_or_default();
        if TopRoute::of(&path) == area {
            view! { <NotFound /> }.into_any()
        } else {
            ().into_any()
        }
    }
}
