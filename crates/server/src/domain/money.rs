//! Money: whole minor units (cents) of an ISO 4217 currency, never floats. A term's length is
//! its real length in days (a year from 2027-02-01 has 366 days, three years from 2026-12-01
//! have 1,096), and a prorated amount is `round_half_up(price × seats × days_left / term_days)`,
//! computed in i128 and rounded once per line.

use seatwise_api::{FieldErrorCode, Term};
use time::{Date, Month};

pub use seatwise_api::CURRENCIES;

/// The largest price of one seat for one term, in minor units (ten billion of the currency's
/// main unit at two decimals): a typing mistake, not a price, above it.
pub const MAX_PRICE: i64 = 1_000_000_000_000;

/// One of [`CURRENCIES`], in any case.
pub fn parse_currency(s: &str) -> Result<&'static str, FieldErrorCode> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    CURRENCIES.iter().find(|(c, _)| c.eq_ignore_ascii_case(s)).map(|(c, _)| *c).ok_or(FieldErrorCode::Unknown)
}

/// A price of one seat for one term, in minor units: 0 to [`MAX_PRICE`].
pub fn parse_price(minor: i64) -> Result<i64, FieldErrorCode> {
    if (0..=MAX_PRICE).contains(&minor) {
        Ok(minor)
    } else {
        Err(FieldErrorCode::OutOfRange)
    }
}

/// A term's length in months.
pub fn months(term: Term) -> i32 {
    match term {
        Term::Monthly => 1,
        Term::OneYear => 12,
        Term::ThreeYears => 36,
    }
}

/// `YYYY-MM-DD`, as dates are stored and sent.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `date` plus whole months; a day the month lacks becomes its last day (31 January plus a
/// month is 28 or 29 February).
pub fn add_months(date: Date, n: i32) -> Date {
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + n;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u8 + 1);
    let month = Month::try_from(month).expect("a month is 1 to 12");
    Date::from_calendar_date(year, month, date.day().min(month.length(year))).expect("the day is within the month")
}

/// The day after the last day of a term that starts on `start`: the next term's first day.
pub fn term_end(start: Date, term: Term) -> Date {
    add_months(start, months(term))
}

/// The real length in days of a term that starts on `start`.
pub fn term_days(start: Date, term: Term) -> i64 {
    (term_end(start, term) - start).whole_days()
}

/// `round_half_up(price × seats × days / term_days)` in minor units: what `seats` at `price` per
/// term cost for `days` of a term of `term_days`. `None` for a negative input, a part longer
/// than the term, or an amount beyond i64.
pub fn prorate(price: i64, seats: i64, days: i64, term_days: i64) -> Option<i64> {
    if price < 0 || seats < 0 || term_days <= 0 || !(0..=term_days).contains(&days) {
        return None;
    }
    let numerator = i128::from(price) * i128::from(seats) * i128::from(days);
    let denominator = i128::from(term_days);
    // Half up for a non-negative quotient: floor((2n + d) / 2d).
    i64::try_from((2 * numerator + denominator) / (2 * denominator)).ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn terms_have_their_real_length() {
        assert_eq!(term_days(date!(2026 - 12 - 01), Term::OneYear), 365);
        assert_eq!(term_days(date!(2027 - 03 - 01), Term::OneYear), 366);
        assert_eq!(term_days(date!(2026 - 12 - 01), Term::ThreeYears), 1096);
        assert_eq!(term_days(date!(2027 - 02 - 01), Term::Monthly), 28);
        assert_eq!(term_days(date!(2028 - 02 - 01), Term::Monthly), 29);
        assert_eq!(term_end(date!(2027 - 01 - 31), Term::Monthly), date!(2027 - 02 - 28));
        assert_eq!(term_end(date!(2028 - 02 - 29), Term::OneYear), date!(2029 - 02 - 28));
        assert_eq!(term_end(date!(2026 - 11 - 30), Term::Monthly), date!(2026 - 12 - 30));
        assert_eq!(add_months(date!(2026 - 12 - 15), 1), date!(2027 - 01 - 15));
    }

    /// The renewal FAQ's example (AutoCAD LT, USD per seat): 2 seats added at 1,179 per 3-year
    /// term with 400 of its 1,096 days left cost 860.58.
    #[test]
    fn the_faq_vectors() {
        assert_eq!(prorate(117_900, 2, 400, 1096), Some(86_058));
        // A whole term is the price, a day of none is nothing.
        assert_eq!(prorate(42_000, 3, 365, 365), Some(126_000));
        assert_eq!(prorate(42_000, 3, 0, 365), Some(0));
        // Half a cent rounds up, less than half down.
        assert_eq!(prorate(1, 1, 1, 2), Some(1));
        assert_eq!(prorate(1, 1, 1, 3), Some(0));
        assert_eq!(prorate(-1, 1, 1, 3), None);
        assert_eq!(prorate(1, 1, 4, 3), None);
        assert_eq!(prorate(MAX_PRICE, 1_000_000, 1096, 1096), Some(MAX_PRICE * 1_000_000));
        assert_eq!(prorate(i64::MAX, i64::MAX, 1, 1), None);
    }

    #[test]
    fn currencies_are_known_codes() {
        assert_eq!(parse_currency(" usd"), Ok("USD"));
        assert_eq!(parse_currency("XXX"), Err(FieldErrorCode::Unknown));
        assert_eq!(parse_currency(""), Err(FieldErrorCode::Required));
        assert_eq!(parse_price(-1), Err(FieldErrorCode::OutOfRange));
    }

    proptest! {
        /// The parts of a split period add up to the whole within one minor unit, and none is
        /// negative or more than the whole term.
        #[test]
        fn split_periods_add_up(
            price in 0..MAX_PRICE,
            seats in 1i64..10_000,
            term in prop::sample::select(vec![28i64, 29, 30, 31, 365, 366, 1095, 1096]),
            cut in 0.0f64..=1.0,
            rest in 0.0f64..=1.0,
        ) {
            let days = ((term as f64) * rest) as i64;
            let first = ((days as f64) * cut) as i64;
            let whole = prorate(price, seats, days, term).unwrap();
            let a = prorate(price, seats, first, term).unwrap();
            let b = prorate(price, seats, days - first, term).unwrap();
            prop_assert!(a >= 0 && b >= 0);
            prop_assert!((a + b - whole).abs() <= 1, "{a} + {b} vs {whole}");
            prop_assert!(whole <= prorate(price, seats, term, term).unwrap());
            prop_assert_eq!(prorate(price, seats, term, term).unwrap(), price * seats);
        }
    }
}
