#include "platform/config.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

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

// Walks a YAML mapping, yielding dotted keys with their scalar or list text.
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& file,
             std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& item : node) {
    const std::string key = prefix.empty() ? item.first.as<std::string>() : prefix + "." + item.first.as<std::string>();
    const YAML::Node& value = item.second;
    if (value.IsMap()) {
      flatten(value, key, file, out);
    } else if (value.IsSequence()) {
      std::string joined;
      for (const auto& element : value) {
        if (!element.IsScalar())
          throw ConfigError(fmt::format("{}: key '{}' (line {}): list elements must be plain values", file, key,
                                        value.Mark().line + 1));
        joined += (joined.empty() ? "" : ",") + element.as<std::string>();
      }
      out.emplace_back(key, "[" + joined + "]");
    } else if (value.IsScalar()) {
      out.emplace_back(key, value.as<std::string>());
    } else {
      throw ConfigError(fmt::format("{}: key '{}' has no value", file, key));
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
  switch (key.type) {
    case ConfigType::uint:
      values_[key.key] = std::to_string(parse_uint(text, what));
      return;
    case ConfigType::choice:
      if (!contains(choices, text))
        throw ConfigError(fmt::format("{}: '{}' is not one of: {}", what, text, key.choices));
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
        joined += (joined.empty() ? "" : ", ") + std::to_string(parse_uint(item, what));
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
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("{}: cannot open config file", path));
  YAML::Node root;
  try {
    root = YAML::Load(in);
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}: line {}: malformed YAML: {}", path, e.mark.line + 1, e.msg));
  }
  if (root.IsNull()) return;
  if (!root.IsMap()) throw ConfigError(fmt::format("{}: the top level must be a mapping of sections", path));
  std::vector<std::pair<std::string, std::string>> entries;
  flatten(root, "", path, entries);
  for (const auto& [name, text] : entries) {
    const ConfigKey* key = find(name);
    if (!key) throw ConfigError(fmt::format("{}: unknown key '{}' (see `torpor config` for all keys)", path, name));
    assign(*key, text, path);
  }
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
  std::string out = "# torpor effective configuration\n";
  std::string section;
  for (const ConfigKey& key : config_schema()) {
    const std::string name = key.key;
    const auto dot = name.find('.');
    if (name.substr(0, dot) != section) {
      section = name.substr(0, dot);
      out += section + ":\n";
    }
    std::string value = values_.at(name);
    if (key.type == ConfigType::text) value = "\"" + value + "\"";
    if (key.type == ConfigType::uint && std::string(key.unit) == "address")
      value = fmt::format("0x{:x}", std::stoull(value));
    std::string comment = key.meaning;
    if (*key.unit) comment += fmt::format(" [{}]", key.unit);
    out += fmt::format("  {}: {}  # {}\n", name.substr(dot + 1), value, comment);
  }
  return out;
}

}  // namespace torpor
