//! The usage-report API's tokens: a premium account's admins create them to read the account's
//! reports from other tools (a BI dashboard, a script), without a browser or a person's session.
//!
//! A token names the reports it may read (scopes), expires after 1 to 365 days, records its last
//! use, and can be revoked at once. Only a SHA-256 hash of the secret is stored; the secret is
//! shown once, at creation. A token reads nothing while the account lacks the premium plan.

use seatwise_api::{
    CreatedReportToken, ErrorCode, FieldErrorCode, NewReportToken, ReportScope, ReportToken, ReportTokenList,
    REPORT_TOKEN_PREFIX,
};
use serde_json::json;

use super::{
    identity::text_field,
    membership::Actor,
    secret::{new_token, token_hash},
};
use crate::{
    clock::rfc3339,
    error::{AppError, AppResult},
    state::AppState,
    store::{accounts::AccountRow, report_tokens::ReportTokenRow},
};

/// Live tokens an account may hold at once.
pub const MAX_LIVE_TOKENS: i64 = 20;
const DAY: i64 = 86_400;

fn scopes_of(row: &ReportTokenRow) -> Vec<ReportScope> {
    row.scopes.split(',').filter_map(ReportScope::parse).collect()
}

fn to_wire(row: &ReportTokenRow, now: i64) -> ReportToken {
    ReportToken {
        id: row.id.clone(),
        name: row.name.clone(),
        scopes: scopes_of(row),
        hint: format!("{}…", row.hint),
        created_by: row.created_by_name.clone().unwrap_or_default(),
        created_at: rfc3339(row.created_at),
        expires_at: rfc3339(row.expires_at),
        last_used_at: row.last_used_at.map(rfc3339),
        revoked_at: row.revoked_at.map(rfc3339),
        live: row.revoked_at.is_none() && row.expires_at > now,
    }
}

async fn has_premium(state: &AppState, account_id: &str) -> AppResult<bool> {
    Ok(state.db.premium_plan(account_id).await?.1.is_some())
}

/// The account's tokens, newest first (admins).
pub async fn list(state: &AppState, actor: &Actor) -> AppResult<ReportTokenList> {
    actor.require_admin()?;
    let now = state.clock.unix();
    let tokens = state.db.report_tokens(&actor.account.id).await?.iter().map(|r| to_wire(r, now)).collect();
    Ok(ReportTokenList { tokens, premium: has_premium(state, &actor.account.id).await? })
}

/// Creates a token (admins of a premium account): its secret is in the answer only.
pub async fn create(state: &AppState, actor: &Actor, req: &NewReportToken) -> AppResult<CreatedReportToken> {
    actor.require_admin()?;
    let mut fields = Default::default();
    let name = text_field(&mut fields, "name", &req.name, 80, true);
    if req.scopes.is_empty() {
        fields.insert("scopes".into(), FieldErrorCode::Required);
    }
    if !(1..=365).contains(&req.days) {
        fields.insert("days".into(), FieldErrorCode::OutOfRange);
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    if !has_premium(state, &actor.account.id).await? {
        return Err(AppError::Conflict(ErrorCode::PremiumRequired));
    }
    let mut scopes = req.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let scopes_text = scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(",");

    let now = state.clock.unix();
    let secret = format!("{REPORT_TOKEN_PREFIX}{}", new_token());
    let hint: String = secret.chars().take(REPORT_TOKEN_PREFIX.len() + 4).collect();
    let id = uuid::Uuid::new_v4().to_string();
    let expires_at = now + i64::from(req.days) * DAY;
    let db = &state.db;
    let mut tx = db.begin().await?;
    if db.live_report_tokens(&mut tx, &actor.account.id, now).await? >= MAX_LIVE_TOKENS {
        return Err(AppError::Conflict(ErrorCode::Conflict));
    }
    db.insert_report_token(&mut tx, &id, &actor.account.id, (&name, &scopes_text), (&token_hash(&secret), &hint), &actor.user.id, now, expires_at)
        .await?;
    actor
        .record(state, &mut tx, "report_token.created", ("report_token", &id), None,
            Some(json!({"name": name, "scopes": scopes, "expires_at": rfc3339(expires_at)})))
        .await?;
    tx.commit().await?;
    let row = db.report_token(&actor.account.id, &id).await?.ok_or(AppError::NotFound)?;
    Ok(CreatedReportToken { token: to_wire(&row, now), secret })
}

/// Revokes a token at once (admins); revoking a revoked token changes nothing.
pub async fn revoke(state: &AppState, actor: &Actor, id: &str) -> AppResult<ReportToken> {
    actor.require_admin()?;
    let db = &state.db;
    let row = db.report_token(&actor.account.id, id).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.unix();
    let mut tx = db.begin().await?;
    if db.revoke_report_token(&mut tx, &actor.account.id, id, now).await? {
        actor
            .record(state, &mut tx, "report_token.revoked", ("report_token", id), Some(json!({"name": row.name, "revoked": false})),
                Some(json!({"name": row.name, "revoked": true})))
            .await?;
    }
    tx.commit().await?;
    let row = db.report_token(&actor.account.id, id).await?.ok_or(AppError::NotFound)?;
    Ok(to_wire(&row, now))
}

/// The account a bearer secret reads, when the token is live, belongs to `account_id`, opens
/// `scope`, and the account has the premium plan. An unknown, revoked or expired secret is a
/// 401; another account's token finds nothing (404, as the account would for a stranger).
pub async fn authorize(state: &AppState, secret: &str, account_id: &str, scope: ReportScope) -> AppResult<AccountRow> {
    let bad = AppError::BadDeviceToken { deactivated: false };
    if !secret.starts_with(REPORT_TOKEN_PREFIX) {
        return Err(bad);
    }
    let row = state.db.report_token_by_hash(&token_hash(secret)).await?.ok_or(AppError::BadDeviceToken { deactivated: false })?;
    let now = state.clock.unix();
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Err(bad);
    }
    // Written at most once a minute per token.
    if row.last_used_at.is_none_or(|at| now - at >= 60) {
        state.db.touch_report_token(&row.id, now).await?;
    }
    if row.account_id != account_id {
        return Err(AppError::NotFound);
    }
    if !scopes_of(&row).contains(&scope) {
        return Err(AppError::Denied(ErrorCode::InsufficientScope));
    }
    if !has_premium(state, account_id).await? {
        return Err(AppError::Denied(ErrorCode::PremiumRequired));
    }
    state.db.account(account_id).await?.ok_or(AppError::NotFound)
}
