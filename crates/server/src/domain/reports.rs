//! The admins' reports, assembled from the rollups the licensing API keeps (see
//! `store::reports`): seat usage by product and by person, licence distribution by team, cloud
//! credits with a forecast, downloads. Ranges are UTC days, both ends included.

use std::collections::{BTreeMap, HashMap};

use seatwise_api::{
    CloudUsageReport, ContractCredits, CreditBalance, DownloadCount, DownloadsReport, FieldErrorCode, InsightsReport,
    LicenceDistribution, MonthCredits, ReportRange, SeatUsageReport, SeatUsageRow, TeamSeats, UserCredits, UserProductUse,
    UserUsagePage, UserUsageQuery, UserUsageRow,
};
use time::{Date, Duration};

use super::{
    money::iso,
    products::{is_active, Catalogue},
};
use crate::{
    clock::rfc3339,
    error::{AppError, AppResult},
    state::AppState,
    store::accounts::{AccountRow, SubscriptionRow},
};

/// The longest range a report covers, in days.
pub const MAX_RANGE_DAYS: i64 = 366;
/// Days a range covers when it names no start.
pub const DEFAULT_RANGE_DAYS: i64 = 30;

/// A checked range: (from, to) as dates.
pub fn range(state: &AppState, from: Option<&str>, to: Option<&str>) -> AppResult<(Date, Date)> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let mut fields = BTreeMap::new();
    let mut parse = |name: &str, v: Option<&str>| -> Option<Date> {
        let v = v.map(str::trim).filter(|v| !v.is_empty())?;
        Date::parse(v, &fmt).map_err(|_| fields.insert(name.to_string(), FieldErrorCode::InvalidFormat)).ok()
    };
    let today = state.clock.now().date();
    let to_date = parse("to", to);
    let from_date = parse("from", from);
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    // Days a report can mean: the Unix era to well past any subscription (and never near the
    // calendar's ends, where date arithmetic overflows).
    let bounds = time::macros::date!(1970 - 01 - 01)..=time::macros::date!(2200 - 12 - 31);
    for (name, d) in [("from", from_date), ("to", to_date)] {
        if d.is_some_and(|d| !bounds.contains(&d)) {
            return Err(AppError::field(name, FieldErrorCode::OutOfRange));
        }
    }
    let to = to_date.unwrap_or(today);
    let from = from_date.unwrap_or(to - Duration::days(DEFAULT_RANGE_DAYS - 1));
    if from > to {
        return Err(AppError::field("from", FieldErrorCode::OutOfRange));
    }
    if (to - from).whole_days() >= MAX_RANGE_DAYS {
        return Err(AppError::field("from", FieldErrorCode::OutOfRange));
    }
    Ok((from, to))
}

/// The active subscriptions that cover each product of the catalogue (directly or through a
/// collection), for the products that have any.
fn coverage<'a>(cat: &'a Catalogue, subs: &'a [SubscriptionRow], today: &str) -> Vec<(&'a crate::store::catalogue::CatalogueProductRow, Vec<&'a SubscriptionRow>)> {
    cat.products
        .iter()
        .filter(|p| p.kind == "product")
        .filter_map(|p| {
            let mut codes = cat.collections_of(&p.id);
            codes.push(p.code.clone());
            let covering: Vec<&SubscriptionRow> =
                subs.iter().filter(|s| is_active(s, today) && codes.iter().any(|c| *c == s.product_code)).collect();
            (!covering.is_empty()).then_some((p, covering))
        })
        .collect()
}

/// Seats by product: bought, assigned, used in the range, never used.
pub async fn seat_usage(state: &AppState, account: &AccountRow, r: &ReportRange) -> AppResult<SeatUsageReport> {
    let (from, to) = range(state, r.from.as_deref(), r.to.as_deref())?;
    let db = &state.db;
    let account = &account.id;
    let cat = Catalogue::load(state).await?;
    let subs = db.subscriptions(account).await?;
    let today = iso(state.clock.now().date());
    let used: HashMap<String, i64> = db.used_in_range(account, &iso(from), &iso(to)).await?.into_iter().collect();
    let mut products = vec![];
    for (p, covering) in coverage(&cat, &subs, &today) {
        let ids: Vec<String> = covering.iter().map(|s| s.id.clone()).collect();
        products.push(SeatUsageRow {
            product_code: p.code.clone(),
            product_name: p.name.clone(),
            bought: covering.iter().map(|s| s.seats.max(0) as u64).sum(),
            assigned: db.count_assigned(account, &ids).await?.max(0) as u64,
            used: used.get(&p.id).copied().unwrap_or(0).max(0) as u64,
            never_used: db.count_never_used(account, &p.id, &ids).await?.max(0) as u64,
        });
    }
    products.sort_by(|a, b| a.product_name.cmp(&b.product_name).then(a.product_code.cmp(&b.product_code)));
    Ok(SeatUsageReport { from: iso(from), to: iso(to), products })
}

/// People per page of the per-person report, by default and at most.
const USER_PAGE: u32 = 100;
const USER_PAGE_MAX: u32 = 500;

fn cursor(sort_name: &str, user_id: &str) -> String {
    hex::encode(format!("{sort_name}\n{user_id}"))
}

fn parse_cursor(c: &str) -> AppResult<(String, String)> {
    let bad = || AppError::InvalidQuery("the cursor is not one this list gave".into());
    let raw = String::from_utf8(hex::decode(c).map_err(|_| bad())?).map_err(|_| bad())?;
    let (name, id) = raw.split_once('\n').ok_or_else(bad)?;
    Ok((name.to_string(), id.to_string()))
}

/// Each person's products (the seats they hold, a collection's products one by one) with their
/// last use and the days used in the range; by name, one page at a time.
pub async fn user_usage(state: &AppState, account: &AccountRow, q: &UserUsageQuery) -> AppResult<UserUsagePage> {
    let (from, to) = range(state, q.from.as_deref(), q.to.as_deref())?;
    let limit = q.limit.unwrap_or(USER_PAGE);
    if !(1..=USER_PAGE_MAX).contains(&limit) {
        return Err(AppError::field("limit", FieldErrorCode::OutOfRange));
    }
    let after = q.cursor.as_deref().map(parse_cursor).transpose()?;
    let search = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.to_lowercase().chars().take(100).collect::<String>());
    let db = &state.db;
    let account = &account.id;
    let mut members = db
        .member_page(account, search.as_deref(), after.as_ref().map(|(n, i)| (n.as_str(), i.as_str())), i64::from(limit) + 1)
        .await?;
    let more = members.len() > limit as usize;
    members.truncate(limit as usize);
    let ids: Vec<String> = members.iter().map(|m| m.user_id.clone()).collect();
    let cat = Catalogue::load(state).await?;
    let subs = db.subscriptions(account).await?;
    let seats = db.seats_of_users(account, &ids).await?;
    let last: HashMap<(String, String), i64> =
        db.last_uses(account, &ids).await?.into_iter().map(|l| ((l.user_id, l.product_id), l.last_at)).collect();
    let days: HashMap<(String, String), i64> =
        db.days_used(account, &ids, &iso(from), &iso(to)).await?.into_iter().map(|d| ((d.user_id, d.product_id), d.days)).collect();
    let users = members
        .iter()
        .map(|m| {
            // The products of each seat held: the product itself, or a collection's products.
            let mut products: Vec<&crate::store::catalogue::CatalogueProductRow> = vec![];
            for s in seats.iter().filter(|s| s.user_id == m.user_id) {
                let Some(sub) = subs.iter().find(|x| x.id == s.subscription_id) else { continue };
                for p in cat.products_of_subscription(&sub.product_code) {
                    if !products.iter().any(|x| x.id == p.id) {
                        products.push(p);
                    }
                }
            }
            products.sort_by(|a, b| a.name.cmp(&b.name));
            UserUsageRow {
                user_id: m.user_id.clone(),
                name: format!("{} {}", m.first_name, m.last_name).trim().to_string(),
                email: m.email.clone(),
                team: m.team_name.clone(),
                products: products
                    .into_iter()
                    .map(|p| {
                        let key = (m.user_id.clone(), p.id.clone());
                        UserProductUse {
                            product_code: p.code.clone(),
                            product_name: p.name.clone(),
                            last_used: last.get(&key).map(|at| rfc3339(*at)),
                            days_used: days.get(&key).copied().unwrap_or(0).max(0) as u64,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let next_cursor = if more { members.last().map(|m| cursor(&m.sort_name, &m.user_id)) } else { None };
    Ok(UserUsagePage { from: iso(from), to: iso(to), users, next_cursor })
}

/// Licence distribution by team: each active subscription's assigned seats per team.
pub async fn insights(state: &AppState, account: &AccountRow) -> AppResult<InsightsReport> {
    let db = &state.db;
    let account = &account.id;
    let today = iso(state.clock.now().date());
    let subs = db.subscriptions(account).await?;
    let teams = db.team_seats(account).await?;
    let mut licences: Vec<LicenceDistribution> = subs
        .iter()
        .filter(|s| is_active(s, &today))
        .map(|s| {
            let mut t: Vec<TeamSeats> = teams
                .iter()
                .filter(|t| t.subscription_id == s.id)
                .map(|t| TeamSeats { team_id: t.team_id.clone(), team_name: t.team_name.clone(), seats: t.seats.max(0) as u64 })
                .collect();
            t.sort_by(|a, b| b.seats.cmp(&a.seats).then(a.team_name.cmp(&b.team_name)));
            LicenceDistribution {
                subscription_id: s.id.clone(),
                contract_number: s.contract_number.clone(),
                product_code: s.product_code.clone(),
                product_name: s.product_name.clone(),
                seats: s.seats.max(0) as u64,
                assigned: t.iter().map(|t| t.seats).sum(),
                teams: t,
            }
        })
        .collect();
    licences.sort_by(|a, b| a.product_name.cmp(&b.product_name).then(a.contract_number.cmp(&b.contract_number)));
    Ok(InsightsReport { licences })
}

/// `YYYY-MM` of a date.
fn month(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// When `balance` runs out at `per_30_days`, from `today`.
pub fn runs_out_on(today: Date, balance: u64, per_30_days: u64) -> Option<Date> {
    if balance == 0 || per_30_days == 0 {
        return None;
    }
    let days = (balance * 30).div_ceil(per_30_days);
    today.checked_add(Duration::days(days.min(36_500) as i64))
}

/// Cloud credits per subscription (balance, the last twelve months, the range, the forecast),
/// per contract, and per person in the range.
pub async fn cloud_usage(state: &AppState, account: &AccountRow, r: &ReportRange) -> AppResult<CloudUsageReport> {
    let (from, to) = range(state, r.from.as_deref(), r.to.as_deref())?;
    let db = &state.db;
    let account = &account.id;
    let today = state.clock.now().date();
    let first_month = super::money::add_months(today.replace_day(1).unwrap_or(today), -11);
    let last_30 = today - Duration::days(29);
    let since = first_month.min(from).min(last_30);
    let days = db.credits_by_day(account, &iso(since)).await?;
    let months: Vec<String> = (0..12).map(|i| month(super::money::add_months(first_month, i))).collect();
    let subscriptions: Vec<CreditBalance> = db
        .credit_subscriptions(account)
        .await?
        .into_iter()
        .map(|s| {
            let mine = days.iter().filter(|(sub, _, _)| *sub == s.id);
            let mut per_month: BTreeMap<&str, u64> = months.iter().map(|m| (m.as_str(), 0)).collect();
            let (mut in_range, mut recent) = (0u64, 0u64);
            for (_, day, credits) in mine {
                let c = (*credits).max(0) as u64;
                if let Some(v) = per_month.get_mut(&day[..7]) {
                    *v += c;
                }
                if day.as_str() >= iso(from).as_str() && day.as_str() <= iso(to).as_str() {
                    in_range += c;
                }
                if day.as_str() >= iso(last_30).as_str() && day.as_str() <= iso(today).as_str() {
                    recent += c;
                }
            }
            let balance = (s.credits_total - s.credits_used).max(0) as u64;
            CreditBalance {
                subscription_id: s.id,
                contract_id: s.contract_id,
                contract_number: s.contract_number,
                product_name: s.product_name,
                total: s.credits_total.max(0) as u64,
                consumed: s.credits_used.max(0) as u64,
                balance,
                months: per_month.into_iter().map(|(m, credits)| MonthCredits { month: m.to_string(), credits }).collect(),
                consumed_in_range: in_range,
                runs_out_on: runs_out_on(today, balance, recent).map(iso),
            }
        })
        .collect();
    let mut contracts: Vec<ContractCredits> = vec![];
    for s in &subscriptions {
        match contracts.iter_mut().find(|c| c.contract_id == s.contract_id) {
            Some(c) => {
                c.total += s.total;
                c.consumed += s.consumed;
                c.balance += s.balance;
                c.consumed_in_range += s.consumed_in_range;
            }
            None => contracts.push(ContractCredits {
                contract_id: s.contract_id.clone(),
                contract_number: s.contract_number.clone(),
                total: s.total,
                consumed: s.consumed,
                balance: s.balance,
                consumed_in_range: s.consumed_in_range,
            }),
        }
    }
    let users = db
        .credits_by_user(account, &iso(from), &iso(to))
        .await?
        .into_iter()
        .map(|u| UserCredits {
            name: format!("{} {}", u.first_name, u.last_name).trim().to_string(),
            user_id: u.user_id,
            email: u.email,
            credits: u.credits.max(0) as u64,
        })
        .collect();
    Ok(CloudUsageReport { from: iso(from), to: iso(to), subscriptions, contracts, users })
}

/// Downloads per product and version in the range.
pub async fn downloads(state: &AppState, account: &AccountRow, r: &ReportRange) -> AppResult<DownloadsReport> {
    let (from, to) = range(state, r.from.as_deref(), r.to.as_deref())?;
    let start = from.midnight().assume_utc().unix_timestamp();
    let end = (to + Duration::days(1)).midnight().assume_utc().unix_timestamp();
    let versions = state
        .db
        .download_counts(&account.id, start, end)
        .await?
        .into_iter()
        .map(|d| DownloadCount {
            product_code: d.product_code,
            product_name: d.product_name,
            version: d.version,
            downloads: d.downloads.max(0) as u64,
        })
        .collect();
    Ok(DownloadsReport { from: iso(from), to: iso(to), versions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forecast_runs_at_the_last_thirty_days_rate() {
        let today = time::macros::date!(2026 - 12 - 02);
        assert_eq!(runs_out_on(today, 300, 300), Some(time::macros::date!(2027 - 01 - 01)));
        assert_eq!(runs_out_on(today, 1, 300), Some(time::macros::date!(2026 - 12 - 03)), "part of a day is a day");
        assert_eq!(runs_out_on(today, 300, 0), None, "nothing consumed: no date");
        assert_eq!(runs_out_on(today, 0, 300), None, "nothing left");
    }

    #[test]
    fn cursors_round_trip_and_refuse_strangers() {
        let c = cursor("kos pia", "u-1");
        assert_eq!(parse_cursor(&c).unwrap(), ("kos pia".to_string(), "u-1".to_string()));
        assert!(parse_cursor("zz").is_err());
        assert!(parse_cursor(&hex::encode("no newline")).is_err());
    }

    #[test]
    fn range_ends_stay_far_from_the_calendars_limits() {
        let t = time::macros::date!(2200 - 12 - 31);
        assert!(t.checked_add(Duration::days(1)).is_some(), "the day after the last allowed day exists");
        assert!(time::macros::date!(1970 - 01 - 01).checked_sub(Duration::days(MAX_RANGE_DAYS)).is_some());
    }
}
