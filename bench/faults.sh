#!/usr/bin/env bash
# Fault scenarios (docs/fault-harness.md): the pipeline on loopback under a steady load from the generator, one
# fault injected and healed, then a check at the MX that every accepted message arrived exactly once or has a
# BOUNCED/EXPIRED event, and that nothing arrived that was not accepted. Each scenario starts its own Kafka,
# Redis, DNS server, MX and services, and stops them; none of it touches ./postmesh's state or ports.
#
#   bench/faults.sh [SCENARIO[,SCENARIO...]|all|soak]      (./postmesh bench faults ...)
#   scenarios: kill-ingress kill-queue kill-delivery kill-bounce kafka-restart redis-down mx-421 mx-drop
#              mx-stall dns-servfail
#   env: RATE=10 (msg/s) DURATION=75s (1h for soak) WINDOW=15s SESSIONS=4 SIZE=5k
# Results: e2e-tests/target/faults/NAME.json and summary.txt (copied to $OUT when set).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCENARIO="${1:-all}"
args=(-Dfault="$SCENARIO")
[ -n "${RATE:-}" ] && args+=(-Dfault.rate="$RATE")
[ -n "${DURATION:-}" ] && args+=(-Dfault.duration="$DURATION")
[ -n "${WINDOW:-}" ] && args+=(-Dfault.window="$WINDOW")
[ -n "${SESSIONS:-}" ] && args+=(-Dfault.sessions="$SESSIONS")
[ -n "${SIZE:-}" ] && args+=(-Dfault.size="$SIZE")
cd "$ROOT"
status=0
./mvnw -B -ntp -pl e2e-tests -am verify -Pfaults "${args[@]}" || status=$?
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT" && cp e2e-tests/target/faults/*.json e2e-tests/target/faults/summary.txt "$OUT"/ 2>/dev/null || true
fi
[ -f e2e-tests/target/faults/summary.txt ] && cat e2e-tests/target/faults/summary.txt
exit "$status"
