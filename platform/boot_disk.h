// Writes a bootable disk image: the boot header of sw/boot/boot_format.h in
// sector 0 and an ELF's loadable segments from sector 8 on, so the boot ROM
// loads the program from storage and that load is charged in time.
#pragma once
#include <cstdint>
#include <string>

#include "platform/elf_loader.h"

namespace torpor {

// Creates (or overwrites) `path`: at least `min_bytes` long, sparse beyond
// the data. Throws LoadError naming the file on any failure.
void write_boot_disk(const std::string& path, const ElfImage& image, uint64_t min_bytes);

}  // namespace torpor
