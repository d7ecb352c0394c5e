#!/usr/bin/env bash
# Download throughput of a 1 GiB release file through the API (session, entitlement check,
# download record, Range-capable streaming) against the same file from a plain static file
# server (tower-http ServeDir, crates/server/examples/static-files.rs) on the same machine in
# the same run; and the API server's memory while it receives and sends the file, which must
# stay flat (streaming, not buffering). Prints figures; asserts nothing.
# Usage: scripts/bench-download.sh [size in MiB, default 1024] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
mib=${1:-1024}
rounds=${2:-3}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "Building the release server and the static file server"
cargo build --release -p seatwise-server --bin seatwise-server --example static-files >/dev/null 2>&1
work=$(mktemp -d)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
sport=$(free_port)
base="http://127.0.0.1:$port/api/v1"
SEATWISE_MODE=demo SEATWISE_LISTEN="127.0.0.1:$port" SEATWISE_DATABASE_URL="sqlite://$work/bench.db" \
SEATWISE_STORAGE_DIR="$work/files" SEATWISE_WEB_DIR=dist RUST_LOG=warn target/release/seatwise-server >"$work/server.log" 2>&1 &
server=$!
mkdir -p "$work/static"
target/release/examples/static-files "$work/static" "$sport" &
static=$!
trap 'kill $server $static 2>/dev/null || true; wait $server $static 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do curl -fsS "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }

say "Making a $mib MiB file of random bytes"
head -c "$((mib * 1024 * 1024))" /dev/urandom >"$work/static/big.bin"
sha=$(sha256sum "$work/static/big.bin" | cut -d' ' -f1)

H=(-H 'X-Requested-With: seatwise' -H "Origin: http://127.0.0.1:$port")
# Vendor staff sign in with the password, then a code of the demo's published authenticator key.
curl -sS -c "$work/vendor" "${H[@]}" -H 'Content-Type: application/json' \
  -d '{"login":"vendor.admin@example.com","password":"Demo-Seatwise-2026"}' "$base/auth/sign-in" >/dev/null
code=$(python3 -c '
import base64, hashlib, hmac, struct, time
mac = hmac.new(base64.b32decode("SEATWISEDEMOVENDORSTAFFKEYZZZZZZ"), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
n = struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF
print("%06d" % (n % 1000000))')
curl -fsS -b "$work/vendor" -c "$work/vendor" "${H[@]}" -H 'Content-Type: application/json' \
  -d "{\"method\":\"totp\",\"code\":\"$code\"}" "$base/auth/second-factor" >/dev/null
release=$(curl -fsS -b "$work/vendor" "$base/vendor/catalogue" | python3 -c '
import sys, json
d = json.load(sys.stdin)
p = next(p for p in d["products"] if p["code"] == "DRAFTLINE")
print(p["releases"][0]["id"])')

rss_idle=$(rss $server)
say "Uploading it through the API (streamed to the storage directory)"
up=$(curl -fsS -b "$work/vendor" "${H[@]}" -H 'Content-Type: application/octet-stream' -T "$work/static/big.bin" -X POST \
  -w '\n%{time_total}' "$base/vendor/releases/$release/files?platform=linux&language=multi&kind=installer&title=Bench&file_name=big.bin")
file=$(echo "$up" | head -1 | python3 -c 'import sys, json; print(json.load(sys.stdin)["id"])')
up_secs=$(echo "$up" | tail -1)
up_sha=$(echo "$up" | head -1 | python3 -c 'import sys, json; print(json.load(sys.stdin)["sha256"])')
[[ "$up_sha" == "$sha" ]] || { echo "the server's SHA-256 differs: $up_sha"; exit 1; }
hwm_upload=$(hwm $server)

curl -fsS -c "$work/alex" "${H[@]}" -H 'Content-Type: application/json' \
  -d '{"login":"alex.morgan@example.com","password":"Demo-Seatwise-2026"}' "$base/auth/sign-in" >/dev/null
account=$(curl -fsS -b "$work/alex" "$base/accounts" | python3 -c 'import sys, json; print(json.load(sys.stdin)["accounts"][0]["id"])')
api_url="$base/accounts/$account/files/$file/download"
static_url="http://127.0.0.1:$sport/big.bin"

# Samples the API server's resident memory every 20 ms while a download runs.
sample() { local max=0 r; while kill -0 "$1" 2>/dev/null; do r=$(rss $server); ((r > max)) && max=$r; sleep 0.02; done; echo $max; }

say "Downloading it $rounds times from each, alternating"
api_times=(); static_times=(); peak=0
for i in $(seq 1 "$rounds"); do
  curl -fsS -o /dev/null -w '%{time_total}\n' "$static_url" >"$work/t" ; static_times+=("$(cat "$work/t")")
  curl -fsS -b "$work/alex" -o /dev/null -w '%{time_total}\n' "$api_url" >"$work/t" &
  dl=$!
  p=$(sample $dl); wait $dl; api_times+=("$(cat "$work/t")")
  ((p > peak)) && peak=$p
done
# The API's copy is the same file.
got=$(curl -fsS -b "$work/alex" "$api_url" | sha256sum | cut -d' ' -f1)
[[ "$got" == "$sha" ]] || { echo "downloaded SHA-256 differs"; exit 1; }

python3 - "$mib" "$up_secs" "$rss_idle" "$hwm_upload" "$peak" "${api_times[*]}" "${static_times[*]}" <<'PY'
import sys, statistics as st
mib, up, idle, hwm_up, peak = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
api = [float(x) for x in sys.argv[6].split()]
sta = [float(x) for x in sys.argv[7].split()]
a, s = mib / st.median(api), mib / st.median(sta)
print(f"{'download of ' + str(int(mib)) + ' MiB':<34}{'MiB/s':>10}{'ratio':>8}")
print(f"{'static file server (ServeDir)':<34}{s:>10.0f}{1:>8.2f}")
print(f"{'API (session, entitlement, record)':<34}{a:>10.0f}{a/s:>8.2f}")
print(f"upload through the API: {mib/up:.0f} MiB/s")
print(f"API server memory: {idle/1024:.1f} MiB idle; peak {hwm_up/1024:.1f} MiB after receiving the file; "
      f"peak {peak/1024:.1f} MiB while sending it (the file is {mib:.0f} MiB)")
PY
