#include "collector/login_limiter.h"

namespace ipsurvey::collector {
namespace {
constexpr size_t kMaxKeys = 50000;
std::string pair_key(const std::string& account, const std::string& address) {
  return account.substr(0, 64) + '\n' + address;
}
}  // namespace

void LoginLimiter::prune(Times& t, Clock::time_point now) {
  while (!t.empty() && now - t.front() > kWindow) t.pop_front();
}

long LoginLimiter::wait_for(std::map<std::string, Times>& m, const std::string& key, int limit,
                            Clock::time_point now) {
  auto it = m.find(key);
  if (it == m.end()) return 0;
  prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limit) return 0;
  // Allowed again when the oldest failure of the last `limit` leaves the window.
  const auto until = it->second[it->second.size() - static_cast<size_t>(limit)] + kWindow;
  return std::chrono::duration_cast<std::chrono::seconds>(until - now).count() + 1;
}

long LoginLimiter::wait_seconds(const std::string& account, const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto now = this->now();
  return std::max(wait_for(pairs_, pair_key(account, address), kPerPair, now),
                  wait_for(addresses_, address, kPerAddress, now));
}

void LoginLimiter::bound(std::map<std::string, Times>& m, Clock::time_point now) {
  if (m.size() < kMaxKeys) return;
  for (auto it = m.begin(); it != m.end();) {
    prune(it->second, now);
    it = it->second.empty() ? m.erase(it) : std::next(it);
  }
  if (m.size() >= kMaxKeys) m.clear();  // a flood of distinct keys: start over rather than grow
}

void LoginLimiter::failed(const std::string& account, const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto t = now();
  bound(pairs_, t);
  bound(addresses_, t);
  pairs_[pair_key(account, address)].push_back(t);
  addresses_[address].push_back(t);
}

void LoginLimiter::advance_clock_for_test(std::chrono::seconds by) {
  std::lock_guard<std::mutex> lock(mutex_);
  skew_ += by;
}

void LoginLimiter::succeeded(const std::string& account, const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  pairs_.erase(pair_key(account, address));
}

}  // namespace ipsurvey::collector
