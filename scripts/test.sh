#!/usr/bin/env bash
# Installs what is missing and runs every test: Rust unit and API tests on SQLite and
# PostgreSQL (among them kill -9 cycles, two servers on one database and the fuzz properties),
# the web app's unit tests (routes), the web build scripts' unit tests, Schemathesis against the OpenAPI document,
# scim2-tester against the SCIM endpoint, the release
# wasm build and its size budgets, and the Playwright tests in headless Chromium against the
# real server. `.ci/run` calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
# Each step's heading says how long the run has taken so far (CI has 90 minutes).
say() { printf '\033[1m==> [%dm%02ds] %s\033[0m\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

bash scripts/install-tools.sh --browser

say "Starting PostgreSQL"
SEATWISE_TEST_PG_URL=$(bash scripts/start-postgres.sh)
export SEATWISE_TEST_PG_URL
# Databases left by earlier runs.
su postgres -c "psql -Atc \"SELECT datname FROM pg_database WHERE datname LIKE 'sw_test_%'\"" \
  | while read -r db; do su postgres -c "dropdb --if-exists $db"; done
rm -rf "${TMPDIR:-/tmp}/seatwise-tests"

# The release web build is mostly one long single-threaded step (fat LTO with one codegen unit,
# then wasm-opt per chunk), so it runs in the background beside the Rust tests and the judges,
# whose own time goes largely to waiting on a server, a database or fsync. Its output is shown
# when it is waited for. (build.rs writes the site's files from the wasm build only, so the native
# unit-test build below cannot rewrite them under it.)
say "Web app release build (split per area): started in the background"
web_log=$(mktemp)
setsid -w bash scripts/build-web.sh >"$web_log" 2>&1 &
web_build=$!
trap 'kill -- -$web_build 2>/dev/null || true' EXIT

say "Rust unit and API tests (SQLite and PostgreSQL)"
cargo test --workspace --exclude seatwise --no-fail-fast

say "Web app unit tests (native)"
cargo test -p seatwise --lib

# The same build the browser tests use (server and command-line client), made once.
cargo build -q -p seatwise-server -p seatwise-cli
say "Schemathesis against the OpenAPI document (as the demo contract manager and as vendor staff, side by side)"
st_manager=$(mktemp); st_staff=$(mktemp)
bash scripts/schemathesis.sh 25 alex.morgan@example.com >"$st_manager" 2>&1 &
st1=$!
bash scripts/schemathesis.sh 25 vendor.admin@example.com >"$st_staff" 2>&1 &
st2=$!
st1_status=0; wait $st1 || st1_status=$?
st2_status=0; wait $st2 || st2_status=$?
echo "---- as the demo contract manager ----"; cat "$st_manager"
echo "---- as vendor staff ----"; cat "$st_staff"
[[ $st1_status == 0 && $st2_status == 0 ]] || exit 1

say "scim2-tester (the SCIM 2.0 compliance judge) against the demo account's directory sync endpoint"
bash scripts/scim-tester.sh

say "Web build scripts' unit tests (wasm_data.py)"
python3 -m unittest discover -s scripts -p 'test_*.py'

say "Web app release build (split per area): waiting for it, then its size budgets"
web_status=0; wait $web_build || web_status=$?
cat "$web_log"
[[ $web_status == 0 ]] || { echo "the web build failed (exit $web_status)"; exit 1; }
python3 scripts/web-size.py --check

say "Browser tests (Playwright, Chromium) against the real server"
# The `seatwise` command-line client plays the desktop product in the licensing tests.
cargo build -p seatwise-server -p seatwise-cli
export SEATWISE_CLI="$PWD/target/debug/seatwise"
workdir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# A real OpenID provider (oidc-provider-mock from PyPI) for the linked-account tests.
oidc_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
.tools/oidc/bin/oidc-provider-mock --port "$oidc_port" >"$workdir/oidc.log" 2>&1 &
oidc=$!
for _ in $(seq 1 60); do
  curl -fsS "http://localhost:$oidc_port/.well-known/openid-configuration" >/dev/null 2>&1 && break
  sleep 0.5
done
export SEATWISE_TEST_OIDC_ISSUER="http://localhost:$oidc_port"
export SEATWISE_OIDC_PROVIDERS="[{\"id\": \"mock\", \"name\": \"Mock ID\", \"issuer\": \"$SEATWISE_TEST_OIDC_ISSUER\", \"client_id\": \"seatwise-e2e\", \"client_secret\": \"e2e-secret\"}]"
# Every browser test signs in from 127.0.0.1, wrong passwords included: the address's failure
# budget is raised for this one client (the budgets have API tests of their own). The portal is
# reached by the name localhost: passkeys (WebAuthn) need a domain name, not an IP address.
SEATWISE_MODE=demo SEATWISE_LISTEN="127.0.0.1:$port" SEATWISE_PUBLIC_URL="http://localhost:$port" SEATWISE_WEB_DIR=dist SEATWISE_SIGN_IN_FAILURES_PER_IP=100000 \
SEATWISE_DATABASE_URL="sqlite://$workdir/e2e.db" SEATWISE_STORAGE_DIR="$workdir/files" SEATWISE_OUTBOX_POLL_MS=100 \
  target/debug/seatwise-server >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill $server $oidc 2>/dev/null || true; wait $server $oidc 2>/dev/null || true' EXIT
# The demo data (with 90 days of desktop use) is made before the server listens.
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$workdir/server.log"; exit 1; }
  sleep 0.5
done
status=0
(cd end2end && SEATWISE_BASE_URL="http://localhost:$port" npx playwright test) || status=$?
if [[ $status != 0 ]]; then
  echo "---- server log (last 80 lines) ----"; tail -n 80 "$workdir/server.log"
fi
exit $status
