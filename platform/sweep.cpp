#include "platform/sweep.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "platform/config.h"
#include "platform/input_file.h"
#include "platform/json_text.h"
#include "platform/linux_bench.h"
#include "platform/progress.h"

namespace torpor {

namespace {

struct Point {
  std::vector<std::pair<std::string, std::string>> settings;  // config key (or workload_mib) -> value
  uint64_t workload_mib = 64;
  std::string json;
  int status = -1;
  double host_seconds = 0;
  std::string failure;  // why it failed, when the exit status does not say
};

std::string absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char cwd[4096];
  return std::string(::getcwd(cwd, sizeof cwd) ? cwd : ".") + "/" + path;
}

std::string self_exe() {
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  return n > 0 ? std::string(exe, size_t(n)) : "torpor";
}

// Starts argv with its output in `log`; `progress`: the file it reports its progress to.
pid_t spawn(const std::vector<std::string>& args, const std::string& log, const std::string& progress = "") {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (!progress.empty()) ::setenv("TORPOR_PROGRESS_FILE", progress.c_str(), 1);
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int fd = ::creat(log.c_str(), 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// An independent torpor process of the sweep: a hibernating run or a point.
struct Job {
  std::string name;  // "point 3"
  std::vector<std::string> args;
  std::string log;
  int status = -1;
  double host_seconds = 0;
  bool timed_out = false;
};

// Runs the jobs `parallel` at a time; a job still running after
// `timeout_seconds` of host time (0: no limit) is killed and marked. On a terminal a status line shows
// the jobs done, each running job's simulated time and MIPS (from its
// progress file) and an ETA; otherwise it stays quiet.
void run_jobs(std::vector<Job>& jobs, unsigned parallel, const std::string& what, const std::string& dir,
              double timeout_seconds) {
  using Clock = std::chrono::steady_clock;
  struct Running {
    size_t index;
    Clock::time_point start;
    std::string progress;
  };
  std::map<pid_t, Running> running;
  size_t next = 0, done = 0;
  double done_seconds = 0;
  const bool terminal = ::isatty(2);
  Clock::time_point last_report = Clock::now();
  while (done < jobs.size()) {
    while (running.size() < parallel && next < jobs.size()) {
      const std::string progress = fmt::format("{}/.progress-{}-{}", dir, ::getpid(), next);
      running[spawn(jobs[next].args, jobs[next].log, progress)] = {next, Clock::now(), progress};
      ++next;
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      auto it = running.find(pid);
      if (it == running.end()) continue;
      Job& job = jobs[it->second.index];
      job.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      job.host_seconds = std::chrono::duration<double>(Clock::now() - it->second.start).count();
      done_seconds += job.host_seconds;
      std::remove(it->second.progress.c_str());
      running.erase(it);
      ++done;
      continue;
    }
    if (pid < 0) break;  // no children left (cannot happen while jobs run)
    ::usleep(100 * 1000);
    if (timeout_seconds > 0)
      for (const auto& [p, r] : running)
        if (!jobs[r.index].timed_out &&
            std::chrono::duration<double>(Clock::now() - r.start).count() > timeout_seconds) {
          jobs[r.index].timed_out = true;
          ::kill(p, SIGKILL);  // reaped above like any other job
        }
    if (!terminal || std::chrono::duration<double>(Clock::now() - last_report).count() < 0.5) continue;
    last_report = Clock::now();
    std::string line = fmt::format("torpor sweep: {} {}/{} done", what, done, jobs.size());
    double running_seconds = 0;
    for (const auto& [p, r] : running) {
      const double elapsed = std::chrono::duration<double>(last_report - r.start).count();
      running_seconds += done ? std::min(elapsed, done_seconds / done) : elapsed;
      ProgressFile f;
      if (read_progress_file(r.progress, f) && f.host_seconds > 0)
        line += fmt::format(", {} at {:.1f} ms ({:.0f} MIPS)", jobs[r.index].name, f.simulated_seconds * 1e3,
                            f.instructions / f.host_seconds / 1e6);
    }
    if (done) {
      const double left = done_seconds / done * double(jobs.size() - done) - running_seconds;
      line += ", ETA " + format_duration(left / std::min<double>(parallel, double(jobs.size() - done)));
    }
    std::cerr << "\r\033[K" << line << std::flush;
  }
  if (terminal) std::cerr << "\r\033[K" << std::flush;
}

std::string scalar_text(const YAML::Node& n, const std::string& spec, const std::string& what) {
  if (!n.IsScalar())
    throw ConfigError(fmt::format("{}: line {}: {} must be a plain value", spec, n.Mark().line + 1, what));
  return n.Scalar();
}

// A mapping key of the spec as text: a list or mapping used as a key (`? [a, b]: 1`)
// is an error naming its line. `where`: "in the spec", "under parameters"...
std::string key_text(const YAML::Node& key, const std::string& spec, const std::string& where) {
  if (!key.IsScalar() || key.Scalar().empty())
    throw ConfigError(fmt::format("{}: line {}: a key {} must be a plain name, not {}", spec, key.Mark().line + 1, where,
                                  key.IsMap() ? "a mapping" : key.IsSequence() ? "a list" : "empty"));
  return key.Scalar();
}

// "image read" (our kernel) or "image read + LZO" (Linux).
bool is_image_read(const std::string& phase) { return phase.rfind("image read", 0) == 0; }

// A label per point: its parameter values.
std::string label(const Point& p) {
  std::string l;
  for (const auto& [k, v] : p.settings) l += (l.empty() ? "" : " ") + v;
  return l;
}

// Plots with gnuplot when it is installed: time to resume per point, and
// the resume phases stacked per point. Returns the PNG names made.
std::vector<std::string> write_plots(const std::string& dir, const std::vector<Point>& points,
                                     const nlohmann::json& rows) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) return {};
  // The phases of every point, in order of first appearance (the two benchmarks name theirs differently).
  std::vector<std::string> phases;
  for (const auto& row : rows)
    if (row.contains("result"))
      for (const auto& r : row["result"]["resume_phases"])
        if (std::find(phases.begin(), phases.end(), std::string(r["phase"])) == phases.end()) phases.push_back(r["phase"]);
  std::ofstream data(dir + "/phases.dat");
  data << "point";
  for (const auto& ph : phases) data << " \"" << ph << "\"";
  data << "\n";
  for (size_t i = 0; i < points.size(); ++i) {
    data << "\"" << label(points[i]) << "\"";
    for (const auto& ph : phases) {
      double ms = 0;
      if (rows[i].contains("result"))
        for (const auto& r : rows[i]["result"]["resume_phases"])
          if (r["phase"] == ph) ms += double(r["seconds"]) * 1e3;
      data << " " << ms;
    }
    data << "\n";
  }
  data.close();
  // Storage: what the image read achieved against the profile's figure.
  std::ofstream bandwidth(dir + "/bandwidth.dat");
  bandwidth << "point achieved peak\n";
  for (size_t i = 0; i < points.size(); ++i) {
    double achieved = 0, peak = 0;
    if (rows[i].contains("result")) {
      const auto& r = rows[i]["result"];
      peak = r.value("storage_peak_read_mb_per_s", 0.0);
      for (const auto& ph : r["resume_phases"])
        if (is_image_read(ph["phase"]) && double(ph["seconds"]) > 0)
          achieved = double(ph["storage_read_bytes"]) / double(ph["seconds"]) / 1e6;
    }
    bandwidth << "\"" << label(points[i]) << "\" " << achieved << " " << peak << "\n";
  }
  bandwidth.close();
  std::ofstream gp(dir + "/plots.gp");
  // The same three plots as PNG (for the report) and SVG (for papers and slides).
  // 16 distinct colours, so up to 16 stacked phases never share one.
  static const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                                  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#e7ba52",
                                  "#637939", "#ad494a", "#a55194", "#000000"};
  for (unsigned i = 0; i < 16; ++i) gp << "set linetype " << i + 1 << " lc rgb '" << colours[i] << "'\n";
  gp << "set linetype cycle 16\n";
  for (const std::string ext : {"png", "svg"}) {
    gp << (ext == "png" ? "set terminal pngcairo" : "set terminal svg")
       << " size 1000,600 noenhanced\nset style data histograms\nset style fill solid 0.8 border -1\n"
          "set boxwidth 0.8\nset xtics rotate by -30\nset ylabel 'ms'\nset key outside right\n"
          "set output '" << dir << "/time_to_resume." << ext << "'\nset title 'time to resume per point'\n"
          "set style histogram rowstacked\nplot '" << dir << "/phases.dat' using (sum [c=2:" << phases.size() + 1
       << "] column(c)):xtic(1) title 'time to resume'\n"
          "set output '" << dir << "/phases." << ext << "'\nset title 'resume phases per point (stacked)'\n"
          "plot for [c=2:" << phases.size() + 1 << "] '" << dir << "/phases.dat' using c:xtic(1) title columnheader(c)\n"
          "set output '" << dir << "/storage_bandwidth." << ext << "'\nset title 'image read: achieved vs the profile (MB/s)'\n"
          "set ylabel 'MB/s'\nset style histogram clustered gap 1\n"
          "plot '" << dir << "/bandwidth.dat' using 2:xtic(1) title 'achieved', '' using 3 title 'profile peak'\n";
  }
  gp.close();
  if (std::system(("gnuplot " + dir + "/plots.gp 2>" + dir + "/gnuplot.log").c_str()) != 0) return {};
  return {"time_to_resume.png", "phases.png", "storage_bandwidth.png"};
}

// The three largest classes of a phase's CPI stack ("idle 52 %, issue 43 %,
// ..."), or "-" when the result has none (older results, other tools).
std::string cpi_summary(const nlohmann::json& phase) {
  if (!phase.contains("cpi_stack") || !phase["cpi_stack"].is_object()) return "-";
  std::vector<std::pair<uint64_t, std::string>> classes;
  uint64_t total = 0;
  for (const auto& [name, value] : phase["cpi_stack"].items()) {
    if (!value.is_number_unsigned()) return "-";
    const uint64_t cycles = value.get<uint64_t>();
    if (total + cycles < total) return "-";  // a sum past 2^64 is not a real result
    total += cycles;
    classes.emplace_back(cycles, name);
  }
  if (total == 0) return "-";
  std::sort(classes.rbegin(), classes.rend());
  std::string out;
  for (size_t k = 0; k < classes.size() && k < 3 && classes[k].first; ++k)
    out += fmt::format("{}{} {:.0f} %", k ? ", " : "", classes[k].second, 100.0 * double(classes[k].first) / double(total));
  return out;
}

// report.md: the table, the plots, each point's configuration and what
// dominated its time to resume; readable without running anything.
void write_report(const SweepOptions& o, const std::vector<Point>& points, const nlohmann::json& rows) {
  const std::vector<std::string> plots = write_plots(o.out_dir, points, rows);
  std::ofstream md(o.out_dir + "/report.md");
  md << "# Sweep: " << o.spec
     << "\n\n| point | status | time to resume (ms) | dominant phase | where its core cycles go |\n"
        "| --- | --- | --- | --- | --- |\n";
  for (size_t i = 0; i < points.size(); ++i) {
    const nlohmann::json& row = rows[i];
    std::string dominant = "-", ttr = "-", cycles = "-";
    if (row.contains("result")) {
      double best = -1;
      for (const auto& r : row["result"]["resume_phases"])
        if (double(r["seconds"]) > best) {
          best = r["seconds"];
          dominant = fmt::format("{} ({:.1f} %)", std::string(r["phase"]), 100.0 * double(r["share"]));
          cycles = cpi_summary(r);
        }
      ttr = fmt::format("{:.3f}", double(row["result"]["time_to_resume_seconds"]) * 1e3);
    }
    md << "| " << label(points[i]) << " | " << std::string(row["status"]) << " | " << ttr << " | " << dominant
       << " | " << cycles << " |\n";
  }
  md << "\n";
  for (const std::string& png : plots) md << "![" << png << "](" << png << ")\n\n";
  if (plots.empty()) md << "(No plots: gnuplot is not installed.)\n\n";
  md << "## Configuration of each point\n\nEvery point is the default SoC plus:\n\n";
  for (size_t i = 0; i < points.size(); ++i) {
    md << "- point " << i << ":";
    for (const auto& [k, v] : points[i].settings) md << " `" << k << "=" << v << "`";
    md << "\n";
  }
}

// "a string", "an array"...: what a JSON value is, for messages.
std::string json_kind(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  const std::string name = v.type_name();
  return (name == "object" || name == "array" ? "an " : "a ") + name;
}

// A JSON file of an emitted sweep or of a point: "" and the document in
// `out`, or why it cannot be used.
std::string read_json_file(const std::string& path, nlohmann::json& out) {
  const std::string problem = input_file_problem(path, 64u << 20);
  if (!problem.empty()) return problem;
  std::ifstream in(path);
  // Copying and writing a JSON value recurse once per level of nesting: a
  // result nested thousands deep would overflow the stack. torpor's own
  // files nest 4 deep.
  constexpr int max_depth = 64;
  struct TooDeep {};
  const nlohmann::json::parser_callback_t limit_depth = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > max_depth) throw TooDeep{};
    return true;
  };
  try {
    out = nlohmann::json::parse(in, limit_depth);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string what = e.what();  // "[json.exception.parse_error.101] parse error at ..."
    return "not valid JSON: " + what.substr(what.find(']') + 2);
  } catch (const TooDeep&) {
    return fmt::format("nested more than {} levels deep", max_depth);
  }
  return "";
}

// Why a point's result cannot be used, or "": every key the tables, the
// report and the plots read, with its type. Results come from other
// processes or machines (--collect), so nothing about them is assumed.
std::string result_problem(const nlohmann::json& r) {
  using Check = bool (nlohmann::json::*)() const noexcept;
  auto wrong = [](const std::string& key, const nlohmann::json& v, const char* expected) {
    return fmt::format("key '{}' is {}, expected {}", key, json_kind(v), expected);
  };
  auto check = [&](const nlohmann::json& obj, const std::string& prefix, const char* key, Check is,
                   const char* expected, bool required) -> std::string {
    const std::string name = prefix + key;
    if (!obj.contains(key)) return required ? fmt::format("key '{}' is missing", name) : "";
    return (obj[key].*is)() ? "" : wrong(name, obj[key], expected);
  };
  if (!r.is_object()) return fmt::format("expected a JSON object, not {}", json_kind(r));
  for (const std::string& problem :
       {check(r, "", "time_to_resume_seconds", &nlohmann::json::is_number, "a number", true),
        check(r, "", "verified", &nlohmann::json::is_boolean, "a boolean", false),
        check(r, "", "resumed", &nlohmann::json::is_boolean, "a boolean", false),
        check(r, "", "host_seconds", &nlohmann::json::is_number, "a number", false),
        check(r, "", "storage_peak_read_mb_per_s", &nlohmann::json::is_number, "a number", false),
        check(r, "", "resume_phases", &nlohmann::json::is_array, "an array", true)})
    if (!problem.empty()) return problem;
  const nlohmann::json& phases = r["resume_phases"];
  for (size_t i = 0; i < phases.size(); ++i) {
    const std::string prefix = fmt::format("resume_phases[{}].", i);
    if (!phases[i].is_object()) return wrong(prefix.substr(0, prefix.size() - 1), phases[i], "an object");
    for (const std::string& problem :
         {check(phases[i], prefix, "phase", &nlohmann::json::is_string, "a string", true),
          check(phases[i], prefix, "seconds", &nlohmann::json::is_number, "a number", true),
          check(phases[i], prefix, "share", &nlohmann::json::is_number, "a number", true),
          check(phases[i], prefix, "instructions", &nlohmann::json::is_number_unsigned, "a non-negative integer",
                true),
          check(phases[i], prefix, "storage_read_bytes", &nlohmann::json::is_number, "a number", true)})
      if (!problem.empty()) return problem;
  }
  return "";
}

// results.csv, results.json and report.md from the points' JSON files.
int write_results(const SweepOptions& o, std::vector<Point>& points) {
  nlohmann::json all = nlohmann::json::array();
  // Columns: every key any point sets (listed points may set different ones); blank = the default.
  std::vector<std::string> keys;
  for (const Point& p : points)
    for (const auto& [k, v] : p.settings)
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  int failures = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    const Point& p = points[i];
    nlohmann::json row;
    for (const auto& [k, v] : p.settings) row["parameters"][k] = v;
    row["host_seconds"] = p.host_seconds;
    // A point that exited 0 must have left a usable result; a malformed one fails the point, named.
    nlohmann::json result;
    std::string problem;
    if (p.status == 0 && p.failure.empty()) {
      problem = read_json_file(p.json, result);
      if (problem.empty()) problem = result_problem(result);
      if (!problem.empty()) {
        problem = fmt::format("{}: {}", p.json, problem);
        std::cerr << fmt::format("torpor sweep: point {}: {}\n", i, problem);
      }
    }
    const bool ok = p.status == 0 && p.failure.empty() && problem.empty() &&
                    (result.value("verified", false) || result.value("resumed", false));
    if (p.host_seconds == 0 && result.contains("host_seconds")) row["host_seconds"] = double(result["host_seconds"]);
    std::string why = !p.failure.empty() ? p.failure
                      : p.status != 0    ? fmt::format("exit {}", p.status)
                      : !problem.empty() ? problem
                                         : "neither verified nor resumed";
    row["status"] = ok ? "ok" : fmt::format("failed ({}, see {}/point-{}.log)", why, o.out_dir, i);
    if (ok) row["result"] = result;
    else ++failures;
    all.push_back(row);
  }

  // results.csv: parameters, status, time to resume, image read and copy
  // loop (the columns every study compares), host seconds, then every
  // phase, the image-read bandwidth and the resume boot's instructions.
  std::vector<std::string> phases;
  for (const auto& row : all)
    if (row.contains("result"))
      for (const auto& ph : row["result"]["resume_phases"])
        if (std::find(phases.begin(), phases.end(), std::string(ph["phase"])) == phases.end())
          phases.push_back(ph["phase"]);
  std::ofstream csv(o.out_dir + "/results.csv");
  for (const std::string& k : keys) csv << k << ",";
  csv << "status,time_to_resume_ms,image_read_ms,copy_loop_ms,host_seconds";
  for (const std::string& ph : phases) csv << ",\"" << ph << " (ms)\"";
  csv << ",image_read_mb_per_s,resume_instructions\n";
  for (size_t i = 0; i < points.size(); ++i) {
    const Point& p = points[i];
    const nlohmann::json& row = all[i];
    const bool ok = row.contains("result");
    std::map<std::string, double> ms;
    double image_read = 0, copy_loop = 0, image_read_bytes = 0;
    uint64_t instructions = 0;
    if (ok)
      for (const auto& ph : row["result"]["resume_phases"]) {
        const double seconds = ph["seconds"];
        ms[ph["phase"]] += seconds * 1e3;
        instructions += uint64_t(ph["instructions"]);
        if (is_image_read(ph["phase"])) {
          image_read = seconds;
          image_read_bytes = double(ph["storage_read_bytes"]);
        }
        if (ph["phase"] == "copy loop") copy_loop = seconds;
      }
    for (const std::string& k : keys) {
      auto it = std::find_if(p.settings.begin(), p.settings.end(), [&](const auto& kv) { return kv.first == k; });
      csv << (it == p.settings.end() ? "" : it->second) << ",";
    }
    csv << (ok ? "ok" : "failed") << ","
        << (ok ? fmt::format("{:.6f}", double(row["result"]["time_to_resume_seconds"]) * 1e3) : "") << ","
        << fmt::format("{:.6f},{:.6f},{:.2f}", image_read * 1e3, copy_loop * 1e3, double(row["host_seconds"]));
    for (const std::string& ph : phases) csv << "," << (ms.count(ph) ? fmt::format("{:.6f}", ms[ph]) : "");
    csv << "," << (image_read > 0 ? fmt::format("{:.1f}", image_read_bytes / image_read / 1e6) : "") << ","
        << (ok ? std::to_string(instructions) : "") << "\n";
  }
  std::ofstream(o.out_dir + "/results.json") << json_text(all) << "\n";
  write_report(o, points, all);
  std::cout << fmt::format("torpor sweep: {} points, {} failed; {}/results.csv, results.json, report.md\n",
                           points.size(), failures, o.out_dir);
  return failures ? 1 : 0;
}

// --collect DIR: the results of emitted jobs, written like a local sweep's.
// A damaged manifest (DIR/sweep.json) is an error naming the file and key;
// a point whose JSON is missing or damaged is a failed point, with why.
int collect_jobs(const SweepOptions& o) {
  const std::string path = o.collect + "/sweep.json";
  nlohmann::json manifest;
  if (::access(path.c_str(), F_OK) != 0 && errno == ENOENT)
    throw ConfigError(fmt::format("{}: no emitted sweep there", path));
  const std::string problem = read_json_file(path, manifest);
  if (!problem.empty()) throw ConfigError(fmt::format("{}: {}", path, problem));
  auto bad = [&](const std::string& key, const nlohmann::json& v, const char* expected) {
    throw ConfigError(fmt::format("{}: key '{}' is {}, expected {}", path, key, json_kind(v), expected));
  };
  if (!manifest.is_object())
    throw ConfigError(fmt::format("{}: expected a JSON object (the manifest `sweep --emit-jobs` writes), not {}", path,
                                  json_kind(manifest)));
  if (!manifest.contains("points")) throw ConfigError(fmt::format("{}: key 'points' is missing", path));
  const nlohmann::json& entries = manifest["points"];
  if (!entries.is_array()) bad("points", entries, "an array");
  if (entries.empty()) throw ConfigError(fmt::format("{}: no points", path));
  if (manifest.contains("spec") && !manifest["spec"].is_string()) bad("spec", manifest["spec"], "a string");
  std::vector<Point> points;
  for (size_t i = 0; i < entries.size(); ++i) {
    const nlohmann::json& entry = entries[i];
    const std::string key = fmt::format("points[{}]", i);
    if (!entry.is_object()) bad(key, entry, "an object");
    if (!entry.contains("json") || !entry["json"].is_string())
      bad(key + ".json", entry.contains("json") ? entry["json"] : nlohmann::json(), "a string (the result's path)");
    Point p;
    if (entry.contains("settings")) {  // a list of [key, value] pairs; none for a point of defaults
      const nlohmann::json& settings = entry["settings"];
      if (!settings.is_array()) bad(key + ".settings", settings, "an array of [key, value] pairs");
      for (size_t k = 0; k < settings.size(); ++k) {
        const nlohmann::json& kv = settings[k];
        if (!kv.is_array() || kv.size() != 2 || !kv[0].is_string() || !kv[1].is_string())
          bad(fmt::format("{}.settings[{}]", key, k), kv, "a [key, value] pair of strings");
        p.settings.emplace_back(kv[0], kv[1]);
      }
    }
    p.json = entry["json"];
    // The emitted path is absolute; a directory copied back from a cluster has the results beside the manifest.
    const std::string beside = o.collect + "/" + p.json.substr(p.json.find_last_of('/') + 1);
    if (::access(p.json.c_str(), F_OK) != 0 && ::access(beside.c_str(), F_OK) == 0) p.json = beside;
    p.status = 0;
    if (::access(p.json.c_str(), F_OK) != 0) {  // a job that never wrote its JSON failed
      p.failure = fmt::format("no result {} (the job did not run, or failed: see {}.log)", p.json, p.json);
      std::cerr << fmt::format("torpor sweep: point {}: {}\n", i, p.failure);
    }
    points.push_back(p);
  }
  SweepOptions out = o;
  out.spec = manifest.value("spec", o.collect);
  out.out_dir = o.collect;
  return write_results(out, points);
}

}  // namespace

int run_sweep(const SweepOptions& o) {
  if (!o.collect.empty()) return collect_jobs(o);
  // A directory, FIFO or device as the spec would fail late, block or read for ever.
  if (const std::string problem = input_file_problem(o.spec, 16u << 20); !problem.empty())
    throw ConfigError(fmt::format("{}: cannot open the sweep spec: {}", o.spec, problem));
  YAML::Node spec;
  try {
    spec = YAML::LoadFile(o.spec);
  } catch (const YAML::BadFile&) {
    throw ConfigError(fmt::format("{}: cannot open the sweep spec", o.spec));
  } catch (const YAML::Exception& e) {
    throw ConfigError(fmt::format("{}: line {}: malformed YAML: {}", o.spec, e.mark.line + 1, e.msg));
  }
  if (!spec.IsMap()) throw ConfigError(fmt::format("{}: the spec must be a mapping", o.spec));
  static const std::vector<std::string> known = {"benchmark", "workload_mib", "image", "parameters", "points", "seed",
                                                 "timeout_seconds"};
  for (const auto& item : spec) {
    const std::string key = key_text(item.first, o.spec, "in the spec");
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw ConfigError(fmt::format("{}: line {}: unknown key '{}' (expected one of benchmark, workload_mib, image, "
                                    "parameters, points, seed, timeout_seconds)",
                                    o.spec, item.first.Mark().line + 1, key));
  }
  // benchmark: bare-metal (our hibernation kernel, one hibernation per
  // workload size, points resume it) or linux (every point is a whole
  // `torpor bench --linux`: fresh boot, hibernate, resume).
  const std::string benchmark = spec["benchmark"] ? scalar_text(spec["benchmark"], o.spec, "benchmark") : "bare-metal";
  if (benchmark != "bare-metal" && benchmark != "linux")
    throw ConfigError(fmt::format("{}: line {}: benchmark '{}' is neither bare-metal nor linux", o.spec,
                                  spec["benchmark"].Mark().line + 1, benchmark));
  const bool linux = benchmark == "linux";
  for (const char* key : {"workload_mib", "image", "seed"})
    if (linux && spec[key])
      throw ConfigError(fmt::format("{}: line {}: {} is for the bare-metal benchmark, not linux", o.spec,
                                    spec[key].Mark().line + 1, key));
  const uint64_t default_workload_mib =
      spec["workload_mib"] ? parse_uint(scalar_text(spec["workload_mib"], o.spec, "workload_mib"), o.spec + ": workload_mib") : 64;
  if (spec["workload_mib"])
    check_workload_mib(default_workload_mib,
                       fmt::format("{}: line {}: workload_mib", o.spec, spec["workload_mib"].Mark().line + 1));

  // Points: the cartesian product of `parameters`, or the listed `points`.
  // workload_mib may be swept too: each size is hibernated once.
  std::vector<Point> points;
  auto check_setting = [&](Point& point, const std::string& key, const std::string& value, const YAML::Mark& mark) {
    try {
      if (key == "bootargs") {
        if (!linux) throw ConfigError("bootargs: only with benchmark: linux");
      } else if (key == "workload_mib") {
        if (linux) throw ConfigError("workload_mib: not with benchmark: linux (the init's system is what hibernates)");
        point.workload_mib = parse_uint(value, "workload_mib");
        if (point.workload_mib == 0) throw ConfigError("workload_mib: must be at least 1");
        check_workload_mib(point.workload_mib, "workload_mib");
      } else {
        Config probe;  // the same validation as --set, before anything runs
        probe.set(key + "=" + value);
      }
    } catch (const ConfigError& e) {
      throw ConfigError(fmt::format("{}: line {}: {}", o.spec, mark.line + 1, e.what()));
    }
  };
  if (spec["parameters"] && spec["points"])
    throw ConfigError(fmt::format("{}: give either parameters or points, not both", o.spec));
  Point base;
  base.workload_mib = default_workload_mib;
  std::vector<int> point_lines;  // where each point comes from, for errors about its whole configuration
  if (spec["parameters"]) {
    if (!spec["parameters"].IsMap() || spec["parameters"].size() == 0)
      throw ConfigError(fmt::format("{}: line {}: parameters must map config keys to lists of values", o.spec,
                                    spec["parameters"].Mark().line + 1));
    points.push_back(base);
    for (const auto& item : spec["parameters"]) {
      const std::string key = key_text(item.first, o.spec, "under parameters");
      if (!item.second.IsSequence() || item.second.size() == 0)
        throw ConfigError(fmt::format("{}: line {}: parameter '{}' needs a non-empty list of values", o.spec,
                                      item.first.Mark().line + 1, key));
      std::vector<Point> next;
      for (const Point& p : points)
        for (const auto& v : item.second) {
          const std::string value = scalar_text(v, o.spec, "a value of " + key);
          Point q = p;
          check_setting(q, key, value, v.Mark());
          q.settings.emplace_back(key, value);
          next.push_back(q);
        }
      points = std::move(next);
    }
    point_lines.assign(points.size(), spec["parameters"].Mark().line + 1);
  } else if (spec["points"]) {
    if (!spec["points"].IsSequence() || spec["points"].size() == 0)
      throw ConfigError(fmt::format("{}: line {}: points must be a non-empty list of mappings", o.spec,
                                    spec["points"].Mark().line + 1));
    for (const auto& p : spec["points"]) {
      if (!p.IsMap()) throw ConfigError(fmt::format("{}: line {}: a point must be a mapping", o.spec, p.Mark().line + 1));
      Point q = base;
      for (const auto& item : p) {
        const std::string key = key_text(item.first, o.spec, "of a point"), value = scalar_text(item.second, o.spec, key);
        check_setting(q, key, value, item.second.Mark());
        q.settings.emplace_back(key, value);
      }
      points.push_back(q);
      point_lines.push_back(p.Mark().line + 1);
    }
  } else {
    throw ConfigError(fmt::format("{}: the spec has neither parameters nor points", o.spec));
  }

  // One DRAM size for every point (room for the largest workload), so only the swept keys differ.
  std::map<uint64_t, std::string> images;  // workload MiB -> hibernated disk
  uint64_t dram_mib = 256;
  for (const Point& p : points) {
    images[p.workload_mib] = "";
    dram_mib = std::max(dram_mib, p.workload_mib * 2);
  }
  const std::string dram_setting = fmt::format("dram.size_mib={}", dram_mib);
  // Each point's whole configuration, as its run will see it: the checks
  // that involve several keys (cache geometry, TLB ways...).
  for (size_t i = 0; i < points.size(); ++i) {
    Config whole;
    try {
      whole.set(dram_setting);
      for (const auto& [k, v] : points[i].settings)
        if (k != "workload_mib" && k != "bootargs") whole.set(k + "=" + v);
      whole.validate();
    } catch (const ConfigError& e) {
      throw ConfigError(fmt::format("{}: line {}: point {} ({}): {}", o.spec, point_lines[i], i, label(points[i]), e.what()));
    }
  }
  const double timeout_seconds =
      spec["timeout_seconds"]
          ? double(parse_uint(scalar_text(spec["timeout_seconds"], o.spec, "timeout_seconds"), o.spec + ": timeout_seconds"))
          : 0.0;
  const std::string seed =
      spec["seed"] ? std::to_string(parse_uint(scalar_text(spec["seed"], o.spec, "seed"), o.spec + ": seed")) : "1";

  ::mkdir(o.out_dir.c_str(), 0755);
  const std::string exe = self_exe();
  const unsigned parallel = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::string linux_dir;
  if (linux) {
    std::cerr << "torpor sweep: the Linux kernel (sw/linux/build.sh; built once per machine)\n";
    linux_dir = linux_build_dir();
  } else if (spec["image"]) {
    const std::string image = scalar_text(spec["image"], o.spec, "image");
    if (images.size() > 1)
      throw ConfigError(fmt::format("{}: line {}: one image holds one workload; do not sweep workload_mib with it",
                                    o.spec, spec["image"].Mark().line + 1));
    if (const std::string problem = input_file_problem(image); !problem.empty())
      throw ConfigError(fmt::format("{}: line {}: the image '{}' cannot be read: {}", o.spec,
                                    spec["image"].Mark().line + 1, image, problem));
    images.begin()->second = image;
  } else {  // hibernate once per workload size
    std::vector<Job> hibernations;
    for (auto& [mib, image] : images) {
      image = fmt::format("{}/hibernated-{}mib.img", o.out_dir, mib);
      hibernations.push_back({fmt::format("{} MiB", mib),
                              {exe, "bench", "--workload-mib", std::to_string(mib), "--seed", seed, "--set",
                               dram_setting, "--keep-image", image},
                              fmt::format("{}/hibernate-{}mib.log", o.out_dir, mib)});
    }
    std::cerr << fmt::format("torpor sweep: hibernating {} workload size(s) once\n", hibernations.size());
    run_jobs(hibernations, parallel, "hibernating runs", o.out_dir, 0);
    for (const Job& h : hibernations)
      if (h.status != 0)
        throw ConfigError(fmt::format("{}: the hibernating run of {} failed (see {})", o.spec, h.name, h.log));
  }

  auto point_args = [&](const Point& p) {
    std::vector<std::string> args =
        linux ? std::vector<std::string>{exe, "bench", "--linux", "--linux-dir", linux_dir, "--json", p.json}
              : std::vector<std::string>{exe,      "bench",  "--resume-from", images.at(p.workload_mib),
                                         "--json", p.json,   "--workload-mib", std::to_string(p.workload_mib),
                                         "--set",  dram_setting};
    for (const auto& [k, v] : p.settings) {
      if (k == "workload_mib") continue;  // it chose the image
      args.push_back(k == "bootargs" ? "--bootargs" : "--set");
      args.push_back(k == "bootargs" ? v : k + "=" + v);
    }
    return args;
  };
  const std::string results_dir = absolute(o.emit_jobs.empty() ? o.out_dir : o.emit_jobs);
  ::mkdir(results_dir.c_str(), 0755);
  for (size_t i = 0; i < points.size(); ++i) points[i].json = fmt::format("{}/point-{}.json", results_dir, i);

  if (!o.emit_jobs.empty()) {  // beyond one machine: job files to run anywhere, collected later
    const std::string dir = absolute(o.emit_jobs);
    ::mkdir(dir.c_str(), 0755);
    ::mkdir((dir + "/points").c_str(), 0755);
    nlohmann::json manifest;
    manifest["spec"] = o.spec;
    for (size_t i = 0; i < points.size(); ++i) {
      std::ofstream job(fmt::format("{}/points/point-{}.sh", dir, i));
      job << "#!/bin/sh\n# torpor sweep point " << i << "\nexec";
      for (const std::string& a : point_args(points[i])) job << " '" << a << "'";
      job << " > '" << points[i].json << ".log' 2>&1\n";
      nlohmann::json entry;
      for (const auto& [k, v] : points[i].settings) entry["settings"].push_back({k, v});
      entry["json"] = points[i].json;
      manifest["points"].push_back(entry);
    }
    std::ofstream(dir + "/sweep.json") << json_text(manifest) << "\n";
    std::ofstream(dir + "/slurm.sh") << "#!/bin/sh\n#SBATCH --job-name=torpor-sweep\n#SBATCH --array=0-"
                                      << points.size() - 1 << "\nexec sh " << dir
                                      << "/points/point-${SLURM_ARRAY_TASK_ID}.sh\n";
    std::ofstream(dir + "/parallel.sh") << "#!/bin/sh\n# GNU parallel on this machine (or --sshloginfile for more)\n"
                                        << "exec parallel sh ::: " << dir << "/points/point-*.sh\n";
    std::cout << fmt::format("torpor sweep: {} job files in {}/points; run them with sbatch {}/slurm.sh or sh "
                             "{}/parallel.sh, then: torpor sweep --collect {}\n",
                             points.size(), dir, dir, dir, dir);
    return 0;
  }

  // Run the points, `parallel` at a time.
  std::vector<Job> runs;
  for (size_t i = 0; i < points.size(); ++i)
    runs.push_back({fmt::format("point {}", i), point_args(points[i]), fmt::format("{}/point-{}.log", o.out_dir, i)});
  run_jobs(runs, parallel, "points", o.out_dir, timeout_seconds);
  for (size_t i = 0; i < points.size(); ++i) {
    points[i].status = runs[i].status;
    points[i].host_seconds = runs[i].host_seconds;
    if (runs[i].timed_out) points[i].failure = fmt::format("timed out after {:.0f} s", timeout_seconds);
  }
  return write_results(o, points);
}

}  // namespace torpor
