//! The home page per role, the vendor's help links, and product updates: the vendor publishes a
//! release, update or add-on, and a job mails each holder of the product once, in batches, in
//! their language (several servers may run the job: notices are claimed in the database).

use std::collections::{BTreeMap, HashSet};

use seatwise_api::{
    AccountHome, AdminHome, FieldErrorCode, HelpLink, HomeActivity, PendingInvitation, ProductUpdate, PublishUpdate, PublishedUpdate,
    QueueAges, RenewalNotice, SaveHelpLink, SeatSummary, UpdateKind, VendorHome, LOCALES,
};
use serde_json::json;
use time::Date;

use super::{
    accounts::recipient,
    catalogue::Staff,
    identity::{clean_text, text_field},
    membership::Actor,
    products::{Catalogue, Holdings},
};
use crate::{
    clock::rfc3339,
    error::{AppError, AppResult},
    mail::{self, Mail},
    state::AppState,
    store::{
        home::{HelpLinkRow, NewUpdate, UpdateRow},
        support::{CaseFilter, CaseScope},
    },
};

/// Updates older than this are not on the home page.
const UPDATE_WINDOW_SECS: i64 = 90 * 86_400;
/// Renewal notices for everyone: subscriptions ending within this many days.
const RENEWAL_NOTICE_DAYS: i64 = 30;
/// Notices mailed per transaction.
const NOTICE_BATCH: i64 = 500;

pub fn to_help_link(r: &HelpLinkRow) -> HelpLink {
    HelpLink {
        id: r.id.clone(),
        locale: r.locale.clone(),
        title: r.title.clone(),
        url: r.url.clone(),
        description: r.description.clone(),
        position: r.position,
    }
}

pub fn to_update(r: &UpdateRow, seen: Option<i64>) -> ProductUpdate {
    ProductUpdate {
        id: r.id.clone(),
        kind: UpdateKind::parse(&r.kind).unwrap_or(UpdateKind::Release),
        product_code: r.product_code.clone(),
        product_name: r.product_name.clone(),
        version: r.version.clone(),
        file_id: r.file_id.clone(),
        file_title: r.file_title.clone(),
        note: r.note.clone(),
        published_at: rfc3339(r.published_at),
        is_new: seen.is_none_or(|s| r.published_at > s),
    }
}

/// The person's language's links, English where it has none.
pub async fn help_links_for(state: &AppState, locale: &str) -> AppResult<Vec<HelpLink>> {
    let mut rows = state.db.help_links(Some(locale)).await?;
    if rows.is_empty() && locale != "en" {
        rows = state.db.help_links(Some("en")).await?;
    }
    Ok(rows.iter().map(to_help_link).collect())
}

fn check_help_link(req: &SaveHelpLink) -> AppResult<HelpLinkRow> {
    let mut fields = BTreeMap::new();
    if !LOCALES.contains(&req.locale.as_str()) {
        fields.insert("locale".into(), FieldErrorCode::InvalidLocale);
    }
    let title = text_field(&mut fields, "title", &req.title, 120, true);
    let description = text_field(&mut fields, "description", &req.description, 300, false);
    let url = match clean_text(&req.url, 500) {
        Ok(u) if u.is_empty() => {
            fields.insert("url".into(), FieldErrorCode::Required);
            u
        }
        Ok(u) => {
            // Only web links: no javascript:, data: or relative URLs on the home page.
            if !url::Url::parse(&u).is_ok_and(|p| matches!(p.scheme(), "https" | "http") && p.host().is_some()) {
                fields.insert("url".into(), FieldErrorCode::InvalidFormat);
            }
            u
        }
        Err(e) => {
            fields.insert("url".into(), e);
            String::new()
        }
    };
    if !(0..=10_000).contains(&req.position) {
        fields.insert("position".into(), FieldErrorCode::OutOfRange);
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    Ok(HelpLinkRow { id: String::new(), locale: req.locale.clone(), title, url, description, position: req.position })
}

/// Adds (`id` none) or changes a help link.
pub async fn save_help_link(state: &AppState, who: &Staff<'_>, id: Option<&str>, req: &SaveHelpLink) -> AppResult<HelpLink> {
    let mut row = check_help_link(req)?;
    row.id = match id {
        Some(id) => state.db.help_link(id).await?.ok_or(AppError::NotFound)?.id,
        None => uuid::Uuid::new_v4().to_string(),
    };
    let mut tx = state.db.begin().await?;
    state.db.save_help_link(&mut tx, &row, state.clock.unix()).await?;
    let action = if id.is_some() { "help_link.changed" } else { "help_link.added" };
    who.record(state, &mut tx, action, ("help_link", &row.id), json!({"locale": row.locale, "title": row.title, "url": row.url})).await?;
    tx.commit().await?;
    Ok(to_help_link(&row))
}

pub async fn delete_help_link(state: &AppState, who: &Staff<'_>, id: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if !state.db.delete_help_link(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    who.record(state, &mut tx, "help_link.deleted", ("help_link", id), json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes a release (when it is out) or one update or add-on file of it, once.
pub async fn publish(state: &AppState, who: &Staff<'_>, product_id: &str, req: &PublishUpdate) -> AppResult<PublishedUpdate> {
    let cat = Catalogue::load(state).await?;
    let product = cat.by_id(product_id).filter(|p| p.kind == "product").ok_or(AppError::NotFound)?;
    let today = super::products::today(state);
    let mut fields = BTreeMap::new();
    let note = match clean_text(&req.note.replace("\r\n", "\n").replace('\n', " "), 2000) {
        Ok(n) => n,
        Err(e) => {
            fields.insert("note".into(), e);
            String::new()
        }
    };
    let release = cat.released(&product.id, &today).into_iter().find(|r| r.id == req.release_id);
    let release = match release {
        Some(r) => Some(r),
        None => {
            fields.insert("release_id".into(), FieldErrorCode::Unknown);
            None
        }
    };
    let mut file_id = None;
    if let Some(r) = release {
        let wanted = match req.kind {
            UpdateKind::Release => None,
            UpdateKind::Update => Some("update"),
            UpdateKind::AddOn => Some("add_on"),
        };
        match (wanted, req.file_id.as_deref()) {
            (None, None) => {}
            (None, Some(_)) => {
                fields.insert("file_id".into(), FieldErrorCode::Unknown);
            }
            (Some(_), None) => {
                fields.insert("file_id".into(), FieldErrorCode::Required);
            }
            (Some(kind), Some(f)) => match cat.release_files(&r.id).iter().find(|x| x.id == f && x.kind == kind) {
                Some(x) => file_id = Some(x.id.clone()),
                None => {
                    fields.insert("file_id".into(), FieldErrorCode::Unknown);
                }
            },
        }
    }
    let release = match release {
        Some(r) if fields.is_empty() => r,
        _ => return Err(AppError::Validation(fields)),
    };
    let id = uuid::Uuid::new_v4().to_string();
    let now = state.clock.unix();
    let mut tx = state.db.begin().await?;
    let fresh = state
        .db
        .insert_update(
            &mut tx,
            &NewUpdate {
                id: &id,
                product_id: &product.id,
                release_id: &release.id,
                file_id: file_id.as_deref(),
                kind: req.kind.as_str(),
                note: &note,
                published_by: &who.user.id,
                now,
            },
        )
        .await?;
    if !fresh {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::Taken));
    }
    who.record(state, &mut tx, "product_update.published", ("product_update", &id),
        json!({"product": product.code, "version": release.version, "kind": req.kind.as_str(), "file": file_id})).await?;
    tx.commit().await?;
    // Mail at once rather than at the job's next turn.
    let s = state.clone();
    tokio::spawn(async move {
        if let Err(e) = run_notices(&s).await {
            tracing::warn!(error = %e, "product updates: mailing failed; the job tries again");
        }
    });
    let row = state.db.update(&id).await?.ok_or_else(|| anyhow::anyhow!("the new update is missing"))?;
    Ok(PublishedUpdate { update: to_update(&row, Some(now)), recipients: row.recipients.max(0) as u64, mailed: 0 })
}

pub async fn published(state: &AppState, product_id: &str) -> AppResult<Vec<PublishedUpdate>> {
    let rows = state.db.product_updates(product_id, 100).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mailed = state.db.notices_sent(&r.id).await?;
        out.push(PublishedUpdate { update: to_update(r, Some(i64::MAX)), recipients: r.recipients.max(0) as u64, mailed: mailed.max(0) as u64 });
    }
    Ok(out)
}

/// What one run of the notices job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Notified {
    /// Notices written (people to mail) for newly published updates.
    pub fanned_out: u64,
    /// Mails queued.
    pub mailed: u64,
}

/// Writes the notices of new updates, then mails unsent ones in batches, each batch in one
/// transaction with its claim.
pub async fn run_notices(state: &AppState) -> anyhow::Result<Notified> {
    let db = &state.db;
    let mut done = Notified::default();
    for (update, product) in db.updates_to_fan_out().await? {
        let mut tx = db.begin().await?;
        if let Some(n) = db.fan_out_update(&mut tx, &update, &product, state.clock.unix()).await? {
            done.fanned_out += n;
        }
        tx.commit().await?;
    }
    for update in db.updates_with_unsent_notices().await? {
        let Some(u) = db.update(&update).await? else { continue };
        loop {
            let now = state.clock.unix();
            let mut tx = db.begin().await?;
            let people = db.claim_notices(&mut tx, &update, NOTICE_BATCH, now).await?;
            if people.is_empty() {
                break;
            }
            for (p, account) in &people {
                let m = Mail::ProductUpdate {
                    product: u.product_name.clone(),
                    version: u.version.clone(),
                    kind: UpdateKind::parse(&u.kind).unwrap_or(UpdateKind::Release),
                    title: u.file_title.clone().unwrap_or_default(),
                    note: u.note.clone(),
                    link: state.settings.link(&format!("/accounts/{account}/software/{}?tab=downloads", u.product_code)),
                };
                if mail::queue(db, &mut tx, &m, &recipient(p), now).await?.is_some() {
                    done.mailed += 1;
                }
            }
            tx.commit().await?;
            state.mail_wake.notify_one();
        }
    }
    Ok(done)
}

/// The product ids the person may use in the account (admins: every product the account has).
fn usable_products(cat: &Catalogue, h: &Holdings) -> HashSet<String> {
    let mut ids = HashSet::new();
    for p in cat.products.iter().filter(|p| p.kind == "product") {
        let u = h.use_of(cat, p);
        if u.entitled || (h.is_admin && !u.coverage.is_empty()) {
            ids.insert(p.id.clone());
        }
    }
    ids
}

fn date_of(s: &str) -> Option<Date> {
    Date::parse(s, &time::format_description::well_known::Iso8601::DATE).ok()
}

fn renewal_notice(s: &crate::store::accounts::SubscriptionRow, today: Date) -> Option<RenewalNotice> {
    let end = date_of(&s.end_date)?;
    Some(RenewalNotice {
        subscription_id: s.id.clone(),
        product_code: s.product_code.clone(),
        product_name: s.product_name.clone(),
        contract_number: s.contract_number.clone(),
        end_date: s.end_date.clone(),
        days_left: (end - today).whole_days(),
        auto_renew: s.auto_renew != 0,
    })
}

/// A member's home page in the account; records the visit.
pub async fn account_home(state: &AppState, actor: &Actor) -> AppResult<AccountHome> {
    let db = &state.db;
    let now = state.clock.unix();
    let admin = actor.role.is_admin();
    let cat = Catalogue::load(state).await?;
    let h = Holdings::load(state, &actor.account.id, &actor.user.id, admin).await?;
    let usable = usable_products(&cat, &h);
    let seen = db.visit_home(&actor.user.id, now).await?;
    let updates = db
        .recent_updates(now - UPDATE_WINDOW_SECS)
        .await?
        .iter()
        .filter(|u| usable.contains(&u.product_id))
        .take(20)
        .map(|u| to_update(u, seen))
        .collect();
    let scope = if admin {
        CaseScope::Account(actor.account.id.clone())
    } else {
        CaseScope::Member { account_id: actor.account.id.clone(), user_id: actor.user.id.clone() }
    };
    let open: Vec<&'static str> = seatwise_api::CaseStatus::ALL.into_iter().filter(|s| s.is_open()).map(|s| s.as_str()).collect();
    let cases = db
        .list_cases(&scope, &CaseFilter { statuses: open, limit: 10, ..Default::default() })
        .await?
        .iter()
        .map(|c| super::support::to_case(state, c))
        .collect();
    let requests = if admin {
        db.account_requests(&actor.account.id)
            .await?
            .iter()
            .filter(|r| seatwise_api::RequestStatus::parse(&r.status).is_some_and(|s| s.is_open()))
            .take(10)
            .map(crate::http::requests::to_request)
            .collect()
    } else {
        vec![]
    };
    let today = state.clock.now().date();
    let active: Vec<_> = h.subscriptions.iter().filter(|s| super::products::is_active(s, &h.today)).collect();
    let renewals = active
        .iter()
        .filter(|s| h.mine.contains(&s.id))
        .filter_map(|s| renewal_notice(s, today))
        .filter(|n| (0..=RENEWAL_NOTICE_DAYS).contains(&n.days_left))
        .collect();
    let admin_home = if admin {
        let mut seats: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
        for s in &active {
            let e = seats.entry((s.product_name.clone(), s.product_code.clone())).or_default();
            e.0 += s.seats;
            e.1 += s.seats_used;
        }
        let window = state.settings.billing.renewal_window_days;
        let mut in_window: Vec<RenewalNotice> =
            active.iter().filter_map(|s| renewal_notice(s, today)).filter(|n| (0..=window).contains(&n.days_left)).collect();
        in_window.sort_by(|a, b| a.days_left.cmp(&b.days_left).then(a.product_name.cmp(&b.product_name)));
        let pending: Vec<_> =
            db.invitations(&actor.account.id).await?.into_iter().filter(|i| i.status == "pending" && i.expires_at > now).collect();
        let activity = db.activity(&actor.account.id, None, "", "", 5).await?;
        Some(AdminHome {
            seats: seats
                .into_iter()
                .map(|((name, code), (seats, used))| SeatSummary { product_code: code, product_name: name, seats, used })
                .collect(),
            renewals: in_window,
            pending_invitations: pending.len() as u64,
            invitations: pending
                .iter()
                .take(5)
                .map(|i| PendingInvitation {
                    id: i.id.clone(),
                    email: i.email.clone(),
                    invited_at: rfc3339(i.created_at),
                    expires_at: rfc3339(i.expires_at),
                })
                .collect(),
            activity: activity
                .iter()
                .map(|a| HomeActivity { action: a.action.clone(), actor_email: a.actor_email.clone(), at: rfc3339(a.created_at) })
                .collect(),
        })
    } else {
        None
    };
    Ok(AccountHome {
        updates,
        cases,
        requests,
        help_links: help_links_for(state, &actor.user.locale).await?,
        renewals,
        admin: admin_home,
    })
}

fn ages((older, not_today, total): (i64, i64, i64)) -> QueueAges {
    QueueAges { today: (total - not_today).max(0) as u64, this_week: (not_today - older).max(0) as u64, older: older.max(0) as u64 }
}

/// The vendor staff's home: the queues by age.
pub async fn vendor_home(state: &AppState, who: &crate::store::users::UserRow) -> AppResult<VendorHome> {
    let now = state.clock.unix();
    let [requests, cases] = state.db.queue_ages(now - 7 * 86_400, now - 86_400).await?;
    let (mine, unassigned) = state.db.case_assignments(&who.id).await?;
    Ok(VendorHome {
        requests: ages(requests),
        cases: ages(cases),
        my_cases: mine.max(0) as u64,
        unassigned_cases: unassigned.max(0) as u64,
        help_links: help_links_for(state, &who.locale).await?,
    })
}

/// A product's updates for a member of the account ("What's new").
pub async fn whats_new(state: &AppState, _member: &Actor, code: &str) -> AppResult<Vec<ProductUpdate>> {
    let cat = Catalogue::load(state).await?;
    let product = cat.by_code(code).filter(|p| p.kind == "product").ok_or(AppError::NotFound)?;
    Ok(state.db.product_updates(&product.id, 50).await?.iter().map(|u| to_update(u, Some(i64::MAX))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queues_split_by_age() {
        // 10 open: 3 older than a week, 7 older than a day.
        assert_eq!(ages((3, 7, 10)), QueueAges { today: 3, this_week: 4, older: 3 });
    }

    #[test]
    fn help_links_are_web_links() {
        let ok = SaveHelpLink { locale: "sl".into(), title: "Navodila".into(), url: "https://docs.example/sl".into(), description: String::new(), position: 1 };
        assert!(check_help_link(&ok).is_ok());
        for url in ["javascript:alert(1)", "/relative", "data:text/html,x", ""] {
            let bad = SaveHelpLink { url: url.into(), ..ok.clone() };
            assert!(check_help_link(&bad).is_err(), "{url}");
        }
        assert!(check_help_link(&SaveHelpLink { locale: "de".into(), ..ok }).is_err());
    }
}
