#include "models/core/hart.h"

#include "models/core/decoder.h"

namespace torpor::core {

using mmu::Access;

bool exec_block_end(Hart& h, const DecodedInsn& d) {
  h.pc = d.pc;  // the end marker's pc is the next instruction's
  return false;
}

// A watched instruction: tell the hook, then run the instruction's own handler.
bool exec_watched(Hart& h, const DecodedInsn& d) {
  h.call_watch_hook(d);
  DecodedInsn own;  // rare: decode again for the instruction's own handler
  decode(d.raw, d.pc, own);
  return own.exec(h, d);
}

void Hart::watch_pcs(const std::vector<uint64_t>& pcs, std::function<void(uint64_t)> hook) {
  watched_.clear();
  watched_.insert(pcs.begin(), pcs.end());
  watch_hook_ = std::move(hook);
  flush_decoded_code();  // decode again with the watches in place
}

void Hart::update_supervisor_timer() {
  const uint64_t level = sstc_active() && memory_.mtime() >= stimecmp_ ? irq::stip : 0;
  mip_pins_ = (mip_pins_ & ~mip_sstc_) | level;
  mip_sstc_ = level;
}

void Hart::call_watch_hook(const DecodedInsn& d) {
  if (watch_hook_) watch_hook_(d.pc);
}

Hart::Hart(const HartConfig& config, MemoryPort& memory)
    : config_(config), memory_(memory), walker_(memory, pmp_), blocks_(new Block[block_table_size]) {
  reset();
}

void Hart::reset() {
  std::fill(std::begin(x), std::end(x), 0);
  pc = config_.reset_pc;
  priv = Priv::machine;
  mstatus_ = mstatus::xlen64;
  mip_sw_ = mie_ = medeleg_ = mideleg_ = 0;
  mtvec_ = stvec_ = mepc_ = sepc_ = mcause_ = scause_ = mtval_ = stval_ = 0;
  mscratch_ = sscratch_ = satp_ = mcounteren_ = scounteren_ = menvcfg_ = senvcfg_ = 0;
  stimecmp_ = ~0ull;  // Sstc leaves it UNSPECIFIED at reset: never firing is the safe choice
  mip_pins_ &= ~mip_sstc_;
  mip_sstc_ = 0;
  // mcycle/minstret restart from zero; the simulation's own counters run on.
  mcycle_offset_ = 0 - mcycle_base();
  minstret_offset_ = 0 - instret;
  reservation_valid_ = false;
  pmp_.reset();
  flush_translations();
  flush_decoded_code();
}

void Hart::flush_decoded_code() {
  ++generation_;
  ++block_cache_flushes;
  code_pages_.clear();
}

void Hart::flush_translations() {
  for (auto& per_priv : tlbs_)
    for (auto& tlb : per_priv)
      for (auto& e : tlb) e.vpage = ~0ull;
  privilege_changed();
}


void Hart::privilege_changed() {
  ++translation_epoch_;
  fetch_tlb_ = &tlbs_[unsigned(priv)][tlb_fetch];
  const unsigned dp = unsigned(data_priv());
  load_tlb_ = timing_ ? &empty_tlb_ : &tlbs_[dp][tlb_load];
  store_tlb_ = timing_ ? &empty_tlb_ : &tlbs_[dp][tlb_store];
}

void Hart::set_timing(CoreTiming* timing) {
  // mcycle goes on from its value, now counting the way the new mode does.
  const uint64_t mcycle_value = mcycle_base() + mcycle_offset_;
  timing_ = timing;
  mcycle_offset_ = mcycle_value - mcycle_base();
  stall_cycles_ = 0;
  stall_by_class_.fill(0);
  in_flight_count_ = 0;
  after_lone_branch_ = false;
  flush_decoded_code();  // blocks carry mode-specific cycle counts
  flush_translations();
}

// ---------------------------------------------------------------- run loop

RunExit Hart::run(uint64_t until_cycle) {
  Block* previous = nullptr;
  while (cycle < until_cycle) {
    if (__builtin_expect(exit_requested_, 0)) {
      exit_requested_ = false;
      return RunExit::requested;
    }
    if ((mip_pins_ | mip_sw_) & mie_ && take_pending_interrupt()) after_lone_branch_ = false;
    trap_in_block_ = false;
    Block* block = next_block(previous);
    previous = block;
    if (!block) {  // fetch fault: pc is now the trap handler
      ++cycle;
      cpi_stack.add(CycleClass::trap, 1);
      after_lone_branch_ = false;
      continue;
    }
    uint32_t entry_wait = 0;
    unsigned saved = 0;  // cycles saved by pairing with the previous block's branch
    if (timing_) {
      timing_->begin_block(cycle);
      saved = pair_with_previous_branch(*block);
      if (in_flight_count_ && !saved) entry_wait = wait_for_previous_block(*block);
      charge_fetch(*block);
    }
    block->insns[0].exec(*this, block->insns[0]);  // runs the whole block (run_next)
    const uint64_t retired = trap_in_block_ ? trap_index_ : block->count;
    instret += retired;
    if (!timing_) {
      cycle += retired + (trap_in_block_ ? 1 : 0);  // a trap costs a cycle too, so time always moves
      cpi_stack.add(CycleClass::functional, retired + (trap_in_block_ ? 1 : 0));
    } else {
      if (trap_in_block_) {
        cycle += block->insns[trap_index_].cycles_before + 1;
        cpi_stack.add(CycleClass::trap, block->insns[trap_index_].cycles_before + 1);
        in_flight_count_ = 0;
        after_lone_branch_ = false;
      } else {
        const BlockCycles& p = block->pipeline;
        cycle += p.cycles - saved;
        cpi_stack.add(CycleClass::issue, p.issue - saved);
        cpi_stack.add(CycleClass::load_use, p.load_use);
        cpi_stack.add(CycleClass::mul_div, p.mul_div);
        cpi_stack.add(CycleClass::serialise, p.serialise);
        cpi_stack.dual_issue += p.dual + saved;
        const unsigned penalty = charge_control_transfer(*block);
        after_lone_branch_ = (saved ? p.paired_ends_with_lone_issue : p.ends_with_lone_issue) && penalty == 0 &&
                             (block->last_class == InsnClass::branch || block->last_class == InsnClass::jump);
        link_rd_ = block->last_rd;
        // What the next block may wait for: cut by the stalls it has spent since.
        in_flight_count_ = p.in_flight_count;
        std::memcpy(in_flight_, p.in_flight, sizeof in_flight_);  // fixed size: cheaper than the count
        in_flight_elapsed_ = uint32_t(std::min<uint64_t>(stall_cycles_ - entry_wait, 0xFFFF));
      }
      if (stall_cycles_) commit_stalls();
    }
    if (wfi_waiting_) {
      wfi_waiting_ = false;
      return RunExit::wfi;
    }
  }
  return RunExit::budget;
}

// Follows the chain from the previous block when it still leads to pc;
// otherwise looks the block up (and records the link for next time).
Hart::Block* Hart::next_block(Block* previous) {
  if (previous && previous->next_epoch == translation_epoch_) {
    for (unsigned k = 0; k < 2; ++k) {
      Block* b = previous->next[k];
      if (previous->next_vpc[k] == pc && b->generation == generation_ && b->vpc == pc) return b;
    }
  }
  Block* block = find_block(pc);
  if (previous && block && block->generation == generation_ && previous->generation == generation_) {
    if (previous->next_epoch != translation_epoch_) {
      previous->next_epoch = translation_epoch_;
      previous->next_vpc[0] = previous->next_vpc[1] = ~0ull;
    }
    const unsigned slot = previous->next_vpc[0] == ~0ull ? 0 : 1;
    previous->next[slot] = block;
    previous->next_vpc[slot] = pc;
  }
  return block;
}

Hart::Block* Hart::find_block(uint64_t vpc) {
  TlbEntry* e = &(*fetch_tlb_)[tlb_index(vpc)];
  if (__builtin_expect(e->vpage != (vpc >> page_bits), 0)) {
    uint64_t fault = 0;
    e = fill_tlb(tlb_fetch, vpc, fault);
    if (!e) {
      if (fault) {
        raise_fetch_fault(fault, vpc, vpc);
        return nullptr;
      }
      // No direct access (e.g. code in MMIO): decode through the bus, uncached.
      return build_block(scratch_block_, vpc, 0, nullptr) ? &scratch_block_ : nullptr;
    }
  }
  const uint64_t ppage = ppages_[unsigned(priv)][tlb_fetch][tlb_index(vpc)];
  const uint64_t ppc = (ppage << page_bits) | (vpc & (page_size - 1));
  Block& block = blocks_[(vpc >> 1) & (block_table_size - 1)];
  if (block.generation == generation_ && block.vpc == vpc && block.ppc == ppc) return &block;
  const auto* page = reinterpret_cast<const uint8_t*>(e->host_offset + (vpc & ~(page_size - 1)));
  if (!build_block(block, vpc, ppc, page)) return nullptr;
  return block.generation == generation_ ? &block : &scratch_block_;
}

bool Hart::build_block(Block& block, uint64_t vpc, uint64_t ppc, const uint8_t* page) {
  if (page && code_pages_.insert(ppc >> page_bits).second) {
    // Stores to this page must now take the slow path, which notices code.
    for (auto& per_priv : tlbs_)
      for (auto& e : per_priv[tlb_store]) e.vpage = ~0ull;
  }
  ++blocks_built;
  uint64_t at = vpc;
  unsigned n = 0;
  bool ended = false;
  while (n < max_block_insns) {
    const unsigned offset = at & (page_size - 1);
    uint32_t raw = 0;
    uint16_t low = 0;
    if (page) {
      std::memcpy(&low, page + offset, 2);
    } else {
      uint64_t pa = 0;
      uint64_t fault = translate(at, Access::fetch, priv, pa);
      if (!fault && (!pmp_.allows(pa, 2, Access::fetch, unsigned(priv)) || !memory_.read(pa, &low, 2)))
        fault = cause::fetch_access;
      if (fault) {
        if (n > 0) break;
        raise_fetch_fault(fault, at, at);
        return false;
      }
    }
    raw = low;
    if ((low & 3) == 3) {
      uint16_t high = 0;
      if (offset == page_size - 2 || !page) {
        // The upper half is on the next page (or fetched through the bus):
        // translate it separately. Such a block is never cached.
        if (page && n > 0) break;
        uint64_t pa = 0;
        uint64_t fault = translate(at + 2, Access::fetch, priv, pa);
        if (!fault && (!pmp_.allows(pa, 2, Access::fetch, unsigned(priv)) || !memory_.read(pa, &high, 2)))
          fault = cause::fetch_access;
        if (fault) {
          if (n > 0) break;
          raise_fetch_fault(fault, at + 2, at);
          return false;
        }
        if (page) {  // decode this one instruction into the scratch block
          DecodedInsn& d = scratch_block_.insns[0];
          const bool ends = decode(low | (uint32_t(high) << 16), at, d);
          if (!watched_.empty() && watched_.count(at)) d.exec = exec_watched;
          d.index = 0;
          DecodedInsn& end = scratch_block_.insns[1];
          end = DecodedInsn{};
          end.exec = exec_block_end;
          end.pc = at + 4;
          end.index = 1;
          scratch_block_.count = 1;
          scratch_block_.bytes = 4;
          scratch_block_.vpc = at;
          scratch_block_.ppc = ppc;
          scratch_block_.generation = 0;
          compute_block_cycles(scratch_block_);
          (void)ends;
          block.generation = 0;  // the slot holds nothing valid now
          return true;
        }
      } else {
        std::memcpy(&high, page + offset + 2, 2);
      }
      raw |= uint32_t(high) << 16;
    }
    DecodedInsn& d = block.insns[n];
    ended = decode(raw, at, d);
    if (__builtin_expect(!watched_.empty(), 0) && watched_.count(at)) d.exec = exec_watched;
    d.index = uint8_t(n);
    ++n;
    at += d.len;
    if (ended || (at & (page_size - 1)) == 0) break;
  }
  if (!ended) {
    DecodedInsn& end = block.insns[n];
    end = DecodedInsn{};
    end.exec = exec_block_end;
    end.pc = at;
    end.index = uint8_t(n);
  }
  block.count = n;
  block.bytes = uint32_t(at - vpc);
  // The instruction after a branch that ends the block, for short-forward-branch fusion.
  block.next_raw = 0;
  if (ended && page && (at & (page_size - 1)) != 0) {
    const unsigned offset = at & (page_size - 1);
    uint16_t low = 0, high = 0;
    std::memcpy(&low, page + offset, 2);
    if ((low & 3) != 3) block.next_raw = low;
    else if (offset + 4 <= page_size) {
      std::memcpy(&high, page + offset + 2, 2);
      block.next_raw = low | (uint32_t(high) << 16);
    }
  }
  block.vpc = vpc;
  block.ppc = ppc;
  block.generation = page ? generation_ : 0;
  block.next_vpc[0] = block.next_vpc[1] = ~0ull;
  block.next_epoch = 0;
  compute_block_cycles(block);
  return true;
}

// ------------------------------------------------------------ translation

uint64_t Hart::translate(uint64_t vaddr, Access access, Priv effective, uint64_t& paddr) {
  const uint64_t mode = satp_ >> satp::mode_shift;
  if (effective == Priv::machine || mode == satp::mode_bare) {
    paddr = vaddr;
    return 0;
  }
  ++tlb_misses;
  mmu::WalkRequest req{satp_,
                       vaddr,
                       access,
                       effective == Priv::user,
                       (mstatus_ & mstatus::sum) != 0,
                       (mstatus_ & mstatus::mxr) != 0,
                       config_.hardware_ad_update};
  const mmu::WalkResult r = walker_.walk(req);
  if (r.fault == mmu::WalkFault::none) {
    paddr = r.paddr;
    return 0;
  }
  const bool page_fault = r.fault == mmu::WalkFault::page_fault;
  switch (access) {
    case Access::fetch: return page_fault ? cause::fetch_page_fault : cause::fetch_access;
    case Access::load: return page_fault ? cause::load_page_fault : cause::load_access;
    default: return page_fault ? cause::store_page_fault : cause::store_access;
  }
}

Hart::TlbEntry* Hart::lookup_or_fill(TlbKind kind, uint64_t vaddr, uint64_t& fault) {
  const Priv effective = kind == tlb_fetch ? priv : data_priv();
  TlbEntry& e = tlbs_[unsigned(effective)][kind][tlb_index(vaddr)];
  if (e.vpage == (vaddr >> page_bits)) return &e;
  return fill_tlb(kind, vaddr, fault);
}

Hart::TlbEntry* Hart::fill_tlb(TlbKind kind, uint64_t vaddr, uint64_t& fault) {
  const Access access = kind == tlb_fetch ? Access::fetch : kind == tlb_load ? Access::load : Access::store;
  const Priv effective = kind == tlb_fetch ? priv : data_priv();
  uint64_t paddr = 0;
  fault = translate(vaddr, access, effective, paddr);
  if (fault) return nullptr;
  const uint64_t ppage = paddr >> page_bits;
  if (!pmp_.allows_whole_page(ppage << page_bits, access, unsigned(effective))) {
    // Denied or mixed within the page: the per-access check decides.
    if (!pmp_.allows(paddr, 1, access, unsigned(effective)))
      fault = access == Access::fetch ? cause::fetch_access
              : access == Access::load ? cause::load_access : cause::store_access;
    return nullptr;
  }
  if (kind == tlb_store && code_pages_.count(ppage)) return nullptr;
  uint8_t* host = memory_.page_pointer(ppage << page_bits, kind == tlb_store);
  if (!host) return nullptr;
  TlbEntry& e = tlbs_[unsigned(effective)][kind][tlb_index(vaddr)];
  e.vpage = vaddr >> page_bits;
  ppages_[unsigned(effective)][kind][tlb_index(vaddr)] = ppage;
  e.host_offset = reinterpret_cast<uintptr_t>(host) - (vaddr & ~(page_size - 1));
  return &e;
}

bool Hart::access_physical(const DecodedInsn& d, uint64_t vaddr, void* data, unsigned size, Access access,
                           bool write) {
  const Priv effective = data_priv();
  uint64_t paddr = 0;
  const uint64_t fault = translate(vaddr, access, effective, paddr);
  if (fault) return raise(fault, vaddr, d);
  const uint64_t access_fault = access == Access::load ? cause::load_access : cause::store_access;
  if (!pmp_.allows(paddr, size, write ? Access::store : Access::load, unsigned(effective)))
    return raise(access_fault, vaddr, d);
  const bool ok = write ? memory_.write(paddr, data, size) : memory_.read(paddr, data, size);
  if (!ok) return raise(access_fault, vaddr, d);
  if (write) note_store_to_code(paddr);
  return true;
}

void Hart::note_external_write(uint64_t paddr, uint64_t length) {
  for (uint64_t page = paddr >> page_bits; page <= (paddr + length - 1) >> page_bits; ++page)
    if (code_pages_.count(page)) return flush_decoded_code();
}

void Hart::note_store_to_code(uint64_t paddr) {
  if (code_pages_.count(paddr >> page_bits)) flush_decoded_code();
}

template <typename T>
bool Hart::load_slow(const DecodedInsn& d, uint64_t vaddr, T& value) {
  if (vaddr & (sizeof(T) - 1)) {
    if (!config_.misaligned_emulate) return raise(cause::load_misaligned, vaddr, d);
    uint8_t bytes[sizeof(T)];
    for (unsigned k = 0; k < sizeof(T); ++k)
      if (!load<uint8_t>(d, vaddr + k, bytes[k])) return false;
    std::memcpy(&value, bytes, sizeof(T));
    return true;
  }
  uint64_t fault = 0;
  if (TlbEntry* e = lookup_or_fill(tlb_load, vaddr, fault)) {
    if (timing_) charge_data(tlb_load, vaddr, false);
    std::memcpy(&value, reinterpret_cast<const void*>(e->host_offset + vaddr), sizeof(T));
    return true;
  }
  if (fault) return raise(fault, vaddr, d);
  return access_physical(d, vaddr, &value, sizeof(T), Access::load, false);
}

template <typename T>
bool Hart::store_slow(const DecodedInsn& d, uint64_t vaddr, T value) {
  if (vaddr & (sizeof(T) - 1)) {
    if (!config_.misaligned_emulate) return raise(cause::store_misaligned, vaddr, d);
    // Check every byte is writable first, so a fault leaves memory untouched.
    uint64_t paddr = 0;
    for (uint64_t a : {vaddr, vaddr + sizeof(T) - 1})
      if (uint64_t fault = translate(a, Access::store, data_priv(), paddr)) return raise(fault, a, d);
    for (unsigned k = 0; k < sizeof(T); ++k)
      if (!store<uint8_t>(d, vaddr + k, uint8_t(uint64_t(value) >> (8 * k)))) return false;
    return true;
  }
  uint64_t fault = 0;
  if (TlbEntry* e = lookup_or_fill(tlb_store, vaddr, fault)) {
    if (timing_) charge_data(tlb_store, vaddr, true);
    std::memcpy(reinterpret_cast<void*>(e->host_offset + vaddr), &value, sizeof(T));
    return true;
  }
  if (fault) return raise(fault, vaddr, d);
  return access_physical(d, vaddr, &value, sizeof(T), Access::store, true);
}

template <typename T>
bool Hart::load_to_register(const DecodedInsn& d, uint64_t vaddr) {
  T value;
  if (!load_slow(d, vaddr, value)) return false;
  x[d.rd] = uint64_t(int64_t(value));  // sign-extends signed T, zero-extends unsigned T
  return true;
}

#define TORPOR_INSTANTIATE(T)                                                       \
  template bool Hart::load_slow<T>(const DecodedInsn&, uint64_t, T&);              \
  template bool Hart::load_to_register<T>(const DecodedInsn&, uint64_t);           \
  template bool Hart::store_slow<T>(const DecodedInsn&, uint64_t, T);
TORPOR_INSTANTIATE(uint8_t)
TORPOR_INSTANTIATE(uint16_t)
TORPOR_INSTANTIATE(uint32_t)
TORPOR_INSTANTIATE(uint64_t)
TORPOR_INSTANTIATE(int8_t)
TORPOR_INSTANTIATE(int16_t)
TORPOR_INSTANTIATE(int32_t)
#undef TORPOR_INSTANTIATE

bool Hart::load_reserved(const DecodedInsn& d, uint64_t vaddr, unsigned size, uint64_t& value) {
  // LR never emulates misalignment (unprivileged spec 8.2).
  if (vaddr & (size - 1)) return raise(cause::load_misaligned, vaddr, d);
  if (size == 4) {
    int32_t v;
    if (!load(d, vaddr, v)) return false;
    value = uint64_t(int64_t(v));
  } else if (!load(d, vaddr, value)) {
    return false;
  }
  reservation_valid_ = true;
  reservation_addr_ = vaddr;
  return true;
}

bool Hart::store_conditional(const DecodedInsn& d, uint64_t vaddr, unsigned size, uint64_t value,
                             bool& success) {
  if (vaddr & (size - 1)) return raise(cause::store_misaligned, vaddr, d);
  success = reservation_valid_ && reservation_addr_ == vaddr;
  reservation_valid_ = false;
  // A failing SC stores nothing and so translates nothing: no fault, no
  // A/D update (updates to D must be exact, privileged spec 4.3.1).
  if (!success) return true;
  return size == 4 ? store(d, vaddr, uint32_t(value)) : store(d, vaddr, value);
}

// -------------------------------------------------------- traps, interrupts

bool Hart::raise(uint64_t cause, uint64_t tval, const DecodedInsn& d) {
  trap_in_block_ = true;
  trap_index_ = d.index;
  take_trap(cause, tval, d.pc);
  return false;
}

void Hart::raise_fetch_fault(uint64_t cause, uint64_t tval, uint64_t epc) {
  trap_in_block_ = true;
  trap_index_ = 0;
  take_trap(cause, tval, epc);
}

void Hart::take_trap(uint64_t cause_value, uint64_t tval, uint64_t epc) {
  ++traps_taken;
  const bool interrupt = cause_value & cause::interrupt_flag;
  const uint64_t code = cause_value & ~cause::interrupt_flag;
  const uint64_t deleg = interrupt ? mideleg_ : medeleg_;
  reservation_valid_ = false;
  if (priv != Priv::machine && ((deleg >> code) & 1)) {
    scause_ = cause_value;
    sepc_ = epc;
    stval_ = tval;
    uint64_t s = mstatus_ & ~(mstatus::spp | mstatus::spie | mstatus::sie);
    if (priv == Priv::supervisor) s |= mstatus::spp;
    if (mstatus_ & mstatus::sie) s |= mstatus::spie;
    mstatus_ = s;
    priv = Priv::supervisor;
    pc = (stvec_ & ~3ull) + ((interrupt && (stvec_ & 1)) ? 4 * code : 0);
  } else {
    mcause_ = cause_value;
    mepc_ = epc;
    mtval_ = tval;
    uint64_t s = mstatus_ & ~(mstatus::mpp | mstatus::mpie | mstatus::mie);
    s |= uint64_t(priv) << mstatus::mpp_shift;
    if (mstatus_ & mstatus::mie) s |= mstatus::mpie;
    mstatus_ = s;
    priv = Priv::machine;
    pc = (mtvec_ & ~3ull) + ((interrupt && (mtvec_ & 1)) ? 4 * code : 0);
  }
  privilege_changed();
}

bool Hart::take_pending_interrupt() {
  const uint64_t pending = (mip_pins_ | mip_sw_) & mie_;
  const bool m_enabled = priv != Priv::machine || (mstatus_ & mstatus::mie);
  const bool s_enabled =
      priv == Priv::user || (priv == Priv::supervisor && (mstatus_ & mstatus::sie));
  // Interrupts destined for M-mode go first, then those delegated to S
  // (privileged spec 3.1.9), each set in the fixed priority order below.
  const uint64_t to_m = m_enabled ? pending & ~mideleg_ : 0;
  const uint64_t enabled = to_m ? to_m : (s_enabled ? pending & mideleg_ : 0);
  if (!enabled) return false;
  // Priority order of the privileged spec 3.1.9: MEI, MSI, MTI, SEI, SSI, STI.
  for (unsigned code : {irq::mei, irq::msi, irq::mti, irq::sei, irq::ssi, irq::sti}) {
    if (enabled & (1ull << code)) {
      ++interrupts_taken;
      take_trap(cause::interrupt_flag | code, 0, pc);
      return true;
    }
  }
  return false;
}

// ------------------------------------------------ privileged instructions

bool Hart::execute_mret(const DecodedInsn& d) {
  if (priv != Priv::machine) return raise_illegal(d);
  const Priv target = Priv((mstatus_ & mstatus::mpp) >> mstatus::mpp_shift);
  uint64_t s = mstatus_ & ~(mstatus::mie | mstatus::mpp);
  if (mstatus_ & mstatus::mpie) s |= mstatus::mie;
  s |= mstatus::mpie;
  if (target != Priv::machine) s &= ~mstatus::mprv;
  mstatus_ = s;
  priv = target;
  pc = mepc_;
  reservation_valid_ = false;
  privilege_changed();
  return false;
}

bool Hart::execute_sret(const DecodedInsn& d) {
  if (priv == Priv::user || (priv == Priv::supervisor && (mstatus_ & mstatus::tsr))) return raise_illegal(d);
  const Priv target = (mstatus_ & mstatus::spp) ? Priv::supervisor : Priv::user;
  uint64_t s = mstatus_ & ~(mstatus::sie | mstatus::spp);
  if (mstatus_ & mstatus::spie) s |= mstatus::sie;
  s |= mstatus::spie;
  s &= ~mstatus::mprv;  // the target is never M
  mstatus_ = s;
  priv = target;
  pc = sepc_;
  reservation_valid_ = false;
  privilege_changed();
  return false;
}

bool Hart::execute_wfi(const DecodedInsn& d) {
  // U-mode WFI is illegal when S-mode exists; TW makes it illegal below M.
  if (priv == Priv::user || (priv == Priv::supervisor && (mstatus_ & mstatus::tw))) return raise_illegal(d);
  pc = d.pc + d.len;
  // Nothing enabled in mie can ever wake the hart: a NOP (the spec allows it).
  if (mie_ != 0 && !interrupt_pending()) wfi_waiting_ = true;
  return false;
}

bool Hart::execute_sfence_vma(const DecodedInsn& d) {
  if (priv == Priv::user || (priv == Priv::supervisor && (mstatus_ & mstatus::tvm))) return raise_illegal(d);
  // The translation caches are small and refill quickly: flush them all.
  // The timed TLBs honour the address and ASID forms (privileged spec 4.2.1).
  flush_translations();
  if (timing_) timing_->flush_tlbs(d.rs1 != 0, x[d.rs1], d.rs2 != 0, uint16_t(x[d.rs2] & satp::asid_mask));
  pc = d.pc + d.len;
  return false;
}

bool Hart::execute_fence_i(const DecodedInsn& d) {
  flush_decoded_code();
  if (timing_) timing_->flush_icache();
  pc = d.pc + d.len;
  return false;
}

}  // namespace torpor::core
