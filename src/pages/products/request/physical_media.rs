//! A request for physical media: the version, the language of the files and a shipping address
//! (prefilled from the profile), then a confirmation step that shows it all as it will be sent.

use leptos::prelude::*;
use seatwise_api::{CreateLicenceRequest, LicenceRequest, ShippingAddress, FILE_LANGUAGES};

use super::super::{area_class, file_language_name};
use super::{error_of, RequestFrame, RequestState, SubscriptionField, VersionField};
use crate::api::ApiResult;
use crate::components::form::{CountrySelect, TextField};
use crate::i18n::*;
use crate::intl;
use crate::session::use_session;
use crate::text::{self, I18n};

/// The shipping address as typed, one signal per field.
#[derive(Clone, Copy)]
struct AddressFields {
    name: RwSignal<String>,
    company: RwSignal<String>,
    street: RwSignal<String>,
    postcode: RwSignal<String>,
    city: RwSignal<String>,
    country: RwSignal<String>,
    phone: RwSignal<String>,
}

impl AddressFields {
    /// Prefilled from the signed-in person's profile.
    fn from_profile(i18n: I18n) -> Self {
        let me = use_session().user();
        AddressFields {
            name: RwSignal::new(me.as_ref().map(|m| text::person_name(i18n, &m.first_name, &m.last_name)).unwrap_or_default()),
            company: RwSignal::new(me.as_ref().map(|m| m.company.clone()).unwrap_or_default()),
            street: RwSignal::new(me.as_ref().map(|m| m.street.clone()).unwrap_or_default()),
            postcode: RwSignal::new(me.as_ref().map(|m| m.postcode.clone()).unwrap_or_default()),
            city: RwSignal::new(me.as_ref().map(|m| m.city.clone()).unwrap_or_default()),
            country: RwSignal::new(me.as_ref().map(|m| m.country.clone()).unwrap_or_default()),
            phone: RwSignal::new(me.as_ref().map(|m| m.phone.clone()).unwrap_or_default()),
        }
    }

    /// The address as it will be sent.
    fn address(self) -> ShippingAddress {
        ShippingAddress {
            name: self.name.get_untracked().trim().to_owned(),
            company: self.company.get_untracked().trim().to_owned(),
            street: self.street.get_untracked().trim().to_owned(),
            postal_code: self.postcode.get_untracked().trim().to_owned(),
            city: self.city.get_untracked().trim().to_owned(),
            country: self.country.get_untracked(),
            phone: self.phone.get_untracked().trim().to_owned(),
        }
    }
}

/// The physical media form: version, language and shipping address, then a confirmation step.
#[component]
pub(super) fn PhysicalMediaRequest(state: RequestState) -> impl IntoView {
    let i18n = use_i18n();
    let versions: Vec<String> = state.detail.with_value(|d| d.releases.iter().map(|r| r.version.clone()).collect());
    let version = RwSignal::new(versions.first().cloned().unwrap_or_default());
    let ui_language = text::tag(i18n).to_owned();
    let language = RwSignal::new(if FILE_LANGUAGES.contains(&ui_language.as_str()) { ui_language } else { "multi".to_owned() });
    let address = AddressFields::from_profile(i18n);
    let request = Callback::new(move |()| CreateLicenceRequest {
        version: Some(version.get_untracked()),
        language: Some(language.get_untracked()),
        shipping: Some(address.address()),
        ..state.shared_fields()
    });
    view! {
        <RequestFrame state=state request=request summary=move || view! { <RequestSummary state=state request=request /> }>
            <SubscriptionField state=state />
            <VersionField versions=versions version=version submit=state.submit />
            <LanguageField language=language submit=state.submit />
            <ShippingFields address=address submit=state.submit />
        </RequestFrame>
    }
}

/// The language of the files on the media.
#[component]
fn LanguageField(
    /// The chosen language.
    language: RwSignal<String>,
    /// Sends the request; a refused language shows here.
    submit: Action<CreateLicenceRequest, ApiResult<LicenceRequest>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let language_error = error_of(submit, &["language"]);
    view! { class=class,
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
    }
}

/// Where the media goes: name, company, street, postcode, city, country and phone.
#[component]
fn ShippingFields(
    /// The address as typed.
    address: AddressFields,
    /// Sends the request; refused address fields show next to them.
    submit: Action<CreateLicenceRequest, ApiResult<LicenceRequest>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let AddressFields { name: ship_name, company: ship_company, street: ship_street, postcode: ship_postcode, city: ship_city, country: ship_country, phone: ship_phone } = address;
    view! { class=class,
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
    }
}

/// The confirmation step's summary: product, version, language and address, as they will be sent.
#[component]
fn RequestSummary(
    /// What every kind of request shares.
    state: RequestState,
    /// The request as it will be sent.
    request: Callback<(), CreateLicenceRequest>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    move || {
        let body = request.run(());
        let shipping = body.shipping.clone().unwrap_or(ShippingAddress {
            name: String::new(),
            company: String::new(),
            street: String::new(),
            postal_code: String::new(),
            city: String::new(),
            country: String::new(),
            phone: String::new(),
        });
        let country_name = seatwise_api::country(&shipping.country)
            .map(|c| intl::display_name(text::tag(i18n), "region", c))
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
        let product = state.detail.with_value(|d| d.name.clone());
        view! { class=class,
            <dl class="facts confirm-facts" data-testid="request-summary">
                <div class="fact"><dt>{tv!(i18n, software.requests.product)}</dt><dd>{product}</dd></div>
                <div class="fact"><dt>{tv!(i18n, software.requests.version)}</dt><dd>{body.version.clone().unwrap_or_default()}</dd></div>
                <div class="fact"><dt>{tv!(i18n, software.requests.language)}</dt><dd>{file_language_name(i18n, &body.language.clone().unwrap_or_default())}</dd></div>
                <div class="fact">
                    <dt>{tv!(i18n, software.requests.shipping_address)}</dt>
                    <dd>{address.into_iter().map(|l| view! { class=class, <span class="address-line">{l}</span> }).collect_view()}</dd>
                </div>
            </dl>
        }
    }
}
