// The RV64IMAC hart: architectural state, a predecoded basic-block cache,
// translation caches for fetch/load/store, traps and interrupts. Plain C++:
// the SystemC core module (core.h) drives it and provides its memory port.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

#include "models/core/core_timing.h"
#include "models/core/cpi_stack.h"
#include "models/core/decoded_insn.h"
#include "models/core/riscv_defs.h"
#include "models/mmu/page_walker.h"
#include "models/mmu/pmp.h"

namespace torpor::core {

struct HartConfig {
  uint64_t hart_id = 0;
  uint64_t reset_pc = 0x1000;
  bool sv39 = true, sv48 = true, sv57 = true;  // satp modes accepted
  bool misaligned_emulate = false;             // false: misaligned loads/stores trap
  bool hardware_ad_update = true;              // false: Svade, fault when A/D clear
  uint64_t timebase_hz = 10'000'000;           // rate of the time CSR (= CLINT mtime)
  uint64_t frequency_hz = 1'500'000'000;       // core clock, for converting time
  bool sstc = false;                           // Sstc: stimecmp and menvcfg.STCE
};

// Physical memory as the hart sees it: the MMU's read/write plus direct
// host pointers (TLM DMI) for pages that allow them.
class MemoryPort : public mmu::PhysicalMemory {
 public:
  // Host pointer to the start of the 4 KiB page at page_paddr, or nullptr if
  // the page cannot be accessed directly (MMIO, partial DMI, write to ROM).
  virtual uint8_t* page_pointer(uint64_t page_paddr, bool for_write) = 0;
  // Current simulated time in mtime ticks (for the time CSR).
  virtual uint64_t mtime() = 0;
};

enum class RunExit : uint8_t { budget, wfi, requested };

class Hart {
 public:
  Hart(const HartConfig& config, MemoryPort& memory);

  void reset();
  // Executes whole blocks until cycle >= until_cycle, a WFI needs to wait, or
  // request_exit() was called (checked between blocks).
  RunExit run(uint64_t until_cycle);
  void request_exit() { exit_requested_ = true; }

  // Interrupt lines from the platform (MSIP, MTIP, MEIP, SEIP).
  void set_interrupt_pins(uint64_t mip_bits) { mip_pins_ = (mip_bits & irq::all & ~irq::stip) | mip_sstc_; }
  // Sstc: while menvcfg.STCE is set, STIP is (time >= stimecmp). The core
  // calls this whenever time has moved (each synchronisation); writes to
  // stimecmp and menvcfg call it too.
  void update_supervisor_timer();
  // Sstc: the mtime value at which STIP rises (~0: never), so a WFI can
  // sleep until then.
  uint64_t supervisor_timer_deadline() const {
    return sstc_active() && !mip_sstc_ ? stimecmp_ : ~0ull;
  }
  bool sstc_active() const { return config_.sstc && (menvcfg_ & csr::menvcfg_stce); }
  bool interrupt_pending() const { return (mip_pins_ | mip_sw_) & mie_; }

  // Forgets all decoded code (another bus master wrote memory, fence.i).
  void flush_decoded_code();
  // Another bus master wrote [paddr, paddr+length): forget decoded code there.
  void note_external_write(uint64_t paddr, uint64_t length);
  // Timed mode with this timing model, or fast (functional) mode with nullptr.
  void set_timing(CoreTiming* timing);
  bool timed() const { return timing_ != nullptr; }
  // Forgets cached translations and host pointers (DMI invalidated, satp).
  void flush_translations();

  // --- architectural state, public for the instruction handlers and tests ---
  uint64_t x[33] = {};  // x[32]: sink for writes to x0
  uint64_t pc = 0;
  Priv priv = Priv::machine;
  uint64_t cycle = 0;    // core clock cycles since reset
  uint64_t instret = 0;  // instructions retired
  CpiStack cpi_stack;    // where `cycle` went, class by class (adds up to cycle)

  const HartConfig& config() const { return config_; }
  uint64_t csr_value_for_test(uint16_t number);

  // --- used by instruction handlers (rv64*.cpp, zicsr.cpp, privileged.cpp) ---
  // Raises a synchronous exception for instruction d (which does not
  // retire); returns false so a handler can `return h.raise(...)`.
  bool raise(uint64_t cause, uint64_t tval, const DecodedInsn& d);
  bool raise_illegal(const DecodedInsn& d) { return raise(cause::illegal_instruction, d.raw, d); }

  template <typename T> bool load(const DecodedInsn& d, uint64_t vaddr, T& value);
  // Host pointer for an aligned load that hits the translation cache, else nullptr.
  template <typename T> const T* load_pointer(uint64_t vaddr) const;
  // The rest of a load instruction when load_pointer missed: loads, extends
  // into x[rd] or traps.
  template <typename T> bool load_to_register(const DecodedInsn& d, uint64_t vaddr);
  template <typename T> bool store(const DecodedInsn& d, uint64_t vaddr, T value);
  // Atomic read-modify-write for AMOs: new = op(old, operand); returns old.
  template <typename Op> bool amo(const DecodedInsn& d, uint64_t vaddr, unsigned size, uint64_t& old, Op op);
  bool load_reserved(const DecodedInsn& d, uint64_t vaddr, unsigned size, uint64_t& value);
  bool store_conditional(const DecodedInsn& d, uint64_t vaddr, unsigned size, uint64_t value, bool& success);

  // mip as CSRRS/CSRRC see it: SEIP is the software bit only.
  uint64_t mip_read_modify_write_base() const { return mip_sw_ | (mip_pins_ & ~irq::seip); }
  // Zicsr: read/write with the access checks of the spec; false = illegal.
  bool csr_read(uint16_t number, const DecodedInsn& d, uint64_t& value);
  bool csr_write(uint16_t number, const DecodedInsn& d, uint64_t value);

  bool execute_mret(const DecodedInsn& d);
  bool execute_sret(const DecodedInsn& d);
  bool execute_wfi(const DecodedInsn& d);
  bool execute_sfence_vma(const DecodedInsn& d);
  bool execute_fence_i(const DecodedInsn& d);

  // Calls hook(pc) whenever an instruction at one of these virtual
  // addresses is about to execute (e.g. kernel functions from System.map,
  // to time phases without patching the guest). Costs nothing elsewhere:
  // only the watched instructions are decoded to a different handler.
  void watch_pcs(const std::vector<uint64_t>& pcs, std::function<void(uint64_t)> hook);
  void call_watch_hook(const DecodedInsn& d);

  // Statistics
  uint64_t blocks_built = 0, block_cache_flushes = 0, traps_taken = 0, interrupts_taken = 0;
  uint64_t tlb_misses = 0;
  const mmu::PageWalker& page_walker() const { return walker_; }

 private:
  static constexpr unsigned page_bits = 12;
  static constexpr uint64_t page_size = 1ull << page_bits;
  static constexpr unsigned max_block_insns = 32;
  static_assert(max_block_insns <= max_scheduled_insns);
  static constexpr unsigned block_table_size = 16384;  // a Linux kernel's hot code fits (4096 thrashed)
  static constexpr unsigned tlb_entries = 256;

  struct Block {
    uint64_t vpc = 0, ppc = 0;
    uint32_t generation = 0;
    uint32_t count = 0;  // instructions, not counting the end marker
    BlockCycles pipeline;          // timed mode: its cycles when every access hits, by class
    uint8_t head_rs1 = 0, head_rs2 = 0;  // registers its first instruction reads
    uint8_t last_rd = 0;           // register its last instruction writes (a jump's link)
    uint32_t next_raw = 0;         // the instruction after its last one, when decodable (else 0)
    bool short_forward = false;    // ends with a branch over one ALU instruction (fused, never mispredicted)
    uint32_t bytes = 0;            // code bytes it spans (for I-cache timing)
    InsnClass last_class = InsnClass::alu;  // branch/jump: the predictor judges it
    JumpKind last_jump = JumpKind::plain;   // a jump: call, return (the return-address stack)
    uint64_t last_pc = 0;
    // Block chaining: the blocks that followed this one last time (branch
    // taken / not taken), valid while the translation epoch is unchanged.
    Block* next[2] = {nullptr, nullptr};
    uint64_t next_vpc[2] = {~0ull, ~0ull};
    uint64_t next_epoch = 0;
    DecodedInsn insns[max_block_insns + 1];
  };

  // One translation-cache entry: a virtual page and the host address of its
  // physical page, stored as an offset so that host = offset + vaddr.
  struct TlbEntry {
    uint64_t vpage = ~0ull;
    uintptr_t host_offset = 0;
  };
  using Tlb = std::array<TlbEntry, tlb_entries>;
  enum TlbKind { tlb_fetch = 0, tlb_load = 1, tlb_store = 2 };

  Block* find_block(uint64_t vpc);
  Block* next_block(Block* previous);
  bool build_block(Block& block, uint64_t vpc, uint64_t ppc, const uint8_t* page);
  void take_trap(uint64_t cause, uint64_t tval, uint64_t epc);
  // An instruction fetch faulted while a block was being decoded.
  void raise_fetch_fault(uint64_t cause, uint64_t tval, uint64_t epc);
  bool take_pending_interrupt();
  void privilege_changed();
  // Timed mode: the pipeline cost of a freshly decoded block.
  void compute_block_cycles(Block& block);
  // Timed mode: TLB, cache and predictor costs around one block.
  // Timed mode: cycles a block waits at its start for results the previous
  // block left in flight (added to the stalls).
  // Cycles the block saves by pairing its first instruction with the
  // previous block's lone branch (0: it does not pair).
  unsigned pair_with_previous_branch(const Block& block) {
    const unsigned saving = block.pipeline.pair_saving;
    if (!after_lone_branch_ || !saving) return 0;
    if (link_rd_ && (block.head_rs1 == link_rd_ || block.head_rs2 == link_rd_)) return 0;
    // Starting a cycle sooner must not make it wait for the previous block.
    Wait why = Wait::none;
    if (in_flight_count_ && block.pipeline.entry_stall(in_flight_, in_flight_count_, in_flight_elapsed_, why, 1) > 0)
      return 0;
    return saving;
  }
  // Cycles the block waits at its start for the previous block's results.
  uint32_t wait_for_previous_block(const Block& block);
  void charge_fetch(const Block& block);
  unsigned charge_control_transfer(const Block& block);  // returns the misprediction penalty
  void charge_data(TlbKind kind, uint64_t vaddr, bool write);
  bool translated(Priv effective) const {
    return effective != Priv::machine && (satp_ >> satp::mode_shift) != satp::mode_bare;
  }
  TlbEntry* lookup_or_fill(TlbKind kind, uint64_t vaddr, uint64_t& fault);
  // Sstc: may the current privilege access stimecmp?
  bool stimecmp_accessible() const;

  // Translation. Returns 0 on success or an exception cause.
  uint64_t translate(uint64_t vaddr, mmu::Access access, Priv effective, uint64_t& paddr);
  // Privilege that loads and stores use: MPP when M-mode sets MPRV.
  Priv data_priv() const {
    if (priv == Priv::machine && (mstatus_ & mstatus::mprv)) return Priv((mstatus_ & mstatus::mpp) >> mstatus::mpp_shift);
    return priv;
  }
  TlbEntry* fill_tlb(TlbKind kind, uint64_t vaddr, uint64_t& fault_cause);
  template <typename T> bool load_slow(const DecodedInsn& d, uint64_t vaddr, T& value);
  template <typename T> bool store_slow(const DecodedInsn& d, uint64_t vaddr, T value);
  // Translates and performs one access through the memory port; faults of
  // kind `access` are raised for the instruction d.
  bool access_physical(const DecodedInsn& d, uint64_t vaddr, void* data, unsigned size, mmu::Access access,
                       bool write);
  void note_store_to_code(uint64_t paddr);

  static unsigned tlb_index(uint64_t vaddr) { return (vaddr >> page_bits) & (tlb_entries - 1); }

  HartConfig config_;
  MemoryPort& memory_;
  mmu::Pmp pmp_;
  mmu::PageWalker walker_;
  bool exit_requested_ = false;
  CoreTiming* timing_ = nullptr;
  uint64_t stall_cycles_ = 0;  // timed mode: cycles the current block lost to misses
  // ... by class; both reach `cycle` and cpi_stack when the block completes
  // (a run that stops inside a block leaves them out of both).
  std::array<uint64_t, unsigned(CycleClass::count)> stall_by_class_{};
  void add_stall(CycleClass c, uint64_t n) {
    stall_cycles_ += n;
    stall_by_class_[unsigned(c)] += n;
  }
  void commit_stalls() {
    cycle += stall_cycles_;
    stall_cycles_ = 0;
    for (unsigned c = 0; c < unsigned(CycleClass::count); ++c) {
      cpi_stack.cycles[c] += stall_by_class_[c];
      stall_by_class_[c] = 0;
    }
  }
  InFlight in_flight_[BlockCycles::max_in_flight];  // timed mode: what the last block left in flight
  unsigned in_flight_count_ = 0;
  uint32_t in_flight_elapsed_ = 0;                   // its stall cycles since the results were issued
  // Timed mode: the last block ended with a correctly predicted branch or
  // jump issued alone, writing link_rd_ (0: none); the next block's first
  // instruction may pair with it.
  bool after_lone_branch_ = false;
  uint8_t link_rd_ = 0;

  // Translation caches, one set per privilege (U, S, M) so a trap does not
  // flush them. Fetch uses priv_, loads/stores the effective data privilege.
  std::array<std::array<Tlb, 3>, 4> tlbs_{};  // [priv][kind]
  Tlb* load_tlb_ = nullptr;
  Tlb* store_tlb_ = nullptr;
  Tlb* fetch_tlb_ = nullptr;
  std::array<std::array<std::array<uint64_t, tlb_entries>, 3>, 4> ppages_{};  // physical page per entry [priv][kind]
  Tlb empty_tlb_{};  // timed mode points the fast paths here, so every access reaches the timing model

  // Decoded code, keyed by (virtual pc, physical pc); a generation bump
  // invalidates it all at once.
  std::unique_ptr<Block[]> blocks_;
  Block scratch_block_;  // for an instruction straddling two pages (never cached)
  uint32_t generation_ = 1;
  uint64_t translation_epoch_ = 1;  // bumped whenever fetch translation may change
  std::unordered_set<uint64_t> code_pages_;  // physical pages with decoded code

  bool trap_in_block_ = false;  // an instruction of the current block trapped
  unsigned trap_index_ = 0;     // ... this one (instructions before it retired)
  bool wfi_waiting_ = false;    // WFI executed with nothing pending: wait for the pins
  // mcycle/minstret are views of cycle/instret plus an offset that CSR writes
  // set, so writes never move simulated time.
  uint64_t mcycle_offset_ = 0, minstret_offset_ = 0;
  // What mcycle counts. Timed mode: core cycles. Fast mode models a 1-IPC
  // core, so mcycle counts with minstret there; `cycle` still moves for
  // traps, WFI sleep and device latency, as simulated time must.
  uint64_t mcycle_base() const { return timing_ ? cycle : instret; }
  // mcycle as instruction d sees it: timed, the cycle it issues in (its
  // block's start, the stalls so far, its place in the block's schedule);
  // fast, one per instruction.
  uint64_t mcycle_at(const DecodedInsn& d) const {
    return timing_ ? cycle + stall_cycles_ + d.cycles_before : instret + d.index;
  }

  // Virtual addresses of watched instructions (decoded to exec_watched).
  std::unordered_set<uint64_t> watched_;
  std::function<void(uint64_t)> watch_hook_;

  // LR/SC reservation
  bool reservation_valid_ = false;
  uint64_t reservation_addr_ = 0;

  // CSRs
  uint64_t mstatus_ = 0;
  uint64_t mip_sw_ = 0, mip_pins_ = 0, mie_ = 0;
  uint64_t medeleg_ = 0, mideleg_ = 0;
  uint64_t mtvec_ = 0, stvec_ = 0, mepc_ = 0, sepc_ = 0, mcause_ = 0, scause_ = 0;
  uint64_t mtval_ = 0, stval_ = 0, mscratch_ = 0, sscratch_ = 0, satp_ = 0;
  uint64_t mcounteren_ = 0, scounteren_ = 0, menvcfg_ = 0, senvcfg_ = 0;
  uint64_t stimecmp_ = ~0ull;  // Sstc
  uint64_t mip_sstc_ = 0;      // STIP from the Sstc comparator (part of mip_pins_)

  friend class HartTestAccess;
  friend bool exec_block_end(Hart&, const DecodedInsn&);
};

// ---- inline fast paths: a translation-cache hit costs a compare and a load ----

template <typename T>
inline bool Hart::load(const DecodedInsn& d, uint64_t vaddr, T& value) {
  const TlbEntry& e = (*load_tlb_)[tlb_index(vaddr)];
  if (__builtin_expect(e.vpage == (vaddr >> page_bits) && (vaddr & (sizeof(T) - 1)) == 0, 1)) {
    std::memcpy(&value, reinterpret_cast<const void*>(e.host_offset + vaddr), sizeof(T));
    return true;
  }
  return load_slow(d, vaddr, value);
}

template <typename T>
inline const T* Hart::load_pointer(uint64_t vaddr) const {
  const TlbEntry& e = (*load_tlb_)[tlb_index(vaddr)];
  if (__builtin_expect(e.vpage == (vaddr >> page_bits) && (vaddr & (sizeof(T) - 1)) == 0, 1))
    return reinterpret_cast<const T*>(e.host_offset + vaddr);
  return nullptr;
}

template <typename T>
inline bool Hart::store(const DecodedInsn& d, uint64_t vaddr, T value) {
  const TlbEntry& e = (*store_tlb_)[tlb_index(vaddr)];
  if (__builtin_expect(e.vpage == (vaddr >> page_bits) && (vaddr & (sizeof(T) - 1)) == 0, 1)) {
    std::memcpy(reinterpret_cast<void*>(e.host_offset + vaddr), &value, sizeof(T));
    return true;
  }
  return store_slow(d, vaddr, value);
}

template <typename Op>
inline bool Hart::amo(const DecodedInsn& d, uint64_t vaddr, unsigned size, uint64_t& old, Op op) {
  // AMOs never emulate misalignment (spec: address-misaligned or access fault).
  if (vaddr & (size - 1)) return raise(cause::store_misaligned, vaddr, d);
  TlbEntry* e = &(*store_tlb_)[tlb_index(vaddr)];
  if (e->vpage != (vaddr >> page_bits)) {
    uint64_t fault = 0;
    e = lookup_or_fill(tlb_store, vaddr, fault);
    if (e && timing_) charge_data(tlb_store, vaddr, true);
    if (!e) {
      // Not directly accessible: read-modify-write through the bus.
      if (fault) return raise(fault, vaddr, d);
      uint64_t v = 0;
      if (!access_physical(d, vaddr, &v, size, mmu::Access::store, false)) return false;
      old = size == 4 ? uint64_t(int64_t(int32_t(uint32_t(v)))) : v;
      uint64_t nv = op(old);
      return access_physical(d, vaddr, &nv, size, mmu::Access::store, true);
    }
  }
  void* host = reinterpret_cast<void*>(e->host_offset + vaddr);
  if (size == 4) {
    int32_t v;
    std::memcpy(&v, host, 4);
    old = uint64_t(int64_t(v));
    uint32_t nv = uint32_t(op(old));
    std::memcpy(host, &nv, 4);
  } else {
    std::memcpy(&old, host, 8);
    uint64_t nv = op(old);
    std::memcpy(host, &nv, 8);
  }
  return true;
}

}  // namespace torpor::core
