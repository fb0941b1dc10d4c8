// The U74 issue model (models/core/pipeline_model.h) on short sequences.
// Every expected count is derived by hand from the model's rules, with the
// default parameters: two instructions a cycle (at most one in pipe A only:
// memory; one in pipe B only: branch, jump, mul/div), no pair with a hazard
// between its two, ALU ops and branches executing in AG (result next cycle)
// or, when an operand is late, in M2 (two cycles later, result after three);
// loads and multiplies usable in AG three cycles after issue, divides after
// 34 (32-bit: 18) with the divider busy meanwhile; CSR reads alone, CSR
// writes 7 cycles alone.
#include <gtest/gtest.h>

#include <vector>

#include "models/core/pipeline_model.h"
#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;
using core::BlockCycles;
using core::PipelineConfig;
using core::schedule_block;

struct Scheduled {
  BlockCycles cycles;
  std::vector<uint16_t> issue;
};

Scheduled run(std::vector<uint32_t> insns, const PipelineConfig& config = {}, bool after_lone_branch = false) {
  Scheduled s;
  s.issue.resize(insns.size());
  s.cycles = schedule_block(insns.data(), unsigned(insns.size()), config, s.issue.data(), after_lone_branch);
  return s;
}

// The classes add up to the block's cycles, whatever the sequence.
void expect_adds_up(const BlockCycles& c) {
  EXPECT_EQ(c.issue + c.load_use + c.mul_div + c.serialise, c.cycles);
  EXPECT_LE(c.dual, c.issue + 1);  // +1: a pair with the previous block's branch
}

TEST(PipelineModel, IndependentAluOpsIssueInPairs) {
  const Scheduled s = run({add(a0, a1, a2), add(a3, a4, a5), addi(a6, a7, 1), xori(t0, t1, 3)});
  EXPECT_EQ(s.cycles.cycles, 2u);
  EXPECT_EQ(s.cycles.dual, 2u);
  EXPECT_EQ(s.issue, (std::vector<uint16_t>{0, 0, 1, 1}));
  expect_adds_up(s.cycles);
}

TEST(PipelineModel, WithoutDualIssueOnePerCycle) {
  PipelineConfig single;
  single.dual_issue = false;
  const Scheduled s = run({add(a0, a1, a2), add(a3, a4, a5), addi(a6, a7, 1)}, single);
  EXPECT_EQ(s.cycles.cycles, 3u);
  EXPECT_EQ(s.cycles.dual, 0u);
}

TEST(PipelineModel, DependentAluChainRunsOnePerCycleThroughTheEarlyAlu) {
  // No pair (hazard inside the pair), but the AG result is bypassed: no stall.
  const Scheduled s = run({addi(a0, a0, 1), addi(a0, a0, 1), addi(a0, a0, 1), addi(a0, a0, 1)});
  EXPECT_EQ(s.cycles.cycles, 4u);
  EXPECT_EQ(s.cycles.load_use, 0u);
  expect_adds_up(s.cycles);
}

TEST(PipelineModel, OneMemoryAccessPerCycle) {
  EXPECT_EQ(run({ld(a0, a1, 0), ld(a2, a3, 0)}).cycles.cycles, 2u);
  EXPECT_EQ(run({ld(a0, a1, 0), sd(a2, a3, 0)}).cycles.cycles, 2u);
  EXPECT_EQ(run({ld(a0, a1, 0), add(a2, a3, a4)}).cycles.cycles, 1u);  // pipe A + ALU
}

TEST(PipelineModel, OneBranchOrMulDivPerCycle) {
  EXPECT_EQ(run({mul(a0, a1, a2), mul(a3, a4, a5)}).cycles.cycles, 2u);
  EXPECT_EQ(run({mul(a0, a1, a2), bne(a3, a4, 8)}).cycles.cycles, 2u);
  EXPECT_EQ(run({mul(a0, a1, a2), ld(a3, a4, 0)}).cycles.cycles, 1u);  // pipe B + pipe A
  EXPECT_EQ(run({add(a0, a1, a2), bne(a3, a4, 8)}).cycles.cycles, 1u);
  EXPECT_EQ(run({add(a3, a1, a2), bne(a3, a4, 8)}).cycles.cycles, 2u);  // the branch reads the add
}

TEST(PipelineModel, AluUserOfALoadExecutesLateWithoutStalling) {
  const Scheduled s = run({ld(a0, a1, 0), add(a2, a0, a3)});
  EXPECT_EQ(s.cycles.cycles, 2u);
  EXPECT_EQ(s.cycles.load_use, 0u);
  // A branch on a loaded value also resolves late.
  EXPECT_EQ(run({ld(a0, a1, 0), beq(a0, zero, 8)}).cycles.cycles, 2u);
  // Store data is read late too; the address is not.
  EXPECT_EQ(run({ld(a0, a1, 0), sd(a0, a2, 0)}).cycles.cycles, 2u);
}

TEST(PipelineModel, WithoutTheLateAluAUserOfALoadWaits) {
  PipelineConfig no_late;
  no_late.late_alu = false;
  const Scheduled s = run({ld(a0, a1, 0), add(a2, a0, a3)}, no_late);
  EXPECT_EQ(s.cycles.cycles, 4u);  // issues at 3
  EXPECT_EQ(s.cycles.load_use, 2u);
  expect_adds_up(s.cycles);
}

TEST(PipelineModel, AddressFromALoadWaitsTwoCycles) {
  const Scheduled s = run({ld(a0, a1, 0), ld(a2, a0, 0)});
  EXPECT_EQ(s.issue, (std::vector<uint16_t>{0, 3}));
  EXPECT_EQ(s.cycles.cycles, 4u);
  EXPECT_EQ(s.cycles.load_use, 2u);
  expect_adds_up(s.cycles);
  // jalr's target is an address too.
  EXPECT_EQ(run({ld(a0, a1, 0), jalr(zero, a0, 0)}).cycles.cycles, 4u);
}

TEST(PipelineModel, LateAluResultReachesAnAddressThreeCyclesAfterIssue) {
  // ld at 0 (data for AG at 3); addi at 1 runs late in M2 (result for AG at
  // 4); the second load's address waits until 4.
  const Scheduled s = run({ld(a0, a1, 0), addi(a0, a0, 8), ld(a2, a0, 0)});
  EXPECT_EQ(s.issue, (std::vector<uint16_t>{0, 1, 4}));
  EXPECT_EQ(s.cycles.cycles, 5u);
  EXPECT_EQ(s.cycles.load_use, 2u);
  expect_adds_up(s.cycles);
}

TEST(PipelineModel, MultiplyResultForAluLateForMultiplierAfterThree) {
  EXPECT_EQ(run({mul(a0, a1, a2), add(a3, a0, a4)}).cycles.cycles, 2u);
  const Scheduled s = run({mul(a0, a1, a2), mul(a3, a0, a4)});
  EXPECT_EQ(s.cycles.cycles, 4u);
  EXPECT_EQ(s.cycles.mul_div, 2u);
  expect_adds_up(s.cycles);
}

TEST(PipelineModel, DividerIsBusyUntilItsResult) {
  const Scheduled s = run({div_(a0, a1, a2), div_(a3, a4, a5)});
  EXPECT_EQ(s.issue, (std::vector<uint16_t>{0, 34}));
  EXPECT_EQ(s.cycles.mul_div, 33u);
  expect_adds_up(s.cycles);
  EXPECT_EQ(run({divw(a0, a1, a2), divw(a3, a4, a5)}).issue[1], 18u);
  // An independent ALU op pairs with the divide; a user of its result waits.
  EXPECT_EQ(run({div_(a0, a1, a2), add(a3, a4, a5)}).cycles.cycles, 1u);
  EXPECT_EQ(run({div_(a0, a1, a2), ld(a3, a0, 0)}).issue[1], 34u);
}

TEST(PipelineModel, CsrAccessesIssueAlone) {
  const Scheduled read = run({add(a0, a1, a2), csrr(a3, core::csr::mcycle), add(a4, a5, a6)});
  EXPECT_EQ(read.issue, (std::vector<uint16_t>{0, 1, 2}));
  EXPECT_EQ(read.cycles.cycles, 3u);
  const Scheduled write = run({add(a0, a1, a2), csrw(core::csr::mscratch, a3), add(a4, a5, a6)});
  EXPECT_EQ(write.issue, (std::vector<uint16_t>{0, 1, 8}));  // the write holds issue for 7 cycles
  EXPECT_EQ(write.cycles.cycles, 9u);
  EXPECT_EQ(write.cycles.serialise, 6u);
  expect_adds_up(write.cycles);
}

TEST(PipelineModel, FirstInstructionPairsWithThePreviousBlocksLoneBranch) {
  // Three ALU ops: two cycles alone, one when the first pairs with the branch.
  const std::vector<uint32_t> three = {add(a0, a1, a2), add(a3, a4, a5), addi(a6, a7, 1)};
  EXPECT_EQ(run(three).cycles.cycles, 2u);
  const Scheduled paired = run(three, {}, true);
  EXPECT_EQ(paired.cycles.cycles, 1u);
  EXPECT_EQ(paired.cycles.dual, 2u);
  expect_adds_up(paired.cycles);
  // A multiply needs pipe B, which the branch holds: no saving.
  const std::vector<uint32_t> muls = {mul(a0, a1, a2), add(a3, a4, a5), addi(a6, a7, 1)};
  EXPECT_EQ(run(muls, {}, true).cycles.cycles, run(muls).cycles.cycles);
}

TEST(PipelineModel, ResultsInFlightDelayTheNextBlock) {
  const Scheduled load = run({ld(a0, a1, 0)});
  ASSERT_EQ(load.cycles.in_flight_count, 1u);
  EXPECT_EQ(load.cycles.in_flight[0].reg, a0);
  EXPECT_EQ(load.cycles.in_flight[0].left, 2u);  // usable in AG 3 cycles after issue, 1 cycle has passed
  core::Wait why = core::Wait::none;
  // An ALU user can take it late: no wait. An address cannot: 2 cycles.
  EXPECT_EQ(run({add(a2, a0, a3)}).cycles.entry_stall(load.cycles.in_flight, 1, 0, why), 0u);
  EXPECT_EQ(run({ld(a2, a0, 0)}).cycles.entry_stall(load.cycles.in_flight, 1, 0, why), 2u);
  EXPECT_EQ(why, core::Wait::load_use);
  // Cycles the previous block spent in stalls since count against the wait.
  EXPECT_EQ(run({ld(a2, a0, 0)}).cycles.entry_stall(load.cycles.in_flight, 1, 1, why), 1u);
  // A block that writes the register before reading it does not wait.
  EXPECT_EQ(run({addi(a0, zero, 1), ld(a2, a0, 0)}).cycles.entry_stall(load.cycles.in_flight, 1, 0, why), 0u);
  // The divider: a divide in the next block waits for the busy one.
  const Scheduled divide = run({div_(a0, a1, a2)});
  EXPECT_EQ(run({div_(a3, a4, a5)}).cycles.entry_stall(divide.cycles.in_flight, divide.cycles.in_flight_count, 0,
                                                       why),
            33u);
  EXPECT_EQ(why, core::Wait::mul_div);
}

TEST(PipelineModel, EveryMixAddsUp) {
  // A pseudo-random mix of classes: the accounting invariant holds.
  const uint32_t pool[] = {add(a0, a1, a2), ld(a1, a0, 8),  sd(a2, a1, 0),   mul(a2, a1, a0), div_(a3, a2, a1),
                           beq(a3, a0, 8),  csrr(a4, core::csr::mcycle), csrw(core::csr::mscratch, a4), addi(a0, a0, 1),
                           fence(),         lw(a5, a5, 0)};
  uint32_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    std::vector<uint32_t> insns;
    const unsigned n = 1 + round % 24;
    for (unsigned i = 0; i < n; ++i) {
      state = state * 1103515245 + 12345;
      insns.push_back(pool[(state >> 16) % (sizeof pool / sizeof pool[0])]);
    }
    expect_adds_up(run(insns).cycles);
    expect_adds_up(run(insns, {}, true).cycles);
    EXPECT_LE(run(insns, {}, true).cycles.cycles, run(insns).cycles.cycles);
  }
}

}  // namespace
}  // namespace torpor::test
