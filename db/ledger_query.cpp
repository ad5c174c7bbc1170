#include "db/ledger_query.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "db/connection.h"
#include "db/database.h"

namespace ipsurvey::db {

const char* filing_status_name(FilingStatus s) {
  switch (s) {
    case FilingStatus::OnTime: return "on_time";
    case FilingStatus::Late: return "late";
    case FilingStatus::Missing: return "missing";
    case FilingStatus::NotDue: return "not_due";
  }
  return "missing";
}

const char* filing_status_label(FilingStatus s) {
  switch (s) {
    case FilingStatus::OnTime: return "按时";
    case FilingStatus::Late: return "逾期";
    case FilingStatus::Missing: return "未报";
    case FilingStatus::NotDue: return "未到期";
  }
  return "未报";
}

std::string ledger_deadline(int year, int quarter) {
  char buf[40];
  if (quarter >= 4) std::snprintf(buf, sizeof buf, "%04d-01-10", year + 1);
  else std::snprintf(buf, sizeof buf, "%04d-%02d-10", year, quarter * 3 + 1);
  return buf;
}

std::string filing_date(const LedgerFiling& f) {
  return f.filed_on.size() == 10 ? f.filed_on : china_date(f.received_at);
}

std::vector<LedgerFiling> ledger_filings(Database& db, std::optional<int> year, std::optional<int> quarter,
                                         bool latest_only) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT l.id, l.upload_id, l.city, l.unit, l.filed_on, l.received_at, u.name, l.sheet, "
                        "l.year, l.quarter, l.latest, l.needs_correction, l.fields "
                        "FROM ledger_filings l JOIN uploads u ON u.id = l.upload_id "
                        "WHERE (? IS NULL OR l.year = ?) AND (? IS NULL OR l.quarter = ?) AND (? = 0 OR l.latest = 1) "
                        "ORDER BY l.city, l.year, l.quarter, l.id");
    if (year) {
      q.bind(1, *year);
      q.bind(2, *year);
    }
    if (quarter) {
      q.bind(3, *quarter);
      q.bind(4, *quarter);
    }
    q.bind(5, latest_only ? 1 : 0);
    std::vector<LedgerFiling> out;
    while (q.executeStep()) {
      LedgerFiling f;
      f.id = q.getColumn(0).getInt64();
      f.upload_id = q.getColumn(1).getInt64();
      f.city = q.getColumn(2).getString();
      f.unit = q.getColumn(3).getString();
      f.filed_on = q.getColumn(4).getString();
      f.received_at = q.getColumn(5).getString();
      f.upload_name = q.getColumn(6).getString();
      f.sheet = q.getColumn(7).getString();
      if (!q.getColumn(8).isNull()) f.year = q.getColumn(8).getInt();
      if (!q.getColumn(9).isNull()) f.quarter = q.getColumn(9).getInt();
      f.latest = q.getColumn(10).getInt() == 1;
      f.needs_correction = q.getColumn(11).getInt() != 0;
      f.fields_json = q.getColumn(12).getString();
      out.push_back(std::move(f));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::optional<int> latest_ledger_year(Database& db) {
  try {
    auto& q = db.connection().cached("SELECT max(year) FROM ledger_filings");
    std::optional<int> year;
    if (q.executeStep() && !q.getColumn(0).isNull()) year = q.getColumn(0).getInt();
    q.reset();
    return year;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::vector<LedgerCell> ledger_matrix(Database& db, int year, std::optional<int> quarter,
                                      const std::vector<std::string>& cities, const std::string& today) {
  const auto filings = ledger_filings(db, year, quarter, false);
  std::vector<std::string> order;
  std::set<std::string> seen;
  for (const auto& c : cities)
    if (seen.insert(c).second) order.push_back(c);
  std::vector<std::string> others;
  for (const auto& f : filings)
    if (seen.insert(f.city).second) others.push_back(f.city);
  std::sort(others.begin(), others.end());
  order.insert(order.end(), others.begin(), others.end());

  std::map<std::pair<std::string, int>, std::pair<std::string, int>> earliest;  // (city, q) -> (date, count)
  for (const auto& f : filings) {
    if (!f.quarter) continue;
    auto& e = earliest[{f.city, *f.quarter}];
    const std::string d = filing_date(f);
    if (e.second == 0 || d < e.first) e.first = d;
    ++e.second;
  }
  std::vector<LedgerCell> out;
  for (const auto& city : order) {
    for (int q = 1; q <= 4; ++q) {
      if (quarter && *quarter != q) continue;
      LedgerCell cell;
      cell.city = city;
      cell.year = year;
      cell.quarter = q;
      cell.deadline = ledger_deadline(year, q);
      auto it = earliest.find({city, q});
      if (it != earliest.end()) {
        cell.filed_date = it->second.first;
        cell.filings = it->second.second;
        cell.status = cell.filed_date <= cell.deadline ? FilingStatus::OnTime : FilingStatus::Late;
      } else {
        cell.status = today <= cell.deadline ? FilingStatus::NotDue : FilingStatus::Missing;
      }
      out.push_back(std::move(cell));
    }
  }
  return out;
}

}  // namespace ipsurvey::db
