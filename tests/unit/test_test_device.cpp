#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/recording_sim_control.h"
#include "models/common/sim_control.h"
#include "models/periph/test_device.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using test::TlmTestInitiator;

using test::RecordingSimControl;

struct FinisherBench {
  RecordingSimControl control;
  TestDevice finisher{"finisher", control};
  TlmTestInitiator cpu{"cpu"};
  FinisherBench() { cpu.socket.bind(finisher.socket); }
};

TEST(TestDevice, PassCommandRequestsPoweroff) {
  FinisherBench b;
  b.cpu.run([&] { EXPECT_EQ(b.cpu.write32(0, 0x5555), tlm::TLM_OK_RESPONSE); });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  ASSERT_EQ(b.control.requests.size(), 1u);
  EXPECT_EQ(b.control.requests[0].reason, StopReason::guest_poweroff);
  EXPECT_EQ(b.control.requests[0].exit_code, 0);
}

TEST(TestDevice, FailCommandCarriesExitCodeFromUpperHalf) {
  FinisherBench b;
  b.cpu.run([&] { b.cpu.write32(0, (42u << 16) | 0x3333); });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  ASSERT_EQ(b.control.requests.size(), 1u);
  EXPECT_EQ(b.control.requests[0].reason, StopReason::guest_fail);
  EXPECT_EQ(b.control.requests[0].exit_code, 42);
  EXPECT_NE(b.control.requests[0].message.find("42"), std::string::npos);
}

TEST(TestDevice, ResetCommandRequestsReset) {
  FinisherBench b;
  b.cpu.run([&] { b.cpu.write32(0, 0x7777); });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  ASSERT_EQ(b.control.requests.size(), 1u);
  EXPECT_EQ(b.control.requests[0].reason, StopReason::guest_reset);
}

TEST(TestDevice, UnknownCommandIsIgnored) {
  FinisherBench b;
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.write32(0, 0x1234), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.write32(0, 0x55550000), tlm::TLM_OK_RESPONSE);  // command is in the low half
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_TRUE(b.control.requests.empty());
}

// OpenSBI's sifive_test driver writes the 16-bit command half (writew).
TEST(TestDevice, SixteenBitWritePowersOff) {
  FinisherBench b;
  b.cpu.run([&] { b.cpu.write16(0, 0x5555); });
  sc_core::sc_start();
  ASSERT_EQ(b.control.requests.size(), 1u);
  EXPECT_EQ(b.control.requests[0].reason, StopReason::guest_poweroff);
}

TEST(TestDevice, ReadsZeroAndRejectsBadAccesses) {
  FinisherBench b;
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.read32(0), 0u);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.write32(4, 0x5555), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write8(0, 0x55), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write64(0, 0x5555), tlm::TLM_BURST_ERROR_RESPONSE);
    const uint32_t pass = 0x5555;
    EXPECT_EQ(b.cpu.debug_write(0, &pass, 4), 0u);  // a debugger cannot end the run
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_TRUE(b.control.requests.empty());
}

}  // namespace
}  // namespace torpor
