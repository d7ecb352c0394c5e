//! The vendor's catalogue: products and collections, releases, files (streamed uploads).
//! Vendor staff only.

use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, StatusCode},
    Json,
};
use seatwise_api::{
    Catalogue as CatalogueBody, CatalogueProduct, CreateReleaseRequest, ErrorBody, Release, ReleaseFile,
    UpdateProductRequest, UploadFileQuery,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser},
    vendor::staff,
};
use crate::{
    domain::{
        catalogue::{self, Staff},
        products::{to_file, to_release, Catalogue},
    },
    error::{AppError, AppResult},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_catalogue))
        .routes(routes!(update_product))
        .routes(routes!(create_release))
        .routes(routes!(upload_file))
        .routes(routes!(delete_file))
}

fn to_catalogue_product(cat: &Catalogue, id: &str) -> Option<CatalogueProduct> {
    let p = cat.by_id(id)?;
    Some(CatalogueProduct {
        id: p.id.clone(),
        code: p.code.clone(),
        name: p.name.clone(),
        kind: p.kind.clone(),
        description: p.description.clone(),
        icon: p.icon.clone(),
        trial_days: p.trial_days.max(0) as u32,
        members: if p.kind == "collection" { cat.members_of(&p.id) } else { vec![] },
        collections: cat.collections_of(&p.id),
        releases: cat
            .releases
            .get(&p.id)
            .map(|rs| rs.iter().map(|r| to_release(r, cat.release_files(&r.id))).collect())
            .unwrap_or_default(),
    })
}

/// Every product and collection with its releases and files.
#[utoipa::path(get, path = "/vendor/catalogue", tag = "vendor",
    responses((status = 200, body = CatalogueBody), (status = 403, body = ErrorBody)))]
pub async fn get_catalogue(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<CatalogueBody>> {
    staff(current)?;
    let cat = Catalogue::load(&state).await?;
    let products = cat.products.iter().filter_map(|p| to_catalogue_product(&cat, &p.id)).collect();
    Ok(Json(CatalogueBody { products, max_upload_bytes: state.files.max_bytes() }))
}

/// Changes a product's details, trial length or (collections) products.
#[utoipa::path(put, path = "/vendor/products/{product}", tag = "vendor", request_body = UpdateProductRequest,
    params(("product" = String, Path)),
    responses((status = 200, body = CatalogueProduct), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_product(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(product): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateProductRequest>,
) -> AppResult<Json<CatalogueProduct>> {
    let who = staff(current)?;
    catalogue::update_product(&state, &Staff { user: &who, ip: &client.ip }, &product, &req).await?;
    let cat = Catalogue::load(&state).await?;
    Ok(Json(to_catalogue_product(&cat, &product).ok_or(AppError::NotFound)?))
}

/// Adds a version of a product.
#[utoipa::path(post, path = "/vendor/products/{product}/releases", tag = "vendor", request_body = CreateReleaseRequest,
    params(("product" = String, Path)),
    responses((status = 201, body = Release), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_release(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(product): ApiPath<String>,
    ApiJson(req): ApiJson<CreateReleaseRequest>,
) -> AppResult<(StatusCode, Json<Release>)> {
    let who = staff(current)?;
    let r = catalogue::create_release(&state, &Staff { user: &who, ip: &client.ip }, &product, &req).await?;
    Ok((StatusCode::CREATED, Json(to_release(&r, &[]))))
}

/// Uploads a file of a release: the body is the file (`application/octet-stream`), streamed
/// to the storage directory and hashed on the way; larger than `max_upload_mb` gives 413.
#[utoipa::path(post, path = "/vendor/releases/{release}/files", tag = "vendor",
    params(("release" = String, Path), UploadFileQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = ReleaseFile), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_file(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath(release): ApiPath<String>,
    ApiQuery(q): ApiQuery<UploadFileQuery>,
    body: Body,
) -> AppResult<(StatusCode, Json<ReleaseFile>)> {
    let who = staff(current)?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/octet-stream") {
        return Err(AppError::UnsupportedMediaType);
    }
    // Refuse a declared size over the limit before reading anything.
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.files.max_bytes()) {
        return Err(AppError::PayloadTooLarge);
    }
    // The description is checked before any byte is read.
    let f = catalogue::add_file(&state, &Staff { user: &who, ip: &client.ip }, &release, &q, body.into_data_stream()).await?;
    Ok((StatusCode::CREATED, Json(to_file(&f))))
}

/// Removes a file from its release (and from the storage directory).
#[utoipa::path(delete, path = "/vendor/files/{file}", tag = "vendor", params(("file" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_file(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(file): ApiPath<String>,
) -> AppResult<StatusCode> {
    let who = staff(current)?;
    catalogue::delete_file(&state, &Staff { user: &who, ip: &client.ip }, &file).await?;
    Ok(StatusCode::NO_CONTENT)
}
