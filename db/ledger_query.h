// The quarterly ledgers as stored: each city's filings and the city × quarter
// matrix of who filed on time.
//
// Deadline (forms.md): a quarter's ledger is due by the 10th day of the first
// month of the next quarter (Q1 → 10 April, Q4 → 10 January of the next year);
// filed on or before that day is on time, after it late. The date of a filing
// is the form's 填报时间 (filed_on) when it gives one, else the day it was
// received (China time). A city's status for a quarter is that of its
// earliest filing; a quarter whose deadline has not passed and that has no
// filing is "not_due" rather than missing.
//
// Errors: database failures throw DbError.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipsurvey::db {

class Database;

struct LedgerFiling {
  int64_t id = 0, upload_id = 0;
  std::string city, unit, filed_on, received_at, upload_name, sheet;
  std::optional<int> year, quarter;
  bool latest = true, needs_correction = false;
  std::string fields_json;
};

// Filings of a year (and quarter), latest only or all, by city then quarter.
std::vector<LedgerFiling> ledger_filings(Database& db, std::optional<int> year, std::optional<int> quarter,
                                         bool latest_only);

enum class FilingStatus { OnTime, Late, Missing, NotDue };
const char* filing_status_name(FilingStatus s);   // on_time late missing not_due
const char* filing_status_label(FilingStatus s);  // 按时 逾期 未报 未到期

struct LedgerCell {
  std::string city;
  int year = 0, quarter = 0;
  FilingStatus status = FilingStatus::Missing;
  std::string filed_date;  // the date that decided the status, "" when none
  std::string deadline;    // YYYY-MM-DD
  int filings = 0;         // how many times the city filed this quarter
};

// The greatest year with a filing, if any.
std::optional<int> latest_ledger_year(Database& db);

// YYYY-MM-DD of the deadline of a quarter.
std::string ledger_deadline(int year, int quarter);
// The date a filing counts as filed (see above).
std::string filing_date(const LedgerFiling& f);

// One cell per city in `cities` (then any other city that filed) per quarter
// (all four, or just `quarter`), as of `today` (YYYY-MM-DD).
std::vector<LedgerCell> ledger_matrix(Database& db, int year, std::optional<int> quarter,
                                      const std::vector<std::string>& cities, const std::string& today);

}  // namespace ipsurvey::db
