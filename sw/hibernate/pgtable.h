/* Sv39 page tables: building mappings, the kernel's page table, satp. */
#pragma once
#include "kernel.h"
#include "mm.h"

#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)
#define PTE_PPN_SHIFT 10

/* Leaf permissions. A and D are set up front, so the hardware never writes
   a PTE: page tables stay unchanged while the image is written. */
#define PROT_RO (PTE_V | PTE_R | PTE_A | PTE_G)
#define PROT_RW (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)
#define PROT_RX (PTE_V | PTE_R | PTE_X | PTE_A | PTE_G)

#define SATP_MODE_SV39 (8ul << 60)
#define SATP_PPN_MASK ((1ul << 44) - 1)
#define MEGAPAGE_SIZE (1ul << 21)

extern uint64_t* kernel_pgd; /* the kernel's root table (kernel virtual address) */

uint64_t* pgd_alloc(void);
/* Maps [va, va + size) to [pa, ...) with 2 MiB leaves where alignment
   allows, 4 KiB leaves elsewhere; intermediate tables come from the frame
   allocator. Returns 0, or -1 when out of memory or on a conflicting leaf. */
int map_range(uint64_t* root, uint64_t va, uint64_t pa, uint64_t size, uint64_t prot);
/* What every address space of this kernel maps: the linear map of DRAM
   (RW), the kernel image at its link address (text RX, rodata R, data RW)
   and the MMIO pages the kernel touches (RW). */
int map_kernel_space(uint64_t* root);
static inline uint64_t pgd_satp(const uint64_t* root) {
  return SATP_MODE_SV39 | (virt_to_phys(root) >> PAGE_SHIFT);
}
/* Builds kernel_pgd and switches to it. */
void paging_init(void);
