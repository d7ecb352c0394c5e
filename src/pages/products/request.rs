//! `/accounts/:account/software/:code/request/:kind`: the form of one licence request: a
//! previous version, home use, physical media (with a confirmation step) or a network licence
//! file. Field errors from the server appear next to their fields; what was typed stays.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use seatwise_api::{
    CreateLicenceRequest, LicenceRequest, LicenceType, ProductDetail, RequestAvailability, RequestKind,
    ShippingAddress, FILE_LANGUAGES,
};

use super::{area_class, file_language_name, OtherFieldErrors};
use crate::api::{self, ApiResult};
use crate::session::use_session;
use crate::components::form::{action_error, CountrySelect, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::account::use_account;
use crate::routes::{paths, AppRoute, ProductView};
use crate::text::{self, use_page_title, I18n};

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

#[component]
fn RequestForm(detail: ProductDetail, kind: RequestKind) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let me = session.user();
    let d = StoredValue::new(detail.clone());

    // The active subscriptions this kind of request applies to (a previous version to a
    // standalone licence, home use and licence files to a network licence), with their licence.
    let subscriptions: Vec<(String, String, LicenceType)> = detail
        .coverage
        .iter()
        .filter(|c| c.active && applies_to(kind, c.licence_type))
        .map(|c| (c.subscription_id.clone(), c.contract_number.clone(), c.licence_type))
        .collect();
    let subscription = RwSignal::new(subscriptions.first().map(|s| s.0.clone()).unwrap_or_default());
    let versions: Vec<String> = match kind {
        RequestKind::PreviousVersion => {
            let mut v: Vec<String> = detail.releases.iter().skip(1).map(|r| r.version.clone()).collect();
            v.extend(detail.other_versions.iter().cloned());
            v
        }
        _ => detail.releases.iter().map(|r| r.version.clone()).collect(),
    };
    let version = RwSignal::new(versions.first().cloned().unwrap_or_default());
    let ui_language = text::tag(i18n).to_owned();
    let language = RwSignal::new(if FILE_LANGUAGES.contains(&ui_language.as_str()) { ui_language } else { "multi".to_owned() });
    let host_name = RwSignal::new(String::new());
    let host_id = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    // Shipping address, prefilled from the profile.
    let ship_name = RwSignal::new(me.as_ref().map(|m| text::person_name(i18n, &m.first_name, &m.last_name)).unwrap_or_default());
    let ship_company = RwSignal::new(me.as_ref().map(|m| m.company.clone()).unwrap_or_default());
    let ship_street = RwSignal::new(me.as_ref().map(|m| m.street.clone()).unwrap_or_default());
    let ship_postcode = RwSignal::new(me.as_ref().map(|m| m.postcode.clone()).unwrap_or_default());
    let ship_city = RwSignal::new(me.as_ref().map(|m| m.city.clone()).unwrap_or_default());
    let ship_country = RwSignal::new(me.as_ref().map(|m| m.country.clone()).unwrap_or_default());
    let ship_phone = RwSignal::new(me.as_ref().map(|m| m.phone.clone()).unwrap_or_default());
    let step = RwSignal::new(Step::Edit);

    let is_admin = account.is_admin();
    let submit = Action::new_local(move |body: &CreateLicenceRequest| {
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
    });
    let build = move || CreateLicenceRequest {
        kind,
        product_code: d.with_value(|d| d.code.clone()),
        subscription_id: subscription.get_untracked(),
        version: matches!(kind, RequestKind::PreviousVersion | RequestKind::PhysicalMedia)
            .then(|| version.get_untracked()),
        language: (kind == RequestKind::PhysicalMedia).then(|| language.get_untracked()),
        shipping: (kind == RequestKind::PhysicalMedia).then(|| ShippingAddress {
            name: ship_name.get_untracked().trim().to_owned(),
            company: ship_company.get_untracked().trim().to_owned(),
            street: ship_street.get_untracked().trim().to_owned(),
            postal_code: ship_postcode.get_untracked().trim().to_owned(),
            city: ship_city.get_untracked().trim().to_owned(),
            country: ship_country.get_untracked(),
            phone: ship_phone.get_untracked().trim().to_owned(),
        }),
        host_name: (kind == RequestKind::NetworkLicence).then(|| host_name.get_untracked().trim().to_owned()),
        host_id: (kind == RequestKind::NetworkLicence).then(|| host_id.get_untracked().trim().to_owned()),
        note: note.get_untracked().trim().to_owned(),
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if kind == RequestKind::PhysicalMedia && step.get_untracked() == Step::Edit {
            step.set(Step::Confirm);
            return;
        }
        submit.dispatch(build());
    };

    let subscription_field = (subscriptions.len() > 1).then(|| {
        let options = subscriptions.clone();
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
    });
    let note_error = error_of(submit, &["note"]);
    let version_error = error_of(submit, &["version"]);
    let version_field = matches!(kind, RequestKind::PreviousVersion | RequestKind::PhysicalMedia).then(|| {
        let options = versions.clone();
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
                    {options.into_iter().map(|v| {
                        let selected = version.get_untracked() == v;
                        view! { <option value=v.clone() selected=selected>{v.clone()}</option> }
                    }).collect_view()}
                </select>
                <p class="field-error" id="request-version-error">{move || version_error.get()}</p>
            </div>
        }
    });
    let language_error = error_of(submit, &["language"]);
    let language_field = (kind == RequestKind::PhysicalMedia).then(|| view! { class=class,
        <div class="field" class:field-invalid=move || language_error.with(Option::is_some)>
            <label class="field-label" for="request-language">{tv!(i18n, software.requests.language)}</label>
            <select
                id="request-language"
                class="input select"
                aria-describedby="request-language-error"
                on:change=move |ev| language.set(event_target_value(&ev))
                prop:value=move || language.get()
            >
                {move || FILE_LANGUAGES.iter().map(|l| {
                    let selected = language.get_untracked() == *l;
                    view! { <option value=*l selected=selected>{file_language_name(i18n, l)}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id="request-language-error">{move || language_error.get()}</p>
        </div>
    });
    let shipping_fields = (kind == RequestKind::PhysicalMedia).then(|| view! { class=class,
        <fieldset class="fieldset">
            <legend>{tv!(i18n, software.requests.shipping_address)}</legend>
            <p class="field-hint">{tv!(i18n, software.requests.shipping_prefilled)}</p>
            <TextField name="ship_name" label=Signal::derive(move || ts!(i18n, software.requests.ship_name).to_string()) value=ship_name error=error_of(submit, &["shipping.name", "name"]) required=true autocomplete="name" />
            <TextField name="ship_company" label=Signal::derive(move || ts!(i18n, core.fields.company).to_string()) value=ship_company error=error_of(submit, &["shipping.company", "company"]) autocomplete="organization" />
            <TextField name="ship_street" label=Signal::derive(move || ts!(i18n, core.fields.street).to_string()) value=ship_street error=error_of(submit, &["shipping.street", "street"]) required=true autocomplete="street-address" />
            <TextField name="ship_postcode" label=Signal::derive(move || ts!(i18n, core.fields.postcode).to_string()) value=ship_postcode error=error_of(submit, &["shipping.postal_code", "postal_code"]) required=true autocomplete="postal-code" />
            <TextField name="ship_city" label=Signal::derive(move || ts!(i18n, core.fields.city).to_string()) value=ship_city error=error_of(submit, &["shipping.city", "city"]) required=true autocomplete="address-level2" />
            <CountrySelect value=ship_country error=error_of(submit, &["shipping.country", "country"]) required=true />
            <TextField name="ship_phone" label=Signal::derive(move || ts!(i18n, core.fields.phone).to_string()) value=ship_phone error=error_of(submit, &["shipping.phone", "phone"]) input_type="tel" autocomplete="tel" />
        </fieldset>
    });
    let network_fields = (kind == RequestKind::NetworkLicence).then(|| view! {
        <TextField name="host_name" label=Signal::derive(move || ts!(i18n, software.requests.host_name).to_string()) value=host_name error=error_of(submit, &["host_name"]) required=true hint=Signal::derive(move || Some(ts!(i18n, software.requests.host_name_hint).to_string())) />
        <TextField name="host_id" label=Signal::derive(move || ts!(i18n, software.requests.host_id).to_string()) value=host_id error=error_of(submit, &["host_id"]) required=true hint=Signal::derive(move || Some(ts!(i18n, software.requests.host_id_hint).to_string())) />
    });
    let home_use_note = (kind == RequestKind::HomeUse).then(|| view! { <p>{tv!(i18n, software.requests.home_use_intro)}</p> });
    let previous_note = (kind == RequestKind::PreviousVersion).then(|| view! { <p>{tv!(i18n, software.requests.previous_version_intro)}</p> });

    // The confirmation step of physical media: everything, as it will be sent.
    let summary = move || {
        let body = build();
        let shipping = body.shipping.clone().unwrap_or(ShippingAddress {
            name: String::new(),
            company: String::new(),
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            country: String::new(),
            phone: String::new(),
        });
        let country_name = seatwise_api::COUNTRIES
            .iter()
            .find(|c| **c == shipping.country)
            .map(|c| intl::sorted_regions(text::tag(i18n), &[c]).remove(0).1)
            .unwrap_or_else(|| shipping.country.clone());
        let address: Vec<String> = [
            shipping.name,
            shipping.company,
            shipping.street,
            format!("{} {}", shipping.postal_code, shipping.city).trim().to_owned(),
            country_name,
            shipping.phone,
        ]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
        let product = d.with_value(|d| d.name.clone());
        view! { class=class,
            <dl class="facts confirm-facts" data-testid="request-summary">
                <div class="fact"><dt>{tv!(i18n, software.requests.product)}</dt><dd>{product}</dd></div>
                <div class="fact"><dt>{tv!(i18n, software.requests.version)}</dt><dd>{body.version.clone().unwrap_or_default()}</dd></div>
                <div class="fact"><dt>{tv!(i18n, software.requests.language)}</dt><dd>{file_language_name(i18n, &body.language.clone().unwrap_or_default())}</dd></div>
                <div class="fact">
                    <dt>{tv!(i18n, software.requests.shipping_address)}</dt>
                    <dd>{address.into_iter().map(|l| view! { <span class="address-line">{l}</span> }).collect_view()}</dd>
                </div>
            </dl>
        }
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
                    {previous_note}
                    {home_use_note}
                    {subscription_field}
                    {version_field}
                    {language_field}
                    {shipping_fields}
                    {network_fields}
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
                </div>
                {move || (step.get() == Step::Confirm).then(|| view! { class=class,
                    <div class="confirm-step">
                        <h3 class="small-title">{tv!(i18n, software.requests.confirm_title)}</h3>
                        <p>{tv!(i18n, software.requests.confirm_intro)}</p>
                        {summary}
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
