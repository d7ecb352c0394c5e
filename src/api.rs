//! The one module that talks HTTP. Every call goes to the same origin under
//! [`seatwise_api::API_PREFIX`]; the session travels in an HttpOnly cookie the app never reads.

use std::collections::BTreeMap;

use gloo_net::http::{Request, RequestBuilder, Response};
use seatwise_api::{
    AcceptInvitationRequest, Accepted, ActivityPage, ChangePasswordRequest, Contract,
    CreateAccountRequest, CreateContractRequest, CreateProductRequest, CreateSubscriptionRequest,
    ErrorBody, ErrorCode, FieldErrorCode, ForgotPasswordRequest, ImportPreview, ImportRequest, InvitationAccepted,
    ImportResult, Invitation, InvitationInfo,
    InvitationList, InvitationToken, InviteRequest, Mailbox, Me, Member, MemberPage, MyAccounts,
    Product, ProductList, PublicConfig, ResetPasswordRequest, Seats, SetAssignment, SignInRequest,
    SignUpRequest, Subscription, SubscriptionList, Team, TeamList, TeamRequest,
    TransferPrimaryRequest, UpdateMeRequest, UpdateMemberRequest, UserIds, VendorAccount,
    VendorAccountDetail, VendorAccountList, VerifyEmailRequest, API_PREFIX, CSRF_HEADER,
    CSRF_HEADER_VALUE,
};
use serde::{de::DeserializeOwned, Serialize};

use crate::routes::{ActivityFilters, UserFilters};

/// Why a call failed, in terms the UI can translate.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server could not be reached (offline, DNS, connection reset).
    Network,
    /// The server answered with an error body.
    Server {
        status: u16,
        code: ErrorCode,
        fields: BTreeMap<String, FieldErrorCode>,
        /// Seconds from the `Retry-After` header, when present.
        retry_after: Option<u64>,
    },
    /// The server answered with something that is not the expected JSON.
    Decode,
}

impl ApiError {
    /// The reason a single field was refused, if any.
    pub fn field(&self, name: &str) -> Option<FieldErrorCode> {
        match self {
            ApiError::Server { fields, .. } => fields.get(name).copied(),
            _ => None,
        }
    }

    /// True when the error is about fields only (shown next to them, not as a banner).
    pub fn has_fields(&self) -> bool {
        matches!(self, ApiError::Server { fields, .. } if !fields.is_empty())
    }
}

impl std::fmt::Display for ApiError {
    /// For logs only; people see translated text (see `text::error_message`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Network => f.write_str("network error"),
            ApiError::Decode => f.write_str("unexpected response"),
            ApiError::Server { status, code, .. } => write!(f, "HTTP {status}: {code:?}"),
        }
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok());
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Server {
            status,
            code: body.code,
            fields: body.fields,
            retry_after,
        },
        Err(_) => ApiError::Server {
            status,
            code: match status {
                401 => ErrorCode::Unauthenticated,
                403 => ErrorCode::Forbidden,
                404 => ErrorCode::NotFound,
                413 => ErrorCode::PayloadTooLarge,
                429 => ErrorCode::RateLimited,
                500..=599 => ErrorCode::Internal,
                _ => ErrorCode::Unknown,
            },
            fields: BTreeMap::new(),
            retry_after,
        },
    }
}

async fn send(request: Result<Request, gloo_net::Error>) -> ApiResult<Response> {
    let request = request.map_err(|_| ApiError::Decode)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        Ok(response)
    } else {
        Err(error_from(response).await)
    }
}

async fn json<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    response.json::<T>().await.map_err(|_| ApiError::Decode)
}

async fn get<T: DeserializeOwned>(path: &str) -> ApiResult<T> {
    let response = send(
        Request::get(&url(path))
            .header("accept", "application/json")
            .build(),
    )
    .await?;
    json(response).await
}

/// A state-changing call: JSON body, JSON content type and the CSRF header, always.
fn mutation(builder: RequestBuilder, body: &impl Serialize) -> Result<Request, gloo_net::Error> {
    builder
        .header(CSRF_HEADER, CSRF_HEADER_VALUE)
        .header("accept", "application/json")
        .json(body)
}

async fn post<B: Serialize>(path: &str, body: &B) -> ApiResult<Response> {
    send(mutation(Request::post(&url(path)), body)).await
}

async fn put<B: Serialize>(path: &str, body: &B) -> ApiResult<Response> {
    send(mutation(Request::put(&url(path)), body)).await
}

async fn patch<B: Serialize>(path: &str, body: &B) -> ApiResult<Response> {
    send(mutation(Request::patch(&url(path)), body)).await
}

/// A DELETE: no body, the CSRF header (the server checks it for every state change).
async fn delete(path: &str) -> ApiResult<()> {
    send(
        Request::delete(&url(path))
            .header(CSRF_HEADER, CSRF_HEADER_VALUE)
            .header("accept", "application/json")
            .build(),
    )
    .await
    .map(drop)
}

/// The empty JSON object sent by calls that have nothing else to say.
#[derive(Serialize)]
struct Empty {}

pub async fn get_config() -> ApiResult<PublicConfig> {
    get("/config").await
}

/// The signed-in user, or `None` when nobody is signed in.
pub async fn get_me() -> ApiResult<Option<Me>> {
    match get::<Me>("/me").await {
        Ok(me) => Ok(Some(me)),
        Err(ApiError::Server { status: 401, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn sign_up(body: &SignUpRequest) -> ApiResult<Accepted> {
    json(post("/auth/sign-up", body).await?).await
}

pub async fn verify_email(token: String) -> ApiResult<()> {
    post("/auth/verify-email", &VerifyEmailRequest { token })
        .await
        .map(drop)
}

pub async fn sign_in(body: &SignInRequest) -> ApiResult<Me> {
    json(post("/auth/sign-in", body).await?).await
}

pub async fn sign_out() -> ApiResult<()> {
    post("/auth/sign-out", &Empty {}).await.map(drop)
}

pub async fn forgot_password(email: String) -> ApiResult<()> {
    post("/auth/forgot-password", &ForgotPasswordRequest { email })
        .await
        .map(drop)
}

pub async fn reset_password(body: &ResetPasswordRequest) -> ApiResult<()> {
    post("/auth/reset-password", body).await.map(drop)
}

pub async fn resend_verification() -> ApiResult<()> {
    post("/auth/resend-verification", &Empty {}).await.map(drop)
}

pub async fn update_me(body: &UpdateMeRequest) -> ApiResult<Me> {
    json(patch("/me", body).await?).await
}

pub async fn change_password(body: &ChangePasswordRequest) -> ApiResult<()> {
    post("/me/password", body).await.map(drop)
}

pub async fn get_mailbox() -> ApiResult<Mailbox> {
    get("/dev/mailbox").await
}

// ---------------------------------------------------------------------------------------------
// Customer accounts
// ---------------------------------------------------------------------------------------------

/// One path segment (ids come from the server, but never trust them to be URL-safe).
fn seg(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// The signed-in user's accounts, or `None` when nobody is signed in (asked without waiting
/// to know who is).
pub async fn list_my_accounts_if_signed_in() -> ApiResult<Option<MyAccounts>> {
    match get::<MyAccounts>("/accounts").await {
        Ok(accounts) => Ok(Some(accounts)),
        Err(ApiError::Server { status: 401, .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn list_subscriptions(account: String) -> ApiResult<SubscriptionList> {
    get(&format!("/accounts/{}/subscriptions", seg(&account))).await
}

/// `query` is the URL query of the users view (`?q=...&team=...`), which uses the API's names.
pub async fn list_members(account: String, query: String) -> ApiResult<MemberPage> {
    get(&format!("/accounts/{}/members{query}", seg(&account))).await
}

pub async fn get_member(account: String, user: String) -> ApiResult<Member> {
    get(&format!("/accounts/{}/members/{}", seg(&account), seg(&user))).await
}

pub async fn update_member(
    account: String,
    user: String,
    body: UpdateMemberRequest,
) -> ApiResult<Member> {
    let path = format!("/accounts/{}/members/{}", seg(&account), seg(&user));
    json(patch(&path, &body).await?).await
}

pub async fn remove_member(account: String, user: String) -> ApiResult<()> {
    let path = format!("/accounts/{}/members/{}/remove", seg(&account), seg(&user));
    post(&path, &Empty {}).await.map(drop)
}

pub async fn transfer_primary(account: String, user_id: String) -> ApiResult<()> {
    let path = format!("/accounts/{}/transfer-primary", seg(&account));
    post(&path, &TransferPrimaryRequest { user_id })
        .await
        .map(drop)
}

pub async fn set_assignment(
    account: String,
    user: String,
    subscription: String,
    assigned: bool,
) -> ApiResult<Seats> {
    let path = format!(
        "/accounts/{}/members/{}/assignments/{}",
        seg(&account),
        seg(&user),
        seg(&subscription)
    );
    json(put(&path, &SetAssignment { assigned }).await?).await
}

pub async fn assign_many(
    account: String,
    subscription: String,
    user_ids: Vec<String>,
) -> ApiResult<Seats> {
    let path = format!(
        "/accounts/{}/subscriptions/{}/assignments",
        seg(&account),
        seg(&subscription)
    );
    json(post(&path, &UserIds { user_ids }).await?).await
}

pub async fn list_teams(account: String) -> ApiResult<TeamList> {
    get(&format!("/accounts/{}/teams", seg(&account))).await
}

pub async fn create_team(account: String, name: String) -> ApiResult<Team> {
    let path = format!("/accounts/{}/teams", seg(&account));
    json(post(&path, &TeamRequest { name }).await?).await
}

pub async fn rename_team(account: String, team: String, name: String) -> ApiResult<Team> {
    let path = format!("/accounts/{}/teams/{}", seg(&account), seg(&team));
    json(patch(&path, &TeamRequest { name }).await?).await
}

pub async fn delete_team(account: String, team: String) -> ApiResult<()> {
    let path = format!("/accounts/{}/teams/{}/delete", seg(&account), seg(&team));
    post(&path, &Empty {}).await.map(drop)
}

/// The subscriptions a team gives a seat of.
pub async fn set_team_bindings(account: String, team: String, subscription_ids: Vec<String>) -> ApiResult<Team> {
    let path = format!("/accounts/{}/teams/{}/bindings", seg(&account), seg(&team));
    json(put(&path, &seatwise_api::TeamBindings { subscription_ids }).await?).await
}

/// The account's directory sync (SCIM): settings, tokens and the request log.
pub async fn directory(account: String) -> ApiResult<seatwise_api::DirectorySync> {
    get(&format!("/accounts/{}/directory", seg(&account))).await
}

pub async fn set_directory(account: String, body: seatwise_api::DirectorySettings) -> ApiResult<seatwise_api::DirectorySync> {
    json(put(&format!("/accounts/{}/directory", seg(&account)), &body).await?).await
}

/// A new SCIM token: its secret is in this answer only.
pub async fn create_scim_token(account: String, name: String) -> ApiResult<seatwise_api::CreatedScimToken> {
    json(post(&format!("/accounts/{}/directory/tokens", seg(&account)), &seatwise_api::NewScimToken { name }).await?).await
}

pub async fn revoke_scim_token(account: String, token: String) -> ApiResult<()> {
    post(&format!("/accounts/{}/directory/tokens/{}/revoke", seg(&account), seg(&token)), &Empty {}).await.map(drop)
}

pub async fn list_invitations(account: String) -> ApiResult<InvitationList> {
    get(&format!("/accounts/{}/invitations", seg(&account))).await
}

pub async fn create_invitations(account: String, body: InviteRequest) -> ApiResult<InvitationList> {
    let path = format!("/accounts/{}/invitations", seg(&account));
    json(post(&path, &body).await?).await
}

pub async fn resend_invitation(account: String, invitation: String) -> ApiResult<Invitation> {
    let path = format!(
        "/accounts/{}/invitations/{}/resend",
        seg(&account),
        seg(&invitation)
    );
    json(post(&path, &Empty {}).await?).await
}

pub async fn revoke_invitation(account: String, invitation: String) -> ApiResult<()> {
    let path = format!(
        "/accounts/{}/invitations/{}/revoke",
        seg(&account),
        seg(&invitation)
    );
    post(&path, &Empty {}).await.map(drop)
}

pub async fn lookup_invitation(token: String) -> ApiResult<InvitationInfo> {
    json(post("/invitations/lookup", &InvitationToken { token }).await?).await
}

pub async fn accept_invitation(body: &AcceptInvitationRequest) -> ApiResult<InvitationAccepted> {
    json(post("/invitations/accept", body).await?).await
}

/// `filters` is the activity view's query (`?action=...&actor=...`, or "").
pub async fn list_activity(
    account: String,
    filters: ActivityFilters,
    cursor: Option<String>,
) -> ApiResult<ActivityPage> {
    let mut query = filters.query_string();
    if let Some(c) = cursor {
        query.push(if query.is_empty() { '?' } else { '&' });
        query.push_str(&format!("cursor={}", seg(&c)));
    }
    get(&format!("/accounts/{}/activity{query}", seg(&account))).await
}

/// Download link for the activity log of the current filters, as CSV.
pub fn activity_export_href(account: &str, filters: &ActivityFilters) -> String {
    url(&format!(
        "/accounts/{}/activity/export.csv{}",
        seg(account),
        filters.query_string()
    ))
}

/// The formats the member list downloads in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// Download link for the members of the current filters (the page cursor left out: the file holds
/// the whole filtered list).
pub fn members_export_href(account: &str, filters: &UserFilters, format: ExportFormat) -> String {
    let filters = UserFilters {
        cursor: None,
        ..filters.clone()
    };
    let ext = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    };
    url(&format!(
        "/accounts/{}/members/export.{ext}{}",
        seg(account),
        filters.query_string()
    ))
}

/// Download link for the import template (header and one example row).
pub fn import_template_href(account: &str) -> String {
    url(&format!("/accounts/{}/imports/template.csv", seg(account)))
}

/// Dry run of an import: every row with its problems; changes nothing.
pub async fn preview_import(account: String, file_base64: String) -> ApiResult<ImportPreview> {
    let path = format!("/accounts/{}/imports/preview", seg(&account));
    json(post(&path, &ImportRequest { file_base64 }).await?).await
}

/// Invites the valid rows of the file (one transaction).
pub async fn import_members(account: String, file_base64: String) -> ApiResult<ImportResult> {
    let path = format!("/accounts/{}/imports", seg(&account));
    json(post(&path, &ImportRequest { file_base64 }).await?).await
}

/// Standard base64 (with padding) of some bytes, for [`ImportRequest`].
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Vendor back office
// ---------------------------------------------------------------------------------------------

pub async fn list_products() -> ApiResult<ProductList> {
    get("/vendor/products").await
}

pub async fn create_product(body: CreateProductRequest) -> ApiResult<Product> {
    json(post("/vendor/products", &body).await?).await
}

pub async fn list_vendor_accounts() -> ApiResult<VendorAccountList> {
    get("/vendor/accounts").await
}

pub async fn create_vendor_account(body: CreateAccountRequest) -> ApiResult<VendorAccount> {
    json(post("/vendor/accounts", &body).await?).await
}

pub async fn get_vendor_account(account: String) -> ApiResult<VendorAccountDetail> {
    get(&format!("/vendor/accounts/{}", seg(&account))).await
}

pub async fn create_contract(account: String, body: CreateContractRequest) -> ApiResult<Contract> {
    let path = format!("/vendor/accounts/{}/contracts", seg(&account));
    json(post(&path, &body).await?).await
}

pub async fn create_subscription(
    contract: String,
    body: CreateSubscriptionRequest,
) -> ApiResult<Subscription> {
    let path = format!("/vendor/contracts/{}/subscriptions", seg(&contract));
    json(post(&path, &body).await?).await
}

// ---------------------------------------------------------------------------------------------
// Products and services (customer side)
// ---------------------------------------------------------------------------------------------

/// `filters` is the products view's query (`?product=...&contract=...&team=...`, or "").
pub async fn list_account_products(
    account: String,
    filters: crate::routes::SoftwareFilters,
) -> ApiResult<seatwise_api::ProductCardList> {
    get(&format!("/accounts/{}/products{}", seg(&account), filters.query_string())).await
}

pub async fn get_account_product(
    account: String,
    code: String,
) -> ApiResult<seatwise_api::ProductDetail> {
    get(&format!("/accounts/{}/products/{}", seg(&account), seg(&code))).await
}

/// Link that downloads one file with the session (the browser handles Range and resuming).
pub fn file_download_href(account: &str, file_id: &str) -> String {
    url(&format!("/accounts/{}/files/{}/download", seg(account), seg(file_id)))
}

/// A signed link to a file, for curl or another computer.
pub async fn create_download_link(
    account: String,
    file_id: String,
) -> ApiResult<seatwise_api::DownloadLink> {
    let path = format!("/accounts/{}/files/{}/link", seg(&account), seg(&file_id));
    json(post(&path, &Empty {}).await?).await
}

pub async fn list_trials(account: String) -> ApiResult<seatwise_api::TrialList> {
    get(&format!("/accounts/{}/trials", seg(&account))).await
}

pub async fn start_trial(account: String, product_code: String) -> ApiResult<seatwise_api::Trial> {
    let path = format!("/accounts/{}/trials", seg(&account));
    json(post(&path, &seatwise_api::StartTrialRequest { product_code }).await?).await
}

pub async fn list_licence_requests(
    account: String,
) -> ApiResult<seatwise_api::LicenceRequestList> {
    get(&format!("/accounts/{}/requests", seg(&account))).await
}

pub async fn create_licence_request(
    account: String,
    body: seatwise_api::CreateLicenceRequest,
) -> ApiResult<seatwise_api::LicenceRequest> {
    let path = format!("/accounts/{}/requests", seg(&account));
    json(post(&path, &body).await?).await
}

/// The network licence file issued for a request.
pub fn licence_file_href(account: &str, request_id: &str) -> String {
    url(&format!("/accounts/{}/requests/{}/licence-file", seg(account), seg(request_id)))
}

pub async fn list_packages(account: String) -> ApiResult<seatwise_api::PackageList> {
    get(&format!("/accounts/{}/packages", seg(&account))).await
}

pub async fn get_package(account: String, package: String) -> ApiResult<seatwise_api::Package> {
    get(&format!("/accounts/{}/packages/{}", seg(&account), seg(&package))).await
}

pub async fn create_package(
    account: String,
    body: seatwise_api::PackageRequest,
) -> ApiResult<seatwise_api::Package> {
    let path = format!("/accounts/{}/packages", seg(&account));
    json(post(&path, &body).await?).await
}

pub async fn update_package(
    account: String,
    package: String,
    body: seatwise_api::PackageRequest,
) -> ApiResult<seatwise_api::Package> {
    let path = format!("/accounts/{}/packages/{}", seg(&account), seg(&package));
    json(put(&path, &body).await?).await
}

pub async fn delete_package(account: String, package: String) -> ApiResult<()> {
    let path = format!("/accounts/{}/packages/{}", seg(&account), seg(&package));
    delete(&path).await
}

/// The package's JSON manifest, as a download.
pub fn package_manifest_href(account: &str, package: &str) -> String {
    url(&format!("/accounts/{}/packages/{}/manifest", seg(account), seg(package)))
}

// ---------------------------------------------------------------------------------------------
// Vendor back office: catalogue (releases, files) and the request queue
// ---------------------------------------------------------------------------------------------

pub async fn price_book(product: String) -> ApiResult<seatwise_api::PriceBook> {
    match product.is_empty() {
        true => get("/vendor/prices").await,
        false => get(&format!("/vendor/prices?product={}", seg(&product))).await,
    }
}

pub async fn add_price(body: seatwise_api::NewPriceRequest) -> ApiResult<seatwise_api::Price> {
    json(post("/vendor/prices", &body).await?).await
}

pub async fn remove_price(id: String) -> ApiResult<()> {
    delete(&format!("/vendor/prices/{}", seg(&id))).await
}

pub async fn get_catalogue() -> ApiResult<seatwise_api::Catalogue> {
    get("/vendor/catalogue").await
}

pub async fn update_product(
    product: String,
    body: seatwise_api::UpdateProductRequest,
) -> ApiResult<seatwise_api::CatalogueProduct> {
    let path = format!("/vendor/products/{}", seg(&product));
    json(put(&path, &body).await?).await
}

pub async fn create_release(
    product: String,
    body: seatwise_api::CreateReleaseRequest,
) -> ApiResult<seatwise_api::Release> {
    let path = format!("/vendor/products/{}/releases", seg(&product));
    json(post(&path, &body).await?).await
}

pub async fn delete_release_file(file: String) -> ApiResult<()> {
    let path = format!("/vendor/files/{}", seg(&file));
    delete(&path).await
}

/// An error from a status and a body read as text (the upload's `XMLHttpRequest`).
fn error_from_text(status: u16, text: &str) -> ApiError {
    match serde_json::from_str::<ErrorBody>(text) {
        Ok(body) => ApiError::Server { status, code: body.code, fields: body.fields, retry_after: None },
        Err(_) => ApiError::Server {
            status,
            code: match status {
                0 => return ApiError::Network,
                401 => ErrorCode::Unauthenticated,
                403 => ErrorCode::Forbidden,
                404 => ErrorCode::NotFound,
                413 => ErrorCode::PayloadTooLarge,
                429 => ErrorCode::RateLimited,
                500..=599 => ErrorCode::Internal,
                _ => ErrorCode::Unknown,
            },
            fields: BTreeMap::new(),
            retry_after: None,
        },
    }
}

/// Uploads one file of a release: the `File` itself is the body (the browser streams it; it is
/// never copied into wasm memory). `on_progress(sent, total)` in bytes.
pub async fn upload_release_file(
    release: String,
    query: seatwise_api::UploadFileQuery,
    file: web_sys::File,
    on_progress: impl Fn(f64, f64) + 'static,
) -> ApiResult<seatwise_api::ReleaseFile> {
    let path = format!(
        "/vendor/releases/{}/files?platform={}&language={}&kind={}&title={}&file_name={}",
        seg(&release),
        query.platform.as_str(),
        seg(&query.language),
        query.kind.as_str(),
        seg(&query.title),
        seg(&query.file_name),
    );
    upload_raw(&path, file, on_progress).await
}

/// POSTs a `File` as the raw body (`application/octet-stream`) with the CSRF header.
/// `XMLHttpRequest` rather than `fetch`, for its upload progress events: `on_progress(sent,
/// total)` in bytes.
async fn upload_raw<T: DeserializeOwned>(path: &str, file: web_sys::File, on_progress: impl Fn(f64, f64) + 'static) -> ApiResult<T> {
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};

    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open("POST", &url(path)).map_err(|_| ApiError::Network)?;
    for (name, value) in [
        (CSRF_HEADER, CSRF_HEADER_VALUE),
        ("accept", "application/json"),
        ("content-type", "application/octet-stream"),
    ] {
        xhr.set_request_header(name, value).map_err(|_| ApiError::Network)?;
    }

    // Settles with `true` when an answer arrived, `false` on a network error or abort.
    let mut settle = None;
    let finished = js_sys::Promise::new(&mut |resolve, _reject| settle = Some(resolve));
    let settle = settle.ok_or(ApiError::Network)?;
    let on_load = {
        let settle = settle.clone();
        Closure::<dyn FnMut()>::new(move || {
            let _ = settle.call1(&JsValue::NULL, &JsValue::TRUE);
        })
    };
    let on_fail = Closure::<dyn FnMut()>::new(move || {
        let _ = settle.call1(&JsValue::NULL, &JsValue::FALSE);
    });
    let on_upload_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(
        move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() {
                on_progress(ev.loaded(), ev.total());
            }
        },
    );
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_fail.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_fail.as_ref().unchecked_ref()));
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_upload_progress.as_ref().unchecked_ref()));
    }
    xhr.send_with_opt_blob(Some(&file)).map_err(|_| ApiError::Network)?;
    let answered = wasm_bindgen_futures::JsFuture::from(finished)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    // The handlers are dropped below; detach them first.
    xhr.set_onload(None);
    xhr.set_onerror(None);
    xhr.set_onabort(None);
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
    }
    drop((on_load, on_fail, on_upload_progress));
    if !answered {
        return Err(ApiError::Network);
    }
    let status = xhr.status().map_err(|_| ApiError::Network)?;
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(|_| ApiError::Decode)
    } else {
        Err(error_from_text(status, &text))
    }
}

// ---------------------------------------------------------------------------------------------
// Support cases: the account's side and the vendor's queue
// ---------------------------------------------------------------------------------------------

/// Uploads a file for a message not written yet; its id goes with the message.
pub async fn upload_case_attachment(
    file: web_sys::File,
    on_progress: impl Fn(f64, f64) + 'static,
) -> ApiResult<seatwise_api::UploadedAttachment> {
    let path = format!("/support/attachments?name={}", seg(&file.name()));
    upload_raw(&path, file, on_progress).await
}

/// `query` is the list's API query (`CaseFilters::api_query`).
pub async fn list_cases(account: String, query: String) -> ApiResult<seatwise_api::SupportCaseList> {
    get(&format!("/accounts/{}/cases{query}", seg(&account))).await
}

/// A case just opened, as a page that only links to it needs it: its id and number. (Reading
/// only these keeps the whole case's decoder out of that page's chunk.)
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct CaseRef {
    pub id: String,
    pub number: String,
}

#[derive(serde::Deserialize)]
struct CaseRefDetail {
    case: CaseRef,
}

/// Opens a case; the answer (the whole case) is read for its id and number only.
pub async fn open_case(account: String, body: seatwise_api::CreateSupportCase) -> ApiResult<CaseRef> {
    let created: CaseRefDetail = json(post(&format!("/accounts/{}/cases", seg(&account)), &body).await?).await?;
    Ok(created.case)
}

/// A product a case may be about: its code and name, and whether the person may use it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ProductChoice {
    pub code: String,
    pub name: String,
    pub entitled: bool,
    /// Present while the person has a trial of it (only its presence is read).
    #[serde(default)]
    pub trial: Option<serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct ProductChoices {
    products: Vec<ProductChoice>,
}

/// The account's products, as the form that opens a case needs them (the products page's list,
/// read for these fields only: the whole card's decoder stays out of the support chunk).
pub async fn product_choices(account: String) -> ApiResult<Vec<ProductChoice>> {
    let list: ProductChoices = get(&format!("/accounts/{}/products", seg(&account))).await?;
    Ok(list.products)
}

#[derive(serde::Deserialize)]
struct VersionOf {
    version: String,
}

#[derive(serde::Deserialize)]
struct ProductVersions {
    releases: Vec<VersionOf>,
    other_versions: Vec<String>,
}

/// The versions of a product the account may use, newest first (or the catalogue's others when
/// it may use none), from the product's page.
pub async fn product_versions(account: String, code: String) -> ApiResult<Vec<String>> {
    let p: ProductVersions = get(&format!("/accounts/{}/products/{}", seg(&account), seg(&code))).await?;
    let mut versions: Vec<String> = p.releases.into_iter().map(|r| r.version).collect();
    if versions.is_empty() {
        versions = p.other_versions;
    }
    Ok(versions)
}

/// A member found by name or address, to follow a case.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct MemberChoice {
    pub user_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(serde::Deserialize)]
struct MemberChoices {
    members: Vec<MemberChoice>,
}

/// The first page of the members whose name or address matches `q`.
pub async fn find_members(account: String, q: String) -> ApiResult<Vec<MemberChoice>> {
    let query = crate::routes::UserFilters { q: Some(q), ..Default::default() }.query_string();
    let page: MemberChoices = get(&format!("/accounts/{}/members{query}", seg(&account))).await?;
    Ok(page.members)
}

pub async fn get_case(account: String, case: String) -> ApiResult<seatwise_api::SupportCaseDetail> {
    get(&format!("/accounts/{}/cases/{}", seg(&account), seg(&case))).await
}

pub async fn reply_to_case(account: String, case: String, body: seatwise_api::CreateCaseMessage) -> ApiResult<seatwise_api::SupportCaseDetail> {
    json(post(&format!("/accounts/{}/cases/{}/messages", seg(&account), seg(&case)), &body).await?).await
}

pub async fn set_case_status(account: String, case: String, status: seatwise_api::CaseStatus) -> ApiResult<seatwise_api::SupportCaseDetail> {
    let path = format!("/accounts/{}/cases/{}/status", seg(&account), seg(&case));
    json(post(&path, &seatwise_api::UpdateCaseStatus { status }).await?).await
}

pub async fn add_case_watcher(account: String, case: String, user_id: String) -> ApiResult<seatwise_api::SupportCaseDetail> {
    let path = format!("/accounts/{}/cases/{}/watchers", seg(&account), seg(&case));
    json(post(&path, &seatwise_api::AddCaseWatcher { user_id }).await?).await
}

pub async fn remove_case_watcher(account: String, case: String, user: String) -> ApiResult<seatwise_api::SupportCaseDetail> {
    let path = format!("/accounts/{}/cases/{}/watchers/{}", seg(&account), seg(&case), seg(&user));
    let response = send(
        Request::delete(&url(&path))
            .header(CSRF_HEADER, CSRF_HEADER_VALUE)
            .header("accept", "application/json")
            .build(),
    )
    .await?;
    json(response).await
}

/// A case's attachment, downloaded with the session.
pub fn case_attachment_href(account: &str, case: &str, attachment: &str) -> String {
    url(&format!("/accounts/{}/cases/{}/attachments/{}", seg(account), seg(case), seg(attachment)))
}

/// `filters` is the queue view's query, which uses the API's names.
pub async fn list_vendor_cases(filters: crate::routes::CaseQueueFilters) -> ApiResult<seatwise_api::SupportCaseList> {
    get(&format!("/vendor/cases{}", filters.query_string())).await
}

pub async fn get_vendor_case(case: String) -> ApiResult<seatwise_api::SupportCaseDetail> {
    get(&format!("/vendor/cases/{}", seg(&case))).await
}

pub async fn answer_case(case: String, body: seatwise_api::CreateCaseMessage) -> ApiResult<seatwise_api::SupportCaseDetail> {
    json(post(&format!("/vendor/cases/{}/messages", seg(&case)), &body).await?).await
}

pub async fn set_vendor_case_status(case: String, status: seatwise_api::CaseStatus) -> ApiResult<seatwise_api::SupportCaseDetail> {
    json(post(&format!("/vendor/cases/{}/status", seg(&case)), &seatwise_api::UpdateCaseStatus { status }).await?).await
}

pub async fn assign_case(case: String, assignee_id: Option<String>) -> ApiResult<seatwise_api::SupportCaseDetail> {
    json(post(&format!("/vendor/cases/{}/assignee", seg(&case)), &seatwise_api::AssignCase { assignee_id }).await?).await
}

pub fn vendor_case_attachment_href(case: &str, attachment: &str) -> String {
    url(&format!("/vendor/cases/{}/attachments/{}", seg(case), seg(attachment)))
}

pub async fn list_staff() -> ApiResult<seatwise_api::StaffList> {
    get("/vendor/staff").await
}

/// `filters` is the queue view's query (`?kind=...&status=...&min_age_days=...`).
pub async fn list_vendor_requests(
    filters: crate::routes::RequestQueueFilters,
) -> ApiResult<seatwise_api::LicenceRequestList> {
    get(&format!("/vendor/requests{}", filters.query_string())).await
}

pub async fn update_request_status(
    request: String,
    body: seatwise_api::UpdateRequestStatus,
) -> ApiResult<seatwise_api::LicenceRequest> {
    let path = format!("/vendor/requests/{}/status", seg(&request));
    json(post(&path, &body).await?).await
}

/// The licence file issued for a request, as the vendor downloads it.
pub fn vendor_licence_file_href(request_id: &str) -> String {
    url(&format!("/vendor/requests/{}/licence-file", seg(request_id)))
}

// -- Security: the second step of a sign-in, 2-step verification, sessions, history ------------

/// What the person at the second step of a sign-in can give (400 when there is no first step).
pub async fn second_factor_challenge() -> ApiResult<seatwise_api::SecondFactorChallenge> {
    get("/auth/second-factor").await
}

pub async fn second_factor(body: &seatwise_api::SecondFactorRequest) -> ApiResult<Me> {
    json(post("/auth/second-factor", body).await?).await
}

pub async fn security_overview() -> ApiResult<seatwise_api::SecurityOverview> {
    get("/me/security").await
}

pub async fn reauthenticate(body: &seatwise_api::ReauthenticateRequest) -> ApiResult<seatwise_api::SecurityOverview> {
    json(post("/me/reauthenticate", body).await?).await
}

pub async fn start_totp() -> ApiResult<seatwise_api::TotpSetup> {
    json(post("/me/totp/setup", &Empty {}).await?).await
}

pub async fn confirm_totp(code: String) -> ApiResult<seatwise_api::RecoveryCodes> {
    json(post("/me/totp/confirm", &seatwise_api::ConfirmTotpRequest { code }).await?).await
}

pub async fn disable_two_step() -> ApiResult<()> {
    delete("/me/totp").await
}

/// A phone for codes by text message: a code goes to it.
pub async fn add_phone(phone: String) -> ApiResult<seatwise_api::TextSent> {
    json(post("/me/phone", &seatwise_api::SetPhoneRequest { phone }).await?).await
}

pub async fn confirm_phone(code: String) -> ApiResult<seatwise_api::SecurityOverview> {
    json(post("/me/phone/confirm", &seatwise_api::ConfirmPhoneRequest { code }).await?).await
}

pub async fn remove_phone() -> ApiResult<()> {
    delete("/me/phone").await
}

/// At the second step of a sign-in: a code by text message to the confirmed phone.
pub async fn send_sign_in_text() -> ApiResult<seatwise_api::TextSent> {
    json(post("/auth/second-factor/text", &Empty {}).await?).await
}

/// Linked accounts: the providers, the person's links, and where a trip to a provider starts
/// (a navigation, not a fetch).
pub async fn sign_in_providers() -> ApiResult<seatwise_api::SignInProviders> {
    get("/auth/providers").await
}

pub async fn list_linked_accounts() -> ApiResult<seatwise_api::LinkedAccountList> {
    get("/me/linked-accounts").await
}

pub async fn unlink_account(id: String) -> ApiResult<()> {
    delete(&format!("/me/linked-accounts/{}", seg(&id))).await
}

pub async fn pending_link() -> ApiResult<seatwise_api::PendingLink> {
    get("/auth/oidc/pending").await
}

pub async fn link_pending() -> ApiResult<()> {
    post("/auth/oidc/pending/link", &Empty {}).await.map(drop)
}

pub async fn sign_up_pending(body: &seatwise_api::LinkedSignUpRequest) -> ApiResult<Me> {
    json(post("/auth/oidc/pending/sign-up", body).await?).await
}

pub fn link_start_href(provider: &str) -> String {
    url(&format!("/me/linked-accounts/{}/start", seg(provider)))
}

pub fn oidc_sign_in_href(provider: &str, next: Option<&str>) -> String {
    let next = next.map(|n| format!("?next={}", seg(n))).unwrap_or_default();
    url(&format!("/auth/oidc/{}/start{next}", seg(provider)))
}

pub async fn list_passkeys() -> ApiResult<seatwise_api::PasskeyList> {
    get("/me/passkeys").await
}

/// Passkeys: the challenges (the browser answers them), then the answers.
pub async fn passkey_registration_challenge() -> ApiResult<seatwise_api::PasskeyChallenge> {
    json(post("/me/passkeys/challenge", &Empty {}).await?).await
}

pub async fn add_passkey(body: &seatwise_api::AddPasskeyRequest) -> ApiResult<seatwise_api::PasskeyInfo> {
    json(post("/me/passkeys", body).await?).await
}

pub async fn rename_passkey(id: String, name: String) -> ApiResult<seatwise_api::PasskeyInfo> {
    json(patch(&format!("/me/passkeys/{}", seg(&id)), &seatwise_api::RenamePasskeyRequest { name }).await?).await
}

pub async fn remove_passkey(id: String) -> ApiResult<()> {
    delete(&format!("/me/passkeys/{}", seg(&id))).await
}

pub async fn passkey_sign_in_challenge() -> ApiResult<seatwise_api::PasskeyChallenge> {
    json(post("/auth/passkey/challenge", &Empty {}).await?).await
}

pub async fn passkey_sign_in(body: &seatwise_api::PasskeyAnswer) -> ApiResult<Me> {
    json(post("/auth/passkey", body).await?).await
}

pub async fn passkey_second_step_challenge() -> ApiResult<seatwise_api::PasskeyChallenge> {
    json(post("/auth/second-factor/passkey", &Empty {}).await?).await
}

/// The demo's text messages (demo mode without an SMS gateway).
pub async fn get_dev_texts() -> ApiResult<seatwise_api::DevTexts> {
    get("/dev/texts").await
}

pub async fn new_recovery_codes() -> ApiResult<seatwise_api::RecoveryCodes> {
    json(post("/me/recovery-codes", &Empty {}).await?).await
}

pub async fn list_sessions() -> ApiResult<seatwise_api::SessionList> {
    get("/me/sessions").await
}

pub async fn end_session(id: String) -> ApiResult<()> {
    delete(&format!("/me/sessions/{}", seg(&id))).await
}

pub async fn end_other_sessions() -> ApiResult<()> {
    post("/me/sessions/sign-out-others", &Empty {}).await.map(drop)
}

/// The person's security log, newest first; `cursor` is the previous page's `next_cursor`.
pub async fn my_security_events(cursor: Option<String>) -> ApiResult<seatwise_api::SecurityEventPage> {
    match cursor {
        Some(c) => get(&format!("/me/security-events?cursor={}", seg(&c))).await,
        None => get("/me/security-events").await,
    }
}

/// Where the browser fetches "download my data" (a file, saved by the browser).
pub fn my_data_href() -> String {
    url("/me/data")
}

pub async fn delete_account(email: String) -> ApiResult<()> {
    post("/me/delete", &seatwise_api::DeleteAccountRequest { email }).await.map(drop)
}

pub async fn change_email(body: &seatwise_api::ChangeEmailRequest) -> ApiResult<()> {
    post("/me/email", body).await.map(drop)
}

/// Sets the username (an empty one clears it).
pub async fn set_username(username: String) -> ApiResult<Me> {
    let username = Some(username).filter(|u| !u.is_empty());
    json(put("/me/username", &seatwise_api::SetUsernameRequest { username }).await?).await
}

pub async fn confirm_email_change(token: String) -> ApiResult<()> {
    post("/auth/confirm-email-change", &seatwise_api::EmailChangeLink { token }).await.map(drop)
}

pub async fn undo_email_change(token: String) -> ApiResult<()> {
    post("/auth/undo-email-change", &seatwise_api::EmailChangeLink { token }).await.map(drop)
}

/// Requires (or stops requiring) 2-step verification of every member of an account.
pub async fn set_two_step_policy(account: String, required: bool) -> ApiResult<()> {
    let path = format!("/accounts/{}/two-step-policy", seg(&account));
    put(&path, &seatwise_api::TwoStepPolicy { required }).await.map(drop)
}

// ---------------------------------------------------------------------------------------------
// Subscriptions and contracts: renewals, seats, invoices (admins); payments (vendor staff)
// ---------------------------------------------------------------------------------------------

fn subscription_path(account: &str, subscription: &str, rest: &str) -> String {
    format!("/accounts/{}/subscriptions/{}{rest}", seg(account), seg(subscription))
}

/// `query` is the list's URL query (`?team=...&status=...&product=...`, or "").
pub async fn list_contracts(account: String, query: String) -> ApiResult<seatwise_api::ContractList> {
    get(&format!("/accounts/{}/contracts{query}", seg(&account))).await
}

/// The contracts list as a file (`csv` or `xlsx`), with the list's query.
pub fn contracts_export_href(account: &str, format: &str, query: &str) -> String {
    url(&format!("/accounts/{}/contracts/export.{format}{query}", seg(account)))
}

/// A subscription's seat holders as CSV.
pub fn assignments_href(account: &str, subscription: &str) -> String {
    url(&subscription_path(account, subscription, "/assignments.csv"))
}

pub async fn get_subscription(account: String, subscription: String) -> ApiResult<seatwise_api::SubscriptionDetail> {
    get(&subscription_path(&account, &subscription, "")).await
}

pub async fn quote_renewal(account: String, subscription: String, body: seatwise_api::RenewalRequest) -> ApiResult<seatwise_api::Quote> {
    json(post(&subscription_path(&account, &subscription, "/renewal/quote"), &body).await?).await
}

pub async fn renew(account: String, subscription: String, body: seatwise_api::RenewalRequest) -> ApiResult<seatwise_api::Invoice> {
    json(post(&subscription_path(&account, &subscription, "/renewal"), &body).await?).await
}

pub async fn set_auto_renew(account: String, subscription: String, on: bool) -> ApiResult<()> {
    let body = seatwise_api::AutoRenewRequest { auto_renew: on };
    put(&subscription_path(&account, &subscription, "/auto-renew"), &body).await.map(drop)
}

pub async fn set_renewal_settings(
    account: String,
    subscription: String,
    body: seatwise_api::RenewalSettings,
) -> ApiResult<()> {
    put(&subscription_path(&account, &subscription, "/renewal-settings"), &body).await.map(drop)
}

pub async fn quote_seats(account: String, subscription: String, body: seatwise_api::AddSeatsRequest) -> ApiResult<seatwise_api::Quote> {
    json(post(&subscription_path(&account, &subscription, "/seats/quote"), &body).await?).await
}

pub async fn add_seats(account: String, subscription: String, body: seatwise_api::AddSeatsRequest) -> ApiResult<seatwise_api::Invoice> {
    json(post(&subscription_path(&account, &subscription, "/seats"), &body).await?).await
}

pub async fn quote_buy_again(account: String, subscription: String, body: seatwise_api::RenewalRequest) -> ApiResult<seatwise_api::Quote> {
    json(post(&subscription_path(&account, &subscription, "/buy-again/quote"), &body).await?).await
}

pub async fn buy_again(account: String, subscription: String, body: seatwise_api::RenewalRequest) -> ApiResult<seatwise_api::Invoice> {
    json(post(&subscription_path(&account, &subscription, "/buy-again"), &body).await?).await
}

pub async fn get_invoice(account: String, invoice: String) -> ApiResult<seatwise_api::Invoice> {
    get(&format!("/accounts/{}/invoices/{}", seg(&account), seg(&invoice))).await
}

/// `status`: `open`, `paid` or "" for all.
pub async fn vendor_invoices(status: String) -> ApiResult<seatwise_api::InvoiceList> {
    match status.is_empty() {
        true => get("/vendor/invoices").await,
        false => get(&format!("/vendor/invoices?status={}", seg(&status))).await,
    }
}

pub async fn record_payment(invoice: String, body: seatwise_api::NewPaymentRequest) -> ApiResult<seatwise_api::Invoice> {
    json(post(&format!("/vendor/invoices/{}/payments", seg(&invoice)), &body).await?).await
}

pub async fn premium_plan(account: String) -> ApiResult<seatwise_api::PremiumPlan> {
    get(&format!("/accounts/{}/premium", seg(&account))).await
}

pub async fn set_premium(account: String, premium: bool) -> ApiResult<seatwise_api::PremiumPlan> {
    json(put(&format!("/accounts/{}/premium", seg(&account)), &seatwise_api::PremiumRequest { premium }).await?).await
}

pub async fn quote_alignment(account: String, body: seatwise_api::AlignRequest) -> ApiResult<seatwise_api::AlignmentQuote> {
    json(post(&format!("/accounts/{}/subscriptions/align/quote", seg(&account)), &body).await?).await
}

pub async fn align(account: String, body: seatwise_api::AlignRequest) -> ApiResult<seatwise_api::Invoice> {
    json(post(&format!("/accounts/{}/subscriptions/align", seg(&account)), &body).await?).await
}

// ---------------------------------------------------------------------------------------------
// Desktop apps: approving a device sign-in (the device grant), the person's devices
// ---------------------------------------------------------------------------------------------

/// The device sign-in waiting for an answer under the code an app shows, as the person typed it
/// (the server reads it loosely). `NotFound` when no pending, unexpired sign-in has that code.
pub async fn device_request(code: String) -> ApiResult<seatwise_api::DeviceRequest> {
    get(&format!("/me/device-requests/{}", seg(&code))).await
}

/// Approves (the app signs in as this person) or refuses a device sign-in. `NotFound` once it
/// is no longer waiting (answered, expired).
pub async fn answer_device_request(code: String, approve: bool) -> ApiResult<()> {
    let body = seatwise_api::AnswerDeviceRequest { approve };
    post(&format!("/me/device-requests/{}", seg(&code)), &body).await.map(drop)
}

/// The computers the person signed in from with a desktop app, most recently seen first.
pub async fn my_devices() -> ApiResult<Vec<seatwise_api::Device>> {
    get("/me/devices").await
}

/// Signs one of the person's devices out: its sign-in stops working at once.
pub async fn deactivate_my_device(id: String) -> ApiResult<()> {
    post(&format!("/me/devices/{}/deactivate", seg(&id)), &Empty {}).await.map(drop)
}

// ---------------------------------------------------------------------------------------------
// Reports and the company's devices (admins)
// ---------------------------------------------------------------------------------------------

fn reports_path(account: &str, rest: &str) -> String {
    format!("/accounts/{}/reports/{rest}", seg(account))
}

/// `query`: the report's range (`ReportView::api_query`), or "".
pub async fn seat_usage(account: String, query: String) -> ApiResult<seatwise_api::SeatUsageReport> {
    get(&reports_path(&account, &format!("seat-usage{query}"))).await
}

/// One page of the per-person seat report; `query` as for [`seat_usage`] (with the search),
/// `cursor` the previous page's `next_cursor`.
pub async fn user_usage(account: String, query: String, cursor: Option<String>) -> ApiResult<seatwise_api::UserUsagePage> {
    let cursor = cursor.map(|c| format!("{}cursor={}", if query.is_empty() { "?" } else { "&" }, seg(&c))).unwrap_or_default();
    get(&reports_path(&account, &format!("seat-usage/users{query}{cursor}"))).await
}

pub async fn insights(account: String) -> ApiResult<seatwise_api::InsightsReport> {
    get(&reports_path(&account, "insights")).await
}

pub async fn cloud_usage(account: String, query: String) -> ApiResult<seatwise_api::CloudUsageReport> {
    get(&reports_path(&account, &format!("cloud-usage{query}"))).await
}

pub async fn downloads_report(account: String, query: String) -> ApiResult<seatwise_api::DownloadsReport> {
    get(&reports_path(&account, &format!("downloads{query}"))).await
}

/// A report's file: `file` is the export's path under the reports (`seat-usage/export.xlsx`),
/// `query` the report's range.
pub fn report_export_href(account: &str, file: &str, query: &str) -> String {
    url(&reports_path(account, &format!("{file}{query}")))
}

pub async fn device_agreement(account: String) -> ApiResult<seatwise_api::DeviceAgreement> {
    get(&format!("/accounts/{}/devices/agreement", seg(&account))).await
}

/// Accepts the agreement of `version` (the text the person read).
pub async fn accept_device_agreement(account: String, version: String) -> ApiResult<seatwise_api::DeviceAgreement> {
    let body = seatwise_api::AcceptDeviceAgreement { version };
    json(post(&format!("/accounts/{}/devices/agreement", seg(&account)), &body).await?).await
}

/// `query`: the list's filters (`DeviceFilters::query_string`), or "".
pub async fn company_devices(account: String, query: String) -> ApiResult<seatwise_api::DeviceList> {
    get(&format!("/accounts/{}/devices{query}", seg(&account))).await
}

/// The filtered devices as CSV.
pub fn devices_export_href(account: &str, query: &str) -> String {
    url(&format!("/accounts/{}/devices/export.csv{query}", seg(account)))
}

/// Deactivates a device of the company: its sign-in stops working at once.
pub async fn deactivate_company_device(account: String, device: String) -> ApiResult<()> {
    post(&format!("/accounts/{}/devices/{}/deactivate", seg(&account), seg(&device)), &Empty {}).await.map(drop)
}

/// The usage-report API's tokens of the account (admins).
pub async fn report_tokens(account: String) -> ApiResult<seatwise_api::ReportTokenList> {
    get(&format!("/accounts/{}/report-tokens", seg(&account))).await
}

/// A new usage-report token: its secret is in this answer only.
pub async fn create_report_token(account: String, body: seatwise_api::NewReportToken) -> ApiResult<seatwise_api::CreatedReportToken> {
    json(post(&format!("/accounts/{}/report-tokens", seg(&account)), &body).await?).await
}

/// Revokes a usage-report token at once.
pub async fn revoke_report_token(account: String, token: String) -> ApiResult<()> {
    delete(&format!("/accounts/{}/report-tokens/{}", seg(&account), seg(&token))).await
}

// ---------------------------------------------------------------------------------------------
// Home pages, product update notices and help links
// ---------------------------------------------------------------------------------------------

/// The person's home page of an account (the server records this visit: updates published
/// since the previous one are marked new).
pub async fn account_home(account: String) -> ApiResult<seatwise_api::AccountHome> {
    get(&format!("/accounts/{}/home", seg(&account))).await
}

pub async fn vendor_home() -> ApiResult<seatwise_api::VendorHome> {
    get("/vendor/home").await
}

/// "What's new" of one product of the account, newest first.
pub async fn product_updates(account: String, code: String) -> ApiResult<seatwise_api::ProductUpdateList> {
    get(&format!("/accounts/{}/products/{}/updates", seg(&account), seg(&code))).await
}

pub async fn list_help_links() -> ApiResult<seatwise_api::HelpLinkList> {
    get("/vendor/help-links").await
}

pub async fn add_help_link(body: seatwise_api::SaveHelpLink) -> ApiResult<seatwise_api::HelpLink> {
    json(post("/vendor/help-links", &body).await?).await
}

pub async fn change_help_link(id: String, body: seatwise_api::SaveHelpLink) -> ApiResult<seatwise_api::HelpLink> {
    json(put(&format!("/vendor/help-links/{}", seg(&id)), &body).await?).await
}

pub async fn delete_help_link(id: String) -> ApiResult<()> {
    delete(&format!("/vendor/help-links/{}", seg(&id))).await
}

/// The product's published updates with how far their mails have gone (vendor staff).
pub async fn published_updates(product: String) -> ApiResult<seatwise_api::PublishedUpdateList> {
    get(&format!("/vendor/products/{}/updates", seg(&product))).await
}

pub async fn publish_update(product: String, body: seatwise_api::PublishUpdate) -> ApiResult<seatwise_api::PublishedUpdate> {
    json(post(&format!("/vendor/products/{}/updates", seg(&product)), &body).await?).await
}
