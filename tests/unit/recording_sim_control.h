// A SimControl for unit tests: records every stop request instead of
// stopping the simulation.
#pragma once
#include <string>
#include <vector>

#include "models/common/sim_control.h"

namespace torpor::test {

class RecordingSimControl : public SimControl {
 public:
  struct Request {
    StopReason reason;
    int exit_code;
    std::string message;
  };
  void request_stop(StopReason reason, int exit_code, const std::string& message) override {
    requests.push_back({reason, exit_code, message});
  }
  std::vector<Request> requests;
};

}  // namespace torpor::test
