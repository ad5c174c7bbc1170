#include "collector/password_hash.h"

#include <sodium.h>

namespace ipsurvey::collector {
namespace {

bool ready() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace

std::string hash_password(const std::string& password) {
  if (!ready()) return "";
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return "";
  return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
  if (!ready() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool acceptable_password(const std::string& password) { return password.size() >= 10 && password.size() <= 128; }

}  // namespace ipsurvey::collector
