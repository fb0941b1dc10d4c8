/* The S-mode kernel: bring-up, then either resume from the image or cold
   boot, fill memory, hibernate and power off. */
#include "crc32.h"
#include "disk.h"
#include "hibernate.h"
#include "mm.h"
#include "pgtable.h"
#include "workload.h"

static uint64_t boot_hartid;
static uint64_t build_id;

/* A constant of this kernel build: the CRC-32 of its code and read-only
   data (what "the same kernel" means for an image), computed at boot. */
static uint64_t kernel_build_id(void) {
  const uint32_t crc = crc32_update(0, __kernel_start, (size_t)(__rodata_end - __kernel_start));
  return 0x746f727000000000ull | crc; /* "torp" << 32 | crc */
}

__attribute__((noreturn)) void kernel_trap_report(uint64_t scause, uint64_t sepc, uint64_t stval) {
  con_puts("kernel: unexpected trap, scause ");
  con_hex(scause);
  con_puts(" sepc ");
  con_hex(sepc);
  con_puts(" stval ");
  con_hex(stval);
  con_puts("\n");
  fail(HIBERNATE_FAIL_INTERNAL, "unexpected trap");
}

/* The restore branch: we are the suspended kernel again. */
__attribute__((noreturn)) static void resumed(void) {
  /* The device was set up by the booting kernel, whose queue state we do
     not have: start it again. */
  if (disk_init() != 0) fail(HIBERNATE_FAIL_DISK, "virtio-blk re-init after resume");
  image_invalidate();
  snapshot_release();
  con_puts("hibernate: resumed\n");

  trace_phase(PHASE_VERIFY);
  if (workload_verify() != 0) {
    trace_phase(PHASE_VERIFY_FAILED);
    fail(HIBERNATE_FAIL_VERIFY, "verification after resume");
  }
  trace_phase(PHASE_VERIFY_OK);
  con_puts("hibernate: verified ");
  con_dec(workload.nr_pages);
  con_puts(" pages\n");
  poweroff();
}

__attribute__((noreturn)) void kernel_main(uint64_t hartid, const struct boot_info* info) {
  trace_phase(PHASE_KERNEL_INIT);
  boot_hartid = hartid;
  mm_init(info);
  paging_init();
  crc32_init();
  if (disk_init() != 0) fail(HIBERNATE_FAIL_DISK, "virtio-blk init");
  disk_read_params();
  build_id = kernel_build_id() ^ params.build_id_xor;

  const enum resume_result r = hibernate_resume(build_id, boot_hartid);
  if (r == RESUME_REJECTED) trace_phase(PHASE_IMAGE_REJECTED);

  trace_phase(PHASE_COLD_BOOT);
  con_puts("hibernate: cold boot, workload ");
  con_dec(params.workload_bytes >> 10);
  con_puts(" KiB, seed ");
  con_dec(params.seed);
  con_puts(", build id ");
  con_hex(build_id);
  con_puts("\n");

  trace_phase(PHASE_WORKLOAD);
  if (workload_create(params.workload_bytes, params.seed) != 0)
    fail(HIBERNATE_FAIL_NO_MEMORY, "workload larger than free memory");

  trace_phase(PHASE_SNAPSHOT);
  snapshot_prepare();
  const int rc = swsusp_arch_suspend();
  if (rc == 0) {
    trace_phase(PHASE_RESUMED);
    resumed();
  }
  if (rc < 0) fail(HIBERNATE_FAIL_INTERNAL, "snapshot");

  trace_phase(PHASE_IMAGE_WRITE);
  image_write(build_id, boot_hartid);
  trace_phase(PHASE_POWEROFF);
  poweroff();
}
