#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 (installed but stopped on our machines) and gives the
# tests and benchmarks a password login. Prints the admin URL to use as SEATWISE_TEST_PG_URL.
set -euo pipefail
if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
  pg_ctlcluster 15 main start >&2
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'seatwise'\"" >/dev/null
echo "postgres://postgres:seatwise@127.0.0.1:5432/postgres"
