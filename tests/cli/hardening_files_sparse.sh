#!/usr/bin/env bash
# hardening_files_sparse.sh TORPOR: --resume-from a saved image grown to a
# 64 GiB apparent size (truncate: sparse). The private copy is sparse too:
# it takes about the image's data on disk, not 64 GiB, and the resume is
# verified. --keep-image writes a sparse image as well.
set -uo pipefail
torpor=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; cat "$work/out" 2>/dev/null; exit 1; }
allocated() { echo $(($(stat -c '%b * %B' "$1"))); }

"$torpor" bench --workload-mib 4 --keep-image "$work/image" >"$work/out" 2>&1 || fail "the hibernating run failed"
size=$(stat -c %s "$work/image")
[ "$(allocated "$work/image")" -lt "$size" ] || fail "--keep-image wrote the holes: $(allocated "$work/image") of $size bytes"
truncate -s 64G "$work/image"

"$torpor" bench --resume-from "$work/image" >"$work/out" 2>&1 &
pid=$!
most=0
while kill -0 "$pid" 2>/dev/null; do  # the scratch copy's allocation while it exists
  scratch=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -o '/tmp/torpor-bench-[A-Za-z0-9]*' | head -1)
  if [ -n "$scratch" ]; then
    now=$(allocated "$scratch" 2>/dev/null || echo 0)
    [ "$now" -gt "$most" ] && most=$now
  fi
  sleep 0.05
done
wait "$pid" || fail "the resume from the 64 GiB sparse image failed"
grep -q "verification: passed" "$work/out" || fail "not verified"
[ "$most" -lt $((1 << 30)) ] || fail "the scratch copy took $most bytes"
echo "ok: resumed from a 64 GiB sparse image; its scratch copy took at most $most bytes"
