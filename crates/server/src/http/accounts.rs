//! A customer account as its admins and members see it: members, roles, teams, seats, activity.


use axum::{
    extract::State,
    http::StatusCode,
    Json,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use seatwise_api::{
    AccountSummary, ActivityEntry, ActivityPage, ErrorBody, FieldErrorCode, Member, MemberPage,
    MemberQuery, MemberRole, MyAccounts, Seats, SetAssignment,
    SubscriptionList, Team, TeamList, TeamRequest, TransferPrimaryRequest, UpdateMemberRequest,
    UserIds,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser, Empty};
use crate::{
    clock::rfc3339,
    domain::{
        bindings,
        membership::{self, to_member, to_subscription, Actor},
        ProfileText,
    },
    error::{AppError, AppResult},
    state::AppState,
    store::accounts::MemberFilter,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_team_bindings))
        .routes(routes!(list_my_accounts))
        .routes(routes!(list_subscriptions))
        .routes(routes!(list_members))
        .routes(routes!(get_member, update_member))
        .routes(routes!(remove_member))
        .routes(routes!(transfer_primary))
        .routes(routes!(set_two_step_policy))
        .routes(routes!(set_assignment))
        .routes(routes!(assign_many))
        .routes(routes!(list_teams, create_team))
        .routes(routes!(rename_team))
        .routes(routes!(delete_team))
        .routes(routes!(list_activity))
        .routes(routes!(export_activity))
}

async fn actor(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    Actor::load(state, current.user, account, client.ip).await
}

/// The accounts the signed-in person belongs to.
#[utoipa::path(get, path = "/accounts", tag = "accounts",
    responses((status = 200, body = MyAccounts), (status = 401, body = ErrorBody)))]
pub async fn list_my_accounts(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<MyAccounts>> {
    let accounts = state
        .db
        .accounts_of(&current.user.id)
        .await?
        .into_iter()
        .map(|(a, role, require_two_step)| AccountSummary {
            id: a.id,
            number: a.number,
            name: a.name,
            role: MemberRole::parse(&role).unwrap_or(MemberRole::User),
            require_two_step,
        })
        .collect();
    Ok(Json(MyAccounts { accounts, vendor_staff: current.user.is_vendor_staff != 0 }))
}

/// The account's subscriptions with seat counts: all of them for admins, a user's own for users.
#[utoipa::path(get, path = "/accounts/{account}/subscriptions", tag = "accounts",
    params(("account" = String, Path)),
    responses((status = 200, body = SubscriptionList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_subscriptions(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<SubscriptionList>> {
    let actor = actor(&state, current, &account, client).await?;
    let rows = if actor.role.is_admin() {
        state.db.subscriptions(&account).await?
    } else {
        state.db.subscriptions_of(&account, &actor.user.id).await?
    };
    Ok(Json(SubscriptionList { subscriptions: rows.iter().map(to_subscription).collect() }))
}

/// Cursor: the sort key and user id of the last row, base64url JSON.
fn encode_cursor(key: &str, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(json!([key, id]).to_string())
}

fn decode_cursor(c: &str) -> AppResult<(String, String)> {
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| AppError::field("cursor", FieldErrorCode::Unknown))?;
    serde_json::from_slice::<(String, String)>(&bytes).map_err(|_| AppError::field("cursor", FieldErrorCode::Unknown))
}

/// Members of the account: search, filters, sort and keyset pages.
#[utoipa::path(get, path = "/accounts/{account}/members", tag = "accounts",
    params(("account" = String, Path), MemberQuery),
    responses((status = 200, body = MemberPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<MemberQuery>,
) -> AppResult<Json<MemberPage>> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::field("limit", FieldErrorCode::TooLong));
    }
    if q.q.as_ref().is_some_and(|s| s.chars().count() > 200) {
        return Err(AppError::field("q", FieldErrorCode::TooLong));
    }
    let after = q.cursor.as_deref().filter(|c| !c.is_empty()).map(decode_cursor).transpose()?;
    let filter = MemberFilter::from_query(&q, after, limit as i64 + 1);
    let mut rows = state.db.list_members(&account, &filter).await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let ids: Vec<String> = rows.iter().map(|r| r.user_id.clone()).collect();
    let mut extras = membership::member_extras(&state, &account, &ids).await?;
    let next_cursor = more.then(|| rows.last().map(|r| encode_cursor(&r.sort_key, &r.user_id))).flatten();
    let members = rows.iter().map(|r| to_member(r, extras.remove(&r.user_id).unwrap_or_default())).collect();
    Ok(Json(MemberPage { members, next_cursor }))
}

/// One member: admins see anyone in the account, users only themselves.
#[utoipa::path(get, path = "/accounts/{account}/members/{user}", tag = "accounts",
    params(("account" = String, Path), ("user" = String, Path)),
    responses((status = 200, body = Member), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_member(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, user)): ApiPath<(String, String)>,
) -> AppResult<Json<Member>> {
    let actor = actor(&state, current, &account, client).await?;
    if actor.user.id != user {
        actor.require_admin()?;
    }
    load_member(&state, &account, &user).await.map(Json)
}

async fn load_member(state: &AppState, account: &str, user: &str) -> AppResult<Member> {
    let row = state.db.member(account, user).await?.ok_or(AppError::NotFound)?;
    let mut extras = membership::member_extras(state, account, &[user.to_string()]).await?;
    Ok(to_member(&row, extras.remove(user).unwrap_or_default()))
}

/// Change a member's role (user or secondary admin) or team.
#[utoipa::path(patch, path = "/accounts/{account}/members/{user}", tag = "accounts",
    params(("account" = String, Path), ("user" = String, Path)), request_body = UpdateMemberRequest,
    responses((status = 200, body = Member), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_member(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, user)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<UpdateMemberRequest>,
) -> AppResult<Json<Member>> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let before = load_member(&state, &account, &user).await?;
    if req.role == Some(MemberRole::PrimaryAdmin) {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::PrimaryAdminRequired));
    }
    if req.role.is_some() && before.role == MemberRole::PrimaryAdmin {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::PrimaryAdminRequired));
    }
    // The teams asked for, each of this account; synced teams are joined and left only in the
    // company's directory.
    let teams = match &req.team_ids {
        None => None,
        Some(ids) => {
            let all = state.db.teams(&account).await?;
            let mut wanted: Vec<String> = Vec::new();
            for id in ids {
                if !all.iter().any(|t| &t.id == id) {
                    return Err(AppError::field("team_ids", FieldErrorCode::Unknown));
                }
                if !wanted.contains(id) {
                    wanted.push(id.clone());
                }
            }
            // The directory's teams stay as they are: asking to join one is refused, leaving one
            // out keeps it.
            let synced = |id: &String| all.iter().any(|t| &t.id == id && t.synced != 0);
            let current: Vec<String> = before.teams.iter().map(|t| t.id.clone()).filter(|id| !synced(id)).collect();
            if wanted.iter().any(|w| synced(w) && !before.teams.iter().any(|t| &t.id == w)) {
                return Err(AppError::Conflict(seatwise_api::ErrorCode::TeamSynced));
            }
            wanted.retain(|w| !synced(w));
            Some((current, wanted))
        }
    };
    let mut tx = state.db.begin().await?;
    if let Some(role) = req.role {
        if state.db.set_member_role(&mut *tx, &account, &user, role.as_str()).await? == 0 {
            // They became the contract manager (or left) since we looked.
            return Err(AppError::Conflict(seatwise_api::ErrorCode::PrimaryAdminRequired));
        }
    }
    let now = state.clock.unix();
    if let Some((current, wanted)) = &teams {
        for gone in current.iter().filter(|c| !wanted.contains(c)) {
            state.db.remove_team_member(&mut *tx, &account, gone, &user).await?;
        }
        for new in wanted.iter().filter(|w| !current.contains(w)) {
            state.db.add_team_member(&mut *tx, &account, new, &user, now).await?;
        }
        bindings::reconcile(&state, &mut tx, &account, &user, bindings::Author::Admin(&actor)).await?;
    }
    let after_role = req.role.unwrap_or(before.role);
    let before_teams: Vec<&String> = before.teams.iter().map(|t| &t.id).collect();
    let after_teams = match &teams {
        Some((_, wanted)) => json!(wanted),
        None => json!(before_teams),
    };
    actor
        .record(&state, &mut tx, "member.updated", ("member", &user),
            Some(json!({"role": before.role, "team_ids": before_teams})),
            Some(json!({"role": after_role, "team_ids": after_teams})))
        .await?;
    tx.commit().await?;
    load_member(&state, &account, &user).await.map(Json)
}

/// Remove a member from the account; their seats are freed. The contract manager cannot be
/// removed (transfer the role first).
#[utoipa::path(post, path = "/accounts/{account}/members/{user}/remove", tag = "accounts", request_body = Empty,
    params(("account" = String, Path), ("user" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn remove_member(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, user)): ApiPath<(String, String)>,
    _body: ApiJson<Empty>,
) -> AppResult<StatusCode> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let before = load_member(&state, &account, &user).await?;
    if before.role == MemberRole::PrimaryAdmin {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::PrimaryAdminRequired));
    }
    let person = state.db.user_by_id(state.db.pool(), &user).await?.ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    if state.db.delete_membership(&mut *tx, &account, &user).await? == 0 {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::PrimaryAdminRequired));
    }
    // The freed seats go to the next ones waiting.
    for sub in &before.subscription_ids {
        bindings::fill(&state, &mut tx, &account, sub, bindings::Author::Admin(&actor)).await?;
    }
    actor.mail_member_removed(&state, &mut tx, &person).await?;
    actor
        .record(&state, &mut tx, "member.removed", ("member", &user),
            Some(json!({"email": before.email, "role": before.role, "subscription_ids": before.subscription_ids})), None)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Require 2-step verification of every member, or stop requiring it (the contract manager
/// only, who must use it first: 409 `two_step_state` otherwise). Members without it can then,
/// once signed in, only set it up.
#[utoipa::path(put, path = "/accounts/{account}/two-step-policy", tag = "accounts",
    params(("account" = String, Path)), request_body = seatwise_api::TwoStepPolicy,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn set_two_step_policy(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<seatwise_api::TwoStepPolicy>,
) -> AppResult<StatusCode> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_primary()?;
    // Whoever requires it uses it: otherwise the contract manager would shut themself out.
    if req.required && !state.db.two_step_enabled(state.db.pool(), &actor.user.id).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::TwoStepState));
    }
    let mut tx = state.db.begin().await?;
    let before = state.db.set_require_two_step(&mut tx, &account, req.required).await?.ok_or(AppError::NotFound)?;
    if before != req.required {
        actor
            .record(&state, &mut tx, "account.two_step_policy", ("account", &account),
                Some(json!({"require_two_step": before})), Some(json!({"require_two_step": req.required})))
            .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Make another member the contract manager; the current one becomes a secondary admin.
#[utoipa::path(post, path = "/accounts/{account}/transfer-primary", tag = "accounts",
    params(("account" = String, Path)), request_body = TransferPrimaryRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn transfer_primary(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<TransferPrimaryRequest>,
) -> AppResult<StatusCode> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_primary()?;
    if req.user_id == actor.user.id {
        return Ok(StatusCode::NO_CONTENT);
    }
    let target = state.db.member(&account, &req.user_id).await?.ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    if !state.db.transfer_primary_role(&mut tx, &account, &actor.user.id, &req.user_id).await? {
        // A concurrent transfer or removal got there first; the rollback undoes any half.
        return Err(AppError::Conflict(seatwise_api::ErrorCode::Conflict));
    }
    actor
        .record(&state, &mut tx, "account.primary_transferred", ("member", &req.user_id),
            Some(json!({"primary_admin": actor.user.id, "role": target.role})),
            Some(json!({"primary_admin": req.user_id})))
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Give or take one member's seat of a subscription. Answers the new seat count; 409
/// `conflict` with message `no_seat_left` when none is free.
#[utoipa::path(put, path = "/accounts/{account}/members/{user}/assignments/{subscription}", tag = "accounts",
    params(("account" = String, Path), ("user" = String, Path), ("subscription" = String, Path)),
    request_body = SetAssignment,
    responses((status = 200, body = Seats), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_assignment(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, user, subscription)): ApiPath<(String, String, String)>,
    ApiJson(req): ApiJson<SetAssignment>,
) -> AppResult<Json<Seats>> {
    let actor = actor(&state, current, &account, client).await?;
    membership::set_assignment(&state, &actor, &user, &subscription, req.assigned).await.map(Json)
}

/// Assign a subscription to several members at once: all or none.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/{subscription}/assignments", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = UserIds,
    responses((status = 200, body = Seats), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn assign_many(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<UserIds>,
) -> AppResult<Json<Seats>> {
    let actor = actor(&state, current, &account, client).await?;
    membership::assign_many(&state, &actor, &subscription, &req.user_ids).await.map(Json)
}

fn team_name(name: &str) -> AppResult<String> {
    let name = ProfileText::parse(name).map_err(|e| AppError::field("name", e))?.into_inner();
    if name.is_empty() {
        return Err(AppError::field("name", FieldErrorCode::Required));
    }
    Ok(name)
}

fn team_conflict(e: sqlx::Error) -> AppError {
    if crate::store::is_unique_violation(&e) {
        AppError::Conflict(seatwise_api::ErrorCode::Taken)
    } else {
        e.into()
    }
}

/// The account's teams with their member counts.
#[utoipa::path(get, path = "/accounts/{account}/teams", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = TeamList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_teams(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<TeamList>> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let teams = state.db.teams(&account).await?;
    let bound = state.db.bindings(&account).await?;
    Ok(Json(TeamList {
        teams: teams
            .into_iter()
            .map(|t| {
                let subscription_ids = bound.iter().filter(|(team, _)| *team == t.id).map(|(_, s)| s.clone()).collect();
                Team { id: t.id, name: t.name, member_count: t.member_count as u32, synced: t.synced != 0, subscription_ids }
            })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/accounts/{account}/teams", tag = "accounts", params(("account" = String, Path)),
    request_body = TeamRequest,
    responses((status = 201, body = Team), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_team(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<TeamRequest>,
) -> AppResult<(StatusCode, Json<Team>)> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let name = team_name(&req.name)?;
    let id = uuid::Uuid::new_v4().to_string();
    let mut tx = state.db.begin().await?;
    state.db.insert_team(&mut *tx, &id, &account, &name, state.clock.unix()).await.map_err(team_conflict)?;
    actor.record(&state, &mut tx, "team.created", ("team", &id), None, Some(json!({"name": name}))).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(Team { id, name, member_count: 0, synced: false, subscription_ids: vec![] })))
}

#[utoipa::path(patch, path = "/accounts/{account}/teams/{team}", tag = "accounts",
    params(("account" = String, Path), ("team" = String, Path)), request_body = TeamRequest,
    responses((status = 200, body = Team), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn rename_team(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, team)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<TeamRequest>,
) -> AppResult<Json<Team>> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let name = team_name(&req.name)?;
    let before = state.db.team(&account, &team).await?.ok_or(AppError::NotFound)?;
    if before.synced != 0 {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::TeamSynced));
    }
    let mut tx = state.db.begin().await?;
    state.db.rename_team(&mut *tx, &account, &team, &name).await.map_err(team_conflict)?;
    actor.record(&state, &mut tx, "team.renamed", ("team", &team), Some(json!({"name": before.name})), Some(json!({"name": name}))).await?;
    let subscription_ids = state.db.team_subscriptions(&mut tx, &team).await?;
    tx.commit().await?;
    Ok(Json(Team { id: team, name, member_count: before.member_count as u32, synced: false, subscription_ids }))
}

/// Delete a team; its members stay in the account without a team.
#[utoipa::path(post, path = "/accounts/{account}/teams/{team}/delete", tag = "accounts", request_body = Empty,
    params(("account" = String, Path), ("team" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_team(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, team)): ApiPath<(String, String)>,
    _body: ApiJson<Empty>,
) -> AppResult<StatusCode> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let before = state.db.team(&account, &team).await?.ok_or(AppError::NotFound)?;
    if before.synced != 0 {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::TeamSynced));
    }
    let mut tx = state.db.begin().await?;
    let members = state.db.team_member_ids(&mut tx, &team).await?;
    state.db.delete_team(&mut *tx, &account, &team).await?;
    // Seats the team's bindings gave are freed.
    bindings::reconcile_all(&state, &mut tx, &account, &members, bindings::Author::Admin(&actor)).await?;
    actor.record(&state, &mut tx, "team.deleted", ("team", &team), Some(json!({"name": before.name, "members": before.member_count})), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ActivityQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// Actions starting with this, e.g. `assignment.` or `member.removed`.
    pub action: Option<String>,
    /// Part of the address of whoever made the change.
    pub actor: Option<String>,
}

/// The account's activity log, newest first. Read-only: entries cannot be changed or deleted.
#[utoipa::path(get, path = "/accounts/{account}/activity", tag = "accounts",
    params(("account" = String, Path), ActivityQuery),
    responses((status = 200, body = ActivityPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> AppResult<Json<ActivityPage>> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200) as usize;
    let mut rows = state
        .db
        .activity(&account, q.cursor.as_deref(), q.action.as_deref().unwrap_or(""), q.actor.as_deref().unwrap_or(""), limit as i64 + 1)
        .await?;
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = more.then(|| rows.last().map(|r| r.id.clone())).flatten();
    Ok(Json(ActivityPage {
        entries: rows
            .into_iter()
            .map(|r| ActivityEntry {
                id: r.id,
                actor_email: r.actor_email,
                action: r.action,
                object_type: r.object_type,
                object_id: r.object_id,
                before: r.before_json,
                after: r.after_json,
                ip: r.ip,
                at: rfc3339(r.created_at),
            })
            .collect(),
        next_cursor,
    }))
}

/// The activity log of the current filter as CSV (newest first, at most 100,000 entries).
#[utoipa::path(get, path = "/accounts/{account}/activity/export.csv", tag = "accounts",
    params(("account" = String, Path), ActivityQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<ActivityQuery>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xef\xbb\xbf".to_vec());
    w.write_record(["at", "actor", "action", "object_type", "object_id", "before", "after", "ip"]).map_err(anyhow::Error::from)?;
    let mut cursor: Option<String> = q.cursor.clone();
    let mut written = 0;
    while written < 100_000 {
        let rows = state
            .db
            .activity(&account, cursor.as_deref(), q.action.as_deref().unwrap_or(""), q.actor.as_deref().unwrap_or(""), 1000)
            .await?;
        for r in &rows {
            let cells = [
                rfc3339(r.created_at),
                r.actor_email.clone(),
                r.action.clone(),
                r.object_type.clone(),
                r.object_id.clone(),
                r.before_json.clone().unwrap_or_default(),
                r.after_json.clone().unwrap_or_default(),
                r.ip.clone(),
            ];
            w.write_record(cells.iter().map(|c| crate::domain::import::safe_cell(c))).map_err(anyhow::Error::from)?;
        }
        written += rows.len();
        match rows.last() {
            Some(last) if rows.len() == 1000 => cursor = Some(last.id.clone()),
            _ => break,
        }
    }
    let body = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut res = body.into_response();
    res.headers_mut().insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("text/csv; charset=utf-8"));
    res.headers_mut().insert(
        axum::http::header::CONTENT_DISPOSITION,
        axum::http::HeaderValue::from_static("attachment; filename=\"seatwise-activity.csv\""),
    );
    Ok(res)
}

/// The subscriptions a team gives a seat of (admins). Members of the team get a seat of each
/// automatically, in joining order while seats last (the rest wait, and the admins are mailed
/// once); a binding taken away frees the seats it gave.
#[utoipa::path(put, path = "/accounts/{account}/teams/{team}/bindings", tag = "accounts",
    params(("account" = String, Path), ("team" = String, Path)), request_body = seatwise_api::TeamBindings,
    responses((status = 200, body = Team), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_team_bindings(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, team)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<seatwise_api::TeamBindings>,
) -> AppResult<Json<Team>> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    let row = state.db.team(&account, &team).await?.ok_or(AppError::NotFound)?;
    let subs = state.db.subscriptions(&account).await?;
    let mut wanted: Vec<String> = Vec::new();
    for id in &req.subscription_ids {
        if !subs.iter().any(|s| &s.id == id) {
            return Err(AppError::field("subscription_ids", FieldErrorCode::Unknown));
        }
        if !wanted.contains(id) {
            wanted.push(id.clone());
        }
    }
    let now = state.clock.unix();
    let mut tx = state.db.begin().await?;
    let current = state.db.team_subscriptions(&mut tx, &team).await?;
    for gone in current.iter().filter(|c| !wanted.contains(c)) {
        state.db.unbind_team(&mut tx, &team, gone).await?;
        actor.record(&state, &mut tx, "team.unbound", ("team", &team), Some(json!({"subscription_id": gone})), None).await?;
    }
    for new in wanted.iter().filter(|w| !current.contains(w)) {
        state.db.bind_team(&mut tx, &account, &team, new, now).await?;
        actor.record(&state, &mut tx, "team.bound", ("team", &team), None, Some(json!({"subscription_id": new}))).await?;
    }
    let members = state.db.team_member_ids(&mut tx, &team).await?;
    bindings::reconcile_all(&state, &mut tx, &account, &members, bindings::Author::Admin(&actor)).await?;
    let subscription_ids = state.db.team_subscriptions(&mut tx, &team).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(Json(Team { id: team, name: row.name, member_count: row.member_count as u32, synced: row.synced != 0, subscription_ids }))
}
