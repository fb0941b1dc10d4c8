// The configuration: defaults, YAML files, --set overrides and their errors;
// ranges, derived checks, booleans, odd YAML and the printed YAML.
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "platform/config.h"

namespace torpor {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(Config, DefaultsMatchTheSchema) {
  Config config;
  EXPECT_EQ(config.get_uint("dram.base"), 0x80000000u);
  EXPECT_EQ(config.get_uint("dram.size_mib"), 256u);
  EXPECT_EQ(config.get_choice("core.misaligned"), "trap");
  EXPECT_EQ(config.get_list("core.satp_modes"), (std::vector<std::string>{"sv39", "sv48", "sv57"}));
}

TEST(Config, SetOverridesWithHexAndUnderscores) {
  Config config;
  config.set("dram.base=0x9000_0000");
  config.set("core.frequency_hz=1_000_000_000");
  EXPECT_EQ(config.get_uint("dram.base"), 0x90000000u);
  EXPECT_EQ(config.get_uint("core.frequency_hz"), 1000000000u);
}

TEST(Config, LeadingZeroIsDecimalNotOctal) {
  Config config;
  config.set("dram.size_mib=010");
  EXPECT_EQ(config.get_uint("dram.size_mib"), 10u);
}

TEST(Config, SetRejectsUnknownKeyNamingIt) {
  Config config;
  try {
    config.set("dram.sizemib=4");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'dram.sizemib'"), std::string::npos) << e.what();
  }
}

TEST(Config, SetRejectsBadValuesAndKeepsTheOldOne) {
  Config config;
  EXPECT_THROW(config.set("dram.size_mib=-1"), ConfigError);
  EXPECT_THROW(config.set("dram.size_mib=99999999999999999999999"), ConfigError);
  EXPECT_THROW(config.set("core.misaligned=maybe"), ConfigError);
  EXPECT_THROW(config.set("core.satp_modes=[sv32]"), ConfigError);
  EXPECT_THROW(config.set("core.satp_modes=sv39"), ConfigError);
  EXPECT_EQ(config.get_uint("dram.size_mib"), 256u);
}

TEST(Config, FileOverridesNestedKeysAndLists) {
  Config config;
  config.load_file(write_temp("ok.yaml", "core:\n  satp_modes: [sv39]\n  misaligned: emulate\ndram:\n  size_mib: 64\n"));
  EXPECT_EQ(config.get_list("core.satp_modes"), (std::vector<std::string>{"sv39"}));
  EXPECT_EQ(config.get_choice("core.misaligned"), "emulate");
  EXPECT_EQ(config.get_uint("dram.size_mib"), 64u);
}

TEST(Config, FileErrorsNameTheFileAndKey) {
  Config config;
  const std::string path = write_temp("bad.yaml", "dram:\n  size: 64\n");
  try {
    config.load_file(path);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path), std::string::npos) << what;
    EXPECT_NE(what.find("'dram.size'"), std::string::npos) << what;
  }
}

TEST(Config, MalformedYamlReportsALine) {
  Config config;
  const std::string path = write_temp("malformed.yaml", "core:\n  frequency_hz: [1, 2\n");
  try {
    config.load_file(path);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("line"), std::string::npos) << e.what();
  }
}

TEST(Config, TopLevelMustBeAMapping) {
  Config config;
  EXPECT_THROW(config.load_file(write_temp("list.yaml", "- 1\n- 2\n")), ConfigError);
}

TEST(Config, PrintedYamlLoadsBackToTheSameValues) {
  Config config;
  config.set("dram.size_mib=1024");
  config.set("core.satp_modes=[sv39, sv48]");
  Config reloaded;
  reloaded.load_file(write_temp("roundtrip.yaml", config.to_yaml()));
  EXPECT_EQ(reloaded.to_yaml(), config.to_yaml());
}

// The message of the ConfigError `action` throws ("" if none).
template <typename Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

bool mentions(const std::string& message, const std::string& part) { return message.find(part) != std::string::npos; }

// --- ranges -------------------------------------------------------------

TEST(Config, OutOfRangeNamesOriginKeyValueAndRange) {
  Config config;
  EXPECT_EQ(error_of([&] { config.set("dram.size_mib=2147483648"); }),
            "--set: key 'dram.size_mib': 2147483648 is out of range [1, 16384]");
  const std::string path = write_temp("range.yaml", "dram:\n  size_mib: 2147483648\n");
  const std::string file_error = error_of([&] { config.load_file(path); });
  EXPECT_TRUE(mentions(file_error, path + ": key 'dram.size_mib': 2147483648 is out of range [1, 16384]")) << file_error;
  EXPECT_EQ(config.get_uint("dram.size_mib"), 256u);
}

TEST(Config, EveryUintKeyAcceptsItsBoundsAndRejectsJustOutside) {
  for (const ConfigKey& key : config_schema()) {
    if (key.type != ConfigType::uint) continue;
    SCOPED_TRACE(key.key);
    ASSERT_LE(key.min, key.max);
    Config config;
    const uint64_t def = config.get_uint(key.key);
    EXPECT_GE(def, key.min);
    EXPECT_LE(def, key.max);
    const std::string name = key.key;
    EXPECT_NO_THROW(config.set(name + "=" + std::to_string(key.min)));
    EXPECT_NO_THROW(config.set(name + "=" + std::to_string(key.max)));
    if (key.min > 0)
      EXPECT_TRUE(mentions(error_of([&] { config.set(name + "=" + std::to_string(key.min - 1)); }), "out of range"));
    if (key.max < UINT64_MAX)
      EXPECT_TRUE(mentions(error_of([&] { config.set(name + "=" + std::to_string(key.max + 1)); }), "out of range"));
    EXPECT_EQ(config.get_uint(key.key), key.max);  // a rejected value leaves the last good one
  }
}

TEST(Config, TheKnownCrashersAreRejectedAtAssignment) {
  // Each crashed or hung the simulator before the ranges (issue 13).
  const char* crashers[] = {
      "dram.size_mib=2147483648",       "boot_rom.size=0x100000000000",      "mmu.l2tlb.entries=4294967296",
      "core.predictor.btb_entries=1073741824", "cache.l2.size_kib=17179869184", "cache.l2.prefetch_degree=4294967295",
      "cache.l1d.prefetch_degree=1000000",     "copy_engine.frequency_hz=1",    "bus.latency_cycles=1000000000",
      "core.frequency_hz=0",             "bus.frequency_hz=0",               "clint.timebase_hz=0",
      "core.quantum_ns=0",               "uart.reg_shift=4294967296",        "plic.sources=4294967298",
      "core.predictor.history_bits=64",  "dram.fill=256",                    "storage.size_mib=17592186044416",
  };
  for (const char* assignment : crashers) {
    Config config;
    const std::string key = std::string(assignment).substr(0, std::string(assignment).find('='));
    const std::string message = error_of([&] { config.set(assignment); });
    EXPECT_TRUE(mentions(message, "key '" + key + "'") && mentions(message, "out of range")) << assignment << ": " << message;
  }
}

TEST(Config, PowersOfTwoWhereTheModelsIndexByMask) {
  Config config;
  EXPECT_TRUE(mentions(error_of([&] { config.set("core.predictor.counters=1000"); }), "not a power of two"));
  EXPECT_TRUE(mentions(error_of([&] { config.set("core.predictor.btb_entries=3"); }), "not a power of two"));
  EXPECT_TRUE(mentions(error_of([&] { config.set("cache.l1d.line_bytes=48"); }), "not a power of two"));
  EXPECT_NO_THROW(config.set("core.predictor.counters=65536"));
  EXPECT_NO_THROW(config.set("cache.l2.line_bytes=128"));
}

TEST(Config, AddressesAreShownInHexWithTheirRange) {
  Config config;
  EXPECT_EQ(error_of([&] { config.set("dram.base=0xff00000000000000"); }),
            "--set: key 'dram.base': 0xff00000000000000 is out of range [0x0, 0xffffffffffffff]");
}

TEST(Config, ListElementsAreRangeChecked) {
  Config config;
  EXPECT_NO_THROW(config.set("storage.fault.read_error_sectors=[0, 18446744073709551615]"));
  EXPECT_TRUE(mentions(error_of([&] { config.set("storage.fault.read_error_sectors=[1, x]"); }), "not a non-negative"));
}

TEST(Config, WorkloadRange) {
  EXPECT_NO_THROW(check_workload_mib(1, "--workload-mib"));
  EXPECT_NO_THROW(check_workload_mib(max_workload_mib, "--workload-mib"));
  EXPECT_EQ(error_of([] { check_workload_mib(0, "--workload-mib"); }), "--workload-mib: 0 is out of range [1, 32768]");
  EXPECT_TRUE(mentions(error_of([] { check_workload_mib(uint64_t{1} << 44, "--workload-mib"); }), "out of range"));
}

// --- derived quantities (validate) --------------------------------------

std::string validate_with(const std::vector<std::string>& assignments) {
  Config config;
  for (const std::string& a : assignments) config.set(a);
  return error_of([&] { config.validate(); });
}

TEST(Config, DefaultsAndShippedShapesValidate) {
  EXPECT_EQ(validate_with({}), "");
  EXPECT_EQ(validate_with({"mmu.l2tlb.entries=0", "mmu.l2tlb.ways=3"}), "");  // no L2 TLB: its ways do not matter
  EXPECT_EQ(validate_with({"mmu.dtlb.entries=64", "mmu.dtlb.ways=64", "mmu.l2tlb.entries=2048", "mmu.l2tlb.ways=4"}), "");
  EXPECT_EQ(validate_with({"cache.l2.size_kib=4096"}), "");
  EXPECT_EQ(validate_with({"cache.l1d.size_kib=1", "cache.l1d.ways=16", "cache.l1d.line_bytes=64"}), "");  // one set
  EXPECT_EQ(validate_with({"cache.l2.ways=12", "cache.l2.replacement=lru", "cache.l2.size_kib=3072"}), "");
}

TEST(Config, CacheSetsMustBeAPowerOfTwo) {
  const std::string m = validate_with({"cache.l2.ways=3"});
  EXPECT_TRUE(mentions(m, "'cache.l2.size_kib', 'cache.l2.ways', 'cache.l2.line_bytes'")) << m;
  EXPECT_TRUE(mentions(m, "power of two")) << m;
  EXPECT_TRUE(mentions(validate_with({"cache.l1d.size_kib=3"}), "6 sets"));
}

TEST(Config, CacheWaysCannotExceedItsLines) {
  const std::string m = validate_with({"cache.l1i.size_kib=1", "cache.l1i.ways=32", "cache.l1i.line_bytes=64"});
  EXPECT_TRUE(mentions(m, "32 ways exceed the 16 lines")) << m;
}

TEST(Config, TreePlruNeedsPowerOfTwoWaysUpTo64) {
  EXPECT_TRUE(mentions(validate_with({"cache.l2.ways=12", "cache.l2.size_kib=3072"}), "'cache.l2.replacement'"));
  EXPECT_TRUE(mentions(validate_with({"cache.l2.ways=128", "cache.l2.size_kib=8192"}), "at most 64"));
  EXPECT_EQ(validate_with({"cache.l2.ways=128", "cache.l2.size_kib=8192", "cache.l2.replacement=lru"}), "");
}

TEST(Config, TlbWaysMustDivideEntriesIntoPowerOfTwoSets) {
  EXPECT_TRUE(mentions(validate_with({"mmu.itlb.ways=3"}), "'mmu.itlb.entries', 'mmu.itlb.ways'"));
  EXPECT_TRUE(mentions(validate_with({"mmu.dtlb.entries=8", "mmu.dtlb.ways=16"}), "8 entries cannot have 16 ways"));
  EXPECT_TRUE(mentions(validate_with({"mmu.l2tlb.entries=48", "mmu.l2tlb.ways=16"}), "3 sets, not a power of two"));
}

TEST(Config, RegionsStayInsideThePhysicalAddressSpace) {
  const std::string m = validate_with({"dram.base=0xfffffff0000000", "dram.size_mib=512"});
  EXPECT_TRUE(mentions(m, "'dram.base', 'dram.size_mib'")) << m;
  EXPECT_TRUE(mentions(validate_with({"boot_rom.base=0xffffffffffff00"}), "'boot_rom.base', 'boot_rom.size'"));
  EXPECT_EQ(validate_with({"dram.base=0xfffffc00000000", "dram.size_mib=16384"}), "");  // ends exactly at 2^56
}

TEST(Config, InterruptLinesFitThePlicAndDiffer) {
  EXPECT_TRUE(mentions(validate_with({"uart.irq=40"}), "'uart.irq', 'plic.sources'"));
  EXPECT_TRUE(mentions(validate_with({"plic.sources=8"}), "'uart.irq', 'plic.sources'"));
  EXPECT_TRUE(mentions(validate_with({"storage.irq=10"}), "'uart.irq', 'storage.irq': both are interrupt source 10"));
  EXPECT_EQ(validate_with({"copy_engine.irq=10"}), "");  // the engine is off
  EXPECT_TRUE(mentions(validate_with({"copy_engine.enabled=on", "copy_engine.irq=10"}), "'copy_engine.irq'"));
}

// --- booleans -----------------------------------------------------------

TEST(Config, BooleansAcceptYamlSpellings) {
  Config config;
  for (const char* yes : {"on", "On", "ON", "true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y"}) {
    config.set("core.dual_issue=off");
    config.set(std::string("core.dual_issue=") + yes);
    EXPECT_EQ(config.get_choice("core.dual_issue"), "on") << yes;
  }
  for (const char* no : {"off", "Off", "OFF", "false", "False", "FALSE", "no", "No", "NO", "n", "N"}) {
    config.set("copy_engine.enabled=on");  // a key whose choices read "on,off" the other way round
    config.set(std::string("copy_engine.enabled=") + no);
    EXPECT_EQ(config.get_choice("copy_engine.enabled"), "off") << no;
  }
  for (const char* bad : {"tRue", "1", "0", "enabled", ""})
    EXPECT_TRUE(mentions(error_of([&] { config.set(std::string("bench.data_crc=") + bad); }), "(or true/false, yes/no)"))
        << bad;
  // Not for other choices: "yes" is no replacement policy.
  EXPECT_THROW(config.set("cache.l2.replacement=yes"), ConfigError);
}

TEST(Config, BooleansFromAFileAreNormalised) {
  Config config;
  config.load_file(write_temp("bools.yaml", "core:\n  dual_issue: No\n  sstc: TRUE\nstorage:\n  persist: yes\n"
                                            "bench:\n  data_crc: False\n"));
  EXPECT_EQ(config.get_choice("core.dual_issue"), "off");
  EXPECT_EQ(config.get_choice("core.sstc"), "on");
  EXPECT_EQ(config.get_choice("storage.persist"), "on");
  EXPECT_EQ(config.get_choice("bench.data_crc"), "off");
}

// --- odd YAML -----------------------------------------------------------

// The message of loading `text` as a config file named `name`.
std::string load_error(const std::string& name, const std::string& text) {
  Config config;
  const std::string path = write_temp(name, text);
  return error_of([&] { config.load_file(path); });
}

TEST(Config, NonScalarKeysNameTheFileAndLine) {
  EXPECT_EQ(load_error("flow_key.yaml", "{[a]: 1}\n"),
            testing::TempDir() + "flow_key.yaml: line 1: a key must be a plain name, not a list");
  EXPECT_TRUE(mentions(load_error("complex_key.yaml", "core:\n  frequency_hz: 1000000000\n? [x, y]\n: 1\n"),
                       "complex_key.yaml: line 3: a key must be a plain name, not a list"));
  EXPECT_TRUE(mentions(load_error("map_key.yaml", "dram:\n  ? {a: 1}\n  : 2\n"),
                       "map_key.yaml: line 2: a key must be a plain name, not a mapping (in section 'dram')"));
  EXPECT_TRUE(mentions(load_error("null_key.yaml", "~: 1\n"), "null_key.yaml: line 1: a key must be a plain name"));
}

TEST(Config, OddShapesGiveClearErrors) {
  EXPECT_TRUE(mentions(load_error("map_value.yaml", "dram:\n  size_mib: {a: 1}\n"), "line 2: unknown key 'dram.size_mib'"));
  EXPECT_TRUE(mentions(load_error("list_value.yaml", "dram:\n  size_mib: [1, 2]\n"),
                       "key 'dram.size_mib' (line 2): expected one value, not a list"));
  EXPECT_TRUE(mentions(load_error("nested_list.yaml", "core:\n  satp_modes: [[sv39]]\n"),
                       "list elements must be plain values"));
  EXPECT_TRUE(mentions(load_error("section_value.yaml", "dram: 5\n"), "line 1: 'dram' is a section"));
  EXPECT_TRUE(mentions(load_error("no_value.yaml", "dram:\n  size_mib:\n"), "key 'dram.size_mib' (line 2) has no value"));
  EXPECT_TRUE(mentions(load_error("twice.yaml", "dram:\n  size_mib: 64\n  size_mib: 128\n"),
                       "line 3: key 'dram.size_mib' is set twice (first on line 2)"));
  // An alias that refers to itself is not followed for ever.
  EXPECT_TRUE(mentions(load_error("alias.yaml", "core: &x {cpi: *x}\n"), "unknown key"));
  EXPECT_EQ(load_error("empty_section.yaml", "dram:\n#  size_mib: 64\n"), "");
}

TEST(Config, RepeatedSectionsOfOlderPrintedConfigsStillLoad) {
  // `torpor config` used to print sim: and dram: twice; such files still load
  // (only a key set twice is an error).
  Config config;
  config.load_file(write_temp("old.yaml", "sim:\n  power_cycles: 2\ndram:\n  size_mib: 64\nsim:\n  vcd_boot: 1\n"
                                          "dram:\n  power_cycle_fill: 0\n"));
  EXPECT_EQ(config.get_uint("sim.power_cycles"), 2u);
  EXPECT_EQ(config.get_uint("sim.vcd_boot"), 1u);
  EXPECT_EQ(config.get_uint("dram.size_mib"), 64u);
  EXPECT_EQ(config.get_uint("dram.power_cycle_fill"), 0u);
}

TEST(Config, AFileIsAppliedAllOrNothing) {
  Config config;
  EXPECT_THROW(config.load_file(write_temp("half.yaml", "dram:\n  size_mib: 64\ncore:\n  frequency_hz: 5\n")),
               ConfigError);
  EXPECT_EQ(config.get_uint("dram.size_mib"), 256u);
}

TEST(Config, ADirectoryIsNotAConfigFile) {
  EXPECT_TRUE(mentions(error_of([] { Config().load_file(testing::TempDir()); }), "not a regular file"));
}

// --- the printed YAML ---------------------------------------------------

TEST(Config, PrintedYamlHasEachSectionOnceAndLoadsBack) {
  Config config;
  config.set("uart.input=it's a \\n test");
  config.set("sim.vcd=/tmp/w.vcd");
  config.set("storage.image=a\tb\x01" "c\"d'\xc3\xa9 #e");  // escapes, quotes, UTF-8, a comment sign
  config.set("bench.data_crc=false");
  const std::string text = config.to_yaml();
  const YAML::Node root = YAML::Load(text);
  ASSERT_TRUE(root.IsMap());
  std::set<std::string> sections, keys;
  for (const auto& section : root) {
    EXPECT_TRUE(sections.insert(section.first.Scalar()).second) << "section twice: " << section.first.Scalar();
    ASSERT_TRUE(section.second.IsMap()) << section.first.Scalar();
    for (const auto& key : section.second) {
      const std::string name = section.first.Scalar() + "." + key.first.Scalar();
      EXPECT_TRUE(keys.insert(name).second) << "key twice: " << name;
    }
  }
  EXPECT_EQ(keys.size(), config_schema().size());
  Config reloaded;
  reloaded.load_file(write_temp("printed.yaml", text));
  for (const ConfigKey& key : config_schema())
    EXPECT_EQ(reloaded.get_text(key.key), config.get_text(key.key)) << key.key;
  EXPECT_EQ(reloaded.get_text("uart.input"), "it's a \\n test");
  EXPECT_EQ(reloaded.get_text("storage.image"), "a\tb\x01" "c\"d'\xc3\xa9 #e");
  EXPECT_EQ(reloaded.to_yaml(), text);
}

TEST(Config, BenchWatchdogKeys) {
  Config config;
  EXPECT_EQ(config.get_uint("bench.boot_max_instructions"), 20'000'000'000u);
  EXPECT_EQ(config.get_uint("bench.boot_max_ms"), 60'000u);
  EXPECT_NO_THROW(config.set("bench.boot_max_instructions=9223372036854775808"));
  EXPECT_THROW(config.set("bench.boot_max_instructions=0"), ConfigError);
  EXPECT_THROW(config.set("bench.boot_max_ms=3600000001"), ConfigError);
}

}  // namespace
}  // namespace torpor
