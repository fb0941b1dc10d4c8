// The SoC description: a fixed schema of dotted keys (config_schema.cpp),
// each with a type, a default, and a one-line meaning. Values come from the
// built-in defaults, then a YAML file, then --set KEY=VALUE overrides; all
// three go through the same validation, and errors name the file and key.
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
  const char* choices;        // comma-separated, for choice and choice_list
  const char* unit;
  const char* meaning;
};

const std::vector<ConfigKey>& config_schema();

class Config {
 public:
  Config();  // the built-in defaults

  // Merges a YAML file over the current values. Throws ConfigError.
  void load_file(const std::string& path);
  // Applies one "key=value" override. Throws ConfigError.
  void set(const std::string& assignment);

  uint64_t get_uint(const std::string& key) const;
  const std::string& get_choice(const std::string& key) const;
  std::vector<std::string> get_list(const std::string& key) const;
  const std::string& get_text(const std::string& key) const { return get_choice(key); }
  std::vector<uint64_t> get_uint_list(const std::string& key) const;

  // The effective configuration as YAML, each key commented with its meaning.
  std::string to_yaml() const;

 private:
  void assign(const ConfigKey& key, const std::string& text, const std::string& origin);
  static const ConfigKey* find(const std::string& key);
  std::map<std::string, std::string> values_;  // normalised text per key
};

// Parses 123, 0x7b, 1_000_000 or 0x8000_0000; throws ConfigError with `what`.
uint64_t parse_uint(const std::string& text, const std::string& what);

}  // namespace torpor
