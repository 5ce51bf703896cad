#!/usr/bin/env bash
# Every scenario against Postmesh and Postfix in one run, printed side by side as Postmesh/Postfix ratios:
# ingress acceptance (bench/ingress.sh) and end to end (bench/e2e.sh), into one results directory.
#
#   bench/compare-postfix.sh          env: DURATION=20s WARMUP=5s SESSIONS="10 100" SIZES="5k 100k" OUT=dir
source "$(dirname "$0")/lib.sh"
export OUT DURATION WARMUP SESSIONS SIZES
mkdir -p "$OUT"
"$ROOT/bench/ingress.sh" --system both
"$ROOT/bench/e2e.sh" --system both
loadgen compare --first postmesh --second postfix --dir "$OUT" | tee "$OUT/summary.txt"
