//! The vendor's catalogue changes: product details and collections, releases, files. Used by
//! the back office and by the demo data alike.

use std::collections::BTreeMap;

use bytes::Bytes;
use futures::Stream;
use seatwise_api::{CreateReleaseRequest, FieldErrorCode, UpdateProductRequest, UploadFileQuery, FILE_LANGUAGES};
use serde_json::json;

use crate::{
    domain::identity::{clean_text, text_field},
    error::{AppError, AppResult},
    files::PutError,
    state::AppState,
    store::{
        accounts::NewActivity,
        catalogue::{CatalogueProductRow, FileRow, ReleaseRow},
        users::UserRow,
        Tx,
    },
};

/// Who changes the catalogue (vendor staff), for the activity log.
pub struct Staff<'a> {
    pub user: &'a UserRow,
    pub ip: &'a str,
}

impl Staff<'_> {
    pub(crate) async fn record(&self, state: &AppState, tx: &mut Tx, action: &str, object: (&str, &str), after: serde_json::Value) -> AppResult<()> {
        state
            .db
            .record_activity(
                &mut **tx,
                &NewActivity {
                    account_id: None,
                    actor_id: &self.user.id,
                    actor_email: &self.user.email,
                    action,
                    object_type: object.0,
                    object_id: object.1,
                    before: None,
                    after: Some(after),
                    ip: self.ip,
                    at: state.clock.unix(),
                },
            )
            .await?;
        Ok(())
    }
}

/// A valid ISO date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<String, FieldErrorCode> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &fmt).map(|_| s.to_string()).map_err(|_| FieldErrorCode::InvalidFormat)
}

pub async fn update_product(
    state: &AppState,
    who: &Staff<'_>,
    product_id: &str,
    req: &UpdateProductRequest,
) -> AppResult<()> {
    let db = &state.db;
    let mut fields = BTreeMap::new();
    let name = text_field(&mut fields, "name", &req.name, 100, true);
    let description = clean_text(&req.description.replace(['\r', '\n'], " "), 1000)
        .map_err(|e| fields.insert("description".into(), e))
        .unwrap_or_default();
    let icon = req.icon.trim().to_string();
    if icon.is_empty() {
        fields.insert("icon".into(), FieldErrorCode::Required);
    } else if icon.chars().count() > 3 || !icon.chars().all(char::is_alphanumeric) {
        fields.insert("icon".into(), FieldErrorCode::InvalidCharacters);
    }
    if req.trial_days > 365 {
        fields.insert("trial_days".into(), FieldErrorCode::OutOfRange);
    }
    let mut tx = db.begin().await?;
    let current = db.catalogue_product(&mut *tx, product_id).await?.ok_or(AppError::NotFound)?;
    let mut member_ids = Vec::new();
    if current.kind != "collection" && !req.members.is_empty() {
        fields.insert("members".into(), FieldErrorCode::Unknown);
    }
    if current.kind == "collection" {
        let all = db.catalogue_products().await?;
        for code in &req.members {
            match all.iter().find(|p| p.code.eq_ignore_ascii_case(code.trim()) && p.kind == "product") {
                Some(p) if !member_ids.contains(&p.id) => member_ids.push(p.id.clone()),
                Some(_) => {}
                None => {
                    fields.insert("members".into(), FieldErrorCode::Unknown);
                }
            }
        }
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let row = CatalogueProductRow {
        id: current.id.clone(),
        code: current.code.clone(),
        name,
        kind: current.kind.clone(),
        description,
        icon,
        trial_days: req.trial_days as i64,
    };
    db.update_product(&mut *tx, &row).await?;
    if current.kind == "collection" {
        db.clear_collection(&mut tx, &row.id).await?;
        for m in &member_ids {
            db.add_to_collection(&mut tx, &row.id, m).await?;
        }
    }
    let after = json!({"name": row.name, "description": row.description, "icon": row.icon,
        "trial_days": row.trial_days, "members": req.members});
    who.record(state, &mut tx, "product.updated", ("product", &row.id), after).await?;
    tx.commit().await?;
    Ok(())
}

/// Versions: digits, letters, dots and dashes, e.g. `2027`, `2026.2`, `12.0-LTS`.
fn parse_version(s: &str) -> Result<String, FieldErrorCode> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    if s.len() > 32 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
        return Err(FieldErrorCode::InvalidFormat);
    }
    Ok(s.to_string())
}

pub async fn create_release(
    state: &AppState,
    who: &Staff<'_>,
    product_id: &str,
    req: &CreateReleaseRequest,
) -> AppResult<ReleaseRow> {
    let db = &state.db;
    let mut fields = BTreeMap::new();
    let version = parse_version(&req.version).map_err(|e| fields.insert("version".into(), e)).unwrap_or_default();
    let released_on = parse_date(&req.released_on).map_err(|e| fields.insert("released_on".into(), e)).unwrap_or_default();
    let supported_until = match req.supported_until.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match parse_date(s) {
            Ok(d) if d > released_on => Some(d),
            Ok(_) => {
                fields.insert("supported_until".into(), FieldErrorCode::OutOfRange);
                None
            }
            Err(e) => {
                fields.insert("supported_until".into(), e);
                None
            }
        },
    };
    let product_key = req.product_key.trim().to_ascii_uppercase();
    if product_key.is_empty() {
        fields.insert("product_key".into(), FieldErrorCode::Required);
    } else if product_key.len() > 32 || !product_key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        fields.insert("product_key".into(), FieldErrorCode::InvalidFormat);
    }
    let mut tx = db.begin().await?;
    let product = db.catalogue_product(&mut *tx, product_id).await?.ok_or(AppError::NotFound)?;
    if product.kind != "product" {
        return Err(AppError::NotFound);
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let r = ReleaseRow {
        id: uuid::Uuid::new_v4().to_string(),
        product_id: product.id.clone(),
        version,
        released_on,
        supported_until,
        product_key,
    };
    if let Err(e) = db.insert_release(&mut *tx, &r, state.clock.unix()).await {
        return Err(if crate::store::is_unique_violation(&e) {
            AppError::Conflict(seatwise_api::ErrorCode::Taken)
        } else {
            e.into()
        });
    }
    let after = json!({"product": product.code, "version": r.version, "released_on": r.released_on,
        "supported_until": r.supported_until, "product_key": r.product_key});
    who.record(state, &mut tx, "release.created", ("release", &r.id), after).await?;
    tx.commit().await?;
    Ok(r)
}

/// A file name safe on every platform and in a shell: no path, no control characters.
fn parse_file_name(s: &str) -> Result<String, FieldErrorCode> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldErrorCode::Required);
    }
    if s.chars().count() > 150 {
        return Err(FieldErrorCode::TooLong);
    }
    if s.starts_with('.') || s.chars().any(|c| c.is_control() || "/\\:*?\"<>|'`$".contains(c)) {
        return Err(FieldErrorCode::InvalidCharacters);
    }
    Ok(s.to_string())
}

/// Checks an upload's description before any byte is read.
pub fn check_upload(q: &UploadFileQuery) -> AppResult<(String, String, String)> {
    let mut fields = BTreeMap::new();
    let title = text_field(&mut fields, "title", &q.title, 150, true);
    let file_name = parse_file_name(&q.file_name).map_err(|e| fields.insert("file_name".into(), e)).unwrap_or_default();
    let language = q.language.trim().to_string();
    if !FILE_LANGUAGES.contains(&language.as_str()) {
        fields.insert("language".into(), FieldErrorCode::InvalidLocale);
    }
    if fields.is_empty() {
        Ok((title, file_name, language))
    } else {
        Err(AppError::Validation(fields))
    }
}

/// Streams an upload into the storage directory, then records the complete file. A file
/// that fails (too large, interrupted, empty) leaves nothing behind.
pub async fn add_file<S, E>(
    state: &AppState,
    who: &Staff<'_>,
    release_id: &str,
    q: &UploadFileQuery,
    body: S,
) -> AppResult<FileRow>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: std::fmt::Display,
{
    let (title, file_name, language) = check_upload(q)?;
    let release = state.db.release(release_id).await?.ok_or(AppError::NotFound)?;
    let stored = match state.files.put(body).await {
        Ok(s) => s,
        Err(PutError::TooLarge(_)) => return Err(AppError::PayloadTooLarge),
        Err(PutError::Empty) => return Err(AppError::field("file", FieldErrorCode::Required)),
        Err(PutError::Interrupted(e)) => {
            tracing::info!(error = %e, "an upload was interrupted; nothing was kept");
            return Err(AppError::Conflict(seatwise_api::ErrorCode::UploadInterrupted));
        }
        Err(PutError::Io(e)) => return Err(AppError::Internal(e.into())),
    };
    let f = FileRow {
        id: uuid::Uuid::new_v4().to_string(),
        release_id: release.id.clone(),
        platform: q.platform.as_str().to_string(),
        language,
        kind: q.kind.as_str().to_string(),
        title,
        file_name,
        size: stored.size as i64,
        sha256: stored.sha256.clone(),
        storage_key: stored.key.clone(),
        created_at: state.clock.unix(),
    };
    let saved: AppResult<()> = async {
        let mut tx = state.db.begin().await?;
        state.db.insert_file(&mut *tx, &f, Some(&who.user.id)).await?;
        let after = json!({"release": release.id, "version": release.version, "file_name": f.file_name,
            "platform": f.platform, "language": f.language, "kind": f.kind, "size": f.size, "sha256": f.sha256});
        who.record(state, &mut tx, "file.uploaded", ("file", &f.id), after).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    if let Err(e) = saved {
        state.files.remove(&stored.key).await;
        return Err(e);
    }
    Ok(f)
}

pub async fn delete_file(state: &AppState, who: &Staff<'_>, file_id: &str) -> AppResult<()> {
    let file = state.db.file_info(file_id).await?.ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    if state.db.delete_file(&mut *tx, file_id).await? == 0 {
        return Err(AppError::NotFound);
    }
    let after = json!({"file_name": file.file_name, "product": file.product_code, "version": file.version, "sha256": file.sha256});
    who.record(state, &mut tx, "file.deleted", ("file", file_id), after).await?;
    tx.commit().await?;
    state.files.remove(&file.storage_key).await;
    Ok(())
}
