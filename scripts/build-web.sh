#!/usr/bin/env bash
# Builds the web app in release mode into dist/: cargo-leptos compiles it to wasm, splits it into
# the initial module and a chunk per portal area, runs wasm-bindgen and wasm-opt -Oz, bundles
# style/ and hashes every file name; scripts/site.py adds index.html, the component styles, the
# texts and the precompressed copies.
set -euo pipefail
cd "$(dirname "$0")/.."
# scripts/wasm-opt/wasm-opt first: binaryen's wasm-opt from npm, with a V8 flag that halves its
# CPU time per run (see the script).
export PATH="$PWD/scripts/wasm-opt:$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
rm -f target/seatwise-wasm.map  # written by the link (build.rs), read by site.py
cargo leptos build --release --split --frontend-only
python3 scripts/site.py
