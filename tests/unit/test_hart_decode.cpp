// Decoder: instruction names of every RV64IMAC + Zicsr + privileged
// instruction, illegal encodings, operand and immediate extraction and the
// end-of-block flag (unprivileged spec chapter 24 opcode map).
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;
using core::decode;
using core::DecodedInsn;
using core::instruction_name;

struct Named {
  uint32_t raw;
  const char* name;
};

void expect_names(const std::vector<Named>& table) {
  for (const Named& n : table)
    EXPECT_EQ(std::string(instruction_name(n.raw)), n.name) << "encoding 0x" << std::hex << n.raw;
}

TEST(HartDecode, NamesEveryRv64iInstruction) {
  expect_names({
      {lui(a0, 0x12345), "lui"},         {auipc(a0, 1), "auipc"},         {jal(ra, 2048), "jal"},
      {jalr(ra, a0, -4), "jalr"},        {beq(a0, a1, 8), "beq"},          {bne(a0, a1, -8), "bne"},
      {blt(a0, a1, 8), "blt"},           {bge(a0, a1, 8), "bge"},          {bltu(a0, a1, 8), "bltu"},
      {bgeu(a0, a1, 8), "bgeu"},         {lb(a0, a1, 1), "lb"},            {lh(a0, a1, 2), "lh"},
      {lw(a0, a1, 4), "lw"},             {ld(a0, a1, 8), "ld"},            {lbu(a0, a1, 1), "lbu"},
      {lhu(a0, a1, 2), "lhu"},           {lwu(a0, a1, 4), "lwu"},          {sb(a0, a1, 1), "sb"},
      {sh(a0, a1, 2), "sh"},             {sw(a0, a1, 4), "sw"},            {sd(a0, a1, 8), "sd"},
      {addi(a0, a1, -1), "addi"},        {slti(a0, a1, 5), "slti"},        {sltiu(a0, a1, 5), "sltiu"},
      {xori(a0, a1, -1), "xori"},        {ori(a0, a1, 3), "ori"},          {andi(a0, a1, 3), "andi"},
      {slli(a0, a1, 63), "slli"},        {srli(a0, a1, 63), "srli"},       {srai(a0, a1, 63), "srai"},
      {add(a0, a1, a2), "add"},          {sub(a0, a1, a2), "sub"},         {sll(a0, a1, a2), "sll"},
      {slt(a0, a1, a2), "slt"},          {sltu(a0, a1, a2), "sltu"},       {xor_(a0, a1, a2), "xor"},
      {srl(a0, a1, a2), "srl"},          {sra(a0, a1, a2), "sra"},         {or_(a0, a1, a2), "or"},
      {and_(a0, a1, a2), "and"},         {addiw(a0, a1, 1), "addiw"},      {slliw(a0, a1, 31), "slliw"},
      {srliw(a0, a1, 31), "srliw"},      {sraiw(a0, a1, 31), "sraiw"},     {addw(a0, a1, a2), "addw"},
      {subw(a0, a1, a2), "subw"},        {sllw(a0, a1, a2), "sllw"},       {srlw(a0, a1, a2), "srlw"},
      {sraw(a0, a1, a2), "sraw"},        {fence(), "fence"},
  });
}

TEST(HartDecode, FenceVariantsAndReservedFenceFieldsDecodeAsFence) {
  // FENCE.TSO (fm=1000, RW,RW), PAUSE (pred=W, succ=0); rd/rs1 of FENCE are
  // ignored for forward compatibility (unprivileged 2.7).
  expect_names({{fence(0x3, 0x3, 0x8), "fence"}, {fence(0x1, 0x0), "fence"}, {fence() | (5u << 7) | (6u << 15), "fence"}});
}

TEST(HartDecode, NamesEveryRv64mInstruction) {
  expect_names({
      {mul(a0, a1, a2), "mul"},     {mulh(a0, a1, a2), "mulh"},   {mulhsu(a0, a1, a2), "mulhsu"},
      {mulhu(a0, a1, a2), "mulhu"}, {div_(a0, a1, a2), "div"},    {divu(a0, a1, a2), "divu"},
      {rem(a0, a1, a2), "rem"},     {remu(a0, a1, a2), "remu"},   {mulw(a0, a1, a2), "mulw"},
      {divw(a0, a1, a2), "divw"},   {divuw(a0, a1, a2), "divuw"}, {remw(a0, a1, a2), "remw"},
      {remuw(a0, a1, a2), "remuw"},
  });
}

TEST(HartDecode, NamesEveryRv64aInstructionWithAnyAqRl) {
  const std::vector<std::pair<Amo, const char*>> ops = {
      {amo_swap, "amoswap"}, {amo_add, "amoadd"}, {amo_xor, "amoxor"}, {amo_and, "amoand"},
      {amo_or, "amoor"},     {amo_min, "amomin"}, {amo_max, "amomax"}, {amo_minu, "amominu"},
      {amo_maxu, "amomaxu"}, {amo_sc, "sc"}};
  for (bool dword : {false, true})
    for (unsigned ordering = 0; ordering < 4; ++ordering) {
      const bool aq = ordering & 2, rl = ordering & 1;
      const std::string suffix = dword ? ".d" : ".w";
      for (const auto& [f5, name] : ops)
        EXPECT_EQ(std::string(instruction_name(amo(f5, dword, a0, a1, a2, aq, rl))), name + suffix);
      EXPECT_EQ(std::string(instruction_name(amo(amo_lr, dword, a0, a1, 0, aq, rl))), "lr" + suffix);
    }
}

TEST(HartDecode, NamesZicsrAndPrivilegedInstructions) {
  expect_names({
      {csrrw(a0, csr::mscratch, a1), "csrrw"},   {csrrs(a0, csr::mstatus, 0), "csrrs"},
      {csrrc(a0, csr::mie, a1), "csrrc"},        {csrrwi(a0, csr::mscratch, 31), "csrrwi"},
      {csrrsi(0, csr::mstatus, 8), "csrrsi"},    {csrrci(0, csr::mstatus, 8), "csrrci"},
      {ecall(), "ecall"},                        {ebreak(), "ebreak"},
      {sret(), "sret"},                          {mret(), "mret"},
      {wfi(), "wfi"},                            {sfence_vma(), "sfence.vma"},
      {sfence_vma(a0, a1), "sfence.vma"},        {fence_i(), "fence.i"},
  });
}

TEST(HartDecode, IllegalEncodingsDecodeToTheIllegalHandler) {
  const std::vector<uint32_t> list = {
      0x00000000,                              // all-zero: defined illegal (C.ADDI4SPN, nzuimm=0)
      0xFFFFFFFF,                              // all-ones: not a 32-bit encoding
      i_type(0, a1, 7, a0, op_load),           // load funct3=7
      s_type(0, a0, a1, 4, op_store),          // store funct3=4
      b_type(8, a1, a0, 2),                    // branch funct3=2
      b_type(8, a1, a0, 3),                    // branch funct3=3
      i_type(0, a1, 1, a0, op_jalr),           // jalr funct3=1
      i_type(0x041, a1, 1, a0, op_imm),        // slli with imm[11:6] != 0
      i_type(0x201, a1, 5, a0, op_imm),        // srli/srai with a bad funct6
      i_type(0x020, a1, 1, a0, op_imm32),      // slliw with shamt[5] = 1 (reserved)
      i_type(0x420, a1, 5, a0, op_imm32),      // sraiw with shamt[5] = 1 (reserved)
      i_type(0, a1, 2, a0, op_imm32),          // op-imm-32 funct3=2
      r_type(0x10, a2, a1, 0, a0, op_reg),     // add with funct7=0x10
      r_type(0x20, a2, a1, 1, a0, op_reg),     // sll with funct7=0x20
      r_type(0, a2, a1, 2, a0, op_reg32),      // op-32 funct3=2
      r_type(0x20, a2, a1, 1, a0, op_reg32),   // sllw with funct7=0x20
      r_type(0x01, a2, a1, 1, a0, op_reg32),   // op-32 M funct3=1 (there is no mulhw)
      r_type(0x02 << 2, 0, a1, 1, a0, op_amo),   // lr with funct3=1
      r_type(0x05 << 2, a2, a1, 2, a0, op_amo),  // amo funct5=00101
      r_type(0x02 << 2, a2, a1, 2, a0, op_amo),  // lr.w with rs2 != 0
      r_type(0x00 << 2, a2, a1, 4, a0, op_amo),  // amoadd with funct3=4
      ecall() | (1u << 7),                     // ecall with rd != 0
      ecall() | (1u << 15),                    // ecall with rs1 != 0
      mret() | (1u << 7),                      // mret with rd != 0
      wfi() | (1u << 15),                      // wfi with rs1 != 0
      sfence_vma(a0, a1) | (1u << 7),          // sfence.vma with rd != 0
      csr_op(4, a0, 0x300, a1),                // SYSTEM funct3=4
      0x00002007,                              // flw (no F)
      0x00003027,                              // fsd (no D)
      0x00000053,                              // fadd.s (no F)
      0x0000000B,                              // custom-0
      0x0000005B,                              // custom-2
      0x0000001F,                              // 48-bit encoding prefix
  };
  for (uint32_t raw : list) {
    EXPECT_EQ(std::string(instruction_name(raw)), "illegal") << "0x" << std::hex << raw;
    DecodedInsn d{};
    EXPECT_TRUE(decode(raw, 0x1000, d)) << "illegal instructions end their block: 0x" << std::hex << raw;
    EXPECT_EQ(d.exec, &core::exec_illegal) << "0x" << std::hex << raw;
  }
}

TEST(HartDecode, ExtractsSignExtendedImmediatesOfEachFormat) {
  struct Case {
    uint32_t raw;
    int64_t imm;
  };
  const std::vector<Case> cases = {
      {addi(a0, a1, -2048), -2048},      {addi(a0, a1, 2047), 2047},
      {ld(a0, a1, -8), -8},              {jalr(0, ra, -1), -1},
      {sd(a0, a1, -2048), -2048},        {sd(a0, a1, 2047), 2047},
      {sb(a0, a1, -1), -1},              {beq(a0, a1, -4096), -4096},
      {bne(a0, a1, 4094), 4094},         {bltu(a0, a1, 2048), 2048},
      {lui(a0, 0xFFFFF), -4096},         {lui(a0, 0x80000), -(int64_t(1) << 31)},
      {lui(a0, 0x7FFFF), 0x7FFFF000},    {auipc(a0, 0x80000), -(int64_t(1) << 31)},
      {jal(ra, -(1 << 20)), -(1 << 20)}, {jal(ra, (1 << 20) - 2), (1 << 20) - 2},
      {jal(ra, 2048), 2048},             {slli(a0, a1, 63), 63},
      {srai(a0, a1, 63), 63},            {srai(a0, a1, 1), 1},
      {sraiw(a0, a1, 31), 31},           {slliw(a0, a1, 5), 5},
      {csrrw(a0, 0xF14, a1), 0xF14},     {csrrsi(a0, 0xFFF, 31), 0xFFF},
  };
  for (const Case& c : cases) {
    DecodedInsn d{};
    decode(c.raw, 0x80000000, d);
    EXPECT_EQ(d.imm, c.imm) << instruction_name(c.raw) << " 0x" << std::hex << c.raw;
  }
}

TEST(HartDecode, ExtractsRegistersLengthPcAndRaw) {
  DecodedInsn d{};
  decode(sub(t6, s1, a7), 0x80001234, d);
  EXPECT_EQ(d.rd, t6);
  EXPECT_EQ(d.rs1, s1);
  EXPECT_EQ(d.rs2, a7);
  EXPECT_EQ(d.len, 4);
  EXPECT_EQ(d.pc, 0x80001234u);
  EXPECT_EQ(d.raw, sub(t6, s1, a7));

  // Zicsr immediates keep the 5-bit uimm in the rs1 field.
  decode(csrrwi(a0, csr::mscratch, 21), 0, d);
  EXPECT_EQ(d.rs1, 21);
}

TEST(HartDecode, WritesToX0GoToTheSinkRegister) {
  DecodedInsn d{};
  decode(addi(0, a1, 5), 0, d);
  EXPECT_EQ(d.rd, core::x0_sink);
  decode(jal(0, 8), 0, d);
  EXPECT_EQ(d.rd, core::x0_sink);
  decode(addi(a0, 0, 5), 0, d);
  EXPECT_EQ(d.rs1, 0);  // reading x0 is not redirected
}

TEST(HartDecode, CompressedInstructionsHaveLengthTwoAndSixteenBitRaw) {
  DecodedInsn d{};
  const uint16_t c = cenc::c_addi(a0, -3);
  decode(0xABCD0000u | c, 0x80000002, d);  // the upper half is not part of it
  EXPECT_EQ(d.len, 2);
  EXPECT_EQ(d.raw, c);
  EXPECT_EQ(d.rd, a0);
  EXPECT_EQ(d.rs1, a0);
  EXPECT_EQ(d.imm, -3);
  EXPECT_EQ(d.pc, 0x80000002u);
  EXPECT_STREQ(instruction_name(c), "addi");
}

TEST(HartDecode, ControlTransferCsrAndSystemInstructionsEndTheBlock) {
  const std::vector<uint32_t> ending = {jal(ra, 8),     jalr(0, ra, 0),         beq(a0, a1, 8),
                                        bgeu(a0, a1, -8), csrrw(a0, csr::mscratch, a1), csrrsi(a0, csr::mstatus, 0),
                                        ecall(),        ebreak(),               mret(),
                                        sret(),         wfi(),                  sfence_vma(),
                                        fence_i()};
  const std::vector<uint32_t> continuing = {addi(a0, a0, 1), lui(a0, 1),        auipc(a0, 1),
                                            ld(a0, a1, 0),   sd(a0, a1, 0),      mul(a0, a1, a2),
                                            divw(a0, a1, a2), amo(amo_add, true, a0, a1, a2), lr_w(a0, a1),
                                            sc_d(a0, a1, a2), fence()};
  DecodedInsn d{};
  for (uint32_t raw : ending) EXPECT_TRUE(decode(raw, 0, d)) << instruction_name(raw);
  for (uint32_t raw : continuing) EXPECT_FALSE(decode(raw, 0, d)) << instruction_name(raw);
}

TEST(HartDecode, CompressedNamesFollowTheirExpansion) {
  using namespace cenc;
  expect_names({
      {c_addi4spn(s0, 16), "addi"}, {c_lw(a0, a1, 4), "lw"},    {c_ld(a0, a1, 8), "ld"},
      {c_sw(a0, a1, 4), "sw"},      {c_sd(a0, a1, 8), "sd"},    {c_nop(), "addi"},
      {c_addiw(a0, 1), "addiw"},    {c_li(a0, 1), "addi"},      {c_addi16sp(32), "addi"},
      {c_lui(a0, 1), "lui"},        {c_srli(a0, 1), "srli"},    {c_srai(a0, 1), "srai"},
      {c_andi(a0, 1), "andi"},      {c_sub(a0, a1), "sub"},     {c_xor(a0, a1), "xor"},
      {c_or(a0, a1), "or"},         {c_and(a0, a1), "and"},     {c_subw(a0, a1), "subw"},
      {c_addw(a0, a1), "addw"},     {c_j(8), "jal"},            {c_beqz(a0, 8), "beq"},
      {c_bnez(a0, 8), "bne"},       {c_slli(a0, 1), "slli"},    {c_lwsp(a0, 4), "lw"},
      {c_ldsp(a0, 8), "ld"},        {c_jr(ra), "jalr"},         {c_mv(a0, a1), "add"},
      {c_ebreak(), "ebreak"},       {c_jalr(a0), "jalr"},       {c_add(a0, a1), "add"},
      {c_swsp(a0, 4), "sw"},        {c_sdsp(a0, 8), "sd"},      {0x0000, "illegal"},
  });
}

}  // namespace
}  // namespace torpor::test
