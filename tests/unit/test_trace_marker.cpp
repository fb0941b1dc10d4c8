#include <cstdint>

#include <gtest/gtest.h>

#include "models/common/stats.h"
#include "models/periph/trace_marker.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using sc_core::sc_time;
using sc_core::SC_NS;
using test::TlmTestInitiator;

TEST(TraceMarker, WritesRecordIdAndAnnotatedTime) {
  TraceMarker marker("marker");
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(marker.socket);
  StatsRegistry stats;
  marker.register_stats(stats);
  cpu.run([&] {
    EXPECT_EQ(cpu.write32(0, 1), tlm::TLM_OK_RESPONSE);
    sc_core::wait(10, SC_NS);
    cpu.set_local_offset(sc_time(5, SC_NS));
    EXPECT_EQ(cpu.write64(0, 0x1'0000'0002ull), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(cpu.read64(0), 0x1'0000'0002ull);
    EXPECT_EQ(cpu.read32(0), 2u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  ASSERT_EQ(marker.marks().size(), 2u);
  EXPECT_EQ(marker.marks()[0].id, 1u);
  EXPECT_EQ(marker.marks()[0].time, sc_core::SC_ZERO_TIME);
  EXPECT_EQ(marker.marks()[1].id, 0x1'0000'0002ull);
  EXPECT_EQ(marker.marks()[1].time, sc_time(15, SC_NS));
  EXPECT_EQ(stats.snapshot().at(0).name, "marker.marks");
  EXPECT_EQ(stats.snapshot().at(0).value, 2);
}

TEST(TraceMarker, PhaseSignalFollowsLastId) {
  TraceMarker marker("marker");
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(marker.socket);
  cpu.run([&] {
    EXPECT_EQ(marker.phase.read(), 0u);
    cpu.write32(0, 7);
    sc_core::wait(1, SC_NS);
    EXPECT_EQ(marker.phase.read(), 7u);
    cpu.write64(0, 9);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  EXPECT_EQ(marker.phase.read(), 9u);
}

TEST(TraceMarker, BadOffsetOrSizeIsErrorAndRecordsNothing) {
  TraceMarker marker("marker");
  TlmTestInitiator cpu("cpu");
  cpu.socket.bind(marker.socket);
  cpu.run([&] {
    EXPECT_EQ(cpu.write16(0, 3), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(cpu.write32(8, 3), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    uint64_t id = 0;
    EXPECT_EQ(cpu.debug_write(0, &id, 8), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(cpu.finished());
  EXPECT_TRUE(marker.marks().empty());
}

}  // namespace
}  // namespace torpor
