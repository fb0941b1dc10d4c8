/* M-mode firmware: PMP so S-mode may access memory, delegation of every
   exception and interrupt S-mode handles, counter access for S-mode, and a
   boot_info block (hart id, DRAM from the ROM's parameter block) for the
   kernel. firmware.S does the mret. */
#include "../boot/boot_format.h"
#include "kernel.h"

extern char kernel_entry[], firmware_trap_vector[], firmware_stack_top[];

static struct boot_info boot_info;

#define MSTATUS_MPP_MASK (3ul << 11)
#define MSTATUS_MPP_S (1ul << 11)
#define MSTATUS_MPIE (1ul << 7)

/* Exceptions handled in S-mode: misaligned/access faults, illegal
   instruction, breakpoint, ecall from U, page faults. Not ecall from S (9)
   or M (11): they stay with the firmware. */
#define DELEG_EXCEPTIONS                                                                    \
  ((1ul << 0) | (1ul << 1) | (1ul << 2) | (1ul << 3) | (1ul << 4) | (1ul << 5) | (1ul << 6) | \
   (1ul << 7) | (1ul << 8) | (1ul << 12) | (1ul << 13) | (1ul << 15))
/* Supervisor software, timer and external interrupts. */
#define DELEG_INTERRUPTS ((1ul << 1) | (1ul << 5) | (1ul << 9))

#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"((uint64_t)(v)))
#define csr_read(csr)                              \
  ({                                               \
    uint64_t v_;                                   \
    __asm__ volatile("csrr %0, " #csr : "=r"(v_)); \
    v_;                                            \
  })

/* Returns the S-mode entry address; boot_info's address comes back in a1. */
struct fw_ret {
  uint64_t entry;
  const struct boot_info* info;
};

struct fw_ret firmware_main(uint64_t hartid) {
  trace_phase(PHASE_FIRMWARE);

  /* Platform description: the ROM's parameter block, patched by the
     platform, is the only table this SoC has (like a device tree). */
  const volatile struct rom_params* rp = (const volatile struct rom_params*)(ROM_BASE + ROM_PARAMS_OFFSET);
  boot_info.hartid = hartid;
  boot_info.dram_base = DRAM_BASE_DEFAULT;
  boot_info.dram_size = DRAM_SIZE_DEFAULT;
  if (rp->magic == ROM_PARAMS_MAGIC && rp->dram_size != 0) {
    boot_info.dram_base = rp->dram_base;
    boot_info.dram_size = rp->dram_size;
  }

  /* PMP entry 0: NAPOT over the whole address space, RWX, for S and U. */
  csr_write(pmpaddr0, ~0ul);
  csr_write(pmpcfg0, 0x1f);

  csr_write(mtvec, (uint64_t)firmware_trap_vector);
  csr_write(mscratch, (uint64_t)firmware_stack_top);
  csr_write(medeleg, DELEG_EXCEPTIONS);
  csr_write(mideleg, DELEG_INTERRUPTS);
  csr_write(mie, 0);
  csr_write(mcounteren, 7); /* cycle, time, instret readable from S */
  csr_write(satp, 0);

  uint64_t mstatus = csr_read(mstatus);
  mstatus = (mstatus & ~(MSTATUS_MPP_MASK | MSTATUS_MPIE)) | MSTATUS_MPP_S;
  csr_write(mstatus, mstatus);

  return (struct fw_ret){(uint64_t)kernel_entry, &boot_info};
}

__attribute__((noreturn)) void firmware_trap_report(uint64_t mcause, uint64_t mepc, uint64_t mtval) {
  con_puts("firmware: unexpected M-mode trap, mcause ");
  con_hex(mcause);
  con_puts(" mepc ");
  con_hex(mepc);
  con_puts(" mtval ");
  con_hex(mtval);
  con_puts("\n");
  *(volatile uint32_t*)SYSCON_BASE = (HIBERNATE_FAIL_INTERNAL << 16) | SYSCON_FAIL;
  for (;;) {
  }
}
