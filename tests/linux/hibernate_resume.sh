#!/usr/bin/env bash
# hibernate_resume.sh TORPOR BUILD_SH: Linux 6.12 + OpenSBI hibernate to the
# swap partition, resume after a power cycle, print RESUMED and the phase
# table; a third boot finds no image (the kernel restored the swap
# signature) and boots fresh; a second run gives the same time to resume.
set -euo pipefail
torpor=$1
linux_dir=$("$2" | tail -1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$torpor" bench --linux --linux-dir "$linux_dir" --extra-boots 1 --json "$work/r.json" \
  --console "$work/console.log" --vcd "$work/w.vcd" --vcd-from 106 --vcd-to 110 >"$work/out.txt" 2>"$work/err.txt" || {
  cat "$work/out.txt" "$work/err.txt"; tail -40 "$work/console.log"; exit 1; }
cat "$work/out.txt"
grep -q "^RESUMED" "$work/out.txt" || { echo "no RESUMED"; exit 1; }
for phase in "kernel init" "image read + LZO" "copy loop" "device resume, thaw" "time to resume"; do
  grep -q "^$phase " "$work/out.txt" || { echo "no '$phase' row in the phase table"; exit 1; }
done
tr -d "\r" <"$work/console.log" | grep -qx "RESUMED" || { echo "the init never printed RESUMED"; exit 1; }
# The waveform window: from the image read (phase 106) to the device resume
# (110) of the resume boot, nothing of the kernel's boot (102).
grep -q '^b1101010 !' "$work/w.vcd" || { echo "the VCD window does not start at phase 106"; exit 1; }
grep -q '^b1100110 !' "$work/w.vcd" && { echo "the VCD window holds kernel init (102)"; exit 1; }
# Boot 1 read an image; boot 2 is fresh: it reached the init's fresh-boot path
# and never loaded an image.
python3 - "$work/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
boots = {}
for p in r["phases"]:
    boots.setdefault(p["boot"], []).append(p["name"])
assert "image read + LZO" in boots.get(1, []) and "resumed" in boots[1], boots.get(1)
assert "fresh boot" in boots.get(2, []), "the third boot did not boot fresh: %s" % boots.get(2)
assert "image read + LZO" not in boots[2] and "resumed" not in boots[2], boots[2]
assert len(r["boots"]) == 3, r["boots"]
print("ok: resumed, then a fresh third boot")
PY
# Deterministic: a second run (no waveform, no extra boot) resumes in exactly
# the same simulated time.
"$torpor" bench --linux --linux-dir "$linux_dir" --json "$work/again.json" >/dev/null 2>&1
python3 - "$work/r.json" "$work/again.json" <<'PY'
import json, sys
a, b = (json.load(open(f))["time_to_resume_seconds"] for f in sys.argv[1:3])
assert a == b, "time to resume differs between runs: %r vs %r" % (a, b)
print("ok: identical time to resume in a second run (%.6f s)" % a)
PY
