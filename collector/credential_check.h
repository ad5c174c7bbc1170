// Checks an account's password against its stored Argon2id hash. Argon2id
// costs ~64 MiB and a fraction of a second, so at most two checks run at once,
// and a password once verified is remembered for a minute as a keyed BLAKE2b
// MAC (never in clear), valid only while the stored hash is unchanged — the
// JSON API checks HTTP Basic credentials on every request. An unknown or
// disabled account costs the same hash, so timing does not tell names apart.
//
// Throws HttpError 503 when no check could start within 20 s (a burst of
// sign-ins). Thread-safe. Needs sodium_init() to have succeeded first.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "collector/login_limiter.h"
#include "db/account_store.h"

namespace ipsurvey::db {
class Database;
}

namespace ipsurvey::collector {

// What an attempt to sign in (or an API request) came to.
struct SignIn {
  std::optional<db::Account> account;  // set: the password is right
  long wait_seconds = 0;               // > 0: refused by the limit, before any check
};

class CredentialCheck {
 public:
  CredentialCheck();
  // Checks `password` for the account `name`, from `address`, under
  // `limiter`: a password verified in the last minute passes at once;
  // otherwise the limit is consulted and the attempt counted. Checks of one
  // account run one at a time (others wait for it, then usually find it
  // verified), so attempts sent in parallel cannot pass the limit together.
  SignIn sign_in(db::Database& db, const std::string& name, const std::string& password, LoginLimiter& limiter,
                 const std::string& address);

 private:
  using Mac = std::array<unsigned char, 32>;
  struct Entry {
    std::string hash;
    Mac mac;
    std::chrono::steady_clock::time_point expires;
  };
  Mac mac(const std::string& name, const std::string& password) const;
  bool known(const std::string& name, const std::string& hash, const Mac& m);
  void remember(const std::string& name, const std::string& hash, const Mac& m);
  bool verify_limited(const std::string& hash, const std::string& password);

  std::array<unsigned char, 32> key_{};
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::mutex hash_mutex_;
  std::condition_variable hash_cv_;
  int hashing_ = 0;
  std::mutex names_mutex_;
  std::condition_variable names_cv_;
  std::set<std::string> checking_;  // names with a check running
};

}  // namespace ipsurvey::collector
