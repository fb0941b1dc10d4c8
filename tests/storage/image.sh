#!/usr/bin/env bash
# image.sh TORPOR SW_DIR: the user's disk image is never modified unless
# --persist is given; with it, writes land in the file. Sparse images of
# several GiB work without being read whole.
set -euo pipefail
torpor=$1
sw=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

img=$work/disk.img
head -c $((4 << 20)) /dev/zero | tr '\0' '\132' >"$img"   # 4 MiB of 'Z'
cp "$img" "$work/original.img"

"$torpor" run --disk "$img" "$sw/blk_image_write.elf" || fail "the writing guest failed"
cmp -s "$img" "$work/original.img" || fail "the image changed without --persist"
if "$torpor" run --disk "$img" "$sw/blk_image_verify.elf" 2>/dev/null; then
  fail "data written without --persist survived into the next run"
fi

"$torpor" run --disk "$img" --persist "$sw/blk_image_write.elf" || fail "the writing guest failed with --persist"
cmp -s "$img" "$work/original.img" && fail "--persist did not write to the image"
"$torpor" run --disk "$img" "$sw/blk_image_verify.elf" || fail "persisted data did not read back"

sparse=$work/sparse.img
truncate -s 8G "$sparse"
start=$(date +%s)
"$torpor" run --disk "$sparse" "$sw/blk_image_write.elf" || fail "the 8 GiB sparse image did not work"
[ $(( $(date +%s) - start )) -lt 20 ] || fail "the sparse image took too long (read whole?)"
[ "$(du -k "$sparse" | cut -f1)" -lt 1024 ] || fail "the sparse image was filled in"
echo "ok: image untouched without --persist, written with it, sparse 8 GiB image fine"
