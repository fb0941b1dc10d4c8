// The router: address decode, target-relative addresses, decode errors,
// overlays and DMI ranges translated back to global addresses.
#include <gtest/gtest.h>

#include "models/bus/router.h"
#include "models/dram/memory.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using test::TlmTestInitiator;

struct RouterBench {
  TlmTestInitiator cpu{"cpu"};
  bus::Router router{"router"};
  Memory low{"low", 0x1000};
  Memory high{"high", 0x10000};
  Memory overlay{"overlay", 0x10};
  RouterBench() {
    cpu.socket.bind(router.target_socket);
    router.map("low", 0x1000, 0x1000);
    router.initiator_socket.bind(low.socket);
    router.map("high", 0x80000000, 0x10000);
    router.initiator_socket.bind(high.socket);
    router.map("overlay", 0x80004000, 0x10, true);
    router.initiator_socket.bind(overlay.socket);
  }
};

TEST(Router, RoutesToTargetsWithRelativeAddresses) {
  RouterBench b;
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.write32(0x1004, 0xdeadbeef), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.write32(0x80000008, 0x12345678), tlm::TLM_OK_RESPONSE);
  });
  sc_core::sc_start();
  ASSERT_TRUE(b.cpu.finished());
  uint32_t v;
  std::memcpy(&v, b.low.data() + 4, 4);
  EXPECT_EQ(v, 0xdeadbeefu);
  std::memcpy(&v, b.high.data() + 8, 4);
  EXPECT_EQ(v, 0x12345678u);
}

TEST(Router, UnmappedAndStraddlingAccessesAreAddressErrors) {
  RouterBench b;
  b.cpu.run([&] {
    uint32_t v = 0;
    EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, 0x40000000, &v, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, 0x1ffe, &v, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.access(tlm::TLM_READ_COMMAND, 0x80003ffe, &v, 4), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Router, OverlayTakesPrecedenceInsideItsRange) {
  RouterBench b;
  b.cpu.run([&] { EXPECT_EQ(b.cpu.write64(0x80004008, 42), tlm::TLM_OK_RESPONSE); });
  sc_core::sc_start();
  uint64_t v;
  std::memcpy(&v, b.overlay.data() + 8, 8);
  EXPECT_EQ(v, 42u);
  std::memcpy(&v, b.high.data() + 0x4008, 8);
  EXPECT_EQ(v, 0u);
}

TEST(Router, DmiGrantIsGlobalAndStopsAtOverlays) {
  RouterBench b;
  b.cpu.run([&] {
    tlm::tlm_dmi below, above, low;
    ASSERT_TRUE(b.cpu.get_dmi(0x80000100, false, below));
    EXPECT_EQ(below.get_start_address(), 0x80000000u);
    EXPECT_EQ(below.get_end_address(), 0x80003fffu);
    EXPECT_EQ(below.get_dmi_ptr(), b.high.data());
    ASSERT_TRUE(b.cpu.get_dmi(0x80008000, true, above));
    EXPECT_EQ(above.get_start_address(), 0x80004010u);
    EXPECT_EQ(above.get_end_address(), 0x8000ffffu);
    EXPECT_EQ(above.get_dmi_ptr(), b.high.data() + 0x4010);
    ASSERT_TRUE(b.cpu.get_dmi(0x1800, false, low));
    EXPECT_EQ(low.get_start_address(), 0x1000u);
    EXPECT_EQ(low.get_end_address(), 0x1fffu);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Router, OverlappingPlainMappingsAreRejected) {
  bus::Router router("router");
  router.map("a", 0x1000, 0x1000);
  EXPECT_THROW(router.map("b", 0x1800, 0x1000), std::invalid_argument);
  EXPECT_THROW(router.map("c", 0x3000, 0), std::invalid_argument);
  EXPECT_NO_THROW(router.map("d", 0x1100, 0x10, true));
}

}  // namespace
}  // namespace torpor

namespace torpor {
namespace {

TEST(Router, WriteObserverSeesSuccessfulWritesWithTheInitiator) {
  RouterBench b;
  std::vector<std::tuple<uint64_t, uint64_t, int>> seen;
  b.router.set_write_observer([&](uint64_t a, uint64_t n, int id) { seen.emplace_back(a, n, id); });
  b.cpu.run([&] {
    b.cpu.write32(0x80000010, 1);
    uint32_t v;
    b.cpu.access(tlm::TLM_READ_COMMAND, 0x80000010, &v, 4);
    b.cpu.write32(0x40000000, 1);  // unmapped: no observation
  });
  sc_core::sc_start();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(std::get<0>(seen[0]), 0x80000010u);
  EXPECT_EQ(std::get<1>(seen[0]), 4u);
  EXPECT_EQ(std::get<2>(seen[0]), 0);
}

}  // namespace
}  // namespace torpor
