#!/usr/bin/env bash
# sstc.sh TORPOR BUILD_SH: with core.sstc=on, OpenSBI and Linux find Sstc and
# the kernel programs its timer through stimecmp (no SBI call); the resume
# still completes (WFI sleeps until the comparator fires).
set -euo pipefail
linux_dir=$("$2" | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$1" bench --linux --linux-dir "$linux_dir" --set core.sstc=on --console "$work/console.log" >"$work/out.txt" 2>&1 || {
  cat "$work/out.txt"; tail -30 "$work/console.log"; exit 1; }
grep -q "^RESUMED" "$work/out.txt" || { echo "no RESUMED"; exit 1; }
grep -aq "ISA Extensions *: time,sstc" "$work/console.log" || { echo "OpenSBI did not find Sstc"; exit 1; }
grep -aq "riscv-timer: Timer interrupt in S-mode is available via sstc extension" "$work/console.log" ||
  { echo "Linux does not use Sstc"; exit 1; }
grep "time to resume" "$work/out.txt"
