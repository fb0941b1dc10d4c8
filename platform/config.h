// The SoC description: a fixed schema of dotted keys (config_schema.cpp),
// each with a type, a default, an allowed range and a one-line meaning.
// Values come from the built-in defaults, then a YAML file, then --set
// KEY=VALUE overrides; all three go through the same per-key checks, and
// errors name the origin (file or --set), the key, the value and what is
// allowed. Checks that involve several keys (cache geometry, TLB sets,
// address ranges, interrupt lines) are in Config::validate(), run once all
// sources are merged.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace torpor {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ConfigType { uint, choice, choice_list, text, uint_list };

struct ConfigKey {
  const char* key;            // dotted path, e.g. "dram.size_mib"
  ConfigType type;
  const char* default_value;  // as written in YAML
  uint64_t min;               // uint and uint_list (each element): allowed range, inclusive
  uint64_t max;
  bool power_of_two;          // uint: the value must also be a power of two
  const char* choices;        // comma-separated, for choice and choice_list
  const char* unit;
  const char* meaning;
};

const std::vector<ConfigKey>& config_schema();

// Physical addresses are at most 56 bits on RISC-V (Sv39/48/57 PTEs, PMP):
// every address key and every region the config places lies below this.
constexpr uint64_t physical_address_limit = uint64_t{1} << 56;

class Config {
 public:
  Config();  // the built-in defaults

  // Merges a YAML file over the current values. Throws ConfigError.
  void load_file(const std::string& path);
  // Applies one "key=value" override. Throws ConfigError.
  void set(const std::string& assignment);
  // The checks that involve several keys (cache sets, TLB ways, regions
  // that must not wrap, interrupt lines): call once every source is merged.
  // Throws ConfigError naming the keys involved.
  void validate() const;

  uint64_t get_uint(const std::string& key) const;
  const std::string& get_choice(const std::string& key) const;
  std::vector<std::string> get_list(const std::string& key) const;
  const std::string& get_text(const std::string& key) const { return get_choice(key); }
  std::vector<uint64_t> get_uint_list(const std::string& key) const;

  // The effective configuration as YAML, each key commented with its
  // meaning; each section appears once (keys grouped by section, sections
  // in the order of their first key in the schema).
  std::string to_yaml() const;

 private:
  void assign(const ConfigKey& key, const std::string& text, const std::string& origin);
  static const ConfigKey* find(const std::string& key);
  std::map<std::string, std::string> values_;  // normalised text per key
};

// Parses 123, 0x7b, 1_000_000 or 0x8000_0000; throws ConfigError with `what`.
uint64_t parse_uint(const std::string& text, const std::string& what);

// Throws ConfigError "WHAT: VALUE is out of range [MIN, MAX]" unless
// min <= value <= max.
void check_range(uint64_t value, uint64_t min, uint64_t max, const std::string& what);

// `torpor bench --workload-mib` and a sweep's workload_mib: the workload
// must fit the largest DRAM (dram.size_mib) twice over, as the sweep sizes
// DRAM at twice the workload. `what` names the origin, e.g. "--workload-mib".
constexpr uint64_t max_workload_mib = 32768;
void check_workload_mib(uint64_t mib, const std::string& what);

}  // namespace torpor
