// Zicsr: the CSR instructions and the CSR file with the access rules of the
// privileged spec (2.1: bits 11:10 read-only, bits 9:8 lowest privilege).
#include "models/core/decoder.h"
#include "models/core/hart.h"

namespace torpor::core {

namespace {
// mstatus bits that change which translations the caches may hold.
constexpr uint64_t translation_bits = mstatus::mprv | mstatus::mpp | mstatus::sum | mstatus::mxr;
constexpr uint64_t misa_value = (2ull << 62) | (1 << ('A' - 'A')) | (1 << ('C' - 'A')) | (1 << ('I' - 'A')) |
                                (1 << ('M' - 'A')) | (1 << ('S' - 'A')) | (1 << ('U' - 'A'));
// Exceptions M-mode may delegate: all defined ones but ecall-from-M (11).
constexpr uint64_t delegable_exceptions = 0xB3FF;
constexpr uint64_t sip_writable = irq::ssip;
constexpr uint64_t mip_writable = irq::ssip | irq::stip | irq::seip;
}  // namespace

uint64_t Hart::csr_value_for_test(uint16_t number) {
  DecodedInsn d{};
  uint64_t v = 0;
  const Priv saved = priv;
  priv = Priv::machine;
  csr_read(number, d, v);
  priv = saved;
  return v;
}

// Sstc: stimecmp exists when configured; below M-mode it needs
// menvcfg.STCE and mcounteren.TM (Sstc spec, "stimecmp").
bool Hart::stimecmp_accessible() const {
  if (!config_.sstc) return false;
  return priv == Priv::machine || ((menvcfg_ & csr::menvcfg_stce) && (mcounteren_ & 2));
}

bool Hart::csr_read(uint16_t n, const DecodedInsn& d, uint64_t& v) {
  if (unsigned(priv) < ((n >> 8) & 3)) return false;
  // Counters visible below M only when mcounteren (and scounteren for U) allow.
  if (n >= csr::cycle && n <= csr::hpmcounter31) {
    const uint64_t bit = 1ull << (n - csr::cycle);
    if (priv != Priv::machine && !(mcounteren_ & bit)) return false;
    if (priv == Priv::user && !(scounteren_ & bit)) return false;
  }
  switch (n) {
    case csr::cycle:
    case csr::mcycle: v = mcycle_at(d) + mcycle_offset_; return true;
    case csr::instret:
    case csr::minstret: v = instret + d.index + minstret_offset_; return true;
    case csr::time: v = memory_.mtime(); return true;
    case csr::sstatus: v = mstatus_ & mstatus::sstatus_view; return true;
    case csr::sie: v = mie_ & mideleg_; return true;
    case csr::stvec: v = stvec_; return true;
    case csr::scounteren: v = scounteren_; return true;
    case csr::senvcfg: v = senvcfg_; return true;
    case csr::sscratch: v = sscratch_; return true;
    case csr::sepc: v = sepc_; return true;
    case csr::scause: v = scause_; return true;
    case csr::stval: v = stval_; return true;
    case csr::sip:
      update_supervisor_timer();
      v = (mip_sw_ | mip_pins_) & mideleg_;
      return true;
    case csr::stimecmp:
      if (!stimecmp_accessible()) return false;
      v = stimecmp_;
      return true;
    case csr::satp:
      if (priv == Priv::supervisor && (mstatus_ & mstatus::tvm)) return false;
      v = satp_;
      return true;
    case csr::mvendorid:
    case csr::marchid:
    case csr::mimpid:
    case csr::mconfigptr: v = 0; return true;
    case csr::mhartid: v = config_.hart_id; return true;
    case csr::mstatus: v = mstatus_; return true;
    case csr::misa: v = misa_value; return true;
    case csr::medeleg: v = medeleg_; return true;
    case csr::mideleg: v = mideleg_; return true;
    case csr::mie: v = mie_; return true;
    case csr::mtvec: v = mtvec_; return true;
    case csr::mcounteren: v = mcounteren_; return true;
    case csr::menvcfg: v = menvcfg_; return true;
    case csr::mcountinhibit: v = 0; return true;
    case csr::mscratch: v = mscratch_; return true;
    case csr::mepc: v = mepc_; return true;
    case csr::mcause: v = mcause_; return true;
    case csr::mtval: v = mtval_; return true;
    case csr::mip:
      update_supervisor_timer();
      v = mip_sw_ | mip_pins_;
      return true;
    case csr::tselect:
    case csr::tdata1:
    case csr::tdata2:
    case csr::tdata3: v = 0; return true;  // Sdtrig with no triggers: tdata1 type 0
    default: break;
  }
  if (n >= csr::pmpcfg0 && n <= csr::pmpcfg15) {
    if (n & 1) return false;  // odd pmpcfg CSRs do not exist on RV64
    v = pmp_.read_cfg(n - csr::pmpcfg0);
    return true;
  }
  if (n >= csr::pmpaddr0 && n <= csr::pmpaddr63) {
    v = pmp_.read_addr(n - csr::pmpaddr0);
    return true;
  }
  // Hardware performance counters and events: present, hard-wired to zero.
  if ((n >= csr::hpmcounter3 && n <= csr::hpmcounter31) || (n >= csr::mhpmcounter3 && n <= csr::mhpmcounter31) ||
      (n >= csr::mhpmevent3 && n <= csr::mhpmevent31)) {
    v = 0;
    return true;
  }
  return false;
}

bool Hart::csr_write(uint16_t n, const DecodedInsn& d, uint64_t v) {
  if (((n >> 10) & 3) == 3) return false;  // read-only CSR
  if (unsigned(priv) < ((n >> 8) & 3)) return false;
  switch (n) {
    case csr::mcycle: mcycle_offset_ = v - (mcycle_at(d) + 1); return true;  // the write wins over this
    case csr::minstret: minstret_offset_ = v - (instret + d.index + 1); return true;  // instruction's count
    case csr::sstatus: {
      const uint64_t w = mstatus::sstatus_view & mstatus::writable;
      const uint64_t before = mstatus_;
      mstatus_ = (mstatus_ & ~w) | (v & w);
      // SUM/MXR change what the caches may hold; SIE toggles (every
      // irq-save in Linux) must not throw them away.
      if ((before ^ mstatus_) & translation_bits) flush_translations();
      return true;
    }
    case csr::sie: mie_ = (mie_ & ~mideleg_) | (v & mideleg_); return true;
    case csr::stvec: stvec_ = (v & 3) >= 2 ? (v & ~3ull) | (stvec_ & 3) : v; return true;
    case csr::scounteren: scounteren_ = v & 0xFFFFFFFF; return true;
    case csr::senvcfg: senvcfg_ = v & 1; return true;  // FIOM only
    case csr::stimecmp:
      if (!stimecmp_accessible()) return false;
      stimecmp_ = v;
      update_supervisor_timer();
      return true;
    case csr::sscratch: sscratch_ = v; return true;
    case csr::sepc: sepc_ = v & ~1ull; return true;
    case csr::scause: scause_ = v; return true;
    case csr::stval: stval_ = v; return true;
    case csr::sip: {
      const uint64_t w = sip_writable & mideleg_;
      mip_sw_ = (mip_sw_ & ~w) | (v & w);
      return true;
    }
    case csr::satp: {
      if (priv == Priv::supervisor && (mstatus_ & mstatus::tvm)) return false;
      const uint64_t mode = v >> satp::mode_shift;
      const bool supported = mode == satp::mode_bare || (mode == satp::mode_sv39 && config_.sv39) ||
                             (mode == satp::mode_sv48 && config_.sv48) || (mode == satp::mode_sv57 && config_.sv57);
      if (!supported) return true;  // WARL: an unsupported mode leaves satp unchanged (4.1.11)
      satp_ = v & ((0xFull << 60) | (satp::asid_mask << satp::asid_shift) | satp::ppn_mask);
      flush_translations();
      return true;
    }
    case csr::mstatus: {
      uint64_t w = v & mstatus::writable;
      if (((w & mstatus::mpp) >> mstatus::mpp_shift) == 2) w = (w & ~mstatus::mpp) | (mstatus_ & mstatus::mpp);
      const uint64_t before = mstatus_;
      mstatus_ = (mstatus_ & ~mstatus::writable) | w;
      if ((before ^ mstatus_) & translation_bits) flush_translations();  // MPRV/MPP/SUM/MXR
      return true;
    }
    case csr::misa: return true;  // WARL, fixed
    case csr::medeleg: medeleg_ = v & delegable_exceptions; return true;
    case csr::mideleg: mideleg_ = v & irq::s_level; return true;
    case csr::mie: mie_ = v & irq::all; return true;
    case csr::mtvec: mtvec_ = (v & 3) >= 2 ? (v & ~3ull) | (mtvec_ & 3) : v; return true;
    case csr::mcounteren: mcounteren_ = v & 0xFFFFFFFF; return true;
    case csr::menvcfg:  // FIOM, and STCE with Sstc; no PBMT or CBO
      menvcfg_ = v & (1 | (config_.sstc ? csr::menvcfg_stce : 0));
      if (sstc_active()) mip_sw_ &= ~irq::stip;  // STIP is the comparator's now
      update_supervisor_timer();
      return true;
    case csr::mcountinhibit: return true;              // counters always count
    case csr::mscratch: mscratch_ = v; return true;
    case csr::mepc: mepc_ = v & ~1ull; return true;
    case csr::mcause: mcause_ = v; return true;
    case csr::mtval: mtval_ = v; return true;
    case csr::mip: {
      const uint64_t w = sstc_active() ? mip_writable & ~irq::stip : mip_writable;  // Sstc: STIP read-only
      mip_sw_ = (mip_sw_ & ~w) | (v & w);
      return true;
    }
    case csr::tselect:
    case csr::tdata1:
    case csr::tdata2:
    case csr::tdata3: return true;
    default: break;
  }
  if (n >= csr::pmpcfg0 && n <= csr::pmpcfg15) {
    if (n & 1) return false;
    pmp_.write_cfg(n - csr::pmpcfg0, v);
    flush_translations();
    return true;
  }
  if (n >= csr::pmpaddr0 && n <= csr::pmpaddr63) {
    pmp_.write_addr(n - csr::pmpaddr0, v);
    flush_translations();
    return true;
  }
  if ((n >= csr::mhpmcounter3 && n <= csr::mhpmcounter31) || (n >= csr::mhpmevent3 && n <= csr::mhpmevent31))
    return true;
  return false;
}

// ------------------------------------------------------------ instructions
// Each ends its block, so the run loop sees changed interrupt enables,
// privilege or translation state before the next instruction.

namespace {

enum class CsrOp { write, set, clear };

// Read-modify-write per the Zicsr rules: csrrw with rd=x0 does not read;
// csrrs/csrrc with a zero source (register x0 or uimm 0) do not write.
template <CsrOp op, bool immediate>
bool exec_csr(Hart& h, const DecodedInsn& d) {
  const uint16_t number = uint16_t(d.imm);
  const uint64_t source = immediate ? d.rs1 : h.x[d.rs1];
  const bool writes = op == CsrOp::write || d.rs1 != 0;
  const bool reads = op != CsrOp::write || d.rd != x0_sink;
  uint64_t old = 0;
  if (reads && !h.csr_read(number, d, old)) return h.raise_illegal(d);
  if (writes) {
    // mip: CSRRS/CSRRC modify the software-writable SEIP bit, not the value
    // ORed with the external interrupt line that a read returns (privileged
    // spec, mip): otherwise setting STIP would latch a pending SEIP forever.
    const uint64_t base = number == csr::mip ? h.mip_read_modify_write_base() : old;
    uint64_t value = op == CsrOp::write ? source : op == CsrOp::set ? base | source : base & ~source;
    if (!h.csr_write(number, d, value)) return h.raise_illegal(d);
  }
  h.x[d.rd] = old;
  h.pc = d.pc + d.len;
  return false;
}

}  // namespace

const std::vector<InsnSpec>& zicsr_specs() {
  static const std::vector<InsnSpec> specs = {
      {"csrrw", 0x0000707F, 0x00001073, Format::csr, exec_csr<CsrOp::write, false>, true},
      {"csrrs", 0x0000707F, 0x00002073, Format::csr, exec_csr<CsrOp::set, false>, true},
      {"csrrc", 0x0000707F, 0x00003073, Format::csr, exec_csr<CsrOp::clear, false>, true},
      {"csrrwi", 0x0000707F, 0x00005073, Format::csr_imm, exec_csr<CsrOp::write, true>, true},
      {"csrrsi", 0x0000707F, 0x00006073, Format::csr_imm, exec_csr<CsrOp::set, true>, true},
      {"csrrci", 0x0000707F, 0x00007073, Format::csr_imm, exec_csr<CsrOp::clear, true>, true},
  };
  return specs;
}

}  // namespace torpor::core
