//! Custom install packages: an admin picks products, versions, platform, language and options;
//! the definition is saved (private or shared with the account's admins), can be edited, and
//! downloads as a manifest naming the exact files and their SHA-256 to install.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use seatwise_api::{
    ErrorBody, FieldErrorCode, FileKind, Package, PackageFile, PackageItem, PackageList, PackageOptions,
    PackageRequest, Platform, FILE_LANGUAGES,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiPath, ClientInfo, CurrentUser};
use crate::{
    clock::rfc3339,
    domain::{
        downloads,
        identity::{clean_text, text_field},
        membership::Actor,
        products::{Catalogue, Holdings},
    },
    error::{AppError, AppResult},
    state::AppState,
    store::catalogue::PackageRow,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_packages, create_package))
        .routes(routes!(get_package, update_package, delete_package))
        .routes(routes!(download_manifest))
}

async fn admin(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    let actor = Actor::load(state, current.user, account, client.ip).await?;
    actor.require_admin()?;
    Ok(actor)
}

/// The exact files of a package (see [`downloads::package_files`]) as the portal shows them.
fn resolve(cat: &Catalogue, h: &Holdings, platform: Platform, language: &str, items: &[PackageItem], o: &PackageOptions) -> Vec<PackageFile> {
    downloads::package_files(cat, h, platform, language, items, o)
        .into_iter()
        .map(|(p, r, f)| PackageFile {
            product_code: p.code.clone(),
            version: r.version.clone(),
            kind: FileKind::parse(&f.kind).unwrap_or(FileKind::Installer),
            file_name: f.file_name.clone(),
            size: f.size.max(0) as u64,
            sha256: f.sha256.clone(),
        })
        .collect()
}

fn to_package(row: &PackageRow, me: &str, cat: &Catalogue, h: &Holdings) -> Package {
    let (items, options) = downloads::package_definition(row);
    let platform = Platform::parse(&row.platform).unwrap_or(Platform::Windows);
    let files = resolve(cat, h, platform, &row.language, &items, &options);
    Package {
        id: row.id.clone(),
        name: row.name.clone(),
        platform,
        language: row.language.clone(),
        total_size: files.iter().map(|f| f.size).sum(),
        files,
        items,
        options,
        shared: row.shared != 0,
        created_by_name: row.created_by_name.clone(),
        mine: row.created_by.as_deref() == Some(me),
        updated_at: rfc3339(row.updated_at),
    }
}

fn visible(row: &PackageRow, me: &str) -> bool {
    downloads::package_visible(row, me)
}

/// Checks a definition: a name, a known language, and products and versions the account may use.
fn check(req: &PackageRequest, cat: &Catalogue, h: &Holdings) -> AppResult<(String, Vec<PackageItem>)> {
    let mut fields = BTreeMap::new();
    let name = text_field(&mut fields, "name", &req.name, 100, true);
    if !FILE_LANGUAGES.contains(&req.language.as_str()) {
        fields.insert("language".into(), FieldErrorCode::InvalidLocale);
    }
    if clean_text(&req.options.install_path, 200).is_err() {
        fields.insert("options.install_path".into(), FieldErrorCode::InvalidCharacters);
    }
    let mut items = Vec::new();
    if req.items.is_empty() || req.items.len() > 50 {
        fields.insert("items".into(), FieldErrorCode::Required);
    }
    for item in &req.items {
        let ok = cat.by_code(&item.product_code).is_some_and(|p| p.kind == "product" && h.use_of(cat, p).allows_version(&item.version));
        if !ok {
            fields.insert("items".into(), FieldErrorCode::Unknown);
        } else if !items.contains(item) {
            items.push(PackageItem { product_code: item.product_code.to_ascii_uppercase(), version: item.version.clone() });
        }
    }
    if fields.is_empty() {
        Ok((name, items))
    } else {
        Err(AppError::Validation(fields))
    }
}

#[utoipa::path(get, path = "/accounts/{account}/packages", tag = "products", params(("account" = String, Path)),
    responses((status = 200, body = PackageList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_packages(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<PackageList>> {
    let actor = admin(&state, current, &account, client).await?;
    let h = Holdings::load(&state, &account, &actor.user.id, true).await?;
    let cat = Catalogue::load(&state).await?;
    let packages = state
        .db
        .packages(&account)
        .await?
        .iter()
        .filter(|p| visible(p, &actor.user.id))
        .map(|p| to_package(p, &actor.user.id, &cat, &h))
        .collect();
    Ok(Json(PackageList { packages }))
}

#[utoipa::path(post, path = "/accounts/{account}/packages", tag = "products", request_body = PackageRequest,
    params(("account" = String, Path)),
    responses((status = 201, body = Package), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_package(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<PackageRequest>,
) -> AppResult<(StatusCode, Json<Package>)> {
    let actor = admin(&state, current, &account, client).await?;
    let h = Holdings::load(&state, &account, &actor.user.id, true).await?;
    let cat = Catalogue::load(&state).await?;
    let (name, items) = check(&req, &cat, &h)?;
    let row = PackageRow {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account.clone(),
        name,
        platform: req.platform.as_str().to_string(),
        language: req.language.clone(),
        items_json: serde_json::to_string(&items).map_err(anyhow::Error::from)?,
        options_json: serde_json::to_string(&req.options).map_err(anyhow::Error::from)?,
        shared: req.shared as i64,
        created_by: Some(actor.user.id.clone()),
        created_by_name: format!("{} {}", actor.user.first_name, actor.user.last_name).trim().to_string(),
        updated_at: state.clock.unix(),
    };
    let mut tx = state.db.begin().await?;
    state.db.insert_package(&mut tx, &row, row.updated_at).await?;
    actor.record(&state, &mut tx, "package.created", ("package", &row.id), None, Some(json!({"name": row.name, "items": items, "shared": req.shared}))).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(to_package(&row, &actor.user.id, &cat, &h))))
}

async fn visible_package(state: &AppState, actor: &Actor, id: &str) -> AppResult<PackageRow> {
    state.db.package(&actor.account.id, id).await?.filter(|p| visible(p, &actor.user.id)).ok_or(AppError::NotFound)
}

#[utoipa::path(get, path = "/accounts/{account}/packages/{package}", tag = "products",
    params(("account" = String, Path), ("package" = String, Path)),
    responses((status = 200, body = Package), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_package(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, id)): ApiPath<(String, String)>,
) -> AppResult<Json<Package>> {
    let actor = admin(&state, current, &account, client).await?;
    let row = visible_package(&state, &actor, &id).await?;
    let h = Holdings::load(&state, &account, &actor.user.id, true).await?;
    let cat = Catalogue::load(&state).await?;
    Ok(Json(to_package(&row, &actor.user.id, &cat, &h)))
}

/// Edits a package: its author, or any admin when it is shared.
#[utoipa::path(put, path = "/accounts/{account}/packages/{package}", tag = "products", request_body = PackageRequest,
    params(("account" = String, Path), ("package" = String, Path)),
    responses((status = 200, body = Package), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_package(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, id)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<PackageRequest>,
) -> AppResult<Json<Package>> {
    let actor = admin(&state, current, &account, client).await?;
    let before = visible_package(&state, &actor, &id).await?;
    let h = Holdings::load(&state, &account, &actor.user.id, true).await?;
    let cat = Catalogue::load(&state).await?;
    let (name, items) = check(&req, &cat, &h)?;
    // Only the author decides whether others see it.
    let shared = if before.created_by.as_deref() == Some(actor.user.id.as_str()) { req.shared } else { before.shared != 0 };
    let row = PackageRow {
        name,
        platform: req.platform.as_str().to_string(),
        language: req.language.clone(),
        items_json: serde_json::to_string(&items).map_err(anyhow::Error::from)?,
        options_json: serde_json::to_string(&req.options).map_err(anyhow::Error::from)?,
        shared: shared as i64,
        updated_at: state.clock.unix(),
        ..before.clone()
    };
    let mut tx = state.db.begin().await?;
    if state.db.update_package(&mut tx, &row, row.updated_at).await? == 0 {
        return Err(AppError::NotFound);
    }
    actor
        .record(&state, &mut tx, "package.updated", ("package", &row.id),
            Some(json!({"name": before.name, "items": serde_json::from_str::<serde_json::Value>(&before.items_json).unwrap_or_default(), "shared": before.shared != 0})),
            Some(json!({"name": row.name, "items": items, "shared": shared})))
        .await?;
    tx.commit().await?;
    Ok(Json(to_package(&row, &actor.user.id, &cat, &h)))
}

#[utoipa::path(delete, path = "/accounts/{account}/packages/{package}", tag = "products",
    params(("account" = String, Path), ("package" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_package(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, id)): ApiPath<(String, String)>,
) -> AppResult<StatusCode> {
    let actor = admin(&state, current, &account, client).await?;
    let row = visible_package(&state, &actor, &id).await?;
    let mut tx = state.db.begin().await?;
    if state.db.delete_package(&mut tx, &account, &id).await? == 0 {
        return Err(AppError::NotFound);
    }
    actor.record(&state, &mut tx, "package.deleted", ("package", &id), Some(json!({"name": row.name})), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The package as a JSON manifest: every file to install with its size, SHA-256 and download
/// path, and the options.
#[utoipa::path(get, path = "/accounts/{account}/packages/{package}/manifest", tag = "products",
    params(("account" = String, Path), ("package" = String, Path)),
    responses((status = 200, description = "The manifest", content_type = "application/json"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn download_manifest(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, id)): ApiPath<(String, String)>,
) -> AppResult<Response> {
    let actor = admin(&state, current, &account, client).await?;
    let row = visible_package(&state, &actor, &id).await?;
    let h = Holdings::load(&state, &account, &actor.user.id, true).await?;
    let cat = Catalogue::load(&state).await?;
    let p = to_package(&row, &actor.user.id, &cat, &h);
    let file_ids: Vec<Option<String>> = p
        .files
        .iter()
        .map(|f| {
            cat.by_code(&f.product_code).and_then(|prod| {
                cat.releases.get(&prod.id)?.iter().find(|r| r.version == f.version).and_then(|r| {
                    cat.release_files(&r.id).iter().find(|x| x.sha256 == f.sha256 && x.file_name == f.file_name).map(|x| x.id.clone())
                })
            })
        })
        .collect();
    let manifest = json!({
        "format": "seatwise-install-package/1",
        "package": p.name,
        "account": actor.account.name,
        "platform": p.platform,
        "language": p.language,
        "options": p.options,
        "generated_at": rfc3339(state.clock.unix()),
        "total_size": p.total_size,
        "files": p.files.iter().zip(file_ids).map(|(f, id)| json!({
            "product": f.product_code,
            "version": f.version,
            "kind": f.kind,
            "file_name": f.file_name,
            "size": f.size,
            "sha256": f.sha256,
            "download": id.map(|id| state.settings.link(&format!("/api/v1/accounts/{account}/files/{id}/download"))),
        })).collect::<Vec<_>>(),
    });
    let slug: String = p.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let mut res = serde_json::to_string_pretty(&manifest).map_err(anyhow::Error::from)?.into_response();
    let hd = res.headers_mut();
    hd.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{}.seatwise-package.json\"", slug.trim_matches('-'))) {
        hd.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
