// The accounts of the web application: the province (reviews everything,
// manages accounts), a city (one city's uploads and records), a bank (the
// lists made for one bank). Only a password hash is stored (made by the
// caller: collector/password_hash.h); this store never sees a password.
// Changes are written to the audit log (action "account").
//
// Errors: database failures throw DbError; refusals are returned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipsurvey::db {

class Database;

struct Account {
  int64_t id = 0;
  std::string name;
  std::string role;  // province, city, bank
  std::string city;  // full city name, for a city account
  std::string bank;  // full bank name, for a bank account
  std::string password_hash;
  std::string created_at;
  bool disabled = false;
};

bool valid_account_role(const std::string& role);
// 1–64 bytes without spaces, control characters, '=' or ':' (names appear in
// the log as key=value, and in HTTP Basic credentials before the ':').
bool valid_account_name(const std::string& name);

enum class AccountResult { Done, Exists, Unknown, Invalid };

// Adds an account (role, city and bank must agree: a city account has a
// city and no bank, and so on; the name as valid_account_name()).
AccountResult add_account(Database& db, const Account& account, const std::string& actor);
AccountResult set_account_password(Database& db, const std::string& name, const std::string& password_hash,
                                   const std::string& actor);
AccountResult set_account_disabled(Database& db, const std::string& name, bool disabled, const std::string& actor);

std::optional<Account> find_account(Database& db, const std::string& name);
std::optional<Account> find_account(Database& db, int64_t id);
std::vector<Account> list_accounts(Database& db);

}  // namespace ipsurvey::db
