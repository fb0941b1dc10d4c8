// Watched instructions (Hart::watch_pcs): the hook sees each execution of a
// watched address, in order, and the instruction itself still executes
// exactly as without the watch (32-bit and compressed, mid-block and at a
// block start); unwatched code never calls the hook.
#include <vector>

#include "tests/unit/hart_fixture.h"

namespace torpor::test {
namespace {

using namespace enc;

class HartWatch : public HartTest {};

TEST_F(HartWatch, HookSeesWatchedInstructionsAndTheyStillExecute) {
  Asm a = at(kCode);
  a(addi(a0, zero, 5));
  const uint64_t second = a.here();
  a(addi(a0, a0, 7));  // watched, mid-block
  const uint64_t third = a.here();
  a(slli(a0, a0, 1));  // watched
  const uint64_t halt = a.halt();
  std::vector<uint64_t> seen;
  hart->watch_pcs({second, third}, [&](uint64_t pc) { seen.push_back(pc); });
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt, 100));
  EXPECT_EQ(hart->x[a0], 24u);
  EXPECT_EQ(seen, (std::vector<uint64_t>{second, third}));
}

TEST_F(HartWatch, EveryExecutionOfALoopIsSeen) {
  Asm a = at(kCode);
  a(addi(a1, zero, 3));
  const uint64_t loop = a.here();
  a(addi(a0, a0, 1));
  a(addi(a1, a1, -1));
  a(bne(a1, zero, -8));
  const uint64_t halt = a.halt();
  unsigned hits = 0;
  hart->watch_pcs({loop}, [&](uint64_t pc) { hits += pc == loop; });
  hart->x[a0] = 0;
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt, 100));
  EXPECT_EQ(hart->x[a0], 3u);
  EXPECT_EQ(hits, 3u);
}

TEST_F(HartWatch, CompressedInstructionExecutesUnderAWatch) {
  Asm a = at(kCode);
  const uint64_t compressed = a.here();
  a.c(cenc::c_addi(a0, 3));
  const uint64_t halt = a.halt();
  unsigned hits = 0;
  hart->watch_pcs({compressed}, [&](uint64_t) { ++hits; });
  hart->x[a0] = 10;
  start(kCode);
  ASSERT_TRUE(run_until_pc(halt, 100));
  EXPECT_EQ(hart->x[a0], 13u);
  EXPECT_EQ(hits, 1u);
}

TEST_F(HartWatch, NoWatchNoHook) {
  unsigned hits = 0;
  hart->watch_pcs({kCode2}, [&](uint64_t) { ++hits; });
  EXPECT_TRUE(exec({addi(a0, zero, 1), addi(a0, a0, 1)}));
  EXPECT_EQ(hart->x[a0], 2u);
  EXPECT_EQ(hits, 0u);
}

}  // namespace
}  // namespace torpor::test
