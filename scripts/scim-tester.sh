#!/usr/bin/env bash
# scim2-tester (PyPI), the outside SCIM 2.0 compliance judge, against the SCIM endpoint of the
# demo account Northwind (directory sync allowed by the demo's vendor): its contract manager signs
# in through the API, turns sync on and creates a token, then scripts/scim/run_tester.py runs
# every check that the ServiceProviderConfig's claims call for. Exits non-zero on any failure.
# Server: SEATWISE_BIN (default target/debug/seatwise-server, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${SEATWISE_BIN:-target/debug/seatwise-server}
[[ -x $bin ]] || cargo build -q -p seatwise-server
[[ -x .tools/scim/bin/python ]] || bash scripts/install-tools.sh --browser

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
SEATWISE_MODE=demo SEATWISE_LISTEN="127.0.0.1:$port" SEATWISE_PUBLIC_URL="$base" SEATWISE_WEB_DIR=/nonexistent \
SEATWISE_DATABASE_URL="sqlite://$work/scim.db" SEATWISE_STORAGE_DIR="$work/files" RUST_LOG=warn \
  "$bin" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fsS "$base/api/v1/health" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done

# The contract manager's browser: a cookie jar and the app's CSRF headers.
jar="$work/cookies"
api() { curl -fsS -b "$jar" -c "$jar" -H "X-Requested-With: seatwise" -H "Origin: $base" -H "Content-Type: application/json" "$@"; }
api -X POST "$base/api/v1/auth/sign-in" -d '{"login": "alex.morgan@example.com", "password": "Demo-Seatwise-2026"}' >/dev/null
account=$(api "$base/api/v1/accounts" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(a["id"] for a in d["accounts"] if a["name"].startswith("Northwind")))')
api -X PUT "$base/api/v1/accounts/$account/directory" -d '{"on": true}' >/dev/null
token=$(api -X POST "$base/api/v1/accounts/$account/directory/tokens" -d '{"name": "scim2-tester"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')

status=0
.tools/scim/bin/python scripts/scim/run_tester.py --url "$base/scim/v2/$account" --token "$token" || status=$?
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked:"; grep -A5 panicked "$work/server.log" | head -40; status=1
fi
exit $status
