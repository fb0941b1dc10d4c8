// Reads a RISC-V ELF64 executable: its loadable segments, entry point and
// symbol table (for HTIF's tohost/fromhost). Every malformation is a
// LoadError naming the file and what is wrong with it.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace torpor {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ElfSegment {
  uint64_t paddr;              // where it loads (physical: bare-metal images)
  uint64_t memory_size;        // bytes in memory; beyond the file bytes are zero
  std::vector<uint8_t> bytes;  // file contents
};

struct ElfImage {
  std::string path;
  uint64_t entry = 0;
  std::vector<ElfSegment> segments;
  std::map<std::string, uint64_t> symbols;  // name -> value, from .symtab

  const uint64_t* symbol(const std::string& name) const {
    auto it = symbols.find(name);
    return it == symbols.end() ? nullptr : &it->second;
  }
};

ElfImage read_elf(const std::string& path);

}  // namespace torpor
