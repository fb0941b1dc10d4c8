#!/usr/bin/env bash
# watchdog.sh TORPOR BUILD_SH: a Linux boot over its budget ends the run with
# exit status 124 and a report naming the boot and the phase it was in
# (bench.boot_max_ms: 20 ms of simulated time is inside the fresh boot).
set -uo pipefail
linux_dir=$("$2" | tail -1)
out=$("$1" bench --linux --linux-dir "$linux_dir" --set bench.boot_max_ms=20 2>&1)
status=$?
[ $status -eq 124 ] || { echo "expected exit status 124, got $status"; echo "$out"; exit 1; }
grep -Eq "watchdog: boot 0 ran 2[0-9]\.000 ms of simulated time, over bench.boot_max_ms = 20; stuck in '[^?']+' \(phase [0-9]+\)" <<<"$out" ||
  { echo "no watchdog report naming the phase"; echo "$out"; exit 1; }
echo "ok"
