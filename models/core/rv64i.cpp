// RV64I base integer instructions (unprivileged spec chapters 2 and 5).
// One small handler per instruction; rows at the bottom map encodings to them.
#include <cstring>

#include "models/core/decoder.h"
#include "models/core/hart.h"

namespace torpor::core {

namespace {

using u64 = uint64_t;
using i64 = int64_t;
u64 sext32(u64 v) { return u64(i64(int32_t(uint32_t(v)))); }

// Register-register and register-immediate ALU operations: a = rs1,
// b = rs2 or the immediate.
#define ALU_RR(name, expr)                                     \
  bool exec_##name(Hart& h, const DecodedInsn& d) {            \
    const u64 a = h.x[d.rs1], b = h.x[d.rs2];                  \
    h.x[d.rd] = (expr);                                        \
    return run_next(h, d);                                               \
  }
#define ALU_RI(name, expr)                                     \
  bool exec_##name(Hart& h, const DecodedInsn& d) {            \
    const u64 a = h.x[d.rs1], b = u64(d.imm);                  \
    h.x[d.rd] = (expr);                                        \
    return run_next(h, d);                                               \
  }

ALU_RR(add, a + b)
ALU_RR(sub, a - b)
ALU_RR(sll, a << (b & 63))
ALU_RR(slt, i64(a) < i64(b))
ALU_RR(sltu, a < b)
ALU_RR(xor, a ^ b)
ALU_RR(srl, a >> (b & 63))
ALU_RR(sra, u64(i64(a) >> (b & 63)))
ALU_RR(or, a | b)
ALU_RR(and, a & b)
ALU_RR(addw, sext32(a + b))
ALU_RR(subw, sext32(a - b))
ALU_RR(sllw, sext32(uint32_t(a) << (b & 31)))
ALU_RR(srlw, sext32(uint32_t(a) >> (b & 31)))
ALU_RR(sraw, u64(i64(int32_t(a) >> (b & 31))))

ALU_RI(addi, a + b)
ALU_RI(slti, i64(a) < i64(b))
ALU_RI(sltiu, a < b)
ALU_RI(xori, a ^ b)
ALU_RI(ori, a | b)
ALU_RI(andi, a & b)
ALU_RI(slli, a << b)
ALU_RI(srli, a >> b)
ALU_RI(srai, u64(i64(a) >> b))
ALU_RI(addiw, sext32(a + b))
ALU_RI(slliw, sext32(uint32_t(a) << b))
ALU_RI(srliw, sext32(uint32_t(a) >> b))
ALU_RI(sraiw, u64(i64(int32_t(a) >> b)))

bool exec_lui(Hart& h, const DecodedInsn& d) {
  h.x[d.rd] = u64(d.imm);
  return run_next(h, d);
}
bool exec_auipc(Hart& h, const DecodedInsn& d) {
  h.x[d.rd] = d.pc + u64(d.imm);
  return run_next(h, d);
}

// Control transfer. With C implemented, targets are always 2-byte aligned,
// so no instruction-address-misaligned exception can arise.
bool exec_jal(Hart& h, const DecodedInsn& d) {
  h.x[d.rd] = d.pc + d.len;
  h.pc = d.pc + u64(d.imm);
  return false;
}
bool exec_jalr(Hart& h, const DecodedInsn& d) {
  const u64 target = (h.x[d.rs1] + u64(d.imm)) & ~1ull;  // read rs1 before rd may overwrite it
  h.x[d.rd] = d.pc + d.len;
  h.pc = target;
  return false;
}

#define BRANCH(name, cond)                                          \
  bool exec_##name(Hart& h, const DecodedInsn& d) {                 \
    const u64 a = h.x[d.rs1], b = h.x[d.rs2];                       \
    h.pc = (cond) ? d.pc + u64(d.imm) : d.pc + d.len;               \
    return false;                                                   \
  }
BRANCH(beq, a == b)
BRANCH(bne, a != b)
BRANCH(blt, i64(a) < i64(b))
BRANCH(bge, i64(a) >= i64(b))
BRANCH(bltu, a < b)
BRANCH(bgeu, a >= b)

// Loads sign- or zero-extend through the C++ type of the loaded value.
// The slow path is a tail call, so the common case needs no stack frame.
template <typename T>
bool exec_load(Hart& h, const DecodedInsn& d) {
  const u64 vaddr = h.x[d.rs1] + u64(d.imm);
  if (const T* host = h.load_pointer<T>(vaddr)) {
    T value;
    std::memcpy(&value, host, sizeof(T));
    h.x[d.rd] = u64(i64(value));  // sign-extends signed T, zero-extends unsigned T
    return run_next(h, d);
  }
  if (!h.load_to_register<T>(d, vaddr)) return false;
  return run_next(h, d);
}
template <typename T>
bool exec_store(Hart& h, const DecodedInsn& d) {
  if (!h.store(d, h.x[d.rs1] + u64(d.imm), T(h.x[d.rs2]))) return false;
  return run_next(h, d);
}

// FENCE orders memory for other observers; a single in-order hart with
// coherent memory has nothing to do. FENCE.I is in privileged.cpp.
bool exec_fence(Hart& h, const DecodedInsn& d) { return run_next(h, d); }

}  // namespace

const std::vector<InsnSpec>& rv64i_specs() {
  constexpr uint32_t opcode = 0x7F, funct3 = 0x707F, r_type = 0xFE00707F, shift64 = 0xFC00707F;
  static const std::vector<InsnSpec> specs = {
      {"lui", opcode, 0x37, Format::u, exec_lui, false},
      {"auipc", opcode, 0x17, Format::u, exec_auipc, false},
      {"jal", opcode, 0x6F, Format::j, exec_jal, true},
      {"jalr", funct3, 0x67, Format::i, exec_jalr, true},
      {"beq", funct3, 0x0063, Format::b, exec_beq, true},
      {"bne", funct3, 0x1063, Format::b, exec_bne, true},
      {"blt", funct3, 0x4063, Format::b, exec_blt, true},
      {"bge", funct3, 0x5063, Format::b, exec_bge, true},
      {"bltu", funct3, 0x6063, Format::b, exec_bltu, true},
      {"bgeu", funct3, 0x7063, Format::b, exec_bgeu, true},
      {"lb", funct3, 0x0003, Format::i, exec_load<int8_t>, false},
      {"lh", funct3, 0x1003, Format::i, exec_load<int16_t>, false},
      {"lw", funct3, 0x2003, Format::i, exec_load<int32_t>, false},
      {"ld", funct3, 0x3003, Format::i, exec_load<uint64_t>, false},
      {"lbu", funct3, 0x4003, Format::i, exec_load<uint8_t>, false},
      {"lhu", funct3, 0x5003, Format::i, exec_load<uint16_t>, false},
      {"lwu", funct3, 0x6003, Format::i, exec_load<uint32_t>, false},
      {"sb", funct3, 0x0023, Format::s, exec_store<uint8_t>, false},
      {"sh", funct3, 0x1023, Format::s, exec_store<uint16_t>, false},
      {"sw", funct3, 0x2023, Format::s, exec_store<uint32_t>, false},
      {"sd", funct3, 0x3023, Format::s, exec_store<uint64_t>, false},
      {"addi", funct3, 0x0013, Format::i, exec_addi, false},
      {"slti", funct3, 0x2013, Format::i, exec_slti, false},
      {"sltiu", funct3, 0x3013, Format::i, exec_sltiu, false},
      {"xori", funct3, 0x4013, Format::i, exec_xori, false},
      {"ori", funct3, 0x6013, Format::i, exec_ori, false},
      {"andi", funct3, 0x7013, Format::i, exec_andi, false},
      {"slli", shift64, 0x00001013, Format::shift64, exec_slli, false},
      {"srli", shift64, 0x00005013, Format::shift64, exec_srli, false},
      {"srai", shift64, 0x40005013, Format::shift64, exec_srai, false},
      {"add", r_type, 0x00000033, Format::r, exec_add, false},
      {"sub", r_type, 0x40000033, Format::r, exec_sub, false},
      {"sll", r_type, 0x00001033, Format::r, exec_sll, false},
      {"slt", r_type, 0x00002033, Format::r, exec_slt, false},
      {"sltu", r_type, 0x00003033, Format::r, exec_sltu, false},
      {"xor", r_type, 0x00004033, Format::r, exec_xor, false},
      {"srl", r_type, 0x00005033, Format::r, exec_srl, false},
      {"sra", r_type, 0x40005033, Format::r, exec_sra, false},
      {"or", r_type, 0x00006033, Format::r, exec_or, false},
      {"and", r_type, 0x00007033, Format::r, exec_and, false},
      {"addiw", funct3, 0x001B, Format::i, exec_addiw, false},
      {"slliw", r_type, 0x0000101B, Format::shift32, exec_slliw, false},
      {"srliw", r_type, 0x0000501B, Format::shift32, exec_srliw, false},
      {"sraiw", r_type, 0x4000501B, Format::shift32, exec_sraiw, false},
      {"addw", r_type, 0x0000003B, Format::r, exec_addw, false},
      {"subw", r_type, 0x4000003B, Format::r, exec_subw, false},
      {"sllw", r_type, 0x0000103B, Format::r, exec_sllw, false},
      {"srlw", r_type, 0x0000503B, Format::r, exec_srlw, false},
      {"sraw", r_type, 0x4000503B, Format::r, exec_sraw, false},
      // FENCE (any pred/succ/fm, incl. FENCE.TSO and PAUSE) ignores rd/rs1.
      {"fence", funct3, 0x000F, Format::none, exec_fence, false},
  };
  return specs;
}

}  // namespace torpor::core
