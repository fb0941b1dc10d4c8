// The disk `torpor bench --linux` boots from: a boot region the boot ROM
// loads (OpenSBI's fw_jump, the kernel Image and the device tree generated
// from the config), and an MBR partition table in the same sector 0 with
// partition 1 over the boot region and partition 2, a Linux swap area, for
// the hibernation image (the kernel sees /dev/vda2).
#pragma once
#include <cstdint>
#include <string>

#include "platform/config.h"

namespace torpor {

struct LinuxDiskContents {
  std::string firmware;  // OpenSBI fw_jump.bin (text at the start of DRAM)
  std::string kernel;    // arch/riscv/boot/Image
  std::string bootargs = "console=ttyS0 earlycon";
  uint64_t swap_mib = 64;
};

// Where things land in DRAM, relative to its base: fw_jump's defaults.
constexpr uint64_t linux_kernel_offset = 0x200000;   // FW_JUMP_ADDR
constexpr uint64_t linux_dtb_offset = 0x2200000;     // FW_JUMP_FDT_ADDR

// Writes `path` (overwriting it). Throws LoadError naming a missing or
// unreadable input, ConfigError if the kernel does not fit.
void write_linux_disk(const std::string& path, const Config& config, const LinuxDiskContents& contents);

}  // namespace torpor
