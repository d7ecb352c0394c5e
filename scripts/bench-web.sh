#!/usr/bin/env bash
# The web app's downloads and load speed, against a bare Leptos counter built in the same run
# with the same profile and tools (cargo-leptos, wasm-bindgen, wasm-opt -Oz):
#  - the initial download of /sign-in (index.html, JS, wasm, CSS, the shell's texts), brotli;
#  - each area's chunk (its module and the shared chunks it needs), brotli;
#  - Lighthouse 13 (npm) with its default mobile throttling in Debian's Chromium: performance
#    score, largest contentful paint, total blocking time and bytes transferred, for /sign-in
#    and for a signed-in admin's users list.
# Prints figures; asserts nothing (the size budgets are checked by scripts/test.sh).
# Usage: scripts/bench-web.sh [Lighthouse runs per page, default 3 (the median is printed)]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$root/end2end/node_modules/.bin:$PATH"
runs=${1:-3}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/install-tools.sh --browser >/dev/null
say "Building the web app"
bash scripts/build-web.sh >/dev/null 2>&1
mkdir -p target/bench
python3 scripts/web-size.py --json target/bench/web-size.json

say "Building a bare Leptos counter with the same profile and tools"
counter=$root/target/bench/counter
rm -rf "$counter/src" "$counter/site"
mkdir -p "$counter/src"
leptos_version=$(awk '/^name = "leptos"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
{
  cat <<TOML
[package]
name = "counter"
version = "0.1.0"
edition = "2021"
[workspace]
[lib]
crate-type = ["cdylib", "rlib"]
[features]
csr = []
[dependencies]
leptos = { version = "=$leptos_version", features = ["csr"] }
wasm-bindgen = "0.2"
[package.metadata.leptos]
output-name = "counter"
site-root = "site"
lib-features = ["csr"]
lib-profile-release = "wasm-release"
lib-cargo-args = ["-Zbuild-std=std,panic_abort"]
TOML
  awk '/^\[profile.release\]/,/^$/' Cargo.toml
  awk '/^\[profile.wasm-release\]/,/^$/' Cargo.toml
} >"$counter/Cargo.toml"
cat >"$counter/src/lib.rs" <<'RS'
use leptos::prelude::*;
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    mount_to_body(|| {
        let (count, set_count) = signal(0);
        view! { <button on:click=move |_| set_count.update(|n| *n += 1)>{count}</button> }
    })
}
RS
echo 'fn main() {}' >"$counter/src/main.rs"
cp Cargo.lock rust-toolchain.toml "$counter/"
# The same panic flags as the app: .cargo/config.toml applies to the counter too (it lives below
# this directory).
(cd "$counter" && cargo leptos build --release --frontend-only >/dev/null 2>&1)
counter_br=$(node -e 'const z=require("zlib"),fs=require("fs"),p=process.argv[1];let n=0;for(const f of fs.readdirSync(p))if(/\.(wasm|js)$/.test(f))n+=z.brotliCompressSync(fs.readFileSync(p+"/"+f),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length;console.log(n)' "$counter/site/pkg")
python3 - "$counter_br" "$root/target/bench/web-size.json" <<'PY'
import sys, json
counter = int(sys.argv[1])
app = json.load(open(sys.argv[2]))
i = app["initial"]["brotli"]
print(f"{'brotli':<28}{'Seatwise':>10}{'counter':>10}{'ratio':>8}")
print(f"{'initial download /sign-in':<28}{i / 1024:>8.1f}KB{counter / 1024:>8.1f}KB{i / counter:>8.2f}")
for name, a in sorted(app["areas"].items()):
    print(f"{'area ' + name:<28}{a['brotli'] / 1024:>8.1f}KB")
PY

say "Lighthouse 13, mobile, default throttling, Debian Chromium (median of $runs)"
cargo build -q --release -p seatwise-server
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SEATWISE_MODE=demo SEATWISE_LISTEN="127.0.0.1:$port" SEATWISE_DATABASE_URL="sqlite://$work/web.db" \
SEATWISE_STORAGE_DIR="$work/files" SEATWISE_WEB_DIR=dist RUST_LOG=warn target/release/seatwise-server >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.5; done
base="http://127.0.0.1:$port"
cookie=$(curl -fsS -D - -o /dev/null -H 'Content-Type: application/json' -H 'X-Requested-With: seatwise' -H "Origin: $base" \
  -d '{"login":"alex.morgan@example.com","password":"Demo-Seatwise-2026"}' "$base/api/v1/auth/sign-in" \
  | awk -F'[: ;]+' 'tolower($1)=="set-cookie" { print $2; exit }')
account=$(curl -fsS -H "Cookie: $cookie" "$base/api/v1/accounts" | python3 -c 'import sys, json; print([a for a in json.load(sys.stdin)["accounts"] if a["name"].startswith("Northwind")][0]["id"])')
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
lh() { # url name [extra args]
  local url=$1 name=$2; shift 2
  # A run that fails (Chromium now and then does not start on a loaded 2-core machine) is tried
  # once more; the medians are over the runs that finished, and say how many.
  for i in $(seq 1 "$runs"); do
    for _ in 1 2; do
      ${LH_BEFORE:-true}
      npx --yes lighthouse@13 "$url" --quiet --chrome-path="$(command -v chromium)" --chrome-flags="$flags" \
        --only-categories=performance,accessibility --output=json --output-path="$work/$name-$i.json" "$@" \
        >"$work/$name-$i.log" 2>&1 && break
      echo "Lighthouse run $i of $name failed: $(tail -n 1 "$work/$name-$i.log")" >&2
      rm -f "$work/$name-$i.json"
    done
  done
  python3 - "$name" "$work" "$runs" <<'PY'
import json, os, sys, statistics
name, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rs = [json.load(open(f)) for f in (f"{work}/{name}-{i}.json" for i in range(1, runs + 1)) if os.path.exists(f)]
if not rs:
    sys.exit(f"{name}: no Lighthouse run finished")
med = lambda f: statistics.median(f(r) for r in rs)
perf = med(lambda r: r["categories"]["performance"]["score"] * 100)
a11y = med(lambda r: r["categories"]["accessibility"]["score"] * 100)
lcp = med(lambda r: r["audits"]["largest-contentful-paint"]["numericValue"] / 1000)
tbt = med(lambda r: r["audits"]["total-blocking-time"]["numericValue"])
kib = med(lambda r: r["audits"]["total-byte-weight"]["numericValue"] / 1024)
pages = sorted({r["finalDisplayedUrl"].split("/", 3)[-1] for r in rs})
print(f"{name:<14} performance {perf:>3.0f}  accessibility {a11y:>3.0f}  LCP {lcp:.1f} s  TBT {tbt:.0f} ms  transferred {kib:.0f} KiB  (/{', /'.join(pages)}; {len(rs)} of {runs} runs)")
PY
}
lh "$base/sign-in" sign-in
# The users list, signed in: a Chromium of our own with the session cookie in its profile, which
# Lighthouse drives through its debugging port without resetting its storage.
debug_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
chromium $flags --remote-debugging-port="$debug_port" --user-data-dir="$work/profile" about:blank >/dev/null 2>&1 &
browser=$!
trap 'kill $browser $server 2>/dev/null || true; wait $browser $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$debug_port/json/version" >/dev/null 2>&1 && break; sleep 0.5; done
LH_BEFORE="node scripts/lighthouse-signed-in.mjs $debug_port $base $cookie" \
  lh "$base/accounts/$account/users" users-list --port="$debug_port" --disable-storage-reset
