#!/usr/bin/env bash
# Builds the Linux kernel (Image, System.map) for `torpor bench --linux`, with
# our /init in a built-in initramfs. Installs the Debian packages it needs,
# builds once per machine and caches the result under a key made of this
# directory's inputs; prints the cache directory on its last line.
#   TORPOR_LINUX_CACHE  where to cache (default ~/.cache/torpor/linux)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
packages=(linux-source-6.12 gcc-riscv64-linux-gnu binutils-riscv64-linux-gnu opensbi device-tree-compiler
          flex bison bc cpio xz-utils make)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "linux: installing ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

key="$(cat "$here/kernel.config" "$here/init.c" "$here/build.sh" | sha256sum | cut -c1-16)"
cache="${TORPOR_LINUX_CACHE:-$HOME/.cache/torpor/linux}/$key"
if [ -f "$cache/Image" ] && [ -f "$cache/System.map" ]; then
  echo "$cache"
  exit 0
fi
# One build at a time (ctest may start several Linux tests at once): wait
# for the lock, then look again, since the other build may have made it.
mkdir -p "$(dirname "$cache")"
exec 9>"$cache.lock"
flock 9
if [ -f "$cache/Image" ] && [ -f "$cache/System.map" ]; then
  echo "$cache"
  exit 0
fi
echo "linux: building Linux 6.12 into $cache (about 10 minutes on 2 cores, once)" >&2
rm -rf "$cache.tmp"
mkdir -p "$cache.tmp"
src="$cache.tmp/src"
mkdir -p "$src"
tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$src" --strip-components=1
make_k=(make -C "$src" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"$(nproc)")

# /init: static, no libc beyond the kernel's own nolibc and UAPI headers.
"${make_k[@]}" headers >&2
riscv64-linux-gnu-gcc -Os -static -nostdlib -nostdinc -fno-asynchronous-unwind-tables -fno-ident \
  -march=rv64imac_zicsr_zifencei -mabi=lp64 -isystem "$(riscv64-linux-gnu-gcc -print-file-name=include)" \
  -isystem "$src/usr/include" -include "$src/tools/include/nolibc/nolibc.h" \
  -o "$cache.tmp/init" "$here/init.c" -lgcc
cat > "$cache.tmp/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $cache.tmp/init 0755 0 0
LIST

"${make_k[@]}" tinyconfig >&2
cp "$here/kernel.config" "$cache.tmp/fragment.config"
echo "CONFIG_INITRAMFS_SOURCE=\"$cache.tmp/initramfs.list\"" >> "$cache.tmp/fragment.config"
(cd "$src" && ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- scripts/kconfig/merge_config.sh -m .config "$cache.tmp/fragment.config" >&2)
"${make_k[@]}" olddefconfig >&2
# Every option of the fragment must have survived the dependency resolution.
while read -r line; do
  case "$line" in
    CONFIG_*=*) grep -qxF "$line" "$src/.config" || { echo "linux: $line did not stick (check its dependencies)" >&2; exit 1; } ;;
    "# CONFIG_"*" is not set") grep -qxF "$line" "$src/.config" || ! grep -q "^${line:2:-11}=" "$src/.config" \
      || { echo "linux: '$line' did not stick" >&2; exit 1; } ;;
  esac
done < "$here/kernel.config"
"${make_k[@]}" Image >&2
cp "$src/arch/riscv/boot/Image" "$src/System.map" "$src/.config" "$cache.tmp/"
mv "$src/vmlinux" "$cache.tmp/vmlinux"
rm -rf "$src"
rm -rf "$cache"
mv "$cache.tmp" "$cache"
echo "$cache"
