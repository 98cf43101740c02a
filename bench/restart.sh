#!/usr/bin/env bash
# Measures how long a processor restarted after kill -9 takes to restore its partitions
# (run twice: APEX_STATIC_MEMBERSHIP=on and off). Needs a debug build and the local stack.
cd "$(dirname "$0")/.."
eval "$(scripts/stack.sh env)"
export APEX_TOPIC_PREFIX="exp$RANDOM." APEX_INSTANCE_ID=p1 APEX_PARTITIONS=4; export APEX_GROUP_ID="${APEX_TOPIC_PREFIX}processor"
./target/debug/apex topics create >/dev/null
./target/debug/apex processor > "${TMPDIR:-/tmp}/restart1.log" 2>&1 &
pid=$!
for i in $(seq 1 300); do grep -q "partition restored" "${TMPDIR:-/tmp}/restart1.log" && break; sleep 0.1; done
echo "first start: restored after $(( i / 10 )).$(( i % 10 )) s"
kill -9 $pid; wait $pid 2>/dev/null
start=$(date +%s%N)
./target/debug/apex processor > "${TMPDIR:-/tmp}/restart2.log" 2>&1 &
pid=$!
for i in $(seq 1 600); do [ "$(grep -c 'partition restored' "${TMPDIR:-/tmp}/restart2.log")" -ge 4 ] && break; sleep 0.1; done
end=$(date +%s%N)
echo "restart: all 4 partitions restored after $(( (end-start)/1000000 )) ms"
kill $pid; wait $pid 2>/dev/null
