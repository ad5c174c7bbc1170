// Test helpers for db/: a fresh database file in a temporary directory, and
// survey / ledger records built by hand.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "db/database.h"
#include "forms/record.h"

namespace ipsurvey::db::testing {

struct TempDatabase {
  std::filesystem::path dir;
  std::unique_ptr<Database> db;
  TempDatabase() {
    char tmpl[] = "/tmp/ipsurvey_db_test_XXXXXX";
    dir = mkdtemp(tmpl);
    db = Database::open((dir / "t.db").string());
  }
  ~TempDatabase() {
    db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string path() const { return (dir / "t.db").string(); }
};

inline Record survey(const std::string& code, const std::string& name, double amount, const std::string& city = "石家庄市",
                     int row = 0) {
  Record r;
  r.form = "survey";
  r.sheet = "Sheet1";
  r.row = row;
  r.city = city;
  r.append("enterprise_name", FieldValue::of_text(name));
  r.append("credit_code", FieldValue::of_text(code));
  r.set_source("credit_code", SourceRef{"B" + std::to_string(row > 0 ? row : 7), 0});
  if (amount > 0) r.append("loan_amount_wan", FieldValue::of_number(amount));
  return r;
}

inline Record ledger(const std::string& city, int year, int quarter, const std::string& filed_on) {
  Record r;
  r.form = "ledger";
  r.sheet = "台账";
  r.city = city;
  r.append("unit", FieldValue::of_text(city + "市场监督管理局"));
  r.append("year", FieldValue::of_number(year));
  r.append("quarter", FieldValue::of_number(quarter));
  if (!filed_on.empty()) r.append("filed_on", FieldValue::of_text(filed_on));
  return r;
}

}  // namespace ipsurvey::db::testing
