//! The security page's card of 2-step policies, for contract managers. It comes with the
//! passkeys chunk (`passkeys::cards`), right after those cards, so that the security area, which
//! every 2-step sign-in fetches, does not carry it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use seatwise_api::ErrorCode;

use crate::api::{self, ApiError};
use crate::components::form::{action_error, FormAlert, SubmitButton};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::session::use_session;

/// For each account the person is contract manager of: require 2-step verification of every
/// member, or not.
#[component]
pub(crate) fn Policies() -> impl IntoView {
    let session = use_session();
    move || {
        let managed: Vec<seatwise_api::AccountSummary> = session
            .my_accounts()
            .map(|mine| mine.accounts.into_iter().filter(|a| a.role == seatwise_api::MemberRole::PrimaryAdmin).collect())
            .unwrap_or_default();
        (!managed.is_empty()).then(|| view! { <PolicyCard accounts=managed /> })
    }
}

#[component]
fn PolicyCard(accounts: Vec<seatwise_api::AccountSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = accounts.into_iter().map(|a| view! { <PolicyForm account=a /> }).collect_view();
    view! {
        <section class="card" aria-labelledby="policy-heading">
            <h2 id="policy-heading" class="card-title">{tv!(i18n, security.policy.title)}</h2>
            <p class="muted">{tv!(i18n, security.policy.intro)}</p>
            {rows}
        </section>
    }
}

#[component]
fn PolicyForm(account: seatwise_api::AccountSummary) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let session = use_session();
    let required = RwSignal::new(account.require_two_step);
    let id = account.id.clone();
    let action = Action::new_local(move |required: &bool| {
        let (id, required) = (id.clone(), *required);
        async move {
            let result = api::set_two_step_policy(id, required).await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, security.policy.saved).to_string());
                session.accounts.refetch();
            }
            result
        }
    });
    let first = move || {
        matches!(action.value().get(), Some(Err(ApiError::Server { code: ErrorCode::TwoStepState, .. })))
    };
    let error = Signal::derive(move || action_error(action).get().filter(|_| !first()));
    let name = account.name.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(required.get_untracked());
    };
    view! {
        <form class="form" novalidate on:submit=on_submit>
            <FormAlert error=error />
            {move || first().then(|| view! {
                <div class="alert alert-info" role="alert"><p>{tv!(i18n, security.policy.first)}</p></div>
            })}
            <crate::components::form::CheckboxField
                name="require_two_step"
                label=Signal::derive(move || ts!(i18n, security.policy.require, account = name.clone()).to_string())
                checked=required
            />
            <div class="form-actions">
                <SubmitButton
                    busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, security.policy.save).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, security.policy.saving).to_string())
                />
            </div>
        </form>
    }
}
