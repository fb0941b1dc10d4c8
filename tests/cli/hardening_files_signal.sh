#!/usr/bin/env bash
# hardening_files_signal.sh SIGNAL TORPOR [BENCH ARGS...]: a `torpor bench`
# killed by SIGNAL while it runs leaves no scratch disk behind in /tmp, and
# its exit status is the signal's (128 + the signal number).
set -uo pipefail
set -m  # job control: a background job keeps SIGINT (otherwise the shell ignores it there)
signal=$1
torpor=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; cat "$work/out"; exit 1; }

"$torpor" bench "$@" >"$work/out" 2>&1 &
pid=$!
# The scratch disk is open while the simulation runs: find it through /proc.
scratch=
for _ in $(seq 300); do
  scratch=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -o '/tmp/torpor-[a-z]*-[A-Za-z0-9]*' | head -1)
  [ -n "$scratch" ] && break
  kill -0 "$pid" 2>/dev/null || fail "torpor ended before its scratch disk was seen"
  sleep 0.1
done
[ -n "$scratch" ] || fail "no scratch disk seen in /proc/$pid/fd"
[ -e "$scratch" ] || fail "$scratch does not exist"
sleep 0.5
kill -s "$signal" "$pid"
wait "$pid"
status=$?
expected=$((128 + $(kill -l "$signal")))
[ "$status" -eq "$expected" ] || fail "exit status $status, expected $expected (killed by SIG$signal)"
[ ! -e "$scratch" ] || { rm -f "$scratch"; fail "the scratch disk $scratch was left behind"; }
echo "ok: SIG$signal removed $scratch, exit status $status"
