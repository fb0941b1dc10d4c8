// The Linux boot disk (platform/linux_disk.cpp): the boot region loads the
// firmware, the kernel (with its BSS) and the device tree where fw_jump
// expects them and passes the tree in a1; sector 0 also holds a valid MBR
// whose second partition is a Linux swap area with its signature.
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "platform/config.h"
#include "platform/elf_loader.h"
#include "platform/linux_disk.h"

extern "C" {
#include "sw/boot/boot_format.h"
}

namespace torpor {
namespace {

class LinuxDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v dtc >/dev/null 2>&1") != 0) GTEST_SKIP() << "dtc not installed";
    dir = testing::TempDir() + "linux_disk_" + std::to_string(::getpid());
    firmware = dir + ".fw";
    kernel = dir + ".Image";
    disk = dir + ".img";
    std::ofstream(firmware, std::ios::binary) << std::string(5000, 'F');
    std::vector<uint8_t> image(9000, 0x4b);
    const uint64_t image_size = 0x30000;  // with BSS
    std::memcpy(&image[16], &image_size, 8);
    std::memcpy(&image[48], "RISCV\0\0\0", 8);
    std::memcpy(&image[56], "RSC\x05", 4);
    std::ofstream(kernel, std::ios::binary).write(reinterpret_cast<const char*>(image.data()), image.size());
    contents.firmware = firmware;
    contents.kernel = kernel;
    contents.swap_mib = 8;
  }
  void TearDown() override {
    ::unlink(firmware.c_str());
    ::unlink(kernel.c_str());
    ::unlink(disk.c_str());
  }
  std::vector<uint8_t> read_disk() {
    std::ifstream in(disk, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static uint32_t le32(const std::vector<uint8_t>& b, size_t at) {
    uint32_t v;
    std::memcpy(&v, &b[at], 4);
    return v;
  }
  std::string dir, firmware, kernel, disk;
  LinuxDiskContents contents;
};

TEST_F(LinuxDisk, BootRegionPartitionTableAndSwapArea) {
  Config config;
  write_linux_disk(disk, config, contents);
  const std::vector<uint8_t> d = read_disk();
  boot_header h;
  std::memcpy(&h, d.data(), sizeof h);
  EXPECT_EQ(h.magic, BOOT_HEADER_MAGIC);
  ASSERT_EQ(h.segment_count, 3u);
  EXPECT_EQ(h.entry, 0x80000000u);
  EXPECT_EQ(h.arg1, 0x80000000u + linux_dtb_offset);
  EXPECT_EQ(h.segments[0].load_address, 0x80000000u);
  EXPECT_EQ(h.segments[0].file_bytes, 5000u);
  EXPECT_EQ(h.segments[1].load_address, 0x80000000u + linux_kernel_offset);
  EXPECT_EQ(h.segments[1].file_bytes, 9000u);
  EXPECT_EQ(h.segments[1].memory_bytes, 0x30000u);  // the BSS is zeroed by the ROM
  EXPECT_EQ(d[h.segments[1].disk_sector * 512 + 100], 0x4b);
  EXPECT_EQ(d[h.segments[2].disk_sector * 512], 0xd0);  // the DTB's magic
  // MBR: signature, partition 1 the boot region, partition 2 swap.
  EXPECT_EQ(d[510], 0x55);
  EXPECT_EQ(d[511], 0xaa);
  EXPECT_EQ(d[446 + 4], 0xda);
  EXPECT_EQ(le32(d, 446 + 8), BOOT_DATA_SECTOR);
  EXPECT_EQ(d[462 + 4], 0x82);
  const uint32_t swap_first = le32(d, 462 + 8), swap_sectors = le32(d, 462 + 12);
  EXPECT_EQ(swap_sectors, 8u * 2048);
  EXPECT_EQ(swap_first % 2048, 0u);                 // 1 MiB aligned
  EXPECT_GE(swap_first, h.total_sectors);           // after the boot region
  EXPECT_EQ(d.size(), (uint64_t(swap_first) + swap_sectors) * 512);
  const size_t swap = size_t(swap_first) * 512;
  EXPECT_EQ(std::memcmp(&d[swap + 4096 - 10], "SWAPSPACE2", 10), 0);
  EXPECT_EQ(le32(d, swap + 1024), 1u);                   // version
  EXPECT_EQ(le32(d, swap + 1028), 8u * 256 - 1);         // last page
}

TEST_F(LinuxDisk, MissingKernelIsNamed) {
  contents.kernel = dir + ".missing";
  try {
    write_linux_disk(disk, Config{}, contents);
    FAIL();
  } catch (const LoadError& e) {
    EXPECT_NE(std::string(e.what()).find(".missing: cannot open the Linux kernel Image"), std::string::npos) << e.what();
  }
}

TEST_F(LinuxDisk, NotAnImageIsRejected) {
  contents.kernel = firmware;
  EXPECT_THROW(write_linux_disk(disk, Config{}, contents), LoadError);
}

}  // namespace
}  // namespace torpor
