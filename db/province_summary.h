// The province's view of one survey round, per city: enterprises surveyed
// against the plan's target (at least 50 per city, seed 003), those with a
// financing need, the total and median amount sought, breakdowns by industry,
// loan term and acceptable cost (among those with a need), and the review
// work outstanding. One pass over an index; latest versions only.
//
// Errors: database failures throw DbError.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ipsurvey::db {

class Database;

constexpr int64_t kSurveyTargetPerCity = 50;

struct CitySummary {
  std::string city;  // "" for records whose city could not be told
  int64_t surveyed = 0, with_need = 0;
  double total_amount_wan = 0, median_amount_wan = 0;  // among those with a need
  std::map<std::string, int64_t> by_industry, by_term, by_cost;  // option code ("" = not answered) -> count
  int64_t pending = 0, approved = 0, returned = 0, rejected = 0, needs_correction = 0;
};

// Cities in the order of `cities` first (each listed even with nothing
// stored), then any other city with records, by name.
std::vector<CitySummary> province_summary(Database& db, const std::string& round,
                                          const std::vector<std::string>& cities);

}  // namespace ipsurvey::db
