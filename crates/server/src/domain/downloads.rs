//! What the download manager (`seatwise download`) may fetch with a device token: the files of
//! a release, or a custom install package's files, each with a signed link (see
//! [`super::links`]) that answers HTTP Range requests.
//!
//! The rules are the browser's: a release's files for a member whose account holds the product
//! and who may use that version (an admin of the account, a seat, or a running trial); a
//! package for an admin of its account who may see it (shared, or their own). Other accounts'
//! packages answer 404, like an unknown id.

use seatwise_api::{
    DownloadFile, DownloadFileList, DownloadQuery, ErrorCode, FieldErrorCode, FileKind, MemberRole, PackageDownload,
    PackageItem, PackageOptions, Platform, FILE_LANGUAGES,
};

use super::{
    links::signed_download_url,
    products::{Catalogue, Holdings},
};
use crate::{
    clock::rfc3339,
    error::{AppError, AppResult},
    state::AppState,
    store::catalogue::{CatalogueProductRow, FileRow, PackageRow, ReleaseRow},
};

/// One file chosen for a download, with the product and release it belongs to.
pub type Chosen<'a> = (&'a CatalogueProductRow, &'a ReleaseRow, &'a FileRow);

/// The exact files of a package: for each product and version, the installer for the platform
/// in the package's language (or the all-languages one), then the chosen extras.
pub fn package_files<'a>(
    cat: &'a Catalogue,
    h: &'a Holdings,
    platform: Platform,
    language: &str,
    items: &[PackageItem],
    o: &PackageOptions,
) -> Vec<Chosen<'a>> {
    let mut out = Vec::new();
    for item in items {
        let Some(p) = cat.by_code(&item.product_code) else { continue };
        let u = h.use_of(cat, p);
        let Some(r) = u.versions.iter().copied().find(|r| r.version == item.version) else { continue };
        let files: Vec<&FileRow> = cat.release_files(&r.id).iter().filter(|f| f.platform == platform.as_str()).collect();
        let installer = files
            .iter()
            .find(|f| f.kind == "installer" && f.language == language)
            .or_else(|| files.iter().find(|f| f.kind == "installer" && f.language == "multi"));
        let mut chosen: Vec<&FileRow> = installer.into_iter().copied().collect();
        for f in &files {
            let take = match FileKind::parse(&f.kind) {
                Some(FileKind::LanguagePack) => o.include_language_packs && f.language == language,
                Some(FileKind::Update) => o.include_updates,
                Some(FileKind::AddOn) => o.include_add_ons,
                _ => false,
            };
            if take {
                chosen.push(f);
            }
        }
        out.extend(chosen.into_iter().map(|f| (p, r, f)));
    }
    out
}

/// The items and options a package row keeps (unreadable JSON reads as nothing chosen).
pub fn package_definition(row: &PackageRow) -> (Vec<PackageItem>, PackageOptions) {
    let items: Vec<PackageItem> = serde_json::from_str(&row.items_json).unwrap_or_default();
    let options: PackageOptions = serde_json::from_str(&row.options_json).unwrap_or(PackageOptions {
        include_updates: false,
        include_add_ons: false,
        include_language_packs: false,
        install_path: String::new(),
        desktop_shortcuts: false,
    });
    (items, options)
}

/// True when this person sees the package: it is shared with the account's admins, or theirs.
pub fn package_visible(row: &PackageRow, user_id: &str) -> bool {
    row.shared != 0 || row.created_by.as_deref() == Some(user_id)
}

/// Does a file match the platform and language asked for? A language matches its own files
/// and the all-languages (`multi`) ones.
pub fn matches(f: &FileRow, platform: Option<Platform>, language: Option<&str>) -> bool {
    platform.is_none_or(|p| f.platform == p.as_str()) && language.is_none_or(|l| f.language == l || f.language == "multi")
}

async fn to_download(state: &AppState, (p, r, f): Chosen<'_>, account_id: &str, user_id: &str) -> AppResult<DownloadFile> {
    let (url, expires) = signed_download_url(state, &f.id, account_id, user_id).await?;
    Ok(DownloadFile {
        product_code: p.code.clone(),
        version: r.version.clone(),
        kind: FileKind::parse(&f.kind).unwrap_or(FileKind::Installer),
        platform: Platform::parse(&f.platform).unwrap_or(Platform::Windows),
        language: f.language.clone(),
        title: f.title.clone(),
        file_name: f.file_name.clone(),
        size: f.size.max(0) as u64,
        sha256: f.sha256.clone(),
        url,
        expires_at: rfc3339(expires),
    })
}

/// The files of one release that `user_id` may download, from the first of their accounts
/// whose licence includes the version. 404 for an unknown product; 403 `version_not_licensed`
/// when they may use the product but not that version, `not_entitled` when not at all.
pub async fn release_files(state: &AppState, user_id: &str, q: &DownloadQuery) -> AppResult<DownloadFileList> {
    if q.version.is_empty() || q.version.chars().count() > 50 || q.version.chars().any(char::is_control) {
        return Err(AppError::field("version", FieldErrorCode::InvalidFormat));
    }
    if q.language.as_deref().is_some_and(|l| !FILE_LANGUAGES.contains(&l)) {
        return Err(AppError::field("language", FieldErrorCode::InvalidLocale));
    }
    let cat = Catalogue::load(state).await?;
    let product = cat.by_code(q.product.trim()).filter(|p| p.kind == "product").ok_or(AppError::NotFound)?;
    let mut entitled_elsewhere = false;
    for (account, role, _) in state.db.accounts_of(user_id).await? {
        let is_admin = MemberRole::parse(&role).is_some_and(MemberRole::is_admin);
        let h = Holdings::load(state, &account.id, user_id, is_admin).await?;
        let u = h.use_of(&cat, product);
        if !u.allows_version(&q.version) {
            entitled_elsewhere |= u.entitled;
            continue;
        }
        let Some(release) = u.versions.iter().copied().find(|r| r.version == q.version) else { continue };
        let mut files = Vec::new();
        for f in cat.release_files(&release.id).iter().filter(|f| matches(f, q.platform, q.language.as_deref())) {
            files.push(to_download(state, (product, release, f), &account.id, user_id).await?);
        }
        return Ok(DownloadFileList { product_code: product.code.clone(), version: release.version.clone(), account_id: account.id, files });
    }
    Err(AppError::Denied(if entitled_elsewhere { ErrorCode::VersionNotLicensed } else { ErrorCode::NotEntitled }))
}

/// A custom install package's files with signed links, for an admin of its account who may
/// see it; 404 otherwise (whether or not it exists elsewhere).
pub async fn package(state: &AppState, user_id: &str, id: &str) -> AppResult<PackageDownload> {
    for (account, role, _) in state.db.accounts_of(user_id).await? {
        if !MemberRole::parse(&role).is_some_and(MemberRole::is_admin) {
            continue;
        }
        let Some(row) = state.db.package(&account.id, id).await?.filter(|p| package_visible(p, user_id)) else { continue };
        let h = Holdings::load(state, &account.id, user_id, true).await?;
        let cat = Catalogue::load(state).await?;
        let (items, options) = package_definition(&row);
        let platform = Platform::parse(&row.platform).unwrap_or(Platform::Windows);
        let mut files = Vec::new();
        for chosen in package_files(&cat, &h, platform, &row.language, &items, &options) {
            files.push(to_download(state, chosen, &account.id, user_id).await?);
        }
        return Ok(PackageDownload {
            id: row.id,
            name: row.name,
            account_id: account.id,
            platform,
            language: row.language,
            total_size: files.iter().map(|f| f.size).sum(),
            files,
        });
    }
    Err(AppError::NotFound)
}
