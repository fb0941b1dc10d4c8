#!/usr/bin/env bash
# hardening_files_make.sh DIR: the odd inputs of tests/cli/hardening_files.cmake
# (a FIFO, a directory, damaged System.map files, fake kernel builds...).
set -eu
dir=$1
rm -rf "$dir"
mkdir -p "$dir/dir"
mkfifo "$dir/fifo"
: >"$dir/empty"
head -c 1048576 /dev/zero >"$dir/zeros.img"       # a disk, but not one saved by torpor bench
printf 'not firmware' >"$dir/firmware.bin"

# Kernel builds whose System.map is damaged (it is read before anything else).
map() { mkdir -p "$dir/$1"; printf '%b' "$2" >"$dir/$1/System.map"; }
map map_bad_address 'ffffffff80000000 T _start\nzzzz T start_kernel\n'
map map_overflow 'ffffffff80000000 T _start\n1ffffffffffffffffff T start_kernel\n'
map map_malformed 'ffffffff80000000 T _start\nffffffff80001000 T\n'
mkdir -p "$dir/map_directory/System.map"
# A build whose Image is a directory.
map image_directory 'ffffffff80000000 T _start\n'
mkdir "$dir/image_directory/Image"

# A sweep spec whose image is a directory.
printf 'image: %s\nparameters:\n  storage.profile: [ufs31]\n' "$dir/dir" >"$dir/sweep_image_dir.yaml"
