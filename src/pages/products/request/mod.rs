//! `/accounts/:account/software/:code/request/:kind`: the form of one licence request: a
//! previous version, home use, physical media (with a confirmation step) or a network licence
//! file. Field errors from the server appear next to their fields; what was typed stays.
//!
//! Here: the page, the frame every kind of request is made in (title, errors, note, buttons)
//! and the fields kinds share; each kind's own form is in its file.

mod home_use;
mod network_licence;
mod physical_media;
mod previous_version;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use seatwise_api::{
    CreateLicenceRequest, LicenceRequest, LicenceType, ProductDetail, RequestAvailability, RequestKind,
};

use super::{area_class, OtherFieldErrors};
use crate::api::{self, ApiResult};
use crate::components::form::{action_error, FormAlert, SubmitButton};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::account::use_account;
use crate::routes::{paths, AppRoute, ProductView};
use crate::text::{self, use_page_title, I18n};
use home_use::HomeUseRequest;
use network_licence::NetworkLicenceRequest;
use physical_media::PhysicalMediaRequest;
use previous_version::PreviousVersionRequest;

#[component]
pub fn LicenceRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get(paths::PRODUCT_CODE).unwrap_or_default()));
    let kind = Memo::new(move |_| {
        params.with(|p| p.get(paths::REQUEST_KIND).and_then(|k| RequestKind::parse(&k)))
    });
    use_page_title(move || match kind.get() {
        Some(kind) => request_title(i18n, kind),
        None => ts!(i18n, core.errors.not_found).to_string(),
    });
    let detail = LocalResource::new(move || api::get_account_product(account.id.get(), code.get()));
    let retry = Callback::new(move |_| detail.refetch());
    let back = move || {
        AppRoute::AccountSoftwareProduct { account: account.id.get(), code: code.get(), view: ProductView::default() }.href()
    };
    let content = move || {
        detail.get().map(|result| {
            result.map(|d| match kind.get() {
                None => view! { <p class="empty">{tv!(i18n, core.errors.not_found)}</p> }.into_any(),
                Some(kind) if availability(&d, kind) != RequestAvailability::Request || !d.entitled => view! {
                    <p class="alert alert-info">{tv!(i18n, core.errors.request_not_applicable)}</p>
                }
                .into_any(),
                Some(kind) => view! { <RequestForm detail=d kind=kind /> }.into_any(),
            })
        })
    };
    view! {
        <A href=back attr:class="back-link">{tv!(i18n, software.requests.back_to_product)}</A>
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

fn availability(d: &ProductDetail, kind: RequestKind) -> RequestAvailability {
    match kind {
        RequestKind::PreviousVersion => d.previous_version,
        RequestKind::HomeUse => d.home_use,
        RequestKind::PhysicalMedia => d.physical_media,
        RequestKind::NetworkLicence => d.network_licence,
    }
}

fn request_title(i18n: I18n, kind: RequestKind) -> String {
    match kind {
        RequestKind::PreviousVersion => ts!(i18n, software.requests.menu.previous_version),
        RequestKind::HomeUse => ts!(i18n, software.requests.menu.home_use),
        RequestKind::PhysicalMedia => ts!(i18n, software.requests.menu.physical_media),
        RequestKind::NetworkLicence => ts!(i18n, software.requests.menu.network_licence),
    }
    .to_string()
}

/// "Usually takes about N business days" / "usually N to M days", from the server's settings.
fn typical_time(i18n: I18n, d: &ProductDetail, kind: RequestKind) -> String {
    let n = |v: u32| text::number(i18n, v as usize);
    let t = &d.typical;
    match kind {
        RequestKind::PhysicalMedia => ts!(i18n, software.requests.typical_days_range, min = n(t.physical_media_min_days), max = n(t.physical_media_max_days)),
        other => {
            let days = match other {
                RequestKind::PreviousVersion => t.previous_version_business_days,
                RequestKind::HomeUse => t.home_use_business_days,
                _ => t.network_licence_business_days,
            };
            ts_plural!(i18n, days as usize, software.requests.typical_business_days)
        }
    }
}

/// The translated error of a field, under any of the names the server may use for it.
fn error_of(
    action: Action<CreateLicenceRequest, ApiResult<LicenceRequest>>,
    names: &'static [&'static str],
) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        action.value().with(|value| match value {
            Some(Err(error)) => names
                .iter()
                .find_map(|name| error.field(name).map(|code| text::field_message(i18n, name, code))),
            _ => None,
        })
    })
}

/// The fields each kind of request shows next to an input (under every name the server uses).
fn inline_fields(kind: RequestKind) -> Vec<&'static str> {
    let mut names = vec!["note"];
    if matches!(kind, RequestKind::PreviousVersion | RequestKind::PhysicalMedia) {
        names.push("version");
    }
    if kind == RequestKind::PhysicalMedia {
        names.extend([
            "language", "shipping.name", "name", "shipping.company", "company", "shipping.street",
            "street", "shipping.postal_code", "postal_code", "shipping.city", "city",
            "shipping.country", "country", "shipping.phone", "phone",
        ]);
    }
    if kind == RequestKind::NetworkLicence {
        names.extend(["host_name", "host_id"]);
    }
    names
}

/// The visible label of a request field, for errors the form cannot show next to an input.
fn field_label(i18n: I18n, field: &str) -> Option<String> {
    let label = match field {
        "product_code" => ts!(i18n, software.requests.product),
        "subscription_id" => ts!(i18n, software.requests.subscription),
        "version" => ts!(i18n, software.requests.version),
        "language" => ts!(i18n, software.requests.language),
        "shipping" => ts!(i18n, software.requests.shipping_address),
        "shipping.name" => ts!(i18n, software.requests.ship_name),
        "shipping.company" => ts!(i18n, core.fields.company),
        "shipping.street" => ts!(i18n, core.fields.street),
        "shipping.postal_code" => ts!(i18n, core.fields.postcode),
        "shipping.city" => ts!(i18n, core.fields.city),
        "shipping.country" => ts!(i18n, core.fields.country),
        "shipping.phone" => ts!(i18n, core.fields.phone),
        "host_name" => ts!(i18n, software.requests.host_name),
        "host_id" => ts!(i18n, software.requests.host_id),
        "note" => ts!(i18n, software.requests.note),
        _ => return None,
    };
    Some(label.to_string())
}

/// Whether a kind of request can be made for a subscription with this licence (as the server
/// decides).
fn applies_to(kind: RequestKind, licence: LicenceType) -> bool {
    match kind {
        RequestKind::PreviousVersion => licence == LicenceType::Standalone,
        RequestKind::HomeUse | RequestKind::NetworkLicence => licence == LicenceType::MultiUserNetwork,
        RequestKind::PhysicalMedia => true,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Edit,
    Confirm,
}

/// The active subscriptions a kind of request applies to (a previous version to a standalone
/// licence, home use and licence files to a network licence): id, contract number and licence.
fn subscriptions_for(detail: &ProductDetail, kind: RequestKind) -> Vec<(String, String, LicenceType)> {
    detail
        .coverage
        .iter()
        .filter(|c| c.active && applies_to(kind, c.licence_type))
        .map(|c| (c.subscription_id.clone(), c.contract_number.clone(), c.licence_type))
        .collect()
}

/// What every kind of request shares: the product, the chosen subscription, the note, the step
/// and the action that sends the request.
#[derive(Clone, Copy)]
struct RequestState {
    detail: StoredValue<ProductDetail>,
    kind: RequestKind,
    subscription: RwSignal<String>,
    note: RwSignal<String>,
    /// Editing, or confirming (physical media only).
    step: RwSignal<Step>,
    submit: Action<CreateLicenceRequest, ApiResult<LicenceRequest>>,
}

impl RequestState {
    /// The request with the shared fields as typed and none of the kind-specific ones.
    fn shared_fields(self) -> CreateLicenceRequest {
        CreateLicenceRequest {
            kind: self.kind,
            product_code: self.detail.with_value(|d| d.code.clone()),
            subscription_id: self.subscription.get_untracked(),
            version: None,
            language: None,
            shipping: None,
            host_name: None,
            host_id: None,
            note: self.note.get_untracked().trim().to_owned(),
        }
    }
}

/// Sends a request. Once sent: a toast, then the account's requests (admins) or the product;
/// refused fields send the form back to the step where they are edited.
fn send_request(step: RwSignal<Step>) -> Action<CreateLicenceRequest, ApiResult<LicenceRequest>> {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let is_admin = account.is_admin();
    Action::new_local(move |body: &CreateLicenceRequest| {
        let body = body.clone();
        let account_id = account.id.get_untracked();
        let navigate = navigate.clone();
        let code = body.product_code.clone();
        async move {
            let result = api::create_licence_request(account_id.clone(), body).await;
            match &result {
                Ok(request) => {
                    let number = request.number.clone();
                    toasts.success(move || ts!(i18n, software.requests.sent, number = number.clone()));
                    let next = if is_admin {
                        AppRoute::AccountRequests { account: account_id, status: None }
                    } else {
                        AppRoute::AccountSoftwareProduct { account: account_id, code, view: ProductView::default() }
                    };
                    navigate(&next.href(), Default::default());
                }
                // Refused fields are shown next to them, on the step where they are edited.
                Err(error) if error.has_fields() => step.set(Step::Edit),
                Err(_) => {}
            }
            result
        }
    })
}

/// The form of one licence request: the state every kind shares, then the kind's own form.
#[component]
fn RequestForm(detail: ProductDetail, kind: RequestKind) -> impl IntoView {
    let first = subscriptions_for(&detail, kind).into_iter().next().map(|s| s.0).unwrap_or_default();
    let step = RwSignal::new(Step::Edit);
    let state = RequestState {
        detail: StoredValue::new(detail),
        kind,
        subscription: RwSignal::new(first),
        note: RwSignal::new(String::new()),
        step,
        submit: send_request(step),
    };
    match kind {
        RequestKind::PreviousVersion => view! { <PreviousVersionRequest state=state /> }.into_any(),
        RequestKind::HomeUse => view! { <HomeUseRequest state=state /> }.into_any(),
        RequestKind::PhysicalMedia => view! { <PhysicalMediaRequest state=state /> }.into_any(),
        RequestKind::NetworkLicence => view! { <NetworkLicenceRequest state=state /> }.into_any(),
    }
}

/// The card every kind of request is made in: title, typical time, errors, note and buttons.
#[component]
fn RequestFrame(
    /// What every kind of request shares.
    state: RequestState,
    /// The request as it will be sent, from what was typed.
    request: Callback<(), CreateLicenceRequest>,
    /// What the confirmation step shows (only physical media has one).
    #[prop(optional, into)]
    summary: Option<ViewFn>,
    /// The kind's own fields, above the note.
    children: Children,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let RequestState { detail: d, kind, step, submit, .. } = state;
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if kind == RequestKind::PhysicalMedia && step.get_untracked() == Step::Edit {
            step.set(Step::Confirm);
            return;
        }
        submit.dispatch(request.run(()));
    };
    let submit_label = Signal::derive(move || {
        if kind == RequestKind::PhysicalMedia && step.get() == Step::Edit {
            ts!(i18n, software.requests.review)
        } else if kind == RequestKind::PhysicalMedia {
            ts!(i18n, software.requests.confirm_submit)
        } else {
            ts!(i18n, software.requests.submit)
        }
        .to_string()
    });
    view! { class=class,
        <section class="card" aria-labelledby="request-title">
            <h2 id="request-title" class="card-title">{move || request_title(i18n, kind)}</h2>
            <p class="muted">{move || d.with_value(|d| d.name.clone())}</p>
            <p class="alert alert-info" data-testid="typical-time">{move || { let _ = i18n.get_locale(); d.with_value(|d| typical_time(i18n, d, kind)) }}</p>
            <form class="form" on:submit=on_submit>
                <FormAlert error=Signal::derive(move || action_error(submit).get().filter(|e| !e.has_fields())) />
                <OtherFieldErrors error=action_error(submit) shown=Signal::stored(inline_fields(kind)) label=field_label />
                <div hidden=move || step.get() != Step::Edit>
                    {children()}
                    <NoteField state=state />
                </div>
                {move || (step.get() == Step::Confirm).then(|| view! { class=class,
                    <div class="confirm-step">
                        <h3 class="small-title">{tv!(i18n, software.requests.confirm_title)}</h3>
                        <p>{tv!(i18n, software.requests.confirm_intro)}</p>
                        {summary.as_ref().map(ViewFn::run)}
                    </div>
                })}
                <div class="form-actions">
                    <SubmitButton
                        busy=submit.pending()
                        label=submit_label
                        busy_label=Signal::derive(move || ts!(i18n, software.requests.sending).to_string())
                    />
                    {move || (step.get() == Step::Confirm).then(|| view! {
                        <button type="button" class="btn btn-secondary" on:click=move |_| step.set(Step::Edit)>
                            {tv!(i18n, software.requests.edit)}
                        </button>
                    })}
                </div>
            </form>
        </section>
    }
}

/// The subscription the request is for: a choice when more than one applies.
#[component]
fn SubscriptionField(state: RequestState) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let subscription = state.subscription;
    let options = state.detail.with_value(|d| subscriptions_for(d, state.kind));
    (options.len() > 1).then(|| {
        view! { class=class,
            <div class="field">
                <label class="field-label" for="request-subscription">{tv!(i18n, software.requests.subscription)}</label>
                <select id="request-subscription" class="input select" on:change=move |ev| subscription.set(event_target_value(&ev))>
                    {options.into_iter().map(|(id, number, licence)| {
                        let selected = subscription.get_untracked() == id;
                        let label = move || format!(
                            "{} · {}",
                            ts!(i18n, software.products.contract, number = number.clone()),
                            text::licence_name(i18n, licence)
                        );
                        view! { <option value=id selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    })
}

/// The version to request (a previous version, or the version of the media).
#[component]
fn VersionField(
    /// The versions to choose from.
    versions: Vec<String>,
    /// The chosen version.
    version: RwSignal<String>,
    /// Sends the request; a refused version shows here.
    submit: Action<CreateLicenceRequest, ApiResult<LicenceRequest>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let version_error = error_of(submit, &["version"]);
    view! { class=class,
        <div class="field" class:field-invalid=move || version_error.with(Option::is_some)>
            <label class="field-label" for="request-version">{tv!(i18n, software.requests.version)}</label>
            <select
                id="request-version"
                class="input select"
                aria-invalid=move || if version_error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby="request-version-error"
                on:change=move |ev| version.set(event_target_value(&ev))
                prop:value=move || version.get()
            >
                {versions.into_iter().map(|v| {
                    let selected = version.get_untracked() == v;
                    view! { <option value=v.clone() selected=selected>{v.clone()}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id="request-version-error">{move || version_error.get()}</p>
        </div>
    }
}

/// The optional note every request has.
#[component]
fn NoteField(state: RequestState) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let note = state.note;
    let note_error = error_of(state.submit, &["note"]);
    view! { class=class,
        <div class="field">
            <label class="field-label" for="request-note">
                {tv!(i18n, software.requests.note)} <span class="field-optional">" (" {tv!(i18n, core.fields.optional)} ")"</span>
            </label>
            <textarea
                id="request-note"
                class="input textarea"
                maxlength="500"
                aria-describedby="request-note-error"
                aria-invalid=move || if note_error.with(Option::is_some) { "true" } else { "false" }
                bind:value=note
            ></textarea>
            <p class="field-error" id="request-note-error">{move || note_error.get()}</p>
        </div>
    }
}
