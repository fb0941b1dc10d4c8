#include "platform/device_tree.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "platform/elf_loader.h"
#include "platform/scratch_cleanup.h"

namespace torpor {

namespace {

// A 64-bit value as two 32-bit cells (#address-cells = #size-cells = 2).
std::string cells(uint64_t v) { return fmt::format("0x{:x} 0x{:x}", v >> 32, v & 0xffffffffu); }

std::string reg(uint64_t base, uint64_t size) { return cells(base) + " " + cells(size); }

}  // namespace

std::string device_tree_source(const Config& c, const DeviceTreeOptions& o) {
  const uint64_t dram_base = c.get_uint("dram.base"), dram_bytes = c.get_uint("dram.size_mib") << 20;
  if (o.firmware_bytes >= dram_bytes)
    throw ConfigError(fmt::format("dram.size_mib: {} MiB leaves no memory after the firmware's {} KiB",
                                  dram_bytes >> 20, o.firmware_bytes >> 10));
  // The deepest translation mode the hart offers (Linux probes it anyway).
  std::string mmu = "riscv,sv39";
  for (const std::string& m : c.get_list("core.satp_modes"))
    if (m > mmu.substr(6)) mmu = "riscv," + m;
  const uint64_t hart = c.get_uint("core.hart_id");
  const uint64_t plic = c.get_uint("plic.base"), clint = c.get_uint("clint.base");
  const uint64_t uart = c.get_uint("uart.base"), storage = c.get_uint("storage.base");
  const uint64_t syscon = c.get_uint("syscon.base");
  const bool sstc = c.get_choice("core.sstc") == "on";

  std::ostringstream s;
  s << "/dts-v1/;\n\n/ {\n"
    << "\t#address-cells = <2>;\n\t#size-cells = <2>;\n"
    << "\tcompatible = \"torpor,soc\";\n\tmodel = \"torpor virtual SoC\";\n\n"
    << "\tchosen {\n\t\tbootargs = \"" << o.bootargs << "\";\n"
    << fmt::format("\t\tstdout-path = \"/soc/serial@{:x}\";\n\t}};\n\n", uart)
    << "\tcpus {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n"
    << fmt::format("\t\ttimebase-frequency = <{}>;\n", c.get_uint("clint.timebase_hz"))
    << fmt::format("\t\tcpu0: cpu@{} {{\n", hart)
    << "\t\t\tdevice_type = \"cpu\";\n"
    << fmt::format("\t\t\treg = <{}>;\n", hart)
    << "\t\t\tstatus = \"okay\";\n\t\t\tcompatible = \"riscv\";\n"
    << "\t\t\triscv,isa = \"rv64imac_zicntr_zicsr_zifencei" << (sstc ? "_sstc" : "") << "\";\n"
    << "\t\t\triscv,isa-base = \"rv64i\";\n"
    << "\t\t\triscv,isa-extensions = \"i\", \"m\", \"a\", \"c\", \"zicntr\", \"zicsr\", \"zifencei\""
    << (sstc ? ", \"sstc\"" : "") << ";\n"
    << "\t\t\tmmu-type = \"" << mmu << "\";\n"
    << fmt::format("\t\t\tclock-frequency = <{}>;\n", c.get_uint("core.frequency_hz"))
    << "\t\t\tcpu0_intc: interrupt-controller {\n\t\t\t\t#interrupt-cells = <1>;\n"
    << "\t\t\t\tinterrupt-controller;\n\t\t\t\tcompatible = \"riscv,cpu-intc\";\n\t\t\t};\n"
    << "\t\t};\n\t};\n\n"
    << fmt::format("\tmemory@{:x} {{\n\t\tdevice_type = \"memory\";\n\t\treg = <{}>;\n\t}};\n\n",
                   dram_base + o.firmware_bytes, reg(dram_base + o.firmware_bytes, dram_bytes - o.firmware_bytes))
    << "\tsoc {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n"
    << "\t\tcompatible = \"simple-bus\";\n\t\tranges;\n\n"
    // CLINT: msip (3) and mtip (7) of the hart's M-mode.
    << fmt::format("\t\tclint@{:x} {{\n\t\t\tcompatible = \"sifive,clint0\", \"riscv,clint0\";\n"
                   "\t\t\treg = <{}>;\n\t\t\tinterrupts-extended = <&cpu0_intc 3>, <&cpu0_intc 7>;\n\t\t}};\n\n",
                   clint, reg(clint, 0x10000))
    // PLIC: context 0 is M-mode external (11), context 1 S-mode external (9).
    << fmt::format("\t\tplic: interrupt-controller@{:x} {{\n\t\t\tcompatible = \"sifive,plic-1.0.0\", "
                   "\"riscv,plic0\";\n\t\t\treg = <{}>;\n\t\t\t#address-cells = <0>;\n"
                   "\t\t\t#interrupt-cells = <1>;\n\t\t\tinterrupt-controller;\n"
                   "\t\t\tinterrupts-extended = <&cpu0_intc 11>, <&cpu0_intc 9>;\n"
                   "\t\t\triscv,ndev = <{}>;\n\t\t}};\n\n",
                   plic, reg(plic, 0x4000000), c.get_uint("plic.sources") - 1)
    << fmt::format("\t\tserial@{:x} {{\n\t\t\tcompatible = \"ns16550a\";\n\t\t\treg = <{}>;\n"
                   "\t\t\tclock-frequency = <3686400>;\n\t\t\treg-shift = <{}>;\n\t\t\treg-io-width = <1>;\n"
                   "\t\t\tinterrupts-extended = <&plic {}>;\n\t\t}};\n\n",
                   uart, reg(uart, 0x100u << c.get_uint("uart.reg_shift")), c.get_uint("uart.reg_shift"),
                   c.get_uint("uart.irq"))
    << fmt::format("\t\tvirtio_mmio@{:x} {{\n\t\t\tcompatible = \"virtio,mmio\";\n\t\t\treg = <{}>;\n"
                   "\t\t\tinterrupts-extended = <&plic {}>;\n\t\t}};\n\n",
                   storage, reg(storage, 0x1000), c.get_uint("storage.irq"))
    // The test finisher: OpenSBI's reset driver for sifive,test0 powers off through it.
    << fmt::format("\t\ttest@{:x} {{\n\t\t\tcompatible = \"sifive,test1\", \"sifive,test0\";\n"
                   "\t\t\treg = <{}>;\n\t\t}};\n",
                   syscon, reg(syscon, 0x1000))
    << "\t};\n};\n";
  return s.str();
}

std::vector<uint8_t> compile_device_tree(const std::string& dts, const std::string& what) {
  char dir[] = "/tmp/torpor-dt-XXXXXX";
  if (!::mkdtemp(dir)) throw LoadError(fmt::format("{}: cannot make a temporary directory for dtc", what));
  const std::string src = std::string(dir) + "/tree.dts", dtb = std::string(dir) + "/tree.dtb",
                    log = std::string(dir) + "/dtc.log";
  // Removed on SIGINT/SIGTERM too, should one arrive while dtc runs.
  const ScratchCleanup guard_dir(dir), guard_src(src), guard_dtb(dtb), guard_log(log);
  std::ofstream(src) << dts;
  const int status =
      std::system(fmt::format("dtc -q -I dts -O dtb -o '{}' '{}' > '{}' 2>&1", dtb, src, log).c_str());
  std::ifstream out(dtb, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  std::ifstream err(log);
  const std::string message((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  std::remove(src.c_str());
  std::remove(dtb.c_str());
  std::remove(log.c_str());
  ::rmdir(dir);
  if (status != 0 || bytes.empty()) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
      throw LoadError(fmt::format("{}: dtc not found (install device-tree-compiler)", what));
    throw LoadError(fmt::format("{}: dtc failed: {}", what, message));
  }
  return bytes;
}

}  // namespace torpor
