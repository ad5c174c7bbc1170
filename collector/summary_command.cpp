#include "collector/summary_command.h"

#include <map>
#include <set>

#include "collector/command_support.h"
#include "collector/survey_table_layout.h"
#include "db/db_error.h"
#include "db/province_summary.h"
#include "db/survey_query.h"
#include "forms/cities.h"
#include "forms/form_definition.h"
#include "forms/json_writer.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kHelp =
    "用法: ipsurvey summary [--round R] [--format text|csv|json|xlsx] [-o FILE] [--db PATH]\n\n"
    "全省汇总：每个城市已调查的企业数（目标每市不少于 50 家）、有融资需求的企业数、拟融资总额和中位数、\n"
    "按行业、期限、可接受成本的分布，以及待审核、需更正的数量。只计每家企业的最新版本。\n";

// "钢铁 3、食品 2、未填 1": in the form's option order, unanswered last.
std::string breakdown(const std::map<std::string, int64_t>& counts, const char* field) {
  std::string out;
  auto add = [&](const std::string& label, int64_t n) {
    if (!out.empty()) out += "、";
    out += label + " " + std::to_string(n);
  };
  std::set<std::string> shown;
  if (const FieldDef* def = form_definition("survey")->field(field)) {
    for (const auto& o : def->options) {
      auto it = counts.find(o.code);
      if (it == counts.end()) continue;
      add(o.spellings.front(), it->second);
      shown.insert(o.code);
    }
  }
  for (const auto& [code, n] : counts)
    if (!code.empty() && !shown.count(code)) add(code, n);
  if (auto it = counts.find(""); it != counts.end()) add("未填", it->second);
  return out;
}

void json_breakdown(JsonWriter& w, const char* key, const std::map<std::string, int64_t>& counts) {
  w.key(key).begin_object();
  for (const auto& [code, n] : counts) w.key(code.empty() ? "unanswered" : code).value(n);
  w.end_object();
}

}  // namespace

int run_summary_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--help", "-h"}, {"--round", "--format", "-o", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  TableFormat format;
  if (!cl.ok() || !cl.positional().empty()) {
    err << "ipsurvey summary: " << (cl.ok() ? "不接受位置参数" : cl.error()) << "\n" << kHelp;
    return kExitUsage;
  }
  if (!table_format_from(cl, TableFormat::Text, &format, "summary", err)) return kExitUsage;
  auto database = open_database(cl, "summary", err);
  if (!database) return kExitRejected;
  try {
    const std::string round = cl.has("--round") ? cl.value("--round") : db::latest_round(*database);
    auto found = db::province_summary(*database, round, {});
    // Listed cities first (with zeros), then any other city with records.
    std::vector<db::CitySummary> rows;
    std::set<std::string> listed;
    std::map<std::string, db::CitySummary*> by_city;
    for (auto& s : found) by_city[s.city] = &s;
    std::vector<std::string> found_cities;
    for (const auto& s : found) found_cities.push_back(s.city);
    for (const auto& name : province_cities(found_cities)) {
      listed.insert(name);
      if (by_city.count(name)) rows.push_back(*by_city[name]);
      else {
        rows.emplace_back();
        rows.back().city = name;
      }
    }
    for (auto& s : found)
      if (!listed.count(s.city)) rows.push_back(s);

    const std::string path = cl.value("-o");
    if (format == TableFormat::Json) {
      std::string json;
      JsonWriter w(json);
      w.begin_object().key("round").value(round).key("target_per_city").value(db::kSurveyTargetPerCity);
      w.key("cities").begin_array();
      for (const auto& s : rows) {
        w.begin_object().key("city").value(s.city).key("surveyed").value(s.surveyed);
        w.key("target_met").value(s.surveyed >= db::kSurveyTargetPerCity);
        w.key("with_need").value(s.with_need).key("total_amount_wan").value(s.total_amount_wan);
        w.key("median_amount_wan").value(s.median_amount_wan);
        json_breakdown(w, "by_industry", s.by_industry);
        json_breakdown(w, "by_term", s.by_term);
        json_breakdown(w, "by_cost", s.by_cost);
        w.key("review").begin_object().key("pending").value(s.pending).key("approved").value(s.approved);
        w.key("returned").value(s.returned).key("rejected").value(s.rejected).end_object();
        w.key("needs_correction").value(s.needs_correction).end_object();
      }
      w.end_array().end_object();
      auto target = open_json_output(out, path, "summary", err);
      return target && write_json_output(*target, json, true, "summary", err) ? kExitOk : kExitRejected;
    }
    Table t;
    t.title = "全省汇总 " + round + " 轮";
    t.columns = {{"城市", ColumnKind::Text, 10},          {"已调查企业", ColumnKind::Integer, 8},
                 {"目标", ColumnKind::Integer, 6},        {"达标", ColumnKind::Text, 6},
                 {"有融资需求", ColumnKind::Integer, 8},  {"拟融资总额（万元）", ColumnKind::Number, 12},
                 {"中位数（万元）", ColumnKind::Number, 10}, {"待审核", ColumnKind::Integer, 6},
                 {"已通过", ColumnKind::Integer, 6},      {"需更正", ColumnKind::Integer, 6},
                 {"行业分布", ColumnKind::Text, 30},      {"期限分布", ColumnKind::Text, 24},
                 {"可接受成本分布", ColumnKind::Text, 24}};
    for (const auto& s : rows) {
      t.rows.push_back({Cell::of_text(s.city.empty() ? "（城市不明）" : s.city),
                        Cell::of_number(static_cast<double>(s.surveyed)),
                        Cell::of_number(static_cast<double>(db::kSurveyTargetPerCity)),
                        Cell::of_text(s.surveyed >= db::kSurveyTargetPerCity ? "是" : "否"),
                        Cell::of_number(static_cast<double>(s.with_need)), Cell::of_number(s.total_amount_wan),
                        Cell::of_number(s.median_amount_wan), Cell::of_number(static_cast<double>(s.pending)),
                        Cell::of_number(static_cast<double>(s.approved)),
                        Cell::of_number(static_cast<double>(s.needs_correction)),
                        Cell::of_text(breakdown(s.by_industry, "industry")),
                        Cell::of_text(breakdown(s.by_term, "loan_term")),
                        Cell::of_text(breakdown(s.by_cost, "max_cost"))});
    }
    std::string error;
    if (!write_table(t, format, &out, path, &error)) {
      err << "ipsurvey summary: " << error << "\n";
      return kExitRejected;
    }
    return kExitOk;
  } catch (const db::DbError& e) {
    err << "ipsurvey summary: " << e.what() << "\n";
    return kExitRejected;
  }
}

}  // namespace ipsurvey::collector
