/* The disk: one virtio-blk device driven by sw/drivers/virtio_blk.c, with
   the kernel's virt_to_phys as its address hook (buffers may be
   linear-map or identity addresses). Its queue memory and the sector
   buffer are "nosave": never part of an image, since a resumed kernel
   re-initialises the device anyway. */
#include "disk.h"

#include "mm.h"

#define DEFAULT_WORKLOAD_BYTES (64ul << 20)
#define DEFAULT_SWAP_FIRST_SECTOR ((64ul << 20) / 512)

struct vblk disk;
struct hibernate_params params;

static uint8_t queue_memory[VBLK_QUEUE_MEMORY]
    __attribute__((section(".nosave"), aligned(VBLK_QUEUE_ALIGN)));
uint8_t disk_sector_buf[PAGE_SIZE] __attribute__((section(".nosave"), aligned(PAGE_SIZE)));

/* While a request is in flight the hart sleeps in WFI until the device's
   interrupt (PLIC source 1, routed to the S-mode context) is pending,
   instead of spinning on the used ring. Global S interrupts stay off: WFI
   wakes on a pending enabled interrupt without taking it. Claiming and
   completing first clears what the previous request left latched. */
static void disk_idle(void) {
  volatile uint32_t* claim = (volatile uint32_t*)(PLIC_CONTEXT_S + 4);
  const uint32_t id = *claim;
  if (id) *claim = id;
  __asm__ volatile("wfi");
}

int disk_init(void) {
  const int rc = vblk_init_v2p(&disk, VIRTIO_BASE, queue_memory, virt_to_phys);
  if (rc != 0) return rc;
  *(volatile uint32_t*)(PLIC_BASE + 4 * VIRTIO_IRQ) = 1;  /* priority */
  *(volatile uint32_t*)PLIC_ENABLE_S = 1u << VIRTIO_IRQ;   /* enable for S-mode */
  *(volatile uint32_t*)PLIC_CONTEXT_S = 0;                 /* threshold */
  __asm__ volatile("csrs sie, %0" ::"r"(1ul << 9));        /* SEIE: WFI wakes on it */
  disk.idle = disk_idle;
  return 0;
}

void disk_read_params(void) {
  struct hibernate_params p = {0};
  if (vblk_read(&disk, HIBERNATE_PARAMS_SECTOR, disk_sector_buf, 1) == 0)
    memcpy(&p, disk_sector_buf, sizeof p);
  if (p.magic != HIBERNATE_PARAMS_MAGIC) {
    p = (struct hibernate_params){0};
    p.magic = HIBERNATE_PARAMS_MAGIC;
    p.workload_bytes = DEFAULT_WORKLOAD_BYTES;
    p.seed = 1;
  }
  if (p.swap_first_sector == 0) p.swap_first_sector = DEFAULT_SWAP_FIRST_SECTOR;
  const uint64_t capacity = vblk_capacity(&disk);
  if (p.swap_sectors == 0 && capacity > p.swap_first_sector)
    p.swap_sectors = capacity - p.swap_first_sector; /* the rest of the disk */
  params = p;
}
