//! Loading and load-failure states shared by every page that reads a resource.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::*;
use crate::text;

/// Shown while the first answer is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>{tv!(i18n, core.app.loading)}</span>
        </div>
    }
}

/// A load that failed: the translated reason and a Retry button.
#[component]
pub fn LoadFailed(
    /// What went wrong (translated here; never shown raw).
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Loads again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || match error.get() {
        Some(error) => text::error_message(i18n, &error),
        None => ts!(i18n, core.app.load_failed).to_string(),
    };
    view! {
        <div class="alert alert-error load-failed" role="alert">
            <p class="alert-title">{tv!(i18n, core.app.load_failed)}</p>
            <p>{message}</p>
            <button type="button" class="btn btn-secondary" on:click=move |_| on_retry.run(())>
                {tv!(i18n, core.app.retry)}
            </button>
        </div>
    }
}

/// The fallback of an `ErrorBoundary` around a load: picks our `ApiError` out of the errors.
#[component]
pub fn LoadErrors(
    /// The boundary's errors.
    errors: ArcRwSignal<Errors>,
    /// Loads again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let error = Signal::derive(move || {
        errors.with(|errors| {
            errors
                .iter()
                .find_map(|(_, e)| e.downcast_ref::<ApiError>().cloned())
        })
    });
    view! { <LoadFailed error=error on_retry=on_retry /> }
}

/// A load's states in one place: the spinner until the first answer (a reload keeps showing
/// what was there), the translated error with Retry when it fails, the children otherwise.
#[component]
pub fn Loaded(
    /// Loads again.
    on_retry: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <Transition fallback=Loading>
            <ErrorBoundary fallback=move |errors| view! { <LoadErrors errors=errors on_retry=on_retry /> }>
                {children()}
            </ErrorBoundary>
        </Transition>
    }
}
