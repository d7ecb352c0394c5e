//! The account's contracts and subscriptions as its admins see them: filtered by team, status
//! and product, with exports.

use std::collections::BTreeMap;

use seatwise_api::{ContractList, ContractQuery, ContractSummary, Partner, SubscriptionStatus};

use crate::{
    clock::rfc3339,
    domain::membership::{to_subscription, Actor},
    error::{AppError, AppResult},
    state::AppState,
    store::vendor::ContractRow,
};

/// Product codes are kept in capitals.
fn product_code(q: &ContractQuery) -> String {
    q.product.as_deref().unwrap_or("").trim().to_ascii_uppercase()
}

fn summary(c: &ContractRow, subscriptions: Vec<seatwise_api::Subscription>) -> ContractSummary {
    ContractSummary {
        id: c.id.clone(),
        number: c.number.clone(),
        start_date: c.start_date.clone(),
        end_date: c.end_date.clone(),
        currency: c.currency.clone(),
        partner: (!c.partner_name.is_empty()).then(|| Partner {
            name: c.partner_name.clone(),
            email: c.partner_email.clone(),
            phone: c.partner_phone.clone(),
        }),
        subscriptions,
    }
}

/// Contracts with the subscriptions the filters keep (admins). A contract none of whose
/// subscriptions is kept is left out, unless no filter is set.
pub async fn contracts(state: &AppState, actor: &Actor, q: &ContractQuery) -> AppResult<ContractList> {
    actor.require_admin()?;
    let team = q.team.as_deref().unwrap_or("").trim();
    let product = product_code(q);
    let status = q.status.map_or("", SubscriptionStatus::as_str);
    let rows = state.db.filtered_subscriptions(&actor.account.id, team, status, &product).await?;
    let mut by_contract: BTreeMap<String, Vec<seatwise_api::Subscription>> = BTreeMap::new();
    for r in &rows {
        by_contract.entry(r.contract_id.clone()).or_default().push(to_subscription(r));
    }
    let unfiltered = team.is_empty() && product.is_empty() && status.is_empty();
    let contracts = state
        .db
        .contracts_of(&actor.account.id)
        .await?
        .iter()
        .filter_map(|c| {
            let subs = by_contract.remove(&c.id).unwrap_or_default();
            (unfiltered || !subs.is_empty()).then(|| summary(c, subs))
        })
        .collect();
    Ok(ContractList { contracts })
}

/// One contract with all its subscriptions (admins).
pub async fn contract(state: &AppState, actor: &Actor, id: &str) -> AppResult<ContractSummary> {
    actor.require_admin()?;
    let c = state.db.contract(id).await?.filter(|c| c.account_id == actor.account.id).ok_or(AppError::NotFound)?;
    let subs = state.db.filtered_subscriptions(&actor.account.id, "", "", "").await?;
    Ok(summary(&c, subs.iter().filter(|s| s.contract_id == c.id).map(to_subscription).collect()))
}

/// The filtered list as rows of cells, one per subscription (header first).
pub async fn export_rows(state: &AppState, actor: &Actor, q: &ContractQuery) -> AppResult<Vec<Vec<String>>> {
    actor.require_admin()?;
    let status = q.status.map_or("", SubscriptionStatus::as_str);
    let subs = state
        .db
        .filtered_subscriptions(&actor.account.id, q.team.as_deref().unwrap_or("").trim(), status, &product_code(q))
        .await?;
    let contracts: BTreeMap<String, ContractRow> = state.db.contracts_of(&actor.account.id).await?.into_iter().map(|c| (c.id.clone(), c)).collect();
    let mut rows = vec![[
        "contract", "contract_start", "contract_end", "currency", "partner", "partner_email", "partner_phone", "product_code",
        "product", "licence_type", "term", "seats", "seats_used", "start_date", "end_date", "status", "auto_renew", "serial_number",
    ]
    .map(str::to_string)
    .to_vec()];
    for s in &subs {
        let Some(c) = contracts.get(&s.contract_id) else { continue };
        rows.push(vec![
            c.number.clone(),
            c.start_date.clone(),
            c.end_date.clone(),
            c.currency.clone(),
            c.partner_name.clone(),
            c.partner_email.clone(),
            c.partner_phone.clone(),
            s.product_code.clone(),
            s.product_name.clone(),
            s.licence_type.clone(),
            s.term.clone(),
            s.seats.to_string(),
            s.seats_used.to_string(),
            s.start_date.clone(),
            s.end_date.clone(),
            s.status.clone(),
            if s.auto_renew != 0 { "yes" } else { "no" }.to_string(),
            s.serial_number.clone(),
        ]);
    }
    Ok(rows)
}

/// One subscription's product and who holds its seats, as rows of cells (the guide's export of
/// a subscription's products and assignments).
pub async fn assignment_rows(state: &AppState, actor: &Actor, id: &str) -> AppResult<Vec<Vec<String>>> {
    actor.require_admin()?;
    let s = state.db.subscription(state.db.pool(), &actor.account.id, id).await?.ok_or(AppError::NotFound)?;
    let mut rows = vec![["contract", "product_code", "product", "licence_type", "serial_number", "email", "first_name", "last_name", "team", "assigned_at"]
        .map(str::to_string)
        .to_vec()];
    for (email, first, last, team, at) in state.db.seat_holders(id).await? {
        rows.push(vec![
            s.contract_number.clone(),
            s.product_code.clone(),
            s.product_name.clone(),
            s.licence_type.clone(),
            s.serial_number.clone(),
            email,
            first,
            last,
            team.unwrap_or_default(),
            rfc3339(at),
        ]);
    }
    Ok(rows)
}
