#!/usr/bin/env bash
# Benchmarks, printed as ratios against a baseline measured in the same run (never asserted):
#  1. the web app's initial download and area chunks (brotli) against a bare Leptos counter
#     built in the same run with the same tools, and Lighthouse 13 for /sign-in and the users
#     list (scripts/bench-web.sh);
#  2. sign-in requests per second against the health endpoint of the same release server,
#     on loopback (wrk), on SQLite;
#  3. seat assign/unassign requests per second (and p99) against the health endpoint, and
#     listing 100,000 members against a lookup by id, on SQLite and PostgreSQL
#     (crates/server/benches/accounts.rs);
#  3b. the renewal job over 100,000 subscriptions with 5,000 due against COUNT(*) of the table,
#     and with the table or the due rows ten times smaller (crates/server/benches/renewals.rs);
#  3c. 1,000,000 usage events and 100,000 heartbeats against as many health requests, and the
#     seat-usage report of 100,000 members over 1M and 10M events against a primary-key lookup
#     (crates/server/benches/licensing.rs);
#  3d. support case search over 1,000,000 cases against a lookup by case number, and the update
#     notices job for a release held by 100,000 members against a count of them
#     (crates/server/benches/cases.rs);
#  4. download throughput of a 1 GiB file through the API against a plain static file server,
#     and the server's memory while it streams (scripts/bench-download.sh);
#  5. Schemathesis with 1,000 examples per operation, as a customer admin and as vendor staff
#     (scripts/schemathesis.sh), printing the test cases and failures;
#  6. 1,000 kill -9 cycles on SQLite and on PostgreSQL, printing "acknowledged N, lost 0";
#  7. each fuzz target for a fixed time, printing executions and crashes;
#  8. 10 minutes of mixed load at 200 req/s on SQLite and PostgreSQL against a health baseline
#     at the same rate (scripts/bench-load.sh).
# Each of 3-8 can be skipped: BENCH_SKIP_ACCOUNTS, _LICENSING, _CASES, _DOWNLOAD, _SCHEMATHESIS, _CRASH, _FUZZ, _LOAD=1.
# Usage: scripts/bench.sh [seconds per load run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"
secs=${1:-10}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/install-tools.sh
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# ---- 1. the web app: downloads and Lighthouse ------------------------------------------
say "The web app against a bare Leptos counter (scripts/bench-web.sh)"
bash scripts/bench-web.sh

# ---- 2. sign-in vs health ---------------------------------------------------------------
say "Building the release server"
cargo build --release -p seatwise-server >/dev/null 2>&1
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SEATWISE_MODE=demo SEATWISE_LISTEN="127.0.0.1:$port" SEATWISE_DATABASE_URL="sqlite://$work/bench.db" \
SEATWISE_WEB_DIR=dist RUST_LOG=warn target/release/seatwise-server >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.5; done
cat >"$work/sign-in.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"login":"alex.morgan@example.com","password":"Demo-Seatwise-2026"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Requested-With"] = "seatwise"
wrk.headers["Origin"] = "http://127.0.0.1:$port"
LUA
rps() { wrk "$@" 2>/dev/null | awk '/Requests\/sec/ { print $2 }'; }
say "Load: ${secs}s each, 1 wrk thread, loopback"
health=$(rps -t1 -c16 -d"${secs}s" "http://127.0.0.1:$port/api/v1/health")
signin=$(rps -t1 -c4 -d"${secs}s" -s "$work/sign-in.lua" "http://127.0.0.1:$port/api/v1/auth/sign-in")
python3 - "$health" "$signin" <<'PY'
import sys
h, s = float(sys.argv[1]), float(sys.argv[2])
print(f"{'endpoint':<22}{'req/s':>10}{'ratio':>9}")
print(f"{'GET /health':<22}{h:>10.0f}{1:>9.3f}")
print(f"{'POST /auth/sign-in':<22}{s:>10.1f}{s/h:>9.4f}")
print("(sign-in verifies an Argon2id hash, m=19 MiB t=2 p=1, by design)")
PY
kill $server 2>/dev/null || true; wait $server 2>/dev/null || true

# ---- 3. accounts: seats and 100,000 members --------------------------------------------------
# (BENCH_SKIP_ACCOUNTS=1 skips this part.)
if [[ "${BENCH_SKIP_ACCOUNTS:-}" != 1 ]]; then
  say "Seats and member listing (SQLite and PostgreSQL)"
  SEATWISE_TEST_PG_URL=$(bash scripts/start-postgres.sh)
  export SEATWISE_TEST_PG_URL
  BENCH_SECONDS=$secs cargo bench -q -p seatwise-server --bench accounts
  say "The renewal job: 5,000 due of 100,000 subscriptions against COUNT(*) (SQLite and PostgreSQL)"
  cargo bench -q -p seatwise-server --bench renewals
fi

# ---- 3c. the licensing API and the reports ----------------------------------------------------
# (BENCH_SKIP_LICENSING=1 skips this part; BENCH_USAGE_EVENTS, BENCH_HEARTBEATS, BENCH_MEMBERS
# and BENCH_RAW_EVENTS make it smaller.)
if [[ "${BENCH_SKIP_LICENSING:-}" != 1 ]]; then
  say "Licensing: 1,000,000 usage events and 100,000 heartbeats against /health; the seat report over 100,000 members with 1M and 10M events against a primary-key lookup"
  SEATWISE_TEST_PG_URL=$(bash scripts/start-postgres.sh)
  export SEATWISE_TEST_PG_URL
  cargo bench -q -p seatwise-server --bench licensing
fi

# ---- 3d. support cases and product update notices ----------------------------------------------
# (BENCH_SKIP_CASES=1 skips this part; BENCH_CASES and BENCH_HOLDERS make it smaller.)
if [[ "${BENCH_SKIP_CASES:-}" != 1 ]]; then
  say "Support: case search over 1,000,000 cases against a lookup by number; update notices to 100,000 holders against a count"
  SEATWISE_TEST_PG_URL=$(bash scripts/start-postgres.sh)
  export SEATWISE_TEST_PG_URL
  cargo bench -q -p seatwise-server --bench cases
fi

# ---- 3e. directory sync (SCIM) ---------------------------------------------------------------
# (BENCH_SKIP_SCIM=1 skips this part; BENCH_SCIM_USERS makes it smaller.)
if [[ "${BENCH_SKIP_SCIM:-}" != 1 ]]; then
  say "Directory sync: 10,000 users and 100 groups over SCIM against health requests; a PATCH into a group of 10,000 against one into a group of 10"
  SEATWISE_TEST_PG_URL=$(bash scripts/start-postgres.sh)
  export SEATWISE_TEST_PG_URL
  cargo bench -q -p seatwise-server --bench scim
fi

# ---- 4. downloads: 1 GiB through the API vs a static file server ----------------------------
# (BENCH_SKIP_DOWNLOAD=1 skips this part.)
if [[ "${BENCH_SKIP_DOWNLOAD:-}" != 1 ]]; then
  say "Downloads: 1 GiB through the API against a static file server"
  bash scripts/bench-download.sh 1024 3
fi

# ---- 5. Schemathesis, 1,000 examples per operation ----------------------------------------
if [[ "${BENCH_SKIP_SCHEMATHESIS:-}" != 1 ]]; then
  say "Schemathesis: 1,000 examples per operation, as a customer admin and as vendor staff"
  bash scripts/install-tools.sh --browser >/dev/null
  cargo build -q -p seatwise-server
  bash scripts/schemathesis.sh 1000 alex.morgan@example.com | tail -n 3
  bash scripts/schemathesis.sh 1000 vendor.admin@example.com | tail -n 3
fi

# ---- 6. kill -9, 1,000 cycles per database -------------------------------------------------
if [[ "${BENCH_SKIP_CRASH:-}" != 1 ]]; then
  say "kill -9: 1,000 cycles on SQLite and on PostgreSQL"
  SEATWISE_TEST_PG_URL=$(bash scripts/start-postgres.sh) CRASH_CYCLES=1000 \
    cargo test -q -p seatwise-server --test api crash -- --nocapture 2>&1 | grep -E "kill -9|test result"
fi

# ---- 7. fuzzing -----------------------------------------------------------------------------
if [[ "${BENCH_SKIP_FUZZ:-}" != 1 ]]; then
  say "Fuzzing the CSV import, the invite list and Range, 60 s each"
  FUZZ_SECONDS=60 cargo bench -q -p seatwise-server --bench fuzz
fi

# ---- 8. mixed load ----------------------------------------------------------------------------
if [[ "${BENCH_SKIP_LOAD:-}" != 1 ]]; then
  say "Mixed load: 10 minutes at 200 req/s, SQLite and PostgreSQL"
  bash scripts/bench-load.sh 600 200 60
fi
