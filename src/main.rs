//! Seatwise web app: a client-side Leptos portal, built by Trunk.

mod api;
mod app;
mod components;
mod intl;
mod pages;
mod routes;
mod text;

// Locales are configured in Cargo.toml ([package.metadata.leptos-i18n]); the macro is marked
// deprecated in favour of a build-script generator, which the project does not use.
#[allow(deprecated)]
mod i18n_gen {
    leptos_i18n::load_locales!();
}
pub use i18n_gen::i18n;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
