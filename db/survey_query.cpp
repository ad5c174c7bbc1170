#include "db/survey_query.h"

#include "db/connection.h"
#include "db/database.h"
#include "db/db_error.h"
#include "db/record_columns.h"

namespace ipsurvey::db {
namespace {

// The WHERE clause of a filter, with its values in bind order.
struct Where {
  std::string sql;
  std::vector<std::pair<int, std::string>> texts_at;  // (position, value)
  std::vector<std::pair<int, double>> numbers;
  std::vector<std::pair<int, int64_t>> integers;
  int next = 1;

  void text(const std::string& clause, const std::string& v) {
    sql += " AND " + clause;
    texts_at.emplace_back(next++, v);
  }
};

Where build_where(const SurveyFilter& f, const std::string& round) {
  Where w;
  w.sql = "r.latest = 1";
  if (f.need_only) w.sql += " AND r.has_need = 1";
  w.text("r.round = ?", round);
  if (!f.city.empty()) w.text("r.city = ?", f.city);
  if (!f.industry.empty()) w.text("r.industry = ?", f.industry);
  if (!f.enterprise_size.empty()) w.text("r.enterprise_size = ?", f.enterprise_size);
  if (!f.loan_term.empty()) w.text("r.loan_term = ?", f.loan_term);
  if (!f.max_cost.empty()) w.text("r.max_cost = ?", f.max_cost);
  if (!f.bank.empty())
    w.text("EXISTS (SELECT 1 FROM record_banks b WHERE b.bank = ? AND b.record_id = r.id)", f.bank);
  if (!f.purpose.empty()) {
    w.sql += " AND (r.purposes & ?) <> 0";
    w.integers.emplace_back(w.next++, purpose_bit(f.purpose));
  }
  if (!f.review.empty()) {
    w.sql += " AND r.review IN (";
    for (size_t i = 0; i < f.review.size(); ++i) {
      w.sql += i ? ", ?" : "?";
      w.texts_at.emplace_back(w.next++, f.review[i]);
    }
    w.sql += ")";
  }
  if (f.min_amount_wan) {
    w.sql += " AND r.loan_amount_wan >= ?";
    w.numbers.emplace_back(w.next++, *f.min_amount_wan);
  }
  if (f.max_amount_wan) {
    w.sql += " AND r.loan_amount_wan <= ?";
    w.numbers.emplace_back(w.next++, *f.max_amount_wan);
  }
  if (f.high_tech_only) w.sql += " AND r.high_tech = 1";
  return w;
}

void bind_where(SQLite::Statement& q, const Where& w) {
  for (const auto& [i, v] : w.texts_at) q.bind(i, v);
  for (const auto& [i, v] : w.numbers) q.bind(i, v);
  for (const auto& [i, v] : w.integers) q.bind(i, v);
}

std::string text_column(SQLite::Statement& q, int i) {
  return q.getColumn(i).isNull() ? std::string() : q.getColumn(i).getString();
}

}  // namespace

std::string latest_round(Database& db) {
  try {
    auto& q = db.connection().cached("SELECT max(round) FROM enterprises");
    const std::string round = q.executeStep() ? text_column(q, 0) : std::string();
    q.reset();  // a stepping statement would hold its snapshot (Connection::reset_all)
    return round;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

namespace {

const char* order_by(SurveyFilter::Order order) {
  switch (order) {
    case SurveyFilter::Order::AmountDesc: return " ORDER BY r.loan_amount_wan DESC, r.city, r.credit_code";
    case SurveyFilter::Order::AmountAsc: return " ORDER BY r.loan_amount_wan ASC, r.city, r.credit_code";
    case SurveyFilter::Order::Name: return " ORDER BY r.enterprise_name, r.city, r.credit_code";
    case SurveyFilter::Order::CreditCode: return " ORDER BY r.credit_code, r.city";
    case SurveyFilter::Order::Rank: break;
  }
  return " ORDER BY r.city, r.rank_key, r.credit_code";
}

}  // namespace

int64_t for_each_survey_entry(Database& db, const SurveyFilter& f,
                              const std::function<void(const SurveyEntry&)>& each) {
  try {
    const std::string round = f.round.empty() ? latest_round(db) : f.round;
    Where w = build_where(f, round);
    std::string sql =
        "SELECT r.id, r.enterprise_id, r.version, r.upload_id, r.round, r.city, r.credit_code, r.enterprise_name, "
        "r.industry, r.enterprise_size, r.loan_term, r.max_cost, r.loan_amount_wan, r.purposes, r.banks, "
        "r.high_tech, r.valid_patents, r.ip_total, r.risk_flags, r.needs_correction, r.review, r.review_note, "
        "r.fields, u.name, u.received_at, r.sheet, r.row "
        "FROM records r JOIN uploads u ON u.id = r.upload_id WHERE " +
        w.sql + order_by(f.order);
    if (f.limit >= 0 || f.offset > 0) sql += " LIMIT " + std::to_string(f.limit) + " OFFSET " + std::to_string(f.offset);
    SQLite::Statement q(db.connection().sql, sql);
    bind_where(q, w);
    int64_t n = 0;
    SurveyEntry e;
    while (q.executeStep()) {
      int c = 0;
      e.record_id = q.getColumn(c++).getInt64();
      e.enterprise_id = q.getColumn(c).isNull() ? 0 : q.getColumn(c).getInt64();
      ++c;
      e.version = q.getColumn(c++).getInt64();
      e.upload_id = q.getColumn(c++).getInt64();
      e.round = text_column(q, c++);
      e.city = text_column(q, c++);
      e.credit_code = text_column(q, c++);
      e.enterprise_name = text_column(q, c++);
      e.industry = text_column(q, c++);
      e.enterprise_size = text_column(q, c++);
      e.loan_term = text_column(q, c++);
      e.max_cost = text_column(q, c++);
      e.loan_amount_wan = q.getColumn(c).isNull() ? std::nullopt : std::optional<double>(q.getColumn(c).getDouble());
      ++c;
      e.purposes = q.getColumn(c++).getInt64();
      e.banks = text_column(q, c++);
      e.high_tech = q.getColumn(c).isNull() ? std::nullopt : std::optional<int>(q.getColumn(c).getInt());
      ++c;
      e.valid_patents = q.getColumn(c).isNull() ? std::nullopt : std::optional<int64_t>(q.getColumn(c).getInt64());
      ++c;
      e.ip_total = q.getColumn(c).isNull() ? std::nullopt : std::optional<int64_t>(q.getColumn(c).getInt64());
      ++c;
      e.risk_flags = q.getColumn(c++).getInt();
      e.needs_correction = q.getColumn(c++).getInt() != 0;
      e.review = text_column(q, c++);
      e.review_note = text_column(q, c++);
      e.fields_json = text_column(q, c++);
      e.upload_name = text_column(q, c++);
      e.received_at = text_column(q, c++);
      e.sheet = text_column(q, c++);
      e.row = q.getColumn(c++).getInt();
      each(e);
      ++n;
    }
    return n;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

int64_t count_survey_entries(Database& db, const SurveyFilter& f) {
  try {
    const std::string round = f.round.empty() ? latest_round(db) : f.round;
    Where w = build_where(f, round);
    SQLite::Statement q(db.connection().sql, "SELECT count(*) FROM records r WHERE " + w.sql);
    bind_where(q, w);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::vector<BankCityCount> bank_city_counts(Database& db, const std::string& round, const std::string& review) {
  std::vector<BankCityCount> out;
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT b.bank, r.city, count(*) FROM record_banks b JOIN records r ON r.id = b.record_id "
                        "WHERE r.latest = 1 AND r.has_need = 1 AND r.round = ? AND r.review = ? "
                        "GROUP BY b.bank, r.city ORDER BY b.bank, r.city");
    q.bind(1, round.empty() ? latest_round(db) : round);
    q.bind(2, review);
    while (q.executeStep())
      out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  return out;
}

}  // namespace ipsurvey::db
