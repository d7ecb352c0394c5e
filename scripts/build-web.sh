#!/usr/bin/env bash
# Builds the web app in release mode into dist/ (Trunk, wasm-opt -Oz, stylers CSS).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
trunk build --release --dist dist
