#include "platform/vcd_writer.h"

#include <stdexcept>

#include <fmt/format.h>

namespace torpor {

namespace {
// VCD identifiers: printable characters from '!' on, base 94.
std::string identifier(size_t index) {
  std::string id;
  do {
    id += char('!' + index % 94);
    index /= 94;
  } while (index);
  return id;
}
}  // namespace

VcdWriter::VcdWriter(sc_core::sc_module_name name, const std::string& path, std::vector<VcdProbe> probes,
                     uint64_t from_phase, uint64_t to_phase, uint64_t boot, std::function<uint64_t()> boot_index)
    : sc_module(name),
      out_(path),
      probes_(std::move(probes)),
      from_phase_(from_phase),
      to_phase_(to_phase),
      boot_(boot),
      boot_index_(std::move(boot_index)) {
  if (!out_) throw std::invalid_argument(fmt::format("{}: cannot write the VCD file", path));
  last_.assign(probes_.size(), 0);
  written_.assign(probes_.size(), false);
  write_header();
  SC_METHOD(sample);
  for (const VcdProbe& p : probes_) sensitive << *p.changed;
}

VcdWriter::~VcdWriter() {
  if (open_ && !closed_) out_ << "#" << sc_core::sc_time_stamp().value() << "\n";
}

void VcdWriter::write_header() {
  out_ << "$date torpor $end\n$version torpor VCD writer $end\n$timescale 1ps $end\n";
  std::string scope;
  for (size_t i = 0; i < probes_.size(); ++i) {
    if (probes_[i].scope != scope) {
      if (!scope.empty()) out_ << "$upscope $end\n";
      scope = probes_[i].scope;
      out_ << "$scope module " << scope << " $end\n";
    }
    out_ << fmt::format("$var wire {} {} {} $end\n", probes_[i].width, identifier(i), probes_[i].name);
  }
  if (!scope.empty()) out_ << "$upscope $end\n";
  out_ << "$enddefinitions $end\n";
}

void VcdWriter::write_value(size_t i, uint64_t value) {
  if (probes_[i].width == 1) {
    out_ << (value ? '1' : '0') << identifier(i) << "\n";
    return;
  }
  std::string bits;
  for (int b = int(probes_[i].width) - 1; b >= 0; --b) bits += ((value >> b) & 1) ? '1' : '0';
  const size_t first = bits.find('1');
  out_ << "b" << (first == std::string::npos ? "0" : bits.substr(first)) << " " << identifier(i) << "\n";
}

void VcdWriter::sample() {
  if (closed_) return;
  const uint64_t phase = probes_[0].read();
  if (!open_) {
    if (boot_ != ~0ull && boot_index_ && boot_index_() != boot_) return;
    if (from_phase_ && phase != from_phase_) return;
    open_ = true;
  }
  const uint64_t now = sc_core::sc_time_stamp().value();
  bool stamped = false;
  for (size_t i = 0; i < probes_.size(); ++i) {
    const uint64_t value = probes_[i].read();
    if (written_[i] && value == last_[i]) continue;
    if (!stamped && now != last_time_ps_) {
      out_ << "#" << now << "\n";
      last_time_ps_ = now;
    }
    stamped = true;
    write_value(i, value);
    last_[i] = value;
    written_[i] = true;
  }
  if (to_phase_ && phase == to_phase_) {
    closed_ = true;
    out_.flush();
  }
}

}  // namespace torpor
