#!/usr/bin/env bash
# End to end: SMTP in -> pipeline -> the loadgen sink as the MX (127.0.0.1:$SINK_PORT), messages/s from the
# first send to the last arrival and send-to-arrival latency p50/p99, for Postmesh (./postmesh up --delivery mx,
# MX of bench.test from dnsmasq) and/or Postfix (relay mode to the sink); scenarios interleaved. After the
# saturated runs, one run at half the saturated end-to-end rate (10 sessions, first size) shows latency below
# saturation.
#
#   bench/e2e.sh [--system postmesh|postfix|both] [--no-half-rate]
#   env: DURATION=20s WARMUP=5s SESSIONS="10 100" SIZES="5k 100k" OUT=dir LOADGEN_ARGS="--rate 150" (measured runs)
#        WARMUP_ARGS="--rate 250" (warm-up)
# Results: $OUT/SYSTEM--e2e-SESSIONSxSIZE.{load,sink}.json
source "$(dirname "$0")/lib.sh"
SYSTEM=both HALF=1
while [ $# -gt 0 ]; do
  case "$1" in
    --system) SYSTEM="$2"; shift 2 ;;
    --no-half-rate) HALF=0; shift ;;
    *) die "unknown option $1" ;;
  esac
done
mkdir -p "$OUT"; trap cleanup EXIT
build; raise_nofile 20000

systems=()
case "$SYSTEM" in both) systems=(postmesh postfix) ;; postmesh|postfix) systems=("$SYSTEM") ;; *) die "--system?" ;; esac
sink_up
for s in "${systems[@]}"; do
  case "$s" in
    postmesh) dns_up; postmesh_up --delivery mx --dns "127.0.0.1:$DNS_PORT" --mx-port "$SINK_PORT" --relay-domains bench.test ;;
    postfix) postfix_up relay ;;
  esac
done

# e2e_run SYSTEM SCENARIO SESSIONS SIZE [loadgen args]: reset the sink, warm-up until drained, reset again,
# measure, wait until every accepted message of the run arrived (or nothing arrived for 60 s).
e2e_run() {
  local s="$1" scenario="$2" sessions="$3" size="$4"; shift 4
  local port=2525; [ "$s" = postfix ] && port="$POSTFIX_PORT"
  local base="$OUT/$s--$scenario"
  sink_reset
  log "$s $scenario: warm-up $WARMUP"
  # shellcheck disable=SC2086 # WARMUP_ARGS: extra loadgen options for the warm-up (e.g. --rate 250, so a long
  # JIT warm-up does not leave a backlog that takes minutes to drain).
  loadgen send --port "$port" --sessions "$sessions" --size "$size" --duration "$WARMUP" --out "$base.warmup.json" \
    ${WARMUP_ARGS:-} >/dev/null
  loadgen await --sink "http://127.0.0.1:$SINK_HTTP" --load-json "$base.warmup.json" --quiet-for 60s >/dev/null || true
  sink_reset
  log "$s $scenario: measuring $DURATION"
  # shellcheck disable=SC2086 # LOADGEN_ARGS is a word list of extra loadgen options (e.g. --rate 150).
  loadgen send --port "$port" --sessions "$sessions" --size "$size" --duration "$DURATION" \
    --label "$s $scenario" --out "$base.load.json" ${LOADGEN_ARGS:-} "$@"
  log "$s $scenario: waiting for the sink"
  loadgen await --sink "http://127.0.0.1:$SINK_HTTP" --load-json "$base.load.json" --quiet-for 60s \
    --out "$base.sink.json" || log "$s $scenario: not everything arrived"
}

for sessions in $SESSIONS; do
  for size in $SIZES; do
    for s in "${systems[@]}"; do e2e_run "$s" "e2e-${sessions}x${size}" "$sessions" "$size"; done
  done
done

if [ "$HALF" = 1 ]; then
  first_size="${SIZES%% *}"
  for s in "${systems[@]}"; do
    f="$OUT/$s--e2e-10x${first_size}.sink.json"
    [ -f "$f" ] || continue
    rate="$(python3 -c 'import json,sys; print(max(1, round(json.load(open(sys.argv[1]))["endToEndPerSecond"] / 2)))' "$f")"
    e2e_run "$s" "e2e-10x${first_size}-half-rate" 10 "$first_size" --rate "$rate"
  done
fi
if [ "${#systems[@]}" = 2 ]; then loadgen compare --first postmesh --second postfix --dir "$OUT"; fi
log "results in $OUT"
