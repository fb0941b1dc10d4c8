// Table-driven decoding: each extension contributes rows of
// {mask, match, handler, operand format}; decode() finds the row whose
// masked bits match. Compressed (RVC) instructions are first expanded to
// their 32-bit equivalents (rv64c.cpp), so each operation has one handler.
#pragma once
#include <cstdint>
#include <vector>

#include "models/core/decoded_insn.h"

namespace torpor::core {

// How the operands and immediate are laid out in the 32-bit encoding.
enum class Format : uint8_t { r, i, s, b, u, j, shift64, shift32, csr, csr_imm, none };

struct InsnSpec {
  const char* name;
  uint32_t mask;
  uint32_t match;
  Format format;
  ExecFn exec;
  bool ends_block;  // control transfer, CSR or system instruction
};

// Rows of each extension (defined next to their handlers).
const std::vector<InsnSpec>& rv64i_specs();
const std::vector<InsnSpec>& rv64m_specs();
const std::vector<InsnSpec>& rv64a_specs();
const std::vector<InsnSpec>& zicsr_specs();
const std::vector<InsnSpec>& privileged_specs();

// Expands a 16-bit RVC instruction to its 32-bit equivalent; 0 if illegal
// or reserved (unprivileged spec chapter 16).
uint32_t expand_compressed(uint16_t insn);

// Decodes `raw` (32-bit, or 16-bit when (raw & 3) != 3) at pc into out.
// Unknown encodings decode to the illegal-instruction handler. Returns true
// when the instruction ends its basic block.
bool decode(uint32_t raw, uint64_t pc, DecodedInsn& out);

// Name of the instruction for disassembly in error messages and tests.
const char* instruction_name(uint32_t raw);

// Handler for encodings that are not valid instructions.
bool exec_illegal(Hart& h, const DecodedInsn& d);

}  // namespace torpor::core
