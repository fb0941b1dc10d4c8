#!/usr/bin/env bash
# make_bad_elves.sh GOOD.elf OUTDIR: derives malformed inputs from a valid ELF.
set -eu
good=$1
out=$2
mkdir -p "$out"
echo "this is not an ELF file" >"$out/not_an_elf.elf"
head -c 100 "$good" >"$out/truncated.elf"
# ELF header fields patched in place: EI_CLASS (offset 4), e_machine (18).
cp "$good" "$out/elf32.elf"
printf '\x01' | dd of="$out/elf32.elf" bs=1 seek=4 conv=notrunc status=none
cp "$good" "$out/x86.elf"
printf '\x3e\x00' | dd of="$out/x86.elf" bs=1 seek=18 conv=notrunc status=none
# Program headers claiming bytes past the end of the file: truncate the
# file just after the headers.
phoff=$(od -An -t u8 -j 32 -N 8 "$good" | tr -d ' ')
head -c $((phoff + 200)) "$good" >"$out/cut_segments.elf"
printf 'core:\n  frequency_hz: 1000\ndram:\n  sizemib: 64\n' >"$out/unknown_key.yaml"
printf 'core:\n  frequency_hz: [1, 2\n' >"$out/malformed.yaml"
printf 'core:\n  misaligned: sometimes\n' >"$out/bad_choice.yaml"
