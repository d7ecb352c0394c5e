//! Portal areas as chunks loaded on demand. Each area's pages are reached only through split
//! functions of one wasm_split module (`area_pages!`), so cargo-leptos moves the area's code into
//! its own `.wasm` file, fetched the first time a route of the area opens, together with the
//! area's texts. When the fetch fails (network down, a deploy in between), the page says so in
//! the person's language and offers Retry; nothing is cached for a failure, so Retry fetches
//! again.
//!
//! leptos 0.8's own `#[lazy_route]` cannot do this: a failed chunk panics there. The split
//! points here are wasm_split's `fallible` ones, which report the failure as a value.

use std::{future::Future, pin::Pin};

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::components::load::Loading;
use crate::i18n::*;
use crate::texts::{self, Ns};

/// An area's chunk could not be fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkLoadError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkLoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkLoadError
    }
}

/// A page's view, from its area's chunk.
pub type PageFuture = Pin<Box<dyn Future<Output = Result<AnyView, ChunkLoadError>>>>;

/// One page of an area: how to get its view, and which texts it reads.
pub trait AreaPage: Send + Sync + 'static {
    /// The page's view, once the area's chunk is here.
    fn view() -> PageFuture;
    /// The area's chunk, fetched ahead (while the router waits to switch pages).
    fn preload() -> Pin<Box<dyn Future<Output = ()>>>;
    /// The text namespaces the page needs.
    const TEXTS: &'static [Ns];
}

/// A route to a page of an area: `view={Lazy::<Page<users::Users>>::new()}`.
pub struct Page<P>(std::marker::PhantomData<P>);

impl<P: AreaPage> LazyRoute for Page<P> {
    fn data() -> Self {
        Page(std::marker::PhantomData)
    }

    fn view(_this: Self) -> impl Future<Output = AnyView> {
        std::future::ready(area_view(P::view, P::TEXTS))
    }

    /// The router awaits this before it leaves the current page, so the new one appears whole.
    /// Failures are left to `view`, which offers Retry.
    fn preload() -> impl Future<Output = ()> {
        send_wrapper::SendWrapper::new(preload_area(P::preload(), P::TEXTS))
    }
}

// The work of `Page<P>` in functions that are not generic: one copy of the code for every page.

/// An area's page, once its chunk and texts are here (`AreaView`).
///
/// An area's router builds a page in a task of its own, after the page's chunk has come. By then
/// the person may have left the area (a click while the chunk came): the router still builds
/// the page, under the area's owner, which is gone with the app's contexts. Nothing is built
/// there; the page the person went to is already showing.
pub fn area_view(load: fn() -> PageFuture, texts: &'static [Ns]) -> AnyView {
    if use_context::<leptos_i18n::I18nContext<Locale>>().is_none() {
        return ().into_any();
    }
    view! { <AreaView load=load texts=texts /> }.into_any()
}

fn preload_area(chunk: Pin<Box<dyn Future<Output = ()>>>, namespaces: &'static [Ns]) -> Pin<Box<dyn Future<Output = ()>>> {
    match use_context::<leptos_i18n::I18nContext<Locale>>().map(|i| i.get_locale_untracked()) {
        Some(locale) => Box::pin(preload_page(chunk, namespaces, locale)),
        None => chunk,
    }
}

/// Fetches an area's chunk, its texts in `locale` and the areas' styles, side by side. Failures
/// are left to the page, which offers Retry (a failed fetch is not remembered).
pub async fn preload_page(chunk: Pin<Box<dyn Future<Output = ()>>>, namespaces: &'static [Ns], locale: Locale) {
    let texts = async {
        let _ = texts::load(locale, namespaces).await;
    };
    let styles = async {
        let _ = area_styles().await;
    };
    futures::join!(chunk, texts, styles);
}

/// The areas' stylesheet (build.rs: style/portal.css and the component styles only areas use),
/// kept out of the first download under a name that changes with its content.
const AREA_STYLES: &str = env!("SEATWISE_AREA_STYLES");

type StylesFuture = futures::future::Shared<Pin<Box<dyn Future<Output = Result<(), ChunkLoadError>>>>>;

thread_local! {
    /// The areas' stylesheet, linked or on its way; `None` before the first area and after a
    /// failure.
    static AREA_STYLESHEET: std::cell::RefCell<Option<StylesFuture>> = const { std::cell::RefCell::new(None) };
}

/// Links the areas' stylesheet once, and completes when the browser has applied it: an area
/// waits for it before it shows, so nothing appears unstyled. When it cannot be fetched, the
/// link goes away and the next call (an area's Retry) tries again.
pub fn area_styles() -> StylesFuture {
    use futures::FutureExt;
    AREA_STYLESHEET.with(|s| {
        s.borrow_mut()
            .get_or_insert_with(|| {
                let linking: Pin<Box<dyn Future<Output = Result<(), ChunkLoadError>>>> = Box::pin(link_area_styles());
                linking.shared()
            })
            .clone()
    })
}

async fn link_area_styles() -> Result<(), ChunkLoadError> {
    use wasm_bindgen::{closure::Closure, JsCast};
    let document = document();
    let link = document.create_element("link").map_err(|_| ChunkLoadError)?;
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", AREA_STYLES);
    let (done, outcome) = futures::channel::oneshot::channel::<bool>();
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let on = |loaded: bool| {
        let done = done.clone();
        Closure::<dyn Fn()>::new(move || {
            if let Some(done) = done.take() {
                let _ = done.send(loaded);
            }
        })
    };
    let (on_load, on_error) = (on(true), on(false));
    let _ = link.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
    let _ = link.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    // Before the first download's component styles, so that they come later in the cascade, as
    // when all were one file: `.field.<scope>` (form.css) wins over `.toolbar .field` (portal.css).
    let placed = match document.query_selector("link[href^='/stylers.']").ok().flatten() {
        Some(eager) => eager.before_with_node_1(&link),
        None => document.query_selector("head").ok().flatten().ok_or_else(Default::default).and_then(|head| head.append_child(&link).map(drop)),
    };
    let loaded = placed.is_ok() && outcome.await.unwrap_or(false);
    drop((on_load, on_error));
    if loaded {
        Ok(())
    } else {
        link.remove();
        AREA_STYLESHEET.with(|s| s.borrow_mut().take());
        Err(ChunkLoadError)
    }
}

/// Renders a page of an area once its chunk, texts and the areas' styles are here; offers Retry
/// when they cannot be fetched.
#[component]
pub fn AreaView(
    /// The page's view (from the area's chunk).
    load: fn() -> PageFuture,
    /// The texts it needs.
    texts: &'static [Ns],
) -> impl IntoView {
    let i18n = use_i18n();
    let attempt = RwSignal::new(0u32);
    let retry = Callback::new(move |_| attempt.update(|n| *n += 1));
    view! {
        <Suspense fallback=Loading>
            {move || {
                attempt.track();
                let locale = i18n.get_locale_untracked();
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    let (view, loaded, styled) = futures::join!(load(), texts::load(locale, texts), area_styles());
                    first_load_pause().await;
                    match (view, loaded, styled) {
                        (Ok(view), Ok(()), Ok(())) => view,
                        _ => view! { <AreaUnavailable retry=retry /> }.into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

thread_local! {
    /// Whether a page of an area has been painted since the app started.
    static PAINTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While the app opens, lets the browser paint what is built before an area's page is: the
/// account's frame (its name, the largest text on screen) shows before the page under it is
/// built, in a task of its own, instead of both in one long task. Later pages open at once (a
/// pause would show the loading line for a frame on every click).
async fn first_load_pause() {
    if PAINTED.with(|p| p.get()) {
        return;
    }
    let (done, paused) = futures::channel::oneshot::channel::<()>();
    let done = std::rc::Rc::new(std::cell::Cell::new(Some(done)));
    let finish = move || {
        if let Some(done) = done.take() {
            let _ = done.send(());
        }
    };
    // After the next frame is painted; or soon anyway, in a tab that paints no frames (hidden).
    let after_frame = finish.clone();
    request_animation_frame(move || set_timeout(after_frame, std::time::Duration::ZERO));
    set_timeout(finish, std::time::Duration::from_millis(100));
    let _ = paused.await;
    request_animation_frame(|| PAINTED.with(|p| p.set(true)));
}

/// A part of the shell from a chunk (the signed-in parts, `components::signed_in`), with the
/// areas' styles: nothing while they come. A part whose chunk cannot be fetched stays away and is tried again on the
/// next page (the page itself says when the network is down).
#[component]
pub fn ShellPart(
    /// The part's view (from its chunk).
    load: fn() -> PageFuture,
) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let failed = RwSignal::new(false);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                if failed.get() {
                    location.pathname.track();
                }
                Suspend::new(send_wrapper::SendWrapper::new(async move {
                    let (view, styled) = futures::join!(load(), area_styles());
                    let view = view.ok().filter(|_| styled.is_ok());
                    if failed.get_untracked() != view.is_none() {
                        failed.set(view.is_none());
                    }
                    view
                }))
            }}
        </Suspense>
    }
}

/// The area could not be fetched: say so and offer to try again.
#[component]
fn AreaUnavailable(
    /// Fetches again.
    retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="container page">
            <div class="alert alert-error load-failed" role="alert">
                <p class="alert-title">{tv!(i18n, core.app.area_failed_title)}</p>
                <p>{tv!(i18n, core.app.area_failed)}</p>
                <div class="form-actions">
                    <button type="button" class="btn btn-primary" on:click=move |_| retry.run(())>
                        {tv!(i18n, core.app.retry)}
                    </button>
                    <button type="button" class="btn btn-secondary" on:click=|_| { let _ = window().location().reload(); }>
                        {tv!(i18n, core.app.reload)}
                    </button>
                </div>
            </div>
        </div>
    }
}

/// Declares the pages of one area (one chunk), in a module named after the chunk: for each, a
/// split function that renders it (its name given, unique in the crate) and a marker type for
/// [`Page`].
///
/// ```ignore
/// area_pages! { seatwise_vendor, [Ns::Vendor, Ns::Accounts];
///     VendorAccounts(vendor_accounts_view) => VendorAccountsPage,
/// }
/// ```
#[macro_export]
macro_rules! area_pages {
    ($module:ident, $texts:expr; $($marker:ident($split:ident) => $component:ident),+ $(,)?) => {
        /// The pages of this area's chunk, as routes (`Lazy::<Page<…>>`).
        pub mod $module {
            #[allow(unused_imports)]
            use super::*;

            /// Fetches the area's chunk (loading any split point of it loads the whole module).
            #[allow(dead_code)]
            #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible, preload(#[doc(hidden)] __area_preload))]
            fn __area_chunk() -> Result<(), $crate::components::lazy::ChunkLoadError> {
                Ok(())
            }
            $(
                #[leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
                fn $split() -> Result<leptos::prelude::AnyView, $crate::components::lazy::ChunkLoadError> {
                    use leptos::prelude::*;
                    Ok(view! { <$component /> }.into_any())
                }
                pub struct $marker;
                impl $crate::components::lazy::AreaPage for $marker {
                    fn view() -> $crate::components::lazy::PageFuture {
                        Box::pin($split())
                    }
                    fn preload() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
                        Box::pin(async {
                            let _ = __area_preload().await;
                        })
                    }
                    const TEXTS: &'static [$crate::texts::Ns] = &$texts;
                }
            )+
        }
    };
}
