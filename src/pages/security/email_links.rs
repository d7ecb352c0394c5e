//! `/confirm-email-change?token=…` (the link to the new address) and
//! `/undo-email-change?token=…` (the link to the old one).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use seatwise_api::ErrorCode;

use crate::api::{self, ApiError, ApiResult};
use crate::components::form::FormAlert;
use crate::components::load::Loading;
use crate::i18n::*;
use crate::pages::auth::AuthCard;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::text::use_page_title;

/// Which link this page answers.
#[derive(Clone, Copy, PartialEq)]
enum Link {
    Confirm,
    Undo,
}

#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    view! { <EmailLink link=Link::Confirm /> }
}

#[component]
pub fn UndoEmailChangePage() -> impl IntoView {
    view! { <EmailLink link=Link::Undo /> }
}

#[component]
fn EmailLink(link: Link) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let title = move || match link {
        Link::Confirm => ts!(i18n, security.email_link.confirm_title).to_string(),
        Link::Undo => ts!(i18n, security.email_link.undo_title).to_string(),
    };
    use_page_title(title);
    let token = use_query_map().with_untracked(|q| q.get("token")).map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let has_token = token.is_some();
    let action = Action::new_local(move |token: &String| {
        let token = token.clone();
        async move {
            let result: ApiResult<()> = match link {
                Link::Confirm => api::confirm_email_change(token).await,
                Link::Undo => api::undo_email_change(token).await,
            };
            // Who is signed in, and as which address, may have changed.
            session.me.refetch();
            result
        }
    });
    // Sent once, after mounting, outside any reactive scope (see the verify-email page).
    let dispatched = StoredValue::new(false);
    Effect::new(move |_| {
        if let (Some(token), false) = (token.clone(), dispatched.get_value()) {
            dispatched.set_value(true);
            queue_microtask(move || {
                action.dispatch(token);
            });
        }
    });
    let onward = move || {
        if session.signed_in() == Some(true) {
            view! { <A href=AppRoute::Security.href() attr:class="btn btn-primary btn-block">{tv!(i18n, security.email_link.to_security)}</A> }.into_any()
        } else {
            view! { <A href=AppRoute::SignIn { next: None }.href() attr:class="btn btn-primary btn-block">{tv!(i18n, security.email_link.to_sign_in)}</A> }.into_any()
        }
    };
    let body = move || {
        if !has_token {
            return view! { <div class="alert alert-error" role="alert"><p>{tv!(i18n, security.email_link.failed)}</p></div> }.into_any();
        }
        match action.value().get() {
            None => view! {
                <Loading />
                <p class="visually-hidden">{tv!(i18n, security.email_link.working)}</p>
            }
            .into_any(),
            Some(Ok(())) => view! {
                <div class="alert alert-success" role="status">
                    <p>{match link {
                        Link::Confirm => tv!(i18n, security.email_link.confirmed),
                        Link::Undo => tv!(i18n, security.email_link.undone),
                    }}</p>
                </div>
            }
            .into_any(),
            Some(Err(ApiError::Server { code: ErrorCode::InvalidToken, .. })) => {
                view! { <div class="alert alert-error" role="alert"><p>{tv!(i18n, security.email_link.failed)}</p></div> }.into_any()
            }
            Some(Err(ApiError::Server { code: ErrorCode::Taken, .. })) => {
                view! { <div class="alert alert-error" role="alert"><p>{tv!(i18n, security.email_link.taken)}</p></div> }.into_any()
            }
            Some(Err(error)) => view! { <FormAlert error=Signal::derive(move || Some(error.clone())) /> }.into_any(),
        }
    };
    view! {
        <AuthCard title=Signal::derive(title)>
            {body}
            {move || action.value().with(Option::is_some).then(onward)}
        </AuthCard>
    }
}
