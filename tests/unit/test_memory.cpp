#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/common/stats.h"
#include "models/dram/memory.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using test::TlmTestInitiator;

double stat(const StatsRegistry& stats, const std::string& name) {
  for (const auto& s : stats.snapshot()) {
    if (s.name == name) return s.value;
  }
  ADD_FAILURE() << "no statistic " << name;
  return -1;
}

TEST(Memory, ReadsBackWhatWasWrittenAtEverySize) {
  Memory mem("mem", 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] {
    EXPECT_EQ(cpu.write8(0x10, 0xab), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.write16(0x20, 0xbeef), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.write32(0x30, 0xdeadbeef), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.write64(0x40, 0x0123456789abcdefull), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.read8(0x10), 0xab);
    EXPECT_EQ(cpu.read16(0x20), 0xbeef);
    EXPECT_EQ(cpu.read32(0x30), 0xdeadbeefu);
    EXPECT_EQ(cpu.read64(0x40), 0x0123456789abcdefull);
    EXPECT_EQ(cpu.read8(0x47), 0x01);  // little-endian byte order

    std::vector<uint8_t> block(256), back(256);
    for (size_t i = 0; i < block.size(); ++i) block[i] = static_cast<uint8_t>(i * 7);
    EXPECT_EQ(cpu.access(tlm::TLM_WRITE_COMMAND, 4096 - 256, block.data(), 256), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.access(tlm::TLM_READ_COMMAND, 4096 - 256, back.data(), 256), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(block, back);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  EXPECT_EQ(mem.data()[0x30], 0xef);
}

TEST(Memory, AccessPastTheEndIsAddressError) {
  Memory mem("mem", 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] {
    EXPECT_EQ(cpu.write32(4094, 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    cpu.read32(4096);
    EXPECT_EQ(cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    cpu.read64(~uint64_t{0} - 3);  // address + length wraps around
    EXPECT_EQ(cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    cpu.read32(4092);
    EXPECT_EQ(cpu.last_status(), tlm::TLM_OK_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(Memory, StreamingAccessIsBurstError) {
  Memory mem("mem", 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] {
    uint8_t data[8] = {};
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(0);
    trans.set_data_ptr(data);
    trans.set_data_length(8);
    trans.set_streaming_width(4);
    EXPECT_EQ(cpu.transport(trans), tlm::TLM_BURST_ERROR_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(Memory, ByteEnablesSelectWhichBytesAreWritten) {
  Memory mem("mem", 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] {
    cpu.write64(0, 0x1111111111111111ull);
    uint8_t data[8] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7};
    uint8_t enables[2] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED};  // repeats over the 8 bytes
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(0);
    trans.set_data_ptr(data);
    trans.set_data_length(8);
    trans.set_streaming_width(8);
    trans.set_byte_enable_ptr(enables);
    trans.set_byte_enable_length(2);
    EXPECT_EQ(cpu.transport(trans), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.read64(0), 0x11a611a411a211a0ull);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(Memory, FillByteIsReadBeforeFirstWrite) {
  Memory mem("mem", 1 << 20, 0xa5);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] { EXPECT_EQ(cpu.read32((1 << 20) - 4), 0xa5a5a5a5u); });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(Memory, FourGibibytesCostOnlyTouchedPages) {
  const uint64_t size = uint64_t{4} << 30;
  Memory mem("mem", size);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] {
    EXPECT_EQ(cpu.read64(size - 8), 0u);
    EXPECT_EQ(cpu.write64(size - 8, 0xfeedfacecafef00dull), tlm::TLM_OK_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  EXPECT_EQ(mem.size(), size);
  uint64_t back;
  std::memcpy(&back, mem.data() + size - 8, 8);
  EXPECT_EQ(back, 0xfeedfacecafef00dull);
}

TEST(Memory, DmiGrantsReadWriteOverWholeRange) {
  Memory mem("mem", 65536);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] {
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(cpu.get_dmi(0x1234, true, dmi));
    EXPECT_EQ(dmi.get_dmi_ptr(), mem.data());
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), 65535u);
    EXPECT_TRUE(dmi.is_read_write_allowed());
    EXPECT_EQ(dmi.get_read_latency(), sc_core::SC_ZERO_TIME);
    EXPECT_EQ(dmi.get_write_latency(), sc_core::SC_ZERO_TIME);
    dmi.get_dmi_ptr()[0x100] = 0x42;  // a DMI write is what b_transport sees
    EXPECT_EQ(cpu.read8(0x100), 0x42);

    tlm::tlm_dmi outside;
    EXPECT_FALSE(cpu.get_dmi(65536, false, outside));
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(Memory, BTransportMarksTransactionDmiAllowed) {
  Memory mem("mem", 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  cpu.run([&] {
    uint32_t value = 0;
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(0);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    trans.set_data_length(4);
    trans.set_streaming_width(4);
    trans.set_dmi_allowed(false);
    cpu.transport(trans);
    EXPECT_TRUE(trans.is_dmi_allowed());
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
}

TEST(Memory, DebugAccessIsCutAtTheEndAndNotCounted) {
  Memory mem("mem", 4096);
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(mem.socket);
  StatsRegistry stats;
  mem.register_stats(stats);
  cpu.run([&] {
    const uint8_t image[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_EQ(cpu.debug_write(4092, image, 8), 4u);
    uint8_t back[8] = {};
    EXPECT_EQ(cpu.debug_read(4092, back, 8), 4u);
    EXPECT_EQ(back[3], 4);
    EXPECT_EQ(cpu.debug_read(4096, back, 8), 0u);

    cpu.write32(0, 1);
    cpu.read64(8);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  EXPECT_EQ(stat(stats, "mem.bytes_written"), 4);
  EXPECT_EQ(stat(stats, "mem.bytes_read"), 8);
}

}  // namespace
}  // namespace torpor
