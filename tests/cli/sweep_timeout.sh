#!/usr/bin/env bash
# sweep_timeout.sh TORPOR SPEC: a point over its timeout_seconds is killed,
# recorded as failed with the reason, and the sweep ends with status 1.
set -uo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$1" sweep "$2" --out "$work/out" -j 1 >"$work/stdout" 2>&1
status=$?
[ "$status" -eq 1 ] || { echo "exit status $status, expected 1"; cat "$work/stdout"; exit 1; }
grep -q "1 points, 1 failed" "$work/stdout" || { cat "$work/stdout"; exit 1; }
grep -q ",failed," "$work/out/results.csv" || { cat "$work/out/results.csv"; exit 1; }
grep -q "timed out after 1 s" "$work/out/report.md" || { cat "$work/out/report.md"; exit 1; }
echo "ok: the point timed out and was recorded"
