//! The app root: providers (i18n, session, toasts) and the router.

use leptos::prelude::*;
use leptos_router::{components::Router, hooks::use_location};

use crate::components::shell::Shell;
use crate::components::toast::Toasts;
use crate::i18n::*;
use crate::components::lazy::{area_view, AreaPage};
use crate::pages::{
    account::seatwise_account as account, auth, auth::seatwise_sign_up as sign_up,
    personal::seatwise_personal as personal, vendor::seatwise_backoffice as backoffice, Home,
};
use crate::routes::{paths, TopRoute};
use crate::session::{use_session, Session};
use crate::texts;

#[component]
pub fn App() -> impl IntoView {
    // leptos_i18n's context without its provider component, which sets `<html lang dir>`
    // through leptos_meta (about 13 KB of the first download for one attribute): the effect
    // below sets `lang` (all our languages are written left to right).
    let i18n = leptos_i18n::context::init_i18n_context::<Locale>();
    provide_context(i18n);
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", i18n.get_locale().as_str());
        }
    });
    view! { <Providers /> }
}

/// Everything below the i18n context: session, toasts, the saved language, the router. Nothing
/// is shown before the shell's texts are here in the first language, but who is signed in is
/// asked at once, beside the texts and the first page's chunks.
#[component]
fn Providers() -> impl IntoView {
    let i18n = use_i18n();
    // The last choice made before signing in (our cookie, which the server reads too) wins
    // over the browser's languages. Set from an effect: the provider's own first effect sets
    // the browser's language, and effects run in the order they were made.
    let first = texts::saved_locale().unwrap_or_else(|| i18n.get_locale_untracked());
    Effect::new(move |done: Option<()>| {
        if done.is_none() && i18n.get_locale_untracked() != first {
            i18n.set_locale(first);
        }
    });
    Effect::new(move |_| texts::remember_locale(i18n.get_locale()));
    let toasts = Toasts::new(i18n);
    provide_context(toasts);
    provide_context(Session::new(toasts, i18n));
    let core = LocalResource::new(move || texts::load(first, &[texts::Ns::Core]));
    preload_first_page(first);
    move || match core.get() {
        None => ().into_any(),
        Some(Ok(())) => view! { <Portal /> }.into_any(),
        Some(Err(_)) => view! { <texts::TextsUnavailableNotice retry=Callback::new(move |_| core.refetch()) /> }.into_any(),
    }
}

/// A page opened directly (a bookmark, a mailed link, a reload) fetches its area's chunks and
/// texts at once, alongside the shell's texts, instead of one after the other as the app's
/// router and then the area's router reach them. Other pages are fetched when first visited.
/// The paths mirror the routes of `pages/account/routes.rs` and `pages/vendor/routes.rs`, which
/// live in their areas' chunks and so cannot be asked before those arrive.
/// The home pages and support pages are left to the areas' routers: each chunk named here costs
/// the first download its loader, and people reach those pages from within the app (after
/// signing in, from a tab) far more often than by loading them directly.
fn preload_first_page(locale: Locale) {
    use crate::pages::{
        accounts::{
            seatwise_activity as activity, seatwise_import as import, seatwise_invitations as invitations,
            seatwise_member as member, seatwise_seats as seats, seatwise_teams as teams, seatwise_users as users,
        },
        billing::seatwise_contracts as contracts,
        reports::{seatwise_devices as devices, seatwise_reports as reports},
        products::{
            seatwise_packages as packages, seatwise_product as product, seatwise_requests as requests,
            seatwise_software as software, seatwise_trials as trials,
        },
        vendor::{
            seatwise_catalogue as catalogue, seatwise_prices as prices, seatwise_queue as queue, seatwise_vendor as vendor,
        },
    };
    use crate::components::lazy::preload_page;
    fn page<P: AreaPage>() -> Option<(fn() -> PreloadFuture, &'static [texts::Ns])> {
        Some((P::preload, P::TEXTS))
    }
    type PreloadFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;
    use paths::*;
    let path = window().location().pathname().unwrap_or_default();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (area, inner) = match segments.as_slice() {
        [ACCOUNTS, rest @ ..] => {
            let inner = match rest {
                [_, USERS] => page::<users::Users>(),
                [_, USERS, _] => page::<member::Member>(),
                [_, PRODUCTS, ..] => page::<seats::Products>(),
                [_, TEAMS] => page::<teams::Teams>(),
                [_, INVITATIONS] => page::<invitations::Invitations>(),
                [_, IMPORT] => page::<import::Import>(),
                [_, ACTIVITY] => page::<activity::Activity>(),
                [_, SOFTWARE] => page::<software::Software>(),
                [_, SOFTWARE, _] => page::<product::Product>(),
                [_, SOFTWARE, _, REQUEST, _] | [_, REQUESTS] => page::<requests::Requests>(),
                [_, TRIALS] => page::<trials::Trials>(),
                [_, PACKAGES, ..] => page::<packages::Packages>(),
                [_, SUBSCRIPTIONS, _] => page::<seats::Products>(),
                [_, SUBSCRIPTIONS] | [_, INVOICES, _] => page::<contracts::Contracts>(),
                [_, REPORTS] => page::<reports::Reports>(),
                [_, DEVICES] => page::<devices::Devices>(),
                _ => None,
            };
            (page::<account::Area>(), inner)
        }
        [SIGN_UP] => (page::<sign_up::SignUp>(), None),
        [VENDOR, rest @ ..] => {
            let inner = match rest {
                [ACCOUNTS, ..] => page::<vendor::Accounts>(),
                [PRODUCTS, ..] => page::<catalogue::Catalogue>(),
                [REQUESTS] => page::<queue::Queue>(),
                [PRICES] => page::<prices::Prices>(),
                [INVOICES] => page::<contracts::Contracts>(),
                _ => None,
            };
            (page::<backoffice::Area>(), inner)
        }
        _ => (None, None),
    };
    // The signed-in parts of the shell, on the pages of signed-in people.
    let members_only = segments.first().is_some_and(|s| [ACCOUNTS, VENDOR, PROFILE, PREFERENCES, SECURITY].contains(s));
    let signed_in = members_only.then(page::<crate::components::signed_in::seatwise_signed_in::Menu>).flatten();
    for (chunk, namespaces) in area.into_iter().chain(inner).chain(signed_in) {
        leptos::task::spawn_local(preload_page(chunk(), namespaces, locale));
    }
}

/// The portal once the shell can speak.
#[component]
fn Portal() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();

    // A signed-in user's saved language wins, once per account that signs in.
    let applied_for = StoredValue::new(None::<String>);
    Effect::new(move |_| match session.user() {
        Some(me) => {
            if applied_for.get_value().as_deref() != Some(me.account_id.as_str()) {
                applied_for.set_value(Some(me.account_id.clone()));
                if let Ok(locale) = me.locale.parse::<Locale>() {
                    if locale != i18n.get_locale_untracked() {
                        leptos::task::spawn_local(async move {
                            let _ = texts::switch_locale(i18n, locale).await;
                        });
                    }
                }
            }
        }
        None => applied_for.set_value(None),
    });

    view! {
        <Router>
            <Shell>
                <Pages />
            </Shell>
        </Router>
    }
}

/// The app's routes: home and sign-in are in the first download; every other area is a chunk
/// of its own with its own routes, fetched when first opened (sign-up; accounts; the back
/// office; the rest: personal pages, mailbox, privacy, invitation, mailed links, not found).
/// One match on the path's first segment (`TopRoute`) rather than a route tree: the router's
/// matching and views for nested routes stay out of the first download.
#[component]
fn Pages() -> impl IntoView {
    fn area<P: AreaPage>() -> AnyView {
        area_view(P::view, P::TEXTS)
    }
    let location = use_location();
    let route = RwSignal::new(TopRoute::of(&location.pathname.get_untracked()));
    // A navigation reaches the page being left too (its own router, links that mark the current
    // page): those effects run first, while the page is still whole, and the switch comes in
    // the next microtask, before anything is painted. Taken down at once, the page's effects
    // could still run once and find its signals gone.
    Effect::new(move |_| {
        let next = TopRoute::of(&location.pathname.get());
        if next != route.get_untracked() {
            queue_microtask(move || route.set(next));
        }
    });
    move || match route.get() {
        TopRoute::Home => view! { <Home /> }.into_any(),
        TopRoute::SignIn => view! { <auth::SignIn /> }.into_any(),
        TopRoute::SignUp => area::<sign_up::SignUp>(),
        TopRoute::Accounts => area::<account::Area>(),
        TopRoute::Vendor => area::<backoffice::Area>(),
        TopRoute::Other => area::<personal::Area>(),
    }
}
