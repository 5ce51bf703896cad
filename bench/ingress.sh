#!/usr/bin/env bash
# Ingress acceptance: SESSIONS concurrent sessions x SIZES, DURATION each after a WARMUP, against Postmesh
# (fresh local stack, services behind Kafka paused: durable hand-off only) and/or Postfix (hold mode: queue
# file fsync'ed, nothing relayed), scenarios interleaved so background load hits both alike.
#
#   bench/ingress.sh [--system postmesh|postfix|both] [--live]
#   env: DURATION=20s WARMUP=5s SESSIONS="10 100" SIZES="5k 100k" OUT=dir
#   --live  keep queue/delivery/bounce running (capture mode) while measuring
# Results: $OUT/SYSTEM--ingress-SESSIONSxSIZE.load.json, and a side-by-side table when both ran.
source "$(dirname "$0")/lib.sh"
SYSTEM=both LIVE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --system) SYSTEM="$2"; shift 2 ;;
    --live) LIVE=1; shift ;;
    *) die "unknown option $1" ;;
  esac
done
mkdir -p "$OUT"; trap cleanup EXIT
build; raise_nofile 20000

systems=()
case "$SYSTEM" in both) systems=(postmesh postfix) ;; postmesh|postfix) systems=("$SYSTEM") ;; *) die "--system?" ;; esac
for s in "${systems[@]}"; do
  case "$s" in
    postmesh) postmesh_up; [ "$LIVE" = 1 ] || postmesh_pause_downstream ;;
    postfix) postfix_up hold ;;
  esac
done

for sessions in $SESSIONS; do
  for size in $SIZES; do
    for s in "${systems[@]}"; do
      port=2525; [ "$s" = postfix ] && port="$POSTFIX_PORT"
      run_load "$s" "ingress-${sessions}x${size}" "$port" "$sessions" "$size"
    done
  done
done
if [ "${#systems[@]}" = 2 ]; then loadgen compare --first postmesh --second postfix --dir "$OUT"; fi
log "results in $OUT"
