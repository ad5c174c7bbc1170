#include "collector/session_store.h"

#include <sodium.h>

namespace ipsurvey::collector {

std::string random_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string(hex, 64);
}

bool same_token(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Session SessionStore::create(const std::string& account, const std::string& password_hash) {
  Session s;
  s.id = random_token();
  s.csrf = random_token();
  s.account = account;
  s.hash_seen = password_hash;
  std::lock_guard<std::mutex> lock(mutex_);
  s.created = s.last_seen = now();
  if (sessions_.size() >= kMaxSessions) sweep_locked(s.created);
  if (sessions_.size() >= kMaxSessions) {
    // Still full of live sessions: drop the anonymous ones first, then the oldest.
    for (auto it = sessions_.begin(); it != sessions_.end();)
      it = it->second.account.empty() ? sessions_.erase(it) : std::next(it);
    while (sessions_.size() >= kMaxSessions) {
      auto oldest = sessions_.begin();
      for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
        if (it->second.last_seen < oldest->second.last_seen) oldest = it;
      sessions_.erase(oldest);
    }
  }
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> SessionStore::touch(const std::string& id) {
  if (id.size() != 64) return std::nullopt;
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  const auto t = now();
  if (t - it->second.last_seen > kIdle || t - it->second.created > kAbsolute) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = t;
  return it->second;
}

void SessionStore::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(id);
}

void SessionStore::remove_account(const std::string& account) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = it->second.account == account ? sessions_.erase(it) : std::next(it);
}

size_t SessionStore::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

void SessionStore::advance_clock_for_test(std::chrono::seconds by) {
  std::lock_guard<std::mutex> lock(mutex_);
  skew_ += by;
}

void SessionStore::sweep_locked(Clock::time_point t) {
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = (t - it->second.last_seen > kIdle || t - it->second.created > kAbsolute) ? sessions_.erase(it)
                                                                                     : std::next(it);
}

}  // namespace ipsurvey::collector
