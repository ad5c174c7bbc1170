#include "db/account_store.h"

#include <boost/test/unit_test.hpp>

#include "db/audit_log.h"
#include "db_fixture.h"

using namespace ipsurvey::db;
using ipsurvey::db::testing::TempDatabase;

namespace {

Account account(const std::string& name, const std::string& role, const std::string& city = "",
                const std::string& bank = "") {
  Account a;
  a.name = name;
  a.role = role;
  a.city = city;
  a.bank = bank;
  a.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$fake";
  return a;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(account_store)

BOOST_AUTO_TEST_CASE(accounts_are_added_once_with_a_role_that_agrees_with_their_city_or_bank) {
  TempDatabase t;
  BOOST_TEST((add_account(*t.db, account("省局", "province"), "admin") == AccountResult::Done));
  BOOST_TEST((add_account(*t.db, account("石家庄", "city", "石家庄市"), "admin") == AccountResult::Done));
  BOOST_TEST((add_account(*t.db, account("中行", "bank", "", "中国银行"), "admin") == AccountResult::Done));
  BOOST_TEST((add_account(*t.db, account("石家庄", "city", "保定市"), "admin") == AccountResult::Exists));
  BOOST_TEST((add_account(*t.db, account("x", "city"), "admin") == AccountResult::Invalid));             // no city
  BOOST_TEST((add_account(*t.db, account("y", "province", "石家庄市"), "admin") == AccountResult::Invalid));
  BOOST_TEST((add_account(*t.db, account("z", "auditor"), "admin") == AccountResult::Invalid));
  Account no_hash = account("w", "province");
  no_hash.password_hash.clear();
  BOOST_TEST((add_account(*t.db, no_hash, "admin") == AccountResult::Invalid));
  auto found = find_account(*t.db, "石家庄");
  BOOST_TEST_REQUIRE(found.has_value());
  BOOST_TEST(found->city == "石家庄市");
  BOOST_TEST(find_account(*t.db, found->id)->name == "石家庄");
  BOOST_TEST(!find_account(*t.db, "nobody").has_value());
  BOOST_TEST(list_accounts(*t.db).size() == 3u);
}

BOOST_AUTO_TEST_CASE(password_and_disabling_change_only_that_account_and_are_audited) {
  TempDatabase t;
  add_account(*t.db, account("a", "province"), "admin");
  add_account(*t.db, account("b", "province"), "admin");
  BOOST_TEST((set_account_password(*t.db, "a", "$argon2id$new", "admin") == AccountResult::Done));
  BOOST_TEST((set_account_password(*t.db, "nobody", "$argon2id$new", "admin") == AccountResult::Unknown));
  BOOST_TEST((set_account_disabled(*t.db, "a", true, "admin") == AccountResult::Done));
  BOOST_TEST(find_account(*t.db, "a")->password_hash == "$argon2id$new");
  BOOST_TEST(find_account(*t.db, "a")->disabled);
  BOOST_TEST(!find_account(*t.db, "b")->disabled);
  auto log = audit_entries(*t.db, "account", 10);
  BOOST_TEST(log.size() == 4u);
  for (const auto& e : log) BOOST_TEST(e.detail.find("$argon2id") == std::string::npos);  // no hash in the log
}

BOOST_AUTO_TEST_SUITE_END()
