//! The frame around every page: skip link, header with navigation, language picker and user
//! menu, the confirm-email banner, the main landmark, footer and toasts. The user menu and the
//! banner, which only a signed-in person sees, come from a chunk (`signed_in`).

use leptos::html::Main;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use stylers::style_sheet;

use crate::session::{use_session, Notice};
use crate::components::icons::{IconClose, IconGlobe, IconLogo, IconMail, IconMenu};
use crate::components::lazy::{AreaPage, ShellPart};
use crate::components::signed_in::seatwise_signed_in as signed_in;
use crate::components::toast::ToastRegion;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text;

/// The scoped class of the shell styles (one `style_sheet!` so the CSS is emitted once).
fn shell_class() -> &'static str {
    let class = style_sheet!("src/components/shell.css");
    class
}

#[component]
pub fn Shell(
    /// The page.
    children: Children,
) -> impl IntoView {
    let class = shell_class();
    let i18n = use_i18n();
    let session = use_session();
    let main_ref = NodeRef::<Main>::new();
    // After a client-side navigation, start keyboard and screen-reader users at the new page's
    // content instead of wherever the old page left focus.
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path) {
            if let Some(main) = main_ref.get_untracked() {
                let _ = main.focus();
            }
        }
        path
    });
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main_ref.get() {
            let _ = main.focus();
        }
    };
    view! { class=class,
        <a class="skip-link" href="#main" on:click=skip>{tv!(i18n, core.app.skip_to_content)}</a>
        <Header />
        <Show when=move || session.signed_in() == Some(true)>
            <ShellPart load=signed_in::Banner::view />
        </Show>
        <main id="main" class="main" tabindex="-1" node_ref=main_ref>
            {children()}
        </main>
        <footer class="footer">
            <div class="container footer-inner">
                <span>{tv!(i18n, core.app.name)} " · " {tv!(i18n, core.app.tagline)}</span>
                <span>{tv!(i18n, core.app.footer)}</span>
                <A href=AppRoute::Privacy.href() attr:class=format!("footer-link {class}")>{tv!(i18n, core.app.privacy)}</A>
            </div>
        </footer>
        <ToastRegion />
    }
}

#[component]
fn Header() -> impl IntoView {
    let class = shell_class();
    let i18n = use_i18n();
    let session = use_session();
    let location = use_location();
    let menu_open = RwSignal::new(false);
    let signed_in = move || session.signed_in() == Some(true);
    let signed_out = move || session.signed_in() == Some(false);
    let has_accounts = move || {
        session
            .my_accounts()
            .is_some_and(|mine| !mine.accounts.is_empty())
    };
    let vendor_staff = move || session.my_accounts().is_some_and(|mine| mine.vendor_staff);
    let is_demo = move || matches!(session.config.get(), Some(Ok(config)) if config.mode == seatwise_api::Mode::Demo);
    // `aria-current` for the link of the area the URL is in.
    let current = move |route: AppRoute| {
        let href = route.href();
        move || {
            location
                .pathname
                .with(|path| path == &href || path.starts_with(&format!("{href}/")))
                .then_some("page")
        }
    };
    let current_prefix = move |prefix: &'static str| {
        move || {
            location
                .pathname
                .with(|path| path == prefix || path.starts_with(&format!("{prefix}/")))
                .then_some("page")
        }
    };
    let close_menu = move |_| menu_open.set(false);
    view! { class=class,
        <header class="header">
            <div class="container header-inner">
                <A href=AppRoute::Home.href() attr:class=format!("brand {class}")>
                    <IconLogo />
                    <span class="brand-name">{tv!(i18n, core.app.name)}</span>
                </A>
                {move || is_demo().then(|| view! { class=class,
                    <span class="demo-badge" title=move || ts!(i18n, core.app.demo_mode_hint)>
                        {tv!(i18n, core.app.demo_mode)}
                    </span>
                })}
                <button
                    type="button"
                    class="menu-toggle"
                    aria-controls="primary-nav"
                    aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    {move || if menu_open.get() {
                        view! { <IconClose /> }.into_any()
                    } else {
                        view! { <IconMenu /> }.into_any()
                    }}
                    <span class="visually-hidden">
                        {move || if menu_open.get() {
                            ts!(i18n, core.app.close_menu)
                        } else {
                            ts!(i18n, core.app.open_menu)
                        }}
                    </span>
                </button>
                <div class="header-panel" class:header-panel-open=move || menu_open.get()>
                    <nav id="primary-nav" class="nav" aria-label=move || ts!(i18n, core.app.main_nav)>
                        <ul class="nav-list" on:click=close_menu>
                            <Show when=move || signed_in() && has_accounts()>
                                <li>
                                    <A href=AppRoute::Accounts.href() attr:class=format!("nav-link {class}") attr:aria-current=current(AppRoute::Accounts)>
                                        {tv!(i18n, core.nav.accounts)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || signed_in() && vendor_staff()>
                                <li>
                                    <A href=AppRoute::Vendor.href() attr:class=format!("nav-link {class}") attr:aria-current=current_prefix("/vendor")>
                                        {tv!(i18n, core.nav.vendor)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=signed_in>
                                <li>
                                    <A href=AppRoute::Profile.href() attr:class=format!("nav-link {class}") attr:aria-current=current(AppRoute::Profile)>
                                        {tv!(i18n, core.nav.profile)}
                                    </A>
                                </li>
                                <li>
                                    <A href=AppRoute::Preferences.href() attr:class=format!("nav-link {class}") attr:aria-current=current(AppRoute::Preferences)>
                                        {tv!(i18n, core.nav.preferences)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=move || session.mailbox_enabled()>
                                <li>
                                    <A href=AppRoute::Mailbox.href() attr:class=format!("nav-link {class}") attr:aria-current=current(AppRoute::Mailbox)>
                                        <IconMail />
                                        {tv!(i18n, core.nav.mailbox)}
                                    </A>
                                </li>
                            </Show>
                            <Show when=signed_out>
                                <li>
                                    <A href=AppRoute::SignIn { next: None }.href() attr:class=format!("nav-link {class}") attr:aria-current=current(AppRoute::SignIn { next: None })>
                                        {tv!(i18n, core.nav.sign_in)}
                                    </A>
                                </li>
                                <li>
                                    <A href=AppRoute::SignUp.href() attr:class=format!("nav-link nav-cta {class}") attr:aria-current=current(AppRoute::SignUp)>
                                        {tv!(i18n, core.nav.sign_up)}
                                    </A>
                                </li>
                            </Show>
                        </ul>
                    </nav>
                    <div class="header-tools">
                        <LanguagePicker />
                        <Show when=signed_in>
                            <ShellPart load=signed_in::Menu::view />
                        </Show>
                    </div>
                </div>
            </div>
        </header>
    }
}

/// The language picker: switches the whole UI at once; for a signed-in user it also saves the
/// choice to the account.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let class = style_sheet!("src/components/language.css");
    let i18n = use_i18n();
    let session = use_session();
    let on_change = move |ev| {
        if let Ok(locale) = event_target_value(&ev).parse::<Locale>() {
            session.choose_locale(i18n, locale, Notice::Silent);
        }
    };
    view! { class=class,
        <div class="language">
            <label class="language-label" for="language-picker">
                <IconGlobe />
                <span class="visually-hidden">{tv!(i18n, core.language.label)}</span>
            </label>
            <select
                id="language-picker"
                class="language-select"
                on:change=on_change
                prop:value=move || i18n.get_locale().as_str()
            >
                {Locale::get_all()
                    .iter()
                    .map(|locale| {
                        let locale = *locale;
                        view! { class=class,
                            <option
                                value=locale.as_str()
                                lang=locale.as_str()
                                selected=move || i18n.get_locale() == locale
                            >
                                {move || text::language_name(i18n, locale)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
