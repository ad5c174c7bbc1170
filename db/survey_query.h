// Reading the stored survey records: the demand roster, a bank's list, a
// city's enterprises. Only the latest version of each enterprise counts.
//
// Order (documented in db/record_columns.h): by city, then rank_key, then
// credit code — so one city's first page is read straight off an index.
// Filters are ANDed; every value is bound, never spliced into SQL.
//
// Errors: database failures throw DbError. Thread-safety: as Database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ipsurvey::db {

class Database;

struct SurveyFilter {
  std::string round;              // "" = the latest round stored (latest_round())
  std::string city;               // full name; "" = every city
  std::string industry, enterprise_size, loan_term, max_cost;  // option codes; "" = any
  std::string bank;               // a bank's full name (banks.tsv): enterprises that named it
  std::string purpose;            // a purpose code: enterprises that ticked it
  std::vector<std::string> review;  // review states allowed; empty = any
  std::optional<double> min_amount_wan, max_amount_wan;
  bool high_tech_only = false;
  bool need_only = true;          // only enterprises with a financing need (the roster)
  // The order: Rank = the roster's (read off an index); the others sort every
  // match (city first, credit code last, as ties).
  enum class Order { Rank, AmountDesc, AmountAsc, Name, CreditCode } order = Order::Rank;
  int64_t limit = -1;             // -1: all
  int64_t offset = 0;
};

struct SurveyEntry {
  int64_t record_id = 0, enterprise_id = 0, version = 1, upload_id = 0;
  std::string round, city, credit_code, enterprise_name, industry, enterprise_size, loan_term, max_cost;
  std::optional<double> loan_amount_wan;
  int64_t purposes = 0;
  std::string banks;  // full names joined by 、
  std::optional<int> high_tech;
  std::optional<int64_t> valid_patents, ip_total;
  int risk_flags = 0;
  bool needs_correction = false;
  std::string review, review_note;
  std::string fields_json;  // the normalised fields, as stored (interface.md)
  std::string upload_name, received_at, sheet;
  int row = 0;
};

// The round used when a filter names none: the greatest stored, "" if none.
std::string latest_round(Database& db);

// Calls `each` for every matching entry, in roster order; returns how many.
int64_t for_each_survey_entry(Database& db, const SurveyFilter& filter,
                              const std::function<void(const SurveyEntry&)>& each);
// How many entries match (ignoring limit/offset).
int64_t count_survey_entries(Database& db, const SurveyFilter& filter);

struct BankCityCount {
  std::string bank, city;
  int64_t count = 0;
};
// How many enterprises of a round (latest versions with a financing need)
// in the given review state named each bank, per city: what each bank list
// will hold. By bank, then city.
std::vector<BankCityCount> bank_city_counts(Database& db, const std::string& round, const std::string& review);

}  // namespace ipsurvey::db
