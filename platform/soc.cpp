#include "platform/soc.h"

#include <cstring>

#include "platform/boot_rom_program.h"

#include <fmt/format.h>

namespace torpor {

std::vector<uint8_t> Soc::boot_rom_image(const rom_params& params) {
  std::vector<uint8_t> rom = boot_rom_program();
  if (rom.size() < ROM_PARAMS_OFFSET + sizeof params)
    throw std::invalid_argument("the embedded boot ROM program is too small to hold its parameters");
  std::memcpy(rom.data() + ROM_PARAMS_OFFSET, &params, sizeof params);
  return rom;
}

Soc::Soc(sc_core::sc_module_name name, const Config& config, const ElfImage* image, std::ostream& console)
    : sc_module(name) {
  config.validate();  // the checks involving several keys (cache and TLB geometry, regions, interrupt lines)
  core::HartConfig hart;
  hart.hart_id = config.get_uint("core.hart_id");
  hart.reset_pc = config.get_uint("boot_rom.base");
  const auto modes = config.get_list("core.satp_modes");
  auto has = [&](const char* m) { return std::find(modes.begin(), modes.end(), m) != modes.end(); };
  hart.sv39 = has("sv39");
  hart.sv48 = has("sv48");
  hart.sv57 = has("sv57");
  hart.misaligned_emulate = config.get_choice("core.misaligned") == "emulate";
  hart.sstc = config.get_choice("core.sstc") == "on";
  hart.hardware_ad_update = config.get_choice("core.pte_ad_update") == "hardware";
  hart.timebase_hz = config.get_uint("clint.timebase_hz");
  hart.frequency_hz = config.get_uint("core.frequency_hz");
  if (hart.frequency_hz == 0 || hart.timebase_hz == 0)
    throw ConfigError("core.frequency_hz and clint.timebase_hz must be non-zero");
  core::CoreOptions options;
  options.quantum = sc_core::sc_time(double(std::max<uint64_t>(1, config.get_uint("core.quantum_ns"))), sc_core::SC_NS);
  options.max_instructions = config.get_uint("sim.max_instructions");
  options.mtime_address = config.get_uint("clint.base") + Clint::mtime_offset;
  if (config.get_choice("core.mode") == "timed") {
    options.timing = timing_config(config);
    timed_from_phase_ = config.get_uint("core.timed_from_phase");
    timed_from_boot_ = config.get_uint("core.timed_from_boot");
    options.start_timed = timed_from_phase_ == 0 && timed_from_boot_ == 0;
  }

  const uint64_t dram_base = config.get_uint("dram.base");
  const uint64_t dram_size = config.get_uint("dram.size_mib") << 20;
  if (dram_size == 0) throw ConfigError("dram.size_mib must be at least 1");
  const uint64_t rom_size = config.get_uint("boot_rom.size");

  router_ = std::make_unique<bus::Router>("bus");
  if (options.timing) {
    const uint64_t bus_hz = config.get_uint("bus.frequency_hz");
    if (bus_hz == 0) throw ConfigError("bus.frequency_hz must be non-zero");
    bus::Router::Timing bus_timing;
    bus_timing.cycle = sc_core::sc_time(1e12 / double(bus_hz), sc_core::SC_PS);
    bus_timing.latency = bus_timing.cycle * double(config.get_uint("bus.latency_cycles"));
    bus_timing.width_bytes = unsigned(config.get_uint("bus.width_bytes"));
    router_->set_timing(bus_timing);
  }
  core_ = std::make_unique<core::Core>("core", hart, options, *this);
  const dram::DramTiming* dram_timing = dram::find_dram_preset(config.get_choice("dram.profile"));
  dram_ = std::make_unique<Dram>("dram", dram_size, uint8_t(config.get_uint("dram.fill")), *dram_timing);
  // The ROM jumps to a preloaded program, or loads the next stage from the
  // disk's boot region (sw/boot/boot_format.h). Its scratch memory is the
  // top 64 KiB of DRAM.
  rom_params params{};
  params.magic = ROM_PARAMS_MAGIC;
  params.preload_entry = image ? image->entry : 0;
  params.storage_base = config.get_uint("storage.base");
  params.dram_base = dram_base;
  params.dram_size = dram_size;
  params.scratch = dram_base + dram_size - 0x10000;
  params.trace_marker = config.get_uint("trace_marker.base");
  params.syscon = config.get_uint("syscon.base");
  const std::vector<uint8_t> rom = boot_rom_image(params);
  if (rom.size() > rom_size)
    throw ConfigError(fmt::format("boot_rom.size 0x{:x} is smaller than the boot ROM program ({} bytes)", rom_size,
                                  rom.size()));
  if (dram_size < 0x20000) throw ConfigError("dram.size_mib is too small for the boot ROM's scratch area");
  boot_rom_ = std::make_unique<BootRom>("boot_rom", rom, rom_size);
  clint_ = std::make_unique<Clint>("clint", hart.timebase_hz);
  uart_ = std::make_unique<Uart16550>("uart", console, unsigned(config.get_uint("uart.reg_shift")));
  const std::string input = config.get_text("uart.input");
  for (size_t i = 0; i < input.size(); ++i) {
    if (input[i] == '\\' && i + 1 < input.size() && input[i + 1] == 'n') {
      uart_->receive('\n');
      ++i;
    } else {
      uart_->receive(uint8_t(input[i]));
    }
  }
  test_device_ = std::make_unique<TestDevice>("syscon", *this);
  const uint64_t plic_sources = config.get_uint("plic.sources");
  if (plic_sources < 2 || plic_sources > 1024) throw ConfigError("plic.sources must be 2..1024");
  plic_ = std::make_unique<Plic>("plic", unsigned(plic_sources), 2);
  trace_marker_ = std::make_unique<TraceMarker>("trace_marker");
  const std::string image_path = config.get_text("storage.image");
  try {
    disk_ = image_path.empty()
                ? std::make_unique<storage::DiskImage>(config.get_uint("storage.size_mib") << 20)
                : std::make_unique<storage::DiskImage>(image_path, config.get_choice("storage.persist") == "on");
  } catch (const storage::DiskError& e) {
    throw LoadError(e.what());
  }
  storage::FaultPlan faults;
  for (uint64_t s : config.get_uint_list("storage.fault.read_error_sectors")) faults.read_error_sectors.insert(s);
  for (uint64_t s : config.get_uint_list("storage.fault.write_error_sectors")) faults.write_error_sectors.insert(s);
  faults.error_ppm = uint32_t(std::min<uint64_t>(config.get_uint("storage.fault.error_ppm"), 1'000'000));
  faults.bitflip_ppm = uint32_t(std::min<uint64_t>(config.get_uint("storage.fault.bitflip_ppm"), 1'000'000));
  faults.power_loss_after_sectors = config.get_uint("storage.fault.power_loss_after_sectors");
  faults.seed = config.get_uint("storage.fault.seed");
  storage_ = std::make_unique<storage::VirtioBlk>(
      "storage", *disk_, *storage::find_media_profile(config.get_choice("storage.profile")), faults, *this);

  // Targets bind to the router in the order they are mapped.
  core_->socket.bind(router_->target_socket);  // initiator 0 on the bus
  router_->set_write_observer([this](uint64_t address, uint64_t length, int initiator) {
    if (initiator != 0) core_->external_write(address, length);  // DMA: keep the core coherent
  });
  router_->map("dram", dram_base, dram_size);
  router_->initiator_socket.bind(dram_->socket);
  router_->map("boot_rom", config.get_uint("boot_rom.base"), rom_size);
  router_->initiator_socket.bind(boot_rom_->socket);
  router_->map("clint", config.get_uint("clint.base"), 0x10000);
  router_->initiator_socket.bind(clint_->socket);
  router_->map("plic", config.get_uint("plic.base"), 0x400000);
  router_->initiator_socket.bind(plic_->socket);
  router_->map("uart", config.get_uint("uart.base"), 8ull << config.get_uint("uart.reg_shift"));
  router_->initiator_socket.bind(uart_->socket);
  router_->map("syscon", config.get_uint("syscon.base"), 0x1000);
  router_->initiator_socket.bind(test_device_->socket);
  router_->map("trace_marker", config.get_uint("trace_marker.base"), 0x1000);
  router_->initiator_socket.bind(trace_marker_->socket);
  router_->map("storage", config.get_uint("storage.base"), 0x200);
  router_->initiator_socket.bind(storage_->socket);
  storage_->dma.bind(router_->target_socket);  // initiator 1 on the bus
  storage_->irq.bind(storage_irq_);
  if (config.get_choice("copy_engine.enabled") == "on") {
    const std::string model = config.get_choice("copy_engine.model");
    const uint64_t base = config.get_uint("copy_engine.base");
    auto attach = [&](auto& engine) {
      router_->map("copy_engine", base, CopyEngineTwin::region_size);
      router_->initiator_socket.bind(engine.socket);
      engine.dma.bind(router_->target_socket);  // initiator 2 on the bus
      engine.irq.bind(copy_engine_irq_);
    };
#ifdef TORPOR_HAVE_RTL_COPY_ENGINE
    if (model != "twin") {
      const uint64_t hz = config.get_uint("copy_engine.frequency_hz");
      if (hz == 0) throw ConfigError("copy_engine.frequency_hz must be non-zero");
      copy_engine_rtl_ = std::make_unique<CopyEngineRtl>(
          "copy_engine", sc_core::sc_time(1e12 / double(hz), sc_core::SC_PS),
          unsigned(config.get_uint("copy_engine.burst_beats")), unsigned(config.get_uint("copy_engine.max_outstanding")));
      attach(*copy_engine_rtl_);
      // With --vcd, Verilator's own waveform of the engine beside the platform's.
      if (!config.get_text("sim.vcd").empty()) copy_engine_rtl_->trace_to(config.get_text("sim.vcd") + ".copy_engine.vcd");
    }
#else
    if (model == "rtl")
      throw ConfigError("copy_engine.model=rtl: this torpor was built without Verilator (TORPOR_WITH_VERILATOR)");
#endif
    if (!has_copy_engine()) {
      copy_engine_ = std::make_unique<CopyEngineTwin>("copy_engine", unsigned(config.get_uint("copy_engine.burst_beats")),
                                                      unsigned(config.get_uint("copy_engine.max_outstanding")));
      attach(*copy_engine_);
    }
  }
  if (const uint64_t* tohost = image ? image->symbol("tohost") : nullptr) {
    // HTIF words overlay RAM; fromhost, when present, must follow tohost.
    htif_ = std::make_unique<Htif>("htif", *this, console);
    router_->map("htif", *tohost, Htif::size, true);
    router_->initiator_socket.bind(htif_->socket);
  }

  clint_->timer_irq.bind(mtip_);
  clint_->soft_irq.bind(msip_);
  uart_->irq.bind(uart_irq_);
  core_->machine_timer_irq.bind(mtip_);
  core_->machine_soft_irq.bind(msip_);
  // Interrupt sources into the PLIC; its contexts drive MEIP and SEIP.
  const uint64_t uart_irq = config.get_uint("uart.irq"), storage_irq = config.get_uint("storage.irq");
  const bool engine = has_copy_engine();
  const uint64_t engine_irq = engine ? config.get_uint("copy_engine.irq") : 0;
  for (uint64_t source : {uart_irq, storage_irq, engine ? engine_irq : uart_irq})
    if (source == 0 || source >= plic_sources)
      throw ConfigError(fmt::format("interrupt source {} is outside the PLIC's 1..{}", source, plic_sources - 1));
  if (uart_irq == storage_irq || (engine && (engine_irq == uart_irq || engine_irq == storage_irq)))
    throw ConfigError("uart.irq, storage.irq and copy_engine.irq must differ");
  for (unsigned s = 0; s < plic_sources; ++s) {
    if (s == uart_irq) plic_->irq_in[s].bind(uart_irq_);
    else if (s == storage_irq) plic_->irq_in[s].bind(storage_irq_);
    else if (engine && s == engine_irq) plic_->irq_in[s].bind(copy_engine_irq_);
    else plic_->irq_in[s].bind(no_irq_);
  }
  plic_->context_irq[0].bind(meip_);
  plic_->context_irq[1].bind(seip_);
  core_->machine_external_irq.bind(meip_);
  core_->supervisor_external_irq.bind(seip_);

  if (image) {
    load(*image, dram_base);
    image_ = *image;
  }
  dram_base_ = dram_base;
  power_cycles_left_ = config.get_uint("sim.power_cycles");
  power_cycle_fill_ = uint8_t(config.get_uint("dram.power_cycle_fill"));
  boots_.push_back(BootRecord{sc_core::SC_ZERO_TIME, sc_core::SC_ZERO_TIME, "", 0});
  SC_THREAD(power_controller);
  if (!config.get_text("sim.vcd").empty()) create_vcd(config);
  SC_METHOD(on_phase_mark);
  sensitive << trace_marker_->phase;
  dont_initialize();

  core_->register_stats(stats_);
  router_->register_stats(stats_);
  dram_->register_stats(stats_);
  clint_->register_stats(stats_);
  uart_->register_stats(stats_);
  plic_->register_stats(stats_);
  test_device_->register_stats(stats_);
  if (htif_) htif_->register_stats(stats_);
  storage_->register_stats(stats_);
  if (copy_engine_) copy_engine_->register_stats(stats_);
#ifdef TORPOR_HAVE_RTL_COPY_ENGINE
  if (copy_engine_rtl_) copy_engine_rtl_->register_stats(stats_);
#endif
}

core::CoreTimingConfig Soc::timing_config(const Config& config) {
  core::CoreTimingConfig t;
  core::PipelineConfig& p = t.pipeline;
  p.dual_issue = config.get_choice("core.dual_issue") == "on";
  p.late_alu = config.get_choice("core.late_alu") == "on";
  p.short_forward_branch = config.get_choice("core.short_forward_branch") == "on";
  p.load_latency = unsigned(config.get_uint("core.latency.load"));
  p.mul_latency = unsigned(config.get_uint("core.latency.mul"));
  p.div_latency = unsigned(config.get_uint("core.latency.div"));
  p.divw_latency = unsigned(config.get_uint("core.latency.divw"));
  p.csr_read_cycles = unsigned(config.get_uint("core.cpi.csr_read"));
  p.csr_write_cycles = unsigned(config.get_uint("core.cpi.csr_write"));
  p.fence_cycles = unsigned(config.get_uint("core.cpi.fence"));
  p.amo_cycles = unsigned(config.get_uint("core.cpi.amo"));
  p.system_cycles = unsigned(config.get_uint("core.cpi.system"));
  t.predictor.kind = config.get_choice("core.predictor.kind") == "gshare" ? core::PredictorKind::gshare
                                                                           : core::PredictorKind::bimodal;
  t.predictor.counters = unsigned(config.get_uint("core.predictor.counters"));
  t.predictor.history_bits = unsigned(config.get_uint("core.predictor.history_bits"));
  t.predictor.btb_entries = unsigned(config.get_uint("core.predictor.btb_entries"));
  t.predictor.ras_entries = unsigned(config.get_uint("core.predictor.ras_entries"));
  t.predictor.mispredict_penalty = unsigned(config.get_uint("core.predictor.mispredict_penalty"));
  t.itlb = {unsigned(config.get_uint("mmu.itlb.entries")), unsigned(config.get_uint("mmu.itlb.ways"))};
  t.dtlb = {unsigned(config.get_uint("mmu.dtlb.entries")), unsigned(config.get_uint("mmu.dtlb.ways"))};
  if (config.get_uint("mmu.l2tlb.entries"))
    t.l2_tlb = mmu::TlbConfig{unsigned(config.get_uint("mmu.l2tlb.entries")), unsigned(config.get_uint("mmu.l2tlb.ways"))};
  else
    t.l2_tlb.reset();
  t.l2_tlb_hit_cycles = unsigned(config.get_uint("mmu.l2tlb.hit_cycles"));
  auto cache_config = [&](const std::string& level, unsigned hit_cycles) {
    cache::CacheConfig c;
    c.size_bytes = config.get_uint("cache." + level + ".size_kib") * 1024;
    c.ways = unsigned(config.get_uint("cache." + level + ".ways"));
    c.line_bytes = unsigned(config.get_uint("cache." + level + ".line_bytes"));
    c.hit_cycles = hit_cycles;
    c.replacement = config.get_choice("cache." + level + ".replacement") == "plru" ? cache::Replacement::plru
                                                                                  : cache::Replacement::lru;
    return c;
  };
  t.l1i = cache_config("l1i", 1);
  t.l1d = cache_config("l1d", 1);
  t.l2 = cache_config("l2", unsigned(config.get_uint("cache.l2.hit_cycles")));
  t.l1d_prefetch_degree = unsigned(config.get_uint("cache.l1d.prefetch_degree"));
  t.l2_prefetch_degree = unsigned(config.get_uint("cache.l2.prefetch_degree"));
  return t;
}

void Soc::load(const ElfImage& image, uint64_t dram_base) {
  for (const ElfSegment& seg : image.segments) {
    const uint64_t end = seg.paddr + seg.memory_size;
    if (seg.paddr < dram_base || end < seg.paddr || end - dram_base > dram_->size())
      throw LoadError(fmt::format("{}: segment [0x{:x}, 0x{:x}) is outside DRAM [0x{:x}, 0x{:x})", image.path,
                                  seg.paddr, end, dram_base, dram_base + dram_->size()));
    uint8_t* at = dram_->data() + (seg.paddr - dram_base);
    if (!seg.bytes.empty()) std::memcpy(at, seg.bytes.data(), seg.bytes.size());  // a .bss-only segment has none
    std::memset(at + seg.bytes.size(), 0, seg.memory_size - seg.bytes.size());
  }
}

void Soc::create_vcd(const Config& config) {
  std::vector<VcdProbe> probes;
  probes.push_back({"platform", "phase", 16, &phase_event_, [this] { return current_phase_; }});
  probes.push_back({"core", "privilege", 2, &core_->privilege_event(), [this] { return uint64_t(core_->hart().priv); }});
  auto line = [&](const char* name, const sc_core::sc_signal<bool>& s) {
    probes.push_back({"interrupts", name, 1, &s.value_changed_event(), [&s] { return uint64_t(s.read()); }});
  };
  line("mtip", mtip_);
  line("msip", msip_);
  line("meip", meip_);
  line("seip", seip_);
  line("uart", uart_irq_);
  line("storage", storage_irq_);
  const char* initiators[] = {"core", "storage_dma"};
  for (int i = 0; i < 2; ++i) {
    const bus::Router::Activity& a = router_->activity(i);
    const std::string who = initiators[i];
    probes.push_back({"bus", who + "_address", 64, &a.event, [&a] { return a.address; }});
    probes.push_back({"bus", who + "_bytes", 16, &a.event, [&a] { return uint64_t(a.bytes); }});
    probes.push_back({"bus", who + "_write", 1, &a.event, [&a] { return uint64_t(a.write); }});
  }
  probes.push_back({"storage", "in_flight", 8, &storage_->in_flight_event(), [this] { return uint64_t(storage_->in_flight()); }});
  probes.push_back({"dram", "open_banks", 8, &dram_->activity_event(), [this] { return uint64_t(dram_->controller().open_banks()); }});
  probes.push_back({"dram", "bytes", 64, &dram_->activity_event(), [this] { return dram_->controller().bytes(); }});
  vcd_ = std::make_unique<VcdWriter>("vcd", config.get_text("sim.vcd"), std::move(probes),
                                     config.get_uint("sim.vcd_from_phase"), config.get_uint("sim.vcd_to_phase"),
                                     config.get_uint("sim.vcd_boot"), [this] { return uint64_t(boots_.size() - 1); });
}

void Soc::on_phase_mark() {
  const uint64_t id = trace_marker_->phase.read();
  if (id == 0) return;  // the reset value after a power cycle
  const sc_core::sc_time at = trace_marker_->marks().empty() ? sc_core::sc_time_stamp() : trace_marker_->marks().back().time;
  phases_.push_back(PhaseRecord{unsigned(boots_.size() - 1), id, at, core_->hart().instret,
                                storage_->media().bytes_read(), storage_->media().bytes_written(),
                                core_->hart().cpi_stack});
  set_current_phase(id);
  if (timed_from_phase_ && id == timed_from_phase_) core_->set_timed(true);
}

void Soc::mark_phase(uint64_t id, bool first_per_boot) {
  const unsigned boot = unsigned(boots_.size() - 1);
  if (first_per_boot)
    for (auto it = phases_.rbegin(); it != phases_.rend() && it->boot == boot; ++it)
      if (it->id == id) return;
  phases_.push_back(PhaseRecord{boot, id, core_->local_time(), core_->hart().instret, storage_->media().bytes_read(),
                                storage_->media().bytes_written(), core_->hart().cpi_stack});
  set_current_phase(id);
}

void Soc::set_current_phase(uint64_t id) {
  current_phase_ = id;
  phase_event_.notify(sc_core::SC_ZERO_TIME);
}

bool Soc::has_copy_engine() const {
#ifdef TORPOR_HAVE_RTL_COPY_ENGINE
  if (copy_engine_rtl_) return true;
#endif
  return copy_engine_ != nullptr;
}

void Soc::close_boot(const std::string& ended_by) {
  BootRecord& boot = boots_.back();
  boot.end = core_->local_time();
  boot.ended_by = ended_by;
  boot.instructions = core_->hart().instret - boot_start_instructions_;
  boot.host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - boot.host_start).count();
}

void Soc::finish() {
  if (boots_.back().ended_by.empty()) close_boot(stop_ ? to_string(stop_->reason) : "end of run");
}

void Soc::power_controller() {
  for (;;) {
    wait(power_cycle_event_);
    core_->request_power_cycle();
    wait(core_->halted_event());
    if (power_off_hook_) {
      try {
        power_off_hook_();
      } catch (const std::exception& e) {
        // An exception must not unwind through the SystemC kernel (a fatal
        // report): the run stops here with the hook's reason.
        power_cycle_in_progress_ = false;
        request_stop(StopReason::simulator_error, 0, fmt::format("while the platform was off: {}", e.what()));
        return;
      }
    }
    clint_->reset();
    uart_->reset();
    plic_->reset();
    storage_->reset();
    if (copy_engine_) copy_engine_->reset();
#ifdef TORPOR_HAVE_RTL_COPY_ENGINE
    if (copy_engine_rtl_) copy_engine_rtl_->reset();
#endif
    trace_marker_->reset();
    set_current_phase(0);
    std::memset(dram_->data(), power_cycle_fill_, dram_->size());
    if (!image_.segments.empty()) load(image_, dram_base_);
    boot_start_instructions_ = core_->hart().instret;
    boots_.push_back(BootRecord{sc_core::sc_time_stamp(), sc_core::SC_ZERO_TIME, "", 0, boot_start_instructions_,
                                storage_->media().bytes_read(), core_->hart().cpi_stack});
    power_cycle_in_progress_ = false;
    if (timed_from_boot_ && boots_.size() - 1 == timed_from_boot_) core_->set_timed(true);
    core_->release();
  }
}

void Soc::request_stop(StopReason reason, int exit_code, const std::string& message) {
  if (stop_ || power_cycle_in_progress_) return;
  const bool power_off = reason == StopReason::guest_poweroff || reason == StopReason::guest_reset ||
                         reason == StopReason::power_loss;
  if (power_off && power_cycles_left_ > 0) {
    --power_cycles_left_;
    power_cycle_in_progress_ = true;
    close_boot(to_string(reason));
    power_cycle_event_.notify(sc_core::SC_ZERO_TIME);
    return;
  }
  stop_ = StopRecord{reason, exit_code, message};
  sc_core::sc_stop();
}

}  // namespace torpor
