//! `/vendor/prices`: the price book. A price is added from a day on and never changed, so what
//! was charged stays in the book; one not in force yet can be taken back.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use seatwise_api::{
    CurrencyInfo, ErrorCode, FieldErrorCode, LicenceType, NewPriceRequest, Price, PriceBook, PriceKind, PriceStatus, Term,
};

use super::StaffOnly;
use crate::api::{self, ApiError};
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::text::{self, use_page_title};

/// An amount typed in the currency's main unit (`1179`, `1179.5`, `1179,00`) in minor units;
/// `None` for anything else (no thousands separators: they differ by language).
pub(crate) fn parse_amount(s: &str, minor_units: u8) -> Option<i64> {
    let s = s.trim();
    let (whole, fraction) = match s.find(['.', ',']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let digits = |part: &str| part.chars().all(|c| c.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > usize::from(minor_units) {
        return None;
    }
    let fraction = format!("{fraction:0<width$}", width = usize::from(minor_units));
    let fraction: i64 = if fraction.is_empty() { 0 } else { fraction.parse().ok()? };
    whole.parse::<i64>().ok()?.checked_mul(10i64.checked_pow(u32::from(minor_units))?)?.checked_add(fraction)
}

fn kind_name(i18n: text::I18n, kind: PriceKind) -> String {
    match kind {
        PriceKind::New => ts!(i18n, vendor.prices.kinds.new),
        PriceKind::Renewal => ts!(i18n, vendor.prices.kinds.renewal),
    }
    .to_string()
}

/// `/vendor/prices`
#[component]
pub fn PriceBookPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, vendor.prices.title).to_string());
    view! { <StaffOnly><Prices /></StaffOnly> }
}

#[component]
fn Prices() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let filter = RwSignal::new(String::new());
    let products = LocalResource::new(api::list_products);
    let add = Action::new_local(move |request: &NewPriceRequest| {
        let request = api::add_price(request.clone());
        async move {
            let result = request.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, vendor.prices.added).to_string());
            }
            result
        }
    });
    let remove = Action::new_local(move |id: &String| {
        let request = api::remove_price(id.clone());
        async move {
            let result = request.await;
            match &result {
                Ok(()) => toasts.success(move || ts!(i18n, vendor.prices.removed).to_string()),
                // In force since the page was loaded.
                Err(ApiError::Server { code: ErrorCode::Conflict, .. }) => {
                    toasts.error_text(move || ts!(i18n, vendor.prices.in_force_now).to_string())
                }
                Err(e) => toasts.error(e.clone()),
            }
            result
        }
    });
    let book = LocalResource::new(move || {
        add.version().track();
        remove.version().track();
        api::price_book(filter.get())
    });
    let retry = Callback::new(move |_| book.refetch());
    let product_options = move || match products.get() {
        Some(Ok(list)) => list
            .products
            .into_iter()
            .map(|p| view! { <option value=p.id.clone()>{format!("{} ({})", p.name, p.code)}</option> })
            .collect_view()
            .into_any(),
        _ => ().into_any(),
    };
    let table = move || book.get().map(|result| result.map(|book| view! { <PriceTable book=book remove=remove /> }));
    // What the form is made from, as a memo: the book reloads after every add, refused ones too,
    // and a form made again would lose what was typed (the product, the amount).
    let form_setup = Memo::new(move |_| book.get().and_then(Result::ok).map(|book| (book.currencies, book.today)));
    let form = move || {
        form_setup
            .get()
            .map(|(currencies, today)| view! { <AddPrice add=add currencies=currencies today=today products=product_options /> })
    };
    view! {
        <div class="detail-grid">
            <section class="card" aria-labelledby="prices-title">
                <div class="section-head"><h2 id="prices-title">{tv!(i18n, vendor.prices.heading)}</h2></div>
                <p class="muted">{tv!(i18n, vendor.prices.intro)}</p>
                <div class="field">
                    <label class="field-label" for="field-filter-product">{tv!(i18n, vendor.vendor.product)}</label>
                    <select id="field-filter-product" class="input select" on:change=move |ev| filter.set(event_target_value(&ev))>
                        <option value="">{tv!(i18n, vendor.prices.all_products)}</option>
                        {product_options}
                    </select>
                </div>
                <Loaded on_retry=retry>{table}</Loaded>
            </section>
            {form}
        </div>
    }
}

#[component]
fn PriceTable(book: PriceBook, remove: Action<String, api::ApiResult<()>>) -> impl IntoView {
    let i18n = use_i18n();
    if book.prices.is_empty() {
        return view! { <p class="empty">{tv!(i18n, vendor.prices.empty)}</p> }.into_any();
    }
    let rows = book
        .prices
        .into_iter()
        .map(|p: Price| {
            let minor_units = seatwise_api::minor_units(&p.currency);
            let (licence, term, kind, status) = (p.licence_type, p.term, p.kind, p.status);
            let amount = move || intl::format_money(text::tag(i18n), p.amount_minor, &p.currency, minor_units);
            let from = p.effective_from.clone();
            let id = p.id.clone();
            let (badge, label) = match status {
                PriceStatus::InForce => ("badge badge-success", ts!(i18n, vendor.prices.status.in_force)),
                PriceStatus::Scheduled => ("badge badge-warning", ts!(i18n, vendor.prices.status.scheduled)),
                PriceStatus::Superseded => ("badge badge-muted", ts!(i18n, vendor.prices.status.superseded)),
            };
            let label = label.to_string();
            view! {
                <tr>
                    <td>{p.product_name.clone()} " " <span class="mono muted">{p.product_code.clone()}</span></td>
                    <td>{move || text::licence_name(i18n, licence)}</td>
                    <td>{move || text::term_name(i18n, term)}</td>
                    <td>{move || kind_name(i18n, kind)}</td>
                    <td class="num">{amount}</td>
                    <td>{move || intl::format_plain_date(text::tag(i18n), &from)}</td>
                    <td><span class=badge>{label}</span></td>
                    <td>
                        {(status == PriceStatus::Scheduled).then(|| view! {
                            <button type="button" class="btn btn-secondary btn-sm" disabled=move || remove.pending().get()
                                on:click=move |_| { remove.dispatch(id.clone()); }>
                                {tv!(i18n, vendor.prices.remove)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable columns=vec![
            Column::new(tv!(i18n, vendor.vendor.product)),
            Column::new(tv!(i18n, vendor.vendor.licence_type)),
            Column::new(tv!(i18n, vendor.vendor.term)),
            Column::new(tv!(i18n, vendor.prices.kind)),
            Column::num(tv!(i18n, vendor.prices.amount)),
            Column::new(tv!(i18n, vendor.prices.effective_from)),
            Column::new(tv!(i18n, vendor.prices.status_heading)),
            Column::hidden(tv!(i18n, vendor.prices.actions)),
        ]>
            {rows}
        </DataTable>
    }
    .into_any()
}

#[component]
fn AddPrice<P, V>(
    add: Action<NewPriceRequest, api::ApiResult<Price>>,
    currencies: Vec<CurrencyInfo>,
    today: String,
    products: P,
) -> impl IntoView
where
    P: Fn() -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let product = RwSignal::new(String::new());
    let licence = RwSignal::new(LicenceType::NamedUser.as_str().to_owned());
    let term = RwSignal::new(Term::OneYear.as_str().to_owned());
    let kind = RwSignal::new(PriceKind::Renewal.as_str().to_owned());
    let currency = RwSignal::new(currencies.iter().find(|c| c.code == "EUR").or(currencies.first()).map(|c| c.code.clone()).unwrap_or_default());
    let amount = RwSignal::new(String::new());
    let from = RwSignal::new(today);
    // A typed amount that is not one is refused here, in words; the server checks the rest.
    let bad_amount = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let code = currency.get_untracked();
        let Some(minor) = parse_amount(&amount.get_untracked(), seatwise_api::minor_units(&code)) else {
            bad_amount.set(true);
            return;
        };
        bad_amount.set(false);
        add.dispatch(NewPriceRequest {
            product_id: product.get_untracked(),
            licence_type: LicenceType::parse(&licence.get_untracked()).unwrap_or(LicenceType::NamedUser),
            term: Term::parse(&term.get_untracked()).unwrap_or(Term::OneYear),
            kind: PriceKind::parse(&kind.get_untracked()).unwrap_or(PriceKind::Renewal),
            currency: code,
            amount_minor: minor,
            effective_from: from.get_untracked(),
        });
    };
    let server_amount = field_error(add, "amount_minor");
    let amount_error = Signal::derive(move || match bad_amount.get() {
        true => Some(ts!(i18n, vendor.prices.amount_format).to_string()),
        false => server_amount.get(),
    });
    let product_error = field_error(add, "product_id");
    let from_server = field_error(add, "effective_from");
    let from_error = Signal::derive(move || {
        match add.value().with(|v| matches!(v, Some(Err(e)) if e.field("effective_from") == Some(FieldErrorCode::OutOfRange))) {
            true => Some(ts!(i18n, vendor.prices.from_past).to_string()),
            false => from_server.get(),
        }
    });
    // A price on the same day already: said in the price book's words.
    let form_error = Signal::derive(move || match add.value().get() {
        Some(Err(ApiError::Server { code: ErrorCode::Taken, .. })) => None,
        _ => action_error(add).get(),
    });
    let taken = move || matches!(add.value().get(), Some(Err(ApiError::Server { code: ErrorCode::Taken, .. })));
    let select = move |id: &'static str, label: Signal<String>, value: RwSignal<String>, options: AnyView| {
        view! {
            <div class="field">
                <label class="field-label" for=id>{move || label.get()}</label>
                <select id=id class="input select" on:change=move |ev| value.set(event_target_value(&ev))>
                    {options}
                </select>
            </div>
        }
    };
    let licence_options = LicenceType::ALL
        .into_iter()
        .map(|t| view! { <option value=t.as_str() selected=t == LicenceType::NamedUser>{move || text::licence_name(i18n, t)}</option> })
        .collect_view()
        .into_any();
    let term_options = Term::ALL
        .into_iter()
        .map(|t| view! { <option value=t.as_str() selected=t == Term::OneYear>{move || text::term_name(i18n, t)}</option> })
        .collect_view()
        .into_any();
    let kind_options = [PriceKind::Renewal, PriceKind::New]
        .into_iter()
        .map(|k| view! { <option value=k.as_str()>{move || kind_name(i18n, k)}</option> })
        .collect_view()
        .into_any();
    let chosen = currency.get_untracked();
    let currency_options = currencies
        .into_iter()
        .map(|c| {
            let selected = c.code == chosen;
            view! { <option value=c.code.clone() selected=selected>{c.code.clone()}</option> }
        })
        .collect_view()
        .into_any();
    view! {
        <section class="card" aria-labelledby="add-price">
            <h2 id="add-price" class="card-title">{tv!(i18n, vendor.prices.add)}</h2>
            <p class="muted">{tv!(i18n, vendor.prices.add_intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=form_error />
                {move || taken().then(|| view! {
                    <div class="alert alert-error" role="alert"><p>{tv!(i18n, vendor.prices.taken)}</p></div>
                })}
                <div class="field">
                    <label class="field-label" for="field-product_id">{tv!(i18n, vendor.vendor.product)}</label>
                    <select id="field-product_id" class="input select" required
                        aria-invalid=move || product_error.get().is_some().then_some("true")
                        aria-describedby=move || product_error.get().is_some().then_some("field-product_id-error")
                        on:change=move |ev| product.set(event_target_value(&ev))>
                        <option value="">{tv!(i18n, vendor.vendor.choose_product)}</option>
                        {products}
                    </select>
                    {move || product_error.get().map(|e| view! { <p id="field-product_id-error" class="field-error">{e}</p> })}
                </div>
                {select("field-licence_type", Signal::derive(move || ts!(i18n, vendor.vendor.licence_type).to_string()), licence, licence_options)}
                {select("field-term", Signal::derive(move || ts!(i18n, vendor.vendor.term).to_string()), term, term_options)}
                {select("field-kind", Signal::derive(move || ts!(i18n, vendor.prices.kind).to_string()), kind, kind_options)}
                {select("field-currency", Signal::derive(move || ts!(i18n, vendor.prices.currency).to_string()), currency, currency_options)}
                <TextField name="amount" label=Signal::derive(move || ts!(i18n, vendor.prices.amount_per_seat).to_string())
                    value=amount error=amount_error input_type="text" required=true />
                <TextField name="effective_from" label=Signal::derive(move || ts!(i18n, vendor.prices.effective_from).to_string())
                    value=from error=from_error input_type="date" required=true />
                <SubmitButton busy=add.pending()
                    label=Signal::derive(move || ts!(i18n, vendor.prices.add).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, vendor.vendor.creating).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_amount;

    #[test]
    fn amounts_are_read_without_floats() {
        assert_eq!(parse_amount("1179", 2), Some(117_900));
        assert_eq!(parse_amount(" 1179.5 ", 2), Some(117_950));
        assert_eq!(parse_amount("1179,05", 2), Some(117_905));
        assert_eq!(parse_amount("860.58", 2), Some(86_058));
        assert_eq!(parse_amount("1500", 0), Some(1500));
        for bad in ["", "1,179.00", "1.001", "-5", "12a", ".5", "1500.5"] {
            assert_eq!(parse_amount(bad, if bad == "1500.5" { 0 } else { 2 }), None, "{bad}");
        }
    }
}
