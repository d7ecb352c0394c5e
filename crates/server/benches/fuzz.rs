//! `cargo bench -p seatwise-server --bench fuzz`: each fuzz target of `seatwise_server::fuzz`
//! for `FUZZ_SECONDS` (default 60) seconds of random inputs (arbitrary bytes and shaped ones,
//! as in `tests/fuzz.rs`); prints executions and crashes per target. A crash (panic) is printed
//! with its input and makes the run fail.

use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    time::{Duration, Instant},
};

use proptest::{
    prelude::*,
    strategy::ValueTree,
    test_runner::{Config, TestRunner},
};
use seatwise_server::fuzz;

fn run<S: Strategy>(name: &str, strategy: S, seconds: u64, target: impl Fn(&S::Value)) -> usize
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(Config::default());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut executions, mut crashes) = (0u64, 0usize);
    while Instant::now() < deadline {
        let value = strategy.new_tree(&mut runner).expect("a value").current();
        executions += 1;
        if catch_unwind(AssertUnwindSafe(|| target(&value))).is_err() {
            crashes += 1;
            if crashes <= 3 {
                eprintln!("{name}: crash on {value:?}");
            }
        }
    }
    println!("{name:<14} {executions:>10} executions in {seconds} s, {crashes} crashes");
    crashes
}

fn main() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    // Panics are counted, not printed one by one.
    std::panic::set_hook(Box::new(|_| {}));
    let cell = prop::string::string_regex("[a-zA-Z0-9@. \"',;\\n\\r\\t=+\\-]{0,12}").unwrap();
    let csv = (prop::bool::ANY, prop::collection::vec(prop::collection::vec(cell, 0..10).prop_map(|c| c.join(",")), 0..30))
        .prop_map(|(h, rows)| {
            let head = if h { "email,first_name,last_name,role,team,products\n" } else { "" };
            format!("{head}{}", rows.join("\n")).into_bytes()
        });
    let bytes = prop::collection::vec(any::<u8>(), 0..2048);
    let mut crashes = 0;
    crashes += run("csv (bytes)", bytes.clone(), seconds / 2, |b| fuzz::csv_import(b));
    crashes += run("csv (shaped)", csv, seconds - seconds / 2, |b| fuzz::csv_import(b));
    crashes += run("invite lines", (any::<String>(), "[a-z@., ;\\t\\n\\r]{0,200}"), seconds, |(a, b)| {
        fuzz::invite_lines(a);
        fuzz::invite_lines(b);
    });
    let range = (
        prop::collection::vec(any::<u8>(), 0..64),
        prop::string::string_regex("(bytes|BYTES|items)?=?[ 0-9\\-,]{0,24}").unwrap(),
        prop::option::of(prop::collection::vec(any::<u8>(), 0..16)),
        prop_oneof![Just(0u64), Just(1u64), 0u64..5000, Just(u64::MAX)],
    );
    crashes += run("range", range, seconds, |(raw, shaped, if_range, size)| {
        fuzz::range(raw, if_range.as_deref(), *size);
        fuzz::range(shaped.as_bytes(), None, *size);
    });
    if crashes > 0 {
        std::process::exit(1);
    }
}
