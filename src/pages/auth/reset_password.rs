//! `/reset-password?token=…`: the link from the reset email. Does not sign in.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use seatwise_api::{ErrorCode, ResetPasswordRequest};

use super::AuthCard;
use crate::api::{self, ApiError};
use crate::components::form::{action_error, field_error, FormAlert, PasswordField, SubmitButton};
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::use_page_title;

#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, personal.reset_password.title).to_string());
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let has_token = token.is_some();
    let password = RwSignal::new(String::new());
    let action = Action::new_local(|request: &ResetPasswordRequest| {
        let request = request.clone();
        async move { api::reset_password(&request).await }
    });
    let busy = action.pending();
    let done = move || action.value().with(|v| matches!(v, Some(Ok(()))));
    let bad_link = move || {
        !has_token
            || action.value().with(|v| {
                matches!(
                    v,
                    Some(Err(ApiError::Server {
                        code: ErrorCode::InvalidToken,
                        ..
                    }))
                )
            })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(token) = token.clone() {
            action.dispatch(ResetPasswordRequest {
                token,
                password: password.get_untracked(),
            });
        }
    };
    let form = move || {
        view! {
            <form class="form" novalidate on:submit=on_submit.clone()>
                <FormAlert error=action_error(action) />
                <PasswordField
                    name="password"
                    label=Signal::derive(move || ts!(i18n, core.fields.new_password).to_string())
                    value=password
                    error=field_error(action, "password")
                    autocomplete="new-password"
                    show_rules=true
                />
                <SubmitButton
                    busy=busy
                    label=Signal::derive(move || ts!(i18n, personal.reset_password.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, personal.reset_password.submitting).to_string())
                    extra_class="btn-block"
                />
            </form>
        }
    };
    let intro = Signal::derive(move || {
        (!done() && !bad_link()).then(|| ts!(i18n, personal.reset_password.intro).to_string())
    });
    // 0 = form, 1 = bad link, 2 = done; a memo so the form is not rebuilt on every result.
    let phase = Memo::new(move |_| {
        if done() {
            2
        } else if bad_link() {
            1
        } else {
            0
        }
    });
    view! {
        <AuthCard title=Signal::derive(move || ts!(i18n, personal.reset_password.title).to_string()) intro=intro>
            {move || {
                let phase = phase.get();
                if phase == 2 {
                    view! {
                        <div class="alert alert-success" role="status">
                            <p>{tv!(i18n, personal.reset_password.done)}</p>
                        </div>
                        <A href=AppRoute::SignIn { next: None }.href() attr:class="btn btn-primary btn-block">
                            {tv!(i18n, personal.reset_password.sign_in)}
                        </A>
                    }
                    .into_any()
                } else if phase == 1 {
                    view! {
                        <div class="alert alert-error" role="alert">
                            <p>{tv!(i18n, personal.reset_password.invalid)}</p>
                        </div>
                        <A href=AppRoute::ForgotPassword.href() attr:class="btn btn-primary btn-block">
                            {tv!(i18n, personal.reset_password.request_new)}
                        </A>
                    }
                    .into_any()
                } else {
                    form().into_any()
                }
            }}
        </AuthCard>
    }
}
