//! The vendor's back office (vendor staff only): customer accounts with their contracts and
//! subscriptions, and the product catalogue.

mod case;
mod cases;
mod catalogue;
mod common;
mod prices;
mod publish;

pub(crate) use prices::parse_amount;
mod product;
mod requests;
mod routes;

use routes::VendorRoutes;

use catalogue::CataloguePage;
use prices::PriceBookPage;
use product::VendorProductPage;
use requests::RequestQueuePage;
use case::StaffCasePage;
use cases::CaseQueuePage;

// The back office's routes, then one chunk per part.
crate::area_pages! { seatwise_backoffice, [crate::texts::Ns::Vendor];
    Area(backoffice_view) => VendorRoutes,
}
crate::area_pages! { seatwise_vendor, [crate::texts::Ns::Vendor, crate::texts::Ns::Accounts];
    Accounts(vendor_accounts_view) => VendorAccountsPage,
    Account(vendor_account_view) => VendorAccountPage,
}
crate::area_pages! { seatwise_catalogue, [crate::texts::Ns::Vendor];
    Catalogue(catalogue_view) => CataloguePage,
    Product(vendor_product_view) => VendorProductPage,
}
crate::area_pages! { seatwise_queue, [crate::texts::Ns::Vendor];
    Queue(request_queue_view) => RequestQueuePage,
}
crate::area_pages! { seatwise_prices, [crate::texts::Ns::Vendor];
    Prices(price_book_view) => PriceBookPage,
}
// The support queue and a case as staff see it: one chunk, one page that shows either by the
// URL (every page of a chunk costs the first download a loader stub).
crate::area_pages! { seatwise_support_staff, [crate::texts::Ns::Support];
    Staff(support_staff_view) => StaffSupportPage,
}

/// `/vendor/support` and `/vendor/support/:case`.
#[component]
fn StaffSupportPage() -> impl IntoView {
    let params = use_params_map();
    let one_case = Memo::new(move |_| params.with(|p| p.get(paths::CASE_ID).is_some()));
    move || {
        if one_case.get() {
            view! { <StaffCasePage /> }.into_any()
        } else {
            view! { <CaseQueuePage /> }.into_any()
        }
    }
}


use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};
use seatwise_api::{
    CreateAccountRequest, CreateContractRequest, CreateSubscriptionRequest,
    LicenceType, Term, VendorAccountDetail, EMAIL_MAX_CHARS, LOCALES, NAME_MAX_CHARS,
    TEXT_MAX_CHARS,
};

use crate::components::table::{Column, DataTable};
use crate::api;
use crate::session::use_session;
use crate::components::form::{
    action_error, field_error, CheckboxField, CountrySelect, FormAlert, SubmitButton, TextField,
};
use crate::components::guard::RequireUser;
use crate::components::load::{Loaded, Loading};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AppRoute};
use crate::text::{self, use_page_title};

/// Vendor staff only; everyone else is told they lack permission.
#[component]
pub(crate) fn StaffOnly(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let inner = move || match session.accounts.get() {
        None | Some(Ok(None)) => view! { <Loading /> }.into_any(),
        Some(Ok(Some(mine))) if mine.vendor_staff => children().into_any(),
        _ => view! {
            <div class="alert alert-error" role="alert"><p>{tv!(i18n, core.errors.forbidden)}</p></div>
        }
        .into_any(),
    };
    let location = use_location();
    let current = move |href: String| {
        move || location.pathname.with(|p| p.starts_with(&href)).then_some("page")
    };
    view! {
        <RequireUser>
            <div class="container page">
                <header class="area-header">
                    <div>
                        <h1>{tv!(i18n, vendor.vendor.title)}</h1>
                        <p class="area-meta">{tv!(i18n, vendor.vendor.intro)}</p>
                    </div>
                </header>
                <nav aria-label=move || ts!(i18n, vendor.vendor.sections)>
                    <ul class="tabs">
                        <li><A href=AppRoute::VendorHome.href() attr:class="tab" attr:aria-current=current(AppRoute::VendorHome.href())>{tv!(i18n, vendor.vendor.home)}</A></li>
                        <li><A href=AppRoute::Vendor.href() attr:class="tab" attr:aria-current=current(AppRoute::Vendor.href())>{tv!(i18n, vendor.vendor.accounts)}</A></li>
                        <li><A href=AppRoute::VendorProducts.href() attr:class="tab" attr:aria-current=current(AppRoute::VendorProducts.href())>{tv!(i18n, vendor.vendor.products)}</A></li>
                        <li><A href=AppRoute::VendorRequests(Default::default()).href() attr:class="tab" attr:aria-current=current(AppRoute::VendorRequests(Default::default()).href())>{tv!(i18n, vendor.request_queue.tab)}</A></li>
                        <li><A href=AppRoute::VendorCases(Default::default()).href() attr:class="tab" attr:aria-current=current(AppRoute::VendorCases(Default::default()).href())>{tv!(i18n, vendor.vendor.support)}</A></li>
                        <li><A href=AppRoute::VendorHelpLinks.href() attr:class="tab" attr:aria-current=current(AppRoute::VendorHelpLinks.href())>{tv!(i18n, vendor.vendor.help_links)}</A></li>
                        <li><A href=AppRoute::VendorPrices.href() attr:class="tab" attr:aria-current=current(AppRoute::VendorPrices.href())>{tv!(i18n, vendor.prices.tab)}</A></li>
                        <li><A href=AppRoute::VendorInvoices { status: None }.href() attr:class="tab" attr:aria-current=current(AppRoute::VendorInvoices { status: None }.href())>{tv!(i18n, accounts.vendor_invoices.tab)}</A></li>
                    </ul>
                </nav>
                {inner.clone()}
            </div>
        </RequireUser>
    }
}

fn locale_select(i18n: text::I18n, value: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field-label" for="field-manager_locale">{tv!(i18n, vendor.vendor.manager_locale)}</label>
            <select id="field-manager_locale" class="input select" on:change=move |ev| value.set(event_target_value(&ev))>
                {LOCALES
                    .iter()
                    .map(|tag| {
                        let tag = *tag;
                        let name = move || match tag.parse::<Locale>() {
                            Ok(locale) => text::language_name(i18n, locale),
                            Err(_) => tag.to_owned(),
                        };
                        view! { <option value=tag selected=move || value.get() == tag>{name}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// `/vendor/accounts`
#[component]
pub fn VendorAccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, vendor.vendor.accounts).to_string());
    view! { <StaffOnly><VendorAccounts /></StaffOnly> }
}

#[component]
fn VendorAccounts() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let name = RwSignal::new(String::new());
    let country = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let first = RwSignal::new(String::new());
    let last = RwSignal::new(String::new());
    let locale = RwSignal::new("en".to_owned());
    let create = Action::new_local(move |request: &CreateAccountRequest| {
        let request = api::create_vendor_account(request.clone());
        async move {
            let result = request.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.vendor.account_created).to_string());
            }
            result
        }
    });
    let accounts = LocalResource::new(move || {
        create.version().track();
        api::list_vendor_accounts()
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateAccountRequest {
            name: name.get_untracked().trim().to_owned(),
            country: country.get_untracked(),
            manager_email: email.get_untracked().trim().to_owned(),
            manager_first_name: first.get_untracked().trim().to_owned(),
            manager_last_name: last.get_untracked().trim().to_owned(),
            manager_locale: Some(locale.get_untracked()),
        });
    };
    let retry = Callback::new(move |_| accounts.refetch());
    let rows = move || {
        accounts.get().map(|result| {
            result.map(|list| {
                let rows = list
                    .accounts
                    .into_iter()
                    .map(|a| {
                        let created = a.created_at.clone();
                        view! {
                            <tr>
                                <td><A href=AppRoute::VendorAccount(a.id.clone()).href()>{a.name.clone()}</A></td>
                                <td class="num">{a.number.clone()}</td>
                                <td>{a.country.clone()}</td>
                                <td class="num">{move || text::number(i18n, a.member_count as usize)}</td>
                                <td class="num">{move || text::number(i18n, a.contract_count as usize)}</td>
                                <td class="num">{move || intl::format_date(text::tag(i18n), &created)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, vendor.vendor.account_name)),
                        Column::new(tv!(i18n, vendor.vendor.number)),
                        Column::new(tv!(i18n, core.fields.country)),
                        Column::new(tv!(i18n, accounts.teams.members)),
                        Column::new(tv!(i18n, vendor.vendor.contracts)),
                        Column::new(tv!(i18n, vendor.vendor.created)),
                    ]>
                        {rows}
                    </DataTable>
                }
            })
        })
    };
    view! {
        <div class="detail-grid">
            <section class="card">
                <div class="section-head"><h2>{tv!(i18n, vendor.vendor.accounts)}</h2></div>
                <Loaded on_retry=retry>
                        {rows}
                    </Loaded>
            </section>
            <section class="card" aria-labelledby="create-account">
                <h2 id="create-account" class="card-title">{tv!(i18n, vendor.vendor.create_account)}</h2>
                <form class="form" novalidate on:submit=on_submit>
                    <FormAlert error=action_error(create) />
                    <TextField name="name" label=Signal::derive(move || ts!(i18n, vendor.vendor.account_name).to_string())
                        value=name error=field_error(create, "name") required=true maxlength=TEXT_MAX_CHARS />
                    <CountrySelect value=country error=field_error(create, "country") required=true />
                    <TextField name="manager_email" label=Signal::derive(move || ts!(i18n, vendor.vendor.manager_email).to_string())
                        value=email error=field_error(create, "manager_email") input_type="email" required=true maxlength=EMAIL_MAX_CHARS />
                    <TextField name="manager_first_name" label=Signal::derive(move || ts!(i18n, vendor.vendor.manager_first_name).to_string())
                        value=first error=field_error(create, "manager_first_name") required=true maxlength=NAME_MAX_CHARS />
                    <TextField name="manager_last_name" label=Signal::derive(move || ts!(i18n, vendor.vendor.manager_last_name).to_string())
                        value=last error=field_error(create, "manager_last_name") required=true maxlength=NAME_MAX_CHARS />
                    {locale_select(i18n, locale)}
                    <SubmitButton
                        busy=create.pending()
                        label=Signal::derive(move || ts!(i18n, vendor.vendor.create_account).to_string())
                        busy_label=Signal::derive(move || ts!(i18n, vendor.vendor.creating).to_string())
                        extra_class="btn-block"
                    />
                </form>
            </section>
        </div>
    }
}

/// `/vendor/accounts/:account`
#[component]
pub fn VendorAccountPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, vendor.vendor.account_title).to_string());
    view! { <StaffOnly><VendorAccountView /></StaffOnly> }
}

#[component]
fn VendorAccountView() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get(paths::VENDOR_ACCOUNT_ID).unwrap_or_default()));
    let add_contract = Action::new_local(move |request: &CreateContractRequest| {
        let request = api::create_contract(id.get_untracked(), request.clone());
        async move {
            let result = request.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.vendor.contract_created).to_string());
            }
            result
        }
    });
    let add_subscription = Action::new_local(move |(contract, request): &(String, CreateSubscriptionRequest)| {
        let request = api::create_subscription(contract.clone(), request.clone());
        async move {
            let result = request.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.vendor.subscription_created).to_string());
            }
            result
        }
    });
    let detail = LocalResource::new(move || {
        add_contract.version().track();
        add_subscription.version().track();
        api::get_vendor_account(id.get())
    });
    let retry = Callback::new(move |_| detail.refetch());
    let content = move || {
        detail.get().map(|result| {
            result.map(|detail| view! { <AccountDetail detail=detail add_contract=add_contract add_subscription=add_subscription /> })
        })
    };
    view! {
        <A href=AppRoute::Vendor.href() attr:class="back-link">{tv!(i18n, vendor.vendor.back)}</A>
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

#[component]
fn AccountDetail(
    detail: VendorAccountDetail,
    add_contract: Action<CreateContractRequest, api::ApiResult<seatwise_api::Contract>>,
    add_subscription: Action<(String, CreateSubscriptionRequest), api::ApiResult<seatwise_api::Subscription>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = detail.account.clone();
    let manager = detail.manager_email.clone();
    let contracts = detail
        .contracts
        .iter()
        .map(|c| {
            let (start, end) = (c.start_date.clone(), c.end_date.clone());
            view! {
                <tr>
                    <td class="num">{c.number.clone()}</td>
                    <td class="num">{move || format!("{} – {}", intl::format_plain_date(text::tag(i18n), &start), intl::format_plain_date(text::tag(i18n), &end))}</td>
                    <td>{c.partner_name.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let subscriptions = detail
        .subscriptions
        .iter()
        .map(|s| {
            let s = s.clone();
            let licence = s.licence_type;
            let term = s.term;
            view! {
                <tr>
                    <td>{s.product_name.clone()}</td>
                    <td class="num">{s.contract_number.clone()}</td>
                    <td>{move || text::licence_name(i18n, licence)}</td>
                    <td>{move || text::term_name(i18n, term)}</td>
                    <td class="num">{move || text::seats(i18n, s.seats_used, s.seats)}</td>
                </tr>
            }
        })
        .collect_view();
    let contract_choices: Vec<(String, String)> = detail.contracts.iter().map(|c| (c.id.clone(), c.number.clone())).collect();
    view! {
        <div class="detail-grid">
            <div class="detail-main">
                <section class="card" aria-labelledby="vendor-account-name">
                    <h2 id="vendor-account-name" class="card-title">{account.name.clone()}</h2>
                    <dl class="facts">
                        <div class="fact"><dt>{tv!(i18n, vendor.vendor.number)}</dt><dd class="mono">{account.number.clone()}</dd></div>
                        <div class="fact"><dt>{tv!(i18n, core.fields.country)}</dt><dd>{account.country.clone()}</dd></div>
                        <div class="fact"><dt>{tv!(i18n, vendor.vendor.manager)}</dt>
                            <dd>{move || manager.clone().unwrap_or_else(|| ts!(i18n, vendor.vendor.manager_pending).to_string())}</dd></div>
                    </dl>
                </section>
                <section class="card" aria-labelledby="vendor-contracts">
                    <h2 id="vendor-contracts" class="card-title">{tv!(i18n, vendor.vendor.contracts)}</h2>
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, vendor.vendor.contract_number)),
                        Column::new(tv!(i18n, vendor.vendor.period)),
                        Column::new(tv!(i18n, vendor.vendor.partner_name)),
                    ]>
                        {contracts}
                    </DataTable>
                </section>
                <section class="card" aria-labelledby="vendor-subscriptions">
                    <h2 id="vendor-subscriptions" class="card-title">{tv!(i18n, vendor.vendor.subscriptions)}</h2>
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, vendor.vendor.product)),
                        Column::new(tv!(i18n, vendor.vendor.contract_number)),
                        Column::new(tv!(i18n, vendor.vendor.licence_type)),
                        Column::new(tv!(i18n, vendor.vendor.term)),
                        Column::new(tv!(i18n, vendor.vendor.seats)),
                    ]>
                        {subscriptions}
                    </DataTable>
                </section>
            </div>
            <div class="detail-side">
                <ContractForm action=add_contract />
                <SubscriptionForm action=add_subscription contracts=contract_choices />
            </div>
        </div>
    }
}

#[component]
fn ContractForm(action: Action<CreateContractRequest, api::ApiResult<seatwise_api::Contract>>) -> impl IntoView {
    let i18n = use_i18n();
    let number = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let partner = RwSignal::new(String::new());
    let partner_email = RwSignal::new(String::new());
    let partner_phone = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(CreateContractRequest {
            number: number.get_untracked().trim().to_owned(),
            start_date: start.get_untracked(),
            end_date: end.get_untracked(),
            partner_name: partner.get_untracked().trim().to_owned(),
            partner_email: partner_email.get_untracked().trim().to_owned(),
            partner_phone: partner_phone.get_untracked().trim().to_owned(),
            currency: String::new(),
        });
    };
    view! {
        <section class="card" aria-labelledby="add-contract">
            <h2 id="add-contract" class="card-title">{tv!(i18n, vendor.vendor.add_contract)}</h2>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(action) />
                <TextField name="number" label=Signal::derive(move || ts!(i18n, vendor.vendor.contract_number).to_string())
                    value=number error=field_error(action, "number") required=true maxlength=TEXT_MAX_CHARS />
                <TextField name="start_date" label=Signal::derive(move || ts!(i18n, vendor.vendor.start_date).to_string())
                    value=start error=field_error(action, "start_date") input_type="date" required=true />
                <TextField name="end_date" label=Signal::derive(move || ts!(i18n, vendor.vendor.end_date).to_string())
                    value=end error=field_error(action, "end_date") input_type="date" required=true />
                <TextField name="partner_name" label=Signal::derive(move || ts!(i18n, vendor.vendor.partner_name).to_string())
                    value=partner error=field_error(action, "partner_name") maxlength=TEXT_MAX_CHARS />
                <TextField name="partner_email" label=Signal::derive(move || ts!(i18n, vendor.vendor.partner_email).to_string())
                    value=partner_email error=field_error(action, "partner_email") input_type="email" maxlength=EMAIL_MAX_CHARS />
                <TextField name="partner_phone" label=Signal::derive(move || ts!(i18n, vendor.vendor.partner_phone).to_string())
                    value=partner_phone error=field_error(action, "partner_phone") input_type="tel" maxlength=TEXT_MAX_CHARS />
                <SubmitButton busy=action.pending()
                    label=Signal::derive(move || ts!(i18n, vendor.vendor.add_contract).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, vendor.vendor.creating).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
}

#[component]
fn SubscriptionForm(
    action: Action<(String, CreateSubscriptionRequest), api::ApiResult<seatwise_api::Subscription>>,
    /// Contract id and number of each contract of the account.
    contracts: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let products = LocalResource::new(api::list_products);
    let contract = RwSignal::new(contracts.first().map(|c| c.0.clone()).unwrap_or_default());
    let product = RwSignal::new(String::new());
    let licence = RwSignal::new("named_user".to_owned());
    let term = RwSignal::new("one_year".to_owned());
    let seats = RwSignal::new("1".to_owned());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let auto_renew = RwSignal::new(false);
    let credits = RwSignal::new("0".to_owned());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let licence_type = LicenceType::parse(&licence.get_untracked()).unwrap_or(LicenceType::NamedUser);
        let term_value = Term::parse(&term.get_untracked()).unwrap_or(Term::OneYear);
        action.dispatch((
            contract.get_untracked(),
            CreateSubscriptionRequest {
                product_id: product.get_untracked(),
                licence_type,
                seats: seats.get_untracked().trim().parse().unwrap_or(0),
                term: term_value,
                start_date: start.get_untracked(),
                end_date: end.get_untracked(),
                auto_renew: auto_renew.get_untracked(),
                // Not a number: beyond the limit, so the server names the field.
                cloud_credits: credits.get_untracked().trim().parse().unwrap_or(u32::MAX),
            },
        ));
    };
    let product_options = move || match products.get() {
        Some(Ok(list)) => list
            .products
            .into_iter()
            .map(|p| view! { <option value=p.id.clone()>{format!("{} ({})", p.name, p.code)}</option> })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    let no_contract = contracts.is_empty();
    let contract_options = contracts
        .into_iter()
        .map(|(id, number)| view! { <option value=id>{number}</option> })
        .collect_view();
    let select = |id: &'static str, label: Signal<String>, value: RwSignal<String>, options: AnyView| {
        view! {
            <div class="field">
                <label class="field-label" for=id>{move || label.get()}</label>
                <select id=id class="input select" on:change=move |ev| value.set(event_target_value(&ev))>
                    {options}
                </select>
            </div>
        }
    };
    let licence_options = view! {
        <option value="named_user">{move || text::licence_name(i18n, LicenceType::NamedUser)}</option>
        <option value="multi_user_network">{move || text::licence_name(i18n, LicenceType::MultiUserNetwork)}</option>
        <option value="standalone">{move || text::licence_name(i18n, LicenceType::Standalone)}</option>
    }
    .into_any();
    let term_options = view! {
        <option value="one_year">{move || text::term_name(i18n, Term::OneYear)}</option>
        <option value="monthly">{move || text::term_name(i18n, Term::Monthly)}</option>
        <option value="three_years">{move || text::term_name(i18n, Term::ThreeYears)}</option>
    }
    .into_any();
    view! {
        <section class="card" aria-labelledby="add-subscription">
            <h2 id="add-subscription" class="card-title">{tv!(i18n, vendor.vendor.add_subscription)}</h2>
            {if no_contract {
                view! { <p class="muted">{tv!(i18n, vendor.vendor.contract_first)}</p> }.into_any()
            } else {
                view! {
                    <form class="form" novalidate on:submit=on_submit>
                        <FormAlert error=action_error(action) />
                        {select("field-contract", Signal::derive(move || ts!(i18n, vendor.vendor.contract_number).to_string()), contract, contract_options.into_any())}
                        <div class="field">
                            <label class="field-label" for="field-product_id">{tv!(i18n, vendor.vendor.product)}</label>
                            <select id="field-product_id" class="input select" on:change=move |ev| product.set(event_target_value(&ev))>
                                <option value="">{tv!(i18n, vendor.vendor.choose_product)}</option>
                                {product_options}
                            </select>
                        </div>
                        {select("field-licence_type", Signal::derive(move || ts!(i18n, vendor.vendor.licence_type).to_string()), licence, licence_options)}
                        {select("field-term", Signal::derive(move || ts!(i18n, vendor.vendor.term).to_string()), term, term_options)}
                        <TextField name="seats" label=Signal::derive(move || ts!(i18n, vendor.vendor.seats).to_string())
                            value=seats error=field_error(action, "seats") input_type="number" required=true />
                        <TextField name="sub_start_date" label=Signal::derive(move || ts!(i18n, vendor.vendor.start_date).to_string())
                            value=start error=field_error(action, "start_date") input_type="date" required=true />
                        <TextField name="sub_end_date" label=Signal::derive(move || ts!(i18n, vendor.vendor.end_date).to_string())
                            value=end error=field_error(action, "end_date") input_type="date" required=true />
                        <TextField name="cloud_credits" label=Signal::derive(move || ts!(i18n, vendor.vendor.cloud_credits).to_string())
                            value=credits error=field_error(action, "cloud_credits") input_type="number" />
                        <CheckboxField name="auto_renew" label=Signal::derive(move || ts!(i18n, vendor.vendor.auto_renew).to_string()) checked=auto_renew />
                        <SubmitButton busy=action.pending()
                            label=Signal::derive(move || ts!(i18n, vendor.vendor.add_subscription).to_string())
                            busy_label=Signal::derive(move || ts!(i18n, vendor.vendor.creating).to_string())
                            extra_class="btn-block" />
                    </form>
                }
                .into_any()
            }}
        </section>
    }
}
