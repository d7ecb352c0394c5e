//! The interface texts, fetched per language and namespace when first needed (leptos_i18n's
//! `dynamic_load`): `/i18n/<digest>/<namespace>/<language>.json`, cached for good since the
//! digest changes with the texts.
//!
//! `t!` renders a text as a view and fills it in when its namespace arrives. For the places that
//! need a `String` (attributes, toasts, formatted values) [`ts!`](crate::ts) gives the text at
//! once when its namespace is loaded, and otherwise an empty string for the moment and a fetch
//! that re-runs the reader when it lands. Areas load their namespaces before they render
//! ([`load`]), and a language switch loads the new language's namespaces before it switches
//! ([`switch_locale`]), so nobody sees a text missing.

use std::{cell::RefCell, collections::HashSet};

use futures::FutureExt;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::*;

/// The namespaces: one per portal area, `Core` for the shell and what every page uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ns {
    Core,
    Privacy,
    Invitation,
    Accounts,
    Software,
    Vendor,
}

impl Ns {
    pub fn as_str(self) -> &'static str {
        match self {
            Ns::Core => "core",
            Ns::Privacy => "privacy",
            Ns::Invitation => "invitation",
            Ns::Accounts => "accounts",
            Ns::Software => "software",
            Ns::Vendor => "vendor",
        }
    }

    fn parse(s: &str) -> Option<Ns> {
        [Ns::Core, Ns::Privacy, Ns::Invitation, Ns::Accounts, Ns::Software, Ns::Vendor]
            .into_iter()
            .find(|n| n.as_str() == s)
    }
}

/// Where build.rs put the texts (`/i18n/<digest>`).
pub const TEXTS_DIR: &str = env!("SEATWISE_TEXTS_DIR");

/// The texts could not be fetched (network down, a deploy in between).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextsUnavailable;

thread_local! {
    /// Namespaces whose texts are here, per language.
    static LOADED: RefCell<HashSet<(Locale, Ns)>> = RefCell::new(HashSet::new());
    /// Fetches started by `ts!` for a missing namespace.
    static REQUESTED: RefCell<HashSet<(Locale, Ns)>> = RefCell::new(HashSet::new());
    /// Bumped whenever texts arrive: readers of `ts!` track it.
    static ARRIVED: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

fn arrived() -> ArcRwSignal<u64> {
    ARRIVED.with(Clone::clone)
}

pub fn is_loaded(locale: Locale, ns: Ns) -> bool {
    LOADED.with(|l| l.borrow().contains(&(locale, ns)))
}

/// Fills leptos_i18n's cache for one namespace and language: a text of it is asked for, which
/// fetches the whole namespace.
async fn fill_cache(locale: Locale, ns: Ns) {
    match ns {
        Ns::Core => drop(td_string!(locale, core.app.name).await),
        Ns::Privacy => drop(td_string!(locale, privacy.privacy.title).await),
        Ns::Invitation => drop(td_string!(locale, invitation.invitation.title).await),
        Ns::Accounts => drop(td_string!(locale, accounts.accounts.title).await),
        Ns::Software => drop(td_string!(locale, software.products.title).await),
        Ns::Vendor => drop(td_string!(locale, vendor.vendor.title).await),
    }
}

/// Loads the namespaces for `locale`. The file is fetched first by us: leptos_i18n's own
/// fetch treats a failure as fatal, and ours puts the file in the browser's cache, from which
/// leptos_i18n then reads it.
pub async fn load(locale: Locale, namespaces: &[Ns]) -> Result<(), TextsUnavailable> {
    let missing: Vec<Ns> = namespaces.iter().copied().filter(|ns| !is_loaded(locale, *ns)).collect();
    let checks = missing.iter().map(|ns| async move {
        let url = format!("{TEXTS_DIR}/{}/{}.json", ns.as_str(), locale.as_str());
        match gloo_net::http::Request::get(&url).send().await {
            Ok(r) if r.ok() => Ok(()),
            _ => Err(TextsUnavailable),
        }
    });
    futures::future::try_join_all(checks).await?;
    if missing.is_empty() {
        return Ok(());
    }
    for ns in missing {
        fill_cache(locale, ns).await;
        LOADED.with(|l| l.borrow_mut().insert((locale, ns)));
    }
    // Only the readers that found their text missing listen (see `ready`).
    arrived().update(|n| *n += 1);
    Ok(())
}

/// Switches the interface language once the texts in use are here in the new language, so
/// the switch is instant and complete; the second time it is instant from the start.
pub async fn switch_locale(i18n: I18nContext<Locale>, locale: Locale) -> Result<(), TextsUnavailable> {
    let current = i18n.get_locale_untracked();
    let in_use: Vec<Ns> = LOADED.with(|l| l.borrow().iter().filter(|(l, _)| *l == current).map(|(_, ns)| *ns).collect());
    load(locale, &in_use).await?;
    i18n.set_locale(locale);
    Ok(())
}

/// The value of a `t_string!` future if its texts are here; otherwise the default for now, and
/// a fetch of the namespace that re-runs the caller (it tracks [`ARRIVED`]) when it lands.
/// A text that is here never changes for its language, so only a missing one listens for
/// arrivals: an arrival re-runs nothing that was complete (no form is rebuilt under the
/// person typing in it).
pub fn ready<T: Default, F: std::future::Future<Output = T>>(i18n: I18nContext<Locale>, ns: &'static str, fut: F) -> T {
    let fut = std::pin::pin!(fut);
    match fut.now_or_never() {
        Some(value) => value,
        None => {
            arrived().track();
            missing(i18n, ns);
            T::default()
        }
    }
}

/// A text of `ns` was asked for before the namespace arrived: fetch it (once).
fn missing(i18n: I18nContext<Locale>, ns: &'static str) {
    let locale = i18n.get_locale_untracked();
    let Some(ns) = Ns::parse(ns) else { return };
    let first = REQUESTED.with(|r| r.borrow_mut().insert((locale, ns)));
    if first {
        leptos::task::spawn_local(async move {
            if load(locale, &[ns]).await.is_err() {
                // Let a later reader try again.
                REQUESTED.with(|r| r.borrow_mut().remove(&(locale, ns)));
            }
        });
    }
}

/// A text as a `String`-like value, for attributes and code: `ts!(i18n, core.sign_in.title)`,
/// `ts!(i18n, core.errors.field_line, field = name, message = text)`. Reactive like
/// `t_string!`; see the module documentation for texts not yet loaded.
#[macro_export]
macro_rules! ts {
    ($i18n:expr, $ns:ident . $($rest:tt)+) => {
        $crate::texts::ready($i18n, stringify!($ns), $crate::i18n::t_string!($i18n, $ns . $($rest)+))
    };
}

/// The text of a count in the language's plural form (`one`, `two`, `few` or `other`, chosen by
/// `Intl.PluralRules`), with `count` filled in as a number of the language:
/// `ts_plural!(i18n, n, core.mailbox.count)`; more values as in `ts!`.
#[macro_export]
macro_rules! ts_plural {
    ($i18n:expr, $n:expr, $ns:ident . $($path:ident).+ $(, $k:ident = $v:expr)* $(,)?) => {{
        let n: usize = $n;
        let count = $crate::text::number($i18n, n);
        match $crate::intl::plural_category($crate::text::tag($i18n), n as f64).as_str() {
            "one" => $crate::ts!($i18n, $ns.$($path).+.one, count = count $(, $k = $v)*).to_string(),
            "two" => $crate::ts!($i18n, $ns.$($path).+.two, count = count $(, $k = $v)*).to_string(),
            "few" => $crate::ts!($i18n, $ns.$($path).+.few, count = count $(, $k = $v)*).to_string(),
            _ => $crate::ts!($i18n, $ns.$($path).+.other, count = count $(, $k = $v)*).to_string(),
        }
    }};
}

/// The language chosen last before signing in (the cookie the server reads too).
pub fn saved_locale() -> Option<Locale> {
    use wasm_bindgen::JsCast;
    let doc: web_sys::HtmlDocument = document().dyn_into().ok()?;
    let cookies = doc.cookie().ok()?;
    cookies
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == seatwise_api::LOCALE_COOKIE)
        .and_then(|(_, v)| v.parse().ok())
}

/// Keeps the language choice for next time, on the whole site for a year.
pub fn remember_locale(locale: Locale) {
    use wasm_bindgen::JsCast;
    if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", seatwise_api::LOCALE_COOKIE, locale.as_str());
        let _ = doc.set_cookie(&cookie);
    }
}

/// Shown when not even the shell's texts could be fetched: the one message that has to be in
/// the code, in each interface language.
#[component]
pub fn TextsUnavailableNotice(
    /// Tries again.
    retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (message, again) = match i18n.get_locale_untracked() {
        Locale::zh_TW => ("無法載入頁面。請檢查網路連線後再試一次。", "再試一次"),
        Locale::sl => ("Strani ni bilo mogoče naložiti. Preverite povezavo in poskusite znova.", "Poskusi znova"),
        Locale::en => ("The page could not be loaded. Check your connection and try again.", "Try again"),
    };
    view! {
        <main id="main" class="container page page-narrow">
            <div class="alert alert-error" role="alert">
                <p>{message}</p>
                <button type="button" class="btn btn-primary" on:click=move |_| retry.run(())>{again}</button>
            </div>
        </main>
    }
}

/// A text as reactive view content: `{tv!(i18n, core.sign_in.title)}`. It follows the language
/// and fills in when its namespace arrives. An `ArcSignal<String>`, one type for every text: a
/// closure per text would make the renderer's code over again for each (and leptos_i18n's `t!`
/// costs an `AsyncDerived` per call site). Reference-counted, not owned by the component that
/// made it: a suspense fallback can outlive its owner and still be on screen for a moment.
#[macro_export]
macro_rules! tv {
    ($i18n:expr, $($rest:tt)+) => {
        ::leptos::prelude::ArcSignal::derive(move || $crate::ts!($i18n, $($rest)+).to_string())
    };
}
