//! Amounts, quotes and refusal reasons as the billing pages show them.

use leptos::prelude::*;

use seatwise_api::{minor_units, NotOfferedReason, OrderLine, Quote};

use crate::components::table::{Column, TableHead};
use crate::intl;
use crate::text::{self, I18n};

/// An amount in the interface language (`US$1,179.00`, `1.179,00 €`).
pub(crate) fn money(i18n: I18n, minor: i64, currency: &str) -> String {
    intl::format_money(text::tag(i18n), minor, currency, minor_units(currency))
}

/// A tax rate in basis points as a percentage (`22 %`, `5%`).
fn percent(i18n: I18n, bp: i64) -> String {
    let decimal = intl::minor_to_decimal(bp, 2);
    let trimmed = decimal.trim_end_matches('0').trim_end_matches('.');
    match text::tag(i18n) {
        "sl" => format!("{} %", trimmed.replace('.', ",")),
        _ => format!("{trimmed}%"),
    }
}

/// Why a change is not offered, in words; `date` fills in when the renewal window opens.
pub(crate) fn reason_text(i18n: I18n, reason: NotOfferedReason, date: &str) -> String {
    use NotOfferedReason::*;
    let date = intl::format_plain_date(text::tag(i18n), date);
    match reason {
        PartnerSold => ts!(i18n, accounts.billing.reason_partner_sold).to_string(),
        Inactive => ts!(i18n, accounts.billing.reason_inactive).to_string(),
        WindowNotOpen => ts!(i18n, accounts.billing.reason_window_not_open, date = date),
        AlreadyRenewed => ts!(i18n, accounts.billing.reason_already_renewed).to_string(),
        AutoRenewOff => ts!(i18n, accounts.billing.reason_auto_renew_off).to_string(),
        NoPrice => ts!(i18n, accounts.billing.reason_no_price).to_string(),
        NotExpired => ts!(i18n, accounts.billing.reason_not_expired).to_string(),
        TermsDiffer => ts!(i18n, accounts.billing.reason_terms_differ).to_string(),
        CurrenciesDiffer => ts!(i18n, accounts.billing.reason_currencies_differ).to_string(),
        AlreadyAligned => ts!(i18n, accounts.billing.reason_already_aligned).to_string(),
        ExtensionTooLong => ts!(i18n, accounts.billing.reason_extension_too_long).to_string(),
        NotMultiUser => ts!(i18n, accounts.billing.reason_not_multi_user).to_string(),
        NoCollection => ts!(i18n, accounts.billing.reason_no_collection).to_string(),
        TooFewSubscriptions => ts!(i18n, accounts.billing.reason_too_few_subscriptions).to_string(),
    }
}

/// One order or quote line as table cells: item, period, price per seat, seats, amount.
pub(crate) fn line_row(i18n: I18n, line: OrderLine, currency: &str) -> impl IntoView + use<> {
    let tag = text::tag(i18n);
    let item = format!("{} · {} · {}", line.product_name, text::licence_name(i18n, line.licence_type), text::term_name(i18n, line.term));
    let period = ts!(
        i18n,
        accounts.billing.line_period,
        start = intl::format_plain_date(tag, &line.period_start),
        end = intl::format_plain_date(tag, &last_day(&line.period_end))
    );
    let prorated = (line.days != line.term_days).then(|| {
        ts!(
            i18n,
            accounts.billing.prorated,
            days = text::number(i18n, line.days as usize),
            term_days = text::number(i18n, line.term_days as usize)
        )
    });
    view! {
        <tr>
            <td>{item}</td>
            <td>{period}{prorated.map(|p| view! { <br /><span class="muted">{p}</span> })}</td>
            <td class="num">{unit_price(i18n, line.unit_minor, line.unit_seats, currency)}</td>
            <td class="num">{text::number(i18n, line.seats as usize)}</td>
            <td class="num">{money(i18n, line.amount_minor, currency)}</td>
        </tr>
    }
}

/// A unit price: per seat, or per `unit_seats` seats (`US$840.00 per 2 seats`, the trade-in's).
pub(crate) fn unit_price(i18n: I18n, minor: i64, unit_seats: u32, currency: &str) -> String {
    let amount = money(i18n, minor, currency);
    if unit_seats > 1 {
        ts!(i18n, accounts.billing.unit_per, amount = amount, seats = text::number(i18n, unit_seats as usize))
    } else {
        amount
    }
}

/// The day before `YYYY-MM-DD` (periods end the day before the next one starts).
pub(crate) fn last_day(next: &str) -> String {
    let mut parts = next.split('-').filter_map(|p| p.parse::<i32>().ok());
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return next.to_owned();
    };
    if d > 1 {
        return format!("{y:04}-{m:02}-{:02}", d - 1);
    }
    let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{y:04}-{m:02}-{days:02}")
}

/// The lines of an order or quote with subtotal, tax and total.
pub(crate) fn totals_table(
    i18n: I18n,
    lines: Vec<OrderLine>,
    currency: &str,
    subtotal: i64,
    tax_rate_bp: i64,
    tax: i64,
    total: i64,
) -> impl IntoView + use<> {
    let currency = currency.to_owned();
    let rows = lines.into_iter().map(|l| line_row(i18n, l, &currency)).collect_view();
    let foot = move |label: String, amount: i64, strong: bool| {
        let amount = money(i18n, amount, &currency);
        view! {
            <tr class=strong.then_some("total-row")>
                <th scope="row" colspan="4">{label}</th>
                <td class="num">{amount}</td>
            </tr>
        }
    };
    // Its own frame rather than `DataTable`'s: in a narrow card the table scrolls sideways, so
    // the frame is a named region that takes the keyboard's focus.
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=move || ts!(i18n, accounts.billing.quote).to_string()>
            <table class="data-table">
                <TableHead columns=vec![
                    Column::new(tv!(i18n, accounts.billing.col_item)),
                    Column::new(tv!(i18n, accounts.billing.col_period)),
                    Column::num(tv!(i18n, accounts.billing.col_unit)),
                    Column::num(tv!(i18n, accounts.billing.col_qty)),
                    Column::num(tv!(i18n, accounts.billing.col_amount)),
                ] />
                <tbody>
                    {rows}
                    {foot(ts!(i18n, accounts.billing.subtotal).to_string(), subtotal, false)}
                    {foot(ts!(i18n, accounts.billing.tax, rate = percent(i18n, tax_rate_bp)), tax, false)}
                    {foot(ts!(i18n, accounts.billing.total).to_string(), total, true)}
                </tbody>
            </table>
        </div>
    }
}

/// A quote: its lines and totals, and the comparisons the FAQ makes (renewal against new, a
/// collection against its products renewed separately).
pub(crate) fn quote_view(i18n: I18n, quote: Quote) -> impl IntoView {
    let currency = quote.currency.clone();
    let separate = quote.separate_price_minor.map(|amount| {
        ts!(
            i18n,
            accounts.billing.separate_compare,
            products = quote.separate_products.join(", "),
            amount = money(i18n, amount, &currency)
        )
    });
    let compare_new = quote.new_price_minor.map(|new| ts!(i18n, accounts.billing.new_compare, amount = money(i18n, new, &currency)));
    let saving = quote.renewal_price_minor.map(|renewal| {
        ts!(
            i18n,
            accounts.billing.buy_saving,
            amount = money(i18n, renewal, &currency),
            saving = money(i18n, quote.subtotal_minor - renewal, &currency)
        )
    });
    view! {
        <div class="quote" aria-live="polite">
            {totals_table(i18n, quote.lines, &quote.currency, quote.subtotal_minor, quote.tax_rate_bp, quote.tax_minor, quote.total_minor)}
            {compare_new.map(|t| view! { <p class="quote-compare" data-testid="quote-compare">{t}</p> })}
            {saving.map(|t| view! { <p class="quote-compare" data-testid="quote-saving">{t}</p> })}
            {separate.map(|t| view! { <p class="quote-compare" data-testid="quote-separate">{t}</p> })}
        </div>
    }
}

/// Seats used of the total (`3 / 12 seats used`).
pub(crate) fn seats_used(i18n: I18n, used: u32, total: u32) -> String {
    ts!(
        i18n,
        accounts.billing.seats_used,
        used = text::number(i18n, used as usize),
        total = text::number(i18n, total as usize)
    )
}

#[cfg(test)]
mod tests {
    use super::last_day;

    #[test]
    fn a_period_ends_the_day_before_the_next_begins() {
        assert_eq!(last_day("2027-02-15"), "2027-02-14");
        assert_eq!(last_day("2027-03-01"), "2027-02-28");
        assert_eq!(last_day("2028-03-01"), "2028-02-29");
        assert_eq!(last_day("2000-03-01"), "2000-02-29");
        assert_eq!(last_day("2100-03-01"), "2100-02-28");
        assert_eq!(last_day("2027-01-01"), "2026-12-31");
        assert_eq!(last_day("2027-05-01"), "2027-04-30");
        assert_eq!(last_day("not a date"), "not a date");
    }
}
