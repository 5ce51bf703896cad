#!/usr/bin/env bash
# Idle sessions: opens N sessions to Postmesh ingress (EHLO, then silence), holds them, and reports the
# ingress JVM's heap after a full GC (jcmd GC.heap_info), its RSS and open file descriptors, before and while
# holding.
#
#   bench/idle.sh [--sessions 10000] [--hold 60s]
source "$(dirname "$0")/lib.sh"
N=10000 HOLD=60s
while [ $# -gt 0 ]; do
  case "$1" in
    --sessions) N="$2"; shift 2 ;;
    --hold) HOLD="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
mkdir -p "$OUT"; trap cleanup EXIT
build
# One socket per session on each side: the generator and ingress both need N + a few hundred descriptors.
raise_nofile $((N + 2000))
postmesh_up
PID="$(service_pid ingress-service)"

measure() {
  local label="$1"
  jcmd "$PID" GC.run >/dev/null
  local heap; heap="$(jcmd "$PID" GC.heap_info | tr '\n' ' ')"
  local rss; rss="$(awk '/VmRSS/{print $2}' "/proc/$PID/status")"
  local fds; fds="$(ls "/proc/$PID/fd" | wc -l)"
  local nofile; nofile="$(awk '/Max open files/{print $4}' "/proc/$PID/limits")"
  printf '%s: rss_kib=%s fds=%s (limit %s)\n  %s\n' "$label" "$rss" "$fds" "$nofile" "$heap" | tee -a "$OUT/idle-ingress.txt"
}

measure "ingress before"
rm -f "$OUT/idle.ready"
java -Xms256m -Xmx1g -cp "$CP" io.postmesh.loadgen.Main idle --port 2525 --sessions "$N" --hold "$HOLD" --ready-file "$OUT/idle.ready" --out "$OUT/idle.json" &
GEN=$!
until [ -f "$OUT/idle.ready" ] || ! kill -0 "$GEN" 2>/dev/null; do sleep 1; done
[ -f "$OUT/idle.ready" ] && measure "ingress holding $(cat "$OUT/idle.ready") idle sessions"
wait "$GEN" || log "not every session was established (see $OUT/idle.json)"
log "results in $OUT"
