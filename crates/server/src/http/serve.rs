//! Sends a stored file: one byte range (RFC 9110), `ETag` = the SHA-256, `Repr-Digest`, and a
//! body streamed from disk in fixed-size chunks (memory stays flat whatever the file size).

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD, Engine};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use crate::error::{AppError, AppResult};

/// The bytes asked for: the whole file, or `start..=end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Whole,
    Part { start: u64, end: u64 },
}

impl Span {
    /// True when the response starts at the first byte (a new download, not a resumption).
    pub fn starts_at_zero(self) -> bool {
        matches!(self, Span::Whole | Span::Part { start: 0, .. })
    }
}

/// Reads `Range` (honouring `If-Range`). Several ranges, other units or a syntax error mean the
/// whole file, as RFC 9110 allows; a range that starts past the end is unsatisfiable.
pub fn requested_span(headers: &HeaderMap, size: u64, etag: &str) -> AppResult<Span> {
    let Some(range) = headers.get(header::RANGE).and_then(|v| v.to_str().ok()) else { return Ok(Span::Whole) };
    if let Some(if_range) = headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()) {
        if if_range != etag {
            return Ok(Span::Whole);
        }
    }
    let Some(spec) = range.trim().strip_prefix("bytes=") else { return Ok(Span::Whole) };
    if spec.contains(',') {
        return Ok(Span::Whole);
    }
    let Some((a, b)) = spec.trim().split_once('-') else { return Ok(Span::Whole) };
    let (a, b) = (a.trim(), b.trim());
    let span = if a.is_empty() {
        // The last n bytes.
        let Ok(n) = b.parse::<u64>() else { return Ok(Span::Whole) };
        if n == 0 || size == 0 {
            return Err(AppError::RangeNotSatisfiable { size });
        }
        Span::Part { start: size.saturating_sub(n), end: size - 1 }
    } else {
        let Ok(start) = a.parse::<u64>() else { return Ok(Span::Whole) };
        let end = if b.is_empty() {
            size.saturating_sub(1)
        } else {
            match b.parse::<u64>() {
                Ok(end) if end >= start => end.min(size.saturating_sub(1)),
                _ => return Ok(Span::Whole),
            }
        };
        if start >= size {
            return Err(AppError::RangeNotSatisfiable { size });
        }
        Span::Part { start, end }
    };
    Ok(span)
}

/// `filename` for `Content-Disposition`: an ASCII fallback and the UTF-8 name (RFC 6266).
fn disposition(file_name: &str) -> HeaderValue {
    let ascii: String =
        file_name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

pub struct FileToSend<'a> {
    pub path: std::path::PathBuf,
    pub size: u64,
    pub sha256: &'a str,
    pub file_name: &'a str,
}

/// The quoted entity tag of a file: its SHA-256.
pub fn etag(sha256: &str) -> String {
    format!("\"{sha256}\"")
}

/// Sends the span of the file (`span` from [`requested_span`]).
pub async fn send_file(f: FileToSend<'_>, headers: &HeaderMap, span: Span) -> AppResult<Response> {
    let tag = etag(f.sha256);
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        v.split(',').any(|t| t.trim() == tag || t.trim() == "*")
    }) {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, HeaderValue::from_str(&tag).map_err(anyhow::Error::from)?);
        return Ok(res);
    }
    let mut file = tokio::fs::File::open(&f.path)
        .await
        .map_err(|e| anyhow::anyhow!("stored file {} cannot be opened: {e}", f.path.display()))?;
    let (status, start, len) = match span {
        Span::Whole => (StatusCode::OK, 0, f.size),
        Span::Part { start, end } => (StatusCode::PARTIAL_CONTENT, start, end - start + 1),
    };
    if start > 0 {
        file.seek(std::io::SeekFrom::Start(start)).await.map_err(anyhow::Error::from)?;
    }
    let stream = ReaderStream::with_capacity(file.take(len), 64 * 1024);
    let mut res = Response::new(Body::from_stream(stream));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CONTENT_DISPOSITION, disposition(f.file_name));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(raw) = hex::decode(f.sha256) {
        if let Ok(v) = HeaderValue::from_str(&format!("sha-256=:{}:", STANDARD.encode(raw))) {
            h.insert("repr-digest", v);
        }
    }
    if let Span::Part { start, end } = span {
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{end}/{}", f.size)) {
            h.insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(range: &str, size: u64) -> AppResult<Span> {
        let mut h = HeaderMap::new();
        h.insert(header::RANGE, range.parse().unwrap());
        requested_span(&h, size, "\"x\"")
    }

    #[test]
    fn ranges_are_read_as_rfc_9110_says() {
        assert_eq!(span("bytes=0-9", 100).unwrap(), Span::Part { start: 0, end: 9 });
        assert_eq!(span("bytes=90-", 100).unwrap(), Span::Part { start: 90, end: 99 });
        assert_eq!(span("bytes=-10", 100).unwrap(), Span::Part { start: 90, end: 99 });
        assert_eq!(span("bytes=-1000", 100).unwrap(), Span::Part { start: 0, end: 99 });
        assert_eq!(span("bytes=50-1000", 100).unwrap(), Span::Part { start: 50, end: 99 });
        assert_eq!(span("bytes=0-1,5-6", 100).unwrap(), Span::Whole);
        assert_eq!(span("items=0-1", 100).unwrap(), Span::Whole);
        assert_eq!(span("bytes=9-3", 100).unwrap(), Span::Whole);
        assert!(matches!(span("bytes=100-", 100), Err(AppError::RangeNotSatisfiable { size: 100 })));
        assert!(matches!(span("bytes=-0", 100), Err(AppError::RangeNotSatisfiable { .. })));
    }

    #[test]
    fn if_range_with_another_tag_sends_the_whole_file() {
        let mut h = HeaderMap::new();
        h.insert(header::RANGE, "bytes=0-9".parse().unwrap());
        h.insert(header::IF_RANGE, "\"other\"".parse().unwrap());
        assert_eq!(requested_span(&h, 100, "\"x\"").unwrap(), Span::Whole);
    }

    #[test]
    fn file_names_are_safe_in_the_header() {
        let v = disposition("Draftline 2027 \"x\"/中文.exe");
        let s = v.to_str().unwrap();
        assert!(s.starts_with("attachment; filename=\"Draftline 2027 _x_/__.exe\""), "{s}");
        assert!(s.contains("filename*=UTF-8''Draftline%202027"));
    }
}
