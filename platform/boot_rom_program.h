// The boot ROM program (sw/boot/), cross-compiled in the same build and
// embedded into the simulator; the platform patches its rom_params block
// (sw/boot/boot_format.h) before reset.
#pragma once
#include <cstdint>
#include <vector>

namespace torpor {

const std::vector<uint8_t>& boot_rom_program();

}  // namespace torpor
