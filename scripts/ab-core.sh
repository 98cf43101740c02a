#!/usr/bin/env bash
# Side-by-side run of `benches/core_fold.rs` for a base revision and the working tree.
#
# The two bench binaries run alternately, round after round, so the noise of a shared machine
# hits both alike; each line is one round, and the last line gives the median throughput of each
# side and the median of the per-round ratios.
#
# usage: scripts/ab-core.sh BASE_REV [ROUNDS] [BENCH]   (BENCH: fold_typed, decode_json_only, ...)
set -euo pipefail
base=${1:?usage: scripts/ab-core.sh BASE_REV [ROUNDS] [BENCH]}
rounds=${2:-6}
bench=${3:-fold_typed}
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
git -C "$root" worktree add --detach "$work/base" "$base" >/dev/null 2>&1
trap 'git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Builds the bench in $1 and prints its executable's path.
build() {
  (cd "$1" && CARGO_TARGET_DIR="$root/target" cargo bench --bench core_fold --no-run 2>&1) |
    sed -n 's/.*Executable .*(\(.*core_fold-[0-9a-f]*\)).*/\1/p' | tail -1
}
cp "$(build "$work/base")" "$work/base.bin"
cp "$(build "$root")" "$work/head.bin"

# Prints the median throughput of one criterion run, in elements per second.
run() {
  "$1" --bench "$bench" --warm-up-time 1 --measurement-time 2 --noplot 2>&1 |
    awk '/thrpt:/ { v = $4; u = $5; gsub(/[^A-Za-z]/, "", u);
                   m = (u == "Melems" ? 1e6 : (u == "Kelems" ? 1e3 : 1)); print v * m; exit }'
}

results=()
for i in $(seq 1 "$rounds"); do
  b=$(run "$work/base.bin")
  h=$(run "$work/head.bin")
  echo "round $i: base $(printf %.0f "$b")/s, head $(printf %.0f "$h")/s, ratio $(awk -v h="$h" -v b="$b" 'BEGIN { printf "%.2f", h / b }')"
  results+=("$b $h")
done
printf '%s\n' "${results[@]}" | awk '
  { b[NR] = $1; h[NR] = $2; r[NR] = $2 / $1 }
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { n = NR; printf "median: base %.0f/s, head %.0f/s, ratio of rounds %.2f\n", median(b, n), median(h, n), median(r, n) }'
