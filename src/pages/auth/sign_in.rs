//! `/sign-in`: email address or account ID, and password.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use seatwise_api::{ErrorCode, SignInRequest};

use super::AuthCard;
use crate::api::ApiError;
use crate::session::use_session;
use crate::components::form::{
    action_error, field_error, FormAlert, PasswordField, SubmitButton, TextField,
};
use crate::components::guard::GuestOnly;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::use_page_title;

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, core.sign_in.title).to_string());
    view! {
        <GuestOnly>
            <SignInForm />
        </GuestOnly>
    }
}

#[component]
fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let action = session.sign_in;
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = action.pending();
    // The password was right and a code is next: on to the second step (only for a sign-in
    // made here, not one whose answer the session kept from before).
    let navigate = use_navigate();
    let query = use_query_map();
    let seen = action.version().get_untracked();
    Effect::new(move |_| {
        let second_step = matches!(
            action.value().get(),
            Some(Err(ApiError::Server { code: ErrorCode::SecondFactorRequired, .. }))
        );
        if second_step && action.version().get_untracked() != seen {
            let next = query.with_untracked(|q| q.get("next"));
            navigate(&AppRoute::SecondStep { next }.href(), Default::default());
        }
    });
    let passkey_href = AppRoute::PasskeySignIn { next: query.with_untracked(|q| q.get("next")), second_step: false }.href();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SignInRequest {
            login: login.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };
    view! {
        <AuthCard
            title=Signal::derive(move || ts!(i18n, core.sign_in.title).to_string())
            intro=Signal::derive(move || Some(ts!(i18n, core.sign_in.intro).to_string()))
        >
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <TextField
                    name="login"
                    label=Signal::derive(move || ts!(i18n, core.fields.login).to_string())
                    value=login
                    error=field_error(action, "login")
                    autocomplete="username"
                    required=true
                />
                <PasswordField
                    name="password"
                    label=Signal::derive(move || ts!(i18n, core.fields.password).to_string())
                    value=password
                    error=field_error(action, "password")
                    autocomplete="current-password"
                />
                <p class="form-aside">
                    <A href=AppRoute::ForgotPassword.href()>{tv!(i18n, core.sign_in.forgot)}</A>
                </p>
                <SubmitButton
                    busy=busy
                    label=Signal::derive(move || ts!(i18n, core.sign_in.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, core.sign_in.submitting).to_string())
                    extra_class="btn-block"
                />
            </form>
            <p class="form-footer">
                <A href=passkey_href>{tv!(i18n, core.sign_in.passkey)}</A>
            </p>
            <p class="form-footer">
                {tv!(i18n, core.sign_in.no_account)} " "
                <A href=AppRoute::SignUp.href()>{tv!(i18n, core.sign_in.create_account)}</A>
            </p>
        </AuthCard>
    }
}
