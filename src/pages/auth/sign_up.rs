//! `/sign-up`: create an account, then sign straight in with the same credentials.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{match_locale, SignUpRequest, EMAIL_MAX_CHARS};

use super::AuthCard;
use crate::session::{use_session, SignUpOutcome};
use crate::components::form::{PersonNameFields, 
    action_error, field_error, CheckboxField, CountrySelect, FormAlert, PasswordField,
    SubmitButton, TextField,
};
use crate::components::guard::GuestOnly;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::use_page_title;

#[component]
pub fn SignUp() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, personal.sign_up.title).to_string());
    view! {
        <GuestOnly>
            <SignUpForm />
        </GuestOnly>
    }
}

/// A first guess for the country: the region of the browser's language (`sl-SI` -> `SI`).
fn country_from_browser() -> String {
    window()
        .navigator()
        .language()
        .and_then(|tag| {
            tag.split(['-', '_'])
                .skip(1)
                .find(|part| part.len() == 2)
                .map(str::to_ascii_uppercase)
        })
        .filter(|code| seatwise_api::country(code).is_some())
        .unwrap_or_default()
}

#[component]
fn SignUpForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let action = session.sign_up_action();
    let email = RwSignal::new(String::new());
    let first_name = RwSignal::new(String::new());
    let last_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let country = RwSignal::new(country_from_browser());
    let consent = RwSignal::new(false);
    let busy = action.pending();
    let version = move || match session.config.get() {
        Some(Ok(config)) => config.privacy_statement_version,
        _ => String::new(),
    };
    let check_email = move || {
        action
            .value()
            .with(|v| matches!(v, Some(Ok(SignUpOutcome::CheckEmail))))
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked().as_str();
        action.dispatch(SignUpRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            first_name: first_name.get_untracked().trim().to_owned(),
            last_name: last_name.get_untracked().trim().to_owned(),
            country: country.get_untracked(),
            privacy_consent: consent.get_untracked(),
            locale: match_locale(locale).map(str::to_owned),
        });
    };
    let title = Signal::derive(move || {
        if check_email() {
            ts!(i18n, personal.sign_up.check_email_title).to_string()
        } else {
            ts!(i18n, personal.sign_up.title).to_string()
        }
    });
    let intro = Signal::derive(move || {
        (!check_email()).then(|| ts!(i18n, personal.sign_up.intro).to_string())
    });
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
                <PersonNameFields
                    first_name=first_name
                    last_name=last_name
                    first_error=field_error(action, "first_name")
                    last_error=field_error(action, "last_name")
                />
                <PasswordField
                    name="password"
                    label=Signal::derive(move || ts!(i18n, core.fields.password).to_string())
                    value=password
                    error=field_error(action, "password")
                    autocomplete="new-password"
                    show_rules=true
                />
                <CountrySelect value=country error=field_error(action, "country") required=true />
                <CheckboxField
                    name="privacy_consent"
                    label=Signal::derive(move || {
                        ts!(i18n, core.sign_up.consent, version = version().to_string()).to_string()
                    })
                    checked=consent
                    error=field_error(action, "privacy_consent")
                    required=true
                    link_href=AppRoute::Privacy.href()
                    link_label=Signal::derive(move || ts!(i18n, core.sign_up.read_privacy).to_string())
                />
                <SubmitButton
                    busy=busy
                    label=Signal::derive(move || ts!(i18n, personal.sign_up.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, core.sign_up.submitting).to_string())
                    extra_class="btn-block"
                />
                <p class="form-footer">
                    {tv!(i18n, personal.sign_up.have_account)} " "
                    <A href=AppRoute::SignIn { next: None }.href()>{tv!(i18n, personal.sign_up.sign_in)}</A>
                </p>
            </form>
        }
    };
    let sent = move || {
        view! {
            <div class="alert alert-info" role="status">
                <p>{move || ts!(i18n, personal.sign_up.check_email_text, email = email.get().to_string()).to_string()}</p>
            </div>
            <A href=AppRoute::SignIn { next: None }.href() attr:class="btn btn-primary btn-block">
                {tv!(i18n, personal.sign_up.sign_in)}
            </A>
        }
    };
    view! {
        <AuthCard title=title intro=intro>
            <Show when=check_email fallback=form>
                {sent()}
            </Show>
        </AuthCard>
    }
}
