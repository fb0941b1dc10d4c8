/* torpor's /init for the Linux hibernation benchmark (built with the
   kernel's nolibc, see build.sh).

   Every boot: ask the kernel to resume from the swap partition. With no
   image there the request returns and this is a fresh boot: enable the
   swap, hibernate to it (the kernel powers the SoC off). After the power
   cycle the same request restores the hibernated system, whose write to
   /sys/power/state then returns: report RESUMED and power off.
   Progress lines start with "torpor-phase: " so the platform can time them. */

#define SWAP_DEVICE "/dev/vda2"
#define SWAP_SYSFS_DEV "/sys/block/vda/vda2/dev"

static void say(const char *text) { write(1, text, strlen(text)); }

static void phase(const char *name) {
  say("torpor-phase: ");
  say(name);
  say("\n");
}

static int write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY, 0);
  if (fd < 0) return fd;
  int n = write(fd, text, strlen(text));
  close(fd);
  return n < 0 ? n : 0;
}

static void power_off(void) {
  my_syscall0(__NR_sync);
  reboot(LINUX_REBOOT_CMD_POWER_OFF);
  for (;;) sleep(3600);
}

static void fail(const char *what) {
  say("torpor-init: FAILED: ");
  say(what);
  say("\n");
  power_off();
}

int main(void) {
  mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
  mount("proc", "/proc", "proc", 0, 0);
  mount("sysfs", "/sys", "sysfs", 0, 0);
  int fd = open("/dev/console", O_RDWR, 0);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
  }
  phase("init");

  char dev[32] = {0};
  fd = open(SWAP_SYSFS_DEV, O_RDONLY, 0);
  if (fd < 0) fail("no swap partition " SWAP_DEVICE);
  if (read(fd, dev, sizeof dev - 1) <= 0) fail("cannot read " SWAP_SYSFS_DEV);
  close(fd);

  /* Resumes here if the partition holds an image: this call does not return then. */
  phase("resume-check");
  if (write_file("/sys/power/resume", dev) < 0) fail("cannot write /sys/power/resume");

  phase("fresh-boot");
  if (my_syscall2(__NR_swapon, SWAP_DEVICE, 0) < 0) fail("swapon " SWAP_DEVICE);
  write_file("/sys/power/disk", "shutdown");
  phase("hibernate");
  if (write_file("/sys/power/state", "disk") < 0) fail("hibernation (write to /sys/power/state)");

  /* Back from hibernation: the same write returned in the resumed system. */
  phase("resumed");
  say("RESUMED\n");
  power_off();
  return 0;
}
