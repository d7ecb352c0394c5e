//! The vendor's back office: products, customer accounts with their contract manager,
//! contracts and subscriptions. Vendor staff only.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::StatusCode,
    Json,
};
use rand::Rng;
use seatwise_api::{
    Contract, CreateAccountRequest, CreateContractRequest, CreateProductRequest,
    CreateSubscriptionRequest, ErrorBody, FieldErrorCode, MemberRole, Product,
    ProductList, SecurityEventKind, SecurityEventPage, Subscription, VendorAccount, VendorAccountDetail,
    VendorAccountList,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser};
use crate::{
    clock::rfc3339,
    domain::{
        invitations::{self, NewInvitation},
        membership::to_subscription,
        Country, Email, Locale, PersonName, ProfileText,
    },
    error::{AppError, AppResult},
    state::AppState,
    store::{
        accounts::NewActivity,
        security::SecurityFilter,
        users::UserRow,
        vendor::{ContractRow, NewSubscription, ProductRow},
        Tx,
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_products, create_product))
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(get_account))
        .routes(routes!(create_contract))
        .routes(routes!(create_subscription))
        .routes(routes!(list_security_events))
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VendorSecurityQuery {
    /// Only this kind of event.
    pub kind: Option<SecurityEventKind>,
    /// Part of the person's email address or of what was typed to sign in.
    pub who: Option<String>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The security log of every person (sign-ins, failures, lockouts, password changes), newest
/// first, with what was typed for logins that matched no account.
#[utoipa::path(get, path = "/vendor/security-events", tag = "vendor", params(VendorSecurityQuery),
    responses((status = 200, body = SecurityEventPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_security_events(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(q): ApiQuery<VendorSecurityQuery>,
) -> AppResult<Json<SecurityEventPage>> {
    staff(current)?;
    let who = q.who.as_deref().map(str::trim).filter(|w| !w.is_empty());
    let filter = SecurityFilter {
        kind: q.kind.map(|k| k.as_str()),
        who,
        before_id: q.cursor.as_deref(),
        limit: super::me::SECURITY_PAGE + 1,
        ..Default::default()
    };
    Ok(Json(super::me::security_page(state.db.security_events(&filter).await?, true)))
}

pub(super) fn staff(current: CurrentUser) -> AppResult<UserRow> {
    if current.user.is_vendor_staff != 0 {
        Ok(current.user)
    } else {
        Err(AppError::Forbidden)
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn record(
    state: &AppState,
    tx: &mut Tx,
    who: &UserRow,
    ip: &str,
    account_id: Option<&str>,
    action: &str,
    object: (&str, &str),
    after: serde_json::Value,
) -> AppResult<()> {
    state
        .db
        .record_activity(
            &mut **tx,
            &NewActivity {
                account_id,
                actor_id: &who.id,
                actor_email: &who.email,
                action,
                object_type: object.0,
                object_id: object.1,
                before: None,
                after: Some(after),
                ip,
                at: state.clock.unix(),
            },
        )
        .await?;
    Ok(())
}

fn to_product(p: ProductRow) -> Product {
    Product { id: p.id, code: p.code, name: p.name, kind: p.kind }
}

#[utoipa::path(get, path = "/vendor/products", tag = "vendor", operation_id = "list_vendor_products",
    responses((status = 200, body = ProductList), (status = 403, body = ErrorBody)))]
pub async fn list_products(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<ProductList>> {
    staff(current)?;
    Ok(Json(ProductList { products: state.db.products().await?.into_iter().map(to_product).collect() }))
}

#[utoipa::path(post, path = "/vendor/products", tag = "vendor", request_body = CreateProductRequest,
    responses((status = 201, body = Product), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_product(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<CreateProductRequest>,
) -> AppResult<(StatusCode, Json<Product>)> {
    let who = staff(current)?;
    let mut fields = BTreeMap::new();
    let code = req.code.trim().to_ascii_uppercase();
    if code.is_empty() || code.len() > 32 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        fields.insert("code".to_string(), if code.is_empty() { FieldErrorCode::Required } else { FieldErrorCode::InvalidCharacters });
    }
    let name = PersonName::parse(&req.name).map_err(|e| fields.insert("name".into(), e)).ok();
    if !matches!(req.kind.as_str(), "product" | "collection") {
        fields.insert("kind".into(), FieldErrorCode::Unknown);
    }
    let Some(name) = name.filter(|_| fields.is_empty()) else { return Err(AppError::Validation(fields)) };
    let p = ProductRow { id: uuid::Uuid::new_v4().to_string(), code, name: name.into_inner(), kind: req.kind };
    let mut tx = state.db.begin().await?;
    if let Err(e) = state.db.insert_product(&mut *tx, &p, state.clock.unix()).await {
        return Err(if crate::store::is_unique_violation(&e) { AppError::Conflict(seatwise_api::ErrorCode::Taken) } else { e.into() });
    }
    record(&state, &mut tx, &who, &client.ip, None, "product.created", ("product", &p.id), json!({"code": p.code, "name": p.name, "kind": p.kind})).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(to_product(p))))
}

#[utoipa::path(get, path = "/vendor/accounts", tag = "vendor",
    responses((status = 200, body = VendorAccountList), (status = 403, body = ErrorBody)))]
pub async fn list_accounts(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<VendorAccountList>> {
    staff(current)?;
    let rows = state.db.vendor_accounts().await?;
    Ok(Json(VendorAccountList {
        accounts: rows
            .into_iter()
            .map(|a| VendorAccount {
                id: a.id,
                number: a.number,
                name: a.name,
                country: a.country,
                member_count: a.member_count as u32,
                contract_count: a.contract_count as u32,
                created_at: rfc3339(a.created_at),
            })
            .collect(),
    }))
}

/// One customer account with its contracts, subscriptions and contract manager.
#[utoipa::path(get, path = "/vendor/accounts/{account}", tag = "vendor", params(("account" = String, Path)),
    responses((status = 200, body = VendorAccountDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_account(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<VendorAccountDetail>> {
    staff(current)?;
    let row = state.db.vendor_accounts().await?.into_iter().find(|a| a.id == account).ok_or(AppError::NotFound)?;
    let contracts = state.db.contracts_of(&account).await?;
    let subscriptions = state.db.subscriptions(&account).await?;
    Ok(Json(VendorAccountDetail {
        account: VendorAccount {
            id: row.id,
            number: row.number,
            name: row.name,
            country: row.country,
            member_count: row.member_count as u32,
            contract_count: row.contract_count as u32,
            created_at: rfc3339(row.created_at),
        },
        contracts: contracts
            .into_iter()
            .map(|c| Contract {
                id: c.id,
                account_id: c.account_id,
                number: c.number,
                start_date: c.start_date,
                end_date: c.end_date,
                partner_name: c.partner_name,
                partner_email: c.partner_email,
                partner_phone: c.partner_phone,
            })
            .collect(),
        subscriptions: subscriptions.iter().map(to_subscription).collect(),
        manager_email: state.db.primary_admin_email(&account).await?,
    }))
}

/// A customer number: `C` and 8 digits.
fn customer_number() -> String {
    format!("C{:08}", rand::thread_rng().gen_range(0..100_000_000u32))
}

/// Create a customer account; its contract manager is invited by mail.
#[utoipa::path(post, path = "/vendor/accounts", tag = "vendor", request_body = CreateAccountRequest,
    responses((status = 201, body = VendorAccount), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_account(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<CreateAccountRequest>,
) -> AppResult<(StatusCode, Json<VendorAccount>)> {
    let who = staff(current)?;
    let (out, _token) = provision_account(&state, &who, &client.ip, &req).await?;
    state.mail_wake.notify_one();
    Ok((StatusCode::CREATED, Json(out)))
}

/// Creates the account and invites its contract manager, in one transaction (also used by
/// the demo seeding). Returns the account and the invitation link's token.
pub async fn provision_account(state: &AppState, who: &UserRow, ip: &str, req: &CreateAccountRequest) -> AppResult<(VendorAccount, String)> {
    let mut fields = BTreeMap::new();
    let name = ProfileText::parse(&req.name).map_err(|e| fields.insert("name".to_string(), e)).ok();
    if name.as_ref().is_some_and(|n| n.clone().into_inner().is_empty()) {
        fields.insert("name".into(), FieldErrorCode::Required);
    }
    let country = Country::parse(&req.country).map_err(|e| fields.insert("country".into(), e)).ok();
    let email = Email::parse(&req.manager_email).map_err(|e| fields.insert("manager_email".into(), e)).ok();
    let first = PersonName::parse(&req.manager_first_name).map_err(|e| fields.insert("manager_first_name".into(), e)).ok();
    let last = PersonName::parse(&req.manager_last_name).map_err(|e| fields.insert("manager_last_name".into(), e)).ok();
    let locale = Locale::parse(req.manager_locale.as_deref().unwrap_or("en")).map_err(|e| fields.insert("manager_locale".into(), e)).ok();
    let (Some(name), Some(country), Some(email), Some(first_name), Some(last_name), Some(locale), true) =
        (name, country, email, first, last, locale, fields.is_empty())
    else {
        return Err(AppError::Validation(fields));
    };
    let name = name.into_inner();
    let now = state.clock.unix();
    let id = uuid::Uuid::new_v4().to_string();
    let number = customer_number();
    let mut tx = state.db.begin().await?;
    state.db.insert_account(&mut *tx, &id, &number, &name, country.as_str(), now).await?;
    let account = crate::store::accounts::AccountRow { id: id.clone(), number: number.clone(), name: name.clone(), country: country.as_str().into(), created_at: now };
    let inv = NewInvitation { email, first_name, last_name, role: MemberRole::PrimaryAdmin, team_id: None, subscription_ids: vec![], locale };
    let (row, token) = invitations::invite(state, &mut tx, &account, Some(who), &inv).await?;
    record(state, &mut tx, who, ip, Some(&id), "account.created", ("account", &id),
        json!({"name": name, "number": number, "country": country.as_str(), "manager_invitation": row.id, "manager_email": row.email})).await?;
    tx.commit().await?;
    Ok((VendorAccount { id, number, name, country: country.as_str().into(), member_count: 0, contract_count: 0, created_at: rfc3339(now) }, token))
}

fn iso_date(s: &str) -> Option<String> {
    let d = time::Date::parse(s.trim(), time::macros::format_description!("[year]-[month]-[day]")).ok()?;
    Some(d.to_string())
}

/// Add a contract to a customer account.
#[utoipa::path(post, path = "/vendor/accounts/{account}/contracts", tag = "vendor", params(("account" = String, Path)),
    request_body = CreateContractRequest,
    responses((status = 201, body = Contract), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_contract(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<CreateContractRequest>,
) -> AppResult<(StatusCode, Json<Contract>)> {
    let who = staff(current)?;
    state.db.account(&account).await?.ok_or(AppError::NotFound)?;
    let c = add_contract(&state, &who, &client.ip, &account, &req).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

pub async fn add_contract(state: &AppState, who: &UserRow, ip: &str, account: &str, req: &CreateContractRequest) -> AppResult<Contract> {
    let mut fields = BTreeMap::new();
    let number = req.number.trim().to_string();
    if number.is_empty() || number.len() > 40 {
        fields.insert("number".to_string(), if number.is_empty() { FieldErrorCode::Required } else { FieldErrorCode::TooLong });
    }
    let start = iso_date(&req.start_date);
    let end = iso_date(&req.end_date);
    if start.is_none() {
        fields.insert("start_date".into(), FieldErrorCode::Unknown);
    }
    if end.is_none() || (start.is_some() && end <= start) {
        fields.insert("end_date".into(), FieldErrorCode::Unknown);
    }
    let text = |f: &mut BTreeMap<String, FieldErrorCode>, k: &str, v: &str| {
        ProfileText::parse(v).map(ProfileText::into_inner).map_err(|e| f.insert(k.to_string(), e)).unwrap_or_default()
    };
    let partner_name = text(&mut fields, "partner_name", &req.partner_name);
    let partner_phone = text(&mut fields, "partner_phone", &req.partner_phone);
    let partner_email = if req.partner_email.trim().is_empty() {
        String::new()
    } else {
        Email::parse(&req.partner_email).map(|e| e.as_str().to_string()).map_err(|e| fields.insert("partner_email".into(), e)).unwrap_or_default()
    };
    let currency = if req.currency.trim().is_empty() {
        "USD"
    } else {
        crate::domain::money::parse_currency(&req.currency).map_err(|e| fields.insert("currency".into(), e)).unwrap_or("USD")
    };
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let c = ContractRow {
        currency: currency.to_string(),
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account.to_string(),
        number,
        start_date: start.unwrap_or_default(),
        end_date: end.unwrap_or_default(),
        partner_name,
        partner_email,
        partner_phone,
    };
    let mut tx = state.db.begin().await?;
    if let Err(e) = state.db.insert_contract(&mut *tx, &c, state.clock.unix()).await {
        return Err(if crate::store::is_unique_violation(&e) { AppError::Conflict(seatwise_api::ErrorCode::Taken) } else { e.into() });
    }
    record(state, &mut tx, who, ip, Some(account), "contract.created", ("contract", &c.id),
        json!({"number": c.number, "start_date": c.start_date, "end_date": c.end_date, "partner": c.partner_name, "currency": c.currency})).await?;
    tx.commit().await?;
    Ok(Contract {
        id: c.id,
        account_id: c.account_id,
        number: c.number,
        start_date: c.start_date,
        end_date: c.end_date,
        partner_name: c.partner_name,
        partner_email: c.partner_email,
        partner_phone: c.partner_phone,
    })
}

/// Serial numbers look like `123-45678901`, product keys like `A1B2C`.
pub(crate) fn serial_and_key() -> (String, String) {
    let mut r = rand::thread_rng();
    let serial = format!("{:03}-{:08}", r.gen_range(100..1000), r.gen_range(0..100_000_000u32));
    let key: String = (0..5).map(|_| b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[r.gen_range(0..34)] as char).collect();
    (serial, key)
}

/// Add a subscription (product, licence type, seats, term) to a contract.
#[utoipa::path(post, path = "/vendor/contracts/{contract}/subscriptions", tag = "vendor", params(("contract" = String, Path)),
    request_body = CreateSubscriptionRequest,
    responses((status = 201, body = Subscription), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_subscription(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(contract): ApiPath<String>,
    ApiJson(req): ApiJson<CreateSubscriptionRequest>,
) -> AppResult<(StatusCode, Json<Subscription>)> {
    let who = staff(current)?;
    let s = add_subscription(&state, &who, &client.ip, &contract, &req).await?;
    Ok((StatusCode::CREATED, Json(s)))
}

pub async fn add_subscription(state: &AppState, who: &UserRow, ip: &str, contract: &str, req: &CreateSubscriptionRequest) -> AppResult<Subscription> {
    let c = state.db.contract(contract).await?.ok_or(AppError::NotFound)?;
    let mut fields = BTreeMap::new();
    if state.db.product(&req.product_id).await?.is_none() {
        fields.insert("product_id".to_string(), FieldErrorCode::Unknown);
    }
    if !(1..=100_000).contains(&req.seats) {
        fields.insert("seats".into(), if req.seats == 0 { FieldErrorCode::Required } else { FieldErrorCode::TooLong });
    }
    if req.cloud_credits > 100_000_000 {
        fields.insert("cloud_credits".into(), FieldErrorCode::OutOfRange);
    }
    let start = iso_date(&req.start_date);
    let end = iso_date(&req.end_date);
    if start.is_none() {
        fields.insert("start_date".into(), FieldErrorCode::Unknown);
    }
    if end.is_none() || (start.is_some() && end <= start) {
        fields.insert("end_date".into(), FieldErrorCode::Unknown);
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let (licence, term) = (req.licence_type.as_str(), req.term.as_str());
    let id = uuid::Uuid::new_v4().to_string();
    let (serial, key) = serial_and_key();
    let (start, end) = (start.unwrap_or_default(), end.unwrap_or_default());
    let mut tx = state.db.begin().await?;
    state
        .db
        .insert_subscription(&mut *tx, &NewSubscription {
            id: &id,
            account_id: &c.account_id,
            contract_id: &c.id,
            product_id: &req.product_id,
            licence_type: licence,
            seats: req.seats as i64,
            term,
            start_date: &start,
            end_date: &end,
            auto_renew: req.auto_renew,
            serial_number: &serial,
            product_key: &key,
            credits_total: i64::from(req.cloud_credits),
            now: state.clock.unix(),
        })
        .await?;
    state.db.record_subscription_event(&mut tx, &id, "created", None, &who.email, state.clock.unix()).await?;
    record(state, &mut tx, who, ip, Some(&c.account_id), "subscription.created", ("subscription", &id),
        json!({"contract": c.number, "product_id": req.product_id, "licence_type": licence, "seats": req.seats, "term": term,
            "cloud_credits": req.cloud_credits})).await?;
    let row = state.db.subscription(&mut *tx, &c.account_id, &id).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(to_subscription(&row))
}
