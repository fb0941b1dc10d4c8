/* Low-level hibernation: save the CPU context, the relocatable page-copy
   loop, and the way back into the suspended kernel. */

/* struct cpu_context (hibernate.h) */
#define CTX_RA 0
#define CTX_SP 8
#define CTX_GP 16
#define CTX_TP 24
#define CTX_S(n) (32 + 8 * (n))
#define CTX_SATP 128
#define CTX_SSTATUS 136
#define CTX_STVEC 144
#define CTX_SSCRATCH 152
#define CTX_SIE 160
#define CTX_SCOUNTEREN 168
/* struct pbe */
#define PBE_ADDRESS 0
#define PBE_ORIG_ADDRESS 8
#define PBE_NEXT 16

/* hibernate_abi.h is C only; hibernate.h checks these against it. */
#define PHASE_CONTEXT_RESTORE 9
#define TRACE_MARKER_BASE 0x10010000
#define PAGE_SIZE 4096
#define COPY_ENGINE_ID 0x43505945

  .text

/* int swsusp_arch_suspend(void)
   Saves ra, sp, gp, tp, s0-s11 and the supervisor CSRs, then takes the
   snapshot (swsusp_save) while they are fresh. Returns 1 (or swsusp_save's
   negative error) now; cpu_resume makes it return 0 after a resume. */
  .globl swsusp_arch_suspend
swsusp_arch_suspend:
  la t0, hibernate_cpu_context
  sd ra, CTX_RA(t0)
  sd sp, CTX_SP(t0)
  sd gp, CTX_GP(t0)
  sd tp, CTX_TP(t0)
  sd s0, CTX_S(0)(t0)
  sd s1, CTX_S(1)(t0)
  sd s2, CTX_S(2)(t0)
  sd s3, CTX_S(3)(t0)
  sd s4, CTX_S(4)(t0)
  sd s5, CTX_S(5)(t0)
  sd s6, CTX_S(6)(t0)
  sd s7, CTX_S(7)(t0)
  sd s8, CTX_S(8)(t0)
  sd s9, CTX_S(9)(t0)
  sd s10, CTX_S(10)(t0)
  sd s11, CTX_S(11)(t0)
  csrr t1, satp
  sd t1, CTX_SATP(t0)
  csrr t1, sstatus
  sd t1, CTX_SSTATUS(t0)
  csrr t1, stvec
  sd t1, CTX_STVEC(t0)
  csrr t1, sscratch
  sd t1, CTX_SSCRATCH(t0)
  csrr t1, sie
  sd t1, CTX_SIE(t0)
  csrr t1, scounteren
  sd t1, CTX_SCOUNTEREN(t0)

  addi sp, sp, -16
  sd ra, 8(sp)
  call swsusp_save            /* snapshot.c: 0 or a negative error */
  ld ra, 8(sp)
  addi sp, sp, 16
  bnez a0, 1f
  li a0, 1
1:
  ret

/* void restore_image(saved_satp, temp_satp, cpu_resume)
   Runs in the booting kernel's text, which the temporary page table maps
   at the same address. Loads what the copy loop needs into registers
   (the globals are overwritten by the copy), switches to the temporary
   page table and jumps to the relocated copy loop. */
  .globl restore_image
restore_image:
  ld a4, restore_pblist
  ld a3, relocated_restore_code
  ld a5, restore_engine_base
  ld a6, restore_engine_va_pa
  csrw satp, a1
  sfence.vma zero, zero
  jr a3

/* The copy loop, copied to a "safe" page (one no image page goes to) and
   run from there, since it overwrites the kernel it came from. Position
   independent, no stack, no memory but the pbe list and the pages.
   In: a0 = saved satp, a2 = cpu_resume, a4 = restore_pblist,
   a5 = copy engine registers (0: none), a6 = its VA-to-PA offset. */
  .globl core_restore_code
core_restore_code:
  beqz a5, 1f                 /* no engine: the core copies */
  lwu t0, 0(a5)               /* ID */
  li t1, COPY_ENGINE_ID
  bne t0, t1, 1f
  sw a4, 0x10(a5)             /* LIST_HEAD */
  srli t0, a4, 32
  sw t0, 0x14(a5)
  sw a6, 0x18(a5)             /* VA_PA_OFFSET */
  srli t0, a6, 32
  sw t0, 0x1c(a5)
  li t0, 1
  sw t0, 0x08(a5)             /* START */
4:
  lwu t0, 0x0c(a5)            /* STATUS: wait while BUSY */
  andi t1, t0, 1
  bnez t1, 4b
  srli t0, t0, 8
  andi t0, t0, 0xff
  beqz t0, 3f                 /* copied; on an error the core copies again */
1:
  beqz a4, 3f
  ld t0, PBE_ADDRESS(a4)
  ld t1, PBE_ORIG_ADDRESS(a4)
  li t2, PAGE_SIZE
  add t2, t0, t2
2:                            /* 4 KiB, two registers per iteration */
  ld t3, 0(t0)
  ld t4, 8(t0)
  sd t3, 0(t1)
  sd t4, 8(t1)
  addi t0, t0, 16
  addi t1, t1, 16
  bltu t0, t2, 2b
  ld a4, PBE_NEXT(a4)
  j 1b
3:
  li t0, TRACE_MARKER_BASE
  li t1, PHASE_CONTEXT_RESTORE
  sd t1, 0(t0)
  jr a2                       /* cpu_resume(saved_satp) */
  .globl core_restore_code_end
core_restore_code_end:

/* cpu_resume(saved_satp): entered from the copy loop on the temporary page
   table, in the restored kernel's text (identity-mapped in both tables).
   Back to the suspended kernel's page table, flush the TLB and the
   I-cache (its text was just rewritten), restore the context, and return
   0 from swsusp_arch_suspend. */
  .globl cpu_resume
cpu_resume:
  csrw satp, a0
  sfence.vma zero, zero
  fence.i
  la t0, hibernate_cpu_context
  ld t1, CTX_SSTATUS(t0)
  csrw sstatus, t1
  ld t1, CTX_STVEC(t0)
  csrw stvec, t1
  ld t1, CTX_SSCRATCH(t0)
  csrw sscratch, t1
  ld t1, CTX_SIE(t0)
  csrw sie, t1
  ld t1, CTX_SCOUNTEREN(t0)
  csrw scounteren, t1
  ld ra, CTX_RA(t0)
  ld sp, CTX_SP(t0)
  ld gp, CTX_GP(t0)
  ld tp, CTX_TP(t0)
  ld s0, CTX_S(0)(t0)
  ld s1, CTX_S(1)(t0)
  ld s2, CTX_S(2)(t0)
  ld s3, CTX_S(3)(t0)
  ld s4, CTX_S(4)(t0)
  ld s5, CTX_S(5)(t0)
  ld s6, CTX_S(6)(t0)
  ld s7, CTX_S(7)(t0)
  ld s8, CTX_S(8)(t0)
  ld s9, CTX_S(9)(t0)
  ld s10, CTX_S(10)(t0)
  ld s11, CTX_S(11)(t0)
  li a0, 0
  ret

  .data
  .balign 8
  .globl hibernate_cpu_context
hibernate_cpu_context:
  .skip 22 * 8
  .globl restore_pblist
restore_pblist:
  .dword 0
  .globl relocated_restore_code
relocated_restore_code:
  .dword 0
