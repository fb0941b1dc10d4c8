// The copy engine's C++ twin against rtl/copy_engine/REGISTERS.md: list
// walking, page copies, burst/outstanding settings, errors, interrupt.
#include <gtest/gtest.h>

#include <random>

#include "models/bus/router.h"
#include "models/copy_engine/copy_engine_twin.h"
#include "models/dram/memory.h"
#include "tests/unit/tlm_test_initiator.h"

namespace torpor {
namespace {

using test::TlmTestInitiator;
constexpr uint64_t ram = 0x80000000, ram_size = 1 << 20, regs = 0x10002000;
constexpr uint64_t page_offset = 0xffffffd800000000ull;  // the linear map
constexpr uint64_t va_pa = ram - page_offset;            // physical = virtual + va_pa (mod 2^64)

struct EngineBench {
  TlmTestInitiator cpu{"cpu"};
  bus::Router router{"router"};
  Memory memory{"memory", ram_size};
  CopyEngineTwin engine{"engine"};
  sc_core::sc_signal<bool> irq{"irq"};
  EngineBench() {
    cpu.socket.bind(router.target_socket);
    engine.dma.bind(router.target_socket);
    router.map("memory", ram, ram_size);
    router.initiator_socket.bind(memory.socket);
    router.map("engine", regs, CopyEngineTwin::region_size);
    router.initiator_socket.bind(engine.socket);
    engine.irq.bind(irq);
  }
  uint8_t* at(uint64_t pa) { return memory.data() + (pa - ram); }
  void put64(uint64_t pa, uint64_t v) { std::memcpy(at(pa), &v, 8); }
  // A pbe at physical `where` (linear-map pointers), returns its virtual address.
  uint64_t pbe(uint64_t where, uint64_t from_pa, uint64_t to_pa, uint64_t next_va) {
    put64(where, from_pa - va_pa);
    put64(where + 8, to_pa - va_pa);
    put64(where + 16, next_va);
    return where - va_pa;
  }
  uint32_t reg(uint64_t offset) {
    uint32_t v = 0;
    cpu.access(tlm::TLM_READ_COMMAND, regs + offset, &v, 4);
    return v;
  }
  void set(uint64_t offset, uint32_t v) { cpu.write32(regs + offset, v); }
  // Starts a run and waits (in the initiator's thread) until BUSY clears.
  void run(uint64_t head_va, uint32_t control = CopyEngineTwin::control_start) {
    set(CopyEngineTwin::reg_list_head_lo, uint32_t(head_va));
    set(CopyEngineTwin::reg_list_head_hi, uint32_t(head_va >> 32));
    set(CopyEngineTwin::reg_offset_lo, uint32_t(va_pa));
    set(CopyEngineTwin::reg_offset_hi, uint32_t(va_pa >> 32));
    set(CopyEngineTwin::reg_control, control);
    for (int i = 0; i < 100000 && (reg(CopyEngineTwin::reg_status) & CopyEngineTwin::status_busy || i == 0); ++i)
      sc_core::wait(100, sc_core::SC_NS);
  }
  uint32_t error() { return (reg(CopyEngineTwin::reg_status) >> 8) & 0xFF; }
};

// Builds a list of n pages: sources at 0x80010000.., destinations at
// 0x80080000.. in shuffled order, pbes at 0x80001000.
uint64_t build_list(EngineBench& b, unsigned n, std::mt19937& rng) {
  std::vector<unsigned> slots(n);
  for (unsigned i = 0; i < n; ++i) slots[i] = i;
  std::shuffle(slots.begin(), slots.end(), rng);
  uint64_t next = 0;
  for (unsigned i = n; i-- > 0;) {
    const uint64_t src = ram + 0x10000 + 0x1000ull * i, dst = ram + 0x80000 + 0x1000ull * slots[i];
    for (unsigned k = 0; k < 4096; ++k) *b.at(src + k) = uint8_t(rng());
    next = b.pbe(ram + 0x1000 + 24ull * i, src, dst, next);
  }
  return next;
}

bool copied(EngineBench& b, unsigned n, std::mt19937 rng) {  // rng: the state build_list started from
  std::vector<unsigned> slots(n);
  for (unsigned i = 0; i < n; ++i) slots[i] = i;
  std::shuffle(slots.begin(), slots.end(), rng);
  for (unsigned i = 0; i < n; ++i)
    if (std::memcmp(b.at(ram + 0x10000 + 0x1000ull * i), b.at(ram + 0x80000 + 0x1000ull * slots[i]), 4096)) return false;
  return true;
}

TEST(CopyEngineTwin, IdentifiesItselfWithResetValues) {
  EngineBench b;
  b.cpu.run([&] {
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_id), CopyEngineTwin::id_value);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_version), 1u);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_burst_beats), 8u);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_max_outstanding), 4u);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_list_limit), 0x100000u);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_status), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(CopyEngineTwin, EmptyListIsDoneAtOnce) {
  EngineBench b;
  b.cpu.run([&] {
    b.run(0);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_status), CopyEngineTwin::status_done);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_pages_copied), 0u);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(CopyEngineTwin, CopiesEveryPageOfAScatteredListAndRaisesItsInterrupt) {
  EngineBench b;
  std::mt19937 rng(7);
  const std::mt19937 start = rng;
  const uint64_t head = build_list(b, 20, rng);
  std::vector<uint8_t> before(b.memory.data(), b.memory.data() + ram_size);
  b.cpu.run([&] {
    b.run(head, CopyEngineTwin::control_start | CopyEngineTwin::control_irq_enable);
    EXPECT_EQ(b.error(), 0u);
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_pages_copied), 20u);
    sc_core::wait(10, sc_core::SC_NS);
    EXPECT_TRUE(b.irq.read());
    b.set(CopyEngineTwin::reg_irq_status, 1);
    sc_core::wait(10, sc_core::SC_NS);
    EXPECT_FALSE(b.irq.read());
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
  EXPECT_TRUE(copied(b, 20, start));
  // Nothing outside the destination pages changed.
  for (uint64_t a = 0; a < ram_size; ++a)
    if (a < 0x80000 || a >= 0x80000 + 20 * 4096) {
      ASSERT_EQ(b.memory.data()[a], before[a]) << "offset " << a;
    }
}

TEST(CopyEngineTwin, BurstAndOutstandingSettingsGiveTheSameResult) {
  EngineBench b;
  std::mt19937 rng(9);
  b.cpu.run([&] {
    for (uint32_t beats : {1u, 16u})
      for (uint32_t outstanding : {1u, 8u}) {
        std::mt19937 r(beats * 31 + outstanding);
        const std::mt19937 start = r;
        const uint64_t head = build_list(b, 6, r);
        b.set(CopyEngineTwin::reg_burst_beats, beats);
        b.set(CopyEngineTwin::reg_max_outstanding, outstanding);
        b.run(head);
        EXPECT_EQ(b.error(), 0u);
        EXPECT_TRUE(copied(b, 6, start)) << beats << " beats, " << outstanding << " outstanding";
      }
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

TEST(CopyEngineTwin, BusErrorMisalignmentAndCyclesStopWithTheirCode) {
  EngineBench b;
  b.cpu.run([&] {
    b.run(b.pbe(ram + 0x1000, 0x40000000, ram + 0x80000, 0));  // source outside memory
    EXPECT_EQ(b.error(), uint32_t(CopyEngineTwin::bus_error));
    b.run(b.pbe(ram + 0x1000, ram + 0x10800, ram + 0x80000, 0));  // page not 4 KiB aligned
    EXPECT_EQ(b.error(), uint32_t(CopyEngineTwin::misaligned));
    b.run(ram + 0x1004 - va_pa);  // pbe pointer not 8-byte aligned
    EXPECT_EQ(b.error(), uint32_t(CopyEngineTwin::misaligned));
    const uint64_t self = ram + 0x2000 - va_pa;  // a one-entry cycle
    b.pbe(ram + 0x2000, ram + 0x10000, ram + 0x80000, self);
    b.set(CopyEngineTwin::reg_list_limit, 10);
    b.run(self);
    EXPECT_EQ(b.error(), uint32_t(CopyEngineTwin::list_too_long));
    EXPECT_EQ(b.reg(CopyEngineTwin::reg_pages_copied), 10u);
    EXPECT_FALSE(b.reg(CopyEngineTwin::reg_status) & CopyEngineTwin::status_busy);
  });
  sc_core::sc_start();
  EXPECT_TRUE(b.cpu.finished());
}

}  // namespace
}  // namespace torpor
