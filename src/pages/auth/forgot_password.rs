//! `/forgot-password`: ask for a reset link by email.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::EMAIL_MAX_CHARS;

use super::AuthCard;
use crate::api;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::use_page_title;

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, personal.forgot_password.title).to_string());
    let email = RwSignal::new(String::new());
    let action = Action::new_local(|email: &String| api::forgot_password(email.clone()));
    let busy = action.pending();
    let sent = move || action.value().with(|v| matches!(v, Some(Ok(()))));
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(email.get_untracked().trim().to_owned());
    };
    let form = move || {
        view! {
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <TextField
                    name="email"
                    label=Signal::derive(move || ts!(i18n, core.fields.email).to_string())
                    value=email
                    error=field_error(action, "email")
                    input_type="email"
                    autocomplete="email"
                    required=true
                    maxlength=EMAIL_MAX_CHARS
                />
                <SubmitButton
                    busy=busy
                    label=Signal::derive(move || ts!(i18n, personal.forgot_password.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, personal.forgot_password.submitting).to_string())
                    extra_class="btn-block"
                />
            </form>
        }
    };
    view! {
        <AuthCard
            title=Signal::derive(move || ts!(i18n, personal.forgot_password.title).to_string())
            intro=Signal::derive(move || (!sent()).then(|| ts!(i18n, personal.forgot_password.intro).to_string()))
        >
            <Show when=sent fallback=form>
                <div class="alert alert-success" role="status">
                    <p>
                        {move || {
                            let email = email.get();
                            ts!(i18n, personal.forgot_password.sent, email = email.to_string()).to_string()
                        }}
                    </p>
                </div>
            </Show>
            <p class="form-footer">
                <A href=AppRoute::SignIn { next: None }.href()>{tv!(i18n, personal.forgot_password.back)}</A>
            </p>
        </AuthCard>
    }
}
