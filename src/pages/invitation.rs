//! `/invitation?token=`: the link of an invitation email. A new person creates their Seatwise
//! account here and is signed in; a person who already has one joins while signed in as the
//! invited address.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{match_locale, AcceptInvitationRequest, InvitationAccepted, InvitationInfo};

use crate::api::ApiResult;
use crate::session::use_session;
use crate::components::form::{PersonNameFields, 
    action_error, field_error, CheckboxField, CountrySelect, FormAlert, PasswordField,
    SubmitButton, TextField,
};
use crate::components::load::{LoadFailed, Loading};
use crate::i18n::*;
use crate::routes::{AppRoute, AccountTab};
use crate::text::use_page_title;

crate::area_pages! { seatwise_invitation, [crate::texts::Ns::Invitation];
    Invitation(invitation_view) => InvitationPage,
}

#[component]
fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, invitation.invitation.title).to_string());
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let lookup = LocalResource::new(move || {
        let token = token.get();
        crate::api::lookup_invitation(token)
    });
    let body = move || match lookup.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(info)) => view! { <Invitation info=info token=token.get_untracked() /> }.into_any(),
        Some(Err(crate::api::ApiError::Server { status: 400, .. })) => view! {
            <div class="alert alert-error" role="alert">
                <p>{tv!(i18n, invitation.invitation.invalid)}</p>
            </div>
        }
        .into_any(),
        Some(Err(error)) => view! {
            <LoadFailed error=Some(error) on_retry=Callback::new(move |_| lookup.refetch()) />
        }
        .into_any(),
    };
    view! {
        <div class="container page page-narrow">
            <header class="page-header">
                <h1>{tv!(i18n, invitation.invitation.title)}</h1>
            </header>
            <section class="card">{body}</section>
        </div>
    }
}

/// What the invited person can do, given who (if anyone) is signed in.
#[component]
fn Invitation(info: InvitationInfo, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let accept = session.accept_invitation_action();
    let account_name = info.account_name.clone();

    // Once the invitation is accepted, go to the account joined (named by its id) as soon as the
    // account list has it.
    Effect::new(move |_| {
        let Some(Ok(joined)) = accept.value().get() else { return };
        let listed = session.my_accounts().is_some_and(|mine| mine.accounts.iter().any(|a| a.id == joined.account_id));
        if listed {
            let tab = if joined.role.is_admin() { AccountTab::Users } else { AccountTab::Products };
            navigate(&AppRoute::Account { account: joined.account_id.clone(), tab }.href(), Default::default());
        }
    });

    let intro = {
        let name = account_name.clone();
        move || ts!(i18n, invitation.invitation.intro, account = name.clone())
    };
    let invited_email = info.email.clone();
    let signed_in_email = move || session.user().map(|me| me.email);
    let state = {
        let info = info.clone();
        let token = token.clone();
        move || {
            let info = info.clone();
            let token = token.clone();
            match (session.signed_in(), signed_in_email()) {
                (None, _) => view! { <Loading /> }.into_any(),
                (Some(true), Some(email)) if email.eq_ignore_ascii_case(&invited_email) => {
                    view! { <JoinButton info=info token=token accept=accept /> }.into_any()
                }
                (Some(true), Some(email)) => view! { <WrongUser info=info current=email /> }.into_any(),
                _ if info.existing_account => {
                    let next = AppRoute::Invitation { token }.href();
                    view! {
                        <p>{tv!(i18n, invitation.invitation.existing_intro)}</p>
                        <A href=AppRoute::SignIn { next: Some(next) }.href() attr:class="btn btn-primary btn-block">
                            {tv!(i18n, invitation.invitation.sign_in_to_accept)}
                        </A>
                    }
                    .into_any()
                }
                _ => view! { <NewPersonForm info=info token=token accept=accept /> }.into_any(),
            }
        }
    };
    view! {
        <p class="lead">{intro}</p>
        <p class="muted">{info.email.clone()}</p>
        {state}
    }
}

/// Signed in as the invited address: one button.
#[component]
fn JoinButton(
    info: InvitationInfo,
    token: String,
    /// Accepting (the invitation page's action, which goes to the account joined).
    accept: Action<AcceptInvitationRequest, ApiResult<InvitationAccepted>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let busy = accept.pending();
    let name = info.account_name.clone();
    let label = Signal::derive(move || {
        ts!(i18n, invitation.invitation.join, account = name.clone())
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        accept.dispatch(AcceptInvitationRequest {
            token: token.clone(),
            first_name: None,
            last_name: None,
            country: None,
            password: None,
            locale: None,
            privacy_consent: false,
        });
    };
    view! {
        <form class="form" on:submit=on_submit>
            <FormAlert error=action_error(accept) />
            <SubmitButton
                busy=busy
                label=label
                busy_label=Signal::derive(move || ts!(i18n, invitation.invitation.joining).to_string())
                extra_class="btn-block"
            />
        </form>
    }
}

/// Signed in as somebody else: say so, and offer to sign out.
#[component]
fn WrongUser(info: InvitationInfo, current: String) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = use_session().sign_out_action();
    let message = move || {
        ts!(i18n, invitation.invitation.wrong_user, current = current.clone(), email = info.email.clone())
    };
    view! {
        <div class="alert alert-info" role="status">
            <p>{message}</p>
        </div>
        <button
            type="button"
            class="btn btn-secondary btn-block"
            on:click=move |_| { sign_out.dispatch(()); }
        >
            {tv!(i18n, core.user_menu.sign_out)}
        </button>
    }
}

/// A new person: name (prefilled), country, password and consent.
#[component]
fn NewPersonForm(
    info: InvitationInfo,
    token: String,
    /// Accepting (the invitation page's action, which goes to the account joined).
    accept: Action<AcceptInvitationRequest, ApiResult<InvitationAccepted>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let action = accept;
    let first_name = RwSignal::new(info.first_name.clone());
    let last_name = RwSignal::new(info.last_name.clone());
    let password = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let email = RwSignal::new(info.email.clone());
    let busy = action.pending();
    let version = move || match session.config.get() {
        Some(Ok(config)) => config.privacy_statement_version,
        _ => String::new(),
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.get_locale_untracked().as_str();
        action.dispatch(AcceptInvitationRequest {
            token: token.clone(),
            first_name: Some(first_name.get_untracked().trim().to_owned()),
            last_name: Some(last_name.get_untracked().trim().to_owned()),
            country: Some(country.get_untracked()),
            password: Some(password.get_untracked()),
            locale: match_locale(locale).map(str::to_owned),
            privacy_consent: consent.get_untracked(),
        });
    };
    view! {
        <p>{tv!(i18n, invitation.invitation.new_intro)}</p>
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert error=action_error(action) />
            <TextField
                name="email"
                label=Signal::derive(move || ts!(i18n, core.fields.email).to_string())
                value=email
                error=Signal::derive(|| None::<String>)
                input_type="email"
                readonly=true
                required=true
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
                    ts!(i18n, core.sign_up.consent, version = version())
                })
                checked=consent
                error=field_error(action, "privacy_consent")
                required=true
                link_href=AppRoute::Privacy.href()
                link_label=Signal::derive(move || ts!(i18n, core.sign_up.read_privacy).to_string())
            />
            <SubmitButton
                busy=busy
                label=Signal::derive(move || ts!(i18n, invitation.invitation.submit).to_string())
                busy_label=Signal::derive(move || ts!(i18n, invitation.invitation.submitting).to_string())
                extra_class="btn-block"
            />
        </form>
    }
}
