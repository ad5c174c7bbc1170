// Rate limit of sign-in attempts (the caller makes the checks of one account
// one at a time: collector/credential_check.h). Failed attempts are counted in a sliding
// window of 15 minutes per (account, address) pair — 5 allowed — and per
// address — 30 allowed, against one address trying many accounts. While a
// limit is reached, attempts are refused before any password is checked (the
// page says when to try again). A successful sign-in clears its pair.
//
// Thread-safe; memory bounded (keys past 50,000 are dropped; an account name
// is counted by its first 64 bytes).
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace ipsurvey::collector {

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kPerPair = 5;
  static constexpr int kPerAddress = 30;
  static constexpr auto kWindow = std::chrono::minutes(15);

  // Seconds until an attempt for (account, address) is allowed; 0 = now.
  long wait_seconds(const std::string& account, const std::string& address);
  void failed(const std::string& account, const std::string& address);
  // A successful attempt: its pair's failures are forgotten.
  void succeeded(const std::string& account, const std::string& address);

  // For tests: the limiter's notion of now moves by `by`.
  void advance_clock_for_test(std::chrono::seconds by);

 private:
  Clock::time_point now() const { return Clock::now() + skew_; }
  using Times = std::deque<Clock::time_point>;
  static void prune(Times& t, Clock::time_point now);
  long wait_for(std::map<std::string, Times>& m, const std::string& key, int limit, Clock::time_point now);
  void bound(std::map<std::string, Times>& m, Clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, Times> pairs_, addresses_;
  Clock::duration skew_{};
};

}  // namespace ipsurvey::collector
