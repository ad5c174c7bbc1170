// Passwords, hashed with Argon2id through libsodium's crypto_pwhash_str
// (interactive limits: about 64 MiB and a fraction of a second per hash), so
// that only the hash is ever stored or compared. A password is never logged.
// Thread-safe (libsodium is initialised once).
#pragma once

#include <string>

namespace ipsurvey::collector {

// The hash string to store (starts "$argon2id$"); empty on failure (out of memory).
std::string hash_password(const std::string& password);
// Whether `password` matches `hash` (false for a malformed hash).
bool verify_password(const std::string& hash, const std::string& password);
// Passwords accepted: 10 to 128 bytes.
bool acceptable_password(const std::string& password);

}  // namespace ipsurvey::collector
