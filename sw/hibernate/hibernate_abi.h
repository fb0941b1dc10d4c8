/* The contract between the hibernation kernel (sw/hibernate/) and the
   platform's `torpor bench`: phase ids written to the trace marker, the
   benchmark parameters the kernel reads from the disk, and the disk layout.
   Shared by C (the guest) and C++ (the host). */
#pragma once
#include <stdint.h>

/* Phase ids (trace marker at rom_params.trace_marker / 0x1001_0000).
   1 and 2 come from the boot ROM (sw/boot/boot_format.h). */
#define PHASE_ROM 1u                /* reset released, boot ROM runs */
#define PHASE_KERNEL_LOAD 2u        /* ROM loads the kernel from the boot region */
#define PHASE_FIRMWARE 3u           /* M-mode firmware: delegation, PMP, drop to S */
#define PHASE_KERNEL_INIT 4u        /* S-mode kernel: page tables, allocator, driver */
#define PHASE_IMAGE_HEADER 5u       /* resume: read and check the image header */
#define PHASE_IMAGE_READ 6u         /* resume: read frame list and pages */
#define PHASE_PAGE_TABLE_BUILD 7u   /* resume: temporary page table, restore code */
#define PHASE_COPY_LOOP 8u          /* resume: restore_image copies the pbe pages */
#define PHASE_CONTEXT_RESTORE 9u    /* resume: cpu_resume restores satp, CSRs, registers */
#define PHASE_RESUMED 10u           /* first instruction of the resumed workload */
#define PHASE_VERIFY 11u            /* the resumed workload re-checks every checksum */
#define PHASE_VERIFY_OK 12u
#define PHASE_VERIFY_FAILED 13u
#define PHASE_COLD_BOOT 20u         /* no valid image: a cold boot */
#define PHASE_WORKLOAD 21u          /* cold boot: fill memory */
#define PHASE_SNAPSHOT 22u          /* suspend: save context, snapshot pages */
#define PHASE_IMAGE_WRITE 23u       /* suspend: write the image (signature last) */
#define PHASE_POWEROFF 24u          /* suspend done: power off */
#define PHASE_IMAGE_REJECTED 25u    /* an image was found but is unusable: cold boot */

/* Sector 1 of the disk (free in the boot region: the boot header is in
   sector 0, the kernel's segments start at sector 8). */
#define HIBERNATE_PARAMS_SECTOR 1u
#define HIBERNATE_PARAMS_MAGIC 0x53524150524e4948ull /* "HINRPARS" */

struct hibernate_params {
  uint64_t magic;              /* HIBERNATE_PARAMS_MAGIC */
  uint64_t workload_bytes;     /* memory the workload fills (default 64 MiB) */
  uint64_t seed;               /* workload pseudo-random seed */
  uint64_t swap_first_sector;  /* the hibernation image area */
  uint64_t swap_sectors;
  uint64_t build_id_xor;       /* tests: non-zero pretends a different kernel build */
  uint64_t flags;              /* HIBERNATE_FLAG_* (0: the default behaviour) */
  uint64_t copy_engine_base;   /* registers of a copy engine for the restore loop (0: none) */
};

/* The copy engine's identification register value (rtl/copy_engine/REGISTERS.md). */
#define COPY_ENGINE_ID 0x43505945u

/* Resume without checking the CRC-32 of the image data (the image always
   carries it): what Linux's uncompressed swap path does, and a way to see
   what the software CRC costs. */
#define HIBERNATE_FLAG_SKIP_DATA_CRC 1u

/* Exit codes through the test finisher ((code << 16) | 0x3333); success is
   a plain poweroff (0x5555). */
#define HIBERNATE_FAIL_VERIFY 0x40     /* a checksum mismatched after resume */
#define HIBERNATE_FAIL_DISK 0x41       /* the disk could not be used */
#define HIBERNATE_FAIL_NO_MEMORY 0x42  /* workload larger than free memory */
#define HIBERNATE_FAIL_INTERNAL 0x43
