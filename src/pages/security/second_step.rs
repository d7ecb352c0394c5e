//! `/two-step`: after a right password, a code of the authenticator app, a code by text
//! message (when the person has a confirmed phone) or a recovery code; a passkey (when they
//! have one) is asked for on `/sign-in-passkey?step=2`, in the passkeys chunk.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{ErrorCode, SecondFactor, SecondFactorChallenge, SecondFactorRequest};

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
            let challenge = challenge.get().and_then(Result::ok).unwrap_or_else(|| SecondFactorChallenge {
                methods: vec![SecondFactor::Totp, SecondFactor::RecoveryCode],
                phone_hint: None,
                expires_at: String::new(),
            });
            view! { <CodeForm action=action challenge=challenge /> }.into_any()
        }
    }
}

#[component]
fn CodeForm(
    action: Action<SecondFactorRequest, crate::api::ApiResult<()>>,
    challenge: SecondFactorChallenge,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let method = RwSignal::new(SecondFactor::Totp);
    let code = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let phone = challenge.phone_hint.clone().unwrap_or_default();
    let query = leptos_router::hooks::use_query_map();
    // Asks the server to text a code; choosing the method sends the first one.
    let send = Action::new_local(move |_: &()| async move { api::send_sign_in_text().await.map(drop) });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SecondFactorRequest {
            method: method.get_untracked(),
            code: code.get_untracked().trim().to_owned(),
            passkey: None,
            remember_browser: remember.get_untracked(),
        });
    };
    let choose = move |m: SecondFactor| {
        code.set(String::new());
        method.set(m);
        if m == SecondFactor::TextMessage {
            send.dispatch(());
        }
    };
    let intro = {
        let phone = phone.clone();
        move || match method.get() {
            SecondFactor::Totp | SecondFactor::Passkey => ts!(i18n, security.second_step.intro_totp).to_string(),
            SecondFactor::RecoveryCode => ts!(i18n, security.second_step.intro_recovery).to_string(),
            SecondFactor::TextMessage => ts!(i18n, security.second_step.intro_text, phone = phone.clone()).to_string(),
        }
    };
    let label = move || match method.get() {
        SecondFactor::Totp | SecondFactor::Passkey => ts!(i18n, security.second_step.code).to_string(),
        SecondFactor::RecoveryCode => ts!(i18n, security.second_step.recovery_code).to_string(),
        SecondFactor::TextMessage => ts!(i18n, security.second_step.text_code).to_string(),
    };
    // The other methods, as links under the form.
    let others = move || {
        challenge
            .methods
            .iter()
            .copied()
            .filter(|m| *m != method.get())
            .map(|m| {
                let phone = phone.clone();
                let text = move || match m {
                    SecondFactor::Totp => ts!(i18n, security.second_step.use_app).to_string(),
                    SecondFactor::RecoveryCode => ts!(i18n, security.second_step.use_recovery).to_string(),
                    SecondFactor::TextMessage => ts!(i18n, security.second_step.use_text, phone = phone.clone()).to_string(),
                    SecondFactor::Passkey => ts!(i18n, security.second_step.use_passkey).to_string(),
                };
                // A passkey is asked for on a page of the passkeys chunk.
                let passkey = (m == SecondFactor::Passkey).then(|| {
                    AppRoute::PasskeySignIn { next: query.with_untracked(|q| q.get("next")), second_step: true }.href()
                });
                view! {
                    <p class="form-footer">
                        {match passkey {
                            Some(href) => view! { <A href=href>{text}</A> }.into_any(),
                            None => view! { <button type="button" class="btn-link" on:click=move |_| choose(m)>{text}</button> }.into_any(),
                        }}
                    </p>
                }
            })
            .collect_view()
    };
    let texting = move || method.get() == SecondFactor::TextMessage;
    let demo = move || texting() && matches!(session.config.get(), Some(Ok(c)) if c.texts);
    view! {
        <AuthCard
            title=Signal::derive(move || ts!(i18n, security.second_step.title).to_string())
            intro=Signal::derive(move || Some(intro()))
        >
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <FormAlert error=action_error(send) />
                <Show when=demo>
                    <p class="muted">
                        <a href=super::TEXTS_PAGE target="_blank">{tv!(i18n, security.phone.demo)}</a>
                    </p>
                </Show>
                <TextField
                    name="code"
                    label=Signal::derive(label)
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
            <Show when=texting>
                <p class="form-footer">
                    <button type="button" class="btn-link" disabled=move || send.pending().get() on:click=move |_| { send.dispatch(()); }>
                        {move || if send.pending().get() {
                            ts!(i18n, security.second_step.sending)
                        } else {
                            ts!(i18n, security.second_step.resend)
                        }}
                    </button>
                </p>
            </Show>
            {others}
        </AuthCard>
    }
}
