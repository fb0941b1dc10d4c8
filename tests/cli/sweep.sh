#!/usr/bin/env bash
# sweep.sh TORPOR SPEC: a small sweep run with -j1 and -j2 gives the same
# simulated results point for point (host times aside), every point passes.
set -euo pipefail
torpor=$1
spec=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$torpor" sweep "$spec" --out "$work/j1" -j 1 >/dev/null
cp "$work/j1/hibernated.img" "$work/image.img"
sed "1i image: $work/image.img" "$spec" >"$work/spec.yaml"
"$torpor" sweep "$work/spec.yaml" --out "$work/j2" -j 2 >/dev/null
[ "$(wc -l <"$work/j1/results.csv")" -eq 5 ] || { echo "expected 4 points"; cat "$work/j1/results.csv"; exit 1; }
grep -q ",failed," "$work/j1/results.csv" && { echo "a point failed"; cat "$work/j1/results.csv"; exit 1; }
cut -d, -f1-6 "$work/j1/results.csv" >"$work/a"
cut -d, -f1-6 "$work/j2/results.csv" >"$work/b"
diff "$work/a" "$work/b" || { echo "results differ between -j1 and -j2"; exit 1; }
grep -q '"time_to_resume_seconds"' "$work/j1/results.json"
grep -q "dominant phase" "$work/j1/report.md" || { echo "no report"; exit 1; }
if command -v gnuplot >/dev/null; then
  for png in time_to_resume.png phases.png storage_bandwidth.png; do
    [ -s "$work/j1/$png" ] || { echo "no plot $png"; exit 1; }
  done
fi
# Beyond one machine: emitted job files run by GNU parallel, then collected,
# give the same results as the local sweep.
if command -v parallel >/dev/null; then
  "$torpor" sweep "$work/spec.yaml" --out "$work/unused" --emit-jobs "$work/jobs" >/dev/null
  [ -x "$(command -v sbatch)" ] || grep -q "#SBATCH --array=0-3" "$work/jobs/slurm.sh"
  sh "$work/jobs/parallel.sh"
  "$torpor" sweep --collect "$work/jobs" >/dev/null
  cut -d, -f1-6 "$work/jobs/results.csv" >"$work/c"
  diff "$work/a" "$work/c" || { echo "collected results differ from the local sweep"; exit 1; }
fi
echo "ok: 4 points, identical with -j1, -j2 and emitted jobs"
cat "$work/j1/results.csv"
