#include "models/core/core_timing.h"

namespace torpor::core {

CoreTiming::CoreTiming(const std::string& name, const CoreTimingConfig& config, MemoryTimingPort& memory)
    : config_(config),
      memory_(memory),
      predictor_(config.predictor),
      itlb_(name + ".itlb", config.itlb),
      dtlb_(name + ".dtlb", config.dtlb),
      l1i_(name + ".l1i", config.l1i),
      l1d_(name + ".l1d", config.l1d),
      l2_(name + ".l2", config.l2),
      l1d_prefetcher_(config.l1d_prefetch_degree),
      l2_prefetcher_(config.l2_prefetch_degree) {
  if (config.l2_tlb) l2_tlb_.emplace(name + ".l2tlb", *config.l2_tlb);
}

uint64_t CoreTiming::l2_access(uint64_t paddr, bool write, uint64_t now, bool* missed) {
  const unsigned line_bytes = config_.l2.line_bytes;
  const uint64_t line = paddr / line_bytes;
  const cache::LookupResult r = l2_.access(paddr, write);
  uint64_t cycles = config_.l2.hit_cycles;
  if (r.hit) {
    uint64_t ready = 0;
    if (l2_prefetcher_.demand_hit(line, ready)) {  // wait for the rest of its transfer; keep the stream ahead
      ++prefetch_hits_;
      const uint64_t at = block_start_ + now + cycles;
      if (ready > at) cycles += ready - at;
      prefetch_l2(line + l2_prefetcher_.degree(), 1, now);
    }
    return cycles;
  }
  if (missed) *missed = true;
  // The write-back occupies memory but does not stall the core (write buffer).
  if (r.writeback) memory_.line_transfer_cycles(r.victim_address, line_bytes, true, now);
  cycles += memory_.line_transfer_cycles(line * line_bytes, line_bytes, false, now + cycles);
  if (l2_prefetcher_.demand_miss(line)) prefetch_l2(line + 1, l2_prefetcher_.degree(), now);
  return cycles;
}

void CoreTiming::prefetch_l2(uint64_t first_line, unsigned count, uint64_t now) {
  const unsigned line_bytes = config_.l2.line_bytes;
  for (uint64_t next = first_line; next < first_line + count; ++next) {
    if (l2_.contains(next * line_bytes)) continue;
    const cache::LookupResult r = l2_.access(next * line_bytes, false);
    if (r.writeback) memory_.line_transfer_cycles(r.victim_address, line_bytes, true, now);
    const uint64_t latency = memory_.line_transfer_cycles(next * line_bytes, line_bytes, false, now);
    l2_prefetcher_.issued(next, block_start_ + now + latency);
    ++prefetches_;
  }
}

void CoreTiming::prefetch_l1d(uint64_t first_line, unsigned count, uint64_t now) {
  const unsigned line_bytes = config_.l1d.line_bytes;
  for (uint64_t next = first_line; next < first_line + count; ++next) {
    if (l1d_.contains(next * line_bytes)) continue;
    const cache::LookupResult r = l1d_.access(next * line_bytes, false);
    if (r.writeback) l2_.access(r.victim_address, true);
    const uint64_t latency = l2_access(next * line_bytes, false, now);
    l1d_prefetcher_.issued(next, block_start_ + now + latency);
    ++prefetches_;
  }
}

uint64_t CoreTiming::fetch_line(uint64_t paddr, uint64_t now) {
  const cache::LookupResult r = l1i_.access(paddr, false);
  return r.hit ? 0 : l2_access(paddr, false, now);
}

uint64_t CoreTiming::data(uint64_t paddr, bool write, uint64_t now, bool& from_memory) {
  from_memory = false;
  const uint64_t line = paddr / config_.l1d.line_bytes;
  const cache::LookupResult r = l1d_.access(paddr, write);
  if (r.hit) {
    uint64_t ready = 0, cycles = 0;
    if (l1d_prefetcher_.demand_hit(line, ready)) {
      ++prefetch_hits_;
      const uint64_t at = block_start_ + now;
      if (ready > at) cycles = ready - at;
      prefetch_l1d(line + l1d_prefetcher_.degree(), 1, now + cycles);
    }
    return cycles;
  }
  if (r.writeback) l2_.access(r.victim_address, true);  // L1 victim goes to L2 (off the critical path)
  const uint64_t cycles = l2_access(paddr, false, now, &from_memory);
  if (l1d_prefetcher_.demand_miss(line)) prefetch_l1d(line + 1, l1d_prefetcher_.degree(), now + cycles);
  return cycles;
}

uint64_t CoreTiming::tlb_miss(mmu::Tlb& l1, uint64_t vaddr, uint16_t asid, const uint64_t* ptes, unsigned levels,
                              unsigned page_shift, bool global, uint64_t now) {
  uint64_t cycles = 0;
  if (l2_tlb_ && l2_tlb_->lookup(vaddr, asid)) {
    cycles = config_.l2_tlb_hit_cycles;
  } else {
    // The walker reads each level's PTE through the L2.
    ++walks_;
    for (unsigned i = 0; i < levels; ++i) cycles += l2_access(ptes[i], false, now + cycles);
    walk_cycles_ += cycles;
    if (l2_tlb_) l2_tlb_->insert(vaddr, page_shift, asid, global);
  }
  l1.insert(vaddr, page_shift, asid, global);
  return cycles;
}

uint64_t CoreTiming::itlb(uint64_t vaddr, uint16_t asid, const uint64_t* ptes, unsigned levels, unsigned page_shift,
                          bool global, uint64_t now) {
  return tlb_miss(itlb_, vaddr, asid, ptes, levels, page_shift, global, now);
}

uint64_t CoreTiming::dtlb(uint64_t vaddr, uint16_t asid, const uint64_t* ptes, unsigned levels, unsigned page_shift,
                          bool global, uint64_t now) {
  return tlb_miss(dtlb_, vaddr, asid, ptes, levels, page_shift, global, now);
}

void CoreTiming::flush_tlbs(bool by_address, uint64_t vaddr, bool by_asid, uint16_t asid) {
  itlb_.flush(by_address, vaddr, by_asid, asid);
  dtlb_.flush(by_address, vaddr, by_asid, asid);
  if (l2_tlb_) l2_tlb_->flush(by_address, vaddr, by_asid, asid);
}

void CoreTiming::reset() {
  predictor_.reset();
  flush_tlbs(false, 0, false, 0);
  l1i_.reset();
  l1d_.reset();
  l2_.reset();
  l1d_prefetcher_ = cache::StreamPrefetcher(config_.l1d_prefetch_degree);
  l2_prefetcher_ = cache::StreamPrefetcher(config_.l2_prefetch_degree);
}

void CoreTiming::invalidate_range(uint64_t paddr, uint64_t length) {
  const uint64_t line = config_.l1d.line_bytes;
  for (uint64_t a = paddr & ~(line - 1); a < paddr + length; a += line) {
    l1i_.invalidate(a);
    l1d_.invalidate(a);
    l2_.invalidate(a);
  }
}

void CoreTiming::register_stats(StatsRegistry& stats, const std::string& prefix) const {
  predictor_.register_stats(stats, prefix + ".predictor");
  itlb_.register_stats(stats);
  dtlb_.register_stats(stats);
  if (l2_tlb_) l2_tlb_->register_stats(stats);
  stats.add_counter(prefix + ".page_walks", &walks_, "walks", "timed page-table walks (TLB misses)");
  stats.add_counter(prefix + ".walk_cycles", &walk_cycles_, "cycles", "cycles spent in page walks");
  stats.add_counter(prefix + ".prefetches", &prefetches_, "lines", "lines the L1D and L2 stream prefetchers requested");
  stats.add_counter(prefix + ".prefetch_hits", &prefetch_hits_, "lines", "demand accesses to prefetched lines");
  l1i_.register_stats(stats);
  l1d_.register_stats(stats);
  l2_.register_stats(stats);
}

}  // namespace torpor::core
