#include "collector/credential_check.h"

#include <sodium.h>

#include "collector/http_exchange.h"
#include "collector/password_hash.h"

namespace ipsurvey::collector {
namespace {
constexpr int kMaxConcurrentHashes = 2;  // Argon2id: 64 MiB each
}

CredentialCheck::CredentialCheck() { randombytes_buf(key_.data(), key_.size()); }

CredentialCheck::Mac CredentialCheck::mac(const std::string& name, const std::string& password) const {
  Mac out{};
  std::string in = name + '\0' + password;
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(in.data()), in.size(),
                     key_.data(), key_.size());
  sodium_memzero(in.data(), in.size());
  return out;
}

bool CredentialCheck::known(const std::string& name, const std::string& hash, const Mac& m) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(name);
  if (it == entries_.end()) return false;
  return std::chrono::steady_clock::now() <= it->second.expires && it->second.hash == hash &&
         sodium_memcmp(it->second.mac.data(), m.data(), m.size()) == 0;
}

void CredentialCheck::remember(const std::string& name, const std::string& hash, const Mac& m) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() > 10000) entries_.clear();
  entries_[name] = {hash, m, std::chrono::steady_clock::now() + std::chrono::seconds(60)};
}

bool CredentialCheck::verify_limited(const std::string& hash, const std::string& password) {
  std::unique_lock<std::mutex> lock(hash_mutex_);
  if (!hash_cv_.wait_for(lock, std::chrono::seconds(20), [&] { return hashing_ < kMaxConcurrentHashes; }))
    throw HttpError(503, "server.busy", "同时登录的人太多，请稍后再试");
  ++hashing_;
  lock.unlock();
  bool ok = false;
  try {
    ok = verify_password(hash, password);
  } catch (...) {
  }
  lock.lock();
  --hashing_;
  hash_cv_.notify_one();
  return ok;
}

SignIn CredentialCheck::sign_in(db::Database& db, const std::string& name, const std::string& password,
                                LoginLimiter& limiter, const std::string& address) {
  SignIn out;
  if (name.empty() || name.size() > 64 || password.size() > 128) return out;
  // One check of an account at a time.
  {
    std::unique_lock<std::mutex> lock(names_mutex_);
    if (!names_cv_.wait_for(lock, std::chrono::seconds(20), [&] { return checking_.count(name) == 0; }))
      throw HttpError(503, "server.busy", "同时登录的人太多，请稍后再试");
    checking_.insert(name);
  }
  struct Done {
    CredentialCheck& c;
    const std::string& name;
    ~Done() {
      {
        std::lock_guard<std::mutex> lock(c.names_mutex_);
        c.checking_.erase(name);
      }
      c.names_cv_.notify_all();
    }
  } done{*this, name};
  auto account = db::find_account(db, name);
  const bool usable = account && !account->disabled && !account->password_hash.empty();
  const Mac m = mac(name, password);
  if (usable && known(name, account->password_hash, m)) {
    out.account = account;  // verified in the last minute: no attempt to count
    return out;
  }
  out.wait_seconds = limiter.wait_seconds(name, address);
  if (out.wait_seconds > 0) return out;
  if (!usable) {
    // As long as a real check, so that timing does not tell which names exist.
    static const std::string dummy = hash_password("ipsurvey: no such account");
    verify_limited(dummy, password);
  } else if (verify_limited(account->password_hash, password)) {
    remember(name, account->password_hash, m);
    out.account = account;
  }
  if (out.account) limiter.succeeded(name, address);
  else limiter.failed(name, address);
  return out;
}

}  // namespace ipsurvey::collector
