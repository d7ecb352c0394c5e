//! `/two-step`: after a right password, a code of the authenticator app or a recovery code.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{ErrorCode, SecondFactor, SecondFactorRequest};

use crate::api::{self, ApiError};
use crate::components::form::{action_error, field_error, CheckboxField, FormAlert, SubmitButton, TextField};
use crate::components::guard::GuestOnly;
use crate::components::load::Loading;
use crate::i18n::*;
use crate::pages::auth::AuthCard;
use crate::routes::AppRoute;
use crate::session::use_session;
use crate::text::use_page_title;

#[component]
pub fn SecondStepPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, security.second_step.title).to_string());
    // Signed in once the code is right: `GuestOnly` goes on to `next`.
    view! {
        <GuestOnly>
            <SecondStep />
        </GuestOnly>
    }
}

#[component]
fn SecondStep() -> impl IntoView {
    let i18n = use_i18n();
    let challenge = LocalResource::new(api::second_factor_challenge);
    let action = use_session().second_step_action();
    // The first step is over (its 10 minutes, or five wrong codes): sign in again.
    let over = move || {
        matches!(challenge.get(), Some(Err(_)))
            || matches!(action.value().get(), Some(Err(ApiError::Server { code: ErrorCode::InvalidToken, .. })))
    };
    move || {
        if challenge.get().is_none() {
            view! { <Loading /> }.into_any()
        } else if over() {
            view! {
                <AuthCard
                    title=Signal::derive(move || ts!(i18n, security.second_step.title).to_string())
                    intro=Signal::derive(move || Some(ts!(i18n, security.second_step.expired).to_string()))
                >
                    <p class="form-footer">
                        <A href=AppRoute::SignIn { next: None }.href()>{tv!(i18n, security.second_step.back)}</A>
                    </p>
                </AuthCard>
            }
            .into_any()
        } else {
            view! { <CodeForm action=action /> }.into_any()
        }
    }
}

#[component]
fn CodeForm(action: Action<SecondFactorRequest, crate::api::ApiResult<()>>) -> impl IntoView {
    let i18n = use_i18n();
    let method = RwSignal::new(SecondFactor::Totp);
    let code = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SecondFactorRequest {
            method: method.get_untracked(),
            code: code.get_untracked().trim().to_owned(),
            remember_browser: remember.get_untracked(),
        });
    };
    let app = move || method.get() == SecondFactor::Totp;
    let switch = move |_| {
        code.set(String::new());
        method.update(|m| {
            *m = match m {
                SecondFactor::Totp => SecondFactor::RecoveryCode,
                SecondFactor::RecoveryCode => SecondFactor::Totp,
            }
        });
    };
    view! {
        <AuthCard
            title=Signal::derive(move || ts!(i18n, security.second_step.title).to_string())
            intro=Signal::derive(move || Some(if app() {
                ts!(i18n, security.second_step.intro_totp).to_string()
            } else {
                ts!(i18n, security.second_step.intro_recovery).to_string()
            }))
        >
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <TextField
                    name="code"
                    label=Signal::derive(move || if app() {
                        ts!(i18n, security.second_step.code).to_string()
                    } else {
                        ts!(i18n, security.second_step.recovery_code).to_string()
                    })
                    value=code
                    error=field_error(action, "code")
                    autocomplete="one-time-code"
                    required=true
                />
                <CheckboxField
                    name="remember_browser"
                    label=Signal::derive(move || ts!(i18n, security.second_step.remember).to_string())
                    hint=Signal::derive(move || Some(ts!(i18n, security.second_step.remember_hint).to_string()))
                    checked=remember
                />
                <SubmitButton
                    busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, security.second_step.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, security.second_step.submitting).to_string())
                    extra_class="btn-block"
                />
            </form>
            <p class="form-footer">
                <button type="button" class="btn-link" on:click=switch>
                    {move || if app() {
                        ts!(i18n, security.second_step.use_recovery)
                    } else {
                        ts!(i18n, security.second_step.use_app)
                    }}
                </button>
            </p>
        </AuthCard>
    }
}
