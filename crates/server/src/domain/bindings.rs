//! Group-based product access. A team bound to a subscription gives each of its members a seat
//! of it; leaving the team (or being suspended by the directory) takes a seat the binding gave
//! back. When the seats run out, members wait in joining order and the admins are mailed once;
//! a freed seat goes to the first one waiting. An admin's manual unassign of a bound seat is a
//! waiver, respected until the member leaves the bound teams.
//!
//! Everything here runs inside the caller's transaction, which also holds the change that
//! called it (a SCIM request, an admin's click): all or nothing.

use std::collections::BTreeSet;

use serde_json::json;

use crate::{
    domain::{accounts, membership::Actor},
    error::AppResult,
    mail::{self, Mail},
    state::AppState,
    store::{accounts::{is_seat_limit, NewActivity}, Tx},
};

/// The actor name the activity log shows for changes the company's directory made.
pub const DIRECTORY_ACTOR: &str = "directory sync";

/// Who made a change.
#[derive(Clone, Copy)]
pub enum Author<'a> {
    Admin(&'a Actor),
    /// The company's identity provider, through SCIM.
    Directory,
}

impl Author<'_> {
    /// Writes one activity record of `account_id` inside `tx`.
    pub async fn record(
        &self,
        state: &AppState,
        tx: &mut Tx,
        account_id: &str,
        action: &str,
        object: (&str, &str),
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> AppResult<()> {
        let (actor_id, actor_email, ip) = match self {
            Author::Admin(a) => (a.user.id.as_str(), a.user.email.as_str(), a.ip.as_str()),
            Author::Directory => ("", DIRECTORY_ACTOR, ""),
        };
        state
            .db
            .record_activity(
                &mut **tx,
                &NewActivity {
                    account_id: Some(account_id),
                    actor_id,
                    actor_email,
                    action,
                    object_type: object.0,
                    object_id: object.1,
                    before,
                    after,
                    ip,
                    at: state.clock.unix(),
                },
            )
            .await?;
        Ok(())
    }
}

/// Brings one member's bound seats in line with their teams: a seat (or a place in the queue)
/// of every subscription bound to one of their teams, unless an admin took it away; the seats
/// a binding gave and the places in queues they are no longer entitled to are given up, and
/// the seats so freed go to the next ones waiting.
pub async fn reconcile(state: &AppState, tx: &mut Tx, account_id: &str, user_id: &str, author: Author<'_>) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.unix();
    let entitled: BTreeSet<String> = db.entitled_subscriptions(tx, account_id, user_id).await?.into_iter().collect();
    let held = db.held_seats(tx, account_id, user_id).await?;
    let waiting: BTreeSet<String> = db.waiting_for(&mut **tx, account_id, user_id).await?.into_iter().collect();
    let waivers: BTreeSet<String> = db.waivers_of(tx, account_id, user_id).await?.into_iter().collect();
    let held_ids: BTreeSet<&String> = held.iter().map(|(s, _)| s).collect();

    // Every subscription this touches, locked in one order (no deadlock between two of these).
    let mut touched: BTreeSet<&String> = BTreeSet::new();
    touched.extend(entitled.iter().filter(|s| !held_ids.contains(s) && !waivers.contains(*s)));
    touched.extend(held.iter().filter(|(s, via)| *via && !entitled.contains(s)).map(|(s, _)| s));
    touched.extend(waiting.iter().filter(|s| !entitled.contains(*s)));
    for s in &touched {
        db.lock_subscription(tx, s).await?;
    }

    // Left the bound teams: the waivers end, places in queues go, seats a binding gave are freed.
    for s in waivers.iter().filter(|s| !entitled.contains(*s)) {
        db.drop_waiver(tx, s, user_id).await?;
    }
    for s in waiting.iter().filter(|s| !entitled.contains(*s)) {
        db.dequeue(tx, s, user_id).await?;
        settle_queue(state, tx, account_id, s).await?;
    }
    for (s, _) in held.iter().filter(|(s, via)| *via && !entitled.contains(s)) {
        if db.delete_assignment(&mut **tx, s, user_id).await? {
            let detail = json!({"user_id": user_id, "subscription_id": s, "via": "team"});
            author.record(state, tx, account_id, "assignment.removed", ("assignment", &format!("{s}/{user_id}")), Some(detail), None).await?;
            fill(state, tx, account_id, s, author).await?;
        }
    }
    // Joined: a seat, or a place in the queue.
    for s in entitled.iter().filter(|s| !held_ids.contains(s) && !waivers.contains(*s) && !waiting.contains(*s)) {
        if !give_seat(state, tx, account_id, s, user_id, now, author).await? {
            db.enqueue(tx, s, account_id, user_id, now).await?;
            settle_queue(state, tx, account_id, s).await?;
        }
    }
    Ok(())
}

/// Gives a bound seat; false when none is left (nothing changed then).
async fn give_seat(
    state: &AppState,
    tx: &mut Tx,
    account_id: &str,
    subscription_id: &str,
    user_id: &str,
    now: i64,
    author: Author<'_>,
) -> AppResult<bool> {
    let db = &state.db;
    let mut sp = sqlx::Connection::begin(&mut **tx).await?;
    match db.insert_assignment_via(&mut *sp, subscription_id, account_id, user_id, now, true).await {
        Ok(given) => {
            sp.commit().await?;
            if given {
                let detail = json!({"user_id": user_id, "subscription_id": subscription_id, "via": "team"});
                let object = format!("{subscription_id}/{user_id}");
                author.record(state, tx, account_id, "assignment.added", ("assignment", &object), None, Some(detail)).await?;
            }
            Ok(true)
        }
        Err(e) if is_seat_limit(&e) => {
            sp.rollback().await?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Gives freed seats of a subscription to the ones waiting, first come first served.
pub async fn fill(state: &AppState, tx: &mut Tx, account_id: &str, subscription_id: &str, author: Author<'_>) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.unix();
    db.lock_subscription(tx, subscription_id).await?;
    while let Some((acc, user_id)) = db.first_waiting(tx, subscription_id).await? {
        if !give_seat(state, tx, &acc, subscription_id, &user_id, now, author).await? {
            break;
        }
        db.dequeue(tx, subscription_id, &user_id).await?;
    }
    settle_queue(state, tx, account_id, subscription_id).await
}

/// Mails the admins once when people start waiting for a seat of the subscription; the mark
/// is cleared when the queue empties, so a later shortage is told again.
async fn settle_queue(state: &AppState, tx: &mut Tx, account_id: &str, subscription_id: &str) -> AppResult<()> {
    let db = &state.db;
    let now = state.clock.unix();
    let waiting = db.queue_length(tx, subscription_id).await?;
    if waiting == 0 {
        db.set_queue_notified(tx, subscription_id, None).await?;
        return Ok(());
    }
    if !db.set_queue_notified(tx, subscription_id, Some(now)).await? {
        return Ok(());
    }
    let Some(sub) = db.subscription(&mut **tx, account_id, subscription_id).await? else { return Ok(()) };
    // Inside the transaction: another pooled connection could wait on this one's lock.
    let sql = db.sql("SELECT name FROM accounts WHERE id = $1");
    let Some(account_name) = sqlx::query_scalar::<_, String>(&sql).bind(account_id).fetch_optional(&mut **tx).await? else { return Ok(()) };
    let link = state.settings.link(&format!("/accounts/{account_id}/directory"));
    for admin in db.admin_ids(tx, account_id).await? {
        let Some(user) = db.user_by_id(&mut **tx, &admin).await? else { continue };
        let m = Mail::SeatsWaiting { account: account_name.clone(), product: sub.product_name.clone(), seats: sub.seats.max(0) as u64, link: link.clone() };
        mail::queue(db, tx, &m, &accounts::recipient(&user), now).await?;
    }
    state.mail_wake.notify_one();
    Ok(())
}

/// An admin took a seat away by hand: if a binding gave it (or would give it again), the
/// member is waived from the binding until they leave its teams. Then the freed seat goes to
/// the next one waiting.
pub async fn unassigned_by_admin(state: &AppState, tx: &mut Tx, account_id: &str, subscription_id: &str, user_id: &str, actor: &Actor) -> AppResult<()> {
    let db = &state.db;
    let entitled = db.entitled_subscriptions(tx, account_id, user_id).await?;
    if entitled.iter().any(|s| s == subscription_id) {
        db.add_waiver(tx, subscription_id, account_id, user_id, state.clock.unix()).await?;
    }
    fill(state, tx, account_id, subscription_id, Author::Admin(actor)).await
}

/// Every member of a team, reconciled (after the team was bound, unbound or deleted).
pub async fn reconcile_all(state: &AppState, tx: &mut Tx, account_id: &str, user_ids: &[String], author: Author<'_>) -> AppResult<()> {
    for u in user_ids {
        reconcile(state, tx, account_id, u, author).await?;
    }
    Ok(())
}
