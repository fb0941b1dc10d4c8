/* The disk: the virtio-blk driver instance, the parameter sector and the
   swap area. */
#pragma once
#include "kernel.h"
#include "virtio_blk.h"

extern struct vblk disk;
extern struct hibernate_params params;
/* A page-aligned 4 KiB buffer for single-sector reads and writes (nosave). */
extern uint8_t disk_sector_buf[PAGE_SIZE];

/* (Re)initialises the device with the kernel's virt_to_phys hook. */
int disk_init(void);
/* Reads `params` from HIBERNATE_PARAMS_SECTOR, falling back to defaults. */
void disk_read_params(void);
/* Sector of slot `slot` of the swap area. */
static inline uint64_t swap_sector(uint64_t slot) {
  return params.swap_first_sector + slot * (PAGE_SIZE / 512);
}
