#!/usr/bin/env bash
# Sets up and starts the portal on http://127.0.0.1:8080 with an embedded SQLite database in
# ./data and demo data (created once; running this again keeps existing data).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"

bash scripts/install-tools.sh
echo "==> Building the web app (release)"
bash scripts/build-web.sh
echo "==> Building the server (release)"
cargo build --release -p seatwise-server

export SEATWISE_MODE="${SEATWISE_MODE:-demo}"
export SEATWISE_LISTEN="${SEATWISE_LISTEN:-127.0.0.1:8080}"
export SEATWISE_DATABASE_URL="${SEATWISE_DATABASE_URL:-sqlite://data/seatwise.db}"
export SEATWISE_WEB_DIR="${SEATWISE_WEB_DIR:-dist}"
exec target/release/seatwise-server
