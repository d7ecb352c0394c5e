//! The fuzz targets of `seatwise_server::fuzz` with proptest: arbitrary bytes and inputs shaped
//! like the real thing (CSV rows, `Range` values). `benches/fuzz.rs` runs them for longer.

use proptest::prelude::*;
use seatwise_server::fuzz;

/// CSV-ish text: the import's header, then rows of cells from a small alphabet that has the
/// characters CSV cares about.
fn csv_text() -> impl Strategy<Value = Vec<u8>> {
    let cell = prop::string::string_regex("[a-zA-Z0-9@. \"',;\\n\\r\\t=+\\-]{0,12}").unwrap();
    let row = prop::collection::vec(cell, 0..10).prop_map(|cells| cells.join(","));
    (prop::bool::ANY, prop::collection::vec(row, 0..30)).prop_map(|(header, rows)| {
        let mut text = if header { "email,first_name,last_name,role,team,products\n".to_string() } else { String::new() };
        text.push_str(&rows.join("\n"));
        text.into_bytes()
    })
}

fn range_value() -> impl Strategy<Value = Vec<u8>> {
    prop::string::string_regex("(bytes|BYTES|items)?=?[ 0-9\\-,]{0,24}").unwrap().prop_map(String::into_bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn csv_import_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        fuzz::csv_import(&bytes);
    }

    #[test]
    fn csv_import_takes_any_csv(bytes in csv_text()) {
        fuzz::csv_import(&bytes);
    }

    #[test]
    fn invite_lines_take_any_text(text in any::<String>(), shaped in "[a-z@., ;\\t\\n\\r]{0,200}") {
        fuzz::invite_lines(&text);
        fuzz::invite_lines(&shaped);
    }

    #[test]
    fn ranges_take_any_header(raw in prop::collection::vec(any::<u8>(), 0..64), shaped in range_value(),
                              if_range in prop::option::of(prop::collection::vec(any::<u8>(), 0..16)),
                              size in prop_oneof![Just(0u64), Just(1u64), 0u64..5000, Just(u64::MAX)]) {
        fuzz::range(&raw, if_range.as_deref(), size);
        fuzz::range(&shaped, None, size);
        fuzz::range(&shaped, Some(b"\"etag\""), size);
    }
}
