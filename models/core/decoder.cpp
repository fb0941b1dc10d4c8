#include "models/core/decoder.h"

#include "models/core/hart.h"

#include <array>

namespace torpor::core {

namespace {

int64_t sext(uint64_t value, unsigned bits) { return int64_t(value << (64 - bits)) >> (64 - bits); }

int64_t imm_i(uint32_t r) { return int64_t(int32_t(r)) >> 20; }
int64_t imm_s(uint32_t r) { return sext(((r >> 25) << 5) | ((r >> 7) & 0x1F), 12); }
int64_t imm_b(uint32_t r) {
  return sext((((r >> 31) & 1) << 12) | (((r >> 7) & 1) << 11) | (((r >> 25) & 0x3F) << 5) |
                  (((r >> 8) & 0xF) << 1),
              13);
}
int64_t imm_u(uint32_t r) { return int64_t(int32_t(r & 0xFFFFF000u)); }
int64_t imm_j(uint32_t r) {
  return sext((((r >> 31) & 1) << 20) | (((r >> 12) & 0xFF) << 12) | (((r >> 20) & 1) << 11) |
                  (((r >> 21) & 0x3FF) << 1),
              21);
}

// All rows, bucketed by major opcode (bits 6:0) so decode scans a few rows.
struct DecodeTable {
  std::array<std::vector<const InsnSpec*>, 128> by_opcode;
  DecodeTable() {
    for (auto* list : {&rv64i_specs(), &rv64m_specs(), &rv64a_specs(), &zicsr_specs(), &privileged_specs()})
      for (const InsnSpec& spec : *list) {
        // A row whose mask covers the opcode lives in one bucket.
        for (uint32_t op = 0; op < 128; ++op)
          if ((op & spec.mask & 0x7F) == (spec.match & 0x7F)) by_opcode[op].push_back(&spec);
      }
  }
};

const DecodeTable& table() {
  static const DecodeTable t;
  return t;
}

const InsnSpec* find(uint32_t insn) {
  for (const InsnSpec* spec : table().by_opcode[insn & 0x7F])
    if ((insn & spec->mask) == spec->match) return spec;
  return nullptr;
}

}  // namespace

bool exec_illegal(Hart& h, const DecodedInsn& d);

bool decode(uint32_t raw, uint64_t pc, DecodedInsn& out) {
  const bool compressed = (raw & 3) != 3;
  const uint32_t insn = compressed ? expand_compressed(uint16_t(raw)) : raw;
  out = DecodedInsn{};
  out.pc = pc;
  out.raw = compressed ? (raw & 0xFFFF) : raw;
  out.len = compressed ? 2 : 4;
  const InsnSpec* spec = insn ? find(insn) : nullptr;
  if (!spec) {
    out.exec = exec_illegal;
    return true;
  }
  out.exec = spec->exec;
  const uint8_t rd = (insn >> 7) & 0x1F;
  out.rd = rd == 0 ? x0_sink : rd;
  out.rs1 = (insn >> 15) & 0x1F;
  out.rs2 = (insn >> 20) & 0x1F;
  switch (spec->format) {
    case Format::i: out.imm = imm_i(insn); break;
    case Format::s: out.imm = imm_s(insn); break;
    case Format::b: out.imm = imm_b(insn); break;
    case Format::u: out.imm = imm_u(insn); break;
    case Format::j: out.imm = imm_j(insn); break;
    case Format::shift64: out.imm = (insn >> 20) & 0x3F; break;
    case Format::shift32: out.imm = (insn >> 20) & 0x1F; break;
    case Format::csr:
    case Format::csr_imm: out.imm = insn >> 20; break;
    case Format::r:
    case Format::none: break;
  }
  return spec->ends_block;
}

const char* instruction_name(uint32_t raw) {
  const uint32_t insn = (raw & 3) != 3 ? expand_compressed(uint16_t(raw)) : raw;
  const InsnSpec* spec = insn ? find(insn) : nullptr;
  return spec ? spec->name : "illegal";
}

bool exec_illegal(Hart& h, const DecodedInsn& d) { return h.raise_illegal(d); }

}  // namespace torpor::core
