#include "db/province_summary.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "db/connection.h"
#include "db/database.h"

namespace ipsurvey::db {

std::vector<CitySummary> province_summary(Database& db, const std::string& round,
                                          const std::vector<std::string>& cities) {
  std::vector<CitySummary> out;
  std::unordered_map<std::string, size_t> index;
  for (const auto& c : cities) {
    if (index.emplace(c, out.size()).second) {
      out.emplace_back();
      out.back().city = c;
    }
  }
  const size_t listed = out.size();
  std::vector<std::vector<double>> amounts(out.size());
  try {
    // Reads only the records_summary index (a covering index).
    SQLite::Statement q(db.connection().sql,
                        "SELECT city, has_need, loan_amount_wan, industry, loan_term, max_cost, review, "
                        "needs_correction FROM records INDEXED BY records_summary "
                        "WHERE latest = 1 AND round = ? AND enterprise_id IS NOT NULL");
    q.bind(1, round);
    std::string last_city;
    size_t at = SIZE_MAX;
    while (q.executeStep()) {
      const char* city = q.getColumn(0).getText();
      if (at == SIZE_MAX || last_city != city) {
        last_city = city;
        auto [it, fresh] = index.emplace(last_city, out.size());
        if (fresh) {
          out.emplace_back();
          out.back().city = last_city;
          amounts.emplace_back();
        }
        at = it->second;
      }
      CitySummary& s = out[at];
      ++s.surveyed;
      const char* review = q.getColumn(6).getText();
      if (!std::strcmp(review, "pending")) ++s.pending;
      else if (!std::strcmp(review, "approved")) ++s.approved;
      else if (!std::strcmp(review, "returned")) ++s.returned;
      else if (!std::strcmp(review, "rejected")) ++s.rejected;
      if (q.getColumn(7).getInt()) ++s.needs_correction;
      if (!q.getColumn(1).getInt()) continue;
      ++s.with_need;
      const double amount = q.getColumn(2).getDouble();
      s.total_amount_wan += amount;
      amounts[at].push_back(amount);
      // getText() gives "" for NULL (not answered).
      ++s.by_industry[q.getColumn(3).getText()];
      ++s.by_term[q.getColumn(4).getText()];
      ++s.by_cost[q.getColumn(5).getText()];
    }
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    auto& a = amounts[i];
    if (a.empty()) continue;
    const size_t mid = a.size() / 2;
    std::nth_element(a.begin(), a.begin() + static_cast<long>(mid), a.end());
    double median = a[mid];
    if (a.size() % 2 == 0) median = (median + *std::max_element(a.begin(), a.begin() + static_cast<long>(mid))) / 2;
    out[i].median_amount_wan = median;
  }
  std::sort(out.begin() + static_cast<long>(listed), out.end(),
            [](const CitySummary& x, const CitySummary& y) { return x.city < y.city; });
  return out;
}

}  // namespace ipsurvey::db
