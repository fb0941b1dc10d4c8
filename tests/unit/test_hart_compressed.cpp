// RVC (unprivileged spec chapter 16): every compressed instruction expands
// to the 32-bit instruction the spec says it stands for, over its whole
// immediate range; reserved encodings expand to 0 and trap when executed;
// mixed 16/32-bit code runs, including a 32-bit instruction that straddles
// a page boundary.
#include <vector>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;
using namespace cenc;
using core::expand_compressed;

class HartCompressed : public HartTest {};

#define EXPECT_EXPANDS(c16, c32)                                                                        \
  EXPECT_EQ(expand_compressed(c16), (c32)) << #c16 << " = 0x" << std::hex << (c16) << " expected " << #c32

TEST(HartCompressedExpand, Quadrant0LoadsStoresAndAddi4spn) {
  for (uint32_t imm = 4; imm < 1024; imm += 4) EXPECT_EXPANDS(c_addi4spn(a3, imm), addi(a3, sp, int32_t(imm)));
  for (uint32_t imm = 0; imm < 128; imm += 4) {
    EXPECT_EXPANDS(c_lw(a0, s1, imm), lw(a0, s1, int32_t(imm)));
    EXPECT_EXPANDS(c_sw(a5, s0, imm), sw(a5, s0, int32_t(imm)));
  }
  for (uint32_t imm = 0; imm < 256; imm += 8) {
    EXPECT_EXPANDS(c_ld(a2, a4, imm), ld(a2, a4, int32_t(imm)));
    EXPECT_EXPANDS(c_sd(s1, a1, imm), sd(s1, a1, int32_t(imm)));
  }
}

TEST(HartCompressedExpand, Quadrant1ArithmeticAndImmediates) {
  EXPECT_EXPANDS(c_nop(), addi(0, 0, 0));
  for (int32_t imm = -32; imm < 32; ++imm) {
    EXPECT_EXPANDS(c_addi(t0, imm), addi(t0, t0, imm));
    EXPECT_EXPANDS(c_addiw(a0, imm), addiw(a0, a0, imm));
    EXPECT_EXPANDS(c_li(t6, imm), addi(t6, 0, imm));
    EXPECT_EXPANDS(c_andi(a5, imm), andi(a5, a5, imm));
    if (imm != 0) {
      EXPECT_EXPANDS(c_lui(a0, imm), lui(a0, uint32_t(imm) & 0xFFFFF));  // sign-extended nzimm[17:12]
    }
  }
  for (int32_t imm = -512; imm < 512; imm += 16)
    if (imm != 0) {
      EXPECT_EXPANDS(c_addi16sp(imm), addi(sp, sp, imm));
    }
  for (uint32_t sh = 1; sh < 64; ++sh) {
    EXPECT_EXPANDS(c_srli(a0, sh), srli(a0, a0, sh));
    EXPECT_EXPANDS(c_srai(s1, sh), srai(s1, s1, sh));
  }
  EXPECT_EXPANDS(c_sub(a0, a1), sub(a0, a0, a1));
  EXPECT_EXPANDS(c_xor(s0, a5), xor_(s0, s0, a5));
  EXPECT_EXPANDS(c_or(a2, a3), or_(a2, a2, a3));
  EXPECT_EXPANDS(c_and(a4, s1), and_(a4, a4, s1));
  EXPECT_EXPANDS(c_subw(a0, a1), subw(a0, a0, a1));
  EXPECT_EXPANDS(c_addw(a5, s0), addw(a5, a5, s0));
}

TEST(HartCompressedExpand, Quadrant1JumpsAndBranchesOverTheirWholeRange) {
  for (int32_t off = -2048; off < 2048; off += 2) EXPECT_EXPANDS(c_j(off), jal(0, off));
  for (int32_t off = -256; off < 256; off += 2) {
    EXPECT_EXPANDS(c_beqz(s0, off), beq(s0, 0, off));
    EXPECT_EXPANDS(c_bnez(a5, off), bne(a5, 0, off));
  }
}

TEST(HartCompressedExpand, Quadrant2StackAccessesAndRegisterForms) {
  for (uint32_t sh = 1; sh < 64; ++sh) EXPECT_EXPANDS(c_slli(a0, sh), slli(a0, a0, sh));
  for (uint32_t imm = 0; imm < 256; imm += 4) {
    EXPECT_EXPANDS(c_lwsp(ra, imm), lw(ra, sp, int32_t(imm)));
    EXPECT_EXPANDS(c_swsp(t6, imm), sw(t6, sp, int32_t(imm)));
  }
  for (uint32_t imm = 0; imm < 512; imm += 8) {
    EXPECT_EXPANDS(c_ldsp(a0, imm), ld(a0, sp, int32_t(imm)));
    EXPECT_EXPANDS(c_sdsp(s2, imm), sd(s2, sp, int32_t(imm)));
  }
  EXPECT_EXPANDS(c_jr(ra), jalr(0, ra, 0));
  EXPECT_EXPANDS(c_jalr(t0), jalr(ra, t0, 0));
  EXPECT_EXPANDS(c_mv(a0, t2), add(a0, 0, t2));
  EXPECT_EXPANDS(c_add(a0, a1), add(a0, a0, a1));
  EXPECT_EXPANDS(c_ebreak(), ebreak());
}

TEST(HartCompressedExpand, HintsExpandToHarmlessInstructions) {
  // Spec 16.7: these code points are HINTs, not reserved.
  EXPECT_EXPANDS(c_li(0, 5), addi(0, 0, 5));
  EXPECT_EXPANDS(c_addi(0, 3), addi(0, 0, 3));
  EXPECT_EXPANDS(c_addi(a0, 0), addi(a0, a0, 0));
  EXPECT_EXPANDS(c_lui(0, 1), lui(0, 1));
  EXPECT_EXPANDS(c_mv(0, a0), add(0, 0, a0));
  EXPECT_EXPANDS(c_add(0, a0), add(0, 0, a0));
  EXPECT_EXPANDS(c_slli(0, 3), slli(0, 0, 3));
  EXPECT_EXPANDS(c_slli(a0, 0), slli(a0, a0, 0));
  EXPECT_EXPANDS(c_srli(a0, 0), srli(a0, a0, 0));
}

TEST(HartCompressedExpand, ReservedEncodingsExpandToZeroAndDecodeIllegal) {
  const std::vector<uint16_t> reserved = {
      0x0000,                    // all zero (C.ADDI4SPN nzuimm=0, rd'=x8)
      c_addi4spn(a0, 0),         // nzuimm = 0
      c_addiw(0, 1),             // C.ADDIW rd = x0
      c_addi16sp(0),             // nzimm = 0
      c_lui(a0, 0),              // nzimm = 0
      c_lui(0, 0),               // rd = x0, nzimm = 0
      c_lwsp(0, 4),              // rd = x0
      c_ldsp(0, 8),              // rd = x0
      c_jr(0),                   // rs1 = x0
      ca(1, 2, a0, a1),          // quadrant 1, funct6 100111, funct2 10: reserved on RV64
      ca(1, 3, a0, a1),          // ... funct2 11
      uint16_t(0x8000 | (1 << 2)),  // quadrant 0 funct3=100: reserved
      uint16_t(0x2000 | (1 << 2)),  // C.FLD (no D)
      uint16_t(0xA000 | (1 << 2)),  // C.FSD (no D)
      uint16_t(0x2002 | (1 << 7)),  // C.FLDSP (no D)
      uint16_t(0xA002),             // C.FSDSP (no D)
  };
  for (uint16_t c : reserved) {
    EXPECT_EQ(expand_compressed(c), 0u) << "0x" << std::hex << c;
    EXPECT_STREQ(core::instruction_name(c), "illegal") << "0x" << std::hex << c;
  }
  EXPECT_EQ(expand_compressed(0x0003), 0u);  // quadrant 3 is not RVC
  EXPECT_EQ(expand_compressed(0xFFFF), 0u);
}

TEST_F(HartCompressed, ArithmeticAndMovesExecute) {
  Asm a = at(kCode);
  a.c(c_li(a0, 5)).c(c_addi(a0, -3)).c(c_slli(a0, 4)).c(c_mv(a1, a0)).c(c_add(a1, a0));
  a.c(c_li(a2, -1)).c(c_srli(a2, 60)).c(c_li(a3, -16)).c(c_srai(a3, 2)).c(c_andi(a1, 0x1F));
  a.c(c_lui(a4, -1)).c(c_addiw(a4, 1)).c(c_li(a5, 7)).c(c_sub(a5, a2)).c(c_nop());
  const uint64_t halt = a.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 32u);
  EXPECT_EQ(hart->x[a1], 64u & 0x1F);
  EXPECT_EQ(hart->x[a2], 0xFu);
  EXPECT_EQ(hart->x[a3], uint64_t(-4));
  EXPECT_EQ(hart->x[a4], 0xFFFFFFFFFFFFF001ull);  // lui -1<<12, addiw +1
  EXPECT_EQ(hart->x[a5], uint64_t(7 - 15));
}

TEST_F(HartCompressed, WordOpsSignExtend) {
  hart->x[a0] = 0x7FFFFFFF;
  hart->x[a1] = 1;
  hart->x[a2] = 0x100000000ull;
  hart->x[a3] = 1;
  Asm a = at(kCode);
  a.c(c_addw(a0, a1)).c(c_subw(a2, a3));
  const uint64_t halt = a.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 0xFFFFFFFF80000000ull);
  EXPECT_EQ(hart->x[a2], 0xFFFFFFFFFFFFFFFFull);
}

TEST_F(HartCompressed, StackPointerLoadsAndStores) {
  hart->x[sp] = kData;
  hart->x[a0] = 0x1122334455667788ull;
  hart->x[a1] = 0x80000001;
  Asm a = at(kCode);
  a.c(c_sdsp(a0, 504)).c(c_swsp(a1, 252)).c(c_ldsp(t0, 504)).c(c_lwsp(t1, 252));
  a.c(c_addi4spn(s0, 256)).c(c_ld(a2, s0, 248)).c(c_lw(a3, s0, 0)).c(c_sd(a0, s0, 8)).c(c_sw(a1, s0, 16));
  a.c(c_addi16sp(-32));
  const uint64_t halt = a.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(mem.get<uint64_t>(kData + 504), 0x1122334455667788ull);
  EXPECT_EQ(mem.get<uint32_t>(kData + 252), 0x80000001u);
  EXPECT_EQ(hart->x[t0], 0x1122334455667788ull);
  EXPECT_EQ(hart->x[t1], 0xFFFFFFFF80000001ull);  // c.lwsp sign-extends
  EXPECT_EQ(hart->x[s0], kData + 256);
  EXPECT_EQ(hart->x[a2], 0x1122334455667788ull);  // kData+504
  EXPECT_EQ(hart->x[a3], 0u);                      // kData+256 was never written
  EXPECT_EQ(mem.get<uint64_t>(kData + 264), 0x1122334455667788ull);
  EXPECT_EQ(mem.get<uint32_t>(kData + 272), 0x80000001u);
  EXPECT_EQ(hart->x[sp], kData - 32);
}

TEST_F(HartCompressed, JumpsAndBranches) {
  // c.j over a c.li, c.beqz taken, c.bnez not taken, c.jalr links pc+2,
  // c.jr returns.
  Asm a = at(kCode);
  a.c(c_j(4));               // 0x00 -> 0x04
  a.c(c_li(a0, 1));          // 0x02 skipped
  a.c(c_beqz(a1, 4));        // 0x04 a1 == 0: -> 0x08
  a.c(c_li(a0, 2));          // 0x06 skipped
  a.c(c_bnez(a1, 4));        // 0x08 not taken
  a.c(c_li(a2, 3));          // 0x0A executed
  a.c(c_jalr(t0));           // 0x0C call kCode + 0x20, ra = 0x0E
  const uint64_t halt = a.halt();  // 0x0E
  Asm f = at(kCode + 0x20);
  f.c(c_li(a3, 4)).c(c_jr(ra));
  hart->x[t0] = kCode + 0x20;
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 0u);
  EXPECT_EQ(hart->x[a2], 3u);
  EXPECT_EQ(hart->x[a3], 4u);
  EXPECT_EQ(hart->x[ra], kCode + 0x0E);
}

TEST_F(HartCompressed, ThirtyTwoBitInstructionsAtHalfwordAlignedAddresses) {
  Asm a = at(kCode);
  a.c(c_nop());
  a(addi(a0, 0, 100));       // at kCode+2
  a(jal(ra, 6));             // at kCode+6 -> kCode+12
  a.c(c_li(a0, 0));          // at kCode+10, skipped
  a(addi(a0, a0, 1));        // at kCode+12
  const uint64_t halt = a.halt();
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 101u);
  EXPECT_EQ(hart->x[ra], kCode + 10);
}

TEST_F(HartCompressed, InstructionStraddlingAPageBoundaryExecutes) {
  // A c.nop at 0xFFC, then a 32-bit addi whose halves lie in two pages.
  Asm a = at(kCode2 + 0xFFC);
  a.c(c_nop());
  a(addi(a0, 0, 77));
  a(addi(a1, 0, 88));
  const uint64_t halt = a.halt();
  start(kCode2 + 0xFFC);
  ASSERT_TRUE(run_until_pc(halt));
  EXPECT_EQ(hart->x[a0], 77u);
  EXPECT_EQ(hart->x[a1], 88u);
}

TEST_F(HartCompressed, ReservedEncodingRaisesIllegalInstructionWithSixteenBitTval) {
  const uint16_t bad = c_addi16sp(0);
  Asm a = at(kCode);
  a.c(c_nop()).c(bad).c(c_nop());
  start(kCode);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), cause::illegal_instruction);
  EXPECT_EQ(mepc(), kCode + 2);
  EXPECT_EQ(mtval(), bad);
}

TEST_F(HartCompressed, CEbreakRaisesBreakpoint) {
  at(kCode).c(c_ebreak());
  start(kCode);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), cause::breakpoint);
  EXPECT_EQ(mepc(), kCode);
}

TEST_F(HartCompressed, InstructionRunningOffTheEndOfRamFaultsOnItsSecondHalf) {
  // The low half of a 32-bit instruction is the last halfword of RAM.
  const uint64_t last = kRamBase + kRamSize - 2;
  mem.set<uint16_t>(last, uint16_t(enc::addi(a0, 0, 1)));
  hart->x[t0] = last;
  at(kCode)(enc::jalr(0, t0, 0));
  start(kCode);
  ASSERT_TRUE(run_until_pc(kHandler));
  EXPECT_EQ(mcause(), cause::fetch_access);
  EXPECT_EQ(mepc(), last);
  EXPECT_EQ(mtval(), kRamBase + kRamSize);  // the part that faulted
}

}  // namespace
}  // namespace torpor::test
