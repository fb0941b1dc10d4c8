// Every configuration key of the platform, its default and its meaning. The
// default memory map follows QEMU virt where it matters (DESIGN.md), so the
// same bare-metal ELF runs on both.
#include "platform/config.h"

namespace torpor {

const std::vector<ConfigKey>& config_schema() {
  static const std::vector<ConfigKey> schema = {
      {"core.frequency_hz", ConfigType::uint, "1500000000", "", "Hz", "core clock (JH7110-class U74: 1.5 GHz)"},
      {"core.hart_id", ConfigType::uint, "0", "", "", "value of mhartid"},
      {"core.satp_modes", ConfigType::choice_list, "[sv39, sv48, sv57]", "sv39,sv48,sv57", "",
       "translation modes satp accepts (the U74 supports only sv39)"},
      {"core.misaligned", ConfigType::choice, "trap", "trap,emulate", "",
       "misaligned loads/stores: trap (address-misaligned) or emulate in hardware"},
      {"core.pte_ad_update", ConfigType::choice, "hardware", "hardware,fault", "",
       "PTE A/D bits clear: hardware sets them, or fault (Svade)"},
      {"core.quantum_ns", ConfigType::uint, "10000", "", "ns",
       "temporal-decoupling quantum: how far the core runs ahead before synchronising"},
      {"boot_rom.base", ConfigType::uint, "0x1000", "", "address", "boot ROM (reset vector)"},
      {"boot_rom.size", ConfigType::uint, "0x1000", "", "bytes", "boot ROM size"},
      {"syscon.base", ConfigType::uint, "0x100000", "", "address", "test finisher (sifive,test0)"},
      {"clint.base", ConfigType::uint, "0x2000000", "", "address", "CLINT (msip, mtimecmp, mtime)"},
      {"clint.timebase_hz", ConfigType::uint, "10000000", "", "Hz", "mtime rate (device tree timebase-frequency)"},
      {"uart.base", ConfigType::uint, "0x10000000", "", "address", "UART 16550"},
      {"uart.reg_shift", ConfigType::uint, "0", "", "", "register spacing is 1 << reg_shift bytes"},
      {"trace_marker.base", ConfigType::uint, "0x10010000", "", "address", "trace marker (guest phase ids)"},
      {"dram.base", ConfigType::uint, "0x80000000", "", "address", "DRAM"},
      {"dram.size_mib", ConfigType::uint, "256", "", "MiB", "DRAM size"},
      {"dram.fill", ConfigType::uint, "0", "", "byte", "value DRAM holds at power-on"},
      {"sim.max_instructions", ConfigType::uint, "0", "", "instructions",
       "stop a runaway guest after this many instructions (0: no limit)"},
  };
  return schema;
}

}  // namespace torpor
