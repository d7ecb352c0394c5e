#!/usr/bin/env bash
# Mixed load at a fixed rate against a demo server on SQLite and on PostgreSQL: sign-ins,
# member lists, seat toggles, downloads and profile reads (crates/server/examples/load.rs),
# after a baseline run of GET /health at the same rate on the same server. Prints p50/p95/p99
# per operation, the 5xx count and the server's peak memory. A benchmark: it asserts nothing.
# Usage: scripts/bench-load.sh [seconds of mixed load, default 600] [rate, default 200]
#        [seconds of the health baseline, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:-600}
rate=${2:-200}
base_secs=${3:-60}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "Building the release server and the load generator"
cargo build --release -p seatwise-server --bin seatwise-server --example load >/dev/null 2>&1
pg_admin=$(bash scripts/start-postgres.sh)
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for backend in sqlite postgres; do
  if [[ $backend == sqlite ]]; then
    url="sqlite://$work/load.db"
  else
    db="sw_load_$$"
    su postgres -c "dropdb --if-exists $db; createdb $db"
    url="${pg_admin%/*}/$db"
  fi
  port=$(free_port)
  SEATWISE_MODE=demo SEATWISE_LISTEN="127.0.0.1:$port" SEATWISE_DATABASE_URL="$url" \
  SEATWISE_STORAGE_DIR="$work/files-$backend" SEATWISE_WEB_DIR=dist RUST_LOG=warn \
    target/release/seatwise-server >"$work/server-$backend.log" 2>&1 &
  server=$!
  for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.5; done
  say "$backend: GET /health at $rate req/s for $base_secs s (baseline)"
  target/release/examples/load "http://127.0.0.1:$port" "$base_secs" "$rate" health $server
  say "$backend: mixed load at $rate req/s for $secs s"
  target/release/examples/load "http://127.0.0.1:$port" "$secs" "$rate" mixed $server
  kill $server; wait $server 2>/dev/null || true
  [[ $backend == postgres ]] && su postgres -c "dropdb --if-exists $db"
done
