#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/common/stats.h"
#include "models/periph/boot_rom.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using test::TlmTestInitiator;

const std::vector<uint8_t> image = {0x97, 0x02, 0x00, 0x00, 0x13, 0x05, 0x00, 0x00};

TEST(BootRom, ReadsImageThenZeros) {
  BootRom rom("rom", image, 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(rom.socket);
  cpu.run([&] {
    EXPECT_EQ(cpu.read32(0), 0x00000297u);
    EXPECT_EQ(cpu.read64(0), 0x0000051300000297ull);
    EXPECT_EQ(cpu.read32(8), 0u);
    EXPECT_EQ(cpu.read32(4092), 0u);
    EXPECT_EQ(cpu.last_status(), tlm::TLM_OK_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  EXPECT_EQ(rom.size(), 4096u);
}

TEST(BootRom, GuestWriteIsCommandErrorAndChangesNothing) {
  BootRom rom("rom", image, 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(rom.socket);
  StatsRegistry stats;
  rom.register_stats(stats);
  cpu.run([&] {
    EXPECT_EQ(cpu.write32(0, 0xffffffff), tlm::TLM_COMMAND_ERROR_RESPONSE);
    EXPECT_EQ(cpu.read32(0), 0x00000297u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  bool found = false;
  for (const auto& s : stats.snapshot()) {
    if (s.name == "rom.writes_refused") {
      found = true;
      EXPECT_EQ(s.value, 1);
    }
  }
  EXPECT_TRUE(found);
}

TEST(BootRom, OutOfRangeIsAddressError) {
  BootRom rom("rom", image, 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(rom.socket);
  cpu.run([&] {
    cpu.read32(4094);
    EXPECT_EQ(cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    cpu.read8(4096);
    EXPECT_EQ(cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(cpu.write8(5000, 0), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(BootRom, DebugWritePatchesContents) {
  BootRom rom("rom", image, 4096);
  TlmTestInitiator loader("loader");
  loader.socket.bind(rom.socket);
  loader.run([&] {
    const uint32_t patch = 0x80000537;  // lui a0, 0x80000
    EXPECT_EQ(loader.debug_write(0x40, &patch, 4), 4u);
    EXPECT_EQ(loader.read32(0x40), patch);
    uint8_t tail[8];
    EXPECT_EQ(loader.debug_read(4092, tail, 8), 4u);  // cut at the end
  });
  sc_core::sc_start();
  EXPECT_TRUE(loader.finished());
}

TEST(BootRom, DmiIsReadOnlyOverWholeRom) {
  BootRom rom("rom", image, 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(rom.socket);
  cpu.run([&] {
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(cpu.get_dmi(0x10, false, dmi));
    EXPECT_TRUE(dmi.is_read_allowed());
    EXPECT_FALSE(dmi.is_write_allowed());
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), 4095u);
    EXPECT_EQ(dmi.get_dmi_ptr()[0], 0x97);

    tlm::tlm_dmi for_write;
    cpu.get_dmi(0x10, true, for_write);
    EXPECT_FALSE(for_write.is_write_allowed());
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(BootRom, ImageLargerThanRomIsRejected) {
  EXPECT_THROW(BootRom("rom", std::vector<uint8_t>(4097, 0), 4096), std::invalid_argument);
}

}  // namespace
}  // namespace torpor
