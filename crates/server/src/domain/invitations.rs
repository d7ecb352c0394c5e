//! Invitations to a customer account: sent by an admin (or by the vendor, for the contract
//! manager), accepted through a mailed single-use link by a new person or an existing account.

use seatwise_api::{FieldErrorCode, Invitation, InvitationStatus, MemberRole};

use crate::{
    clock::rfc3339,
    domain::{
        accounts::{self, SignUp},
        secret::{new_token, token_hash},
        Email, Locale, PersonName,
    },
    error::{AppError, AppResult},
    mail::{self, Mail, Recipient},
    state::AppState,
    store::{accounts::AccountRow, users::UserRow, vendor::InvitationRow, Tx},
};

/// A validated invitation, before it is stored.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub role: MemberRole,
    pub team_id: Option<String>,
    pub subscription_ids: Vec<String>,
    /// Language of the mail when the person has no account yet.
    pub locale: Locale,
}

pub fn to_invitation(r: &InvitationRow, now: i64) -> Invitation {
    Invitation {
        id: r.id.clone(),
        email: r.email.clone(),
        first_name: r.first_name.clone(),
        last_name: r.last_name.clone(),
        role: MemberRole::parse(&r.role).unwrap_or(MemberRole::User),
        team_id: r.team_id.clone(),
        subscription_ids: r.products.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        status: match r.status.as_str() {
            "accepted" => InvitationStatus::Accepted,
            "revoked" => InvitationStatus::Revoked,
            _ if r.expires_at <= now => InvitationStatus::Expired,
            _ => InvitationStatus::Pending,
        },
        created_at: rfc3339(r.created_at),
        expires_at: rfc3339(r.expires_at),
    }
}

/// Resends of one invitation allowed per hour.
pub const RESENDS_PER_HOUR: i64 = 3;

fn budget_key(account_id: &str) -> String {
    format!("invitation-mail:{account_id}")
}

/// Takes `n` invitation mails from the account's hourly budget (`invitation_mails_per_hour`),
/// all or nothing. Call before the transaction that queues them; give them back with
/// [`refund_mail_budget`] if it fails.
pub async fn take_mail_budget(state: &AppState, account_id: &str, n: usize) -> AppResult<()> {
    let limit = state.settings.invitation_mails_per_hour;
    if !state.db.rate_take(&budget_key(account_id), state.clock.unix(), 3600, limit, n as i64).await? {
        return Err(AppError::RateLimited { retry_after: 3600 });
    }
    Ok(())
}

/// Gives back mails taken for a transaction that failed.
pub async fn refund_mail_budget(state: &AppState, account_id: &str, n: usize) {
    if let Err(e) = state.db.rate_refund(&budget_key(account_id), n as i64).await {
        tracing::warn!(error = %e, "cannot give back the invitation mail budget");
    }
}

/// A resend takes one mail of the account's budget, and one of the invitation's own
/// ([`RESENDS_PER_HOUR`]): nobody's inbox is flooded through one invitation.
pub async fn take_resend_budget(state: &AppState, account_id: &str, invitation_id: &str) -> AppResult<()> {
    let now = state.clock.unix();
    if !state.db.rate_take(&format!("invitation-resend:{invitation_id}"), now, 3600, RESENDS_PER_HOUR, 1).await? {
        return Err(AppError::RateLimited { retry_after: 3600 });
    }
    take_mail_budget(state, account_id, 1).await
}

/// Stores the invitation and queues its mail inside `tx`. Returns the stored row and the
/// link's token (which is stored only hashed).
pub async fn invite(
    state: &AppState,
    tx: &mut Tx,
    account: &AccountRow,
    inviter: Option<&UserRow>,
    inv: &NewInvitation,
) -> AppResult<(InvitationRow, String)> {
    let db = &state.db;
    let now = state.clock.unix();
    let existing = db.user_by_email_in(&mut **tx, inv.email.as_str()).await?;
    if let Some(user) = &existing {
        if db.membership(&mut **tx, &account.id, &user.id).await?.is_some() {
            return Err(AppError::Conflict(seatwise_api::ErrorCode::AlreadyMember));
        }
    }
    let token = new_token();
    let row = InvitationRow {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account.id.clone(),
        email: inv.email.as_str().to_string(),
        first_name: inv.first_name.clone().into_inner(),
        last_name: inv.last_name.clone().into_inner(),
        role: inv.role.as_str().to_string(),
        team_id: inv.team_id.clone(),
        products: inv.subscription_ids.join(","),
        status: "pending".into(),
        created_at: now,
        expires_at: now + state.settings.invitation_ttl.as_secs() as i64,
    };
    if let Err(e) = db.insert_invitation(&mut **tx, &row, &token_hash(&token), inviter.map(|u| u.id.as_str())).await {
        return Err(if crate::store::is_unique_violation(&e) { AppError::Conflict(seatwise_api::ErrorCode::AlreadyInvited) } else { e.into() });
    }
    queue_mail(state, tx, account, inviter, &row, &token, existing.as_ref(), inv.locale).await?;
    Ok((row, token))
}

#[allow(clippy::too_many_arguments)]
async fn queue_mail(
    state: &AppState,
    tx: &mut Tx,
    account: &AccountRow,
    inviter: Option<&UserRow>,
    row: &InvitationRow,
    token: &str,
    existing: Option<&UserRow>,
    locale: Locale,
) -> AppResult<()> {
    let to = match existing {
        Some(u) => accounts::recipient(u),
        None => Recipient {
            email: row.email.clone(),
            name: row.first_name.clone(),
            locale,
            prefs: seatwise_api::NotificationSettings { product_updates: true, renewal_reminders: true, news: false },
        },
    };
    let m = Mail::Invitation {
        account: account.name.clone(),
        inviter: inviter.map(|u| format!("{} {}", u.first_name, u.last_name)).unwrap_or_else(|| "Seatwise".into()),
        link: state.settings.link(&format!("/invitation?token={token}")),
        days: state.settings.invitation_ttl.as_secs() / 86_400,
    };
    mail::queue(&state.db, tx, &m, &to, state.clock.unix()).await?;
    Ok(())
}

/// A new token and expiry for a pending (or expired) invitation, mailed again.
pub async fn resend(state: &AppState, tx: &mut Tx, account: &AccountRow, inviter: &UserRow, id: &str) -> AppResult<InvitationRow> {
    let db = &state.db;
    let now = state.clock.unix();
    let row = db.invitation(&mut **tx, &account.id, id).await?.ok_or(AppError::NotFound)?;
    if row.status != "pending" {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::InvitationUnavailable));
    }
    let token = new_token();
    let expires_at = now + state.settings.invitation_ttl.as_secs() as i64;
    if !db.renew_invitation(&mut **tx, id, &token_hash(&token), expires_at).await? {
        // Accepted or revoked since we read it: mail no link that cannot work.
        return Err(AppError::Conflict(seatwise_api::ErrorCode::InvitationUnavailable));
    }
    let existing = db.user_by_email_in(&mut **tx, &row.email).await?;
    let row = InvitationRow { expires_at, ..row };
    queue_mail(state, tx, account, Some(inviter), &row, &token, existing.as_ref(), Locale::DEFAULT).await?;
    Ok(row)
}

/// What a new person gives when accepting.
pub struct NewPerson {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub country: crate::domain::Country,
    pub password: crate::domain::Password,
    pub locale: Locale,
    /// See `SignUp::password_hash`.
    pub password_hash: Option<String>,
}

/// Accepts the invitation. `signed_in` must be the invited address's account when it has
/// one; otherwise `new_person` creates it (confirmed: the mail reached its owner). Returns the
/// member, whether the account was created now, and the invitation (its account and role).
pub async fn accept(
    state: &AppState,
    token: &str,
    signed_in: Option<UserRow>,
    new_person: Option<NewPerson>,
) -> AppResult<(UserRow, bool, InvitationRow)> {
    let db = &state.db;
    let now = state.clock.unix();
    let inv = db.open_invitation(&token_hash(token), now).await?.ok_or(AppError::InvalidToken)?;
    let existing = db.user_by_email(&inv.email).await?;
    let (user, created) = match (existing, signed_in) {
        (Some(owner), Some(me)) if owner.id == me.id => (owner, false),
        (Some(_), Some(_)) => return Err(AppError::Forbidden),
        (Some(_), None) => return Err(AppError::Unauthenticated),
        (None, _) => {
            let p = new_person.ok_or_else(|| AppError::field("password", FieldErrorCode::Required))?;
            let input = SignUp {
                email: Email::parse(&inv.email).map_err(|e| AppError::field("email", e))?,
                password: p.password,
                first_name: p.first_name,
                last_name: p.last_name,
                country: p.country,
                locale: p.locale,
                password_hash: p.password_hash,
            };
            match accounts::sign_up(state, input, true).await? {
                accounts::SignUpOutcome::Created { user_id } => {
                    (db.user_by_id(db.pool(), &user_id).await?.ok_or(AppError::NotFound)?, true)
                }
                // Created between our look-up and now: accept by signing in instead.
                accounts::SignUpOutcome::AlreadyRegistered => return Err(AppError::Unauthenticated),
            }
        }
    };
    // The team may have been deleted since (the invitation's team is then empty), or be the
    // directory's to fill.
    let team = match inv.team_id.as_deref() {
        Some(t) => db.team(&inv.account_id, t).await?.filter(|t| t.synced == 0).map(|t| t.id),
        None => None,
    };
    let mut tx = db.begin().await?;
    if !db.accept_invitation(&mut *tx, &inv.id, now).await? {
        return Err(AppError::InvalidToken);
    }
    if let Err(e) = db.insert_membership(&mut *tx, &inv.account_id, &user.id, &inv.role, now).await {
        return Err(if crate::store::is_unique_violation(&e) { AppError::Conflict(seatwise_api::ErrorCode::AlreadyMember) } else { e.into() });
    }
    if let Some(team) = &team {
        db.add_team_member(&mut *tx, &inv.account_id, team, &user.id, now).await?;
    }
    // Assign what still has a free seat; a full subscription is skipped, not a failure.
    for sub in inv.products.split(',').filter(|s| !s.is_empty()) {
        let mut sp = sqlx::Connection::begin(&mut *tx).await?;
        match db.insert_assignment(&mut *sp, sub, &inv.account_id, &user.id, now).await {
            Ok(_) => sp.commit().await?,
            Err(e) if crate::store::accounts::is_seat_limit(&e) => sp.rollback().await?,
            Err(sqlx::Error::Database(d)) if d.kind() == sqlx::error::ErrorKind::ForeignKeyViolation => sp.rollback().await?,
            Err(e) => return Err(e.into()),
        }
    }
    // Seats the team's bindings give (after the invitation's own products).
    crate::domain::bindings::reconcile(state, &mut tx, &inv.account_id, &user.id, crate::domain::bindings::Author::Directory).await?;
    db.record_activity(
        &mut *tx,
        &crate::store::accounts::NewActivity {
            account_id: Some(&inv.account_id),
            actor_id: &user.id,
            actor_email: &user.email,
            action: "invitation.accepted",
            object_type: "invitation",
            object_id: &inv.id,
            before: None,
            after: Some(serde_json::json!({"user_id": user.id, "role": inv.role})),
            ip: "",
            at: now,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((user, created, inv))
}
