//! Serves the built web app: files from the web directory (their precompressed copies when the
//! browser takes them), `index.html` for every app path (deep links), long cache lifetimes for
//! content-hashed files, none for `index.html`.

use std::{
    convert::Infallible,
    path::{Path, PathBuf},
};

use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::Router,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Hashes (`'sha256-…'`) of the inline scripts in `index.html` (the texts' preload and the module loader), for
/// the Content-Security-Policy.
pub fn inline_script_hashes(web_dir: &Path) -> Vec<String> {
    let Ok(html) = std::fs::read_to_string(web_dir.join("index.html")) else { return vec![] };
    let mut hashes = vec![];
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        let body_start = tag_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        let body = &rest[body_start..body_start + close];
        if !tag.contains(" src=") && !body.trim().is_empty() {
            hashes.push(format!("'sha256-{}'", STANDARD.encode(Sha256::digest(body.as_bytes()))));
        }
        rest = &rest[body_start + close..];
    }
    hashes
}

/// True for files whose name changes with their content, which may be cached for good: the
/// app's files as cargo-leptos names them (`seatwise.<22 base64url>.wasm`, the chunks too, and
/// the areas' bundles as scripts/site.py names them, `area_<area>.<22 base64url>.bin`),
/// the component styles (`stylers.<16 hex>.css`) and the texts (`/i18n/<16 hex digest>/…`).
fn is_hashed_asset(path: &str) -> bool {
    let hex16 = |s: &str| s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(rest) = path.strip_prefix("/i18n/") {
        return rest.split('/').next().is_some_and(hex16) && rest.ends_with(".json");
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        [_, hash, _ext] if path.starts_with("/pkg/") => {
            hash.len() == 22 && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }
        ["stylers", hash, "css"] => hex16(hash),
        _ => false,
    }
}

pub fn router<S: Clone + Send + Sync + 'static>(web_dir: PathBuf) -> Router<S> {
    let index = web_dir.join("index.html");
    // scripts/site.py writes a brotli and a gzip copy beside each file: sent as they are.
    let files = ServeDir::new(&web_dir).append_index_html_on_directories(false).precompressed_br().precompressed_gzip();
    Router::new().fallback(move |req: Request| {
        let files = files.clone();
        let index = index.clone();
        async move { Ok::<_, Infallible>(serve(files, index, req).await) }
    })
}

async fn serve(files: ServeDir, index: PathBuf, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let res = files.oneshot(req).await.map(IntoResponse::into_response);
    let mut res = match res {
        Ok(r) if r.status() != StatusCode::NOT_FOUND => r,
        _ => {
            // A missing file (with an extension) is a 404; any other path is an app route.
            let last = path.rsplit('/').next().unwrap_or_default();
            if last.contains('.') && !last.ends_with(".html") {
                return (StatusCode::NOT_FOUND, "not found").into_response();
            }
            let req = Request::builder().uri("/index.html").body(Body::empty()).expect("valid");
            match ServeFile::new(&index).oneshot(req).await {
                Ok(r) => r.into_response(),
                Err(_) => return StatusCode::NOT_FOUND.into_response(),
            }
        }
    };
    let cache = if is_hashed_asset(&path) { "public, max-age=31536000, immutable" } else { "no-cache" };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_content_hashed_names() {
        assert!(is_hashed_asset("/pkg/seatwise.AbCdEfGhIjKlMnOpQrSt-_.wasm"));
        assert!(is_hashed_asset("/pkg/split_seatwise_accounts.AbCdEfGhIjKlMnOpQrSt-_.wasm"));
        assert!(is_hashed_asset("/pkg/__wasm_split.AbCdEfGhIjKlMnOpQrSt-_.js"));
        assert!(is_hashed_asset("/pkg/area_seatwise_users.AbCdEfGhIjKlMnOpQrSt-_.bin"));
        assert!(is_hashed_asset("/stylers.0123456789abcdef.css"));
        assert!(is_hashed_asset("/i18n/0123456789abcdef/core/zh-TW.json"));
        assert!(!is_hashed_asset("/pkg/seatwise.js"));
        assert!(!is_hashed_asset("/pkg/__wasm_split.______________________.js.map"));
        assert!(!is_hashed_asset("/i18n/core/en.json"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/stylers.css"));
        assert!(!is_hashed_asset("/profile"));
    }

    #[test]
    fn hashes_inline_scripts_only() {
        let dir = std::env::temp_dir().join(format!("seatwise-web-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<html><script src=\"/a.js\"></script><script type=\"module\">import x from '/x.js';</script></html>",
        )
        .unwrap();
        let h = inline_script_hashes(&dir);
        assert_eq!(h.len(), 1);
        let expect = STANDARD.encode(Sha256::digest(b"import x from '/x.js';"));
        assert_eq!(h[0], format!("'sha256-{expect}'"));
    }
}
