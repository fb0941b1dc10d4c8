#!/usr/bin/env bash
# hardening_files_collect.sh CASE TORPOR: `torpor sweep --collect DIR` on a
# damaged emitted sweep. A damaged manifest (DIR/sweep.json) is an error
# naming the file and key (exit 2); a point whose result is missing or
# damaged is a failed point naming the file and key (exit 1), and the
# others are still collected. Never a crash (one was a SIGABRT).
set -uo pipefail
case_name=$1
torpor=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }

good='{"time_to_resume_seconds": 0.001, "verified": true, "host_seconds": 0.5,
 "resume_phases": [{"phase": "image read", "seconds": 0.001, "share": 1.0, "instructions": 10, "storage_read_bytes": 4096}]}'

# An emitted sweep of two points: point 0 good, point 1 as the case makes it.
manifest() {
  cat >"$work/sweep.json" <<EOF
{"spec": "hand-made", "points": [
  {"settings": [["storage.profile", "ufs31"]], "json": "$work/point-0.json"},
  {"settings": [["storage.profile", "emmc51"]], "json": "$work/point-1.json"}]}
EOF
  echo "$good" >"$work/point-0.json"
}

collect() {  # collect STATUS REGEX: runs the collection, checks status and output
  out=$("$torpor" sweep --collect "$work" 2>&1)
  local status=$?
  [ "$status" -eq "$1" ] || fail "expected exit status $1, got $status"
  grep -Eq -- "$2" <<<"$out" || fail "output does not match /$2/"
}

point_failed() {  # point 1 is recorded failed with REGEX, point 0 ok
  collect 1 "$1"
  grep -q '^ufs31,ok,' "$work/results.csv" || fail "point 0 was not collected: $(cat "$work/results.csv")"
  grep -q '^emmc51,failed,' "$work/results.csv" || fail "point 1 is not failed: $(cat "$work/results.csv")"
  grep -Eq -- "$1" "$work/results.json" || fail "results.json does not give the reason /$1/"
}

case $case_name in
  good)
    manifest; echo "$good" >"$work/point-1.json"
    collect 0 "2 points, 0 failed" ;;
  manifest_not_json)
    echo 'not json {' >"$work/sweep.json"
    collect 2 "sweep.json: not valid JSON" ;;
  manifest_array)
    echo '[1, 2]' >"$work/sweep.json"
    collect 2 "sweep.json: expected a JSON object .*, not an array" ;;
  manifest_no_points)
    echo '{"spec": "x"}' >"$work/sweep.json"
    collect 2 "sweep.json: key 'points' is missing" ;;
  manifest_points_not_list)
    echo '{"points": {"a": 1}}' >"$work/sweep.json"
    collect 2 "sweep.json: key 'points' is an object, expected an array" ;;
  manifest_json_not_string)
    echo '{"points": [{"json": 7}]}' >"$work/sweep.json"
    collect 2 "sweep.json: key 'points\[0\].json' is a number, expected a string" ;;
  manifest_bad_settings)
    echo "{\"points\": [{\"settings\": [[\"a\"]], \"json\": \"$work/p.json\"}]}" >"$work/sweep.json"
    collect 2 "sweep.json: key 'points\[0\].settings\[0\]' is an array, expected a \[key, value\] pair" ;;
  manifest_is_directory)
    mkdir "$work/sweep.json"
    collect 2 "sweep.json: not a regular file \(a directory\)" ;;
  point_missing)
    manifest
    point_failed "no result .*point-1.json \(the job did not run" ;;
  point_is_directory)
    manifest; mkdir "$work/point-1.json"
    point_failed "point-1.json: not a regular file \(a directory\)" ;;
  point_not_json)
    manifest; echo '{"time_to_resume_seconds": ' >"$work/point-1.json"
    point_failed "point-1.json: not valid JSON" ;;
  point_array)
    manifest; echo "[$good]" >"$work/point-1.json"
    point_failed "point-1.json: expected a JSON object, not an array" ;;
  point_verified_string)
    manifest; sed 's/"verified": true/"verified": "yes"/' <<<"$good" >"$work/point-1.json"
    point_failed "point-1.json: key 'verified' is a string, expected a boolean" ;;
  point_no_phases)
    manifest; echo '{"time_to_resume_seconds": 0.001, "verified": true}' >"$work/point-1.json"
    point_failed "point-1.json: key 'resume_phases' is missing" ;;
  point_phase_seconds_string)
    manifest; sed 's/"seconds": 0.001/"seconds": "fast"/' <<<"$good" >"$work/point-1.json"
    point_failed "point-1.json: key 'resume_phases\[0\].seconds' is a string, expected a number" ;;
  point_peak_string)
    manifest; sed 's/"verified": true/"verified": true, "storage_peak_read_mb_per_s": "400"/' <<<"$good" >"$work/point-1.json"
    point_failed "point-1.json: key 'storage_peak_read_mb_per_s' is a string, expected a number" ;;
  point_instructions_huge)  # 1e30 does not fit a 64-bit count (was undefined behaviour)
    manifest; sed 's/"instructions": 10/"instructions": 1e30/' <<<"$good" >"$work/point-1.json"
    point_failed "point-1.json: key 'resume_phases\[0\].instructions' is a number, expected a non-negative integer" ;;
  point_nested_deep)  # copying or writing it recursed per level (was a stack overflow)
    manifest; { printf '%s' "${good%\}}, \"extra\": "; printf '[%.0s' $(seq 20000); printf ']%.0s' $(seq 20000); echo '}'; } >"$work/point-1.json"
    point_failed "point-1.json: nested more than 64 levels deep" ;;
  point_not_utf8)  # the parse error quotes the byte; results.json must still be written (was an abort)
    manifest; printf '{"time_to_resume_seconds": 1\xa3}' >"$work/point-1.json"
    point_failed "point-1.json: not valid JSON" ;;
  *) echo "unknown case $case_name"; exit 2 ;;
esac
echo "ok: $case_name"
