// The configuration: defaults, YAML files, --set overrides and their errors.
#include <fstream>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace torpor
