#pragma once
// JSON text for the files torpor writes (results, statistics, manifests).
#include <string>

#include <nlohmann/json.hpp>

namespace torpor {

// Indented JSON. File names, spec values and error messages quoted from bad
// input may hold bytes that are not UTF-8; they are written as U+FFFD
// rather than making the dump throw.
inline std::string json_text(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace torpor
