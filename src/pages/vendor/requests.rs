//! `/vendor/requests`: licence requests of every customer account (oldest open first), filtered
//! by type, status and age in the URL, moved on by the vendor: approve and ship physical media,
//! send a serial number, issue a network licence file, or reject with a reason.

use leptos::ev::SubmitEvent;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{
    LicenceRequest, RequestKind, RequestStatus, ShippingAddress, UpdateRequestStatus, TEXT_MAX_CHARS,
};
use stylers::style_sheet;

use super::common::{request_kind_name, request_status_name};
use super::StaffOnly;
use crate::api::{self, ApiResult};
use crate::components::form::{FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{AppRoute, RequestQueueFilters};
use crate::text::{self, use_page_title, I18n};

fn page_class() -> &'static str {
    let class = style_sheet!("src/pages/vendor/requests.css");
    class
}

/// `/vendor/requests`
#[component]
pub fn RequestQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, vendor.request_queue.heading).to_string());
    view! { <StaffOnly><RequestQueue /></StaffOnly> }
}

/// A status change of one request: its id, its number (for the message) and the change.
type Move = (String, String, UpdateRequestStatus);
/// The request the change was for, and what the server said.
type Moved = (String, ApiResult<LicenceRequest>);

#[component]
fn RequestQueue() -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| query.with(RequestQueueFilters::from_query));
    let move_on: Action<Move, Moved> = Action::new_local(move |(id, number, body): &Move| {
        let call = api::update_request_status(id.clone(), body.clone());
        let (id, number, status) = (id.clone(), number.clone(), body.status);
        async move {
            let result = call.await;
            match &result {
                Ok(_) => toasts.success(move || done_message(i18n, status, &number)),
                // Field errors are shown next to their fields.
                Err(error) if error.has_fields() => {}
                Err(error) => toasts.error(error.clone()),
            }
            (id, result)
        }
    });
    let requests = LocalResource::new(move || {
        move_on.version().track();
        api::list_vendor_requests(filters.get())
    });

    let kind_ref = NodeRef::<Select>::new();
    let status_ref = NodeRef::<Select>::new();
    let age_ref = NodeRef::<Input>::new();
    // The filters are the URL: every change navigates.
    let apply = move || {
        let select = |r: NodeRef<Select>| r.get_untracked().map(|s| s.value()).filter(|v| !v.is_empty());
        let age = age_ref.get_untracked().and_then(|i| i.value().trim().parse::<u32>().ok());
        let next = RequestQueueFilters {
            kind: select(kind_ref).and_then(|v| RequestKind::parse(&v)),
            status: select(status_ref).and_then(|v| RequestStatus::parse(&v)),
            min_age_days: age,
        };
        navigate(&AppRoute::VendorRequests(next).href(), Default::default());
    };
    let on_submit = {
        let apply = apply.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let on_change = move |_| apply();
    let kind_options = move || {
        let current = filters.with(|f| f.kind.clone());
        RequestKind::ALL
            .into_iter()
            .map(|k| {
                let selected = current == Some(k);
                view! { <option value=k.as_str() selected=selected>{move || request_kind_name(i18n, k)}</option> }
            })
            .collect_view()
    };
    let status_options = move || {
        let current = filters.with(|f| f.status.clone());
        RequestStatus::ALL
            .into_iter()
            .map(|s| {
                let selected = current == Some(s);
                view! { <option value=s.as_str() selected=selected>{move || request_status_name(i18n, s)}</option> }
            })
            .collect_view()
    };

    let retry = Callback::new(move |_| requests.refetch());
    // Surfaces a failed load to the error boundary (and suspends the Transition while loading).
    let load_state = move || requests.get().map(|result| result.map(|_| ()));
    let items = Memo::new(move |_| match requests.get() {
        Some(Ok(list)) => Some(list.requests),
        _ => None,
    });
    let count = move || items.with(|i| i.as_ref().map(Vec::len));
    let summary = move || match count() {
        None => ().into_any(),
        Some(0) => view! { <p class="empty">{tv!(i18n, vendor.request_queue.empty)}</p> }.into_any(),
        Some(n) => view! { class=class,
            <p class="muted count">{move || ts_plural!(i18n, n, vendor.request_queue.count)}</p>
        }
        .into_any(),
    };
    // Keyed by id and last change: a card whose request did not change (a refused step) stays
    // as it is, with what was typed and which form was open.
    let list = view! { class=class,
        <ul class="requests">
            <For
                each=move || items.get().unwrap_or_default()
                key=|r| (r.id.clone(), r.updated_at.clone(), r.status)
                let:request
            >
                <RequestCard request=request action=move_on />
            </For>
        </ul>
    };

    view! { class=class,
        <section class="card" aria-labelledby="queue-title">
            <div class="section-head"><h2 id="queue-title">{tv!(i18n, vendor.request_queue.heading)}</h2></div>
            <p class="muted">{tv!(i18n, vendor.request_queue.intro)}</p>
            <form class="toolbar" role="search" aria-label=move || ts!(i18n, vendor.request_queue.filters) on:submit=on_submit>
                <div class="field">
                    <label class="field-label" for="filter-kind">{tv!(i18n, vendor.request_queue.kind)}</label>
                    <select id="filter-kind" class="input select" node_ref=kind_ref on:change=on_change.clone()
                        prop:value=move || filters.with(|f| f.kind.map(|k| k.as_str()).unwrap_or_default())>
                        <option value="">{tv!(i18n, vendor.request_queue.any)}</option>
                        {kind_options}
                    </select>
                </div>
                <div class="field">
                    <label class="field-label" for="filter-status">{tv!(i18n, vendor.request_queue.status)}</label>
                    <select id="filter-status" class="input select" node_ref=status_ref on:change=on_change
                        prop:value=move || filters.with(|f| f.status.map(|s| s.as_str()).unwrap_or_default())>
                        <option value="">{tv!(i18n, vendor.request_queue.any)}</option>
                        {status_options}
                    </select>
                </div>
                <div class="field">
                    <label class="field-label" for="filter-age">{tv!(i18n, vendor.request_queue.min_age)}</label>
                    <div class="search-row">
                        <input id="filter-age" class="input age" type="number" min="0" inputmode="numeric" node_ref=age_ref
                            prop:value=move || filters.with(|f| f.min_age_days.map(|d| d.to_string()).unwrap_or_default()) />
                        <button type="submit" class="btn btn-secondary">{tv!(i18n, vendor.request_queue.apply)}</button>
                    </div>
                </div>
            </form>
            <Loaded on_retry=retry>
                    {load_state}
                    {summary}
                    {list}
                </Loaded>
        </section>
    }
}

/// The toast after a request moved on.
fn done_message(i18n: I18n, status: RequestStatus, number: &str) -> String {
    match status {
        RequestStatus::Approved => ts!(i18n, vendor.request_queue.done.approved, number = number),
        RequestStatus::Shipped => ts!(i18n, vendor.request_queue.done.shipped, number = number),
        RequestStatus::Rejected => ts!(i18n, vendor.request_queue.done.rejected, number = number),
        RequestStatus::Fulfilled | RequestStatus::Requested => ts!(i18n, vendor.request_queue.done.fulfilled, number = number),
    }
}

/// Whole days since an RFC 3339 time, as "Today" or "N days".
fn age(i18n: I18n, created_at: &str) -> String {
    let created = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(created_at)).get_time();
    let days = if created.is_nan() { 0.0 } else { ((js_sys::Date::now() - created) / 86_400_000.0).floor().max(0.0) };
    if days < 1.0 {
        return ts!(i18n, vendor.request_queue.today).to_string();
    }
    ts_plural!(i18n, days as usize, vendor.request_queue.days)
}

/// What the vendor may do next with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Approve,
    Ship,
    Fulfil,
    IssueFile,
}

fn next_steps(kind: RequestKind, status: RequestStatus) -> (Option<Next>, bool) {
    use RequestKind::*;
    use RequestStatus::*;
    match (kind, status) {
        (PhysicalMedia, Requested) => (Some(Next::Approve), true),
        (PhysicalMedia, Approved) => (Some(Next::Ship), true),
        (PreviousVersion | HomeUse, Requested) => (Some(Next::Fulfil), true),
        (NetworkLicence, Requested) => (Some(Next::IssueFile), true),
        _ => (None, false),
    }
}

/// What was typed into a field of a card's form, trimmed.
fn typed(value: RwSignal<String>) -> Option<String> {
    Some(value.get_untracked().trim().to_owned())
}

/// The translated error of a field, from the last answer about this request.
fn field_error(outcome: Memo<Option<ApiResult<LicenceRequest>>>, field: &'static str) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || match outcome.get() {
        Some(Err(error)) => error.field(field).map(|code| text::field_message(i18n, field, code)),
        _ => None,
    })
}

/// One fact of a request: a label and its value.
fn fact(label: AnyView, value: AnyView) -> impl IntoView {
    view! { <div class="fact"><dt>{label}</dt><dd>{value}</dd></div> }
}

/// A fact shown only when it has a value.
fn optional(label: AnyView, value: Option<String>) -> Option<impl IntoView> {
    value.filter(|v| !v.trim().is_empty()).map(|v| fact(label, view! { {v} }.into_any()))
}

/// One request of the queue: its number, product and status, its facts and what may be done next.
#[component]
fn RequestCard(
    /// The request.
    request: LicenceRequest,
    /// Moves a request on (one action for the whole queue, so the list reloads after it).
    action: Action<Move, Moved>,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let status = request.status;
    let heading_id = format!("rq-{}", request.id);
    let labelled_by = heading_id.clone();
    let status_class = match status {
        RequestStatus::Requested => "badge badge-warning",
        RequestStatus::Approved => "badge",
        RequestStatus::Shipped | RequestStatus::Fulfilled => "badge badge-success",
        RequestStatus::Rejected => "badge badge-danger",
    };
    let number = request.number.clone();
    let product_name = request.product_name.clone();
    let (next, can_reject) = next_steps(request.kind, status);
    let has_actions = next.is_some() || can_reject || request.has_licence_file;
    let actions = has_actions.then(|| {
        view! {
            <StatusActions
                request_id=request.id.clone()
                number=request.number.clone()
                next=next
                can_reject=can_reject
                has_licence_file=request.has_licence_file
                action=action
            />
        }
    });
    view! { class=class,
        <li class="request">
            <article aria-labelledby=labelled_by>
                <header class="request-head">
                    <h3 id=heading_id class="request-title">
                        <span class="mono">{number}</span>
                        " · " {product_name}
                    </h3>
                    <span class=status_class>{move || request_status_name(i18n, status)}</span>
                </header>
                <RequestFacts request=request />
                {actions}
            </article>
        </li>
    }
}

/// The facts of a request: kind, account, who asked and when, contract and what the kind adds.
#[component]
fn RequestFacts(request: LicenceRequest) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let kind = request.kind;
    let created = request.created_at.clone();
    let requested_on = {
        let created = created.clone();
        move || intl::format_date_time(text::tag(i18n), &created)
    };
    let age_text = move || age(i18n, &created);
    let licence = request.licence_type;
    let shipping = request.shipping.clone().map(|address| view! { <ShippingFact address=address /> });
    let language = request.language.clone().map(|code| {
        fact(
            view! { {tv!(i18n, vendor.request_queue.language)} }.into_any(),
            view! { {move || super::common::file_language_name(i18n, &code)} }.into_any(),
        )
    });
    view! { class=class,
        <dl class="facts request-facts">
            {fact(view! { {tv!(i18n, vendor.request_queue.kind)} }.into_any(), view! { {move || request_kind_name(i18n, kind)} }.into_any())}
            {fact(view! { {tv!(i18n, vendor.request_queue.account)} }.into_any(), view! { {request.account_name.clone()} }.into_any())}
            {fact(
                view! { {tv!(i18n, vendor.request_queue.requested_by)} }.into_any(),
                view! { {request.requested_by_name.clone()} <br /> <span class="muted break">{request.requested_by_email.clone()}</span> }.into_any(),
            )}
            {fact(view! { {tv!(i18n, vendor.request_queue.requested_on)} }.into_any(), view! { {requested_on} }.into_any())}
            {fact(view! { {tv!(i18n, vendor.request_queue.age)} }.into_any(), view! { {age_text} }.into_any())}
            {fact(
                view! { {tv!(i18n, vendor.request_queue.contract)} }.into_any(),
                view! { {request.contract_number.clone()} " · " {move || text::licence_name(i18n, licence)} }.into_any(),
            )}
            {optional(view! { {tv!(i18n, vendor.request_queue.version)} }.into_any(), request.version.clone())}
            {language}
            {shipping}
            {optional(view! { {tv!(i18n, vendor.request_queue.host_name)} }.into_any(), request.host_name.clone())}
            {optional(view! { {tv!(i18n, vendor.request_queue.host_id)} }.into_any(), request.host_id.clone())}
            {optional(view! { {tv!(i18n, vendor.request_queue.note)} }.into_any(), Some(request.note.clone()))}
            {optional(view! { {tv!(i18n, vendor.request_queue.serial_number)} }.into_any(), request.serial_number.clone())}
            {optional(view! { {tv!(i18n, vendor.request_queue.tracking_number)} }.into_any(), request.tracking_number.clone())}
            {optional(view! { {tv!(i18n, vendor.request_queue.reason)} }.into_any(), request.reason.clone())}
        </dl>
    }
}

/// The shipping address of a physical media request, as a fact.
#[component]
fn ShippingFact(address: ShippingAddress) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let country = address.country.clone();
    let region = move || intl::display_name(text::tag(i18n), "region", &country);
    let phone = (!address.phone.is_empty()).then(|| {
        let phone = address.phone.clone();
        view! { <br /> {tv!(i18n, vendor.request_queue.phone)} ": " {phone} }
    });
    fact(
        view! { {tv!(i18n, vendor.request_queue.shipping)} }.into_any(),
        view! { class=class,
            <address class="address">
                {address.name.clone()} <br />
                {(!address.company.is_empty()).then(|| view! { {address.company.clone()} <br /> })}
                {address.street.clone()} <br />
                {format!("{} {}", address.postal_code, address.city)} <br />
                {region}
                {phone}
            </address>
        }
        .into_any(),
    )
}

/// What the vendor may do with a request: the next step, rejecting it, its licence file.
#[component]
fn StatusActions(
    /// The request's id.
    request_id: String,
    /// The request's number (for the message once it moved on).
    number: String,
    /// The step that moves the request on, if any.
    next: Option<Next>,
    /// Whether the request may still be rejected.
    can_reject: bool,
    /// Whether a licence file was issued for the request.
    has_licence_file: bool,
    /// Moves a request on (one action for the whole queue).
    action: Action<Move, Moved>,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    // The last answer about this request, and whether a change of it is under way.
    let outcome = {
        let id = request_id.clone();
        Memo::new(move |_| {
            action.value().with(|v| v.as_ref().filter(|(rid, _)| *rid == id).map(|(_, r)| r.clone()))
        })
    };
    let busy = {
        let id = request_id.clone();
        Signal::derive(move || {
            action.pending().get() && action.input().with(|i| i.as_ref().is_some_and(|(rid, _, _)| *rid == id))
        })
    };
    let form_error = Signal::derive(move || match outcome.get() {
        Some(Err(error)) if error.has_fields() => Some(error),
        _ => None,
    });
    let send = {
        let (id, number) = (request_id.clone(), number.clone());
        Callback::new(move |change: UpdateRequestStatus| {
            action.dispatch((id.clone(), number.clone(), change));
        })
    };
    let change = |status: RequestStatus| UpdateRequestStatus { status, serial_number: None, tracking_number: None, reason: None };
    let next_view = next.map(|step| match step {
        Next::Approve => view! {
            <button type="button" class="btn btn-primary" disabled=move || busy.get()
                on:click=move |_| send.run(change(RequestStatus::Approved))>
                {tv!(i18n, vendor.request_queue.approve)}
            </button>
        }
        .into_any(),
        Next::IssueFile => view! {
            <button type="button" class="btn btn-primary" disabled=move || busy.get()
                on:click=move |_| send.run(change(RequestStatus::Fulfilled))>
                {tv!(i18n, vendor.request_queue.issue_file)}
            </button>
        }
        .into_any(),
        Next::Ship | Next::Fulfil => view! {
            <FulfilmentForm request_id=request_id.clone() shipping=step == Next::Ship send=send busy=busy outcome=outcome />
        }
        .into_any(),
    });
    let reject_view = can_reject.then(|| {
        view! { <RejectForm request_id=request_id.clone() send=send busy=busy outcome=outcome /> }
    });
    let licence_file = has_licence_file.then(|| {
        view! {
            <a class="btn btn-secondary" href=api::vendor_licence_file_href(&request_id) download>
                {tv!(i18n, vendor.request_queue.download_file)}
            </a>
        }
    });
    view! { class=class,
        <div class="request-actions">
            <FormAlert error=form_error />
            {next_view}
            {reject_view}
            {licence_file}
        </div>
    }
}

/// Ships physical media with its tracking number, or fulfils a request with a serial number.
#[component]
fn FulfilmentForm(
    /// The request's id (for the field's id).
    request_id: String,
    /// Shipping (a tracking number) rather than fulfilling (a serial number).
    shipping: bool,
    /// Sends a status change of the request.
    send: Callback<UpdateRequestStatus>,
    /// Whether a change of the request is under way.
    busy: Signal<bool>,
    /// The last answer about the request.
    outcome: Memo<Option<ApiResult<LicenceRequest>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(String::new());
    let (field, label, submit) = if shipping {
        ("tracking_number", Signal::derive(move || ts!(i18n, vendor.request_queue.tracking_number).to_string()),
         Signal::derive(move || ts!(i18n, vendor.request_queue.ship).to_string()))
    } else {
        ("serial_number", Signal::derive(move || ts!(i18n, vendor.request_queue.serial_number).to_string()),
         Signal::derive(move || ts!(i18n, vendor.request_queue.fulfil).to_string()))
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let change = if shipping {
            UpdateRequestStatus { status: RequestStatus::Shipped, serial_number: None, tracking_number: typed(value), reason: None }
        } else {
            UpdateRequestStatus { status: RequestStatus::Fulfilled, serial_number: typed(value), tracking_number: None, reason: None }
        };
        send.run(change);
    };
    let class = page_class();
    view! { class=class,
        <form class="form step-form" novalidate on:submit=on_submit>
            <TextField name=field id=format!("{field}-{request_id}") label=label value=value
                error=field_error(outcome, field) required=true maxlength=TEXT_MAX_CHARS />
            <SubmitButton busy=busy label=submit
                busy_label=Signal::derive(move || ts!(i18n, vendor.request_queue.working).to_string()) />
        </form>
    }
}

/// Rejects a request with a reason: a button that opens the form.
#[component]
fn RejectForm(
    /// The request's id (for the form's and field's ids).
    request_id: String,
    /// Sends a status change of the request.
    send: Callback<UpdateRequestStatus>,
    /// Whether a change of the request is under way.
    busy: Signal<bool>,
    /// The last answer about the request.
    outcome: Memo<Option<ApiResult<LicenceRequest>>>,
) -> impl IntoView {
    let class = page_class();
    let i18n = use_i18n();
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send.run(UpdateRequestStatus { status: RequestStatus::Rejected, serial_number: None, tracking_number: None, reason: typed(reason) });
    };
    let form_id = format!("reject-{request_id}");
    view! { class=class,
        <button type="button" class="btn btn-secondary"
            aria-expanded=move || if rejecting.get() { "true" } else { "false" }
            aria-controls=form_id.clone()
            on:click=move |_| rejecting.update(|r| *r = !*r)>
            {tv!(i18n, vendor.request_queue.reject)}
        </button>
        <div id=form_id hidden=move || !rejecting.get()>
            <form class="form step-form" novalidate on:submit=on_submit>
                <TextField name="reason" id=format!("reason-{request_id}")
                    label=Signal::derive(move || ts!(i18n, vendor.request_queue.reason).to_string())
                    value=reason error=field_error(outcome, "reason") required=true maxlength=TEXT_MAX_CHARS />
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger" disabled=move || busy.get()>
                        {tv!(i18n, vendor.request_queue.reject_submit)}
                    </button>
                    <button type="button" class="btn btn-secondary" on:click=move |_| rejecting.set(false)>
                        {tv!(i18n, core.common.cancel)}
                    </button>
                </div>
            </form>
        </div>
    }
}
