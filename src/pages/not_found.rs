//! The page for paths the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::AppRoute;
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
