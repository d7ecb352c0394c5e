//! The renewal FAQ's "Questions about renewal? Send us your information and a specialist will
//! contact you.": a short form that opens a support case of the renewal category about one
//! subscription (or all of them), with a message and, if the person wants a call, a phone
//! number; then a link to the case. The card is part of the contracts page; the form, with what
//! opening a case takes, comes with the support area's form that opens a case (chunk
//! `seatwise_support_new`), fetched when "Contact me" is pressed, so the contracts page stays
//! small. (Every chunk costs the first download its loader stubs: the two forms share one.)

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{CaseCategory, CaseSeverity, ContractSummary, CreateSupportCase, CASE_BODY_MAX_CHARS};

use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::lazy::{AreaView, ChunkLoadError, PageFuture};
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::routes::AppRoute;
use crate::text::I18n;

/// The subject of the case: the subscription and its contract, or all of them.
fn subject(i18n: I18n, about: Option<&(String, String)>) -> String {
    match about {
        Some((product, contract)) => ts!(i18n, accounts.renewal_help.subject, product = product.clone(), contract = contract.clone()),
        None => ts!(i18n, accounts.renewal_help.subject_all).to_string(),
    }
}

/// What the card shares with its form (a context: the form comes from another chunk).
#[derive(Clone, Copy)]
struct RenewalForm {
    /// The account's contracts (their subscriptions are what a question may be about).
    contracts: Signal<Vec<ContractSummary>>,
    /// Whether the form is shown.
    open: RwSignal<bool>,
    /// The case the last question opened.
    sent: RwSignal<Option<api::CaseRef>>,
}

#[component]
pub(crate) fn RenewalHelp(
    /// The account's contracts (their subscriptions are what a question may be about).
    #[prop(into)]
    contracts: Signal<Vec<ContractSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let open = RwSignal::new(false);
    let sent = RwSignal::new(None::<api::CaseRef>);
    provide_context(RenewalForm { contracts, open, sent });
    let created = move || {
        sent.get().map(|c| {
            let href = AppRoute::AccountCase { account: account.id.get_untracked(), case: c.id.clone() }.href();
            let number = c.number.clone();
            view! {
                <p class="alert alert-success" data-testid="renewal-case">
                    {move || ts!(i18n, accounts.renewal_help.sent, number = number.clone())} " "
                    <A href=href>{tv!(i18n, accounts.renewal_help.view)}</A>
                </p>
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="renewal-help-title" id="renewal-help">
            <h2 id="renewal-help-title" class="card-title">{tv!(i18n, accounts.renewal_help.title)}</h2>
            <p class="muted">{tv!(i18n, accounts.renewal_help.intro)}</p>
            <div aria-live="polite">{created}</div>
            <Show when=move || !open.get()
                fallback=|| view! { <AreaView load=form_part texts=&[] /> }>
                <button type="button" class="btn btn-secondary" aria-controls="renewal-help-form" aria-expanded="false" on:click=move |_| open.set(true)>
                    {tv!(i18n, accounts.renewal_help.contact)}
                </button>
            </Show>
        </section>
    }
}

fn form_part() -> PageFuture {
    Box::pin(renewal_form_part())
}

#[leptos::wasm_split::wasm_split(seatwise_support_new, wasm_split_path = ::leptos::wasm_split, fallible)]
fn renewal_form_part() -> Result<AnyView, ChunkLoadError> {
    Ok(view! { <RenewalFormView /> }.into_any())
}

/// The form, from its chunk.
#[component]
fn RenewalFormView() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let RenewalForm { contracts, open, sent } = expect_context::<RenewalForm>();
    // The chosen subscription's id ("" = all), the message and a phone number.
    let about = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let choices = Memo::new(move |_| {
        contracts.with(|list| {
            list.iter()
                .flat_map(|c| c.subscriptions.iter().map(move |s| (s.id.clone(), (s.product_name.clone(), c.number.clone()))))
                .collect::<Vec<_>>()
        })
    });
    let send: Action<CreateSupportCase, ApiResult<api::CaseRef>> = Action::new_local(move |body: &CreateSupportCase| {
        let call = api::open_case(account.id.get_untracked(), body.clone());
        async move {
            let result = call.await;
            if let Ok(c) = &result {
                let number = c.number.clone();
                toasts.success(move || ts!(i18n, accounts.renewal_help.sent, number = number.clone()));
                message.set(String::new());
                phone.set(String::new());
                sent.set(Some(c.clone()));
            }
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = about.get_untracked();
        let subject = choices.with_untracked(|c| subject(i18n, c.iter().find(|(id, _)| *id == chosen).map(|(_, a)| a)));
        let mut description = message.get_untracked().trim().to_owned();
        let phone = phone.get_untracked().trim().to_owned();
        if !phone.is_empty() {
            description = format!("{description}\n\n{}", ts!(i18n, accounts.renewal_help.phone_line, phone = phone));
        }
        send.dispatch(CreateSupportCase {
            category: CaseCategory::Renewal,
            severity: CaseSeverity::Normal,
            subject,
            description,
            product_code: None,
            version: None,
            attachment_ids: vec![],
        });
    };
    let description_error = field_error(send, "description");
    let form_error = Signal::derive(move || action_error(send).get().filter(|e| e.field("description").is_none()));
    view! {
        <form id="renewal-help-form" class="form" novalidate on:submit=on_submit>
            <FormAlert error=form_error />
            <div class="field">
                <label class="field-label" for="renewal-about">{tv!(i18n, accounts.renewal_help.about)}</label>
                <select id="renewal-about" class="input select" on:change=move |ev| about.set(event_target_value(&ev)) prop:value=move || about.get()>
                    <option value="">{tv!(i18n, accounts.renewal_help.about_all)}</option>
                    {move || choices.get().into_iter().map(|(id, a)| {
                        let label = move || subject(i18n, Some(&a));
                        view! { <option value=id>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:field-invalid=move || description_error.with(Option::is_some)>
                <label class="field-label" for="renewal-message">{tv!(i18n, accounts.renewal_help.message)}</label>
                <textarea id="renewal-message" class="input textarea" rows="5" required maxlength=CASE_BODY_MAX_CHARS bind:value=message></textarea>
                {move || description_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </div>
            <TextField name="phone" input_type="tel" autocomplete="tel"
                label=Signal::derive(move || ts!(i18n, accounts.renewal_help.phone).to_string())
                hint=Signal::derive(move || Some(ts!(i18n, accounts.renewal_help.phone_hint).to_string()))
                value=phone error=Signal::derive(|| None::<String>) maxlength=40 />
            <div class="form-actions">
                <SubmitButton busy=send.pending()
                    label=Signal::derive(move || ts!(i18n, accounts.renewal_help.submit).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, accounts.renewal_help.sending).to_string()) />
                <button type="button" class="btn btn-secondary" on:click=move |_| open.set(false)>{tv!(i18n, core.common.cancel)}</button>
            </div>
        </form>
    }
}
