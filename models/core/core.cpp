#include "models/core/core.h"

#include <cstring>

#include "models/common/timing_only.h"

#include <fmt/format.h>

namespace torpor::core {

using sc_core::sc_time;

Core::Core(sc_core::sc_module_name name, const HartConfig& config, const CoreOptions& options, SimControl& control)
    : sc_module(name),
      socket("socket"),
      machine_timer_irq("machine_timer_irq"),
      machine_soft_irq("machine_soft_irq"),
      machine_external_irq("machine_external_irq"),
      supervisor_external_irq("supervisor_external_irq"),
      config_(config),
      options_(options),
      control_(control),
      hart_(config, *this) {
  quantum_cycles_ = std::max<uint64_t>(1, time_to_cycles(options.quantum));
  if (options.timing) {
    MemoryTimingPort& below_l2 = *this;
    timing_ = std::make_unique<CoreTiming>(std::string(this->name()), *options.timing, below_l2);
    if (options.start_timed) hart_.set_timing(timing_.get());
  }
  want_timed_ = hart_.timed();
  timing_payload_.set_command(tlm::TLM_IGNORE_COMMAND);
  timing_payload_.set_extension(new TimingOnly);
  socket.register_invalidate_direct_mem_ptr(this, &Core::invalidate_direct_mem_ptr);
  SC_HAS_PROCESS(Core);
  SC_THREAD(run_thread);
}

sc_time Core::cycles_to_time(uint64_t cycles) const {
  const unsigned __int128 ps = (unsigned __int128)cycles * 1'000'000'000'000ull / config_.frequency_hz;
  return sc_time::from_value(uint64_t(ps));  // the default time resolution is 1 ps
}

uint64_t Core::time_to_cycles_rounded_up(const sc_time& t) const {
  return uint64_t(((unsigned __int128)t.value() * config_.frequency_hz + 999'999'999'999ull) / 1'000'000'000'000ull);
}

uint64_t Core::time_to_cycles(const sc_time& t) const {
  return uint64_t((unsigned __int128)t.value() * config_.frequency_hz / 1'000'000'000'000ull);
}

sc_time Core::local_time() const {
  return sc_core::sc_time_stamp() + cycles_to_time(hart_.cycle - synced_cycle_);
}

void Core::sample_interrupt_pins() {
  uint64_t bits = 0;
  if (machine_timer_irq.read()) bits |= irq::mtip;
  if (machine_soft_irq.read()) bits |= irq::msip;
  if (machine_external_irq.read()) bits |= irq::meip;
  if (supervisor_external_irq.read()) bits |= irq::seip;
  hart_.set_interrupt_pins(bits);
  if (hart_.sstc_active()) hart_.update_supervisor_timer();  // time has moved
}

void Core::synchronise() {
  const sc_time offset = cycles_to_time(hart_.cycle - synced_cycle_);
  wait(offset > sc_core::SC_ZERO_TIME ? offset : sc_core::SC_ZERO_TIME);
  synced_cycle_ = hart_.cycle;
  sample_interrupt_pins();
  if (hart_.priv != traced_priv_) {
    traced_priv_ = hart_.priv;
    privilege_event_.notify(sc_core::SC_ZERO_TIME);
  }
}

std::optional<sc_time> Core::supervisor_timer_sleep() {
  const uint64_t deadline = hart_.supervisor_timer_deadline();
  if (deadline == ~0ull) return std::nullopt;
  const uint64_t now = mtime();
  const uint64_t ticks = deadline > now ? deadline - now : 0;
  const double seconds = std::max(double(ticks) / double(config_.timebase_hz), 1e-12);
  // Like the CLINT's mtimecmp: a deadline past the horizon never comes (and
  // would overflow SystemC time if scheduled).
  const sc_time horizon = sc_time::from_value(timer_horizon_ps);
  const sc_time stamp = sc_core::sc_time_stamp();
  if (stamp >= horizon || seconds >= (horizon - stamp).to_seconds()) return std::nullopt;
  return sc_time(seconds, sc_core::SC_SEC);
}

void Core::run_thread() {
  sample_interrupt_pins();
  for (;;) {
    uint64_t until = hart_.cycle + quantum_cycles_;
    if (options_.max_instructions) {
      // Traps count as attempts, so a guest stuck in a fault loop also stops.
      const uint64_t attempts = hart_.instret + hart_.traps_taken;
      if (attempts >= options_.max_instructions) {
        synchronise();
        control_.request_stop(StopReason::instruction_limit, 0,
                              fmt::format("stopped after {} instructions (--max-instructions) at pc 0x{:x}",
                                          hart_.instret, hart_.pc));
        wait(sc_core::SC_ZERO_TIME);  // sc_stop() takes effect when this thread yields
        return;
      }
      until = std::min(until, hart_.cycle + (options_.max_instructions - attempts));
    }
    const RunExit exit = hart_.run(until);
    synchronise();
    if (exit == RunExit::wfi && !hart_.interrupt_pending()) {
      const std::optional<sc_time> stip_in = supervisor_timer_sleep();  // Sstc: the comparator wakes it too
      if (!sc_core::sc_pending_activity() && !stip_in) {
        // Nothing in the platform can ever raise a line: WFI completes at
        // once (the spec lets it resume for any reason). A guest that keeps
        // waiting like this forever is stuck.
        if (++idle_wfis_ >= max_idle_wfis) {
          control_.request_stop(StopReason::deadlock, 0,
                                fmt::format("deadlock: the guest waits for an interrupt (WFI at pc 0x{:x}) that "
                                            "nothing can raise",
                                            hart_.pc - 4));
          wait(sc_core::SC_ZERO_TIME);
          return;
        }
        continue;
      }
      idle_wfis_ = 0;
      ++wfi_waits_;
      // Sleep until an interrupt line changes.
      const sc_time before = sc_core::sc_time_stamp();
      const sc_core::sc_event_or_list wakers =
          machine_timer_irq.value_changed_event() | machine_soft_irq.value_changed_event() |
          machine_external_irq.value_changed_event() | supervisor_external_irq.value_changed_event() | wake_event_;
      if (stip_in) {
        wait(*stip_in, wakers);
      } else {
        wait(wakers);
      }
      const uint64_t slept = time_to_cycles(sc_core::sc_time_stamp() - before);
      hart_.cycle += slept;
      hart_.cpi_stack.add(core::CycleClass::idle, slept);
      synced_cycle_ = hart_.cycle;
      sample_interrupt_pins();
    } else if (exit == RunExit::requested) {
      if (power_cycle_requested_) power_cycle();
      if (want_timed_ != hart_.timed()) hart_.set_timing(want_timed_ ? timing_.get() : nullptr);
    }
  }
}

// ------------------------------------------------------------- memory port

uint8_t* Core::page_pointer(uint64_t page, bool for_write) {
  const uint64_t last = page + 4095;
  for (const tlm::tlm_dmi& dmi : dmi_regions_) {
    if (page >= dmi.get_start_address() && last <= dmi.get_end_address() &&
        (for_write ? dmi.is_write_allowed() : dmi.is_read_allowed()))
      return dmi.get_dmi_ptr() + (page - dmi.get_start_address());
  }
  if (dmi_refused_.count({page, for_write})) return nullptr;
  tlm::tlm_generic_payload trans;
  tlm::tlm_dmi dmi;
  trans.set_command(for_write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  trans.set_address(page);
  trans.set_data_length(0);
  if (socket->get_direct_mem_ptr(trans, dmi) && page >= dmi.get_start_address() &&
      last <= dmi.get_end_address() && (for_write ? dmi.is_write_allowed() : dmi.is_read_allowed())) {
    dmi_regions_.push_back(dmi);
    return dmi.get_dmi_ptr() + (page - dmi.get_start_address());
  }
  dmi_refused_.insert({page, for_write});
  return nullptr;
}

bool Core::bus_access(tlm::tlm_command command, uint64_t paddr, void* data, unsigned size) {
  ++bus_accesses_;
  sc_time delay = cycles_to_time(hart_.cycle - synced_cycle_);
  bus_payload_.set_command(command);
  bus_payload_.set_address(paddr);
  bus_payload_.set_data_ptr(static_cast<unsigned char*>(data));
  bus_payload_.set_data_length(size);
  bus_payload_.set_streaming_width(size);
  bus_payload_.set_byte_enable_ptr(nullptr);
  bus_payload_.set_dmi_allowed(false);
  bus_payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  socket->b_transport(bus_payload_, delay);
  // Device accesses may change interrupt lines or stop the run: synchronise
  // so that the hart sees their effect before its next instruction.
  const sc_time offset = cycles_to_time(hart_.cycle - synced_cycle_);
  // Round up, so the core never resumes before the device's time.
  if (delay > offset) {
    const uint64_t waited = time_to_cycles_rounded_up(delay - offset);
    hart_.cycle += waited;
    hart_.cpi_stack.add(core::CycleClass::device, waited);
  }
  synchronise();
  // Devices drive their interrupt lines from their own processes, which
  // settle within two delta cycles of the access.
  wait(sc_core::SC_ZERO_TIME);
  wait(sc_core::SC_ZERO_TIME);
  sample_interrupt_pins();
  return bus_payload_.is_response_ok();
}

bool Core::read(uint64_t paddr, void* data, unsigned size) {
  if ((paddr & 4095) + size <= 4096) {
    if (const uint8_t* page = page_pointer(paddr & ~4095ull, false)) {
      std::memcpy(data, page + (paddr & 4095), size);
      return true;
    }
  }
  return bus_access(tlm::TLM_READ_COMMAND, paddr, data, size);
}

bool Core::write(uint64_t paddr, const void* data, unsigned size) {
  if ((paddr & 4095) + size <= 4096) {
    if (uint8_t* page = page_pointer(paddr & ~4095ull, true)) {
      std::memcpy(page + (paddr & 4095), data, size);
      return true;
    }
  }
  return bus_access(tlm::TLM_WRITE_COMMAND, paddr, const_cast<void*>(data), size);
}

void Core::external_write(uint64_t paddr, uint64_t length) {
  if (timing_) timing_->invalidate_range(paddr, length);
  hart_.note_external_write(paddr, length);
}

void Core::request_power_cycle() {
  power_cycle_requested_ = true;
  hart_.request_exit();
  wake_event_.notify(sc_core::SC_ZERO_TIME);  // even from WFI
}

void Core::power_cycle() {
  power_cycle_requested_ = false;
  synchronise();
  halted_event_.notify(sc_core::SC_ZERO_TIME);
  wait(release_event_);
  // The clock ran while the platform was off; then the hart restarts.
  const uint64_t now = std::max(hart_.cycle, time_to_cycles(sc_core::sc_time_stamp()));
  hart_.cpi_stack.add(core::CycleClass::idle, now - hart_.cycle);  // powered off
  synced_cycle_ = hart_.cycle = now;
  hart_.reset();
  if (timing_) timing_->reset();
  sample_interrupt_pins();
}

void Core::set_timed(bool timed) {
  if (timed && !timing_) return;
  want_timed_ = timed;
  hart_.request_exit();
  wake_event_.notify(sc_core::SC_ZERO_TIME);
}

uint64_t Core::line_transfer_cycles(uint64_t paddr, unsigned bytes, bool write, uint64_t after_cycles) {
  static uint8_t scratch[256];  // never written: the command is IGNORE
  TimingOnly* extension = nullptr;
  timing_payload_.get_extension(extension);
  extension->write = write;
  timing_payload_.set_address(paddr);
  timing_payload_.set_data_ptr(scratch);
  timing_payload_.set_data_length(std::min<unsigned>(bytes, sizeof scratch));
  timing_payload_.set_streaming_width(std::min<unsigned>(bytes, sizeof scratch));
  timing_payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const sc_time start = cycles_to_time(hart_.cycle - synced_cycle_ + after_cycles);
  sc_time delay = start;
  socket->b_transport(timing_payload_, delay);
  if (delay <= start) return 0;
  // Round up: a transfer finishing within a cycle still costs that cycle.
  return time_to_cycles_rounded_up(delay - start);
}

uint64_t Core::mtime() {
  auto ticks = [this](uint64_t ps) { return uint64_t((unsigned __int128)ps * config_.timebase_hz / 1'000'000'000'000ull); };
  const uint64_t now_ps = local_time().value();
  if (options_.mtime_address) {
    // time is a read-only shadow of the CLINT's mtime (which the guest may
    // have written): read it without side effects, then add how far this
    // core runs ahead of SystemC time.
    uint64_t value = 0;
    tlm::tlm_generic_payload trans;
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(options_.mtime_address);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    trans.set_data_length(8);
    trans.set_streaming_width(8);
    if (socket->transport_dbg(trans) == 8) return value + ticks(now_ps) - ticks(sc_core::sc_time_stamp().value());
  }
  return ticks(now_ps);
}

void Core::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  dmi_regions_.erase(std::remove_if(dmi_regions_.begin(), dmi_regions_.end(),
                                    [&](const tlm::tlm_dmi& d) {
                                      return d.get_start_address() <= end && start <= d.get_end_address();
                                    }),
                     dmi_regions_.end());
  dmi_refused_.clear();
  hart_.flush_translations();
}

void Core::register_stats(StatsRegistry& stats) const {
  const std::string n = name();
  stats.add_counter(n + ".instructions", &hart_.instret, "instructions", "instructions retired");
  stats.add_counter(n + ".cycles", &hart_.cycle, "cycles", "core clock cycles");
  stats.add_counter(n + ".traps", &hart_.traps_taken, "traps", "exceptions and interrupts taken");
  stats.add_counter(n + ".interrupts", &hart_.interrupts_taken, "interrupts", "interrupts taken");
  stats.add_counter(n + ".blocks_decoded", &hart_.blocks_built, "blocks", "basic blocks predecoded");
  stats.add_counter(n + ".code_flushes", &hart_.block_cache_flushes, "flushes",
                    "decoded-code invalidations (fence.i, stores to code)");
  stats.add_counter(n + ".translation_misses", &hart_.tlb_misses, "misses", "translation-cache misses needing a walk");
  stats.add_counter(n + ".bus_accesses", &bus_accesses_, "accesses", "accesses through b_transport (no DMI)");
  stats.add_counter(n + ".wfi_waits", &wfi_waits_, "waits", "times WFI slept until an interrupt line changed");
  stats.add_derived(n + ".cpi", [this] {
    return hart_.instret ? double(hart_.cycle) / double(hart_.instret) : 0.0;
  }, "cycles/insn", "cycles per retired instruction");
  // The CPI stack: every cycle in one class (they add up to .cycles).
  for (unsigned c = 0; c < unsigned(CycleClass::count); ++c)
    stats.add_counter(n + ".cpi_stack." + to_string(CycleClass(c)), &hart_.cpi_stack.cycles[c], "cycles",
                      cycle_class_description(CycleClass(c)));
  stats.add_counter(n + ".dual_issue_cycles", &hart_.cpi_stack.dual_issue, "cycles",
                    "issue cycles that issued two instructions");
  stats.add_derived(n + ".dual_issue_rate", [this] {
    const uint64_t issue = hart_.cpi_stack[CycleClass::issue];
    return issue ? 100.0 * double(hart_.cpi_stack.dual_issue) / double(issue) : 0.0;
  }, "%", "issue cycles that issued two instructions / issue cycles");
  if (timing_) timing_->register_stats(stats, n);
}

}  // namespace torpor::core
