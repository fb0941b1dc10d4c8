/* Shared definitions of the hibernation kernel: platform addresses, the
   virtual address layout, page size, and small helpers every file uses. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "hibernate_abi.h"

/* Platform (QEMU virt-compatible addresses, see the top-level README). */
#define SYSCON_BASE 0x00100000ul
#define UART_BASE 0x10000000ul
#define VIRTIO_BASE 0x10001000ul
#define PLIC_BASE 0x0c000000ul      /* priorities; enables at +0x2000; contexts at +0x200000 */
#define PLIC_ENABLE_S 0x0c002080ul  /* context 1 (hart 0, S-mode) enable bits */
#define PLIC_CONTEXT_S 0x0c201000ul /* context 1 threshold (+0) and claim/complete (+4) */
#define VIRTIO_IRQ 1u               /* the block device's PLIC source */
#define TRACE_MARKER_BASE 0x10010000ul
#define ROM_BASE 0x00001000ul /* the boot ROM, whose rom_params the firmware reads */
#define DRAM_BASE_DEFAULT 0x80000000ul
#define DRAM_SIZE_DEFAULT (256ul << 20)

#define SYSCON_POWEROFF 0x5555u
#define SYSCON_FAIL 0x3333u

/* Virtual layout (Sv39): the kernel image runs identity-mapped at its link
   address (VA == PA), all of DRAM is also mapped at PAGE_OFFSET (the linear
   map), and the few MMIO pages are identity-mapped. */
#define PAGE_SHIFT 12
#define PAGE_SIZE (1ul << PAGE_SHIFT)
#define PAGE_OFFSET 0xffffffd800000000ul

#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define DIV_ROUND_UP(x, d) (((x) + (d) - 1) / (d))

/* Linker-script symbols (hibernate.ld). */
extern char __kernel_start[], __text_end[], __rodata_end[], __rw_start[], __nosave_start[], __nosave_end[],
    __kernel_end[];

/* What the M-mode firmware hands the S-mode kernel (a1 at kernel entry). */
struct boot_info {
  uint64_t hartid;
  uint64_t dram_base;
  uint64_t dram_size;
};

/* Debug builds (-DHIB_PHASE_LOG, see README) also keep (time, instret) per
   phase and print the table when the boot ends. */
void phase_log(uint64_t phase);
void phase_log_print(void);

static inline void trace_phase(uint64_t phase) {
  *(volatile uint64_t*)TRACE_MARKER_BASE = phase;
#ifdef HIB_PHASE_LOG
  phase_log(phase);
#endif
}

/* console.c */
void con_putc(char c);
void con_puts(const char* s);
void con_hex(uint64_t v);
void con_dec(uint64_t v);
__attribute__((noreturn)) void poweroff(void);
__attribute__((noreturn)) void fail(unsigned code, const char* why);

/* lib.c */
void* memcpy(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
