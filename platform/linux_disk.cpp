#include "platform/linux_disk.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "platform/boot_disk.h"
#include "platform/device_tree.h"
#include "platform/elf_loader.h"
#include "platform/input_file.h"

extern "C" {
#include "sw/boot/boot_format.h"
}

namespace torpor {

namespace {

constexpr uint64_t sector = 512;
constexpr uint64_t page = 4096;

// max_bytes: what fits where it loads, so a wrong file is refused unread.
std::vector<uint8_t> read_file(const std::string& path, const std::string& what, uint64_t max_bytes) {
  std::vector<uint8_t> bytes = read_input_file(path, "the " + what, max_bytes);
  if (bytes.empty()) throw LoadError(fmt::format("{}: the {} is empty", path, what));
  return bytes;
}

uint64_t le64(const std::vector<uint8_t>& b, size_t at) {
  uint64_t v = 0;
  std::memcpy(&v, b.data() + at, 8);
  return v;
}

void put_le32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}

// One MBR partition entry (LBA only; CHS fields say "use LBA").
void mbr_entry(uint8_t* e, uint8_t type, uint64_t first, uint64_t count) {
  e[0] = 0;
  e[1] = 0xfe, e[2] = 0xff, e[3] = 0xff;
  e[4] = type;
  e[5] = 0xfe, e[6] = 0xff, e[7] = 0xff;
  put_le32(e + 8, uint32_t(first));
  put_le32(e + 12, uint32_t(count));
}

// A version-1 Linux swap area header in its first page: version, last page
// and "SWAPSPACE2" at the end of the page (the format mkswap writes).
std::vector<uint8_t> swap_header(uint64_t bytes) {
  std::vector<uint8_t> h(page, 0);
  put_le32(&h[1024], 1);                          // version
  put_le32(&h[1028], uint32_t(bytes / page - 1));  // last_page
  put_le32(&h[1032], 0);                          // nr_badpages
  const char uuid[16] = {'t', 'o', 'r', 'p', 'o', 'r', '-', 's', 'w', 'a', 'p', 0x40, 0, 0, 0, 1};
  std::memcpy(&h[1036], uuid, 16);
  std::memcpy(&h[1052], "torpor-swap", 11);  // volume label
  std::memcpy(&h[page - 10], "SWAPSPACE2", 10);
  return h;
}

}  // namespace

void write_linux_disk(const std::string& path, const Config& config, const LinuxDiskContents& c) {
  const uint64_t dram = config.get_uint("dram.base"), dram_bytes = config.get_uint("dram.size_mib") << 20;
  std::vector<uint8_t> firmware =
      read_file(c.firmware, "OpenSBI firmware (Debian package opensbi)", linux_kernel_offset);
  std::vector<uint8_t> kernel = read_file(c.kernel, "Linux kernel Image", linux_dtb_offset - linux_kernel_offset);
  // The RISC-V Image header: magic "RISCV\0\0\0" at 48, "RSC\x05" at 56, image_size at 16.
  if (kernel.size() < 64 || std::memcmp(&kernel[56], "RSC\x05", 4) != 0)
    throw LoadError(fmt::format("{}: not a RISC-V Linux Image", c.kernel));
  const uint64_t kernel_memory = std::max<uint64_t>(le64(kernel, 16), kernel.size());
  if (firmware.size() > linux_kernel_offset)
    throw LoadError(fmt::format("{}: {} bytes do not fit below the kernel", c.firmware, firmware.size()));
  // Written so that a huge image_size in the header cannot wrap the sum.
  if (kernel_memory > linux_dtb_offset - linux_kernel_offset || linux_dtb_offset + (1u << 20) > dram_bytes)
    throw ConfigError(fmt::format("dram.size_mib: the kernel ({} bytes) and device tree do not fit", kernel_memory));

  DeviceTreeOptions dt;
  dt.bootargs = c.bootargs;
  dt.firmware_bytes = linux_kernel_offset;  // OpenSBI's region stays out of Linux's memory
  std::vector<uint8_t> dtb = compile_device_tree(device_tree_source(config, dt), "the platform's device tree");

  const uint64_t fw_bytes = firmware.size(), dtb_bytes = dtb.size();
  const std::vector<BootPayload> payloads = {{dram, std::move(firmware), fw_bytes},
                                             {dram + linux_kernel_offset, std::move(kernel), kernel_memory},
                                             {dram + linux_dtb_offset, std::move(dtb), dtb_bytes}};
  // Swap after the boot region, 1 MiB aligned.
  const uint64_t swap_bytes = c.swap_mib << 20;
  const uint64_t boot_sectors = write_boot_region(path, payloads, dram, dram + linux_dtb_offset, 0);
  const uint64_t swap_first = (boot_sectors * sector + (1u << 20) - 1) / (1u << 20) * (1u << 20) / sector;
  const uint64_t swap_sectors = swap_bytes / sector;

  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  if (!f) throw LoadError(fmt::format("{}: cannot reopen the disk image", path));
  uint8_t mbr[64 + 2] = {};
  mbr_entry(mbr, 0xda, BOOT_DATA_SECTOR, boot_sectors - BOOT_DATA_SECTOR);               // the boot region (non-FS data)
  mbr_entry(mbr + 16, 0x82, swap_first, swap_sectors);     // Linux swap
  mbr[64] = 0x55, mbr[65] = 0xaa;
  f.seekp(446);
  f.write(reinterpret_cast<const char*>(mbr), sizeof mbr);
  const std::vector<uint8_t> header = swap_header(swap_bytes);
  f.seekp(std::streamoff(swap_first * sector));
  f.write(reinterpret_cast<const char*>(header.data()), std::streamsize(header.size()));
  // The disk ends with the swap area (sparse: nothing else is written).
  f.seekp(std::streamoff((swap_first + swap_sectors) * sector - 1));
  f.put(0);
  if (!f) throw LoadError(fmt::format("{}: cannot write the partition table or swap area", path));
}

}  // namespace torpor
