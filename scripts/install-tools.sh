#!/usr/bin/env bash
# Installs whatever is missing to build and test Seatwise, and nothing that is already there.
# Idempotent; safe to run on every build. Usage: scripts/install-tools.sh [--browser]
#   --browser  also install what the tests need and running does not: Chromium, the SMTP test
#              sink (aiosmtpd), Schemathesis, an OpenID provider (oidc-provider-mock) and the SCIM
#              compliance judge (scim2-tester, run by scripts/scim/run_tester.py).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.11
SCHEMATHESIS_VERSION=4.32.5
OIDC_MOCK_VERSION=0.3.4
SCIM_TESTER_VERSION=0.5.2
want_browser=0
[[ "${1:-}" == "--browser" ]] && want_browser=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"

# Rust: nightly (rust-toolchain.toml) with the wasm target.
if ! rustup target list --installed --toolchain nightly 2>/dev/null | grep -q wasm32-unknown-unknown; then
  say "Adding the wasm32 target to the nightly toolchain"
  rustup target add wasm32-unknown-unknown --toolchain nightly
fi

if ! rustup component list --installed --toolchain nightly 2>/dev/null | grep -q '^rust-src'; then
  say "Adding the standard library's source to the nightly toolchain (the web app rebuilds it)"
  rustup component add rust-src --toolchain nightly
fi

# cargo-leptos: builds the web app and splits its wasm per area. It needs rustc >= 1.96, so the
# nightly toolchain builds it; no_downloads makes it use wasm-bindgen and wasm-opt from PATH.
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once)"
  cargo +nightly install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# wasm-bindgen CLI (cargo-leptos runs it): must match the wasm-bindgen crate in Cargo.lock exactly.
if [[ ! -f Cargo.lock ]]; then
  cargo generate-lockfile
fi
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb_version"; then
  say "Installing wasm-bindgen-cli $wb_version (a few minutes, once)"
  # --locked fails for this crate here (its lock names a release the registry lacks).
  cargo +stable install wasm-bindgen-cli --version "$wb_version" --force
fi

# npm tools: wasm-opt (binaryen), Playwright, axe-core. Browsers are never downloaded.
if [[ ! -x end2end/node_modules/.bin/wasm-opt ]] || [[ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
  say "Installing npm tools (wasm-opt, Playwright)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if [[ $want_browser == 1 ]]; then
  if ! command -v chromium >/dev/null 2>&1; then
    say "Installing Chromium from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if ! [[ -x .tools/oidc/bin/oidc-provider-mock ]]; then
    say "Installing oidc-provider-mock $OIDC_MOCK_VERSION (a real OpenID provider for the linked-account tests) in .tools/oidc"
    python3 -m venv .tools/oidc
    .tools/oidc/bin/pip install --quiet --disable-pip-version-check "oidc-provider-mock==$OIDC_MOCK_VERSION"
  fi
  if ! .tools/scim/bin/python -c "import httpx2, importlib.metadata as m; assert m.version('scim2-tester') == '$SCIM_TESTER_VERSION'" 2>/dev/null; then
    say "Installing scim2-tester $SCIM_TESTER_VERSION (an outside SCIM 2.0 compliance judge, scripts/scim/run_tester.py) in .tools/scim"
    python3 -m venv .tools/scim
    # The httpx2 extra brings scim2-client's HTTP engine (scim2_client.engines.httpx2).
    .tools/scim/bin/pip install --quiet --disable-pip-version-check "scim2-tester[httpx2]==$SCIM_TESTER_VERSION"
  fi
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    say "Installing aiosmtpd (a local SMTP server for the mail delivery tests)"
    python3 -m pip install --quiet --disable-pip-version-check aiosmtpd
  fi
  if ! schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    say "Installing Schemathesis $SCHEMATHESIS_VERSION (tests the API against its OpenAPI document)"
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi
