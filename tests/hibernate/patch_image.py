#!/usr/bin/env python3
"""patch_image.py DISK WHAT [VALUE]: edits a disk saved by `torpor bench
--keep-image` the way a buggy or hostile tool would, keeping every CRC
valid so that only the kernel's plausibility checks (or the benchmark's
watchdog) stand between the image and a bogus resume.

  satp VALUE      image header: saved_satp := VALUE (header CRC recomputed)
  cpu-resume VALUE  image header: cpu_resume := VALUE (header CRC recomputed)
  entry VALUE     boot header (sector 0): entry := VALUE
  entry-bss       boot header: entry := a page inside the last segment's
                  zero-filled part (memory the ROM zeroes: a jump into zeros)
  scramble-data   overwrite every page of the image data with a pattern
                  (the data CRC no longer matches: resume with bench.data_crc=off)

Layouts: sw/boot/boot_format.h, sw/hibernate/hibernate_abi.h, sw/hibernate/image.h."""
import struct
import sys
import zlib

SECTOR = 512
PARAMS_SECTOR = 1
PAGE = 4096


def main():
    path, what = sys.argv[1], sys.argv[2]
    value = int(sys.argv[3], 0) if len(sys.argv) > 3 else 0
    with open(path, "r+b") as disk:
        disk.seek(PARAMS_SECTOR * SECTOR)
        # struct hibernate_params: magic, workload_bytes, seed, swap_first_sector, ...
        magic, _, _, swap_first = struct.unpack("<4Q", disk.read(32))
        assert magic == 0x53524150524E4948, "no hibernate_params in sector 1"
        header_at = swap_first * SECTOR
        disk.seek(header_at)
        header = bytearray(disk.read(SECTOR))
        if what in ("satp", "cpu-resume"):
            struct.pack_into("<Q", header, 32 if what == "satp" else 40, value)
            # header_crc32 (offset 84) covers the bytes after the signature up to it.
            struct.pack_into("<I", header, 84, zlib.crc32(bytes(header[8:84])))
            disk.seek(header_at)
            disk.write(header)
        elif what in ("entry", "entry-bss"):
            if what == "entry-bss":
                disk.seek(0)
                boot = disk.read(SECTOR)
                count = struct.unpack_from("<I", boot, 12)[0]
                # struct boot_segment: load_address, disk_sector, file_bytes, memory_bytes
                load, _, file_bytes, memory_bytes = struct.unpack_from("<4Q", boot, 40 + 32 * (count - 1))
                assert memory_bytes - file_bytes >= 2 * PAGE, "the last segment has no zeroed page"
                value = (load + file_bytes + 2 * PAGE - 1) // PAGE * PAGE
            disk.seek(16)  # struct boot_header: magic, version, segment_count, entry
            disk.write(struct.pack("<Q", value))
        elif what == "scramble-data":
            page_count, list_pages = struct.unpack_from("<2Q", header, 48)
            disk.seek(header_at + (1 + list_pages) * PAGE)
            pattern = bytes([0x13, 0x05, 0x00, 0x00]) * (PAGE // 4)  # addi a0, zero, 0
            for _ in range(page_count):
                disk.write(pattern)
        else:
            sys.exit(f"patch_image.py: unknown edit '{what}'")


if __name__ == "__main__":
    main()
