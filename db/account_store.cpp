#include "db/account_store.h"

#include "db/audit_log.h"
#include "db/connection.h"
#include "db/database.h"
#include "forms/json_writer.h"

namespace ipsurvey::db {
namespace {

constexpr const char* kSelect =
    "SELECT id, name, role, city, bank, password_hash, created_at, disabled FROM accounts ";

Account account_of(SQLite::Statement& q) {
  Account a;
  a.id = q.getColumn(0).getInt64();
  a.name = q.getColumn(1).getString();
  a.role = q.getColumn(2).getString();
  a.city = q.getColumn(3).getString();
  a.bank = q.getColumn(4).getString();
  a.password_hash = q.getColumn(5).getString();
  a.created_at = q.getColumn(6).getString();
  a.disabled = q.getColumn(7).getInt() != 0;
  return a;
}

void audit(Database& db, const std::string& actor, const std::string& name, const std::string& what,
           const Account* a = nullptr) {
  std::string detail;
  JsonWriter w(detail);
  w.begin_object().key("account").value(name).key("change").value(what);
  if (a) w.key("role").value(a->role).key("city").value(a->city).key("bank").value(a->bank);
  w.end_object();
  AuditEntry e;
  e.account = actor;
  e.action = "account";
  e.city = a ? a->city : "";
  e.bank = a ? a->bank : "";
  e.detail = detail;
  append_audit_entry(db, e);
}

}  // namespace

bool valid_account_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c == 0x7f || c == '=' || c == ':') return false;  // no space, control, '=' or ':'
  return true;
}

bool valid_account_role(const std::string& role) { return role == "province" || role == "city" || role == "bank"; }

AccountResult add_account(Database& db, const Account& a, const std::string& actor) {
  if (!valid_account_role(a.role) || !valid_account_name(a.name) || a.password_hash.empty() ||
      (a.role == "city") != !a.city.empty() || (a.role == "bank") != !a.bank.empty())
    return AccountResult::Invalid;
  Connection& c = db.connection();
  try {
    return in_write_transaction(c, [&] {
      auto& exists = c.cached("SELECT 1 FROM accounts WHERE name = ?");
      exists.bind(1, a.name);
      if (exists.executeStep()) return AccountResult::Exists;
      exists.reset();
      auto& q = c.cached(
          "INSERT INTO accounts(name, role, city, bank, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(1, a.name);
      q.bind(2, a.role);
      q.bind(3, a.city);
      q.bind(4, a.bank);
      q.bind(5, a.password_hash);
      q.bind(6, now_utc());
      q.exec();
      audit(db, actor, a.name, "created", &a);
      return AccountResult::Done;
    });
  } catch (const SQLite::Exception& e) {
    throw_write_failed(e);
  }
}

namespace {

AccountResult update(Database& db, const std::string& name, const char* sql, const std::string& value,
                     const std::string& actor, const std::string& what) {
  Connection& c = db.connection();
  try {
    return in_write_transaction(c, [&] {
      SQLite::Statement q(c.sql, sql);
      q.bind(1, value);
      q.bind(2, name);
      if (q.exec() == 0) return AccountResult::Unknown;
      audit(db, actor, name, what);
      return AccountResult::Done;
    });
  } catch (const SQLite::Exception& e) {
    throw_write_failed(e);
  }
}

}  // namespace

AccountResult set_account_password(Database& db, const std::string& name, const std::string& hash,
                                   const std::string& actor) {
  if (hash.empty()) return AccountResult::Invalid;
  return update(db, name, "UPDATE accounts SET password_hash = ? WHERE name = ?", hash, actor, "password");
}

AccountResult set_account_disabled(Database& db, const std::string& name, bool disabled, const std::string& actor) {
  return update(db, name, "UPDATE accounts SET disabled = ? WHERE name = ?", disabled ? "1" : "0", actor,
                disabled ? "disabled" : "enabled");
}

std::optional<Account> find_account(Database& db, const std::string& name) {
  try {
    SQLite::Statement q(db.connection().sql, std::string(kSelect) + "WHERE name = ?");
    q.bind(1, name);
    if (q.executeStep()) return account_of(q);
    return std::nullopt;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::optional<Account> find_account(Database& db, int64_t id) {
  try {
    SQLite::Statement q(db.connection().sql, std::string(kSelect) + "WHERE id = ?");
    q.bind(1, id);
    if (q.executeStep()) return account_of(q);
    return std::nullopt;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::vector<Account> list_accounts(Database& db) {
  try {
    SQLite::Statement q(db.connection().sql, std::string(kSelect) + "ORDER BY role, city, bank, name");
    std::vector<Account> out;
    while (q.executeStep()) out.push_back(account_of(q));
    return out;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

}  // namespace ipsurvey::db
