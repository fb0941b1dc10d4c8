#!/usr/bin/env bash
# sweep.sh TORPOR SPEC: a small sweep (4 points, 2 workload sizes) run with
# -j1 and -j2 gives the same simulated results point for point (host times
# aside), every point passes, a point rerun by hand gives its row again,
# emitted jobs run by GNU parallel and collected agree, and progress shows
# on a terminal only.
set -euo pipefail
torpor=$1
spec=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$torpor" sweep "$spec" --out "$work/j1" -j 1 >/dev/null 2>"$work/j1.err"
"$torpor" sweep "$spec" --out "$work/j2" -j 2 >/dev/null
[ "$(wc -l <"$work/j1/results.csv")" -eq 5 ] || { echo "expected 4 points"; cat "$work/j1/results.csv"; exit 1; }
grep -q ",failed," "$work/j1/results.csv" && { echo "a point failed"; cat "$work/j1/results.csv"; exit 1; }
cut -d, -f1-6 "$work/j1/results.csv" >"$work/a"
cut -d, -f1-6 "$work/j2/results.csv" >"$work/b"
diff "$work/a" "$work/b" || { echo "results differ between -j1 and -j2"; exit 1; }
# Each workload size was hibernated once, and a bigger one takes longer to resume.
[ -s "$work/j1/hibernated-4mib.img" ] && [ -s "$work/j1/hibernated-8mib.img" ]
small=$(awk -F, '$1==4 && $2=="emmc51-hs400" {print $4}' "$work/j1/results.csv")
big=$(awk -F, '$1==8 && $2=="emmc51-hs400" {print $4}' "$work/j1/results.csv")
awk -v s="$small" -v b="$big" 'BEGIN { exit !(b > s) }' || { echo "8 MiB ($big ms) not slower than 4 ($small ms)"; exit 1; }
# The same point by hand, with no progress file: the same simulated result.
"$torpor" bench --resume-from "$work/j1/hibernated-8mib.img" --workload-mib 8 --set dram.size_mib=256 \
  --set storage.profile=emmc51-hs400 --json "$work/by_hand.json" >/dev/null
by_hand=$(grep -o '"time_to_resume_seconds": [0-9.e+-]*' "$work/by_hand.json" | awk '{printf "%.6f", $2 * 1e3}')
[ "$by_hand" = "$big" ] || { echo "by hand $by_hand ms, in the sweep $big ms"; exit 1; }
grep -q '"time_to_resume_seconds"' "$work/j1/results.json"
grep -q "dominant phase" "$work/j1/report.md" || { echo "no report"; exit 1; }
if command -v gnuplot >/dev/null; then
  for png in time_to_resume.png phases.png storage_bandwidth.png time_to_resume.svg phases.svg storage_bandwidth.svg; do
    [ -s "$work/j1/$png" ] || { echo "no plot $png"; exit 1; }
  done
fi
# Not a terminal: no progress lines.
if grep -q $'\r' "$work/j1.err"; then echo "progress written to a non-terminal"; exit 1; fi
# On a terminal (script gives one): the status line with the jobs done.
if command -v script >/dev/null; then
  script -qec "'$torpor' sweep '$spec' --out '$work/tty' -j 2" /dev/null >"$work/tty.out" </dev/null
  grep -q "points [0-9]/4 done" "$work/tty.out" || { echo "no progress on a terminal"; cat -v "$work/tty.out"; exit 1; }
fi
# Beyond one machine: emitted job files run by GNU parallel, then collected,
# give the same results as the local sweep.
if command -v parallel >/dev/null; then
  "$torpor" sweep "$spec" --out "$work/unused" --emit-jobs "$work/jobs" >/dev/null 2>&1
  [ -x "$(command -v sbatch)" ] || grep -q "#SBATCH --array=0-3" "$work/jobs/slurm.sh"
  sh "$work/jobs/parallel.sh"
  "$torpor" sweep --collect "$work/jobs" >/dev/null
  cut -d, -f1-6 "$work/jobs/results.csv" >"$work/c"
  diff "$work/a" "$work/c" || { echo "collected results differ from the local sweep"; exit 1; }
fi
echo "ok: 4 points, identical with -j1, -j2, by hand and emitted jobs"
cat "$work/j1/results.csv"
