// Browser sessions of `ipsurvey serve`, kept server-side in memory: a 256-bit
// random id (the cookie's value, never logged) names the account signed in
// and the session's CSRF token. A session ends at logout, after 30 minutes
// without a request, 12 hours after login, when its account is disabled or its
// password changed (checked by the caller against the stored hash), or when the
// server stops. A sign-in always makes a new id (no fixation).
//
// Thread-safe. Needs sodium_init() to have succeeded first.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace ipsurvey::collector {

struct Session {
  std::string id;         // 64 hex digits
  std::string account;    // "" for a session made before sign-in (it carries the login form's token)
  std::string csrf;       // 64 hex digits, one per session
  std::string hash_seen;  // the password hash at sign-in: a changed password ends the session
  std::chrono::steady_clock::time_point created, last_seen;
};

class SessionStore {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kIdle = std::chrono::minutes(30);
  static constexpr auto kAbsolute = std::chrono::hours(12);
  static constexpr size_t kMaxSessions = 100000;

  // A new session (for `account`, "" before sign-in), with a fresh id and token.
  Session create(const std::string& account, const std::string& password_hash);
  // The live session with this id, its last_seen brought to now; nullopt if
  // unknown or timed out (and then forgotten).
  std::optional<Session> touch(const std::string& id);
  void remove(const std::string& id);
  // Ends every session of an account (disabled, or its password changed).
  void remove_account(const std::string& account);
  size_t size();

  // For tests: the store's notion of now moves by `by`.
  void advance_clock_for_test(std::chrono::seconds by);

 private:
  Clock::time_point now() const { return Clock::now() + skew_; }
  void sweep_locked(Clock::time_point now);

  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
  Clock::duration skew_{};
};

// 64 lowercase hex digits of 32 random bytes (libsodium's CSPRNG).
std::string random_token();
// Compares two tokens in constant time.
bool same_token(const std::string& a, const std::string& b);

}  // namespace ipsurvey::collector
