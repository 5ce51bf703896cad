# Shared settings and helpers of the Postmesh benchmark scripts. Source it, don't run it.
# Everything listens on 127.0.0.1; nothing resolves a real name (the MX of bench.test comes from dnsmasq).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED_BENCH="${SHARED_BENCH:-$ROOT/../shared/bench}"      # Postfix scripts (postfix-start.sh, postfix-stop.sh)
export BENCH_TMP="${BENCH_TMP:-/tmp/smtpbench-postmesh}"      # the shared scripts' private Postfix lives here
export POSTFIX_PORT="${POSTFIX_PORT:-2625}"                   # not 2525: that is Postmesh's ingress
SINK_PORT="${SINK_PORT:-2526}"
SINK_HTTP="${SINK_HTTP:-8026}"
DNS_PORT="${DNS_PORT:-15353}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-5s}"
SESSIONS="${SESSIONS:-10 100}"
SIZES="${SIZES:-5k 100k}"
OUT="${OUT:-$ROOT/.bench/results/$(date +%Y%m%d-%H%M%S)}"
# The benchmark stack keeps its Kafka log, Redis file and pid files apart from a developer's ./postmesh state.
export POSTMESH_HOME="${BENCH_POSTMESH_HOME:-$ROOT/.bench/state}"
CP="$ROOT/loadgen/target/loadgen.jar:$ROOT/loadgen/target/lib/*"
STARTED=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

loadgen() { java -Xms256m -Xmx1g -cp "$CP" io.postmesh.loadgen.Main "$@"; }

build() {
  if [ ! -f "$ROOT/loadgen/target/loadgen.jar" ]; then
    log "building the load generator ..."
    (cd "$ROOT" && ./mvnw -B -q -ntp -pl loadgen package -DskipTests)
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local port="$1" max="${2:-30}" i=0
  until port_open "$port"; do i=$((i + 1)); [ "$i" -gt $((max * 10)) ] && return 1; sleep 0.1; done
}

# Many sessions and the idle test need file descriptors; raise the soft limit up to the hard one.
raise_nofile() {
  local want="${1:-20000}" hard
  hard="$(ulimit -Hn)"
  [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ] || want="$hard"
  ulimit -n "$want"
  log "ulimit -n $(ulimit -n)"
}

# --- Postmesh: a fresh stack under $POSTMESH_HOME ---------------------------------------------------------
postmesh_up() {
  "$ROOT/postmesh" reset >/dev/null 2>&1 || true
  log "starting Postmesh: ./postmesh up $*"
  "$ROOT/postmesh" up "$@" >&2
  STARTED+=(postmesh)
}

postmesh_down() {
  postmesh_resume
  "$ROOT/postmesh" down >&2 || true
  rm -rf "$POSTMESH_HOME"
}

service_pid() { cat "$POSTMESH_HOME/run/$1.pid"; }

# Ingress-only measurements pause the services behind Kafka (like Postfix's hold queue: accepted mail is
# durably queued, nothing is delivered), so the two servers do the same work.
postmesh_pause_downstream() {
  local s
  for s in queue-service delivery-service bounce-service; do kill -STOP "$(service_pid "$s")"; done
  PAUSED=1
}

postmesh_resume() {
  local s
  if [ "${PAUSED:-0}" = 1 ]; then
    for s in queue-service delivery-service bounce-service; do kill -CONT "$(service_pid "$s")" 2>/dev/null || true; done
    PAUSED=0
  fi
}

# --- Postfix, started by the shared scripts (private instance under $BENCH_TMP/postfix) --------------------
postfix_up() {
  command -v postfix >/dev/null || die "postfix is not installed (apt-get install -y postfix)"
  "$SHARED_BENCH/postfix-stop.sh" --purge || true
  log "starting Postfix ($1) on 127.0.0.1:$POSTFIX_PORT"
  "$SHARED_BENCH/postfix-start.sh" "$1" "127.0.0.1:$POSTFIX_PORT" "127.0.0.1:$SINK_PORT" >/dev/null
  STARTED+=(postfix)
}

postfix_down() { "$SHARED_BENCH/postfix-stop.sh" --purge || true; }

# --- the sink and the DNS server for bench.test ------------------------------------------------------------
sink_up() {
  port_open "$SINK_PORT" && die "127.0.0.1:$SINK_PORT is in use"
  # java directly (not the loadgen function): $! must be the JVM's pid so cleanup stops the sink itself.
  java -Xms256m -Xmx1g -cp "$CP" io.postmesh.loadgen.Main sink --port "$SINK_PORT" --http-port "$SINK_HTTP" \
    > "$OUT/sink.log" 2>&1 &
  SINK_PID=$!
  STARTED+=(sink)
  wait_port "$SINK_HTTP" 30 || die "the sink did not start (log: $OUT/sink.log)"
}

sink_reset() { curl -fsS -X POST "http://127.0.0.1:$SINK_HTTP/reset"; }

dns_up() {
  command -v dnsmasq >/dev/null || die "dnsmasq is not installed (apt-get install -y dnsmasq-base)"
  dnsmasq --keep-in-foreground --conf-file=/dev/null --port="$DNS_PORT" --listen-address=127.0.0.1 \
    --bind-interfaces --no-resolv --no-hosts --no-poll --local=/test/ --pid-file= \
    --local-ttl=300 --mx-host=bench.test,mx.bench.test,10 --host-record=mx.bench.test,127.0.0.1 > "$OUT/dnsmasq.log" 2>&1 &
  DNS_PID=$!
  STARTED+=(dns)
}

cleanup() {
  local what
  for what in "${STARTED[@]:-}"; do
    case "$what" in
      postmesh) postmesh_down ;;
      postfix) postfix_down ;;
      sink) kill "$SINK_PID" 2>/dev/null && wait "$SINK_PID" 2>/dev/null || true ;;
      dns) kill "$DNS_PID" 2>/dev/null || true ;;
    esac
  done
}

# --- one measured load run --------------------------------------------------------------------------------
# run_load SYSTEM SCENARIO PORT SESSIONS SIZE [extra loadgen args]: warm-up, then DURATION measured; the
# result goes to $OUT/SYSTEM--SCENARIO.load.json
run_load() {
  local system="$1" scenario="$2" port="$3" sessions="$4" size="$5"; shift 5
  log "$system $scenario: warm-up $WARMUP"
  loadgen send --port "$port" --sessions "$sessions" --size "$size" --duration "$WARMUP" \
    --label "$system-warmup" --out "$OUT/$system--$scenario.warmup.json" "$@" > /dev/null
  log "$system $scenario: measuring $DURATION"
  loadgen send --port "$port" --sessions "$sessions" --size "$size" --duration "$DURATION" \
    --label "$system $scenario" --out "$OUT/$system--$scenario.load.json" "$@"
}
