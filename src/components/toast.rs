//! Toasts: short messages about the result of an action, announced to screen readers.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use stylers::style_sheet;

use crate::api::ApiError;
use crate::components::icons::{IconCheck, IconClose, IconWarning};
use crate::i18n::*;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    Error,
}

/// Produces the toast's text in the current language; called reactively, so an open toast
/// follows a language switch.
type Message = Arc<dyn Fn() -> String + Send + Sync>;

#[derive(Clone)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: Message,
}

/// The app's toasts (context, provided once in `app.rs`).
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
    i18n: text::I18n,
}

const SHOW_FOR: Duration = Duration::from_secs(6);

impl Toasts {
    /// Created once, under the i18n provider (the context is kept: toasts are often raised
    /// from inside an action's future, where no context can be looked up).
    pub fn new(i18n: text::I18n) -> Self {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
            i18n,
        }
    }

    fn push(&self, kind: ToastKind, message: Message) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items
            .update(|items| items.push(Toast { id, kind, message }));
        let this = *self;
        set_timeout(move || this.dismiss(id), SHOW_FOR);
    }

    /// A success message; `message` is called whenever the language changes.
    pub fn success(&self, message: impl Fn() -> String + Send + Sync + 'static) {
        self.push(ToastKind::Success, Arc::new(message));
    }

    /// An error in a page's own words (for a code only that page meets).
    pub fn error_text(&self, message: impl Fn() -> String + Send + Sync + 'static) {
        self.push(ToastKind::Error, Arc::new(message));
    }

    /// The translated message of an error.
    pub fn error(&self, error: ApiError) {
        let i18n = self.i18n;
        self.push(
            ToastKind::Error,
            Arc::new(move || text::error_message(i18n, &error)),
        );
    }

    fn dismiss(&self, id: u64) {
        // The toast list lives as long as the app; `try_` keeps a late timer harmless anyway.
        self.items.try_update(|items| items.retain(|t| t.id != id));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear (bottom of the screen). Two live regions: polite for results, assertive
/// for errors.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let class = style_sheet!("src/components/toast.css");
    let i18n = use_i18n();
    let toasts = use_toasts();
    let of_kind = move |kind: ToastKind| {
        move || {
            toasts
                .items
                .get()
                .into_iter()
                .filter(|t| t.kind == kind)
                .map(|toast| {
                    let message = toast.message.clone();
                    let id = toast.id;
                    let (kind_class, icon) = match toast.kind {
                        ToastKind::Success => {
                            ("toast toast-success", view! { <IconCheck /> }.into_any())
                        }
                        ToastKind::Error => {
                            ("toast toast-error", view! { <IconWarning /> }.into_any())
                        }
                    };
                    view! { class=class,
                        <div class=kind_class>
                            <span class="toast-icon">{icon}</span>
                            <span class="toast-text">{move || message()}</span>
                            <button
                                type="button"
                                class="toast-close"
                                aria-label=move || ts!(i18n, core.app.dismiss)
                                on:click=move |_| toasts.dismiss(id)
                            >
                                <IconClose />
                            </button>
                        </div>
                    }
                })
                .collect_view()
        }
    };
    view! { class=class,
        <section class="toasts" aria-label=move || ts!(i18n, core.app.notifications)>
            <div class="toast-list" role="status" aria-live="polite">
                {of_kind(ToastKind::Success)}
            </div>
            <div class="toast-list" role="alert" aria-live="assertive">
                {of_kind(ToastKind::Error)}
            </div>
        </section>
    }
}
