#include "models/copy_engine/copy_engine_rtl.h"
#include "models/copy_engine/copy_engine_twin.h"

#include <cstring>

// verilated.h sees SystemC and calls an unqualified sc_time_stamp().
using sc_core::sc_time_stamp;
#include "Vcopy_engine.h"
#include "verilated.h"
#include "verilated_vcd_c.h"

namespace torpor {

namespace {
constexpr uint8_t reg_control = 0x08, reg_status = 0x0C;
constexpr uint64_t region_size = CopyEngineTwin::region_size;
constexpr uint32_t control_start = 1, status_busy = 1;
}  // namespace

CopyEngineRtl::CopyEngineRtl(sc_core::sc_module_name name, sc_core::sc_time clock, uint32_t burst_beats,
                             uint32_t max_outstanding)
    : sc_module(name),
      socket("socket"),
      dma("dma"),
      irq("irq"),
      context_(std::make_unique<VerilatedContext>()),
      rtl_(std::make_unique<Vcopy_engine>(context_.get(), "copy_engine")),
      clock_(clock),
      burst_beats_(burst_beats),
      max_outstanding_(max_outstanding) {
  socket.register_b_transport(this, &CopyEngineRtl::b_transport);
  socket.register_transport_dbg(this, &CopyEngineRtl::transport_dbg);
  SC_THREAD(engine_thread);
  SC_METHOD(drive_irq);
  sensitive << irq_event_;
  reset();
}

CopyEngineRtl::~CopyEngineRtl() {
  if (vcd_) vcd_->close();
  rtl_->final();
}

void CopyEngineRtl::trace_to(const std::string& vcd_path) {
  context_->traceEverOn(true);
  vcd_ = std::make_unique<VerilatedVcdC>();
  vcd_->set_time_unit("1ps");
  vcd_->set_time_resolution("1ps");
  rtl_->trace(vcd_.get(), 99);
  vcd_->open(vcd_path.c_str());
}

void CopyEngineRtl::clock_edge() {
  // Waveform time: where this cycle falls in simulated time.
  const uint64_t t = std::max<uint64_t>(sc_core::sc_time_stamp().value(), time_base_ps_) +
                     uint64_t(batch_cycle_) * clock_.value();
  rtl_->clk = 0;
  rtl_->eval();
  if (vcd_) vcd_->dump(t);
  rtl_->clk = 1;
  rtl_->eval();
  if (vcd_) vcd_->dump(uint64_t(t + clock_.value() / 2));
  ++cycle_;
}

void CopyEngineRtl::reset() {
  rtl_->rst = 1;
  rtl_->reg_valid = 0;
  rtl_->mem_req_ready = 0;
  rtl_->mem_wdata_ready = 0;
  rtl_->mem_rdata_valid = 0;
  rtl_->mem_bresp_valid = 0;
  clock_edge();
  clock_edge();
  rtl_->rst = 0;
  rtl_->eval();
  irq_level_ = false;
  irq_event_.notify(sc_core::SC_ZERO_TIME);
  write_register(0x24, burst_beats_);      // BURST_BEATS
  write_register(0x28, max_outstanding_);  // MAX_OUTSTANDING
  read_beats_.clear();
  writes_.clear();
  responses_.clear();
}

uint32_t CopyEngineRtl::read_register(uint8_t offset) {
  rtl_->reg_addr = offset;  // reg_rdata follows reg_addr combinationally
  rtl_->eval();
  return rtl_->reg_rdata;
}

void CopyEngineRtl::update_irq() {
  irq_level_ = rtl_->irq;
  irq_event_.notify(sc_core::SC_ZERO_TIME);
}

void CopyEngineRtl::drive_irq() { irq.write(irq_level_); }

void CopyEngineRtl::write_register(uint8_t offset, uint32_t value) {
  rtl_->reg_valid = 1;
  rtl_->reg_write = 1;
  rtl_->reg_addr = offset;
  rtl_->reg_wdata = value;
  clock_edge();
  rtl_->reg_valid = 0;
  rtl_->reg_write = 0;
  rtl_->eval();
}

bool CopyEngineRtl::busy() { return read_register(reg_status) & status_busy; }

void CopyEngineRtl::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  const uint64_t offset = trans.get_address();
  if (!CopyEngineTwin::is_register_access(trans)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  uint32_t value = 0;
  if (trans.is_read()) {
    value = read_register(uint8_t(offset));
    std::memcpy(trans.get_data_ptr(), &value, 4);
  } else if (trans.is_write()) {
    std::memcpy(&value, trans.get_data_ptr(), 4);
    write_register(uint8_t(offset), value);
    if (offset == reg_control && (value & control_start)) start_event_.notify(sc_core::SC_ZERO_TIME);
    update_irq();
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned CopyEngineRtl::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!trans.is_read() || trans.get_data_length() != 4 || trans.get_address() >= region_size) return 0;
  const uint32_t value = read_register(uint8_t(trans.get_address()));
  std::memcpy(trans.get_data_ptr(), &value, 4);
  return 4;
}

// One cycle of the bridge: offer the next ready read beat and write
// response, accept requests and write data, then clock the RTL; what it
// issued this cycle becomes TLM transactions whose delays (in clock
// cycles) decide when the data or response comes back.
void CopyEngineRtl::step_memory() {
  const bool offer_beat = !read_beats_.empty() && read_beats_.front().ready_cycle <= cycle_;
  rtl_->mem_rdata_valid = offer_beat;
  if (offer_beat) {
    rtl_->mem_rdata = read_beats_.front().data;
    rtl_->mem_rdata_last = read_beats_.front().last;
    rtl_->mem_rdata_error = read_beats_.front().error;
  }
  const bool offer_response = !responses_.empty() && responses_.front().ready_cycle <= cycle_;
  rtl_->mem_bresp_valid = offer_response;
  if (offer_response) rtl_->mem_bresp_error = responses_.front().error;
  rtl_->mem_req_ready = 1;
  rtl_->mem_wdata_ready = !writes_.empty();
  rtl_->clk = 0;
  rtl_->eval();  // the engine's outputs for this cycle, seen before the edge
  const bool request = rtl_->mem_req_valid;
  const bool req_write = rtl_->mem_req_write;
  const uint64_t req_addr = rtl_->mem_req_addr;
  const unsigned req_beats = rtl_->mem_req_beats;
  const bool wbeat = rtl_->mem_wdata_valid && rtl_->mem_wdata_ready;
  const uint64_t wdata = rtl_->mem_wdata;
  const bool beat_taken = offer_beat && rtl_->mem_rdata_ready;
  const bool response_taken = offer_response && rtl_->mem_bresp_ready;
  clock_edge();
  if (beat_taken) read_beats_.pop_front();
  if (response_taken) responses_.pop_front();
  if (wbeat && !writes_.empty()) {
    PendingWrite& w = writes_.front();
    w.data.push_back(wdata);
    if (w.data.size() == w.beats) {
      tlm::tlm_generic_payload trans;
      trans.set_command(tlm::TLM_WRITE_COMMAND);
      trans.set_address(w.address);
      trans.set_data_ptr(reinterpret_cast<unsigned char*>(w.data.data()));
      trans.set_data_length(w.beats * 8);
      trans.set_streaming_width(w.beats * 8);
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      dma->b_transport(trans, delay);
      responses_.push_back({!trans.is_response_ok(), cycle_ + uint64_t(delay / clock_)});
      writes_.pop_front();
      ++bursts_;
    }
  }
  if (request) {
    const unsigned beats = req_beats ? req_beats : 1;
    if (req_write) {
      writes_.push_back({req_addr, beats, {}});
    } else {
      std::vector<uint64_t> data(beats);
      tlm::tlm_generic_payload trans;
      trans.set_command(tlm::TLM_READ_COMMAND);
      trans.set_address(req_addr);
      trans.set_data_ptr(reinterpret_cast<unsigned char*>(data.data()));
      trans.set_data_length(beats * 8);
      trans.set_streaming_width(beats * 8);
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      dma->b_transport(trans, delay);
      const bool error = !trans.is_response_ok();
      // Beats follow the previous burst's and the latency of this one.
      uint64_t at = std::max(cycle_ + uint64_t(delay / clock_), read_beats_.empty() ? 0 : read_beats_.back().ready_cycle + 1);
      for (unsigned i = 0; i < beats; ++i) read_beats_.push_back({data[i], i + 1 == beats, error, at + i});
      ++bursts_;
    }
  }
}

void CopyEngineRtl::engine_thread() {
  for (;;) {
    wait(start_event_);
    // Step the clock while the engine works, in batches of cycles so that
    // SystemC time follows without a context switch per cycle.
    unsigned batch = 0;
    time_base_ps_ = sc_core::sc_time_stamp().value();
    while (busy() || !read_beats_.empty() || !responses_.empty()) {
      batch_cycle_ = batch;
      step_memory();
      ++cycles_;
      if (++batch == 64) {
        wait(clock_ * double(batch));
        batch = 0;
        time_base_ps_ = sc_core::sc_time_stamp().value();
      }
    }
    batch_cycle_ = 0;
    if (batch) wait(clock_ * double(batch));
    if (vcd_) vcd_->flush();
    update_irq();
  }
}

void CopyEngineRtl::register_stats(StatsRegistry& stats) const {
  const std::string n = name();
  stats.add_counter(n + ".cycles", &cycles_, "cycles", "clock cycles the RTL engine ran");
  stats.add_counter(n + ".bursts", &bursts_, "bursts", "memory bursts bridged to TLM");
}

}  // namespace torpor
