#!/usr/bin/env bash
# hardening_files_keep_image.sh TORPOR: --keep-image that passes the check
# before the run but cannot be written when hibernation has happened (its
# directory removed meanwhile). The failure inside the power-off hook (a
# SystemC process) stops the run and is reported after it, naming the
# option and the file: exit status 2, no SystemC error report, no scratch
# disk left behind.
set -uo pipefail
torpor=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; cat "$work/out"; exit 1; }

mkdir "$work/gone"
"$torpor" bench --workload-mib 16 --keep-image "$work/gone/kept.img" >"$work/out" 2>&1 &
pid=$!
scratch=
for _ in $(seq 300); do  # the simulation has started once the scratch disk is open
  scratch=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -o '/tmp/torpor-bench-[A-Za-z0-9]*' | head -1)
  [ -n "$scratch" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
rm -rf "$work/gone"
wait "$pid"
status=$?
[ -n "$scratch" ] || fail "no scratch disk seen: the run ended too early for this test"
[ "$status" -eq 2 ] || fail "exit status $status, expected 2"
grep -Eq -- "--keep-image $work/gone/kept.img: cannot copy .* No such file or directory" "$work/out" ||
  fail "no message naming --keep-image and the file"
! grep -Eq 'Error: \(E[0-9]+\)|uncaught exception|internal error' "$work/out" || fail "a SystemC error report escaped"
[ ! -e "$scratch" ] || fail "the scratch disk $scratch was left behind"
echo "ok: $(grep -- '--keep-image' "$work/out")"
