#include "models/common/stats.h"

namespace torpor {

void StatsRegistry::add_counter(std::string name, const uint64_t* counter, std::string unit,
                                std::string description) {
  entries_.push_back({std::move(name), [counter] { return static_cast<double>(*counter); }, std::move(unit),
                      std::move(description)});
}

void StatsRegistry::add_derived(std::string name, std::function<double()> value, std::string unit,
                                std::string description) {
  entries_.push_back({std::move(name), std::move(value), std::move(unit), std::move(description)});
}

std::vector<StatValue> StatsRegistry::snapshot() const {
  std::vector<StatValue> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back({e.name, e.read(), e.unit, e.description});
  return out;
}

}  // namespace torpor
