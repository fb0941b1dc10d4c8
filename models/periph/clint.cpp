#include "models/periph/clint.h"
#include "models/common/register_access.h"

#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace torpor {

namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "register data is copied in host byte order");

using uint128 = unsigned __int128;

// Each way the guest may access a register: the 64-bit timer registers
// whole or as two 32-bit halves (RV32 software reads them in halves).
struct RegisterWindow {
  uint64_t offset;
  unsigned length;  // bytes
  unsigned shift;   // bit position of the window within the register
};

constexpr RegisterWindow msip_window = {Clint::msip_offset, 4, 0};
constexpr RegisterWindow mtimecmp_windows[] = {
    {Clint::mtimecmp_offset, 8, 0}, {Clint::mtimecmp_offset, 4, 0}, {Clint::mtimecmp_offset + 4, 4, 32}};
constexpr RegisterWindow mtime_windows[] = {
    {Clint::mtime_offset, 8, 0}, {Clint::mtime_offset, 4, 0}, {Clint::mtime_offset + 4, 4, 32}};

constexpr bool matches(const RegisterWindow& w, uint64_t offset, unsigned length) {
  return w.offset == offset && w.length == length;
}
constexpr bool inside(uint64_t offset, uint64_t base, unsigned size) { return offset >= base && offset < base + size; }

}  // namespace

Clint::Clint(sc_core::sc_module_name name, uint64_t timebase_hz)
    : sc_core::sc_module(name),
      socket("socket"),
      timer_irq("timer_irq"),
      soft_irq("soft_irq"),
      timebase_hz_(timebase_hz) {
  if (timebase_hz_ == 0) throw std::invalid_argument(std::string(this->name()) + ": timebase_hz must not be 0");
  socket.register_b_transport(this, &Clint::b_transport);
  socket.register_transport_dbg(this, &Clint::transport_dbg);

  // Runs once at start to drive the reset levels (both low).
  SC_METHOD(drive_irqs);
  sensitive << irq_update_event_ << timer_deadline_event_;
}

void Clint::end_of_elaboration() {
  // Read only now: asking for the resolution fixes it, and the platform may
  // still set it during construction.
  time_units_per_second_ =
      static_cast<uint64_t>(std::llround(1.0 / sc_core::sc_get_time_resolution().to_seconds()));
}

uint64_t Clint::ticks_at(const sc_core::sc_time& t) const {
  if (time_units_per_second_ == 0) return 0;  // before elaboration ends, time is 0
  // Integer math: a double loses ticks once the simulation runs for hours.
  return static_cast<uint64_t>(static_cast<uint128>(t.value()) * timebase_hz_ / time_units_per_second_);
}

uint64_t Clint::mtime() const { return mtime_at(sc_core::sc_time_stamp()); }

bool Clint::decode(uint64_t offset, unsigned length, Register& reg, unsigned& shift,
                   tlm::tlm_response_status& status) const {
  if (matches(msip_window, offset, length)) {
    reg = Register::msip;
    shift = 0;
    return true;
  }
  for (const auto& w : mtimecmp_windows) {
    if (matches(w, offset, length)) {
      reg = Register::mtimecmp;
      shift = w.shift;
      return true;
    }
  }
  for (const auto& w : mtime_windows) {
    if (matches(w, offset, length)) {
      reg = Register::mtime;
      shift = w.shift;
      return true;
    }
  }
  // A register hit with the wrong size or alignment is a burst error; an
  // offset with no register behind it an address error.
  const bool hits_register =
      inside(offset, msip_offset, 4) || inside(offset, mtimecmp_offset, 8) || inside(offset, mtime_offset, 8);
  status = hits_register ? tlm::TLM_BURST_ERROR_RESPONSE : tlm::TLM_ADDRESS_ERROR_RESPONSE;
  return false;
}

uint64_t Clint::read_register(Register reg, const sc_core::sc_time& now) const {
  switch (reg) {
    case Register::msip: return msip_;
    case Register::mtimecmp: return mtimecmp_;
    case Register::mtime: return mtime_at(now);
  }
  return 0;
}

void Clint::write_register(Register reg, unsigned shift, unsigned length, uint64_t value,
                           const sc_core::sc_time& now) {
  const uint64_t mask = (length == 8 ? UINT64_MAX : (uint64_t{1} << (8 * length)) - 1) << shift;
  const uint64_t bits = (value << shift) & mask;
  switch (reg) {
    case Register::msip:
      // Only bit 0 is implemented; the rest read as zero (SiFive CLINT).
      msip_ = static_cast<uint32_t>(value & 1);
      irq_update_event_.notify(sc_core::SC_ZERO_TIME);
      break;
    case Register::mtimecmp:
      mtimecmp_ = (mtimecmp_ & ~mask) | bits;
      update_timer(now);
      break;
    case Register::mtime: {
      const uint64_t written = (mtime_at(now) & ~mask) | bits;
      mtime_adjust_ = written - ticks_at(now);
      update_timer(now);
      break;
    }
  }
}

void Clint::reset() {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  msip_ = 0;
  mtimecmp_ = UINT64_MAX;
  mtime_adjust_ = 0 - ticks_at(now);
  update_timer(now);
}

void Clint::update_timer(const sc_core::sc_time& now) {
  const uint64_t mtime_now = mtime_at(now);
  timer_level_ = mtime_now >= mtimecmp_;
  timer_deadline_event_.cancel();
  if (!timer_level_) {
    // The first time unit at which ticks_at() reaches the target tick count:
    // ceil(target * units_per_second / hz).
    const uint128 target_ticks = static_cast<uint128>(ticks_at(now)) + (mtimecmp_ - mtime_now);
    const uint128 target_units = (target_ticks * time_units_per_second_ + timebase_hz_ - 1) / timebase_hz_;
    // A deadline past the horizon never comes: no event, so a WFI waits as
    // with no timer (and the core's deadlock detection applies) instead of
    // SystemC time overflowing once the platform runs on past it.
    if (target_units <= timer_horizon_units) {
      const sc_core::sc_time deadline = sc_core::sc_time::from_value(static_cast<uint64_t>(target_units));
      timer_deadline_event_.notify(deadline - sc_core::sc_time_stamp());
    }
  }
  irq_update_event_.notify(sc_core::SC_ZERO_TIME);
}

void Clint::drive_irqs() {
  // The deadline only ever raises MTIP: a write from an initiator running
  // ahead of SystemC time may already have raised it for a later "now".
  if (timer_deadline_event_.triggered() && mtime() >= mtimecmp_) timer_level_ = true;
  if (timer_level_ && !timer_driven_) ++timer_interrupts_;
  const bool soft_level = (msip_ & 1) != 0;
  if (soft_level && !soft_driven_) ++soft_interrupts_;
  timer_driven_ = timer_level_;
  soft_driven_ = soft_level;
  timer_irq.write(timer_level_);
  soft_irq.write(soft_level);
}

void Clint::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const tlm::tlm_command cmd = trans.get_command();
  const unsigned length = trans.get_data_length();
  if (cmd == tlm::TLM_IGNORE_COMMAND) {
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  Register reg;
  unsigned shift;
  tlm::tlm_response_status status;
  if (!decode(trans.get_address(), length, reg, shift, status)) {
    trans.set_response_status(status);
    return;
  }
  if (const auto access = check_register_access(trans, true); access != tlm::TLM_OK_RESPONSE) {
    trans.set_response_status(access);
    return;
  }

  // The initiator may run ahead of SystemC time by `delay`.
  const sc_core::sc_time now = sc_core::sc_time_stamp() + delay;
  if (cmd == tlm::TLM_READ_COMMAND) {
    const uint64_t value = read_register(reg, now) >> shift;
    std::memcpy(trans.get_data_ptr(), &value, length);
  } else {
    uint64_t value = 0;
    std::memcpy(&value, trans.get_data_ptr(), length);
    write_register(reg, shift, length, value, now);
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int Clint::transport_dbg(tlm::tlm_generic_payload& trans) {
  // Debuggers may read the registers; writing would raise or drop
  // interrupts behind the guest's back, so debug writes are refused.
  const unsigned length = trans.get_data_length();
  Register reg;
  unsigned shift;
  tlm::tlm_response_status status;
  if (trans.get_command() != tlm::TLM_READ_COMMAND) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return 0;
  }
  if (!decode(trans.get_address(), length, reg, shift, status)) {
    trans.set_response_status(status);
    return 0;
  }
  const uint64_t value = read_register(reg, sc_core::sc_time_stamp()) >> shift;
  std::memcpy(trans.get_data_ptr(), &value, length);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return length;
}

void Clint::register_stats(StatsRegistry& stats) const {
  const std::string prefix = name();
  stats.add_counter(prefix + ".timer_interrupts", &timer_interrupts_, "interrupts",
                    "rising edges of the machine timer interrupt (MTIP)");
  stats.add_counter(prefix + ".soft_interrupts", &soft_interrupts_, "interrupts",
                    "rising edges of the machine software interrupt (MSIP)");
}

}  // namespace torpor
