// Timing TLB (sizes, ASIDs, sfence.vma forms) and the branch predictor.
#include <gtest/gtest.h>

#include "models/core/branch_predictor.h"
#include "models/mmu/tlb.h"
#include "tests/unit/hart_fixture.h"

namespace torpor {
namespace {

TEST(Tlb, MissThenHitWithinThePage) {
  mmu::Tlb tlb("dtlb", {8, 2});
  EXPECT_FALSE(tlb.lookup(0x1234, 0));
  tlb.insert(0x1234, 12, 0, false);
  EXPECT_TRUE(tlb.lookup(0x1ff8, 0));
  EXPECT_FALSE(tlb.lookup(0x2000, 0));
}

TEST(Tlb, SuperpageEntryCoversTheWholeSuperpage) {
  mmu::Tlb tlb("dtlb", {8, 8});
  tlb.insert(0x40000000, 21, 1, false);  // 2 MiB
  EXPECT_TRUE(tlb.lookup(0x40000000 + 0x1FFFFF, 1));
  EXPECT_FALSE(tlb.lookup(0x40200000, 1));
}

TEST(Tlb, AsidsSeparateEntriesExceptGlobalOnes) {
  mmu::Tlb tlb("dtlb", {8, 8});
  tlb.insert(0x1000, 12, 1, false);
  tlb.insert(0x5000, 12, 1, true);
  EXPECT_FALSE(tlb.lookup(0x1000, 2));
  EXPECT_TRUE(tlb.lookup(0x5000, 2));
}

TEST(Tlb, SfenceFormsInvalidateWhatTheSpecSays) {
  mmu::Tlb tlb("dtlb", {16, 16});
  tlb.insert(0x1000, 12, 1, false);
  tlb.insert(0x2000, 12, 1, false);
  tlb.insert(0x3000, 12, 2, false);
  tlb.insert(0x4000, 12, 1, true);
  tlb.flush(true, 0x1000, false, 0);  // one address, any ASID
  EXPECT_FALSE(tlb.lookup(0x1000, 1));
  EXPECT_TRUE(tlb.lookup(0x2000, 1));
  tlb.flush(false, 0, true, 1);  // one ASID: global entries stay
  EXPECT_FALSE(tlb.lookup(0x2000, 1));
  EXPECT_TRUE(tlb.lookup(0x3000, 2));
  EXPECT_TRUE(tlb.lookup(0x4000, 1));
  tlb.flush_all();
  EXPECT_FALSE(tlb.lookup(0x4000, 1));
}

TEST(Tlb, MorePagesThanEntriesMissEveryTime) {
  mmu::Tlb tlb("dtlb", {16, 4});
  for (int round = 0; round < 3; ++round)
    for (uint64_t p = 0; p < 64; ++p)
      if (!tlb.lookup(p << 12, 0)) tlb.insert(p << 12, 12, 0, false);
  EXPECT_EQ(tlb.hits(), 0u);
  EXPECT_EQ(tlb.misses(), 192u);
}

TEST(Tlb, RejectsBadGeometry) {
  EXPECT_THROW(mmu::Tlb("t", {10, 4}), std::invalid_argument);
  EXPECT_THROW(mmu::Tlb("t", {24, 8}), std::invalid_argument);
  EXPECT_THROW(mmu::Tlb("t", {0, 1}), std::invalid_argument);
}

TEST(BranchPredictor, LearnsALoopBranch) {
  core::BranchPredictor bp({});
  unsigned penalties_late = 0;
  for (int i = 0; i < 1000; ++i) {
    const unsigned p = bp.conditional(0x80001000, true, 0x80000f00);
    if (i >= 100) penalties_late += p;
  }
  EXPECT_EQ(penalties_late, 0u);
}

TEST(BranchPredictor, UnknownTargetsAndWrongDirectionsCostThePenalty) {
  core::BranchPredictorConfig cfg;
  cfg.mispredict_penalty = 7;
  core::BranchPredictor bp(cfg);
  EXPECT_EQ(bp.jump(0x100, 0x200, core::JumpKind::plain, 4), 7u);  // BTB cold
  EXPECT_EQ(bp.jump(0x100, 0x200, core::JumpKind::plain, 4), 0u);
  EXPECT_EQ(bp.jump(0x100, 0x300, core::JumpKind::plain, 4), 7u);  // new target
  EXPECT_EQ(bp.conditional(0x400, false, 0x500), 0u);  // counters start weakly not-taken
  EXPECT_EQ(bp.conditional(0x400, true, 0x500), 7u);
}

TEST(BranchPredictor, ReturnsFromTwoCallSitesArePredictedByTheStack) {
  // One function called alternately from two sites: the BTB alone holds one
  // return target and mispredicts every return; the stack predicts both.
  auto penalties = [](unsigned ras_entries) {
    core::BranchPredictorConfig cfg;
    cfg.ras_entries = ras_entries;
    core::BranchPredictor bp(cfg);
    unsigned total = 0;
    for (int i = 0; i < 100; ++i) {
      const uint64_t site = i & 1 ? 0x1000 : 0x1010;
      total += bp.jump(site, 0x8000, core::JumpKind::call, 4);  // jal ra, f
      total += bp.jump(0x8040, site + 4, core::JumpKind::ret, 2);  // c.jr ra
    }
    return total;
  };
  EXPECT_EQ(penalties(6), 2u * core::BranchPredictorConfig{}.mispredict_penalty);  // the two calls, cold BTB
  EXPECT_GE(penalties(0), 100u * core::BranchPredictorConfig{}.mispredict_penalty);
}

TEST(BranchPredictor, ReturnStackKeepsTheNewestEntriesWhenDeepCallsOverflowIt) {
  core::BranchPredictorConfig cfg;
  cfg.ras_entries = 2;
  cfg.mispredict_penalty = 5;
  core::BranchPredictor bp(cfg);
  for (uint64_t depth = 0; depth < 3; ++depth) bp.jump(0x100 * (depth + 1), 0x1000 * (depth + 1), core::JumpKind::call, 4);
  EXPECT_EQ(bp.jump(0x3500, 0x304, core::JumpKind::ret, 4), 0u);  // innermost two are held
  EXPECT_EQ(bp.jump(0x2500, 0x204, core::JumpKind::ret, 4), 0u);
  EXPECT_EQ(bp.jump(0x1500, 0x104, core::JumpKind::ret, 4), 5u);  // the outermost was overwritten
}

TEST(BranchPredictor, JumpKindFollowsTheLinkRegisterHints) {
  using core::JumpKind;
  using namespace test::enc;
  using namespace test;
  EXPECT_EQ(core::jump_kind(jal(ra, 16)), JumpKind::call);
  EXPECT_EQ(core::jump_kind(jal(zero, 16)), JumpKind::plain);
  EXPECT_EQ(core::jump_kind(jalr(zero, ra, 0)), JumpKind::ret);
  EXPECT_EQ(core::jump_kind(jalr(zero, t0, 0)), JumpKind::ret);   // x5 is a link register too
  EXPECT_EQ(core::jump_kind(jalr(zero, a0, 0)), JumpKind::plain);  // indirect jump: the BTB
  EXPECT_EQ(core::jump_kind(jalr(ra, a0, 0)), JumpKind::call);
  EXPECT_EQ(core::jump_kind(jalr(ra, ra, 0)), JumpKind::call);     // rs1 == rd: push only
  EXPECT_EQ(core::jump_kind(jalr(ra, t0, 0)), JumpKind::call_ret);  // coroutine swap
}

TEST(BranchPredictor, GshareSeparatesAnAlternatingPattern) {
  core::BranchPredictorConfig g;
  core::BranchPredictorConfig b;
  b.kind = core::PredictorKind::bimodal;
  core::BranchPredictor gshare(g), bimodal(b);
  unsigned pg = 0, pb = 0;
  for (int i = 0; i < 2000; ++i) {
    const bool taken = i & 1;
    const unsigned a = gshare.conditional(0x2000, taken, 0x1000);
    const unsigned c = bimodal.conditional(0x2000, taken, 0x1000);
    if (i >= 200) {
      pg += a;
      pb += c;
    }
  }
  EXPECT_LT(pg, pb);
}

}  // namespace
}  // namespace torpor
