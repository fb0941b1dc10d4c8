// Writes a bootable disk image: the boot header of sw/boot/boot_format.h in
// sector 0 and an ELF's loadable segments from sector 8 on, so the boot ROM
// loads the program from storage and that load is charged in time.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/elf_loader.h"

namespace torpor {

// Creates (or overwrites) `path`: at least `min_bytes` long, sparse beyond
// the data. Throws LoadError naming the file on any failure.
void write_boot_disk(const std::string& path, const ElfImage& image, uint64_t min_bytes);

// Bytes the boot ROM loads to a physical address (zero-filled up to memory_size).
struct BootPayload {
  uint64_t load_address;
  std::vector<uint8_t> bytes;
  uint64_t memory_size;
};
// The general form: payloads, the entry, and a1 at the jump (e.g. a device
// tree's address). Returns the sectors the boot region takes.
uint64_t write_boot_region(const std::string& path, const std::vector<BootPayload>& payloads, uint64_t entry,
                           uint64_t arg1, uint64_t min_bytes);

}  // namespace torpor
