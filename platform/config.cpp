#include "platform/config.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "platform/input_file.h"

namespace torpor {

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) {
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \t") + 1);
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool is_power_of_two(uint64_t v) { return v && !(v & (v - 1)); }

bool is_address(const ConfigKey& key) { return std::string(key.unit) == "address"; }

// A value as `torpor config` prints it: addresses in hex.
std::string show(const ConfigKey& key, uint64_t value) {
  return is_address(key) ? fmt::format("0x{:x}", value) : std::to_string(value);
}

// A choice key whose choices are exactly on and off.
bool is_bool(const ConfigKey& key) {
  std::vector<std::string> choices = split(key.choices, ',');
  std::sort(choices.begin(), choices.end());
  return key.type == ConfigType::choice && choices == std::vector<std::string>{"off", "on"};
}

// YAML 1.1's boolean spellings (each in lower, Capitalised and UPPER case)
// as on/off; anything else unchanged.
std::string normalise_bool(const std::string& text) {
  static const char* const truths[] = {"y", "yes", "true", "on"};
  static const char* const falsehoods[] = {"n", "no", "false", "off"};
  auto spelled = [&](const char* word) {
    std::string lower = word, upper = word, capital = word;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    capital[0] = char(::toupper(capital[0]));
    return text == lower || text == upper || text == capital;
  };
  for (const char* w : truths)
    if (spelled(w)) return "on";
  for (const char* w : falsehoods)
    if (spelled(w)) return "off";
  return text;
}

// Text for a YAML value: single-quoted when printable (no escapes there, so
// backslashes stay literal), otherwise double-quoted with escapes.
std::string yaml_quote(const std::string& text) {
  const bool printable = std::all_of(text.begin(), text.end(), [](char c) { return uint8_t(c) >= 0x20 && c != 0x7f; });
  if (printable) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += std::string("\\") + c;
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (uint8_t(c) < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", uint8_t(c));
    else out += c;
  }
  return out + "\"";
}

const char* kind_of(const YAML::Node& node) {
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "empty";
  return "a plain value";
}

// One value of a YAML config file, with the line it is on.
struct FileEntry {
  std::string key;   // dotted
  std::string text;  // the scalar, or "[a,b]" for a list
  int line;
  bool list;
};

// True if some schema key lies under `prefix` (a section like "cache.l2").
bool is_section(const std::string& prefix) {
  for (const ConfigKey& key : config_schema())
    if (std::string(key.key).rfind(prefix + ".", 0) == 0) return true;
  return false;
}

// Walks a YAML mapping, yielding dotted keys with their scalar or list text.
// Only mappings under known sections are entered, so the depth is bounded
// by the schema's (a YAML alias cannot make it loop).
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& file, std::vector<FileEntry>& out) {
  for (const auto& item : node) {
    const int line = item.first.Mark().line + 1;
    if (!item.first.IsScalar() || item.first.Scalar().empty())
      throw ConfigError(fmt::format("{}: line {}: a key must be a plain name, not {}{}", file, line,
                                    item.first.IsScalar() ? "empty" : kind_of(item.first),
                                    prefix.empty() ? "" : fmt::format(" (in section '{}')", prefix)));
    const std::string key = prefix.empty() ? item.first.Scalar() : prefix + "." + item.first.Scalar();
    const YAML::Node& value = item.second;
    if (value.IsMap()) {
      if (!is_section(key))
        throw ConfigError(fmt::format("{}: line {}: unknown key '{}' (see `torpor config` for all keys)", file, line, key));
      flatten(value, key, file, out);
    } else if (value.IsSequence()) {
      std::string joined;
      for (const auto& element : value) {
        if (!element.IsScalar())
          throw ConfigError(fmt::format("{}: key '{}' (line {}): list elements must be plain values, not {}", file, key,
                                        element.Mark().line + 1, kind_of(element)));
        joined += (joined.empty() ? "" : ",") + element.Scalar();
      }
      out.push_back({key, "[" + joined + "]", line, true});
    } else if (is_section(key)) {
      if (value.IsNull()) continue;  // a section whose keys are all commented out
      throw ConfigError(fmt::format("{}: line {}: '{}' is a section: give a mapping of its keys, not {}", file, line,
                                    key, kind_of(value)));
    } else if (value.IsScalar()) {
      out.push_back({key, value.Scalar(), line, false});
    } else {
      throw ConfigError(fmt::format("{}: key '{}' (line {}) has no value", file, key, line));
    }
  }
}

}  // namespace

uint64_t parse_uint(const std::string& text, const std::string& what) {
  std::string digits;
  for (char c : text)
    if (c != '_') digits += c;
  const bool hex = digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X');
  const std::string body = hex ? digits.substr(2) : digits;
  if (body.empty() || body.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos)
    throw ConfigError(fmt::format("{}: '{}' is not a non-negative integer", what, text));
  try {
    return std::stoull(body, nullptr, hex ? 16 : 10);
  } catch (const std::out_of_range&) {
    throw ConfigError(fmt::format("{}: '{}' does not fit in 64 bits", what, text));
  }
}

void check_range(uint64_t value, uint64_t min, uint64_t max, const std::string& what) {
  if (value < min || value > max)
    throw ConfigError(fmt::format("{}: {} is out of range [{}, {}]", what, value, min, max));
}

void check_workload_mib(uint64_t mib, const std::string& what) { check_range(mib, 1, max_workload_mib, what); }

Config::Config() {
  for (const ConfigKey& key : config_schema()) assign(key, key.default_value, "built-in default");
}

const ConfigKey* Config::find(const std::string& name) {
  for (const ConfigKey& key : config_schema())
    if (name == key.key) return &key;
  return nullptr;
}

void Config::assign(const ConfigKey& key, const std::string& raw, const std::string& origin) {
  const std::string what = fmt::format("{}: key '{}'", origin, key.key);
  std::string text = raw;
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  const std::vector<std::string> choices = split(key.choices, ',');
  // A number in the key's range (and a power of two where the key says so).
  auto checked_uint = [&](const std::string& item) {
    const uint64_t value = parse_uint(item, what);
    if (value < key.min || value > key.max)
      throw ConfigError(fmt::format("{}: {} is out of range [{}, {}]{}", what, show(key, value), show(key, key.min),
                                    show(key, key.max), key.power_of_two ? " (a power of two)" : ""));
    if (key.power_of_two && !is_power_of_two(value))
      throw ConfigError(fmt::format("{}: {} is not a power of two (allowed: powers of two in [{}, {}])", what, value,
                                    key.min, key.max));
    return value;
  };
  switch (key.type) {
    case ConfigType::uint:
      values_[key.key] = std::to_string(checked_uint(text));
      return;
    case ConfigType::choice:
      if (is_bool(key)) text = normalise_bool(text);
      if (!contains(choices, text))
        throw ConfigError(fmt::format("{}: '{}' is not one of: {}{}", what, text, key.choices,
                                      is_bool(key) ? " (or true/false, yes/no)" : ""));
      values_[key.key] = text;
      return;
    case ConfigType::text:
      values_[key.key] = text;
      return;
    case ConfigType::uint_list: {
      if (text.size() < 2 || text.front() != '[' || text.back() != ']')
        throw ConfigError(fmt::format("{}: expected a list like [1, 2], got '{}'", what, text));
      std::string joined;
      for (const std::string& item : split(text.substr(1, text.size() - 2), ','))
        joined += (joined.empty() ? "" : ", ") + std::to_string(checked_uint(item));
      values_[key.key] = "[" + joined + "]";
      return;
    }
    case ConfigType::choice_list: {
      if (text.size() < 2 || text.front() != '[' || text.back() != ']')
        throw ConfigError(fmt::format("{}: expected a list like [{}], got '{}'", what, key.choices, text));
      std::vector<std::string> items = split(text.substr(1, text.size() - 2), ',');
      for (const std::string& item : items)
        if (!contains(choices, item))
          throw ConfigError(fmt::format("{}: '{}' is not one of: {}", what, item, key.choices));
      std::string joined;
      for (const std::string& item : items) joined += (joined.empty() ? "" : ", ") + item;
      values_[key.key] = "[" + joined + "]";
      return;
    }
  }
}

void Config::load_file(const std::string& path) {
  // Checked before reading: a directory, FIFO or device (/dev/zero) would
  // fail late, block or read for ever. A config is a few KiB.
  const std::string problem = input_file_problem(path, 16u << 20);
  if (!problem.empty()) throw ConfigError(fmt::format("{}: cannot open config file: {}", path, problem));
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open config file", path));
  YAML::Node root;
  std::vector<FileEntry> entries;
  try {
    root = YAML::Load(in);
    if (root.IsNull()) return;
    if (!root.IsMap()) throw ConfigError(fmt::format("{}: the top level must be a mapping of sections", path));
    flatten(root, "", path, entries);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}: line {}: malformed YAML: {}", path, e.mark.line + 1, e.msg));
  }
  // The file's shape first (unknown keys, keys set twice, lists for single
  // values), then the values.
  std::map<std::string, int> first_line;  // key -> where the file set it
  for (const FileEntry& entry : entries) {
    const ConfigKey* key = find(entry.key);
    if (!key)
      throw ConfigError(fmt::format("{}: unknown key '{}' (see `torpor config` for all keys)", path, entry.key));
    if (!first_line.emplace(entry.key, entry.line).second)
      throw ConfigError(fmt::format("{}: line {}: key '{}' is set twice (first on line {})", path, entry.line,
                                    entry.key, first_line[entry.key]));
    if (entry.list && key->type != ConfigType::choice_list && key->type != ConfigType::uint_list)
      throw ConfigError(fmt::format("{}: key '{}' (line {}): expected one value, not a list", path, entry.key, entry.line));
  }
  Config merged = *this;  // all or nothing: a bad value leaves this config as it was
  for (const FileEntry& entry : entries) merged.assign(*find(entry.key), entry.text, path);
  *this = std::move(merged);
}

void Config::set(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(fmt::format("--set '{}': expected KEY=VALUE", assignment));
  const std::string name = assignment.substr(0, eq);
  const ConfigKey* key = find(name);
  if (!key) throw ConfigError(fmt::format("--set: unknown key '{}' (see `torpor config` for all keys)", name));
  assign(*key, assignment.substr(eq + 1), "--set");
}

void Config::validate() const {
  auto fail = [](const std::string& keys, const std::string& detail) {
    throw ConfigError(fmt::format("keys {}: {}", keys, detail));
  };
  // Caches: size = sets x ways x line, with a power-of-two number of sets
  // (at least one, so ways <= lines); tree-PLRU needs power-of-two ways
  // that fit its 64-bit tree.
  for (const std::string level : {"l1i", "l1d", "l2"}) {
    const std::string c = "cache." + level;
    const uint64_t kib = get_uint(c + ".size_kib"), ways = get_uint(c + ".ways"), line = get_uint(c + ".line_bytes");
    const uint64_t bytes = kib * 1024, lines = bytes / line;
    const std::string keys = fmt::format("'{0}.size_kib', '{0}.ways', '{0}.line_bytes'", c);
    if (ways > lines)
      fail(keys, fmt::format("{} ways exceed the {} lines of {} KiB in {}-byte lines", ways, lines, kib, line));
    if (bytes % (ways * line) != 0 || !is_power_of_two(bytes / (ways * line))) {
      const double sets = double(bytes) / double(ways * line);
      fail(keys, fmt::format("{} KiB in sets of {} ways x {} bytes makes {} sets; the number of sets must be a power "
                             "of two",
                             kib, ways, line, bytes % (ways * line) ? fmt::format("{:.2f}", sets) : fmt::format("{}", sets)));
    }
    if (get_choice(c + ".replacement") == "plru" && (!is_power_of_two(ways) || ways > 64))
      fail(fmt::format("'{0}.replacement', '{0}.ways'", c),
           fmt::format("tree-PLRU needs a power-of-two number of ways, at most 64, not {}", ways));
  }
  // TLBs: entries = sets x ways, with a power-of-two number of sets.
  for (const std::string tlb : {"itlb", "dtlb", "l2tlb"}) {
    const std::string t = "mmu." + tlb;
    const uint64_t entries = get_uint(t + ".entries"), ways = get_uint(t + ".ways");
    if (entries == 0) continue;  // the L2 TLB may be absent
    const std::string keys = fmt::format("'{0}.entries', '{0}.ways'", t);
    if (ways > entries) fail(keys, fmt::format("{} entries cannot have {} ways", entries, ways));
    if (entries % ways != 0) fail(keys, fmt::format("{} entries cannot be split into sets of {} ways", entries, ways));
    if (!is_power_of_two(entries / ways))
      fail(keys, fmt::format("{} entries in {} ways make {} sets, not a power of two", entries, ways, entries / ways));
  }
  // Regions sized by the config end inside the physical address space
  // (base and size are bounded, so the sum cannot wrap).
  auto region = [&](const char* base_key, const char* size_key, uint64_t size, const char* what) {
    const uint64_t base = get_uint(base_key);
    if (base + size > physical_address_limit)
      fail(fmt::format("'{}', '{}'", base_key, size_key),
           fmt::format("{} [0x{:x}, 0x{:x}) ends beyond the 56-bit physical address space", what, base, base + size));
  };
  region("dram.base", "dram.size_mib", get_uint("dram.size_mib") << 20, "DRAM");
  region("boot_rom.base", "boot_rom.size", get_uint("boot_rom.size"), "the boot ROM");
  // Interrupt lines: inside the PLIC's sources and distinct.
  const uint64_t sources = get_uint("plic.sources");
  std::vector<const char*> lines = {"uart.irq", "storage.irq"};
  if (get_choice("copy_engine.enabled") == "on") lines.push_back("copy_engine.irq");
  for (size_t i = 0; i < lines.size(); ++i) {
    const uint64_t source = get_uint(lines[i]);
    if (source >= sources)
      fail(fmt::format("'{}', 'plic.sources'", lines[i]),
           fmt::format("interrupt source {} is outside the PLIC's sources 1..{}", source, sources - 1));
    for (size_t j = 0; j < i; ++j)
      if (get_uint(lines[j]) == source)
        fail(fmt::format("'{}', '{}'", lines[j], lines[i]), fmt::format("both are interrupt source {}", source));
  }
}

uint64_t Config::get_uint(const std::string& key) const { return std::stoull(values_.at(key)); }

const std::string& Config::get_choice(const std::string& key) const { return values_.at(key); }

std::vector<std::string> Config::get_list(const std::string& key) const {
  const std::string& text = values_.at(key);
  return split(text.substr(1, text.size() - 2), ',');
}

std::vector<uint64_t> Config::get_uint_list(const std::string& key) const {
  std::vector<uint64_t> out;
  for (const std::string& item : get_list(key)) out.push_back(std::stoull(item));
  return out;
}

std::string Config::to_yaml() const {
  // Sections in the order of their first key; each lists its keys in schema order.
  auto section_of = [](const std::string& name) { return name.substr(0, name.find('.')); };
  std::vector<std::string> sections;
  for (const ConfigKey& key : config_schema())
    if (!contains(sections, section_of(key.key))) sections.push_back(section_of(key.key));
  std::string out = "# torpor effective configuration\n";
  for (const std::string& section : sections) {
    out += section + ":\n";
    for (const ConfigKey& key : config_schema()) {
      const std::string name = key.key;
      if (section_of(name) != section) continue;
      std::string value = values_.at(name);
      if (key.type == ConfigType::text) value = yaml_quote(value);
      if (key.type == ConfigType::uint) value = show(key, std::stoull(value));
      std::string comment = key.meaning;
      std::string notes = key.unit;  // "[unit, range]" after the meaning
      const bool full_range = key.min == 0 && key.max == UINT64_MAX;
      if (key.type == ConfigType::uint && !full_range && !is_address(key))
        notes += fmt::format("{}{}{}..{}", notes.empty() ? "" : ", ", key.power_of_two ? "power of two, " : "", key.min,
                             key.max);
      if (!notes.empty()) comment += " [" + notes + "]";
      out += fmt::format("  {}: {}  # {}\n", name.substr(section.size() + 1), value, comment);
    }
  }
  return out;
}

}  // namespace torpor
