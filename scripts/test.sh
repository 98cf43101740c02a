#!/usr/bin/env bash
# Runs every check and test of the project on the local stack: starts (and on first run
# installs) the broker, Redis Stack and PostgreSQL, then formatting, lints and all tests.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/stack.sh up
eval "$(scripts/stack.sh env)"
# The timeline UI is tested in headless Chromium (Debian's package; no browser download).
if ! command -v chromium >/dev/null; then
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features minilm -- -D warnings
cargo test --all-targets
# The local sentence-transformer (feature `minilm`): its model comes from PyPI (stack.sh model-dir).
cargo test --features minilm --test minilm
