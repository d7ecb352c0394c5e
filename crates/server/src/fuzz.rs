//! Fuzz targets: the parsers that read what anyone can send. Each takes arbitrary input,
//! must not panic, and checks what its output promises. `tests/fuzz.rs` runs them with
//! proptest in CI; `benches/fuzz.rs` runs each for a fixed time and counts executions.

use axum::http::{header, HeaderMap, HeaderValue};

use crate::{
    domain::import::{self, ImportContext},
    http::serve::{requested_span, Span},
};

/// The CSV member import (dry run and import run the same plan).
pub fn csv_import(bytes: &[u8]) {
    let mut ctx = ImportContext::default();
    ctx.teams.insert("design".into(), "t1".into());
    ctx.products.insert("ACAD".into(), vec![("s1".into(), 2)]);
    ctx.members.insert("member@example.com".into());
    ctx.invited.insert("invited@example.com".into());
    if let Ok(plan) = import::plan(bytes, &ctx) {
        assert!(plan.rows.len() <= seatwise_api::IMPORT_MAX_ROWS, "at most the row limit");
        let valid = plan.rows.iter().filter(|r| r.problems.is_empty()).count();
        assert_eq!(valid, plan.invitations.len(), "one invitation per valid row");
        // The two seats of ACAD are never handed out three times.
        let acad = plan.invitations.iter().filter(|i| i.subscription_ids.iter().any(|s| s == "s1")).count();
        assert!(acad <= 2, "{acad} seats of 2");
    }
}

/// The "invite several" box: every non-empty line is reported, numbered as in the box.
pub fn invite_lines(text: &str) {
    let lines = seatwise_api::parse_invite_lines(text);
    assert_eq!(lines.len(), text.lines().filter(|l| !l.trim().is_empty()).count());
    assert!(lines.windows(2).all(|w| w[0].number < w[1].number));
    for l in &lines {
        if let Some(i) = &l.invite {
            assert!(!i.email.is_empty() && !i.first_name.is_empty() && !i.last_name.is_empty());
        }
    }
}

/// `Range` (with `If-Range`) against a file of `size` bytes: a part lies inside the file.
pub fn range(range: &[u8], if_range: Option<&[u8]>, size: u64) {
    let mut h = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_bytes(range) {
        h.insert(header::RANGE, v);
    }
    if let Some(Ok(v)) = if_range.map(HeaderValue::from_bytes) {
        h.insert(header::IF_RANGE, v);
    }
    match requested_span(&h, size, "\"etag\"") {
        Ok(Span::Part { start, end }) => assert!(start <= end && end < size, "{start}-{end} of {size}"),
        Ok(Span::Whole) => {}
        Err(crate::error::AppError::RangeNotSatisfiable { size: s }) => assert_eq!(s, size),
        Err(e) => panic!("unexpected {e:?}"),
    }
}
