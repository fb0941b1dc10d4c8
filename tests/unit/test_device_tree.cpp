// The device tree generated from the config (platform/device_tree.cpp):
// addresses, interrupt lines, timebase and MMU type follow the config, the
// firmware's region stays out of the memory node, and dtc compiles it.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "platform/config.h"
#include "platform/device_tree.h"
#include "platform/elf_loader.h"

namespace torpor {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(DeviceTree, FollowsTheConfig) {
  Config c;
  c.set("uart.base=0x10020000");
  c.set("uart.irq=7");
  c.set("storage.irq=3");
  c.set("clint.timebase_hz=4000000");
  c.set("core.satp_modes=[sv39, sv48]");
  c.set("dram.size_mib=128");
  DeviceTreeOptions o;
  o.bootargs = "console=ttyS0 quiet";
  const std::string dts = device_tree_source(c, o);
  EXPECT_TRUE(contains(dts, "serial@10020000")) << dts;
  EXPECT_TRUE(contains(dts, "stdout-path = \"/soc/serial@10020000\""));
  EXPECT_TRUE(contains(dts, "interrupts-extended = <&plic 7>"));
  EXPECT_TRUE(contains(dts, "interrupts-extended = <&plic 3>"));
  EXPECT_TRUE(contains(dts, "timebase-frequency = <4000000>"));
  EXPECT_TRUE(contains(dts, "mmu-type = \"riscv,sv48\""));
  EXPECT_TRUE(contains(dts, "bootargs = \"console=ttyS0 quiet\""));
  // Memory starts after the firmware's 2 MiB and ends where DRAM ends.
  EXPECT_TRUE(contains(dts, "memory@80200000"));
  EXPECT_TRUE(contains(dts, "reg = <0x0 0x80200000 0x0 0x7e00000>")) << dts;
}

TEST(DeviceTree, Sv39OnlyCoreSaysSv39) {
  Config c;
  c.set("core.satp_modes=[sv39]");
  EXPECT_TRUE(contains(device_tree_source(c, {}), "mmu-type = \"riscv,sv39\""));
}

TEST(DeviceTree, SstcIsListedOnlyWhenConfigured) {
  Config c;
  EXPECT_FALSE(contains(device_tree_source(c, {}), "sstc"));
  c.set("core.sstc=on");
  const std::string dts = device_tree_source(c, {});
  EXPECT_TRUE(contains(dts, "rv64imac_zicntr_zicsr_zifencei_sstc"));
  EXPECT_TRUE(contains(dts, "\"zifencei\", \"sstc\";"));
}

TEST(DeviceTree, FirmwareLargerThanDramIsAConfigError) {
  Config c;
  c.set("dram.size_mib=2");
  DeviceTreeOptions o;
  o.firmware_bytes = 2u << 20;
  EXPECT_THROW(device_tree_source(c, o), ConfigError);
}

TEST(DeviceTree, CompilesWithDtc) {
  if (std::system("command -v dtc >/dev/null 2>&1") != 0) GTEST_SKIP() << "dtc not installed";
  const std::vector<uint8_t> dtb = compile_device_tree(device_tree_source(Config{}, {}), "test tree");
  ASSERT_GE(dtb.size(), 40u);
  const uint8_t magic[4] = {0xd0, 0x0d, 0xfe, 0xed};  // FDT header magic, big-endian
  EXPECT_EQ(std::memcmp(dtb.data(), magic, 4), 0);
}

TEST(DeviceTree, DtcErrorsAreReported) {
  if (std::system("command -v dtc >/dev/null 2>&1") != 0) GTEST_SKIP() << "dtc not installed";
  try {
    compile_device_tree("/dts-v1/;\n/ { broken", "broken tree");
    FAIL() << "no error";
  } catch (const LoadError& e) {
    EXPECT_TRUE(contains(e.what(), "broken tree: dtc failed")) << e.what();
  }
}

}  // namespace
}  // namespace torpor
