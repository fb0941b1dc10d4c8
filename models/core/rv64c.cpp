// RVC: each 16-bit instruction expands to the 32-bit instruction it stands
// for (unprivileged spec chapter 16, tables 16.5-16.7), then decodes as that.
// Reserved encodings and the FP loads/stores (no F/D yet) expand to 0.
#include "models/core/decoder.h"

namespace torpor::core {

namespace {

uint32_t bits(uint32_t v, unsigned hi, unsigned lo) { return (v >> lo) & ((1u << (hi - lo + 1)) - 1); }
uint32_t bit(uint32_t v, unsigned n) { return (v >> n) & 1; }
// Sign-extends a field of `width` bits held in the low bits of v.
int32_t sext(uint32_t v, unsigned width) { return int32_t(v << (32 - width)) >> (32 - width); }

// 32-bit encoders for the formats RVC expands to.
uint32_t r_type(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
uint32_t i_type(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (uint32_t(imm & 0xFFF) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
}
uint32_t s_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t op) {
  const uint32_t u = uint32_t(imm);
  return (bits(u, 11, 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (bits(u, 4, 0) << 7) | op;
}
uint32_t b_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  const uint32_t u = uint32_t(imm);
  return (bit(u, 12) << 31) | (bits(u, 10, 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
         (bits(u, 4, 1) << 8) | (bit(u, 11) << 7) | 0x63;
}
uint32_t j_type(int32_t imm, uint32_t rd) {
  const uint32_t u = uint32_t(imm);
  return (bit(u, 20) << 31) | (bits(u, 10, 1) << 21) | (bit(u, 11) << 20) | (bits(u, 19, 12) << 12) | (rd << 7) |
         0x6F;
}

constexpr uint32_t op_load = 0x03, op_store = 0x23, op_imm = 0x13, op_imm32 = 0x1B, op_reg = 0x33,
                   op_reg32 = 0x3B, op_lui = 0x37, op_jalr = 0x67;
constexpr uint32_t sp = 2, ra = 1;

uint32_t quadrant0(uint32_t c) {
  const uint32_t rd_ = bits(c, 4, 2) + 8, rs1_ = bits(c, 9, 7) + 8;
  const uint32_t uimm_w = (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
  const uint32_t uimm_d = (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
  switch (bits(c, 15, 13)) {
    case 0: {  // C.ADDI4SPN
      const uint32_t nzuimm =
          (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
      return nzuimm ? i_type(int32_t(nzuimm), sp, 0, rd_, op_imm) : 0;
    }
    case 2: return i_type(int32_t(uimm_w), rs1_, 2, rd_, op_load);    // C.LW
    case 3: return i_type(int32_t(uimm_d), rs1_, 3, rd_, op_load);    // C.LD
    case 6: return s_type(int32_t(uimm_w), rd_, rs1_, 2, op_store);   // C.SW
    case 7: return s_type(int32_t(uimm_d), rd_, rs1_, 3, op_store);   // C.SD
    default: return 0;  // C.FLD, C.FSD (no D yet), reserved
  }
}

uint32_t quadrant1(uint32_t c) {
  const uint32_t rd = bits(c, 11, 7), rd_ = bits(c, 9, 7) + 8, rs2_ = bits(c, 4, 2) + 8;
  const int32_t imm6 = sext((bit(c, 12) << 5) | bits(c, 6, 2), 6);
  switch (bits(c, 15, 13)) {
    case 0: return i_type(imm6, rd, 0, rd, op_imm);            // C.ADDI / C.NOP
    case 1: return rd ? i_type(imm6, rd, 0, rd, op_imm32) : 0;  // C.ADDIW
    case 2: return i_type(imm6, 0, 0, rd, op_imm);             // C.LI
    case 3:
      if (rd == sp) {  // C.ADDI16SP
        const int32_t nzimm = sext((bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6) | (bits(c, 4, 3) << 7) |
                                       (bit(c, 2) << 5),
                                   10);
        return nzimm ? i_type(nzimm, sp, 0, sp, op_imm) : 0;
      } else {  // C.LUI
        const int32_t nzimm = sext((bit(c, 12) << 17) | (bits(c, 6, 2) << 12), 18);
        return nzimm ? (uint32_t(nzimm) & 0xFFFFF000u) | (rd << 7) | op_lui : 0;
      }
    case 4: {
      const uint32_t shamt = (bit(c, 12) << 5) | bits(c, 6, 2);
      switch (bits(c, 11, 10)) {
        case 0: return i_type(int32_t(shamt), rd_, 5, rd_, op_imm);           // C.SRLI
        case 1: return i_type(int32_t(shamt | 0x400), rd_, 5, rd_, op_imm);   // C.SRAI
        case 2: return i_type(imm6, rd_, 7, rd_, op_imm);                    // C.ANDI
        default: {
          const uint32_t f = bits(c, 6, 5);
          if (!bit(c, 12)) {
            static const uint32_t f3[] = {0, 4, 6, 7};  // C.SUB, C.XOR, C.OR, C.AND
            return r_type(f == 0 ? 0x20 : 0, rs2_, rd_, f3[f], rd_, op_reg);
          }
          if (f == 0) return r_type(0x20, rs2_, rd_, 0, rd_, op_reg32);  // C.SUBW
          if (f == 1) return r_type(0, rs2_, rd_, 0, rd_, op_reg32);     // C.ADDW
          return 0;
        }
      }
    }
    case 5: {  // C.J
      const int32_t off = sext((bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) | (bit(c, 8) << 10) |
                                   (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) | (bit(c, 2) << 5),
                               12);
      return j_type(off, 0);
    }
    default: {  // C.BEQZ, C.BNEZ
      const int32_t off = sext((bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) |
                                   (bits(c, 4, 3) << 1) | (bit(c, 2) << 5),
                               9);
      return b_type(off, 0, rd_, bits(c, 15, 13) == 6 ? 0 : 1);
    }
  }
}

uint32_t quadrant2(uint32_t c) {
  const uint32_t rd = bits(c, 11, 7), rs2 = bits(c, 6, 2);
  switch (bits(c, 15, 13)) {
    case 0: return i_type(int32_t((bit(c, 12) << 5) | rs2), rd, 1, rd, op_imm);  // C.SLLI
    case 2: {  // C.LWSP
      const uint32_t uimm = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
      return rd ? i_type(int32_t(uimm), sp, 2, rd, op_load) : 0;
    }
    case 3: {  // C.LDSP
      const uint32_t uimm = (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
      return rd ? i_type(int32_t(uimm), sp, 3, rd, op_load) : 0;
    }
    case 4:
      if (!bit(c, 12)) {
        if (rs2 == 0) return rd ? i_type(0, rd, 0, 0, op_jalr) : 0;  // C.JR
        return r_type(0, rs2, 0, 0, rd, op_reg);                      // C.MV
      }
      if (rs2 == 0) return rd ? i_type(0, rd, 0, ra, op_jalr) : 0x00100073;  // C.JALR / C.EBREAK
      return r_type(0, rs2, rd, 0, rd, op_reg);                               // C.ADD
    case 6: {  // C.SWSP
      const uint32_t uimm = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
      return s_type(int32_t(uimm), rs2, sp, 2, op_store);
    }
    case 7: {  // C.SDSP
      const uint32_t uimm = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
      return s_type(int32_t(uimm), rs2, sp, 3, op_store);
    }
    default: return 0;  // C.FLDSP, C.FSDSP (no D yet)
  }
}

}  // namespace

uint32_t expand_compressed(uint16_t insn) {
  switch (insn & 3) {
    case 0: return quadrant0(insn);
    case 1: return quadrant1(insn);
    case 2: return quadrant2(insn);
    default: return 0;
  }
}

}  // namespace torpor::core
