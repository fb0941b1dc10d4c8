/* The boot contract between the platform, the boot ROM and disk images.
   Shared by C (the ROM, sw/boot/) and C++ (the platform, `torpor mkdisk`).

   1. ROM parameters: the platform patches a `struct rom_params` at byte
      offset ROM_PARAMS_OFFSET of the boot ROM image before reset.
   2. Boot region: sector 0 of the disk holds a `struct boot_header`; the
      segments it lists follow from sector BOOT_DATA_SECTOR on. The ROM
      loads each segment to its physical address (zeroing the part beyond
      the file bytes), executes fence.i and jumps to `entry` in M-mode with
      a0 = mhartid and a1 = `arg1` (e.g. a device tree's address, or 0).
      The header ends before byte 446, so a disk may also carry an MBR
      partition table in sector 0 (the Linux disk's swap partition). */
#pragma once
#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define ROM_PARAMS_OFFSET 0x40u
#define ROM_PARAMS_MAGIC 0x534d524150524f54ull /* "TORPARMS" */

#ifndef __ASSEMBLER__
struct rom_params {
  uint64_t magic;          /* ROM_PARAMS_MAGIC once patched */
  uint64_t preload_entry;  /* non-zero: a program is already in DRAM, jump there (torpor run ELF) */
  uint64_t storage_base;   /* virtio-mmio block device */
  uint64_t dram_base;
  uint64_t dram_size;
  uint64_t scratch;        /* 64 KiB of DRAM the ROM may use for stack, queue and buffers */
  uint64_t trace_marker;   /* phase marker register (0: none) */
  uint64_t syscon;         /* test finisher: the ROM reports a boot failure there */
};
#endif

#define BOOT_HEADER_MAGIC 0x544f4f4250524f54ull /* "TORPBOOT" */
#define BOOT_HEADER_VERSION 2u
#define BOOT_MAX_SEGMENTS 12u /* so the header ends before an MBR partition table */
#define BOOT_HEADER_MAX_BYTES 446u
#define BOOT_DATA_SECTOR 8u

#ifndef __ASSEMBLER__
struct boot_segment {
  uint64_t load_address;  /* physical */
  uint64_t disk_sector;   /* where its file bytes start */
  uint64_t file_bytes;    /* bytes on the disk (rounded up to sectors there) */
  uint64_t memory_bytes;  /* bytes in memory; the rest beyond file_bytes is zeroed */
};

struct boot_header {
  uint64_t magic;         /* BOOT_HEADER_MAGIC */
  uint32_t version;       /* BOOT_HEADER_VERSION */
  uint32_t segment_count; /* <= BOOT_MAX_SEGMENTS */
  uint64_t entry;
  uint64_t total_sectors; /* sectors of the boot region, header included */
  uint64_t arg1;          /* a1 when the ROM jumps to entry */
  struct boot_segment segments[BOOT_MAX_SEGMENTS];
};
#endif

/* Exit codes the ROM reports through the test finisher when it cannot boot. */
#define BOOT_FAIL_NO_DEVICE 0xb1
#define BOOT_FAIL_NO_HEADER 0xb2
#define BOOT_FAIL_READ 0xb3
#define BOOT_FAIL_BAD_SEGMENT 0xb4
#define BOOT_FAIL_TRAP 0xb5 /* an exception while the ROM loaded the next stage */

/* Phase ids the ROM writes to the trace marker. */
#define PHASE_BOOT_ROM 1u
#define PHASE_LOAD_NEXT_STAGE 2u
