// A transaction that asks only "how long would this transfer take?". The
// core's caches use it for line fills and write-backs: their data already
// lives in DRAM and moves through DMI, so only the time is wanted. It rides
// on a TLM_IGNORE_COMMAND transaction (which targets must not execute) and
// says whether the transfer is a read or a write. Targets that model
// timing (the router, DRAM) add their delay; others just answer OK.
#pragma once
#include <tlm>

namespace torpor {

struct TimingOnly : tlm::tlm_extension<TimingOnly> {
  bool write = false;

  tlm::tlm_extension_base* clone() const override { return new TimingOnly(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    write = static_cast<const TimingOnly&>(other).write;
  }
};

}  // namespace torpor
