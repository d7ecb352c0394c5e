//! Who may do what in a customer account, and the changes admins make there. Every change is
//! written together with its activity record in one transaction.

use seatwise_api::{Member, MemberRole, MemberStatus, Seats, Subscription, TeamRef};
use serde_json::json;

use crate::{
    clock::rfc3339,
    domain::accounts,
    mail::{self, Mail},
    error::{AppError, AppResult},
    state::AppState,
    store::{
        accounts::{is_seat_limit, AccountRow, MemberRow, NewActivity, SubscriptionRow},
        users::UserRow,
        Tx,
    },
};

/// A signed-in person acting in one customer account.
pub struct Actor {
    pub user: UserRow,
    pub account: AccountRow,
    pub role: MemberRole,
    pub ip: String,
}

impl Actor {
    /// The person's membership of `account_id`; other accounts' objects answer 404.
    pub async fn load(state: &AppState, user: UserRow, account_id: &str, ip: String) -> AppResult<Actor> {
        let membership = state.db.membership(state.db.pool(), account_id, &user.id).await?.ok_or(AppError::NotFound)?;
        // Inactive in the company's directory: no access to the account until active again.
        if membership.suspended_at.is_some() {
            return Err(AppError::Forbidden);
        }
        let account = state.db.account(account_id).await?.ok_or(AppError::NotFound)?;
        let role = MemberRole::parse(&membership.role).ok_or_else(|| anyhow::anyhow!("bad role in the database"))?;
        Ok(Actor { user, account, role, ip })
    }

    pub fn require_admin(&self) -> AppResult<()> {
        if self.role.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require_primary(&self) -> AppResult<()> {
        if self.role == MemberRole::PrimaryAdmin {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Records a change in the activity log inside `tx`.
    pub async fn record(
        &self,
        state: &AppState,
        tx: &mut Tx,
        action: &str,
        object: (&str, &str),
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> AppResult<()> {
        state
            .db
            .record_activity(
                &mut **tx,
                &NewActivity {
                    account_id: Some(&self.account.id),
                    actor_id: &self.user.id,
                    actor_email: &self.user.email,
                    action,
                    object_type: object.0,
                    object_id: object.1,
                    before,
                    after,
                    ip: &self.ip,
                    at: state.clock.unix(),
                },
            )
            .await?;
        Ok(())
    }
}

/// What a member list shows of each member besides their row.
#[derive(Debug, Clone, Default)]
pub struct MemberExtras {
    pub teams: Vec<TeamRef>,
    pub subscription_ids: Vec<String>,
    pub bound: Vec<String>,
    pub waiting: Vec<String>,
}

/// The teams, seats (and which a binding gave) and waiting places of the given members.
pub async fn member_extras(state: &AppState, account_id: &str, ids: &[String]) -> AppResult<std::collections::HashMap<String, MemberExtras>> {
    let db = &state.db;
    let mut out: std::collections::HashMap<String, MemberExtras> = std::collections::HashMap::new();
    for (user, id, name) in db.teams_of(db.pool(), account_id, ids).await? {
        out.entry(user).or_default().teams.push(TeamRef { id, name });
    }
    for (user, sub) in db.assignments_of(account_id, ids).await? {
        out.entry(user).or_default().subscription_ids.push(sub);
    }
    for (user, sub) in db.bound_seats_of(account_id, ids).await? {
        out.entry(user).or_default().bound.push(sub);
    }
    for (user, sub) in db.waiting_of(account_id, ids).await? {
        out.entry(user).or_default().waiting.push(sub);
    }
    Ok(out)
}

pub fn to_member(row: &MemberRow, extras: MemberExtras) -> Member {
    let status = if row.suspended_at.is_some() {
        MemberStatus::Suspended
    } else if row.email_verified_at.is_some() {
        MemberStatus::Active
    } else {
        MemberStatus::Unconfirmed
    };
    Member {
        user_id: row.user_id.clone(),
        account_id: row.account_id.clone(),
        email: row.email.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        role: MemberRole::parse(&row.role).unwrap_or(MemberRole::User),
        status,
        teams: extras.teams,
        subscription_ids: extras.subscription_ids,
        bound_subscription_ids: extras.bound,
        waiting_subscription_ids: extras.waiting,
        last_sign_in_at: row.last_sign_in_at.map(rfc3339),
        joined_at: rfc3339(row.joined_at),
    }
}

pub fn to_subscription(s: &SubscriptionRow) -> Subscription {
    use seatwise_api::{LicenceType, SubscriptionStatus, Term};
    Subscription {
        id: s.id.clone(),
        contract_id: s.contract_id.clone(),
        contract_number: s.contract_number.clone(),
        product_code: s.product_code.clone(),
        product_name: s.product_name.clone(),
        licence_type: LicenceType::parse(&s.licence_type).unwrap_or(LicenceType::NamedUser),
        seats: s.seats.max(0) as u32,
        seats_used: s.seats_used.max(0) as u32,
        term: Term::parse(&s.term).unwrap_or(Term::OneYear),
        start_date: s.start_date.clone(),
        end_date: s.end_date.clone(),
        auto_renew: s.auto_renew != 0,
        status: SubscriptionStatus::parse(&s.status).unwrap_or(SubscriptionStatus::Active),
    }
}

impl Actor {
    fn name(&self) -> String {
        format!("{} {}", self.user.first_name, self.user.last_name)
    }

    /// Tells a member by mail (in their language) that they got or lost a seat.
    pub async fn mail_seat_change(&self, state: &AppState, tx: &mut Tx, user_id: &str, product: &str, assigned: bool) -> AppResult<()> {
        let Some(user) = state.db.user_by_id(&mut **tx, user_id).await? else { return Ok(()) };
        let (account, admin, product, link) =
            (self.account.name.clone(), self.name(), product.to_string(), state.settings.link("/"));
        let m = if assigned {
            Mail::SeatAssigned { account, admin, product, link }
        } else {
            Mail::SeatRemoved { account, admin, product, link }
        };
        mail::queue(&state.db, tx, &m, &accounts::recipient(&user), state.clock.unix()).await?;
        state.mail_wake.notify_one();
        Ok(())
    }

    pub async fn mail_member_removed(&self, state: &AppState, tx: &mut Tx, user: &UserRow) -> AppResult<()> {
        let m = Mail::MemberRemoved { account: self.account.name.clone(), admin: self.name(), link: state.settings.link("/") };
        mail::queue(&state.db, tx, &m, &accounts::recipient(user), state.clock.unix()).await?;
        state.mail_wake.notify_one();
        Ok(())
    }
}

/// Why an assignment was refused.
fn no_seat() -> AppError {
    AppError::Conflict(seatwise_api::ErrorCode::NoSeatLeft)
}

/// Gives or takes one member's seat of one subscription. The seat limit is checked by the
/// database in the same transaction (see the `seats_within_limit` constraint).
pub async fn set_assignment(
    state: &AppState,
    actor: &Actor,
    user_id: &str,
    subscription_id: &str,
    assigned: bool,
) -> AppResult<Seats> {
    actor.require_admin()?;
    let db = &state.db;
    let account_id = actor.account.id.as_str();
    let mut tx = db.begin().await?;
    let sub = db.subscription(&mut *tx, account_id, subscription_id).await?.ok_or(AppError::NotFound)?;
    let membership = db.membership(&mut *tx, account_id, user_id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.unix();
    let changed = if assigned {
        if sub.status != "active" {
            return Err(AppError::Conflict(seatwise_api::ErrorCode::SubscriptionInactive));
        }
        if membership.suspended_at.is_some() {
            return Err(AppError::Conflict(seatwise_api::ErrorCode::MemberSuspended));
        }
        db.lock_subscription(&mut tx, subscription_id).await?;
        let changed = match db.insert_assignment(&mut *tx, subscription_id, account_id, user_id, now).await {
            Ok(changed) => changed,
            Err(e) if is_seat_limit(&e) => return Err(no_seat()),
            Err(e) => return Err(e.into()),
        };
        // Given by hand: no longer waiting for it, nor waived from it.
        db.dequeue(&mut tx, subscription_id, user_id).await?;
        db.drop_waiver(&mut tx, subscription_id, user_id).await?;
        changed
    } else {
        db.lock_subscription(&mut tx, subscription_id).await?;
        let changed = db.delete_assignment(&mut *tx, subscription_id, user_id).await?;
        if changed {
            crate::domain::bindings::unassigned_by_admin(state, &mut tx, account_id, subscription_id, user_id, actor).await?;
        }
        changed
    };
    if changed {
        let action = if assigned { "assignment.added" } else { "assignment.removed" };
        let detail = json!({"user_id": user_id, "subscription_id": subscription_id, "product": sub.product_name});
        let (before, after) = if assigned { (None, Some(detail)) } else { (Some(detail), None) };
        actor.record(state, &mut tx, action, ("assignment", &format!("{subscription_id}/{user_id}")), before, after).await?;
        actor.mail_seat_change(state, &mut tx, user_id, &sub.product_name, assigned).await?;
    }
    let (seats, seats_used) = db.seats(&mut *tx, subscription_id).await?;
    tx.commit().await?;
    Ok(Seats { seats: seats as u32, seats_used: seats_used as u32 })
}

/// Assigns one subscription to several members at once: all of them or none.
pub async fn assign_many(
    state: &AppState,
    actor: &Actor,
    subscription_id: &str,
    user_ids: &[String],
) -> AppResult<Seats> {
    actor.require_admin()?;
    if user_ids.is_empty() || user_ids.len() > 1000 {
        return Err(AppError::field("user_ids", seatwise_api::FieldErrorCode::Required));
    }
    let db = &state.db;
    let account_id = actor.account.id.as_str();
    let mut tx = db.begin().await?;
    let sub = db.subscription(&mut *tx, account_id, subscription_id).await?.ok_or(AppError::NotFound)?;
    if sub.status != "active" {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::SubscriptionInactive));
    }
    let now = state.clock.unix();
    for user_id in user_ids {
        match db.insert_assignment(&mut *tx, subscription_id, account_id, user_id, now).await {
            Ok(true) => {
                let detail = json!({"user_id": user_id, "subscription_id": subscription_id, "product": sub.product_name});
                actor.record(state, &mut tx, "assignment.added", ("assignment", &format!("{subscription_id}/{user_id}")), None, Some(detail)).await?;
                actor.mail_seat_change(state, &mut tx, user_id, &sub.product_name, true).await?;
            }
            Ok(false) => {}
            Err(e) if is_seat_limit(&e) => return Err(no_seat()),
            // Not a member of this account: the foreign key refuses it.
            Err(sqlx::Error::Database(d)) if d.kind() == sqlx::error::ErrorKind::ForeignKeyViolation => {
                return Err(AppError::NotFound)
            }
            Err(e) => return Err(e.into()),
        }
    }
    let (seats, seats_used) = db.seats(&mut *tx, subscription_id).await?;
    tx.commit().await?;
    Ok(Seats { seats: seats as u32, seats_used: seats_used as u32 })
}
