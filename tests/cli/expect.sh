#!/usr/bin/env bash
# expect.sh STATUS REGEX COMMAND...: runs COMMAND, passes when it exits with
# STATUS and its combined output matches the extended regex REGEX.
set -u
want_status=$1
pattern=$2
shift 2
output=$("$@" 2>&1)
status=$?
if [ "$status" -ne "$want_status" ]; then
  echo "expected exit status $want_status, got $status; output:"
  echo "$output"
  exit 1
fi
if ! grep -Eq -- "$pattern" <<<"$output"; then
  echo "output does not match /$pattern/:"
  echo "$output"
  exit 1
fi
echo "ok: status $status, output matches /$pattern/"
