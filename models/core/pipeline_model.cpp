#include "models/core/pipeline_model.h"

#include <algorithm>
#include <iterator>

namespace torpor::core {

namespace {

// What the scheduler needs to know of one instruction.
struct IssueInfo {
  InsnClass cls;
  uint8_t rd, rs1, rs2;   // 0: none
  bool rs1_late, rs2_late;  // the operand may arrive as late as M2
  bool alu_like;          // may execute in AG or, with late operands, in M2
  bool memory;            // pipe A only (one data access a cycle)
  bool pipe_b;            // pipe B only (branches, jumps, mul/div)
  bool alone;             // issues alone (CSR, fence, AMO, system)
  unsigned occupancy;     // cycles it holds the issue stage (alone ones)
  unsigned latency;       // issue to result usable in AG (early ALU: 1)
  bool divide;
};

bool csr_writes(uint32_t insn) {
  const uint32_t funct3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 0x1F;
  // csrrw/csrrwi always write; csrrs/csrrc(i) only with a non-zero rs1/uimm.
  return (funct3 & 3) == 1 || rs1 != 0;
}

IssueInfo issue_info(uint32_t insn, const PipelineConfig& config) {
  IssueInfo info{};
  info.cls = insn ? classify(insn) : InsnClass::system;
  const RegisterUse use = register_use(insn);
  info.rd = use.rd;
  info.rs1 = use.rs1;
  info.rs2 = use.rs2;
  info.latency = 1;
  info.occupancy = 1;
  switch (info.cls) {
    case InsnClass::alu:
    case InsnClass::branch:
      info.alu_like = true;
      info.rs1_late = info.rs2_late = config.late_alu;
      info.pipe_b = info.cls == InsnClass::branch;
      break;
    case InsnClass::jump:
      info.pipe_b = true;  // jalr's address is computed in AG
      break;
    case InsnClass::load:
      info.memory = true;
      info.latency = config.load_latency;
      break;
    case InsnClass::store:
      info.memory = true;
      info.rs2_late = true;  // store data is read late
      break;
    case InsnClass::mul:
      info.pipe_b = true;
      info.latency = config.mul_latency;
      break;
    case InsnClass::div: {
      info.pipe_b = true;
      info.divide = true;
      const bool word = (insn & 0x7F) == 0x3B;
      info.latency = word ? config.divw_latency : config.div_latency;
      break;
    }
    case InsnClass::csr:
      info.alone = true;
      info.rs1_late = true;  // CSRs are accessed in M2
      info.latency = 3;
      info.occupancy = csr_writes(insn) ? config.csr_write_cycles : config.csr_read_cycles;
      break;
    case InsnClass::amo:
      info.alone = true;
      info.memory = true;
      info.latency = config.load_latency;
      info.occupancy = config.amo_cycles;
      break;
    case InsnClass::fence:
      info.alone = true;
      info.occupancy = config.fence_cycles;
      break;
    default:
      info.alone = true;
      info.occupancy = config.system_cycles;
      break;
  }
  info.occupancy = std::max(1u, info.occupancy);
  info.latency = std::max(1u, info.latency);
  return info;
}

// When each register's value can be used, and what produced it.
struct RegisterReady {
  int32_t at_ag = 0;  // first cycle an instruction can use it in AG (M2 users: two cycles earlier)
  Wait producer = Wait::none;
};

}  // namespace

namespace {

BlockCycles schedule(const IssueInfo* infos, unsigned count, const PipelineConfig& config, uint16_t* issue_cycle,
                     bool after_lone_branch) {
  BlockCycles out;
  RegisterReady ready[32] = {};
  // Cycle 0 of the schedule is the block's first cycle, or with
  // after_lone_branch the last cycle of the previous block, which issued
  // only its branch (pipe B, no result): the first instruction may pair.
  const int64_t origin = after_lone_branch ? 1 : 0;
  int64_t last = after_lone_branch ? 0 : -1;  // the cycle of the last issue
  unsigned in_last = after_lone_branch ? 1 : 2;  // instructions issued in it (2: full, or closed by an alone one)
  IssueInfo partner{};          // the instruction already issued in `last` when in_last == 1
  partner.pipe_b = true;
  int64_t divider_free = 0;
  bool written[32] = {};
  std::fill(std::begin(out.needed_at), std::end(out.needed_at), BlockCycles::never);
  auto first_need = [&](unsigned reg, int64_t at) {
    if (!written[reg] && out.needed_at[reg] == BlockCycles::never)
      out.needed_at[reg] = uint8_t(std::clamp<int64_t>(at - origin, 0, 254));
  };

  for (unsigned i = 0; i < count; ++i) {
    const IssueInfo& in = infos[i];

    // The earliest cycle each operand allows, and what it waits for.
    int64_t need = 0;
    Wait cause = Wait::none;
    auto require = [&](int64_t at, Wait why) {
      if (at > need) {
        need = at;
        cause = why;
      }
    };
    const uint8_t sources[2] = {in.rs1, in.rs2};
    const bool late_ok[2] = {in.rs1_late, in.rs2_late};
    for (unsigned s = 0; s < 2; ++s) {
      if (!sources[s]) continue;
      const RegisterReady& r = ready[sources[s]];
      require(late_ok[s] ? r.at_ag - 2 : r.at_ag, r.producer);
    }
    if (in.divide) require(divider_free, Wait::mul_div);

    // Pairing with the instruction issued in `last`.
    bool pairs = false;
    if (config.dual_issue && in_last == 1 && !in.alone && need <= last) {
      const bool hazard = (partner.rd && (in.rs1 == partner.rd || in.rs2 == partner.rd || in.rd == partner.rd));
      const bool conflict = (in.memory && partner.memory) || (in.pipe_b && partner.pipe_b);
      pairs = !hazard && !conflict;
    }
    int64_t at;
    if (pairs) {
      at = last;
      ++out.dual;
      in_last = 2;
    } else {
      at = std::max<int64_t>(last + 1, need);
      const uint32_t waited = uint32_t(at - last - 1);
      if (cause == Wait::mul_div) out.mul_div = uint16_t(out.mul_div + waited);
      else out.load_use = uint16_t(out.load_use + waited);
      ++out.issue;
      in_last = 1;
      partner = in;
    }
    issue_cycle[i] = uint16_t(std::clamp<int64_t>(at - origin, 0, 0xFFFF));
    for (unsigned s = 0; s < 2; ++s)
      if (sources[s]) first_need(sources[s], late_ok[s] ? at + 2 : at);
    if (in.divide && out.needed_at[0] == BlockCycles::never)
      out.needed_at[0] = uint8_t(std::clamp<int64_t>(at - origin, 0, 254));

    // An ALU op or branch whose operands are all ready in AG executes there.
    if (in.rd) {
      RegisterReady& r = ready[in.rd];
      bool early = in.alu_like;
      if (early)
        for (unsigned s = 0; s < 2; ++s)
          if (sources[s] && ready[sources[s]].at_ag > at) early = false;
      if (in.alu_like) {
        r.at_ag = int32_t(early ? at + 1 : at + 3);
        r.producer = early ? Wait::none : Wait::load_use;
      } else {
        r.at_ag = int32_t(at + in.latency);
        r.producer = (in.cls == InsnClass::mul || in.divide) ? Wait::mul_div
                     : in.latency > 1                       ? Wait::load_use
                                                            : Wait::none;
      }
    }
    if (in.rd) written[in.rd] = true;
    if (in.divide) divider_free = at + in.latency;
    if (in.alone) {
      out.serialise = uint16_t(out.serialise + in.occupancy - 1);
      last = at + in.occupancy - 1;
      in_last = 2;
    } else {
      last = at;
    }
  }
  out.cycles = uint16_t(last + 1 - origin);
  out.ends_with_lone_issue = in_last == 1;
  // What is still in flight at the end, latest first.
  auto keep = [&](uint8_t reg, int64_t at_ag, Wait cause) {
    if (at_ag <= last + 1) return;
    InFlight f{reg, uint8_t(std::min<int64_t>(at_ag - (last + 1), 255)), cause};
    unsigned n = out.in_flight_count;
    if (n == BlockCycles::max_in_flight) {
      if (out.in_flight[n - 1].left >= f.left) return;
      --n;
    }
    while (n > 0 && out.in_flight[n - 1].left < f.left) {
      out.in_flight[n] = out.in_flight[n - 1];
      --n;
    }
    out.in_flight[n] = f;
    out.in_flight_count = uint8_t(std::min<unsigned>(out.in_flight_count + 1, BlockCycles::max_in_flight));
  };
  for (unsigned r = 1; r < 32; ++r)
    if (written[r]) keep(uint8_t(r), ready[r].at_ag, ready[r].producer);
  keep(0, divider_free, Wait::mul_div);
  return out;
}

}  // namespace

BlockCycles schedule_block(const uint32_t* insns, unsigned count, const PipelineConfig& config,
                           uint16_t* issue_cycle, bool after_lone_branch) {
  IssueInfo infos[max_scheduled_insns];
  count = std::min(count, max_scheduled_insns);
  for (unsigned i = 0; i < count; ++i) infos[i] = issue_info(insns[i], config);
  BlockCycles out = schedule(infos, count, config, issue_cycle, after_lone_branch);
  // The same block after a lone branch; only a first instruction that can
  // share a cycle with a branch can save anything.
  if (!after_lone_branch && count && config.dual_issue && !infos[0].pipe_b && !infos[0].alone) {
    uint16_t scratch[max_scheduled_insns];
    const BlockCycles paired = schedule(infos, count, config, scratch, true);
    out.pair_saving = uint8_t(out.cycles > paired.cycles ? out.cycles - paired.cycles : 0);
    out.paired_ends_with_lone_issue = paired.ends_with_lone_issue;
  }
  return out;
}

}  // namespace torpor::core
