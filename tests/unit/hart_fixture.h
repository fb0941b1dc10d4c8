// Test fixture for the plain-C++ hart (models/core/hart.h): a fake memory
// port, instruction encoders written from the unprivileged spec's encoding
// tables (chapter 24 for 32-bit formats, chapter 16 for RVC), helpers to
// place code, run it block by block and inspect CSRs, and a page-table
// builder for Sv39/Sv48/Sv57.
//
// Memory map of the fake platform:
//   0x8000_0000 .. +4 MiB  RAM, served through page_pointer (DMI-like) and
//                          also through read/write (page walks, slow paths)
//   0x1000_0000 .. +4 KiB  "MMIO": read/write only, every access recorded
//   anything else          bus error (read/write return false)
#pragma once
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "models/core/decoder.h"
#include "models/core/hart.h"

namespace torpor::test {

using core::Hart;
using core::HartConfig;
using core::Priv;
using core::RunExit;
namespace cause = core::cause;
namespace csr = core::csr;
namespace irq = core::irq;
namespace ms = core::mstatus;

// ------------------------------------------------------------- memory map

constexpr uint64_t kRamBase = 0x80000000, kRamSize = 4ull << 20;
constexpr uint64_t kMmioBase = 0x10000000, kMmioSize = 0x1000;
constexpr uint64_t kUnmapped = 0x20000000;  // nothing answers here

constexpr uint64_t kCode = kRamBase;               // programs start here (reset_pc)
constexpr uint64_t kHandler = kRamBase + 0x1000;   // mtvec: a halt loop
constexpr uint64_t kSHandler = kRamBase + 0x2000;  // stvec: a halt loop
constexpr uint64_t kCode2 = kRamBase + 0x3000;     // a second code page
constexpr uint64_t kData = kRamBase + 0x100000;    // scratch data
constexpr uint64_t kTables = kRamBase + 0x200000;  // page-table pool

// Integer register ABI names.
constexpr uint32_t zero = 0, ra = 1, sp = 2, gp = 3, tp = 4, t0 = 5, t1 = 6, t2 = 7, s0 = 8, s1 = 9;
constexpr uint32_t a0 = 10, a1 = 11, a2 = 12, a3 = 13, a4 = 14, a5 = 15, a6 = 16, a7 = 17;
constexpr uint32_t s2 = 18, s3 = 19, t3 = 28, t4 = 29, t5 = 30, t6 = 31;

// --------------------------------------------------------------- fake port

class FakeMemory : public core::MemoryPort {
 public:
  struct BusAccess {
    uint64_t addr;
    unsigned size;
    bool write;
    uint64_t value;
  };

  FakeMemory() : ram_(kRamSize, 0), mmio_(kMmioSize, 0) {}

  bool direct_access = true;  // false: page_pointer refuses RAM too (slow paths)
  uint64_t mtime_value = 0;
  std::vector<BusAccess> mmio_log;  // every read/write of the MMIO region
  unsigned ram_bus_reads = 0, ram_bus_writes = 0, bus_errors = 0;

  uint8_t* page_pointer(uint64_t page_paddr, bool) override {
    if (!direct_access || (page_paddr & 0xFFF) || !in_ram(page_paddr, 4096)) return nullptr;
    return &ram_[page_paddr - kRamBase];
  }
  bool read(uint64_t paddr, void* data, unsigned size) override {
    if (in_ram(paddr, size)) {
      std::memcpy(data, &ram_[paddr - kRamBase], size);
      ++ram_bus_reads;
      return true;
    }
    if (in_mmio(paddr, size)) {
      std::memcpy(data, &mmio_[paddr - kMmioBase], size);
      uint64_t v = 0;
      std::memcpy(&v, data, size);
      mmio_log.push_back({paddr, size, false, v});
      return true;
    }
    ++bus_errors;
    return false;
  }
  bool write(uint64_t paddr, const void* data, unsigned size) override {
    if (in_ram(paddr, size)) {
      std::memcpy(&ram_[paddr - kRamBase], data, size);
      ++ram_bus_writes;
      return true;
    }
    if (in_mmio(paddr, size)) {
      std::memcpy(&mmio_[paddr - kMmioBase], data, size);
      uint64_t v = 0;
      std::memcpy(&v, data, size);
      mmio_log.push_back({paddr, size, true, v});
      return true;
    }
    ++bus_errors;
    return false;
  }
  uint64_t mtime() override { return mtime_value; }

  // Backdoor access for tests (RAM or MMIO backing store, not logged).
  template <typename T>
  T get(uint64_t paddr) const {
    T v{};
    std::memcpy(&v, backing(paddr, sizeof(T)), sizeof(T));
    return v;
  }
  template <typename T>
  void set(uint64_t paddr, T v) {
    std::memcpy(backing(paddr, sizeof(T)), &v, sizeof(T));
  }

  static bool in_ram(uint64_t a, uint64_t size) {
    return a >= kRamBase && a - kRamBase <= kRamSize - size;
  }
  static bool in_mmio(uint64_t a, uint64_t size) {
    return a >= kMmioBase && a - kMmioBase <= kMmioSize - size;
  }

 private:
  uint8_t* backing(uint64_t a, uint64_t size) const {
    if (in_ram(a, size)) return const_cast<uint8_t*>(&ram_[a - kRamBase]);
    if (in_mmio(a, size)) return const_cast<uint8_t*>(&mmio_[a - kMmioBase]);
    ADD_FAILURE() << "backdoor access outside RAM/MMIO at 0x" << std::hex << a;
    static uint8_t dummy[8];
    return dummy;
  }
  std::vector<uint8_t> ram_, mmio_;
};

// ----------------------------------------------------- 32-bit instructions

namespace enc {

constexpr uint32_t op_load = 0x03, op_misc_mem = 0x0F, op_imm = 0x13, op_auipc = 0x17, op_imm32 = 0x1B;
constexpr uint32_t op_store = 0x23, op_amo = 0x2F, op_reg = 0x33, op_lui = 0x37, op_reg32 = 0x3B;
constexpr uint32_t op_branch = 0x63, op_jalr = 0x67, op_jal = 0x6F, op_system = 0x73;

constexpr uint32_t r_type(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (f7 << 25) | ((rs2 & 31) << 20) | ((rs1 & 31) << 15) | ((f3 & 7) << 12) | ((rd & 31) << 7) | op;
}
constexpr uint32_t i_type(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t op) {
  return (uint32_t(imm & 0xFFF) << 20) | ((rs1 & 31) << 15) | ((f3 & 7) << 12) | ((rd & 31) << 7) | op;
}
constexpr uint32_t s_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t op) {
  const uint32_t u = uint32_t(imm);
  return (((u >> 5) & 0x7F) << 25) | ((rs2 & 31) << 20) | ((rs1 & 31) << 15) | ((f3 & 7) << 12) |
         ((u & 0x1F) << 7) | op;
}
// imm is the byte offset (bit 0 ignored): imm[12|10:5] rs2 rs1 f3 imm[4:1|11].
constexpr uint32_t b_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t op = op_branch) {
  const uint32_t u = uint32_t(imm);
  return (((u >> 12) & 1) << 31) | (((u >> 5) & 0x3F) << 25) | ((rs2 & 31) << 20) | ((rs1 & 31) << 15) |
         ((f3 & 7) << 12) | (((u >> 1) & 0xF) << 8) | (((u >> 11) & 1) << 7) | op;
}
// imm20 is the value placed in bits 31:12.
constexpr uint32_t u_type(uint32_t imm20, uint32_t rd, uint32_t op) {
  return ((imm20 & 0xFFFFF) << 12) | ((rd & 31) << 7) | op;
}
// imm is the byte offset: imm[20|10:1|11|19:12] rd opcode.
constexpr uint32_t j_type(int32_t imm, uint32_t rd, uint32_t op = op_jal) {
  const uint32_t u = uint32_t(imm);
  return (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3FF) << 21) | (((u >> 11) & 1) << 20) |
         (((u >> 12) & 0xFF) << 12) | ((rd & 31) << 7) | op;
}

// RV64I
constexpr uint32_t lui(uint32_t rd, uint32_t imm20) { return u_type(imm20, rd, op_lui); }
constexpr uint32_t auipc(uint32_t rd, uint32_t imm20) { return u_type(imm20, rd, op_auipc); }
constexpr uint32_t jal(uint32_t rd, int32_t off) { return j_type(off, rd); }
constexpr uint32_t jalr(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 0, rd, op_jalr); }
constexpr uint32_t beq(uint32_t rs1, uint32_t rs2, int32_t off) { return b_type(off, rs2, rs1, 0); }
constexpr uint32_t bne(uint32_t rs1, uint32_t rs2, int32_t off) { return b_type(off, rs2, rs1, 1); }
constexpr uint32_t blt(uint32_t rs1, uint32_t rs2, int32_t off) { return b_type(off, rs2, rs1, 4); }
constexpr uint32_t bge(uint32_t rs1, uint32_t rs2, int32_t off) { return b_type(off, rs2, rs1, 5); }
constexpr uint32_t bltu(uint32_t rs1, uint32_t rs2, int32_t off) { return b_type(off, rs2, rs1, 6); }
constexpr uint32_t bgeu(uint32_t rs1, uint32_t rs2, int32_t off) { return b_type(off, rs2, rs1, 7); }
constexpr uint32_t lb(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 0, rd, op_load); }
constexpr uint32_t lh(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 1, rd, op_load); }
constexpr uint32_t lw(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 2, rd, op_load); }
constexpr uint32_t ld(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 3, rd, op_load); }
constexpr uint32_t lbu(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 4, rd, op_load); }
constexpr uint32_t lhu(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 5, rd, op_load); }
constexpr uint32_t lwu(uint32_t rd, uint32_t rs1, int32_t off) { return i_type(off, rs1, 6, rd, op_load); }
constexpr uint32_t sb(uint32_t rs2, uint32_t rs1, int32_t off) { return s_type(off, rs2, rs1, 0, op_store); }
constexpr uint32_t sh(uint32_t rs2, uint32_t rs1, int32_t off) { return s_type(off, rs2, rs1, 1, op_store); }
constexpr uint32_t sw(uint32_t rs2, uint32_t rs1, int32_t off) { return s_type(off, rs2, rs1, 2, op_store); }
constexpr uint32_t sd(uint32_t rs2, uint32_t rs1, int32_t off) { return s_type(off, rs2, rs1, 3, op_store); }
constexpr uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 0, rd, op_imm); }
constexpr uint32_t slti(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 2, rd, op_imm); }
constexpr uint32_t sltiu(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 3, rd, op_imm); }
constexpr uint32_t xori(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 4, rd, op_imm); }
constexpr uint32_t ori(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 6, rd, op_imm); }
constexpr uint32_t andi(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 7, rd, op_imm); }
constexpr uint32_t slli(uint32_t rd, uint32_t rs1, uint32_t sh) { return i_type(int32_t(sh & 63), rs1, 1, rd, op_imm); }
constexpr uint32_t srli(uint32_t rd, uint32_t rs1, uint32_t sh) { return i_type(int32_t(sh & 63), rs1, 5, rd, op_imm); }
constexpr uint32_t srai(uint32_t rd, uint32_t rs1, uint32_t sh) {
  return i_type(int32_t(0x400 | (sh & 63)), rs1, 5, rd, op_imm);
}
constexpr uint32_t add(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 0, rd, op_reg); }
constexpr uint32_t sub(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0x20, rs2, rs1, 0, rd, op_reg); }
constexpr uint32_t sll(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 1, rd, op_reg); }
constexpr uint32_t slt(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 2, rd, op_reg); }
constexpr uint32_t sltu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 3, rd, op_reg); }
constexpr uint32_t xor_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 4, rd, op_reg); }
constexpr uint32_t srl(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 5, rd, op_reg); }
constexpr uint32_t sra(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0x20, rs2, rs1, 5, rd, op_reg); }
constexpr uint32_t or_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 6, rd, op_reg); }
constexpr uint32_t and_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 7, rd, op_reg); }
constexpr uint32_t addiw(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 0, rd, op_imm32); }
constexpr uint32_t slliw(uint32_t rd, uint32_t rs1, uint32_t sh) { return i_type(int32_t(sh & 31), rs1, 1, rd, op_imm32); }
constexpr uint32_t srliw(uint32_t rd, uint32_t rs1, uint32_t sh) { return i_type(int32_t(sh & 31), rs1, 5, rd, op_imm32); }
constexpr uint32_t sraiw(uint32_t rd, uint32_t rs1, uint32_t sh) {
  return i_type(int32_t(0x400 | (sh & 31)), rs1, 5, rd, op_imm32);
}
constexpr uint32_t addw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 0, rd, op_reg32); }
constexpr uint32_t subw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0x20, rs2, rs1, 0, rd, op_reg32); }
constexpr uint32_t sllw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 1, rd, op_reg32); }
constexpr uint32_t srlw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0, rs2, rs1, 5, rd, op_reg32); }
constexpr uint32_t sraw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return r_type(0x20, rs2, rs1, 5, rd, op_reg32); }
// fence pred, succ (4 bits each: I O R W) and fm.
constexpr uint32_t fence(uint32_t pred = 0xF, uint32_t succ = 0xF, uint32_t fm = 0) {
  return (fm << 28) | (pred << 24) | (succ << 20) | op_misc_mem;
}
constexpr uint32_t fence_i() { return i_type(0, 0, 1, 0, op_misc_mem); }
constexpr uint32_t ecall() { return op_system; }
constexpr uint32_t ebreak() { return (1u << 20) | op_system; }
constexpr uint32_t sret() { return (0x102u << 20) | op_system; }
constexpr uint32_t mret() { return (0x302u << 20) | op_system; }
constexpr uint32_t wfi() { return (0x105u << 20) | op_system; }
constexpr uint32_t sfence_vma(uint32_t rs1 = 0, uint32_t rs2 = 0) { return r_type(0x09, rs2, rs1, 0, 0, op_system); }
constexpr uint32_t nop() { return addi(0, 0, 0); }

// Zicsr
constexpr uint32_t csr_op(uint32_t f3, uint32_t rd, uint32_t csr, uint32_t rs1_or_uimm) {
  return ((csr & 0xFFF) << 20) | ((rs1_or_uimm & 31) << 15) | (f3 << 12) | ((rd & 31) << 7) | op_system;
}
constexpr uint32_t csrrw(uint32_t rd, uint32_t csr, uint32_t rs1) { return csr_op(1, rd, csr, rs1); }
constexpr uint32_t csrrs(uint32_t rd, uint32_t csr, uint32_t rs1) { return csr_op(2, rd, csr, rs1); }
constexpr uint32_t csrrc(uint32_t rd, uint32_t csr, uint32_t rs1) { return csr_op(3, rd, csr, rs1); }
constexpr uint32_t csrrwi(uint32_t rd, uint32_t csr, uint32_t uimm) { return csr_op(5, rd, csr, uimm); }
constexpr uint32_t csrrsi(uint32_t rd, uint32_t csr, uint32_t uimm) { return csr_op(6, rd, csr, uimm); }
constexpr uint32_t csrrci(uint32_t rd, uint32_t csr, uint32_t uimm) { return csr_op(7, rd, csr, uimm); }
constexpr uint32_t csrr(uint32_t rd, uint32_t csr) { return csrrs(rd, csr, 0); }
constexpr uint32_t csrw(uint32_t csr, uint32_t rs1) { return csrrw(0, csr, rs1); }

// RV64M
constexpr uint32_t m_op(uint32_t f3, uint32_t rd, uint32_t rs1, uint32_t rs2, uint32_t op = op_reg) {
  return r_type(1, rs2, rs1, f3, rd, op);
}
constexpr uint32_t mul(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(0, rd, rs1, rs2); }
constexpr uint32_t mulh(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(1, rd, rs1, rs2); }
constexpr uint32_t mulhsu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(2, rd, rs1, rs2); }
constexpr uint32_t mulhu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(3, rd, rs1, rs2); }
constexpr uint32_t div_(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(4, rd, rs1, rs2); }
constexpr uint32_t divu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(5, rd, rs1, rs2); }
constexpr uint32_t rem(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(6, rd, rs1, rs2); }
constexpr uint32_t remu(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(7, rd, rs1, rs2); }
constexpr uint32_t mulw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(0, rd, rs1, rs2, op_reg32); }
constexpr uint32_t divw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(4, rd, rs1, rs2, op_reg32); }
constexpr uint32_t divuw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(5, rd, rs1, rs2, op_reg32); }
constexpr uint32_t remw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(6, rd, rs1, rs2, op_reg32); }
constexpr uint32_t remuw(uint32_t rd, uint32_t rs1, uint32_t rs2) { return m_op(7, rd, rs1, rs2, op_reg32); }

// RV64A: funct5 | aq | rl, width 2 (W) or 3 (D).
enum Amo : uint32_t {
  amo_add = 0x00, amo_swap = 0x01, amo_lr = 0x02, amo_sc = 0x03, amo_xor = 0x04, amo_or = 0x08,
  amo_and = 0x0C, amo_min = 0x10, amo_max = 0x14, amo_minu = 0x18, amo_maxu = 0x1C
};
constexpr uint32_t amo(Amo f5, bool dword, uint32_t rd, uint32_t rs1, uint32_t rs2, bool aq = false,
                       bool rl = false) {
  return r_type((uint32_t(f5) << 2) | (uint32_t(aq) << 1) | uint32_t(rl), rs2, rs1, dword ? 3 : 2, rd, op_amo);
}
constexpr uint32_t lr_w(uint32_t rd, uint32_t rs1) { return amo(amo_lr, false, rd, rs1, 0); }
constexpr uint32_t lr_d(uint32_t rd, uint32_t rs1) { return amo(amo_lr, true, rd, rs1, 0); }
constexpr uint32_t sc_w(uint32_t rd, uint32_t rs1, uint32_t rs2) { return amo(amo_sc, false, rd, rs1, rs2); }
constexpr uint32_t sc_d(uint32_t rd, uint32_t rs1, uint32_t rs2) { return amo(amo_sc, true, rd, rs1, rs2); }

}  // namespace enc

// ----------------------------------------------------- 16-bit instructions
// Written from the RVC instruction listings (unprivileged spec tables
// 16.5-16.7). Registers named rd'/rs1'/rs2' take full numbers 8..15.

namespace cenc {

constexpr uint16_t b(uint32_t v, unsigned n) { return uint16_t((v >> n) & 1); }
constexpr uint16_t rc(uint32_t reg) { return uint16_t((reg - 8) & 7); }  // 3-bit register field

// Quadrant 0
constexpr uint16_t c_addi4spn(uint32_t rd_, uint32_t nzuimm) {
  // [12:5] = nzuimm[5:4|9:6|2|3]
  const uint32_t f = (((nzuimm >> 4) & 3) << 6) | (((nzuimm >> 6) & 0xF) << 2) | (b(nzuimm, 2) << 1) | b(nzuimm, 3);
  return uint16_t((0u << 13) | (f << 5) | (rc(rd_) << 2) | 0);
}
constexpr uint16_t cl_w(uint32_t f3, uint32_t r1, uint32_t r2, uint32_t uimm) {  // C.LW / C.SW layout
  return uint16_t((f3 << 13) | (((uimm >> 3) & 7) << 10) | (rc(r1) << 7) | (b(uimm, 2) << 6) | (b(uimm, 6) << 5) |
                  (rc(r2) << 2) | 0);
}
constexpr uint16_t cl_d(uint32_t f3, uint32_t r1, uint32_t r2, uint32_t uimm) {  // C.LD / C.SD layout
  return uint16_t((f3 << 13) | (((uimm >> 3) & 7) << 10) | (rc(r1) << 7) | (((uimm >> 6) & 3) << 5) |
                  (rc(r2) << 2) | 0);
}
constexpr uint16_t c_lw(uint32_t rd_, uint32_t rs1_, uint32_t uimm) { return cl_w(2, rs1_, rd_, uimm); }
constexpr uint16_t c_ld(uint32_t rd_, uint32_t rs1_, uint32_t uimm) { return cl_d(3, rs1_, rd_, uimm); }
constexpr uint16_t c_sw(uint32_t rs2_, uint32_t rs1_, uint32_t uimm) { return cl_w(6, rs1_, rs2_, uimm); }
constexpr uint16_t c_sd(uint32_t rs2_, uint32_t rs1_, uint32_t uimm) { return cl_d(7, rs1_, rs2_, uimm); }

// Quadrant 1
constexpr uint16_t ci(uint32_t f3, uint32_t rd, int32_t imm6, uint32_t op = 1) {
  const uint32_t u = uint32_t(imm6);
  return uint16_t((f3 << 13) | (b(u, 5) << 12) | ((rd & 31) << 7) | ((u & 0x1F) << 2) | op);
}
constexpr uint16_t c_nop() { return ci(0, 0, 0); }
constexpr uint16_t c_addi(uint32_t rd, int32_t imm) { return ci(0, rd, imm); }
constexpr uint16_t c_addiw(uint32_t rd, int32_t imm) { return ci(1, rd, imm); }
constexpr uint16_t c_li(uint32_t rd, int32_t imm) { return ci(2, rd, imm); }
constexpr uint16_t c_addi16sp(int32_t nzimm) {
  // [12] = nzimm[9], [6:2] = nzimm[4|6|8:7|5]
  const uint32_t u = uint32_t(nzimm);
  const uint32_t f = (b(u, 4) << 4) | (b(u, 6) << 3) | (((u >> 7) & 3) << 1) | b(u, 5);
  return uint16_t((3u << 13) | (b(u, 9) << 12) | (2u << 7) | (f << 2) | 1);
}
// nzimm is the value of bits 17:12 of the result (the lui "imm20", 6-bit signed).
constexpr uint16_t c_lui(uint32_t rd, int32_t imm6) { return ci(3, rd, imm6); }
constexpr uint16_t cb_alu(uint32_t f2, uint32_t rd_, uint32_t imm6) {
  return uint16_t((4u << 13) | (b(imm6, 5) << 12) | (f2 << 10) | (rc(rd_) << 7) | ((imm6 & 0x1F) << 2) | 1);
}
constexpr uint16_t c_srli(uint32_t rd_, uint32_t shamt) { return cb_alu(0, rd_, shamt); }
constexpr uint16_t c_srai(uint32_t rd_, uint32_t shamt) { return cb_alu(1, rd_, shamt); }
constexpr uint16_t c_andi(uint32_t rd_, int32_t imm) { return cb_alu(2, rd_, uint32_t(imm) & 0x3F); }
constexpr uint16_t ca(uint32_t bit12, uint32_t f2, uint32_t rd_, uint32_t rs2_) {
  return uint16_t((4u << 13) | (bit12 << 12) | (3u << 10) | (rc(rd_) << 7) | (f2 << 5) | (rc(rs2_) << 2) | 1);
}
constexpr uint16_t c_sub(uint32_t rd_, uint32_t rs2_) { return ca(0, 0, rd_, rs2_); }
constexpr uint16_t c_xor(uint32_t rd_, uint32_t rs2_) { return ca(0, 1, rd_, rs2_); }
constexpr uint16_t c_or(uint32_t rd_, uint32_t rs2_) { return ca(0, 2, rd_, rs2_); }
constexpr uint16_t c_and(uint32_t rd_, uint32_t rs2_) { return ca(0, 3, rd_, rs2_); }
constexpr uint16_t c_subw(uint32_t rd_, uint32_t rs2_) { return ca(1, 0, rd_, rs2_); }
constexpr uint16_t c_addw(uint32_t rd_, uint32_t rs2_) { return ca(1, 1, rd_, rs2_); }
constexpr uint16_t c_j(int32_t off) {
  // [12:2] = offset[11|4|9:8|10|6|7|3:1|5]
  const uint32_t u = uint32_t(off);
  const uint32_t f = (b(u, 11) << 10) | (b(u, 4) << 9) | (((u >> 8) & 3) << 7) | (b(u, 10) << 6) | (b(u, 6) << 5) |
                     (b(u, 7) << 4) | (((u >> 1) & 7) << 1) | b(u, 5);
  return uint16_t((5u << 13) | (f << 2) | 1);
}
constexpr uint16_t cbranch(uint32_t f3, uint32_t rs1_, int32_t off) {
  // [12:10] = offset[8|4:3], [6:2] = offset[7:6|2:1|5]
  const uint32_t u = uint32_t(off);
  return uint16_t((f3 << 13) | (b(u, 8) << 12) | (((u >> 3) & 3) << 10) | (rc(rs1_) << 7) |
                  (((u >> 6) & 3) << 5) | (((u >> 1) & 3) << 3) | (b(u, 5) << 2) | 1);
}
constexpr uint16_t c_beqz(uint32_t rs1_, int32_t off) { return cbranch(6, rs1_, off); }
constexpr uint16_t c_bnez(uint32_t rs1_, int32_t off) { return cbranch(7, rs1_, off); }

// Quadrant 2
constexpr uint16_t c_slli(uint32_t rd, uint32_t shamt) { return ci(0, rd, int32_t(shamt), 2); }
constexpr uint16_t c_lwsp(uint32_t rd, uint32_t uimm) {
  // [12] = uimm[5], [6:2] = uimm[4:2|7:6]
  return uint16_t((2u << 13) | (b(uimm, 5) << 12) | ((rd & 31) << 7) | (((uimm >> 2) & 7) << 4) |
                  (((uimm >> 6) & 3) << 2) | 2);
}
constexpr uint16_t c_ldsp(uint32_t rd, uint32_t uimm) {
  // [12] = uimm[5], [6:2] = uimm[4:3|8:6]
  return uint16_t((3u << 13) | (b(uimm, 5) << 12) | ((rd & 31) << 7) | (((uimm >> 3) & 3) << 5) |
                  (((uimm >> 6) & 7) << 2) | 2);
}
constexpr uint16_t cr(uint32_t bit12, uint32_t r1, uint32_t r2) {
  return uint16_t((4u << 13) | (bit12 << 12) | ((r1 & 31) << 7) | ((r2 & 31) << 2) | 2);
}
constexpr uint16_t c_jr(uint32_t rs1) { return cr(0, rs1, 0); }
constexpr uint16_t c_mv(uint32_t rd, uint32_t rs2) { return cr(0, rd, rs2); }
constexpr uint16_t c_ebreak() { return cr(1, 0, 0); }
constexpr uint16_t c_jalr(uint32_t rs1) { return cr(1, rs1, 0); }
constexpr uint16_t c_add(uint32_t rd, uint32_t rs2) { return cr(1, rd, rs2); }
constexpr uint16_t c_swsp(uint32_t rs2, uint32_t uimm) {
  // [12:7] = uimm[5:2|7:6]
  return uint16_t((6u << 13) | (((uimm >> 2) & 0xF) << 9) | (((uimm >> 6) & 3) << 7) | ((rs2 & 31) << 2) | 2);
}
constexpr uint16_t c_sdsp(uint32_t rs2, uint32_t uimm) {
  // [12:7] = uimm[5:3|8:6]
  return uint16_t((7u << 13) | (((uimm >> 3) & 7) << 10) | (((uimm >> 6) & 7) << 7) | ((rs2 & 31) << 2) | 2);
}

}  // namespace cenc

// ------------------------------------------------------------ page tables

namespace pte {
constexpr uint64_t V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;
constexpr uint64_t leaf_rwx = V | R | W | X | A | D;
}  // namespace pte

// Builds Sv39 (3 levels), Sv48 (4) or Sv57 (5) page tables in fake RAM,
// allocating table pages from a pool.
class PageTables {
 public:
  PageTables(FakeMemory& mem, unsigned levels, uint64_t pool = kTables)
      : mem_(mem), levels_(levels), next_(pool) {
    root_ = allocate();
  }
  uint64_t root() const { return root_; }
  unsigned levels() const { return levels_; }
  uint64_t mode() const { return levels_ == 3 ? 8 : levels_ == 4 ? 9 : 10; }
  uint64_t satp(uint64_t asid = 0) const { return (mode() << 60) | (asid << 44) | (root_ >> 12); }

  // Address of the PTE for va at `level`, creating pointer PTEs above it.
  uint64_t slot(uint64_t va, unsigned level) {
    uint64_t table = root_;
    for (unsigned l = levels_ - 1; l > level; --l) {
      const uint64_t at = table + vpn(va, l) * 8;
      uint64_t e = mem_.get<uint64_t>(at);
      if (!(e & pte::V)) {
        const uint64_t page = allocate();
        e = ((page >> 12) << 10) | pte::V;
        mem_.set<uint64_t>(at, e);
      }
      table = ((e >> 10) & ((1ull << 44) - 1)) << 12;
    }
    return table + vpn(va, level) * 8;
  }
  // Maps va to pa with a leaf at `level` (page size 4 KiB << 9*level).
  uint64_t map(uint64_t va, uint64_t pa, unsigned level, uint64_t flags) {
    const uint64_t at = slot(va, level);
    mem_.set<uint64_t>(at, ((pa >> 12) << 10) | flags);
    return at;
  }
  void set_raw(uint64_t va, unsigned level, uint64_t value) { mem_.set<uint64_t>(slot(va, level), value); }
  uint64_t get(uint64_t va, unsigned level) { return mem_.get<uint64_t>(slot(va, level)); }

  static uint64_t vpn(uint64_t va, unsigned level) { return (va >> (12 + 9 * level)) & 0x1FF; }
  static uint64_t page_size(unsigned level) { return 4096ull << (9 * level); }

 private:
  uint64_t allocate() {
    const uint64_t page = next_;
    next_ += 4096;
    for (uint64_t a = page; a < page + 4096; a += 8) mem_.set<uint64_t>(a, 0);
    return page;
  }
  FakeMemory& mem_;
  unsigned levels_;
  uint64_t next_;
  uint64_t root_ = 0;
};

// ------------------------------------------------------------------ fixture

// Places instructions one after another.
struct Asm {
  FakeMemory* mem;
  uint64_t pc;
  Asm& operator()(uint32_t insn) {
    mem->set<uint32_t>(pc, insn);
    pc += 4;
    return *this;
  }
  Asm& c(uint16_t insn) {
    mem->set<uint16_t>(pc, insn);
    pc += 2;
    return *this;
  }
  // A `jal x0, 0` self-loop; returns its address.
  uint64_t halt() {
    const uint64_t at = pc;
    (*this)(enc::jal(0, 0));
    return at;
  }
  uint64_t here() const { return pc; }
};

class HartTest : public ::testing::Test {
 protected:
  HartTest() { config.reset_pc = kCode; }
  void SetUp() override { rebuild(); }

  // (Re)creates the hart from `config`; traps land in halt loops.
  void rebuild() {
    hart = std::make_unique<Hart>(config, mem);
    at(kHandler).halt();
    at(kSHandler).halt();
    set_csr(csr::mtvec, kHandler);
    set_csr(csr::stvec, kSHandler);
  }

  Asm at(uint64_t addr) { return Asm{&mem, addr}; }

  // Starts execution at pc, forgetting decoded code so that code the test
  // (not the hart) wrote is seen.
  void start(uint64_t pc) {
    hart->flush_decoded_code();
    hart->pc = pc;
  }

  // Runs block by block (small until_cycle steps) until pc == target.
  bool run_until_pc(uint64_t target, unsigned max_blocks = 20000) {
    for (unsigned i = 0; i < max_blocks; ++i) {
      if (hart->pc == target) return true;
      hart->run(hart->cycle + 1);
    }
    return hart->pc == target;
  }
  // Runs until at least n more instructions have retired.
  bool run_instructions(uint64_t n, unsigned max_steps = 100000) {
    const uint64_t target = hart->instret + n;
    for (unsigned i = 0; i < max_steps && hart->instret < target; ++i) hart->run(hart->cycle + 1);
    return hart->instret >= target;
  }
  // One call of run() that covers exactly one block.
  RunExit step() { return hart->run(hart->cycle + 1); }

  // Places the instructions at kCode followed by a halt loop and runs them
  // until the halt; false if something (a trap) went elsewhere.
  bool exec(std::initializer_list<uint32_t> insns, uint64_t base = kCode) {
    Asm a = at(base);
    for (uint32_t i : insns) a(i);
    const uint64_t halt = a.halt();
    start(base);
    return run_until_pc(halt, 1000);
  }
  // Same, expecting a trap to the M-mode handler.
  bool exec_to_trap(std::initializer_list<uint32_t> insns, uint64_t base = kCode,
                    uint64_t handler = kHandler) {
    Asm a = at(base);
    for (uint32_t i : insns) a(i);
    a.halt();
    start(base);
    return run_until_pc(handler, 1000);
  }

  // Runs insns at kCode in privilege p (PMP as the test set it); true if
  // they reached the halt after them, false if they trapped (to either
  // handler).
  bool run_in(Priv p, std::initializer_list<uint32_t> insns) {
    Asm a = at(kCode);
    for (uint32_t i : insns) a(i);
    const uint64_t halt = a.halt();
    enter(p);
    start(kCode);
    for (int i = 0; i < 200; ++i) {
      if (hart->pc == halt) return true;
      if (hart->pc == kHandler || hart->pc == kSHandler) return false;
      step();
    }
    ADD_FAILURE() << "neither halted nor trapped, pc=0x" << std::hex << hart->pc;
    return false;
  }
  // One instruction in privilege p, with PMP opened for S/U.
  bool try_in(Priv p, uint32_t insn) {
    allow_all_pmp();
    return run_in(p, {insn});
  }

  uint64_t csr(uint16_t n) { return hart->csr_value_for_test(n); }
  // Writes a CSR as M-mode software would (WARL rules apply).
  void set_csr(uint16_t n, uint64_t v) {
    const Priv saved = hart->priv;
    hart->priv = Priv::machine;
    core::DecodedInsn d{};
    const bool ok = hart->csr_write(n, d, v);
    hart->priv = saved;
    hart->flush_translations();
    EXPECT_TRUE(ok) << "csr 0x" << std::hex << n;
  }
  void set_mstatus_bits(uint64_t bits) { set_csr(csr::mstatus, csr(csr::mstatus) | bits); }
  void clear_mstatus_bits(uint64_t bits) { set_csr(csr::mstatus, csr(csr::mstatus) & ~bits); }

  // Switches privilege directly (as if an xRET had happened).
  void enter(Priv p) {
    hart->priv = p;
    hart->flush_translations();
  }
  // PMP entry 15 (lowest priority) grants RWX on all memory, so S/U code runs.
  void allow_all_pmp(unsigned entry = 15) {
    set_csr(uint16_t(csr::pmpaddr0 + entry), ~0ull);
    const uint16_t cfg_csr = uint16_t(csr::pmpcfg0 + (entry / 8) * 2);
    const unsigned shift = (entry % 8) * 8;
    set_csr(cfg_csr, (csr(cfg_csr) & ~(0xFFull << shift)) | (0x1Full << shift));  // NAPOT | X | W | R
  }

  uint64_t mcause() { return csr(csr::mcause); }
  uint64_t mepc() { return csr(csr::mepc); }
  uint64_t mtval() { return csr(csr::mtval); }
  uint64_t mpp() { return (csr(csr::mstatus) & ms::mpp) >> ms::mpp_shift; }

  HartConfig config;
  FakeMemory mem;
  std::unique_ptr<Hart> hart;
};

}  // namespace torpor::test
