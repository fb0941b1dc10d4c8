// One uniform way for every model to expose statistics: a model registers
// named counters (by pointer, so counting costs nothing on the hot path) or
// derived values with the registry; reports read them at the end of a run.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace torpor {

struct StatValue {
  std::string name;         // dotted: "core.instructions", "uart.tx_bytes"
  double value;
  std::string unit;         // "instructions", "bytes", "ns", "%", ...
  std::string description;  // one line: what it counts
};

class StatsRegistry {
 public:
  void add_counter(std::string name, const uint64_t* counter, std::string unit, std::string description);
  void add_derived(std::string name, std::function<double()> value, std::string unit, std::string description);
  std::vector<StatValue> snapshot() const;

 private:
  struct Entry {
    std::string name;
    std::function<double()> read;
    std::string unit;
    std::string description;
  };
  std::vector<Entry> entries_;
};

}  // namespace torpor
