// The SoC: instantiates every model from the config, wires sockets and
// interrupt lines, loads the guest, and records why the run ended.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include <systemc>

#include "models/bus/router.h"
#include "models/common/sim_control.h"
#include "models/common/stats.h"
#include "models/core/core.h"
#include "models/copy_engine/copy_engine_twin.h"
#ifdef TORPOR_HAVE_RTL_COPY_ENGINE
#include "models/copy_engine/copy_engine_rtl.h"
#endif
#include "models/dram/dram.h"
#include "models/periph/boot_rom.h"
#include "models/periph/clint.h"
#include "models/periph/htif.h"
#include "models/periph/plic.h"
#include "models/periph/test_device.h"
#include "models/periph/trace_marker.h"
#include "models/periph/uart16550.h"
#include "models/storage/disk_image.h"
#include "models/storage/virtio_blk.h"
#include "platform/config.h"
#include "platform/elf_loader.h"
#include "platform/vcd_writer.h"

extern "C" {
#include "sw/boot/boot_format.h"
}

namespace torpor {

struct StopRecord {
  StopReason reason;
  int exit_code;
  std::string message;
};

// A phase id the guest wrote to the trace marker, with the state of the
// platform's counters at that moment.
struct PhaseRecord {
  unsigned boot;           // index into Soc::boots()
  uint64_t id;
  sc_core::sc_time time;
  uint64_t instructions;   // retired since the start of the run
  uint64_t storage_read;   // bytes read from the storage media so far
  uint64_t storage_written;
  core::CpiStack cpi;      // the hart's CPI stack so far (cumulative)
};

// One boot of the platform: from reset release to poweroff, reset, power
// loss or the end of the run.
struct BootRecord {
  sc_core::sc_time start, end;
  std::string ended_by;
  uint64_t instructions = 0;        // retired during this boot
  uint64_t start_instructions = 0;  // retired before it (counters are cumulative)
  uint64_t start_storage_read = 0;  // bytes read from the media before it
  core::CpiStack start_cpi;         // the hart's CPI stack before it
  // Host time: when the boot started (steady clock), and what it took.
  std::chrono::steady_clock::time_point host_start = std::chrono::steady_clock::now();
  double host_seconds = 0;
};

class Soc : public sc_core::sc_module, public SimControl {
 public:
  SC_HAS_PROCESS(Soc);
  // Builds the platform for `config` and loads `image` into DRAM; the boot
  // ROM jumps to its entry. Throws LoadError / std::invalid_argument with a
  // clear message when the image or the memory map does not fit.
  // image: a program preloaded into DRAM (torpor run ELF); nullptr: the
  // boot ROM loads the next stage from the disk's boot region.
  Soc(sc_core::sc_module_name name, const Config& config, const ElfImage* image, std::ostream& console);

  void request_stop(StopReason reason, int exit_code, const std::string& message) override;
  const std::optional<StopRecord>& stop_record() const { return stop_; }
  // Every boot so far; the last one is closed by finish().
  const std::vector<BootRecord>& boots() const { return boots_; }
  const std::vector<PhaseRecord>& phases() const { return phases_; }
  const storage::VirtioBlk& storage() const { return *storage_; }
  // Called while the platform is off between two boots (e.g. to save the disk).
  void set_power_off_hook(std::function<void()> hook) { power_off_hook_ = std::move(hook); }
  // Closes the record of the current boot (call after sc_start returns).
  void finish();

  const StatsRegistry& stats() const { return stats_; }
  core::Core& core() { return *core_; }
  Dram& dram() { return *dram_; }
  const TraceMarker& trace_marker() const { return *trace_marker_; }
  Uart16550& uart() { return *uart_; }
  // A phase the platform observed itself (a watched kernel function, a
  // console line), recorded at the core's current time. first_per_boot:
  // ignore it if this boot already has a record with this id.
  void mark_phase(uint64_t id, bool first_per_boot);
  storage::DiskImage& disk() { return *disk_; }

  // The boot ROM program: jump to `entry` with a0 = mhartid, a1 = 0.
  // The embedded boot ROM program with its parameters patched in.
  static std::vector<uint8_t> boot_rom_image(const rom_params& params);

 private:
  void load(const ElfImage& image, uint64_t dram_base);
  static core::CoreTimingConfig timing_config(const Config& config);

  // Power cycles (--power-cycles): the controller stops the core, returns
  // every model to its power-on state, fills DRAM with a pattern (the disk
  // keeps its contents), reloads a preloaded ELF, and boots again.
  void power_controller();
  void close_boot(const std::string& ended_by);
  uint64_t power_cycles_left_ = 0;
  bool power_cycle_in_progress_ = false;
  uint8_t power_cycle_fill_ = 0;
  uint64_t dram_base_ = 0;
  ElfImage image_;
  std::vector<BootRecord> boots_;
  uint64_t boot_start_instructions_ = 0;
  sc_core::sc_event power_cycle_event_;

  // On every phase mark: log it, and fast-forward (the core turns timed when
  // the guest marks timed_from_phase_).
  void on_phase_mark();
  std::vector<PhaseRecord> phases_;
  // The latest phase of this boot, whoever marked it (the guest's trace
  // marker, a watched instruction, a console line): the VCD's phase signal.
  void set_current_phase(uint64_t id);
  uint64_t current_phase_ = 0;
  sc_core::sc_event phase_event_;
  std::function<void()> power_off_hook_;
  uint64_t timed_from_phase_ = 0;
  uint64_t timed_from_boot_ = 0;

  std::optional<StopRecord> stop_;
  StatsRegistry stats_;
  sc_core::sc_signal<bool> mtip_{"mtip"}, msip_{"msip"}, uart_irq_{"uart_irq"};
  sc_core::sc_signal<bool> meip_{"meip"}, seip_{"seip"};  // PLIC contexts 0 and 1
  sc_core::sc_signal<bool> no_irq_{"no_irq"};              // for PLIC sources nothing drives
  std::unique_ptr<bus::Router> router_;
  std::unique_ptr<core::Core> core_;
  std::unique_ptr<Dram> dram_;
  std::unique_ptr<BootRom> boot_rom_;
  std::unique_ptr<Clint> clint_;
  std::unique_ptr<Uart16550> uart_;
  std::unique_ptr<TestDevice> test_device_;
  std::unique_ptr<TraceMarker> trace_marker_;
  std::unique_ptr<Htif> htif_;
  std::unique_ptr<Plic> plic_;
  std::unique_ptr<CopyEngineTwin> copy_engine_;
#ifdef TORPOR_HAVE_RTL_COPY_ENGINE
  std::unique_ptr<CopyEngineRtl> copy_engine_rtl_;
#endif
  bool has_copy_engine() const;
  sc_core::sc_signal<bool> copy_engine_irq_{"copy_engine_irq"};
  std::unique_ptr<VcdWriter> vcd_;
  void create_vcd(const Config& config);
  std::unique_ptr<storage::DiskImage> disk_;
  std::unique_ptr<storage::VirtioBlk> storage_;
  sc_core::sc_signal<bool> storage_irq_{"storage_irq"};
};

}  // namespace torpor
