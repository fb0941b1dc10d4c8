/* The hibernation image on the disk, inside the swap area of
   struct hibernate_params. Units are 4 KiB slots (8 sectors):

     slot 0                      struct image_header (its first sector)
     slots 1 .. list_pages       the frame list: page_count uint64_t PFNs
                                 (physical address >> 12), strictly
                                 ascending, zero-padded to a whole slot
     next page_count slots       the page data, in frame-list order

   The header is written twice: first with signature 0 (which also
   invalidates any older image) before the list and the data, then, after
   a flush, with the signature. A resumed kernel writes it once more with
   signature 0, so an image is never resumed twice. */
#pragma once
#include "kernel.h"

#define IMAGE_SIGNATURE 0x3142494850524f54ull /* "TORPHIB1" */
#define IMAGE_VERSION 1u
#define SECTORS_PER_PAGE (PAGE_SIZE / 512)
#define IMAGE_HEADER_SLOT 0
#define IMAGE_LIST_SLOT 1

/* Pages per read or write request of the page data: 64 pages = 256 KiB
   (contiguous pages merged into one descriptor; the device takes 126). */
#ifndef IMAGE_IO_PAGES
#define IMAGE_IO_PAGES 64
#endif

struct image_header {
  uint64_t signature;    /* IMAGE_SIGNATURE once the image is complete, else 0 */
  uint32_t version;      /* IMAGE_VERSION */
  uint32_t header_bytes; /* sizeof(struct image_header) */
  uint64_t build_id;     /* of the kernel that wrote it (XOR params.build_id_xor) */
  uint64_t hart_id;      /* the hart that hibernated */
  uint64_t saved_satp;   /* the suspended kernel's page table */
  uint64_t cpu_resume;   /* cpu_resume's address (identity-mapped: PA == VA) */
  uint64_t page_count;   /* data pages */
  uint64_t list_pages;   /* slots of the frame list */
  uint64_t dram_base;    /* the memory the image was taken on */
  uint64_t dram_size;
  uint32_t data_crc32;   /* CRC-32 of the frame-list slots and the page data, as on disk */
  uint32_t header_crc32; /* CRC-32 of the bytes after `signature`, up to this field */
};
_Static_assert(sizeof(struct image_header) <= 512, "the header is one sector");
