//! `/verify-email?token=…`: the link from the confirmation email.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use seatwise_api::ErrorCode;

use super::AuthCard;
use crate::api::ApiError;
use crate::session::use_session;
use crate::components::form::FormAlert;
use crate::components::load::Loading;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::use_page_title;

#[derive(Debug, Clone, PartialEq)]
enum State {
    Working,
    Done,
    BadLink,
    Failed(ApiError),
}

#[component]
pub fn VerifyEmail() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    use_page_title(move || ts!(i18n, personal.verify_email.title).to_string());
    let action = session.verify_email_action();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let has_token = token.is_some();
    let dispatched = StoredValue::new(false);
    // Sent once the page is mounted, from outside any reactive scope: a dispatch made while an
    // effect is running would carry that effect along as the observer of the request.
    Effect::new(move |_| {
        if let (Some(token), false) = (token.clone(), dispatched.get_value()) {
            dispatched.set_value(true);
            queue_microtask(move || {
                action.dispatch(token);
            });
        }
    });
    let state = Memo::new(move |_| {
        if !has_token {
            return State::BadLink;
        }
        if action.pending().get() || action.version().get() == 0 {
            return State::Working;
        }
        // A used link opened again by someone already confirmed is not worth an error.
        let already_confirmed = move || session.user().is_some_and(|me| me.email_verified);
        match action.value().get() {
            Some(Ok(())) => State::Done,
            Some(Err(ApiError::Server {
                code: ErrorCode::InvalidToken,
                ..
            })) if already_confirmed() => State::Done,
            Some(Err(ApiError::Server {
                code: ErrorCode::InvalidToken,
                ..
            })) => State::BadLink,
            Some(Err(error)) => State::Failed(error),
            None => State::Working,
        }
    });
    let signed_in = move || session.signed_in() == Some(true);
    let onward = move || {
        if signed_in() {
            view! {
                <A href=AppRoute::Profile.href() attr:class="btn btn-primary btn-block">
                    {tv!(i18n, personal.verify_email.to_profile)}
                </A>
            }
            .into_any()
        } else {
            view! {
                <A href=AppRoute::SignIn { next: None }.href() attr:class="btn btn-primary btn-block">
                    {tv!(i18n, personal.verify_email.to_sign_in)}
                </A>
            }
            .into_any()
        }
    };
    view! {
        <AuthCard title=Signal::derive(move || ts!(i18n, personal.verify_email.title).to_string())>
            {move || match state.get() {
                State::Working => view! {
                    <Loading />
                    <p class="visually-hidden">{tv!(i18n, personal.verify_email.working)}</p>
                }
                .into_any(),
                State::Done => view! {
                    <div class="alert alert-success" role="status">
                        <p>{tv!(i18n, personal.verify_email.done)}</p>
                    </div>
                    {onward()}
                }
                .into_any(),
                State::BadLink => view! {
                    <div class="alert alert-error" role="alert">
                        <p>{tv!(i18n, personal.verify_email.failed)}</p>
                        <p>{tv!(i18n, personal.verify_email.failed_hint)}</p>
                    </div>
                    {onward()}
                }
                .into_any(),
                State::Failed(error) => view! {
                    <FormAlert error=Signal::derive(move || Some(error.clone())) />
                    {onward()}
                }
                .into_any(),
            }}
        </AuthCard>
    }
}
