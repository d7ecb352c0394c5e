#!/usr/bin/env bash
# Schemathesis (PyPI) against the OpenAPI document of a demo server, signed in as a demo admin
# (cookie and CSRF headers from scripts/schemathesis/hooks.py), over every operation, with the
# checks not_a_server_error, status_code_conformance, content_type_conformance and
# response_schema_conformance, and stateful links where it finds them.
#
# Usage: scripts/schemathesis.sh [examples per operation, default 20] [login, default the demo
# contract manager]. Prints the number of generated test cases and failures; exits non-zero on
# any failure. Server: SEATWISE_BIN (default target/debug/seatwise-server, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
examples=${1:-20}
login=${2:-alex.morgan@example.com}
bin=${SEATWISE_BIN:-target/debug/seatwise-server}
[[ -x $bin ]] || cargo build -q -p seatwise-server
command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The sign-in failure budgets are raised for this one client: the fuzzer's failed sign-ins all
# come from 127.0.0.1, and the hook signs in from there too (the budgets have API tests of their own).
SEATWISE_MODE=demo SEATWISE_LISTEN="127.0.0.1:$port" SEATWISE_WEB_DIR=/nonexistent \
SEATWISE_DATABASE_URL="sqlite://$work/st.db" SEATWISE_STORAGE_DIR="$work/files" SEATWISE_OUTBOX_POLL_MS=200 \
SEATWISE_SIGN_IN_FAILURES_PER_IP=1000000 SEATWISE_SIGN_IN_FAILURES_PER_MINUTE=1000000 RUST_LOG=warn \
  "$bin" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done

cd "$work"
export ST_BASE="http://127.0.0.1:$port" ST_LOGIN="$login" ST_PASSWORD="Demo-Seatwise-2026"
# The demo's vendor staff sign in with a code of the published demo key (see the README).
[[ $login == vendor.admin@example.com ]] && export ST_TOTP_KEY="SEATWISEDEMOVENDORSTAFFKEYZZZZZZ"
export SCHEMATHESIS_HOOKS="$root/scripts/schemathesis/hooks.py" HYPOTHESIS_STORAGE_DIRECTORY="$work/hypothesis"
status=0
schemathesis run "$ST_BASE/api/v1/openapi.json" \
  -H "X-Requested-With: seatwise" -H "Origin: $ST_BASE" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$examples" --workers 1 --seed 20261130 --generation-database none \
  --request-timeout 60 --no-color \
  --report json --report-json-path "$work/run.json" || status=$?
python3 - "$work/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
tc = d["test_cases"]
print(f"Schemathesis: {tc['generated']} test cases over {d['operations']['tested']} operations, "
      f"{tc['with_failures']} with failures ({tc['unique_failures']} unique), {tc['errored']} errored; "
      f"stop reason {d['stop_reason']}, re-authentications {d['auth']['reauth_count']}")
for f in d["failures"]:
    print(f"  {f['code']} {f['title']} x{f['count']}: {', '.join(f['operations'][:8])}")
for e in d["errors"]:
    print(f"  error: {e['title']} x{e['count']}")
PY
if grep -q "panicked" "$work/server.log"; then
  echo "the server panicked:"; grep -A5 panicked "$work/server.log" | head -40; status=1
fi
exit $status
