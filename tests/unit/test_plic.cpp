#include <cstdint>
#include <stdexcept>

#include <gtest/gtest.h>

#include "models/common/stats.h"
#include "models/periph/plic.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using sc_core::sc_time;
using sc_core::SC_NS;
using test::TlmTestInitiator;

constexpr unsigned m_mode = 0;  // context 0: hart 0 M-mode (MEIP)
constexpr unsigned s_mode = 1;  // context 1: hart 0 S-mode (SEIP)

constexpr uint64_t priority(unsigned source) { return Plic::priority_offset + 4 * source; }
constexpr uint64_t pending(unsigned word) { return Plic::pending_offset + 4 * word; }
constexpr uint64_t enable(unsigned context, unsigned word = 0) {
  return Plic::enable_offset + Plic::enable_context_stride * context + 4 * word;
}
constexpr uint64_t threshold(unsigned context) { return Plic::threshold_offset + Plic::context_stride * context; }
constexpr uint64_t claim(unsigned context) { return Plic::claim_complete_offset + Plic::context_stride * context; }
constexpr uint64_t complete(unsigned context) { return claim(context); }

constexpr uint32_t bit(unsigned source) { return uint32_t{1} << (source % 32); }

// Lets a line change or a register access reach the context outputs: the
// PLIC's method runs one delta cycle later, its output signal updates at
// the end of that delta.
void settle() {
  sc_core::wait(sc_core::SC_ZERO_TIME);
  sc_core::wait(sc_core::SC_ZERO_TIME);
}

// A PLIC with its interrupt lines and context outputs on signals the test
// owns, and a test initiator.
struct PlicBench {
  sc_core::sc_vector<sc_core::sc_signal<bool>> lines;
  sc_core::sc_vector<sc_core::sc_signal<bool>> context_irq;
  Plic plic;
  TlmTestInitiator cpu{"cpu"};

  explicit PlicBench(unsigned sources = 32, unsigned contexts = 2)
      : lines("line", sources), context_irq("context_irq_signal", contexts), plic("plic", sources, contexts) {
    plic.irq_in.bind(lines);
    plic.context_irq.bind(context_irq);
    cpu.socket.bind(plic.socket);
  }

  void set_line(unsigned source, bool level) { lines[source].write(level); }
  bool irq(unsigned context) const { return context_irq[context].read(); }
};

TEST(Plic, RegistersResetToZero) {
  PlicBench b;
  b.cpu.run([&] {
    for (unsigned source = 0; source < 32; ++source) EXPECT_EQ(b.cpu.read32(priority(source)), 0u) << source;
    EXPECT_EQ(b.cpu.read32(pending(0)), 0u);
    for (unsigned context : {m_mode, s_mode}) {
      EXPECT_EQ(b.cpu.read32(enable(context)), 0u);
      EXPECT_EQ(b.cpu.read32(threshold(context)), 0u);
      EXPECT_EQ(b.cpu.read32(claim(context)), 0u);
    }
  });
  sc_core::sc_start(sc_time(10, SC_NS));
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_FALSE(b.irq(m_mode));
  EXPECT_FALSE(b.irq(s_mode));
}

TEST(Plic, PriorityAndThresholdKeepThreeBits) {
  PlicBench b;
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.write32(priority(31), 0xffffffff), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(priority(31)), 7u);
    b.cpu.write32(priority(1), 0x9);  // WARL: only the low 3 bits stick
    EXPECT_EQ(b.cpu.read32(priority(1)), 1u);
    EXPECT_EQ(b.cpu.write32(threshold(s_mode), 0xffffffff), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(threshold(s_mode)), 7u);
    EXPECT_EQ(b.cpu.read32(threshold(m_mode)), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, PendingBitFollowsRisingLevelLineAndIgnoresWrites) {
  PlicBench b(64);
  b.cpu.run([&] {
    b.set_line(5, true);
    b.set_line(40, true);
    settle();
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(5));
    EXPECT_EQ(b.cpu.read32(pending(1)), bit(40));
    EXPECT_EQ(b.cpu.write32(pending(0), 0), tlm::TLM_OK_RESPONSE);  // read-only
    EXPECT_EQ(b.cpu.write32(pending(1), 0xffffffff), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(5));
    EXPECT_EQ(b.cpu.read32(pending(1)), bit(40));
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, ClaimOrdersByPriorityThenLowestId) {
  PlicBench b(64);
  b.cpu.run([&] {
    b.cpu.write32(priority(3), 2);
    b.cpu.write32(priority(9), 5);
    b.cpu.write32(priority(7), 5);
    b.cpu.write32(priority(12), 1);
    b.cpu.write32(priority(33), 7);
    b.cpu.write32(enable(m_mode, 0), bit(3) | bit(7) | bit(9) | bit(12));
    b.cpu.write32(enable(m_mode, 1), bit(33));
    for (unsigned source : {3, 7, 9, 12, 33}) b.set_line(source, true);
    settle();
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 33u);
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 7u);  // 7 and 9 tie at 5: lower id first
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(3) | bit(9) | bit(12));  // claiming clears pending
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 9u);
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 3u);
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 12u);
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);
    EXPECT_EQ(b.cpu.read32(pending(0)), 0u);
    EXPECT_EQ(b.cpu.read32(pending(1)), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, ClaimReturnsZeroWhenNothingClaimable) {
  PlicBench b;
  StatsRegistry stats;
  b.plic.register_stats(stats);
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);  // no line high
    b.set_line(2, true);
    b.cpu.write32(enable(m_mode), bit(2));
    settle();
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);  // priority 0 never interrupts
    b.set_line(3, true);
    b.cpu.write32(priority(3), 4);
    settle();
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);  // pending but not enabled
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(2) | bit(3));  // both still pending
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  ASSERT_EQ(stats.snapshot().at(0).name, "plic.claims");
  EXPECT_EQ(stats.snapshot().at(0).value, 0);
}

TEST(Plic, ThresholdMasksSourcesAtOrBelowIt) {
  PlicBench b;
  b.cpu.run([&] {
    b.cpu.write32(priority(8), 3);
    b.cpu.write32(enable(m_mode), bit(8));
    b.cpu.write32(threshold(m_mode), 3);
    b.set_line(8, true);
    settle();
    EXPECT_FALSE(b.irq(m_mode));
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(8));  // masked, not lost
    b.cpu.write32(threshold(m_mode), 2);
    settle();
    EXPECT_TRUE(b.irq(m_mode));
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 8u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, EnablesAreSeparatePerContext) {
  PlicBench b;
  b.cpu.run([&] {
    b.cpu.write32(priority(4), 1);
    b.cpu.write32(priority(6), 1);
    b.cpu.write32(enable(s_mode), bit(4));
    b.cpu.write32(enable(m_mode), bit(6));
    EXPECT_EQ(b.cpu.read32(enable(m_mode)), bit(6));
    EXPECT_EQ(b.cpu.read32(enable(s_mode)), bit(4));
    b.set_line(4, true);
    settle();
    EXPECT_FALSE(b.irq(m_mode));
    EXPECT_TRUE(b.irq(s_mode));
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);
    EXPECT_EQ(b.cpu.read32(claim(s_mode)), 4u);
    b.set_line(6, true);
    settle();
    EXPECT_TRUE(b.irq(m_mode));
    EXPECT_FALSE(b.irq(s_mode));
    EXPECT_EQ(b.cpu.read32(claim(s_mode)), 0u);
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 6u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, CompleteRependsStillHighLevelLine) {
  PlicBench b;
  b.cpu.run([&] {
    b.cpu.write32(priority(10), 1);
    b.cpu.write32(enable(m_mode), bit(10));
    b.set_line(10, true);
    settle();
    EXPECT_TRUE(b.irq(m_mode));
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 10u);
    settle();
    // In service: the gateway forwards no new request while the line stays high.
    EXPECT_FALSE(b.irq(m_mode));
    EXPECT_EQ(b.cpu.read32(pending(0)), 0u);
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);

    EXPECT_EQ(b.cpu.write32(complete(m_mode), 10), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(10));  // still high: pending again at once
    settle();
    EXPECT_TRUE(b.irq(m_mode));
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 10u);

    b.set_line(10, false);  // the driver has served the device
    settle();
    b.cpu.write32(complete(m_mode), 10);
    settle();
    EXPECT_EQ(b.cpu.read32(pending(0)), 0u);
    EXPECT_FALSE(b.irq(m_mode));
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, CompleteIgnoresSourceNotEnabledForContext) {
  PlicBench b;
  StatsRegistry stats;
  b.plic.register_stats(stats);
  b.cpu.run([&] {
    b.cpu.write32(priority(3), 1);
    b.cpu.write32(enable(m_mode), bit(3));
    b.set_line(3, true);
    settle();
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 3u);
    b.cpu.write32(complete(s_mode), 3);  // 3 is not enabled for S-mode: ignored
    EXPECT_EQ(b.cpu.read32(pending(0)), 0u);
    b.cpu.write32(complete(m_mode), 31);  // not in service: ignored
    b.cpu.write32(complete(m_mode), 1000);  // no such source: ignored
    b.cpu.write32(complete(m_mode), 3);
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(3));
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  const auto snapshot = stats.snapshot();
  ASSERT_EQ(snapshot.size(), 2u);
  EXPECT_EQ(snapshot[0].name, "plic.claims");
  EXPECT_EQ(snapshot[0].value, 1);
  EXPECT_EQ(snapshot[1].name, "plic.completes");
  EXPECT_EQ(snapshot[1].value, 1);
}

TEST(Plic, PendingStaysAfterLineDropsUntilClaimed) {
  // Spec, "Interrupt Gateways": the request is forwarded when the level
  // rises; only a claim clears the pending bit.
  PlicBench b;
  b.cpu.run([&] {
    b.cpu.write32(priority(9), 2);
    b.cpu.write32(enable(m_mode), bit(9));
    b.set_line(9, true);
    settle();
    b.set_line(9, false);
    settle();
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(9));
    EXPECT_TRUE(b.irq(m_mode));
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 9u);
    b.cpu.write32(complete(m_mode), 9);
    settle();
    EXPECT_EQ(b.cpu.read32(pending(0)), 0u);  // line low: no new request
    EXPECT_FALSE(b.irq(m_mode));
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, SourceZeroIsHardWired) {
  PlicBench b;
  b.cpu.run([&] {
    b.set_line(0, true);  // irq_in[0] is bound but there is no source 0
    EXPECT_EQ(b.cpu.write32(priority(0), 7), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(priority(0)), 0u);
    b.cpu.write32(enable(m_mode), 0xffffffff);
    EXPECT_EQ(b.cpu.read32(enable(m_mode)), 0xfffffffeu);
    settle();
    EXPECT_EQ(b.cpu.read32(pending(0)), 0u);
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 0u);
    EXPECT_EQ(b.cpu.write32(complete(m_mode), 0), tlm::TLM_OK_RESPONSE);
    settle();
    EXPECT_FALSE(b.irq(m_mode));
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, EnableBitsBeyondLastSourceReadZero) {
  PlicBench b(40);  // sources 1..39: two enable words, the second one partly
  b.cpu.run([&] {
    EXPECT_EQ(b.cpu.write32(enable(s_mode, 1), 0xffffffff), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.cpu.read32(enable(s_mode, 1)), 0xffu);
    b.cpu.read32(enable(s_mode, 2));
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(pending(2));
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, ContextIrqRisesAndFalls) {
  PlicBench b;
  sc_time raised_at = sc_core::SC_ZERO_TIME;
  b.cpu.run([&] {
    b.cpu.write32(priority(20), 6);
    b.cpu.write32(enable(s_mode), bit(20));
    sc_core::wait(5, SC_NS);
    b.set_line(20, true);
    sc_core::wait(b.context_irq[s_mode].posedge_event());
    raised_at = sc_core::sc_time_stamp();
    EXPECT_FALSE(b.irq(m_mode));

    b.cpu.write32(enable(s_mode), 0);  // disabling masks it
    settle();
    EXPECT_FALSE(b.irq(s_mode));
    b.cpu.write32(enable(s_mode), bit(20));
    settle();
    EXPECT_TRUE(b.irq(s_mode));
    b.cpu.write32(threshold(s_mode), 6);  // so does raising the threshold
    settle();
    EXPECT_FALSE(b.irq(s_mode));
    b.cpu.write32(threshold(s_mode), 0);
    settle();
    EXPECT_TRUE(b.irq(s_mode));
    EXPECT_EQ(b.cpu.read32(claim(s_mode)), 20u);  // and claiming clears it
    settle();
    EXPECT_FALSE(b.irq(s_mode));
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_EQ(raised_at, sc_time(5, SC_NS));
}

TEST(Plic, LineHighBeforeStartIsPendingAtStart) {
  PlicBench b;
  b.set_line(17, true);
  sc_core::sc_start(sc_time(1, SC_NS));
  uint32_t value = 0;
  EXPECT_EQ(b.cpu.debug_read(pending(0), &value, 4), 4u);
  EXPECT_EQ(value, bit(17));
}

TEST(Plic, BadOffsetsAndSizesAreErrors) {
  PlicBench b;  // 32 sources, 2 contexts
  b.cpu.run([&] {
    b.cpu.read8(priority(1));
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write16(priority(1), 7), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write64(priority(2), 0x0000000700000007ull), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write32(priority(1) + 2, 7), tlm::TLM_BURST_ERROR_RESPONSE);  // misaligned
    b.cpu.read64(threshold(m_mode));  // threshold and claim as one 64-bit access
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write8(claim(s_mode), 1), tlm::TLM_BURST_ERROR_RESPONSE);

    EXPECT_EQ(b.cpu.write32(priority(32), 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);  // no source 32
    b.cpu.read32(pending(1));
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write32(enable(m_mode, 1), 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.write32(enable(2), 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);  // no context 2
    EXPECT_EQ(b.cpu.write32(threshold(2), 1), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(claim(2));
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(Plic::threshold_offset + 8);  // reserved rest of a context's page
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    b.cpu.read32(0x3fffffc);
    EXPECT_EQ(b.cpu.last_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);

    // The bad writes changed nothing.
    EXPECT_EQ(b.cpu.read32(priority(1)), 0u);
    EXPECT_EQ(b.cpu.read32(priority(2)), 0u);
    EXPECT_EQ(b.cpu.read32(enable(m_mode)), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, ByteEnablesAndShortStreamingWidthAreErrors) {
  PlicBench b;
  b.cpu.run([&] {
    uint32_t value = 7;
    unsigned char byte_enables[4] = {0xff, 0xff, 0xff, 0xff};
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_WRITE_COMMAND);
    trans.set_address(priority(1));
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    trans.set_data_length(4);
    trans.set_streaming_width(4);
    trans.set_byte_enable_ptr(byte_enables);
    trans.set_byte_enable_length(4);
    EXPECT_EQ(b.cpu.transport(trans), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    trans.set_byte_enable_ptr(nullptr);
    trans.set_streaming_width(2);
    EXPECT_EQ(b.cpu.transport(trans), tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(b.cpu.read32(priority(1)), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, DebugReadPeeksClaimWithoutClaiming) {
  PlicBench b;
  b.cpu.run([&] {
    b.cpu.write32(priority(5), 1);
    b.cpu.write32(enable(m_mode), bit(5));
    b.set_line(5, true);
    settle();
    uint32_t value = 0;
    EXPECT_EQ(b.cpu.debug_read(claim(m_mode), &value, 4), 4u);
    EXPECT_EQ(value, 5u);
    EXPECT_EQ(b.cpu.read32(pending(0)), bit(5));  // not claimed
    const uint32_t seven = 7;
    EXPECT_EQ(b.cpu.debug_write(priority(5), &seven, 4), 0u);
    EXPECT_EQ(b.cpu.read32(priority(5)), 1u);
    EXPECT_EQ(b.cpu.debug_read(priority(5), &value, 2), 0u);  // 32-bit only
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 5u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(Plic, ResetReturnsToPowerOnState) {
  PlicBench b;
  b.cpu.run([&] {
    b.cpu.write32(priority(2), 3);
    b.cpu.write32(priority(4), 3);
    b.cpu.write32(enable(m_mode), bit(2) | bit(4));
    b.cpu.write32(enable(s_mode), bit(4));
    b.cpu.write32(threshold(s_mode), 1);
    b.set_line(2, true);
    b.set_line(4, true);
    settle();
    EXPECT_EQ(b.cpu.read32(claim(m_mode)), 2u);  // 2 in service, 4 pending
    settle();
    EXPECT_TRUE(b.irq(m_mode));
    EXPECT_TRUE(b.irq(s_mode));
  });
  sc_core::sc_start(sc_time(10, SC_NS));
  ASSERT_TRUE(b.cpu.finished());

  b.plic.reset();
  sc_core::sc_start(sc_time(10, SC_NS));
  EXPECT_FALSE(b.irq(m_mode));
  EXPECT_FALSE(b.irq(s_mode));
  uint32_t value = 0xdead;
  for (uint64_t offset : {priority(2), priority(4), enable(m_mode), enable(s_mode), threshold(s_mode)}) {
    b.cpu.debug_read(offset, &value, 4);
    EXPECT_EQ(value, 0u) << std::hex << offset;
  }
  // Both lines are still high; with nothing in service, both pend again.
  b.cpu.debug_read(pending(0), &value, 4);
  EXPECT_EQ(value, bit(2) | bit(4));
}

TEST(Plic, ConstructorRejectsBadSizes) {
  EXPECT_THROW(Plic("too_many_sources", Plic::max_sources + 1, 2), std::invalid_argument);
  EXPECT_THROW(Plic("no_sources", 1, 2), std::invalid_argument);
  EXPECT_THROW(Plic("no_contexts", 32, 0), std::invalid_argument);
}

}  // namespace
}  // namespace torpor
