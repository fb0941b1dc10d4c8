/* Suspend and resume: the CPU context, the pbe list, the low-level entry
   points (hibernate_asm.S) and the C halves (snapshot.c, resume.c). */
#pragma once
#include "kernel.h"

/* What swsusp_arch_suspend saves and cpu_resume restores. The offsets are
   used by hibernate_asm.S (CTX_* there). */
struct cpu_context {
  uint64_t ra, sp, gp, tp;
  uint64_t s[12];
  uint64_t satp, sstatus, stvec, sscratch, sie, scounteren;
};
_Static_assert(sizeof(struct cpu_context) == 22 * 8, "hibernate_asm.S offsets");
extern struct cpu_context hibernate_cpu_context;
_Static_assert(PHASE_CONTEXT_RESTORE == 9 && TRACE_MARKER_BASE == 0x10010000, "hibernate_asm.S constants");
_Static_assert(COPY_ENGINE_ID == 0x43505945u, "hibernate_asm.S constants");

/* A page that could not be read to its home frame: `address` holds the
   data, `orig_address` is where it belongs (both linear-map addresses). */
struct pbe {
  uint64_t address;
  uint64_t orig_address;
  struct pbe* next;
};
_Static_assert(sizeof(struct pbe) == 24, "hibernate_asm.S offsets");
extern struct pbe* restore_pblist;
extern void* relocated_restore_code;
/* Copy engine for the restore loop: its registers (0: none, the core copies)
   and the linear-map-to-physical offset it adds to the list's pointers. */
extern uint64_t restore_engine_base;
extern uint64_t restore_engine_va_pa;

/* Saves the context and calls swsusp_save(). Returns 1 on the suspend
   path (the snapshot is ready), a negative error if swsusp_save failed,
   and 0 when it "returns again" through cpu_resume after a resume (hence
   returns_twice, as for setjmp). */
__attribute__((returns_twice)) int swsusp_arch_suspend(void);
/* Switches to temp_satp and runs the relocated core_restore_code, which
   copies restore_pblist and jumps to cpu_resume(saved_satp). No return. */
__attribute__((noreturn)) void restore_image(uint64_t saved_satp, uint64_t temp_satp,
                                             uint64_t cpu_resume_addr);
extern char core_restore_code[], core_restore_code_end[];
extern char cpu_resume[];

/* snapshot.c */
void snapshot_prepare(void);  /* allocates the snapshot's buffers */
int swsusp_save(void);        /* called by swsusp_arch_suspend */
void image_write(uint64_t build_id, uint64_t hartid);
void snapshot_release(void);  /* after a resume: frees the buffers */
void image_invalidate(void);  /* after a resume: signature := 0 */

/* resume.c: returns only if there is no usable image. */
enum resume_result { RESUME_NO_IMAGE, RESUME_REJECTED };
enum resume_result hibernate_resume(uint64_t build_id, uint64_t hartid);
